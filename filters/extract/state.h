/*
 * state.h - the --state file: one bookmark per stream, promoted atomically.
 *
 * Format (JSON): {"streams":{"hubspot.contacts":{"bookmark":"2026-11-01T00:00:00Z"}}}.
 * ex_state_load() reads it (a missing file is an empty state; a bad one exits
 * 78).  ex_state_note() keeps the largest time seen per stream during the run,
 * in memory only.  ex_state_commit() moves those into the document and writes
 * it: temporary file in the same folder, fsync, rename, fsync of the folder.
 * Call it only after every record was written and flushed.  Streams the run
 * did not touch are kept as they were.  The state owns all its strings.
 */
#ifndef MOPS_EXTRACT_STATE_H
#define MOPS_EXTRACT_STATE_H
#include <stdint.h>

struct ex_state;
struct ex_state *ex_state_load(const char *path);	/* path NULL: in memory only */
/* The stored bookmark of stream (borrowed) or NULL. */
const char *ex_state_bookmark(const struct ex_state *st, const char *stream);
/* Notes a time seen in this run (ms); the largest one wins. */
void ex_state_note(struct ex_state *st, const char *stream, int64_t ms);
/* Notes a bookmark that replaces the stored one whatever its value (text). */
void ex_state_set(struct ex_state *st, const char *stream, const char *bookmark);
/* Caps every noted time at ms (the run's --until). */
void ex_state_cap(struct ex_state *st, int64_t ms);
/* The document as compact JSON with the noted bookmarks applied (new string). */
char *ex_state_dumps(struct ex_state *st);
/* Applies the noted times and writes the file atomically (no-op without path). */
void ex_state_commit(struct ex_state *st);
void ex_state_free(struct ex_state *st);
#endif
