/*
 * cmd.h - the command table and the commands' entry points
 */
#ifndef RESCUE_CMD_H
#define RESCUE_CMD_H

#include "rescue.h"

struct command {
	const char	*name;
	int		(*run)(int argc, char **argv, struct rctx *);
	const char	*summary;
};

extern const struct command command_table[];

const struct command	*command_find(const char *name);

int	cmd_probe(int, char **, struct rctx *);
int	cmd_ls(int, char **, struct rctx *);
int	cmd_cat(int, char **, struct rctx *);
int	cmd_stat(int, char **, struct rctx *);
int	cmd_triage(int, char **, struct rctx *);
int	cmd_analyze(int, char **, struct rctx *);
int	cmd_export(int, char **, struct rctx *);
int	cmd_verify(int, char **, struct rctx *);
int	cmd_journal(int, char **, struct rctx *);
int	cmd_timeline(int, char **, struct rctx *);

/*
 * Options the analysis commands share: --format, -o, --since, --until
 * and TARGETs as positional arguments.  Returns 0, or EXIT_USAGE after
 * printing USAGE's message.
 */
int	parse_analysis_args(int argc, char **argv, struct rctx *,
	    const char *usage);

/* --since/--until OPT's ARG into *T, or a usage error (EXIT_USAGE). */
int	parse_time_opt(struct rctx *, const char *opt, const char *arg,
	    int64_t *t);

/* argv[optind...] as TARGETs; 0 or the exit status of the first bad one. */
int	add_targets(struct rctx *, int argc, char **argv);

/* The exit status of an analysis run, from its worst finding. */
int	analysis_status(struct rctx *);

struct analyzer;

/* Open the tree and the output, run ANALYZERS (NULL-terminated) and
 * finish the report; returns the exit status. */
int	run_analyzers(struct rctx *, const struct analyzer *const *analyzers,
	    const char *title);

#endif
