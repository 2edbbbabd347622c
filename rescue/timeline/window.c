/*
 * window.c - what changed on the disk inside the attack windows: every
 * file created, written or given new attributes then, outside the places
 * that change by themselves (logs, caches, package state), handed to the
 * story so the window's timeline shows the attacker's files next to the
 * logins and commands
 *
 * The same inode scan and name join as `rescue timeline`, one
 * filesystem at a time; at most WINDOW_FILES_MAX files in all.  What
 * dpkg.log shows the package system did then (pkgruns.c) is left out,
 * and a package installed then is one line.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "story/story.h"
#include "timeline/pkgruns.h"
#include "timeline/timeline.h"
#include "util/util.h"

#define WINDOW_FILES_MAX	500
/* More changed files than this in one directory: one line for it (a
 * web application's sessions, an unpacked tarball). */
#define WINDOW_DIR_FILES	20

/* Places that change on a running system with nobody at the keyboard. */
static const char *const noisy[] = { "/proc/", "/sys/", "/dev/", "/run/",
    "/var/log/", "/var/cache/", "/var/lib/apt/", "/var/lib/dpkg/",
    "/var/lib/systemd/", "/var/lib/logrotate/", "/var/lib/php/sessions/",
    "/var/spool/postfix/", "/var/lib/mysql/", "/var/lib/postgresql/",
    "/var/lib/docker/", "/var/lib/containerd/", "/tmp/systemd-private-",
    "/var/tmp/systemd-private-", "/var/lib/ucf/", "/var/backups/",
    "/var/mail/", "/var/spool/mail/" };

struct pending {
	char		*path;
	const char	*what;
	int64_t		 time;
};

struct wctx {
	struct story		*st;
	struct tl_pkgruns	*pkgs;
	struct tl_window_stats	*ws;
	/* The directory being read: its changed files, held until the
	 * next directory tells whether they are few or many. */
	uint64_t		 dir;
	char			*dirpath;
	struct pending		 pend[WINDOW_DIR_FILES];
	size_t			 ndir;
	int64_t			 first;
};

static bool
is_noisy(const char *path)
{
	size_t	i;

	for (i = 0; i < sizeof(noisy) / sizeof(noisy[0]); i++)
		if (strncmp(path, noisy[i], strlen(noisy[i])) == 0)
			return true;
	return false;
}

static void
give(struct wctx *w, const char *path, int64_t t, const char *what)
{
	if (w->ws->listed >= WINDOW_FILES_MAX) {
		w->ws->more = true;
		return;
	}
	w->ws->listed++;
	story_file_change(w->st, path, t, what);
}

/* The held directory's files: one by one, or one line for them all. */
static void
flush(struct wctx *w)
{
	char	*what;
	size_t	 i, n = w->ndir < WINDOW_DIR_FILES ? w->ndir :
		    WINDOW_DIR_FILES;

	if (w->ndir > WINDOW_DIR_FILES) {
		what = story_printf("%zu files created or changed in it",
		    w->ndir);
		give(w, w->dirpath, w->first, what);
		free(what);
	} else {
		for (i = 0; i < n; i++)
			give(w, w->pend[i].path, w->pend[i].time,
			    w->pend[i].what);
	}
	for (i = 0; i < n; i++)
		free(w->pend[i].path);
	free(w->dirpath);
	w->dirpath = NULL;
	w->ndir = 0;
}

static void
hold(struct wctx *w, const struct tl_name *nm, int64_t t, const char *what)
{
	const char	*slash;

	if (w->dirpath == NULL || nm->dir != w->dir) {
		flush(w);
		slash = strrchr(nm->path, '/');
		w->dir = nm->dir;
		w->dirpath = slash == NULL || slash == nm->path ?
		    xstrdup("/") : story_printf("%.*s",
		    (int)(slash - nm->path), nm->path);
		w->first = t;
	}
	if (w->ndir < WINDOW_DIR_FILES) {
		w->pend[w->ndir].path = xstrdup(nm->path);
		w->pend[w->ndir].what = what;
		w->pend[w->ndir].time = t;
	}
	w->ndir++;
	if (t < w->first)
		w->first = t;
}

static int
name_cb(const struct tl_name *nm, void *arg)
{
	struct wctx		*w = arg;
	const struct tl_inode	*in = nm->in;
	const char		*what = NULL;
	struct tl_pkgact	*act;
	int64_t			 t = 0;

	if (in == NULL || nm->deleted || nm->virt || nm->type == DT_DIR ||
	    nm->pathlen == 0 || nm->path[nm->pathlen] != '\0' ||
	    is_noisy(nm->path))
		return FSR_WALK_CONT;
	if ((in->flags & TL_CRTIME) &&
	    story_window_at(w->st, tl_sec(in, TL_B)) != NULL) {
		what = "created";
		t = tl_sec(in, TL_B);
	} else if (story_window_at(w->st, tl_sec(in, TL_M)) != NULL) {
		what = "written";
		t = tl_sec(in, TL_M);
	} else if (story_window_at(w->st, tl_sec(in, TL_C)) != NULL) {
		what = "attributes changed";
		t = tl_sec(in, TL_C);
	}
	if (what == NULL)
		return FSR_WALK_CONT;
	switch (tl_pkgruns_explain(w->pkgs, nm, t, &act)) {
	case TL_PKG_UPGRADE:
	case TL_PKG_REBUILT:
		w->ws->by_packages++;
		return FSR_WALK_CONT;
	case TL_PKG_INSTALLED:
		w->ws->by_packages++;
		if (w->ws->listed < WINDOW_FILES_MAX &&
		    tl_pkgact_tell(act, w->st))
			w->ws->listed++;
		return FSR_WALK_CONT;
	case TL_PKG_NONE:
		break;
	}
	hold(w, nm, t, what);
	return w->ws->more ? FSR_WALK_STOP : FSR_WALK_CONT;
}

static void
load_err(const char *msg, void *arg)
{
	ax_err((struct actx *)arg, "timeline: %s", msg);
}

void
tl_window_files(struct actx *ax, struct story *st, struct tl_window_stats *ws)
{
	struct wctx		 w;
	struct tl_fs		 t;
	const struct fsr_mount	*m;
	size_t			 i;

	memset(ws, 0, sizeof(*ws));
	if (st->nwindows == 0)
		return;
	memset(&w, 0, sizeof(w));
	w.st = st;
	w.ws = ws;
	w.pkgs = tl_pkgruns_load(ax, st);
	for (i = 0; i < fsr_tree_nmounts(ax->tree) && !ws->more; i++) {
		m = fsr_tree_mount(ax->tree, i);
		if (tl_fs_load(&t, ax->tree, m->fs, m->path, false, load_err,
		    ax) < 0 && t.nin == 0) {
			tl_fs_free(&t);
			continue;
		}
		tl_fs_names(&t, name_cb, &w);
		flush(&w);	/* inode numbers are the filesystem's own */
		tl_fs_free(&t);
	}
	tl_pkgruns_free(w.pkgs);
}
