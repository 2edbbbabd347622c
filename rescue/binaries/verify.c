/*
 * verify.c - debsums offline: every package file's MD5 against the
 * server's md5sums, every conffile's against status
 *
 * Files a package lists but the admin may legitimately lack (docs, man
 * pages, locales: dpkg path-exclude, localepurge, minimal images) are
 * counted, not reported.  This thread reads (fsread is not thread-safe)
 * and a pool of threads hashes, so a system's files are verified at the
 * speed of all its cores.  A modified file is read a second time for its
 * SHA-256, which names it in the report; unmodified ones are read once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binaries/binaries.h"
#include "util/digest.h"
#include "util/hashpool.h"
#include "util/util.h"

/* Where every file is a program. */
static const char *const bin_dirs[] = { "/usr/bin/", "/usr/sbin/",
    "/bin/", "/sbin/", "/usr/local/bin/", "/usr/local/sbin/" };
/* Where programs and libraries sit among data, scripts and modules:
 * there a file is a program if it reads as one. */
static const char *const lib_dirs[] = { "/usr/lib/", "/lib/",
    "/usr/lib64/", "/lib64/", "/usr/libexec/", "/usr/lib32/" };
/* Parts of packages that systems routinely leave out. */
static const char *const droppable[] = { "/usr/share/doc/",
    "/usr/share/man/", "/usr/share/locale/", "/usr/share/info/",
    "/usr/share/lintian/", "/usr/share/help/", "/usr/share/gtk-doc/" };
/* Conffiles whose change matters for security. */
static const char *const sensitive_conf[] = { "/etc/ssh/", "/etc/sudoers",
    "/etc/pam.d/", "/etc/security/", "/etc/ld.so.", "/etc/profile",
    "/etc/bash.bashrc", "/etc/crontab", "/etc/cron.", "/etc/systemd/",
    "/etc/init.d/", "/etc/rc.local", "/etc/environment", "/etc/login.defs",
    "/etc/nsswitch.conf", "/etc/hosts.allow", "/etc/hosts.deny" };

/* Files up to this are read whole and hashed by the pool. */
#define POOL_FILE_MAX	((size_t)16 << 20)
#define POOL_BYTES	((size_t)64 << 20)

static bool
under(const char *path, const char *const *dirs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			return true;
	return false;
}
#define UNDER(p, a)	under((p), (a), sizeof(a) / sizeof((a)[0]))

/*
 * What a changed file is: *ELF for an ELF (a library, a native module),
 * and the check: a program where every file is one, or an ELF or a
 * script made executable among a lib directory's data and modules.
 */
static enum check_id
changed_check(struct bscan *b, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, bool *elf)
{
	unsigned char	head[4];
	size_t		got = 0;
	bool		script;

	if (fsr_pread(b->ax->tree, n, head, sizeof(head), 0, &got) < 0)
		got = 0;
	*elf = got == 4 && memcmp(head, "\177ELF", 4) == 0;
	script = got >= 2 && (st->mode & 0111) && head[0] == '#' &&
	    head[1] == '!';
	return UNDER(path, bin_dirs) || (UNDER(path, lib_dirs) &&
	    (*elf || script)) ? CHECK_PKG_MODIFIED_BINARY : CHECK_PKG_MODIFIED;
}

/* A gone file's check: a program where every file is one, or a
 * library by its name. */
static enum check_id
missing_check(const char *path)
{
	const char	*base = strrchr(path, '/');

	if (UNDER(path, bin_dirs) || (UNDER(path, lib_dirs) && base != NULL &&
	    strstr(base, ".so") != NULL))
		return CHECK_PKG_MISSING_BINARY;
	return CHECK_PKG_MISSING;
}

static void
report_changed(struct bscan *b, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, const unsigned char *want, const char *pkg,
    bool conffile)
{
	struct file_digest	d;
	char			sha[65], got[33], exp[33], err[256];
	char			ev[256];
	enum check_id		id;
	struct fctx		f;
	bool			elf = false;

	digest_hex(want, 16, exp);
	sha[0] = '\0';
	got[0] = '\0';
	if (digest_node(b->ax->tree, n, st->size, DIGEST_MD5 | DIGEST_SHA256,
	    &d, NULL, NULL, err, sizeof(err)) == 0) {
		digest_hex(d.sha256, 32, sha);
		digest_hex(d.md5, 16, got);
	}
	record(b->ax, &(struct record){ conffile ? "conffile_changed" :
	    "package_file_changed", (const struct field[]){
	    FBARE("path", path), FSTR("package", pkg),
	    FSTR("md5", got), FSTR("md5_package", exp), FBARE("sha256", sha),
	    FINT("size", st->size), FTIME("mtime", st->mtime.sec),
	    FTIME("ctime", st->ctime.sec), FEND } });
	if (conffile) {
		if (!UNDER(path, sensitive_conf))
			return;
		id = CHECK_PKG_CONFFILE_CHANGED;
	} else {
		id = changed_check(b, path, n, st, &elf);
	}
	snprintf(ev, sizeof(ev), "%s: md5 %s, package %s says %s", pkg, got,
	    pkg, exp);
	f = (struct fctx){ .path = path, .evidence = ev,
	    .time = st->ctime.sec, .detail = sha[0] ? sha : NULL };
	/* a native module is a program wherever it sits: never held */
	if (!conffile && !elf && modules_hold(b, id, pkg, &f))
		return;
	finding(b->ax, id, &f);
}

/* One file the database gives an MD5 for. */
/* Read a whole small file for the pool; on a read error, say so. */
static void
to_pool(struct bscan *b, struct hashpool *pool, const struct dpkg_path *e,
    const struct fsr_node *n, uint64_t size)
{
	char	*buf = hashpool_buf(pool, (size_t)size);
	size_t	 have = 0, got;
	int	 rc;

	while (have < size) {
		got = 0;
		rc = fsr_pread(b->ax->tree, n, buf + have, (size_t)size - have,
		    have, &got);
		if (rc < 0) {
			ax_err(b->ax, "%s: read error at byte %zu: %s",
			    e->path, have, strerror(-rc));
			b->stats.unreadable++;
			free(buf);
			return;
		}
		if (got == 0)
			break;
		have += got;
	}
	b->stats.bytes += have;
	hashpool_submit(pool, buf, have, e->md5, e);
}

/* A file the pool found changed: read again, for the report. */
static void
report_miss(struct bscan *b, const struct dpkg_path *e)
{
	struct fsr_node	 n;
	struct fsr_stat	 st;
	bool		 conffile = dpkg_set_get(b->db.conffiles, e->path,
			    e->len) == e;
	const char	*pkg = e->pkg < b->db.npkgs ? b->db.pkgs[e->pkg] : "?";

	if (fsr_stat_path(b->ax->tree, e->path, FSR_NOFOLLOW, &n, &st) != 0)
		return;
	if (conffile)
		b->stats.conffiles_changed++;
	else
		b->stats.modified++;
	report_changed(b, e->path, &n, &st, e->md5, pkg, conffile);
}

static void
verify_one(struct bscan *b, struct hashpool *pool, const struct dpkg_path *e,
    bool conffile)
{
	struct file_digest	 d;
	struct fsr_node		 n;
	struct fsr_stat		 st;
	const char		*pkg = e->pkg < b->db.npkgs ?
				    b->db.pkgs[e->pkg] : "?";
	struct fctx		 f;
	char			 err[256], ev[256];
	int			 rc;

	rc = fsr_stat_path(b->ax->tree, e->path, FSR_NOFOLLOW, &n, &st);
	if (rc == -ENOENT || rc == -ENOTDIR) {
		if (UNDER(e->path, droppable)) {
			b->stats.missing_ignored++;
			return;
		}
		b->stats.missing++;
		record(b->ax, &(struct record){ "package_file_missing",
		    (const struct field[]){ FBARE("path", e->path),
		    FSTR("package", pkg), FEND } });
		snprintf(ev, sizeof(ev), "listed by %s, not on disk", pkg);
		f = (struct fctx){ .path = e->path, .evidence = ev,
		    .time = TIME_NONE };
		if (!modules_hold(b, missing_check(e->path), pkg, &f))
			finding(b->ax, missing_check(e->path), &f);
		return;
	}
	if (rc < 0) {
		ax_err(b->ax, "%s: %s", e->path, strerror(-rc));
		b->stats.unreadable++;
		return;
	}
	if (!S_ISREG(st.mode)) {
		snprintf(ev, sizeof(ev), "listed by %s as a file, now a %s",
		    pkg, mode_type(st.mode));
		b->stats.modified++;
		finding(b->ax, CHECK_PKG_MODIFIED_BINARY, &(struct fctx){
		    .path = e->path, .evidence = ev, .time = st.ctime.sec });
		return;
	}
	if (conffile)
		b->stats.conffiles++;
	else
		b->stats.files++;
	if (st.size <= POOL_FILE_MAX) {
		to_pool(b, pool, e, &n, st.size);
		return;
	}
	if (digest_node(b->ax->tree, &n, st.size, DIGEST_MD5, &d, NULL, NULL,
	    err, sizeof(err)) != 0) {
		ax_err(b->ax, "%s: %s", e->path, err);
		b->stats.unreadable++;
		return;
	}
	b->stats.bytes += d.bytes;
	if (memcmp(d.md5, e->md5, 16) == 0)
		return;
	if (conffile)
		b->stats.conffiles_changed++;
	else
		b->stats.modified++;
	report_changed(b, e->path, &n, &st, e->md5, pkg, conffile);
}

void
verify_packages(struct bscan *b)
{
	const struct hashpool_miss	*miss;
	const struct dpkg_path		*e;
	struct hashpool			*pool;
	size_t				 i, n;

	pool = hashpool_new(hashpool_cpus(), POOL_BYTES);
	n = dpkg_set_count(b->db.owned);
	for (i = 0; i < n; i++) {
		e = dpkg_set_at(b->db.owned, i);
		if (e->flags & DPKG_PATH_MD5)
			verify_one(b, pool, e, false);
	}
	n = dpkg_set_count(b->db.conffiles);
	for (i = 0; i < n; i++)
		verify_one(b, pool, dpkg_set_at(b->db.conffiles, i), true);
	n = hashpool_finish(pool, &miss);
	for (i = 0; i < n; i++)
		report_miss(b, miss[i].cookie);
	hashpool_free(pool);
	modules_flush(b);
}
