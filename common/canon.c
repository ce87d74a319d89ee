/* canon.c - the canonical vocabulary of mops(7) as tables. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "canon.h"
#include "channel.h"
#include "mtime.h"

/* ---- types ---- */

static const char *const type_names[MOPS_NTYPES] = {
	"other", "person", "account", "opportunity", "opportunity_role", "touch",
	"activity", "campaign", "spend", "traffic", "credit",
};

const char *
mops_canon_type_name(enum mops_rtype t)
{
	return (unsigned)t < MOPS_NTYPES ? type_names[t] : type_names[0];
}

enum mops_rtype
mops_canon_type(const char *s)
{
	int i;

	if (!s)
		return MOPS_T_OTHER;
	for (i = 1; i < MOPS_NTYPES; i++)
		if (strcmp(s, type_names[i]) == 0)
			return (enum mops_rtype)i;
	return MOPS_T_OTHER;
}

/* ---- fields: the order is the one mops-normalize writes (mops.7) ---- */

#define F(n, k, c) { n, MOPS_FK_##k, c }
#define CLICK_IDS F("gclid", TEXT, 0), F("gbraid", TEXT, 0), F("wbraid", TEXT, 0), \
	F("fbclid", TEXT, 0), F("msclkid", TEXT, 0), F("ttclid", TEXT, 0), \
	F("li_fat_id", TEXT, 0), F("dclid", TEXT, 0)
#define IDENT F("id", ID, 1), F("source", TEXT, 0), F("source_id", TEXT, 0)

static const struct mops_field f_person[] = {
	IDENT,
	F("email", EMAIL, 1), F("email_domain", TEXT, 0), F("email_role", BOOL, 0),
	F("email_free", BOOL, 0), F("salutation", TEXT, 0), F("first_name", TEXT, 1),
	F("last_name", TEXT, 1), F("name_suffix", TEXT, 0), F("title", TEXT, 1),
	F("company", TEXT, 1), F("company_domain", TEXT, 1), F("phone", PHONE, 1),
	F("phone_ext", TEXT, 0), F("phone_type", TEXT, 0), F("mobile_phone", PHONE, 1),
	F("mobile_phone_ext", TEXT, 0), F("mobile_phone_type", TEXT, 0),
	F("country", COUNTRY, 1),
	F("region", REGION, 1), F("city", TEXT, 1), F("postal_code", TEXT, 1),
	F("account_id", REF, 0), F("owner_id", REF, 0), F("lifecycle_stage", STAGE, 1),
	F("stage_dates", OBJECT, 0), F("lead_status", TEXT, 1), F("lead_source", TEXT, 1),
	/* the first three UTM fields are CSV columns */
	F("utm_source", TEXT, 1), F("utm_medium", TEXT, 1), F("utm_campaign", TEXT, 1),
	F("utm_term", TEXT, 0), F("utm_content", TEXT, 0),
	CLICK_IDS,
	F("landing_page", URL, 0), F("referrer", URL, 0), F("channel", CHANNEL, 1),
	F("channel_rule", TEXT, 0), F("email_opt_out", BOOL, 1),
	F("email_bounced", BOOL, 1), F("xref_ids", XREFS, 0), F("created_at", TIME, 1),
	F("updated_at", TIME, 1),
};

static const struct mops_field f_account[] = {
	IDENT,
	F("name", TEXT, 1), F("domain", TEXT, 1), F("industry", TEXT, 1),
	F("employees", INT, 1), F("annual_revenue", MONEY, 0), F("phone", PHONE, 0),
	F("country", COUNTRY, 1), F("region", REGION, 1), F("city", TEXT, 1),
	F("postal_code", TEXT, 0), F("owner_id", REF, 0), F("xref_ids", XREFS, 0),
	F("created_at", TIME, 1), F("updated_at", TIME, 1),
};

static const struct mops_field f_opportunity[] = {
	IDENT,
	F("name", TEXT, 1), F("account_id", REF, 1), F("person_ids", REFS, 0),
	F("amount", MONEY, 1), F("currency", CURRENCY, 1), F("stage", TEXT, 1),
	F("is_closed", BOOL, 1), F("is_won", BOOL, 1), F("created_at", TIME, 1),
	F("closed_at", TIME, 1), F("close_date", DATE, 0), F("campaign_id", REF, 0),
	F("owner_id", REF, 0), F("lead_source", TEXT, 0), F("pipeline", TEXT, 0),
	F("xref_ids", XREFS, 0), F("updated_at", TIME, 0),
};

static const struct mops_field f_role[] = {
	IDENT,
	F("opportunity_id", REF, 0), F("person_id", REF, 0), F("role", TEXT, 0),
	F("is_primary", BOOL, 0), F("created_at", TIME, 0), F("updated_at", TIME, 0),
};

static const struct mops_field f_touch[] = {
	IDENT,
	F("person_id", REF, 1), F("account_id", REF, 0), F("occurred_at", TIME, 1),
	F("touch_type", TEXT, 1), F("channel", CHANNEL, 1), F("channel_rule", TEXT, 0),
	F("utm_source", TEXT, 1), F("utm_medium", TEXT, 1), F("utm_campaign", TEXT, 1),
	F("utm_term", TEXT, 0), F("utm_content", TEXT, 0),
	CLICK_IDS,
	F("campaign_id", REF, 1), F("campaign_name", TEXT, 0),
	F("campaign_type", TEXT, 0), F("asset_name", TEXT, 0), F("url", URL, 1),
	F("referrer", URL, 0),
};

static const struct mops_field f_campaign[] = {
	IDENT,
	F("name", TEXT, 0), F("channel", CHANNEL, 0), F("campaign_type", TEXT, 0),
	F("status", TEXT, 0), F("cost", MONEY, 0), F("budgeted_cost", MONEY, 0),
	F("currency", CURRENCY, 0), F("start_date", DATE, 0), F("end_date", DATE, 0),
	F("parent_id", REF, 0), F("created_at", TIME, 0), F("updated_at", TIME, 0),
};

static const struct mops_field f_spend[] = {
	F("date", DATE, 0), F("channel", CHANNEL, 0), F("campaign_id", REF, 0),
	F("campaign_name", TEXT, 0), F("cost", MONEY, 0), F("currency", CURRENCY, 0),
	F("clicks", INT, 0), F("impressions", INT, 0),
};

static const struct mops_field f_traffic[] = {
	F("date", DATE, 0), F("utm_source", TEXT, 0), F("utm_medium", TEXT, 0),
	F("utm_campaign", TEXT, 0), F("channel", CHANNEL, 0), F("channel_rule", TEXT, 0),
};

static const struct mops_field f_credit[] = {
	F("opportunity_id", REF, 1), F("model", TEXT, 1), F("touch_id", REF, 1),
	F("person_id", REF, 1), F("channel", CHANNEL, 1), F("campaign_id", REF, 1),
	F("occurred_at", TIME, 1), F("weight", NUMBER, 1), F("amount", MONEY, 1),
};

#undef F
#undef CLICK_IDS
#undef IDENT

#define N(a) (sizeof(a) / sizeof((a)[0]))
static const struct {
	const struct mops_field *f;
	size_t n;
} fields[MOPS_NTYPES] = {
	[MOPS_T_PERSON] = { f_person, N(f_person) },
	[MOPS_T_ACCOUNT] = { f_account, N(f_account) },
	[MOPS_T_OPPORTUNITY] = { f_opportunity, N(f_opportunity) },
	[MOPS_T_OPPORTUNITY_ROLE] = { f_role, N(f_role) },
	[MOPS_T_TOUCH] = { f_touch, N(f_touch) },
	[MOPS_T_ACTIVITY] = { f_touch, N(f_touch) },
	[MOPS_T_CAMPAIGN] = { f_campaign, N(f_campaign) },
	[MOPS_T_SPEND] = { f_spend, N(f_spend) },
	[MOPS_T_TRAFFIC] = { f_traffic, N(f_traffic) },
	[MOPS_T_CREDIT] = { f_credit, N(f_credit) },
};

const struct mops_field *
mops_canon_fields(enum mops_rtype t, size_t *n)
{
	if ((unsigned)t >= MOPS_NTYPES || !fields[t].f) {
		if (n)
			*n = 0;
		return NULL;
	}
	if (n)
		*n = fields[t].n;
	return fields[t].f;
}

int
mops_canon_field_rank(enum mops_rtype t, const char *name)
{
	size_t i, n;
	const struct mops_field *f = mops_canon_fields(t, &n);

	for (i = 0; name && i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct mops_field *
mops_canon_field(enum mops_rtype t, const char *name)
{
	int r = mops_canon_field_rank(t, name);

	return r < 0 ? NULL : &mops_canon_fields(t, NULL)[r];
}

const char *
mops_canon_kind_name(enum mops_fkind k)
{
	static const char *const names[MOPS_NFKINDS] = {
		"text", "id", "ref", "refs", "xrefs", "time", "date", "money", "number",
		"int", "bool", "stage", "channel", "currency", "country", "region",
		"email", "phone", "url", "object",
	};

	return (unsigned)k < MOPS_NFKINDS ? names[k] : "?";
}

/* ---- meta keys ---- */

const char *const mops_canon_meta_keys[] = {
	MOPS_META_STREAM, MOPS_META_EXTRACTED_AT, MOPS_META_ERRORS,
	MOPS_META_MERGED_FROM, MOPS_META_CLUSTER, MOPS_META_MATCH, NULL
};

int
mops_canon_is_meta(const char *key)
{
	return key && key[0] == '_';
}

/* ---- stages ---- */

const char *const mops_canon_stages[MOPS_NSTAGES] = {
	"subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"
};

int
mops_canon_stage_rank(const char *s)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < MOPS_NSTAGES; i++)
		if (strcasecmp(s, mops_canon_stages[i]) == 0)
			return i;
	return -1;
}

int
mops_canon_stage_valid(const char *s)
{
	return mops_canon_stage_rank(s) >= 0 || (s && strcasecmp(s, "other") == 0);
}

/* ---- channels ---- */

const char *
mops_canon_channel(const char *s)
{
	size_t n;
	int i;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (i = 0; mops_channel_names[i]; i++)
		if (strlen(mops_channel_names[i]) == n &&
		    strncasecmp(mops_channel_names[i], s, n) == 0)
			return mops_channel_names[i];
	return NULL;
}

/* ---- ids ---- */

const char *
mops_canon_id_split(const char *id, const char **sys, size_t *syslen,
    const char **obj, size_t *objlen)
{
	const char *c1, *c2;

	if (!id || !(c1 = strchr(id, ':')) || !(c2 = strchr(c1 + 1, ':')))
		return NULL;
	if (sys)
		*sys = id;
	if (syslen)
		*syslen = (size_t)(c1 - id);
	if (obj)
		*obj = c1 + 1;
	if (objlen)
		*objlen = (size_t)(c2 - c1 - 1);
	return c2 + 1;
}

/* The case-safe suffix: bit j of character i says whether in[i*5+j] is upper case. */
static void
sf_suffix(const char *in, char *suf)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
	int i, j;

	for (i = 0; i < 3; i++) {
		int bits = 0;

		for (j = 0; j < 5; j++)
			if (in[i * 5 + j] >= 'A' && in[i * 5 + j] <= 'Z')
				bits |= 1 << j;
		suf[i] = alpha[bits];
	}
}

int
mops_sfid18(const char *in, char *out, size_t outsz)
{
	size_t n, i;
	char suf[3];

	if (!in || outsz < 19)
		return -1;
	n = strlen(in);
	if (n != 15 && n != 18)
		return -1;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)in[i]))
			return -1;
	sf_suffix(in, suf);
	/* the suffix is case-insensitive: ids pass through tools that fold case */
	if (n == 18)
		for (i = 0; i < 3; i++)
			if (toupper((unsigned char)in[15 + i]) != suf[i])
				return -1;
	memcpy(out, in, 15);
	memcpy(out + 15, suf, 3);
	out[18] = '\0';
	return 0;
}

size_t
mops_canon_id(const char *system, const char *object, const char *source_id,
    char *buf, size_t bufsz)
{
	char sf[19];
	int n;

	if (strcmp(system, "salesforce") == 0 && mops_sfid18(source_id, sf, sizeof(sf)) == 0)
		source_id = sf;
	n = snprintf(buf, bufsz, "%s:%s:%s", system, object, source_id);
	if (n < 0 || (size_t)n >= bufsz) {
		if (bufsz)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

/* ---- timestamps ---- */

/* The canonical form "YYYY-MM-DDTHH:MM:SS[.f...]Z": its fraction's start and
 * length, or -1.  Most comparisons are of these, so they skip the parser. */
static int
canonical_ts(const char *s, const char **frac, size_t *flen)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd";
	size_t i;

	for (i = 0; i < 19; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return -1;
	*frac = s + 19;
	*flen = 0;
	if (s[19] == '.') {
		for (i = 20; isdigit((unsigned char)s[i]); i++)
			;
		if (i == 20)
			return -1;
		*frac = s + 20;
		*flen = i - 20;
	} else
		i = 19;
	return s[i] == 'Z' && s[i + 1] == '\0' ? 0 : -1;
}

static int
parse_ts(const char *s, struct mops_time *t)
{
	return s && *s ? mops_time_parse(s, MOPS_DATE_YMD, t) : -1;
}

int
mops_ts_cmp(const char *a, const char *b)
{
	const char *fa, *fb;
	size_t la, lb, i;
	struct mops_time ta, tb;
	int pa, pb, c;

	if (a && b && canonical_ts(a, &fa, &la) == 0 && canonical_ts(b, &fb, &lb) == 0) {
		if ((c = memcmp(a, b, 19)) != 0)
			return c < 0 ? -1 : 1;
		/* fractions: the shorter one padded with zeros; nanoseconds
		 * at most, as mops_time_parse() keeps */
		for (i = 0; i < 9 && (i < la || i < lb); i++) {
			char x = i < la ? fa[i] : '0', y = i < lb ? fb[i] : '0';

			if (x != y)
				return x < y ? -1 : 1;
		}
		return 0;
	}
	pa = parse_ts(a, &ta);
	pb = parse_ts(b, &tb);
	if (pa == 0 && pb == 0) {
		if (ta.sec != tb.sec)
			return ta.sec < tb.sec ? -1 : 1;
		return ta.nsec < tb.nsec ? -1 : ta.nsec > tb.nsec;
	}
	if (pa == 0 || pb == 0)
		return pa == 0 ? 1 : -1;
	c = strcmp(a ? a : "", b ? b : "");
	return c < 0 ? -1 : c > 0;
}

size_t
mops_ts_key(const char *ts, char *buf, size_t bufsz)
{
	struct mops_time t;
	size_t n;

	if (bufsz)
		buf[0] = '\0';
	if (bufsz < 32 || parse_ts(ts, &t) != 0)
		return 0;
	t.frac_digits = 9;
	n = mops_time_format(&t, buf, bufsz);
	if (n != 30) {
		buf[0] = '\0';
		return 0;
	}
	return n;
}
