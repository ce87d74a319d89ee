/*
 * gen-leads.c - write a reproducible synthetic HubSpot contact export (CSV) for
 * `make bench`: gen-leads N SEED > leads.csv.
 *
 * The columns and values look like HubSpot's "Export contacts" CSV (Record ID, names,
 * email, phone, company, country, lifecycle stage, first-touch URL with UTMs, dates),
 * with the mess mops cleans: emails in mixed case with spaces, gmail dots and +tags,
 * countries and phones in many spellings, about 8% re-entered duplicates of earlier
 * people with nicknames, typos and case changes.  About 400 bytes a row.
 * Output depends on N and SEED only (splitmix64), so runs are comparable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed;

static uint64_t
rnd(void)
{
	uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const firsts[] = {
	"Robert", "Katherine", "William", "Elizabeth", "James", "Maria", "Michael",
	"Jennifer", "David", "Linda", "Thomas", "Sarah", "Daniel", "Laura", "Anna",
	"Léa", "François", "Jürgen", "Søren", "José", "Priya", "Wei", "Olga", "Ahmed",
	"Emma", "Lucas", "Sofia", "Noah", "Mia", "Liam", "Chloé", "Matteo", "Hannah",
};
static const char *const nicks[] = {
	"Bob", "Kate", "Bill", "Liz", "Jim", "Mary", "Mike", "Jen", "Dave", "Lindy",
	"Tom", "Sally", "Dan", "Laurie", "Ann", "Lea", "Francois", "Juergen", "Soren",
	"Jose", "Priya", "Wei", "Olga", "Ahmed", "Em", "Luke", "Sophie", "Noah", "Mia",
	"Liam", "Chloe", "Matt", "Hanna",
};
static const char *const lasts[] = {
	"Smith", "Johnson", "Müller", "García", "Lefèvre", "Rossi", "Nguyen", "Kowalski",
	"O'Neil", "McDonald", "van der Berg", "Schmidt", "Dubois", "Silva", "Patel",
	"Kim", "Andersen", "Novak", "Hughes", "Fischer", "Moreau", "Costa", "Singh",
	"Tanaka", "Brown", "Wilson", "Taylor", "Martin", "Weber", "Bianchi",
};
/* Most surnames are made of two syllables: real lists have tens of thousands of
 * surnames, and a few dozen would make blocks of thousands of namesakes. */
static const char *const pre[] = {
	"Ander", "Berg", "Carl", "Dal", "Eck", "Fern", "Gold", "Hart", "Ivan", "Jan",
	"Kal", "Lind", "Mar", "Nord", "Ost", "Pel", "Quin", "Ros", "Sand", "Thal",
	"Ul", "Vel", "Wester", "Yor", "Zim", "Ash", "Brook", "Cole", "Dun", "Els",
	"Fair", "Glen", "Hol", "Kings", "Lang", "Mill", "New", "Oak", "Pen", "Red",
};
static const char *const suf[] = {
	"son", "berg", "ström", "man", "ford", "ley", "ton", "ez", "ov", "ski",
	"er", "ling", "wood", "field", "mann", "quist", "ander", "ini", "ova", "by",
	"hurst", "well", "dale", "worth", "mont", "eau", "ard", "ic", "sen", "stad",
	"holm", "ridge", "croft", "ham", "vik", "feld", "rup", "lund", "gaard", "ay",
};
static const char *const companies[] = {
	"Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
	"Acme Widgets", "Tyrell", "Cyberdyne", "Soylent", "Wonka", "Gringotts",
	"Oscorp", "Massive Dynamic", "Aperture", "Black Mesa", "Nakatomi", "Duff",
	"Monarch",
};
static const char *const forms[] = { "Inc.", "GmbH", "Ltd", "B.V.", "S.A.", "LLC", "" };
static const char *const tlds[] = { "com", "de", "co.uk", "nl", "fr", "io", "com" };
static const char *const freemail[] = { "gmail.com", "yahoo.com", "outlook.com", "orange.fr", "web.de" };
static const char *const countries[] = {
	"United States", "USA", "U.S.", "usa", "US", "Germany", "Deutschland", "DE",
	"United Kingdom", "U.K.", "England", "Great Britain", "Netherlands", "Holland",
	"France", "FR", "España", "Spain", "Brasil", "India", "Bharat", "",
};
static const char *const stages[] = {
	"subscriber", "lead", "lead", "lead", "marketingqualifiedlead",
	"marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "other",
};
static const char *const sources[] = {
	"google|cpc", "linkedin|paid_social", "LinkedIn|Paid Social", "facebook|cpc",
	"newsletter|email", "bing|cpc", "g2|referral", "partner|referral", "|", "|",
	"google|organic", "webinar|email", "capterra|cpc", "chatgpt.com|referral",
};
static const char *const campaigns[] = {
	"brand-search", "competitor-bizible-alternatives", "webinar-2026-07-dedupe-at-scale",
	"q3-nurture", "retargeting-eu", "launch-2026", "newsletter-weekly", "",
};
static const char *const cities[] = {
	"San Francisco", "München", "London", "Amsterdam", "Paris", "Madrid", "São Paulo",
	"Bengaluru", "New York", "Berlin", "",
};
static const char *const statuses[] = {
	"NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "CONNECTED", "",
};
static const char *const titles[] = {
	"CTO", "VP Marketing", "Marketing Ops Manager", "Head of Growth", "Analyst",
	"CEO", "Demand Gen Lead", "Sales Director", "", "RevOps Engineer",
};

struct person {
	unsigned long idx;	/* makes an email unique: 1M people share few names */
	unsigned f, l, c, co;
	int free;
	unsigned phone;
};

/* CSV field: quoted when it holds a comma, quote or newline (RFC 4180). */
static void
field(const char *s, int last)
{
	if (strpbrk(s, ",\"\n")) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else
		fputs(s, stdout);
	putchar(last ? '\n' : ',');
}

static void
lower_ascii(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < n; i++)
		d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	d[i] = '\0';
}

/* ASCII-only local part: letters of s that are a-z, lowercased (ü -> u dropped). */
static void
local_name(char *d, const char *s, size_t n)
{
	size_t i = 0;

	for (; *s && i + 1 < n; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			d[i++] = c;
	}
	d[i] = '\0';
}

#define NLAST (N(lasts) + N(pre) * N(suf))

static void
last_name(char *d, size_t n, unsigned l)
{
	if (l < N(lasts))
		snprintf(d, n, "%s", lasts[l]);
	else
		snprintf(d, n, "%s%s", pre[(l - N(lasts)) / N(suf)], suf[(l - N(lasts)) % N(suf)]);
}

static void
row(unsigned long id, const struct person *p, int dup)
{
	char first[64], last[64], lf[64], ll[64], dom[96], email[256], phone[64];
	char company[128], url[512], date[48], mod[48], buf[32], buf2[64], site[160];
	const char *src, *bar;
	unsigned k, day, sec;

	snprintf(first, sizeof first, "%s", dup && pick(2) ? nicks[p->f] : firsts[p->f]);
	last_name(last, sizeof last, p->l);
	/* a one-letter typo, on an ASCII letter only: the output stays valid UTF-8 */
	if (dup && pick(4) == 0 && strlen(last) > 3 && last[2] >= 'a' && last[2] <= 'z')
		last[2] = last[2] == 'e' ? 'a' : 'e';
	if (dup && pick(5) == 0)
		for (k = 0; last[k]; k++)
			if (last[k] >= 'a' && last[k] <= 'z')
				last[k] = (char)(last[k] - 'a' + 'A');
	local_name(lf, firsts[p->f], sizeof lf);
	last_name(buf2, sizeof buf2, p->l);
	local_name(ll, buf2, sizeof ll);
	lower_ascii(buf, companies[p->c % N(companies)], sizeof buf);
	local_name(dom, buf, sizeof dom);
	snprintf(dom + strlen(dom), sizeof dom - strlen(dom), "%u", p->c / (unsigned)N(companies));
	if (p->free) {
		k = pick(4);
		snprintf(email, sizeof email, "%s%s%s%s%lu@%s", k == 3 ? " " : "", lf,
		    k == 1 ? "." : "", ll, p->idx, freemail[(p->f + p->l) % N(freemail)]);
	} else {
		snprintf(email, sizeof email, "%s.%s%lu@%s.%s", lf, ll, p->idx, dom,
		    tlds[p->co % N(tlds)]);
	}
	if (dup) {
		switch (pick(4)) {
		case 0:	/* upper case */
			for (k = 0; email[k]; k++)
				if (email[k] >= 'a' && email[k] <= 'z')
					email[k] = (char)(email[k] - 'a' + 'A');
			break;
		case 1:	/* surrounding spaces */
			memmove(email + 1, email, strlen(email) + 1);
			email[0] = ' ';
			strcat(email, "  ");
			break;
		case 2:	/* +tag */
			{
				char *at = strchr(email, '@');
				char tail[200];
				snprintf(tail, sizeof tail, "%s", at);
				snprintf(at, sizeof email - (size_t)(at - email), "+news%s", tail);
			}
			break;
		default:
			break;
		}
	}
	switch (p->phone % 4) {
	case 0: snprintf(phone, sizeof phone, "(415) 555-%04u", p->phone % 10000); break;
	case 1: snprintf(phone, sizeof phone, "415.555.%04u", p->phone % 10000); break;
	case 2: snprintf(phone, sizeof phone, "+44 20 7946 %04u", p->phone % 10000); break;
	default: snprintf(phone, sizeof phone, "030 %07u", p->phone % 10000000); break;
	}
	snprintf(company, sizeof company, "%s %u%s%s", companies[p->c % N(companies)],
	    p->c / (unsigned)N(companies), *forms[p->co % N(forms)] ? " " : "", forms[p->co % N(forms)]);
	if (dup && pick(3) == 0)
		snprintf(company, sizeof company, "%s %u", companies[p->c % N(companies)],
		    p->c / (unsigned)N(companies));
	snprintf(site, sizeof site, "https://www.%s.%s/", dom, tlds[p->co % N(tlds)]);
	src = sources[pick(N(sources))];
	bar = strchr(src, '|');
	if (bar == src)
		snprintf(url, sizeof url, "https://www.acme-analytics.com/%s",
		    pick(2) ? "pricing" : "blog/dedupe-at-scale");
	else
		snprintf(url, sizeof url,
		    "https://www.acme-analytics.com/pricing?utm_source=%.*s&utm_medium=%s&utm_campaign=%s",
		    (int)(bar - src), src, bar + 1, campaigns[pick(N(campaigns))]);
	day = pick(365);
	sec = pick(86400);
	/* 2025-11-23 + day, as y-m-d: months of a non-leap 2026 */
	{
		static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int y = 2025, m = 11, d = 23 + (int)day;
		while (d > (m == 2 ? 28 : mdays[m - 1])) {
			d -= m == 2 ? 28 : mdays[m - 1];
			if (++m > 12) { m = 1; y++; }
		}
		snprintf(date, sizeof date, "%04d-%02d-%02d %02u:%02u", y, m, d,
		    sec / 3600, sec / 60 % 60);
		snprintf(mod, sizeof mod, "%04d-%02d-%02d %02u:%02u", y, m, d,
		    (sec / 3600 + 1) % 24, sec / 60 % 60);
	}
	printf("%lu,", id);
	field(first, 0);
	field(last, 0);
	field(email, 0);
	field(phone, 0);
	field(titles[(p->f * 7 + p->l) % N(titles)], 0);
	field(company, 0);
	field(p->free ? "" : site, 0);
	field(countries[p->co % N(countries)], 0);
	field(p->co % 3 == 0 ? "CA" : p->co % 3 == 1 ? "Bavaria" : "", 0);
	field(cities[p->co % N(cities)], 0);
	field(stages[pick(N(stages))], 0);
	field(src == bar ? "DIRECT_TRAFFIC" : "PAID_SEARCH", 0);
	field(url, 0);
	field(pick(3) ? "/pricing" : "https://www.acme-analytics.com/blog/dedupe-at-scale?utm_source=newsletter&utm_medium=email", 0);
	field(statuses[pick(N(statuses))], 0);
	field(pick(10) ? "false" : "true", 0);
	field(date, 0);
	field(mod, 0);
	printf("%u\n", 61234500 + pick(12));
}

int
main(int argc, char **argv)
{
	unsigned long n, i, people = 0, cap;
	struct person *ps;

	if (argc != 3) {
		fputs("usage: gen-leads N SEED\n", stderr);
		return 64;
	}
	n = strtoul(argv[1], NULL, 10);
	seed = strtoull(argv[2], NULL, 10);
	cap = n ? n : 1;
	ps = malloc(cap * sizeof *ps);
	if (!ps) {
		fputs("gen-leads: out of memory\n", stderr);
		return 70;
	}
	puts("Record ID,First Name,Last Name,Email,Phone Number,Job Title,Company Name,"
	    "Website URL,Country/Region,State/Region,City,Lifecycle Stage,Original Source,"
	    "First Page Seen,Last Page Seen,Lead Status,Unsubscribed from all email,Create Date,Last Modified Date,"
	    "Contact owner");
	for (i = 0; i < n; i++) {
		if (people > 0 && pick(100) < 8) {
			row(1000001 + i, &ps[pick((unsigned)people)], 1);
			continue;
		}
		ps[people].f = pick(N(firsts));
		ps[people].l = pick(4) ? (unsigned)N(lasts) + pick((unsigned)(N(pre) * N(suf))) : pick(N(lasts));
		ps[people].idx = people + 1;
		ps[people].c = pick((unsigned)(N(companies) * (n / 25 + 1)));
		ps[people].co = pick(1000);
		ps[people].free = pick(100) < 12;
		ps[people].phone = pick(10000000);
		row(1000001 + i, &ps[people], 0);
		people++;
	}
	free(ps);
	if (fflush(stdout) || ferror(stdout)) {
		perror("gen-leads: write");
		return 74;
	}
	return 0;
}
