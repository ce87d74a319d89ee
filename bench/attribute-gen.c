/*
 * attribute-gen.c - synthetic touches and opportunities for `make bench`:
 *   attribute-gen TOUCHES OPPS > data.ndjson
 * Deterministic (fixed seed).  People belong to accounts (4 people each);
 * touches fall in 2026 on random people; each opportunity names 1-3 people of
 * its account and is created at a random time.  Never commit the output.
 */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned long long
rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

static void
stamp(char *buf, size_t n, long sec)
{
	long day = sec / 86400, s = sec % 86400;
	int m = 1, dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	while (day >= dim[m - 1] && m < 12)
		day -= dim[m++ - 1];
	snprintf(buf, n, "2026-%02d-%02ldT%02ld:%02ld:%02ldZ", m, day + 1, s / 3600,
	    s / 60 % 60, s % 60);
}

int
main(int argc, char **argv)
{
	static const char *const ch[] = { "Paid Search", "Organic Search", "Email",
	    "Direct", "Paid Social", "Organic Social", "Referral", "Display",
	    "Affiliates", "Unassigned" };
	static const char *const tt[] = { "page_view", "email_click", "ad_click",
	    "form_submit", "webinar_attended", "meeting" };
	long touches = argc > 1 ? atol(argv[1]) : 1000;
	long opps = argc > 2 ? atol(argv[2]) : 100;
	long people = opps * 2 + 1, accounts = people / 4 + 1, i;
	char ts[32];

	for (i = 0; i < touches; i++) {
		long p = (long)(rnd() % (unsigned long long)people);

		stamp(ts, sizeof(ts), (long)(rnd() % (364ULL * 86400)));
		printf("{\"type\":\"touch\",\"id\":\"gen:touch:%ld\",\"person_id\":\"gen:person:%ld\","
		    "\"account_id\":\"gen:account:%ld\",\"occurred_at\":\"%s\","
		    "\"touch_type\":\"%s\",\"channel\":\"%s\",\"utm_source\":\"src%d\","
		    "\"campaign_id\":\"gen:campaign:%d\",\"campaign_name\":\"Campaign %d\"}\n",
		    i, p, p % accounts, ts, tt[rnd() % 6], ch[rnd() % 10],
		    (int)(rnd() % 20), (int)(rnd() % 50), (int)(rnd() % 50));
	}
	for (i = 0; i < opps; i++) {
		long a = (long)(rnd() % (unsigned long long)accounts);
		int np = 1 + (int)(rnd() % 3), k;

		stamp(ts, sizeof(ts), (long)(rnd() % (364ULL * 86400)));
		printf("{\"type\":\"opportunity\",\"id\":\"gen:opp:%ld\",\"account_id\":"
		    "\"gen:account:%ld\",\"person_ids\":[", i, a);
		for (k = 0; k < np; k++)
			printf("%s\"gen:person:%ld\"", k ? "," : "",
			    a + (long)(rnd() % 4) * accounts);
		printf("],\"amount\":%d.%02d,\"currency\":\"USD\",\"stage\":\"Closed Won\","
		    "\"is_closed\":true,\"is_won\":true,\"created_at\":\"%s\"}\n",
		    (int)(rnd() % 100000), (int)(rnd() % 100), ts);
	}
	return ferror(stdout) ? 1 : 0;
}
