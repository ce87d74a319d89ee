/*
 * journey.c - journeys from canonical records: touches join opportunities by
 * person and/or account within the lookback window, each opportunity's path is
 * credited under every model asked for, and credit rows (or roll-ups) are written
 * in opportunity id order.
 *
 * Everything is loaded first (memory O(touches)); times are kept in microseconds
 * since the epoch; touch order is (time, touch id), so ties at one timestamp
 * break by id and nothing depends on the input order.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_markov.h"
#include "attribute.h"
#include "buf.h"
#include "exit.h"
#include "intern.h"
#include "input.h"
#include "json.h"
#include "mtime.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "reject.h"
#include "attr_scan.h"
#include "util.h"

#define NO_TIME INT64_MAX

struct touch {
	int64_t us;
	uint32_t person, account, channel, campaign;	/* MOPS_INTERN_NONE: none */
	size_t str;		/* id "\0" occurred_at "\0" in strs */
	int form_submit;
};

struct opp {
	size_t str;		/* id in strs */
	uint32_t account;
	size_t pfirst, np;	/* person ids in pids */
	long long cents;
	int64_t created, closed;
};

struct journeys {
	const struct attr_opts *o;
	struct touch *t;
	size_t nt, capt;
	struct opp *op;
	size_t nop, capop;
	uint32_t *pids;
	size_t npids, cappids;
	char *strs;
	size_t nstrs, capstrs;
	struct mops_intern persons, accounts, channels, campaigns;
	int64_t *lead;		/* per person: lead-creation time, NO_TIME */
	size_t caplead;
	unsigned char *lead_from_person;
	size_t caplfp;
	unsigned long long nin;
};

static size_t
add_str(struct journeys *j, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0, off = j->nstrs;

	j->strs = mops_xgrow(j->strs, &j->capstrs, j->nstrs + la + lb + 2, 1);
	memcpy(j->strs + off, a, la + 1);
	if (b)
		memcpy(j->strs + off + la + 1, b, lb + 1);
	else
		j->strs[off + la + 1] = '\0';
	j->nstrs += la + lb + 2;
	return off;
}

static const char *
field(const mops_json *rec, const char *key)
{
	const char *s = mops_json_scalar_text(mops_json_get(rec, key));

	return s && *s ? s : NULL;
}

static uint32_t
intern_opt(struct mops_intern *in, const char *s)
{
	return s ? mops_intern_add(in, s, strlen(s)) : MOPS_INTERN_NONE;
}

/* "YYYY-MM-DDTHH:MM:SSZ", the canonical form, without the general parser. */
static int
parse_canonical(const char *s, int64_t *us)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	int i, y, mo, d, h, mi, se;

	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != pat[i])
			return -1;
	if (s[i])
		return -1;
#define N2(k) ((s[k] - '0') * 10 + (s[(k) + 1] - '0'))
	y = N2(0) * 100 + N2(2);
	mo = N2(5);
	d = N2(8);
	h = N2(11);
	mi = N2(14);
	se = N2(17);
#undef N2
	if (mo < 1 || mo > 12 || d < 1 || d > mops_days_in_month(y, mo) || h > 23 ||
	    mi > 59 || se > 59)
		return -1;
	*us = ((mops_days_from_civil(y, mo, d) * 86400) + h * 3600 + mi * 60 + se) *
	    (int64_t)1000000;
	return 0;
}

static int
parse_us(const char *s, int64_t *us)
{
	struct mops_time t;

	if (s && parse_canonical(s, us) == 0)
		return 0;
	if (!s || mops_time_parse(s, MOPS_DATE_YMD, &t) < 0)
		return -1;
	*us = t.sec * 1000000 + t.nsec / 1000;
	return 0;
}

/* Person ids grow the lead arrays. */
static uint32_t
person_id(struct journeys *j, const char *s)
{
	uint32_t id = intern_opt(&j->persons, s);

	if (id != MOPS_INTERN_NONE && id >= j->caplead) {
		size_t old = j->caplead, c2 = j->caplfp, i;

		j->lead = mops_xgrow(j->lead, &j->caplead, (size_t)id + 1, sizeof(*j->lead));
		j->lead_from_person = mops_xgrow(j->lead_from_person, &c2, j->caplead, 1);
		j->caplfp = c2;
		for (i = old; i < j->caplead; i++) {
			j->lead[i] = NO_TIME;
			j->lead_from_person[i] = 0;
		}
	}
	return id;
}

/* Where the current record came from, for rejects. */
struct src {
	const char *file;
	long line;
	const char *raw;
	size_t len;
};

static void
reject_rec(const struct src *src, const char *why)
{
	mops_reject(src->file, src->line, src->raw, src->len, "%s", why);
}

static void
add_touch(struct journeys *j, const struct src *src, const struct mops_attr_fields *fl)
{
	const char *id = fl->f[MOPS_AF_ID], *at = fl->f[MOPS_AF_OCCURRED_AT];
	const char *ch = fl->f[MOPS_AF_CHANNEL], *tt = fl->f[MOPS_AF_TOUCH_TYPE];
	struct touch *t;
	int64_t us;

	if (!id) {
		reject_rec(src, "touch: id missing");
		return;
	}
	if (parse_us(at, &us) < 0) {
		reject_rec(src, "touch: occurred_at: not a timestamp");
		return;
	}
	j->t = mops_xgrow(j->t, &j->capt, j->nt + 1, sizeof(*j->t));
	t = &j->t[j->nt++];
	t->us = us;
	t->person = person_id(j, fl->f[MOPS_AF_PERSON_ID]);
	t->account = intern_opt(&j->accounts, fl->f[MOPS_AF_ACCOUNT_ID]);
	t->channel = intern_opt(&j->channels, ch ? ch : "Unassigned");
	t->campaign = intern_opt(&j->campaigns, fl->f[MOPS_AF_CAMPAIGN_ID]);
	t->str = add_str(j, id, at);
	t->form_submit = tt && strcmp(tt, "form_submit") == 0;
}

static void
add_opp(struct journeys *j, const struct src *src, const struct mops_attr_fields *fl)
{
	const char *id = fl->f[MOPS_AF_ID], *amount = fl->f[MOPS_AF_AMOUNT];
	struct opp *op;
	int64_t created, closed = NO_TIME;
	long long cents = 0;
	size_t i;

	if (!id) {
		reject_rec(src, "opportunity: id missing");
		return;
	}
	if (parse_us(fl->f[MOPS_AF_CREATED_AT], &created) < 0) {
		reject_rec(src, "opportunity: created_at: not a timestamp");
		return;
	}
	if (fl->f[MOPS_AF_CLOSED_AT] && parse_us(fl->f[MOPS_AF_CLOSED_AT], &closed) < 0) {
		reject_rec(src, "opportunity: closed_at: not a timestamp");
		return;
	}
	if (amount && mops_attr_parse_cents(amount, &cents) < 0) {
		reject_rec(src, "opportunity: amount: not a number");
		return;
	}
	j->op = mops_xgrow(j->op, &j->capop, j->nop + 1, sizeof(*j->op));
	op = &j->op[j->nop++];
	op->str = add_str(j, id, NULL);
	op->account = intern_opt(&j->accounts, fl->f[MOPS_AF_ACCOUNT_ID]);
	op->cents = cents;
	op->created = created;
	op->closed = closed;
	op->pfirst = j->npids;
	op->np = 0;
	for (i = 0; i < fl->npids; i++) {
		j->pids = mops_xgrow(j->pids, &j->cappids, j->npids + 1, sizeof(*j->pids));
		j->pids[j->npids++] = person_id(j, fl->pids[i]);
		op->np++;
	}
}

/* Person records give the lead-creation time: stage_dates.lead, else created_at. */
static void
add_person(struct journeys *j, const mops_json *rec)
{
	const char *id = field(rec, "id");
	const mops_json *sd = mops_json_get(rec, "stage_dates");
	const char *when = sd && sd->type == MOPS_JOBJECT ? field(sd, "lead") : NULL;
	int64_t us;
	uint32_t p;

	if (!id)
		return;
	if (!when)
		when = field(rec, "created_at");
	if (parse_us(when, &us) < 0)
		return;
	p = person_id(j, id);
	if (!j->lead_from_person[p] || us < j->lead[p])
		j->lead[p] = us;
	j->lead_from_person[p] = 1;
}

/* The slow path: the full parser (which rejects bad lines), then the fields. */
static void
add_tree(struct journeys *j, const struct src *src)
{
	mops_json *rec = mops_record_parse(src->raw, src->len, src->file, src->line);
	const mops_json *pids;
	struct mops_attr_fields fl;
	const char *type;
	size_t i;

	if (!rec)
		return;
	type = mops_json_get_str(rec, "type");
	memset(&fl, 0, sizeof(fl));
	if (type && strcmp(type, "person") == 0)
		add_person(j, rec);
	else if (type && (strcmp(type, "touch") == 0 || strcmp(type, "opportunity") == 0)) {
		static const char *const keys[MOPS_AF_N] = {
			"type", "id", "person_id", "account_id", "occurred_at", "channel",
			"campaign_id", "touch_type", "amount", "created_at", "closed_at", NULL
		};

		for (i = 0; i < MOPS_AF_PERSON_IDS; i++)
			fl.f[i] = field(rec, keys[i]);
		pids = mops_json_get(rec, "person_ids");
		if (pids && pids->type == MOPS_JARRAY && pids->len > 0) {
			fl.pids = mops_xcalloc(pids->len, sizeof(*fl.pids));
			for (i = 0; i < pids->len; i++) {
				const char *p = mops_json_scalar_text(pids->u.items[i]);

				if (p && *p)
					fl.pids[fl.npids++] = p;
			}
		}
		if (type[0] == 't')
			add_touch(j, src, &fl);
		else
			add_opp(j, src, &fl);
		free(fl.pids);
	}
	mops_json_free(rec);
}

/* One input file ("-" or NULL: stdin): the fast field picker first, the
 * full parser for anything it does not take (person records among them). */
static int
load_file(struct journeys *j, const char *path, struct mops_attr_scanner *sc)
{
	mops_in *in = mops_in_open(path && strcmp(path, "-") ? path : NULL);
	struct src src;
	struct mops_attr_fields fl;
	int r;

	if (!in) {
		mops_warn("%s: %s", path, strerror(errno));
		return MOPS_EX_NOINPUT;
	}
	src.file = mops_in_name(in);
	while ((r = mops_record_line(in, &src.raw, &src.len)) != MOPS_IN_EOF) {
		src.line = mops_in_lineno(in);
		if (r == MOPS_IN_ERROR) {
			mops_in_close(in);
			return MOPS_EX_IOERR;
		}
		j->nin++;
		mops_progress(j->nin);
		if (mops_attr_scan(sc, src.raw, src.len, &fl) < 0 || !fl.f[MOPS_AF_TYPE] ||
		    strcmp(fl.f[MOPS_AF_TYPE], "person") == 0)
			add_tree(j, &src);
		else if (strcmp(fl.f[MOPS_AF_TYPE], "touch") == 0)
			add_touch(j, &src, &fl);
		else if (strcmp(fl.f[MOPS_AF_TYPE], "opportunity") == 0)
			add_opp(j, &src, &fl);
	}
	mops_in_close(in);
	return 0;
}

static int
load(struct journeys *j, char **files, int nfiles)
{
	struct mops_attr_scanner sc;
	int st = 0, s, i;

	memset(&sc, 0, sizeof(sc));
	if (nfiles == 0)
		st = load_file(j, NULL, &sc);
	for (i = 0; i < nfiles; i++)
		if ((s = load_file(j, files[i], &sc)) && (!st || s == MOPS_EX_IOERR))
			st = s;
	mops_attr_scanner_free(&sc);
	return st;
}

/* Sorting with a context: qsort has none, so one static pointer. */
static const struct journeys *sj;
static const struct mops_intern *snames;

static int
cmp_touch(const void *a, const void *b)
{
	const struct touch *x = &sj->t[*(const uint32_t *)a];
	const struct touch *y = &sj->t[*(const uint32_t *)b];
	int c;

	if (x->us != y->us)
		return x->us < y->us ? -1 : 1;
	if ((c = strcmp(sj->strs + x->str, sj->strs + y->str)))
		return c;
	return strcmp(sj->strs + x->str + strlen(sj->strs + x->str) + 1,
	    sj->strs + y->str + strlen(sj->strs + y->str) + 1);
}

struct tkey {
	uint64_t key;		/* time, sign bit flipped: sorts as unsigned */
	uint32_t idx;
};

/*
 * Sorts the touches by (time, id, occurred_at text): an LSD radix sort of
 * (time, index) pairs, 16 bits a pass, then runs of equal times by id; the
 * touch array is then rebuilt in that order, so that later passes read it
 * sequentially.
 */
static void
sort_touches(struct journeys *j)
{
	size_t n = j->nt, i, pass, a, b;
	struct tkey *k = mops_xcalloc(n + 1, sizeof(*k));
	struct tkey *tmp = mops_xcalloc(n + 1, sizeof(*tmp));
	size_t *cnt = mops_xcalloc(65536, sizeof(*cnt));
	struct touch *t2;
	uint32_t *ord;

	for (i = 0; i < n; i++) {
		k[i].key = (uint64_t)j->t[i].us ^ (1ULL << 63);
		k[i].idx = (uint32_t)i;
	}
	for (pass = 0; pass < 4; pass++) {
		unsigned sh = (unsigned)pass * 16;
		size_t sum = 0, c;

		memset(cnt, 0, 65536 * sizeof(*cnt));
		for (i = 0; i < n; i++)
			cnt[(k[i].key >> sh) & 0xffff]++;
		if (cnt[(k[0].key >> sh) & 0xffff] == n)
			continue;	/* all equal in this digit */
		for (i = 0; i < 65536; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[cnt[(k[i].key >> sh) & 0xffff]++] = k[i];
		memcpy(k, tmp, n * sizeof(*k));
	}
	free(tmp);
	free(cnt);
	ord = mops_xcalloc(n + 1, sizeof(*ord));
	for (i = 0; i < n; i++)
		ord[i] = k[i].idx;
	sj = j;
	for (a = 0; a < n; a = b) {	/* ties at one instant: by id */
		for (b = a + 1; b < n && k[b].key == k[a].key; b++)
			;
		if (b - a > 1)
			qsort(ord + a, b - a, sizeof(*ord), cmp_touch);
	}
	free(k);
	/* The same touch twice (same id, same instant: at-least-once delivery)
	 * counts once; they are adjacent now. */
	t2 = mops_xcalloc(n + 1, sizeof(*t2));
	for (i = a = 0; i < n; i++) {
		const struct touch *t = &j->t[ord[i]];

		if (a > 0 && t2[a - 1].us == t->us &&
		    strcmp(j->strs + t2[a - 1].str, j->strs + t->str) == 0)
			continue;
		t2[a++] = *t;
	}
	free(ord);
	free(j->t);
	j->t = t2;
	j->nt = a;
	j->capt = n + 1;
}

static int
cmp_opp(const void *a, const void *b)
{
	const struct opp *x = &sj->op[*(const uint32_t *)a];
	const struct opp *y = &sj->op[*(const uint32_t *)b];

	return strcmp(sj->strs + x->str, sj->strs + y->str);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(mops_intern_name(snames, *(const uint32_t *)a),
	    mops_intern_name(snames, *(const uint32_t *)b));
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Touch ranks grouped by key (person or account): start[k]..start[k+1]. */
struct index {
	size_t *start;
	uint32_t *rank;
};

static void
build_index(struct index *ix, const struct journeys *j, const uint32_t *byrank,
    size_t nkeys, int by_account)
{
	size_t i, *fill;

	ix->start = mops_xcalloc(nkeys + 2, sizeof(*ix->start));
	ix->rank = mops_xcalloc(j->nt + 1, sizeof(*ix->rank));
	for (i = 0; i < j->nt; i++) {
		uint32_t k = by_account ? j->t[i].account : j->t[i].person;

		if (k != MOPS_INTERN_NONE)
			ix->start[k + 1]++;
	}
	for (i = 0; i < nkeys; i++)
		ix->start[i + 1] += ix->start[i];
	fill = mops_xcalloc(nkeys + 1, sizeof(*fill));
	for (i = 0; i < j->nt; i++) {	/* in rank order: each group stays sorted */
		const struct touch *t = &j->t[byrank[i]];
		uint32_t k = by_account ? t->account : t->person;

		if (k != MOPS_INTERN_NONE)
			ix->rank[ix->start[k] + fill[k]++] = (uint32_t)i;
	}
	free(fill);
}

static void
free_index(struct index *ix)
{
	free(ix->start);
	free(ix->rank);
}

/* Appends the ranks of group k whose time lies in [lo, hi]. */
static size_t
collect(const struct index *ix, const struct journeys *j, const uint32_t *byrank,
    uint32_t k, int64_t lo, int64_t hi, uint32_t **out, size_t *cap, size_t n)
{
	size_t a, b, i;

	if (k == MOPS_INTERN_NONE)
		return n;
	a = ix->start[k];
	b = ix->start[k + 1];
	/* binary search for the first touch at or after lo */
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (j->t[byrank[ix->rank[mid]]].us < lo)
			a = mid + 1;
		else
			b = mid;
	}
	for (i = a; i < ix->start[k + 1]; i++) {
		if (j->t[byrank[ix->rank[i]]].us > hi)
			break;
		*out = mops_xgrow(*out, cap, n + 1, sizeof(**out));
		(*out)[n++] = ix->rank[i];
	}
	return n;
}

struct run {
	struct journeys *j;
	const struct attr_opts *o;
	uint32_t *byrank;
	struct index byperson, byaccount;
	uint32_t *chrank;	/* channel intern id -> rank by name */
	uint32_t unattributed;	/* its intern id */
	/* per-path scratch */
	uint32_t *path;
	size_t cappath;
	struct mops_attr_touch *at;
	size_t *keep;
	double *w;
	long long *cents;
	size_t capscratch;
	int *count;
	double *share;		/* markov: removal effect per channel rank */
	mops_fract *fract;	/* data_driven: the conversion rates of paths */
	int *seq;		/* data_driven: the path's channel ranks */
	unsigned char *direct;	/* channel intern id -> Direct or not */
	/* roll-ups: per model, per key (+1: none/Unattributed) */
	double *rw;
	long long *rc;
	unsigned char *rhit;
	size_t nkeys;
	mops_out *out;
	unsigned long long nout;
	/* credit rows: rendered parts (see render_touches) */
	struct mops_buf head, frag;
	size_t *fragoff, capfrag;
#define WCACHE 4096
	struct wcache {
		uint64_t bits;
		unsigned char len;
		char s[32];
	} *wcache;
};

/* The path of opportunity op: ranks of its touches, sorted, no duplicates. */
static size_t
build_path(struct run *ru, const struct opp *op, int64_t *anchor)
{
	const struct attr_opts *o = ru->o;
	struct journeys *j = ru->j;
	int64_t hi = o->until_close && op->closed != NO_TIME ? op->closed : op->created;
	/* past 100,000 years the window is unlimited (and the cast safe) */
	int64_t lo = o->lookback < 0 || o->lookback > 3.2e12 ? INT64_MIN :
	    hi - (int64_t)(o->lookback * 1e6);
	size_t n = 0, i, k;

	*anchor = hi;
	if (o->join & JOIN_PERSON)
		for (i = 0; i < op->np; i++)
			n = collect(&ru->byperson, j, ru->byrank, j->pids[op->pfirst + i],
			    lo, hi, &ru->path, &ru->cappath, n);
	if (o->join & JOIN_ACCOUNT)
		n = collect(&ru->byaccount, j, ru->byrank, op->account, lo, hi,
		    &ru->path, &ru->cappath, n);
	if (n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(ru->path, n, sizeof(*ru->path), cmp_u32);
	/* n > 0 means collect() grew ru->path: the analyzer cannot see it */
	for (i = k = 0; i < n; i++)
		if (k == 0 || ru->path[i] != ru->path[k - 1])
			// NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
			ru->path[k++] = ru->path[i];
	return k;
}

static void
scratch(struct run *ru, size_t n)
{
	if (n <= ru->capscratch)
		return;
	ru->capscratch = n * 2;
	ru->at = mops_xrealloc(ru->at, ru->capscratch * sizeof(*ru->at));
	ru->keep = mops_xrealloc(ru->keep, ru->capscratch * sizeof(*ru->keep));
	ru->w = mops_xrealloc(ru->w, ru->capscratch * sizeof(*ru->w));
	ru->cents = mops_xrealloc(ru->cents, ru->capscratch * sizeof(*ru->cents));
	ru->seq = mops_xrealloc(ru->seq, ru->capscratch * sizeof(*ru->seq));
}

/* Fills ru->at[0..n) for the path; returns n after the transforms. */
static size_t
path_touches(struct run *ru, const struct opp *op, size_t n, int64_t anchor)
{
	struct journeys *j = ru->j;
	int64_t lead = NO_TIME;
	size_t i, lead_at = 0, opp_at = 0;
	int found_opp = 0;

	scratch(ru, n + 1);
	for (i = 0; i < op->np; i++) {
		uint32_t p = j->pids[op->pfirst + i];

		if (j->lead[p] < lead)
			lead = j->lead[p];
	}
	for (i = 0; i < n; i++) {
		const struct touch *t = &j->t[ru->byrank[ru->path[i]]];

		if (t->person != MOPS_INTERN_NONE && j->lead[t->person] < lead)
			lead = j->lead[t->person];
	}
	for (i = 0; i < n; i++) {
		const struct touch *t = &j->t[ru->byrank[ru->path[i]]];
		struct mops_attr_touch *a = &ru->at[i];

		a->channel = (int)ru->chrank[t->channel];
		a->is_direct = ru->direct[t->channel];
		a->age = (double)(anchor - t->us) / 1e6;
		a->milestones = 0;
		if (lead != NO_TIME && t->us <= lead)
			lead_at = i;
		if (t->us <= op->created) {
			opp_at = i;
			found_opp = 1;
		}
	}
	if (n > 0) {
		ru->at[lead_at].milestones |= MOPS_ATTR_M_LEAD;
		ru->at[found_opp ? opp_at : 0].milestones |= MOPS_ATTR_M_OPP;
		ru->at[n - 1].milestones |= MOPS_ATTR_M_CLOSE;
	}
	n = attr_transform(ru->o, ru->at, ru->keep, n);
	/* A milestone on a dropped touch falls back to the first (lead) or the
	 * last (opportunity, close) kept touch. */
	return n;
}

static void
out_str(mops_out *out, const char *s)
{
	if (s)
		mops_out_json_string(out, s, strlen(s));
	else
		mops_out_puts(out, "null");
}

static void
buf_sink(void *ctx, const char *p, size_t n)
{
	mops_buf_add(ctx, p, n);
}

static void
buf_str(struct mops_buf *b, const char *s)
{
	if (s)
		mops_json_dump_string(s, strlen(s), buf_sink, b);
	else
		mops_buf_add(b, "null", 4);
}

#define PUTS(out, lit) mops_out_write((out), (lit), sizeof(lit) - 1)

/*
 * The parts of a credit row that do not depend on the model are rendered once
 * per opportunity: its id, and for each touch of its path the fields from
 * touch_id to occurred_at (frag[i] .. frag[i + 1] in ru->frag).
 */
static void
render_touches(struct run *ru, const struct opp *op, size_t n)
{
	struct journeys *j = ru->j;
	size_t i;

	mops_buf_reset(&ru->head);
	buf_str(&ru->head, j->strs + op->str);
	mops_buf_reset(&ru->frag);
	ru->fragoff = mops_xgrow(ru->fragoff, &ru->capfrag, n + 1, sizeof(*ru->fragoff));
	for (i = 0; i < n; i++) {
		const struct touch *t = &j->t[ru->byrank[ru->path[ru->keep[i]]]];
		const char *id = j->strs + t->str;

		ru->fragoff[i] = ru->frag.len;
		buf_str(&ru->frag, id);
		mops_buf_adds(&ru->frag, ",\"person_id\":");
		buf_str(&ru->frag, t->person != MOPS_INTERN_NONE ?
		    mops_intern_name(&j->persons, t->person) : NULL);
		mops_buf_adds(&ru->frag, ",\"channel\":");
		buf_str(&ru->frag, mops_intern_name(&j->channels, t->channel));
		mops_buf_adds(&ru->frag, ",\"campaign_id\":");
		buf_str(&ru->frag, t->campaign != MOPS_INTERN_NONE ?
		    mops_intern_name(&j->campaigns, t->campaign) : NULL);
		mops_buf_adds(&ru->frag, ",\"occurred_at\":");
		buf_str(&ru->frag, id + strlen(id) + 1);
	}
	ru->fragoff[n] = ru->frag.len;
}

/* Shortest round-trip text of a weight: weights repeat (1, 0.5, 1/3 ...), so a
 * small direct-mapped cache saves most of the formatting. */
static void
out_weight(struct run *ru, double w)
{
	uint64_t bits;
	struct wcache *c;

	memcpy(&bits, &w, sizeof(bits));
	c = &ru->wcache[(bits ^ (bits >> 29) ^ (bits >> 41)) & (WCACHE - 1)];
	if (!c->len || c->bits != bits) {
		c->bits = bits;
		c->len = (unsigned char)mops_fmt_real(w, c->s);
	}
	mops_out_write(ru->out, c->s, c->len);
}

/* i: the touch's index on the rendered path, or -1 for Unattributed. */
static void
out_credit(struct run *ru, enum mops_attr_model m, long i, double w,
    long long cents)
{
	mops_out *out = ru->out;
	char buf[40];

	PUTS(out, "{\"type\":\"credit\",\"opportunity_id\":");
	mops_out_write(out, ru->head.s, ru->head.len);
	PUTS(out, ",\"model\":\"");
	mops_out_puts(out, mops_attr_model_name(m));
	PUTS(out, "\",\"touch_id\":");
	if (i >= 0)
		mops_out_write(out, ru->frag.s + ru->fragoff[i],
		    ru->fragoff[i + 1] - ru->fragoff[i]);
	else
		PUTS(out, "null,\"person_id\":null,\"channel\":\"Unattributed\","
		    "\"campaign_id\":null,\"occurred_at\":null");
	PUTS(out, ",\"weight\":");
	out_weight(ru, w);
	PUTS(out, ",\"amount\":");
	mops_out_write(out, buf, mops_attr_fmt_cents(cents, buf));
	PUTS(out, "}\n");
	ru->nout++;
}

static void
rollup_add(struct run *ru, int mi, const struct touch *t, double w, long long cents)
{
	size_t key;

	if (ru->o->by == BY_CHANNEL)
		key = t ? ru->chrank[t->channel] : ru->chrank[ru->unattributed];
	else
		key = t && t->campaign != MOPS_INTERN_NONE ? t->campaign : ru->nkeys - 1;
	key += (size_t)mi * ru->nkeys;
	ru->rw[key] += w;
	ru->rc[key] += cents;
	ru->rhit[key] = 1;
}

static void
credit(struct run *ru, int mi, const struct touch *t, long i, double w,
    long long cents)
{
	if (ru->o->by == BY_NONE)
		out_credit(ru, ru->o->models[mi], i, w, cents);
	else
		rollup_add(ru, mi, t, w, cents);
}

static void
attribute_opp(struct run *ru, const struct opp *op)
{
	const struct attr_opts *o = ru->o;
	int64_t anchor;
	size_t n = build_path(ru, op, &anchor), i;
	int mi;

	if (n == 0) {	/* the Unattributed bucket: totals always add up */
		if (o->by == BY_NONE)
			render_touches(ru, op, 0);
		for (mi = 0; mi < o->nmodels; mi++)
			credit(ru, mi, NULL, -1, 1, op->cents);
		return;
	}
	n = path_touches(ru, op, n, anchor);
	if (o->by == BY_NONE)
		render_touches(ru, op, n);
	for (mi = 0; mi < o->nmodels; mi++) {
		enum mops_attr_model m = o->models[mi];

		if (m == MOPS_ATTR_DATA_DRIVEN) {
			for (i = 0; i < n; i++)
				ru->seq[i] = ru->at[i].channel;
			mops_fract_weights(ru->fract, ru->seq, n, ru->w);
		} else
			mops_attr_weights(m, &o->params, ru->at, n, ru->share, ru->count,
			    ru->w);
		if (m == MOPS_ATTR_PARTICIPATION)
			for (i = 0; i < n; i++)
				ru->cents[i] = ru->w[i] > 0 ? op->cents : 0;
		else
			mops_attr_split_cents(op->cents, ru->w, n, ru->cents);
		for (i = 0; i < n; i++) {
			const struct touch *t;

			if (!(ru->w[i] > 0))
				continue;
			t = &ru->j->t[ru->byrank[ru->path[ru->keep[i]]]];
			credit(ru, mi, t, (long)i, ru->w[i], ru->cents[i]);
		}
	}
}

/* One path of the whole data set: channel ranks, conversions (1 for an
 * opportunity's path), their value and nulls (1 for a null path). */
typedef void path_fn(void *ctx, const int *seq, size_t n, double conv, double value,
    double nulls);

/*
 * Every opportunity's path (a conversion worth its amount) and, with nulls,
 * the touches of each person (each account with --join account) that has no
 * opportunity and no touch on any opportunity's path (a null path each), after
 * the transforms: the data the Markov chain and the data-driven model learn from.
 */
static void
each_path(struct run *ru, const uint32_t *opord, int nulls, path_fn *fn, void *ctx)
{
	struct journeys *j = ru->j;
	const struct attr_opts *o = ru->o;
	int *seq = NULL;
	size_t capseq = 0, k, i, n;
	int64_t anchor;
	unsigned char *used = mops_xcalloc(j->nt + 1, 1);

	for (k = 0; k < j->nop; k++) {
		const struct opp *op = &j->op[opord[k]];

		n = build_path(ru, op, &anchor);
		if (n == 0)
			continue;
		for (i = 0; i < n; i++)
			used[ru->path[i]] = 1;
		n = path_touches(ru, op, n, anchor);
		seq = mops_xgrow(seq, &capseq, n, sizeof(*seq));
		for (i = 0; i < n; i++)
			seq[i] = ru->at[i].channel;
		fn(ctx, seq, n, 1, (double)op->cents / 100, 0);
	}
	if (nulls) {
		int by_account = o->join == JOIN_ACCOUNT;
		const struct index *ix = by_account ? &ru->byaccount : &ru->byperson;
		size_t nkeys = by_account ? j->accounts.n : j->persons.n;
		unsigned char *has = mops_xcalloc(nkeys + 1, 1);

		for (k = 0; k < j->nop; k++) {
			if (by_account) {
				if (j->op[k].account != MOPS_INTERN_NONE)
					has[j->op[k].account] = 1;
			} else
				for (i = 0; i < j->op[k].np; i++)
					has[j->pids[j->op[k].pfirst + i]] = 1;
		}
		/* keys in name order, for a model built the same whatever the input */
		{
			uint32_t *ord = mops_xcalloc(nkeys + 1, sizeof(*ord));

			for (k = 0; k < nkeys; k++)
				ord[k] = (uint32_t)k;
			snames = by_account ? &j->accounts : &j->persons;
			qsort(ord, nkeys, sizeof(*ord), cmp_name);
			for (k = 0; k < nkeys; k++) {
				uint32_t key = ord[k];
				size_t a = ix->start[key], b = ix->start[key + 1];

				for (i = a; i < b && !has[key]; i++)
					has[key] = used[ix->rank[i]];
				if (has[key] || a == b)
					continue;
				n = b - a;
				scratch(ru, n + 1);
				for (i = 0; i < n; i++) {
					const struct touch *t = &j->t[ru->byrank[ix->rank[a + i]]];

					/* scratch() allocated at least n + 1 */
					// NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
					ru->at[i].channel = (int)ru->chrank[t->channel];
					ru->at[i].is_direct = ru->direct[t->channel];
				}
				n = attr_transform(o, ru->at, ru->keep, n);
				seq = mops_xgrow(seq, &capseq, n, sizeof(*seq));
				for (i = 0; i < n; i++)
					seq[i] = ru->at[i].channel;
				fn(ctx, seq, n, 0, 0, 1);
			}
			free(ord);
		}
		free(has);
	}
	free(seq);
	free(used);
}

static void
markov_add(void *ctx, const int *seq, size_t n, double conv, double value,
    double nulls)
{
	mops_markov_add(ctx, seq, n, conv, value, nulls);
}

static void
fract_add(void *ctx, const int *seq, size_t n, double conv, double value,
    double nulls)
{
	(void)value;
	mops_fract_add(ctx, seq, n, conv, nulls);
}

/* Markov: removal effects over every path become channel shares. */
static void
markov_shares(struct run *ru, const uint32_t *opord)
{
	mops_markov *mk = mops_markov_new((int)ru->j->channels.n, ru->o->order,
	    ru->o->graph);

	each_path(ru, opord, ru->o->nulls, markov_add, mk);
	mops_markov_removal(mk, ru->share, NULL);
	mops_markov_free(mk);
}

static void
out_sum(mops_out *out, double v)
{
	char buf[40];

	/* sums of weights: 15 significant digits hide the rounding noise */
	snprintf(buf, sizeof(buf), "%.15g", v);
	mops_out_real(out, strtod(buf, NULL));
}

static void
write_rollups(struct run *ru)
{
	struct journeys *j = ru->j;
	const struct attr_opts *o = ru->o;
	size_t nk = ru->nkeys, k, key;
	uint32_t *ord = mops_xcalloc(nk + 1, sizeof(*ord));
	int mi;
	char buf[40];

	if (o->by == BY_CHANNEL) {
		for (k = 0; k < j->channels.n; k++)	/* rank k is the key */
			ord[ru->chrank[k]] = (uint32_t)k;
	} else {
		for (k = 0; k + 1 < nk; k++)
			ord[k] = (uint32_t)k;
		snames = &j->campaigns;
		qsort(ord, nk - 1, sizeof(*ord), cmp_name);
		ord[nk - 1] = MOPS_INTERN_NONE;
	}
	for (mi = 0; mi < o->nmodels; mi++)
		for (k = 0; k < nk; k++) {
			key = o->by == BY_CHANNEL ? k :
			    ord[k] == MOPS_INTERN_NONE ? nk - 1 : ord[k];
			key += (size_t)mi * nk;
			if (!ru->rhit[key])
				continue;
			mops_out_puts(ru->out, "{\"type\":\"rollup\",\"model\":\"");
			mops_out_puts(ru->out, mops_attr_model_name(o->models[mi]));
			if (o->by == BY_CHANNEL) {
				mops_out_puts(ru->out, "\",\"channel\":");
				out_str(ru->out, mops_intern_name(&j->channels, ord[k]));
			} else {
				mops_out_puts(ru->out, "\",\"campaign_id\":");
				out_str(ru->out, ord[k] == MOPS_INTERN_NONE ? NULL :
				    mops_intern_name(&j->campaigns, ord[k]));
			}
			mops_out_puts(ru->out, ",\"conversions\":");
			out_sum(ru->out, ru->rw[key]);
			mops_out_puts(ru->out, ",\"amount\":");
			mops_attr_fmt_cents(ru->rc[key], buf);
			mops_out_puts(ru->out, buf);
			mops_out_puts(ru->out, "}\n");
			ru->nout++;
		}
	free(ord);
}

/* Lead time of people with no person record: their first form submission. */
static void
form_submit_leads(struct journeys *j)
{
	size_t i;

	for (i = 0; i < j->nt; i++) {
		const struct touch *t = &j->t[i];

		if (t->form_submit && t->person != MOPS_INTERN_NONE &&
		    !j->lead_from_person[t->person] && t->us < j->lead[t->person])
			j->lead[t->person] = t->us;
	}
}

int
attr_journeys(const struct attr_opts *o, char **files, int nfiles)
{
	struct journeys j;
	struct run ru;
	uint32_t *opord, *names;
	size_t i;
	int st = 0, s, mi, want_markov = 0, want_fract = 0;

	memset(&j, 0, sizeof(j));
	memset(&ru, 0, sizeof(ru));
	j.o = o;
	mops_intern_init(&j.persons);
	mops_intern_init(&j.accounts);
	mops_intern_init(&j.channels);
	mops_intern_init(&j.campaigns);
	if (o->touches_file) {
		char *tf[1];

		tf[0] = (char *)(uintptr_t)o->touches_file;
		st = load(&j, tf, 1);
	}
	if ((s = load(&j, files, nfiles)) && !st)
		st = s;
	form_submit_leads(&j);

	ru.j = &j;
	ru.o = o;
	ru.out = mops_stdout();
	ru.wcache = mops_xcalloc(WCACHE, sizeof(*ru.wcache));
	ru.unattributed = mops_intern_add(&j.channels, "Unattributed", 12);
	/* touches in (time, id) order, then stored in that order */
	sort_touches(&j);
	ru.byrank = mops_xcalloc(j.nt + 1, sizeof(*ru.byrank));
	for (i = 0; i < j.nt; i++)
		ru.byrank[i] = (uint32_t)i;
	build_index(&ru.byperson, &j, ru.byrank, j.persons.n, 0);
	build_index(&ru.byaccount, &j, ru.byrank, j.accounts.n, 1);
	/* channels ranked by name */
	names = mops_xcalloc(j.channels.n + 1, sizeof(*names));
	ru.chrank = mops_xcalloc(j.channels.n + 1, sizeof(*ru.chrank));
	for (i = 0; i < j.channels.n; i++)
		names[i] = (uint32_t)i;
	snames = &j.channels;
	if (j.channels.n > 1)
		qsort(names, j.channels.n, sizeof(*names), cmp_name);
	for (i = 0; i < j.channels.n; i++)
		ru.chrank[names[i]] = (uint32_t)i;
	free(names);
	ru.count = mops_xcalloc(j.channels.n + 1, sizeof(int));
	/* Direct or not, once per channel rather than once per touch */
	ru.direct = mops_xcalloc(j.channels.n + 1, 1);
	for (i = 0; i < j.channels.n; i++)
		ru.direct[i] = (unsigned char)attr_is_direct(mops_intern_name(&j.channels,
		    (uint32_t)i));
	ru.share = mops_xcalloc(j.channels.n + 1, sizeof(double));
	/* opportunities in id order */
	opord = mops_xcalloc(j.nop + 1, sizeof(*opord));
	for (i = 0; i < j.nop; i++)
		opord[i] = (uint32_t)i;
	if (j.nop > 1)
		qsort(opord, j.nop, sizeof(*opord), cmp_opp);
	for (i = 1; i < j.nop; i++)
		if (strcmp(j.strs + j.op[opord[i]].str, j.strs + j.op[opord[i - 1]].str) == 0)
			mops_warn("opportunity %s: given more than once; each is credited",
			    j.strs + j.op[opord[i]].str);

	for (mi = 0; mi < o->nmodels; mi++) {
		want_markov |= o->models[mi] == MOPS_ATTR_MARKOV;
		want_fract |= o->models[mi] == MOPS_ATTR_DATA_DRIVEN;
	}
	if (want_markov)
		markov_shares(&ru, opord);
	if (want_fract) {	/* data_driven always learns from null paths */
		ru.fract = mops_fract_new((int)j.channels.n, o->transform);
		each_path(&ru, opord, 1, fract_add, ru.fract);
	}
	if (o->by != BY_NONE) {
		ru.nkeys = o->by == BY_CHANNEL ? j.channels.n : j.campaigns.n + 1;
		ru.rw = mops_xcalloc(ru.nkeys * (size_t)o->nmodels, sizeof(double));
		ru.rc = mops_xcalloc(ru.nkeys * (size_t)o->nmodels, sizeof(long long));
		ru.rhit = mops_xcalloc(ru.nkeys * (size_t)o->nmodels, 1);
	}
	for (i = 0; i < j.nop; i++)
		attribute_opp(&ru, &j.op[opord[i]]);
	if (o->by != BY_NONE)
		write_rollups(&ru);
	mops_stats_end(j.nin, ru.nout);

	free(opord);
	free(ru.byrank);
	free_index(&ru.byperson);
	free_index(&ru.byaccount);
	free(ru.chrank);
	free(ru.count);
	free(ru.share);
	free(ru.direct);
	free(ru.seq);
	mops_fract_free(ru.fract);
	free(ru.path);
	free(ru.at);
	free(ru.keep);
	free(ru.w);
	free(ru.cents);
	free(ru.rw);
	free(ru.rc);
	free(ru.rhit);
	mops_buf_free(&ru.head);
	mops_buf_free(&ru.frag);
	free(ru.fragoff);
	free(ru.wcache);
	free(j.t);
	free(j.op);
	free(j.pids);
	free(j.strs);
	free(j.lead);
	free(j.lead_from_person);
	mops_intern_free(&j.persons);
	mops_intern_free(&j.accounts);
	mops_intern_free(&j.channels);
	mops_intern_free(&j.campaigns);
	return st;
}
