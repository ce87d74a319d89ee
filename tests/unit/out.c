/* Unit tests for common/out.c: a full buffer goes out in whole lines, so a
 * program killed mid-run leaves no half record behind; everything written
 * comes out once, in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "out.h"
#include "unit.h"

static long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static int
ends_whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n = file_size(path);
	int c = 0;

	if (!f)
		return 0;
	if (n > 0 && fseek(f, n - 1, SEEK_SET) == 0)
		c = fgetc(f);
	fclose(f);
	return n == 0 || c == '\n';
}

int
main(void)
{
	char path[] = "/tmp/mops-unit-out-XXXXXX";
	struct mops_buf want = MOPS_BUF_INIT, line = MOPS_BUF_INIT;
	mops_out *o;
	int fd = mkstemp(path), i, whole = 1, spilled = 0;
	long last = 0;

	CHECK(fd >= 0, "temporary file");
	close(fd);
	o = mops_out_file(path);
	CHECK(o != NULL, "open writer");
	/* lines of many lengths written in pieces, as a JSON writer does */
	for (i = 0; i < 5000; i++) {
		size_t len = (size_t)(i * 37 % 300), k;
		mops_buf_reset(&line);
		mops_buf_printf(&line, "{\"n\":%d,\"s\":\"", i);
		for (k = 0; k < len; k++)
			mops_buf_addc(&line, (char)('a' + k % 26));
		mops_buf_adds(&line, "\"}\n");
		mops_buf_add(&want, line.s, line.len);
		for (k = 0; k < line.len; k += 7)
			mops_out_write(o, line.s + k, line.len - k < 7 ? line.len - k : 7);
		if (file_size(path) != last) {
			spilled++;
			last = file_size(path);
			if (!ends_whole(path))
				whole = 0;
		}
	}
	CHECK(spilled > 3, "the buffer went out several times");
	CHECK(whole, "every spill ended at a line end");
	/* one line longer than the buffer still goes out (in pieces) */
	mops_buf_reset(&line);
	for (i = 0; i < 200000; i++)
		mops_buf_addc(&line, 'x');
	mops_buf_addc(&line, '\n');
	mops_buf_add(&want, line.s, line.len);
	mops_out_write(o, line.s, line.len);
	mops_out_putc(o, 'z');
	mops_out_putc(o, '\n');
	mops_buf_adds(&want, "z\n");
	mops_out_close(o);
	{
		FILE *f = fopen(path, "rb");
		struct mops_buf got = MOPS_BUF_INIT;
		char chunk[65536];
		size_t n;

		while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			mops_buf_add(&got, chunk, n);
		if (f)
			fclose(f);
		CHECK_INT((long long)got.len, (long long)want.len, "every byte out once");
		CHECK(got.len == want.len && memcmp(got.s, want.s, got.len) == 0,
		    "the same bytes in the same order");
		mops_buf_free(&got);
	}
	unlink(path);
	mops_buf_free(&want);
	mops_buf_free(&line);
	return unit_done();
}
