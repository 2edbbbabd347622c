/*
 * test_unitfile.c - systemd unit files: units as Debian 12 ships them,
 * continuations with comments inside, CR LF and the other line ends of
 * read_line(), Exec*= and Environment= values, and hostile input (a
 * 1 MiB line, NUL bytes, unterminated quotes, 10000 continuations)
 */
#include <stdlib.h>

#include "unit.h"
#include "parse/unitfile.h"

#define EVMAX	64

struct ev {
	int		kind;
	unsigned	flags, line, last_line;
	char		section[64], key[64], value[256];
	size_t		valuelen;
	const char	*why;
};

struct evs {
	unsigned	n;
	struct ev	ev[EVMAX];
};

static void
copy(char *dst, size_t size, const char *src, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int
collect(const struct unit_event *e, void *arg)
{
	struct evs	*v = arg;
	struct ev	*x;

	if (v->n >= EVMAX) {
		v->n++;
		return 0;
	}
	if (strlen(e->value) != e->valuelen)
		abort();
	x = &v->ev[v->n++];
	x->kind = e->kind;
	x->flags = e->flags;
	x->line = e->line;
	x->last_line = e->last_line;
	x->why = e->why;
	x->valuelen = e->valuelen;
	copy(x->section, sizeof(x->section), e->section, strlen(e->section));
	copy(x->key, sizeof(x->key), e->key, strlen(e->key));
	copy(x->value, sizeof(x->value), e->value, e->valuelen);
	return 0;
}

/* The whole of S (LEN bytes) in chunks of CHUNK, from heap copies. */
static void
parse_len(const char *s, size_t len, size_t chunk, struct evs *v,
    struct unit_parser *out)
{
	struct unit_parser	 p;
	size_t			 i, n;
	char			*buf;

	memset(v, 0, sizeof(*v));
	unit_parser_init(&p);
	for (i = 0; i < len; i += n) {
		n = len - i < chunk ? len - i : chunk;
		if ((buf = malloc(n)) == NULL)
			abort();
		memcpy(buf, s + i, n);
		unit_feed(&p, buf, n, collect, v);
		free(buf);
	}
	unit_finish(&p, collect, v);
	unit_parser_release(&p);
	if (out != NULL)
		*out = p;
}

static void
parse(const char *s, struct evs *v)
{
	parse_len(s, strlen(s), strlen(s) + 1, v, NULL);
}

/* The value of the Nth assignment of KEY, or NULL. */
static const struct ev *
find(const struct evs *v, const char *key, unsigned nth)
{
	unsigned	i;

	for (i = 0; i < v->n && i < EVMAX; i++)
		if (v->ev[i].kind == UNIT_ASSIGN &&
		    strcmp(v->ev[i].key, key) == 0 && nth-- == 0)
			return &v->ev[i];
	return NULL;
}

static unsigned
count_kind(const struct evs *v, int kind)
{
	unsigned	i, n = 0;

	for (i = 0; i < v->n && i < EVMAX; i++)
		if (v->ev[i].kind == kind)
			n++;
	return n;
}

/* Debian 12's openssh-server (corpus: systemd-units/debian). */
static const char	ssh_service[] =
    "[Unit]\n"
    "Description=OpenBSD Secure Shell server\n"
    "Documentation=man:sshd(8) man:sshd_config(5)\n"
    "After=network.target auditd.service\n"
    "ConditionPathExists=!/etc/ssh/sshd_not_to_be_run\n"
    "\n"
    "[Service]\n"
    "EnvironmentFile=-/etc/default/ssh\n"
    "ExecStartPre=/usr/sbin/sshd -t\n"
    "ExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n"
    "ExecReload=/usr/sbin/sshd -t\n"
    "ExecReload=/bin/kill -HUP $MAINPID\n"
    "KillMode=process\n"
    "Restart=on-failure\n"
    "RestartPreventExitStatus=255\n"
    "Type=notify\n"
    "RuntimeDirectory=sshd\n"
    "RuntimeDirectoryMode=0755\n"
    "\n"
    "[Install]\n"
    "WantedBy=multi-user.target\n"
    "Alias=sshd.service\n";

/* Debian 12's cron (corpus: systemd-units/debian/cron.service). */
static const char	cron_service[] =
    "[Unit]\n"
    "Description=Regular background program processing daemon\n"
    "Documentation=man:cron(8)\n"
    "After=remote-fs.target nss-user-lookup.target\n"
    "\n"
    "[Service]\n"
    "EnvironmentFile=-/etc/default/cron\n"
    "ExecStart=/usr/sbin/cron -f $EXTRA_OPTS\n"
    "IgnoreSIGPIPE=false\n"
    "KillMode=process\n"
    "Restart=on-failure\n"
    "\n"
    "[Install]\n"
    "WantedBy=multi-user.target\n";

/* /lib/systemd/system/apt-daily.timer of the build machine. */
static const char	apt_daily_timer[] =
    "[Unit]\n"
    "Description=Daily apt download activities\n"
    "\n"
    "[Timer]\n"
    "OnCalendar=*-*-* 6,18:00\n"
    "RandomizedDelaySec=12h\n"
    "Persistent=true\n"
    "\n"
    "[Install]\n"
    "WantedBy=timers.target\n";

/* /lib/systemd/system/getty@.service of the build machine, abridged. */
static const char	getty_service[] =
    "#  SPDX-License-Identifier: LGPL-2.1-or-later\n"
    "#\n"
    "#  This file is part of systemd.\n"
    "\n"
    "[Unit]\n"
    "Description=Getty on %I\n"
    "Documentation=man:agetty(8) man:systemd-getty-generator(8)\n"
    "After=systemd-user-sessions.service plymouth-quit-wait.service "
    "getty-pre.target\n"
    "After=rc-local.service\n"
    "\n"
    "# If additional gettys are spawned during boot then we should make\n"
    "Before=getty.target\n"
    "ConditionPathExists=/dev/tty0\n"
    "\n"
    "[Service]\n"
    "# the VT is cleared by TTYVTDisallocate\n"
    "ExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM\n"
    "Type=idle\n"
    "UtmpIdentifier=%I\n"
    "TTYPath=/dev/%I\n"
    "UnsetEnvironment=LANG LANGUAGE LC_CTYPE LC_NUMERIC LC_TIME\n"
    "\n"
    "[Install]\n"
    "WantedBy=getty.target\n"
    "DefaultInstance=tty1\n";

TEST(unitfile_ssh_service)
{
	struct evs		 v;
	const struct ev		*e;

	parse(ssh_service, &v);
	ASSERT_INT(v.n, 20);
	ASSERT_INT(count_kind(&v, UNIT_SECTION), 3);
	ASSERT_INT(count_kind(&v, UNIT_MALFORMED), 0);
	ASSERT_INT(v.ev[0].kind, UNIT_SECTION);
	ASSERT_STR(v.ev[0].section, "Unit");
	ASSERT((e = find(&v, "ExecStart", 0)) != NULL);
	ASSERT_STR(e->section, "Service");
	ASSERT_STR(e->value, "/usr/sbin/sshd -D $SSHD_OPTS");
	ASSERT_INT(e->line, 10);
	ASSERT_INT(e->last_line, 10);
	ASSERT((e = find(&v, "ExecReload", 1)) != NULL);
	ASSERT_STR(e->value, "/bin/kill -HUP $MAINPID");
	ASSERT((e = find(&v, "Alias", 0)) != NULL);
	ASSERT_STR(e->section, "Install");
	ASSERT_INT(e->line, 22);
}

TEST(unitfile_cron_service_and_timer)
{
	struct evs		 v;
	const struct ev		*e;

	parse(cron_service, &v);
	ASSERT_INT(count_kind(&v, UNIT_ASSIGN), 9);
	ASSERT((e = find(&v, "EnvironmentFile", 0)) != NULL);
	ASSERT_STR(e->value, "-/etc/default/cron");
	parse(apt_daily_timer, &v);
	ASSERT((e = find(&v, "OnCalendar", 0)) != NULL);
	ASSERT_STR(e->section, "Timer");
	ASSERT_STR(e->value, "*-*-* 6,18:00");
	ASSERT_INT(e->line, 5);
	parse(getty_service, &v);
	ASSERT_INT(count_kind(&v, UNIT_MALFORMED), 0);
	ASSERT((e = find(&v, "ExecStart", 0)) != NULL);
	ASSERT_STR(e->value,
	    "-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM");
	ASSERT_INT(e->line, 17);
}

TEST(unitfile_syntax)
{
	struct evs		 v;
	const struct ev		*e;

	parse("\xef\xbb\xbf[Service]\n"
	    "  Key1  =  spaced value  \n"
	    "; a comment\n"
	    "   # another\n"
	    "Empty=\n"
	    "Eq=a=b\n"
	    "NoEquals\n"
	    "=novalue\n"
	    "[X-Vendor]\n"
	    "X-Key=1\n"
	    "[Bad\n"
	    "[Bad\"Quote]\n"
	    "[]\n"
	    "After=[]\n"
	    ".include /etc/x.service\n", &v);
	ASSERT_INT(v.ev[0].kind, UNIT_SECTION);
	ASSERT_STR(v.ev[0].section, "Service");
	ASSERT((e = find(&v, "Key1", 0)) != NULL);
	ASSERT_STR(e->value, "spaced value");
	ASSERT((e = find(&v, "Empty", 0)) != NULL);
	ASSERT(e->flags & UNIT_EV_RESET);
	ASSERT_INT(e->valuelen, 0);
	ASSERT((e = find(&v, "Eq", 0)) != NULL);
	ASSERT_STR(e->value, "a=b");
	ASSERT_INT(e->line, 6);
	ASSERT_INT(v.ev[4].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[4].why, "missing '='");
	ASSERT_INT(v.ev[4].line, 7);
	ASSERT_INT(v.ev[5].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[5].why, "missing key name before '='");
	ASSERT((e = find(&v, "X-Key", 0)) != NULL);
	ASSERT_STR(e->section, "X-Vendor");
	ASSERT_INT(v.ev[8].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[8].why, "invalid section header");
	ASSERT_STR(v.ev[8].value, "[Bad");
	ASSERT(v.ev[8].flags & UNIT_EV_FATAL);
	ASSERT_INT(v.ev[9].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[9].why, "bad characters in section header");
	ASSERT(v.ev[9].flags & UNIT_EV_FATAL);
	ASSERT_INT(v.ev[10].kind, UNIT_SECTION);
	ASSERT_INT(v.ev[11].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[11].why, "assignment outside of section");
	ASSERT_STR(v.ev[11].key, "After");
	ASSERT_INT(v.ev[12].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[12].why, ".include directive");
	ASSERT_INT(v.n, 13);

	/* before any section */
	parse("Description=x\n[Unit]\n", &v);
	ASSERT_INT(v.ev[0].kind, UNIT_MALFORMED);
	ASSERT_STR(v.ev[0].why, "assignment outside of section");
	ASSERT_STR(v.ev[0].section, "");

	/* not UTF-8: systemd skips the line */
	parse("[Unit]\nDescription=\xff\xfe\nX=\xc0\xaf\nY=\xc3\xa9\n", &v);
	ASSERT_STR(v.ev[1].why, "invalid UTF-8");
	ASSERT_STR(v.ev[2].why, "invalid UTF-8");
	ASSERT_INT(v.ev[3].kind, UNIT_ASSIGN);
}

TEST(unitfile_continuation)
{
	struct evs		 v;
	const struct ev		*e;

	parse("[Service]\n"
	    "ExecStart=/bin/sh -c \\\n"
	    "# a comment inside is skipped\n"
	    "  ; so is this one\n"
	    "    'echo hi; \\\n"
	    "curl x | sh'\n"
	    "Next=1\n"
	    "Escaped=a\\\\\n"
	    "Blank=a\\\n"
	    "\n"
	    "Last=1\n"
	    "Space=a\\ \n", &v);
	ASSERT((e = find(&v, "ExecStart", 0)) != NULL);
	ASSERT_STR(e->value, "/bin/sh -c      'echo hi;  curl x | sh'");
	ASSERT_INT(e->line, 2);
	ASSERT_INT(e->last_line, 6);
	ASSERT(e->flags & UNIT_EV_CONTINUED);
	ASSERT((e = find(&v, "Next", 0)) != NULL);
	ASSERT_INT(e->line, 7);
	ASSERT(!(e->flags & UNIT_EV_CONTINUED));
	/* an escaped backslash does not continue */
	ASSERT((e = find(&v, "Escaped", 0)) != NULL);
	ASSERT_STR(e->value, "a\\\\");
	/* a blank line ends a continuation */
	ASSERT((e = find(&v, "Blank", 0)) != NULL);
	ASSERT_STR(e->value, "a");
	ASSERT_INT(e->last_line, 10);
	ASSERT((e = find(&v, "Last", 0)) != NULL);
	ASSERT_INT(e->line, 11);
	/* a blank after the backslash: no continuation */
	ASSERT((e = find(&v, "Space", 0)) != NULL);
	ASSERT_STR(e->value, "a\\");

	/* a continuation open at the end of the file */
	parse("[Unit]\nA=1 \\\n2 \\", &v);
	ASSERT((e = find(&v, "A", 0)) != NULL);
	ASSERT_STR(e->value, "1  2");
	ASSERT_INT(e->last_line, 3);
	/* ...and one followed only by comments */
	parse("[Unit]\nA=1\\\n#x\n#y\n", &v);
	ASSERT((e = find(&v, "A", 0)) != NULL);
	ASSERT_STR(e->value, "1");
}

TEST(unitfile_line_ends)
{
	struct evs		 v;
	const struct ev		*e;
	static const char	nul[] = "[Unit]\0A=1\0\nB=2\n\0C=3\r\n\rD=4";
	size_t			 chunk;

	parse("[Unit]\r\nA=1\r\nB=2 \\\r\n3\r\n", &v);
	ASSERT((e = find(&v, "A", 0)) != NULL);
	ASSERT_STR(e->value, "1");
	ASSERT_INT(e->line, 2);
	ASSERT((e = find(&v, "B", 0)) != NULL);
	ASSERT_STR(e->value, "2  3");
	ASSERT_INT(e->last_line, 4);

	/*
	 * read_line(): a NUL ends a line; LF, CR and NUL in a row are one
	 * end when none repeats ("\n\0", "\r\n"), and a NUL ends the run:
	 * "\0\n" is a line end and an empty line.
	 */
	for (chunk = 1; chunk <= sizeof(nul); chunk++) {
		parse_len(nul, sizeof(nul) - 1, chunk, &v, NULL);
		ASSERT_INT(v.n, 5);
		ASSERT((e = find(&v, "A", 0)) != NULL);
		ASSERT_INT(e->line, 2);
		ASSERT((e = find(&v, "B", 0)) != NULL);
		ASSERT_INT(e->line, 4);
		ASSERT((e = find(&v, "C", 0)) != NULL);
		ASSERT_INT(e->line, 5);
		ASSERT((e = find(&v, "D", 0)) != NULL);
		ASSERT_INT(e->line, 7);
	}
	/* "\n\n" is an empty line, "\n\r" one line end */
	parse("[Unit]\n\nA=1\n\rB=2\n", &v);
	ASSERT_INT(find(&v, "A", 0)->line, 3);
	ASSERT_INT(find(&v, "B", 0)->line, 4);
}

TEST(unitfile_hostile)
{
	struct unit_parser	 p;
	struct evs		 v;
	const struct ev		*e;
	size_t			 big = 1024 * 1024, n, i;
	char			*buf;

	/* a 1 MiB value: kept to UNIT_VALUE_MAX */
	buf = malloc(big + 64);
	ASSERT(buf != NULL);
	n = (size_t)snprintf(buf, 64, "[Service]\nExecStart=/bin/");
	memset(buf + n, 'a', big - 16);
	n += big - 16;
	memcpy(buf + n, "\nB=1\n", 5);
	n += 5;
	parse_len(buf, n, 65536, &v, &p);
	ASSERT((e = find(&v, "ExecStart", 0)) != NULL);
	ASSERT(e->flags & UNIT_EV_TRUNCATED);
	ASSERT(!(e->flags & UNIT_EV_FATAL));
	ASSERT_INT(e->valuelen, UNIT_VALUE_MAX);
	ASSERT((e = find(&v, "B", 0)) != NULL);
	ASSERT_INT(e->line, 3);
	ASSERT(!p.refused);

	/* read_line() takes 1 MiB - 1 bytes, not one more */
	n = (size_t)snprintf(buf, 64, "[Unit]\nA=");
	memset(buf + n, 'a', big - 2);
	parse_len(buf, n + big - 2, 100000, &v, &p);
	ASSERT_INT(v.n, 2);
	ASSERT(v.ev[1].flags & UNIT_EV_FATAL);
	parse_len(buf, n + big - 3, 100000, &v, &p);
	ASSERT(!(v.ev[1].flags & UNIT_EV_FATAL));

	/* past systemd's 1 MiB line limit: the unit is refused */
	memcpy(buf, "[Service]\n", 10);
	memset(buf + 10, 'a', big + 10);
	memcpy(buf + 10, "K=", 2);
	parse_len(buf, big + 20, 4096, &v, &p);
	ASSERT_INT(v.n, 2);
	ASSERT(v.ev[1].flags & UNIT_EV_FATAL);
	ASSERT(v.ev[1].flags & UNIT_EV_TRUNCATED);
	ASSERT(p.refused);
	/* a comment too */
	buf[10] = '#';
	parse_len(buf, big + 20, big + 20, &v, &p);
	ASSERT_INT(v.n, 2);
	ASSERT_STR(v.ev[1].why, "line too long");
	ASSERT(p.refused);
	free(buf);

	/* 10000 continuation lines, every other one a comment */
	buf = malloc(10000 * 4 + 64);
	ASSERT(buf != NULL);
	n = (size_t)snprintf(buf, 64, "[Service]\nExecStart=x\\\n");
	for (i = 0; i < 10000; i++) {
		memcpy(buf + n, i % 2 ? "#c\n" : "ab\\\n", i % 2 ? 3 : 4);
		n += i % 2 ? 3 : 4;
	}
	memcpy(buf + n, "end\nZ=1\n", 8);
	n += 8;
	parse_len(buf, n, 7, &v, &p);
	free(buf);
	ASSERT((e = find(&v, "ExecStart", 0)) != NULL);
	ASSERT_INT(e->line, 2);
	ASSERT_INT(e->last_line, 2 + 10001);
	ASSERT_INT(e->valuelen, 2 + 5000 * 3 + 3);
	ASSERT((e = find(&v, "Z", 0)) != NULL);
	ASSERT_INT(e->line, 2 + 10002);

	/* nothing at all, and only a BOM */
	parse("", &v);
	ASSERT_INT(v.n, 0);
	parse("\xef\xbb", &v);
	ASSERT_INT(v.n, 1);
	ASSERT_INT(v.ev[0].kind, UNIT_MALFORMED);
	unit_parser_release(NULL);
}

/* Every command of an Exec value, for the tests below. */
struct cmds {
	int		 r[4];
	unsigned	 n;
	unsigned	 flags[4];
	char		 path[4][64];
	char		 argv[4][8][64];
	size_t		 argc[4];
	char		 spec[4][8];
	const char	*error;
};

static void
split(const char *value, struct cmds *c)
{
	struct unit_exec	*x = malloc(sizeof(*x));
	size_t			 pos = 0, len = strlen(value), i;
	char			*buf = malloc(len ? len : 1);
	int			 r;

	if (x == NULL || buf == NULL)
		abort();
	memcpy(buf, value, len);
	memset(c, 0, sizeof(*c));
	while (c->n < 4) {
		r = unit_exec_next(buf, len, &pos, x);
		c->r[c->n] = r;
		if (r <= 0) {
			c->error = x->error;
			break;
		}
		c->flags[c->n] = x->flags;
		copy(c->path[c->n], 64, x->path, strlen(x->path));
		c->argc[c->n] = x->argc;
		for (i = 0; i < x->argc && i < 8; i++)
			copy(c->argv[c->n][i], 64, x->argv[i],
			    strlen(x->argv[i]));
		copy(c->spec[c->n], 8, x->specifiers, strlen(x->specifiers));
		c->n++;
	}
	free(buf);
	free(x);
}

TEST(unitfile_exec_simple)
{
	struct cmds	c;

	split("/usr/sbin/sshd -D $SSHD_OPTS", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_INT(c.r[1], 0);
	ASSERT_STR(c.path[0], "/usr/sbin/sshd");
	ASSERT_INT(c.argc[0], 3);
	ASSERT_STR(c.argv[0][0], "/usr/sbin/sshd");
	ASSERT_STR(c.argv[0][2], "$SSHD_OPTS");
	ASSERT_INT(c.flags[0], 0);

	/* getty@.service: '-', single quotes, "\\" */
	split("-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_INT(c.flags[0], UNIT_EXEC_IGNORE_FAILURE);
	ASSERT_STR(c.path[0], "/sbin/agetty");
	ASSERT_STR(c.argv[0][2], "-p -- \\u");
	ASSERT_INT(c.argc[0], 6);

	/* a bare name is looked up in systemd's PATH */
	split("systemctl --no-block start getty@tty2.service", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_STR(c.path[0], "systemctl");
}

TEST(unitfile_exec_prefixes)
{
	struct cmds	c;

	/* '@': path, then argv[0] */
	split("@/lib/systemd/system-generators/systemd-fstab-generator "
	    "systemd-sysroot-fstab-check", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_INT(c.flags[0], UNIT_EXEC_ARGV0);
	ASSERT_STR(c.path[0],
	    "/lib/systemd/system-generators/systemd-fstab-generator");
	ASSERT_INT(c.argc[0], 1);
	ASSERT_STR(c.argv[0][0], "systemd-sysroot-fstab-check");

	split("+-:@/bin/bash [kworker/0:1] -c x", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_INT(c.flags[0], UNIT_EXEC_PRIVILEGED |
	    UNIT_EXEC_IGNORE_FAILURE | UNIT_EXEC_NO_ENV_EXPAND |
	    UNIT_EXEC_ARGV0);
	ASSERT_STR(c.path[0], "/bin/bash");
	ASSERT_STR(c.argv[0][0], "[kworker/0:1]");

	split("!/bin/x", &c);
	ASSERT_INT(c.flags[0], UNIT_EXEC_NO_SETUID);
	split("!!/bin/x", &c);
	ASSERT_INT(c.flags[0], UNIT_EXEC_AMBIENT);
	/* a third '!' or a second '-' is part of the path */
	split("!!!/bin/x", &c);
	ASSERT_INT(c.r[0], -1);
	split("--/bin/x", &c);
	ASSERT_INT(c.r[0], -1);
	split("+!/bin/x", &c);
	ASSERT_INT(c.r[0], -1);
	/* '@' with nothing after it */
	split("@/bin/x", &c);
	ASSERT_INT(c.r[0], -1);
	ASSERT_STR(c.error, "empty executable name or zeroeth argument");
	split("-", &c);
	ASSERT_INT(c.r[0], -1);
	ASSERT_STR(c.error, "empty executable path");
	split("/usr/bin/", &c);
	ASSERT_INT(c.r[0], -1);
	split("bin/x", &c);
	ASSERT_INT(c.r[0], -1);
}

TEST(unitfile_exec_semicolon)
{
	struct cmds	c;

	split("/bin/a 1 ; /bin/b \\; ';' x;y ;", &c);
	ASSERT_INT(c.n, 2);
	ASSERT_INT(c.r[2], 0);
	ASSERT_STR(c.path[0], "/bin/a");
	ASSERT_INT(c.argc[0], 2);
	ASSERT_STR(c.path[1], "/bin/b");
	ASSERT_INT(c.argc[1], 4);
	ASSERT_STR(c.argv[1][1], ";");
	ASSERT_STR(c.argv[1][2], ";");
	ASSERT_STR(c.argv[1][3], "x;y");

	/* a lone ';' where a command would be is skipped */
	split("; ; -/bin/c", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_STR(c.path[0], "/bin/c");
	split("", &c);
	ASSERT_INT(c.n, 0);
	ASSERT_INT(c.r[0], 0);
	split("   ", &c);
	ASSERT_INT(c.r[0], 0);
}

TEST(unitfile_exec_quotes_escapes)
{
	struct cmds	c;

	split("/bin/echo \"a b\"c 'd\\'e' \\x41\\101\\u00e9 \\t\\n\\s\\\" "
	    "\"\" %h/%i %%x %I", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_STR(c.argv[0][1], "a bc");
	ASSERT_STR(c.argv[0][2], "d'e");
	ASSERT_STR(c.argv[0][3], "AA\xc3\xa9");
	ASSERT_STR(c.argv[0][4], "\t\n \"");
	ASSERT_STR(c.argv[0][5], "");
	ASSERT_STR(c.argv[0][6], "%h/%i");
	ASSERT_STR(c.argv[0][7], "%%x");
	ASSERT_STR(c.spec[0], "hiI");

	split("/bin/x \"unterminated", &c);
	ASSERT_INT(c.r[0], -1);
	ASSERT_STR(c.error, "unterminated quote");
	split("/bin/x 'a", &c);
	ASSERT_INT(c.r[0], -1);
	split("/bin/x \\q", &c);
	ASSERT_INT(c.r[0], -1);
	ASSERT_STR(c.error, "bad escape");
	split("/bin/x \\x00", &c);
	ASSERT_INT(c.r[0], -1);
	split("/bin/x \\x4", &c);
	ASSERT_INT(c.r[0], -1);
	split("/bin/x \\400", &c);
	ASSERT_INT(c.r[0], -1);
	split("/bin/x \\UFFFFFFFF", &c);
	ASSERT_INT(c.r[0], -1);
	split("/bin/x a\\", &c);
	ASSERT_INT(c.r[0], -1);
	ASSERT_STR(c.error, "trailing backslash");
	/* the first command stands when the second is bad */
	split("/bin/a ; /bin/b 'x", &c);
	ASSERT_INT(c.n, 1);
	ASSERT_INT(c.r[1], -1);
}

TEST(unitfile_exec_bounds)
{
	struct unit_exec	*x = malloc(sizeof(*x));
	size_t			 len = 1024 * 1024, pos = 0, i;
	char			*buf = malloc(len);

	ASSERT(x != NULL && buf != NULL);
	/* 1 MiB of one-letter words: argv and bytes stop at their bounds */
	memcpy(buf, "/bin/x", 6);
	for (i = 6; i < len; i++)
		buf[i] = i % 2 ? ' ' : 'a';
	ASSERT_INT(unit_exec_next(buf, len, &pos, x), 1);
	ASSERT_INT(x->argc, UNIT_EXEC_ARGV_MAX);
	ASSERT(x->truncated);
	ASSERT(x->argv[UNIT_EXEC_ARGV_MAX] == NULL);
	ASSERT_INT(unit_exec_next(buf, len, &pos, x), 0);

	/* one 1 MiB word: cut, and too long a path for systemd */
	memset(buf, 'a', len);
	buf[0] = '/';
	pos = 0;
	ASSERT_INT(unit_exec_next(buf, len, &pos, x), -1);
	ASSERT_STR(x->error, "executable path too long");
	ASSERT(x->truncated);
	ASSERT(strlen(x->path) < UNIT_EXEC_BUF);

	/* a NUL ends the value */
	pos = 0;
	ASSERT_INT(unit_exec_next("/bin/a\0 b", 9, &pos, x), 1);
	ASSERT_INT(x->argc, 1);
	ASSERT(!x->bad_specifier);
	pos = 0;
	ASSERT_INT(unit_exec_next("/bin/a %z $X", 12, &pos, x), 1);
	ASSERT(x->bad_specifier);
	ASSERT(x->has_vars);
	pos = 0;
	ASSERT_INT(unit_exec_next(NULL, 0, &pos, x), 0);
	free(buf);
	free(x);
}

TEST(unitfile_environment)
{
	struct unit_env	*e = malloc(sizeof(*e));
	const char	*v = "A=1 \"B=two words\" 'C=x\\ty' bad-name=1 NOEQ "
	    "D= 9X=1 E=\\x01";
	size_t		 pos = 0, len = strlen(v);

	ASSERT(e != NULL);
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT_STR(e->name, "A");
	ASSERT_STR(e->value, "1");
	ASSERT(e->valid);
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT_STR(e->name, "B");
	ASSERT_STR(e->value, "two words");
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT_STR(e->value, "x\ty");
	ASSERT(e->valid);
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT(!e->valid);
	ASSERT_STR(e->why, "invalid environment variable name");
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT(!e->valid);
	ASSERT_STR(e->why, "no '=' in environment assignment");
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT_STR(e->name, "D");
	ASSERT_INT(e->valuelen, 0);
	ASSERT(e->valid);
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT(!e->valid);
	ASSERT_INT(unit_env_next(v, len, &pos, e), 1);
	ASSERT(!e->valid);
	ASSERT_STR(e->why, "invalid environment variable value");
	ASSERT_INT(unit_env_next(v, len, &pos, e), 0);

	pos = 0;
	ASSERT_INT(unit_env_next("A=1 \"B=2", 8, &pos, e), 1);
	ASSERT_INT(unit_env_next("A=1 \"B=2", 8, &pos, e), -1);
	ASSERT_STR(e->why, "unterminated quote");
	ASSERT_INT(unit_env_next("A=1 \"B=2", 8, &pos, e), 0);
	free(e);
}

TEST(unitfile_envfile)
{
	const char	*path;
	size_t		 n;
	bool		 opt;

	ASSERT(unit_envfile("-/etc/default/ssh", 17, &opt, &path, &n));
	ASSERT(opt);
	ASSERT_INT(n, 16);
	ASSERT(memcmp(path, "/etc/default/ssh", n) == 0);
	ASSERT(unit_envfile("/etc/a b", 8, &opt, &path, &n));
	ASSERT(!opt);
	ASSERT_INT(n, 8);
	ASSERT(!unit_envfile("etc/x", 5, &opt, &path, &n));
	ASSERT(!unit_envfile("-", 1, &opt, &path, &n));
	ASSERT(!unit_envfile("", 0, &opt, &path, &n));
}

static bool
keep_unit(const char *root, const char *rel)
{
	(void)root;
	return strncmp(rel, "systemd-units/", 14) == 0 &&
	    strstr(rel, "sysconfig") == NULL;
}

struct corpus {
	unsigned		 assign, exec, env, bad;
	struct unit_exec	*x;
	struct unit_env		*e;
};

static int
corpus_event(const struct unit_event *ev, void *arg)
{
	struct corpus	*c = arg;
	size_t		 pos = 0;
	int		 r;

	if (ev->kind == UNIT_MALFORMED) {
		printf("# unitfile corpus: line %u: %s\n", ev->line, ev->why);
		c->bad++;
		return 0;
	}
	if (ev->kind != UNIT_ASSIGN)
		return 0;
	c->assign++;
	if (strncmp(ev->key, "Exec", 4) == 0)
		while ((r = unit_exec_next(ev->value, ev->valuelen, &pos,
		    c->x)) != 0) {
			if (r < 0 || c->x->truncated || c->x->bad_specifier)
				c->bad++;
			c->exec++;
		}
	else if (strcmp(ev->key, "Environment") == 0)
		while ((r = unit_env_next(ev->value, ev->valuelen, &pos,
		    c->e)) != 0) {
			if (r < 0 || !c->e->valid)
				c->bad++;
			c->env++;
		}
	return 0;
}

/* Every unit of the shared corpus parses clean, Exec lines included. */
TEST(unitfile_corpus)
{
	struct unit_files	*files;
	struct unit_parser	 p;
	struct corpus		 c;
	char			 root[1024], path[2048], *text;
	size_t			 len;
	unsigned		 i;

	if (!unit_corpus_dir(root, sizeof(root))) {
		printf("# SKIP unitfile corpus: not found "
		    "(set RESCUE_CORPUS)\n");
		return;
	}
	memset(&c, 0, sizeof(c));
	files = malloc(sizeof(*files));
	c.x = malloc(sizeof(*c.x));
	c.e = malloc(sizeof(*c.e));
	ASSERT(files != NULL && c.x != NULL && c.e != NULL);
	unit_list_files(root, keep_unit, files);
	for (i = 0; i < files->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files->path[i]);
		if ((text = unit_slurp(path, &len)) == NULL)
			continue;
		unit_parser_init(&p);
		unit_feed(&p, text, len, corpus_event, &c);
		unit_finish(&p, corpus_event, &c);
		unit_parser_release(&p);
		free(text);
	}
	printf("# unitfile corpus: %u files, %u assignments, %u commands, "
	    "%u environment words\n", files->n, c.assign, c.exec, c.env);
	free(c.e);
	free(c.x);
	i = files->n;
	free(files);
	ASSERT(i > 0);
	ASSERT(c.exec > 0);
	ASSERT_INT(c.bad, 0);
}
