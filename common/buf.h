/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * A struct mops_buf starts zeroed (MOPS_BUF_INIT); it owns its bytes until
 * mops_buf_free() or mops_buf_detach(), which hands them to the caller (free()).
 * Appending never fails (out of memory dies, see util.h).
 */
#ifndef MOPS_BUF_H
#define MOPS_BUF_H

#include <stddef.h>

struct mops_buf {
	char *s;
	size_t len, cap;
};
#define MOPS_BUF_INIT { NULL, 0, 0 }

void mops_buf_add(struct mops_buf *b, const void *p, size_t n);
void mops_buf_addc(struct mops_buf *b, int c);
void mops_buf_adds(struct mops_buf *b, const char *s);
void mops_buf_printf(struct mops_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mops_buf_reset(struct mops_buf *b);	/* length 0, keeps memory */
char *mops_buf_detach(struct mops_buf *b);	/* caller frees; b is reset */
void mops_buf_free(struct mops_buf *b);
/* The contents as a C string ("" when empty); borrowed. */
const char *mops_buf_str(const struct mops_buf *b);

#endif
