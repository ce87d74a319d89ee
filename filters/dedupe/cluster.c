/* cluster.c - clusters from the links above the threshold, guarded against
 * chaining.
 *
 * Links are taken strongest first (ties by record order, so the result does not
 * depend on input order) into a union-find.  A link that would join two
 * clusters of two or more records is taken at once only if it is strong
 * (weight >= --strong); otherwise it waits.  When all links are placed, the
 * waiting ones between each pair of clusters are counted: the clusters are
 * joined only if at least --min-links of the smaller one's members link to the
 * other.  So one weak bridge (a shared role inbox, a typo'd phone) never glues
 * two people together, while two halves of one person, linked member to
 * member, still meet.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd.h"
#include "util.h"

static uint32_t
find(uint32_t *par, uint32_t x)
{
	while (par[x] != x) {
		par[x] = par[par[x]];
		x = par[x];
	}
	return x;
}

static void
unite(uint32_t *par, uint32_t *size, uint32_t a, uint32_t b)
{
	if (size[a] < size[b] || (size[a] == size[b] && a > b)) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	par[b] = a;
	size[a] += size[b];
}

static const struct dd_pair *sort_pairs;

static int
by_weight(const void *pa, const void *pb)
{
	const struct dd_pair *a = &sort_pairs[*(const uint32_t *)pa];
	const struct dd_pair *b = &sort_pairs[*(const uint32_t *)pb];

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

struct wait {
	uint32_t ra, rb;	/* roots, ra < rb */
	uint32_t a, b;		/* members: a in ra, b in rb */
};

static int
wait_cmp(const void *pa, const void *pb)
{
	const struct wait *a = pa, *b = pb;

	if (a->ra != b->ra)
		return a->ra < b->ra ? -1 : 1;
	if (a->rb != b->rb)
		return a->rb < b->rb ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static int
u32_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* Distinct values among v[0..n) (sorts v). */
static size_t
distinct(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(v[0]), u32_cmp);
	for (i = 0; i < n; i++)
		if (!i || v[i] != v[i - 1])
			k++;
	return k;
}

void
dd_cluster(struct dd *d)
{
	uint32_t *par = mops_xmalloc((d->n ? d->n : 1) * sizeof(uint32_t));
	uint32_t *size = mops_xmalloc((d->n ? d->n : 1) * sizeof(uint32_t));
	uint32_t *ord, *mins, *tmpa, *tmpb;
	struct wait *wv = NULL;
	size_t nord = 0, nw, i, j, e, round;

	for (i = 0; i < d->n; i++) {
		par[i] = (uint32_t)i;
		size[i] = 1;
	}
	ord = mops_xmalloc((d->npairs ? d->npairs : 1) * sizeof(uint32_t));
	for (i = 0; i < d->npairs; i++)
		if (d->pairs[i].weight >= d->threshold)
			ord[nord++] = (uint32_t)i;
	sort_pairs = d->pairs;
	qsort(ord, nord, sizeof(ord[0]), by_weight);
	nw = 0;
	for (i = 0; i < nord; i++) {
		const struct dd_pair *p = &d->pairs[ord[i]];
		uint32_t ra = find(par, p->a), rb = find(par, p->b);

		if (ra == rb)
			continue;
		if (size[ra] == 1 || size[rb] == 1 || p->weight >= d->strong)
			unite(par, size, ra, rb);
		else
			ord[nw++] = ord[i];	/* waits */
	}
	wv = mops_xmalloc((nw ? nw : 1) * sizeof(*wv));
	tmpa = mops_xmalloc((nw ? nw : 1) * sizeof(uint32_t));
	tmpb = mops_xmalloc((nw ? nw : 1) * sizeof(uint32_t));
	for (round = 0; round < 4 && nw; round++) {
		size_t n = 0, joined = 0;

		for (i = 0; i < nw; i++) {
			const struct dd_pair *p = &d->pairs[ord[i]];
			uint32_t ra = find(par, p->a), rb = find(par, p->b);

			if (ra == rb)
				continue;
			if (ra < rb)
				wv[n] = (struct wait){ ra, rb, p->a, p->b };
			else
				wv[n] = (struct wait){ rb, ra, p->b, p->a };
			ord[n++] = ord[i];
		}
		nw = n;
		qsort(wv, n, sizeof(*wv), wait_cmp);
		for (i = 0; i < n; i = e) {
			size_t da, db, sa, sb;

			for (e = i + 1; e < n && wv[e].ra == wv[i].ra && wv[e].rb == wv[i].rb; e++)
				;
			for (j = i; j < e; j++) {
				tmpa[j - i] = wv[j].a;
				tmpb[j - i] = wv[j].b;
			}
			da = distinct(tmpa, e - i);
			db = distinct(tmpb, e - i);
			sa = size[find(par, wv[i].ra)];
			sb = size[find(par, wv[i].rb)];
			if (find(par, wv[i].ra) == find(par, wv[i].rb))
				continue;
			/* the smaller side must be linked well enough */
			if ((sa <= sb && da >= ceil(d->min_links * sa)) ||
			    (sb < sa && db >= ceil(d->min_links * sb))) {
				unite(par, size, find(par, wv[i].ra), find(par, wv[i].rb));
				joined++;
			}
		}
		if (!joined)
			break;
	}
	free(wv);
	free(tmpa);
	free(tmpb);
	free(ord);
	/* label each record with its cluster's first (smallest) member */
	mins = mops_xmalloc((d->n ? d->n : 1) * sizeof(uint32_t));
	for (i = 0; i < d->n; i++)
		mins[i] = UINT32_MAX;
	for (i = 0; i < d->n; i++) {
		uint32_t r = find(par, (uint32_t)i);

		if (mins[r] == UINT32_MAX)
			mins[r] = (uint32_t)i;
	}
	d->cluster = mops_xmalloc((d->n ? d->n : 1) * sizeof(uint32_t));
	for (i = 0; i < d->n; i++)
		d->cluster[i] = mins[find(par, (uint32_t)i)];
	free(mins);
	free(par);
	free(size);
}

/* "c:" and 16 hex digits of a hash of the cluster's smallest member id: the
 * same people give the same id whatever the input order, and an id never
 * looks like a source record's. */
void
dd_cluster_id(const struct dd *d, uint32_t first, char *buf, size_t sz)
{
	const char *s = dd_str(&d->strs, d->recs[first].s[S_ID]);
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	snprintf(buf, sz, "c:%016llx", (unsigned long long)h);
}
