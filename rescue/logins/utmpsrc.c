/*
 * utmpsrc.c - wtmp, btmp and an on-disk utmp with their rotated copies:
 * sessions as last(1) shows them, failed attempts, and the marks that
 * editing these files leaves (zeroed or blanked records, time running
 * backwards, a torn size, a file emptied or its mtime set back)
 *
 * The copies of a family are read oldest first into one pairing, so a
 * session opened before a rotation is closed by the logout after it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "input/input.h"
#include "logins/logins.h"
#include "logins/sessions.h"
#include "parse/utmp.h"
#include "util/util.h"

#define DETECT_LEN	(64 * 1024)
/* Slack before a time going backwards or a late mtime counts. */
#define CLOCK_SLACK	300
/* Findings of one kind per file before they are summed up. */
#define PER_FILE_MAX	5
/* Records between handing out the sessions decided. */
#define DRAIN_EVERY	4096

enum family { FAM_WTMP, FAM_BTMP, FAM_UTMP };

/* Where each file's records start in the family's pairing. */
struct filemark {
	uint64_t	 first_index;
	const char	*path;
};

/* What reporting a session needs: the files begun so far. */
struct sreport {
	struct logins		*l;
	const struct filemark	*marks;
	size_t			 nmarks;
};

/* One file being read. */
struct ufile {
	struct logins		*l;
	enum family		 fam;
	const char		*path;
	struct sessions		*sessions;	/* wtmp only */
	struct sreport		*sreport;
	uint64_t		 records, nonzero;
	int64_t			 first, last;	/* record times, TIME_NONE */
	/* a run of all-zero records not yet known to be the tail */
	uint64_t		 zero_start, zero_count;
	uint64_t		 zero_runs_reported;
	unsigned		 nbackwards, npartly;
	int64_t			 prev_time;	/* of the last ordinary record */
	int			 prev_type;
};

static const char *const fam_base[] = { "wtmp", "btmp", "utmp" };

bool
host_is_remote(const char *host)
{
	return host != NULL && host[0] != '\0' && host[0] != ':' &&
	    strncmp(host, "tmux(", 5) != 0 && strcmp(host, "localhost") != 0;
}

static void
evidence_rec(const struct utmp_record *r, char *buf, size_t len)
{
	char	t[TIME_ISO_LEN];

	time_iso(r->sec, t, sizeof(t));
	snprintf(buf, len, "record %llu at byte %llu: %s user=%s line=%s "
	    "host=%s time=%s", (unsigned long long)r->index + 1,
	    (unsigned long long)r->offset, r->type_name, r->user, r->line,
	    r->host[0] ? r->host : r->addr, r->sec ? t : "0");
}

/* A run of zero records followed by a real one: they were wiped. */
static void
zero_run_ends(struct ufile *f)
{
	char	ev[160];

	if (f->zero_count == 0)
		return;
	if (f->zero_runs_reported++ < PER_FILE_MAX) {
		snprintf(ev, sizeof(ev), "records %llu to %llu (%llu) all "
		    "zero, between written records",
		    (unsigned long long)f->zero_start + 1,
		    (unsigned long long)(f->zero_start + f->zero_count),
		    (unsigned long long)f->zero_count);
		finding(f->l->ax, CHECK_LOGINS_ZEROED_RECORDS, &(struct fctx){
		    .path = f->path, .line = 0, .evidence = ev,
		    .time = f->prev_time == TIME_NONE ? TIME_NONE :
		    f->prev_time,
		    .detail = "the time is that of the record before" });
	}
	f->zero_count = 0;
}

static void
check_record(struct ufile *f, const struct utmp_record *r)
{
	char	ev[512];
	bool	ordinary;

	if (r->flags & UTMP_F_ALL_ZERO) {
		if (f->zero_count++ == 0)
			f->zero_start = r->index;
		return;
	}
	zero_run_ends(f);
	f->nonzero++;
	if ((r->flags & UTMP_F_PARTLY_ZERO) && f->npartly++ < PER_FILE_MAX) {
		evidence_rec(r, ev, sizeof(ev));
		finding(f->l->ax, CHECK_LOGINS_PARTLY_ZEROED, &(struct fctx){
		    .path = f->path, .line = 0, .evidence = ev,
		    .time = r->sec ? r->sec : TIME_NONE });
	}
	if (r->sec == 0)
		return;
	if (f->first == TIME_NONE || r->sec < f->first)
		f->first = r->sec;
	if (f->last == TIME_NONE || r->sec > f->last)
		f->last = r->sec;
	/*
	 * Boots and run levels are stamped before the clock is set from
	 * the network, and a clock change is announced: neither is
	 * compared with its neighbours.
	 */
	ordinary = r->type == UTMP_USER_PROCESS ||
	    r->type == UTMP_DEAD_PROCESS || r->type == UTMP_LOGIN_PROCESS;
	if (r->type == UTMP_NEW_TIME || r->type == UTMP_OLD_TIME ||
	    r->type == UTMP_BOOT_TIME) {
		f->prev_time = TIME_NONE;
		return;
	}
	if (!ordinary)
		return;
	if (f->prev_time != TIME_NONE && r->sec + CLOCK_SLACK < f->prev_time &&
	    f->fam != FAM_UTMP && f->nbackwards++ < PER_FILE_MAX) {
		char	t[TIME_ISO_LEN], d[96];

		evidence_rec(r, ev, sizeof(ev));
		time_iso(f->prev_time, t, sizeof(t));
		snprintf(d, sizeof(d), "the record before it is from %s", t);
		finding(f->l->ax, CHECK_LOGINS_TIME_BACKWARDS, &(struct fctx){
		    .path = f->path, .evidence = ev, .time = r->sec,
		    .detail = d });
	}
	f->prev_time = r->sec;
}

/* The "w" of a server that is off: who utmp says was on. */
static void
utmp_current(struct ufile *f, const struct utmp_record *r)
{
	if (r->type != UTMP_USER_PROCESS || r->user[0] == '\0')
		return;
	record(f->l->ax, &(struct record){ "utmp", (const struct field[]){
	    FCOL("user", r->user, 8), FCOL("tty", r->line, 7),
	    FCOL("host", r->host[0] ? r->host : r->addr, 16),
	    FTCOL("start", r->sec), FINT("pid", r->pid),
	    FSTR("source", f->path), FEND } });
}

static session_fn	report_one;

static int
on_record(const struct utmp_record *r, void *arg)
{
	struct ufile	*f = arg;
	const char	*host = r->host[0] ? r->host : r->addr;

	f->records++;
	check_record(f, r);
	if (r->flags & UTMP_F_ALL_ZERO)
		return 0;
	switch (f->fam) {
	case FAM_WTMP:
		sessions_add(f->sessions, r);
		if (f->sessions->records % DRAIN_EVERY == 0)
			sessions_drain(f->sessions, report_one, f->sreport);
		if (r->type == UTMP_USER_PROCESS && r->user[0] != '\0')
			logins_event(f->l, &(struct login_event){ LSRC_WTMP,
			    LOGIN_OK, r->sec, r->user, host, r->line,
			    f->path, (long)r->index + 1 });
		break;
	case FAM_BTMP:
		if (r->type != UTMP_EMPTY)
			logins_event(f->l, &(struct login_event){ LSRC_BTMP,
			    LOGIN_FAIL, r->sec ? r->sec : TIME_NONE, r->user,
			    host, r->line, f->path, (long)r->index + 1 });
		break;
	case FAM_UTMP:
		utmp_current(f, r);
		break;
	}
	return 0;
}

/*
 * A log that is empty now but was written after it was made: its
 * inode was born, written to, then cut to nothing.  A file made empty
 * and never written (logrotate's create) has mtime == birth time.
 */
void
check_emptied(struct logins *l, const char *path, const struct fsr_stat *st)
{
	char	ev[160], b[TIME_ISO_LEN], m[TIME_ISO_LEN];

	if (st->size != 0 || !st->has_crtime ||
	    st->mtime.sec <= st->crtime.sec + 60)
		return;
	time_iso(st->crtime.sec, b, sizeof(b));
	time_iso(st->mtime.sec, m, sizeof(m));
	snprintf(ev, sizeof(ev), "0 bytes; created %s, last written %s", b, m);
	finding(l->ax, CHECK_LOGINS_LOG_EMPTIED, &(struct fctx){
	    .path = path, .evidence = ev, .time = st->mtime.sec });
}

void
check_mtime(struct logins *l, const char *path, const struct fsr_stat *st,
    int64_t last)
{
	char	ev[160], a[TIME_ISO_LEN], b[TIME_ISO_LEN];

	if (last == TIME_NONE || last <= st->mtime.sec + CLOCK_SLACK)
		return;
	time_iso(st->mtime.sec, a, sizeof(a));
	time_iso(last, b, sizeof(b));
	snprintf(ev, sizeof(ev), "mtime %s, last entry %s", a, b);
	finding(l->ax, CHECK_LOGINS_LOG_TIMESTOMPED, &(struct fctx){
	    .path = path, .evidence = ev, .time = last });
}

/*
 * Records in a hole of the file (a sparse wtmp) are all zero: count them
 * as such without reading them, or a 16 TiB sparse file takes hours.
 */
static void
skip_hole(struct ufile *f, struct instream *in, struct utmp_reader *rd)
{
	uint64_t	hole = instream_hole(in), index = rd->index, n;

	if (hole < (uint64_t)DETECT_LEN)
		return;
	if ((n = utmp_reader_skip(rd, hole)) == 0)
		return;
	instream_skip(in, n * rd->layout.recsize);
	f->records += n;
	if (f->zero_count == 0)
		f->zero_start = index;
	f->zero_count += n;
}

/* Read one file into F; false if it could not be read at all. */
static bool
read_file(struct ufile *f, const struct logfile *lf)
{
	struct instream		*in;
	struct utmp_layout	 lay;
	struct utmp_reader	 rd;
	unsigned char		*buf;
	char			 err[600];
	size_t			 have = 0, tail;
	ssize_t			 n;
	uint64_t		 size;
	int			 conf, errnum = 0;
	bool			 ok = true;

	in = instream_open(f->l->ax->tree, lf->path, &errnum, err, sizeof(err));
	if (in == NULL) {
		ax_err(f->l->ax, "%s", err);
		return false;
	}
	buf = xmalloc(DETECT_LEN);
	while (have < DETECT_LEN &&
	    (n = instream_read(in, buf + have, DETECT_LEN - have)) > 0)
		have += (size_t)n;
	size = instream_gzip(in) ? (have < DETECT_LEN ? have : UINT64_MAX) :
	    lf->st.size;
	conf = utmp_detect(buf, have, size, &lay);
	if (have > 0 && conf < 50) {
		char	ev[160];

		snprintf(ev, sizeof(ev), "%zu bytes; as the likeliest layout "
		    "(%s) only %d%% of records make sense", have,
		    utmp_layout_name(&lay), conf);
		finding(f->l->ax, CHECK_LOGINS_NOT_UTMP, &(struct fctx){
		    .path = lf->path, .evidence = ev,
		    .time = lf->st.mtime.sec });
	}
	utmp_reader_init(&rd, &lay);
	utmp_parse_records(&rd, buf, have, on_record, f);
	skip_hole(f, in, &rd);
	while ((n = instream_read(in, buf, DETECT_LEN)) > 0) {
		utmp_parse_records(&rd, buf, (size_t)n, on_record, f);
		skip_hole(f, in, &rd);
	}
	if (n < 0) {
		ax_err(f->l->ax, "%s", instream_errmsg(in));
		ok = false;
	}
	if (f->zero_count > 0) {
		char	ev[160];

		snprintf(ev, sizeof(ev), "the last %llu records (from %llu) "
		    "are all zero", (unsigned long long)f->zero_count,
		    (unsigned long long)f->zero_start + 1);
		finding(f->l->ax, f->nonzero == 0 && f->fam == FAM_WTMP ?
		    CHECK_LOGINS_ZEROED_RECORDS : CHECK_LOGINS_ZEROED_TAIL,
		    &(struct fctx){ .path = lf->path, .evidence = ev,
		    .time = f->last });
	}
	if ((tail = utmp_reader_tail(&rd)) > 0) {
		char	ev[160];

		snprintf(ev, sizeof(ev), "%llu bytes: %llu whole %u-byte "
		    "records and %zu bytes more",
		    (unsigned long long)instream_offset(in),
		    (unsigned long long)rd.index, lay.recsize, tail);
		finding(f->l->ax, CHECK_LOGINS_PARTIAL_RECORD, &(struct fctx){
		    .path = lf->path, .evidence = ev, .time = f->last });
	}
	if (!instream_gzip(in)) {
		check_emptied(f->l, lf->path, &lf->st);
		check_mtime(f->l, lf->path, &lf->st, f->last);
	}
	logins_source(f->l, &(struct source_info){ (char *)lf->path,
	    fam_base[f->fam], f->records, have ? utmp_layout_name(&lay) : NULL,
	    f->first, f->last, lf->st.mtime.sec });
	free(buf);
	instream_close(in);
	return ok;
}

static const char *
file_of(const struct filemark *m, size_t n, uint64_t index, uint64_t *rec)
{
	size_t	i;

	for (i = n; i-- > 0;)
		if (index >= m[i].first_index) {
			*rec = index - m[i].first_index + 1;
			return m[i].path;
		}
	*rec = index + 1;
	return "";
}

static const char *const kind_record[] = {
	"login", "boot", "shutdown", "runlevel", "time_change"
};

static void
report_session(struct logins *l, const struct session *s,
    const struct filemark *m, size_t nm)
{
	const char	*src, *status = NULL;
	uint64_t	 rec;
	int64_t		 end = TIME_NONE, dur = -1;
	char		 ev[512], t[TIME_ISO_LEN];

	src = file_of(m, nm, s->start_index, &rec);
	if (s->how == SESSION_END_LOGOUT || s->how == SESSION_END_DOWN ||
	    s->how == SESSION_END_CRASH) {
		end = s->end_sec;
		/* 64-bit times from a forged file may be far apart */
		if (end < s->start_sec ||
		    __builtin_sub_overflow(end, s->start_sec, &dur))
			dur = -1;
	}
	if (s->how != SESSION_END_LOGOUT && s->how != SESSION_END_NONE)
		status = session_end_name(s->how);
	record(l->ax, &(struct record){ kind_record[s->kind],
	    (const struct field[]){
	    FCOL("user", s->user, 8), FCOL("tty", s->line, 7),
	    FCOL("host", s->host[0] ? s->host : s->addr, 16),
	    FTCOL("start", s->start_sec), FTCOL("end", end),
	    FBARE("status", status), FDUR("duration", dur),
	    FSTR("source", src), FINT("record", rec), FEND } });
	if (s->kind != SESSION_LOGIN)
		return;
	time_iso(s->start_sec, t, sizeof(t));
	snprintf(ev, sizeof(ev), "%s %s from %s since %s", s->user, s->line,
	    s->host[0] ? s->host : s->addr[0] ? s->addr : "(local)", t);
	if (s->how == SESSION_END_STILL_IN)
		finding(l->ax, host_is_remote(s->host) ||
		    host_is_remote(s->addr) ?
		    CHECK_LOGINS_STILL_LOGGED_IN_REMOTE :
		    CHECK_LOGINS_STILL_LOGGED_IN_LOCAL, &(struct fctx){
		    .path = src, .line = (long)rec, .evidence = ev,
		    .time = s->start_sec });
	if (logins_is_uid0_alias(l, s->user) && !host_is_remote(s->host))
		finding(l->ax, CHECK_LOGINS_UID0_ALIAS, &(struct fctx){
		    .path = src, .line = (long)rec, .evidence = ev,
		    .time = s->start_sec });
}

static void
report_one(const struct session *s, void *arg)
{
	struct sreport	*sr = arg;

	report_session(sr->l, s, sr->marks, sr->nmarks);
}

/* wtmp is appended to: from its oldest copy on it has every login. */
static void
widen_cover(struct logins *l, const struct ufile *f, const struct fsr_stat *st)
{
	int64_t	from = f->first;

	if (f->nonzero > 0)
		l->have_wtmp = true;
	if (st->has_crtime && (from == TIME_NONE || st->crtime.sec < from))
		from = st->crtime.sec;
	if (from != TIME_NONE && (l->wtmp_cover_from == TIME_NONE ||
	    from < l->wtmp_cover_from))
		l->wtmp_cover_from = from;
}

static void
read_family(struct logins *l, enum family fam, const char *dir)
{
	struct logset		 set;
	struct sessions		 ss;
	struct filemark		*marks;
	struct sreport		 sr;
	size_t			 i;
	int			 rc;

	if ((rc = logset_find(l->ax->tree, dir, fam_base[fam], &set)) != 0) {
		ax_err(l->ax, "%s: %s", dir, fsr_tree_errmsg(l->ax->tree));
		return;
	}
	sessions_init(&ss);
	marks = xcalloc(set.n + 1, sizeof(*marks));
	sr = (struct sreport){ l, marks, 0 };
	for (i = 0; i < set.n; i++) {
		struct ufile	f = { .l = l, .fam = fam,
		    .path = set.files[i].path, .sessions = &ss,
		    .sreport = &sr, .first = TIME_NONE, .last = TIME_NONE,
		    .prev_time = TIME_NONE };

		marks[i].first_index = ss.records;
		marks[i].path = set.files[i].path;
		sr.nmarks = i + 1;
		read_file(&f, &set.files[i]);
		if (fam == FAM_WTMP) {
			widen_cover(l, &f, &set.files[i].st);
			sessions_drain(&ss, report_one, &sr);
		}
	}
	if (fam == FAM_WTMP) {
		l->wtmp_files = set.n;
		sessions_finish(&ss, 0);
		sessions_drain(&ss, report_one, &sr);
	}
	sessions_free(&ss);
	free(marks);
	logset_free(&set);
}

void
utmp_sources(struct logins *l)
{
	struct fsr_node	n;
	char		real[64];

	read_family(l, FAM_WTMP, "/var/log");
	read_family(l, FAM_BTMP, "/var/log");
	/* On disk only where /run is not a tmpfs: old or odd systems. */
	read_family(l, FAM_UTMP, "/run");
	if (fsr_lookup(l->ax->tree, "/var/run", 0, &n, real,
	    sizeof(real)) == 0 && strcmp(real, "/run") != 0)
		read_family(l, FAM_UTMP, "/var/run");
}
