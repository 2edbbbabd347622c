/*
 * analysis.c - what triage and the one-analyzer commands share: their
 * options, running analyzers, and the exit status from the findings
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analyzers/analyzer.h"
#include "cmd.h"
#include "story/story.h"
#include "timeline/timeline.h"
#include "util/util.h"

int
parse_analysis_args(int argc, char **argv, struct rctx *ctx,
    const char *usage)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "since",	required_argument,	NULL, 's' },
		{ "until",	required_argument,	NULL, 'u' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int	c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				ctx->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				ctx->format = FMT_JSON;
			else if (strcmp(optarg, "html") == 0 && ctx->story)
				ctx->format = FMT_HTML;
			else
				return usage_err(ctx, "--format %s: want text "
				    "or json%s", optarg, ctx->story ?
				    " or html" : "");
			break;
		case 'o':
			ctx->outpath = optarg;
			break;
		case 's':
			if ((rc = parse_time_opt(ctx, "since", optarg,
			    &ctx->since)) != 0)
				return rc;
			break;
		case 'u':
			if ((rc = parse_time_opt(ctx, "until", optarg,
			    &ctx->until)) != 0)
				return rc;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_err(ctx, "%s: unknown option",
			    argv[optind - 1]);
		}
	}
	return add_targets(ctx, argc, argv);
}

int
parse_time_opt(struct rctx *ctx, const char *opt, const char *arg,
    int64_t *t)
{
	if (time_parse(arg, t) < 0)
		return usage_err(ctx, "--%s %s: want YYYY-MM-DD[THH:MM[:SS]] "
		    "(UTC, or with +HH:MM) or @EPOCH", opt, arg);
	return 0;
}

int
add_targets(struct rctx *ctx, int argc, char **argv)
{
	int	rc;

	for (; optind < argc; optind++)
		if ((rc = rctx_add_target(ctx, argv[optind], false)) != 0)
			return rc;
	return 0;
}

int
analysis_status(struct rctx *ctx)
{
	if (ctx->target_failed)
		return EXIT_TARGET;
	return report_worst(ctx->report) >= SEV_MEDIUM ? EXIT_FINDINGS :
	    EXIT_CLEAN;
}

/* What an analyzer gets of the command's context. */
static struct actx
actx_of(struct rctx *ctx)
{
	return (struct actx){
		.tree = ctx->tree,
		.server = ctx->server,
		.report = ctx->report,
		.rctx = ctx,
		.since = ctx->since,
		.until = ctx->until,
		.brief = ctx->brief,
	};
}

static void
run_one(struct rctx *ctx, const struct analyzer *a)
{
	struct actx	ax = actx_of(ctx);

	report_section(ctx->report, a->name, a->summary);
	if (a->run(&ax) < 0)
		rerr(ctx, "%s: analysis stopped early", a->name);
}

/* What changed on the disk inside the story's windows, into the story. */
static void
window_files(struct rctx *ctx, struct story *st)
{
	struct actx		ax = actx_of(ctx);
	struct tl_window_stats	ws;

	tl_window_files(&ax, st, &ws);
	if (ws.more)
		report_note(ctx->report, "more than 500 files changed inside "
		    "the attack windows: the first 500 are listed; rescue "
		    "timeline --since/--until has all");
	if (ws.by_packages > 0)
		report_note(ctx->report, "%zu file%s changed inside the attack "
		    "windows by package upgrades and installs that dpkg.log "
		    "records are not listed", ws.by_packages,
		    ws.by_packages == 1 ? "" : "s");
}

/*
 * Open targets and output, run ANALYZERS (NULL-terminated), finish the
 * report.  Shared by triage and the one-analyzer commands.
 */
int
run_analyzers(struct rctx *ctx, const struct analyzer *const *analyzers,
    const char *title)
{
	struct story	*st = NULL;
	char		 t[TIME_ISO_LEN];
	size_t		 i;
	int		 rc;

	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	if (rctx_open_output(ctx) < 0)
		return EXIT_TARGET;
	ctx->report = report_new(ctx->format, ctx->out, ctx->color);
	if (ctx->story) {
		st = story_new();
		st->target = ctx->ntargets > 0 && !ctx->targets[0].is_dir ?
		    ctx->targets[0].path : NULL;
		report_set_tap(ctx->report, story_tap_finding, st);
		report_set_record_tap(ctx->report, story_tap_record, st);
		/* the verdict goes first: hold what the analyzers say */
		if (ctx->format != FMT_JSON && report_defer(ctx->report) < 0)
			rerr(ctx, "no temporary file: the verdict comes last");
	}
	if (ctx->format == FMT_TEXT) {
		fprintf(ctx->out, "rescue %s:", title);
		for (i = 0; i < fsr_server_ndisks(ctx->server); i++) {
			fputc(' ', ctx->out);
			esc_puts(ctx->out, fsr_disk_path(
			    fsr_server_disk(ctx->server, i)));
		}
		for (i = 0; i < ctx->ntargets; i++) {
			if (!ctx->targets[i].is_dir)
				continue;
			fputs(" --root ", ctx->out);
			esc_puts(ctx->out, ctx->targets[i].path);
		}
		fputc('\n', ctx->out);
		if (ctx->since != TIME_NONE || ctx->until != TIME_NONE) {
			fputs("time window:", ctx->out);
			if (ctx->since != TIME_NONE) {
				time_iso(ctx->since, t, sizeof(t));
				fprintf(ctx->out, " since %s", t);
			}
			if (ctx->until != TIME_NONE) {
				time_iso(ctx->until, t, sizeof(t));
				fprintf(ctx->out, " until %s", t);
			}
			fputc('\n', ctx->out);
		}
	}
	for (i = 0; analyzers[i] != NULL; i++)
		run_one(ctx, analyzers[i]);
	if (st != NULL) {
		story_windows(st, ctx->since, ctx->until);
		window_files(ctx, st);
		story_join(st);
		story_verdict(st);
		story_next(st);
		story_report(st, ctx->report);
	}
	report_end(ctx->report);
	rc = analysis_status(ctx);
	/* the report borrows the story's strings until its end */
	report_set_tap(ctx->report, NULL, NULL);
	report_set_record_tap(ctx->report, NULL, NULL);
	story_free(st);
	return rc;
}

static const char analyze_usage[] =
"usage: rescue %s TARGET... [--format text|json] [-o FILE]\n"
"                [--since T] [--until T]\n"
"\n"
"Run the %s analyzer alone: %s.\n";

int
cmd_analyze(int argc, char **argv, struct rctx *ctx)
{
	const struct analyzer	*a = analyzer_find(argv[0]);
	const struct analyzer	*one[2] = { a, NULL };
	char			 usage[512];
	int			 rc;

	if (a == NULL)
		return usage_err(ctx, "no analyzer '%s'", argv[0]);
	snprintf(usage, sizeof(usage), analyze_usage, a->name, a->name,
	    a->summary);
	if ((rc = parse_analysis_args(argc, argv, ctx, usage)) != 0)
		return rc < 0 ? 0 : rc;
	return run_analyzers(ctx, one, a->name);
}
