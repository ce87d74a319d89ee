/*
 * jwt.h - Google service-account tokens: an RS256-signed JWT exchanged at the
 * key file's token_uri (OAuth 2.0 JWT bearer grant).
 *
 * RSA signing uses OpenSSL's libcrypto, which libcurl already loads; its few
 * functions are looked up at run time (dlopen/dlsym), so the build needs no
 * extra library.  Without libcrypto the run ends with 78.
 */
#ifndef MOPS_EXTRACT_JWT_H
#define MOPS_EXTRACT_JWT_H
#include "http.h"

/* base64url without padding of p[0..n) appended to b. */
void ex_b64url(struct mops_buf *b, const unsigned char *p, size_t n);
/* Returns a new access token (caller frees); ends the run on failure. */
char *ex_jwt_token(struct ex_http *h, const char *key_file, const char *scope, int dry_run);
#endif
