/*
 * history.h - command histories of shells and interactive programs
 * (bash, zsh, fish, tcsh, ash/dash, python, mysql, psql, sqlite3,
 * redis-cli, node, less, vim's viminfo, wget's HSTS database) as
 * entries with their time when the file gives one
 *
 * No I/O: the caller reads the file in chunks cut anywhere and feeds
 * them in order.  The parser holds one line and one entry, each capped
 * near max_entry_len, so a 1 GiB history costs what a small one does:
 * a longer entry is cut and flagged, the rest of it skipped.  Text is
 * decoded from the program's own escapes (zsh metafication, fish and
 * libedit escapes, psql's 0x01 newlines, viminfo's CTRL-V) but is
 * otherwise raw bytes: the report writer escapes them.
 *
 * Entries come in file order, which is oldest first except in node's
 * history and viminfo's sections (newest first).
 */
#ifndef RESCUE_HISTORY_H
#define RESCUE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum history_format {
	HIST_NONE = -1,		/* history_format_for(): not a history */
	HIST_BASH,		/* .bash_history, "#EPOCH" stamps */
	HIST_ZSH,		/* .zsh_history, ": EPOCH:SECS;cmd" */
	HIST_FISH,		/* fish_history, "- cmd:" and "  when:" */
	HIST_TCSH,		/* .history, "#+EPOCH" stamps */
	HIST_PLAIN,		/* .ash_history, .sh_history: one per line */
	HIST_PYTHON,		/* .python_history (readline or libedit) */
	HIST_MYSQL,		/* .mysql_history (libedit or readline) */
	HIST_PSQL,		/* .psql_history, 0x01 for a newline */
	HIST_SQLITE,		/* .sqlite_history */
	HIST_REDIS,		/* .rediscli_history (linenoise) */
	HIST_NODE,		/* .node_repl_history, newest first */
	HIST_LESS,		/* .lesshst: searches, shell commands, marks */
	HIST_VIMINFO,		/* .viminfo: commands, searches, files */
	HIST_WGET_HSTS,		/* .wget-hsts: hosts wget fetched over HTTPS */
	HIST_NFORMATS
};

/* What an entry is; a command unless the format says otherwise. */
enum history_kind {
	HIST_KIND_COMMAND,	/* a command line, an SQL statement... */
	HIST_KIND_SEARCH,	/* vim and less search patterns */
	HIST_KIND_FILE,		/* a file vim or less had open (marks) */
	HIST_KIND_HOST		/* wget-hsts: host or host:port */
};

/* The entry is longer than max_entry_len (or a line of it was). */
#define HIST_F_TRUNCATED	0x01
/* NUL bytes were in its lines, dropped from the text (a crash). */
#define HIST_F_NUL		0x02
/* The text is not valid UTF-8; its bytes are kept as they are. */
#define HIST_F_BAD_UTF8		0x04
/* A time is written for it but does not read as one: time is unknown. */
#define HIST_F_BAD_TIME		0x08
/* bash: lines without a stamp of their own joined to the one before. */
#define HIST_F_JOINED		0x10
/* The file ends inside it without a newline: a torn last write? */
#define HIST_F_NO_NEWLINE	0x20

/* Times later than 9999-12-31 are not read as times. */
#define HIST_TIME_MAX		INT64_C(253402300799)

/* One entry; it and its text last for the callback only. */
struct history_entry {
	const char	*text;		/* LEN bytes, not NUL-terminated */
	size_t		 len;
	int64_t		 time;		/* UTC seconds, TIME_NONE if unknown */
	int64_t		 duration;	/* zsh: seconds it ran, else -1 */
	long		 line;		/* the line its text starts on */
	int		 kind;		/* enum history_kind */
	unsigned	 flags;		/* HIST_F_* */
};

/* Return 0 to go on; anything else stops the parse and is returned. */
typedef int history_fn(const struct history_entry *, void *arg);

/*
 * The state of one pass over one file.  Callers may read the counters
 * and change nothing.
 */
struct history_parser {
	enum history_format	 format;
	size_t			 max;		/* max_entry_len */
	history_fn		*fn;
	void			*arg;
	int			 stop;		/* what fn returned to stop */

	/* The line being read: at most max + slack bytes, NULs dropped. */
	char			*line;
	size_t			 linelen, linecap;
	bool			 midline;	/* bytes of it were fed */
	unsigned		 lineflags;	/* HIST_F_TRUNCATED, _NUL */
	unsigned char		 lastc;		/* its last byte, even if cut */
	long			 lineno;	/* its number, from 1 */

	/* The entry being built. */
	char			*text;
	size_t			 textlen, textcap;
	bool			 pending;
	int64_t			 time, duration;
	long			 eline;
	int			 kind;
	unsigned		 eflags;
	unsigned		 enc;		/* decoding due at the end */

	/* Each format's own state. */
	bool			 joining;	/* bash: a stamp was seen */
	bool			 stamp;		/* bash, tcsh: a stamp waits */
	int64_t			 stamp_time;
	unsigned		 stamp_flags;
	bool			 cont;		/* zsh: "\\\n" goes on */
	bool			 libedit;	/* "_HiStOrY_V2_" first line */
	int			 section;	/* less, viminfo */
	bool			 vi_long;	/* viminfo: a "<" line is due */
	bool			 vi_bar;	/* viminfo: text from "|2," */

	/* Counters for the caller. */
	uint64_t		 lines;
	uint64_t		 entries;
	uint64_t		 nul_bytes;	/* NUL bytes anywhere */
	uint64_t		 truncated;	/* entries flagged so */
	uint64_t		 bad_lines;	/* lines not of the format */
};

/*
 * The format of a history file from its base name: ".bash_history",
 * ".zsh_history", ".zhistory", ".histfile", "fish_history",
 * ".psql_history" (and ".psql_history-DBNAME")...  HIST_NONE for any
 * other name.
 */
enum history_format	 history_format_for(const char *basename);

/* "bash", "zsh", "viminfo"...; "unknown" for anything else. */
const char		*history_format_name(int);
/* "command", "search", "file", "host"; "unknown". */
const char		*history_kind_name(int);

/*
 * Start a pass over a file of FORMAT (one outside the enum, HIST_NONE
 * included, reads as HIST_PLAIN): FN gets each entry with ARG.
 * Entries longer than MAX_ENTRY_LEN bytes (at least 64, at most
 * 64 MiB: it is clamped) are cut there and flagged.  Memory grows with
 * the longest line and entry seen, up to about twice MAX_ENTRY_LEN.
 * The parser must be passed to history_parser_release().
 */
void	history_parser_init(struct history_parser *, enum history_format,
	    size_t max_entry_len, history_fn *fn, void *arg);

/*
 * Feed the next LEN bytes of the file, cut anywhere.  FN is called for
 * each entry completed, in file order (an entry may wait for the line
 * after it, which could still continue it).  Returns 0, or what FN
 * returned to stop: every later call then does nothing and returns it.
 */
int	history_parser_feed(struct history_parser *, const void *buf,
	    size_t len);

/* After the last chunk: the entry still open goes out.  As feed. */
int	history_parser_finish(struct history_parser *);

/* Free what the parser holds; it may be initialised again after. */
void	history_parser_release(struct history_parser *);

#endif
