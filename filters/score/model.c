/*
 * model.c - the learned model: features from person, account and touches,
 * ridge-penalised logistic regression, Platt calibration, the model file.
 *
 * Features (documented in mops-score(1)), found in the training persons:
 * - a numeric field: its standardised value, log(1 + value) when it is never
 *   negative, and a missing-value indicator when enough persons lack it;
 * - a boolean field: 1 when true;
 * - a text field: one indicator per frequent value; the title: one per
 *   frequent word;
 * - touches: the count and log(1 + count) per touch type, and per first path
 *   segment of page views ("page_view /pricing").
 * Never: ids, names, emails, phones, addresses, timestamps, lifecycle_stage,
 * stage_dates, score fields, metadata, or the outcome's own fields.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exit.h"
#include "mtime.h"
#include "opts.h"
#include "rank.h"
#include "score.h"
#include "util.h"

enum fkind { F_NUM, F_LOG, F_MISS, F_BOOL, F_CAT, F_TOKEN, F_TAG, F_TAGLOG, F_NKINDS };
static const char *const kind_names[F_NKINDS] = {
	"number", "log", "missing", "boolean", "category", "word", "touches",
	"log_touches"
};

struct feat {
	char *name;		/* as shown in score_reasons */
	enum fkind kind;
	char *field;		/* field, or tag for F_TAG/F_TAGLOG */
	char *value;		/* F_CAT value, F_TOKEN word */
	double mean, sd, weight;
};

struct sc_model {
	struct feat *f;
	size_t nf;
	double intercept, cal_a, cal_b;
	int has_threshold;
	double threshold;
};

#define MAX_VALUES 40		/* indicators per text field */
#define MAX_DISTINCT 2000	/* a field with more values is an identifier */
#define MAX_FEATURES 400

/* ---- values ---- */

static const char *const stages[] = {
	"subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"
};

static int
stage_rank(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(stages) / sizeof(stages[0]); i++)
		if (strcasecmp(s, stages[i]) == 0)
			return (int)i;
	return -1;
}

static int
is_title(const char *field)
{
	return strcmp(field, "title") == 0 || strcmp(field, "job_title") == 0;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* Fields that identify, locate or date a person, or give the outcome away. */
static int
excluded(const struct sc_fit_opts *o, const char *key)
{
	static const char *const never[] = {
		"id", "type", "source", "source_id", "email", "email_domain",
		"first_name", "last_name", "name", "salutation", "name_suffix",
		"company", "company_domain", "domain", "website", "phone", "phone_ext",
		"mobile_phone", "fax", "street", "address", "city", "postal_code",
		"account_id", "owner_id", "person_ids", "xref_ids", "lifecycle_stage",
		"stage_dates", "lead_status", "status", "stage", "is_won", "is_closed",
		"converted", "is_converted", "landing_page", "referrer", "url",
		"gclid", "gbraid", "wbraid", "fbclid", "msclkid", "ttclid", "li_fat_id",
		"dclid", "utm_term", "utm_content", "channel_rule", "description", NULL
	};
	char **e;
	size_t i;

	if (key[0] == '_' || strncmp(key, "score", 5) == 0 || ends_with(key, "_id") ||
	    ends_with(key, "_ids") || ends_with(key, "_at") || ends_with(key, "_date") ||
	    ends_with(key, "_dates") || (o->outcome && strstr(key, o->outcome)))
		return 1;
	for (i = 0; never[i]; i++)
		if (strcmp(key, never[i]) == 0)
			return 1;
	for (e = o->exclude; e && *e; e++)
		if (strcmp(key, *e) == 0)
			return 1;
	return 0;
}

/* Lowercased ASCII words of s, each passed to fn. */
static void
words(const char *s, void (*fn)(void *, const char *), void *ctx)
{
	char w[64];
	size_t n = 0;

	for (;; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
			if (n + 1 < sizeof(w))
				w[n++] = (char)c;
		} else if (c >= 'A' && c <= 'Z') {
			if (n + 1 < sizeof(w))
				w[n++] = (char)(c + 32);
		} else {
			if (n) {
				w[n] = '\0';
				fn(ctx, w);
			}
			n = 0;
			if (!c)
				break;
		}
	}
}

void
model_touch_tags(const char *type, const char *url,
    void (*add)(void *ctx, const char *name, size_t len), void *ctx)
{
	char buf[160];
	const char *p, *e;
	int n;

	if (!type || !*type)
		type = "other";
	add(ctx, type, strlen(type));
	if (strcmp(type, "page_view") != 0 || !url || !*url)
		return;
	/* the first path segment: "https://x.com/pricing/pro?a" -> "/pricing" */
	p = url;
	if ((e = strstr(p, "://")) != NULL)
		p = e + 3;
	if (p != url || *p != '/')
		p += strcspn(p, "/?#");
	if (*p != '/')
		p = "/";
	e = p + 1 + strcspn(p + 1, "/?#");
	n = snprintf(buf, sizeof(buf), "page_view %.*s", (int)(e - p), p);
	if (n > 0 && (size_t)n < sizeof(buf))
		add(ctx, buf, (size_t)n);
}

/* ---- feature values ---- */

struct has_word {
	const char *want;
	int found;
};

static void
find_word(void *ctx, const char *w)
{
	struct has_word *h = ctx;

	if (strcmp(w, h->want) == 0)
		h->found = 1;
}

/* The raw value of feature f for a person; tagcount[] by tag id. */
static double
raw_value(const struct feat *f, const mops_json *person, const mops_json *account,
    const double *tagcount, const struct mops_intern *tags)
{
	mops_json *tmp;
	const mops_json *v;
	const char *text;
	double x = 0, c;
	int ok = 0;
	uint32_t t;

	if (f->kind == F_TAG || f->kind == F_TAGLOG) {
		t = mops_intern_find(tags, f->field, strlen(f->field));
		c = t == MOPS_INTERN_NONE ? 0 : tagcount[t];
		return f->kind == F_TAG ? c : log1p(c);
	}
	v = sc_field(person, account, f->field, &tmp);
	switch (f->kind) {
	case F_NUM:
	case F_LOG:
		if (v && v->type != MOPS_JTRUE && v->type != MOPS_JFALSE)
			x = mops_json_number(v, &ok);
		if (!ok || !isfinite(x))
			x = f->mean;	/* missing: the mean, so it adds nothing */
		else if (f->kind == F_LOG)
			x = log1p(x > 0 ? x : 0);
		break;
	case F_MISS:
		if (v && v->type != MOPS_JTRUE && v->type != MOPS_JFALSE)
			(void)mops_json_number(v, &ok);
		x = !ok;
		break;
	case F_BOOL:
		text = v ? mops_json_str(v) : NULL;
		x = v && (v->type == MOPS_JTRUE || (text && strcasecmp(text, "true") == 0));
		break;
	case F_CAT:
		text = v ? mops_json_scalar_text(v) : NULL;
		x = text && strcasecmp(text, f->value) == 0;
		break;
	case F_TOKEN:
		if (v && (text = mops_json_str(v)) != NULL) {
			struct has_word h = { f->value, 0 };

			words(text, find_word, &h);
			x = h.found;
		}
		break;
	default:
		break;
	}
	mops_json_free(tmp);
	return x;
}

static double *
count_tags(const struct sc_event *ev, size_t n, const struct mops_intern *tags)
{
	double *c = mops_xcalloc(tags->n + 1, sizeof(double));
	size_t i;

	for (i = 0; i < n; i++)
		c[ev[i].tag]++;
	return c;
}

static double
sigmoid(double z)
{
	return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

/* ---- discovery: which features the training persons support ---- */

struct fstat {
	size_t nbool, ntrue, nnum, nstr;
	int neg;
	struct mops_intern vals;	/* text values (lowercased) or title words */
	size_t *vcount, cv;
	int many;
};

struct disc {
	const struct sc_fit_opts *o;
	struct mops_intern names;
	struct fstat *st;
	size_t cst;
};

static struct fstat *
stat_for(struct disc *d, const char *key)
{
	uint32_t i = mops_intern_add(&d->names, key, strlen(key));

	if (i >= d->cst) {
		size_t old = d->cst;

		d->st = mops_xgrow(d->st, &d->cst, (size_t)i + 1, sizeof(*d->st));
		memset(d->st + old, 0, (d->cst - old) * sizeof(*d->st));
	}
	return &d->st[i];
}

static void
count_value(struct fstat *s, const char *v)
{
	uint32_t i;

	if (s->many)
		return;
	i = mops_intern_add(&s->vals, v, strlen(v));
	if (i >= MAX_DISTINCT) {
		s->many = 1;
		return;
	}
	if (i >= s->cv) {
		size_t old = s->cv;

		s->vcount = mops_xgrow(s->vcount, &s->cv, (size_t)i + 1, sizeof(size_t));
		memset(s->vcount + old, 0, (s->cv - old) * sizeof(size_t));
	}
	s->vcount[i]++;
}

static void
count_word(void *ctx, const char *w)
{
	count_value(ctx, w);
}

static void
observe(struct disc *d, const char *key, const mops_json *v)
{
	struct fstat *s;
	double x;
	int ok;
	const char *text;

	if (excluded(d->o, key) || !v || v->type == MOPS_JNULL ||
	    v->type == MOPS_JOBJECT || v->type == MOPS_JARRAY ||
	    (v->type == MOPS_JSTRING && v->len == 0))
		return;
	s = stat_for(d, key);
	if (v->type == MOPS_JTRUE || v->type == MOPS_JFALSE) {
		s->nbool++;
		s->ntrue += v->type == MOPS_JTRUE;
		return;
	}
	x = mops_json_number(v, &ok);
	if (ok && isfinite(x)) {
		s->nnum++;
		s->neg |= x < 0;
		return;
	}
	text = mops_json_str(v);
	if (!text)
		return;
	s->nstr++;
	if (is_title(key))
		words(text, count_word, s);
	else {
		char low[128];
		size_t i;

		for (i = 0; text[i] && i + 1 < sizeof(low); i++)
			low[i] = (char)((text[i] >= 'A' && text[i] <= 'Z') ? text[i] + 32 :
			    text[i]);
		low[i] = '\0';
		count_value(s, low);
	}
}

/* The person's fields, then the account's that the person lacks. */
static void
observe_person(struct disc *d, const mops_json *p, const mops_json *a)
{
	mops_json *tmp;
	size_t i;

	for (i = 0; p && p->type == MOPS_JOBJECT && i < p->len; i++) {
		const char *k = p->u.members[i].key;

		observe(d, k, sc_field(p, a, k, &tmp));
		mops_json_free(tmp);
	}
	for (i = 0; a && a->type == MOPS_JOBJECT && i < a->len; i++) {
		const char *k = a->u.members[i].key;
		const mops_json *pv = mops_json_get(p, k);

		if (pv && pv->type != MOPS_JNULL &&
		    !(pv->type == MOPS_JSTRING && pv->len == 0))
			continue;	/* counted with the person */
		observe(d, k, mops_json_get(a, k));
	}
	if (!mops_json_get(p, "email_free") && !(a && mops_json_get(a, "email_free"))) {
		observe(d, "email_free", sc_field(p, a, "email_free", &tmp));
		mops_json_free(tmp);
	}
}

struct feats {
	struct feat *f;
	size_t n, cap;
};

static void
add_feat(struct feats *fs, enum fkind kind, const char *field, const char *value)
{
	struct feat *f;

	if (fs->n >= MAX_FEATURES)
		return;
	fs->f = mops_xgrow(fs->f, &fs->cap, fs->n + 1, sizeof(*fs->f));
	f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->field = mops_xstrdup(field);
	f->value = value ? mops_xstrdup(value) : NULL;
	switch (kind) {
	case F_LOG: f->name = mops_xasprintf("log(%s)", field); break;
	case F_MISS: f->name = mops_xasprintf("%s missing", field); break;
	case F_CAT: f->name = mops_xasprintf("%s=%s", field, value); break;
	case F_TOKEN: f->name = mops_xasprintf("%s~%s", field, value); break;
	case F_TAGLOG: f->name = mops_xasprintf("log(%s)", field); break;
	default: f->name = mops_xstrdup(field); break;
	}
}

struct vc {
	const char *v;
	size_t n;
};

static int
cmp_vc(const void *a, const void *b)
{
	const struct vc *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->v, y->v);
}

/* Feature list from the statistics: minsup persons at least on each side. */
static void
choose(struct disc *d, struct feats *fs, size_t n, size_t minsup)
{
	size_t i, j;

	for (i = 0; i < d->names.n; i++) {
		struct fstat *s = &d->st[i];
		const char *key = mops_intern_name(&d->names, (uint32_t)i);
		size_t present = s->nbool + s->nnum + s->nstr;

		if (s->nnum >= minsup && s->nnum * 10 >= present * 9) {
			add_feat(fs, F_NUM, key, NULL);
			if (!s->neg)
				add_feat(fs, F_LOG, key, NULL);
			if (n - s->nnum >= minsup)
				add_feat(fs, F_MISS, key, NULL);
		} else if (s->nbool >= minsup && s->nbool >= s->nstr + s->nnum) {
			if (s->ntrue >= minsup && n - s->ntrue >= minsup)
				add_feat(fs, F_BOOL, key, NULL);
		} else if (s->nstr >= minsup && !s->many) {
			struct vc *v = mops_xcalloc(s->vals.n + 1, sizeof(*v));

			for (j = 0; j < s->vals.n; j++) {
				v[j].v = mops_intern_name(&s->vals, (uint32_t)j);
				v[j].n = s->vcount[j];
			}
			qsort(v, s->vals.n, sizeof(*v), cmp_vc);
			for (j = 0; j < s->vals.n && j < MAX_VALUES; j++)
				if (v[j].n >= minsup && n - v[j].n >= minsup)
					add_feat(fs, is_title(key) ? F_TOKEN : F_CAT, key, v[j].v);
			free(v);
		}
		mops_intern_free(&s->vals);
		free(s->vcount);
	}
}

/* ---- fitting ---- */

/* Solves A x = b for a symmetric positive definite A (n x n, destroyed) by
 * Cholesky; returns -1 if A is not positive definite. */
static int
cholesky_solve(double *A, double *b, size_t n)
{
	size_t i, j, k;

	for (j = 0; j < n; j++) {
		double s = A[j * n + j];

		for (k = 0; k < j; k++)
			s -= A[j * n + k] * A[j * n + k];
		if (!(s > 1e-12))
			return -1;
		A[j * n + j] = sqrt(s);
		for (i = j + 1; i < n; i++) {
			double t = A[i * n + j];

			for (k = 0; k < j; k++)
				t -= A[i * n + k] * A[j * n + k];
			A[i * n + j] = t / A[j * n + j];
		}
	}
	for (i = 0; i < n; i++) {	/* L y = b */
		for (k = 0; k < i; k++)
			b[i] -= A[i * n + k] * b[k];
		b[i] /= A[i * n + i];
	}
	for (i = n; i-- > 0;) {		/* L' x = y */
		for (k = i + 1; k < n; k++)
			b[i] -= A[k * n + i] * b[k];
		b[i] /= A[i * n + i];
	}
	return 0;
}

/*
 * Ridge logistic regression by Newton's method: X is n x d (standardised, no
 * intercept column), w gets d + 1 weights (w[d] the intercept, not penalised).
 */
static int
logistic(const double *X, const unsigned char *y, size_t n, size_t d, double l2,
    double *w)
{
	size_t D = d + 1, i, j, k, it;
	double *H = mops_xcalloc(D * D, sizeof(double));
	double *g = mops_xcalloc(D, sizeof(double)), *row = mops_xcalloc(D, sizeof(double));
	int st = 0;

	memset(w, 0, D * sizeof(double));
	for (it = 0; it < 50; it++) {
		double step = 0;

		memset(H, 0, D * D * sizeof(double));
		memset(g, 0, D * sizeof(double));
		for (i = 0; i < n; i++) {
			double z = w[d], p, r;

			memcpy(row, X + i * d, d * sizeof(double));
			row[d] = 1;
			for (j = 0; j < d; j++)
				z += w[j] * row[j];
			p = sigmoid(z);
			r = p * (1 - p);
			if (r < 1e-10)
				r = 1e-10;
			for (j = 0; j < D; j++) {
				double rj = r * row[j];

				g[j] += (p - y[i]) * row[j];
				for (k = 0; k <= j; k++)
					H[j * D + k] += rj * row[k];
			}
		}
		for (j = 0; j < D; j++)
			for (k = 0; k < j; k++)
				H[k * D + j] = H[j * D + k];
		for (j = 0; j < d; j++) {
			g[j] += l2 * w[j];
			H[j * D + j] += l2;
		}
		H[d * D + d] += 1e-9;
		if (cholesky_solve(H, g, D)) {
			st = -1;
			break;
		}
		for (j = 0; j < D; j++) {
			w[j] -= g[j];
			if (fabs(g[j]) > step)
				step = fabs(g[j]);
		}
		if (step < 1e-8)
			break;
	}
	free(H);
	free(g);
	free(row);
	return st;
}

/* Platt scaling: p = sigmoid(a s + b) fitted to the logits s by Newton's
 * method on two parameters; a stays positive, so the order never changes. */
static void
platt(const double *s, const unsigned char *y, size_t n, double *a, double *b)
{
	double A = 1, B = 0;
	size_t i, it;

	for (it = 0; it < 50; it++) {
		double gA = 0, gB = 0, hAA = 1e-9, hAB = 0, hBB = 1e-9, det, dA, dB;

		for (i = 0; i < n; i++) {
			double p = sigmoid(A * s[i] + B), r = p * (1 - p), e = p - y[i];

			gA += e * s[i];
			gB += e;
			hAA += r * s[i] * s[i];
			hAB += r * s[i];
			hBB += r;
		}
		det = hAA * hBB - hAB * hAB;
		if (!(det > 0))
			break;
		dA = (hBB * gA - hAB * gB) / det;
		dB = (hAA * gB - hAB * gA) / det;
		A -= dA;
		B -= dB;
		if (fabs(dA) + fabs(dB) < 1e-10)
			break;
	}
	if (!(A > 0) || !isfinite(A) || !isfinite(B)) {
		A = 1;
		B = 0;
	}
	*a = A;
	*b = B;
}

struct ps {
	double p;
	unsigned char y;
};

static int
cmp_ps(const void *a, const void *b)
{
	const struct ps *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* Reached the outcome?  *when: its time, or -1 when unknown. */
static int
reached(const mops_json *p, const char *outcome, int64_t *when)
{
	const mops_json *sd = mops_json_get(p, "stage_dates");
	int want = stage_rank(outcome), r;
	struct mops_time t;
	size_t i;

	*when = -1;
	if (sd && sd->type == MOPS_JOBJECT) {
		const char *v = mops_json_get_str(sd, outcome);

		if (v && *v) {
			if (mops_time_parse(v, MOPS_DATE_YMD, &t) == 0)
				*when = t.sec;
			return 1;
		}
		/* a later stage's date: the outcome was passed on the way */
		for (i = 0; want >= 0 && i < sd->len; i++) {
			v = mops_json_str(sd->u.members[i].val);
			if ((r = stage_rank(sd->u.members[i].key)) > want && v && *v) {
				if (mops_time_parse(v, MOPS_DATE_YMD, &t) == 0 &&
				    (*when < 0 || t.sec < *when))
					*when = t.sec;
			}
		}
		if (*when >= 0)
			return 1;
	}
	return want >= 0 && stage_rank(mops_json_get_str(p, "lifecycle_stage")) >= want;
}

static int64_t
created(const mops_json *p)
{
	struct mops_time t;
	const char *s = mops_json_get_str(p, "created_at");

	return s && mops_time_parse(s, MOPS_DATE_YMD, &t) == 0 ? t.sec : -1;
}

static json_t *
real(double x, double unit)
{
	return json_real(sc_round(x, unit));
}

static int
write_model(const char *path, const struct sc_fit_opts *o, const struct feat *f,
    size_t nf, const double *w, size_t n, size_t npos, double auc, double a,
    double b, json_t *deciles, double threshold)
{
	json_t *root = json_object(), *fa = json_array(), *wa = json_array();
	json_t *tr = json_object(), *cal = json_object();
	size_t j;
	int rc;

	for (j = 0; j < nf; j++) {
		json_t *fo = json_object();

		json_object_set_new(fo, "name", json_string(f[j].name));
		json_object_set_new(fo, "kind", json_string(kind_names[f[j].kind]));
		json_object_set_new(fo, "field", json_string(f[j].field));
		if (f[j].value)
			json_object_set_new(fo, "value", json_string(f[j].value));
		json_object_set_new(fo, "mean", json_real(f[j].mean));
		json_object_set_new(fo, "sd", json_real(f[j].sd));
		json_array_append_new(fa, fo);
		json_array_append_new(wa, json_real(w[j]));
	}
	json_object_set_new(root, "mops_score_model", json_integer(1));
	json_object_set_new(root, "outcome", json_string(o->outcome));
	json_object_set_new(tr, "persons", json_integer((json_int_t)n));
	json_object_set_new(tr, "positives", json_integer((json_int_t)npos));
	json_object_set_new(tr, "auc", real(auc, 1e-4));
	json_object_set_new(tr, "l2", json_real(o->l2));
	json_object_set_new(tr, "window_days", o->window > 0 ?
	    json_real(o->window / 86400) : json_null());
	json_object_set_new(tr, "cutoff", json_string(o->cutoff_outcome ? "outcome" :
	    "none"));
	json_object_set_new(root, "training", tr);
	json_object_set_new(root, "features", fa);
	json_object_set_new(root, "weights", wa);
	json_object_set_new(root, "intercept", json_real(w[nf]));
	json_object_set_new(cal, "a", json_real(a));
	json_object_set_new(cal, "b", json_real(b));
	json_object_set_new(cal, "deciles", deciles);
	json_object_set_new(root, "calibration", cal);
	json_object_set_new(root, "mql_threshold", real(threshold, 0.01));
	rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(10));
	json_decref(root);
	if (rc) {
		mops_warn("%s: cannot write the model", path);
		return MOPS_EX_IOERR;
	}
	return 0;
}

int
model_fit(const struct sc_fit_opts *o, const struct sc_person *p, size_t np,
    const struct mops_intern *tags, const char *path)
{
	struct disc d;
	struct feats fs = { NULL, 0, 0 };
	size_t *use = mops_xcalloc(np + 1, sizeof(size_t)), n = 0, npos = 0, i, j;
	size_t *tagsup, *lastp, minsup;
	unsigned char *y;
	double *X, *w, *s, a, b, auc, threshold, best_f1 = -1;
	struct ps *ps;
	json_t *deciles;
	int st = 0;

	/* who is in the training set, and their label */
	y = mops_xcalloc(np + 1, 1);
	for (i = 0; i < np; i++) {
		int64_t when, c = created(p[i].rec);
		int r = reached(p[i].rec, o->outcome, &when);

		if (o->window > 0) {
			if (r && when >= 0 && c >= 0 && (double)(when - c) > o->window)
				r = 0;	/* reached, but after the window: a no */
			if (!r && (c < 0 || (double)(o->now - c) < o->window))
				continue;	/* too young to say no */
		}
		y[n] = (unsigned char)r;
		npos += (size_t)r;
		use[n++] = i;
	}
	if (npos == 0 || npos == n) {
		mops_warn("--fit: %zu persons, %zu reached %s: a model needs both kinds",
		    n, npos, o->outcome);
		st = MOPS_EX_DATAERR;
		goto out0;
	}
	minsup = n / 100 > 5 ? n / 100 : 5;

	/* which features the data supports */
	memset(&d, 0, sizeof(d));
	d.o = o;
	mops_intern_init(&d.names);
	for (i = 0; i < n; i++)
		observe_person(&d, p[use[i]].rec, p[use[i]].account);
	choose(&d, &fs, n, minsup);
	mops_intern_free(&d.names);
	free(d.st);
	tagsup = mops_xcalloc(tags->n + 1, sizeof(size_t));
	lastp = mops_xcalloc(tags->n + 1, sizeof(size_t));
	for (i = 0; i < n; i++) {
		const struct sc_person *q = &p[use[i]];

		for (j = 0; j < q->nev; j++)
			if (lastp[q->ev[j].tag] != i + 1) {	/* persons with the tag */
				lastp[q->ev[j].tag] = i + 1;
				tagsup[q->ev[j].tag]++;
			}
	}
	free(lastp);
	for (j = 0; j < tags->n; j++)
		if (tagsup[j] >= minsup) {
			add_feat(&fs, F_TAG, mops_intern_name(tags, (uint32_t)j), NULL);
			add_feat(&fs, F_TAGLOG, mops_intern_name(tags, (uint32_t)j), NULL);
		}
	free(tagsup);
	if (fs.n == 0) {
		mops_warn("--fit: no usable features in %zu persons", n);
		st = MOPS_EX_DATAERR;
		goto out1;
	}

	/* the design matrix, standardised */
	X = mops_xcalloc(n * fs.n, sizeof(double));
	for (i = 0; i < n; i++) {
		const struct sc_person *q = &p[use[i]];
		size_t nev = q->nev;
		double *tc;
		int64_t when;

		if (o->cutoff_outcome && y[i] && reached(q->rec, o->outcome, &when) &&
		    when >= 0)
			for (nev = 0; nev < q->nev && q->ev[nev].sec < when; nev++)
				;
		tc = count_tags(q->ev, nev, tags);
		for (j = 0; j < fs.n; j++) {
			fs.f[j].mean = NAN;	/* F_NUM missing: filled below */
			X[i * fs.n + j] = raw_value(&fs.f[j], q->rec, q->account, tc, tags);
		}
		free(tc);
	}
	for (j = 0; j < fs.n; j++) {
		double sum = 0, sq = 0, m, cnt = 0;

		for (i = 0; i < n; i++)
			if (!isnan(X[i * fs.n + j])) {
				sum += X[i * fs.n + j];
				cnt++;
			}
		m = cnt ? sum / cnt : 0;
		for (i = 0; i < n; i++) {
			if (isnan(X[i * fs.n + j]))
				X[i * fs.n + j] = m;
			sq += (X[i * fs.n + j] - m) * (X[i * fs.n + j] - m);
		}
		fs.f[j].mean = m;
		fs.f[j].sd = sqrt(sq / (double)n);
		if (!(fs.f[j].sd > 1e-9))
			fs.f[j].sd = 0;		/* constant: weight 0 */
		for (i = 0; i < n; i++)
			X[i * fs.n + j] = fs.f[j].sd > 0 ?
			    (X[i * fs.n + j] - m) / fs.f[j].sd : 0;
	}

	w = mops_xcalloc(fs.n + 1, sizeof(double));
	if (logistic(X, y, n, fs.n, o->l2, w)) {
		mops_warn("--fit: the regression did not converge (try a larger --l2)");
		st = MOPS_EX_DATAERR;
		goto out2;
	}
	s = mops_xcalloc(n, sizeof(double));
	for (i = 0; i < n; i++) {
		double z = w[fs.n];

		for (j = 0; j < fs.n; j++)
			z += w[j] * X[i * fs.n + j];
		s[i] = z;
	}
	platt(s, y, n, &a, &b);
	ps = mops_xcalloc(n, sizeof(*ps));
	for (i = 0; i < n; i++) {
		ps[i].p = sigmoid(a * s[i] + b);
		ps[i].y = y[i];
		s[i] = ps[i].p;
	}
	auc = mops_auc(s, y, n);
	qsort(ps, n, sizeof(*ps), cmp_ps);
	deciles = json_array();
	for (j = 0; j < 10; j++) {
		size_t lo = n * j / 10, hi = n * (j + 1) / 10;
		double e = 0, obs = 0;
		json_t *dj = json_object();

		for (i = lo; i < hi; i++) {
			e += ps[i].p;
			obs += ps[i].y;
		}
		json_object_set_new(dj, "decile", json_integer((json_int_t)j + 1));
		json_object_set_new(dj, "persons", json_integer((json_int_t)(hi - lo)));
		json_object_set_new(dj, "min_score", hi > lo ?
		    real(ps[lo].p * 100, 0.001) : json_null());
		json_object_set_new(dj, "expected", hi > lo ?
		    real(e / (double)(hi - lo), 1e-4) : json_null());
		json_object_set_new(dj, "observed", hi > lo ?
		    real(obs / (double)(hi - lo), 1e-4) : json_null());
		json_array_append_new(deciles, dj);
	}
	/* the MQL threshold: given, else the score with the best F1 in training */
	threshold = o->threshold;
	if (!o->has_threshold) {
		double tp = 0, fp = 0;

		for (i = n; i-- > 0;) {
			double f1;

			if (ps[i].y)
				tp++;
			else
				fp++;
			if (i > 0 && ps[i - 1].p == ps[i].p)
				continue;
			f1 = 2 * tp / (2 * tp + fp + ((double)npos - tp));
			if (f1 > best_f1) {
				best_f1 = f1;
				threshold = floor(ps[i].p * 100 * 100) / 100;
			}
		}
	}
	st = write_model(path, o, fs.f, fs.n, w, n, npos, auc, a, b, deciles, threshold);
	if (!st && mops_cfg.stats)
		fprintf(stderr, "%s: --fit: %zu persons (%zu reached %s), %zu features, "
		    "training AUC %.4f\n", mops_progname, n, npos, o->outcome, fs.n, auc);
	free(ps);
	free(s);
out2:
	free(w);
	free(X);
out1:
	for (j = 0; j < fs.n; j++) {
		free(fs.f[j].name);
		free(fs.f[j].field);
		free(fs.f[j].value);
	}
	free(fs.f);
out0:
	free(use);
	free(y);
	return st;
}

/* ---- loading and applying ---- */

static int
bad(const char *path, const char *what)
{
	mops_warn("%s: %s", path, what);
	return MOPS_EX_CONFIG;
}

void
model_free(struct sc_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nf; i++) {
		free(m->f[i].name);
		free(m->f[i].field);
		free(m->f[i].value);
	}
	free(m->f);
	free(m);
}

static int
load_feature(struct feat *f, json_t *o, json_t *w, const char *path)
{
	const char *key;
	json_t *v;
	char msg[160];
	int k;

	if (!json_is_object(o) || !json_is_number(w))
		return bad(path, "features: expected objects, weights: numbers");
	json_object_foreach(o, key, v) {
		if (!strcmp(key, "name") && json_is_string(v))
			f->name = mops_xstrdup(json_string_value(v));
		else if (!strcmp(key, "field") && json_is_string(v))
			f->field = mops_xstrdup(json_string_value(v));
		else if (!strcmp(key, "value") && json_is_string(v))
			f->value = mops_xstrdup(json_string_value(v));
		else if (!strcmp(key, "mean") && json_is_number(v))
			f->mean = json_number_value(v);
		else if (!strcmp(key, "sd") && json_is_number(v))
			f->sd = json_number_value(v);
		else if (!strcmp(key, "kind") && json_is_string(v)) {
			for (k = 0; k < F_NKINDS; k++)
				if (!strcmp(json_string_value(v), kind_names[k]))
					break;
			if (k == F_NKINDS) {
				snprintf(msg, sizeof(msg), "features: unknown kind \"%s\"",
				    json_string_value(v));
				return bad(path, msg);
			}
			f->kind = (enum fkind)k;
		} else {
			snprintf(msg, sizeof(msg), "features: unknown key \"%s\"", key);
			return bad(path, msg);
		}
	}
	if (!f->name || !f->field || !json_object_get(o, "kind") ||
	    ((f->kind == F_CAT || f->kind == F_TOKEN) && !f->value))
		return bad(path, "features: each needs name, kind and field");
	f->weight = json_number_value(w);
	return 0;
}

int
model_load(struct sc_model **mp, const char *path)
{
	json_error_t err;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err), *v, *fa, *wa;
	struct sc_model *m;
	const char *key;
	char msg[160];
	size_t i;
	int st = 0;

	*mp = NULL;
	if (!root) {
		if (err.line < 1)
			mops_warn("%s: %s", path, err.text);
		else
			mops_warn("%s:%d: %s", path, err.line, err.text);
		return MOPS_EX_CONFIG;
	}
	m = mops_xcalloc(1, sizeof(*m));
	if (!json_is_object(root)) {
		st = bad(path, "not a model (expected an object from mops-score --fit)");
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "mops_score_model") && strcmp(key, "outcome") &&
		    strcmp(key, "training") && strcmp(key, "features") &&
		    strcmp(key, "weights") && strcmp(key, "intercept") &&
		    strcmp(key, "calibration") && strcmp(key, "mql_threshold")) {
			snprintf(msg, sizeof(msg), "unknown key \"%s\"", key);
			st = bad(path, msg);
			goto out;
		}
	}
	if (json_integer_value(json_object_get(root, "mops_score_model")) != 1) {
		st = bad(path, "not a model of this version (mops_score_model: 1)");
		goto out;
	}
	fa = json_object_get(root, "features");
	wa = json_object_get(root, "weights");
	if (!json_is_array(fa) || !json_is_array(wa) ||
	    json_array_size(fa) != json_array_size(wa) ||
	    !json_is_number(json_object_get(root, "intercept"))) {
		st = bad(path, "expected features, weights (as many) and intercept");
		goto out;
	}
	m->f = mops_xcalloc(json_array_size(fa) + 1, sizeof(*m->f));
	for (i = 0; i < json_array_size(fa); i++) {
		m->nf = i + 1;
		if ((st = load_feature(&m->f[i], json_array_get(fa, i),
		    json_array_get(wa, i), path)))
			goto out;
	}
	m->intercept = json_number_value(json_object_get(root, "intercept"));
	v = json_object_get(root, "calibration");
	m->cal_a = 1;
	if (v) {
		json_t *ca = json_object_get(v, "a"), *cb = json_object_get(v, "b");

		if (!json_is_number(ca) || !json_is_number(cb) || !(json_number_value(ca) > 0)) {
			st = bad(path, "calibration: expected a > 0 and b");
			goto out;
		}
		m->cal_a = json_number_value(ca);
		m->cal_b = json_number_value(cb);
	}
	if ((v = json_object_get(root, "mql_threshold")) && json_is_number(v)) {
		m->has_threshold = 1;
		m->threshold = json_number_value(v);
	}
out:
	json_decref(root);
	if (st)
		model_free(m);
	else
		*mp = m;
	return st;
}

struct contrib {
	const char *name;
	double c;
	size_t i;	/* the model's order breaks ties */
};

static int
cmp_contrib(const void *a, const void *b)
{
	const struct contrib *x = a, *y = b;
	double ax = fabs(x->c), ay = fabs(y->c);

	if (ax != ay)
		return ax > ay ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
model_score(const struct sc_model *m, mops_json *person, const mops_json *account,
    const struct sc_event *ev, size_t n, const struct mops_intern *tags,
    int has_threshold, double threshold)
{
	double *tc = count_tags(ev, n, tags), z = m->intercept, p, score;
	struct contrib *c = mops_xcalloc(m->nf + 1, sizeof(*c));
	mops_json *reasons = mops_json_new_array();
	size_t i, nc = 0;

	for (i = 0; i < m->nf; i++) {
		const struct feat *f = &m->f[i];
		double x, k;

		if (!(f->sd > 0) || f->weight == 0)
			continue;
		x = raw_value(f, person, account, tc, tags);
		k = f->weight * (x - f->mean) / f->sd;
		z += k;
		if (sc_round(k, 0.001) != 0) {
			c[nc].name = f->name;
			c[nc].i = i;
			c[nc++].c = k;
		}
	}
	p = sigmoid(m->cal_a * z + m->cal_b);
	score = sc_round(p * 100, 0.001);
	qsort(c, nc, sizeof(*c), cmp_contrib);
	for (i = 0; i < nc && i < 5; i++) {
		mops_json *o = mops_json_new_object();

		mops_json_set(o, "rule", mops_json_new_string(c[i].name));
		mops_json_set(o, "points", mops_json_new_real(sc_round(c[i].c, 0.001)));
		mops_json_append(reasons, o);
	}
	mops_json_set(person, "score", mops_json_new_real(score));
	mops_json_set(person, "score_reasons", reasons);
	if (!has_threshold && m->has_threshold) {
		has_threshold = 1;
		threshold = m->threshold;
	}
	if (has_threshold)
		mops_json_set(person, "score_mql", mops_json_new_bool(score >= threshold));
	free(c);
	free(tc);
}
