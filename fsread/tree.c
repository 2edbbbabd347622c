/*
 * tree.c - one tree of the server: filesystems attached at mount points
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"

struct fsr_tree *
fsr_tree_new(struct fsr_fs *root)
{
	struct fsr_tree	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->root.fs = root;
	t->root.ino = root->root_ino;
	snprintf(t->mounts[0].path, sizeof(t->mounts[0].path), "/");
	t->mounts[0].fs = root;
	t->nmounts = 1;
	return t;
}

void
fsr_tree_free(struct fsr_tree *t)
{
	if (t == NULL)
		return;
	free(t);
}

const char *
fsr_tree_errmsg(const struct fsr_tree *t)
{
	return t->err;
}

int
fsr_tree_fail(struct fsr_tree *t, int err, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fsr_vfmt(t->err, sizeof(t->err), fmt, ap);
	va_end(ap);
	return err;
}

int
fsr_tree_attach(struct fsr_tree *t, const char *path, struct fsr_fs *fs,
    const char *source)
{
	struct fsr_mount	*m;
	size_t			 i, len = strlen(path);

	if (path[0] != '/' || len >= sizeof(m->path) || strstr(path, "//") ||
	    strstr(path, "/./") || strstr(path, "/../") ||
	    (len > 1 && path[len - 1] == '/'))
		return fsr_tree_fail(t, -EINVAL, "mount point %s: not a "
		    "plain absolute path", path);
	if (t->nmounts == FSR_MAXMOUNTS)
		return fsr_tree_fail(t, -ENOSPC, "mount point %s: more than "
		    "%d mounts", path, FSR_MAXMOUNTS);
	for (i = 0; i < t->nmounts; i++) {
		if (strcmp(t->mounts[i].path, path) == 0)
			return fsr_tree_fail(t, -EEXIST, "mount point %s: "
			    "already attached", path);
		if (t->mounts[i].fs == fs)
			return fsr_tree_fail(t, -EEXIST, "%s: already "
			    "attached at %s", fsr_fs_name(fs),
			    t->mounts[i].path);
	}
	m = &t->mounts[t->nmounts++];
	snprintf(m->path, sizeof(m->path), "%s", path);
	snprintf(m->source, sizeof(m->source), "%s", source ? source : "");
	m->fs = fs;
	return 0;
}

size_t
fsr_tree_nmounts(const struct fsr_tree *t)
{
	return t->nmounts;
}

const struct fsr_mount *
fsr_tree_mount(const struct fsr_tree *t, size_t i)
{
	return i < t->nmounts ? &t->mounts[i] : NULL;
}

const struct fsr_mount *
fsr_tree_mount_at(const struct fsr_tree *t, const char *path)
{
	size_t	i;

	for (i = 1; i < t->nmounts; i++)
		if (strcmp(t->mounts[i].path, path) == 0)
			return &t->mounts[i];
	return NULL;
}
