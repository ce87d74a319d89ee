/* store.c - the mergeable aggregate store, its partial files, period helpers. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "exit.h"
#include "json.h"
#include "mtime.h"
#include "out.h"
#include "record.h"
#include "report.h"
#include "util.h"

/*
 * Many groups make millions of aggregates: each one and its key live in big
 * arena blocks (no malloc and free per aggregate), and each table slot keeps
 * the key's hash so that a probe reads the aggregate only on a likely match.
 */
struct slot {
	uint64_t h;
	struct agg *a;
};

#define ARENA_BLOCK ((size_t)1 << 20)

struct store {
	struct slot *tab;	/* open addressing, power of two */
	size_t cap, len;
	char **blocks;		/* arena: aggregates and their keys */
	size_t nblocks, cblocks, left;
	char *next;
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	/* mix the high bits down: the index takes the low ones */
	return h ^ (h >> 29);
}

struct store *
store_new(void)
{
	struct store *st = mops_xcalloc(1, sizeof *st);

	st->cap = 1024;
	st->tab = mops_xcalloc(st->cap, sizeof *st->tab);
	return st;
}

void
store_free(struct store *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->cap; i++)
		if (st->tab[i].a)
			free(st->tab[i].a->v);
	for (i = 0; i < st->nblocks; i++)
		free(st->blocks[i]);
	free(st->blocks);
	free(st->tab);
	free(st);
}

static struct agg *
find(const struct store *st, uint64_t h, const char *key, size_t klen)
{
	size_t i = h & (st->cap - 1);

	while (st->tab[i].a) {
		if (st->tab[i].h == h && st->tab[i].a->klen == klen &&
		    memcmp(st->tab[i].a->key, key, klen) == 0)
			return st->tab[i].a;
		i = (i + 1) & (st->cap - 1);
	}
	return NULL;
}

struct agg *
store_find(const struct store *st, const char *key, size_t klen)
{
	return find(st, hash(key, klen), key, klen);
}

static void
grow(struct store *st)
{
	struct slot *old = st->tab;
	size_t oc = st->cap, i, j;

	st->cap *= 2;
	st->tab = mops_xcalloc(st->cap, sizeof *st->tab);
	for (i = 0; i < oc; i++) {
		if (!old[i].a)
			continue;
		j = old[i].h & (st->cap - 1);
		while (st->tab[j].a)
			j = (j + 1) & (st->cap - 1);
		st->tab[j] = old[i];
	}
	free(old);
}

/* n bytes from the arena, aligned for struct agg. */
static void *
arena(struct store *st, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > st->left) {
		size_t sz = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		st->blocks = mops_xgrow(st->blocks, &st->cblocks, st->nblocks + 1,
		    sizeof *st->blocks);
		st->blocks[st->nblocks++] = st->next = mops_xmalloc(sz);
		st->left = sz;
	}
	p = st->next;
	st->next += n;
	st->left -= n;
	return p;
}

struct agg *
store_get(struct store *st, const char *key, size_t klen)
{
	uint64_t h = hash(key, klen);
	struct agg *a = find(st, h, key, klen);
	size_t i;

	if (a)
		return a;
	if (2 * (st->len + 1) > st->cap)
		grow(st);
	a = arena(st, sizeof *a + klen + 1);
	memset(a, 0, sizeof *a);
	a->key = (char *)(a + 1);
	memcpy(a->key, key, klen);
	a->key[klen] = '\0';
	a->klen = klen;
	i = h & (st->cap - 1);
	while (st->tab[i].a)
		i = (i + 1) & (st->cap - 1);
	st->tab[i].h = h;
	st->tab[i].a = a;
	st->len++;
	return a;
}

void
agg_add(struct agg *a, double x)
{
	/* micro-units: integer sums do not depend on the order of addition, so
	 * merged partials give the single run's sums exactly */
	a->usum += (int64_t)llround(x * 1e6);
}

double
agg_sum(const struct agg *a)
{
	return (double)a->usum / 1e6;
}

void
agg_addv(struct agg *a, int64_t v)
{
	a->v = mops_xgrow(a->v, &a->cv, a->nv + 1, sizeof *a->v);
	a->v[a->nv++] = v;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Bytes [from, from+8) of s[0..n) as a big-endian number, zero-padded:
 * sorting by the first 16 bytes so first orders as memcmp does, and most
 * comparisons end there without reading the key (a cache miss per key with a
 * million aggregates). */
uint64_t
key_prefix(const char *s, size_t n, size_t from)
{
	uint64_t x = 0;
	size_t i;

	for (i = from; i < from + 8; i++)
		x = x << 8 | (i < n ? (unsigned char)s[i] : 0);
	return x;
}

struct sortagg {
	uint64_t pre, pre2;
	struct agg *a;
};

static int
cmp_agg(const void *a, const void *b)
{
	const struct sortagg *sx = a, *sy = b;
	const struct agg *x = sx->a, *y = sy->a;
	size_t n;
	int c;

	if (sx->pre != sy->pre)
		return sx->pre < sy->pre ? -1 : 1;
	if (sx->pre2 != sy->pre2)
		return sx->pre2 < sy->pre2 ? -1 : 1;
	n = x->klen < y->klen ? x->klen : y->klen;
	/* the prefixes held the shorter key whole: equal so far */
	c = n <= 16 ? 0 : memcmp(x->key, y->key, n);
	if (c)
		return c;
	return (x->klen > y->klen) - (x->klen < y->klen);
}

struct agg **
store_sorted(struct store *st, size_t *n)
{
	struct agg **v = mops_xcalloc(st->len + 1, sizeof *v);
	struct sortagg *t = mops_xcalloc(st->len + 1, sizeof *t);
	size_t i, k = 0;

	for (i = 0; i < st->cap; i++)
		if (st->tab[i].a) {
			struct agg *a = st->tab[i].a;
			t[k].pre = key_prefix(a->key, a->klen, 0);
			t[k].pre2 = key_prefix(a->key, a->klen, 8);
			t[k++].a = a;
			if (a->nv > 1)
				qsort(a->v, a->nv, sizeof(int64_t), cmp_i64);
		}
	qsort(t, k, sizeof *t, cmp_agg);
	for (i = 0; i < k; i++)
		v[i] = t[i].a;
	free(t);
	*n = k;
	return v;
}

int
key_split(const struct agg *a, char **buf, char **parts, int max)
{
	char *s = mops_xstrndup(a->key, a->klen), *p = s;
	int n = 0;

	*buf = s;
	while (n < max) {
		char *e = memchr(p, KSEP, (size_t)(s + a->klen - p));
		parts[n++] = p;
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return n;
}

void
kb_start(struct mops_buf *b, const char *kind)
{
	mops_buf_reset(b);
	mops_buf_adds(b, kind);
}

void
kb_addn(struct mops_buf *b, const char *s, size_t n)
{
	size_t i;

	mops_buf_addc(b, KSEP);
	/* A separator inside a value would split the key: replace it. */
	for (i = 0; i < n; i++)
		mops_buf_addc(b, s[i] == KSEP ? ' ' : s[i]);
}

void
kb_add(struct mops_buf *b, const char *s)
{
	kb_addn(b, s, strlen(s));
}

void
kb_addi(struct mops_buf *b, int64_t i)
{
	char t[32];

	snprintf(t, sizeof t, "%" PRId64, i);
	kb_add(b, t);
}

/* ---- periods ---- */

const char *
period_name(enum period p)
{
	switch (p) {
	case P_WEEK: return "week";
	case P_MONTH: return "month";
	case P_QUARTER: return "quarter";
	default: return "none";
	}
}

int64_t
period_start(enum period p, int64_t sec)
{
	int y, m, d;

	switch (p) {
	case P_WEEK:
		return mops_time_week_start_sec(sec);
	case P_MONTH:
	case P_QUARTER:
		mops_civil_from_days(mops_time_day(sec), &y, &m, &d);
		if (p == P_QUARTER)
			m = (m - 1) / 3 * 3 + 1;
		return mops_days_from_civil(y, m, 1) * 86400;
	default:
		return 0;
	}
}

int64_t
period_next(enum period p, int64_t start)
{
	int y, m, d;

	if (p == P_WEEK)
		return start + 7 * 86400;
	mops_civil_from_days(mops_time_day(start), &y, &m, &d);
	m += p == P_QUARTER ? 3 : 1;
	if (m > 12) {
		m -= 12;
		y++;
	}
	return mops_days_from_civil(y, m, 1) * 86400;
}

void
period_label(enum period p, int64_t start, char *buf, size_t sz)
{
	size_t n = 0;

	switch (p) {
	case P_WEEK: n = mops_time_week_start(start, buf, sz); break;
	case P_MONTH: n = mops_time_month(start, buf, sz); break;
	case P_QUARTER: n = mops_time_quarter(start, buf, sz); break;
	default: break;
	}
	if (n == 0 && sz)
		snprintf(buf, sz, "all");
}

/* ---- partial files ---- */

static mops_json *
params_json(const struct params *p)
{
	mops_json *h = mops_json_new_object(), *a;
	char t[40];
	struct mops_time tm = { 0 };
	int i;

	mops_json_set(h, "type", mops_json_new_string("report_partial"));
	mops_json_set(h, "version", mops_json_new_int(1));
	mops_json_set(h, "report", mops_json_new_string(p->report_name));
	a = mops_json_new_array();
	for (i = 0; i < p->nby; i++)
		mops_json_append(a, mops_json_new_string(p->by[i]));
	mops_json_set(h, "by", a);
	mops_json_set(h, "by_given", mops_json_new_bool(p->by_given));
	mops_json_set(h, "period", mops_json_new_string(period_name(p->period)));
	tm.sec = p->now;
	mops_time_format(&tm, t, sizeof t);
	mops_json_set(h, "now", mops_json_new_string(t));
	mops_json_set(h, "now_given", mops_json_new_bool(p->now_given));
	mops_json_set(h, "sla_seconds", mops_json_new_int(p->sla));
	a = mops_json_new_array();
	for (i = 0; i < p->nfields; i++)
		mops_json_append(a, mops_json_new_string(p->fields[i]));
	mops_json_set(h, "fields", a);
	/* experiment and lifecycle: what ingestion kept depends on these */
	mops_json_set(h, "variant_field", p->variant_field ?
	    mops_json_new_string(p->variant_field) : mops_json_new_null());
	mops_json_set(h, "by_touch", p->by_touch ?
	    mops_json_new_string(p->by_touch) : mops_json_new_null());
	mops_json_set(h, "outcome", p->outcome >= 0 ?
	    mops_json_new_string(stage_names[p->outcome]) : mops_json_new_null());
	mops_json_set(h, "stuck_seconds", mops_json_new_int(p->stuck));
	return h;
}

void
store_write_partial(struct store *st, const struct params *p, mops_out *o)
{
	size_t n, i, j, k;
	struct agg **v = store_sorted(st, &n);
	mops_json *h = params_json(p);

	mops_out_json_line(o, h);
	mops_json_free(h);
	for (i = 0; i < n; i++) {
		struct agg *a = v[i];
		mops_out_puts(o, "{\"k\":");
		mops_out_json_string(o, a->key, a->klen);
		mops_out_printf(o, ",\"n\":%" PRId64, a->n);
		if (a->usum != 0)
			mops_out_printf(o, ",\"u\":%" PRId64, a->usum);
		if (a->nv) {
			/* sorted value,count pairs: exact multiset, compact */
			mops_out_puts(o, ",\"v\":[");
			for (j = 0; j < a->nv; j = k) {
				for (k = j; k < a->nv && a->v[k] == a->v[j]; k++)
					;
				mops_out_printf(o, "%s%" PRId64 ",%zu", j ? "," : "",
				    a->v[j], k - j);
			}
			mops_out_putc(o, ']');
		}
		mops_out_puts(o, "}\n");
	}
	free(v);
}

static int
same_params(const mops_json *a, const mops_json *b)
{
	static const char *const keys[] = { "by", "by_given", "period",
	    "sla_seconds", "fields", "now", "variant_field", "by_touch", "outcome",
	    "stuck_seconds" };
	size_t i;
	int eq;

	for (i = 0; i < sizeof keys / sizeof *keys; i++) {
		char *x, *y;
		/* clock times differ between machines: only a given --now must
		 * agree (merging then reports as of the latest clock) */
		if (strcmp(keys[i], "now") == 0 && (!mops_json_is_true(
		    mops_json_get(a, "now_given")) || !mops_json_is_true(
		    mops_json_get(b, "now_given"))))
			continue;
		x = mops_json_dumps(mops_json_get(a, keys[i]));
		y = mops_json_dumps(mops_json_get(b, keys[i]));
		eq = strcmp(x, y) == 0;
		free(x);
		free(y);
		if (!eq)
			return 0;
	}
	return 1;
}

static noreturn void
bad_partial(mops_reader *r, const char *what)
{
	mops_die(MOPS_EX_DATAERR, "%s:%ld: not a mops-report partial: %s",
	    mops_reader_file(r), mops_reader_line(r), what);
}

static void
params_from_json(struct params *p, const mops_json *h)
{
	const mops_json *a = mops_json_get(h, "by");
	const char *s;
	struct mops_time tm;
	size_t i;

	p->nby = 0;
	for (i = 0; a && a->type == MOPS_JARRAY && i < a->len && i < MAXBY; i++)
		if ((s = mops_json_str(a->u.items[i])))
			p->by[p->nby++] = mops_xstrdup(s);
	p->by_given = mops_json_is_true(mops_json_get(h, "by_given"));
	s = mops_json_get_str(h, "period");
	p->period = !s ? P_NONE : strcmp(s, "week") == 0 ? P_WEEK :
	    strcmp(s, "month") == 0 ? P_MONTH : strcmp(s, "quarter") == 0 ?
	    P_QUARTER : P_NONE;
	if ((s = mops_json_get_str(h, "now")) && mops_time_parse(s, MOPS_DATE_YMD,
	    &tm) == 0)
		p->now = tm.sec;
	p->now_given = mops_json_is_true(mops_json_get(h, "now_given"));
	p->sla = (int64_t)mops_json_number(mops_json_get(h, "sla_seconds"), NULL);
	free(p->variant_field);
	free(p->by_touch);
	p->variant_field = (s = mops_json_get_str(h, "variant_field")) ?
	    mops_xstrdup(s) : NULL;
	p->by_touch = (s = mops_json_get_str(h, "by_touch")) ? mops_xstrdup(s) :
	    NULL;
	p->outcome = stage_rank(mops_json_get_str(h, "outcome"));
	if ((a = mops_json_get(h, "stuck_seconds")))
		p->stuck = (int64_t)mops_json_number(a, NULL);
	a = mops_json_get(h, "fields");
	p->nfields = 0;
	for (i = 0; a && a->type == MOPS_JARRAY && i < a->len && i < 32; i++)
		if ((s = mops_json_str(a->u.items[i])))
			p->fields[p->nfields++] = mops_xstrdup(s);
}

void
store_read_partial(struct store *st, struct params *p, char **files, int nfiles)
{
	mops_reader *r = mops_reader_open(files, nfiles, MOPS_FMT_NDJSON);
	mops_json *rec, *first = NULL;
	struct mops_time tm;
	const char *s;
	int stat;

	while ((rec = mops_reader_next(r))) {
		const mops_json *k = mops_json_get(rec, "k"), *v;
		const char *type = mops_json_get_str(rec, "type");
		struct agg *a;
		size_t i;
		int ok;

		if (type && strcmp(type, "report_partial") == 0) {
			const char *rep = mops_json_get_str(rec, "report");
			if (!first) {
				first = rec;
				params_from_json(p, rec);
				if (!p->report_name || strcmp(p->report_name, "-") == 0) {
					static char name[32];
					snprintf(name, sizeof name, "%s", rep &&
					    strlen(rep) < sizeof name ? rep : "all");
					p->report_name = name;
				}
				else if (rep && strcmp(rep, p->report_name) != 0 &&
				    strcmp(rep, "all") != 0)
					mops_die(MOPS_EX_USAGE, "%s: partial of report %s, "
					    "not %s", mops_reader_file(r), rep,
					    p->report_name);
				continue;
			}
			if (!same_params(first, rec))
				mops_die(MOPS_EX_USAGE, "%s:%ld: partial made with other "
				    "options (--by, --period, --now, --sla, --fields, "
				    "--variant-field, --by-touch, --outcome, --stuck) "
				    "than the first", mops_reader_file(r),
				    mops_reader_line(r));
			if (!p->now_given && (s = mops_json_get_str(rec, "now")) &&
			    mops_time_parse(s, MOPS_DATE_YMD, &tm) == 0 &&
			    tm.sec > p->now)
				p->now = tm.sec;
			mops_json_free(rec);
			continue;
		}
		if (!first)
			bad_partial(r, "no report_partial header line first");
		if (!k || k->type != MOPS_JSTRING)
			bad_partial(r, "missing \"k\"");
		a = store_get(st, k->u.s, k->len);
		a->n += (int64_t)mops_json_number(mops_json_get(rec, "n"), &ok);
		if (!ok)
			bad_partial(r, "bad \"n\"");
		if ((v = mops_json_get(rec, "u"))) {
			/* integers past 2^53 lose digits through a double: strtoll */
			const char *u = mops_json_scalar_text(v);
			char *end;
			errno = 0;
			a->usum += u ? strtoll(u, &end, 10) : 0;
			if (!u || *end || errno)
				bad_partial(r, "bad \"u\"");
		}
		if ((v = mops_json_get(rec, "v"))) {
			if (v->type != MOPS_JARRAY || v->len % 2)
				bad_partial(r, "bad \"v\"");
			for (i = 0; i < v->len; i += 2) {
				int64_t val = (int64_t)mops_json_number(v->u.items[i], &ok);
				double cnt = mops_json_number(v->u.items[i + 1], NULL);
				int64_t c;
				if (!ok || cnt < 0 || cnt > 1e12)
					bad_partial(r, "bad \"v\"");
				for (c = 0; c < (int64_t)cnt; c++)
					agg_addv(a, val);
			}
		}
		mops_json_free(rec);
	}
	if (first)
		mops_json_free(first);
	stat = mops_reader_close(r);
	if (stat)
		exit(stat);
	if (!first)
		mops_die(MOPS_EX_DATAERR, "no partial aggregates in the input");
}
