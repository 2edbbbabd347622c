/*
 * test_sshdconf.c - sshd_config lines: keywords in any case, '=', quotes
 * and escapes as argv_split reads them, Match blocks, Include handed
 * back, first-value-wins, and hostile lines
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "parse/sshdconf.h"

#define SEEN_MAX	24

struct sc_seen {
	int	n;
	struct {
		unsigned		 line;
		char			 keyword[64];
		enum sshdconf_kw	 kw;
		size_t			 argc;
		bool			 trunc;
		char			 argv[4][64];
		char			 args[128];
		size_t			 args_len;
		bool			 in_match;
		char			 match[64];
		unsigned		 match_line;
		bool			 effective;
	} e[SEEN_MAX];
	struct sshdconf_first	first;
};

static int
sc_cb(const struct sshdconf_entry *e, void *arg)
{
	struct sc_seen	*s = arg;
	size_t		 i;
	bool		 eff = sshdconf_first_is_effective(&s->first, e);

	if (s->n < SEEN_MAX) {
		s->e[s->n].line = e->line;
		snprintf(s->e[s->n].keyword, 64, "%s", e->keyword);
		s->e[s->n].kw = e->kw;
		s->e[s->n].argc = e->argc;
		s->e[s->n].trunc = e->args_truncated;
		for (i = 0; i < e->argc && i < 4; i++)
			snprintf(s->e[s->n].argv[i], 64, "%s", e->argv[i]);
		snprintf(s->e[s->n].args, 128, "%s", e->args);
		s->e[s->n].args_len = strlen(e->args);
		s->e[s->n].in_match = e->in_match;
		snprintf(s->e[s->n].match, 64, "%s",
		    e->match ? e->match : "(null)");
		s->e[s->n].match_line = e->match_line;
		s->e[s->n].effective = eff;
	}
	s->n++;
	return 0;
}

/* Parse from a copy of exactly LEN bytes, so ASan sees any overread. */
static int
sc_parse(const char *s, size_t len, const char *match, struct sc_seen *seen)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memset(seen, 0, sizeof(*seen));
	memcpy(b, s, len);
	r = sshdconf_parse(b, len, match, sc_cb, seen);
	free(b);
	return r;
}

TEST(sshdconf_keywords_and_args)
{
	static const char cf[] =
	    "# sshd_config\n"
	    "Include /etc/ssh/sshd_config.d/*.conf\n"		/* 2 */
	    "  permitrootlogin yes # appended by the attacker\n"
	    "PermitRootLogin no\n"				/* 4: loses */
	    "Port=2222\n"
	    "Port = 22\n"
	    "\tPasswordAuthentication\t=\tyes\r\n"
	    "AuthorizedKeysFile .ssh/authorized_keys \"/etc/ssh/keys/"
	    "%u keys\"\n"					/* 8 */
	    "ForceCommand 'internal-sftp' -d \\\"x\\\" a\\ b c#d #e\n"
	    "Subsystem sftp /usr/lib/openssh/sftp-server\n"	/* 10 */
	    "ChallengeResponseAuthentication no\n"
	    "SomethingNew  value\n"				/* 12 */
	    "\n"
	    "#Port 23\n";
	struct sc_seen	s;

	ASSERT_INT(sc_parse(cf, sizeof(cf) - 1, NULL, &s), 0);
	ASSERT_INT(s.n, 11);
	ASSERT_INT(s.e[0].kw, SSHDCONF_KW_INCLUDE);
	ASSERT_STR(s.e[0].argv[0], "/etc/ssh/sshd_config.d/*.conf");
	ASSERT_INT(s.e[0].line, 2);
	ASSERT(!s.e[0].in_match);
	ASSERT_STR(s.e[0].match, "(null)");

	ASSERT_STR(s.e[1].keyword, "permitrootlogin");
	ASSERT_INT(s.e[1].kw, SSHDCONF_KW_PERMIT_ROOT_LOGIN);
	ASSERT_INT(s.e[1].argc, 1);
	ASSERT_STR(s.e[1].argv[0], "yes");
	ASSERT_STR(s.e[1].args, "yes # appended by the attacker");
	ASSERT(s.e[1].effective);
	ASSERT(!s.e[2].effective);	/* first value wins */

	ASSERT_INT(s.e[3].kw, SSHDCONF_KW_PORT);
	ASSERT_STR(s.e[3].argv[0], "2222");
	ASSERT_STR(s.e[4].argv[0], "22");
	ASSERT(s.e[3].effective && s.e[4].effective);	/* accumulates */

	ASSERT_INT(s.e[5].kw, SSHDCONF_KW_PASSWORD_AUTH);
	ASSERT_STR(s.e[5].argv[0], "yes");
	ASSERT_INT(s.e[5].argc, 1);

	ASSERT_INT(s.e[6].argc, 2);
	ASSERT_STR(s.e[6].argv[1], "/etc/ssh/keys/%u keys");

	ASSERT_INT(s.e[7].kw, SSHDCONF_KW_FORCE_COMMAND);
	ASSERT_INT(s.e[7].argc, 5);
	ASSERT_STR(s.e[7].argv[0], "internal-sftp");
	ASSERT_STR(s.e[7].argv[2], "\"x\"");
	ASSERT_STR(s.e[7].argv[3], "a b");
	ASSERT_STR(s.e[7].args, "'internal-sftp' -d \\\"x\\\" a\\ b c#d #e");

	ASSERT_INT(s.e[8].kw, SSHDCONF_KW_SUBSYSTEM);
	ASSERT_INT(s.e[9].kw, SSHDCONF_KW_KBD_INTERACTIVE_AUTH);
	ASSERT_STR(sshdconf_kw_name(s.e[9].kw),
	    "KbdInteractiveAuthentication");
	ASSERT_INT(s.e[10].kw, SSHDCONF_KW_OTHER);
	ASSERT_STR(s.e[10].keyword, "SomethingNew");
	ASSERT_INT(s.e[10].line, 12);
}

TEST(sshdconf_match_blocks)
{
	static const char cf[] =
	    "PasswordAuthentication no\n"
	    "Match User git\n"					/* 2 */
	    "  ForceCommand /usr/bin/git-shell\n"
	    "  PasswordAuthentication yes\n"
	    "Match Address 10.0.0.0/8,192.168.1.1 User root\n"	/* 5 */
	    "  PermitRootLogin yes\n"
	    "  Include /etc/ssh/root.d/*\n"
	    "Match all\n"					/* 8 */
	    "PermitEmptyPasswords yes\n";
	struct sc_seen	s;

	ASSERT_INT(sc_parse(cf, sizeof(cf) - 1, NULL, &s), 0);
	ASSERT_INT(s.n, 9);
	ASSERT(!s.e[0].in_match && s.e[0].effective);
	ASSERT_INT(s.e[1].kw, SSHDCONF_KW_MATCH);
	ASSERT(s.e[1].in_match);
	ASSERT_STR(s.e[1].match, "User git");
	ASSERT_STR(s.e[2].match, "User git");
	ASSERT_INT(s.e[2].match_line, 2);
	ASSERT(s.e[3].in_match && !s.e[3].effective);
	ASSERT_STR(s.e[4].match, "Address 10.0.0.0/8,192.168.1.1 User root");
	ASSERT_STR(s.e[5].match, "Address 10.0.0.0/8,192.168.1.1 User root");
	ASSERT_INT(s.e[6].kw, SSHDCONF_KW_INCLUDE);
	ASSERT(s.e[6].in_match);
	ASSERT_INT(s.e[6].match_line, 5);
	ASSERT_STR(s.e[8].match, "all");
	ASSERT(s.e[8].in_match);

	/* An included file starts inside the including block. */
	ASSERT_INT(sc_parse("PermitRootLogin yes\nMatch User x\nPort 1\n",
	    40, "Address 1.2.3.4", &s), 0);
	ASSERT_INT(s.n, 3);
	ASSERT(s.e[0].in_match);
	ASSERT_STR(s.e[0].match, "Address 1.2.3.4");
	ASSERT_INT(s.e[0].match_line, 0);
	ASSERT_STR(s.e[2].match, "User x");
}

TEST(sshdconf_bad_lines)
{
	static const char cf[] =
	    "PermitRootLogin\n"				/* no argument */
	    "ForceCommand \"unterminated\n"
	    "Port 22\0 hidden\n"			/* NUL */
	    "UsePAM no\n"
	    "=\n"					/* empty keyword */
	    "Port \"\"\n";				/* one empty arg */
	struct sc_seen	s;

	ASSERT_INT(sc_parse(cf, sizeof(cf) - 1, NULL, &s), 4);
	ASSERT_INT(s.n, 5);
	ASSERT_INT(s.e[0].kw, SSHDCONF_KW_PERMIT_ROOT_LOGIN);
	ASSERT_INT(s.e[0].argc, 0);
	ASSERT_INT(s.e[1].argc, 0);
	ASSERT_STR(s.e[1].args, "\"unterminated");
	ASSERT_INT(s.e[2].kw, SSHDCONF_KW_USE_PAM);
	ASSERT_INT(s.e[2].line, 4);
	ASSERT_STR(s.e[3].keyword, "");
	ASSERT_INT(s.e[4].argc, 1);
	ASSERT_STR(s.e[4].argv[0], "");
}

TEST(sshdconf_huge_lines)
{
	size_t		 big = 1024 * 1024, n, i;
	char		*buf;
	struct sc_seen	 s;

	buf = malloc(big + 64);
	n = (size_t)snprintf(buf, 64, "AllowUsers");
	for (i = 0; n + 2 < big; i++) {
		buf[n++] = ' ';
		buf[n++] = 'u';
	}
	n += (size_t)snprintf(buf + n, 64, "\nPort 22");
	ASSERT_INT(sc_parse(buf, n, NULL, &s), 0);
	ASSERT_INT(s.n, 2);
	ASSERT_INT(s.e[0].argc, SSHDCONF_ARGS_MAX);
	ASSERT(s.e[0].trunc);
	ASSERT_INT(s.e[0].args_len, 2 * i - 1);
	ASSERT_INT(s.e[1].line, 2);

	/* One quoted argument of 1 MiB. */
	n = (size_t)snprintf(buf, 64, "ForceCommand \"");
	memset(buf + n, 'x', big - n - 1);
	buf[big - 1] = '"';
	ASSERT_INT(sc_parse(buf, big, NULL, &s), 0);
	ASSERT_INT(s.e[0].argc, 1);
	ASSERT_INT(s.e[0].args_len, big - 13);
	free(buf);
}
