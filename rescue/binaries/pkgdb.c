/*
 * pkgdb.c - load the server's dpkg database: status for the installed
 * packages and their conffiles, each package's info/NAME.list and
 * NAME.md5sums into one set of owned paths, diversions moving a package's
 * file to where dpkg really put it, /usr-merge aliases folded
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binaries/pkgdb.h"
#include "input/input.h"
#include "util/util.h"

#define DPKG_DIR	"/var/lib/dpkg"
#define READ_CHUNK	(64 * 1024)
#define DIVERSIONS_MAX	4096
#define PACKAGES_MAX	(1u << 20)

struct diversion {
	char	*from, *to, *package;	/* package "" when local */
};

struct load {
	struct actx		*ax;
	struct pkgdb		*db;
	struct diversion	*div;
	size_t			 ndiv;
	/* per package: how its info files are named */
	char			**info;
	uint32_t		 pkg;		/* being read */
	enum dpkg_kind		 kind;		/* of the file being read */
	uint64_t		 bad;
};

static uint32_t
add_pkg(struct pkgdb *db, const char *name)
{
	if (db->npkgs == db->cappkgs) {
		db->cappkgs = db->cappkgs ? db->cappkgs * 2 : 256;
		db->pkgs = xrealloc(db->pkgs, db->cappkgs * sizeof(*db->pkgs));
	}
	db->pkgs[db->npkgs] = xstrdup(name);
	return (uint32_t)db->npkgs++;
}

int
pkgdb_canon(const struct pkgdb *db, const char *path, char *out)
{
	char		norm[DPKG_PATH_MAX + 1];
	const char	*why;
	int		n;

	n = dpkg_path_norm(path, strlen(path), norm, sizeof(norm), &why);
	if (n < 0)
		return -1;
	return dpkg_usrmerge_canon(norm, (size_t)n, db->merged, out,
	    DPKG_PATH_MAX + 1);
}

const char *
pkgdb_owner(const struct pkgdb *db, const char *canon)
{
	const struct dpkg_path	*p;

	if (db->owned == NULL ||
	    (p = dpkg_set_get(db->owned, canon, strlen(canon))) == NULL ||
	    p->pkg >= db->npkgs)
		return NULL;
	return db->pkgs[p->pkg];
}

/* Feed a whole server file to FEED in chunks; -1 if it is missing. */
static int
feed_file(struct actx *ax, const char *path,
    int (*feed)(void *, const void *, size_t), void *parser)
{
	struct instream	*in;
	char		 err[600], *buf;
	ssize_t		 n;
	int		 errnum = 0;

	if ((in = instream_open(ax->tree, path, &errnum, err,
	    sizeof(err))) == NULL) {
		if (errnum != ENOENT)
			ax_err(ax, "%s", err);
		return -1;
	}
	instream_squeeze_holes(in);
	buf = xmalloc(READ_CHUNK);
	while ((n = instream_read(in, buf, READ_CHUNK)) > 0)
		if (feed(parser, buf, (size_t)n) != 0)
			break;
	if (n < 0)
		ax_err(ax, "%s", instream_errmsg(in));
	free(buf);
	instream_close(in);
	return 0;
}

static int
feed_status(void *p, const void *buf, size_t len)
{
	return dpkg_status_feed(p, buf, len);
}

static int
feed_entries(void *p, const void *buf, size_t len)
{
	return dpkg_file_feed(p, buf, len);
}

static bool
on_disk(enum dpkg_state s)
{
	return s == DPKG_ST_INSTALLED || s == DPKG_ST_HALF_CONFIGURED ||
	    s == DPKG_ST_UNPACKED || s == DPKG_ST_TRIGGERS_AWAITED ||
	    s == DPKG_ST_TRIGGERS_PENDING || s == DPKG_ST_HALF_INSTALLED;
}

static int
on_pkg(const struct dpkg_pkg *p, void *arg)
{
	struct load	*l = arg;
	char		 canon[DPKG_PATH_MAX + 1], info[DPKG_NAME_MAX +
			    DPKG_ARCH_MAX + 2];
	uint32_t	 id;
	size_t		 i;
	int		 n;

	if (!on_disk(p->state) || p->name[0] == '\0' ||
	    l->db->npkgs == PACKAGES_MAX)
		return 0;
	id = add_pkg(l->db, p->name);
	if (strcmp(p->multiarch, "same") == 0 && p->arch[0] != '\0')
		snprintf(info, sizeof(info), "%s:%s", p->name, p->arch);
	else
		snprintf(info, sizeof(info), "%s", p->name);
	l->info = xrealloc(l->info, l->db->cappkgs * sizeof(*l->info));
	l->info[id] = xstrdup(info);
	for (i = 0; i < p->nconffiles; i++) {
		const struct dpkg_conffile	*c = &p->conffiles[i];

		if (!c->has_md5 || (c->flags & DPKG_CF_OBSOLETE))
			continue;
		n = dpkg_usrmerge_canon(c->path, strlen(c->path),
		    l->db->merged, canon, sizeof(canon));
		if (n > 0)
			dpkg_set_add_md5(l->db->conffiles, canon, (size_t)n, id,
			    c->md5);
	}
	return 0;
}

/* Where dpkg put PATH of package PKG: a diversion may have moved it. */
static const char *
diverted(const struct load *l, const char *path, const char *pkg)
{
	size_t	i;

	for (i = 0; i < l->ndiv; i++)
		if (strcmp(l->div[i].from, path) == 0 &&
		    strcmp(l->div[i].package, pkg) != 0)
			return l->div[i].to;
	return path;
}

static int
on_entry(const struct dpkg_entry *e, void *arg)
{
	struct load	*l = arg;
	char		 canon[DPKG_PATH_MAX + 1];
	const char	*path;
	int		 n;

	if (e->error != NULL) {
		l->bad++;
		return 0;
	}
	path = diverted(l, e->path, l->db->pkgs[l->pkg]);
	n = dpkg_usrmerge_canon(path, strlen(path), l->db->merged, canon,
	    sizeof(canon));
	if (n <= 0)
		return 0;
	if (l->kind == DPKG_MD5SUMS)
		dpkg_set_add_md5(l->db->owned, canon, (size_t)n, l->pkg,
		    e->md5);
	else
		dpkg_set_add(l->db->owned, canon, (size_t)n, l->pkg);
	return 0;
}

static int
on_diversion(const struct dpkg_entry *e, void *arg)
{
	struct load		*l = arg;
	struct diversion	*d;

	if (e->error != NULL || l->ndiv == DIVERSIONS_MAX) {
		l->bad++;
		return 0;
	}
	l->div = xrealloc(l->div, (l->ndiv + 1) * sizeof(*l->div));
	d = &l->div[l->ndiv++];
	d->from = xstrdup(e->path);
	d->to = xmalloc(e->tolen + 1);
	memcpy(d->to, e->to, e->tolen);
	d->to[e->tolen] = '\0';
	d->package = xstrdup(e->local ? "" : e->package);
	return 0;
}

static void
read_entries(struct load *l, enum dpkg_kind kind, const char *path,
    dpkg_entry_fn *fn, bool *found)
{
	struct dpkg_file_parser	p;

	l->kind = kind;
	dpkg_file_init(&p, kind, fn, l);
	*found = feed_file(l->ax, path, feed_entries, &p) == 0;
	dpkg_file_finish(&p);
}

/* Which of /bin, /sbin, /lib... are links into /usr. */
static unsigned
usrmerge(struct actx *ax)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	char		path[32], target[64], want[40];
	unsigned	bit, merged = 0;
	const char	*dir;

	for (bit = 1; bit <= DPKG_UM_LIBO32; bit <<= 1) {
		if ((dir = dpkg_usrmerge_dir(bit)) == NULL)
			continue;
		snprintf(path, sizeof(path), "/%s", dir);
		snprintf(want, sizeof(want), "usr/%s", dir);
		if (fsr_stat_path(ax->tree, path, FSR_NOFOLLOW, &n, &st) != 0 ||
		    !S_ISLNK(st.mode) ||
		    fsr_readlink(ax->tree, &n, target, sizeof(target)) != 0)
			continue;
		if (strcmp(target, want) == 0 || (target[0] == '/' &&
		    strcmp(target + 1, want) == 0))
			merged |= bit;
	}
	return merged;
}

void
pkgdb_load(struct actx *ax, struct pkgdb *db)
{
	struct load			l = { ax, db, NULL, 0, NULL, 0, DPKG_LIST,
					    0 };
	struct dpkg_status_parser	sp;
	char				path[DPKG_NAME_MAX + DPKG_ARCH_MAX + 64];
	size_t				i;
	bool				found;

	memset(db, 0, sizeof(*db));
	db->merged = usrmerge(ax);
	db->owned = dpkg_set_new();
	db->conffiles = dpkg_set_new();
	read_entries(&l, DPKG_DIVERSIONS, DPKG_DIR "/diversions",
	    on_diversion, &found);
	dpkg_status_init(&sp, on_pkg, &l);
	db->present = feed_file(ax, DPKG_DIR "/status", feed_status,
	    &sp) == 0;
	dpkg_status_finish(&sp);
	dpkg_status_release(&sp);
	for (i = 0; i < db->npkgs; i++) {
		l.pkg = (uint32_t)i;
		snprintf(path, sizeof(path), DPKG_DIR "/info/%s.list",
		    l.info[i]);
		read_entries(&l, DPKG_LIST, path, on_entry, &found);
		if (!found)
			db->lists_missing++;
		snprintf(path, sizeof(path), DPKG_DIR "/info/%s.md5sums",
		    l.info[i]);
		read_entries(&l, DPKG_MD5SUMS, path, on_entry, &found);
		free(l.info[i]);
	}
	db->bad_lines = l.bad;
	for (i = 0; i < l.ndiv; i++) {
		free(l.div[i].from);
		free(l.div[i].to);
		free(l.div[i].package);
	}
	free(l.div);
	free(l.info);
}

void
pkgdb_free(struct pkgdb *db)
{
	size_t	i;

	for (i = 0; i < db->npkgs; i++)
		free(db->pkgs[i]);
	free(db->pkgs);
	dpkg_set_free(db->owned);
	dpkg_set_free(db->conffiles);
	memset(db, 0, sizeof(*db));
}
