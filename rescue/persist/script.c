/*
 * script.c - scripts judged line by line, and the paths dpkg says its
 * packages installed (see script.h)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "persist/script.h"
#include "util/util.h"

#define LISTS_MAX	32768		/* dpkg .list files read */
#define PATHS_MAX	200000		/* paths kept from them */

struct pkgpaths {
	char	**v;
	size_t	  n, cap;
	bool	  known;
};

bool
persist_blank(const char *line, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (line[i] == '#')
			return true;
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return false;
	}
	return true;
}

long
persist_script(struct persist *p, enum persist_area area, const char *path,
    const char *detail, struct fsr_stat *st)
{
	struct instream	*in;
	const char	*line;
	size_t		 len;
	char		 err[600];
	bool		 cut;
	long		 n = 0;
	int		 errnum = 0;

	if ((in = instream_open(p->ax->tree, path, &errnum, err,
	    sizeof(err))) == NULL) {
		if (errnum != ENOENT && errnum != ENOTDIR)
			ax_err(p->ax, "%s", err);
		return errnum > 0 ? -errnum : -EIO;
	}
	if (st != NULL)
		*st = *instream_stat(in);
	while (instream_getline(in, &line, &len, &cut) == 1) {
		if (persist_blank(line, len))
			continue;
		n++;
		persist_judge(p, area, path, instream_lineno(in),
		    instream_stat(in)->mtime.sec, line, len, detail);
	}
	instream_close(in);
	return n;
}

const char *
persist_user(const struct persist *p, uint32_t uid)
{
	size_t	i;

	for (i = 0; i < p->naccounts; i++)
		if (p->accounts[i].uid == uid)
			return p->accounts[i].name;
	return NULL;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct listnames {
	char	**v;
	size_t	  n;
};

static int
add_list(const struct fsr_dirent *d, void *arg)
{
	struct listnames	*l = arg;

	if (l->n == LISTS_MAX || d->namelen < 6 ||
	    strcmp(d->name + d->namelen - 5, ".list") != 0)
		return 0;
	l->v[l->n++] = xstrdup(d->name);
	return 0;
}

static void
read_list(struct persist *p, struct pkgpaths *pp, const char *path,
    const char *const *prefixes)
{
	struct instream	*in;
	const char	*line;
	size_t		 len, i, pl;
	char		 err[600], *s;
	bool		 cut;

	if ((in = instream_open(p->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL)
		return;
	while (pp->n < PATHS_MAX &&
	    instream_getline(in, &line, &len, &cut) == 1) {
		if (cut || memchr(line, '\0', len) != NULL)
			continue;
		for (i = 0; prefixes[i] != NULL; i++) {
			pl = strlen(prefixes[i]);
			if (len >= pl && memcmp(line, prefixes[i], pl) == 0)
				break;
		}
		if (prefixes[i] == NULL)
			continue;
		if (pp->n == pp->cap) {
			pp->cap = pp->cap ? pp->cap * 2 : 256;
			pp->v = xrealloc(pp->v, pp->cap * sizeof(*pp->v));
		}
		s = xmalloc(len + 1);
		memcpy(s, line, len);
		s[len] = '\0';
		pp->v[pp->n++] = s;
	}
	instream_close(in);
}

struct pkgpaths *
pkgpaths_load(struct persist *p, const char *const *prefixes)
{
	static const char	 dir[] = "/var/lib/dpkg/info";
	struct pkgpaths		*pp = xcalloc(1, sizeof(*pp));
	struct listnames	 l = { NULL, 0 };
	struct fsr_node		 n;
	char			 path[600];
	size_t			 i;

	if (fsr_lookup(p->ax->tree, dir, 0, &n, NULL, 0) != 0)
		return pp;
	l.v = xmalloc(LISTS_MAX * sizeof(*l.v));
	if (fsr_readdir(p->ax->tree, &n, add_list, &l) != 0)
		ax_err(p->ax, "%s: %s", dir, fsr_tree_errmsg(p->ax->tree));
	pp->known = l.n > 0;
	for (i = 0; i < l.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, l.v[i]);
		read_list(p, pp, path, prefixes);
		free(l.v[i]);
	}
	free(l.v);
	if (pp->n > 1)
		qsort(pp->v, pp->n, sizeof(*pp->v), by_str);
	return pp;
}

void
pkgpaths_free(struct pkgpaths *pp)
{
	size_t	i;

	if (pp == NULL)
		return;
	for (i = 0; i < pp->n; i++)
		free(pp->v[i]);
	free(pp->v);
	free(pp);
}

static bool
has(const struct pkgpaths *pp, const char *path)
{
	return pp->n > 0 && bsearch(&path, pp->v, pp->n, sizeof(*pp->v),
	    by_str) != NULL;
}

bool
pkgpaths_has(const struct pkgpaths *pp, const char *path)
{
	char	alt[4200];

	if (has(pp, path))
		return true;
	/* merged /usr: dpkg may list /lib/x for what is /usr/lib/x */
	if (strncmp(path, "/usr/lib/", 9) == 0)
		return has(pp, path + 4);
	if (strncmp(path, "/lib/", 5) == 0) {
		snprintf(alt, sizeof(alt), "/usr%s", path);
		return has(pp, alt);
	}
	return false;
}

bool
pkgpaths_known(const struct pkgpaths *pp)
{
	return pp->known;
}
