/*
 * norm.c - one raw record in, one canonical record out.
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "normalize.h"
#include "util.h"

static const char *const canonical_types[] = {
	"person", "account", "opportunity", "touch", "campaign", "spend", "credit",
	"opportunity_role", "traffic", "activity", NULL
};

static int
is_canonical(const mops_json *in)
{
	const char *t = mops_json_get_str(in, "type");
	int i;

	if (!t || mops_json_get(in, "_stream") || !mops_json_get(in, "id"))
		return 0;
	for (i = 0; canonical_types[i]; i++)
		if (strcmp(t, canonical_types[i]) == 0)
			return 1;
	return 0;
}

static int
is_singer_control(const mops_json *in)
{
	const char *t = mops_json_get_str(in, "type");

	if (!t || mops_json_get(in, "_stream"))
		return 0;
	return (strcmp(t, "SCHEMA") == 0 && mops_json_get(in, "schema")) ||
	    (strcmp(t, "STATE") == 0 && mops_json_get(in, "value")) ||
	    (strcmp(t, "ACTIVATE_VERSION") == 0 && mops_json_get(in, "version"));
}

/* Copies s into dst (size bytes), cut as snprintf's "%s" cuts. */
static void
copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void
set_identity(struct nrec *r, const char *type, const char *system,
    const char *object, const char *id_src, const char *fallback)
{
	char *sid = id_src ? norm_text(r, id_src) : NULL;
	size_t ns = strlen(system), no = strlen(object);

	mops_json_set(r->out, "type", mops_json_new_string(type));
	copy_cut(r->system, sizeof(r->system), system);
	if (!sid && strcmp(r->stream, "ga4.report") != 0) {
		/* A list without ids: rows are named by their line. */
		if (strncmp(r->stream, "file.", 5) != 0)
			norm_error(r, "id", "id_missing", NULL);
		sid = mops_xstrdup(fallback);
	}
	if (sid) {
		/* "system:object:" */
		char pbuf[128], *prefix = ns + no + 3 <= sizeof(pbuf) ? pbuf :
		    mops_xmalloc(ns + no + 3);
		char *id;

		memcpy(prefix, system, ns);
		prefix[ns] = ':';
		memcpy(prefix + ns + 1, object, no);
		prefix[ns + no + 1] = ':';
		prefix[ns + no + 2] = '\0';
		id = norm_make_ref(r, prefix, sid);
		mops_json_set(r->out, "id", mops_json_new_string_own(id));
		if (prefix != pbuf)
			free(prefix);
	}
	mops_json_set(r->out, "source", mops_json_new_string(system));
	if (sid) {
		/* source_id: the id part, after any 15->18 Salesforce fix */
		const char *full = mops_json_get_str(r->out, "id");

		mops_json_set(r->out, "source_id",
		    mops_json_new_string(full + ns + no + 2));
	}
	free(sid);
}

/* Salesforce's `attributes` (type and URL) say what the stream already says,
 * at the top and in every related record (Account.attributes). */
static void
drop_sf_attributes(mops_json *in)
{
	size_t i;

	mops_json_del(in, "attributes");
	for (i = 0; i < in->len; i++) {
		mops_json *v = in->u.members[i].val;

		if (v->type == MOPS_JOBJECT)
			mops_json_del(v, "attributes");
	}
}

/* Everything the maps did not consume is passed on unchanged. */
static void
pass_through(struct nrec *r)
{
	mops_json *old_errors = mops_json_take(r->in, "_errors");
	size_t i;

	for (i = 0; i < r->in->len; i++) {
		struct mops_jmember *m = &r->in->u.members[i];

		if (mops_json_getn(r->out, m->key, m->klen)) {
			/* A vendor field named like a canonical one: keep both. */
			char *k2 = mops_xasprintf("_raw_%s", m->key);

			mops_json_set(r->out, k2, m->val);
			free(k2);
			mops_json_key_free(m->key, m->klen);
		} else
			mops_json_push(r->out, m->key, m->klen, m->val);
	}
	r->in->len = 0;	/* members moved: nothing left to free but the array */
	if (old_errors && old_errors->type == MOPS_JARRAY && r->errors) {
		for (i = 0; i < r->errors->len; i++)
			mops_json_append(old_errors, r->errors->u.items[i]);
		r->errors->len = 0;
		mops_json_free(r->errors);
		r->errors = old_errors;
	} else if (old_errors && !r->errors)
		r->errors = old_errors;
	else
		mops_json_free(old_errors);
	if (r->errors)
		mops_json_set(r->out, "_errors", r->errors);
	r->errors = NULL;
}

mops_json *
norm_record(const struct norm_cfg *cfg, mops_json *raw, const char *fallback_id)
{
	struct nrec r;
	const struct smap *m;
	const struct umap_stream *u;
	const char *stream;
	mops_json *rec;
	size_t i;

	/* Singer: RECORD messages carry the record; SCHEMA, STATE and
	 * ACTIVATE_VERSION messages are not records. */
	if (is_singer_control(raw)) {
		mops_json_free(raw);
		return NULL;
	}
	if (mops_json_get(raw, "record") && mops_json_get(raw, "stream") &&
	    strcmp(mops_json_get_str(raw, "type") ? mops_json_get_str(raw, "type") : "",
	    "RECORD") == 0) {
		rec = mops_json_take(raw, "record");
		if (rec && rec->type == MOPS_JOBJECT && !mops_json_get(rec, "_stream")) {
			const char *s = mops_json_get_str(raw, "stream");
			char *name = cfg->default_stream ? mops_xstrdup(cfg->default_stream) :
			    mops_xasprintf("singer.%s", s ? s : "unknown");

			mops_json_set(rec, "_stream", mops_json_new_string_own(name));
		}
		mops_json_free(raw);
		if (!rec || rec->type != MOPS_JOBJECT) {
			mops_json_free(rec);
			return NULL;
		}
		raw = rec;
	}
	if (is_canonical(raw))
		return raw;

	memset(&r, 0, sizeof(r));
	r.cfg = cfg;
	r.in = raw;
	r.out = mops_json_new_object();
	/* room for the canonical fields and what passes through: no regrowth */
	mops_json_reserve(r.out, raw->len + 16);
	stream = mops_json_get_str(raw, "_stream");
	if (!stream)
		stream = cfg->default_stream ? cfg->default_stream : "file.list";
	copy_cut(r.stream, sizeof(r.stream), stream);
	m = norm_find_stream(r.stream);
	u = norm_user_stream(cfg, r.stream);

	if (m) {
		if (strcmp(m->system, "salesforce") == 0)
			drop_sf_attributes(r.in);
		set_identity(&r, u && u->type ? u->type : m->type, m->system, m->object,
		    u && u->id_src ? u->id_src : m->id_src, fallback_id);
		for (i = 0; m->fields[i].canon; i++)
			norm_apply(&r, m->fields[i].canon, m->fields[i].kind,
			    m->fields[i].src, m->fields[i].arg);
	} else {
		char sys[sizeof(r.stream)], obj[sizeof(r.stream)];
		const char *dot = strchr(r.stream, '.');

		char *p;

		/* "system.object" (no dot: "file" and the whole name) */
		if (dot) {
			memcpy(sys, r.stream, (size_t)(dot - r.stream));
			sys[dot - r.stream] = '\0';
		} else
			memcpy(sys, "file", 5);
		copy_cut(obj, sizeof(obj), dot ? dot + 1 : r.stream);
		if (strcmp(sys, "salesforce") == 0) {
			drop_sf_attributes(r.in);
			for (p = obj; *p; p++)	/* ids use lowercase object names */
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
		}
		set_identity(&r, u && u->type ? u->type : "person",
		    u && u->system ? u->system : sys, u && u->object ? u->object : obj,
		    u && u->id_src ? u->id_src : "id|Id|ID|Record ID|record_id|Contact ID|Lead ID",
		    fallback_id);
	}
	if (u)
		for (i = 0; i < u->nfields; i++)
			norm_apply(&r, u->fields[i].canon, u->fields[i].kind,
			    u->fields[i].src, NULL);
	if (!m) {
		norm_aliases(&r);
		/* An unknown stream is a person only if it looks like one. */
		if (!u && strncmp(r.stream, "file.", 5) != 0 &&
		    !mops_json_get(r.out, "email") && !mops_json_get(r.out, "first_name") &&
		    !mops_json_get(r.out, "last_name")) {
			mops_json_set(r.out, "type", mops_json_new_string("other"));
			norm_error(&r, "_stream", "stream_unknown", r.stream);
		}
	}
	if (m && m->post)
		m->post(&r);
	norm_derive(&r);
	pass_through(&r);
	mops_json_free(r.in);
	norm_reorder(&r);
	return r.out;
}

void
norm_where_label(char *w, long line)
{
	char d[24];
	int n = 0;
	unsigned long u = line < 0 ? 0UL - (unsigned long)line : (unsigned long)line;

	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	*w++ = 'L';
	if (line < 0)
		*w++ = '-';
	while (n)
		*w++ = d[--n];
	*w = '\0';
}
