/*
 * ingest.c - turn canonical records into store aggregates.
 *
 * Counting reports (funnel, velocity, quality, anomalies) write straight into the
 * store.  SLA, campaigns and attribution join records of different types (a
 * person with its touches, a credit row with its opportunity), so those keep
 * small per-id maps here until ingest_finish().  Inputs arrive in any order.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "mtime.h"
#include "opts.h"
#include "record.h"
#include "report.h"
#include "util.h"

/* A string -> pointer map (open addressing). */
struct smap {
	char **k;
	void **v;
	size_t cap, len;
};

static uint64_t
shash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void **
smap_slot(struct smap *m, const char *key, int create)
{
	size_t i;

	if (create && 2 * (m->len + 1) > m->cap) {
		struct smap n = { 0 };
		size_t j;
		n.cap = m->cap ? m->cap * 2 : 256;
		n.k = mops_xcalloc(n.cap, sizeof *n.k);
		n.v = mops_xcalloc(n.cap, sizeof *n.v);
		for (j = 0; j < m->cap; j++) {
			if (!m->k[j])
				continue;
			i = shash(m->k[j]) & (n.cap - 1);
			while (n.k[i])
				i = (i + 1) & (n.cap - 1);
			n.k[i] = m->k[j];
			n.v[i] = m->v[j];
		}
		n.len = m->len;
		free(m->k);
		free(m->v);
		*m = n;
	}
	if (!m->cap)
		return NULL;
	i = shash(key) & (m->cap - 1);
	while (m->k[i]) {
		if (strcmp(m->k[i], key) == 0)
			return &m->v[i];
		i = (i + 1) & (m->cap - 1);
	}
	if (!create)
		return NULL;
	m->k[i] = mops_xstrdup(key);
	m->len++;
	return &m->v[i];
}

static void
smap_free(struct smap *m, void (*fr)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->k[i]) {
			free(m->k[i]);
			if (fr)
				fr(m->v[i]);
		}
	free(m->k);
	free(m->v);
}

struct person {
	char *group;		/* SLA group key parts, KSEP-joined */
	int64_t mql;		/* -1: none (or after --now) */
	int reached_mql;
	char *campaign;		/* own campaign_id, or NULL */
	char **merged;		/* ids merged into this record */
	size_t nmerged;
};

struct tinfo {
	int64_t *sales;		/* sales touch times <= now */
	size_t n, c;
	int64_t ctime;		/* earliest touch with a campaign */
	char *cid;
};

struct opp {
	double amount;
	int has_amount, won;
	char *campaign, *channel;
};

struct credit {
	char *opp, *model, *key;
	double weight, amount;
	int has_amount, won;
};

struct ingest {
	const struct params *p;
	struct store *st;
	unsigned long long nrec, nraw;	/* records; raw vendor ones (no type) */
	unsigned char by_seen[MAXBY];	/* a record had --by field i */
	struct mops_buf k, g;	/* key under construction, group parts */
	struct smap persons, touches, opps;
	struct credit *cr;
	size_t ncr, ccr;
	const char *attr_field;
	struct smap fgroups;
	struct fgroup *lastg;
	char *lastgk;
	struct xstate *xs;	/* experiment */
};

struct ingest *
ingest_new(const struct params *p, struct store *st)
{
	struct ingest *in = mops_xcalloc(1, sizeof *in);

	in->p = p;
	in->st = st;
	in->attr_field = "channel";
	if (p->by_given && p->nby > 0) {
		in->attr_field = p->by[0];
		if (strcmp(in->attr_field, "campaign") == 0)
			in->attr_field = "campaign_id";
	}
	if (p->reports & R_EXPERIMENT)
		in->xs = experiment_new(p, st);
	return in;
}

static void
free_person(void *v)
{
	struct person *pe = v;
	size_t i;

	free(pe->group);
	free(pe->campaign);
	for (i = 0; i < pe->nmerged; i++)
		free(pe->merged[i]);
	free(pe->merged);
	free(pe);
}

static void
free_tinfo(void *v)
{
	struct tinfo *t = v;

	free(t->sales);
	free(t->cid);
	free(t);
}

static void
free_opp(void *v)
{
	struct opp *o = v;

	if (!o)
		return;
	free(o->campaign);
	free(o->channel);
	free(o);
}

static void free_fgroup(void *v);

void
ingest_free(struct ingest *in)
{
	size_t i;

	if (!in)
		return;
	mops_buf_free(&in->k);
	mops_buf_free(&in->g);
	smap_free(&in->persons, free_person);
	smap_free(&in->touches, free_tinfo);
	smap_free(&in->opps, free_opp);
	smap_free(&in->fgroups, free_fgroup);
	free(in->lastgk);
	experiment_free(in->xs);
	for (i = 0; i < in->ncr; i++) {
		free(in->cr[i].opp);
		free(in->cr[i].model);
		free(in->cr[i].key);
	}
	free(in->cr);
	free(in);
}

/* ---- field helpers ---- */

static int
get_time(const mops_json *v, int64_t *sec)
{
	struct mops_time t;
	const char *s = mops_json_scalar_text(v);

	if (!s || !*s || mops_time_parse(s, MOPS_DATE_YMD, &t) != 0)
		return 0;
	*sec = t.sec;
	return 1;
}

static int
truthy(const mops_json *v)
{
	const char *s;

	if (!v)
		return 0;
	if (v->type == MOPS_JTRUE)
		return 1;
	if (v->type == MOPS_JNUMBER)
		return mops_json_number(v, NULL) != 0;
	if ((s = mops_json_str(v)))
		return strcmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		    strcmp(s, "yes") == 0 || strcmp(s, "TRUE") == 0 ||
		    strcmp(s, "True") == 0;
	return 0;
}

static int
filled(const mops_json *v)
{
	if (!v || v->type == MOPS_JNULL)
		return 0;
	if (v->type == MOPS_JSTRING || v->type == MOPS_JARRAY ||
	    v->type == MOPS_JOBJECT)
		return v->len > 0;
	return 1;
}

/* The value used to group by a field: its text, "(none)" when empty. */
static const char *
gval(const mops_json *rec, const char *field)
{
	const char *s = mops_json_scalar_text(mops_json_get(rec, field));
	const mops_json *v;

	if (!s && (v = mops_json_get(rec, field)) && (v->type == MOPS_JTRUE ||
	    v->type == MOPS_JFALSE))
		return v->type == MOPS_JTRUE ? "true" : "false";
	return s && *s ? s : "(none)";
}

/* The group parts of rec (--by fields), KSEP-joined after a leading KSEP. */
static void
group_of(struct ingest *in, const mops_json *rec)
{
	int i;

	mops_buf_reset(&in->g);
	for (i = 0; i < in->p->nby; i++)
		kb_add(&in->g, gval(rec, in->p->by[i]));
}

/* Key: kind, the group, then extra parts added by the caller. */
static void
key_group(struct ingest *in, const char *kind)
{
	kb_start(&in->k, kind);
	mops_buf_add(&in->k, in->g.s ? in->g.s : "", in->g.len);
}

static struct agg *
key_done(struct ingest *in)
{
	return store_get(in->st, in->k.s, in->k.len);
}

static void
kb_period(struct mops_buf *b, int64_t start)
{
	char t[32];

	/* zero-padded so keys sort in time order */
	snprintf(t, sizeof t, "%012lld", (long long)start);
	kb_add(b, t);
}

static void
kb_stage(struct mops_buf *b, int s)
{
	char t[4] = { (char)('0' + s), 0 };

	kb_add(b, t);
}

static void
anomaly(struct ingest *in, const char *metric, int64_t when, double amount,
    int use_sum)
{
	struct agg *a;

	kb_start(&in->k, "an");
	kb_add(&in->k, metric);
	mops_buf_add(&in->k, in->g.s ? in->g.s : "", in->g.len);
	kb_period(&in->k, mops_time_week_start_sec(when));
	a = key_done(in);
	a->n++;
	if (use_sum)
		agg_add(a, amount);
}

/* An unsubscribe: a touch_type containing "unsub", or Marketo's activity
 * type 9 "Unsubscribe Email" (which mops-normalize files as touch_type other). */
static int
is_unsub_touch(const mops_json *rec)
{
	const char *t = mops_json_get_str(rec, "touch_type");
	const char *src = mops_json_get_str(rec, "source");
	const char *at = mops_json_scalar_text(mops_json_get(rec,
	    "activity_type_id"));

	if (t && strstr(t, "unsub"))
		return 1;
	return src && strcmp(src, "marketo") == 0 && at && strcmp(at, "9") == 0;
}

/* ---- persons ---- */

static void
person_quality(struct ingest *in, const mops_json *rec)
{
	const mops_json *v, *e;
	struct agg *a;
	size_t i;
	int email_bad = 0, country_bad = 0, utm_bad = 0, utm_any = 0;
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));

	kb_start(&in->k, "qt");
	key_done(in)->n++;
	for (i = 0; i < (size_t)in->p->nfields; i++) {
		if (!filled(mops_json_get(rec, in->p->fields[i])))
			continue;
		kb_start(&in->k, "qf");
		kb_add(&in->k, in->p->fields[i]);
		key_done(in)->n++;
	}
	if ((v = mops_json_get(rec, "_merged_from")) && v->type == MOPS_JARRAY) {
		int64_t d = 0;
		for (i = 0; i < v->len; i++) {
			const char *m = mops_json_scalar_text(v->u.items[i]);
			if (!id || !m || strcmp(m, id) != 0)
				d++;
		}
		kb_start(&in->k, "qd");
		a = key_done(in);
		a->n += d;
	}
	if ((e = mops_json_get(rec, "_errors")) && e->type == MOPS_JARRAY)
		for (i = 0; i < e->len; i++) {
			const char *code = mops_json_get_str(e->u.items[i], "code");
			if (!code)
				continue;
			email_bad |= strcmp(code, "email_invalid") == 0;
			country_bad |= strcmp(code, "country_unknown") == 0;
			utm_bad |= strcmp(code, "utm_noncompliant") == 0;
		}
	for (i = 0; i < rec->len; i++)
		if (strncmp(rec->u.members[i].key, "utm_", 4) == 0 &&
		    filled(rec->u.members[i].val))
			utm_any = 1;
	if (email_bad) {
		kb_start(&in->k, "qe");
		key_done(in)->n++;
	}
	if (filled(mops_json_get(rec, "email")) || email_bad) {
		kb_start(&in->k, "qE");
		key_done(in)->n++;
	}
	if (country_bad) {
		kb_start(&in->k, "qk");
		key_done(in)->n++;
	}
	if (utm_any || utm_bad) {
		kb_start(&in->k, "qu");
		key_done(in)->n++;
		if (utm_bad) {
			kb_start(&in->k, "qn");
			key_done(in)->n++;
		}
	}
	v = mops_json_get(rec, "email_opt_out");
	if (v && (v->type == MOPS_JTRUE || v->type == MOPS_JFALSE)) {
		kb_start(&in->k, "qc");
		key_done(in)->n++;
		if (v->type == MOPS_JTRUE) {
			kb_start(&in->k, "qo");
			key_done(in)->n++;
		}
	}
}

/*
 * The funnel touches ~20 aggregates per record; building and hashing their
 * keys dominated the run time, so each group keeps direct pointers to its
 * aggregates (they never move: the store holds pointers).
 */
struct fper {
	int64_t start;
	struct agg *pr[NSTAGES], *pc[NSTAGES];
};

struct fgroup {
	struct agg *cur[NSTAGES + 2], *fr[NSTAGES], *fd[NSTAGES], *fc[NSTAGES];
	struct fper *per;
	size_t nper, cper, last;
};

static void
free_fgroup(void *v)
{
	struct fgroup *g = v;

	if (!g)
		return;
	free(g->per);
	free(g);
}

static struct agg *
cached(struct ingest *in, struct agg **slot, const char *kind, const char *x1,
    int64_t period, int stage)
{
	/* cppcheck reads this as a boolean function returning its condition */
	if (*slot)
		// cppcheck-suppress identicalInnerCondition
		return *slot;
	key_group(in, kind);
	if (x1)
		kb_add(&in->k, x1);
	if (period >= 0)
		kb_period(&in->k, period);
	if (stage >= 0)
		kb_stage(&in->k, stage);
	return *slot = key_done(in);
}

static struct fper *
fper_of(struct fgroup *g, int64_t start)
{
	size_t i;

	if (g->last < g->nper && g->per[g->last].start == start)
		return &g->per[g->last];
	for (i = 0; i < g->nper; i++)
		if (g->per[i].start == start)
			return &g->per[g->last = i];
	g->per = mops_xgrow(g->per, &g->cper, g->nper + 1, sizeof *g->per);
	memset(&g->per[g->nper], 0, sizeof *g->per);
	g->per[g->nper].start = start;
	return &g->per[g->last = g->nper++];
}

static void
funnel_add(struct ingest *in, int rank, const char *stage, const int *has,
    const int *reached, const int64_t *dates)
{
	const struct params *p = in->p;
	const char *gk = in->g.s ? in->g.s : "";
	struct fgroup *g;
	int s, ci;

	if (in->lastg && strcmp(in->lastgk, gk) == 0) {
		g = in->lastg;
	} else {
		void **slot = smap_slot(&in->fgroups, gk, 1);
		if (!*slot)
			*slot = mops_xcalloc(1, sizeof(struct fgroup));
		g = in->lastg = *slot;
		free(in->lastgk);
		in->lastgk = mops_xstrdup(gk);
	}
	ci = rank >= 0 ? rank : stage && *stage ? NSTAGES : NSTAGES + 1;
	if (!g->cur[ci]) {
		char t[2] = { (char)('0' + ci), 0 };
		cached(in, &g->cur[ci], "fu", rank >= 0 ? t : ci == NSTAGES ?
		    "other" : "(none)", -1, -1);
	}
	g->cur[ci]->n++;
	for (s = 0; s < NSTAGES; s++) {
		struct fper *pe;
		if (!reached[s])
			continue;
		cached(in, &g->fr[s], "fr", NULL, -1, s)->n++;
		if (has[s])
			cached(in, &g->fd[s], "fd", NULL, -1, s)->n++;
		if (s + 1 < NSTAGES && reached[s + 1])
			cached(in, &g->fc[s], "fc", NULL, -1, s)->n++;
		if (p->period == P_NONE || !has[s])
			continue;
		pe = fper_of(g, period_start(p->period, dates[s]));
		cached(in, &pe->pr[s], "pr", NULL, pe->start, s)->n++;
		if (s + 1 < NSTAGES && reached[s + 1])
			cached(in, &pe->pc[s], "pc", NULL, pe->start, s)->n++;
	}
}

static void
person(struct ingest *in, const mops_json *rec)
{
	const struct params *p = in->p;
	const char *stage = mops_json_get_str(rec, "lifecycle_stage");
	const mops_json *sd = mops_json_get(rec, "stage_dates");
	int rank = stage_rank(stage), s;
	int64_t dates[NSTAGES], t;
	int has[NSTAGES], reached[NSTAGES];
	struct agg *a;

	/* flattened CSV/TSV input: a "stage_dates.mql" column (named here, not
	 * printed per record: that was a sixth of the funnel's time) */
	static const char *const flat[NSTAGES] = { "stage_dates.subscriber",
	    "stage_dates.lead", "stage_dates.mql", "stage_dates.sql",
	    "stage_dates.opportunity", "stage_dates.customer",
	    "stage_dates.evangelist" };

	for (s = 0; s < NSTAGES; s++) {
		has[s] = sd && sd->type == MOPS_JOBJECT &&
		    get_time(mops_json_get(sd, stage_names[s]), &dates[s]);
		if (!has[s] && !sd)
			has[s] = get_time(mops_json_get(rec, flat[s]), &dates[s]);
		reached[s] = has[s] || (rank >= 0 && rank >= s);
	}
	group_of(in, rec);

	if (p->reports & R_SCORING)
		scoring_person(in->st, p, &in->k, rec);
	if (p->reports & R_FUNNEL)
		funnel_add(in, rank, stage, has, reached, dates);
	if (p->reports & R_VELOCITY) {
		for (s = 0; s + 1 < NSTAGES; s++) {
			if (!has[s] || !has[s + 1])
				continue;
			key_group(in, dates[s + 1] >= dates[s] ? "vd" : "vx");
			kb_stage(&in->k, s);
			a = key_done(in);
			a->n++;
			if (dates[s + 1] >= dates[s])
				agg_addv(a, dates[s + 1] - dates[s]);
		}
		if (rank >= 0) {
			int known = has[rank] && dates[rank] <= p->now;
			key_group(in, known ? "va" : "vn");
			kb_stage(&in->k, rank);
			a = key_done(in);
			a->n++;
			if (known)
				agg_addv(a, p->now - dates[rank]);
		}
	}
	if (p->reports & R_QUALITY)
		person_quality(in, rec);
	if (p->reports & R_EXPERIMENT)
		experiment_person(in->xs, rec, reached[p->outcome],
		    has[p->outcome] ? dates[p->outcome] : INT64_MIN);
	if (p->reports & R_LIFECYCLE)
		lifecycle_person(in->st, p, &in->k, rec, rank, has, dates);
	if (p->reports & R_ANOMALIES) {
		if (get_time(mops_json_get(rec, "created_at"), &t))
			anomaly(in, "people_created", t, 0, 0);
		for (s = 1; s < NSTAGES - 1; s++)
			if (has[s]) {
				char m[32];
				snprintf(m, sizeof m, "reached_%s", stage_names[s]);
				anomaly(in, m, dates[s], 0, 0);
			}
		if (get_time(mops_json_get(rec, "unsubscribed_at"), &t) ||
		    get_time(mops_json_get(rec, "email_opt_out_at"), &t))
			anomaly(in, "unsubscribes", t, 0, 0);
	}
	if (p->reports & (R_SLA | R_CAMPAIGNS)) {
		const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
		const mops_json *mf = mops_json_get(rec, "_merged_from");
		const char *cid = mops_json_scalar_text(mops_json_get(rec,
		    "campaign_id"));
		struct person *pe;
		void **slot;
		size_t i;

		if (!id || !*id)
			return;
		slot = smap_slot(&in->persons, id, 1);
		if (*slot)	/* the same id twice: the last record wins */
			free_person(*slot);
		pe = *slot = mops_xcalloc(1, sizeof *pe);
		if (p->by_given) {
			pe->group = mops_xstrndup(in->g.s ? in->g.s : "", in->g.len);
		} else {
			mops_buf_reset(&in->k);
			kb_add(&in->k, gval(rec, "owner_id"));
			pe->group = mops_xstrndup(in->k.s, in->k.len);
		}
		pe->mql = has[2] && dates[2] <= p->now ? dates[2] : -1;
		pe->reached_mql = reached[2];
		pe->campaign = cid && *cid ? mops_xstrdup(cid) : NULL;
		if (mf && mf->type == MOPS_JARRAY && mf->len) {
			pe->merged = mops_xcalloc(mf->len, sizeof *pe->merged);
			for (i = 0; i < mf->len; i++) {
				const char *m = mops_json_scalar_text(mf->u.items[i]);
				if (m && strcmp(m, id) != 0)
					pe->merged[pe->nmerged++] = mops_xstrdup(m);
			}
		}
	}
}

/* ---- other record types ---- */

static int
sales_touch(const mops_json *rec)
{
	const char *tt = mops_json_get_str(rec, "touch_type");

	const char *owner = mops_json_scalar_text(mops_json_get(rec, "owner_id"));

	/* calls and meetings, flagged touches, and a rep's own activities (CRM
	 * tasks and engagements carry the owner; marketing automation does not) */
	return (tt && (strcmp(tt, "call") == 0 || strcmp(tt, "meeting") == 0)) ||
	    truthy(mops_json_get(rec, "sales")) ||
	    truthy(mops_json_get(rec, "is_sales")) || (owner && *owner);
}

static void
touch(struct ingest *in, const mops_json *rec)
{
	const struct params *p = in->p;
	const char *pid = mops_json_scalar_text(mops_json_get(rec, "person_id"));
	const char *cid = mops_json_scalar_text(mops_json_get(rec, "campaign_id"));
	int64_t t = 0;
	int has_t = get_time(mops_json_get(rec, "occurred_at"), &t);
	struct tinfo *ti;
	void **slot;

	if ((p->reports & R_ANOMALIES) && has_t) {
		group_of(in, rec);
		anomaly(in, "touches", t, 0, 0);
		if (is_unsub_touch(rec))
			anomaly(in, "unsubscribes", t, 0, 0);
	}
	if (p->reports & R_EXPERIMENT)
		experiment_touch(in->xs, rec);
	if (!(p->reports & (R_SLA | R_CAMPAIGNS)) || !pid || !*pid || !has_t)
		return;
	slot = smap_slot(&in->touches, pid, 1);
	if (!*slot) {
		*slot = mops_xcalloc(1, sizeof *ti);
		((struct tinfo *)*slot)->ctime = INT64_MAX;
	}
	ti = *slot;
	if ((p->reports & R_SLA) && t <= p->now && sales_touch(rec)) {
		ti->sales = mops_xgrow(ti->sales, &ti->c, ti->n + 1, sizeof *ti->sales);
		ti->sales[ti->n++] = t;
	}
	if ((p->reports & R_CAMPAIGNS) && cid && *cid && (t < ti->ctime ||
	    (t == ti->ctime && strcmp(cid, ti->cid) < 0))) {
		free(ti->cid);
		ti->cid = mops_xstrdup(cid);
		ti->ctime = t;
	}
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : "(none)";
}

static void
opportunity(struct ingest *in, const mops_json *rec)
{
	const struct params *p = in->p;
	int ok, won = truthy(mops_json_get(rec, "is_won"));
	double amount = mops_json_number(mops_json_get(rec, "amount"), &ok);
	const char *cid = nonempty(mops_json_scalar_text(mops_json_get(rec,
	    "campaign_id")));
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
	int64_t t;
	struct agg *a;

	if (!ok)
		amount = 0;
	if (p->reports & R_CAMPAIGNS) {
		kb_start(&in->k, "cp");
		kb_add(&in->k, cid);
		a = key_done(in);
		a->n++;
		agg_add(a, amount);
		if (won) {
			kb_start(&in->k, "cw");
			kb_add(&in->k, cid);
			a = key_done(in);
			a->n++;
			agg_add(a, amount);
		}
	}
	if (p->reports & R_ANOMALIES) {
		group_of(in, rec);
		if (get_time(mops_json_get(rec, "created_at"), &t))
			anomaly(in, "opportunities", t, 0, 0);
		if (won && get_time(mops_json_get(rec, "closed_at"), &t))
			anomaly(in, "won", t, 0, 0);
	}
	if ((p->reports & R_ATTRIBUTION) && id && *id) {
		void **slot = smap_slot(&in->opps, id, 1);
		struct opp *o;
		if (*slot)
			free_opp(*slot);
		o = *slot = mops_xcalloc(1, sizeof *o);
		o->amount = amount;
		o->has_amount = ok;
		o->won = won;
		o->campaign = mops_xstrdup(cid);
		o->channel = mops_xstrdup(nonempty(mops_json_scalar_text(
		    mops_json_get(rec, "channel"))));
	}
}

static void
campaign(struct ingest *in, const mops_json *rec)
{
	const char *id = nonempty(mops_json_scalar_text(mops_json_get(rec, "id")));
	int ok;
	double cost = mops_json_number(mops_json_get(rec, "cost"), &ok);
	struct agg *a;

	if (!(in->p->reports & (R_CAMPAIGNS)))
		return;
	kb_start(&in->k, "cn");
	kb_add(&in->k, id);
	kb_add(&in->k, nonempty(mops_json_scalar_text(mops_json_get(rec, "name"))));
	kb_add(&in->k, nonempty(mops_json_scalar_text(mops_json_get(rec,
	    "channel"))));
	key_done(in)->n++;
	if (ok) {
		kb_start(&in->k, "cc");
		kb_add(&in->k, id);
		a = key_done(in);
		a->n++;
		agg_add(a, cost);
	}
}

static void
spend(struct ingest *in, const mops_json *rec)
{
	const char *cid = nonempty(mops_json_scalar_text(mops_json_get(rec,
	    "campaign_id")));
	int ok;
	double cost = mops_json_number(mops_json_get(rec, "cost"), &ok);
	int64_t t;
	struct agg *a;

	if (!ok)
		return;
	if (in->p->reports & R_CAMPAIGNS) {
		kb_start(&in->k, "cs");
		kb_add(&in->k, cid);
		a = key_done(in);
		a->n++;
		agg_add(a, cost);
	}
	if ((in->p->reports & R_ANOMALIES) &&
	    get_time(mops_json_get(rec, "date"), &t)) {
		group_of(in, rec);
		anomaly(in, "spend", t, cost, 1);
	}
}

static void
credit(struct ingest *in, const mops_json *rec)
{
	const char *opp = mops_json_scalar_text(mops_json_get(rec,
	    "opportunity_id"));
	const char *model = nonempty(mops_json_scalar_text(mops_json_get(rec,
	    "model")));
	const char *key = nonempty(gval(rec, in->attr_field));
	int ok, okw;
	double amount = mops_json_number(mops_json_get(rec, "amount"), &ok);
	double w = mops_json_number(mops_json_get(rec, "weight"), &okw);
	struct credit *c;
	struct agg *a;

	if (!(in->p->reports & R_ATTRIBUTION))
		return;
	if (!opp || !*opp) {
		/* a roll-up row (mops-attribute --by): pipeline only */
		double conv = mops_json_number(mops_json_get(rec, "conversions"),
		    NULL);
		kb_start(&in->k, "ap");
		kb_add(&in->k, model);
		kb_add(&in->k, key);
		a = key_done(in);
		a->n++;
		agg_add(a, ok ? amount : 0);
		kb_start(&in->k, "aq");
		kb_add(&in->k, model);
		kb_add(&in->k, key);
		agg_add(key_done(in), conv);
		return;
	}
	in->cr = mops_xgrow(in->cr, &in->ccr, in->ncr + 1, sizeof *in->cr);
	c = &in->cr[in->ncr++];
	c->opp = mops_xstrdup(opp);
	c->model = mops_xstrdup(model);
	c->key = mops_xstrdup(key);
	c->weight = okw ? w : 0;
	c->amount = ok ? amount : 0;
	c->has_amount = ok;
	c->won = truthy(mops_json_get(rec, "is_won"));
}

void
ingest_record(struct ingest *in, const mops_json *rec)
{
	const char *type = mops_json_get_str(rec, "type");
	const mops_json *e;
	size_t i;
	int b;

	in->nrec++;
	if (!type && mops_json_get(rec, "_stream"))
		in->nraw++;
	for (b = 0; b < in->p->nby; b++)
		if (!in->by_seen[b] && mops_json_get(rec, in->p->by[b]))
			in->by_seen[b] = 1;
	if (!type || strcmp(type, "person") == 0)
		person(in, rec);
	else if (strcmp(type, "touch") == 0)
		touch(in, rec);
	else if (strcmp(type, "opportunity") == 0)
		opportunity(in, rec);
	else if (strcmp(type, "campaign") == 0)
		campaign(in, rec);
	else if (strcmp(type, "spend") == 0)
		spend(in, rec);
	else if (strcmp(type, "credit") == 0 || strcmp(type, "rollup") == 0)
		credit(in, rec);
	if (!(in->p->reports & R_QUALITY))
		return;
	kb_start(&in->k, "qy");
	kb_add(&in->k, type ? type : "person");
	key_done(in)->n++;
	if ((e = mops_json_get(rec, "_errors")) && e->type == MOPS_JARRAY)
		for (i = 0; i < e->len; i++) {
			kb_start(&in->k, "qx");
			kb_add(&in->k, nonempty(mops_json_scalar_text(
			    mops_json_get(e->u.items[i], "field"))));
			kb_add(&in->k, nonempty(mops_json_scalar_text(
			    mops_json_get(e->u.items[i], "code"))));
			key_done(in)->n++;
		}
}

/* ---- joins ---- */

static struct tinfo *
tinfo_of(struct ingest *in, const char *id)
{
	void **s = smap_slot(&in->touches, id, 0);

	return s ? *s : NULL;
}

static void
finish_person(struct ingest *in, const char *id, struct person *pe)
{
	const struct params *p = in->p;
	int64_t first = INT64_MAX, ctime = INT64_MAX;
	const char *cid = NULL;
	size_t i, j;
	struct agg *a;

	for (i = 0; i <= pe->nmerged; i++) {
		struct tinfo *ti = tinfo_of(in, i == 0 ? id : pe->merged[i - 1]);
		if (!ti)
			continue;
		for (j = 0; j < ti->n; j++)
			if (pe->mql >= 0 && ti->sales[j] >= pe->mql &&
			    ti->sales[j] < first)
				first = ti->sales[j];
		if (ti->cid && (!cid || ti->ctime < ctime || (ti->ctime == ctime &&
		    strcmp(ti->cid, cid) < 0))) {
			ctime = ti->ctime;
			cid = ti->cid;
		}
	}
	if ((p->reports & R_SLA) && pe->mql >= 0) {
		int passed = pe->mql + p->sla <= p->now;
		kb_start(&in->k, passed ? "se" : "sp");
		mops_buf_adds(&in->k, pe->group);
		key_done(in)->n++;
		if (passed && first != INT64_MAX && first <= pe->mql + p->sla) {
			kb_start(&in->k, "sm");
			mops_buf_adds(&in->k, pe->group);
			key_done(in)->n++;
		}
		kb_start(&in->k, first != INT64_MAX ? "sd" : "su");
		mops_buf_adds(&in->k, pe->group);
		a = key_done(in);
		a->n++;
		if (first != INT64_MAX)
			agg_addv(a, first - pe->mql);
	}
	if (p->reports & R_CAMPAIGNS) {
		const char *c = pe->campaign ? pe->campaign : cid ? cid : "(none)";
		kb_start(&in->k, "cl");
		kb_add(&in->k, c);
		key_done(in)->n++;
		if (pe->reached_mql) {
			kb_start(&in->k, "cm");
			kb_add(&in->k, c);
			key_done(in)->n++;
		}
	}
}

static int
cmp_credit(const void *a, const void *b)
{
	const struct credit *x = a, *y = b;
	int c = strcmp(x->opp, y->opp);

	if (c)
		return c;
	if ((c = strcmp(x->model, y->model)))
		return c;
	return strcmp(x->key, y->key);
}

static int
is_first_touch(const char *m)
{
	return strcmp(m, "first_touch") == 0 || strcmp(m, "first-touch") == 0 ||
	    strcmp(m, "first") == 0 || strcmp(m, "firsttouch") == 0;
}

static void
add_amount(struct ingest *in, const char *kind, const char *model,
    const char *key, double amount)
{
	struct agg *a;

	kb_start(&in->k, kind);
	if (model)
		kb_add(&in->k, model);
	kb_add(&in->k, key);
	a = key_done(in);
	a->n++;
	agg_add(a, amount);
}

/* One opportunity: credits cr[0..n) (sorted by model, key), o may be NULL. */
static void
finish_opp(struct ingest *in, struct credit *cr, size_t n, struct opp *o)
{
	double total = 0, best = -1, bestw = 0;
	const char *src = NULL;
	int won = o ? o->won : 0;
	size_t i, j;

	/* Without an opportunity record, its amount is the credited total of the
	 * model whose weights add up closest to 1 (not participation's). */
	for (i = 0; i < n; i = j) {
		double w = 0, amt = 0;
		for (j = i; j < n && strcmp(cr[j].model, cr[i].model) == 0; j++) {
			w += cr[j].weight;
			amt += cr[j].has_amount ? cr[j].amount : 0;
		}
		if (i == 0 || fabs(w - 1) < bestw) {
			bestw = fabs(w - 1);
			total = amt;
		}
	}
	for (i = 0; i < n; i++)
		won |= cr[i].won;
	if (o && o->has_amount)
		total = o->amount;
	for (i = 0; i < n; i++) {
		struct credit *c = &cr[i];
		double amt = c->has_amount ? c->amount : c->weight * total;
		struct agg *a;
		add_amount(in, "ap", c->model, c->key, amt);
		kb_start(&in->k, "aq");
		kb_add(&in->k, c->model);
		kb_add(&in->k, c->key);
		a = key_done(in);
		agg_add(a, c->weight);
		if (won)
			add_amount(in, "ar", c->model, c->key, amt);
		if (is_first_touch(c->model) && c->weight > best) {
			best = c->weight;
			src = c->key;
		}
	}
	/* influenced: every key with a credited touch gets the whole amount once */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(cr[j].key, cr[i].key) == 0)
				break;
		if (j < i)
			continue;
		add_amount(in, "ai", NULL, cr[i].key, total);
		if (won)
			add_amount(in, "aj", NULL, cr[i].key, total);
	}
	if (!src && o)
		src = strcmp(in->attr_field, "campaign_id") == 0 ? o->campaign :
		    strcmp(in->attr_field, "channel") == 0 ? o->channel : NULL;
	if (!src || strcmp(src, "(none)") == 0)
		src = "(unknown)";
	add_amount(in, "as", NULL, src, total);
	if (won)
		add_amount(in, "at", NULL, src, total);
}

void
ingest_finish(struct ingest *in)
{
	size_t i, j;

	for (i = 0; i < in->persons.cap; i++)
		if (in->persons.k[i])
			finish_person(in, in->persons.k[i], in->persons.v[i]);
	if (in->xs)
		experiment_finish(in->xs);
	if (!(in->p->reports & R_ATTRIBUTION))
		return;
	if (in->ncr)
		qsort(in->cr, in->ncr, sizeof *in->cr, cmp_credit);
	for (i = 0; i < in->ncr; i = j) {
		void **s = smap_slot(&in->opps, in->cr[i].opp, 0);
		for (j = i; j < in->ncr && strcmp(in->cr[j].opp, in->cr[i].opp) == 0;
		    j++)
			;
		finish_opp(in, in->cr + i, j - i, s ? *s : NULL);
		if (s) {	/* done: uncredited opportunities are left */
			free_opp(*s);
			*s = NULL;
		}
	}
	for (i = 0; i < in->opps.cap; i++)
		if (in->opps.k[i] && in->opps.v[i])
			finish_opp(in, NULL, 0, in->opps.v[i]);
}

static void
ingest_cb(void *ctx, const mops_json *rec)
{
	ingest_record(ctx, rec);
}

int
ingest_files(const struct params *p, struct store *st, char **files, int nfiles,
    enum mops_format from, unsigned long long *nin, int partial)
{
	struct ingest *in = ingest_new(p, st);
	int status, i;

	if (from == MOPS_FMT_NDJSON && !(p->reports & ~(R_FUNNEL | R_VELOCITY))) {
		/* these need a few fields only: skip building whole records */
		const char *want[MAXBY + 4] = { "type", "lifecycle_stage",
		    "stage_dates", "_stream" };
		for (i = 0; i < p->nby; i++)
			want[4 + i] = p->by[i];
		status = fast_read(files, nfiles, want, 4 + p->nby, ingest_cb, in,
		    nin);
	} else {
		mops_reader *r = mops_reader_open(files, nfiles, from);
		mops_json *rec;
		while ((rec = mops_reader_next(r))) {
			ingest_record(in, rec);
			mops_json_free(rec);
			mops_progress(mops_reader_count(r));
		}
		*nin = mops_reader_count(r);
		status = mops_reader_close(r);
	}
	ingest_finish(in);
	/* Input that cannot be what the report expects: said once, not as a
	 * table of "(none)" */
	if (!mops_cfg.quiet && in->nrec && in->nraw == in->nrec)
		mops_warn("no record has a \"type\": these are raw vendor records; "
		    "run them through mops-normalize first");
	/* (a partition of the records may well lack a field: not there) */
	for (i = 0; !mops_cfg.quiet && !partial && in->nrec && i < p->nby; i++)
		if (!in->by_seen[i])
			mops_warn("--by %s: no record has this field, so every row is "
			    "\"(none)\"", p->by[i]);
	ingest_free(in);
	return status;
}
