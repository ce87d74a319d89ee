/*
 * scoring.c - the scoring report: does the score (mops-score's, or any
 * `score` on persons) predict the outcome?  AUC, conversion and lift by score
 * decile, calibration, precision and recall at the MQL threshold, and drift of
 * the score between creation periods (population stability index).
 *
 * Ingestion keeps every scored person's score (in thousandths) in the store,
 * split by outcome ("sc" KSEP "p" KSEP 0|1) and by creation period ("sc" KSEP
 * "d" KSEP start), so partials merge into exactly the figures of one run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mtime.h"
#include "rank.h"
#include "report.h"
#include "util.h"

#define PSI_FLAG 0.2

/* Reached the outcome: stage_dates has it or a later stage, or the lifecycle
 * stage is at or past it (as the funnel counts). */
static int
reached(const mops_json *rec, int want)
{
	const mops_json *sd = mops_json_get(rec, "stage_dates"), *v;
	int r;
	size_t i;

	if (want < 0)
		return 0;
	if (sd && sd->type == MOPS_JOBJECT) {
		v = mops_json_get(sd, stage_names[want]);
		if (v && v->type == MOPS_JSTRING && v->len)
			return 1;
		for (i = 0; want >= 0 && i < sd->len; i++) {
			v = sd->u.members[i].val;
			r = stage_rank(sd->u.members[i].key);
			if (r > want && v->type == MOPS_JSTRING && v->len)
				return 1;
		}
	}
	return want >= 0 && stage_rank(mops_json_get_str(rec, "lifecycle_stage")) >= want;
}

static enum period
drift_period(const struct params *p)
{
	return p->period == P_NONE ? P_MONTH : p->period;
}

void
scoring_person(struct store *st, const struct params *p, struct mops_buf *k,
    const mops_json *rec)
{
	const mops_json *s = mops_json_get(rec, "score"), *mql;
	const char *created = mops_json_get_str(rec, "created_at");
	struct mops_time t;
	double x;
	int ok, y;
	int64_t v;

	x = s && s->type == MOPS_JNUMBER ? mops_json_number(s, &ok) : (ok = 0);
	if (!ok || !isfinite(x)) {
		kb_start(k, "sc");
		kb_add(k, "u");
		store_get(st, k->s, k->len)->n++;
		return;
	}
	v = (int64_t)llround(x * 1000);
	y = reached(rec, p->outcome);
	kb_start(k, "sc");
	kb_add(k, "p");
	kb_addi(k, y);
	agg_addv(store_get(st, k->s, k->len), v);
	if ((mql = mops_json_get(rec, "score_mql")) &&
	    (mql->type == MOPS_JTRUE || mql->type == MOPS_JFALSE)) {
		kb_start(k, "sc");
		kb_add(k, mql->type == MOPS_JTRUE ? "m" : "n");
		kb_addi(k, y);
		store_get(st, k->s, k->len)->n++;
	}
	if (created && mops_time_parse(created, MOPS_DATE_YMD, &t) == 0) {
		kb_start(k, "sc");
		kb_add(k, "d");
		kb_addi(k, period_start(drift_period(p), t.sec));
		agg_addv(store_get(st, k->s, k->len), v);
	}
}

/* ---- building ---- */

struct scored {
	int64_t v;
	unsigned char y;
};

static int
cmp_desc(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->v != y->v)
		return (x->v < y->v) - (x->v > y->v);
	return (int)x->y - (int)y->y;	/* ties: the same order every run */
}

static struct agg *
find(struct store *st, struct mops_buf *k, const char *a, const char *b)
{
	kb_start(k, "sc");
	kb_add(k, a);
	if (b)
		kb_add(k, b);
	return store_find(st, k->s, k->len);
}

static int64_t
nof(const struct agg *a)
{
	return a ? a->n : 0;
}

static size_t
nvof(const struct agg *a)
{
	return a ? a->nv : 0;
}

static void
summary_row(struct table *t, const char *metric)
{
	struct cell *r = table_row(t);

	cell_text(&r[0], metric);
}

static struct table *
summary(const struct params *p, const struct scored *s, size_t n, size_t npos,
    int64_t unscored, double auc, struct store *st, struct mops_buf *k)
{
	static const char *const cols[] = { "metric", "value" };
	int64_t tp = 0, fp = 0, fn = 0;
	int have = 0;
	char def[1024];
	struct table *t;
	struct cell *r;
	size_t i;

	if (p->has_threshold) {
		for (i = 0; i < n; i++) {
			int hit = (double)s[i].v / 1000 >= p->threshold;

			tp += hit && s[i].y;
			fp += hit && !s[i].y;
			fn += !hit && s[i].y;
		}
		have = 1;
	} else if (nof(find(st, k, "m", "1")) + nof(find(st, k, "m", "0")) +
	    nof(find(st, k, "n", "1")) + nof(find(st, k, "n", "0")) > 0) {
		tp = nof(find(st, k, "m", "1"));
		fp = nof(find(st, k, "m", "0"));
		fn = nof(find(st, k, "n", "1"));
		have = 1;
	}
	snprintf(def, sizeof def, "Persons with a numeric score; converted: reached "
	    "%s (stage_dates.%s or a later stage's date, or a lifecycle_stage at or "
	    "past it). auc: the probability that a converted person outscores one "
	    "who did not (ties count a half). MQL: score at or above %s; precision "
	    "= converted MQLs / MQLs, recall = converted MQLs / converted.",
	    p->outcome >= 0 ? stage_names[p->outcome] : "the outcome",
	    p->outcome >= 0 ? stage_names[p->outcome] : "STAGE",
	    p->has_threshold ? "--threshold" :
	    "the threshold mops-score used (score_mql)");
	t = table_new("scoring", "scoring_summary", "Score quality", def, 2, cols);
	summary_row(t, "persons_scored");
	cell_int(&t->cells[(t->nrows - 1) * 2 + 1], (int64_t)n);
	summary_row(t, "converted");
	cell_int(&t->cells[(t->nrows - 1) * 2 + 1], (int64_t)npos);
	summary_row(t, "conversion_rate");
	cell_ratio(&t->cells[(t->nrows - 1) * 2 + 1], (double)npos, (double)n);
	summary_row(t, "auc");
	if (auc >= 0)
		cell_num(&t->cells[(t->nrows - 1) * 2 + 1], auc, 4);
	if (p->has_threshold) {
		summary_row(t, "mql_threshold");
		cell_num(&t->cells[(t->nrows - 1) * 2 + 1], p->threshold, 2);
	}
	summary_row(t, "mqls");
	if (have)
		cell_int(&t->cells[(t->nrows - 1) * 2 + 1], tp + fp);
	summary_row(t, "precision_at_mql");
	if (have)
		cell_ratio(&t->cells[(t->nrows - 1) * 2 + 1], (double)tp, (double)(tp + fp));
	summary_row(t, "recall_at_mql");
	if (have)
		cell_ratio(&t->cells[(t->nrows - 1) * 2 + 1], (double)tp, (double)(tp + fn));
	summary_row(t, "unscored_persons");
	r = &t->cells[(t->nrows - 1) * 2];
	cell_int(&r[1], unscored);
	return t;
}

static struct table *
deciles(const struct scored *s, size_t n, size_t npos)
{
	static const char *const cols[] = { "decile", "persons", "min_score",
	    "max_score", "converted", "conversion_rate", "lift", "expected",
	    "observed", "cumulative_recall" };
	double base = n ? (double)npos / (double)n : 0;
	struct table *t;
	size_t d, i;
	int64_t cum = 0;

	t = table_new("scoring", "scoring_deciles", "Conversion by score decile",
	    "Persons sorted by score, highest first, cut into ten groups of equal "
	    "size (decile 1: the top tenth). conversion_rate: converted / persons; "
	    "lift: that rate / the overall rate; expected: the mean score / 100 (a "
	    "calibrated score is a probability x 100), observed: the conversion "
	    "rate, so a calibrated score has expected close to observed; "
	    "cumulative_recall: the converted in this and higher deciles / all "
	    "converted.", 10, cols);
	t->chart = CH_BARS;
	t->chart_label = 0;
	t->chart_value = 5;
	for (d = 0; d < 10 && n; d++) {
		size_t lo = n * d / 10, hi = n * (d + 1) / 10;
		double sum = 0;
		int64_t conv = 0;
		struct cell *r;
		char label[8];

		if (hi == lo)
			continue;
		for (i = lo; i < hi; i++) {
			sum += (double)s[i].v / 1000;
			conv += s[i].y;
		}
		cum += conv;
		r = table_row(t);
		snprintf(label, sizeof label, "%zu", d + 1);
		cell_text(&r[0], label);
		cell_int(&r[1], (int64_t)(hi - lo));
		cell_num(&r[2], (double)s[hi - 1].v / 1000, 3);
		cell_num(&r[3], (double)s[lo].v / 1000, 3);
		cell_int(&r[4], conv);
		cell_ratio(&r[5], (double)conv, (double)(hi - lo));
		if (base > 0)
			cell_num(&r[6], (double)conv / (double)(hi - lo) / base, 2);
		cell_ratio(&r[7], sum / 100, (double)(hi - lo));
		cell_ratio(&r[8], (double)conv, (double)(hi - lo));
		cell_ratio(&r[9], (double)cum, (double)npos);
	}
	return t;
}

/* Counts of v[0..n) (sorted) in the bins cut at edges[0..9) (a value equal
 * to an edge goes above it). */
static void
histogram(const int64_t *v, size_t n, const int64_t *edges, size_t nedges,
    double *h)
{
	size_t i, b;

	memset(h, 0, (nedges + 1) * sizeof(*h));
	for (i = 0; i < n; i++) {
		for (b = 0; b < nedges && v[i] >= edges[b]; b++)
			;
		h[b]++;
	}
}

static struct table *
drift(const struct params *p, struct agg **all, size_t nall)
{
	static const char *const cols[] = { "period", "persons", "mean_score",
	    "psi", "drift" };
	const struct agg *prev = NULL;
	struct table *t;
	size_t i, j;
	char def[768];

	snprintf(def, sizeof def, "Persons with a score and a created_at, by the "
	    "%s they were created. psi: population stability index of the score "
	    "against the period before: the earlier period's score deciles are the "
	    "bins, psi = sum of (actual%% - expected%%) x ln(actual%% / expected%%) "
	    "(an empty bin counts as 0.01%%); drift: yes above %.1f.",
	    period_name(drift_period(p)), PSI_FLAG);
	t = table_new("scoring", "scoring_drift", "Score drift by creation period",
	    def, 5, cols);
	t->chart = CH_BARS;
	t->chart_label = 0;
	t->chart_value = 3;
	for (i = 0; i < nall; i++) {
		const struct agg *a = all[i];
		struct cell *r;
		char label[32], *parts[4], *buf;
		double sum = 0;

		if (a->klen < 5 || memcmp(a->key, "sc\x1f" "d\x1f", 5) != 0 || !a->nv)
			continue;
		if (key_split(a, &buf, parts, 4) != 3) {
			free(buf);
			continue;
		}
		period_label(drift_period(p), strtoll(parts[2], NULL, 10), label,
		    sizeof label);
		free(buf);
		for (j = 0; j < a->nv; j++)
			sum += (double)a->v[j] / 1000;
		r = table_row(t);
		cell_text(&r[0], label);
		cell_int(&r[1], (int64_t)a->nv);
		cell_num(&r[2], sum / (double)a->nv, 2);
		if (prev) {
			int64_t edges[9];
			double e[10], ac[10], psi;

			for (j = 0; j < 9; j++)
				edges[j] = prev->v[prev->nv * (j + 1) / 10];
			histogram(prev->v, prev->nv, edges, 9, e);
			histogram(a->v, a->nv, edges, 9, ac);
			psi = mops_psi(e, ac, 10);
			cell_num(&r[3], psi, 4);
			cell_text(&r[4], psi > PSI_FLAG ? "yes" : "no");
		}
		prev = a;
	}
	return t;
}

size_t
scoring_build(struct store *st, const struct params *p, struct agg **all,
    size_t nall, struct table **out)
{
	struct mops_buf k = MOPS_BUF_INIT;
	const struct agg *a0, *a1;
	struct scored *s;
	double *sc, auc;
	unsigned char *y;
	size_t n, npos, i;

	a0 = find(st, &k, "p", "0");
	a1 = find(st, &k, "p", "1");
	npos = nvof(a1);
	n = nvof(a0) + npos;
	s = mops_xcalloc(n + 1, sizeof(*s));
	sc = mops_xcalloc(n + 1, sizeof(*sc));
	y = mops_xcalloc(n + 1, 1);
	for (i = 0; i < nvof(a0); i++)
		s[i].v = a0->v[i];
	for (i = 0; i < npos; i++) {
		s[nvof(a0) + i].v = a1->v[i];
		s[nvof(a0) + i].y = 1;
	}
	for (i = 0; i < n; i++) {
		sc[i] = (double)s[i].v;
		y[i] = s[i].y;
	}
	auc = mops_auc(sc, y, n);
	qsort(s, n, sizeof(*s), cmp_desc);
	out[0] = summary(p, s, n, npos, nof(find(st, &k, "u", NULL)), auc, st, &k);
	out[1] = deciles(s, n, npos);
	out[2] = drift(p, all, nall);
	free(s);
	free(sc);
	free(y);
	mops_buf_free(&k);
	return 3;
}
