/* country.c - mops_country_code, mops_country_name, mops_region_code tables. */
#include <stdlib.h>

#include "country.h"
#include "unit.h"

/*
 * data/{country,region}_names.tsv, written by tools/gen-tables.py: every raw
 * spelling behind a table key with its code.  Looking each up checks that the C
 * folding matches the generator's.  Returns the number of mismatches.
 */
static int
check_tsv(const char *path, int fields)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int bad = 0, n = 0;

	if (!f) {
		printf("cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *a = line, *b, *c = NULL;
		const char *got;
		line[strcspn(line, "\n")] = '\0';
		if (!(b = strchr(a, '\t')))
			continue;
		*b++ = '\0';
		if (fields == 3) {
			if (!(c = strchr(b, '\t')))
				continue;
			*c++ = '\0';
		}
		got = fields == 3 ? mops_region_code(a, b) : mops_country_code(a);
		n++;
		if (!got || strcmp(got, fields == 3 ? c : b) != 0) {
			if (bad++ < 10)
				printf("%s: \"%s\" \"%s\" -> %s\n", path, a, b, got ? got : "(null)");
		}
	}
	fclose(f);
	return n > 1000 ? bad : -1;
}

static const struct { const char *in, *want; } codes[] = {
	{"US", "US"}, {"us", "US"}, {"USA", "US"}, {"U.S.", "US"}, {"U.S.A.", "US"},
	{"u.s.a", "US"}, {"United States", "US"}, {"united   states", "US"},
	{"United States of America", "US"}, {"America", "US"}, {"  usa ", "US"},
	{"UK", "GB"}, {"U.K.", "GB"}, {"Great Britain", "GB"}, {"England", "GB"},
	{"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"},
	{"United Kingdom", "GB"}, {"GBR", "GB"}, {"gb", "GB"},
	{"Deutschland", "DE"}, {"  germany ", "DE"}, {"GERMANY", "DE"}, {"DEU", "DE"},
	{"Holland", "NL"}, {"The Netherlands", "NL"}, {"the netherlands", "NL"},
	{"Nederland", "NL"}, {"Türkiye", "TR"}, {"Turkey", "TR"}, {"TURKIYE", "TR"},
	{"Czechia", "CZ"}, {"Czech Republic", "CZ"}, {"South Korea", "KR"},
	{"Korea, Republic of", "KR"}, {"Republic of Korea", "KR"}, {"North Korea", "KP"},
	{"Russia", "RU"}, {"Russian Federation", "RU"}, {"Россия", "RU"},
	{"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"Côte d'Ivoire", "CI"},
	{"Cote d’Ivoire", "CI"}, {"COTE D IVOIRE", "CI"}, {"Ivory Coast", "CI"},
	{"UAE", "AE"}, {"United Arab Emirates", "AE"}, {"España", "ES"}, {"Espana", "ES"},
	{"ESPAÑA", "ES"}, {"Spain", "ES"}, {"Brasil", "BR"}, {"México", "MX"},
	{"mexico", "MX"}, {"Italia", "IT"}, {"Schweiz", "CH"}, {"Suisse", "CH"},
	{"Svizzera", "CH"}, {"Österreich", "AT"}, {"OESTERREICH", "AT"},
	{"Osterreich", "AT"}, {"Polska", "PL"}, {"Nippon", "JP"}, {"日本", "JP"},
	{"Japan", "JP"}, {"France", "FR"}, {"Frankreich", "FR"}, {"Canada", "CA"},
	{"CAN", "CA"}, {"Australia", "AU"}, {"India", "IN"}, {"Ireland", "IE"},
	{"Éire", "IE"}, {"Sverige", "SE"}, {"Danmark", "DK"}, {"Norge", "NO"},
	{"Suomi", "FI"}, {"Bolivia", "BO"}, {"Bolivia, Plurinational State of", "BO"},
	{"Iran", "IR"}, {"Taiwan", "TW"}, {"Hong Kong", "HK"}, {"Macau", "MO"},
	{"Kosovo", "XK"}, {"Vatican", "VA"}, {"Holy See", "VA"}, {"Cape Verde", "CV"},
	{"Cabo Verde", "CV"}, {"Burma", "MM"}, {"Myanmar", "MM"}, {"Eswatini", "SZ"},
	{"Swaziland", "SZ"}, {"North Macedonia", "MK"}, {"Saint Lucia", "LC"},
	{"St. Lucia", "LC"}, {"Bosnia and Herzegovina", "BA"},
	{"Trinidad & Tobago", "TT"}, {"Trinidad and Tobago", "TT"},
	{"Lao People's Democratic Republic", "LA"}, {"Laos", "LA"},
	{"Ελλάδα", "GR"}, {"Greece", "GR"}, {"中国", "CN"}, {"China", "CN"},
	{"New Zealand", "NZ"}, {"south africa", "ZA"}, {"Saudi Arabia", "SA"},
	{"Åland Islands", "AX"}, {"Czech Rep.", "CZ"}, {"Turks & Caicos", "TC"},
	{"Macedonia (FYROM)", "MK"}, {"Hong Kong SAR, China", "HK"}, {"Oesterreich", "AT"},
	{"Democratic Republic of Congo", "CD"}, {"Palestinian Territories", "PS"}, {"Aland", "AX"}, {"Curaçao", "CW"}, {"CURACAO", "CW"},
	/* issue 17: list spellings */
	{"Netherlands, The", "NL"}, {"Bahamas, The", "BS"}, {"Gambia, The", "GM"},
	{"THE GAMBIA", "GM"}, {"Philippines, The", "PH"}, {"P.R. China", "CN"},
	{"PR China", "CN"}, {"Taiwan (ROC)", "TW"}, {"Taiwan, R.O.C.", "TW"}, {"BVI", "VG"},
	{"British Virgin Islands", "VG"}, {"USVI", "VI"}, {"Congo, Dem. Rep.", "CD"},
	{"Congo, Rep.", "CG"}, {"Korea, Rep.", "KR"}, {"Egypt, Arab Rep.", "EG"},
	{"Slovak Republic", "SK"}, {"Kyrgyz Republic", "KG"}, {"Venezuela, RB", "VE"},
	{"Iran, Islamic Rep.", "IR"}, {"West Bank and Gaza", "PS"},
	{"Kingdom of the Netherlands", "NL"},
	/* not countries */
	{"", NULL}, {"   ", NULL}, {"Narnia", NULL}, {"XX", NULL}, {"...", NULL},
	{"United", NULL}, {"\xff\xfe", NULL}, {"Korea, Democratic", NULL},
};

static const struct { const char *cc, *in, *want; } regions[] = {
	{"US", "California", "US-CA"}, {"US", "CA", "US-CA"}, {"US", "ca", "US-CA"},
	{"us", "Calif.", "US-CA"}, {"US", "US-CA", "US-CA"}, {"US", "us ca", "US-CA"},
	{"US", "New York", "US-NY"}, {"US", "N.Y.", "US-NY"}, {"US", "NY", "US-NY"},
	{"US", "District of Columbia", "US-DC"}, {"US", "Washington, D.C.", "US-DC"},
	{"US", "Washington", "US-WA"}, {"US", "Puerto Rico", "US-PR"}, {"US", "Guam", "US-GU"},
	{"US", "Mass.", "US-MA"}, {"US", "TEXAS", "US-TX"}, {"US", "CA-ON", NULL},
	{"US", "Ontario", NULL}, {"US", "ZZ", NULL},
	{"CA", "Ontario", "CA-ON"}, {"CA", "ON", "CA-ON"}, {"CA", "Québec", "CA-QC"},
	{"CA", "PQ", "CA-QC"}, {"CA", "British Columbia", "CA-BC"}, {"CA", "CA-BC", "CA-BC"},
	{"AU", "NSW", "AU-NSW"}, {"AU", "New South Wales", "AU-NSW"}, {"AU", "Vic", "AU-VIC"},
	{"AU", "Queensland", "AU-QLD"},
	{"GB", "England", "GB-ENG"}, {"GB", "Scotland", "GB-SCT"}, {"GB", "Wales", "GB-WLS"},
	{"GB", "Northern Ireland", "GB-NIR"}, {"GB", "Kent", "GB-KEN"},
	{"IE", "Co. Dublin", "IE-D"}, {"IE", "County Cork", "IE-CO"}, {"GB", "County Durham", "GB-DUR"},
	{"US", "State of Texas", "US-TX"}, {"IE", "Co. D", NULL},
	{"DE", "Bavaria", "DE-BY"}, {"DE", "Bayern", "DE-BY"}, {"DE", "BY", "DE-BY"},
	{"DE", "Baden-Württemberg", "DE-BW"}, {"DE", "Nordrhein-Westfalen", "DE-NW"},
	{"DE", "NRW", "DE-NW"},
	{"FR", "Île-de-France", "FR-IDF"}, {"FR", "ile de france", "FR-IDF"},
	{"FR", "Bretagne", "FR-BRE"}, {"FR", "Brittany", "FR-BRE"},
	{"IN", "Maharashtra", "IN-MH"}, {"IN", "MH", "IN-MH"}, {"IN", "Karnataka", "IN-KA"},
	{"IN", "Delhi", "IN-DL"},
	{"BR", "São Paulo", "BR-SP"}, {"BR", "SP", "BR-SP"}, {"BR", "Rio de Janeiro", "BR-RJ"},
	{"MX", "Jalisco", "MX-JAL"}, {"MX", "CDMX", "MX-CMX"}, {"MX", "Nuevo León", "MX-NLE"},
	{"JP", "Tokyo", "JP-13"}, {"JP", "Tôkyô", "JP-13"}, {"JP", "Osaka", "JP-27"},
	{"CN", "Beijing", "CN-BJ"}, {"CN", "Beijing Shi", "CN-BJ"}, {"CN", "Guangdong", "CN-GD"},
	{"ES", "Madrid", "ES-MD"}, {"ES", "Cataluña", "ES-CT"}, {"ES", "Catalonia", "ES-CT"},
	{"IT", "Lombardia", "IT-25"}, {"IT", "Lombardy", "IT-25"}, {"IT", "Milano", "IT-MI"},
	{"NL", "Noord-Holland", "NL-NH"}, {"NL", "North Holland", "NL-NH"},
	{"NL", "Utrecht", "NL-UT"}, {"CN", "Guangdong Province", "CN-GD"},
	{"JP", "Osaka Prefecture", "JP-27"}, {"JP", "Kanagawa-ken", "JP-14"},
	{"US", "N. Carolina", "US-NC"}, {"US", "Washington State", "US-WA"},
	{"GB", "Greater London", "GB-LND"}, {"ES", "Comunidad de Madrid", "ES-MD"},
	/* Welsh names of Welsh areas, with ISO's codes for them */
	{"GB", "Caerdydd", "GB-CRF"}, {"GB", "Cardiff", "GB-CRF"}, {"GB", "GB-CRD", "GB-CRF"},
	{"GB", "Cymru", "GB-WLS"}, {"GB", "Abertawe", "GB-SWA"}, {"GB", "Casnewydd", "GB-NWP"},
	{"GB", "Sir Ynys Môn", "GB-AGY"}, {"GB", "Wrecsam", "GB-WRX"},
	{"GB", "Bro Morgannwg", "GB-VGL"}, {"GB", "Vale of Glamorgan", "GB-VGL"},
	{"GB", "Pen-y-bont ar Ogwr", "GB-BGE"}, {"GB", "Sir y Fflint", "GB-FLN"},
	/* ISO 3166-2 of 2023-11-23 for India: old codes read as their successors */
	{"IN", "IN-OR", "IN-OD"}, {"IN", "OR", "IN-OD"}, {"IN", "Odisha", "IN-OD"},
	{"IN", "Orissa", "IN-OD"}, {"IN", "IN-OD", "IN-OD"},
	{"IN", "IN-CT", "IN-CG"}, {"IN", "Chhattisgarh", "IN-CG"}, {"IN", "CG", "IN-CG"},
	{"IN", "IN-TG", "IN-TS"}, {"IN", "Telangana", "IN-TS"}, {"IN", "TS", "IN-TS"},
	{"IN", "IN-UT", "IN-UK"}, {"IN", "Uttarakhand", "IN-UK"}, {"IN", "Uttaranchal", "IN-UK"},
	/* other codes replaced since 2023 */
	{"KZ", "KZ-ALA", "KZ-75"}, {"KZ", "Almaty", "KZ-75"}, {"KZ", "KZ-AST", "KZ-71"},
	{"KZ", "Astana", "KZ-71"}, {"GT", "GT-GU", "GT-01"}, {"FR", "FR-GP", "FR-971"},
	{"FR", "Paris", "FR-75C"},
	/* names iso-codes writes otherwise now */
	{"CH", "Bern", "CH-BE"}, {"CH", "Berne", "CH-BE"}, {"ES", "Alacant", "ES-A"},
	{"ES", "Alicante", "ES-A"},
	{"", "California", NULL}, {"USA", "California", NULL}, {"US", "", NULL},
	{NULL, "CA", NULL}, {"US", NULL, NULL},
};

int
main(void)
{
	char what[160];

	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		snprintf(what, sizeof what, "mops_country_code(\"%s\")", codes[i].in);
		CHECK_STR(mops_country_code(codes[i].in), codes[i].want, what);
	}
	CHECK_STR(mops_country_code(NULL), NULL, "mops_country_code(NULL)");
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		snprintf(what, sizeof what, "mops_region_code(\"%s\", \"%s\")",
		    regions[i].cc ? regions[i].cc : "(null)",
		    regions[i].in ? regions[i].in : "(null)");
		CHECK_STR(mops_region_code(regions[i].cc, regions[i].in), regions[i].want, what);
	}
	CHECK_STR(mops_country_name("US"), "United States", "name US");
	CHECK_STR(mops_country_name("gb"), "United Kingdom", "name gb");
	CHECK_STR(mops_country_name("KR"), "South Korea", "name KR");
	CHECK_STR(mops_country_name("DE"), "Germany", "name DE");
	CHECK_STR(mops_country_name("XK"), "Kosovo", "name XK");
	CHECK_STR(mops_country_name("XX"), NULL, "name XX");
	CHECK_STR(mops_country_name("USA"), NULL, "name USA");
	CHECK_STR(mops_country_name(NULL), NULL, "name NULL");
	/* every code maps back to itself */
	{
		static const char *const all[] = {"AD", "AF", "BR", "CN", "FR", "IT", "JP",
		    "NL", "NO", "PT", "SE", "SG", "ZA", "ZW"};
		for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
			CHECK_STR(mops_country_code(mops_country_name(all[i])), all[i], all[i]);
	}
	CHECK_INT(check_tsv("data/country_names.tsv", 2), 0, "country_names.tsv mismatches");
	CHECK_INT(check_tsv("data/region_names.tsv", 3), 0, "region_names.tsv mismatches");
	return unit_done();
}
