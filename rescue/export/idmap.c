/*
 * idmap.c - owner and group names from the server's own /etc/passwd and
 * /etc/group: an export restored elsewhere must name the server's users,
 * not the rescue system's
 */
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "parse/parse.h"
#include "util/util.h"

#define IDMAP_FILE_MAX	(16 * 1024 * 1024)
#define IDMAP_IDS_MAX	65536	/* a forged file must not cost n^2 */

static void
add(struct exp_id **l, size_t *n, uint32_t id, const char *name, size_t len)
{
	size_t	i;

	if (*n >= IDMAP_IDS_MAX)
		return;
	/* The first line wins, as getpwuid(3) reads them. */
	for (i = 0; i < *n; i++)
		if ((*l)[i].id == id)
			return;
	*l = xrealloc(*l, (*n + 1) * sizeof(**l));
	(*l)[*n].id = id;
	(*l)[*n].name = xmalloc(len + 1);
	memcpy((*l)[*n].name, name, len);
	(*l)[*n].name[len] = '\0';
	(*n)++;
}

static int
on_passwd(const struct passwd_entry *pw, void *arg)
{
	struct exp_idmap	*m = arg;

	add(&m->users, &m->nusers, pw->uid, pw->name, strlen(pw->name));
	return 0;
}

/* group(5): name:password:gid:members; bad lines are skipped. */
static void
parse_group(struct exp_idmap *m, const char *buf, size_t len)
{
	const char	*p = buf, *end = buf + len, *nl, *c1, *c2, *c3;
	uint64_t	 gid;

	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((c1 = memchr(p, ':', (size_t)(nl - p))) == NULL ||
		    c1 == p ||
		    (c2 = memchr(c1 + 1, ':', (size_t)(nl - c1 - 1))) == NULL ||
		    (c3 = memchr(c2 + 1, ':', (size_t)(nl - c2 - 1))) == NULL ||
		    c3 == c2 + 1 || c3 - c2 > 11)
			continue;
		gid = 0;
		for (c2++; c2 < c3 && *c2 >= '0' && *c2 <= '9'; c2++)
			gid = gid * 10 + (uint64_t)(*c2 - '0');
		if (c2 != c3 || gid > UINT32_MAX)
			continue;
		add(&m->groups, &m->ngroups, (uint32_t)gid, p,
		    (size_t)(c1 - p));
	}
}

void
exp_idmap_load(struct exp_idmap *m, struct fsr_tree *tree)
{
	char	*buf;
	size_t	 len;

	memset(m, 0, sizeof(*m));
	if (fsr_slurp(tree, "/etc/passwd", IDMAP_FILE_MAX, &buf, &len) == 0) {
		passwd_parse(buf, len, on_passwd, m);
		free(buf);
	}
	if (fsr_slurp(tree, "/etc/group", IDMAP_FILE_MAX, &buf, &len) == 0) {
		parse_group(m, buf, len);
		free(buf);
	}
}

void
exp_idmap_release(struct exp_idmap *m)
{
	size_t	i;

	for (i = 0; i < m->nusers; i++)
		free(m->users[i].name);
	for (i = 0; i < m->ngroups; i++)
		free(m->groups[i].name);
	free(m->users);
	free(m->groups);
	memset(m, 0, sizeof(*m));
}

static const char *
find(const struct exp_id *l, size_t n, uint32_t id)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (l[i].id == id)
			return l[i].name;
	return NULL;
}

const char *
exp_uname(const struct exp_idmap *m, uint32_t uid)
{
	return find(m->users, m->nusers, uid);
}

const char *
exp_gname(const struct exp_idmap *m, uint32_t gid)
{
	return find(m->groups, m->ngroups, gid);
}
