/*
 * attr_markov.h - Markov-chain attribution: removal effects of channels, solved
 * exactly on the absorbing chain (no simulation).
 *
 * States: start, one transient state per tuple of the last k channels (order k;
 * a path's first states hold fewer than k channels: a > b > c at order 2 visits
 * (a), (a,b), (b,c)), and the absorbing conversion and null.  Consecutive repeats
 * of a channel collapse into one visit first (as ChannelAttribution does).  A
 * path's transitions weigh its conversions plus its nulls; its last state leads
 * to conversion (weight: conversions) and to null (weight: nulls).  The caller
 * leaves nulls at 0 for the chain "without null paths".
 *
 * P(conversion) from start solves x = Qx + r over the transient states by
 * Gauss-Seidel sweeps until no value moves by more than 1e-15 (monotone from 0;
 * the documented tolerance of the result is 1e-12).  Removing channel c turns
 * every state whose tuple includes c into null; removal effect
 * RE(c) = 1 - P(conversion without c) / P(conversion).  The value chain is the
 * same with each conversion exit weighted by the mean value of the conversions
 * leaving that state, giving RE_value(c).
 *
 * The model owns its memory; mops_markov_free() releases it.  Not thread-safe
 * per object; separate objects are independent.
 */
#ifndef MOPS_ATTR_MARKOV_H
#define MOPS_ATTR_MARKOV_H

#include <stddef.h>

typedef struct mops_markov mops_markov;

/*
 * How a path becomes states.  MOPS_MARKOV_GRAPH_MOPS: as above (repeats
 * collapse first, a path's first states grow to k channels).
 * MOPS_MARKOV_GRAPH_CA: ChannelAttribution's: the states are the sliding
 * k-tuples of the raw path (a > a > b at order 2 is (a,a), (a,b)); a path
 * shorter than k is one state; consecutive equal states are one visit; and
 * conversions and nulls count as whole numbers (truncated, as that package
 * reads them), a conversion value counting only with a whole conversion.
 * At order 1 the two graphs are the same chain.
 */
enum mops_markov_graph { MOPS_MARKOV_GRAPH_MOPS, MOPS_MARKOV_GRAPH_CA };

/* nchannels: channel ids are 0..nchannels-1; order >= 1 (at most 16). */
mops_markov *mops_markov_new(int nchannels, int order, enum mops_markov_graph graph);
void mops_markov_free(mops_markov *m);

/* Adds a path of n >= 1 channel ids with its conversions, their total value
 * and its null count (all >= 0; a path with conv + nulls == 0 is ignored). */
void mops_markov_add(mops_markov *m, const int *path, size_t n, double conv,
    double value, double nulls);

/* Transient states so far, start included. */
size_t mops_markov_nstates(const mops_markov *m);

/*
 * Solves the chain: fills re[0..nchannels) and, when re_value is not NULL,
 * re_value[0..nchannels); returns P(conversion) from start (0 when nothing
 * converts, and then every removal effect is 0).  A channel never seen has 0.
 */
double mops_markov_removal(mops_markov *m, double *re, double *re_value);

#endif
