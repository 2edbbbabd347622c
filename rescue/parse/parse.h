/*
 * parse.h - parsers of the server's own text files
 *
 * Each takes a buffer and its length (the file need not end in a newline
 * or a NUL), calls FN once per entry and returns how many malformed
 * lines it skipped.  Entries last for the call only.
 */
#ifndef RESCUE_PARSE_H
#define RESCUE_PARSE_H

#include <stddef.h>
#include <stdint.h>

struct passwd_entry {
	const char	*name;
	const char	*passwd;
	uint32_t	 uid;
	uint32_t	 gid;
	const char	*gecos;
	const char	*home;
	const char	*shell;
	unsigned	 line;
};

typedef int passwd_fn(const struct passwd_entry *, void *arg);

/* passwd(5); "+" and "-" NIS lines are skipped, not counted as bad. */
int	passwd_parse(const char *buf, size_t len, passwd_fn *, void *arg);

/* Whether SHELL lets an account log in (not nologin, false, sync...). */
int	shell_is_login(const char *shell);

#endif
