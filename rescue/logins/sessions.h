/*
 * sessions.h - login sessions from the records of one wtmp file, paired
 * as util-linux last(1) pairs them, so that what rescue reports can be
 * checked line by line against `last -f FILE -w -x` run anywhere
 *
 * last reads the file backwards and keeps a list of the lines it has
 * seen; this reads it forwards and keeps the sessions still open, which
 * gives the same pairs (see sessions.c).  Memory grows with the number
 * of sessions, never with the number of records: DEAD_PROCESS, LOGIN
 * and INIT records cost nothing once seen.
 *
 * What last decides from the machine it runs on is decided here from
 * the file alone.  last calls a session with no logout and no later
 * boot or shutdown "still logged in" if its process is alive on the
 * host running last, else "gone - no logout"; on a disk whose machine
 * is off no process is alive, so here such a session is "still logged
 * in" as of the last record, unless the caller knows the server was
 * booted again after it started (sessions_finish's boot_sec), which is
 * last's first test too.  A boot or run level with nothing after it is
 * "still running", as in last.
 */
#ifndef RESCUE_SESSIONS_H
#define RESCUE_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "parse/utmp.h"

enum session_kind {
	SESSION_LOGIN,		/* a USER_PROCESS record, as last types it */
	SESSION_BOOT,		/* "reboot   system boot" */
	SESSION_SHUTDOWN,	/* "shutdown system down" */
	SESSION_RUNLEVEL,	/* "runlevel (to lvl N)" */
	SESSION_TIME_CHANGE	/* "date     old time" or "new time" */
};

/* How a session ended; session_end_name() gives last's words. */
enum session_end {
	SESSION_END_LOGOUT,	/* at the next record on its line, or for
				   a pseudo-session at the event that ends
				   it: end holds the time */
	SESSION_END_DOWN,	/* "down": a later shutdown (or run level
				   0 or 6) came first; end is its time */
	SESSION_END_CRASH,	/* "crash": a later boot came first */
	SESSION_END_STILL_IN,	/* "still logged in": open at the end */
	SESSION_END_GONE,	/* "gone - no logout": open at the end but
				   started before boot_sec */
	SESSION_END_RUNNING,	/* "still running": a boot with no later
				   shutdown, a run level with no later one */
	SESSION_END_NONE	/* a time change; a shutdown with no later
				   boot (last shows 1970 as its end) */
};

struct session {
	enum session_kind	 kind;
	enum session_end	 how;
	/*
	 * The strings as last shows them: user and host from the record
	 * ("reboot" and the kernel version for a boot), line from the
	 * record for a login, else "system boot", "system down",
	 * "(to lvl N)", "old time" or "new time".  The sessions own them.
	 */
	const char		*user;
	const char		*line;
	const char		*host;
	const char		*addr;	/* from ut_addr_v6, "" if none */
	int32_t			 pid;
	int			 runlevel;	/* pid & 255, for RUNLEVEL */
	int64_t			 start_sec;
	int64_t			 start_usec;
	int64_t			 end_sec;	/* LOGOUT, DOWN, CRASH only */
	uint64_t		 start_index;	/* record number of the start */
	int64_t			 end_index;	/* of the end, -1 if none */
};

struct sessions_chunk;

struct sessions {
	/* After sessions_finish: every session in the order they started. */
	struct session		*list;
	size_t			 n;

	size_t			 cap;
	uint64_t		 records;	/* records added */
	/*
	 * Open logins by line: session index + 1, 0 when free.  A slot
	 * naming a session before login_from is free too, which is how
	 * a boot or shutdown empties the table at no cost.
	 */
	size_t			*slots;
	size_t			 nslots;	/* a power of two */
	size_t			 nlive;		/* filled since login_from */
	/* Sessions from these on may still be open; before, none is. */
	size_t			 login_from;
	size_t			 boot_from;
	size_t			 shutdown_open;	/* index + 1, 0 if none */
	size_t			 runlevel_open;	/* index + 1, 0 if none */
	struct sessions_chunk	*strings;	/* the strings' storage */
};

void		 sessions_init(struct sessions *);

/* The next record of the file, in file order. */
void		 sessions_add(struct sessions *, const struct utmp_record *);

/*
 * After the last record: decide how the sessions still open end.
 * BOOT_SEC is when the server is known to have booted after the file's
 * last record (from another source), or 0: open logins that started
 * before it are GONE, the others STILL_IN.  Then list and n hold the
 * result and no more records may be added; calling it again with
 * another BOOT_SEC decides those sessions again.
 */
void		 sessions_finish(struct sessions *, int64_t boot_sec);

void		 sessions_free(struct sessions *);

/* "still logged in", "crash"...: last's words for an ending. */
const char	*session_end_name(enum session_end);

const char	*session_kind_name(enum session_kind);

#endif
