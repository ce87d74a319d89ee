/*
 * http.h - the libcurl wrapper every vendor module fetches through.
 *
 * One ex_http per run holds a keep-alive curl handle, the retry policy and the
 * vendor's hooks.  ex_http_fetch() sends a request and returns only a response
 * worth using: it paces requests (min_interval), retries network errors, 429,
 * 5xx and whatever the vendor's classify hook calls retryable with exponential
 * backoff and full jitter (Retry-After in seconds or as an HTTP date wins; a
 * date in the past means now), refreshes the token once on 401, and ends the
 * run through ex_fail() otherwise: 75 quota, 77 credentials refused, 69 the
 * service kept failing or answered a fatal error.
 *
 * Secrets: the Authorization header comes from the auth hook, never from the
 * request; --verbose traces and --dry-run lines go through ex_redact().
 * Redirects are never followed (a 3xx is an error), TLS is always verified,
 * only http and https are allowed, bodies over max_bytes are refused.
 *
 * The response (struct ex_resp) is owned by the caller: ex_resp_free().
 */
#ifndef MOPS_EXTRACT_HTTP_H
#define MOPS_EXTRACT_HTTP_H
#include "buf.h"
#include "input.h"
#include "json.h"

/* EX_BADNAME: the vendor does not know an object or field we named (exit 64). */
enum ex_verdict { EX_OK, EX_RETRY, EX_REFRESH, EX_QUOTA, EX_DENIED, EX_FATAL, EX_BADNAME };

struct ex_resp {
	long status;			/* 0 in --dry-run */
	struct mops_buf body;
	struct mops_buf hdrs;		/* raw header lines of the last response */
	mops_json *doc;			/* parsed body when the request asked for JSON */
};

struct ex_http;

/* Returns the Authorization header value (borrowed), refreshing the token
 * first when refresh is set; NULL means no header. */
typedef const char *(*ex_auth_fn)(void *ctx, int refresh);
/* Looks at a response with a 2xx status (doc parsed when JSON) or a 4xx, and
 * may override the default verdict; *delay in seconds (-1: backoff). */
typedef enum ex_verdict (*ex_classify_fn)(void *ctx, const struct ex_resp *r,
    enum ex_verdict dflt, double *delay);

struct ex_req {
	const char *method;		/* "GET" (default when NULL), "POST" */
	const char *url;
	const char *body;		/* POST body or NULL */
	const char *ctype;		/* its Content-Type */
	const char *const *headers;	/* extra "Name: value", NULL-terminated */
	int json;			/* parse the body into resp->doc */
	int noauth;			/* do not call the auth hook (token endpoints) */
};

struct ex_http *ex_http_new(const char *vendor, int verbose, int dry_run);
void ex_http_free(struct ex_http *h);
void ex_http_hooks(struct ex_http *h, ex_auth_fn auth, ex_classify_fn classify, void *ctx);
/* For a classify hook's EX_BADNAME: what was asked for ("Leads") and a
 * sentence naming the valid names; both borrowed for h's life. */
void ex_http_names(struct ex_http *h, const char *what, const char *names);
/* Seconds between two requests (client-side pacing at the vendor's rate). */
void ex_http_pace(struct ex_http *h, double min_interval);
/* Fetches rq into *r (initialised here).  Returns 0 with a usable 2xx
 * response, or 1 in --dry-run (the request was printed; r->status is 0). */
int ex_http_fetch(struct ex_http *h, const struct ex_req *rq, struct ex_resp *r);
void ex_resp_free(struct ex_resp *r);
/* A header of the response, new string (caller frees) or NULL. */
char *ex_resp_header(const struct ex_resp *r, const char *name);
/* Seconds to wait from a Retry-After value (delta or HTTP date), -1 if bad. */
double ex_retry_after(const char *v, long now);
/* Sleeps s seconds times MOPS_RETRY_SCALE. */
void ex_sleep(double s);
/*
 * Large bodies (export files, bulk result pages) in constant memory: like
 * ex_http_fetch(), but a 2xx body that does not start with "{" is written to
 * an unlinked temporary file in $TMPDIR (started over on each retry) instead
 * of r->body; a body starting with "{" stays in r->body/r->doc so the
 * classify hook sees in-body errors.  Returns a reader at the start of the
 * file (caller mops_in_close()s; the file goes with it), or NULL in
 * --dry-run.  *size (when not NULL) gets the file's length.  Files over
 * ex_http_max_file end the run with 69.
 */
mops_in *ex_http_download(struct ex_http *h, const struct ex_req *rq, struct ex_resp *r,
    long long *size);

/*
 * Rows of a downloaded CSV with a header row (export files, bulk result
 * sets), one at a time: row() gets the header names and the row's cells
 * (all borrowed, valid during the call; a short row has nf < nh).  A
 * malformed file ends the run with 69, naming what ("marketo: export 12")
 * and the line.  Returns the number of data rows.
 */
typedef void (*ex_row_fn)(void *ctx, char *const *hdr, size_t nh, char *const *fv,
    const size_t *fl, size_t nf);
unsigned long ex_csv_rows(mops_in *in, const char *what, ex_row_fn row, void *ctx);

/*
 * Bulk jobs (Marketo exports, Salesforce Bulk API 2.0 queries): after the
 * vendor created the job, ex_http_poll_job() GETs url (JSON) until the check hook
 * says done, sleeping first, then 1.5 times longer each time up to
 * max_interval seconds, each wait times MOPS_RETRY_SCALE.  Every poll goes
 * through ex_http_fetch() (pacing, retries, in-body rate errors).  A failed
 * job or one not done after max_wait seconds (0: no limit) ends the run with
 * 69; what ("export 1234") names the job in messages.  Returns 0 when done,
 * 1 in --dry-run.
 */
enum ex_job_state { EX_JOB_WAIT, EX_JOB_DONE, EX_JOB_FAILED };
/* Looks at one status response (doc); on failure *msg may name why (borrowed
 * from doc). */
typedef enum ex_job_state (*ex_job_fn)(void *ctx, const mops_json *doc, const char **msg);
struct ex_job_poll {
	const char *what;
	double first, max_interval, max_wait;	/* seconds */
};
int ex_http_poll_job(struct ex_http *h, const char *url, const struct ex_job_poll *p,
    ex_job_fn check, void *ctx);

/* Global knobs from the command line. */
extern int ex_http_retries;		/* attempts after the first, default 6 */
extern double ex_http_max_delay;	/* seconds, default 60 */
extern double ex_http_timeout;		/* low-speed timeout, seconds, default 60 */
extern long long ex_http_max_bytes;	/* per response, default 256 MiB */
extern long long ex_http_max_file;	/* per download, default 1 GiB */
#endif
