/* Fuzz target: one NDJSON line through the record parser and back out. */
#include <stdint.h>
#include <stdlib.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mops_json_err e;
	mops_json *v = mops_json_parse((const char *)data, size, &e);

	if (v) {
		char *s = mops_json_dumps(v);
		mops_json *again = mops_json_parse(s, __builtin_strlen(s), &e);

		if (!again)
			abort();	/* our own output must parse */
		mops_json_free(again);
		free(s);
		mops_json_free(v);
	}
	return 0;
}
