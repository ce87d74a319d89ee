/* Fuzz target: bytes as a landing-page URL and as a referrer, through url and channel. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[64];
	struct mops_url u;
	struct mops_utm m;
	struct mops_channel_in in;
	const char *rule;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';		/* an embedded NUL just ends the string early */
	if (mops_url_parse(s, &u) == 0)
		free(mops_url_param(&u, "utm_source"));
	mops_url_free(&u);
	free(mops_url_domain(s));
	free(mops_url_host(s));
	mops_utm_from_url(s, &m);
	mops_channel_in_from_utm(&in, &m, s, "https://www.acme.com/");
	mops_channel(&in, &rule);
	mops_referrer_source(s, buf, sizeof buf, NULL, NULL);
	mops_source_category(s);
	mops_utm_free(&m);
	free(s);
	return 0;
}
