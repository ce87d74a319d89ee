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

struct intern {
	char *arena;
	size_t alen, acap;
	size_t *off;		/* id -> offset in arena */
	uint32_t *len;		/* id -> length */
	size_t n, cap;
	uint32_t *tab;		/* id + 1, 0 empty */
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
