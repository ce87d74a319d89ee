/* http.c - libcurl requests with retries, pacing and redacted traces. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include <curl/curl.h>

#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "csv.h"
#include "http.h"

int ex_http_retries = 6;
double ex_http_max_delay = 60;
double ex_http_timeout = 60;
long long ex_http_max_bytes = 256LL << 20;
long long ex_http_max_file = 1LL << 30;

struct ex_http {
	CURL *curl;
	const char *vendor;
	int verbose, dry_run;
	ex_auth_fn auth;
	ex_classify_fn classify;
	void *ctx;
	double min_interval, last;
	struct ex_resp *cur;
	int too_big;
	int spool_fd;			/* ex_http_download(): 2xx bodies go here */
	long long spooled;		/* bytes written to spool_fd this attempt */
	int spooling;			/* -1 undecided, 0 memory, 1 file (per attempt) */
	int spool_err;			/* errno of a failed write */
	const char *what, *names;	/* for EX_BADNAME: the name asked for, the valid ones */
	char errbuf[CURL_ERROR_SIZE];
};

void
ex_http_names(struct ex_http *h, const char *what, const char *names)
{
	h->what = what;
	h->names = names;
}

static double
scale(void)
{
	const char *s = getenv("MOPS_RETRY_SCALE");
	char *end;
	double d;

	if (!s || !*s)
		return 1;
	d = strtod(s, &end);
	return (*end || d < 0 || d > 100) ? 1 : d;
}

void
ex_sleep(double s)
{
	struct timespec ts;

	s *= scale();
	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* libcurl allocates through these, so MOPS_FAIL_ALLOC reaches its
 * allocations too; libcurl reports a failed one as CURLE_OUT_OF_MEMORY. */
static void *
cmalloc(size_t n)
{
	return mops_alloc_should_fail() ? NULL : malloc(n);
}

static void *
crealloc(void *p, size_t n)
{
	return mops_alloc_should_fail() ? NULL : realloc(p, n);
}

static char *
cstrdup(const char *s)
{
	return mops_alloc_should_fail() ? NULL : strdup(s);
}

static void *
ccalloc(size_t n, size_t size)
{
	return mops_alloc_should_fail() ? NULL : calloc(n, size);
}

struct ex_http *
ex_http_new(const char *vendor, int verbose, int dry_run)
{
	struct ex_http *h = mops_xcalloc(1, sizeof(*h));
	static int global;

	if (!global) {
		if (curl_global_init_mem(CURL_GLOBAL_DEFAULT, cmalloc, free, crealloc,
		    cstrdup, ccalloc) != 0)
			mops_die(MOPS_EX_SOFTWARE, "cannot initialise libcurl");
		global = 1;
		srand((unsigned)time(NULL) ^ (unsigned)getpid());
	}
	if (!(h->curl = curl_easy_init()))
		mops_die(MOPS_EX_SOFTWARE, "cannot initialise libcurl");
	h->vendor = vendor;
	h->verbose = verbose;
	h->dry_run = dry_run;
	h->spool_fd = -1;
	return h;
}

void
ex_http_free(struct ex_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

void
ex_http_hooks(struct ex_http *h, ex_auth_fn auth, ex_classify_fn classify, void *ctx)
{
	h->auth = auth;
	h->classify = classify;
	h->ctx = ctx;
}

void
ex_http_pace(struct ex_http *h, double min_interval)
{
	h->min_interval = min_interval;
}

void
ex_resp_free(struct ex_resp *r)
{
	mops_buf_free(&r->body);
	mops_buf_free(&r->hdrs);
	mops_json_free(r->doc);
	r->doc = NULL;
	r->status = 0;
}

char *
ex_resp_header(const struct ex_resp *r, const char *name)
{
	const char *p = mops_buf_str(&r->hdrs), *e;
	size_t n = strlen(name);

	while (*p) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if ((size_t)(e - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1, *ve = e;
			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			return mops_xstrndup(v, (size_t)(ve - v));
		}
		p = *e ? e + 1 : e;
	}
	return NULL;
}

double
ex_retry_after(const char *v, long now)
{
	char *end;
	double d;
	time_t t;

	if (!v || !*v)
		return -1;
	if (isdigit((unsigned char)*v)) {
		d = strtod(v, &end);
		return *end ? -1 : d;
	}
	t = curl_getdate(v, NULL);
	if (t == -1)
		return -1;
	return t <= now ? 0 : (double)(t - now);
}

/* Whether this attempt's body goes to the spool file: a 2xx answer that does
 * not start with "{" (a JSON object is an error the vendor reports in a 200;
 * the Content-Type is not trusted, Marketo's file.json is not JSON). */
static int
spool_this(struct ex_http *h, const char *p, size_t n)
{
	long status = 0;
	size_t i = 0;

	if (h->spooling < 0) {
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i == n && status >= 200 && status < 300)
			return 1;	/* only blanks so far: undecided, keep them */
		h->spooling = status >= 200 && status < 300 && p[i] != '{';
	}
	return h->spooling;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct ex_http *h = ud;
	size_t done;
	ssize_t w;

	n *= sz;
	if (h->spool_fd >= 0 && spool_this(h, p, n)) {
		if (h->spooled + (long long)n > ex_http_max_file) {
			h->too_big = 2;
			return 0;
		}
		for (done = 0; done < n; done += (size_t)w) {
			w = write(h->spool_fd, p + done, n - done);
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w <= 0) {
				h->spool_err = w < 0 ? errno : ENOSPC;
				return 0;
			}
		}
		h->spooled += (long long)n;
		return n;
	}
	if ((long long)(h->cur->body.len + n) > ex_http_max_bytes) {
		h->too_big = 1;
		return 0;
	}
	mops_buf_add(&h->cur->body, p, n);
	return n;
}

static size_t
on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct ex_http *h = ud;

	n *= sz;
	/* a new status line (after 100 Continue) starts a new header block */
	if (n > 5 && strncmp(p, "HTTP/", 5) == 0)
		mops_buf_reset(&h->cur->hdrs);
	mops_buf_add(&h->cur->hdrs, p, n);
	return n;
}

/* --verbose: request and response headers, redacted, never bodies. */
static int
on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *ud)
{
	const char *pfx;
	char *s, *line, *save = NULL, *red;

	(void)c;
	(void)ud;
	switch (type) {
	case CURLINFO_TEXT: pfx = "* "; break;
	case CURLINFO_HEADER_OUT: pfx = "> "; break;
	case CURLINFO_HEADER_IN: pfx = "< "; break;
	default: return 0;
	}
	s = mops_xstrndup(data, size);
	for (line = strtok_r(s, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (strncasecmp(line, "authorization:", 14) == 0 ||
		    strncasecmp(line, "x-api-key:", 10) == 0 ||
		    strncasecmp(line, "cookie:", 7) == 0 ||
		    strncasecmp(line, "set-cookie:", 11) == 0) {
			char *colon = strchr(line, ':');
			fprintf(stderr, "%s%.*s: REDACTED\n", pfx, (int)(colon - line), line);
			continue;
		}
		red = ex_redact(line);
		fprintf(stderr, "%s%s\n", pfx, red);
		free(red);
	}
	free(s);
	return 0;
}

static void
print_dry(const struct ex_req *rq)
{
	char *u = ex_redact(rq->url), *b = rq->body ? ex_redact(rq->body) : NULL;
	mops_out *o = mops_stdout();

	mops_out_printf(o, "%s %s\n", rq->method ? rq->method : "GET", u);
	if (b)
		mops_out_printf(o, "  %s\n", b);
	free(u);
	free(b);
}

/* One attempt.  Returns the curl result; r->status set when a response came. */
static CURLcode
perform(struct ex_http *h, const struct ex_req *rq, struct ex_resp *r, int refresh)
{
	CURL *c = h->curl;
	struct curl_slist *hl = NULL;
	const char *tok = NULL;
	char *line;
	size_t i;
	CURLcode rc;

	/* first: the hook may itself fetch a token through this handle */
	if (!rq->noauth && h->auth && (tok = h->auth(h->ctx, refresh))) {
		line = mops_xasprintf("Authorization: %s", tok);
		hl = curl_slist_append(hl, line);
		free(line);
	}
	curl_easy_reset(c);
	mops_buf_reset(&r->body);
	mops_buf_reset(&r->hdrs);
	r->status = 0;
	h->cur = r;
	h->too_big = 0;
	h->errbuf[0] = 0;
	h->spooling = -1;
	h->spooled = 0;
	h->spool_err = 0;
	/* a retried download starts the file over */
	if (h->spool_fd >= 0 && (ftruncate(h->spool_fd, 0) != 0 ||
	    lseek(h->spool_fd, 0, SEEK_SET) != 0))
		ex_fail(MOPS_EX_IOERR, "%s: temporary file: %s", h->vendor, strerror(errno));
	for (i = 0; rq->headers && rq->headers[i]; i++)
		hl = curl_slist_append(hl, rq->headers[i]);
	if (rq->body) {
		line = mops_xasprintf("Content-Type: %s",
		    rq->ctype ? rq->ctype : "application/json");
		hl = curl_slist_append(hl, line);
		free(line);
	}
	hl = curl_slist_append(hl, "Accept: application/json, text/csv;q=0.9, */*;q=0.5");
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "mops-extract/" MOPS_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, h);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)(ex_http_timeout > 1 ? ex_http_timeout : 1));
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)(h->spool_fd >= 0 &&
	    ex_http_max_file > ex_http_max_bytes ? ex_http_max_file : ex_http_max_bytes));
	if (rq->body || (rq->method && !strcmp(rq->method, "POST"))) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(rq->body ? strlen(rq->body) : 0));
	}
	if (rq->method && strcmp(rq->method, "GET") && strcmp(rq->method, "POST"))
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	if (h->verbose) {
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	return rc;
}

static double
backoff(int attempt)
{
	double d = pow(2, attempt);

	if (d > ex_http_max_delay)
		d = ex_http_max_delay;
	/* "full jitter" between half and the whole delay */
	return d / 2 + d / 2 * ((double)rand() / RAND_MAX);
}

/* A short, redacted excerpt of an error body for messages. */
static char *
excerpt(const struct ex_resp *r)
{
	char *s = mops_xstrndup(r->body.s ? r->body.s : "", r->body.len > 300 ? 300 : r->body.len);
	char *red, *p;

	for (p = s; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	red = ex_redact(s);
	free(s);
	return red;
}

int
ex_http_fetch(struct ex_http *h, const struct ex_req *rq, struct ex_resp *r)
{
	int attempt, refreshed = 0, refresh = 0, last_rate = 0;
	double wait, delay;
	enum ex_verdict v;
	CURLcode rc;
	char *ra, *u, *ex;
	struct mops_json_err jerr;

	memset(r, 0, sizeof(*r));
	if (h->dry_run) {
		print_dry(rq);
		return 1;
	}
	for (attempt = 0;; attempt++) {
		if (h->min_interval > 0 && h->last > 0) {
			wait = h->last + h->min_interval * scale() - mops_monotonic();
			if (wait > 0)
				ex_sleep(wait / scale());
		}
		h->last = mops_monotonic();
		rc = perform(h, rq, r, refresh);
		refresh = 0;
		delay = -1;
		if (rc != CURLE_OK) {
			if (h->spool_err)
				ex_fail(MOPS_EX_IOERR, "%s: temporary file: %s", h->vendor,
				    strerror(h->spool_err));
			if (h->too_big == 2)
				ex_fail(MOPS_EX_UNAVAILABLE, "%s: download larger than %lld bytes "
				    "(--max-bytes)", h->vendor, ex_http_max_file);
			if (h->too_big || rc == CURLE_FILESIZE_EXCEEDED)
				ex_fail(MOPS_EX_UNAVAILABLE, "%s: response larger than %lld bytes",
				    h->vendor, h->spool_fd >= 0 && ex_http_max_file > ex_http_max_bytes ?
				    ex_http_max_file : ex_http_max_bytes);
			if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
				ex_fail(MOPS_EX_USAGE, "%s: bad URL", h->vendor);
			v = EX_RETRY;
			last_rate = 0;
			mops_json_free(r->doc);
			r->doc = NULL;
			if (!mops_cfg.quiet || h->verbose) {
				u = ex_redact(rq->url);
				/* the path is enough to say which call; queries can be long */
				mops_warn("%s: %.*s: %s (retrying)", h->vendor, (int)strcspn(u, "?"), u,
				    h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
				free(u);
			}
		} else {
			mops_json_free(r->doc);
			r->doc = NULL;
			if (r->status >= 200 && r->status < 300) {
				v = EX_OK;
				/* a download answered with JSON: an in-body error to classify */
				if (rq->json || (h->spool_fd >= 0 && h->spooling == 0)) {
					r->doc = mops_json_parse_lenient(r->body.s ? r->body.s : "", r->body.len, &jerr);
					if (!r->doc)
						v = EX_RETRY;	/* a cut body: ask again */
				}
			} else if (r->status == 429) {
				v = EX_RETRY;
			} else if (r->status >= 500) {
				v = EX_RETRY;
			} else if (r->status == 401) {
				/* a token endpoint saying 401 means the client is refused */
				v = rq->noauth ? EX_DENIED : EX_REFRESH;
			} else if (r->status == 403) {
				v = EX_DENIED;
			} else {
				v = EX_FATAL;
				if (r->status >= 400 && r->status < 500) {
					/* a JSON error body helps the vendor classify */
					r->doc = mops_json_parse_lenient(r->body.s ? r->body.s : "", r->body.len, &jerr);
				}
			}
			if (r->status == 429 || r->status == 401 || r->status == 403)
				r->doc = mops_json_parse_lenient(r->body.s ? r->body.s : "", r->body.len, &jerr);
			/* OAuth 2.0 token endpoints refuse a grant or a client with 400
			 * (RFC 6749 5.2): a person must act, retrying will not help */
			if (rq->noauth && r->status == 400 && r->doc) {
				const char *e = mops_json_get_str(r->doc, "error");

				if (e && (!strcmp(e, "invalid_grant") || !strcmp(e, "invalid_client") ||
				    !strcmp(e, "unauthorized_client")))
					v = EX_DENIED;
			}
			if (h->classify)
				v = h->classify(h->ctx, r, v, &delay);
			if ((ra = ex_resp_header(r, "Retry-After"))) {
				double d = ex_retry_after(ra, (long)time(NULL));
				if (d >= 0 && v == EX_RETRY)
					delay = d;
				free(ra);
			}
			last_rate = r->status == 429 || (v == EX_RETRY && r->status < 300 && r->doc);
		}
		switch (v) {
		case EX_OK:
			return 0;
		case EX_REFRESH:
			if (!refreshed) {
				refreshed = refresh = 1;
				attempt--;
				continue;
			}
			/* FALLTHROUGH */
		case EX_DENIED:
			ex = excerpt(r);
			ex_fail(MOPS_EX_NOPERM, "%s: credentials refused (HTTP %ld): %s",
			    h->vendor, r->status, ex);
		case EX_QUOTA:
			ex = excerpt(r);
			ex_fail(MOPS_EX_TEMPFAIL, "%s: quota exhausted (HTTP %ld): %s",
			    h->vendor, r->status, ex);
		case EX_FATAL:
			ex = r->status >= 300 && r->status < 400 ?
			    mops_xstrdup("redirect not followed") : excerpt(r);
			u = ex_redact(rq->url);
			ex_fail(MOPS_EX_UNAVAILABLE, "%s: %.*s: HTTP %ld: %s", h->vendor,
			    (int)strcspn(u, "?"), u, r->status, ex);
		case EX_BADNAME:
			ex = excerpt(r);
			ex_fail(MOPS_EX_USAGE, "%s: %s: not a name %s knows (HTTP %ld: %s)%s%s",
			    h->vendor, h->what ? h->what : "object or field", h->vendor, r->status,
			    ex, h->names ? "; " : "", h->names ? h->names : "");
		case EX_RETRY:
			break;
		}
		if (attempt >= ex_http_retries) {
			ex = excerpt(r);
			u = ex_redact(rq->url);
			ex_fail(last_rate ? MOPS_EX_TEMPFAIL : MOPS_EX_UNAVAILABLE,
			    "%s: %.*s: still failing after %d attempts (HTTP %ld%s%s)", h->vendor,
			    (int)strcspn(u, "?"), u, attempt + 1, r->status, *ex ? ": " : "", ex);
		}
		/* a 401 after a successful refresh earns another refresh later */
		refreshed = 0;
		ex_sleep(delay >= 0 ? (delay > ex_http_max_delay * 10 ? ex_http_max_delay * 10 : delay)
		    : backoff(attempt));
	}
}

mops_in *
ex_http_download(struct ex_http *h, const struct ex_req *rq, struct ex_resp *r, long long *size)
{
	char *path, *ex;
	mops_in *in;
	int fd;

	if (h->dry_run) {
		memset(r, 0, sizeof(*r));
		print_dry(rq);
		return NULL;
	}
	if ((fd = mops_mktemp("extract", &path)) < 0)
		ex_fail(MOPS_EX_IOERR, "%s: %s: %s", h->vendor, path, strerror(errno));
	/* the reader opens its own descriptor (offset 0) before the name goes:
	 * nothing is left behind however the run ends */
	in = mops_in_open(path);
	if (!in || unlink(path) != 0)
		ex_fail(MOPS_EX_IOERR, "%s: %s: %s", h->vendor, path, strerror(errno));
	free(path);
	h->spool_fd = fd;
	ex_http_fetch(h, rq, r);
	h->spool_fd = -1;
	close(fd);
	if (size)
		*size = h->spooled;
	if (h->spooling == 0) {
		/* a JSON object the vendor's hook let through: not the file we asked for */
		ex = excerpt(r);
		mops_in_close(in);
		ex_fail(MOPS_EX_UNAVAILABLE, "%s: expected a file, got: %s", h->vendor, ex);
	}
	return in;
}

int
ex_http_poll_job(struct ex_http *h, const char *url, const struct ex_job_poll *p,
    ex_job_fn check, void *ctx)
{
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *msg;
	double wait = p->first > 0 ? p->first : 1, waited = 0;
	enum ex_job_state st;

	rq.url = url;
	rq.json = 1;
	for (;;) {
		if (ex_http_fetch(h, &rq, &r)) {
			ex_resp_free(&r);
			return 1;
		}
		msg = NULL;
		st = check(ctx, r.doc, &msg);
		if (st == EX_JOB_DONE) {
			ex_resp_free(&r);
			return 0;
		}
		if (st == EX_JOB_FAILED)
			ex_fail(MOPS_EX_UNAVAILABLE, "%s: %s %s", h->vendor, p->what,
			    msg ? msg : "failed");
		ex_resp_free(&r);
		if (p->max_wait > 0 && waited + wait > p->max_wait)
			ex_fail(MOPS_EX_UNAVAILABLE, "%s: %s not done after %.0f seconds", h->vendor,
			    p->what, waited);
		ex_sleep(wait);
		waited += wait;
		wait *= 1.5;
		if (p->max_interval > 0 && wait > p->max_interval)
			wait = p->max_interval;
	}
}

unsigned long
ex_csv_rows(mops_in *in, const char *what, ex_row_fn row, void *ctx)
{
	mops_csv *c = mops_csv_new(in, ',');
	char **fv, **hdr = NULL;
	size_t *fl, nf, nh = 0, i;
	unsigned long n = 0;
	int rc;

	while ((rc = mops_csv_next(c, &fv, &fl, &nf)) == 1) {
		if (!hdr) {
			nh = nf;
			hdr = mops_xcalloc(nh, sizeof(*hdr));
			for (i = 0; i < nf; i++)
				hdr[i] = mops_xstrndup(fv[i], fl[i]);
			continue;
		}
		n++;
		row(ctx, hdr, nh, fv, fl, nf);
	}
	if (rc < 0)
		ex_fail(MOPS_EX_UNAVAILABLE, "%s: line %ld: %s", what, mops_csv_line(c),
		    mops_csv_error(c));
	for (i = 0; i < nh; i++)
		free(hdr[i]);
	free(hdr);
	mops_csv_free(c);
	return n;
}
