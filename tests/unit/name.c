/* name.c - mops_name_clean, mops_company_clean, mops_ws_collapse and utf8 helpers. */
#include <stdlib.h>

#include "name.h"
#include "utf8.h"
#include "unit.h"

static const struct { const char *in, *want; } names[] = {
	{"JOHN", "John"}, {"john", "John"}, {"  john   smith ", "John Smith"},
	{"mcdonald", "McDonald"}, {"MCDONALD", "McDonald"},
	{"O'CONNOR-MCDERMOTT", "O'Connor-McDermott"}, {"smith-mcgee", "Smith-McGee"}, {"o'neil", "O'Neil"},
	{"O'NEIL", "O'Neil"}, {"o’neil", "O’Neil"}, {"VAN DER BERG", "van der Berg"},
	{"ludwig van beethoven", "Ludwig van Beethoven"}, {"DE LA CRUZ", "de la Cruz"},
	{"DE", "De"}, {"JOHN VAN", "John Van"}, {"jean-luc", "Jean-Luc"},
	{"JEAN-LUC PICARD", "Jean-Luc Picard"}, {"JOSÉ", "José"}, {"łukasz", "Łukasz"},
	{"ŁUKASZ", "Łukasz"}, {"ÉMILIE", "Émilie"}, {"MÜLLER", "Müller"},
	{"ДМИТРИЙ", "Дмитрий"}, {"ΑΝΔΡΈΑΣ", "Ανδρέας"}, {"MacDonald", "MacDonald"},
	{"DeShawn", "DeShawn"}, {"van Gogh", "van Gogh"}, {"JOHN SMITH III", "John Smith III"},
	{"john smith ii", "John Smith II"}, {"JOHN SMITH JR.", "John Smith Jr."},
	{"J.R.R. TOLKIEN", "J.R.R. Tolkien"}, {"d'angelo", "D'Angelo"},
	{"ANNE-MARIE O'BRIEN", "Anne-Marie O'Brien"}, {"D'ARCY", "D'Arcy"}, {"\xc2\xa0MARIA\xc2\xa0" "DA SILVA ", "Maria da Silva"},
	{"李", "李"}, {"123", "123"}, {"II", "Ii"}, {"", NULL}, {"   ", NULL}, {NULL, NULL},
};

static const struct { const char *in, *want; } companies[] = {
	{"ACME CORPORATION", "Acme Corporation"}, {"IBM", "IBM"},
	{"ACME LLC", "Acme LLC"}, {"SIEMENS AG", "Siemens AG"},
	{"MUSTER GMBH & CO. KG", "Muster GmbH & Co. KG"}, {"BANK OF AMERICA", "Bank of America"},
	{"EXAMPLE LTD", "Example Ltd"}, {"ACME PTY LTD", "Acme Pty Ltd"},
	{"SALESFORCE.COM, INC.", "Salesforce.com, Inc."}, {"BOOKING.COM", "Booking.com"},
	{"THE HOME DEPOT", "The Home Depot"}, {"KPMG LLP", "KPMG LLP"},
	{"BNP PARIBAS SA", "BNP Paribas SA"}, {"3M COMPANY", "3M Company"},
	{"AT&T INC.", "AT&T Inc."}, {"SOCIÉTÉ GÉNÉRALE", "Société Générale"},
	{"acme corp", "Acme Corp"}, {"HubSpot, Inc.", "HubSpot, Inc."},
	/* issue 17: Unicode lower case, apostrophes */
	{"société générale", "Société Générale"}, {"bnp paribas sa", "BNP Paribas SA"},
	{"müller gmbh", "Müller GmbH"}, {"łódź logistics", "Łódź Logistics"},
	{"MCDONALD'S", "McDonald's"}, {"mcdonald's corporation", "McDonald's Corporation"},
	{"O'REILLY MEDIA", "O'Reilly Media"}, {"o'reilly auto parts", "O'Reilly Auto Parts"},
	{"L'ORÉAL", "L'Oréal"}, {"DUNKIN' BRANDS", "Dunkin' Brands"},
	{"MACY'S, INC.", "Macy's, Inc."}, {"KOHL’S", "Kohl’s"}, {"DON'T PANIC LTD", "Don't Panic Ltd"},
	{"McDonald's", "McDonald's"}, {"ДОБРЫЙ ДЕНЬ ООО", "Добрый День Ооо"},
	{"  Acme   Ltd ", "Acme Ltd"}, {"", NULL}, {NULL, NULL},
};

int
main(void)
{
	char what[160], key[64];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *got = mops_name_clean(names[i].in);
		snprintf(what, sizeof what, "name_clean(\"%s\")", names[i].in ? names[i].in : "NULL");
		CHECK_STR(got, names[i].want, what);
		free(got);
	}
	{
		static const struct { const char *in, *want; } firsts[] = {
			{"LA TOYA", "La Toya"}, {"DE ANDRE", "De Andre"}, {"mary ann", "Mary Ann"},
			{"JOSÉ MARÍA DE LA CRUZ", "José María de la Cruz"}, {"", NULL},
		};
		for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
			char *got = mops_first_name_clean(firsts[i].in);
			snprintf(what, sizeof what, "first_name_clean(\"%s\")", firsts[i].in);
			CHECK_STR(got, firsts[i].want, what);
			free(got);
		}
	}
	for (size_t i = 0; i < sizeof companies / sizeof companies[0]; i++) {
		char *got = mops_company_clean(companies[i].in);
		snprintf(what, sizeof what, "company_clean(\"%s\")",
		    companies[i].in ? companies[i].in : "NULL");
		CHECK_STR(got, companies[i].want, what);
		free(got);
	}
	{
		static const struct { const char *in, *want; } ws[] = {
			{"  a  b\t\nc  ", "a b c"}, {"\xc2\xa0x\xe2\x80\x83y\xe3\x80\x80", "x y"},
			{"", ""}, {"   ", ""}, {"abc", "abc"},
		};
		for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
			char *got = mops_ws_collapse(ws[i].in);
			CHECK_STR(got, ws[i].want, ws[i].in);
			free(got);
		}
		CHECK(mops_ws_collapse(NULL) == NULL, "ws_collapse(NULL)");
	}
	/* utf8 */
	CHECK_INT(mops_utf8_valid("abc", 3), 1, "valid ascii");
	CHECK_INT(mops_utf8_valid("Łódź 日本 😀", strlen("Łódź 日本 😀")), 1, "valid mixed");
	CHECK_INT(mops_utf8_valid("\xc3", 1), 0, "truncated");
	CHECK_INT(mops_utf8_valid("\xc0\xaf", 2), 0, "overlong");
	CHECK_INT(mops_utf8_valid("\xed\xa0\x80", 3), 0, "surrogate");
	CHECK_INT(mops_utf8_valid("\xf4\x90\x80\x80", 4), 0, "beyond U+10FFFF");
	CHECK_INT(mops_utf8_valid("\xff", 1), 0, "ff byte");
	CHECK_INT(mops_utf8_valid("a\0b", 3), 1, "embedded NUL counted");
	{
		char *l = mops_utf8_lower("ÀÉÎÕÜ ŁŚŻ ΑΒΓ АБВ Ÿ ABC"), *u = mops_utf8_upper("àéîõü łśż αβγ абв ÿ abc ß");
		CHECK_STR(l, "àéîõü łśż αβγ абв ÿ abc", "utf8_lower");
		CHECK_STR(u, "ÀÉÎÕÜ ŁŚŻ ΑΒΓ АБВ Ÿ ABC ß", "utf8_upper");
		free(l);
		free(u);
		l = mops_utf8_lower("\xff\xfe A");
		CHECK_STR(l, "\xff\xfe a", "lower keeps bad bytes");
		free(l);
	}
	mops_utf8_fold_key("  The Côte-d'Ivoire! ", key, sizeof key);
	CHECK_STR(key, "cotedivoire", "fold_key");
	mops_utf8_fold_key("Straße Øresund Łódź", key, sizeof key);
	CHECK_STR(key, "strasseoresundlodz", "fold_key letters");
	mops_utf8_fold_key("the", key, sizeof key);
	CHECK_STR(key, "the", "fold_key lone the");
	CHECK_INT((long long)mops_utf8_fold_key("abcdef", key, 4), -1, "fold_key too long");
	return unit_done();
}
