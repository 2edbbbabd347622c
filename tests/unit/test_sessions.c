/*
 * test_sessions.c - wtmp records paired into sessions, judged by
 * util-linux last(1): its output on the corpus files (the .last.txt
 * oracles) and on files built here and handed to the real last
 *
 * The sessions are printed as `last -f FILE -w -x --time-format iso`
 * prints them and compared line by line, but for last's words for a
 * session with no logout: "still logged in" and "gone - no logout"
 * depend on the processes and boot time of the host running last (the
 * corpus' SOURCES.md), so they compare as one.  The trailing "FILE
 * begins ..." line is not a session and is left out.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "logins/sessions.h"
#include "parse/utmp.h"

/* What last sets "what" to in list(), plus its "still running". */
enum last_what {
	R_NORMAL, R_REBOOT, R_CRASH, R_DOWN, R_NOW, R_PHANTOM, R_TIMECHANGE,
	R_RUNNING
};

#define DETECT_LEN	65536

/* ---------------------------------------------------------------- */
/* Reading and printing as last does */

static int
add_cb(const struct utmp_record *r, void *arg)
{
	sessions_add(arg, r);
	return 0;
}

/*
 * Pair the records of PATH into *S (which the caller frees) and set
 * *L to its layout; false if it cannot be read.
 */
static bool
load(const char *path, struct sessions *s, struct utmp_layout *l)
{
	struct utmp_reader	 rd;
	struct stat		 st;
	uint8_t			*buf;
	FILE			*f;
	size_t			 n;

	sessions_init(s);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	if (fstat(fileno(f), &st) != 0 ||
	    (buf = malloc(DETECT_LEN)) == NULL) {
		fclose(f);
		return false;
	}
	n = fread(buf, 1, DETECT_LEN, f);
	utmp_detect(buf, n, (uint64_t)st.st_size, l);
	utmp_reader_init(&rd, l);
	while (n > 0) {
		utmp_parse_records(&rd, buf, n, add_cb, s);
		n = fread(buf, 1, DETECT_LEN, f);
	}
	free(buf);
	fclose(f);
	sessions_finish(s, 0);
	return true;
}

/* last's --time-format iso in TZ=UTC. */
static void
iso(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%S+00:00", &tm) == 0)
		snprintf(buf, len, "?");
}

/* fputc_careful() from util-linux' carefulputc.h, in the C locale. */
static void
put_careful(FILE *out, unsigned char c)
{
	if ((c >= 0x20 && c < 0x7f) || c == '\a' || c == '\t' || c == '\r' ||
	    c == '\n')
		putc(c, out);
	else if (c >= 0x80)
		fprintf(out, "\\%3o", c);
	else {
		putc('*', out);
		putc('\n', out);
	}
}

/* One row as last.c's list() writes it with -w and iso times. */
static void
print_row(FILE *out, const struct session *ss)
{
	char		 login[64], logout[64], length[64], line[64];
	char		 final[512], *p;
	enum last_what	 what = R_NORMAL;
	int64_t		 lt = ss->end_sec, secs;
	int		 mins, hours, days, len;

	switch (ss->how) {
	case SESSION_END_LOGOUT:
		what = ss->kind == SESSION_BOOT ? R_REBOOT : R_NORMAL;
		break;
	case SESSION_END_DOWN:
		what = R_DOWN;
		break;
	case SESSION_END_CRASH:
		what = R_CRASH;
		break;
	case SESSION_END_STILL_IN:
		what = R_NOW;
		lt = 0;
		break;
	case SESSION_END_GONE:
		what = R_PHANTOM;
		lt = 0;
		break;
	case SESSION_END_RUNNING:
		what = R_RUNNING;
		break;
	case SESSION_END_NONE:
		/* last ends a shutdown at its "lastboot", still 0. */
		what = ss->kind == SESSION_TIME_CHANGE ? R_TIMECHANGE :
		    R_NORMAL;
		lt = 0;
		break;
	}
	iso(ss->start_sec, login, sizeof(login));
	secs = lt - ss->start_sec;
	mins = (int)((secs / 60) % 60);
	hours = (int)((secs / 3600) % 24);
	days = (int)(secs / 86400);
	snprintf(logout, sizeof(logout), "- ");
	iso(lt, logout + 2, sizeof(logout) - 2);
	if (what == R_RUNNING) {
		snprintf(logout, sizeof(logout), "  still running");
		length[0] = '\0';
	} else if (days)
		snprintf(length, sizeof(length), "(%d+%02d:%02d)", days,
		    abs(hours), abs(mins));
	else if (hours)
		snprintf(length, sizeof(length), " (%02d:%02d)", hours,
		    abs(mins));
	else if (secs >= 0)
		snprintf(length, sizeof(length), " (%02d:%02d)", hours, mins);
	else
		snprintf(length, sizeof(length), " (-00:%02d)", abs(mins));
	switch (what) {
	case R_CRASH:
		snprintf(logout, sizeof(logout), "- crash");
		break;
	case R_DOWN:
		snprintf(logout, sizeof(logout), "- down ");
		break;
	case R_NOW:
		snprintf(logout, sizeof(logout), "  still logged in");
		length[0] = '\0';
		break;
	case R_PHANTOM:
		snprintf(logout, sizeof(logout), "  gone - no logout");
		length[0] = '\0';
		break;
	case R_TIMECHANGE:
		logout[0] = '\0';
		length[0] = '\0';
		break;
	default:
		break;
	}
	/* last shows "ftp123" as "ftp" and "uucp123" as "uucp". */
	snprintf(line, sizeof(line), "%s", ss->line);
	if (strncmp(line, "ftp", 3) == 0 && line[3] >= '0' && line[3] <= '9')
		line[3] = '\0';
	if (strncmp(line, "uucp", 4) == 0 && line[4] >= '0' && line[4] <= '9')
		line[4] = '\0';
	/* ut_host goes through a 256-byte buffer: 255 bytes at most. */
	len = snprintf(final, sizeof(final),
	    "%-8.32s %-12.12s %-16.255s %-25.25s %-27.27s %s\n", ss->user,
	    line, ss->host, login, logout, length);
	/* last.c's trim_trailing_spaces(): the newline goes back on. */
	p = final + strlen(final);
	while (p > final && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))
		p--;
	if ((size_t)(p - final) < sizeof(final) - 1)
		*p++ = '\n';
	*p = '\0';
	for (p = final; *p != '\0'; p++)
		put_careful(out, (unsigned char)*p);
	if (len < 0 || (size_t)len >= sizeof(final))
		putc('\n', out);
}

/* The sessions newest first, as last lists them; the caller frees. */
static char *
print_last(const struct sessions *s)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*out = open_memstream(&buf, &len);

	if (out == NULL)
		return NULL;
	for (i = s->n; i > 0; i--)
		print_row(out, &s->list[i - 1]);
	fclose(out);
	return buf;
}

/* ---------------------------------------------------------------- */
/* Comparing with last's output */


/*
 * Cut last's output before "\nNAME begins TIME\n", its last line and
 * the blank one before; false if it does not end so.
 */
static bool
cut_begins(char *text)
{
	size_t	 n = strlen(text);
	char	*nl;

	if (n == 0 || text[n - 1] != '\n')
		return false;
	text[n - 1] = '\0';
	if ((nl = strrchr(text, '\n')) == NULL)
		return false;
	if (strstr(nl, " begins ") == NULL)
		return false;
	*nl = '\0';
	/* The blank line: what is left ends with it, or is nothing. */
	n = strlen(text);
	if (n == 0)
		return true;
	if (text[n - 1] != '\n')
		return false;
	return true;
}

/* One line, with the host-dependent "gone" read as "still logged in". */
static void
norm_line(const char *s, size_t n, char *buf, size_t len)
{
	static const char	gone[] = "  gone - no logout";

	snprintf(buf, len, "%.*s", (int)n, s);
	n = strlen(buf);
	if (n >= sizeof(gone) - 1 &&
	    strcmp(buf + n - (sizeof(gone) - 1), gone) == 0)
		snprintf(buf + n - (sizeof(gone) - 1),
		    len - (n - (sizeof(gone) - 1)), "  still logged in");
}

/* Line by line; reports the first difference; the rows matched. */
static bool
same_rows(const char *name, const char *want, const char *got,
    unsigned *rows)
{
	char		 a[1024], b[1024];
	const char	*ea, *eb;
	unsigned	 line = 1;

	*rows = 0;
	for (; *want != '\0' || *got != '\0'; line++) {
		ea = strchr(want, '\n');
		eb = strchr(got, '\n');
		if (ea == NULL)
			ea = want + strlen(want);
		if (eb == NULL)
			eb = got + strlen(got);
		norm_line(want, (size_t)(ea - want), a, sizeof(a));
		norm_line(got, (size_t)(eb - got), b, sizeof(b));
		if (strcmp(a, b) != 0) {
			unit_fail(__FILE__, __LINE__,
			    "%s: line %u:\n    last: \"%s\"\n    ours: \"%s\"",
			    name, line, a, b);
			return false;
		}
		(*rows)++;
		want = *ea != '\0' ? ea + 1 : ea;
		got = *eb != '\0' ? eb + 1 : eb;
	}
	return true;
}

/* ---------------------------------------------------------------- */
/* The corpus */

/* The files that have a .last.txt oracle. */
static bool
has_oracle(const char *root, const char *rel)
{
	char		p[1100];
	struct stat	st;

	snprintf(p, sizeof(p), "%s/%s.last.txt", root, rel);
	return stat(p, &st) == 0;
}

/* Why last's oracle for the file at PATH is not valid, or NULL. */
static const char *
oracle_invalid(const char *path, const struct utmp_layout *l)
{
	char		 p[1100], *err;
	struct stat	 st;
	const char	*why = NULL;

	if (stat(path, &st) != 0 || st.st_size == 0)
		return "empty";
	/* SOURCES.md: x86 last misreads 400-byte and big-endian files. */
	if (l->recsize != UTMP_RECSIZE_32 || l->big_endian)
		return utmp_layout_name(l);
	/* last reads backwards from EOF: a partial record shifts it all. */
	if (st.st_size % UTMP_RECSIZE_32 != 0)
		return "not a whole number of records";
	snprintf(p, sizeof(p), "%s.last.stderr.txt", path);
	if ((err = unit_slurp(p, NULL)) != NULL && strstr(err, "rc=0") == NULL)
		why = "last failed";
	free(err);
	return why;
}

TEST(sessions_corpus_against_last)
{
	static struct unit_files fl;
	struct utmp_layout	 l;
	struct sessions		 s;
	char			 root[512], path[1024], oracle[1100];
	char			*want, *got;
	const char		*why;
	unsigned		 i, files = 0, rows, total = 0;

	if (!unit_corpus_dir(root, sizeof(root))) {
		printf("# SKIP sessions corpus: not found "
		    "(set RESCUE_CORPUS)\n");
		return;
	}
	strncat(root, "/utmp", sizeof(root) - strlen(root) - 1);
	fl.n = 0;
	unit_list_files(root, has_oracle, &fl);
	for (i = 0; i < fl.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, fl.path[i]);
		snprintf(oracle, sizeof(oracle), "%s.last.txt", path);
		if (!load(path, &s, &l)) {
			unit_fail(__FILE__, __LINE__, "cannot read %s", path);
			return;
		}
		if ((why = oracle_invalid(path, &l)) != NULL) {
			printf("# skip %s: %s\n", fl.path[i], why);
			sessions_free(&s);
			continue;
		}
		want = unit_slurp(oracle, NULL);
		got = print_last(&s);
		sessions_free(&s);
		if (want == NULL || got == NULL || !cut_begins(want)) {
			unit_fail(__FILE__, __LINE__, "%s: bad oracle",
			    fl.path[i]);
			free(want);
			free(got);
			return;
		}
		if (!same_rows(fl.path[i], want, got, &rows)) {
			free(want);
			free(got);
			return;
		}
		printf("# %s: %u rows as last\n", fl.path[i], rows);
		free(want);
		free(got);
		files++;
		total += rows;
	}
	printf("# sessions corpus: %u files, %u rows\n", files, total);
	ASSERT(files > 0);
}

/* ---------------------------------------------------------------- */
/* Files built here, judged by the real last */

struct rec {
	int		 type;
	int		 pid;
	const char	*user, *line, *host, *addr;
	int64_t		 sec, usec;
};

/* One line of utmpdump's text format, which `utmpdump -r` reads. */
static void
put_rec(FILE *f, const struct rec *r)
{
	char	when[64];

	iso(r->sec, when, sizeof(when));
	/* iso() ends in "+00:00"; utmpdump wants ",usec" before it. */
	when[19] = '\0';
	fprintf(f, "[%d] [%05d] [%-4.4s] [%-8s] [%-12s] [%-20s] [%-15s] "
	    "[%s,%06" PRId64 "+00:00]\n", r->type, r->pid,
	    r->line[0] == '~' ? "~~" : r->line + (strlen(r->line) > 4 ?
	    strlen(r->line) - 4 : 0), r->user, r->line, r->host,
	    r->addr != NULL && r->addr[0] != '\0' ? r->addr : "0.0.0.0", when,
	    r->usec);
}

/* Are utmpdump and last here? */
static bool
tools(void)
{
	return system("command -v utmpdump >/dev/null 2>&1 && "
	    "command -v last >/dev/null 2>&1") == 0;
}

/*
 * Turn in.txt (utmpdump text) into wtmp, run last on it, pair it here
 * and compare; *S holds the sessions for the caller to free.
 */
static bool
judge(const char *name, struct sessions *s)
{
	struct utmp_layout	 l;
	char			*want, *got;
	unsigned		 rows;
	bool			 ok;

	sessions_init(s);
	if (system("TZ=UTC utmpdump -r < in.txt > wtmp 2>/dev/null") != 0 ||
	    system("TZ=UTC LC_ALL=C last -f wtmp -w -x --time-format iso "
	    "> last.txt 2>/dev/null") != 0) {
		unit_fail(__FILE__, __LINE__, "%s: utmpdump or last failed",
		    name);
		return false;
	}
	if (!load("wtmp", s, &l)) {
		unit_fail(__FILE__, __LINE__, "%s: cannot read wtmp", name);
		return false;
	}
	want = unit_slurp("last.txt", NULL);
	got = print_last(s);
	if (want == NULL || got == NULL || !cut_begins(want)) {
		unit_fail(__FILE__, __LINE__, "%s: bad last output", name);
		ok = false;
	} else if ((ok = same_rows(name, want, got, &rows)) &&
	    rows != s->n) {
		unit_fail(__FILE__, __LINE__, "%s: %u rows for %zu sessions",
		    name, rows, s->n);
		ok = false;
	}
	free(want);
	free(got);
	return ok;
}

static void
write_recs(const struct rec *r, size_t n)
{
	FILE	*f = fopen("in.txt", "w");
	size_t	 i;

	if (f == NULL) {
		perror("in.txt");
		exit(2);
	}
	for (i = 0; i < n; i++)
		put_rec(f, &r[i]);
	fclose(f);
}

#define T0	INT64_C(1704067200)	/* 2024-01-01T00:00:00 */
#define KERNEL	"6.1.0-9-amd64"

#define BOOT(t)	{ UTMP_BOOT_TIME, 0, "reboot", "~", KERNEL, NULL, T0 + (t), 0 }
#define RUNLVL(t, c) \
	{ UTMP_RUN_LVL, (c), "runlevel", "~", KERNEL, NULL, T0 + (t), 0 }
#define SHUTDOWN(t) \
	{ UTMP_RUN_LVL, '0', "shutdown", "~", KERNEL, NULL, T0 + (t), 0 }
#define LOGIN(t, u, l, h) \
	{ UTMP_USER_PROCESS, 100 + (t) % 1000, (u), (l), (h), (h), T0 + (t), 0 }
#define LOGOUT(t, l) \
	{ UTMP_DEAD_PROCESS, 100, "", (l), "", NULL, T0 + (t), 0 }

#define NREC(a)	(sizeof(a) / sizeof(a[0]))

TEST(sessions_logout)
{
	static const struct rec	r[] = {
		BOOT(0), RUNLVL(5, '5'),
		LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGOUT(3600 + 59, "pts/0"),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("logout", &s)) {
		ASSERT_INT(s.n, 3);
		ASSERT_INT(s.list[2].kind, SESSION_LOGIN);
		ASSERT_INT(s.list[2].how, SESSION_END_LOGOUT);
		ASSERT_INT(s.list[2].end_sec, T0 + 3659);
		ASSERT_STR(s.list[2].addr, "192.0.2.1");
		ASSERT_INT(s.list[0].how, SESSION_END_RUNNING);
	}
	sessions_free(&s);
}

TEST(sessions_open_at_end)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(70, "bob", "tty1", ""), LOGOUT(80, "pts/9"),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("open", &s)) {
		ASSERT_INT(s.n, 3);
		ASSERT_STR(session_end_name(s.list[1].how),
		    "still logged in");
		ASSERT_INT(s.list[1].end_index, -1);
		ASSERT_INT(s.list[2].how, SESSION_END_STILL_IN);
		/* Knowing of a later boot makes them last's "gone". */
		sessions_finish(&s, T0 + 65);
		ASSERT_INT(s.list[1].how, SESSION_END_GONE);
		ASSERT_INT(s.list[2].how, SESSION_END_STILL_IN);
	}
	sessions_free(&s);
}

TEST(sessions_crash)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(70, "bob", "pts/1", "192.0.2.2"), LOGOUT(90, "pts/1"),
		BOOT(7200), LOGIN(7300, "carol", "pts/0", "192.0.2.3"),
		LOGOUT(7400, "pts/0"),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("crash", &s)) {
		ASSERT_INT(s.n, 5);
		ASSERT_INT(s.list[1].how, SESSION_END_CRASH);
		ASSERT_INT(s.list[1].end_sec, T0 + 7200);
		ASSERT_INT(s.list[2].how, SESSION_END_LOGOUT);
		/* A boot ends at a shutdown only; none came. */
		ASSERT_INT(s.list[0].how, SESSION_END_RUNNING);
	}
	sessions_free(&s);
}

TEST(sessions_shutdown)
{
	static const struct rec	r[] = {
		BOOT(0), RUNLVL(5, '5'),
		LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(70, "root", "tty1", ""), LOGOUT(80, "tty1"),
		RUNLVL(3000, '0'), SHUTDOWN(3010),
		BOOT(4000), RUNLVL(4005, '3'),
		LOGIN(4100, "bob", "pts/0", "192.0.2.2"), SHUTDOWN(5000),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("shutdown", &s)) {
		ASSERT_INT(s.list[2].how, SESSION_END_DOWN);
		ASSERT_INT(s.list[2].end_sec, T0 + 3000);
		ASSERT_INT(s.list[5].kind, SESSION_SHUTDOWN);
		ASSERT_INT(s.list[5].end_sec, T0 + 4000);
		ASSERT_INT(s.n, 10);
		ASSERT_INT(s.list[9].how, SESSION_END_NONE);
	}
	sessions_free(&s);
}

TEST(sessions_same_tty)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(120, "bob", "pts/0", "192.0.2.2"),
		LOGOUT(180, "pts/0"), LOGOUT(240, "pts/0"),
		LOGIN(300, "carol", "pts/0", "192.0.2.3"),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("same tty", &s)) {
		ASSERT_INT(s.n, 4);
		ASSERT_INT(s.list[1].end_sec, T0 + 120);
		ASSERT_INT(s.list[2].end_sec, T0 + 180);
		ASSERT_INT(s.list[3].how, SESSION_END_STILL_IN);
	}
	sessions_free(&s);
}

TEST(sessions_ipv6)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "2001:db8::1"),
		LOGIN(61, "bob", "pts/1", "fe80::1:2:3:4"),
		LOGOUT(900, "pts/0"),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("ipv6", &s)) {
		ASSERT_INT(s.n, 3);
		ASSERT_STR(s.list[1].addr, "2001:db8::1");
		ASSERT_STR(s.list[1].host, "2001:db8::1");
		ASSERT_STR(s.list[2].addr, "fe80::1:2:3:4");
	}
	sessions_free(&s);
}

/*
 * What last.c makes of records by their user and line rather than
 * their type: clock changes, a LOGIN_PROCESS with no user ending a
 * login, an INIT_PROCESS with a user starting one, a login on no line,
 * run level 6, "ftpNNN" lines.
 */
TEST(sessions_old_writers)
{
	static const struct rec	r[] = {
		BOOT(0), RUNLVL(5, '3'),
		{ UTMP_OLD_TIME, 0, "date", "|", "", NULL, T0 + 10, 0 },
		{ UTMP_NEW_TIME, 0, "date", "{", "", NULL, T0 + 20, 0 },
		LOGIN(60, "alice", "tty1", ""),
		{ UTMP_LOGIN_PROCESS, 300, "", "tty1", "", NULL, T0 + 90, 0 },
		{ UTMP_INIT_PROCESS, 301, "bob", "tty2", "", NULL, T0 + 95,
		    0 },
		{ UTMP_LOGIN_PROCESS, 302, "LOGIN", "tty3", "", NULL,
		    T0 + 96, 0 },
		{ UTMP_USER_PROCESS, 303, "carol", "", "198.51.100.1",
		    "198.51.100.1", T0 + 97, 0 },
		LOGIN(100, "ftpuser", "ftp1234", "192.0.2.9"),
		RUNLVL(200, '6'), BOOT(300),
	};
	struct sessions		s;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("old writers", &s)) {
		ASSERT_INT(s.n, 10);
		ASSERT_INT(s.list[2].kind, SESSION_TIME_CHANGE);
		ASSERT_STR(s.list[3].line, "new time");
		ASSERT_INT(s.list[4].end_sec, T0 + 90);
		ASSERT_INT(s.list[5].kind, SESSION_LOGIN);
		ASSERT_INT(s.list[5].how, SESSION_END_DOWN);
	}
	sessions_free(&s);
}

/* A cheap generator, so the big file is the same on every run. */
static uint32_t
lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

#define MANY	100000

TEST(sessions_many)
{
	struct sessions	 s;
	struct rec	 r;
	char		 line[16], user[16], host[32];
	uint32_t	 x = 1, k;
	clock_t		 t0;
	FILE		*f;
	unsigned	 i;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	if ((f = fopen("in.txt", "w")) == NULL) {
		perror("in.txt");
		exit(2);
	}
	/* Logins and logouts on 40 lines, now and then a boot or halt. */
	for (i = 0; i < MANY; i++) {
		k = lcg(&x);
		memset(&r, 0, sizeof(r));
		r.sec = T0 + (int64_t)i * 7;
		r.usec = k % 1000000;
		snprintf(line, sizeof(line), "pts/%u", k % 40);
		snprintf(user, sizeof(user), "u%u", k % 13);
		snprintf(host, sizeof(host), "198.51.100.%u", k % 250);
		r.line = line;
		r.user = user;
		r.host = "";
		r.pid = (int)(k % 30000) + 2;
		switch (k / 40 % 1000) {
		case 0:
			r = (struct rec)BOOT((int64_t)i * 7);
			break;
		case 1:
			r = (struct rec)SHUTDOWN((int64_t)i * 7);
			break;
		case 2:
			r = (struct rec)RUNLVL((int64_t)i * 7, '3');
			break;
		default:
			if (k / 40 % 2 == 0) {
				r.type = UTMP_USER_PROCESS;
				r.host = host;
			} else {
				r.type = UTMP_DEAD_PROCESS;
				r.user = "";
			}
			break;
		}
		put_rec(f, &r);
	}
	fclose(f);
	t0 = clock();
	if (judge("many", &s)) {
		printf("# sessions many: %zu sessions of %" PRIu64
		    " records, %.2f s CPU here\n", s.n,
		    s.records, (double)(clock() - t0) / CLOCKS_PER_SEC);
		ASSERT_INT(s.records, MANY);
		/* Memory follows the sessions, not the records. */
		ASSERT(s.n < MANY * 6 / 10);
		ASSERT(s.cap <= 2 * s.n);
	}
	sessions_free(&s);
}

/*
 * Records no writer makes: types out of range, times backwards, lines
 * and users full length, run levels of any byte.  Nothing to compare
 * with; it must neither crash nor leave a session ending before the
 * record that ended it.
 */
TEST(sessions_garbage)
{
	struct utmp_record	 r;
	struct sessions		 s;
	uint32_t		 x = 7, k;
	size_t			 i;

	sessions_init(&s);
	for (i = 0; i < 20000; i++) {
		k = lcg(&x);
		memset(&r, 0, sizeof(r));
		r.index = i;
		r.type = (int)(k % 12) - 1;
		r.pid = (int32_t)k;
		r.sec = (int64_t)(k % 5000) - 100;
		snprintf(r.line, sizeof(r.line), "%s%u",
		    k % 7 == 0 ? "~" : k % 5 == 0 ? "" : "tty", k % 300);
		if (k % 11 == 0)
			memset(r.line, 'x', UTMP_LINESIZE);
		snprintf(r.user, sizeof(r.user), "%s",
		    k % 3 == 0 ? "" : k % 4 == 0 ? "shutdown" : k % 9 == 0 ?
		    "reboot" : k % 13 == 0 ? "runlevel" : k % 17 == 0 ?
		    "date" : "LOGINX");
		sessions_add(&s, &r);
	}
	sessions_finish(&s, 0);
	for (i = 0; i < s.n; i++) {
		ASSERT(s.list[i].end_index < 0 ||
		    (uint64_t)s.list[i].end_index > s.list[i].start_index);
		ASSERT(session_end_name(s.list[i].how) != NULL);
	}
	ASSERT(s.n > 0);
	sessions_free(&s);
}
