#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "decode.h"
#include "input.h"
#include "opts.h"
#include "util.h"

#define IN_CHUNK (128 * 1024)

struct mops_in {
	int fd;
	char *name;
	int gzip, eof, raw_eof, err_set, data_err, started, toolong;
	z_stream z;
	unsigned char *zbuf;	/* compressed bytes (and the first read) */
	char *buf;		/* decoded bytes, handed out */
	size_t pos, end;
	const char *encoding;	/* --encoding, or NULL; borrowed */
	mops_decode *dec;	/* set when the text is not UTF-8 */
	char *cbuf;		/* bytes waiting to be decoded */
	size_t clen;
	long long decoded;	/* bytes consumed by the decoder */
	char *line;		/* current line */
	size_t linecap;
	long lineno;
	char errmsg[160];
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
	struct stat st;
	int fd;

	if (!path || strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = "stdin";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return NULL;
	/* A folder opens but cannot be read: refuse it here, so it is an input
	 * that cannot be opened (66), not a read error (74). */
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (fd != STDIN_FILENO)
			close(fd);
		errno = EISDIR;
		return NULL;
	}
	in = mops_xcalloc(1, sizeof(*in));
	in->fd = fd;
	in->name = mops_xstrdup(path);
	in->buf = mops_xmalloc(IN_CHUNK);
	in->encoding = mops_cfg.encoding;
	return in;
}

const char *mops_in_name(const mops_in *in) { return in->name; }
int mops_in_is_gzip(const mops_in *in) { return in->gzip; }
long mops_in_lineno(const mops_in *in) { return in->lineno; }
int mops_in_data_error(const mops_in *in) { return in->data_err; }
const char *mops_in_error(const mops_in *in)
{
	return in->err_set ? in->errmsg : "unknown error";
}

/* The file's bytes, gunzipped: up to cap into dst.  Returns the bytes, 0 at
 * the end, -1 on error. */
static long
bytes(mops_in *in, char *dst, size_t cap)
{
	ssize_t r;
	int zr;

	if (in->raw_eof)
		return 0;
	if (!in->gzip) {
		r = raw_read(in, dst, cap);
		if (r == 0)
			in->raw_eof = 1;
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
				in->raw_eof = 1;
				return 0;
			}
			in->z.next_in = in->zbuf;
			in->z.avail_in = (uInt)r;
		}
		in->z.next_out = (Bytef *)dst;
		in->z.avail_out = (uInt)cap;
		zr = inflate(&in->z, Z_NO_FLUSH);
		if (zr == Z_STREAM_END) {
			/* Another member may follow (cat a.gz b.gz). */
			size_t got = cap - in->z.avail_out;

			inflateReset(&in->z);
			in->z.total_in = in->z.total_out = 0;
			if (got)
				return (long)got;
			continue;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			set_error(in, "invalid gzip data");
			return -1;
		}
		if (in->z.avail_out < cap)
			return (long)(cap - in->z.avail_out);
	}
}

/*
 * The first read: gzip by its magic bytes, then the text's encoding by its
 * byte-order mark (removed), else --encoding, else UTF-8.  Leaves the first
 * decoded bytes in buf[pos..end) or, when decoding, the bytes in cbuf.
 */
static int
start(mops_in *in)
{
	const char *enc;
	size_t skip;
	long r;

	in->started = 1;
	in->zbuf = mops_xmalloc(IN_CHUNK);
	r = raw_read(in, in->zbuf, IN_CHUNK);
	if (r < 0)
		return -1;
	if (r >= 2 && in->zbuf[0] == 0x1f && in->zbuf[1] == 0x8b) {
		in->gzip = 1;
		memset(&in->z, 0, sizeof(in->z));
		if (inflateInit2(&in->z, 15 + 16) != Z_OK) {
			set_error(in, "cannot start gzip decoder");
			return -1;
		}
		in->z.next_in = in->zbuf;
		in->z.avail_in = (uInt)r;
		if ((r = bytes(in, in->buf, IN_CHUNK)) < 0)
			return -1;
	} else {
		memcpy(in->buf, in->zbuf, (size_t)r);
		if (r == 0)
			in->raw_eof = 1;
	}
	enc = mops_decode_bom(in->buf, (size_t)r, &skip);
	if (!enc)
		enc = in->encoding;
	if (!enc || mops_decode_is_utf8(enc)) {
		in->pos = skip;
		in->end = (size_t)r;
		return 0;
	}
	if (!(in->dec = mops_decode_new(enc))) {
		snprintf(in->errmsg, sizeof(in->errmsg), "unknown encoding '%s'", enc);
		in->err_set = in->data_err = 1;
		return -1;
	}
	in->cbuf = mops_xmalloc(IN_CHUNK);
	in->clen = (size_t)r - skip;
	memcpy(in->cbuf, in->buf + skip, in->clen);
	in->decoded = (long long)skip;
	in->pos = in->end = 0;
	return 0;
}

/* Decodes the next bytes into buf; bytes, 0 at the end, -1 on error. */
static long
decode(mops_in *in)
{
	for (;;) {
		size_t il, ol = IN_CHUNK;
		long r;
		int st;

		if (!in->raw_eof && in->clen < IN_CHUNK / 2) {
			r = bytes(in, in->cbuf + in->clen, IN_CHUNK - in->clen);
			if (r < 0)
				return -1;
			in->clen += (size_t)r;
		}
		if (in->clen == 0 && in->raw_eof)
			return 0;
		il = in->clen;
		st = mops_decode_run(in->dec, in->cbuf, &il, in->buf, &ol, in->raw_eof);
		memmove(in->cbuf, in->cbuf + il, in->clen - il);
		in->clen -= il;
		in->decoded += (long long)il;
		if (ol) {
			/* an error after these bytes shows on the next call */
			in->pos = 0;
			in->end = ol;
			return (long)ol;
		}
		if (st < 0) {
			snprintf(in->errmsg, sizeof(in->errmsg),
			    "not valid %s text (byte %lld); is --encoding right?",
			    mops_decode_name(in->dec), in->decoded + 1);
			in->err_set = in->data_err = 1;
			return -1;
		}
	}
}

/* Refill in->buf with decoded bytes; returns bytes added, 0 at end, -1 error. */
static long
fill(mops_in *in)
{
	long r;

	if (in->eof)
		return 0;
	if (!in->started) {
		if (start(in) < 0)
			return -1;
		if (in->end > in->pos)
			return (long)(in->end - in->pos);
	}
	r = in->dec ? decode(in) : bytes(in, in->buf, IN_CHUNK);
	if (r <= 0) {
		in->eof = r == 0;
		return r;
	}
	if (!in->dec) {
		in->pos = 0;
		in->end = (size_t)r;
	}
	return r;
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
	mops_decode_free(in->dec);
	free(in->cbuf);
	free(in->zbuf);
	free(in->buf);
	free(in->line);
	free(in->name);
	free(in);
}
