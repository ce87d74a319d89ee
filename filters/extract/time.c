/* time.c - timestamps as milliseconds, bookmarks and where a run starts. */
#include <stdio.h>
#include <string.h>

#include "mtime.h"
#include "extract.h"
#include "state.h"

int
ex_time_parse(const char *s, int64_t *ms)
{
	struct mops_time t;

	if (!s || mops_time_parse(s, MOPS_DATE_YMD, &t) != 0)
		return -1;
	*ms = t.sec * 1000 + t.nsec / 1000000;
	return 0;
}

void
ex_time_fmt(int64_t ms, char *buf, size_t n)
{
	struct mops_time t;
	int64_t sec = ms / 1000, rem = ms % 1000;

	if (rem < 0) {
		rem += 1000;
		sec--;
	}
	memset(&t, 0, sizeof(t));
	t.sec = sec;
	t.nsec = (int32_t)(rem * 1000000);
	t.frac_digits = rem ? 3 : 0;
	if (!mops_time_format(&t, buf, n))
		snprintf(buf, n, "1970-01-01T00:00:00Z");
}

int64_t
ex_start(struct ex_run *run, const char *stream)
{
	const char *b;
	int64_t ms;

	if (run->since != EX_NO_TIME)
		return run->since;
	if (run->state && (b = ex_state_bookmark(run->state, stream)) &&
	    ex_time_parse(b, &ms) == 0)
		return ms - run->lookback;
	return EX_NO_TIME;
}

void
ex_note_ms(struct ex_run *run, const char *stream, int64_t ms)
{
	if (run->state)
		ex_state_note(run->state, stream, ms);
}

void
ex_note(struct ex_run *run, const char *stream, const char *ts)
{
	int64_t ms;

	if (ts && ex_time_parse(ts, &ms) == 0)
		ex_note_ms(run, stream, ms);
}

void
ex_state_set_text(struct ex_run *run, const char *stream, const char *text)
{
	if (run->state)
		ex_state_set(run->state, stream, text);
}
