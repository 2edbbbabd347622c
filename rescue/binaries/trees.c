/*
 * trees.c - programs no package installed, in a system directory, that
 * all sit in one directory tree no package made: a vendor's tarball
 * unpacked there (a JDK in /usr/lib/jvm/NAME, a toolchain in
 * /usr/lib/NAME).  An intruder drops a program or three into a
 * directory that exists; a whole tree of dozens of programs among
 * hundreds of files is an install.  Such a tree's binaries.unowned_system
 * findings are held back: with more than TREE_PROGRAMS programs and at
 * least TREE_FILES files in all they become one binaries.unowned_tree;
 * otherwise they go out one by one.  Each program stays an "elf" record.
 */
#include <stdlib.h>
#include <string.h>

#include "binaries/binaries.h"
#include "util/util.h"

#define TREE_PROGRAMS	10
#define TREE_FILES	50
#define TREE_HOLD	256	/* past this many programs, surely a tree */
#define TREES_MAX	256

struct held {
	char		*path, *evidence;
	int64_t		 time;
};

struct tree {
	char		*root;
	size_t		 files, programs;
	int64_t		 last;
	struct held	*held;
	size_t		 nheld;
};

struct btrees {
	struct tree	*v;
	size_t		 n, cap;
};

/* The tops of the system's ground: a tree is a directory below one. */
static const char *const tops[] = { "/usr/lib", "/lib", "/usr/lib64",
    "/lib64", "/usr/lib32", "/usr/libexec", "/usr/bin", "/usr/sbin", "/bin",
    "/sbin", "/boot", "/etc", "/usr" };

static bool
is_top(const char *dir, size_t len)
{
	size_t	i;

	if (len <= 1)
		return true;
	for (i = 0; i < sizeof(tops) / sizeof(*tops); i++)
		if (strlen(tops[i]) == len && memcmp(tops[i], dir, len) == 0)
			return true;
	return false;
}

static bool
dir_owned(const struct bscan *b, const char *path, size_t len)
{
	char	dir[DPKG_PATH_MAX + 1], canon[DPKG_PATH_MAX + 1];

	if (len > DPKG_PATH_MAX)
		return false;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return pkgdb_canon(&b->db, dir, canon) > 0 &&
	    pkgdb_owner(&b->db, canon) != NULL;
}

/*
 * The highest directory above PATH that no package made and that is
 * below a top; its length, or 0 when PATH's own directory is a
 * package's (a file dropped beside packaged ones: no tree).
 */
static size_t
unowned_root(const struct bscan *b, const char *path)
{
	const char	*slash = strrchr(path, '/');
	size_t		 len, up;

	if (slash == NULL || (len = (size_t)(slash - path)) == 0 ||
	    is_top(path, len) || dir_owned(b, path, len))
		return 0;
	for (;;) {
		for (up = len; up > 0 && path[up - 1] != '/'; up--)
			;
		if (up <= 1)
			return len;
		up--;		/* the parent, without its '/' */
		if (is_top(path, up) || dir_owned(b, path, up))
			return len;
		len = up;
	}
}

static struct tree *
tree_at(struct bscan *b, const char *path, size_t len)
{
	struct btrees	*bt;
	struct tree	*t;
	size_t		 i;

	if (b->trees == NULL)
		b->trees = xcalloc(1, sizeof(*b->trees));
	bt = b->trees;
	for (i = 0; i < bt->n; i++)
		if (strlen(bt->v[i].root) == len &&
		    memcmp(bt->v[i].root, path, len) == 0)
			return &bt->v[i];
	if (bt->n == TREES_MAX)
		return NULL;
	if (bt->n == bt->cap) {
		bt->cap = bt->cap ? bt->cap * 2 : 8;
		bt->v = xrealloc(bt->v, bt->cap * sizeof(*bt->v));
	}
	t = &bt->v[bt->n++];
	memset(t, 0, sizeof(*t));
	t->root = xmalloc(len + 1);
	memcpy(t->root, path, len);
	t->root[len] = '\0';
	t->last = TIME_NONE;
	return t;
}

void
trees_note_file(struct bscan *b, const char *path)
{
	struct tree	*t;
	size_t		 len;

	if ((len = unowned_root(b, path)) > 0 &&
	    (t = tree_at(b, path, len)) != NULL)
		t->files++;
}

bool
trees_hold(struct bscan *b, const struct fctx *f)
{
	struct tree	*t;
	struct held	*h;
	size_t		 len, i;

	if (f->path == NULL || (len = unowned_root(b, f->path)) == 0 ||
	    (t = tree_at(b, f->path, len)) == NULL)
		return false;
	t->programs++;
	if (f->time != TIME_NONE && (t->last == TIME_NONE || f->time > t->last))
		t->last = f->time;
	if (t->programs > TREE_HOLD) {
		for (i = 0; i < t->nheld; i++) {
			free(t->held[i].path);
			free(t->held[i].evidence);
		}
		free(t->held);
		t->held = NULL;
		t->nheld = 0;
		return true;
	}
	t->held = xrealloc(t->held, (t->nheld + 1) * sizeof(*t->held));
	h = &t->held[t->nheld++];
	h->path = xstrdup(f->path);
	h->evidence = f->evidence != NULL ? xstrdup(f->evidence) : NULL;
	h->time = f->time;
	return true;
}

void
trees_flush(struct bscan *b)
{
	struct btrees	*bt = b->trees;
	struct tree	*t;
	char		 ev[256];
	size_t		 i, k;
	bool		 install;

	if (bt == NULL)
		return;
	for (i = 0; i < bt->n; i++) {
		t = &bt->v[i];
		install = t->programs > TREE_PROGRAMS &&
		    t->files >= TREE_FILES;
		if (install) {
			snprintf(ev, sizeof(ev), "%zu programs among %zu "
			    "files, no package made the directory",
			    t->programs, t->files);
			finding(b->ax, CHECK_BIN_UNOWNED_TREE, &(struct fctx){
			    .path = t->root, .evidence = ev, .time = t->last,
			    .detail = "a tree unpacked by hand (a vendor's "
			    "tarball): the elf records list its programs" });
		}
		for (k = 0; k < t->nheld; k++) {
			if (!install)
				finding(b->ax, CHECK_BIN_UNOWNED_SYSTEM,
				    &(struct fctx){ .path = t->held[k].path,
				    .evidence = t->held[k].evidence,
				    .time = t->held[k].time });
			free(t->held[k].path);
			free(t->held[k].evidence);
		}
		free(t->held);
		free(t->root);
	}
	free(bt->v);
	free(bt);
	b->trees = NULL;
}
