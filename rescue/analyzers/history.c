/*
 * history.c - what was run: every account's shell and program histories,
 * each command judged by the intrusion rules, and the signs of a history
 * removed, emptied, linked to /dev/null or turned off in an rc file
 *
 * Homes come from the server's /etc/passwd, plus /root and every
 * directory under /home (an account deleted from passwd leaves its home
 * behind).  Histories are streamed: a 1 GiB one costs one line.
 */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyzer.h"
#include "input/input.h"
#include "parse/history.h"
#include "parse/parse.h"
#include "parse/utmp.h"
#include "rules/cmdrules.h"
#include "util/util.h"

#define PASSWD_MAX	(8 * 1024 * 1024)
#define HOMES_MAX	4096
#define ENTRY_MAX	(64 * 1024)
#define EVIDENCE_MAX	400
#define READ_CHUNK	(64 * 1024)
/* Findings of one rule per file before the rest are only counted. */
#define PER_RULE_MAX	10

static const enum check_id rule_check[CMDRULE__COUNT] = {
#define RULE(id, name, sev, summary) CHECK_HISTORY_##id,
#include "rules/cmdrules.def"
#undef RULE
};

/* Shell rc files, in a home and system-wide, that can turn history off. */
static const char *const home_rc[] = { ".bashrc", ".bash_profile",
    ".bash_login", ".profile", ".bash_logout", ".zshrc", ".zshenv",
    ".zprofile", ".zlogin", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc" };
static const char *const system_rc[] = { "/etc/profile", "/etc/bash.bashrc",
    "/etc/environment", "/etc/zsh/zshrc", "/etc/zsh/zshenv",
    "/etc/zshrc", "/etc/bashrc", "/etc/csh.cshrc" };

/* Histories below a home, besides those found in it by name. */
static const char *const deep_histories[] = {
	".local/share/fish/fish_history", ".config/fish/fish_history",
	".vim/viminfo", ".local/share/nvim/shada/main.shada"
};

struct home {
	char		*user;
	char		*dir;
	uint32_t	 uid;
	bool		 login_shell;
	int64_t		 last_login;	/* lastlog, TIME_NONE */
	bool		 has_bash_history;
	bool		 bash;
};

struct hist {
	struct actx	*ax;
	struct home	*homes;
	size_t		 nhomes;
	struct fsr_nodeset *seen;	/* files read, by inode */
};

/* One history file being read. */
struct hfile {
	struct hist		*h;
	const struct home	*home;
	const char		*path;
	enum history_format	 fmt;
	uint64_t		 entries, judged;
	int64_t			 first, last;
	unsigned		 per_rule[CMDRULE__COUNT];
	uint64_t		 unreported;
};

static bool
shell_format(enum history_format f)
{
	return f == HIST_BASH || f == HIST_ZSH || f == HIST_FISH ||
	    f == HIST_TCSH || f == HIST_PLAIN;
}

static void
judge_line(struct actx *ax, const char *path, long line, int64_t t,
    const char *text, size_t len, unsigned *per_rule, uint64_t *unreported)
{
	struct cmd_match	 m[8];
	char			 ev[EVIDENCE_MAX + 8];
	size_t			 n, i, el;

	n = cmd_judge(text, len, m, 8);
	if (n > 8)
		n = 8;
	for (i = 0; i < n; i++) {
		if (per_rule != NULL && per_rule[m[i].rule]++ >= PER_RULE_MAX) {
			(*unreported)++;
			continue;
		}
		el = len < EVIDENCE_MAX ? len : EVIDENCE_MAX;
		memcpy(ev, text, el);
		strcpy(ev + el, len > el ? "..." : "");
		finding(ax, rule_check[m[i].rule], &(struct fctx){
		    .path = path, .line = line, .evidence = ev, .time = t,
		    .detail = m[i].detail });
	}
}

static int
on_entry(const struct history_entry *e, void *arg)
{
	struct hfile	*f = arg;
	char		*text;

	f->entries++;
	if (e->time != TIME_NONE) {
		if (f->first == TIME_NONE || e->time < f->first)
			f->first = e->time;
		if (f->last == TIME_NONE || e->time > f->last)
			f->last = e->time;
	}
	/* brief: not printed, but the triage's story hears them */
	if (!f->h->ax->brief || f->h->ax->report->rtap != NULL) {
		text = xmalloc(e->len + 1);
		memcpy(text, e->text, e->len);
		text[e->len] = '\0';
		report_record_bulk(f->h->ax->report, &(struct record){
		    "command", (const struct field[]){
		    FCOL("user", f->home->user, 8), FTCOL("time", e->time),
		    FBARE("text", text), FSTR("entry",
		    e->kind == HIST_KIND_COMMAND ? NULL :
		    history_kind_name(e->kind)), FSTR("source", f->path),
		    FINT("line", e->line), FEND } }, f->h->ax->brief);
		free(text);
	}
	if (e->kind == HIST_KIND_COMMAND && shell_format(f->fmt)) {
		f->judged++;
		judge_line(f->h->ax, f->path, e->line, e->time, e->text,
		    e->len, f->per_rule, &f->unreported);
	}
	return 0;
}

/* A history that is a symlink: to /dev/null, or anywhere else. */
static void
symlinked(struct hist *h, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st)
{
	char	target[4096], ev[4200];

	if (fsr_readlink(h->ax->tree, n, target, sizeof(target)) < 0)
		snprintf(target, sizeof(target), "?");
	snprintf(ev, sizeof(ev), "%s -> %s", path, target);
	finding(h->ax, CHECK_HISTORY_SYMLINK, &(struct fctx){
	    .path = path, .evidence = ev, .time = st->mtime.sec,
	    .detail = strcmp(target, "/dev/null") == 0 ? "the shell writes "
	    "its history into nothing" : NULL });
}

static void
empty_history(struct hist *h, const struct home *home, const char *path,
    const struct fsr_stat *st)
{
	char	ev[256], t[TIME_ISO_LEN], m[TIME_ISO_LEN];

	time_iso(st->mtime.sec, m, sizeof(m));
	if (st->has_crtime && st->mtime.sec > st->crtime.sec + 60) {
		time_iso(st->crtime.sec, t, sizeof(t));
		snprintf(ev, sizeof(ev), "0 bytes; created %s, last written %s",
		    t, m);
		finding(h->ax, CHECK_HISTORY_EMPTIED, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->mtime.sec });
	} else if (home->last_login != TIME_NONE &&
	    home->last_login > st->mtime.sec + 60) {
		time_iso(home->last_login, t, sizeof(t));
		snprintf(ev, sizeof(ev), "0 bytes, last written %s; %s last "
		    "logged in %s", m, home->user, t);
		finding(h->ax, CHECK_HISTORY_EMPTIED, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->mtime.sec });
	}
}

static void
read_history(struct hist *h, const struct home *home, const char *path,
    enum history_format fmt)
{
	struct hfile		 f = { h, home, path, fmt, 0, 0, TIME_NONE,
				    TIME_NONE, { 0 }, 0 };
	struct history_parser	 p;
	struct instream		*in;
	struct fsr_node		 n;
	struct fsr_stat		 st;
	char			*buf, err[600];
	ssize_t			 got;
	int			 rc;

	rc = fsr_stat_path(h->ax->tree, path, FSR_NOFOLLOW, &n, &st);
	if (rc < 0) {
		if (rc != -ENOENT)
			ax_err(h->ax, "%s: %s", path, strerror(-rc));
		return;
	}
	if (S_ISLNK(st.mode)) {
		symlinked(h, path, &n, &st);
		return;
	}
	if (!S_ISREG(st.mode) || fsr_nodeset_add(h->seen, &n) == 0)
		return;		/* not a file, or a hard link read already */
	if (fmt == HIST_BASH)
		((struct home *)home)->has_bash_history = true;
	if (st.size == 0)
		empty_history(h, home, path, &st);
	if ((in = instream_open(h->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL) {
		ax_err(h->ax, "%s", err);
		return;
	}
	instream_squeeze_holes(in);
	history_parser_init(&p, fmt, ENTRY_MAX, on_entry, &f);
	buf = xmalloc(READ_CHUNK);
	while ((got = instream_read(in, buf, READ_CHUNK)) > 0)
		history_parser_feed(&p, buf, (size_t)got);
	if (got < 0)
		ax_err(h->ax, "%s", instream_errmsg(in));
	history_parser_finish(&p);
	if (p.nul_bytes > 0) {
		char	ev[128];

		snprintf(ev, sizeof(ev), "%llu NUL bytes in %llu bytes",
		    (unsigned long long)p.nul_bytes,
		    (unsigned long long)st.size);
		finding(h->ax, CHECK_HISTORY_NUL_BYTES, &(struct fctx){
		    .path = path, .evidence = ev, .time = st.mtime.sec });
	}
	if (f.unreported > 0)
		report_note(h->ax->report, "%s: %llu more rule matches not "
		    "listed", path, (unsigned long long)f.unreported);
	record(h->ax, &(struct record){ "history", (const struct field[]){
	    FCOL("user", home->user, 8), FBARE("path", path),
	    FSTR("format", history_format_name(fmt)),
	    FINT("entries", f.entries), FINT("bytes", st.size),
	    FTIME("first", f.first), FTIME("last", f.last),
	    FTIME("mtime", st.mtime.sec), FEND } });
	history_parser_release(&p);
	free(buf);
	instream_close(in);
}

struct dirscan {
	struct hist		*h;
	const struct home	*home;
	char			 (*names)[256];
	size_t			 n, cap;
};

static void
keep_name(struct dirscan *s, const char *name)
{
	if (s->n == 256)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->names = xrealloc(s->names, s->cap * sizeof(*s->names));
	}
	snprintf(s->names[s->n++], 256, "%s", name);
}

static int
collect_name(const struct fsr_dirent *d, void *arg)
{
	if (history_format_for(d->name) != HIST_NONE)
		keep_name(arg, d->name);
	return 0;
}

static int
collect_any(const struct fsr_dirent *d, void *arg)
{
	if (d->type == DT_REG || d->type == DT_LNK || d->type == DT_UNKNOWN)
		keep_name(arg, d->name);
	return 0;
}

/* Lines of a shell rc file that switch history off or hide from it. */
static void
scan_rc(struct hist *h, const char *path)
{
	struct instream	*in;
	const char	*line;
	size_t		 len;
	char		 err[600];
	bool		 cut;
	int		 errnum = 0;

	if ((in = instream_open(h->ax->tree, path, &errnum, err,
	    sizeof(err))) == NULL) {
		if (errnum != ENOENT && errnum != ENOTDIR)
			ax_err(h->ax, "%s", err);
		return;
	}
	while (instream_getline(in, &line, &len, &cut) == 1) {
		struct cmd_match	m[8];
		size_t			n, i;
		char			ev[EVIDENCE_MAX + 8];

		n = cmd_judge(line, len, m, 8);
		for (i = 0; i < n && i < 8; i++) {
			if (m[i].rule != CMDRULE_HISTORY_OFF &&
			    m[i].rule != CMDRULE_HISTORY_IGNORE &&
			    m[i].rule != CMDRULE_COVER_TRACKS)
				continue;
			/* Debian's and Ubuntu's skeleton .bashrc sets it */
			if (m[i].rule == CMDRULE_HISTORY_IGNORE &&
			    memmem(line, len, "HISTCONTROL", 11) != NULL)
				continue;
			snprintf(ev, sizeof(ev), "%.*s", (int)(len <
			    EVIDENCE_MAX ? len : EVIDENCE_MAX), line);
			finding(h->ax, m[i].rule == CMDRULE_HISTORY_IGNORE ?
			    CHECK_HISTORY_RC_IGNORE : CHECK_HISTORY_RC_OFF,
			    &(struct fctx){ .path = path,
			    .line = instream_lineno(in), .evidence = ev,
			    .time = instream_stat(in)->mtime.sec });
		}
	}
	instream_close(in);
}

static void
scan_home(struct hist *h, struct home *home)
{
	struct dirscan	s = { h, home, NULL, 0, 0 };
	struct fsr_node	n;
	char		path[4096];
	size_t		i;

	if (fsr_lookup(h->ax->tree, home->dir, 0, &n, NULL, 0) != 0 ||
	    fsr_readdir(h->ax->tree, &n, collect_name, &s) != 0) {
		free(s.names);
		return;
	}
	for (i = 0; i < s.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", strcmp(home->dir, "/") ?
		    home->dir : "", s.names[i]);
		read_history(h, home, path, history_format_for(s.names[i]));
	}
	free(s.names);
	for (i = 0; i < sizeof(deep_histories) / sizeof(deep_histories[0]);
	    i++) {
		const char	*base = strrchr(deep_histories[i], '/') + 1;

		if (history_format_for(base) == HIST_NONE)
			continue;
		snprintf(path, sizeof(path), "%s/%s", home->dir,
		    deep_histories[i]);
		read_history(h, home, path, history_format_for(base));
	}
	for (i = 0; i < sizeof(home_rc) / sizeof(home_rc[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", home->dir, home_rc[i]);
		scan_rc(h, path);
	}
	if (home->bash && home->login_shell && !home->has_bash_history &&
	    home->last_login != TIME_NONE) {
		char	ev[256], t[TIME_ISO_LEN];

		time_iso(home->last_login, t, sizeof(t));
		snprintf(ev, sizeof(ev), "%s (shell bash) last logged in %s; "
		    "%s/.bash_history does not exist", home->user, t,
		    home->dir);
		finding(h->ax, CHECK_HISTORY_MISSING, &(struct fctx){
		    .path = home->dir, .evidence = ev,
		    .time = home->last_login });
	}
}

static void
add_home(struct hist *h, const char *user, const char *dir, uint32_t uid,
    const char *shell)
{
	struct home	*o;
	size_t		 i;

	if (dir[0] != '/' || h->nhomes == HOMES_MAX)
		return;
	for (i = 0; i < h->nhomes; i++)
		if (strcmp(h->homes[i].dir, dir) == 0)
			return;		/* root and its uid-0 twin share /root */
	h->homes = xrealloc(h->homes, (h->nhomes + 1) * sizeof(*h->homes));
	o = &h->homes[h->nhomes++];
	o->user = xstrdup(user);
	o->dir = xstrdup(dir);
	o->uid = uid;
	o->login_shell = shell != NULL && shell_is_login(shell);
	o->bash = shell != NULL && strstr(shell, "bash") != NULL;
	o->last_login = TIME_NONE;
	o->has_bash_history = false;
}

static int
passwd_home(const struct passwd_entry *e, void *arg)
{
	add_home(arg, e->name, e->home, e->uid, e->shell);
	return 0;
}

static int
home_dir(const struct fsr_dirent *d, void *arg)
{
	struct hist	*h = arg;
	char		 dir[512];

	if (d->type != DT_DIR && d->type != DT_UNKNOWN)
		return 0;
	snprintf(dir, sizeof(dir), "/home/%s", d->name);
	add_home(h, d->name, dir, UINT32_MAX, NULL);
	return 0;
}

/* Last logins from lastlog, for histories emptied or missing since. */
static void
last_logins(struct hist *h)
{
	struct lastlog_layout	lay;
	struct fsr_node		n;
	struct fsr_stat		st;
	unsigned char		rec[LASTLOG_RECSIZE_64], head[4096];
	size_t			got = 0, i;
	int32_t			t32;

	if (fsr_stat_path(h->ax->tree, "/var/log/lastlog", 0, &n, &st) != 0 ||
	    !S_ISREG(st.mode))
		return;
	if (fsr_pread(h->ax->tree, &n, head, sizeof(head), 0, &got) < 0)
		return;
	lastlog_detect(head, got, 0, st.size, &lay);
	if (lay.recsize != LASTLOG_RECSIZE_32 || lay.big_endian)
		return;		/* x86: the only layout read here */
	for (i = 0; i < h->nhomes; i++) {
		uint64_t	off = (uint64_t)h->homes[i].uid * lay.recsize;

		if (h->homes[i].uid == UINT32_MAX || off + 4 > st.size ||
		    fsr_pread(h->ax->tree, &n, rec, 4, off, &got) < 0 ||
		    got < 4)
			continue;
		t32 = (int32_t)((uint32_t)rec[0] | (uint32_t)rec[1] << 8 |
		    (uint32_t)rec[2] << 16 | (uint32_t)rec[3] << 24);
		if (t32 > 0)
			h->homes[i].last_login = t32;
	}
}

static void
load_homes(struct hist *h)
{
	struct fsr_node	 n;
	char		*buf;
	size_t		 len;
	int		 rc;

	rc = fsr_slurp(h->ax->tree, "/etc/passwd", PASSWD_MAX, &buf, &len);
	if (rc == 0) {
		passwd_parse(buf, len, passwd_home, h);
		free(buf);
	} else if (rc != -ENOENT) {
		ax_err(h->ax, "%s", fsr_tree_errmsg(h->ax->tree));
	}
	add_home(h, "root", "/root", 0, "/bin/sh");
	if (fsr_lookup(h->ax->tree, "/home", 0, &n, NULL, 0) == 0)
		fsr_readdir(h->ax->tree, &n, home_dir, h);
	last_logins(h);
}

static int
run(struct actx *ax)
{
	struct hist	h = { ax, NULL, 0, fsr_nodeset_new() };
	struct fsr_node	n;
	char		path[512];
	size_t		i;

	load_homes(&h);
	for (i = 0; i < h.nhomes; i++)
		scan_home(&h, &h.homes[i]);
	for (i = 0; i < sizeof(system_rc) / sizeof(system_rc[0]); i++)
		scan_rc(&h, system_rc[i]);
	if (fsr_lookup(ax->tree, "/etc/profile.d", 0, &n, NULL, 0) == 0) {
		struct dirscan	s = { &h, NULL, NULL, 0, 0 };

		fsr_readdir(ax->tree, &n, collect_any, &s);
		for (i = 0; i < s.n; i++) {
			snprintf(path, sizeof(path), "/etc/profile.d/%s",
			    s.names[i]);
			scan_rc(&h, path);
		}
		free(s.names);
	}
	for (i = 0; i < h.nhomes; i++) {
		free(h.homes[i].user);
		free(h.homes[i].dir);
	}
	free(h.homes);
	fsr_nodeset_free(h.seen);
	return 0;
}

const struct analyzer analyzer_history = {
	"history",
	"shell and program histories, judged; histories wiped or turned off",
	run,
};
