/*
 * html.c - one self-contained HTML page: inline CSS, inline SVG charts, no
 * scripts and no external resources, so it opens offline and prints.  Every
 * piece of data goes through esc().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mtime.h"
#include "out.h"
#include "report.h"
#include "util.h"

static void
esc(mops_out *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '&': mops_out_puts(o, "&amp;"); break;
		case '<': mops_out_puts(o, "&lt;"); break;
		case '>': mops_out_puts(o, "&gt;"); break;
		case '"': mops_out_puts(o, "&quot;"); break;
		case '\'': mops_out_puts(o, "&#39;"); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				mops_out_putc(o, ' ');
			else
				mops_out_putc(o, ch);
		}
	}
}

static void
escs(mops_out *o, const char *s)
{
	esc(o, s, strlen(s));
}

/* At most max code points of s, cut on a character boundary, "…" added. */
static void
esc_trunc(mops_out *o, const char *s, size_t max)
{
	size_t i, cp = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && cp++ == max) {
			esc(o, s, i);
			mops_out_puts(o, "\xe2\x80\xa6");
			return;
		}
	}
	escs(o, s);
}

static const char css[] =
"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,"
"sans-serif;color:#1d2330;background:#f6f7f9;margin:0}"
"header{background:#1f3a5f;color:#fff;padding:18px 32px}"
"header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}"
"nav{padding:10px 32px;background:#e8ecf2;font-size:13px}"
"nav a{margin-right:14px;color:#1f3a5f}"
"main{max-width:1200px;margin:0 auto;padding:8px 24px 40px}"
"section{background:#fff;border:1px solid #dde2ea;border-radius:6px;"
"margin:18px 0;padding:14px 18px;break-inside:avoid-page}"
"h2{font-size:17px;margin:0 0 4px}"
".def{color:#4a5568;font-size:12.5px;margin:0 0 10px;max-width:70em}"
".scroll{overflow-x:auto;max-height:520px;overflow-y:auto}"
"table{border-collapse:collapse;font-size:12.5px;font-variant-numeric:"
"tabular-nums}"
"th,td{padding:3px 9px;border-bottom:1px solid #e6e9ef;text-align:left;"
"white-space:nowrap}"
"th{background:#f0f3f7;position:sticky;top:0;white-space:normal;"
"vertical-align:bottom;max-width:8em}td.n,th.n{text-align:right}"
"td.null{color:#a0aec0;text-align:right}"
"tr.spike td{background:#fff1f0}tr.drop td{background:#fff8e6}"
"svg{display:block;margin:6px 0 12px;max-width:100%;height:auto}"
"svg text{font:11px system-ui,sans-serif;fill:#2d3748}"
".empty{color:#718096;font-style:italic}"
".cap{font-size:12px;color:#4a5568;margin:8px 0 0}"
".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0}"
".card{background:#fff;border:1px solid #dde2ea;border-radius:6px;"
"padding:10px 16px;min-width:130px}"
".card .v{font-size:22px;font-weight:600;color:#1f3a5f;"
"font-variant-numeric:tabular-nums}"
".card .l{font-size:13px;font-weight:600}.card .s{font-size:11px;color:#718096}"
"@media print{body{background:#fff}header{background:#fff;color:#000;"
"padding:0 0 8px}nav{display:none}section{border:0;padding:0}"
".scroll{max-height:none;overflow:visible}th{position:static}"
"table{font-size:9px}th,td{padding:1px 4px;white-space:normal;"
"overflow-wrap:anywhere}main{max-width:none;padding:0}}";

static double
cell_value(const struct cell *c, int *ok)
{
	*ok = 1;
	switch (c->kind) {
	case C_INT: return (double)c->i;
	case C_NUM: case C_RATIO: return c->d;
	default: *ok = 0; return 0;
	}
}

/* Horizontal bars: the values of column v summed per label of column l. */
static void
chart_bars(mops_out *o, const struct table *t, int funnel)
{
	enum { MAXB = 24 };
	char *lab[MAXB];
	double val[MAXB], max = 0;
	struct cell fmt[MAXB];
	size_t nb = 0, r, i;
	int ok, kind = C_INT;
	struct mops_buf b = MOPS_BUF_INIT;
	const int W = 760, LW = 190, RH = 24;

	for (r = 0; r < t->nrows; r++) {
		const struct cell *row = t->cells + r * (size_t)t->ncols;
		const struct cell *lc = &row[t->chart_label];
		double v = cell_value(&row[t->chart_value], &ok);
		if (!ok || lc->kind != C_TEXT)
			continue;
		kind = row[t->chart_value].kind;
		for (i = 0; i < nb; i++)
			if (strcmp(lab[i], lc->s) == 0)
				break;
		if (i == nb) {
			if (nb == MAXB)
				continue;
			lab[nb] = lc->s;
			val[nb++] = 0;
		}
		/* ratios are not additive: keep the first (the total row last) */
		if (kind == C_RATIO && val[i] != 0)
			continue;
		val[i] += v;
	}
	if (nb == 0)
		return;
	mops_out_puts(o, "<p class=\"cap\">Chart: ");
	escs(o, t->cols[t->chart_value]);
	mops_out_puts(o, " by ");
	escs(o, t->cols[t->chart_label]);
	if (nb == MAXB)
		mops_out_puts(o, " (first 24)");
	mops_out_puts(o, "</p>");
	for (i = 0; i < nb; i++)
		if (val[i] > max)
			max = val[i];
	mops_out_printf(o, "<svg role=\"img\" viewBox=\"0 0 %d %zu\" width=\"%d\" "
	    "height=\"%zu\"><title>", W, nb * RH + 10, W, nb * RH + 10);
	escs(o, t->title);
	mops_out_puts(o, "</title>");
	for (i = 0; i < nb; i++) {
		double w = max > 0 ? (val[i] / max) * (W - LW - 90) : 0;
		double x = LW;
		if (w < 0)
			w = 0;
		if (funnel)
			x = LW + ((W - LW - 90) - w) / 2;
		memset(&fmt[i], 0, sizeof fmt[i]);
		fmt[i].kind = (enum cell_kind)kind;
		if (kind == C_INT)
			fmt[i].i = (int64_t)val[i];
		else
			fmt[i].d = val[i];
		fmt[i].dec = kind == C_NUM ? 2 : 0;
		mops_out_printf(o, "<text x=\"%d\" y=\"%zu\" text-anchor=\"end\">",
		    LW - 8, i * RH + 21);
		esc_trunc(o, lab[i], 28);
		mops_out_printf(o, "</text><rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" "
		    "height=\"%d\" rx=\"2\" fill=\"%s\"/>", x, i * RH + 8, w, RH - 6,
		    funnel ? "#3b6ea8" : "#4c8c6b");
		mops_buf_reset(&b);
		cell_format(&fmt[i], 1, &b);
		mops_out_printf(o, "<text x=\"%.1f\" y=\"%zu\">", funnel ?
		    (double)(W - 82) : x + w + 6, i * RH + 21);
		esc(o, mops_buf_str(&b), b.len);
		mops_out_puts(o, "</text>");
	}
	mops_out_puts(o, "</svg>\n");
	mops_buf_free(&b);
}

/* Weekly trend lines: one small chart per series (metric and group). */
static void
chart_trend(mops_out *o, const struct table *t)
{
	size_t r = 0, start, i, shown = 0;
	const int W = 760, H = 130, L = 50, R = 20, T = 22, B = 22;
	struct mops_buf key = MOPS_BUF_INIT, k2 = MOPS_BUF_INIT;
	int c, ok;

	if (t->nrows)
		mops_out_printf(o, "<p class=\"cap\">Charts: weekly value per series "
		    "(first 12); red dots are spikes, amber dots drops.</p>");
	while (r < t->nrows && shown < 12) {
		double max = 0, v;
		size_t n;
		const struct cell *row = t->cells + r * (size_t)t->ncols;
		mops_buf_reset(&key);
		for (c = 0; c < t->chart_label; c++)
			if (row[c].kind == C_TEXT)
				mops_buf_printf(&key, "%s%s", c ? " / " : "", row[c].s);
		start = r;
		for (; r < t->nrows; r++) {
			row = t->cells + r * (size_t)t->ncols;
			mops_buf_reset(&k2);
			for (c = 0; c < t->chart_label; c++)
				if (row[c].kind == C_TEXT)
					mops_buf_printf(&k2, "%s%s", c ? " / " : "",
					    row[c].s);
			if (strcmp(mops_buf_str(&k2), mops_buf_str(&key)) != 0)
				break;
			v = cell_value(&row[t->chart_value], &ok);
			if (ok && v > max)
				max = v;
		}
		n = r - start;
		shown++;
		mops_out_printf(o, "<svg role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		    "height=\"%d\"><title>", W, H, W, H);
		esc(o, mops_buf_str(&key), key.len);
		mops_out_puts(o, "</title><text x=\"4\" y=\"14\" font-weight=\"bold\">");
		esc(o, mops_buf_str(&key), key.len);
		mops_out_printf(o, "</text><text x=\"%d\" y=\"14\" text-anchor=\"end\">"
		    "max %.0f</text>", W - R, max);
		mops_out_printf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "stroke=\"#cbd2dc\"/>", L, H - B, W - R, H - B);
		mops_out_puts(o, "<polyline fill=\"none\" stroke=\"#3b6ea8\" "
		    "stroke-width=\"2\" points=\"");
		for (i = 0; i < n; i++) {
			row = t->cells + (start + i) * (size_t)t->ncols;
			v = cell_value(&row[t->chart_value], &ok);
			mops_out_printf(o, "%.1f,%.1f ", L + (n > 1 ? (double)i *
			    (W - L - R) / (double)(n - 1) : 0), (H - B) - (max > 0 ?
			    v / max * (H - T - B) : 0));
		}
		mops_out_puts(o, "\"/>");
		for (i = 0; i < n; i++) {
			const struct cell *fl;
			row = t->cells + (start + i) * (size_t)t->ncols;
			fl = &row[t->ncols - 1];
			if (i == 0 || i + 1 == n) {
				mops_out_printf(o, "<text x=\"%.1f\" y=\"%d\" text-anchor="
				    "\"%s\">", L + (n > 1 ? (double)i * (W - L - R) /
				    (double)(n - 1) : 0), H - 6, i == 0 ? "start" : "end");
				if (row[t->chart_label].kind == C_TEXT)
					escs(o, row[t->chart_label].s);
				mops_out_puts(o, "</text>");
			}
			if (fl->kind != C_TEXT)
				continue;
			v = cell_value(&row[t->chart_value], &ok);
			mops_out_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
			    "fill=\"%s\"><title>", L + (n > 1 ? (double)i * (W - L - R) /
			    (double)(n - 1) : 0), (H - B) - (max > 0 ? v / max *
			    (H - T - B) : 0), strcmp(fl->s, "spike") == 0 ? "#c53030" :
			    "#d69e2e");
			escs(o, fl->s);
			mops_out_puts(o, "</title></circle>");
		}
		mops_out_puts(o, "</svg>\n");
	}
	mops_buf_free(&key);
	mops_buf_free(&k2);
}

static void
write_table(mops_out *o, const struct table *t)
{
	struct mops_buf b = MOPS_BUF_INIT;
	size_t r;
	int c;

	mops_out_puts(o, "<section id=\"");
	escs(o, t->name);
	mops_out_puts(o, "\"><h2>");
	escs(o, t->title);
	mops_out_puts(o, "</h2><p class=\"def\">");
	escs(o, t->definition);
	mops_out_puts(o, "</p>\n");
	if (t->chart == CH_FUNNEL || t->chart == CH_BARS)
		chart_bars(o, t, t->chart == CH_FUNNEL);
	else if (t->chart == CH_TREND)
		chart_trend(o, t);
	if (t->nrows == 0) {
		mops_out_puts(o, "<p class=\"empty\">No rows.</p></section>\n");
		return;
	}
	mops_out_puts(o, "<div class=\"scroll\"><table><thead><tr>");
	for (c = 0; c < t->ncols; c++) {
		const char *h = t->cols[c], *u;
		const struct cell *c0 = &t->cells[c];
		mops_out_puts(o, c0->kind == C_INT || c0->kind == C_NUM ||
		    c0->kind == C_RATIO ? "<th class=\"n\">" : "<th>");
		/* long snake_case names may break after an underscore */
		while ((u = strchr(h, '_'))) {
			esc(o, h, (size_t)(u - h) + 1);
			mops_out_puts(o, "<wbr>");
			h = u + 1;
		}
		escs(o, h);
		mops_out_puts(o, "</th>");
	}
	mops_out_puts(o, "</tr></thead><tbody>\n");
	for (r = 0; r < t->nrows; r++) {
		const struct cell *row = t->cells + r * (size_t)t->ncols;
		const struct cell *fl = &row[t->ncols - 1];
		if (t->chart == CH_TREND && fl->kind == C_TEXT)
			mops_out_printf(o, "<tr class=\"%s\">", strcmp(fl->s, "spike") ==
			    0 ? "spike" : "drop");
		else
			mops_out_puts(o, "<tr>");
		for (c = 0; c < t->ncols; c++) {
			const struct cell *ce = &row[c];
			mops_buf_reset(&b);
			cell_format(ce, 1, &b);
			mops_out_puts(o, ce->kind == C_NULL ? "<td class=\"null\">" :
			    ce->kind == C_TEXT ? "<td>" : "<td class=\"n\">");
			esc(o, mops_buf_str(&b), b.len);
			mops_out_puts(o, "</td>");
		}
		mops_out_puts(o, "</tr>\n");
	}
	mops_out_puts(o, "</tbody></table></div></section>\n");
	mops_buf_free(&b);
}

/* ---- headline figures ---- */

static const struct table *
find_table(struct table **t, size_t nt, const char *name)
{
	size_t i;

	for (i = 0; i < nt; i++)
		if (strcmp(t[i]->name, name) == 0)
			return t[i];
	return NULL;
}

static int
col_of(const struct table *t, const char *name)
{
	int c;

	for (c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c], name) == 0)
			return c;
	return -1;
}

/* Sum of column col over rows whose column kc (if >= 0) is kv; *n rows. */
static double
col_sum(const struct table *t, const char *col, const char *kc, const char *kv,
    size_t *n)
{
	int c = col_of(t, col), k = kc ? col_of(t, kc) : -1, ok;
	double sum = 0;
	size_t r;

	*n = 0;
	if (c < 0 || (kc && k < 0))
		return 0;
	for (r = 0; r < t->nrows; r++) {
		const struct cell *row = t->cells + r * (size_t)t->ncols;
		double v = cell_value(&row[c], &ok);
		if (k >= 0 && (row[k].kind != C_TEXT || strcmp(row[k].s, kv) != 0))
			continue;
		if (ok) {
			sum += v;
			(*n)++;
		}
	}
	return sum;
}

static void
card(mops_out *o, const char *label, const struct cell *v, const char *note)
{
	struct mops_buf b = MOPS_BUF_INIT;

	cell_format(v, 1, &b);
	mops_out_puts(o, "<div class=\"card\"><div class=\"v\">");
	esc(o, mops_buf_str(&b), b.len);
	mops_out_puts(o, "</div><div class=\"l\">");
	escs(o, label);
	mops_out_puts(o, "</div><div class=\"s\">");
	escs(o, note);
	mops_out_puts(o, "</div></div>");
	mops_buf_free(&b);
}

/* A row of headline figures, each taken from a table shown below it. */
static void
headlines(mops_out *o, struct table **t, size_t nt)
{
	const struct table *x;
	struct cell c;
	size_t n;

	memset(&c, 0, sizeof c);
	mops_out_puts(o, "<div class=\"cards\">");
	if ((x = find_table(t, nt, "funnel"))) {
		cell_int(&c, (int64_t)col_sum(x, "current", NULL, NULL, &n));
		card(o, "People", &c, "funnel: current, all stages");
		cell_int(&c, (int64_t)col_sum(x, "reached", "stage", "mql", &n));
		card(o, "Reached MQL", &c, "funnel: reached mql");
		cell_int(&c, (int64_t)col_sum(x, "reached", "stage", "customer", &n));
		card(o, "Customers", &c, "funnel: reached customer");
	}
	if ((x = find_table(t, nt, "sla"))) {
		int k = col_of(x, "compliance");
		if (k >= 0 && x->nrows) {
			card(o, "SLA compliance", &x->cells[(x->nrows - 1) *
			    (size_t)x->ncols + (size_t)k], "sla: (all) row");
			}
	}
	if ((x = find_table(t, nt, "attribution_sourcing"))) {
		cell_num(&c, col_sum(x, "sourced_pipeline", NULL, NULL, &n), 2);
		card(o, "Pipeline", &c, "sum of sourced pipeline");
		cell_num(&c, col_sum(x, "sourced_revenue", NULL, NULL, &n), 2);
		card(o, "Revenue", &c, "sum of sourced revenue");
	}
	if ((x = find_table(t, nt, "campaigns"))) {
		cell_num(&c, col_sum(x, "cost", NULL, NULL, &n), 2);
		card(o, "Cost", &c, "campaigns: cost");
	}
	if ((x = find_table(t, nt, "experiment")) && x->nrows > 1) {
		/* the first variant against the control (row 0) */
		int k = col_of(x, "p_value");
		char note[96];
		snprintf(note, sizeof note, "experiment: %.40s vs %.40s",
		    x->cells[x->ncols].kind == C_TEXT ? x->cells[x->ncols].s : "",
		    x->cells[0].kind == C_TEXT ? x->cells[0].s : "");
		if (k >= 0)
			card(o, "Test p-value", &x->cells[(size_t)x->ncols + (size_t)k],
			    note);
	}
	if ((x = find_table(t, nt, "lifecycle_records"))) {
		cell_int(&c, (int64_t)x->nrows);
		card(o, "Stage findings", &c, "lifecycle: records");
	}
	if ((x = find_table(t, nt, "anomalies"))) {
		size_t sp, dr;
		int k = col_of(x, "flag");
		size_t r;
		for (r = sp = dr = 0; k >= 0 && r < x->nrows; r++) {
			const struct cell *f = &x->cells[r * (size_t)x->ncols +
			    (size_t)k];
			if (f->kind == C_TEXT)
				*(strcmp(f->s, "spike") == 0 ? &sp : &dr) += 1;
		}
		cell_int(&c, (int64_t)sp);
		card(o, "Spikes", &c, "anomalies: weeks flagged");
		cell_int(&c, (int64_t)dr);
		card(o, "Drops", &c, "anomalies: weeks flagged");
	}
	mops_out_puts(o, "</div>\n");
}

void
html_write(mops_out *o, struct table **t, size_t nt, const struct params *p)
{
	struct mops_time tm = { 0 };
	char now[40];
	size_t i;

	tm.sec = p->now;
	mops_time_format(&tm, now, sizeof now);
	mops_out_puts(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,"
	    "initial-scale=1\"><title>mops report: ");
	escs(o, p->report_name);
	mops_out_puts(o, "</title><style>");
	mops_out_puts(o, css);
	mops_out_puts(o, "</style></head><body>\n<header><h1>Marketing-ops report: ");
	escs(o, p->report_name);
	mops_out_puts(o, "</h1><p>As of ");
	escs(o, now);
	if (p->nby > 0 && p->by_given) {
		int j;
		mops_out_puts(o, " &middot; by ");
		for (j = 0; j < p->nby; j++) {
			if (j)
				mops_out_puts(o, ", ");
			escs(o, p->by[j]);
		}
	}
	if (p->period != P_NONE) {
		mops_out_puts(o, " &middot; per ");
		escs(o, period_name(p->period));
	}
	mops_out_puts(o, " &middot; mops-report " MOPS_VERSION "</p></header>\n<nav>");
	for (i = 0; i < nt; i++) {
		mops_out_puts(o, "<a href=\"#");
		escs(o, t[i]->name);
		mops_out_puts(o, "\">");
		escs(o, t[i]->title);
		mops_out_puts(o, "</a>");
	}
	mops_out_puts(o, "</nav>\n<main>\n");
	if (nt > 1)
		headlines(o, t, nt);
	for (i = 0; i < nt; i++)
		write_table(o, t[i]);
	mops_out_puts(o, "</main></body></html>\n");
}
