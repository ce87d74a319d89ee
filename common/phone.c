/* phone.c - see phone.h.  Data: phone_data.inc (libphonenumber's metadata, made by
 * tools/gen-phone-data.py); the parsing steps follow libphonenumber's
 * PhoneNumberUtil.parse() and getNumberType(), re-written, no code copied. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "phone.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXDIG 20	/* digits with the calling code (E.164 says 15; plans allow more) */
#define NDIG 40		/* digits kept from the input */

enum { OP_CLS, OP_SPLIT, OP_JMP, OP_SAVE, OP_EOL, OP_MATCH };

struct ph_insn {
	short op;
	short x, y;	/* OP_CLS: x is a mask of digits; OP_SPLIT/JMP: targets */
};

struct ph_region {
	char id[4];
	short cc;
	unsigned char same;	/* fixedLine and mobile share one pattern */
	uint32_t start;		/* DFA start state */
	uint32_t lens[11];	/* possible NSN lengths per type (bit n: n digits) */
	const char *np;		/* national prefix ("" none) */
	short npfp;		/* nationalPrefixForParsing program, -1 none */
	short npgroups;		/* its capture groups */
	const char *tr;		/* nationalPrefixTransformRule ("" none) */
	short idd;		/* internationalPrefix program, -1 none */
	short lead;		/* leadingDigits program, -1 none */
};

#include "phone_data.inc"

static const char *const type_name[] = {
	[PH_T_PREMIUMRATE] = "premium_rate", [PH_T_TOLLFREE] = "toll_free",
	[PH_T_SHAREDCOST] = "shared_cost", [PH_T_VOIP] = "voip",
	[PH_T_PERSONALNUMBER] = "personal_number", [PH_T_PAGER] = "pager",
	[PH_T_UAN] = "uan", [PH_T_VOICEMAIL] = "voicemail",
	[PH_T_FIXEDLINE] = "fixed_line", [PH_T_MOBILE] = "mobile",
};

/* Countries with a calling code and no plan of their own in the metadata
 * (carried over from ITU-T E.164 assignments); sorted. */
static const struct { char a2[3]; short cc; } no_plan[] = {
	{"AQ", 672}, {"BV", 47}, {"GS", 500}, {"HM", 672}, {"PN", 64}, {"TF", 262},
	{"UM", 1},
};

/* ---------------------------------------------------------------- programs */

/* Backtracking run of program pc on digits s[i..n): leftmost-first and greedy,
 * as java.util.regex.  caps[2k], caps[2k+1]: group k's bounds (-1 unset).
 * Returns the end of the match, or -1. */
static int
bt(int pc, const char *s, int i, int n, int *caps, int depth)
{
	if (depth > 2000)
		return -1;
	for (;;) {
		const struct ph_insn *in = &ph_prog[pc];
		int r, old;

		switch (in->op) {
		case OP_CLS:
			if (i < n && ((unsigned)in->x >> (s[i] - '0') & 1)) {
				pc++, i++;
				continue;
			}
			return -1;
		case OP_SPLIT:
			if ((r = bt(in->x, s, i, n, caps, depth + 1)) >= 0)
				return r;
			pc = in->y;
			continue;
		case OP_JMP:
			pc = in->x;
			continue;
		case OP_SAVE:
			old = caps[in->x];
			caps[in->x] = i;
			if ((r = bt(pc + 1, s, i, n, caps, depth + 1)) < 0)
				caps[in->x] = old;
			return r;
		case OP_EOL:
			if (i != n)
				return -1;
			pc++;
			continue;
		default:
			return i;
		}
	}
}

/* ---------------------------------------------------------------- regions */

static const struct ph_region *
region_by_id(const char *country2)
{
	char a2[3];
	size_t lo = 0, hi = NELEM(ph_by_id);

	if (!country2 || !country2[0] || !country2[1] || country2[2])
		return NULL;
	for (int i = 0; i < 2; i++) {
		char c = country2[i];
		a2[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
	}
	a2[2] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a2, ph_regions[ph_by_id[mid]].id);
		if (c == 0)
			return &ph_regions[ph_by_id[mid]];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The regions of calling code cc (the main one first) as [*first, *first + count). */
static size_t
regions_of(int cc, const struct ph_region **first)
{
	size_t lo = 0, hi = NELEM(ph_regions), n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ph_regions[mid].cc < cc)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = &ph_regions[lo];
	while (lo + n < NELEM(ph_regions) && ph_regions[lo + n].cc == cc)
		n++;
	return n;
}

int
mops_phone_calling_code(const char *country2)
{
	const struct ph_region *r = region_by_id(country2);

	if (r)
		return r->cc;
	if (!country2 || !country2[0] || !country2[1] || country2[2])
		return 0;
	for (size_t i = 0; i < NELEM(no_plan); i++)
		if ((country2[0] & ~0x20) == no_plan[i].a2[0] &&
		    (country2[1] & ~0x20) == no_plan[i].a2[1])
			return no_plan[i].cc;
	return 0;
}

const char *
mops_phone_data_version(void)
{
	return PH_VERSION;
}

/* Bits of the types whose pattern matches nsn in full (length not checked). */
static unsigned
match_bits(const struct ph_region *r, const char *nsn, size_t n)
{
	uint32_t s = r->start;

	for (size_t i = 0; i < n && s; i++)
		s = ph_dfa[s][nsn[i] - '0'];
	return ph_dfa_acc[s];
}

/* libphonenumber's matchNationalNumber(number, generalDesc): pattern only. */
static int
general_match(const struct ph_region *r, const char *nsn, size_t n)
{
	return n < 32 && (match_bits(r, nsn, n) & 1u << PH_T_GENERALDESC) != 0;
}

/* The type of nsn in region r (an index of type_name, or -1: not valid there). */
static int
number_type(const struct ph_region *r, const char *nsn, size_t n)
{
	unsigned bits, ok = 0;

	if (n == 0 || n >= 32)
		return -1;
	bits = match_bits(r, nsn, n);
	for (int t = 0; t < PH_NTYPES; t++)
		if ((bits >> t & 1) && (r->lens[t] >> n & 1))
			ok |= 1u << t;
	if (!(ok & 1u << PH_T_GENERALDESC))
		return -1;
	for (int t = PH_T_PREMIUMRATE; t <= PH_T_VOICEMAIL; t++)
		if (ok >> t & 1)
			return t;
	if (ok >> PH_T_FIXEDLINE & 1)
		return (r->same || (ok >> PH_T_MOBILE & 1)) ? PH_NTYPES : PH_T_FIXEDLINE;
	if (!r->same && (ok >> PH_T_MOBILE & 1))
		return PH_T_MOBILE;
	return -1;
}

/*
 * The region among cc's that nsn belongs to, as libphonenumber's
 * getRegionCodeForNumber (leading digits decide where a region has them, else the
 * first region where the number is valid), and its type there; NULL if none.
 */
static const struct ph_region *
classify(int cc, const char *nsn, size_t n, int *type)
{
	const struct ph_region *r;
	size_t k = regions_of(cc, &r);
	int caps[20];

	for (size_t i = 0; i < k; i++) {
		const struct ph_region *g = &r[i];
		int t;

		if (k > 1 && g->lead >= 0 && bt(g->lead, nsn, 0, (int)n, caps, 0) >= 0) {
			if ((t = number_type(g, nsn, n)) < 0)
				return NULL;
			*type = t;
			return g;
		}
		if ((t = number_type(g, nsn, n)) >= 0) {
			*type = t;
			return g;
		}
	}
	return NULL;
}

/* The largest possible NSN length of region r. */
static size_t
max_len(const struct ph_region *r)
{
	size_t m = 0;

	for (size_t k = 0; k < 32; k++)
		if (r->lens[PH_T_GENERALDESC] >> k & 1)
			m = k;
	return m;
}

/*
 * libphonenumber's maybeStripNationalPrefixAndCarrierCode on num[0..*n) (a buffer
 * of NDIG): strip the national prefix or apply the transform rule, unless the
 * number matched the plan before and would not after.  1 if changed.
 */
static int
strip_np(const struct ph_region *r, char *num, size_t *n)
{
	int caps[20], end, last;
	char t[NDIG];
	size_t tn = 0;

	if (r->npfp < 0 || *n == 0)
		return 0;
	for (size_t i = 0; i < NELEM(caps); i++)
		caps[i] = -1;
	end = bt(r->npfp, num, 0, (int)*n, caps, 0);
	if (end < 0)
		return 0;
	last = r->npgroups;
	if (!r->tr[0] || last == 0 || last >= 10 || caps[2 * last] < 0 ||
	    caps[2 * last + 1] < 0) {
		if (general_match(r, num, *n) && !general_match(r, num + end, *n - (size_t)end))
			return 0;
		memmove(num, num + end, *n - (size_t)end);
		*n -= (size_t)end;
		return end > 0;
	}
	for (const char *p = r->tr; *p; p++) {
		if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			int g = *++p - '0';
			if (g < 10 && caps[2 * g] >= 0 && caps[2 * g + 1] >= caps[2 * g]) {
				size_t gl = (size_t)(caps[2 * g + 1] - caps[2 * g]);
				if (tn + gl >= sizeof t)
					return 0;
				memcpy(t + tn, num + caps[2 * g], gl);
				tn += gl;
			}
		} else if (*p >= '0' && *p <= '9') {
			if (tn + 1 >= sizeof t)
				return 0;
			t[tn++] = *p;
		}
	}
	if (tn + (*n - (size_t)end) >= sizeof t)
		return 0;
	memcpy(t + tn, num + end, *n - (size_t)end);
	tn += *n - (size_t)end;
	if (general_match(r, num, *n) && !general_match(r, t, tn))
		return 0;
	memcpy(num, t, tn);
	*n = tn;
	return 1;
}

/* The calling code at the start of d (a code with a plan); its length or 0. */
static int
split_cc(const char *d, size_t n, int *cc)
{
	const struct ph_region *r;
	int v = 0;

	if (n == 0 || d[0] == '0')
		return 0;
	for (int len = 1; len <= 3 && (size_t)len < n; len++) {
		v = v * 10 + (d[len - 1] - '0');
		if (regions_of(v, &r) > 0) {
			*cc = v;
			return len;
		}
	}
	return 0;
}

/* One reading of the digits: calling code, NSN, and what it is. */
struct reading {
	int cc, type;
	char nsn[NDIG];
	size_t n;
	const struct ph_region *r;	/* NULL: not valid */
};

static void
judge(struct reading *x)
{
	x->r = NULL;
	if (x->n == 0)
		return;
	x->r = classify(x->cc, x->nsn, x->n, &x->type);
}

/* digits after an international prefix: calling code, national prefix dropped. */
static int
read_intl(const char *d, size_t n, struct reading *x)
{
	const struct ph_region *main;
	int len = split_cc(d, n, &x->cc);

	if (len == 0)
		return -1;
	regions_of(x->cc, &main);
	x->n = n - (size_t)len;
	memcpy(x->nsn, d + len, x->n);
	strip_np(main, x->nsn, &x->n);
	judge(x);
	if (!x->r && x->cc == 52 && x->n == 11 && x->nsn[0] == '1') {
		/* Mexico: the "1" once dialled before mobiles from abroad */
		memmove(x->nsn, x->nsn + 1, --x->n);
		judge(x);
	}
	return 0;
}

/* A national number of home region h, as libphonenumber reads it with a
 * default region, preferring a valid reading. */
static void
read_national(const struct ph_region *h, const char *d, size_t n, struct reading *x)
{
	struct reading b;
	char ccs[8];
	size_t ccn = (size_t)snprintf(ccs, sizeof ccs, "%d", h->cc);

	x->cc = h->cc;
	memcpy(x->nsn, d, n);
	x->n = n;
	strip_np(h, x->nsn, &x->n);
	judge(x);
	if (h->cc == 52 && !x->r && ((n == 13 && (!memcmp(d, "044", 3) ||
	    !memcmp(d, "045", 3))) || (n == 12 && !memcmp(d, "01", 2)))) {
		/* Mexico: 044/045 once dialled before local mobiles, 01 before
		 * long-distance numbers */
		b = *x;
		b.n = 10;
		memcpy(b.nsn, d + n - 10, 10);
		judge(&b);
		if (b.r)
			*x = b;
	}
	if (n <= ccn || memcmp(d, ccs, ccn) != 0)
		return;
	/* the calling code written without '+' */
	b.cc = h->cc;
	b.n = n - ccn;
	memcpy(b.nsn, d + ccn, b.n);
	strip_np(h, b.nsn, &b.n);
	judge(&b);
	if ((!general_match(h, d, n) && general_match(h, b.nsn, b.n)) || n > max_len(h)) {
		/* libphonenumber's choice */
		if (b.r || !x->r)
			*x = b;
	} else if (b.r && !x->r) {
		/* valid only so ("39800911621" in IT) */
		*x = b;
	}
}

/* ---------------------------------------------------------------- input */

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

static void
clear(struct mops_phone *ph)
{
	ph->e164[0] = ph->ext[0] = ph->region[0] = '\0';
	ph->type = NULL;
}

int
mops_phone_parse(const char *raw, const char *country2, struct mops_phone *ph)
{
	char d[NDIG], x[16];
	size_t n = 0, xlen = 0;
	const char *s = raw;
	const struct ph_region *home;
	struct reading rd;
	int plus = 0, any = 0, caps[20], e;

	clear(ph);
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

	home = region_by_id(country2);
	memset(&rd, 0, sizeof rd);
	if (plus) {
		if (read_intl(d, n, &rd) < 0)
			return MOPS_PHONE_INVALID;
	} else {
		/* an international prefix: the country's own (libphonenumber takes
		 * it as one unless a 0 follows: then never a national number),
		 * "00" anywhere, "011" when the country is unknown; else a national
		 * number */
		int intl = 0, idd = 0;

		if (home && home->idd >= 0 && (e = bt(home->idd, d, 0, (int)n, caps, 0)) > 0 &&
		    (size_t)e < n && d[e] != '0') {
			intl = idd = 1;
			read_intl(d + e, n - (size_t)e, &rd);
		}
		if (!rd.r && n >= 2 && d[0] == '0' && d[1] == '0') {
			intl = 1;
			read_intl(d + 2, n - 2, &rd);
		}
		if (!rd.r && !home && country2 == NULL && n > 3 && !strncmp(d, "011", 3)) {
			intl = 1;
			read_intl(d + 3, n - 3, &rd);
		}
		if (!rd.r && home && !idd)
			read_national(home, d, n, &rd);
		else if (!rd.r && !intl)
			return MOPS_PHONE_NO_COUNTRY;
	}
	if (!rd.r)
		return MOPS_PHONE_INVALID;
	{
		char buf[24];
		int k = snprintf(buf, sizeof buf, "+%d", rd.cc);

		if (k < 0 || (size_t)k - 1 + rd.n > MAXDIG)
			return MOPS_PHONE_INVALID;
		memcpy(ph->e164, buf, (size_t)k);
		memcpy(ph->e164 + k, rd.nsn, rd.n);
		ph->e164[(size_t)k + rd.n] = '\0';
	}
	memcpy(ph->ext, x, xlen + 1);
	memcpy(ph->region, rd.r->id, sizeof ph->region);
	ph->type = rd.type == PH_NTYPES ? "fixed_line_or_mobile" : type_name[rd.type];
	return MOPS_PHONE_OK;
}

int
mops_phone_e164(const char *raw, const char *country2, char *out, size_t outsz,
    char *ext, size_t extsz)
{
	struct mops_phone ph;
	int r = mops_phone_parse(raw, country2, &ph);
	size_t n = strlen(ph.e164), xn = strlen(ph.ext);

	if (outsz)
		out[0] = '\0';
	if (extsz)
		ext[0] = '\0';
	if (r != MOPS_PHONE_OK)
		return r;
	if (n + 1 > outsz || (extsz && xn + 1 > extsz))
		return MOPS_PHONE_INVALID;
	memcpy(out, ph.e164, n + 1);
	if (extsz)
		memcpy(ext, ph.ext, xn + 1);
	return MOPS_PHONE_OK;
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
