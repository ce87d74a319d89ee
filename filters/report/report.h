/*
 * report.h - mops-report internals: the mergeable aggregate store, record
 * ingestion, the reports built from the store, and the table renderers.
 *
 * Flow: ingest_record() for every input record (it fills the store directly, or
 * keeps join state for the reports that need one: SLA, campaigns, attribution),
 * ingest_finish() resolves the joins into the store, then either
 * store_write_partial() (--partial) or reports_build() + table output.
 * --merge reads partials back with store_read_partial() into the same store, so
 * a merged run renders from exactly the state a single run would have had.
 *
 * Store keys are tuples of strings joined by KSEP; every aggregate holds a count,
 * a sum and (for durations) the full multiset of integer values, so medians and
 * percentiles stay exact after merging.
 */
#ifndef MOPS_REPORT_H
#define MOPS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "canon.h"
#include "json.h"
#include "opts.h"
#include "out.h"

#define KSEP '\x1f'
#define MAXBY 8
#define MAXSPLIT 32

enum report_kind {
	R_FUNNEL = 1, R_VELOCITY = 2, R_SLA = 4, R_ATTRIBUTION = 8,
	R_CAMPAIGNS = 16, R_QUALITY = 32, R_ANOMALIES = 64, R_EXPERIMENT = 128,
	R_LIFECYCLE = 256, R_ALL = 511,
	R_SCORING = 512		/* in all only with --outcome */
};

/* Lifecycle stages in order; "other" is unordered (canon.h). */
#define NSTAGES MOPS_NSTAGES
#define stage_names mops_canon_stages
#define stage_rank mops_canon_stage_rank	/* 0..6, or -1 */

enum period { P_NONE, P_WEEK, P_MONTH, P_QUARTER };

/* Everything that changes what ingestion stores: written into partials and
 * checked when merging. */
struct params {
	const char *report_name;
	int reports;			/* enum report_kind bits */
	char *by[MAXBY];
	int nby;
	int by_given;
	enum period period;
	int64_t now;
	int now_given;			/* --now given, not the clock */
	int64_t sla;			/* seconds */
	char *fields[32];		/* quality: critical fields */
	int nfields;
	/* anomalies (render only) */
	int baseline_weeks;
	double spike, drop, min_baseline;
	int flagged;			/* anomalies: flagged weeks only */
	/* experiment: variant_field or by_touch (not both), outcome stage */
	char *variant_field, *by_touch;
	int outcome;			/* stage rank, -1 when not given */
	/* experiment (render only) */
	char *control;
	char *split[MAXSPLIT];		/* --split names and weights */
	double split_w[MAXSPLIT];
	int nsplit;
	double alpha;
	/* lifecycle */
	int64_t stuck;			/* seconds */
	/* scoring (see scoring.c): the MQL threshold, or each person's score_mql */
	int has_threshold;
	double threshold;
};

/* ---- store ---- */
struct agg {
	char *key;
	size_t klen;
	int64_t n;
	int64_t usum;		/* sum in millionths (see agg_add) */
	int64_t *v;		/* values (durations in seconds) */
	size_t nv, cv;
};

struct store;
struct store *store_new(void);
void store_free(struct store *st);
/* The aggregate for key[0..klen), created empty when missing. */
struct agg *store_get(struct store *st, const char *key, size_t klen);
struct agg *store_find(const struct store *st, const char *key, size_t klen);
void agg_addv(struct agg *a, int64_t v);
void agg_add(struct agg *a, double x);	/* sum += x, to a millionth */
double agg_sum(const struct agg *a);
/* All aggregates sorted by key (bytewise), values sorted; array is new. */
struct agg **store_sorted(struct store *st, size_t *n);
uint64_t key_prefix(const char *s, size_t n, size_t from);
/* Splits a key into at most max parts (pointers into a copy in *buf, which the
 * caller frees); returns the number of parts. */
int key_split(const struct agg *a, char **buf, char **parts, int max);

/* Key building: kb_start(kind) then kb_add(part)... */
struct mops_buf;
void kb_start(struct mops_buf *b, const char *kind);
void kb_add(struct mops_buf *b, const char *s);
void kb_addn(struct mops_buf *b, const char *s, size_t n);
void kb_addi(struct mops_buf *b, int64_t i);

void store_write_partial(struct store *st, const struct params *p, mops_out *o);
/* Merges one partial file's lines; dies with 65 on malformed partials and 64 on
 * parameters that differ from *p (filled from the first header when p->now<0). */
void store_read_partial(struct store *st, struct params *p, char **files,
    int nfiles);

/* ---- ingestion ---- */
struct ingest;
struct ingest *ingest_new(const struct params *p, struct store *st);
void ingest_record(struct ingest *in, const mops_json *rec);
void ingest_finish(struct ingest *in);
void ingest_free(struct ingest *in);
/* All of the above over FILE arguments (none: stdin); *nin counts records.
 * Warns once when every record is raw, or a --by field is in none (not with
 * partial: a partition may lack a field).
 * Returns 0, MOPS_EX_NOINPUT or MOPS_EX_IOERR. */
int ingest_files(const struct params *p, struct store *st, char **files,
    int nfiles, enum mops_format from, unsigned long long *nin, int partial);

/* Reads NDJSON files (none: stdin) calling cb with objects holding only the
 * top-level members named in want (borrowed by cb); invalid lines are rejected
 * as by record.h.  Returns 0, MOPS_EX_NOINPUT or MOPS_EX_IOERR. */
int fast_read(char **files, int nfiles, const char *const *want, int nwant,
    void (*cb)(void *, const mops_json *), void *ctx, unsigned long long *count);

/* ---- experiment.c, lifecycle.c ---- */
/* Experiment ingestion: experiment_person() for every person (converted: it
 * reached p->outcome; when: its date, or INT64_MIN), experiment_touch() for
 * every touch, experiment_finish() once at the end (the --by-touch join). */
struct xstate;
struct xstate *experiment_new(const struct params *p, struct store *st);
void experiment_person(struct xstate *x, const mops_json *rec, int converted,
    int64_t when);
void experiment_touch(struct xstate *x, const mops_json *rec);
void experiment_finish(struct xstate *x);
void experiment_free(struct xstate *x);
/* Lifecycle audit of one person: rank of its lifecycle_stage (-1: none or
 * other), has[s] / dates[s] its stage_dates; k is scratch for keys. */
void lifecycle_person(struct store *st, const struct params *p,
    struct mops_buf *k, const mops_json *rec, int rank, const int *has,
    const int64_t *dates);
/* Table builders over the sorted store all[0..nall): append to *t. */
struct table;
void experiment_tables(struct store *st, const struct params *p,
    struct agg **all, size_t nall, struct table ***t, size_t *nt, size_t *ct);
void lifecycle_tables(struct store *st, const struct params *p,
    struct agg **all, size_t nall, struct table ***t, size_t *nt, size_t *ct);

/* ---- tables ---- */
enum cell_kind { C_NULL, C_TEXT, C_INT, C_NUM, C_RATIO };
/* 16 bytes: a report by a field with many values has millions of cells.  The
 * text of a C_TEXT cell belongs to a pool shared by all live tables (repeated
 * texts, such as stage names, are stored once); cells never free it. */
struct cell {
	union {
		int64_t i;	/* C_INT */
		double d;	/* C_NUM, C_RATIO */
		char *s;	/* C_TEXT */
	};
	unsigned char kind;	/* enum cell_kind */
	signed char dec;	/* decimals of C_NUM */
};
enum chart_kind { CH_NONE, CH_FUNNEL, CH_BARS, CH_TREND };
struct table {
	char *report, *name, *title, *definition;
	int ncols;
	char **cols;
	size_t nrows, crows;
	struct cell *cells;		/* nrows * ncols */
	enum chart_kind chart;
	int chart_label, chart_value;	/* column indexes for the chart */
	int chart_series;		/* trend: column naming the series, or -1 */
	/* streaming: rows written by table_flush() as they come, then dropped */
	mops_out *sink;
	int sinkfmt;			/* enum out_format */
	size_t streamed;		/* rows written so far */
};
struct table *table_new(const char *report, const char *name, const char *title,
    const char *definition, int ncols, const char *const *cols);
void table_free(struct table *t);
struct cell *table_row(struct table *t);	/* appends a row of C_NULL cells */
void table_drop_last(struct table *t);
void cell_text(struct cell *c, const char *s);
void cell_int(struct cell *c, int64_t i);
void cell_num(struct cell *c, double d, int dec);
void cell_ratio(struct cell *c, double num, double den);	/* NULL if den==0 */

enum out_format { F_TABLE, F_CSV, F_TSV, F_NDJSON, F_MARKDOWN, F_HTML };
/* Text of a cell: human (table, markdown, html) or machine (csv, tsv, ndjson). */
void cell_format(const struct cell *c, int human, struct mops_buf *b);
void tables_write(mops_out *o, enum out_format f, struct table **t, size_t nt,
    const struct params *p);
void tables_write_definitions(mops_out *o, struct table **t, size_t nt);
/*
 * A table of millions of rows (the funnel by a field with many values) need
 * not be held: table_stream() writes its head to o now, and table_flush()
 * writes the rows so far and drops them (tables_write() then writes the rest
 * and skips the head).  Only for formats written row by row (CSV, TSV,
 * NDJSON), and only for the first table written.
 */
int table_can_stream(enum out_format f);
void table_stream(struct table *t, mops_out *o, enum out_format f);
void table_flush(struct table *t);
void html_write(mops_out *o, struct table **t, size_t nt, const struct params *p);

/* ---- reports ---- */
/* Builds the tables of the reports in p->reports from the store. */
struct table **reports_build(struct store *st, const struct params *p, size_t *nt);
/* The same, streaming the funnel table to o in format f (table_stream()). */
struct table **reports_build_stream(struct store *st, const struct params *p,
    size_t *nt, mops_out *o, enum out_format f);

/* ---- the scoring report (scoring.c) ---- */
/* Keeps a person's score (by outcome and creation period) in the store. */
void scoring_person(struct store *st, const struct params *p, struct mops_buf *k,
    const mops_json *rec);
/* Its three tables into out[0..3) (new); all: the store's sorted aggregates. */
size_t scoring_build(struct store *st, const struct params *p, struct agg **all,
    size_t nall, struct table **out);

/* helpers */
void period_label(enum period p, int64_t start, char *buf, size_t sz);
int64_t period_start(enum period p, int64_t sec);
int64_t period_next(enum period p, int64_t start);
const char *period_name(enum period p);

#endif
