/*
 * attr_scan.c - grammar-checking field picker for NDJSON lines (see attr_scan.h).
 */
#include <stdlib.h>
#include <string.h>

#include "attr_scan.h"
#include "utf8.h"
#include "util.h"

static const char *const names[MOPS_AF_N] = {
	"type", "id", "person_id", "account_id", "occurred_at", "channel",
	"campaign_id", "touch_type", "amount", "created_at", "closed_at", "person_ids"
};

/* Mostly ASCII: check that cheaply, the full validator only otherwise. */
static int
utf8_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return mops_utf8_valid(s, n);
	return 1;
}

static const size_t name_len[MOPS_AF_N] = { 4, 2, 9, 10, 11, 7, 11, 10, 6, 10, 9, 10 };

struct cur {
	const char *p, *end;
};

static void
ws(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' ||
	    *c->p == '\r'))
		c->p++;
}

/* A string at c->p ('"'): sets [*a, *b) to its raw contents; *esc if it has
 * escapes.  -1 on bad grammar (control characters, bad escapes, no end). */
static int
string(struct cur *c, const char **a, const char **b, int *esc)
{
	const char *p = c->p + 1;

	*esc = 0;
	*a = p;
	for (; p < c->end; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '"') {
			*b = p;
			c->p = p + 1;
			return 0;
		}
		if (ch < 0x20)
			return -1;
		if (ch == '\\') {
			*esc = 1;
			if (++p >= c->end)
				return -1;
			if (*p == 'u') {
				int k;

				for (k = 1; k <= 4; k++)
					if (p + k >= c->end || !strchr("0123456789abcdefABCDEF",
					    p[k]) || !p[k])
						return -1;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p)
				return -1;
		}
	}
	return -1;
}

static int
digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

static int
number(struct cur *c)
{
	const char *p = c->p;

	if (p < c->end && *p == '-')
		p++;
	if (!digit(p, c->end))
		return -1;
	if (*p == '0')
		p++;
	else
		while (digit(p, c->end))
			p++;
	if (p < c->end && *p == '.') {
		p++;
		if (!digit(p, c->end))
			return -1;
		while (digit(p, c->end))
			p++;
	}
	if (p < c->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < c->end && (*p == '+' || *p == '-'))
			p++;
		if (!digit(p, c->end))
			return -1;
		while (digit(p, c->end))
			p++;
	}
	c->p = p;
	return 0;
}

static int
literal(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n) != 0)
		return -1;
	c->p += n;
	return 0;
}

/* Skips one value, checking its grammar. */
static int
skip(struct cur *c, int depth)
{
	const char *a, *b;
	int esc, first = 1;
	char close;

	ws(c);
	if (c->p >= c->end)
		return -1;
	switch (*c->p) {
	case '"': return string(c, &a, &b, &esc);
	case 't': return literal(c, "true");
	case 'f': return literal(c, "false");
	case 'n': return literal(c, "null");
	case '{': case '[': break;
	default: return number(c);
	}
	if (depth >= 512)
		return -1;
	close = *c->p == '{' ? '}' : ']';
	c->p++;
	for (;;) {
		ws(c);
		if (c->p >= c->end)
			return -1;
		if (*c->p == close && first) {
			c->p++;
			return 0;
		}
		if (close == '}') {
			if (*c->p != '"' || string(c, &a, &b, &esc) < 0)
				return -1;
			ws(c);
			if (c->p >= c->end || *c->p != ':')
				return -1;
			c->p++;
		}
		if (skip(c, depth + 1) < 0)
			return -1;
		ws(c);
		if (c->p >= c->end)
			return -1;
		if (*c->p == ',') {
			c->p++;
			first = 0;
			continue;
		}
		if (*c->p == close) {
			c->p++;
			return 0;
		}
		return -1;
	}
}

/* Offsets into sc->buf while it may move; turned into pointers at the end. */
static size_t
keep(struct mops_attr_scanner *sc, size_t *used, const char *a, size_t n)
{
	size_t off = *used;

	sc->buf = mops_xgrow(sc->buf, &sc->cap, *used + n + 1, 1);
	memcpy(sc->buf + off, a, n);
	sc->buf[off + n] = '\0';
	*used += n + 1;
	return off + 1;	/* 0 stays "absent" */
}

/* A scalar value that is wanted: a string without escapes, a number, or
 * null/true/false (absent).  Returns the offset + 1 of its text, 0 if absent,
 * or -1 to ask for the full parser. */
static long
scalar(struct mops_attr_scanner *sc, size_t *used, struct cur *c)
{
	const char *a, *b, *start = c->p;
	int esc;

	if (c->p >= c->end)
		return -1;
	if (*c->p == '"') {
		if (string(c, &a, &b, &esc) < 0 || esc)
			return -1;
		return b == a ? 0 : (long)keep(sc, used, a, (size_t)(b - a));
	}
	if (*c->p == '{' || *c->p == '[')
		return -1;
	if (*c->p == 'n' || *c->p == 't' || *c->p == 'f')
		return skip(c, 1) < 0 ? -1 : 0;
	if (number(c) < 0)
		return -1;
	return (long)keep(sc, used, start, (size_t)(c->p - start));
}

int
mops_attr_scan(struct mops_attr_scanner *sc, const char *s, size_t n, struct mops_attr_fields *out)
{
	struct cur c = { s, s + n };
	long off[MOPS_AF_N];
	size_t used = 0, k, npids = 0;
	unsigned seen = 0;
	int first = 1;

	memset(off, 0, sizeof(off));
	if (memchr(s, '\0', n) || !utf8_ok(s, n))
		return -1;
	ws(&c);
	if (c.p >= c.end || *c.p != '{')
		return -1;
	c.p++;
	for (;;) {
		const char *a, *b;
		int esc, which = -1;

		ws(&c);
		if (c.p >= c.end)
			return -1;
		if (*c.p == '}' && first) {
			c.p++;
			break;
		}
		if (*c.p != '"' || string(&c, &a, &b, &esc) < 0)
			return -1;
		if (!esc)
			for (k = 0; k < MOPS_AF_N; k++)
				if ((size_t)(b - a) == name_len[k] && a[0] == names[k][0] &&
				    memcmp(a, names[k], (size_t)(b - a)) == 0) {
					which = (int)k;
					break;
				}
		ws(&c);
		if (c.p >= c.end || *c.p != ':')
			return -1;
		c.p++;
		ws(&c);
		if (which >= 0) {
			if (seen & (1u << which))
				return -1;	/* duplicate: the parser rejects it */
			seen |= 1u << which;
		}
		if (which == MOPS_AF_PERSON_IDS && c.p < c.end && *c.p == '[') {
			int f2 = 1;

			c.p++;
			for (;;) {
				long v;

				ws(&c);
				if (c.p < c.end && *c.p == ']' && f2) {
					c.p++;
					break;
				}
				if ((v = scalar(sc, &used, &c)) < 0)
					return -1;
				if (v > 0) {
					sc->pidoff = mops_xgrow(sc->pidoff, &sc->cappid,
					    npids + 1, sizeof(*sc->pidoff));
					sc->pidoff[npids++] = (size_t)v;
				}
				ws(&c);
				if (c.p < c.end && *c.p == ',') {
					c.p++;
					f2 = 0;
					continue;
				}
				if (c.p < c.end && *c.p == ']') {
					c.p++;
					break;
				}
				return -1;
			}
		} else if (which >= 0 && which != MOPS_AF_PERSON_IDS) {
			if ((off[which] = scalar(sc, &used, &c)) < 0)
				return -1;
		} else if (skip(&c, 1) < 0)
			return -1;
		ws(&c);
		if (c.p < c.end && *c.p == ',') {
			c.p++;
			first = 0;
			continue;
		}
		if (c.p < c.end && *c.p == '}') {
			c.p++;
			break;
		}
		return -1;
	}
	ws(&c);
	if (c.p != c.end)
		return -1;
	for (k = 0; k < MOPS_AF_N; k++)
		out->f[k] = off[k] > 0 ? sc->buf + off[k] - 1 : NULL;
	sc->pidv = mops_xgrow(sc->pidv, &sc->cappidv, npids + 1, sizeof(*sc->pidv));
	for (k = 0; k < npids; k++)
		sc->pidv[k] = sc->buf + sc->pidoff[k] - 1;
	out->pids = sc->pidv;
	out->npids = npids;
	return 0;
}

void
mops_attr_scanner_free(struct mops_attr_scanner *sc)
{
	free(sc->buf);
	free(sc->pidoff);
	free(sc->pidv);
	memset(sc, 0, sizeof(*sc));
}
