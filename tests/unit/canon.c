/*
 * canon.c - the canonical vocabulary: types, fields, stages, channels, ids,
 * timestamps by instant; and man/mops.7's field lists against canon's.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "unit.h"

static void
types(void)
{
	int t;

	for (t = 0; t < MOPS_NTYPES; t++)
		CHECK_INT(mops_canon_type(mops_canon_type_name((enum mops_rtype)t)), t,
		    mops_canon_type_name((enum mops_rtype)t));
	CHECK_INT(mops_canon_type(NULL), MOPS_T_OTHER, "NULL");
	CHECK_INT(mops_canon_type("Person"), MOPS_T_OTHER, "names are exact");
	CHECK_STR(mops_canon_type_name(MOPS_NTYPES), "other", "out of range");
}

static void
fields(void)
{
	size_t n, m;
	const struct mops_field *f = mops_canon_fields(MOPS_T_PERSON, &n), *g;

	CHECK(f && n > 40, "person has fields");
	CHECK_STR(f[0].name, "id", "person's first field");
	CHECK_INT(mops_canon_field_rank(MOPS_T_PERSON, "email"), 3, "email after the ids");
	CHECK_INT(mops_canon_field_rank(MOPS_T_PERSON, "amount"), -1, "not a person field");
	CHECK_INT(mops_canon_field(MOPS_T_OPPORTUNITY, "amount")->kind, MOPS_FK_MONEY,
	    "amount is money");
	CHECK_INT(mops_canon_field(MOPS_T_OPPORTUNITY, "xref_ids")->kind, MOPS_FK_XREFS,
	    "opportunities carry xref_ids");
	CHECK_INT(mops_canon_field(MOPS_T_PERSON, "updated_at")->kind, MOPS_FK_TIME,
	    "updated_at is a time");
	CHECK(mops_canon_fields(MOPS_T_OTHER, &n) == NULL && n == 0, "other has none");
	g = mops_canon_fields(MOPS_T_ACTIVITY, &m);
	CHECK(g == mops_canon_fields(MOPS_T_TOUCH, &n) && m == n, "activity = touch");
	CHECK_STR(mops_canon_kind_name(MOPS_FK_REFS), "refs", "kind name");
	CHECK_STR(mops_canon_kind_name(MOPS_NFKINDS), "?", "kind out of range");
	CHECK(mops_canon_is_meta("_stream") && !mops_canon_is_meta("stream") &&
	    !mops_canon_is_meta(NULL), "meta keys");
	CHECK_STR(mops_canon_meta_keys[3], "_merged_from", "meta list");
}

static void
stages(void)
{
	CHECK_INT(mops_canon_stage_rank("subscriber"), 0, "first");
	CHECK_INT(mops_canon_stage_rank("MQL"), 2, "case ignored");
	CHECK_INT(mops_canon_stage_rank("evangelist"), 6, "last");
	CHECK_INT(mops_canon_stage_rank("other"), -1, "other is unordered");
	CHECK_INT(mops_canon_stage_rank(NULL), -1, "NULL");
	CHECK(mops_canon_stage_valid("other") && !mops_canon_stage_valid("prospect"),
	    "valid stages");
	CHECK_STR(mops_canon_channel(" paid search "), "Paid Search", "channel spelling");
	CHECK_STR(mops_canon_channel("Unassigned"), "Unassigned", "Unassigned");
	CHECK_STR(mops_canon_channel("Paid"), NULL, "not a channel");
}

static void
ids(void)
{
	static const struct { const char *in, *want; } sf[] = {
		/* Salesforce's documented pairs */
		{ "001A0000006Vm9r", "001A0000006Vm9rIAC" },
		{ "001A0000006Vm9rIAC", "001A0000006Vm9rIAC" },
		{ "001a0000006vm9r", "001a0000006vm9rAAA" },
		{ "003000000000001", "003000000000001AAA" },
		{ "7015g00000000G8", "7015g00000000G8AAI" },
		{ "7015g00000000G8aai", "7015g00000000G8AAI" },	/* suffix case folded */
		{ "7015g00000000G8AAJ", NULL },			/* suffix disagrees */
		{ "0015g0000_00001", NULL },
		{ "12345", NULL },
		{ "", NULL },
	};
	const char *sys, *obj, *src;
	size_t sl, ol, i;
	char buf[64];

	for (i = 0; i < sizeof(sf) / sizeof(sf[0]); i++) {
		int r = mops_sfid18(sf[i].in, buf, sizeof(buf));

		CHECK_STR(r == 0 ? buf : NULL, sf[i].want, sf[i].in);
	}
	CHECK_INT(mops_sfid18("001A0000006Vm9r", buf, 18), -1, "small buffer");
	src = mops_canon_id_split("salesforce:campaign:7015g00000000G8AAI", &sys, &sl, &obj, &ol);
	CHECK(src && sl == 10 && !strncmp(sys, "salesforce", sl) && ol == 8 &&
	    !strncmp(obj, "campaign", ol) && !strcmp(src, "7015g00000000G8AAI"), "split");
	CHECK_STR(mops_canon_id_split("file:spend:a:b", NULL, NULL, NULL, NULL), "a:b",
	    "source id with a colon");
	CHECK_STR(mops_canon_id_split("7015g00000000G8AAI", NULL, NULL, NULL, NULL), NULL,
	    "raw id");
	CHECK_INT(mops_canon_id("salesforce", "campaign", "7015g00000000G8", buf, sizeof(buf)),
	    38, "canonical id length");
	CHECK_STR(buf, "salesforce:campaign:7015g00000000G8AAI", "15 -> 18");
	mops_canon_id("hubspot", "deal", "123456789012345", buf, sizeof(buf));
	CHECK_STR(buf, "hubspot:deal:123456789012345", "other systems as given");
	CHECK_INT(mops_canon_id("hubspot", "deal", "1", buf, 8), 0, "too small");
}

static void
timestamps(void)
{
	static const struct { const char *a, *b; int want; } c[] = {
		{ "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.500Z", -1 },	/* the issue */
		{ "2026-01-05T10:00:00.500Z", "2026-01-05T10:00:00Z", 1 },
		{ "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.000Z", 0 },
		{ "2026-01-05T10:00:00.5Z", "2026-01-05T10:00:00.50Z", 0 },
		{ "2026-01-05T10:00:00.05Z", "2026-01-05T10:00:00.5Z", -1 },
		{ "2026-01-05T10:00:00.9999999999Z", "2026-01-05T10:00:00.9999999998Z", 0 },
		{ "2026-01-05T12:00:00+02:00", "2026-01-05T10:00:00Z", 0 },
		{ "2026-01-05T11:00:00+02:00", "2026-01-05T10:00:00Z", -1 },
		{ "2026-01-05T10:00:00.000+0000", "2026-01-05T10:00:00Z", 0 },
		{ "2026-01-05", "2026-01-05T00:00:00Z", 0 },
		{ "2026-01-05", "2026-01-04T23:59:59.999Z", 1 },
		{ "1767607200000", "2026-01-05T10:00:00Z", 0 },		/* epoch ms */
		{ "2026-01-06T00:00:00Z", "2026-01-05T23:59:59Z", 1 },
		{ "", "2026-01-05T10:00:00Z", -1 },
		{ NULL, "2026-01-05T10:00:00Z", -1 },
		{ "garbage", "1970-01-01T00:00:00Z", -1 },
		{ "garbage", "", 1 },
		{ NULL, NULL, 0 },
	};
	static const struct { const char *in, *want; } k[] = {
		{ "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.000000000Z" },
		{ "2026-01-05T10:00:00.5Z", "2026-01-05T10:00:00.500000000Z" },
		{ "2026-01-05T12:00:00+02:00", "2026-01-05T10:00:00.000000000Z" },
		{ "2026-01-05", "2026-01-05T00:00:00.000000000Z" },
		{ "nope", "" },
	};
	size_t i;
	char buf[40];

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int r = mops_ts_cmp(c[i].a, c[i].b);

		CHECK((r > 0) - (r < 0) == c[i].want, "ts_cmp(%s, %s): got %d, want %d",
		    c[i].a ? c[i].a : "NULL", c[i].b ? c[i].b : "NULL", r, c[i].want);
		r = mops_ts_cmp(c[i].b, c[i].a);
		CHECK((r > 0) - (r < 0) == -c[i].want, "ts_cmp(%s, %s) reversed",
		    c[i].a ? c[i].a : "NULL", c[i].b ? c[i].b : "NULL");
	}
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		mops_ts_key(k[i].in, buf, sizeof(buf));
		CHECK_STR(buf, k[i].want, k[i].in);
	}
	CHECK_INT(mops_ts_key("2026-01-05T10:00:00Z", buf, 31), 0, "key buffer too small");
}

/* ---- man/mops.7 ---- */

/* The text of the man page's ".It TYPE" entry under "Canonical records", roff
 * requests reduced to their arguments; NULL when absent. */
static char *
man_entry(const char *man, const char *type)
{
	const char *p = strstr(man, "\n.Ss Canonical records\n"), *end;
	char head[64], *out;
	size_t o = 0;

	if (!p)
		return NULL;
	end = strstr(p + 1, "\n.Ss ");
	snprintf(head, sizeof(head), "\n.It %s\n", type);
	p = strstr(p, head);
	if (!p || (end && p > end))
		return NULL;
	p += strlen(head);
	out = malloc(strlen(p) + 1);
	while (*p && strncmp(p, ".It ", 4) && strncmp(p, ".El", 3)) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (*p == '.') {	/* a request: keep its arguments */
			const char *sp = memchr(p, ' ', n);

			n = sp ? n - (size_t)(sp - p) : 0;
			p = sp ? sp : p + (nl ? (size_t)(nl - p) : strlen(p));
		}
		memcpy(out + o, p, n);
		o += n;
		out[o++] = ' ';
		p += n;
		if (*p == '\n')
			p++;
	}
	out[o] = '\0';
	return out;
}

/* The field names of an entry: comma-separated, explanations in parentheses
 * dropped, up to a ':' or ';' or the first item that is not a name. */
static size_t
man_fields(const char *text, char names[][40], size_t max)
{
	char *flat = malloc(strlen(text) + 1);
	size_t o = 0, n = 0;
	int depth = 0;
	const char *p;
	char *item, *save = NULL;

	for (p = text; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth -= depth > 0;
		else if (!depth) {
			if (*p == ':' || *p == ';')
				break;
			flat[o++] = *p;
		}
	}
	flat[o] = '\0';
	for (item = strtok_r(flat, ",", &save); item && n < max;
	    item = strtok_r(NULL, ",", &save)) {
		size_t l;

		while (isspace((unsigned char)*item))
			item++;
		l = strlen(item);
		while (l && (isspace((unsigned char)item[l - 1]) || item[l - 1] == '.'))
			item[--l] = '\0';
		if (!l || l >= 40 || strspn(item, "abcdefghijklmnopqrstuvwxyz0123456789_") != l)
			break;
		strcpy(names[n++], item);
	}
	free(flat);
	return n;
}

static void
man_page(void)
{
	FILE *f = fopen("../../man/mops.7", "r");
	char *man, names[128][40];
	size_t len, n, i, m;
	int t;

	CHECK(f != NULL, "man/mops.7 opens");
	if (!f)
		return;
	man = malloc(1 << 20);
	len = fread(man, 1, (1 << 20) - 1, f);
	man[len] = '\0';
	fclose(f);
	for (t = 1; t < MOPS_NTYPES; t++) {
		const char *tn = mops_canon_type_name((enum mops_rtype)t);
		const struct mops_field *cf = mops_canon_fields((enum mops_rtype)t, &m);
		char *e = man_entry(man, tn);

		CHECK(e != NULL, "mops.7 describes %s", tn);
		if (!e)
			continue;
		if (t == MOPS_T_ACTIVITY) {
			CHECK(strncmp(e, "the fields of a touch", 21) == 0,
			    "mops.7: an activity has the fields of a touch");
			free(e);
			continue;
		}
		n = man_fields(e, names, 128);
		for (i = 0; i < n && i < m; i++)
			CHECK(strcmp(names[i], cf[i].name) == 0,
			    "mops.7 %s field %zu: \"%s\", canon.c: \"%s\"", tn, i + 1,
			    names[i], cf[i].name);
		CHECK(n == m, "mops.7 %s: %zu fields, canon.c: %zu%s%s", tn, n, m,
		    n < m ? "; first missing: " : "", n < m ? cf[n].name : "");
		free(e);
	}
	free(man);
}

int
main(void)
{
	types();
	fields();
	stages();
	ids();
	timestamps();
	man_page();
	return unit_done();
}
