/* block.c - candidate pairs from several blocking keys, sort-based.
 *
 * Each record gets up to a dozen keys (hashes of a tag and some feature
 * values); (key, record) entries are sorted so a block is a run of equal keys.
 * A block up to max_block records gives all its pairs; a bigger one (a shared
 * role inbox, "John Smith") is sorted by name and compared by a sliding window
 * instead, and counted for the end-of-run report.  Pairs from all blocks are
 * sorted and deduplicated: comparisons stay near-linear in the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dd.h"
#include "nickname.h"
#include "util.h"

struct kent {
	uint64_t key;
	uint32_t rec;
};

struct keys {
	struct kent *v;
	size_t n, cap;
};

static uint64_t
mix(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0x1f) * 1099511628211ULL;
}

static void
key_add(struct keys *k, uint32_t rec, int kind, const char *tag, const char *a,
    const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	if (!*a || (b && !*b))
		return;
	h = mix(h, kind == DD_PERSON ? "P" : "A");
	h = mix(h, tag);
	h = mix(h, a);
	if (b)
		h = mix(h, b);
	k->v = mops_xgrow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n].key = h;
	k->v[k->n].rec = rec;
	k->n++;
}

static void
rec_keys(const struct dd *d, struct keys *k, uint32_t i)
{
	const struct dd_rec *r = &d->recs[i];
	const struct dd_strs *S = &d->strs;
#define V(slot) dd_str(S, r->s[slot])
	if (r->kind == DD_PERSON) {
		const char *f[4], *fs = V(S_FSDX), *ls = V(S_LSDX);
		char first[64], *sp;
		size_t nf, j;

		if (r->role)
			key_add(k, i, r->kind, "r", V(S_EMAIL), ls);
		else
			key_add(k, i, r->kind, "e", V(S_EMAIL), NULL);
		key_add(k, i, r->kind, "p", V(S_PHONE), NULL);
		/* nicknames: "bob" and "robert" meet on the formal name */
		snprintf(first, sizeof(first), "%s", V(S_FIRST));
		if ((sp = strchr(first, ' ')))
			*sp = '\0';
		nf = mops_nickname_formals(first, f, 4);
		for (j = 0; j < nf; j++)
			key_add(k, i, r->kind, "n", ls, f[j]);
		/* soundex pair in sorted order: typos and swapped names */
		if (strcmp(fs, ls) <= 0)
			key_add(k, i, r->kind, "s", fs, ls);
		else
			key_add(k, i, r->kind, "s", ls, fs);
		/* first two letters of each name, in sorted order: typos past Soundex */
		{
			char pa[3] = { 0 }, pb[3] = { 0 };

			memcpy(pa, V(S_FIRST), strlen(V(S_FIRST)) >= 2 ? 2 : 0);
			memcpy(pb, V(S_LAST), strlen(V(S_LAST)) >= 2 ? 2 : 0);
			if (strcmp(pa, pb) <= 0)
				key_add(k, i, r->kind, "i", pa, pb);
			else
				key_add(k, i, r->kind, "i", pb, pa);
		}
		key_add(k, i, r->kind, "c", V(S_COMPANY), ls);
		key_add(k, i, r->kind, "d", V(S_CDOMAIN), ls);
		key_add(k, i, r->kind, "b", V(S_DOB), NULL);
		key_add(k, i, r->kind, "u", V(S_ELOCAL), NULL);
		key_add(k, i, r->kind, "z", V(S_POSTAL), fs);
		key_add(k, i, r->kind, "y", V(S_CITY), ls);
	} else {
		char w[64], *sp;

		key_add(k, i, r->kind, "D", V(S_CDOMAIN), NULL);
		key_add(k, i, r->kind, "N", V(S_COMPANY), NULL);
		snprintf(w, sizeof(w), "%s", V(S_COMPANY));
		if ((sp = strchr(w, ' ')))
			*sp = '\0';
		key_add(k, i, r->kind, "M", w, V(S_COUNTRY));
		key_add(k, i, r->kind, "p", V(S_PHONE), NULL);
	}
	for (size_t x = 0; x < r->nxref; x++)
		key_add(k, i, r->kind, "x", dd_str(S, d->xrefs[r->xref + x]), NULL);
#undef V
}

static int
kent_cmp(const void *pa, const void *pb)
{
	const struct kent *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static int
u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

static const struct dd *name_dd;

/* Sorted neighbourhood inside an oversized block: by last, first name, id. */
static int
name_cmp(const void *pa, const void *pb)
{
	const struct dd_rec *a = &name_dd->recs[((const struct kent *)pa)->rec];
	const struct dd_rec *b = &name_dd->recs[((const struct kent *)pb)->rec];
	const struct dd_strs *S = &name_dd->strs;
	int c = strcmp(dd_str(S, a->s[S_LAST]), dd_str(S, b->s[S_LAST]));

	if (!c)
		c = strcmp(dd_str(S, a->s[S_FIRST]), dd_str(S, b->s[S_FIRST]));
	if (!c)
		c = strcmp(dd_str(S, a->s[S_COMPANY]), dd_str(S, b->s[S_COMPANY]));
	if (!c)
		c = ((const struct kent *)pa)->rec < ((const struct kent *)pb)->rec ? -1 : 1;
	return c;
}

struct pairv {
	uint64_t *v;
	size_t n, cap;
};

static void
pair_add(struct pairv *p, uint32_t a, uint32_t b)
{
	if (a == b)
		return;
	if (a > b) {
		uint32_t t = a;

		a = b;
		b = t;
	}
	p->v = mops_xgrow(p->v, &p->cap, p->n + 1, sizeof(uint64_t));
	p->v[p->n++] = (uint64_t)a << 32 | b;
}

void
dd_block(struct dd *d)
{
	struct keys k = { NULL, 0, 0 };
	struct pairv p = { NULL, 0, 0 };
	size_t i, j, s, e, w;

	for (i = 0; i < d->n; i++)
		if (d->recs[i].kind != DD_OTHER)
			rec_keys(d, &k, (uint32_t)i);
	if (k.n > 1)
		qsort(k.v, k.n, sizeof(k.v[0]), kent_cmp);
	name_dd = d;
	for (s = 0; s < k.n; s = e) {
		for (e = s + 1; e < k.n && k.v[e].key == k.v[s].key; e++)
			;
		if (e - s <= d->max_block) {
			for (i = s; i < e; i++)
				for (j = i + 1; j < e; j++)
					pair_add(&p, k.v[i].rec, k.v[j].rec);
			continue;
		}
		d->big_blocks++;
		if (e - s > d->biggest)
			d->biggest = e - s;
		qsort(k.v + s, e - s, sizeof(k.v[0]), name_cmp);
		w = d->window;
		for (i = s; i < e; i++)
			for (j = i + 1; j < e && j <= i + w; j++)
				pair_add(&p, k.v[i].rec, k.v[j].rec);
	}
	free(k.v);
	if (p.n > 1)
		qsort(p.v, p.n, sizeof(p.v[0]), u64_cmp);
	for (i = 0, j = 0; i < p.n; i++)
		if (!j || p.v[i] != p.v[j - 1])
			p.v[j++] = p.v[i];
	d->pairs = mops_xcalloc(j ? j : 1, sizeof(struct dd_pair));
	for (i = 0; i < j; i++) {
		d->pairs[i].a = (uint32_t)(p.v[i] >> 32);
		d->pairs[i].b = (uint32_t)p.v[i];
	}
	d->npairs = j;
	free(p.v);
}
