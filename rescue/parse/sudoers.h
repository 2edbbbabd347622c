/*
 * sudoers.h - sudoers(5) from the server read as sudo's lexer reads it,
 * enough to say who may run what as whom, with or without a password
 *
 * The parser reads no file and follows no include: "#include",
 * "#includedir", "@include" and "@includedir" lines are handed to the
 * caller as SUDOERS_INCLUDE and SUDOERS_INCLUDEDIR entries with the
 * path as written (quotes and escapes removed, "%h" left for the
 * caller to expand to the short host name; since sudo 1.9.1 a relative
 * path is relative to the directory of the file that includes it).
 * The caller resolves it inside the server's tree, reads an includedir
 * in sudo's way (files in lexical order, skipping names that end in
 * '~' or hold a '.'), parses each file at the place of its directive,
 * bounds the depth (sudo stops at 128) and breaks include loops: none
 * of that is done here.
 *
 * Aliases are reported, not expanded: a command "ADMIN_CMDS" is an
 * alias name (alias set) the caller resolves with the SUDOERS_ALIAS
 * entries of every file read.  Defaults are applied by sudo after the
 * whole policy is read, so a spec's nopasswd says only what its tags
 * say: "Defaults !authenticate" (SUDOERS_DEF_NOAUTH), whose binding
 * scopes it, makes every matching rule password-less; the caller
 * combines the two.
 */
#ifndef RESCUE_SUDOERS_H
#define RESCUE_SUDOERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A logical line (continuations joined) longer than this is SUDOERS_BAD. */
#define SUDOERS_LINE_MAX	(16 * 1024 * 1024)

enum sudoers_kind {
	SUDOERS_DEFAULTS,
	SUDOERS_ALIAS,		/* one per definition: "A = x : B = y" is 2 */
	SUDOERS_USERSPEC,	/* one per "Host_List = Cmnd_Spec_List" */
	SUDOERS_INCLUDE,
	SUDOERS_INCLUDEDIR,
	SUDOERS_BAD		/* not read: text and error say why */
};

enum sudoers_alias_type {
	SUDOERS_USER_ALIAS,
	SUDOERS_RUNAS_ALIAS,
	SUDOERS_HOST_ALIAS,
	SUDOERS_CMND_ALIAS	/* Cmnd_Alias or Cmd_Alias */
};

/* Tags in effect for a command (sudo carries them along the list). */
#define SUDOERS_TAG_NOPASSWD	0x0001
#define SUDOERS_TAG_NOEXEC	0x0002
#define SUDOERS_TAG_SETENV	0x0004
#define SUDOERS_TAG_LOG_INPUT	0x0008
#define SUDOERS_TAG_LOG_OUTPUT	0x0010
#define SUDOERS_TAG_MAIL	0x0020
#define SUDOERS_TAG_FOLLOW	0x0040
#define SUDOERS_TAG_INTERCEPT	0x0080
/* The explicit opposites, so "not said" and "said off" differ. */
#define SUDOERS_TAG_PASSWD	0x0100
#define SUDOERS_TAG_EXEC	0x0200
#define SUDOERS_TAG_NOSETENV	0x0400
#define SUDOERS_TAG_NOLOG_INPUT	0x0800
#define SUDOERS_TAG_NOLOG_OUTPUT 0x1000
#define SUDOERS_TAG_NOMAIL	0x2000
#define SUDOERS_TAG_NOFOLLOW	0x4000
#define SUDOERS_TAG_NOINTERCEPT	0x8000

/*
 * One command of a spec.  RUNAS_USERS and RUNAS_GROUPS are the text
 * of the Runas_Spec in effect, "(users : groups)", or NULL: no Runas
 * given means root only, "()" or "(:g)" an empty user list.
 */
struct sudoers_cmnd {
	const char	*command;	/* "ALL", "/bin/vi /etc/hosts",
					   "sudoedit /x", an alias name */
	const char	*digest;	/* "sha256:..." or NULL */
	const char	*runas_users;
	const char	*runas_groups;
	unsigned	 tags;		/* SUDOERS_TAG_* in effect */
	bool		 negated;	/* "!/bin/su": taken away */
	bool		 all;		/* command is ALL */
	bool		 alias;		/* an upper-case alias name */
};

/* One Defaults parameter: "name", "!name", "name=v", "+=", "-=". */
struct sudoers_default {
	const char	*name;
	const char	*value;		/* NULL for a flag */
	char		 op;		/* 0 (flag), '=', '+' or '-' */
	bool		 negated;	/* an odd number of '!' */
};

/* What a Defaults line does that a forensic reader wants to know. */
#define SUDOERS_DEF_NOAUTH	0x01	/* !authenticate: no passwords */
#define SUDOERS_DEF_ENV_LD	0x02	/* env_keep/env_check keep LD_* */
#define SUDOERS_DEF_NO_ENV_RESET 0x04	/* !env_reset: caller's env kept */
#define SUDOERS_DEF_SETENV	0x08	/* setenv: sudo -E for all */
#define SUDOERS_DEF_NO_LOG	0x10	/* !syslog or !logfile */
#define SUDOERS_DEF_NO_USE_PTY	0x20	/* !use_pty */

/*
 * One entry; it and everything it points to last for the call of FN
 * only.  Lists are arrays of strings with sudo's quoting and escapes
 * removed; an item negated with '!' keeps one leading '!'.
 */
struct sudoers_entry {
	enum sudoers_kind		 kind;
	unsigned			 line;		/* first line */
	unsigned			 last_line;	/* continuations */
	const char			*text;	/* joined, comment cut */
	const char			*error;	/* SUDOERS_BAD only */

	/* SUDOERS_DEFAULTS: type is 0 or one of '@' ':' '!' '>'. */
	char				 defaults_type;
	const char *const		*binding;
	size_t				 nbinding;
	const struct sudoers_default	*def;
	size_t				 ndef;
	unsigned			 def_flags;	/* SUDOERS_DEF_* */

	/* SUDOERS_ALIAS */
	enum sudoers_alias_type		 alias_type;
	const char			*alias_name;
	const char *const		*member;
	size_t				 nmember;

	/* SUDOERS_USERSPEC */
	const char *const		*user;
	size_t				 nuser;
	const char *const		*host;
	size_t				 nhost;
	const struct sudoers_cmnd	*cmnd;
	size_t				 ncmnd;
	bool				 all_commands;	/* some cmnd ALL */
	bool				 nopasswd;	/* some NOPASSWD */

	/* SUDOERS_INCLUDE, SUDOERS_INCLUDEDIR */
	const char			*path;
};

typedef int sudoers_fn(const struct sudoers_entry *, void *arg);

/*
 * Parse BUF; FN returns 0 to go on, anything else stops the parse.
 * Returns the number of SUDOERS_BAD entries.
 */
int		 sudoers_parse(const char *buf, size_t len, sudoers_fn *,
		    void *arg);

/* "defaults", "alias", "userspec", "include", "includedir", "bad". */
const char	*sudoers_kind_name(enum sudoers_kind);

#endif
