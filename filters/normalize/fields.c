/*
 * fields.c - the field engine: find a vendor value by path, clean it by kind,
 * set the canonical field, record findings in _errors.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "buf.h"
#include "canon.h"
#include "channel.h"
#include "country.h"
#include "email.h"
#include "name.h"
#include "normalize.h"
#include "phone.h"
#include "url.h"
#include "util.h"

void
norm_error(struct nrec *r, const char *field, const char *code, const char *value)
{
	mops_json *e = mops_json_new_object();

	if (!r->errors)
		r->errors = mops_json_new_array();
	mops_json_set(e, "field", mops_json_new_string(field));
	mops_json_set(e, "code", mops_json_new_string(code));
	if (value)
		mops_json_set(e, "value", mops_json_new_string(value));
	mops_json_append(r->errors, e);
}

mops_json *
norm_lookup(mops_json *in, const char *path, size_t len)
{
	const char *dot = memchr(path, '.', len);
	mops_json *v;

	if (!dot)
		return mops_json_getn(in, path, len);
	v = mops_json_getn(in, path, (size_t)(dot - path));
	if (!v || v->type != MOPS_JOBJECT)
		return NULL;
	return norm_lookup(v, dot + 1, len - (size_t)(dot - path) - 1);
}

/* Removes the value at a source path from the raw record, so that mapped
 * vendor fields do not pass through, and returns it (the caller owns it);
 * objects emptied on the way go too.  NULL when absent. */
static mops_json *
take_path(mops_json *in, const char *path, size_t len)
{
	const char *dot = memchr(path, '.', len);
	mops_json *v, *t;
	size_t n;

	if (!dot)
		return mops_json_taken(in, path, len);
	n = (size_t)(dot - path);
	v = mops_json_getn(in, path, n);
	if (!v || v->type != MOPS_JOBJECT)
		return NULL;
	t = take_path(v, dot + 1, len - n - 1);
	if (t && v->len == 0)
		mops_json_free(mops_json_taken(in, path, n));
	return t;
}

static int
blank_text(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int
usable(const mops_json *v)
{
	return v && v->type != MOPS_JNULL &&
	    !(v->type == MOPS_JSTRING && blank_text(v->u.s)) &&
	    !(v->type == MOPS_JARRAY && v->len == 0);
}

/* The first present, non-empty value among '|'-separated paths (the caller
 * owns it); takes every path it looked at out of the raw record, so vendor
 * fields that were mapped do not pass through.  *where (*wlen bytes) is the
 * path it came from, a part of paths.  Paths of 128 bytes or more are only
 * looked at, and stay. */
static mops_json *
take_first(struct nrec *r, const char *paths, const char **where, size_t *wlen)
{
	const char *p = paths;
	mops_json *found = NULL;

	*where = NULL;
	*wlen = 0;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		mops_json *v;

		if (len < 128) {
			v = take_path(r->in, p, len);
			if (!found && usable(v)) {
				found = v;
				*where = p;
				*wlen = len;
			} else
				mops_json_free(v);
		} else if (!found && usable(v = norm_lookup(r->in, p, len))) {
			found = mops_json_copy(v);
			*where = p;
			*wlen = len;
		}
		p += len;
		if (*p == '|')
			p++;
	}
	return found;
}

/* The text of a scalar: a string's or number's own (the caller may change it
 * in place: it owns v), "true" or "false" in tf, or NULL. */
static char *
scalar_text(mops_json *v, char tf[8])
{
	switch (v->type) {
	case MOPS_JSTRING:
	case MOPS_JNUMBER:
		return v->u.s;
	case MOPS_JTRUE:
		memcpy(tf, "true", 5);
		return tf;
	case MOPS_JFALSE:
		memcpy(tf, "false", 6);
		return tf;
	default:
		return NULL;
	}
}

char *
norm_text(struct nrec *r, const char *paths)
{
	const char *where;
	char tf[8], *s;
	size_t wlen;
	mops_json *v = take_first(r, paths, &where, &wlen);

	if (!v)
		return NULL;
	s = scalar_text(v, tf);
	s = s ? mops_xstrdup(s) : NULL;
	mops_json_free(v);
	return s;
}

void
norm_set_str(struct nrec *r, const char *field, const char *s)
{
	mops_json_set(r->out, field, mops_json_new_string(s));
}

/* Consent words, whichever way the column asks. */
static int
consent_word(const char *s, int *optout)
{
	static const char *const out_w[] = { "unsubscribed", "optedout", "optout",
		"unsubscribe", "donotemail", "donotcontact", "revoked", "withdrawn",
		"declined", NULL };
	static const char *const in_w[] = { "subscribed", "optedin", "optin",
		"consented", "granted", "doubleoptin", "singleoptin", NULL };
	char key[32];
	int i;

	norm_fold(s, strlen(s), key, sizeof(key));
	for (i = 0; out_w[i]; i++)
		if (strcmp(key, out_w[i]) == 0)
			return *optout = 1, 0;
	for (i = 0; in_w[i]; i++)
		if (strcmp(key, in_w[i]) == 0)
			return *optout = 0, 0;
	return -1;
}

static int
parse_bool(const char *s, int *b)
{
	static const char *const yes[] = { "true", "t", "yes", "y", "1", "on", NULL };
	static const char *const no[] = { "false", "f", "no", "n", "0", "off", "", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *b = 1, 0;
	for (i = 0; no[i]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *b = 0, 0;
	return -1;
}

int
norm_time(struct nrec *r, const char *field, const char *text, int date_only,
    char *out, size_t outsz)
{
	struct mops_time t;
	enum mops_date_order order = r->cfg->date_order;
	const char *p = text;
	int n1 = 0, n2 = 0;

	/* 05.01.2026 is day first wherever dots are written */
	while (*p == ' ')
		p++;
	while (isdigit((unsigned char)*p))
		p++, n1++;
	if (*p == '.' && n1 >= 1 && n1 <= 2 && order != MOPS_DATE_YMD) {
		for (p++; isdigit((unsigned char)*p); p++)
			n2++;
		if (*p == '.' && n2 >= 1 && n2 <= 2)
			order = MOPS_DATE_DMY;
	}
	/* 31/12/2026 in a month-first file: only one reading is a date */
	if (mops_time_parse(text, order, &t) != 0 && (order == MOPS_DATE_YMD ||
	    mops_time_parse(text, order == MOPS_DATE_MDY ? MOPS_DATE_DMY :
	    MOPS_DATE_MDY, &t) != 0)) {
		norm_error(r, field, "timestamp_invalid", text);
		return -1;
	}
	/* A date where a timestamp belongs means midnight UTC. */
	if (date_only)
		mops_time_format_date(&t, out, outsz);
	else {
		t.date_only = 0;
		mops_time_format(&t, out, outsz);
	}
	return 0;
}

/* A number from vendor text: "1,200.50", "$1200", " 12 " -> JSON number text. */
static int
clean_number(const char *s, int integer, char *out, size_t outsz)
{
	size_t n = 0;
	int digits = 0, dot = 0;
	struct mops_json_err e;
	mops_json *chk;

	char eu[128];
	const char *lastsep;

	while (*s == ' ' || *s == '$' || *s == '\xe2' || *s == '\x82' || *s == '\xac')
		s++;	/* space, $ and the bytes of the euro sign */
	/* "1.234,56" and "1234,56": a decimal comma (the last separator is a
	 * comma, and two digits or one follow it, or dots group before it) */
	lastsep = strrchr(s, ',');
	if (lastsep && strlen(s) < sizeof(eu) && !strchr(lastsep, '.') &&
	    ((strchr(s, '.') && strchr(s, '.') < lastsep) ||
	    (strspn(lastsep + 1, "0123456789") == strlen(lastsep + 1) &&
	    strlen(lastsep + 1) >= 1 && strlen(lastsep + 1) <= 2))) {
		size_t k = 0;

		for (; *s; s++)
			if (*s == ',')
				eu[k++] = s == lastsep ? '.' : ',';
			else if (*s != '.')
				eu[k++] = *s;
		eu[k] = '\0';
		s = eu;
	}
	for (; *s && n + 1 < outsz; s++) {
		if (*s == ',' || *s == ' ')
			continue;
		if (*s == '.') {
			if (dot++ || integer)
				return -1;
		} else if (*s == '-' || *s == '+') {
			if (n)
				return -1;
			if (*s == '+')
				continue;
		} else if (isdigit((unsigned char)*s))
			digits++;
		else if ((*s == 'e' || *s == 'E') && !integer && digits)
			;
		else
			return -1;
		out[n++] = *s;
	}
	out[n] = '\0';
	if (!digits)
		return -1;
	/* Strip leading zeros that JSON does not allow ("007"). */
	while (out[0] == '0' && isdigit((unsigned char)out[1]))
		memmove(out, out + 1, strlen(out));
	if (out[0] == '-' && out[1] == '0' && isdigit((unsigned char)out[2]))
		memmove(out + 1, out + 2, strlen(out + 1));
	if (out[0] == '.' || (out[0] == '-' && out[1] == '.')) {
		size_t k = out[0] == '-' ? 1 : 0;

		if (strlen(out) + 2 > outsz)
			return -1;
		memmove(out + k + 1, out + k, strlen(out + k) + 1);
		out[k] = '0';
	}
	if (out[strlen(out) - 1] == '.')
		out[strlen(out) - 1] = '\0';
	chk = mops_json_parse(out, strlen(out), &e);
	if (!chk || chk->type != MOPS_JNUMBER) {
		mops_json_free(chk);
		return -1;
	}
	mops_json_free(chk);
	return 0;
}

static void
append_xref(struct nrec *r, const char *id)
{
	mops_json *a = mops_json_get(r->out, "xref_ids");
	size_t i;

	if (!a) {
		a = mops_json_new_array();
		mops_json_set(r->out, "xref_ids", a);
	}
	for (i = 0; i < a->len; i++)
		if (strcmp(a->u.items[i]->u.s, id) == 0)
			return;
	mops_json_append(a, mops_json_new_string(id));
}

static char *
make_ref(struct nrec *r, const char *prefix, const char *id)
{
	char id18[32];

	size_t np, ni;
	char *s;

	if (strncmp(prefix, "salesforce:", 11) == 0 || (strcmp(prefix, "") == 0 &&
	    strcmp(r->system, "salesforce") == 0)) {
		/* the 18-character form, so a 15- and an 18-character
		 * id of one record join (canon.h) */
		if (mops_sfid18(id, id18, sizeof(id18)) == 0)
			id = id18;
	}
	np = strlen(prefix);
	ni = strlen(id);
	s = mops_xmalloc(np + ni + 1);
	memcpy(s, prefix, np);
	memcpy(s + np, id, ni + 1);
	return s;
}

char *
norm_make_ref(struct nrec *r, const char *prefix, const char *id)
{
	return make_ref(r, prefix, id);
}

static void
set_refs(struct nrec *r, const char *canon, const mops_json *v, const char *prefix)
{
	mops_json *a = mops_json_new_array();
	size_t i;

	if (v->type == MOPS_JARRAY) {
		for (i = 0; i < v->len; i++) {
			const mops_json *it = v->u.items[i];
			const char *id = mops_json_scalar_text(it);

			if (!id && it->type == MOPS_JOBJECT)
				id = mops_json_scalar_text(mops_json_get(it, "id"));
			if (id && *id)
				mops_json_append(a, mops_json_new_string_own(make_ref(r, prefix, id)));
		}
	} else if (v->type == MOPS_JOBJECT) {
		/* HubSpot associations: {"results":[{"id":..}]} */
		const mops_json *res = mops_json_get(v, "results");

		if (res) {
			mops_json_free(a);
			set_refs(r, canon, res, prefix);
			return;
		}
	} else {
		const char *s = mops_json_scalar_text(v);
		/* "a;b" lists from CSV cells */
		char *copy = s ? mops_xstrdup(s) : NULL, *tok, *save = NULL;

		for (tok = copy ? strtok_r(copy, ";,", &save) : NULL; tok;
		    tok = strtok_r(NULL, ";,", &save)) {
			while (*tok == ' ')
				tok++;
			if (*tok)
				mops_json_append(a, mops_json_new_string_own(make_ref(r, prefix, tok)));
		}
		free(copy);
	}
	/* Sorted and unique, so the output does not depend on vendor order. */
	for (i = 1; i < a->len; i++) {
		size_t j = i;

		while (j > 0 && strcmp(a->u.items[j - 1]->u.s, a->u.items[j]->u.s) > 0) {
			mops_json *t = a->u.items[j];

			a->u.items[j] = a->u.items[j - 1];
			a->u.items[j - 1] = t;
			j--;
		}
	}
	for (i = 1; i < a->len;)
		if (strcmp(a->u.items[i - 1]->u.s, a->u.items[i]->u.s) == 0) {
			mops_json_free(a->u.items[i]);
			memmove(a->u.items + i, a->u.items + i + 1,
			    (a->len - i - 1) * sizeof(*a->u.items));
			a->len--;
		} else
			i++;
	if (a->len)
		mops_json_set(r->out, canon, a);
	else
		mops_json_free(a);
}

static int
word_in_list(const char *w, size_t n, const char *const *list)
{
	char low[16];
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < sizeof(low); i++)
		if (w[i] != '.')
			low[k++] = (char)tolower((unsigned char)w[i]);
	low[k] = '\0';
	if (i < n)
		return 0;
	for (i = 0; list[i]; i++)
		if (strcmp(low, list[i]) == 0)
			return 1;
	return 0;
}

static const char *const salutations[] = { "mr", "mrs", "ms", "miss", "mx", "dr",
	"prof", "sir", "dame", "rev", "herr", "frau", "mme", "mlle", "sr", "sra", NULL };
static const char *const suffixes[] = { "jr", "sr", "ii", "iii", "iv", "phd", "md",
	"mba", "cpa", "esq", "dds", "rn", "jd", NULL };
static const char *const particles[] = { "van", "von", "de", "der", "den", "da",
	"di", "du", "la", "le", "del", "della", "dos", "das", "st", "bin", "al", "ter",
	"ten", NULL };

static char *salutation_clean(const char *raw);

/* "Dr. John Smith Jr.", "Smith, John", "LEE, SAM", "Ludwig van Beethoven":
 * salutation and suffix apart, the rest split into first and last name (the
 * last name starts at a particle or is the last word). */
static void
split_name(struct nrec *r, const char *full)
{
	char *clean = mops_ws_collapse(full), *w[32], *first = NULL, *last = NULL;
	char *comma, *p;
	size_t nw = 0, i, lo, hi, lastat;
	struct mops_buf b = MOPS_BUF_INIT;

	if (!clean)
		return;
	/* "Smith, John" unless what follows the comma is a suffix ("O'Brien, PhD") */
	if ((comma = strchr(clean, ',')) != NULL) {
		const char *after = comma + 1;

		while (*after == ' ')
			after++;
		if (!word_in_list(after, strcspn(after, " ,"), suffixes) && *after) {
			/* rotate: "Smith, John" -> "John Smith" */
			char *rot = mops_xasprintf("%s %.*s", after, (int)(comma - clean), clean);

			free(clean);
			clean = rot;
		} else
			*comma = ' ';
	}
	for (p = strtok(clean, " "); p && nw < 32; p = strtok(NULL, " "))
		w[nw++] = p;
	lo = 0;
	hi = nw;
	while (hi - lo > 1 && word_in_list(w[lo], strlen(w[lo]), salutations))
		lo++;
	while (hi - lo > 1 && word_in_list(w[hi - 1], strlen(w[hi - 1]), suffixes))
		hi--;
	if (hi > lo) {
		lastat = hi - 1;
		for (i = lo + 1; i + 1 < hi; i++)
			if (word_in_list(w[i], strlen(w[i]), particles)) {
				lastat = i;
				break;
			}
		if (hi - lo == 1)	/* one word: a first name, but after a
					 * salutation a last name ("Mr Smith") */
			lastat = lo > 0 ? lo : hi;
		for (i = lo; i < lastat; i++) {
			if (b.len)
				mops_buf_addc(&b, ' ');
			mops_buf_adds(&b, w[i]);
		}
		first = b.len ? mops_first_name_clean(b.s) : NULL;
		mops_buf_reset(&b);
		for (i = lastat; i < hi; i++) {
			if (b.len)
				mops_buf_addc(&b, ' ');
			mops_buf_adds(&b, w[i]);
		}
		last = b.len ? mops_name_clean(b.s) : NULL;
	}
	if (first && !mops_json_get(r->out, "first_name"))
		norm_set_str(r, "first_name", first);
	if (last && !mops_json_get(r->out, "last_name"))
		norm_set_str(r, "last_name", last);
	if (lo > 0 && !mops_json_get(r->out, "salutation")) {
		char *sal;

		mops_buf_reset(&b);
		for (i = 0; i < lo; i++) {
			if (b.len)
				mops_buf_addc(&b, ' ');
			mops_buf_adds(&b, w[i]);
		}
		sal = salutation_clean(b.s);
		norm_set_str(r, "salutation", sal);
		free(sal);
	}
	if (hi < nw) {
		mops_buf_reset(&b);
		for (i = hi; i < nw; i++) {
			if (b.len)
				mops_buf_addc(&b, ' ');
			mops_buf_adds(&b, w[i]);
		}
		norm_set_str(r, "name_suffix", b.s);
	}
	free(first);
	free(last);
	mops_buf_free(&b);
	free(clean);
}


/* Values that say "no value": web-to-lead's "[not provided]", "N/A", "-".
 * PLACEHOLDER_FIRST: the first characters of the words below. */
#define PLACEHOLDER_FIRST "[n(#u-.?t"
static int
placeholder(const char *s)
{
	static const char *const words[] = { "[not provided]", "not provided",
		"(not provided)", "n/a", "n.a.", "#n/a", "none", "null", "nil",
		"unknown", "[unknown]", "-", "--", "---", ".", "?", "tbd", "not applicable",
		"no name", "[no name]", "undefined", NULL };
	char *c;
	const char *p;
	int i, hit = 0, graphic = 0;
	unsigned char first = 0;

	/* Most values are no placeholder: tell from their printable ASCII bytes
	 * (white space, ASCII or not, is never one), without a copy.  The first
	 * must start a word and there must be no more than the longest word has
	 * ("[not provided]", "not applicable": 14, spaces included). */
	for (p = s; *p; p++) {
		unsigned char u = (unsigned char)*p;

		if (u > 0x20 && u < 0x7f) {
			if (!first++ && !strchr(PLACEHOLDER_FIRST, tolower(u)))
				return 0;
			if (++graphic > 14)
				return 0;
		} else if (!first && u >= 0x80)
			first = 1;	/* NBSP and the like: the slow way */
	}
	if (!(c = mops_ws_collapse(s)))
		return 0;
	for (i = 0; words[i] && !hit; i++)
		hit = strcasecmp(c, words[i]) == 0;
	free(c);
	return hit;
}

static int
placeholder_kind(enum fkind k)
{
	return k == F_EMAIL || k == F_FIRST || k == F_LAST || k == F_FULLNAME ||
	    k == F_COMPANY || k == F_COUNTRY || k == F_REGION || k == F_PHONE ||
	    k == F_DOMAIN || k == F_CITY || k == F_TITLE || k == F_SALUTATION || k == F_POSTAL;
}

/* Job-title words written as they are: acronyms and mixed-case terms. */
static const char *const title_words[] = { "VP", "SVP", "EVP", "AVP", "CEO", "CFO",
	"CTO", "COO", "CMO", "CIO", "CRO", "CISO", "CPO", "CCO", "CDO", "CHRO", "IT",
	"HR", "PR", "QA", "UX", "UI", "EMEA", "APAC", "AMER", "LATAM", "US", "UK",
	"EU", "B2B", "B2C", "SaaS", "CRM", "ABM", "SEO", "SEM", "PPC", "RevOps",
	"DevOps", "MarTech", "GM", "MD", "R&D", "SDR", "BDR", "AE", "CSM", "PMM",
	"KAM", "ERP", "AI", "ML", "II", "III", "IV", "NA", "PhD", "MBA", NULL };
static const char *const title_small[] = { "of", "and", "the", "for", "in", "at",
	"to", "on", "de", "a", NULL };

/* "VP MARKETING", "director of it" -> "VP Marketing", "Director of IT"; a title
 * typed in mixed case is kept as it is. */
static char *
title_clean(const char *raw)
{
	char *s = mops_ws_collapse(raw), *p;
	int up = 0, lo = 0;
	struct mops_buf b = MOPS_BUF_INIT;
	size_t i = 0, n;

	if (!s || !*s) {
		free(s);
		return NULL;
	}
	for (p = s; *p; p++) {
		up |= isupper((unsigned char)*p) != 0;
		lo |= islower((unsigned char)*p) != 0;
	}
	if (up && lo)
		return s;
	n = strlen(s);
	while (i < n) {
		size_t e = i, k;
		int found = 0;

		if (!isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) {
			mops_buf_addc(&b, s[i++]);
			continue;
		}
		while (e < n && (isalnum((unsigned char)s[e]) || (unsigned char)s[e] >= 0x80 ||
		    (s[e] == '&' && e + 1 < n && isalnum((unsigned char)s[e + 1]))))
			e++;
		for (k = 0; title_words[k] && !found; k++)
			if (strlen(title_words[k]) == e - i &&
			    strncasecmp(s + i, title_words[k], e - i) == 0) {
				mops_buf_adds(&b, title_words[k]);
				found = 1;
			}
		for (k = 0; !found && i > 0 && title_small[k]; k++)
			if (strlen(title_small[k]) == e - i &&
			    strncasecmp(s + i, title_small[k], e - i) == 0) {
				mops_buf_adds(&b, title_small[k]);
				found = 1;
			}
		if (!found) {
			char *w = mops_xstrndup(s + i, e - i);
			char *t = mops_first_name_clean(w);

			mops_buf_adds(&b, t ? t : w);
			free(t);
			free(w);
		}
		i = e;
	}
	free(s);
	return b.s ? b.s : mops_xstrdup("");
}


/* "MR", "mr", "Mr" -> "Mr."; "PROF. DR." -> "Prof. Dr."; others as typed. */
static char *
salutation_clean(const char *raw)
{
	static const char *const canon[] = { "Mr.", "Mrs.", "Ms.", "Miss", "Mx.", "Dr.",
		"Prof.", "Sir", "Dame", "Rev.", "Herr", "Frau", "Mme", "Mlle", "Sr.", "Sra.",
		NULL };
	char *c = mops_ws_collapse(raw), *tok, *save = NULL;
	struct mops_buf b = MOPS_BUF_INIT;
	int i, all = 1;

	if (!c || !*c) {
		free(c);
		return NULL;
	}
	for (tok = strtok_r(c, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		size_t n = strcspn(tok, ".");
		const char *hit = NULL;

		for (i = 0; canon[i] && !hit; i++)
			if (strlen(canon[i]) - (strchr(canon[i], '.') != NULL) == n &&
			    strncasecmp(tok, canon[i], n) == 0 && (!tok[n] || !strcmp(tok + n, ".")))
				hit = canon[i];
		if (b.len)
			mops_buf_addc(&b, ' ');
		mops_buf_adds(&b, hit ? hit : tok);
		all &= hit != NULL;
	}
	if (!all) {	/* not only salutations: as typed */
		mops_buf_free(&b);
		b.s = mops_ws_collapse(raw);
	} else if (!b.s)
		b.s = mops_xstrdup("");
	free(c);
	return b.s;
}

/* "Dr. Anne" in a first-name field, "Smith Jr." in a last-name field: the
 * salutation and the suffix are kept apart. */
static void
set_first(struct nrec *r, const char *canon, const char *text)
{
	char *c = mops_ws_collapse(text), *s, *rest = c;
	size_t n;

	/* "Dr. Anne", "Prof. Dr. Hans", or only "Ms." */
	while (rest && *rest && word_in_list(rest, (n = strcspn(rest, " ")), salutations))
		rest += n + (rest[n] == ' ');
	if (c && rest > c && !mops_json_get(r->out, "salutation")) {
		char *sal0 = mops_xstrndup(c, (size_t)(rest - c)), *sal = salutation_clean(sal0);

		if (sal && *sal)
			norm_set_str(r, "salutation", sal);
		free(sal);
		free(sal0);
	}
	if (rest && *rest && (s = mops_first_name_clean(rest)) != NULL) {
		norm_set_str(r, canon, s);
		free(s);
	}
	free(c);
}

static void
set_last(struct nrec *r, const char *canon, const char *text)
{
	char *c = mops_ws_collapse(text), *s, *sp;

	if (c && (sp = strrchr(c, ' ')) != NULL) {
		/* "Smith Jr.", "Smith, Jr.", "Smith III" */
		const char *suf = sp + 1;

		if (word_in_list(suf, strlen(suf), suffixes)) {
			if (!mops_json_get(r->out, "name_suffix"))
				norm_set_str(r, "name_suffix", suf);
			*sp = '\0';
			if (sp > c && sp[-1] == ',')
				sp[-1] = '\0';
		}
	}
	if (c && (s = mops_name_clean(c)) != NULL) {
		norm_set_str(r, canon, s);
		free(s);
	}
	free(c);
}

static void
apply_email(struct nrec *r, const char *canon, const char *text)
{
	char buf[1024];
	int st = mops_email_normalize_cell(text, buf, sizeof(buf));
	const char *dom;

	if (st == MOPS_EMAIL_EMPTY)
		return;
	if (st != MOPS_EMAIL_OK) {
		norm_error(r, canon, "email_invalid", text);
		return;
	}
	norm_set_str(r, canon, buf);
	if (strcmp(canon, "email") != 0)
		return;
	dom = mops_email_domain(buf);
	if (dom && *dom) {
		norm_set_str(r, "email_domain", dom);
		mops_json_set(r->out, "email_role", mops_json_new_bool(mops_email_is_role(buf)));
		mops_json_set(r->out, "email_free", mops_json_new_bool(mops_email_is_free(dom)));
	}
}

static void
apply_phone(struct nrec *r, const char *canon, const char *text)
{
	struct mops_phone ph;
	int st;

	char fix[64];
	size_t n = strlen(text), i, caps = 0, maxcaps = 0;

	/* Spreadsheet leftovers: a quote that kept a formula away ("'+1 212..."),
	 * a number turned float ("12125550100.0") */
	while (*text == '\'' || *text == ' ')
		text++, n--;
	if (n < sizeof(fix)) {
		memcpy(fix, text, n + 1);
		if (n > 2 && strcmp(fix + n - 2, ".0") == 0 &&
		    strspn(fix, "+0123456789") == n - 2)
			fix[n - 2] = '\0';
		text = fix;
	}
	st = mops_phone_parse(text, r->country, &ph);
	for (i = 0; i < n && text == fix; i++) {
		caps = fix[i] >= 'A' && fix[i] <= 'Z' ? caps + 1 : 0;
		if (caps > maxcaps)
			maxcaps = caps;
	}
	if (st == MOPS_PHONE_INVALID && n < sizeof(fix)) {
		/* "+1 212 555 0100 / +1 212 555 0101": the first number;
		 * "(M) 07700 900123", "212 555 0100 Mobile": without the label */
		char lab[64];
		size_t k = 0, j;
		const char *src = text;
		char *cut;

		snprintf(lab, sizeof(lab), "%s", src);
		if ((cut = strstr(lab, " / ")) != NULL || (cut = strchr(lab, ',')) != NULL ||
		    (cut = strchr(lab, ';')) != NULL || (cut = strstr(lab, " or ")) != NULL)
			if (strncmp(cut, ";ext", 4) != 0)
				*cut = '\0';
		for (j = 0; lab[j];) {
			size_t w = 0;

			if (lab[j] == '(' && strcspn(lab + j, ")") < strlen(lab + j)) {
				size_t e = strcspn(lab + j, ")"), q;
				int letters = 0;

				for (q = 1; q < e; q++)
					letters |= isalpha((unsigned char)lab[j + q]) != 0;
				if (letters) {
					j += e + 1;
					continue;
				}
			}
			while (isalpha((unsigned char)lab[j + w]))
				w++;
			if (w > 0 && !(w == 1 && (lab[j] == 'x' || lab[j] == 'X')) &&
			    strncasecmp(lab + j, "ext", 3) != 0) {
				j += w;
				if (lab[j] == ':' || lab[j] == '.')
					j++;
				continue;
			}
			if (w == 0)
				w = 1;
			memmove(lab + k, lab + j, w);
			k += w;
			j += w;
		}
		lab[k] = '\0';
		if (strcmp(lab, text) != 0) {
			struct mops_phone ph2;

			if (mops_phone_parse(lab, r->country, &ph2) == MOPS_PHONE_OK) {
				st = MOPS_PHONE_OK;
				ph = ph2;
			}
		}
	}
	if (st == MOPS_PHONE_INVALID && maxcaps >= 3) {
		/* a vanity number: 1-800-FLOWERS */
		static const char keypad[] = "22233344455566677778889999";

		for (i = 0; fix[i]; i++)
			if (fix[i] >= 'A' && fix[i] <= 'Z')
				fix[i] = keypad[fix[i] - 'A'];
		st = mops_phone_parse(fix, r->country, &ph);
	}
	switch (st) {
	case MOPS_PHONE_OK: {
		char *k;

		norm_set_str(r, canon, ph.e164);
		if (ph.ext[0]) {
			k = mops_xasprintf("%s_ext", canon);
			norm_set_str(r, k, ph.ext);
			free(k);
		}
		k = mops_xasprintf("%s_type", canon);
		norm_set_str(r, k, ph.type);
		free(k);
		break;
	}
	case MOPS_PHONE_EMPTY:
		break;
	case MOPS_PHONE_NO_COUNTRY:
		norm_error(r, canon, "phone_no_country", text);
		break;
	default:
		norm_error(r, canon, "phone_invalid", text);
	}
}


/* English names of regions that the ISO tables list only in the local language
 * ("Moscow" for Moskva, "Vienna" for Wien), and common abbreviations. */
static const struct { const char *cc, *key, *code; } region_exonyms[] = {
	{ "RU", "moscow", "RU-MOW" }, { "RU", "saintpetersburg", "RU-SPE" },
	{ "RU", "stpetersburg", "RU-SPE" }, { "RU", "moscowoblast", "RU-MOS" },
	{ "AE", "dubai", "AE-DU" }, { "AE", "abudhabi", "AE-AZ" },
	{ "AE", "sharjah", "AE-SH" }, { "AE", "ajman", "AE-AJ" },
	{ "AE", "fujairah", "AE-FU" }, { "AE", "rasalkhaimah", "AE-RK" },
	{ "AE", "ummalquwain", "AE-UQ" },
	{ "CH", "geneva", "CH-GE" }, { "CH", "lucerne", "CH-LU" },
	{ "CH", "berne", "CH-BE" }, { "CH", "grisons", "CH-GR" },
	{ "BE", "flanders", "BE-VLG" }, { "BE", "wallonia", "BE-WAL" },
	{ "BE", "brussels", "BE-BRU" }, { "BE", "brusselscapitalregion", "BE-BRU" },
	{ "AT", "vienna", "AT-9" }, { "AT", "loweraustria", "AT-3" },
	{ "AT", "upperaustria", "AT-4" }, { "AT", "styria", "AT-6" },
	{ "AT", "carinthia", "AT-2" }, { "AT", "tyrol", "AT-7" },
	{ "PL", "masovia", "PL-14" }, { "PL", "mazovia", "PL-14" },
	{ "CZ", "prague", "CZ-10" }, { "PT", "lisbon", "PT-11" },
	{ "IT", "rome", "IT-RM" }, { "IT", "tuscany", "IT-52" },
	{ "IT", "sicily", "IT-82" }, { "IT", "piedmont", "IT-21" },
	{ "DK", "capitalregion", "DK-84" }, { "FI", "uusimaa", "FI-18" },
	{ "CA", "que", "CA-QC" }, { "CA", "quebec", "CA-QC" },
	{ "CA", "ont", "CA-ON" }, { "CA", "alta", "CA-AB" },
	{ "CA", "sask", "CA-SK" }, { "CA", "man", "CA-MB" },
	{ NULL, NULL, NULL }
};

static const char *
region_exonym(const char *cc, const char *text)
{
	char key[64];
	int i;

	norm_fold(text, strlen(text), key, sizeof(key));
	for (i = 0; region_exonyms[i].cc; i++)
		if (strcmp(region_exonyms[i].cc, cc) == 0 &&
		    strcmp(region_exonyms[i].key, key) == 0)
			return region_exonyms[i].code;
	return NULL;
}

/* A country written as a part of one: "England" is GB and GB-ENG. */
static const char *
country_part(const char *text)
{
	static const struct { const char *key, *code; } parts[] = {
		{ "england", "GB-ENG" }, { "scotland", "GB-SCT" }, { "wales", "GB-WLS" },
		{ "northernireland", "GB-NIR" }, { NULL, NULL }
	};
	char key[32];
	int i;

	norm_fold(text, strlen(text), key, sizeof(key));
	for (i = 0; parts[i].key; i++)
		if (strcmp(parts[i].key, key) == 0)
			return parts[i].code;
	return NULL;
}


/* "2134" (a US ZIP that lost its zero in a spreadsheet) -> "02134";
 * "ct11aa" -> "CT1 1AA"; "h2x1y4" -> "H2X 1Y4"; "1234ab" -> "1234 AB". */
static char *
postal_clean(const char *raw, const char *cc)
{
	char *s = mops_ws_collapse(raw), *t;
	size_t n, i, k;

	if (!s || !*s) {
		free(s);
		return NULL;
	}
	n = strlen(s);
	if (n > 2 && strcmp(s + n - 2, ".0") == 0 &&
	    strspn(s, "0123456789") == n - 2)
		s[n -= 2] = '\0';	/* a number turned float */
	if (!cc)
		return s;
	if (strcmp(cc, "US") == 0 && (n == 3 || n == 4) && strspn(s, "0123456789") == n) {
		t = mops_xasprintf("%0*d%s", (int)(5 - n), 0, s);
		free(s);
		return t;
	}
	if (strcmp(cc, "GB") == 0 || strcmp(cc, "CA") == 0 || strcmp(cc, "IE") == 0 ||
	    strcmp(cc, "NL") == 0) {
		char comp[16];

		for (i = k = 0; s[i]; i++) {
			if (s[i] == ' ' || s[i] == '-')
				continue;
			if (!isalnum((unsigned char)s[i]) || k + 1 >= sizeof(comp))
				return s;	/* not a code: as typed */
			comp[k++] = (char)toupper((unsigned char)s[i]);
		}
		comp[k] = '\0';
		if ((strcmp(cc, "GB") == 0 && k >= 5 && k <= 7) ||
		    (strcmp(cc, "CA") == 0 && k == 6))
			t = mops_xasprintf("%.*s %s", (int)(k - 3), comp, comp + k - 3);
		else if (strcmp(cc, "IE") == 0 && k == 7)	/* Eircode: D02 X285 */
			t = mops_xasprintf("%.3s %s", comp, comp + 3);
		else if (strcmp(cc, "NL") == 0 && k == 6)
			t = mops_xasprintf("%.4s %s", comp, comp + 4);
		else
			return s;
		free(s);
		return t;
	}
	return s;
}

void
norm_apply(struct nrec *r, const char *canon, enum fkind kind, const char *src,
    const char *arg)
{
	const char *where;
	char *text, *s, tf[8];
	mops_json *v;
	char buf[256];
	size_t wlen;
	int b;

	v = take_first(r, src, &where, &wlen);
	if (!v)
		return;
	if (kind == F_RAW) {
		mops_json_set(r->out, canon, v);
		return;
	}
	if (kind == F_REFS) {
		set_refs(r, canon, v, arg ? arg : "");
		goto done;
	}
	text = scalar_text(v, tf);
	if (!text) {
		/* An object or array where text was expected: keep it visible. */
		char *w = mops_xstrndup(where, wlen);

		norm_error(r, canon, "type_unexpected", w);
		free(w);
		goto done;
	}
	if (placeholder_kind(kind) && placeholder(text))
		goto done;
	switch (kind) {
	case F_STR:
		if ((s = mops_ws_collapse(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_EMAIL:
		apply_email(r, canon, text);
		break;
	case F_FIRST:
		set_first(r, canon, text);
		break;
	case F_LAST:
		set_last(r, canon, text);
		break;
	case F_CITY:
		/* a first-name clean: "LA PAZ" -> "La Paz", "RIO DE JANEIRO" ->
		 * "Rio de Janeiro", "st. louis" -> "St. Louis" */
		if ((s = mops_ws_collapse(text)) != NULL && strlen(s) >= 2 && strlen(s) <= 3 &&
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(s)) {
			norm_set_str(r, canon, s);	/* NYC, LA, SF: as written */
			free(s);
			break;
		}
		free(s);
		if ((s = mops_first_name_clean(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_TITLE:
		if ((s = title_clean(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_POSTAL:
		if ((s = postal_clean(text, r->country)) != NULL) {
			if (*s)
				norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_SALUTATION:
		if ((s = strcmp(canon, "salutation") == 0 ? salutation_clean(text) :
		    mops_ws_collapse(text)) != NULL) {
			if (*s)
				norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_FULLNAME:
		split_name(r, text);
		break;
	case F_COMPANY:
		if ((s = mops_company_clean(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_COUNTRY: {
		const char *cc = mops_country_code(text);

		if (!cc) {
			/* sports-style codes and spellings people type */
			static const char *const extra[][2] = { { "GER", "DE" },
				{ "NED", "NL" }, { "SUI", "CH" }, { "RSA", "ZA" },
				{ "POR", "PT" }, { "Mejico", "MX" }, { "Méjico", "MX" },
				{ "Nordirland", "GB" }, { NULL, NULL } };
			char *c = mops_ws_collapse(text);
			int i;

			for (i = 0; c && extra[i][0]; i++)
				if (strcasecmp(c, extra[i][0]) == 0)
					cc = extra[i][1];
			free(c);
		}

		if (cc) {
			const char *part = strcmp(canon, "country") == 0 &&
			    strcmp(cc, "GB") == 0 ? country_part(text) : NULL;

			norm_set_str(r, canon, cc);
			r->country = cc;
			/* a region read later (a State column) wins over this one */
			if (part && !mops_json_get(r->out, "region"))
				norm_set_str(r, "region", part);
		} else
			norm_error(r, canon, "country_unknown", text);
		break;
	}
	case F_REGION: {
		const char *rc = r->country ? mops_region_code(r->country, text) : NULL;

		if (!rc && r->country)
			rc = region_exonym(r->country, text);

		/* No country, but a US state (or Canadian province) by name or
		 * postal code: US-centric CRMs leave the country out. */
		if (!r->country && !mops_json_get(r->out, "country") &&
		    ((rc = mops_region_code("US", text)) != NULL ||
		    (rc = mops_region_code("CA", text)) != NULL)) {
			r->country = rc[0] == 'U' ? "US" : "CA";
			norm_set_str(r, "country", r->country);
		}
		if (rc)
			norm_set_str(r, canon, rc);
		else {
			norm_error(r, canon, r->country ? "region_unknown" :
			    "region_no_country", text);
		}
		break;
	}
	case F_PHONE:
		apply_phone(r, canon, text);
		break;
	case F_TIME:
	case F_DATE:
		/* MySQL's zero date and a zero epoch are how exports say "never" */
		if (strcmp(text, "0") == 0 || strncmp(text, "0000-00-00", 10) == 0)
			break;
		if (norm_time(r, canon, text, kind == F_DATE, buf, sizeof(buf)) == 0)
			norm_set_str(r, canon, buf);
		break;
	case F_BOOL:
		if (v->type == MOPS_JTRUE || v->type == MOPS_JFALSE)
			mops_json_set(r->out, canon, mops_json_new_bool(v->type == MOPS_JTRUE));
		else if (parse_bool(text, &b) == 0 ||
		    (strcmp(canon, "email_opt_out") == 0 && consent_word(text, &b) == 0))
			mops_json_set(r->out, canon, mops_json_new_bool(b));
		else if (strcmp(canon, "email_opt_out") == 0 && strlen(text) >= 6 &&
		    mops_time_parse(text, r->cfg->date_order, &(struct mops_time){ 0 }) == 0)
			/* an Unsubscribed column holding the date it happened */
			mops_json_set(r->out, canon, mops_json_new_bool(1));
		else
			norm_error(r, canon, "bool_invalid", text);
		break;
	case F_OPTIN:
		/* an opt-in column: yes means not opted out */
		if (consent_word(text, &b) == 0 || (parse_bool(text, &b) == 0 && (b = !b, 1)))
			mops_json_set(r->out, canon, mops_json_new_bool(b));
		else
			norm_error(r, canon, "bool_invalid", text);
		break;
	case F_BOUNCE:
		if (parse_bool(text, &b) != 0)
			b = strcmp(text, "0") != 0 && *text;	/* a reason, a date, a count */
		if (b || !mops_json_get(r->out, canon))
			mops_json_set(r->out, canon, mops_json_new_bool(b));
		break;
	case F_NUM:
	case F_INT:
		if (v->type == MOPS_JNUMBER)	/* as it came, byte for byte */
			mops_json_set(r->out, canon, mops_json_new_number_text(v->u.s));
		else if (clean_number(text, kind == F_INT, buf, sizeof(buf)) == 0)
			mops_json_set(r->out, canon, mops_json_new_number_text(buf));
		else
			norm_error(r, canon, "number_invalid", text);
		break;
	case F_DOMAIN:
		if ((s = mops_url_domain(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		} else
			norm_error(r, canon, "domain_invalid", text);
		break;
	case F_STAGE: {
		const char *st = norm_stage(r->cfg, text);

		if (st)
			norm_set_str(r, canon, st);
		else
			norm_error(r, canon, "lifecycle_unknown", text);
		break;
	}
	case F_REF:
		s = make_ref(r, arg ? arg : "", text);
		norm_set_str(r, canon, s);
		free(s);
		break;
	case F_XREF:
		s = make_ref(r, arg ? arg : "", text);
		append_xref(r, s);
		free(s);
		break;
	case F_URL:
	case F_REFERRER:
		if ((s = mops_ws_collapse(text)) != NULL) {
			norm_set_str(r, canon, s);
			free(s);
		}
		break;
	case F_TOUCH_TYPE:
		norm_set_str(r, canon, norm_touch_type(text));
		break;
	case F_CURRENCY: {
		size_t i, n = strlen(text);

		if (n == 3) {
			for (i = 0; i < 3; i++)
				buf[i] = (char)toupper((unsigned char)text[i]);
			buf[3] = '\0';
			norm_set_str(r, canon, buf);
		} else
			norm_error(r, canon, "currency_invalid", text);
		break;
	}
	default:
		break;
	}
done:
	mops_json_free(v);
}
