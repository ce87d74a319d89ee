/*
 * exit.h - the exit statuses of every mops program (sysexits), as in man/mops.7.
 *
 * The list is part of the interface: pipelines and schedulers retry on 69 and 75,
 * page a person on 77 and 78, and the tests assert these values.
 */
#ifndef MOPS_EXIT_H
#define MOPS_EXIT_H

enum {
	MOPS_EX_OK = 0,
	MOPS_EX_USAGE = 64,	/* bad option or argument */
	MOPS_EX_DATAERR = 65,	/* more rejected lines than --max-rejects */
	MOPS_EX_NOINPUT = 66,	/* an input file cannot be opened */
	MOPS_EX_UNAVAILABLE = 69, /* a vendor API kept failing after retries */
	MOPS_EX_SOFTWARE = 70,	/* internal error, out of memory */
	MOPS_EX_IOERR = 74,	/* write error, read error */
	MOPS_EX_TEMPFAIL = 75,	/* rate limit or quota spent: retry later */
	MOPS_EX_NOPERM = 77,	/* credentials rejected */
	MOPS_EX_CONFIG = 78	/* missing credentials, bad map or rules file */
};

#endif
