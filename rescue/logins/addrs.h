/*
 * addrs.h - every address that tried to log in, with its successes and
 * failures per source, in memory bounded by the number of addresses
 */
#ifndef RESCUE_ADDRS_H
#define RESCUE_ADDRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where an event came from: each source is counted on its own. */
enum login_src {
	LSRC_WTMP,	/* wtmp and wtmpdb: sessions */
	LSRC_BTMP,	/* btmp: failed attempts */
	LSRC_AUTHLOG,	/* auth.log, secure, messages; the journal */
	LSRC__COUNT
};

/* Beyond this many addresses (a botnet's spray) new ones are counted. */
#define ADDRS_MAX	(256 * 1024)
#define ADDR_FAIL_TIMES	8	/* earliest failures kept per source */
#define ADDR_USERS	4	/* names kept per address */
#define ADDR_NAME_LEN	33

struct addr_src {
	uint64_t	 ok, fail, invalid;
	int64_t		 last_fail;
	int64_t		 fail_time[ADDR_FAIL_TIMES];	/* unsorted */
	unsigned	 nfail_time;
};

struct addr {
	char		*key;
	int64_t		 first, last;		/* any event, TIME_NONE */
	int64_t		 first_ok, last_ok;
	struct addr_src	 src[LSRC__COUNT];
	/* names tried (and whether each got in), then how many more */
	char		 users[ADDR_USERS][ADDR_NAME_LEN];
	bool		 user_ok[ADDR_USERS];
	unsigned	 nusers;
	uint64_t	 more_users;		/* tries of other names */
	bool		 root_ok;		/* uid 0 or root got in */
	bool		 priv_ok;		/* a sudoer got in */
	bool		 alias_ok;		/* a uid-0 alias got in */
	char		 alias_user[ADDR_NAME_LEN];
};

struct addrtab {
	struct addr	*list;		/* in order of first appearance */
	size_t		 n, cap;
	uint32_t	*slots;		/* index + 1, 0 empty */
	size_t		 nslots;
	uint64_t	 dropped;	/* events of addresses past ADDRS_MAX */
};

void		 addrtab_init(struct addrtab *);
void		 addrtab_free(struct addrtab *);

/*
 * The entry for HOST ("::ffff:1.2.3.4" is "1.2.3.4"), made on first
 * use; NULL when the table is full.
 */
struct addr	*addrtab_get(struct addrtab *, const char *host);

/* Note that USER was tried from A, and whether it got in. */
void		 addr_add_user(struct addr *, const char *user, bool ok);

/* One source's view is as good as another's: the largest count. */
uint64_t	 addr_successes(const struct addr *);
uint64_t	 addr_failures(const struct addr *);
/* Failures seen before T (at least; exact up to ADDR_FAIL_TIMES). */
uint64_t	 addr_failures_before(const struct addr *, int64_t t);

#endif
