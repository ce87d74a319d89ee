#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

static void
reserve(struct mops_buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		b->s = mops_xgrow(b->s, &b->cap, b->len + extra + 1, 1);
}

void
mops_buf_add(struct mops_buf *b, const void *p, size_t n)
{
	reserve(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
mops_buf_addc(struct mops_buf *b, int c)
{
	reserve(b, 1);
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

void
mops_buf_adds(struct mops_buf *b, const char *s)
{
	mops_buf_add(b, s, strlen(s));
}

void
mops_buf_printf(struct mops_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
mops_buf_reset(struct mops_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *
mops_buf_detach(struct mops_buf *b)
{
	char *s = b->s ? b->s : mops_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
mops_buf_free(struct mops_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *
mops_buf_str(const struct mops_buf *b)
{
	return b->s ? b->s : "";
}
