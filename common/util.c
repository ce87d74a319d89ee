#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exit.h"
#include "util.h"

const char *mops_progname = "mops";
static long alloc_fail_at = -1;
static long alloc_count;

/* jansson's allocations go through the same fault injection; jansson itself
 * reports a failed allocation as an error, which callers print and exit on. */
static void *
json_alloc(size_t n)
{
	return mops_alloc_should_fail() ? NULL : malloc(n);
}

void
mops_init(const char *argv0)
{
	const char *s, *e;

	if (argv0 && *argv0) {
		s = strrchr(argv0, '/');
		mops_progname = s ? s + 1 : argv0;
	}
	e = getenv("MOPS_FAIL_ALLOC");
	if (e && *e)
		alloc_fail_at = strtol(e, NULL, 10);
	json_set_alloc_funcs(json_alloc, free);
}

int
mops_alloc_should_fail(void)
{
	/* Counting is not thread-safe; fault injection runs single-threaded. */
	return alloc_fail_at > 0 && ++alloc_count == alloc_fail_at;
}

unsigned long mops_nwarnings;

void
mops_vwarn(const char *fmt, va_list ap)
{
	mops_nwarnings++;
	fprintf(stderr, "%s: ", mops_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
mops_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mops_vwarn(fmt, ap);
	va_end(ap);
}

void
mops_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mops_vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void
mops_die_errno(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	fprintf(stderr, "%s: ", mops_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(e));
	exit(status);
}

static noreturn void
oom(void)
{
	/* No allocation here: stderr is unbuffered. */
	fputs(mops_progname, stderr);
	fputs(": out of memory\n", stderr);
	exit(MOPS_EX_SOFTWARE);
}

void *
mops_xmalloc(size_t n)
{
	void *p;

	if (mops_alloc_should_fail() || !(p = malloc(n ? n : 1)))
		oom();
	return p;
}

void *
mops_xcalloc(size_t n, size_t size)
{
	void *p;

	if (mops_alloc_should_fail() || !(p = calloc(n ? n : 1, size ? size : 1)))
		oom();
	return p;
}

void *
mops_xrealloc(void *p, size_t n)
{
	void *q;

	if (mops_alloc_should_fail() || !(q = realloc(p, n ? n : 1)))
		oom();
	return q;
}

void *
mops_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 8;

	if (need <= *cap)
		return p;
	while (c < need) {
		if (c > ((size_t)-1) / 4 / size)
			oom();
		c *= 2;
	}
	*cap = c;
	return mops_xrealloc(p, c * size);
}

char *
mops_xstrdup(const char *s)
{
	return mops_xstrndup(s, strlen(s));
}

char *
mops_xstrndup(const char *s, size_t n)
{
	char *p = mops_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mops_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	p = mops_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

double
mops_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
mops_mktemp(const char *tag, char **path)
{
	const char *dir = getenv("TMPDIR");

	if (!dir || !*dir)
		dir = "/tmp";
	*path = mops_xasprintf("%s/mops-%s.XXXXXX", dir, tag);
	return mkstemp(*path);
}
