/* Fuzz target: bytes as a timestamp in each date order; format what parses. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), buf[40];
	struct mops_time t;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (int o = MOPS_DATE_MDY; o <= MOPS_DATE_YMD; o++)
		if (mops_time_parse(s, (enum mops_date_order)o, &t) == 0) {
			if (mops_time_format(&t, buf, sizeof buf) == 0)
				abort();	/* anything parsed must format */
			mops_time_format_date(&t, buf, sizeof buf);
			mops_time_week_start(t.sec, buf, sizeof buf);
			mops_time_quarter(t.sec, buf, sizeof buf);
		}
	free(s);
	return 0;
}
