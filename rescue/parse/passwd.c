/*
 * passwd.c - passwd(5) from the server, which the attacker may have
 * edited by hand: strict fields, bounded lines
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

#define LINE_MAX_LEN	4096

static int
parse_id(const char *s, uint32_t *out)
{
	char		*end;
	unsigned long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || errno || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int
passwd_parse(const char *buf, size_t len, passwd_fn *fn, void *arg)
{
	char			 line[LINE_MAX_LEN];
	char			*f[7], *p;
	struct passwd_entry	 e;
	const char		*s, *nl;
	size_t			 llen;
	unsigned		 lineno = 0;
	int			 k, bad = 0;

	for (s = buf; s < buf + len; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(buf + len - s));
		if (nl == NULL)
			nl = buf + len;
		llen = (size_t)(nl - s);
		lineno++;
		if (llen == 0 || s[0] == '#')
			continue;
		if (s[0] == '+' || s[0] == '-')
			continue;	/* NIS compat lines */
		if (llen >= sizeof(line) || memchr(s, '\0', llen) != NULL) {
			bad++;
			continue;
		}
		memcpy(line, s, llen);
		line[llen] = '\0';
		if (llen > 0 && line[llen - 1] == '\r')
			line[llen - 1] = '\0';
		p = line;
		for (k = 0; k < 7; k++) {
			f[k] = p;
			p = strchr(p, ':');
			if (p == NULL)
				break;
			*p++ = '\0';
		}
		/* Exactly seven fields: a stray ':' is a bad line. */
		if (k != 6 || f[0][0] == '\0' || parse_id(f[2], &e.uid) < 0 ||
		    parse_id(f[3], &e.gid) < 0) {
			bad++;
			continue;
		}
		e.name = f[0];
		e.passwd = f[1];
		e.gecos = f[4];
		e.home = f[5];
		e.shell = f[6];
		e.line = lineno;
		if (fn(&e, arg) != 0)
			break;
	}
	return bad;
}

int
shell_is_login(const char *shell)
{
	static const char *const nologin[] = { "nologin", "false", "sync",
	    "halt", "shutdown", "true" };
	const char	*base;
	size_t		 i;

	if (shell[0] == '\0')
		return 1;	/* empty means /bin/sh to login(1) */
	base = strrchr(shell, '/');
	base = base ? base + 1 : shell;
	for (i = 0; i < sizeof(nologin) / sizeof(nologin[0]); i++)
		if (strcmp(base, nologin[i]) == 0)
			return 0;
	return 1;
}
