/*
 * boot.c - what runs at boot, at login or on a system event besides cron
 * and systemd: rc.local, init scripts and their runlevel links, profiles
 * and shell rc files, XDG autostart, motd scripts, network hooks, APT
 * hooks, udev RUN rules, kernel modules and modprobe install lines, the
 * dynamic linker's preload and search path, and /etc/environment
 *
 * Scripts a package shipped are normal and not judged line by line; the
 * rest are, by the intrusion rules (rc.<rule>).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "input/input.h"
#include "persist/script.h"
#include "util/util.h"

#define TEXT_MAX	4096
#define EV_MAX		600

static const char *const pkg_prefixes[] = { "/etc/init.d/",
    "/lib/udev/rules.d/", "/usr/lib/udev/rules.d/", NULL };

/* Called with each line of a file; the line lasts for the call. */
typedef void line_fn(struct persist *, const char *path,
    const struct fsr_stat *, long lineno, const char *line, size_t len,
    void *arg);

struct boot {
	struct persist	*p;
	struct pkgpaths	*pkg;
};

static int
each_line(struct persist *p, const char *path, line_fn *fn, void *arg)
{
	struct instream	*in;
	const char	*line;
	size_t		 len;
	char		 err[600];
	bool		 cut;
	int		 errnum = 0;

	if ((in = instream_open(p->ax->tree, path, &errnum, err,
	    sizeof(err))) == NULL) {
		if (errnum != ENOENT && errnum != ENOTDIR)
			ax_err(p->ax, "%s", err);
		return -1;
	}
	while (instream_getline(in, &line, &len, &cut) == 1)
		fn(p, path, instream_stat(in), instream_lineno(in), line, len,
		    arg);
	instream_close(in);
	return 0;
}

/* LINE without the blanks around it, into BUF (NUL-terminated). */
static char *
trimmed(const char *line, size_t len, char *buf, size_t bufsz)
{
	while (len > 0 && isspace((unsigned char)*line)) {
		line++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)line[len - 1]))
		len--;
	if (len >= bufsz)
		len = bufsz - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return buf;
}

static const char *
basename_of(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/* rc.local: commands other than "exit 0" */
struct rclocal {
	long	n;
	long	first;
	char	ev[EV_MAX];
};

static void
rc_local_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	struct rclocal	*r = arg;
	char		 t[EV_MAX];

	if (persist_blank(line, len))
		return;
	trimmed(line, len, t, sizeof(t));
	if (strcmp(t, "exit 0") == 0 || strcmp(t, "exit") == 0)
		return;
	if (r->n++ == 0) {
		r->first = lineno;
		snprintf(r->ev, sizeof(r->ev), "%s", t);
	}
	persist_judge(p, AREA_RC, path, lineno, st->mtime.sec, line, len,
	    "/etc/rc.local, at every boot as root");
}

static void
rc_local(struct persist *p)
{
	static const char	 path[] = "/etc/rc.local";
	struct rclocal		 r = { 0, 0, "" };
	struct fsr_node		 n;
	struct fsr_stat		 st;

	if (fsr_stat_path(p->ax->tree, path, 0, &n, &st) != 0 ||
	    !S_ISREG(st.mode))
		return;
	each_line(p, path, rc_local_line, &r);
	record(p->ax, &(struct record){ "rc_local", (const struct field[]){
	    FBARE("path", path), FINT("commands", r.n),
	    FBOOL("executable", st.mode & 0111),
	    FTIME("mtime", st.mtime.sec), FEND } });
	if (r.n > 0)
		finding(p->ax, CHECK_RC_RC_LOCAL, &(struct fctx){
		    .path = path, .line = r.first, .evidence = r.ev,
		    .time = st.mtime.sec, .detail = (st.mode & 0111) ? NULL :
		    "not executable: systemd does not run it" });
	persist_changed(p, path, &st, "rc.local");
}

/* init.d: each script with the runlevels that start it */
struct links {
	char	**v;
	size_t	  n;
};

struct initd {
	struct boot	*b;
	struct links	 links[8];	/* "S01ssh" per runlevel */
};

static const char runlevels[] = "0123456S";

static int
add_link(const struct fsr_dirent *d, void *arg)
{
	struct links	*l = arg;

	if (l->n == 4096 || d->name[0] != 'S')
		return 0;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(d->name);
	return 0;
}

static void
init_script(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	struct initd	*id = arg;
	const char	*name = basename_of(path), *l;
	char		 lv[16], detail[256];
	size_t		 i, j, k = 0;
	bool		 owned;

	for (i = 0; i < 8; i++)
		for (j = 0; j < id->links[i].n; j++) {
			l = id->links[i].v[j];
			/* S01name: a two-digit order, then the script */
			if (strlen(l) > 3 && strcmp(l + 3, name) == 0) {
				lv[k++] = runlevels[i];
				break;
			}
		}
	lv[k] = '\0';
	owned = pkgpaths_has(id->b->pkg, path);
	record(p->ax, &(struct record){ "init_script", (const struct field[]){
	    FCOL("name", name, 20), FSTR("runlevels", k > 0 ? lv : NULL),
	    FSTR("package", !pkgpaths_known(id->b->pkg) ? NULL : owned ?
	    "yes" : "no"), FBARE("path", path),
	    FTIME("mtime", st->mtime.sec), FEND } });
	persist_changed(p, path, st, "init script");
	if (owned)
		return;
	if (pkgpaths_known(id->b->pkg))
		finding(p->ax, CHECK_RC_LOCAL_INIT, &(struct fctx){
		    .path = path, .evidence = name, .time = st->mtime.sec,
		    .detail = k > 0 ? "started at boot" : NULL });
	snprintf(detail, sizeof(detail), "init script %s%s%s", name,
	    k > 0 ? ", runlevels " : "", lv);
	persist_script(p, AREA_RC, path, detail, NULL);
}

static void
init_d(struct boot *b)
{
	struct initd	id = { b, { { NULL, 0 } } };
	struct fsr_node	n;
	char		dir[32];
	size_t		i, j;

	for (i = 0; i < 8; i++) {
		snprintf(dir, sizeof(dir), "/etc/rc%c.d", runlevels[i]);
		if (fsr_lookup(b->p->ax->tree, dir, 0, &n, NULL, 0) == 0)
			fsr_readdir(b->p->ax->tree, &n, add_link,
			    &id.links[i]);
	}
	persist_each_file(b->p, "/etc/init.d", init_script, &id);
	for (i = 0; i < 8; i++) {
		for (j = 0; j < id.links[i].n; j++)
			free(id.links[i].v[j]);
		free(id.links[i].v);
	}
}

/* Profiles, rc files, motd scripts: every line judged. */
static void
script(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	const char	*what = arg;
	struct fsr_node	 n;
	long		 cmds;

	if (fsr_lookup(p->ax->tree, path, 0, &n, NULL, 0) != 0 ||
	    fsr_nodeset_add(p->seen, &n) != 1)
		return;
	cmds = persist_script(p, AREA_RC, path, what, NULL);
	record(p->ax, &(struct record){ "rc_file", (const struct field[]){
	    FBARE("path", path), FSTR("role", what),
	    FINT("commands", cmds > 0 ? cmds : 0),
	    FTIME("mtime", st->mtime.sec), FEND } });
	persist_changed(p, path, st, what);
}

static void
script_path(struct persist *p, const char *path, const char *what)
{
	struct fsr_node	n;
	struct fsr_stat	st;

	if (fsr_stat_path(p->ax->tree, path, 0, &n, &st) == 0 &&
	    S_ISREG(st.mode))
		script(p, path, &st, (void *)what);
}

/*
 * Scripts run as root when a network comes up or goes down, or a DHCP
 * lease comes: ifupdown's, NetworkManager's dispatcher, dhclient's
 * hooks (sourced by dhclient-script), ppp's.  Packages ship a few; each
 * is judged line by line as the profiles are.
 */
static void
network_hooks(struct persist *p)
{
	static const char *const dirs[] = { "/etc/network/if-up.d",
	    "/etc/network/if-pre-up.d", "/etc/network/if-down.d",
	    "/etc/network/if-post-down.d", "/etc/NetworkManager/dispatcher.d",
	    "/etc/NetworkManager/dispatcher.d/pre-up.d",
	    "/etc/NetworkManager/dispatcher.d/pre-down.d",
	    "/etc/dhcp/dhclient-enter-hooks.d",
	    "/etc/dhcp/dhclient-exit-hooks.d", "/etc/ppp/ip-up.d",
	    "/etc/ppp/ip-down.d" };
	size_t	i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		persist_each_file(p, dirs[i], script,
		    "network hook, as root when a network comes up or down");
}

static void
profiles(struct persist *p)
{
	static const char *const sys[] = { "/etc/profile", "/etc/bash.bashrc",
	    "/etc/bashrc", "/etc/zsh/zshrc", "/etc/zsh/zshenv",
	    "/etc/zsh/zprofile", "/etc/zshrc", "/etc/csh.cshrc",
	    "/etc/bash.bash_logout" };
	static const char *const home[] = { ".bashrc", ".bash_profile",
	    ".bash_login", ".profile", ".bash_logout", ".zshrc", ".zshenv",
	    ".zprofile", ".zlogin", ".bash_aliases" };
	char	path[4200], what[300];
	size_t	i, j, k;

	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		script_path(p, sys[i], "shell startup file of every login");
	persist_each_file(p, "/etc/profile.d", script,
	    "shell startup file of every login");
	for (i = 0; i < p->naccounts; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(p->accounts[k].home,
			    p->accounts[i].home) == 0)
				break;
		if (k < i || p->accounts[i].home[0] != '/' ||
		    strcmp(p->accounts[i].home, "/") == 0)
			continue;
		snprintf(what, sizeof(what), "shell startup file of %s",
		    p->accounts[i].name);
		for (j = 0; j < sizeof(home) / sizeof(home[0]); j++) {
			if (snprintf(path, sizeof(path), "%s/%s",
			    p->accounts[i].home, home[j]) >= (int)sizeof(path))
				continue;
			script_path(p, path, what);
		}
	}
	persist_each_file(p, "/etc/update-motd.d", script,
	    "motd script, at every login as root");
	network_hooks(p);
}

/* /etc/environment: NAME=value lines; LD_PRELOAD preloads everywhere. */
static void
env_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char	t[EV_MAX];

	(void)arg;
	if (persist_blank(line, len))
		return;
	trimmed(line, len, t, sizeof(t));
	if (strncmp(t, "export ", 7) == 0)
		memmove(t, t + 7, strlen(t + 7) + 1);
	if (strncmp(t, "LD_PRELOAD=", 11) != 0)
		return;
	record(p->ax, &(struct record){ "preload", (const struct field[]){
	    FBARE("library", t + 11), FSTR("path", path),
	    FINT("line", lineno), FEND } });
	finding(p->ax, CHECK_PERSIST_ENV_PRELOAD, &(struct fctx){
	    .path = path, .line = lineno, .evidence = t,
	    .time = st->mtime.sec });
}

/* /etc/ld.so.preload: libraries split at blanks and colons. */
static void
preload_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char	t[EV_MAX], *lib, *save = NULL;

	(void)arg;
	if (persist_blank(line, len))
		return;
	trimmed(line, len, t, sizeof(t));
	for (lib = strtok_r(t, " \t:", &save); lib != NULL;
	    lib = strtok_r(NULL, " \t:", &save)) {
		record(p->ax, &(struct record){ "preload",
		    (const struct field[]){ FBARE("library", lib),
		    FSTR("path", path), FINT("line", lineno), FEND } });
		finding(p->ax, CHECK_PERSIST_LD_SO_PRELOAD, &(struct fctx){
		    .path = path, .line = lineno, .evidence = lib,
		    .time = st->mtime.sec, .detail = cmd_is_shady_path(lib) ?
		    "a library in a hidden or temporary directory" : NULL });
	}
}

/* ld.so.conf and ld.so.conf.d: directories searched for libraries. */
static void
ldconf_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char	t[EV_MAX];

	(void)arg;
	if (persist_blank(line, len))
		return;
	trimmed(line, len, t, sizeof(t));
	if (strncmp(t, "include", 7) == 0 || t[0] != '/')
		return;
	record(p->ax, &(struct record){ "ld_so_dir", (const struct field[]){
	    FBARE("dir", t), FSTR("path", path), FINT("line", lineno),
	    FEND } });
	if (cmd_is_shady_path(t))
		finding(p->ax, CHECK_PERSIST_LD_SO_CONF, &(struct fctx){
		    .path = path, .line = lineno, .evidence = t,
		    .time = st->mtime.sec });
}

static void
ldconf_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	(void)st;
	each_line(p, path, ldconf_line, arg);
}

static void
linker(struct persist *p)
{
	struct fsr_node	n;
	struct fsr_stat	st;

	if (fsr_stat_path(p->ax->tree, "/etc/ld.so.preload", 0, &n,
	    &st) == 0 && S_ISREG(st.mode)) {
		each_line(p, "/etc/ld.so.preload", preload_line, NULL);
		persist_changed(p, "/etc/ld.so.preload", &st, "ld.so.preload");
	}
	each_line(p, "/etc/ld.so.conf", ldconf_line, NULL);
	persist_each_file(p, "/etc/ld.so.conf.d", ldconf_file, NULL);
	each_line(p, "/etc/environment", env_line, NULL);
}

/* XDG autostart: the Exec= of each .desktop file. */
static void
desktop_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char	t[TEXT_MAX];

	(void)arg;
	trimmed(line, len, t, sizeof(t));
	if (strncmp(t, "Exec=", 5) != 0)
		return;
	record(p->ax, &(struct record){ "autostart", (const struct field[]){
	    FBARE("command", p->ax->brief ? NULL : t + 5),
	    FSTR("path", path), FINT("line", lineno), FEND } });
	persist_judge(p, AREA_RC, path, lineno, st->mtime.sec, t + 5,
	    strlen(t + 5), "XDG autostart, at every desktop login");
}

static void
desktop_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	if (strlen(path) < 8 || strcmp(path + strlen(path) - 8, ".desktop"))
		return;
	each_line(p, path, desktop_line, arg);
	persist_changed(p, path, st, "autostart entry");
}

static void
autostart(struct persist *p)
{
	char	dir[4200];
	size_t	i;

	persist_each_file(p, "/etc/xdg/autostart", desktop_file, NULL);
	for (i = 0; i < p->naccounts; i++)
		if (p->accounts[i].home[0] == '/' &&
		    strcmp(p->accounts[i].home, "/") != 0 &&
		    snprintf(dir, sizeof(dir), "%s/.config/autostart",
		    p->accounts[i].home) < (int)sizeof(dir))
			persist_each_file(p, dir, desktop_file, NULL);
}

/*
 * APT hooks: the quoted strings of DPkg::Pre-Invoke, Post-Invoke,
 * APT::Update::Pre-Invoke... up to the end of their block.
 */
struct apt {
	int	 depth;		/* braces open in a hook's block */
	bool	 in_hook;
	char	 key[64];
};

static const char *
hook_key(const char *line, size_t len)
{
	static const char *const keys[] = { "Pre-Invoke", "Post-Invoke",
	    "Pre-Install-Pkgs", "Post-Invoke-Success" };
	size_t	i, j, kl;

	for (i = 0; i < len; i++)
		for (j = 0; j < sizeof(keys) / sizeof(keys[0]); j++) {
			kl = strlen(keys[j]);
			if (len - i >= kl &&
			    strncasecmp(line + i, keys[j], kl) == 0)
				return keys[j];
		}
	return NULL;
}

static void
apt_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	struct apt	*a = arg;
	const char	*k, *q;
	char		 cmd[TEXT_MAX], detail[128];
	size_t		 i, cl;

	if (persist_blank(line, len) || (len > 1 && line[0] == '/' &&
	    line[1] == '/'))
		return;
	if (!a->in_hook && (k = hook_key(line, len)) != NULL) {
		a->in_hook = true;
		a->depth = 0;
		snprintf(a->key, sizeof(a->key), "%s", k);
	}
	if (!a->in_hook)
		return;
	for (i = 0; i < len; i++) {
		if (line[i] == '"') {
			q = memchr(line + i + 1, '"', len - i - 1);
			if (q == NULL)
				break;
			cl = (size_t)(q - line - i - 1);
			snprintf(cmd, sizeof(cmd), "%.*s", (int)cl,
			    line + i + 1);
			record(p->ax, &(struct record){ "apt_hook",
			    (const struct field[]){ FCOL("hook", a->key, 12),
			    FBARE("command", p->ax->brief ? NULL : cmd),
			    FSTR("path", path), FINT("line", lineno),
			    FEND } });
			snprintf(detail, sizeof(detail), "APT %s hook, as "
			    "root", a->key);
			persist_judge(p, AREA_RC, path, lineno, st->mtime.sec,
			    line + i + 1, cl, detail);
			i = (size_t)(q - line);
		} else if (line[i] == '{') {
			a->depth++;
		} else if (line[i] == '}') {
			if (--a->depth <= 0)
				a->in_hook = false;
		} else if (line[i] == ';' && a->depth <= 0) {
			a->in_hook = false;
		}
	}
}

static void
apt_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	struct apt	a = { 0, false, "" };

	(void)arg;
	each_line(p, path, apt_line, &a);
	persist_changed(p, path, st, "APT configuration");
}

/* udev: RUN+="..." (RUN{program}, RUN=) of each rule. */
static void
udev_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	const char	*s, *q, *end = line + len;
	char		 cmd[TEXT_MAX];
	size_t		 cl;

	(void)arg;
	if (persist_blank(line, len))
		return;
	for (s = line; s + 3 < end; s++) {
		if (memcmp(s, "RUN", 3) != 0 || (s > line &&
		    (isalnum((unsigned char)s[-1]) || s[-1] == '_')))
			continue;
		/* RUN+="...", RUN="...", RUN{program}+="..." */
		s += 3;
		if (s < end && *s == '{')
			while (s < end && *s != '}')
				s++;
		if (s < end && *s == '}')
			s++;
		if (s < end && *s == '+')
			s++;
		if (end - s < 2 || s[0] != '=' || s[1] != '"')
			continue;
		s++;
		if ((q = memchr(s + 1, '"', (size_t)(end - s - 1))) == NULL)
			return;
		cl = (size_t)(q - s - 1);
		snprintf(cmd, sizeof(cmd), "%.*s", (int)cl, s + 1);
		record(p->ax, &(struct record){ "udev_run",
		    (const struct field[]){ FBARE("command",
		    p->ax->brief ? NULL : cmd), FSTR("path", path),
		    FINT("line", lineno), FEND } });
		persist_judge(p, AREA_RC, path, lineno, st->mtime.sec, s + 1,
		    cl, "udev rule, on a device event as root");
		s = q;
	}
}

static void
udev_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	struct boot	*b = arg;
	struct fsr_node	 n;

	if (strlen(path) < 6 || strcmp(path + strlen(path) - 6, ".rules"))
		return;
	if (strncmp(path, "/etc/", 5) != 0 &&
	    (!pkgpaths_known(b->pkg) || pkgpaths_has(b->pkg, path)))
		return;
	/* /lib/udev is often /usr/lib/udev */
	if (fsr_lookup(p->ax->tree, path, 0, &n, NULL, 0) != 0 ||
	    fsr_nodeset_add(p->seen, &n) != 1)
		return;
	each_line(p, path, udev_line, NULL);
	persist_changed(p, path, st, "udev rule");
}

/* Kernel modules loaded at boot, and modprobe's install commands. */
static void
module_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char	t[EV_MAX];

	(void)arg;
	(void)st;
	if (persist_blank(line, len) || line[0] == ';')
		return;
	record(p->ax, &(struct record){ "module", (const struct field[]){
	    FBARE("name", trimmed(line, len, t, sizeof(t))),
	    FSTR("path", path), FINT("line", lineno), FEND } });
}

static void
module_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	(void)st;
	each_line(p, path, module_line, arg);
}

static void
modprobe_line(struct persist *p, const char *path, const struct fsr_stat *st,
    long lineno, const char *line, size_t len, void *arg)
{
	char		 t[TEXT_MAX], detail[128];
	const char	*mod, *cmd;
	size_t		 ml;

	(void)arg;
	trimmed(line, len, t, sizeof(t));
	if (strncmp(t, "install", 7) != 0 || (t[7] != ' ' && t[7] != '\t'))
		return;
	mod = t + 7;
	mod += strspn(mod, " \t");
	ml = strcspn(mod, " \t");
	cmd = mod + ml;
	cmd += strspn(cmd, " \t");
	record(p->ax, &(struct record){ "modprobe_install",
	    (const struct field[]){ FBARE("command", p->ax->brief ? NULL :
	    t), FSTR("path", path), FINT("line", lineno), FEND } });
	snprintf(detail, sizeof(detail), "modprobe install command for "
	    "%.*s, as root", (int)(ml < 64 ? ml : 64), mod);
	persist_judge(p, AREA_RC, path, lineno, st->mtime.sec, cmd,
	    strlen(cmd), detail);
}

static void
modprobe_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	each_line(p, path, modprobe_line, arg);
	persist_changed(p, path, st, "modprobe configuration");
}

void
persist_boot(struct persist *p)
{
	struct boot	b = { p, NULL };

	b.pkg = pkgpaths_load(p, pkg_prefixes);
	rc_local(p);
	init_d(&b);
	profiles(p);
	autostart(p);
	persist_each_file(p, "/etc/apt/apt.conf.d", apt_file, NULL);
	persist_each_file(p, "/etc/udev/rules.d", udev_file, &b);
	persist_each_file(p, "/usr/lib/udev/rules.d", udev_file, &b);
	persist_each_file(p, "/lib/udev/rules.d", udev_file, &b);
	persist_each_file(p, "/etc/modules-load.d", module_file, NULL);
	each_line(p, "/etc/modules", module_line, NULL);
	persist_each_file(p, "/etc/modprobe.d", modprobe_file, NULL);
	linker(p);
	pkgpaths_free(b.pkg);
}
