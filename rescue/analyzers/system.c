/*
 * system.c - what server this is: OS release, host name, time zone,
 * kernels, machine-id, accounts that can log in, and its filesystems
 * with when they were last mounted and written (when the server last ran)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer.h"
#include "parse/parse.h"
#include "util/util.h"

#define SMALL_FILE	(64 * 1024)
#define PASSWD_MAX	(8 * 1024 * 1024)

/* Read a small file; a missing one is no error, anything else is said. */
static char *
read_small(struct actx *ax, const char *path, size_t *len)
{
	char	*buf;
	int	 rc;

	rc = fsr_slurp(ax->tree, path, SMALL_FILE, &buf, len);
	if (rc == -ENOENT)
		return NULL;
	if (rc < 0) {
		ax_err(ax, "%s", fsr_tree_errmsg(ax->tree));
		return NULL;
	}
	return buf;
}

/* The first line, trimmed, in place. */
static char *
first_line(char *s)
{
	char	*e;

	s += strspn(s, " \t\r\n");
	e = s + strcspn(s, "\r\n");
	*e = '\0';
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static void
os_release(struct actx *ax)
{
	static const char *const paths[] = { "/etc/os-release",
	    "/usr/lib/os-release" };
	char	 pretty[256] = "", id[64] = "", ver[64] = "", code[64] = "";
	char	*buf;
	size_t	 len, i;

	for (i = 0; i < 2; i++)
		if ((buf = read_small(ax, paths[i], &len)) != NULL)
			break;
	if (buf == NULL) {
		report_note(ax->report, "no /etc/os-release: OS unknown");
		return;
	}
	fsr_osrelease_get(buf, len, "PRETTY_NAME", pretty, sizeof(pretty));
	fsr_osrelease_get(buf, len, "ID", id, sizeof(id));
	fsr_osrelease_get(buf, len, "VERSION_ID", ver, sizeof(ver));
	fsr_osrelease_get(buf, len, "VERSION_CODENAME", code, sizeof(code));
	free(buf);
	record(ax, &(struct record){ "os", (const struct field[]){
	    FBARE("name", pretty), FSTR("id", id), FSTR("version_id", ver),
	    FSTR("codename", code), FSTR("source", paths[i]), FEND } });
}

static void
one_line_file(struct actx *ax, const char *kind, const char *path)
{
	char	*buf;
	size_t	 len;

	if ((buf = read_small(ax, path, &len)) == NULL)
		return;
	record(ax, &(struct record){ kind, (const struct field[]){
	    FBARE("value", first_line(buf)), FSTR("source", path), FEND } });
	free(buf);
}

static void
time_zone(struct actx *ax)
{
	static const char	 zi[] = "/usr/share/zoneinfo/";
	struct fsr_node		 n;
	struct fsr_stat		 st;
	char			 target[4096], *buf, *zone = NULL;
	size_t			 len;
	const char		*p;

	if ((buf = read_small(ax, "/etc/timezone", &len)) != NULL)
		zone = first_line(buf);
	if (fsr_stat_path(ax->tree, "/etc/localtime", FSR_NOFOLLOW, &n,
	    &st) == 0 && S_ISLNK(st.mode) &&
	    fsr_readlink(ax->tree, &n, target, sizeof(target)) == 0) {
		p = strstr(target, zi);
		record(ax, &(struct record){ "timezone", (const struct field[]){
		    FBARE("zone", p ? p + sizeof(zi) - 1 : target),
		    FSTR("etc_timezone", zone),
		    FSTR("source", "/etc/localtime"), FEND } });
	} else if (zone != NULL) {
		record(ax, &(struct record){ "timezone", (const struct field[]){
		    FBARE("zone", zone), FSTR("source", "/etc/timezone"),
		    FEND } });
	}
	free(buf);
}

struct kernel {
	char	version[128];
	bool	image, modules;
	int64_t	time;
};

struct kernels {
	struct kernel	*k;
	size_t		 n;
	const char	*prefix;	/* "vmlinuz-" for /boot */
	unsigned	 depth;
};

static struct kernel *
kernel_get(struct kernels *ks, const char *version)
{
	size_t	i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i].version, version) == 0)
			return &ks->k[i];
	if (ks->n == 256)
		return NULL;	/* a forged /boot: enough is enough */
	ks->k = xrealloc(ks->k, (ks->n + 1) * sizeof(*ks->k));
	memset(&ks->k[ks->n], 0, sizeof(ks->k[0]));
	snprintf(ks->k[ks->n].version, sizeof(ks->k[0].version), "%s",
	    version);
	ks->k[ks->n].time = TIME_NONE;
	return &ks->k[ks->n++];
}

static int
kernel_entry(const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, void *arg)
{
	struct kernels	*ks = arg;
	struct kernel	*k;
	const char	*base = strrchr(path, '/');
	size_t		 pl = strlen(ks->prefix);

	(void)n;
	if (ks->depth++ == 0)
		return FSR_WALK_CONT;	/* the directory itself */
	base = base ? base + 1 : path;
	if (pl > 0 && (strncmp(base, ks->prefix, pl) != 0 || !S_ISREG(st->mode)))
		return FSR_WALK_SKIP;
	if (pl == 0 && !S_ISDIR(st->mode))
		return FSR_WALK_SKIP;
	if ((k = kernel_get(ks, base + pl)) == NULL)
		return FSR_WALK_STOP;
	if (pl > 0)
		k->image = true;
	else
		k->modules = true;
	if (k->time == TIME_NONE || st->mtime.sec > k->time)
		k->time = st->mtime.sec;
	return FSR_WALK_SKIP;
}

static void
kernels(struct actx *ax)
{
	struct kernels	ks = { NULL, 0, "vmlinuz-", 0 };
	size_t		i;

	fsr_walk(ax->tree, "/boot", kernel_entry, NULL, &ks);
	ks.prefix = "";
	ks.depth = 0;
	fsr_walk(ax->tree, "/lib/modules", kernel_entry, NULL, &ks);
	for (i = 0; i < ks.n; i++)
		record(ax, &(struct record){ "kernel", (const struct field[]){
		    FBARE("version", ks.k[i].version),
		    FBOOL("image", ks.k[i].image),
		    FBOOL("modules", ks.k[i].modules),
		    FTIME("installed", ks.k[i].time), FEND } });
	free(ks.k);
}

static int
account_entry(const struct passwd_entry *e, void *arg)
{
	struct actx	*ax = arg;

	if (!shell_is_login(e->shell))
		return 0;
	record(ax, &(struct record){ "account", (const struct field[]){
	    FBARE("user", e->name), FINT("uid", e->uid), FINT("gid", e->gid),
	    FSTR("home", e->home), FSTR("shell", e->shell), FEND } });
	return 0;
}

static void
accounts(struct actx *ax)
{
	char	*buf;
	size_t	 len;
	int	 bad, rc;

	rc = fsr_slurp(ax->tree, "/etc/passwd", PASSWD_MAX, &buf, &len);
	if (rc == -ENOENT) {
		report_note(ax->report, "no /etc/passwd");
		return;
	}
	if (rc < 0) {
		ax_err(ax, "%s", fsr_tree_errmsg(ax->tree));
		return;
	}
	if ((bad = passwd_parse(buf, len, account_entry, ax)) > 0)
		ax_err(ax, "/etc/passwd: %d malformed lines skipped", bad);
	free(buf);
}

static bool
is_filesystem(const struct fsr_vol *v)
{
	return v->fstype[0] && strcmp(v->fstype, "swap") != 0;
}

static void
filesystems(struct actx *ax)
{
	const struct fsr_part	*p;
	struct fsr_fsinfo	 fi;
	int64_t			 last = TIME_NONE;
	const char		*lastname = NULL;
	size_t			 i;

	for (i = 0; (p = fsr_server_part(ax->server, i)) != NULL; i++) {
		if (p->fs == NULL) {
			record(ax, &(struct record){ "volume",
			    (const struct field[]){ FBARE("name", p->name),
			    FSTR("fstype", p->vol.fstype),
			    FSTR("partlabel", p->vol.partlabel),
			    FSTR("note", p->error), FEND } });
			if (is_filesystem(&p->vol))
				finding(ax, CHECK_SYSTEM_FS_UNREADABLE,
				    &(struct fctx){ .evidence = p->name,
				    .detail = p->error, .time = TIME_NONE });
			continue;
		}
		if (fsr_fs_info(p->fs, &fi) < 0)
			continue;
		record(ax, &(struct record){ "filesystem",
		    (const struct field[]){ FBARE("name", p->name),
		    FSTR("fstype", fi.type), FSTR("uuid", fi.uuid),
		    FSTR("label", fi.label), FSTR("mounted_at", p->mountpoint),
		    FSTR("os", p->os), FSTR("last_mounted_on", fi.last_mounted),
		    FTIME("last_mount", fi.mtime ? fi.mtime : TIME_NONE),
		    FTIME("last_write", fi.wtime ? fi.wtime : TIME_NONE),
		    FBOOL("clean", fi.clean), FEND } });
		if (fi.wtime && (last == TIME_NONE || fi.wtime > last)) {
			last = fi.wtime;
			lastname = p->name;
		}
		if (strcmp(fi.type, "dir") == 0)
			continue;
		if (fi.needs_recovery)
			finding(ax, CHECK_SYSTEM_FS_NEEDS_RECOVERY,
			    &(struct fctx){ .evidence = p->name,
			    .path = p->mountpoint[0] ? p->mountpoint : NULL,
			    .time = fi.wtime ? fi.wtime : TIME_NONE });
		else if (!fi.clean)
			finding(ax, CHECK_SYSTEM_FS_NOT_CLEAN,
			    &(struct fctx){ .evidence = p->name,
			    .path = p->mountpoint[0] ? p->mountpoint : NULL,
			    .time = fi.wtime ? fi.wtime : TIME_NONE });
		if (fi.note[0])
			finding(ax, CHECK_SYSTEM_FS_BACKUP_SUPERBLOCK,
			    &(struct fctx){ .evidence = p->name,
			    .detail = fi.note, .time = TIME_NONE });
	}
	if (last != TIME_NONE)
		record(ax, &(struct record){ "last_write", (const struct field[]){
		    FTIME("time", last), FSTR("filesystem", lastname),
		    FEND } });
	for (i = 0; i < fsr_server_nnotes(ax->server); i++)
		report_note(ax->report, "%s", fsr_server_note(ax->server, i));
}

static int
system_run(struct actx *ax)
{
	os_release(ax);
	one_line_file(ax, "hostname", "/etc/hostname");
	time_zone(ax);
	one_line_file(ax, "machine_id", "/etc/machine-id");
	kernels(ax);
	accounts(ax);
	filesystems(ax);
	return 0;
}

const struct analyzer analyzer_system = {
	.name = "system",
	.summary = "OS, host name, time zone, kernels, accounts, filesystems",
	.run = system_run,
};
