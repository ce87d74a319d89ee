/*
 * email.h - clean, validate and classify email addresses.
 *
 * Pure functions on caller-owned buffers; static tables (the free-mail list is
 * generated into common/free_domains_data.inc by tools/gen-tables.py from the MIT
 * list in common/LICENSES/), no state, thread-safe.  Internationalized domains
 * are checked with libidn2 (IDNA2008 with the UTS #46 non-transitional mapping).
 */
#ifndef MOPS_EMAIL_H
#define MOPS_EMAIL_H

#include <stddef.h>

enum mops_email_status {
	MOPS_EMAIL_OK = 0,
	MOPS_EMAIL_EMPTY,	/* NULL or nothing left after cleaning */
	MOPS_EMAIL_INVALID,	/* fails the syntax below, or out too small */
	MOPS_EMAIL_RESERVED,	/* well-formed, but the top-level domain is reserved */
};

/*
 * Clean raw into out: trim whitespace (and U+00A0), drop "mailto:", surrounding
 * quotes, "Name <addr>" and <> brackets, a "?subject=" query after mailto, and
 * trailing dots, commas and semicolons; lowercase ASCII.  Then validate: exactly
 * one '@'; local part 1..64 bytes of RFC 5322 atext and dots (no leading, trailing
 * or doubled dot; quoted local parts are rejected; UTF-8 letters are allowed, as in
 * SMTPUTF8); domain, in its ASCII (A-label) form, at most 253 bytes of 2+ labels,
 * each 1..63 of [a-z0-9-] not starting or ending with '-'; top-level label 2+
 * letters (or an A-label); the whole address at most 254 bytes in that form.
 * A domain with non-ASCII letters or xn-- labels must pass IDNA2008 and is written
 * in its Unicode form: "Jane@Bücher.DE" and "jane@xn--bcher-kva.de" both give
 * "jane@bücher.de" (one spelling per address, for dedupe and display, as the
 * person typed it; a mail system converts it back).  A well-formed address whose top-level
 * domain is reserved (.test, .example, .invalid, .local, .localhost, .onion,
 * .arpa, .alt, .internal) is MOPS_EMAIL_RESERVED.
 * out always holds the cleaned string, even when invalid, so callers can keep it;
 * outsz > strlen(raw) always suffices for that (an internationalized domain whose
 * Unicode form does not fit is INVALID; if smaller: out is "" and INVALID).
 * Returns an enum mops_email_status.
 */
int mops_email_normalize(const char *raw, char *out, size_t outsz);

/*
 * mops_email_normalize() for a cell that may hold more than one address: when raw
 * as a whole is not an address, spaces typed next to '@' or a dot are dropped
 * ("bob @ bar.com"); else a value that splits at ',' and ';' (and then blanks)
 * into pieces that are ALL addresses gives the first ("a@x.com; b@y.com").
 * Anything else is INVALID (out: the cleaned raw): a piece that is not an address
 * ("sm oreau@gmx.de", "raj12,schmidt@icloud.com") never makes another address.
 */
int mops_email_normalize_cell(const char *raw, char *out, size_t outsz);

/* Borrowed pointer to the domain (after the last '@') inside email, or NULL. */
const char *mops_email_domain(const char *email);

/* 1 if the local part (before any +tag, any case) is a role or shared inbox:
 * info, sales, support, admin, noreply/no-reply, ...; else 0. */
int mops_email_is_role(const char *email);

/* 1 if domain (any case) is a free or disposable mail provider (gmail.com,
 * yahoo.co.uk, mailinator.com, ...; exact match, ~14k domains); else 0. */
int mops_email_is_free(const char *domain);

/*
 * The dedupe key of a normalised email into out: for gmail.com and googlemail.com
 * dots and a +tag are removed from the local part and the domain is gmail.com
 * ("J.Doe+news@googlemail.com" -> "jdoe@gmail.com"); other addresses are copied as
 * they are (lowercased).  Returns MOPS_EMAIL_OK, or MOPS_EMAIL_INVALID (out "") if
 * email has no '@' or out is too small (outsz > strlen(email) suffices).
 */
int mops_email_canonical(const char *email, char *out, size_t outsz);

/* "ok", "empty", "invalid", "reserved" */
const char *mops_email_status_name(int status);

#endif
