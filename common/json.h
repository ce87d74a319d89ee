/*
 * json.h - JSON values for records: object keys keep their order, numbers keep
 * their text.
 *
 * Why not jansson for records: it reprints 0.65 as 0.65000000000000002, rejects
 * integers past int64 and reorders nothing but loses number text.  Records must
 * pass through byte for byte, so mops parses them into this tree; jansson is kept
 * for small configuration documents (maps, rules).
 *
 * Ownership, in jansson's words:
 * - mops_json_parse() and every mops_json_new_*() return a new value; the caller
 *   owns it and releases it with mops_json_free() (which frees all children).
 * - mops_json_get()/mops_json_at() return borrowed values, valid while the parent
 *   lives and the key is not replaced.
 * - mops_json_set() and mops_json_append() steal the value passed in.
 * - mops_json_take() removes a member and returns it: the caller owns it.
 * - Member keys belong to their object; one moved out by hand is released with
 *   mops_json_key_free(), not free().
 * Allocation never fails (out of memory dies, see util.h).
 *
 * Strings are stored as UTF-8 with a length and a terminating NUL; a string
 * holding "\u0000" has an embedded NUL, so length-aware code uses `len`.
 * Numbers are stored as their JSON text, validated by the grammar (1e999 is kept
 * as written); mops_json_number() converts when arithmetic is needed.
 */
#ifndef MOPS_JSON_H
#define MOPS_JSON_H

#include <stddef.h>

enum mops_jtype {
	MOPS_JNULL, MOPS_JFALSE, MOPS_JTRUE, MOPS_JNUMBER, MOPS_JSTRING,
	MOPS_JARRAY, MOPS_JOBJECT
};

typedef struct mops_json mops_json;

struct mops_jmember {
	char *key;	/* NUL-terminated; see mops_json_key_free() */
	size_t klen;
	mops_json *val;
};

/* Read-only for users: change values through the functions below. */
struct mops_json {
	enum mops_jtype type;
	unsigned char cls;	/* internal: the node's allocation size class */
	size_t len;		/* bytes of a string/number; items of an array/object */
	size_t cap;
	union {
		char *s;			/* string, number */
		mops_json **items;		/* array */
		struct mops_jmember *members;	/* object */
	} u;
};

/* Parser limits and errors. */
#define MOPS_JSON_MAX_DEPTH 512
struct mops_json_err {
	size_t offset;		/* byte offset of the error, from 0 */
	char msg[96];		/* "unexpected '}'", "duplicate key \"email\"" ... */
};

/*
 * Parses exactly one JSON value filling s[0..len) (surrounding white space
 * allowed).  Strict RFC 8259: valid UTF-8 only, no lone surrogates, no NUL bytes
 * outside \u0000, nesting at most MOPS_JSON_MAX_DEPTH, duplicate keys in one
 * object rejected.  Returns a new value, or NULL with *err filled.
 */
mops_json *mops_json_parse(const char *s, size_t len, struct mops_json_err *err);
/* As mops_json_parse, but an unpaired surrogate escape (a UTF-16 string cut
 * inside an emoji, as some APIs serve) becomes U+FFFD instead of failing the
 * whole text: for vendor responses, where one bad string must not cost a
 * page of records. */
mops_json *mops_json_parse_lenient(const char *s, size_t len, struct mops_json_err *err);

void mops_json_free(mops_json *v);
mops_json *mops_json_copy(const mops_json *v);	/* deep copy, new value */

mops_json *mops_json_new_object(void);
mops_json *mops_json_new_array(void);
mops_json *mops_json_new_string(const char *s);
mops_json *mops_json_new_stringn(const char *s, size_t n);
/* Takes ownership of s (malloc'd, NUL-terminated). */
mops_json *mops_json_new_string_own(char *s);
/* text must be a valid JSON number; it is copied as is. */
mops_json *mops_json_new_number_text(const char *text);
mops_json *mops_json_new_int(long long i);
/* The shortest text that reads back as d; NaN and infinities become null. */
mops_json *mops_json_new_real(double d);
mops_json *mops_json_new_bool(int b);
mops_json *mops_json_new_null(void);

/* Objects.  Lookups compare bytes exactly and return the member or NULL. */
mops_json *mops_json_get(const mops_json *obj, const char *key);
mops_json *mops_json_getn(const mops_json *obj, const char *key, size_t klen);
/* Replaces in place (keeping the key's position) or appends; steals val. */
void mops_json_set(mops_json *obj, const char *key, mops_json *val);
void mops_json_setn(mops_json *obj, const char *key, size_t klen, mops_json *val);
mops_json *mops_json_take(mops_json *obj, const char *key);
mops_json *mops_json_taken(mops_json *obj, const char *key, size_t klen);
/* Appends without looking for the key: the caller knows it is absent.  Steals
 * both key (from mops_json_key_dup(), or a member key moved out of another
 * object, klen bytes) and val. */
void mops_json_push(mops_json *obj, char *key, size_t klen, mops_json *val);
/* Member keys are not plain malloc'd strings (they come from a per-thread
 * cache): a key made for mops_json_push() comes from mops_json_key_dup(), and
 * a member key moved out of an object is released with mops_json_key_free()
 * and its klen, never free(). */
char *mops_json_key_dup(const char *key, size_t klen);
void mops_json_key_free(char *key, size_t klen);
/* Makes room for n members or items in an object or array (no regrowth up
 * to n); other values are left alone. */
void mops_json_reserve(mops_json *c, size_t n);
/* Reorders an object's members by rank(key) (stable; lower first). */
void mops_json_sort_members(mops_json *obj,
    int (*rank)(const char *key, size_t klen, void *ctx), void *ctx);
void mops_json_del(mops_json *obj, const char *key);

/* Arrays. */
void mops_json_append(mops_json *arr, mops_json *val);
mops_json *mops_json_at(const mops_json *arr, size_t i);

/* Conveniences: NULL or 0 when the value is missing or of another type. */
const char *mops_json_str(const mops_json *v);		/* string value */
const char *mops_json_get_str(const mops_json *obj, const char *key);
/* A string, or a number's text (ids often come as numbers); else NULL. */
const char *mops_json_scalar_text(const mops_json *v);
/* A number's value, or a numeric string's; *ok (may be NULL) says which. */
double mops_json_number(const mops_json *v, int *ok);
int mops_json_is_true(const mops_json *v);

/* Serialisation: compact, keys in order, numbers as stored, strings escaped
 * ("\"", "\\", control characters; other UTF-8 bytes as is). */
typedef void (*mops_json_sink)(void *ctx, const char *p, size_t n);
void mops_json_dump(const mops_json *v, mops_json_sink sink, void *ctx);
void mops_json_dump_string(const char *s, size_t n, mops_json_sink sink, void *ctx);
char *mops_json_dumps(const mops_json *v);	/* new string; caller frees */

/* Writes the shortest round-trip text of d into buf (>= 32 bytes); "null" for
 * NaN/Inf.  Returns the length. */
size_t mops_fmt_real(double d, char *buf);

/* Length of the leading run of s[0..n) that a JSON string holds as is (no '"',
 * '\\' or control character), scanned eight bytes at a time. */
size_t mops_json_plain_run(const char *s, size_t n);

#endif
