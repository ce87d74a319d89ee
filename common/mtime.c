/* mtime.c - see mtime.h. */
#include <string.h>

#include "mtime.h"

#define MIN_SEC (-62167219200LL)	/* 0000-01-01T00:00:00Z */
#define MAX_SEC (253402300799LL)	/* 9999-12-31T23:59:59Z */

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
int64_t
mops_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
mops_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
mops_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
mops_days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return dm[m - 1] + (m == 2 && mops_is_leap(y));
}

int64_t
mops_time_day(int64_t sec)
{
	return sec >= 0 ? sec / 86400 : -((-sec + 86399) / 86400);
}

/* ------------------------------------------------------------------ parsing */

struct parts {
	int y, mo, d, h, mi, s;
	int32_t ns;
	int fd, has_time, off, has_off;
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static int
isalph(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
isspc(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Read exactly n digits (n >= 1) at *p into *v; advances *p. */
static int
digits(const char **p, const char *e, int n, int *v)
{
	int x = 0;

	if (e - *p < n)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!isdig((*p)[i]))
			return -1;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return 0;
}

/* Read 1..max digits. */
static int
digits_upto(const char **p, const char *e, int max, int *v, int *n)
{
	int x = 0, i = 0;

	while (*p + i < e && i < max && isdig((*p)[i]))
		x = x * 10 + ((*p)[i++] - '0');
	if (i == 0 || (*p + i < e && isdig((*p)[i])))
		return -1;
	*p += i;
	*v = x;
	if (n)
		*n = i;
	return 0;
}

/* Fraction after '.' or ',': any number of digits, nanoseconds from the first 9. */
static int
fraction(const char **p, const char *e, struct parts *t)
{
	int n = 0;
	int32_t ns = 0;

	while (*p < e && isdig(**p)) {
		if (n < 9)
			ns = ns * 10 + (**p - '0');
		n++;
		(*p)++;
	}
	if (n == 0)
		return -1;
	for (int i = n; i < 9; i++)
		ns *= 10;
	t->ns = ns;
	t->fd = n > 9 ? 9 : n;
	return 0;
}

/* Numeric offset after the sign: hh, hhmm, hh:mm (also h:mm). */
static int
offset(const char **p, const char *e, int sign, struct parts *t)
{
	int h, m = 0, n;

	if (digits_upto(p, e, 4, &h, &n) < 0)
		return -1;
	if (n == 4) {
		m = h % 100;
		h /= 100;
	} else if (n == 3) {
		return -1;
	} else if (*p < e && **p == ':') {
		(*p)++;
		if (digits(p, e, 2, &m) < 0)
			return -1;
	}
	if (h > 23 || m > 59)
		return -1;
	t->off = sign * (h * 3600 + m * 60);
	t->has_off = 1;
	return 0;
}

static const struct {
	const char *name;
	int off;		/* seconds east of UTC */
} zones[] = {
	{"z", 0}, {"utc", 0}, {"gmt", 0}, {"ut", 0}, {"est", -5 * 3600},
	{"edt", -4 * 3600}, {"cst", -6 * 3600}, {"cdt", -5 * 3600},
	{"mst", -7 * 3600}, {"mdt", -6 * 3600}, {"pst", -8 * 3600},
	{"pdt", -7 * 3600}, {"cet", 3600}, {"cest", 7200},
};

static int
zone_word(const char *w, size_t n, int *off)
{
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
		if (strlen(zones[i].name) == n && memcmp(zones[i].name, w, n) == 0) {
			*off = zones[i].off;
			return 0;
		}
	return -1;
}

/* Optional zone at the end of an ISO timestamp. */
static int
iso_zone(const char **p, const char *e, struct parts *t)
{
	const char *q;
	char w[8];
	size_t n = 0;

	while (*p < e && isspc(**p))
		(*p)++;
	if (*p == e)
		return 0;
	if (**p == '+' || **p == '-') {
		int sign = **p == '-' ? -1 : 1;
		(*p)++;
		return offset(p, e, sign, t);
	}
	for (q = *p; q < e && isalph(*q) && n < sizeof w; q++)
		w[n++] = lower(*q);
	if (n == 0 || n == sizeof w || zone_word(w, n, &t->off) < 0)
		return -1;
	t->has_off = 1;
	*p = q;
	if (*p < e && (**p == '+' || **p == '-') && t->off == 0) {	/* GMT+01:00 */
		int sign = **p == '-' ? -1 : 1;
		(*p)++;
		return offset(p, e, sign, t);
	}
	return 0;
}

/* Time hh:mm[:ss[.frac]] (colon) or hhmm[ss[.frac]] (basic). */
static int
iso_time(const char **p, const char *e, int basic, struct parts *t)
{
	if (digits(p, e, 2, &t->h) < 0)
		return -1;
	if (!basic && *p < e && **p == ':')
		(*p)++;
	else if (!basic)
		return -1;
	if (digits(p, e, 2, &t->mi) < 0)
		return -1;
	t->has_time = 1;
	if (*p < e && (basic ? isdig(**p) : **p == ':')) {
		if (!basic)
			(*p)++;
		if (digits(p, e, 2, &t->s) < 0)
			return -1;
		if (*p < e && (**p == '.' || **p == ',')) {
			(*p)++;
			if (fraction(p, e, t) < 0)
				return -1;
		}
	}
	return 0;
}

/* Year-first: 1 if parsed into *t, 0 if not this shape, -1 if this shape but bad. */
static int
parse_iso(const char *p, const char *e, struct parts *t)
{
	char sep;
	int basic, n;

	if (e - p < 8 || digits(&p, e, 4, &t->y) < 0)
		return 0;
	sep = *p;
	basic = isdig(sep);
	if (basic) {
		if (digits(&p, e, 2, &t->mo) < 0 || digits(&p, e, 2, &t->d) < 0)
			return 0;
		if (p < e && !(*p == 'T' || *p == 't'))
			return 0;
	} else {
		if (sep != '-' && sep != '/' && sep != '.')
			return 0;
		p++;
		if (digits_upto(&p, e, 2, &t->mo, &n) < 0 || p == e || *p != sep)
			return 0;
		p++;
		if (digits_upto(&p, e, 2, &t->d, &n) < 0)
			return 0;
	}
	if (p == e)
		return 1;
	/* after 'T' it is ISO or nothing; after a space "10:00 PM" may follow */
	if (*p == 'T' || *p == 't') {
		p++;
		if (iso_time(&p, e, basic, t) < 0)
			return -1;
		basic = 1;
	} else if (*p == ' ' && p + 1 < e && isdig(p[1])) {
		p++;
		if (iso_time(&p, e, 0, t) < 0)
			return 0;
	}
	if (iso_zone(&p, e, t) < 0 || p != e)
		return basic ? -1 : 0;
	return 1;
}

static int
two_digit_year(int y, int n)
{
	if (n == 2)
		return y < 69 ? 2000 + y : 1900 + y;
	return n == 4 ? y : -1;
}

static int
month_word(const char *w, size_t n)
{
	static const char *const names[12] = {"january", "february", "march", "april",
	    "may", "june", "july", "august", "september", "october", "november",
	    "december"};

	if (n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (n <= strlen(names[i]) && memcmp(w, names[i], n) == 0 &&
		    (n == 3 || n == strlen(names[i]) || (i == 8 && n == 4)))
			return i + 1;
	return 0;
}

static int
weekday_word(const char *w, size_t n)
{
	static const char *const names[7] = {"monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday"};

	if (n < 3)
		return 0;
	for (int i = 0; i < 7; i++)
		if (n <= strlen(names[i]) && memcmp(w, names[i], n) == 0 &&
		    (n == 3 || n == strlen(names[i]) || (i == 1 && n == 4) ||
		    (i == 3 && (n == 4 || n == 5))))
			return 1;
	return 0;
}

/* Everything that is not ISO or epoch: a token scan. */
static int
parse_loose(const char *p, const char *e, enum mops_date_order order, struct parts *t)
{
	int num[3] = {0}, ndig[3] = {0}, nnum = 0;
	int grp[3] = {0}, gdig[3] = {0}, ngrp = 0;
	int month = 0, ampm = 0;	/* 1 am, 2 pm */
	int prev_num = 0;		/* last token was a number (for 5th) */

	while (p < e) {
		char c = *p;

		if (isspc(c) || c == ',') {
			p++;
			prev_num = 0;
			continue;
		}
		if (c == '(') {		/* RFC 2822 comment */
			while (p < e && *p != ')')
				p++;
			if (p == e)
				return -1;
			p++;
			continue;
		}
		if ((c == '+' || c == '-') && p + 1 < e && isdig(p[1]) && t->has_time &&
		    !t->has_off) {
			p++;
			if (offset(&p, e, c == '-' ? -1 : 1, t) < 0)
				return -1;
			continue;
		}
		if (c == '-' || c == '/' || c == '.') {
			p++;
			prev_num = 0;
			continue;
		}
		if (isdig(c)) {
			const char *q = p;
			int v, n;

			if (digits_upto(&q, e, 4, &v, &n) < 0)
				return -1;
			if (q < e && *q == ':') {	/* a time */
				if (t->has_time || n > 2)
					return -1;
				t->h = v;
				q++;
				if (digits(&q, e, 2, &t->mi) < 0)
					return -1;
				if (q < e && *q == ':') {
					q++;
					if (digits(&q, e, 2, &t->s) < 0)
						return -1;
					if (q < e && (*q == '.' || *q == ',') && q + 1 < e &&
					    isdig(q[1])) {
						q++;
						if (fraction(&q, e, t) < 0)
							return -1;
					}
				}
				t->has_time = 1;
				p = q;
				prev_num = 0;
				continue;
			}
			if (q + 1 < e && (*q == '/' || *q == '-' || *q == '.') &&
			    isdig(q[1]) && ngrp == 0 && nnum == 0) {
				char sep = *q;	/* a numeric date a/b/c */
				grp[0] = v, gdig[0] = n;
				for (ngrp = 1; ngrp < 3; ngrp++) {
					if (q == e || *q != sep)
						return -1;
					q++;
					if (digits_upto(&q, e, 4, &grp[ngrp], &gdig[ngrp]) < 0)
						return -1;
				}
				p = q;
				prev_num = 1;
				continue;
			}
			if (nnum == 3)
				return -1;
			num[nnum] = v, ndig[nnum++] = n;
			p = q;
			prev_num = 1;
			continue;
		}
		if (isalph(c)) {
			char w[12];
			size_t n = 0;
			int off;

			while (p < e && isalph(*p)) {
				if (n == sizeof w)
					return -1;
				w[n++] = lower(*p++);
			}
			if (prev_num && n == 2 && (!memcmp(w, "st", 2) || !memcmp(w, "nd", 2) ||
			    !memcmp(w, "rd", 2) || !memcmp(w, "th", 2)))
				;
			else if (month_word(w, n)) {
				if (month)
					return -1;
				month = month_word(w, n);
			} else if (weekday_word(w, n) || (n == 2 && !memcmp(w, "at", 2)) ||
			    (n == 1 && w[0] == 't'))
				;
			else if ((n == 2 && !memcmp(w, "am", 2)) || (n == 1 && w[0] == 'a' &&
			    p + 2 < e && p[0] == '.' && lower(p[1]) == 'm'))
				ampm = 1, p += (n == 1) ? 2 : 0;
			else if ((n == 2 && !memcmp(w, "pm", 2)) || (n == 1 && w[0] == 'p' &&
			    p + 2 < e && p[0] == '.' && lower(p[1]) == 'm'))
				ampm = 2, p += (n == 1) ? 2 : 0;
			else if (zone_word(w, n, &off) == 0 && !t->has_off) {
				t->off = off;
				t->has_off = 1;
			} else
				return -1;
			prev_num = 0;
			continue;
		}
		return -1;
	}

	if (month) {
		if (ngrp || nnum != 2)
			return -1;
		t->mo = month;
		if (ndig[0] == 4) {		/* 2026 Jan 5 */
			t->y = num[0];
			if (ndig[1] > 2)
				return -1;
			t->d = num[1];
		} else {
			if (ndig[0] > 2)
				return -1;
			t->d = num[0];
			t->y = two_digit_year(num[1], ndig[1]);
		}
	} else if (ngrp == 3 && nnum == 0) {
		int a = grp[0], b = grp[1], c = grp[2];
		if (gdig[0] == 4 || order == MOPS_DATE_YMD) {
			t->y = two_digit_year(a, gdig[0]);
			t->mo = b, t->d = c;
			if (gdig[1] > 2 || gdig[2] > 2)
				return -1;
		} else {
			if (gdig[0] > 2 || gdig[1] > 2)
				return -1;
			t->y = two_digit_year(c, gdig[2]);
			if (order == MOPS_DATE_MDY)
				t->mo = a, t->d = b;
			else
				t->d = a, t->mo = b;
		}
	} else
		return -1;
	if (t->y < 0)
		return -1;
	if (ampm) {
		if (!t->has_time || t->h < 1 || t->h > 12)
			return -1;
		t->h = t->h % 12 + (ampm == 2 ? 12 : 0);
	}
	return 0;
}

/* Epoch digits: 1 parsed, 0 not all digits, -1 out of range. */
static int
parse_epoch(const char *p, const char *e, struct mops_time *out)
{
	int neg = 0, n;
	uint64_t v = 0;
	int64_t sec, rem, unit;

	if (p < e && *p == '-')
		neg = 1, p++;
	n = (int)(e - p);
	if (n < 1)
		return 0;
	for (const char *q = p; q < e; q++)
		if (!isdig(*q))
			return 0;
	if (n > 19)
		return -1;
	for (const char *q = p; q < e; q++)
		v = v * 10 + (uint64_t)(*q - '0');
	if (v > (uint64_t)INT64_MAX)
		return -1;
	if (n <= 11)
		unit = 1, out->frac_digits = 0;
	else if (n <= 14)
		unit = 1000, out->frac_digits = 3;
	else if (n <= 17)
		unit = 1000000, out->frac_digits = 6;
	else
		unit = 1000000000, out->frac_digits = 9;
	sec = (int64_t)v / unit;
	rem = (int64_t)v % unit;
	if (neg) {
		sec = -sec;
		if (rem) {
			sec--;
			rem = unit - rem;
		}
	}
	if (rem == 0)
		out->frac_digits = 0;
	out->sec = sec;
	out->nsec = (int32_t)(rem * (1000000000 / unit));
	if (sec < MIN_SEC || sec > MAX_SEC)
		return -1;
	return 1;
}

static int
build(const struct parts *t, struct mops_time *out)
{
	int64_t days, sod;

	if (t->y < 0 || t->y > 9999 || t->mo < 1 || t->mo > 12 || t->d < 1 ||
	    t->d > mops_days_in_month(t->y, t->mo))
		return -1;
	if (t->h > 24 || t->mi > 59 || t->s > 60 ||
	    (t->h == 24 && (t->mi || t->s || t->ns)))
		return -1;
	days = mops_days_from_civil(t->y, t->mo, t->d);
	sod = (int64_t)t->h * 3600 + t->mi * 60 + t->s;
	out->sec = days * 86400 + sod - t->off;
	out->nsec = t->ns;
	out->frac_digits = t->fd;
	out->date_only = !t->has_time;
	if (out->sec < MIN_SEC || out->sec > MAX_SEC)
		return -1;
	return 0;
}

int
mops_time_parse(const char *s, enum mops_date_order order, struct mops_time *out)
{
	const char *p, *e;
	struct parts t;
	int r;

	memset(out, 0, sizeof *out);
	if (!s)
		return -1;
	for (p = s; isspc(*p); p++)
		;
	for (e = p + strlen(p); e > p && isspc(e[-1]); e--)
		;
	if (p == e)
		return -1;
	memset(&t, 0, sizeof t);
	if (e - p == 8 && parse_iso(p, e, &t) == 1 && t.y >= 1900 &&
	    build(&t, out) == 0)
		return 0;
	r = parse_epoch(p, e, out);
	if (r != 0) {
		if (r < 0)
			memset(out, 0, sizeof *out);
		return r > 0 ? 0 : -1;
	}
	memset(&t, 0, sizeof t);
	r = parse_iso(p, e, &t);
	if (r == 0) {
		memset(&t, 0, sizeof t);
		r = parse_loose(p, e, order, &t) == 0 ? 1 : -1;
	}
	if (r < 0 || build(&t, out) < 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ formatting */

static void
put_num(char *b, int v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		b[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

size_t
mops_time_format_date(const struct mops_time *t, char *buf, size_t bufsz)
{
	int y, m, d;

	if (t->sec < MIN_SEC || t->sec > MAX_SEC || bufsz < 11)
		return 0;
	mops_civil_from_days(mops_time_day(t->sec), &y, &m, &d);
	put_num(buf, y, 4);
	buf[4] = '-';
	put_num(buf + 5, m, 2);
	buf[7] = '-';
	put_num(buf + 8, d, 2);
	buf[10] = '\0';
	return 10;
}

size_t
mops_time_format(const struct mops_time *t, char *buf, size_t bufsz)
{
	int64_t sod;
	int fd = t->frac_digits < 0 ? 0 : t->frac_digits > 9 ? 9 : t->frac_digits;
	size_t n = 20 + (fd ? (size_t)fd + 1 : 0);

	if (bufsz < n + 1 || t->nsec < 0 || t->nsec > 999999999 ||
	    mops_time_format_date(t, buf, bufsz) == 0)
		return 0;
	sod = t->sec - mops_time_day(t->sec) * 86400;
	buf[10] = 'T';
	put_num(buf + 11, (int)(sod / 3600), 2);
	buf[13] = ':';
	put_num(buf + 14, (int)(sod / 60 % 60), 2);
	buf[16] = ':';
	put_num(buf + 17, (int)(sod % 60), 2);
	if (fd) {
		int v = t->nsec;
		for (int i = fd; i < 9; i++)
			v /= 10;
		buf[19] = '.';
		put_num(buf + 20, v, fd);
	}
	buf[n - 1] = 'Z';
	buf[n] = '\0';
	return n;
}

/* ------------------------------------------------------------------ periods */

static int64_t
weekday_mon0(int64_t day)	/* 0 = Monday; 1970-01-01 was a Thursday */
{
	int64_t w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

int64_t
mops_time_week_start_sec(int64_t sec)
{
	int64_t day = mops_time_day(sec);
	return (day - weekday_mon0(day)) * 86400;
}

size_t
mops_time_week_start(int64_t sec, char *buf, size_t bufsz)
{
	int64_t day = mops_time_day(sec), thu = day - weekday_mon0(day) + 3;
	int y, m, d, week;

	if (bufsz < 9 || sec < MIN_SEC || sec > MAX_SEC)
		return 0;
	mops_civil_from_days(thu, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	week = (int)((thu - mops_days_from_civil(y, 1, 1)) / 7) + 1;
	put_num(buf, y, 4);
	buf[4] = '-';
	buf[5] = 'W';
	put_num(buf + 6, week, 2);
	buf[8] = '\0';
	return 8;
}

size_t
mops_time_month(int64_t sec, char *buf, size_t bufsz)
{
	int y, m, d;

	if (bufsz < 8 || sec < MIN_SEC || sec > MAX_SEC)
		return 0;
	mops_civil_from_days(mops_time_day(sec), &y, &m, &d);
	put_num(buf, y, 4);
	buf[4] = '-';
	put_num(buf + 5, m, 2);
	buf[7] = '\0';
	return 7;
}

size_t
mops_time_quarter(int64_t sec, char *buf, size_t bufsz)
{
	int y, m, d;

	if (bufsz < 8 || sec < MIN_SEC || sec > MAX_SEC)
		return 0;
	mops_civil_from_days(mops_time_day(sec), &y, &m, &d);
	put_num(buf, y, 4);
	buf[4] = '-';
	buf[5] = 'Q';
	buf[6] = (char)('1' + (m - 1) / 3);
	buf[7] = '\0';
	return 7;
}

size_t
mops_time_period(int64_t sec, const char *period, char *buf, size_t bufsz)
{
	struct mops_time t = {sec, 0, 0, 0};

	if (!period)
		return 0;
	if (strcmp(period, "day") == 0)
		return mops_time_format_date(&t, buf, bufsz);
	if (strcmp(period, "week") == 0)
		return mops_time_week_start(sec, buf, bufsz);
	if (strcmp(period, "month") == 0)
		return mops_time_month(sec, buf, bufsz);
	if (strcmp(period, "quarter") == 0)
		return mops_time_quarter(sec, buf, bufsz);
	if (strcmp(period, "year") == 0) {
		if (mops_time_month(sec, buf, bufsz) == 0)
			return 0;
		buf[4] = '\0';
		return 4;
	}
	return 0;
}
