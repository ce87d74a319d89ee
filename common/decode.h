/*
 * decode.h - text in another encoding turned into UTF-8 as it streams (iconv).
 *
 * Spreadsheet exports arrive as UTF-16 ("Unicode text", with a byte-order
 * mark) or Windows-1252; every program reads UTF-8.  mops_decode_bom() names
 * the encoding a byte-order mark at p declares; mops_decode_new() starts a
 * decoder (new; mops_decode_free() frees it) and mops_decode_run() converts a
 * chunk, keeping a sequence split across two chunks for the next call.
 */
#ifndef MOPS_DECODE_H
#define MOPS_DECODE_H

#include <stddef.h>

typedef struct mops_decode mops_decode;

/* "UTF-8", "UTF-16LE" or "UTF-16BE" (static) with *len the mark's length, or
 * NULL (*len 0) when p[0..n) starts with no byte-order mark. */
const char *mops_decode_bom(const void *p, size_t n, size_t *len);

/* 1 when name is UTF-8 under any spelling (no conversion needed). */
int mops_decode_is_utf8(const char *name);

/* NULL when iconv does not know the encoding (errno EINVAL). */
mops_decode *mops_decode_new(const char *name);
/* The encoding's name as given (borrowed). */
const char *mops_decode_name(const mops_decode *d);

/*
 * Converts from in[0..*inlen) into out[0..*outlen): on return *inlen is the
 * bytes consumed and *outlen the bytes written.  Returns 0, or -1 when the
 * input holds a byte sequence that is not valid in the encoding (or, when
 * final, ends inside one): what came before it was converted.
 */
int mops_decode_run(mops_decode *d, const char *in, size_t *inlen, char *out,
    size_t *outlen, int final);

void mops_decode_free(mops_decode *d);

#endif
