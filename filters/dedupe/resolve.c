/*
 * resolve.c - after merging, references follow the golden records: a touch's
 * person_id, an opportunity's person_ids and account_id, a role's person_id,
 * a person's account_id are rewritten from a merged-away member's id to its
 * golden record's id, so every record downstream joins on one id per person
 * and per account (the lineage stays in _merged_from).
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
