/*
 * analyzer.h - what an analyzer gets: the server's tree, the time window
 * and the two ways to speak (records and findings)
 *
 * An analyzer is one file and one line in table.c.  It knows nothing of
 * other analyzers, the command line or the output format, and keeps no
 * state outside its struct actx.
 */
#ifndef RESCUE_ANALYZER_H
#define RESCUE_ANALYZER_H

#include "fsread.h"
#include "rescue.h"
#include "report/report.h"

struct actx {
	struct fsr_tree			*tree;
	const struct fsr_server		*server;
	struct report			*report;
	struct rctx			*rctx;		/* for errors only */
	int64_t				 since, until;	/* TIME_NONE: open */
	/*
	 * Triage: leave out records by the thousand (every history line)
	 * and keep what a reader of the whole report needs; the analyzer's
	 * own command shows everything.
	 */
	bool				 brief;
};

struct analyzer {
	const char	*name;
	const char	*summary;
	int		(*run)(struct actx *);	/* 0, or -1 if it gave up */
};

extern const struct analyzer *const analyzer_table[];

const struct analyzer	*analyzer_find(const char *name);

static inline void
record(struct actx *ax, const struct record *r)
{
	report_record(ax->report, r);
}

static inline void
finding(struct actx *ax, enum check_id id, const struct fctx *f)
{
	report_finding(ax->report, id, f);
}

/* An input that could not be read: one line on stderr, the run goes on. */
#define ax_err(ax, ...)	rerr((ax)->rctx, __VA_ARGS__)

#endif
