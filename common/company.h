/*
 * company.h - a matching key for company names, without legal forms.
 *
 * "The Acme Company, Inc.", "ACME Inc" and "Acme GmbH" all give "acme": the name
 * is folded (lower case, accents removed), dots and slashes inside abbreviations
 * joined ("S.A." -> "sa", "A/S" -> "as"), other punctuation made a space, a
 * leading "the" dropped, and legal forms (Inc, LLC, Ltd, Limited, GmbH, AG, S.A.,
 * SAS, SARL, B.V., N.V., Pty Ltd, PLC, Corp, Co, Company, KK, S.p.A., SRL, Oy,
 * AB, AS, ApS, KG ... about 70 forms) removed from the end, repeatedly, and a
 * few (AB, A/S, PT, OAO ...) from the start.  A legal form is never removed when
 * nothing else would be left ("Company Inc" -> "company").  Pure, thread-safe.
 */
#ifndef MOPS_COMPANY_H
#define MOPS_COMPANY_H

#include <stddef.h>

/* Writes the key of name into out (outsz bytes, truncated to fit, words joined
 * by one space) and returns its length; "" for a name with no letters. */
size_t mops_company_key(const char *name, char *out, size_t outsz);

/* 1 if word (folded, e.g. "gmbh", "pty") is a legal-form word. */
int mops_company_is_legal_form(const char *word);

#endif
