/* rank.c - AUC and PSI against hand-computed values. */
#include "rank.h"
#include "unit.h"

int
main(void)
{
	/* scikit-learn's roc_auc_score example: 3 of 4 positive-negative pairs
	 * ordered right */
	static const double s1[] = { 0.1, 0.4, 0.35, 0.8 };
	static const unsigned char y1[] = { 0, 0, 1, 1 };
	static const double s2[] = { 1, 1, 2, 0 };
	static const unsigned char y2[] = { 1, 0, 1, 0 };
	static const unsigned char none[] = { 0, 0, 0, 0 };
	static const double e[] = { 50, 50, 0 }, a[] = { 40, 60, 0 };
	static const double e2[] = { 10, 0 }, a2[] = { 0, 10 };

	CHECK_NEAR(mops_auc(s1, y1, 4), 0.75, 1e-12, "sklearn example");
	/* pairs: (1,1) tie 0.5, (1,0) 1, (2,1) 1, (2,0) 1 -> 3.5 / 4 */
	CHECK_NEAR(mops_auc(s2, y2, 4), 0.875, 1e-12, "ties count a half");
	CHECK_NEAR(mops_auc(s1, none, 4), -1, 0, "no positives");
	CHECK_NEAR(mops_auc(s1, y1, 0), -1, 0, "empty");
	/* (0.4 - 0.5) ln 0.8 + (0.6 - 0.5) ln 1.2 */
	CHECK_NEAR(mops_psi(e, a, 3), 0.0405465108108164, 1e-12, "psi two bins");
	/* empty bins count as 0.0001: 2 x (1 - 0.0001) ln(10000) */
	CHECK_NEAR(mops_psi(e2, a2, 2), 2 * 0.9999 * 9.210340371976184, 1e-9,
	    "psi empty bins");
	CHECK_NEAR(mops_psi(e, e, 3), 0, 1e-15, "psi same");
	return unit_done();
}
