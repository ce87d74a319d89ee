/*
 * extract.h - the modules of mops-extract and the run they share.
 *
 * main.c fills a struct ex_run from the command line and calls one vendor's
 * entry point (ex_hubspot(), ex_salesforce(), ...).  Vendors fetch pages
 * through http.c, hand each record to ex_emit() (which steals it), note the
 * bookmark of every record with ex_note(), and return; main.c then flushes
 * stdout and only then promotes the state file (state.c).
 *
 * Times are int64 milliseconds since the epoch (UTC); EX_NO_TIME means unset.
 * Anything that fails for good ends the program through ex_fail(), which
 * flushes the records already written (they are valid output: delivery is
 * at-least-once) and exits without touching the state file.
 */
#ifndef MOPS_EXTRACT_H
#define MOPS_EXTRACT_H
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include "buf.h"
#include "json.h"
#include "out.h"

#define EX_NO_TIME INT64_MIN

enum { EX_BULK_NEVER = -1, EX_BULK_AUTO = 0, EX_BULK_ALWAYS = 1 };
/* Salesforce's Bulk API 2.0 query guide: bulk queries are meant for
 * "10,000 records or more" */
#define EX_BULK_THRESHOLD 10000

struct ex_state;

struct ex_run {
	const char *vendor, *object;
	const char *base_url;		/* --base-url, or NULL: the vendor's env/default */
	const char *state_path;
	int64_t since, until;		/* --since/--until, or EX_NO_TIME */
	int64_t lookback;		/* ms subtracted from a stored bookmark */
	int64_t now;			/* run time (MOPS_NOW / --now) */
	char now_text[40];		/* now as RFC 3339 Z, the _extracted_at value */
	int singer, dry_run, verbose;
	int archived, deleted;
	int bulk;			/* --bulk: EX_BULK_AUTO (default), _ALWAYS, _NEVER */
	long long bulk_threshold;	/* salesforce auto: Bulk API 2.0 above this many rows */
	long page_size;			/* 0: vendor default */
	const char *properties;		/* hubspot --properties a,b (NULL: all) */
	const char *associations;	/* hubspot --associations contacts,companies */
	const char *soql, *fields;	/* salesforce */
	const char *api_version;	/* salesforce, "v59.0" */
	double max_api_usage;		/* salesforce: stop at this share of the daily limit */
	const char *filter_type, *filter_values, *activity_types;	/* marketo */
	const char *dimensions, *metrics, *property;	/* ga4 */
	const char *date_ranges[4];	/* ga4 --date-range START,END[,NAME] (GA4 takes 4) */
	int ndate_ranges;
	/* rest */
	const char *url, *records_ptr, *cursor_field, *cursor_param, *next_field;
	const char *offset_param, *limit_param, *stream, *auth_header;
	int link_header;
	/* files */
	char **paths;
	int npaths;
	long long max_bytes;
	double max_ratio;
	const char *format;		/* file --format csv|tsv|ndjson|json (NULL: by name) */
	struct ex_state *state;
	mops_out *out;
	unsigned long long nrec;
};

/* main.c */
noreturn void ex_fail(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), __noreturn__));

/* emit.c: writes rec (stolen) with _stream and _extracted_at, as NDJSON or a
 * Singer RECORD; key names the record's primary key for Singer SCHEMA. */
void ex_emit(struct ex_run *run, const char *stream, const char *key, mops_json *rec);
/* Singer STATE message (no-op for NDJSON). */
void ex_emit_state(struct ex_run *run);

/* time.c */
/* Parses a vendor or user timestamp into ms; -1 if invalid. */
int ex_time_parse(const char *s, int64_t *ms);
/* RFC 3339 Z, milliseconds only when not whole; buf >= 40. */
void ex_time_fmt(int64_t ms, char *buf, size_t n);
/* Where an incremental stream starts: --since, else bookmark - lookback, else
 * EX_NO_TIME (full sync). */
int64_t ex_start(struct ex_run *run, const char *stream);
/* The run's upper bound: --until, or EX_NO_TIME. */
/* Records a record's modification time (text) for stream's next bookmark. */
void ex_note(struct ex_run *run, const char *stream, const char *ts);
void ex_note_ms(struct ex_run *run, const char *stream, int64_t ms);
/* Sets stream's next bookmark to text, whatever was stored. */
void ex_state_set_text(struct ex_run *run, const char *stream, const char *text);

/* auth.c: secrets from the environment or the --token-file (0600). */
void ex_secrets_load(const char *token_file);
/* The secret's value (borrowed) or NULL. */
const char *ex_secret(const char *name);
/* Same, but a missing secret ends the run with 78. */
const char *ex_secret_need(const char *name);
/* Remembers a value (token) so that every trace redacts it; copied. */
void ex_secret_add(const char *value);
/* A new string: s with every known secret and secret query parameter replaced
 * by REDACTED. */
char *ex_redact(const char *s);
/* The vendor's base URL: --base-url, MOPS_<VENDOR>_BASE_URL, or dflt. */
const char *ex_base_url(struct ex_run *run, const char *env, const char *dflt);

/* vendors */
void ex_hubspot(struct ex_run *run);
void ex_salesforce(struct ex_run *run);
void ex_marketo(struct ex_run *run);
void ex_ga4(struct ex_run *run);
void ex_rest(struct ex_run *run);
void ex_files(struct ex_run *run);

/* util in emit.c: URL-encode s into b; a mops_json_sink appending to a buf. */
void ex_buf_sink(void *buf, const char *p, size_t n);
void ex_urlenc(struct mops_buf *b, const char *s);
#endif
