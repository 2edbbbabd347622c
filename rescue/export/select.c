/*
 * select.c - what an export copies: the default includes, --include and
 * --exclude, and what is never data (device files, pseudo filesystems)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/export.h"
#include "util/util.h"

/* Where a server's own data and configuration live (issue 9). */
const char *const exp_default_includes[] = {
	"/etc", "/home", "/root", "/srv", "/var/www", "/var/lib/mysql",
	"/var/lib/postgresql", "/var/spool/cron", "/opt", "/usr/local", NULL,
};

void
exp_sel_init(struct exp_sel *s)
{
	memset(s, 0, sizeof(*s));
}

static void
free_list(char **l, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void
exp_sel_release(struct exp_sel *s)
{
	free_list(s->incl, s->nincl);
	free_list(s->excl, s->nexcl);
	memset(s, 0, sizeof(*s));
}

/* "/a//b/./c/" to "/a/b/c"; -1 for a relative path or a ".." part. */
static int
canon(const char *in, char *out, size_t outlen)
{
	const char	*p = in, *e;
	size_t		 o = 0, n;

	if (in[0] != '/')
		return -1;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (o + 1 + n + 1 > outlen)
			return -1;
		out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

int
exp_sel_add(struct exp_sel *s, bool exclude, const char *path, char *err,
    size_t errlen)
{
	char	  buf[EXP_PATH_MAX];
	char	***l = exclude ? &s->excl : &s->incl;
	size_t	 *n = exclude ? &s->nexcl : &s->nincl;

	if (canon(path, buf, sizeof(buf)) < 0) {
		snprintf(err, errlen, "%s: want an absolute path inside the "
		    "server, without '..'", path);
		return -1;
	}
	*l = xrealloc(*l, (*n + 1) * sizeof(**l));
	(*l)[(*n)++] = xstrdup(buf);
	return 0;
}

bool
exp_path_under(const char *path, const char *dir)
{
	size_t	n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
exp_sel_finish(struct exp_sel *s)
{
	size_t	i, j, k;

	if (s->nincl == 0)
		for (i = 0; exp_default_includes[i] != NULL; i++)
			exp_sel_add(s, false, exp_default_includes[i], NULL, 0);
	qsort(s->incl, s->nincl, sizeof(*s->incl), cmpstr);
	/* Sorted, an include inside another comes after it. */
	for (i = 0, k = 0; i < s->nincl; i++) {
		for (j = 0; j < k; j++)
			if (exp_path_under(s->incl[i], s->incl[j]))
				break;
		if (j < k) {
			free(s->incl[i]);
			continue;
		}
		s->incl[k++] = s->incl[i];
	}
	s->nincl = k;
}

bool
exp_sel_excluded(const struct exp_sel *s, const char *path)
{
	size_t	i;

	for (i = 0; i < s->nexcl; i++)
		if (exp_path_under(path, s->excl[i]))
			return true;
	return false;
}

const char *
exp_skip_type(const struct fsr_stat *st)
{
	switch (st->mode & S_IFMT) {
	case S_IFCHR:
	case S_IFBLK:
		return "device file";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	case S_IFREG:
	case S_IFDIR:
	case S_IFLNK:
		return NULL;
	default:
		return "unknown file type";
	}
}

bool
exp_pseudo_dir(const char *path)
{
	static const char *const pseudo[] = {
		"/proc", "/sys", "/dev", "/run", NULL,
	};
	size_t	i;

	for (i = 0; pseudo[i] != NULL; i++)
		if (strcmp(path, pseudo[i]) == 0)
			return true;
	return false;
}
