/* Fuzz target: bytes through the CSV reader and writer; byte-order marks
 * (UTF-16 decoding) and, for inputs of odd length, delimiter sniffing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <unistd.h>

#include "csv.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/mops-fuzz-csv-XXXXXX";
	int fd = mkstemp(path);
	mops_in *in;
	mops_csv *c;
	mops_out *o;
	char **f;
	size_t *l, n, i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		return 0;
	close(fd);
	in = mops_in_open(path);
	c = mops_csv_new(in, size % 2 ? 0 : ',');
	o = mops_out_fd(open("/dev/null", 1), "/dev/null");
	while (mops_csv_next(c, &f, &l, &n) == 1) {
		for (i = 0; i < n; i++)
			mops_csv_field(o, f[i], l[i], ',', i == 0, 0);
		mops_csv_end_row(o);
	}
	mops_out_close(o);
	mops_csv_free(c);
	mops_in_close(in);
	unlink(path);
	return 0;
}
