/* email.c - see email.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "email.h"

#include "free_domains_data.inc"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
isspc(const char *s, size_t *n)
{
	unsigned char c = (unsigned char)s[0];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*n = 1;
		return 1;
	}
	if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {		/* U+00A0 */
		*n = 2;
		return 1;
	}
	return 0;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static int
prefix_ci(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);

	if (len < n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != w[i])
			return 0;
	return 1;
}

/* Shrink [*b, *e) by one layer of wrapping; 1 if something was removed. */
static int
unwrap(const char **b, const char **e)
{
	const char *p = *b, *q = *e;
	size_t n;

	while (p < q && isspc(p, &n))
		p += n;
	while (q > p && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\n' || q[-1] == '\r' ||
	    q[-1] == '.' || q[-1] == ',' || q[-1] == ';' ||
	    (q - p >= 2 && (unsigned char)q[-2] == 0xC2 && (unsigned char)q[-1] == 0xA0)))
		q -= (q - p >= 2 && (unsigned char)q[-1] == 0xA0) ? 2 : 1;
	if (prefix_ci(p, (size_t)(q - p), "mailto:")) {
		const char *qm = memchr(p, '?', (size_t)(q - p));
		p += 7;
		if (qm)
			q = qm;
	} else if (q - p >= 2 && ((p[0] == '"' && q[-1] == '"') ||
	    (p[0] == '\'' && q[-1] == '\'') || (p[0] == '<' && q[-1] == '>'))) {
		p++, q--;
	} else if (q - p >= 3 && q[-1] == '>') {		/* Name <addr> */
		const char *lt = q - 1;
		while (lt > p && *lt != '<')
			lt--;
		if (*lt != '<')
			goto done;
		for (const char *t = p; t < lt; t++)	/* a name, not another address */
			if (*t == '@' || *t == '>')
				goto done;
		p = lt + 1, q--;
	}
done:
	if (p == *b && q == *e)
		return 0;
	*b = p, *e = q;
	return 1;
}

static int
atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
	    (c && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

/* Reserved and special-use top-level domains (RFC 2606, 6761, 6762, 9476; ICANN's
 * .internal): no mail is delivered there.  Sorted. */
static const char *const reserved_tld[] = {
	"alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion",
	"test",
};

static int
cmp_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* 1 if the local part s[0..len) is dot-atom text (UTF-8 allowed, SMTPUTF8). */
static int
local_ok(const char *s, size_t len)
{
	if (len < 1 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (i + 1 < len && s[i + 1] == '.')
				return 0;
		} else if (!atext(c))
			return 0;
	}
	return 1;
}

/*
 * Check an ASCII (A-label) domain d: 2+ labels of 1..63 [a-z0-9-] not starting
 * or ending with '-', at most 253 bytes, a top-level label of 2+ letters or an
 * A-label.  MOPS_EMAIL_OK, _INVALID or _RESERVED.
 */
static int
domain_ok(const char *d, size_t dlen)
{
	const char *lab = d;
	size_t labn = 0, nlabels = 0;
	char tld[64];

	if (dlen < 4 || dlen > 253)
		return MOPS_EMAIL_INVALID;
	for (size_t i = 0; i <= dlen; i++) {
		char c = i < dlen ? d[i] : '.';
		if (c == '.') {
			if (labn < 1 || labn > 63 || lab[0] == '-' || lab[labn - 1] == '-')
				return MOPS_EMAIL_INVALID;
			nlabels++;
			if (i < dlen)
				lab = d + i + 1, labn = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return MOPS_EMAIL_INVALID;
		labn++;
	}
	if (nlabels < 2 || labn < 2)
		return MOPS_EMAIL_INVALID;
	if (!(labn > 4 && memcmp(lab, "xn--", 4) == 0))
		for (size_t i = 0; i < labn; i++)
			if (lab[i] < 'a' || lab[i] > 'z')
				return MOPS_EMAIL_INVALID;
	memcpy(tld, lab, labn);
	tld[labn] = '\0';
	if (bsearch(tld, reserved_tld, NELEM(reserved_tld), sizeof reserved_tld[0],
	    cmp_str))
		return MOPS_EMAIL_RESERVED;
	return MOPS_EMAIL_OK;
}

/* 1 if the domain needs IDNA: a byte >= 0x80 or a label starting "xn--". */
static int
needs_idna(const char *d)
{
	for (const char *p = d; *p; p++)
		if ((unsigned char)*p >= 0x80 ||
		    ((p == d || p[-1] == '.') && strncmp(p, "xn--", 4) == 0))
			return 1;
	return 0;
}

/*
 * Validate the lowercased address s (NUL-terminated, length len) in place.  An
 * internationalized domain is checked by IDNA2008 (UTS #46 non-transitional
 * mapping, as browsers and mail clients resolve it) and written back in its Unicode
 * form (U-labels) when that fits in sz bytes.
 */
static int
validate(char *s, size_t len, size_t sz)
{
	char *at = memchr(s, '@', len), *d;
	char *alabel = NULL, *ulabel = NULL;
	int st;

	if (!at || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return MOPS_EMAIL_INVALID;
	if (!local_ok(s, (size_t)(at - s)))
		return MOPS_EMAIL_INVALID;
	d = at + 1;
	if (!needs_idna(d))
		return len > 254 ? MOPS_EMAIL_INVALID : domain_ok(d, len - (size_t)(d - s));
	if (idn2_lookup_u8((const uint8_t *)d, (uint8_t **)&alabel,
	    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		return MOPS_EMAIL_INVALID;
	st = domain_ok(alabel, strlen(alabel));
	if (st == MOPS_EMAIL_OK && (size_t)(d - s) + strlen(alabel) > 254)
		st = MOPS_EMAIL_INVALID;
	if (st == MOPS_EMAIL_OK) {
		if (idn2_to_unicode_8z8z(alabel, &ulabel, 0) != IDN2_OK)
			st = MOPS_EMAIL_INVALID;
		else if ((size_t)(d - s) + strlen(ulabel) + 1 > sz)
			st = MOPS_EMAIL_INVALID;
		else
			memcpy(d, ulabel, strlen(ulabel) + 1);
	}
	idn2_free(alabel);
	idn2_free(ulabel);
	return st;
}

int
mops_email_normalize(const char *raw, char *out, size_t outsz)
{
	const char *b, *e;
	size_t len;

	if (outsz)
		out[0] = '\0';
	if (!raw)
		return MOPS_EMAIL_EMPTY;
	b = raw;
	e = raw + strlen(raw);
	for (int i = 0; i < 8 && unwrap(&b, &e); i++)
		;
	len = (size_t)(e - b);
	if (len == 0)
		return MOPS_EMAIL_EMPTY;
	if (len + 1 > outsz)
		return MOPS_EMAIL_INVALID;
	for (size_t i = 0; i < len; i++)
		out[i] = lower(b[i]);
	out[len] = '\0';
	return validate(out, len, outsz);
}

/* "bob @ bar.com", "bob@bar. com": drop spaces typed next to '@' or a dot. */
static size_t
squeeze(const char *text, char *sq)
{
	size_t i, k = 0, n = strlen(text);

	for (i = 0; i < n; i++) {
		if (text[i] == ' ') {
			size_t a = i, z = i;

			while (a > 0 && text[a - 1] == ' ')
				a--;
			while (z < n && text[z] == ' ')
				z++;
			if (a > 0 && z < n && (strchr("@.", text[a - 1]) ||
			    strchr("@.", text[z])))
				continue;
		}
		sq[k++] = text[i];
	}
	sq[k] = '\0';
	return k;
}

/*
 * Split raw at any of seps into pieces, each of which must be a valid address
 * (or blank); the first goes to out.  Nested: a piece that fails is split again at
 * blanks when blanks is set.
 */
static int
split_all(const char *b, const char *e, const char *seps, int blanks, char *out,
    size_t outsz, char *tmp, char *scratch, int *count)
{
	const char *p = b;

	while (p <= e) {
		const char *q = p;
		size_t n;
		int st;

		while (q < e && !strchr(seps, *q))
			q++;
		n = (size_t)(q - p);
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		st = *count ? mops_email_normalize(tmp, scratch, n + 1) :
		    mops_email_normalize(tmp, out, outsz);
		if (st == MOPS_EMAIL_INVALID && blanks && strpbrk(tmp, " \t")) {
			if (!split_all(p, q, " \t", 0, out, outsz, tmp, scratch, count))
				return 0;
		} else if (st == MOPS_EMAIL_OK) {
			++*count;
		} else if (st != MOPS_EMAIL_EMPTY) {
			return 0;
		}
		p = q + 1;
	}
	return 1;
}

int
mops_email_normalize_cell(const char *raw, char *out, size_t outsz)
{
	char *sq, *tmp, *scratch;
	size_t n;
	int st, count = 0;

	st = mops_email_normalize(raw, out, outsz);
	if (st != MOPS_EMAIL_INVALID || !raw || !strchr(raw, '@'))
		return st;
	n = strlen(raw);
	if ((sq = malloc(3 * (n + 1))) == NULL)
		return MOPS_EMAIL_INVALID;
	tmp = sq + n + 1;
	scratch = tmp + n + 1;
	if (squeeze(raw, sq) < n) {
		st = mops_email_normalize(sq, tmp, n + 1);
		if (st == MOPS_EMAIL_OK) {
			st = mops_email_normalize(sq, out, outsz);
			goto done;
		}
	}
	if (strpbrk(raw, ",; \t") && split_all(raw, raw + n, ",;", 1, out, outsz, tmp,
	    scratch, &count) && count > 0) {
		st = MOPS_EMAIL_OK;
		goto done;
	}
	st = mops_email_normalize(raw, out, outsz);	/* out: the cleaned value again */
done:
	free(sq);
	return st;
}

const char *
mops_email_domain(const char *email)
{
	const char *at = email ? strrchr(email, '@') : NULL;

	return at ? at + 1 : NULL;
}

int
mops_email_is_role(const char *email)
{
	static const char *const roles[] = {	/* sorted */
		"abuse", "accounting", "accounts", "admin", "administrator", "billing",
		"careers", "contact", "contactus", "customercare", "customerservice",
		"do-not-reply", "donotreply", "enquiries", "enquiry", "feedback",
		"finance", "hello", "help", "helpdesk", "hostmaster", "hr", "info",
		"inquiries", "inquiry", "jobs", "legal", "mail", "marketing", "media",
		"news", "newsletter", "no-reply", "no_reply", "noreply", "office",
		"orders", "postmaster", "press", "privacy", "recruiting", "recruitment",
		"reservations", "root", "sales", "security", "service", "services",
		"support", "team", "webmaster", "welcome",
	};
	char local[65];
	size_t n = 0, lo = 0, hi = NELEM(roles);

	if (!email)
		return 0;
	while (email[n] && email[n] != '@' && email[n] != '+') {
		if (n == sizeof local - 1)
			return 0;
		local[n] = lower(email[n]);
		n++;
	}
	if (email[n] == '\0')
		return 0;
	local[n] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(local, roles[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int
cmp_domain(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

int
mops_email_is_free(const char *domain)
{
	char d[256];
	size_t n;

	if (!domain || (n = strlen(domain)) == 0 || n >= sizeof d)
		return 0;
	for (size_t i = 0; i <= n; i++)
		d[i] = lower(domain[i]);
	return bsearch(d, free_domains, NELEM(free_domains), sizeof free_domains[0],
	    cmp_domain) != NULL;
}

int
mops_email_canonical(const char *email, char *out, size_t outsz)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	size_t len, o = 0;

	if (outsz)
		out[0] = '\0';
	if (!at)
		return MOPS_EMAIL_INVALID;
	len = strlen(email);
	if (len + 1 > outsz)
		return MOPS_EMAIL_INVALID;
	if (!strcasecmp(at + 1, "gmail.com") || !strcasecmp(at + 1, "googlemail.com")) {
		for (const char *p = email; p < at && *p != '+'; p++)
			if (*p != '.')
				out[o++] = lower(*p);
		if (o == 0)
			return MOPS_EMAIL_INVALID;
		memcpy(out + o, "@gmail.com", 11);
		return MOPS_EMAIL_OK;
	}
	for (size_t i = 0; i <= len; i++)
		out[i] = lower(email[i]);
	return MOPS_EMAIL_OK;
}

const char *
mops_email_status_name(int status)
{
	switch (status) {
	case MOPS_EMAIL_OK: return "ok";
	case MOPS_EMAIL_EMPTY: return "empty";
	case MOPS_EMAIL_RESERVED: return "reserved";
	default: return "invalid";
	}
}
