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

struct bscan {
	struct actx		*ax;
	struct pkgdb		 db;
	struct bscan_stats	 stats;
};

/* debsums: package files and conffiles against their MD5s. */
void	verify_packages(struct bscan *);

/* Every file not vouched for, where intruders drop theirs. */
void	scan_dropped(struct bscan *);

#endif
