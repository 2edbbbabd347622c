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
 *
 * Every file is paired three times: drained after every record, drained
 * only at the end (the two must hand out the same sessions in the same
 * order), and with nothing held behind an open session (hold 0, drained
 * every few records: the order then differs, the sessions must not).
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

/* The sessions handed out, copied; how often to drain while feeding. */
struct got {
	struct sessions	 s;
	struct session	*v;
	size_t		 n, cap;
	unsigned	 every;		/* records; 0: only at the end */
};

enum drain_mode { DRAIN_EACH, DRAIN_END, DRAIN_PARK, NMODES };

static char *
dup_str(const char *s)
{
	char	*p = strdup(s);

	if (p == NULL) {
		perror("strdup");
		exit(2);
	}
	return p;
}

static void
take(const struct session *ss, void *arg)
{
	struct got	*g = arg;
	struct session	*c;

	if (g->n == g->cap) {
		g->cap = g->cap == 0 ? 64 : g->cap * 2;
		if ((g->v = realloc(g->v, g->cap * sizeof(*g->v))) == NULL) {
			perror("realloc");
			exit(2);
		}
	}
	c = &g->v[g->n++];
	*c = *ss;
	c->user = dup_str(ss->user);
	c->line = dup_str(ss->line);
	c->host = dup_str(ss->host);
	c->addr = dup_str(ss->addr);
}

static void
got_init(struct got *g, enum drain_mode mode)
{
	memset(g, 0, sizeof(*g));
	sessions_init(&g->s);
	g->every = mode == DRAIN_EACH ? 1 : mode == DRAIN_PARK ? 3 : 0;
	if (mode == DRAIN_PARK)
		g->s.hold = 0;
}

/* Finish with BOOT_SEC and take what is left. */
static void
got_finish(struct got *g, int64_t boot_sec)
{
	sessions_finish(&g->s, boot_sec);
	sessions_drain(&g->s, take, g);
}

static void
got_free(struct got *g)
{
	size_t	i;

	for (i = 0; i < g->n; i++) {
		free((char *)g->v[i].user);
		free((char *)g->v[i].line);
		free((char *)g->v[i].host);
		free((char *)g->v[i].addr);
	}
	free(g->v);
	sessions_free(&g->s);
	memset(g, 0, sizeof(*g));
}

static int
add_cb(const struct utmp_record *r, void *arg)
{
	struct got	*g = arg;

	sessions_add(&g->s, r);
	if (g->every != 0 && g->s.records % g->every == 0)
		sessions_drain(&g->s, take, g);
	return 0;
}

static int
by_start(const void *a, const void *b)
{
	const struct session	*x = a, *y = b;

	return x->start_index < y->start_index ? -1 :
	    x->start_index > y->start_index;
}

/* Back in start order, for sessions set aside. */
static void
got_sort(struct got *g)
{
	if (g->n > 1)
		qsort(g->v, g->n, sizeof(*g->v), by_start);
}

/*
 * Feed the records of PATH into G (got_init'ed; the caller finishes
 * and frees) and set *L to its layout; false if it cannot be read.
 */
static bool
feed(const char *path, struct got *g, struct utmp_layout *l)
{
	struct utmp_reader	 rd;
	struct stat		 st;
	uint8_t			*buf;
	FILE			*f;
	size_t			 n;

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
		utmp_parse_records(&rd, buf, n, add_cb, g);
		n = fread(buf, 1, DETECT_LEN, f);
	}
	free(buf);
	fclose(f);
	return true;
}

/* Pair PATH into G, drained as MODE says, in start order. */
static bool
load(const char *path, struct got *g, struct utmp_layout *l,
    enum drain_mode mode)
{
	got_init(g, mode);
	if (!feed(path, g, l))
		return false;
	got_finish(g, 0);
	if (mode == DRAIN_PARK)
		got_sort(g);
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
print_last(const struct got *g)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*out = open_memstream(&buf, &len);

	if (out == NULL)
		return NULL;
	for (i = g->n; i > 0; i--)
		print_row(out, &g->v[i - 1]);
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

/*
 * PATH paired in every mode and compared with WANT, last's rows (cut);
 * *G keeps the sessions drained after every record, for the caller to
 * free, and *ROWS the rows matched.
 */
static bool
all_modes(const char *name, const char *path, const char *want,
    struct got *g, unsigned *rows)
{
	struct utmp_layout	 l;
	struct got		 other, *p;
	char			*got, *first = NULL;
	int			 m;
	bool			 ok = true;

	for (m = 0; m < NMODES && ok; m++) {
		p = m == DRAIN_EACH ? g : &other;
		if (!load(path, p, &l, (enum drain_mode)m)) {
			unit_fail(__FILE__, __LINE__, "cannot read %s", path);
			if (p != g)
				got_free(p);
			ok = false;
			break;
		}
		if (p->s.held != 0) {
			unit_fail(__FILE__, __LINE__, "%s: %zu sessions held "
			    "after the last drain", name, p->s.held);
			ok = false;
		}
		if ((got = print_last(p)) == NULL) {
			unit_fail(__FILE__, __LINE__, "%s: no memory", name);
			ok = false;
		} else if (ok)
			ok = same_rows(name, want, got, rows);
		/* Draining as one goes changes nothing, order included. */
		if (ok && m == DRAIN_END && strcmp(got, first) != 0) {
			unit_fail(__FILE__, __LINE__, "%s: drained at the end, "
			    "not as after every record", name);
			ok = false;
		}
		if (m == DRAIN_EACH)
			first = got;
		else
			free(got);
		if (p != g)
			got_free(p);
	}
	free(first);
	return ok;
}

TEST(sessions_corpus_against_last)
{
	static struct unit_files fl;
	struct utmp_layout	 l;
	struct got		 g;
	char			 root[512], path[1024], oracle[1100];
	char			*want;
	const char		*why;
	unsigned		 i, files = 0, rows, total = 0;
	bool			 ok;

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
		ok = load(path, &g, &l, DRAIN_END);
		got_free(&g);
		if (!ok) {
			unit_fail(__FILE__, __LINE__, "cannot read %s", path);
			return;
		}
		if ((why = oracle_invalid(path, &l)) != NULL) {
			printf("# skip %s: %s\n", fl.path[i], why);
			continue;
		}
		want = unit_slurp(oracle, NULL);
		if (want == NULL || !cut_begins(want)) {
			unit_fail(__FILE__, __LINE__, "%s: bad oracle",
			    fl.path[i]);
			free(want);
			return;
		}
		ok = all_modes(fl.path[i], path, want, &g, &rows);
		got_free(&g);
		free(want);
		if (!ok)
			return;
		printf("# %s: %u rows as last\n", fl.path[i], rows);
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
 * and compare; *G holds the sessions for the caller to free.
 */
static bool
judge(const char *name, struct got *g)
{
	char		*want;
	unsigned	 rows;
	bool		 ok;

	got_init(g, DRAIN_EACH);
	if (system("TZ=UTC utmpdump -r < in.txt > wtmp 2>/dev/null") != 0 ||
	    system("TZ=UTC LC_ALL=C last -f wtmp -w -x --time-format iso "
	    "> last.txt 2>/dev/null") != 0) {
		unit_fail(__FILE__, __LINE__, "%s: utmpdump or last failed",
		    name);
		return false;
	}
	want = unit_slurp("last.txt", NULL);
	if (want == NULL || !cut_begins(want)) {
		unit_fail(__FILE__, __LINE__, "%s: bad last output", name);
		ok = false;
	} else if ((ok = all_modes(name, "wtmp", want, g, &rows)) &&
	    rows != g->n) {
		unit_fail(__FILE__, __LINE__, "%s: %u rows for %zu sessions",
		    name, rows, g->n);
		ok = false;
	}
	free(want);
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
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("logout", &g)) {
		ASSERT_INT(g.n, 3);
		ASSERT_INT(g.v[2].kind, SESSION_LOGIN);
		ASSERT_INT(g.v[2].how, SESSION_END_LOGOUT);
		ASSERT_INT(g.v[2].end_sec, T0 + 3659);
		ASSERT_STR(g.v[2].addr, "192.0.2.1");
		ASSERT_INT(g.v[0].how, SESSION_END_RUNNING);
	}
	got_free(&g);
}

TEST(sessions_open_at_end)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(70, "bob", "tty1", ""), LOGOUT(80, "pts/9"),
	};
	struct utmp_layout	l;
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("open", &g)) {
		ASSERT_INT(g.n, 3);
		ASSERT_STR(session_end_name(g.v[1].how),
		    "still logged in");
		ASSERT_INT(g.v[1].end_index, -1);
		ASSERT_INT(g.v[2].how, SESSION_END_STILL_IN);
		/*
		 * Knowing of a later boot makes them last's "gone"; a
		 * second finish decides again what is not handed out.
		 */
		got_free(&g);
		got_init(&g, DRAIN_END);
		ASSERT(feed("wtmp", &g, &l));
		sessions_finish(&g.s, 0);
		got_finish(&g, T0 + 65);
		ASSERT_INT(g.n, 3);
		ASSERT_INT(g.v[1].how, SESSION_END_GONE);
		ASSERT_INT(g.v[2].how, SESSION_END_STILL_IN);
	}
	got_free(&g);
}

TEST(sessions_crash)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(70, "bob", "pts/1", "192.0.2.2"), LOGOUT(90, "pts/1"),
		BOOT(7200), LOGIN(7300, "carol", "pts/0", "192.0.2.3"),
		LOGOUT(7400, "pts/0"),
	};
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("crash", &g)) {
		ASSERT_INT(g.n, 5);
		ASSERT_INT(g.v[1].how, SESSION_END_CRASH);
		ASSERT_INT(g.v[1].end_sec, T0 + 7200);
		ASSERT_INT(g.v[2].how, SESSION_END_LOGOUT);
		/* A boot ends at a shutdown only; none came. */
		ASSERT_INT(g.v[0].how, SESSION_END_RUNNING);
	}
	got_free(&g);
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
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("shutdown", &g)) {
		ASSERT_INT(g.v[2].how, SESSION_END_DOWN);
		ASSERT_INT(g.v[2].end_sec, T0 + 3000);
		ASSERT_INT(g.v[5].kind, SESSION_SHUTDOWN);
		ASSERT_INT(g.v[5].end_sec, T0 + 4000);
		ASSERT_INT(g.n, 10);
		ASSERT_INT(g.v[9].how, SESSION_END_NONE);
	}
	got_free(&g);
}

TEST(sessions_same_tty)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "192.0.2.1"),
		LOGIN(120, "bob", "pts/0", "192.0.2.2"),
		LOGOUT(180, "pts/0"), LOGOUT(240, "pts/0"),
		LOGIN(300, "carol", "pts/0", "192.0.2.3"),
	};
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("same tty", &g)) {
		ASSERT_INT(g.n, 4);
		ASSERT_INT(g.v[1].end_sec, T0 + 120);
		ASSERT_INT(g.v[2].end_sec, T0 + 180);
		ASSERT_INT(g.v[3].how, SESSION_END_STILL_IN);
	}
	got_free(&g);
}

TEST(sessions_ipv6)
{
	static const struct rec	r[] = {
		BOOT(0), LOGIN(60, "alice", "pts/0", "2001:db8::1"),
		LOGIN(61, "bob", "pts/1", "fe80::1:2:3:4"),
		LOGOUT(900, "pts/0"),
	};
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("ipv6", &g)) {
		ASSERT_INT(g.n, 3);
		ASSERT_STR(g.v[1].addr, "2001:db8::1");
		ASSERT_STR(g.v[1].host, "2001:db8::1");
		ASSERT_STR(g.v[2].addr, "fe80::1:2:3:4");
	}
	got_free(&g);
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
	struct got		g;

	if (!tools()) {
		printf("# SKIP sessions: no utmpdump or last\n");
		return;
	}
	write_recs(r, NREC(r));
	if (judge("old writers", &g)) {
		ASSERT_INT(g.n, 10);
		ASSERT_INT(g.v[2].kind, SESSION_TIME_CHANGE);
		ASSERT_STR(g.v[3].line, "new time");
		ASSERT_INT(g.v[4].end_sec, T0 + 90);
		ASSERT_INT(g.v[5].kind, SESSION_LOGIN);
		ASSERT_INT(g.v[5].how, SESSION_END_DOWN);
	}
	got_free(&g);
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
	struct got	 g;
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
	if (judge("many", &g)) {
		printf("# sessions many: %zu sessions of %" PRIu64
		    " records, at most %zu held, %.2f s CPU here\n", g.n,
		    g.s.records, g.s.held_max,
		    (double)(clock() - t0) / CLOCKS_PER_SEC);
		ASSERT_INT(g.s.records, MANY);
		ASSERT(g.n < MANY * 6 / 10);
		/* Memory follows the sessions open, not the file. */
		ASSERT(g.s.held_max <= SESSIONS_HOLD + 64);
	}
	got_free(&g);
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
	struct got		 g;
	uint32_t		 x = 7, k;
	size_t			 i;

	got_init(&g, DRAIN_PARK);
	g.s.hold = 5;
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
		sessions_add(&g.s, &r);
		if (k % 3 == 0)
			sessions_drain(&g.s, take, &g);
	}
	got_finish(&g, 0);
	for (i = 0; i < g.n; i++) {
		ASSERT(g.v[i].end_index < 0 ||
		    (uint64_t)g.v[i].end_index > g.v[i].start_index);
		ASSERT(session_end_name(g.v[i].how) != NULL);
		ASSERT(i == 0 || g.v[i].start_index != g.v[i - 1].start_index);
	}
	ASSERT(g.n > 0);
	ASSERT_INT(g.n, g.s.started);
	ASSERT_INT(g.s.held, 0);
	got_free(&g);
}

/* The sessions of the million records, counted as they come. */
struct tally {
	uint64_t	 n, logins, boots, crash, still, logout;
	uint64_t	 prev;		/* start of the last logout */
	bool		 order;		/* logouts came in start order */
};

static void
count(const struct session *ss, void *arg)
{
	struct tally	*t = arg;

	t->n++;
	if (ss->kind == SESSION_BOOT) {
		t->boots++;
		return;
	}
	t->logins++;
	if (ss->how == SESSION_END_CRASH)
		t->crash++;
	else if (ss->how == SESSION_END_STILL_IN)
		t->still++;
	else if (ss->how == SESSION_END_LOGOUT) {
		t->logout++;
		if (ss->start_index < t->prev)
			t->order = false;
		t->prev = ss->start_index;
	}
}

#define MILLION		1000000
#define BOOT_EVERY	100000
#define LEFT_OPEN	4	/* logins after each boot left open */
#define TTYS		8

static unsigned
nopen(const bool *open)
{
	unsigned	i, n = 0;

	for (i = 0; i < TTYS; i++)
		n += open[i];
	return n;
}

/*
 * A million records fed and drained as they come: logins and logouts
 * on a few lines, a boot every 100000 records with no shutdown, a few
 * logins after each boot left open until the next.  What is held stays
 * near hold, for any hold, and every session comes out once.
 */
static void
million(size_t hold, unsigned every)
{
	struct utmp_record	 r;
	struct sessions		 s;
	struct tally		 t = { .order = true };
	uint64_t		 logins = 0, boots = 0, crash = 0, i;
	uint32_t		 x = 3, k;
	bool			 open[TTYS] = { false };
	unsigned		 tty;

	sessions_init(&s);
	s.hold = hold;
	for (i = 0; i < MILLION; i++) {
		k = lcg(&x);
		tty = k % TTYS;
		memset(&r, 0, sizeof(r));
		r.index = i;
		r.sec = T0 + (int64_t)i * 7;
		if (i % BOOT_EVERY == 0) {
			r.type = UTMP_BOOT_TIME;
			snprintf(r.user, sizeof(r.user), "reboot");
			snprintf(r.line, sizeof(r.line), "~");
			snprintf(r.host, sizeof(r.host), KERNEL);
			/* It ends those left open and the lines open. */
			if (i > 0)
				crash += LEFT_OPEN + nopen(open);
			memset(open, 0, sizeof(open));
			boots++;
		} else if (i % BOOT_EVERY <= LEFT_OPEN) {
			r.type = UTMP_USER_PROCESS;
			snprintf(r.user, sizeof(r.user), "root");
			snprintf(r.line, sizeof(r.line), "tty%u",
			    (unsigned)(i % BOOT_EVERY));
			logins++;
		} else if (!open[tty]) {
			r.type = UTMP_USER_PROCESS;
			snprintf(r.user, sizeof(r.user), "u%u", k % 13);
			snprintf(r.line, sizeof(r.line), "pts/%u", tty);
			snprintf(r.host, sizeof(r.host), "198.51.100.%u",
			    k % 250);
			open[tty] = true;
			logins++;
		} else {
			r.type = UTMP_DEAD_PROCESS;
			snprintf(r.line, sizeof(r.line), "pts/%u", tty);
			open[tty] = false;
		}
		r.pid = 100 + (int32_t)tty;
		sessions_add(&s, &r);
		if (i % every == 0)
			sessions_drain(&s, count, &t);
	}
	sessions_finish(&s, 0);
	sessions_drain(&s, count, &t);
	printf("# sessions million, hold %zu, drained every %u: %" PRIu64
	    " sessions, at most %zu held\n", hold, every, t.n, s.held_max);
	ASSERT_INT(s.records, MILLION);
	ASSERT_INT(t.n, logins + boots);
	ASSERT_INT(t.boots, boots);
	ASSERT_INT(t.logins, logins);
	ASSERT_INT(t.crash, crash);
	ASSERT_INT(t.still, nopen(open) + LEFT_OPEN);
	ASSERT_INT(t.logout, logins - crash - t.still);
	/* Unless set aside, which the default hold never needs here. */
	ASSERT(t.order || hold != SESSIONS_HOLD);
	ASSERT_INT(s.held, 0);
	/* Behind the oldest open one, the logins open and the boots. */
	ASSERT(s.held_max <= hold + every + LEFT_OPEN + TTYS +
	    MILLION / BOOT_EVERY + 2);
	sessions_free(&s);
}

TEST(sessions_million)
{
	million(SESSIONS_HOLD, 1);
	million(64, 1000);
	million(0, 1);
}
