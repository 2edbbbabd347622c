/*
 * pkgruns.c - the package system's own changes inside the attack
 * windows, from dpkg.log: a file an upgrade unpacked, or one its
 * scripts and triggers rebuilt (ld.so.cache, an initrd, .pyc files), is
 * no sign of the intruder; a package installed then is one line of the
 * window's timeline, not its hundred files
 *
 * dpkg.log is stamped with the server's wall clock, so its lines are
 * turned to UTC with the server's /etc/localtime.  Only the lines near
 * a window are kept, grouped into runs (lines less than RUN_GAP apart);
 * the package database is read only when some run touches a window.
 * dpkg.log may have been edited by the intruder: it can only hide files
 * owned by a package it names at that time, and a replaced package file
 * is still found by the package check (binaries).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "binaries/pkgdb.h"
#include "input/input.h"
#include "parse/dpkglog.h"
#include "story/story.h"
#include "timeline/pkgruns.h"
#include "util/tz.h"
#include "util/util.h"

#define RUN_GAP		(5 * 60)	/* apart more: another run */
#define NEAR		(15 * 60)	/* of a window: kept */
#define SLACK		120		/* a file's time off its run */
#define RUNS_MAX	256
#define ACTS_MAX	2048		/* packages in one run */
/* Lines near the windows: a real log has a few thousand; a forged one
 * of millions must not cost minutes (each line looks its package up). */
#define LINES_MAX	200000

struct tl_pkgact {
	char		*pkg;
	int64_t		 time;		/* its install or first line */
	bool		 fresh;		/* not installed before the run */
	bool		 told;		/* given to the story */
};

struct tl_pkgrun {
	int64_t			 start, end;
	struct tl_pkgact	*acts;
	size_t			 nacts, capacts;
};

struct tl_pkgruns {
	struct tl_pkgrun	 runs[RUNS_MAX];
	size_t			 nruns;
	size_t			 nlines;
	struct pkgdb		 db;
	bool			 have_db;
};

/* T in [A - SLACK, B + SLACK], without overflow at the int64 ends
 * (a window given with --since alone ends at INT64_MAX). */
static bool
within(int64_t t, int64_t a, int64_t b, int64_t slack)
{
	return (t >= a || (uint64_t)a - (uint64_t)t <= (uint64_t)slack) &&
	    (t <= b || (uint64_t)t - (uint64_t)b <= (uint64_t)slack);
}

static bool
near_window(const struct story *st, int64_t t)
{
	size_t	i;

	for (i = 0; i < st->nwindows; i++)
		if (within(t, st->windows[i].start, st->windows[i].end, NEAR))
			return true;
	return false;
}

static struct tl_pkgact *
find_act(const struct tl_pkgrun *r, const char *pkg, size_t len)
{
	size_t	i;

	for (i = 0; i < r->nacts; i++)
		if (strncmp(r->acts[i].pkg, pkg, len) == 0 &&
		    r->acts[i].pkg[len] == '\0')
			return &r->acts[i];
	return NULL;
}

static void
add_line(struct tl_pkgruns *pr, const struct dpkglog_line *l, int64_t t)
{
	struct tl_pkgrun	*r = pr->nruns ? &pr->runs[pr->nruns - 1] :
				    NULL;
	struct tl_pkgact	*a;

	if (r == NULL || !within(t, r->start, r->end, RUN_GAP)) {
		if (pr->nruns == RUNS_MAX)
			return;
		r = &pr->runs[pr->nruns++];
		r->start = r->end = t;
	}
	if (t < r->start)
		r->start = t;
	if (t > r->end)
		r->end = t;
	if (l->pkg == NULL || l->action == DPKGLOG_STATUS ||
	    l->action == DPKGLOG_OTHER)
		return;
	if ((a = find_act(r, l->pkg, l->pkglen)) != NULL) {
		/* "install" after its "configure" in a later apt step */
		if (l->fresh && !a->fresh) {
			a->fresh = true;
			a->time = t;
		}
		return;
	}
	if (r->nacts == ACTS_MAX)
		return;
	if (r->nacts == r->capacts) {
		r->capacts = r->capacts ? r->capacts * 2 : 16;
		r->acts = xrealloc(r->acts, r->capacts * sizeof(*r->acts));
	}
	a = &r->acts[r->nacts++];
	a->pkg = xmalloc(l->pkglen + 1);
	memcpy(a->pkg, l->pkg, l->pkglen);
	a->pkg[l->pkglen] = '\0';
	a->time = t;
	a->fresh = l->fresh;
	a->told = false;
}

static void
read_log(struct tl_pkgruns *pr, struct actx *ax, const struct story *st,
    const struct tz *tz, const char *path)
{
	struct instream		*in;
	struct dpkglog_line	 l;
	const char		*line;
	char			 err[512];
	size_t			 len;
	bool			 cut;
	int			 errnum, rc;
	int64_t			 t;

	if (pr->nlines > LINES_MAX)
		return;		/* said once already */
	if ((in = instream_open(ax->tree, path, &errnum, err,
	    sizeof(err))) == NULL) {
		if (errnum != -ENOENT)
			ax_err(ax, "%s", err);
		return;
	}
	while ((rc = instream_getline(in, &line, &len, &cut)) > 0) {
		if (dpkglog_parse(line, len, &l) < 0)
			continue;
		t = tz != NULL ? tz_local_to_utc(tz, l.local, NULL) : l.local;
		if (!near_window(st, t))
			continue;
		if (++pr->nlines > LINES_MAX) {
			ax_err(ax, "%s: more than %d lines near the attack "
			    "windows; the rest are not read", path, LINES_MAX);
			break;
		}
		add_line(pr, &l, t);
	}
	if (rc < 0)
		ax_err(ax, "%s", instream_errmsg(in));
	instream_close(in);
}

struct tl_pkgruns *
tl_pkgruns_load(struct actx *ax, const struct story *st)
{
	struct tl_pkgruns	*pr;
	struct logset		 set;
	struct tz		*tz;
	const char		*why;
	size_t			 i;
	int			 errnum;

	if (st->nwindows == 0 ||
	    logset_find(ax->tree, "/var/log", "dpkg.log", &set) < 0)
		return NULL;
	if (set.n == 0) {
		logset_free(&set);
		return NULL;
	}
	pr = xcalloc(1, sizeof(*pr));
	/* No zone: dpkg.log read as UTC, as the logins analysis does. */
	tz = server_zone(ax->tree, &errnum, &why);
	for (i = 0; i < set.n; i++)
		read_log(pr, ax, st, tz, set.files[i].path);
	tz_free(tz);
	logset_free(&set);
	if (pr->nruns > 0) {
		pkgdb_load(ax, &pr->db);
		pr->have_db = true;
	}
	return pr;
}

void
tl_pkgruns_free(struct tl_pkgruns *pr)
{
	size_t	i, j;

	if (pr == NULL)
		return;
	for (i = 0; i < pr->nruns; i++) {
		for (j = 0; j < pr->runs[i].nacts; j++)
			free(pr->runs[i].acts[j].pkg);
		free(pr->runs[i].acts);
	}
	if (pr->have_db)
		pkgdb_free(&pr->db);
	free(pr);
}

static const struct tl_pkgrun *
run_at(const struct tl_pkgruns *pr, int64_t t)
{
	size_t	i;

	for (i = 0; i < pr->nruns; i++)
		if (within(t, pr->runs[i].start, pr->runs[i].end, SLACK))
			return &pr->runs[i];
	return NULL;
}

/* What maintainer scripts and dpkg triggers write outside .list files. */
static const char *const rebuilt_prefix[] = { "/etc/ld.so.cache",
    "/boot/initrd.img-", "/lib/modules/", "/usr/lib/modules/",
    "/etc/alternatives/", "/usr/share/info/dir", "/etc/ssl/certs/",
    "/usr/lib/locale/locale-archive", "/usr/share/mime/",
    "/usr/share/icons/", "/usr/share/glib-2.0/schemas/gschemas.compiled",
    "/etc/apparmor.d/cache/" };
static const char *const rebuilt_infix[] = { "/__pycache__/",
    "/gdk-pixbuf-2.0/" };
static const char *const rebuilt_suffix[] = { ".dpkg-new", ".dpkg-old",
    ".dpkg-dist", ".dpkg-bak", ".dpkg-tmp", ".ucf-dist", ".ucf-old",
    ".ucf-new" };

static bool
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t	k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* TARGET of the link at PATH, as an absolute path in OUT; or false. */
static bool
link_target(const char *path, const char *target, char *out, size_t len)
{
	const char	*slash = strrchr(path, '/');
	size_t		 dir = slash != NULL ? (size_t)(slash - path) : 0;

	if (target[0] == '/')
		return (size_t)snprintf(out, len, "%s", target) < len;
	while (strncmp(target, "../", 3) == 0) {
		while (dir > 0 && path[dir - 1] != '/')
			dir--;
		if (dir > 0)
			dir--;
		target += 3;
	}
	return (size_t)snprintf(out, len, "%.*s/%s", (int)dir, path,
	    target) < len;
}

static const char *
owner_of(const struct tl_pkgruns *pr, const char *path)
{
	char	canon[DPKG_PATH_MAX + 1];

	if (pkgdb_canon(&pr->db, path, canon) <= 0)
		return NULL;
	return pkgdb_owner(&pr->db, canon);
}

static bool
rebuilt(const struct tl_pkgruns *pr, const struct tl_name *nm)
{
	char	target[DPKG_PATH_MAX + 1];
	size_t	i;

	for (i = 0; i < sizeof(rebuilt_prefix) / sizeof(*rebuilt_prefix); i++)
		if (strncmp(nm->path, rebuilt_prefix[i],
		    strlen(rebuilt_prefix[i])) == 0)
			return true;
	for (i = 0; i < sizeof(rebuilt_infix) / sizeof(*rebuilt_infix); i++)
		if (strstr(nm->path, rebuilt_infix[i]) != NULL)
			return true;
	for (i = 0; i < sizeof(rebuilt_suffix) / sizeof(*rebuilt_suffix); i++)
		if (has_suffix(nm->path, nm->pathlen, rebuilt_suffix[i]))
			return true;
	/* deb-systemd-helper and update-rc.d enabling a package's own
	 * unit or script: a link to a file a package owns. */
	return nm->link != NULL && (strncmp(nm->path, "/etc/systemd/", 13) ==
	    0 || strncmp(nm->path, "/etc/rc", 7) == 0) &&
	    link_target(nm->path, nm->link, target, sizeof(target)) &&
	    owner_of(pr, target) != NULL;
}

enum tl_pkgwhy
tl_pkgruns_explain(struct tl_pkgruns *pr, const struct tl_name *nm,
    int64_t t, struct tl_pkgact **act)
{
	const struct tl_pkgrun	*r;
	const char		*owner;
	struct tl_pkgact	*a;

	*act = NULL;
	if (pr == NULL || !pr->have_db || (r = run_at(pr, t)) == NULL)
		return TL_PKG_NONE;
	if ((owner = owner_of(pr, nm->path)) != NULL) {
		if ((a = find_act(r, owner, strlen(owner))) == NULL)
			return TL_PKG_NONE;
		*act = a;
		return a->fresh ? TL_PKG_INSTALLED : TL_PKG_UPGRADE;
	}
	return rebuilt(pr, nm) ? TL_PKG_REBUILT : TL_PKG_NONE;
}

/* The story's line for a package installed in a window, once. */
bool
tl_pkgact_tell(struct tl_pkgact *a, struct story *st)
{
	char	path[DPKG_NAME_MAX + 64], what[DPKG_NAME_MAX + 64];

	if (a->told)
		return false;
	a->told = true;
	snprintf(path, sizeof(path), "/var/lib/dpkg/info/%s.list", a->pkg);
	snprintf(what, sizeof(what), "package %s installed, dpkg.log",
	    a->pkg);
	story_file_change(st, path, a->time, what);
	return true;
}
