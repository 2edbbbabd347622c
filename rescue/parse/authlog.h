/*
 * authlog.h - one line of auth.log, secure or messages (rsyslog with the
 * classic "Nov 20 08:24:11" stamp or RFC 3339) as a typed login event
 *
 * The parser reads no file: it takes one line and its length (no NUL or
 * newline needed) and fills a struct authlog_event whose strings are
 * bounded copies.  Every byte of the line is hostile: a user name may
 * hold " from 1.2.3.4 port 22", a line may be 1 MiB or hold NUL bytes;
 * what does not fit a known form exactly is AUTHLOG_OTHER.
 */
#ifndef RESCUE_AUTHLOG_H
#define RESCUE_AUTHLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fields each kind fills are named after it; the rest stay empty. */
enum authlog_type {
	AUTHLOG_OTHER = 0,		/* program, msg */
	/* sshd (also sshd-session, sshd-auth of OpenSSH >= 9.8) */
	AUTHLOG_SSH_ACCEPTED,		/* method user addr port [key] */
	AUTHLOG_SSH_FAILED,		/* method user addr port invalid_user */
	AUTHLOG_SSH_INVALID_USER,	/* user addr [port] */
	AUTHLOG_SSH_CLOSED,		/* "Connection closed": [user] addr */
	AUTHLOG_SSH_DISCONNECTED,	/* "Disconnected from": [user] addr */
	AUTHLOG_SSH_MAX_AUTH,		/* user addr port: MaxAuthTries hit */
	AUTHLOG_SSH_LISTEN,		/* addr port: the service started */
	AUTHLOG_SSH_STOP,		/* "Received signal N; terminating." */
	/* pam_*(SERVICE:TYPE) from any program */
	AUTHLOG_PAM_SESSION_OPEN,	/* service user uid [by_user by_uid] */
	AUTHLOG_PAM_SESSION_CLOSE,	/* service user */
	AUTHLOG_PAM_AUTH_FAIL,		/* service [user] [addr] tty by_user */
	AUTHLOG_PASSWORD_CHANGED,	/* [service] user [by_user] */
	/* sudo: user ran (or tried) command as target_user */
	AUTHLOG_SUDO_COMMAND,		/* user tty pwd target_user command */
	AUTHLOG_SUDO_BAD_PASSWORD,	/* the same, count = attempts */
	AUTHLOG_SUDO_NOT_SUDOERS,	/* the same */
	AUTHLOG_SUDO_REFUSED,		/* the same, another reason (msg) */
	/* su: user became target_user */
	AUTHLOG_SU,			/* user target_user tty */
	AUTHLOG_SU_FAILED,		/* user target_user tty */
	/* systemd-logind */
	AUTHLOG_LOGIND_NEW_SESSION,	/* session user */
	AUTHLOG_LOGIND_REMOVED_SESSION,	/* session */
	/* shadow's useradd, usermod, userdel, groupadd, gpasswd... */
	AUTHLOG_USER_ADD,		/* user uid gid home shell [tty] */
	AUTHLOG_USER_DEL,		/* user */
	AUTHLOG_USER_MOD,		/* user what [value]: what changed */
	AUTHLOG_GROUP_ADD,		/* group gid */
	AUTHLOG_GROUP_DEL,		/* group [user: the owner, userdel] */
	AUTHLOG_GROUP_MEMBER_ADD,	/* user group [by_user] */
	AUTHLOG_GROUP_MEMBER_DEL,	/* user group [by_user] */
	AUTHLOG_NTYPES
};

#define AUTHLOG_HOST_LEN	256
#define AUTHLOG_PROG_LEN	64
#define AUTHLOG_NAME_LEN	128	/* sshd logs at most 100 bytes */
#define AUTHLOG_ADDR_LEN	256	/* sshd logs at most 200 bytes */
#define AUTHLOG_WORD_LEN	64
#define AUTHLOG_PATH_LEN	512
#define AUTHLOG_CMD_LEN		1024	/* sudo splits at 960 */
/* Longer messages are kept (msg) but not classified. */
#define AUTHLOG_MSG_MAX		16384

struct authlog_event {
	enum authlog_type	 type;

	/*
	 * TIME is UTC seconds, or TIME_NONE (rescue.h) while the year of
	 * a classic stamp is unknown.  A classic stamp is the server's
	 * wall clock in a zone it does not name: TIME is then that clock
	 * read as UTC and LOCAL is set, for the caller to shift by the
	 * server's zone.  MON..SEC are as written in either form.
	 */
	int64_t			 time;
	uint32_t		 nsec;
	bool			 has_year;
	bool			 local;
	int32_t			 utcoff;	/* RFC 3339: seconds east */
	int			 year_delta;	/* see struct authlog_year */
	uint8_t			 mon, mday, hour, min, sec;

	char			 host[AUTHLOG_HOST_LEN];
	char			 program[AUTHLOG_PROG_LEN];	/* as tagged */
	int64_t			 pid;		/* -1 if none */
	char			 service[AUTHLOG_WORD_LEN];	/* PAM */

	char			 user[AUTHLOG_NAME_LEN];
	char			 target_user[AUTHLOG_NAME_LEN];
	char			 by_user[AUTHLOG_NAME_LEN];
	char			 group[AUTHLOG_NAME_LEN];
	int64_t			 uid, gid, by_uid;	/* -1 if none */
	bool			 invalid_user;	/* sshd: no such account */
	bool			 preauth;	/* sshd: "[preauth]" */

	char			 addr[AUTHLOG_ADDR_LEN];	/* IP or name */
	int32_t			 port;		/* -1 if none */
	char			 method[AUTHLOG_WORD_LEN];
	char			 keytype[AUTHLOG_WORD_LEN];
	char			 key[AUTHLOG_NAME_LEN];	/* "SHA256:..." */

	char			 tty[AUTHLOG_WORD_LEN];
	char			 pwd[AUTHLOG_PATH_LEN];
	char			 command[AUTHLOG_CMD_LEN];
	char			 home[AUTHLOG_PATH_LEN];
	char			 shell[AUTHLOG_PATH_LEN];
	char			 session[AUTHLOG_WORD_LEN];
	char			 what[AUTHLOG_WORD_LEN];	/* USER_MOD */
	char			 value[AUTHLOG_PATH_LEN];	/* USER_MOD */

	/* Repeats ("message repeated N times"), attempts, failures. */
	uint32_t		 count;
	bool			 truncated;	/* a field did not fit */
	bool			 nul_skipped;	/* see authlog_parse_line */
	/*
	 * The line may read more than one way, a sign of forged text: an
	 * sshd user name holding " from " (sshd writes the name, then its
	 * own " from ADDR port N"), a sudo directory or command holding
	 * " ; USER=" or " ; COMMAND=".  The fields hold the reading the
	 * parser trusts most.
	 */
	bool			 ambiguous;

	/* The message after "program[pid]: ", inside the caller's line. */
	const char		*msg;
	size_t			 msglen;
};

/*
 * Years of classic stamps, which have none.  Lines are read in file
 * order; a line more than a day earlier in the year than the latest one
 * starts a new year (a month going backwards, Dec -> Jan), while a few
 * minutes of disorder around midnight or the new year do not.  Each
 * line gets year_delta, the new years seen before it (-1 for a Dec 31
 * line written late after Jan 1), so the year is the first line's
 * plus year_delta.  The first line's year is not in the file: it comes
 * from the file's mtime, which dates the LAST line.  So either
 *
 *   two passes: parse every line with authlog_year_init(&yr, 0); take
 *   y = authlog_year_first(&yr, mtime); parse again with
 *   authlog_year_init(&yr, y): each event has its time;
 *
 *   or one pass keeping the events: as above with year 0, then
 *   authlog_event_set_year(ev, y + ev->year_delta) on each.
 *
 * A file known not to span a new year can simply start at the mtime's
 * year.  The struct belongs to the caller; nothing is allocated.
 */
struct authlog_year {
	int		 year;		/* of the first line, 0 if unknown */
	int		 rollovers;	/* new years seen so far */
	int32_t		 last;		/* latest second of the year, or -1 */
};

void	authlog_year_init(struct authlog_year *, int year);

/*
 * Year of the first line of a file whose every line went through YR,
 * given the file's mtime (UTC seconds).  The last line is taken to be
 * of the mtime's year, or of the year before when its date is more
 * than a day after the mtime's (Dec 31 in a file touched on Jan 1).
 * Returns 0 if MTIME is not a date of years 1..9999.
 */
int	authlog_year_first(const struct authlog_year *, int64_t mtime);

/*
 * Date a classic-stamped EV in YEAR: sets time and has_year.  Returns
 * 0, or -1 (time TIME_NONE) for a year outside 1..9999 or Feb 29 of a
 * common year, a sign that YEAR is wrong.
 */
int	authlog_event_set_year(struct authlog_event *, int year);

/*
 * Parse LINE (LEN bytes; a trailing CR or LF is ignored) into EV.
 * Returns 0 for a syslog line, of any type, or -1 for anything else (a
 * continuation line, garbage), left as AUTHLOG_OTHER with msg the whole
 * line.  syslog(3) cannot write a NUL: bytes up to the line's last NUL
 * are a torn line or blocks zeroed by a crash, and only what follows is
 * parsed (nul_skipped).  YR, if not NULL, is advanced by a classic
 * stamp and dates it.  EV->msg points into LINE and lasts as long as it.
 */
int	authlog_parse_line(const char *line, size_t len, struct authlog_year *,
	    struct authlog_event *ev);

/* A stable dotted name for TYPE: "ssh.accepted", "sudo.command"... */
const char *authlog_type_name(enum authlog_type);

#endif
