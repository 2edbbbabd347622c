/*
 * lastlog2.c - util-linux's Lastlog2 table read row by row in rowid
 * order, each value checked against the schema liblastlog2 creates
 */
#include <string.h>

#include <sqlite3.h>

#include "rescue.h"
#include "lastlog2.h"

/* Column order of the query; 0 is the rowid. */
enum { COL_NAME, COL_TIME, COL_TTY, COL_HOST, COL_SERVICE, NCOLS };

static const char *
get_text(struct sqlite3_stmt *st, int col, unsigned bit,
    struct lastlog2_row *r)
{
	const char	*s;
	bool		 wrong = false, nul = false;

	s = sqlitedb_col_text(st, 1 + col, &wrong, &nul);
	if (wrong) {
		r->wrong |= bit;
		r->flags |= LASTLOG2_F_WRONG_TYPE;
	}
	if (nul)
		r->flags |= LASTLOG2_F_NUL;
	return s;
}

static void
fill_row(struct sqlite3_stmt *st, struct lastlog2_row *r)
{
	int	rc;

	r->user = get_text(st, COL_NAME, LASTLOG2_C_NAME, r);
	if (r->user == NULL)
		r->flags |= LASTLOG2_F_NO_USER;
	rc = sqlitedb_col_int(st, 1 + COL_TIME, &r->time);
	if (rc <= 0) {
		r->time = TIME_NONE;
		r->flags |= LASTLOG2_F_NO_TIME;
	}
	if (rc < 0) {
		r->wrong |= LASTLOG2_C_TIME;
		r->flags |= LASTLOG2_F_WRONG_TYPE;
	}
	if (rc > 0 && r->time < 0)
		r->flags |= LASTLOG2_F_NEG_TIME;
	r->tty = get_text(st, COL_TTY, LASTLOG2_C_TTY, r);
	r->host = get_text(st, COL_HOST, LASTLOG2_C_HOST, r);
	r->service = get_text(st, COL_SERVICE, LASTLOG2_C_SERVICE, r);
}

int
lastlog2_read(const void *buf, size_t len, lastlog2_fn *fn, void *arg,
    struct sqlitedb_stats *stats, char *err, size_t errlen)
{
	struct sqlitedb_col	 cols[NCOLS] = {
		[COL_NAME] = { "Name", true, false },
		[COL_TIME] = { "Time", true, false },
		[COL_TTY] = { "TTY", false, false },
		[COL_HOST] = { "RemoteHost", false, false },
		[COL_SERVICE] = { "Service", false, false },
	};
	struct sqlitedb_stats	 dummy;
	struct sqlitedb_scan	 scan;
	struct lastlog2_row	 r;
	struct sqlite3		*db;
	uint64_t		 index = 0;
	int			 rc, ret = -1;

	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	if ((db = sqlitedb_open(buf, len, stats, err, errlen)) == NULL)
		return -1;
	sqlitedb_stats(db, stats != &dummy, stats);
	if (sqlitedb_scan_open(&scan, db, "Lastlog2", cols, NCOLS,
	    stats->missing, err, errlen) != 0)
		goto out;

	while ((rc = sqlitedb_scan_step(&scan, err, errlen)) == 1) {
		memset(&r, 0, sizeof(r));
		r.index = index++;
		r.rowid = scan.rowid;
		r.time = TIME_NONE;
		if (scan.toobig)
			r.flags |= LASTLOG2_F_TOO_BIG;
		else
			fill_row(scan.stmt, &r);
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
