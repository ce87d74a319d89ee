/*
 * attr_path.c - fuzz the attribution models and the Markov chain: the input's
 * bytes are a path (channel, age, milestone bits per byte) and an amount; every
 * model must give finite weights and the cents must add up, the data-driven
 * model's weights must sum to 1, or we abort.  The
 * same bytes go through the record field picker (common/attr_scan.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr_fract.h"
#include "attr_markov.h"
#include "attr_scan.h"
#include "attr_weights.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mops_attr_touch t[64];
	struct mops_attr_params p;
	double w[64], share[8] = { 1, .5, 0, 2, 1e-9, 3, 0, 1 }, re[8];
	long long cents[64], total, sum;
	int count[8] = { 0 }, path[64], m;
	size_t n = size > 64 ? 64 : size, i;
	mops_markov *mk;
	mops_fract *fr;

	{
		struct mops_attr_scanner sc;
		struct mops_attr_fields fl;

		memset(&sc, 0, sizeof(sc));
		if (mops_attr_scan(&sc, (const char *)data, size, &fl) == 0)
			for (i = 0; i < MOPS_AF_N; i++)
				if (i != MOPS_AF_PERSON_IDS && fl.f[i] && strlen(fl.f[i]) > size)
					abort();
		mops_attr_scanner_free(&sc);
	}
	if (n == 0)
		return 0;
	mops_attr_params_default(&p);
	p.short_paths = data[0] & 1 ? MOPS_ATTR_SPLIT : MOPS_ATTR_RENORMALISE;
	total = (long long)data[0] * 1000003 - 50000;
	for (i = 0; i < n; i++) {
		t[i].channel = path[i] = data[i] & 7;
		t[i].is_direct = (data[i] & 7) == 0;
		t[i].age = (double)(data[i] >> 3) * 86400.0 * (double)(n - i);
		t[i].milestones = (data[i] >> 5) & 7;
	}
	for (m = 0; m < MOPS_ATTR_NMODELS; m++) {
		mops_attr_weights((enum mops_attr_model)m, &p, t, n, share, count, w);
		for (i = 0; i < n; i++)
			if (!isfinite(w[i]) || w[i] < 0)
				abort();
		mops_attr_split_cents(total, w, n, cents);
		for (i = 0, sum = 0; i < n; i++)
			sum += cents[i];
		if (m != MOPS_ATTR_PARTICIPATION && sum != total)
			abort();
	}
	mk = mops_markov_new(8, 1 + (int)(data[n - 1] % 3), data[n - 1] & 8 ?
	    MOPS_MARKOV_GRAPH_CA : MOPS_MARKOV_GRAPH_MOPS);
	mops_markov_add(mk, path, n, 1, 2, 0);
	mops_markov_add(mk, path + n / 2, n - n / 2, 0, 0, (double)(data[0] % 4));
	if (mops_markov_removal(mk, re, NULL) < 0)
		abort();
	mops_markov_free(mk);
	fr = mops_fract_new(8, (enum mops_fract_transform)(data[0] % 4));
	mops_fract_add(fr, path, n, 1, 0);
	mops_fract_add(fr, path + n / 2, n - n / 2, (double)(data[0] % 3), 1);
	mops_fract_add(fr, path + 1, n - 1, 1, (double)(data[n - 1] % 5));
	mops_fract_weights(fr, path, n, w);
	{
		double s = 0;

		for (i = 0; i < n; i++) {
			if (!isfinite(w[i]) || w[i] < 0)
				abort();
			s += w[i];
		}
		if (fabs(s - 1) > 1e-9)
			abort();
	}
	mops_fract_free(fr);
	return 0;
}
