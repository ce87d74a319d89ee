/*
 * country.h - ISO 3166 country and subdivision codes from what people type.
 *
 * Lookups are case-, accent-, punctuation- and whitespace-insensitive (see
 * mops_utf8_fold_key in utf8.h) over static tables generated from Debian's iso-codes
 * by tools/gen-tables.py (common/country_data.inc, common/region_data.inc), plus hand
 * aliases.  All returned strings are static: never free them.  No state, thread-safe.
 */
#ifndef MOPS_COUNTRY_H
#define MOPS_COUNTRY_H

/*
 * ISO 3166-1 alpha-2 code for s: an alpha-2 or alpha-3 code, an English short,
 * common or official name, a name in one of ~45 major languages (Deutschland,
 * España, Россия, 日本) or an alias (USA, U.K., Holland, Ivory Coast, UAE).  Also
 * "XK" for Kosovo.  NULL if unknown, ambiguous or s is NULL/empty.
 */
const char *mops_country_code(const char *s);

/* English short name ("United States", "Korea, Republic of" is "South Korea") for an
 * alpha-2 code (any case), or NULL. */
const char *mops_country_name(const char *alpha2);

/*
 * ISO 3166-2 code ("US-CA") for a subdivision s of country alpha2 (an alpha-2 code,
 * any case): its code suffix ("CA", "NSW", "13"), its full code ("US-CA", "us ca"),
 * its iso-codes name ("Bayern", "Île-de-France", "Tôkyô") or an English name or
 * abbreviation ("Bavaria", "Calif.", "N.Y.", "Washington, D.C.", "Northern Ireland").
 * All subdivisions of iso-codes are known; aliases exist for US, CA, AU, GB, DE, FR,
 * IT, ES, MX, IN, BR, JP, CN, NL.  A full code of another country gives NULL.
 * NULL if unknown or either argument is NULL/empty.
 */
const char *mops_region_code(const char *alpha2, const char *s);

#endif
