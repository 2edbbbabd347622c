/*
 * verify.c - check an export before it is restored: whole, unchanged,
 * and free of what the analyzers would flag
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "export/export.h"
#include "report/report.h"

static const char usage[] =
"usage: rescue verify FILE [--manifest FILE.manifest.jsonl]\n"
"                     [--allow-keys FILE] [--format text|json]\n"
"\n"
"Read an export (any format libarchive reads; - for standard input),\n"
"check every member against the manifest inside it (or the one given)\n"
"by SHA-256, size and presence both ways, and scan the members as the\n"
"analyzers would: ELF programs in data directories, miners, webshells,\n"
"cron jobs, systemd units and shell startup files that run what\n"
"intruders run, and authorized_keys lines whose key is not in the\n"
"--allow-keys list (authorized_keys lines or SHA256: fingerprints).\n"
"Exit status: 0 clean, 1 findings, 2 usage error, 3 a damaged archive\n"
"(cut short, a member changed, missing or added, no manifest).\n";

int
cmd_verify(int argc, char **argv, struct rctx *ctx)
{
	static const struct option longopts[] = {
		{ "manifest",	required_argument,	NULL, 'm' },
		{ "allow-keys",	required_argument,	NULL, 'k' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct exp_verify_opts	o = { 0 };
	int			c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o.manifest = optarg;
			break;
		case 'k':
			o.allow_keys = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				ctx->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				ctx->format = FMT_JSON;
			else
				return usage_err(ctx, "--format %s: want text "
				    "or json", optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return usage_err(ctx, "%s: unknown option",
			    argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return usage_err(ctx, "want one FILE");
	o.archive = argv[optind];
	if (rctx_open_output(ctx) < 0)
		return EXIT_TARGET;
	ctx->report = report_new(ctx->format, ctx->out, ctx->color);
	report_section(ctx->report, "verify", o.archive);
	c = exp_verify(&o, ctx->report, ctx);
	report_end(ctx->report);
	return c;
}
