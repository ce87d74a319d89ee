/*
 * phone.h - parse, validate and classify phone numbers; write them as E.164.
 *
 * Pure functions on caller-owned buffers; static tables, no state, thread-safe.
 * The numbering plans are libphonenumber's metadata (PhoneNumberMetadata.xml),
 * generated into common/phone_data.inc by tools/gen-phone-data.py (source, version
 * and licence in that file's header): for every region the valid national number
 * patterns and possible lengths per number type, the national prefix (and the
 * pattern and transform rule for parsing it), the international (IDD) prefix.
 * A number is valid when its national significant number (NSN) matches one of its
 * region's number types, as libphonenumber's isValidNumber says: "+1 555 555 5555"
 * (no area code 555) and "+44 20 7946 095" (too short for London) are not.
 */
#ifndef MOPS_PHONE_H
#define MOPS_PHONE_H

#include <stddef.h>

enum mops_phone_status {
	MOPS_PHONE_OK = 0,
	MOPS_PHONE_EMPTY,	/* NULL, blank or only punctuation */
	MOPS_PHONE_INVALID,	/* letters, unknown calling code, matches no number type */
	MOPS_PHONE_NO_COUNTRY,	/* a national number and no (known) country2 */
};

struct mops_phone {
	char e164[24];		/* "+14155550123": '+' and at most 20 digits (E.164
				 * says 15; some plans allow longer, as +49 PABX) */
	char ext[11];		/* extension digits, "" when none */
	char region[4];		/* region of the number: "US", "CA", "001" (+800 ...) */
	const char *type;	/* static: "fixed_line", "mobile", "fixed_line_or_mobile",
				 * "toll_free", "premium_rate", "shared_cost", "voip",
				 * "personal_number", "pager", "uan", "voicemail" */
};

/*
 * Parse raw as a phone number; country2 (ISO alpha-2, any case, may be NULL) is
 * the record's country, used for national numbers.  On MOPS_PHONE_OK *ph is
 * filled; otherwise its strings are "" and type is NULL.
 *
 * Read as international: "+CC ...", "00CC ..." (whatever the country: mops is
 * more lenient than a dialler here), the country's own IDD prefix ("011" in NANP
 * countries, also when country2 is NULL; "0011" in AU, "810" in RU, ...).  The
 * national prefix is dropped as the plan says ("+44 (0)20 ...", "0151 ..." in DE,
 * "8 495 ..." in RU; IT keeps its leading 0).  A national number that starts with
 * its country's calling code written without '+' ("39800911621" in
 * IT) is read that way when libphonenumber would (the number is
 * too long or only that reading matches the plan) or when only that reading is a
 * valid number.  Also accepted: "tel:", spaces, dots, dashes, slashes, brackets;
 * Mexico's old mobile "1" after +52.  Extensions at the end: "x123", "ext 123",
 * "ext. 123", "extension 123", "#123", ";ext=123".
 */
int mops_phone_parse(const char *raw, const char *country2, struct mops_phone *ph);

/*
 * mops_phone_parse() into out (E.164, outsz >= 22 is always enough) and ext (""
 * when none; ext may be NULL if extsz is 0, then an extension is dropped).  out
 * and ext are "" unless MOPS_PHONE_OK; a too-small out or ext gives
 * MOPS_PHONE_INVALID.  Returns an enum mops_phone_status.
 */
int mops_phone_e164(const char *raw, const char *country2, char *out, size_t outsz,
    char *ext, size_t extsz);

/* Calling code of an ISO alpha-2 country (any case), e.g. 44 for "GB", or 0. */
int mops_phone_calling_code(const char *country2);

/* The numbering-plan data's version, e.g. "libphonenumber v9.0.35". */
const char *mops_phone_data_version(void);

/* Short lowercase name of a status for messages: "ok", "empty", "invalid",
 * "no_country". */
const char *mops_phone_status_name(int status);

#endif
