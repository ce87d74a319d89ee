/* emit.c - one record out, as raw NDJSON or a Singer RECORD message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opts.h"
#include "util.h"
#include "extract.h"
#include "state.h"

static char **schema_sent;	/* streams whose SCHEMA message went out */
static size_t nsent, capsent;

static void
free_sent(void)
{
	size_t i;

	for (i = 0; i < nsent; i++)
		free(schema_sent[i]);
	free(schema_sent);
}

static void
singer_schema(struct ex_run *run, const char *stream, const char *key)
{
	size_t i;

	for (i = 0; i < nsent; i++)
		if (strcmp(schema_sent[i], stream) == 0)
			return;
	if (!nsent)
		atexit(free_sent);
	schema_sent = mops_xgrow(schema_sent, &capsent, nsent + 1, sizeof(*schema_sent));
	schema_sent[nsent++] = mops_xstrdup(stream);
	/* Raw vendor objects have no fixed schema: an open object, typed keys. */
	mops_out_puts(run->out, "{\"type\":\"SCHEMA\",\"stream\":");
	mops_out_json_string(run->out, stream, strlen(stream));
	mops_out_puts(run->out, ",\"schema\":{\"type\":\"object\",\"additionalProperties\":true},"
	    "\"key_properties\":[");
	if (key && *key)
		mops_out_json_string(run->out, key, strlen(key));
	mops_out_puts(run->out, "]}\n");
}

void
ex_emit(struct ex_run *run, const char *stream, const char *key, mops_json *rec)
{
	mops_json_set(rec, "_stream", mops_json_new_string(stream));
	mops_json_set(rec, "_extracted_at", mops_json_new_string(run->now_text));
	if (run->singer) {
		singer_schema(run, stream, key);
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
