/* phone.c - see phone.h.  Numbering-plan data: ITU-T E.164 assigned codes and the
 * national plans as summarised by the ITU operational bulletins and libphonenumber
 * (lengths only, hand-copied, not its code). */
#include <stdio.h>
#include <string.h>

#include "phone.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NANP 1		/* flag: +1, NPA and NXX start with 2-9 */
#define KEEP0 2		/* flag: no trunk prefix and NSNs may start with 0 (IT) */
#define MAXDIG 15	/* E.164: at most 15 digits with the calling code */

/* Country -> calling code, sorted by alpha-2. */
static const struct { char a2[3]; short cc; } countries[] = {
	{"AD", 376}, {"AE", 971}, {"AF", 93}, {"AG", 1}, {"AI", 1}, {"AL", 355},
	{"AM", 374}, {"AO", 244}, {"AQ", 672}, {"AR", 54}, {"AS", 1}, {"AT", 43},
	{"AU", 61}, {"AW", 297}, {"AX", 358}, {"AZ", 994}, {"BA", 387}, {"BB", 1},
	{"BD", 880}, {"BE", 32}, {"BF", 226}, {"BG", 359}, {"BH", 973}, {"BI", 257},
	{"BJ", 229}, {"BL", 590}, {"BM", 1}, {"BN", 673}, {"BO", 591}, {"BQ", 599},
	{"BR", 55}, {"BS", 1}, {"BT", 975}, {"BV", 47}, {"BW", 267}, {"BY", 375},
	{"BZ", 501}, {"CA", 1}, {"CC", 61}, {"CD", 243}, {"CF", 236}, {"CG", 242},
	{"CH", 41}, {"CI", 225}, {"CK", 682}, {"CL", 56}, {"CM", 237}, {"CN", 86},
	{"CO", 57}, {"CR", 506}, {"CU", 53}, {"CV", 238}, {"CW", 599}, {"CX", 61},
	{"CY", 357}, {"CZ", 420}, {"DE", 49}, {"DJ", 253}, {"DK", 45}, {"DM", 1},
	{"DO", 1}, {"DZ", 213}, {"EC", 593}, {"EE", 372}, {"EG", 20}, {"EH", 212},
	{"ER", 291}, {"ES", 34}, {"ET", 251}, {"FI", 358}, {"FJ", 679}, {"FK", 500},
	{"FM", 691}, {"FO", 298}, {"FR", 33}, {"GA", 241}, {"GB", 44}, {"GD", 1},
	{"GE", 995}, {"GF", 594}, {"GG", 44}, {"GH", 233}, {"GI", 350}, {"GL", 299},
	{"GM", 220}, {"GN", 224}, {"GP", 590}, {"GQ", 240}, {"GR", 30}, {"GS", 500},
	{"GT", 502}, {"GU", 1}, {"GW", 245}, {"GY", 592}, {"HK", 852}, {"HM", 672},
	{"HN", 504}, {"HR", 385}, {"HT", 509}, {"HU", 36}, {"ID", 62}, {"IE", 353},
	{"IL", 972}, {"IM", 44}, {"IN", 91}, {"IO", 246}, {"IQ", 964}, {"IR", 98},
	{"IS", 354}, {"IT", 39}, {"JE", 44}, {"JM", 1}, {"JO", 962}, {"JP", 81},
	{"KE", 254}, {"KG", 996}, {"KH", 855}, {"KI", 686}, {"KM", 269}, {"KN", 1},
	{"KP", 850}, {"KR", 82}, {"KW", 965}, {"KY", 1}, {"KZ", 7}, {"LA", 856},
	{"LB", 961}, {"LC", 1}, {"LI", 423}, {"LK", 94}, {"LR", 231}, {"LS", 266},
	{"LT", 370}, {"LU", 352}, {"LV", 371}, {"LY", 218}, {"MA", 212}, {"MC", 377},
	{"MD", 373}, {"ME", 382}, {"MF", 590}, {"MG", 261}, {"MH", 692}, {"MK", 389},
	{"ML", 223}, {"MM", 95}, {"MN", 976}, {"MO", 853}, {"MP", 1}, {"MQ", 596},
	{"MR", 222}, {"MS", 1}, {"MT", 356}, {"MU", 230}, {"MV", 960}, {"MW", 265},
	{"MX", 52}, {"MY", 60}, {"MZ", 258}, {"NA", 264}, {"NC", 687}, {"NE", 227},
	{"NF", 672}, {"NG", 234}, {"NI", 505}, {"NL", 31}, {"NO", 47}, {"NP", 977},
	{"NR", 674}, {"NU", 683}, {"NZ", 64}, {"OM", 968}, {"PA", 507}, {"PE", 51},
	{"PF", 689}, {"PG", 675}, {"PH", 63}, {"PK", 92}, {"PL", 48}, {"PM", 508},
	{"PN", 64}, {"PR", 1}, {"PS", 970}, {"PT", 351}, {"PW", 680}, {"PY", 595},
	{"QA", 974}, {"RE", 262}, {"RO", 40}, {"RS", 381}, {"RU", 7}, {"RW", 250},
	{"SA", 966}, {"SB", 677}, {"SC", 248}, {"SD", 249}, {"SE", 46}, {"SG", 65},
	{"SH", 290}, {"SI", 386}, {"SJ", 47}, {"SK", 421}, {"SL", 232}, {"SM", 378},
	{"SN", 221}, {"SO", 252}, {"SR", 597}, {"SS", 211}, {"ST", 239}, {"SV", 503},
	{"SX", 1}, {"SY", 963}, {"SZ", 268}, {"TC", 1}, {"TD", 235}, {"TF", 262},
	{"TG", 228}, {"TH", 66}, {"TJ", 992}, {"TK", 690}, {"TL", 670}, {"TM", 993},
	{"TN", 216}, {"TO", 676}, {"TR", 90}, {"TT", 1}, {"TV", 688}, {"TW", 886},
	{"TZ", 255}, {"UA", 380}, {"UG", 256}, {"UM", 1}, {"US", 1}, {"UY", 598},
	{"UZ", 998}, {"VA", 39}, {"VC", 1}, {"VE", 58}, {"VG", 1}, {"VI", 1},
	{"VN", 84}, {"VU", 678}, {"WF", 681}, {"WS", 685}, {"XK", 383}, {"YE", 967},
	{"YT", 262}, {"ZA", 27}, {"ZM", 260}, {"ZW", 263},
};

/*
 * Calling code -> national plan, sorted by code.  trunk: the national prefix dropped
 * from national numbers ("" none).  min/max: NSN digits.  Codes without a row use
 * trunk "0", 4..14 digits.
 */
static const struct plan {
	short cc;
	char trunk[3];
	unsigned char min, max, flags;
} plans[] = {
	{1, "1", 10, 10, NANP}, {7, "8", 10, 10, 0}, {20, "0", 8, 10, 0},
	{27, "0", 9, 9, 0}, {30, "", 10, 10, 0}, {31, "0", 9, 9, 0},
	{32, "0", 8, 9, 0}, {33, "0", 9, 9, 0}, {34, "", 9, 9, 0},
	{36, "06", 8, 9, 0}, {39, "", 6, 11, KEEP0}, {40, "0", 9, 9, 0},
	{41, "0", 9, 9, 0}, {43, "0", 4, 13, 0}, {44, "0", 7, 10, 0},
	{45, "", 8, 8, 0}, {46, "0", 7, 10, 0}, {47, "", 8, 8, 0},
	{48, "", 9, 9, 0}, {49, "0", 5, 13, 0}, {51, "0", 8, 9, 0},
	{52, "", 10, 10, 0}, {54, "0", 10, 11, 0}, {55, "0", 10, 11, 0},
	{56, "", 9, 9, 0}, {57, "", 8, 10, 0}, {60, "0", 8, 10, 0},
	{61, "0", 9, 9, 0}, {62, "0", 8, 12, 0}, {63, "0", 8, 10, 0},
	{64, "0", 8, 10, 0}, {65, "", 8, 8, 0}, {66, "0", 8, 9, 0},
	{81, "0", 9, 10, 0}, {82, "0", 8, 10, 0}, {84, "0", 9, 10, 0},
	{86, "0", 8, 12, 0}, {90, "0", 10, 10, 0}, {91, "0", 10, 10, 0},
	{92, "0", 8, 11, 0}, {234, "0", 8, 10, 0}, {254, "0", 7, 10, 0},
	{351, "", 9, 9, 0}, {352, "", 4, 11, 0}, {353, "0", 7, 9, 0},
	{358, "0", 5, 12, 0}, {378, "", 6, 10, KEEP0}, {380, "0", 9, 9, 0},
	{420, "", 9, 9, 0}, {421, "0", 9, 9, 0}, {852, "", 8, 8, 0},
	{886, "0", 8, 9, 0}, {966, "0", 8, 9, 0}, {971, "0", 8, 9, 0},
	{972, "0", 8, 9, 0},
};

static const struct plan generic = {0, "0", 4, 14, 0};

/* Assigned calling codes (E.164 codes are prefix-free), sorted. */
static const short codes[] = {
	1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
	51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90,
	91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225,
	226, 227, 228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241,
	242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257,
	258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299,
	350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375,
	376, 377, 378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501,
	502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597,
	598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685,
	686, 687, 688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961,
	962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 992,
	993, 994, 995, 996, 998,
};

static int
code_known(int cc)
{
	size_t lo = 0, hi = NELEM(codes);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (codes[mid] == cc)
			return 1;
		if (codes[mid] < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static const struct plan *
plan_for(int cc)
{
	size_t lo = 0, hi = NELEM(plans);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (plans[mid].cc == cc)
			return &plans[mid];
		if (plans[mid].cc < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &generic;
}

int
mops_phone_calling_code(const char *country2)
{
	char a2[3];
	size_t lo = 0, hi = NELEM(countries);

	if (!country2 || !country2[0] || !country2[1] || country2[2])
		return 0;
	for (int i = 0; i < 2; i++) {
		char c = country2[i];
		a2[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
	}
	a2[2] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a2, countries[mid].a2);
		if (c == 0)
			return countries[mid].cc;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

const char *
mops_phone_status_name(int status)
{
	switch (status) {
	case MOPS_PHONE_OK: return "ok";
	case MOPS_PHONE_EMPTY: return "empty";
	case MOPS_PHONE_NO_COUNTRY: return "no_country";
	default: return "invalid";
	}
}

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '.' || c == '-' || c == '(' || c == ')' ||
	    c == '/' || c == '\r' || c == '\n' || c == '[' || c == ']';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static int
prefix_ci(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != word[i])
			return 0;
	return 1;
}

/* Parse an extension starting at s (a marker): digits into ext.  0 ok, -1 not one. */
static int
extension(const char *s, char *ext, size_t *extlen)
{
	static const char *const markers[] = {";ext=", "extension", "ext", "xtn", "x", "#"};
	size_t n = 0, i;

	for (i = 0; i < NELEM(markers); i++)
		if (prefix_ci(s, markers[i])) {
			s += strlen(markers[i]);
			break;
		}
	if (i == NELEM(markers))
		return -1;
	while (*s == '.' || *s == ':' || *s == ' ' || *s == '\t' || *s == '#' || *s == '-')
		s++;
	while (*s >= '0' && *s <= '9') {
		if (n == 10)
			return -1;
		ext[n++] = *s++;
	}
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (n == 0 || *s)
		return -1;
	ext[n] = '\0';
	*extlen = n;
	return 0;
}

/* Find the calling code at the start of digits d; returns its length (1..3) or 0. */
static int
split_cc(const char *d, size_t n, int *cc)
{
	int v = 0;

	for (int len = 1; len <= 3 && (size_t)len < n; len++) {
		v = v * 10 + (d[len - 1] - '0');
		if (d[0] != '0' && code_known(v)) {
			*cc = v;
			return len;
		}
	}
	return 0;
}

static int
nsn_ok(const struct plan *p, const char *nsn, size_t n, int cc)
{
	int ccdig = cc >= 100 ? 3 : cc >= 10 ? 2 : 1;

	if (n < p->min || n > p->max || n + (size_t)ccdig > MAXDIG)
		return 0;
	if (!(p->flags & KEEP0) && nsn[0] == '0')
		return 0;
	if (p->flags & NANP)
		return nsn[0] >= '2' && nsn[3] >= '2';
	return 1;
}

/* Drop what a trunk prefix or legacy dialling left in an NSN, per plan. */
static void
tidy_nsn(int cc, const struct plan *p, const char **nsn, size_t *n, int international)
{
	size_t t = strlen(p->trunk);

	if (cc == 52) {		/* Mexico: legacy "1" (intl mobile), 01/044/045 (national) */
		if (*n == 11 && (*nsn)[0] == '1')
			(*nsn)++, (*n)--;
		else if (!international && *n == 13 && (!strncmp(*nsn, "044", 3) ||
		    !strncmp(*nsn, "045", 3)))
			*nsn += 3, *n -= 3;
		else if (!international && *n == 12 && !strncmp(*nsn, "01", 2))
			*nsn += 2, *n -= 2;
		return;
	}
	if (international) {
		/* "+44 (0)20 ...": a trunk 0 written after the calling code */
		if (!(p->flags & KEEP0) && t && (*nsn)[0] == '0' && *n > 1)
			(*nsn)++, (*n)--;
		return;
	}
	if (t && *n > t && strncmp(*nsn, p->trunk, t) == 0 &&
	    (!(p->flags & NANP) || *n == 11))
		*nsn += t, *n -= t;
}

/*
 * A national number that starts with the home calling code where a trunk prefix
 * was expected ("4930123456" in DE): read as the calling code written without '+'
 * when that reading is valid.
 */
static int
cc_without_plus(const struct plan *p, int cc, const char *d, size_t n)
{
	size_t t = strlen(p->trunk);
	const char *rest = d;
	size_t rn = n;
	int got;
	int len;

	if (!t || (p->flags & NANP) || strncmp(d, p->trunk, t) == 0)
		return 0;
	len = split_cc(d, n, &got);
	if (len == 0 || got != cc)
		return 0;
	rest += len, rn -= len;
	tidy_nsn(cc, p, &rest, &rn, 1);
	return nsn_ok(p, rest, rn, cc);
}

static int
emit(int cc, const char *nsn, size_t n, char *out, size_t outsz)
{
	char buf[24];
	int k = snprintf(buf, sizeof buf, "+%d", cc);

	if (k < 0 || (size_t)k + n + 1 > outsz || (size_t)k + n >= sizeof buf)
		return MOPS_PHONE_INVALID;
	memcpy(out, buf, (size_t)k);
	memcpy(out + k, nsn, n);
	out[(size_t)k + n] = '\0';
	return MOPS_PHONE_OK;
}

int
mops_phone_e164(const char *raw, const char *country2, char *out, size_t outsz,
    char *ext, size_t extsz)
{
	char d[40], x[16];
	size_t n = 0, xlen = 0;
	const char *s = raw, *nsn;
	int plus = 0, any = 0, cc = 0, home, r;
	size_t nn;

	if (outsz)
		out[0] = '\0';
	if (extsz)
		ext[0] = '\0';
	x[0] = '\0';
	if (!raw)
		return MOPS_PHONE_EMPTY;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (prefix_ci(s, "tel:"))
		s += 4;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n == sizeof d - 1)
				return MOPS_PHONE_INVALID;
			d[n++] = *s;
			any = 1;
		} else if (*s == '+' && !any && !plus) {
			plus = 1;
			any = 1;
		} else if (is_sep(*s)) {
			continue;
		} else {
			if (n == 0 || extension(s, x, &xlen) < 0)
				return MOPS_PHONE_INVALID;
			break;
		}
	}
	d[n] = '\0';
	if (n == 0)
		return any ? MOPS_PHONE_INVALID : MOPS_PHONE_EMPTY;

	home = mops_phone_calling_code(country2);
	nsn = d;
	nn = n;
	if (!plus && n >= 2 && d[0] == '0' && d[1] == '0') {
		plus = 1;
		nsn += 2, nn -= 2;
	} else if (!plus && n > 3 && !strncmp(d, "011", 3) && (home == 1 || home == 0)) {
		plus = 1;
		nsn += 3, nn -= 3;
	}
	if (plus) {
		int len = split_cc(nsn, nn, &cc);
		if (len == 0)
			return MOPS_PHONE_INVALID;
		nsn += len, nn -= len;
		tidy_nsn(cc, plan_for(cc), &nsn, &nn, 1);
		if (!nsn_ok(plan_for(cc), nsn, nn, cc))
			return MOPS_PHONE_INVALID;
	} else {
		const struct plan *p;
		const char *t = nsn;
		size_t tn = nn;

		if (home == 0)
			return MOPS_PHONE_NO_COUNTRY;
		cc = home;
		p = plan_for(cc);
		tidy_nsn(cc, p, &t, &tn, 0);
		if (nsn_ok(p, t, tn, cc) && !cc_without_plus(p, cc, nsn, nn)) {
			nsn = t, nn = tn;
		} else {
			/* the calling code written without '+' ("4915112345678") */
			int len = split_cc(nsn, nn, &r);
			if (len == 0 || r != home)
				return MOPS_PHONE_INVALID;
			nsn += len, nn -= len;
			tidy_nsn(cc, p, &nsn, &nn, 1);
			if (!nsn_ok(p, nsn, nn, cc))
				return MOPS_PHONE_INVALID;
		}
	}
	if (xlen && extsz) {
		if (xlen + 1 > extsz)
			return MOPS_PHONE_INVALID;
		memcpy(ext, x, xlen + 1);
	}
	r = emit(cc, nsn, nn, out, outsz);
	if (r != MOPS_PHONE_OK && extsz)
		ext[0] = '\0';
	return r;
}
