#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "exit.h"
#include "opts.h"
#include "reject.h"
#include "util.h"

struct mops_cfg mops_cfg = { .max_line = 16u << 20 };

static double t_start = -1, t_last;

void
mops_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mops_vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", mops_progname);
	exit(MOPS_EX_USAGE);
}

int
mops_common_opt(int c, const char *arg)
{
	if (t_start < 0)
		t_start = t_last = mops_monotonic();
	switch (c) {
	case 'q':
		mops_cfg.quiet = 1;
		return 1;
	case MOPS_OPT_REJECTS:
		mops_rejects_open(arg);
		return 1;
	case MOPS_OPT_MAX_REJECTS:
		mops_rejects_set_max((unsigned long)mops_parse_int("--max-rejects",
		    arg, 0, 1000000000000LL));
		return 1;
	case MOPS_OPT_MAX_LINE:
		mops_cfg.max_line = (size_t)mops_parse_int("--max-line", arg, 64,
		    1LL << 32);
		return 1;
	case MOPS_OPT_ENCODING: {
		mops_decode *d = mops_decode_new(arg);

		if (!d)
			mops_usage_error("--encoding: unknown encoding '%s' (like "
			    "windows-1252, iso-8859-15, utf-16)", arg);
		mops_decode_free(d);
		mops_cfg.encoding = arg;
		return 1;
	}
	case MOPS_OPT_DELIMITER:
		mops_cfg.delimiter = mops_parse_delimiter("--delimiter", arg);
		return 1;
	case MOPS_OPT_STATS:
		mops_cfg.stats = 1;
		return 1;
	case MOPS_OPT_PROGRESS:
		mops_cfg.progress = 1;
		return 1;
	case MOPS_OPT_VERSION:
		printf("%s %s\n", mops_progname, MOPS_VERSION);
		if (fflush(stdout) || ferror(stdout))
			mops_die_errno(MOPS_EX_IOERR, "stdout: write error");
		exit(MOPS_EX_OK);
	case '?':
		fprintf(stderr, "Try '%s --help' for more information.\n",
		    mops_progname);
		exit(MOPS_EX_USAGE);
	}
	return 0;
}

long long
mops_parse_int(const char *opt, const char *arg, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (end == arg || *end || errno)
		mops_usage_error("%s: not a whole number: '%s'", opt, arg);
	if (v < min || v > max)
		mops_usage_error("%s: %s is out of range (%lld to %lld)", opt, arg,
		    min, max);
	return v;
}

double
mops_parse_double(const char *opt, const char *arg, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !isfinite(v))
		mops_usage_error("%s: not a number: '%s'", opt, arg);
	if (v < min || v > max)
		mops_usage_error("%s: %s is out of range (%g to %g)", opt, arg, min, max);
	return v;
}

double
mops_parse_duration(const char *opt, const char *arg)
{
	char *end;
	double v, mul = 1;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || errno || !isfinite(v) || v < 0)
		mops_usage_error("%s: not a duration: '%s' (like 90d, 24h, 30m)", opt, arg);
	/* A bare number is refused: "--lookback 90" meant days far more often
	 * than seconds.  Zero needs no unit. */
	if (!*end && v != 0)
		mops_usage_error("%s: '%s' needs a unit: %ss, %sm, %sh, %sd or %sw",
		    opt, arg, arg, arg, arg, arg, arg);
	if (*end) {
		switch (*end) {
		case 's': mul = 1; break;
		case 'm': mul = 60; break;
		case 'h': mul = 3600; break;
		case 'd': mul = 86400; break;
		case 'w': mul = 7 * 86400; break;
		default:
			mops_usage_error("%s: not a duration: '%s' (like 90d, 24h, 30m)",
			    opt, arg);
		}
		if (end[1])
			mops_usage_error("%s: not a duration: '%s' (like 90d, 24h, 30m)",
			    opt, arg);
	}
	return v * mul;
}

char
mops_parse_delimiter(const char *opt, const char *arg)
{
	if (!strcmp(arg, "tab") || !strcmp(arg, "\\t") || !strcmp(arg, "\t"))
		return '\t';
	if (!strcmp(arg, "comma"))
		return ',';
	if (!strcmp(arg, "semicolon"))
		return ';';
	if (!strcmp(arg, "pipe"))
		return '|';
	if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
		return arg[0];
	mops_usage_error("%s: not a delimiter: '%s' (one character, or comma, "
	    "semicolon, tab, pipe)", opt, arg);
}

enum mops_format
mops_parse_format(const char *opt, const char *arg, int allow_singer)
{
	if (strcmp(arg, "ndjson") == 0 || strcmp(arg, "json") == 0)
		return MOPS_FMT_NDJSON;
	if (strcmp(arg, "csv") == 0)
		return MOPS_FMT_CSV;
	if (strcmp(arg, "tsv") == 0)
		return MOPS_FMT_TSV;
	if (allow_singer && strcmp(arg, "singer") == 0)
		return MOPS_FMT_SINGER;
	mops_usage_error("%s: unknown format '%s' (ndjson, csv, tsv%s)", opt, arg,
	    allow_singer ? ", singer" : "");
}

void
mops_progress(unsigned long long records)
{
	double t, dt;
	static int tty = -1;

	if (mops_cfg.quiet || (records & 4095))
		return;
	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty && !mops_cfg.progress)
		return;
	t = mops_monotonic();
	if (t_start < 0)
		t_start = t_last = t;
	if (t - t_last < 1)
		return;
	t_last = t;
	dt = t - t_start;
	fprintf(stderr, "%s: %llu records, %.0f records/s%s", mops_progname, records,
	    dt > 0 ? (double)records / dt : 0.0, tty ? "\r" : "\n");
}

void
mops_stats_end(unsigned long long in, unsigned long long out)
{
	double dt;

	/* Once per run: an empty input is worth a word (a wrong file, a stage
	 * that wrote nothing), unless the program says empty is normal or
	 * another message already said why. */
	if (in == 0 && !mops_rejects_count() && !mops_nwarnings && !mops_cfg.quiet &&
	    !mops_cfg.empty_ok)
		mops_warn("no records in input");
	if (!mops_cfg.stats)
		return;
	if (t_start < 0)
		t_start = mops_monotonic();
	dt = mops_monotonic() - t_start;
	fprintf(stderr, "%s: %llu records in, %llu out, %lu rejected, %.2f s, %.0f records/s\n",
	    mops_progname, in, out, mops_rejects_count(), dt,
	    dt > 0 ? (double)in / dt : 0.0);
}
