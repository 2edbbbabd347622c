/*
 * sqlitedb.c - an SQLite database from the server, copied into memory
 * and opened read-only with every defence SQLite offers for a database
 * from an attacker (sqlite.org/security.html)
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "sqlitedb.h"

/* "SQLite format 3\0", then a header of 100 bytes (fileformat2.html). */
#define HDR_MAGIC	"SQLite format 3"
#define HDR_LEN		100
#define HDR_PAGE_SIZE	16
#define HDR_WRITE_VER	18
#define HDR_READ_VER	19
#define HDR_CHANGES	24
#define HDR_PAGES	28
#define HDR_VALID_FOR	92
#define VER_LEGACY	1
#define VER_WAL		2

#define SQL_LEN		1024

static void
seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* SQLite's message for DB; never empty. */
static void
dberr(sqlite3 *db, char *err, size_t errlen)
{
	const char	*m = db ? sqlite3_errmsg(db) : NULL;

	seterr(err, errlen, "%s", m && *m ? m : "sqlite error");
}

/*
 * Limits far above what wtmpdb or lastlog2 ever write and far below
 * what would let a schema or a value cost real time or memory.
 */
static void
set_limits(sqlite3 *db)
{
	static const struct {
		int	id, val;
	} lim[] = {
		{ SQLITE_LIMIT_LENGTH,			SQLITEDB_VALUE_MAX },
		{ SQLITE_LIMIT_SQL_LENGTH,		65536 },
		{ SQLITE_LIMIT_EXPR_DEPTH,		100 },
		{ SQLITE_LIMIT_COMPOUND_SELECT,		8 },
		{ SQLITE_LIMIT_VDBE_OP,			25000 },
		{ SQLITE_LIMIT_FUNCTION_ARG,		8 },
		{ SQLITE_LIMIT_ATTACHED,		0 },
		{ SQLITE_LIMIT_LIKE_PATTERN_LENGTH,	64 },
		{ SQLITE_LIMIT_VARIABLE_NUMBER,		8 },
		{ SQLITE_LIMIT_TRIGGER_DEPTH,		1 },
		{ SQLITE_LIMIT_WORKER_THREADS,		0 },
	};
	size_t	i;

	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++)
		sqlite3_limit(db, lim[i].id, lim[i].val);
}

static int
set_config(sqlite3 *db)
{
	static const int	off[] = {
		SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
		SQLITE_DBCONFIG_ENABLE_TRIGGER,
		SQLITE_DBCONFIG_ENABLE_VIEW,
		SQLITE_DBCONFIG_TRUSTED_SCHEMA,
		SQLITE_DBCONFIG_WRITABLE_SCHEMA,
		SQLITE_DBCONFIG_ENABLE_FKEY,
	};
	size_t			i;

	if (sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    (int *)NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++)
		if (sqlite3_db_config(db, off[i], 0, (int *)NULL) != SQLITE_OK)
			return -1;
	return 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * Whether the file ends before its last page.  The header's page
 * count counts only when its version-valid-for matches the change
 * counter (fileformat2.html, 1.3.9); SQLite then trusts it too.
 */
static bool
is_truncated(const unsigned char *hdr, size_t len)
{
	uint32_t	ps = (uint32_t)hdr[HDR_PAGE_SIZE] << 8 |
	    hdr[HDR_PAGE_SIZE + 1];
	uint64_t	pages = be32(hdr + HDR_PAGES);

	if (ps == 1)
		ps = 65536;
	if (ps < 512 || (ps & (ps - 1)) != 0)
		return false;		/* SQLite will refuse it */
	if (len % ps != 0)
		return true;
	return be32(hdr + HDR_VALID_FOR) == be32(hdr + HDR_CHANGES) &&
	    pages * ps > (uint64_t)len;
}

struct sqlite3 *
sqlitedb_open(const void *buf, size_t len, struct sqlitedb_stats *st,
    char *err, size_t errlen)
{
	/* No journal or WAL may be touched: only reading is left. */
	static const char	 pragmas[] =
	    "PRAGMA query_only=ON;"
	    "PRAGMA trusted_schema=OFF;"
	    "PRAGMA cell_size_check=ON;"
	    "PRAGMA temp_store=MEMORY;"
	    "PRAGMA mmap_size=0;"
	    "PRAGMA main.journal_mode=OFF;"
	    "SELECT count(*) FROM main.sqlite_schema;";
	const unsigned char	*hdr = buf;
	unsigned char		*copy;
	sqlite3			*db = NULL;
	int			 rc;

	if (buf == NULL || len == 0) {
		seterr(err, errlen, "empty file");
		return NULL;
	}
	if (len < HDR_LEN ||
	    memcmp(hdr, HDR_MAGIC, sizeof(HDR_MAGIC)) != 0) {
		seterr(err, errlen, "not an SQLite database");
		return NULL;
	}
	if (st != NULL)
		st->truncated = is_truncated(hdr, len);
	if ((uint64_t)len > (uint64_t)INT64_MAX ||
	    (copy = sqlite3_malloc64(len)) == NULL) {
		seterr(err, errlen, "out of memory for %zu bytes", len);
		return NULL;
	}
	memcpy(copy, buf, len);
	if (copy[HDR_WRITE_VER] == VER_WAL || copy[HDR_READ_VER] == VER_WAL) {
		if (st != NULL)
			st->wal = true;
		copy[HDR_WRITE_VER] = copy[HDR_READ_VER] = VER_LEGACY;
	}

	rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK || set_config(db) != 0) {
		dberr(db, err, errlen);
		sqlite3_free(copy);
		goto fail;
	}
	set_limits(db);
	/* The copy is SQLite's from here, even when this fails. */
	rc = sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len,
	    (sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY |
	    SQLITE_DESERIALIZE_FREEONCLOSE);
	if (rc != SQLITE_OK) {
		dberr(db, err, errlen);
		goto fail;
	}
	if (sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		dberr(db, err, errlen);
		goto fail;
	}
	return db;
fail:
	sqlite3_close(db);
	return NULL;
}

void
sqlitedb_close(struct sqlite3 *db)
{
	sqlite3_close(db);
}

/* The first column of the first row of SQL as an integer, or -1. */
static int64_t
pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_INTEGER)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * Copy quick_check's message S into BUF on one line: without the
 * "*** in database main ***" line it starts with, newlines as "; ".
 */
static void
copy_msg(char *buf, size_t len, const char *s)
{
	static const char	head[] = "*** in database main ***\n";
	size_t			i = 0;

	if (strncmp(s, head, sizeof(head) - 1) == 0)
		s += sizeof(head) - 1;
	for (; *s != '\0' && i + 1 < len; s++) {
		if (*s == '\n' && i + 2 < len) {
			buf[i++] = ';';
			buf[i++] = ' ';
		} else if (*s != '\n')
			buf[i++] = (unsigned char)*s < ' ' ? ' ' : *s;
	}
	buf[i] = '\0';
}

void
sqlitedb_stats(struct sqlite3 *db, bool check, struct sqlitedb_stats *st)
{
	sqlite3_stmt		*q;
	const unsigned char	*msg;
	int64_t			 v;
	int			 rc;

	if ((v = pragma_int(db, "PRAGMA main.page_size")) > 0 &&
	    v <= UINT32_MAX)
		st->page_size = (uint32_t)v;
	if ((v = pragma_int(db, "PRAGMA main.page_count")) >= 0)
		st->page_count = (uint64_t)v;
	if ((v = pragma_int(db, "PRAGMA main.freelist_count")) >= 0)
		st->freelist_count = (uint64_t)v;
	if (!check)
		return;

	st->checked = true;
	st->corrupt = true;
	if (sqlite3_prepare_v2(db, "PRAGMA main.quick_check(1)", -1, &q,
	    NULL) != SQLITE_OK) {
		copy_msg(st->check, sizeof(st->check), sqlite3_errmsg(db));
		return;
	}
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && (msg = sqlite3_column_text(q, 0)) != NULL) {
		copy_msg(st->check, sizeof(st->check), (const char *)msg);
		st->corrupt = strcmp(st->check, "ok") != 0;
	} else
		copy_msg(st->check, sizeof(st->check), sqlite3_errmsg(db));
	sqlite3_finalize(q);
}

/* Whether NAME is one of the table's column names; SQLite ignores case. */
static bool
same_name(const unsigned char *a, const char *b)
{
	return a != NULL && sqlite3_stricmp((const char *)a, b) == 0;
}

/*
 * The kind of TABLE in main: an ordinary rowid table, or the reason it
 * cannot be read.
 */
static int
check_table(sqlite3 *db, const char *table, char *err, size_t errlen)
{
	sqlite3_stmt		*q;
	const unsigned char	*type;
	int			 rc, ret = -1;

	if (sqlite3_prepare_v2(db, "SELECT type, wr FROM "
	    "pragma_table_list(?1) WHERE schema = 'main'", -1, &q,
	    NULL) != SQLITE_OK) {
		dberr(db, err, errlen);
		return -1;
	}
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE)
		seterr(err, errlen, "no table %s", table);
	else if (rc != SQLITE_ROW)
		dberr(db, err, errlen);
	else if ((type = sqlite3_column_text(q, 0)) == NULL)
		dberr(db, err, errlen);
	else if (strcmp((const char *)type, "table") != 0)
		seterr(err, errlen, "%s is a %s, not a table", table,
		    strcmp((const char *)type, "virtual") == 0 ?
		    "virtual table" : (const char *)type);
	else if (sqlite3_column_int(q, 1) != 0)
		seterr(err, errlen, "%s is a WITHOUT ROWID table", table);
	else
		ret = 0;
	sqlite3_finalize(q);
	return ret;
}

/*
 * Find COLS among the columns of TABLE and the name its rowid goes by
 * (a column may take "rowid", then "_rowid_", then "oid").
 */
static int
find_columns(sqlite3 *db, const char *table, struct sqlitedb_col *cols,
    size_t ncols, const char **rowid, char *err, size_t errlen)
{
	static const char	*rowids[] = { "rowid", "_rowid_", "oid" };
	bool			 taken[3] = { false, false, false };
	sqlite3_stmt		*q;
	const unsigned char	*name;
	size_t			 i;
	int			 rc;

	if (sqlite3_prepare_v2(db, "SELECT name, hidden FROM "
	    "pragma_table_xinfo(?1, 'main')", -1, &q, NULL) != SQLITE_OK) {
		dberr(db, err, errlen);
		return -1;
	}
	sqlite3_bind_text(q, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		name = sqlite3_column_text(q, 0);
		for (i = 0; i < 3; i++)
			if (same_name(name, rowids[i]))
				taken[i] = true;
		for (i = 0; i < ncols; i++) {
			if (!same_name(name, cols[i].name))
				continue;
			/* A generated column runs the schema's code. */
			if (sqlite3_column_int(q, 1) != 0) {
				seterr(err, errlen, "column %s is generated",
				    cols[i].name);
				sqlite3_finalize(q);
				return -1;
			}
			cols[i].have = true;
		}
	}
	if (rc != SQLITE_DONE) {
		dberr(db, err, errlen);
		sqlite3_finalize(q);
		return -1;
	}
	sqlite3_finalize(q);

	for (i = 0; i < ncols; i++)
		if (cols[i].required && !cols[i].have) {
			seterr(err, errlen, "column %s missing", cols[i].name);
			return -1;
		}
	for (i = 0; i < 3 && taken[i]; i++)
		;
	if (i == 3) {
		seterr(err, errlen, "%s has columns named rowid, _rowid_ and "
		    "oid", table);
		return -1;
	}
	*rowid = rowids[i];
	return 0;
}

/* Append S to BUF of LEN bytes; -1 if it does not fit. */
static int
append(char *buf, size_t len, const char *s)
{
	size_t	n = strlen(buf), m = strlen(s);

	if (n + m >= len)
		return -1;
	memcpy(buf + n, s, m + 1);
	return 0;
}

/*
 * Whether the plan of the prepared ST reads the table in order without
 * a temporary b-tree, whose size would grow with the table.
 */
static bool
streams(sqlite3 *db, sqlite3_stmt *st)
{
	sqlite3_stmt		*q;
	const unsigned char	*d;
	char			*sql;
	bool			 ok = true;

	if ((sql = sqlite3_mprintf("EXPLAIN QUERY PLAN %s",
	    sqlite3_sql(st))) == NULL)
		return false;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
		sqlite3_free(sql);
		return false;
	}
	sqlite3_free(sql);
	while (sqlite3_step(q) == SQLITE_ROW)
		if ((d = sqlite3_column_text(q, 3)) != NULL &&
		    strstr((const char *)d, "TEMP B-TREE") != NULL)
			ok = false;
	sqlite3_finalize(q);
	return ok;
}

int
sqlitedb_scan_open(struct sqlitedb_scan *s, struct sqlite3 *db,
    const char *table, struct sqlitedb_col *cols, size_t ncols,
    char *missing, char *err, size_t errlen)
{
	const char	*rowid;
	char		 sql[SQL_LEN], from[SQL_LEN / 2];
	size_t		 i;
	int		 bad = 0;

	memset(s, 0, sizeof(*s));
	s->db = db;
	if (missing != NULL)
		missing[0] = '\0';
	for (i = 0; i < ncols; i++)
		cols[i].have = false;
	if (check_table(db, table, err, errlen) != 0 ||
	    find_columns(db, table, cols, ncols, &rowid, err, errlen) != 0)
		return -1;

	/* Names are the callers' constants; quoted all the same. */
	snprintf(sql, sizeof(sql), "SELECT %s", rowid);
	for (i = 0; i < ncols; i++) {
		bad |= append(sql, sizeof(sql), cols[i].have ? ", \"" : ", ");
		bad |= append(sql, sizeof(sql), cols[i].have ? cols[i].name :
		    "NULL");
		if (cols[i].have)
			bad |= append(sql, sizeof(sql), "\"");
		else if (missing != NULL) {
			if (missing[0] != '\0')
				append(missing, SQLITEDB_MSG_LEN, ", ");
			append(missing, SQLITEDB_MSG_LEN, cols[i].name);
		}
	}
	/* NOT INDEXED: the table's own b-tree, in rowid order. */
	if ((size_t)snprintf(from, sizeof(from), " FROM main.\"%s\" "
	    "NOT INDEXED WHERE %s >= ?1 ORDER BY %s", table, rowid,
	    rowid) >= sizeof(from))
		bad = -1;
	bad |= append(sql, sizeof(sql), from);
	if (bad) {
		seterr(err, errlen, "query too long");
		return -1;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &s->stmt, NULL) != SQLITE_OK)
		goto fail;
	snprintf(sql, sizeof(sql), "SELECT %s%s LIMIT 1", rowid, from);
	if (sqlite3_prepare_v2(db, sql, -1, &s->next, NULL) != SQLITE_OK)
		goto fail;
	if (!streams(db, s->stmt) || !streams(db, s->next)) {
		seterr(err, errlen, "%s cannot be read in rowid order", table);
		sqlitedb_scan_close(s);
		return -1;
	}
	s->rebind = true;
	return 0;
fail:
	dberr(db, err, errlen);
	sqlitedb_scan_close(s);
	return -1;
}

/*
 * After a row too big to read: find the rowid of the next row, which
 * reads nothing but the b-tree's keys.
 */
static int
skip_row(struct sqlitedb_scan *s, char *err, size_t errlen)
{
	int64_t	from = s->started ? s->rowid + 1 : INT64_MIN;
	int	rc;

	sqlite3_reset(s->next);
	sqlite3_bind_int64(s->next, 1, from);
	rc = sqlite3_step(s->next);
	if (rc == SQLITE_ROW) {
		s->rowid = sqlite3_column_int64(s->next, 0);
		sqlite3_reset(s->next);
		if (s->rowid < from) {
			seterr(err, errlen, "database disk image is malformed "
			    "(rowid %lld sought from %lld)",
			    (long long)s->rowid, (long long)from);
			s->done = true;
			return -1;
		}
		s->started = true;
		s->toobig = true;
		if (s->rowid == INT64_MAX)
			s->done = true;
		return 1;
	}
	if (rc == SQLITE_DONE) {
		/* Gone when looked for again: the stored copy is fixed. */
		seterr(err, errlen, "row after %lld too big but not found",
		    (long long)s->rowid);
		return -1;
	}
	dberr(s->db, err, errlen);
	sqlite3_reset(s->next);
	return -1;
}

int
sqlitedb_scan_step(struct sqlitedb_scan *s, char *err, size_t errlen)
{
	int64_t	rowid;
	int	rc;

	s->toobig = false;
	if (s->done)
		return 0;
	if (s->rebind) {
		sqlite3_reset(s->stmt);
		sqlite3_bind_int64(s->stmt, 1, s->started ? s->rowid + 1 :
		    INT64_MIN);
		s->rebind = false;
	}
	rc = sqlite3_step(s->stmt);
	if (rc == SQLITE_ROW) {
		rowid = sqlite3_column_int64(s->stmt, 0);
		/* A sane b-tree gives rising rowids, whatever its pages say. */
		if (s->started && rowid <= s->rowid) {
			seterr(err, errlen, "database disk image is malformed "
			    "(rowid %lld after %lld)", (long long)rowid,
			    (long long)s->rowid);
			s->done = true;
			return -1;
		}
		s->rowid = rowid;
		s->started = true;
		if (s->rowid == INT64_MAX) {
			/* No rowid after it; the statement stays on it. */
			s->done = true;
		}
		return 1;
	}
	if (rc == SQLITE_DONE) {
		s->done = true;
		return 0;
	}
	if ((rc & 0xff) == SQLITE_TOOBIG) {
		s->rebind = true;
		return skip_row(s, err, errlen);
	}
	dberr(s->db, err, errlen);
	s->done = true;
	return -1;
}

void
sqlitedb_scan_close(struct sqlitedb_scan *s)
{
	sqlite3_finalize(s->stmt);
	sqlite3_finalize(s->next);
	s->stmt = s->next = NULL;
}

int
sqlitedb_col_int(struct sqlite3_stmt *st, int i, int64_t *v)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		*v = sqlite3_column_int64(st, i);
		return 1;
	case SQLITE_NULL:
		return 0;
	default:
		return -1;
	}
}

const char *
sqlitedb_col_text(struct sqlite3_stmt *st, int i, bool *wrong, bool *nul)
{
	const unsigned char	*p;
	int			 type = sqlite3_column_type(st, i);
	int			 n;

	if (type == SQLITE_NULL)
		return NULL;
	if (type != SQLITE_TEXT)
		*wrong = true;
	/* Text first, then its length, as sqlite3_column_bytes() asks. */
	if ((p = sqlite3_column_text(st, i)) == NULL)
		return NULL;
	n = sqlite3_column_bytes(st, i);
	if (n < 0 || memchr(p, '\0', (size_t)n) != NULL)
		*nul = true;
	return (const char *)p;
}
