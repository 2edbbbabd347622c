/*
 * systemd.c - systemd units, drop-ins, timers and generators: every unit
 * a record (enabled, masked, shipped by a package or not), every Exec*
 * command judged by the intrusion rules, LD_PRELOAD in Environment= and
 * generators in /etc or /usr/local a finding
 *
 * Shipped units live in /usr/lib (or /lib) and are normal; a unit in
 * /etc/systemd/system that no package installed is reported, at low
 * severity, since admins write units too.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input.h"
#include "parse/unitfile.h"
#include "persist/script.h"
#include "util/util.h"

#define READ_CHUNK	(64 * 1024)
#define NAMES_MAX	8192		/* entries read of a unit dir */
#define LINKS_MAX	65536		/* .wants/.requires links kept */
#define TEXT_MAX	4096

struct unitdir {
	const char	*path;
	const char	*scope;		/* "system", "user" */
	bool		 vendor;	/* a package's place */
};

static const struct unitdir unitdirs[] = {
	{ "/etc/systemd/system",		"system", false },
	{ "/run/systemd/system",		"system", false },
	{ "/usr/local/lib/systemd/system",	"system", false },
	{ "/usr/lib/systemd/system",		"system", true },
	{ "/lib/systemd/system",		"system", true },
	{ "/etc/systemd/user",			"user",	  false },
	{ "/usr/local/lib/systemd/user",	"user",	  false },
	{ "/usr/lib/systemd/user",		"user",	  true },
	{ "/lib/systemd/user",			"user",	  true },
};

static const char *const generator_dirs[] = {
	"/etc/systemd/system-generators", "/etc/systemd/user-generators",
	"/usr/local/lib/systemd/system-generators",
	"/usr/local/lib/systemd/user-generators",
	"/run/systemd/system-generators",
	"/usr/lib/systemd/system-generators",
	"/lib/systemd/system-generators",
	"/usr/lib/systemd/user-generators",
};

static const char *const pkg_prefixes[] = { "/etc/systemd/",
    "/lib/systemd/", "/usr/lib/systemd/", NULL };

struct names {
	char	**v;
	size_t	  n, cap, max;
};

struct sd {
	struct persist	*p;
	struct pkgpaths	*pkg;
	struct names	 enabled;	/* unit names linked from .wants */
};

/* One unit file being read. */
struct ufile {
	struct sd		*sd;
	const char		*path;
	const char		*unit;
	const char		*scope;
	const struct fsr_stat	*st;
	struct unit_exec	*ex;
	unsigned		 nexec;
	char			 timer[256];	/* OnCalendar=... */
	char			 triggers[256];	/* Unit= */
	char			 user[64];	/* User= */
};

static void
names_add(struct names *ns, const char *s)
{
	if (ns->n == ns->max)
		return;
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 64;
		ns->v = xrealloc(ns->v, ns->cap * sizeof(*ns->v));
	}
	ns->v[ns->n++] = xstrdup(s);
}

static void
names_free(struct names *ns)
{
	size_t	i;

	for (i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
	ns->v = NULL;
	ns->n = ns->cap = 0;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
names_has(const struct names *ns, const char *s)
{
	return ns->n > 0 && bsearch(&s, ns->v, ns->n, sizeof(*ns->v),
	    by_str) != NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t	l = strlen(s), sl = strlen(suffix);

	return l >= sl && strcmp(s + l - sl, suffix) == 0;
}

static int
collect(const struct fsr_dirent *d, void *arg)
{
	names_add(arg, d->name);
	return 0;
}

/* The entries of DIR, sorted; 0 or -errno. */
static int
list_dir(struct persist *p, const char *dir, struct names *ns,
    struct fsr_node *dn)
{
	struct fsr_node	n;
	int		rc;

	ns->max = NAMES_MAX;
	if ((rc = fsr_lookup(p->ax->tree, dir, 0, &n, NULL, 0)) != 0)
		return rc;
	if (dn != NULL)
		*dn = n;
	if ((rc = fsr_readdir(p->ax->tree, &n, collect, ns)) != 0) {
		ax_err(p->ax, "%s: %s", dir, fsr_tree_errmsg(p->ax->tree));
		return rc;
	}
	if (ns->n > 1)
		qsort(ns->v, ns->n, sizeof(*ns->v), by_str);
	return 0;
}

/* The units named by the links of DIR's *.wants and *.requires. */
static void
gather_enabled(struct sd *sd, const char *dir)
{
	struct names	 ns = { 0 }, links = { 0 };
	char		 sub[4096];
	size_t		 i, j;

	if (list_dir(sd->p, dir, &ns, NULL) != 0)
		goto out;
	for (i = 0; i < ns.n; i++) {
		if (!ends_with(ns.v[i], ".wants") &&
		    !ends_with(ns.v[i], ".requires") &&
		    !ends_with(ns.v[i], ".upholds"))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, ns.v[i]);
		if (list_dir(sd->p, sub, &links, NULL) == 0)
			for (j = 0; j < links.n; j++)
				names_add(&sd->enabled, links.v[j]);
		names_free(&links);
	}
out:
	names_free(&ns);
}

/* Whether UNIT, or the template of an instance (a@b.service), is linked. */
static bool
is_enabled(const struct sd *sd, const char *unit)
{
	char		 tmpl[512];
	const char	*at, *dot;

	if (names_has(&sd->enabled, unit))
		return true;
	if ((at = strchr(unit, '@')) != NULL &&
	    (dot = strrchr(unit, '.')) != NULL && dot > at) {
		snprintf(tmpl, sizeof(tmpl), "%.*s%s", (int)(at - unit + 1),
		    unit, dot);
		return names_has(&sd->enabled, tmpl);
	}
	return false;
}

static bool
exec_key(const char *k)
{
	static const char *const keys[] = { "ExecStart", "ExecStartPre",
	    "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload",
	    "ExecCondition" };
	size_t	i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

static bool
timer_key(const char *k)
{
	return strncmp(k, "On", 2) == 0 && (strcmp(k, "OnCalendar") == 0 ||
	    ends_with(k, "Sec"));
}

/* Whether the rules already said TEMP_EXEC of this command. */
static bool
rules_temp(const char *cmd, size_t len)
{
	struct cmd_match	m[CMDRULE__COUNT];
	size_t			n, i;

	n = cmd_judge(cmd, len, m, CMDRULE__COUNT);
	for (i = 0; i < n && i < CMDRULE__COUNT; i++)
		if (m[i].rule == CMDRULE_TEMP_EXEC)
			return true;
	return false;
}

static void
on_exec(struct ufile *f, const struct unit_event *e)
{
	const char	*v = e->value;
	size_t		 len = e->valuelen, pos = 0;
	char		 detail[400], *cmd;

	/* the prefixes are systemd's, not the shell's */
	while (len > 0 && strchr("-@:+!|", *v) != NULL) {
		v++;
		len--;
	}
	if (len == 0)
		return;
	f->nexec++;
	cmd = xmalloc(len < TEXT_MAX ? len + 1 : TEXT_MAX + 1);
	snprintf(cmd, len < TEXT_MAX ? len + 1 : TEXT_MAX + 1, "%.*s",
	    (int)len, v);
	/* triage keeps to 80 columns: the findings quote what matters */
	if (!f->sd->p->ax->brief)
		record(f->sd->p->ax, &(struct record){ "unit_exec",
		    (const struct field[]){ FCOL("unit", f->unit, 24),
		    FCOL("key", e->key, 13), FBARE("command", cmd),
		    FSTR("path", f->path), FINT("line", e->line), FEND } });
	snprintf(detail, sizeof(detail), "%s= of %s unit %s%s%s", e->key,
	    f->scope, f->unit, f->user[0] != '\0' ? " as " : "", f->user);
	persist_judge(f->sd->p, AREA_UNIT, f->path, e->line,
	    f->st->mtime.sec, v, len, detail);
	while (unit_exec_next(e->value, e->valuelen, &pos, f->ex) == 1) {
		if (f->ex->path == NULL || f->ex->path[0] != '/' ||
		    !cmd_is_shady_path(f->ex->path) || rules_temp(v, len))
			continue;
		finding(f->sd->p->ax, CHECK_UNIT_TEMP_EXEC, &(struct fctx){
		    .path = f->path, .line = e->line, .evidence = cmd,
		    .time = f->st->mtime.sec, .detail = detail });
		break;
	}
	free(cmd);
}

static void
on_env(struct ufile *f, const struct unit_event *e)
{
	struct unit_env	*env;
	size_t		 pos = 0;
	char		 ev[600];

	env = xmalloc(sizeof(*env));
	while (unit_env_next(e->value, e->valuelen, &pos, env) == 1) {
		if (!env->valid || strcmp(env->name, "LD_PRELOAD") != 0)
			continue;
		snprintf(ev, sizeof(ev), "LD_PRELOAD=%.*s",
		    (int)(env->valuelen < 500 ? env->valuelen : 500),
		    env->value);
		finding(f->sd->p->ax, cmd_is_shady_path(env->value) ?
		    CHECK_UNIT_LD_PRELOAD : CHECK_UNIT_ENV_PRELOAD,
		    &(struct fctx){ .path = f->path, .line = e->line,
		    .evidence = ev, .time = f->st->mtime.sec,
		    .detail = f->unit });
	}
	free(env);
}

static int
on_event(const struct unit_event *e, void *arg)
{
	struct ufile	*f = arg;
	size_t		 l;

	if (e->kind != UNIT_ASSIGN || (e->flags & UNIT_EV_RESET))
		return 0;
	if (exec_key(e->key))
		on_exec(f, e);
	else if (strcmp(e->key, "Environment") == 0)
		on_env(f, e);
	else if (strcmp(e->section, "Timer") == 0 && timer_key(e->key)) {
		l = strlen(f->timer);
		snprintf(f->timer + l, sizeof(f->timer) - l, "%s%s=%.*s",
		    l > 0 ? " " : "", e->key,
		    (int)(e->valuelen < 100 ? e->valuelen : 100), e->value);
	}
	else if (strcmp(e->section, "Timer") == 0 &&
	    strcmp(e->key, "Unit") == 0)
		snprintf(f->triggers, sizeof(f->triggers), "%s", e->value);
	else if (strcmp(e->key, "User") == 0)
		snprintf(f->user, sizeof(f->user), "%s", e->value);
	return 0;
}

/* Parse the unit (or drop-in) file PATH of unit UNIT. */
static void
read_unit(struct sd *sd, const struct unitdir *ud, const char *path,
    const char *unit, const struct fsr_stat *st, bool dropin)
{
	struct ufile		 f = { sd, path, unit, ud->scope, st, NULL, 0,
				    "", "", "" };
	struct unit_parser	 up;
	struct instream		*in;
	char			*buf, err[600];
	const char		*pkg;
	ssize_t			 got;
	bool			 local;

	if ((in = instream_open(sd->p->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL) {
		ax_err(sd->p->ax, "%s", err);
		return;
	}
	instream_squeeze_holes(in);
	f.ex = xmalloc(sizeof(*f.ex));
	unit_parser_init(&up);
	buf = xmalloc(READ_CHUNK);
	while ((got = instream_read(in, buf, READ_CHUNK)) > 0)
		unit_feed(&up, buf, (size_t)got, on_event, &f);
	if (got < 0)
		ax_err(sd->p->ax, "%s", instream_errmsg(in));
	unit_finish(&up, on_event, &f);
	unit_parser_release(&up);
	free(buf);
	free(f.ex);
	instream_close(in);

	local = !ud->vendor && !pkgpaths_has(sd->pkg, path);
	pkg = !pkgpaths_known(sd->pkg) ? NULL : pkgpaths_has(sd->pkg, path) ?
	    "yes" : "no";
	record(sd->p->ax, &(struct record){ dropin ? "unit_dropin" : "unit",
	    (const struct field[]){ FCOL("unit", unit, 24),
	    FSTR("scope", ud->scope),
	    FSTR("enabled", is_enabled(sd, unit) ? "yes" : "no"),
	    FSTR("package", pkg), FBARE("path", path),
	    FINT("commands", f.nexec), FTIME("mtime", st->mtime.sec), FEND } });
	if (ends_with(unit, ".timer"))
		record(sd->p->ax, &(struct record){ "timer",
		    (const struct field[]){ FCOL("unit", unit, 24),
		    FCOL("schedule", f.timer, 20), FSTR("triggers",
		    f.triggers[0] != '\0' ? f.triggers : NULL),
		    FSTR("path", path), FEND } });
	if (local && !dropin && strncmp(path, "/run/", 5) != 0)
		finding(sd->p->ax, CHECK_UNIT_LOCAL_UNIT, &(struct fctx){
		    .path = path, .evidence = unit, .time = st->mtime.sec,
		    .detail = is_enabled(sd, unit) ? "enabled" : NULL });
	persist_changed(sd->p, path, st, dropin ? "unit drop-in" : "unit");
}

/* Whether a symlink's TARGET is another unit dir's file. */
static bool
in_unitdir(const char *target)
{
	size_t	i, l;

	for (i = 0; i < sizeof(unitdirs) / sizeof(unitdirs[0]); i++) {
		l = strlen(unitdirs[i].path);
		if (strncmp(target, unitdirs[i].path, l) == 0 &&
		    target[l] == '/')
			return true;
	}
	return false;
}

static void
dropins(struct sd *sd, const struct unitdir *ud, const char *dir,
    const char *unit)
{
	struct names	ns = { 0 };
	struct fsr_node	n;
	struct fsr_stat	st;
	char		path[4096];
	size_t		i;

	if (list_dir(sd->p, dir, &ns, NULL) == 0)
		for (i = 0; i < ns.n; i++) {
			if (!ends_with(ns.v[i], ".conf"))
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", dir,
			    ns.v[i]) >= (int)sizeof(path))
				continue;
			if (fsr_stat_path(sd->p->ax->tree, path, 0, &n,
			    &st) == 0 && S_ISREG(st.mode) &&
			    fsr_nodeset_add(sd->p->seen, &n) == 1)
				read_unit(sd, ud, path, unit, &st, true);
		}
	names_free(&ns);
}

static void
one_entry(struct sd *sd, const struct unitdir *ud, const char *dir,
    const char *name)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	char		path[4096], target[4096], real[4096], unit[512];
	int		rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (fsr_stat_path(sd->p->ax->tree, path, FSR_NOFOLLOW, &n, &st) != 0)
		return;
	if (S_ISDIR(st.mode)) {
		if (ends_with(name, ".d")) {
			snprintf(unit, sizeof(unit), "%.*s",
			    (int)(strlen(name) - 2), name);
			dropins(sd, ud, path, unit);
		}
		return;
	}
	if (strchr(name, '.') == NULL)
		return;
	if (S_ISLNK(st.mode)) {
		rc = fsr_readlink(sd->p->ax->tree, &n, target, sizeof(target));
		if (rc < 0)
			return;
		if (strcmp(target, "/dev/null") == 0) {
			record(sd->p->ax, &(struct record){ "unit",
			    (const struct field[]){ FCOL("unit", name, 24),
			    FSTR("scope", ud->scope), FSTR("masked", "yes"),
			    FBARE("path", path), FEND } });
			return;
		}
		/* where it leads inside the server: a loop leads nowhere */
		if (fsr_lookup(sd->p->ax->tree, path, 0, &n, real,
		    sizeof(real)) != 0 || fsr_stat(sd->p->ax->tree, &n,
		    &st) != 0 || !S_ISREG(st.mode) || in_unitdir(real)) {
			record(sd->p->ax, &(struct record){ "unit",
			    (const struct field[]){ FCOL("unit", name, 24),
			    FSTR("scope", ud->scope), FSTR("alias_of", target),
			    FBARE("path", path), FEND } });
			return;
		}
		/* a unit linked in from elsewhere: read it where it lies */
	}
	if (!S_ISREG(st.mode) || fsr_nodeset_add(sd->p->seen, &n) != 1)
		return;
	read_unit(sd, ud, path, name, &st, false);
}

static void
scan_dir(struct sd *sd, const struct unitdir *ud, const char *dir)
{
	struct names	ns = { 0 };
	struct fsr_node	dn;
	size_t		i;

	if (list_dir(sd->p, dir, &ns, &dn) != 0)
		goto out;
	/* /lib is often /usr/lib: read a directory once */
	if (fsr_nodeset_add(sd->p->seen, &dn) != 1)
		goto out;
	for (i = 0; i < ns.n; i++)
		one_entry(sd, ud, dir, ns.v[i]);
out:
	names_free(&ns);
}

static void
generator(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	bool	local = *(const bool *)arg;
	char	detail[64];

	record(p->ax, &(struct record){ "generator", (const struct field[]){
	    FBARE("path", path), FTIME("mtime", st->mtime.sec), FEND } });
	if (!local)
		return;
	finding(p->ax, CHECK_UNIT_GENERATOR, &(struct fctx){ .path = path,
	    .evidence = path, .time = st->mtime.sec });
	snprintf(detail, sizeof(detail), "systemd generator, at every boot");
	persist_script(p, AREA_UNIT, path, detail, NULL);
}

void
persist_systemd(struct persist *p)
{
	struct sd	 sd = { p, NULL, { NULL, 0, 0, LINKS_MAX } };
	char		 dir[4096];
	size_t		 i, j;
	bool		 local;

	sd.pkg = pkgpaths_load(p, pkg_prefixes);
	gather_enabled(&sd, "/etc/systemd/system");
	gather_enabled(&sd, "/etc/systemd/user");
	for (i = 0; i < p->naccounts; i++) {
		if (snprintf(dir, sizeof(dir), "%s/.config/systemd/user",
		    p->accounts[i].home) < (int)sizeof(dir))
			gather_enabled(&sd, dir);
	}
	if (sd.enabled.n > 1)
		qsort(sd.enabled.v, sd.enabled.n, sizeof(*sd.enabled.v),
		    by_str);

	for (i = 0; i < sizeof(unitdirs) / sizeof(unitdirs[0]); i++)
		scan_dir(&sd, &unitdirs[i], unitdirs[i].path);
	for (i = 0; i < p->naccounts; i++) {
		static const struct unitdir home = { NULL, "user", false };

		for (j = 0; j < i; j++)
			if (strcmp(p->accounts[j].home,
			    p->accounts[i].home) == 0)
				break;
		if (j < i || p->accounts[i].home[0] != '/')
			continue;
		if (snprintf(dir, sizeof(dir), "%s/.config/systemd/user",
		    strcmp(p->accounts[i].home, "/") ? p->accounts[i].home :
		    "") >= (int)sizeof(dir))
			continue;
		scan_dir(&sd, &home, dir);
	}
	for (i = 0; i < sizeof(generator_dirs) / sizeof(generator_dirs[0]);
	    i++) {
		local = strncmp(generator_dirs[i], "/etc/", 5) == 0 ||
		    strncmp(generator_dirs[i], "/usr/local/", 11) == 0;
		persist_each_file(p, generator_dirs[i], generator, &local);
	}
	names_free(&sd.enabled);
	pkgpaths_free(sd.pkg);
}
