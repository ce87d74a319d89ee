/*
 * mops-normalize - raw vendor records in, canonical records out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exit.h"
#include "normalize.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "recwrite.h"
#include "reject.h"
#include "util.h"


static void
usage(void)
{
	printf("usage: mops-normalize [options] [FILE...]\n"
	    "Map raw vendor records onto canonical records and clean their values.\n\n"
	    "  --from FORMAT        ndjson (default), csv, tsv or singer\n"
	    "  --stream NAME        stream of records without _stream (default for\n"
	    "                       CSV: file.<name of the file>)\n"
	    "  --map FILE           extra field mappings and lifecycle values (JSON)\n"
	    "  --utm-rules FILE     check UTMs against a taxonomy (JSON)\n"
	    "  --date-order ORDER   mdy (default), dmy or ymd for dates like 05/01/2026\n"
	    "  --to FORMAT          ndjson (default), csv or tsv\n"
	    "  --columns A,B,...    CSV/TSV columns (default: the record type's fields)\n"
	    "  -j, --jobs N         N worker threads, output order kept\n"
	    "  --rejects FILE       copy rejected lines to FILE\n"
	    "  --max-rejects N      exit 65 when more than N lines are rejected (0)\n"
	    "  --max-line BYTES     longest accepted line (16 MiB)\n"
	    "  --stats, --progress  a summary / progress on stderr\n"
	    "  -q, --quiet          only errors on stderr\n"
	    "  -h, --help           this help\n"
	    "  --version            print the version\n");
}

enum { O_STREAM = 1, O_MAP, O_UTM, O_DATE, O_TO, O_COLUMNS };

static const struct option longopts[] = {
	{ "from", required_argument, NULL, MOPS_OPT_FROM },
	{ "stream", required_argument, NULL, O_STREAM },
	{ "map", required_argument, NULL, O_MAP },
	{ "utm-rules", required_argument, NULL, O_UTM },
	{ "date-order", required_argument, NULL, O_DATE },
	{ "jobs", required_argument, NULL, 'j' },
	{ "to", required_argument, NULL, O_TO },
	{ "columns", required_argument, NULL, O_COLUMNS },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static char *
stream_from_file(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strchr(b, '.');
	return mops_xasprintf("file.%.*s", dot ? (int)(dot - b) : (int)strlen(b), b);
}

int
main(int argc, char **argv)
{
	struct norm_cfg cfg;
	enum mops_format fmt = MOPS_FMT_NDJSON, to = MOPS_FMT_NDJSON;
	const char *columns = NULL;
	mops_recwriter *w;
	mops_reader *r;
	mops_out *o;
	mops_json *rec, *out;
	char *default_stream = NULL;
	unsigned long long nin = 0, nout = 0;
	int c, st, rs, jobs = 1;

	mops_init(argv[0]);
	memset(&cfg, 0, sizeof(cfg));
	cfg.date_order = MOPS_DATE_MDY;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "j:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
			return MOPS_EX_OK;
		case MOPS_OPT_FROM:
			fmt = mops_parse_format("--from", optarg, 1);
			break;
		case O_STREAM:
			cfg.default_stream = optarg;
			break;
		case O_MAP:
			if (norm_load_map(&cfg, optarg) != 0)
				exit(MOPS_EX_CONFIG);
			break;
		case O_UTM:
			if (norm_load_utm_rules(&cfg, optarg) != 0)
				exit(MOPS_EX_CONFIG);
			break;
		case O_DATE:
			if (strcmp(optarg, "mdy") == 0)
				cfg.date_order = MOPS_DATE_MDY;
			else if (strcmp(optarg, "dmy") == 0)
				cfg.date_order = MOPS_DATE_DMY;
			else if (strcmp(optarg, "ymd") == 0)
				cfg.date_order = MOPS_DATE_YMD;
			else
				mops_usage_error("--date-order: '%s': use mdy, dmy or ymd",
				    optarg);
			break;
		case 'j':
			jobs = (int)mops_parse_int("--jobs", optarg, 1, 64);
			break;
		case O_TO:
			to = mops_parse_format("--to", optarg, 0);
			break;
		case O_COLUMNS:
			columns = optarg;
			break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (fmt == MOPS_FMT_SINGER)
		fmt = MOPS_FMT_NDJSON;	/* RECORD messages are recognised anyway */
	if (!cfg.default_stream && (fmt == MOPS_FMT_CSV || fmt == MOPS_FMT_TSV))
		cfg.default_stream = default_stream = stream_from_file(
		    optind < argc ? argv[optind] : "list");

	if (jobs > 1 && fmt == MOPS_FMT_NDJSON && to == MOPS_FMT_NDJSON) {
		st = norm_run_parallel(&cfg, argv + optind, argc - optind, jobs, &nin,
		    &nout);
	} else {
		r = mops_reader_open(argv + optind, argc - optind, fmt);
		o = mops_stdout();
		w = mops_recwriter_new(o, to, columns);
		while ((rec = mops_reader_next(r)) != NULL) {
			char where[64];

			norm_where_label(where, mops_reader_line(r));
			nin++;
			if ((out = norm_record(&cfg, rec, where)) != NULL) {
				mops_recwriter_write(w, out);
				mops_json_free(out);
				nout++;
			}
			mops_progress(nin);
		}
		st = mops_reader_close(r);
		mops_recwriter_free(w);
		mops_out_close(o);
	}
	mops_stats_end(nin, nout);
	norm_cfg_free(&cfg);
	free(default_stream);
	rs = mops_rejects_status();
	return st ? st : rs;
}
