/*
 * accounts.c - who may log in and who may become root: passwd, shadow,
 * group and gshadow read together, sudoers with its includes, and the
 * PAM stacks
 *
 * Every account is a record; uid-0 twins, empty passwords, system
 * accounts that can log in, passwords changed and homes made in the
 * attack window, privileged groups, password-less sudo and PAM modules
 * that let anyone in or run a program are findings.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "persist/persist.h"
#include "input/input.h"
#include "parse/parse.h"
#include "parse/shadow.h"
#include "parse/sudoers.h"
#include "util/util.h"

#define FILE_MAX	(16 * 1024 * 1024)
#define ACCT_MAX	(256 * 1024)
#define GROUPS_MAX	(64 * 1024)
#define MEMBERS_MAX	(1024 * 1024)	/* group memberships in all */
#define SUDO_DEPTH	8
#define SUDO_DIR_MAX	1024
#define PAM_MODS_MAX	4096
#define TEXT_MAX	400
#define PATHLEN		4096
#define DAY		86400

/* Groups that give root, or root's files, to their members. */
static const char *const privileged[] = { "sudo", "wheel", "admin", "root",
    "docker", "lxd", "disk" };

/* Users distributions' cloud images create with NOPASSWD: ALL. */
static const char *const cloud_users[] = { "ubuntu", "admin", "debian",
    "ec2-user", "cloud-user", "centos", "fedora", "rocky", "almalinux" };

/* Where PAM looks for a module named without a path. */
static const char *const pam_dirs[] = { "/lib/x86_64-linux-gnu/security",
    "/usr/lib/x86_64-linux-gnu/security", "/lib/security",
    "/usr/lib64/security", "/lib64/security", "/usr/lib/security" };

struct acct {
	char			*name;
	char			*passwd;	/* field 2 of passwd */
	char			*home;
	char			*shell;
	uint32_t		 uid, gid;
	unsigned		 line;
	bool			 has_shadow;
	struct shadow_hash	 hash;		/* shadow's, else passwd's */
	int64_t			 lastchg;	/* day, -1 */
	unsigned		 sline;
};

struct grp {
	char			*name;
	uint32_t		 gid;
	unsigned		 line;
	char			**mem;
	size_t			 nmem;
};

/* One member of one group, for the lookup by name. */
struct membership {
	const char		*name;
	size_t			 group;
};

struct accts {
	struct persist		*p;
	uint32_t		 uid_min;
	struct acct		*a;
	size_t			 na;
	struct acct		**a_by_name;
	struct grp		*g;
	size_t			 ng;
	struct grp		**g_by_name;
	struct grp		**g_by_gid;
	struct membership	*m;
	size_t			 nm;
};

static bool
in_set(const char *s, const char *const *set, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

#define IN_SET(s, set)	in_set((s), (set), sizeof(set) / sizeof((set)[0]))

static void
clip(char *buf, size_t size, const char *text)
{
	if (strlen(text) > TEXT_MAX)
		snprintf(buf, size, "%.*s...", TEXT_MAX, text);
	else
		snprintf(buf, size, "%s", text);
}

static bool
time_in_window(const struct persist *p, int64_t t)
{
	if (p->ax->since == TIME_NONE && p->ax->until == TIME_NONE)
		return false;
	return t != TIME_NONE && (p->ax->since == TIME_NONE ||
	    t >= p->ax->since) && (p->ax->until == TIME_NONE ||
	    t <= p->ax->until);
}

/* Whether day DAYNO (days since 1970) overlaps the window. */
static bool
day_in_window(const struct persist *p, int64_t dayno)
{
	int64_t	start, end;

	if (dayno <= 0 || dayno > INT64_MAX / DAY - 1 ||
	    (p->ax->since == TIME_NONE && p->ax->until == TIME_NONE))
		return false;
	start = dayno * DAY;
	end = start + DAY - 1;
	return (p->ax->since == TIME_NONE || end >= p->ax->since) &&
	    (p->ax->until == TIME_NONE || start <= p->ax->until);
}

/* A whole small file of the server, or NULL (quiet when missing). */
static char *
slurp(struct persist *p, const char *path, size_t *len,
    struct fsr_stat *st)
{
	struct fsr_node	 n;
	char		*buf;
	int		 rc;

	if ((rc = fsr_stat_path(p->ax->tree, path, 0, &n, st)) != 0 ||
	    !S_ISREG(st->mode)) {
		if (rc != 0 && rc != -ENOENT && rc != -ENOTDIR)
			ax_err(p->ax, "%s: %s", path, strerror(-rc));
		return NULL;
	}
	if ((rc = fsr_slurp(p->ax->tree, path, FILE_MAX, &buf, len)) != 0) {
		ax_err(p->ax, "%s: %s", path, strerror(-rc));
		return NULL;
	}
	return buf;
}

/* UID_MIN of /etc/login.defs: where system accounts end. */
static uint32_t
uid_min(struct persist *p)
{
	struct instream	*in;
	const char	*line;
	size_t		 len;
	bool		 cut;
	uint32_t	 v = 1000;
	char		 buf[64];
	int		 errnum = 0;
	unsigned long	 n;
	char		 err[600], *end;

	if ((in = instream_open(p->ax->tree, "/etc/login.defs", &errnum, err,
	    sizeof(err))) == NULL)
		return v;
	while (instream_getline(in, &line, &len, &cut) == 1) {
		if (len < 8 || len >= sizeof(buf) || strncmp(line, "UID_MIN",
		    7) != 0 || (line[7] != ' ' && line[7] != '\t'))
			continue;
		memcpy(buf, line + 7, len - 7);
		buf[len - 7] = '\0';
		n = strtoul(buf, &end, 10);
		if (end != buf && n > 0 && n < 1000000)
			v = (uint32_t)n;
	}
	instream_close(in);
	return v;
}

static int
by_acct_name(const void *a, const void *b)
{
	return strcmp((*(struct acct *const *)a)->name,
	    (*(struct acct *const *)b)->name);
}

static int
by_grp_name(const void *a, const void *b)
{
	return strcmp((*(struct grp *const *)a)->name,
	    (*(struct grp *const *)b)->name);
}

static int
by_grp_gid(const void *a, const void *b)
{
	uint32_t	x = (*(struct grp *const *)a)->gid;
	uint32_t	y = (*(struct grp *const *)b)->gid;

	return x < y ? -1 : x > y;
}

static int
by_member(const void *a, const void *b)
{
	const struct membership	*x = a, *y = b;
	int			 c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->group < y->group ? -1 : x->group > y->group;
}

static struct acct *
find_acct(struct accts *c, const char *name)
{
	struct acct	key = { .name = (char *)name }, *kp = &key, **r;

	if (c->na == 0)
		return NULL;
	r = bsearch(&kp, c->a_by_name, c->na, sizeof(kp), by_acct_name);
	return r != NULL ? *r : NULL;
}

static struct grp *
find_grp(struct accts *c, const char *name)
{
	struct grp	key = { .name = (char *)name }, *kp = &key, **r;

	if (c->ng == 0)
		return NULL;
	r = bsearch(&kp, c->g_by_name, c->ng, sizeof(kp), by_grp_name);
	return r != NULL ? *r : NULL;
}

static struct grp *
find_gid(struct accts *c, uint32_t gid)
{
	struct grp	key = { .gid = gid }, *kp = &key, **r;

	if (c->ng == 0)
		return NULL;
	r = bsearch(&kp, c->g_by_gid, c->ng, sizeof(kp), by_grp_gid);
	return r != NULL ? *r : NULL;
}

static int
on_passwd(const struct passwd_entry *e, void *arg)
{
	struct accts	*c = arg;
	struct acct	*a;

	if (c->na == ACCT_MAX)
		return 1;
	if ((c->na & (c->na - 1)) == 0)
		c->a = xrealloc(c->a, (c->na ? c->na * 2 : 1) * sizeof(*c->a));
	a = &c->a[c->na++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(e->name);
	a->passwd = xstrdup(e->passwd);
	a->home = xstrdup(e->home);
	a->shell = xstrdup(e->shell);
	a->uid = e->uid;
	a->gid = e->gid;
	a->line = e->line;
	a->lastchg = -1;
	shadow_hash_classify(e->passwd, &a->hash);
	return 0;
}

static int
on_shadow(const struct shadow_entry *e, void *arg)
{
	struct accts	*c = arg;
	struct acct	*a;

	if ((a = find_acct(c, e->name)) == NULL || a->has_shadow)
		return 0;
	a->has_shadow = true;
	a->sline = e->line;
	a->lastchg = e->lastchg;
	/* glibc reads shadow only when passwd says "x" */
	if (strcmp(a->passwd, "x") == 0)
		a->hash = e->hash;
	return 0;
}

static int
on_group(const struct group_entry *e, void *arg)
{
	struct accts	*c = arg;
	struct grp	*g;
	size_t		 i;

	if (c->ng == GROUPS_MAX)
		return 1;
	if ((c->ng & (c->ng - 1)) == 0)
		c->g = xrealloc(c->g, (c->ng ? c->ng * 2 : 1) * sizeof(*c->g));
	g = &c->g[c->ng++];
	g->name = xstrdup(e->name);
	g->gid = e->gid;
	g->line = e->line;
	g->nmem = 0;
	g->mem = NULL;
	for (i = 0; i < e->nmember && c->nm < MEMBERS_MAX; i++, c->nm++) {
		if ((g->nmem & (g->nmem - 1)) == 0)
			g->mem = xrealloc(g->mem, (g->nmem ? g->nmem * 2 : 1) *
			    sizeof(*g->mem));
		g->mem[g->nmem++] = xstrdup(e->member[i]);
	}
	return 0;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether two member lists hold the same names, in any order. */
static bool
same_members(const char *const *x, size_t nx, char **y, size_t ny)
{
	const char	**a, **b;
	size_t		  i;
	bool		  same = true;

	if (nx != ny)
		return false;
	a = xcalloc(nx + 1, sizeof(*a));
	b = xcalloc(ny + 1, sizeof(*b));
	for (i = 0; i < nx; i++)
		a[i] = x[i];
	for (i = 0; i < ny; i++)
		b[i] = y[i];
	qsort(a, nx, sizeof(*a), by_str);
	qsort(b, ny, sizeof(*b), by_str);
	for (i = 0; i < nx && same; i++)
		same = strcmp(a[i], b[i]) == 0;
	free(a);
	free(b);
	return same;
}

static int
on_gshadow(const struct gshadow_entry *e, void *arg)
{
	struct accts	*c = arg;
	struct grp	*g;
	char		 ev[2 * TEXT_MAX + 64];

	if ((g = find_grp(c, e->name)) == NULL ||
	    same_members(e->member, e->nmember, g->mem, g->nmem))
		return 0;
	snprintf(ev, sizeof(ev), "%s: %zu members in gshadow, %zu in "
	    "/etc/group (line %u)", e->name, e->nmember, g->nmem, g->line);
	finding(c->p->ax, CHECK_ACCOUNTS_GSHADOW_MISMATCH, &(struct fctx){
	    .path = "/etc/gshadow", .line = e->line, .evidence = ev,
	    .time = TIME_NONE });
	return 0;
}

/* The groups of A, primary first, comma-separated, into BUF. */
static void
groups_of(struct accts *c, const struct acct *a, char *buf, size_t size)
{
	struct membership	 key = { a->name, 0 };
	struct grp		*g;
	size_t			 lo = 0, hi = c->nm, mid, o;

	buf[0] = '\0';
	if ((g = find_gid(c, a->gid)) != NULL)
		snprintf(buf, size, "%s", g->name);
	else
		snprintf(buf, size, "%u", a->gid);
	/* the first membership of the name */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->m[mid].name, key.name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nm && strcmp(c->m[lo].name, a->name) == 0; lo++) {
		g = &c->g[c->m[lo].group];
		if (g->gid == a->gid)
			continue;
		o = strlen(buf);
		if (o + strlen(g->name) + 2 >= size)
			break;
		snprintf(buf + o, size - o, ",%s", g->name);
	}
}

static const char *
password_state(const struct acct *a)
{
	if (strcmp(a->passwd, "x") == 0 && !a->has_shadow)
		return "no-shadow-entry";
	return shadow_state_name(a->hash.state);
}

static void
judge_account(struct accts *c, const struct acct *a)
{
	struct persist	*p = c->p;
	struct fsr_node	 n;
	struct fsr_stat	 st;
	char		 ev[PATHLEN + 256], t[TIME_ISO_LEN];
	bool		 login = shell_is_login(a->shell);
	bool		 usable = a->hash.state == SHADOW_HASH &&
			    a->hash.scheme != SHADOW_SCHEME_UNKNOWN;
	bool		 pw_in_passwd = strcmp(a->passwd, "x") != 0;

	if (a->uid == 0 && strcmp(a->name, "root") != 0) {
		snprintf(ev, sizeof(ev), "%s:x:%u:%u:...:%s:%s", a->name,
		    a->uid, a->gid, a->home, a->shell);
		finding(p->ax, CHECK_ACCOUNTS_UID0_ALIAS, &(struct fctx){
		    .path = "/etc/passwd", .line = a->line, .evidence = ev,
		    .time = TIME_NONE, .detail = "root by another name" });
	}
	if (a->hash.state == SHADOW_EMPTY && (pw_in_passwd ||
	    a->has_shadow)) {
		snprintf(ev, sizeof(ev), "%s has an empty password field in "
		    "%s; shell %s", a->name, pw_in_passwd ? "/etc/passwd" :
		    "/etc/shadow", a->shell);
		finding(p->ax, login ? CHECK_ACCOUNTS_EMPTY_PASSWORD :
		    CHECK_ACCOUNTS_EMPTY_PASSWORD_NOLOGIN, &(struct fctx){
		    .path = pw_in_passwd ? "/etc/passwd" : "/etc/shadow",
		    .line = pw_in_passwd ? a->line : a->sline, .evidence = ev,
		    .time = TIME_NONE });
	}
	if (a->uid != 0 && a->uid < c->uid_min && login && usable) {
		snprintf(ev, sizeof(ev), "%s (uid %u) has shell %s and a %s "
		    "password", a->name, a->uid, a->shell,
		    shadow_scheme_name(a->hash.scheme));
		finding(p->ax, CHECK_ACCOUNTS_SYSTEM_LOGIN, &(struct fctx){
		    .path = "/etc/passwd", .line = a->line, .evidence = ev,
		    .time = TIME_NONE });
	}
	if (a->has_shadow && day_in_window(p, a->lastchg)) {
		time_iso(a->lastchg * DAY, t, sizeof(t));
		snprintf(ev, sizeof(ev), "%s: password last changed on day "
		    "%lld (%.10s)", a->name, (long long)a->lastchg, t);
		finding(p->ax, CHECK_ACCOUNTS_PASSWORD_CHANGED, &(struct fctx){
		    .path = "/etc/shadow", .line = a->sline, .evidence = ev,
		    .time = a->lastchg * DAY });
	}
	if (a->uid >= c->uid_min && a->uid != 65534 && a->home[0] == '/' &&
	    strcmp(a->home, "/") != 0 &&
	    fsr_stat_path(p->ax->tree, a->home, 0, &n, &st) == 0 &&
	    S_ISDIR(st.mode) && st.has_crtime &&
	    time_in_window(p, st.crtime.sec)) {
		time_iso(st.crtime.sec, t, sizeof(t));
		snprintf(ev, sizeof(ev), "%s (uid %u): home %s created %s",
		    a->name, a->uid, a->home, t);
		finding(p->ax, CHECK_ACCOUNTS_ADDED, &(struct fctx){
		    .path = "/etc/passwd", .line = a->line, .evidence = ev,
		    .time = st.crtime.sec });
	}
}

static void
report_accounts(struct accts *c)
{
	char	groups[1024], day[TIME_ISO_LEN];
	size_t	i;

	for (i = 0; i < c->na; i++) {
		const struct acct *a = &c->a[i];

		judge_account(c, a);
		/* triage: the accounts that can log in, not all 10^5 */
		if (c->p->ax->brief && !shell_is_login(a->shell) &&
		    a->hash.state != SHADOW_HASH && a->uid != 0)
			continue;
		groups_of(c, a, groups, sizeof(groups));
		if (a->lastchg > 0 && a->lastchg < INT64_MAX / DAY)
			time_iso(a->lastchg * DAY, day, sizeof(day));
		else
			snprintf(day, sizeof(day), "%s", a->lastchg == 0 ?
			    "must change" : "");
		day[10] = '\0';
		record(c->p->ax, &(struct record){ "account",
		    (const struct field[]){ FCOL("user", a->name, 12),
		    FINT("uid", a->uid), FINT("gid", a->gid),
		    FSTR("home", a->home), FSTR("shell", a->shell),
		    FSTR("password", password_state(a)),
		    FSTR("scheme", shadow_scheme_name(a->hash.scheme)),
		    FSTR("last_change", day[0] ? day : NULL),
		    FSTR("groups", groups), FINT("line", a->line), FEND } });
	}
}

/* uid-0 twins and system accounts sharing a uid. */
static void
duplicate_uids(struct accts *c)
{
	struct acct	**v;
	size_t		  i, n = 0;
	char		  ev[512];

	v = xcalloc(c->na + 1, sizeof(*v));
	for (i = 0; i < c->na; i++)
		if (c->a[i].uid != 0 && c->a[i].uid < c->uid_min)
			v[n++] = &c->a[i];
	for (i = 1; i < n; i++) {	/* insertion sort by uid: few */
		struct acct	*x = v[i];
		size_t		 j = i;

		while (j > 0 && v[j - 1]->uid > x->uid) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	for (i = 1; i < n; i++) {
		if (v[i]->uid != v[i - 1]->uid)
			continue;
		snprintf(ev, sizeof(ev), "uid %u: %.200s (line %u) and "
		    "%.200s (line %u)", v[i]->uid, v[i - 1]->name,
		    v[i - 1]->line, v[i]->name, v[i]->line);
		finding(c->p->ax, CHECK_ACCOUNTS_DUPLICATE_UID, &(struct fctx){
		    .path = "/etc/passwd", .line = v[i]->line, .evidence = ev,
		    .time = TIME_NONE });
	}
	free(v);
}

static void
privileged_member(struct accts *c, const struct grp *g, const char *name,
    const char *how)
{
	struct acct	*a = find_acct(c, name);
	char		 ev[512];
	const char	*why = NULL;

	record(c->p->ax, &(struct record){ "privileged_member",
	    (const struct field[]){ FCOL("group", g->name, 8),
	    FBARE("user", name), FSTR("how", how),
	    FINT("uid", a != NULL ? (int64_t)a->uid : -1),
	    FINT("line", g->line), FEND } });
	if (a == NULL || strcmp(name, "root") == 0)
		return;
	if (a->uid == 0)
		why = "a uid-0 alias";
	else if (a->uid < c->uid_min)
		why = "a system account";
	if (why == NULL)
		return;
	snprintf(ev, sizeof(ev), "%.100s (uid %u, %s) is in group %.100s "
	    "(%s)", name, a->uid, why, g->name, how);
	finding(c->p->ax, CHECK_ACCOUNTS_PRIVILEGED_GROUP, &(struct fctx){
	    .path = strcmp(how, "member") == 0 ? "/etc/group" : "/etc/passwd",
	    .line = strcmp(how, "member") == 0 ? g->line : a->line,
	    .evidence = ev, .time = TIME_NONE });
}

static void
privileged_groups(struct accts *c)
{
	struct grp	*g;
	size_t		 i, j;

	for (i = 0; i < sizeof(privileged) / sizeof(privileged[0]); i++) {
		if ((g = find_grp(c, privileged[i])) == NULL)
			continue;
		for (j = 0; j < g->nmem; j++)
			privileged_member(c, g, g->mem[j], "member");
		for (j = 0; j < c->na; j++)
			if (c->a[j].gid == g->gid)
				privileged_member(c, g, c->a[j].name,
				    "primary group");
	}
}

static void
index_groups(struct accts *c)
{
	size_t	i, j, k = 0;

	c->g_by_name = xcalloc(c->ng + 1, sizeof(*c->g_by_name));
	c->g_by_gid = xcalloc(c->ng + 1, sizeof(*c->g_by_gid));
	c->m = xcalloc(c->nm + 1, sizeof(*c->m));
	for (i = 0; i < c->ng; i++) {
		c->g_by_name[i] = c->g_by_gid[i] = &c->g[i];
		for (j = 0; j < c->g[i].nmem && k < c->nm; j++)
			c->m[k++] = (struct membership){ c->g[i].mem[j], i };
	}
	c->nm = k;
	if (c->ng > 1) {
		qsort(c->g_by_name, c->ng, sizeof(*c->g_by_name), by_grp_name);
		qsort(c->g_by_gid, c->ng, sizeof(*c->g_by_gid), by_grp_gid);
	}
	if (c->nm > 1)
		qsort(c->m, c->nm, sizeof(*c->m), by_member);
}

static void
read_account_files(struct accts *c)
{
	static const char *const files[] = { "/etc/passwd", "/etc/shadow",
	    "/etc/group", "/etc/gshadow" };
	struct fsr_stat	 st;
	char		*buf;
	size_t		 len, i, j;

	for (i = 0; i < 4; i++) {
		if ((buf = slurp(c->p, files[i], &len, &st)) != NULL) {
			persist_changed(c->p, files[i], &st,
			    "account database");
			if (i == 0)
				passwd_parse(buf, len, on_passwd, c);
			else if (i == 1)
				shadow_parse(buf, len, on_shadow, c);
			else if (i == 2)
				group_parse(buf, len, on_group, c);
			else
				gshadow_parse(buf, len, on_gshadow, c);
			free(buf);
		}
		if (i == 0) {
			c->a_by_name = xcalloc(c->na + 1,
			    sizeof(*c->a_by_name));
			for (j = 0; j < c->na; j++)
				c->a_by_name[j] = &c->a[j];
			if (c->na > 1)
				qsort(c->a_by_name, c->na,
				    sizeof(*c->a_by_name), by_acct_name);
		} else if (i == 2)
			index_groups(c);
	}
}

/*
 * sudoers(5) and what it includes, each file parsed at the place of
 * its directive, as sudo reads them.
 */
struct sudoscan {
	struct persist		*p;
	struct fsr_nodeset	*read;		/* files read: loops */
	const char		*path;		/* the file being parsed */
	int			 depth;
};

static void	read_sudoers(struct sudoscan *, const char *path);

static void
join(char *buf, size_t size, const char *const *v, size_t n)
{
	size_t	i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o + 1 < size; i++) {
		snprintf(buf + o, size - o, "%s%s", i ? "," : "", v[i]);
		o = strlen(buf);
	}
}

/* A relative include is relative to the including file's directory. */
static void
include_path(const char *from, const char *path, char *out, size_t size)
{
	const char	*slash = strrchr(from, '/');

	if (path[0] == '/' || slash == NULL)
		snprintf(out, size, "%s", path);
	else
		snprintf(out, size, "%.*s/%s", (int)(slash - from), from, path);
}

struct sudodir {
	char	**v;
	size_t	  n;
};

static int
add_sudo_name(const struct fsr_dirent *d, void *arg)
{
	struct sudodir	*sd = arg;
	size_t		 n = strlen(d->name);

	/* sudo skips editor backups and names with a dot (dpkg's too) */
	if (sd->n == SUDO_DIR_MAX || n == 0 || d->name[n - 1] == '~' ||
	    strchr(d->name, '.') != NULL)
		return 0;
	sd->v = xrealloc(sd->v, (sd->n + 1) * sizeof(*sd->v));
	sd->v[sd->n++] = xstrdup(d->name);
	return 0;
}

static void
include_dir(struct sudoscan *s, const char *dir)
{
	struct sudodir	 sd = { NULL, 0 };
	struct fsr_node	 n;
	char		 path[PATHLEN];
	size_t		 i;

	if (fsr_lookup(s->p->ax->tree, dir, 0, &n, NULL, 0) != 0)
		return;
	fsr_readdir(s->p->ax->tree, &n, add_sudo_name, &sd);
	if (sd.n > 1)
		qsort(sd.v, sd.n, sizeof(*sd.v), by_str);
	for (i = 0; i < sd.n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    sd.v[i]) < sizeof(path))
			read_sudoers(s, path);
		free(sd.v[i]);
	}
	free(sd.v);
}

/* Whether a Runas user list lets the command run as root. */
static bool
as_root(const char *runas)
{
	return runas == NULL || strstr(runas, "ALL") != NULL ||
	    strstr(runas, "root") != NULL || strstr(runas, "#0") != NULL;
}

static void
sudo_userspec(struct sudoscan *s, const struct sudoers_entry *e,
    const char *text)
{
	char	users[TEXT_MAX + 8], ev[TEXT_MAX + 8];
	size_t	i, j;
	bool	nopasswd_all = false;
	const char *u;

	join(users, sizeof(users), e->user, e->nuser);
	record(s->p->ax, &(struct record){ "sudo_rule",
	    (const struct field[]){ FCOL("users", users, 12),
	    FBARE("rule", text), FBOOL("nopasswd", e->nopasswd),
	    FBOOL("all_commands", e->all_commands), FSTR("path", s->path),
	    FINT("line", e->line), FEND } });
	for (i = 0; i < e->ncmnd; i++)
		if (e->cmnd[i].all && !e->cmnd[i].negated &&
		    (e->cmnd[i].tags & SUDOERS_TAG_NOPASSWD) &&
		    as_root(e->cmnd[i].runas_users))
			nopasswd_all = true;
	if (!nopasswd_all)
		return;
	clip(ev, sizeof(ev), text);
	for (j = 0; j < e->nuser; j++) {
		u = e->user[j];
		if (strcmp(u, "root") == 0 || u[0] == '!')
			continue;
		finding(s->p->ax, IN_SET(u, cloud_users) ?
		    CHECK_SUDO_NOPASSWD_ALL_CLOUD : CHECK_SUDO_NOPASSWD_ALL,
		    &(struct fctx){ .path = s->path, .line = e->line,
		    .evidence = ev, .time = TIME_NONE, .detail = u });
	}
}

static int
on_sudo(const struct sudoers_entry *e, void *arg)
{
	struct sudoscan	*s = arg;
	char		 text[TEXT_MAX + 8], path[PATHLEN];

	clip(text, sizeof(text), e->text != NULL ? e->text : "");
	switch (e->kind) {
	case SUDOERS_INCLUDE:
	case SUDOERS_INCLUDEDIR:
		include_path(s->path, e->path, path, sizeof(path));
		if (e->kind == SUDOERS_INCLUDE)
			read_sudoers(s, path);
		else
			include_dir(s, path);
		break;
	case SUDOERS_DEFAULTS:
		if (e->def_flags & SUDOERS_DEF_NOAUTH)
			finding(s->p->ax, CHECK_SUDO_NO_AUTHENTICATE,
			    &(struct fctx){ .path = s->path, .line = e->line,
			    .evidence = text, .time = TIME_NONE });
		if (e->def_flags & SUDOERS_DEF_ENV_LD)
			finding(s->p->ax, CHECK_SUDO_ENV_LD, &(struct fctx){
			    .path = s->path, .line = e->line,
			    .evidence = text, .time = TIME_NONE });
		break;
	case SUDOERS_USERSPEC:
		sudo_userspec(s, e, text);
		break;
	default:
		break;
	}
	return 0;
}

static void
read_sudoers(struct sudoscan *s, const char *path)
{
	struct fsr_node	 n;
	struct fsr_stat	 st;
	const char	*outer = s->path;
	char		*buf, ev[PATHLEN + 64], m[12];
	size_t		 len;
	int		 rc;

	if ((rc = fsr_stat_path(s->p->ax->tree, path, 0, &n, &st)) != 0 ||
	    !S_ISREG(st.mode)) {
		if (rc != 0 && rc != -ENOENT && rc != -ENOTDIR)
			ax_err(s->p->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	if (s->depth == SUDO_DEPTH) {
		report_note(s->p->ax->report, "%s: sudoers includes nested "
		    "over %d deep, not read", path, SUDO_DEPTH);
		return;
	}
	if (fsr_nodeset_add(s->read, &n) != 1) {
		report_note(s->p->ax->report, "%s: included again (a sudoers "
		    "include loop?), not read twice", path);
		return;
	}
	if (st.uid != 0 || (st.mode & 022) != 0) {
		mode_str(st.mode, m);
		snprintf(ev, sizeof(ev), "%s %u:%u %s", m, st.uid, st.gid,
		    path);
		finding(s->p->ax, CHECK_SUDO_WRITABLE, &(struct fctx){
		    .path = path, .evidence = ev, .time = st.ctime.sec });
	}
	persist_changed(s->p, path, &st, "sudoers");
	if ((rc = fsr_slurp(s->p->ax->tree, path, FILE_MAX, &buf, &len)) !=
	    0) {
		ax_err(s->p->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	s->path = path;
	s->depth++;
	sudoers_parse(buf, len, on_sudo, s);
	s->depth--;
	s->path = outer;
	free(buf);
}

/*
 * PAM: the modules the package manager installed, and each line of
 * every stack in /etc/pam.d.
 */
struct pamscan {
	struct persist	*p;
	char		**mods;		/* basenames dpkg lists */
	size_t		  nmods;
	bool		  have_db;	/* some package lists a module */
};

static void
dpkg_list(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	struct pamscan	*ps = arg;
	struct instream	*in;
	const char	*line, *b;
	size_t		 len, n = strlen(path);
	bool		 cut;
	char		 err[600];

	(void)st;
	if (n < 5 || strcmp(path + n - 5, ".list") != 0 ||
	    (in = instream_open(p->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL)
		return;
	while (instream_getline(in, &line, &len, &cut) == 1) {
		if (cut || len > 1024 || memmem(line, len, "/security/pam_",
		    14) == NULL || ps->nmods == PAM_MODS_MAX)
			continue;
		b = memrchr(line, '/', len) + 1;
		ps->have_db = true;
		ps->mods = xrealloc(ps->mods, (ps->nmods + 1) *
		    sizeof(*ps->mods));
		ps->mods[ps->nmods] = xmalloc(len - (size_t)(b - line) + 1);
		memcpy(ps->mods[ps->nmods], b, len - (size_t)(b - line));
		ps->mods[ps->nmods][len - (size_t)(b - line)] = '\0';
		ps->nmods++;
	}
	instream_close(in);
}

static bool
packaged(const struct pamscan *ps, const char *base)
{
	size_t	i;

	for (i = 0; i < ps->nmods; i++)
		if (strcmp(ps->mods[i], base) == 0)
			return true;
	return false;
}

/* Why MODULE is not one the system shipped, or NULL. */
static const char *
unknown_module(struct pamscan *ps, const char *module)
{
	const char	*base = strrchr(module, '/');
	char		 path[PATHLEN];
	struct fsr_node	 n;
	struct fsr_stat	 st;
	size_t		 i, dl;
	bool		 found = false;

	if (base != NULL) {
		for (i = 0; i < sizeof(pam_dirs) / sizeof(pam_dirs[0]); i++) {
			dl = strlen(pam_dirs[i]);
			if (strncmp(module, pam_dirs[i], dl) == 0 &&
			    module + dl == base)
				break;
		}
		if (i == sizeof(pam_dirs) / sizeof(pam_dirs[0]))
			return "outside the system's module directories";
		base++;
		found = fsr_stat_path(ps->p->ax->tree, module, 0, &n, &st) ==
		    0;
	} else {
		base = module;
		for (i = 0; i < sizeof(pam_dirs) / sizeof(pam_dirs[0]) &&
		    !found; i++) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			    pam_dirs[i], base) >= sizeof(path))
				break;
			found = fsr_stat_path(ps->p->ax->tree, path, 0, &n,
			    &st) == 0;
		}
	}
	if (found && ps->have_db && !packaged(ps, base))
		return "a module file no package installed";
	return NULL;
}

/* The next blank-separated word of LINE, or of a [...] control. */
static const char *
pam_word(const char **line, size_t *len)
{
	const char	*s = *line;

	while (*s == ' ' || *s == '\t')
		s++;
	*line = s;
	if (*s == '[') {
		while (*s != '\0' && *s != ']')
			s++;
		if (*s == ']')
			s++;
	} else {
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
	}
	*len = (size_t)(s - *line);
	return *line;
}

static void
pam_line(struct pamscan *ps, const char *path, long lineno, int64_t mtime,
    const char *line)
{
	const char	*type, *control, *module, *rest = line, *b;
	size_t		 tl, cl, ml;
	char		 mod[PATHLEN], ev[TEXT_MAX + 8], why[128];
	const char	*unknown;

	type = pam_word(&rest, &tl);
	rest += tl;
	if (tl == 0 || type[0] == '#' || type[0] == '@')
		return;
	control = pam_word(&rest, &cl);
	rest += cl;
	module = pam_word(&rest, &ml);
	rest += ml;
	if (cl == 0 || ml == 0 || ml >= sizeof(mod))
		return;
	if (type[0] == '-') {		/* "-session": skip if missing */
		type++;
		tl--;
	}
	memcpy(mod, module, ml);
	mod[ml] = '\0';
	b = strrchr(mod, '/') != NULL ? strrchr(mod, '/') + 1 : mod;
	clip(ev, sizeof(ev), line);
	if (strcmp(b, "pam_exec.so") == 0) {
		while (*rest == ' ' || *rest == '\t')
			rest++;
		/* the options before the command */
		while (strncmp(rest, "debug", 5) == 0 ||
		    strncmp(rest, "expose_authtok", 14) == 0 ||
		    strncmp(rest, "seteuid", 7) == 0 ||
		    strncmp(rest, "quiet", 5) == 0 ||
		    strncmp(rest, "stdout", 6) == 0 ||
		    strncmp(rest, "log=", 4) == 0 ||
		    strncmp(rest, "type=", 5) == 0) {
			while (*rest != '\0' && *rest != ' ' && *rest != '\t')
				rest++;
			while (*rest == ' ' || *rest == '\t')
				rest++;
		}
		record(ps->p->ax, &(struct record){ "pam_exec",
		    (const struct field[]){ FBARE("command", rest),
		    FSTR("path", path), FINT("line", lineno), FEND } });
		finding(ps->p->ax, CHECK_PAM_EXEC, &(struct fctx){
		    .path = path, .line = lineno, .evidence = ev,
		    .time = mtime });
		persist_judge(ps->p, AREA_RC, path, lineno, mtime, rest,
		    strlen(rest), "pam_exec in a PAM stack");
	}
	if ((unknown = unknown_module(ps, mod)) != NULL) {
		snprintf(why, sizeof(why), "%s", unknown);
		record(ps->p->ax, &(struct record){ "pam_module",
		    (const struct field[]){ FBARE("module", mod),
		    FSTR("why", why), FSTR("path", path),
		    FINT("line", lineno), FEND } });
		finding(ps->p->ax, CHECK_PAM_UNKNOWN_MODULE, &(struct fctx){
		    .path = path, .line = lineno, .evidence = ev,
		    .time = mtime, .detail = why });
	}
	/* Debian's "auth required pam_permit.so" after pam_deny is fine */
	if (strcmp(b, "pam_permit.so") == 0 && tl == 4 &&
	    strncmp(type, "auth", 4) == 0 &&
	    ((cl == 10 && strncmp(control, "sufficient", 10) == 0) ||
	    (control[0] == '[' && memmem(control, cl, "done", 4) != NULL)))
		finding(ps->p->ax, CHECK_PAM_PERMIT_AUTH, &(struct fctx){
		    .path = path, .line = lineno, .evidence = ev,
		    .time = mtime });
}

static void
pam_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	struct instream	*in;
	const char	*line;
	char		*copy;
	size_t		 len;
	bool		 cut;
	char		 err[600];

	persist_changed(p, path, st, "PAM stack");
	if ((in = instream_open(p->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL) {
		ax_err(p->ax, "%s", err);
		return;
	}
	while (instream_getline(in, &line, &len, &cut) == 1) {
		if (memchr(line, '\0', len) != NULL)
			continue;
		copy = xmalloc(len + 1);
		memcpy(copy, line, len);
		copy[len] = '\0';
		pam_line(arg, path, instream_lineno(in), st->mtime.sec, copy);
		free(copy);
	}
	instream_close(in);
}

static void
scan_pam(struct persist *p)
{
	struct pamscan	ps = { p, NULL, 0, false };
	size_t		i;

	persist_each_file(p, "/var/lib/dpkg/info", dpkg_list, &ps);
	persist_each_file(p, "/etc/pam.d", pam_file, &ps);
	for (i = 0; i < ps.nmods; i++)
		free(ps.mods[i]);
	free(ps.mods);
}

void
persist_accounts(struct persist *p)
{
	struct accts	 c;
	struct sudoscan	 s = { p, fsr_nodeset_new(), "/etc/sudoers", 0 };
	size_t		 i, j;

	memset(&c, 0, sizeof(c));
	c.p = p;
	c.uid_min = uid_min(p);
	read_account_files(&c);
	report_accounts(&c);
	duplicate_uids(&c);
	privileged_groups(&c);

	read_sudoers(&s, "/etc/sudoers");
	fsr_nodeset_free(s.read);
	scan_pam(p);

	for (i = 0; i < c.na; i++) {
		free(c.a[i].name);
		free(c.a[i].passwd);
		free(c.a[i].home);
		free(c.a[i].shell);
	}
	for (i = 0; i < c.ng; i++) {
		for (j = 0; j < c.g[i].nmem; j++)
			free(c.g[i].mem[j]);
		free(c.g[i].mem);
		free(c.g[i].name);
	}
	free(c.a);
	free(c.a_by_name);
	free(c.g);
	free(c.g_by_name);
	free(c.g_by_gid);
	free(c.m);
}
