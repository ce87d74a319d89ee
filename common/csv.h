/*
 * csv.h - RFC 4180 CSV (and TSV) reading and writing.
 *
 * Reader: mops_csv_new() borrows an open mops_in (the caller closes it after
 * mops_csv_free()).  mops_csv_next() returns the fields of the next row in
 * arrays owned by the reader, valid until the next call.  Quoted fields may hold
 * the delimiter, "" and newlines; CRLF and LF both end rows; NUL bytes are
 * stripped; a BOM at the start is removed by mops_in.  A quote inside an
 * unquoted field is kept as a character.  An unterminated quote at the end of
 * the input is an error.  Blank lines are skipped.
 *
 * Writer: fields are quoted when they hold the delimiter, a quote, CR or LF, or
 * start or end with a space.  Text cells that start with = @ TAB or CR, or with
 * + or - followed by anything but digits, spaces and . ( ) -, are prefixed with
 * a single quote, so a spreadsheet never runs them as formulas (OWASP's
 * CSV-injection advice); phone numbers such as +1 (212) 555-0100 and cells
 * written as numbers are left alone.
 * Rows end with CRLF, as RFC 4180 says.
 */
#ifndef MOPS_CSV_H
#define MOPS_CSV_H

#include <stddef.h>

#include "input.h"
#include "out.h"

typedef struct mops_csv mops_csv;

/* delim 0: sniffed from the first line (, ; TAB |), see mops_csv_delimiter(). */
mops_csv *mops_csv_new(mops_in *in, char delim);
/* The delimiter of text whose first line is p[0..n): the one of , ; TAB | seen
 * most often outside quotes on it (the header); a comma on a tie or when none is
 * seen.  European Excel writes ";". */
char mops_csv_sniff(const char *p, size_t n);
/* The delimiter in use (after the first mops_csv_next() when sniffed). */
char mops_csv_delimiter(const mops_csv *c);
/* 1: a row in *fields and *lens (n fields); 0: end of input; -1: error (message in
 * mops_csv_error()). */
int mops_csv_next(mops_csv *c, char ***fields, size_t **lens, size_t *n);
/* Line number (from 1) where the last row started. */
long mops_csv_line(const mops_csv *c);
const char *mops_csv_error(const mops_csv *c);
/* The raw bytes of the last row, for --rejects; borrowed. */
const char *mops_csv_raw(const mops_csv *c, size_t *len);
void mops_csv_free(mops_csv *c);

/* Writes one field; `first` is nonzero for a row's first field, `number`
 * nonzero for a numeric cell (not neutralised). */
void mops_csv_field(mops_out *o, const char *s, size_t n, char delim, int first,
    int number);
void mops_csv_end_row(mops_out *o);

#endif
