/* company.c - see company.h. */
#include <stdlib.h>
#include <string.h>

#include "company.h"
#include "strmetric.h"
#include "util.h"

/* Sorted; folded, dots removed.  Multi-word forms ("pty ltd", "sp z o o",
 * "gmbh & co kg", "sa de cv") are removed word by word, so each word is here. */
static const char *const legal[] = {
	"ab", "abp", "ad", "ag", "aps", "as", "asa", "bhd", "bv", "bvba", "cia",
	"co", "company", "corp", "corporation", "cv", "doo", "ehf", "eirl",
	"gesmbh", "gmbh", "inc", "incorporated", "kft", "kg", "kgaa", "kk", "ks",
	"lda", "limitada", "limited", "llc", "llp", "lp", "ltd", "ltda", "mbh", "nv",
	"oao", "ohg", "oo", "ooo", "oy", "oyj", "pc", "plc", "pllc", "pt", "pte", "pty",
	"pvt", "sa", "sab", "sae", "sag", "sarl", "sas", "sca", "scs", "se", "sl",
	"sll", "slu", "snc", "spa", "sprl", "sro", "srl", "ug", "zao", "zrt",
};
/* Legal forms written before the name ("AB Volvo", "A/S Torm", "PT Astra"). */
static const char *const prefix[] = { "ab", "as", "oao", "ooo", "pt", "zao" };
/* Words that are legal only inside a multi-word form, never alone at the end. */
static const char *const joiners[] = { "and", "de", "o", "p", "sp", "y", "z" };
#define NJOIN (sizeof(joiners) / sizeof(joiners[0]))

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
mops_company_is_legal_form(const char *word)
{
	return bsearch(&word, legal, sizeof(legal) / sizeof(legal[0]),
	    sizeof(legal[0]), cmp) != NULL;
}

static int
in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

size_t
mops_company_key(const char *name, char *out, size_t outsz)
{
	size_t len = strlen(name), i, o, nw = 0, first, last, k, cut;
	char *pre, *fold, *w[64];

	if (!outsz)
		return 0;
	/* Join abbreviations: drop '.', '/', '\'' and '&' becomes a space, so
	 * "S.A." -> "SA", "A/S" -> "AS", "O'Reilly" -> "OReilly". */
	pre = mops_xmalloc(len + 1);
	for (i = 0, o = 0; i < len; i++) {
		char c = name[i];

		if (c == '.' || c == '/' || c == '\'')
			continue;
		pre[o++] = c == '&' || c == '+' ? ' ' : c;
	}
	pre[o] = '\0';
	fold = mops_xmalloc(3 * len + 8);
	mops_str_fold(pre, fold, 3 * len + 8);
	free(pre);
	for (i = 0; fold[i] && nw < 64;) {
		w[nw++] = fold + i;
		while (fold[i] && fold[i] != ' ')
			i++;
		if (fold[i])
			fold[i++] = '\0';
	}
	first = 0;
	last = nw;
	if (last - first > 1 && !strcmp(w[first], "the"))
		first++;
	/* Strip legal forms from the end while something stays; joiners ("and",
	 * "sp", "z" of "Sp. z o.o.") go only with a legal form after them. */
	for (k = last, cut = last; k - first > 1 &&
	    (mops_company_is_legal_form(w[k - 1]) || in_list(w[k - 1], joiners, NJOIN));
	    k--)
		if (mops_company_is_legal_form(w[k - 1]))
			cut = k - 1;
	while (cut < last && cut - first > 1 && in_list(w[cut - 1], joiners, NJOIN))
		cut--;
	last = cut;
	while (last - first > 1 && in_list(w[first], prefix, 6))
		first++;
	for (k = first, o = 0; k < last; k++) {
		size_t wl = strlen(w[k]);

		if (o + wl + (o ? 1 : 0) >= outsz)
			break;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w[k], wl);
		o += wl;
	}
	out[o] = '\0';
	free(fold);
	return o;
}
