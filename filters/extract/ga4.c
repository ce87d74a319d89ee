/*
 * ga4.c - GA4 Data API runReport: dimensions and metrics over a date range,
 * read with offset/limit until rowCount rows were seen.  Each row becomes a
 * record keyed by the header names, values as GA4 sends them (strings).  A
 * report without `rows` (GA4 leaves it out when empty) yields nothing.
 * Incremental runs start at the stored bookmark (the last day read) minus
 * --lookback, as GA4 keeps revising recent days.  --date-range (up to four,
 * as GA4 allows) asks for those ranges instead; with more than one, GA4 adds
 * the `dateRange` dimension to each row (the range's name, or date_range_N by
 * position), which becomes a field like any other.  Explicit ranges leave
 * the bookmark alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"
#include "jwt.h"

struct ga {
	struct ex_run *run;
	struct ex_http *h;
	char *bearer;
	const char *key_file;
	int static_token;
};

static const char *
ga_auth(void *ctx, int refresh)
{
	struct ga *ga = ctx;
	char *tok;

	if (ga->static_token || (ga->bearer && !refresh))
		return ga->bearer;
	tok = ex_jwt_token(ga->h, ga->key_file,
	    "https://www.googleapis.com/auth/analytics.readonly", ga->run->dry_run);
	free(ga->bearer);
	ga->bearer = mops_xasprintf("Bearer %s", tok);
	free(tok);
	return ga->bearer;
}

static enum ex_verdict
ga_classify(void *ctx, const struct ex_resp *r, enum ex_verdict v, double *delay)
{
	const char *msg;
	char *ra;

	(void)ctx;
	(void)delay;
	if (r->status == 429) {
		/* RESOURCE_EXHAUSTED: a daily quota will not come back within
		 * the run (75 now); the concurrent and hourly ones are retried,
		 * and end with 75 if they stay spent */
		msg = mops_json_get_str(mops_json_get(r->doc, "error"), "message");
		if ((ra = ex_resp_header(r, "Retry-After")))
			free(ra);
		else if (msg && (strstr(msg, "per day") || strstr(msg, "perDay") ||
		    strstr(msg, "per Day")))
			return EX_QUOTA;
	}
	return v;
}

static void
add_list(struct mops_buf *b, const char *key, const char *list)
{
	size_t i = 0, e;
	int n = 0;

	mops_buf_printf(b, "\"%s\":[", key);
	while (list[i]) {
		e = strcspn(list + i, ",");
		if (e) {
			if (n++)
				mops_buf_addc(b, ',');
			mops_buf_adds(b, "{\"name\":");
			mops_json_dump_string(list + i, e, ex_buf_sink, b);
			mops_buf_addc(b, '}');
		}
		i += e + (list[i + e] ? 1 : 0);
	}
	mops_buf_addc(b, ']');
}

/* A GA4 date: YYYY-MM-DD, NdaysAgo, yesterday or today. */
static int
ga_date_ok(const char *s, size_t n)
{
	size_t i;

	if ((n == 5 && !strncmp(s, "today", 5)) || (n == 9 && !strncmp(s, "yesterday", 9)))
		return 1;
	if (n > 7 && !strncmp(s + n - 7, "daysAgo", 7)) {
		for (i = 0; i < n - 7; i++)
			if (s[i] < '0' || s[i] > '9')
				return 0;
		return 1;
	}
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < n; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* "dateRanges":[...] from --date-range START,END[,NAME] options. */
static void
add_ranges(struct mops_buf *b, struct ex_run *run)
{
	int i;
	size_t a, e;
	const char *s, *name;

	mops_buf_adds(b, "\"dateRanges\":[");
	for (i = 0; i < run->ndate_ranges; i++) {
		s = run->date_ranges[i];
		a = strcspn(s, ",");
		e = s[a] ? strcspn(s + a + 1, ",") : 0;
		name = s[a] && s[a + 1 + e] ? s + a + 2 + e : NULL;
		if (!s[a] || !ga_date_ok(s, a) || !ga_date_ok(s + a + 1, e))
			mops_usage_error("--date-range: expected START,END[,NAME] with dates as "
			    "YYYY-MM-DD, NdaysAgo, yesterday or today, not '%s'", s);
		if (name && (!*name || !strncmp(name, "date_range_", 11) ||
		    !strncmp(name, "RESERVED_", 9)))
			mops_usage_error("--date-range: a name may not be empty or begin with "
			    "date_range_ or RESERVED_: '%s'", s);
		mops_buf_printf(b, "%s{\"startDate\":\"%.*s\",\"endDate\":\"%.*s\"", i ? "," : "",
		    (int)a, s, (int)e, s + a + 1);
		if (name) {
			mops_buf_adds(b, ",\"name\":");
			mops_json_dump_string(name, strlen(name), ex_buf_sink, b);
		}
		mops_buf_addc(b, '}');
	}
	mops_buf_addc(b, ']');
}

static void
date_of(int64_t ms, char *buf, size_t n)
{
	char t[48];

	ex_time_fmt(ms, t, sizeof(t));
	snprintf(buf, n, "%.10s", t);
}

void
ex_ga4(struct ex_run *run)
{
	struct ga ga;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	struct mops_buf b = MOPS_BUF_INIT;
	const char *prop, *base, *tok;
	char *url, from[16], to[16];
	int64_t start;
	long long offset = 0, total;
	long limit = run->page_size ? run->page_size : 10000;
	size_t i, j;
	int ok;

	if (limit > 250000)
		limit = 250000;	/* runReport returns no more rows per request */
	memset(&ga, 0, sizeof(ga));
	ga.run = run;
	if (run->object && strcmp(run->object, "report"))
		mops_usage_error("ga4: expected report");
	if (!run->dimensions || !run->metrics)
		mops_usage_error("ga4: --dimensions and --metrics are required");
	prop = run->property ? run->property : getenv("MOPS_GA4_PROPERTY");
	if (!prop || !*prop)
		ex_fail(MOPS_EX_CONFIG, "ga4: no property (--property or MOPS_GA4_PROPERTY)");
	if (!strncmp(prop, "properties/", 11))
		prop += 11;
	base = ex_base_url(run, "MOPS_GA4_BASE_URL", "https://analyticsdata.googleapis.com");
	ga.h = ex_http_new("ga4", run->verbose, run->dry_run);
	ex_http_hooks(ga.h, ga_auth, ga_classify, &ga);
	if ((tok = ex_secret("MOPS_GA4_ACCESS_TOKEN"))) {
		ga.static_token = 1;
		ga.bearer = mops_xasprintf("Bearer %s", tok);
	} else if (!(ga.key_file = getenv("MOPS_GA4_KEY_FILE")) || !*ga.key_file) {
		if (run->dry_run) {
			ga.static_token = 1;
			ga.bearer = mops_xstrdup("Bearer REDACTED");
		} else {
			ex_fail(MOPS_EX_CONFIG, "MOPS_GA4_ACCESS_TOKEN or MOPS_GA4_KEY_FILE must be set");
		}
	}
	start = ex_start(run, "ga4.report");
	if (start == EX_NO_TIME)
		start = run->now - 30LL * 86400 * 1000;
	date_of(start, from, sizeof(from));
	date_of(run->until != EX_NO_TIME ? run->until - 1 : run->now, to, sizeof(to));
	url = mops_xasprintf("%s/v1beta/properties/%s:runReport", base, prop);
	for (;;) {
		mops_buf_reset(&b);
		mops_buf_addc(&b, '{');
		add_list(&b, "dimensions", run->dimensions);
		mops_buf_addc(&b, ',');
		add_list(&b, "metrics", run->metrics);
		mops_buf_addc(&b, ',');
		if (run->ndate_ranges)
			add_ranges(&b, run);
		else
			mops_buf_printf(&b, "\"dateRanges\":[{\"startDate\":\"%s\","
			    "\"endDate\":\"%s\"}]", from, to);
		mops_buf_printf(&b, ",\"offset\":%lld,\"limit\":%ld,\"keepEmptyRows\":false}",
		    offset, limit);
		rq.method = "POST";
		rq.url = url;
		rq.body = mops_buf_str(&b);
		rq.json = 1;
		if (ex_http_fetch(ga.h, &rq, &r))
			break;
		{
			const mops_json *dh = mops_json_get(r.doc, "dimensionHeaders");
			const mops_json *mh = mops_json_get(r.doc, "metricHeaders");
			const mops_json *rows = mops_json_get(r.doc, "rows");
			size_t nrows = rows && rows->type == MOPS_JARRAY ? rows->len : 0;

			for (i = 0; i < nrows; i++) {
				const mops_json *row = rows->u.items[i];
				const mops_json *dv = mops_json_get(row, "dimensionValues");
				const mops_json *mv = mops_json_get(row, "metricValues");
				mops_json *o = mops_json_new_object();
				for (j = 0; dh && j < dh->len; j++) {
					const char *n = mops_json_get_str(dh->u.items[j], "name");
					const mops_json *v = mops_json_get(mops_json_at(dv, j), "value");
					if (n)
						mops_json_set(o, n, v ? mops_json_copy(v) : mops_json_new_null());
				}
				/* several ranges and no header for it: the range is the extra value */
				if (run->ndate_ranges > 1 && dh && dv && dv->type == MOPS_JARRAY &&
				    dv->len == dh->len + 1 && !mops_json_get(o, "dateRange")) {
					const mops_json *v = mops_json_get(mops_json_at(dv, dh->len), "value");
					mops_json_set(o, "dateRange", v ? mops_json_copy(v) : mops_json_new_null());
				}
				for (j = 0; mh && j < mh->len; j++) {
					const char *n = mops_json_get_str(mh->u.items[j], "name");
					const mops_json *v = mops_json_get(mops_json_at(mv, j), "value");
					if (n)
						mops_json_set(o, n, v ? mops_json_copy(v) : mops_json_new_null());
				}
				ex_emit(run, "ga4.report", NULL, o);
			}
			mops_out_flush(run->out);
			total = (long long)mops_json_number(mops_json_get(r.doc, "rowCount"), &ok);
			offset += (long long)nrows;
			ex_resp_free(&r);
			/* without rowCount, a full page may have a successor */
			if (!nrows || (ok ? offset >= total : (long)nrows < limit))
				break;
		}
	}
	if (!run->dry_run && run->state && !run->ndate_ranges)
		ex_state_set_text(run, "ga4.report", to);
	mops_buf_free(&b);
	free(url);
	free(ga.bearer);
	ex_http_free(ga.h);
}
