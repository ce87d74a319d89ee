/*
 * model.c - the learned model: features, ridge logistic regression, calibration.
 */
#include <stdlib.h>

#include "exit.h"
#include "score.h"
#include "util.h"

struct sc_model {
	int unused;
};

int
model_fit(const struct sc_fit_opts *o, const struct sc_person *p, size_t n,
    const struct mops_intern *tags, const char *path)
{
	(void)o; (void)p; (void)n; (void)tags;
	mops_warn("%s: --fit: not built yet", path);
	return MOPS_EX_SOFTWARE;
}

int
model_load(struct sc_model **m, const char *path)
{
	*m = NULL;
	mops_warn("%s: --model: not built yet", path);
	return MOPS_EX_CONFIG;
}

void
model_free(struct sc_model *m)
{
	free(m);
}

void
model_touch_tags(const char *type, const char *url,
    void (*add)(void *ctx, const char *name, size_t len), void *ctx)
{
	(void)type; (void)url; (void)add; (void)ctx;
}

void
model_score(const struct sc_model *m, mops_json *person, const mops_json *account,
    const struct sc_event *ev, size_t n, const struct mops_intern *tags,
    int has_threshold, double threshold)
{
	(void)m; (void)person; (void)account; (void)ev; (void)n; (void)tags;
	(void)has_threshold; (void)threshold;
}
