/* Fuzz target: bytes through mops-extract's export-file parsers (CSV, TSV,
 * NDJSON, JSON arrays), the first byte choosing the format.  files.c is
 * compiled in; the emitter is replaced by one that drops the records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>

#include "../../filters/extract/files.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

void
ex_emit(struct ex_run *run, const char *stream, const char *key, mops_json *rec)
{
	(void)run;
	(void)stream;
	(void)key;
	mops_json_free(rec);
}

noreturn void
ex_fail(int status, const char *fmt, ...)
{
	(void)fmt;
	exit(status);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fmts[] = { "csv", "tsv", "ndjson", "json" };
	struct ex_run run;
	struct src s;

	if (size < 1)
		return 0;
	memset(&run, 0, sizeof(run));
	run.max_bytes = 1 << 20;
	run.max_ratio = 200;
	run.format = fmts[data[0] % 4];
	memset(&s, 0, sizeof(s));
	s.pre = (const char *)data + 1;
	s.npre = size - 1;
	s.run = &run;
	s.file = s.name = "fuzz";
	s.limit = run.max_bytes;
	member(&run, &s);
	free(s.buf);
	return 0;
}
