#include <string.h>

#include "buf.h"
#include "config.h"
#include "strmetric.h"
#include "util.h"

json_t *
mops_config_load(const char *path)
{
	json_error_t e;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &e);

	if (!root) {
		if (e.line > 0)
			mops_warn("%s:%d: %s", path, e.line, e.text);
		else
			mops_warn("%s: %s", path, e.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		mops_warn("%s: expected a JSON object", path);
		json_decref(root);
		return NULL;
	}
	return root;
}

int
mops_config_keys(const json_t *obj, const char *path, const char *where,
    const char *const *allowed)
{
	const char *key, *best;
	json_t *v;
	size_t i, d, bestd;

	if (!json_is_object(obj)) {
		mops_warn("%s: %s: expected an object", path, where);
		return -1;
	}
	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; allowed[i] && strcmp(allowed[i], key); i++)
			;
		if (allowed[i])
			continue;
		best = NULL;
		bestd = (size_t)-1;
		for (i = 0; allowed[i]; i++)
			if ((d = mops_damerau(key, allowed[i])) < bestd) {
				bestd = d;
				best = allowed[i];
			}
		/* near: a slip of a third of the word, or two letters */
		if (best && bestd <= (strlen(best) / 3 > 2 ? strlen(best) / 3 : 2)) {
			mops_warn("%s: %s: unknown key '%s' (did you mean '%s'?)", path,
			    where, key, best);
		} else {
			struct mops_buf b = MOPS_BUF_INIT;

			for (i = 0; allowed[i]; i++)
				mops_buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
			mops_warn("%s: %s: unknown key '%s' (known: %s)", path, where, key,
			    b.len ? b.s : "none");
			mops_buf_free(&b);
		}
		return -1;
	}
	return 0;
}
