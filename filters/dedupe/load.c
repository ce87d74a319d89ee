/* load.c - keep each record's line and intern its matching features. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "company.h"
#include "dd.h"
#include "email.h"
#include "mtime.h"
#include "strmetric.h"
#include "url.h"
#include "util.h"

#define FNV_OFF 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static uint64_t
hash(const char *p, size_t n)
{
	uint64_t h = FNV_OFF;

	while (n--)
		h = (h ^ (unsigned char)*p++) * FNV_PRIME;
	return h;
}

/* The table keeps each string's hash beside its id, so a probe touches the
 * arena only when the hashes agree: interning was a tenth of the run. */
static void
strs_grow_tab(struct dd_strs *s)
{
	uint32_t i, nsz = s->tabsz ? s->tabsz * 2 : 1024;
	uint64_t *t = mops_xcalloc(nsz, sizeof(uint64_t));

	for (i = 0; i < s->tabsz; i++) {
		uint64_t e = s->tab[i];
		uint32_t h;

		if (!e)
			continue;
		h = (uint32_t)(e >> 32) & (nsz - 1);
		while (t[h])
			h = (h + 1) & (nsz - 1);
		t[h] = e;
	}
	free(s->tab);
	s->tab = t;
	s->tabsz = nsz;
}

uint32_t
dd_intern(struct dd_strs *s, const char *p, size_t n)
{
	uint32_t h, hv;
	uint64_t e;

	if (!n)
		return 0;
	if (!s->n) {	/* id 0: the empty string */
		s->arena = mops_xgrow(s->arena, &s->acap, 1, 1);
		s->arena[0] = '\0';
		s->alen = 1;
		s->off = mops_xgrow(s->off, &s->cap, 1, sizeof(uint64_t));
		s->off[0] = 0;
		s->n = 1;
	}
	if ((uint64_t)s->n * 2 >= s->tabsz)
		strs_grow_tab(s);
	hv = (uint32_t)hash(p, n);
	h = hv & (s->tabsz - 1);
	while ((e = s->tab[h])) {
		if ((uint32_t)(e >> 32) == hv) {
			uint32_t id = (uint32_t)e - 1;
			const char *q = s->arena + s->off[id];

			if (strncmp(q, p, n) == 0 && q[n] == '\0')
				return id;
		}
		h = (h + 1) & (s->tabsz - 1);
	}
	if (s->n == UINT32_MAX - 1)
		mops_die(70, "too many distinct values");
	s->off = mops_xgrow(s->off, &s->cap, (size_t)s->n + 1, sizeof(uint64_t));
	s->arena = mops_xgrow(s->arena, &s->acap, s->alen + n + 1, 1);
	memcpy(s->arena + s->alen, p, n);
	s->arena[s->alen + n] = '\0';
	s->off[s->n] = s->alen;
	s->alen += n + 1;
	s->tab[h] = (uint64_t)hv << 32 | (s->n + 1);
	return s->n++;
}

static uint32_t
intern_s(struct dd *d, const char *s)
{
	return dd_intern(&d->strs, s, strlen(s));
}

static const char *
str_of(const mops_json *rec, const char *key)
{
	const mops_json *v = mops_json_get(rec, key);
	const char *s = v ? mops_json_scalar_text(v) : NULL;

	return s ? s : "";
}

/* First non-empty of several field names. */
static const char *
str_any(const mops_json *rec, const char *const *keys)
{
	for (; *keys; keys++) {
		const char *s = str_of(rec, *keys);

		if (*s)
			return s;
	}
	return "";
}

static uint32_t
fold_id(struct dd *d, const char *s)
{
	char buf[256];

	mops_str_fold(s, buf, sizeof(buf));
	return intern_s(d, buf);
}

/* Folded without spaces: postcodes, dates of birth. */
static uint32_t
alnum_id(struct dd *d, const char *s)
{
	char buf[64];
	size_t o = 0;

	for (; *s && o + 1 < sizeof(buf); s++)
		if (isalnum((unsigned char)*s))
			buf[o++] = (char)tolower((unsigned char)*s);
	buf[o] = '\0';
	return intern_s(d, buf);
}

static uint32_t
domain_id(struct dd *d, const char *s)
{
	char *dom;
	uint32_t id;

	if (!*s)
		return 0;
	dom = mops_url_domain(s);
	if (!dom)
		return 0;
	id = intern_s(d, dom);
	free(dom);
	return id;
}

static const char *
xref_system(const char *w, size_t n)
{
	static const struct { const char *in, *out; } sys[] = {
		{ "salesforce", "salesforce" }, { "sfdc", "salesforce" },
		{ "sf", "salesforce" }, { "hubspot", "hubspot" }, { "hs", "hubspot" },
		{ "marketo", "marketo" }, { "mkto", "marketo" },
		{ "pipedrive", "pipedrive" }, { "dynamics", "dynamics" },
		{ "zoho", "zoho" },
	};
	size_t i;

	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (strlen(sys[i].in) == n && strncasecmp(w, sys[i].in, n) == 0)
			return sys[i].out;
	return NULL;
}

/* "system:value", Salesforce ids in their 18-character form (canon.h), as
 * mops-normalize writes them, so a 15- and an 18-character spelling meet. */
static void
xref_add(struct dd *d, const char *sys, const char *val)
{
	char buf[300], sf[19];
	size_t vl = strlen(val);

	if (!*val || vl > 200)
		return;
	if (!strcmp(sys, "salesforce") && mops_sfid18(val, sf, sizeof(sf)) == 0)
		val = sf;
	snprintf(buf, sizeof(buf), "%s:%s", sys, val);
	d->xrefs = mops_xgrow(d->xrefs, &d->xcap, d->nxrefs + 1, sizeof(uint32_t));
	d->xrefs[d->nxrefs++] = intern_s(d, buf);
}

/* A key such as salesforce_lead_id, hs_contact_id or sfdc_id names the same
 * entity in another system; account_id on a person names its account, not it. */
static const char *
xref_key(const char *key, int kind)
{
	const char *us = strchr(key, '_'), *sys, *obj;
	size_t kl = strlen(key), ol;

	if (!us || kl < 4 || strcasecmp(key + kl - 2, "id") != 0)
		return NULL;
	if (!(sys = xref_system(key, (size_t)(us - key))))
		return NULL;
	obj = us + 1;
	ol = kl - 2 - (size_t)(obj - key);
	if (ol && obj[ol - 1] == '_')
		ol--;
	if (ol == 0)
		return sys;
	if (kind == DD_PERSON && ((ol == 4 && !strncasecmp(obj, "lead", 4)) ||
	    (ol == 7 && !strncasecmp(obj, "contact", 7)) ||
	    (ol == 6 && !strncasecmp(obj, "person", 6))))
		return sys;
	if (kind == DD_ACCOUNT && ((ol == 7 && !strncasecmp(obj, "account", 7)) ||
	    (ol == 7 && !strncasecmp(obj, "company", 7))))
		return sys;
	return NULL;
}

/* Canonical ids in an array (xref_ids, external_ids): "salesforce:lead:00Q...". */
static void
xref_list(struct dd *d, const mops_json *a)
{
	char sys[32];
	size_t i;

	for (i = 0; a && a->type == MOPS_JARRAY && i < a->len; i++) {
		const char *v = mops_json_scalar_text(a->u.items[i]), *c, *l, *cs;

		if (!v || !(c = strchr(v, ':')) || (size_t)(c - v) >= sizeof(sys))
			continue;
		l = strrchr(v, ':');
		memcpy(sys, v, (size_t)(c - v));
		sys[c - v] = '\0';
		cs = xref_system(sys, strlen(sys));
		xref_add(d, cs ? cs : sys, l + 1);
	}
}

static void
xrefs_of(struct dd *d, const mops_json *rec, struct dd_rec *r, const char *id)
{
	const char *colon = strchr(id, ':'), *last = strrchr(id, ':');
	const mops_json *ext = mops_json_get(rec, "external_ids");
	size_t i;
	char sys[32];

	r->xref = (uint32_t)d->nxrefs;
	if (colon && last && (size_t)(colon - id) < sizeof(sys)) {
		const char *cs;

		memcpy(sys, id, (size_t)(colon - id));
		sys[colon - id] = '\0';
		cs = xref_system(sys, strlen(sys));
		xref_add(d, cs ? cs : sys, last + 1);
	} else if (*id)
		xref_add(d, "id", id);	/* the same record delivered twice */
	for (i = 0; i < rec->len; i++) {
		const char *k = rec->u.members[i].key, *s, *v;

		if (!(s = xref_key(k, r->kind)))
			continue;
		if ((v = mops_json_scalar_text(rec->u.members[i].val)))
			xref_add(d, s, v);
	}
	/* external_ids: {"salesforce": "00Q..."} or ["salesforce:lead:00Q..."] */
	if (ext && ext->type == MOPS_JOBJECT) {
		for (i = 0; i < ext->len; i++) {
			const char *k = ext->u.members[i].key, *s, *v;

			s = xref_system(k, strlen(k));
			if ((v = mops_json_scalar_text(ext->u.members[i].val)))
				xref_add(d, s ? s : k, v);
		}
	} else
		xref_list(d, ext);
	/* mops-normalize's own word for them */
	xref_list(d, mops_json_get(rec, "xref_ids"));
	r->nxref = (uint32_t)(d->nxrefs - r->xref);
}

static void
person_features(struct dd *d, const mops_json *rec, struct dd_rec *r)
{
	static const char *const dob[] = { "dob", "date_of_birth", "birthdate", NULL };
	static const char *const street[] = { "street", "address", "street_address",
	    "address_1", "address1", NULL };
	const char *email = str_of(rec, "email"), *first = str_of(rec, "first_name"),
	    *last = str_of(rec, "last_name");
	char buf[512], can[512], sdx[16], *at;
	char fb[256], lb[256];

	if (*email && strlen(email) < sizeof(buf) &&
	    mops_email_normalize(email, buf, sizeof(buf)) == MOPS_EMAIL_OK &&
	    mops_email_canonical(buf, can, sizeof(can)) == MOPS_EMAIL_OK) {
		const char *dom = mops_email_domain(can);
		char *plus;

		r->s[S_EMAIL] = intern_s(d, can);
		r->role = (uint8_t)mops_email_is_role(can);
		r->freemail = (uint8_t)(dom && mops_email_is_free(dom));
		if ((at = strchr(can, '@')))
			*at = '\0';
		if ((plus = strchr(can, '+')))
			*plus = '\0';
		if (!r->role && strlen(can) >= 3) {
			r->s[S_ELOCAL] = intern_s(d, can);
			r->elocal8 = strlen(can) >= 8;
		}
		/* company_domain, when given, replaces it: no need to parse */
		if (dom && !r->freemail && !*str_of(rec, "company_domain"))
			r->s[S_CDOMAIN] = domain_id(d, dom);
	}
	/* a full name in one field: "Jane Doe" */
	if (!*first && !*last) {
		const char *name = str_of(rec, "name"), *sp = strrchr(name, ' ');

		if (sp && sp - name < 255) {
			snprintf(fb, sizeof(fb), "%.*s", (int)(sp - name), name);
			snprintf(lb, sizeof(lb), "%s", sp + 1);
			first = fb;
			last = lb;
		}
	}
	r->s[S_FIRST] = fold_id(d, first);
	r->s[S_LAST] = fold_id(d, last);
	if (r->s[S_ELOCAL]) {	/* "jsmith", "jane.doe": made of the name */
		const char *loc = dd_str(&d->strs, r->s[S_ELOCAL]);
		const char *fn = dd_str(&d->strs, r->s[S_FIRST]);
		const char *ln = dd_str(&d->strs, r->s[S_LAST]);

		r->elocal_name = (uint8_t)((strlen(fn) >= 3 && strstr(loc, fn)) ||
		    (strlen(ln) >= 3 && strstr(loc, ln)));
	}
	mops_soundex(dd_str(&d->strs, r->s[S_FIRST]), sdx, sizeof(sdx));
	r->s[S_FSDX] = intern_s(d, sdx);
	mops_soundex(dd_str(&d->strs, r->s[S_LAST]), sdx, sizeof(sdx));
	r->s[S_LSDX] = intern_s(d, sdx);
	mops_company_key(str_of(rec, "company"), buf, sizeof(buf));
	r->s[S_COMPANY] = intern_s(d, buf);
	if (*str_of(rec, "company_domain"))
		r->s[S_CDOMAIN] = domain_id(d, str_of(rec, "company_domain"));
	r->s[S_DOB] = alnum_id(d, str_any(rec, dob));
	r->s[S_STREET] = fold_id(d, str_any(rec, street));
}

void
dd_add(struct dd *d, const mops_json *rec, const char *raw, size_t len)
{
	struct dd_rec *r;
	const char *type = mops_json_get_str(rec, "type");
	const char *id;
	char digits[32];
	size_t o = 0;
	const char *p;

	d->recs = mops_xgrow(d->recs, &d->cap, d->n + 1, sizeof(*r));
	r = &d->recs[d->n++];
	memset(r, 0, sizeof(*r));
	r->raw = dd_lines_add(d, raw, len);
	r->rawlen = (uint32_t)len;
	if (type && !strcmp(type, "person"))
		r->kind = DD_PERSON;
	else if (type && !strcmp(type, "account"))
		r->kind = DD_ACCOUNT;
	else if (!type && (mops_json_get(rec, "email") || mops_json_get(rec, "last_name")))
		r->kind = DD_PERSON;
	id = str_of(rec, "id");
	r->s[S_ID] = intern_s(d, id);
	{
		struct mops_time t;

		r->created = mops_time_parse(str_of(rec, "created_at"), MOPS_DATE_YMD, &t) ?
		    INT64_MAX : t.sec;
	}
	if (!type && !*id)	/* untyped and without an id: not ours to merge */
		r->kind = DD_OTHER;
	d->nkind[r->kind]++;
	if (r->kind == DD_OTHER)
		return;
	xrefs_of(d, rec, r, id);
	if (r->kind == DD_PERSON)
		person_features(d, rec, r);
	else {
		char buf[512];

		mops_company_key(str_of(rec, "name"), buf, sizeof(buf));
		r->s[S_COMPANY] = intern_s(d, buf);
		r->s[S_CDOMAIN] = domain_id(d, *str_of(rec, "domain") ?
		    str_of(rec, "domain") : str_of(rec, "website"));
	}
	for (p = str_of(rec, "phone"); *p && o + 1 < sizeof(digits); p++)
		if (isdigit((unsigned char)*p))
			digits[o++] = *p;
	digits[o] = '\0';
	r->s[S_PHONE] = o >= 6 ? intern_s(d, digits) : 0;
	r->s[S_CITY] = fold_id(d, str_of(rec, "city"));
	r->s[S_REGION] = fold_id(d, str_of(rec, "region"));
	r->s[S_COUNTRY] = fold_id(d, str_of(rec, "country"));
	r->s[S_POSTAL] = alnum_id(d, str_of(rec, "postal_code"));
}

static const struct dd *sort_dd;

static int
rec_cmp(const void *pa, const void *pb)
{
	const struct dd_rec *a = pa, *b = pb;
	int c;

	if (a->s[S_ID] != b->s[S_ID]) {
		c = strcmp(dd_str(&sort_dd->strs, a->s[S_ID]),
		    dd_str(&sort_dd->strs, b->s[S_ID]));
		if (c)
			return c;
	}
	c = memcmp(sort_dd->raw + a->raw, sort_dd->raw + b->raw,	/* mapped */
	    a->rawlen < b->rawlen ? a->rawlen : b->rawlen);
	if (c)
		return c;
	return a->rawlen < b->rawlen ? -1 : a->rawlen > b->rawlen;
}

/* The canonical order: by id, then by line, whatever the input order was. */
void
dd_sort(struct dd *d)
{
	dd_lines_done(d);
	sort_dd = d;
	if (d->n > 1)
		qsort(d->recs, d->n, sizeof(d->recs[0]), rec_cmp);
}

/* Value frequencies from the data: names for term-frequency-adjusted name
 * weights, phones and emails to tell a shared line or inbox (an agency's
 * switchboard, a family's gmail) from a personal one. */
void
dd_features_done(struct dd *d)
{
	size_t i;

	d->strs.count = mops_xcalloc(d->strs.n ? d->strs.n : 1, sizeof(uint32_t));
	d->count_last = mops_xcalloc(d->strs.n ? d->strs.n : 1, sizeof(uint32_t));
	for (i = 0; i < d->n; i++) {
		const struct dd_rec *r = &d->recs[i];

		if (r->kind == DD_OTHER)
			continue;
		if (r->s[S_PHONE])
			d->strs.count[r->s[S_PHONE]]++;
		if (r->s[S_EMAIL])
			d->strs.count[r->s[S_EMAIL]]++;
		if (r->kind != DD_PERSON)
			continue;
		if (r->s[S_FIRST]) {
			d->strs.count[r->s[S_FIRST]]++;
			d->tf_first_n++;
		}
		if (r->s[S_LAST]) {
			d->count_last[r->s[S_LAST]]++;
			d->tf_last_n++;
		}
	}
}
