/*
 * mops-extract - pull records from a vendor API or export files and write them
 * as raw NDJSON (the vendor's object plus _stream and _extracted_at).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "exit.h"
#include "opts.h"
#include "reject.h"
#include "util.h"
#include "extract.h"
#include "http.h"
#include "state.h"

static struct ex_run run;

static void
usage(void)
{
	printf("usage: mops-extract hubspot contacts|companies|deals [options]\n"
	    "       mops-extract salesforce OBJECT | --soql QUERY [options]\n"
	    "       mops-extract marketo leads|activities [options]\n"
	    "       mops-extract ga4 report --dimensions D --metrics M [options]\n"
	    "       mops-extract rest URL --records POINTER [paging options]\n"
	    "       mops-extract file PATH...\n"
	    "options: --state FILE --since T --until T --lookback DUR --now T\n"
	    "  --base-url URL --token-file FILE --to ndjson|singer --dry-run -v\n"
	    "  --page-size N --retries N --retry-max-delay S --timeout S --max-response N\n"
	    "  hubspot: --properties LIST --associations LIST --archived\n"
	    "  salesforce: --soql Q --fields LIST --deleted --bulk[=auto|always|never]\n"
	    "      --bulk-threshold N --api-version V --max-api-usage PCT\n"
	    "  marketo: --filter-type F --filter-values LIST --activity-types LIST --bulk\n"
	    "  ga4: --property ID --dimensions LIST --metrics LIST\n"
	    "      --date-range START,END[,NAME] (up to 4)\n"
	    "  rest: --records PTR --cursor-field PTR --cursor-param P --next-field PTR\n"
	    "      --link-header --offset-param P --limit-param P --stream NAME\n"
	    "      --auth-header NAME\n"
	    "  file: --format csv|tsv|ndjson|json --max-bytes N --max-ratio R\n"
	    "See mops-extract(1).\n");
}

enum {
	O_BASE = 0x2000, O_TOKFILE, O_STATE, O_SINCE, O_UNTIL, O_LOOKBACK, O_NOW, O_TO,
	O_DRY, O_ARCHIVED, O_DELETED, O_BULK, O_PAGE, O_PROPS, O_ASSOC, O_SOQL, O_FIELDS,
	O_APIV, O_MAXUSE, O_FTYPE, O_FVALUES, O_ATYPES, O_DIMS, O_METRICS, O_PROPERTY,
	O_RECORDS, O_CFIELD, O_CPARAM, O_NFIELD, O_LINK, O_OPARAM, O_LPARAM, O_STREAM,
	O_AUTHH, O_FORMAT, O_MAXB, O_MAXR, O_RETRIES, O_MAXDELAY, O_TIMEOUT, O_MAXRESP,
	O_BULKMIN, O_DRANGE
};

static const struct option longopts[] = {
	{ "state", required_argument, NULL, O_STATE },
	{ "since", required_argument, NULL, O_SINCE },
	{ "until", required_argument, NULL, O_UNTIL },
	{ "lookback", required_argument, NULL, O_LOOKBACK },
	{ "now", required_argument, NULL, O_NOW },
	{ "base-url", required_argument, NULL, O_BASE },
	{ "token-file", required_argument, NULL, O_TOKFILE },
	{ "to", required_argument, NULL, O_TO },
	{ "dry-run", no_argument, NULL, O_DRY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "page-size", required_argument, NULL, O_PAGE },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "retry-max-delay", required_argument, NULL, O_MAXDELAY },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "max-response", required_argument, NULL, O_MAXRESP },
	{ "properties", required_argument, NULL, O_PROPS },
	{ "associations", required_argument, NULL, O_ASSOC },
	{ "archived", no_argument, NULL, O_ARCHIVED },
	{ "soql", required_argument, NULL, O_SOQL },
	{ "fields", required_argument, NULL, O_FIELDS },
	{ "deleted", no_argument, NULL, O_DELETED },
	{ "bulk", optional_argument, NULL, O_BULK },
	{ "bulk-threshold", required_argument, NULL, O_BULKMIN },
	{ "api-version", required_argument, NULL, O_APIV },
	{ "max-api-usage", required_argument, NULL, O_MAXUSE },
	{ "filter-type", required_argument, NULL, O_FTYPE },
	{ "filter-values", required_argument, NULL, O_FVALUES },
	{ "activity-types", required_argument, NULL, O_ATYPES },
	{ "property", required_argument, NULL, O_PROPERTY },
	{ "dimensions", required_argument, NULL, O_DIMS },
	{ "metrics", required_argument, NULL, O_METRICS },
	{ "date-range", required_argument, NULL, O_DRANGE },
	{ "records", required_argument, NULL, O_RECORDS },
	{ "cursor-field", required_argument, NULL, O_CFIELD },
	{ "cursor-param", required_argument, NULL, O_CPARAM },
	{ "next-field", required_argument, NULL, O_NFIELD },
	{ "link-header", no_argument, NULL, O_LINK },
	{ "offset-param", required_argument, NULL, O_OPARAM },
	{ "limit-param", required_argument, NULL, O_LPARAM },
	{ "stream", required_argument, NULL, O_STREAM },
	{ "auth-header", required_argument, NULL, O_AUTHH },
	{ "format", required_argument, NULL, O_FORMAT },
	{ "max-bytes", required_argument, NULL, O_MAXB },
	{ "max-ratio", required_argument, NULL, O_MAXR },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

void
ex_fail(int status, const char *fmt, ...)
{
	va_list ap;

	/* records already written are good output: hand them on, keep the state */
	if (run.out)
		mops_out_flush(run.out);
	va_start(ap, fmt);
	mops_vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

static int64_t
parse_time_opt(const char *opt, const char *arg)
{
	int64_t ms;

	if (ex_time_parse(arg, &ms) != 0)
		mops_usage_error("%s: invalid timestamp '%s'", opt, arg);
	return ms;
}

static void
set_now(const char *arg)
{
	if (arg && *arg)
		run.now = parse_time_opt("--now", arg);
	else
		run.now = (int64_t)time(NULL) * 1000;
	/* _extracted_at: whole seconds are enough and keep lines stable */
	ex_time_fmt(run.now - run.now % 1000, run.now_text, sizeof(run.now_text));
}

int
main(int argc, char **argv)
{
	const char *token_file = NULL, *now = getenv("MOPS_NOW");
	int c;

	mops_init(argv[0]);
	run.since = run.until = EX_NO_TIME;
	run.max_bytes = 0;	/* files.c: 1 GiB for inflated data, no cap for plain files */
	run.max_ratio = 200;
	run.max_api_usage = 90;
	run.bulk_threshold = EX_BULK_THRESHOLD;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "v", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(); return MOPS_EX_OK;
		case 'v': run.verbose = 1; break;
		case O_STATE: run.state_path = optarg; break;
		case O_SINCE: run.since = parse_time_opt("--since", optarg); break;
		case O_UNTIL: run.until = parse_time_opt("--until", optarg); break;
		case O_LOOKBACK:
			run.lookback = (int64_t)(mops_parse_duration("--lookback", optarg) * 1000);
			break;
		case O_NOW: now = optarg; break;
		case O_BASE: run.base_url = optarg; break;
		case O_TOKFILE: token_file = optarg; break;
		case O_TO:
			if (strcmp(optarg, "singer") == 0)
				run.singer = 1;
			else if (strcmp(optarg, "ndjson") != 0)
				mops_usage_error("--to: expected ndjson or singer, not '%s'", optarg);
			break;
		case O_DRY: run.dry_run = 1; break;
		case O_PAGE: run.page_size = (long)mops_parse_int("--page-size", optarg, 1, 1000000); break;
		case O_RETRIES: ex_http_retries = (int)mops_parse_int("--retries", optarg, 0, 100); break;
		case O_MAXDELAY:
			ex_http_max_delay = mops_parse_duration("--retry-max-delay", optarg);
			break;
		case O_TIMEOUT: ex_http_timeout = mops_parse_duration("--timeout", optarg); break;
		case O_MAXRESP:
			ex_http_max_bytes = mops_parse_int("--max-response", optarg, 1024, 1LL << 40);
			break;
		case O_PROPS: run.properties = optarg; break;
		case O_ASSOC: run.associations = optarg; break;
		case O_ARCHIVED: run.archived = 1; break;
		case O_SOQL: run.soql = optarg; break;
		case O_FIELDS: run.fields = optarg; break;
		case O_DELETED: run.deleted = 1; break;
		case O_BULK:
			/* a bare --bulk means always, as it always did */
			if (!optarg || !strcmp(optarg, "always"))
				run.bulk = EX_BULK_ALWAYS;
			else if (!strcmp(optarg, "auto"))
				run.bulk = EX_BULK_AUTO;
			else if (!strcmp(optarg, "never"))
				run.bulk = EX_BULK_NEVER;
			else
				mops_usage_error("--bulk: expected auto, always or never, not '%s'", optarg);
			break;
		case O_BULKMIN:
			run.bulk_threshold = mops_parse_int("--bulk-threshold", optarg, 0, 1LL << 40);
			break;
		case O_APIV: run.api_version = optarg; break;
		case O_MAXUSE:
			run.max_api_usage = mops_parse_double("--max-api-usage", optarg, 0.0001, 100);
			break;
		case O_FTYPE: run.filter_type = optarg; break;
		case O_FVALUES: run.filter_values = optarg; break;
		case O_ATYPES: run.activity_types = optarg; break;
		case O_PROPERTY: run.property = optarg; break;
		case O_DIMS: run.dimensions = optarg; break;
		case O_METRICS: run.metrics = optarg; break;
		case O_DRANGE:
			if (run.ndate_ranges == 4)
				mops_usage_error("--date-range: GA4 takes at most 4 date ranges");
			run.date_ranges[run.ndate_ranges++] = optarg;
			break;
		case O_RECORDS: run.records_ptr = optarg; break;
		case O_CFIELD: run.cursor_field = optarg; break;
		case O_CPARAM: run.cursor_param = optarg; break;
		case O_NFIELD: run.next_field = optarg; break;
		case O_LINK: run.link_header = 1; break;
		case O_OPARAM: run.offset_param = optarg; break;
		case O_LPARAM: run.limit_param = optarg; break;
		case O_STREAM: run.stream = optarg; break;
		case O_AUTHH: run.auth_header = optarg; break;
		case O_FORMAT: run.format = optarg; break;
		case O_MAXB: run.max_bytes = mops_parse_int("--max-bytes", optarg, 1, 1LL << 40); break;
		case O_MAXR: run.max_ratio = mops_parse_double("--max-ratio", optarg, 1, 1e9); break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (optind >= argc)
		mops_usage_error("missing VENDOR (hubspot, salesforce, marketo, ga4, rest, file)");
	run.vendor = argv[optind++];
	if (optind < argc)
		run.object = argv[optind];
	run.paths = argv + optind;
	run.npaths = argc - optind;
	set_now(now);
	if (run.since != EX_NO_TIME && run.until != EX_NO_TIME && run.until <= run.since)
		mops_usage_error("--until must be after --since");
	mops_cfg.empty_ok = 1;	/* an incremental run may find nothing new */
	ex_secrets_load(token_file);
	run.state = ex_state_load(run.state_path);
	run.out = mops_stdout();

	if (strcasecmp(run.vendor, "hubspot") == 0)
		ex_hubspot(&run);
	else if (strcasecmp(run.vendor, "salesforce") == 0)
		ex_salesforce(&run);
	else if (strcasecmp(run.vendor, "marketo") == 0)
		ex_marketo(&run);
	else if (strcasecmp(run.vendor, "ga4") == 0)
		ex_ga4(&run);
	else if (strcasecmp(run.vendor, "rest") == 0)
		ex_rest(&run);
	else if (strcasecmp(run.vendor, "file") == 0)
		ex_files(&run);
	else
		mops_usage_error("unknown vendor '%s' (hubspot, salesforce, marketo, "
		    "ga4, rest, file)", run.vendor);

	/* the state moves only once every record is out of our hands */
	mops_out_flush(run.out);
	if (!run.dry_run) {
		if (run.until != EX_NO_TIME)
			ex_state_cap(run.state, run.until);
		ex_emit_state(&run);
		mops_out_flush(run.out);
		ex_state_commit(run.state);
	}
	ex_state_free(run.state);
	mops_out_close(run.out);
	mops_stats_end(run.nrec, run.nrec);	/* records read = records written */
	return mops_rejects_status();
}
