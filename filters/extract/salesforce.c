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

static char *
describe_fields(struct sf *sf, int bulk)
{
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct mops_buf b = MOPS_BUF_INIT;
	char *url;
	const mops_json *fl;
	size_t i;

	url = mops_xasprintf("%s/services/data/%s/sobjects/%s/describe", sf->instance, sf->ver,
	    sf->obj);
	rq.url = url;
	rq.json = 1;
	if (ex_http_fetch(sf->h, &rq, &r) == 0) {
		fl = mops_json_get(r.doc, "fields");
		for (i = 0; fl && fl->type == MOPS_JARRAY && i < fl->len; i++) {
			const char *n = mops_json_get_str(fl->u.items[i], "name");
			const char *t = mops_json_get_str(fl->u.items[i], "type");
			/* Bulk API 2.0 refuses compound fields */
			if (!n || (bulk && t && (!strcmp(t, "address") || !strcmp(t, "location"))))
				continue;
			if (b.len)
				mops_buf_addc(&b, ',');
			mops_buf_adds(&b, n);
		}
	} else {
		mops_buf_adds(&b, "FIELDS");
	}
	ex_resp_free(&r);
	free(url);
	if (!b.len)
		ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: %s: describe lists no fields", sf->obj);
	return mops_buf_detach(&b);
}

static char *
build_soql(struct sf *sf, int64_t start)
{
	struct mops_buf b = MOPS_BUF_INIT;
	char *fields, ts[48];
	int where = 0;

	fields = sf->run->fields ? mops_xstrdup(sf->run->fields) : describe_fields(sf, sf->run->bulk);
	mops_buf_printf(&b, "SELECT %s FROM %s", fields, sf->obj);
	if (start != EX_NO_TIME) {
		ex_time_fmt(start - start % 1000, ts, sizeof(ts));
		mops_buf_printf(&b, " WHERE SystemModstamp >= %s", ts);
		where = 1;
	}
	if (sf->run->until != EX_NO_TIME) {
		ex_time_fmt(sf->run->until, ts, sizeof(ts));
		mops_buf_printf(&b, " %s SystemModstamp < %s", where ? "AND" : "WHERE", ts);
	}
	free(fields);
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

static void
rest_query(struct sf *sf, const char *soql)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *next;
	char *url;
	mops_json *recs;
	size_t i;
	const char *batch[2] = { NULL, NULL };
	char *bh = NULL;

	mops_buf_printf(&b, "%s/services/data/%s/%s?q=", sf->instance, sf->ver,
	    sf->run->deleted ? "queryAll" : "query");
	ex_urlenc(&b, soql);
	url = mops_buf_detach(&b);
	if (sf->run->page_size) {
		bh = mops_xasprintf("Sforce-Query-Options: batchSize=%ld", sf->run->page_size);
		batch[0] = bh;
		rq.headers = batch;
	}
	for (;;) {
		rq.url = url;
		rq.json = 1;
		if (ex_http_fetch(sf->h, &rq, &r))
			break;
		recs = mops_json_get(r.doc, "records");
		if (!recs || recs->type != MOPS_JARRAY)
			ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: query response without records");
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

/* Bulk API 2.0: create a query job, wait for it, read its CSV result sets. */
static void
bulk_query(struct sf *sf, const char *soql)
{
	struct mops_buf b = MOPS_BUF_INIT, cell = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	char *url, *jobid = NULL, *loc = NULL, **hdr = NULL;
	const char *state;
	struct ex_field *f = NULL;
	size_t nf, cap = 0, pos, i, nh = 0;
	long line;
	double wait = 1;
	int polls = 0;

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
	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.json = 1;
	for (;;) {
		ex_http_fetch(sf->h, &rq, &r);
		state = mops_json_get_str(r.doc, "state");
		if (state && !strcmp(state, "JobComplete")) {
			ex_resp_free(&r);
			break;
		}
		if (!state || !strcmp(state, "Failed") || !strcmp(state, "Aborted")) {
			const char *msg = mops_json_get_str(r.doc, "errorMessage");
			ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: bulk job %s %s%s%s", jobid,
			    state ? state : "has no state", msg ? ": " : "", msg ? msg : "");
		}
		ex_resp_free(&r);
		if (++polls > 10000)
			ex_fail(MOPS_EX_UNAVAILABLE, "salesforce: bulk job %s never completed", jobid);
		ex_sleep(wait);
		if (wait < 30)
			wait *= 1.5;
	}
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
		ex_http_fetch(sf->h, &rq, &r);
		pos = 0;
		line = 0;
		/* every result set repeats the header row */
		for (i = 0; i < nh; i++)
			free(hdr[i]);
		free(hdr);
		hdr = NULL;
		nh = 0;
		while (ex_csv_row(r.body.s ? r.body.s : "", r.body.len, &pos, ',', &cell, &f, &nf,
		    &cap, &line) == 1) {
			mops_json *o;
			if (!hdr) {
				nh = nf;
				hdr = mops_xcalloc(nh, sizeof(*hdr));
				for (i = 0; i < nf; i++)
					hdr[i] = mops_xstrdup(cell.s + f[i].off);
				continue;
			}
			o = mops_json_new_object();
			mops_json_set(o, "attributes", mops_json_new_object());
			mops_json_set(mops_json_get(o, "attributes"), "type", mops_json_new_string(sf->obj));
			for (i = 0; i < nh; i++)
				mops_json_set(o, hdr[i], i < nf && f[i].len ?
				    mops_json_new_stringn(cell.s + f[i].off, f[i].len) : mops_json_new_null());
			emit_rec(sf, o);
		}
		free(loc);
		loc = ex_resp_header(&r, "Sforce-Locator");
		ex_resp_free(&r);
		if (!loc || !*loc || !strcmp(loc, "null"))
			break;
	}
	for (i = 0; i < nh; i++)
		free(hdr[i]);
	free(hdr);
	free(f);
	free(loc);
	free(jobid);
	mops_buf_free(&b);
	mops_buf_free(&cell);
}

void
ex_salesforce(struct ex_run *run)
{
	struct sf sf;
	const char *tok, *inst;
	char *obj, *soql;
	int64_t start = EX_NO_TIME;

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
	tok = ex_secret("MOPS_SALESFORCE_ACCESS_TOKEN");
	inst = getenv("MOPS_SALESFORCE_INSTANCE_URL");
	if (tok && inst && *inst && !ex_secret("MOPS_SALESFORCE_REFRESH_TOKEN")) {
		sf.static_token = 1;
		sf.bearer = mops_xasprintf("Bearer %s", tok);
		sf.instance = mops_xstrdup(inst);
	} else {
		get_token(&sf);
	}
	if (!run->soql)
		start = ex_start(run, sf.stream);
	soql = run->soql ? mops_xstrdup(run->soql) : build_soql(&sf, start);
	if (run->bulk)
		bulk_query(&sf, soql);
	else
		rest_query(&sf, soql);
	free(soql);
	free(obj);
	free(sf.bearer);
	free(sf.instance);
	ex_http_free(sf.h);
}
