/*
 * dbsrc.c - wtmpdb and lastlog2, the SQLite databases newer distributions
 * write instead of wtmp and lastlog
 *
 * Each database is copied from the server (bounded) and opened from
 * memory, read-only (parse/sqlitedb.c): never through a host path.
 * wtmpdb pairs logins itself (a row has Login and Logout); an open row
 * followed by a boot row is a crash, as wtmpdb's own `last` says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "logins/logins.h"
#include "parse/lastlog2.h"
#include "parse/wtmpdb.h"
#include "util/util.h"

#define DB_MAX		((size_t)256 << 20)
#define WTMPDB_DIR	"/var/lib/wtmpdb"
#define LASTLOG2_PATH	"/var/lib/lastlog/lastlog2.db"
#define OPEN_MAX	4096	/* open sessions waiting for their end */
#define WANT_MAX	4096

struct open_row {
	char	 user[33], tty[33], host[257];
	int64_t	 login, id;
};

struct dbread {
	struct logins	*l;
	const char	*path;
	struct open_row	*open;
	size_t		 nopen;
	uint64_t	 rows, gaps;
	int64_t		 first, last;
};

static void
session_record(struct dbread *d, const char *kind, const char *user,
    const char *tty, const char *host, int64_t start, int64_t end,
    const char *status, int64_t id)
{
	record(d->l->ax, &(struct record){ kind, (const struct field[]){
	    FCOL("user", user, 8), FCOL("tty", tty, 7), FCOL("host", host, 16),
	    FTCOL("start", start), FTCOL("end", end), FBARE("status", status),
	    FDUR("duration", end != TIME_NONE && end >= start ? end - start :
	    -1), FSTR("source", d->path), FINT("record", id), FEND } });
}

/* The sessions still open when a boot row came: they crashed. */
static void
crash_open(struct dbread *d, int64_t boot)
{
	size_t	i;

	for (i = 0; i < d->nopen; i++) {
		struct open_row	*o = &d->open[i];

		session_record(d, "login", o->user, o->tty, o->host, o->login,
		    boot, "crash", o->id);
	}
	d->nopen = 0;
}

static void
still_open(struct dbread *d)
{
	char	ev[400], t[TIME_ISO_LEN];
	size_t	i;

	for (i = 0; i < d->nopen; i++) {
		struct open_row	*o = &d->open[i];

		session_record(d, "login", o->user, o->tty, o->host, o->login,
		    TIME_NONE, "still logged in", o->id);
		time_iso(o->login, t, sizeof(t));
		snprintf(ev, sizeof(ev), "%s %s from %s since %s", o->user,
		    o->tty, o->host[0] ? o->host : "(local)", t);
		finding(d->l->ax, host_is_remote(o->host) ?
		    CHECK_LOGINS_STILL_LOGGED_IN_REMOTE :
		    CHECK_LOGINS_STILL_LOGGED_IN_LOCAL, &(struct fctx){
		    .path = d->path, .line = (long)o->id, .evidence = ev,
		    .time = o->login });
	}
	d->nopen = 0;
}

static int
on_row(const struct wtmpdb_row *r, void *arg)
{
	struct dbread	*d = arg;
	const char	*user = r->user ? r->user : "";
	const char	*tty = r->tty ? r->tty : "";
	const char	*host = r->host ? r->host : "";
	int64_t		 in, out;
	char		 ev[160];

	d->rows++;
	if (r->index > 0 && r->ids_skipped > 0 && d->gaps++ < 5) {
		snprintf(ev, sizeof(ev), "%llu rows missing before ID %lld",
		    (unsigned long long)r->ids_skipped, (long long)r->id);
		finding(d->l->ax, CHECK_LOGINS_WTMPDB_GAP, &(struct fctx){
		    .path = d->path, .line = (long)r->id, .evidence = ev,
		    .time = r->login_usec == TIME_NONE ? TIME_NONE :
		    r->login_usec / 1000000 });
	}
	if (r->login_usec == TIME_NONE)
		return 0;
	in = r->login_usec / 1000000;
	out = r->logout_usec == TIME_NONE ? TIME_NONE :
	    r->logout_usec / 1000000;
	if (d->first == TIME_NONE || in < d->first)
		d->first = in;
	if (d->last == TIME_NONE || in > d->last)
		d->last = in;
	if (out != TIME_NONE && out > d->last)
		d->last = out;
	if (r->type == WTMPDB_BOOT_TIME) {
		crash_open(d, in);
		session_record(d, "boot", user, "system boot", host, in, out,
		    out == TIME_NONE ? "still running" : NULL, r->id);
		return 0;
	}
	if (r->type != WTMPDB_USER_PROCESS)
		return 0;
	logins_event(d->l, &(struct login_event){ LSRC_WTMP, LOGIN_OK, in,
	    user, host, tty, d->path, (long)r->id });
	if (logins_is_uid0_alias(d->l, user) && !host_is_remote(host)) {
		snprintf(ev, sizeof(ev), "%s on %s", user, tty);
		finding(d->l->ax, CHECK_LOGINS_UID0_ALIAS, &(struct fctx){
		    .path = d->path, .line = (long)r->id, .evidence = ev,
		    .time = in });
	}
	if (out != TIME_NONE) {
		session_record(d, "login", user, tty, host, in, out, NULL,
		    r->id);
		return 0;
	}
	if (d->nopen == OPEN_MAX)
		still_open(d);	/* a forged table: report them now */
	d->open = xrealloc(d->open, (d->nopen + 1) * sizeof(*d->open));
	snprintf(d->open[d->nopen].user, 33, "%s", user);
	snprintf(d->open[d->nopen].tty, 33, "%s", tty);
	snprintf(d->open[d->nopen].host, 257, "%s", host);
	d->open[d->nopen].login = in;
	d->open[d->nopen++].id = r->id;
	return 0;
}

/* The whole of a small database, or NULL having said why not. */
static char *
slurp_db(struct logins *l, const char *path, size_t *len,
    struct fsr_stat *st)
{
	struct fsr_node	 n;
	char		*buf;
	int		 rc;

	if ((rc = fsr_stat_path(l->ax->tree, path, 0, &n, st)) < 0) {
		if (rc != -ENOENT)
			ax_err(l->ax, "%s: %s", path, strerror(-rc));
		return NULL;
	}
	if ((rc = fsr_slurp(l->ax->tree, path, DB_MAX, &buf, len)) < 0) {
		ax_err(l->ax, "%s: %s", path, rc == -EFBIG ?
		    "larger than 256 MiB, not read" : strerror(-rc));
		return NULL;
	}
	return buf;
}

static void
read_wtmpdb(struct logins *l, const char *path)
{
	struct dbread		d = { l, path, NULL, 0, 0, 0, TIME_NONE,
				    TIME_NONE };
	struct sqlitedb_stats	stats;
	struct fsr_stat		st;
	char			*buf, err[256];
	size_t			 len;

	if ((buf = slurp_db(l, path, &len, &st)) == NULL)
		return;
	l->have_wtmpdb = true;
	if (wtmpdb_read(buf, len, on_row, &d, &stats, err, sizeof(err)) < 0)
		ax_err(l->ax, "%s: %s", path, err);
	else if (stats.corrupt)
		ax_err(l->ax, "%s: %s", path, stats.check);
	still_open(&d);
	if (l->wtmp_cover_from == TIME_NONE ||
	    (d.first != TIME_NONE && d.first < l->wtmp_cover_from))
		l->wtmp_cover_from = d.first;
	l->wtmp_files++;
	check_mtime(l, path, &st, d.last);
	logins_source(l, &(struct source_info){ (char *)path, "wtmpdb",
	    d.rows, NULL, d.first, d.last, st.mtime.sec });
	free(d.open);
	free(buf);
}

static int
db_name(const struct fsr_dirent *e, void *arg)
{
	char	***names = arg;
	size_t	  n = 0;
	size_t	  len = strlen(e->name);

	if (len < 4 || strcmp(e->name + len - 3, ".db") != 0 ||
	    strncmp(e->name, "wtmp", 4) != 0)
		return 0;
	while ((*names)[n] != NULL)
		n++;
	if (n == 255)
		return 0;
	(*names)[n] = xstrdup(e->name);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	const char	*x = *(const char *const *)a;
	const char	*y = *(const char *const *)b;

	/* wtmp.db, the current one, after wtmp_YYYYMMDD.db */
	if (strcmp(x, "wtmp.db") == 0 || strcmp(y, "wtmp.db") == 0)
		return strcmp(x, "wtmp.db") == 0 ? 1 : -1;
	return strcmp(x, y);
}

void
wtmpdb_source(struct logins *l)
{
	struct fsr_node	  n;
	char		**names, path[512];
	size_t		  i, count = 0;

	if (fsr_lookup(l->ax->tree, WTMPDB_DIR, 0, &n, NULL, 0) != 0)
		return;
	names = xcalloc(256, sizeof(*names));
	fsr_readdir(l->ax->tree, &n, db_name, &names);
	while (names[count] != NULL)
		count++;
	qsort(names, count, sizeof(*names), by_name);
	for (i = 0; i < count; i++) {
		snprintf(path, sizeof(path), WTMPDB_DIR "/%s", names[i]);
		read_wtmpdb(l, path);
		free(names[i]);
	}
	free(names);
}

static int
on_lastlog2(const struct lastlog2_row *r, void *arg)
{
	struct logins		*l = arg;
	struct lastlog_want	*w;

	if (r->user == NULL || r->time <= 0 || l->nwant == WANT_MAX)
		return 0;
	l->want = xrealloc(l->want, (l->nwant + 1) * sizeof(*l->want));
	w = &l->want[l->nwant++];
	memset(w, 0, sizeof(*w));
	snprintf(w->user, sizeof(w->user), "%s", r->user);
	snprintf(w->tty, sizeof(w->tty), "%s", r->tty ? r->tty : "");
	snprintf(w->host, sizeof(w->host), "%s", r->host ? r->host : "");
	w->uid = UINT64_MAX;
	w->time = r->time;
	w->wtmp_latest = TIME_NONE;
	if (l->lastlog_path == NULL)
		l->lastlog_path = LASTLOG2_PATH;
	return 0;
}

void
lastlog2_source(struct logins *l)
{
	struct fsr_stat	 st;
	char		*buf, err[256];
	size_t		 len, before = l->nwant;

	if ((buf = slurp_db(l, LASTLOG2_PATH, &len, &st)) == NULL)
		return;
	if (lastlog2_read(buf, len, on_lastlog2, l, NULL, err,
	    sizeof(err)) < 0)
		ax_err(l->ax, "%s: %s", LASTLOG2_PATH, err);
	logins_source(l, &(struct source_info){ (char *)LASTLOG2_PATH,
	    "lastlog2", l->nwant - before, NULL, TIME_NONE, TIME_NONE,
	    st.mtime.sec });
	free(buf);
}
