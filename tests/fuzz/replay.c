/*
 * replay.c - main() for a libFuzzer target built without clang: feeds each file
 * of the corpus folders (or files) named on the command line to
 * LLVMFuzzerTestOneInput(), so `make check` replays the committed corpora with
 * gcc and the sanitizers.  Ends with "N passed, 0 failed" (a crash is the failure).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(buf = realloc(buf, cap)))
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, count = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    (d = opendir(argv[i]))) {
			while ((e = readdir(d))) {
				char path[4096];

				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
				if (run_file(path) == 0)
					count++;
				else
					bad++;
			}
			closedir(d);
		} else if (run_file(argv[i]) == 0)
			count++;
		else
			bad++;
	}
	printf("%d passed, %d failed\n", count, bad);
	return bad ? 1 : 0;
}
