/*
 * stats.h - the distribution functions behind significance tests: the standard
 * normal's tail and quantile, the chi-square tail.
 *
 * Pure functions of their arguments (no state, safe from any thread).  Tails
 * are computed directly, not as 1 - CDF, so small p-values keep their digits.
 */
#ifndef MOPS_STATS_H
#define MOPS_STATS_H

/* P(Z > z) for a standard normal Z: erfc(z / sqrt 2) / 2. */
double mops_norm_sf(double z);

/* The z with P(Z <= z) = p, for 0 < p < 1 (NAN otherwise); relative error
 * below 1e-13 (Acklam's approximation and one Halley step). */
double mops_norm_quantile(double p);

/* P(X > x) for X chi-square with df > 0 degrees of freedom: the regularized
 * upper incomplete gamma Q(df / 2, x / 2); 1 for x <= 0, NAN for df <= 0. */
double mops_chi2_sf(double x, double df);

#endif
