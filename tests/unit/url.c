/*
 * url.c - URL parts, query parameters, UTM tags, site domains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "url.h"

static const struct parse_row {
	const char *in;
	int rc;
	const char *scheme, *host, *path, *query, *fragment;
} parse_rows[] = {
	{ "https://www.Acme.com/About?x=1#top", 0, "https", "www.acme.com", "/About", "x=1", "top" },
	{ "www.acme.com/path", 0, "http", "www.acme.com", "/path", NULL, NULL },
	{ "acme.com", 0, "http", "acme.com", "/", NULL, NULL },
	{ "  HTTP://ACME.COM.:8080/a/../b  ", 0, "http", "acme.com", "/a/../b", NULL, NULL },
	{ "https://acme.com/a b?utm_campaign=spring sale", 0, "https", "acme.com", "/a b", "utm_campaign=spring sale", NULL },
	{ "android-app://com.google.android.gm/", 0, "android-app", "com.google.android.gm", "/", NULL, NULL },
	{ "http://[::1]:80/x", 0, "http", "[::1]", "/x", NULL, NULL },
	{ "/pricing?utm_source=x", -1, NULL, NULL, NULL, NULL, NULL },
	{ "http://", -1, NULL, NULL, NULL, NULL, NULL },
	{ "", -1, NULL, NULL, NULL, NULL, NULL },
	{ "   ", -1, NULL, NULL, NULL, NULL, NULL },
	{ "acme.com, acme.io", -1, NULL, NULL, NULL, NULL, NULL },
	{ NULL, -1, NULL, NULL, NULL, NULL, NULL },
};

static const struct param_row {
	const char *url, *name, *want;
} param_rows[] = {
	{ "https://a.com/?utm_source=google&utm_medium=cpc", "utm_medium", "cpc" },
	{ "https://a.com/?UTM_Source=Google", "utm_source", "Google" },
	{ "https://a.com/?q=caf%C3%A9+au+lait", "q", "caf\xc3\xa9 au lait" },
	{ "https://a.com/?q=a%2Bb%26c%3Dd", "q", "a+b&c=d" },
	{ "https://a.com/?q=caf%E9", "q", "caf\xef\xbf\xbd" },
	{ "https://a.com/?q=100%&r=%zz%4", "q", "100%" },
	{ "https://a.com/?q=a%00b", "q", "a%00b" },
	{ "https://a.com/?utm%5Fsource=x", "utm_source", "x" },
	{ "https://a.com/?flag&x=1", "flag", "" },
	{ "https://a.com/?x=1&x=2", "x", "1" },
	{ "https://a.com/?x=1", "y", NULL },
	{ "https://a.com/#utm_source=news", "utm_source", "news" },
	{ "https://a.com/?utm_source=q#utm_source=f", "utm_source", "q" },
	{ "https://a.com/#/signup?utm_medium=email", "utm_medium", "email" },
	{ "https://a.com/#section", "section", NULL },
	{ "https://a.com/?a=1&amp;utm_term=crm", "utm_term", "crm" },
};

static const struct utm_row {
	const char *url;
	int n;
	const char *source, *medium, *campaign, *term, *content, *id;
	const char *gclid, *fbclid, *msclkid, *li_fat_id;
} utm_rows[] = {
	{ "https://acme.com/l?utm_source=linkedin&utm_medium=paid_social&utm_campaign=q4%20launch&utm_term=crm+tool&utm_content=v2&utm_id=42",
	  6, "linkedin", "paid_social", "q4 launch", "crm tool", "v2", "42", NULL, NULL, NULL, NULL },
	{ "acme.com/?utm_source=%20Google%20&utm_medium=+cpc+&gclid=Cj0KCQ", 3,
	  "Google", "cpc", NULL, NULL, NULL, NULL, "Cj0KCQ", NULL, NULL, NULL },
	{ "/pricing?utm_source=&utm_source=bing&msclkid=abc", 2,
	  "bing", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "abc", NULL },
	{ "https://acme.com/#utm_source=news&utm_medium=email", 2,
	  "news", "email", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "https://acme.com/?utm_source=a#utm_source=b&utm_medium=c", 2,
	  "a", "c", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "utm_source=fb&utm_medium=social&fbclid=IwAR&li_fat_id=9", 4,
	  "fb", "social", NULL, NULL, NULL, NULL, NULL, "IwAR", NULL, "9" },
	{ "https://acme.com/page", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "https://acme.com/?utm_medium=%20%20", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "not a url at all", 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL },
};

static const struct dom_row {
	const char *in, *domain, *host;
} dom_rows[] = {
	{ "acme.com", "acme.com", "acme.com" },
	{ "https://www.Acme.com/about", "acme.com", "www.acme.com" },
	{ "http://acme.co.uk", "acme.co.uk", "acme.co.uk" },
	{ "http://www.acme.co.uk/", "acme.co.uk", "www.acme.co.uk" },
	{ " WWW.ACME.COM. ", "acme.com", "www.acme.com" },
	{ "https://www2.acme.com:8443/x", "acme.com", "www2.acme.com" },
	{ "www.acme.com/path?x=1", "acme.com", "www.acme.com" },
	{ "shop.acme.com", "shop.acme.com", "shop.acme.com" },
	{ "www.com", "www.com", "www.com" },
	{ "https://medium.com/@acme", "medium.com", "medium.com" },
	{ "john@acme.com", NULL, "acme.com" },
	{ "http://192.168.1.10/", NULL, "192.168.1.10" },
	{ "[::1]", NULL, "[::1]" },
	{ "localhost", NULL, "localhost" },
	{ "http://localhost:3000/", NULL, "localhost" },
	{ "acme", NULL, "acme" },
	{ "N/A", NULL, "n" },
	{ "acme..com", NULL, "acme..com" },
	{ "-acme.com", NULL, "-acme.com" },
	{ "ftp://files.acme.com", NULL, "files.acme.com" },
	{ "android-app://com.google.android.gm", NULL, "com.google.android.gm" },
	/* the website values mops_url_domain() reads without curl, and the ones
	 * next to them that curl reads (expected values are curl's) */
	{ "ftp.acme.com", NULL, "ftp.acme.com" },	/* curl guesses ftp:// */
	{ "SMTP.acme.com/x", NULL, "smtp.acme.com" },
	{ "http://ftp.acme.com", "ftp.acme.com", "ftp.acme.com" },
	{ "1.0x10", NULL, "1.0.0.16" },		/* an IPv4 address to curl */
	{ "http://1.0x10/", NULL, "1.0.0.16" },
	{ "https://acme.com/a b?q=1 2", "acme.com", "acme.com" },
	{ "acme.com.", "acme.com", "acme.com" },
	{ "HTTPS://WWW.ACME.COM?x=1#y", "acme.com", "www.acme.com" },
	{ "acme.com?x=@y", "acme.com", "acme.com" },
	{ "www.acme.com/\\x", "acme.com", "www.acme.com" },
	{ "https://shop.acme.com#/a?b=c", "shop.acme.com", "shop.acme.com" },
	{ "acme.com:8080", "acme.com", "acme.com" },
	{ "\thttps://www.Acme.io/ \t", "acme.io", "www.acme.io" },
	{ "https://acme.com/caf\xc3\xa9", "acme.com", "acme.com" },
	{ "", NULL, NULL },
	{ NULL, NULL, NULL },
};

static const char *
nz(const char *s)
{
	return s ? s : "NULL";
}

int
main(void)
{
	struct mops_url u;
	struct mops_utm m;
	char what[600], *got;
	size_t i;

	for (i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
		const struct parse_row *r = &parse_rows[i];

		snprintf(what, sizeof what, "parse %s", nz(r->in));
		CHECK_INT(mops_url_parse(r->in, &u), r->rc, what);
		CHECK_STR(u.scheme, r->scheme, what);
		CHECK_STR(u.host, r->host, what);
		CHECK_STR(u.path, r->path, what);
		CHECK_STR(u.query, r->query, what);
		CHECK_STR(u.fragment, r->fragment, what);
		mops_url_free(&u);
	}

	for (i = 0; i < sizeof param_rows / sizeof param_rows[0]; i++) {
		const struct param_row *r = &param_rows[i];

		snprintf(what, sizeof what, "param %s in %s", r->name, r->url);
		CHECK_INT(mops_url_parse(r->url, &u), 0, what);
		got = mops_url_param(&u, r->name);
		CHECK_STR(got, r->want, what);
		free(got);
		mops_url_free(&u);
	}
	CHECK(mops_url_param(NULL, "x") == NULL, "param of NULL url");

	for (i = 0; i < sizeof utm_rows / sizeof utm_rows[0]; i++) {
		const struct utm_row *r = &utm_rows[i];

		snprintf(what, sizeof what, "utm %s", nz(r->url));
		CHECK_INT(mops_utm_from_url(r->url, &m), r->n, what);
		CHECK_STR(m.source, r->source, what);
		CHECK_STR(m.medium, r->medium, what);
		CHECK_STR(m.campaign, r->campaign, what);
		CHECK_STR(m.term, r->term, what);
		CHECK_STR(m.content, r->content, what);
		CHECK_STR(m.id, r->id, what);
		CHECK_STR(m.gclid, r->gclid, what);
		CHECK_STR(m.fbclid, r->fbclid, what);
		CHECK_STR(m.msclkid, r->msclkid, what);
		CHECK_STR(m.li_fat_id, r->li_fat_id, what);
		mops_utm_free(&m);
	}
	CHECK_INT(mops_utm_from_url("/?gbraid=1&wbraid=2&ttclid=3&dclid=4", &m), 4, "ids");
	CHECK_STR(m.gbraid, "1", "gbraid");
	CHECK_STR(m.wbraid, "2", "wbraid");
	CHECK_STR(m.ttclid, "3", "ttclid");
	CHECK_STR(m.dclid, "4", "dclid");
	mops_utm_free(&m);
	mops_utm_free(NULL);

	for (i = 0; i < sizeof dom_rows / sizeof dom_rows[0]; i++) {
		const struct dom_row *r = &dom_rows[i];

		snprintf(what, sizeof what, "domain %s", nz(r->in));
		got = mops_url_domain(r->in);
		CHECK_STR(got, r->domain, what);
		free(got);
		snprintf(what, sizeof what, "host %s", nz(r->in));
		got = mops_url_host(r->in);
		CHECK_STR(got, r->host, what);
		free(got);
	}

	got = mops_url_decode("a+b%41", 6, 0);
	CHECK_STR(got, "a+bA", "decode without plus");
	free(got);
	got = mops_url_decode("%F0%9F%98%80%ED%A0%80%C0%AF", 27, 1);
	CHECK_STR(got, "\xf0\x9f\x98\x80\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd", "decode: emoji kept, surrogate and overlong replaced");
	free(got);
	return unit_done();
}
