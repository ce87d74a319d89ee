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
	"street", "account_name", "account_domain",
};

const char *const dd_level_name[NF][NL] = {
	{ "null", "match" },
	{ "null", "exact", "exact_role", "local_part", "fuzzy", "diff" },
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
};

static const double defw[NF][NL] = {
	{ 0, 30 },
	{ 0, 14, 1, 5, 6, -3 },
	{ 0, 4.5, 3.5, 3, 1, -5 },
	{ 0, 6, 4, 2, -7 },
	{ 0, -1 },
	{ 0, 2.5, 1.5, -1 },
	{ 0, 2.5, -1 },
	{ 0, 8, 3, -1 },
	{ 0, 1.5, 1, -1.5 },
	{ 0, 0.5, -1.5 },
	{ 0, 0.3, -3 },
	{ 0, 3, 1, -1.5 },
	{ 0, 7, 3, -1, -4 },
	{ 0, 4, 2, -1 },
	{ 0, 5, 3, -4 },
	{ 0, 10, -3 },
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

/* Name levels: 1 exact, 2 nickname (first names), 3 jw >= 0.92, 4 fuzzy (jw >=
 * 0.80, same Soundex, at most 2 edits with transpositions, or one is the
 * other's initial), 5 diff; last names skip level 2. */
static int
name_level(const struct dd *d, uint32_t x, uint32_t y, int first)
{
	const char *a = dd_str(&d->strs, x), *b = dd_str(&d->strs, y);
	double jw;
	char sa[8], sb[8];

	if (!x || !y)
		return 0;
	if (x == y)
		return 1;
	if (first && mops_nickname_match(a, b))
		return 2;
	jw = mops_jaro_winkler(a, b);
	if (jw >= 0.92)
		return first ? 3 : 2;
	mops_soundex(a, sa, sizeof(sa));
	mops_soundex(b, sb, sizeof(sb));
	if (jw >= 0.80 || !strcmp(sa, sb) ||
	    (first && (a[1] == '\0' || b[1] == '\0') && a[0] == b[0]) ||
	    (strlen(a) >= 4 && strlen(b) >= 4 && mops_osa(a, b) <= 2))
		return first ? 4 : 3;
	return first ? 5 : 4;
}

static double
tf_adjust(const struct dd *d, uint32_t id, double n, double exact_w)
{
	double u, adj;

	if (n < 100 || !d->strs.count || !d->strs.count[id])
		return 0;
	/* u of the default weight, against this value's own frequency */
	u = 0.95 / pow(2, exact_w);
	adj = log2(u / (d->strs.count[id] / n));
	return adj < -3 ? -3 : adj > 2 ? 2 : adj;
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
	if (!x || !y)
		return 0;
	if (x == y)
		return 1;
	return mops_jaro_winkler(dd_str(&d->strs, x), dd_str(&d->strs, y)) >= 0.9 ? 2 : 3;
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
	if (mops_osa(a, b) <= 1)
		return 2;
	if (n >= 4 && !strncmp(a, b, 4))
		return 3;
	return 4;
}

double
dd_compare(const struct dd *d, const struct dd_rec *a, const struct dd_rec *b,
    uint8_t *lev, float *tf)
{
	const struct dd_weights *W = &d->wt;
	double w = 0, t = 0;
	uint32_t i, j;
	int f;

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
			lev[F_EMAIL] = 3;
		else if (!a->role && !b->role && mops_osa(STR(a, S_EMAIL), STR(b, S_EMAIL)) <= 2)
			lev[F_EMAIL] = 4;
		else
			lev[F_EMAIL] = 5;
	}
	if (a->kind == DD_PERSON) {
		int f1 = name_level(d, a->s[S_FIRST], b->s[S_FIRST], 1);
		int l1 = name_level(d, a->s[S_LAST], b->s[S_LAST], 0);
		double straight = W->w[F_FIRST][f1] + W->w[F_LAST][l1];

		lev[F_FIRST] = (uint8_t)f1;
		lev[F_LAST] = (uint8_t)l1;
		/* first and last swapped between systems */
		if (f1 > 1 && l1 > 1 && a->s[S_FIRST] && a->s[S_LAST]) {
			int f2 = name_level(d, a->s[S_FIRST], b->s[S_LAST], 0);
			int l2 = name_level(d, a->s[S_LAST], b->s[S_FIRST], 0);

			if (f2 && l2 && f2 <= 2 && l2 <= 2 && W->w[F_LAST][f2] +
			    W->w[F_LAST][l2] + W->w[F_SWAP][1] > straight) {
				lev[F_FIRST] = (uint8_t)(f2 == 1 ? 1 : 3);
				lev[F_LAST] = (uint8_t)l2;
				lev[F_SWAP] = 1;
			}
		}
		if (lev[F_FIRST] == 1 && !lev[F_SWAP])
			t += tf_adjust(d, a->s[S_FIRST], d->tf_first_n, W->w[F_FIRST][1]);
		if (lev[F_LAST] == 1 && !lev[F_SWAP])
			t += tf_adjust(d, a->s[S_LAST], d->tf_last_n, W->w[F_LAST][1]);
	}
	/* an account's own name and domain identify it; a person's company and
	 * company domain only say where they work */
	if (a->kind == DD_ACCOUNT) {
		lev[F_ANAME] = (uint8_t)jw_level(d, a->s[S_COMPANY], b->s[S_COMPANY]);
		lev[F_ADOMAIN] = (uint8_t)eq_level(a->s[S_CDOMAIN], b->s[S_CDOMAIN], 2);
	} else {
		lev[F_COMPANY] = (uint8_t)jw_level(d, a->s[S_COMPANY], b->s[S_COMPANY]);
		lev[F_DOMAIN] = (uint8_t)eq_level(a->s[S_CDOMAIN], b->s[S_CDOMAIN], 2);
	}
	if (a->s[S_PHONE] && b->s[S_PHONE]) {
		const char *pa = STR(a, S_PHONE), *pb = STR(b, S_PHONE);
		size_t la = strlen(pa), lb = strlen(pb);

		if (a->s[S_PHONE] == b->s[S_PHONE])
			lev[F_PHONE] = 1;
		else if (la >= 7 && lb >= 7 && !strcmp(pa + la - 7, pb + lb - 7))
			lev[F_PHONE] = 2;
		else
			lev[F_PHONE] = 3;
	}
	lev[F_CITY] = (uint8_t)jw_level(d, a->s[S_CITY], b->s[S_CITY]);
	lev[F_REGION] = (uint8_t)eq_level(a->s[S_REGION], b->s[S_REGION], 2);
	lev[F_COUNTRY] = (uint8_t)eq_level(a->s[S_COUNTRY], b->s[S_COUNTRY], 2);
	if (a->s[S_POSTAL] && b->s[S_POSTAL])
		lev[F_POSTAL] = a->s[S_POSTAL] == b->s[S_POSTAL] ? 1 :
		    mops_osa(STR(a, S_POSTAL), STR(b, S_POSTAL)) <= 1 ? 2 : 3;
	lev[F_DOB] = (uint8_t)dob_level(d, a->s[S_DOB], b->s[S_DOB]);
	lev[F_STREET] = (uint8_t)jw_level(d, a->s[S_STREET], b->s[S_STREET]);
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

void
dd_score(struct dd *d)
{
	size_t i;

	for (i = 0; i < d->npairs; i++) {
		struct dd_pair *p = &d->pairs[i];

		p->weight = (float)dd_compare(d, &d->recs[p->a], &d->recs[p->b],
		    p->lev, &p->tf);
	}
	if (d->train)
		dd_train(d);
}

/*
 * EM on the comparison patterns of the candidate pairs (Fellegi-Sunter with
 * conditional independence, as splink and fastLink do): start from the default
 * weights, alternate the match probability of each pair and the m and u
 * probabilities of each field level.  Null levels stay at weight 0 and the
 * cross-system id stays decisive.  Weights are clamped to [-12, 16] so a level
 * that never occurs cannot become infinite.
 */
void
dd_train(struct dd *d)
{
	double m[NF][NL], u[NF][NL], mn[NF][NL], un[NF][NL], p = 0.1, sg, sn;
	size_t i;
	int f, l, it;

	if (!d->npairs)
		return;
	for (f = 0; f < NF; f++)
		for (l = 1; l < d->wt.nlev[f]; l++) {
			m[f][l] = pow(2, d->wt.w[f][l] / 2);
			u[f][l] = pow(2, -d->wt.w[f][l] / 2);
		}
	for (it = 0; it < 25; it++) {
		memset(mn, 0, sizeof(mn));
		memset(un, 0, sizeof(un));
		sg = sn = 0;
		for (f = 0; f < NF; f++) {	/* normalise within each field */
			double sm = 0, su = 0;

			for (l = 1; l < d->wt.nlev[f]; l++) {
				sm += m[f][l];
				su += u[f][l];
			}
			for (l = 1; l < d->wt.nlev[f]; l++) {
				m[f][l] /= sm;
				u[f][l] /= su;
			}
		}
		for (i = 0; i < d->npairs; i++) {
			const uint8_t *lv = d->pairs[i].lev;
			double lm = log(p), lu = log(1 - p), g;

			for (f = 0; f < NF; f++)
				if (lv[f] && f != F_XREF) {
					lm += log(m[f][lv[f]] + 1e-12);
					lu += log(u[f][lv[f]] + 1e-12);
				}
			g = lm - lu > 40 ? 1 : lm - lu < -40 ? 0 : 1 / (1 + exp(lu - lm));
			sg += g;
			sn += 1 - g;
			for (f = 0; f < NF; f++)
				if (lv[f]) {
					mn[f][lv[f]] += g;
					un[f][lv[f]] += 1 - g;
				}
		}
		p = sg / (sg + sn);
		if (p < 1e-6)
			p = 1e-6;
		if (p > 1 - 1e-6)
			p = 1 - 1e-6;
		for (f = 0; f < NF; f++)
			for (l = 1; l < d->wt.nlev[f]; l++) {
				m[f][l] = mn[f][l] + 0.5;	/* smoothing */
				u[f][l] = un[f][l] + 0.5;
			}
	}
	for (f = 0; f < NF; f++) {
		double sm = 0, su = 0;

		if (f == F_XREF || f == F_SWAP)
			continue;
		for (l = 1; l < d->wt.nlev[f]; l++) {
			sm += m[f][l];
			su += u[f][l];
		}
		for (l = 1; l < d->wt.nlev[f]; l++) {
			double w = log2((m[f][l] / sm) / (u[f][l] / su));

			d->wt.w[f][l] = w < -12 ? -12 : w > 16 ? 16 : w;
		}
	}
	rescore(d);
}
