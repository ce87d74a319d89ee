/*
 * lines.c - the input lines, kept for the merge to re-read.
 *
 * The lines are most of the memory of a run (about 1 KB a record of a
 * million).  They are written, as read, to an unlinked temporary file in
 * TMPDIR (else /tmp) and mapped read-only once loaded: the kernel's page
 * cache holds them, and can drop them, instead of the heap.  Pages of the
 * mapping are released from the process now and then (when the pages read
 * through dd_line() may reach LINES_DROP bytes), so the resident set stays near the
 * features' size while the merge reads lines in canonical order.  Without a
 * writable temporary folder the lines stay in one heap arena, as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dd.h"
#include "exit.h"
#include "util.h"

#define LINES_BUF ((size_t)1 << 20)
#define LINES_DROP ((size_t)32 << 20)

struct dd_lines {
	int fd;			/* -1: heap arena d->raw */
	char *buf;		/* write buffer while loading */
	size_t nbuf;
	uint64_t size;		/* bytes written */
	char *map;
	size_t touched;		/* bytes read since the last release */
};

static void
spool_flush(struct dd_lines *l)
{
	size_t o = 0;

	while (o < l->nbuf) {
		ssize_t w = write(l->fd, l->buf + o, l->nbuf - o);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			mops_die_errno(MOPS_EX_IOERR, "temporary file for the lines");
		}
		o += (size_t)w;
	}
	l->nbuf = 0;
}

static struct dd_lines *
lines_open(void)
{
	struct dd_lines *l = mops_xcalloc(1, sizeof(*l));
	char *path;

	l->fd = mops_mktemp("dedupe", &path);
	if (l->fd >= 0) {
		unlink(path);	/* gone when we exit, whatever happens */
		l->buf = mops_xmalloc(LINES_BUF);
	}
	free(path);
	return l;
}

uint64_t
dd_lines_add(struct dd *d, const char *raw, size_t len)
{
	struct dd_lines *l = d->lines ? d->lines : (d->lines = lines_open());
	uint64_t off;

	if (l->fd < 0) {
		d->raw = mops_xgrow(d->raw, &d->rawcap, d->rawlen + len + 1, 1);
		memcpy(d->raw + d->rawlen, raw, len);
		d->raw[d->rawlen + len] = '\0';
		off = d->rawlen;
		d->rawlen += len + 1;
		return off;
	}
	off = l->size;
	if (len + 1 > LINES_BUF - l->nbuf) {
		spool_flush(l);
		if (len + 1 > LINES_BUF) {	/* a huge line: straight through */
			l->buf = mops_xrealloc(l->buf, len + 1);
		}
	}
	memcpy(l->buf + l->nbuf, raw, len);
	l->buf[l->nbuf + len] = '\0';
	l->nbuf += len + 1;
	l->size += len + 1;
	if (l->nbuf >= LINES_BUF)
		spool_flush(l);
	return off;
}

void
dd_lines_done(struct dd *d)
{
	struct dd_lines *l = d->lines;

	if (!l || l->fd < 0)
		return;
	spool_flush(l);
	free(l->buf);
	l->buf = NULL;
	if (!l->size)
		return;
	if ((uint64_t)(size_t)l->size != l->size)
		mops_die(MOPS_EX_SOFTWARE, "input too large to map");
	l->map = mmap(NULL, (size_t)l->size, PROT_READ, MAP_SHARED, l->fd, 0);
	if (l->map == MAP_FAILED)
		mops_die_errno(MOPS_EX_SOFTWARE, "mapping the lines");
	/* no read-ahead: the merge reads in canonical, not file, order */
	madvise(l->map, (size_t)l->size, MADV_RANDOM);
	d->raw = l->map;
	d->rawlen = (size_t)l->size;
}

const char *
dd_line(const struct dd *d, uint32_t i)
{
	struct dd_lines *l = d->lines;

	if (l && l->map) {
		/* a read fault maps up to 64 KB around it (fault-around,
		 * whatever MADV_RANDOM says): count that much a line */
		l->touched += d->recs[i].rawlen + 65536;
		if (l->touched >= LINES_DROP) {
			/* a file mapping: the pages come back from the page
			 * cache when read again */
			madvise(l->map, (size_t)l->size, MADV_DONTNEED);
			l->touched = 0;
		}
	}
	return d->raw + d->recs[i].raw;
}

void
dd_lines_free(struct dd *d)
{
	struct dd_lines *l = d->lines;

	if (!l) {
		free(d->raw);
		return;
	}
	if (l->map)
		munmap(l->map, (size_t)l->size);
	else
		free(d->raw);
	if (l->fd >= 0)
		close(l->fd);
	free(l->buf);
	free(l);
	d->lines = NULL;
	d->raw = NULL;
}
