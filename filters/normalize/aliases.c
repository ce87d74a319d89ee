/*
 * aliases.c - records with no built-in map (CSV lists, unknown streams): fields
 * are matched by their folded names ("Email Address", "E-mail", "Country/Region",
 * "Company Name"), the way a person reads a spreadsheet header.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "util.h"

static const struct {
	const char *canon;
	enum fkind kind;
	const char *names;	/* folded header names, space-separated */
} aliases[] = {
	{ "source_id", F_STR, "id recordid contactid leadid personid externalid" },
	{ "email", F_EMAIL, "email emailaddress email1 mail workemail businessemail "
	    "primaryemail emailaddr contactemail" },
	{ "first_name", F_FIRST, "firstname first givenname fname forename" },
	{ "last_name", F_LAST, "lastname last surname familyname lname" },
	{ "name", F_FULLNAME, "name fullname contactname leadname personname" },
	{ "title", F_TITLE, "title jobtitle position role jobrole jobposition designation" },
	{ "company", F_COMPANY, "company companyname organization organisation "
	    "account accountname employer business companyaccount accountcompany "
	    "companyaccountname organizationname organisationname" },
	{ "salutation", F_SALUTATION, "salutation prefix nameprefix" },
	{ "company_domain", F_DOMAIN, "website companywebsite url web domain "
	    "companydomain websiteurl" },
	{ "country", F_COUNTRY, "country countryregion countryname countrycode nation "
	    "billingcountry mailingcountry" },
	{ "region", F_REGION, "state region province stateprovince stateregion "
	    "stateorprovince county statecode" },
	{ "city", F_CITY, "city town locality" },
	{ "postal_code", F_POSTAL, "zip zipcode postalcode postcode zippostalcode "
	    "postal zippostcode" },
	{ "phone", F_PHONE, "phone phonenumber telephone tel workphone businessphone "
	    "officephone" },
	{ "mobile_phone", F_PHONE, "mobile mobilephone cell cellphone mobilenumber" },
	{ "lifecycle_stage", F_STAGE, "lifecyclestage stage lifecycle" },
	{ "lead_status", F_STR, "status leadstatus" },
	{ "lead_source", F_STR, "leadsource source originalsource" },
	{ "utm_source", F_STR, "utmsource" },
	{ "utm_medium", F_STR, "utmmedium" },
	{ "utm_campaign", F_STR, "utmcampaign" },
	{ "utm_term", F_STR, "utmterm" },
	{ "utm_content", F_STR, "utmcontent" },
	{ "landing_page", F_URL, "landingpage landingpageurl firstpageseen" },
	{ "referrer", F_REFERRER, "referrer referrerurl referringurl" },
	{ "email_opt_out", F_BOOL, "emailoptout optout optedout unsubscribed "
	    "hasoptedoutofemail donotemail emailunsubscribed unsubscribeddate "
	    "unsubscribedate optoutdate unsubscribedon" },
	{ "email_opt_out", F_OPTIN, "optin optinstatus emailoptin subscribed "
	    "subscriptionstatus marketingconsent consent emailconsent marketingoptin "
	    "acceptsmarketing newsletter" },
	{ "email_bounced", F_BOUNCE, "emailbounced bounced hardbounce emailinvalid" },
	{ "dob", F_DATE, "dob dateofbirth birthdate birthday birthdt dobdate" },
	{ "created_at", F_TIME, "createdat createdate createddate created datecreated "
	    "createdon signupdate" },
	{ "updated_at", F_TIME, "updatedat lastmodifieddate lastmodified updated "
	    "modifieddate" },
	{ NULL, 0, NULL }
};

static int
word_in(const char *words, const char *w)
{
	size_t n = strlen(w);
	const char *p = words;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

/* Which alias rows a header names, remembered per thread: a CSV list repeats
 * its header on every row, and folding plus searching every row's names for
 * every key was a fifth of normalising a list.  An open-addressing table (a
 * short linear probe, so two headers that hash alike do not evict each other
 * on every row); keys up to 47 bytes are kept inline (nothing to free when a
 * worker thread ends); others, and keys met once the table is full near their
 * slot, are computed. */
#define NROWS_MAX 64
#define MEMO_SLOTS 512
#define MEMO_PROBE 8
struct memo {
	unsigned char n;	/* key length; 0: empty slot */
	char k[47];
	uint64_t mask;
};
static _Thread_local struct memo memo[MEMO_SLOTS];
_Static_assert(sizeof(aliases) / sizeof(aliases[0]) <= NROWS_MAX + 1,
    "alias rows must fit the 64-bit masks");

static uint64_t
rows_for(const char *k, size_t n)
{
	char key[128];
	uint64_t mask = 0, h = 1469598103934665603ULL;
	size_t a, i, j;
	struct memo *m = NULL;

	if (n > 0 && n < sizeof(memo[0].k)) {
		/* eight bytes a step, then the tail byte by byte */
		for (i = 0; i + 8 <= n; i += 8) {
			uint64_t w;

			memcpy(&w, k + i, 8);
			h = (h ^ w) * 0xff51afd7ed558ccdULL;
			h ^= h >> 32;
		}
		for (; i < n; i++)
			h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
		h ^= h >> 29;
		for (j = 0; j < MEMO_PROBE; j++) {
			struct memo *s = &memo[(h + j) & (MEMO_SLOTS - 1)];

			if (s->n == n && memcmp(s->k, k, n) == 0)
				return s->mask;
			if (s->n == 0) {
				m = s;
				break;
			}
		}
	}
	norm_fold(k, n, key, sizeof(key));
	for (a = 0; a + 1 < sizeof(aliases) / sizeof(aliases[0]); a++)
		if (word_in(aliases[a].names, key))
			mask |= (uint64_t)1 << a;
	if (m) {
		m->n = (unsigned char)n;
		memcpy(m->k, k, n);
		m->mask = mask;
	}
	return mask;
}

/* The index of the lowest set bit of m (not 0). */
static size_t
lowest_bit(uint64_t m)
{
#if defined(__GNUC__)
	return (size_t)__builtin_ctzll(m);
#else
	size_t a = 0;

	for (; !(m & 1); m >>= 1)
		a++;
	return a;
#endif
}

/* norm_apply() with a member's key as the source path: a copy, as the member
 * (and its key) is consumed; on the stack when short. */
static void
apply_key(struct nrec *r, const char *canon, enum fkind kind, const char *key)
{
	char buf[128];
	size_t n = strlen(key);

	if (n < sizeof(buf)) {
		memcpy(buf, key, n + 1);
		norm_apply(r, canon, kind, buf, NULL);
	} else {
		char *k = mops_xstrndup(key, n);

		norm_apply(r, canon, kind, k, NULL);
		free(k);
	}
}

void
norm_aliases(struct nrec *r)
{
	size_t i, a;
	uint64_t mask;
	uint64_t done = 0;	/* alias rows used; two rows may fill one field */
	const char *country_key = NULL;
	struct { const char *key; uint64_t mask; } seen[32];
	size_t nseen = 0, cur = 0;

	/* Country first: regions and phones need it.  Then the rest in input order,
	 * the first matching column winning when several alias one field. */
	for (a = 0; aliases[a].canon; a++)
		if (strcmp(aliases[a].canon, "country") == 0)
			break;
	for (i = 0; i < r->in->len; i++) {
		mask = rows_for(r->in->u.members[i].key, r->in->u.members[i].klen);
		if (i < sizeof(seen) / sizeof(seen[0])) {
			seen[i].key = r->in->u.members[i].key;
			seen[i].mask = mask;
			nseen = i + 1;
		}
		if (mask & ((uint64_t)1 << a)) {
			country_key = r->in->u.members[i].key;
			break;
		}
	}
	if (country_key) {
		apply_key(r, "country", F_COUNTRY, country_key);
		done |= (uint64_t)1 << a;
	}
	for (i = 0; i < r->in->len;) {
		const struct mops_jmember *m = &r->in->u.members[i];
		int hit = 0;

		/* member keys are never NULL (json.h) */
		// NOLINTNEXTLINE(clang-analyzer-core.NullDereference)
		if (m->key[0] == '_') {
			i++;
			continue;
		}
		/* the masks of the members the country search saw, found by
		 * their keys' addresses: members only leave the raw record here,
		 * in order, none joins it, so a cursor finds them */
		while (cur < nseen && seen[cur].key != m->key)
			cur++;
		mask = cur < nseen ? seen[cur].mask : rows_for(m->key, m->klen);
		/* the first row this column names that is not used yet */
		if ((mask &= ~done) != 0) {
			size_t before = r->in->len;

			a = lowest_bit(mask);
			apply_key(r, aliases[a].canon, aliases[a].kind, m->key);
			done |= (uint64_t)1 << a;
			hit = r->in->len < before;
		}
		if (!hit)
			i++;
	}
}
