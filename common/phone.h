/*
 * phone.h - normalise phone numbers to E.164 ("+14155550123").
 *
 * Pure functions on caller-owned buffers; static tables, no state, thread-safe.
 * Calling codes are known for every ISO 3166-1 country (and XK); national significant
 * number (NSN) lengths and trunk prefixes for the ~45 biggest markets, a generic
 * 4..14 digits elsewhere.  Syntax only: a number may be well-formed yet unassigned
 * (555-01xx fictitious NANP numbers are OK).
 */
#ifndef MOPS_PHONE_H
#define MOPS_PHONE_H

#include <stddef.h>

enum mops_phone_status {
	MOPS_PHONE_OK = 0,
	MOPS_PHONE_EMPTY,	/* NULL, blank or only punctuation */
	MOPS_PHONE_INVALID,	/* letters, wrong length for the plan, unknown calling code */
	MOPS_PHONE_NO_COUNTRY,	/* a national number and no (known) country2 */
};

/*
 * Normalise raw into out (E.164 with '+', at most 16 bytes plus NUL; outsz >= 17 is
 * always enough) and its extension digits into ext ("" when none; ext may be NULL if
 * extsz is 0, then an extension is dropped).  country2 (ISO alpha-2, any case, may be
 * NULL) is the record's country, used for national numbers.
 *
 * Accepted: "+CC ...", "00CC ...", "011 CC ..." (only when country2 is a NANP country
 * or NULL), "tel:" prefix, spaces, dots, dashes, slashes, parentheses, "(0)" after
 * the calling code; national numbers with the country's trunk prefix dropped (0 in
 * most countries, 8 in RU/KZ, 06 in HU, 1 in NANP; none in IT, ES, PT, NO, DK, PL,
 * GR, ...: IT keeps its leading 0); national numbers that already start with the
 * country's calling code but no '+' ("4915112345678" for DE) when only that reading
 * has a valid length.  Extensions: "x123", "ext 123", "ext. 123", "extension 123",
 * "#123", ";ext=123" at the end.
 *
 * Returns an enum mops_phone_status.  out and ext are "" unless MOPS_PHONE_OK; a
 * too-small out or ext gives MOPS_PHONE_INVALID.
 */
int mops_phone_e164(const char *raw, const char *country2, char *out, size_t outsz,
    char *ext, size_t extsz);

/* Calling code of an ISO alpha-2 country (any case), e.g. 44 for "GB", or 0. */
int mops_phone_calling_code(const char *country2);

/* Short lowercase name of a status for messages: "ok", "empty", "invalid",
 * "no_country". */
const char *mops_phone_status_name(int status);

#endif
