/*
 * dd.h - mops-dedupe's internals: the record store, features, blocking, pair
 * scoring, clustering and the golden-record merge.
 *
 * Data layout, for a million records in well under 1 GB: each input line is kept
 * verbatim, in a temporary file mapped once loaded (lines.c; a heap arena without
 * TMPDIR), and the merge re-parses a cluster's lines when it writes it, so no JSON
 * tree outlives its line; the matching features are interned
 * strings (struct dd_strs, 4-byte ids: equal strings have equal ids, so exact
 * comparisons are integer compares and value frequencies come free) in a fixed
 * struct dd_rec per record.  Records are sorted by (id, line) once read, so every
 * later step, and the output, is the same for any input order.
 */
#ifndef DD_H
#define DD_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "out.h"

/* Interned strings: id 0 is "". */
struct dd_strs {
	char *arena;
	size_t alen, acap;
	uint64_t *off;		/* id -> offset in arena */
	uint32_t *count;	/* id -> how many records hold it (set by features) */
	uint32_t n;
	size_t cap;
	uint64_t *tab;		/* open addressing: hash << 32 | id + 1; 0 empty */
	uint32_t tabsz;
};
uint32_t dd_intern(struct dd_strs *s, const char *p, size_t n);
static inline const char *dd_str(const struct dd_strs *s, uint32_t id)
{ return s->arena + s->off[id]; }
/* strlen(dd_str(s, id)) without reading the string: ids are laid out in
 * order in the arena. */
static inline size_t dd_strlen(const struct dd_strs *s, uint32_t id)
{ return (size_t)((id + 1 < s->n ? s->off[id + 1] : s->alen) - s->off[id] - 1); }

enum dd_kind { DD_OTHER, DD_PERSON, DD_ACCOUNT };

/* Feature slots of a record (interned ids). */
enum {
	S_ID, S_EMAIL, S_ELOCAL, S_FIRST, S_LAST, S_FSDX, S_LSDX, S_COMPANY,
	S_CDOMAIN, S_PHONE, S_CITY, S_REGION, S_COUNTRY, S_POSTAL, S_DOB, S_STREET,
	NS
};

struct dd_rec {
	uint64_t raw;		/* offset of the line in the raw arena */
	uint32_t rawlen;
	uint32_t s[NS];
	uint32_t xref, nxref;	/* slice of dd->xrefs: own and referenced ids */
	uint8_t kind, role, freemail;
	uint8_t elocal8;	/* S_ELOCAL is 8 bytes or more (in the padding:
				 * scoring then need not read the string table) */
	uint8_t elocal_name;	/* S_ELOCAL holds the first or last name */
	int64_t created;	/* created_at, seconds; INT64_MAX when absent */
};

/* Compared fields and their levels; level 0 is always "null" (a side missing,
 * weight 0), the last used level is always "diff". */
enum {
	F_XREF, F_EMAIL, F_FIRST, F_LAST, F_SWAP, F_COMPANY, F_DOMAIN, F_PHONE,
	F_CITY, F_REGION, F_COUNTRY, F_POSTAL, F_DOB, F_STREET, F_ANAME, F_ADOMAIN,
	F_PHONECO, NF
};
#define NL 9
extern const char *const dd_field_name[NF];
extern const char *const dd_level_name[NF][NL];

struct dd_weights {
	double w[NF][NL];
	int nlev[NF];
};
void dd_weights_default(struct dd_weights *w);

struct dd_pair {
	uint32_t a, b;
	float weight;
	float tf;		/* term-frequency adjustment of the name weights */
	uint8_t lev[NF];
};

struct dd {
	/* options */
	double threshold;
	double strong;		/* a link this strong may join two clusters */
	double min_links;	/* else: fraction of the smaller cluster linked */
	size_t max_block;	/* bigger blocks: sliding window */
	size_t window;
	int quiet, train, explain, all_pairs, threshold_set;
	/* records: lines through dd_line() (lines.c) */
	char *raw;
	size_t rawlen, rawcap;
	struct dd_lines *lines;
	struct dd_rec *recs;
	size_t n, cap;
	struct dd_strs strs;
	uint32_t *xrefs;
	size_t nxrefs, xcap;
	/* candidate pairs (a << 32 | b, a < b, sorted) and the scored pairs
	 * kept: links only, or all with --all-pairs and --train */
	uint64_t *cand;
	size_t ncand;
	struct dd_pair *pairs;
	size_t npairs;
	struct dd_weights wt;
	double tf_first_n, tf_last_n;	/* records with a first/last name */
	/* the same string as a first and a last name is counted apart:
	 * first names in strs.count, last names here */
	uint32_t *count_last;
	size_t nkind[3];
	/* blocking report */
	size_t big_blocks, biggest;
	size_t capped_blocks, capped_records;	/* coarse blocks left out */
	size_t ncand_made;	/* candidate pairs compared (ncand, kept) */
	/* clusters: cluster[i] = canonical index of the cluster's first member */
	uint32_t *cluster;
	/* score.c: string-metric levels of recent value pairs (names, cities
	 * and companies repeat across pairs); NULL until the first compare */
	struct dd_memo *memo;
};

/* resolve.c: member id -> golden id, for references in other records */
struct dd_idmap;
struct dd_idmap *dd_idmap_build(const struct dd *d);
size_t dd_idmap_size(const struct dd_idmap *m);
/* Rewrites person_id, account_id, person_ids, account_ids; returns how many. */
int dd_resolve_refs(const struct dd_idmap *m, mops_json *rec);
void dd_idmap_free(struct dd_idmap *m);
/* Roles into opportunities' person_ids, persons' accounts into their touches. */
struct dd_refs;
struct dd_refs *dd_refs_build(const struct dd *d, const struct dd_idmap *map);
int dd_refs_complete(const struct dd_refs *r, mops_json *rec);
void dd_refs_free(struct dd_refs *r);
/* 1 if needle occurs in hay[0..n). */
int dd_memfind(const char *hay, size_t n, const char *needle);
/* lines.c: the input lines, spooled to a temporary file and mapped */
uint64_t dd_lines_add(struct dd *d, const char *raw, size_t len);
void dd_lines_done(struct dd *d);		/* after the last add */
const char *dd_line(const struct dd *d, uint32_t i);	/* recs[i]'s line */
void dd_lines_free(struct dd *d);
/* load.c */
void dd_add(struct dd *d, const mops_json *rec, const char *raw, size_t len);
void dd_sort(struct dd *d);
void dd_features_done(struct dd *d);
/* block.c */
void dd_block(struct dd *d);
/* score.c */
/* The pair's weight and levels.  With need > -INFINITY it may stop early and
 * return a bound below need (levels then incomplete): for pairs that are
 * only kept when they link. */
double dd_compare(const struct dd *d, const struct dd_rec *a, const struct dd_rec *b,
    uint8_t *lev, float *tf, double need);
void dd_score(struct dd *d);
void dd_train(struct dd *d);
/* cluster.c */
void dd_cluster(struct dd *d);
void dd_cluster_id(const struct dd *d, uint32_t first, char *buf, size_t sz);
/* merge.c */
int dd_rules_load(const char *path);	/* 0 ok, else exit status */
void dd_rules_free(void);
void dd_write_merge(struct dd *d, mops_out *o);
void dd_write_tag(struct dd *d, mops_out *o);
void dd_write_pairs(struct dd *d, mops_out *o);
void dd_free(struct dd *d);

#endif
