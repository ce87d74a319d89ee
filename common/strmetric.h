/*
 * strmetric.h - string similarity and phonetic keys for record linkage.
 *
 * Every function takes NUL-terminated UTF-8 and works on code points, not bytes
 * ("Müller" has 6 letters); invalid bytes count as one code point each.  They are
 * pure: no allocation visible to the caller, no global state, thread-safe.
 * Results match jellyfish (jamesturk/jellyfish, BSD) on its published test vectors
 * (tests/unit/data/strmetric/), which the unit tests replay.
 *
 * Phonetic encoders write a NUL-terminated key into out (outsz bytes; truncated to
 * fit) and return its length.  Soundex keeps its first letter as written (upper-
 * cased, accents removed); Metaphone and NYSIIS return upper-case ASCII keys.
 */
#ifndef MOPS_STRMETRIC_H
#define MOPS_STRMETRIC_H

#include <stddef.h>

/* Jaro similarity in [0, 1]; 0 when either string is empty. */
double mops_jaro(const char *a, const char *b);
/* Jaro-Winkler: prefix scale 0.1, prefix at most 4, boost only above 0.7. */
double mops_jaro_winkler(const char *a, const char *b);
/* Jaro-Winkler with jellyfish's long-string tolerance adjustment. */
double mops_jaro_winkler_long(const char *a, const char *b);

/* Edit distances in code points. */
size_t mops_levenshtein(const char *a, const char *b);
/* Restricted Damerau-Levenshtein (optimal string alignment): adjacent
 * transpositions, but no substring is edited twice ("ca" -> "abc" is 3). */
size_t mops_osa(const char *a, const char *b);
/* 1 if mops_osa(a, b) <= k, else 0; fast: stops as soon as the answer is known
 * (length difference, a row's minimum past k).  For matching loops. */
int mops_osa_within(const char *a, const char *b, size_t k);
/* Unrestricted Damerau-Levenshtein (Lowrance-Wagner): "ca" -> "abc" is 2. */
size_t mops_damerau(const char *a, const char *b);

/* American Soundex, 4 characters ("Robert" -> "R163"); "" for "". */
size_t mops_soundex(const char *s, char *out, size_t outsz);
/* Lawrence Philips' Metaphone as jellyfish implements it ("Thompson" -> "TMSN"). */
size_t mops_metaphone(const char *s, char *out, size_t outsz);
/* NYSIIS (New York State Identification and Intelligence System). */
size_t mops_nysiis(const char *s, char *out, size_t outsz);

/*
 * Folds s for comparison: lower case, accents removed (é -> e, ß -> ss), every
 * run of punctuation or white space made one space, trimmed.  "  O'Brien-Smith "
 * -> "o brien smith".  Returns the length (truncated to fit outsz).
 */
size_t mops_str_fold(const char *s, char *out, size_t outsz);

#endif
