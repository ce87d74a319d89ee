/*
 * opts.h - the options every program shares, number and duration parsing,
 * usage errors, progress and --stats.
 *
 * A program puts MOPS_COMMON_LONGOPTS at the end of its getopt_long table,
 * MOPS_COMMON_SHORTOPTS in its short-option string, and passes every option it
 * does not handle itself to mops_common_opt(), which returns 1 when it took it.
 * `-h` is the program's own (it prints its usage to stdout and exits 0).
 * mops_cfg holds the result; it is process-wide and written only while parsing
 * options.
 */
#ifndef MOPS_OPTS_H
#define MOPS_OPTS_H

#include <getopt.h>
#include <stddef.h>
#include <stdnoreturn.h>

enum {
	MOPS_OPT_REJECTS = 0x1000, MOPS_OPT_MAX_REJECTS, MOPS_OPT_STATS,
	MOPS_OPT_PROGRESS, MOPS_OPT_VERSION, MOPS_OPT_MAX_LINE, MOPS_OPT_FROM,
	MOPS_OPT_ENCODING, MOPS_OPT_DELIMITER
};

#define MOPS_COMMON_SHORTOPTS "hq"
#define MOPS_COMMON_LONGOPTS \
	{ "rejects", required_argument, NULL, MOPS_OPT_REJECTS }, \
	{ "max-rejects", required_argument, NULL, MOPS_OPT_MAX_REJECTS }, \
	{ "max-line", required_argument, NULL, MOPS_OPT_MAX_LINE }, \
	{ "encoding", required_argument, NULL, MOPS_OPT_ENCODING }, \
	{ "delimiter", required_argument, NULL, MOPS_OPT_DELIMITER }, \
	{ "stats", no_argument, NULL, MOPS_OPT_STATS }, \
	{ "progress", no_argument, NULL, MOPS_OPT_PROGRESS }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, MOPS_OPT_VERSION }

enum mops_format { MOPS_FMT_NDJSON, MOPS_FMT_CSV, MOPS_FMT_TSV, MOPS_FMT_SINGER };

struct mops_cfg {
	int quiet, stats, progress;
	size_t max_line;		/* bytes; default 16 MiB */
	const char *encoding;		/* --encoding: input text encoding, or NULL */
	char delimiter;			/* --delimiter for CSV input; 0: sniffed */
	int empty_ok;			/* no "no records in input" warning */
};
extern struct mops_cfg mops_cfg;

/* 1 if c was a common option (handled: may exit for --version), else 0. */
int mops_common_opt(int c, const char *arg);

/* Usage error: "mops-X: message" and a hint to --help, exit 64. */
noreturn void mops_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Whole number in [min, max]; otherwise a usage error naming the option. */
long long mops_parse_int(const char *opt, const char *arg, long long min,
    long long max);
double mops_parse_double(const char *opt, const char *arg, double min, double max);
/* Duration in seconds: "90d", "24h", "30m", "45s", "2w"; a unit is required
 * (a bare number other than 0 is a usage error). */
double mops_parse_duration(const char *opt, const char *arg);
/* One character, or "comma", "semicolon", "tab" ("\t"), "pipe". */
char mops_parse_delimiter(const char *opt, const char *arg);
/* "ndjson", "csv", "tsv", "singer" (when allowed) -> enum; usage error else. */
enum mops_format mops_parse_format(const char *opt, const char *arg, int allow_singer);

/* Progress on stderr, at most once a second, when stderr is a terminal or with
 * --progress, never with -q.  Call with the running count of records. */
void mops_progress(unsigned long long records);
/* With --stats, one line at the end: records in and out, rejects, time, rate.
 * Without -q, warns "no records in input" when in is 0 and nothing was
 * rejected (unless mops_cfg.empty_ok). */
void mops_stats_end(unsigned long long in, unsigned long long out);

#endif
