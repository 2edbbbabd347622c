/*
 * sessions.h - login sessions from the records of one wtmp file, paired
 * as util-linux last(1) pairs them, so that what rescue reports can be
 * checked line by line against `last -f FILE -w -x` run anywhere
 *
 * last reads the file backwards and keeps a list of the lines it has
 * seen; this reads it forwards and keeps the sessions still open, which
 * gives the same pairs (see sessions.c).  The caller takes sessions
 * out as their ends are decided (sessions_drain), so what is held is
 * the logins open since the last boot or shutdown (which ends them
 * all), the boots since the last shutdown, and at most hold sessions
 * waiting behind the oldest of those: never the length of the file.
 * DEAD_PROCESS, LOGIN and INIT records cost nothing once seen.
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

#include <stdbool.h>
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
	 * "(to lvl N)", "old time" or "new time".
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

/* Private: a session while it is held, a slot of the lines' table. */
struct session_cell;
struct session_slot;

/*
 * How many sessions may wait, decided, behind the oldest one still
 * open before that one is set aside (see sessions_drain).
 */
#define SESSIONS_HOLD	4096

struct sessions {
	uint64_t		 records;	/* records added */
	uint64_t		 started;	/* sessions so far */
	size_t			 held;		/* sessions in memory now */
	size_t			 held_max;	/* the most ever held */
	size_t			 hold;		/* SESSIONS_HOLD unless set */
	bool			 finished;

	/* Every held session: a pool, its free cells linked. */
	struct session_cell	*cells;
	size_t			 ncells;
	size_t			 free_cell;	/* a cell index, or SIZE_MAX */
	/*
	 * The order they are handed out in: cell indexes, SIZE_MAX for
	 * one set aside.  From head on not yet handed out; before scan
	 * every one is decided; scan is the oldest still open.
	 */
	size_t			*queue;
	size_t			 qcap, head, scan, tail;
	/* Set aside, ended since, to go to the queue in start order. */
	size_t			*pending;
	size_t			 npending, pendcap;
	/* The open logins and boots, oldest first: cell indexes. */
	size_t			 logins_first, logins_last;
	size_t			 boots_first, boots_last;
	size_t			 shutdown_open;	/* cell index, or SIZE_MAX */
	size_t			 runlevel_open;	/* cell index, or SIZE_MAX */
	/*
	 * Open logins by line, open addressing.  A slot of an older
	 * generation is free, which is how a boot or shutdown empties
	 * the table at no cost; a logout leaves a tombstone.
	 */
	struct session_slot	*slots;
	size_t			 nslots;	/* a power of two, or 0 */
	size_t			 nlive, ntomb;
	uint64_t		 gen;
};

void		 sessions_init(struct sessions *);

/* The next record of the file, in file order. */
void		 sessions_add(struct sessions *, const struct utmp_record *);

/*
 * After the last record: decide how the sessions still open end.
 * BOOT_SEC is when the server is known to have booted after the file's
 * last record (from another source), or 0: open logins that started
 * before it are GONE, the others STILL_IN.  No more records may be
 * added then; calling it again with another BOOT_SEC decides those of
 * them not yet handed out again.
 */
void		 sessions_finish(struct sessions *, int64_t boot_sec);

typedef void session_fn(const struct session *, void *arg);

/*
 * Hand FN the sessions whose ends are decided, then forget them; the
 * session and its strings are valid during the call only.  They come
 * in the order they started, but for one still open while more than
 * hold sessions started after it: that one is set aside and comes
 * where it ends, before the session of the record that ends it (in
 * start order with others that record ends), or at the end.  Neither
 * the order nor the sessions depend on how often this is called;
 * after sessions_finish it hands out every one left.  Returns how
 * many it handed out.
 */
size_t		 sessions_drain(struct sessions *, session_fn *, void *arg);

/* Forgets the sessions not handed out. */
void		 sessions_free(struct sessions *);

/* "still logged in", "crash"...: last's words for an ending. */
const char	*session_end_name(enum session_end);

const char	*session_kind_name(enum session_kind);

#endif
