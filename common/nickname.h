/*
 * nickname.h - English given-name nicknames: Bob = Robert, Liz = Elizabeth.
 *
 * The table is generated (common/nickname_data.inc, by
 * filters/dedupe/gen-nicknames.py) from carltonnorthern/nicknames (Apache-2.0),
 * reviewed: cross-gender and distinct-name links (Andrea/Andrew, Ian/John) were
 * removed.  Names are compared folded: lower case ASCII ("Bob" and "bob" alike;
 * pass names through mops_str_fold() first for accents).  Pure, thread-safe; the
 * strings returned are static and never freed.
 */
#ifndef MOPS_NICKNAME_H
#define MOPS_NICKNAME_H

#include <stddef.h>

/*
 * The formal names `name` may stand for, itself first: "bob" -> "bob",
 * "robert"; "robert" -> "robert".  Fills at most max entries of out (the first
 * is a pointer to name itself) and returns how many it filled.
 */
size_t mops_nickname_formals(const char *name, const char **out, size_t max);

/* 1 if a and b name the same given name: equal, or one is a nickname of the
 * other, or both are nicknames of one formal name ("bob", "rob"). */
int mops_nickname_match(const char *a, const char *b);

#endif
