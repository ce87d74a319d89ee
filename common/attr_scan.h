/*
 * attr_scan.h - the fast path for reading records: picks the few top-level
 * fields mops-attribute needs out of one NDJSON line without building a tree.
 *
 * mops_attr_scan() checks the line's JSON grammar (strings, numbers, literals,
 * nesting up to 512) and copies the wanted fields, as NUL-terminated text, into
 * sc->buf (owned by the scanner, valid until the next call).  It returns 0, or
 * -1 whenever the line needs the full parser: invalid JSON, a wanted field with
 * an escape sequence, a wanted key given twice, a wanted field that is an object.
 * The caller then parses the line with mops_record_parse(), which rejects it
 * or returns the tree.  Keys that are not wanted are skipped after a grammar
 * check (their duplicates are not looked for).
 */
#ifndef MOPS_ATTR_SCAN_H
#define MOPS_ATTR_SCAN_H

#include <stddef.h>

enum {
	MOPS_AF_TYPE, MOPS_AF_ID, MOPS_AF_PERSON_ID, MOPS_AF_ACCOUNT_ID,
	MOPS_AF_OCCURRED_AT, MOPS_AF_CHANNEL, MOPS_AF_CAMPAIGN_ID, MOPS_AF_TOUCH_TYPE,
	MOPS_AF_AMOUNT, MOPS_AF_CREATED_AT, MOPS_AF_CLOSED_AT, MOPS_AF_PERSON_IDS,
	MOPS_AF_N
};

/* The fields of one record: NULL when absent, null or "". */
struct mops_attr_fields {
	const char *f[MOPS_AF_N];	/* MOPS_AF_PERSON_IDS unused here */
	const char **pids;		/* person_ids (borrowed) */
	size_t npids;
};

/* Start zeroed; mops_attr_scanner_free() releases its buffers. */
struct mops_attr_scanner {
	char *buf;
	size_t cap;
	size_t *pidoff;
	const char **pidv;
	size_t cappid, cappidv;
};

int mops_attr_scan(struct mops_attr_scanner *sc, const char *s, size_t n, struct mops_attr_fields *out);
void mops_attr_scanner_free(struct mops_attr_scanner *sc);

#endif
