/*
 * parallel.c - -j N: the reader thread cuts the input into batches of lines,
 * N workers parse, normalise and serialise each batch, and the writer emits
 * batches in input order, so output equals the single-threaded run byte for byte.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "buf.h"
#include "exit.h"
#include "input.h"
#include "normalize.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "reject.h"
#include "util.h"

#define BATCH_LINES 512
#define RING_MAX 64

struct batch {
	struct mops_buf lines;	/* lines, each NUL-terminated */
	size_t offs[BATCH_LINES];
	long linenos[BATCH_LINES];
	size_t n;
	char *file;
	struct mops_buf out;
	unsigned long long nout;
	int state;		/* 0 free, 1 filled, 2 done */
	unsigned long long seq;
};

struct pool {
	const struct norm_cfg *cfg;
	struct batch ring[RING_MAX];
	unsigned nring;		/* slots in use: enough to keep every worker busy */
	unsigned long long next_fill, next_work, next_write;
	int eof;
	unsigned long long nout;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void
work(struct pool *p, struct batch *b)
{
	size_t i;
	mops_out *mo = mops_out_mem(&b->out);

	mops_buf_reset(&b->out);
	b->nout = 0;
	for (i = 0; i < b->n; i++) {
		const char *line = b->lines.s + b->offs[i];
		/* The length from the offsets: a line may hold a NUL byte, which
		 * the parser must see (and reject) as the single-threaded run does. */
		size_t len = (i + 1 < b->n ? b->offs[i + 1] : b->lines.len) -
		    b->offs[i] - 1;
		mops_json *rec = mops_record_parse(line, len, b->file, b->linenos[i]);
		char where[32];

		if (!rec)
			continue;
		norm_where_label(where, b->linenos[i]);
		if ((rec = norm_record(p->cfg, rec, where)) != NULL) {
			mops_out_json_line(mo, rec);
			mops_json_free(rec);
			b->nout++;
		}
	}
	mops_out_close(mo);
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next_work == p->next_fill && !p->eof)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->next_work == p->next_fill && p->eof)
			break;
		b = &p->ring[p->next_work++ % p->nring];
		pthread_mutex_unlock(&p->mu);
		work(p, b);
		pthread_mutex_lock(&p->mu);
		b->state = 2;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void *
writer(void *arg)
{
	struct pool *p = arg;
	mops_out *o = mops_stdout();
	struct batch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next_write == p->next_fill && !p->eof)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->next_write == p->next_fill && p->eof)
			break;
		b = &p->ring[p->next_write % p->nring];
		while (b->state != 2)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		mops_out_write(o, b->out.s, b->out.len);
		pthread_mutex_lock(&p->mu);
		p->nout += b->nout;
		b->state = 0;
		p->next_write++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int
norm_run_parallel(const struct norm_cfg *cfg, char **files, int nfiles, int jobs,
    unsigned long long *nin, unsigned long long *nout)
{
	static char *stdin_name[] = { (char *)"-" };
	struct pool *p = mops_xcalloc(1, sizeof(*p));
	pthread_t *tw = mops_xcalloc((size_t)jobs, sizeof(*tw)), tout;
	int i, st = 0;

	p->cfg = cfg;
	p->nring = (unsigned)jobs * 4 < RING_MAX ? (unsigned)jobs * 4 : RING_MAX;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < jobs; i++)
		if (pthread_create(&tw[i], NULL, worker, p) != 0)
			mops_die(MOPS_EX_SOFTWARE, "cannot start a thread");
	if (pthread_create(&tout, NULL, writer, p) != 0)
		mops_die(MOPS_EX_SOFTWARE, "cannot start a thread");
	if (nfiles <= 0) {
		files = stdin_name;
		nfiles = 1;
	}
	for (i = 0; i < nfiles; i++) {
		mops_in *in = mops_in_open(files[i]);
		struct batch *b = NULL;
		const char *line;
		size_t len;
		int r;

		if (!in) {
			mops_warn("%s: %s", files[i], strerror(errno));
			st = MOPS_EX_NOINPUT;
			continue;
		}
		for (;;) {
			if (!b) {
				pthread_mutex_lock(&p->mu);
				while (p->ring[p->next_fill % p->nring].state != 0)
					pthread_cond_wait(&p->cv, &p->mu);
				pthread_mutex_unlock(&p->mu);
				b = &p->ring[p->next_fill % p->nring];
				mops_buf_reset(&b->lines);
				b->n = 0;
				free(b->file);
				b->file = mops_xstrdup(mops_in_name(in));
			}
			/* blank and too-long lines, read errors: as one thread does */
			r = mops_record_line(in, &line, &len);
			if (r == MOPS_IN_LINE) {
				b->offs[b->n] = b->lines.len;
				b->linenos[b->n] = mops_in_lineno(in);
				mops_buf_add(&b->lines, line, len);
				mops_buf_addc(&b->lines, '\0');
				b->n++;
				(*nin)++;
			} else if (r == MOPS_IN_ERROR)
				st = MOPS_EX_IOERR;
			if (b->n == BATCH_LINES || r == MOPS_IN_EOF || r == MOPS_IN_ERROR) {
				if (b->n) {
					pthread_mutex_lock(&p->mu);
					b->state = 1;
					p->next_fill++;
					pthread_cond_broadcast(&p->cv);
					pthread_mutex_unlock(&p->mu);
					b = NULL;
				}
				if (r == MOPS_IN_EOF || r == MOPS_IN_ERROR)
					break;
			}
		}
		mops_in_close(in);
	}
	pthread_mutex_lock(&p->mu);
	p->eof = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < jobs; i++)
		pthread_join(tw[i], NULL);
	pthread_join(tout, NULL);
	*nout = p->nout;
	for (i = 0; i < RING_MAX; i++) {
		mops_buf_free(&p->ring[i].lines);
		mops_buf_free(&p->ring[i].out);
		free(p->ring[i].file);
	}
	mops_out_close(mops_stdout());
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(tw);
	free(p);
	return st;
}
