/*
 * hubspot.c - HubSpot CRM v3 contacts, companies and deals.
 *
 * Full sync walks the list endpoint with its `after` cursor.  Incremental sync
 * uses the search endpoint filtered on the last-modified property
 * (lastmodifieddate for contacts, hs_lastmodifieddate otherwise) in time
 * windows, oldest first: a window with more results than the search cap
 * (10,000 per query) is cut into smaller ones; inside a window pages are read
 * by hs_object_id ("GT last id", sorted by id), never by `after` offsets,
 * which records deleted mid-run would shift (see window()).  Associations of
 * search results come from the batch association endpoints, paged per record.
 * Every property is requested by default (names from the properties API); the
 * list endpoint takes them in its URL, so long lists are split into chunks that
 * fetch the same page and are merged by record id; a 414 URI Too Long halves
 * the chunks.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"
#include "state.h"

#define HS_URL_BUDGET 1800	/* bytes of property names per URL, at first */

struct hs {
	struct ex_run *run;
	struct ex_http *h;
	const char *base, *obj, *modprop;
	char stream[64];
	char *bearer;
	char **props;
	size_t nprops, capprops;
	size_t url_budget;		/* bytes of property names per list URL */
	char *search_url;
	long limit, cap;		/* search page size and result cap */
	int soft;			/* the next fetch hands back: 1 a 400/414, 2 a 404 */
	int assoc_v4;			/* the v3 associations API answered 404 */
};

static const char *
hs_auth(void *ctx, int refresh)
{
	struct hs *hs = ctx;

	(void)refresh;	/* a private-app token cannot be refreshed: retried once */
	return hs->bearer;
}

static enum ex_verdict
hs_classify(void *ctx, const struct ex_resp *r, enum ex_verdict v, double *delay)
{
	struct hs *hs = ctx;
	const char *policy;

	(void)delay;
	if (hs->soft == 1 && (r->status == 400 || r->status == 414))
		return EX_OK;
	if (hs->soft == 2 && r->status == 404)
		return EX_OK;
	if (r->status == 429) {
		policy = mops_json_get_str(r->doc, "policyName");
		if (policy && strcmp(policy, "DAILY") == 0)
			return EX_QUOTA;
	}
	return v;
}

static void
add_prop(struct hs *hs, const char *name)
{
	hs->props = mops_xgrow(hs->props, &hs->capprops, hs->nprops + 1, sizeof(*hs->props));
	hs->props[hs->nprops++] = mops_xstrdup(name);
}

static void
load_props(struct hs *hs)
{
	struct ex_resp r;
	struct ex_req rq = { 0 };
	char *url, *list, *p, *save = NULL;
	mops_json *res;
	size_t i;

	if (hs->run->properties) {
		list = mops_xstrdup(hs->run->properties);
		for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
			if (*p)
				add_prop(hs, p);
		free(list);
		return;
	}
	url = mops_xasprintf("%s/crm/v3/properties/%s", hs->base, hs->obj);
	rq.url = url;
	rq.json = 1;
	if (ex_http_fetch(hs->h, &rq, &r) == 0) {
		res = mops_json_get(r.doc, "results");
		for (i = 0; res && res->type == MOPS_JARRAY && i < res->len; i++) {
			const char *n = mops_json_get_str(res->u.items[i], "name");
			if (n)
				add_prop(hs, n);
		}
	}
	ex_resp_free(&r);
	free(url);
}

/* Property chunks for the list endpoint: [from, to) index ranges. */
static size_t
chunk_end(struct hs *hs, size_t from)
{
	size_t len = 0, i;
	const unsigned char *p;

	for (i = from; i < hs->nprops; i++) {
		/* as ex_urlenc() writes it, and the comma */
		for (p = (const unsigned char *)hs->props[i]; *p; p++)
			len += isalnum(*p) || strchr("-._~", *p) ? 1 : 3;
		len++;
		if (len > hs->url_budget && i > from)
			break;
	}
	return i;
}

static char *
list_url(struct hs *hs, const char *after, int archived, size_t from, size_t to, int first)
{
	struct mops_buf b = MOPS_BUF_INIT;
	size_t i;
	long limit = hs->run->page_size ? hs->run->page_size : 100;

	mops_buf_printf(&b, "%s/crm/v3/objects/%s?limit=%ld&archived=%s", hs->base, hs->obj,
	    limit > 100 ? 100 : limit, archived ? "true" : "false");
	if (to > from) {
		mops_buf_adds(&b, "&properties=");
		for (i = from; i < to; i++) {
			if (i > from)
				mops_buf_addc(&b, ',');
			ex_urlenc(&b, hs->props[i]);
		}
	}
	if (first && hs->run->associations) {
		mops_buf_adds(&b, "&associations=");
		ex_urlenc(&b, hs->run->associations);
	}
	if (after) {
		mops_buf_adds(&b, "&after=");
		ex_urlenc(&b, after);
	}
	return mops_buf_detach(&b);
}

static void
note_record(struct hs *hs, const mops_json *rec)
{
	const char *ts = mops_json_get_str(mops_json_get(rec, "properties"), hs->modprop);

	if (!ts)
		ts = mops_json_get_str(rec, "updatedAt");
	ex_note(hs->run, hs->stream, ts);
}

/* Merges the properties of a later chunk's page into the first chunk's records. */
static void
merge_chunk(mops_json *results, const mops_json *more)
{
	size_t i, j, k;

	for (i = 0; more && more->type == MOPS_JARRAY && i < more->len; i++) {
		const mops_json *m = more->u.items[i], *mp = mops_json_get(m, "properties");
		const char *id = mops_json_get_str(m, "id");
		for (j = 0; id && mp && j < results->len; j++) {
			mops_json *r = results->u.items[j], *rp;
			const char *rid = mops_json_get_str(r, "id");
			if (!rid || strcmp(rid, id) != 0)
				continue;
			if (!(rp = mops_json_get(r, "properties")) || rp->type != MOPS_JOBJECT)
				break;
			for (k = 0; mp->type == MOPS_JOBJECT && k < mp->len; k++)
				if (!mops_json_getn(rp, mp->u.members[k].key, mp->u.members[k].klen))
					mops_json_setn(rp, mp->u.members[k].key, mp->u.members[k].klen,
					    mops_json_copy(mp->u.members[k].val));
			break;
		}
	}
}

/* A 414, or a 400 saying the same (some proxies do): the URL was too long. */
static int
too_long(const struct ex_resp *r)
{
	const char *b = r->body.s ? r->body.s : "";

	if (r->status == 414)
		return 1;
	return r->status == 400 && !r->doc && (strstr(b, "URI Too Long") ||
	    strstr(b, "URI Too Large") || strstr(b, "URI too long") || strstr(b, "URL too long"));
}

/* One list page with the properties from `from` on (as many as the URL budget
 * allows; *to is where they end).  On 414 URI Too Long the budget is halved
 * and the page asked again, for this and every later URL.  Returns 0, or 1 in
 * --dry-run. */
static int
list_fetch(struct hs *hs, const char *after, int archived, size_t from, size_t *to, int first,
    struct ex_resp *r)
{
	struct ex_req rq = { 0 };
	char *url, *ex;
	int rc;

	for (;;) {
		*to = chunk_end(hs, from);
		url = list_url(hs, after, archived, from, *to, first);
		rq.url = url;
		rq.json = 1;
		hs->soft = 1;
		rc = ex_http_fetch(hs->h, &rq, r);
		hs->soft = 0;
		free(url);
		if (rc)
			return 1;
		if (r->status >= 200 && r->status < 300)
			return 0;
		if (too_long(r) && *to - from > 1) {
			hs->url_budget /= 2;
			if (!mops_cfg.quiet)
				mops_warn("hubspot: %s: URL too long, %zu bytes of properties per request now",
				    hs->obj, hs->url_budget);
			ex_resp_free(r);
			continue;
		}
		ex = mops_xstrndup(r->body.s ? r->body.s : "", r->body.len > 200 ? 200 : r->body.len);
		ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: /crm/v3/objects/%s: HTTP %ld: %s", hs->obj,
		    r->status, ex);
	}
}

/* The list endpoint; archived records archived before `start` are skipped
 * (the search endpoint never returns archived records). */
static void
full_sync(struct hs *hs, int archived, int64_t start)
{
	char *after = NULL;
	struct ex_resp r, r2;
	mops_json *results, *next;
	size_t from, to, i;
	const char *a;

	ex_http_pace(hs->h, 0.1);	/* 100 requests per 10 s (private apps) */
	for (;;) {
		if (list_fetch(hs, after, archived, 0, &to, 1, &r))
			break;
		results = mops_json_get(r.doc, "results");
		if (!results || results->type != MOPS_JARRAY)
			ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s: response without results", hs->obj);
		for (from = to; from < hs->nprops; from = to) {
			if (list_fetch(hs, after, archived, from, &to, 0, &r2) == 0)
				merge_chunk(results, mops_json_get(r2.doc, "results"));
			ex_resp_free(&r2);
		}
		for (i = 0; i < results->len; i++) {
			mops_json *rec = results->u.items[i];
			int64_t at;
			if (start != EX_NO_TIME && ex_time_parse(mops_json_get_str(rec, "archivedAt"), &at) == 0 &&
			    at < start)
				continue;
			results->u.items[i] = mops_json_new_null();
			note_record(hs, rec);
			ex_emit(hs->run, hs->stream, "id", rec);
		}
		mops_out_flush(hs->run->out);
		next = mops_json_get(mops_json_get(mops_json_get(r.doc, "paging"), "next"), "after");
		a = mops_json_scalar_text(next);
		free(after);
		after = a ? mops_xstrdup(a) : NULL;
		ex_resp_free(&r);
		if (!after)
			break;
	}
	free(after);
}

static void
add_filter(struct mops_buf *b, int *n, const char *prop, const char *op, const char *val)
{
	if ((*n)++)
		mops_buf_addc(b, ',');
	mops_buf_adds(b, "{\"propertyName\":");
	mops_json_dump_string(prop, strlen(prop), ex_buf_sink, b);
	mops_buf_printf(b, ",\"operator\":\"%s\",\"value\":", op);
	mops_json_dump_string(val, strlen(val), ex_buf_sink, b);
	mops_buf_addc(b, '}');
}

/* HubSpot's own association types: v4 type ids by their v3 names. */
static const struct {
	int id;
	const char *name;
} hs_assoc_types[] = {
	{ 1, "contact_to_company" }, { 279, "contact_to_company_unlabeled" },
	{ 2, "company_to_contact" }, { 280, "company_to_contact_unlabeled" },
	{ 3, "deal_to_contact" }, { 4, "contact_to_deal" },
	{ 5, "deal_to_company" }, { 341, "deal_to_company_unlabeled" },
	{ 6, "company_to_deal" }, { 342, "company_to_deal_unlabeled" },
};

/* "contacts" -> "contact", "companies" -> "company". */
static void
singular(struct mops_buf *b, const char *obj)
{
	size_t n = strlen(obj);

	if (n > 3 && !strcmp(obj + n - 3, "ies"))
		mops_buf_printf(b, "%.*sy", (int)(n - 3), obj);
	else
		mops_buf_printf(b, "%.*s", (int)(n && obj[n - 1] == 's' ? n - 1 : n), obj);
}

/* A v4 batch `to` list ([{toObjectId, associationTypes:[{category, typeId,
 * label}]}]) appended to out in the v3 shape the list endpoint uses: [{id,
 * type}], one entry per association type, HubSpot-defined types by their v3
 * names. */
static void
v4_to_v3(struct hs *hs, const char *to, const mops_json *tl, mops_json *out)
{
	mops_json *e;
	const mops_json *types, *ty;
	struct mops_buf name = MOPS_BUF_INIT;
	const char *id, *label;
	size_t i, j, k;
	double tid;
	int ok;

	for (i = 0; tl && tl->type == MOPS_JARRAY && i < tl->len; i++) {
		if (!(id = mops_json_scalar_text(mops_json_get(tl->u.items[i], "toObjectId"))))
			continue;
		types = mops_json_get(tl->u.items[i], "associationTypes");
		for (j = 0; types && types->type == MOPS_JARRAY && j < types->len; j++) {
			ty = types->u.items[j];
			tid = mops_json_number(mops_json_get(ty, "typeId"), &ok);
			mops_buf_reset(&name);
			for (k = 0; ok && k < sizeof(hs_assoc_types) / sizeof(hs_assoc_types[0]); k++)
				if (hs_assoc_types[k].id == (int)tid) {
					mops_buf_adds(&name, hs_assoc_types[k].name);
					break;
				}
			if (!name.len && (label = mops_json_get_str(ty, "label")) && *label) {
				mops_buf_adds(&name, label);
			} else if (!name.len) {
				singular(&name, hs->obj);
				mops_buf_adds(&name, "_to_");
				singular(&name, to);
			}
			e = mops_json_new_object();
			mops_json_set(e, "id", mops_json_new_string(id));
			mops_json_set(e, "type", mops_json_new_string(mops_buf_str(&name)));
			mops_json_append(out, e);
		}
	}
	mops_buf_free(&name);
}

/* One batch read of `to` associations (body {"inputs":[...]}) from v3, or from
 * v4 once v3 answered 404.  Returns 0 with a 2xx in *r, 1 in --dry-run. */
static int
assoc_fetch(struct hs *hs, const char *to, const char *body, struct ex_resp *r)
{
	struct ex_req rq = { 0 };
	char *url;
	int rc;

	for (;;) {
		url = mops_xasprintf("%s/crm/v%d/associations/%s/%s/batch/read", hs->base,
		    hs->assoc_v4 ? 4 : 3, hs->obj, to);
		rq.method = "POST";
		rq.url = url;
		rq.body = body;
		rq.json = 1;
		hs->soft = hs->assoc_v4 ? 0 : 2;
		rc = ex_http_fetch(hs->h, &rq, r);
		hs->soft = 0;
		free(url);
		if (rc || r->status != 404)
			return rc;
		ex_resp_free(r);
		hs->assoc_v4 = 1;	/* v3 gone: v4 for the rest of the run */
	}
}

/* Adds one batch result's `to` list to its record's associations.<to>.results:
 * created by the first page of them, appended to by the later ones. */
static void
merge_assoc(struct hs *hs, mops_json *results, const char *to, const char *from,
    const mops_json *tl)
{
	mops_json *rec = NULL, *as, *w, *l;
	const char *rid;
	size_t j;

	for (j = 0; j < results->len && !rec; j++)
		if ((rid = mops_json_get_str(results->u.items[j], "id")) && !strcmp(rid, from))
			rec = results->u.items[j];
	if (!rec || !tl || tl->type != MOPS_JARRAY || !tl->len)
		return;
	if (!(as = mops_json_get(rec, "associations")) || as->type != MOPS_JOBJECT) {
		mops_json_set(rec, "associations", mops_json_new_object());
		as = mops_json_get(rec, "associations");
	}
	if (!(w = mops_json_get(as, to)) || w->type != MOPS_JOBJECT) {
		mops_json_set(as, to, mops_json_new_object());
		w = mops_json_get(as, to);
	}
	if (!(l = mops_json_get(w, "results")) || l->type != MOPS_JARRAY) {
		mops_json_set(w, "results", mops_json_new_array());
		l = mops_json_get(w, "results");
	}
	if (hs->assoc_v4)
		v4_to_v3(hs, to, tl, l);
	else
		for (j = 0; j < tl->len; j++)
			mops_json_append(l, mops_json_copy(tl->u.items[j]));
}

/* A record whose associations go on: the `after` to send back with its id. */
struct hs_more {
	char *id, *after;
};

static void
more_free(struct hs_more *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].id);
		free(m[i].after);
	}
	free(m);
}

/* The search endpoint returns no associations: read them for a page through
 * the v3 batch endpoint (the v4 one where v3 answers 404) and attach them as
 * the list endpoint does ("associations":{"contacts":{"results":[{"id",
 * "type"}]}}).  A result with paging.next.after has more: its id is sent
 * again with that `after` (all such ids of a round in one batch) until no
 * result has paging, each page merged into the same record. */
static void
attach_associations(struct hs *hs, mops_json *results)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_resp r;
	char *list = mops_xstrdup(hs->run->associations), *to, *save = NULL;
	const mops_json *res;
	struct hs_more *more, *next;
	size_t i, j, nmore, nnext, cap;
	int rc;

	if (!results->len) {
		free(list);
		return;
	}
	for (to = strtok_r(list, ",", &save); to; to = strtok_r(NULL, ",", &save)) {
		more = NULL;
		nmore = 0;
		for (;;) {
			/* the page's ids at first, then the ids with more and their `after` */
			mops_buf_reset(&b);
			mops_buf_adds(&b, "{\"inputs\":[");
			for (i = 0; i < (more ? nmore : results->len); i++) {
				const char *id = more ? more[i].id :
				    mops_json_get_str(results->u.items[i], "id");
				if (i)
					mops_buf_addc(&b, ',');
				mops_buf_adds(&b, "{\"id\":");
				mops_json_dump_string(id ? id : "", id ? strlen(id) : 0, ex_buf_sink, &b);
				if (more) {
					mops_buf_adds(&b, ",\"after\":");
					mops_json_dump_string(more[i].after, strlen(more[i].after),
					    ex_buf_sink, &b);
				}
				mops_buf_addc(&b, '}');
			}
			mops_buf_adds(&b, "]}");
			rc = assoc_fetch(hs, to, mops_buf_str(&b), &r);
			next = NULL;
			nnext = cap = 0;
			res = rc ? NULL : mops_json_get(r.doc, "results");
			for (i = 0; res && res->type == MOPS_JARRAY && i < res->len; i++) {
				const mops_json *e = res->u.items[i];
				const char *from = mops_json_get_str(mops_json_get(e, "from"), "id");
				const char *a = mops_json_scalar_text(mops_json_get(mops_json_get(
				    mops_json_get(e, "paging"), "next"), "after"));
				if (!from)
					continue;
				/* a cursor handed back unchanged would repeat the page forever */
				for (j = 0; a && more && j < nmore; j++)
					if (!strcmp(more[j].id, from) && !strcmp(more[j].after, a))
						ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s %s associations: "
						    "paging of %s does not advance", hs->obj, to, from);
				merge_assoc(hs, results, to, from, mops_json_get(e, "to"));
				if (a) {
					next = mops_xgrow(next, &cap, nnext + 1, sizeof(*next));
					next[nnext].id = mops_xstrdup(from);
					next[nnext++].after = mops_xstrdup(a);
				}
			}
			ex_resp_free(&r);
			more_free(more, nmore);
			more = next;
			nmore = nnext;
			if (!nmore)
				break;
		}
		more_free(more, nmore);
	}
	free(list);
	mops_buf_free(&b);
}

/* One search request: the modified property in [lo, hi) (hi EX_NO_TIME: no
 * upper bound), ids above gt_id when set, sorted by id, the first `limit` of
 * them.  Never an `after` offset (see window()).  Returns 0 with a 2xx in *r,
 * -1 in --dry-run. */
static int
search_page(struct hs *hs, int64_t lo, int64_t hi, const char *gt_id, struct ex_resp *r)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	char num[32], *ex;
	size_t i;
	int nf = 0, rc;

	mops_buf_adds(&b, "{\"filterGroups\":[{\"filters\":[");
	snprintf(num, sizeof(num), "%lld", (long long)lo);
	add_filter(&b, &nf, hs->modprop, "GTE", num);
	if (hi != EX_NO_TIME) {
		snprintf(num, sizeof(num), "%lld", (long long)hi);
		add_filter(&b, &nf, hs->modprop, "LT", num);
	}
	if (gt_id)
		add_filter(&b, &nf, "hs_object_id", "GT", gt_id);
	mops_buf_adds(&b, "]}],\"sorts\":[{\"propertyName\":\"hs_object_id\","
	    "\"direction\":\"ASCENDING\"}],\"properties\":[");
	for (i = 0; i < hs->nprops; i++) {
		if (i)
			mops_buf_addc(&b, ',');
		mops_json_dump_string(hs->props[i], strlen(hs->props[i]), ex_buf_sink, &b);
	}
	mops_buf_printf(&b, "],\"limit\":%ld}", hs->limit);
	rq.method = "POST";
	rq.url = hs->search_url;
	rq.body = mops_buf_str(&b);
	rq.json = 1;
	rc = ex_http_fetch(hs->h, &rq, r);
	mops_buf_free(&b);
	if (rc)
		return -1;
	if (r->status < 200 || r->status >= 300) {
		ex = mops_xstrndup(r->body.s ? r->body.s : "", r->body.len > 200 ? 200 : r->body.len);
		ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s search: HTTP %ld: %s", hs->obj, r->status, ex);
	}
	if (!mops_json_get(r->doc, "results") || mops_json_get(r->doc, "results")->type != MOPS_JARRAY)
		ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s search: response without results", hs->obj);
	return 0;
}

/* Emits a search page's records (with their associations); *last_id becomes
 * the id of the last one.  Returns how many there were. */
static size_t
emit_page(struct hs *hs, struct ex_resp *r, char **last_id)
{
	mops_json *results = mops_json_get(r->doc, "results");
	size_t i, n = results->len;

	if (hs->run->associations)
		attach_associations(hs, results);
	for (i = 0; i < n; i++) {
		mops_json *rec = results->u.items[i];
		const char *id = mops_json_get_str(rec, "id");
		results->u.items[i] = mops_json_new_null();
		if (id) {
			free(*last_id);
			*last_id = mops_xstrdup(id);
		}
		note_record(hs, rec);
		ex_emit(hs->run, hs->stream, "id", rec);
	}
	/* whole lines out before the next request waits on the network */
	mops_out_flush(hs->run->out);
	return n;
}

static int
cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A record's modification time in ms, or EX_NO_TIME. */
static int64_t
mod_ms(struct hs *hs, const mops_json *rec)
{
	const char *ts = mops_json_get_str(mops_json_get(rec, "properties"), hs->modprop);
	int64_t ms;

	if (!ts)
		ts = mops_json_get_str(rec, "updatedAt");
	return ex_time_parse(ts, &ms) == 0 ? ms : EX_NO_TIME;
}

/*
 * Where to cut [lo, hi) (hi EX_NO_TIME: open) that holds `total` records, more
 * than the cap.  The probe page is sorted by id, not by time, so its times are
 * a sample of the window: cut at its quantiles into enough parts to hold about
 * half the cap each.  A time that repeats (many records changed in one
 * millisecond, as bulk imports do) gets a window of its own: [t, t+1).
 * Returns the number of cuts (strictly inside the window, ascending) in
 * *cuts (caller frees), 0 when the sample gives none.
 */
static size_t
cut_points(struct hs *hs, const mops_json *results, int64_t lo, int64_t hi, double total,
    int64_t **cuts)
{
	int64_t *t = mops_xcalloc(results->len + 1, sizeof(*t)), prev = lo, c;
	size_t n = 0, i, k, q, nc = 0;

	for (i = 0; i < results->len; i++) {
		c = mod_ms(hs, results->u.items[i]);
		if (c != EX_NO_TIME && c >= lo && (hi == EX_NO_TIME || c < hi))
			t[n++] = c;
	}
	*cuts = mops_xcalloc(n + 1, sizeof(**cuts));
	if (n) {
		qsort(t, n, sizeof(*t), cmp_ms);
		k = (size_t)(total / ((double)hs->cap / 2)) + 1;
		if (k > n)
			k = n;
		for (q = 1; q <= k; q++) {
			/* the last cut closes the sample's newest time */
			c = q < k ? t[q * n / k] : t[n - 1] + 1;
			if (c < prev || (c == prev && q == k))
				continue;
			if (c == prev)	/* repeats: [c, c+1) on its own */
				c = prev + 1;
			if (hi != EX_NO_TIME && c >= hi)
				break;
			(*cuts)[nc++] = prev = c;
		}
	}
	free(t);
	return nc;
}

/*
 * Reads every record modified in [lo, hi) (hi EX_NO_TIME: no bound).  The
 * first page tells the window's total: a window holding more than the search
 * cap is cut (at the quantiles of the page's times, else in two) and each part
 * read in turn, oldest first.  Inside a window every page is a new search,
 * "hs_object_id GT the last id read", sorted by id: HubSpot's `after` is an
 * offset into a live result, so records deleted (or moved out of the window)
 * while we page would shift later pages and unchanged records would be
 * skipped for good; by id nothing is skipped, and no cap truncates a window
 * that cannot be cut (one millisecond).
 */
static void
window(struct hs *hs, int64_t lo, int64_t hi)
{
	struct ex_resp r;
	char *last_id = NULL, *gt = NULL;
	double total;
	int ok, more;
	int64_t *cuts, prev;
	size_t nc, i;

	if (hi != EX_NO_TIME && hi <= lo)
		return;
	if (search_page(hs, lo, hi, NULL, &r))
		return;	/* --dry-run: the first request shows the plan */
	total = mops_json_number(mops_json_get(r.doc, "total"), &ok);
	if (ok && total > (double)hs->cap) {
		nc = cut_points(hs, mops_json_get(r.doc, "results"), lo, hi, total, &cuts);
		if (!nc && hi != EX_NO_TIME && hi - lo > 1)
			cuts[nc++] = lo + (hi - lo) / 2;
		if (nc) {
			ex_resp_free(&r);
			for (i = 0, prev = lo; i < nc; prev = cuts[i++])
				window(hs, prev, cuts[i]);
			window(hs, prev, hi);
			free(cuts);
			return;
		}
		free(cuts);
	}
	for (;;) {
		/* a page without paging.next is the last one */
		more = emit_page(hs, &r, &last_id) > 0 &&
		    mops_json_get(mops_json_get(r.doc, "paging"), "next") != NULL;
		ex_resp_free(&r);
		if (!more || !last_id)
			break;
		if (gt && strcmp(gt, last_id) == 0)
			ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s search: hs_object_id GT %s "
			    "does not advance", hs->obj, last_id);
		free(gt);
		gt = mops_xstrdup(last_id);
		if (search_page(hs, lo, hi, gt, &r))
			break;
	}
	free(gt);
	free(last_id);
}

static void
incremental(struct hs *hs, int64_t start)
{
	const char *cap = getenv("MOPS_HUBSPOT_SEARCH_CAP");

	hs->limit = hs->run->page_size ? hs->run->page_size : 200;
	if (hs->limit > 200)
		hs->limit = 200;
	hs->cap = 10000;	/* HubSpot: no more than 10,000 results per query */
	if (cap && *cap)
		hs->cap = (long)mops_parse_int("MOPS_HUBSPOT_SEARCH_CAP", cap, 1, 1000000000);
	hs->search_url = mops_xasprintf("%s/crm/v3/objects/%s/search", hs->base, hs->obj);
	ex_http_pace(hs->h, 0.2);	/* search: 5 requests per second */
	window(hs, start, hs->run->until);
	free(hs->search_url);
}

void
ex_hubspot(struct ex_run *run)
{
	struct hs hs;
	int64_t start;
	size_t i;

	memset(&hs, 0, sizeof(hs));
	hs.run = run;
	if (!run->object || (strcmp(run->object, "contacts") && strcmp(run->object, "companies") &&
	    strcmp(run->object, "deals")))
		mops_usage_error("hubspot: expected contacts, companies or deals");
	hs.obj = run->object;
	hs.modprop = strcmp(hs.obj, "contacts") == 0 ? "lastmodifieddate" : "hs_lastmodifieddate";
	snprintf(hs.stream, sizeof(hs.stream), "hubspot.%s", hs.obj);
	hs.base = ex_base_url(run, "MOPS_HUBSPOT_BASE_URL", "https://api.hubapi.com");
	hs.bearer = mops_xasprintf("Bearer %s", run->dry_run ? "REDACTED" :
	    ex_secret_need("MOPS_HUBSPOT_TOKEN"));
	hs.url_budget = HS_URL_BUDGET;
	hs.h = ex_http_new("hubspot", run->verbose, run->dry_run);
	ex_http_hooks(hs.h, hs_auth, hs_classify, &hs);
	load_props(&hs);
	start = ex_start(run, hs.stream);
	if (start == EX_NO_TIME)
		full_sync(&hs, 0, start);
	else
		incremental(&hs, start);
	if (run->archived && !run->dry_run)
		full_sync(&hs, 1, start);
	/* the bookmark never passes the run's start: a record changed while we
	 * read (after we passed it) is read again next time */
	if (run->state && run->until == EX_NO_TIME && !run->dry_run)
		ex_state_cap(run->state, run->now);
	for (i = 0; i < hs.nprops; i++)
		free(hs.props[i]);
	free(hs.props);
	free(hs.bearer);
	ex_http_free(hs.h);
}
