/* email.c - see email.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

static int
valid(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *d, *lab;
	size_t llen, dlen, labn = 0, nlabels = 0;

	if (!at || memchr(at + 1, '@', len - (size_t)(at - s) - 1) || len > 254)
		return 0;
	llen = (size_t)(at - s);
	if (llen < 1 || llen > 64 || s[0] == '.' || at[-1] == '.')
		return 0;
	for (size_t i = 0; i < llen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (s[i + 1] == '.')
				return 0;
		} else if (!atext(c))
			return 0;
	}
	d = at + 1;
	dlen = len - llen - 1;
	if (dlen < 4 || dlen > 253)
		return 0;
	lab = d;
	for (size_t i = 0; i <= dlen; i++) {
		char c = i < dlen ? d[i] : '.';
		if (c == '.') {
			if (labn < 1 || labn > 63 || lab[0] == '-' || lab[labn - 1] == '-')
				return 0;
			nlabels++;
			if (i < dlen)
				lab = d + i + 1, labn = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return 0;
		labn++;
	}
	if (nlabels < 2 || labn < 2)
		return 0;
	if (!(labn > 4 && memcmp(lab, "xn--", 4) == 0))
		for (size_t i = 0; i < labn; i++)
			if (lab[i] < 'a' || lab[i] > 'z')
				return 0;
	return 1;
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
	return valid(out, len) ? MOPS_EMAIL_OK : MOPS_EMAIL_INVALID;
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
	default: return "invalid";
	}
}
