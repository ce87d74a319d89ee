/*
 * paths.c - --from paths: aggregated journeys in ChannelAttribution's format,
 * "path;total_conversions;total_conversion_value;total_null" with a header row,
 * channels separated by " > ".  Duplicate paths are summed.  Output: one row per
 * model and channel with the conversions and value it is credited with.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attr_fract.h"
#include "attr_markov.h"
#include "attribute.h"
#include "buf.h"
#include "exit.h"
#include "input.h"
#include "intern.h"
#include "opts.h"
#include "out.h"
#include "reject.h"
#include "util.h"

struct path {
	size_t first, n;	/* channel ids in pathbuf */
	double conv, value, nulls;
	/* the same as ChannelAttribution reads each row: whole counts, a value
	 * only with a whole conversion (--markov-graph channelattribution) */
	double wconv, wvalue, wnulls;
};

struct pslot {			/* the path table: hash, path index + 1 (0 empty) */
	uint32_t hash, idx1;
};

struct paths {
	struct mops_intern channels;
	struct path *p;		/* in order of first appearance */
	size_t np, capp;
	struct pslot *tab;	/* paths by their channel ids */
	size_t tabsize;
	int *ids;
	size_t nids, capids;
	int has_nulls, has_value;
	unsigned long long nlines;
};

int
attr_is_direct(const char *name)
{
	return strcasecmp(name, "direct") == 0 || strcasecmp(name, "(direct)") == 0;
}

size_t
attr_transform(const struct attr_opts *o, struct mops_attr_touch *t, size_t *keep,
    size_t n)
{
	size_t i, k = 0, direct = 0;

	for (i = 0; i < n; i++)
		keep[i] = i;
	if (o->drop_direct) {
		for (i = 0; i < n; i++)
			direct += t[i].is_direct != 0;
		if (direct < n) {
			for (i = 0; i < n; i++)
				if (!t[i].is_direct) {
					t[k] = t[i];
					keep[k++] = keep[i];
				}
			n = k;
		}
	}
	if (o->drop_repeats && n > 0) {
		k = 1;
		for (i = 1; i < n; i++)
			if (t[i].channel != t[k - 1].channel) {
				t[k] = t[i];
				keep[k++] = keep[i];
			}
		n = k;
	}
	return n;
}

/* Splits s at ';' into at most max fields (in place); returns the count. */
static int
split_fields(char *s, char **f, int max)
{
	int n = 0;

	f[n++] = s;
	for (; *s; s++)
		if (*s == ';') {
			*s = '\0';
			if (n == max)
				return max + 1;
			f[n++] = s + 1;
		}
	return n;
}

static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

/*
 * A count or value >= 0.  Plain decimals of at most 15 digits ("3", "152.57")
 * are m / 10^k, both exact doubles, so the quotient is the correctly rounded
 * value, as strtod() gives, at a fraction of the cost; anything else goes to
 * strtod().
 */
static int
parse_count(const char *s, double *v)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
	    1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	const char *q = s;
	uint64_t m = 0;
	int nd = 0, frac = -1;
	char *end;

	if (!*s)
		return -1;
	for (; *q; q++) {
		if (*q >= '0' && *q <= '9') {
			m = m * 10 + (uint64_t)(*q - '0');
			nd++;
			if (frac >= 0)
				frac++;
		} else if (*q == '.' && frac < 0)
			frac = 0;
		else
			break;
	}
	if (!*q && nd > 0 && nd <= 15) {
		*v = (double)m / p10[frac > 0 ? frac : 0];
		return 0;
	}
	*v = strtod(s, &end);
	return *end || !isfinite(*v) || *v < 0 ? -1 : 0;
}

static uint64_t
hash_ids(const int *c, size_t n)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)n;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint64_t)(uint32_t)c[i];
		h *= 0x100000001b3ULL;
		h ^= h >> 29;
	}
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/* Short arrays: a loop beats a call to memcmp(). */
static int
same_ids(const int *a, const int *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static void
grow_paths(struct paths *ps)
{
	size_t size = ps->tabsize ? ps->tabsize * 2 : 1024, i, j;
	struct pslot *tab = mops_xcalloc(size, sizeof(*tab));

	for (i = 0; i < ps->tabsize; i++) {
		if (!ps->tab[i].idx1)
			continue;
		j = ps->tab[i].hash & (size - 1);
		while (tab[j].idx1)
			j = (j + 1) & (size - 1);
		tab[j] = ps->tab[i];
	}
	free(ps->tab);
	ps->tab = tab;
	ps->tabsize = size;
}

/* The path of channel ids c[0..n), added when new: paths are told apart by
 * their ids, never by their text. */
static struct path *
path_of(struct paths *ps, const int *c, size_t n)
{
	uint32_t h = (uint32_t)hash_ids(c, n);
	size_t j;
	struct path *pa;

	if ((ps->np + 1) * 2 > ps->tabsize)
		grow_paths(ps);
	for (j = h & (ps->tabsize - 1); ps->tab[j].idx1; j = (j + 1) & (ps->tabsize - 1)) {
		pa = &ps->p[ps->tab[j].idx1 - 1];
		if (ps->tab[j].hash == h && pa->n == n && same_ids(ps->ids + pa->first,
		    c, n))
			return pa;
	}
	if (ps->np >= UINT32_MAX - 1)
		mops_die(70, "too many distinct paths");
	ps->p = mops_xgrow(ps->p, &ps->capp, ps->np + 1, sizeof(*ps->p));
	pa = &ps->p[ps->np++];
	memset(pa, 0, sizeof(*pa));
	pa->first = ps->nids;
	pa->n = n;
	ps->ids = mops_xgrow(ps->ids, &ps->capids, ps->nids + n, sizeof(*ps->ids));
	memcpy(ps->ids + ps->nids, c, n * sizeof(*c));
	ps->nids += n;
	ps->tab[j].hash = h;
	ps->tab[j].idx1 = (uint32_t)ps->np;
	return pa;
}

static void
reject_sink(void *ctx, const char *p, size_t n)
{
	(void)ctx;
	mops_reject_more(p, n);
}

enum { COL_PATH, COL_CONV, COL_VALUE, COL_NULL, NCOLS };

static int
read_file(struct paths *ps, const char *file)
{
	static const char *const names[NCOLS] = {
		"path", "total_conversions", "total_conversion_value", "total_null"
	};
	int col[NCOLS] = { -1, -1, -1, -1 };
	mops_in *in = mops_in_open(file);
	const char *line;
	size_t len;
	int r, nf, i, k, header = 1;
	char *f[16], *buf = NULL;
	size_t cap = 0;
	char **names_at = NULL;	/* the channel names of a path, in buf */
	int *chan = NULL;
	size_t nchan = 0, capnames = 0, capchan = 0;

	if (!in) {
		mops_warn("%s: %s", file ? file : "stdin", strerror(errno));
		return MOPS_EX_NOINPUT;
	}
	file = mops_in_name(in);
	while ((r = mops_in_getline(in, &line, &len, mops_cfg.max_line)) != MOPS_IN_EOF) {
		long lineno = mops_in_lineno(in);
		double v[NCOLS] = { 0, 0, 0, 0 };
		char *p;
		int bad = 0;

		if (r == MOPS_IN_ERROR) {
			mops_warn("%s: read error: %s", file, mops_in_error(in));
			free(buf);
			free(names_at);
	free(chan);
			mops_in_close(in);
			return MOPS_EX_IOERR;
		}
		if (r == MOPS_IN_TOOLONG) {
			mops_reject_long(file, lineno, line, len, "line too long");
			mops_in_skip_rest(in, reject_sink, NULL);
			mops_reject_end();
			continue;
		}
		if (len == 0)
			continue;
		ps->nlines++;
		mops_progress(ps->nlines);
		buf = mops_xgrow(buf, &cap, len + 1, 1);
		memcpy(buf, line, len + 1);
		nf = split_fields(buf, f, 16);
		if (header) {
			header = 0;
			for (i = 0; i < nf && i < 16; i++)
				for (k = 0; k < NCOLS; k++)
					if (strcmp(trim(f[i]), names[k]) == 0)
						col[k] = i;
			if (col[COL_PATH] < 0 || col[COL_CONV] < 0) {
				mops_warn("%s:%ld: header needs path and total_conversions columns",
				    file, lineno);
				free(buf);
				free(names_at);
	free(chan);
					mops_in_close(in);
				return MOPS_EX_DATAERR;
			}
			ps->has_nulls |= col[COL_NULL] >= 0;
			ps->has_value |= col[COL_VALUE] >= 0;
			continue;
		}
		for (k = COL_CONV; k < NCOLS; k++) {
			if (col[k] < 0)
				continue;
			if (col[k] >= nf || parse_count(trim(f[col[k]]), &v[k]) < 0)
				break;
		}
		if (k < NCOLS || col[COL_PATH] >= nf) {
			mops_reject(file, lineno, line, len, "%s: not a non-negative number",
			    col[COL_PATH] >= nf ? "path" : names[k]);
			continue;
		}
		/* Channels: split at '>' and trim, so "a>b" and "a > b" are one path;
		 * interned only once the whole path is known to be good. */
		nchan = 0;
		p = trim(f[col[COL_PATH]]);
		for (;;) {
			char *gt = strchr(p, '>'), *name;

			if (gt)
				*gt = '\0';
			name = trim(p);
			if (!*name) {
				bad = 1;
				break;
			}
			names_at = mops_xgrow(names_at, &capnames, nchan + 1, sizeof(*names_at));
			names_at[nchan++] = name;
			if (!gt)
				break;
			p = gt + 1;
		}
		if (bad) {
			mops_reject(file, lineno, line, len, "path: empty channel name");
			continue;
		}
		chan = mops_xgrow(chan, &capchan, nchan, sizeof(*chan));
		for (k = 0; k < (int)nchan; k++)
			chan[k] = (int)mops_intern_add(&ps->channels, names_at[k],
			    strlen(names_at[k]));
		{
			struct path *pa = path_of(ps, chan, nchan);

			pa->conv += v[COL_CONV];
			pa->value += v[COL_VALUE];
			pa->nulls += v[COL_NULL];
			pa->wconv += floor(v[COL_CONV]);
			pa->wvalue += floor(v[COL_CONV]) > 0 ? v[COL_VALUE] : 0;
			pa->wnulls += floor(v[COL_NULL]);
		}
	}
	free(buf);
	free(names_at);
	free(chan);
	mops_in_close(in);
	return 0;
}

static const struct mops_intern *sort_names;

static int
cmp_names(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return strcmp(mops_intern_name(sort_names, x), mops_intern_name(sort_names, y));
}

/*
 * *sum += x with Neumaier's compensation in *c (the result is *sum + *c): a
 * million terms then add up to within an ulp or so of the exact sum, so the
 * order the paths come in no longer shows in 15 digits.
 */
static void
add_sum(double *sum, double *c, double x)
{
	double t = *sum + x;

	if (fabs(*sum) >= fabs(x))
		*c += (*sum - t) + x;
	else
		*c += (x - t) + *sum;
	*sum = t;
}

/* Sums of products: 15 significant digits hide the rounding noise
 * (1.7249999999999999 is 1.725).  Removal effects are printed in full. */
static void
out_sum(mops_out *out, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.15g", v);
	mops_out_real(out, strtod(buf, NULL));
}

static void
out_row(mops_out *out, enum mops_attr_model m, const char *channel, double conv,
    double value, int has_value)
{
	mops_out_puts(out, "{\"type\":\"rollup\",\"model\":\"");
	mops_out_puts(out, mops_attr_model_name(m));
	mops_out_puts(out, "\",\"channel\":");
	mops_out_json_string(out, channel, strlen(channel));
	mops_out_puts(out, ",\"conversions\":");
	out_sum(out, conv);
	if (has_value) {
		mops_out_puts(out, ",\"value\":");
		out_sum(out, value);
	}
}

/*
 * The touches of path pa after the transforms into t[0..n) and their channel
 * ranks into seq[0..n); returns n.  direct[] is Direct-or-not by rank.
 */
static size_t
path_touches(const struct paths *ps, const struct attr_opts *o, const struct path *pa,
    const unsigned char *direct, struct mops_attr_touch *t, size_t *keep, int *seq)
{
	size_t n = pa->n, j;

	for (j = 0; j < n; j++) {
		t[j].channel = ps->ids[pa->first + j];
		t[j].is_direct = direct[t[j].channel];
		t[j].age = 0;
		t[j].milestones = 0;
	}
	if (o->drop_direct || o->drop_repeats)
		n = attr_transform(o, t, keep, n);
	for (j = 0; j < n; j++)
		seq[j] = t[j].channel;
	return n;
}

struct pkey {
	uint64_t key;		/* hash of the path's channel ranks */
	uint32_t idx;
};

static const struct paths *sort_ps;

/* Two paths by their channel ranks: length, then rank by rank. */
static int
cmp_ranks(const void *a, const void *b)
{
	const struct path *x = &sort_ps->p[((const struct pkey *)a)->idx];
	const struct path *y = &sort_ps->p[((const struct pkey *)b)->idx];
	size_t i;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (i = 0; i < x->n; i++) {
		int cx = sort_ps->ids[x->first + i], cy = sort_ps->ids[y->first + i];

		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	return 0;
}

/*
 * An order of the paths that does not depend on the input's (sums are then
 * the same whatever the row order) without comparing their text: by a hash of
 * their channel ranks (an LSD radix sort, 16 bits a pass), equal hashes by the
 * ranks themselves.  Channel ids must be ranks by name already.
 */
static void
sort_paths(const struct paths *ps, uint32_t *porder)
{
	size_t n = ps->np, i, pass, a, b;
	struct pkey *k = mops_xcalloc(n + 1, sizeof(*k));
	struct pkey *tmp = mops_xcalloc(n + 1, sizeof(*tmp));
	size_t *cnt = mops_xcalloc(65536, sizeof(*cnt));

	for (i = 0; i < n; i++) {
		k[i].key = hash_ids(ps->ids + ps->p[i].first, ps->p[i].n);
		k[i].idx = (uint32_t)i;
	}
	for (pass = 0; pass < 4 && n > 1; pass++) {
		unsigned sh = (unsigned)pass * 16;
		size_t sum = 0, c;

		memset(cnt, 0, 65536 * sizeof(*cnt));
		for (i = 0; i < n; i++)
			cnt[(k[i].key >> sh) & 0xffff]++;
		for (i = 0; i < 65536; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[cnt[(k[i].key >> sh) & 0xffff]++] = k[i];
		memcpy(k, tmp, n * sizeof(*k));
	}
	sort_ps = ps;
	for (a = 0; a < n; a = b) {	/* a shared hash: by the ranks */
		for (b = a + 1; b < n && k[b].key == k[a].key; b++)
			;
		if (b - a > 1)
			qsort(k + a, b - a, sizeof(*k), cmp_ranks);
	}
	for (i = 0; i < n; i++)
		porder[i] = k[i].idx;
	free(k);
	free(tmp);
	free(cnt);
}

int
attr_paths(const struct attr_opts *o, char **files, int nfiles)
{
	struct paths ps;
	int st = 0, s, i, mi;
	size_t nc, np, k, j, maxn = 1;
	uint32_t *order, *porder;
	int *rank;
	double *conv, *value, *w, *re, *rev, *convc, *valuec;
	int *count, *seq;
	unsigned char *direct;
	struct mops_attr_touch *t;
	size_t *keep;
	mops_out *out = mops_stdout();
	unsigned long long nin, nout = 0;

	memset(&ps, 0, sizeof(ps));
	mops_intern_init(&ps.channels);
	if (nfiles == 0)
		st = read_file(&ps, NULL);
	for (i = 0; i < nfiles; i++)
		if ((s = read_file(&ps, strcmp(files[i], "-") ? files[i] : NULL)) && !st)
			st = s;
	if (st == MOPS_EX_DATAERR || st == MOPS_EX_IOERR)
		goto done;

	/* Channel ids renumbered by name and paths taken in an order of their
	 * own (sort_paths): the results cannot depend on the input order. */
	nc = ps.channels.n;
	np = ps.np;
	nin = ps.nlines;
	order = mops_xcalloc(nc + 1, sizeof(*order));
	rank = mops_xcalloc(nc + 1, sizeof(*rank));
	porder = mops_xcalloc(np + 1, sizeof(*porder));
	for (k = 0; k < nc; k++)
		order[k] = (uint32_t)k;
	sort_names = &ps.channels;
	qsort(order, nc, sizeof(*order), cmp_names);
	for (k = 0; k < nc; k++)
		rank[order[k]] = (int)k;
	for (k = 0; k < ps.nids; k++)
		ps.ids[k] = rank[ps.ids[k]];
	for (k = 0; k < np; k++) {
		porder[k] = (uint32_t)k;
		if (ps.p[k].n > maxn)
			maxn = ps.p[k].n;
	}
	free(ps.tab);	/* every path is read: no more look-ups */
	ps.tab = NULL;
	sort_paths(&ps, porder);
	/* then stored in that order, so that the model passes read them
	 * sequentially: the paths moved in place along the permutation's
	 * cycles (no second copy of them), their channel ids copied */
	{
		int *ids2 = mops_xcalloc(ps.nids + 1, sizeof(*ids2));
		size_t at = 0, c, next;

		for (k = 0; k < np; k++) {
			const struct path *pa = &ps.p[porder[k]];

			memcpy(ids2 + at, ps.ids + pa->first, pa->n * sizeof(*ids2));
			at += pa->n;
		}
		for (k = 0; k < np; k++) {	/* slot k takes path porder[k] */
			struct path keep_p;

			if (porder[k] == k || porder[k] == UINT32_MAX)
				continue;
			keep_p = ps.p[k];
			for (c = k;; c = next) {
				next = porder[c];
				porder[c] = UINT32_MAX;	/* done */
				if (next == k) {
					ps.p[c] = keep_p;
					break;
				}
				ps.p[c] = ps.p[next];
			}
		}
		for (k = at = 0; k < np; k++) {
			ps.p[k].first = at;
			at += ps.p[k].n;
			porder[k] = (uint32_t)k;
		}
		free(ps.ids);
		ps.ids = ids2;
	}
	conv = mops_xcalloc(nc + 1, sizeof(double));
	value = mops_xcalloc(nc + 1, sizeof(double));
	convc = mops_xcalloc(nc + 1, sizeof(double));
	valuec = mops_xcalloc(nc + 1, sizeof(double));
	re = mops_xcalloc(nc + 1, sizeof(double));
	rev = mops_xcalloc(nc + 1, sizeof(double));
	count = mops_xcalloc(nc + 1, sizeof(int));
	direct = mops_xcalloc(nc + 1, 1);
	w = mops_xcalloc(maxn, sizeof(double));
	keep = mops_xcalloc(maxn, sizeof(size_t));
	t = mops_xcalloc(maxn, sizeof(*t));
	seq = mops_xcalloc(maxn, sizeof(int));
	/* Direct or not, once per channel rather than once per touch and model */
	for (k = 0; k < nc; k++)
		direct[k] = (unsigned char)attr_is_direct(mops_intern_name(&ps.channels, order[k]));
	for (mi = 0; mi < o->nmodels; mi++) {
		enum mops_attr_model m = o->models[mi];

		nout += nc;
		for (k = 0; k < nc; k++)
			conv[k] = value[k] = re[k] = rev[k] = convc[k] = valuec[k] = 0;
		if (m == MOPS_ATTR_MARKOV) {
			mops_markov *mk = mops_markov_new((int)nc, o->order, o->graph);
			double tc = 0, tv = 0, sre = 0, srev = 0;

			for (k = 0; k < np; k++) {
				const struct path *pa = &ps.p[porder[k]];
				size_t n = path_touches(&ps, o, pa, direct, t, keep, seq);

				int whole = o->graph == MOPS_MARKOV_GRAPH_CA;
				double c = whole ? pa->wconv : pa->conv;
				double v = whole ? pa->wvalue : pa->value;

				mops_markov_add(mk, seq, n, c, v,
				    o->nulls ? whole ? pa->wnulls : pa->nulls : 0);
				tc += c;	/* the totals count the same conversions */
				tv += v;
			}
			mops_markov_removal(mk, re, rev);
			mops_markov_free(mk);
			for (k = 0; k < nc; k++) {
				sre += re[k];
				srev += rev[k];
			}
			for (k = 0; k < nc; k++) {
				conv[k] = sre > 0 ? re[k] / sre * tc : 0;
				value[k] = srev > 0 ? rev[k] / srev * tv : 0;
			}
		} else if (m == MOPS_ATTR_DATA_DRIVEN) {
			/* every path gives its conversion rate first, then the
			 * converting ones are credited */
			mops_fract *fr = mops_fract_new((int)nc, o->transform);

			for (k = 0; k < np; k++) {
				const struct path *pa = &ps.p[porder[k]];
				size_t n = path_touches(&ps, o, pa, direct, t, keep, seq);

				mops_fract_add(fr, seq, n, pa->conv, pa->nulls);
			}
			for (k = 0; k < np; k++) {
				const struct path *pa = &ps.p[porder[k]];
				size_t n;

				if (!(pa->conv > 0) && pa->value == 0)
					continue;
				n = path_touches(&ps, o, pa, direct, t, keep, seq);
				mops_fract_weights(fr, seq, n, w);
				for (j = 0; j < n; j++) {
					add_sum(&conv[seq[j]], &convc[seq[j]], w[j] * pa->conv);
					add_sum(&value[seq[j]], &valuec[seq[j]], w[j] * pa->value);
				}
			}
			mops_fract_free(fr);
		} else {
			for (k = 0; k < np; k++) {
				const struct path *pa = &ps.p[porder[k]];
				size_t n = path_touches(&ps, o, pa, direct, t, keep, seq);

				/* one day per step back from the conversion */
				for (j = 0; j < n; j++)
					t[j].age = (double)(n - 1 - j) * 86400.0;
				mops_attr_weights(m, &o->params, t, n, NULL, count, w);
				for (j = 0; j < n; j++) {
					add_sum(&conv[seq[j]], &convc[seq[j]], w[j] * pa->conv);
					add_sum(&value[seq[j]], &valuec[seq[j]], w[j] * pa->value);
				}
			}
		}
		for (k = 0; k < nc; k++) {
			out_row(out, m, mops_intern_name(&ps.channels, order[k]),
			    conv[k] + convc[k], value[k] + valuec[k], 1);
			if (m == MOPS_ATTR_MARKOV) {
				mops_out_printf(out, ",\"order\":%d", o->order);
				if (o->graph == MOPS_MARKOV_GRAPH_CA)
					mops_out_puts(out, ",\"graph\":\"channelattribution\"");
				mops_out_puts(out, ",\"removal_effect\":");
				mops_out_real(out, re[k]);
				mops_out_puts(out, ",\"removal_effect_value\":");
				mops_out_real(out, rev[k]);
			} else if (m == MOPS_ATTR_DATA_DRIVEN) {
				mops_out_puts(out, ",\"transform\":\"");
				mops_out_puts(out, mops_fract_transform_name(o->transform));
				mops_out_puts(out, "\"");
			}
			mops_out_puts(out, "}\n");
		}
	}
	free(seq);
	free(direct);
	free(conv);
	free(value);
	free(convc);
	free(valuec);
	free(re);
	free(rev);
	free(count);
	free(w);
	free(keep);
	free(t);
	free(order);
	free(rank);
	free(porder);
	mops_stats_end(nin, nout);
done:
	mops_intern_free(&ps.channels);
	free(ps.tab);
	free(ps.p);
	free(ps.ids);
	return st;
}
