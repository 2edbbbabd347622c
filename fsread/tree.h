/*
 * tree.h - the tree handle's layout, shared by tree.c and path.c
 */
#ifndef FSR_TREE_H
#define FSR_TREE_H

#include <stdarg.h>
#include "fsr_int.h"

#define FSR_MAXMOUNTS	64

struct fsr_tree {
	struct fsr_node		 root;
	struct fsr_mount	 mounts[FSR_MAXMOUNTS];	/* [0] is "/" */
	size_t			 nmounts;
	char			 err[FSR_ERRMSG_MAX];
};

int	fsr_tree_fail(struct fsr_tree *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The mount whose point is exactly PATH, never "/"; NULL if none. */
const struct fsr_mount *fsr_tree_mount_at(const struct fsr_tree *,
	    const char *path);

#endif
