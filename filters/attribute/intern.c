/*
 * intern.c - string interning on one arena.
 */
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "util.h"

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 31);
}

void
intern_init(struct intern *in)
{
	memset(in, 0, sizeof(*in));
}

void
intern_free(struct intern *in)
{
	free(in->arena);
	free(in->off);
	free(in->len);
	free(in->tab);
	memset(in, 0, sizeof(*in));
}

static void
grow_table(struct intern *in)
{
	size_t size = in->tabsize ? in->tabsize * 2 : 256, i, j;
	uint32_t *tab = mops_xcalloc(size, sizeof(*tab));

	for (i = 0; i < in->n; i++) {
		j = hash(in->arena + in->off[i], in->len[i]) & (size - 1);
		while (tab[j])
			j = (j + 1) & (size - 1);
		tab[j] = (uint32_t)i + 1;
	}
	free(in->tab);
	in->tab = tab;
	in->tabsize = size;
}

static size_t
slot(const struct intern *in, const char *s, size_t n)
{
	size_t j = hash(s, n) & (in->tabsize - 1);

	while (in->tab[j]) {
		uint32_t id = in->tab[j] - 1;

		if (in->len[id] == n && memcmp(in->arena + in->off[id], s, n) == 0)
			break;
		j = (j + 1) & (in->tabsize - 1);
	}
	return j;
}

uint32_t
intern_find(const struct intern *in, const char *s, size_t n)
{
	size_t j;

	if (!in->tabsize)
		return INTERN_NONE;
	j = slot(in, s, n);
	return in->tab[j] ? in->tab[j] - 1 : INTERN_NONE;
}

uint32_t
intern_add(struct intern *in, const char *s, size_t n)
{
	size_t j;

	if ((in->n + 1) * 2 > in->tabsize)
		grow_table(in);
	j = slot(in, s, n);
	if (in->tab[j])
		return in->tab[j] - 1;
	if (in->n >= INTERN_NONE - 1)
		mops_die(70, "too many distinct strings");
	in->arena = mops_xgrow(in->arena, &in->acap, in->alen + n + 1, 1);
	memcpy(in->arena + in->alen, s, n);
	in->arena[in->alen + n] = '\0';
	if (in->n == in->cap) {
		size_t c = in->cap;

		in->off = mops_xgrow(in->off, &c, in->n + 1, sizeof(*in->off));
		in->len = mops_xgrow(in->len, &in->cap, in->n + 1, sizeof(*in->len));
	}
	in->off[in->n] = in->alen;
	in->len[in->n] = (uint32_t)n;
	in->alen += n + 1;
	in->tab[j] = (uint32_t)in->n + 1;
	return (uint32_t)in->n++;
}

const char *
intern_name(const struct intern *in, uint32_t id)
{
	return in->arena + in->off[id];
}

size_t
intern_len(const struct intern *in, uint32_t id)
{
	return in->len[id];
}
