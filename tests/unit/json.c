/* Unit tests for common/json.c: round trips byte for byte, strict errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "out.h"
#include "unit.h"
#include "utf8.h"

static void
roundtrip(const char *in, const char *want)
{
	struct mops_json_err e;
	mops_json *v = mops_json_parse(in, strlen(in), &e);
	char *s;

	CHECK(v != NULL, "parse %s: %s", in, v ? "" : e.msg);
	if (!v)
		return;
	s = mops_json_dumps(v);
	CHECK_STR(s, want ? want : in, in);
	free(s);
	mops_json_free(v);
}

static void
bad(const char *in, size_t len, const char *msg)
{
	struct mops_json_err e;
	mops_json *v = mops_json_parse(in, len, &e);

	CHECK(v == NULL, "should fail: %s", in);
	mops_json_free(v);
	if (!v)
		CHECK_STR(e.msg, msg, in);
}

int
main(void)
{
	char *deep;
	size_t i;
	mops_json *o;
	char b[32];

	roundtrip("{\"a\":0.65,\"b\":12345678901234567890123}", NULL);
	roundtrip("{\"z\":1,\"a\":2,\"m\":[1e999,-0.0,2E+3]}", NULL);
	roundtrip(" { \"x\" : \"caf\\u00e9\" , \"y\":\"\\ud83d\\ude00\" } ",
	    "{\"x\":\"caf\xc3\xa9\",\"y\":\"\xf0\x9f\x98\x80\"}");
	roundtrip("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001/\"}",
	    "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001/\"}");
	roundtrip("{\"n\":null,\"t\":true,\"f\":false,\"e\":{},\"a\":[]}", NULL);
	roundtrip("{\"k\":\"\\u0000x\"}", "{\"k\":\"\\u0000x\"}");
	roundtrip("[1,2]", NULL);
	roundtrip("\"s\"", NULL);

	bad("{\"a\":1,}", 8, "unexpected '}'");
	bad("{\"a\":1", 6, "unexpected end of input");
	bad("{\"a\":01}", 8, "unexpected '1'");
	bad("{\"a\":1,\"a\":2}", 13, "duplicate key \"a\"");
	bad("{\"a\":\"\xff\"}", 8, "invalid UTF-8");
	bad("{\"a\":\"\xc0\x80\"}", 9, "invalid UTF-8");
	bad("{\"a\":\"\\ud800\"}", 14, "lone surrogate in \\u escape");
	{
		/* vendor bodies: unpaired surrogates become U+FFFD, pairs still join */
		struct mops_json_err e;
		mops_json *v = mops_json_parse_lenient("{\"a\":\"x\\ud83dy\\udc00\\ud83d\\ude00\"}", 34, &e);
		CHECK(v != NULL, "lenient: lone surrogates accepted");
		CHECK_STR(v ? mops_json_get_str(v, "a") : "", "x\xef\xbf\xbdy\xef\xbf\xbd\xf0\x9f\x98\x80",
		    "lenient: U+FFFD for each lone half, the pair decoded");
		mops_json_free(v);
		CHECK(mops_json_parse_lenient("{\"a\":\"\xff\"}", 9, &e) == NULL, "lenient: invalid UTF-8 still refused");
	}
	bad("{\"a\":\"x\0y\"}", 10, "NUL byte in string");
	bad("{\"a\":1}\0", 8, "NUL byte");
	bad("{\"a\":nul}", 9, "unexpected 'n'");
	bad("{\"a\":1} {}", 10, "unexpected '{'");
	bad("", 0, "unexpected end of input");
	bad("{\"a\":-}", 7, "unexpected '}'");
	bad("{\"a\":1.}", 8, "unexpected '}'");

	deep = malloc(20001);
	for (i = 0; i < 10000; i++) {
		deep[i] = '[';
		deep[10000 + i] = ']';
	}
	bad(deep, 20000, "nesting deeper than 512");
	free(deep);

	/* Set keeps position on replace and appends new keys. */
	o = mops_json_parse("{\"a\":1,\"b\":2}", 13, NULL);
	mops_json_set(o, "a", mops_json_new_string("x"));
	mops_json_set(o, "c", mops_json_new_real(0.1 + 0.2));
	mops_json_del(o, "b");
	{
		char *s = mops_json_dumps(o);

		CHECK_STR(s, "{\"a\":\"x\",\"c\":0.30000000000000004}", "set/del");
		free(s);
	}
	mops_json_free(o);

	/* taken: by length (a key that is a prefix of another is not it);
	 * reserve: room up front, members and order unchanged */
	{
		static const char src[] = "{\"ab\":1,\"a\":2,\"c\":[3]}";

		o = mops_json_parse(src, sizeof(src) - 1, NULL);
	}
	CHECK(o != NULL, "parse for taken");
	if (o) {
		mops_json *t = mops_json_taken(o, "abc", 1);
		char *s;

		CHECK(t != NULL && t->type == MOPS_JNUMBER && strcmp(t->u.s, "2") == 0,
		    "taken by length");
		mops_json_free(t);
		CHECK(mops_json_taken(o, "zz", 2) == NULL, "taken absent");
		mops_json_reserve(o, 40);
		CHECK_INT((int)o->cap, 40, "reserve: exact room");
		mops_json_reserve(o, 3);
		CHECK_INT((int)o->cap, 40, "reserve: never shrinks");
		mops_json_reserve(mops_json_get(o, "c"), 20);
		CHECK_INT((int)mops_json_get(o, "c")->cap, 20, "reserve: arrays too");
		for (i = 0; i < 45; i++) {
			char k[8];

			snprintf(k, sizeof(k), "k%zu", i);
			mops_json_set(o, k, mops_json_new_int((long long)i));
		}
		mops_json_del(o, "ab");
		for (i = 1; i < 45; i++)
			mops_json_del(o, (snprintf(b, sizeof(b), "k%zu", i), b));
		s = mops_json_dumps(o);
		CHECK_STR(s, "{\"c\":[3],\"k0\":0}", "reserve then set past it");
		free(s);
		mops_json_free(o);
	}

	/* keys of every length across the cache's size classes (32-byte steps up
	 * to 192, malloc'd past that): made, replaced, taken, pushed, freed */
	{
		char k[320];
		mops_json *a = mops_json_new_object(), *c = mops_json_new_object();
		size_t n, bad = 0;

		memset(k, 'q', sizeof(k));
		for (n = 0; n < 300; n++)
			mops_json_setn(a, k, n, mops_json_new_int((long long)n));
		for (n = 0; n < 300; n += 2)
			mops_json_setn(a, k, n, mops_json_new_int(-1));
		for (n = 1; n < 300; n += 2) {
			mops_json *v = mops_json_taken(a, k, n);

			bad += !v || strcmp(v->u.s, (snprintf(b, sizeof(b), "%zu", n), b)) != 0;
			mops_json_push(c, mops_json_key_dup(k, n), n, v);
		}
		bad += a->len != 150 || c->len != 150;
		for (n = 0; n < a->len; n++)
			bad += a->u.members[n].klen != 2 * n ||
			    strcmp(a->u.members[n].val->u.s, "-1") != 0;
		for (n = 0; n < c->len; n++)
			bad += c->u.members[n].klen != 2 * n + 1 ||
			    memcmp(c->u.members[n].key, k, 2 * n + 1) != 0 ||
			    c->u.members[n].key[2 * n + 1] != '\0';
		CHECK(bad == 0, "keys of every length: %zu wrong", bad);
		mops_json_free(a);
		mops_json_free(c);
	}

	mops_fmt_real(0.65, b);
	CHECK_STR(b, "0.65", "real 0.65");
	mops_fmt_real(1e21, b);
	CHECK_STR(b, "1e+21", "real 1e21");
	mops_fmt_real(100, b);
	CHECK_STR(b, "100", "real 100");
	mops_fmt_real(1.0 / 3, b);
	CHECK_STR(b, "0.3333333333333333", "real 1/3");
	CHECK(mops_utf8_valid("Łukasz", 7), "utf8 valid");
	CHECK(!mops_utf8_valid("\xed\xa0\x80", 3), "utf8 surrogate");
	/* The word-at-a-time scanners (parser and writer) against the plain
	 * serialiser: every special byte at every position of short strings. */
	{
		static const char specials[] = { '"', '\\', '\n', '\x01', '\x7f', 'a' };
		size_t n, k, t;
		int bad = 0;

		for (n = 1; n <= 40 && !bad; n++)
			for (k = 0; k < n && !bad; k++)
				for (t = 0; t < sizeof(specials) && !bad; t++) {
					char src[64];
					struct mops_buf ref = MOPS_BUF_INIT, fast = MOPS_BUF_INIT;
					mops_out *mo = mops_out_mem(&fast);
					mops_json *v;
					char *dump;

					memset(src, 'x', n);
					src[n] = '\0';
					src[k] = specials[t];
					if (k + 2 < n) {	/* and a two-byte UTF-8 letter after it */
						src[k + 1] = '\xc3';
						src[k + 2] = '\xa9';
					}
					/* as a value, and as keys (first and not) */
					v = mops_json_new_object();
					mops_json_setn(v, src, n, mops_json_new_stringn(src, n));
					mops_json_set(v, "k", mops_json_new_int(1));
					src[n] = 'z';	/* a key that differs */
					mops_json_setn(v, src, n + 1, mops_json_new_null());
					src[n] = '\0';
					dump = mops_json_dumps(v);
					mops_out_json(mo, v);
					mops_out_close(mo);
					mops_buf_add(&ref, dump, strlen(dump));
					bad |= ref.len != fast.len || memcmp(ref.s, fast.s, ref.len);
					mops_json_free(v);
					v = mops_json_parse(dump, strlen(dump), NULL);
					mops_json_free(mops_json_take(v, "k"));
					bad |= !v || v->len != 2 || v->u.members[0].klen != n ||
					    memcmp(v->u.members[0].key, src, n) ||
					    v->u.members[0].val->len != n ||
					    memcmp(v->u.members[0].val->u.s, src, n);
					mops_json_free(v);
					free(dump);
					mops_buf_free(&ref);
					mops_buf_free(&fast);
				}
		CHECK(!bad, "scanners disagree at length %zu", n - 1);
	}
	return unit_done();
}
