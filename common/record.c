#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "exit.h"
#include "input.h"
#include "record.h"
#include "reject.h"
#include "utf8.h"
#include "util.h"

struct mops_reader {
	char **files;
	int nfiles, next_file;
	enum mops_format fmt;
	mops_in *in;
	mops_csv *csv;
	char **header;
	size_t nheader;
	const char *raw;
	size_t rawlen;
	long line;
	unsigned long long count;
	int status;
};

static char *stdin_name[] = { (char *)"-" };

static void set_status(mops_reader *r, int st) { r->status = st; }

/* A first line that fails as JSON but reads like a CSV header. */
static int
looks_like_csv(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == len || line[i] == '{' || line[i] == '[')
		return 0;
	return memchr(line, ',', len) || memchr(line, ';', len) ||
	    memchr(line, '\t', len) || memchr(line, '|', len);
}

mops_reader *
mops_reader_open(char **files, int nfiles, enum mops_format fmt)
{
	mops_reader *r = mops_xcalloc(1, sizeof(*r));

	if (nfiles <= 0) {
		files = stdin_name;
		nfiles = 1;
	}
	r->files = files;
	r->nfiles = nfiles;
	r->fmt = fmt;
	return r;
}

const char *mops_reader_file(const mops_reader *r)
{
	return r->in ? mops_in_name(r->in) : "stdin";
}
long mops_reader_line(const mops_reader *r) { return r->line; }
unsigned long long mops_reader_count(const mops_reader *r) { return r->count; }

const char *
mops_reader_raw(const mops_reader *r, size_t *len)
{
	*len = r->rawlen;
	return r->raw;
}

char **
mops_reader_header(const mops_reader *r, size_t *n)
{
	*n = r->nheader;
	return r->header;
}

static void
free_header(mops_reader *r)
{
	size_t i;

	for (i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	r->header = NULL;
	r->nheader = 0;
}

static void
close_current(mops_reader *r)
{
	mops_csv_free(r->csv);
	r->csv = NULL;
	free_header(r);
	mops_in_close(r->in);
	r->in = NULL;
}

/* Opens the next file that can be opened; 0 when none is left. */
static int
open_next(mops_reader *r)
{
	while (r->next_file < r->nfiles) {
		const char *name = r->files[r->next_file++];

		r->in = mops_in_open(name);
		if (r->in)
			return 1;
		mops_warn("%s: %s", name, strerror(errno));
		r->status = MOPS_EX_NOINPUT;
	}
	return 0;
}

mops_json *
mops_record_parse(const char *line, size_t len, const char *file, long lineno)
{
	struct mops_json_err err;
	mops_json *v;

	v = mops_json_parse(line, len, &err);
	if (!v && lineno == 1 && looks_like_csv(line, len)) {
		/* The whole file is CSV: one clear error, not one per line. */
		mops_reject(file, lineno, line, len, "invalid JSON: %s (column %zu)",
		    err.msg, err.offset + 1);
		mops_die(MOPS_EX_DATAERR, "%s: looks like CSV, not NDJSON: "
		    "read it with --from csv", file);
	}
	if (!v) {
		mops_reject(file, lineno, line, len, "invalid JSON: %s (column %zu)%s",
		    err.msg, err.offset + 1, strncmp(err.msg, "invalid UTF-8", 13) ?
		    "" : "; not UTF-8? name the file's encoding with --encoding");
		return NULL;
	}
	if (v->type != MOPS_JOBJECT) {
		mops_reject(file, lineno, line, len, "not a JSON object: %s",
		    v->type == MOPS_JARRAY ? "an array" : "a scalar");
		mops_json_free(v);
		return NULL;
	}
	return v;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static void
reject_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	mops_reject_more(p, n);
}

int
mops_record_line(mops_in *in, const char **line, size_t *len)
{
	int st;

	for (;;) {
		st = mops_in_getline(in, line, len, mops_cfg.max_line);
		if (st == MOPS_IN_ERROR)
			mops_warn("%s:%ld: read error: %s", mops_in_name(in),
			    mops_in_lineno(in) + 1, mops_in_error(in));
		if (st == MOPS_IN_TOOLONG) {
			mops_reject_long(mops_in_name(in), mops_in_lineno(in), *line, *len,
			    "line too long (over %zu bytes)", mops_cfg.max_line);
			mops_in_skip_rest(in, reject_sink, NULL);
			mops_reject_end();
			continue;
		}
		if (st == MOPS_IN_LINE && blank(*line, *len))
			continue;
		return st;
	}
}

static mops_json *
next_ndjson(mops_reader *r, int *done)
{
	const char *line;
	size_t len;
	int st;

	st = mops_record_line(r->in, &line, &len);
	r->line = mops_in_lineno(r->in);
	if (st != MOPS_IN_LINE) {
		if (st == MOPS_IN_ERROR)
			set_status(r, mops_in_data_error(r->in) ? MOPS_EX_DATAERR :
			    MOPS_EX_IOERR);
		*done = 1;
		return NULL;
	}
	r->raw = line;
	r->rawlen = len;
	return mops_record_parse(line, len, mops_in_name(r->in), r->line);
}

static mops_json *
next_csv(mops_reader *r, int *done)
{
	char **f;
	size_t *l, n, i;
	int st;
	mops_json *o;

	if (!r->csv)
		r->csv = mops_csv_new(r->in, r->fmt == MOPS_FMT_TSV ? '\t' :
		    mops_cfg.delimiter);
	st = mops_csv_next(r->csv, &f, &l, &n);
	r->line = mops_csv_line(r->csv);
	r->raw = mops_csv_raw(r->csv, &r->rawlen);
	if (st == 0) {
		*done = 1;
		return NULL;
	}
	if (st < 0) {
		mops_reject(mops_in_name(r->in), r->line, r->raw, r->rawlen, "%s",
		    mops_csv_error(r->csv));
		*done = 1;
		return NULL;
	}
	if (!r->header) {
		r->header = mops_xcalloc(n, sizeof(*r->header));
		r->nheader = n;
		for (i = 0; i < n; i++) {
			size_t j, k = 2;

			r->header[i] = mops_xstrndup(f[i], l[i]);
			/* Repeated column names get a suffix: "Email", "Email_2". */
			for (j = 0; j < i; j++)
				if (strcmp(r->header[j], r->header[i]) == 0) {
					char *s = mops_xasprintf("%s_%zu", f[i], k++);

					free(r->header[i]);
					r->header[i] = s;
					j = (size_t)-1;
				}
		}
		return NULL;
	}
	for (i = r->nheader; i < n; i++)
		if (l[i]) {
			mops_reject(mops_in_name(r->in), r->line, r->raw, r->rawlen,
			    "row has %zu fields, the header has %zu", n, r->nheader);
			return NULL;
		}
	for (i = 0; i < n; i++)
		if (!mops_utf8_valid(f[i], l[i])) {
			mops_reject(mops_in_name(r->in), r->line, r->raw, r->rawlen,
			    "invalid UTF-8 in column %zu; not UTF-8? name the file's "
			    "encoding with --encoding (e.g. windows-1252)", i + 1);
			return NULL;
		}
	o = mops_json_new_object();
	for (i = 0; i < r->nheader; i++) {
		mops_json_set(o, r->header[i], i < n ?
		    mops_json_new_stringn(f[i], l[i]) : mops_json_new_string(""));
	}
	return o;
}

mops_json *
mops_reader_next(mops_reader *r)
{
	mops_json *v;
	int done;

	for (;;) {
		if (!r->in && !open_next(r))
			return NULL;
		done = 0;
		v = r->fmt == MOPS_FMT_CSV || r->fmt == MOPS_FMT_TSV ?
		    next_csv(r, &done) : next_ndjson(r, &done);
		if (v) {
			r->count++;
			return v;
		}
		if (done)
			close_current(r);
	}
}

int
mops_reader_close(mops_reader *r)
{
	int st;

	if (!r)
		return 0;
	close_current(r);
	st = r->status;
	free(r);
	return st;
}
