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
	h ^= h >> 33;	/* murmur3's finaliser: every bit reaches the low ones */
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void
mops_intern_init(struct mops_intern *in)
{
	memset(in, 0, sizeof(*in));
}

void
mops_intern_free(struct mops_intern *in)
{
	free(in->arena);
	free(in->off);
	free(in->len);
	free(in->hash);
	free(in->tab);
	memset(in, 0, sizeof(*in));
}

static void
fill_slot(const struct mops_intern *in, struct mops_intern_slot *sl, uint32_t id)
{
	size_t n = in->len[id];

	memset(sl, 0, sizeof(*sl));
	sl->id1 = id + 1;
	sl->hash = in->hash[id];
	sl->len = n < MOPS_INTERN_INLINE ? (unsigned char)n : 255;
	if (n < MOPS_INTERN_INLINE)
		memcpy(sl->key, in->arena + in->off[id], n);
}

static void
grow_table(struct mops_intern *in)
{
	size_t size = in->tabsize ? in->tabsize * 2 : 256, i, j;
	struct mops_intern_slot *tab = mops_xcalloc(size, sizeof(*tab));

	for (i = 0; i < in->n; i++) {
		j = in->hash[i] & (size - 1);
		while (tab[j].id1)
			j = (j + 1) & (size - 1);
		fill_slot(in, &tab[j], (uint32_t)i);
	}
	free(in->tab);
	in->tab = tab;
	in->tabsize = size;
}

static size_t
slot(const struct mops_intern *in, const char *s, size_t n, uint32_t h)
{
	size_t j = h & (in->tabsize - 1);

	while (in->tab[j].id1) {
		uint32_t id = in->tab[j].id1 - 1;

		/* the hash sits in the slot: a mismatch costs no other memory read */
		if (in->tab[j].hash != h)
			;
		else if (n < MOPS_INTERN_INLINE) {
			if (in->tab[j].len == n && memcmp(in->tab[j].key, s, n) == 0)
				break;
		} else if (in->len[id] == n && memcmp(in->arena + in->off[id], s, n) == 0)
			break;
		j = (j + 1) & (in->tabsize - 1);
	}
	return j;
}

uint32_t
mops_intern_find(const struct mops_intern *in, const char *s, size_t n)
{
	size_t j;

	if (!in->tabsize)
		return MOPS_INTERN_NONE;
	j = slot(in, s, n, (uint32_t)hash(s, n));
	return in->tab[j].id1 ? in->tab[j].id1 - 1 : MOPS_INTERN_NONE;
}

uint32_t
mops_intern_add(struct mops_intern *in, const char *s, size_t n)
{
	size_t j;
	uint32_t h = (uint32_t)hash(s, n);

	if ((in->n + 1) * 2 > in->tabsize)
		grow_table(in);
	j = slot(in, s, n, h);
	if (in->tab[j].id1)
		return in->tab[j].id1 - 1;
	if (in->n >= MOPS_INTERN_NONE - 1)
		mops_die(70, "too many distinct strings");
	in->arena = mops_xgrow(in->arena, &in->acap, in->alen + n + 1, 1);
	memcpy(in->arena + in->alen, s, n);
	in->arena[in->alen + n] = '\0';
	if (in->n == in->cap) {
		size_t c = in->cap;

		in->off = mops_xgrow(in->off, &c, in->n + 1, sizeof(*in->off));
		c = in->cap;
		in->hash = mops_xgrow(in->hash, &c, in->n + 1, sizeof(*in->hash));
		in->len = mops_xgrow(in->len, &in->cap, in->n + 1, sizeof(*in->len));
	}
	in->off[in->n] = in->alen;
	in->len[in->n] = (uint32_t)n;
	in->hash[in->n] = h;
	in->alen += n + 1;
	fill_slot(in, &in->tab[j], (uint32_t)in->n);
	return (uint32_t)in->n++;
}

const char *
mops_intern_name(const struct mops_intern *in, uint32_t id)
{
	return in->arena + in->off[id];
}

size_t
mops_intern_len(const struct mops_intern *in, uint32_t id)
{
	return in->len[id];
}
