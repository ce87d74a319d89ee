/*
 * marketo.c - Marketo REST: leads by filter, activities through paging tokens,
 * and bulk lead/activity export jobs.
 *
 * The identity endpoint's client-credentials token is renewed before it
 * expires (a tenth of its lifetime, at most a minute, ahead; and on 601/602),
 * and sent in the Authorization header.  Marketo reports most errors inside
 * HTTP 200 bodies: 601/602 renew the token, 604, 606, 608, 611, 615 and 1029
 * "too many jobs in queue" are retried with backoff, 607 (daily quota) and
 * 1029 "export daily quota exceeded" stop the run with 75, anything else is
 * fatal.  Activities are
 * read while moreResult is true, even across empty pages.  Leads without
 * --filter-type, and --bulk, go through bulk export jobs in 31-day windows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "csv.h"
#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"

#define MKTO_WINDOW (31LL * 86400 * 1000 - 1000)	/* bulk filter span: < 31 days */
#define MKTO_EPOCH 1136073600000LL	/* 2006-01-01: Marketo's founding, no record is older */
#define MKTO_GAP 24			/* full sync: this many empty windows past the data end it */

struct mk {
	struct ex_run *run;
	struct ex_http *h;
	const char *base;
	char *bearer;
	double expires;		/* monotonic seconds */
	double lifetime;	/* longest expires_in seen: a new token's lifetime */
	long long file_size;	/* fileSize of the completed export, -1 unknown */
};

/* Renew this long before expiry: a minute of an hour's token, less of a
 * shorter one. */
static double
margin(const struct mk *mk)
{
	double m = mk->lifetime > 0 ? mk->lifetime / 10 : 60;

	return m > 60 ? 60 : m;
}

/* Real seconds, not scaled by MOPS_RETRY_SCALE: the token's clock is the
 * server's. */
static void
sleep_real(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * A token from the identity endpoint.  While the current token is valid
 * Marketo hands it out again, expires_in being its remaining lifetime; one
 * about to expire is waited out (it cannot be replaced sooner) so that no
 * call ever carries a token that expires on the way.
 */
static void
get_token(struct mk *mk)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *tok;
	char *url;
	int ok, tries;
	double e;

	/* as Marketo documents it: a GET with the credentials as parameters
	 * (traces redact client_secret; the URL is never printed unredacted) */
	mops_buf_printf(&b, "%s/identity/oauth/token?grant_type=client_credentials&client_id=",
	    mk->base);
	ex_urlenc(&b, ex_secret_need("MOPS_MARKETO_CLIENT_ID"));
	mops_buf_adds(&b, "&client_secret=");
	ex_urlenc(&b, ex_secret_need("MOPS_MARKETO_CLIENT_SECRET"));
	url = mops_buf_detach(&b);
	rq.url = url;
	rq.json = 1;
	rq.noauth = 1;
	free(mk->bearer);
	mk->bearer = NULL;
	for (tries = 0; !mk->bearer; tries++) {
		if (ex_http_fetch(mk->h, &rq, &r) != 0) {
			mk->bearer = mops_xstrdup("Bearer REDACTED");
			mk->expires = 1e18;
			break;
		}
		tok = mops_json_get_str(r.doc, "access_token");
		if (!tok)
			ex_fail(MOPS_EX_NOPERM, "marketo: identity response without access_token");
		ok = 0;
		e = mops_json_number(mops_json_get(r.doc, "expires_in"), &ok);
		if (!ok || e < 0)
			e = 3600;
		if (e > mk->lifetime)
			mk->lifetime = e;
		if (e <= margin(mk) && tries < 3) {
			/* the old token, nearly spent: wait till it is gone (expires_in
			 * is whole seconds, so one more) */
			ex_resp_free(&r);
			sleep_real(e + 1);
			continue;
		}
		ex_secret_add(tok);
		mk->bearer = mops_xasprintf("Bearer %s", tok);
		mk->expires = mops_monotonic() + e;
		ex_resp_free(&r);
	}
	free(url);
	mops_buf_free(&b);
}

static const char *
mk_auth(void *ctx, int refresh)
{
	struct mk *mk = ctx;

	/* renew before expiry rather than waste a call on a 602 */
	if (refresh || !mk->bearer || mops_monotonic() + margin(mk) >= mk->expires)
		get_token(mk);
	return mk->bearer;
}

/* strcasestr() is a GNU extension. */
static int
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (strncasecmp(s, w, n) == 0)
			return 1;
	return 0;
}

static enum ex_verdict
mk_classify(void *ctx, const struct ex_resp *r, enum ex_verdict v, double *delay)
{
	const mops_json *errs;
	const char *code;
	const char *err;

	(void)ctx;
	if (r->status == 401 && (err = mops_json_get_str(r->doc, "error")))
		return EX_DENIED;	/* identity: bad client credentials */
	if (v != EX_OK || !r->doc || r->doc->type != MOPS_JOBJECT)
		return v;
	if (!mops_json_get(r->doc, "success") || mops_json_is_true(mops_json_get(r->doc, "success")))
		return v;
	errs = mops_json_get(r->doc, "errors");
	code = mops_json_scalar_text(mops_json_at(errs, 0) ?
	    mops_json_get(mops_json_at(errs, 0), "code") : NULL);
	if (!code)
		return EX_FATAL;
	if (!strcmp(code, "601") || !strcmp(code, "602"))
		return EX_REFRESH;
	if (!strcmp(code, "606")) {
		*delay = 20;	/* 100 calls per 20 s: wait out the window */
		return EX_RETRY;
	}
	if (!strcmp(code, "604") || !strcmp(code, "608") || !strcmp(code, "611") ||
	    !strcmp(code, "615") || !strcmp(code, "713"))
		return EX_RETRY;
	if (!strcmp(code, "1029")) {
		/* 1029 says three things (Marketo's bulk extract guide): the
		 * queue of 10 jobs is full (wait for a place), the job is already
		 * queued (an enqueue retried after a lost answer: fine), or the
		 * daily export quota is spent (75) */
		const char *msg = mops_json_get_str(mops_json_at(errs, 0), "message");
		if (msg && has_word(msg, "already queued"))
			return EX_OK;
		if (msg && has_word(msg, "queue")) {
			*delay = 60;
			return EX_RETRY;
		}
		return EX_QUOTA;
	}
	if (!strcmp(code, "607"))
		return EX_QUOTA;
	return EX_FATAL;
}

static void
iso(int64_t ms, char *buf, size_t n)
{
	ex_time_fmt(ms - ms % 1000, buf, n);
}

/*
 * GETs path and joins the text of every result item's member (or, when sub
 * is given, of member.sub) with commas: a new string, empty when there are
 * none, or NULL when the call failed.
 */
static char *
result_list(struct mk *mk, const char *path, const char *member, const char *sub)
{
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct mops_buf b = MOPS_BUF_INIT;
	const mops_json *res, *v;
	const char *t;
	char *url = mops_xasprintf("%s%s", mk->base, path);
	int failed;
	size_t i;

	rq.url = url;
	rq.json = 1;
	if (!(failed = ex_http_fetch(mk->h, &rq, &r) != 0)) {
		res = mops_json_get(r.doc, "result");
		for (i = 0; res && res->type == MOPS_JARRAY && i < res->len; i++) {
			v = mops_json_get(res->u.items[i], member);
			if (sub)
				v = mops_json_get(v, sub);
			if (!(t = mops_json_scalar_text(v)))
				continue;
			if (b.len)
				mops_buf_addc(&b, ',');
			mops_buf_adds(&b, t);
		}
	}
	ex_resp_free(&r);
	free(url);
	if (failed) {
		mops_buf_free(&b);
		return NULL;
	}
	return mops_buf_detach(&b);
}

/* Every lead field the REST API knows, comma-separated (new string). */
static char *
lead_fields(struct mk *mk)
{
	char *f;

	if (mk->run->fields)
		return mops_xstrdup(mk->run->fields);
	f = result_list(mk, "/rest/v1/leads/describe.json", "rest", "name");
	if (!f || !*f) {
		free(f);
		f = mops_xstrdup("id,email,updatedAt,createdAt,firstName,lastName");
	}
	return f;
}

static void
emit_result(struct mk *mk, mops_json *doc, const char *stream, const char *tsfield, int *past)
{
	mops_json *res = mops_json_get(doc, "result");
	size_t i;
	int64_t ms;

	for (i = 0; res && res->type == MOPS_JARRAY && i < res->len; i++) {
		mops_json *rec = res->u.items[i];
		const char *ts = mops_json_get_str(rec, tsfield);
		if (past && mk->run->until != EX_NO_TIME && ts && ex_time_parse(ts, &ms) == 0 &&
		    ms >= mk->run->until) {
			*past = 1;	/* sorted by date: the rest is later still */
			return;
		}
		res->u.items[i] = mops_json_new_null();
		/* leads by filter are a subset: they never move the bookmark */
		if (past)
			ex_note(mk->run, stream, ts);
		ex_emit(mk->run, stream, "id", rec);
	}
}

/*
 * Leads by filter: "filterValues accepts up to 300 values" (Marketo's Get
 * Leads by Filter Type), so a longer list is sent as several calls of at
 * most 300 values, each paged by nextPageToken.
 */
#define MK_MAX_FILTER_VALUES 300

static void
leads_by_filter(struct mk *mk)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	char *url, *fields, *tok = NULL, *vals, *p, *chunk;
	const char *next;
	int n, failed = 0;

	fields = lead_fields(mk);
	url = mops_xasprintf("%s/rest/v1/leads.json?_method=GET", mk->base);
	vals = mops_xstrdup(mk->run->filter_values ? mk->run->filter_values : "");
	for (p = vals; !failed && (p == vals || *p);) {
		chunk = p;
		for (n = 0; *p; p++)
			if (*p == ',' && ++n == MK_MAX_FILTER_VALUES)
				break;
		if (*p)
			*p++ = 0;
		for (;;) {
			mops_buf_reset(&b);
			mops_buf_adds(&b, "filterType=");
			ex_urlenc(&b, mk->run->filter_type);
			mops_buf_adds(&b, "&filterValues=");
			ex_urlenc(&b, chunk);
			mops_buf_adds(&b, "&fields=");
			ex_urlenc(&b, fields);
			mops_buf_printf(&b, "&batchSize=%ld", mk->run->page_size ? mk->run->page_size : 300);
			if (tok) {
				mops_buf_adds(&b, "&nextPageToken=");
				ex_urlenc(&b, tok);
			}
			rq.method = "POST";
			rq.url = url;
			rq.body = mops_buf_str(&b);
			rq.ctype = "application/x-www-form-urlencoded";
			rq.json = 1;
			if (ex_http_fetch(mk->h, &rq, &r)) {
				failed = 1;
				break;
			}
			emit_result(mk, r.doc, "marketo.leads", "updatedAt", NULL);
			/* a page may come back empty with a token for the next one: go on
			 * while the token moves */
			next = mops_json_get_str(r.doc, "nextPageToken");
			if (next && *next && (!tok || strcmp(next, tok))) {
				free(tok);
				tok = mops_xstrdup(next);
			} else {
				free(tok);
				tok = NULL;
			}
			ex_resp_free(&r);
			if (!tok)
				break;
		}
		free(tok);
		tok = NULL;
		if (p == vals)
			break;
	}
	free(vals);
	free(fields);
	free(url);
	mops_buf_free(&b);
}

/* Activity type ids: --activity-types, or every type the instance has. */
static char *
activity_types(struct mk *mk)
{
	char *t;

	if (mk->run->activity_types)
		return mops_xstrdup(mk->run->activity_types);
	t = result_list(mk, "/rest/v1/activities/types.json", "id", NULL);
	return t ? t : mops_xstrdup("1");
}

static void
activities(struct mk *mk)
{
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct mops_buf b = MOPS_BUF_INIT;
	char *types = activity_types(mk), *url, *tok = NULL, since[48], *p, *chunk;
	const char *next;
	int64_t start = ex_start(mk->run, "marketo.activities");
	int n, past;

	iso(start == EX_NO_TIME ? 0 : start, since, sizeof(since));
	/* at most 10 type ids per call */
	for (p = types; *p;) {
		chunk = p;
		for (n = 0; *p; p++)
			if (*p == ',' && ++n == 10)
				break;
		if (*p)
			*p++ = 0;
		mops_buf_reset(&b);
		mops_buf_printf(&b, "%s/rest/v1/activities/pagingtoken.json?sinceDatetime=", mk->base);
		ex_urlenc(&b, since);
		url = mops_buf_detach(&b);
		memset(&rq, 0, sizeof(rq));
		rq.url = url;
		rq.json = 1;
		if (ex_http_fetch(mk->h, &rq, &r)) {
			free(url);
			break;
		}
		next = mops_json_get_str(r.doc, "nextPageToken");
		if (!next)
			ex_fail(MOPS_EX_UNAVAILABLE, "marketo: paging token response without nextPageToken");
		tok = mops_xstrdup(next);
		ex_resp_free(&r);
		free(url);
		for (past = 0; !past;) {
			mops_buf_reset(&b);
			mops_buf_printf(&b, "%s/rest/v1/activities.json?nextPageToken=", mk->base);
			ex_urlenc(&b, tok);
			mops_buf_adds(&b, "&activityTypeIds=");
			ex_urlenc(&b, chunk);
			mops_buf_printf(&b, "&batchSize=%ld", mk->run->page_size ? mk->run->page_size : 300);
			rq.url = mops_buf_str(&b);
			ex_http_fetch(mk->h, &rq, &r);
			emit_result(mk, r.doc, "marketo.activities", "activityDate", &past);
			next = mops_json_get_str(r.doc, "nextPageToken");
			free(tok);
			tok = next ? mops_xstrdup(next) : NULL;
			/* empty pages still say moreResult: keep going while it is true */
			if (!mops_json_is_true(mops_json_get(r.doc, "moreResult")) || !tok)
				past = 1;
			ex_resp_free(&r);
		}
		free(tok);
		tok = NULL;
	}
	free(types);
	mops_buf_free(&b);
}

static enum ex_job_state
export_state(void *ctx, const mops_json *doc, const char **msg)
{
	const mops_json *job = mops_json_at(mops_json_get(doc, "result"), 0);
	const char *st = mops_json_get_str(job, "status");
	const char *size = mops_json_scalar_text(mops_json_get(job, "fileSize"));
	struct mk *mk = ctx;

	if (st && !strcmp(st, "Completed")) {
		mk->file_size = size ? strtoll(size, NULL, 10) : -1;
		return EX_JOB_DONE;
	}
	if (st && (!strcmp(st, "Created") || !strcmp(st, "Queued") || !strcmp(st, "Processing")))
		return EX_JOB_WAIT;
	*msg = st ? st : "lost (no status)";
	return EX_JOB_FAILED;
}

/* The export file, streamed from its temporary copy: one record per row,
 * named by the header row; "null" cells are null, an activity's attributes
 * column (JSON text) is parsed. */
struct export_ctx {
	struct mk *mk;
	int leads;
	const char *stream;
};

static void
export_row(void *ctx, char *const *hdr, size_t nh, char *const *fv, const size_t *fl,
    size_t nf)
{
	struct export_ctx *x = ctx;
	mops_json *o = mops_json_new_object();
	size_t i;

	for (i = 0; i < nh; i++) {
		const char *v = i < nf ? fv[i] : "";
		size_t vl = i < nf ? fl[i] : 0;
		mops_json *val = NULL;
		struct mops_json_err je;
		if (vl == 4 && !memcmp(v, "null", 4))
			val = mops_json_new_null();
		else if (!x->leads && !strcmp(hdr[i], "attributes") && vl)
			val = mops_json_parse(v, vl, &je);
		if (!val)
			val = mops_json_new_stringn(v, vl);
		mops_json_set(o, hdr[i], val);
	}
	ex_note(x->mk->run, x->stream, mops_json_get_str(o, x->leads ? "updatedAt" : "activityDate"));
	ex_emit(x->mk->run, x->stream, x->leads ? "id" : "marketoGUID", o);
}

static unsigned long
export_records(struct mk *mk, mops_in *in, int leads, const char *id)
{
	struct export_ctx x = { mk, leads, leads ? "marketo.leads" : "marketo.activities" };
	char *what = mops_xasprintf("marketo: export %s", id);
	unsigned long n = ex_csv_rows(in, what, export_row, &x);

	free(what);
	return n;
}

/* Bulk export: create, enqueue, poll, download; one job per 31-day window. */
static void
bulk(struct mk *mk, int leads)
{
	const char *what = leads ? "leads" : "activities";
	const char *stream = leads ? "marketo.leads" : "marketo.activities";
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct ex_job_poll poll = { 0 };
	size_t i;
	int64_t start = ex_start(mk->run, stream), end;
	char *fields = leads ? lead_fields(mk) : NULL, *types = NULL, *url, *id, a[48], z[48];
	const char *st;
	mops_in *in;
	long long got, prev;
	int tries, full = start == EX_NO_TIME, found = 0, empty = 0;
	int64_t k, nwin, span = MKTO_WINDOW + 1000;

	if (!leads && mk->run->activity_types)
		types = mops_xstrdup(mk->run->activity_types);
	/*
	 * Incremental: windows from the start on.  A full sync cannot know where
	 * the data begins: it goes back from the end, window after window, down
	 * to 2006, and stops once MKTO_GAP windows in a row were empty after
	 * some data (two years without a change: the instance's beginning).
	 */
	if (full)
		start = MKTO_EPOCH;
	end = mk->run->until != EX_NO_TIME ? mk->run->until : mk->run->now;
	nwin = end > start ? (end - start + span - 1) / span : 0;
	for (k = 0; k < nwin; k++) {
		int64_t we, w;
		unsigned long nrows = 0;
		if (full) {
			we = end - k * span;
			w = we - MKTO_WINDOW > start ? we - MKTO_WINDOW : start;
		} else {
			w = start + k * span;
			we = w + MKTO_WINDOW < end ? w + MKTO_WINDOW : end;
		}
		iso(w, a, sizeof(a));
		iso(we, z, sizeof(z));
		mops_buf_reset(&b);
		mops_buf_adds(&b, "{\"format\":\"CSV\"");
		if (leads) {
			mops_buf_adds(&b, ",\"fields\":[");
			for (i = 0; fields[i];) {
				size_t e = strcspn(fields + i, ",");
				if (i)
					mops_buf_addc(&b, ',');
				mops_json_dump_string(fields + i, e, ex_buf_sink, &b);
				i += e + (fields[i + e] ? 1 : 0);
			}
			mops_buf_printf(&b, "],\"filter\":{\"updatedAt\":{\"startAt\":\"%s\",\"endAt\":\"%s\"}}}",
			    a, z);
		} else {
			mops_buf_printf(&b, ",\"filter\":{\"createdAt\":{\"startAt\":\"%s\",\"endAt\":\"%s\"}",
			    a, z);
			if (types)
				mops_buf_printf(&b, ",\"activityTypeIds\":[%s]", types);
			mops_buf_adds(&b, "}}");
		}
		url = mops_xasprintf("%s/bulk/v1/%s/export/create.json", mk->base, what);
		memset(&rq, 0, sizeof(rq));
		rq.method = "POST";
		rq.url = url;
		rq.body = mops_buf_str(&b);
		rq.json = 1;
		if (ex_http_fetch(mk->h, &rq, &r)) {
			free(url);
			break;
		}
		free(url);
		st = mops_json_scalar_text(mops_json_get(mops_json_at(mops_json_get(r.doc, "result"), 0),
		    "exportId"));
		if (!st)
			ex_fail(MOPS_EX_UNAVAILABLE, "marketo: export create response without exportId");
		id = mops_xstrdup(st);
		ex_resp_free(&r);
		url = mops_xasprintf("%s/bulk/v1/%s/export/%s/enqueue.json", mk->base, what, id);
		memset(&rq, 0, sizeof(rq));
		rq.method = "POST";
		rq.url = url;
		rq.json = 1;
		ex_http_fetch(mk->h, &rq, &r);
		ex_resp_free(&r);
		free(url);
		url = mops_xasprintf("%s/bulk/v1/%s/export/%s/status.json", mk->base, what, id);
		/* a small job is done in seconds, a queued one may wait behind
		 * others (two run at a time) for hours: waits grow to a minute */
		mops_buf_reset(&b);
		mops_buf_printf(&b, "export %s", id);
		poll.what = mops_buf_str(&b);
		poll.first = 1;
		poll.max_interval = 60;
		poll.max_wait = 6 * 3600;
		ex_http_poll_job(mk->h, url, &poll, export_state, mk);
		free(url);
		url = mops_xasprintf("%s/bulk/v1/%s/export/%s/file.json", mk->base, what, id);
		memset(&rq, 0, sizeof(rq));
		rq.url = url;
		/* the file is whole once the job is Completed: one shorter than
		 * its fileSize was cut on the way (a connection closed early) */
		for (tries = 0, prev = -1;; tries++) {
			in = ex_http_download(mk->h, &rq, &r, &got);
			ex_resp_free(&r);
			if (!in || mk->file_size < 0 || got == mk->file_size)
				break;
			if (got == prev) {
				/* the same length twice: the status is what is off */
				mops_warn("marketo: export %s: file of %lld bytes, status said %lld",
				    id, got, mk->file_size);
				break;
			}
			mops_in_close(in);
			if (tries == 3)
				ex_fail(MOPS_EX_UNAVAILABLE, "marketo: export %s: file of %lld bytes, "
				    "status said %lld", id, got, mk->file_size);
			prev = got;
			ex_sleep(5);
		}
		if (in) {
			nrows = export_records(mk, in, leads, id);
			mops_in_close(in);
		}
		free(url);
		free(id);
		if (nrows) {
			found = 1;
			empty = 0;
		} else if (full && found && ++empty >= MKTO_GAP) {
			break;
		}
	}
	free(fields);
	free(types);
	mops_buf_free(&b);
}

void
ex_marketo(struct ex_run *run)
{
	struct mk mk;

	memset(&mk, 0, sizeof(mk));
	mk.run = run;
	if (!run->object || (strcmp(run->object, "leads") && strcmp(run->object, "activities")))
		mops_usage_error("marketo: expected leads or activities");
	mk.base = ex_base_url(run, "MOPS_MARKETO_BASE_URL", NULL);
	if (!mk.base)
		ex_fail(MOPS_EX_CONFIG, "MOPS_MARKETO_BASE_URL is not set "
		    "(https://<munchkin id>.mktorest.com)");
	mk.h = ex_http_new("marketo", run->verbose, run->dry_run);
	ex_http_hooks(mk.h, mk_auth, mk_classify, &mk);
	ex_http_pace(mk.h, 0.2);	/* 100 calls per 20 seconds */
	if (run->max_bytes > 0)
		ex_http_max_file = run->max_bytes;
	if (run->dry_run)
		get_token(&mk);
	if (!strcmp(run->object, "leads")) {
		if (!run->filter_type && run->bulk == EX_BULK_NEVER)
			mops_usage_error("marketo: leads without --filter-type are read through "
			    "bulk export jobs only (not --bulk=never)");
		if (run->filter_type && run->bulk != EX_BULK_ALWAYS)
			leads_by_filter(&mk);
		else
			bulk(&mk, 1);
	} else {
		if (run->bulk == EX_BULK_ALWAYS)
			bulk(&mk, 0);
		else
			activities(&mk);
	}
	free(mk.bearer);
	ex_http_free(mk.h);
}
