/*
 * path.c - paths inside the server's tree: symlinks, "..", mount points
 * and the link limit, resolved once, above every backend
 *
 * "Never leave the server's tree" is this file: an absolute symlink
 * starts again at the server's root, ".." stops there, and nothing here
 * ever names a path of the host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tree.h"

#define PATH_MAXLEN	4096
#define MAXDEPTH	256

/* Record an error from FS (or ERR's text) as "fs: path: what". */
static int
fail_fs(struct fsr_tree *t, struct fsr_fs *fs, const char *path, int err)
{
	const char	*what = fs->err[0] ? fs->err : strerror(-err);

	return fsr_tree_fail(t, err, "%s: %s: %s", fsr_fs_name(fs), path,
	    what);
}

/* Record an error of an operation on a node: "fs: what". */
static int
fail_node(struct fsr_tree *t, struct fsr_fs *fs, int err)
{
	return fsr_tree_fail(t, err, "%s: %s", fsr_fs_name(fs),
	    fs->err[0] ? fs->err : strerror(-err));
}

static int
fs_stat(struct fsr_tree *t, const struct fsr_node *n, const char *path,
    struct fsr_stat *st)
{
	int	rc;

	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->stat(n->fs, n->ino, st)) < 0)
		return fail_fs(t, n->fs, path, rc);
	return 0;
}

int
fsr_child(struct fsr_tree *t, const struct fsr_node *dir, const char *dirpath,
    const char *name, struct fsr_node *out)
{
	const struct fsr_mount	*m;
	char			 full[PATH_MAXLEN];
	uint64_t		 ino;
	int			 rc;

	if (snprintf(full, sizeof(full), "%s%s%s", dirpath,
	    strcmp(dirpath, "/") == 0 ? "" : "/", name) >= (int)sizeof(full))
		return fsr_tree_fail(t, -ENAMETOOLONG, "%s/%s: path too long",
		    dirpath, name);
	if ((m = fsr_tree_mount_at(t, full)) != NULL) {
		out->fs = m->fs;
		out->ino = m->fs->root_ino;
		return 0;
	}
	dir->fs->err[0] = '\0';
	rc = dir->fs->ops->lookup(dir->fs, dir->ino, name, &ino);
	if (rc == -ENOENT)
		return fsr_tree_fail(t, rc, "%s: no such file", full);
	if (rc < 0)
		return fail_fs(t, dir->fs, full, rc);
	out->fs = dir->fs;
	out->ino = ino;
	return 0;
}

/* "PATH: no such file", naming the missing part when it is not PATH. */
static void
missing(struct fsr_tree *t, const char *path, const char *cur,
    const char *comp)
{
	char	full[2 * PATH_MAXLEN + 2];

	snprintf(full, sizeof(full), "%s%s%s", cur, strcmp(cur, "/") ? "/" :
	    "", comp);
	if (strcmp(path, full) == 0)
		fsr_tree_fail(t, -ENOENT, "%s: no such file", path);
	else
		fsr_tree_fail(t, -ENOENT, "%s: no such file (%s is missing)",
		    path, full);
}

void
fsr_entry_node(const struct fsr_tree *t, const struct fsr_node *dir,
    const char *dirpath, const struct fsr_dirent *d, struct fsr_node *out)
{
	const struct fsr_mount	*m = NULL;
	char			 full[PATH_MAXLEN];

	/* Only a path that could be a mount point needs the table. */
	if (t->nmounts > 1 && snprintf(full, sizeof(full), "%s%s%s", dirpath,
	    strcmp(dirpath, "/") ? "/" : "", d->name) < (int)sizeof(full))
		m = fsr_tree_mount_at(t, full);
	if (m != NULL) {
		out->fs = m->fs;
		out->ino = m->fs->root_ino;
	} else {
		out->fs = dir->fs;
		out->ino = d->ino;
	}
}

struct level {
	struct fsr_node	node;
	size_t		pathlen;	/* length of the canonical path here */
};

int
fsr_lookup(struct fsr_tree *t, const char *path, int flags,
    struct fsr_node *out, char *realpath, size_t rplen)
{
	struct level	 stack[MAXDEPTH];
	struct fsr_stat	 st;
	struct fsr_node	 child;
	char		 cur[PATH_MAXLEN] = "/";
	char		 rest[2 * PATH_MAXLEN], target[PATH_MAXLEN];
	char		 comp[PATH_MAXLEN];
	char		*p, *slash;
	size_t		 depth = 0, len, curlen = 1;
	int		 links = 0, rc = 0;
	bool		 last;

	if (path[0] != '/')
		return fsr_tree_fail(t, -EINVAL, "%s: not an absolute path",
		    path);
	if (strlen(path) >= sizeof(rest))
		return fsr_tree_fail(t, -ENAMETOOLONG, "path too long");
	snprintf(rest, sizeof(rest), "%s", path);
	stack[0].node = t->root;
	stack[0].pathlen = 1;

	p = rest;
	while (*p) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		slash = strchr(p, '/');
		len = slash ? (size_t)(slash - p) : strlen(p);
		memcpy(comp, p, len);
		comp[len] = '\0';
		p += len;
		last = strspn(p, "/") == strlen(p);

		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			if (depth > 0)
				depth--;
			curlen = stack[depth].pathlen;
			cur[curlen] = '\0';
			continue;
		}
		if ((rc = fsr_child(t, &stack[depth].node, cur, comp,
		    &child)) < 0) {
			if (rc == -ENOENT)
				missing(t, path, cur, comp);
			goto out_partial;
		}
		if ((rc = fs_stat(t, &child, comp, &st)) < 0)
			goto out_partial;

		if (S_ISLNK(st.mode) && !(last && (flags & FSR_NOFOLLOW))) {
			if (++links > FSR_MAXSYMLINKS) {
				rc = fsr_tree_fail(t, -ELOOP, "%s: more than "
				    "%d symlinks", path, FSR_MAXSYMLINKS);
				goto out_partial;
			}
			child.fs->err[0] = '\0';
			rc = child.fs->ops->readlink(child.fs, child.ino,
			    target, sizeof(target));
			if (rc < 0) {
				fail_fs(t, child.fs, comp, rc);
				goto out_partial;
			}
			if (target[0] == '\0') {
				rc = fsr_tree_fail(t, -ENOENT, "%s: empty "
				    "symlink", comp);
				goto out_partial;
			}
			/* The target, then what was left of the path. */
			if (strlen(target) + strlen(p) + 2 > sizeof(rest)) {
				rc = fsr_tree_fail(t, -ENAMETOOLONG,
				    "%s: path too long", path);
				goto out_partial;
			}
			memmove(rest + strlen(target) + 1, p, strlen(p) + 1);
			memcpy(rest, target, strlen(target));
			rest[strlen(target)] = '/';
			p = rest;
			if (target[0] == '/') {
				depth = 0;
				curlen = 1;
				cur[1] = '\0';
			}
			continue;
		}
		if (!last && !S_ISDIR(st.mode)) {
			rc = fsr_tree_fail(t, -ENOTDIR, "%s%s%s: not a "
			    "directory", cur, curlen > 1 ? "/" : "", comp);
			goto out_partial;
		}
		if (depth + 1 == MAXDEPTH ||
		    curlen + len + 2 > sizeof(cur)) {
			rc = fsr_tree_fail(t, -ENAMETOOLONG, "%s: path too "
			    "deep", path);
			goto out_partial;
		}
		if (curlen > 1)
			cur[curlen++] = '/';
		memcpy(cur + curlen, comp, len + 1);
		curlen += len;
		stack[++depth].node = child;
		stack[depth].pathlen = curlen;
	}
	*out = stack[depth].node;
	if (realpath != NULL)
		snprintf(realpath, rplen, "%s", cur);
	return 0;

out_partial:
	/*
	 * Where resolution got to and what was left, so that a link to
	 * /dev/null can be named as such.
	 */
	if (realpath != NULL) {
		snprintf(realpath, rplen, "%s%s%s%s", cur, curlen > 1 ? "/" : "",
		    comp, p);
		len = strlen(realpath);
		while (len > 1 && realpath[len - 1] == '/')
			realpath[--len] = '\0';
	}
	return rc;
}

int
fsr_stat(struct fsr_tree *t, const struct fsr_node *n, struct fsr_stat *st)
{
	int	rc;

	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->stat(n->fs, n->ino, st)) < 0)
		return fail_node(t, n->fs, rc);
	return 0;
}

int
fsr_stat_path(struct fsr_tree *t, const char *path, int flags,
    struct fsr_node *n, struct fsr_stat *st)
{
	int	rc;

	if ((rc = fsr_lookup(t, path, flags, n, NULL, 0)) < 0)
		return rc;
	return fs_stat(t, n, path, st);
}

struct readdir_ctx {
	fsr_dirent_fn	*fn;
	void		*arg;
	unsigned	 bad;
};

static int
readdir_filter(const struct fsr_dirent *d, void *arg)
{
	struct readdir_ctx	*c = arg;

	/* Only a forged directory can hold these; no path could name them. */
	if (memchr(d->name, '/', d->namelen) != NULL ||
	    strlen(d->name) != d->namelen || d->namelen == 0) {
		c->bad++;
		return FSR_WALK_CONT;
	}
	return c->fn(d, c->arg);
}

int
fsr_readdir(struct fsr_tree *t, const struct fsr_node *n, fsr_dirent_fn *fn,
    void *arg)
{
	struct readdir_ctx	c = { fn, arg, 0 };
	int			rc;

	n->fs->err[0] = '\0';
	rc = n->fs->ops->readdir(n->fs, n->ino, readdir_filter, &c);
	if (rc < 0)
		return fail_node(t, n->fs, rc);
	if (c.bad)
		return fsr_tree_fail(t, -EUCLEAN, "%s: %u directory entries "
		    "with '/' or NUL in the name skipped", fsr_fs_name(n->fs),
		    c.bad);
	return 0;
}

int
fsr_readlink(struct fsr_tree *t, const struct fsr_node *n, char *buf,
    size_t len)
{
	int	rc;

	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->readlink(n->fs, n->ino, buf, len)) < 0)
		return fail_node(t, n->fs, rc);
	return 0;
}

int
fsr_pread(struct fsr_tree *t, const struct fsr_node *n, void *buf,
    size_t len, uint64_t off, size_t *got)
{
	int	rc;

	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->read(n->fs, n->ino, buf, len, off, got)) < 0)
		return fail_node(t, n->fs, rc);
	return 0;
}

int
fsr_next_data(struct fsr_tree *t, const struct fsr_node *n, uint64_t off,
    uint64_t *data)
{
	int	rc;

	*data = off;
	if (n->fs->ops->next_data == NULL)
		return 0;
	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->next_data(n->fs, n->ino, off, data)) < 0) {
		*data = off;
		return fail_node(t, n->fs, rc);
	}
	return 0;
}

int
fsr_xattrs(struct fsr_tree *t, const struct fsr_node *n, fsr_xattr_fn *fn,
    void *arg)
{
	int	rc;

	n->fs->err[0] = '\0';
	if ((rc = n->fs->ops->xattrs(n->fs, n->ino, fn, arg)) < 0)
		return fail_node(t, n->fs, rc);
	return 0;
}

int
fsr_slurp(struct fsr_tree *t, const char *path, size_t max, char **bufp,
    size_t *lenp)
{
	struct fsr_node	 n;
	struct fsr_stat	 st;
	char		*buf;
	size_t		 got, len = 0;
	int		 rc;

	*bufp = NULL;
	*lenp = 0;
	if ((rc = fsr_stat_path(t, path, 0, &n, &st)) < 0)
		return rc;
	if (!S_ISREG(st.mode))
		return fsr_tree_fail(t, -EINVAL, "%s: not a regular file",
		    path);
	if (st.size > max)
		return fsr_tree_fail(t, -EFBIG, "%s: %llu bytes, more than "
		    "the %zu read for it", path, (unsigned long long)st.size,
		    max);
	if ((buf = malloc((size_t)st.size + 1)) == NULL)
		return fsr_tree_fail(t, -ENOMEM, "%s: out of memory", path);
	while (len < st.size) {
		if ((rc = fsr_pread(t, &n, buf + len, (size_t)st.size - len,
		    len, &got)) < 0) {
			free(buf);
			return fsr_tree_fail(t, rc, "%s: %s", path,
			    fsr_tree_errmsg(t));
		}
		if (got == 0)
			break;
		len += got;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}

/*
 * The walk.
 */
struct walk {
	struct fsr_tree	*t;
	fsr_walk_fn	*fn;
	fsr_walkerr_fn	*errfn;
	void		*arg;
	struct fsr_fs	*dirfs;		/* the filesystem of the directory read */
	char		 path[PATH_MAXLEN];
	size_t		 pathlen;
	unsigned	 depth;
	bool		 stop;
	struct fsr_nodeset *seen;	/* directories entered */
};

static void
walk_err(struct walk *w, int err)
{
	if (w->errfn != NULL)
		w->errfn(w->path, err, fsr_tree_errmsg(w->t), w->arg);
}

static void walk_dir(struct walk *, const struct fsr_node *);

static int
walk_entry(const struct fsr_dirent *d, void *arg)
{
	struct walk		*w = arg;
	struct fsr_node		 n, dir = { w->dirfs, 0 };
	struct fsr_stat		 st;
	size_t			 saved = w->pathlen;
	int			 rc;

	if (saved + d->namelen + 2 > sizeof(w->path)) {
		fsr_tree_fail(w->t, -ENAMETOOLONG, "path too long");
		walk_err(w, -ENAMETOOLONG);
		return FSR_WALK_CONT;
	}
	fsr_entry_node(w->t, &dir, w->path, d, &n);
	if (saved > 1)
		w->path[w->pathlen++] = '/';
	memcpy(w->path + w->pathlen, d->name, d->namelen + 1);
	w->pathlen += d->namelen;

	if ((rc = fs_stat(w->t, &n, w->path, &st)) < 0) {
		walk_err(w, rc);
	} else {
		rc = w->fn(w->path, &n, &st, w->arg);
		if (rc == FSR_WALK_STOP)
			w->stop = true;
		else if (rc == FSR_WALK_CONT && S_ISDIR(st.mode))
			walk_dir(w, &n);
	}
	w->pathlen = saved;
	w->path[saved] = '\0';
	return w->stop ? FSR_WALK_STOP : FSR_WALK_CONT;
}

static void
walk_dir(struct walk *w, const struct fsr_node *n)
{
	struct fsr_fs	*saved = w->dirfs;
	int		 rc;

	if (fsr_nodeset_add(w->seen, n) != 1) {
		fsr_tree_fail(w->t, -EUCLEAN, "%s: directory reached twice "
		    "(a hard-linked directory); not entered again",
		    fsr_fs_name(n->fs));
		walk_err(w, -EUCLEAN);
		return;
	}
	if (w->depth >= MAXDEPTH) {
		fsr_tree_fail(w->t, -ELOOP, "more than %d levels deep",
		    MAXDEPTH);
		walk_err(w, -ELOOP);
		return;
	}
	w->depth++;
	w->dirfs = n->fs;
	if ((rc = fsr_readdir(w->t, n, walk_entry, w)) < 0)
		walk_err(w, rc);
	w->dirfs = saved;
	w->depth--;
}

int
fsr_walk(struct fsr_tree *t, const char *path, fsr_walk_fn *fn,
    fsr_walkerr_fn *errfn, void *arg)
{
	struct walk	*w;
	struct fsr_node	 n;
	struct fsr_stat	 st;
	int		 rc;

	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->seen = fsr_nodeset_new()) == NULL) {
		free(w);
		return fsr_tree_fail(t, -ENOMEM, "out of memory");
	}
	w->t = t;
	w->fn = fn;
	w->errfn = errfn;
	w->arg = arg;
	/* Like find -H: a symlink given as the start is followed. */
	rc = fsr_lookup(t, path, 0, &n, w->path, sizeof(w->path));
	if (rc == 0)
		rc = fs_stat(t, &n, path, &st);
	if (rc < 0)
		goto out;
	w->pathlen = strlen(w->path);
	rc = fn(w->path, &n, &st, arg);
	if (rc == FSR_WALK_CONT && S_ISDIR(st.mode))
		walk_dir(w, &n);
	rc = 0;
out:
	fsr_nodeset_free(w->seen);
	free(w);
	return rc;
}
