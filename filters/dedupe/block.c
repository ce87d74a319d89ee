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

/* 8 bytes an entry: a 32-bit key hash is enough, since two keys that
 * collide only merge two blocks, which costs a few extra comparisons.  The
 * top bit of rec marks a capped key (CAPPED): a coarse key (a surname alone, a
 * one-word name and a city) whose block, past CAP records, gives no pairs at
 * all rather than a window: it only finds what the sharper keys miss. */
struct kent {
	uint32_t key;
	uint32_t rec;
};
#define CAPPED 0x80000000u
#define CAP 40

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

static const char *skip_tags;	/* MOPS_DEDUPE_SKIP_KEYS: for measuring keys */

static void
key_add(struct keys *k, uint32_t rec, int kind, const char *tag, const char *a,
    const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	if (!*a || (b && !*b))
		return;
	if (skip_tags && strstr(skip_tags, tag))
		return;
	if (*tag >= '0' && *tag <= '9')	/* the capped keys' tags */
		rec |= CAPPED;
	h = mix(h, kind == DD_PERSON ? "P" : "A");
	h = mix(h, tag);
	h = mix(h, a);
	if (b)
		h = mix(h, b);
	k->v = mops_xgrow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n].key = (uint32_t)(h ^ (h >> 32));
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
		for (j = 0; j < nf; j++) {
			key_add(k, i, r->kind, "n", ls, f[j]);
			/* a typo'd last name at the same company */
			key_add(k, i, r->kind, "k", V(S_COMPANY), f[j]);
			key_add(k, i, r->kind, "K", V(S_CDOMAIN), f[j]);
		}
		/* soundex pair in sorted order: typos and swapped names */
		if (strcmp(fs, ls) <= 0)
			key_add(k, i, r->kind, "s", fs, ls);
		else
			key_add(k, i, r->kind, "s", ls, fs);
		key_add(k, i, r->kind, "c", V(S_COMPANY), ls);
		key_add(k, i, r->kind, "d", V(S_CDOMAIN), ls);
		key_add(k, i, r->kind, "b", V(S_DOB), NULL);
		if (strlen(V(S_DOB)) >= 4) {	/* a typo'd birth date: the year */
			char y[5];

			memcpy(y, V(S_DOB), 4);
			y[4] = '\0';
			key_add(k, i, r->kind, "L", y, ls);
			key_add(k, i, r->kind, "F", y, fs);
		}
		if (strlen(V(S_ELOCAL)) >= 6)	/* "jsmith", not "js" */
			key_add(k, i, r->kind, "u", V(S_ELOCAL), NULL);
		key_add(k, i, r->kind, "z", V(S_POSTAL), fs);
		key_add(k, i, r->kind, "Z", V(S_POSTAL), ls);
		/* capped: the surname alone; a one-word name (only a first or
		 * only a last name, or the two in one word) meets full names on
		 * either word's sound with the city, the birth year, the postal
		 * code or the email's domain */
		key_add(k, i, r->kind, "1", V(S_LAST), NULL);
		if (!r->s[S_LAST] && r->s[S_FIRST])
			key_add(k, i, r->kind, "1", V(S_FIRST), NULL);
		{
			const char *w[2] = { fs, ls }, *at = strchr(V(S_EMAIL), '@');
			char y[5] = "";

			if (strlen(V(S_DOB)) >= 4) {
				memcpy(y, V(S_DOB), 4);
				y[4] = '\0';
			}
			for (j = 0; j < 2; j++) {
				if (!r->s[S_EMAIL] || !r->s[S_FIRST] || !r->s[S_LAST])
					key_add(k, i, r->kind, "2", w[j], V(S_CITY));
				key_add(k, i, r->kind, "3", w[j], y);
				key_add(k, i, r->kind, "4", w[j], V(S_POSTAL));
				if (at && !r->freemail && !r->role)
					key_add(k, i, r->kind, "5", w[j], at + 1);
			}
			/* a short email local part ("j.c", "od") with the year */
			if (V(S_ELOCAL)[0] && strlen(V(S_ELOCAL)) < 6)
				key_add(k, i, r->kind, "6", V(S_ELOCAL), y);
		}
		key_add(k, i, r->kind, "a", V(S_STREET), NULL);
		{
			char c3[80];

			snprintf(c3, sizeof(c3), "%s|%c", V(S_CITY), V(S_FIRST)[0]);
			/* for sparse records only: city is coarse, and a record
			 * with an email or phone has sharper keys */
			if (*V(S_CITY) && !r->s[S_EMAIL] && !r->s[S_PHONE])
				key_add(k, i, r->kind, "y", c3, ls);
		}
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

/* LSD radix sorts, 16 bits a pass: stable, so entries added in record order
 * stay in record order within a key.  qsort was most of the blocking time. */
static void
radix_kent(struct kent *v, size_t n)
{
	struct kent *tmp = mops_xmalloc((n ? n : 1) * sizeof(*v)), *src = v, *dst = tmp, *t;
	size_t *cnt = mops_xmalloc(65536 * sizeof(size_t)), i, sum;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		int sh = pass * 16;

		memset(cnt, 0, 65536 * sizeof(size_t));
		for (i = 0; i < n; i++)
			cnt[(src[i].key >> sh) & 0xffff]++;
		for (i = 0, sum = 0; i < 65536; i++) {
			size_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(src[i].key >> sh) & 0xffff]++] = src[i];
		t = src; src = dst; dst = t;
	}
	free(tmp);	/* two passes: the result is back in v */
	free(cnt);
}

static void
radix_u64(uint64_t *v, size_t n)
{
	uint64_t *tmp = mops_xmalloc((n ? n : 1) * sizeof(*v)), *src = v, *dst = tmp, *t;
	size_t *cnt = mops_xmalloc(65536 * sizeof(size_t)), i, sum;
	int pass;

	for (pass = 0; pass < 4; pass++) {
		int sh = pass * 16;

		memset(cnt, 0, 65536 * sizeof(size_t));
		for (i = 0; i < n; i++)
			cnt[(src[i] >> sh) & 0xffff]++;
		for (i = 0, sum = 0; i < 65536; i++) {
			size_t c = cnt[i];

			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(src[i] >> sh) & 0xffff]++] = src[i];
		t = src; src = dst; dst = t;
	}
	free(tmp);
	free(cnt);
}

/* Sorts and removes duplicates; returns the new count. */
static size_t
sort_unique(uint64_t *v, size_t n)
{
	size_t i, j;

	radix_u64(v, n);
	for (i = 0, j = 0; i < n; i++)
		if (!j || v[i] != v[j - 1])
			v[j++] = v[i];
	return j;
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
	size_t n, cap, compacted;
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
	/* the same pair comes from several keys: compact now and then */
	if (p->n == p->cap && p->n >= (1u << 22) && p->n > 2 * p->compacted) {
		p->n = sort_unique(p->v, p->n);
		p->compacted = p->n;
	}
	p->v = mops_xgrow(p->v, &p->cap, p->n + 1, sizeof(uint64_t));
	p->v[p->n++] = (uint64_t)a << 32 | b;
}

void
dd_block(struct dd *d)
{
	struct keys k = { NULL, 0, 0 };
	struct pairv p = { NULL, 0, 0, 0 };
	size_t i, j, s, e, w;

	skip_tags = getenv("MOPS_DEDUPE_SKIP_KEYS");
	for (i = 0; i < d->n; i++)
		if (d->recs[i].kind != DD_OTHER)
			rec_keys(d, &k, (uint32_t)i);
	radix_kent(k.v, k.n);
	name_dd = d;
	for (s = 0; s < k.n; s = e) {
		int capped = 0;

		for (e = s + 1; e < k.n && k.v[e].key == k.v[s].key; e++)
			;
		for (i = s; i < e; i++)
			if (k.v[i].rec & CAPPED) {
				capped = 1;
				k.v[i].rec &= ~CAPPED;
			}
		if (capped && e - s > CAP) {
			d->capped_blocks++;
			d->capped_records += e - s;
			continue;
		}
		if (e - s <= d->max_block || capped) {
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
	d->ncand = d->ncand_made = sort_unique(p.v, p.n);
	d->cand = p.v;
}
