/*
 * wtmpdb.h - the rows of wtmpdb(8)'s /var/lib/wtmpdb/wtmp.db (and of
 * the wtmp_YYYYMMDD.db files "wtmpdb rotate" leaves), the Y2038-safe
 * wtmp that openSUSE and other distributions write instead of wtmp(5)
 *
 * wtmpdb's lib/sqlite.c creates
 *
 *   CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER,
 *       User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT,
 *       RemoteHost TEXT, Service TEXT) STRICT;
 *
 * with one row per boot (Type 1, User "reboot", TTY "~", RemoteHost the
 * kernel's release) and per login (Type 3); Logout is filled in when
 * the session ends, so it is NULL for a session still open or a boot
 * not yet shut down.  Times are microseconds since 1970, UTC.  ID is
 * the rowid: SQLite gives a new row the largest ID plus one, so a row
 * deleted in the middle leaves a gap (rows deleted at the end leave
 * none).  "wtmpdb rotate" deletes the rows with Login up to a date and
 * moves them to another file: the IDs below the first row are gone for
 * that reason, and IDs start again at 1 when rotate emptied the table.
 *
 * wtmpdb never sets WAL mode; a database that is in it (sqlitedb.h:
 * stats.wal) may keep its latest rows in wtmp.db-wal, not read here.
 * A hot wtmp.db-journal (a crash mid-write) is not read either.
 */
#ifndef RESCUE_WTMPDB_H
#define RESCUE_WTMPDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sqlitedb.h"

/* Type, as wtmpdb.h defines it. */
#define WTMPDB_EMPTY		0
#define WTMPDB_BOOT_TIME	1
#define WTMPDB_RUNLEVEL		2	/* unused with systemd */
#define WTMPDB_USER_PROCESS	3

/* Type is NULL, not an integer or not one of the four above. */
#define WTMPDB_F_BAD_TYPE	0x0001
/* User is NULL, which the schema forbids. */
#define WTMPDB_F_NO_USER	0x0002
/* Login is NULL or not an integer. */
#define WTMPDB_F_NO_LOGIN	0x0004
/* Logout is earlier than Login. */
#define WTMPDB_F_LOGOUT_EARLY	0x0008
/* Login or Logout is negative (wtmpdb writes unsigned microseconds). */
#define WTMPDB_F_NEG_TIME	0x0010
/*
 * A value of the wrong type, read as NULL for an integer column and as
 * its text for a string column: see row->wrong.  A STRICT table
 * refuses them, so the file was written by something else.
 */
#define WTMPDB_F_WRONG_TYPE	0x0020
/* A string holds a NUL byte: it is handed out cut there. */
#define WTMPDB_F_NUL		0x0040
/* A value is longer than SQLITEDB_VALUE_MAX: only id is known. */
#define WTMPDB_F_TOO_BIG	0x0080
/* The ID column is not the rowid (another schema); id is the rowid. */
#define WTMPDB_F_ID_MISMATCH	0x0100
/* id < 1: SQLite never assigns one; the row was written by hand. */
#define WTMPDB_F_BAD_ID		0x0200

/* Columns, for row->wrong. */
#define WTMPDB_C_ID		0x01
#define WTMPDB_C_TYPE		0x02
#define WTMPDB_C_USER		0x04
#define WTMPDB_C_LOGIN		0x08
#define WTMPDB_C_LOGOUT		0x10
#define WTMPDB_C_TTY		0x20
#define WTMPDB_C_HOST		0x40
#define WTMPDB_C_SERVICE	0x80

/* One row; it and its strings last for the callback only. */
struct wtmpdb_row {
	uint64_t	 index;		/* 0 for the first row */
	int64_t		 id;		/* the rowid, which ID is */
	/*
	 * IDs missing right before this row: ID - previous ID - 1, a row
	 * deleted in the middle; for the first row ID - 1 (0 if ID < 1),
	 * which rotation explains.
	 */
	uint64_t	 ids_skipped;
	int64_t		 type;		/* -1 if NULL or not an integer */
	const char	*type_name;	/* "BOOT_TIME"...; "UNKNOWN" */
	const char	*user;		/* NULL if NULL */
	const char	*tty;
	const char	*host;		/* RemoteHost */
	const char	*service;	/* the PAM service */
	int64_t		 login_usec;	/* TIME_NONE: NULL or not an integer */
	int64_t		 logout_usec;	/* TIME_NONE: still open (or bad) */
	unsigned	 flags;		/* WTMPDB_F_* */
	unsigned	 wrong;		/* WTMPDB_C_*: of the wrong type */
};

/* Return 0 to go on; anything else stops the read and is returned. */
typedef int wtmpdb_fn(const struct wtmpdb_row *, void *arg);

/* "EMPTY", "BOOT_TIME", "RUNLEVEL", "USER_PROCESS"; "UNKNOWN". */
const char	*wtmpdb_type_name(int64_t type);

/*
 * Read the database file in BUF (LEN bytes, copied: see sqlitedb_open)
 * and call FN for each row of table wtmp in ID order.  The table may
 * have more columns; Type, User and Login must be there, and ID,
 * Logout, TTY, RemoteHost and Service missing read as NULL (named in
 * STATS->missing).  STATS, if not NULL, is zeroed and filled, even on
 * error, and quick_check is run for it.  Returns 0, what FN returned
 * to stop, or -1 with a one-line message in ERR ("not an SQLite
 * database", "no table wtmp", "column Login missing", "database disk
 * image is malformed"); rows read before an error were handed out.
 */
int		 wtmpdb_read(const void *buf, size_t len, wtmpdb_fn *fn,
		    void *arg, struct sqlitedb_stats *stats, char *err,
		    size_t errlen);

#endif
