/* emit.c - one record out, as raw NDJSON or a Singer RECORD message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "util.h"
#include "extract.h"
#include "state.h"

/*
 * Singer SCHEMA messages.  Raw vendor objects have no fixed schema, so the
 * schema is what the records show: each top-level key with the JSON types
 * seen for it (always also null: a later record may lack it).  A record with
 * a key or a type not seen before sends a new, wider SCHEMA first, as the
 * Singer spec allows, so a typed target can always create its columns.
 */
enum { T_STRING = 1, T_INTEGER = 2, T_NUMBER = 4, T_BOOLEAN = 8, T_OBJECT = 16,
	T_ARRAY = 32 };

struct prop {
	char *key;
	unsigned types;
};

struct sstream {
	char *name, *key;
	struct prop *props;
	size_t nprops, cap;
};

static struct sstream *streams;
static size_t nstreams, capstreams;

static void
free_streams(void)
{
	size_t i, j;

	for (i = 0; i < nstreams; i++) {
		for (j = 0; j < streams[i].nprops; j++)
			free(streams[i].props[j].key);
		free(streams[i].props);
		free(streams[i].name);
		free(streams[i].key);
	}
	free(streams);
}

static unsigned
jtype(const mops_json *v)
{
	switch (v->type) {
	case MOPS_JSTRING: return T_STRING;
	case MOPS_JNUMBER:
		return strpbrk(v->u.s, ".eE") ? T_NUMBER : T_INTEGER;
	case MOPS_JTRUE: case MOPS_JFALSE: return T_BOOLEAN;
	case MOPS_JOBJECT: return T_OBJECT;
	case MOPS_JARRAY: return T_ARRAY;
	default: return 0;
	}
}

static void
put_types(struct mops_out *o, unsigned t)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ T_STRING, "string" }, { T_INTEGER, "integer" }, { T_NUMBER, "number" },
		{ T_BOOLEAN, "boolean" }, { T_OBJECT, "object" }, { T_ARRAY, "array" } };
	size_t i;

	/* an integer column that also saw reals is a number column */
	if ((t & T_NUMBER) && (t & T_INTEGER))
		t &= ~(unsigned)T_INTEGER;
	mops_out_puts(o, "{\"type\":[\"null\"");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (t & names[i].bit)
			mops_out_printf(o, ",\"%s\"", names[i].name);
	mops_out_puts(o, "]}");
}

static void
singer_schema(struct ex_run *run, const char *stream, const char *key,
    const mops_json *rec)
{
	struct sstream *ss = NULL;
	size_t i, j;
	int changed = 0;

	for (i = 0; i < nstreams; i++)
		if (strcmp(streams[i].name, stream) == 0)
			ss = &streams[i];
	if (!ss) {
		if (!nstreams)
			atexit(free_streams);
		streams = mops_xgrow(streams, &capstreams, nstreams + 1, sizeof(*streams));
		ss = &streams[nstreams++];
		memset(ss, 0, sizeof(*ss));
		ss->name = mops_xstrdup(stream);
		ss->key = mops_xstrdup(key ? key : "");
		changed = 1;
	}
	for (i = 0; i < rec->len; i++) {
		const struct mops_jmember *m = &rec->u.members[i];
		unsigned t = jtype(m->val);

		for (j = 0; j < ss->nprops && strcmp(ss->props[j].key, m->key); j++)
			;
		if (j == ss->nprops) {
			ss->props = mops_xgrow(ss->props, &ss->cap, ss->nprops + 1,
			    sizeof(*ss->props));
			ss->props[ss->nprops].key = mops_xstrdup(m->key);
			ss->props[ss->nprops++].types = t;
			changed = 1;
		} else if ((ss->props[j].types | t) != ss->props[j].types) {
			ss->props[j].types |= t;
			changed = 1;
		}
	}
	if (!changed)
		return;
	mops_out_puts(run->out, "{\"type\":\"SCHEMA\",\"stream\":");
	mops_out_json_string(run->out, stream, strlen(stream));
	mops_out_puts(run->out, ",\"schema\":{\"type\":\"object\",\"properties\":{");
	for (j = 0; j < ss->nprops; j++) {
		if (j)
			mops_out_puts(run->out, ",");
		mops_out_json_string(run->out, ss->props[j].key, strlen(ss->props[j].key));
		mops_out_puts(run->out, ":");
		put_types(run->out, ss->props[j].types);
	}
	mops_out_puts(run->out, "}},\"key_properties\":[");
	if (*ss->key)
		mops_out_json_string(run->out, ss->key, strlen(ss->key));
	mops_out_puts(run->out, "]}\n");
}

void
ex_emit(struct ex_run *run, const char *stream, const char *key, mops_json *rec)
{
	mops_json_set(rec, "_stream", mops_json_new_string(stream));
	mops_json_set(rec, "_extracted_at", mops_json_new_string(run->now_text));
	if (run->singer) {
		singer_schema(run, stream, key, rec);
		mops_out_puts(run->out, "{\"type\":\"RECORD\",\"stream\":");
		mops_out_json_string(run->out, stream, strlen(stream));
		mops_out_puts(run->out, ",\"record\":");
		mops_out_json(run->out, rec);
		mops_out_puts(run->out, ",\"time_extracted\":");
		mops_out_json_string(run->out, run->now_text, strlen(run->now_text));
		mops_out_puts(run->out, "}\n");
	} else {
		mops_out_json_line(run->out, rec);
	}
	mops_json_free(rec);
	run->nrec++;
	mops_progress(run->nrec);
}

void
ex_emit_state(struct ex_run *run)
{
	char *s;

	if (!run->singer || !run->state)
		return;
	s = ex_state_dumps(run->state);
	mops_out_printf(run->out, "{\"type\":\"STATE\",\"value\":%s}\n", s);
	free(s);
}

void
ex_urlenc(struct mops_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			mops_buf_addc(b, *p);
		} else {
			mops_buf_addc(b, '%');
			mops_buf_addc(b, hex[*p >> 4]);
			mops_buf_addc(b, hex[*p & 15]);
		}
	}
}

void
ex_buf_sink(void *buf, const char *p, size_t n)
{
	mops_buf_add(buf, p, n);
}
