/* merge.c - write the results: golden records (survivorship), tagged records
 * or scored pairs.  A cluster's lines are parsed only while it is written. */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canon.h"
#include "dd.h"
#include "exit.h"
#include "config.h"
#include "util.h"

enum rule {
	R_NONE, R_RECENT, R_COMPLETE, R_SOURCE, R_FREQUENT, R_EARLIEST, R_LATEST,
	R_UNION, R_ANY, R_STAGE
};

static const char *const rule_names[] = {
	"", "most_recent", "most_complete", "source_priority", "most_frequent",
	"earliest", "latest", "union", "any", "most_advanced",
};

struct field_rule {
	char *field;
	enum rule rule;
};

static struct {
	struct field_rule *f;
	size_t n;
	char **prio;
	size_t nprio;
	enum rule def;
} rules = { NULL, 0, NULL, 0, R_RECENT };

static enum rule
rule_by_name(const char *s)
{
	size_t i;

	for (i = 1; i < sizeof(rule_names) / sizeof(rule_names[0]); i++)
		if (!strcmp(s, rule_names[i]))
			return (enum rule)i;
	return R_NONE;
}

/*
 * {"default": "most_recent", "source_priority": ["salesforce", "hubspot"],
 *  "fields": {"phone": "source_priority", "title": "most_complete"}}
 */
int
dd_rules_load(const char *path)
{
	static const char *const keys[] = { "default", "source_priority", "fields",
		NULL };
	json_t *root = mops_config_load(path), *v, *fields;
	const char *key;
	size_t i;

	if (!root)
		return MOPS_EX_CONFIG;
	if (mops_config_keys(root, path, "rules", keys) < 0) {
		json_decref(root);
		return MOPS_EX_CONFIG;
	}
	if ((v = json_object_get(root, "default"))) {
		if (!json_is_string(v) || !(rules.def = rule_by_name(json_string_value(v))))
			goto badrule;
	}
	if ((v = json_object_get(root, "source_priority"))) {
		if (!json_is_array(v))
			goto bad;
		rules.prio = mops_xcalloc(json_array_size(v) + 1, sizeof(char *));
		for (i = 0; i < json_array_size(v); i++) {
			if (!json_is_string(json_array_get(v, i)))
				goto bad;
			rules.prio[rules.nprio++] = mops_xstrdup(json_string_value(json_array_get(v, i)));
		}
	}
	if ((fields = json_object_get(root, "fields"))) {
		if (!json_is_object(fields))
			goto bad;
		rules.f = mops_xcalloc(json_object_size(fields) + 1, sizeof(*rules.f));
		json_object_foreach(fields, key, v) {
			enum rule r;

			if (!json_is_string(v) || !(r = rule_by_name(json_string_value(v)))) {
				mops_warn("%s: field \"%s\": unknown rule (one of most_recent, "
				    "most_complete, source_priority, most_frequent, earliest, "
				    "latest, union, any, most_advanced)", path, key);
				json_decref(root);
				return MOPS_EX_CONFIG;
			}
			rules.f[rules.n].field = mops_xstrdup(key);
			rules.f[rules.n++].rule = r;
		}
	}
	json_decref(root);
	return 0;
badrule:
	mops_warn("%s: \"default\": unknown rule", path);
	json_decref(root);
	return MOPS_EX_CONFIG;
bad:
	mops_warn("%s: expected {\"default\": RULE, \"source_priority\": [SOURCE...], "
	    "\"fields\": {FIELD: RULE}}", path);
	json_decref(root);
	return MOPS_EX_CONFIG;
}

void
dd_rules_free(void)
{
	size_t i;

	for (i = 0; i < rules.n; i++)
		free(rules.f[i].field);
	for (i = 0; i < rules.nprio; i++)
		free(rules.prio[i]);
	free(rules.f);
	free(rules.prio);
}

/* Consent and deliverability flags: true if any member's is.  Never
 * overridable by --rules, so an opt-out cannot be lost in a merge. */
static int
is_compliance(const char *k)
{
	static const char *const words[] = { "opt_out", "optout", "opted_out", "optedout",
	    "unsubscribe", "do_not_", "donot", "bounced", "blacklist", "blocklist",
	    "suppress", NULL };
	const char *const *w;
	char low[128];
	size_t i;

	/* vendor fields pass through as named: "Unsubscribed from all email" */
	for (i = 0; k[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)(k[i] == ' ' ? '_' : tolower((unsigned char)k[i]));
	low[i] = '\0';
	for (w = words; *w; w++)
		if (strstr(low, *w))
			return 1;
	return 0;
}

static enum rule
rule_for(const char *k, const mops_json *sample)
{
	size_t i;

	if (is_compliance(k))
		return R_ANY;
	for (i = 0; i < rules.n; i++)
		if (!strcmp(rules.f[i].field, k))
			return rules.f[i].rule;
	if (!strcmp(k, "lifecycle_stage"))
		return R_STAGE;
	if (!strcmp(k, "created_at") || !strcmp(k, "stage_dates") ||
	    !strcmp(k, "first_seen_at"))
		return R_EARLIEST;
	if (!strcmp(k, "updated_at") || !strcmp(k, "last_activity_at"))
		return R_LATEST;
	if (!strcmp(k, "_errors") || (sample && sample->type == MOPS_JARRAY))
		return R_UNION;
	return rules.def;
}

static int
empty(const mops_json *v)
{
	if (!v || v->type == MOPS_JNULL)
		return 1;
	if (v->type == MOPS_JSTRING || v->type == MOPS_JARRAY || v->type == MOPS_JOBJECT)
		return v->len == 0;
	return 0;
}

/* 1..7 in stage order, 0 for other and anything else (canon.h). */
static int
stage_rank(const mops_json *v)
{
	return mops_canon_stage_rank(mops_json_str(v)) + 1;
}

static int
prio_rank(const mops_json *rec)
{
	const char *s = mops_json_get_str(rec, "source");
	size_t i;

	for (i = 0; s && i < rules.nprio; i++)
		if (!strcmp(rules.prio[i], s))
			return (int)i;
	return (int)rules.nprio;
}

struct member {
	mops_json *rec;
	const char *updated;
	int prio;
	uint32_t idx;
};

/* Most recent first; then source priority; then record order. */
static int
recency_cmp(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	int c = mops_ts_cmp(b->updated, a->updated);	/* by instant */

	if (c)
		return c;
	if (a->prio != b->prio)
		return a->prio - b->prio;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static const char *
text_of(const mops_json *v)
{
	const char *s = mops_json_scalar_text(v);

	return s ? s : "";
}

/* Earliest (dir < 0) or latest (dir > 0) of scalar values; objects such as
 * stage_dates are merged key by key. */
static mops_json *
pick_extreme(struct member *m, size_t n, const char *k, int dir)
{
	const mops_json *best = NULL;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const mops_json *v = mops_json_get(m[i].rec, k);

		if (empty(v))
			continue;
		if (v->type == MOPS_JOBJECT) {
			mops_json *o = mops_json_new_object();

			for (i = 0; i < n; i++) {
				const mops_json *ov = mops_json_get(m[i].rec, k);

				if (!ov || ov->type != MOPS_JOBJECT)
					continue;
				for (j = 0; j < ov->len; j++) {
					const mops_json *cur = mops_json_get(o, ov->u.members[j].key);
					const mops_json *nv = ov->u.members[j].val;
					int c;

					if (empty(nv))
						continue;
					c = cur ? mops_ts_cmp(text_of(nv), text_of(cur)) : 0;
					if (!cur || (dir < 0 ? c < 0 : c > 0))
						mops_json_set(o, ov->u.members[j].key, mops_json_copy(nv));
				}
			}
			return o;
		}
		if (!best || (dir < 0 ? mops_ts_cmp(text_of(v), text_of(best)) < 0 :
		    mops_ts_cmp(text_of(v), text_of(best)) > 0))
			best = v;
	}
	return best ? mops_json_copy(best) : NULL;
}

static mops_json *
pick(struct member *m, size_t n, const char *k, enum rule r)
{
	const mops_json *best = NULL;
	size_t i, j;

	switch (r) {
	case R_ANY: {
		/* the first true value as it was written (true, "true", "1", 1,
		 * "yes"), so a vendor's string field stays a string */
		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);
			const char *s = mops_json_str(v);

			if (mops_json_is_true(v) || (s && (!strcasecmp(s, "true") ||
			    !strcmp(s, "1") || !strcasecmp(s, "yes"))) ||
			    (v && v->type == MOPS_JNUMBER && mops_json_number(v, NULL) != 0))
				/* the canonical flags are booleans */
				return !strcmp(k, "email_opt_out") || !strcmp(k, "email_bounced") ?
				    mops_json_new_bool(1) : mops_json_copy(v);
		}
		break;
	}
	case R_STAGE: {
		int br = -1;

		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);

			if (!empty(v) && stage_rank(v) > br) {
				br = stage_rank(v);
				best = v;
			}
		}
		break;
	}
	case R_EARLIEST:
		return pick_extreme(m, n, k, -1);
	case R_LATEST:
		return pick_extreme(m, n, k, 1);
	case R_COMPLETE: {
		size_t bl = 0;

		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);
			size_t l = v && (v->type == MOPS_JSTRING || v->type == MOPS_JNUMBER) ?
			    v->len : v ? v->len + 1 : 0;

			if (!empty(v) && (!best || l > bl)) {
				best = v;
				bl = l;
			}
		}
		break;
	}
	case R_SOURCE: {
		int bp = 0;

		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);

			if (!empty(v) && (!best || m[i].prio < bp)) {
				best = v;
				bp = m[i].prio;
			}
		}
		break;
	}
	case R_FREQUENT: {
		size_t bc = 0;

		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);
			char *t;
			size_t c = 0;

			if (empty(v))
				continue;
			t = mops_json_dumps(v);
			for (j = 0; j < n; j++) {
				const mops_json *w = mops_json_get(m[j].rec, k);
				char *u;

				if (empty(w))
					continue;
				u = mops_json_dumps(w);
				c += !strcmp(t, u);
				free(u);
			}
			free(t);
			if (c > bc) {
				bc = c;
				best = v;
			}
		}
		break;
	}
	case R_UNION: {
		mops_json *arr = mops_json_new_array();
		char **seen = NULL;
		size_t ns = 0, cap = 0, x;

		for (i = 0; i < n; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);
			size_t cnt;

			if (empty(v))
				continue;
			cnt = v->type == MOPS_JARRAY ? v->len : 1;
			for (j = 0; j < cnt; j++) {
				const mops_json *e = v->type == MOPS_JARRAY ? v->u.items[j] : v;
				char *t = mops_json_dumps(e);

				for (x = 0; x < ns && strcmp(seen[x], t); x++)
					;
				if (x < ns) {
					free(t);
					continue;
				}
				seen = mops_xgrow(seen, &cap, ns + 1, sizeof(char *));
				seen[ns++] = t;
				mops_json_append(arr, mops_json_copy(e));
			}
		}
		for (x = 0; x < ns; x++)
			free(seen[x]);
		free(seen);
		if (arr->len)
			return arr;
		mops_json_free(arr);	/* all empty: keep it as it was, below */
		break;
	}
	default:	/* most recent non-empty */
		for (i = 0; i < n && !best; i++) {
			const mops_json *v = mops_json_get(m[i].rec, k);

			if (!empty(v))
				best = v;
		}
		break;
	}
	if (!best) {	/* all empty: keep the most recent as it was */
		for (i = 0; i < n; i++)
			if ((best = mops_json_get(m[i].rec, k)))
				break;
	}
	return best ? mops_json_copy(best) : NULL;
}

static mops_json *
parse_rec(const struct dd *d, uint32_t i)
{
	struct mops_json_err err;
	mops_json *v = mops_json_parse(dd_line(d, i), d->recs[i].rawlen, &err);

	if (!v)
		mops_die(MOPS_EX_SOFTWARE, "record %u no longer parses", i);
	return v;
}

/* Member lists by cluster: idx sorted by (cluster, record). */
static uint32_t *
by_cluster(const struct dd *d, uint32_t **start)
{
	uint32_t *cnt = mops_xcalloc(d->n + 1, sizeof(uint32_t));
	uint32_t *out = mops_xmalloc((d->n ? d->n : 1) * sizeof(uint32_t));
	size_t i;

	for (i = 0; i < d->n; i++)
		cnt[d->cluster[i] + 1]++;
	for (i = 0; i < d->n; i++)
		cnt[i + 1] += cnt[i];
	for (i = 0; i < d->n; i++)
		out[cnt[d->cluster[i]]++] = (uint32_t)i;
	/* cnt[c] is now the end of cluster c; rebuild starts */
	for (i = d->n; i > 0; i--)
		cnt[i] = cnt[i - 1];
	cnt[0] = 0;
	*start = cnt;
	return out;
}

static void
write_golden(struct dd *d, mops_out *o, const uint32_t *mem, size_t n,
    const struct dd_idmap *map)
{
	struct member *m = mops_xcalloc(n, sizeof(*m));
	mops_json *g = mops_json_new_object(), *from = mops_json_new_array();
	const mops_json *first;
	char cid[40];
	size_t i, j;

	for (i = 0; i < n; i++) {
		m[i].rec = parse_rec(d, mem[i]);
		m[i].idx = mem[i];
		m[i].updated = mops_json_get_str(m[i].rec, "updated_at");
		if (!m[i].updated)
			m[i].updated = "";
		m[i].prio = prio_rank(m[i].rec);
		mops_json_append(from, mops_json_new_string(
		    dd_str(&d->strs, d->recs[mem[i]].s[S_ID])));
	}
	/* the leading (earliest-created) member: its id, source and source_id */
	for (i = 0, first = m[0].rec; i < n; i++)
		if (m[i].idx == d->cluster[mem[0]])
			first = m[i].rec;
	qsort(m, n, sizeof(*m), recency_cmp);
	/* keys in the order the most recent member has them */
	for (i = 0; i < n; i++) {
		for (j = 0; j < m[i].rec->len; j++) {
			const char *k = m[i].rec->u.members[j].key;
			mops_json *v;

			if (mops_json_get(g, k) || !strcmp(k, "_merged_from") ||
			    !strcmp(k, "_cluster") || !strcmp(k, "_match"))
				continue;
			if ((!strcmp(k, "id") || !strcmp(k, "source") ||
			    !strcmp(k, "source_id") || !strcmp(k, "type")) &&
			    mops_json_get(first, k)) {
				mops_json_set(g, k, mops_json_copy(mops_json_get(first, k)));
				continue;
			}
			v = pick(m, n, k, rule_for(k, m[i].rec->u.members[j].val));
			if (v)
				mops_json_set(g, k, v);
		}
	}
	mops_json_set(g, "_merged_from", from);
	dd_cluster_id(d, d->cluster[mem[0]], cid, sizeof(cid));
	mops_json_set(g, "_cluster", mops_json_new_string(cid));
	dd_resolve_refs(map, g);
	mops_out_json_line(o, g);
	mops_json_free(g);
	for (i = 0; i < n; i++)
		mops_json_free(m[i].rec);
	free(m);
}

static void
write_raw(const struct dd *d, mops_out *o, uint32_t i)
{
	mops_out_write(o, dd_line(d, i), d->recs[i].rawlen);
	mops_out_putc(o, '\n');
}

/*
 * A record alone in its cluster is its own golden record: its line as read
 * plus the lineage, written without parsing it again (most records of a run
 * are alone, and this halves the merge).  Not when the line holds references
 * to rewrite or lineage keys of its own: those take the full path.
 */
/* 1 if needle occurs in s[0..n) at off. */
static int
at(const char *s, size_t n, size_t off, const char *needle)
{
	size_t m = strlen(needle);

	return off + m <= n && memcmp(s + off, needle, m) == 0;
}

/* 1 if the line holds "_merged_from", "_cluster" or "_match" (quoted), or
 * with refs "person_id or "account_id: one pass over its underscores rather
 * than a search per key (the searches were a tenth of the run). */
static int
has_own_keys(const char *raw, size_t len, int refs)
{
	const char *p = raw, *end = raw + len;

	while (p < end && (p = memchr(p, '_', (size_t)(end - p)))) {
		size_t off = (size_t)(p - raw);

		if (off >= 1 && (at(raw, len, off - 1, "\"_merged_from\"") ||
		    at(raw, len, off - 1, "\"_cluster\"") ||
		    at(raw, len, off - 1, "\"_match\"")))
			return 1;
		if (refs && ((off >= 7 && at(raw, len, off - 7, "\"person_id")) ||
		    (off >= 8 && at(raw, len, off - 8, "\"account_id"))))
			return 1;
		p++;
	}
	return 0;
}

static int
write_single(const struct dd *d, mops_out *o, uint32_t i, const struct dd_idmap *map)
{
	const char *raw = dd_line(d, i), *id;
	size_t len = d->recs[i].rawlen, k, end;
	char cid[40];

	if (has_own_keys(raw, len, dd_idmap_size(map) > 0))
		return 0;
	for (end = len; end > 0 && raw[end - 1] != '}'; end--)
		if (raw[end - 1] != ' ' && raw[end - 1] != '\t' && raw[end - 1] != '\r')
			return 0;
	if (end < 2)
		return 0;
	for (k = end - 1; k > 0 && (raw[k - 1] == ' ' || raw[k - 1] == '\t'); k--)
		;
	if (raw[k - 1] == '{')	/* an empty object */
		return 0;
	id = dd_str(&d->strs, d->recs[i].s[S_ID]);
	dd_cluster_id(d, i, cid, sizeof(cid));
	mops_out_write(o, raw, end - 1);
	mops_out_puts(o, ",\"_merged_from\":[");
	mops_out_json_string(o, id, strlen(id));
	mops_out_printf(o, "],\"_cluster\":\"%s\"}\n", cid);
	return 1;
}

void
dd_write_merge(struct dd *d, mops_out *o)
{
	uint32_t *start, *mem = by_cluster(d, &start);
	struct dd_idmap *map = dd_idmap_build(d);
	struct dd_refs *refs = dd_refs_build(d, map);
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->recs[i].kind == DD_OTHER) {
			mops_json *r = parse_rec(d, (uint32_t)i);
			int changed = dd_resolve_refs(map, r);

			if (dd_refs_complete(refs, r) + changed)
				mops_out_json_line(o, r);
			else
				write_raw(d, o, (uint32_t)i);
			mops_json_free(r);
		} else if (d->cluster[i] == i) {
			if (start[i + 1] - start[i] == 1 && write_single(d, o, (uint32_t)i, map))
				continue;
			write_golden(d, o, mem + start[i], start[i + 1] - start[i], map);
		}
	}
	dd_refs_free(refs);
	dd_idmap_free(map);
	free(mem);
	free(start);
}

void
dd_write_tag(struct dd *d, mops_out *o)
{
	size_t i;
	char cid[40];

	for (i = 0; i < d->n; i++) {
		mops_json *r;

		if (d->recs[i].kind == DD_OTHER) {
			write_raw(d, o, (uint32_t)i);
			continue;
		}
		r = parse_rec(d, (uint32_t)i);
		dd_cluster_id(d, d->cluster[i], cid, sizeof(cid));
		mops_json_set(r, "_cluster", mops_json_new_string(cid));
		mops_out_json_line(o, r);
		mops_json_free(r);
	}
}

void
dd_write_pairs(struct dd *d, mops_out *o)
{
	size_t i;
	int f;

	for (i = 0; i < d->npairs; i++) {
		const struct dd_pair *p = &d->pairs[i];
		int match = p->weight >= d->threshold;

		if (!match && !d->all_pairs)
			continue;
		mops_out_puts(o, "{\"type\":\"pair\",\"a\":");
		mops_out_json_string(o, dd_str(&d->strs, d->recs[p->a].s[S_ID]),
		    strlen(dd_str(&d->strs, d->recs[p->a].s[S_ID])));
		mops_out_puts(o, ",\"b\":");
		mops_out_json_string(o, dd_str(&d->strs, d->recs[p->b].s[S_ID]),
		    strlen(dd_str(&d->strs, d->recs[p->b].s[S_ID])));
		mops_out_printf(o, ",\"weight\":%.2f,\"match\":%s,\"same_cluster\":%s",
		    p->weight, match ? "true" : "false",
		    d->cluster[p->a] == d->cluster[p->b] ? "true" : "false");
		if (d->explain) {
			int first = 1;

			mops_out_puts(o, ",\"fields\":{");
			for (f = 0; f < NF; f++) {
				if (!p->lev[f])
					continue;
				mops_out_printf(o, "%s\"%s\":{\"level\":\"%s\",\"weight\":%.2f}",
				    first ? "" : ",", dd_field_name[f],
				    dd_level_name[f][p->lev[f]], d->wt.w[f][p->lev[f]]);
				first = 0;
			}
			mops_out_printf(o, "%s\"name_frequency\":{\"weight\":%.2f}}",
			    first ? "" : ",", p->tf);
		}
		mops_out_puts(o, "}\n");
	}
}

void
dd_free(struct dd *d)
{
	free(d->memo);
	dd_lines_free(d);
	free(d->recs);
	free(d->strs.arena);
	free(d->strs.off);
	free(d->strs.count);
	free(d->count_last);
	free(d->strs.tab);
	free(d->xrefs);
	free(d->pairs);
	free(d->cand);
	free(d->cluster);
}
