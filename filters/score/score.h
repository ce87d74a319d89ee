/*
 * score.h - mops-score internals: the rules file, the learned model, and the
 * pass over the records that joins touches and accounts to their persons.
 *
 * Flow (pass.c): every record is read once; accounts are kept (their fit
 * fields), touches become events {person, tag, time} (tag: a behaviour rule's
 * index, or in model mode an interned touch-type/page tag), and every record
 * line goes to a spool file.  When the input is over, the events are sorted
 * by person and time, and the spool is written back with each person scored
 * by rules_score() or model_score().  --fit keeps the persons instead and
 * hands them to model_fit().
 */
#ifndef SCORE_H
#define SCORE_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "intern.h"
#include "json.h"

/* A touch, reduced to what scoring needs. */
struct sc_event {
	int64_t sec;
	uint32_t person;	/* index in the person table */
	uint32_t tag;		/* rule index (rules) or tag id (model) */
	int32_t nsec;
	uint32_t seq : 28;	/* input order, the last tie-break */
	uint32_t frac : 4;	/* fractional digits of occurred_at, for output */
};

/* ---- rules (rules.c) ---- */
enum { FIT_MATCH = 1, FIT_MIN = 2, FIT_MAX = 4, FIT_IN = 8, FIT_EQUALS = 16 };

struct sc_rule {
	char *name;		/* "name" from the file, else made from the rule */
	double points;
	/* fit */
	char *field;
	int conds;		/* FIT_* bits: every condition given must hold */
	regex_t re;		/* match */
	double min, max;
	char **in;		/* strings of "in", compared without case */
	size_t nin;
	mops_json *equals;	/* JSON scalar */
	/* behaviour */
	char *touch_type;	/* NULL: any */
	int has_url;
	regex_t url_re;
	int has_cap;
	double cap;		/* "max": the most the rule gives */
};

struct sc_rules {
	struct sc_rule *fit, *beh;
	size_t nfit, nbeh;
	double half_life;	/* seconds; 0: no decay */
	int has_threshold;
	double threshold;
};

/* Loads one rules file; on a bad file prints "mops-score: FILE: ..." and
 * returns MOPS_EX_CONFIG (nothing to free), else 0. */
int rules_load(struct sc_rules *r, const char *path);
void rules_free(struct sc_rules *r);
/* 1 if the touch record matches behaviour rule i. */
int rules_touch_matches(const struct sc_rules *r, size_t i, const char *type,
    const char *url);
/*
 * Scores person (modified in place: score_fit, score_behavior, score,
 * score_reasons, score_mql, stage_dates.mql) from its account (borrowed, may
 * be NULL) and its events ev[0..n), sorted by time, all at or before now.
 */
void rules_score(const struct sc_rules *r, mops_json *person,
    const mops_json *account, const struct sc_event *ev, size_t n, int64_t now);

/* A fit field of the person, else of its account (NULL when neither has a
 * value); "email_free" falls back to the email's domain.  *tmp is set when the
 * value was made here: the caller frees it. */
const mops_json *sc_field(const mops_json *person, const mops_json *account,
    const char *field, mops_json **tmp);
/* Rounds to two decimals, as scores are written. */
double sc_round(double x, double unit);

/* ---- model (model.c) ---- */
struct sc_model;

/* Training options. */
struct sc_fit_opts {
	const char *outcome;		/* the stage */
	double window;			/* maturity window, seconds; 0: none */
	int cutoff_outcome;		/* count touches up to the outcome only */
	double l2;
	int has_threshold;
	double threshold;
	char **exclude;			/* fields never used, NULL-terminated */
	int64_t now;
};

/* One training person: borrowed record and account, its events. */
struct sc_person {
	const mops_json *rec, *account;
	const struct sc_event *ev;
	size_t nev;
};

/* Learns a model from persons p[0..n); tags names the event tags.  Writes it
 * to path; returns 0 or an exit status (message printed). */
int model_fit(const struct sc_fit_opts *o, const struct sc_person *p, size_t n,
    const struct mops_intern *tags, const char *path);
/* Loads a model file (MOPS_EX_CONFIG and a message when bad). */
int model_load(struct sc_model **m, const char *path);
void model_free(struct sc_model *m);
/* The tag of a touch in model mode ("type:page_view", "page:/pricing"), for
 * events: calls add(ctx, name, len) for each. */
void model_touch_tags(const char *type, const char *url,
    void (*add)(void *ctx, const char *name, size_t len), void *ctx);
/* Scores person in place (score, score_reasons, score_mql) from its account
 * and events (tags named by tags). */
void model_score(const struct sc_model *m, mops_json *person,
    const mops_json *account, const struct sc_event *ev, size_t n,
    const struct mops_intern *tags, int has_threshold, double threshold);

/* ---- the pass over the records (pass.c) ---- */
struct sc_opts {
	struct sc_rules *rules;		/* rules mode */
	struct sc_model *model;		/* model mode */
	struct sc_fit_opts fit;		/* --fit */
	const char *model_out;
	int fitting;
	int grouped;			/* input grouped by person: stream */
	int has_threshold;
	double threshold;		/* --threshold overrides the file's */
	int64_t now;
};

int sc_run(const struct sc_opts *o, char **files, int nfiles);

#endif
