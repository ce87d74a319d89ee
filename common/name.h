/*
 * name.h - tidy person and company names.
 *
 * Each function returns a new malloc'd string the caller frees (NULL when noted, or
 * when out of memory).  Pure, no locale, thread-safe; case mapping is utf8.h's
 * (Latin, Greek, Cyrillic).
 */
#ifndef MOPS_NAME_H
#define MOPS_NAME_H

/*
 * Trim and collapse whitespace (ASCII, U+00A0, U+2000..U+200A, U+202F, U+205F,
 * U+3000) to single spaces.  "" for blank input; NULL only if raw is NULL or out
 * of memory.
 */
char *mops_ws_collapse(const char *raw);

/*
 * A person name (first, last or full), whitespace collapsed.  The case is fixed
 * only when every cased letter is upper case or every one is lower case; mixed
 * case ("MacDonald", "DeShawn") is kept as typed.  Fixing: each part (split at
 * spaces, '-', '.', apostrophes ' and U+2019) gets an upper-case first letter and
 * lower case after it ("JOHN" -> "John", "jean-luc" -> "Jean-Luc", "o'neil" ->
 * "O'Neil", "JOSÉ" -> "José", "łukasz" -> "Łukasz", Greek final sigma) but for
 * an English ending after an apostrophe that follows two or more letters ('s,
 * 't, 'd, 'll, 're, 've, 'm: "MCDONALD'S" -> "McDonald's"), and:
 *   - "Mc" prefixes: "mcdonald" -> "McDonald" (not "Mac": Mack, Macy, Machado);
 *   - particles van, der, den, de, da, di, du, von, la, le, dos, das, del, della,
 *     ten, ter, y stay lower case ("VAN DER BERG" -> "van der Berg") unless they
 *     are the only or the last word ("DE" -> "De", "JOHN VAN" -> "John Van");
 *   - roman-numeral suffixes II, III, IV, VI..VIII stay upper case when not the
 *     first word ("JOHN SMITH III" -> "John Smith III"); JR/SR -> Jr/Sr.
 * Suited to last names and full names; see mops_first_name_clean for first names.
 * NULL if raw is NULL or blank.
 */
char *mops_name_clean(const char *raw);

/* The same for a first-name field: a leading particle is capitalised ("LA TOYA" ->
 * "La Toya", "DE ANDRE" -> "De Andre"), since there it starts a given name. */
char *mops_first_name_clean(const char *raw);

/*
 * A company name, whitespace collapsed; when ALL CAPS or all lower case (by
 * Unicode letters: "société générale" -> "Société Générale"), title-cased word
 * by word keeping legal forms and acronyms from a small table (IBM, LLC, GmbH,
 * AG, SA, BV, PLC, KGaA, SpA, ...), short words without vowels (BNP, KPMG) in
 * capitals and words with digits as typed, and "of", "and", "the", "for", "de",
 * "du", "la" lower case after the first word ("BANK OF AMERICA" -> "Bank of
 * America"); apostrophes as in names ("MCDONALD'S" -> "McDonald's", "O'REILLY
 * MEDIA" -> "O'Reilly Media").  Mixed case is kept.  NULL if raw is NULL or
 * blank.
 */
char *mops_company_clean(const char *raw);

#endif
