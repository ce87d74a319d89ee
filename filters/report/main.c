/* mops-report - KPI tables from canonical records and credit rows. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "exit.h"
#include "mtime.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "reject.h"
#include "report.h"
#include "util.h"

static void
usage(void)
{
	printf("usage: mops-report REPORT [options] [FILE...]\n"
	    "       mops-report [REPORT] --merge [options] PARTIAL...\n"
	    "reports: funnel velocity sla attribution campaigns quality anomalies\n"
	    "         experiment lifecycle all scoring\n"
	    "  -b, --by FIELD,...        group by record fields\n"
	    "  -p, --period week|month|quarter  funnel cohorts per period\n"
	    "  -f, --format FMT          table csv tsv ndjson markdown html\n"
	    "  -t, --table NAME          only this table (csv/tsv write one table)\n"
	    "      --definitions         print the definitions, not the data\n"
	    "  -n, --now TIMESTAMP       the \"as of\" time (default: the clock)\n"
	    "      --sla DURATION        speed-to-lead deadline (default 24h)\n"
	    "      --fields FIELD,...    critical fields for quality\n"
	    "      --baseline-weeks N    anomalies: trailing weeks (default 4)\n"
	    "      --spike X             anomalies: flag value > X x baseline (2)\n"
	    "      --drop X              anomalies: flag value < X x baseline (0.5)\n"
	    "      --min-baseline X      anomalies: flag only from this baseline (5)\n"
	    "      --flagged             anomalies: only the flagged weeks\n"
	    "      --variant-field FIELD experiment: the person field naming the variant\n"
	    "      --by-touch FIELD      experiment: the touch field naming it instead\n"
	    "      --outcome STAGE       experiment, scoring: converted = reached this stage\n"
	    "      --control VALUE       experiment: the control variant\n"
	    "      --split V=W,...       experiment: expected split (default equal)\n"
	    "      --alpha X             experiment: significance level (0.05)\n"
	    "      --stuck DURATION      lifecycle: stuck after this long (30d)\n"
	    "      --threshold N         scoring: the MQL threshold (default: score_mql)\n"
	    "      --partial             write mergeable partial aggregates\n"
	    "      --merge               read partials and report their sum\n"
	    "      --from ndjson|csv|tsv input format\n"
	    "      --rejects FILE, --max-rejects N, --max-line N, --stats,\n"
	    "      --progress, -q, -h, --version\n");
}

enum {
	O_SLA = 0x2000, O_FIELDS, O_BASEW, O_SPIKE, O_DROP, O_MINB, O_PARTIAL,
	O_MERGE, O_DEFS, O_FLAGGED, O_VFIELD, O_BYTOUCH, O_OUTCOME, O_CONTROL,
	O_SPLIT, O_ALPHA, O_STUCK, O_THRESHOLD
};

static const struct option longopts[] = {
	{ "by", required_argument, NULL, 'b' },
	{ "period", required_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "table", required_argument, NULL, 't' },
	{ "definitions", no_argument, NULL, O_DEFS },
	{ "now", required_argument, NULL, 'n' },
	{ "sla", required_argument, NULL, O_SLA },
	{ "fields", required_argument, NULL, O_FIELDS },
	{ "baseline-weeks", required_argument, NULL, O_BASEW },
	{ "spike", required_argument, NULL, O_SPIKE },
	{ "drop", required_argument, NULL, O_DROP },
	{ "min-baseline", required_argument, NULL, O_MINB },
	{ "flagged", no_argument, NULL, O_FLAGGED },
	{ "variant-field", required_argument, NULL, O_VFIELD },
	{ "by-touch", required_argument, NULL, O_BYTOUCH },
	{ "outcome", required_argument, NULL, O_OUTCOME },
	{ "control", required_argument, NULL, O_CONTROL },
	{ "split", required_argument, NULL, O_SPLIT },
	{ "alpha", required_argument, NULL, O_ALPHA },
	{ "stuck", required_argument, NULL, O_STUCK },
	{ "threshold", required_argument, NULL, O_THRESHOLD },
	{ "partial", no_argument, NULL, O_PARTIAL },
	{ "merge", no_argument, NULL, O_MERGE },
	{ "from", required_argument, NULL, MOPS_OPT_FROM },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static const struct { const char *name; int bits; } report_names[] = {
	{ "funnel", R_FUNNEL }, { "velocity", R_VELOCITY }, { "sla", R_SLA },
	{ "attribution", R_ATTRIBUTION }, { "campaigns", R_CAMPAIGNS },
	{ "quality", R_QUALITY }, { "anomalies", R_ANOMALIES },
	{ "experiment", R_EXPERIMENT }, { "lifecycle", R_LIFECYCLE },
	{ "all", R_ALL }, { "scoring", R_SCORING },
};

static int
report_bits(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof report_names / sizeof *report_names; i++)
		if (strcmp(s, report_names[i].name) == 0)
			return report_names[i].bits;
	return 0;
}

/* Splits a comma list into v (strings copied); returns the count. */
static int
split_list(const char *opt, const char *arg, char **v, int max)
{
	char *s = mops_xstrdup(arg), *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max)
			mops_usage_error("%s: at most %d fields", opt, max);
		v[n++] = mops_xstrdup(tok);
	}
	free(s);
	if (n == 0)
		mops_usage_error("%s: empty list", opt);
	return n;
}

static enum out_format
parse_out_format(const char *s)
{
	static const char *const names[] = { "table", "csv", "tsv", "ndjson",
	    "markdown", "html" };
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum out_format)i;
	if (strcmp(s, "md") == 0)
		return F_MARKDOWN;
	mops_usage_error("--format: unknown format '%s'", s);
}

/* --split A=0.5,B=0.5: names and positive weights (scaled to add up to 1). */
static void
parse_split(struct params *p, const char *arg)
{
	char *v[MAXSPLIT];
	int n = split_list("--split", arg, v, MAXSPLIT), i, j;

	for (i = 0; i < n; i++) {
		char *eq = strrchr(v[i], '=');
		if (!eq || eq == v[i])
			mops_usage_error("--split: expected VARIANT=WEIGHT, not '%s'",
			    v[i]);
		*eq = '\0';
		p->split_w[i] = mops_parse_double("--split", eq + 1, 1e-9, 1e9);
		for (j = 0; j < i; j++)
			if (strcmp(p->split[j], v[i]) == 0)
				mops_usage_error("--split: variant '%s' twice", v[i]);
		p->split[i] = v[i];
	}
	p->nsplit = n;
}

/* The experiment's options against the report; clears R_EXPERIMENT from
 * "all" when no variant field is given. */
static void
check_experiment(struct params *p)
{
	int all = strcmp(p->report_name, "all") == 0;

	if (!(p->reports & R_EXPERIMENT))
		return;
	if (p->variant_field && p->by_touch)
		mops_usage_error("--variant-field and --by-touch exclude each other");
	if (!p->variant_field && !p->by_touch) {
		if (!all)
			mops_usage_error("experiment: --variant-field or --by-touch "
			    "is required");
		p->reports &= ~R_EXPERIMENT;
		return;
	}
	if (p->outcome < 0)
		mops_usage_error("experiment: --outcome STAGE is required");
}

static const char *const default_fields[] = { "email", "first_name",
    "last_name", "company", "country", "lifecycle_stage", "owner_id",
    "channel" };

/* Builds the report's tables, keeps --table's, writes them; returns the
 * number of rows written. */
static unsigned long long
write_tables(mops_out *o, struct store *st, const struct params *p, int fmt,
    const char *only, int defs)
{
	struct table **t;
	size_t nt, i, k;
	unsigned long long rows = 0;

	/* the funnel table by a field with many values can have millions of
	 * rows: written as it is built when nothing else needs it whole */
	if (!defs && (!only || strcmp(only, "funnel") == 0))
		t = reports_build_stream(st, p, &nt, o, (enum out_format)fmt);
	else
		t = reports_build(st, p, &nt);
	if (only) {
		for (i = k = 0; i < nt; i++) {
			if (strcmp(t[i]->name, only) == 0)
				t[k++] = t[i];
			else
				table_free(t[i]);
		}
		if (k == 0)
			mops_die(MOPS_EX_USAGE, "--table: no table '%s' in report %s",
			    only, p->report_name);
		nt = k;
	}
	if (defs)
		tables_write_definitions(o, t, nt);
	else
		tables_write(o, (enum out_format)fmt, t, nt, p);
	for (i = 0; i < nt; i++) {
		rows += t[i]->nrows + t[i]->streamed;
		table_free(t[i]);
	}
	free(t);
	return rows;
}

int
main(int argc, char **argv)
{
	struct params p;
	struct store *st;
	size_t i;
	int c, fmt = -1, partial = 0, merge = 0, defs = 0, status = 0;
	unsigned long long nin = 0, nout = 0;
	enum mops_format from = MOPS_FMT_NDJSON;
	const char *only = NULL;
	struct mops_time tm;
	mops_out *o;

	mops_init(argv[0]);
	memset(&p, 0, sizeof p);
	p.now = -1;
	p.sla = 86400;
	p.baseline_weeks = 4;
	p.spike = 2;
	p.drop = 0.5;
	p.min_baseline = 5;
	p.outcome = -1;
	p.alpha = 0.05;
	p.stuck = 30 * 86400;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "b:p:f:t:n:",
	    longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(); return MOPS_EX_OK;
		case 'b':
			p.nby = split_list("--by", optarg, p.by, MAXBY);
			p.by_given = 1;
			break;
		case 'p':
			if (strcmp(optarg, "week") == 0)
				p.period = P_WEEK;
			else if (strcmp(optarg, "month") == 0)
				p.period = P_MONTH;
			else if (strcmp(optarg, "quarter") == 0)
				p.period = P_QUARTER;
			else
				mops_usage_error("--period: expected week, month or "
				    "quarter, not '%s'", optarg);
			break;
		case 'f': fmt = (int)parse_out_format(optarg); break;
		case 't': only = optarg; break;
		case O_DEFS: defs = 1; break;
		case 'n':
			if (mops_time_parse(optarg, MOPS_DATE_YMD, &tm) != 0)
				mops_usage_error("--now: not a timestamp: '%s'", optarg);
			p.now = tm.sec;
			p.now_given = 1;
			break;
		case O_SLA:
			p.sla = (int64_t)mops_parse_duration("--sla", optarg);
			break;
		case O_FIELDS:
			p.nfields = split_list("--fields", optarg, p.fields, 32);
			break;
		case O_BASEW:
			p.baseline_weeks = (int)mops_parse_int("--baseline-weeks",
			    optarg, 1, 520);
			break;
		case O_SPIKE: p.spike = mops_parse_double("--spike", optarg, 0, 1e9);
			break;
		case O_DROP: p.drop = mops_parse_double("--drop", optarg, 0, 1e9);
			break;
		case O_MINB:
			p.min_baseline = mops_parse_double("--min-baseline", optarg, 0,
			    1e18);
			break;
		case O_FLAGGED: p.flagged = 1; break;
		case O_VFIELD:
			free(p.variant_field);
			p.variant_field = mops_xstrdup(optarg);
			break;
		case O_BYTOUCH:
			free(p.by_touch);
			p.by_touch = mops_xstrdup(optarg);
			break;
		case O_OUTCOME:
			if ((p.outcome = stage_rank(optarg)) < 0)
				mops_usage_error("--outcome: not a lifecycle stage: '%s' "
				    "(subscriber, lead, mql, sql, opportunity, customer, "
				    "evangelist)", optarg);
			break;
		case O_CONTROL:
			free(p.control);
			p.control = mops_xstrdup(optarg);
			break;
		case O_SPLIT:
			for (c = 0; c < p.nsplit; c++)
				free(p.split[c]);
			parse_split(&p, optarg);
			break;
		case O_ALPHA:
			p.alpha = mops_parse_double("--alpha", optarg, 1e-9, 0.5);
			break;
		case O_STUCK:
			/* "30" alone reads as seconds elsewhere: here a unit is due */
			if (!*optarg || strchr("0123456789.", optarg[strlen(optarg) - 1]))
				mops_usage_error("--stuck: a duration needs a unit: '%s' "
				    "(like 30d, 12h, 2w)", optarg);
			p.stuck = (int64_t)mops_parse_duration("--stuck", optarg);
			break;
		case O_THRESHOLD:
			p.threshold = mops_parse_double("--threshold", optarg, -1e12, 1e12);
			p.has_threshold = 1;
			break;
		case O_PARTIAL: partial = 1; break;
		case O_MERGE: merge = 1; break;
		case MOPS_OPT_FROM: from = mops_parse_format("--from", optarg, 0); break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (optind < argc && report_bits(argv[optind])) {
		p.report_name = argv[optind++];
	} else if (!merge) {
		if (optind < argc)
			mops_usage_error("unknown report '%s'", argv[optind]);
		mops_usage_error("missing REPORT");
	}
	if (partial && merge)
		mops_usage_error("--partial and --merge exclude each other");
	if (p.report_name && strcmp(p.report_name, "scoring") == 0 && p.outcome < 0)
		mops_usage_error("scoring: --outcome STAGE is needed");
	if (!p.nfields)
		for (i = 0; i < sizeof default_fields / sizeof *default_fields; i++)
			p.fields[p.nfields++] = mops_xstrdup(default_fields[i]);
	if (p.now < 0 && !merge)
		p.now = (int64_t)time(NULL);

	st = store_new();
	if (merge) {
		/* the partials' own options replace ours */
		for (c = 0; c < p.nby; c++)
			free(p.by[c]), p.by[c] = NULL;
		for (c = 0; c < p.nfields; c++)
			free(p.fields[c]);
		p.nby = p.nfields = 0;
		if (!p.report_name)
			p.report_name = "-";
		mops_cfg.empty_ok = 1;	/* partials are aggregates, not records */
		store_read_partial(st, &p, argv + optind, argc - optind);
	} else {
		p.reports = report_bits(p.report_name);
		check_experiment(&p);
		if (p.outcome >= 0 && strcmp(p.report_name, "all") == 0)
			p.reports |= R_SCORING;
		status = ingest_files(&p, st, argv + optind, argc - optind, from,
		    &nin, partial);
	}
	p.reports = report_bits(p.report_name);
	check_experiment(&p);
	if (p.outcome >= 0 && strcmp(p.report_name, "all") == 0)
		p.reports |= R_SCORING;	/* all, with the scoring tables */
	if (fmt < 0)
		fmt = strcmp(p.report_name, "all") == 0 ? F_HTML :
		    isatty(STDOUT_FILENO) ? F_TABLE : F_NDJSON;
	o = mops_stdout();
	if (partial)
		store_write_partial(st, &p, o);
	else
		nout = write_tables(o, st, &p, fmt, only, defs);
	store_free(st);
	mops_out_close(o);
	mops_stats_end(nin, nout);
	for (c = 0; c < p.nby; c++)
		free(p.by[c]);
	for (c = 0; c < p.nfields; c++)
		free(p.fields[c]);
	for (c = 0; c < p.nsplit; c++)
		free(p.split[c]);
	free(p.variant_field);
	free(p.by_touch);
	free(p.control);
	if (status)
		return status;
	return mops_rejects_status();
}
