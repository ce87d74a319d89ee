/*
 * attribute_weights.c - the attribution models' weights (common/attr_weights.h)
 * Markov removal effects (common/attr_markov.h) under both graphs and the
 * data-driven model (common/attr_fract.h): hand-computed tables, then
 * property tests on random journeys (weights sum to 1, a single touch gets all,
 * cents add up exactly).
 */
#include <stdint.h>
#include <stdlib.h>

#include "attr_fract.h"
#include "attr_markov.h"
#include "attr_weights.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void
test_names(void)
{
	static const struct { const char *s; int m; } t[] = {
		{ "first", MOPS_ATTR_FIRST }, { "last_non_direct", MOPS_ATTR_LAST_NON_DIRECT },
		{ "u-shaped", MOPS_ATTR_POSITION }, { "U_SHAPED", MOPS_ATTR_POSITION },
		{ "position", MOPS_ATTR_POSITION }, { "W-Shaped", MOPS_ATTR_W_SHAPED },
		{ "full_path", MOPS_ATTR_Z_SHAPED }, { "inverse-j", MOPS_ATTR_INVERSE_J },
		{ "time_decay", MOPS_ATTR_TIME_DECAY }, { "shapley", MOPS_ATTR_SHAPLEY },
		{ "markov", MOPS_ATTR_MARKOV }, { "bogus", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_INT(mops_attr_model_parse(t[i].s, strlen(t[i].s)), t[i].m, t[i].s);
	CHECK_STR(mops_attr_model_name(MOPS_ATTR_J_SHAPED), "j_shaped", "name");
}

static void
test_cents(void)
{
	static const struct { const char *s; long long c; int ok; } t[] = {
		{ "1234.5", 123450, 0 }, { "0.005", 1, 0 }, { "0.0049", 0, 0 },
		{ "-0.07", -7, 0 }, { "1e2", 10000, 0 }, { "12.345", 1235, 0 },
		{ "100", 10000, 0 }, { "0", 0, 0 }, { "99.99", 9999, 0 },
		{ "1.5e-1", 15, 0 }, { "abc", 0, -1 }, { "", 0, -1 }, { "-", 0, -1 },
		{ "1.2.3", 0, -1 }, { "12x", 0, -1 }, { "1e300", 0, -1 },
	};
	static const struct { long long c; const char *s; } f[] = {
		{ 123450, "1234.5" }, { 1, "0.01" }, { -7, "-0.07" }, { 10000, "100" },
		{ 9999, "99.99" }, { 0, "0" }, { -150, "-1.5" },
	};
	size_t i;
	char buf[32];

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		long long c = 0;
		int r = mops_attr_parse_cents(t[i].s, &c);

		CHECK_INT(r, t[i].ok, t[i].s);
		if (r == 0)
			CHECK_INT(c, t[i].c, t[i].s);
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		mops_attr_fmt_cents(f[i].c, buf);
		CHECK_STR(buf, f[i].s, "fmt_cents");
	}
}

/* Hand-computed: 5 touches, Paid Email Direct Email Direct, lead on t3. */
static void
test_tables(void)
{
	struct mops_attr_params p;
	struct mops_attr_touch t[5] = {
		{ 0, 0, 4, 0 }, { 1, 0, 3, 0 }, { 2, 1, 2, MOPS_ATTR_M_LEAD },
		{ 1, 0, 1, 0 }, { 2, 1, 0, MOPS_ATTR_M_OPP | MOPS_ATTR_M_CLOSE },
	};
	static const struct { int m; double w[5]; } want[] = {
		{ MOPS_ATTR_FIRST, { 1, 0, 0, 0, 0 } },
		{ MOPS_ATTR_LAST, { 0, 0, 0, 0, 1 } },
		{ MOPS_ATTR_LAST_NON_DIRECT, { 0, 0, 0, 1, 0 } },
		{ MOPS_ATTR_LINEAR, { .2, .2, .2, .2, .2 } },
		{ MOPS_ATTR_POSITION, { .4, .2 / 3, .2 / 3, .2 / 3, .4 } },
		{ MOPS_ATTR_W_SHAPED, { .3, .05, .3, .05, .3 } },
		{ MOPS_ATTR_Z_SHAPED, { .225, .05, .225, .05, .45 } },
		{ MOPS_ATTR_TIME_DECAY, { 1 / 31., 2 / 31., 4 / 31., 8 / 31., 16 / 31. } },
		{ MOPS_ATTR_J_SHAPED, { .2, .2 / 3, .2 / 3, .2 / 3, .6 } },
		{ MOPS_ATTR_INVERSE_J, { .6, .2 / 3, .2 / 3, .2 / 3, .2 } },
		{ MOPS_ATTR_PARTICIPATION, { 1, 1, 1, 0, 0 } },
		{ MOPS_ATTR_SHAPLEY, { 1 / 3., 1 / 6., 1 / 6., 1 / 6., 1 / 6. } },
		{ MOPS_ATTR_MARKOV, { .5, .125, .125, .125, .125 } },
	};
	double share[3] = { 2, 1, 1 }, w[5];
	int count[3] = { 0, 0, 0 };
	size_t i, k;

	mops_attr_params_default(&p);
	p.half_life = 1;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		mops_attr_weights((enum mops_attr_model)want[i].m, &p, t, 5, share, count, w);
		for (k = 0; k < 5; k++)
			CHECK_NEAR(w[k], want[i].w[k], 1e-15, mops_attr_model_name(
			    (enum mops_attr_model)want[i].m));
	}
	/* two touches: split vs renormalise (j_shaped 20/20/60) */
	mops_attr_weights(MOPS_ATTR_J_SHAPED, &p, t + 3, 2, NULL, count, w);
	CHECK_NEAR(w[0], .3, 1e-15, "j split");
	p.short_paths = MOPS_ATTR_RENORMALISE;
	mops_attr_weights(MOPS_ATTR_J_SHAPED, &p, t + 3, 2, NULL, count, w);
	CHECK_NEAR(w[0], .25, 1e-15, "j renormalise");
	CHECK_NEAR(w[1], .75, 1e-15, "j renormalise");
}

static void
test_split(void)
{
	double w3[3] = { 1 / 3., 1 / 3., 1 / 3. }, w7[3] = { 1 / 7., 2 / 7., 4 / 7. };
	long long out[3];

	mops_attr_split_cents(100000, w3, 3, out);
	CHECK(out[0] == 33334 && out[1] == 33333 && out[2] == 33333, "thirds");
	mops_attr_split_cents(100000, w7, 3, out);
	CHECK(out[0] == 14286 && out[1] == 28571 && out[2] == 57143, "sevenths");
	mops_attr_split_cents(-100, w3, 3, out);
	CHECK(out[0] == -34 && out[1] == -33 && out[2] == -33, "negative");
	mops_attr_split_cents(1, w3, 3, out);
	CHECK(out[0] == 1 && out[1] == 0 && out[2] == 0, "one cent");
}

/* The split as it was, a cent at a time (O(cents x n)): the reference for
 * weights summing under 1. */
static void
split_slow(long long total, const double *w, size_t n, long long *out)
{
	long long at = total < 0 ? -total : total, given = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double f = floor(w[i] * (double)at);
		out[i] = (long long)(f >= 0 ? (f > (double)at ? (double)at : f) : 0);
		given += out[i];
	}
	while (given < at) {
		size_t best = n;
		double br = 0;
		for (i = 0; i < n; i++) {
			double r = w[i] * (double)at - (double)out[i];
			if (w[i] <= 0)
				continue;
			if (best == n || r > br + 1e-9) {
				best = i;
				br = r;
			}
		}
		if (best == n) {
			out[0] += at - given;
			given = at;
			break;
		}
		out[best]++;
		given++;
	}
	if (total < 0)
		for (i = 0; i < n; i++)
			out[i] = -out[i];
}

/* Weights summing well under 1 (issue 9: a cent at a time took minutes on
 * large amounts): same split as the cent-at-a-time reference, and fast. */
static void
test_split_under_one(void)
{
	double w[8], half[3] = { .1, .2, .2 };
	long long a[8], b[8], sum;
	unsigned x = 12345;
	int k, diff = 0, badsum = 0;
	size_t n, i;

	for (k = 0; k < 2000; k++) {
		long long total;
		double scale;
		x = x * 1103515245u + 12345u;
		n = 1 + x % 8;
		x = x * 1103515245u + 12345u;
		scale = (x % 100) / 100.0;	/* the weights sum to scale */
		x = x * 1103515245u + 12345u;
		total = (long long)(x % 30000) - 3000;
		for (i = 0, sum = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			w[i] = (double)(x % 1000);
			sum += (long long)w[i];
		}
		for (i = 0; i < n; i++)
			w[i] = sum ? w[i] / (double)sum * scale : 0;
		if (k % 7 == 0)
			w[n - 1] = 0;	/* a touch without weight gets nothing */
		mops_attr_split_cents(total, w, n, a);
		split_slow(total, w, n, b);
		for (i = 0, sum = 0; i < n; i++) {
			diff += a[i] != b[i];
			sum += a[i];
		}
		badsum += sum != total;
	}
	CHECK_INT(diff, 0, "under one: same as a cent at a time");
	CHECK_INT(badsum, 0, "under one: sums");
	/* a billion dollars over weights summing to 0.5: a cent at a time
	 * this loops 5e10 times */
	mops_attr_split_cents(100000000000LL, half, 3, a);
	CHECK(a[0] + a[1] + a[2] == 100000000000LL, "under one: sum");
	/* floors 1e10, 2e10, 2e10; the 5e10 left go round: 16666666666
	 * each, and the last 2 cents to the largest remainders */
	CHECK(a[0] >= 26666666666LL && a[0] <= 26666666667LL &&
	    a[1] >= 36666666666LL && a[1] <= 36666666667LL &&
	    a[2] >= 36666666666LL && a[2] <= 36666666667LL, "under one: rounds");
}

/* The chain of tests/attribute/path-3: RE .5, 1, 1. */
static void
test_markov(void)
{
	int conv[3] = { 0, 1, 2 }, null[1] = { 1 }, rep[4] = { 0, 0, 1, 1 };
	double re[3], rev[3], p;
	mops_markov *m = mops_markov_new(3, 1, MOPS_MARKOV_GRAPH_MOPS);

	mops_markov_add(m, conv, 3, 1, 10, 0);
	mops_markov_add(m, null, 1, 0, 0, 1);
	p = mops_markov_removal(m, re, rev);
	CHECK_NEAR(p, .5, 1e-14, "P(conv)");
	CHECK_NEAR(re[0], .5, 1e-14, "RE organic");
	CHECK_NEAR(re[1], 1, 1e-14, "RE email");
	CHECK_NEAR(re[2], 1, 1e-14, "RE paid");
	CHECK_NEAR(rev[0], .5, 1e-14, "RE value");
	CHECK_INT((long long)mops_markov_nstates(m), 4, "states");
	mops_markov_free(m);

	/* repeats collapse; nothing converts: P = 0, RE 0 */
	m = mops_markov_new(2, 2, MOPS_MARKOV_GRAPH_MOPS);
	mops_markov_add(m, rep, 4, 0, 0, 3);
	p = mops_markov_removal(m, re, NULL);
	CHECK(p == 0 && re[0] == 0 && re[1] == 0, "no conversions");
	CHECK_INT((long long)mops_markov_nstates(m), 3, "order 2 states: start (a) (a,b)");
	mops_markov_free(m);
}

/* ChannelAttribution's graph: a > a > b at order 2 is (a,a), (a,b); a > a >
 * a > b repeats (a,a) once; a short path is one state. */
static void
test_markov_ca(void)
{
	int p1[3] = { 0, 0, 1 }, p2[4] = { 0, 0, 0, 1 }, p3[1] = { 1 }, p4[2] = { 2, 0 };
	double re[3], p;
	mops_markov *m = mops_markov_new(3, 2, MOPS_MARKOV_GRAPH_CA);

	mops_markov_add(m, p1, 3, 1, 0, 0);
	CHECK_INT((long long)mops_markov_nstates(m), 3, "ca: start (a,a) (a,b)");
	mops_markov_add(m, p2, 4, 1.9, 0, 0.4);	/* 1 conversion, no null */
	CHECK_INT((long long)mops_markov_nstates(m), 3, "ca: (a,a) again is one visit");
	mops_markov_add(m, p3, 1, 0, 0, 2);
	CHECK_INT((long long)mops_markov_nstates(m), 4, "ca: (b) a short path");
	mops_markov_add(m, p4, 2, 0, 0, 0.7);	/* truncated to nothing */
	CHECK_INT((long long)mops_markov_nstates(m), 4, "ca: a path of 0 whole counts");
	/* start: (a,a) 2, (b) 2; (a,a) -> (a,b) -> conv: P = 1/2 */
	p = mops_markov_removal(m, re, NULL);
	CHECK_NEAR(p, .5, 1e-14, "ca: P(conv)");
	CHECK_NEAR(re[0], 1, 1e-14, "ca: RE a");
	CHECK_NEAR(re[1], 1, 1e-14, "ca: RE b");
	CHECK_NEAR(re[2], 0, 1e-14, "ca: RE c (never a state)");
	mops_markov_free(m);
}

/* The data-driven model: transforms and marginal contributions. */
static void
test_fract(void)
{
	/* a=0 b=1 c=2 */
	int ab[2] = { 0, 1 }, a[1] = { 0 }, b[1] = { 1 }, baa[3] = { 1, 0, 0 };
	int aba[3] = { 0, 1, 0 };
	double w[3], p;
	mops_fract *f;

	CHECK_INT(mops_fract_transform_parse("frequency"), MOPS_FRACT_FREQUENCY, "parse");
	CHECK_INT(mops_fract_transform_parse("Exposure"), -1, "parse is exact");
	CHECK_STR(mops_fract_transform_name(MOPS_FRACT_FIRST), "first", "name");

	/* a > b 3/4, a 1/4, b 1/2: a loses 1/4, b 1/2 -> 1/3, 2/3 */
	f = mops_fract_new(3, MOPS_FRACT_EXPOSURE);
	mops_fract_add(f, ab, 2, 3, 1);
	mops_fract_add(f, a, 1, 1, 3);
	mops_fract_add(f, b, 1, 1, 1);
	mops_fract_add(f, baa, 3, 1, 0);
	CHECK_INT((long long)mops_fract_npaths(f), 4, "exposure: b > a > a is b > a");
	p = mops_fract_weights(f, ab, 2, w);
	CHECK_NEAR(p, .75, 1e-15, "p(a > b)");
	CHECK_NEAR(w[0], 1 / 3., 1e-15, "a > b: a");
	CHECK_NEAR(w[1], 2 / 3., 1e-15, "a > b: b");
	/* b > a (rate 1): b loses 3/4, a 1/2 -> 3/5, 2/5 over the run of two a */
	mops_fract_weights(f, baa, 3, w);
	CHECK_NEAR(w[0], .6, 1e-15, "b > a > a: b");
	CHECK_NEAR(w[1], .2, 1e-15, "b > a > a: first a");
	CHECK_NEAR(w[2], .2, 1e-15, "b > a > a: second a");
	/* never seen: p = 0, every marginal 0: the last step gets 1 */
	p = mops_fract_weights(f, aba, 3, w);
	CHECK(p == 0 && w[0] == 0 && w[1] == 0 && w[2] == 1, "unseen: the last step");
	mops_fract_weights(f, a, 1, w);
	CHECK(w[0] == 1, "one step");
	mops_fract_free(f);

	/* frequency: a > b > a is a(2) > b(1); first: a > b, the later a gets 0 */
	f = mops_fract_new(3, MOPS_FRACT_FREQUENCY);
	mops_fract_add(f, aba, 3, 1, 0);
	mops_fract_add(f, ab, 2, 1, 1);	/* a(1) > b(1): another path */
	mops_fract_add(f, b, 1, 1, 3);
	CHECK_INT((long long)mops_fract_npaths(f), 3, "frequency: a(2) > b(1) is new");
	/* a(2) > b(1) rate 1; without a(2) -> b(1) 1/4: a loses 3/4; without
	 * b(1) -> a(2) never seen: b loses 1.  a 3/7 over its two touches, b 4/7 */
	mops_fract_weights(f, aba, 3, w);
	CHECK_NEAR(w[0], 3 / 14., 1e-15, "frequency: a");
	CHECK_NEAR(w[1], 4 / 7., 1e-15, "frequency: b");
	CHECK_NEAR(w[2], 3 / 14., 1e-15, "frequency: a again");
	mops_fract_free(f);

	f = mops_fract_new(3, MOPS_FRACT_FIRST);
	mops_fract_add(f, aba, 3, 1, 0);
	mops_fract_add(f, ab, 2, 1, 1);
	CHECK_INT((long long)mops_fract_npaths(f), 1, "first: a > b > a is a > b");
	mops_fract_weights(f, aba, 3, w);
	CHECK(w[0] == .5 && w[1] == .5 && w[2] == 0, "first: the later a gets 0");
	mops_fract_free(f);

	f = mops_fract_new(3, MOPS_FRACT_UNIQUE);
	mops_fract_add(f, baa, 3, 1, 0);
	mops_fract_add(f, ab, 2, 1, 0);
	CHECK_INT((long long)mops_fract_npaths(f), 2, "unique: as is");
	mops_fract_weights(f, baa, 3, w);
	CHECK_NEAR(w[0] + w[1] + w[2], 1, 1e-15, "unique: sums to 1");
	CHECK_NEAR(w[1], 1 / 3., 1e-15, "unique: a a are two steps");
	mops_fract_free(f);
}

/* Invariants on random journeys, every model. */
static void
test_properties(void)
{
	struct mops_attr_params p;
	struct mops_attr_touch t[12];
	double w[12], share[6];
	long long cents[12];
	int count[6] = { 0 };
	int iter, bad_sum = 0, bad_one = 0, bad_cents = 0, bad_neg = 0;

	mops_attr_params_default(&p);
	for (iter = 0; iter < 20000; iter++) {
		size_t n = 1 + rnd(12), i;
		int m;
		long long total = (long long)rnd(10000000) - 1000000, sum;

		p.short_paths = rnd(2) ? MOPS_ATTR_SPLIT : MOPS_ATTR_RENORMALISE;
		for (i = 0; i < 6; i++)
			share[i] = rnd(3) ? rnd(1000) / 1000.0 : 0;
		for (i = 0; i < n; i++) {
			t[i].channel = (int)rnd(6);
			t[i].is_direct = t[i].channel == 0;
			t[i].age = (double)(n - i) * rnd(100000);
			t[i].milestones = rnd(4) ? 0 : 1u << rnd(3);
		}
		for (m = 0; m < MOPS_ATTR_NMODELS; m++) {
			double s = 0;

			mops_attr_weights((enum mops_attr_model)m, &p, t, n, share, count, w);
			for (i = 0; i < n; i++) {
				s += w[i];
				bad_neg += w[i] < 0;
			}
			if (n == 1 && w[0] != 1)
				bad_one++;
			if (m != MOPS_ATTR_PARTICIPATION && fabs(s - 1) > 1e-12)
				bad_sum++;
			if (m == MOPS_ATTR_PARTICIPATION)
				continue;
			mops_attr_split_cents(total, w, n, cents);
			for (i = 0, sum = 0; i < n; i++) {
				sum += cents[i];
				if (fabs((double)cents[i] - w[i] * (double)total) >= 1 + 1e-6)
					bad_cents++;
			}
			if (sum != total)
				bad_cents++;
		}
		for (i = 0; i < 6; i++)
			if (count[i])
				bad_sum++;	/* scratch must come back zeroed */
	}
	CHECK_INT(bad_sum, 0, "weights sum to 1");
	CHECK_INT(bad_one, 0, "a single touch gets everything");
	CHECK_INT(bad_neg, 0, "no negative weight");
	CHECK_INT(bad_cents, 0, "cents add up exactly, each within a cent");
}

int
main(void)
{
	test_names();
	test_cents();
	test_tables();
	test_split();
	test_split_under_one();
	test_markov();
	test_markov_ca();
	test_fract();
	test_properties();
	return unit_done();
}
