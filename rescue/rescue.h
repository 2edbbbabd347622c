/*
 * rescue.h - the command context and what every command shares
 */
#ifndef RESCUE_H
#define RESCUE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fsread.h"

/* Exit status, as DESIGN.md promises scripts. */
enum {
	EXIT_CLEAN = 0,		/* nothing of medium or higher */
	EXIT_FINDINGS = 1,	/* findings of medium or higher */
	EXIT_USAGE = 2,
	EXIT_TARGET = 3,	/* a target could not be read */
};

enum format { FMT_TEXT, FMT_JSON, FMT_HTML };

#define MAXTARGETS	16
#define TIME_NONE	INT64_MIN

struct target {
	const char	*path;
	bool		 is_dir;	/* --root DIR */
};

struct report;

/*
 * Everything one run of one command owns.  Freed by rctx_release(), so
 * at exit the heap is empty and a leak report means something.
 */
struct rctx {
	const char		*cmdname;
	struct target		 targets[MAXTARGETS];
	size_t			 ntargets;
	const char		*os;		/* --os */
	struct fsr_server	*server;
	struct fsr_tree		*tree;
	enum format		 format;
	const char		*outpath;	/* -o, NULL for stdout */
	FILE			*out;
	struct report		*report;
	int64_t			 since, until;	/* TIME_NONE if not given */
	bool			 color;		/* stdout is a terminal */
	bool			 brief;		/* triage: no bulk records */
	bool			 story;		/* triage: verdict, windows */
	bool			 target_failed;	/* exit 3 */
	unsigned		 nerrors;
};

/* One line on stderr: "rescue: " and the message; counts the error. */
void	rerr(struct rctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Usage error: the message and "try 'rescue CMD --help'"; returns 2. */
int	usage_err(struct rctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

int	rctx_add_target(struct rctx *, const char *path, bool is_dir);

/*
 * Open every target, assemble the server's tree and report what could
 * not be read.  With no target, the machine's own disks.  Returns 0, or
 * an exit status (EXIT_TARGET) when no tree could be made.  Without
 * NEED_ROOT (probe) several OS installs are no error.
 */
int	rctx_open_tree(struct rctx *, bool need_root);

/* Open -o FILE (as FILE.tmp until rctx_commit_output) or use stdout. */
int	rctx_open_output(struct rctx *);
int	rctx_commit_output(struct rctx *, bool ok);
/*
 * Another file being written as PATH.tmp (export's manifest and
 * quarantine): removed if SIGINT, SIGTERM or SIGHUP ends the run.
 * Returns a slot for rctx_tmp_let_go() once it is renamed or removed,
 * or -1 if none is left (it is then not cleaned up).
 */
int	rctx_tmp_hold(const char *path);
void	rctx_tmp_let_go(int slot);
void	rctx_release(struct rctx *);

/* Disks of the machine rescue runs on, less the medium it started from. */
int	host_disks(char ***paths, size_t *n);
void	host_disks_free(char **paths, size_t n);

#endif
