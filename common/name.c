/* name.c - see name.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "name.h"
#include "utf8.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
	    cp == '\v' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

char *
mops_ws_collapse(const char *raw)
{
	size_t len, i = 0, o = 0;
	char *out;
	int pending = 0;

	if (!raw)
		return NULL;
	len = strlen(raw);
	if (!(out = malloc(len + 1)))
		return NULL;
	/* Most values are printable ASCII, single-spaced, with nothing to trim:
	 * copy them in one go. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c > 0x20 && c < 0x7f)
			continue;
		if (c == ' ' && i > 0 && i + 1 < len && raw[i + 1] != ' ')
			continue;
		break;
	}
	if (i == len) {
		memcpy(out, raw, len + 1);
		return out;
	}
	i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = mops_utf8_decode(raw + i, len - i, &cp);
		if (is_space_cp(cp)) {
			pending = o > 0;
		} else {
			if (pending)
				out[o++] = ' ';
			pending = 0;
			memcpy(out + o, raw + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* 1: all cased letters upper, 2: all lower, 0: mixed or none. */
static int
case_state(const char *s)
{
	size_t len = strlen(s), i = 0;
	int up = 0, lo = 0;

	while (i < len && !(up && lo)) {
		uint32_t cp;
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {	/* ASCII, most of it: no decoding, no tables */
			up |= c >= 'A' && c <= 'Z';
			lo |= c >= 'a' && c <= 'z';
			i++;
			continue;
		}
		i += mops_utf8_decode(s + i, len - i, &cp);
		if (mops_utf8_cp_is_upper(cp))
			up = 1;
		else if (mops_utf8_cp_is_lower(cp))
			lo = 1;
	}
	if (up && lo)
		return 0;
	return up ? 1 : lo ? 2 : 0;
}

static int
is_part_sep(uint32_t cp)
{
	return cp == '-' || cp == '.' || cp == '\'' || cp == 0x2019 || cp == '(' ||
	    cp == '"' || cp == '/';
}

static int
next_is_letter(const char *s, size_t n)
{
	uint32_t cp;

	if (n == 0)
		return 0;
	mops_utf8_decode(s, n, &cp);
	return mops_utf8_cp_is_upper(cp) || mops_utf8_cp_is_lower(cp);
}

/* Append s[0..n) with the first letter upper case and the rest lower case. */
static size_t
put_title(char *out, const char *s, size_t n, int first_upper)
{
	size_t i = 0, o = 0;
	int first = 1;

	while (i < n) {
		uint32_t cp;
		size_t k = mops_utf8_decode(s + i, n - i, &cp);
		if (cp & 0x80000000u) {
			out[o++] = s[i];
		} else {
			int letter = mops_utf8_cp_is_upper(cp) || mops_utf8_cp_is_lower(cp);
			if (first && letter && first_upper)
				cp = mops_utf8_cp_upper(cp);
			else
				cp = mops_utf8_cp_lower(cp);
			if (cp == 0x3C3 && !first && !next_is_letter(s + i + k, n - i - k))
				cp = 0x3C2;	/* Greek final sigma */
			if (letter)
				first = 0;
			o += mops_utf8_encode(cp, out + o);
		}
		i += k;
	}
	return o;
}

static size_t
put_upper(char *out, const char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = mops_utf8_decode(s + i, n - i, &cp);
		if (cp & 0x80000000u)
			out[o++] = s[i];
		else
			o += mops_utf8_encode(mops_utf8_cp_upper(cp), out + o);
		i += k;
	}
	return o;
}

static int
word_in(const char *w, size_t n, const char *const *list, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++)
		if (strlen(list[i]) == n && strncasecmp(w, list[i], n) == 0)
			return 1;
	return 0;
}

static const char *const particles[] = {"van", "der", "den", "de", "da", "di", "du",
    "von", "la", "le", "dos", "das", "del", "della", "ten", "ter", "y"};
static const char *const numerals[] = {"ii", "iii", "iv", "vi", "vii", "viii"};

/* 1 if w[0..n) is an English ending written after an apostrophe: 's, 't, 'd,
 * 'll, 're, 've, 'm. */
static int
apostrophe_ending(const char *w, size_t n)
{
	static const char *const endings[] = {"s", "t", "d", "ll", "re", "ve", "m"};

	while (n > 0 && strchr(",;:!?)", w[n - 1]))	/* "MACY'S, INC." */
		n--;
	return word_in(w, n, endings, NELEM(endings));
}

/* Title-case one space-free word of a person name into out. */
static size_t
name_word(char *out, const char *w, size_t n)
{
	size_t i = 0, o = 0, start = 0, plen = 0;
	int apos = 0;	/* the part before ended with an apostrophe */

	if (n > 2 && strncasecmp(w, "mc", 2) == 0 && ((w[2] | 32) >= 'a' && (w[2] | 32) <= 'z')) {
		out[o++] = 'M';
		out[o++] = 'c';
		w += 2, n -= 2;
	}
	/* parts between separators each get a capital */
	while (i <= n) {
		uint32_t cp = 0;
		size_t k = 1;
		if (i < n)
			k = mops_utf8_decode(w + i, n - i, &cp);
		if (i == n || is_part_sep(cp)) {
			size_t part = i - start;

			if (apos && plen > 1 && apostrophe_ending(w + start, part)) {
				/* "MCDONALD'S" -> "McDonald's", "DON'T" -> "Don't";
				 * but "O'REILLY" -> "O'Reilly" */
				o += put_title(out + o, w + start, part, 0);
			} else {
				/* "Mc" starts any part: "O'Connor-McDermott" */
				if (start > 0 && part > 2 &&
				    strncasecmp(w + start, "mc", 2) == 0 &&
				    ((w[start + 2] | 32) >= 'a' && (w[start + 2] | 32) <= 'z')) {
					out[o++] = 'M';
					out[o++] = 'c';
					start += 2;
				}
				o += put_title(out + o, w + start, i - start, 1);
			}
			if (i < n) {
				memcpy(out + o, w + i, k);
				o += k;
			}
			plen = part;
			apos = i < n && (cp == '\'' || cp == 0x2019);
			start = i + k;
		}
		i += k;
	}
	return o;
}

static char *name_clean(const char *raw, int first_name);

char *
mops_name_clean(const char *raw)
{
	return name_clean(raw, 0);
}

char *
mops_first_name_clean(const char *raw)
{
	return name_clean(raw, 1);
}

static char *
name_clean(const char *raw, int first_name)
{
	char *s = mops_ws_collapse(raw), *out;
	size_t len, i = 0, o = 0, nwords = 0, wi = 0;

	if (!s)
		return NULL;
	if (!s[0]) {
		free(s);
		return NULL;
	}
	if (case_state(s) == 0)
		return s;
	len = strlen(s);
	for (size_t j = 0; j < len; j++)
		if (j == 0 || s[j - 1] == ' ')
			nwords++;
	if (!(out = malloc(len * 2 + 1))) {	/* a case mapping never more than doubles */
		free(s);
		return NULL;
	}
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != ' ')
			e++;
		if (wi > 0 && word_in(s + i, e - i, numerals, NELEM(numerals)))
			o += put_upper(out + o, s + i, e - i);
		else if (nwords > 1 && wi + 1 < nwords && !(first_name && wi == 0) &&
		    word_in(s + i, e - i, particles, NELEM(particles)))
			o += put_title(out + o, s + i, e - i, 0);
		else
			o += name_word(out + o, s + i, e - i);
		if (e < len)
			out[o++] = ' ';
		i = e + 1;
		wi++;
	}
	out[o] = '\0';
	free(s);
	return out;
}

/* Legal forms and acronyms as they are written, looked up case-insensitively. */
static const char *const company_words[] = {
	"3M", "AB", "ABB", "AG", "AI", "AS", "ASA", "AT&T", "BMW", "BNP", "BP", "BV",
	"CEO", "CRM", "EU", "EY", "GE", "GmbH", "HP", "HR", "HSBC", "IBM", "IT",
	"KG", "KGaA", "KK", "KPMG", "LG", "LLC", "LLP", "LP", "Ltd", "Mfg", "NA", "NEC", "NTT",
	"NV", "Oy", "PLC", "Pty", "Pvt", "PwC", "SA", "SaaS", "SAP", "SARL", "SAS", "SE", "SL",
	"SpA", "SRL", "UBS", "UK", "US", "USA",
};
static const char *const company_small[] = {"of", "and", "the", "for", "de", "du",
    "la", "des", "der", "und", "et", "y", "on", "in", "at", "by"};

static size_t
company_word(char *out, const char *w, size_t n, int first)
{
	size_t core = n;
	int vowel = 0, digit = 0, nonascii = 0;

	while (core > 0 && (w[core - 1] == '.' || w[core - 1] == ','))
		core--;
	for (size_t i = 0; i < NELEM(company_words); i++)
		if (strlen(company_words[i]) == core && strncasecmp(w, company_words[i], core) == 0) {
			memcpy(out, company_words[i], core);
			memcpy(out + core, w + core, n - core);
			return n;
		}
	if (!first && word_in(w, core, company_small, NELEM(company_small)))
		return put_title(out, w, n, 0);
	for (size_t i = 0; i < core; i++) {
		char c = (char)(w[i] | 32);
		if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y')
			vowel = 1;
		if (w[i] >= '0' && w[i] <= '9')
			digit = 1;
		if ((unsigned char)w[i] >= 0x80)
			nonascii = 1;
	}
	if (digit || (!vowel && !nonascii && core >= 2 && core <= 4)) {
		memcpy(out, w, n);
		return n;
	}
	/* "SALESFORCE.COM" -> "Salesforce.com": a web address keeps its suffix low */
	{
		static const char *const tld[] = {".com", ".net", ".org", ".io", ".ai", ".co"};
		for (size_t i = 0; i < NELEM(tld); i++) {
			size_t t = strlen(tld[i]);
			if (core > t + 1 && strncasecmp(w + core - t, tld[i], t) == 0) {
				size_t o = name_word(out, w, core - t);
				memcpy(out + o, tld[i], t);
				memcpy(out + o + t, w + core, n - core);
				return o + t + n - core;
			}
		}
	}
	return name_word(out, w, n);
}

char *
mops_company_clean(const char *raw)
{
	char *s = mops_ws_collapse(raw), *out;
	size_t len, i = 0, o = 0;
	int st;

	if (!s)
		return NULL;
	if (!s[0]) {
		free(s);
		return NULL;
	}
	st = case_state(s);
	if (st == 0)
		return s;
	len = strlen(s);
	if (st == 2) {
		/* "société générale" is fixed as "SOCIÉTÉ GÉNÉRALE" is */
		char *up = malloc(len * 2 + 1);

		if (!up) {
			free(s);
			return NULL;
		}
		up[put_upper(up, s, len)] = '\0';
		free(s);
		s = up;
		len = strlen(s);
	}
	if (!(out = malloc(len * 2 + 1))) {
		free(s);
		return NULL;
	}
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != ' ')
			e++;
		o += company_word(out + o, s + i, e - i, i == 0);
		if (e < len)
			out[o++] = ' ';
		i = e + 1;
	}
	out[o] = '\0';
	free(s);
	return out;
}
