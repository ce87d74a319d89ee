#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "csv.h"
#include "recwrite.h"
#include "util.h"

struct mops_recwriter {
	mops_out *o;
	enum mops_format fmt;
	char **cols;
	size_t ncols;
	int header_done;
};

static void
set_columns(mops_recwriter *w, const char *list)
{
	const char *p = list;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);

		if (n) {
			w->cols = mops_xrealloc(w->cols, (w->ncols + 1) * sizeof(*w->cols));
			w->cols[w->ncols++] = mops_xstrndup(p, n);
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

mops_recwriter *
mops_recwriter_new(mops_out *o, enum mops_format fmt, const char *columns)
{
	mops_recwriter *w = mops_xcalloc(1, sizeof(*w));

	w->o = o;
	w->fmt = fmt;
	if (columns)
		set_columns(w, columns);
	return w;
}

static void
pick_columns(mops_recwriter *w, const mops_json *rec)
{
	size_t i, n;
	const struct mops_field *f = mops_canon_fields(
	    mops_canon_type(mops_json_get_str(rec, "type")), &n);

	if (w->ncols)
		return;
	/* the canonical columns of lists that go back into a marketing tool */
	for (i = 0; i < n; i++)
		if (f[i].csv) {
			w->cols = mops_xrealloc(w->cols, (w->ncols + 1) * sizeof(*w->cols));
			w->cols[w->ncols++] = mops_xstrdup(f[i].name);
		}
	if (!w->ncols)
		for (i = 0; i < rec->len; i++)
			if (rec->u.members[i].key[0] != '_') {
				w->cols = mops_xrealloc(w->cols,
				    (w->ncols + 1) * sizeof(*w->cols));
				w->cols[w->ncols++] = mops_xstrdup(rec->u.members[i].key);
			}
}

void
mops_recwriter_write(mops_recwriter *w, const mops_json *rec)
{
	char delim = w->fmt == MOPS_FMT_TSV ? '\t' : ',';
	size_t i;

	if (w->fmt == MOPS_FMT_NDJSON || w->fmt == MOPS_FMT_SINGER) {
		mops_out_json_line(w->o, rec);
		return;
	}
	if (!w->header_done) {
		pick_columns(w, rec);
		for (i = 0; i < w->ncols; i++)
			mops_csv_field(w->o, w->cols[i], strlen(w->cols[i]), delim, i == 0, 0);
		mops_csv_end_row(w->o);
		w->header_done = 1;
	}
	for (i = 0; i < w->ncols; i++) {
		const mops_json *v = mops_json_get(rec, w->cols[i]);
		char *text;

		if (!v || v->type == MOPS_JNULL) {
			mops_csv_field(w->o, "", 0, delim, i == 0, 0);
			continue;
		}
		switch (v->type) {
		case MOPS_JSTRING:
			mops_csv_field(w->o, v->u.s, v->len, delim, i == 0, 0);
			break;
		case MOPS_JNUMBER:
			mops_csv_field(w->o, v->u.s, v->len, delim, i == 0, 1);
			break;
		case MOPS_JTRUE:
			mops_csv_field(w->o, "true", 4, delim, i == 0, 0);
			break;
		case MOPS_JFALSE:
			mops_csv_field(w->o, "false", 5, delim, i == 0, 0);
			break;
		default:
			text = mops_json_dumps(v);
			mops_csv_field(w->o, text, strlen(text), delim, i == 0, 0);
			free(text);
		}
	}
	mops_csv_end_row(w->o);
}

void
mops_recwriter_free(mops_recwriter *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->ncols; i++)
		free(w->cols[i]);
	free(w->cols);
	free(w);
}
