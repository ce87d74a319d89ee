#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "exit.h"
#include "out.h"
#include "reject.h"
#include "util.h"

#define SHOW_MAX 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static mops_out *rej;
static unsigned long count, max_rejects;
static int open_line;	/* mops_reject() left a line open for _more() */

void
mops_rejects_open(const char *path)
{
	if (!(rej = mops_out_file(path)))
		mops_die_errno(MOPS_EX_IOERR, "%s", path);
}

void
mops_rejects_set_max(unsigned long max)
{
	max_rejects = max;
}

static void
vreject(int keep_open, const char *file, long line, const char *raw, size_t len,
    const char *fmt, va_list ap)
{
	pthread_mutex_lock(&lock);
	count++;
	if (count <= SHOW_MAX) {
		if (line > 0)
			fprintf(stderr, "%s: %s:%ld: ", mops_progname, file, line);
		else	/* not a line: an archive member, a whole file */
			fprintf(stderr, "%s: %s: ", mops_progname, file);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	} else if (count == SHOW_MAX + 1)
		fprintf(stderr, "%s: more rejected lines not shown\n", mops_progname);
	if (rej) {
		mops_out_write(rej, raw, len);
		if (!keep_open)
			mops_out_putc(rej, '\n');
	}
	open_line = keep_open;
	pthread_mutex_unlock(&lock);
}

void
mops_reject(const char *file, long line, const char *raw, size_t len,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(0, file, line, raw, len, fmt, ap);
	va_end(ap);
}

void
mops_reject_long(const char *file, long line, const char *raw, size_t len,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(1, file, line, raw, len, fmt, ap);
	va_end(ap);
}

void
mops_reject_more(const char *raw, size_t len)
{
	pthread_mutex_lock(&lock);
	if (rej)
		mops_out_write(rej, raw, len);
	open_line = 1;
	pthread_mutex_unlock(&lock);
}

void
mops_reject_end(void)
{
	pthread_mutex_lock(&lock);
	if (rej && open_line)
		mops_out_putc(rej, '\n');
	open_line = 0;
	pthread_mutex_unlock(&lock);
}

unsigned long
mops_rejects_count(void)
{
	return count;
}

int
mops_rejects_status(void)
{
	if (rej) {
		mops_out_close(rej);
		rej = NULL;
	}
	return count > max_rejects ? MOPS_EX_DATAERR : 0;
}
