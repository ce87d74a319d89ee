/*
 * intern.h - strings to dense ids (0, 1, 2 ...) and back (channel names, person,
 * account and campaign ids): a hash table over one growing arena.  Used by
 * mops-attribute and mops-score.
 *
 * The table owns copies of the strings; mops_intern_name() is borrowed and valid
 * until mops_intern_free().  Ids are given in order of first appearance, so callers
 * that need an input-order-free numbering sort names themselves.
 */
#ifndef MOPS_INTERN_H
#define MOPS_INTERN_H

#include <stddef.h>
#include <stdint.h>

#define MOPS_INTERN_NONE UINT32_MAX
#define MOPS_INTERN_INLINE 23

struct mops_intern {
	char *arena;
	size_t alen, acap;
	size_t *off;		/* id -> offset in arena */
	uint32_t *len;		/* id -> length */
	uint32_t *hash;		/* id -> hash, checked before the bytes */
	size_t n, cap;
	struct mops_intern_slot {	/* 32 bytes: short keys compare in the slot */
		uint32_t id1;	/* id + 1, 0 empty */
		uint32_t hash;
		unsigned char len;	/* length if < MOPS_INTERN_INLINE, else 255 */
		char key[23];
	} *tab;
	size_t tabsize;
};

void mops_intern_init(struct mops_intern *in);
void mops_intern_free(struct mops_intern *in);
/* The id of s[0..n), added when new. */
uint32_t mops_intern_add(struct mops_intern *in, const char *s, size_t n);
/* The id of s[0..n), or MOPS_INTERN_NONE. */
uint32_t mops_intern_find(const struct mops_intern *in, const char *s, size_t n);
const char *mops_intern_name(const struct mops_intern *in, uint32_t id);
size_t mops_intern_len(const struct mops_intern *in, uint32_t id);

#endif
