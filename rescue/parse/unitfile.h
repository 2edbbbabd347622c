/*
 * unitfile.h - systemd unit files (systemd.syntax(7), systemd.unit(5))
 * as a stream of sections and assignments, and the values of Exec*=,
 * Environment= and EnvironmentFile= taken apart as systemd does
 *
 * The parser reads no file: the caller feeds the file in chunks of any
 * size and gets a callback per section header, assignment and bad line.
 * It follows systemd 252's config_parse(): a line ends at LF, CR, CR LF
 * or NUL; a line whose first non-blank is '#' or ';' is a comment, even
 * between continuation lines; a line ending in an unescaped backslash
 * goes on on the next, the backslash turned into a space; key and
 * value lose their surrounding blanks.  A logical line is held up to
 * UNIT_VALUE_MAX bytes and the rest dropped (truncated), so a 1 GiB
 * line costs 64 KiB.  Strings are raw bytes; the report writer escapes
 * them.
 */
#ifndef RESCUE_UNITFILE_H
#define RESCUE_UNITFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UNIT_NAME_MAX	256		/* section and key names kept */
#define UNIT_VALUE_MAX	65536		/* value bytes kept */
/* systemd's LONG_LINE_MAX: a line this long fails the whole file. */
#define UNIT_LINE_MAX	(1024 * 1024)

enum unit_event_kind {
	UNIT_SECTION,		/* "[Service]": section */
	UNIT_ASSIGN,		/* section, key, value */
	UNIT_MALFORMED		/* why; key and value when there is a '=' */
};

/* The value (or key, or section name) was cut to fit. */
#define UNIT_EV_TRUNCATED	0x01
/* The assignment went on over more than one line. */
#define UNIT_EV_CONTINUED	0x02
/*
 * systemd would not load the unit at all because of this line (a bad
 * section header, a line over UNIT_LINE_MAX); other bad lines it skips.
 */
#define UNIT_EV_FATAL		0x04
/* An empty value: for list settings (ExecStart=...) it empties the list. */
#define UNIT_EV_RESET		0x08

/*
 * Strings are NUL-terminated and last for the callback.  A value may
 * hold any byte but NUL (a NUL ends a line); use valuelen.
 */
struct unit_event {
	enum unit_event_kind	 kind;
	unsigned		 flags;		/* UNIT_EV_* */
	unsigned		 line;		/* where it started, from 1 */
	unsigned		 last_line;	/* where it ended */
	const char		*section;	/* "" before the first */
	const char		*key;		/* "" if none */
	const char		*value;
	size_t			 valuelen;
	const char		*why;		/* UNIT_MALFORMED; else NULL */
};

/* Return 0 to go on; anything else stops the parse and is returned. */
typedef int unit_fn(const struct unit_event *, void *arg);

/*
 * The state of one pass over one file, a field of the caller's.
 * Callers may read line, nassign, nmalformed and refused: whether
 * systemd would have refused to load the unit.
 */
struct unit_parser {
	unsigned	 line;		/* lines ended so far */
	unsigned	 start;		/* first line of the one being built */
	unsigned	 nassign, nmalformed;
	bool		 refused;	/* a UNIT_EV_FATAL line was seen */
	bool		 have_section;
	char		 section[UNIT_NAME_MAX + 1];
	/* The logical line being built, continuations joined. */
	char		*buf;
	size_t		 len;
	uint64_t	 total;		/* its bytes, dropped ones included */
	bool		 cut;
	bool		 too_long;	/* beyond what systemd reads */
	bool		 continued;
	/* The physical line being read. */
	size_t		 phys_start;	/* where it starts in buf */
	uint64_t	 phys_len;
	int		 phys_state;
	bool		 phys_cut;
	bool		 escaped;	/* its last byte is an open '\' */
	unsigned	 eol;		/* terminator bytes seen in a row */
	int		 bom;		/* bytes of a UTF-8 BOM matched */
};

void	unit_parser_init(struct unit_parser *);
/* Frees the line buffer; the parser may be initialised again. */
void	unit_parser_release(struct unit_parser *);

/*
 * Feed the next LEN bytes of the file, cut anywhere: FN is called for
 * each section header, assignment and bad line completed, in order.
 * Returns 0, or what FN returned (the parser is then done with).
 */
int	unit_feed(struct unit_parser *, const char *buf, size_t len,
	    unit_fn *fn, void *arg);

/* After the last chunk: ends a last line, or a continuation, at EOF. */
int	unit_finish(struct unit_parser *, unit_fn *fn, void *arg);

/*
 * Exec*= (ExecStart, ExecStartPre, ExecStartPost, ExecCondition,
 * ExecReload, ExecStop, ExecStopPost): systemd.service(5), "Command
 * lines".  Prefixes, in any order, each at most once:
 */
#define UNIT_EXEC_IGNORE_FAILURE	0x01	/* '-': failure ignored */
#define UNIT_EXEC_ARGV0			0x02	/* '@': next word is argv[0] */
#define UNIT_EXEC_NO_ENV_EXPAND		0x04	/* ':': $VAR left as is */
#define UNIT_EXEC_PRIVILEGED		0x08	/* '+': no sandbox, as root */
#define UNIT_EXEC_NO_SETUID		0x10	/* '!': sandbox, not the user */
#define UNIT_EXEC_AMBIENT		0x20	/* '!!': '!' on old kernels */
#define UNIT_EXEC_VIA_SHELL		0x40	/* '|': systemd 258, sh -c */

#define UNIT_EXEC_ARGV_MAX	256
#define UNIT_EXEC_SPEC_MAX	32
#define UNIT_EXEC_BUF		(UNIT_VALUE_MAX + UNIT_EXEC_ARGV_MAX + 64)

/*
 * One command.  It is large (UNIT_EXEC_BUF): allocate it.  Strings
 * point into buf, are NUL-terminated and unescaped (\n, \t, \x41,
 * \101, \u00e9, quotes removed) as systemd hands them to execve(2),
 * but specifiers (%h, %i) and $VARIABLES are left as written.
 */
struct unit_exec {
	unsigned	 flags;		/* UNIT_EXEC_* */
	/*
	 * The file executed: argv[0], or with '@' the word before it.
	 * Not simplified ("//" stays); a name without '/' is looked up
	 * in systemd's own PATH.
	 */
	const char	*path;
	size_t		 argc;
	const char	*argv[UNIT_EXEC_ARGV_MAX + 1];	/* NULL-ended */
	/* The letters of the specifiers seen, each once: "hi" for %h, %i. */
	char		 specifiers[UNIT_EXEC_SPEC_MAX + 1];
	bool		 bad_specifier;	/* a letter systemd refuses */
	bool		 has_vars;	/* a '$': expanded unless ':' */
	bool		 truncated;	/* words or bytes beyond the bounds */
	const char	*error;		/* why systemd refuses it, or NULL */
	size_t		 used;
	char		 buf[UNIT_EXEC_BUF];
};

/*
 * Take the next command of the Exec*= value VALUE (LEN bytes; a NUL
 * ends it too) from *POS, which starts at 0 and is moved past the
 * lone ';' that separates commands.  Returns 1 with the command in
 * OUT, 0 when none is left, or -1 when systemd refuses what is left
 * (an unterminated quote, a bad escape, no executable: OUT->error):
 * it then drops the line or, for a command without '-', fails the
 * unit.  What was parsed before the error stays in OUT.
 */
int	unit_exec_next(const char *value, size_t len, size_t *pos,
	    struct unit_exec *out);

/* One NAME=VALUE of an Environment= value. */
struct unit_env {
	const char	*name;		/* into buf, NUL-terminated */
	const char	*value;		/* into buf, may hold '\n' */
	size_t		 valuelen;
	bool		 valid;		/* else systemd skips it (why) */
	bool		 truncated;
	const char	*why;
	char		 buf[UNIT_VALUE_MAX + 2];
};

/*
 * Take the next word of the Environment= value VALUE (LEN bytes) from
 * *POS (0 at first): words are split at blanks, unquoted and unescaped
 * like Exec words, and each should be NAME=VALUE with NAME a shell
 * name.  Returns 1 with OUT filled (valid or not), 0 at the end, -1
 * for a syntax error that makes systemd drop the rest of the line.
 */
int	unit_env_next(const char *value, size_t len, size_t *pos,
	    struct unit_env *out);

/*
 * EnvironmentFile=: one path, blanks included, optionally after '-'
 * (a missing file is then no error).  Sets *OPTIONAL, *PATH (into
 * VALUE) and *PATHLEN; returns false when systemd ignores the line
 * because the path is not absolute.  Specifiers are left in the path.
 */
bool	unit_envfile(const char *value, size_t len, bool *optional,
	    const char **path, size_t *pathlen);

/* "section", "assign", "malformed". */
const char *unit_event_name(enum unit_event_kind);

#endif
