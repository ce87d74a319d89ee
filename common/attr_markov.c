/*
 * attr_markov.c - exact removal effects on the absorbing Markov chain.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr_markov.h"
#include "util.h"

#define MAX_ORDER 16
#define TO_CONV (-1)
#define TO_NULL (-2)

struct edge {
	int to;			/* state index, TO_CONV or TO_NULL */
	double w;
};

struct state {
	int len;		/* channels in the tuple (0: start) */
	int first;		/* offset of the tuple in m->tuples */
	struct edge *edges;
	size_t nedges, cap;
	double out;		/* total outgoing weight */
	double conv_w, value;	/* weight to conversion, value of those conversions */
};

struct mops_markov {
	int nchannels, order;
	enum mops_markov_graph graph;
	struct state *st;
	size_t nst, capst;
	int *tuples;
	size_t ntuples, captuples;
	int *table;		/* open addressing: state index + 1, 0 empty */
	size_t tabsize;
};

static uint64_t
hash_tuple(const int *t, int len)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)len;
	int i;

	for (i = 0; i < len; i++) {
		h ^= (uint64_t)(unsigned)t[i];
		h *= 1099511628211ULL;
		h ^= h >> 29;
	}
	return h;
}

static void
rehash(mops_markov *m)
{
	size_t i, j, size = m->tabsize ? m->tabsize * 2 : 1024;
	int *tab = mops_xcalloc(size, sizeof(*tab));

	for (i = 0; i < m->nst; i++) {
		struct state *s = &m->st[i];

		j = hash_tuple(m->tuples + s->first, s->len) & (size - 1);
		while (tab[j])
			j = (j + 1) & (size - 1);
		tab[j] = (int)i + 1;
	}
	free(m->table);
	m->table = tab;
	m->tabsize = size;
}

/* The state of tuple t[0..len), created when new. */
static int
state_of(mops_markov *m, const int *t, int len)
{
	size_t j;
	struct state *s;

	if ((m->nst + 1) * 2 > m->tabsize)
		rehash(m);
	j = hash_tuple(t, len) & (m->tabsize - 1);
	while (m->table[j]) {
		s = &m->st[m->table[j] - 1];
		if (s->len == len && (len == 0 || memcmp(m->tuples + s->first, t,
		    (size_t)len * sizeof(*t)) == 0))
			return m->table[j] - 1;
		j = (j + 1) & (m->tabsize - 1);
	}
	m->st = mops_xgrow(m->st, &m->capst, m->nst + 1, sizeof(*m->st));
	m->tuples = mops_xgrow(m->tuples, &m->captuples, m->ntuples + (size_t)len + 1,
	    sizeof(*m->tuples));
	s = &m->st[m->nst];
	memset(s, 0, sizeof(*s));
	s->len = len;
	s->first = (int)m->ntuples;
	if (len)
		memcpy(m->tuples + m->ntuples, t, (size_t)len * sizeof(*t));
	m->ntuples += (size_t)len;
	m->table[j] = (int)m->nst + 1;
	return (int)m->nst++;
}

static void
add_edge(struct state *s, int to, double w)
{
	size_t i;

	s->out += w;
	for (i = 0; i < s->nedges; i++)
		if (s->edges[i].to == to) {
			s->edges[i].w += w;
			return;
		}
	s->edges = mops_xgrow(s->edges, &s->cap, s->nedges + 1, sizeof(*s->edges));
	s->edges[s->nedges].to = to;
	s->edges[s->nedges].w = w;
	s->nedges++;
}

mops_markov *
mops_markov_new(int nchannels, int order, enum mops_markov_graph graph)
{
	mops_markov *m = mops_xcalloc(1, sizeof(*m));

	m->graph = graph;
	m->nchannels = nchannels;
	m->order = order < 1 ? 1 : order > MAX_ORDER ? MAX_ORDER : order;
	state_of(m, NULL, 0);	/* start is state 0 */
	return m;
}

void
mops_markov_free(mops_markov *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nst; i++)
		free(m->st[i].edges);
	free(m->st);
	free(m->tuples);
	free(m->table);
	free(m);
}

size_t
mops_markov_nstates(const mops_markov *m)
{
	return m->nst;
}

/* The path's last state leads to conversion and to null. */
static void
add_exits(mops_markov *m, int cur, double conv, double value, double nulls)
{
	if (conv > 0) {
		add_edge(&m->st[cur], TO_CONV, conv);
		m->st[cur].conv_w += conv;
		m->st[cur].value += value;
	}
	if (nulls > 0)
		add_edge(&m->st[cur], TO_NULL, nulls);
}

/* ChannelAttribution's graph: sliding k-tuples of the raw path. */
static void
add_ca(mops_markov *m, const int *path, size_t n, double conv, double value,
    double nulls)
{
	size_t k = (size_t)m->order, i, last;
	int cur = 0, next;
	double w;

	conv = floor(conv);
	nulls = floor(nulls);
	if (!(conv > 0))
		value = 0;
	w = conv + nulls;
	if (!(w > 0))
		return;
	if (n <= k) {	/* a short path is one state */
		next = state_of(m, path, (int)n);
		add_edge(&m->st[cur], next, w);
		add_exits(m, next, conv, value, nulls);
		return;
	}
	last = n - k;
	for (i = 0; i <= last; i++) {
		next = state_of(m, path + i, (int)k);
		if (next == cur)	/* the same state again: one visit */
			continue;
		add_edge(&m->st[cur], next, w);
		cur = next;
	}
	add_exits(m, cur, conv, value, nulls);
}

void
mops_markov_add(mops_markov *m, const int *path, size_t n, double conv,
    double value, double nulls)
{
	int win[MAX_ORDER];
	int len = 0, cur = 0, next, last = -1;
	double w = conv + nulls;
	size_t i;

	if (n == 0)
		return;
	if (m->graph == MOPS_MARKOV_GRAPH_CA) {
		add_ca(m, path, n, conv, value, nulls);
		return;
	}
	if (!(w > 0))
		return;
	for (i = 0; i < n; i++) {
		if (path[i] == last)	/* consecutive repeats are one visit */
			continue;
		last = path[i];
		if (len == m->order) {
			memmove(win, win + 1, (size_t)(len - 1) * sizeof(*win));
			len--;
		}
		win[len++] = path[i];
		next = state_of(m, win, len);
		add_edge(&m->st[cur], next, w);
		cur = next;
	}
	add_exits(m, cur, conv, value, nulls);
}

/*
 * Gauss-Seidel on x = Qx + r (and y = Qy + rv) with removed states pinned at 0.
 * Starting from 0 every sweep increases x monotonically towards the solution.
 */
static void
solve(const mops_markov *m, const unsigned char *removed, double *x, double *y)
{
	size_t i, e, sweep;

	for (i = 0; i < m->nst; i++)
		x[i] = y[i] = 0;
	for (sweep = 0; sweep < 1000000; sweep++) {
		double delta = 0;

		for (i = 0; i < m->nst; i++) {
			const struct state *s = &m->st[i];
			double sx = 0, sy = 0, d;

			if (removed[i] || s->out <= 0)
				continue;
			for (e = 0; e < s->nedges; e++) {
				int to = s->edges[e].to;

				if (to >= 0) {
					sx += s->edges[e].w * x[to];
					sy += s->edges[e].w * y[to];
				}
			}
			sx = (sx + s->conv_w) / s->out;
			sy = (sy + s->value) / s->out;
			d = fabs(sx - x[i]) + fabs(sy - y[i]) / (fabs(sy) > 1 ? fabs(sy) : 1);
			if (d > delta)
				delta = d;
			x[i] = sx;
			y[i] = sy;
		}
		if (delta <= 1e-15)
			break;
	}
}

double
mops_markov_removal(mops_markov *m, double *re, double *re_value)
{
	double *x = mops_xcalloc(m->nst, sizeof(double));
	double *y = mops_xcalloc(m->nst, sizeof(double));
	unsigned char *removed = mops_xcalloc(m->nst, 1);
	unsigned char *seen = mops_xcalloc((size_t)m->nchannels + 1, 1);
	double p, v;
	size_t i;
	int c, j;

	solve(m, removed, x, y);
	p = x[0];
	v = y[0];
	for (i = 1; i < m->nst; i++)
		for (j = 0; j < m->st[i].len; j++)
			seen[m->tuples[m->st[i].first + j]] = 1;
	for (c = 0; c < m->nchannels; c++) {
		re[c] = 0;
		if (re_value)
			re_value[c] = 0;
		if (!seen[c] || !(p > 0))
			continue;
		for (i = 0; i < m->nst; i++) {
			removed[i] = 0;
			for (j = 0; j < m->st[i].len; j++)
				if (m->tuples[m->st[i].first + j] == c)
					removed[i] = 1;
		}
		solve(m, removed, x, y);
		re[c] = 1 - x[0] / p;
		if (re_value)
			re_value[c] = v > 0 ? 1 - y[0] / v : 0;
	}
	free(x);
	free(y);
	free(removed);
	free(seen);
	return p;
}
