/* mtime.c - mops_time_parse/format table, calendar helpers and period labels. */
#include "mtime.h"
#include "unit.h"

#define M MOPS_DATE_MDY
#define D MOPS_DATE_DMY
#define Y MOPS_DATE_YMD

/* want: RFC 3339 output, NULL = invalid; date: expected date_only flag */
static const struct {
	const char *in;
	enum mops_date_order order;
	const char *want;
	int date;
} cases[] = {
	{"2026-01-05T10:00:00Z", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05T10:00:00z", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05t10:00:00Z", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05 10:00:00", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05T10:00", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05T10:00:00+01:00", M, "2026-01-05T09:00:00Z", 0},
	{"2026-01-05T10:00:00-0530", M, "2026-01-05T15:30:00Z", 0},
	{"2026-01-05T10:00:00+02", M, "2026-01-05T08:00:00Z", 0},
	{"2026-01-05T00:30:00+01:00", M, "2026-01-04T23:30:00Z", 0},
	{"2026-01-05T10:00:00.000+0000", M, "2026-01-05T10:00:00.000Z", 0},
	{"2026-01-05T10:00:00.5Z", M, "2026-01-05T10:00:00.5Z", 0},
	{"2026-01-05T10:00:00,25Z", M, "2026-01-05T10:00:00.25Z", 0},
	{"2026-01-05T10:00:00.123456789123Z", M, "2026-01-05T10:00:00.123456789Z", 0},
	{"2026-11-22T09:18:08.123456Z", M, "2026-11-22T09:18:08.123456Z", 0},
	{"2026-01-05 10:00:00 UTC", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05T10:00:00 GMT+01:00", M, "2026-01-05T09:00:00Z", 0},
	{"20260105T100000Z", M, "2026-01-05T10:00:00Z", 0},
	{"2026-01-05", M, "2026-01-05T00:00:00Z", 1},
	{"  2026-01-05  ", M, "2026-01-05T00:00:00Z", 1},
	{"2026/01/05", D, "2026-01-05T00:00:00Z", 1},
	{"2026.01.05", M, "2026-01-05T00:00:00Z", 1},
	{"2026-1-5", M, "2026-01-05T00:00:00Z", 1},
	{"20260105", M, "2026-01-05T00:00:00Z", 1},
	{"1767607200", M, "2026-01-05T10:00:00Z", 0},
	{"1767607200000", M, "2026-01-05T10:00:00Z", 0},
	{"1767607200123", M, "2026-01-05T10:00:00.123Z", 0},
	{"1767607200123456", M, "2026-01-05T10:00:00.123456Z", 0},
	{"0", M, "1970-01-01T00:00:00Z", 0},
	{"-86400", M, "1969-12-31T00:00:00Z", 0},
	{"-1500", M, "1969-12-31T23:35:00Z", 0},
	{"-1767607200123", M, "1913-12-27T13:59:59.877Z", 0},
	{"05/01/2026", M, "2026-05-01T00:00:00Z", 1},
	{"05/01/2026", D, "2026-01-05T00:00:00Z", 1},
	{"5/1/26", M, "2026-05-01T00:00:00Z", 1},
	{"5/1/26", D, "2026-01-05T00:00:00Z", 1},
	{"26/1/5", Y, "2026-01-05T00:00:00Z", 1},
	{"1/5/99", M, "1999-01-05T00:00:00Z", 1},
	{"1/5/2026 10:00 PM", M, "2026-01-05T22:00:00Z", 0},
	{"1/5/2026 12:30 am", M, "2026-01-05T00:30:00Z", 0},
	{"1/5/2026 12:30 p.m.", M, "2026-01-05T12:30:00Z", 0},
	{"05.01.2026 10:00:00", D, "2026-01-05T10:00:00Z", 0},
	{"Jan 5, 2026", M, "2026-01-05T00:00:00Z", 1},
	{"5 Jan 2026", M, "2026-01-05T00:00:00Z", 1},
	{"January 5 2026 10:00", M, "2026-01-05T10:00:00Z", 0},
	{"January 5th, 2026 at 10:00am", M, "2026-01-05T10:00:00Z", 0},
	{"05-Jan-2026", M, "2026-01-05T00:00:00Z", 1},
	{"2026 Jan 5", M, "2026-01-05T00:00:00Z", 1},
	{"Sept 30, 2026", M, "2026-09-30T00:00:00Z", 1},
	{"Mon, 05 Jan 2026 10:00:00 GMT", M, "2026-01-05T10:00:00Z", 0},
	{"Mon, 05 Jan 2026 10:00:00 +0100", M, "2026-01-05T09:00:00Z", 0},
	{"Mon, 5 Jan 2026 10:00:00 -0500 (EST)", M, "2026-01-05T15:00:00Z", 0},
	{"Mon, 05 Jan 2026 10:00:00 PST", M, "2026-01-05T18:00:00Z", 0},
	{"Mon Jan  5 10:00:00 2026", M, "2026-01-05T10:00:00Z", 0},
	{"2024-02-29", M, "2024-02-29T00:00:00Z", 1},
	{"2000-02-29", M, "2000-02-29T00:00:00Z", 1},
	{"2026-12-31T23:59:60Z", M, "2027-01-01T00:00:00Z", 0},
	{"2026-01-05T24:00:00Z", M, "2026-01-06T00:00:00Z", 0},
	{"0001-01-01T00:00:00Z", M, "0001-01-01T00:00:00Z", 0},
	{"9999-12-31T23:59:59Z", M, "9999-12-31T23:59:59Z", 0},
	/* invalid */
	{"", M, NULL, 0}, {"   ", M, NULL, 0}, {"2026-02-30", M, NULL, 0},
	{"2026-02-29", M, NULL, 0}, {"1900-02-29", M, NULL, 0}, {"2026-13-01", M, NULL, 0},
	{"2026-00-10", M, NULL, 0}, {"2026-04-31", M, NULL, 0}, {"2026-01-05T25:00:00Z", M, NULL, 0},
	{"2026-01-05T10:60:00Z", M, NULL, 0}, {"2026-01-05T10:00:61Z", M, NULL, 0},
	{"2026-01-05T24:00:01Z", M, NULL, 0}, {"2026-01-05T10:00:00+25:00", M, NULL, 0},
	{"2026-01-05T10:00:00 XYZ", M, NULL, 0}, {"2026-01-05T10:00:00.Z", M, NULL, 0},
	{"13/13/2026", M, NULL, 0}, {"31/12/2026", M, NULL, 0}, {"12/31/2026", D, NULL, 0},
	{"Foo 5, 2026", M, NULL, 0}, {"Jan 32, 2026", M, NULL, 0}, {"Feb 29 2025", M, NULL, 0},
	{"hello", M, NULL, 0}, {"1/5/2026 13:00 pm", M, NULL, 0}, {"12345678901234567890", M, NULL, 0},
	{"-99999999999", M, NULL, 0}, {"99999999999", M, "5138-11-16T09:46:39Z", 0}, {"2026-01-05T10:00:00Z trailing", M, NULL, 0},
	{"Jan 2026", M, NULL, 0}, {"5/1", M, NULL, 0}, {"10:00", M, NULL, 0},
	{"2026-01-05T10", M, NULL, 0}, {"--", M, NULL, 0}, {"+1767607200", M, NULL, 0},
};

int
main(void)
{
	char what[160], buf[64];
	struct mops_time t;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int r = mops_time_parse(cases[i].in, cases[i].order, &t);
		snprintf(what, sizeof what, "parse(\"%s\", %d)", cases[i].in, (int)cases[i].order);
		if (!cases[i].want) {
			CHECK_INT(r, -1, what);
			continue;
		}
		CHECK_INT(r, 0, what);
		if (r == 0) {
			mops_time_format(&t, buf, sizeof buf);
			CHECK_STR(buf, cases[i].want, what);
			CHECK_INT(t.date_only, cases[i].date, what);
		}
	}
	CHECK_INT(mops_time_parse(NULL, M, &t), -1, "parse NULL");

	/* date formatting, buffer limits */
	mops_time_parse("2026-01-05T23:59:59-02:00", M, &t);
	CHECK_INT(mops_time_format_date(&t, buf, sizeof buf), 10, "format_date len");
	CHECK_STR(buf, "2026-01-06", "format_date");
	CHECK_INT(mops_time_format(&t, buf, 20), 0, "format small buf");
	CHECK_INT(mops_time_format(&t, buf, 21), 20, "format exact buf");
	CHECK_INT(mops_time_format_date(&t, buf, 10), 0, "format_date small buf");

	/* calendar */
	CHECK_INT(mops_days_from_civil(1970, 1, 1), 0, "epoch day");
	CHECK_INT(mops_days_from_civil(2000, 3, 1), 11017, "2000-03-01");
	CHECK_INT(mops_days_from_civil(1969, 12, 31), -1, "1969-12-31");
	for (int64_t z = -800000; z <= 800000; z += 997) {
		int y, m, d;
		mops_civil_from_days(z, &y, &m, &d);
		if (mops_days_from_civil(y, m, d) != z) {
			CHECK(0, "civil round trip %lld", (long long)z);
			break;
		}
	}
	CHECK_INT(mops_days_in_month(2024, 2), 29, "feb 2024");
	CHECK_INT(mops_days_in_month(2100, 2), 28, "feb 2100");
	CHECK_INT(mops_days_in_month(2026, 13), 0, "month 13");
	CHECK_INT(mops_time_day(-1), -1, "day of -1");

	/* periods */
	{
		static const struct { const char *in, *week, *month, *quarter, *monday; } p[] = {
			{"2026-01-05", "2026-W02", "2026-01", "2026-Q1", "2026-01-05"},
			{"2026-01-04T23:59:59Z", "2026-W01", "2026-01", "2026-Q1", "2025-12-29"},
			{"2024-12-30", "2025-W01", "2024-12", "2024-Q4", "2024-12-30"},
			{"2021-01-03", "2020-W53", "2021-01", "2021-Q1", "2020-12-28"},
			{"2026-07-01", "2026-W27", "2026-07", "2026-Q3", "2026-06-29"},
			{"1969-12-31T12:00:00Z", "1970-W01", "1969-12", "1969-Q4", "1969-12-29"},
		};
		for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
			struct mops_time m;
			CHECK_INT(mops_time_parse(p[i].in, M, &m), 0, p[i].in);
			mops_time_week_start(m.sec, buf, sizeof buf);
			CHECK_STR(buf, p[i].week, p[i].in);
			mops_time_month(m.sec, buf, sizeof buf);
			CHECK_STR(buf, p[i].month, p[i].in);
			mops_time_quarter(m.sec, buf, sizeof buf);
			CHECK_STR(buf, p[i].quarter, p[i].in);
			m.sec = mops_time_week_start_sec(m.sec);
			mops_time_format_date(&m, buf, sizeof buf);
			CHECK_STR(buf, p[i].monday, p[i].in);
		}
		CHECK_INT(mops_time_month(0, buf, 7), 0, "month small buf");
		{
			static const struct { const char *period, *want; } pp[] = {
				{"day", "2026-01-04"}, {"week", "2026-W01"}, {"month", "2026-01"},
				{"quarter", "2026-Q1"}, {"year", "2026"}, {"decade", ""},
			};
			struct mops_time m;
			mops_time_parse("2026-01-04T23:59:59Z", M, &m);
			for (size_t i = 0; i < sizeof pp / sizeof pp[0]; i++) {
				buf[0] = '\0';
				CHECK_INT(mops_time_period(m.sec, pp[i].period, buf, sizeof buf),
				    strlen(pp[i].want), pp[i].period);
				if (pp[i].want[0])
					CHECK_STR(buf, pp[i].want, pp[i].period);
			}
			CHECK_INT(mops_time_period(m.sec, NULL, buf, sizeof buf), 0, "period NULL");
		}
	}
	return unit_done();
}
