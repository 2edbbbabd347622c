/*
 * wtmpdb.c - wtmpdb's wtmp table read row by row in ID order, each
 * value checked against the schema wtmpdb's lib/sqlite.c creates
 */
#include <string.h>

#include <sqlite3.h>

#include "rescue.h"
#include "wtmpdb.h"

/* Column order of the query; 0 is the rowid. */
enum { COL_ID, COL_TYPE, COL_USER, COL_LOGIN, COL_LOGOUT, COL_TTY,
	COL_HOST, COL_SERVICE, NCOLS };

const char *
wtmpdb_type_name(int64_t type)
{
	static const char	*names[] = { "EMPTY", "BOOT_TIME", "RUNLEVEL",
	    "USER_PROCESS" };

	if (type < 0 || type > WTMPDB_USER_PROCESS)
		return "UNKNOWN";
	return names[type];
}

/* An INTEGER column into *V (TIME_NONE unless an integer). */
static int
get_int(struct sqlite3_stmt *st, int col, unsigned bit,
    struct wtmpdb_row *r, int64_t *v)
{
	int	rc = sqlitedb_col_int(st, 1 + col, v);

	if (rc <= 0)
		*v = TIME_NONE;
	if (rc < 0) {
		r->wrong |= bit;
		r->flags |= WTMPDB_F_WRONG_TYPE;
	}
	return rc;
}

static const char *
get_text(struct sqlite3_stmt *st, int col, unsigned bit,
    struct wtmpdb_row *r)
{
	const char	*s;
	bool		 wrong = false, nul = false;

	s = sqlitedb_col_text(st, 1 + col, &wrong, &nul);
	if (wrong) {
		r->wrong |= bit;
		r->flags |= WTMPDB_F_WRONG_TYPE;
	}
	if (nul)
		r->flags |= WTMPDB_F_NUL;
	return s;
}

static void
fill_row(struct sqlite3_stmt *st, bool have_id, struct wtmpdb_row *r)
{
	int64_t	id;

	if (have_id && (get_int(st, COL_ID, WTMPDB_C_ID, r, &id) <= 0 ||
	    id != r->id))
		r->flags |= WTMPDB_F_ID_MISMATCH;
	if (get_int(st, COL_TYPE, WTMPDB_C_TYPE, r, &r->type) <= 0)
		r->type = -1;
	if (r->type < WTMPDB_EMPTY || r->type > WTMPDB_USER_PROCESS)
		r->flags |= WTMPDB_F_BAD_TYPE;
	r->user = get_text(st, COL_USER, WTMPDB_C_USER, r);
	if (r->user == NULL)
		r->flags |= WTMPDB_F_NO_USER;
	if (get_int(st, COL_LOGIN, WTMPDB_C_LOGIN, r, &r->login_usec) <= 0)
		r->flags |= WTMPDB_F_NO_LOGIN;
	get_int(st, COL_LOGOUT, WTMPDB_C_LOGOUT, r, &r->logout_usec);
	r->tty = get_text(st, COL_TTY, WTMPDB_C_TTY, r);
	r->host = get_text(st, COL_HOST, WTMPDB_C_HOST, r);
	r->service = get_text(st, COL_SERVICE, WTMPDB_C_SERVICE, r);

	/* TIME_NONE is negative too: only real values count. */
	if ((r->login_usec != TIME_NONE && r->login_usec < 0) ||
	    (r->logout_usec != TIME_NONE && r->logout_usec < 0))
		r->flags |= WTMPDB_F_NEG_TIME;
	if (r->login_usec != TIME_NONE && r->logout_usec != TIME_NONE &&
	    r->logout_usec < r->login_usec)
		r->flags |= WTMPDB_F_LOGOUT_EARLY;
}

int
wtmpdb_read(const void *buf, size_t len, wtmpdb_fn *fn, void *arg,
    struct sqlitedb_stats *stats, char *err, size_t errlen)
{
	struct sqlitedb_col	 cols[NCOLS] = {
		[COL_ID] = { "ID", false, false },
		[COL_TYPE] = { "Type", true, false },
		[COL_USER] = { "User", true, false },
		[COL_LOGIN] = { "Login", true, false },
		[COL_LOGOUT] = { "Logout", false, false },
		[COL_TTY] = { "TTY", false, false },
		[COL_HOST] = { "RemoteHost", false, false },
		[COL_SERVICE] = { "Service", false, false },
	};
	struct sqlitedb_stats	 dummy;
	struct sqlitedb_scan	 scan;
	struct wtmpdb_row	 r;
	struct sqlite3		*db;
	int64_t			 prev = 0;
	uint64_t		 index = 0;
	int			 rc, ret = -1;

	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	if ((db = sqlitedb_open(buf, len, stats, err, errlen)) == NULL)
		return -1;
	sqlitedb_stats(db, stats != &dummy, stats);
	if (sqlitedb_scan_open(&scan, db, "wtmp", cols, NCOLS,
	    stats->missing, err, errlen) != 0)
		goto out;

	while ((rc = sqlitedb_scan_step(&scan, err, errlen)) == 1) {
		memset(&r, 0, sizeof(r));
		r.index = index++;
		r.id = scan.rowid;
		r.type = -1;
		r.login_usec = r.logout_usec = TIME_NONE;
		/* Unsigned: rowids span all of int64_t. */
		if (r.index == 0)
			r.ids_skipped = r.id > 1 ? (uint64_t)r.id - 1 : 0;
		else
			r.ids_skipped = (uint64_t)r.id - (uint64_t)prev - 1;
		prev = r.id;
		if (r.id < 1)
			r.flags |= WTMPDB_F_BAD_ID;
		if (scan.toobig)
			r.flags |= WTMPDB_F_TOO_BIG;
		else
			fill_row(scan.stmt, cols[COL_ID].have, &r);
		r.type_name = wtmpdb_type_name(r.type);
		stats->rows++;
		if (r.flags != 0)
			stats->rows_flagged++;
		if ((rc = fn(&r, arg)) != 0) {
			ret = rc;
			goto close;
		}
	}
	if (rc == 0)
		ret = 0;
close:
	sqlitedb_scan_close(&scan);
out:
	sqlitedb_close(db);
	return ret;
}
