/*
 * cron.c - cron and at: /etc/crontab, /etc/cron.d, the users' crontabs
 * (Debian's /var/spool/cron/crontabs, RHEL's /var/spool/cron), anacrontab,
 * the run-parts directories and queued at jobs; every job a record, its
 * command judged by the intrusion rules, loose file modes a finding
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input.h"
#include "parse/crontab.h"
#include "persist/script.h"
#include "util/util.h"

#define READ_CHUNK	(64 * 1024)
#define TEXT_MAX	4096

struct cronfile {
	struct persist		*p;
	const char		*path;
	const char		*user;		/* USER mode: the file's */
	const struct fsr_stat	*st;
};

/* "*" + "/5" ... is cheap to say for the common forms only. */
static void
say_schedule(const struct crontab_entry *e, char *buf, size_t len)
{
	int	n = 0, i;

	if (e->runs_at_reboot) {
		snprintf(buf, len, "at every boot");
		return;
	}
	for (i = 0; i < 60; i++)
		n += (e->minutes >> i) & 1;
	if (e->hours == 0xffffff && (e->mdays & 0xfffffffe) == 0xfffffffe &&
	    n > 1 && 60 % n == 0)
		snprintf(buf, len, "every %d minutes", 60 / n);
	else if (e->hours == 0xffffff && n == 1)
		snprintf(buf, len, "hourly");
	else
		snprintf(buf, len, "at %.*s", (int)(e->schedlen < 64 ?
		    e->schedlen : 64), e->sched);
}

static int
on_job(const struct crontab_entry *e, void *arg)
{
	struct cronfile	*c = arg;
	char		 user[64], sched[128], detail[256], *cmd, *sc;
	size_t		 cl, i, j;

	if (e->kind != CRONTAB_JOB)
		return 0;
	if (e->userlen > 0)
		snprintf(user, sizeof(user), "%.*s", (int)e->userlen,
		    e->user);
	else
		snprintf(user, sizeof(user), "%s", c->user != NULL ?
		    c->user : "root");
	cl = e->commandlen < TEXT_MAX ? e->commandlen : TEXT_MAX;
	cmd = xmalloc(cl + 1);
	memcpy(cmd, e->command, cl);
	cmd[cl] = '\0';
	/* "25 6\t* * *" as one line: blanks folded */
	sc = xmalloc(e->schedlen + 1);
	for (i = j = 0; i < e->schedlen; i++)
		if (e->sched[i] != ' ' && e->sched[i] != '\t')
			sc[j++] = e->sched[i];
		else if (j > 0 && sc[j - 1] != ' ')
			sc[j++] = ' ';
	sc[j] = '\0';
	record(c->p->ax, &(struct record){ "cron", (const struct field[]){
	    FCOL("user", user, 8), FCOL("schedule", sc, 14),
	    FBARE("command", c->p->ax->brief ? NULL : cmd),
	    FSTR("path", c->path),
	    FINT("line", e->line), FEND } });
	say_schedule(e, sched, sizeof(sched));
	snprintf(detail, sizeof(detail), "cron job of %s, %s", user, sched);
	persist_judge(c->p, AREA_CRON, c->path, e->line, c->st->mtime.sec,
	    e->command, e->commandlen, detail);
	free(sc);
	free(cmd);
	return 0;
}

static void
check_mode(struct persist *p, const char *path, const struct fsr_stat *st,
    bool system)
{
	char	ev[128], m[16];

	mode_str(st->mode, m);
	if (st->mode & 022) {
		snprintf(ev, sizeof(ev), "%s uid %u gid %u", m,
		    (unsigned)st->uid, (unsigned)st->gid);
		finding(p->ax, CHECK_CRON_WRITABLE, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->ctime.sec });
	}
	if (system && st->uid != 0) {
		snprintf(ev, sizeof(ev), "owner uid %u (%s)",
		    (unsigned)st->uid, persist_user(p, st->uid) != NULL ?
		    persist_user(p, st->uid) : "?");
		finding(p->ax, CHECK_CRON_OWNER, &(struct fctx){
		    .path = path, .evidence = ev, .time = st->ctime.sec });
	}
}

static void
crontab(struct persist *p, const char *path, const struct fsr_stat *st,
    enum crontab_mode mode, const char *user)
{
	struct cronfile		 c = { p, path, user, st };
	struct crontab_parser	 cp;
	struct instream		*in;
	char			*buf, err[600];
	ssize_t			 got;

	if ((in = instream_open(p->ax->tree, path, NULL, err,
	    sizeof(err))) == NULL) {
		ax_err(p->ax, "%s", err);
		return;
	}
	instream_squeeze_holes(in);
	check_mode(p, path, st, mode != CRONTAB_USER);
	persist_changed(p, path, st, "crontab");
	crontab_parser_init(&cp, mode);
	buf = xmalloc(READ_CHUNK);
	while ((got = instream_read(in, buf, READ_CHUNK)) > 0)
		crontab_feed(&cp, buf, (size_t)got, on_job, &c);
	if (got < 0)
		ax_err(p->ax, "%s", instream_errmsg(in));
	crontab_finish(&cp, on_job, &c);
	crontab_parser_release(&cp);
	free(buf);
	instream_close(in);
}

static void
system_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	(void)arg;
	crontab(p, path, st, CRONTAB_SYSTEM, NULL);
}

static void
user_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	const char	*user = strrchr(path, '/') + 1;

	(void)arg;
	crontab(p, path, st, CRONTAB_USER, user);
}

/* A run-parts script (ARG: "daily") or an at job (ARG: NULL). */
static void
script_file(struct persist *p, const char *path, const struct fsr_stat *st,
    void *arg)
{
	const char	*when = arg, *user;
	char		 detail[128], uid[16];

	if (when != NULL) {
		user = "root";
		snprintf(detail, sizeof(detail), "run-parts script, %s as "
		    "root", when);
	} else {
		if ((user = persist_user(p, st->uid)) == NULL) {
			snprintf(uid, sizeof(uid), "%u", (unsigned)st->uid);
			user = uid;
		}
		snprintf(detail, sizeof(detail), "at job of %s", user);
	}
	record(p->ax, &(struct record){ "cron", (const struct field[]){
	    FCOL("user", user, 8), FCOL("schedule", when != NULL ? when :
	    "at", 14), FBARE("command", path), FSTR("path", path),
	    FTIME("mtime", st->mtime.sec), FEND } });
	check_mode(p, path, st, false);
	persist_changed(p, path, st, when != NULL ? "cron script" : "at job");
	persist_script(p, AREA_CRON, path, detail, NULL);
}

void
persist_cron(struct persist *p)
{
	static const char *const parts[] = { "hourly", "daily", "weekly",
	    "monthly" };
	struct fsr_node	n;
	struct fsr_stat	st;
	char		dir[64];
	size_t		i;

	if (fsr_stat_path(p->ax->tree, "/etc/crontab", 0, &n, &st) == 0 &&
	    S_ISREG(st.mode))
		crontab(p, "/etc/crontab", &st, CRONTAB_SYSTEM, NULL);
	persist_each_file(p, "/etc/cron.d", system_file, NULL);
	persist_each_file(p, "/var/spool/cron/crontabs", user_file, NULL);
	/* RHEL: the users' crontabs right there; Debian's dirs are skipped */
	persist_each_file(p, "/var/spool/cron", user_file, NULL);
	if (fsr_stat_path(p->ax->tree, "/etc/anacrontab", 0, &n, &st) == 0 &&
	    S_ISREG(st.mode))
		crontab(p, "/etc/anacrontab", &st, CRONTAB_ANACRON, NULL);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		snprintf(dir, sizeof(dir), "/etc/cron.%s", parts[i]);
		persist_each_file(p, dir, script_file, (void *)parts[i]);
	}
	persist_each_file(p, "/var/spool/cron/atjobs", script_file, NULL);
	persist_each_file(p, "/var/spool/at", script_file, NULL);
}
