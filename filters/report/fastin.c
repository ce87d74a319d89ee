/*
 * fastin.c - read NDJSON keeping only the top-level members a report needs.
 *
 * The funnel over ten million records spent most of its time building (and
 * freeing) whole JSON trees it then looked at five fields of.  Here each line is
 * checked against the JSON grammar without allocating (strings, escapes, UTF-8,
 * numbers, nesting, duplicate keys) and only the wanted members are parsed into
 * a small object.  Whenever the scanner is unsure (escaped keys, \u surrogates,
 * deep nesting) or the line is invalid, the line goes to mops_record_parse(), so
 * rejects and their messages are exactly those of the ordinary reader.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit.h"
#include "input.h"
#include "json.h"
#include "opts.h"
#include "record.h"
#include "reject.h"
#include "report.h"
#include "utf8.h"
#include "util.h"

struct span {
	const char *p;
	size_t n;
};

struct scan {
	const char *s, *e;
	struct span *keys;	/* keys of the open objects, a stack */
	size_t nkeys, ckeys;
	int depth;
	size_t wlen[MAXBY + 8];	/* lengths of the wanted keys */
};

static void
ws(struct scan *c)
{
	while (c->s < c->e && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' ||
	    *c->s == '\r'))
		c->s++;
}

static int
hex(int ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	    (ch >= 'A' && ch <= 'F');
}

/* Whether any of 8 bytes is '"', '\\', a control character or not ASCII:
 * plain runs go 8 bytes a step (the scan was a third of the funnel's time). */
static int
special8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t x, q, b;

	memcpy(&x, p, 8);
	q = x ^ (ones * '"');
	b = x ^ (ones * '\\');
	return (((q - ones) & ~q) | ((b - ones) & ~b) | (x - ones * 0x20) | x) &
	    high ? 1 : 0;
}

/* A string; *esc says whether it had escapes.  0 on failure (or doubt). */
static int
string(struct scan *c, int *esc)
{
	const char *start;
	int high = 0;

	*esc = 0;
	c->s++;
	start = c->s;
	while (c->s < c->e) {
		unsigned char ch;
		/* plain ASCII runs are the common case */
		while (c->e - c->s >= 8 && !special8(c->s))
			c->s += 8;
		while (c->s < c->e && (unsigned char)*c->s >= 0x20 &&
		    (unsigned char)*c->s < 0x80 && *c->s != '"' && *c->s != '\\')
			c->s++;
		if (c->s >= c->e)
			return 0;
		ch = (unsigned char)*c->s;
		if (ch == '"') {
			if (high && !mops_utf8_valid(start, (size_t)(c->s - start)))
				return 0;
			c->s++;
			return 1;
		}
		if (ch < 0x20)
			return 0;
		if (ch >= 0x80)
			high = 1;
		if (ch == '\\') {
			*esc = 1;
			if (++c->s >= c->e)
				return 0;
			switch (*c->s) {
			case '"': case '\\': case '/': case 'b': case 'f': case 'n':
			case 'r': case 't':
				break;
			case 'u':
				if (c->e - c->s < 5 || !hex(c->s[1]) || !hex(c->s[2]) ||
				    !hex(c->s[3]) || !hex(c->s[4]))
					return 0;
				/* surrogates and \u0000: leave to the full parser */
				if ((c->s[1] == 'd' || c->s[1] == 'D') && strchr("89abcdefABCDEF",
				    c->s[2]))
					return 0;
				if (memcmp(c->s + 1, "0000", 4) == 0)
					return 0;
				c->s += 4;
				break;
			default:
				return 0;
			}
		}
		c->s++;
	}
	return 0;
}

static int
digits(struct scan *c)
{
	const char *b = c->s;

	while (c->s < c->e && *c->s >= '0' && *c->s <= '9')
		c->s++;
	return c->s > b;
}

static int
number(struct scan *c)
{
	if (*c->s == '-')
		c->s++;
	if (c->s < c->e && *c->s == '0')
		c->s++;
	else if (!digits(c))
		return 0;
	if (c->s < c->e && *c->s == '.') {
		c->s++;
		if (!digits(c))
			return 0;
	}
	if (c->s < c->e && (*c->s == 'e' || *c->s == 'E')) {
		c->s++;
		if (c->s < c->e && (*c->s == '+' || *c->s == '-'))
			c->s++;
		if (!digits(c))
			return 0;
	}
	return 1;
}

static int
word(struct scan *c, const char *w, size_t n)
{
	if ((size_t)(c->e - c->s) < n || memcmp(c->s, w, n) != 0)
		return 0;
	c->s += n;
	return 1;
}

static int value(struct scan *c);

static int
object(struct scan *c, int top, const char *const *want, int nwant,
    struct span *found)
{
	size_t base = c->nkeys, i;
	uint64_t seen[4] = { 0, 0, 0, 0 };	/* key hashes: 256 bits */
	int esc;

	if (++c->depth > 400)
		return 0;
	c->s++;
	ws(c);
	if (c->s < c->e && *c->s == '}') {
		c->s++;
		c->depth--;
		return 1;
	}
	for (;;) {
		struct span k;
		const char *vs;
		if (c->s >= c->e || *c->s != '"')
			return 0;
		k.p = c->s + 1;
		if (!string(c, &esc) || esc)
			return 0;
		k.n = (size_t)(c->s - 1 - k.p);
		{
			/* duplicate keys: compared only when the length and end
			 * bytes' bit was set (every pair of ~40 keys was most of
			 * the object scan) */
			unsigned h = (unsigned)(k.n * 31 + (k.n ? (unsigned char)k.p[0] * 7u +
			    (unsigned char)k.p[k.n - 1] : 0)) & 255u;
			if (seen[h >> 6] >> (h & 63) & 1) {
				for (i = base; i < c->nkeys; i++)
					if (c->keys[i].n == k.n && (k.n == 0 ||
					    (c->keys[i].p[0] == k.p[0] &&
					    memcmp(c->keys[i].p, k.p, k.n) == 0)))
						return 0;	/* the full parser says so */
			}
			seen[h >> 6] |= (uint64_t)1 << (h & 63);
		}
		c->keys = mops_xgrow(c->keys, &c->ckeys, c->nkeys + 1,
		    sizeof *c->keys);
		c->keys[c->nkeys++] = k;
		ws(c);
		if (c->s >= c->e || *c->s != ':')
			return 0;
		c->s++;
		ws(c);
		vs = c->s;
		if (!value(c))
			return 0;
		if (top)
			for (i = 0; i < (size_t)nwant; i++)
				if (c->wlen[i] == k.n && want[i][0] == k.p[0] &&
				    memcmp(want[i], k.p, k.n) == 0) {
					found[i].p = vs;
					found[i].n = (size_t)(c->s - vs);
				}
		ws(c);
		if (c->s < c->e && *c->s == ',') {
			c->s++;
			ws(c);
			continue;
		}
		if (c->s < c->e && *c->s == '}') {
			c->s++;
			c->nkeys = base;
			c->depth--;
			return 1;
		}
		return 0;
	}
}

static int
array(struct scan *c)
{
	if (++c->depth > 400)
		return 0;
	c->s++;
	ws(c);
	if (c->s < c->e && *c->s == ']') {
		c->s++;
		c->depth--;
		return 1;
	}
	for (;;) {
		if (!value(c))
			return 0;
		ws(c);
		if (c->s < c->e && *c->s == ',') {
			c->s++;
			ws(c);
			continue;
		}
		if (c->s < c->e && *c->s == ']') {
			c->s++;
			c->depth--;
			return 1;
		}
		return 0;
	}
}

static int
value(struct scan *c)
{
	int esc;

	if (c->s >= c->e)
		return 0;
	switch (*c->s) {
	case '{': return object(c, 0, NULL, 0, NULL);
	case '[': return array(c);
	case '"': return string(c, &esc);
	case 't': return word(c, "true", 4);
	case 'f': return word(c, "false", 5);
	case 'n': return word(c, "null", 4);
	default:
		if (*c->s == '-' || (*c->s >= '0' && *c->s <= '9'))
			return number(c);
		return 0;
	}
}

/* The wanted members of the object on line, or NULL to use the full parser. */
static mops_json *
extract(struct scan *c, const char *line, size_t len, const char *const *want,
    int nwant, struct span *found)
{
	mops_json *o;
	int i;

	c->s = line;
	c->e = line + len;
	c->nkeys = 0;
	c->depth = 0;
	memset(found, 0, (size_t)nwant * sizeof *found);
	ws(c);
	if (c->s >= c->e || *c->s != '{' || !object(c, 1, want, nwant, found))
		return NULL;
	ws(c);
	if (c->s != c->e)
		return NULL;
	o = mops_json_new_object();
	for (i = 0; i < nwant; i++) {
		struct mops_json_err err;
		mops_json *v;
		if (!found[i].p)
			continue;
		v = mops_json_parse(found[i].p, found[i].n, &err);
		if (!v) {
			mops_json_free(o);
			return NULL;
		}
		mops_json_set(o, want[i], v);
	}
	return o;
}

int
fast_read(char **files, int nfiles, const char *const *want, int nwant,
    void (*cb)(void *, const mops_json *), void *ctx, unsigned long long *count)
{
	static char *stdin_name[] = { (char *)"-" };
	struct scan sc;
	struct span *found = mops_xcalloc((size_t)nwant + 1, sizeof *found);
	int f, status = 0;

	memset(&sc, 0, sizeof sc);
	*count = 0;
	for (f = 0; f < nwant && f < MAXBY + 8; f++)
		sc.wlen[f] = strlen(want[f]);
	if (nfiles == 0) {
		files = stdin_name;
		nfiles = 1;
	}
	for (f = 0; f < nfiles; f++) {
		mops_in *in = mops_in_open(files[f]);
		const char *line;
		size_t len;
		int st;

		if (!in) {
			mops_warn("%s: %s", files[f], strerror(errno));
			status = MOPS_EX_NOINPUT;
			continue;
		}
		while ((st = mops_record_line(in, &line, &len)) != MOPS_IN_EOF) {
			mops_json *rec;
			if (st == MOPS_IN_ERROR) {
				status = MOPS_EX_IOERR;
				break;
			}
			rec = extract(&sc, line, len, want, nwant, found);
			if (!rec)
				rec = mops_record_parse(line, len, mops_in_name(in),
				    mops_in_lineno(in));
			if (!rec)
				continue;
			cb(ctx, rec);
			mops_json_free(rec);
			mops_progress(++*count);
		}
		mops_in_close(in);
	}
	free(sc.keys);
	free(found);
	return status;
}
