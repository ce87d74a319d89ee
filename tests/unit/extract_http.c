/* Unit tests for mops-extract's HTTP helpers: redaction, Retry-After, the
 * timestamps of bookmarks, base64url and the state file.  The modules are
 * compiled in (they live in filters/extract/); ex_fail and ex_emit are stubs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <curl/curl.h>

#include "../../filters/extract/auth.c"
#include "../../filters/extract/http.c"
#include "../../filters/extract/time.c"
#include "../../filters/extract/state.c"
#include "../../filters/extract/jwt.c"
#include "unit.h"

noreturn void
ex_fail(int status, const char *fmt, ...)
{
	(void)fmt;
	exit(status);
}

void
ex_emit(struct ex_run *run, const char *stream, const char *key, mops_json *rec)
{
	(void)run;
	(void)stream;
	(void)key;
	mops_json_free(rec);
}

void
ex_buf_sink(void *buf, const char *p, size_t n)
{
	mops_buf_add(buf, p, n);
}

void
ex_urlenc(struct mops_buf *b, const char *s)
{
	mops_buf_adds(b, s);
}

static const struct { const char *in, *want; } redact[] = {
	{ "GET /x?client_id=a&client_secret=s3cr3t&z=1", "GET /x?client_id=a&client_secret=REDACTED&z=1" },
	{ "grant_type=refresh_token&refresh_token=abc", "grant_type=refresh_token&refresh_token=REDACTED" },
	{ "https://h/p?access_token=t&x=2", "https://h/p?access_token=REDACTED&x=2" },
	{ "https://h/p?hapikey=k", "https://h/p?hapikey=REDACTED" },
	{ "Bearer known-token-value here", "Bearer REDACTED here" },
	{ "no secrets here", "no secrets here" },
	{ "https://h/p?keyword=x", "https://h/p?keyword=x" },
	{ "", "" },
};

static const struct { const char *in; long now; double want; } retry[] = {
	{ "120", 0, 120 },
	{ "0", 0, 0 },
	{ "1.5", 0, 1.5 },
	{ "Wed, 21 Oct 2015 07:28:00 GMT", 1445412480L - 30, 30 },	/* 30 s ahead */
	{ "Wed, 21 Oct 2015 07:28:00 GMT", 1445412480L + 999, 0 },	/* past: now */
	{ "soon", 0, -1 },
	{ "", 0, -1 },
	{ "12abc", 0, -1 },
};

static const struct { const char *in, *out; } times[] = {
	{ "2026-01-05T10:00:00.000+0000", "2026-01-05T10:00:00Z" },
	{ "2026-01-05T10:00:00.123Z", "2026-01-05T10:00:00.123Z" },
	{ "2026-01-05", "2026-01-05T00:00:00Z" },
	{ "2026-01-05T12:00:00+02:00", "2026-01-05T10:00:00Z" },
	{ "1713702782727", "2024-04-21T12:33:02.727Z" },
};

int
main(void)
{
	size_t i;
	char *r, buf[48];
	int64_t ms;
	struct ex_state *st;
	struct mops_buf b = MOPS_BUF_INIT;
	char path[] = "/tmp/mops-unit-state-XXXXXX";
	int fd;

	ex_secret_add("known-token-value");
	for (i = 0; i < sizeof(redact) / sizeof(redact[0]); i++) {
		r = ex_redact(redact[i].in);
		CHECK_STR(r, redact[i].want, redact[i].in);
		free(r);
	}
	for (i = 0; i < sizeof(retry) / sizeof(retry[0]); i++)
		CHECK_NEAR(ex_retry_after(retry[i].in, retry[i].now), retry[i].want, 1e-9, retry[i].in);
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		CHECK_INT(ex_time_parse(times[i].in, &ms), 0, times[i].in);
		ex_time_fmt(ms, buf, sizeof(buf));
		CHECK_STR(buf, times[i].out, times[i].in);
	}
	CHECK_INT(ex_time_parse("not a time", &ms), -1, "invalid time");
	/* base64url, RFC 4648 test vectors without padding */
	ex_b64url(&b, (const unsigned char *)"foobar", 6);
	CHECK_STR(mops_buf_str(&b), "Zm9vYmFy", "foobar");
	mops_buf_reset(&b);
	ex_b64url(&b, (const unsigned char *)"fo", 2);
	CHECK_STR(mops_buf_str(&b), "Zm8", "fo");
	mops_buf_reset(&b);
	ex_b64url(&b, (const unsigned char *)"\xfb\xff", 2);
	CHECK_STR(mops_buf_str(&b), "-_8", "url alphabet");
	mops_buf_free(&b);
	/* state: notes keep the largest time, never move a bookmark back, and
	 * the file is replaced whole */
	if ((fd = mkstemp(path)) >= 0) {
		static const char doc[] = "{\"streams\":{\"a\":{\"bookmark\":"
		    "\"2026-05-01T00:00:00Z\"},\"keep\":{\"bookmark\":\"x\"}}}";
		CHECK(write(fd, doc, strlen(doc)) == (ssize_t)strlen(doc), "write state");
		close(fd);
		st = ex_state_load(path);
		CHECK_STR(ex_state_bookmark(st, "a"), "2026-05-01T00:00:00Z", "load");
		ex_state_note(st, "a", 1000);		/* older: ignored */
		ex_state_note(st, "b", 2000);
		ex_state_note(st, "b", 1000);
		ex_state_commit(st);
		ex_state_free(st);
		st = ex_state_load(path);
		CHECK_STR(ex_state_bookmark(st, "a"), "2026-05-01T00:00:00Z", "not moved back");
		CHECK_STR(ex_state_bookmark(st, "b"), "1970-01-01T00:00:02Z", "largest note");
		CHECK_STR(ex_state_bookmark(st, "keep"), "x", "other streams kept");
		ex_state_free(st);
		unlink(path);
	}
	return unit_done();
}
