/*
 * mtime.h - parse the timestamps vendors send, format them as RFC 3339 UTC.
 *
 * Pure functions on caller-owned buffers: no process time zone (no mktime, no TZ),
 * no locale, no global state, safe from any thread.  Calendar arithmetic is the
 * proleptic Gregorian calendar (days_from_civil); years 0..9999 are accepted.
 *
 * mops_time_parse() accepts, after trimming surrounding whitespace:
 *   - RFC 3339 / ISO 8601: 2026-01-05, 2026-01-05T10:00, 2026-01-05 10:00:00,
 *     fraction of any length ('.' or ','), offsets Z, +hh:mm, +hhmm, +hh, none (UTC),
 *     basic format 20260105T100000Z; Salesforce 2026-01-05T10:00:00.000+0000;
 *     2026/01/05 and 2026.01.05 (year first, always Y-M-D).
 *   - 8 digits alone, when a valid YYYYMMDD date with year >= 1900: a date.
 *   - epoch as a string, optional '-': up to 11 digits seconds, 12..14 milliseconds,
 *     15..17 microseconds, 18..19 nanoseconds (HubSpot sends milliseconds).
 *   - numeric dates a/b/c, a-b-c or a.b.c in the given order (MDY: 1/5/2026 is
 *     January 5), two-digit years 00..68 -> 20xx, 69..99 -> 19xx, optional time.
 *   - month names (English, 3 letters or full, "Sept"): Jan 5, 2026; 5 Jan 2026;
 *     January 5th 2026 10:00; 05-Jan-2026; Mon Jan  5 10:00:00 2026 (ctime);
 *     RFC 2822 Mon, 05 Jan 2026 10:00:00 GMT / +0000 / EST..PDT / (comment).
 *   - times hh:mm[:ss[.frac]] with optional am/pm; zone words Z, UTC, GMT, UT,
 *     EST, EDT, CST, CDT, MST, MDT, PST, PDT, CET, CEST, or a numeric offset.
 * Ranges are validated (Feb 29 only in leap years, hour 0..23 or 24:00:00, minute
 * 0..59, second 0..60; a leap second 60 becomes the next minute's :00).
 */
#ifndef MOPS_MTIME_H
#define MOPS_MTIME_H

#include <stddef.h>
#include <stdint.h>

enum mops_date_order { MOPS_DATE_MDY, MOPS_DATE_DMY, MOPS_DATE_YMD };

struct mops_time {
	int64_t sec;		/* seconds since 1970-01-01T00:00:00Z */
	int32_t nsec;		/* 0..999999999 */
	int frac_digits;	/* fractional digits of the input (0..9), kept on output */
	int date_only;		/* 1: the input was a date without a time (sec is 00:00Z) */
};

/* Parse s (see above) into *t.  Returns 0, or -1 if s is not a valid timestamp
 * (then *t is zeroed).  order decides numeric dates like 05/01/2026 only. */
int mops_time_parse(const char *s, enum mops_date_order order, struct mops_time *t);

/*
 * Format *t as RFC 3339 UTC: "2026-01-05T10:00:00Z", with exactly t->frac_digits
 * fractional digits (an input of ".000" formats as ".000Z"; epoch milliseconds
 * have 3 digits when not a whole second, else none).  date_only is ignored here
 * (the caller decides; see mops_time_format_date).  Returns the length written,
 * or 0 if buf is too small (32 bytes always suffice) or the year is outside 0..9999.
 */
size_t mops_time_format(const struct mops_time *t, char *buf, size_t bufsz);

/* "YYYY-MM-DD" of t's UTC day.  Returns the length (10) or 0 as above. */
size_t mops_time_format_date(const struct mops_time *t, char *buf, size_t bufsz);

/* Days since 1970-01-01 of a proleptic Gregorian date (no range check) and back. */
int64_t mops_days_from_civil(int y, int m, int d);
void mops_civil_from_days(int64_t days, int *y, int *m, int *d);

/* 1 if y is a leap year; days in month m (1..12) of year y, else 0. */
int mops_is_leap(int y);
int mops_days_in_month(int y, int m);

/* Floor division of a timestamp into its UTC day number (handles negatives). */
int64_t mops_time_day(int64_t sec);

/*
 * Period labels of the UTC instant sec, for reports.  Each writes a NUL-terminated
 * label to buf and returns its length, or 0 if bufsz is too small (16 suffices).
 *   mops_time_week_start: ISO 8601 week "2026-W02" (weeks start on Monday; the
 *     ISO week-year may differ from the calendar year near New Year: 2024-12-30 is
 *     "2025-W01").
 *   mops_time_month: "2026-01".   mops_time_quarter: "2026-Q1".
 */
size_t mops_time_week_start(int64_t sec, char *buf, size_t bufsz);
size_t mops_time_month(int64_t sec, char *buf, size_t bufsz);
size_t mops_time_quarter(int64_t sec, char *buf, size_t bufsz);

/*
 * The label of sec's period by name: "day" ("2026-01-05"), "week" (ISO week as
 * above), "month", "quarter" or "year" ("2026").  Returns the length, or 0 for an
 * unknown period name or a too-small buffer.
 */
size_t mops_time_period(int64_t sec, const char *period, char *buf, size_t bufsz);

/* Seconds of the Monday 00:00:00Z starting the ISO week of sec. */
int64_t mops_time_week_start_sec(int64_t sec);

#endif
