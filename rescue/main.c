/*
 * main.c - global options, find the command, run it, set the exit status
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "rescue.h"

#ifndef RESCUE_VERSION
#define RESCUE_VERSION	"0.1"
#endif

static const char usage_text[] =
"usage: rescue [-d TARGET | --root DIR]... [--os NAME] COMMAND [ARGS]\n"
"\n"
"Read a powered-off server's disks without mounting them.  TARGET is a\n"
"disk image or block device (whole disk or one partition); --root DIR is a\n"
"tree already mounted read-only.  Nothing is ever written to a target.\n"
"\n"
"commands:\n";

static void
usage(FILE *f)
{
	const struct command	*c;

	fputs(usage_text, f);
	for (c = command_table; c->name != NULL; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	fputs("\n'rescue COMMAND --help' says more; exit status: 0 nothing "
	    "found, 1 findings\nof medium or higher severity, 2 usage error, "
	    "3 a target could not be read\n", f);
}

/*
 * Take -d TARGET, --root DIR and --os NAME out of ARGV wherever they
 * stand (up to "--"), so every command sees only its own arguments.
 */
static int
take_global_options(int *argcp, char **argv, struct rctx *ctx)
{
	int	argc = *argcp, i, j = 1, rc;
	bool	done = false;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		int kind = 0;	/* 1 disk, 2 dir, 3 os */

		if (!done && strcmp(a, "--") == 0) {
			done = true;
			argv[j++] = argv[i];
			continue;
		}
		if (!done) {
			if (strcmp(a, "-d") == 0 || strcmp(a, "--target") == 0)
				kind = 1;
			else if (strcmp(a, "--root") == 0)
				kind = 2;
			else if (strcmp(a, "--os") == 0)
				kind = 3;
			else if (strncmp(a, "--root=", 7) == 0)
				kind = 2, val = a + 7;
			else if (strncmp(a, "--os=", 5) == 0)
				kind = 3, val = a + 5;
			else if (strncmp(a, "-d", 2) == 0 && a[2] != '\0')
				kind = 1, val = a + 2;
		}
		if (kind == 0) {
			argv[j++] = argv[i];
			continue;
		}
		if (val == NULL) {
			if (i + 1 == argc)
				return usage_err(ctx, "%s needs an argument",
				    a);
			val = argv[++i];
		}
		if (kind == 3)
			ctx->os = val;
		else if ((rc = rctx_add_target(ctx, val, kind == 2)) != 0)
			return rc;
	}
	argv[j] = NULL;
	*argcp = j;
	return 0;
}

int
main(int argc, char **argv)
{
	const struct command	*cmd;
	struct rctx		 ctx;
	int			 rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.since = ctx.until = TIME_NONE;
	if ((rc = take_global_options(&argc, argv, &ctx)) != 0)
		return rc;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("rescue %s\n", RESCUE_VERSION);
		return 0;
	}
	if ((cmd = command_find(argv[1])) == NULL)
		return usage_err(&ctx, "'%s' is not a command", argv[1]);
	ctx.cmdname = cmd->name;
	rc = cmd->run(argc - 1, argv + 1, &ctx);
	if (rctx_commit_output(&ctx, rc != EXIT_USAGE && rc != EXIT_TARGET)
	    < 0 && rc < EXIT_USAGE)
		rc = EXIT_TARGET;
	rctx_release(&ctx);
	return rc;
}
