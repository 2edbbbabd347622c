/*
 * triage.c - every analyzer over the server: the whole report
 */
#include "analyzers/analyzer.h"
#include "cmd.h"

static const char usage[] =
"usage: rescue triage TARGET... [--format text|json|html] [-o FILE]\n"
"                     [--since T] [--until T]\n"
"\n"
"Run every analyzer over the server assembled from the TARGETs and print\n"
"one report: a verdict (compromised, suspicious or clean) with its facts,\n"
"the findings, joined where they share a file, an address or an account,\n"
"the attack windows' timeline and what to do next; then each analyzer's\n"
"records.  Text for a terminal or serial console, JSON Lines, or one\n"
"self-contained HTML file.\n"
"  --format text|json|html  output format (default text)\n"
"  -o FILE              write to FILE (made as FILE.tmp, renamed when done)\n"
"  --since T, --until T limit time-based records (YYYY-MM-DD[THH:MM[:SS]],\n"
"                       UTC or +HH:MM, or @EPOCH); they are the attack window\n"
"Exit status: 0 nothing of medium or higher severity found, 1 findings,\n"
"2 usage error, 3 a target could not be read.\n";

int
cmd_triage(int argc, char **argv, struct rctx *ctx)
{
	int	rc;

	ctx->story = true;
	if ((rc = parse_analysis_args(argc, argv, ctx, usage)) != 0)
		return rc < 0 ? 0 : rc;
	ctx->brief = true;
	return run_analyzers(ctx, analyzer_table, "triage");
}
