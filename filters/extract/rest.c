/*
 * rest.c - `mops-extract rest URL`: any JSON API, with the records at a JSON
 * pointer (--records, RFC 6901; default the body itself, an array) and one
 * pagination rule: a cursor in the body sent back as a parameter
 * (--cursor-field + --cursor-param), a next-page URL in the body
 * (--next-field), the Link header's rel="next" (--link-header), or
 * offset/limit parameters (--offset-param, --limit-param, --page-size).
 * Offset paging stops at the first empty page, not at a short one: many APIs
 * cap the page size below the limit asked for without saying so.  A cursor or
 * next link that repeats the page just fetched stops the run (69) instead of
 * looping for ever.
 * Credentials: MOPS_REST_TOKEN as a bearer token, or as the value of the
 * header --auth-header names.  Next pages must stay on the URL's origin:
 * credentials never travel elsewhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exit.h"
#include "opts.h"
#include "util.h"
#include "extract.h"
#include "http.h"

struct rs {
	char *bearer;
};

static const char *
rs_auth(void *ctx, int refresh)
{
	struct rs *rs = ctx;

	(void)refresh;
	return rs->bearer;
}

/* RFC 6901 JSON pointer; borrowed result or NULL. */
static const mops_json *
pointer(const mops_json *v, const char *p)
{
	struct mops_buf tok = MOPS_BUF_INIT;
	const char *e;

	if (!p || !*p)
		return v;
	while (v && *p == '/') {
		p++;
		e = p + strcspn(p, "/");
		mops_buf_reset(&tok);
		for (; p < e; p++) {
			if (*p == '~' && p + 1 < e && (p[1] == '0' || p[1] == '1')) {
				mops_buf_addc(&tok, p[1] == '0' ? '~' : '/');
				p++;
			} else {
				mops_buf_addc(&tok, *p);
			}
		}
		if (v->type == MOPS_JOBJECT) {
			v = mops_json_getn(v, tok.s ? tok.s : "", tok.len);
		} else if (v->type == MOPS_JARRAY) {
			char *end;
			unsigned long i = strtoul(mops_buf_str(&tok), &end, 10);
			v = (*end || !tok.len) ? NULL : mops_json_at(v, i);
		} else {
			v = NULL;
		}
	}
	mops_buf_free(&tok);
	return *p ? NULL : v;
}

/* "scheme://host[:port]" length of url. */
static size_t
origin_len(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p)
		return 0;
	p += 3;
	return (size_t)(p - url) + strcspn(p, "/?#");
}

static char *
with_param(const char *url, const char *name, const char *value)
{
	struct mops_buf b = MOPS_BUF_INIT;

	mops_buf_adds(&b, url);
	mops_buf_addc(&b, strchr(url, '?') ? '&' : '?');
	ex_urlenc(&b, name);
	mops_buf_addc(&b, '=');
	ex_urlenc(&b, value);
	return mops_buf_detach(&b);
}

/* rel="next" target of a Link header (new string) or NULL. */
static char *
link_next(const char *h)
{
	const char *p = h, *lt, *gt, *end;

	while ((lt = strchr(p, '<')) && (gt = strchr(lt, '>'))) {
		end = strchr(gt, '<');
		if (!end)
			end = gt + strlen(gt);
		{
			char *params = mops_xstrndup(gt + 1, (size_t)(end - gt - 1));
			int next = strstr(params, "rel=\"next\"") || strstr(params, "rel=next") ||
			    strstr(params, " next ") || strstr(params, "\"next ");
			free(params);
			if (next)
				return mops_xstrndup(lt + 1, (size_t)(gt - lt - 1));
		}
		p = gt + 1;
	}
	return NULL;
}

static char *
resolve(const char *base, const char *ref)
{
	if (strstr(ref, "://"))
		return mops_xstrdup(ref);
	if (*ref == '/')
		return mops_xasprintf("%.*s%s", (int)origin_len(base), base, ref);
	if (*ref == '?') {
		size_t n = strcspn(base, "?#");
		return mops_xasprintf("%.*s%s", (int)n, base, ref);
	}
	{
		const char *slash = strrchr(base + origin_len(base), '/');
		size_t n = slash ? (size_t)(slash - base) + 1 : strlen(base);
		return mops_xasprintf("%.*s%s%s", (int)n, base, slash ? "" : "/", ref);
	}
}

void
ex_rest(struct ex_run *run)
{
	struct rs rs = { NULL };
	struct ex_http *h;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	const char *tok, *hdrs[2] = { NULL, NULL };
	char *url, *next, *stream, *hdr = NULL, *seg;
	const mops_json *recs;
	long long offset = 0;
	long limit = run->page_size ? run->page_size : 100;
	size_t i, olen;

	if (!run->object || !strstr(run->object, "://"))
		mops_usage_error("rest: expected a URL");
	if (strncmp(run->object, "http://", 7) && strncmp(run->object, "https://", 8))
		mops_usage_error("rest: only http and https URLs");
	olen = origin_len(run->object);
	if (run->stream) {
		stream = mops_xasprintf("rest.%s", run->stream);
	} else {
		seg = mops_xstrndup(run->object + olen, strcspn(run->object + olen, "?#"));
		while (*seg && seg[strlen(seg) - 1] == '/')
			seg[strlen(seg) - 1] = 0;
		stream = mops_xasprintf("rest.%s", strrchr(seg, '/') && strrchr(seg, '/')[1] ?
		    strrchr(seg, '/') + 1 : "records");
		free(seg);
	}
	h = ex_http_new("rest", run->verbose, run->dry_run);
	if ((tok = ex_secret("MOPS_REST_TOKEN"))) {
		if (run->auth_header) {
			hdr = mops_xasprintf("%s: %s", run->auth_header, tok);
			hdrs[0] = hdr;
			rq.headers = hdrs;
		} else {
			rs.bearer = mops_xasprintf("Bearer %s", tok);
		}
	}
	ex_http_hooks(h, rs_auth, NULL, &rs);
	url = run->offset_param ? mops_xasprintf("%s%c%s=0&%s=%ld", run->object,
	    strchr(run->object, '?') ? '&' : '?', run->offset_param,
	    run->limit_param ? run->limit_param : "limit", limit) : mops_xstrdup(run->object);
	while (url) {
		if (origin_len(url) != olen || strncmp(url, run->object, olen) != 0)
			ex_fail(MOPS_EX_UNAVAILABLE, "rest: next page leaves %.*s: not following",
			    (int)olen, run->object);
		rq.url = url;
		rq.json = 1;
		if (ex_http_fetch(h, &rq, &r))
			break;
		recs = pointer(r.doc, run->records_ptr);
		if (!recs || recs->type != MOPS_JARRAY) {
			if (recs && recs->type == MOPS_JNULL)
				recs = NULL;
			else
				ex_fail(MOPS_EX_UNAVAILABLE, "rest: no array at --records '%s'",
				    run->records_ptr ? run->records_ptr : "");
		}
		for (i = 0; recs && i < recs->len; i++) {
			const mops_json *v = recs->u.items[i];
			if (v->type != MOPS_JOBJECT)
				continue;
			ex_emit(run, stream, "id", mops_json_copy(v));
		}
		next = NULL;
		if (run->cursor_field) {
			const char *c = mops_json_scalar_text(pointer(r.doc, run->cursor_field));
			if (c && *c && recs && recs->len)
				next = with_param(run->object, run->cursor_param ? run->cursor_param : "cursor", c);
		} else if (run->next_field) {
			const char *n = mops_json_str(pointer(r.doc, run->next_field));
			if (n && *n)
				next = resolve(url, n);
		} else if (run->link_header) {
			char *lh = ex_resp_header(&r, "Link"), *n;
			if (lh && (n = link_next(lh))) {
				next = resolve(url, n);
				free(n);
			}
			free(lh);
		} else if (run->offset_param) {
			offset += recs ? (long long)recs->len : 0;
			if (recs && recs->len)
				next = mops_xasprintf("%s%c%s=%lld&%s=%ld", run->object,
				    strchr(run->object, '?') ? '&' : '?', run->offset_param, offset,
				    run->limit_param ? run->limit_param : "limit", limit);
		}
		ex_resp_free(&r);
		if (next && strcmp(next, url) == 0)
			ex_fail(MOPS_EX_UNAVAILABLE, "rest: the next page is the page just read "
			    "(%s does not advance)", run->cursor_field ? "the cursor" : "the next link");
		free(url);
		url = next;
	}
	free(url);
	free(hdr);
	free(rs.bearer);
	free(stream);
	ex_http_free(h);
}
