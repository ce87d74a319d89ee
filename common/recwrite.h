/*
 * recwrite.h - write records as NDJSON, CSV or TSV (--to), for programs whose
 * records are flat enough for a table.
 *
 * mops_recwriter_new() borrows the output; the caller closes it after
 * mops_recwriter_free().  NDJSON writes each record as it is.  CSV and TSV write
 * a header row and one row per record: the columns are the ones given (a
 * comma-separated list, copied), else the canonical fields of the first record's
 * type (mops(7)), else the first record's own keys without `_` metadata.  A value
 * that is an object or an array is written as its JSON text; true/false/null as
 * words (null as an empty cell); numbers as written; text through csv.h, so
 * formula-like cells are neutralised.  Fields not among the columns are not
 * written: a table is a projection.
 */
#ifndef MOPS_RECWRITE_H
#define MOPS_RECWRITE_H

#include "json.h"
#include "opts.h"
#include "out.h"

typedef struct mops_recwriter mops_recwriter;

mops_recwriter *mops_recwriter_new(mops_out *o, enum mops_format fmt,
    const char *columns);
void mops_recwriter_write(mops_recwriter *w, const mops_json *rec);
void mops_recwriter_free(mops_recwriter *w);

#endif
