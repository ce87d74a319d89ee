/*
 * intern.h - strings to dense ids (0, 1, 2 ...) and back, for channel names,
 * person, account and campaign ids: a hash table over one growing arena.
 *
 * The table owns copies of the strings; intern_name() is borrowed and valid
 * until intern_free().  Ids are given in order of first appearance, so callers
 * that need an input-order-free numbering sort names themselves.
 */
#ifndef ATTR_INTERN_H
#define ATTR_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define INTERN_NONE UINT32_MAX
#define INTERN_INLINE 23

struct intern {
	char *arena;
	size_t alen, acap;
	size_t *off;		/* id -> offset in arena */
	uint32_t *len;		/* id -> length */
	uint32_t *hash;		/* id -> hash, checked before the bytes */
	size_t n, cap;
	struct intern_slot {	/* 32 bytes: short keys compare in the slot */
		uint32_t id1;	/* id + 1, 0 empty */
		uint32_t hash;
		unsigned char len;	/* length if < INTERN_INLINE, else 255 */
		char key[23];
	} *tab;
	size_t tabsize;
};

void intern_init(struct intern *in);
void intern_free(struct intern *in);
/* The id of s[0..n), added when new. */
uint32_t intern_add(struct intern *in, const char *s, size_t n);
/* The id of s[0..n), or INTERN_NONE. */
uint32_t intern_find(const struct intern *in, const char *s, size_t n);
const char *intern_name(const struct intern *in, uint32_t id);
size_t intern_len(const struct intern *in, uint32_t id);

#endif
