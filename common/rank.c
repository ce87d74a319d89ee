/*
 * rank.c - ROC AUC by ranks, population stability index.
 */
#include <math.h>
#include <stdlib.h>

#include "rank.h"
#include "util.h"

struct pair {
	double s;
	unsigned char y;
};

static int
cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

double
mops_auc(const double *score, const unsigned char *y, size_t n)
{
	struct pair *p;
	double npos = 0, nneg = 0, ranksum = 0;
	size_t i, j;

	if (n == 0)
		return -1;
	p = mops_xcalloc(n, sizeof(*p));
	for (i = 0; i < n; i++) {
		p[i].s = score[i];
		p[i].y = y[i] != 0;
		if (p[i].y)
			npos++;
		else
			nneg++;
	}
	if (npos == 0 || nneg == 0) {
		free(p);
		return -1;
	}
	qsort(p, n, sizeof(*p), cmp_pair);
	/* ranks from 1; a run of equal scores shares its mean rank */
	for (i = 0; i < n; i = j) {
		double mean, pos = 0;

		for (j = i; j < n && p[j].s == p[i].s; j++)
			pos += p[j].y;
		mean = ((double)i + 1 + (double)j) / 2;
		ranksum += pos * mean;
	}
	free(p);
	return (ranksum - npos * (npos + 1) / 2) / (npos * nneg);
}

double
mops_psi(const double *expected, const double *actual, size_t nbins)
{
	double te = 0, ta = 0, psi = 0;
	size_t i;

	for (i = 0; i < nbins; i++) {
		te += expected[i];
		ta += actual[i];
	}
	if (te <= 0 || ta <= 0)
		return 0;
	for (i = 0; i < nbins; i++) {
		double e = expected[i] / te, a = actual[i] / ta;

		if (e < 1e-4)
			e = 1e-4;
		if (a < 1e-4)
			a = 1e-4;
		psi += (a - e) * log(a / e);
	}
	return psi;
}
