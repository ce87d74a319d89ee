/*
 * usermap.c - the user's --map FILE and --utm-rules FILE (JSON, read with
 * jansson: small configuration documents, not records).
 *
 * --map:
 *   { "lifecycle": { "Recycled": "lead", "Working - Contacted": "sql" },
 *     "streams": { "salesforce.Lead": {
 *         "fields": { "utm_source": "UTM_Source__c",
 *                     "lead_score": "Lead_Score__c|Score__c" } },
 *       "webinar.attendees": { "type": "touch", "system": "zoom",
 *         "object": "attendee", "id": "registrant_id",
 *         "fields": { "email": "email", "occurred_at": "join_time" } } } }
 * A field naming a canonical field is cleaned as that field; any other name is a
 * custom field, copied as it came.  User fields run after the built-in map and
 * win over it.
 * --utm-rules:
 *   { "sources": ["google", "linkedin"], "mediums": ["cpc", "email"],
 *     "campaign_pattern": "^[a-z0-9]+(_[a-z0-9]+)*$", "lowercase": true }
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "config.h"
#include "util.h"

static const struct { const char *canon; enum fkind kind; } kinds[] = {
	{ "email", F_EMAIL }, { "first_name", F_FIRST }, { "last_name", F_LAST },
	{ "name", F_FULLNAME }, { "company", F_COMPANY }, { "company_domain", F_DOMAIN },
	{ "domain", F_DOMAIN }, { "country", F_COUNTRY }, { "region", F_REGION },
	{ "phone", F_PHONE }, { "mobile_phone", F_PHONE }, { "created_at", F_TIME },
	{ "updated_at", F_TIME }, { "occurred_at", F_TIME }, { "closed_at", F_TIME },
	{ "close_date", F_DATE }, { "start_date", F_DATE }, { "end_date", F_DATE },
	{ "date", F_DATE }, { "email_opt_out", F_BOOL }, { "email_bounced", F_BOUNCE },
	{ "is_closed", F_BOOL }, { "is_won", F_BOOL }, { "amount", F_NUM },
	{ "cost", F_NUM }, { "employees", F_INT }, { "lifecycle_stage", F_STAGE },
	{ "currency", F_CURRENCY }, { "landing_page", F_URL }, { "url", F_URL },
	{ "referrer", F_REFERRER }, { "touch_type", F_TOUCH_TYPE },
	{ "title", F_TITLE }, { "city", F_CITY }, { "salutation", F_SALUTATION }, { "postal_code", F_POSTAL },
	{ "lead_source", F_STR }, { "utm_source", F_STR }, { "utm_medium", F_STR },
	{ "utm_campaign", F_STR }, { "utm_term", F_STR }, { "utm_content", F_STR },
	{ "stage", F_STR }, { NULL, F_RAW }
};

enum fkind
norm_kind_for(const char *canon)
{
	int i;

	for (i = 0; kinds[i].canon; i++)
		if (strcmp(kinds[i].canon, canon) == 0)
			return kinds[i].kind;
	return F_RAW;
}

static char *
fold_dup(const char *s)
{
	size_t n = strlen(s);
	char *o = mops_xmalloc(n + 1);

	norm_fold(s, n, o, n + 1);
	return o;
}

static char *
opt_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? mops_xstrdup(s) : NULL;
}

int
norm_load_map(struct norm_cfg *cfg, const char *path)
{
	static const char *const top[] = { "lifecycle", "streams", NULL };
	static const char *const stream_keys[] = { "type", "system", "object", "id",
		"fields", NULL };
	json_t *root = mops_config_load(path), *lc, *streams, *v;
	const char *key;

	if (!root)
		return -1;
	if (mops_config_keys(root, path, "map", top) < 0)
		goto bad;
	streams = json_object_get(root, "streams");
	json_object_foreach(streams, key, v) {
		char *where = mops_xasprintf("streams.%s", key);
		int bad = mops_config_keys(v, path, where, stream_keys);

		free(where);
		if (bad < 0)
			goto bad;
	}
	lc = json_object_get(root, "lifecycle");
	json_object_foreach(lc, key, v) {
		const char *stage = json_string_value(v);

		if (!stage || norm_stage_rank(stage) < 0) {
			mops_warn("%s: lifecycle \"%s\": not a canonical stage "
			    "(subscriber, lead, mql, sql, opportunity, customer, "
			    "evangelist, other)", path, key);
			json_decref(root);
			return -1;
		}
		cfg->lifecycle = mops_xrealloc(cfg->lifecycle,
		    (cfg->nlifecycle + 1) * sizeof(*cfg->lifecycle));
		cfg->lifecycle[cfg->nlifecycle].key = fold_dup(key);
		cfg->lifecycle[cfg->nlifecycle].stage = mops_xstrdup(stage);
		cfg->nlifecycle++;
	}
	streams = json_object_get(root, "streams");
	json_object_foreach(streams, key, v) {
		struct umap_stream *u;
		json_t *fields = json_object_get(v, "fields"), *src;
		const char *canon;

		cfg->ustreams = mops_xrealloc(cfg->ustreams,
		    (cfg->nustreams + 1) * sizeof(*cfg->ustreams));
		u = &cfg->ustreams[cfg->nustreams++];
		memset(u, 0, sizeof(*u));
		u->stream = mops_xstrdup(key);
		u->type = opt_str(v, "type");
		u->system = opt_str(v, "system");
		u->object = opt_str(v, "object");
		u->id_src = opt_str(v, "id");
		json_object_foreach(fields, canon, src) {
			const char *s = json_string_value(src);

			if (!s) {
				mops_warn("%s: streams.%s.fields.%s: not a string", path,
				    key, canon);
				json_decref(root);
				return -1;
			}
			u->fields = mops_xrealloc(u->fields,
			    (u->nfields + 1) * sizeof(*u->fields));
			u->fields[u->nfields].canon = mops_xstrdup(canon);
			u->fields[u->nfields].src = mops_xstrdup(s);
			u->fields[u->nfields].kind = norm_kind_for(canon);
			u->nfields++;
		}
	}
	json_decref(root);
	return 0;
bad:
	json_decref(root);
	return -1;
}

const struct umap_stream *
norm_user_stream(const struct norm_cfg *cfg, const char *stream)
{
	size_t i;

	for (i = 0; i < cfg->nustreams; i++)
		if (strcmp(cfg->ustreams[i].stream, stream) == 0)
			return &cfg->ustreams[i];
	return NULL;
}

static int
str_list(json_t *a, char ***out, size_t *n, const char *path, const char *name)
{
	size_t i;
	json_t *v;

	if (!a)
		return 0;
	if (!json_is_array(a)) {
		mops_warn("%s: \"%s\" must be a list of strings", path, name);
		return -1;
	}
	*out = mops_xcalloc(json_array_size(a) + 1, sizeof(**out));
	json_array_foreach(a, i, v) {
		if (!json_is_string(v)) {
			mops_warn("%s: \"%s\" must be a list of strings", path, name);
			return -1;
		}
		(*out)[(*n)++] = mops_xstrdup(json_string_value(v));
	}
	return 0;
}

int
norm_load_utm_rules(struct norm_cfg *cfg, const char *path)
{
	static const char *const keys[] = { "sources", "mediums", "lowercase",
		"campaign_pattern", NULL };
	json_t *root = mops_config_load(path);
	const char *pat;
	int rc = 0;

	if (!root)
		return -1;
	if (mops_config_keys(root, path, "UTM rules", keys) < 0) {
		json_decref(root);
		return -1;
	}
	cfg->have_utm_rules = 1;
	if (str_list(json_object_get(root, "sources"), &cfg->utm_sources,
	    &cfg->n_utm_sources, path, "sources") ||
	    str_list(json_object_get(root, "mediums"), &cfg->utm_mediums,
	    &cfg->n_utm_mediums, path, "mediums"))
		rc = -1;
	cfg->utm_lowercase = json_is_true(json_object_get(root, "lowercase"));
	pat = json_string_value(json_object_get(root, "campaign_pattern"));
	if (rc == 0 && pat) {
		if (regcomp(&cfg->campaign_re, pat, REG_EXTENDED | REG_NOSUB) != 0) {
			mops_warn("%s: campaign_pattern: not a valid extended regular "
			    "expression", path);
			rc = -1;
		} else
			cfg->have_campaign_re = 1;
	}
	json_decref(root);
	return rc;
}

static void
free_list(char **l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void
norm_cfg_free(struct norm_cfg *cfg)
{
	size_t i, j;

	for (i = 0; i < cfg->nustreams; i++) {
		struct umap_stream *u = &cfg->ustreams[i];

		for (j = 0; j < u->nfields; j++) {
			free(u->fields[j].canon);
			free(u->fields[j].src);
		}
		free(u->fields);
		free(u->stream);
		free(u->type);
		free(u->system);
		free(u->object);
		free(u->id_src);
	}
	free(cfg->ustreams);
	for (i = 0; i < cfg->nlifecycle; i++) {
		free(cfg->lifecycle[i].key);
		free(cfg->lifecycle[i].stage);
	}
	free(cfg->lifecycle);
	free_list(cfg->utm_sources, cfg->n_utm_sources);
	free_list(cfg->utm_mediums, cfg->n_utm_mediums);
	if (cfg->have_campaign_re)
		regfree(&cfg->campaign_re);
}
