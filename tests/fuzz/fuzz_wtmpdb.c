/*
 * fuzz_wtmpdb.c - libFuzzer target for the wtmpdb and lastlog2 readers:
 * the input is a whole database file, read as each.  Rows must come in
 * rising rowid order with gaps counted right, strings within the value
 * limit, flags only from the known set, and every failure must carry
 * a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "parse/lastlog2.h"
#include "parse/wtmpdb.h"

#define ERRLEN		256
#define WTMPDB_FLAGS	0x03ff
#define LASTLOG2_FLAGS	0x003f

struct run {
	uint64_t	n;
	int64_t		last;
};

static void
check_str(const char *s)
{
	if (s != NULL && strlen(s) > SQLITEDB_VALUE_MAX)
		abort();
}

static int
wtmp_cb(const struct wtmpdb_row *r, void *arg)
{
	struct run	*x = arg;

	if (r->index != x->n || r->type_name == NULL ||
	    (r->flags & ~WTMPDB_FLAGS) != 0 || (r->wrong & ~0xffu) != 0)
		abort();
	if (r->index > 0 && (r->id <= x->last ||
	    r->ids_skipped != (uint64_t)r->id - (uint64_t)x->last - 1))
		abort();
	if ((r->flags & WTMPDB_F_TOO_BIG) && (r->user != NULL ||
	    r->login_usec != TIME_NONE))
		abort();
	check_str(r->user);
	check_str(r->tty);
	check_str(r->host);
	check_str(r->service);
	x->last = r->id;
	x->n++;
	return 0;
}

static int
ll2_cb(const struct lastlog2_row *r, void *arg)
{
	struct run	*x = arg;

	if (r->index != x->n || (r->flags & ~LASTLOG2_FLAGS) != 0 ||
	    (r->index > 0 && r->rowid <= x->last))
		abort();
	check_str(r->user);
	check_str(r->tty);
	check_str(r->host);
	check_str(r->service);
	x->last = r->rowid;
	x->n++;
	return 0;
}

static void
check_result(int rc, const char *err, const struct sqlitedb_stats *st,
    uint64_t n)
{
	if (rc != 0 && rc != -1)
		abort();
	if (rc == -1 && err[0] == '\0')
		abort();
	if (st->rows != n || st->rows_flagged > st->rows ||
	    memchr(st->check, '\0', sizeof(st->check)) == NULL ||
	    memchr(st->missing, '\0', sizeof(st->missing)) == NULL)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sqlitedb_stats	st;
	struct run		x;
	char			err[ERRLEN];
	int			rc;

	memset(&x, 0, sizeof(x));
	err[0] = '\0';
	rc = wtmpdb_read(data, size, wtmp_cb, &x, &st, err, sizeof(err));
	check_result(rc, err, &st, x.n);

	memset(&x, 0, sizeof(x));
	err[0] = '\0';
	rc = lastlog2_read(data, size, ll2_cb, &x, &st, err, sizeof(err));
	check_result(rc, err, &st, x.n);
	return 0;
}
