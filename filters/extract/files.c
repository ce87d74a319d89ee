/*
 * files.c - `mops-extract file PATH...`: CSV, TSV, NDJSON and JSON-array export
 * files, plain, gzip'ed, or inside zip/tar archives.
 *
 * Everything is read in memory (never extracted to disk).  Against
 * decompression bombs every file and member is capped (--max-bytes, default
 * 1 GiB) and, past 1 MiB, the inflated size may be at most --max-ratio (200)
 * times the file's size.  Each file or member is its own stream,
 * "file.<name>" with name the base name without extensions.  CSV and TSV rows
 * become objects keyed by the header row (every value a string); a report
 * footer (a blank row, then single-cell rows, as Salesforce report exports
 * end) is dropped.  Bad NDJSON lines and bad rows are rejected (exit 65).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <archive.h>
#include <archive_entry.h>

#include "exit.h"
#include "opts.h"
#include "record.h"
#include "reject.h"
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


/* One RFC 4180 row starting at *pos: fields are copied (unquoted) into b. */
int
ex_csv_row(const char *p, size_t n, size_t *pos, char delim, struct mops_buf *b,
    struct ex_field **f, size_t *nf, size_t *cap, long *line)
{
	size_t i = *pos;
	int quoted;

	if (i >= n)
		return 0;
	mops_buf_reset(b);
	*nf = 0;
	for (;;) {
		*f = mops_xgrow(*f, cap, *nf + 1, sizeof(**f));
		(*f)[*nf].off = b->len;
		quoted = 0;
		if (i < n && p[i] == '"') {
			quoted = 1;
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
		(void)quoted;
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

static void
do_csv(struct ex_run *run, const char *file, const char *stream, const char *p, size_t n,
    char delim)
{
	struct mops_buf b = MOPS_BUF_INIT;
	struct ex_field *f = NULL;
	size_t nf, cap = 0, pos = 0, nh = 0, i, start;
	char **hdr = NULL;
	long line = 0, rowline;
	int rc, blank, saw_blank = 0;
	mops_json *o;

	for (;;) {
		start = pos;
		rowline = line + 1;
		rc = ex_csv_row(p, n, &pos, delim, &b, &f, &nf, &cap, &line);
		if (rc == 0)
			break;
		if (rc < 0) {
			mops_reject(file, rowline, p + start, n - start, "unterminated quoted field");
			break;
		}
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
				mops_reject(file, rowline, p + start, pos - start,
				    "row has %zu fields, header has %zu", nf, nh);
				continue;
			}
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
do_ndjson(struct ex_run *run, const char *file, const char *stream, const char *p, size_t n)
{
	size_t i = 0, e;
	long line = 0;
	mops_json *o;

	while (i < n) {
		line++;
		for (e = i; e < n && p[e] != '\n'; e++)
			;
		size_t len = e - i;
		if (len && p[i + len - 1] == '\r')
			len--;
		if (len) {
			o = mops_record_parse(p + i, len, file, line);
			if (o)
				ex_emit(run, stream, NULL, o);
		}
		i = e + 1;
	}
}

static void
do_json(struct ex_run *run, const char *file, const char *stream, const char *p, size_t n)
{
	struct mops_json_err err;
	mops_json *doc = mops_json_parse(p, n, &err), *v;
	size_t i;

	if (!doc) {
		mops_reject(file, 1, p, n > 200 ? 200 : n, "invalid JSON: %s (byte %zu)", err.msg,
		    err.offset);
		return;
	}
	if (doc->type == MOPS_JOBJECT) {
		ex_emit(run, stream, NULL, doc);
		return;
	}
	if (doc->type != MOPS_JARRAY) {
		mops_reject(file, 1, p, n > 200 ? 200 : n, "expected a JSON array of objects");
		mops_json_free(doc);
		return;
	}
	for (i = 0; i < doc->len; i++) {
		v = doc->u.items[i];
		if (v->type != MOPS_JOBJECT) {
			char *s = mops_json_dumps(v);
			mops_reject(file, (long)i + 1, s, strlen(s), "array item %zu is not an object", i);
			free(s);
			continue;
		}
		doc->u.items[i] = mops_json_new_null();
		ex_emit(run, stream, NULL, v);
	}
	mops_json_free(doc);
}

static void
member(struct ex_run *run, const char *file, const char *name, const char *p, size_t n)
{
	char *st = stem(name), *stream;

	/* a UTF-8 byte-order mark, as spreadsheet exports write */
	if (n >= 3 && (unsigned char)p[0] == 0xef && (unsigned char)p[1] == 0xbb &&
	    (unsigned char)p[2] == 0xbf) {
		p += 3;
		n -= 3;
	}
	stream = mops_xasprintf("file.%s", st);
	switch (guess(name, run->format, p, n)) {
	case K_CSV: do_csv(run, file, stream, p, n, ','); break;
	case K_TSV: do_csv(run, file, stream, p, n, '\t'); break;
	case K_NDJSON: do_ndjson(run, file, stream, p, n); break;
	case K_JSON: do_json(run, file, stream, p, n); break;
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

static void
unpack(struct ex_run *run, const char *file, const char *p, size_t n)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct mops_buf b = MOPS_BUF_INIT;
	char chunk[65536], *name;
	la_ssize_t got;
	long long total = 0;
	int r;

	if (!a)
		mops_die(MOPS_EX_SOFTWARE, "out of memory");
	archive_read_support_filter_all(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_raw(a);
	if (archive_read_open_memory(a, p, n) != ARCHIVE_OK)
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
		mops_buf_reset(&b);
		while ((got = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
			total += got;
			if ((long long)b.len + got > run->max_bytes)
				ex_fail(MOPS_EX_DATAERR, "%s: %s: larger than %lld bytes (--max-bytes)",
				    file, name, run->max_bytes);
			if (total > (1 << 20) && (double)total > run->max_ratio * (double)n)
				ex_fail(MOPS_EX_DATAERR, "%s: inflates more than %g times (--max-ratio): "
				    "refusing a likely decompression bomb", file, run->max_ratio);
			mops_buf_add(&b, chunk, (size_t)got);
		}
		if (got < 0)
			ex_fail(MOPS_EX_DATAERR, "%s: %s: %s", file, name, archive_error_string(a));
		member(run, file, name, b.s ? b.s : "", b.len);
		free(name);
	}
	if (r != ARCHIVE_EOF)
		ex_fail(MOPS_EX_DATAERR, "%s: %s", file, archive_error_string(a));
	archive_read_free(a);
	mops_buf_free(&b);
}

void
ex_files(struct ex_run *run)
{
	int i;
	FILE *f;
	struct mops_buf b = MOPS_BUF_INIT;
	char chunk[65536];
	size_t got;
	int missing = 0;

	if (run->npaths < 1)
		mops_usage_error("file: expected PATH...");
	for (i = 0; i < run->npaths; i++) {
		const char *path = run->paths[i];
		if (!(f = strcmp(path, "-") ? fopen(path, "rb") : stdin)) {
			mops_warn("%s: %s", path, strerror(errno));
			missing = 1;
			continue;
		}
		mops_buf_reset(&b);
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			if ((long long)(b.len + got) > run->max_bytes)
				ex_fail(MOPS_EX_DATAERR, "%s: larger than %lld bytes (--max-bytes)", path,
				    run->max_bytes);
			mops_buf_add(&b, chunk, got);
		}
		if (ferror(f))
			ex_fail(MOPS_EX_IOERR, "%s: read error: %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		if (is_packed((const unsigned char *)mops_buf_str(&b), b.len))
			unpack(run, strcmp(path, "-") ? path : "stdin", b.s, b.len);
		else
			member(run, strcmp(path, "-") ? path : "stdin", strcmp(path, "-") ? path : "stdin",
			    mops_buf_str(&b), b.len);
	}
	mops_buf_free(&b);
	if (missing)
		ex_fail(MOPS_EX_NOINPUT, "some input files could not be opened");
}
