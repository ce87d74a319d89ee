/* phone.c - mops_phone_e164 table: countries, prefixes, extensions, failures; number
 * types; agreement with an independent library (data/phone_oracle.tsv). */
#include <stdlib.h>

#include "phone.h"
#include "unit.h"

#define OK MOPS_PHONE_OK
#define EMPTY MOPS_PHONE_EMPTY
#define BAD MOPS_PHONE_INVALID
#define NOCC MOPS_PHONE_NO_COUNTRY

static const struct {
	const char *raw, *cc;
	int status;
	const char *want, *ext;
} cases[] = {
	/* NANP */
	{"+1 415 555 0123", NULL, OK, "+14155550123", ""},
	{"(415) 555-0123", "US", OK, "+14155550123", ""},
	{"415.555.0123", "us", OK, "+14155550123", ""},
	{"1-415-555-0123", "US", OK, "+14155550123", ""},
	{"tel:+1-415-555-0123", NULL, OK, "+14155550123", ""},
	{"TEL:+14155550123", NULL, OK, "+14155550123", ""},
	{"415-555-0123 x123", "US", OK, "+14155550123", "123"},
	{"415-555-0123 ext. 45", "US", OK, "+14155550123", "45"},
	{"415-555-0123 Ext 45", "US", OK, "+14155550123", "45"},
	{"415-555-0123 extension 9", "US", OK, "+14155550123", "9"},
	{"415-555-0123 #77", "US", OK, "+14155550123", "77"},
	{"+1-415-555-0123;ext=88", NULL, OK, "+14155550123", "88"},
	{"(416) 555-0199", "CA", OK, "+14165550199", ""},
	{"011 44 20 7946 0018", "US", OK, "+442079460018", ""},
	{"  +1 (212) 555-0100  ", "GB", OK, "+12125550100", ""},
	{"415-055-0123", "US", BAD, "", ""},
	{"115-555-0123", "US", BAD, "", ""},
	{"555-0123", "US", BAD, "", ""},
	{"1-800-FLOWERS", "US", BAD, "", ""},
	{"+1 415 555 01234", NULL, BAD, "", ""},
	/* Europe */
	{"020 7946 0018", "GB", OK, "+442079460018", ""},
	{"+44 (0)20 7946 0018", NULL, OK, "+442079460018", ""},
	{"0044 20 7946 0018", "DE", OK, "+442079460018", ""},
	{"07400 123456", "GB", OK, "+447400123456", ""},
	{"07700 900123", "GB", BAD, "", ""},	/* Ofcom's range for drama: no line */
	{"0114 496 0123", "GB", OK, "+441144960123", ""},
	{"442079460018", "GB", OK, "+442079460018", ""},
	{"030 12345678", "DE", OK, "+493012345678", ""},
	{"+49 (0) 30 1234 5678", NULL, OK, "+493012345678", ""},
	{"0151 12345678", "DE", OK, "+4915112345678", ""},
	{"+4915112345678", "DE", OK, "+4915112345678", ""},
	/* valid both ways (0491 area numbers run to 13 digits): national, as
	 * libphonenumber reads it */
	{"4915112345678", "DE", OK, "+494915112345678", ""},
	{"33612345678", "FR", OK, "+33612345678", ""},	/* only valid with the code */
	{"01 23 45 67 89", "FR", OK, "+33123456789", ""},
	{"06.12.34.56.78", "FR", OK, "+33612345678", ""},
	{"+33 1 23 45 67 890", NULL, BAD, "", ""},
	{"06 1234 567", "FR", BAD, "", ""},
	{"02 1234 5678", "IT", OK, "+390212345678", ""},
	{"+39 02 1234 5678", NULL, OK, "+390212345678", ""},
	{"333 123 4567", "IT", OK, "+393331234567", ""},
	{"912 345 678", "ES", OK, "+34912345678", ""},
	{"020 123 4567", "NL", OK, "+31201234567", ""},
	{"044 668 18 00", "CH", OK, "+41446681800", ""},
	{"22 123 45 67", "PL", OK, "+48221234567", ""},
	{"8 (495) 123-45-67", "RU", OK, "+74951234567", ""},
	{"+7 495 123 45 67", NULL, OK, "+74951234567", ""},
	{"06 1 234 5678", "HU", OK, "+3612345678", ""},
	{"21 234 5678", "PT", OK, "+351212345678", ""},
	{"(01) 234 5678", "IE", OK, "+35312345678", ""},
	{"212 345 6789", "TR", OK, "+902123456789", ""},
	{"0212 345 67 89", "TR", OK, "+902123456789", ""},
	/* elsewhere */
	{"(02) 9876 5432", "AU", OK, "+61298765432", ""},
	{"0412 345 678", "AU", OK, "+61412345678", ""},
	{"098765 43210", "IN", OK, "+919876543210", ""},
	{"+91 98765 43210", NULL, OK, "+919876543210", ""},
	{"03-1234-5678", "JP", OK, "+81312345678", ""},
	{"090-1234-5678", "JP", OK, "+819012345678", ""},
	{"010-1234-5678", "KR", OK, "+821012345678", ""},
	{"138 0013 8000", "CN", OK, "+8613800138000", ""},
	{"(11) 91234-5678", "BR", OK, "+5511912345678", ""},
	{"55 1234 5678", "MX", OK, "+525512345678", ""},
	{"01 55 1234 5678", "MX", OK, "+525512345678", ""},
	{"+52 1 55 1234 5678", NULL, OK, "+525512345678", ""},
	{"044 55 1234 5678", "MX", OK, "+525512345678", ""},
	{"6123 4567", "SG", OK, "+6561234567", ""},
	{"011 234 5678", "ZA", OK, "+27112345678", ""},
	{"050 123 4567", "AE", OK, "+971501234567", ""},
	{"+971 50 123 4567", NULL, OK, "+971501234567", ""},
	{"+254 712 345678", NULL, OK, "+254712345678", ""},
	{"0712 345678", "KE", OK, "+254712345678", ""},
	{"+383 44 123 456", NULL, OK, "+38344123456", ""},
	{"+590 590 12 34 56", NULL, OK, "+590590123456", ""},
	/* issue 17: non-geographic numbers, a code without '+', impossible numbers */
	{"1300 123 456", "AU", OK, "+611300123456", ""},
	{"1800 123 456", "AU", OK, "+611800123456", ""},
	{"1800 123 456", "IE", OK, "+353180012345" "6", ""},
	{"1800 123 4567", "IN", OK, "+9118001234567", ""},
	{"0800 123 4567", "BR", OK, "+558001234567", ""},
	{"4004 1234", "BR", OK, "+5540041234", ""},
	{"1800 123 4567", "SG", OK, "+6518001234567", ""},
	{"1-800-123-456", "IL", OK, "+9721800123456", ""},
	{"0800 1234", "NL", OK, "+318001234", ""},
	{"0800 1234567", "NL", OK, "+318001234567", ""},
	{"39800911621", "IT", OK, "+39800911621", ""},
	{"+39 800 911621", NULL, OK, "+39800911621", ""},
	{"+800 1234 5678", NULL, OK, "+80012345678", ""},
	{"0011 44 20 7946 0018", "AU", OK, "+442079460018", ""},
	{"810 44 20 7946 0018", "RU", OK, "+442079460018", ""},
	{"+1 555 555 5555", NULL, BAD, "", ""},
	{"555 555 5555", "US", BAD, "", ""},
	{"+44 20 7946 095", NULL, BAD, "", ""},
	{"12345", "DE", BAD, "", ""},
	{"+49 12345", NULL, BAD, "", ""},
	{"+39 333 123", NULL, BAD, "", ""},
	/* no country, empty, invalid */
	{"020 7946 0018", NULL, NOCC, "", ""},
	{"020 7946 0018", "ZZ", NOCC, "", ""},
	{"020 7946 0018", "", NOCC, "", ""},
	{"", "US", EMPTY, "", ""},
	{"   ", "US", EMPTY, "", ""},
	{"()-", "US", EMPTY, "", ""},
	{NULL, "US", EMPTY, "", ""},
	{"+", "US", BAD, "", ""},
	{"n/a", "US", BAD, "", ""},
	{"+999 123 456 789", NULL, BAD, "", ""},
	{"+0 123 456 789", NULL, BAD, "", ""},
	{"00", NULL, BAD, "", ""},
	{"+44 20 7946 0018 0018 0018", NULL, BAD, "", ""},
	{"+123", NULL, BAD, "", ""},
	{"+1 415 555 0123 x", NULL, BAD, "", ""},
	{"+1 415 555 0123 ext abc", NULL, BAD, "", ""},
	{"+1 415+555 0123", NULL, BAD, "", ""},
	{"12345678901234567890123456789012345678901234567890", "US", BAD, "", ""},
	{"x123", "US", BAD, "", ""},
};

static const struct { const char *raw, *cc, *type, *region; } types[] = {
	{"+1 212 555 0100", NULL, "fixed_line_or_mobile", "US"},
	{"+1 416 555 0199", NULL, "fixed_line_or_mobile", "CA"},
	{"+1 800 555 0100", NULL, "toll_free", "US"},
	{"+1 900 555 0100", NULL, "premium_rate", "US"},
	{"020 7946 0018", "GB", "fixed_line", "GB"},
	{"07400 123456", "GB", "mobile", "GB"},
	{"0800 123 4567", "GB", "toll_free", "GB"},
	{"01481 256789", "GB", "fixed_line", "GG"},
	{"0151 12345678", "DE", "mobile", "DE"},
	{"030 1234567", "DE", "fixed_line", "DE"},
	{"1300 123 456", "AU", "shared_cost", "AU"},
	{"1800 123 456", "AU", "toll_free", "AU"},
	{"0412 345 678", "AU", "mobile", "AU"},
	{"+7 701 123 4567", NULL, "mobile", "KZ"},
	{"+7 495 123 45 67", NULL, "fixed_line", "RU"},
	{"+800 1234 5678", NULL, "toll_free", "001"},
	{"+44 56 1234 5678", NULL, "voip", "GB"},
	{"+44 70 1234 5678", NULL, "personal_number", "GB"},
};

/* data/phone_oracle.tsv: raw, region, E.164 or "-", type, by libphonenumber-js;
 * metadata releases differ a little, so agreement is counted, not demanded row by
 * row (the mismatches are printed). */
static void
oracle(void)
{
	FILE *f = fopen("data/phone_oracle.tsv", "r");
	char line[256];
	long valid = 0, vagree = 0, invalid = 0, flagged = 0, typed = 0, tagree = 0;

	CHECK(f != NULL, "data/phone_oracle.tsv: cannot open");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *raw = line, *reg, *want, *type;
		const char *e;
		struct mops_phone ph;
		int r;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (!(reg = strchr(raw, '\t')) || !(want = strchr(reg + 1, '\t')) ||
		    !(type = strchr(want + 1, '\t')))
			continue;
		*reg++ = *want++ = *type++ = '\0';
		r = mops_phone_parse(raw, *reg ? reg : NULL, &ph);
		e = r == OK ? ph.e164 : "-";
		if (strcmp(want, "-") != 0) {
			valid++;
			if (strcmp(e, want) == 0) {
				vagree++;
				typed++;
				tagree += strcmp(ph.type, type) == 0;
			} else
				printf("oracle: %s (%s): got %s, libphonenumber-js %s\n", raw, reg,
				    e, want);
		} else {
			invalid++;
			if (r != OK)
				flagged++;
			else
				printf("oracle: %s (%s): got %s, libphonenumber-js invalid\n", raw,
				    reg, e);
		}
	}
	fclose(f);
	printf("oracle: valid %ld/%ld, invalid flagged %ld/%ld, types %ld/%ld\n", vagree,
	    valid, flagged, invalid, tagree, typed);
	CHECK(valid > 5000 && vagree * 1000 >= valid * 998, "oracle: valid numbers agree");
	CHECK(invalid > 3000 && flagged * 1000 >= invalid * 990, "oracle: invalid flagged");
	CHECK(typed > 5000 && tagree * 1000 >= typed * 990, "oracle: types agree");
}

int
main(void)
{
	char out[32], ext[16], what[160];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int r = mops_phone_e164(cases[i].raw, cases[i].cc, out, sizeof out, ext, sizeof ext);
		snprintf(what, sizeof what, "e164(\"%s\", %s)", cases[i].raw ? cases[i].raw : "NULL",
		    cases[i].cc ? cases[i].cc : "NULL");
		CHECK_STR(mops_phone_status_name(r), mops_phone_status_name(cases[i].status), what);
		CHECK_STR(out, cases[i].want, what);
		CHECK_STR(ext, cases[i].ext, what);
	}
	/* buffers */
	CHECK_INT(mops_phone_e164("+14155550123", NULL, out, 12, ext, sizeof ext), BAD, "small out");
	CHECK_STR(out, "", "small out empties");
	CHECK_INT(mops_phone_e164("+14155550123", NULL, out, 13, NULL, 0), OK, "exact out");
	CHECK_INT(mops_phone_e164("+14155550123 x1234", NULL, out, sizeof out, ext, 4), BAD,
	    "small ext");
	CHECK_INT(mops_phone_e164("+14155550123 x1234", NULL, out, sizeof out, NULL, 0), OK,
	    "ext dropped");
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct mops_phone ph;
		int r = mops_phone_parse(types[i].raw, types[i].cc, &ph);

		snprintf(what, sizeof what, "parse(\"%s\")", types[i].raw);
		CHECK_INT(r, OK, what);
		CHECK_STR(ph.type, types[i].type, what);
		CHECK_STR(ph.region, types[i].region, what);
	}
	oracle();
	CHECK_INT(mops_phone_calling_code("AQ"), 672, "cc AQ (no plan of its own)");
	CHECK(strncmp(mops_phone_data_version(), "libphonenumber v", 16) == 0, "version");
	CHECK_INT(mops_phone_calling_code("gb"), 44, "cc gb");
	CHECK_INT(mops_phone_calling_code("XK"), 383, "cc XK");
	CHECK_INT(mops_phone_calling_code("ZZ"), 0, "cc ZZ");
	CHECK_INT(mops_phone_calling_code(NULL), 0, "cc NULL");
	return unit_done();
}
