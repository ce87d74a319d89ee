/*
 * channel.c - GA4 default channel group: one row per rule and its edges.
 * data/channel_rules.tsv is a copy of the rule order GA4 documents (see
 * data/channel_rules.README); the channel list must follow it.  Every source of
 * the generator's input, tools/ga4_source_categories.csv, must be found with its
 * category, whatever its case.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "unit.h"
#include "url.h"

enum { GCLID = 1, MSCLKID = 2, OTHER = 4 };

static const struct row {
	const char *source, *medium, *campaign, *referrer;
	int clicks;
	const char *channel, *rule;
} rows[] = {
	/* 1 Direct */
	{ "(direct)", "(none)", NULL, NULL, 0, "Direct", "direct:source+medium" },
	{ "(direct)", "(not set)", NULL, NULL, 0, "Direct", "direct:source+medium" },
	{ " (DIRECT) ", "(None)", NULL, "https://www.google.com/", 0, "Direct", "direct:source+medium" },
	{ "(direct)", NULL, NULL, NULL, 0, "Direct", "direct:source+medium" },
	{ NULL, NULL, NULL, NULL, 0, "Direct", "direct:no_source" },
	{ "  ", "", "spring", NULL, 0, "Direct", "direct:no_source" },
	{ "direct", "none", NULL, NULL, 0, "Unassigned", "unassigned:no_rule" },
	/* 2 Cross-network */
	{ "google", "cpc", "PMax_Cross-Network_EU", NULL, 0, "Cross-network", "cross_network:campaign" },
	{ NULL, NULL, "cross-network", NULL, GCLID, "Cross-network", "cross_network:campaign" },
	/* 3 Paid Shopping */
	{ "amazon", "cpc", NULL, NULL, 0, "Paid Shopping", "paid_shopping:source_category+medium" },
	{ "Google Shopping", "CPC", NULL, NULL, 0, "Paid Shopping", "paid_shopping:source_category+medium" },
	{ "acme", "paid", "spring-shop", NULL, 0, "Paid Shopping", "paid_shopping:campaign+medium" },
	{ "acme", "ppc", "eshop_sale", NULL, 0, "Paid Shopping", "paid_shopping:campaign+medium" },
	{ "acme", "retargeting", "Shopping_Q4", NULL, 0, "Paid Shopping", "paid_shopping:campaign+medium" },
	{ "google", "cpc", "Shop", NULL, 0, "Paid Shopping", "paid_shopping:campaign+medium" },
	{ "acme", "cpc", "workshop-q3", NULL, 0, "Paid Other", "paid_other:medium" },
	/* 4 Paid Search */
	{ "google", "cpc", "brand", NULL, 0, "Paid Search", "paid_search:source_category+medium" },
	{ "Google", " CPC ", NULL, NULL, 0, "Paid Search", "paid_search:source_category+medium" },
	{ "bing", "paidsearch", NULL, NULL, 0, "Paid Search", "paid_search:source_category+medium" },
	{ "baidu", "ppc", NULL, NULL, 0, "Paid Search", "paid_search:source_category+medium" },
	{ "google", "cpm", NULL, NULL, 0, "Paid Search", "paid_search:source_category+medium" },
	{ NULL, NULL, NULL, NULL, GCLID, "Paid Search", "paid_search:click_id" },
	{ NULL, NULL, NULL, "https://l.facebook.com/", GCLID | OTHER, "Paid Search", "paid_search:click_id" },
	{ NULL, NULL, NULL, NULL, MSCLKID, "Paid Search", "paid_search:click_id" },
	{ "newsletter", "email", NULL, NULL, GCLID, "Email", "email:medium" },
	/* 5 Paid Social */
	{ "facebook", "paid_social", NULL, NULL, 0, "Paid Social", "paid_social:source_category+medium" },
	{ "LinkedIn", "cpc", NULL, NULL, 0, "Paid Social", "paid_social:source_category+medium" },
	{ "ig", "paid", NULL, NULL, 0, "Paid Social", "paid_social:source_category+medium" },
	/* 6 Paid Video */
	{ "youtube", "cpv", NULL, NULL, 0, "Paid Video", "paid_video:source_category+medium" },
	{ "vimeo", "paid-video", NULL, NULL, 0, "Paid Video", "paid_video:source_category+medium" },
	/* 7 Display */
	{ "dv360", "CPM", NULL, NULL, 0, "Display", "display:medium" },
	{ "taboola", "banner", NULL, NULL, 0, "Display", "display:medium" },
	{ "acme", "interstitial", NULL, NULL, 0, "Display", "display:medium" },
	{ "acme", "expandable", NULL, NULL, 0, "Display", "display:medium" },
	{ "acme", "display", NULL, NULL, 0, "Display", "display:medium" },
	/* 8 Paid Other */
	{ "outbrain", "cpc", NULL, NULL, 0, "Paid Other", "paid_other:medium" },
	{ "acme", "retargeting", NULL, NULL, 0, "Paid Other", "paid_other:medium" },
	{ "acme", "Paid_Newsletter", NULL, NULL, 0, "Paid Other", "paid_other:medium" },
	{ NULL, "cpa", NULL, NULL, 0, "Paid Other", "paid_other:medium" },
	/* 9 Organic Shopping */
	{ "ebay", "referral", NULL, NULL, 0, "Organic Shopping", "organic_shopping:source_category" },
	{ "IGShopping", NULL, NULL, NULL, 0, "Organic Shopping", "organic_shopping:source_category" },
	{ "acme", "(not set)", "holiday shop", NULL, 0, "Organic Shopping", "organic_shopping:campaign" },
	{ NULL, NULL, NULL, "https://www.amazon.co.uk/dp/1", 0, "Organic Shopping", "organic_shopping:referrer" },
	/* 10 Organic Social */
	{ "linkedin", NULL, NULL, NULL, 0, "Organic Social", "organic_social:source_category" },
	{ "x.com", "referral", NULL, NULL, 0, "Organic Social", "organic_social:source_category" },
	{ "partner", "social-network", NULL, NULL, 0, "Organic Social", "organic_social:medium" },
	{ "acme", "Social Media", NULL, NULL, 0, "Organic Social", "organic_social:medium" },
	{ "acme", "sm", NULL, NULL, 0, "Organic Social", "organic_social:medium" },
	{ "acme", "social_media", NULL, NULL, 0, "Unassigned", "unassigned:no_rule" },
	{ NULL, NULL, NULL, "https://l.facebook.com/l.php?u=x", OTHER, "Organic Social", "organic_social:referrer" },
	{ NULL, NULL, NULL, "m.facebook.com", 0, "Organic Social", "organic_social:referrer" },
	{ NULL, NULL, NULL, "https://www.facebook.com/", 0, "Organic Social", "organic_social:referrer" },
	{ NULL, NULL, NULL, "https://lnkd.in/abc", 0, "Organic Social", "organic_social:referrer" },
	{ NULL, NULL, NULL, "https://t.co/xyz", 0, "Organic Social", "organic_social:referrer" },
	/* 11 Organic Video */
	{ "vimeo", "referral", NULL, NULL, 0, "Organic Video", "organic_video:source_category" },
	{ "acme", "video_embed", NULL, NULL, 0, "Organic Video", "organic_video:medium" },
	{ NULL, NULL, NULL, "https://www.youtube.com/watch?v=1", 0, "Organic Video", "organic_video:referrer" },
	{ NULL, NULL, NULL, "https://www.youtube.co.uk/", 0, "Organic Video", "organic_video:referrer" },
	/* 12 Organic Search */
	{ "duckduckgo", "referral", NULL, NULL, 0, "Organic Search", "organic_search:source_category" },
	{ "google", NULL, NULL, NULL, 0, "Organic Search", "organic_search:source_category" },
	{ "acme", "organic", NULL, NULL, 0, "Organic Search", "organic_search:medium" },
	{ "www.google.com", "referral", NULL, NULL, 0, "Referral", "referral:medium" },
	{ NULL, NULL, NULL, "https://www.google.co.uk/", 0, "Organic Search", "organic_search:referrer" },
	{ NULL, NULL, NULL, "https://www.bing.com/search?q=mops", 0, "Organic Search", "organic_search:referrer" },
	{ NULL, NULL, NULL, "https://search.yahoo.com/", 0, "Organic Search", "organic_search:referrer" },
	{ NULL, NULL, NULL, "https://duckduckgo.com/", OTHER, "Organic Search", "organic_search:referrer" },
	/* 13 Referral */
	{ "partner.com", "referral", NULL, NULL, 0, "Referral", "referral:medium" },
	{ "acme", "App", NULL, NULL, 0, "Referral", "referral:medium" },
	{ "acme", "link", NULL, NULL, 0, "Referral", "referral:medium" },
	{ NULL, NULL, NULL, "https://blog.partner.io/post", 0, "Referral", "referral:referrer" },
	{ NULL, NULL, NULL, "https://mail.google.com/mail/u/0/", 0, "Referral", "referral:referrer" },
	{ NULL, NULL, NULL, "android-app://com.google.android.gm/", 0, "Referral", "referral:referrer" },
	{ NULL, NULL, NULL, "(none)", 0, "Direct", "direct:no_source" },
	/* 14 Email */
	{ "newsletter", "email", NULL, NULL, 0, "Email", "email:medium" },
	{ NULL, "E-Mail", NULL, NULL, 0, "Email", "email:medium" },
	{ "hubspot", "e mail", NULL, NULL, 0, "Email", "email:medium" },
	{ "E_Mail", "blast", NULL, NULL, 0, "Email", "email:source" },
	{ "acme", "emails", NULL, NULL, 0, "Unassigned", "unassigned:no_rule" },
	/* 15 Affiliates */
	{ "partner", "affiliate", NULL, NULL, 0, "Affiliates", "affiliates:medium" },
	{ "partner", "affiliates", NULL, NULL, 0, "Unassigned", "unassigned:no_rule" },
	/* 16 Audio */
	{ "spotify", "Audio", NULL, NULL, 0, "Audio", "audio:medium" },
	/* 17 SMS */
	{ "twilio", "sms", NULL, NULL, 0, "SMS", "sms:medium" },
	{ "SMS", "text", NULL, NULL, 0, "SMS", "sms:source" },
	/* 18 Mobile Push Notifications */
	{ "braze", "web_push", NULL, NULL, 0, "Mobile Push Notifications", "mobile_push:medium" },
	{ "onesignal", "mobile-alert", NULL, NULL, 0, "Mobile Push Notifications", "mobile_push:medium" },
	{ "acme", "Notifications", NULL, NULL, 0, "Mobile Push Notifications", "mobile_push:medium" },
	{ "firebase", NULL, NULL, NULL, 0, "Mobile Push Notifications", "mobile_push:source" },
	/* 19 Unassigned */
	{ "acme", "newsletter_blast", NULL, NULL, 0, "Unassigned", "unassigned:no_rule" },
	{ NULL, NULL, NULL, NULL, OTHER, "Unassigned", "unassigned:click_id_only" },
};

static const struct cat_row {
	const char *source, *want;
} cat_rows[] = {
	{ "google", "SEARCH" }, { "Amazon", "SHOPPING" }, { "facebook", "SOCIAL" },
	{ "youtube", "VIDEO" }, { " Google Shopping ", "SHOPPING" },
	{ "360.cn", "SEARCH" }, { "zooppa.com", "SOCIAL" }, { "l.facebook.com", "SOCIAL" },
	{ "www.google.com", NULL }, { "google.", NULL }, { "goog", NULL }, { "", NULL },
	{ NULL, NULL }, { "0", NULL }, { "~", NULL },
};

static const struct ref_row {
	const char *referrer, *source, *medium, *category;
} ref_rows[] = {
	{ "https://www.google.co.uk/", "google", "organic", "SEARCH" },
	{ "https://www.google.com/url?q=x", "google", "organic", "SEARCH" },
	{ "https://uk.search.yahoo.com/search", "yahoo", "organic", "SEARCH" },
	{ "https://yandex.ru/", "yandex", "organic", "SEARCH" },
	{ "https://ecosia.org/", "ecosia.org", "organic", "SEARCH" },
	{ "https://l.facebook.com/", "l.facebook.com", "referral", "SOCIAL" },
	{ "https://www.linkedin.com/feed", "linkedin.com", "referral", "SOCIAL" },
	{ "HTTPS://User@WWW.Example.COM.:8080/x", "example.com", "referral", NULL },
	{ "www2.partner.io", "partner.io", "referral", NULL },
	{ "//cdn.partner.io/x", "cdn.partner.io", "referral", NULL },
	{ "http://[::1]:8080/", "[::1]", "referral", NULL },
	{ "http://10.0.0.1/", "10.0.0.1", "referral", NULL },
	{ "", NULL, NULL, NULL },
	{ "https:///nohost", NULL, NULL, NULL },
	{ "not a url", NULL, NULL, NULL },
	{ NULL, NULL, NULL, NULL },
};

/* The channel names in data/channel_rules.tsv, in order, match mops_channel_names. */
static void
check_rule_order(void)
{
	char line[1024], *tab, *name;
	FILE *f = fopen("data/channel_rules.tsv", "r");
	size_t i = 0;

	CHECK(f != NULL, "cannot open data/channel_rules.tsv");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		if (line[0] < '0' || line[0] > '9')
			continue;	/* header */
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		name = tab + 1;
		name[strcspn(name, "\t\n")] = '\0';
		CHECK_STR(mops_channel_names[i], name, "channel order");
		if (mops_channel_names[i])
			i++;
	}
	fclose(f);
	CHECK(mops_channel_names[i] == NULL, "more channels than GA4 has: %s",
	    mops_channel_names[i]);
	CHECK_INT(i, 19, "channel count");
}

/* Each row of the generator's input finds its category: table sorted, complete. */
static void
check_all_sources(void)
{
	char line[512], *comma, *nl, upper[512];
	FILE *f = fopen("../../tools/ga4_source_categories.csv", "r");
	int n = 0;
	size_t i;

	CHECK(f != NULL, "cannot open tools/ga4_source_categories.csv");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f)) {
		if ((comma = strchr(line, ',')) == NULL || strncmp(comma + 1, "SOURCE_CATEGORY_", 16))
			continue;
		*comma = '\0';
		if ((nl = strchr(comma + 1, '\n')) != NULL)
			*nl = '\0';
		CHECK_STR(mops_source_category(line), comma + 17, line);
		for (i = 0; line[i]; i++)
			upper[i] = (char)(line[i] >= 'a' && line[i] <= 'z' ? line[i] - 32 : line[i]);
		upper[i] = '\0';
		CHECK_STR(mops_source_category(upper), comma + 17, upper);
		n++;
	}
	fclose(f);
	CHECK_INT(n, 819, "sources in tools/ga4_source_categories.csv");
}

/* No shared state: threads classifying at once agree with the table. */
static void *
classify_all(void *arg)
{
	size_t i, k, *bad = arg;
	struct mops_channel_in in;
	const char *rule;

	for (k = 0; k < 200; k++)
		for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			memset(&in, 0, sizeof in);
			in.source = rows[i].source;
			in.medium = rows[i].medium;
			in.campaign = rows[i].campaign;
			in.referrer = rows[i].referrer;
			in.has_gclid = (rows[i].clicks & GCLID) != 0;
			in.has_msclkid = (rows[i].clicks & MSCLKID) != 0;
			in.has_other_click_id = (rows[i].clicks & OTHER) != 0;
			if (strcmp(mops_channel(&in, &rule), rows[i].channel) ||
			    strcmp(rule, rows[i].rule))
				++*bad;
		}
	return NULL;
}

static void
check_threads(void)
{
	pthread_t t[4];
	size_t bad[4] = { 0 }, i;

	for (i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, classify_all, &bad[i]) == 0, "thread");
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK_INT(bad[i], 0, "threaded mismatches");
	}
}

static int
known_channel(const char *c)
{
	size_t i;

	for (i = 0; mops_channel_names[i]; i++)
		if (strcmp(mops_channel_names[i], c) == 0)
			return 1;
	return 0;
}

int
main(void)
{
	size_t i;
	char what[512], buf[64];
	const char *rule, *ch, *medium, *cat;
	struct mops_channel_in in;
	struct mops_utm utm;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];

		memset(&in, 0, sizeof in);
		in.source = r->source;
		in.medium = r->medium;
		in.campaign = r->campaign;
		in.referrer = r->referrer;
		in.has_gclid = (r->clicks & GCLID) != 0;
		in.has_msclkid = (r->clicks & MSCLKID) != 0;
		in.has_other_click_id = (r->clicks & OTHER) != 0;
		rule = NULL;
		ch = mops_channel(&in, &rule);
		snprintf(what, sizeof what, "row %zu %s/%s/%s/%s", i + 1,
		    r->source ? r->source : "-", r->medium ? r->medium : "-",
		    r->campaign ? r->campaign : "-", r->referrer ? r->referrer : "-");
		CHECK_STR(ch, r->channel, what);
		CHECK_STR(rule, r->rule, what);
		CHECK(known_channel(ch), "%s: %s not in mops_channel_names", what, ch);
	}
	CHECK_STR(mops_channel(NULL, NULL), "Direct", "NULL input");

	for (i = 0; i < sizeof cat_rows / sizeof cat_rows[0]; i++) {
		snprintf(what, sizeof what, "category of %s",
		    cat_rows[i].source ? cat_rows[i].source : "NULL");
		CHECK_STR(mops_source_category(cat_rows[i].source), cat_rows[i].want, what);
	}

	for (i = 0; i < sizeof ref_rows / sizeof ref_rows[0]; i++) {
		const struct ref_row *r = &ref_rows[i];
		char *got;

		medium = cat = "unset";
		got = mops_referrer_source(r->referrer, buf, sizeof buf, &medium, &cat);
		snprintf(what, sizeof what, "referrer %s",
		    r->referrer ? r->referrer : "NULL");
		CHECK_STR(got, r->source, what);
		CHECK_STR(medium, r->medium, what);
		CHECK_STR(cat, r->category, what);
	}
	/* truncation keeps a terminated prefix */
	CHECK_STR(mops_referrer_source("https://www.partner.io/", buf, 5, NULL, NULL),
	    "part", "truncated source");
	CHECK(mops_referrer_source("https://www.partner.io/", buf, 0, NULL, NULL) == NULL,
	    "size 0");

	/* from a landing page's tags */
	CHECK_INT(mops_utm_from_url("https://acme.com/?gbraid=x&utm_campaign=Cross-Network",
	    &utm), 2, "utm count");
	mops_channel_in_from_utm(&in, &utm, NULL, NULL);
	CHECK_INT(in.has_gclid, 1, "gbraid counts as gclid");
	CHECK_STR(mops_channel(&in, &rule), "Cross-network", "from utm");
	mops_utm_free(&utm);
	CHECK_INT(mops_utm_from_url("/?msclkid=1", &utm), 1, "utm count");
	mops_channel_in_from_utm(&in, &utm, "https://www.google.com/", NULL);
	CHECK_STR(mops_channel(&in, &rule), "Paid Search", "msclkid over referrer");
	mops_utm_free(&utm);
	CHECK_INT(mops_utm_from_url("/?li_fat_id=1", &utm), 1, "utm count");
	mops_channel_in_from_utm(&in, &utm, NULL, NULL);
	CHECK_STR(mops_channel(&in, &rule), "Unassigned", "li_fat_id only");
	mops_utm_free(&utm);
	mops_channel_in_from_utm(&in, NULL, "https://t.co/x", "https://acme.com/");
	CHECK_STR(mops_channel(&in, &rule), "Organic Social", "referrer only");

	/* self-referrals are ignored; other subdomains are other sites */
	mops_channel_in_from_utm(&in, NULL, "https://www.Acme.com/blog", "acme.com/pricing");
	CHECK_STR(mops_channel(&in, &rule), "Direct", "self-referral");
	CHECK_STR(rule, "direct:no_source", "self-referral rule");
	mops_channel_in_from_utm(&in, NULL, "https://blog.acme.com/", "https://www.acme.com/");
	CHECK_STR(mops_channel(&in, &rule), "Referral", "subdomain referral");
	CHECK_STR(rule, "referral:referrer", "subdomain referral rule");
	CHECK_INT(mops_utm_from_url("https://acme.com/?utm_medium=email&fbclid=1", &utm), 2,
	    "utm count");
	mops_channel_in_from_utm(&in, &utm, "https://acme.com/x", "https://acme.com/?utm_medium=email");
	CHECK_STR(mops_channel(&in, &rule), "Email", "utm with self-referral");
	mops_utm_free(&utm);
	CHECK_INT(mops_utm_from_url("https://acme.com/?fbclid=1", &utm), 1, "utm count");
	mops_channel_in_from_utm(&in, &utm, "http://acme.com:8080/x", "https://acme.com/");
	CHECK_STR(mops_channel(&in, &rule), "Unassigned", "click id with self-referral");
	mops_utm_free(&utm);

	check_rule_order();
	check_all_sources();
	check_threads();
	return unit_done();
}
