#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode.h"
#include "util.h"

struct mops_decode {
	iconv_t cd;
	char *name;
};

const char *
mops_decode_bom(const void *p, size_t n, size_t *len)
{
	const unsigned char *u = p;

	*len = 0;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return *len = 3, "UTF-8";
	if (n >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return *len = 2, "UTF-16LE";
	if (n >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return *len = 2, "UTF-16BE";
	return NULL;
}

int
mops_decode_is_utf8(const char *name)
{
	return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8");
}

mops_decode *
mops_decode_new(const char *name)
{
	mops_decode *d;
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1) {
		errno = EINVAL;
		return NULL;
	}
	d = mops_xcalloc(1, sizeof(*d));
	d->cd = cd;
	d->name = mops_xstrdup(name);
	return d;
}

const char *mops_decode_name(const mops_decode *d) { return d->name; }

int
mops_decode_run(mops_decode *d, const char *in, size_t *inlen, char *out,
    size_t *outlen, int final)
{
	char *ip = (char *)in, *op = out;	/* iconv's prototype is not const */
	size_t il = *inlen, ol = *outlen, r;
	int st = 0;

	r = iconv(d->cd, &ip, &il, &op, &ol);
	if (r == (size_t)-1) {
		if (errno == EILSEQ)
			st = -1;
		else if (errno == EINVAL && final)
			st = -1;	/* the input ends inside a sequence */
		/* EINVAL otherwise: the rest waits for more input; E2BIG: out full */
	}
	*inlen = (size_t)(ip - in);
	*outlen = (size_t)(op - out);
	return st;
}

void
mops_decode_free(mops_decode *d)
{
	if (!d)
		return;
	iconv_close(d->cd);
	free(d->name);
	free(d);
}
