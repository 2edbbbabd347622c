/*
 * lastlog2.h - the rows of lastlog2(8)'s /var/lib/lastlog/lastlog2.db,
 * the Y2038-safe lastlog of util-linux (liblastlog2, pam_lastlog2)
 *
 * liblastlog2/src/lastlog2.c creates
 *
 *   CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INTEGER,
 *       TTY TEXT, RemoteHost TEXT, Service TEXT);
 *
 * with one row per user name (not uid), replaced at each login.  Time
 * is seconds since 1970, UTC; 0 is a record cleared by "lastlog2 -C".
 * The table is not STRICT and Name is no rowid alias, so any type may
 * sit in any column and even Name may be NULL.  A REPLACE deletes the
 * old row and inserts a new one with the next rowid: rows come here in
 * rowid order, which is the order of their latest update.  WAL and
 * journal files are not read (see wtmpdb.h).
 */
#ifndef RESCUE_LASTLOG2_H
#define RESCUE_LASTLOG2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sqlitedb.h"

/* Name is NULL. */
#define LASTLOG2_F_NO_USER	0x0001
/* Time is NULL or not an integer. */
#define LASTLOG2_F_NO_TIME	0x0002
/* Time is negative. */
#define LASTLOG2_F_NEG_TIME	0x0004
/* A value of the wrong type; see row->wrong and WTMPDB_F_WRONG_TYPE. */
#define LASTLOG2_F_WRONG_TYPE	0x0008
/* A string holds a NUL byte: it is handed out cut there. */
#define LASTLOG2_F_NUL		0x0010
/* A value is longer than SQLITEDB_VALUE_MAX: only rowid is known. */
#define LASTLOG2_F_TOO_BIG	0x0020

/* Columns, for row->wrong. */
#define LASTLOG2_C_NAME		0x01
#define LASTLOG2_C_TIME		0x02
#define LASTLOG2_C_TTY		0x04
#define LASTLOG2_C_HOST		0x08
#define LASTLOG2_C_SERVICE	0x10

/* One row; it and its strings last for the callback only. */
struct lastlog2_row {
	uint64_t	 index;		/* 0 for the first row */
	int64_t		 rowid;
	const char	*user;		/* Name; NULL if NULL */
	const char	*tty;
	const char	*host;		/* RemoteHost */
	const char	*service;	/* the PAM service */
	int64_t		 time;		/* TIME_NONE: NULL or not an integer */
	unsigned	 flags;		/* LASTLOG2_F_* */
	unsigned	 wrong;		/* LASTLOG2_C_* */
};

/* Return 0 to go on; anything else stops the read and is returned. */
typedef int lastlog2_fn(const struct lastlog2_row *, void *arg);

/*
 * As wtmpdb_read() for table Lastlog2: Name and Time must be there;
 * TTY, RemoteHost and Service read as NULL when missing (a pre-release
 * lastlog2 wrote a table "Lastlog" without Service, not read here).
 */
int		 lastlog2_read(const void *buf, size_t len, lastlog2_fn *fn,
		    void *arg, struct sqlitedb_stats *stats, char *err,
		    size_t errlen);

#endif
