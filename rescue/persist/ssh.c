/*
 * ssh.c - the ways back in through sshd: sshd_config with its Includes
 * (what sshd will use: first value wins), and every authorized_keys
 * file of every account with each key, its options and the file's
 * permissions, flags and times
 *
 * Keys are looked for where sshd looks (AuthorizedKeysFile expanded for
 * each account of /etc/passwd) and where an intruder leaves them for an
 * account deleted since: /root and every directory under /home.
 */
#include <errno.h>
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "persist/persist.h"
#include "parse/authkeys.h"
#include "parse/sshdconf.h"
#include "util/util.h"

#define CONF_MAX	(4 * 1024 * 1024)
#define KEYS_MAX	(64 * 1024 * 1024)
#define INCLUDE_DEPTH	16		/* as sshd */
#define GLOB_MAX	256		/* files one Include pattern gives */
#define AKF_MAX		16		/* AuthorizedKeysFile patterns */
#define HOMEDIRS_MAX	4096		/* directories under /home */
#define VALUE_MAX	400		/* of a setting, for the report */
#define PATHLEN		4096

/* The first-wins settings the findings need after the whole read. */
enum { S_ROOT_LOGIN, S_PASSWORD_AUTH, S_EMPTY_PASSWORDS, S_KEYS_COMMAND,
    S_KEYS_COMMAND_USER, S_USER_ENV, S__COUNT };

struct setting {
	char		*value;		/* the arguments as written */
	char		*path;
	unsigned	 line;
};

struct sshscan {
	struct persist		*p;
	struct sshdconf_first	 first;
	struct setting		 set[S__COUNT];
	char			*akf[AKF_MAX];	/* AuthorizedKeysFile */
	size_t			 nakf;
	bool			 akf_set;
	/* The files being read, outermost first: an Include loop. */
	struct fsr_node		 stack[INCLUDE_DEPTH + 1];
	int			 depth;
	const char		*path;		/* the file being parsed */
};

static void	read_conf(struct sshscan *, const char *path,
		    const char *match);

static bool
yes(const char *v)
{
	return v != NULL && strcasecmp(v, "yes") == 0;
}

static void
keep(struct setting *s, const char *value, const char *path, unsigned line)
{
	free(s->value);
	free(s->path);
	s->value = xstrdup(value);
	s->path = xstrdup(path);
	s->line = line;
}

/* "%s" of at most VALUE_MAX bytes of TEXT. */
static void
clip(char *buf, size_t size, const char *text)
{
	size_t	n = strlen(text);

	if (n > VALUE_MAX)
		snprintf(buf, size, "%.*s...", VALUE_MAX, text);
	else
		snprintf(buf, size, "%s", text);
}

static bool
interesting(enum sshdconf_kw kw)
{
	switch (kw) {
	case SSHDCONF_KW_PERMIT_ROOT_LOGIN:
	case SSHDCONF_KW_PASSWORD_AUTH:
	case SSHDCONF_KW_PERMIT_EMPTY_PASSWORDS:
	case SSHDCONF_KW_PORT:
	case SSHDCONF_KW_LISTEN_ADDRESS:
	case SSHDCONF_KW_AUTHORIZED_KEYS_FILE:
	case SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND:
	case SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND_USER:
	case SSHDCONF_KW_AUTHORIZED_PRINCIPALS_COMMAND:
	case SSHDCONF_KW_PUBKEY_AUTH:
	case SSHDCONF_KW_USE_PAM:
	case SSHDCONF_KW_PERMIT_USER_ENVIRONMENT:
	case SSHDCONF_KW_FORCE_COMMAND:
	case SSHDCONF_KW_ALLOW_USERS:
	case SSHDCONF_KW_ALLOW_GROUPS:
	case SSHDCONF_KW_SUBSYSTEM:
	case SSHDCONF_KW_TRUSTED_USER_CA_KEYS:
		return true;
	default:
		return false;
	}
}

/* A port other than 22 in "Port N" or "ListenAddress host:N". */
static const char *
listen_port(enum sshdconf_kw kw, const char *arg)
{
	const char	*c;

	if (kw == SSHDCONF_KW_PORT)
		return arg;
	if (arg[0] == '[')
		c = strstr(arg, "]:");
	else if ((c = strchr(arg, ':')) != NULL && strchr(c + 1, ':') != NULL)
		c = NULL;	/* a bare IPv6 address */
	if (c == NULL)
		return NULL;
	return c[0] == ']' ? c + 2 : c + 1;
}

/*
 * An AuthorizedKeysFile pattern that is not where keys normally live:
 * in a temporary place, under a hidden directory other than .ssh, or
 * one absolute file without %u or %h, shared by every account.
 */
static const char *
odd_keys_file(const char *pat)
{
	const char	*s;

	if (strcasecmp(pat, "none") == 0)
		return NULL;
	if (strncmp(pat, "/tmp/", 5) == 0 || strncmp(pat, "/var/tmp/", 9) ==
	    0 || strncmp(pat, "/dev/shm/", 9) == 0 ||
	    strncmp(pat, "/run/", 5) == 0)
		return "in a temporary place";
	for (s = pat; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (s[0] == '.' && strncmp(s, ".ssh/", 5) != 0 &&
		    strncmp(s, "./", 2) != 0 && strncmp(s, "../", 3) != 0)
			return "under a hidden directory";
		if (strncmp(s, "../", 3) == 0)
			return "outside the home";
	}
	if (pat[0] == '/' && strstr(pat, "%u") == NULL &&
	    strstr(pat, "%h") == NULL && strstr(pat, "%U") == NULL)
		return "one file for every account";
	return NULL;
}

/* Names of a directory matching a glob, for an Include. */
struct globbed {
	const char	 *pat;
	char		**v;
	size_t		  n;
};

static int
add_glob(const struct fsr_dirent *d, void *arg)
{
	struct globbed	*g = arg;

	if (g->n == GLOB_MAX || fnmatch(g->pat, d->name, FNM_PERIOD) != 0)
		return 0;
	g->v = xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	g->v[g->n++] = xstrdup(d->name);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Include: each path or glob, relative ones under /etc/ssh. */
static void
include(struct sshscan *s, const struct sshdconf_entry *e)
{
	char		 pat[PATHLEN], dir[PATHLEN], path[PATHLEN];
	char		*slash;
	struct fsr_node	 n;
	struct globbed	 g;
	size_t		 i, j;

	for (i = 0; i < e->argc; i++) {
		snprintf(pat, sizeof(pat), "%s%s", e->argv[i][0] == '/' ? "" :
		    "/etc/ssh/", e->argv[i]);
		slash = strrchr(pat, '/');
		if (strpbrk(slash + 1, "*?[") == NULL) {
			read_conf(s, pat, e->in_match ? e->match : NULL);
			continue;
		}
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - pat), pat);
		if (strpbrk(dir, "*?[") != NULL) {
			report_note(s->p->ax->report, "%s:%u: Include %s: a "
			    "pattern in a directory name is not followed",
			    s->path, e->line, e->argv[i]);
			continue;
		}
		if (fsr_lookup(s->p->ax->tree, dir[0] ? dir : "/", 0, &n,
		    NULL, 0) != 0)
			continue;
		g = (struct globbed){ slash + 1, NULL, 0 };
		fsr_readdir(s->p->ax->tree, &n, add_glob, &g);
		if (g.n > 1)
			qsort(g.v, g.n, sizeof(*g.v), by_name);
		for (j = 0; j < g.n; j++) {
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
			    g.v[j]) < sizeof(path))
				read_conf(s, path, e->in_match ? e->match :
				    NULL);
			free(g.v[j]);
		}
		free(g.v);
	}
}

/* A setting in a Match block: judged as if it applied. */
static void
match_setting(struct sshscan *s, const struct sshdconf_entry *e,
    const char *value, const char *detail)
{
	char	ev[VALUE_MAX + 64];

	snprintf(ev, sizeof(ev), "%s %s", e->keyword, value);
	if (e->kw == SSHDCONF_KW_PERMIT_ROOT_LOGIN && yes(e->argv[0]) &&
	    !(s->set[S_PASSWORD_AUTH].value != NULL &&
	    !yes(s->set[S_PASSWORD_AUTH].value)))
		finding(s->p->ax, CHECK_SSH_ROOT_PASSWORD, &(struct fctx){
		    .path = s->path, .line = e->line, .evidence = ev,
		    .time = TIME_NONE, .detail = detail });
	if (e->kw == SSHDCONF_KW_PERMIT_EMPTY_PASSWORDS && yes(e->argv[0]))
		finding(s->p->ax, CHECK_SSH_EMPTY_PASSWORDS, &(struct fctx){
		    .path = s->path, .line = e->line, .evidence = ev,
		    .time = TIME_NONE, .detail = detail });
	if (e->kw == SSHDCONF_KW_PERMIT_USER_ENVIRONMENT &&
	    strcasecmp(e->argv[0], "no") != 0)
		finding(s->p->ax, CHECK_SSH_USER_ENVIRONMENT, &(struct fctx){
		    .path = s->path, .line = e->line, .evidence = ev,
		    .time = TIME_NONE, .detail = detail });
	if (e->kw == SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND &&
	    strcasecmp(e->argv[0], "none") != 0) {
		finding(s->p->ax, CHECK_SSH_KEYS_COMMAND, &(struct fctx){
		    .path = s->path, .line = e->line, .evidence = ev,
		    .time = TIME_NONE, .detail = detail });
		persist_judge(s->p, AREA_RC, s->path, e->line, TIME_NONE,
		    e->args, strlen(e->args), "sshd AuthorizedKeysCommand");
	}
}

static int
on_conf(const struct sshdconf_entry *e, void *arg)
{
	struct sshscan	*s = arg;
	char		 value[VALUE_MAX + 8], ev[VALUE_MAX + 64];
	char		 detail[VALUE_MAX + 64];
	const char	*why;
	bool		 eff;
	size_t		 i;

	if (e->kw == SSHDCONF_KW_INCLUDE) {
		include(s, e);
		return 0;
	}
	eff = sshdconf_first_is_effective(&s->first, e);
	if (!interesting(e->kw) || e->argc == 0)
		return 0;
	clip(value, sizeof(value), e->args);
	record(s->p->ax, &(struct record){ "sshd_setting",
	    (const struct field[]){ FCOL("keyword", e->keyword, 24),
	    FBARE("value", value), FSTR("match", e->in_match ? e->match :
	    NULL), FBOOL("effective", eff), FSTR("path", s->path),
	    FINT("line", e->line), FEND } });
	snprintf(ev, sizeof(ev), "%s %s", e->keyword, value);
	if (e->in_match) {
		snprintf(detail, sizeof(detail), "in the block Match %s",
		    e->match != NULL ? e->match : "");
		match_setting(s, e, value, detail);
		return 0;
	}
	if (!eff)
		return 0;
	switch (e->kw) {
	case SSHDCONF_KW_PERMIT_ROOT_LOGIN:
		keep(&s->set[S_ROOT_LOGIN], e->argv[0], s->path, e->line);
		break;
	case SSHDCONF_KW_PASSWORD_AUTH:
		keep(&s->set[S_PASSWORD_AUTH], e->argv[0], s->path, e->line);
		break;
	case SSHDCONF_KW_PERMIT_EMPTY_PASSWORDS:
		keep(&s->set[S_EMPTY_PASSWORDS], e->argv[0], s->path, e->line);
		break;
	case SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND:
		keep(&s->set[S_KEYS_COMMAND], e->args, s->path, e->line);
		break;
	case SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND_USER:
		keep(&s->set[S_KEYS_COMMAND_USER], e->argv[0], s->path,
		    e->line);
		break;
	case SSHDCONF_KW_PERMIT_USER_ENVIRONMENT:
		keep(&s->set[S_USER_ENV], e->argv[0], s->path, e->line);
		break;
	case SSHDCONF_KW_PORT:
	case SSHDCONF_KW_LISTEN_ADDRESS:
		for (i = 0; i < e->argc; i++) {
			const char *port = listen_port(e->kw, e->argv[i]);

			if (port != NULL && strcmp(port, "22") != 0)
				finding(s->p->ax, CHECK_SSH_EXTRA_PORT,
				    &(struct fctx){ .path = s->path,
				    .line = e->line, .evidence = ev,
				    .time = TIME_NONE });
		}
		break;
	case SSHDCONF_KW_AUTHORIZED_KEYS_FILE:
		/* AuthorizedKeysFile2 adds to the list; the first line wins */
		if (s->akf_set && strcasecmp(e->keyword,
		    "AuthorizedKeysFile") == 0)
			break;
		s->akf_set = true;
		for (i = 0; i < e->argc && s->nakf < AKF_MAX; i++) {
			s->akf[s->nakf++] = xstrdup(e->argv[i]);
			if ((why = odd_keys_file(e->argv[i])) != NULL)
				finding(s->p->ax, CHECK_SSH_KEYS_FILE,
				    &(struct fctx){ .path = s->path,
				    .line = e->line, .evidence = ev,
				    .time = TIME_NONE, .detail = why });
		}
		break;
	case SSHDCONF_KW_FORCE_COMMAND:
		if (strcmp(e->argv[0], "internal-sftp") == 0)
			break;
		finding(s->p->ax, CHECK_SSH_FORCED_COMMAND, &(struct fctx){
		    .path = s->path, .line = e->line, .evidence = ev,
		    .time = TIME_NONE, .detail = "for every login" });
		persist_judge(s->p, AREA_RC, s->path, e->line, TIME_NONE,
		    e->args, strlen(e->args), "sshd ForceCommand");
		break;
	case SSHDCONF_KW_SUBSYSTEM:
	case SSHDCONF_KW_AUTHORIZED_PRINCIPALS_COMMAND:
		if (e->kw == SSHDCONF_KW_SUBSYSTEM && e->argc > 1) {
			const char *cmd = strstr(e->args, e->argv[1]);

			if (cmd != NULL && strcmp(e->argv[1],
			    "internal-sftp") != 0)
				persist_judge(s->p, AREA_RC, s->path, e->line,
				    TIME_NONE, cmd, strlen(cmd),
				    "sshd Subsystem");
		} else if (e->kw != SSHDCONF_KW_SUBSYSTEM)
			persist_judge(s->p, AREA_RC, s->path, e->line,
			    TIME_NONE, e->args, strlen(e->args),
			    "sshd AuthorizedPrincipalsCommand");
		break;
	default:
		break;
	}
	return 0;
}

static void
read_conf(struct sshscan *s, const char *path, const char *match)
{
	struct fsr_node	 n;
	struct fsr_stat	 st;
	const char	*outer = s->path;
	char		*buf;
	size_t		 len;
	int		 i, rc;

	if ((rc = fsr_stat_path(s->p->ax->tree, path, 0, &n, &st)) != 0 ||
	    !S_ISREG(st.mode)) {
		if (rc != 0 && rc != -ENOENT && rc != -ENOTDIR)
			ax_err(s->p->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	for (i = 0; i < s->depth; i++)
		if (s->stack[i].fs == n.fs && s->stack[i].ino == n.ino) {
			report_note(s->p->ax->report, "%s: Include loop, not "
			    "read again", path);
			return;
		}
	if (s->depth == INCLUDE_DEPTH) {
		report_note(s->p->ax->report, "%s: Includes nested over %d "
		    "deep, not read", path, INCLUDE_DEPTH);
		return;
	}
	if ((rc = fsr_slurp(s->p->ax->tree, path, CONF_MAX, &buf, &len)) !=
	    0) {
		ax_err(s->p->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	persist_changed(s->p, path, &st, "sshd configuration");
	s->stack[s->depth++] = n;
	s->path = path;
	sshdconf_parse(buf, len, match, on_conf, s);
	s->path = outer;
	s->depth--;
	free(buf);
}

/* What sshd will do, once every file is read. */
static void
judge_conf(struct sshscan *s)
{
	struct setting	*rl = &s->set[S_ROOT_LOGIN];
	struct setting	*pa = &s->set[S_PASSWORD_AUTH];
	struct setting	*ep = &s->set[S_EMPTY_PASSWORDS];
	struct setting	*kc = &s->set[S_KEYS_COMMAND];
	struct setting	*ue = &s->set[S_USER_ENV];
	char		 ev[2 * VALUE_MAX + 256], v[VALUE_MAX + 8];

	/* PasswordAuthentication is yes unless said otherwise */
	if (rl->value != NULL && yes(rl->value) &&
	    (pa->value == NULL || yes(pa->value))) {
		if (pa->value != NULL)
			snprintf(ev, sizeof(ev), "PermitRootLogin yes; "
			    "PasswordAuthentication yes (%s:%u)", pa->path,
			    pa->line);
		else
			snprintf(ev, sizeof(ev), "PermitRootLogin yes; "
			    "PasswordAuthentication not set (yes)");
		finding(s->p->ax, CHECK_SSH_ROOT_PASSWORD, &(struct fctx){
		    .path = rl->path, .line = rl->line, .evidence = ev,
		    .time = TIME_NONE });
	}
	if (ep->value != NULL && yes(ep->value))
		finding(s->p->ax, CHECK_SSH_EMPTY_PASSWORDS, &(struct fctx){
		    .path = ep->path, .line = ep->line,
		    .evidence = "PermitEmptyPasswords yes",
		    .time = TIME_NONE });
	if (ue->value != NULL && strcasecmp(ue->value, "no") != 0) {
		clip(v, sizeof(v), ue->value);
		snprintf(ev, sizeof(ev), "PermitUserEnvironment %s", v);
		finding(s->p->ax, CHECK_SSH_USER_ENVIRONMENT, &(struct fctx){
		    .path = ue->path, .line = ue->line, .evidence = ev,
		    .time = TIME_NONE });
	}
	if (kc->value != NULL && strcasecmp(kc->value, "none") != 0) {
		clip(v, sizeof(v), kc->value);
		snprintf(ev, sizeof(ev), "AuthorizedKeysCommand %s", v);
		snprintf(v, sizeof(v), "run as %s at every key login",
		    s->set[S_KEYS_COMMAND_USER].value != NULL ?
		    s->set[S_KEYS_COMMAND_USER].value : "(no user set)");
		finding(s->p->ax, CHECK_SSH_KEYS_COMMAND, &(struct fctx){
		    .path = kc->path, .line = kc->line, .evidence = ev,
		    .time = TIME_NONE, .detail = v });
		persist_judge(s->p, AREA_RC, kc->path, kc->line, TIME_NONE,
		    kc->value, strlen(kc->value), "sshd AuthorizedKeysCommand");
	}
}

/* One authorized_keys file being read. */
struct keyfile {
	struct sshscan		*s;
	const char		*user;
	const char		*path;
	const struct fsr_stat	*st;
	unsigned		 keys, bad;
};

static int
on_key(const struct authkeys_entry *e, void *arg)
{
	struct keyfile	*k = arg;
	struct persist	*p = k->s->p;
	char		 kt[64], ev[3 * VALUE_MAX + 200], cmd[VALUE_MAX + 8];
	char		 com[VALUE_MAX + 8], from[VALUE_MAX + 8];

	snprintf(kt, sizeof(kt), "%s", e->keytype != AUTHKEYS_KEY_UNKNOWN ?
	    authkeys_keytype_name(e->keytype) : e->type);
	clip(com, sizeof(com), e->comment);
	clip(cmd, sizeof(cmd), e->command != NULL ? e->command : "");
	clip(from, sizeof(from), e->from != NULL ? e->from : "");
	if (e->status != AUTHKEYS_OK && e->status != AUTHKEYS_UNKNOWN_TYPE) {
		k->bad++;
		snprintf(ev, sizeof(ev), "%s: %s%s%s", e->error != NULL ?
		    e->error : authkeys_status_name(e->status), kt,
		    e->fingerprint[0] ? " " : "", e->fingerprint);
		if (com[0] != '\0')
			snprintf(ev + strlen(ev), sizeof(ev) - strlen(ev),
			    " %s", com);
		finding(p->ax, CHECK_SSH_BAD_KEY_LINE, &(struct fctx){
		    .path = k->path, .line = e->line, .evidence = ev,
		    .time = k->st->mtime.sec });
		if (e->status != AUTHKEYS_BAD_OPTIONS)
			return 0;
	}
	k->keys++;
	record(p->ax, &(struct record){ "ssh_key", (const struct field[]){
	    FCOL("user", k->user, 8), FCOL("key", kt, 7),
	    FINT("bits", e->bits), FBARE("fingerprint", e->fingerprint),
	    FBARE("comment", com),
	    FSTR("command", e->command != NULL ? cmd : NULL),
	    FSTR("from", e->from != NULL ? from : NULL),
	    FBOOL("certificate_authority",
	    e->flags & AUTHKEYS_O_CERT_AUTHORITY),
	    FSTR("status", authkeys_status_name(e->status)),
	    FSTR("path", k->path), FINT("line", e->line),
	    FTIME("mtime", k->st->mtime.sec),
	    FTIME("ctime", k->st->ctime.sec), FEND } });
	snprintf(ev, sizeof(ev), "%s %s %s", kt, e->fingerprint, com);
	if (e->command != NULL) {
		snprintf(ev, sizeof(ev), "command=\"%s\" %s %s", cmd, kt, com);
		finding(p->ax, CHECK_SSH_FORCED_COMMAND, &(struct fctx){
		    .path = k->path, .line = e->line, .evidence = ev,
		    .time = k->st->mtime.sec, .detail = k->user });
		persist_judge(p, AREA_RC, k->path, e->line, k->st->mtime.sec,
		    e->command, strlen(e->command),
		    "the command= of an SSH key");
	}
	if (e->keytype == AUTHKEYS_KEY_DSA || (e->keytype ==
	    AUTHKEYS_KEY_RSA && e->bits > 0 && e->bits < 2048)) {
		snprintf(ev, sizeof(ev), "%s %u bits %s %s", kt, e->bits,
		    e->fingerprint, com);
		finding(p->ax, CHECK_SSH_WEAK_KEY, &(struct fctx){
		    .path = k->path, .line = e->line, .evidence = ev,
		    .time = k->st->mtime.sec });
	}
	return 0;
}

/* Permissions, owner and flags of a key file or its directory. */
static void
key_file_mode(struct sshscan *s, const char *user, int64_t uid,
    const char *path, const struct fsr_stat *st)
{
	char	ev[PATHLEN + 128], m[12];

	mode_str(st->mode, m);
	if ((st->mode & 022) != 0 && !(S_ISDIR(st->mode) &&
	    (st->mode & S_ISVTX))) {
		snprintf(ev, sizeof(ev), "%s %u:%u %s", m, st->uid, st->gid,
		    path);
		finding(s->p->ax, CHECK_SSH_KEY_FILE_MODE, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->ctime.sec,
		    .detail = "writable by group or others" });
	} else if (uid >= 0 && st->uid != 0 && st->uid != (uint64_t)uid) {
		snprintf(ev, sizeof(ev), "%s owned by uid %u, not %s (uid "
		    "%lld)", path, st->uid, user, (long long)uid);
		finding(s->p->ax, CHECK_SSH_KEY_FILE_MODE, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->ctime.sec,
		    .detail = "owned by another account" });
	}
	if (st->flags & (FSR_FL_IMMUTABLE | FSR_FL_APPEND)) {
		snprintf(ev, sizeof(ev), "%s is %s", path,
		    st->flags & FSR_FL_IMMUTABLE ? "immutable (chattr +i)" :
		    "append-only (chattr +a)");
		finding(s->p->ax, CHECK_SSH_KEY_FILE_IMMUTABLE, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->ctime.sec });
	}
}

static void
read_keys(struct sshscan *s, const char *user, int64_t uid, const char *path)
{
	struct persist	*p = s->p;
	struct fsr_node	 n;
	struct fsr_stat	 st, dst;
	struct keyfile	 k = { s, user, path, &st, 0, 0 };
	char		 dir[PATHLEN], link[PATHLEN], *buf, *slash, flags[32];
	size_t		 len;
	int		 rc;

	link[0] = '\0';
	if ((rc = fsr_stat_path(p->ax->tree, path, FSR_NOFOLLOW, &n, &st)) !=
	    0)
		return;
	if (S_ISLNK(st.mode)) {
		if (fsr_readlink(p->ax->tree, &n, link, sizeof(link)) != 0)
			snprintf(link, sizeof(link), "?");
		if (fsr_stat_path(p->ax->tree, path, 0, &n, &st) != 0)
			return;
	}
	if (!S_ISREG(st.mode) || fsr_nodeset_add(p->seen, &n) != 1)
		return;
	key_file_mode(s, user, uid, path, &st);
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (fsr_stat_path(p->ax->tree, dir, 0, &n, &dst) == 0)
			key_file_mode(s, user, uid, dir, &dst);
	}
	persist_changed(p, path, &st, "SSH authorized keys");
	if ((rc = fsr_slurp(p->ax->tree, path, KEYS_MAX, &buf, &len)) != 0) {
		ax_err(p->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	authkeys_parse(buf, len, on_key, &k);
	free(buf);
	snprintf(flags, sizeof(flags), "%s%s",
	    st.flags & FSR_FL_IMMUTABLE ? "i" : "",
	    st.flags & FSR_FL_APPEND ? "a" : "");
	{
		char	m[12];

		mode_str(st.mode, m);
		record(p->ax, &(struct record){ "ssh_key_file",
		    (const struct field[]){ FCOL("user", user, 8),
		    FBARE("path", path), FINT("keys", k.keys),
		    FINT("bad_lines", k.bad), FSTR("mode", m),
		    FINT("uid", st.uid), FINT("gid", st.gid),
		    FSTR("flags", flags),
		    FSTR("symlink_to", link[0] ? link : NULL),
		    FTIME("mtime", st.mtime.sec), FTIME("ctime", st.ctime.sec),
		    FEND } });
	}
}

/* PATTERN of AuthorizedKeysFile for one account: %h %u %U %%. */
static void
expand(const char *pat, const char *user, int64_t uid, const char *home,
    char *out, size_t size)
{
	size_t	o = 0, n;
	char	num[24];

	out[0] = '\0';
	if (pat[0] != '/' && pat[0] != '%') {
		snprintf(out, size, "%s/", strcmp(home, "/") ? home : "");
		o = strlen(out);
	}
	for (; *pat != '\0' && o + 1 < size; pat++) {
		const char *ins = NULL;

		if (pat[0] == '%' && pat[1] != '\0') {
			switch (pat[1]) {
			case 'h': ins = home; break;
			case 'u': ins = user; break;
			case '%': ins = "%"; break;
			case 'U':
				snprintf(num, sizeof(num), "%lld",
				    (long long)uid);
				ins = num;
				break;
			}
		}
		if (ins == NULL) {
			out[o++] = *pat;
			continue;
		}
		pat++;
		n = strlen(ins);
		if (n > size - 1 - o)
			n = size - 1 - o;
		memcpy(out + o, ins, n);
		o += n;
	}
	out[o] = '\0';
}

static void
account_keys(struct sshscan *s, const char *user, int64_t uid,
    const char *home, bool home_done)
{
	static const char *const defaults[] = { ".ssh/authorized_keys",
	    ".ssh/authorized_keys2" };
	char	path[PATHLEN];
	size_t	i;

	if (home[0] != '/')
		return;
	for (i = 0; i < s->nakf; i++) {
		if (strcasecmp(s->akf[i], "none") == 0 || (home_done &&
		    strstr(s->akf[i], "%u") == NULL &&
		    strstr(s->akf[i], "%U") == NULL))
			continue;
		expand(s->akf[i], user, uid, home, path, sizeof(path));
		read_keys(s, user, uid, path);
	}
	for (i = 0; i < 2 && !home_done; i++) {
		expand(defaults[i], user, uid, home, path, sizeof(path));
		read_keys(s, user, uid, path);
	}
}

static int
add_homedir(const struct fsr_dirent *d, void *arg)
{
	struct globbed	*g = arg;

	if (g->n == HOMEDIRS_MAX || (d->type != DT_DIR &&
	    d->type != DT_UNKNOWN && d->type != DT_LNK))
		return 0;
	g->v = xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	g->v[g->n++] = xstrdup(d->name);
	return 0;
}

static int
by_account(const void *a, const void *b)
{
	return strcmp((*(struct persist_account *const *)a)->name,
	    (*(struct persist_account *const *)b)->name);
}

static int
by_home(const void *a, const void *b)
{
	const struct persist_account	*x, *y;
	int				 c;

	x = *(struct persist_account *const *)a;
	y = *(struct persist_account *const *)b;
	c = strcmp(x->home, y->home);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

/*
 * Whether the account at I shares its home with an earlier one, whose
 * files were read already: 10^5 accounts in /nonexistent cost one.
 */
static bool *
shared_homes(struct persist *p)
{
	struct persist_account	**v;
	bool			 *dup;
	size_t			  i;

	v = xcalloc(p->naccounts + 1, sizeof(*v));
	dup = xcalloc(p->naccounts + 1, sizeof(*dup));
	for (i = 0; i < p->naccounts; i++)
		v[i] = &p->accounts[i];
	if (p->naccounts > 1)
		qsort(v, p->naccounts, sizeof(*v), by_home);
	for (i = 1; i < p->naccounts; i++)
		if (strcmp(v[i]->home, v[i - 1]->home) == 0)
			dup[v[i] - p->accounts] = true;
	free(v);
	return dup;
}

/* Whether some account of passwd has HOME. */
static bool
is_home(const struct persist *p, const char *home)
{
	size_t	i;

	for (i = 0; i < p->naccounts; i++)
		if (strcmp(p->accounts[i].home, home) == 0)
			return true;
	return false;
}

/* The uid of the account NAME, -1 if none: V sorted by name. */
static int64_t
uid_of(struct persist_account **v, size_t n, const char *name)
{
	struct persist_account	 key = { .name = (char *)name }, *kp = &key;
	struct persist_account	**a;

	a = n > 0 ? bsearch(&kp, v, n, sizeof(*v), by_account) :
	    NULL;
	return a != NULL ? (int64_t)(*a)->uid : -1;
}

void
persist_ssh(struct persist *p)
{
	struct persist_account	**sorted;
	bool			 *dup;
	struct sshscan	 s;
	struct globbed	 g = { NULL, NULL, 0 };
	struct fsr_node	 n;
	char		 home[PATHLEN];
	size_t		 i;

	memset(&s, 0, sizeof(s));
	s.p = p;
	s.path = "/etc/ssh/sshd_config";
	read_conf(&s, "/etc/ssh/sshd_config", NULL);
	judge_conf(&s);

	dup = shared_homes(p);
	for (i = 0; i < p->naccounts; i++)
		account_keys(&s, p->accounts[i].name, p->accounts[i].uid,
		    p->accounts[i].home, dup[i]);
	free(dup);
	account_keys(&s, "root", 0, "/root", is_home(p, "/root"));
	if (fsr_lookup(p->ax->tree, "/home", 0, &n, NULL, 0) == 0)
		fsr_readdir(p->ax->tree, &n, add_homedir, &g);
	if (g.n > 1)
		qsort(g.v, g.n, sizeof(*g.v), by_name);
	sorted = xcalloc(p->naccounts + 1, sizeof(*sorted));
	for (i = 0; i < p->naccounts; i++)
		sorted[i] = &p->accounts[i];
	if (p->naccounts > 1)
		qsort(sorted, p->naccounts, sizeof(*sorted), by_account);
	for (i = 0; i < g.n; i++) {
		snprintf(home, sizeof(home), "/home/%s", g.v[i]);
		account_keys(&s, g.v[i], uid_of(sorted, p->naccounts, g.v[i]),
		    home, is_home(p, home));
		free(g.v[i]);
	}
	free(g.v);
	free(sorted);

	for (i = 0; i < S__COUNT; i++) {
		free(s.set[i].value);
		free(s.set[i].path);
	}
	for (i = 0; i < s.nakf; i++)
		free(s.akf[i]);
}
