/*
 * reject.h - rejected input lines: reported, kept, counted; never lost silently.
 *
 * mops_reject() prints "mops-X: FILE:LINE: reason" on stderr ("FILE: reason"
 * when line is 0: a rejected archive member or whole file) (the first 100; then
 * one line saying more are not shown), copies the raw line verbatim plus "\n" to
 * the --rejects file when one was opened, and counts it.  The count decides the
 * exit status: mops_rejects_status() is MOPS_EX_DATAERR (65) when more lines were
 * rejected than --max-rejects allows (default 0), else 0.  Process-wide state,
 * safe to call from several threads.
 */
#ifndef MOPS_REJECT_H
#define MOPS_REJECT_H

#include <stddef.h>

/* Opens FILE for the rejected lines; dies with MOPS_EX_IOERR if it cannot. */
void mops_rejects_open(const char *path);
void mops_rejects_set_max(unsigned long max);

void mops_reject(const char *file, long line, const char *raw, size_t len,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* For a line too long to hold: mops_reject_long() with its first part, then the
 * rest in pieces with mops_reject_more(); mops_reject_end() writes the "\n". */
void mops_reject_long(const char *file, long line, const char *raw, size_t len,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void mops_reject_more(const char *raw, size_t len);
void mops_reject_end(void);

unsigned long mops_rejects_count(void);
/* Closes the rejects file (dies on a write error); returns 0 or MOPS_EX_DATAERR. */
int mops_rejects_status(void);

#endif
