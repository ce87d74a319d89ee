/*
 * derive.c - fields computed from others once the map has run: UTMs and click
 * ids from the landing URL, the GA4 channel, company_domain, UTM-rule checks,
 * and the canonical key order.
 */
#include <pthread.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "canon.h"
#include "channel.h"
#include "email.h"
#include "normalize.h"
#include "url.h"
#include "util.h"

/* Small read-only key tables: name -> number, for the names a record is
 * searched for over and over.  Open addressing on a hash of the length and
 * three bytes (no loop over the key), confirmed by memcmp.  Built once
 * (ktab_init); threads share them after. */
#define KTAB_SLOTS 128		/* a power of two, over twice the most names */
struct kslot {
	const char *key;	/* NULL: empty */
	size_t klen;
	int val;
};

static inline size_t
khash(const char *k, size_t n)
{
	size_t h = n * 0x9e3779b1u;

	if (n) {
		h ^= (size_t)(unsigned char)k[0] * 0x85ebca6bu;
		h ^= (size_t)(unsigned char)k[n - 1] * 0xc2b2ae35u;
		h ^= (size_t)(unsigned char)k[n / 2] * 0x27d4eb2fu;
	}
	return (h ^ (h >> 11)) & (KTAB_SLOTS - 1);
}

/* Adds key with value v unless there (the first wins, as in a scan). */
static void
kadd(struct kslot *t, const char *key, int v)
{
	size_t n = strlen(key), i = khash(key, n);

	for (; t[i].key; i = (i + 1) & (KTAB_SLOTS - 1))
		if (t[i].klen == n && memcmp(t[i].key, key, n) == 0)
			return;
	t[i].key = key;
	t[i].klen = n;
	t[i].val = v;
}

/* The value of key, or dflt. */
static inline int
kfind(const struct kslot *t, const char *key, size_t n, int dflt)
{
	size_t i = khash(key, n);

	for (; t[i].key; i = (i + 1) & (KTAB_SLOTS - 1))
		if (t[i].klen == n && memcmp(t[i].key, key, n) == 0)
			return t[i].val;
	return dflt;
}

/* Ranks, one table per order: the sort asks for every member of every
 * record, and comparing with each name in turn was a twentieth of the time. */
static struct kslot rank_tab[MOPS_NTYPES][KTAB_SLOTS];
static struct kslot ch_tab[KTAB_SLOTS];
static pthread_once_t ktab_once = PTHREAD_ONCE_INIT;

static void ktab_init(void);

static const char *const utm_fields[] = {
	"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", NULL
};

static void
set_if_absent(struct nrec *r, const char *field, const char *val)
{
	if (val && *val && !mops_json_get(r->out, field))
		norm_set_str(r, field, val);
}

static void
utm_from_url(struct nrec *r)
{
	const char *url = mops_json_get_str(r->out, "url");
	struct mops_utm u;

	memset(&u, 0, sizeof(u));
	if (!url)
		url = mops_json_get_str(r->out, "landing_page");
	if (!url)
		return;
	if (mops_utm_from_url(url, &u) < 0) {
		mops_utm_free(&u);
		return;
	}
	set_if_absent(r, "utm_source", u.source);
	set_if_absent(r, "utm_medium", u.medium);
	set_if_absent(r, "utm_campaign", u.campaign);
	set_if_absent(r, "utm_term", u.term);
	set_if_absent(r, "utm_content", u.content);
	set_if_absent(r, "gclid", u.gclid);
	set_if_absent(r, "gbraid", u.gbraid);
	set_if_absent(r, "wbraid", u.wbraid);
	set_if_absent(r, "fbclid", u.fbclid);
	set_if_absent(r, "msclkid", u.msclkid);
	set_if_absent(r, "ttclid", u.ttclid);
	set_if_absent(r, "li_fat_id", u.li_fat_id);
	set_if_absent(r, "dclid", u.dclid);
	mops_utm_free(&u);
}

/* HubSpot's own source property, used only when there is nothing else. */
static const struct { const char *hs, *channel; } hs_sources[] = {
	{ "ORGANIC_SEARCH", "Organic Search" }, { "PAID_SEARCH", "Paid Search" },
	{ "EMAIL_MARKETING", "Email" }, { "SOCIAL_MEDIA", "Organic Social" },
	{ "PAID_SOCIAL", "Paid Social" }, { "REFERRALS", "Referral" },
	{ "DIRECT_TRAFFIC", "Direct" }, { "OTHER_CAMPAIGNS", "Unassigned" },
	{ "OFFLINE", "Unassigned" }, { "AI_REFERRALS", "Referral" }, { NULL, NULL }
};

/* The canonical fields channel() reads, found in one pass over the record: a
 * lookup each scanned the whole record, most of them for fields it lacks. */
enum { CH_CHANNEL, CH_SOURCE, CH_MEDIUM, CH_CAMPAIGN, CH_REFERRER, CH_GCLID,
	CH_GBRAID, CH_WBRAID, CH_MSCLKID, CH_FBCLID, CH_TTCLID, CH_LI_FAT_ID,
	CH_DCLID, CH_LANDING, CH_URL, CH_LEAD_SOURCE, NCH };
static const char *const ch_names[NCH] = { "channel", "utm_source", "utm_medium",
	"utm_campaign", "referrer", "gclid", "gbraid", "wbraid", "msclkid", "fbclid",
	"ttclid", "li_fat_id", "dclid", "landing_page", "url", "lead_source" };

static void
channel_fields(const mops_json *o, const mops_json *v[NCH])
{
	size_t i;
	int j;

	ktab_init();
	for (j = 0; j < NCH; j++)
		v[j] = NULL;
	for (i = 0; i < o->len; i++) {
		const struct mops_jmember *m = &o->u.members[i];

		if ((j = kfind(ch_tab, m->key, m->klen, -1)) >= 0 && !v[j])
			v[j] = m->val;
	}
}

static void
channel(struct nrec *r)
{
	struct mops_channel_in in;
	const char *name, *rule = NULL, *ls;
	const mops_json *f[NCH];
	int i;

	channel_fields(r->out, f);
	if (f[CH_CHANNEL])
		return;
	memset(&in, 0, sizeof(in));
	in.source = mops_json_str(f[CH_SOURCE]);
	in.medium = mops_json_str(f[CH_MEDIUM]);
	in.campaign = mops_json_str(f[CH_CAMPAIGN]);
	in.referrer = mops_json_str(f[CH_REFERRER]);
	in.has_gclid = f[CH_GCLID] || f[CH_GBRAID] || f[CH_WBRAID];
	in.has_msclkid = f[CH_MSCLKID] != NULL;
	in.has_other_click_id = f[CH_FBCLID] || f[CH_TTCLID] || f[CH_LI_FAT_ID] ||
	    f[CH_DCLID];
	in.landing = mops_json_str(f[CH_LANDING]);
	if (!in.landing)
		in.landing = mops_json_str(f[CH_URL]);
	if (in.source || in.medium || in.campaign || in.referrer || in.has_gclid ||
	    in.has_msclkid || in.has_other_click_id) {
		name = mops_channel(&in, &rule);
		norm_set_str(r, "channel", name);
		norm_set_str(r, "channel_rule", rule ? rule : "");
		return;
	}
	ls = mops_json_str(f[CH_LEAD_SOURCE]);
	if (ls && strcmp(r->system, "hubspot") == 0)
		for (i = 0; hs_sources[i].hs; i++)
			if (strcmp(ls, hs_sources[i].hs) == 0) {
				norm_set_str(r, "channel", hs_sources[i].channel);
				norm_set_str(r, "channel_rule", "hubspot:hs_analytics_source");
				return;
			}
	/* Marketo's Send, Delivered, Bounced, Unsubscribe, Open and Click Email
	 * activities are email even without UTMs: else attribution would show
	 * them as Unassigned. */
	if (strcmp(r->system, "marketo") == 0) {
		const char *tid = mops_json_scalar_text(mops_json_get(r->out, "activity_type_id"));
		int id = tid ? atoi(tid) : 0;

		if (id >= 6 && id <= 11) {
			norm_set_str(r, "channel", "Email");
			norm_set_str(r, "channel_rule", "marketo:email_activity");
		}
	}
}

static void
company_domain(struct nrec *r)
{
	const char *dom;

	if (mops_json_get(r->out, "company_domain"))
		return;
	dom = mops_json_get_str(r->out, "email_domain");
	if (dom && !mops_json_is_true(mops_json_get(r->out, "email_free")))
		norm_set_str(r, "company_domain", dom);
}

static int
in_list(char **list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void
utm_rules(struct nrec *r)
{
	const struct norm_cfg *c = r->cfg;
	int i;

	if (!c->have_utm_rules)
		return;
	for (i = 0; utm_fields[i]; i++) {
		const char *v = mops_json_get_str(r->out, utm_fields[i]);
		const char *p;

		if (!v)
			continue;
		if (c->utm_lowercase)
			for (p = v; *p; p++)
				if (*p >= 'A' && *p <= 'Z') {
					norm_error(r, utm_fields[i], "utm_noncompliant", v);
					goto next;
				}
		if (i == 0 && c->n_utm_sources && !in_list(c->utm_sources, c->n_utm_sources, v))
			norm_error(r, utm_fields[i], "utm_noncompliant", v);
		else if (i == 1 && c->n_utm_mediums &&
		    !in_list(c->utm_mediums, c->n_utm_mediums, v))
			norm_error(r, utm_fields[i], "utm_noncompliant", v);
		else if (i == 2 && c->have_campaign_re &&
		    regexec(&c->campaign_re, v, 0, NULL, 0) != 0)
			norm_error(r, utm_fields[i], "utm_noncompliant", v);
next:		;
	}
}

/* A closed opportunity's close date is when it closed (midnight UTC when the
 * vendor keeps a date only, as Salesforce's CloseDate). */
static void
closed_at(struct nrec *r)
{
	const char *cd = mops_json_get_str(r->out, "close_date");

	if (!cd || mops_json_get(r->out, "closed_at") ||
	    !mops_json_is_true(mops_json_get(r->out, "is_closed")))
		return;
	if (strlen(cd) == 10)
		mops_json_set(r->out, "closed_at",
		    mops_json_new_string_own(mops_xasprintf("%sT00:00:00Z", cd)));
	else
		norm_set_str(r, "closed_at", cd);
}

void
norm_derive(struct nrec *r)
{
	const char *type = mops_json_get_str(r->out, "type");

	if (!type)
		return;
	if (strcmp(type, "person") == 0 || strcmp(type, "touch") == 0 ||
	    strcmp(type, "traffic") == 0) {
		utm_from_url(r);
		channel(r);
		utm_rules(r);
	}
	if (strcmp(type, "person") == 0)
		company_domain(r);
	if (strcmp(type, "opportunity") == 0)
		closed_at(r);
}

/* Canonical key order per type (canon.h): type and the ids, then the type's
 * fields; other keys keep their order after. */
static const char *const order_common[] = {
	"type", "id", "source", "source_id", NULL
};
_Static_assert(NCH < KTAB_SLOTS / 2, "key tables must stay under half full");

static void
ktab_build(void)
{
	int o, n;
	size_t i, nf;

	for (o = 0; o < MOPS_NTYPES; o++) {
		const struct mops_field *f = mops_canon_fields((enum mops_rtype)o, &nf);

		if (nf + 4 >= KTAB_SLOTS / 2)
			mops_die(70, "key table too small for %s", mops_canon_type_name(o));
		for (n = 0; order_common[n]; n++)
			kadd(rank_tab[o], order_common[n], n);
		for (i = 0; i < nf; i++)
			kadd(rank_tab[o], f[i].name, n + (int)i);
	}
	for (i = 0; i < NCH; i++)
		kadd(ch_tab, ch_names[i], i);
}

static void
ktab_init(void)
{
	if (pthread_once(&ktab_once, ktab_build) != 0)
		mops_die(70, "cannot build the key tables");
}

static int
rank_of(const char *key, size_t klen, void *ctx)
{
	/* others keep their order, after */
	return kfind(ctx, key, klen, 1000);
}

void
norm_reorder(struct nrec *r)
{
	enum mops_rtype o = mops_canon_type(mops_json_get_str(r->out, "type"));

	ktab_init();
	mops_json_sort_members(r->out, rank_of, (void *)rank_tab[o]);
	norm_order_stage_dates(r);
}
