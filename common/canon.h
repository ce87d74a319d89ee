/*
 * canon.h - the canonical record of mops(7) as data, in one place: record
 * types, each type's fields (kind, order, default CSV column), lifecycle stages
 * in their order, channel names, metadata keys, the id forms (canonical ids,
 * Salesforce's 15- and 18-character ids), and timestamps ordered by instant.
 *
 * Programs read the vocabulary through here instead of declaring their own
 * copy: mops-normalize orders its output keys by mops_canon_field_rank(),
 * mops-dedupe ranks stages and compares timestamps and Salesforce ids through
 * it, mops-report ranks stages, recwrite takes its CSV columns from it.
 * man/mops.7 is this file's prose: tests/unit/canon.c checks that the field
 * lists there are the lists here, name for name and in order.
 *
 * Everything here is static, read-only data and pure functions: thread-safe,
 * no allocation, no locale or time zone.  Strings returned are static (never
 * free them); output buffers belong to the caller.
 */
#ifndef MOPS_CANON_H
#define MOPS_CANON_H

#include <stddef.h>

/* ---- record types ---- */
enum mops_rtype {
	MOPS_T_OTHER,		/* no type, or one not below ("other") */
	MOPS_T_PERSON, MOPS_T_ACCOUNT, MOPS_T_OPPORTUNITY, MOPS_T_OPPORTUNITY_ROLE,
	MOPS_T_TOUCH, MOPS_T_ACTIVITY, MOPS_T_CAMPAIGN, MOPS_T_SPEND, MOPS_T_TRAFFIC,
	MOPS_T_CREDIT,
	MOPS_NTYPES
};

/* "person", "opportunity_role", ...; "other" for MOPS_T_OTHER and out of range. */
const char *mops_canon_type_name(enum mops_rtype t);
/* The type named s (exactly, as written by mops-normalize); MOPS_T_OTHER for
 * NULL or an unknown name. */
enum mops_rtype mops_canon_type(const char *s);

/* ---- fields ---- */
enum mops_fkind {
	MOPS_FK_TEXT,		/* free text */
	MOPS_FK_ID,		/* the record's own canonical id (see below) */
	MOPS_FK_REF,		/* a canonical id of another record */
	MOPS_FK_REFS,		/* an array of canonical ids of other records */
	MOPS_FK_XREFS,		/* an array of canonical ids of this entity elsewhere */
	MOPS_FK_TIME,		/* RFC 3339 UTC timestamp, compare with mops_ts_cmp */
	MOPS_FK_DATE,		/* YYYY-MM-DD */
	MOPS_FK_MONEY,		/* JSON number in the record's currency */
	MOPS_FK_NUMBER,		/* JSON number */
	MOPS_FK_INT,		/* JSON integer */
	MOPS_FK_BOOL,		/* true or false */
	MOPS_FK_STAGE,		/* a lifecycle stage (mops_canon_stages) or "other" */
	MOPS_FK_CHANNEL,	/* a GA4 default channel group (mops_canon_channel) */
	MOPS_FK_CURRENCY,	/* ISO 4217 */
	MOPS_FK_COUNTRY,	/* ISO 3166-1 alpha-2 */
	MOPS_FK_REGION,		/* ISO 3166-2 */
	MOPS_FK_EMAIL,
	MOPS_FK_PHONE,		/* E.164 */
	MOPS_FK_URL,
	MOPS_FK_OBJECT,		/* a JSON object (stage_dates: stage -> timestamp) */
	MOPS_NFKINDS
};

struct mops_field {
	const char *name;
	enum mops_fkind kind;
	int csv;		/* 1: a column of the type's default CSV/TSV table */
};

/*
 * The fields of type t in canonical order (after "type", which every record
 * has first), and their number in *n (when n is not NULL).  MOPS_T_OTHER has
 * none: returns NULL and *n = 0.  An activity has the fields of a touch.
 * Default CSV columns are the csv fields, in this order.
 */
const struct mops_field *mops_canon_fields(enum mops_rtype t, size_t *n);
/* The field named name of type t, or NULL. */
const struct mops_field *mops_canon_field(enum mops_rtype t, const char *name);
/* Its position in mops_canon_fields(t), or -1 when t has no such field. */
int mops_canon_field_rank(enum mops_rtype t, const char *name);
/* "text", "id", "ref", ... (as in mops.7's words); "?" out of range. */
const char *mops_canon_kind_name(enum mops_fkind k);

/* ---- metadata keys (mops(7) RECORDS): every key starting with an underscore ---- */
#define MOPS_META_STREAM	"_stream"
#define MOPS_META_EXTRACTED_AT	"_extracted_at"
#define MOPS_META_ERRORS	"_errors"
#define MOPS_META_MERGED_FROM	"_merged_from"
#define MOPS_META_CLUSTER	"_cluster"
#define MOPS_META_MATCH		"_match"
/* The keys above, then NULL. */
extern const char *const mops_canon_meta_keys[];
/* 1 if key is metadata (starts with '_'). */
int mops_canon_is_meta(const char *key);

/* ---- lifecycle stages ---- */
#define MOPS_NSTAGES 7
/* subscriber, lead, mql, sql, opportunity, customer, evangelist: in order. */
extern const char *const mops_canon_stages[MOPS_NSTAGES];
/* 0..6 for a stage (case ignored), -1 for "other", unknown words and NULL. */
int mops_canon_stage_rank(const char *s);
/* 1 for a stage or "other": the values lifecycle_stage may hold. */
int mops_canon_stage_valid(const char *s);

/* ---- channels: GA4's default channel groups (channel.h's rule order) ---- */
/* The canonical spelling of channel s (case and surrounding blanks ignored:
 * "paid search" -> "Paid Search"), or NULL when s is not one. */
const char *mops_canon_channel(const char *s);

/* ---- ids ---- */
/*
 * A canonical id is "system:object:source_id" ("hubspot:contact:1501",
 * "salesforce:opportunity:0065g00000AbCdEAAV"); source_id may itself hold ':'.
 * mops_canon_id_split() points *sys and *obj (lengths *syslen, *objlen) into id and
 * returns its source_id part, or NULL when id has no two ':' separators.
 */
const char *mops_canon_id_split(const char *id, const char **sys, size_t *syslen,
    const char **obj, size_t *objlen);
/*
 * Salesforce ids: 15 case-sensitive letters and digits, or those plus a
 * 3-character case-safe suffix (18).  The canonical form is 18 characters.
 * mops_sfid18() writes the 18-character form of in to out (outsz >= 19) and
 * returns 0; -1 (out untouched) when in is not a Salesforce id, or an
 * 18-character one whose suffix does not match its first 15.
 */
int mops_sfid18(const char *in, char *out, size_t outsz);
/*
 * The canonical id of system/object/source_id into buf: Salesforce source ids
 * in their 18-character form.  Returns the length, or 0 when buf is too small.
 */
size_t mops_canon_id(const char *system, const char *object, const char *source_id,
    char *buf, size_t bufsz);

/* ---- timestamps ---- */
/*
 * Compare two timestamps by the instant they name: <0, 0, >0.
 * "2026-01-05T10:00:00Z" is before "2026-01-05T10:00:00.500Z" (as text it
 * sorts after) and equals "2026-01-05T10:00:00.000Z" and
 * "2026-01-05T12:00:00+02:00"; a date is its day's 00:00 UTC.  Anything
 * mops_time_parse() reads is accepted.  NULL, "" and unreadable text come
 * before every readable timestamp (the oldest: they never win "most recent"),
 * and among themselves compare as text.
 */
int mops_ts_cmp(const char *a, const char *b);
/*
 * A key for sorting timestamps as text by instant: "YYYY-MM-DDTHH:MM:SS." plus
 * nine fraction digits plus "Z" (30 characters) into buf (bufsz >= 32).
 * Returns the length, or 0 (buf "") when ts is unreadable or buf too small.
 * pipelines/mops-lib.sh's upsert builds the same key in awk.
 */
size_t mops_ts_key(const char *ts, char *buf, size_t bufsz);

#endif
