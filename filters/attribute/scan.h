/*
 * scan.h - the fast path for reading records: picks the few top-level fields
 * mops-attribute needs out of one NDJSON line without building a tree.
 *
 * scan_record() checks the line's JSON grammar (strings, numbers, literals,
 * nesting up to 512) and copies the wanted fields, as NUL-terminated text, into
 * sc->buf (owned by the scanner, valid until the next call).  It returns 0, or
 * -1 whenever the line needs the full parser: invalid JSON, a wanted field with
 * an escape sequence, a wanted key given twice, a wanted field that is an object.
 * The caller then parses the line with mops_record_parse(), which rejects it
 * or returns the tree.  Keys that are not wanted are skipped after a grammar
 * check (their duplicates are not looked for).
 */
#ifndef ATTR_SCAN_H
#define ATTR_SCAN_H

#include <stddef.h>

enum {
	F_TYPE, F_ID, F_PERSON_ID, F_ACCOUNT_ID, F_OCCURRED_AT, F_CHANNEL,
	F_CAMPAIGN_ID, F_TOUCH_TYPE, F_AMOUNT, F_CREATED_AT, F_CLOSED_AT,
	F_PERSON_IDS, NFIELDS
};

/* The fields of one record: NULL when absent, null or "". */
struct fields {
	const char *f[NFIELDS];		/* F_PERSON_IDS unused here */
	const char **pids;		/* person_ids (borrowed) */
	size_t npids;
};

struct scanner {
	char *buf;
	size_t cap;
	size_t *pidoff;
	const char **pidv;
	size_t cappid, cappidv;
};

int scan_record(struct scanner *sc, const char *s, size_t n, struct fields *out);
void scanner_free(struct scanner *sc);

#endif
