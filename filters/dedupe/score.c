/* score.c - Fellegi-Sunter match weights per field level, and their estimation
 * by EM.
 *
 * A pair's weight is the sum over fields of log2(m/u) for the level the pair
 * reaches on that field (m: how often true matches reach it, u: how often
 * non-matches do).  A missing value on either side is level "null", weight 0.
 * The defaults were set for B2B marketing data (email and phone are strong,
 * a shared company weak, a free-mail domain or role inbox worth nothing on its
 * own) and checked on the labelled sets in tests/dedupe-eval.  Exact name
 * agreement is adjusted by how common the name is in the input (term
 * frequency): "Smith" counts less than "Zuckerberg".
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dd.h"
#include "mtime.h"
#include "nickname.h"
#include "strmetric.h"
#include "util.h"

const char *const dd_field_name[NF] = {
	"xref", "email", "first_name", "last_name", "name_swap", "company",
	"domain", "phone", "city", "region", "country", "postal_code", "dob",
	"street", "account_name", "account_domain", "phone_company",
};

const char *const dd_level_name[NF][NL] = {
	{ "null", "match" },
	{ "null", "exact", "exact_role", "local_part", "fuzzy", "diff", "other_mailbox",
	    "shared", "local_name" },
	{ "null", "exact", "nickname", "jw92", "fuzzy", "diff" },
	{ "null", "exact", "jw92", "fuzzy", "diff" },
	{ "null", "swapped" },
	{ "null", "exact", "jw90", "diff" },
	{ "null", "exact", "diff" },
	{ "null", "exact", "last7", "diff" },
	{ "null", "exact", "jw90", "diff" },
	{ "null", "exact", "diff" },
	{ "null", "exact", "diff" },
	{ "null", "exact", "near", "diff" },
	{ "null", "exact", "near", "year", "diff" },
	{ "null", "exact", "jw90", "diff" },
	{ "null", "exact", "jw90", "diff" },
	{ "null", "exact", "diff" },
	{ "null", "both_diff" },
};

/*
 * Evidence that says "different" weighs as much as name agreement: two
 * different personal mailboxes at one company domain (co-workers), a
 * mailbox two first names use (a family's gmail: "shared", weighed like a
 * role inbox), a full date of birth that disagrees, a different phone and a
 * different company together (phone_company).  Each is enough to keep two
 * people with one name apart; an exact email, phone or cross-system id still
 * outweighs a company spelled two ways.
 */
static const double defw[NF][NL] = {
	{ 0, 30 },
	{ 0, 14, 1, 2.5, 3, -3, -12, 1, 0.5 },
	{ 0, 4.5, 3.5, 3, 1, -5 },
	{ 0, 6, 4, 2, -7 },
	{ 0, -1 },
	{ 0, 2, 1.5, -6 },
	{ 0, 1.5, -2 },
	{ 0, 8, 3, -1 },
	{ 0, 1.5, 1, -1.5 },
	{ 0, 0.5, -1.5 },
	{ 0, 0.3, -3 },
	{ 0, 3, 1, -1.5 },
	{ 0, 7, 3, -1, -5.5 },
	{ 0, 4, 2, -1 },
	{ 0, 7, 3, -4 },
	{ 0, 10, -3 },
	{ 0, -6 },
};

void
dd_weights_default(struct dd_weights *w)
{
	int f, l;

	for (f = 0; f < NF; f++) {
		w->nlev[f] = 0;
		for (l = 0; l < NL; l++) {
			w->w[f][l] = defw[f][l];
			if (dd_level_name[f][l])
				w->nlev[f] = l + 1;
		}
	}
}

#define STR(r, slot) dd_str(&d->strs, (r)->s[slot])
#define LEN(r, slot) dd_strlen(&d->strs, (r)->s[slot])

/*
 * The string-metric levels depend only on the two interned ids (and which
 * metric), and the same pairs of names, cities and companies come back
 * across candidate pairs: a direct-mapped cache of the last level per value
 * pair skips most Jaro-Winkler and edit-distance runs.  Same levels, so the
 * same output.
 */
#define MEMO_BITS 18
enum { M_LAST, M_FIRST, M_JW };
struct dd_memo {
	uint32_t x, y;		/* x == 0: empty */
	uint8_t what, level;
};

static struct dd_memo *
memo_slot(const struct dd *d, uint32_t x, uint32_t y, int what)
{
	uint64_t h = ((uint64_t)x * 0x9E3779B97F4A7C15ULL) ^
	    (((uint64_t)y + ((uint64_t)what << 32)) * 0xC2B2AE3D27D4EB4FULL);

	if (!d->memo)	/* a cache, not the data: mutable through const */
		((struct dd *)(uintptr_t)d)->memo = mops_xcalloc((size_t)1 << MEMO_BITS,
		    sizeof(struct dd_memo));
	return &d->memo[h >> (64 - MEMO_BITS)];
}

static int
memo_get(const struct dd_memo *m, uint32_t x, uint32_t y, int what)
{
	return m->x == x && m->y == y && m->what == what ? m->level : -1;
}

static void
memo_put(struct dd_memo *m, uint32_t x, uint32_t y, int what, int level)
{
	m->x = x;
	m->y = y;
	m->what = (uint8_t)what;
	m->level = (uint8_t)level;
}

/* Name levels: 1 exact, 2 nickname (first names), 3 jw >= 0.92, 4 fuzzy (jw >=
 * 0.85, same Soundex, one edit with transpositions (two past 6 letters), or one is the
 * other's initial), 5 diff; last names skip level 2. */
static int
name_level_of(const struct dd *d, uint32_t x, uint32_t y, uint32_t sx, uint32_t sy,
    int first)
{
	const char *a = dd_str(&d->strs, x), *b = dd_str(&d->strs, y);
	double jw;
	size_t la, lb;

	if (first && mops_nickname_match(a, b))
		return 2;
	jw = mops_jaro_winkler(a, b);
	if (jw >= 0.92)
		return first ? 3 : 2;
	if (jw >= 0.85 || (first && (a[1] == '\0' || b[1] == '\0') && a[0] == b[0]))
		return first ? 4 : 3;
	la = dd_strlen(&d->strs, x);
	lb = dd_strlen(&d->strs, y);
	if (la >= 4 && lb >= 4 && mops_osa_within(a, b, la >= 7 && lb >= 7 ? 2 : 1))
		return first ? 4 : 3;
	if (sx && sx == sy)	/* Soundex, computed once per record */
		return first ? 4 : 3;
	return first ? 5 : 4;
}

/* sx, sy: the Soundex ids of x and y (functions of them: the cache may
 * leave them out of its key). */
static int
name_level(const struct dd *d, uint32_t x, uint32_t y, uint32_t sx, uint32_t sy,
    int first)
{
	struct dd_memo *m;
	int l;

	if (!x || !y)
		return 0;
	if (x == y)
		return 1;
	m = memo_slot(d, x, y, first ? M_FIRST : M_LAST);
	if ((l = memo_get(m, x, y, first ? M_FIRST : M_LAST)) >= 0)
		return l;
	l = name_level_of(d, x, y, sx, sy, first);
	memo_put(m, x, y, first ? M_FIRST : M_LAST, l);
	return l;
}

static double
tf_adjust(const uint32_t *count, uint32_t id, double n, double exact_w)
{
	double u, adj;

	if (n < 100 || !count || !count[id])
		return 0;
	/* u of the default weight, against this value's own frequency */
	u = 0.95 / pow(2, exact_w);
	adj = log2(u / (count[id] / n));
	return adj < -3 ? -3 : adj > 1 ? 1 : adj;
}

/* An exact phone or email that more than two records hold is a switchboard
 * or a shared inbox more than a person's own: its weight falls with how many
 * hold it (down to 1). */
static double
shared_adjust(const struct dd *d, uint32_t id, double exact_w)
{
	uint32_t c = d->strs.count ? d->strs.count[id] : 0;
	double adj;

	if (c <= 2)
		return 0;
	adj = 2 * log2(c / 2.0);
	return -(adj < exact_w - 1 ? adj : exact_w - 1);
}

/* Both personal (not role, not free-mail) mailboxes at one domain. */
static int
same_work_domain(const struct dd *d, const struct dd_rec *a, const struct dd_rec *b)
{
	const char *x, *y;

	if (a->role || b->role || a->freemail || b->freemail)
		return 0;
	x = strchr(STR(a, S_EMAIL), '@');
	y = strchr(STR(b, S_EMAIL), '@');
	return x && y && !strcmp(x, y);
}

static int
eq_level(uint32_t x, uint32_t y, int diff)
{
	if (!x || !y)
		return 0;
	return x == y ? 1 : diff;
}

static int
jw_level(const struct dd *d, uint32_t x, uint32_t y)
{
	struct dd_memo *m;
	int l;

	if (!x || !y)
		return 0;
	if (x == y)
		return 1;
	m = memo_slot(d, x, y, M_JW);
	if ((l = memo_get(m, x, y, M_JW)) >= 0)
		return l;
	l = mops_jaro_winkler(dd_str(&d->strs, x), dd_str(&d->strs, y)) >= 0.9 ? 2 : 3;
	memo_put(m, x, y, M_JW, l);
	return l;
}

/* Days from "YYYYMMDD", or INT64_MIN. */
static int64_t
days8(const char *s)
{
	int y, m, dd, i;

	for (i = 0; i < 8; i++)
		if (s[i] < '0' || s[i] > '9')
			return INT64_MIN;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[4] - '0') * 10 + (s[5] - '0');
	dd = (s[6] - '0') * 10 + (s[7] - '0');
	if (m < 1 || m > 12 || dd < 1 || dd > 31)
		return INT64_MIN;
	return mops_days_from_civil(y, m, dd);
}

static int
dob_level(const struct dd *d, uint32_t x, uint32_t y)
{
	const char *a = dd_str(&d->strs, x), *b = dd_str(&d->strs, y);
	size_t n;

	if (!x || !y)
		return 0;
	if (x == y)
		return 1;
	n = strlen(a);
	if (n == strlen(b) && n == 8) {
		int64_t da = days8(a), db = days8(b);

		if (da != INT64_MIN && db != INT64_MIN && llabs((long long)(da - db)) <= 62)
			return 2;
		/* day and month swapped: YYYYMMDD */
		if (!memcmp(a, b, 4) && !memcmp(a + 4, b + 6, 2) && !memcmp(a + 6, b + 4, 2))
			return 2;
	}
	if (mops_osa_within(a, b, 1))
		return 2;
	if (n == 8 && strlen(b) == 8) {
		/* "year": the same year or at most three digits keyed wrong (a
		 * typo'd copy); "diff": a full date of birth that disagrees */
		int ham = 0;

		for (size_t i = 0; i < 8; i++)
			ham += a[i] != b[i];
		return ham <= 3 || !strncmp(a, b, 4) ? 3 : 4;
	}
	/* a year against a full date: the year decides */
	return n >= 4 && strlen(b) >= 4 && !strncmp(a, b, 4) ? 2 : 4;
}

static double
maxw(const struct dd_weights *W, int f, int l1, int l2)
{
	return W->w[f][l1] > W->w[f][l2] ? W->w[f][l1] : W->w[f][l2];
}

double
dd_compare(const struct dd *d, const struct dd_rec *a, const struct dd_rec *b,
    uint8_t *lev, float *tf, double need)
{
	const struct dd_weights *W = &d->wt;
	double w = 0, t = 0, bound = 0, opt[NF] = { 0 };
	uint32_t i, j;
	int f, fuzzy_email = 0, fuzzy_postal = 0;

	memset(lev, 0, NF);
	for (i = 0; i < a->nxref && !lev[F_XREF]; i++)
		for (j = 0; j < b->nxref; j++)
			if (d->xrefs[a->xref + i] == d->xrefs[b->xref + j]) {
				lev[F_XREF] = 1;
				break;
			}
	if (a->s[S_EMAIL] && b->s[S_EMAIL]) {
		if (a->s[S_EMAIL] == b->s[S_EMAIL])
			lev[F_EMAIL] = a->role ? 2 : 1;
		else if (a->s[S_ELOCAL] && a->s[S_ELOCAL] == b->s[S_ELOCAL])
			/* "jsmith" at two domains: the name again, if made of it */
			lev[F_EMAIL] = a->elocal_name ? 8 : 3;
		else if (same_work_domain(d, a, b))	/* typo'd, or co-workers */
			lev[F_EMAIL] = mops_osa_within(STR(a, S_EMAIL), STR(b, S_EMAIL),
			    a->elocal8 && b->elocal8 ? 2 : 1) ? 4 : 6;
		else if (!a->role && !b->role && a->elocal8 && b->elocal8)
			fuzzy_email = 1;	/* decided below, if it can matter */
		else
			lev[F_EMAIL] = 5;
		if (lev[F_EMAIL] == 1 || lev[F_EMAIL] == 2)
			t += shared_adjust(d, a->s[S_EMAIL], W->w[F_EMAIL][lev[F_EMAIL]]);
	}
	if (a->kind == DD_PERSON) {
		int f1 = name_level(d, a->s[S_FIRST], b->s[S_FIRST], a->s[S_FSDX],
		    b->s[S_FSDX], 1);
		int l1 = name_level(d, a->s[S_LAST], b->s[S_LAST], a->s[S_LSDX],
		    b->s[S_LSDX], 0);
		double straight = W->w[F_FIRST][f1] + W->w[F_LAST][l1];

		lev[F_FIRST] = (uint8_t)f1;
		lev[F_LAST] = (uint8_t)l1;
		/* first and last swapped between systems */
		if (f1 > 1 && l1 > 1 && a->s[S_FIRST] && a->s[S_LAST]) {
			int f2 = name_level(d, a->s[S_FIRST], b->s[S_LAST], a->s[S_FSDX],
			    b->s[S_LSDX], 0);
			int l2 = name_level(d, a->s[S_LAST], b->s[S_FIRST], a->s[S_LSDX],
			    b->s[S_FSDX], 0);

			if (f2 && l2 && f2 <= 2 && l2 <= 2 && W->w[F_LAST][f2] +
			    W->w[F_LAST][l2] + W->w[F_SWAP][1] > straight) {
				lev[F_FIRST] = (uint8_t)(f2 == 1 ? 1 : 3);
				lev[F_LAST] = (uint8_t)l2;
				lev[F_SWAP] = 1;
			}
		}
		if (lev[F_FIRST] == 1 && !lev[F_SWAP])
			t += tf_adjust(d->strs.count, a->s[S_FIRST], d->tf_first_n,
			    W->w[F_FIRST][1]);
		if (lev[F_LAST] == 1 && !lev[F_SWAP])
			t += tf_adjust(d->count_last, a->s[S_LAST], d->tf_last_n,
			    W->w[F_LAST][1]);
		/* one mailbox, two first names: shared (a family, a team); two
		 * like mailboxes at one domain, two first names: co-workers */
		if (lev[F_EMAIL] == 1 && lev[F_FIRST] == 5)
			lev[F_EMAIL] = 7;
		if (lev[F_EMAIL] == 4 && lev[F_FIRST] == 5 && same_work_domain(d, a, b))
			lev[F_EMAIL] = 6;
	}
	/* the cheap fields: equal ids or not */
	if (a->kind == DD_ACCOUNT)
		lev[F_ADOMAIN] = (uint8_t)eq_level(a->s[S_CDOMAIN], b->s[S_CDOMAIN], 2);
	else
		lev[F_DOMAIN] = (uint8_t)eq_level(a->s[S_CDOMAIN], b->s[S_CDOMAIN], 2);
	if (a->s[S_PHONE] && b->s[S_PHONE]) {
		const char *pa = STR(a, S_PHONE), *pb = STR(b, S_PHONE);
		size_t la = LEN(a, S_PHONE), lb = LEN(b, S_PHONE);

		if (a->s[S_PHONE] == b->s[S_PHONE]) {
			lev[F_PHONE] = 1;
			t += shared_adjust(d, a->s[S_PHONE], W->w[F_PHONE][1]);
		}
		else if (la >= 7 && lb >= 7 && !strcmp(pa + la - 7, pb + lb - 7))
			lev[F_PHONE] = 2;
		else
			lev[F_PHONE] = 3;
	}
	lev[F_REGION] = (uint8_t)eq_level(a->s[S_REGION], b->s[S_REGION], 2);
	lev[F_COUNTRY] = (uint8_t)eq_level(a->s[S_COUNTRY], b->s[S_COUNTRY], 2);
	if (a->s[S_POSTAL] && b->s[S_POSTAL]) {
		if (a->s[S_POSTAL] == b->s[S_POSTAL])
			lev[F_POSTAL] = 1;
		else
			fuzzy_postal = 1;
	}
	/* Before the string metrics: can this pair still reach need?  Each
	 * undecided field adds at most its best level short of exact (opt[]);
	 * after each metric the bound takes the field's actual weight, and the
	 * pair stops as soon as it cannot link (most candidates do, before the
	 * costlier metrics). */
	if (need > -INFINITY) {
		int cf = a->kind == DD_ACCOUNT ? F_ANAME : F_COMPANY;

		for (f = 0, bound = t; f < NF; f++)
			bound += W->w[f][lev[f]];
		if (fuzzy_email)
			bound += opt[F_EMAIL] = maxw(W, F_EMAIL, 4, 5);
		if (fuzzy_postal)
			bound += opt[F_POSTAL] = maxw(W, F_POSTAL, 2, 3);
		if (a->s[S_COMPANY] && b->s[S_COMPANY])
			bound += opt[cf] = a->s[S_COMPANY] == b->s[S_COMPANY] ? W->w[cf][1] :
			    maxw(W, cf, 2, 3);
		if (a->s[S_CITY] && b->s[S_CITY])
			bound += opt[F_CITY] = a->s[S_CITY] == b->s[S_CITY] ? W->w[F_CITY][1] :
			    maxw(W, F_CITY, 2, 3);
		if (a->s[S_STREET] && b->s[S_STREET])
			bound += opt[F_STREET] = a->s[S_STREET] == b->s[S_STREET] ?
			    W->w[F_STREET][1] : maxw(W, F_STREET, 2, 3);
		if (a->s[S_DOB] && b->s[S_DOB])
			bound += opt[F_DOB] = a->s[S_DOB] == b->s[S_DOB] ? W->w[F_DOB][1] :
			    maxw(W, F_DOB, 2, 3) > W->w[F_DOB][4] ? maxw(W, F_DOB, 2, 3) :
			    W->w[F_DOB][4];
		if (bound < need) {
			*tf = (float)t;
			return bound;
		}
	}
	/* the bound with field f decided; a margin for rounding: only a pair
	 * surely under need stops here */
#define DECIDED(f) do { \
	if (need > -INFINITY) { \
		bound += W->w[f][lev[f]] - opt[f]; \
		if (bound < need - 1e-9) { \
			*tf = (float)t; \
			return bound; \
		} \
	} \
} while (0)
	if (fuzzy_email) {
		lev[F_EMAIL] = mops_osa_within(STR(a, S_EMAIL), STR(b, S_EMAIL), 2) ? 4 : 5;
		DECIDED(F_EMAIL);
	}
	if (fuzzy_postal) {
		lev[F_POSTAL] = mops_osa_within(STR(a, S_POSTAL), STR(b, S_POSTAL), 1) ? 2 : 3;
		DECIDED(F_POSTAL);
	}
	/* an account's own name and domain identify it; a person's company and
	 * company domain only say where they work */
	if (a->kind == DD_ACCOUNT) {
		lev[F_ANAME] = (uint8_t)jw_level(d, a->s[S_COMPANY], b->s[S_COMPANY]);
		DECIDED(F_ANAME);
	} else {
		lev[F_COMPANY] = (uint8_t)jw_level(d, a->s[S_COMPANY], b->s[S_COMPANY]);
		DECIDED(F_COMPANY);
	}
	if (lev[F_PHONE] == 3 && (lev[F_COMPANY] == 3 || lev[F_ANAME] == 3)) {
		lev[F_PHONECO] = 1;
		DECIDED(F_PHONECO);
	}
	lev[F_CITY] = (uint8_t)jw_level(d, a->s[S_CITY], b->s[S_CITY]);
	DECIDED(F_CITY);
	lev[F_DOB] = (uint8_t)dob_level(d, a->s[S_DOB], b->s[S_DOB]);
	DECIDED(F_DOB);
	lev[F_STREET] = (uint8_t)jw_level(d, a->s[S_STREET], b->s[S_STREET]);
#undef DECIDED
	for (f = 0; f < NF; f++)
		w += W->w[f][lev[f]];
	*tf = (float)t;
	return w + t;
}

static void
rescore(struct dd *d)
{
	size_t i;
	int f;

	for (i = 0; i < d->npairs; i++) {
		double w = d->pairs[i].tf;

		for (f = 0; f < NF; f++)
			w += d->wt.w[f][d->pairs[i].lev[f]];
		d->pairs[i].weight = (float)w;
	}
}

static void
keep(struct dd *d, size_t *cap, uint32_t a, uint32_t b, double w, const uint8_t *lev,
    float tf)
{
	struct dd_pair *p;

	d->pairs = mops_xgrow(d->pairs, cap, d->npairs + 1, sizeof(*p));
	p = &d->pairs[d->npairs++];
	p->a = a;
	p->b = b;
	p->weight = (float)w;
	p->tf = tf;
	memcpy(p->lev, lev, NF);
}

/* Scores every candidate; keeps the links, or every pair when they are all
 * written (--all-pairs) or all needed (--train). */
void
dd_score(struct dd *d)
{
	int keep_all = d->all_pairs || d->train;
	double need = keep_all ? -INFINITY : d->threshold;
	size_t i, cap = 0;
	uint8_t lev[NF];

	for (i = 0; i < d->ncand; i++) {
		uint32_t a = (uint32_t)(d->cand[i] >> 32), b = (uint32_t)d->cand[i];
		float tf;
		double w;

		/* b is a random record: its fields, then its cross-system ids,
		 * are cache misses; ask for them a few pairs ahead */
		if (i + 16 < d->ncand)
			__builtin_prefetch(&d->recs[(uint32_t)d->cand[i + 16]]);
		if (i + 8 < d->ncand)
			__builtin_prefetch(&d->xrefs[d->recs[(uint32_t)d->cand[i + 8]].xref]);
		w = dd_compare(d, &d->recs[a], &d->recs[b], lev, &tf, need);

		if (keep_all || w >= d->threshold)
			keep(d, &cap, a, b, w, lev, tf);
	}
	free(d->cand);
	d->cand = NULL;
	if (d->train)
		dd_train(d);
}

/* Pairs over the threshold under weights W (their levels and tf kept). */
static size_t
links_under(const struct dd *d, const struct dd_weights *W, double threshold)
{
	size_t i, n = 0;
	int f;

	for (i = 0; i < d->npairs; i++) {
		double w = d->pairs[i].tf;

		for (f = 0; f < NF; f++)
			w += W->w[f][d->pairs[i].lev[f]];
		n += w >= threshold;
	}
	return n;
}

/*
 * EM on the comparison patterns of the candidate pairs (Fellegi-Sunter with
 * conditional independence), bounded so that it cannot collapse onto "same
 * domain" or "same city" instead of "same person":
 *   - u (how often non-matches reach each level) is measured on random pairs
 *     of records, which are almost all non-matches, as splink does; only m
 *     and the match share are estimated;
 *   - the share of matches among the pairs is the defaults' (the pairs they
 *     link), not re-estimated: left free it grows onto every pair that
 *     shares a surname;
 *   - m has a prior from the defaults (m0 = u * 2^default weight, as many
 *     pseudo-pairs as PRIOR_SHARE of the pairs the defaults link), so a level
 *     few pairs reach keeps about its default weight;
 *   - every trained weight stays within BOUND bits of its default, and a
 *     disagreement level stays a penalty of at least half its default's;
 *   - the evidence that says "different" (co-worker mailboxes, a shared
 *     mailbox, phone and company both different), the cross-system id and
 *     the name swap keep their default weights;
 *   - without --threshold, the threshold is where the posterior odds favour
 *     a match (prior: the defaults' links over all same-kind pairs);
 *   - if the trained weights would link no pair, or more than four times or
 *     under a quarter of the pairs the defaults link, they are dropped with
 *     a warning and the defaults used.
 */
#define BOUND 2.0
#define PRIOR_SHARE 1.0
void
dd_train(struct dd *d)
{
	double m[NF][NL], u[NF][NL], m0[NF][NL], mn[NF][NL], p, prior, thr;
	uint64_t x = 0x9E3779B97F4A7C15ULL;	/* fixed seed: same output every run */
	size_t i, samples = 0, tries, ndef, ntr;
	struct dd_weights def = d->wt, tw = d->wt;
	int f, l, it;
	uint8_t lev[NF];
	float tf;

	if (d->n < 2)
		return;
	ndef = links_under(d, &def, d->threshold);
	if (!ndef) {
		mops_warn("--train: the defaults link none of the %zu pairs compared, "
		    "nothing to estimate from; using the defaults", d->npairs);
		return;
	}
	for (f = 0; f < NF; f++)
		for (l = 0; l < NL; l++)
			u[f][l] = 0.5;		/* smoothing for unseen levels */
	for (tries = 0; samples < 200000 && tries < 2000000; tries++) {
		uint32_t a, b;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		a = (uint32_t)((x >> 32) % d->n);
		b = (uint32_t)((x & 0xffffffffu) % d->n);
		if (a == b || d->recs[a].kind != d->recs[b].kind ||
		    d->recs[a].kind == DD_OTHER)
			continue;
		dd_compare(d, &d->recs[a], &d->recs[b], lev, &tf, -INFINITY);
		for (f = 0; f < NF; f++)
			u[f][lev[f]] += 1;
		samples++;
	}
	for (f = 0; f < NF; f++) {	/* normalise over the non-null levels */
		double su = 0, sm = 0;

		for (l = 1; l < def.nlev[f]; l++)
			su += u[f][l];
		for (l = 1; l < def.nlev[f]; l++) {
			u[f][l] /= su;
			sm += m0[f][l] = u[f][l] * pow(2, def.w[f][l]);
		}
		for (l = 1; l < def.nlev[f]; l++)
			m[f][l] = m0[f][l] /= sm;
	}
	prior = PRIOR_SHARE * (double)(ndef ? ndef : 1);
	p = (double)(ndef ? ndef : 1) / (double)d->npairs;
	for (it = 0; it < 25; it++) {
		memset(mn, 0, sizeof(mn));
		for (i = 0; i < d->npairs; i++) {
			const uint8_t *lv = d->pairs[i].lev;
			double lm = log(p), lu = log(1 - p), g;

			for (f = 0; f < NF; f++)
				if (lv[f] && f != F_XREF) {
					lm += log(m[f][lv[f]] + 1e-12);
					lu += log(u[f][lv[f]] + 1e-12);
				}
			g = lm - lu > 40 ? 1 : lm - lu < -40 ? 0 : 1 / (1 + exp(lu - lm));
			for (f = 0; f < NF; f++)
				if (lv[f])
					mn[f][lv[f]] += g;
		}
		for (f = 0; f < NF; f++) {
			double sm = 0;

			for (l = 1; l < def.nlev[f]; l++)
				sm += m[f][l] = mn[f][l] + prior * m0[f][l];
			for (l = 1; l < def.nlev[f]; l++)
				m[f][l] /= sm;
		}
	}
	for (f = 0; f < NF; f++) {
		if (f == F_XREF || f == F_SWAP || f == F_PHONECO)
			continue;
		for (l = 1; l < def.nlev[f]; l++) {
			double w = log2(m[f][l] / u[f][l]), w0 = def.w[f][l];

			if ((f == F_EMAIL && (l == 6 || l == 7)))
				continue;
			if (w < w0 - BOUND)
				w = w0 - BOUND;
			if (w > w0 + BOUND)
				w = w0 + BOUND;
			if (w0 < 0 && w > w0 / 2)	/* a disagreement stays one */
				w = w0 / 2;
			tw.w[f][l] = w;
		}
	}
	/* Without --threshold, link where the posterior odds favour a match:
	 * the prior is the defaults' links over all same-kind pairs. */
	thr = d->threshold;
	if (!d->threshold_set) {
		double all = 0, lambda;

		for (f = 0; f < 3; f++)
			all += (double)d->nkind[f] * ((double)d->nkind[f] - 1) / 2;
		lambda = p * (double)d->npairs / (all > 1 ? all : 1);
		if (lambda > 0 && lambda < 1)
			thr = log2((1 - lambda) / lambda);
	}
	ntr = links_under(d, &tw, thr);
	if (!ntr || ntr > 4 * ndef || 4 * ntr < ndef) {
		mops_warn("--train: the estimated weights would link %zu pairs where the "
		    "defaults link %zu; using the defaults", ntr, ndef);
		return;
	}
	d->wt = tw;
	d->threshold = thr;
	rescore(d);
}
