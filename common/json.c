#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "utf8.h"
#include "util.h"

/* ---- word-at-a-time scanning ---- */

/* Bytes that end a fast run in a JSON string: '"', '\\', controls (< 0x20) and,
 * for the parser, non-ASCII (>= 0x80, which needs UTF-8 checking).  Eight bytes
 * are tested at once (exact, see "Bit Twiddling Hacks": haszero/hasless). */
#define ONES ((uint64_t)0x0101010101010101ULL)
#define HIGHS ((uint64_t)0x8080808080808080ULL)

static inline uint64_t
load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline uint64_t
special8(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w);
}

/* Index of the first flagged byte of a nonzero special8() mask: the lowest
 * set bit is exact (borrows only run upwards), later ones may be false alarms. */
static inline size_t
first8(uint64_t m)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(m) / 8;
#else
	(void)m;
	return 0;	/* the byte-wise loop after it finds the place */
#endif
}

/* The same, a byte at a time (at most n bytes). */
static size_t
plain_bytes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	return i;
}

/* Length of the leading run of s[0..n) free of '"', '\\' and controls. */
size_t
mops_json_plain_run(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t m;

	while (i + 8 <= n) {
		if ((m = special8(load8(s + i)) & HIGHS) != 0)
			return i + first8(m) +
			    plain_bytes(s + i + first8(m), 8 - first8(m));
		i += 8;
	}
	if (i < n && n >= 8) {
		/* The tail: the last eight bytes, overlapping checked ones. */
		if ((m = special8(load8(s + n - 8)) & HIGHS) == 0)
			return n;
		return n - 8 + first8(m) +
		    plain_bytes(s + n - 8 + first8(m), 8 - first8(m));
	}
	return i + plain_bytes(s + i, n - i);
}

/* ---- node allocation ----
 *
 * A record is some 25 nodes parsed, 40 more made by a filter, all freed a
 * moment later; malloc's per-thread cache holds 7 blocks a size and the rest go
 * the slow way.  Nodes (with their inline text) come in size classes of 32
 * bytes up to NODE_CLASSES * 32; each thread keeps up to NODE_KEEP freed nodes
 * a class for reuse.  A node may be freed by another thread than the one that
 * made it: it is an ordinary malloc'd block either way.  The cached blocks are
 * freed when their thread ends (and at exit for the main thread).  Under
 * AddressSanitizer nothing is cached, so use-after-free stays visible. */
#define NODE_UNIT 32
#define NODE_CLASSES 6
#define NODE_KEEP 1024

#ifndef NODE_CACHE		/* -DNODE_CACHE=1 tests the cache under ASan */
#if defined(__SANITIZE_ADDRESS__)
#define NODE_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NODE_CACHE 0
#endif
#endif
#endif
#ifndef NODE_CACHE
#define NODE_CACHE 1
#endif

struct node_cache {
	void *head[NODE_CLASSES + 1];
	unsigned n[NODE_CLASSES + 1];
	int registered;
};

static _Thread_local struct node_cache node_tc;
static pthread_key_t node_key;
static pthread_once_t node_once = PTHREAD_ONCE_INIT;

static void
node_drain(struct node_cache *c)
{
	int k;

	for (k = 1; k <= NODE_CLASSES; k++) {
		while (c->head[k]) {
			void *next;

			memcpy(&next, c->head[k], sizeof(next));
			free(c->head[k]);
			c->head[k] = next;
		}
		c->n[k] = 0;
	}
}

static void
node_thread_end(void *c)
{
	node_drain(c);
}

static int node_exiting;	/* frees after the exit drain are not cached */

static void
node_exit(void)
{
	node_exiting = 1;
	node_drain(&node_tc);
}

static void
node_init(void)
{
	if (pthread_key_create(&node_key, node_thread_end) != 0)
		mops_die(70, "cannot create a thread key");
	atexit(node_exit);
}

/* A block of class k (1..NODE_CLASSES): k * NODE_UNIT bytes. */
static inline void *
block_get(size_t k)
{
	void *v;

	if (node_tc.head[k]) {
		v = node_tc.head[k];
		/* a free block's first bytes hold the next link: a pointer's size is meant */
		// cppcheck-suppress pointerSize
		memcpy(&node_tc.head[k], v, sizeof(void *));
		node_tc.n[k]--;
	} else
		v = mops_xmalloc(k * NODE_UNIT);
	return v;
}

/* Keeps a block of class k (0: not a class block) for reuse, or frees it. */
static inline void
block_put(void *v, unsigned k)
{
	struct node_cache *c = &node_tc;

	if (!NODE_CACHE || k == 0 || c->n[k] >= NODE_KEEP || node_exiting) {
		free(v);
		return;
	}
	if (!c->registered) {
		pthread_once(&node_once, node_init);
		if (pthread_setspecific(node_key, c) != 0) {
			free(v);
			return;
		}
		c->registered = 1;
	}
	/* the link goes into the free block's first bytes, as in block_get() */
	// cppcheck-suppress pointerSize
	memcpy(v, &c->head[k], sizeof(void *));
	c->head[k] = v;
	c->n[k]++;
}

static mops_json *
node_alloc(size_t size)
{
	size_t k = (size + NODE_UNIT - 1) / NODE_UNIT;
	mops_json *v;

	if (k > NODE_CLASSES) {
		v = mops_xmalloc(size);
		v->cls = 0;
		return v;
	}
	v = block_get(k);
	v->cls = (unsigned char)k;
	return v;
}

static void
node_free(mops_json *v)
{
	block_put(v, v->cls);
}

/* Member keys: blocks of the node classes too (a record's keys are made and
 * freed by the dozen), the class told by the key's length, so a key must be
 * freed with the length it was made with.  Without the cache (ASan) they are
 * plain malloc'd strings. */
static size_t
key_class(size_t klen)
{
	size_t k = (klen + NODE_UNIT) / NODE_UNIT;	/* klen + 1 bytes */

	return NODE_CACHE && k <= NODE_CLASSES ? k : 0;
}

char *
mops_json_key_dup(const char *key, size_t klen)
{
	size_t k = key_class(klen);
	char *p = k ? block_get(k) : mops_xmalloc(klen + 1);

	memcpy(p, key, klen);
	p[klen] = '\0';
	return p;
}

void
mops_json_key_free(char *key, size_t klen)
{
	if (key)
		block_put(key, (unsigned)key_class(klen));
}

/* ---- values ---- */

static mops_json *
new_value(enum mops_jtype t)
{
	mops_json *v = node_alloc(sizeof(*v));

	v->type = t;
	v->len = v->cap = 0;
	v->u.s = NULL;
	return v;
}

void
mops_json_free(mops_json *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case MOPS_JSTRING:
	case MOPS_JNUMBER:
		if (v->u.s != (char *)(v + 1))	/* not allocated with the node */
			free(v->u.s);
		break;
	case MOPS_JARRAY:
		for (i = 0; i < v->len; i++)
			mops_json_free(v->u.items[i]);
		free(v->u.items);
		break;
	case MOPS_JOBJECT:
		for (i = 0; i < v->len; i++) {
			mops_json_key_free(v->u.members[i].key, v->u.members[i].klen);
			mops_json_free(v->u.members[i].val);
		}
		free(v->u.members);
		break;
	default:
		break;
	}
	node_free(v);
}

mops_json *
mops_json_copy(const mops_json *v)
{
	mops_json *c;
	size_t i;

	if (!v)
		return NULL;
	switch (v->type) {
	case MOPS_JSTRING:
		return mops_json_new_stringn(v->u.s, v->len);
	case MOPS_JNUMBER:
		return mops_json_new_number_text(v->u.s);
	case MOPS_JARRAY:
		c = mops_json_new_array();
		for (i = 0; i < v->len; i++)
			mops_json_append(c, mops_json_copy(v->u.items[i]));
		return c;
	case MOPS_JOBJECT:
		c = mops_json_new_object();
		for (i = 0; i < v->len; i++)
			mops_json_setn(c, v->u.members[i].key, v->u.members[i].klen,
			    mops_json_copy(v->u.members[i].val));
		return c;
	default:
		return new_value(v->type);
	}
}

mops_json *mops_json_new_object(void) { return new_value(MOPS_JOBJECT); }
mops_json *mops_json_new_array(void) { return new_value(MOPS_JARRAY); }
mops_json *mops_json_new_null(void) { return new_value(MOPS_JNULL); }
mops_json *mops_json_new_bool(int b) { return new_value(b ? MOPS_JTRUE : MOPS_JFALSE); }

/* A string or number node with its text in the same allocation. */
static mops_json *
new_inline(enum mops_jtype t, const char *s, size_t n)
{
	mops_json *v;

	if (n > (size_t)-1 - sizeof(*v) - 1)
		mops_die(70, "out of memory");
	v = node_alloc(sizeof(*v) + n + 1);
	v->type = t;
	v->len = n;
	v->cap = 0;
	v->u.s = (char *)(v + 1);
	memcpy(v->u.s, s, n);
	v->u.s[n] = '\0';
	return v;
}

mops_json *
mops_json_new_stringn(const char *s, size_t n)
{
	return new_inline(MOPS_JSTRING, s, n);
}

mops_json *
mops_json_new_string(const char *s)
{
	return mops_json_new_stringn(s, strlen(s));
}

mops_json *
mops_json_new_string_own(char *s)
{
	mops_json *v = new_value(MOPS_JSTRING);

	v->u.s = s;
	v->len = strlen(s);
	return v;
}

mops_json *
mops_json_new_number_text(const char *text)
{
	return new_inline(MOPS_JNUMBER, text, strlen(text));
}

mops_json *
mops_json_new_int(long long i)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", i);
	return mops_json_new_number_text(b);
}

size_t
mops_fmt_real(double d, char *buf)
{
	int prec;

	if (!isfinite(d)) {
		memcpy(buf, "null", 5);
		return 4;
	}
	if (d == 0) {
		memcpy(buf, "0", 2);
		return 1;
	}
	/* The shortest of %.15g..%.17g that reads back exactly. */
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return strlen(buf);
}

mops_json *
mops_json_new_real(double d)
{
	char b[32];

	if (!isfinite(d))
		return mops_json_new_null();
	mops_fmt_real(d, b);
	return mops_json_new_number_text(b);
}

/* ---- objects and arrays ---- */

mops_json *
mops_json_getn(const mops_json *obj, const char *key, size_t klen)
{
	size_t i;

	if (!obj || obj->type != MOPS_JOBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++) {
		const struct mops_jmember *m = &obj->u.members[i];

		if (m->klen == klen && (klen == 0 || (m->key[0] == key[0] &&
		    memcmp(m->key, key, klen) == 0)))
			return m->val;
	}
	return NULL;
}

mops_json *
mops_json_get(const mops_json *obj, const char *key)
{
	return mops_json_getn(obj, key, strlen(key));
}

static void
push_member(mops_json *obj, char *key, size_t klen, mops_json *val)
{
	struct mops_jmember *m;

	obj->u.members = mops_xgrow(obj->u.members, &obj->cap, obj->len + 1,
	    sizeof(*obj->u.members));
	m = &obj->u.members[obj->len++];
	m->key = key;
	m->klen = klen;
	m->val = val;
}

void
mops_json_reserve(mops_json *c, size_t n)
{
	/* exactly n: a doubling could cross into malloc's slower large sizes */
	if (n <= c->cap || n > ((size_t)-1) / 4 / sizeof(*c->u.members))
		return;
	if (c->type == MOPS_JOBJECT)
		c->u.members = mops_xrealloc(c->u.members, n * sizeof(*c->u.members));
	else if (c->type == MOPS_JARRAY)
		c->u.items = mops_xrealloc(c->u.items, n * sizeof(*c->u.items));
	else
		return;
	c->cap = n;
}

void
mops_json_push(mops_json *obj, char *key, size_t klen, mops_json *val)
{
	push_member(obj, key, klen, val);
}

void
mops_json_sort_members(mops_json *obj,
    int (*rank)(const char *key, size_t klen, void *ctx), void *ctx)
{
	size_t i, j, n = obj->len;
	int rk0[64], *rk;

	if (n < 2)
		return;
	rk = n <= 64 ? rk0 : mops_xmalloc(n * sizeof(*rk));
	for (i = 0; i < n; i++)
		rk[i] = rank(obj->u.members[i].key, obj->u.members[i].klen, ctx);
	/* Insertion sort: objects are small and mostly in order already. */
	for (i = 1; i < n; i++) {
		struct mops_jmember m = obj->u.members[i];
		int r = rk[i];

		for (j = i; j > 0 && rk[j - 1] > r; j--) {
			obj->u.members[j] = obj->u.members[j - 1];
			rk[j] = rk[j - 1];
		}
		obj->u.members[j] = m;
		rk[j] = r;
	}
	if (rk != rk0)
		free(rk);
}

void
mops_json_setn(mops_json *obj, const char *key, size_t klen, mops_json *val)
{
	size_t i;

	for (i = 0; i < obj->len; i++) {
		struct mops_jmember *m = &obj->u.members[i];

		if (m->klen == klen && (klen == 0 || (m->key[0] == key[0] &&
		    memcmp(m->key, key, klen) == 0))) {
			mops_json_free(m->val);
			m->val = val;
			return;
		}
	}
	push_member(obj, mops_json_key_dup(key, klen), klen, val);
}

void
mops_json_set(mops_json *obj, const char *key, mops_json *val)
{
	mops_json_setn(obj, key, strlen(key), val);
}

mops_json *
mops_json_take(mops_json *obj, const char *key)
{
	return mops_json_taken(obj, key, strlen(key));
}

mops_json *
mops_json_taken(mops_json *obj, const char *key, size_t klen)
{
	size_t i;
	mops_json *v;

	if (!obj || obj->type != MOPS_JOBJECT)
		return NULL;
	for (i = 0; i < obj->len; i++) {
		struct mops_jmember *m = &obj->u.members[i];

		if (m->klen == klen && (klen == 0 || (m->key[0] == key[0] &&
		    memcmp(m->key, key, klen) == 0))) {
			v = m->val;
			mops_json_key_free(m->key, m->klen);
			memmove(m, m + 1, (obj->len - i - 1) * sizeof(*m));
			obj->len--;
			return v;
		}
	}
	return NULL;
}

void
mops_json_del(mops_json *obj, const char *key)
{
	mops_json_free(mops_json_take(obj, key));
}

void
mops_json_append(mops_json *arr, mops_json *val)
{
	arr->u.items = mops_xgrow(arr->u.items, &arr->cap, arr->len + 1,
	    sizeof(*arr->u.items));
	arr->u.items[arr->len++] = val;
}

mops_json *
mops_json_at(const mops_json *arr, size_t i)
{
	if (!arr || arr->type != MOPS_JARRAY || i >= arr->len)
		return NULL;
	return arr->u.items[i];
}

const char *
mops_json_str(const mops_json *v)
{
	return v && v->type == MOPS_JSTRING ? v->u.s : NULL;
}

const char *
mops_json_get_str(const mops_json *obj, const char *key)
{
	return mops_json_str(mops_json_get(obj, key));
}

const char *
mops_json_scalar_text(const mops_json *v)
{
	return v && (v->type == MOPS_JSTRING || v->type == MOPS_JNUMBER) ?
	    v->u.s : NULL;
}

double
mops_json_number(const mops_json *v, int *ok)
{
	char *end;
	double d;

	if (ok)
		*ok = 0;
	if (!v || (v->type != MOPS_JNUMBER && v->type != MOPS_JSTRING) || !v->len)
		return 0;
	d = strtod(v->u.s, &end);
	if (v->type == MOPS_JSTRING) {
		while (*end == ' ')
			end++;
		if (*end || !isfinite(d))
			return 0;
	}
	if (ok)
		*ok = 1;
	return d;
}

int
mops_json_is_true(const mops_json *v)
{
	return v && v->type == MOPS_JTRUE;
}

/* ---- parser ---- */

struct parser {
	const char *p, *start, *end;
	struct mops_json_err *err;
	struct mops_buf sb;	/* scratch for strings with escapes */
	struct mops_jmember *stk;	/* members of the objects being parsed */
	size_t nstk, stkcap;
	struct mops_jmember stk0[32];	/* first block of stk: no malloc */
	int depth;
	int lenient;		/* unpaired surrogate escapes become U+FFFD */
};

static int
fail(struct parser *ps, const char *at, const char *fmt, const char *arg)
{
	if (ps->err && !ps->err->msg[0]) {
		ps->err->offset = (size_t)(at - ps->start);
		snprintf(ps->err->msg, sizeof(ps->err->msg), fmt, arg);
	}
	return -1;
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int
unexpected(struct parser *ps)
{
	char c[8];
	unsigned char u;

	if (ps->p >= ps->end)
		return fail(ps, ps->p, "unexpected end of input%s", "");
	u = (unsigned char)*ps->p;
	if (u == 0)
		return fail(ps, ps->p, "NUL byte%s", "");
	if (u < 0x20 || u >= 0x7f)
		snprintf(c, sizeof(c), "\\x%02x", u);
	else
		snprintf(c, sizeof(c), "%c", u);
	return fail(ps, ps->p, "unexpected '%s'", c);
}

/* Length of the valid UTF-8 sequence at p (non-ASCII lead), or 0. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp;
	size_t n = mops_utf8_decode((const char *)p, (size_t)(end - p), &cp);

	return (cp & 0x80000000u) ? 0 : n;
}

static void
put_utf8(struct mops_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	mops_buf_add(b, u, n);
}

static int
hex4(const char *p, unsigned long *out)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		int c = p[i], d;

		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return -1;
		v = v * 16 + (unsigned long)d;
	}
	*out = v;
	return 0;
}

/* Parses a string at ps->p (on the quote).  *out points into the input (no
 * escapes) or into ps->sb, valid until the next call: callers copy. */
static int
parse_string(struct parser *ps, const char **out, size_t *outlen)
{
	const char *p = ps->p + 1, *run;
	const char *end = ps->end;
	int escaped = 0;

	/* Fast path: no escapes; plain ASCII eight bytes at a time. */
	run = p;
	while (p < end) {
		unsigned char c;

		while (end - p >= 8) {
			uint64_t w = load8(p), m = (special8(w) | w) & HIGHS;

			if (m) {
				p += first8(m);
				break;
			}
			p += 8;
		}
		if (p >= end)
			break;
		c = (unsigned char)*p;

		if (c == '"')
			break;
		if (c == '\\') {
			escaped = 1;
			break;
		}
		if (c < 0x20) {
			ps->p = p;
			return c == 0 ? fail(ps, p, "NUL byte in string%s", "") :
			    fail(ps, p, "control character in string%s", "");
		}
		if (c >= 0x80) {
			size_t n;

			/* Two-byte sequences (Latin letters) inline. */
			if (c >= 0xc2 && c <= 0xdf && end - p >= 2 &&
			    ((unsigned char)p[1] & 0xc0) == 0x80)
				n = 2;
			else if (!(n = utf8_seq((const unsigned char *)p,
			    (const unsigned char *)end)))
				return fail(ps, p, "invalid UTF-8%s", "");
			p += n;
		} else
			p++;
	}
	if (p >= end)
		return fail(ps, p, "unterminated string%s", "");
	if (!escaped) {
		*outlen = (size_t)(p - run);
		*out = run;
		ps->p = p + 1;
		return 0;
	}
	mops_buf_reset(&ps->sb);
	mops_buf_add(&ps->sb, run, (size_t)(p - run));
	while (p < end && *p != '"') {
		unsigned char c = (unsigned char)*p;

		if (c == '\\') {
			unsigned long cp, lo;

			if (p + 1 >= end)
				return fail(ps, p, "unterminated string%s", "");
			switch (p[1]) {
			case '"': mops_buf_addc(&ps->sb, '"'); break;
			case '\\': mops_buf_addc(&ps->sb, '\\'); break;
			case '/': mops_buf_addc(&ps->sb, '/'); break;
			case 'b': mops_buf_addc(&ps->sb, '\b'); break;
			case 'f': mops_buf_addc(&ps->sb, '\f'); break;
			case 'n': mops_buf_addc(&ps->sb, '\n'); break;
			case 'r': mops_buf_addc(&ps->sb, '\r'); break;
			case 't': mops_buf_addc(&ps->sb, '\t'); break;
			case 'u':
				if (end - p < 6 || hex4(p + 2, &cp))
					return fail(ps, p, "invalid \\u escape%s", "");
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					if (!ps->lenient)
						return fail(ps, p, "lone surrogate in \\u escape%s", "");
					cp = 0xfffd;
				} else if (cp >= 0xd800 && cp <= 0xdbff) {
					if (end - p >= 12 && p[6] == '\\' && p[7] == 'u' &&
					    !hex4(p + 8, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
						cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
						p += 6;
					} else if (!ps->lenient) {
						return fail(ps, p, "lone surrogate in \\u escape%s", "");
					} else {
						cp = 0xfffd;
					}
				}
				put_utf8(&ps->sb, cp);
				p += 4;
				break;
			default:
				return fail(ps, p, "invalid escape%s", "");
			}
			p += 2;
		} else if (c < 0x20) {
			return c == 0 ? fail(ps, p, "NUL byte in string%s", "") :
			    fail(ps, p, "control character in string%s", "");
		} else if (c >= 0x80) {
			size_t n = utf8_seq((const unsigned char *)p,
			    (const unsigned char *)end);
			if (!n)
				return fail(ps, p, "invalid UTF-8%s", "");
			mops_buf_add(&ps->sb, p, n);
			p += n;
		} else {
			mops_buf_addc(&ps->sb, c);
			p++;
		}
	}
	if (p >= end)
		return fail(ps, p, "unterminated string%s", "");
	*outlen = ps->sb.len;
	*out = ps->sb.s;
	ps->p = p + 1;
	return 0;
}

static int
parse_number(struct parser *ps, mops_json **out)
{
	const char *p = ps->p, *s = p, *end = ps->end;
	mops_json *v;

	if (p < end && *p == '-')
		p++;
	if (p >= end || *p < '0' || *p > '9') {
		ps->p = p;
		return unexpected(ps);
	}
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9') {
			ps->p = p;
			return unexpected(ps);
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9') {
			ps->p = p;
			return unexpected(ps);
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	v = new_inline(MOPS_JNUMBER, s, (size_t)(p - s));
	ps->p = p;
	*out = v;
	return 0;
}

static int parse_value(struct parser *ps, mops_json **out);

static int
key_cmp(const void *a, const void *b)
{
	const struct mops_jmember *x = *(const struct mops_jmember *const *)a;
	const struct mops_jmember *y = *(const struct mops_jmember *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = memcmp(x->key, y->key, n);

	return c ? c : (x->klen > y->klen) - (x->klen < y->klen);
}

/* A key's bit (0..1023) in find_duplicate()'s filter: its length and three
 * of its bytes, no loop over it. */
static size_t
key_bit(const char *k, size_t n)
{
	size_t h = n * 0x9e3779b1u;

	if (n)
		h ^= (size_t)(unsigned char)k[0] * 0x85ebca6bu ^
		    (size_t)(unsigned char)k[n - 1] * 0xc2b2ae35u ^
		    (size_t)(unsigned char)k[n / 2] * 0x27d4eb2fu;
	return (h ^ (h >> 13)) & 1023;
}

/* Duplicate keys make a record ambiguous: reject rather than pick one. */
static const struct mops_jmember *
find_duplicate(const struct mops_jmember *mem, size_t n)
{
	size_t i, j;
	const struct mops_jmember *dup = NULL;
	const struct mops_jmember **v;

	if (n < 2)
		return NULL;
	if (n <= 24) {
		/* A 1024-bit filter of the keys seen: only a key whose bit is
		 * taken is compared with those before it (equal keys always
		 * share a bit).  Wider objects are sorted, as before, which may
		 * name another of several duplicates. */
		uint64_t seen[16];

		memset(seen, 0, sizeof(seen));
		for (i = 0; i < n; i++) {
			const struct mops_jmember *a = &mem[i];
			size_t h = key_bit(a->key, a->klen);

			if (!(seen[h >> 6] & ((uint64_t)1 << (h & 63)))) {
				seen[h >> 6] |= (uint64_t)1 << (h & 63);
				continue;
			}
			for (j = 0; j < i; j++) {
				const struct mops_jmember *b = &mem[j];

				if (a->klen == b->klen && (a->klen == 0 ||
				    (a->key[0] == b->key[0] &&
				    memcmp(a->key, b->key, a->klen) == 0)))
					return a;
			}
		}
		return NULL;
	}
	v = mops_xmalloc(n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = &mem[i];
	qsort(v, n, sizeof(*v), key_cmp);
	for (i = 1; i < n && !dup; i++)
		if (key_cmp(&v[i - 1], &v[i]) == 0)
			dup = v[i];
	free(v);
	return dup;
}

static void
grow_stack(struct parser *ps)
{
	size_t cap = ps->stkcap;
	struct mops_jmember *s;

	if (ps->stk == ps->stk0) {	/* leave the parser's own first block */
		s = mops_xgrow(NULL, &cap, cap * 2, sizeof(*s));
		memcpy(s, ps->stk, ps->nstk * sizeof(*s));
	} else
		s = mops_xgrow(ps->stk, &cap, cap * 2, sizeof(*s));
	ps->stk = s;
	ps->stkcap = cap;
}

/* Members are gathered on ps->stk (shared by nesting levels) and copied once into
 * an array of the exact size: no regrowth while parsing. */
static int
parse_object(struct parser *ps, mops_json **out)
{
	/* val = NULL: clang-analyzer stops following the recursion and cannot see
	 * that parse_value() sets it whenever it returns 0 */
	mops_json *obj = new_value(MOPS_JOBJECT), *val = NULL;
	const struct mops_jmember *dup;
	struct mops_jmember *m;
	size_t base = ps->nstk, n, i;
	const char *kp;
	char *key;
	size_t klen;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		*out = obj;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			goto bad;
		if (parse_string(ps, &kp, &klen))
			goto err;
		key = mops_json_key_dup(kp, klen);
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			mops_json_key_free(key, klen);
			goto bad;
		}
		ps->p++;
		if (parse_value(ps, &val)) {
			mops_json_key_free(key, klen);
			goto err;
		}
		if (ps->nstk == ps->stkcap)
			grow_stack(ps);
		m = &ps->stk[ps->nstk++];
		m->key = key;
		m->klen = klen;
		m->val = val;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			break;
		}
		goto bad;
	}
	n = ps->nstk - base;
	if ((dup = find_duplicate(ps->stk + base, n)) != NULL) {
		char k[48];

		snprintf(k, sizeof(k), "%.40s", dup->key);
		fail(ps, ps->p - 1, "duplicate key \"%s\"", k);
		goto err;
	}
	obj->u.members = mops_xmalloc(n * sizeof(*obj->u.members));
	memcpy(obj->u.members, ps->stk + base, n * sizeof(*obj->u.members));
	obj->len = obj->cap = n;
	ps->nstk = base;
	*out = obj;
	return 0;
bad:
	unexpected(ps);
err:
	for (i = base; i < ps->nstk; i++) {
		mops_json_key_free(ps->stk[i].key, ps->stk[i].klen);
		mops_json_free(ps->stk[i].val);
	}
	ps->nstk = base;
	mops_json_free(obj);
	return -1;
}

static int
parse_array(struct parser *ps, mops_json **out)
{
	mops_json *arr = new_value(MOPS_JARRAY), *val;

	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		*out = arr;
		return 0;
	}
	for (;;) {
		if (parse_value(ps, &val)) {
			mops_json_free(arr);
			return -1;
		}
		mops_json_append(arr, val);
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			break;
		}
		unexpected(ps);
		mops_json_free(arr);
		return -1;
	}
	*out = arr;
	return 0;
}

static int
literal(struct parser *ps, const char *word, enum mops_jtype t, mops_json **out)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return unexpected(ps);
	ps->p += n;
	*out = new_value(t);
	return 0;
}

static int
parse_value(struct parser *ps, mops_json **out)
{
	int r;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return unexpected(ps);
	switch (*ps->p) {
	case '{':
	case '[':
		if (++ps->depth > MOPS_JSON_MAX_DEPTH)
			return fail(ps, ps->p, "nesting deeper than %s", "512");
		r = *ps->p == '{' ? parse_object(ps, out) : parse_array(ps, out);
		ps->depth--;
		return r;
	case '"': {
		const char *s;
		size_t n;

		if (parse_string(ps, &s, &n))
			return -1;
		*out = new_inline(MOPS_JSTRING, s, n);
		return 0;
	}
	case 't': return literal(ps, "true", MOPS_JTRUE, out);
	case 'f': return literal(ps, "false", MOPS_JFALSE, out);
	case 'n': return literal(ps, "null", MOPS_JNULL, out);
	default:
		return parse_number(ps, out);
	}
}

static mops_json *
parse_doc(const char *s, size_t len, struct mops_json_err *err, int lenient)
{
	struct parser ps;
	mops_json *v = NULL;

	ps.lenient = lenient;
	ps.p = ps.start = s;
	ps.end = s + len;
	ps.err = err;
	ps.depth = 0;
	memset(&ps.sb, 0, sizeof(ps.sb));
	ps.stk = ps.stk0;
	ps.nstk = 0;
	ps.stkcap = sizeof(ps.stk0) / sizeof(ps.stk0[0]);
	if (err) {
		err->offset = 0;
		err->msg[0] = '\0';
	}
	if (parse_value(&ps, &v) == 0) {
		skip_ws(&ps);
		if (ps.p < ps.end) {
			unexpected(&ps);
			mops_json_free(v);
			v = NULL;
		}
	}
	mops_buf_free(&ps.sb);
	if (ps.stk != ps.stk0)
		free(ps.stk);
	return v;
}

mops_json *
mops_json_parse(const char *s, size_t len, struct mops_json_err *err)
{
	return parse_doc(s, len, err, 0);
}

mops_json *
mops_json_parse_lenient(const char *s, size_t len, struct mops_json_err *err)
{
	return parse_doc(s, len, err, 1);
}

/* ---- serialiser ---- */

void
mops_json_dump_string(const char *s, size_t n, mops_json_sink sink, void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s, *e = s + n;
	char esc[8];

	sink(ctx, "\"", 1);
	for (; s < e; s++) {
		unsigned char c = (unsigned char)*s;
		size_t el = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (s > run)
			sink(ctx, run, (size_t)(s - run));
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			el = 6;
		}
		sink(ctx, esc, el);
		run = s + 1;
	}
	if (e > run)
		sink(ctx, run, (size_t)(e - run));
	sink(ctx, "\"", 1);
}

void
mops_json_dump(const mops_json *v, mops_json_sink sink, void *ctx)
{
	size_t i;

	switch (v->type) {
	case MOPS_JNULL: sink(ctx, "null", 4); break;
	case MOPS_JTRUE: sink(ctx, "true", 4); break;
	case MOPS_JFALSE: sink(ctx, "false", 5); break;
	case MOPS_JNUMBER: sink(ctx, v->u.s, v->len); break;
	case MOPS_JSTRING: mops_json_dump_string(v->u.s, v->len, sink, ctx); break;
	case MOPS_JARRAY:
		sink(ctx, "[", 1);
		for (i = 0; i < v->len; i++) {
			if (i)
				sink(ctx, ",", 1);
			mops_json_dump(v->u.items[i], sink, ctx);
		}
		sink(ctx, "]", 1);
		break;
	case MOPS_JOBJECT:
		sink(ctx, "{", 1);
		for (i = 0; i < v->len; i++) {
			if (i)
				sink(ctx, ",", 1);
			mops_json_dump_string(v->u.members[i].key, v->u.members[i].klen,
			    sink, ctx);
			sink(ctx, ":", 1);
			mops_json_dump(v->u.members[i].val, sink, ctx);
		}
		sink(ctx, "}", 1);
		break;
	}
}

static void
buf_sink(void *ctx, const char *p, size_t n)
{
	mops_buf_add(ctx, p, n);
}

char *
mops_json_dumps(const mops_json *v)
{
	struct mops_buf b = MOPS_BUF_INIT;

	mops_json_dump(v, buf_sink, &b);
	return mops_buf_detach(&b);
}
