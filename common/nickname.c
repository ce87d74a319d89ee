/* nickname.c - see nickname.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "nickname.h"

struct nick_pair {
	const char *nick, *formal;
};

#include "nickname_data.inc"

#define NPAIRS (sizeof(nick_pairs) / sizeof(nick_pairs[0]))

/* Case-insensitive ASCII compare: table names are lower case. */
static int
lcmp(const char *a, const char *b)
{
	for (; *a && tolower((unsigned char)*a) == *b; a++, b++)
		;
	return tolower((unsigned char)*a) - (unsigned char)*b;
}

/* Index of the first pair with nick == name, or NPAIRS. */
static size_t
first_pair(const char *name)
{
	size_t lo = 0, hi = NPAIRS;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (lcmp(name, nick_pairs[mid].nick) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
mops_nickname_formals(const char *name, const char **out, size_t max)
{
	size_t n = 0, i;

	if (!max)
		return 0;
	out[n++] = name;
	for (i = first_pair(name); i < NPAIRS && n < max &&
	    lcmp(name, nick_pairs[i].nick) == 0; i++)
		out[n++] = nick_pairs[i].formal;
	return n;
}

static int
is_nick(const char *name)
{
	size_t i = first_pair(name);

	return i < NPAIRS && lcmp(name, nick_pairs[i].nick) == 0;
}

static int
ieq(const char *a, const char *b)
{
	for (; *a && tolower((unsigned char)*a) == tolower((unsigned char)*b); a++, b++)
		;
	return tolower((unsigned char)*a) == tolower((unsigned char)*b);
}

int
mops_nickname_match(const char *a, const char *b)
{
	const char *fa[32], *fb[32];
	size_t na, nb, i, j;

	if (!*a || !*b)
		return 0;
	if (ieq(a, b))
		return 1;
	na = mops_nickname_formals(a, fa, 32);
	nb = mops_nickname_formals(b, fb, 32);
	/* one is the other's formal name */
	for (i = 1; i < na; i++)
		if (ieq(fa[i], b))
			return 1;
	for (j = 1; j < nb; j++)
		if (ieq(fb[j], a))
			return 1;
	/* both nicknames of one formal name that is no one's nickname itself:
	 * "bob" and "rob" (Robert), but not "bill" and "fred" through "will" */
	for (i = 1; i < na; i++)
		for (j = 1; j < nb; j++)
			if (ieq(fa[i], fb[j]) && !is_nick(fa[i]))
				return 1;
	return 0;
}
