/* company.c - company-name keys; every name of cleanco's test list
 * (data/company/, MIT) must lose its legal form. */
#include <stdlib.h>
#include <string.h>

#include "company.h"
#include "csv.h"
#include "input.h"
#include "unit.h"

int
main(void)
{
	static const struct { const char *in, *want; } t[] = {
		{ "Acme, Inc.", "acme" }, { "ACME Inc", "acme" },
		{ "Acme Incorporated", "acme" }, { "The Acme Company", "acme" },
		{ "Acme GmbH", "acme" }, { "Acme S.A.", "acme" }, { "Acme SA", "acme" },
		{ "Acme SAS", "acme" }, { "Acme SARL", "acme" }, { "Acme B.V.", "acme" },
		{ "Acme BV", "acme" }, { "Acme N.V.", "acme" }, { "Acme Pty Ltd", "acme" },
		{ "Acme Pty. Ltd.", "acme" }, { "Acme PLC", "acme" }, { "Acme Corp.", "acme" },
		{ "Acme Corporation", "acme" }, { "Acme Co.", "acme" }, { "Acme KK", "acme" },
		{ "Acme S.p.A.", "acme" }, { "Acme SRL", "acme" }, { "Acme Oy", "acme" },
		{ "Acme AB", "acme" }, { "Acme AS", "acme" }, { "Acme ApS", "acme" },
		{ "Acme A/S", "acme" }, { "Acme Limited", "acme" }, { "Acme LLC", "acme" },
		{ "Acme Ltd", "acme" }, { "Acme AG", "acme" },
		{ "Acme GmbH & Co. KG", "acme" }, { "Acme Sp. z o.o.", "acme" },
		{ "Acme & Co", "acme" }, { "Acme and Co.", "acme" },
		{ "AB Volvo", "volvo" }, { "A/S Steamship Company Torm", "steamship company torm" },
		{ "Société Générale S.A.", "societe generale" },
		{ "Johnson & Johnson", "johnson johnson" },
		{ "Company Inc", "company" }, { "Inc", "inc" }, { "", "" }, { "...", "" },
		{ "Data Systems Inc", "data systems" },
	};
	char buf[256];
	size_t i;
	mops_in *in;
	mops_csv *c;
	char **f;
	size_t *l, n;
	int rows = 0, bad = 0;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		mops_company_key(t[i].in, buf, sizeof(buf));
		CHECK_STR(buf, t[i].want, t[i].in);
	}
	mops_company_key("Data Systems Inc", buf, 6);
	CHECK_STR(buf, "data", "truncated at a word");
	in = mops_in_open("data/company/cleanco_tests_companies.csv");
	CHECK(in != NULL, "open cleanco list");
	if (in) {
		c = mops_csv_new(in, ';');
		while (mops_csv_next(c, &f, &l, &n) == 1) {
			const char *sp;

			if (n < 1)
				continue;
			rows++;
			mops_company_key(f[0], buf, sizeof(buf));
			sp = strrchr(buf, ' ');
			if (!*buf || (sp && mops_company_is_legal_form(sp + 1))) {
				bad++;
				printf("cleanco: \"%s\" -> \"%s\"\n", f[0], buf);
			}
		}
		mops_csv_free(c);
		mops_in_close(in);
	}
	CHECK(rows > 1000, "cleanco rows %d", rows);
	CHECK_INT(bad, 0, "cleanco names keeping a legal form");
	return unit_done();
}
