/*
 * record.h - read records, one JSON object per line (or one CSV/TSV row), from a
 * list of files or standard input.
 *
 * mops_reader_open() takes the FILE arguments (none, or "-", is stdin) and the
 * input format.  mops_reader_next() returns a new reference to the next record,
 * or NULL at the end of all input; the caller releases it with mops_json_free().
 * Lines that are not a JSON object (invalid JSON, arrays, scalars, invalid
 * UTF-8, NUL bytes, nesting past 512, duplicate keys, lines over --max-line)
 * are rejected through reject.h and never returned.  Blank lines are skipped.
 * CSV/TSV rows become objects keyed by the header row, every value a string
 * (empty cells are ""), in column order; a row with more non-empty fields than
 * the header is rejected.
 * A file that cannot be opened is reported ("mops-X: FILE: No such file...")
 * and skipped; mops_reader_close() then returns MOPS_EX_NOINPUT.  A read error
 * ends that file with a message and makes the status MOPS_EX_IOERR.
 */
#ifndef MOPS_RECORD_H
#define MOPS_RECORD_H

#include <stddef.h>

#include "json.h"
#include "opts.h"

typedef struct mops_reader mops_reader;

/* files: argv-style list of nfiles names (borrowed for the reader's life). */
mops_reader *mops_reader_open(char **files, int nfiles, enum mops_format fmt);
mops_json *mops_reader_next(mops_reader *r);
/* Where the last record came from: file name ("stdin") and line number. */
const char *mops_reader_file(const mops_reader *r);
long mops_reader_line(const mops_reader *r);
/* The raw text of the last record (a line, or a CSV row); borrowed. */
const char *mops_reader_raw(const mops_reader *r, size_t *len);
/* Records returned so far. */
unsigned long long mops_reader_count(const mops_reader *r);
/* For CSV input: the header of the current file (borrowed), or NULL. */
char **mops_reader_header(const mops_reader *r, size_t *n);
/* Frees; returns 0, MOPS_EX_NOINPUT or MOPS_EX_IOERR. */
int mops_reader_close(mops_reader *r);

/*
 * The next line of a record file, for programs with their own field pickers:
 * skips blank lines, rejects lines over --max-line (reported, copied whole to
 * --rejects, counted), and on a read error prints "FILE:LINE: read error".
 * Returns MOPS_IN_LINE (*line borrowed until the next call), MOPS_IN_EOF or
 * MOPS_IN_ERROR; mops_in_lineno(in) is the line's number.
 */
struct mops_in;
int mops_record_line(struct mops_in *in, const char **line, size_t *len);

/* Parses one line as a record object, rejecting it (with file:line) if it is not
 * one; for programs that read lines themselves (worker threads). */
mops_json *mops_record_parse(const char *line, size_t len, const char *file,
    long lineno);

#endif
