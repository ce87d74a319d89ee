/* email.c - mops_email_* tables. */
#include "email.h"
#include "unit.h"

#define OK MOPS_EMAIL_OK
#define EMPTY MOPS_EMAIL_EMPTY
#define BAD MOPS_EMAIL_INVALID
#define RES MOPS_EMAIL_RESERVED

static const struct { const char *raw; int status; const char *out; } norm[] = {
	{"jane.doe@example.com", OK, "jane.doe@example.com"},
	{"  Jane.Doe@Example.COM  ", OK, "jane.doe@example.com"},
	{"<jane@example.com>", OK, "jane@example.com"},
	{"mailto:jane@example.com", OK, "jane@example.com"},
	{"MAILTO:Jane@Example.com?subject=hi", OK, "jane@example.com"},
	{"\"jane@example.com\"", OK, "jane@example.com"},
	{"'jane@example.com'", OK, "jane@example.com"},
	{"Jane Doe <jane@example.com>", OK, "jane@example.com"},
	{"jane@example.com.", OK, "jane@example.com"},
	{"jane@example.com;", OK, "jane@example.com"},
	{"\xc2\xa0jane@example.com\xc2\xa0", OK, "jane@example.com"},
	{"<mailto:jane@example.com>", OK, "jane@example.com"},
	{"first.last+tag@sub.example.co.uk", OK, "first.last+tag@sub.example.co.uk"},
	{"o'neil@example.ie", OK, "o'neil@example.ie"},
	{"a_b-c@my-domain.io", OK, "a_b-c@my-domain.io"},
	/* IDNA2008: the Unicode form is kept, an A-label input is decoded to it */
	{"user@xn--bcher-kva.xn--tckwe", OK, "user@bücher.コム"},
	{"jane@bücher.de", OK, "jane@bücher.de"},
	{"Jane@BÜCHER.de", OK, "jane@bücher.de"},
	{"jane@xn--bcher-kva.de", OK, "jane@bücher.de"},
	{"info@straße.de", OK, "info@straße.de"},
	{"pat@münchen.example.org", OK, "pat@münchen.example.org"},
	{"li@例え.jp", OK, "li@例え.jp"},
	{"ivan@пример.рф", OK, "ivan@пример.рф"},
	{"a@xn--zzzzzzzzz.de", BAD, "a@xn--zzzzzzzzz.de"},
	/* U+200B: UTS #46 maps it to nothing, as a browser would */
	{"a@b\xe2\x80\x8b" "c.de", OK, "a@bc.de"},
	{"a@\xe2\x98\x83.de", BAD, "a@\xe2\x98\x83.de"},	/* U+2603 snowman: IDNA2008 no */
	/* reserved top-level domains */
	{"jane@host.local", RES, "jane@host.local"},
	{"jane@example.test", RES, "jane@example.test"},
	{"Jane@Foo.INVALID", RES, "jane@foo.invalid"},
	{"jane@acme.example", RES, "jane@acme.example"},
	{"jane@box.localhost", RES, "jane@box.localhost"},
	{"jane@acme.localdomain", OK, "jane@acme.localdomain"},
	{"josé@example.com", OK, "josé@example.com"},
	{"x@example.museum", OK, "x@example.museum"},
	{"", EMPTY, ""}, {"   ", EMPTY, ""}, {"<>", EMPTY, ""}, {"mailto:", EMPTY, ""},
	{NULL, EMPTY, ""},
	{"jane", BAD, "jane"},
	{"jane@", BAD, "jane@"},
	{"@example.com", BAD, "@example.com"},
	{"jane@@example.com", BAD, "jane@@example.com"},
	{"jane@doe@example.com", BAD, "jane@doe@example.com"},
	{"jane..doe@example.com", BAD, "jane..doe@example.com"},
	{".jane@example.com", BAD, ".jane@example.com"},
	{"jane.@example.com", BAD, "jane.@example.com"},
	{"jane@example", BAD, "jane@example"},
	{"jane@example.c", BAD, "jane@example.c"},
	{"jane@example.c0m", BAD, "jane@example.c0m"},
	{"jane@example..com", BAD, "jane@example..com"},
	{"jane@-example.com", BAD, "jane@-example.com"},
	{"jane@example-.com", BAD, "jane@example-.com"},
	{"jane@exa_mple.com", BAD, "jane@exa_mple.com"},
	{"jane doe@example.com", BAD, "jane doe@example.com"},
	{"\"jane doe\"@example.com", BAD, "\"jane doe\"@example.com"},
	{"jane@[192.168.0.1]", BAD, "jane@[192.168.0.1]"},
	{"n/a", BAD, "n/a"},
	{"12345678901234567890123456789012345678901234567890123456789012345@example.com", BAD,
	    "12345678901234567890123456789012345678901234567890123456789012345@example.com"},
	{"jane@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", BAD,
	    "jane@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"},
};

/* Cells: never a different address out of a piece that is not one. */
static const struct { const char *raw; int status; const char *out; } cells[] = {
	{"john@x.com, jane@x.com", OK, "john@x.com"},
	{"john@x.com; jane@x.com", OK, "john@x.com"},
	{"john@x.com jane@x.com", OK, "john@x.com"},
	{"john@x.com;", OK, "john@x.com"},
	{"Jane <jane@x.com>; Bob <bob@y.com>", OK, "jane@x.com"},
	{"bob @ bar.com", OK, "bob@bar.com"},
	{"bob@bar. com", OK, "bob@bar.com"},
	{"sm oreau@gmx.de", BAD, "sm oreau@gmx.de"},
	{"raj12,schmidt@icloud.com", BAD, "raj12,schmidt@icloud.com"},
	{"raj12;schmidt@icloud.com", BAD, "raj12;schmidt@icloud.com"},
	{"john@x.com, n/a", BAD, "john@x.com, n/a"},
	{"call me, jane@x.com", BAD, "call me, jane@x.com"},
	{"jane@x.com or bob@y.com", BAD, "jane@x.com or bob@y.com"},
	{"john@x,com", BAD, "john@x,com"},
	{"jane@host.local, bob@y.com", BAD, "jane@host.local, bob@y.com"},
	{"jane@host.local", RES, "jane@host.local"},
	{"Jane@Example.com", OK, "jane@example.com"},
	{"", EMPTY, ""}, {" , ", EMPTY, ""},
};

static const struct { const char *email; int role; } roles[] = {
	{"info@example.com", 1}, {"INFO@example.com", 1}, {"sales+eu@example.com", 1},
	{"no-reply@example.com", 1}, {"noreply@example.com", 1}, {"support@x.io", 1},
	{"hr@x.io", 1}, {"postmaster@x.io", 1}, {"webmaster@x.io", 1},
	{"jane@example.com", 0}, {"information@example.com", 0}, {"infos@x.io", 0},
	{"info", 0}, {"", 0}, {NULL, 0},
};

static const struct { const char *domain; int free; } frees[] = {
	{"gmail.com", 1}, {"GMAIL.COM", 1}, {"yahoo.com", 1}, {"hotmail.com", 1},
	{"outlook.com", 1}, {"mailinator.com", 1}, {"example.com", 0}, {"acme.io", 0},
	{"", 0}, {NULL, 0}, {"gmail.com.evil.io", 0},
};

static const struct { const char *in, *out; int status; } canon[] = {
	{"j.doe+news@gmail.com", "jdoe@gmail.com", OK},
	{"J.Doe+News@GoogleMail.com", "jdoe@gmail.com", OK},
	{"jdoe@gmail.com", "jdoe@gmail.com", OK},
	{"j.doe+x@example.com", "j.doe+x@example.com", OK},
	{"Jane@Example.com", "jane@example.com", OK},
	{"+tag@gmail.com", "", BAD},
	{"nodomain", "", BAD},
};

int
main(void)
{
	char out[320], what[200];

	for (size_t i = 0; i < sizeof norm / sizeof norm[0]; i++) {
		int r = mops_email_normalize(norm[i].raw, out, sizeof out);
		snprintf(what, sizeof what, "normalize(\"%s\")", norm[i].raw ? norm[i].raw : "NULL");
		CHECK_STR(mops_email_status_name(r), mops_email_status_name(norm[i].status), what);
		CHECK_STR(out, norm[i].out, what);
	}
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		int r = mops_email_normalize_cell(cells[i].raw, out, sizeof out);
		snprintf(what, sizeof what, "normalize_cell(\"%s\")", cells[i].raw);
		CHECK_STR(mops_email_status_name(r), mops_email_status_name(cells[i].status), what);
		CHECK_STR(out, cells[i].out, what);
	}
	CHECK_INT(mops_email_normalize("jane@example.com", out, 16), BAD, "small out");
	CHECK_STR(out, "", "small out empties");
	CHECK_INT(mops_email_normalize("jane@example.com", out, 17), OK, "exact out");
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		snprintf(what, sizeof what, "is_role(\"%s\")", roles[i].email ? roles[i].email : "NULL");
		CHECK_INT(mops_email_is_role(roles[i].email), roles[i].role, what);
	}
	for (size_t i = 0; i < sizeof frees / sizeof frees[0]; i++) {
		snprintf(what, sizeof what, "is_free(\"%s\")", frees[i].domain ? frees[i].domain : "NULL");
		CHECK_INT(mops_email_is_free(frees[i].domain), frees[i].free, what);
	}
	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		int r = mops_email_canonical(canon[i].in, out, sizeof out);
		snprintf(what, sizeof what, "canonical(\"%s\")", canon[i].in);
		CHECK_INT(r, canon[i].status, what);
		CHECK_STR(out, canon[i].out, what);
	}
	CHECK_INT(mops_email_canonical("a@b.com", out, 7), BAD, "canonical small");
	CHECK_STR(mops_email_domain("jane@example.com"), "example.com", "domain");
	CHECK_STR(mops_email_domain("jane"), NULL, "no domain");
	CHECK_STR(mops_email_domain(NULL), NULL, "domain NULL");
	return unit_done();
}
