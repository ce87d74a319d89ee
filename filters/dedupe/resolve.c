/*
 * resolve.c - after merging, references follow the golden records: a touch's
 * person_id, an opportunity's person_ids and account_id, a role's person_id,
 * a person's account_id are rewritten from a merged-away member's id to its
 * golden record's id, so every record downstream joins on one id per person
 * and per account (the lineage stays in _merged_from).
 *
 * Two references are completed too, since only here are all records at hand:
 * an opportunity's person_ids gain the people of its opportunity_role records
 * (Salesforce OpportunityContactRole), and a touch without an account_id takes
 * its person's, so attribution can join by account.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dd.h"
#include "util.h"

struct dd_idmap {
	const char **key, **val;	/* borrowed from d->strs */
	size_t cap, n;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct dd_idmap *
dd_idmap_build(const struct dd *d)
{
	struct dd_idmap *m = mops_xcalloc(1, sizeof(*m));
	size_t i, need = 0;

	for (i = 0; i < d->n; i++)
		if (d->recs[i].kind != DD_OTHER && d->cluster[i] != i)
			need++;
	m->cap = 16;
	while (m->cap < need * 2 + 1)
		m->cap *= 2;
	m->key = mops_xcalloc(m->cap, sizeof(*m->key));
	m->val = mops_xcalloc(m->cap, sizeof(*m->val));
	for (i = 0; i < d->n; i++) {
		const char *id, *gid;
		size_t h;

		if (d->recs[i].kind == DD_OTHER || d->cluster[i] == i)
			continue;
		id = dd_str(&d->strs, d->recs[i].s[S_ID]);
		gid = dd_str(&d->strs, d->recs[d->cluster[i]].s[S_ID]);
		if (!*id || !strcmp(id, gid))
			continue;
		for (h = hash_str(id) & (m->cap - 1); m->key[h]; h = (h + 1) & (m->cap - 1))
			if (!strcmp(m->key[h], id))
				break;
		if (!m->key[h])
			m->n++;
		m->key[h] = id;
		m->val[h] = gid;
	}
	return m;
}

size_t
dd_idmap_size(const struct dd_idmap *m)
{
	return m->n;
}

static const char *
lookup(const struct dd_idmap *m, const char *id)
{
	size_t h;

	for (h = hash_str(id) & (m->cap - 1); m->key[h]; h = (h + 1) & (m->cap - 1))
		if (!strcmp(m->key[h], id))
			return m->val[h];
	return NULL;
}

static int
fix_one(const struct dd_idmap *m, mops_json *rec, const char *field)
{
	const char *id = mops_json_get_str(rec, field), *g;

	if (!id || !(g = lookup(m, id)))
		return 0;
	mops_json_set(rec, field, mops_json_new_string(g));
	return 1;
}

static int
fix_list(const struct dd_idmap *m, mops_json *rec, const char *field)
{
	mops_json *a = mops_json_get(rec, field), *out;
	size_t i, j;
	int changed = 0;

	if (!a || a->type != MOPS_JARRAY)
		return 0;
	out = mops_json_new_array();
	for (i = 0; i < a->len; i++) {
		const char *id = mops_json_str(a->u.items[i]), *g;
		int dup = 0;

		g = id ? lookup(m, id) : NULL;
		changed |= g != NULL;
		if (!g)
			g = id;
		for (j = 0; g && j < out->len; j++)
			dup |= !strcmp(out->u.items[j]->u.s, g);
		if (dup)
			continue;
		mops_json_append(out, g ? mops_json_new_string(g) :
		    mops_json_copy(a->u.items[i]));
	}
	if (!changed) {
		mops_json_free(out);
		return 0;
	}
	mops_json_set(rec, field, out);	/* two members of one person: listed once */
	return 1;
}

int
dd_resolve_refs(const struct dd_idmap *m, mops_json *rec)
{
	int n = 0;

	if (!m->n)
		return 0;
	n += fix_one(m, rec, "person_id");
	n += fix_one(m, rec, "account_id");
	n += fix_list(m, rec, "person_ids");
	n += fix_list(m, rec, "account_ids");
	return n;
}

void
dd_idmap_free(struct dd_idmap *m)
{
	if (!m)
		return;
	free(m->key);
	free(m->val);
	free(m);
}

/* ---- completing references ---- */

struct strmap {
	char **key;
	mops_json **val;	/* owned */
	size_t cap, n;
};

static mops_json **
strmap_slot(struct strmap *m, const char *key, int create)
{
	size_t h;

	if (!m->cap) {
		if (!create)
			return NULL;
		m->cap = 64;
		m->key = mops_xcalloc(m->cap, sizeof(*m->key));
		m->val = mops_xcalloc(m->cap, sizeof(*m->val));
	}
	if (create && (m->n + 1) * 2 > m->cap) {
		struct strmap big = { NULL, NULL, m->cap * 2, 0 };
		size_t i;

		big.key = mops_xcalloc(big.cap, sizeof(*big.key));
		big.val = mops_xcalloc(big.cap, sizeof(*big.val));
		for (i = 0; i < m->cap; i++)
			if (m->key[i]) {
				for (h = hash_str(m->key[i]) & (big.cap - 1); big.key[h];
				    h = (h + 1) & (big.cap - 1))
					;
				big.key[h] = m->key[i];
				big.val[h] = m->val[i];
				big.n++;
			}
		free(m->key);
		free(m->val);
		*m = big;
	}
	for (h = hash_str(key) & (m->cap - 1); m->key[h]; h = (h + 1) & (m->cap - 1))
		if (!strcmp(m->key[h], key))
			return &m->val[h];
	if (!create)
		return NULL;
	m->key[h] = mops_xstrdup(key);
	m->n++;
	return &m->val[h];
}

static void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->key[i]);
		mops_json_free(m->val[i]);
	}
	free(m->key);
	free(m->val);
}

struct dd_refs {
	struct strmap roles;	/* opportunity id -> array of person ids */
	struct strmap accounts;	/* golden person id -> account id (string) */
};

static mops_json *
parse_raw(const struct dd *d, size_t i)
{
	return mops_json_parse(dd_line(d, (uint32_t)i), d->recs[i].rawlen, NULL);
}

/* 1 if needle occurs in hay[0..n): Horspool's skip, a dozen bytes a step on
 * the keys looked for (memmem is a GNU extension, and the byte-by-byte scan
 * was a tenth of the run). */
int
dd_memfind(const char *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle), skip[256], i, pos;
	const unsigned char *h = (const unsigned char *)hay,
	    *nd = (const unsigned char *)needle;

	if (m == 0)
		return 1;
	if (m > n)
		return 0;
	for (i = 0; i < 256; i++)
		skip[i] = m;
	for (i = 0; i + 1 < m; i++)
		skip[nd[i]] = m - 1 - i;
	for (pos = 0; pos + m <= n; pos += skip[h[pos + m - 1]])
		if (h[pos + m - 1] == nd[m - 1] && memcmp(h + pos, nd, m - 1) == 0)
			return 1;
	return 0;
}

static int
raw_has(const struct dd *d, size_t i, const char *needle)
{
	return dd_memfind(dd_line(d, (uint32_t)i), d->recs[i].rawlen, needle);
}

struct dd_refs *
dd_refs_build(const struct dd *d, const struct dd_idmap *map)
{
	struct dd_refs *r = mops_xcalloc(1, sizeof(*r));
	size_t i;

	for (i = 0; i < d->n; i++) {
		mops_json *rec, **slot;
		const char *a, *b, *t;

		/* Only lines that can matter are parsed. */
		if (d->recs[i].kind == DD_OTHER ? !raw_has(d, i, "opportunity_role") :
		    !raw_has(d, i, "\"account_id\""))
			continue;
		if (!(rec = parse_raw(d, i)))
			continue;
		dd_resolve_refs(map, rec);
		t = mops_json_get_str(rec, "type");
		if (t && !strcmp(t, "opportunity_role")) {
			a = mops_json_get_str(rec, "opportunity_id");
			b = mops_json_get_str(rec, "person_id");
			if (a && b) {
				slot = strmap_slot(&r->roles, a, 1);
				if (!*slot)
					*slot = mops_json_new_array();
				mops_json_append(*slot, mops_json_new_string(b));
			}
		} else if (t && !strcmp(t, "person")) {
			/* the golden person's id: its cluster's first member */
			const char *gid = dd_str(&d->strs, d->recs[d->cluster[i]].s[S_ID]);

			a = mops_json_get_str(rec, "account_id");
			slot = strmap_slot(&r->accounts, gid, 1);
			if (a && !*slot)	/* the first member's account wins */
				*slot = mops_json_new_string(a);
		}
		mops_json_free(rec);
	}
	return r;
}

int
dd_refs_complete(const struct dd_refs *r, mops_json *rec)
{
	const char *t = mops_json_get_str(rec, "type"), *id, *pid;
	mops_json **slot, *pids;
	size_t i, j;
	int n = 0;

	if (!t)
		return 0;
	if (!strcmp(t, "touch") && !mops_json_get_str(rec, "account_id") &&
	    (pid = mops_json_get_str(rec, "person_id")) &&
	    (slot = strmap_slot((struct strmap *)&r->accounts, pid, 0)) && *slot) {
		mops_json_set(rec, "account_id", mops_json_copy(*slot));
		n++;
	}
	if (!strcmp(t, "opportunity") && (id = mops_json_get_str(rec, "id")) &&
	    (slot = strmap_slot((struct strmap *)&r->roles, id, 0)) && *slot) {
		pids = mops_json_get(rec, "person_ids");
		if (!pids || pids->type != MOPS_JARRAY) {
			pids = mops_json_new_array();
			mops_json_set(rec, "person_ids", pids);
		}
		for (i = 0; i < (*slot)->len; i++) {
			const char *p = (*slot)->u.items[i]->u.s;
			int have = 0;

			for (j = 0; j < pids->len && !have; j++)
				have = pids->u.items[j]->type == MOPS_JSTRING &&
				    !strcmp(pids->u.items[j]->u.s, p);
			if (!have) {
				mops_json_append(pids, mops_json_new_string(p));
				n++;
			}
		}
	}
	return n;
}

void
dd_refs_free(struct dd_refs *r)
{
	if (!r)
		return;
	strmap_free(&r->roles);
	strmap_free(&r->accounts);
	free(r);
}
