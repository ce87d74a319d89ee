/*
 * attr_weights.h - the weights of the attribution models for one path of touches,
 * and the exact split of an amount in cents by those weights.
 *
 * Pure functions on caller-owned arrays: no allocation, no global state, safe from
 * any thread.  The models are defined in mops-attribute(1); in short, for a path
 * of n touches t[0..n) in time order:
 *   first, last, last_non_direct (GA4: the last touch whose channel is not Direct,
 *   or the last touch when all are Direct), linear (1/n each), position (U-shaped:
 *   first/middle/last, 40/20/40), j_shaped (20/20/60), inverse_j (60/20/20),
 *   w_shaped (first, lead creation, opportunity creation 30/30/30 and 10 spread
 *   over the other touches), z_shaped (full path: the same plus the close,
 *   22.5 x 4 and 10), time_decay (2^(-age/half_life), normalised), participation
 *   (weight 1 on the first touch of each distinct channel), shapley (simplified,
 *   count-based: 1/|S| per distinct channel of the path, split equally over that
 *   channel's touches) and markov (the channel shares given by the caller,
 *   renormalised over the path's channels, split equally over their touches)
 *   and data_driven (Fractribution: its weights need every path, so callers
 *   take them from mops_fract_weights() of attr_fract.h; here, the weights of a
 *   path no other path informs, 1/n each).
 * Milestone models (position, j, inverse j, w, z): milestone weights fall on the
 * milestone touches (adding up when milestones coincide in one touch); the rest
 * weight is spread equally over the touches that are no milestone.  When every
 * touch is a milestone, the rest weight is either split equally over the distinct
 * milestone touches (MOPS_ATTR_SPLIT, the default) or the milestone weights are
 * scaled to sum to 1 (MOPS_ATTR_RENORMALISE).
 */
#ifndef MOPS_ATTR_WEIGHTS_H
#define MOPS_ATTR_WEIGHTS_H

#include <stddef.h>

enum mops_attr_model {
	MOPS_ATTR_FIRST, MOPS_ATTR_LAST, MOPS_ATTR_LAST_NON_DIRECT, MOPS_ATTR_LINEAR,
	MOPS_ATTR_POSITION, MOPS_ATTR_W_SHAPED, MOPS_ATTR_Z_SHAPED,
	MOPS_ATTR_TIME_DECAY, MOPS_ATTR_J_SHAPED, MOPS_ATTR_INVERSE_J,
	MOPS_ATTR_PARTICIPATION, MOPS_ATTR_MARKOV, MOPS_ATTR_SHAPLEY,
	MOPS_ATTR_DATA_DRIVEN, MOPS_ATTR_NMODELS
};

/* The canonical name ("w_shaped") of a model; static string. */
const char *mops_attr_model_name(enum mops_attr_model m);
/* A model by name or alias (u_shaped = position, full_path = z_shaped,
 * fractribution = data_driven, "-" may replace "_"); -1 if unknown. */
int mops_attr_model_parse(const char *name, size_t len);

enum mops_attr_short { MOPS_ATTR_SPLIT, MOPS_ATTR_RENORMALISE };

/* Model parameters; mops_attr_params_default() fills the documented defaults.
 * Each weight vector sums to 1. */
struct mops_attr_params {
	double position[3];	/* first, middle, last: .4 .2 .4 */
	double j[3];		/* first, middle, last: .2 .2 .6 */
	double inverse_j[3];	/* .6 .2 .2 */
	double w[4];		/* first, lead, opportunity, rest: .3 .3 .3 .1 */
	double z[5];		/* first, lead, opportunity, close, rest: .225 x4 .1 */
	double half_life;	/* time decay, seconds: 7 days */
	enum mops_attr_short short_paths;
};
void mops_attr_params_default(struct mops_attr_params *p);

/* Milestone bits of a touch (several may be set on one touch). */
enum {
	MOPS_ATTR_M_LEAD = 1,	/* the lead-creation touch */
	MOPS_ATTR_M_OPP = 2,	/* the opportunity-creation touch */
	MOPS_ATTR_M_CLOSE = 4	/* the last touch before the close */
};

struct mops_attr_touch {
	int channel;		/* dense id 0..nchannels-1 */
	int is_direct;		/* channel is "Direct" */
	double age;		/* seconds before the reference point, >= 0 */
	unsigned milestones;	/* MOPS_ATTR_M_* bits; first touch is implied */
};

/*
 * Fills w[0..n) with the weights of model m for the path t[0..n), n >= 1.
 * share[] (indexed by channel id) is read for MOPS_ATTR_MARKOV only (may be
 * NULL otherwise).  count[] is scratch of nchannels ints, all 0 on entry and on
 * return (used by participation, shapley and markov; may be NULL for others).
 * The weights sum to 1, except participation (1 per distinct channel).
 */
void mops_attr_weights(enum mops_attr_model m, const struct mops_attr_params *p,
    const struct mops_attr_touch *t, size_t n, const double *share, int *count,
    double *w);

/*
 * Splits total (cents, any sign) by the weights w[0..n) (summing to 1) into
 * out[0..n), largest remainder: each gets floor(w*|total|), the cents left go one
 * each to the largest remainders, earlier index first on ties.  sum(out) == total
 * whenever the weights sum to 1 (and always, since the leftover is computed).
 * Weights summing under 1 leave more cents than touches: they go round the
 * touches with a positive weight, a cent each per round, in time linear in n.
 */
void mops_attr_split_cents(long long total, const double *w, size_t n,
    long long *out);

/* Exact decimal text ("1234.5", "-0.07", "12") to cents, rounding half away
 * from zero past two decimals; exponents allowed.  Returns 0, or -1 if the text
 * is not a number or out of range (|amount| >= 9e15). */
int mops_attr_parse_cents(const char *s, long long *cents);
/* cents as a JSON number: "12", "12.5", "-0.07".  buf >= 32 bytes; returns length. */
size_t mops_attr_fmt_cents(long long cents, char *buf);

#endif
