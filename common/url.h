/*
 * url.h - split URLs, read their query parameters and UTM tags, and find a site's
 * domain.
 *
 * Parsing uses libcurl's URL API (curl_url()), which is thread-safe and needs no
 * curl_global_init().  A missing scheme is guessed ("www.acme.com/path" is
 * http://www.acme.com/path); schemes curl does not speak ("android-app://") are
 * accepted; raw spaces are tolerated, as marketing URLs often carry them.
 *
 * Ownership: every char * returned or stored in a struct here is new memory owned
 * by the caller (free(), or the struct's _free function).  A NULL return means
 * "not there" or "not usable"; it also means out of memory, which the functions
 * cannot tell apart except where stated.  Decoded values are always valid UTF-8:
 * bytes that do not form UTF-8 become U+FFFD, and "%00" stays as written.
 */
#ifndef MOPS_URL_H
#define MOPS_URL_H

/* Parts of a URL, as written (not decoded).  Absent parts are NULL. */
struct mops_url {
	char *scheme;	/* lowercase: "https" */
	char *host;	/* lowercase, no port, no trailing dot; "[::1]" for IPv6 */
	char *path;	/* "/" at least; dot segments kept as written */
	char *query;	/* after '?', without it */
	char *fragment;	/* after '#', without it */
};

/*
 * Fills *u from s and returns 0, or returns -1 (u all NULL) when s is not a URL
 * curl accepts or memory runs out.  Release with mops_url_free() in both cases.
 */
int mops_url_parse(const char *s, struct mops_url *u);
void mops_url_free(struct mops_url *u);

/*
 * The decoded value of the first query parameter called `name` (compared without
 * case, after decoding), or NULL.  '+' decodes to a space.  When the query has no
 * such parameter the fragment is searched too, read as a query: "#utm_source=x",
 * and the query part of a hash route, "#/signup?utm_source=x".  A parameter written
 * without '=' has the value "".
 */
char *mops_url_param(const struct mops_url *u, const char *name);

/*
 * Campaign tags (utm_*) and ad click ids of a landing-page URL.  Values are
 * decoded, trimmed of white space, NULL when absent or empty.  The first
 * non-empty one of several parameters with one name wins; query before fragment;
 * "&amp;" separators copied out of HTML are understood.  utm_id goes to
 * `id`.  Click ids: Google Ads gclid, gbraid, wbraid; Microsoft Ads msclkid; Meta
 * fbclid; TikTok ttclid; LinkedIn li_fat_id; Campaign Manager / DV360 dclid.
 */
struct mops_utm {
	char *source, *medium, *campaign, *term, *content, *id;
	char *gclid, *gbraid, *wbraid, *fbclid, *msclkid, *ttclid, *li_fat_id, *dclid;
};

/*
 * Fills *out from url and returns the number of fields set, or -1 when memory ran
 * out (out is then all NULL).  url need not be absolute or even valid: the query
 * is whatever follows the first '?' up to '#' ("/pricing?utm_source=x" works), and
 * a string with '=' but no '?', '#' or '/' is read as a bare query
 * ("utm_source=x&utm_medium=y").  url may be NULL (returns 0).  Release with
 * mops_utm_free(), also after -1.
 */
int mops_utm_from_url(const char *url, struct mops_utm *out);
void mops_utm_free(struct mops_utm *u);

/*
 * The site's domain for company_domain: "https://www.Acme.com:8443/about",
 * "acme.com", "WWW.ACME.COM." all give "acme.com"; "http://acme.co.uk" gives
 * "acme.co.uk".  The host is lowercased and loses its port, trailing dot and one
 * leading "www." (or "www2.", "www1." ..., any "www" plus digits) when a dot
 * remains.  Other subdomains are kept ("shop.acme.com" stays): without a public
 * suffix list we cannot tell "shop.acme.com" from "acme.co.uk".  NULL for junk
 * (no dot, bad characters, "N/A"), IP addresses, localhost, schemes other
 * than http and https ("android-app://..."), and URLs carrying
 * user info such as "john@acme.com" (pass an email's domain part instead).
 * The usual website value ("https://www.acme.com/...", "acme.com") is read
 * without libcurl, giving what curl gives; anything else goes to curl.
 */
char *mops_url_domain(const char *url_or_host);

/* The host of url (scheme optional), lowercased, without port or trailing dot, or NULL. */
char *mops_url_host(const char *url);

/*
 * Percent-decodes n bytes of s ('+' as space when plus is nonzero) into a new
 * valid UTF-8 string, or NULL when out of memory.
 */
char *mops_url_decode(const char *s, size_t n, int plus);

#endif
