/*
 * attribute-paths-gen.c - synthetic aggregated paths in ChannelAttribution's
 * format for `make bench`:
 *   attribute-paths-gen PATHS > paths.csv
 * Deterministic (fixed seed).  Twelve channels named as in ChannelAttribution's
 * example data, 1-10 touches a path (short ones most often), repeats common;
 * each row a few conversions, their value and a few nulls.  Never commit the
 * output.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 0x2545F4914F6CDD1DULL;

static unsigned long long
rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

int
main(int argc, char **argv)
{
	static const char *const ch[] = { "alpha", "beta", "delta", "epsilon", "eta",
	    "gamma", "iota", "kappa", "lambda", "mi", "theta", "zeta" };
	long n = argc > 1 ? atol(argv[1]) : 1000, i;

	printf("path;total_conversions;total_conversion_value;total_null\n");
	for (i = 0; i < n; i++) {
		int len = 1 + (int)(rnd() % 4) * (int)(rnd() % 4), k, c = (int)(rnd() % 12);
		unsigned conv = (unsigned)(rnd() % 4), nulls = (unsigned)(rnd() % 8);

		for (k = 0; k < len; k++) {
			if (k > 0 && rnd() % 3 != 0)	/* a third of the steps repeat */
				c = (int)(rnd() % 12);
			printf("%s%s", k ? " > " : "", ch[c]);
		}
		printf(";%u;%u.%02u;%u\n", conv, conv * (unsigned)(rnd() % 500),
		    (unsigned)(rnd() % 100), nulls);
	}
	return 0;
}
