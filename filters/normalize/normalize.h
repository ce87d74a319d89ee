/*
 * normalize.h - mops-normalize's modules: stream maps, value cleaners, lifecycle
 * stages, user maps and UTM rules.
 *
 * norm_record() takes a raw record (ownership passes in: it is consumed) and
 * returns a new canonical record.  It never fails and never drops a record:
 * findings go to the record's `_errors`.  A struct norm_cfg is read-only while
 * records are processed, so worker threads share it.
 */
#ifndef NORMALIZE_H
#define NORMALIZE_H

#include <regex.h>

#include "json.h"
#include "mtime.h"

enum fkind {
	F_STR,		/* text: trimmed, spaces collapsed */
	F_RAW,		/* copied as is */
	F_EMAIL, F_FIRST, F_LAST, F_FULLNAME, F_COMPANY, F_COUNTRY, F_REGION,
	F_PHONE, F_TIME, F_DATE, F_BOOL, F_NUM, F_INT, F_DOMAIN, F_STAGE,
	F_REF,		/* an id in another record: arg is the prefix */
	F_REFS,		/* list of ids (array of strings/numbers/objects with id) */
	F_XREF,		/* an id of the same entity elsewhere: appended to xref_ids */
	F_URL,		/* landing page: utm_* and click ids parsed from it */
	F_REFERRER,
	F_BOUNCE,	/* non-empty/true/positive means bounced */
	F_OPTIN,	/* an opt-in column, written as email_opt_out */
	F_TOUCH_TYPE,	/* vendor activity or status -> touch_type */
	F_CURRENCY,
	F_CITY,		/* a place name: case fixed as a name's */
	F_TITLE,	/* a job title: case fixed, acronyms kept */
	F_SALUTATION,	/* Mr., Dr.: trimmed */
	F_POSTAL	/* a postal code, written as the record's country writes it */
};

struct nrec;

struct fmap {
	const char *canon;	/* canonical field */
	enum fkind kind;
	const char *src;	/* source paths, '|'-separated: "properties.email|Email" */
	const char *arg;
};

struct smap {
	const char *stream;	/* "hubspot.contacts" */
	const char *type;	/* "person" */
	const char *system;	/* "hubspot" */
	const char *object;	/* "contact": ids are "hubspot:contact:<id>" */
	const char *id_src;	/* paths of the source id */
	const struct fmap *fields;
	void (*post)(struct nrec *r);	/* vendor extras; may be NULL */
};

/* User --map: extra or overriding field mappings per stream, value maps. */
struct umap_field {
	char *canon, *src;
	enum fkind kind;
};
struct umap_stream {
	char *stream, *type, *system, *object, *id_src;
	struct umap_field *fields;
	size_t nfields;
};
struct umap_value {
	char *key;	/* folded vendor value */
	char *stage;	/* canonical stage */
};

struct norm_cfg {
	enum mops_date_order date_order;
	const char *default_stream;	/* for records without _stream (CSV lists) */
	struct umap_stream *ustreams;
	size_t nustreams;
	struct umap_value *lifecycle;	/* user lifecycle/status map */
	size_t nlifecycle;
	/* --utm-rules */
	int have_utm_rules;
	char **utm_sources, **utm_mediums;
	size_t n_utm_sources, n_utm_mediums;
	int utm_lowercase;
	int have_campaign_re;
	regex_t campaign_re;
};

/* A record being normalised. */
struct nrec {
	const struct norm_cfg *cfg;
	mops_json *in;		/* the raw record; consumed values are removed */
	mops_json *out;		/* the canonical record */
	mops_json *errors;	/* array, NULL until the first finding */
	const char *country;	/* alpha-2 found so far, for region and phone */
	char stream[96];
	char system[32];
};

mops_json *norm_record(const struct norm_cfg *cfg, mops_json *raw,
    const char *fallback_id);
/* The fallback id of the record on line `line`: "L<line>", as snprintf's "L%ld"
 * writes it, without stdio; w has room for 24 bytes. */
void norm_where_label(char *w, long line);

/* streams.c */
const struct smap *norm_find_stream(const char *stream);
/* fields.c */
void norm_error(struct nrec *r, const char *field, const char *code,
    const char *value);
void norm_apply(struct nrec *r, const char *canon, enum fkind kind,
    const char *src, const char *arg);
/* Finds the value at a source path ("properties.email"); borrowed or NULL. */
mops_json *norm_lookup(mops_json *in, const char *path, size_t len);
/* The text of a scalar at a path ("" -> NULL); new string or NULL. */
char *norm_text(struct nrec *r, const char *paths);
void norm_set_str(struct nrec *r, const char *field, const char *s);
void norm_derive(struct nrec *r);
void norm_reorder(struct nrec *r);
int norm_time(struct nrec *r, const char *field, const char *text, int date_only,
    char *out, size_t outsz);
char *norm_make_ref(struct nrec *r, const char *prefix, const char *id);
/* parallel.c: -j N over NDJSON input; returns 0, 66 or 74. */
int norm_run_parallel(const struct norm_cfg *cfg, char **files, int nfiles,
    int jobs, unsigned long long *in, unsigned long long *out);
/* lifecycle.c */
/* The comparison key of a vendor value or header: ASCII letters and digits of
 * s[0..n), lowercased, into out (always NUL-terminated, cut to outsz - 1). */
void norm_fold(const char *s, size_t n, char *out, size_t outsz);
const char *norm_stage(const struct norm_cfg *cfg, const char *vendor_value);
int norm_stage_rank(const char *stage);
/* The stage whose entry date a vendor field holds, by its name: "MQL_Date__c",
 * "Date_Became_SQL__c", "mqlDate", "mktoAcquisitionDate" (lead); else NULL. */
const char *norm_stage_date_field(const struct norm_cfg *cfg, const char *key);
/* stage_dates of r->out in canonical stage order (unknown stages after). */
void norm_order_stage_dates(struct nrec *r);
const char *norm_touch_type(const char *value);
/* aliases.c: CSV headers and unknown flat streams */
void norm_aliases(struct nrec *r);
/* usermap.c */
int norm_load_map(struct norm_cfg *cfg, const char *path);
int norm_load_utm_rules(struct norm_cfg *cfg, const char *path);
void norm_cfg_free(struct norm_cfg *cfg);
const struct umap_stream *norm_user_stream(const struct norm_cfg *cfg,
    const char *stream);
enum fkind norm_kind_for(const char *canon);

#endif
