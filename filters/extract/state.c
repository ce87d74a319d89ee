/* state.c - bookmarks per stream in a JSON file, replaced atomically. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>

#include "exit.h"
#include "util.h"
#include "extract.h"
#include "state.h"

struct note {
	char *stream;
	int64_t ms;
	char *text;		/* set by ex_state_set(): wins over ms */
};

struct ex_state {
	char *path;
	json_t *doc;
	struct note *notes;
	size_t n, cap;
};

struct ex_state *
ex_state_load(const char *path)
{
	struct ex_state *st = mops_xcalloc(1, sizeof(*st));
	json_error_t err;
	json_t *streams;

	if (path)
		st->path = mops_xstrdup(path);
	if (path && access(path, F_OK) == 0) {
		st->doc = json_load_file(path, 0, &err);
		if (!st->doc)
			mops_die(MOPS_EX_CONFIG, "%s:%d: bad state file: %s", path, err.line, err.text);
		streams = json_object_get(st->doc, "streams");
		if (!json_is_object(st->doc) || (streams && !json_is_object(streams)))
			mops_die(MOPS_EX_CONFIG, "%s: bad state file: expected {\"streams\":{...}}", path);
	} else {
		st->doc = json_object();
	}
	if (!json_object_get(st->doc, "streams"))
		json_object_set_new(st->doc, "streams", json_object());
	return st;
}

const char *
ex_state_bookmark(const struct ex_state *st, const char *stream)
{
	json_t *s = json_object_get(json_object_get(st->doc, "streams"), stream);

	return json_string_value(json_object_get(s, "bookmark"));
}

static struct note *
note_for(struct ex_state *st, const char *stream)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (strcmp(st->notes[i].stream, stream) == 0)
			return &st->notes[i];
	st->notes = mops_xgrow(st->notes, &st->cap, st->n + 1, sizeof(*st->notes));
	st->notes[st->n].stream = mops_xstrdup(stream);
	st->notes[st->n].ms = EX_NO_TIME;
	st->notes[st->n].text = NULL;
	return &st->notes[st->n++];
}

void
ex_state_note(struct ex_state *st, const char *stream, int64_t ms)
{
	struct note *n = note_for(st, stream);

	if (ms > n->ms)
		n->ms = ms;
}

void
ex_state_set(struct ex_state *st, const char *stream, const char *bookmark)
{
	struct note *n = note_for(st, stream);

	free(n->text);
	n->text = mops_xstrdup(bookmark);
}

void
ex_state_cap(struct ex_state *st, int64_t ms)
{
	size_t i;

	for (i = 0; i < st->n; i++)
		if (st->notes[i].ms != EX_NO_TIME && st->notes[i].ms > ms)
			st->notes[i].ms = ms;
}

static void
apply(struct ex_state *st)
{
	json_t *streams = json_object_get(st->doc, "streams"), *s;
	char buf[48];
	const char *old;
	int64_t oldms;
	size_t i;

	for (i = 0; i < st->n; i++) {
		struct note *n = &st->notes[i];
		if (n->text) {
			snprintf(buf, sizeof(buf), "%s", n->text);
		} else {
			if (n->ms == EX_NO_TIME)
				continue;
			/* never move a bookmark backwards */
			old = ex_state_bookmark(st, n->stream);
			if (old && ex_time_parse(old, &oldms) == 0 && oldms >= n->ms)
				continue;
			ex_time_fmt(n->ms, buf, sizeof(buf));
		}
		s = json_object_get(streams, n->stream);
		if (!json_is_object(s)) {
			s = json_object();
			json_object_set_new(streams, n->stream, s);
		}
		json_object_set_new(s, "bookmark", json_string(buf));
	}
}

char *
ex_state_dumps(struct ex_state *st)
{
	char *s, *r;

	apply(st);
	s = json_dumps(st->doc, JSON_COMPACT | JSON_SORT_KEYS);
	if (!s)
		mops_die(MOPS_EX_SOFTWARE, "out of memory");
	r = mops_xstrdup(s);
	free(s);
	return r;
}

void
ex_state_commit(struct ex_state *st)
{
	char *tmp, *dir, *dcopy, *text;
	int fd;
	size_t len, off = 0;
	ssize_t w;

	if (!st->path)
		return;
	apply(st);
	text = json_dumps(st->doc, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!text)
		mops_die(MOPS_EX_SOFTWARE, "out of memory");
	tmp = mops_xasprintf("%s.tmpXXXXXX", st->path);
	if ((fd = mkstemp(tmp)) == -1)
		mops_die_errno(MOPS_EX_IOERR, "%s", tmp);
	len = strlen(text);
	while (off < len) {
		w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			unlink(tmp);
			mops_die_errno(MOPS_EX_IOERR, "%s: write error", tmp);
		}
		off += (size_t)w;
	}
	if (write(fd, "\n", 1) != 1 || fsync(fd) == -1 || close(fd) == -1) {
		unlink(tmp);
		mops_die_errno(MOPS_EX_IOERR, "%s: write error", tmp);
	}
	if (rename(tmp, st->path) == -1) {
		unlink(tmp);
		mops_die_errno(MOPS_EX_IOERR, "%s: cannot replace", st->path);
	}
	/* the rename itself must survive a crash */
	dcopy = mops_xstrdup(st->path);
	dir = dirname(dcopy);
	if ((fd = open(dir, O_RDONLY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(dcopy);
	free(tmp);
	free(text);
}

void
ex_state_free(struct ex_state *st)
{
	size_t i;

	if (!st)
		return;
	for (i = 0; i < st->n; i++) {
		free(st->notes[i].stream);
		free(st->notes[i].text);
	}
	free(st->notes);
	json_decref(st->doc);
	free(st->path);
	free(st);
}
