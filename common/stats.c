/* stats.c - normal and chi-square tails (see stats.h). */
#include <math.h>

#include "stats.h"

double
mops_norm_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

double
mops_norm_quantile(double p)
{
	/* P. J. Acklam's rational approximations (relative error 1.15e-9),
	 * refined by one Halley step on erfc. */
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
	    -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
	    2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
	    -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
	    -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
	    2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
	    2.445134137142996e+00, 3.754408661907416e+00 };
	const double lo = 0.02425;
	double q, r, x, e, u;

	if (!(p > 0 && p < 1))
		return NAN;
	if (p < lo) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
		    c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p <= 1 - lo) {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r +
		    a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r +
		    b[4]) * r + 1);
	} else {
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q +
		    c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	/* CDF(x) - p, taken from the nearer tail so it keeps its digits */
	e = x < 0 ? 0.5 * erfc(-x / sqrt(2.0)) - p :
	    (1 - p) - 0.5 * erfc(x / sqrt(2.0));
	u = e * sqrt(2 * M_PI) * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* Q(a, x) by the continued fraction (x >= a + 1), modified Lentz. */
static double
gamma_q_cf(double a, double x)
{
	const double tiny = 1e-300;
	double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d, an, del;
	int i;

	for (i = 1; i < 1000; i++) {
		an = -i * (i - a);
		b += 2;
		d = an * d + b;
		if (fabs(d) < tiny)
			d = tiny;
		c = b + an / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return exp(-x + a * log(x) - lgamma(a)) * h;
}

/* P(a, x) by its series (x < a + 1). */
static double
gamma_p_series(double a, double x)
{
	double ap = a, sum = 1 / a, del = sum;
	int i;

	for (i = 0; i < 1000; i++) {
		ap += 1;
		del *= x / ap;
		sum += del;
		if (fabs(del) < fabs(sum) * 1e-16)
			break;
	}
	return sum * exp(-x + a * log(x) - lgamma(a));
}

double
mops_chi2_sf(double x, double df)
{
	double a = df / 2, h = x / 2;

	if (!(df > 0))
		return NAN;
	if (!(x > 0))
		return 1;
	if (df == 1)	/* exact through erfc, the common two-group case */
		return erfc(sqrt(h));
	if (h < a + 1)
		return 1 - gamma_p_series(a, h);
	return gamma_q_cf(a, h);
}
