/*
 * logins.h - what the logins analyzer's sources share: one model of a
 * login, attempt or session whatever file it came from, and the state
 * the cross-source checks need
 *
 * Each source (utmpsrc.c: wtmp, btmp, utmp; lastlogsrc.c: lastlog and
 * lastlog2; dbsrc.c: wtmpdb; authsrc.c: auth.log and friends; later the
 * journal) turns its files into records for the report and calls
 * logins_event() for every login and failed attempt, so the checks in
 * judge.c never know which file an event came from.
 */
#ifndef RESCUE_LOGINS_H
#define RESCUE_LOGINS_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzers/analyzer.h"
#include "logins/addrs.h"

struct tz;

enum login_what {
	LOGIN_OK,	/* a session started or sshd accepted one */
	LOGIN_FAIL,	/* a wrong password, a key refused */
	LOGIN_INVALID	/* a name with no account (sshd "Invalid user") */
};

struct login_event {
	enum login_src	 src;
	enum login_what	 what;
	int64_t		 time;		/* UTC; TIME_NONE if unknown */
	const char	*user;
	const char	*host;		/* address or name; "" if local */
	const char	*tty;
	const char	*path;		/* the file, for evidence */
	long		 line;		/* its line or record number + 1 */
};

/*
 * A lastlog entry waiting to be found in wtmp: sshd and login(1) write
 * both at the same second, so a lastlog time with no wtmp login near
 * it, inside the span wtmp covers, means a wtmp record is gone.
 */
struct lastlog_want {
	char		 user[33];
	char		 tty[33];
	char		 host[257];
	uint64_t	 uid;
	int64_t		 time;
	bool		 found;
	int64_t		 wtmp_latest;	/* the user's last wtmp login */
};

/* What a source file held, for the list of what was read. */
struct source_info {
	char		*path;
	const char	*format;
	uint64_t	 entries;
	const char	*layout;	/* static or NULL */
	int64_t		 first, last, mtime;
};

struct login_account {
	char		 name[33];
	uint32_t	 uid;
};

/* A set of 64-bit keys (keyset.c); full at KEYSET_MAX, then adds fail. */
#define KEYSET_MAX	((size_t)8 << 20)

struct keyset {
	uint64_t	*slot;		/* 0: empty (a key of 0 is stored as 1) */
	size_t		 n, cap;
	bool		 full;
};

void	keyset_add(struct keyset *, uint64_t key);
bool	keyset_has(const struct keyset *, uint64_t key);
void	keyset_free(struct keyset *);

struct logins {
	struct actx		*ax;
	struct tz		*tz;		/* server's zone; NULL: UTC */
	const char		*tzname;	/* for notes */
	struct addrtab		 addrs;

	/* the server's accounts; uid 0 names; sudo-capable names */
	struct login_account	*accounts;
	size_t			 naccounts;
	char			**uid0;
	size_t			 nuid0;
	char			**sudoers;	/* members of sudo, wheel... */
	size_t			 nsudoers;

	/* What wtmp covers (from its oldest copy on), for lastlog. */
	int64_t			 wtmp_cover_from;	/* TIME_NONE */
	bool			 have_wtmp, have_wtmpdb;
	size_t			 wtmp_files;	/* wtmp and its copies */
	struct lastlog_want	*want;
	size_t			 nwant;
	const char		*lastlog_path;	/* NULL if none */

	struct source_info	*sources;
	size_t			 nsources;

	/* Events the text logs gave, so the journal's copies are not
	 * counted twice; wtmp's first login, for a vacuumed journal. */
	struct keyset		 textkeys;
	int64_t			 wtmp_first_login;	/* TIME_NONE */
};

/* Count a login or failed attempt from any source. */
void	logins_event(struct logins *, const struct login_event *);

/* Remember what a file held (PATH is copied). */
void	logins_source(struct logins *, const struct source_info *);

bool	logins_is_uid0_alias(const struct logins *, const char *user);
bool	logins_is_privileged(const struct logins *, const char *user);

/* Sources, in the order the analyzer runs them. */
void	lastlog_source(struct logins *);
void	lastlog2_source(struct logins *);
void	utmp_sources(struct logins *);
void	wtmpdb_source(struct logins *);
void	auth_sources(struct logins *);
void	journal_source(struct logins *);

/*
 * Syslog lines made from journal entries, through the same handling as
 * auth.log's, under the journal file's PATH (borrowed: it must outlive
 * the feed).  Events a text log already gave are dropped.  Free
 * returns how many were, with the count, first and last time fed.
 */
struct authfeed;

struct authfeed	*authfeed_new(struct logins *, const char *path);
void	 authfeed_line(struct authfeed *, const char *line, size_t len,
	    long n);
uint64_t authfeed_free(struct authfeed *, uint64_t *events, int64_t *first,
	    int64_t *last);

/* The checks that need every source: run last. */
void	logins_judge(struct logins *);

/* Shared checks of a log file: emptied after being written; an mtime
 * older than LAST, the time of its last entry. */
void	check_emptied(struct logins *, const char *path,
	    const struct fsr_stat *);
void	check_mtime(struct logins *, const char *path,
	    const struct fsr_stat *, int64_t last);

/* Whether HOST is remote: not empty, not a local X display like ":0". */
bool	host_is_remote(const char *host);

#endif
