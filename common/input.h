/*
 * input.h - an input file read as bytes or lines; gzip is detected by its magic
 * bytes (1f 8b) and inflated on the fly, whatever the file is called.
 *
 * mops_in_open() returns a new reader (NULL with errno set when the file cannot
 * be opened); "-" or NULL means standard input.  mops_in_close() frees it.
 *
 * Line policy (shared by every program, documented in mops(7)):
 * - a line ends at "\n"; a "\r" before it is removed (CRLF files);
 * - a byte-order mark at the very start of a file is removed; UTF-16 (LE or BE,
 *   by its mark) and the encoding of --encoding (mops_cfg.encoding, read when
 *   the file is opened) are decoded to UTF-8 (decode.h); a mark wins over
 *   --encoding.  Bytes that are not valid in that encoding end the file with
 *   MOPS_IN_ERROR and mops_in_data_error() true;
 * - a folder is refused by mops_in_open() (errno EISDIR);
 * - a last line without "\n" is a line like any other;
 * - a line longer than the cap is not returned whole: mops_in_getline() returns
 *   MOPS_IN_TOOLONG with the first `max` bytes, and the rest of that line is
 *   consumed by the next call (or passed to a sink by mops_in_skip_rest()).
 */
#ifndef MOPS_INPUT_H
#define MOPS_INPUT_H

#include <stddef.h>

typedef struct mops_in mops_in;

enum {
	MOPS_IN_EOF = 0,
	MOPS_IN_LINE = 1,
	MOPS_IN_ERROR = -1,	/* read or decompression error: see mops_in_error() */
	MOPS_IN_TOOLONG = -2
};

mops_in *mops_in_open(const char *path);
/* "stdin" or the path given; borrowed. */
const char *mops_in_name(const mops_in *in);
int mops_in_is_gzip(const mops_in *in);

/*
 * Reads the next line into an internal buffer: *line (borrowed, valid until the
 * next call, NUL-terminated) and *len.  Returns MOPS_IN_LINE, MOPS_IN_EOF,
 * MOPS_IN_ERROR or MOPS_IN_TOOLONG (line over max bytes; see above).
 */
int mops_in_getline(mops_in *in, const char **line, size_t *len, size_t max);
/* After MOPS_IN_TOOLONG: consume the rest of that line, giving it to sink. */
typedef void (*mops_in_sink)(void *ctx, const char *p, size_t n);
int mops_in_skip_rest(mops_in *in, mops_in_sink sink, void *ctx);
/* Line number of the last line returned, from 1. */
long mops_in_lineno(const mops_in *in);

/* Raw bytes (after gunzip, after the BOM): returns bytes read, 0 at end, -1 on error. */
long mops_in_read(mops_in *in, char *buf, size_t n);
/* The last error, as text ("Input/output error", "invalid gzip data"). */
const char *mops_in_error(const mops_in *in);
/* 1 when the last error is the data's (not valid in its encoding), not I/O's. */
int mops_in_data_error(const mops_in *in);

void mops_in_close(mops_in *in);

#endif
