/*
 * sshdconf.h - sshd_config(5) lines from the server as OpenSSH's sshd
 * splits them (servconf.c): a keyword, its arguments, and the Match
 * block each line sits in
 *
 * The parser reads no file and follows no Include: an Include line is
 * handed to the caller like any other (kw SSHDCONF_KW_INCLUDE, one
 * path or glob per argument; sshd reads a relative path under /etc/ssh
 * and expands globs in lexical order).  The caller resolves the paths
 * inside the server's tree, parses each file with sshdconf_parse at
 * the place of the Include, bounds the depth (sshd allows 16) and
 * breaks loops: none of that is done here.  Memory is one copy of the
 * current line and its argument list, however long the input.
 */
#ifndef RESCUE_SSHDCONF_H
#define RESCUE_SSHDCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SSHDCONF_LINE_MAX	(16 * 1024 * 1024)
#define SSHDCONF_ARGS_MAX	4096	/* arguments kept per line */

/* The keywords the persistence analyzer looks at; the rest are OTHER. */
enum sshdconf_kw {
	SSHDCONF_KW_OTHER,
	SSHDCONF_KW_INCLUDE,
	SSHDCONF_KW_MATCH,
	SSHDCONF_KW_PERMIT_ROOT_LOGIN,
	SSHDCONF_KW_PASSWORD_AUTH,
	SSHDCONF_KW_PERMIT_EMPTY_PASSWORDS,
	SSHDCONF_KW_PORT,
	SSHDCONF_KW_LISTEN_ADDRESS,
	SSHDCONF_KW_AUTHORIZED_KEYS_FILE,	/* and AuthorizedKeysFile2 */
	SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND,
	SSHDCONF_KW_AUTHORIZED_KEYS_COMMAND_USER,
	SSHDCONF_KW_AUTHORIZED_PRINCIPALS_FILE,
	SSHDCONF_KW_AUTHORIZED_PRINCIPALS_COMMAND,
	SSHDCONF_KW_TRUSTED_USER_CA_KEYS,
	SSHDCONF_KW_USE_PAM,
	SSHDCONF_KW_FORCE_COMMAND,
	SSHDCONF_KW_PERMIT_USER_ENVIRONMENT,
	SSHDCONF_KW_SUBSYSTEM,
	SSHDCONF_KW_ALLOW_USERS,
	SSHDCONF_KW_DENY_USERS,
	SSHDCONF_KW_ALLOW_GROUPS,
	SSHDCONF_KW_DENY_GROUPS,
	SSHDCONF_KW_ACCEPT_ENV,
	SSHDCONF_KW_SET_ENV,
	/* KbdInteractiveAuthentication, ChallengeResponseAuthentication */
	SSHDCONF_KW_KBD_INTERACTIVE_AUTH,
	SSHDCONF_KW_PUBKEY_AUTH,		/* and DSAAuthentication */
	SSHDCONF_KW_HOST_KEY,
	SSHDCONF_KW_LOG_LEVEL,
	SSHDCONF_KW_SYSLOG_FACILITY,
	SSHDCONF_KW_PERMIT_TUNNEL,
	SSHDCONF_KW_GATEWAY_PORTS,
	SSHDCONF_KW_ALLOW_TCP_FORWARDING,
	SSHDCONF_KW_CHROOT_DIRECTORY,
	SSHDCONF_KW_NKW
};

/*
 * One line.  ARGV holds the arguments as sshd's argv_split makes them:
 * split at blanks, double or single quotes grouping (and removed), a
 * backslash escaping a quote, a blank or a backslash, an unquoted '#'
 * at the start of an argument ending the line.  Everything lasts for
 * the call of FN only.
 */
struct sshdconf_entry {
	unsigned		 line;
	const char		*keyword;	/* as written */
	enum sshdconf_kw	 kw;
	const char *const	*argv;
	size_t			 argc;		/* 0: sshd refuses the line */
	bool			 args_truncated; /* over SSHDCONF_ARGS_MAX */
	const char		*args;		/* raw text after the keyword */
	/*
	 * Inside a Match block: MATCH is the criteria of the Match line
	 * ("User git Address 10.0.0.0/8", as written) and MATCH_LINE its
	 * line, 0 if the block was opened by the file that included this
	 * one.  A Match line itself is in_match with its own criteria.
	 */
	bool			 in_match;
	const char		*match;
	unsigned		 match_line;
};

typedef int sshdconf_fn(const struct sshdconf_entry *, void *arg);

/*
 * Parse BUF.  MATCH is the criteria of the Match block the file is
 * included from, or NULL at the top level: sshd reads an included file
 * within the including block and ends any Match the included file opens
 * at its end.  FN returns 0 to go on, anything else stops the parse.
 * Returns the number of malformed lines: a keyword without arguments,
 * an unterminated quote, a NUL byte or a line over SSHDCONF_LINE_MAX
 * (the first two are still given to FN; sshd refuses the whole file).
 */
int		 sshdconf_parse(const char *buf, size_t len, const char *match,
		    sshdconf_fn *, void *arg);

/* The keyword for NAME, any case; SSHDCONF_KW_OTHER if not listed. */
enum sshdconf_kw sshdconf_keyword(const char *name);
/* The canonical spelling: "PermitRootLogin"...; "" for OTHER. */
const char	*sshdconf_kw_name(enum sshdconf_kw);

/*
 * sshd keeps the first value it reads for most keywords, so a line
 * appended at the end of sshd_config loses to one earlier (or in a
 * file Included earlier, as Debian's sshd_config.d/ is at the top).
 * The exceptions accumulate every line: Port, ListenAddress, HostKey,
 * AcceptEnv, SetEnv (first value per variable), Subsystem (first per
 * name), Allow/DenyUsers, Allow/DenyGroups, Include.  Within a Match
 * block that applies, the block's first value overrides the global one.
 */
bool		 sshdconf_kw_accumulates(enum sshdconf_kw);

/*
 * The effective global value of each known keyword: feed it every
 * entry in the order sshd reads them (included files at their Include)
 * and it says whether ENTRY is the one sshd uses outside any Match:
 * true for the first global line of a first-wins keyword and for every
 * global line of one that accumulates; false inside Match blocks.
 * Plain state owned by the caller, zeroed to start.
 */
struct sshdconf_first {
	uint64_t	 seen;		/* bit per enum sshdconf_kw */
};

bool		 sshdconf_first_is_effective(struct sshdconf_first *,
		    const struct sshdconf_entry *);

#endif
