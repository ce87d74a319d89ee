/*
 * unit.h - table-driven unit tests.  A test file is a main() that calls the
 * CHECK macros and ends with `return unit_done();`, which prints the closing line
 * "N passed, N failed" that tests/run.sh adds up.  Tests run with the current
 * folder set to tests/unit, so data files are named relative to it.
 */
#ifndef MOPS_UNIT_H
#define MOPS_UNIT_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int unit_pass, unit_fail;

#define CHECK(cond, ...) do { \
	if (cond) unit_pass++; \
	else { unit_fail++; printf("FAIL %s:%d: ", __FILE__, __LINE__); \
		printf(__VA_ARGS__); putchar('\n'); } \
} while (0)

/* Strings: NULL equals only NULL. */
#define CHECK_STR(got, want, what) do { \
	const char *g_ = (got), *w_ = (want); \
	CHECK((g_ == NULL && w_ == NULL) || (g_ && w_ && strcmp(g_, w_) == 0), \
	    "%s: got \"%s\", want \"%s\"", (what), g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define CHECK_INT(got, want, what) do { \
	long long g_ = (got), w_ = (want); \
	CHECK(g_ == w_, "%s: got %lld, want %lld", (what), g_, w_); \
} while (0)

#define CHECK_NEAR(got, want, tol, what) do { \
	double g_ = (got), w_ = (want); \
	CHECK(fabs(g_ - w_) <= (tol), "%s: got %.12g, want %.12g", (what), g_, w_); \
} while (0)

static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
