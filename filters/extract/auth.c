/* auth.c - secrets from the environment or a 0600 token file, and redaction. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "exit.h"
#include "util.h"
#include "extract.h"

struct kv {
	char *name, *value;
};
static struct kv *file_kv;
static size_t nfile, capfile;
static char **known;		/* values to redact wherever they appear */
static size_t nknown, capknown;

void
ex_secret_add(const char *value)
{
	size_t i;

	if (!value || strlen(value) < 4)
		return;
	for (i = 0; i < nknown; i++)
		if (strcmp(known[i], value) == 0)
			return;
	known = mops_xgrow(known, &capknown, nknown + 1, sizeof(*known));
	known[nknown++] = mops_xstrdup(value);
}

static void
free_secrets(void)
{
	size_t i;

	for (i = 0; i < nfile; i++) {
		free(file_kv[i].name);
		free(file_kv[i].value);
	}
	free(file_kv);
	for (i = 0; i < nknown; i++)
		free(known[i]);
	free(known);
}

void
ex_secrets_load(const char *path)
{
	FILE *f;
	struct stat st;
	char *line = NULL, *eq, *e;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0;

	atexit(free_secrets);
	if (!path)
		return;
	if (!(f = fopen(path, "r")))
		mops_die_errno(MOPS_EX_CONFIG, "%s", path);
	if (fstat(fileno(f), &st) == -1)
		mops_die_errno(MOPS_EX_CONFIG, "%s", path);
	if (st.st_mode & 077)
		mops_die(MOPS_EX_CONFIG, "%s: token file must not be readable by others (chmod 600)",
		    path);
	while ((n = getline(&line, &cap, f)) != -1) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (!*line || *line == '#')
			continue;
		if (!(eq = strchr(line, '=')) || eq == line)
			mops_die(MOPS_EX_CONFIG, "%s:%ld: expected NAME=value", path, lineno);
		*eq = 0;
		e = eq + 1;
		file_kv = mops_xgrow(file_kv, &capfile, nfile + 1, sizeof(*file_kv));
		file_kv[nfile].name = mops_xstrdup(line);
		file_kv[nfile].value = mops_xstrdup(e);
		ex_secret_add(e);
		nfile++;
	}
	free(line);
	fclose(f);
}

const char *
ex_secret(const char *name)
{
	const char *v = getenv(name);
	size_t i;

	if (v && *v) {
		ex_secret_add(v);
		return v;
	}
	for (i = 0; i < nfile; i++)
		if (strcmp(file_kv[i].name, name) == 0)
			return file_kv[i].value;
	return NULL;
}

const char *
ex_secret_need(const char *name)
{
	const char *v = ex_secret(name);

	if (!v)
		ex_fail(MOPS_EX_CONFIG, "%s is not set (environment or --token-file)", name);
	return v;
}

const char *
ex_base_url(struct ex_run *run, const char *env, const char *dflt)
{
	const char *v;

	if (run->base_url)
		return run->base_url;
	if ((v = getenv(env)) && *v)
		return v;
	return dflt;
}

/* Query or form parameters whose values are secret. */
static const char *const secret_params[] = {
	"client_secret", "refresh_token", "access_token", "assertion", "password",
	"api_key", "apikey", "token", "key", "hapikey", "code", "secret", NULL
};

static int
is_secret_param(const char *p, size_t n)
{
	size_t i;

	for (i = 0; secret_params[i]; i++)
		if (strlen(secret_params[i]) == n && strncasecmp(p, secret_params[i], n) == 0)
			return 1;
	return 0;
}

char *
ex_redact(const char *s)
{
	struct mops_buf b = MOPS_BUF_INIT;
	const char *p = s, *q;
	size_t i, best;
	int hit;

	/* 1: known secret values, wherever they appear */
	while (*p) {
		hit = 0;
		best = 0;
		for (i = 0; i < nknown; i++) {
			size_t kl = strlen(known[i]);
			if (kl > best && strncmp(p, known[i], kl) == 0) {
				best = kl;
				hit = 1;
			}
		}
		if (hit) {
			mops_buf_adds(&b, "REDACTED");
			p += best;
		} else {
			mops_buf_addc(&b, *p++);
		}
	}
	/* 2: values of secret-named parameters (name=value up to & or space) */
	{
		struct mops_buf o = MOPS_BUF_INIT;
		const char *t = mops_buf_str(&b);

		p = t;
		while (*p) {
			if ((p == t || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ' || p[-1] == '"') &&
			    (q = strpbrk(p, "=&? \"")) && *q == '=' && is_secret_param(p, (size_t)(q - p))) {
				mops_buf_add(&o, p, (size_t)(q - p) + 1);
				mops_buf_adds(&o, "REDACTED");
				p = q + 1;
				while (*p && *p != '&' && *p != ' ' && *p != '"')
					p++;
				continue;
			}
			mops_buf_addc(&o, *p++);
		}
		mops_buf_free(&b);
		if (!o.s)
			return mops_xstrdup("");
		return mops_buf_detach(&o);
	}
}
