/*
 * script.h - what the cron, systemd and boot scanners need besides
 * persist.h: a script judged line by line, and the paths the server's
 * packages installed (dpkg's file lists), to tell shipped from local
 */
#ifndef RESCUE_PERSIST_SCRIPT_H
#define RESCUE_PERSIST_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "persist/persist.h"

/*
 * Judge each line of the file PATH by the rules of AREA, DETAIL saying
 * what runs it; blank lines and comments are skipped.  Fills *ST (may
 * be NULL).  Returns the number of command lines, or -errno (a missing
 * file quietly, other errors said on stderr).
 */
long	persist_script(struct persist *, enum persist_area, const char *path,
	    const char *detail, struct fsr_stat *st);

/* Whether the LEN bytes of LINE are blank or a '#' comment. */
bool	persist_blank(const char *line, size_t len);

/* The name of account UID, or NULL. */
const char *persist_user(const struct persist *, uint32_t uid);

/*
 * The paths that dpkg's /var/lib/dpkg/info/ *.list files hold under
 * any of PREFIXES (NULL-ended), for a scanner to ask of its files.
 */
struct pkgpaths;

struct pkgpaths	*pkgpaths_load(struct persist *, const char *const *prefixes);
void		 pkgpaths_free(struct pkgpaths *);
/* Whether a package installed PATH (/lib and /usr/lib taken as one). */
bool		 pkgpaths_has(const struct pkgpaths *, const char *path);
/* Whether there is a dpkg database at all: else nothing is known. */
bool		 pkgpaths_known(const struct pkgpaths *);

#endif
