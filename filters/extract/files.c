/*
 * files.c - `mops-extract file PATH...`: CSV, TSV, NDJSON and JSON-array export
 * files, plain, gzip'ed, or inside zip/tar archives.
 *
 * Files and archive members are streamed through a window of a few rows, in
 * memory (never extracted to disk), so memory does not grow with the file.
 * Against decompression bombs every inflated member is capped (--max-bytes,
 * default 1 GiB; plain files only when --max-bytes is given) and, past 1 MiB,
 * the inflated size may be at most --max-ratio (200) times the file's size.  Each file or member is its own stream,
 * "file.<name>" with name the base name without extensions.  CSV and TSV rows
 * become objects keyed by the header row (every value a string); a report
 * footer (a blank row, then single-cell rows, as Salesforce report exports
 * end) is dropped.  Bad NDJSON lines and bad rows are rejected (exit 65).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include "csv.h"
#include "decode.h"
#include "exit.h"
#include "opts.h"
#include "record.h"
#include "reject.h"
#include "utf8.h"
#include "util.h"
#include "extract.h"

enum kind { K_CSV, K_TSV, K_NDJSON, K_JSON };

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* "dir/Leads Export.csv.gz" -> "Leads Export" */
static char *
stem(const char *path)
{
	const char *b = strrchr(path, '/');
	char *s = mops_xstrdup(b ? b + 1 : path), *dot;

	while ((dot = strrchr(s, '.')) && dot != s) {
		if (!strcasecmp(dot, ".gz") || !strcasecmp(dot, ".csv") || !strcasecmp(dot, ".tsv") ||
		    !strcasecmp(dot, ".tab") || !strcasecmp(dot, ".json") || !strcasecmp(dot, ".ndjson") ||
		    !strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".txt") || !strcasecmp(dot, ".zip") ||
		    !strcasecmp(dot, ".tar") || !strcasecmp(dot, ".tgz") || !strcasecmp(dot, ".bz2") ||
		    !strcasecmp(dot, ".xz"))
			*dot = 0;
		else
			break;
	}
	return s;
}

static enum kind
guess(const char *name, const char *fmt, const char *p, size_t n)
{
	size_t i;
	char *base = mops_xstrdup(name);
	enum kind k;

	if (fmt) {
		free(base);
		if (!strcmp(fmt, "csv")) return K_CSV;
		if (!strcmp(fmt, "tsv")) return K_TSV;
		if (!strcmp(fmt, "ndjson")) return K_NDJSON;
		return K_JSON;
	}
	if (has_suffix(base, ".gz"))
		base[strlen(base) - 3] = 0;
	if (has_suffix(base, ".csv")) k = K_CSV;
	else if (has_suffix(base, ".tsv") || has_suffix(base, ".tab")) k = K_TSV;
	else if (has_suffix(base, ".ndjson") || has_suffix(base, ".jsonl")) k = K_NDJSON;
	else if (has_suffix(base, ".json")) k = K_JSON;
	else {
		/* by content: [ = JSON array, { = NDJSON, a tab in line 1 = TSV */
		for (i = 0; i < n && strchr(" \t\r\n", p[i]); i++)
			;
		if (i < n && p[i] == '[') k = K_JSON;
		else if (i < n && p[i] == '{') k = K_NDJSON;
		else {
			k = K_CSV;
			for (i = 0; i < n && p[i] != '\n'; i++)
				if (p[i] == '\t') {
					k = K_TSV;
					break;
				}
		}
	}
	free(base);
	return k;
}


/*
 * One RFC 4180 row of p[0..n) from *pos (advanced): fields are unquoted into
 * b (NUL after each) at f[i].off, f[i].len; *line counts rows.  Returns 1, 0
 * at the end, -1 on an unterminated quote.  (Not common/csv.h's reader: the
 * window parser must see blank rows, which end a report's data.)
 */
struct ex_field {
	size_t off, len;
};

static int
ex_csv_row(const char *p, size_t n, size_t *pos, char delim, struct mops_buf *b,
    struct ex_field **f, size_t *nf, size_t *cap, long *line)
{
	size_t i = *pos;

	if (i >= n)
		return 0;
	mops_buf_reset(b);
	*nf = 0;
	for (;;) {
		*f = mops_xgrow(*f, cap, *nf + 1, sizeof(**f));
		(*f)[*nf].off = b->len;
		if (i < n && p[i] == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return -1;	/* unterminated quote */
				if (p[i] == '"') {
					if (i + 1 < n && p[i + 1] == '"') {
						mops_buf_addc(b, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (p[i] == '\n')
					(*line)++;
				mops_buf_addc(b, p[i++]);
			}
		}
		while (i < n && p[i] != delim && p[i] != '\n' && p[i] != '\r') {
			if (p[i])
				mops_buf_addc(b, p[i]);
			i++;
		}
		(*f)[*nf].len = b->len - (*f)[*nf].off;
		mops_buf_addc(b, 0);
		(*nf)++;
		if (i < n && p[i] == delim) {
			i++;
			continue;
		}
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
		break;
	}
	(*line)++;
	*pos = i;
	return 1;
}

/*
 * A byte source read through a sliding window, so a file of any size is parsed
 * in memory bounded by its longest row: the parsers look at buf[start..len)
 * and ask for more with more() when a row may not be complete yet.
 */
struct src {
	FILE *f;			/* plain file, or NULL */
	struct archive *a;		/* archive member, or NULL (both NULL: pre only) */
	const char *pre;		/* bytes peeked from f before parsing began */
	size_t npre;
	char *buf;
	size_t start, len, cap;
	int eof;
	long long total, limit;		/* bytes delivered; --max-bytes */
	long long packed;		/* compressed size for the ratio check, 0: none */
	const struct ex_run *run;
	const char *file, *name;
	mops_decode *dec;		/* not UTF-8: decoded as read */
	char *dbuf;			/* raw bytes waiting to be decoded */
	size_t dlen, dcap;
	int draw_eof;
	long long dpos;			/* raw bytes decoded so far */
};

/* The source's raw bytes: up to want into dst; 0 at the end. */
static size_t
raw_more(struct src *s, char *dst, size_t want)
{
	size_t got = 0;

	if (s->npre) {
		got = s->npre < want ? s->npre : want;
		memcpy(dst, s->pre, got);
		s->pre += got;
		s->npre -= got;
	} else if (s->f) {
		got = fread(dst, 1, want, s->f);
		if (!got && ferror(s->f))
			ex_fail(MOPS_EX_IOERR, "%s: read error: %s", s->file, strerror(errno));
	} else if (s->a) {
		la_ssize_t r = archive_read_data(s->a, dst, want);
		if (r < 0)
			ex_fail(MOPS_EX_DATAERR, "%s: %s: %s", s->file, s->name,
			    archive_error_string(s->a));
		got = (size_t)r;
	}
	return got;
}

/* The source's bytes decoded to UTF-8: up to want into dst; 0 at the end. */
static size_t
decoded_more(struct src *s, char *dst, size_t want)
{
	for (;;) {
		size_t il, ol = want;
		int st;

		if (!s->draw_eof && s->dlen < s->dcap / 2) {
			size_t got = raw_more(s, s->dbuf + s->dlen, s->dcap - s->dlen);

			if (!got)
				s->draw_eof = 1;
			s->dlen += got;
		}
		if (!s->dlen && s->draw_eof)
			return 0;
		il = s->dlen;
		st = mops_decode_run(s->dec, s->dbuf, &il, dst, &ol, s->draw_eof);
		memmove(s->dbuf, s->dbuf + il, s->dlen - il);
		s->dlen -= il;
		s->dpos += (long long)il;
		if (ol)
			return ol;
		if (st < 0)
			ex_fail(MOPS_EX_DATAERR, "%s: not valid %s text (byte %lld); "
			    "is --encoding right?", s->name, mops_decode_name(s->dec),
			    s->dpos + 1);
	}
}

/* Reads more bytes into the window (keeping buf[start..len)); 0 at the end. */
static int
more(struct src *s)
{
	size_t want, got;

	if (s->eof)
		return 0;
	if (s->start > 0 && s->start >= s->len / 2) {
		memmove(s->buf, s->buf + s->start, s->len - s->start);
		s->len -= s->start;
		s->start = 0;
	}
	/* read at least as much as is held: a long row costs linear time */
	want = s->len - s->start > 65536 ? s->len - s->start : 65536;
	s->buf = mops_xgrow(s->buf, &s->cap, s->len + want + 1, 1);
	got = s->dec ? decoded_more(s, s->buf + s->len, want) :
	    raw_more(s, s->buf + s->len, want);
	if (!got) {
		s->eof = 1;
		return 0;
	}
	s->total += (long long)got;
	if (s->total > s->limit)
		ex_fail(MOPS_EX_DATAERR, "%s: %s%slarger than %lld bytes (--max-bytes)", s->file,
		    s->name != s->file ? s->name : "", s->name != s->file ? ": " : "", s->limit);
	if (s->packed && s->total > (1 << 20) && (double)s->total > s->run->max_ratio *
	    (double)s->packed)
		ex_fail(MOPS_EX_DATAERR, "%s: inflates more than %g times (--max-ratio): "
		    "refusing a likely decompression bomb", s->file, s->run->max_ratio);
	s->len += got;
	s->buf[s->len] = 0;
	return 1;
}

static void
src_done(struct src *s)
{
	free(s->buf);
	free(s->dbuf);
	mops_decode_free(s->dec);
}

/* A row longer than --max-line cannot be held: the file is refused. */
static void
row_cap(struct src *s, long line)
{
	if (s->len - s->start > mops_cfg.max_line)
		ex_fail(MOPS_EX_DATAERR, "%s:%ld: a row longer than %zu bytes (--max-line)",
		    s->name, line, mops_cfg.max_line);
}

static void
do_csv(struct ex_run *run, struct src *s, const char *stream, char delim)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_field *f = NULL;
	size_t nf, cap = 0, pos, nh = 0, i, n;
	char **hdr = NULL;
	const char *p, *file = s->name;
	long line = 0, rowline, before;
	int rc, blank, saw_blank = 0;
	mops_json *o;

	for (;;) {
		p = s->buf + s->start;
		n = s->len - s->start;
		pos = 0;
		before = line;
		rowline = line + 1;
		rc = ex_csv_row(p, n, &pos, delim, &b, &f, &nf, &cap, &line);
		/* a row that runs to the end of the window may go on in the next bytes */
		if (!s->eof && (rc <= 0 || (pos == n && p[n - 1] != '\n'))) {
			line = before;
			row_cap(s, rowline);
			more(s);
			continue;
		}
		if (rc == 0)
			break;
		if (rc < 0) {
			mops_reject(file, rowline, p, n, "unterminated quoted field");
			break;
		}
		s->start += pos;
		for (blank = 1, i = 0; i < nf; i++)
			if (f[i].len)
				blank = 0;
		if (blank) {
			saw_blank = 1;
			continue;
		}
		if (!hdr) {
			nh = nf;
			hdr = mops_xcalloc(nh, sizeof(*hdr));
			for (i = 0; i < nf; i++) {
				const char *h = b.s + f[i].off;
				size_t j;
				hdr[i] = mops_xstrdup(h);
				for (j = 0; j < i; j++)	/* duplicate names get _2, _3 ... */
					if (!strcmp(hdr[j], hdr[i])) {
						free(hdr[i]);
						hdr[i] = mops_xasprintf("%s_%zu", h, i + 1);
						break;
					}
			}
			continue;
		}
		if (saw_blank && nf == 1 && nh > 1)
			break;	/* report footer */
		if (nf > nh) {
			for (i = nh; i < nf && !f[i].len; i++)
				;
			if (i < nf) {
				mops_reject(file, rowline, p, pos,
				    "row has %zu fields, header has %zu", nf, nh);
				continue;
			}
		}
		for (i = 0; i < nf && mops_utf8_valid(b.s + f[i].off, f[i].len); i++)
			;
		if (i < nf) {
			mops_reject(file, rowline, p, pos, "invalid UTF-8 in column %zu; "
			    "not UTF-8? name the file's encoding with --encoding "
			    "(e.g. windows-1252)", i + 1);
			continue;
		}
		o = mops_json_new_object();
		for (i = 0; i < nh; i++)
			mops_json_set(o, hdr[i], i < nf ?
			    mops_json_new_stringn(b.s + f[i].off, f[i].len) : mops_json_new_string(""));
		ex_emit(run, stream, NULL, o);
	}
	for (i = 0; i < nh; i++)
		free(hdr[i]);
	free(hdr);
	free(f);
	mops_buf_free(&b);
}

static void
do_ndjson(struct ex_run *run, struct src *s, const char *stream)
{
	const char *p, *nl;
	size_t len;
	long line = 0;
	int skipping = 0;
	mops_json *o;

	for (;;) {
		p = s->buf + s->start;
		nl = memchr(p, '\n', s->len - s->start);
		if (!nl && !s->eof) {
			if (s->len - s->start > mops_cfg.max_line) {
				/* too long: rejected, and the rest of it skipped */
				if (!skipping)
					mops_reject(s->name, line + 1, p, 200,
					    "line longer than %zu bytes (--max-line)", mops_cfg.max_line);
				skipping = 1;
				s->start = s->len;
			}
			more(s);
			continue;
		}
		if (!nl && s->start == s->len)
			break;
		len = nl ? (size_t)(nl - p) : s->len - s->start;
		s->start += len + (nl != NULL);
		line++;
		if (skipping) {
			skipping = 0;
			continue;
		}
		if (len && p[len - 1] == '\r')
			len--;
		if (len && (o = mops_record_parse(p, len, s->name, line)))
			ex_emit(run, stream, NULL, o);
	}
}

/*
 * End of the JSON value starting at p[0] (an object, array, string or scalar),
 * or 0 when it does not end within n bytes.
 */
static size_t
value_end(const char *p, size_t n)
{
	size_t i = 0;
	int depth = 0, str = 0;

	for (; i < n; i++) {
		char c = p[i];
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = 0;
			else
				continue;
			if (!depth && !str)
				return i + 1;
			continue;
		}
		if (c == '"')
			str = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth <= 0)
				return depth < 0 ? i : i + 1;
		} else if (!depth && (c == ',' || strchr(" \t\r\n", c)))
			return i;
	}
	return 0;
}

/*
 * A JSON array of objects, one element parsed at a time; a single object is
 * one record.  Array items count as "lines" for rejects (item 1 is line 1).
 */
static void
do_json(struct ex_run *run, struct src *s, const char *stream)
{
	struct mops_json_err err;
	const char *p;
	size_t n, e;
	long item = 0;
	int state = 0;		/* 0 before '[', 1 before an item, 2 after an item */
	mops_json *v;

	for (;;) {
		while (s->start < s->len && strchr(" \t\r\n", s->buf[s->start]))
			s->start++;
		if (s->start == s->len) {
			if (more(s))
				continue;
			if (state != 3)
				mops_reject(s->name, item + 1, "", 0, state ? "unterminated JSON array" :
				    "expected a JSON array of objects");
			return;
		}
		p = s->buf + s->start;
		n = s->len - s->start;
		if (state == 3) {
			mops_reject(s->name, item + 1, p, n > 200 ? 200 : n,
			    "bytes after the end of the JSON array");
			return;
		}
		if (state == 0 && *p == '[') {
			s->start++;
			state = 1;
			continue;
		}
		if (state == 2 && *p == ',') {
			s->start++;
			state = 1;
			continue;
		}
		if (state != 0 && *p == ']') {
			s->start++;
			state = 3;
			continue;
		}
		if (state == 2) {
			mops_reject(s->name, item + 1, p, n > 200 ? 200 : n,
			    "expected , or ] after array item %ld", item);
			return;
		}
		e = value_end(p, n);
		if (!e && !s->eof) {
			row_cap(s, item + 1);
			more(s);
			continue;
		}
		if (!e)
			e = n;
		v = mops_json_parse(p, e, &err);
		s->start += e;
		if (state == 0) {	/* a lone value, not an array */
			if (v && v->type == MOPS_JOBJECT) {
				ex_emit(run, stream, NULL, v);
				state = 3;
				continue;
			}
			mops_reject(s->name, 1, p, e > 200 ? 200 : e, v ?
			    "expected a JSON array of objects" : "invalid JSON: %s (byte %zu)",
			    err.msg, err.offset);
			mops_json_free(v);
			return;
		}
		item++;
		state = 2;
		if (!v) {
			mops_reject(s->name, item, p, e > 200 ? 200 : e, "invalid JSON in array item %ld: %s",
			    item - 1, err.msg);
			return;	/* where the next item starts is unknown */
		}
		if (v->type != MOPS_JOBJECT) {
			mops_reject(s->name, item, p, e, "array item %ld is not an object", item - 1);
			mops_json_free(v);
			continue;
		}
		ex_emit(run, stream, NULL, v);
	}
}

/* Parses one file or archive member from s (window empty, nothing read yet). */
static void
member(struct ex_run *run, struct src *s)
{
	char *st = stem(s->name), *stream;
	const unsigned char *u;
	const char *enc;
	size_t skip;

	/* the window always exists, so parsers never see a NULL buffer */
	s->cap = 65536 + 1;
	s->buf = mops_xmalloc(s->cap);
	s->buf[0] = 0;
	while (!s->eof && s->len < 4096)
		more(s);
	u = (const unsigned char *)s->buf + s->start;
	/* a byte-order mark, as spreadsheet exports write: UTF-8 is skipped,
	 * UTF-16 (and --encoding) decoded from here on */
	enc = mops_decode_bom(u, s->len - s->start, &skip);
	if (!enc)
		enc = mops_cfg.encoding;
	if (enc && !mops_decode_is_utf8(enc)) {
		if (!(s->dec = mops_decode_new(enc)))
			ex_fail(MOPS_EX_CONFIG, "%s: unknown encoding '%s'", s->name, enc);
		s->dlen = s->len - s->start - skip;
		s->dcap = s->dlen > 65536 ? s->dlen : 65536;
		s->dbuf = mops_xmalloc(s->dcap);
		memcpy(s->dbuf, s->buf + s->start + skip, s->dlen);
		s->draw_eof = s->eof;
		s->eof = 0;
		s->start = s->len = 0;
		while (!s->eof && s->len < 4096)
			more(s);
	} else
		s->start += skip;
	stream = mops_xasprintf("file.%s", st);
	switch (guess(s->name, run->format, s->buf + s->start, s->len - s->start)) {
	case K_CSV:
		do_csv(run, s, stream, mops_cfg.delimiter ? mops_cfg.delimiter :
		    mops_csv_sniff(s->buf + s->start, s->len - s->start));
		break;
	case K_TSV: do_csv(run, s, stream, '\t'); break;
	case K_NDJSON: do_ndjson(run, s, stream); break;
	case K_JSON: do_json(run, s, stream); break;
	}
	free(stream);
	free(st);
}

static int
is_packed(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return 1;		/* gzip */
	if (n >= 4 && !memcmp(p, "PK\3\4", 4)) return 1;			/* zip */
	if (n >= 4 && !memcmp(p, "PK\5\6", 4)) return 1;			/* empty zip */
	if (n >= 3 && !memcmp(p, "BZh", 3)) return 1;
	if (n >= 6 && !memcmp(p, "\xfd" "7zXZ", 5)) return 1;
	if (n >= 262 && !memcmp(p + 257, "ustar", 5)) return 1;		/* tar */
	return 0;
}

/* libarchive reads the peeked bytes, then the rest of the file. */
struct feed {
	FILE *f;
	const char *pre;
	size_t npre;
	long long nread;
	char chunk[65536];
	const char *file;
};

static la_ssize_t
feed_read(struct archive *a, void *ctx, const void **out)
{
	struct feed *fd = ctx;
	size_t got;

	(void)a;
	if (fd->npre) {
		*out = fd->pre;
		got = fd->npre;
		fd->npre = 0;
	} else {
		got = fread(fd->chunk, 1, sizeof(fd->chunk), fd->f);
		if (!got && ferror(fd->f))
			ex_fail(MOPS_EX_IOERR, "%s: read error: %s", fd->file, strerror(errno));
		*out = fd->chunk;
	}
	fd->nread += (long long)got;
	return (la_ssize_t)got;
}

static void
unpack(struct ex_run *run, const char *file, struct feed *fd, long long size)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct src s;
	char *name;
	int r;

	if (!a)
		mops_die(MOPS_EX_SOFTWARE, "out of memory");
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_raw(a);
	if (archive_read_open(a, fd, NULL, feed_read, NULL) != ARCHIVE_OK)
		ex_fail(MOPS_EX_DATAERR, "%s: %s", file, archive_error_string(a));
	while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *en = archive_entry_pathname(e);

		/* Nothing is written to disk, but a member that points outside the
		 * archive or is not a plain file is refused, visibly. */
		if (archive_entry_filetype(e) != 0 && archive_entry_filetype(e) != AE_IFREG) {
			if (archive_entry_filetype(e) != AE_IFDIR)
				mops_reject(file, 0, en ? en : "", en ? strlen(en) : 0,
				    "%s: not a regular file (link or device): refused",
				    en ? en : "?");
			continue;
		}
		if (archive_entry_hardlink(e)) {
			mops_reject(file, 0, en ? en : "", en ? strlen(en) : 0,
			    "%s: a hard link: refused", en ? en : "?");
			continue;
		}
		if (en && (en[0] == '/' || !strcmp(en, "..") || !strncmp(en, "../", 3) ||
		    strstr(en, "/../") || has_suffix(en, "/.."))) {
			mops_reject(file, 0, en, strlen(en),
			    "%s: a path outside the archive: refused", en);
			continue;
		}
		/* raw (gzip alone): the member is the file without .gz */
		if (archive_format(a) == ARCHIVE_FORMAT_RAW || !en) {
			name = mops_xstrdup(file);
			if (has_suffix(name, ".gz"))
				name[strlen(name) - 3] = 0;
		} else {
			name = mops_xstrdup(en);
		}
		{
			const char *bn = strrchr(name, '/');
			bn = bn ? bn + 1 : name;
			/* macOS resource forks and hidden files are not data */
			if (*bn == '.' || !strncmp(name, "__MACOSX/", 9) || !*bn) {
				free(name);
				continue;
			}
		}
		memset(&s, 0, sizeof(s));
		s.a = a;
		s.run = run;
		s.file = file;
		s.name = name;
		s.limit = run->max_bytes > 0 ? run->max_bytes : 1LL << 30;
		/* the ratio is against the whole file when its size is known, else
		 * against what was read so far */
		s.packed = size > 0 ? size : (fd->nread > 0 ? fd->nread : 1);
		member(run, &s);
		while (!s.eof)		/* a report footer ends parsing early */
			more(&s);
		src_done(&s);
		free(name);
	}
	if (r != ARCHIVE_EOF)
		ex_fail(MOPS_EX_DATAERR, "%s: %s", file, archive_error_string(a));
	archive_read_free(a);
}

void
ex_files(struct ex_run *run)
{
	int i;
	FILE *f;
	struct feed *fd = mops_xcalloc(1, sizeof(*fd));
	struct stat st;
	char peek[512];
	size_t npeek;
	int missing = 0;

	if (run->npaths < 1)
		mops_usage_error("file: expected PATH...");
	for (i = 0; i < run->npaths; i++) {
		const char *path = run->paths[i], *name = strcmp(path, "-") ? path : "stdin";
		long long size = 0;

		if (!(f = strcmp(path, "-") ? fopen(path, "rb") : stdin)) {
			mops_warn("%s: %s", path, strerror(errno));
			missing = 1;
			continue;
		}
		if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode))
			size = (long long)st.st_size;
		if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
			mops_warn("%s: %s", path, strerror(EISDIR));
			if (f != stdin)
				fclose(f);
			missing = 1;
			continue;
		}
		npeek = fread(peek, 1, sizeof(peek), f);
		if (!npeek && ferror(f))
			ex_fail(MOPS_EX_IOERR, "%s: read error: %s", path, strerror(errno));
		if (is_packed((const unsigned char *)peek, npeek)) {
			fd->f = f;
			fd->pre = peek;
			fd->npre = npeek;
			fd->nread = 0;
			fd->file = name;
			unpack(run, name, fd, size);
		} else {
			struct src s;

			memset(&s, 0, sizeof(s));
			s.f = f;
			s.pre = peek;
			s.npre = npeek;
			s.run = run;
			s.file = s.name = name;
			s.limit = run->max_bytes > 0 ? run->max_bytes : LLONG_MAX;
			member(run, &s);
			src_done(&s);
		}
		if (f != stdin)
			fclose(f);
	}
	free(fd);
	if (missing)
		ex_fail(MOPS_EX_NOINPUT, "some input files could not be opened");
}
