/*
 * pkgdb.h - the server's dpkg database as rescue needs it: which files
 * packages own and the MD5 each should have, conffiles with theirs,
 * diversions and /usr-merge aliases applied so that no path is reported
 * twice or falsely
 */
#ifndef RESCUE_PKGDB_H
#define RESCUE_PKGDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzers/analyzer.h"
#include "parse/dpkg.h"

struct pkgdb {
	bool		 present;	/* /var/lib/dpkg/status was read */
	unsigned	 merged;	/* DPKG_UM_* aliases on the server */
	struct dpkg_set	*owned;		/* .list and .md5sums paths */
	struct dpkg_set	*conffiles;	/* status Conffiles, with MD5s */
	char		**pkgs;		/* names by index */
	size_t		 npkgs, cappkgs;
	uint64_t	 lists_missing;	/* installed, no .list */
	uint64_t	 bad_lines;
};

/* Read the database through AX's tree; reports what it cannot read. */
void	pkgdb_load(struct actx *, struct pkgdb *);
void	pkgdb_free(struct pkgdb *);

/*
 * PATH as the database names it: /usr-merge aliases resolved.  OUT
 * holds DPKG_PATH_MAX + 1 bytes.  Returns its length, or -1.
 */
int	pkgdb_canon(const struct pkgdb *, const char *path, char *out);

/* The package owning PATH (canonical), or NULL. */
const char *pkgdb_owner(const struct pkgdb *, const char *canon);

#endif
