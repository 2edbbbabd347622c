/*
 * journalsrc.c - the systemd journal as a login source, and the signs
 * that someone cut it short: files missing from the middle, a journal
 * that stops while the other logs go on, one vacuumed to nearly nothing,
 * journald told to keep nothing on disk
 *
 * Each entry with a syslog identifier and a message becomes the syslog
 * line rsyslog would have written (RFC 3339 stamp, UTC) and goes through
 * authsrc.c's handling, so sshd, sudo, su and shadow's tools are read by
 * one parser whatever file they came from; an event auth.log already
 * gave is not counted again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/journalset.h"
#include "logins/logins.h"
#include "parse/authlog.h"
#include "parse/unitfile.h"
#include "util/util.h"

#define LINE_MAX_LEN	(AUTHLOG_MSG_MAX + 512)
#define HOUR		3600
#define DAY		86400
/* A vacuumed journal: small, and starting days after wtmp's logins. */
#define VACUUM_BYTES	((uint64_t)32 << 20)
#define VACUUM_LAG	(2 * DAY)
/* journald.conf changed this close to the last activity: recent. */
#define RECENT		(30 * DAY)
#define GAPS_MAX	5

struct jsrc {
	struct logins		*l;
	struct journalset	 set;
	struct authfeed		**feed;		/* one per file */
	char			*line;
	uint64_t		 bytes;		/* of every journal file */
	int64_t			 first, last;	/* of every entry, UTC */
};

static void
file_err(const char *path, const char *msg, void *arg)
{
	struct jsrc	*j = arg;

	ax_err(j->l->ax, "%s: %s", path, msg);
}

static const struct journal_field *
field(const struct journal_entry *e, const char *name)
{
	const struct journal_field	*f = journal_field(e, name);

	return f != NULL && f->len > 0 ? f : NULL;
}

/* "2026-11-20T08:24:11.123456+00:00 HOST IDENT[PID]: MESSAGE" */
static size_t
syslog_line(const struct journal_entry *e, char *buf, size_t len)
{
	const struct journal_field	*id, *msg, *pid, *host;
	char				 t[40];
	int				 n;

	if ((id = field(e, "SYSLOG_IDENTIFIER")) == NULL ||
	    (msg = field(e, "MESSAGE")) == NULL || msg->len > AUTHLOG_MSG_MAX)
		return 0;
	if ((pid = field(e, "SYSLOG_PID")) == NULL)
		pid = field(e, "_PID");
	host = field(e, "_HOSTNAME");
	time_iso((int64_t)(e->realtime / 1000000), t, sizeof(t));
	t[strcspn(t, "Z")] = '\0';
	n = snprintf(buf, len, "%s.%06u+00:00 %.*s %.*s%s%.*s%s: %.*s", t,
	    (unsigned)(e->realtime % 1000000),
	    host ? (int)(host->len < 255 ? host->len : 255) : 1,
	    host ? (const char *)host->value : "-",
	    (int)(id->len < 63 ? id->len : 63), (const char *)id->value,
	    pid ? "[" : "", pid ? (int)(pid->len < 20 ? pid->len : 20) : 0,
	    pid ? (const char *)pid->value : "", pid ? "]" : "",
	    (int)msg->len, (const char *)msg->value);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

static void
read_entries(struct jsrc *j)
{
	const struct journal_entry	*e;
	const struct jsfile		*jf;
	size_t				 i, n;
	int64_t				 t;

	while (journalset_next(&j->set, &e, &jf) == 1) {
		t = (int64_t)(e->realtime / 1000000);
		if (j->first == TIME_NONE || t < j->first)
			j->first = t;
		if (j->last == TIME_NONE || t > j->last)
			j->last = t;
		if ((n = syslog_line(e, j->line, LINE_MAX_LEN)) == 0)
			continue;
		i = (size_t)(jf - j->set.files);
		if (j->feed[i] == NULL)
			j->feed[i] = authfeed_new(j->l, jf->path);
		authfeed_line(j->feed[i], j->line, n, 0);
	}
	journalset_damage(&j->set, file_err, j);
}

static void
sources(struct jsrc *j)
{
	const struct journal_stats	*s;
	struct jsfile			*jf;
	uint64_t			 events, dups = 0;
	int64_t				 first, last;
	size_t				 i;

	for (i = 0; i < j->set.n; i++) {
		jf = &j->set.files[i];
		j->bytes += jf->st.size;
		if (jf->j == NULL)
			continue;
		s = journal_stats(jf->j);
		events = 0;
		first = last = TIME_NONE;
		dups += authfeed_free(j->feed[i], &events, &first, &last);
		j->feed[i] = NULL;
		logins_source(j->l, &(struct source_info){ jf->path,
		    "journal", s->nentries,
		    journal_state_name(journal_header(jf->j)->state),
		    s->nentries ? (int64_t)(s->first_realtime / 1000000) :
		    TIME_NONE, s->nentries ?
		    (int64_t)(s->last_realtime / 1000000) : TIME_NONE,
		    jf->st.mtime.sec });
	}
	if (dups > 0)
		report_note(j->l->ax->report, "%llu login events of the "
		    "journal were also in the text logs: counted once",
		    (unsigned long long)dups);
}

/* Files by seqnum_id, then by first seqnum read. */
static int
by_seqnum(const void *a, const void *b)
{
	const struct jsfile	*x = *(const struct jsfile *const *)a;
	const struct jsfile	*y = *(const struct jsfile *const *)b;
	const struct journal_stats *sx = journal_stats(x->j);
	const struct journal_stats *sy = journal_stats(y->j);
	int			 c;

	c = memcmp(journal_header(x->j)->seqnum_id,
	    journal_header(y->j)->seqnum_id, 16);
	if (c != 0)
		return c;
	return sx->first_seqnum < sy->first_seqnum ? -1 :
	    sx->first_seqnum > sy->first_seqnum;
}

/*
 * Every journal file of one journald (one seqnum_id) draws from one
 * counter, system and user files alike.  Vacuuming removes the oldest
 * files; a range of seqnums that no remaining file spans, with files
 * before and after it, held entries someone removed.
 */
static void
check_gaps(struct jsrc *j)
{
	const struct jsfile		**v;
	const struct journal_stats	*s;
	const struct jsfile		*prev = NULL;
	uint64_t			 upto = 0;
	size_t				 i, n = 0, ngaps = 0;
	char				 ev[600];

	v = xcalloc(j->set.n ? j->set.n : 1, sizeof(*v));
	for (i = 0; i < j->set.n; i++)
		if (j->set.files[i].j != NULL &&
		    journal_stats(j->set.files[i].j)->nentries > 0)
			v[n++] = &j->set.files[i];
	qsort(v, n, sizeof(*v), by_seqnum);
	for (i = 0; i < n; i++) {
		s = journal_stats(v[i]->j);
		if (prev != NULL && memcmp(journal_header(prev->j)->seqnum_id,
		    journal_header(v[i]->j)->seqnum_id, 16) != 0)
			prev = NULL;
		if (prev != NULL && s->first_seqnum > upto + 1 &&
		    ngaps++ < GAPS_MAX) {
			snprintf(ev, sizeof(ev), "entries %llu-%llu (%llu) are "
			    "in no journal file; %s ends before them, %s "
			    "starts after", (unsigned long long)upto + 1,
			    (unsigned long long)s->first_seqnum - 1,
			    (unsigned long long)(s->first_seqnum - upto - 1),
			    prev->path, v[i]->path);
			finding(j->l->ax, CHECK_JOURNAL_FILE_MISSING,
			    &(struct fctx){ .path = v[i]->path,
			    .evidence = ev, .time = (int64_t)
			    (s->first_realtime / 1000000) });
		}
		if (prev == NULL || s->last_seqnum > upto) {
			upto = s->last_seqnum;
			prev = v[i];
		}
	}
	free(v);
}

/* The latest time any other login source saw. */
static int64_t
others_last(const struct logins *l, const char **what)
{
	int64_t	last = TIME_NONE;
	size_t	i;

	for (i = 0; i < l->nsources; i++) {
		if (strcmp(l->sources[i].format, "journal") == 0 ||
		    l->sources[i].last == TIME_NONE)
			continue;
		if (last == TIME_NONE || l->sources[i].last > last) {
			last = l->sources[i].last;
			*what = l->sources[i].path;
		}
	}
	return last;
}

static void
check_span(struct jsrc *j, int64_t others, const char *other, bool limited)
{
	struct logins	*l = j->l;
	char		 ev[600], a[40], b[40];

	if (j->last == TIME_NONE)
		return;
	if (others != TIME_NONE && others > j->last + HOUR) {
		time_iso(j->last, a, sizeof(a));
		time_iso(others, b, sizeof(b));
		snprintf(ev, sizeof(ev), "the journal ends %s; %s goes on to "
		    "%s", a, other, b);
		finding(l->ax, CHECK_JOURNAL_STOPS_EARLY, &(struct fctx){
		    .path = "/var/log/journal", .evidence = ev,
		    .time = j->last });
	}
	if (!limited && l->wtmp_first_login != TIME_NONE &&
	    j->bytes < VACUUM_BYTES &&
	    j->first > l->wtmp_first_login + VACUUM_LAG) {
		time_iso(j->first, a, sizeof(a));
		time_iso(l->wtmp_first_login, b, sizeof(b));
		snprintf(ev, sizeof(ev), "%llu KiB of journal starting %s; "
		    "wtmp has logins from %s", (unsigned long long)
		    (j->bytes >> 10), a, b);
		finding(l->ax, CHECK_JOURNAL_VACUUMED, &(struct fctx){
		    .path = "/var/log/journal", .evidence = ev,
		    .time = j->first });
	}
}

struct storage {
	char		 value[32];
	unsigned	 line;
	bool		 set;
	bool		 limited;	/* SystemMaxUse=, MaxRetentionSec=... */
};

static int
on_setting(const struct unit_event *ev, void *arg)
{
	struct storage	*s = arg;

	if (ev->kind != UNIT_ASSIGN || strcmp(ev->section, "Journal") != 0)
		return 0;
	/* a journal kept small on purpose is no sign of a vacuum */
	if (strcmp(ev->key, "SystemMaxUse") == 0 ||
	    strcmp(ev->key, "SystemMaxFiles") == 0 ||
	    strcmp(ev->key, "MaxRetentionSec") == 0 ||
	    strcmp(ev->key, "SystemKeepFree") == 0)
		s->limited = ev->value[0] != '\0';
	if (strcmp(ev->key, "Storage") != 0)
		return 0;
	snprintf(s->value, sizeof(s->value), "%s", ev->value);
	s->line = ev->line;
	s->set = true;
	return 0;
}

struct dropins {
	char	**path;		/* full paths, by name; later dirs win */
	size_t	  n;
	const char *dir;
};

static int
on_dropin(const struct fsr_dirent *de, void *arg)
{
	struct dropins	*d = arg;
	size_t		 i;
	char		*p;

	if (de->namelen < 6 || strcmp(de->name + de->namelen - 5, ".conf")
	    != 0 || d->n >= 256)
		return FSR_WALK_CONT;
	p = xmalloc(strlen(d->dir) + de->namelen + 2);
	sprintf(p, "%s/%s", d->dir, de->name);
	for (i = 0; i < d->n; i++)
		if (strcmp(strrchr(d->path[i], '/'), strrchr(p, '/')) == 0) {
			free(d->path[i]);
			d->path[i] = p;
			return FSR_WALK_CONT;
		}
	d->path = xrealloc(d->path, (d->n + 1) * sizeof(*d->path));
	d->path[d->n++] = p;
	return FSR_WALK_CONT;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(strrchr(*(char *const *)a, '/'),
	    strrchr(*(char *const *)b, '/'));
}

/* Whether PATH sets Storage=; the last setting read wins. */
static bool
read_conf(struct fsr_tree *t, const char *path, struct storage *s)
{
	struct unit_parser	up;
	char			*buf;
	size_t			 len;
	bool			 before = s->set;

	if (fsr_slurp(t, path, 1 << 20, &buf, &len) != 0)
		return false;
	s->set = false;
	unit_parser_init(&up);
	unit_feed(&up, buf, len, on_setting, s);
	unit_finish(&up, on_setting, s);
	unit_parser_release(&up);
	free(buf);
	if (s->set)
		return true;
	s->set = before;
	return false;
}

/*
 * journald.conf, then the drop-ins of every directory by name
 * (journald.conf(5)): Storage=none or volatile leaves no journal on
 * disk, a classic first step of covering one's tracks.
 */
static bool
check_storage(struct jsrc *j, int64_t activity)
{
	static const char *const dirs[] = { "/usr/lib/systemd/journald.conf.d",
	    "/usr/local/lib/systemd/journald.conf.d",
	    "/run/systemd/journald.conf.d", "/etc/systemd/journald.conf.d" };
	struct fsr_tree	*t = j->l->ax->tree;
	struct dropins	 d = { NULL, 0, NULL };
	struct storage	 s = { "", 0, false, false };
	struct fsr_node	 n;
	struct fsr_stat	 st;
	char		 ev[600], from[512] = "";
	size_t		 i;

	if (read_conf(t, "/etc/systemd/journald.conf", &s))
		snprintf(from, sizeof(from), "/etc/systemd/journald.conf");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		d.dir = dirs[i];
		if (fsr_lookup(t, dirs[i], 0, &n, NULL, 0) == 0)
			fsr_readdir(t, &n, on_dropin, &d);
	}
	if (d.n > 1)
		qsort(d.path, d.n, sizeof(*d.path), by_name);
	for (i = 0; i < d.n; i++) {
		if (read_conf(t, d.path[i], &s))
			snprintf(from, sizeof(from), "%s", d.path[i]);
		free(d.path[i]);
	}
	free(d.path);
	if (from[0] == '\0' || (strcmp(s.value, "none") != 0 &&
	    strcmp(s.value, "volatile") != 0) ||
	    fsr_stat_path(t, from, 0, &n, &st) != 0)
		return s.limited;
	snprintf(ev, sizeof(ev), "Storage=%s: journald keeps %s", s.value,
	    strcmp(s.value, "none") == 0 ? "nothing at all" :
	    "its log in memory only, lost at shutdown");
	finding(j->l->ax, activity != TIME_NONE &&
	    st.ctime.sec + RECENT > activity ? CHECK_JOURNAL_STORAGE_OFF :
	    CHECK_JOURNAL_STORAGE_OFF_OLD, &(struct fctx){ .path = from,
	    .line = s.line, .evidence = ev, .time = st.ctime.sec });
	return s.limited;
}

void
journal_source(struct logins *l)
{
	struct jsrc	 j = { .l = l, .first = TIME_NONE, .last = TIME_NONE };
	const char	*other = NULL;
	int64_t		 others = others_last(l, &other);
	bool		 limited;

	if (journalset_open(l->ax->tree, &j.set, file_err, &j) < 0) {
		ax_err(l->ax, "/var/log/journal: %s",
		    fsr_tree_errmsg(l->ax->tree));
		journalset_close(&j.set);
		check_storage(&j, others);
		return;
	}
	j.feed = xcalloc(j.set.n ? j.set.n : 1, sizeof(*j.feed));
	j.line = xmalloc(LINE_MAX_LEN);
	read_entries(&j);
	sources(&j);
	check_gaps(&j);
	limited = check_storage(&j, others != TIME_NONE ? others : j.last);
	check_span(&j, others, other, limited);
	free(j.line);
	free(j.feed);
	journalset_close(&j.set);
}
