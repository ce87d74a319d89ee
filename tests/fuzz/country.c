/* Fuzz target: bytes as a country, a region of US/GB/DE and a region of that country. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "name.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), key[64];
	const char *cc;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	cc = mops_country_code(s);
	mops_country_name(cc ? cc : s);
	mops_region_code("US", s);
	mops_region_code("GB", s);
	mops_region_code(cc ? cc : "DE", s);
	mops_utf8_fold_key(s, key, sizeof key);
	mops_utf8_valid(s, strlen(s));
	free(mops_name_clean(s));
	free(mops_company_clean(s));
	free(mops_utf8_upper(s));
	free(s);
	return 0;
}
