/*
 * test_wtmpdb.c - wtmpdb and lastlog2 databases built here with the
 * SQLite API in the schemas their own sources create, then the files
 * an attacker would leave: not SQLite, cut short, columns missing, a
 * view or trigger named wtmp, a value of 2 MiB, types the schema
 * forbids
 */
#include <dirent.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "unit.h"
#include "rescue.h"
#include "parse/lastlog2.h"
#include "parse/wtmpdb.h"

/* wtmpdb's lib/sqlite.c and util-linux's liblastlog2/src/lastlog2.c. */
#define WTMP_TABLE	"CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY " \
	"KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, Logout " \
	"INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT;"
#define WTMP_LOOSE	"CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type " \
	"INTEGER, User, Login INTEGER, Logout INTEGER, TTY TEXT, " \
	"RemoteHost TEXT, Service TEXT);"
#define LL2_TABLE	"CREATE TABLE IF NOT EXISTS Lastlog2(Name TEXT " \
	"PRIMARY KEY, Time INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT);"
#define INS		"INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost," \
	"Service) VALUES"

/* 2026-09-01 08:00:00 UTC in microseconds. */
#define T0		INT64_C(1788249600000000)

#define ERRLEN		256

/*
 * Run SQL on a new in-memory database and return its file image (to
 * sqlite3_free()).  With STRICT the wtmp table's schema text is then
 * set back to wtmpdb's own, over rows it would have refused, as a
 * hand-edited file has.
 */
static unsigned char *
build(const char *sql, bool strict, size_t *len)
{
	sqlite3		*db;
	sqlite3_int64	 n;
	unsigned char	*p;
	char		*m = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		abort();
	if (sqlite3_exec(db, sql, NULL, NULL, &m) != SQLITE_OK) {
		fprintf(stderr, "build: %s\n", m);
		abort();
	}
	if (strict && sqlite3_exec(db, "PRAGMA writable_schema=ON;"
	    "UPDATE sqlite_schema SET sql = 'CREATE TABLE wtmp(ID INTEGER "
	    "PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, Login INTEGER, "
	    "Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) "
	    "STRICT' WHERE name = 'wtmp';", NULL, NULL, &m) != SQLITE_OK) {
		fprintf(stderr, "build: %s\n", m);
		abort();
	}
	if ((p = sqlite3_serialize(db, "main", &n, 0)) == NULL)
		abort();
	sqlite3_close(db);
	*len = (size_t)n;
	return p;
}

/* ---------------------------------------------------------------- */
/* Collecting rows */

#define ROWS_MAX	16
#define STR_LEN		64

struct wrow {
	struct wtmpdb_row	r;
	char			user[STR_LEN], tty[STR_LEN], host[STR_LEN];
	char			service[STR_LEN];
	bool			nuser, ntty, nhost, nservice;	/* NULL */
};

struct wrows {
	unsigned	n;
	int		stop_at;	/* return 7 at this row, if > 0 */
	struct wrow	w[ROWS_MAX];
};

static void
keep(char *buf, bool *isnull, const char *s)
{
	*isnull = s == NULL;
	snprintf(buf, STR_LEN, "%s", s ? s : "");
}

static int
wtmp_cb(const struct wtmpdb_row *r, void *arg)
{
	struct wrows	*x = arg;
	struct wrow	*w;

	if (x->n < ROWS_MAX) {
		w = &x->w[x->n];
		w->r = *r;
		keep(w->user, &w->nuser, r->user);
		keep(w->tty, &w->ntty, r->tty);
		keep(w->host, &w->nhost, r->host);
		keep(w->service, &w->nservice, r->service);
	}
	x->n++;
	return x->stop_at > 0 && (int)x->n == x->stop_at ? 7 : 0;
}

struct lrow {
	struct lastlog2_row	r;
	char			user[STR_LEN], tty[STR_LEN], host[STR_LEN];
	char			service[STR_LEN];
	bool			nuser, ntty, nhost, nservice;
};

struct lrows {
	unsigned	n;
	struct lrow	l[ROWS_MAX];
};

static int
ll2_cb(const struct lastlog2_row *r, void *arg)
{
	struct lrows	*x = arg;
	struct lrow	*l;

	if (x->n < ROWS_MAX) {
		l = &x->l[x->n];
		l->r = *r;
		keep(l->user, &l->nuser, r->user);
		keep(l->tty, &l->ntty, r->tty);
		keep(l->host, &l->nhost, r->host);
		keep(l->service, &l->nservice, r->service);
	}
	x->n++;
	return 0;
}

static int
count_cb(const struct wtmpdb_row *r, void *arg)
{
	(void)r;
	(*(unsigned *)arg)++;
	return 0;
}

/* Whether the test's directory is still empty: SQLite wrote no file. */
static bool
cwd_empty(void)
{
	DIR		*d = opendir(".");
	struct dirent	*de;
	bool		 empty = true;

	if (d == NULL)
		return false;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

/* ---------------------------------------------------------------- */
/* wtmpdb as wtmpdb writes it */

TEST(wtmpdb_boot_login_logout_open)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x = { 0 };
	struct wrow		*w;
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;
	int			 rc;

	db = build(WTMP_TABLE
	    INS "(1,'reboot',1788249600000000,'~','6.12.0-1-amd64',NULL);"
	    INS "(3,'root',1788249700123456,'pts/0','203.0.113.9','sshd');"
	    INS "(3,'admin',1788250000000000,'pts/1','198.51.100.7','sshd');"
	    INS "(3,'admin',1788251000000000,'tty1',NULL,'login');"
	    "UPDATE wtmp SET Logout = 1788253200000000 WHERE ID = 1;"
	    "UPDATE wtmp SET Logout = 1788250300000000 WHERE ID = 2;"
	    "DELETE FROM wtmp WHERE ID = 3;", false, &len);
	rc = wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 3);
	ASSERT(cwd_empty());

	w = &x.w[0];
	ASSERT_INT(w->r.index, 0);
	ASSERT_INT(w->r.id, 1);
	ASSERT_INT(w->r.ids_skipped, 0);
	ASSERT_INT(w->r.type, WTMPDB_BOOT_TIME);
	ASSERT_STR(w->r.type_name, "BOOT_TIME");
	ASSERT_STR(w->user, "reboot");
	ASSERT_STR(w->tty, "~");
	ASSERT_STR(w->host, "6.12.0-1-amd64");
	ASSERT(w->nservice);
	ASSERT_INT(w->r.login_usec, T0);
	ASSERT_INT(w->r.logout_usec, T0 + INT64_C(3600000000));
	ASSERT_INT(w->r.flags, 0);
	ASSERT_INT(w->r.wrong, 0);

	w = &x.w[1];
	ASSERT_INT(w->r.index, 1);
	ASSERT_INT(w->r.id, 2);
	ASSERT_INT(w->r.ids_skipped, 0);
	ASSERT_INT(w->r.type, WTMPDB_USER_PROCESS);
	ASSERT_STR(w->r.type_name, "USER_PROCESS");
	ASSERT_STR(w->user, "root");
	ASSERT_STR(w->tty, "pts/0");
	ASSERT_STR(w->host, "203.0.113.9");
	ASSERT_STR(w->service, "sshd");
	ASSERT_INT(w->r.login_usec, T0 + INT64_C(100123456));
	ASSERT_INT(w->r.logout_usec, T0 + INT64_C(700000000));
	ASSERT_INT(w->r.flags, 0);

	/* ID 3 was deleted; ID 4 is still open. */
	w = &x.w[2];
	ASSERT_INT(w->r.index, 2);
	ASSERT_INT(w->r.id, 4);
	ASSERT_INT(w->r.ids_skipped, 1);
	ASSERT_STR(w->user, "admin");
	ASSERT_STR(w->tty, "tty1");
	ASSERT(w->nhost);
	ASSERT_STR(w->service, "login");
	ASSERT_INT(w->r.login_usec, T0 + INT64_C(1400000000));
	ASSERT_INT(w->r.logout_usec, TIME_NONE);
	ASSERT_INT(w->r.flags, 0);

	ASSERT_INT(st.rows, 3);
	ASSERT_INT(st.rows_flagged, 0);
	ASSERT(!st.wal);
	ASSERT(st.checked);
	ASSERT(!st.corrupt);
	ASSERT_STR(st.check, "ok");
	ASSERT_STR(st.missing, "");
	ASSERT_INT(st.page_size, 4096);
	ASSERT_INT(st.page_count, 2);
	ASSERT_INT(st.freelist_count, 0);
}

/* Rows wtmpdb's STRICT table refuses, in a file that claims it. */
TEST(wtmpdb_hostile_values)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x = { 0 };
	struct wrow		*w;
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;
	int			 rc;

	db = build(WTMP_LOOSE
	    "INSERT INTO wtmp VALUES(5,3,NULL,1788249600000000,NULL,"
	    "'pts/2',NULL,NULL);"
	    "INSERT INTO wtmp VALUES(6,3,'eve','2026-09-01 10:00',"
	    "1788260000000000,'pts/3','192.0.2.1','sshd');"
	    "INSERT INTO wtmp VALUES(7,9,'x',1788260000000000,"
	    "1788250000000000,NULL,NULL,NULL);"
	    "INSERT INTO wtmp VALUES(8,'three',42,-5,1.5,X'41004200',NULL,"
	    "NULL);"
	    "INSERT INTO wtmp VALUES(-3,NULL,'neg',0,NULL,NULL,NULL,NULL);",
	    true, &len);
	rc = wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 5);

	/* ID -3: never assigned by SQLite; a NULL type. */
	w = &x.w[0];
	ASSERT_INT(w->r.id, -3);
	ASSERT_INT(w->r.ids_skipped, 0);
	ASSERT_INT(w->r.type, -1);
	ASSERT_STR(w->r.type_name, "UNKNOWN");
	ASSERT_STR(w->user, "neg");
	ASSERT_INT(w->r.login_usec, 0);
	ASSERT_INT(w->r.flags, WTMPDB_F_BAD_ID | WTMPDB_F_BAD_TYPE);

	/* From -3 to 5: 7 IDs missing. */
	w = &x.w[1];
	ASSERT_INT(w->r.id, 5);
	ASSERT_INT(w->r.ids_skipped, 7);
	ASSERT(w->nuser);
	ASSERT_STR(w->tty, "pts/2");
	ASSERT_INT(w->r.login_usec, T0);
	ASSERT_INT(w->r.logout_usec, TIME_NONE);
	ASSERT_INT(w->r.flags, WTMPDB_F_NO_USER);

	/* A TEXT login time: read as NULL and flagged. */
	w = &x.w[2];
	ASSERT_INT(w->r.id, 6);
	ASSERT_INT(w->r.ids_skipped, 0);
	ASSERT_STR(w->user, "eve");
	ASSERT_INT(w->r.login_usec, TIME_NONE);
	ASSERT_INT(w->r.logout_usec, INT64_C(1788260000000000));
	ASSERT_INT(w->r.flags, WTMPDB_F_NO_LOGIN | WTMPDB_F_WRONG_TYPE);
	ASSERT_INT(w->r.wrong, WTMPDB_C_LOGIN);
	ASSERT_STR(w->host, "192.0.2.1");

	w = &x.w[3];
	ASSERT_INT(w->r.id, 7);
	ASSERT_INT(w->r.type, 9);
	ASSERT_STR(w->r.type_name, "UNKNOWN");
	ASSERT_INT(w->r.flags, WTMPDB_F_BAD_TYPE | WTMPDB_F_LOGOUT_EARLY);

	/* TEXT type, an INTEGER user, a REAL, a BLOB with NULs. */
	w = &x.w[4];
	ASSERT_INT(w->r.id, 8);
	ASSERT_INT(w->r.type, -1);
	ASSERT_STR(w->user, "42");
	ASSERT_INT(w->r.login_usec, -5);
	ASSERT_INT(w->r.logout_usec, TIME_NONE);
	ASSERT_STR(w->tty, "A");
	ASSERT_INT(w->r.flags, WTMPDB_F_BAD_TYPE | WTMPDB_F_WRONG_TYPE |
	    WTMPDB_F_NEG_TIME | WTMPDB_F_NUL);
	ASSERT_INT(w->r.wrong, WTMPDB_C_TYPE | WTMPDB_C_USER |
	    WTMPDB_C_LOGOUT | WTMPDB_C_TTY);

	ASSERT_INT(st.rows, 5);
	ASSERT_INT(st.rows_flagged, 5);
	/* The file breaks its own NOT NULL and STRICT: quick_check says. */
	ASSERT(st.checked);
	ASSERT(st.corrupt);
	ASSERT(strstr(st.check, "wtmp") != NULL);
}

/* Deleting a stretch of rows frees pages and leaves one wide gap. */
TEST(wtmpdb_deleted_stretch_freelist)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x = { 0 };
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;
	int			 rc;

	db = build("PRAGMA page_size=512;" WTMP_TABLE
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 200) INSERT INTO wtmp (Type,User,Login,TTY,"
	    "RemoteHost,Service) SELECT 3,'user'||i,1788249600000000+i,"
	    "'pts/0','203.0.113.7','sshd' FROM n;"
	    "DELETE FROM wtmp WHERE ID BETWEEN 5 AND 195;", false, &len);
	rc = wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 9);
	ASSERT_INT(x.w[3].r.id, 4);
	ASSERT_INT(x.w[4].r.id, 196);
	ASSERT_INT(x.w[4].r.ids_skipped, 191);
	ASSERT_STR(x.w[4].user, "user196");
	ASSERT_INT(st.page_size, 512);
	ASSERT(st.freelist_count > 0);
	ASSERT(!st.corrupt);
}

/* Rotation deleted the first rows: a gap before the first one. */
TEST(wtmpdb_rotated_first_gap_and_stop)
{
	struct wrows	 x = { 0 };
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;
	int		 rc;

	db = build(WTMP_TABLE
	    INS "(1,'reboot',1,'~',NULL,NULL);"
	    INS "(3,'a',2,'pts/0',NULL,NULL);"
	    INS "(3,'b',3,'pts/0',NULL,NULL);"
	    INS "(3,'c',4,'pts/0',NULL,NULL);"
	    "DELETE FROM wtmp WHERE Login <= 2;", false, &len);
	x.stop_at = 1;
	/* No stats: no quick_check, and the callback stops the read. */
	rc = wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err));
	ASSERT_INT(rc, 7);
	ASSERT_INT(x.n, 1);
	ASSERT_INT(x.w[0].r.id, 3);
	ASSERT_INT(x.w[0].r.ids_skipped, 2);
	ASSERT_INT(x.w[0].r.flags, 0);
	/* Errors need no buffer. */
	ASSERT_INT(wtmpdb_read(db, 50, wtmp_cb, &x, NULL, NULL, 0), -1);
	sqlite3_free(db);
}

/* The pre-release layout: no ID, a PID; columns in another order. */
TEST(wtmpdb_no_id_column)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x = { 0 };
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;
	int			 rc;

	db = build("CREATE TABLE wtmp(Type INTEGER, User TEXT NOT NULL, "
	    "PID INTEGER, Login INTEGER, Logout INTEGER, TTY TEXT, "
	    "RemoteHost TEXT) STRICT;"
	    "INSERT INTO wtmp VALUES(3,'root',100,5,6,'pts/0','h');",
	    false, &len);
	rc = wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 1);
	ASSERT_INT(x.w[0].r.id, 1);
	ASSERT_STR(x.w[0].user, "root");
	ASSERT_INT(x.w[0].r.login_usec, 5);
	ASSERT_INT(x.w[0].r.logout_usec, 6);
	ASSERT_STR(x.w[0].host, "h");
	ASSERT(x.w[0].nservice);
	ASSERT_INT(x.w[0].r.flags, 0);
	ASSERT_STR(st.missing, "ID, Service");
}

/* ID declared but not the rowid; a column hides the name "rowid". */
TEST(wtmpdb_id_not_rowid)
{
	struct wrows	 x = { 0 };
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;
	int		 rc;

	db = build("CREATE TABLE wtmp(ID TEXT, rowid INTEGER, Type INTEGER, "
	    "User TEXT, Login INTEGER, Logout INTEGER, TTY TEXT, "
	    "RemoteHost TEXT, Service TEXT, Extra BLOB);"
	    "INSERT INTO wtmp VALUES('1',99,3,'a',1,2,'t','h','s',X'00');"
	    "INSERT INTO wtmp VALUES(7,98,3,'b',1,2,'t','h','s',X'00');",
	    false, &len);
	rc = wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 2);
	ASSERT_INT(x.w[0].r.id, 1);
	ASSERT_INT(x.w[0].r.flags, WTMPDB_F_ID_MISMATCH |
	    WTMPDB_F_WRONG_TYPE);
	ASSERT_INT(x.w[0].r.wrong, WTMPDB_C_ID);
	/* TEXT affinity: 7 is stored as '7'. */
	ASSERT_INT(x.w[1].r.id, 2);
	ASSERT_INT(x.w[1].r.flags, WTMPDB_F_ID_MISMATCH |
	    WTMPDB_F_WRONG_TYPE);
}

/* ---------------------------------------------------------------- */
/* lastlog2 */

TEST(lastlog2_rows)
{
	struct sqlitedb_stats	 st;
	struct lrows		 x = { 0 };
	struct lrow		*l;
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;
	int			 rc;

	db = build(LL2_TABLE
	    "REPLACE INTO Lastlog2 VALUES('root',1788249600,'pts/0',"
	    "'203.0.113.9','sshd');"
	    "REPLACE INTO Lastlog2 VALUES('admin',1788249700,'tty1',NULL,"
	    "'login');"
	    "REPLACE INTO Lastlog2 VALUES('old',0,NULL,NULL,NULL);"
	    "REPLACE INTO Lastlog2 VALUES('root',1788259600,'pts/1',"
	    "'198.51.100.7','sshd');"
	    "INSERT INTO Lastlog2 VALUES(NULL,'yesterday','pts/9',NULL,"
	    "NULL);", false, &len);
	rc = lastlog2_read(db, len, ll2_cb, &x, &st, err, sizeof(err));
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(rc, 0);
	ASSERT_INT(x.n, 4);
	ASSERT(cwd_empty());

	/* Rowid order: root's REPLACE moved it after "old". */
	l = &x.l[0];
	ASSERT_INT(l->r.index, 0);
	ASSERT_INT(l->r.rowid, 2);
	ASSERT_STR(l->user, "admin");
	ASSERT_INT(l->r.time, INT64_C(1788249700));
	ASSERT_STR(l->tty, "tty1");
	ASSERT(l->nhost);
	ASSERT_STR(l->service, "login");
	ASSERT_INT(l->r.flags, 0);

	l = &x.l[1];
	ASSERT_STR(l->user, "old");
	ASSERT_INT(l->r.time, 0);
	ASSERT(l->ntty && l->nhost && l->nservice);
	ASSERT_INT(l->r.flags, 0);

	l = &x.l[2];
	ASSERT_STR(l->user, "root");
	ASSERT_INT(l->r.time, INT64_C(1788259600));
	ASSERT_STR(l->tty, "pts/1");
	ASSERT_STR(l->host, "198.51.100.7");
	ASSERT_STR(l->service, "sshd");
	ASSERT_INT(l->r.flags, 0);

	/* NULL Name (a TEXT PRIMARY KEY allows it) and a TEXT time. */
	l = &x.l[3];
	ASSERT(l->nuser);
	ASSERT_INT(l->r.time, TIME_NONE);
	ASSERT_STR(l->tty, "pts/9");
	ASSERT_INT(l->r.flags, LASTLOG2_F_NO_USER | LASTLOG2_F_NO_TIME |
	    LASTLOG2_F_WRONG_TYPE);
	ASSERT_INT(l->r.wrong, LASTLOG2_C_TIME);

	ASSERT_INT(st.rows, 4);
	ASSERT_INT(st.rows_flagged, 1);
	ASSERT(!st.corrupt);
	ASSERT_STR(st.missing, "");
}

/* The first lastlog2 had no Service column. */
TEST(lastlog2_missing_columns)
{
	struct sqlitedb_stats	 st;
	struct lrows		 x = { 0 };
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;

	db = build("CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, Time INT, "
	    "TTY TEXT, RemoteHost TEXT);"
	    "INSERT INTO Lastlog2 VALUES('root',-1,'pts/0','h');", false, &len);
	ASSERT_INT(lastlog2_read(db, len, ll2_cb, &x, &st, err, sizeof(err)),
	    0);
	sqlite3_free(db);
	ASSERT_INT(x.n, 1);
	ASSERT_INT(x.l[0].r.time, -1);
	ASSERT_INT(x.l[0].r.flags, LASTLOG2_F_NEG_TIME);
	ASSERT(x.l[0].nservice);
	ASSERT_STR(st.missing, "Service");

	db = build("CREATE TABLE Lastlog2(Name TEXT PRIMARY KEY, TTY TEXT);",
	    false, &len);
	ASSERT_INT(lastlog2_read(db, len, ll2_cb, &x, NULL, err, sizeof(err)),
	    -1);
	sqlite3_free(db);
	ASSERT_STR(err, "column Time missing");

	db = build(WTMP_TABLE, false, &len);
	ASSERT_INT(lastlog2_read(db, len, ll2_cb, &x, NULL, err, sizeof(err)),
	    -1);
	sqlite3_free(db);
	ASSERT_STR(err, "no table Lastlog2");
}

/* ---------------------------------------------------------------- */
/* Hostile files */

static int
read_err(const void *buf, size_t len, char *err)
{
	unsigned	n = 0;

	err[0] = '\0';
	return wtmpdb_read(buf, len, count_cb, &n, NULL, err, ERRLEN);
}

TEST(wtmpdb_not_sqlite)
{
	static const char	 text[] = "Nov 20 08:24:11 host sshd[1]: x\n";
	unsigned char		 junk[4096];
	char			 err[ERRLEN];
	size_t			 i;

	ASSERT_INT(read_err(NULL, 0, err), -1);
	ASSERT_STR(err, "empty file");
	ASSERT_INT(read_err(text, sizeof(text) - 1, err), -1);
	ASSERT_STR(err, "not an SQLite database");
	/* The magic, then garbage: SQLite's own word for it. */
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 7919 >> 3);
	memcpy(junk, "SQLite format 3", 16);
	ASSERT_INT(read_err(junk, sizeof(junk), err), -1);
	ASSERT_STR(err, "file is not a database");
	/* Just the magic. */
	ASSERT_INT(read_err(junk, 16, err), -1);
	ASSERT_STR(err, "not an SQLite database");
	ASSERT(cwd_empty());
}

/* Every 512-byte prefix, and every prefix around the header's end. */
TEST(wtmpdb_truncated)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x;
	char			 err[ERRLEN], want[32];
	unsigned char		*db, *cut;
	size_t			 len, n, i;
	int			 rc;

	db = build("PRAGMA page_size=512;" WTMP_TABLE
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 40) INSERT INTO wtmp (Type,User,Login,TTY,"
	    "RemoteHost,Service) SELECT 3,'user'||i,1788249600000000+i,"
	    "'pts/0','203.0.113.7','sshd' FROM n;", false, &len);
	ASSERT(len > 4 * 512);
	for (n = 0; n < len; n += n < 120 ? 1 : n < 512 ? 512 - n : 512) {
		/* An exact-size copy, for ASan to see any read past it. */
		cut = malloc(n ? n : 1);
		ASSERT(cut != NULL);
		memcpy(cut, db, n);
		memset(&x, 0, sizeof(x));
		err[0] = '\0';
		rc = wtmpdb_read(cut, n, wtmp_cb, &x, &st, err, sizeof(err));
		free(cut);
		/* An error with a message, or rows flagged cut short. */
		if (!(rc == -1 && err[0] != '\0') &&
		    !(rc == 0 && st.truncated))
			unit_fail(__FILE__, __LINE__, "prefix %zu: rc %d, "
			    "err \"%s\", %u rows", n, rc, err, x.n);
		/* What rows come are the right ones. */
		for (i = 0; i < x.n && i < ROWS_MAX; i++) {
			snprintf(want, sizeof(want), "user%lld",
			    (long long)x.w[i].r.id);
			ASSERT_STR(x.w[i].user, want);
		}
	}
	memset(&x, 0, sizeof(x));
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err)),
	    0);
	ASSERT_INT(x.n, 40);
	ASSERT(!st.truncated);
	sqlite3_free(db);
}

TEST(wtmpdb_schema_refused)
{
	static const struct {
		const char	*sql;
		const char	*err;
	} t[] = {
		{ "CREATE TABLE other(a);", "no table wtmp" },
		{ "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, "
		    "User TEXT, Logout INTEGER);", "column Login missing" },
		{ "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Login INTEGER, "
		    "User TEXT);", "column Type missing" },
		{ "CREATE TABLE real(ID INTEGER PRIMARY KEY, Type INTEGER, "
		    "User TEXT, Login INTEGER);"
		    "CREATE VIEW wtmp AS SELECT * FROM real;",
		    "wtmp is a view, not a table" },
		{ "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, "
		    "User TEXT, Login INTEGER) WITHOUT ROWID;",
		    "wtmp is a WITHOUT ROWID table" },
		{ "CREATE VIRTUAL TABLE wtmp USING rtree(ID, Type, Login);",
		    "wtmp is a virtual table, not a table" },
		{ "CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, "
		    "User TEXT, Login INTEGER AS (Type * 2));",
		    "column Login is generated" },
		{ "CREATE TABLE wtmp(rowid, _rowid_, oid, Type INTEGER, "
		    "User TEXT, Login INTEGER);",
		    "wtmp has columns named rowid, _rowid_ and oid" },
	};
	char		 err[ERRLEN];
	unsigned char	*db;
	size_t		 i, len;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		db = build(t[i].sql, false, &len);
		ASSERT_INT(read_err(db, len, err), -1);
		sqlite3_free(db);
		ASSERT_STR(err, t[i].err);
	}
}

/* Triggers do not fire on reading, and one may be named wtmp. */
TEST(wtmpdb_trigger_named_wtmp)
{
	struct wrows	 x = { 0 };
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;

	db = build(WTMP_TABLE "CREATE TABLE log(a);"
	    "CREATE TRIGGER wtmp AFTER INSERT ON log BEGIN "
	    "DELETE FROM wtmp; END;"
	    "CREATE TRIGGER t2 AFTER DELETE ON wtmp BEGIN "
	    "INSERT INTO log VALUES(1); END;"
	    "CREATE INDEX wtmp_user ON wtmp(User, Type, Login, Logout, TTY, "
	    "RemoteHost, Service);"
	    INS "(3,'b',2,'pts/0',NULL,NULL);"
	    INS "(3,'a',1,'pts/1',NULL,NULL);", false, &len);
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err)),
	    0);
	sqlite3_free(db);
	ASSERT_STR(err, "");
	/* ID order, not the covering index's. */
	ASSERT_INT(x.n, 2);
	ASSERT_STR(x.w[0].user, "b");
	ASSERT_STR(x.w[1].user, "a");
}

/* A value over the limit hides neither the rows before nor after it. */
TEST(wtmpdb_huge_text)
{
	struct wrows	 x = { 0 };
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;

	db = build(WTMP_TABLE
	    INS "(3,'a',1,'pts/0',NULL,NULL);"
	    INS "(3,printf('%.*c',2097152,'x'),2,'pts/0',NULL,NULL);"
	    INS "(3,'b',3,printf('%.*c',3000000,'y'),NULL,NULL);"
	    INS "(3,'c',4,'pts/1',NULL,NULL);"
	    INS "(3,printf('%.*c',1000,'z'),5,'pts/1',NULL,NULL);",
	    false, &len);
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err)),
	    0);
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(x.n, 5);
	ASSERT_STR(x.w[0].user, "a");
	ASSERT_INT(x.w[1].r.id, 2);
	ASSERT_INT(x.w[1].r.flags, WTMPDB_F_TOO_BIG);
	ASSERT(x.w[1].nuser);
	ASSERT_INT(x.w[1].r.login_usec, TIME_NONE);
	ASSERT_INT(x.w[2].r.id, 3);
	ASSERT_INT(x.w[2].r.flags, WTMPDB_F_TOO_BIG);
	ASSERT_INT(x.w[3].r.id, 4);
	ASSERT_STR(x.w[3].user, "c");
	ASSERT_INT(x.w[3].r.ids_skipped, 0);
	ASSERT_INT(x.w[3].r.flags, 0);
	ASSERT_INT(x.w[4].r.id, 5);
	ASSERT_INT(x.w[4].r.flags, 0);
	ASSERT_INT(strlen(x.w[4].user), STR_LEN - 1);	/* kept by us */
}

/* A WAL-mode header: read from memory all the same, and said so. */
TEST(wtmpdb_wal_header)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x = { 0 };
	char			 err[ERRLEN] = "";
	unsigned char		*db;
	size_t			 len;

	db = build(WTMP_TABLE INS "(3,'a',1,'pts/0',NULL,NULL);", false,
	    &len);
	db[18] = db[19] = 2;
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err)),
	    0);
	/* The caller's buffer is left as it was. */
	ASSERT_INT(db[18], 2);
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(x.n, 1);
	ASSERT(st.wal);
	ASSERT(cwd_empty());
}

/* Pages whose b-tree is broken: an error, not a crash. */
TEST(wtmpdb_corrupt_pages)
{
	struct sqlitedb_stats	 st;
	struct wrows		 x;
	char			 err[ERRLEN];
	unsigned char		*db;
	size_t			 len, off;
	int			 rc, errors = 0;

	db = build("PRAGMA page_size=512;" WTMP_TABLE
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 40) INSERT INTO wtmp (Type,User,Login,TTY,"
	    "RemoteHost,Service) SELECT 3,'user'||i,1788249600000000+i,"
	    "'pts/0','203.0.113.7','sshd' FROM n;", false, &len);
	/* Overwrite each page's b-tree header in turn (not page 1). */
	for (off = 512; off + 12 <= len; off += 512) {
		unsigned char	save[12];

		memcpy(save, db + off, sizeof(save));
		memset(db + off, 0xff, sizeof(save));
		memset(&x, 0, sizeof(x));
		err[0] = '\0';
		rc = wtmpdb_read(db, len, wtmp_cb, &x, &st, err, sizeof(err));
		if (rc == -1) {
			errors++;
			if (err[0] == '\0')
				unit_fail(__FILE__, __LINE__, "no message");
		}
		ASSERT(rc == 0 || rc == -1);
		ASSERT(st.corrupt);
		memcpy(db + off, save, sizeof(save));
	}
	sqlite3_free(db);
	ASSERT(errors > 0);
}

/* A first row over the limit, and rowids at both ends of int64_t. */
TEST(wtmpdb_extreme_rowids)
{
	struct wrows	 x = { 0 };
	struct lrows	 l = { 0 };
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;

	db = build(WTMP_TABLE LL2_TABLE
	    "INSERT INTO wtmp VALUES(-9223372036854775808,3,"
	    "printf('%.*c',1048577,'x'),1,NULL,NULL,NULL,NULL);"
	    "INSERT INTO wtmp VALUES(9223372036854775807,3,'last',2,NULL,"
	    "printf('%.*c',1048577,'y'),NULL,NULL);"
	    "INSERT INTO Lastlog2 VALUES(printf('%.*c',1048577,'x'),1,NULL,"
	    "NULL,NULL);"
	    "INSERT INTO Lastlog2 VALUES('root',2,NULL,NULL,NULL);",
	    false, &len);
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err)),
	    0);
	ASSERT_STR(err, "");
	ASSERT_INT(x.n, 2);
	ASSERT_INT(x.w[0].r.id, INT64_MIN);
	ASSERT_INT(x.w[0].r.ids_skipped, 0);
	ASSERT_INT(x.w[0].r.flags, WTMPDB_F_TOO_BIG | WTMPDB_F_BAD_ID);
	ASSERT_INT(x.w[1].r.id, INT64_MAX);
	ASSERT(x.w[1].r.ids_skipped == UINT64_MAX - 1);
	ASSERT_INT(x.w[1].r.flags, WTMPDB_F_TOO_BIG);

	ASSERT_INT(lastlog2_read(db, len, ll2_cb, &l, NULL, err, sizeof(err)),
	    0);
	sqlite3_free(db);
	ASSERT_STR(err, "");
	ASSERT_INT(l.n, 2);
	ASSERT_INT(l.l[0].r.rowid, 1);
	ASSERT_INT(l.l[0].r.flags, LASTLOG2_F_TOO_BIG);
	ASSERT(l.l[0].nuser);
	ASSERT_INT(l.l[0].r.time, TIME_NONE);
	ASSERT_STR(l.l[1].user, "root");
	ASSERT_INT(l.l[1].r.flags, 0);
}

/* A row exactly at the limit is read whole. */
TEST(wtmpdb_value_at_limit)
{
	char		 err[ERRLEN] = "";
	unsigned char	*db;
	size_t		 len;
	unsigned	 n = 0;
	struct wrows	 x = { 0 };

	db = build(WTMP_TABLE
	    INS "(3,printf('%.*c',1048576,'x'),1,NULL,NULL,NULL);", false,
	    &len);
	ASSERT_INT(wtmpdb_read(db, len, count_cb, &n, NULL, err, sizeof(err)),
	    0);
	ASSERT_INT(n, 1);
	ASSERT_INT(wtmpdb_read(db, len, wtmp_cb, &x, NULL, err, sizeof(err)),
	    0);
	sqlite3_free(db);
	ASSERT_INT(x.w[0].r.flags, 0);
}
