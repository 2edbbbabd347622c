/*
 * pkgruns.h - dpkg runs (from dpkg.log) near the attack windows, to tell
 * the package system's changes from the intruder's
 */
#ifndef RESCUE_PKGRUNS_H
#define RESCUE_PKGRUNS_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzers/analyzer.h"
#include "timeline/timeline.h"

struct story;
struct tl_pkgruns;
struct tl_pkgact;

/*
 * The runs of dpkg.log (and its rotations) near ST's windows, and the
 * package database if any run is; NULL when there is nothing to tell
 * (no window, no dpkg.log).  Pass to tl_pkgruns_free().
 */
struct tl_pkgruns *tl_pkgruns_load(struct actx *, const struct story *st);
void		tl_pkgruns_free(struct tl_pkgruns *);

enum tl_pkgwhy {
	TL_PKG_NONE = 0,	/* nothing dpkg.log explains */
	TL_PKG_UPGRADE,		/* a file of a package upgraded then */
	TL_PKG_REBUILT,		/* written by package scripts then */
	TL_PKG_INSTALLED	/* a file of a package installed then */
};

/*
 * Why NAME, changed at T, is the package system's doing; *ACT is the
 * package's entry for TL_PKG_UPGRADE and TL_PKG_INSTALLED.
 */
enum tl_pkgwhy	tl_pkgruns_explain(struct tl_pkgruns *,
		    const struct tl_name *, int64_t t, struct tl_pkgact **act);

/* Give ST the package's install, once; true the first time. */
bool		tl_pkgact_tell(struct tl_pkgact *, struct story *st);

#endif
