/*
 * scan.c - one walk of the whole server for what no package vouches for:
 * ELF files and scripts where intruders drop theirs (temporary places,
 * hidden directories, homes, web roots, system directories), SUID and
 * SGID files and file capabilities no package installed
 *
 * The walk only stats; a file is read when its place makes it worth it,
 * and then once: the SHA-256 and any content check share the read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binaries/binaries.h"
#include "parse/elf.h"
#include "persist/script.h"
#include "rules/cmdrules.h"
#include "util/digest.h"
#include "util/util.h"

#define PREFIX_LEN	(64 * 1024)

enum place {
	PLACE_OTHER,	/* not looked at */
	PLACE_TEMP,	/* /tmp, /dev/shm, a hidden directory... */
	PLACE_SPOOL,	/* /run, /var/run, /var/lock, /var/spool */
	PLACE_HOME,	/* /root, /home */
	PLACE_WEB,	/* /var/www, /srv, nginx's html */
	PLACE_SYSTEM,	/* /usr/bin, /lib...: packages' ground */
	PLACE_LOCAL	/* /usr/local, /opt: the admin's ground */
};

static const char *const place_names[] = { "other", "temporary or hidden",
    "spool or run", "home", "web root", "system", "local" };

static const struct { const char *prefix; enum place place; } places[] = {
	{ "/tmp/", PLACE_TEMP }, { "/var/tmp/", PLACE_TEMP },
	{ "/dev/shm/", PLACE_TEMP }, { "/run/shm/", PLACE_TEMP },
	{ "/dev/", PLACE_TEMP },	/* on disk it holds nothing real */
	{ "/run/", PLACE_SPOOL }, { "/var/run/", PLACE_SPOOL },
	{ "/var/lock/", PLACE_SPOOL }, { "/var/spool/", PLACE_SPOOL },
	{ "/root/", PLACE_HOME }, { "/home/", PLACE_HOME },
	{ "/var/www/", PLACE_WEB }, { "/srv/", PLACE_WEB },
	{ "/usr/share/nginx/", PLACE_WEB },
	{ "/usr/local/", PLACE_LOCAL }, { "/opt/", PLACE_LOCAL },
	{ "/usr/bin/", PLACE_SYSTEM }, { "/usr/sbin/", PLACE_SYSTEM },
	{ "/bin/", PLACE_SYSTEM }, { "/sbin/", PLACE_SYSTEM },
	{ "/usr/lib", PLACE_SYSTEM }, { "/lib", PLACE_SYSTEM },
	{ "/usr/libexec/", PLACE_SYSTEM }, { "/boot/", PLACE_SYSTEM },
	{ "/etc/", PLACE_SYSTEM },
};

struct walk {
	struct bscan	*b;
	unsigned char	*prefix;
	struct fsr_nodeset *seen;
};

static enum place
place_of(const char *path)
{
	size_t	i;

	/*
	 * A hidden directory, a name of spaces, or a dot directory where
	 * no program keeps one (/usr/local/lib/.cache) outranks the rest.
	 */
	if (persist_shady_path(path))
		return PLACE_TEMP;
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (strncmp(path, places[i].prefix,
		    strlen(places[i].prefix)) == 0)
			return places[i].place;
	return PLACE_OTHER;
}

struct caps {
	bool	found;
};

static int
cap_xattr(const char *name, const void *value, size_t len, void *arg)
{
	(void)value;
	(void)len;
	if (strcmp(name, "security.capability") == 0)
		((struct caps *)arg)->found = true;
	return 0;
}

/* ELF details, reading what the section table needs. */
static void
elf_details(struct walk *w, const struct fsr_node *n, uint64_t size,
    size_t have, struct elf_info *ei)
{
	unsigned char	*buf;
	uint64_t	 off;
	size_t		 len, got;

	elf_parse(w->prefix, have, size, ei);
	while (elf_want(ei, &off, &len)) {
		buf = xmalloc(len ? len : 1);
		got = 0;
		if (fsr_pread(w->b->ax->tree, n, buf, len, off, &got) < 0)
			got = 0;
		elf_feed(ei, off, buf, got);
		free(buf);
		if (got < len)
			break;
	}
}

static enum check_id
dropped_check(enum place p, bool elf)
{
	switch (p) {
	case PLACE_TEMP:
		return elf ? CHECK_BIN_DROPPED_ELF : CHECK_BIN_DROPPED_SCRIPT;
	case PLACE_SPOOL:
	case PLACE_WEB:
		return elf ? CHECK_BIN_DROPPED_ELF : CHECK__COUNT;
	case PLACE_SYSTEM:
		return elf ? CHECK_BIN_UNOWNED_SYSTEM : CHECK__COUNT;
	case PLACE_HOME:
		return elf ? CHECK_BIN_ELF_IN_HOME : CHECK__COUNT;
	default:
		return CHECK__COUNT;
	}
}

/* An unowned executable file where it matters: a record, maybe more. */
static void
examine(struct walk *w, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, enum place p, bool special)
{
	struct bscan		*b = w->b;
	struct elf_info		 ei;
	struct shebang		 sb;
	struct file_digest	 d;
	enum check_id		 id;
	char			 sha[65], err[256], ev[512], mode[12];
	size_t			 have = 0;
	bool			 elf, script;

	b->stats.examined++;
	if (fsr_pread(b->ax->tree, n, w->prefix, PREFIX_LEN, 0, &have) < 0)
		return;
	elf = have >= 4 && memcmp(w->prefix, "\177ELF", 4) == 0;
	script = !elf && shebang_parse(w->prefix, have, &sb) == 0;
	if (!elf && !script && !special)
		return;
	memset(&ei, 0, sizeof(ei));
	if (elf)
		elf_details(w, n, st->size, have, &ei);
	sha[0] = '\0';
	if (digest_node(b->ax->tree, n, st->size, DIGEST_SHA256, &d, NULL,
	    NULL, err, sizeof(err)) == 0)
		digest_hex(d.sha256, 32, sha);
	else
		ax_err(b->ax, "%s: %s", path, err);
	mode_str(st->mode, mode);
	b->stats.dropped++;
	record(b->ax, &(struct record){ elf ? "elf" : script ? "script" :
	    "file", (const struct field[]){
	    FBARE("path", path), FSTR("place", place_names[p]),
	    FBARE("sha256", sha), FINT("size", st->size), FSTR("mode", mode),
	    FINT("uid", st->uid), FTIME("mtime", st->mtime.sec),
	    FTIME("ctime", st->ctime.sec),
	    FTIME("birth", st->has_crtime ? st->crtime.sec : TIME_NONE),
	    FSTR("arch", elf ? elf_machine_name(&ei) : NULL),
	    FSTR("elf", elf ? elf_kind_name(ei.kind) : NULL),
	    FSTR("link", elf ? elf_link_name(ei.link) : NULL),
	    FSTR("interp", elf && ei.has_interp ? ei.interp : script ?
	    sb.interp : NULL),
	    FBOOL("stripped", elf && ei.stripped == ELF_YES),
	    FBOOL("upx", elf && ei.upx), FBOOL("go", elf && ei.go), FEND } });
	if ((id = dropped_check(p, elf)) == CHECK__COUNT)
		return;
	snprintf(ev, sizeof(ev), "%s %s%s%s, %llu bytes, sha256 %s",
	    elf ? elf_machine_name(&ei) : sb.program,
	    elf ? elf_kind_name(ei.kind) : "script",
	    elf && ei.upx ? ", UPX-packed" : "",
	    elf && ei.link == ELF_LINK_STATIC ? ", static" : "",
	    (unsigned long long)st->size, sha);
	finding(b->ax, id, &(struct fctx){ .path = path, .evidence = ev,
	    .time = st->has_crtime ? st->crtime.sec : st->ctime.sec });
}

static void
setid(struct walk *w, const char *path, const struct fsr_stat *st,
    enum place p, bool caps)
{
	char	ev[160], mode[12];

	w->b->stats.suid++;
	mode_str(st->mode, mode);
	snprintf(ev, sizeof(ev), "%s uid %u%s, no package installed it",
	    mode, st->uid, caps ? ", file capabilities" : "");
	finding(w->b->ax, p == PLACE_TEMP || p == PLACE_HOME ||
	    p == PLACE_WEB || p == PLACE_SPOOL ? CHECK_BIN_SETID_DROPPED :
	    CHECK_BIN_SETID_UNOWNED, &(struct fctx){ .path = path,
	    .evidence = ev, .time = st->ctime.sec });
}

static int
entry(const char *path, const struct fsr_node *n, const struct fsr_stat *st,
    void *arg)
{
	struct walk	*w = arg;
	struct caps	 c = { false };
	char		 canon[DPKG_PATH_MAX + 1];
	enum place	 p;
	bool		 owned, exec, setuid;

	if (S_ISDIR(st->mode)) {
		/* the kernel's, never the disk's */
		if (strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0)
			return FSR_WALK_SKIP;
		return FSR_WALK_CONT;
	}
	if (!S_ISREG(st->mode))
		return FSR_WALK_CONT;
	w->b->stats.walked++;
	p = place_of(path);
	owned = pkgdb_canon(&w->b->db, path, canon) > 0 &&
	    pkgdb_owner(&w->b->db, canon) != NULL;
	if (owned)
		return FSR_WALK_CONT;	/* verified against its MD5 */
	exec = (st->mode & 0111) != 0;
	setuid = (st->mode & 06000) != 0;
	if (exec && p != PLACE_OTHER)
		fsr_xattrs(w->b->ax->tree, n, cap_xattr, &c);
	if (setuid || c.found)
		setid(w, path, st, p, c.found);
	if (p == PLACE_OTHER || p == PLACE_LOCAL)
		return FSR_WALK_CONT;
	/* any size: a miner renamed .jpg is no less a program */
	if (exec || p == PLACE_TEMP || p == PLACE_SPOOL || setuid || c.found)
		examine(w, path, n, st, p, setuid || c.found);
	return FSR_WALK_CONT;
}

static void
walk_error(const char *path, int err, const char *msg, void *arg)
{
	struct walk	*w = arg;

	ax_err(w->b->ax, "%s: %s", path, msg ? msg : strerror(-err));
}

void
scan_dropped(struct bscan *b)
{
	struct walk	w = { b, xmalloc(PREFIX_LEN), NULL };

	fsr_walk(b->ax->tree, "/", entry, walk_error, &w);
	free(w.prefix);
}
