/*
 * reports.c - build each report's tables from the store, with the definition
 * printed beside every table.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mtime.h"
#include "report.h"
#include "util.h"

struct ctx {
	struct store *st;
	const struct params *p;
	struct agg **all;
	size_t nall;
	struct table **t;
	size_t nt, ct;
	struct mops_buf k;
	mops_out *sink;		/* stream the funnel table here (or NULL) */
	enum out_format sinkfmt;
};

static int
strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_i64_p(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
push(struct ctx *c, struct table *t)
{
	c->t = mops_xgrow(c->t, &c->ct, c->nt + 1, sizeof *c->t);
	c->t[c->nt++] = t;
}

/* The aggregate kind KSEP group KSEP parts..., or NULL.  g is a group string
 * as returned by groups() (KSEP-prefixed parts). */
static struct agg *
look(struct ctx *c, const char *kind, const char *g, ...)
{
	va_list ap;
	const char *s;

	kb_start(&c->k, kind);
	mops_buf_adds(&c->k, g);
	va_start(ap, g);
	while ((s = va_arg(ap, const char *)))
		kb_add(&c->k, s);
	va_end(ap);
	return store_find(c->st, c->k.s, c->k.len);
}

static int64_t
nof(const struct agg *a)
{
	return a ? a->n : 0;
}

static double
sumof(const struct agg *a)
{
	return a ? agg_sum(a) : 0;
}

/* Distinct group strings (KSEP-prefixed, ngroup parts) of keys of the given
 * kinds, sorted; a NULL-terminated array of new strings. */
static char **
groups(struct ctx *c, const char *const *kinds, int ngroup, size_t *n)
{
	char **v = NULL;
	size_t cv = 0, nv = 0, i, j;

	for (i = 0; i < c->nall; i++) {
		struct agg *a = c->all[i];
		const char *e = a->key + a->klen, *p, *start;
		size_t kl;
		int g, match = 0;
		for (j = 0; kinds[j]; j++) {
			kl = strlen(kinds[j]);
			if (a->klen >= kl && memcmp(a->key, kinds[j], kl) == 0 &&
			    (a->klen == kl || a->key[kl] == KSEP))
				match = (int)kl;
		}
		if (!match)
			continue;
		start = p = a->key + match;
		for (g = 0; g < ngroup && p < e; g++) {
			p++;
			while (p < e && *p != KSEP)
				p++;
		}
		if (nv && strlen(v[nv - 1]) == (size_t)(p - start) &&
		    memcmp(v[nv - 1], start, (size_t)(p - start)) == 0)
			continue;
		v = mops_xgrow(v, &cv, nv + 2, sizeof *v);
		v[nv++] = mops_xstrndup(start, (size_t)(p - start));
		v[nv] = NULL;
	}
	if (!v)
		v = mops_xcalloc(1, sizeof *v);
	/* sort, then drop repeats: linear in the keys, not quadratic */
	qsort(v, nv, sizeof *v, strcmp_p);
	for (i = j = 0; i < nv; i++) {
		if (j && strcmp(v[j - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[j++] = v[i];
	}
	v[j] = NULL;
	*n = j;
	return v;
}

static void
free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* Fills the group cells from g (KSEP-prefixed parts). */
static void
group_cells(struct cell *row, const char *g, int ngroup)
{
	int i;

	for (i = 0; i < ngroup; i++) {
		const char *e;
		char *s;
		if (*g == KSEP)
			g++;
		e = strchr(g, KSEP);
		if (!e)
			e = g + strlen(g);
		s = mops_xstrndup(g, (size_t)(e - g));
		cell_text(&row[i], s);
		free(s);
		g = e;
	}
}

/* Column names: the --by fields then rest (NULL-terminated). */
static const char **
cols_with(int nby, const char *const *by, int *n, ...)
{
	const char **v = mops_xcalloc(64, sizeof *v);
	const char *s;
	va_list ap;
	int i = 0, j;

	for (j = 0; j < nby && i < 60; j++)
		v[i++] = by[j];
	va_start(ap, n);
	while ((s = va_arg(ap, const char *)) && i < 63)
		v[i++] = s;
	va_end(ap);
	*n = i;
	return v;
}

static void
stage_str(int s, char *t)
{
	t[0] = (char)('0' + s);
	t[1] = 0;
}

/* Median and p90 of sorted v, divided by unit, both by linear interpolation
 * between the closest ranks (PERCENTILE_CONT, numpy.percentile's default,
 * Excel PERCENTILE.INC): q at rank h = (n - 1) q, v[floor h] + (h - floor h) x
 * (v[floor h + 1] - v[floor h]).  The median of an even count is thus the mean
 * of the two middle values.  h is computed in integers (tenths) so that it is
 * exact. */
static double
pct(const int64_t *v, size_t n, unsigned tenths)
{
	size_t h10 = (n - 1) * tenths, lo = h10 / 10;
	double frac = (double)(h10 % 10) / 10;

	if (lo + 1 >= n || frac == 0)
		return (double)v[lo];
	return (double)v[lo] + frac * ((double)v[lo + 1] - (double)v[lo]);
}

static void
quantiles(const struct agg *a, double unit, struct cell *med, struct cell *p90)
{
	size_t n = a ? a->nv : 0;

	if (!n)
		return;
	cell_num(med, pct(a->v, n, 5) / unit, 2);
	cell_num(p90, pct(a->v, n, 9) / unit, 2);
}

/* ---- funnel ---- */

/*
 * The funnel reads the store in one sorted pass, not by a lookup per group and
 * stage: with many groups (--by email_domain) the lookups missed the cache on
 * every probe and cost more than reading the input.  Each entry is one
 * aggregate of a funnel kind with its group part; entries sorted by group
 * (ties: store order) give each group's aggregates as one run.
 */
enum { FK_FU, FK_FR, FK_FC, FK_PR, FK_N };

struct fent {
	uint64_t pre, pre2;	/* key_prefix() of the group part */
	const char *g;		/* the group part of the key (KSEP-prefixed parts) */
	size_t glen;
	size_t idx;		/* in ctx.all */
	int kind;		/* FK_* */
};

static int
cmp_fent(const void *a, const void *b)
{
	const struct fent *x = a, *y = b;
	size_t n = x->glen < y->glen ? x->glen : y->glen;
	int c;

	if (x->pre != y->pre)
		return x->pre < y->pre ? -1 : 1;
	if (x->pre2 != y->pre2)
		return x->pre2 < y->pre2 ? -1 : 1;
	/* the prefixes held the shorter group whole: equal so far */
	c = n <= 16 ? 0 : memcmp(x->g, y->g, n);
	if (c)
		return c;
	if (x->glen != y->glen)
		return (x->glen > y->glen) - (x->glen < y->glen);
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static struct fent *
funnel_entries(struct ctx *c, size_t *n)
{
	static const char *const kinds[FK_N] = { "fu", "fr", "fc", "pr" };
	struct fent *v = mops_xcalloc(c->nall + 1, sizeof *v);
	size_t i, k = 0;
	int j, g;

	for (i = 0; i < c->nall; i++) {
		const struct agg *a = c->all[i];
		const char *e = a->key + a->klen, *p;
		if (a->klen < 2 || (a->klen > 2 && a->key[2] != KSEP))
			continue;
		for (j = 0; j < FK_N; j++)
			if (memcmp(a->key, kinds[j], 2) == 0)
				break;
		if (j == FK_N)
			continue;
		p = a->key + 2;
		for (g = 0; g < c->p->nby && p < e; g++) {
			p++;
			while (p < e && *p != KSEP)
				p++;
		}
		v[k].g = a->key + 2;
		v[k].glen = (size_t)(p - (a->key + 2));
		v[k].pre = key_prefix(v[k].g, v[k].glen, 0);
		v[k].pre2 = key_prefix(v[k].g, v[k].glen, 8);
		v[k].idx = i;
		v[k++].kind = j;
	}
	qsort(v, k, sizeof *v, cmp_fent);
	*n = k;
	return v;
}

/* The stage part of an entry's key (after the group), without its KSEP. */
static const char *
fent_rest(const struct ctx *c, const struct fent *f, size_t *len)
{
	const struct agg *a = c->all[f->idx];
	const char *r = f->g + f->glen, *e = a->key + a->klen;

	if (r >= e || *r != KSEP) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)(e - r - 1);
	return r + 1;
}

/* The group string of a run, NUL-terminated, in *b. */
static const char *
fent_group(const struct fent *f, struct mops_buf *b)
{
	mops_buf_reset(b);
	mops_buf_add(b, f->g, f->glen);
	return mops_buf_str(b);
}

static void
funnel(struct ctx *c)
{
	const struct params *p = c->p;
	size_t nf, i, j, k;
	struct fent *fe = funnel_entries(c, &nf);
	struct mops_buf gb = MOPS_BUF_INIT;
	int nc, s;
	const char **cols = cols_with(p->nby, (const char *const *)p->by, &nc,
	    "stage", "current", "reached", "next_stage", "converted", "conversion",
	    (char *)NULL);
	struct table *t = table_new("funnel", "funnel", "Funnel by lifecycle stage",
	    "current: records whose lifecycle_stage is the stage now. reached: "
	    "records that reached the stage: stage_dates has it, or the current "
	    "stage is at or past it in the order subscriber < lead < mql < sql < "
	    "opportunity < customer < evangelist (other is unordered); records "
	    "without a date for the stage count here but in no period cohort. "
	    "converted: records that reached both the stage and the next one. "
	    "conversion = converted / reached.", nc, cols);
	char st[2];

	t->chart = CH_FUNNEL;
	t->chart_label = p->nby;
	t->chart_value = p->nby + 2;
	if (c->sink && c->nt == 0)	/* only the first table streams */
		table_stream(t, c->sink, c->sinkfmt);
	for (i = 0; i < nf; i = j) {
		/* counts of current (stages, other, (none)), reached, converted */
		int64_t cur[NSTAGES + 2] = { 0 }, fr[NSTAGES] = { 0 },
		    fc[NSTAGES] = { 0 };
		int has_cur[NSTAGES + 2] = { 0 }, listed = 0;
		const char *g;
		for (j = i; j < nf && fe[j].glen == fe[i].glen &&
		    memcmp(fe[j].g, fe[i].g, fe[i].glen) == 0; j++) {
			const struct agg *a = c->all[fe[j].idx];
			size_t rl;
			const char *r = fent_rest(c, &fe[j], &rl);
			int si = -1;
			if (fe[j].kind != FK_FC)
				listed = 1;	/* as groups() of fu, fr, pr */
			if (!r || fe[j].kind == FK_PR)
				continue;
			if (rl == 1 && r[0] >= '0' && r[0] < '0' + NSTAGES)
				si = r[0] - '0';
			else if (fe[j].kind == FK_FU && rl == 5 &&
			    memcmp(r, "other", 5) == 0)
				si = NSTAGES;
			else if (fe[j].kind == FK_FU && rl == 6 &&
			    memcmp(r, "(none)", 6) == 0)
				si = NSTAGES + 1;
			if (si < 0)
				continue;
			if (fe[j].kind == FK_FU) {
				cur[si] += a->n;
				has_cur[si] = 1;
			} else if (si < NSTAGES) {
				if (fe[j].kind == FK_FR)
					fr[si] += a->n;
				else
					fc[si] += a->n;
			}
		}
		if (!listed)
			continue;
		g = fent_group(&fe[i], &gb);
		for (s = 0; s < NSTAGES; s++) {
			struct cell *r = table_row(t);
			group_cells(r, g, p->nby);
			cell_text(&r[p->nby], stage_names[s]);
			cell_int(&r[p->nby + 1], cur[s]);
			cell_int(&r[p->nby + 2], fr[s]);
			if (s + 1 < NSTAGES) {
				cell_text(&r[p->nby + 3], stage_names[s + 1]);
				cell_int(&r[p->nby + 4], fc[s]);
				cell_ratio(&r[p->nby + 5], (double)fc[s], (double)fr[s]);
			}
		}
		for (s = 0; s < 2; s++) {
			struct cell *r;
			if (!has_cur[NSTAGES + s])
				continue;
			r = table_row(t);
			group_cells(r, g, p->nby);
			cell_text(&r[p->nby], s ? "(none)" : "other");
			cell_int(&r[p->nby + 1], cur[NSTAGES + s]);
		}
		if (t->nrows >= 4096)
			table_flush(t);
	}
	push(c, t);
	free(cols);
	if (p->period == P_NONE) {
		free(fe);
		mops_buf_free(&gb);
		return;
	}
	cols = cols_with(p->nby, (const char *const *)p->by, &nc, "period",
	    "from_stage", "to_stage", "reached_from", "reached_to", "period_ratio",
	    "cohort_converted", "cohort_conversion", "age_days", (char *)NULL);
	t = table_new("funnel", "funnel_periods", "Funnel conversion by period",
	    "reached_from / reached_to: records whose stage_dates put the stage "
	    "in the period (records without a date are left out). period_ratio = "
	    "reached_to / reached_from in the same period. Cohort: the records "
	    "that reached from_stage in the period; cohort_converted: those of "
	    "them that reached to_stage at any time (dated or not) up to the data "
	    "given; cohort_conversion = cohort_converted / reached_from. age_days: "
	    "whole days from the end of the period to --now (0 while the period is "
	    "open): every member of the cohort has had at least that long to "
	    "convert.", nc, cols);
	for (i = 0; i < nf; i = j) {
		/* the periods of this group, from its "pr" keys (in key order) */
		char last[16] = "";
		const char *g;
		int listed = 0;
		for (j = i; j < nf && fe[j].glen == fe[i].glen &&
		    memcmp(fe[j].g, fe[i].g, fe[i].glen) == 0; j++)
			if (fe[j].kind != FK_FC)
				listed = 1;
		if (!listed)
			continue;
		g = fent_group(&fe[i], &gb);
		for (k = i; k < j; k++) {
			const struct agg *a = c->all[fe[k].idx];
			size_t gl = fe[k].glen;
			char pbuf[16], lab[16];
			long long ps;
			int64_t age;
			if (fe[k].kind != FK_PR || a->klen < 2 + gl + 14 ||
			    a->key[2 + gl] != KSEP)
				continue;
			memcpy(pbuf, a->key + 3 + gl, 12);
			pbuf[12] = 0;
			if (strchr(pbuf, KSEP) || strcmp(pbuf, last) == 0)
				continue;
			memcpy(last, pbuf, 13);
			ps = atoll(pbuf);
			period_label(p->period, ps, lab, sizeof lab);
			age = (p->now - period_next(p->period, ps)) / 86400;
			if (age < 0)
				age = 0;
			for (s = 0; s + 1 < NSTAGES; s++) {
				char st2[2];
				int64_t a0, a1, cc;
				struct cell *r;
				stage_str(s, st);
				stage_str(s + 1, st2);
				a0 = nof(look(c, "pr", g, pbuf, st, NULL));
				a1 = nof(look(c, "pr", g, pbuf, st2, NULL));
				cc = nof(look(c, "pc", g, pbuf, st, NULL));
				if (!a0 && !a1)
					continue;
				r = table_row(t);
				group_cells(r, g, p->nby);
				cell_text(&r[p->nby], lab);
				cell_text(&r[p->nby + 1], stage_names[s]);
				cell_text(&r[p->nby + 2], stage_names[s + 1]);
				cell_int(&r[p->nby + 3], a0);
				cell_int(&r[p->nby + 4], a1);
				cell_ratio(&r[p->nby + 5], (double)a1, (double)a0);
				cell_int(&r[p->nby + 6], cc);
				cell_ratio(&r[p->nby + 7], (double)cc, (double)a0);
				cell_int(&r[p->nby + 8], age);
			}
		}
	}
	push(c, t);
	free(cols);
	free(fe);
	mops_buf_free(&gb);
}

/* ---- velocity ---- */

static void
velocity(struct ctx *c)
{
	const struct params *p = c->p;
	static const char *const kinds[] = { "vd", "vx", "va", "vn", NULL };
	size_t ng, gi, i;
	char **gs = groups(c, kinds, p->nby, &ng);
	int nc, s;
	char st[2];
	const char **cols = cols_with(p->nby, (const char *const *)p->by, &nc,
	    "from_stage", "to_stage", "records", "median_days", "p90_days",
	    "out_of_order", (char *)NULL);
	struct table *t = table_new("velocity", "velocity", "Days between stages",
	    "Days from the stage_dates of one stage to the next stage in the "
	    "lifecycle order, over records with both dates (skipped stages are "
	    "not bridged). median and p90 by linear interpolation between "
	    "the closest ranks (as PERCENTILE_CONT, numpy.percentile, Excel "
	    "PERCENTILE.INC); the median of an even count is the mean of the two "
	    "middle values. "
	    "out_of_order: records whose next stage is dated before the stage "
	    "(left out).", nc, cols);

	for (gi = 0; gi < ng; gi++)
		for (s = 0; s + 1 < NSTAGES; s++) {
			struct agg *a, *x;
			struct cell *r;
			stage_str(s, st);
			a = look(c, "vd", gs[gi], st, NULL);
			x = look(c, "vx", gs[gi], st, NULL);
			if (!a && !x)
				continue;
			r = table_row(t);
			group_cells(r, gs[gi], p->nby);
			cell_text(&r[p->nby], stage_names[s]);
			cell_text(&r[p->nby + 1], stage_names[s + 1]);
			cell_int(&r[p->nby + 2], nof(a));
			quantiles(a, 86400.0, &r[p->nby + 3], &r[p->nby + 4]);
			cell_int(&r[p->nby + 5], nof(x));
		}
	push(c, t);
	free(cols);
	cols = cols_with(p->nby, (const char *const *)p->by, &nc, "stage",
	    "in_stage", "dated", "median_age_days", "p90_age_days", "age_0_7",
	    "age_8_30", "age_31_90", "age_over_90", (char *)NULL);
	t = table_new("velocity", "aging", "Aging of records in their stage",
	    "Records whose current lifecycle_stage is the stage; dated: those "
	    "with a stage_dates entry for it at or before --now; age = --now minus "
	    "that date, in days (median and p90 as above); buckets count whole "
	    "days of age.", nc, cols);
	for (gi = 0; gi < ng; gi++)
		for (s = 0; s < NSTAGES; s++) {
			struct agg *a, *x;
			struct cell *r;
			int64_t b[4] = { 0, 0, 0, 0 };
			stage_str(s, st);
			a = look(c, "va", gs[gi], st, NULL);
			x = look(c, "vn", gs[gi], st, NULL);
			if (!a && !x)
				continue;
			for (i = 0; a && i < a->nv; i++) {
				int64_t d = a->v[i] / 86400;
				b[d <= 7 ? 0 : d <= 30 ? 1 : d <= 90 ? 2 : 3]++;
			}
			r = table_row(t);
			group_cells(r, gs[gi], p->nby);
			cell_text(&r[p->nby], stage_names[s]);
			cell_int(&r[p->nby + 1], nof(a) + nof(x));
			cell_int(&r[p->nby + 2], nof(a));
			quantiles(a, 86400.0, &r[p->nby + 3], &r[p->nby + 4]);
			for (i = 0; i < 4; i++)
				cell_int(&r[p->nby + 5 + (int)i], b[i]);
		}
	push(c, t);
	free(cols);
	free_strv(gs);
}

/* ---- SLA ---- */

static void
sla_row(int ng, struct cell *r, int64_t se, int64_t sp,
    int64_t sm, int64_t sdn, int64_t su, const struct agg *sd)
{
	cell_int(&r[ng], se + sp);
	cell_int(&r[ng + 1], se);
	cell_int(&r[ng + 2], sm);
	cell_int(&r[ng + 3], se - sm);
	cell_ratio(&r[ng + 4], (double)sm, (double)se);
	cell_int(&r[ng + 5], sp);
	cell_int(&r[ng + 6], sdn);
	cell_int(&r[ng + 7], su);
	quantiles(sd, 3600.0, &r[ng + 8], &r[ng + 9]);
}

static void
sla(struct ctx *c)
{
	const struct params *p = c->p;
	static const char *const kinds[] = { "se", "sp", "sd", "su", NULL };
	static const char *const owner[] = { "owner_id" };
	int ng = p->by_given ? p->nby : 1, nc;
	size_t n, gi;
	char **gs = groups(c, kinds, ng, &n);
	const char **cols = cols_with(ng, p->by_given ?
	    (const char *const *)p->by : owner, &nc, "mqls", "due", "met",
	    "breached", "compliance", "pending", "touched", "untouched",
	    "median_hours", "p90_hours", (char *)NULL);
	char def[1024];
	struct table *t;
	struct agg all = { 0 };
	int64_t tse = 0, tsp = 0, tsm = 0, tsu = 0;
	struct cell *r;

	snprintf(def, sizeof def, "mqls: people with stage_dates.mql at or before "
	    "--now. Speed to lead: hours from the MQL date to the first sales touch "
	    "at or after it (a touch whose touch_type is call or meeting, or with "
	    "\"sales\" or \"is_sales\" true, or with an owner_id: a rep's own "
	    "activity; touches after --now are ignored); "
	    "touches of records merged into a person count for it. SLA: %lld "
	    "seconds. due: MQLs whose deadline (MQL date + SLA) has passed at "
	    "--now; only these count: met = first sales touch by the deadline, "
	    "breached = due - met, compliance = met / due. pending: deadline not "
	    "yet passed. median/p90 hours over touched MQLs (interpolated as in velocity).",
	    (long long)p->sla);
	t = table_new("sla", "sla", "Speed to lead and SLA compliance", def, nc,
	    cols);
	t->chart = CH_BARS;
	t->chart_label = 0;
	t->chart_value = ng + 4;
	for (gi = 0; gi < n; gi++) {
		int64_t se = nof(look(c, "se", gs[gi], NULL)),
		    sp = nof(look(c, "sp", gs[gi], NULL)),
		    sm = nof(look(c, "sm", gs[gi], NULL)),
		    su = nof(look(c, "su", gs[gi], NULL));
		struct agg *sd = look(c, "sd", gs[gi], NULL);
		size_t i;
		r = table_row(t);
		group_cells(r, gs[gi], ng);
		sla_row(ng, r, se, sp, sm, nof(sd), su, sd);
		tse += se;
		tsp += sp;
		tsm += sm;
		tsu += su;
		for (i = 0; sd && i < sd->nv; i++)
			agg_addv(&all, sd->v[i]);
		all.n += nof(sd);
	}
	if (all.nv > 1)
		qsort(all.v, all.nv, sizeof *all.v, cmp_i64_p);
	r = table_row(t);
	cell_text(&r[0], "(all)");
	sla_row(ng, r, tse, tsp, tsm, all.n, tsu, &all);
	free(all.v);
	push(c, t);
	free(cols);
	free_strv(gs);
}

/* ---- attribution ---- */

static void
attribution(struct ctx *c)
{
	const struct params *p = c->p;
	const char *field = p->by_given && p->nby ? p->by[0] : "channel";
	static const char *const mk[] = { "ap", NULL };
	static const char *const kk[] = { "as", "ai", NULL };
	size_t nm, nk, i, j, nk2;
	char **models = groups(c, mk, 1, &nm);
	char **keys, **keys2;
	const char **cols = mops_xcalloc(2 * nm + 2, sizeof *cols);
	char **names = mops_xcalloc(2 * nm + 1, sizeof *names);
	struct table *t;
	char def[1024];
	int nc = 0;

	if (strcmp(field, "campaign") == 0)
		field = "campaign_id";
	/* keys: from ap (model, key) and as/ai (key) */
	{
		static const char *const ak[] = { "ap", NULL };
		char **mkeys = groups(c, ak, 2, &nk);
		keys2 = groups(c, kk, 1, &nk2);
		keys = mops_xcalloc(nk + nk2 + 1, sizeof *keys);
		for (i = 0; i < nk; i++) {
			const char *e = strchr(mkeys[i] + 1, KSEP);
			keys[i] = mops_xstrdup(e ? e : "");
		}
		for (j = 0; j < nk2; j++)
			keys[nk++] = mops_xstrdup(keys2[j]);
		qsort(keys, nk, sizeof *keys, strcmp_p);
		for (i = j = 0; i < nk; i++) {
			if (j && strcmp(keys[j - 1], keys[i]) == 0) {
				free(keys[i]);
				continue;
			}
			keys[j++] = keys[i];
		}
		nk = j;
		keys[nk] = NULL;
		free_strv(mkeys);
	}
	cols[nc++] = field;
	for (i = 0; i < nm; i++) {
		names[2 * i] = mops_xasprintf("pipeline_%s", models[i] + 1);
		names[2 * i + 1] = mops_xasprintf("revenue_%s", models[i] + 1);
		cols[nc++] = names[2 * i];
		cols[nc++] = names[2 * i + 1];
	}
	snprintf(def, sizeof def, "Credit rows (mops-attribute) summed by %s, one "
	    "pair of columns per model. pipeline: credited amount over all "
	    "credited opportunities (open, won or lost); revenue: credited amount "
	    "of won opportunities (is_won of the opportunity record, or of the "
	    "credit row). A credit row without an amount gets weight x "
	    "opportunity amount. Models are shown side by side, never added up.",
	    field);
	t = table_new("attribution", "attribution", "Attributed pipeline and "
	    "revenue by model", def, nc, cols);
	t->chart = CH_BARS;
	t->chart_label = 0;
	t->chart_value = 1;
	for (i = 0; i < nk; i++) {
		struct cell *r;
		int any = 0;
		for (j = 0; j < nm; j++)
			any |= look(c, "ap", models[j], keys[i] + 1, NULL) != NULL;
		if (!any)
			continue;
		r = table_row(t);
		cell_text(&r[0], keys[i] + 1);
		for (j = 0; j < nm; j++) {
			struct agg *a = look(c, "ap", models[j], keys[i] + 1, NULL);
			if (!a)
				continue;
			cell_num(&r[1 + 2 * j], agg_sum(a), 2);
			cell_num(&r[2 + 2 * j], sumof(look(c, "ar", models[j],
			    keys[i] + 1, NULL)), 2);
		}
	}
	push(c, t);
	{
		const char *cl[] = { field, "sourced_opportunities",
		    "sourced_pipeline", "sourced_revenue",
		    "influenced_opportunities", "influenced_pipeline",
		    "influenced_revenue" };
		snprintf(def, sizeof def, "Sourced: each opportunity counts once, "
		    "whole amount, for the %s of its first touch (the credit row of "
		    "model first_touch); without one, the opportunity's own %s; "
		    "(unknown) if neither. Influenced: each opportunity counts, whole "
		    "amount, for every %s with at least one credited touch, so an "
		    "opportunity appears under several values. Sourced and "
		    "influenced overlap by design: never add them, and never add "
		    "influenced across rows. revenue: won opportunities only.",
		    field, field, field);
		t = table_new("attribution", "attribution_sourcing", "Sourced vs "
		    "influenced pipeline", def, 7, cl);
	}
	for (i = 0; i < nk; i++) {
		struct agg *s = look(c, "as", keys[i], NULL);
		struct agg *in = look(c, "ai", keys[i], NULL);
		struct cell *r;
		if (!s && !in)
			continue;
		r = table_row(t);
		cell_text(&r[0], keys[i] + 1);
		cell_int(&r[1], nof(s));
		cell_num(&r[2], sumof(s), 2);
		cell_num(&r[3], sumof(look(c, "at", keys[i], NULL)), 2);
		cell_int(&r[4], nof(in));
		cell_num(&r[5], sumof(in), 2);
		cell_num(&r[6], sumof(look(c, "aj", keys[i], NULL)), 2);
	}
	push(c, t);
	for (i = 0; i < 2 * nm; i++)
		free(names[i]);
	free(names);
	free(cols);
	free_strv(models);
	free_strv(keys);
	free_strv(keys2);
}

/* ---- campaigns ---- */

static void
campaigns(struct ctx *c)
{
	static const char *const kinds[] = { "cn", "cc", "cs", "cl", "cm", "cp",
	    "cw", NULL };
	static const char *const cols[] = { "campaign_id", "name", "channel",
	    "cost", "leads", "mqls", "opportunities", "pipeline", "won", "revenue",
	    "cost_per_lead", "cost_per_mql", "pipeline_per_cost", "roi" };
	size_t n, i, j;
	char **ids = groups(c, kinds, 1, &n);
	struct table *t = table_new("campaigns", "campaigns", "Campaign cost and "
	    "return", "cost: the sum of spend records of the campaign when it has "
	    "any, else the cost of its campaign record (never both). leads: person "
	    "records attributed to the campaign (their campaign_id, else the "
	    "campaign of their earliest touch that has one), whatever their stage; "
	    "mqls: those of them that reached mql. opportunities / pipeline: "
	    "opportunities whose campaign_id is the campaign and their amounts; "
	    "won / revenue: the won ones. cost_per_lead = cost / leads, "
	    "cost_per_mql = cost / mqls, pipeline_per_cost = pipeline / cost, "
	    "roi = (revenue - cost) / cost. (none): no campaign.", 14, cols);

	t->chart = CH_BARS;
	t->chart_label = 1;
	t->chart_value = 7;
	for (i = 0; i < n; i++) {
		const char *id = ids[i] + 1;
		struct cell *r = table_row(t);
		struct agg *cs = look(c, "cs", ids[i], NULL);
		double cost = cs ? agg_sum(cs) : sumof(look(c, "cc", ids[i], NULL));
		int has_cost = cs || look(c, "cc", ids[i], NULL);
		struct agg *cp = look(c, "cp", ids[i], NULL);
		struct agg *cw = look(c, "cw", ids[i], NULL);
		int64_t leads = nof(look(c, "cl", ids[i], NULL));
		int64_t mqls = nof(look(c, "cm", ids[i], NULL));
		size_t il = strlen(ids[i]);

		cell_text(&r[0], id);
		for (j = 0; j < c->nall; j++) {
			struct agg *a = c->all[j];
			char *buf, *parts[5];
			if (a->klen <= 2 + il || memcmp(a->key, "cn", 2) != 0 ||
			    memcmp(a->key + 2, ids[i], il) != 0 ||
			    a->key[2 + il] != KSEP)
				continue;
			if (key_split(a, &buf, parts, 5) == 4) {
				cell_text(&r[1], parts[2]);
				cell_text(&r[2], parts[3]);
			}
			free(buf);
			break;
		}
		if (has_cost)
			cell_num(&r[3], cost, 2);
		cell_int(&r[4], leads);
		cell_int(&r[5], mqls);
		cell_int(&r[6], nof(cp));
		cell_num(&r[7], sumof(cp), 2);
		cell_int(&r[8], nof(cw));
		cell_num(&r[9], sumof(cw), 2);
		if (has_cost) {
			if (leads)
				cell_num(&r[10], cost / (double)leads, 2);
			if (mqls)
				cell_num(&r[11], cost / (double)mqls, 2);
			if (cost != 0) {
				cell_num(&r[12], sumof(cp) / cost, 2);
				cell_ratio(&r[13], sumof(cw) - cost, cost);
			}
		}
	}
	push(c, t);
	free_strv(ids);
}

/* ---- quality ---- */

static void
qrow(struct table *t, const char *metric, int64_t n, int64_t total)
{
	struct cell *r = table_row(t);

	cell_text(&r[0], metric);
	cell_int(&r[1], n);
	cell_int(&r[2], total);
	cell_ratio(&r[3], (double)n, (double)total);
}

static void
quality(struct ctx *c)
{
	const struct params *p = c->p;
	static const char *const c1[] = { "metric", "count", "total", "rate" };
	static const char *const c2[] = { "field", "filled", "total",
	    "completeness" };
	static const char *const c3[] = { "field", "code", "count" };
	static const char *const xk[] = { "qx", NULL };
	int64_t qt = nof(look(c, "qt", "", NULL)), qu;
	struct table *t = table_new("quality", "quality", "Data quality",
	    "Over person records. duplicates: records merged away by mops-dedupe "
	    "(entries of _merged_from other than the record's own id), total = "
	    "people + duplicates. invalid_emails: people with an _errors entry "
	    "email_invalid, of those with an email or such an error. "
	    "unknown_countries: people with country_unknown. utm_compliant: people "
	    "with UTM fields and no utm_noncompliant error, of people with UTM "
	    "fields. consent_known: email_opt_out is true or false; opted_out: "
	    "true, of those known.", 4, c1);
	size_t n, i;
	char **fc;
	char *def;
	struct mops_buf fl = MOPS_BUF_INIT;

	qrow(t, "people", qt, qt);
	qrow(t, "duplicates", nof(look(c, "qd", "", NULL)),
	    qt + nof(look(c, "qd", "", NULL)));
	qrow(t, "invalid_emails", nof(look(c, "qe", "", NULL)),
	    nof(look(c, "qE", "", NULL)));
	qrow(t, "unknown_countries", nof(look(c, "qk", "", NULL)), qt);
	qu = nof(look(c, "qu", "", NULL));
	qrow(t, "utm_compliant", qu - nof(look(c, "qn", "", NULL)), qu);
	qrow(t, "consent_known", nof(look(c, "qc", "", NULL)), qt);
	qrow(t, "opted_out", nof(look(c, "qo", "", NULL)),
	    nof(look(c, "qc", "", NULL)));
	push(c, t);

	for (i = 0; i < (size_t)p->nfields; i++)
		mops_buf_printf(&fl, "%s%s", i ? ", " : "", p->fields[i]);
	def = mops_xasprintf("Share of person records where the field is present "
	    "and not null, empty string, empty array or empty object. Fields "
	    "(--fields): %s.", mops_buf_str(&fl));
	t = table_new("quality", "quality_fields", "Completeness of critical "
	    "fields", def, 4, c2);
	free(def);
	mops_buf_free(&fl);
	t->chart = CH_BARS;
	t->chart_label = 0;
	t->chart_value = 3;
	for (i = 0; i < (size_t)p->nfields; i++) {
		struct cell *r = table_row(t);
		int64_t f = nof(look(c, "qf", "", p->fields[i], NULL));
		cell_text(&r[0], p->fields[i]);
		cell_int(&r[1], f);
		cell_int(&r[2], qt);
		cell_ratio(&r[3], (double)f, (double)qt);
	}
	push(c, t);

	t = table_new("quality", "quality_errors", "Findings by field and code",
	    "_errors entries of all records (any type), counted by field and "
	    "code.", 3, c3);
	fc = groups(c, xk, 2, &n);
	for (i = 0; i < n; i++) {
		struct cell *r = table_row(t);
		char *f = fc[i] + 1, *e = strchr(f, KSEP);
		struct agg *a;
		kb_start(&c->k, "qx");
		mops_buf_adds(&c->k, fc[i]);
		a = store_find(c->st, c->k.s, c->k.len);
		if (e)
			*e++ = '\0';
		cell_text(&r[0], f);
		cell_text(&r[1], e ? e : "");
		cell_int(&r[2], nof(a));
	}
	free_strv(fc);
	push(c, t);
}

/* ---- anomalies ---- */

static void
anomalies(struct ctx *c)
{
	const struct params *p = c->p;
	static const char *const kinds[] = { "an", NULL };
	size_t n, i;
	char **series = groups(c, kinds, p->nby + 1, &n);
	int nc;
	const char **cols;
	const char *fixed[1] = { "metric" };
	const char *bycols[MAXBY + 1];
	char def[1024];
	struct table *t;
	int64_t lastweek = mops_time_week_start_sec(p->now) - 7 * 86400;

	bycols[0] = fixed[0];
	for (nc = 0; nc < p->nby; nc++)
		bycols[nc + 1] = p->by[nc];
	cols = cols_with(p->nby + 1, bycols, &nc, "week", "value", "baseline",
	    "ratio", "flag", (char *)NULL);
	snprintf(def, sizeof def, "Weekly volumes (ISO weeks, Monday 00:00 UTC) "
	    "of: people_created (people by created_at), reached_lead, reached_mql, "
	    "reached_sql, reached_opportunity, reached_customer (stage_dates), "
	    "unsubscribes (touches whose touch_type contains "
	    "\"unsub\" or Marketo activity type 9, people's unsubscribed_at or "
	    "email_opt_out_at), touches, "
	    "opportunities (created_at), won (closed_at of won ones), spend (sum of "
	    "cost). Complete weeks only, from the first week with data to the last "
	    "week ended by --now; empty weeks count 0. baseline: mean of the %d "
	    "weeks before. flag: spike when value > %g x baseline, drop when value "
	    "< %g x baseline; only when baseline >= %g.", p->baseline_weeks,
	    p->spike, p->drop, p->min_baseline);
	t = table_new("anomalies", "anomalies", "Weekly volumes against a trailing "
	    "baseline", def, nc, cols);
	t->chart = CH_TREND;
	t->chart_series = 0;
	t->chart_label = p->nby + 1;
	t->chart_value = p->nby + 2;
	for (i = 0; i < n; i++) {
		/* weeks of this series: keys "an" series KSEP week */
		size_t sl = strlen(series[i]), j, nw = 0;
		int64_t first = -1, w;
		double *vals;
		int is_spend = strncmp(series[i], "\x1fspend\x1f", 7) == 0 ||
		    strcmp(series[i], "\x1fspend") == 0;
		for (j = 0; j < c->nall; j++) {
			struct agg *a = c->all[j];
			if (a->klen > 2 + sl && memcmp(a->key, "an", 2) == 0 &&
			    memcmp(a->key + 2, series[i], sl) == 0 &&
			    a->key[2 + sl] == KSEP) {
				first = atoll(a->key + 3 + sl);
				break;
			}
		}
		if (first < 0 || first > lastweek)
			continue;
		nw = (size_t)((lastweek - first) / (7 * 86400)) + 1;
		vals = mops_xcalloc(nw, sizeof *vals);
		for (j = 0, w = first; j < nw; j++, w += 7 * 86400) {
			char wb[32];
			struct agg *a;
			snprintf(wb, sizeof wb, "%012lld", (long long)w);
			a = look(c, "an", series[i], wb, NULL);
			vals[j] = is_spend ? sumof(a) : (double)nof(a);
		}
		for (j = 0, w = first; j < nw; j++, w += 7 * 86400) {
			struct cell *r = table_row(t);
			char lab[16];
			group_cells(r, series[i], p->nby + 1);
			mops_time_week_start(w, lab, sizeof lab);
			cell_text(&r[p->nby + 1], lab);
			if (is_spend)
				cell_num(&r[p->nby + 2], vals[j], 2);
			else
				cell_int(&r[p->nby + 2], (int64_t)vals[j]);
			if (j >= (size_t)p->baseline_weeks && p->baseline_weeks > 0) {
				double b = 0;
				size_t k;
				for (k = j - (size_t)p->baseline_weeks; k < j; k++)
					b += vals[k];
				b /= p->baseline_weeks;
				cell_num(&r[p->nby + 3], b, 2);
				cell_ratio(&r[p->nby + 4], vals[j], b);
				if (b >= p->min_baseline && b > 0) {
					if (vals[j] > p->spike * b)
						cell_text(&r[p->nby + 5], "spike");
					else if (vals[j] < p->drop * b)
						cell_text(&r[p->nby + 5], "drop");
				}
			}
			if (p->flagged && r[p->nby + 5].kind == C_NULL)
				table_drop_last(t);
		}
		free(vals);
	}
	push(c, t);
	free(cols);
	free_strv(series);
}

struct table **
reports_build(struct store *st, const struct params *p, size_t *nt)
{
	return reports_build_stream(st, p, nt, NULL, F_CSV);
}

struct table **
reports_build_stream(struct store *st, const struct params *p, size_t *nt,
    mops_out *o, enum out_format f)
{
	struct ctx c;

	memset(&c, 0, sizeof c);
	c.st = st;
	c.p = p;
	if (o && table_can_stream(f)) {
		c.sink = o;
		c.sinkfmt = f;
	}
	c.all = store_sorted(st, &c.nall);
	if (p->reports & R_FUNNEL)
		funnel(&c);
	if (p->reports & R_VELOCITY)
		velocity(&c);
	if (p->reports & R_SLA)
		sla(&c);
	if (p->reports & R_ATTRIBUTION)
		attribution(&c);
	if (p->reports & R_CAMPAIGNS)
		campaigns(&c);
	if (p->reports & R_QUALITY)
		quality(&c);
	if (p->reports & R_ANOMALIES)
		anomalies(&c);
	if (p->reports & R_EXPERIMENT)
		experiment_tables(st, p, c.all, c.nall, &c.t, &c.nt, &c.ct);
	if (p->reports & R_LIFECYCLE)
		lifecycle_tables(st, p, c.all, c.nall, &c.t, &c.nt, &c.ct);
	if (p->reports & R_SCORING) {
		struct table *st3[3];
		size_t i, n = scoring_build(st, p, c.all, c.nall, st3);

		for (i = 0; i < n; i++)
			push(&c, st3[i]);
	}
	free(c.all);
	mops_buf_free(&c.k);
	*nt = c.nt;
	return c.t;
}
