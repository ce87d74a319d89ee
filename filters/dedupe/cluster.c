/* cluster.c - clusters from the links above the threshold, dense enough that
 * they cannot chain.
 *
 * Links are taken strongest first (ties by record order) into a union-find.
 * Two clusters are joined only when the pairs between them, all of them and
 * not only the links, agree (average linkage): at least --min-links of the
 * cross pairs link, and their mean weight reaches the threshold, each pair's
 * weight clipped to [VETO, threshold + CLIP] so one strong pair cannot carry a
 * join and evidence that says "different" (two work mailboxes at one domain, a
 * disagreeing date of birth, another phone and company) weighs in fully.
 * Pairs that blocking never compared are scored here.  So a record that
 * carries only a name, which links to every namesake, joins one of them but
 * cannot bridge two richer records that disagree.  A cross-system id (the same
 * record in two systems) joins at once, as does a link of --strong or more.
 * Links refused in one pass are tried again after the others are placed, as
 * the clusters they would join may have grown to agree.
 *
 * The cluster's label is its earliest-created member (created_at; ties and
 * records without one by the smallest id): adding a member created later does
 * not change a golden record's id.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd.h"
#include "util.h"

#define VETO (-20.0)	/* a cross pair's weight counts at least this */
#define CLIP 8.0	/* and at most threshold + CLIP */
#define MAXSIDE 64	/* members per side compared when clusters are big */

static uint32_t
find(uint32_t *par, uint32_t x)
{
	while (par[x] != x) {
		par[x] = par[par[x]];
		x = par[x];
	}
	return x;
}

struct uf {
	uint32_t *par, *size;
	uint32_t *next, *last;	/* member lists: next[] ring-free chain, last[root] */
};

static uint32_t
unite(struct uf *u, uint32_t a, uint32_t b)
{
	if (u->size[a] < u->size[b] || (u->size[a] == u->size[b] && a > b)) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	u->par[b] = a;
	u->size[a] += u->size[b];
	u->next[u->last[a]] = b;	/* append b's members */
	u->last[a] = u->last[b];
	return a;
}

/* The scored pairs, by (a << 32 | b), a < b: their index in d->pairs. */
struct ptab {
	uint64_t *key;
	uint32_t *at;
	size_t mask;
};

static size_t
ph(uint64_t k, size_t mask)
{
	return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
}

static void
ptab_build(struct ptab *t, const struct dd *d)
{
	size_t cap = 16, i, h;

	while (cap < d->npairs * 2 + 1)
		cap *= 2;
	t->mask = cap - 1;
	t->key = mops_xcalloc(cap, sizeof(*t->key));
	t->at = mops_xmalloc(cap * sizeof(*t->at));
	for (i = 0; i < d->npairs; i++) {
		uint64_t k = (uint64_t)d->pairs[i].a << 32 | d->pairs[i].b;

		for (h = ph(k, t->mask); t->key[h] && t->key[h] != k; h = (h + 1) & t->mask)
			;
		t->key[h] = k;
		t->at[h] = (uint32_t)i;
	}
}

/* Fields that say something of a pair beyond its names and whereabouts. */
static int
informative(const uint8_t *lev)
{
	static const int f[] = { F_XREF, F_EMAIL, F_COMPANY, F_DOMAIN, F_PHONE,
	    F_POSTAL, F_DOB, F_STREET, F_ANAME, F_ADOMAIN };
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (lev[f[i]])
			return 1;
	return 0;
}

/* The pair's weight: scored already, or scored now (full, not bounded);
 * *info: whether it is informative. */
static double
pair_weight(const struct dd *d, const struct ptab *t, uint32_t a, uint32_t b,
    int *info)
{
	uint64_t k;
	size_t h;
	uint8_t lev[NF];
	float tf;
	double w;

	if (a > b) {
		uint32_t x = a;

		a = b;
		b = x;
	}
	k = (uint64_t)a << 32 | b;
	for (h = ph(k, t->mask); t->key[h]; h = (h + 1) & t->mask)
		if (t->key[h] == k) {
			*info = informative(d->pairs[t->at[h]].lev);
			return d->pairs[t->at[h]].weight;
		}
	w = dd_compare(d, &d->recs[a], &d->recs[b], lev, &tf, -INFINITY);
	*info = informative(lev);
	return w;
}

/* Do clusters ra and rb agree well enough to be one?  Decided on the
 * informative cross pairs when there are any: a pair of namesakes, one of
 * them a bare name, says nothing against two records that disagree. */
static int
agree(const struct dd *d, const struct uf *u, const struct ptab *t, uint32_t ra,
    uint32_t rb)
{
	double sum[2] = { 0, 0 }, hi = d->threshold + CLIP;
	size_t n[2] = { 0, 0 }, linked[2] = { 0, 0 }, ia, ib;
	uint32_t x, y;
	int k;

	for (x = ra, ia = 0; x != UINT32_MAX && ia < MAXSIDE; x = u->next[x], ia++)
		for (y = rb, ib = 0; y != UINT32_MAX && ib < MAXSIDE; y = u->next[y], ib++) {
			int info;
			double w = pair_weight(d, t, x, y, &info);
			double c = w < VETO ? VETO : w > hi ? hi : w;

			linked[0] += w >= d->threshold;
			sum[0] += c;
			n[0]++;
			if (info) {
				linked[1] += w >= d->threshold;
				sum[1] += c;
				n[1]++;
			}
		}
	k = n[1] > 0;
	return n[k] && (linked[k] >= ceil(d->min_links * (double)n[k] - 1e-9) ||
	    sum[k] / (double)n[k] >= 0);
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

/* Earlier created, then smaller index (records are in id order). */
static int
earlier(const struct dd *d, uint32_t a, uint32_t b)
{
	if (d->recs[a].created != d->recs[b].created)
		return d->recs[a].created < d->recs[b].created;
	return a < b;
}

void
dd_cluster(struct dd *d)
{
	size_t nn = d->n ? d->n : 1, nord = 0, i, nw, round;
	struct uf u;
	struct ptab t;
	uint32_t *ord, *lead;

	u.par = mops_xmalloc(nn * sizeof(uint32_t));
	u.size = mops_xmalloc(nn * sizeof(uint32_t));
	u.next = mops_xmalloc(nn * sizeof(uint32_t));
	u.last = mops_xmalloc(nn * sizeof(uint32_t));
	for (i = 0; i < d->n; i++) {
		u.par[i] = u.last[i] = (uint32_t)i;
		u.size[i] = 1;
		u.next[i] = UINT32_MAX;
	}
	ptab_build(&t, d);
	ord = mops_xmalloc((d->npairs ? d->npairs : 1) * sizeof(uint32_t));
	for (i = 0; i < d->npairs; i++)
		if (d->pairs[i].weight >= d->threshold)
			ord[nord++] = (uint32_t)i;
	sort_pairs = d->pairs;
	qsort(ord, nord, sizeof(ord[0]), by_weight);
	for (round = 0, nw = nord; round < 4 && nw; round++) {
		size_t n = 0, joined = 0;

		for (i = 0; i < nw; i++) {
			const struct dd_pair *p = &d->pairs[ord[i]];
			uint32_t ra = find(u.par, p->a), rb = find(u.par, p->b);

			if (ra == rb)
				continue;
			if (p->lev[F_XREF] || p->weight >= d->strong ||
			    agree(d, &u, &t, ra, rb)) {
				unite(&u, ra, rb);
				joined++;
			} else
				ord[n++] = ord[i];	/* waits for the next round */
		}
		nw = n;
		if (!joined)
			break;
	}
	free(ord);
	free(t.key);
	free(t.at);
	/* label each record with its cluster's earliest-created member */
	lead = mops_xmalloc(nn * sizeof(uint32_t));
	for (i = 0; i < d->n; i++)
		lead[i] = UINT32_MAX;
	for (i = 0; i < d->n; i++) {
		uint32_t r = find(u.par, (uint32_t)i);

		if (lead[r] == UINT32_MAX || earlier(d, (uint32_t)i, lead[r]))
			lead[r] = (uint32_t)i;
	}
	d->cluster = mops_xmalloc(nn * sizeof(uint32_t));
	for (i = 0; i < d->n; i++)
		d->cluster[i] = lead[find(u.par, (uint32_t)i)];
	free(lead);
	free(u.par);
	free(u.size);
	free(u.next);
	free(u.last);
}

/* "c:" and 16 hex digits of a hash of the cluster's leading member's id: the
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
