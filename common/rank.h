/*
 * rank.h - how well a score ranks a binary outcome: ROC AUC, and the population
 * stability index between two score distributions.  Used by mops-score (the
 * training AUC of a model) and mops-report (the scoring report).
 *
 * Pure functions on caller-owned arrays; nothing is kept.
 */
#ifndef MOPS_RANK_H
#define MOPS_RANK_H

#include <stddef.h>

/*
 * The area under the ROC curve of score[0..n) against y[0..n) (nonzero:
 * positive): the probability that a random positive outscores a random
 * negative, ties counting one half (the Mann-Whitney statistic).  Returns -1
 * when there are no positives or no negatives.  O(n log n); score is not
 * changed.
 */
double mops_auc(const double *score, const unsigned char *y, size_t n);

/*
 * Population stability index of two histograms over the same nbins bins:
 * sum over bins of (a - e) x ln(a / e), with e and a the bins' shares of their
 * totals; an empty bin counts as 0.0001 of its total so the sum stays finite.
 * Returns 0 when either histogram is empty.
 */
double mops_psi(const double *expected, const double *actual, size_t nbins);

#endif
