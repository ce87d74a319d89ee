/* utf8.c - see utf8.h. */
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#include "utf8_data.inc"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define BADBYTE MOPS_UTF8_BAD

int
mops_utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		i += mops_utf8_decode(s + i, len - i, &cp);
		if (cp & BADBYTE)
			return 0;
	}
	return 1;
}

size_t
mops_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; c &= 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; c &= 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; c &= 0x07; min = 0x10000;
	} else
		goto bad;
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = BADBYTE | p[0];
	return 1;
}

size_t
mops_utf8_encode(uint32_t cp, char buf[4])
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | (cp >> 6));
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | (cp >> 12));
		buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (cp >> 18));
	buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static const struct case_ent *
case_find(const struct case_ent *tab, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tab[mid].from == cp)
			return &tab[mid];
		if (tab[mid].from < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint32_t
mops_utf8_cp_lower(uint32_t cp)
{
	const struct case_ent *e;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	e = case_find(to_lower_tab, NELEM(to_lower_tab), cp);
	return e ? e->to : cp;
}

uint32_t
mops_utf8_cp_upper(uint32_t cp)
{
	const struct case_ent *e;

	if (cp < 0x80)
		return cp >= 'a' && cp <= 'z' ? cp - 32 : cp;
	e = case_find(to_upper_tab, NELEM(to_upper_tab), cp);
	return e ? e->to : cp;
}

int
mops_utf8_cp_is_upper(uint32_t cp)
{
	return mops_utf8_cp_lower(cp) != cp;
}

int
mops_utf8_cp_is_lower(uint32_t cp)
{
	return mops_utf8_cp_upper(cp) != cp;
}

static char *
map_case(const char *s, uint32_t (*fn)(uint32_t))
{
	size_t len = strlen(s), i = 0, o = 0;
	char *out = malloc(len * 2 + 1);	/* a mapping never more than doubles */
	uint32_t cp;

	if (!out)
		return NULL;
	while (i < len) {
		size_t n = mops_utf8_decode(s + i, len - i, &cp);
		if (cp & BADBYTE)
			out[o++] = s[i];
		else
			o += mops_utf8_encode(fn(cp), out + o);
		i += n;
	}
	out[o] = '\0';
	return out;
}

char *
mops_utf8_lower(const char *s)
{
	return map_case(s, mops_utf8_cp_lower);
}

char *
mops_utf8_upper(const char *s)
{
	return map_case(s, mops_utf8_cp_upper);
}

static const char *
fold_find(uint32_t cp)
{
	size_t lo = 0, hi = NELEM(fold_tab);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fold_tab[mid].cp == cp)
			return fold_tab[mid].to;
		if (fold_tab[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
fold_sep(uint32_t cp)
{
	return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	    cp == 0xFEFF || (cp >= 0xFF01 && cp <= 0xFF0F);
}

size_t
mops_utf8_fold_key(const char *s, char *out, size_t outsz)
{
	size_t len = strlen(s), i = 0, o = 0, words = 0, first_end = 0;
	int inword = 0;

	if (outsz == 0)
		return (size_t)-1;
	while (i < len) {
		uint32_t cp;
		size_t n = mops_utf8_decode(s + i, len - i, &cp);
		const char *add = NULL;
		char one[4];
		size_t addlen = 0;

		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				one[0] = (char)cp, add = one, addlen = 1;
			else if (cp >= 'A' && cp <= 'Z')
				one[0] = (char)(cp + 32), add = one, addlen = 1;
		} else if (cp & BADBYTE) {
			one[0] = s[i], add = one, addlen = 1;
		} else if ((add = fold_find(cp)) != NULL) {
			addlen = strlen(add);
		} else if (cp >= 0x300 && cp <= 0x36F) {
			i += n;
			continue;	/* combining mark: part of the word */
		} else if (!fold_sep(cp)) {
			add = s + i, addlen = n;
		}
		i += n;
		if (!add) {
			if (inword && words == 1)
				first_end = o;
			inword = 0;
			continue;
		}
		if (!inword) {
			inword = 1;
			words++;
		}
		if (o + addlen >= outsz) {
			out[0] = '\0';
			return (size_t)-1;
		}
		memcpy(out + o, add, addlen);
		o += addlen;
	}
	if (inword && words == 1)
		first_end = o;
	out[o] = '\0';
	if (words > 1 && first_end == 3 && memcmp(out, "the", 3) == 0) {
		memmove(out, out + 3, o - 3 + 1);
		o -= 3;
	}
	return o;
}
