#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit.h"
#include "buf.h"
#include "out.h"
#include "util.h"

#define OUT_BUFSZ (64 * 1024)

struct mops_out {
	int fd;
	struct mops_buf *mem;	/* memory writer: flushes append here */
	char *name;
	size_t len;
	unsigned long long total;
	char buf[OUT_BUFSZ + 8];	/* + 8: out_string reads words past the end */
};

static mops_out *std_out;

mops_out *
mops_out_fd(int fd, const char *name)
{
	mops_out *o = mops_xcalloc(1, sizeof(*o));	/* defined bytes for out_string */

	o->fd = fd;
	o->mem = NULL;
	o->name = mops_xstrdup(name);
	o->len = 0;
	o->total = 0;
	return o;
}

mops_out *
mops_out_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	return fd < 0 ? NULL : mops_out_fd(fd, path);
}

mops_out *
mops_stdout(void)
{
	if (!std_out)
		std_out = mops_out_fd(STDOUT_FILENO, "stdout");
	return std_out;
}

static void
write_error(mops_out *o)
{
	if (errno == EPIPE)
		_exit(141);
	mops_die_errno(MOPS_EX_IOERR, "%s: write error", o->name);
}

mops_out *
mops_out_mem(struct mops_buf *b)
{
	mops_out *o = mops_out_fd(-1, "memory");

	o->mem = b;
	return o;
}

static void
drain(mops_out *o, const char *p, size_t n)
{
	if (o->mem) {
		mops_buf_add(o->mem, p, n);
		return;
	}
	while (n) {
		ssize_t w = write(o->fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			write_error(o);
		}
		p += w;
		n -= (size_t)w;
	}
}

void
mops_out_flush(mops_out *o)
{
	drain(o, o->buf, o->len);
	o->len = 0;
}

/*
 * A full buffer goes out up to its last newline; the unfinished line stays
 * for the next write.  So a program killed mid-run leaves whole lines behind
 * (what a restart or a reader of the partial file can trust), unless a single
 * line is longer than the buffer.
 */
static void
spill(mops_out *o)
{
	size_t end = o->len, keep;

	while (end > 0 && o->buf[end - 1] != '\n')
		end--;
	if (o->mem || end == 0) {
		mops_out_flush(o);
		return;
	}
	keep = o->len - end;
	drain(o, o->buf, end);
	memmove(o->buf, o->buf + end, keep);
	o->len = keep;
}

void
mops_out_write(mops_out *o, const void *p, size_t n)
{
	o->total += n;
	if (o->len + n > OUT_BUFSZ) {
		spill(o);
		if (o->len + n <= OUT_BUFSZ) {
			memcpy(o->buf + o->len, p, n);
			o->len += n;
			return;
		}
		mops_out_flush(o);
		if (n >= OUT_BUFSZ) {
			drain(o, p, n);
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

void
mops_out_putc(mops_out *o, int c)
{
	if (o->len == OUT_BUFSZ)
		spill(o);
	if (o->len == OUT_BUFSZ)
		mops_out_flush(o);
	o->buf[o->len++] = (char)c;
	o->total++;
}

void
mops_out_puts(mops_out *o, const char *s)
{
	mops_out_write(o, s, strlen(s));
}

void
mops_out_printf(mops_out *o, const char *fmt, ...)
{
	char small[512], *heap;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		mops_out_write(o, small, (size_t)n);
		return;
	}
	heap = mops_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(heap, (size_t)n + 1, fmt, ap);
	va_end(ap);
	mops_out_write(o, heap, (size_t)n);
	free(heap);
}

void
mops_out_sync(mops_out *o)
{
	mops_out_flush(o);
	if (fsync(o->fd) < 0 && errno != EINVAL && errno != EROFS)
		write_error(o);
}

void
mops_out_close(mops_out *o)
{
	if (!o)
		return;
	mops_out_flush(o);
	if (o->fd >= 0 && close(o->fd) < 0 && errno != EINTR)
		write_error(o);
	if (o == std_out)
		std_out = NULL;
	free(o->name);
	free(o);
}

static void
out_sink(void *ctx, const char *p, size_t n)
{
	mops_out_write(ctx, p, n);
}

/* 1 if d[0..n), just copied into the buffer, needs no escaping.  Words are read
 * up to 7 bytes past the end (the buffer has room and its bytes are defined);
 * flags for those bytes are masked off: the lowest flagged byte is exact, as
 * borrows only run upwards. */
static int
plain_copy(const char *d, size_t n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint64_t w, q, b, m;

		memcpy(&w, d + i, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		m = (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w)) &
		    highs;
		if (n - i < 8)
			m &= ((uint64_t)1 << ((n - i) * 8)) - 1;
		if (m)
			return 0;
	}
	return 1;
#else
	return mops_json_plain_run(d, n) == n;
#endif
}

/* The hot path of every filter: strings go straight into the buffer. */
static void
out_string(mops_out *o, const char *s, size_t n)
{
	char *d;

	if (o->len + n + 2 > OUT_BUFSZ) {
		mops_json_dump_string(s, n, out_sink, o);
		return;
	}
	d = o->buf + o->len + 1;
	memcpy(d, s, n);
	if (!plain_copy(d, n)) {
		mops_json_dump_string(s, n, out_sink, o);
		return;
	}
	d[-1] = '"';
	d[n] = '"';
	o->len += n + 2;
	o->total += n + 2;
}

/* A member's key: the ',' before it (unless first), the key, the ':' after,
 * into the buffer at once as out_string() does. */
static void
out_key(mops_out *o, int comma, const char *s, size_t n)
{
	char *d;
	size_t adv = (size_t)comma + n + 3;

	if (o->len + n + 4 <= OUT_BUFSZ) {
		d = o->buf + o->len;
		if (comma)
			*d++ = ',';
		memcpy(d + 1, s, n);
		if (plain_copy(d + 1, n)) {
			d[0] = '"';
			d[n + 1] = '"';
			d[n + 2] = ':';
			o->len += adv;
			o->total += adv;
			return;
		}
	}
	if (comma)
		mops_out_putc(o, ',');
	out_string(o, s, n);
	mops_out_putc(o, ':');
}

static void
out_value(mops_out *o, const mops_json *v)
{
	size_t i;

	switch (v->type) {
	case MOPS_JSTRING:
		out_string(o, v->u.s, v->len);
		break;
	case MOPS_JARRAY:
		mops_out_putc(o, '[');
		for (i = 0; i < v->len; i++) {
			if (i)
				mops_out_putc(o, ',');
			out_value(o, v->u.items[i]);
		}
		mops_out_putc(o, ']');
		break;
	case MOPS_JOBJECT:
		mops_out_putc(o, '{');
		for (i = 0; i < v->len; i++) {
			out_key(o, i > 0, v->u.members[i].key, v->u.members[i].klen);
			out_value(o, v->u.members[i].val);
		}
		mops_out_putc(o, '}');
		break;
	default:
		mops_json_dump(v, out_sink, o);
	}
}

void
mops_out_json(mops_out *o, const mops_json *v)
{
	out_value(o, v);
}

void
mops_out_json_line(mops_out *o, const mops_json *v)
{
	out_value(o, v);
	mops_out_putc(o, '\n');
}

void
mops_out_json_string(mops_out *o, const char *s, size_t n)
{
	out_string(o, s, n);
}

void
mops_out_real(mops_out *o, double d)
{
	char b[32];
	size_t n = mops_fmt_real(d, b);

	mops_out_write(o, b, n);
}

unsigned long long
mops_out_bytes(const mops_out *o)
{
	return o->total;
}
