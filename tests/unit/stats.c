/*
 * stats.c - the normal and chi-square functions against independent values:
 * quantiles from Python's statistics.NormalDist().inv_cdf (Wichura's AS241),
 * chi-square tails from their closed forms for df 1..4 (df 2: e^-x/2; df 4:
 * e^-x/2 (1 + x/2); df 1 and 3 through erfc), and the pooled z-test of
 * 100/1000 against 130/1000 worked by hand (p = 0.0355).
 */
#include <math.h>

#include "stats.h"
#include "unit.h"

int
main(void)
{
	static const struct { double p, z; } q[] = {
		{ 0.975, 1.9599639845400536 }, { 0.8, 0.8416212335729144 },
		{ 0.995, 2.5758293035489 }, { 1e-10, -6.361340902404056 },
		{ 0.5, 0.0 }, { 0.02, -2.0537489106318225 },
		{ 0.98, 2.053748910631822 },
	};
	static const double xs[] = { 0.001, 0.5, 1, 2.5, 3.84, 7.7, 20, 60, 300 };
	size_t i;
	double pooled, se, z;

	for (i = 0; i < sizeof q / sizeof *q; i++)
		CHECK_NEAR(mops_norm_quantile(q[i].p), q[i].z,
		    1e-12 * (1 + fabs(q[i].z)), "quantile");
	CHECK(isnan(mops_norm_quantile(0)), "quantile(0) is NAN");
	CHECK(isnan(mops_norm_quantile(1)), "quantile(1) is NAN");
	CHECK_NEAR(mops_norm_sf(1.959963984540054), 0.025, 1e-15, "sf(1.96)");
	CHECK_NEAR(mops_norm_sf(0), 0.5, 0, "sf(0)");
	for (i = 0; i < sizeof xs / sizeof *xs; i++) {
		double x = xs[i], e2 = exp(-x / 2);
		double w1 = erfc(sqrt(x / 2));
		double w3 = w1 + sqrt(2 * x / M_PI) * e2;
		double w4 = e2 * (1 + x / 2);
		CHECK(fabs(mops_chi2_sf(x, 1) - w1) <= 1e-14 * w1,
		    "chi2 df 1 x %g: got %.15g want %.15g", x, mops_chi2_sf(x, 1), w1);
		CHECK(fabs(mops_chi2_sf(x, 2) - e2) <= 1e-12 * e2,
		    "chi2 df 2 x %g: got %.15g want %.15g", x, mops_chi2_sf(x, 2), e2);
		CHECK(fabs(mops_chi2_sf(x, 3) - w3) <= 1e-12 * w3,
		    "chi2 df 3 x %g: got %.15g want %.15g", x, mops_chi2_sf(x, 3), w3);
		CHECK(fabs(mops_chi2_sf(x, 4) - w4) <= 1e-12 * w4,
		    "chi2 df 4 x %g: got %.15g want %.15g", x, mops_chi2_sf(x, 4), w4);
	}
	CHECK_NEAR(mops_chi2_sf(0, 3), 1, 0, "chi2 at 0");
	CHECK(isnan(mops_chi2_sf(1, 0)), "chi2 df 0 is NAN");
	/* 100 of 1,000 against 130 of 1,000, pooled */
	pooled = 230.0 / 2000;
	se = sqrt(pooled * (1 - pooled) * (1.0 / 1000 + 1.0 / 1000));
	z = 0.03 / se;
	CHECK_NEAR(2 * mops_norm_sf(z), 0.0355, 0.00005, "hand case p-value");
	return unit_done();
}
