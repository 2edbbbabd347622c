/*
 * sqlitedb.h - an SQLite database from the server, held in memory and
 * opened read-only and defensively, for the readers of the login
 * databases (wtmpdb.h, lastlog2.h)
 *
 * The file is the attacker's: nothing here trusts its header, its
 * schema or its values.  No file is ever opened, created or written:
 * the database is a copy in memory (sqlite3_deserialize), no journal,
 * no WAL, temporary tables in memory, no extensions, no triggers or
 * views, no functions from the schema, every length limited.  Rows are
 * read in rowid order straight from the table's b-tree (never sorted),
 * so memory stays bounded by the file and one row.
 */
#ifndef RESCUE_SQLITEDB_H
#define RESCUE_SQLITEDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct sqlite3_stmt;

/*
 * The longest string or blob read from a row.  A row holding a longer
 * value is handed out with its rowid only (the readers' F_TOO_BIG), and
 * the scan goes on after it: one huge value cannot hide later rows.
 */
#define SQLITEDB_VALUE_MAX	(1 << 20)
#define SQLITEDB_MSG_LEN	160

/* What the file says about itself, beside the rows. */
struct sqlitedb_stats {
	uint32_t	 page_size;
	uint64_t	 page_count;
	/*
	 * Pages on the freelist: space of deleted rows (or dropped
	 * tables) not yet reused; an untouched login database only
	 * grows.  Their bytes may still hold the deleted rows.
	 */
	uint64_t	 freelist_count;
	/*
	 * The header says WAL mode (bytes 18 and 19 are 2): committed
	 * rows may sit in the -wal file beside it, not read here.
	 */
	bool		 wal;
	/*
	 * The file is shorter than the page count in its header says, or
	 * ends inside a page: a copy cut short.  Missing bytes read as
	 * zeros, so rows may still come, up to an error.
	 */
	bool		 truncated;
	bool		 checked;	/* quick_check ran */
	bool		 corrupt;	/* and did not say "ok" */
	char		 check[SQLITEDB_MSG_LEN];	/* its first message */
	/* Optional columns the table lacks ("ID, Service"), read as NULL. */
	char		 missing[SQLITEDB_MSG_LEN];
	uint64_t	 rows;		/* handed to the callback */
	uint64_t	 rows_flagged;	/* of which with any flag set */
};

/*
 * Open the LEN bytes at BUF, a whole database file, as "main" of a new
 * connection.  BUF is copied (into memory SQLite owns and frees when
 * the connection closes), so the caller's buffer may go right after;
 * the copy has its WAL header bytes set back to the rollback journal's
 * because SQLite cannot open a WAL database from memory.  ST, if not
 * NULL, gets wal and truncated.  The schema is read at once, so a file
 * that is no database fails here.  Returns the connection, to be passed
 * to sqlitedb_close(), or NULL with a one-line message in ERR: "empty
 * file", "not an SQLite database", "file is not a database", "database
 * disk image is malformed", "malformed database schema (...)".
 */
struct sqlite3	*sqlitedb_open(const void *buf, size_t len,
		    struct sqlitedb_stats *st, char *err, size_t errlen);
void		 sqlitedb_close(struct sqlite3 *);

/*
 * Fill page_size, page_count and freelist_count; with CHECK also run
 * PRAGMA quick_check (time and memory in proportion to the file) and
 * fill checked, corrupt and check.  Corruption is not an error here.
 */
void		 sqlitedb_stats(struct sqlite3 *, bool check,
		    struct sqlitedb_stats *);

/* A column a reader wants; HAVE is set by sqlitedb_scan_open(). */
struct sqlitedb_col {
	const char	*name;
	bool		 required;
	bool		 have;
};

/*
 * A pass over one table in rowid order.  Column 0 of stmt is the rowid,
 * column 1 + i is cols[i] (NULL when the table lacks it).  Callers read
 * rowid and toobig, and stmt's columns after sqlitedb_scan_step()
 * returned 1; they change nothing.
 */
struct sqlitedb_scan {
	struct sqlite3		*db;
	struct sqlite3_stmt	*stmt;	/* the rows from ?1 on */
	struct sqlite3_stmt	*next;	/* the next rowid from ?1 on */
	int64_t			 rowid;	/* of the current row */
	bool			 started;
	bool			 rebind;	/* restart stmt after rowid */
	bool			 done;
	bool			 toobig;	/* only rowid is known */
};

/*
 * Prepare a pass over TABLE (an ordinary rowid table of "main"; a view,
 * a virtual or WITHOUT ROWID table is refused) reading the NCOLS COLS by
 * name: extra columns are ignored, a missing optional one reads as NULL
 * and is named in MISSING (SQLITEDB_MSG_LEN bytes, if not NULL), a
 * missing required one or a generated one is an error.  Returns 0, or
 * -1 with "no table wtmp", "column Login missing" and the like in ERR
 * (SCAN then needs no sqlitedb_scan_close()).
 */
int		 sqlitedb_scan_open(struct sqlitedb_scan *, struct sqlite3 *,
		    const char *table, struct sqlitedb_col *cols, size_t ncols,
		    char *missing, char *err, size_t errlen);

/*
 * The next row: returns 1 (a row, or only its rowid with toobig set),
 * 0 after the last one, or -1 with SQLite's message in ERR (the file is
 * corrupt past the rows read so far).
 */
int		 sqlitedb_scan_step(struct sqlitedb_scan *, char *err,
		    size_t errlen);
void		 sqlitedb_scan_close(struct sqlitedb_scan *);

/*
 * Column I of the current row as an integer: returns 1 and sets *V, 0
 * for NULL, or -1 for a value of another type (TEXT in an INTEGER
 * column), which the caller treats as NULL and flags.
 */
int		 sqlitedb_col_int(struct sqlite3_stmt *, int i, int64_t *v);

/*
 * Column I as a string: NULL for NULL, else its bytes, NUL-terminated
 * and cut at the first NUL, alive until the next step.  Sets *WRONG
 * when the value is not TEXT (an INTEGER reads as its digits, a BLOB
 * as its bytes) and *NUL when it holds a NUL byte; leaves them alone
 * otherwise.
 */
const char	*sqlitedb_col_text(struct sqlite3_stmt *, int i, bool *wrong,
		    bool *nul);

#endif
