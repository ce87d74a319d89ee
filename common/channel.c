#include <string.h>

#include "channel.h"
#include "url.h"

enum { CAT_NONE, CAT_SEARCH, CAT_SHOPPING, CAT_SOCIAL, CAT_VIDEO };

static const char *const cat_names[] = {
	NULL, "SEARCH", "SHOPPING", "SOCIAL", "VIDEO",
};

struct source_cat {
	const char *name;	/* lowercase */
	unsigned char cat;
};

#include "channel_data.inc"

#define NSOURCES (sizeof source_cats / sizeof source_cats[0])

const char *const mops_channel_names[] = {
	"Direct", "Cross-network", "Paid Shopping", "Paid Search", "Paid Social",
	"Paid Video", "Display", "Paid Other", "Organic Shopping", "Organic Social",
	"Organic Video", "Organic Search", "Referral", "Email", "Affiliates", "Audio",
	"SMS", "Mobile Push Notifications", "Unassigned", NULL,
};

/* Where source and medium came from: the rule names say so. */
enum { FROM_UTM, FROM_REFERRER, FROM_CLICK_ID };

static char *referrer_source(const char *, char *, size_t, const char **, int *);
static int same_site(const char *, const char *);

/* A borrowed string without surrounding white space: no copies, no locks. */
struct sl {
	const char *p;
	size_t n;
};

static int
lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_ws(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static struct sl
mk(const char *s)
{
	struct sl r = { "", 0 };

	if (s == NULL)
		return r;
	while (is_ws((unsigned char)*s))
		s++;
	r.p = s;
	r.n = strlen(s);
	while (r.n > 0 && is_ws((unsigned char)s[r.n - 1]))
		r.n--;
	return r;
}

/* Case-insensitive comparisons with a lowercase literal. */
static int
at(struct sl s, size_t i, const char *lit)
{
	size_t k;

	for (k = 0; lit[k]; k++)
		if (i + k >= s.n || lc((unsigned char)s.p[i + k]) != lit[k])
			return 0;
	return 1;
}

static int
eq(struct sl s, const char *lit)
{
	return s.n == strlen(lit) && at(s, 0, lit);
}

static int
starts(struct sl s, const char *lit)
{
	return at(s, 0, lit);
}

static int
ends(struct sl s, const char *lit)
{
	size_t n = strlen(lit);

	return s.n >= n && at(s, s.n - n, lit);
}

static int
contains(struct sl s, const char *lit)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (at(s, i, lit))
			return 1;
	return 0;
}

static int
eq_any(struct sl s, const char *const *lits)
{
	for (; *lits; lits++)
		if (eq(s, *lits))
			return 1;
	return 0;
}

/* ^(.*cp.*|ppc|retargeting|paid.*)$ */
static int
paid_medium(struct sl m)
{
	return contains(m, "cp") || eq(m, "ppc") || eq(m, "retargeting") ||
	    starts(m, "paid");
}

/* ^(.*(([^a-df-z]|^)shop|shopping).*)$: "shop" not after a letter other than 'e' */
static int
shop_campaign(struct sl c)
{
	size_t i;
	int prev;

	for (i = 0; i < c.n; i++) {
		if (at(c, i, "shopping"))
			return 1;
		if (!at(c, i, "shop"))
			continue;
		if (i == 0)
			return 1;
		prev = lc((unsigned char)c.p[i - 1]);
		if (!(prev >= 'a' && prev <= 'z') || prev == 'e')
			return 1;
	}
	return 0;
}

static int
category_of(struct sl s)
{
	size_t lo = 0, hi = NSOURCES, mid, i;
	const char *name;
	int d;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		name = source_cats[mid].name;
		d = 0;
		for (i = 0; i < s.n && d == 0; i++)
			d = name[i] == '\0' ? 1 :
			    lc((unsigned char)s.p[i]) - (unsigned char)name[i];
		if (d == 0 && name[i] != '\0')
			d = -1;
		if (d == 0)
			return source_cats[mid].cat;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return CAT_NONE;
}

const char *
mops_source_category(const char *source)
{
	struct sl s = mk(source);

	return s.n ? cat_names[category_of(s)] : NULL;
}

static const char *const email_words[] = { "email", "e-mail", "e_mail", "e mail", NULL };
static const char *const social_media[] = {
	"social", "social-network", "social-media", "sm", "social network",
	"social media", NULL,
};
static const char *const display_media[] = {
	"display", "banner", "expandable", "interstitial", "cpm", NULL,
};
static const char *const referral_media[] = { "referral", "app", "link", NULL };

/* GA4's manual-traffic rules, in GA4's order. */
static const char *
classify(struct sl src, int cat, struct sl med, struct sl camp, int from,
    const char **rule)
{
	int paid = paid_medium(med), shop = shop_campaign(camp);

#define RULE(ch, r) do { *rule = (r); return (ch); } while (0)
	if (eq(src, "(direct)") && (eq(med, "(not set)") || eq(med, "(none)")))
		RULE("Direct", "direct:source+medium");
	if (contains(camp, "cross-network"))
		RULE("Cross-network", "cross_network:campaign");
	if (paid && cat == CAT_SHOPPING)
		RULE("Paid Shopping", "paid_shopping:source_category+medium");
	if (paid && shop)
		RULE("Paid Shopping", "paid_shopping:campaign+medium");
	if (paid && cat == CAT_SEARCH)
		RULE("Paid Search", from == FROM_CLICK_ID ? "paid_search:click_id" :
		    "paid_search:source_category+medium");
	if (paid && cat == CAT_SOCIAL)
		RULE("Paid Social", "paid_social:source_category+medium");
	if (paid && cat == CAT_VIDEO)
		RULE("Paid Video", "paid_video:source_category+medium");
	if (eq_any(med, display_media))
		RULE("Display", "display:medium");
	if (paid)
		RULE("Paid Other", "paid_other:medium");
	if (cat == CAT_SHOPPING)
		RULE("Organic Shopping", from == FROM_REFERRER ?
		    "organic_shopping:referrer" : "organic_shopping:source_category");
	if (shop)
		RULE("Organic Shopping", "organic_shopping:campaign");
	if (cat == CAT_SOCIAL)
		RULE("Organic Social", from == FROM_REFERRER ?
		    "organic_social:referrer" : "organic_social:source_category");
	if (eq_any(med, social_media))
		RULE("Organic Social", "organic_social:medium");
	if (cat == CAT_VIDEO)
		RULE("Organic Video", from == FROM_REFERRER ?
		    "organic_video:referrer" : "organic_video:source_category");
	if (contains(med, "video"))
		RULE("Organic Video", "organic_video:medium");
	if (cat == CAT_SEARCH || eq(med, "organic"))
		RULE("Organic Search", from == FROM_REFERRER ? "organic_search:referrer" :
		    cat == CAT_SEARCH ? "organic_search:source_category" :
		    "organic_search:medium");
	if (eq_any(med, referral_media))
		RULE("Referral", from == FROM_REFERRER ? "referral:referrer" :
		    "referral:medium");
	if (eq_any(med, email_words))
		RULE("Email", "email:medium");
	if (eq_any(src, email_words))
		RULE("Email", "email:source");
	if (eq(med, "affiliate"))
		RULE("Affiliates", "affiliates:medium");
	if (eq(med, "audio"))
		RULE("Audio", "audio:medium");
	if (eq(med, "sms"))
		RULE("SMS", "sms:medium");
	if (eq(src, "sms"))
		RULE("SMS", "sms:source");
	if (ends(med, "push") || contains(med, "mobile") || contains(med, "notification"))
		RULE("Mobile Push Notifications", "mobile_push:medium");
	if (eq(src, "firebase"))
		RULE("Mobile Push Notifications", "mobile_push:source");
	RULE("Unassigned", "unassigned:no_rule");
#undef RULE
}

const char *
mops_channel(const struct mops_channel_in *in, const char **rule)
{
	static const struct mops_channel_in none;
	struct sl src, med;
	const char *dummy, *medium;
	char host[256];
	int cat, from;

	if (rule == NULL)
		rule = &dummy;
	if (in == NULL)
		in = &none;
	src = mk(in->source);
	med = mk(in->medium);
	if (src.n || med.n) {
		if (src.n == 0)
			src = mk("(not set)");
		if (med.n == 0)
			med = mk("(not set)");
		cat = category_of(src);
		from = FROM_UTM;
	} else if (in->has_gclid || in->has_msclkid) {
		/* auto-tagging: GA4 reports google / cpc */
		src = mk(in->has_gclid ? "google" : "bing");
		med = mk("cpc");
		cat = CAT_SEARCH;
		from = FROM_CLICK_ID;
	} else if (!same_site(in->referrer, in->landing) &&
	    referrer_source(in->referrer, host, sizeof host, &medium, &cat)) {
		src = mk(host);
		med = mk(medium);
		from = FROM_REFERRER;
	} else if (in->has_other_click_id) {
		*rule = "unassigned:click_id_only";
		return "Unassigned";
	} else {
		*rule = "direct:no_source";
		return "Direct";
	}
	return classify(src, cat, med, mk(in->campaign), from, rule);
}

/* Country-code second levels that sit under a 2-letter TLD: acme.co.uk, acme.com.au. */
static const char *const second_levels[] = {
	"ac", "co", "com", "edu", "go", "gob", "gov", "ne", "net", "or", "org", NULL,
};

/*
 * The label before the public suffix of h: "google" in "google.co.uk", with its
 * offset in *off, and whether it is the leftmost label.  0 when h has one label.
 */
static size_t
brand_label(const char *h, size_t n, size_t *off, int *leftmost)
{
	size_t end = n, i, labels[4], k = 0;
	struct sl tld, sld;

	/* start offsets of the last four labels, last first */
	for (i = n; i > 0 && k < 4; i--)
		if (h[i - 1] == '.')
			labels[k++] = i;
	if (k < 4 && i == 0)
		labels[k++] = 0;
	if (k < 2)
		return 0;
	tld.p = h + labels[0], tld.n = n - labels[0];
	sld.p = h + labels[1], sld.n = labels[0] - 1 - labels[1];
	i = 1;
	if (k >= 3 && tld.n == 2 && eq_any(sld, second_levels))
		i = 2;
	end = labels[i - 1] - 1;
	*off = labels[i];
	*leftmost = labels[i] == 0;
	return end - labels[i];
}

static int
lookup(const char *h, size_t n)
{
	struct sl s = { h, n };

	return n ? category_of(s) : CAT_NONE;
}

/* Prefixes of a known site's mobile and search front doors. */
static const char *const front_doors[] = { "m.", "mobile.", "search.", NULL };

/*
 * The lowercased host of a URL or bare host into h (size bytes), by hand:
 * referrers need not parse as URLs.  Returns its length, 0 when there is none.
 */
static size_t
host_of(const char *url, char *h, size_t size)
{
	const char *p = url, *e, *at;
	size_t n, i;

	if (p == NULL)
		return 0;
	while (is_ws((unsigned char)*p))
		p++;
	if ((e = strstr(p, "://")) != NULL && e < p + strcspn(p, "/?#"))
		p = e + 3;
	else if (p[0] == '/' && p[1] == '/')
		p += 2;
	n = strcspn(p, "/?#");
	if ((at = memchr(p, '@', n)) != NULL) {
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	for (i = 0; i < n && p[i] != ':'; i++)
		;
	if (p[0] == '[') {	/* IPv6 literal */
		e = memchr(p, ']', n);
		i = e ? (size_t)(e - p) + 1 : n;
	}
	n = i;
	while (n > 0 && is_ws((unsigned char)p[n - 1]))
		n--;
	if (n > 0 && p[n - 1] == '.')
		n--;
	if (n == 0 || n >= size)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)lc((unsigned char)p[i]);

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-' || c == '_' || c >= 0x80 || c == '[' || c == ']' ||
		    (c == ':' && p[0] == '[')))
			return 0;
		h[i] = (char)c;
	}
	h[n] = '\0';
	return n;
}

/* Length of a leading "www.", "www2." ... when a dot follows it, else 0. */
static size_t
www_len(const char *h, size_t n)
{
	size_t i;

	if (n <= 4 || strncmp(h, "www", 3) != 0)
		return 0;
	for (i = 3; i < n && h[i] >= '0' && h[i] <= '9'; i++)
		;
	if (i < n && h[i] == '.' && memchr(h + i + 1, '.', n - i - 1))
		return i + 1;
	return 0;
}

/* Do the hosts of a and b match, but for a leading www? */
static int
same_site(const char *a, const char *b)
{
	char ha[256], hb[256];
	size_t na, nb, wa, wb;

	if ((na = host_of(a, ha, sizeof ha)) == 0 || (nb = host_of(b, hb, sizeof hb)) == 0)
		return 0;
	wa = www_len(ha, na);
	wb = www_len(hb, nb);
	return na - wa == nb - wb && memcmp(ha + wa, hb + wb, na - wa) == 0;
}

/* mops_referrer_source() with the category as a CAT_ value. */
static char *
referrer_source(const char *referrer, char *buf, size_t size, const char **medium,
    int *catp)
{
	const char *host;
	char h[256];
	size_t n, skip, boff = 0, bn, len;
	int cat, leftmost = 0;

	*medium = NULL;
	*catp = CAT_NONE;
	if (buf == NULL || size == 0 || (n = host_of(referrer, h, sizeof h)) == 0)
		return NULL;

	/* www, www2 ...: dropped from the source too */
	skip = www_len(h, n);
	host = h + skip;
	len = n - skip;
	if ((cat = lookup(h, n)) == CAT_NONE && (cat = lookup(host, len)) == CAT_NONE) {
		const char *const *q;
		const char *s = host;
		size_t sn = len;

		for (q = front_doors; *q; q++) {
			size_t pl = strlen(*q);

			if (sn > pl && strncmp(s, *q, pl) == 0 && memchr(s + pl, '.', sn - pl)) {
				s += pl, sn -= pl;
				cat = lookup(s, sn);
				break;
			}
		}
		/* acme.co.uk and www.acme.com: the name itself may be listed */
		if (cat == CAT_NONE && (bn = brand_label(s, sn, &boff, &leftmost)) &&
		    leftmost)
			cat = lookup(s + boff, bn);
	}
	if (cat == CAT_SEARCH) {
		/* google / organic, as GA4 names search engines */
		if ((bn = brand_label(host, len, &boff, &leftmost)) &&
		    lookup(host + boff, bn) == CAT_SEARCH)
			host += boff, len = bn;
		*medium = "organic";
	} else
		*medium = "referral";
	if (len >= size)
		len = size - 1;
	memcpy(buf, host, len);
	buf[len] = '\0';
	*catp = cat;
	return buf;
}

char *
mops_referrer_source(const char *referrer, char *buf, size_t size,
    const char **medium, const char **category)
{
	const char *m;
	char *r;
	int cat;

	r = referrer_source(referrer, buf, size, &m, &cat);
	if (medium)
		*medium = m;
	if (category)
		*category = cat_names[cat];
	return r;
}

void
mops_channel_in_from_utm(struct mops_channel_in *in, const struct mops_utm *utm,
    const char *referrer, const char *landing)
{
	memset(in, 0, sizeof *in);
	in->referrer = referrer;
	in->landing = landing;
	if (utm == NULL)
		return;
	in->source = utm->source;
	in->medium = utm->medium;
	in->campaign = utm->campaign;
	in->has_gclid = utm->gclid || utm->gbraid || utm->wbraid;
	in->has_msclkid = utm->msclkid != NULL;
	in->has_other_click_id = utm->fbclid || utm->ttclid || utm->li_fat_id ||
	    utm->dclid;
}
