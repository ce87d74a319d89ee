/*
 * attr_fract.c - Fractribution: conversion rates of transformed paths and the
 * marginal contributions of their steps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr_fract.h"
#include "util.h"

/* A step: the channel id in the low 32 bits, the frequency tag above. */
typedef uint64_t step;

struct entry {
	size_t off;		/* steps in f->steps */
	size_t len;
	uint64_t hash;
	double conv, nonconv;
};

struct mops_fract {
	enum mops_fract_transform tr;
	int nchannels;
	struct entry *e;
	size_t ne, cape;
	step *steps;
	size_t nsteps, capsteps;
	size_t *tab;		/* entry index + 1, 0 empty */
	size_t tabsize;
	/* scratch for one path */
	step *s, *cf;
	int *group;		/* touch -> its step, -1: none */
	size_t *size;		/* step -> touches it stands for */
	double *marg;
	size_t capscratch;
	int *where;		/* channel -> its step + 1 (first, frequency) */
};

static const char *const tr_names[] = { "unique", "exposure", "first", "frequency" };

int
mops_fract_transform_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tr_names) / sizeof(tr_names[0]); i++)
		if (strcmp(name, tr_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
mops_fract_transform_name(enum mops_fract_transform tr)
{
	return (unsigned)tr < sizeof(tr_names) / sizeof(tr_names[0]) ? tr_names[tr] : "?";
}

static uint64_t
hash_steps(const step *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
		h ^= h >> 31;
	}
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

mops_fract *
mops_fract_new(int nchannels, enum mops_fract_transform tr)
{
	mops_fract *f = mops_xcalloc(1, sizeof(*f));

	f->tr = tr;
	f->nchannels = nchannels > 0 ? nchannels : 0;
	f->where = mops_xcalloc((size_t)f->nchannels + 1, sizeof(*f->where));
	return f;
}

void
mops_fract_free(mops_fract *f)
{
	if (!f)
		return;
	free(f->e);
	free(f->steps);
	free(f->tab);
	free(f->s);
	free(f->cf);
	free(f->group);
	free(f->size);
	free(f->marg);
	free(f->where);
	free(f);
}

size_t
mops_fract_npaths(const mops_fract *f)
{
	return f->ne;
}

static void
scratch(mops_fract *f, size_t n)
{
	if (n <= f->capscratch)
		return;
	f->capscratch = n * 2;
	f->s = mops_xrealloc(f->s, f->capscratch * sizeof(*f->s));
	f->cf = mops_xrealloc(f->cf, f->capscratch * sizeof(*f->cf));
	f->group = mops_xrealloc(f->group, f->capscratch * sizeof(*f->group));
	f->size = mops_xrealloc(f->size, f->capscratch * sizeof(*f->size));
	f->marg = mops_xrealloc(f->marg, f->capscratch * sizeof(*f->marg));
}

/* The steps of path[0..n) into f->s, touch -> step into f->group and the
 * touches of each step into f->size; returns the number of steps. */
static size_t
transform(mops_fract *f, const int *path, size_t n)
{
	size_t i, m = 0;

	scratch(f, n + 1);
	for (i = 0; i < n; i++) {
		int c = path[i];

		switch (f->tr) {
		case MOPS_FRACT_UNIQUE:
			f->s[m] = (step)(uint32_t)c;
			f->size[m] = 1;
			f->group[i] = (int)m++;
			break;
		case MOPS_FRACT_EXPOSURE:
			if (m > 0 && f->s[m - 1] == (step)(uint32_t)c) {
				f->size[m - 1]++;
				f->group[i] = (int)m - 1;
				break;
			}
			f->s[m] = (step)(uint32_t)c;
			f->size[m] = 1;
			f->group[i] = (int)m++;
			break;
		case MOPS_FRACT_FIRST:
		case MOPS_FRACT_FREQUENCY:
			if (c >= 0 && c < f->nchannels && f->where[c]) {
				size_t k = (size_t)f->where[c] - 1;

				if (f->tr == MOPS_FRACT_FIRST) {
					f->group[i] = -1;	/* a later occurrence: dropped */
				} else {
					f->s[k] += (step)1 << 32;
					f->size[k]++;
					f->group[i] = (int)k;
				}
				break;
			}
			f->s[m] = (step)(uint32_t)c | (f->tr == MOPS_FRACT_FREQUENCY ?
			    (step)1 << 32 : 0);
			f->size[m] = 1;
			f->group[i] = (int)m;
			if (c >= 0 && c < f->nchannels)
				f->where[c] = (int)++m;
			else
				m++;
			break;
		}
	}
	if (f->tr == MOPS_FRACT_FIRST || f->tr == MOPS_FRACT_FREQUENCY)
		for (i = 0; i < n; i++)
			if (path[i] >= 0 && path[i] < f->nchannels)
				f->where[path[i]] = 0;
	return m;
}

static void
rehash(mops_fract *f)
{
	size_t size = f->tabsize ? f->tabsize * 2 : 1024, i, j;
	size_t *tab = mops_xcalloc(size, sizeof(*tab));

	for (i = 0; i < f->ne; i++) {
		j = f->e[i].hash & (size - 1);
		while (tab[j])
			j = (j + 1) & (size - 1);
		tab[j] = i + 1;
	}
	free(f->tab);
	f->tab = tab;
	f->tabsize = size;
}

/* The slot of steps s[0..n) in the table: its entry, or the empty slot. */
static size_t
slot(const mops_fract *f, const step *s, size_t n, uint64_t h)
{
	size_t j = h & (f->tabsize - 1);

	while (f->tab[j]) {
		const struct entry *e = &f->e[f->tab[j] - 1];

		if (e->hash == h && e->len == n && (n == 0 ||
		    memcmp(f->steps + e->off, s, n * sizeof(*s)) == 0))
			break;
		j = (j + 1) & (f->tabsize - 1);
	}
	return j;
}

void
mops_fract_add(mops_fract *f, const int *path, size_t n, double conv,
    double nonconv)
{
	size_t m, j;
	uint64_t h;
	struct entry *e;

	if (n == 0)
		return;
	m = transform(f, path, n);
	if ((f->ne + 1) * 2 > f->tabsize)
		rehash(f);
	h = hash_steps(f->s, m);
	j = slot(f, f->s, m, h);
	if (!f->tab[j]) {
		f->e = mops_xgrow(f->e, &f->cape, f->ne + 1, sizeof(*f->e));
		f->steps = mops_xgrow(f->steps, &f->capsteps, f->nsteps + m,
		    sizeof(*f->steps));
		memcpy(f->steps + f->nsteps, f->s, m * sizeof(*f->s));
		e = &f->e[f->ne];
		e->off = f->nsteps;
		e->len = m;
		e->hash = h;
		e->conv = e->nonconv = 0;
		f->nsteps += m;
		f->tab[j] = ++f->ne;
	}
	e = &f->e[f->tab[j] - 1];
	e->conv += conv;
	e->nonconv += nonconv;
}

static double
rate(const mops_fract *f, const step *s, size_t n)
{
	size_t j;
	const struct entry *e;

	if (!f->tabsize)
		return 0;
	j = slot(f, s, n, hash_steps(s, n));
	if (!f->tab[j])
		return 0;
	e = &f->e[f->tab[j] - 1];
	return e->conv + e->nonconv > 0 ? e->conv / (e->conv + e->nonconv) : 0;
}

double
mops_fract_weights(mops_fract *f, const int *path, size_t n, double *w)
{
	size_t m, i, k;
	double p, sum = 0;

	if (n == 0)
		return 0;
	m = transform(f, path, n);
	p = rate(f, f->s, m);
	if (m == 1) {
		f->marg[0] = 1;
		sum = 1;
	} else {
		for (i = 0; i < m; i++) {
			double d;

			for (k = 0; k < m; k++)	/* the path without step i */
				if (k != i)
					f->cf[k - (k > i)] = f->s[k];
			d = p - rate(f, f->cf, m - 1);
			f->marg[i] = d > 0 ? d : 0;
			sum += f->marg[i];
		}
	}
	if (!(sum > 0)) {	/* nothing is lost by any removal: the last step */
		for (i = 0; i + 1 < m; i++)
			f->marg[i] = 0;
		f->marg[m - 1] = 1;
		sum = 1;
	}
	for (i = 0; i < n; i++) {
		int g = f->group[i];

		w[i] = g < 0 ? 0 : f->marg[g] / sum / (double)f->size[g];
	}
	return p;
}
