/*
 * binaries.h - what the binaries analyzer's passes share: the package
 * database, the counts for the summary, the analyzer's context
 */
#ifndef RESCUE_BINARIES_H
#define RESCUE_BINARIES_H

#include <stdint.h>

#include "analyzers/analyzer.h"
#include "binaries/pkgdb.h"

struct bscan_stats {
	uint64_t	files, bytes;		/* package files verified */
	uint64_t	modified, missing, missing_ignored, unreadable;
	uint64_t	conffiles, conffiles_changed;
	uint64_t	walked, examined, dropped, suid;
};

struct bmodules;
struct btrees;

struct bscan {
	struct actx		*ax;
	struct pkgdb		 db;
	struct bscan_stats	 stats;
	struct bmodules		*modules;	/* modules.c */
	struct btrees		*trees;		/* trees.c */
};

/* debsums: package files and conffiles against their MD5s. */
void	verify_packages(struct bscan *);

/*
 * modules.c: a finding of check ID on package PKG's file F->path inside a
 * language module tree is held back (true); modules_flush() then gives
 * one pkg.modules_replaced for a tree changed by the hundred, or the
 * held findings one by one.  False: not in such a tree, report it now.
 */
bool	modules_hold(struct bscan *, enum check_id id, const char *pkg,
	    const struct fctx *f);
void	modules_flush(struct bscan *);

/*
 * trees.c: every file no package owns in a system place is noted, and a
 * binaries.unowned_system finding inside a directory tree no package
 * made is held back (true); trees_flush() gives one
 * binaries.unowned_tree for a vendor's tree, or the findings one by one.
 */
void	trees_note_file(struct bscan *, const char *path);
bool	trees_hold(struct bscan *, const struct fctx *f);
void	trees_flush(struct bscan *);

/* Every file not vouched for, where intruders drop theirs. */
void	scan_dropped(struct bscan *);

#endif
