/*
 * attr_weights.c - attribution model weights for one path; exact cents.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_weights.h"

static const char *const model_names[MOPS_ATTR_NMODELS] = {
	"first", "last", "last_non_direct", "linear", "position", "w_shaped",
	"z_shaped", "time_decay", "j_shaped", "inverse_j", "participation",
	"markov", "shapley", "data_driven"
};

const char *
mops_attr_model_name(enum mops_attr_model m)
{
	return (unsigned)m < MOPS_ATTR_NMODELS ? model_names[m] : "?";
}

int
mops_attr_model_parse(const char *name, size_t len)
{
	static const struct { const char *alias; int m; } aliases[] = {
		{ "first_touch", MOPS_ATTR_FIRST }, { "last_touch", MOPS_ATTR_LAST },
		{ "linear_touch", MOPS_ATTR_LINEAR }, { "u_shaped", MOPS_ATTR_POSITION },
		{ "position_based", MOPS_ATTR_POSITION }, { "full_path", MOPS_ATTR_Z_SHAPED },
		{ "j", MOPS_ATTR_J_SHAPED }, { "inverse_j_shaped", MOPS_ATTR_INVERSE_J },
		{ "reverse_j", MOPS_ATTR_INVERSE_J }, { "w", MOPS_ATTR_W_SHAPED },
		{ "z", MOPS_ATTR_Z_SHAPED }, { "u", MOPS_ATTR_POSITION },
		{ "fractribution", MOPS_ATTR_DATA_DRIVEN },
	};
	char buf[32];
	size_t i;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	for (i = 0; i < len; i++)	/* "w-shaped" and "W_Shaped" are w_shaped */
		buf[i] = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
	buf[len] = '\0';
	for (i = 0; i < MOPS_ATTR_NMODELS; i++)
		if (strcmp(buf, model_names[i]) == 0)
			return (int)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(buf, aliases[i].alias) == 0)
			return aliases[i].m;
	return -1;
}

void
mops_attr_params_default(struct mops_attr_params *p)
{
	p->position[0] = 40 / 100.0; p->position[1] = 20 / 100.0; p->position[2] = 40 / 100.0;
	p->j[0] = 20 / 100.0; p->j[1] = 20 / 100.0; p->j[2] = 60 / 100.0;
	p->inverse_j[0] = 60 / 100.0; p->inverse_j[1] = 20 / 100.0; p->inverse_j[2] = 20 / 100.0;
	p->w[0] = p->w[1] = p->w[2] = 30 / 100.0; p->w[3] = 10 / 100.0;
	p->z[0] = p->z[1] = p->z[2] = p->z[3] = 22.5 / 100.0; p->z[4] = 10 / 100.0;
	p->half_life = 7 * 86400.0;
	p->short_paths = MOPS_ATTR_SPLIT;
}

/*
 * Milestone models: mw[k] falls on touch at[k]; rest is spread over the other
 * touches.  w[] holds the milestone sums first, so coinciding milestones add up.
 */
static void
milestones(const double *mw, const size_t *at, size_t k, double rest,
    enum mops_attr_short policy, size_t n, double *w)
{
	size_t i, j, others = n, distinct = 0;
	double sum = 0;

	for (i = 0; i < n; i++)
		w[i] = 0;
	for (j = 0; j < k; j++)
		w[at[j]] += mw[j];
	for (i = 0; i < n; i++) {
		int is_m = 0;

		for (j = 0; j < k; j++)
			if (at[j] == i)
				is_m = 1;
		if (is_m) {
			others--;
			distinct++;
			sum += w[i];
		}
	}
	if (others > 0) {
		double each = rest / (double)others;

		for (i = 0; i < n; i++) {
			int is_m = 0;

			for (j = 0; j < k; j++)
				if (at[j] == i)
					is_m = 1;
			if (!is_m)
				w[i] = each;
		}
		return;
	}
	/* Every touch is a milestone: the short-path policy. */
	for (i = 0; i < n; i++) {	/* n <= k here: every touch is a milestone */
		if (policy == MOPS_ATTR_SPLIT)
			w[i] += rest / (double)distinct;
		else
			w[i] = sum > 0 ? w[i] / sum : 1.0 / (double)distinct;
	}
}

/* Index of the first touch carrying milestone bit b; dflt if none. */
static size_t
find_milestone(const struct mops_attr_touch *t, size_t n, unsigned b, size_t dflt)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].milestones & b)
			return i;
	return dflt;
}

/* Equal split of each channel's share over its touches; count[] back to 0. */
static void
by_channel(const struct mops_attr_touch *t, size_t n, const double *share,
    int *count, double *w)
{
	size_t i, distinct = 0;
	double sum = 0;

	for (i = 0; i < n; i++)
		if (count[t[i].channel]++ == 0) {
			distinct++;
			if (share)
				sum += share[t[i].channel];
		}
	for (i = 0; i < n; i++) {
		int c = t[i].channel;

		if (share && sum > 0)
			w[i] = share[c] / sum / count[c];
		else
			w[i] = 1.0 / (double)distinct / count[c];
	}
	for (i = 0; i < n; i++)
		count[t[i].channel] = 0;
}

void
mops_attr_weights(enum mops_attr_model m, const struct mops_attr_params *p,
    const struct mops_attr_touch *t, size_t n, const double *share, int *count,
    double *w)
{
	size_t i, at[4];
	double sum;

	if (n == 1) {	/* a single touch gets everything, exactly */
		w[0] = 1;
		return;
	}
	switch (m) {
	case MOPS_ATTR_FIRST:
	case MOPS_ATTR_LAST:
	case MOPS_ATTR_LAST_NON_DIRECT:
		for (i = 0; i < n; i++)
			w[i] = 0;
		if (m == MOPS_ATTR_FIRST)
			w[0] = 1;
		else if (m == MOPS_ATTR_LAST)
			w[n - 1] = 1;
		else {
			for (i = n; i-- > 0;)
				if (!t[i].is_direct)
					break;
			w[i < n ? i : n - 1] = 1;
		}
		return;
	case MOPS_ATTR_LINEAR:
	case MOPS_ATTR_DATA_DRIVEN:	/* no model here: see attr_fract.h */
		for (i = 0; i < n; i++)
			w[i] = 1.0 / (double)n;
		return;
	case MOPS_ATTR_POSITION:
	case MOPS_ATTR_J_SHAPED:
	case MOPS_ATTR_INVERSE_J: {
		const double *v = m == MOPS_ATTR_POSITION ? p->position :
		    m == MOPS_ATTR_J_SHAPED ? p->j : p->inverse_j;
		double mw[2];

		mw[0] = v[0];
		mw[1] = v[2];
		at[0] = 0;
		at[1] = n - 1;
		milestones(mw, at, 2, v[1], p->short_paths, n, w);
		return;
	}
	case MOPS_ATTR_W_SHAPED:
		at[0] = 0;
		at[1] = find_milestone(t, n, MOPS_ATTR_M_LEAD, 0);
		at[2] = find_milestone(t, n, MOPS_ATTR_M_OPP, n - 1);
		milestones(p->w, at, 3, p->w[3], p->short_paths, n, w);
		return;
	case MOPS_ATTR_Z_SHAPED:
		at[0] = 0;
		at[1] = find_milestone(t, n, MOPS_ATTR_M_LEAD, 0);
		at[2] = find_milestone(t, n, MOPS_ATTR_M_OPP, n - 1);
		at[3] = find_milestone(t, n, MOPS_ATTR_M_CLOSE, n - 1);
		milestones(p->z, at, 4, p->z[4], p->short_paths, n, w);
		return;
	case MOPS_ATTR_TIME_DECAY:
		sum = 0;
		for (i = 0; i < n; i++) {
			w[i] = exp2(-t[i].age / p->half_life);
			sum += w[i];
		}
		for (i = 0; i < n; i++)
			w[i] = sum > 0 ? w[i] / sum : 1.0 / (double)n;
		return;
	case MOPS_ATTR_PARTICIPATION:
		for (i = 0; i < n; i++)
			w[i] = count[t[i].channel]++ == 0 ? 1 : 0;
		for (i = 0; i < n; i++)
			count[t[i].channel] = 0;
		return;
	case MOPS_ATTR_SHAPLEY:
		by_channel(t, n, NULL, count, w);
		return;
	case MOPS_ATTR_MARKOV:
		by_channel(t, n, share, count, w);
		return;
	case MOPS_ATTR_NMODELS:
		break;
	}
	abort();
}

void
mops_attr_split_cents(long long total, const double *w, size_t n, long long *out)
{
	long long abs_total = total < 0 ? -total : total, given = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double f = floor(w[i] * (double)abs_total);

		if (!(f >= 0))
			f = 0;
		if (f > (double)abs_total)
			f = (double)abs_total;
		out[i] = (long long)f;
		given += out[i];
	}
	/* Weights summing well under 1 leave many cents: one by one that was
	 * O(cents x n).  While every weight is in [0, 1] each remainder starts in
	 * [0, 1), so the one-by-one loop gives out whole rounds, one cent to
	 * each positive weight per round, whatever the order: give those at
	 * once, and leave under a round to the loop.  Weights summing to 1
	 * leave under a round, so their split is unchanged. */
	if (abs_total - given >= (long long)n) {
		long long npos = 0, rounds;
		int plain = 1;

		for (i = 0; i < n; i++) {
			if (!(w[i] >= 0 && w[i] <= 1))
				plain = 0;
			npos += w[i] > 0;
		}
		if (plain && npos > 0) {
			rounds = (abs_total - given) / npos;
			for (i = 0; i < n; i++)
				if (w[i] > 0)
					out[i] += rounds;
			given += rounds * npos;
		}
	}
	/* The cents left go one by one to the largest remainders; a difference
	 * under 1e-9 is rounding noise, and the earlier touch wins it. */
	while (given < abs_total) {
		size_t best = n;
		double br = 0;

		for (i = 0; i < n; i++) {
			double r = w[i] * (double)abs_total - (double)out[i];

			if (w[i] <= 0)
				continue;
			if (best == n || r > br + 1e-9) {
				best = i;
				br = r;
			}
		}
		if (best == n) {	/* no positive weight: the first touch takes it */
			out[0] += abs_total - given;	/* all at once: cents can be 1e11 */
			given = abs_total;
			break;
		}
		out[best]++;
		given++;
	}
	/* Weights summing over 1 (a caller's mistake): take the excess back from
	 * the last touches, so the sum still holds. */
	for (i = n; i-- > 0 && given > abs_total;) {
		long long take = out[i] < given - abs_total ? out[i] : given - abs_total;

		out[i] -= take;
		given -= take;
	}
	if (total < 0)
		for (i = 0; i < n; i++)
			out[i] = -out[i];
}

int
mops_attr_parse_cents(const char *s, long long *cents)
{
	const char *p = s;
	int neg = 0, ndig = 0, seen_digit = 0, point = -1, exp10 = 0, i, shift;
	char dig[40];
	long long v = 0;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p == '.' && point < 0) {
			point = ndig;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		seen_digit = 1;
		if (ndig == 0 && *p == '0') {	/* leading zeros shift the point */
			if (point >= 0)
				exp10--;
			continue;
		}
		if (ndig < (int)sizeof(dig) - 1)
			dig[ndig++] = *p;
		else if (point < 0)
			exp10++;
	}
	if (!seen_digit)
		return -1;
	if (point < 0)
		point = ndig;
	if (*p == 'e' || *p == 'E') {
		char *end;
		long e = strtol(p + 1, &end, 10);

		if (end == p + 1 || e > 100 || e < -100)
			return -1;
		exp10 += (int)e;
		p = end;
	}
	if (*p)
		return -1;
	/* value = 0.dig * 10^(point + exp10); cents = dig shifted by point+exp10+2 */
	shift = point + exp10 + 2;
	if (shift > 17)
		return ndig == 0 ? (*cents = 0, 0) : -1;
	for (i = 0; i < shift; i++)
		v = v * 10 + (i < ndig ? dig[i] - '0' : 0);
	if (shift >= 0 && shift < ndig && dig[shift] >= '5')
		v++;
	if (v >= 900000000000000000LL)
		return -1;
	*cents = neg ? -v : v;
	return 0;
}

size_t
mops_attr_fmt_cents(long long cents, char *buf)
{
	unsigned long long a = cents < 0 ? 0ULL - (unsigned long long)cents :
	    (unsigned long long)cents, whole = a / 100;
	unsigned r = (unsigned)(a % 100);
	char tmp[24];
	size_t n = 0, k = 0;

	/* by hand: this runs once per credit row */
	if (cents < 0)
		buf[n++] = '-';
	do
		tmp[k++] = (char)('0' + whole % 10);
	while ((whole /= 10) > 0);
	while (k > 0)
		buf[n++] = tmp[--k];
	if (r) {
		buf[n++] = '.';
		buf[n++] = (char)('0' + r / 10);
		if (r % 10)
			buf[n++] = (char)('0' + r % 10);
	}
	buf[n] = '\0';
	return n;
}
