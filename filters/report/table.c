/*
 * table.c - result tables and their text formats: aligned table, CSV, TSV,
 * NDJSON and Markdown (HTML is html.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csv.h"
#include "out.h"
#include "report.h"
#include "util.h"

/*
 * The text pool: cell texts of all live tables, in big blocks, freed when the
 * last table is.  A small direct-mapped cache of recent texts stores a text
 * seen lately (a group name on each of its rows, the stage names) once.
 */
#define POOL_BLOCK ((size_t)1 << 18)
#define POOL_CACHE 256

static struct {
	char **blocks;
	size_t nblocks, cblocks, left;
	char *next;
	const char *cache[POOL_CACHE];
	size_t tables;		/* live tables */
} pool;

static char *
pool_text(const char *s)
{
	size_t n = 0;
	unsigned h = 2166136261u;
	const char **slot;
	char *p;

	while (s[n])
		h = (h ^ (unsigned char)s[n++]) * 16777619u;
	slot = &pool.cache[(h ^ (h >> 16)) & (POOL_CACHE - 1)];
	if (*slot && strcmp(*slot, s) == 0)
		return (char *)(uintptr_t)*slot;
	if (n + 1 > pool.left) {
		size_t sz = n + 1 > POOL_BLOCK ? n + 1 : POOL_BLOCK;
		pool.blocks = mops_xgrow(pool.blocks, &pool.cblocks, pool.nblocks + 1,
		    sizeof *pool.blocks);
		pool.blocks[pool.nblocks++] = pool.next = mops_xmalloc(sz);
		pool.left = sz;
	}
	p = pool.next;
	memcpy(p, s, n + 1);
	pool.next += n + 1;
	pool.left -= n + 1;
	*slot = p;
	return p;
}

static void
pool_release(void)
{
	size_t i;

	if (--pool.tables)
		return;
	for (i = 0; i < pool.nblocks; i++)
		free(pool.blocks[i]);
	free(pool.blocks);
	memset(&pool, 0, sizeof pool);
}

struct table *
table_new(const char *report, const char *name, const char *title,
    const char *definition, int ncols, const char *const *cols)
{
	struct table *t = mops_xcalloc(1, sizeof *t);
	int i;

	pool.tables++;
	t->report = mops_xstrdup(report);
	t->name = mops_xstrdup(name);
	t->title = mops_xstrdup(title);
	t->definition = mops_xstrdup(definition);
	t->ncols = ncols;
	t->cols = mops_xcalloc((size_t)ncols, sizeof *t->cols);
	for (i = 0; i < ncols; i++) {
		/* A --by field named like a column of the table (or like the
		 * type/report/table keys of NDJSON rows) is renamed by_FIELD, so
		 * that NDJSON rows never repeat a key. */
		int j, clash = strcmp(cols[i], "type") == 0 ||
		    strcmp(cols[i], "report") == 0 || strcmp(cols[i], "table") == 0;
		for (j = i + 1; j < ncols && !clash; j++)
			clash = strcmp(cols[i], cols[j]) == 0;
		t->cols[i] = clash ? mops_xasprintf("by_%s", cols[i]) :
		    mops_xstrdup(cols[i]);
	}
	t->chart_series = -1;
	return t;
}

void
table_free(struct table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < (size_t)t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->cells);
	free(t->report);
	free(t->name);
	free(t->title);
	free(t->definition);
	free(t);
	pool_release();
}

struct cell *
table_row(struct table *t)
{
	size_t need = (t->nrows + 1) * (size_t)t->ncols, cap = t->crows;
	struct cell *r;

	t->cells = mops_xgrow(t->cells, &cap, need, sizeof *t->cells);
	t->crows = cap;
	r = t->cells + t->nrows * (size_t)t->ncols;
	memset(r, 0, (size_t)t->ncols * sizeof *r);
	t->nrows++;
	return r;
}

void
table_drop_last(struct table *t)
{
	if (t->nrows)
		t->nrows--;
}

void
cell_text(struct cell *c, const char *s)
{
	c->kind = C_TEXT;
	c->s = pool_text(s);
}

void
cell_int(struct cell *c, int64_t i)
{
	c->kind = C_INT;
	c->i = i;
}

void
cell_num(struct cell *c, double d, int dec)
{
	if (!isfinite(d)) {
		c->kind = C_NULL;
		return;
	}
	c->kind = C_NUM;
	c->d = d;
	c->dec = dec;
}

void
cell_ratio(struct cell *c, double num, double den)
{
	if (den == 0 || !isfinite(num / den)) {
		c->kind = C_NULL;
		return;
	}
	c->kind = C_RATIO;
	c->d = num / den;
}

static void
add_fixed(struct mops_buf *b, double d, int dec)
{
	char t[64];

	snprintf(t, sizeof t, "%.*f", dec, d);
	/* no "-0.00" */
	if (t[0] == '-' && strspn(t + 1, "0.") == strlen(t + 1))
		mops_buf_adds(b, t + 1);
	else
		mops_buf_adds(b, t);
}

/* Thousands separators for people: "1234567.50" -> "1,234,567.50". */
static void
add_grouped(struct mops_buf *b, const char *t)
{
	size_t neg = t[0] == '-', digits = strspn(t + neg, "0123456789"), i;

	if (neg)
		mops_buf_addc(b, '-');
	for (i = 0; i < digits; i++) {
		if (i && (digits - i) % 3 == 0)
			mops_buf_addc(b, ',');
		mops_buf_addc(b, t[neg + i]);
	}
	mops_buf_adds(b, t + neg + digits);
}

void
cell_format(const struct cell *c, int human, struct mops_buf *b)
{
	if (human && (c->kind == C_INT || c->kind == C_NUM)) {
		struct mops_buf m = MOPS_BUF_INIT;
		cell_format(c, 0, &m);
		add_grouped(b, mops_buf_str(&m));
		mops_buf_free(&m);
		return;
	}
	switch (c->kind) {
	case C_NULL:
		if (human)
			mops_buf_adds(b, "-");
		break;
	case C_TEXT:
		mops_buf_adds(b, c->s);
		break;
	case C_INT:
		mops_buf_printf(b, "%lld", (long long)c->i);
		break;
	case C_NUM:
		add_fixed(b, c->d, c->dec);
		break;
	case C_RATIO:
		if (human) {
			add_fixed(b, c->d * 100, 1);
			mops_buf_addc(b, '%');
		} else {
			add_fixed(b, c->d, 4);
		}
		break;
	}
}

/* ---- aligned table ---- */

/* Display width: UTF-8 code points (continuation bytes do not count). */
static size_t
width(const char *s, size_t n)
{
	size_t w = 0, i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			w++;
	return w;
}

/* Terminal-safe text: control characters become '?', so data cannot move
 * the cursor or change colours. */
static void
put_safe(mops_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		mops_out_putc(o, ch < 0x20 || ch == 0x7f ? '?' : ch);
	}
}

static void
pad(mops_out *o, size_t n)
{
	while (n--)
		mops_out_putc(o, ' ');
}

static void
wrap_comment(mops_out *o, const char *prefix, const char *text, size_t cols)
{
	const char *p = text;

	while (*p) {
		size_t n = strlen(p), cut = n;
		if (n > cols) {
			cut = cols;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = cols;
		}
		mops_out_puts(o, prefix);
		put_safe(o, p, cut);
		mops_out_putc(o, '\n');
		p += cut;
		while (*p == ' ')
			p++;
	}
}

static int
is_numeric(const struct cell *c)
{
	return c->kind == C_INT || c->kind == C_NUM || c->kind == C_RATIO;
}

static void
write_aligned(mops_out *o, const struct table *t)
{
	size_t *w = mops_xcalloc((size_t)t->ncols, sizeof *w), r;
	struct mops_buf b = MOPS_BUF_INIT;
	int c;

	for (c = 0; c < t->ncols; c++)
		w[c] = width(t->cols[c], strlen(t->cols[c]));
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			size_t x;
			mops_buf_reset(&b);
			cell_format(&t->cells[r * (size_t)t->ncols + (size_t)c], 1, &b);
			x = width(mops_buf_str(&b), b.len);
			if (x > w[c])
				w[c] = x;
		}
	mops_out_puts(o, "== ");
	put_safe(o, t->title, strlen(t->title));
	mops_out_printf(o, " (%s)\n", t->name);
	wrap_comment(o, "# ", t->definition, 76);
	for (c = 0; c < t->ncols; c++) {
		size_t x = width(t->cols[c], strlen(t->cols[c]));
		int right = t->nrows && is_numeric(&t->cells[c]);
		if (c)
			mops_out_puts(o, "  ");
		if (right)
			pad(o, w[c] - x);
		put_safe(o, t->cols[c], strlen(t->cols[c]));
		if (!right && c + 1 < t->ncols)
			pad(o, w[c] - x);
	}
	mops_out_putc(o, '\n');
	for (c = 0; c < t->ncols; c++) {
		size_t i;
		if (c)
			mops_out_puts(o, "  ");
		for (i = 0; i < w[c]; i++)
			mops_out_putc(o, '-');
	}
	mops_out_putc(o, '\n');
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct cell *ce = &t->cells[r * (size_t)t->ncols + (size_t)c];
			size_t x;
			mops_buf_reset(&b);
			cell_format(ce, 1, &b);
			x = width(mops_buf_str(&b), b.len);
			if (c)
				mops_out_puts(o, "  ");
			if (is_numeric(ce) || ce->kind == C_NULL)
				pad(o, w[c] - x);
			put_safe(o, mops_buf_str(&b), b.len);
			if (!(is_numeric(ce) || ce->kind == C_NULL) && c + 1 < t->ncols)
				pad(o, w[c] - x);
		}
		mops_out_putc(o, '\n');
	}
	if (t->nrows == 0)
		mops_out_puts(o, "(no rows)\n");
	mops_buf_free(&b);
	free(w);
}

/* ---- CSV / TSV ---- */

static void
delimited_rows(mops_out *o, const struct table *t, char delim)
{
	struct mops_buf b = MOPS_BUF_INIT;
	size_t r;
	int c;

	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct cell *ce = &t->cells[r * (size_t)t->ncols + (size_t)c];
			mops_buf_reset(&b);
			cell_format(ce, 0, &b);
			mops_csv_field(o, mops_buf_str(&b), b.len, delim, c == 0,
			    is_numeric(ce));
		}
		mops_csv_end_row(o);
	}
	mops_buf_free(&b);
}

static void
delimited_head(mops_out *o, const struct table *t, char delim)
{
	int c;

	for (c = 0; c < t->ncols; c++)
		mops_csv_field(o, t->cols[c], strlen(t->cols[c]), delim, c == 0, 0);
	mops_csv_end_row(o);
}

static void
write_delimited(mops_out *o, const struct table *t, char delim)
{
	delimited_head(o, t, delim);
	delimited_rows(o, t, delim);
}

/* ---- NDJSON ---- */

static void
ndjson_head(mops_out *o, const struct table *t)
{
	int c;

	mops_out_puts(o, "{\"type\":\"definition\",\"report\":");
	mops_out_json_string(o, t->report, strlen(t->report));
	mops_out_puts(o, ",\"table\":");
	mops_out_json_string(o, t->name, strlen(t->name));
	mops_out_puts(o, ",\"title\":");
	mops_out_json_string(o, t->title, strlen(t->title));
	mops_out_puts(o, ",\"definition\":");
	mops_out_json_string(o, t->definition, strlen(t->definition));
	mops_out_puts(o, ",\"columns\":[");
	for (c = 0; c < t->ncols; c++) {
		if (c)
			mops_out_putc(o, ',');
		mops_out_json_string(o, t->cols[c], strlen(t->cols[c]));
	}
	mops_out_puts(o, "]}\n");
}

static void
ndjson_rows(mops_out *o, const struct table *t)
{
	struct mops_buf b = MOPS_BUF_INIT;
	size_t r;
	int c;

	for (r = 0; r < t->nrows; r++) {
		mops_out_puts(o, "{\"type\":\"metric\",\"report\":");
		mops_out_json_string(o, t->report, strlen(t->report));
		mops_out_puts(o, ",\"table\":");
		mops_out_json_string(o, t->name, strlen(t->name));
		for (c = 0; c < t->ncols; c++) {
			const struct cell *ce = &t->cells[r * (size_t)t->ncols + (size_t)c];
			mops_out_putc(o, ',');
			mops_out_json_string(o, t->cols[c], strlen(t->cols[c]));
			mops_out_putc(o, ':');
			mops_buf_reset(&b);
			cell_format(ce, 0, &b);
			if (ce->kind == C_NULL)
				mops_out_puts(o, "null");
			else if (ce->kind == C_TEXT)
				mops_out_json_string(o, mops_buf_str(&b), b.len);
			else
				mops_out_write(o, mops_buf_str(&b), b.len);
		}
		mops_out_puts(o, "}\n");
	}
	mops_buf_free(&b);
}

static void
write_ndjson(mops_out *o, const struct table *t)
{
	ndjson_head(o, t);
	ndjson_rows(o, t);
}

/* ---- streaming (see report.h) ---- */

int
table_can_stream(enum out_format f)
{
	return f == F_CSV || f == F_TSV || f == F_NDJSON;
}

void
table_stream(struct table *t, mops_out *o, enum out_format f)
{
	t->sink = o;
	t->sinkfmt = (int)f;
	if (f == F_NDJSON)
		ndjson_head(o, t);
	else
		delimited_head(o, t, f == F_TSV ? '\t' : ',');
}

void
table_flush(struct table *t)
{
	if (!t->sink || !t->nrows)
		return;
	if (t->sinkfmt == F_NDJSON)
		ndjson_rows(t->sink, t);
	else
		delimited_rows(t->sink, t, t->sinkfmt == F_TSV ? '\t' : ',');
	t->streamed += t->nrows;
	t->nrows = 0;
}

/* ---- Markdown ---- */

/* Escapes Markdown syntax and HTML, since Markdown renderers pass HTML. */
static void
md_text(mops_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '<': mops_out_puts(o, "&lt;"); break;
		case '>': mops_out_puts(o, "&gt;"); break;
		case '&': mops_out_puts(o, "&amp;"); break;
		case '|': case '\\': case '*': case '_': case '`': case '[':
		case ']': case '#':
			mops_out_putc(o, '\\');
			mops_out_putc(o, ch);
			break;
		default:
			mops_out_putc(o, ch < 0x20 || ch == 0x7f ? ' ' : ch);
		}
	}
}

static void
write_markdown(mops_out *o, const struct table *t)
{
	struct mops_buf b = MOPS_BUF_INIT;
	size_t r;
	int c;

	mops_out_puts(o, "### ");
	md_text(o, t->title, strlen(t->title));
	mops_out_puts(o, "\n\n");
	md_text(o, t->definition, strlen(t->definition));
	mops_out_puts(o, "\n\n|");
	for (c = 0; c < t->ncols; c++) {
		mops_out_putc(o, ' ');
		md_text(o, t->cols[c], strlen(t->cols[c]));
		mops_out_puts(o, " |");
	}
	mops_out_puts(o, "\n|");
	for (c = 0; c < t->ncols; c++)
		mops_out_puts(o, t->nrows && is_numeric(&t->cells[c]) ? " --: |" :
		    " --- |");
	mops_out_putc(o, '\n');
	for (r = 0; r < t->nrows; r++) {
		mops_out_putc(o, '|');
		for (c = 0; c < t->ncols; c++) {
			mops_buf_reset(&b);
			cell_format(&t->cells[r * (size_t)t->ncols + (size_t)c], 1, &b);
			mops_out_putc(o, ' ');
			md_text(o, mops_buf_str(&b), b.len);
			mops_out_puts(o, " |");
		}
		mops_out_putc(o, '\n');
	}
	mops_buf_free(&b);
}

void
tables_write(mops_out *o, enum out_format f, struct table **t, size_t nt,
    const struct params *p)
{
	size_t i;

	if (f == F_HTML) {
		html_write(o, t, nt, p);
		return;
	}
	for (i = 0; i < nt; i++) {
		if (t[i]->sink) {	/* written as it was built */
			table_flush(t[i]);
			if (f == F_CSV || f == F_TSV)
				return;
			continue;
		}
		switch (f) {
		case F_TABLE:
			if (i)
				mops_out_putc(o, '\n');
			write_aligned(o, t[i]);
			break;
		case F_MARKDOWN:
			if (i)
				mops_out_putc(o, '\n');
			write_markdown(o, t[i]);
			break;
		case F_CSV:
			write_delimited(o, t[i], ',');
			return;		/* one table per CSV: see --table */
		case F_TSV:
			write_delimited(o, t[i], '\t');
			return;
		case F_NDJSON:
			write_ndjson(o, t[i]);
			break;
		default:
			break;
		}
	}
}

void
tables_write_definitions(mops_out *o, struct table **t, size_t nt)
{
	size_t i;

	for (i = 0; i < nt; i++) {
		mops_out_printf(o, "%s%s: ", i ? "\n" : "", t[i]->name);
		put_safe(o, t[i]->title, strlen(t[i]->title));
		mops_out_putc(o, '\n');
		wrap_comment(o, "  ", t[i]->definition, 76);
	}
}
