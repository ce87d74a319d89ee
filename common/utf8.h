/*
 * utf8.h - UTF-8 validation, simple case mapping and lookup-key folding.
 *
 * Pure functions over NUL-terminated or counted byte strings; no locale, no global
 * state, safe from any thread.  Case mapping covers ASCII, Latin-1 Supplement, Latin
 * Extended-A/B, Latin Extended Additional, Greek and Cyrillic (one code point to one
 * code point, from a generated table: common/utf8_data.inc by tools/gen-tables.py);
 * other code points are copied unchanged.  Invalid UTF-8 bytes are copied unchanged.
 *
 * Functions returning char * return a new malloc'd string the caller frees, or NULL
 * when out of memory.
 */
#ifndef MOPS_UTF8_H
#define MOPS_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* 1 if s[0..len) is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF), else 0. */
int mops_utf8_valid(const char *s, size_t len);

/* Flag bit in a decoded "code point" that marks an invalid byte (see below). */
#define MOPS_UTF8_BAD 0x80000000u

/*
 * Decode one code point at s (at most len bytes, len >= 1).  Returns the number of
 * bytes used (1..4) and stores the code point in *cp.  An invalid sequence
 * (overlong, surrogate, truncated, > U+10FFFF, stray byte) uses 1 byte and stores
 * MOPS_UTF8_BAD | that byte, so callers can copy it through or replace it.
 */
size_t mops_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp (< 0x110000) into buf (4 bytes); returns the length. */
size_t mops_utf8_encode(uint32_t cp, char buf[4]);

/* Simple case mapping of one code point (identity outside the covered ranges). */
uint32_t mops_utf8_cp_lower(uint32_t cp);
uint32_t mops_utf8_cp_upper(uint32_t cp);
/* 1 if cp is a letter with an upper (resp. lower) case form mapping. */
int mops_utf8_cp_is_upper(uint32_t cp);
int mops_utf8_cp_is_lower(uint32_t cp);

/* New lowercase / uppercase copy of s. */
char *mops_utf8_lower(const char *s);
char *mops_utf8_upper(const char *s);

/*
 * Fold s into a lookup key in out (at most outsz bytes including the NUL): ASCII
 * letters lowercased, accents removed (é -> e, ß -> ss, ł -> l, Greek/Cyrillic
 * lowercased without accents), punctuation and whitespace removed, a leading word
 * "the" dropped.  "  The U.S.A. " -> "usa", "Côte d'Ivoire" -> "cotedivoire".
 * Returns the key length, or (size_t)-1 when it did not fit (out is then "").
 * This is the key of the country and region tables; tools/gen-tables.py folds the
 * same way.
 */
size_t mops_utf8_fold_key(const char *s, char *out, size_t outsz);

#endif
