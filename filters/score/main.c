/*
 * mops-score - score persons from rules (fit + behaviour points) or from a
 * learned model, or learn that model from history.  See mops-score(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exit.h"
#include "mtime.h"
#include "opts.h"
#include "out.h"
#include "reject.h"
#include "score.h"
#include "util.h"

static void
usage(void)
{
	printf("usage: mops-score --rules FILE [options] [FILE...]\n"
	    "       mops-score --model FILE [options] [FILE...]\n"
	    "       mops-score --fit --outcome STAGE --model-out FILE [options] [FILE...]\n"
	    "  -r, --rules FILE        points rules (JSON; see mops-score(1))\n"
	    "  -m, --model FILE        a model written by --fit\n"
	    "      --fit               learn a model from history\n"
	    "      --outcome STAGE     the stage the model predicts (sql, opportunity...)\n"
	    "      --model-out FILE    where --fit writes the model\n"
	    "      --window DUR|none   maturity window for --fit (none)\n"
	    "      --cutoff none|outcome  --fit counts touches up to the outcome (none)\n"
	    "      --l2 X              ridge penalty for --fit (1)\n"
	    "      --exclude LIST      fields --fit never uses, comma-separated\n"
	    "  -t, --threshold N       MQL threshold, overriding the file's\n"
	    "  -n, --now TIMESTAMP     score as of this time (default: the clock)\n"
	    "  -g, --grouped           input grouped by person: stream, no spool\n"
	    "      --rejects FILE, --max-rejects N, --max-line N, --stats, --progress,\n"
	    "  -q, --quiet, -h, --help, --version\n");
}

enum { OPT_FIT = 0x100, OPT_OUTCOME, OPT_MODEL_OUT, OPT_WINDOW, OPT_CUTOFF, OPT_L2,
	OPT_EXCLUDE };

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "model", required_argument, NULL, 'm' },
	{ "fit", no_argument, NULL, OPT_FIT },
	{ "outcome", required_argument, NULL, OPT_OUTCOME },
	{ "model-out", required_argument, NULL, OPT_MODEL_OUT },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "cutoff", required_argument, NULL, OPT_CUTOFF },
	{ "l2", required_argument, NULL, OPT_L2 },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "threshold", required_argument, NULL, 't' },
	{ "now", required_argument, NULL, 'n' },
	{ "grouped", no_argument, NULL, 'g' },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* "a,b,c" -> a NULL-terminated list of new strings. */
static char **
split_list(const char *arg)
{
	char *copy = mops_xstrdup(arg), *p = copy, *tok;
	char **v = mops_xcalloc(strlen(arg) + 2, sizeof(char *));
	size_t n = 0;

	while ((tok = strsep(&p, ",")) != NULL)
		if (*tok)
			v[n++] = mops_xstrdup(tok);
	free(copy);
	return v;
}

int
main(int argc, char **argv)
{
	struct sc_opts o;
	struct sc_rules rules;
	const char *rules_file = NULL, *model_file = NULL;
	struct mops_time t;
	int c, st, rs, now_given = 0;
	char **ex;

	mops_init(argv[0]);
	memset(&o, 0, sizeof(o));
	o.fit.l2 = 1;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "r:m:t:n:g", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'h': usage(); return MOPS_EX_OK;
		case 'r': rules_file = optarg; break;
		case 'm': model_file = optarg; break;
		case OPT_FIT: o.fitting = 1; break;
		case OPT_OUTCOME: o.fit.outcome = optarg; break;
		case OPT_MODEL_OUT: o.model_out = optarg; break;
		case OPT_WINDOW:
			o.fit.window = strcmp(optarg, "none") == 0 ? 0 :
			    mops_parse_duration("--window", optarg);
			break;
		case OPT_CUTOFF:
			if (strcmp(optarg, "outcome") == 0)
				o.fit.cutoff_outcome = 1;
			else if (strcmp(optarg, "none") == 0)
				o.fit.cutoff_outcome = 0;
			else
				mops_usage_error("--cutoff: expected none or outcome: '%s'", optarg);
			break;
		case OPT_L2: o.fit.l2 = mops_parse_double("--l2", optarg, 0, 1e9); break;
		case OPT_EXCLUDE:
			if (o.fit.exclude)
				mops_usage_error("--exclude: given twice (use one list)");
			o.fit.exclude = split_list(optarg);
			break;
		case 't':
			o.threshold = mops_parse_double("--threshold", optarg, -1e12, 1e12);
			o.has_threshold = 1;
			break;
		case 'n':
			if (mops_time_parse(optarg, MOPS_DATE_YMD, &t) != 0)
				mops_usage_error("--now: not a timestamp: '%s'", optarg);
			o.now = t.sec;
			now_given = 1;
			break;
		case 'g': o.grouped = 1; break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (!now_given)
		o.now = (int64_t)time(NULL);
	o.fit.now = o.now;
	o.fit.has_threshold = o.has_threshold;
	o.fit.threshold = o.threshold;
	if (!!rules_file + !!model_file + o.fitting != 1)
		mops_usage_error("one of --rules, --model or --fit is needed");
	if (o.fitting && (!o.fit.outcome || !o.model_out))
		mops_usage_error("--fit needs --outcome STAGE and --model-out FILE");
	if (!o.fitting && (o.fit.outcome || o.model_out))
		mops_usage_error("--outcome and --model-out go with --fit");
	if (o.fitting && o.grouped)
		mops_usage_error("--grouped: not with --fit");
	if (rules_file) {
		if ((st = rules_load(&rules, rules_file)))
			return st;
		if (o.has_threshold) {
			rules.has_threshold = 1;
			rules.threshold = o.threshold;
		}
		o.rules = &rules;
	}
	if (model_file && (st = model_load(&o.model, model_file)))
		return st;
	st = sc_run(&o, argv + optind, argc - optind);
	if (!o.fitting)
		mops_out_close(mops_stdout());
	if (o.rules)
		rules_free(o.rules);
	model_free(o.model);
	if ((ex = o.fit.exclude)) {
		for (; *ex; ex++)
			free(*ex);
		free(o.fit.exclude);
	}
	rs = mops_rejects_status();
	return st ? st : rs;
}
