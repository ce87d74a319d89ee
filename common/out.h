/*
 * out.h - the buffered writer every program writes its output through.
 *
 * Writes are buffered (64 KiB) and go to the file descriptor with write(2); a full
 * buffer goes out up to its last newline, so a killed program leaves whole lines
 * (unless one line is longer than the buffer).  Any
 * write error ends the program: "mops-X: NAME: write error: REASON" and exit
 * MOPS_EX_IOERR (74), except a reader that went away (EPIPE), which ends quietly
 * with status 141 as if SIGPIPE had been delivered (`mops-X | head`).
 * mops_out_close() flushes, closes and frees; the caller must call it (for stdout
 * too) so that late errors such as a full disk are seen.
 * Not thread-safe: one writer per thread.
 */
#ifndef MOPS_OUT_H
#define MOPS_OUT_H

#include <stddef.h>

#include "json.h"

typedef struct mops_out mops_out;

/* A writer on fd; name is used in error messages ("stdout"), copied. */
mops_out *mops_out_fd(int fd, const char *name);
/* A writer on a new file (created 0644, truncated); NULL with errno on failure. */
mops_out *mops_out_file(const char *path);
/* A writer into memory: every flush appends to b (borrowed; the caller owns
 * it).  For worker threads that format records for another to write. */
struct mops_buf;
mops_out *mops_out_mem(struct mops_buf *b);
/* The standard output, created on first use; closed by mops_out_close(). */
mops_out *mops_stdout(void);

void mops_out_write(mops_out *o, const void *p, size_t n);
void mops_out_putc(mops_out *o, int c);
void mops_out_puts(mops_out *o, const char *s);
void mops_out_printf(mops_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mops_out_flush(mops_out *o);
/* fsync(2) after flushing: for state files that must survive a crash. */
void mops_out_sync(mops_out *o);
void mops_out_close(mops_out *o);

/* JSON: compact, key order kept, numbers as stored.  _line adds "\n". */
void mops_out_json(mops_out *o, const mops_json *v);
void mops_out_json_line(mops_out *o, const mops_json *v);
void mops_out_json_string(mops_out *o, const char *s, size_t n);
void mops_out_real(mops_out *o, double d);	/* shortest round-trip */

/* Bytes written so far (after buffering), for --stats. */
unsigned long long mops_out_bytes(const mops_out *o);

#endif
