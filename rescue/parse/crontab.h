/*
 * crontab.h - lines of crontab(5) files (user crontabs, /etc/crontab and
 * the files of /etc/cron.d) and of anacrontab(5), as typed entries
 *
 * The parser reads no file.  Either the caller hands it one line at a
 * time (crontab_parse_line), or feeds the file in chunks of any size
 * (crontab_feed) and gets a callback per entry: a line is then held up
 * to CRONTAB_LINE_MAX bytes and the rest dropped, so a 1 GiB file with
 * no newline costs 64 KiB.  Every string of an entry points into the
 * line it came from (not NUL-terminated: use the lengths) and keeps its
 * raw bytes, NUL included; the report writer escapes them.
 *
 * A bad line costs more than itself: cron (Debian's and cronie) logs
 * "ERROR (Syntax error, this crontab file will be ignored)" and runs no
 * job of that file, while anacron skips just the line.  The parser
 * reports each bad line as CRONTAB_MALFORMED and goes on; nmalformed
 * tells the caller whether cron would have loaded the file at all.
 */
#ifndef RESCUE_CRONTAB_H
#define RESCUE_CRONTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum crontab_mode {
	CRONTAB_USER,		/* 5 time fields, command */
	CRONTAB_SYSTEM,		/* 5 time fields, user, command */
	CRONTAB_ANACRON		/* period, delay, job id, command */
};

enum crontab_kind {
	CRONTAB_NONE,		/* blank or comment */
	CRONTAB_JOB,
	CRONTAB_ENV,		/* NAME=value */
	CRONTAB_MALFORMED	/* why says what is wrong */
};

/* Longest line crontab_feed keeps. */
#define CRONTAB_LINE_MAX	65536

/* @reboot: runs when cron starts, not on a schedule. */
#define CRONTAB_F_REBOOT	0x0001
/*
 * The command holds an unescaped '%': cron runs only the part before
 * it and feeds the rest to its stdin, each further '%' a newline.
 */
#define CRONTAB_F_STDIN		0x0002
/* cronie: a leading '-' turns off syslog of the job's runs. */
#define CRONTAB_F_NOLOG		0x0004
/* cronie: '~' picks a random time in a range when the file loads. */
#define CRONTAB_F_RANDOM	0x0008
/*
 * The line ended in CR LF.  The CR is left out of the entry, but cron
 * keeps it: the command run is "cmd\r", which usually fails.
 */
#define CRONTAB_F_CR		0x0010
/* The line ends in a backslash, which cron does NOT take to continue. */
#define CRONTAB_F_BACKSLASH	0x0020
/* The line holds a NUL byte: sh(1) sees the command cut there. */
#define CRONTAB_F_NUL		0x0040
/* crontab_feed dropped bytes past CRONTAB_LINE_MAX. */
#define CRONTAB_F_TRUNCATED	0x0080
/* Env: the value was quoted (the quotes are not in value). */
#define CRONTAB_F_QUOTED	0x0100
/*
 * Day of month, day of week was '*' ('?').  When neither is, cron
 * runs on a day that matches either (crontab(5)).
 */
#define CRONTAB_F_MDAY_STAR	0x0200
#define CRONTAB_F_WDAY_STAR	0x0400

/*
 * One line.  The pointers point into the caller's line and last as
 * long as it; a field a kind does not use has length 0.
 */
struct crontab_entry {
	unsigned		 line;		/* 1 for the first line */
	enum crontab_kind	 kind;
	unsigned		 flags;		/* CRONTAB_F_* */

	/*
	 * JOB: the schedule as written, from the first field to the end
	 * of the last ("0,30 1-5/2 * jan-jun mon,wed", "@daily"); for
	 * anacron the period and delay ("7\t10", "@monthly 15").
	 */
	const char		*sched;
	size_t			 schedlen;
	bool			 runs_at_reboot;
	/*
	 * The times the job may run (CRONTAB_F_REBOOT: none): bit N set for
	 * minute N (0-59), hour N (0-23), day of month N (1-31), month N
	 * (1-12), day of week N (0-6, Sunday 0; a 7 is folded into 0).
	 */
	uint64_t		 minutes;
	uint32_t		 hours;
	uint32_t		 mdays;
	uint16_t		 months;
	uint8_t			 wdays;

	/* anacron: days between runs (@monthly 30, @yearly 365), delay. */
	unsigned		 period_days;
	unsigned		 delay_min;
	const char		*job_id;
	size_t			 job_idlen;

	/* SYSTEM: the account the job runs as. */
	const char		*user;
	size_t			 userlen;

	/* The command, raw: '%' and "\%" as written, CR excluded. */
	const char		*command;
	size_t			 commandlen;
	/* Bytes of command before its first unescaped '%' (see F_STDIN). */
	size_t			 headlen;

	/* ENV: name and value, quotes and surrounding blanks removed. */
	const char		*name;
	size_t			 namelen;
	const char		*value;
	size_t			 valuelen;

	/* MALFORMED: "bad minute", "bad command"...; else NULL. */
	const char		*why;
};

/*
 * The state of one pass over one file, a field of the caller's.
 * Callers may read line and the counts.
 */
struct crontab_parser {
	enum crontab_mode	 mode;
	unsigned		 line;		/* lines seen so far */
	unsigned		 njobs, nenv, nmalformed;
	char			*part;		/* a line cut by a chunk */
	size_t			 partlen;
	bool			 partlong;	/* bytes were dropped */
};

void	crontab_parser_init(struct crontab_parser *, enum crontab_mode);
/* Frees what crontab_feed held; the parser may be initialised again. */
void	crontab_parser_release(struct crontab_parser *);

/*
 * Parse the next line of the file: LINE is LEN bytes, without its
 * newline (a CR before it is dropped, see CRONTAB_F_CR).  Fills OUT,
 * counts the line and returns OUT->kind.  Never fails: what is neither
 * blank, comment, assignment nor job is CRONTAB_MALFORMED.
 */
enum crontab_kind crontab_parse_line(struct crontab_parser *,
	    const char *line, size_t len, struct crontab_entry *out);

/* Return 0 to go on; anything else stops and is returned. */
typedef int crontab_fn(const struct crontab_entry *, void *arg);

/*
 * Feed the next LEN bytes of the file, cut anywhere: FN is called for
 * each line completed that is not CRONTAB_NONE.  The entry lasts for
 * the call.  Returns 0, or what FN returned.
 */
int	crontab_feed(struct crontab_parser *, const char *buf, size_t len,
	    crontab_fn *fn, void *arg);

/* After the last chunk: a last line without a newline. */
int	crontab_finish(struct crontab_parser *, crontab_fn *fn, void *arg);

/* "none", "job", "env", "malformed". */
const char *crontab_kind_name(enum crontab_kind);

#endif
