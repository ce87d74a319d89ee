/* nickname.c - nickname equivalence from the generated table. */
#include "nickname.h"
#include "unit.h"

int
main(void)
{
	static const struct { const char *a, *b; int want; } t[] = {
		{ "bob", "robert", 1 }, { "Robert", "Bob", 1 }, { "bob", "rob", 1 },
		{ "bill", "william", 1 }, { "liz", "elizabeth", 1 },
		{ "mike", "michael", 1 }, { "kate", "katherine", 1 },
		{ "jim", "james", 1 }, { "peggy", "margaret", 1 },
		{ "john", "john", 1 }, { "robert", "william", 0 },
		{ "andrea", "andrew", 0 }, { "ian", "john", 0 }, { "bill", "robert", 0 },
		{ "", "", 0 }, { "zzyzx", "robert", 0 }, { "albert", "alexander", 0 },
		{ "bill", "fred", 0 },
	};
	const char *f[8];
	size_t i, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK_INT(mops_nickname_match(t[i].a, t[i].b), t[i].want, t[i].a);
	n = mops_nickname_formals("bob", f, 8);
	CHECK(n >= 2, "bob has formals");
	CHECK_STR(f[0], "bob", "itself first");
	n = mops_nickname_formals("zzyzx", f, 8);
	CHECK_INT(n, 1, "unknown name: itself only");
	CHECK_INT(mops_nickname_formals("bob", f, 0), 0, "max 0");
	return unit_done();
}
