/*
 * rules.c - the rules file and points scoring: fit rules on person and account
 * fields, behaviour rules on touches with decay and caps, the MQL threshold.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "email.h"
#include "exit.h"
#include "mtime.h"
#include "score.h"
#include "util.h"

double
sc_round(double x, double unit)
{
	double scale = round(1 / unit), r = round(x * scale) / scale;

	return r == 0 ? 0 : r;	/* no "-0" */
}

const mops_json *
sc_field(const mops_json *person, const mops_json *account, const char *field,
    mops_json **tmp)
{
	const mops_json *v = mops_json_get(person, field);
	const char *email, *dom;

	*tmp = NULL;
	if (v && v->type != MOPS_JNULL && !(v->type == MOPS_JSTRING && v->len == 0))
		return v;
	v = account ? mops_json_get(account, field) : NULL;
	if (v && v->type != MOPS_JNULL && !(v->type == MOPS_JSTRING && v->len == 0))
		return v;
	/* Records from before normalize classified emails still have one. */
	if (strcmp(field, "email_free") == 0 &&
	    (email = mops_json_get_str(person, "email")) &&
	    (dom = mops_email_domain(email)) && *dom) {
		char low[256];
		size_t i;

		for (i = 0; dom[i] && i + 1 < sizeof(low); i++)
			low[i] = (char)((dom[i] >= 'A' && dom[i] <= 'Z') ? dom[i] + 32 : dom[i]);
		low[i] = '\0';
		*tmp = mops_json_new_bool(mops_email_is_free(low));
		return *tmp;
	}
	return NULL;
}

/* ---- loading ---- */

static int
bad(const char *path, const char *where, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	if (where && *where)
		mops_warn("%s: %s: %s", path, where, msg);
	else
		mops_warn("%s: %s", path, msg);
	return MOPS_EX_CONFIG;
}

/* "30d", "12h", "2w", "90m", "45s", or in words ("30 days", "2 weeks"); a
 * unit is required (30 alone is ambiguous in a file read by people). */
static int
parse_half_life(const char *s, double *out)
{
	static const struct { const char *unit; double sec; } units[] = {
		{ "s", 1 }, { "sec", 1 }, { "second", 1 }, { "seconds", 1 },
		{ "m", 60 }, { "min", 60 }, { "minute", 60 }, { "minutes", 60 },
		{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 },
		{ "d", 86400 }, { "day", 86400 }, { "days", 86400 },
		{ "w", 604800 }, { "week", 604800 }, { "weeks", 604800 }
	};
	char *end;
	double v = strtod(s, &end);
	size_t i;

	if (end == s || !isfinite(v) || v <= 0)
		return -1;
	while (*end == ' ')
		end++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0) {
			*out = v * units[i].sec;
			return 0;
		}
	return -1;
}

/* POSIX extended regex; a leading "(?i)" (the form people copy from other
 * tools) makes it case-insensitive. */
static int
compile(regex_t *re, const char *pat, const char *path, const char *where)
{
	int flags = REG_EXTENDED | REG_NOSUB, rc;
	char msg[256];

	if (strncmp(pat, "(?i)", 4) == 0) {
		flags |= REG_ICASE;
		pat += 4;
	}
	if ((rc = regcomp(re, pat, flags)) != 0) {
		regerror(rc, re, msg, sizeof(msg));
		regfree(re);
		return bad(path, where, "bad regular expression: %s", msg);
	}
	return 0;
}

static int
number(json_t *v, double *out)
{
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return 0;
}

static mops_json *
scalar(json_t *v)
{
	char buf[64];

	switch (json_typeof(v)) {
	case JSON_TRUE: return mops_json_new_bool(1);
	case JSON_FALSE: return mops_json_new_bool(0);
	case JSON_NULL: return mops_json_new_null();
	case JSON_STRING: return mops_json_new_string(json_string_value(v));
	case JSON_INTEGER:
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return mops_json_new_number_text(buf);
	case JSON_REAL: return mops_json_new_real(json_real_value(v));
	default: return NULL;
	}
}

static void
rule_free(struct sc_rule *r)
{
	size_t i;

	free(r->name);
	free(r->field);
	free(r->touch_type);
	if (r->conds & FIT_MATCH)
		regfree(&r->re);
	if (r->has_url)
		regfree(&r->url_re);
	for (i = 0; i < r->nin; i++)
		free(r->in[i]);
	free(r->in);
	mops_json_free(r->equals);
	memset(r, 0, sizeof(*r));
}

static int
load_fit(struct sc_rule *r, json_t *o, const char *path, const char *where)
{
	const char *key;
	json_t *v;
	size_t i;
	int st;

	json_object_foreach(o, key, v) {
		if (!strcmp(key, "name")) {
			if (!json_is_string(v))
				return bad(path, where, "%s: expected a string", key);
			r->name = mops_xstrdup(json_string_value(v));
		} else if (!strcmp(key, "field")) {
			if (!json_is_string(v) || !*json_string_value(v))
				return bad(path, where, "%s: expected a field name", key);
			r->field = mops_xstrdup(json_string_value(v));
		} else if (!strcmp(key, "points")) {
			if (number(v, &r->points))
				return bad(path, where, "%s: expected a number", key);
		} else if (!strcmp(key, "match")) {
			if (!json_is_string(v))
				return bad(path, where, "%s: expected a regular expression", key);
			if ((st = compile(&r->re, json_string_value(v), path, where)))
				return st;
			r->conds |= FIT_MATCH;
		} else if (!strcmp(key, "min")) {
			if (number(v, &r->min))
				return bad(path, where, "%s: expected a number", key);
			r->conds |= FIT_MIN;
		} else if (!strcmp(key, "max")) {
			if (number(v, &r->max))
				return bad(path, where, "%s: expected a number", key);
			r->conds |= FIT_MAX;
		} else if (!strcmp(key, "in")) {
			if (!json_is_array(v))
				return bad(path, where, "%s: expected an array", key);
			r->in = mops_xcalloc(json_array_size(v) + 1, sizeof(char *));
			for (i = 0; i < json_array_size(v); i++) {
				json_t *e = json_array_get(v, i);
				char buf[64];

				if (json_is_string(e))
					r->in[r->nin++] = mops_xstrdup(json_string_value(e));
				else if (json_is_integer(e)) {
					snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
					    json_integer_value(e));
					r->in[r->nin++] = mops_xstrdup(buf);
				} else
					return bad(path, where, "%s: expected strings", key);
			}
			r->conds |= FIT_IN;
		} else if (!strcmp(key, "equals")) {
			if (!(r->equals = scalar(v)))
				return bad(path, where, "%s: expected a string, number or boolean",
				    key);
			r->conds |= FIT_EQUALS;
		} else
			return bad(path, where, "unknown key \"%s\"", key);
	}
	if (!r->field)
		return bad(path, where, "%s", "a fit rule needs a \"field\"");
	if (!json_object_get(o, "points"))
		return bad(path, where, "%s", "a rule needs \"points\"");
	if (!r->name) {
		/* the field alone, unless two rules share it (see name_dups) */
		r->name = mops_xstrdup(r->field);
	}
	return 0;
}

static int
load_beh(struct sc_rule *r, json_t *o, const char *path, const char *where)
{
	const char *key;
	json_t *v;
	int st;

	json_object_foreach(o, key, v) {
		if (!strcmp(key, "name")) {
			if (!json_is_string(v))
				return bad(path, where, "%s: expected a string", key);
			r->name = mops_xstrdup(json_string_value(v));
		} else if (!strcmp(key, "touch_type")) {
			if (!json_is_string(v) || !*json_string_value(v))
				return bad(path, where, "%s: expected a touch type", key);
			r->touch_type = mops_xstrdup(json_string_value(v));
		} else if (!strcmp(key, "url_match")) {
			if (!json_is_string(v))
				return bad(path, where, "%s: expected a regular expression", key);
			if ((st = compile(&r->url_re, json_string_value(v), path, where)))
				return st;
			r->has_url = 1;
		} else if (!strcmp(key, "points")) {
			if (number(v, &r->points))
				return bad(path, where, "%s: expected a number", key);
		} else if (!strcmp(key, "max")) {
			if (number(v, &r->cap) || r->cap < 0)
				return bad(path, where, "%s: expected a number >= 0", key);
			r->has_cap = 1;
		} else
			return bad(path, where, "unknown key \"%s\"", key);
	}
	if (!json_object_get(o, "points"))
		return bad(path, where, "%s", "a rule needs \"points\"");
	if (!r->name) {
		/* "page_view /pricing": the type and the URL pattern it asks for */
		const char *t = r->touch_type ? r->touch_type : "touch";
		json_t *u = json_object_get(o, "url_match");

		r->name = u ? mops_xasprintf("%s %s", t, json_string_value(u)) :
		    mops_xstrdup(t);
	}
	return 0;
}

/* Rules sharing a name get "#2", "#3" ... so each reason names one rule. */
static void
name_dups(struct sc_rule *rs, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		int k = 1;

		for (j = 0; j < i; j++)
			if (strcmp(rs[j].name, rs[i].name) == 0 ||
			    (strncmp(rs[j].name, rs[i].name, strlen(rs[i].name)) == 0 &&
			    rs[j].name[strlen(rs[i].name)] == '#'))
				k++;
		if (k > 1) {
			char *s = mops_xasprintf("%s#%d", rs[i].name, k);

			free(rs[i].name);
			rs[i].name = s;
		}
	}
}

static int
load_list(struct sc_rule **out, size_t *nout, json_t *arr, const char *path,
    const char *sect, int fit)
{
	size_t i;
	int st;

	if (!json_is_array(arr))
		return bad(path, sect, "%s", "expected an array of rules");
	*out = mops_xcalloc(json_array_size(arr) + 1, sizeof(**out));
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		char where[64];

		snprintf(where, sizeof(where), "%s[%zu]", sect, i);
		*nout = i + 1;
		if (!json_is_object(o))
			return bad(path, where, "%s", "expected an object");
		st = fit ? load_fit(&(*out)[i], o, path, where) :
		    load_beh(&(*out)[i], o, path, where);
		if (st)
			return st;
	}
	name_dups(*out, *nout);
	return 0;
}

static int
load(struct sc_rules *r, json_t *root, const char *path)
{
	const char *key;
	json_t *v;
	int st;

	if (!json_is_object(root))
		return bad(path, NULL, "%s", "expected an object {\"fit\": [...], "
		    "\"behavior\": [...], \"half_life\": ..., \"mql_threshold\": ...}");
	json_object_foreach(root, key, v) {
		if (!strcmp(key, "fit")) {
			if ((st = load_list(&r->fit, &r->nfit, v, path, key, 1)))
				return st;
		} else if (!strcmp(key, "behavior") || !strcmp(key, "behaviour")) {
			if ((st = load_list(&r->beh, &r->nbeh, v, path, key, 0)))
				return st;
		} else if (!strcmp(key, "half_life")) {
			if (json_is_null(v) || (json_is_string(v) &&
			    !strcmp(json_string_value(v), "none")))
				r->half_life = 0;
			else if (!json_is_string(v) ||
			    parse_half_life(json_string_value(v), &r->half_life))
				return bad(path, NULL, "%s: expected a duration such as \"30d\"",
				    key);
		} else if (!strcmp(key, "mql_threshold")) {
			if (number(v, &r->threshold))
				return bad(path, NULL, "%s: expected a number", key);
			r->has_threshold = 1;
		} else
			return bad(path, NULL, "unknown key \"%s\"", key);
	}
	return 0;
}

int
rules_load(struct sc_rules *r, const char *path)
{
	json_error_t err;
	json_t *root;
	int st;

	memset(r, 0, sizeof(*r));
	if (!(root = json_load_file(path, JSON_REJECT_DUPLICATES, &err))) {
		if (err.line < 1)
			mops_warn("%s: %s", path, err.text);
		else
			mops_warn("%s:%d: %s", path, err.line, err.text);
		return MOPS_EX_CONFIG;
	}
	st = load(r, root, path);
	json_decref(root);
	if (st)
		rules_free(r);
	return st;
}

void
rules_free(struct sc_rules *r)
{
	size_t i;

	for (i = 0; i < r->nfit; i++)
		rule_free(&r->fit[i]);
	for (i = 0; i < r->nbeh; i++)
		rule_free(&r->beh[i]);
	free(r->fit);
	free(r->beh);
	memset(r, 0, sizeof(*r));
}

/* ---- scoring ---- */

int
rules_touch_matches(const struct sc_rules *r, size_t i, const char *type,
    const char *url)
{
	const struct sc_rule *b = &r->beh[i];

	if (b->touch_type && (!type || strcmp(b->touch_type, type) != 0))
		return 0;
	if (b->has_url && (!url || regexec(&b->url_re, url, 0, NULL, 0) != 0))
		return 0;
	return 1;
}

static int
scalar_equal(const mops_json *v, const mops_json *want)
{
	const char *a, *b;
	int ok1, ok2;
	double x, y;

	switch (want->type) {
	case MOPS_JTRUE:
	case MOPS_JFALSE:
		if (v->type == MOPS_JTRUE || v->type == MOPS_JFALSE)
			return v->type == want->type;
		/* "true"/"false" as text, as CSV-born records carry them */
		a = mops_json_str(v);
		return a && strcasecmp(a, want->type == MOPS_JTRUE ? "true" : "false") == 0;
	case MOPS_JNUMBER:
		x = mops_json_number(v, &ok1);
		y = mops_json_number(want, &ok2);
		return ok1 && ok2 && x == y;
	case MOPS_JSTRING:
		a = mops_json_scalar_text(v);
		b = mops_json_str(want);
		return a && b && strcasecmp(a, b) == 0;
	default:
		return v->type == want->type;
	}
}

static int
fit_holds(const struct sc_rule *r, const mops_json *v)
{
	const char *text;
	double x;
	int ok;
	size_t i;

	if (!v)
		return 0;
	text = v->type == MOPS_JTRUE ? "true" : v->type == MOPS_JFALSE ? "false" :
	    mops_json_scalar_text(v);
	if ((r->conds & FIT_MATCH) && (!text || regexec(&r->re, text, 0, NULL, 0)))
		return 0;
	if (r->conds & (FIT_MIN | FIT_MAX)) {
		x = mops_json_number(v, &ok);
		if (!ok || ((r->conds & FIT_MIN) && x < r->min) ||
		    ((r->conds & FIT_MAX) && x > r->max))
			return 0;
	}
	if (r->conds & FIT_IN) {
		if (!text)
			return 0;
		for (i = 0; i < r->nin; i++)
			if (strcasecmp(text, r->in[i]) == 0)
				break;
		if (i == r->nin)
			return 0;
	}
	if ((r->conds & FIT_EQUALS) && !scalar_equal(v, r->equals))
		return 0;
	return 1;
}

/* What rule b gives for a running total of raw points (the cap bounds a
 * negative rule from below the same way). */
static double
capped(const struct sc_rule *b, double raw)
{
	if (!b->has_cap)
		return raw;
	if (raw > b->cap)
		return b->cap;
	if (raw < -b->cap)
		return -b->cap;
	return raw;
}

static double
decay(const struct sc_rules *r, double age)
{
	return r->half_life > 0 && age > 0 ? exp2(-age / r->half_life) : 1;
}

static double
age_of(const struct sc_event *e, int64_t now)
{
	return (double)(now - e->sec) - e->nsec / 1e9;
}

/*
 * The time of the touch that first brought the score to the threshold, walking
 * the touches in order and scoring as of each one (decay up to that moment).
 * Returns 1 and *at, or 0 when no touch did (the fit alone may).
 */
static int
crossing(const struct sc_rules *r, double fit, const struct sc_event *ev, size_t n,
    double *sum, const struct sc_event **at)
{
	size_t i, k;

	memset(sum, 0, r->nbeh * sizeof(*sum));
	for (i = 0; i < n; i++) {
		double beh = 0;

		if (i > 0 && r->half_life > 0) {
			double f = decay(r, (double)(ev[i].sec - ev[i - 1].sec) +
			    (ev[i].nsec - ev[i - 1].nsec) / 1e9);

			for (k = 0; k < r->nbeh; k++)
				sum[k] *= f;
		}
		sum[ev[i].tag] += r->beh[ev[i].tag].points;
		for (k = 0; k < r->nbeh; k++)
			beh += capped(&r->beh[k], sum[k]);
		if (sc_round(fit + beh, 0.01) >= r->threshold) {
			*at = &ev[i];
			return 1;
		}
	}
	return 0;
}

static void
reason(mops_json *arr, const char *name, double points)
{
	mops_json *o = mops_json_new_object();

	mops_json_set(o, "rule", mops_json_new_string(name));
	mops_json_set(o, "points", mops_json_new_real(sc_round(points, 0.01)));
	mops_json_append(arr, o);
}

static void
set_mql_date(mops_json *person, const char *when)
{
	mops_json *sd = mops_json_get(person, "stage_dates");

	if (!sd || sd->type != MOPS_JOBJECT) {
		sd = mops_json_new_object();
		mops_json_set(person, "stage_dates", sd);
	}
	mops_json_set(sd, "mql", mops_json_new_string(when));
}

static int
has_mql_date(const mops_json *person)
{
	const mops_json *v = mops_json_get(mops_json_get(person, "stage_dates"), "mql");

	return v && v->type != MOPS_JNULL && !(v->type == MOPS_JSTRING && v->len == 0);
}

void
rules_score(const struct sc_rules *r, mops_json *person, const mops_json *account,
    const struct sc_event *ev, size_t n, int64_t now)
{
	double fit = 0, beh = 0, total, *sum = mops_xcalloc(r->nbeh + 1, sizeof(double));
	mops_json *reasons = mops_json_new_array(), *tmp;
	size_t i;

	for (i = 0; i < r->nfit; i++) {
		const struct sc_rule *f = &r->fit[i];
		const mops_json *v = sc_field(person, account, f->field, &tmp);

		if (fit_holds(f, v)) {
			fit += f->points;
			if (f->points != 0)
				reason(reasons, f->name, f->points);
		}
		mops_json_free(tmp);
	}
	for (i = 0; i < n; i++)
		sum[ev[i].tag] += r->beh[ev[i].tag].points * decay(r, age_of(&ev[i], now));
	for (i = 0; i < r->nbeh; i++) {
		double p = capped(&r->beh[i], sum[i]);

		beh += p;
		if (sc_round(p, 0.01) != 0)
			reason(reasons, r->beh[i].name, p);
	}
	fit = sc_round(fit, 0.01);
	beh = sc_round(beh, 0.01);
	total = sc_round(fit + beh, 0.01);
	mops_json_set(person, "score_fit", mops_json_new_real(fit));
	mops_json_set(person, "score_behavior", mops_json_new_real(beh));
	mops_json_set(person, "score", mops_json_new_real(total));
	mops_json_set(person, "score_reasons", reasons);
	if (r->has_threshold) {
		int mql = total >= r->threshold;
		const struct sc_event *at;

		mops_json_set(person, "score_mql", mops_json_new_bool(mql));
		if (mql && !has_mql_date(person)) {
			const char *created = mops_json_get_str(person, "created_at");

			if (fit >= r->threshold) {
				/* qualified by who they are, from the start */
				if (created && *created)
					set_mql_date(person, created);
			} else if (crossing(r, fit, ev, n, sum, &at)) {
				/* the touch's time, with the fractional digits it came with */
				struct mops_time t = { at->sec, at->nsec, (int)at->frac, 0 };
				char buf[40];

				if (mops_time_format(&t, buf, sizeof(buf)))
					set_mql_date(person, buf);
			}
		}
	}
	free(sum);
}
