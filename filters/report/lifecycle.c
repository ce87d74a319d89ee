/*
 * lifecycle.c - the stage audit: people whose stage went backwards, whose
 * stage dates break the lifecycle order, who skipped a stage, who entered a
 * stage again, and who sit in their stage longer than --stuck.
 *
 * Store keys, all counts (so partials merge):
 *   lz            people audited        lp STAGE / lq SOURCE  people by each
 *   lc STAGE I    issue I at the stage  ls SOURCE I           by source
 *   lr ID I STAGE SOURCE DETAIL         one record's issue
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "mtime.h"
#include "report.h"
#include "util.h"

enum { I_REGRESSION, I_SKIPPED, I_OUT_OF_ORDER, I_REENTRY, I_STUCK, NISSUES };
static const char *const issue_names[NISSUES] = { "regression", "skipped",
    "out_of_order", "reentry", "stuck" };

/* The overview page (report all) lists this many records; the lifecycle
 * report lists them all. */
#define ALL_RECORDS_MAX 500

/* Stages after which staying put is the goal, not a stall. */
#define FIRST_SETTLED 5		/* customer */

static void
count2(struct store *st, struct mops_buf *k, const char *kind, const char *a,
    const char *b)
{
	kb_start(k, kind);
	if (a)
		kb_add(k, a);
	if (b)
		kb_add(k, b);
	store_get(st, k->s, k->len)->n++;
}

static void
stamp(int64_t sec, char *buf, size_t sz)
{
	struct mops_time t = { 0 };

	t.sec = sec;
	if (mops_time_format(&t, buf, sz) == 0)
		snprintf(buf, sz, "?");
}

static void
issue(struct store *st, struct mops_buf *k, const char *id, const char *src,
    int what, const char *stage, const char *detail)
{
	count2(st, k, "lc", stage, issue_names[what]);
	count2(st, k, "ls", src, issue_names[what]);
	kb_start(k, "lr");
	kb_add(k, id);
	kb_add(k, issue_names[what]);
	kb_add(k, stage);
	kb_add(k, src);
	kb_add(k, detail);
	store_get(st, k->s, k->len)->n++;
}

/* The stage of a stage_history entry: a string, or an object's "stage". */
static int
history_rank(const mops_json *e)
{
	const char *s = mops_json_str(e);

	if (!s)
		s = mops_json_get_str(e, "stage");
	return stage_rank(s);
}

void
lifecycle_person(struct store *st, const struct params *p, struct mops_buf *k,
    const mops_json *rec, int rank, const int *has, const int64_t *dates)
{
	const char *stage = mops_json_get_str(rec, "lifecycle_stage");
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
	const char *src = mops_json_scalar_text(mops_json_get(rec, "source"));
	const mops_json *h = mops_json_get(rec, "stage_history");
	const char *cur;
	char d[160], t1[40], t2[40];
	int s, i, any = rank >= 0, top = -1;

	for (s = 0; s < NSTAGES; s++)
		if (has[s]) {
			any = 1;
			top = s;
		}
	if (!any && !(stage && *stage))
		return;		/* nothing to audit */
	id = id && *id ? id : "(none)";
	src = src && *src ? src : "(none)";
	cur = rank >= 0 ? stage_names[rank] : stage && *stage ? "other" : "(none)";
	count2(st, k, "lz", NULL, NULL);
	count2(st, k, "lp", cur, NULL);
	count2(st, k, "lq", src, NULL);

	/* regression: a later stage is dated than the one the record is in */
	if (rank >= 0 && top > rank) {
		stamp(dates[top], t1, sizeof t1);
		snprintf(d, sizeof d, "lifecycle_stage %s, but %s dated %s",
		    stage_names[rank], stage_names[top], t1);
		issue(st, k, id, src, I_REGRESSION, cur, d);
	}
	/* skipped: a gap in the dated path (entering past subscriber is not) */
	for (s = 2; s < NSTAGES; s++) {
		int before = 0;
		if (!has[s] || has[s - 1])
			continue;
		for (i = 0; i < s - 1; i++)
			before |= has[i];
		if (!before)
			continue;
		snprintf(d, sizeof d, "%s dated, %s not", stage_names[s],
		    stage_names[s - 1]);
		issue(st, k, id, src, I_SKIPPED, stage_names[s], d);
		break;
	}
	/* out of order: a stage dated before an earlier stage */
	for (s = 1; s < NSTAGES; s++) {
		int late = -1;
		if (!has[s])
			continue;
		for (i = 0; i < s; i++)
			if (has[i] && dates[i] > dates[s] && (late < 0 ||
			    dates[i] > dates[late]))
				late = i;
		if (late < 0)
			continue;
		stamp(dates[s], t1, sizeof t1);
		stamp(dates[late], t2, sizeof t2);
		snprintf(d, sizeof d, "%s %s before %s %s", stage_names[s], t1,
		    stage_names[late], t2);
		issue(st, k, id, src, I_OUT_OF_ORDER, stage_names[s], d);
		break;
	}
	/* re-entry: only a stage history shows one */
	if (h && h->type == MOPS_JARRAY) {
		int seen[NSTAGES] = { 0 };
		size_t j;
		for (j = 0; j < h->len; j++)
			if ((s = history_rank(h->u.items[j])) >= 0)
				seen[s]++;
		for (s = 0; s < NSTAGES; s++)
			if (seen[s] > 1) {
				snprintf(d, sizeof d, "%s entered %d times",
				    stage_names[s], seen[s]);
				issue(st, k, id, src, I_REENTRY, stage_names[s], d);
				break;
			}
	}
	/* stuck: in the stage since its date, longer than --stuck; a regressed
	 * record's return date is unknown, so it is not judged */
	if (rank >= 0 && rank < FIRST_SETTLED && has[rank] && top == rank &&
	    p->now - dates[rank] > p->stuck) {
		stamp(dates[rank], t1, sizeof t1);
		snprintf(d, sizeof d, "%s since %s, %lld days", stage_names[rank], t1,
		    (long long)((p->now - dates[rank]) / 86400));
		issue(st, k, id, src, I_STUCK, cur, d);
	}
}

/* ---- tables ---- */

static int64_t
nof(struct store *st, struct mops_buf *k, const char *kind, const char *a,
    const char *b)
{
	struct agg *x;

	kb_start(k, kind);
	if (a)
		kb_add(k, a);
	if (b)
		kb_add(k, b);
	x = store_find(st, k->s, k->len);
	return x ? x->n : 0;
}

static void
push(struct table ***t, size_t *nt, size_t *ct, struct table *x)
{
	*t = mops_xgrow(*t, ct, *nt + 1, sizeof **t);
	(*t)[(*nt)++] = x;
}

/* One row: name, people, then each issue's count; adds into tot. */
static void
issue_row(struct table *x, struct store *st, struct mops_buf *k,
    const char *pk, const char *ik, const char *name, int64_t *tot)
{
	struct cell *r = table_row(x);
	int i;

	cell_text(&r[0], name);
	tot[0] += nof(st, k, pk, name, NULL);
	cell_int(&r[1], nof(st, k, pk, name, NULL));
	for (i = 0; i < NISSUES; i++) {
		int64_t n = nof(st, k, ik, name, issue_names[i]);
		cell_int(&r[2 + i], n);
		tot[1 + i] += n;
	}
}

static void
total_row(struct table *x, const int64_t *tot)
{
	struct cell *r = table_row(x);
	int i;

	cell_text(&r[0], "(all)");
	for (i = 0; i <= NISSUES; i++)
		cell_int(&r[1 + i], tot[i]);
}

/* Distinct second parts of the keys of kind (sorted, new strings). */
static char **
names_of(struct agg **all, size_t nall, const char *kind, size_t *n)
{
	char **v = NULL;
	size_t cv = 0, nv = 0, i, kl = strlen(kind);

	for (i = 0; i < nall; i++) {
		const struct agg *a = all[i];
		const char *s, *e;
		if (a->klen <= kl || memcmp(a->key, kind, kl) != 0 ||
		    a->key[kl] != KSEP)
			continue;
		s = a->key + kl + 1;
		e = memchr(s, KSEP, a->klen - kl - 1);
		if (!e)
			e = a->key + a->klen;
		if (nv && strlen(v[nv - 1]) == (size_t)(e - s) &&
		    memcmp(v[nv - 1], s, (size_t)(e - s)) == 0)
			continue;
		v = mops_xgrow(v, &cv, nv + 1, sizeof *v);
		v[nv++] = mops_xstrndup(s, (size_t)(e - s));
	}
	*n = nv;
	return v;
}

void
lifecycle_tables(struct store *st, const struct params *p, struct agg **all,
    size_t nall, struct table ***t, size_t *nt, size_t *ct)
{
	static const char *const c1[] = { "stage", "people", "regression",
	    "skipped", "out_of_order", "reentry", "stuck" };
	static const char *const c2[] = { "source", "people", "regression",
	    "skipped", "out_of_order", "reentry", "stuck" };
	static const char *const c3[] = { "id", "source", "stage", "issue",
	    "detail" };
	static const char records_def[] = "One row per record and kind of "
	    "finding, by id; stage: where it was found (as in the lifecycle "
	    "table); detail: the dates behind it.";
	struct mops_buf k = MOPS_BUF_INIT;
	int64_t tot[1 + NISSUES] = { 0 };
	struct table *x;
	char **v, *def, stuck[32];
	size_t n, i, nrec = 0, max = SIZE_MAX;
	int s;

	if (nof(st, &k, "lz", NULL, NULL) == 0 &&
	    strcmp(p->report_name, "all") == 0) {
		mops_buf_free(&k);	/* no stages in the data: nothing to show */
		return;
	}
	if (p->stuck % 86400 == 0)
		snprintf(stuck, sizeof stuck, "%lldd", (long long)(p->stuck / 86400));
	else if (p->stuck % 3600 == 0)
		snprintf(stuck, sizeof stuck, "%lldh", (long long)(p->stuck / 3600));
	else
		snprintf(stuck, sizeof stuck, "%llds", (long long)p->stuck);
	def = mops_xasprintf("People with a lifecycle_stage or stage_dates, by "
	    "the stage of each finding (people: by current stage). regression: "
	    "stage_dates has a stage later than the current lifecycle_stage "
	    "(counted at the current stage). skipped: a stage is dated, the one "
	    "right before it is not, and an earlier one is (records entering "
	    "past subscriber are not skips; counted at the first stage reached "
	    "that way). out_of_order: a stage dated before an earlier stage of "
	    "the order subscriber < lead < mql < sql < opportunity < customer < "
	    "evangelist (same instant is in order). reentry: a stage listed more "
	    "than once in stage_history, when records carry one. stuck: in a "
	    "stage before customer for longer than %s as of --now, counted from "
	    "its stage_dates entry (not judged when undated or regressed). A "
	    "record counts once per kind of finding.", stuck);
	x = table_new("lifecycle", "lifecycle", "Lifecycle stage audit", def, 7,
	    c1);
	free(def);
	x->chart = CH_BARS;
	x->chart_label = 0;
	x->chart_value = 1;
	for (s = 0; s < NSTAGES; s++)
		issue_row(x, st, &k, "lp", "lc", stage_names[s], tot);
	if (nof(st, &k, "lp", "other", NULL))
		issue_row(x, st, &k, "lp", "lc", "other", tot);
	if (nof(st, &k, "lp", "(none)", NULL))
		issue_row(x, st, &k, "lp", "lc", "(none)", tot);
	total_row(x, tot);
	push(t, nt, ct, x);

	memset(tot, 0, sizeof tot);
	x = table_new("lifecycle", "lifecycle_sources", "Lifecycle findings by "
	    "source system", "The same findings by the source of the record "
	    "(its source field: the system it came from, or the surviving "
	    "record's after mops-dedupe).", 7, c2);
	v = names_of(all, nall, "lq", &n);
	for (i = 0; i < n; i++) {
		issue_row(x, st, &k, "lq", "ls", v[i], tot);
		free(v[i]);
	}
	free(v);
	total_row(x, tot);
	push(t, nt, ct, x);

	for (i = 0; i < nall; i++)
		nrec += all[i]->klen >= 3 && memcmp(all[i]->key, "lr\x1f", 3) == 0;
	if (strcmp(p->report_name, "all") == 0 && nrec > ALL_RECORDS_MAX)
		max = ALL_RECORDS_MAX;
	if (max < nrec)
		def = mops_xasprintf("%s Here the first %d of %zu rows only: "
		    "mops-report lifecycle lists every one.", records_def,
		    ALL_RECORDS_MAX, nrec);
	else
		def = mops_xstrdup(records_def);
	x = table_new("lifecycle", "lifecycle_records", "Records with lifecycle "
	    "findings", def, 5, c3);
	free(def);
	for (i = 0; i < nall && x->nrows < max; i++) {
		const struct agg *a = all[i];
		char *buf, *parts[6];
		struct cell *r;
		if (a->klen < 3 || memcmp(a->key, "lr\x1f", 3) != 0)
			continue;
		if (key_split(a, &buf, parts, 6) == 6) {
			r = table_row(x);
			cell_text(&r[0], parts[1]);
			cell_text(&r[1], parts[4]);
			cell_text(&r[2], parts[3]);
			cell_text(&r[3], parts[2]);
			cell_text(&r[4], parts[5]);
		}
		free(buf);
	}
	push(t, nt, ct, x);
	mops_buf_free(&k);
}
