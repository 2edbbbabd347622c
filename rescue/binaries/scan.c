/*
 * scan.c - one walk of the whole server for what no package vouches for:
 * ELF files and scripts where intruders drop theirs (temporary places,
 * hidden directories, homes, web roots, system directories), SUID and
 * SGID files and file capabilities no package installed
 *
 * The walk only stats; a file is read when its place makes it worth it,
 * and then once: the SHA-256 and any content check share the read.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "binaries/binaries.h"
#include "parse/elf.h"
#include "parse/history.h"
#include "rules/cmdrules.h"
#include "rules/content.h"
#include "rules/rootkits.h"
#include "util/digest.h"
#include "util/util.h"

#define PREFIX_LEN	(64 * 1024)
/* Text files read for miner configs: configs are small. */
#define TEXT_SCAN_MAX	(16 * 1024 * 1024)
#define WEBROOTS_MAX	32
#define PER_CHECK_MAX	50

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
	struct bscan		*b;
	unsigned char		*prefix;
	struct content_stream	*cs;
	const struct rootkit_entry *rk;
	size_t			 nrk;
	char			*webroot[WEBROOTS_MAX];	/* "/srv/site/" */
	size_t			 nwebroot;
	unsigned		 nrootkit, nminer, nwebshell;
};

static enum place
place_of(const struct walk *w, const char *path)
{
	size_t	i;

	/*
	 * A hidden directory, a name of spaces, or a dot directory where
	 * no program keeps one (/usr/local/lib/.cache) outranks the rest.
	 */
	if (cmd_is_shady_path(path))
		return PLACE_TEMP;
	for (i = 0; i < w->nwebroot; i++)
		if (strncmp(path, w->webroot[i], strlen(w->webroot[i])) == 0)
			return PLACE_WEB;
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

/* Miners are a few MiB: past this a file is hashed, not searched. */
#define CONTENT_SCAN_MAX	((uint64_t)64 << 20)

static int
feed_stream(const void *buf, size_t len, uint64_t off, void *arg)
{
	if (off < CONTENT_SCAN_MAX)
		content_stream_feed(arg, buf, len);
	return 0;
}

/* What the content stream found in PATH: a miner, or PHP in an image. */
static void
content_findings(struct walk *w, const char *path, const struct fsr_stat *st,
    const char *sha)
{
	struct content_stream	*cs = w->cs;
	char			 ev[CONTENT_EXCERPT_LEN * 4 + 128];
	size_t			 i, n, k;

	n = content_stream_finish(cs);
	for (i = 0; i < n; i++) {
		const struct content_match	*m = &cs->match[i];

		if (m->rule == CONTENT_PHP_TAG)
			continue;
		if (w->nminer++ >= PER_CHECK_MAX)
			return;
		k = snprintf(ev, sizeof(ev), "%s at byte %llu: ",
		    content_rule_name(m->rule), (unsigned long long)m->off);
		memcpy(ev + k, m->excerpt, m->excerpt_len);
		ev[k + m->excerpt_len] = '\0';
		finding(w->b->ax, m->sev >= SEV_HIGH ? CHECK_BIN_MINER :
		    CHECK_BIN_MINER_HINT, &(struct fctx){ .path = path,
		    .evidence = ev, .time = st->mtime.sec,
		    .detail = sha != NULL && sha[0] ? sha : m->detail });
		return;	/* one per file: the first, in file order */
	}
}

/* A text file where miners keep their configs. */
static void
text_miner(struct walk *w, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st)
{
	struct file_digest	d;
	char			err[256];

	if (st->size == 0 || st->size > TEXT_SCAN_MAX)
		return;
	content_stream_init(w->cs, CONTENT_MINER);
	if (digest_node(w->b->ax->tree, n, st->size, 0, &d, feed_stream,
	    w->cs, err, sizeof(err)) != 0)
		return;
	content_findings(w, path, st, NULL);
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
	struct fctx		 f;
	enum check_id		 id;
	char			 sha[65], err[256], ev[512], mode[12];
	size_t			 have = 0;
	bool			 elf, script;

	b->stats.examined++;
	if (fsr_pread(b->ax->tree, n, w->prefix, PREFIX_LEN, 0, &have) < 0)
		return;
	elf = have >= 4 && memcmp(w->prefix, "\177ELF", 4) == 0;
	script = !elf && shebang_parse(w->prefix, have, &sb) == 0;
	if (!elf && !script && !special) {
		if (history_format_for(strrchr(path, '/') + 1) == HIST_NONE)
			text_miner(w, path, n, st);
		return;
	}
	memset(&ei, 0, sizeof(ei));
	if (elf)
		elf_details(w, n, st->size, have, &ei);
	sha[0] = '\0';
	content_stream_init(w->cs, CONTENT_MINER);
	if (digest_node(b->ax->tree, n, st->size, DIGEST_SHA256, &d,
	    feed_stream, w->cs, err, sizeof(err)) == 0)
		digest_hex(d.sha256, 32, sha);
	else
		ax_err(b->ax, "%s: %s", path, err);
	content_findings(w, path, st, sha);
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
	f = (struct fctx){ .path = path, .evidence = ev,
	    .time = st->has_crtime ? st->crtime.sec : st->ctime.sec };
	/* one of a vendor's tree of programs, judged with the others;
	 * no vendor ships UPX-packed programs */
	if (id == CHECK_BIN_UNOWNED_SYSTEM && !(elf && ei.upx) &&
	    trees_hold(b, &f))
		return;
	finding(b->ax, id, &f);
}

/*
 * Programs that hand out a shell or run commands: no distribution ships
 * them setuid or setgid, and `chmod u+s` on one is the oldest root
 * backdoor there is (GTFOBins, "SUID" list).  Matched on the name
 * without a version suffix: python3.11 is python.
 */
static bool
runs_commands(const char *base)
{
	static const char *const names[] = { "sh", "bash", "dash", "zsh",
	    "ksh", "ksh93", "mksh", "csh", "tcsh", "fish", "ash", "busybox",
	    "python", "perl", "ruby", "php", "lua", "node", "nodejs", "tclsh",
	    "wish", "expect", "awk", "gawk", "mawk", "nawk", "find", "vi",
	    "vim", "vim.basic", "vim.tiny", "nvim", "ed", "nano", "less",
	    "more", "man", "env", "xargs", "nice", "timeout", "stdbuf",
	    "ionice", "taskset", "chroot", "flock", "script", "strace", "gdb",
	    "socat", "nc", "ncat", "netcat", "nmap", "tar", "zip", "rsync",
	    "cp", "mv", "dd", "tee", "install", "git", "docker", "openssl",
	    "sed", "rlwrap", "screen", "tmux", "run-parts", "start-stop-daemon",
	    "capsh", "setarch", "unshare", "nsenter" };
	char	name[64];
	size_t	i, n = strlen(base);

	if (n >= sizeof(name))
		return false;
	memcpy(name, base, n + 1);
	while (n > 0 && (isdigit((unsigned char)name[n - 1]) ||
	    name[n - 1] == '.'))
		name[--n] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static void
setid_shell(struct walk *w, const char *path, const struct fsr_stat *st,
    bool owned)
{
	char	ev[160], mode[12];

	mode_str(st->mode, mode);
	snprintf(ev, sizeof(ev), "%s uid %u gid %u%s", mode, st->uid,
	    st->gid, owned ? ", the package ships it without the bit" : "");
	finding(w->b->ax, CHECK_BIN_SETID_SHELL, &(struct fctx){
	    .path = path, .evidence = ev, .time = st->ctime.sec });
}

static void
setid(struct walk *w, const char *path, const struct fsr_stat *st,
    enum place p, bool caps)
{
	char	ev[160], mode[12];

	w->b->stats.suid++;
	if ((st->mode & 06000) && runs_commands(strrchr(path, '/') + 1) &&
	    !(p == PLACE_TEMP || p == PLACE_HOME || p == PLACE_WEB ||
	    p == PLACE_SPOOL)) {
		setid_shell(w, path, st, false);
		return;
	}
	mode_str(st->mode, mode);
	snprintf(ev, sizeof(ev), "%s uid %u%s, no package installed it",
	    mode, st->uid, caps ? ", file capabilities" : "");
	finding(w->b->ax, p == PLACE_TEMP || p == PLACE_HOME ||
	    p == PLACE_WEB || p == PLACE_SPOOL ? CHECK_BIN_SETID_DROPPED :
	    CHECK_BIN_SETID_UNOWNED, &(struct fctx){ .path = path,
	    .evidence = ev, .time = st->ctime.sec });
}

static bool
under_webroot(const struct walk *w, const char *path)
{
	static const char *const roots[] = { "/var/www/", "/srv/",
	    "/usr/share/nginx/" };
	size_t	i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++)
		if (strncmp(path, roots[i], strlen(roots[i])) == 0)
			return true;
	for (i = 0; i < w->nwebroot; i++)
		if (strncmp(path, w->webroot[i], strlen(w->webroot[i])) == 0)
			return true;
	return false;
}

/* Where a miner's settings would be, in a home or web root. */
static bool
config_name(const char *name)
{
	static const char *const ext[] = { ".json", ".conf", ".cfg", ".ini",
	    ".yaml", ".yml", ".toml", ".txt" };
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return true;
	return false;
}

static bool
web_script_name(const char *name)
{
	static const char *const ext[] = { ".php", ".phtml", ".php3", ".php4",
	    ".php5", ".php7", ".phar", ".inc", ".jsp", ".jspx", ".asp",
	    ".aspx", ".ashx", ".asmx", ".cgi", ".pl" };
	const char	*dot = strrchr(name, '.');
	size_t		 i;

	if (dot == NULL)
		return false;
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		if (strcasecmp(dot, ext[i]) == 0)
			return true;
	return content_is_image_name(name);
}

/* A script or image in a web root: read it whole (bounded) and judge. */
static void
webshell(struct walk *w, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st)
{
	struct content_match	 m[8];
	const char		*base = strrchr(path, '/') + 1;
	char			*buf, ev[CONTENT_EXCERPT_LEN * 4 + 160];
	size_t			 len, got = 0, k, i, nm;

	len = st->size < WEBSHELL_SCAN_MAX ? (size_t)st->size :
	    WEBSHELL_SCAN_MAX;
	buf = xmalloc(len ? len : 1);
	if (fsr_pread(w->b->ax->tree, n, buf, len, 0, &got) < 0) {
		free(buf);
		return;
	}
	nm = webshell_scan(base, buf, got, m, 8);
	free(buf);
	for (i = 0; i < nm && i < 8; i++) {
		if (w->nwebshell++ >= PER_CHECK_MAX)
			return;
		k = snprintf(ev, sizeof(ev), "%s at byte %llu: ",
		    content_rule_name(m[i].rule),
		    (unsigned long long)m[i].off);
		memcpy(ev + k, m[i].excerpt, m[i].excerpt_len);
		ev[k + m[i].excerpt_len] = '\0';
		finding(w->b->ax, m[i].sev >= SEV_HIGH ? CHECK_BIN_WEBSHELL :
		    CHECK_BIN_WEBSHELL_HINT, &(struct fctx){ .path = path,
		    .evidence = ev, .time = st->mtime.sec,
		    .detail = m[i].detail });
		w->b->stats.dropped++;
		return;	/* the strongest is first: one per file */
	}
}

static void
rootkit(struct walk *w, const char *path, const struct fsr_stat *st,
    const struct rootkit_entry *e)
{
	char	ev[256];

	if (w->nrootkit++ >= PER_CHECK_MAX)
		return;
	snprintf(ev, sizeof(ev), "%.*s (%.*s; listed as %.*s)",
	    (int)e->family_len, e->family, (int)e->source_len, e->source,
	    (int)e->path_len, e->path);
	finding(w->b->ax, CHECK_BIN_ROOTKIT_PATH, &(struct fctx){
	    .path = path, .evidence = ev, .time = st->ctime.sec });
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
	const char	*base = strrchr(path, '/') + 1;

	const struct rootkit_entry *rk;

	if (S_ISDIR(st->mode)) {
		/* the kernel's, never the disk's */
		if (strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0)
			return FSR_WALK_SKIP;
		if ((rk = rootkit_match(w->rk, w->nrk, path)) != NULL &&
		    !(pkgdb_canon(&w->b->db, path, canon) > 0 &&
		    pkgdb_owner(&w->b->db, canon) != NULL))
			rootkit(w, path, st, rk);
		return FSR_WALK_CONT;
	}
	if (!S_ISREG(st->mode))
		return FSR_WALK_CONT;
	w->b->stats.walked++;
	p = place_of(w, path);
	owned = pkgdb_canon(&w->b->db, path, canon) > 0 &&
	    pkgdb_owner(&w->b->db, canon) != NULL;
	setuid = (st->mode & 06000) != 0;
	if (owned && setuid && runs_commands(base))
		setid_shell(w, path, st, true);
	if (owned)
		return FSR_WALK_CONT;	/* verified against its MD5 */
	if ((rk = rootkit_match(w->rk, w->nrk, path)) != NULL)
		rootkit(w, path, st, rk);
	exec = (st->mode & 0111) != 0;
	if (exec && p != PLACE_OTHER)
		fsr_xattrs(w->b->ax->tree, n, cap_xattr, &c);
	if (setuid || c.found)
		setid(w, path, st, p, c.found);
	if (p == PLACE_OTHER || p == PLACE_LOCAL)
		return FSR_WALK_CONT;
	if (p == PLACE_SYSTEM)
		trees_note_file(w->b, path);
	if (under_webroot(w, path) && web_script_name(base)) {
		webshell(w, path, n, st);
		return FSR_WALK_CONT;
	}
	/* any size: a miner renamed .jpg is no less a program */
	if (exec || p == PLACE_TEMP || p == PLACE_SPOOL || setuid || c.found)
		examine(w, path, n, st, p, setuid || c.found);
	else if ((p == PLACE_HOME || p == PLACE_WEB) && config_name(base))
		text_miner(w, path, n, st);
	return FSR_WALK_CONT;
}

static void
walk_error(const char *path, int err, const char *msg, void *arg)
{
	struct walk	*w = arg;

	ax_err(w->b->ax, "%s: %s", path, msg ? msg : strerror(-err));
}

struct dirlist {
	char	**v;
	size_t	  n;
};

static int
list_name(const struct fsr_dirent *d, void *arg)
{
	struct dirlist	*dl = arg;

	if (dl->n == 256)
		return 0;
	dl->v = xrealloc(dl->v, (dl->n + 1) * sizeof(*dl->v));
	dl->v[dl->n++] = xstrdup(d->name);
	return 0;
}

static void
dirlist_free(struct dirlist *dl)
{
	size_t	i;

	for (i = 0; i < dl->n; i++)
		free(dl->v[i]);
	free(dl->v);
}

/* Document roots the web servers' own configs name, beyond the usual. */
static void
web_roots(struct walk *w)
{
	static const char *const dirs[] = { "/etc/nginx/sites-enabled",
	    "/etc/nginx/conf.d", "/etc/apache2/sites-enabled",
	    "/etc/httpd/conf.d" };
	char		 path[512], *buf, *line, *next, *p, *e;
	size_t		 len, i;
	struct fsr_node	 n;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct dirlist	dl = { NULL, 0 };
		size_t		k;

		if (fsr_lookup(w->b->ax->tree, dirs[i], 0, &n, NULL, 0) != 0 ||
		    fsr_readdir(w->b->ax->tree, &n, list_name, &dl) != 0) {
			dirlist_free(&dl);
			continue;
		}
		for (k = 0; k < dl.n; k++) {
			snprintf(path, sizeof(path), "%s/%s", dirs[i],
			    dl.v[k]);
			if (fsr_slurp(w->b->ax->tree, path, 1 << 20, &buf,
			    &len) != 0)
				continue;
			for (line = buf; line != NULL; line = next) {
				if ((next = strchr(line, '\n')) != NULL)
					*next++ = '\0';
				p = line + strspn(line, " \t");
				if (strncmp(p, "root ", 5) == 0)
					p += 5;
				else if (strncasecmp(p, "DocumentRoot ", 13) ==
				    0)
					p += 13;
				else
					continue;
				p += strspn(p, " \t\"");
				e = p + strcspn(p, " \t\";\r");
				*e = '\0';
				if (p[0] != '/' || strlen(p) < 2 ||
				    w->nwebroot == WEBROOTS_MAX)
					continue;
				w->webroot[w->nwebroot] = xmalloc(strlen(p) +
				    2);
				sprintf(w->webroot[w->nwebroot++], "%s%s", p,
				    p[strlen(p) - 1] == '/' ? "" : "/");
			}
			free(buf);
		}
		dirlist_free(&dl);
	}
}

void
scan_dropped(struct bscan *b)
{
	struct walk	w = { .b = b };
	size_t		i;

	w.prefix = xmalloc(PREFIX_LEN);
	w.cs = content_stream_new(CONTENT_MINER);
	w.rk = rootkit_builtin(&w.nrk);
	web_roots(&w);
	fsr_walk(b->ax->tree, "/", entry, walk_error, &w);
	trees_flush(b);
	for (i = 0; i < w.nwebroot; i++)
		free(w.webroot[i]);
	content_stream_free(w.cs);
	free(w.prefix);
}
