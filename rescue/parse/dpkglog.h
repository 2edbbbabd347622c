/*
 * dpkglog.h - one line of /var/log/dpkg.log as dpkg's log_message()
 * writes it: "YYYY-MM-DD HH:MM:SS ACTION WORDS...", in local time
 *
 * No I/O, no allocation: the strings handed out point into the line.
 * A line that is not exactly of a form dpkg writes is DPKGLOG_OTHER or
 * refused; nothing in it is trusted.
 */
#ifndef RESCUE_DPKGLOG_H
#define RESCUE_DPKGLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dpkglog_action {
	DPKGLOG_OTHER = 0,	/* a form not named below */
	DPKGLOG_STARTUP,	/* "startup archives unpack" ... */
	DPKGLOG_INSTALL,	/* "install PKG OLD NEW" (OLD "<none>") */
	DPKGLOG_UPGRADE,	/* "upgrade PKG OLD NEW" */
	DPKGLOG_REMOVE,		/* "remove PKG VERSION <none>" */
	DPKGLOG_PURGE,
	DPKGLOG_CONFIGURE,	/* "configure PKG VERSION VERSION|<none>" */
	DPKGLOG_TRIGPROC,
	DPKGLOG_STATUS,		/* "status STATE PKG VERSION" */
	DPKGLOG_CONFFILE	/* "conffile PATH DECISION" */
};

/* dpkg's own limit on a package name is far below this. */
#define DPKGLOG_NAME_MAX	255

struct dpkglog_line {
	/* The wall clock it was written at, counted as if it were UTC. */
	int64_t			 local;
	enum dpkglog_action	 action;
	/* The package without its ":arch" (at most DPKGLOG_NAME_MAX
	 * bytes); NULL for startup and others. */
	const char		*pkg;
	size_t			 pkglen;
	/* install and upgrade: the package was not installed before. */
	bool			 fresh;
	/* status: "installed", "half-configured"...; else NULL. */
	const char		*state;
	size_t			 statelen;
};

/*
 * Parse the LEN bytes of LINE (no newline needed).  Returns 0, or -1 if
 * it does not start with a valid time (the line is then of no use).
 */
int	dpkglog_parse(const char *line, size_t len, struct dpkglog_line *);

#endif
