#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "util.h"

struct mops_csv {
	mops_in *in;
	char delim;
	char *chunk;
	long clen, cpos;
	int eof;
	long line, row_line;
	struct mops_buf field_bytes;	/* all fields, NUL-separated */
	struct mops_buf raw;
	size_t *offs, *lens, cap;
	char **fields;
	size_t fcap;
	char err[128];
};

#define CHUNK 65536

mops_csv *
mops_csv_new(mops_in *in, char delim)
{
	mops_csv *c = mops_xcalloc(1, sizeof(*c));

	c->in = in;
	c->delim = delim;
	c->chunk = mops_xmalloc(CHUNK);
	c->line = 1;
	return c;
}

void
mops_csv_free(mops_csv *c)
{
	if (!c)
		return;
	free(c->chunk);
	mops_buf_free(&c->field_bytes);
	mops_buf_free(&c->raw);
	free(c->offs);
	free(c->lens);
	free(c->fields);
	free(c);
}

long mops_csv_line(const mops_csv *c) { return c->row_line; }
const char *mops_csv_error(const mops_csv *c) { return c->err; }

const char *
mops_csv_raw(const mops_csv *c, size_t *len)
{
	*len = c->raw.len;
	return mops_buf_str(&c->raw);
}

/* Next byte, or -1 at end, -2 on error. */
static int
next_byte(mops_csv *c)
{
	int ch;

	if (c->cpos == c->clen) {
		if (c->eof)
			return -1;
		c->clen = mops_in_read(c->in, c->chunk, CHUNK);
		c->cpos = 0;
		if (c->clen < 0) {
			snprintf(c->err, sizeof(c->err), "read error: %s",
			    mops_in_error(c->in));
			c->clen = 0;
			return -2;
		}
		if (c->clen == 0) {
			c->eof = 1;
			return -1;
		}
	}
	ch = (unsigned char)c->chunk[c->cpos++];
	mops_buf_addc(&c->raw, ch);
	return ch;
}

static void
end_field(mops_csv *c, size_t start, size_t *n)
{
	c->offs = mops_xgrow(c->offs, &c->cap, *n + 1, sizeof(*c->offs));
	c->lens = mops_xrealloc(c->lens, c->cap * sizeof(*c->lens));
	c->offs[*n] = start;
	c->lens[*n] = c->field_bytes.len - start;
	mops_buf_addc(&c->field_bytes, '\0');
	(*n)++;
}

char
mops_csv_sniff(const char *p, size_t n)
{
	static const char cand[] = ",;\t|";
	size_t count[sizeof(cand)] = { 0 }, i, j, best = 0;
	int q = 0;

	for (j = 0; j < n; j++) {
		if (p[j] == '"')
			q = !q;
		else if (!q && (p[j] == '\n' || p[j] == '\r'))
			break;
		else if (!q)
			for (i = 0; cand[i]; i++)
				if (p[j] == cand[i])
					count[i]++;
	}
	for (i = 1; cand[i]; i++)
		if (count[i] > count[best])
			best = i;
	return count[best] ? cand[best] : ',';
}

/* The first chunk is read here, before any byte is taken, to sniff it. */
static void
sniff(mops_csv *c)
{
	c->delim = ',';
	if (c->cpos == c->clen && !c->eof) {
		c->clen = mops_in_read(c->in, c->chunk, CHUNK);
		c->cpos = 0;
		if (c->clen <= 0) {
			if (c->clen == 0)
				c->eof = 1;
			else
				c->clen = 0;	/* next_byte reads again and reports */
			return;
		}
	}
	c->delim = mops_csv_sniff(c->chunk + c->cpos, (size_t)(c->clen - c->cpos));
}

char mops_csv_delimiter(const mops_csv *c) { return c->delim; }

int
mops_csv_next(mops_csv *c, char ***fields, size_t **lens, size_t *np)
{
	size_t n, start, i;
	int ch, quoted, any;

	if (!c->delim)
		sniff(c);
again:
	mops_buf_reset(&c->field_bytes);
	mops_buf_reset(&c->raw);
	n = 0;
	any = 0;
	c->row_line = c->line;
	for (;;) {
		start = c->field_bytes.len;
		quoted = 0;
		ch = next_byte(c);
		if (ch == -2)
			return -1;
		if (ch == -1) {
			if (!any && n == 0)
				return 0;
			end_field(c, start, &n);
			goto row;
		}
		any = 1;
		if (ch == '"') {
			quoted = 1;
			for (;;) {
				ch = next_byte(c);
				if (ch == -2)
					return -1;
				if (ch == -1) {
					snprintf(c->err, sizeof(c->err),
					    "unterminated quoted field");
					return -1;
				}
				if (ch == '"') {
					int nx = next_byte(c);

					if (nx == '"') {
						mops_buf_addc(&c->field_bytes, '"');
						continue;
					}
					ch = nx;
					break;
				}
				if (ch == '\n')
					c->line++;
				if (ch)
					mops_buf_addc(&c->field_bytes, ch);
			}
			/* After the closing quote: keep anything up to the delimiter. */
		}
		for (;;) {
			if (ch == -2)
				return -1;
			if (ch == -1 || ch == c->delim || ch == '\n')
				break;
			if (ch == '\r') {
				int nx = next_byte(c);

				if (nx == '\n' || nx == -1) {
					ch = nx;
					break;
				}
				mops_buf_addc(&c->field_bytes, '\r');
				ch = nx;
				continue;
			}
			if (ch)
				mops_buf_addc(&c->field_bytes, ch);
			ch = next_byte(c);
		}
		(void)quoted;
		end_field(c, start, &n);
		if (ch == c->delim)
			continue;
		if (ch == '\n')
			c->line++;
		break;
	}
row:
	/* Blank line: one empty unquoted field. */
	if (n == 1 && c->lens[0] == 0 && c->raw.len <= 2 && !(c->raw.len && c->raw.s[0] == '"'))
		goto again;
	c->fields = mops_xgrow(c->fields, &c->fcap, n, sizeof(*c->fields));
	for (i = 0; i < n; i++)
		c->fields[i] = c->field_bytes.s + c->offs[i];
	/* Drop the row terminator from the raw copy. */
	while (c->raw.len && (c->raw.s[c->raw.len - 1] == '\n' ||
	    c->raw.s[c->raw.len - 1] == '\r'))
		c->raw.s[--c->raw.len] = '\0';
	*fields = c->fields;
	*lens = c->lens;
	*np = n;
	return 1;
}

void
mops_csv_field(mops_out *o, const char *s, size_t n, char delim, int first,
    int number)
{
	int quote = 0, inject = 0;
	size_t i;

	if (!first)
		mops_out_putc(o, delim);
	if (n && !number && (s[0] == '=' || s[0] == '@' || s[0] == '\t' ||
	    s[0] == '\r'))
		inject = 1;
	else if (n && !number && (s[0] == '+' || s[0] == '-')) {
		/* "+1 (212) 555-0100" and "-5" are data, not formulas; anything
		 * else after a sign ("-2+3+cmd|' /C calc'!A0") is neutralised. */
		for (i = 1; i < n; i++)
			if (!strchr("0123456789 .()-", s[i]))
				break;
		inject = i < n || n == 1;
	}
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		quote = 1;
	for (i = 0; i < n && !quote; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote && !inject) {
		mops_out_write(o, s, n);
		return;
	}
	if (quote)
		mops_out_putc(o, '"');
	if (inject)
		mops_out_putc(o, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			mops_out_putc(o, '"');
		mops_out_putc(o, s[i]);
	}
	if (quote)
		mops_out_putc(o, '"');
}

void
mops_csv_end_row(mops_out *o)
{
	mops_out_write(o, "\r\n", 2);
}
