/* Fuzz target: bytes as a phone number (with and without a country) and an email. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "email.h"
#include "phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *out = malloc(size + 20), *key = malloc(size + 20);
	char ext[16];

	if (s == NULL || out == NULL || key == NULL) {
		free(s);
		free(out);
		free(key);
		return 0;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	mops_phone_e164(s, NULL, out, 20, ext, sizeof ext);
	mops_phone_e164(s, "US", out, 20, ext, sizeof ext);
	mops_phone_e164(s, "GB", out, 20, ext, 3);
	mops_phone_e164(s, "MX", out, 20, NULL, 0);
	mops_email_normalize(s, out, size + 1);
	mops_email_is_role(out);
	mops_email_is_free(mops_email_domain(out));
	mops_email_canonical(out, key, size + 1);
	free(key);
	free(out);
	free(s);
	return 0;
}
