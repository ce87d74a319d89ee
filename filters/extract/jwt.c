/* jwt.c - service-account JWT bearer grant, RS256 through libcrypto. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <jansson.h>

#include "exit.h"
#include "util.h"
#include "extract.h"
#include "jwt.h"

void
ex_b64url(struct mops_buf *b, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i;
	unsigned v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		mops_buf_addc(b, tab[v >> 18 & 63]);
		mops_buf_addc(b, tab[v >> 12 & 63]);
		mops_buf_addc(b, tab[v >> 6 & 63]);
		mops_buf_addc(b, tab[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned)p[i] << 16;
		mops_buf_addc(b, tab[v >> 18 & 63]);
		mops_buf_addc(b, tab[v >> 12 & 63]);
	} else if (n - i == 2) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		mops_buf_addc(b, tab[v >> 18 & 63]);
		mops_buf_addc(b, tab[v >> 12 & 63]);
		mops_buf_addc(b, tab[v >> 6 & 63]);
	}
}

/* The libcrypto functions we need, as opaque pointers. */
struct crypto {
	void *(*bio_new_mem_buf)(const void *, int);
	int (*bio_free)(void *);
	void *(*pem_read_bio_privatekey)(void *, void **, void *, void *);
	void (*pkey_free)(void *);
	void *(*md_ctx_new)(void);
	void (*md_ctx_free)(void *);
	const void *(*sha256)(void);
	int (*sign_init)(void *, void **, const void *, void *, void *);
	int (*sign)(void *, unsigned char *, size_t *, const unsigned char *, size_t);
};

static int
load_crypto(struct crypto *c)
{
	static const char *const libs[] = { "libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so", NULL };
	void *dl = NULL;
	size_t i;

	for (i = 0; libs[i] && !dl; i++)
		dl = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
	if (!dl)
		return -1;
	/* object-to-function pointer conversion, as POSIX dlsym requires */
#define SYM(f, name) (*(void **)&c->f = dlsym(dl, name))
	if (!SYM(bio_new_mem_buf, "BIO_new_mem_buf") || !SYM(bio_free, "BIO_free") ||
	    !SYM(pem_read_bio_privatekey, "PEM_read_bio_PrivateKey") ||
	    !SYM(pkey_free, "EVP_PKEY_free") || !SYM(md_ctx_new, "EVP_MD_CTX_new") ||
	    !SYM(md_ctx_free, "EVP_MD_CTX_free") || !SYM(sha256, "EVP_sha256") ||
	    !SYM(sign_init, "EVP_DigestSignInit") || !SYM(sign, "EVP_DigestSign"))
		return -1;
#undef SYM
	return 0;
}

static void
sign_rs256(const char *pem, const char *in, struct mops_buf *out)
{
	struct crypto c;
	void *bio, *pkey, *ctx;
	unsigned char sig[1024];
	size_t siglen = sizeof(sig);

	if (load_crypto(&c) != 0)
		ex_fail(MOPS_EX_CONFIG, "ga4: service-account keys need OpenSSL's libcrypto");
	if (!(bio = c.bio_new_mem_buf(pem, -1)))
		ex_fail(MOPS_EX_SOFTWARE, "out of memory");
	pkey = c.pem_read_bio_privatekey(bio, NULL, NULL, NULL);
	c.bio_free(bio);
	if (!pkey)
		ex_fail(MOPS_EX_CONFIG, "ga4: key file: private_key is not a PEM private key");
	if (!(ctx = c.md_ctx_new()))
		ex_fail(MOPS_EX_SOFTWARE, "out of memory");
	if (c.sign_init(ctx, NULL, c.sha256(), NULL, pkey) != 1 ||
	    c.sign(ctx, sig, &siglen, (const unsigned char *)in, strlen(in)) != 1)
		ex_fail(MOPS_EX_CONFIG, "ga4: cannot sign with the key file's private_key");
	c.md_ctx_free(ctx);
	c.pkey_free(pkey);
	ex_b64url(out, sig, siglen);
}

char *
ex_jwt_token(struct ex_http *h, const char *key_file, const char *scope, int dry_run)
{
	json_t *key, *claims;
	json_error_t err;
	struct stat st;
	struct mops_buf jwt = MOPS_BUF_INIT, form = MOPS_BUF_INIT;
	const char *email, *pem, *uri;
	char *cs, *tok;
	struct ex_req rq = { 0 };
	struct ex_resp r;
	static const char hdr[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
	time_t now = time(NULL);

	if (stat(key_file, &st) == -1)
		ex_fail(MOPS_EX_CONFIG, "%s: cannot read the key file", key_file);
	if (st.st_mode & 077)
		ex_fail(MOPS_EX_CONFIG, "%s: key file must not be readable by others (chmod 600)",
		    key_file);
	if (!(key = json_load_file(key_file, 0, &err)))
		ex_fail(MOPS_EX_CONFIG, "%s:%d: %s", key_file, err.line, err.text);
	email = json_string_value(json_object_get(key, "client_email"));
	pem = json_string_value(json_object_get(key, "private_key"));
	uri = json_string_value(json_object_get(key, "token_uri"));
	if (!email || !pem)
		ex_fail(MOPS_EX_CONFIG, "%s: not a service-account key (client_email, private_key)",
		    key_file);
	if (!uri)
		uri = "https://oauth2.googleapis.com/token";
	claims = json_pack("{s:s, s:s, s:s, s:I, s:I}", "iss", email, "scope", scope, "aud", uri,
	    "iat", (json_int_t)now, "exp", (json_int_t)now + 3600);
	cs = json_dumps(claims, JSON_COMPACT);
	if (!claims || !cs)
		ex_fail(MOPS_EX_SOFTWARE, "out of memory");
	ex_b64url(&jwt, (const unsigned char *)hdr, strlen(hdr));
	mops_buf_addc(&jwt, '.');
	ex_b64url(&jwt, (const unsigned char *)cs, strlen(cs));
	free(cs);
	json_decref(claims);
	if (!dry_run) {
		char *in = mops_xstrdup(mops_buf_str(&jwt));
		mops_buf_addc(&jwt, '.');
		sign_rs256(pem, in, &jwt);
		free(in);
		ex_secret_add(mops_buf_str(&jwt));
	}
	mops_buf_adds(&form, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=");
	ex_urlenc(&form, mops_buf_str(&jwt));
	rq.method = "POST";
	rq.url = uri;
	rq.body = mops_buf_str(&form);
	rq.ctype = "application/x-www-form-urlencoded";
	rq.json = 1;
	rq.noauth = 1;
	if (ex_http_fetch(h, &rq, &r) == 0) {
		const char *t = mops_json_get_str(r.doc, "access_token");
		if (!t)
			ex_fail(MOPS_EX_NOPERM, "ga4: token response without access_token");
		tok = mops_xstrdup(t);
		ex_secret_add(tok);
	} else {
		tok = mops_xstrdup("REDACTED");
	}
	ex_resp_free(&r);
	json_decref(key);
	mops_buf_free(&jwt);
	mops_buf_free(&form);
	return tok;
}
