/*
 * rootkits.c - the rootkit leftovers of rootkits.def as a table, matched
 * against paths, and read from text files of the same form
 */
#include <stdbool.h>
#include <string.h>

#include "rules/rootkits.h"

#define S(s)	s, sizeof(s) - 1

static const struct rootkit_entry builtin[] = {
#define ROOTKIT(path, family, source) { S(path), S(family), S(source) },
#include "rules/rootkits.def"
#undef ROOTKIT
};

const struct rootkit_entry *
rootkit_builtin(size_t *n)
{
	*n = sizeof(builtin) / sizeof(builtin[0]);
	return builtin;
}

/* Whether PATH (N bytes) matches entry E. */
static bool
match_one(const struct rootkit_entry *e, const char *path, size_t n)
{
	const char	*base;
	size_t		 k = e->path_len;

	if (k == 0)
		return false;
	if (e->path[0] != '/') {
		base = memrchr(path, '/', n);
		base = base != NULL ? base + 1 : path;
		return (size_t)(path + n - base) == k &&
		    memcmp(base, e->path, k) == 0;
	}
	if (e->path[k - 1] == '/') {
		/* The directory itself, with or without its slash. */
		if (n == k - 1 && memcmp(path, e->path, k - 1) == 0)
			return true;
		return n >= k && memcmp(path, e->path, k) == 0;
	}
	return n == k && memcmp(path, e->path, k) == 0;
}

const struct rootkit_entry *
rootkit_match(const struct rootkit_entry *tab, size_t n, const char *path)
{
	size_t	len = strlen(path), i;
	bool	merged;

	/* /usr/lib/x on a usr-merged system is the /lib/x of the list. */
	merged = len > 4 && memcmp(path, "/usr/", 5) == 0 &&
	    (strncmp(path + 4, "/lib", 4) == 0 ||
	    strncmp(path + 4, "/bin/", 5) == 0 ||
	    strncmp(path + 4, "/sbin/", 6) == 0);
	for (i = 0; i < n; i++) {
		if (match_one(&tab[i], path, len))
			return &tab[i];
		if (merged && tab[i].path_len > 0 &&
		    tab[i].path[0] == '/' &&
		    match_one(&tab[i], path + 4, len - 4))
			return &tab[i];
	}
	return NULL;
}

/* The next tab-separated field of LINE (N bytes) from *POS. */
static bool
field(const char *line, size_t n, size_t *pos, bool last, const char **p,
    size_t *len)
{
	const char	*tab;
	size_t		 start = *pos;

	if (start > n)
		return false;
	tab = memchr(line + start, '\t', n - start);
	if (last != (tab == NULL))
		return false;
	*p = line + start;
	*len = tab != NULL ? (size_t)(tab - *p) : n - start;
	*pos = start + *len + 1;
	return *len > 0;
}

int
rootkit_db_parse(const char *buf, size_t len, rootkit_fn *fn, void *arg)
{
	struct rootkit_entry	 e;
	const char		*line = buf, *end = buf + len, *nl;
	size_t			 n, pos;
	int			 bad = 0;

	for (; line < end; line = nl + 1) {
		if ((nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
			nl = end;
		n = (size_t)(nl - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#')
			continue;
		pos = 0;
		if (memchr(line, '\0', n) != NULL ||
		    !field(line, n, &pos, false, &e.path, &e.path_len) ||
		    !field(line, n, &pos, false, &e.family, &e.family_len) ||
		    !field(line, n, &pos, true, &e.source, &e.source_len) ||
		    (e.path[0] != '/' && memchr(e.path, '/', e.path_len))) {
			bad++;
			continue;
		}
		if (fn(&e, arg) != 0)
			break;
	}
	return bad;
}
