/*
 * journalset.c - find the server's journal files, open each over
 * fsread and merge them by time
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/journalset.h"
#include "util/util.h"

#define JOURNAL_DIR	"/var/log/journal"

struct find {
	struct fsr_tree		*tree;
	struct journalset	*set;
	size_t			 cap;
	const char		*dir;
	char			**subdirs;
	size_t			 nsub, subcap;
};

static bool
ends_with(const char *s, size_t n, const char *suf)
{
	size_t	l = strlen(suf);

	return n > l && memcmp(s + n - l, suf, l) == 0;
}

static int
pread_cb(void *arg, void *buf, size_t len, uint64_t off, size_t *got)
{
	struct jsfile	*f = arg;

	return fsr_pread(f->tree, &f->node, buf, len, off, got);
}

static int
entry(const struct fsr_dirent *d, void *arg)
{
	struct find	*f = arg;
	struct jsfile	 jf = { 0 };
	size_t		 len;
	char		*path;

	len = strlen(f->dir) + d->namelen + 2;
	path = xmalloc(len);
	snprintf(path, len, "%s/%s", f->dir, d->name);
	if (fsr_stat_path(f->tree, path, FSR_NOFOLLOW, &jf.node,
	    &jf.st) != 0) {
		free(path);
		return 0;
	}
	if (S_ISDIR(jf.st.mode) && f->subcap != 0) {
		if (f->nsub < JOURNALSET_MAX)
			f->subdirs[f->nsub++] = path;
		else
			free(path);
		return 0;
	}
	if (!S_ISREG(jf.st.mode) || !(ends_with(d->name, d->namelen,
	    ".journal") || ends_with(d->name, d->namelen, ".journal~")) ||
	    f->set->n >= JOURNALSET_MAX) {
		free(path);
		return 0;
	}
	jf.path = path;
	jf.tree = f->tree;
	if (f->set->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->set->files = xrealloc(f->set->files,
		    f->cap * sizeof(*f->set->files));
	}
	f->set->files[f->set->n++] = jf;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct jsfile *)a)->path,
	    ((const struct jsfile *)b)->path);
}

int
journalset_open(struct fsr_tree *tree, struct journalset *set,
    journalset_err_fn *errfn, void *arg)
{
	struct find	 f = { .tree = tree, .set = set };
	struct fsr_node	 n;
	char		 err[256];
	size_t		 i;
	int		 rc;

	memset(set, 0, sizeof(*set));
	if ((rc = fsr_lookup(tree, JOURNAL_DIR, 0, &n, NULL, 0)) != 0)
		return rc == -ENOENT || rc == -ENOTDIR ? 0 : rc;
	/* the top directory's files, then each machine id's */
	f.dir = JOURNAL_DIR;
	f.subcap = JOURNALSET_MAX;
	f.subdirs = xcalloc(JOURNALSET_MAX, sizeof(*f.subdirs));
	rc = fsr_readdir(tree, &n, entry, &f);
	f.subcap = 0;
	for (i = 0; rc == 0 && i < f.nsub; i++) {
		f.dir = f.subdirs[i];
		if (fsr_lookup(tree, f.dir, FSR_NOFOLLOW, &n, NULL, 0) == 0 &&
		    fsr_readdir(tree, &n, entry, &f) != 0 && errfn != NULL)
			errfn(f.dir, fsr_tree_errmsg(tree), arg);
	}
	for (i = 0; i < f.nsub; i++)
		free(f.subdirs[i]);
	free(f.subdirs);
	if (rc != 0)
		return rc;
	if (set->n > 1)
		qsort(set->files, set->n, sizeof(*set->files), by_path);
	set->open = xcalloc(set->n ? set->n : 1, sizeof(*set->open));
	for (i = 0; i < set->n; i++) {
		struct jsfile	*jf = &set->files[i];

		jf->j = journal_open(pread_cb, jf, jf->st.size, err,
		    sizeof(err));
		if (jf->j == NULL) {
			if (errfn != NULL)
				errfn(jf->path, err, arg);
			continue;
		}
		set->open[set->nopen++] = jf->j;
	}
	set->merge = journal_merge_new(set->open, set->nopen);
	return 0;
}

int
journalset_next(struct journalset *set, const struct journal_entry **ent,
    const struct jsfile **file)
{
	size_t	which, i;

	if (set->merge == NULL ||
	    journal_merge_next(set->merge, ent, &which) != 1)
		return 0;
	for (i = 0; i < set->n; i++)
		if (set->files[i].j == (*ent)->file) {
			*file = &set->files[i];
			return 1;
		}
	*file = NULL;
	return 1;
}

size_t
journalset_damage(struct journalset *set, journalset_err_fn *errfn,
    void *arg)
{
	const char	*msg;
	size_t		 i, n = 0;

	for (i = 0; i < set->n; i++) {
		if (set->files[i].j == NULL ||
		    (msg = journal_damage(set->files[i].j)) == NULL)
			continue;
		n++;
		if (errfn != NULL)
			errfn(set->files[i].path, msg, arg);
	}
	return n;
}

size_t
journalset_nreadable(const struct journalset *set)
{
	return set->nopen;
}

void
journalset_close(struct journalset *set)
{
	size_t	i;

	journal_merge_free(set->merge);
	for (i = 0; i < set->n; i++) {
		journal_close(set->files[i].j);
		free(set->files[i].path);
	}
	free(set->files);
	free(set->open);
	memset(set, 0, sizeof(*set));
}
