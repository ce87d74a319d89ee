/*
 * util.h - the program name, dying and warning, and allocation that cannot fail.
 *
 * Functions named mops_die*() and mops_x*() never return on failure: they print
 * "mops-X: message" on stderr and exit with the status given (out of memory exits
 * MOPS_EX_SOFTWARE).  mops_warn() prints the same way and returns.  Memory from
 * mops_x*() is owned by the caller and released with free().
 */
#ifndef MOPS_UTIL_H
#define MOPS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdnoreturn.h>

extern const char *mops_progname;	/* "mops-normalize"; set by mops_init() */

/* Call first in main(): sets mops_progname from argv[0]. */
void mops_init(const char *argv0);

noreturn void mops_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Like mops_die() with ": strerror(errno)" appended. */
noreturn void mops_die_errno(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mops_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mops_vwarn(const char *fmt, va_list ap);
/* Messages mops_warn()/mops_vwarn() printed so far. */
extern unsigned long mops_nwarnings;

/*
 * A new empty file in $TMPDIR (else /tmp) named "mops-<tag>.XXXXXX": returns
 * its descriptor and *path (new string, caller frees), or -1 with errno set
 * (*path still set, for the message).  Callers unlink it as soon as nothing
 * needs the name, so nothing is left behind however the run ends.
 */
int mops_mktemp(const char *tag, char **path);

/* Seconds on the monotonic clock: for durations and deadlines, never dates. */
double mops_monotonic(void);

void *mops_xmalloc(size_t n);
void *mops_xcalloc(size_t n, size_t size);
void *mops_xrealloc(void *p, size_t n);
/* Grows an array of *cap elements of size `size` to hold at least `need`. */
void *mops_xgrow(void *p, size_t *cap, size_t need, size_t size);
char *mops_xstrdup(const char *s);
char *mops_xstrndup(const char *s, size_t n);
/* A new string from printf-style arguments. */
char *mops_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation fault injection for tests: MOPS_FAIL_ALLOC=N makes the Nth call fail. */
int mops_alloc_should_fail(void);

#endif
