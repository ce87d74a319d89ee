/*
 * score-gen.c - canonical records for the mops-score benchmark: N/10
 * accounts, then N persons each followed by its touches (10 on average, so
 * 10 x N touches), grouped by person as a sort by person id leaves them.
 *
 *   score-gen N SEED > people.ndjson
 *
 * Deterministic for a given N and SEED (xorshift64*); C11 only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t s;

static uint64_t
next(void)
{
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return s * 2685821657736338717ULL;
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(next() % n);
}

int
main(int argc, char **argv)
{
	static const char *const titles[] = { "VP Marketing", "Chief Revenue Officer",
	    "Marketing Manager", "Analyst", "Director of Sales", "Engineer" };
	static const char *const countries[] = { "US", "CA", "GB", "DE", "FR", "BR" };
	static const char *const types[] = { "page_view", "page_view", "page_view",
	    "email_open", "email_click", "form_submit", "webinar_registered",
	    "webinar_attended", "ad_click", "event_attended" };
	static const char *const pages[] = { "/pricing", "/blog/a", "/product",
	    "/docs/x", "/", "/pricing/enterprise" };
	unsigned long n, na, i, j, k;

	if (argc != 3)
		return 64;
	n = strtoul(argv[1], NULL, 10);
	s = strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
	na = n / 10 + 1;
	for (i = 0; i < na; i++)
		printf("{\"type\":\"account\",\"id\":\"bench:company:%lu\",\"source\":\"bench\","
		    "\"name\":\"Company %lu\",\"domain\":\"c%lu.example.com\",\"employees\":%u,"
		    "\"industry\":\"Software\",\"country\":\"%s\"}\n", i, i, i,
		    10 + pick(20000), countries[pick(6)]);
	for (i = 0; i < n; i++) {
		unsigned nt = pick(21);	/* 0..20: 10 on average */

		printf("{\"type\":\"person\",\"id\":\"bench:contact:%lu\",\"source\":\"bench\","
		    "\"email\":\"p%lu@c%lu.example.com\",\"email_free\":%s,\"first_name\":\"Pat\","
		    "\"last_name\":\"Lee\",\"title\":\"%s\",\"country\":\"%s\","
		    "\"account_id\":\"bench:company:%lu\",\"lifecycle_stage\":\"lead\","
		    "\"created_at\":\"2026-0%u-1%uT10:00:00Z\"}\n", i, i, i % na,
		    pick(4) ? "false" : "true", titles[pick(6)], countries[pick(6)],
		    i % na, 1 + pick(9), pick(10));
		for (j = 0; j < nt; j++) {
			k = pick(10);
			printf("{\"type\":\"touch\",\"id\":\"bench:touch:%lu:%lu\","
			    "\"person_id\":\"bench:contact:%lu\",\"occurred_at\":"
			    "\"2026-%02u-%02uT%02u:%02u:00Z\",\"touch_type\":\"%s\","
			    "\"channel\":\"Organic Search\",\"url\":\"https://www.example.com%s\"}\n",
			    i, j, i, 1 + pick(11), 1 + pick(28), pick(24), pick(60), types[k],
			    pages[pick(6)]);
		}
	}
	return ferror(stdout) ? 74 : 0;
}
