/*
 * authsrc.c - auth.log, secure and messages with their rotated copies:
 * sshd's accepted and failed logins, sudo, su and account changes
 *
 * Classic syslog stamps have no year and no zone.  The year comes from
 * the file's mtime (which dates its last line) after a first pass that
 * counts the new years inside the file; the zone is the server's own
 * /etc/localtime.  Lines with an RFC 3339 stamp are handled in the
 * first pass, classic ones in the second, so a file with no classic
 * line is read once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input.h"
#include "logins/logins.h"
#include "parse/authlog.h"
#include "util/tz.h"
#include "util/util.h"

#define PER_FILE_MAX	5

static const char *const auth_bases[] = { "auth.log", "secure", "messages" };

/* Groups whose members are root in all but name. */
static const char *const root_groups[] = { "sudo", "wheel", "admin", "root",
    "docker", "lxd", "lxc", "disk" };

struct afile {
	struct logins		*l;
	const char		*path;
	struct authlog_event	 ev;		/* large: kept off the stack */
	bool			 second;	/* pass for classic stamps */
	bool			 journal;	/* from the journal */
	uint64_t		 classic, events, dups;
	int64_t			 first, last;	/* UTC */
	unsigned		 ndenied, nadded, ngroup;
};

static int64_t
utc_of(const struct afile *f, const struct authlog_event *ev)
{
	int	amb;

	if (ev->time == TIME_NONE || !ev->local || f->l->tz == NULL)
		return ev->time;
	return tz_local_to_utc(f->l->tz, ev->time, &amb);
}

static bool
root_group(const char *g)
{
	size_t	i;

	for (i = 0; i < sizeof(root_groups) / sizeof(root_groups[0]); i++)
		if (strcmp(g, root_groups[i]) == 0)
			return true;
	return false;
}

static void
evidence(const struct authlog_event *ev, char *buf, size_t len)
{
	size_t	n = ev->msglen < len - 1 ? ev->msglen : len - 1;

	memcpy(buf, ev->msg, n);
	buf[n] = '\0';
}

static void
account_change(struct afile *f, const struct authlog_event *ev, int64_t t,
    long line)
{
	char	msg[512];
	bool	group_add;

	record(f->l->ax, &(struct record){ "account_change",
	    (const struct field[]){
	    FCOL("user", ev->user, 8), FCOL("change",
	    authlog_type_name(ev->type), 14), FTCOL("time", t),
	    FSTR("group", ev->group), FSTR("what", ev->what),
	    FSTR("value", ev->value), FSTR("by", ev->by_user),
	    FSTR("program", ev->program), FSTR("source", f->path),
	    FINT("line", line), FEND } });
	evidence(ev, msg, sizeof(msg));
	group_add = ev->type == AUTHLOG_GROUP_MEMBER_ADD ||
	    (ev->type == AUTHLOG_USER_ADD && ev->group[0] != '\0');
	if (group_add && root_group(ev->group) && f->ngroup++ < PER_FILE_MAX)
		finding(f->l->ax, CHECK_LOGINS_PRIVILEGED_GROUP_ADD,
		    &(struct fctx){ .path = f->path, .line = line,
		    .evidence = msg, .time = t });
	if (ev->type == AUTHLOG_USER_ADD && f->nadded++ < PER_FILE_MAX)
		finding(f->l->ax, CHECK_LOGINS_ACCOUNT_ADDED, &(struct fctx){
		    .path = f->path, .line = line, .evidence = msg,
		    .time = t });
}

/*
 * One event's identity across the text logs and the journal: rsyslog
 * writes what journald hands it, so the same sshd line is in both, with
 * the same kind, pid and user and a stamp at most a second apart.
 */
static uint64_t
event_key(const struct authlog_event *ev, int64_t t)
{
	uint64_t	h = 1469598103934665603ULL;
	const char	*s;

	h = (h ^ (uint64_t)ev->type) * 1099511628211ULL;
	h = (h ^ (uint64_t)ev->pid) * 1099511628211ULL;
	h = (h ^ (uint64_t)t) * 1099511628211ULL;
	for (s = ev->user; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static bool
seen_in_text(struct logins *l, const struct authlog_event *ev, int64_t t)
{
	return t != TIME_NONE && (keyset_has(&l->textkeys, event_key(ev, t)) ||
	    keyset_has(&l->textkeys, event_key(ev, t - 1)) ||
	    keyset_has(&l->textkeys, event_key(ev, t + 1)));
}

static void
handle(struct afile *f, const struct authlog_event *ev, long line)
{
	int64_t		 t = utc_of(f, ev);
	struct logins	*l = f->l;
	char		 msg[512];
	enum login_what	 what;

	if (ev->type != AUTHLOG_OTHER && f->journal &&
	    seen_in_text(l, ev, t)) {
		f->dups++;
		return;
	}
	if (ev->type != AUTHLOG_OTHER && !f->journal && t != TIME_NONE)
		keyset_add(&l->textkeys, event_key(ev, t));
	if (t != TIME_NONE) {
		if (f->first == TIME_NONE || t < f->first)
			f->first = t;
		if (f->last == TIME_NONE || t > f->last)
			f->last = t;
	}
	switch (ev->type) {
	case AUTHLOG_SSH_ACCEPTED:
		logins_event(l, &(struct login_event){ LSRC_AUTHLOG, LOGIN_OK,
		    t, ev->user, ev->addr, "ssh", f->path, line });
		record(l->ax, &(struct record){ "ssh_login",
		    (const struct field[]){
		    FCOL("user", ev->user, 8), FCOL("from", ev->addr, 16),
		    FTCOL("time", t), FSTR("method", ev->method),
		    FSTR("key", ev->key), FSTR("source", f->path),
		    FINT("line", line), FEND } });
		break;
	case AUTHLOG_SSH_FAILED:
	case AUTHLOG_SSH_INVALID_USER:
		what = ev->type == AUTHLOG_SSH_FAILED ? LOGIN_FAIL :
		    LOGIN_INVALID;
		logins_event(l, &(struct login_event){ LSRC_AUTHLOG, what,
		    t, ev->user, ev->addr, "ssh", f->path, line });
		break;
	case AUTHLOG_SUDO_COMMAND:
		record(l->ax, &(struct record){ "sudo", (const struct field[]){
		    FCOL("user", ev->user, 8), FTCOL("time", t),
		    FSTR("as", ev->target_user), FSTR("command", ev->command),
		    FSTR("tty", ev->tty), FSTR("pwd", ev->pwd),
		    FSTR("source", f->path), FINT("line", line), FEND } });
		break;
	case AUTHLOG_SUDO_BAD_PASSWORD:
	case AUTHLOG_SUDO_NOT_SUDOERS:
	case AUTHLOG_SUDO_REFUSED:
		evidence(ev, msg, sizeof(msg));
		record(l->ax, &(struct record){ "sudo_denied",
		    (const struct field[]){
		    FCOL("user", ev->user, 8), FTCOL("time", t),
		    FSTR("as", ev->target_user), FSTR("command", ev->command),
		    FSTR("source", f->path), FINT("line", line), FEND } });
		if (f->ndenied++ < PER_FILE_MAX)
			finding(l->ax, CHECK_LOGINS_SUDO_DENIED, &(struct fctx){
			    .path = f->path, .line = line, .evidence = msg,
			    .time = t });
		break;
	case AUTHLOG_SU:
	case AUTHLOG_SU_FAILED:
		record(l->ax, &(struct record){ "su", (const struct field[]){
		    FCOL("user", ev->user, 8), FTCOL("time", t),
		    FSTR("to", ev->target_user), FSTR("tty", ev->tty),
		    FBOOL("ok", ev->type == AUTHLOG_SU),
		    FSTR("source", f->path), FINT("line", line), FEND } });
		break;
	case AUTHLOG_USER_ADD:
	case AUTHLOG_USER_DEL:
	case AUTHLOG_USER_MOD:
	case AUTHLOG_GROUP_ADD:
	case AUTHLOG_GROUP_DEL:
	case AUTHLOG_GROUP_MEMBER_ADD:
	case AUTHLOG_GROUP_MEMBER_DEL:
	case AUTHLOG_PASSWORD_CHANGED:
		account_change(f, ev, t, line);
		break;
	default:
		return;
	}
	f->events++;
}

/* One pass over the file; -1 if it could not be opened. */
static int
pass(struct afile *f, struct authlog_year *yr)
{
	struct instream	*in;
	const char	*line;
	size_t		 len;
	char		 err[600];
	bool		 cut;
	int		 rc;

	in = instream_open(f->l->ax->tree, f->path, NULL, err, sizeof(err));
	if (in == NULL) {
		ax_err(f->l->ax, "%s", err);
		return -1;
	}
	while ((rc = instream_getline(in, &line, &len, &cut)) == 1) {
		if (authlog_parse_line(line, len, yr, &f->ev) < 0)
			continue;
		if (!f->second && !f->ev.has_year) {
			f->classic++;
			continue;
		}
		if (f->second && f->ev.local && f->ev.has_year)
			handle(f, &f->ev, instream_lineno(in));
		else if (!f->second && f->ev.has_year)
			handle(f, &f->ev, instream_lineno(in));
	}
	if (rc < 0 && !f->second)
		ax_err(f->l->ax, "%s", instream_errmsg(in));
	instream_close(in);
	return 0;
}

static void
read_file(struct logins *l, const struct logfile *lf)
{
	struct afile		*f;
	struct authlog_year	 yr;
	int			 year;

	f = xcalloc(1, sizeof(*f));
	f->l = l;
	f->path = lf->path;
	f->first = f->last = TIME_NONE;
	authlog_year_init(&yr, 0);
	if (pass(f, &yr) < 0)
		goto out;
	if (f->classic > 0) {
		year = authlog_year_first(&yr, lf->st.mtime.sec);
		authlog_year_init(&yr, year);
		f->second = true;
		if (year != 0)
			pass(f, &yr);
	}
	if (lf->kind == LOG_CURRENT)
		check_emptied(l, lf->path, &lf->st);
	/* A classic stamp was dated by the mtime: it cannot judge it. */
	if (!lf->gz && (f->classic == 0 || l->tz != NULL))
		check_mtime(l, lf->path, &lf->st, f->last);
	logins_source(l, &(struct source_info){ (char *)lf->path, "syslog",
	    f->events, f->classic > 0 ? (l->tz ? "classic stamps, server "
	    "zone" : "classic stamps, taken as UTC") : "RFC 3339 stamps",
	    f->first, f->last, lf->st.mtime.sec });
out:
	free(f);
}

void
auth_sources(struct logins *l)
{
	struct logset	set;
	size_t		i, k;

	for (k = 0; k < sizeof(auth_bases) / sizeof(auth_bases[0]); k++) {
		if (logset_find(l->ax->tree, "/var/log", auth_bases[k],
		    &set) != 0) {
			ax_err(l->ax, "/var/log: %s",
			    fsr_tree_errmsg(l->ax->tree));
			return;
		}
		for (i = 0; i < set.n; i++)
			read_file(l, &set.files[i]);
		logset_free(&set);
	}
}

struct authfeed *
authfeed_new(struct logins *l, const char *path)
{
	struct afile	*f = xcalloc(1, sizeof(*f));

	f->l = l;
	f->path = path;
	f->journal = true;
	f->first = f->last = TIME_NONE;
	return (struct authfeed *)f;
}

void
authfeed_line(struct authfeed *af, const char *line, size_t len, long n)
{
	struct afile	*f = (struct afile *)af;

	if (authlog_parse_line(line, len, NULL, &f->ev) == 0 &&
	    f->ev.has_year)
		handle(f, &f->ev, n);
}

uint64_t
authfeed_free(struct authfeed *af, uint64_t *events, int64_t *first,
    int64_t *last)
{
	struct afile	*f = (struct afile *)af;
	uint64_t	 dups;

	if (f == NULL)
		return 0;
	*events = f->events;
	*first = f->first;
	*last = f->last;
	dups = f->dups;
	free(f);
	return dups;
}
