/*
 * logset.c - a log and its rotated copies, oldest first, from their
 * names as logrotate and savelog write them
 *
 * The order comes from the names, not the mtimes: an intruder can set
 * a file's times but renaming wtmp.1 over wtmp.2 shows in the content.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input.h"
#include "util/util.h"

#define LOGSET_MAX	1024	/* a directory with more copies is forged */

struct find {
	struct fsr_tree	*tree;
	const char	*dir;
	const char	*base;
	struct logset	*set;
	size_t		 cap;
};

/* Digits only, 1 to MAX of them; the value in *V. */
static bool
all_digits(const char *s, size_t n, size_t max, uint64_t *v)
{
	size_t	i;

	if (n == 0 || n > max)
		return false;
	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return true;
}

/* Whether NAME is one of BASE's family; fills kind, num and gz. */
static bool
family_name(const char *name, const char *base, struct logfile *lf)
{
	size_t		 bl = strlen(base), n;
	const char	*rest;

	if (strncmp(name, base, bl) != 0)
		return false;
	rest = name + bl;
	n = strlen(rest);
	lf->gz = n >= 3 && strcmp(rest + n - 3, ".gz") == 0;
	if (lf->gz)
		n -= 3;
	if (n == 0) {
		lf->kind = LOG_CURRENT;
		lf->num = 0;
		return true;
	}
	if (rest[0] == '.' && all_digits(rest + 1, n - 1, 6, &lf->num)) {
		lf->kind = LOG_NUMBERED;
		return true;
	}
	if (rest[0] == '-' && (n - 1 == 8 || n - 1 == 10) &&
	    all_digits(rest + 1, n - 1, 10, &lf->num)) {
		if (n - 1 == 8)
			lf->num *= 100;	/* YYYYMMDD00 */
		lf->kind = LOG_DATED;
		return true;
	}
	return false;
}

static int
entry(const struct fsr_dirent *d, void *arg)
{
	struct find	*f = arg;
	struct logfile	 lf = { 0 };
	struct fsr_node	 node;
	char		*path;
	size_t		 len;

	if (!family_name(d->name, f->base, &lf))
		return 0;
	len = strlen(f->dir) + d->namelen + 2;
	path = xmalloc(len);
	snprintf(path, len, "%s/%s", strcmp(f->dir, "/") ? f->dir : "",
	    d->name);
	if (fsr_stat_path(f->tree, path, 0, &node, &lf.st) != 0 ||
	    !S_ISREG(lf.st.mode) || f->set->n == LOGSET_MAX) {
		free(path);
		return 0;
	}
	lf.path = path;
	if (f->set->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->set->files = xrealloc(f->set->files,
		    f->cap * sizeof(*f->set->files));
	}
	f->set->files[f->set->n++] = lf;
	return 0;
}

/*
 * Older first: numbered copies by falling number, dated ones by rising
 * date, the current file last.  Numbered and dated copies side by side
 * (a changed logrotate.conf) are ordered by mtime, the only clue left.
 */
static int
older_first(const void *a, const void *b)
{
	const struct logfile	*x = a, *y = b;

	if (x->kind != y->kind) {
		if (x->kind == LOG_CURRENT || y->kind == LOG_CURRENT)
			return x->kind == LOG_CURRENT ? 1 : -1;
		if (x->st.mtime.sec != y->st.mtime.sec)
			return x->st.mtime.sec < y->st.mtime.sec ? -1 : 1;
		return x->kind == LOG_DATED ? -1 : 1;
	}
	if (x->num != y->num) {
		if (x->kind == LOG_NUMBERED)
			return x->num > y->num ? -1 : 1;
		return x->num < y->num ? -1 : 1;
	}
	return x->gz - y->gz;	/* wtmp.1 before a stray wtmp.1.gz */
}

int
logset_find(struct fsr_tree *tree, const char *dir, const char *base,
    struct logset *set)
{
	struct find	f = { tree, dir, base, set, 0 };
	struct fsr_node	n;
	int		rc;

	set->files = NULL;
	set->n = 0;
	if ((rc = fsr_lookup(tree, dir, 0, &n, NULL, 0)) != 0)
		return rc == -ENOENT || rc == -ENOTDIR ? 0 : rc;
	if ((rc = fsr_readdir(tree, &n, entry, &f)) != 0)
		return rc;
	if (set->n > 1)
		qsort(set->files, set->n, sizeof(*set->files),
		    older_first);
	return 0;
}

void
logset_free(struct logset *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		free(set->files[i].path);
	free(set->files);
	set->files = NULL;
	set->n = 0;
}
