/*
 * experiment.c - the A/B readout: people per variant of a person field (or of
 * a touch field, --by-touch), how many reached the outcome stage, the lift
 * against the control with its confidence interval, the pooled two-proportion
 * z-test, a sample-ratio-mismatch check and the minimum detectable effect.
 *
 * Store keys, all counts (so partials merge):
 *   xp V  people in variant V        xc V  of them, converted
 *   xn    people without a variant   xm    exposed to several variants
 *   xb    converted before their first exposure (--by-touch; left out)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "mtime.h"
#include "report.h"
#include "stats.h"
#include "util.h"

/* The normal approximation needs this many conversions and non-conversions
 * in each of the two groups compared (the textbook np >= 5, n(1-p) >= 5). */
#define MIN_CELL 5
/* A sample ratio mismatch is flagged below this p-value (the usual alarm
 * level: a mismatch is a broken assignment, not a chance finding). */
#define SRM_ALPHA 0.001
#define POWER 0.8

/* ---- ingestion ---- */

struct xalias {		/* an id of a person (its own, or one merged into it) */
	char *id;
	size_t who;
};

struct xwho {
	int converted;
	int64_t when;		/* outcome date, INT64_MIN: unknown */
	int64_t first;		/* first exposure, INT64_MIN: unknown time */
	const char *value;	/* first exposure's variant (a touch's string) */
	int exposed, mixed;
};

struct xtouch {
	char *pid, *value;
	int64_t at;		/* INT64_MIN: no time */
};

struct xstate {
	const struct params *p;
	struct store *st;
	struct mops_buf k;
	struct xalias *al;
	size_t nal, cal;
	struct xwho *who;
	size_t nwho, cwho;
	struct xtouch *tc;
	size_t ntc, ctc;
};

struct xstate *
experiment_new(const struct params *p, struct store *st)
{
	struct xstate *x = mops_xcalloc(1, sizeof *x);

	x->p = p;
	x->st = st;
	return x;
}

void
experiment_free(struct xstate *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->nal; i++)
		free(x->al[i].id);
	for (i = 0; i < x->ntc; i++) {
		free(x->tc[i].pid);
		free(x->tc[i].value);
	}
	free(x->al);
	free(x->who);
	free(x->tc);
	mops_buf_free(&x->k);
	free(x);
}

/* The variant a record names in field: its text, or NULL when empty. */
static const char *
variant_of(const mops_json *rec, const char *field)
{
	const mops_json *v = mops_json_get(rec, field);
	const char *s = mops_json_scalar_text(v);

	if (!s && v && (v->type == MOPS_JTRUE || v->type == MOPS_JFALSE))
		return v->type == MOPS_JTRUE ? "true" : "false";
	return s && *s ? s : NULL;
}

static void
count(struct xstate *x, const char *kind, const char *v)
{
	kb_start(&x->k, kind);
	if (v)
		kb_add(&x->k, v);
	store_get(x->st, x->k.s, x->k.len)->n++;
}

static void
add_alias(struct xstate *x, const char *id, size_t who)
{
	x->al = mops_xgrow(x->al, &x->cal, x->nal + 1, sizeof *x->al);
	x->al[x->nal].id = mops_xstrdup(id);
	x->al[x->nal++].who = who;
}

void
experiment_person(struct xstate *x, const mops_json *rec, int converted,
    int64_t when)
{
	const char *v, *id;
	const mops_json *mf;
	struct xwho *w;
	size_t i;

	if (!x->p->by_touch) {
		if (!(v = variant_of(rec, x->p->variant_field))) {
			count(x, "xn", NULL);
			return;
		}
		count(x, "xp", v);
		if (converted)
			count(x, "xc", v);
		return;
	}
	id = mops_json_scalar_text(mops_json_get(rec, "id"));
	if (!id || !*id) {	/* no touch can name it */
		count(x, "xn", NULL);
		return;
	}
	x->who = mops_xgrow(x->who, &x->cwho, x->nwho + 1, sizeof *x->who);
	w = &x->who[x->nwho];
	memset(w, 0, sizeof *w);
	w->converted = converted;
	w->when = when;
	add_alias(x, id, x->nwho);
	/* touches of the records merged into this one are its own */
	if ((mf = mops_json_get(rec, "_merged_from")) && mf->type == MOPS_JARRAY)
		for (i = 0; i < mf->len; i++) {
			const char *m = mops_json_scalar_text(mf->u.items[i]);
			if (m && *m && strcmp(m, id) != 0)
				add_alias(x, m, x->nwho);
		}
	x->nwho++;
}

void
experiment_touch(struct xstate *x, const mops_json *rec)
{
	const char *pid, *v, *s;
	struct mops_time t;
	struct xtouch *tc;
	int64_t at = INT64_MIN;

	if (!x->p->by_touch || !(v = variant_of(rec, x->p->by_touch)))
		return;
	pid = mops_json_scalar_text(mops_json_get(rec, "person_id"));
	if (!pid || !*pid)
		return;
	s = mops_json_scalar_text(mops_json_get(rec, "occurred_at"));
	if (s && *s && mops_time_parse(s, MOPS_DATE_YMD, &t) == 0) {
		if (t.sec > x->p->now)	/* not yet exposed as of --now */
			return;
		at = t.sec;
	}
	x->tc = mops_xgrow(x->tc, &x->ctc, x->ntc + 1, sizeof *x->tc);
	tc = &x->tc[x->ntc++];
	tc->pid = mops_xstrdup(pid);
	tc->value = mops_xstrdup(v);
	tc->at = at;
}

static int
cmp_alias(const void *a, const void *b)
{
	const struct xalias *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	/* the same id twice: the later record wins, as elsewhere */
	return c ? c : (x->who < y->who) - (x->who > y->who);
}

static int
cmp_touch(const void *a, const void *b)
{
	const struct xtouch *x = a, *y = b;
	int c = strcmp(x->pid, y->pid);

	if (c)
		return c;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return strcmp(x->value, y->value);
}

void
experiment_finish(struct xstate *x)
{
	size_t i, lo, hi, mid;

	if (!x->p->by_touch)
		return;
	if (x->nal)
		qsort(x->al, x->nal, sizeof *x->al, cmp_alias);
	if (x->ntc)
		qsort(x->tc, x->ntc, sizeof *x->tc, cmp_touch);
	for (i = 0; i < x->ntc; i++) {
		struct xtouch *tc = &x->tc[i];
		struct xwho *w;
		/* the first alias entry with this id */
		for (lo = 0, hi = x->nal; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (strcmp(x->al[mid].id, tc->pid) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == x->nal || strcmp(x->al[lo].id, tc->pid) != 0)
			continue;	/* a touch of nobody in the input */
		w = &x->who[x->al[lo].who];
		if (!w->exposed) {
			w->exposed = 1;
			w->value = tc->value;
			w->first = tc->at;
			continue;
		}
		if (strcmp(w->value, tc->value) != 0)
			w->mixed = 1;
		/* merged ids' touches come in other runs: keep the earliest */
		if (tc->at != INT64_MIN && (w->first == INT64_MIN || tc->at < w->first)) {
			w->first = tc->at;
			w->value = tc->value;
		}
	}
	for (i = 0; i < x->nwho; i++) {
		struct xwho *w = &x->who[i];
		if (!w->exposed)
			count(x, "xn", NULL);
		else if (w->mixed)
			count(x, "xm", NULL);
		else if (w->converted && w->when != INT64_MIN &&
		    w->first != INT64_MIN && w->when < w->first)
			count(x, "xb", NULL);
		else {
			count(x, "xp", w->value);
			if (w->converted)
				count(x, "xc", w->value);
		}
	}
}

/* ---- tables ---- */

struct variant {
	char *name;
	int64_t n, x;		/* people, converted */
	double share;		/* expected share of the people */
	int in_split;
};

static int64_t
nof(struct store *st, struct mops_buf *k, const char *kind, const char *v)
{
	struct agg *a;

	kb_start(k, kind);
	if (v)
		kb_add(k, v);
	a = store_find(st, k->s, k->len);
	return a ? a->n : 0;
}

static int
find_variant(const struct variant *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Variants: the control first, then those of --split in its order, then the
 * others bytewise; *ctl is the control's index (-1: no people at all). */
static struct variant *
variants(struct store *st, const struct params *p, struct agg **all,
    size_t nall, size_t *nv, int *ctl)
{
	size_t cv = 1, n = 0, i, first;
	struct variant *v = mops_xcalloc(cv, sizeof *v), tmp;
	struct mops_buf k = MOPS_BUF_INIT;
	double wsum = 0;
	const char *cname = NULL;
	int j;

	for (i = 0; i < (size_t)p->nsplit; i++) {
		v = mops_xgrow(v, &cv, n + 1, sizeof *v);
		memset(&v[n], 0, sizeof *v);
		v[n].name = mops_xstrdup(p->split[i]);
		v[n].in_split = 1;
		v[n++].share = p->split_w[i];
		wsum += p->split_w[i];
	}
	first = n;
	/* keys are sorted: the xp ones come in variant order */
	for (i = 0; i < nall; i++) {
		const struct agg *a = all[i];
		char *name;
		if (a->klen < 3 || memcmp(a->key, "xp\x1f", 3) != 0)
			continue;
		name = mops_xstrndup(a->key + 3, a->klen - 3);
		if (find_variant(v, n, name) >= 0) {
			free(name);
			continue;
		}
		v = mops_xgrow(v, &cv, n + 1, sizeof *v);
		memset(&v[n], 0, sizeof *v);
		v[n++].name = name;
	}
	if (p->control && find_variant(v, n, p->control) < 0) {
		v = mops_xgrow(v, &cv, n + 1, sizeof *v);
		memset(&v[n], 0, sizeof *v);
		v[n++].name = mops_xstrdup(p->control);
	}
	for (i = 0; i < n; i++) {
		v[i].n = nof(st, &k, "xp", v[i].name);
		v[i].x = nof(st, &k, "xc", v[i].name);
		if (p->nsplit)
			v[i].share = v[i].in_split ? v[i].share / wsum : 0;
		else
			v[i].share = 1.0 / (double)n;
	}
	mops_buf_free(&k);
	if (p->control)
		cname = p->control;
	else if (p->nsplit)
		cname = p->split[0];
	else if (find_variant(v, n, "control") >= 0)
		cname = "control";
	else if (n > first)
		cname = v[first].name;
	j = cname ? find_variant(v, n, cname) : -1;
	if (j > 0) {	/* to the front, the others keep their order */
		tmp = v[j];
		memmove(v + 1, v, (size_t)j * sizeof *v);
		v[0] = tmp;
		j = 0;
	}
	*ctl = j;
	*nv = n;
	return v;
}

static void
push(struct table ***t, size_t *nt, size_t *ct, struct table *x)
{
	*t = mops_xgrow(*t, ct, *nt + 1, sizeof **t);
	(*t)[(*nt)++] = x;
}

static int
too_few(int64_t n, int64_t x)
{
	return x < MIN_CELL || n - x < MIN_CELL;
}

/* One row of the readout: variant v against control c (NULL: v is it). */
static void
readout_row(struct table *t, const struct params *p, const struct variant *v,
    const struct variant *c)
{
	struct cell *r = table_row(t);
	double za = mops_norm_quantile(1 - p->alpha / 2);
	double zb = mops_norm_quantile(POWER);
	double pc, pv, d, se, pool, pval;

	cell_text(&r[0], v->name);
	cell_int(&r[1], v->n);
	cell_int(&r[2], v->x);
	cell_ratio(&r[3], (double)v->x, (double)v->n);
	if (!c) {
		cell_text(&r[11], "control");
		return;
	}
	if (!v->n || !c->n) {
		cell_text(&r[11], !c->n ? "no people in the control" :
		    "no people");
		return;
	}
	pc = (double)c->x / (double)c->n;
	pv = (double)v->x / (double)v->n;
	d = pv - pc;
	cell_ratio(&r[4], d, 1);
	cell_ratio(&r[5], d, pc);
	if (pc > 0 && pc < 1)
		cell_ratio(&r[10], (za + zb) * sqrt(pc * (1 - pc) *
		    (1 / (double)c->n + 1 / (double)v->n)), 1);
	if (too_few(c->n, c->x) || too_few(v->n, v->x)) {
		cell_text(&r[11], "too few conversions for a test");
		return;
	}
	/* the interval with the unpooled standard error, the test pooled */
	se = sqrt(pc * (1 - pc) / (double)c->n + pv * (1 - pv) / (double)v->n);
	cell_ratio(&r[6], d - za * se, 1);
	cell_ratio(&r[7], d + za * se, 1);
	pool = (double)(c->x + v->x) / (double)(c->n + v->n);
	se = sqrt(pool * (1 - pool) * (1 / (double)c->n + 1 / (double)v->n));
	pval = se > 0 ? 2 * mops_norm_sf(fabs(d) / se) : 1;
	cell_num(&r[8], pval, 4);
	cell_text(&r[9], pval < p->alpha ? "yes" : "no");
}

void
experiment_tables(struct store *st, const struct params *p, struct agg **all,
    size_t nall, struct table ***t, size_t *nt, size_t *ct)
{
	static const char *const c1[] = { "variant", "people", "converted", "rate",
	    "abs_lift", "rel_lift", "ci_low", "ci_high", "p_value", "significant",
	    "mde", "note" };
	static const char *const c2[] = { "variant", "people", "share",
	    "expected_share", "expected_people", "chi_square", "df", "p_value",
	    "srm" };
	static const char *const c3[] = { "reason", "people" };
	struct mops_buf k = MOPS_BUF_INIT;
	size_t nv, i;
	int ctl, df = 0, unexpected = 0;
	struct variant *v = variants(st, p, all, nall, &nv, &ctl);
	const char *field = p->by_touch ? p->by_touch : p->variant_field;
	int64_t total = 0;
	double chi = 0;
	struct table *x;
	struct cell *r;
	char *def;

	for (i = 0; i < nv; i++)
		total += v[i].n;
	if (total == 0 && strcmp(p->report_name, "all") == 0) {
		/* the page shows what the data can tell: no variants, no test */
		for (i = 0; i < nv; i++)
			free(v[i].name);
		free(v);
		return;
	}
	def = mops_xasprintf("People by %s%s; converted: reached %s (stage_dates "
	    "has it, or lifecycle_stage is at or past it); rate = converted / "
	    "people. Each variant against the control variant \"%s\": abs_lift = rate - "
	    "control rate, rel_lift = abs_lift / control rate; ci_low, ci_high: "
	    "the %g%% confidence interval of abs_lift (normal, unpooled standard "
	    "error); p_value: two-sided, of the two-proportion z-test with the "
	    "pooled rate; significant: p_value < %g. mde: the smallest abs_lift "
	    "detectable with power %g at these sizes and the control rate, "
	    "(z(1-alpha/2) + z(power)) x sqrt(p(1-p)(1/n_control + 1/n)). No "
	    "test (note) when the variant or the control has fewer than %d "
	    "conversions or non-conversions: the normal approximation does not "
	    "hold there.",
	    field, p->by_touch ? " on their touches (the variant of a person is "
	    "the value of their touches)" : "", stage_names[p->outcome],
	    ctl >= 0 ? v[ctl].name : "(none)", 100 * (1 - p->alpha), p->alpha,
	    POWER, MIN_CELL);
	x = table_new("experiment", "experiment", "A/B test readout", def, 12, c1);
	free(def);
	x->chart = CH_BARS;
	x->chart_label = 0;
	x->chart_value = 3;
	for (i = 0; i < nv; i++)
		readout_row(x, p, &v[i], ctl >= 0 && (int)i != ctl ? &v[ctl] : NULL);
	push(t, nt, ct, x);

	for (i = 0; i < nv; i++) {
		if (v[i].share > 0)
			df++;
		else if (v[i].n > 0)
			unexpected = 1;
	}
	df--;
	def = mops_xasprintf("Sample ratio mismatch: the people per variant "
	    "against the expected split (%s), by Pearson's chi-square test with "
	    "variants - 1 degrees of freedom; chi_square per variant is its "
	    "share of the statistic. srm: yes when the (all) p_value is below "
	    "%g, or when people are in a variant outside --split; then the "
	    "assignment is broken and the readout is not to be trusted.",
	    p->nsplit ? "--split" : "equal shares", SRM_ALPHA);
	x = table_new("experiment", "experiment_srm", "Sample ratio check", def,
	    9, c2);
	free(def);
	for (i = 0; i < nv; i++) {
		double e = v[i].share * (double)total;
		r = table_row(x);
		cell_text(&r[0], v[i].name);
		cell_int(&r[1], v[i].n);
		cell_ratio(&r[2], (double)v[i].n, (double)total);
		cell_ratio(&r[3], v[i].share, 1);
		cell_num(&r[4], e, 2);
		if (e > 0) {
			double c = ((double)v[i].n - e) * ((double)v[i].n - e) / e;
			cell_num(&r[5], c, 4);
			chi += c;
		}
	}
	r = table_row(x);
	cell_text(&r[0], "(all)");
	cell_int(&r[1], total);
	if (unexpected) {
		cell_num(&r[7], 0, 4);
		cell_text(&r[8], "yes");
	} else if (df > 0 && total > 0) {
		double pv = mops_chi2_sf(chi, df);
		cell_num(&r[5], chi, 4);
		cell_int(&r[6], df);
		cell_num(&r[7], pv, 4);
		cell_text(&r[8], pv < SRM_ALPHA ? "yes" : "no");
	}
	push(t, nt, ct, x);

	x = table_new("experiment", "experiment_excluded", "People left out of "
	    "the test", p->by_touch ? "no_variant: people without a touch "
	    "carrying the field (as of --now); several_variants: people whose "
	    "touches carry more than one value (contaminated); "
	    "converted_before_exposure: people who reached the outcome before "
	    "their first touch with the field." : "no_variant: people without "
	    "a value in the field.", 2, c3);
	r = table_row(x);
	cell_text(&r[0], "no_variant");
	cell_int(&r[1], nof(st, &k, "xn", NULL));
	if (p->by_touch) {
		r = table_row(x);
		cell_text(&r[0], "several_variants");
		cell_int(&r[1], nof(st, &k, "xm", NULL));
		r = table_row(x);
		cell_text(&r[0], "converted_before_exposure");
		cell_int(&r[1], nof(st, &k, "xb", NULL));
	}
	push(t, nt, ct, x);
	for (i = 0; i < nv; i++)
		free(v[i].name);
	free(v);
	mops_buf_free(&k);
}
