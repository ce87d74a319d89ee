/*
 * mops-attribute - credit opportunities to the touches that led to them, under
 * one or more attribution models.  See mops-attribute(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attribute.h"
#include "exit.h"
#include "opts.h"
#include "out.h"
#include "reject.h"
#include "util.h"

static void
usage(void)
{
	printf("usage: mops-attribute [options] [FILE...]\n"
	    "  -m, --model LIST        models, comma-separated, or all (default linear):\n"
	    "                          first last last_non_direct linear position w_shaped\n"
	    "                          z_shaped time_decay j_shaped inverse_j participation\n"
	    "                          markov shapley data_driven\n"
	    "  -b, --by channel|campaign  roll-ups instead of credit rows\n"
	    "  -t, --touches FILE      touches from FILE (the input holds opportunities)\n"
	    "      --from ndjson|paths input: records (default) or ChannelAttribution paths\n"
	    "      --join person|account|both  how touches meet opportunities (both)\n"
	    "      --lookback DUR|none window before the conversion (90d)\n"
	    "      --until creation|close  the conversion point (creation)\n"
	    "      --half-life DUR     time decay half-life (7d)\n"
	    "      --position-weights F,M,L  (40,20,40)\n"
	    "      --j-weights F,M,L   (20,20,60)\n"
	    "      --inverse-j-weights F,M,L (60,20,20)\n"
	    "      --w-weights F,L,O,R (30,30,30,10)\n"
	    "      --z-weights F,L,O,C,R (22.5,22.5,22.5,22.5,10)\n"
	    "      --short-paths split|renormalise  when every touch is a milestone (split)\n"
	    "      --drop-direct       drop Direct touches unless the path is all Direct\n"
	    "      --drop-repeats      drop consecutive touches of the same channel\n"
	    "      --order K           Markov chain order (1)\n"
	    "      --no-nulls          Markov chain without null paths\n"
	    "      --markov-graph mops|channelattribution  Markov states (mops)\n"
	    "      --transform unique|exposure|first|frequency  data_driven paths (exposure)\n"
	    "      --rejects FILE, --max-rejects N, --max-line N, --stats, --progress,\n"
	    "  -q, --quiet, -h, --help, --version\n");
}

enum {
	OPT_FROM = 0x100, OPT_JOIN, OPT_LOOKBACK, OPT_UNTIL, OPT_HALF_LIFE,
	OPT_POSITION_W, OPT_J_W, OPT_INVERSE_J_W, OPT_W_W, OPT_Z_W, OPT_SHORT,
	OPT_DROP_DIRECT, OPT_DROP_REPEATS, OPT_ORDER, OPT_NO_NULLS, OPT_GRAPH,
	OPT_TRANSFORM
};

static const struct option longopts[] = {
	{ "model", required_argument, NULL, 'm' },
	{ "by", required_argument, NULL, 'b' },
	{ "touches", required_argument, NULL, 't' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "join", required_argument, NULL, OPT_JOIN },
	{ "lookback", required_argument, NULL, OPT_LOOKBACK },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "half-life", required_argument, NULL, OPT_HALF_LIFE },
	{ "position-weights", required_argument, NULL, OPT_POSITION_W },
	{ "u-weights", required_argument, NULL, OPT_POSITION_W },
	{ "j-weights", required_argument, NULL, OPT_J_W },
	{ "inverse-j-weights", required_argument, NULL, OPT_INVERSE_J_W },
	{ "w-weights", required_argument, NULL, OPT_W_W },
	{ "z-weights", required_argument, NULL, OPT_Z_W },
	{ "short-paths", required_argument, NULL, OPT_SHORT },
	{ "drop-direct", no_argument, NULL, OPT_DROP_DIRECT },
	{ "drop-repeats", no_argument, NULL, OPT_DROP_REPEATS },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "no-nulls", no_argument, NULL, OPT_NO_NULLS },
	{ "markov-graph", required_argument, NULL, OPT_GRAPH },
	{ "transform", required_argument, NULL, OPT_TRANSFORM },
	MOPS_COMMON_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* "a,b,c" -> n weights >= 0, scaled to sum to 1 (so 40,20,40 = .4,.2,.4). */
static void
parse_weights(const char *opt, const char *arg, double *w, int n)
{
	char *copy = mops_xstrdup(arg), *p = copy, *tok;
	double sum = 0;
	int i = 0;

	while ((tok = strsep(&p, ",")) != NULL) {
		if (i == n)
			mops_usage_error("%s: expected %d numbers: '%s'", opt, n, arg);
		w[i++] = mops_parse_double(opt, tok, 0, 1e9);
	}
	free(copy);
	if (i != n)
		mops_usage_error("%s: expected %d numbers: '%s'", opt, n, arg);
	for (i = 0; i < n; i++)
		sum += w[i];
	if (!(sum > 0))
		mops_usage_error("%s: weights sum to 0", opt);
	for (i = 0; i < n; i++)
		w[i] /= sum;
}

static void
parse_models(struct attr_opts *o, const char *arg)
{
	const char *p = arg;
	int seen[MOPS_ATTR_NMODELS] = { 0 }, m, i;

	o->nmodels = 0;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == 3 && strncmp(p, "all", 3) == 0) {
			for (i = 0; i < MOPS_ATTR_NMODELS; i++)
				if (!seen[i]++)
					o->models[o->nmodels++] = (enum mops_attr_model)i;
		} else if ((m = mops_attr_model_parse(p, n)) < 0)
			mops_usage_error("--model: unknown model '%.*s'", (int)n, p);
		else if (!seen[m]++)
			o->models[o->nmodels++] = (enum mops_attr_model)m;
		p += n;
		if (*p == ',')
			p++;
	}
	if (o->nmodels == 0)
		mops_usage_error("--model: no model given");
}

int
main(int argc, char **argv)
{
	struct attr_opts o;
	int c, paths = 0, st, rs, tr;

	mops_init(argv[0]);
	memset(&o, 0, sizeof(o));
	mops_attr_params_default(&o.params);
	o.models[0] = MOPS_ATTR_LINEAR;
	o.nmodels = 1;
	o.join = JOIN_BOTH;
	o.lookback = 90 * 86400.0;
	o.order = 1;
	o.nulls = 1;
	o.graph = MOPS_MARKOV_GRAPH_MOPS;
	o.transform = MOPS_FRACT_EXPOSURE;
	while ((c = getopt_long(argc, argv, MOPS_COMMON_SHORTOPTS "m:b:t:", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'h': usage(); return MOPS_EX_OK;
		case 'm': parse_models(&o, optarg); break;
		case 'b':
			if (strcmp(optarg, "channel") == 0)
				o.by = BY_CHANNEL;
			else if (strcmp(optarg, "campaign") == 0)
				o.by = BY_CAMPAIGN;
			else
				mops_usage_error("--by: expected channel or campaign: '%s'", optarg);
			break;
		case 't': o.touches_file = optarg; break;
		case OPT_FROM:
			if (strcmp(optarg, "paths") == 0)
				paths = 1;
			else if (strcmp(optarg, "ndjson") == 0)
				paths = 0;
			else
				mops_usage_error("--from: expected ndjson or paths: '%s'", optarg);
			break;
		case OPT_JOIN:
			if (strcmp(optarg, "person") == 0)
				o.join = JOIN_PERSON;
			else if (strcmp(optarg, "account") == 0)
				o.join = JOIN_ACCOUNT;
			else if (strcmp(optarg, "both") == 0)
				o.join = JOIN_BOTH;
			else
				mops_usage_error("--join: expected person, account or both: '%s'",
				    optarg);
			break;
		case OPT_LOOKBACK:
			o.lookback = strcmp(optarg, "none") == 0 ? -1 :
			    mops_parse_duration("--lookback", optarg);
			break;
		case OPT_UNTIL:
			if (strcmp(optarg, "creation") == 0 || strcmp(optarg, "created") == 0)
				o.until_close = 0;
			else if (strcmp(optarg, "close") == 0)
				o.until_close = 1;
			else
				mops_usage_error("--until: expected creation or close: '%s'", optarg);
			break;
		case OPT_HALF_LIFE:
			o.params.half_life = mops_parse_duration("--half-life", optarg);
			if (!(o.params.half_life > 0))
				mops_usage_error("--half-life: must be more than 0");
			break;
		case OPT_POSITION_W:
			parse_weights("--position-weights", optarg, o.params.position, 3);
			break;
		case OPT_J_W: parse_weights("--j-weights", optarg, o.params.j, 3); break;
		case OPT_INVERSE_J_W:
			parse_weights("--inverse-j-weights", optarg, o.params.inverse_j, 3);
			break;
		case OPT_W_W: parse_weights("--w-weights", optarg, o.params.w, 4); break;
		case OPT_Z_W: parse_weights("--z-weights", optarg, o.params.z, 5); break;
		case OPT_SHORT:
			if (strcmp(optarg, "split") == 0)
				o.params.short_paths = MOPS_ATTR_SPLIT;
			else if (strcmp(optarg, "renormalise") == 0 ||
			    strcmp(optarg, "renormalize") == 0)
				o.params.short_paths = MOPS_ATTR_RENORMALISE;
			else
				mops_usage_error("--short-paths: expected split or renormalise: '%s'",
				    optarg);
			break;
		case OPT_DROP_DIRECT: o.drop_direct = 1; break;
		case OPT_DROP_REPEATS: o.drop_repeats = 1; break;
		case OPT_ORDER:
			o.order = (int)mops_parse_int("--order", optarg, 1, 16);
			break;
		case OPT_NO_NULLS: o.nulls = 0; break;
		case OPT_GRAPH:
			if (strcmp(optarg, "mops") == 0)
				o.graph = MOPS_MARKOV_GRAPH_MOPS;
			else if (strcmp(optarg, "channelattribution") == 0 ||
			    strcmp(optarg, "ca") == 0)
				o.graph = MOPS_MARKOV_GRAPH_CA;
			else
				mops_usage_error("--markov-graph: expected mops or "
				    "channelattribution: '%s'", optarg);
			break;
		case OPT_TRANSFORM:
			if ((tr = mops_fract_transform_parse(optarg)) < 0)
				mops_usage_error("--transform: expected unique, exposure, first "
				    "or frequency: '%s'", optarg);
			o.transform = (enum mops_fract_transform)tr;
			break;
		default:
			if (!mops_common_opt(c, optarg))
				mops_usage_error("unknown option");
		}
	}
	if (paths && o.by == BY_CAMPAIGN)
		mops_usage_error("--by campaign: paths have no campaigns");
	if (paths && o.touches_file)
		mops_usage_error("--touches: not with --from paths");
	st = paths ? attr_paths(&o, argv + optind, argc - optind) :
	    attr_journeys(&o, argv + optind, argc - optind);
	mops_out_close(mops_stdout());
	rs = mops_rejects_status();
	return st ? st : rs;
}
