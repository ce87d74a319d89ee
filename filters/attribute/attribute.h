/*
 * attribute.h - mops-attribute's options and its two modes: journeys built from
 * touch and opportunity records (journey.c), and aggregated channel paths in
 * ChannelAttribution's format (paths.c).
 */
#ifndef ATTR_ATTRIBUTE_H
#define ATTR_ATTRIBUTE_H

#include <stddef.h>

#include "attr_fract.h"
#include "attr_markov.h"
#include "attr_weights.h"

enum attr_by { BY_NONE, BY_CHANNEL, BY_CAMPAIGN };
enum { JOIN_PERSON = 1, JOIN_ACCOUNT = 2, JOIN_BOTH = 3 };

struct attr_opts {
	enum mops_attr_model models[MOPS_ATTR_NMODELS];
	int nmodels;
	struct mops_attr_params params;
	enum attr_by by;
	int join;			/* JOIN_* */
	double lookback;		/* seconds; < 0: no limit */
	int until_close;
	int drop_repeats, drop_direct;
	int order;			/* Markov order >= 1 */
	int nulls;			/* Markov: use null paths */
	enum mops_markov_graph graph;	/* Markov: how paths become states */
	enum mops_fract_transform transform;	/* data_driven's path transform */
	const char *touches_file;	/* --touches, or NULL */
};

/* Each returns the exit status (0, 65, 66, 74). */
int attr_journeys(const struct attr_opts *o, char **files, int nfiles);
int attr_paths(const struct attr_opts *o, char **files, int nfiles);

/* The path transforms (--drop-direct, then --drop-repeats) on t[0..n): keeps
 * touches in place, their original indexes in keep[]; returns the new n (>= 1
 * when n >= 1: a path of Direct touches only keeps them). */
size_t attr_transform(const struct attr_opts *o, struct mops_attr_touch *t,
    size_t *keep, size_t n);

/* 1 if the channel name is Direct (any case). */
int attr_is_direct(const char *name);

#endif
