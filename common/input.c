#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"
#include "util.h"

#define IN_CHUNK (128 * 1024)

struct mops_in {
	int fd;
	char *name;
	int gzip, eof, err_set, started, toolong;
	z_stream z;
	unsigned char *zbuf;	/* compressed bytes */
	char *buf;		/* decoded bytes */
	size_t pos, end;
	char *line;		/* current line */
	size_t linecap;
	long lineno;
	char errmsg[128];
};

static void
set_error(mops_in *in, const char *msg)
{
	snprintf(in->errmsg, sizeof(in->errmsg), "%s", msg);
	in->err_set = 1;
}

static ssize_t
raw_read(mops_in *in, void *p, size_t n)
{
	ssize_t r;

	do
		r = read(in->fd, p, n);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		set_error(in, strerror(errno));
	return r;
}

mops_in *
mops_in_open(const char *path)
{
	mops_in *in;
	int fd;

	if (!path || strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = "stdin";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	in = mops_xcalloc(1, sizeof(*in));
	in->fd = fd;
	in->name = mops_xstrdup(path);
	in->buf = mops_xmalloc(IN_CHUNK);
	return in;
}

const char *mops_in_name(const mops_in *in) { return in->name; }
int mops_in_is_gzip(const mops_in *in) { return in->gzip; }
long mops_in_lineno(const mops_in *in) { return in->lineno; }
const char *mops_in_error(const mops_in *in)
{
	return in->err_set ? in->errmsg : "unknown error";
}

/* Refill in->buf with decoded bytes; returns bytes added, 0 at end, -1 error. */
static long
fill(mops_in *in)
{
	ssize_t r;
	int zr;

	if (in->eof)
		return 0;
	if (!in->started) {
		in->started = 1;
		r = raw_read(in, in->buf, IN_CHUNK);
		if (r < 0)
			return -1;
		if (r >= 2 && (unsigned char)in->buf[0] == 0x1f &&
		    (unsigned char)in->buf[1] == 0x8b) {
			in->gzip = 1;
			in->zbuf = mops_xmalloc(IN_CHUNK);
			memcpy(in->zbuf, in->buf, (size_t)r);
			memset(&in->z, 0, sizeof(in->z));
			if (inflateInit2(&in->z, 15 + 16) != Z_OK) {
				set_error(in, "cannot start gzip decoder");
				return -1;
			}
			in->z.next_in = in->zbuf;
			in->z.avail_in = (uInt)r;
		} else {
			size_t skip = 0;

			if (r >= 3 && memcmp(in->buf, "\xef\xbb\xbf", 3) == 0)
				skip = 3;
			in->pos = skip;
			in->end = (size_t)r;
			if (r == 0)
				in->eof = 1;
			return r - (long)skip;
		}
	}
	if (!in->gzip) {
		r = raw_read(in, in->buf, IN_CHUNK);
		if (r <= 0) {
			in->eof = r == 0;
			return r < 0 ? -1 : 0;
		}
		in->pos = 0;
		in->end = (size_t)r;
		return r;
	}
	for (;;) {
		if (in->z.avail_in == 0) {
			r = raw_read(in, in->zbuf, IN_CHUNK);
			if (r < 0)
				return -1;
			if (r == 0) {
				/* Clean end only between members. */
				if (in->z.total_in || in->z.total_out) {
					set_error(in, "truncated gzip data");
					return -1;
				}
				in->eof = 1;
				return 0;
			}
			in->z.next_in = in->zbuf;
			in->z.avail_in = (uInt)r;
		}
		in->z.next_out = (Bytef *)in->buf;
		in->z.avail_out = IN_CHUNK;
		zr = inflate(&in->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* Another member may follow (cat a.gz b.gz). */
			size_t got = IN_CHUNK - in->z.avail_out;

			inflateReset(&in->z);
			in->z.total_in = in->z.total_out = 0;
			if (got) {
				in->pos = 0;
				in->end = got;
				return (long)got;
			}
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			set_error(in, "invalid gzip data");
			return -1;
		}
		if (in->z.avail_out < IN_CHUNK) {
			in->pos = 0;
			in->end = IN_CHUNK - in->z.avail_out;
			return (long)in->end;
		}
	}
}

long
mops_in_read(mops_in *in, char *p, size_t n)
{
	size_t avail;
	long r;

	if (in->pos == in->end) {
		r = fill(in);
		if (r <= 0)
			return r;
	}
	avail = in->end - in->pos;
	if (n > avail)
		n = avail;
	memcpy(p, in->buf + in->pos, n);
	in->pos += n;
	return (long)n;
}

int
mops_in_skip_rest(mops_in *in, mops_in_sink sink, void *ctx)
{
	long r;

	for (;;) {
		char *nl;

		if (in->pos == in->end) {
			r = fill(in);
			if (r < 0)
				return MOPS_IN_ERROR;
			if (r == 0)
				break;
		}
		nl = memchr(in->buf + in->pos, '\n', in->end - in->pos);
		if (nl) {
			if (sink)
				sink(ctx, in->buf + in->pos, (size_t)(nl - (in->buf + in->pos)));
			in->pos = (size_t)(nl - in->buf) + 1;
			break;
		}
		if (sink)
			sink(ctx, in->buf + in->pos, in->end - in->pos);
		in->pos = in->end;
	}
	in->toolong = 0;
	return MOPS_IN_LINE;
}

int
mops_in_getline(mops_in *in, const char **line, size_t *len, size_t max)
{
	size_t n = 0;
	long r;

	if (in->toolong && mops_in_skip_rest(in, NULL, NULL) == MOPS_IN_ERROR)
		return MOPS_IN_ERROR;
	for (;;) {
		char *nl;
		size_t take;

		if (in->pos == in->end) {
			r = fill(in);
			if (r < 0)
				return MOPS_IN_ERROR;
			if (r == 0) {
				if (n == 0)
					return MOPS_IN_EOF;
				break;
			}
		}
		nl = memchr(in->buf + in->pos, '\n', in->end - in->pos);
		take = nl ? (size_t)(nl - (in->buf + in->pos)) : in->end - in->pos;
		if (n + take > max) {
			size_t room = max - n;

			in->line = mops_xgrow(in->line, &in->linecap, max + 1, 1);
			memcpy(in->line + n, in->buf + in->pos, room);
			in->pos += room;
			in->line[max] = '\0';
			in->lineno++;
			in->toolong = 1;
			*line = in->line;
			*len = max;
			return MOPS_IN_TOOLONG;
		}
		if (nl && n == 0) {
			/* The whole line is in the buffer: hand it out in place
			 * (its "\n" becomes the NUL), no copy. */
			char *l = in->buf + in->pos;

			in->pos += take + 1;
			if (take && l[take - 1] == '\r')
				take--;
			l[take] = '\0';
			in->lineno++;
			*line = l;
			*len = take;
			return MOPS_IN_LINE;
		}
		in->line = mops_xgrow(in->line, &in->linecap, n + take + 1, 1);
		memcpy(in->line + n, in->buf + in->pos, take);
		n += take;
		in->pos += take;
		if (nl) {
			in->pos++;
			break;
		}
	}
	if (n && in->line[n - 1] == '\r')
		n--;
	in->line[n] = '\0';
	in->lineno++;
	*line = in->line;
	*len = n;
	return MOPS_IN_LINE;
}

void
mops_in_close(mops_in *in)
{
	if (!in)
		return;
	if (in->gzip)
		inflateEnd(&in->z);
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->zbuf);
	free(in->buf);
	free(in->line);
	free(in->name);
	free(in);
}
