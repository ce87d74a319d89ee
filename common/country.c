/* country.c - see country.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "utf8.h"

#include "country_data.inc"
#include "region_data.inc"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define KEYMAX 256

/* Tables are sorted by key in byte order (the generator sorts UTF-8 bytes). */
static int
keycmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

const char *
mops_country_code(const char *s)
{
	char key[KEYMAX];
	size_t lo = 0, hi = NELEM(country_keys);

	if (!s || mops_utf8_fold_key(s, key, sizeof key) == (size_t)-1 || !key[0])
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(key, country_keys[mid].key);
		if (c == 0)
			return country_keys[mid].a2;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
upper2(const char *a, char out[3])
{
	if (!a || !a[0] || !a[1] || a[2])
		return -1;
	for (int i = 0; i < 2; i++) {
		char c = a[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c < 'A' || c > 'Z')
			return -1;
		out[i] = c;
	}
	out[2] = '\0';
	return 0;
}

const char *
mops_country_name(const char *alpha2)
{
	char a2[3];
	size_t lo = 0, hi = NELEM(country_names);

	if (upper2(alpha2, a2) < 0)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a2, country_names[mid].a2);
		if (c == 0)
			return country_names[mid].name;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *
region_find(const char *key)
{
	size_t lo = 0, hi = NELEM(region_keys);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = keycmp(key, region_keys[mid].key);
		if (c == 0)
			return region_keys[mid].code;
		if (c > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Folded generic words people append to a subdivision name. */
static const char *const region_words[] = {"province", "prefecture", "state",
    "region", "county", "municipality", "territory", "sheng", "shi", "ken", "fu"};

/* "US-CA", "us ca", "US_CA": the two letters and the separator, or NULL. */
static const char *
full_code_suffix(const char *s, char cc[3])
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (upper2((const char[]){s[0], s[0] ? s[1] : '\0', '\0'}, cc) < 0)
		return NULL;
	if (s[2] != '-' && s[2] != ' ' && s[2] != '_')
		return NULL;
	for (const char *p = s + 3; *p && *p != ' '; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9')))
			return NULL;
	return s + 3;
}

const char *
mops_region_code(const char *alpha2, const char *s)
{
	char cc[3], scc[3], key[KEYMAX];
	const char *suf, *r;
	size_t n;

	if (upper2(alpha2, cc) < 0 || !s)
		return NULL;
	key[0] = (char)(cc[0] + 32);
	key[1] = (char)(cc[1] + 32);
	key[2] = '|';
	n = mops_utf8_fold_key(s, key + 3, sizeof key - 3);
	if (n == (size_t)-1 || n == 0)
		return NULL;
	if ((r = region_find(key)) != NULL)
		return r;
	/* "Guangdong Province", "Osaka Prefecture", "Texas State": try without */
	for (size_t i = 0; i < NELEM(region_words); i++) {
		size_t w = strlen(region_words[i]);
		if (n > w && strcmp(key + 3 + n - w, region_words[i]) == 0) {
			char k2[KEYMAX];
			memcpy(k2, key, 3 + n - w);
			k2[3 + n - w] = '\0';
			if ((r = region_find(k2)) != NULL)
				return r;
		}
	}
	/* "County Durham", "Co. Dublin", "State of Texas": try without */
	{
		static const char *const pre[] = {"county", "co", "stateof", "provinceof"};
		for (size_t i = 0; i < NELEM(pre); i++) {
			size_t w = strlen(pre[i]);
			if (n > w + 2 && strncmp(key + 3, pre[i], w) == 0) {
				char k2[KEYMAX];
				memcpy(k2, key, 3);
				memcpy(k2 + 3, key + 3 + w, n - w + 1);
				if ((r = region_find(k2)) != NULL)
					return r;
			}
		}
	}
	/* a full code: only for this country */
	if ((suf = full_code_suffix(s, scc)) != NULL && suf[0]) {
		if (strcmp(scc, cc) != 0)
			return NULL;
		n = mops_utf8_fold_key(suf, key + 3, sizeof key - 3);
		if (n == (size_t)-1 || n == 0)
			return NULL;
		return region_find(key);
	}
	return NULL;
}
