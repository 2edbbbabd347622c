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
#include <string.h>
#include <sys/stat.h>

#include "story/story.h"
#include "timeline/pkgruns.h"
#include "timeline/timeline.h"

#define WINDOW_FILES_MAX	500

/* Places that change on a running system with nobody at the keyboard. */
static const char *const noisy[] = { "/proc/", "/sys/", "/dev/", "/run/",
    "/var/log/", "/var/cache/", "/var/lib/apt/", "/var/lib/dpkg/",
    "/var/lib/systemd/", "/var/lib/logrotate/", "/var/lib/php/sessions/",
    "/var/spool/postfix/", "/var/lib/mysql/", "/var/lib/postgresql/",
    "/var/lib/docker/", "/var/lib/containerd/", "/tmp/systemd-private-",
    "/var/tmp/systemd-private-", "/var/lib/ucf/", "/var/backups/",
    "/var/mail/", "/var/spool/mail/" };

struct wctx {
	struct story		*st;
	struct tl_pkgruns	*pkgs;
	struct tl_window_stats	*ws;
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
	if (w->ws->listed >= WINDOW_FILES_MAX) {
		w->ws->more = true;
		return FSR_WALK_STOP;
	}
	w->ws->listed++;
	story_file_change(w->st, nm->path, t, what);
	return FSR_WALK_CONT;
}

static void
load_err(const char *msg, void *arg)
{
	ax_err((struct actx *)arg, "timeline: %s", msg);
}

void
tl_window_files(struct actx *ax, struct story *st, struct tl_window_stats *ws)
{
	struct wctx		 w = { st, NULL, ws };
	struct tl_fs		 t;
	const struct fsr_mount	*m;
	size_t			 i;

	memset(ws, 0, sizeof(*ws));
	if (st->nwindows == 0)
		return;
	w.pkgs = tl_pkgruns_load(ax, st);
	for (i = 0; i < fsr_tree_nmounts(ax->tree) && !ws->more; i++) {
		m = fsr_tree_mount(ax->tree, i);
		if (tl_fs_load(&t, ax->tree, m->fs, m->path, false, load_err,
		    ax) < 0 && t.nin == 0) {
			tl_fs_free(&t);
			continue;
		}
		tl_fs_names(&t, name_cb, &w);
		tl_fs_free(&t);
	}
	tl_pkgruns_free(w.pkgs);
}
