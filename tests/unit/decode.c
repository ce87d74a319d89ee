/* Unit tests: byte-order marks, decoding to UTF-8 in chunks, CSV delimiter
 * sniffing, duration units (issue 19).  Expected bytes written by hand. */
#include <stdlib.h>

#include "csv.h"
#include "decode.h"
#include "unit.h"

/* Decodes in[0..n) feeding `step` bytes at a time; the UTF-8 into out. */
static int
decode_steps(const char *enc, const char *in, size_t n, size_t step, char *out,
    size_t cap)
{
	mops_decode *d = mops_decode_new(enc);
	size_t have = 0, done = 0, w = 0;
	char pend[16];
	int st = 0;

	if (!d)
		return -2;
	while ((done < n || have) && st == 0) {
		size_t take = n - done < step ? n - done : step, il, ol;

		memcpy(pend + have, in + done, take);
		have += take;
		done += take;
		il = have;
		ol = cap - w;
		st = mops_decode_run(d, pend, &il, out + w, &ol, done == n);
		w += ol;
		memmove(pend, pend + il, have - il);
		have -= il;
		if (done == n && il == 0 && ol == 0)
			break;
	}
	mops_decode_free(d);
	out[w] = 0;
	return st;
}

int
main(void)
{
	static const struct { const char *p; size_t n; const char *enc; size_t len; } boms[] = {
		{ "\xef\xbb\xbf" "a", 4, "UTF-8", 3 },
		{ "\xff\xfe" "a", 3, "UTF-16LE", 2 },
		{ "\xfe\xff" "a", 3, "UTF-16BE", 2 },
		{ "\xef\xbb", 2, NULL, 0 },
		{ "abc", 3, NULL, 0 },
	};
	static const struct { const char *line; char want; } sniffs[] = {
		{ "Email,First Name,Country\n", ',' },
		{ "Email;First Name;Country\r\n", ';' },
		{ "Email\tFirst Name\n", '\t' },
		{ "a|b|c\n", '|' },
		{ "\"Last, First\";Email\n", ';' },	/* a comma inside quotes counts not */
		{ "Email\n1,2;3;4\n", ',' },		/* the first line decides */
		{ "a,b;c\n", ',' },			/* a tie: comma */
		{ "", ',' },
	};
	char out[64];
	size_t i, len, step;

	for (i = 0; i < sizeof(boms) / sizeof(boms[0]); i++) {
		CHECK_STR(mops_decode_bom(boms[i].p, boms[i].n, &len), boms[i].enc, "bom");
		CHECK_INT(len, boms[i].len, "bom length");
	}
	for (i = 0; i < sizeof(sniffs) / sizeof(sniffs[0]); i++)
		CHECK_INT(mops_csv_sniff(sniffs[i].line, strlen(sniffs[i].line)),
		    sniffs[i].want, sniffs[i].line);
	CHECK(mops_decode_is_utf8("utf-8") && mops_decode_is_utf8("UTF8") &&
	    !mops_decode_is_utf8("utf-16"), "utf-8 spellings");
	CHECK(mops_decode_new("no-such-encoding") == NULL, "unknown encoding");
	/* "Renée €" in UTF-16LE, fed 1, 2 and 3 bytes at a time: sequences cut
	 * between two chunks come out whole */
	for (step = 1; step <= 3; step++) {
		CHECK_INT(decode_steps("UTF-16LE", "R\0e\0n\0\xe9\0e\0 \0\xac\x20", 14, step,
		    out, sizeof(out)), 0, "utf-16le decodes");
		CHECK_STR(out, "Ren\xc3\xa9" "e \xe2\x82\xac", "utf-16le text");
	}
	/* Windows-1252: 0x80 is the euro sign, 0xe9 e acute */
	CHECK_INT(decode_steps("WINDOWS-1252", "\x80 caf\xe9", 6, 4, out, sizeof(out)), 0,
	    "cp1252 decodes");
	CHECK_STR(out, "\xe2\x82\xac caf\xc3\xa9", "cp1252 text");
	/* 0x81 is not a Windows-1252 character: an error after what came before */
	CHECK_INT(decode_steps("WINDOWS-1252", "ab\x81", 3, 3, out, sizeof(out)), -1,
	    "cp1252 invalid byte");
	CHECK_STR(out, "ab", "cp1252 text before the error");
	/* UTF-16 ending inside a character: an error at the end */
	CHECK_INT(decode_steps("UTF-16LE", "a\0b", 3, 2, out, sizeof(out)), -1,
	    "utf-16 truncated");
	CHECK_STR(out, "a", "utf-16 before the cut");
	return unit_done();
}
