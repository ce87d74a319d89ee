/*
 * hubspot.c - HubSpot CRM v3 contacts, companies and deals.
 *
 * Full sync walks the list endpoint with its `after` cursor.  Incremental sync
 * uses the search endpoint filtered on the last-modified property
 * (lastmodifieddate for contacts, hs_lastmodifieddate otherwise) and pages by
 * hs_object_id (sorted ascending, "hs_object_id GT last id") instead of
 * `after`, so the search API's 10,000-result cap can never truncate a sync.
 * Every property is requested by default (names from the properties API); the
 * list endpoint takes them in its URL, so long lists are split into chunks that
 * fetch the same page and are merged by record id (no 414 URI Too Long).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"

#define HS_URL_BUDGET 1800	/* bytes of property names per URL */

struct hs {
	struct ex_run *run;
	struct ex_http *h;
	const char *base, *obj, *modprop;
	char stream[64];
	char *bearer;
	char **props;
	size_t nprops, capprops;
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
	const char *policy;

	(void)ctx;
	(void)delay;
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

	for (i = from; i < hs->nprops; i++) {
		len += strlen(hs->props[i]) * 3 + 1;	/* worst case after encoding */
		if (len > HS_URL_BUDGET && i > from)
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

/* The list endpoint; archived records archived before `start` are skipped
 * (the search endpoint never returns archived records). */
static void
full_sync(struct hs *hs, int archived, int64_t start)
{
	char *after = NULL, *url;
	struct ex_req rq = { 0 };
	struct ex_resp r, r2;
	mops_json *results, *next;
	size_t from, to, i;
	const char *a;

	ex_http_pace(hs->h, 0.1);	/* 100 requests per 10 s (private apps) */
	for (;;) {
		to = chunk_end(hs, 0);
		url = list_url(hs, after, archived, 0, to, 1);
		rq.url = url;
		rq.json = 1;
		if (ex_http_fetch(hs->h, &rq, &r)) {
			free(url);
			break;
		}
		free(url);
		results = mops_json_get(r.doc, "results");
		if (!results || results->type != MOPS_JARRAY)
			ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s: response without results", hs->obj);
		for (from = to; from < hs->nprops; from = to) {
			to = chunk_end(hs, from);
			url = list_url(hs, after, archived, from, to, 0);
			rq.url = url;
			if (ex_http_fetch(hs->h, &rq, &r2) == 0)
				merge_chunk(results, mops_json_get(r2.doc, "results"));
			ex_resp_free(&r2);
			free(url);
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

/* The search endpoint returns no associations: read them for a page through
 * the v3 batch endpoint and attach them as the list endpoint does
 * ("associations":{"contacts":{"results":[{"id","type"}]}}). */
static void
attach_associations(struct hs *hs, mops_json *results)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	char *list = mops_xstrdup(hs->run->associations), *to, *save = NULL, *url;
	const mops_json *res;
	size_t i, j;

	if (!results->len) {
		free(list);
		return;
	}
	for (to = strtok_r(list, ",", &save); to; to = strtok_r(NULL, ",", &save)) {
		mops_buf_reset(&b);
		mops_buf_adds(&b, "{\"inputs\":[");
		for (i = 0; i < results->len; i++) {
			const char *id = mops_json_get_str(results->u.items[i], "id");
			if (i)
				mops_buf_addc(&b, ',');
			mops_buf_adds(&b, "{\"id\":");
			mops_json_dump_string(id ? id : "", id ? strlen(id) : 0, ex_buf_sink, &b);
			mops_buf_addc(&b, '}');
		}
		mops_buf_adds(&b, "]}");
		url = mops_xasprintf("%s/crm/v3/associations/%s/%s/batch/read", hs->base, hs->obj, to);
		rq.method = "POST";
		rq.url = url;
		rq.body = mops_buf_str(&b);
		rq.json = 1;
		if (ex_http_fetch(hs->h, &rq, &r) == 0) {
			res = mops_json_get(r.doc, "results");
			for (i = 0; res && res->type == MOPS_JARRAY && i < res->len; i++) {
				const mops_json *e = res->u.items[i];
				const char *from = mops_json_get_str(mops_json_get(e, "from"), "id");
				const mops_json *tl = mops_json_get(e, "to");
				for (j = 0; from && tl && tl->len && j < results->len; j++) {
					mops_json *rec = results->u.items[j], *as, *w;
					const char *rid = mops_json_get_str(rec, "id");
					if (!rid || strcmp(rid, from))
						continue;
					if (!(as = mops_json_get(rec, "associations"))) {
						mops_json_set(rec, "associations", mops_json_new_object());
						as = mops_json_get(rec, "associations");
					}
					w = mops_json_new_object();
					mops_json_set(w, "results", mops_json_copy(tl));
					mops_json_set(as, to, w);
					break;
				}
			}
		}
		ex_resp_free(&r);
		free(url);
	}
	free(list);
	mops_buf_free(&b);
}

static void
incremental(struct hs *hs, int64_t start)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	char *url, *last_id = NULL, num[32];
	mops_json *results;
	size_t i;
	int nf;
	long limit = hs->run->page_size ? hs->run->page_size : 200;

	if (limit > 200)
		limit = 200;
	url = mops_xasprintf("%s/crm/v3/objects/%s/search", hs->base, hs->obj);
	ex_http_pace(hs->h, 0.2);	/* search: 5 requests per second */
	for (;;) {
		mops_buf_reset(&b);
		nf = 0;
		mops_buf_adds(&b, "{\"filterGroups\":[{\"filters\":[");
		snprintf(num, sizeof(num), "%lld", (long long)start);
		add_filter(&b, &nf, hs->modprop, "GTE", num);
		if (hs->run->until != EX_NO_TIME) {
			snprintf(num, sizeof(num), "%lld", (long long)hs->run->until);
			add_filter(&b, &nf, hs->modprop, "LT", num);
		}
		if (last_id)
			add_filter(&b, &nf, "hs_object_id", "GT", last_id);
		mops_buf_adds(&b, "]}],\"sorts\":[{\"propertyName\":\"hs_object_id\","
		    "\"direction\":\"ASCENDING\"}],\"properties\":[");
		for (i = 0; i < hs->nprops; i++) {
			if (i)
				mops_buf_addc(&b, ',');
			mops_json_dump_string(hs->props[i], strlen(hs->props[i]),
			    ex_buf_sink, &b);
		}
		mops_buf_printf(&b, "],\"limit\":%ld}", limit);
		rq.method = "POST";
		rq.url = url;
		rq.body = mops_buf_str(&b);
		rq.json = 1;
		if (ex_http_fetch(hs->h, &rq, &r))
			break;
		results = mops_json_get(r.doc, "results");
		if (!results || results->type != MOPS_JARRAY)
			ex_fail(MOPS_EX_UNAVAILABLE, "hubspot: %s search: response without results", hs->obj);
		if (hs->run->associations)
			attach_associations(hs, results);
		for (i = 0; i < results->len; i++) {
			mops_json *rec = results->u.items[i];
			const char *id = mops_json_get_str(rec, "id");
			results->u.items[i] = mops_json_new_null();
			if (id) {
				free(last_id);
				last_id = mops_xstrdup(id);
			}
			note_record(hs, rec);
			ex_emit(hs->run, hs->stream, "id", rec);
		}
		/* more pages: HubSpot says so with paging.next; a full page means maybe */
		if (!mops_json_get(r.doc, "paging") && (long)results->len < limit) {
			ex_resp_free(&r);
			break;
		}
		if (!results->len) {
			ex_resp_free(&r);
			break;
		}
		ex_resp_free(&r);
	}
	mops_buf_free(&b);
	free(last_id);
	free(url);
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
	for (i = 0; i < hs.nprops; i++)
		free(hs.props[i]);
	free(hs.props);
	free(hs.bearer);
	ex_http_free(hs.h);
}
