/*
 * test_sudoers.c - sudoers files as sudo's lexer reads them: Debian's
 * and RHEL's stock files, continuations, comments that are uids,
 * Defaults of every binding, aliases, specs with runas and tags, the
 * include directives handed back, and hostile lines
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "parse/sudoers.h"

#define DUMP_LEN	8192

struct dump {
	char	 buf[DUMP_LEN];
	size_t	 len;
};

static void
put(struct dump *d, const char *fmt, const char *s)
{
	int	n;

	if (d->len >= sizeof(d->buf))
		return;
	n = snprintf(d->buf + d->len, sizeof(d->buf) - d->len, fmt, s);
	if (n > 0)
		d->len += (size_t)n;
	if (d->len > sizeof(d->buf))
		d->len = sizeof(d->buf);
}

static void
put_list(struct dump *d, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		put(d, i ? ",%s" : "%s", v[i]);
}

/* One line of text per entry, to compare whole files at once. */
static int
dump_cb(const struct sudoers_entry *e, void *arg)
{
	static const char *const tagname[] = { "NOPASSWD", "NOEXEC",
	    "SETENV", "LOG_INPUT", "LOG_OUTPUT", "MAIL", "FOLLOW",
	    "INTERCEPT", "PASSWD", "EXEC", "NOSETENV", "NOLOG_INPUT",
	    "NOLOG_OUTPUT", "NOMAIL", "NOFOLLOW", "NOINTERCEPT" };
	struct dump			*d = arg;
	const struct sudoers_cmnd	*c;
	char				 num[32];
	size_t				 i, t;

	snprintf(num, sizeof(num), "%u", e->line);
	put(d, "%s", num);
	if (e->last_line != e->line) {
		snprintf(num, sizeof(num), "-%u", e->last_line);
		put(d, "%s", num);
	}
	put(d, " %s", sudoers_kind_name(e->kind));
	switch (e->kind) {
	case SUDOERS_DEFAULTS:
		if (e->defaults_type != 0) {
			num[0] = e->defaults_type;
			num[1] = '\0';
			put(d, " %s", num);
			put_list(d, e->binding, e->nbinding);
		}
		for (i = 0; i < e->ndef; i++) {
			put(d, " %s", e->def[i].negated ? "!" : "");
			put(d, "%s", e->def[i].name);
			if (e->def[i].op == '+' || e->def[i].op == '-') {
				num[0] = e->def[i].op;
				num[1] = '\0';
				put(d, "%s", num);
			}
			if (e->def[i].value != NULL)
				put(d, "=[%s]", e->def[i].value);
		}
		snprintf(num, sizeof(num), " flags=%#x", e->def_flags);
		put(d, "%s", num);
		break;
	case SUDOERS_ALIAS:
		snprintf(num, sizeof(num), " %d ", (int)e->alias_type);
		put(d, "%s", num);
		put(d, "%s = ", e->alias_name);
		put_list(d, e->member, e->nmember);
		break;
	case SUDOERS_USERSPEC:
		put(d, "%s", " ");
		put_list(d, e->user, e->nuser);
		put(d, "%s", " @ ");
		put_list(d, e->host, e->nhost);
		put(d, "%s", " =");
		for (i = 0; i < e->ncmnd; i++) {
			c = &e->cmnd[i];
			put(d, "%s", i ? ", " : " ");
			if (c->runas_users != NULL || c->runas_groups != NULL) {
				put(d, "(%s", c->runas_users ?
				    c->runas_users : "-");
				put(d, ":%s)", c->runas_groups ?
				    c->runas_groups : "-");
			}
			for (t = 0; t < 16; t++)
				if (c->tags & (1u << t))
					put(d, "%s:", tagname[t]);
			if (c->digest != NULL)
				put(d, "{%s}", c->digest);
			put(d, "%s", c->negated ? "!" : "");
			put(d, "%s", c->alias ? "@" : "");
			put(d, "[%s]", c->command);
		}
		if (e->all_commands)
			put(d, "%s", " ALLCMDS");
		if (e->nopasswd)
			put(d, "%s", " NOPW");
		break;
	case SUDOERS_INCLUDE:
	case SUDOERS_INCLUDEDIR:
		put(d, " [%s]", e->path);
		break;
	case SUDOERS_BAD:
		put(d, ": %s", e->error);
		put(d, " [%s]", e->text);
		break;
	}
	put(d, "%s", "\n");
	return 0;
}

/* Parse from a copy of exactly LEN bytes, so ASan sees any overread. */
static int
sd_parse(const char *s, size_t len, struct dump *d)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memset(d, 0, sizeof(*d));
	memcpy(b, s, len);
	r = sudoers_parse(b, len, dump_cb, d);
	free(b);
	return r;
}

#define CHECK_DUMP(in, want, nbad) do {					\
	struct dump	*_d = malloc(sizeof(*_d));			\
	int		 _bad = sd_parse((in), strlen(in), _d);		\
	if (strcmp(_d->buf, (want)) != 0 || _bad != (nbad))		\
		unit_fail(__FILE__, __LINE__, "bad %d (want %d), got\n%s"\
		    "want\n%s", _bad, (nbad), _d->buf, (want));		\
	free(_d);							\
} while (0)

TEST(sudoers_debian_stock)
{
	static const char in[] =
	    "#\n"
	    "# This file MUST be edited with the 'visudo' command as root.\n"
	    "#\n"
	    "Defaults\tenv_reset\n"
	    "Defaults\tmail_badpass\n"
	    "Defaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:"
	    "/usr/sbin:/usr/bin:/sbin:/bin\"\n"
	    "Defaults\tuse_pty\n"
	    "\n"
	    "# User privilege specification\n"
	    "root\tALL=(ALL:ALL) ALL\n"
	    "\n"
	    "# Allow members of group sudo to execute any command\n"
	    "%sudo\tALL=(ALL:ALL) ALL\n"
	    "\n"
	    "# See sudoers(5) for more information on \"@include\" "
	    "directives:\n"
	    "\n"
	    "@includedir /etc/sudoers.d\n";
	static const char want[] =
	    "4 defaults env_reset flags=0\n"
	    "5 defaults mail_badpass flags=0\n"
	    "6 defaults secure_path=[/usr/local/sbin:/usr/local/bin:"
	    "/usr/sbin:/usr/bin:/sbin:/bin] flags=0\n"
	    "7 defaults use_pty flags=0\n"
	    "10 userspec root @ ALL = (ALL:ALL)[ALL] ALLCMDS\n"
	    "13 userspec %sudo @ ALL = (ALL:ALL)[ALL] ALLCMDS\n"
	    "17 includedir [/etc/sudoers.d]\n";

	CHECK_DUMP(in, want, 0);
}

TEST(sudoers_rhel_stock)
{
	static const char in[] =
	    "## Command Aliases\n"
	    "# Cmnd_Alias NETWORKING = /sbin/route, /sbin/ifconfig\n"
	    "Cmnd_Alias SOFTWARE = /bin/rpm, /usr/bin/up2date, "
	    "/usr/bin/yum\n"
	    "Defaults   !visiblepw\n"
	    "Defaults    always_set_home\n"
	    "Defaults    env_keep =  \"COLORS DISPLAY HOSTNAME HISTSIZE "
	    "KDEDIR LS_COLORS\"\n"
	    "Defaults    env_keep += \"MAIL QTDIR USERNAME LANG LC_ADDRESS "
	    "LC_CTYPE\"\n"
	    "root\tALL=(ALL) \tALL\n"
	    "%wheel\tALL=(ALL)\tALL\n"
	    "# %wheel\tALL=(ALL)\tNOPASSWD: ALL\n"
	    "#includedir /etc/sudoers.d\n";
	static const char want[] =
	    "3 alias 3 SOFTWARE = /bin/rpm,/usr/bin/up2date,/usr/bin/yum\n"
	    "4 defaults !visiblepw flags=0\n"
	    "5 defaults always_set_home flags=0\n"
	    "6 defaults env_keep=[COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR "
	    "LS_COLORS] flags=0\n"
	    "7 defaults env_keep+=[MAIL QTDIR USERNAME LANG LC_ADDRESS "
	    "LC_CTYPE] flags=0\n"
	    "8 userspec root @ ALL = (ALL:-)[ALL] ALLCMDS\n"
	    "9 userspec %wheel @ ALL = (ALL:-)[ALL] ALLCMDS\n"
	    "11 includedir [/etc/sudoers.d]\n";

	CHECK_DUMP(in, want, 0);
}

TEST(sudoers_specs_tags_runas)
{
	static const char in[] =
	    "alice, bob ALL = (root) NOPASSWD: /usr/bin/apt update, "
	    "/usr/bin/systemctl restart nginx, PASSWD: /bin/vi\n"
	    "carol web1,web2 = (www-data : www-data) NOEXEC: SETENV: "
	    "/usr/bin/less /var/log/*, ALL, !/bin/su : db1 = /bin/true\n"
	    "dave ALL=NOPASSWD:ALL\n"
	    "#1001 ALL = (#0) sha256:0123abcd /usr/bin/id\n"
	    "%#1002,!mallory,\"%domain users\" ALL = ADMIN_CMDS\n"
	    "eve ALL = CWD=/tmp TIMEOUT=5m (:wheel) /usr/bin/echo a\\,b "
	    "c\\:d\n"
	    "frank ALL = sudoedit /etc/hosts, ^/usr/bin/(cat|less)$ /etc/.*$\n"
	    "gina fe80::1 = ALL\n"
	    "  henry ALL = (ALL) ALL # a comment\n";
	static const char want[] =
	    "1 userspec alice,bob @ ALL = (root:-)NOPASSWD:"
	    "[/usr/bin/apt update], (root:-)NOPASSWD:"
	    "[/usr/bin/systemctl restart nginx], (root:-)PASSWD:[/bin/vi]"
	    " NOPW\n"
	    "2 userspec carol @ web1,web2 = (www-data:www-data)NOEXEC:"
	    "SETENV:[/usr/bin/less /var/log/*], (www-data:www-data)NOEXEC:"
	    "SETENV:[ALL], (www-data:www-data)NOEXEC:SETENV:![/bin/su]"
	    " ALLCMDS\n"
	    "2 userspec carol @ db1 = [/bin/true]\n"
	    "3 userspec dave @ ALL = NOPASSWD:[ALL] ALLCMDS NOPW\n"
	    "4 userspec #1001 @ ALL = (#0:-){sha256:0123abcd}[/usr/bin/id]\n"
	    "5 userspec %#1002,!mallory,%domain users @ ALL = @[ADMIN_CMDS]\n"
	    "6 userspec eve @ ALL = (:wheel)[/usr/bin/echo a,b c:d]\n"
	    "7 userspec frank @ ALL = [sudoedit /etc/hosts], "
	    "[^/usr/bin/(cat|less)$ /etc/.*$]\n"
	    "8 userspec gina @ fe80::1 = [ALL] ALLCMDS\n"
	    "9 userspec henry @ ALL = (ALL:-)[ALL] ALLCMDS\n";

	CHECK_DUMP(in, want, 0);
}

TEST(sudoers_defaults_bindings)
{
	static const char in[] =
	    "Defaults !authenticate\n"
	    "Defaults:alice, %ops !authenticate, !lecture\n"
	    "Defaults@db1 env_keep+=LD_PRELOAD\n"
	    "Defaults!/usr/bin/less,/bin/more noexec\n"
	    "Defaults>root !!set_logname , !env_reset\n"
	    "Defaults env_keep += \"LD_LIBRARY_PATH PYTHONPATH\", setenv\n"
	    "Defaults env_keep -= LD_PRELOAD,!syslog,!use_pty\n"
	    "Defaults\n"
	    "Defaults:\n"
	    "Defaultsalice ALL = ALL\n";
	static const char want[] =
	    "1 defaults !authenticate flags=0x1\n"
	    "2 defaults :alice,%ops !authenticate !lecture flags=0x1\n"
	    "3 defaults @db1 env_keep+=[LD_PRELOAD] flags=0x2\n"
	    "4 defaults !/usr/bin/less,/bin/more noexec flags=0\n"
	    "5 defaults >root set_logname !env_reset flags=0x4\n"
	    "6 defaults env_keep+=[LD_LIBRARY_PATH PYTHONPATH] setenv "
	    "flags=0xa\n"
	    "7 defaults env_keep-=[LD_PRELOAD] !syslog !use_pty flags=0x30\n"
	    "8 bad: expected a Defaults parameter [Defaults]\n"
	    "9 bad: unexpected end of line [Defaults:]\n"
	    "10 userspec Defaultsalice @ ALL = [ALL] ALLCMDS\n";

	CHECK_DUMP(in, want, 2);
}

TEST(sudoers_aliases)
{
	static const char in[] =
	    "User_Alias ADMINS = alice, bob, %wheel : OPS = carol\n"
	    "Runas_Alias OP = root, operator\n"
	    "Host_Alias SERVERS = 10.0.0.0/8, db1, *.example.com\n"
	    "Cmd_Alias SHELLS = /bin/sh, /bin/bash, !/bin/zsh, "
	    "sha224:abcd /bin/ls -l\n"
	    "User_Alias lower = x\n"
	    "User_Alias BAD x\n";
	static const char want[] =
	    "1 alias 0 ADMINS = alice,bob,%wheel\n"
	    "1 alias 0 OPS = carol\n"
	    "2 alias 1 OP = root,operator\n"
	    "3 alias 2 SERVERS = 10.0.0.0/8,db1,*.example.com\n"
	    "4 alias 3 SHELLS = /bin/sh,/bin/bash,!/bin/zsh,/bin/ls -l\n"
	    "5 bad: alias name must be upper case [User_Alias lower = x]\n"
	    "6 bad: expected '=' after the alias name [User_Alias BAD x]\n";

	CHECK_DUMP(in, want, 2);
}

TEST(sudoers_continuations_and_comments)
{
	static const char in[] =
	    "alice ALL = /bin/a, \\\n"
	    "\t/bin/b, \\  \n"
	    "  /bin/c\n"
	    "# a comment \\\n"
	    "bob ALL = ALL\n"
	    "#1000 ALL=(ALL) NOPASSWD: ALL\n"
	    "#-1 ALL = ALL\n"
	    "#- not a uid\n"
	    "#includes are comments\n"
	    "  #include /etc/sudoers.local\n"
	    "#include /etc/sudoers.%h\n"
	    "#include \"/etc/sudo dir/x\"\n"
	    "@include  /etc/sudo\\ dir/y  trailing\n"
	    "#includedir /etc/sudoers.d\n"
	    "@include\n"
	    "#include \n"
	    "carol ALL = \"/bin/x\n"
	    "dave ALL = /bin/echo a#b\n"
	    "ed ALL = /bin/ed \\";
	static const char want[] =
	    "1-3 userspec alice @ ALL = [/bin/a], [/bin/b], [/bin/c]\n"
	    "5 userspec bob @ ALL = [ALL] ALLCMDS\n"
	    "6 userspec #1000 @ ALL = (ALL:-)NOPASSWD:[ALL] ALLCMDS NOPW\n"
	    "7 userspec #-1 @ ALL = [ALL] ALLCMDS\n"
	    "11 include [/etc/sudoers.%h]\n"
	    "12 include [/etc/sudo dir/x]\n"
	    "13 include [/etc/sudo dir/y]\n"
	    "14 includedir [/etc/sudoers.d]\n"
	    "15 bad: include without a path [@include]\n"
	    "17 bad: command is not a full path [carol ALL = \"/bin/x]\n"
	    "18 userspec dave @ ALL = [/bin/echo a]\n"
	    "19 userspec ed @ ALL = [/bin/ed]\n";

	CHECK_DUMP(in, want, 2);
}

TEST(sudoers_garbage)
{
	static const char in[] =
	    "alice\n"
	    "alice ALL\n"
	    "alice ALL =\n"
	    "alice ALL = (root\n"
	    "alice ALL = /bin/ls : \n"
	    "alice ALL = /bin/ls junk=\n"
	    "= ALL\n"
	    "alice ALL = ^/bin/unterminated\n"
	    "alice ALL = (root) NOPASSWD: relative\n";
	static const char want[] =
	    "1 bad: unexpected end of line [alice]\n"
	    "2 bad: expected '=' after the host list [alice ALL]\n"
	    "3 bad: missing command [alice ALL =]\n"
	    "4 bad: unterminated Runas_Spec [alice ALL = (root]\n"
	    "5 bad: unexpected end of line [alice ALL = /bin/ls : ]\n"
	    "6 bad: junk after a command [alice ALL = /bin/ls junk=]\n"
	    "7 bad: unexpected character [= ALL]\n"
	    "8 bad: unterminated regular expression "
	    "[alice ALL = ^/bin/unterminated]\n"
	    "9 bad: command is not a full path "
	    "[alice ALL = (root) NOPASSWD: relative]\n";

	CHECK_DUMP(in, want, 9);
}

static int
count_cb(const struct sudoers_entry *e, void *arg)
{
	size_t	*n = arg;

	n[0]++;
	if (e->kind == SUDOERS_USERSPEC)
		n[1] += e->ncmnd;
	if (e->kind == SUDOERS_BAD)
		n[2]++;
	n[3] = e->last_line;
	return 0;
}

TEST(sudoers_huge_and_nul)
{
	size_t	 big = 1024 * 1024, n, i, c[4] = { 0 };
	char	*buf;

	/* 1 MiB of commands on one logical line of many physical ones. */
	buf = malloc(big + 64);
	n = (size_t)snprintf(buf, 64, "alice ALL = /bin/x");
	for (i = 0; n + 16 < big; i++)
		n += (size_t)snprintf(buf + n, 16, ", /b%zu\\\n", i % 10);
	n += (size_t)snprintf(buf + n, 16, "/bin/y\n");
	ASSERT_INT(sudoers_parse(buf, n, count_cb, c), 0);
	ASSERT_INT(c[0], 1);
	ASSERT_INT(c[1], i + 1);
	ASSERT_INT(c[3], i + 1);

	/* 1 MiB of garbage without a newline. */
	memset(buf, 'a', big);
	memset(c, 0, sizeof(c));
	ASSERT_INT(sudoers_parse(buf, big, count_cb, c), 1);
	ASSERT_INT(c[2], 1);
	free(buf);

	/* A NUL makes the whole logical line bad, and only it. */
	memset(c, 0, sizeof(c));
	ASSERT_INT(sudoers_parse("a ALL=ALL\\\n\0b\nc ALL=ALL\n", 24, count_cb,
	    c), 1);
	ASSERT_INT(c[0], 2);
	ASSERT_INT(c[1], 1);
}
