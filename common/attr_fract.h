/*
 * attr_fract.h - data-driven attribution as Google's Fractribution defines it:
 * converting and non-converting paths give each distinct (transformed) path a
 * conversion rate, and each step of a converting path is credited with the drop
 * in that rate when the step is removed.
 *
 * A path of channel ids is first transformed into steps:
 *   unique     every touch is a step (the path as is);
 *   exposure   a run of consecutive touches of one channel is one step;
 *   first      each channel once, at its first occurrence;
 *   frequency  each channel once, at its first occurrence, tagged with its count
 *              (a > b > a is a(2) > b(1)).
 * p(path) = conversions / (conversions + non-conversions), summed over every
 * path with the same steps; a path never seen has p = 0.  Step i's marginal
 * contribution is max(0, p(path) - p(path without step i)), the counterfactual
 * taken as it is (not transformed again); the contributions are normalised to
 * sum to 1; when all are 0 the last step gets 1, and a one-step path gets 1.
 *
 * The model owns its memory (mops_fract_free() releases it) and keeps scratch
 * space, so one object is not safe from two threads at once; separate objects
 * are independent.
 */
#ifndef MOPS_ATTR_FRACT_H
#define MOPS_ATTR_FRACT_H

#include <stddef.h>

enum mops_fract_transform {
	MOPS_FRACT_UNIQUE, MOPS_FRACT_EXPOSURE, MOPS_FRACT_FIRST, MOPS_FRACT_FREQUENCY
};

/* "unique", "exposure", "first", "frequency" -> the transform; -1 if unknown. */
int mops_fract_transform_parse(const char *name);
/* The name of a transform; static string. */
const char *mops_fract_transform_name(enum mops_fract_transform tr);

typedef struct mops_fract mops_fract;

/* nchannels: channel ids are 0..nchannels-1. */
mops_fract *mops_fract_new(int nchannels, enum mops_fract_transform tr);
void mops_fract_free(mops_fract *f);

/* Adds a path of n >= 1 channel ids (before the transform) with its
 * conversions and non-conversions (both >= 0). */
void mops_fract_add(mops_fract *f, const int *path, size_t n, double conv,
    double nonconv);

/* Distinct transformed paths so far. */
size_t mops_fract_npaths(const mops_fract *f);

/*
 * Fills w[0..n) with the weights of the path's touches (call after every
 * mops_fract_add()): a step's weight is split equally over the touches it
 * stands for (unique: the touch; exposure: the run; first: the first
 * occurrence, later ones get 0; frequency: every touch of the channel).  The
 * weights sum to 1 when n >= 1.  Returns p(path).
 */
double mops_fract_weights(mops_fract *f, const int *path, size_t n, double *w);

#endif
