/*
 * pass.c - read the records once, join touches and accounts to persons, write
 * every record back with the persons scored.
 *
 * Memory: accounts are kept whole (they are few), touches as 24-byte events
 * (only those a rule matches, in rules mode), persons as an id table; record
 * lines wait in a spool file, not in memory, so the footprint is O(persons +
 * accounts + matching touches) whatever the order of the input.  With
 * --grouped (input grouped by person, accounts first: what `sort` by person
 * gives), a person's records are written as soon as the next person starts, and
 * nothing is spooled.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "exit.h"
#include "input.h"
#include "mtime.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "reject.h"
#include "score.h"
#include "util.h"

enum { K_OTHER, K_PERSON };

struct pass {
	const struct sc_opts *o;
	struct mops_intern persons, accounts, tags;
	mops_json **acct;		/* account slot -> record (owned) */
	size_t cacct;
	mops_json **prec;		/* --fit: person slot -> record (owned) */
	size_t cprec;
	struct sc_event *ev;
	size_t nev, cev;
	size_t *start;			/* person slot -> first event, after sorting */
	uint32_t seq;
	/* spool */
	mops_out *spool;
	char *spool_path;
	unsigned char *kind;		/* per spooled line */
	size_t nlines, ckind;
	/* --grouped: the open group */
	struct mops_buf group;		/* its lines */
	unsigned char *gkind;
	size_t gn, cg;
	uint32_t gperson;		/* MOPS_INTERN_NONE: none yet */
	unsigned char *closed;		/* person slot -> written already */
	size_t cclosed;
	const char *file;		/* for messages */
	long line;
	/* counts */
	unsigned long long nin, nout, scored, mql, touches, untimed, future;
	uint32_t cur_person;		/* event tagging (model mode) */
	struct mops_time cur_time;
};

static void
add_event(struct pass *p, uint32_t person, uint32_t tag, const struct mops_time *t)
{
	struct sc_event *e;

	p->ev = mops_xgrow(p->ev, &p->cev, p->nev + 1, sizeof(*p->ev));
	e = &p->ev[p->nev++];
	e->person = person;
	e->tag = tag;
	e->sec = t->sec;
	e->nsec = t->nsec;
	e->frac = (unsigned)t->frac_digits & 15;
	e->seq = p->seq++ & 0x0fffffff;	/* order of 268M touches; then it wraps */
}

static void
add_tag(void *ctx, const char *name, size_t len)
{
	struct pass *p = ctx;

	add_event(p, p->cur_person, mops_intern_add(&p->tags, name, len), &p->cur_time);
}

static uint32_t
person_slot(struct pass *p, const char *id)
{
	return mops_intern_add(&p->persons, id, strlen(id));
}

static void
touch(struct pass *p, const mops_json *rec)
{
	const char *pid = mops_json_scalar_text(mops_json_get(rec, "person_id"));
	const char *at = mops_json_get_str(rec, "occurred_at");
	const char *type = mops_json_get_str(rec, "touch_type");
	const char *url = mops_json_get_str(rec, "url");
	struct mops_time t;
	uint32_t who;
	size_t i;

	if (!pid || !*pid)
		return;
	p->touches++;
	if (!at || mops_time_parse(at, MOPS_DATE_YMD, &t) != 0) {
		p->untimed++;	/* no time, no decay or crossing: not counted */
		return;
	}
	if (t.sec > p->o->now) {
		p->future++;	/* scored as of --now: later touches wait */
		return;
	}
	who = person_slot(p, pid);
	if (p->o->rules) {
		for (i = 0; i < p->o->rules->nbeh; i++)
			if (rules_touch_matches(p->o->rules, i, type, url))
				add_event(p, who, (uint32_t)i, &t);
	} else {
		p->cur_person = who;
		p->cur_time = t;
		model_touch_tags(type, url, add_tag, p);
	}
}

static void
account(struct pass *p, const mops_json *rec)
{
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
	uint32_t a;

	if (!id || !*id)
		return;
	a = mops_intern_add(&p->accounts, id, strlen(id));
	if (a >= p->cacct) {
		size_t old = p->cacct;

		p->acct = mops_xgrow(p->acct, &p->cacct, (size_t)a + 1, sizeof(*p->acct));
		memset(p->acct + old, 0, (p->cacct - old) * sizeof(*p->acct));
	}
	mops_json_free(p->acct[a]);
	p->acct[a] = mops_json_copy(rec);
}

static const mops_json *
account_of(const struct pass *p, const mops_json *person)
{
	const char *id = mops_json_scalar_text(mops_json_get(person, "account_id"));
	uint32_t a;

	if (!id || !*id)
		return NULL;
	a = mops_intern_find(&p->accounts, id, strlen(id));
	return a == MOPS_INTERN_NONE ? NULL : p->acct[a];
}

static int
cmp_event(const void *a, const void *b)
{
	const struct sc_event *x = a, *y = b;

	if (x->person != y->person)
		return x->person < y->person ? -1 : 1;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Sorts the events and indexes them by person. */
static void
index_events(struct pass *p)
{
	size_t i, np = p->persons.n;

	if (p->nev)
		qsort(p->ev, p->nev, sizeof(*p->ev), cmp_event);
	free(p->start);
	p->start = mops_xcalloc(np + 2, sizeof(*p->start));
	for (i = 0; i < p->nev; i++)
		p->start[p->ev[i].person + 1]++;
	for (i = 0; i < np + 1; i++)
		p->start[i + 1] += p->start[i];
}

static void
score_person(struct pass *p, mops_json *rec)
{
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
	const mops_json *acc = account_of(p, rec);
	const struct sc_event *ev = NULL;
	size_t n = 0;
	uint32_t s = id ? mops_intern_find(&p->persons, id, strlen(id)) : MOPS_INTERN_NONE;

	if (s != MOPS_INTERN_NONE && p->start) {
		ev = p->ev + p->start[s];
		n = p->start[s + 1] - p->start[s];
	} else if (s != MOPS_INTERN_NONE && s == p->gperson) {
		ev = p->ev;	/* --grouped: the events of this group only */
		n = p->nev;
	}
	if (p->o->rules)
		rules_score(p->o->rules, rec, acc, ev, n, p->o->now);
	else
		model_score(p->o->model, rec, acc, ev, n, &p->tags, p->o->has_threshold,
		    p->o->threshold);
	p->scored++;
	p->mql += mops_json_is_true(mops_json_get(rec, "score_mql"));
}

/* Writes one record line back: persons scored, the rest as they came. */
static void
emit(struct pass *p, mops_out *out, const char *line, size_t len, int kind)
{
	mops_json *rec;
	struct mops_json_err err;

	p->nout++;
	if (kind != K_PERSON || !(rec = mops_json_parse(line, len, &err))) {
		mops_out_write(out, line, len);
		mops_out_putc(out, '\n');
		return;
	}
	score_person(p, rec);
	mops_out_json_line(out, rec);
	mops_json_free(rec);
}

/* ---- --grouped: write a person's records when the next person starts ---- */

static void
flush_group(struct pass *p, mops_out *out)
{
	const char *s = p->group.s;
	size_t i;

	if (!p->gn)
		return;
	if (p->nev)
		qsort(p->ev, p->nev, sizeof(*p->ev), cmp_event);
	for (i = 0; i < p->gn; i++) {
		const char *nl = memchr(s, '\n', (size_t)(p->group.s + p->group.len - s));

		emit(p, out, s, (size_t)(nl - s), p->gkind[i]);
		s = nl + 1;
	}
	if (p->gperson != MOPS_INTERN_NONE) {
		if (p->gperson >= p->cclosed) {
			size_t old = p->cclosed;

			p->closed = mops_xgrow(p->closed, &p->cclosed, (size_t)p->gperson + 1, 1);
			memset(p->closed + old, 0, p->cclosed - old);
		}
		p->closed[p->gperson] = 1;
	}
	mops_buf_reset(&p->group);
	p->gn = 0;
	p->nev = 0;
}

static int
grouped_add(struct pass *p, mops_out *out, const mops_json *rec, const char *raw,
    size_t len, int kind, const char *type)
{
	const char *pid = NULL;
	uint32_t who;

	if (type && !strcmp(type, "person"))
		pid = mops_json_scalar_text(mops_json_get(rec, "id"));
	else if (type && !strcmp(type, "touch"))
		pid = mops_json_scalar_text(mops_json_get(rec, "person_id"));
	if (pid && *pid) {
		who = person_slot(p, pid);
		if (who < p->cclosed && p->closed[who])
			return -1;
		if (who != p->gperson) {
			flush_group(p, out);
			p->gperson = who;
		}
	} else if (type && !strcmp(type, "account")) {
		/* accounts stand alone: what came before is complete */
		flush_group(p, out);
		p->gperson = MOPS_INTERN_NONE;
	}
	mops_buf_add(&p->group, raw, len);
	mops_buf_addc(&p->group, '\n');
	p->gkind = mops_xgrow(p->gkind, &p->cg, p->gn + 1, 1);
	p->gkind[p->gn++] = (unsigned char)kind;
	return 0;
}

/* ---- the spool ---- */

static void
spool_open(struct pass *p)
{
	int fd = mops_mktemp("score", &p->spool_path);

	if (fd < 0)
		mops_die_errno(MOPS_EX_IOERR, "%s", p->spool_path);
	p->spool = mops_out_fd(fd, p->spool_path);
}

static int
spool_replay(struct pass *p, mops_out *out)
{
	mops_in *in;
	const char *line;
	size_t len, i = 0;
	int rc, st = 0;

	mops_out_close(p->spool);
	p->spool = NULL;
	in = mops_in_open(p->spool_path);
	unlink(p->spool_path);
	if (!in)
		mops_die_errno(MOPS_EX_IOERR, "%s", p->spool_path);
	while ((rc = mops_in_getline(in, &line, &len, (size_t)-1 / 2)) == MOPS_IN_LINE &&
	    i < p->nlines)
		emit(p, out, line, len, p->kind[i++]);
	if (rc == MOPS_IN_ERROR || i != p->nlines) {
		mops_warn("%s: read error: %s", p->spool_path,
		    rc == MOPS_IN_ERROR ? mops_in_error(in) : "short spool");
		st = MOPS_EX_IOERR;
	}
	mops_in_close(in);
	return st;
}

/* ---- the run ---- */

static int
fit(struct pass *p)
{
	struct sc_person *pp = mops_xcalloc(p->persons.n + 1, sizeof(*pp));
	size_t i, n = 0;
	int st;

	index_events(p);
	for (i = 0; i < p->persons.n && i < p->cprec; i++) {
		if (!p->prec[i])
			continue;
		pp[n].rec = p->prec[i];
		pp[n].account = account_of(p, p->prec[i]);
		pp[n].ev = p->ev + p->start[i];
		pp[n].nev = p->start[i + 1] - p->start[i];
		n++;
	}
	st = model_fit(&p->o->fit, pp, n, &p->tags, p->o->model_out);
	free(pp);
	return st;
}

static void
keep_person(struct pass *p, const mops_json *rec)
{
	const char *id = mops_json_scalar_text(mops_json_get(rec, "id"));
	uint32_t s;

	if (!id || !*id)
		return;
	s = person_slot(p, id);
	if (s >= p->cprec) {
		size_t old = p->cprec;

		p->prec = mops_xgrow(p->prec, &p->cprec, (size_t)s + 1, sizeof(*p->prec));
		memset(p->prec + old, 0, (p->cprec - old) * sizeof(*p->prec));
	}
	mops_json_free(p->prec[s]);
	p->prec[s] = mops_json_copy(rec);
}

static void
pass_free(struct pass *p)
{
	size_t i;

	for (i = 0; i < p->cacct; i++)
		mops_json_free(p->acct[i]);
	for (i = 0; i < p->cprec; i++)
		mops_json_free(p->prec[i]);
	free(p->acct);
	free(p->prec);
	free(p->ev);
	free(p->start);
	free(p->kind);
	free(p->gkind);
	free(p->closed);
	free(p->spool_path);
	mops_buf_free(&p->group);
	mops_intern_free(&p->persons);
	mops_intern_free(&p->accounts);
	mops_intern_free(&p->tags);
}

int
sc_run(const struct sc_opts *o, char **files, int nfiles)
{
	struct pass p;
	mops_reader *r;
	mops_json *rec;
	mops_out *out = o->fitting ? NULL : mops_stdout();
	int st, st2 = 0;

	memset(&p, 0, sizeof(p));
	p.o = o;
	p.gperson = MOPS_INTERN_NONE;
	mops_intern_init(&p.persons);
	mops_intern_init(&p.accounts);
	mops_intern_init(&p.tags);
	if (!o->fitting && !o->grouped)
		spool_open(&p);
	r = mops_reader_open(files, nfiles, MOPS_FMT_NDJSON);
	while ((rec = mops_reader_next(r))) {
		const char *type = mops_json_get_str(rec, "type");
		int kind = K_OTHER;
		size_t len;
		const char *raw = mops_reader_raw(r, &len);

		p.nin++;
		if (type && !strcmp(type, "person"))
			kind = K_PERSON;
		if (o->grouped && grouped_add(&p, out, rec, raw, len, kind, type)) {
			mops_reject(mops_reader_file(r), mops_reader_line(r), raw, len,
			    "--grouped: person %s seen before, not grouped",
			    type && !strcmp(type, "touch") ?
			    mops_json_scalar_text(mops_json_get(rec, "person_id")) :
			    mops_json_scalar_text(mops_json_get(rec, "id")));
			mops_json_free(rec);
			continue;
		}
		if (type && !strcmp(type, "account"))
			account(&p, rec);
		else if (type && !strcmp(type, "touch"))
			touch(&p, rec);
		else if (kind == K_PERSON && o->fitting)
			keep_person(&p, rec);
		if (p.spool) {
			mops_out_write(p.spool, raw, len);
			mops_out_putc(p.spool, '\n');
			p.kind = mops_xgrow(p.kind, &p.ckind, p.nlines + 1, 1);
			p.kind[p.nlines++] = (unsigned char)kind;
		}
		mops_json_free(rec);
		mops_progress(p.nin);
	}
	st = mops_reader_close(r);
	if (o->fitting)
		st2 = fit(&p);
	else if (o->grouped)
		flush_group(&p, out);
	else {
		index_events(&p);
		st2 = spool_replay(&p, out);
	}
	if (mops_cfg.stats) {
		if (o->fitting)
			fprintf(stderr, "%s: %llu touches", mops_progname, p.touches);
		else
			fprintf(stderr, "%s: %llu persons scored, %llu MQL; %llu touches",
			    mops_progname, p.scored, p.mql, p.touches);
		fprintf(stderr, " (%llu without a time, %llu after --now)\n", p.untimed,
		    p.future);
	}
	mops_stats_end(p.nin, p.nout);
	pass_free(&p);
	return st ? st : st2;
}
