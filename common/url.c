#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "url.h"
#include "utf8.h"

#define WS " \t\r\n\f\v"

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lc(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *
mops_url_decode(const char *s, size_t n, int plus)
{
	unsigned char *d, *out, *o;
	size_t i, k, len, seq;
	uint32_t cp;
	int hi, lo;

	if ((d = malloc(n + 1)) == NULL)
		return NULL;
	for (i = k = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0 && (hi | lo) != 0) {
			/* "%00" stays as written: a NUL would cut the C string short */
			d[k++] = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (plus && s[i] == '+')
			d[k++] = ' ';
		else
			d[k++] = (unsigned char)s[i];
	}
	d[k] = '\0';
	len = k;
	if (mops_utf8_valid((char *)d, len))
		return (char *)d;

	/* Latin-1 "%E9" and the like: each bad byte becomes U+FFFD. */
	if ((out = malloc(3 * len + 1)) == NULL) {
		free(d);
		return NULL;
	}
	for (i = 0, o = out; i < len; i += seq) {
		seq = mops_utf8_decode((char *)d + i, len - i, &cp);
		if (cp & 0x80000000u)
			o += mops_utf8_encode(0xfffd, (char *)o);
		else {
			memcpy(o, d + i, seq);
			o += seq;
		}
	}
	*o = '\0';
	free(d);
	return (char *)out;
}

/* Does the raw key k[0..n) decode to name, ignoring case? */
static int
key_is(const char *k, size_t n, const char *name)
{
	size_t i;
	int c, hi, lo;

	/* "&amp;utm_medium=" from URLs copied out of HTML */
	if (n > 4 && strncmp(k, "amp;", 4) == 0)
		k += 4, n -= 4;
	for (i = 0; i < n; i++, name++) {
		c = (unsigned char)k[i];
		if (c == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)k[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)k[i + 2])) >= 0) {
			c = hi << 4 | lo;
			i += 2;
		} else if (c == '+')
			c = ' ';
		if (*name == '\0' || lc(c) != lc((unsigned char)*name))
			return 0;
	}
	return *name == '\0';
}

/*
 * Calls fn for each name=value pair of the query q[0..n) ('&'-separated) until it
 * returns nonzero, and returns that.
 */
static int
each_param(const char *q, size_t n, int (*fn)(const char *, size_t, const char *,
    size_t, void *), void *arg)
{
	const char *end = q + n, *amp, *eq, *v;
	size_t vn;
	int r;

	while (q < end) {
		if ((amp = memchr(q, '&', (size_t)(end - q))) == NULL)
			amp = end;
		if (amp > q) {
			eq = memchr(q, '=', (size_t)(amp - q));
			v = eq ? eq + 1 : amp;
			vn = (size_t)(amp - v);
			if ((r = fn(q, (size_t)((eq ? eq : amp) - q), v, vn, arg)) != 0)
				return r;
		}
		q = amp + 1;
	}
	return 0;
}

/* The query-like part of a fragment: after '?' in a hash route, else all of it if it has '='. */
static const char *
frag_query(const char *f, size_t *n)
{
	const char *q;

	if (f == NULL)
		return NULL;
	if ((q = strchr(f, '?')) != NULL)
		f = q + 1;
	else if (strchr(f, '=') == NULL)
		return NULL;
	*n = strlen(f);
	return f;
}

struct find {
	const char *name, *v;
	size_t vn;
};

static int
find_cb(const char *k, size_t kn, const char *v, size_t vn, void *arg)
{
	struct find *f = arg;

	if (!key_is(k, kn, f->name))
		return 0;
	f->v = v;
	f->vn = vn;
	return 1;
}

char *
mops_url_param(const struct mops_url *u, const char *name)
{
	struct find f = { name, NULL, 0 };
	const char *fq;
	size_t n;

	if (u == NULL || name == NULL)
		return NULL;
	if (u->query && each_param(u->query, strlen(u->query), find_cb, &f))
		return mops_url_decode(f.v, f.vn, 1);
	if ((fq = frag_query(u->fragment, &n)) && each_param(fq, n, find_cb, &f))
		return mops_url_decode(f.v, f.vn, 1);
	return NULL;
}

static char *
trimdup(const char *s)
{
	size_t n;

	s += strspn(s, WS);
	n = strlen(s);
	while (n > 0 && strchr(WS, s[n - 1]))
		n--;
	return strndup(s, n);
}

static void
lower(char *h)
{
	for (; *h; h++)
		*h = (char)lc((unsigned char)*h);
}

static void
strip_dot(char *h)
{
	size_t n = strlen(h);

	if (n > 1 && h[n - 1] == '.')
		h[n - 1] = '\0';
}

/* curl's string as our own malloc'd copy: curl_free() must free curl's memory. */
static int
get_part(CURLU *h, CURLUPart what, char **out)
{
	char *s = NULL;
	CURLUcode rc;

	*out = NULL;
	rc = curl_url_get(h, what, &s, 0);
	if (rc != CURLUE_OK || s == NULL)
		return rc == CURLUE_OUT_OF_MEMORY ? -1 : 0;
	*out = strdup(s);
	curl_free(s);
	return *out ? 0 : -1;
}

/* mops_url_parse(), also telling whether the URL has user info. */
static int
parse(const char *s, struct mops_url *u, int *has_user)
{
	CURLU *h;
	char *t, *user = NULL;
	int rc = -1;

	memset(u, 0, sizeof *u);
	if (s == NULL || (t = trimdup(s)) == NULL)
		return -1;
	if (*t == '\0' || (h = curl_url()) == NULL) {
		free(t);
		return -1;
	}
	if (curl_url_set(h, CURLUPART_URL, t, CURLU_GUESS_SCHEME |
	    CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE | CURLU_PATH_AS_IS) != CURLUE_OK)
		goto out;
	if (get_part(h, CURLUPART_SCHEME, &u->scheme) || get_part(h, CURLUPART_HOST,
	    &u->host) || get_part(h, CURLUPART_PATH, &u->path) || get_part(h,
	    CURLUPART_QUERY, &u->query) || get_part(h, CURLUPART_FRAGMENT, &u->fragment) ||
	    get_part(h, CURLUPART_USER, &user))
		goto out;
	if (u->host == NULL || *u->host == '\0')
		goto out;
	lower(u->host);
	if (u->scheme)
		lower(u->scheme);
	strip_dot(u->host);
	*has_user = user != NULL;
	rc = 0;
out:
	if (rc)
		mops_url_free(u);
	curl_url_cleanup(h);
	free(user);
	free(t);
	return rc;
}

int
mops_url_parse(const char *s, struct mops_url *u)
{
	int has_user;

	return parse(s, u, &has_user);
}

void
mops_url_free(struct mops_url *u)
{
	if (u == NULL)
		return;
	free(u->scheme);
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->fragment);
	memset(u, 0, sizeof *u);
}

char *
mops_url_host(const char *url)
{
	struct mops_url u;
	char *h;

	if (mops_url_parse(url, &u) != 0)
		return NULL;
	h = u.host;
	u.host = NULL;
	mops_url_free(&u);
	return h;
}

/* A DNS name with a dot and a non-numeric top label; no IP, no localhost. */
static int
is_domain(const char *h)
{
	const char *p, *label = h, *last = NULL;
	int alldigit = 1, dots = 0;

	if (*h == '\0' || *h == '[')
		return 0;
	for (p = h; ; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.' || c == '\0') {
			if (p == label || p - label > 63 || *label == '-' || p[-1] == '-')
				return 0;
			last = label;
			if (c == '\0')
				break;
			dots++;
			label = p + 1;
			alldigit = 1;
			continue;
		}
		if (!(islower(c) || isdigit(c) || c == '-' || c == '_' || c >= 0x80))
			return 0;
		if (!isdigit(c))
			alldigit = 0;
	}
	if (dots == 0 || alldigit || strlen(last) < 2 || p - h > 253)
		return 0;
	if (strcmp(last, "localhost") == 0)
		return 0;
	return 1;
}

/*
 * The host of the usual website value without libcurl, as curl would give it:
 * [http[s]://]name[/?#rest] with a plain ASCII DNS name (letters, digits, '-',
 * '.') whose last label starts with a letter (curl reads "1.0x10" as an IPv4
 * address), no port, no user info, nothing but printable ASCII after it.
 * Returns 1 with *host (new, lowercased, one trailing dot stripped; NULL when
 * out of memory), or 0 when curl has to look: anything else, such as a host
 * from which curl guesses another scheme ("ftp.acme.com" is ftp to curl).
 */
static int
fast_host(const char *s, char **host)
{
	static const char *const guessed[] = { "ftp.", "dict.", "ldap.", "imap.",
		"smtp.", "pop3.", NULL };
	const char *h, *e, *p, *end, *last;
	size_t n, i;
	int scheme = 1;

	*host = NULL;
	s += strspn(s, WS);
	end = s + strlen(s);
	while (end > s && strchr(WS, end[-1]))
		end--;
	if (end - s > 4096)
		return 0;
	if (strncasecmp(s, "http://", 7) == 0)
		h = s + 7;
	else if (strncasecmp(s, "https://", 8) == 0)
		h = s + 8;
	else
		h = s, scheme = 0;
	for (e = h; e < end && ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
	    (*e >= '0' && *e <= '9') || *e == '-' || *e == '.'); e++)
		;
	if (e == h || (e < end && *e != '/' && *e != '?' && *e != '#'))
		return 0;
	for (p = e; p < end; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f || *p == '\\')
			return 0;
	n = (size_t)(e - h);
	if (n > 1 && h[n - 1] == '.')
		n--;
	for (last = h + n; last > h && last[-1] != '.'; last--)
		;
	if (last == h + n || (*last >= '0' && *last <= '9'))
		return 0;
	for (i = 0; !scheme && guessed[i]; i++)
		if (strncasecmp(h, guessed[i], strlen(guessed[i])) == 0)
			return 0;
	if ((*host = calloc(n + 1, 1)) == NULL)	/* calloc: the analyzer sees every byte set */
		return 1;
	for (i = 0; i < n; i++)
		(*host)[i] = (char)lc((unsigned char)h[i]);
	(*host)[n] = '\0';
	return 1;
}

char *
mops_url_domain(const char *url_or_host)
{
	struct mops_url u;
	char *d = NULL, *p;
	size_t len, k;
	int has_user;

	if (url_or_host == NULL)
		return NULL;
	if (fast_host(url_or_host, &d)) {
		if (d && !is_domain(d)) {
			free(d);
			return NULL;
		}
		if (!d)
			return NULL;
	} else {
		if (parse(url_or_host, &u, &has_user) != 0)
			return NULL;
		/* "john@acme.com" parses as user "john" at acme.com: not a site */
		if (has_user || !is_domain(u.host) || u.scheme == NULL ||
		    (strcmp(u.scheme, "http") != 0 &&
		    strcmp(u.scheme, "https") != 0)) {
			mops_url_free(&u);
			return NULL;
		}
		d = u.host;
		u.host = NULL;
		mops_url_free(&u);
	}
	/* one leading www, www1, www2 ... when something with a dot remains */
	len = strlen(d);
	if (len > 3 && strncmp(d, "www", 3) == 0) {
		for (k = 3; k < len && isdigit((unsigned char)d[k]); k++)
			;
		p = d + k;
		if (k < len && *p == '.' && strchr(p + 1, '.'))
			memmove(d, p + 1, strlen(p + 1) + 1);
	}
	return d;
}

/* UTM parameters and click ids, in struct order. */
#define UTM_NAME(s) { s, sizeof(s) - 1 }
static const struct { const char *name; size_t len; } utm_names[] = {
	UTM_NAME("utm_source"), UTM_NAME("utm_medium"), UTM_NAME("utm_campaign"),
	UTM_NAME("utm_term"), UTM_NAME("utm_content"), UTM_NAME("utm_id"),
	UTM_NAME("gclid"), UTM_NAME("gbraid"), UTM_NAME("wbraid"), UTM_NAME("fbclid"),
	UTM_NAME("msclkid"), UTM_NAME("ttclid"), UTM_NAME("li_fat_id"),
	UTM_NAME("dclid"),
};
#define NUTM (sizeof utm_names / sizeof utm_names[0])

static char **
utm_field(struct mops_utm *u, size_t i)
{
	char **f[NUTM] = {
		&u->source, &u->medium, &u->campaign, &u->term, &u->content, &u->id,
		&u->gclid, &u->gbraid, &u->wbraid, &u->fbclid, &u->msclkid,
		&u->ttclid, &u->li_fat_id, &u->dclid,
	};
	return f[i];
}

struct utm_scan {
	struct mops_utm *u;
	int n, oom;
};

static int
utm_cb(const char *k, size_t kn, const char *v, size_t vn, void *arg)
{
	struct utm_scan *sc = arg;
	char **f, *d, *t;
	size_t i, j, dn = kn;
	/* a key without escapes decodes to itself: names of another length
	 * need no closer look */
	int plain = !memchr(k, '%', kn) && !memchr(k, '+', kn);

	if (dn > 4 && strncmp(k, "amp;", 4) == 0)
		dn -= 4;
	for (i = 0; i < NUTM; i++) {
		if ((plain && utm_names[i].len != dn) || !key_is(k, kn, utm_names[i].name))
			continue;
		f = utm_field(sc->u, i);
		if (*f != NULL)
			return 0;
		/* the usual value, printable ASCII without escapes, is itself
		 * decoded: only spaces to trim */
		for (j = 0; j < vn && v[j] >= 0x20 && v[j] < 0x7f && v[j] != '%' &&
		    v[j] != '+'; j++)
			;
		if (j == vn) {
			while (vn > 0 && *v == ' ')
				v++, vn--;
			while (vn > 0 && v[vn - 1] == ' ')
				vn--;
			if ((t = strndup(v, vn)) == NULL) {
				sc->oom = 1;
				return 1;
			}
		} else if ((d = mops_url_decode(v, vn, 1)) == NULL ||
		    (t = trimdup(d)) == NULL) {
			free(d);
			sc->oom = 1;
			return 1;
		} else
			free(d);
		if (*t == '\0') {
			free(t);	/* empty: a later non-empty one may follow */
			return 0;
		}
		*f = t;
		sc->n++;
		return 0;
	}
	return 0;
}

int
mops_utm_from_url(const char *url, struct mops_utm *out)
{
	struct utm_scan sc = { out, 0, 0 };
	const char *hash, *q = NULL, *fq;
	size_t qn = 0, fn;

	memset(out, 0, sizeof *out);
	if (url == NULL)
		return 0;
	hash = strchr(url, '#');
	if ((q = strchr(url, '?')) != NULL && (hash == NULL || q < hash)) {
		q++;
		qn = hash ? (size_t)(hash - q) : strlen(q);
	} else if (hash == NULL && strchr(url, '=') && strchr(url, '/') == NULL) {
		q = url;	/* a bare query string */
		qn = strlen(url);
	} else
		q = NULL;
	if (q)
		each_param(q, qn, utm_cb, &sc);
	if (!sc.oom && hash && (fq = frag_query(hash + 1, &fn)) != NULL)
		each_param(fq, fn, utm_cb, &sc);
	if (sc.oom) {
		mops_utm_free(out);
		return -1;
	}
	return sc.n;
}

void
mops_utm_free(struct mops_utm *u)
{
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < NUTM; i++)
		free(*utm_field(u, i));
	memset(u, 0, sizeof *u);
}
