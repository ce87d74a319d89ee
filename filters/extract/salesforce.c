/*
 * salesforce.c - Salesforce REST query (SOQL, nextRecordsUrl) and Bulk API 2.0.
 *
 * OAuth2: a static MOPS_SALESFORCE_ACCESS_TOKEN + _INSTANCE_URL, or a token
 * from /services/oauth2/token on the login URL (refresh-token grant when
 * MOPS_SALESFORCE_REFRESH_TOKEN is set, else client credentials); the
 * instance_url of the token response is where queries go.  A 401 gets a new
 * token once.  Objects are queried with every field their describe lists
 * (or --fields), incrementally on SystemModstamp; --deleted uses queryAll.
 * Every response's Sforce-Limit-Info is checked: at --max-api-usage percent
 * of the daily allowance the run stops with 75 and the state stays as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "csv.h"
#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"

struct sf {
	struct ex_run *run;
	struct ex_http *h;
	const char *login, *ver;
	char *instance, *bearer;
	int static_token;
	char stream[128];
	const char *obj;
	int64_t start;		/* incremental lower bound or EX_NO_TIME */
	int described;
	char *rest_fields, *bulk_fields;	/* from describe */
	char *numeric, *boolean;	/* ",Name,Name," of typed fields, for bulk CSV */
};

static void
get_token(struct sf *sf)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *id, *secret, *refresh, *tok, *inst;
	char *url;

	id = ex_secret_need("MOPS_SALESFORCE_CLIENT_ID");
	secret = ex_secret_need("MOPS_SALESFORCE_CLIENT_SECRET");
	refresh = ex_secret("MOPS_SALESFORCE_REFRESH_TOKEN");
	mops_buf_adds(&b, refresh ? "grant_type=refresh_token" : "grant_type=client_credentials");
	mops_buf_adds(&b, "&client_id=");
	ex_urlenc(&b, id);
	mops_buf_adds(&b, "&client_secret=");
	ex_urlenc(&b, secret);
	if (refresh) {
		mops_buf_adds(&b, "&refresh_token=");
		ex_urlenc(&b, refresh);
	}
	url = mops_xasprintf("%s/services/oauth2/token", sf->login);
	rq.method = "POST";
	rq.url = url;
	rq.body = mops_buf_str(&b);
	rq.ctype = "application/x-www-form-urlencoded";
	rq.json = 1;
	rq.noauth = 1;
	if (ex_http_fetch(sf->h, &rq, &r) == 0) {
		tok = mops_json_get_str(r.doc, "access_token");
		inst = mops_json_get_str(r.doc, "instance_url");
		if (!tok || !inst)
			ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: token response without access_token "
			    "or instance_url");
		ex_secret_add(tok);
		free(sf->bearer);
		sf->bearer = mops_xasprintf("Bearer %s", tok);
		free(sf->instance);
		sf->instance = mops_xstrdup(inst);
		/* a trailing slash would double in every URL */
		if (*sf->instance && sf->instance[strlen(sf->instance) - 1] == '/')
			sf->instance[strlen(sf->instance) - 1] = 0;
	} else {
		sf->bearer = mops_xstrdup("Bearer REDACTED");
		sf->instance = mops_xstrdup("https://INSTANCE.my.salesforce.com");
	}
	ex_resp_free(&r);
	free(url);
	mops_buf_free(&b);
}

static const char *
sf_auth(void *ctx, int refresh)
{
	struct sf *sf = ctx;

	if (refresh && !sf->static_token)
		get_token(sf);
	return sf->bearer;
}

static const char *
first_error_code(const mops_json *doc)
{
	const mops_json *e = doc && doc->type == MOPS_JARRAY && doc->len ? doc->u.items[0] : doc;

	return mops_json_get_str(e, "errorCode") ? mops_json_get_str(e, "errorCode")
	    : mops_json_get_str(e, "error");
}

static enum ex_verdict
sf_classify(void *ctx, const struct ex_resp *r, enum ex_verdict v, double *delay)
{
	struct sf *sf = ctx;
	const char *code = first_error_code(r->doc);
	char *li;
	long used, max;

	(void)delay;
	if (r->status == 400 && code && (!strcmp(code, "invalid_grant") ||
	    !strcmp(code, "invalid_client") || !strcmp(code, "invalid_client_id") ||
	    !strcmp(code, "unauthorized_client")))
		return EX_DENIED;
	if (code && !strcmp(code, "REQUEST_LIMIT_EXCEEDED"))
		return r->status == 403 ? EX_QUOTA : EX_RETRY;
	/* an object or field Salesforce does not know: a usage error, not an
	 * outage to retry (sobjects/Leads/describe is 404 NOT_FOUND) */
	if ((r->status == 404 && sf->obj) || (r->status == 400 && code &&
	    (!strcmp(code, "INVALID_TYPE") || !strcmp(code, "INVALID_FIELD"))))
		return EX_BADNAME;
	if (v == EX_OK && (li = ex_resp_header(r, "Sforce-Limit-Info"))) {
		const char *p = strstr(li, "api-usage=");
		if (p && sscanf(p + 10, "%ld/%ld", &used, &max) == 2 && max > 0 &&
		    (double)used * 100 >= sf->run->max_api_usage * (double)max) {
			free(li);
			ex_fail(MOPS_EX_TEMPFAIL, "salesforce: daily API usage at %ld of %ld "
			    "(--max-api-usage %g%%): stopping, state kept", used, max,
			    sf->run->max_api_usage);
		}
		free(li);
	}
	return v;
}

/* The FROM object of a SOQL query. */
static char *
soql_object(const char *q)
{
	const char *p = q;
	size_t n;

	for (; *p; p++) {
		if (strncasecmp(p, "from", 4) != 0)
			continue;
		if ((p == q || isspace((unsigned char)p[-1])) && isspace((unsigned char)p[4])) {
			p += 4;
			while (isspace((unsigned char)*p))
				p++;
			for (n = 0; p[n] && (isalnum((unsigned char)p[n]) || p[n] == '_'); n++)
				;
			return mops_xstrndup(p, n);
		}
	}
	return mops_xstrdup("query");
}

/* Lists every field of the object (describe), once: all of them for the
 * REST query; without the compound (address, location) and base64 fields,
 * which Bulk API 2.0 refuses, for a bulk job; and which are numbers or
 * booleans, so bulk CSV cells get the JSON types the REST query gives. */
static void
describe(struct sf *sf)
{
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct mops_buf all = MOPS_BUF_INIT, bulk = MOPS_BUF_INIT, num = MOPS_BUF_INIT,
	    boo = MOPS_BUF_INIT;
	char *url;
	const mops_json *fl;
	size_t i;

	if (sf->described)
		return;
	sf->described = 1;
	url = mops_xasprintf("%s/services/data/%s/sobjects/%s/describe", sf->instance, sf->ver,
	    sf->obj);
	rq.url = url;
	rq.json = 1;
	mops_buf_addc(&num, ',');
	mops_buf_addc(&boo, ',');
	if (ex_http_fetch(sf->h, &rq, &r) == 0) {
		fl = mops_json_get(r.doc, "fields");
		for (i = 0; fl && fl->type == MOPS_JARRAY && i < fl->len; i++) {
			const char *n = mops_json_get_str(fl->u.items[i], "name");
			const char *t = mops_json_get_str(fl->u.items[i], "type");
			if (!n)
				continue;
			if (all.len)
				mops_buf_addc(&all, ',');
			mops_buf_adds(&all, n);
			if (t && (!strcmp(t, "address") || !strcmp(t, "location") ||
			    !strcmp(t, "base64")))
				continue;
			if (bulk.len)
				mops_buf_addc(&bulk, ',');
			mops_buf_adds(&bulk, n);
			if (t && (!strcmp(t, "int") || !strcmp(t, "double") || !strcmp(t, "currency") ||
			    !strcmp(t, "percent") || !strcmp(t, "long")))
				mops_buf_printf(&num, "%s,", n);
			else if (t && !strcmp(t, "boolean"))
				mops_buf_printf(&boo, "%s,", n);
		}
	} else {
		mops_buf_adds(&all, "FIELDS");
		mops_buf_adds(&bulk, "FIELDS");
	}
	ex_resp_free(&r);
	free(url);
	if (!all.len || !bulk.len)
		ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: %s: describe lists no fields", sf->obj);
	sf->rest_fields = mops_buf_detach(&all);
	sf->bulk_fields = mops_buf_detach(&bulk);
	sf->numeric = mops_buf_detach(&num);
	sf->boolean = mops_buf_detach(&boo);
}

static char *
build_soql(struct sf *sf, int bulk)
{
	struct mops_buf b = MOPS_BUF_INIT;
	const char *fields;
	char ts[48];
	int where = 0;

	if (sf->run->fields) {
		fields = sf->run->fields;
	} else {
		describe(sf);
		fields = bulk ? sf->bulk_fields : sf->rest_fields;
	}
	mops_buf_printf(&b, "SELECT %s FROM %s", fields, sf->obj);
	if (sf->start != EX_NO_TIME) {
		ex_time_fmt(sf->start - sf->start % 1000, ts, sizeof(ts));
		mops_buf_printf(&b, " WHERE SystemModstamp >= %s", ts);
		where = 1;
	}
	if (sf->run->until != EX_NO_TIME) {
		ex_time_fmt(sf->run->until, ts, sizeof(ts));
		mops_buf_printf(&b, " %s SystemModstamp < %s", where ? "AND" : "WHERE", ts);
	}
	return mops_buf_detach(&b);
}

static void
emit_rec(struct sf *sf, mops_json *rec)
{
	/* a query of the user's own covers an unknown part: no bookmark */
	if (!sf->run->soql)
		ex_note(sf->run, sf->stream, mops_json_get_str(rec, "SystemModstamp"));
	ex_emit(sf->run, sf->stream, "Id", rec);
}

static void bulk_query(struct sf *sf, const char *soql);

/* The REST query endpoint, page by page through nextRecordsUrl.  With
 * --bulk=auto, a first page saying totalSize is above --bulk-threshold (and
 * more pages follow) is dropped unwritten and a Bulk API 2.0 job reads the
 * rows instead. */
static void
rest_query(struct sf *sf, const char *soql, int autobulk)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *next, *total;
	char *url, *bq;
	mops_json *recs;
	size_t i;
	const char *batch[2] = { NULL, NULL };
	char *bh = NULL;
	int first = 1;

	mops_buf_printf(&b, "%s/services/data/%s/%s?q=", sf->instance, sf->ver,
	    sf->run->deleted ? "queryAll" : "query");
	ex_urlenc(&b, soql);
	url = mops_buf_detach(&b);
	if (sf->run->page_size) {
		bh = mops_xasprintf("Sforce-Query-Options: batchSize=%ld", sf->run->page_size);
		batch[0] = bh;
		rq.headers = batch;
	}
	for (;; first = 0) {
		rq.url = url;
		rq.json = 1;
		if (ex_http_fetch(sf->h, &rq, &r))
			break;
		recs = mops_json_get(r.doc, "records");
		if (!recs || recs->type != MOPS_JARRAY)
			ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: query response without records");
		total = mops_json_scalar_text(mops_json_get(r.doc, "totalSize"));
		if (first && autobulk && total && strtoll(total, NULL, 10) > sf->run->bulk_threshold &&
		    !mops_json_is_true(mops_json_get(r.doc, "done"))) {
			if (sf->run->verbose)
				mops_warn("salesforce: %s: %s rows, over --bulk-threshold %lld: "
				    "Bulk API 2.0", sf->obj, total, sf->run->bulk_threshold);
			ex_resp_free(&r);
			free(url);
			free(bh);
			bq = build_soql(sf, 1);
			bulk_query(sf, bq);
			free(bq);
			return;
		}
		for (i = 0; i < recs->len; i++) {
			mops_json *rec = recs->u.items[i];
			recs->u.items[i] = mops_json_new_null();
			emit_rec(sf, rec);
		}
		next = mops_json_get_str(r.doc, "nextRecordsUrl");
		free(url);
		url = NULL;
		if (next && !mops_json_is_true(mops_json_get(r.doc, "done")))
			url = strncmp(next, "http", 4) == 0 ? mops_xstrdup(next)
			    : mops_xasprintf("%s%s", sf->instance, next);
		ex_resp_free(&r);
		if (!url)
			break;
	}
	free(url);
	free(bh);
}

static enum ex_job_state
job_state(void *ctx, const mops_json *doc, const char **msg)
{
	const char *st = mops_json_get_str(doc, "state");

	(void)ctx;
	if (st && !strcmp(st, "JobComplete"))
		return EX_JOB_DONE;
	if (st && (!strcmp(st, "UploadComplete") || !strcmp(st, "InProgress") ||
	    !strcmp(st, "Open")))
		return EX_JOB_WAIT;
	*msg = mops_json_get_str(doc, "errorMessage");
	if (!*msg)
		*msg = st ? st : "has no state";
	return EX_JOB_FAILED;
}

/* A name of list ",A,B," holds name. */
static int
listed(const char *list, const char *name, size_t n)
{
	const char *p = list;

	while (list && (p = strstr(p, name)))
		if (p > list && p[-1] == ',' && p[n] == ',')
			return 1;
		else
			p++;
	return 0;
}

/* A bulk CSV cell as the REST query would give it: empty is null, numbers
 * and booleans (by describe) are JSON numbers and booleans, the rest text. */
static mops_json *
bulk_value(struct sf *sf, const char *name, const char *v, size_t vl)
{
	size_t n = strlen(name);

	if (!vl)
		return mops_json_new_null();
	if (listed(sf->boolean, name, n)) {
		if (vl == 4 && !memcmp(v, "true", 4))
			return mops_json_new_bool(1);
		if (vl == 5 && !memcmp(v, "false", 5))
			return mops_json_new_bool(0);
	} else if (listed(sf->numeric, name, n)) {
		struct mops_json_err je;
		mops_json *j = mops_json_parse(v, vl, &je);
		if (j && j->type == MOPS_JNUMBER)
			return j;
		mops_json_free(j);
	}
	return mops_json_new_stringn(v, vl);
}

/* One result set, streamed from its temporary copy; every set starts with
 * the header row. */
static void
bulk_row(void *ctx, char *const *hdr, size_t nh, char *const *fv, const size_t *fl,
    size_t nf)
{
	struct sf *sf = ctx;
	mops_json *o = mops_json_new_object(), *at = mops_json_new_object();
	const char *id;
	size_t i;

	mops_json_set(at, "type", mops_json_new_string(sf->obj));
	mops_json_set(o, "attributes", at);
	for (i = 0; i < nh; i++)
		mops_json_set(o, hdr[i], i < nf ? bulk_value(sf, hdr[i], fv[i], fl[i])
		    : mops_json_new_null());
	if ((id = mops_json_get_str(o, "Id")))
		mops_json_set(at, "url", mops_json_new_string_own(mops_xasprintf(
		    "/services/data/%s/sobjects/%s/%s", sf->ver, sf->obj, id)));
	emit_rec(sf, o);
}

static void
bulk_records(struct sf *sf, mops_in *in, const char *jobid)
{
	char *what = mops_xasprintf("salesforce: bulk job %s: results", jobid);

	ex_csv_rows(in, what, bulk_row, sf);
	free(what);
}

/* Bulk API 2.0: create a query job, wait for it, read its CSV result sets
 * (maxRecords rows each, the next one named by Sforce-Locator). */
static void
bulk_query(struct sf *sf, const char *soql)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct ex_job_poll poll = { 0 };
	char *url, *jobid = NULL, *loc = NULL;
	mops_in *in;

	mops_buf_adds(&b, "{\"operation\":");
	mops_buf_adds(&b, sf->run->deleted ? "\"queryAll\"" : "\"query\"");
	mops_buf_adds(&b, ",\"query\":");
	mops_json_dump_string(soql, strlen(soql), ex_buf_sink, &b);
	mops_buf_adds(&b, ",\"contentType\":\"CSV\",\"columnDelimiter\":\"COMMA\",\"lineEnding\":\"LF\"}");
	url = mops_xasprintf("%s/services/data/%s/jobs/query", sf->instance, sf->ver);
	rq.method = "POST";
	rq.url = url;
	rq.body = mops_buf_str(&b);
	rq.json = 1;
	if (ex_http_fetch(sf->h, &rq, &r)) {
		free(url);
		mops_buf_free(&b);
		return;
	}
	jobid = mops_xstrdup(mops_json_get_str(r.doc, "id") ? mops_json_get_str(r.doc, "id") : "");
	ex_resp_free(&r);
	free(url);
	if (!*jobid)
		ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: bulk job response without id");
	url = mops_xasprintf("%s/services/data/%s/jobs/query/%s", sf->instance, sf->ver, jobid);
	mops_buf_reset(&b);
	mops_buf_printf(&b, "bulk job %s", jobid);
	poll.what = mops_buf_str(&b);
	poll.first = 1;
	poll.max_interval = 30;
	poll.max_wait = 6 * 3600;
	ex_http_poll_job(sf->h, url, &poll, job_state, sf);
	free(url);
	for (;;) {
		mops_buf_reset(&b);
		mops_buf_printf(&b, "%s/services/data/%s/jobs/query/%s/results?maxRecords=%ld",
		    sf->instance, sf->ver, jobid, sf->run->page_size ? sf->run->page_size : 50000);
		if (loc) {
			mops_buf_adds(&b, "&locator=");
			ex_urlenc(&b, loc);
		}
		memset(&rq, 0, sizeof(rq));
		rq.url = mops_buf_str(&b);
		in = ex_http_download(sf->h, &rq, &r, NULL);
		free(loc);
		loc = ex_resp_header(&r, "Sforce-Locator");
		ex_resp_free(&r);
		if (in) {
			bulk_records(sf, in, jobid);
			mops_in_close(in);
		}
		if (!loc || !*loc || !strcmp(loc, "null"))
			break;
	}
	free(loc);
	free(jobid);
	mops_buf_free(&b);
}

void
ex_salesforce(struct ex_run *run)
{
	struct sf sf;
	const char *tok, *inst;
	char *obj, *soql;

	memset(&sf, 0, sizeof(sf));
	sf.run = run;
	if (!run->object && !run->soql)
		mops_usage_error("salesforce: expected an OBJECT (Lead, Contact, ...) or --soql");
	obj = run->soql ? soql_object(run->soql) : mops_xstrdup(run->object);
	sf.obj = obj;
	snprintf(sf.stream, sizeof(sf.stream), "salesforce.%s", obj);
	sf.ver = run->api_version ? run->api_version : "v60.0";
	sf.login = ex_base_url(run, "MOPS_SALESFORCE_BASE_URL", "https://login.salesforce.com");
	sf.h = ex_http_new("salesforce", run->verbose, run->dry_run);
	ex_http_hooks(sf.h, sf_auth, sf_classify, &sf);
	ex_http_names(sf.h, obj, "Salesforce names objects and fields by their "
	    "case-sensitive API names: Lead, Contact, Account, Opportunity, "
	    "OpportunityContactRole, Campaign, CampaignMember, Task, Event, User, "
	    "or custom ones ending in __c");
	if (run->max_bytes > 0)
		ex_http_max_file = run->max_bytes;
	tok = ex_secret("MOPS_SALESFORCE_ACCESS_TOKEN");
	inst = getenv("MOPS_SALESFORCE_INSTANCE_URL");
	if (tok && inst && *inst && !ex_secret("MOPS_SALESFORCE_REFRESH_TOKEN")) {
		sf.static_token = 1;
		sf.bearer = mops_xasprintf("Bearer %s", tok);
		sf.instance = mops_xstrdup(inst);
	} else {
		get_token(&sf);
	}
	sf.start = run->soql ? EX_NO_TIME : ex_start(run, sf.stream);
	/* a query of the user's own may be one Bulk API 2.0 refuses: never auto */
	soql = run->soql ? mops_xstrdup(run->soql) : build_soql(&sf, run->bulk == EX_BULK_ALWAYS);
	if (run->bulk == EX_BULK_ALWAYS)
		bulk_query(&sf, soql);
	else
		rest_query(&sf, soql, run->bulk == EX_BULK_AUTO && !run->soql);
	free(soql);
	free(obj);
	free(sf.rest_fields);
	free(sf.bulk_fields);
	free(sf.numeric);
	free(sf.boolean);
	free(sf.bearer);
	free(sf.instance);
	ex_http_free(sf.h);
}
