/*
 * sshdconf.c - sshd_config(5) lines split as OpenSSH's servconf.c and
 * misc.c argv_split split them, every length bounded
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/sshdconf.h"
#include "util/util.h"

_Static_assert(SSHDCONF_KW_NKW <= 64, "one bit per keyword in a uint64_t");

static const struct {
	const char		*name;
	enum sshdconf_kw	 kw;
} keywords[] = {
	{ "Include", SSHDCONF_KW_INCLUDE },
	{ "Match", SSHDCONF_KW_MATCH },
	{ "PermitRootLogin", SSHDCONF_KW_PERMIT_ROOT_LOGIN },
	{ "PasswordAuthentication", SSHDCONF_KW_PASSWORD_AUTH },
	{ "PermitEmptyPasswords", SSHDCONF_KW_PERMIT_EMPTY_PASSWORDS },
	{ "Port", SSHDCONF_KW_PORT },
	{ "ListenAddress", SSHDCONF_KW_LISTEN_ADDRESS },
	{ "AuthorizedKeysFile", SSHDCONF_KW_AUTHORIZED_KEYS_FILE },
	{ "AuthorizedKeysFile2", SSHDCONF_KW_AUTHORIZED_KEYS_FILE },
	{ "AuthorizedKeysCommand", SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND },
	{ "AuthorizedKeysCommandUser",
	    SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND_USER },
	{ "AuthorizedPrincipalsFile",
	    SSHDCONF_KW_AUTHORIZED_PRINCIPALS_FILE },
	{ "AuthorizedPrincipalsCommand",
	    SSHDCONF_KW_AUTHORIZED_PRINCIPALS_COMMAND },
	{ "TrustedUserCAKeys", SSHDCONF_KW_TRUSTED_USER_CA_KEYS },
	{ "UsePAM", SSHDCONF_KW_USE_PAM },
	{ "ForceCommand", SSHDCONF_KW_FORCE_COMMAND },
	{ "PermitUserEnvironment", SSHDCONF_KW_PERMIT_USER_ENVIRONMENT },
	{ "Subsystem", SSHDCONF_KW_SUBSYSTEM },
	{ "AllowUsers", SSHDCONF_KW_ALLOW_USERS },
	{ "DenyUsers", SSHDCONF_KW_DENY_USERS },
	{ "AllowGroups", SSHDCONF_KW_ALLOW_GROUPS },
	{ "DenyGroups", SSHDCONF_KW_DENY_GROUPS },
	{ "AcceptEnv", SSHDCONF_KW_ACCEPT_ENV },
	{ "SetEnv", SSHDCONF_KW_SET_ENV },
	{ "KbdInteractiveAuthentication", SSHDCONF_KW_KBD_INTERACTIVE_AUTH },
	{ "ChallengeResponseAuthentication",
	    SSHDCONF_KW_KBD_INTERACTIVE_AUTH },
	{ "PubkeyAuthentication", SSHDCONF_KW_PUBKEY_AUTH },
	{ "DSAAuthentication", SSHDCONF_KW_PUBKEY_AUTH },
	{ "HostKey", SSHDCONF_KW_HOST_KEY },
	{ "LogLevel", SSHDCONF_KW_LOG_LEVEL },
	{ "SyslogFacility", SSHDCONF_KW_SYSLOG_FACILITY },
	{ "PermitTunnel", SSHDCONF_KW_PERMIT_TUNNEL },
	{ "GatewayPorts", SSHDCONF_KW_GATEWAY_PORTS },
	{ "AllowTcpForwarding", SSHDCONF_KW_ALLOW_TCP_FORWARDING },
	{ "ChrootDirectory", SSHDCONF_KW_CHROOT_DIRECTORY },
};

enum sshdconf_kw
sshdconf_keyword(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strcasecmp(keywords[i].name, name) == 0)
			return keywords[i].kw;
	return SSHDCONF_KW_OTHER;
}

const char *
sshdconf_kw_name(enum sshdconf_kw kw)
{
	size_t	i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (keywords[i].kw == kw)
			return keywords[i].name;
	return "";
}

bool
sshdconf_kw_accumulates(enum sshdconf_kw kw)
{
	switch (kw) {
	case SSHDCONF_KW_INCLUDE:
	case SSHDCONF_KW_MATCH:
	case SSHDCONF_KW_PORT:
	case SSHDCONF_KW_LISTEN_ADDRESS:
	case SSHDCONF_KW_HOST_KEY:
	case SSHDCONF_KW_ACCEPT_ENV:
	case SSHDCONF_KW_SET_ENV:
	case SSHDCONF_KW_SUBSYSTEM:
	case SSHDCONF_KW_ALLOW_USERS:
	case SSHDCONF_KW_DENY_USERS:
	case SSHDCONF_KW_ALLOW_GROUPS:
	case SSHDCONF_KW_DENY_GROUPS:
		return true;
	default:
		return false;
	}
}

bool
sshdconf_first_is_effective(struct sshdconf_first *f,
    const struct sshdconf_entry *e)
{
	uint64_t	bit;

	if (e->in_match)
		return false;
	if (e->kw == SSHDCONF_KW_OTHER || sshdconf_kw_accumulates(e->kw))
		return true;
	bit = (uint64_t)1 << e->kw;
	if (f->seen & bit)
		return false;
	f->seen |= bit;
	return true;
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct scstate {
	char		*line;
	size_t		 linecap;
	const char	**argv;
	size_t		 argcap;
	char		*match;		/* of the last Match line, owned */
};

static void
push_arg(struct scstate *st, struct sshdconf_entry *e, const char *a)
{
	if (e->argc == SSHDCONF_ARGS_MAX) {
		e->args_truncated = true;
		return;
	}
	if (e->argc == st->argcap) {
		st->argcap = st->argcap ? st->argcap * 2 : 16;
		st->argv = xrealloc(st->argv, st->argcap * sizeof(*st->argv));
	}
	st->argv[e->argc++] = a;
}

/*
 * argv_split (misc.c) in place over the NUL-terminated S: every token
 * is no longer than its source, so it is written over it.  Returns 0,
 * or -1 for an unterminated quote.
 */
static int
split_args(struct scstate *st, char *s, struct sshdconf_entry *e)
{
	size_t	 i, j, start;
	char	 quote;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (s[i] == '#')
			break;
		quote = 0;
		start = i;
		for (j = start; s[i] != '\0'; i++) {
			if (s[i] == '\\') {
				if (s[i + 1] == '\'' || s[i + 1] == '"' ||
				    s[i + 1] == '\\' ||
				    (quote == 0 && s[i + 1] == ' '))
					i++;
				s[j++] = s[i];
			} else if (quote == 0 && (s[i] == ' ' || s[i] == '\t'))
				break;
			else if (quote == 0 && (s[i] == '"' || s[i] == '\''))
				quote = s[i];
			else if (quote != 0 && s[i] == quote)
				quote = 0;
			else
				s[j++] = s[i];
		}
		if (quote != 0)
			return -1;
		push_arg(st, e, s + start);
		if (s[i] == '\0') {
			s[j] = '\0';
			break;
		}
		s[j] = '\0';	/* j <= i: the blank or before it */
	}
	return 0;
}

/*
 * Parse the NUL-terminated line L into E.  Returns 1 for a line to
 * hand on, 0 for a blank or comment line, -1 for a malformed one that
 * is still handed on.
 */
static int
parse_line(struct scstate *st, char *l, struct sshdconf_entry *e)
{
	size_t	 len = strlen(l);
	char	*k, *a, *raw;
	int	 ret = 1;

	/* Trailing blanks (and a form feed) go, as in servconf.c. */
	while (len > 0 && (is_ws(l[len - 1]) || l[len - 1] == '\f'))
		l[--len] = '\0';
	while (is_ws(*l))
		l++;
	if (*l == '\0' || *l == '#')
		return 0;
	k = l;
	while (*l != '\0' && !is_ws(*l) && *l != '=')
		l++;
	a = l;
	while (is_ws(*a))
		a++;
	if (*a == '=')
		a++;
	while (is_ws(*a))
		a++;
	*l = '\0';
	e->keyword = k;
	e->kw = sshdconf_keyword(k);
	/*
	 * The raw text is kept apart from the split, which writes over
	 * its source: it sits after the line's NUL in the same buffer.
	 */
	raw = a + strlen(a) + 1;
	memcpy(raw, a, strlen(a) + 1);
	e->args = raw;
	if (*a == '\0')
		ret = -1;	/* sshd: "no argument after keyword" */
	else if (split_args(st, a, e) < 0) {
		e->argc = 0;
		ret = -1;
	}
	e->argv = st->argv;
	return ret;
}

int
sshdconf_parse(const char *buf, size_t len, const char *match,
    sshdconf_fn *fn, void *arg)
{
	struct scstate		 st;
	struct sshdconf_entry	 e;
	const char		*s, *nl, *end = buf + len;
	const char		*cur_match = match;
	unsigned		 lineno = 0, match_line = 0;
	size_t			 llen;
	int			 r, bad = 0;

	memset(&st, 0, sizeof(st));
	for (s = buf; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		llen = (size_t)(nl - s);
		lineno++;
		if (llen > SSHDCONF_LINE_MAX || memchr(s, '\0', llen) != NULL) {
			bad++;
			continue;
		}
		/* Twice the line: the split and the raw arguments. */
		if (2 * llen + 2 > st.linecap) {
			st.linecap = 2 * llen + 2;
			st.line = xrealloc(st.line, st.linecap);
		}
		memcpy(st.line, s, llen);
		st.line[llen] = '\0';
		memset(&e, 0, sizeof(e));
		e.line = lineno;
		if ((r = parse_line(&st, st.line, &e)) == 0)
			continue;
		if (r < 0)
			bad++;
		if (e.kw == SSHDCONF_KW_MATCH) {
			free(st.match);
			st.match = xstrdup(e.args);
			cur_match = st.match;
			match_line = lineno;
		}
		e.in_match = cur_match != NULL;
		e.match = cur_match;
		e.match_line = match_line;
		if (fn(&e, arg) != 0)
			break;
	}
	free(st.line);
	free(st.argv);
	free(st.match);
	return bad;
}
