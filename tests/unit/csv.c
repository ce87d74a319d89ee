/* Unit tests for common/csv.c: RFC 4180 reading, quoting and formula-safe writing. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "csv.h"
#include "input.h"
#include "unit.h"

static char *
write_cells(const char *const *cells, const int *num, int n)
{
	char path[] = "/tmp/mops-unit-csv-XXXXXX";
	int fd = mkstemp(path), i;
	mops_out *o = mops_out_fd(fd, path);
	static char buf[1024];
	ssize_t r;

	for (i = 0; i < n; i++)
		mops_csv_field(o, cells[i], strlen(cells[i]), ',', i == 0, num[i]);
	mops_csv_end_row(o);
	mops_out_flush(o);
	lseek(fd, 0, SEEK_SET);
	r = read(fd, buf, sizeof(buf) - 1);
	buf[r < 0 ? 0 : r] = '\0';
	mops_out_close(o);
	unlink(path);
	return buf;
}

int
main(void)
{
	mops_in *in = mops_in_open("data/csv-basic.csv");
	mops_csv *c;
	char **f;
	size_t *l, n;

	CHECK(in != NULL, "open");
	c = mops_csv_new(in, ',');
	CHECK_INT(mops_csv_next(c, &f, &l, &n), 1, "header");
	CHECK_INT(n, 3, "header fields");
	CHECK_STR(f[0], "Email", "header 0");
	CHECK_INT(mops_csv_next(c, &f, &l, &n), 1, "row 1");
	CHECK_STR(f[1], "Smith, \"Bob\"", "quoted comma and quotes");
	CHECK_STR(f[2], "multi\nline", "quoted newline");
	CHECK_INT(mops_csv_line(c), 2, "row 1 line");
	CHECK_INT(mops_csv_next(c, &f, &l, &n), 1, "row 2 (blank line skipped)");
	CHECK_STR(f[0], "x@y.z", "row 2 cell 0");
	CHECK_STR(f[1], "", "empty cell");
	CHECK_STR(f[2], "=SUM(A1)", "formula read as text");
	CHECK_INT(mops_csv_line(c), 5, "row 2 line");
	CHECK_INT(mops_csv_next(c, &f, &l, &n), 1, "last row");
	CHECK_STR(f[2], "no-newline", "last row without newline");
	CHECK_INT(mops_csv_next(c, &f, &l, &n), 0, "end");
	mops_csv_free(c);
	mops_in_close(in);

	{
		const char *cells[] = { "plain", "a,b", "say \"hi\"", "=1+2", "-5", "@x",
			" pad" };
		int num[] = { 0, 0, 0, 0, 1, 0, 0 };

		CHECK_STR(write_cells(cells, num, 7),
		    "plain,\"a,b\",\"say \"\"hi\"\"\",'=1+2,-5,'@x,\" pad\"\r\n",
		    "writer quoting and injection");
	}
	{
		const char *cells[] = { "-5", "+1 (212) 555-0100", "\tx", "+cmd|x", "-",
			"-2+3+cmd|' /C calc'!A0", "@SUM(1)" };
		int num[] = { 0, 0, 0, 0, 0, 0, 0 };

		CHECK_STR(write_cells(cells, num, 7),
		    "-5,+1 (212) 555-0100,'\tx,'+cmd|x,'-,'-2+3+cmd|' /C calc'!A0,'@SUM(1)\r\n",
		    "signs before data are kept, before anything else neutralised");
	}
	return unit_done();
}
