/* Fuzz target: bytes split at the first newline into two names, through every
 * string metric, the phonetic keys, nicknames and company keys. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "company.h"
#include "nickname.h"
#include "strmetric.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *b, out[64];
	double j;
	size_t d;

	if (s == NULL || size > 4096) {
		free(s);
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';		/* an embedded NUL just ends the string early */
	b = strchr(s, '\n');
	if (b)
		*b++ = '\0';
	else
		b = s + strlen(s);
	j = mops_jaro(s, b) + mops_jaro_winkler(s, b) + mops_jaro_winkler_long(s, b);
	if (j < 0 || j > 3.0000001)
		abort();
	d = mops_levenshtein(s, b);
	if (mops_osa(s, b) > d || mops_damerau(s, b) > mops_osa(s, b))
		abort();
	if (mops_osa_within(s, b, 2) != (mops_osa(s, b) <= 2))
		abort();
	mops_soundex(s, out, sizeof(out));
	mops_metaphone(s, out, sizeof(out));
	mops_nysiis(s, out, sizeof(out));
	mops_str_fold(s, out, sizeof(out));
	mops_company_key(s, out, sizeof(out));
	mops_company_key(b, out, 3);
	(void)mops_nickname_match(s, b);
	free(s);
	return 0;
}
