/*
 * lifecycle.c - vendor lifecycle stages and lead statuses onto the canonical
 * ordered stages, and vendor activity names onto touch types.
 *
 * Values are compared folded: lowercase, letters and digits only, so
 * "Marketing Qualified Lead", "marketingqualifiedlead" and "MQL" meet.  A user
 * map (--map "lifecycle") is consulted first.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "normalize.h"

static const struct { const char *key, *stage; } builtin[] = {
	/* HubSpot lifecyclestage internal values and labels */
	{ "subscriber", "subscriber" }, { "newslettersubscriber", "subscriber" },
	{ "lead", "lead" },
	{ "marketingqualifiedlead", "mql" }, { "mql", "mql" },
	{ "marketingqualified", "mql" },
	{ "salesqualifiedlead", "sql" }, { "sql", "sql" }, { "salesqualified", "sql" },
	{ "opportunity", "opportunity" }, { "opp", "opportunity" },
	{ "customer", "customer" }, { "evangelist", "evangelist" },
	{ "advocate", "evangelist" }, { "other", "other" },
	/* Salesforce lead statuses (defaults and common custom values) */
	{ "opennotcontacted", "lead" }, { "open", "lead" }, { "new", "lead" },
	{ "workingcontacted", "lead" }, { "working", "lead" }, { "contacted", "lead" },
	{ "attemptingcontact", "lead" }, { "attemptingtocontact", "lead" },
	{ "nurture", "lead" }, { "nurturing", "lead" }, { "recycled", "lead" },
	{ "inquiry", "lead" }, { "prospect", "lead" }, { "known", "lead" },
	{ "engaged", "lead" }, { "raw", "lead" },
	{ "salesacceptedlead", "sql" }, { "salesaccepted", "sql" }, { "sal", "sql" },
	{ "accepted", "sql" }, { "qualified", "sql" },
	{ "closedconverted", "opportunity" }, { "converted", "opportunity" },
	{ "closednotconverted", "other" }, { "unqualified", "other" },
	{ "disqualified", "other" }, { "junk", "other" }, { "baddata", "other" },
	/* HubSpot hs_lead_status internal values, and common custom statuses */
	{ "inprogress", "lead" }, { "attemptedtocontact", "lead" },
	{ "connected", "lead" }, { "badtiming", "lead" }, { "unresponsive", "lead" },
	{ "opendeal", "opportunity" },
	{ "meetingbooked", "sql" }, { "meetingscheduled", "sql" },
	{ "demoscheduled", "sql" }, { "demobooked", "sql" },
	/* product- and account-qualified stages sit at the mql step */
	{ "pql", "mql" }, { "productqualifiedlead", "mql" },
	{ "productqualified", "mql" }, { "mqa", "mql" },
	{ "marketingqualifiedaccount", "mql" },
	{ "partner", "other" },
	/* Marketo revenue stages */
	{ "anonymous", "subscriber" }, { "member", "subscriber" },
	{ "closedwon", "customer" }, { "won", "customer" }, { "client", "customer" },
	{ NULL, NULL }
};

void
norm_fold(const char *s, size_t n, char *out, size_t outsz)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < outsz; i++)
		if (isalnum((unsigned char)s[i]))
			out[k++] = (char)tolower((unsigned char)s[i]);
	out[k] = '\0';
}

const char *
norm_stage(const struct norm_cfg *cfg, const char *value)
{
	char key[128];
	size_t i;

	norm_fold(value, strlen(value), key, sizeof(key));
	for (i = 0; i < cfg->nlifecycle; i++)
		if (strcmp(cfg->lifecycle[i].key, key) == 0)
			return cfg->lifecycle[i].stage;
	for (i = 0; builtin[i].key; i++)
		if (strcmp(builtin[i].key, key) == 0)
			return builtin[i].stage;
	return NULL;
}

/* The canonical order; "other" after the stages, and -1 for anything else. */
int
norm_stage_rank(const char *stage)
{
	if (stage && strcmp(stage, "other") == 0)
		return MOPS_NSTAGES;
	return stage && mops_canon_stage_rank(stage) >= 0 &&
	    strcmp(mops_canon_stages[mops_canon_stage_rank(stage)], stage) == 0 ?
	    mops_canon_stage_rank(stage) : -1;
}

/* Field-name cores that name a stage (folded), not a status: "Open_Date__c" or
 * "convertedDate" say nothing of a stage entered. */
static const struct { const char *core, *stage; } date_cores[] = {
	{ "subscriber", "subscriber" }, { "lead", "lead" }, { "inquiry", "lead" },
	{ "acquisition", "lead" }, { "acquired", "lead" },
	{ "mql", "mql" }, { "marketingqualified", "mql" }, { "marketingqualifiedlead", "mql" },
	{ "pql", "mql" }, { "productqualifiedlead", "mql" }, { "mqa", "mql" },
	{ "sal", "sql" }, { "salesaccepted", "sql" }, { "salesacceptedlead", "sql" },
	{ "sql", "sql" }, { "salesqualified", "sql" }, { "salesqualifiedlead", "sql" },
	{ "opportunity", "opportunity" }, { "opp", "opportunity" },
	{ "customer", "customer" }, { "closedwon", "customer" }, { "won", "customer" },
	{ "evangelist", "evangelist" }, { "advocate", "evangelist" },
	{ NULL, NULL }
};

const char *
norm_stage_date_field(const struct norm_cfg *cfg, const char *key)
{
	static const char *const pre[] = { "datebecame", "dateentered", "became",
		"entered", "mkto", "first", NULL };
	char f[96], *core;
	size_t n, i;

	if (!strstr(key, "ate") && !strstr(key, "ATE"))	/* most keys, cheaply */
		return NULL;
	n = strlen(key);
	if (n > 3 && strcmp(key + n - 3, "__c") == 0)	/* Salesforce custom field */
		n -= 3;
	norm_fold(key, n, f, sizeof(f));
	n = strlen(f);
	if (n > 4 && strcmp(f + n - 4, "date") == 0) {
		f[n - 4] = '\0';
		core = f;
	} else if (n > 4 && strncmp(f, "date", 4) == 0) {
		core = f + 4;
	} else
		return NULL;
	n = strlen(core);
	for (i = 0; pre[i]; i++) {
		size_t pl = strlen(pre[i]);

		if (n > pl && strncmp(core, pre[i], pl) == 0) {
			core += pl;
			n -= pl;
			break;
		}
	}
	if (n > 5 && strcmp(core + n - 5, "stage") == 0)	/* "mqlStageDate" */
		core[n - 5] = '\0';
	for (i = 0; i < cfg->nlifecycle; i++)
		if (strcmp(cfg->lifecycle[i].key, core) == 0)
			return cfg->lifecycle[i].stage;
	for (i = 0; date_cores[i].core; i++)
		if (strcmp(date_cores[i].core, core) == 0)
			return date_cores[i].stage;
	return NULL;
}

static int
stage_rank_of(const char *key, size_t klen, void *ctx)
{
	char b[32];
	int rank;

	(void)ctx;
	if (klen >= sizeof(b))
		return 1000;
	memcpy(b, key, klen);
	b[klen] = '\0';
	rank = norm_stage_rank(b);
	return rank < 0 ? 1000 : rank;
}

void
norm_order_stage_dates(struct nrec *r)
{
	mops_json *sd = mops_json_get(r->out, "stage_dates");

	if (sd && sd->type == MOPS_JOBJECT && sd->len > 1)
		mops_json_sort_members(sd, stage_rank_of, NULL);
}

/* Touch types from vendor activity names, campaign member statuses and types. */
static const struct { const char *key, *type; } touches[] = {
	{ "fillout form", "form_submit" }, { "filloutform", "form_submit" },
	{ "formsubmit", "form_submit" }, { "formsubmission", "form_submit" },
	{ "submitted", "form_submit" }, { "responded", "form_submit" },
	{ "clickemail", "email_click" }, { "emailclick", "email_click" },
	{ "clicked", "email_click" },
	{ "openemail", "email_open" }, { "emailopen", "email_open" }, { "opened", "email_open" },
	{ "visitwebpage", "page_view" }, { "pageview", "page_view" },
	{ "webvisit", "page_view" }, { "clicklink", "page_view" },
	{ "adclick", "ad_click" }, { "clickad", "ad_click" },
	{ "registered", "webinar_registered" }, { "registerforwebinar", "webinar_registered" },
	{ "webinarregistered", "webinar_registered" },
	{ "attended", "webinar_attended" }, { "attendedwebinar", "webinar_attended" },
	{ "webinarattended", "webinar_attended" },
	{ "attendedevent", "event_attended" }, { "eventattended", "event_attended" },
	{ "visitedbooth", "event_attended" },
	{ "noshow", "webinar_registered" }, { "registerednoshow", "webinar_registered" },
	{ "watchedondemand", "webinar_attended" }, { "attendedondemand", "webinar_attended" },
	{ "viewedondemand", "webinar_attended" }, { "ondemand", "webinar_attended" },
	{ "downloaded", "form_submit" }, { "formfill", "form_submit" },
	{ "formfilled", "form_submit" }, { "filledoutform", "form_submit" },
	{ "requesteddemo", "form_submit" }, { "demorequested", "form_submit" },
	{ "contactus", "form_submit" }, { "signedup", "form_submit" },
	{ "boothvisit", "event_attended" }, { "badgescanned", "event_attended" },
	{ "scanned", "event_attended" }, { "visited", "event_attended" },
	{ "meeting", "meeting" }, { "meetingbooked", "meeting" },
	{ "call", "call" }, { "phonecall", "call" }, { "chat", "chat" },
	{ NULL, NULL }
};

const char *
norm_touch_type(const char *value)
{
	char key[128];
	size_t i;
	static const char *const canon[] = {
		"form_submit", "email_click", "email_open", "page_view", "ad_click",
		"webinar_registered", "webinar_attended", "event_attended", "meeting",
		"call", "chat", "other", NULL
	};

	for (i = 0; canon[i]; i++)
		if (strcmp(value, canon[i]) == 0)
			return canon[i];
	norm_fold(value, strlen(value), key, sizeof(key));
	for (i = 0; touches[i].key; i++)
		if (strcmp(touches[i].key, key) == 0)
			return touches[i].type;
	return "other";
}
