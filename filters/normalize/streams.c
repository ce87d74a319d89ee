/*
 * streams.c - the built-in maps from each vendor stream onto canonical records.
 *
 * Field names follow each vendor's API: HubSpot CRM v3 (properties as strings),
 * Salesforce REST (records with `attributes`), Marketo REST leads and
 * activities, GA4 runReport rows turned into records by mops-extract.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "canon.h"
#include "normalize.h"
#include "url.h"
#include "util.h"


#define P "properties."

static const struct fmap hs_contact[] = {
	{ "email", F_EMAIL, P "email|" P "work_email", NULL },
	{ "salutation", F_SALUTATION, P "salutation", NULL },
	{ "first_name", F_FIRST, P "firstname", NULL },
	{ "last_name", F_LAST, P "lastname", NULL },
	{ "title", F_TITLE, P "jobtitle", NULL },
	{ "company", F_COMPANY, P "company", NULL },
	{ "company_domain", F_DOMAIN, P "website", NULL },
	{ "country", F_COUNTRY, P "country|" P "ip_country", NULL },
	{ "region", F_REGION, P "state|" P "ip_state", NULL },
	{ "city", F_CITY, P "city|" P "ip_city", NULL },
	{ "postal_code", F_POSTAL, P "zip", NULL },
	{ "phone", F_PHONE, P "phone", NULL },
	{ "mobile_phone", F_PHONE, P "mobilephone", NULL },
	{ "account_id", F_REF, P "associatedcompanyid", "hubspot:company:" },
	{ "owner_id", F_REF, P "hubspot_owner_id", "hubspot:owner:" },
	{ "lifecycle_stage", F_STAGE, P "lifecyclestage", NULL },
	{ "lead_status", F_STR, P "hs_lead_status", NULL },
	{ "lead_source", F_STR, P "hs_analytics_source|" P "leadsource", NULL },
	{ "utm_source", F_STR, P "utm_source|" P "hs_utm_source", NULL },
	{ "utm_medium", F_STR, P "utm_medium|" P "hs_utm_medium", NULL },
	{ "utm_campaign", F_STR, P "utm_campaign|" P "hs_utm_campaign", NULL },
	{ "utm_term", F_STR, P "utm_term|" P "hs_utm_term", NULL },
	{ "utm_content", F_STR, P "utm_content|" P "hs_utm_content", NULL },
	{ "landing_page", F_URL, P "hs_analytics_first_url", NULL },
	{ "referrer", F_REFERRER, P "hs_analytics_first_referrer", NULL },
	{ "email_opt_out", F_BOOL, P "hs_email_optout", NULL },
	{ "email_bounced", F_BOUNCE, P "hs_email_hard_bounce_reason_enum|"
	    P "hs_email_hard_bounce_reason|" P "hs_email_bad_address", NULL },
	{ "xref_ids", F_XREF, P "salesforceleadid", "salesforce:lead:" },
	{ "xref_ids", F_XREF, P "salesforcecontactid", "salesforce:contact:" },
	{ "created_at", F_TIME, P "createdate|createdAt", NULL },
	{ "updated_at", F_TIME, P "lastmodifieddate|updatedAt", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap hs_company[] = {
	{ "name", F_COMPANY, P "name", NULL },
	{ "domain", F_DOMAIN, P "domain|" P "website", NULL },
	{ "industry", F_STR, P "industry", NULL },
	{ "employees", F_INT, P "numberofemployees", NULL },
	{ "annual_revenue", F_NUM, P "annualrevenue", NULL },
	{ "country", F_COUNTRY, P "country", NULL },
	{ "region", F_REGION, P "state", NULL },
	{ "city", F_CITY, P "city", NULL },
	{ "postal_code", F_POSTAL, P "zip", NULL },
	{ "phone", F_PHONE, P "phone", NULL },
	{ "owner_id", F_REF, P "hubspot_owner_id", "hubspot:owner:" },
	{ "lifecycle_stage", F_STAGE, P "lifecyclestage", NULL },
	{ "created_at", F_TIME, P "createdate|createdAt", NULL },
	{ "updated_at", F_TIME, P "hs_lastmodifieddate|updatedAt", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap hs_deal[] = {
	{ "name", F_STR, P "dealname", NULL },
	{ "account_id", F_REF, P "associatedcompanyid", "hubspot:company:" },
	{ "amount", F_NUM, P "amount", NULL },
	{ "currency", F_CURRENCY, P "deal_currency_code", NULL },
	{ "stage", F_STR, P "dealstage", NULL },
	{ "pipeline", F_STR, P "pipeline", NULL },
	{ "is_closed", F_BOOL, P "hs_is_closed", NULL },
	{ "is_won", F_BOOL, P "hs_is_closed_won", NULL },
	{ "created_at", F_TIME, P "createdate|createdAt", NULL },
	{ "closed_at", F_TIME, P "closedate", NULL },
	{ "owner_id", F_REF, P "hubspot_owner_id", "hubspot:owner:" },
	{ "lead_source", F_STR, P "hs_analytics_source", NULL },
	{ "updated_at", F_TIME, P "hs_lastmodifieddate|updatedAt", NULL },
	{ NULL, 0, NULL, NULL }
};

#undef P

static const struct fmap sf_lead[] = {
	{ "email", F_EMAIL, "Email", NULL },
	{ "salutation", F_SALUTATION, "Salutation", NULL },
	{ "first_name", F_FIRST, "FirstName", NULL },
	{ "last_name", F_LAST, "LastName", NULL },
	{ "name_suffix", F_SALUTATION, "Suffix", NULL },
	{ "title", F_TITLE, "Title", NULL },
	{ "company", F_COMPANY, "Company", NULL },
	{ "company_domain", F_DOMAIN, "Website", NULL },
	{ "country", F_COUNTRY, "CountryCode|Country", NULL },
	{ "region", F_REGION, "StateCode|State", NULL },
	{ "city", F_CITY, "City", NULL },
	{ "postal_code", F_POSTAL, "PostalCode", NULL },
	{ "phone", F_PHONE, "Phone", NULL },
	{ "mobile_phone", F_PHONE, "MobilePhone", NULL },
	{ "account_id", F_REF, "ConvertedAccountId", "salesforce:account:" },
	{ "owner_id", F_REF, "OwnerId", "salesforce:user:" },
	{ "lead_status", F_STR, "Status", NULL },
	{ "lead_source", F_STR, "LeadSource", NULL },
	{ "utm_source", F_STR, "UTM_Source__c|utm_source__c|pi__utm_source__c", NULL },
	{ "utm_medium", F_STR, "UTM_Medium__c|utm_medium__c|pi__utm_medium__c", NULL },
	{ "utm_campaign", F_STR, "UTM_Campaign__c|utm_campaign__c|pi__utm_campaign__c", NULL },
	{ "utm_term", F_STR, "UTM_Term__c|utm_term__c|pi__utm_term__c", NULL },
	{ "utm_content", F_STR, "UTM_Content__c|utm_content__c|pi__utm_content__c", NULL },
	{ "email_opt_out", F_BOOL, "HasOptedOutOfEmail", NULL },
	{ "email_bounced", F_BOUNCE, "IsEmailBounced|EmailBouncedDate|EmailBouncedReason", NULL },
	{ "xref_ids", F_XREF, "ConvertedContactId", "salesforce:contact:" },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_contact[] = {
	{ "email", F_EMAIL, "Email", NULL },
	{ "salutation", F_SALUTATION, "Salutation", NULL },
	{ "first_name", F_FIRST, "FirstName", NULL },
	{ "last_name", F_LAST, "LastName", NULL },
	{ "name_suffix", F_SALUTATION, "Suffix", NULL },
	{ "title", F_TITLE, "Title", NULL },
	{ "company", F_COMPANY, "Account.Name", NULL },
	{ "company_domain", F_DOMAIN, "Account.Website", NULL },
	{ "country", F_COUNTRY, "MailingCountryCode|MailingCountry", NULL },
	{ "region", F_REGION, "MailingStateCode|MailingState", NULL },
	{ "city", F_CITY, "MailingCity", NULL },
	{ "postal_code", F_POSTAL, "MailingPostalCode", NULL },
	{ "phone", F_PHONE, "Phone", NULL },
	{ "mobile_phone", F_PHONE, "MobilePhone", NULL },
	{ "account_id", F_REF, "AccountId", "salesforce:account:" },
	{ "owner_id", F_REF, "OwnerId", "salesforce:user:" },
	{ "lead_source", F_STR, "LeadSource", NULL },
	{ "utm_source", F_STR, "UTM_Source__c|utm_source__c", NULL },
	{ "utm_medium", F_STR, "UTM_Medium__c|utm_medium__c", NULL },
	{ "utm_campaign", F_STR, "UTM_Campaign__c|utm_campaign__c", NULL },
	{ "email_opt_out", F_BOOL, "HasOptedOutOfEmail", NULL },
	{ "email_bounced", F_BOUNCE, "IsEmailBounced|EmailBouncedDate|EmailBouncedReason", NULL },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_account[] = {
	{ "name", F_COMPANY, "Name", NULL },
	{ "domain", F_DOMAIN, "Website", NULL },
	{ "industry", F_STR, "Industry", NULL },
	{ "employees", F_INT, "NumberOfEmployees", NULL },
	{ "annual_revenue", F_NUM, "AnnualRevenue", NULL },
	{ "country", F_COUNTRY, "BillingCountryCode|BillingCountry", NULL },
	{ "region", F_REGION, "BillingStateCode|BillingState", NULL },
	{ "city", F_CITY, "BillingCity", NULL },
	{ "postal_code", F_POSTAL, "BillingPostalCode", NULL },
	{ "phone", F_PHONE, "Phone", NULL },
	{ "owner_id", F_REF, "OwnerId", "salesforce:user:" },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_opp[] = {
	{ "name", F_STR, "Name", NULL },
	{ "account_id", F_REF, "AccountId", "salesforce:account:" },
	{ "person_ids", F_REFS, "ContactId", "salesforce:contact:" },
	{ "amount", F_NUM, "Amount", NULL },
	{ "currency", F_CURRENCY, "CurrencyIsoCode", NULL },
	{ "stage", F_STR, "StageName", NULL },
	{ "is_closed", F_BOOL, "IsClosed", NULL },
	{ "is_won", F_BOOL, "IsWon", NULL },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "close_date", F_DATE, "CloseDate", NULL },
	{ "campaign_id", F_REF, "CampaignId", "salesforce:campaign:" },
	{ "owner_id", F_REF, "OwnerId", "salesforce:user:" },
	{ "lead_source", F_STR, "LeadSource", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_ocr[] = {
	{ "opportunity_id", F_REF, "OpportunityId", "salesforce:opportunity:" },
	{ "person_id", F_REF, "ContactId", "salesforce:contact:" },
	{ "role", F_STR, "Role", NULL },
	{ "is_primary", F_BOOL, "IsPrimary", NULL },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_campaign[] = {
	{ "name", F_STR, "Name", NULL },
	{ "campaign_type", F_STR, "Type", NULL },
	{ "status", F_STR, "Status", NULL },
	{ "cost", F_NUM, "ActualCost", NULL },
	{ "budgeted_cost", F_NUM, "BudgetedCost", NULL },
	{ "currency", F_CURRENCY, "CurrencyIsoCode", NULL },
	{ "start_date", F_DATE, "StartDate", NULL },
	{ "end_date", F_DATE, "EndDate", NULL },
	{ "parent_id", F_REF, "ParentId", "salesforce:campaign:" },
	{ "created_at", F_TIME, "CreatedDate", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap sf_member[] = {
	{ "person_id", F_REF, "ContactId|LeadId", "" },
	{ "occurred_at", F_TIME, "FirstRespondedDate|CreatedDate", NULL },
	{ "member_status", F_STR, "Status", NULL },
	{ "campaign_id", F_REF, "CampaignId", "salesforce:campaign:" },
	{ "campaign_name", F_STR, "Campaign.Name", NULL },
	{ "campaign_type", F_STR, "Campaign.Type", NULL },
	{ "has_responded", F_BOOL, "HasResponded", NULL },
	{ "updated_at", F_TIME, "LastModifiedDate|SystemModstamp", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap mk_lead[] = {
	{ "email", F_EMAIL, "email", NULL },
	{ "salutation", F_SALUTATION, "salutation", NULL },
	{ "first_name", F_FIRST, "firstName", NULL },
	{ "last_name", F_LAST, "lastName", NULL },
	{ "title", F_TITLE, "title", NULL },
	{ "company", F_COMPANY, "company", NULL },
	{ "company_domain", F_DOMAIN, "website", NULL },
	{ "country", F_COUNTRY, "country", NULL },
	{ "region", F_REGION, "state", NULL },
	{ "city", F_CITY, "city", NULL },
	{ "postal_code", F_POSTAL, "postalCode", NULL },
	{ "phone", F_PHONE, "phone", NULL },
	{ "mobile_phone", F_PHONE, "mobilePhone", NULL },
	{ "owner_id", F_REF, "leadOwnerId|sfdcLeadOwnerId", "marketo:user:" },
	{ "lifecycle_stage", F_STAGE, "leadLifecycleStage|leadRevenueStageId", NULL },
	{ "lead_status", F_STR, "leadStatus", NULL },
	{ "lead_source", F_STR, "leadSource|originalSourceType", NULL },
	{ "utm_source", F_STR, "utmSource|utm_source", NULL },
	{ "utm_medium", F_STR, "utmMedium|utm_medium", NULL },
	{ "utm_campaign", F_STR, "utmCampaign|utm_campaign", NULL },
	{ "utm_term", F_STR, "utmTerm|utm_term", NULL },
	{ "utm_content", F_STR, "utmContent|utm_content", NULL },
	{ "landing_page", F_URL, "originalSourceInfo|landingPage", NULL },
	{ "referrer", F_REFERRER, "originalReferrer", NULL },
	{ "email_opt_out", F_BOOL, "unsubscribed", NULL },
	{ "email_bounced", F_BOUNCE, "emailInvalid", NULL },
	{ "xref_ids", F_XREF, "sfdcLeadId", "salesforce:lead:" },
	{ "xref_ids", F_XREF, "sfdcContactId", "salesforce:contact:" },
	{ "created_at", F_TIME, "createdAt", NULL },
	{ "updated_at", F_TIME, "updatedAt", NULL },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap mk_activity[] = {
	{ "person_id", F_REF, "leadId", "marketo:lead:" },
	{ "occurred_at", F_TIME, "activityDate", NULL },
	{ "activity_type_id", F_RAW, "activityTypeId", NULL },
	{ "campaign_id", F_REF, "campaignId", "marketo:campaign:" },
	{ NULL, 0, NULL, NULL }
};

static const struct fmap ga4_row[] = {
	{ "date", F_DATE, "date", NULL },
	{ "utm_source", F_STR, "sessionSource|firstUserSource|source", NULL },
	{ "utm_medium", F_STR, "sessionMedium|firstUserMedium|medium", NULL },
	{ "utm_campaign", F_STR, "sessionCampaignName|firstUserCampaignName|campaignName", NULL },
	{ "ga4_channel", F_STR, "sessionDefaultChannelGroup|sessionDefaultChannelGrouping", NULL },
	{ NULL, 0, NULL, NULL }
};

static void post_hs_contact(struct nrec *r);
static void post_hs_deal(struct nrec *r);
static void post_hs_company(struct nrec *r);
static void post_sf_lead(struct nrec *r);
static void post_sf_contact(struct nrec *r);
static void post_sf_member(struct nrec *r);
static void post_mk_lead(struct nrec *r);
static void post_mk_activity(struct nrec *r);
static void post_ga4(struct nrec *r);

static const struct smap maps[] = {
	{ "hubspot.contacts", "person", "hubspot", "contact", "id|properties.hs_object_id|vid", hs_contact, post_hs_contact },
	{ "hubspot.companies", "account", "hubspot", "company", "id|properties.hs_object_id", hs_company, post_hs_company },
	{ "hubspot.deals", "opportunity", "hubspot", "deal", "id|properties.hs_object_id", hs_deal, post_hs_deal },
	{ "salesforce.Lead", "person", "salesforce", "lead", "Id", sf_lead, post_sf_lead },
	{ "salesforce.Contact", "person", "salesforce", "contact", "Id", sf_contact, post_sf_contact },
	{ "salesforce.Account", "account", "salesforce", "account", "Id", sf_account, NULL },
	{ "salesforce.Opportunity", "opportunity", "salesforce", "opportunity", "Id", sf_opp, NULL },
	{ "salesforce.OpportunityContactRole", "opportunity_role", "salesforce", "opportunitycontactrole", "Id", sf_ocr, NULL },
	{ "salesforce.Campaign", "campaign", "salesforce", "campaign", "Id", sf_campaign, NULL },
	{ "salesforce.CampaignMember", "touch", "salesforce", "campaignmember", "Id", sf_member, post_sf_member },
	{ "marketo.leads", "person", "marketo", "lead", "id", mk_lead, post_mk_lead },
	{ "marketo.activities", "touch", "marketo", "activity", "marketoGUID|id", mk_activity, post_mk_activity },
	{ "ga4.report", "traffic", "ga4", "row", NULL, ga4_row, post_ga4 },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};

/* The last stream asked for, per thread: a file's records share one. */
static _Thread_local struct {
	char name[96];
	const struct smap *m;
} last_stream;

const struct smap *
norm_find_stream(const char *stream)
{
	const struct smap *m = NULL;
	size_t n = strlen(stream);
	int i;

	if (last_stream.name[0] && strcmp(last_stream.name, stream) == 0)
		return last_stream.m;
	for (i = 0; maps[i].stream && !m; i++)
		if (strcmp(maps[i].stream, stream) == 0)
			m = &maps[i];
	if (n > 0 && n < sizeof(last_stream.name)) {
		memcpy(last_stream.name, stream, n + 1);
		last_stream.m = m;
	}
	return m;
}

/* ---- vendor extras ---- */

static void
set_stage_date(struct nrec *r, const char *stage, const char *text)
{
	mops_json *sd = mops_json_get(r->out, "stage_dates");
	char buf[64];
	const char *old;

	if (norm_time(r, "stage_dates", text, 0, buf, sizeof(buf)) != 0)
		return;
	if (!sd) {
		sd = mops_json_new_object();
		mops_json_set(r->out, "stage_dates", sd);
	}
	/* Two vendor fields for one stage: the earliest wins. */
	old = mops_json_get_str(sd, stage);
	if (!old || mops_ts_cmp(buf, old) < 0)
		mops_json_set(sd, stage, mops_json_new_string(buf));
}

/* HubSpot keeps one date per stage: hs_lifecyclestage_<stage>_date (and the
 * newer hs_v2_date_entered_<stage>). */
static void
post_hs_contact(struct nrec *r)
{
	static const char *const pre[] = { "hs_lifecyclestage_", "hs_v2_date_entered_",
		"hs_date_entered_", NULL };
	mops_json *props = mops_json_get(r->in, "properties");
	size_t i;
	int k;

	if (!props || props->type != MOPS_JOBJECT)
		return;
	for (i = 0; i < props->len;) {
		struct mops_jmember *m = &props->u.members[i];
		const char *key = m->key, *stage = NULL, *val;
		char name[96];
		size_t pl = 0;

		for (k = 0; pre[k]; k++)
			if (strncmp(key, pre[k], strlen(pre[k])) == 0) {
				pl = strlen(pre[k]);
				break;
			}
		val = mops_json_scalar_text(m->val);
		if (pre[k] && val && *val && m->klen - pl < sizeof(name)) {
			snprintf(name, sizeof(name), "%s", key + pl);
			if (k == 0) {
				size_t n = strlen(name);

				if (n > 5 && strcmp(name + n - 5, "_date") == 0)
					name[n - 5] = '\0';
				else
					name[0] = '\0';
			}
			/* hs_v2_date_entered_<stage> may carry a pipeline suffix */
			if (name[0])
				stage = norm_stage(r->cfg, name);
		}
		if (stage) {
			set_stage_date(r, stage, val);
			mops_json_free(mops_json_take(props, m->key));
			continue;
		}
		i++;
	}
	if (props->len == 0)
		mops_json_del(r->in, "properties");
	/* No stage property at all (not asked for in the export): the latest
	 * stage the contact entered is the stage it is in. */
	{
		mops_json *sd = mops_json_get(r->out, "stage_dates");
		const char *best = NULL;
		size_t j;
		int bad = 0;

		for (j = 0; r->errors && j < r->errors->len; j++)
			bad |= strcmp(mops_json_get_str(r->errors->u.items[j], "field"),
			    "lifecycle_stage") == 0;
		if (sd && !bad && !mops_json_get(r->out, "lifecycle_stage"))
			for (j = 0; j < sd->len; j++) {
				const char *st = sd->u.members[j].key;

				if (strcmp(st, "other") != 0 && (!best ||
				    norm_stage_rank(st) > norm_stage_rank(best)))
					best = st;
			}
		if (best)
			norm_set_str(r, "lifecycle_stage", best);
	}
}

static void
post_hs_deal(struct nrec *r)
{
	mops_json *assoc = mops_json_get(r->in, "associations");
	const char *stage = mops_json_get_str(r->out, "stage");
	const char *close = mops_json_get_str(r->out, "close_date");

	if (assoc) {
		norm_apply(r, "person_ids", F_REFS, "associations.contacts", "hubspot:contact:");
		if (!mops_json_get(r->out, "account_id"))
			norm_apply(r, "account_ids", F_REFS, "associations.companies",
			    "hubspot:company:");
		/* One company: it is the deal's account. */
		{
			mops_json *a = mops_json_get(r->out, "account_ids");

			if (a && a->len == 1) {
				mops_json_set(r->out, "account_id",
				    mops_json_copy(a->u.items[0]));
				mops_json_del(r->out, "account_ids");
			}
		}
		assoc = mops_json_get(r->in, "associations");
		if (assoc && assoc->len == 0)
			mops_json_del(r->in, "associations");
	}
	/* Default pipeline stages say closed and won when the flags are absent. */
	if (stage && !mops_json_get(r->out, "is_closed")) {
		int won = strcmp(stage, "closedwon") == 0, lost = strcmp(stage, "closedlost") == 0;

		mops_json_set(r->out, "is_closed", mops_json_new_bool(won || lost));
		if (!mops_json_get(r->out, "is_won"))
			mops_json_set(r->out, "is_won", mops_json_new_bool(won));
	}
	/* HubSpot's closedate is a timestamp: close_date is its day, closed_at
	 * the moment, for closed deals only (an open deal's date is a forecast). */
	close = mops_json_get_str(r->out, "closed_at");
	if (close && strlen(close) >= 10) {
		mops_json_set(r->out, "close_date", mops_json_new_stringn(close, 10));
		if (!mops_json_is_true(mops_json_get(r->out, "is_closed")))
			mops_json_del(r->out, "closed_at");
	}
}

/* HubSpot enumerations come as internal values: "COMPUTER_SOFTWARE" is the
 * label "Computer Software". */
static void
post_hs_company(struct nrec *r)
{
	const char *ind = mops_json_get_str(r->out, "industry");
	size_t i;
	int word = 0;
	char *t;

	post_hs_contact(r);
	if (!ind || !strchr(ind, '_') || strspn(ind, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
	    strlen(ind))
		return;
	t = mops_xstrdup(ind);
	for (i = 0; t[i]; i++) {
		if (t[i] == '_') {
			t[i] = ' ';
			word = 0;
		} else {
			if (word && t[i] >= 'A' && t[i] <= 'Z')
				t[i] = (char)(t[i] - 'A' + 'a');
			word = 1;
		}
	}
	norm_set_str(r, "industry", t);
	free(t);
}

/*
 * Stage dates in vendor fields named for a stage (norm_stage_date_field):
 * Salesforce custom fields such as MQL_Date__c or Date_Became_SQL__c, Marketo's
 * mktoAcquisitionDate and lifecycle date fields such as mqlDate.  Top-level
 * fields of the raw record; those used are taken out of it.
 */
static void
stage_date_fields(struct nrec *r)
{
	size_t i;

	if (!r->in || r->in->type != MOPS_JOBJECT)
		return;
	for (i = 0; i < r->in->len;) {
		struct mops_jmember *m = &r->in->u.members[i];
		const char *stage = norm_stage_date_field(r->cfg, m->key);
		const char *val = stage ? mops_json_scalar_text(m->val) : NULL;

		if (val && *val) {
			set_stage_date(r, stage, val);
			mops_json_free(mops_json_take(r->in, m->key));
			continue;
		}
		i++;
	}
}

/* A Salesforce lead's stage comes from its status, and conversion; so do its
 * stage dates: a lead since it was created, converted on ConvertedDate (to an
 * opportunity, or sql without one), and any stage date fields. */
static void
post_sf_lead(struct nrec *r)
{
	const char *status = mops_json_get_str(r->out, "lead_status");
	const char *created = mops_json_get_str(r->out, "created_at");
	mops_json *conv = mops_json_get(r->in, "IsConverted");
	const char *st = NULL;
	char *opp, *cdate;

	if (status && !(st = norm_stage(r->cfg, status)))
		norm_error(r, "lifecycle_stage", "lifecycle_unknown", status);
	if (created)
		set_stage_date(r, "lead", created);
	if (mops_json_is_true(conv)) {
		opp = norm_text(r, "ConvertedOpportunityId");
		st = opp ? "opportunity" : "sql";
		free(opp);
		if ((cdate = norm_text(r, "ConvertedDate")) != NULL) {
			set_stage_date(r, st, cdate);
			free(cdate);
			mops_json_del(r->in, "ConvertedDate");
		}
	}
	if (st)
		norm_set_str(r, "lifecycle_stage", st);
	mops_json_del(r->in, "IsConverted");
	stage_date_fields(r);
}

static void
post_sf_contact(struct nrec *r)
{
	stage_date_fields(r);
}

static void
post_mk_lead(struct nrec *r)
{
	const char *status = mops_json_get_str(r->out, "lead_status");
	const char *st;

	stage_date_fields(r);
	if (mops_json_get(r->out, "lifecycle_stage") || !status)
		return;
	if ((st = norm_stage(r->cfg, status)) != NULL)
		norm_set_str(r, "lifecycle_stage", st);
	else
		norm_error(r, "lifecycle_stage", "lifecycle_unknown", status);
}

static void
post_sf_member(struct nrec *r)
{
	const char *status = mops_json_get_str(r->out, "member_status");
	const char *pid = mops_json_get_str(r->out, "person_id");
	char *fixed;

	/* LeadId/ContactId both map to person_id: say which kind it is. */
	if (pid && !strchr(pid, ':')) {
		const char *kind = strncmp(pid, "00Q", 3) == 0 ? "salesforce:lead:" :
		    "salesforce:contact:";

		fixed = norm_make_ref(r, kind, pid);
		norm_set_str(r, "person_id", fixed);
		free(fixed);
	}
	norm_set_str(r, "touch_type", status ? norm_touch_type(status) : "other");
	/* "Attended" a trade show or a conference is an event, not a webinar. */
	{
		const char *ct = mops_json_get_str(r->out, "campaign_type");
		const char *tt = mops_json_get_str(r->out, "touch_type");
		char key[32];

		norm_fold(ct ? ct : "", ct ? strlen(ct) : 0, key, sizeof(key));
		if (tt && strcmp(tt, "webinar_attended") == 0 && (strcmp(key, "tradeshow") == 0 ||
		    strcmp(key, "event") == 0 || strcmp(key, "conference") == 0 ||
		    strcmp(key, "seminar") == 0 || strcmp(key, "roadshow") == 0 ||
		    strcmp(key, "fieldevent") == 0 || strcmp(key, "inpersonevent") == 0))
			norm_set_str(r, "touch_type", "event_attended");
	}
}

/* Marketo's standard activity types (GET /rest/v1/activities/types.json). */
static const struct { int id; const char *type; } mk_types[] = {
	{ 1, "page_view" }, { 2, "form_submit" }, { 3, "page_view" },
	{ 6, "other" }, { 7, "other" }, { 8, "other" }, { 9, "other" },
	{ 10, "email_open" }, { 11, "email_click" }, { 12, NULL }, { 13, NULL },
	{ 14, "event_attended" }, { 19, NULL }, { 21, NULL }, { 22, NULL },
	{ 23, NULL }, { 24, NULL }, { 25, NULL }, { 34, NULL },
	{ 46, "other" }, { 101, NULL }, { 104, NULL },
	{ 110, "chat" }, { 113, "ad_click" }, { 145, "webinar_registered" },
	{ 0, "" }
};

static void
post_mk_activity(struct nrec *r)
{
	mops_json *attrs = mops_json_get(r->in, "attributes");
	const char *tid = mops_json_scalar_text(mops_json_get(r->out, "activity_type_id"));
	const char *prim = mops_json_get_str(r->in, "primaryAttributeValue");
	const char *type = "other", *page = NULL, *query = NULL;
	size_t i;
	int id = tid ? atoi(tid) : 0;

	for (i = 0; mk_types[i].id; i++)
		if (mk_types[i].id == id)
			type = mk_types[i].type;
	if (!type) {
		/* New Lead, Change Data Value, Change Score, Change Owner, list
		 * membership, sync, status changes: things done to a record, not
		 * touches a person made; kept as activities, out of attribution. */
		mops_json_set(r->out, "type", mops_json_new_string("activity"));
		type = "other";
	}
	norm_set_str(r, "touch_type", type);
	if (attrs && attrs->type == MOPS_JARRAY) {
		for (i = 0; i < attrs->len; i++) {
			const char *n = mops_json_get_str(attrs->u.items[i], "name");
			const char *v = mops_json_scalar_text(mops_json_get(attrs->u.items[i], "value"));

			if (!n || !v || !*v)
				continue;
			if (strcmp(n, "Webpage URL") == 0 || strcmp(n, "Link") == 0)
				page = v;
			else if (strcmp(n, "Query Parameters") == 0)
				query = v;
			else if (strcmp(n, "Referrer URL") == 0)
				norm_set_str(r, "referrer", v);
		}
	}
	/* Web activities: the primary value is host and path; the Webpage URL
	 * attribute is often only the path, and the query comes apart. */
	if ((id == 1 || id == 3) && prim && (!page || page[0] == '/'))
		page = prim;
	if (page) {
		if (query && !strchr(page, '?'))
			mops_json_set(r->out, "url",
			    mops_json_new_string_own(mops_xasprintf("%s?%s", page, query)));
		else
			norm_set_str(r, "url", page);
	} else if (query) {
		/* A form fill keeps the page's query apart: read UTMs from it. */
		char *u = mops_xasprintf("http://localhost/?%s", query);
		struct mops_utm utm;

		memset(&utm, 0, sizeof(utm));
		if (mops_utm_from_url(u, &utm) > 0) {
			if (utm.source) norm_set_str(r, "utm_source", utm.source);
			if (utm.medium) norm_set_str(r, "utm_medium", utm.medium);
			if (utm.campaign) norm_set_str(r, "utm_campaign", utm.campaign);
			if (utm.term) norm_set_str(r, "utm_term", utm.term);
			if (utm.content) norm_set_str(r, "utm_content", utm.content);
			if (utm.gclid) norm_set_str(r, "gclid", utm.gclid);
			if (utm.gbraid) norm_set_str(r, "gbraid", utm.gbraid);
			if (utm.wbraid) norm_set_str(r, "wbraid", utm.wbraid);
			if (utm.fbclid) norm_set_str(r, "fbclid", utm.fbclid);
			if (utm.msclkid) norm_set_str(r, "msclkid", utm.msclkid);
			if (utm.ttclid) norm_set_str(r, "ttclid", utm.ttclid);
			if (utm.li_fat_id) norm_set_str(r, "li_fat_id", utm.li_fat_id);
			if (utm.dclid) norm_set_str(r, "dclid", utm.dclid);
		}
		mops_utm_free(&utm);
		free(u);
	}
	/* The primary value names the form or the email for those activities. */
	if (prim && (id == 2 || (id >= 6 && id <= 11)))
		norm_set_str(r, "asset_name", prim);
}

static void
post_ga4(struct nrec *r)
{
	const char *d = mops_json_get_str(r->out, "date");
	const char *s = mops_json_get_str(r->out, "utm_source");
	const char *m = mops_json_get_str(r->out, "utm_medium");
	const char *c = mops_json_get_str(r->out, "utm_campaign");
	char *id;

	/* "facebook / paid": the source / medium dimension, when it is the one asked */
	if (!s && !m) {
		static const char *const dims[] = { "sessionSourceMedium",
			"firstUserSourceMedium", "sourceMedium", NULL };
		const char *dim = NULL, *v;
		char *sm = NULL;
		int k;

		for (k = 0; dims[k] && !dim; k++)
			if ((v = mops_json_get_str(r->in, dims[k])) != NULL && strstr(v, " / "))
				dim = dims[k];
		if (dim)
			sm = norm_text(r, dim);
		char *slash = sm ? strstr(sm, " / ") : NULL;

		if (slash) {
			*slash = '\0';
			norm_set_str(r, "utm_source", sm);
			norm_set_str(r, "utm_medium", slash + 3);
			s = mops_json_get_str(r->out, "utm_source");
			m = mops_json_get_str(r->out, "utm_medium");
			/* the channel rules run after this, in norm_derive */
		}
		free(sm);
	}
	id = mops_xasprintf("ga4:row:%s:%s:%s:%s", d ? d : "", s ? s : "",
	    m ? m : "", c ? c : "");
	mops_json_set(r->out, "id", mops_json_new_string_own(id));
	/* GA4 says "(direct)" / "(none)": the channel rules expect exactly that. */
	if (mops_json_get(r->out, "ga4_channel")) {
		mops_json_set(r->out, "channel", mops_json_take(r->out, "ga4_channel"));
		norm_set_str(r, "channel_rule", "ga4:sessionDefaultChannelGroup");
	}
	/* Metrics arrive as strings ("12"): numbers are numbers. */
	{
		static const char *const metrics[] = { "sessions", "activeUsers",
			"totalUsers", "newUsers", "conversions", "keyEvents",
			"totalRevenue", "purchaseRevenue", "screenPageViews",
			"engagedSessions", "eventCount", "transactions", "bounceRate",
			"engagementRate", "averageSessionDuration", "userEngagementDuration",
			"sessionsPerUser", "screenPageViewsPerSession", "addToCarts",
			"checkouts", "ecommercePurchases", "itemRevenue", "grossPurchaseRevenue",
			"advertiserAdCost", "advertiserAdClicks", "advertiserAdImpressions",
			"sessionConversionRate", "sessionKeyEventRate", "userConversionRate",
			"userKeyEventRate", "returnOnAdSpend", "totalPurchasers",
			"firstTimePurchasers", "publisherAdClicks", "publisherAdImpressions", NULL };
		int k;

		for (k = 0; metrics[k]; k++)
			if (mops_json_get(r->in, metrics[k]))
				norm_apply(r, metrics[k], F_NUM, metrics[k], NULL);
	}
}
