/* mops-dedupe - merge duplicate person and account records into golden records. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dd.h"
#include "exit.h"
#include "opts.h"
#include "out.h"
#include "record.h"
#include "reject.h"
#include "util.h"

enum { O_TRAIN = 0x2000, O_EXPLAIN, O_MAXBLOCK, O_WINDOW, O_STRONG, O_MINLINKS,
	O_ALLPAIRS };

static void
usage(void)
{
	printf("usage: mops-dedupe [-m merge|tag|pairs] [-t weight] [-r rules.json] [--train]\n"
	    "                   [--explain] [--all-pairs] [--max-block n] [--window n]\n"
	    "                   [--strong weight] [--min-links fraction]\n"
	    "                   [--from ndjson|csv|tsv] [common options] [FILE...]\n"
	    "  -m, --mode MODE      merge: one golden record per cluster (default);\n"
	    "                       tag: every record with _cluster; pairs: scored pairs\n"
	    "  -t, --threshold W    match weight a pair needs (default 7)\n"
	    "  -r, --rules FILE     survivorship rules (JSON), see mops-dedupe(1)\n"
	    "      --train          estimate the field weights from the data (EM)\n"
	    "      --explain        pairs: per-field levels and weights\n"
	    "      --all-pairs      pairs: every compared pair, not only matches\n"
	    "      --max-block N    blocks bigger than N use a sliding window (16)\n"
	    "      --window N       sliding-window width in oversized blocks (8)\n"
	    "      --strong W       a link this strong joins two clusters outright (none)\n"
	    "      --min-links F    join clusters when F of the pairs between them link\n"
	    "                       (0.5) or their mean weight is not negative\n"
	    "      --from FORMAT    input format (ndjson)\n"
	    "      --rejects FILE, --max-rejects N, --max-line N, --stats, --progress,\n"
	    "      -q, --quiet, -h, --help, --version\n");
}

static const struct option longopts[] = {
	{ "mode", required_argument, NULL, 'm' },
	{ "threshold", required_argument, NULL, 't' },
	{ "rules", required_argument, NULL, 'r' },
	{ "train", no_argument, NULL, O_TRAIN },
	{ "explain", no_argument, NULL, O_EXPLAIN },
	{ "all-pairs", no_argument, NULL, O_ALLPAIRS },
	{ "max-block", required_argument, NULL, O_MAXBLOCK },
	{ "window", required_argument, NULL, O_WINDOW },
	{ "strong", required_argument, NULL, O_STRONG },
	{ "min-links", required_argument, NULL, O_MINLINKS },
	{ "from", required_argument, NULL, MOPS_OPT_FROM },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

static size_t
count_matches(const struct dd *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->npairs; i++)
		n += d->pairs[i].weight >= d->threshold;
	return n;
}

int
main(int argc, char **argv)
{
	struct dd d;
	const char *mode = "merge", *rules = NULL;
	enum mops_format fmt = MOPS_FMT_NDJSON;
	int c, st, rs, have_strong = 0;
	mops_reader *r;
	mops_json *rec;
	mops_out *o;
	unsigned long long out0;
	double t_start = mops_monotonic(), t[5];

	mops_init(argv[0]);
	memset(&d, 0, sizeof(d));
	d.threshold = 7;
	d.min_links = 0.5;
	d.max_block = 16;
	d.window = 8;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "m:t:r:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
			return MOPS_EX_OK;
		case 'm':
			if (strcmp(optarg, "merge") && strcmp(optarg, "tag") &&
			    strcmp(optarg, "pairs"))
				mops_usage_error("--mode: expected merge, tag or pairs, not \"%s\"",
				    optarg);
			mode = optarg;
			break;
		case 't':
			d.threshold = mops_parse_double("--threshold", optarg, -1000, 1000);
			d.threshold_set = 1;
			break;
		case 'r':
			rules = optarg;
			break;
		case O_TRAIN: d.train = 1; break;
		case O_EXPLAIN: d.explain = 1; break;
		case O_ALLPAIRS: d.all_pairs = 1; break;
		case O_MAXBLOCK:
			d.max_block = (size_t)mops_parse_int("--max-block", optarg, 2, 1000000);
			break;
		case O_WINDOW:
			d.window = (size_t)mops_parse_int("--window", optarg, 1, 10000);
			break;
		case O_STRONG:
			d.strong = mops_parse_double("--strong", optarg, -1000, 1000);
			have_strong = 1;
			break;
		case O_MINLINKS:
			d.min_links = mops_parse_double("--min-links", optarg, 0, 1);
			break;
		case MOPS_OPT_FROM:
			fmt = mops_parse_format("--from", optarg, 0);
			break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (rules && (st = dd_rules_load(rules)))
		return st;
	dd_weights_default(&d.wt);

	r = mops_reader_open(argv + optind, argc - optind, fmt);
	while ((rec = mops_reader_next(r))) {
		size_t len;
		const char *raw = mops_reader_raw(r, &len);
		const char *type = mops_json_get_str(rec, "type");
		const mops_json *id = mops_json_get(rec, "id");

		if (type && (!strcmp(type, "person") || !strcmp(type, "account")) &&
		    (!id || !mops_json_scalar_text(id) || !*mops_json_scalar_text(id))) {
			mops_reject(mops_reader_file(r), mops_reader_line(r), raw, len,
			    "%s record without an id", type);
			mops_json_free(rec);
			continue;
		}
		if (fmt == MOPS_FMT_NDJSON && len < UINT32_MAX) {
			dd_add(&d, rec, raw, len);
		} else {
			char *s = mops_json_dumps(rec);

			dd_add(&d, rec, s, strlen(s));
			free(s);
		}
		mops_json_free(rec);
		mops_progress(mops_reader_count(r));
	}
	st = mops_reader_close(r);

	t[0] = mops_monotonic();
	dd_sort(&d);
	dd_features_done(&d);
	t[1] = mops_monotonic();
	dd_block(&d);
	t[2] = mops_monotonic();
	dd_score(&d);	/* --train may set the threshold */
	if (!have_strong)
		d.strong = INFINITY;
	t[3] = mops_monotonic();
	dd_cluster(&d);
	t[4] = mops_monotonic();
	if (mops_cfg.stats)
		fprintf(stderr, "%s: %zu records, %zu candidate pairs, %zu over the threshold; "
		    "seconds: read %.2f, sort %.2f, block %.2f, score %.2f, cluster %.2f\n",
		    mops_progname, d.n, d.ncand, count_matches(&d), t[0] - t_start,
		    t[1] - t[0], t[2] - t[1], t[3] - t[2], t[4] - t[3]);
	/* Windowed blocks are routine (common names); one of a thousand
	 * records (a shared inbox, a placeholder value) is worth a warning. */
	if (d.big_blocks && (mops_cfg.stats || (d.biggest >= 1000 && !mops_cfg.quiet)))
		mops_warn("%zu blocks over %zu records (largest %zu) compared by a sliding "
		    "window of %zu, not as all pairs", d.big_blocks, d.max_block,
		    d.biggest, d.window);
	if (mops_cfg.stats)
		fprintf(stderr, "%s: blocking: %zu pairs compared; %zu blocks windowed; "
		    "%zu coarse blocks (surname alone, one-word name and a city...) "
		    "over 40 records left out, %zu records in them\n", mops_progname,
		    d.ncand_made, d.big_blocks, d.capped_blocks, d.capped_records);

	o = mops_stdout();
	out0 = mops_out_bytes(o);
	if (!strcmp(mode, "tag"))
		dd_write_tag(&d, o);
	else if (!strcmp(mode, "pairs"))
		dd_write_pairs(&d, o);
	else
		dd_write_merge(&d, o);
	(void)out0;
	mops_stats_end(d.n, d.n);
	mops_out_close(o);
	dd_free(&d);
	dd_rules_free();
	rs = mops_rejects_status();
	return st ? st : rs;
}
