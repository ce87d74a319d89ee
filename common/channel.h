/*
 * channel.h - GA4's default channel group for manually tagged (UTM) and referred
 * traffic: "Paid Search", "Organic Social", "Email", "Direct", "Unassigned" ...
 *
 * The rules are GA4's manual-traffic rules, evaluated top-down, first match wins,
 * in the order of mops_channel_names[] (Direct, Cross-network, Paid Shopping, Paid
 * Search, Paid Social, Paid Video, Display, Paid Other, Organic Shopping, Organic
 * Social, Organic Video, Organic Search, Referral, Email, Affiliates, Audio, SMS,
 * Mobile Push Notifications, else Unassigned).  "Paid" media match
 * ^(.*cp.*|ppc|retargeting|paid.*)$.  Sites are recognised by Google's source
 * categories (mops_source_category()).  Comparisons ignore case and surrounding
 * white space.  Regular expressions are hand-written matchers: nothing to
 * initialise, no locks; every function here is thread-safe and allocates nothing.
 * Every string returned is static: never free it.
 *
 * Where source and medium come from, in order (decisions of mops; GA4 sees its
 * own hits, we see CRM fields):
 *   1. utm source or medium given: used as is; a missing one is "(not set)".
 *   2. Google Ads click id (gclid, gbraid, wbraid): google / cpc, as GA4 does
 *      with auto-tagging; msclkid: bing / cpc.
 *   3. a referrer: source from its host (mops_referrer_source()), medium
 *      "organic" for search engines and "referral" otherwise.  A referrer on the
 *      landing page's own host (www. aside) is ignored, as GA4 ignores
 *      self-referrals; subdomains count as other sites.
 *   4. another ad click id only (fbclid, ttclid, li_fat_id, dclid): Unassigned,
 *      rule "unassigned:click_id_only" - a click, but from where is unknown.
 *   5. nothing: Direct, rule "direct:no_source".
 * The campaign name is used whatever the source came from.
 */
#ifndef MOPS_CHANNEL_H
#define MOPS_CHANNEL_H

#include <stddef.h>

struct mops_utm;

/* Every field may be NULL or 0. */
struct mops_channel_in {
	const char *source, *medium, *campaign;	/* utm_source, utm_medium, utm_campaign */
	const char *referrer;	/* a URL or a bare host */
	const char *landing;	/* the landing page URL: a referrer from its own host is ignored */
	int has_gclid;		/* gclid, gbraid or wbraid */
	int has_other_click_id;	/* fbclid, ttclid, li_fat_id, dclid (msclkid: below) */
	int has_msclkid;	/* Microsoft Ads auto-tagging */
};

/*
 * The channel of in, and in *rule (when rule is not NULL) a short name of the
 * rule that decided it, "<channel>:<what matched>".  Both strings are static.
 * The rules, in order ("referrer": source and medium came from the referrer;
 * "click_id": from gclid/gbraid/wbraid/msclkid):
 *   direct:source+medium  cross_network:campaign
 *   paid_shopping:source_category+medium  paid_shopping:campaign+medium
 *   paid_search:source_category+medium  paid_search:click_id
 *   paid_social:source_category+medium  paid_video:source_category+medium
 *   display:medium  paid_other:medium
 *   organic_shopping:source_category|referrer|campaign
 *   organic_social:source_category|referrer|medium
 *   organic_video:source_category|referrer|medium
 *   organic_search:source_category|referrer|medium
 *   referral:medium|referrer  email:medium|source  affiliates:medium
 *   audio:medium  sms:medium|source  mobile_push:medium|source
 *   unassigned:no_rule  unassigned:click_id_only  direct:no_source
 */
const char *mops_channel(const struct mops_channel_in *in, const char **rule);

/* The channel names in GA4's rule order, "Unassigned" last, then NULL. */
extern const char *const mops_channel_names[];

/*
 * Google's category of a source, matched whole and without case ("Google",
 * "l.facebook.com", "IGShopping"): "SEARCH", "SHOPPING", "SOCIAL", "VIDEO", or
 * NULL.  Sources are what utm_source holds; "www.google.com" is not one (see
 * mops_referrer_source() for hosts).
 */
const char *mops_source_category(const char *source);

/*
 * The GA4-style source and medium of a referrer URL or host.  Writes the source
 * into buf (size bytes, truncated to fit) and returns buf, or returns NULL when
 * the referrer has no usable host.  Search engines get their short name and
 * medium "organic" ("https://www.google.co.uk/" gives google / organic;
 * "https://uk.search.yahoo.com/" gives yahoo); other hosts are looked up whole,
 * then without a leading "www.", "m." or "mobile.", then by the name before the
 * public suffix ("www.youtube.co.uk" finds youtube); the source is the host
 * without "www." and the medium "referral" ("l.facebook.com" / referral, which
 * the rules call Organic Social).  *category (when not NULL) gets
 * mops_source_category()'s answer for what was found, or NULL.
 */
char *mops_referrer_source(const char *referrer, char *buf, size_t size,
    const char **medium, const char **category);

/*
 * Fills *in from UTM tags, a referrer and the landing page URL (all borrowed:
 * they must outlive *in; any may be NULL).
 */
void mops_channel_in_from_utm(struct mops_channel_in *in, const struct mops_utm *utm,
    const char *referrer, const char *landing);

#endif
