/*
 * shadow.h - shadow(5), group(5) and gshadow(5) from the server, and
 * what a password field says about the account: locked, empty (no
 * password at all) or a crypt(5) hash of a named scheme
 *
 * As passwd_parse (parse.h): each takes a buffer and its length (no
 * NUL or final newline needed), calls FN once per entry in file order
 * and returns how many malformed lines it skipped: a wrong number of
 * fields, a number that is not one, an empty name, a NUL byte or a
 * line over SHADOW_LINE_MAX.  "+" and "-" NIS lines, comments and
 * blank lines are skipped and not counted.  A trailing CR is dropped.
 * An entry and its strings last for the call of FN only; FN returns 0
 * to go on, anything else stops the parse.
 */
#ifndef RESCUE_SHADOW_H
#define RESCUE_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* group(5) lines list every member: allow big groups, bound the rest. */
#define SHADOW_LINE_MAX		(1024 * 1024)

/* What the password field allows, whatever the scheme. */
enum shadow_state {
	SHADOW_EMPTY,		/* "": logs in with no password at all */
	SHADOW_LOCKED,		/* "!", "*", "!!", "!*", "*LK*": no hash */
	SHADOW_LOCKED_HASH,	/* "!" then a hash (usermod -L, passwd -l) */
	SHADOW_HASH		/* a hash (or garbage: see the scheme) */
};

/* crypt(5) scheme of the hash, from its prefix and alphabet. */
enum shadow_scheme {
	SHADOW_SCHEME_NONE,	/* no hash: empty or locked */
	SHADOW_SCHEME_DES,	/* 13 characters of ./0-9A-Za-z */
	SHADOW_SCHEME_BSDI,	/* "_" and 19 characters */
	SHADOW_SCHEME_MD5,	/* $1$ */
	SHADOW_SCHEME_BCRYPT,	/* $2a$ $2b$ $2x$ $2y$ */
	SHADOW_SCHEME_SHA256,	/* $5$ */
	SHADOW_SCHEME_SHA512,	/* $6$ */
	SHADOW_SCHEME_SCRYPT,	/* $7$ */
	SHADOW_SCHEME_YESCRYPT,	/* $y$ */
	SHADOW_SCHEME_GOST,	/* $gy$ gost-yescrypt */
	SHADOW_SCHEME_SHA1,	/* $sha1$ (NetBSD) */
	SHADOW_SCHEME_SUNMD5,	/* $md5$ / $md5, (Solaris) */
	SHADOW_SCHEME_NTHASH,	/* $3$ */
	/*
	 * Anything else ("x" in shadow, a typo, a hash from elsewhere):
	 * crypt(3) matches no password against it, so no password login.
	 */
	SHADOW_SCHEME_UNKNOWN
};

struct shadow_hash {
	enum shadow_state	 state;
	enum shadow_scheme	 scheme;	/* of the hash after any "!" */
};

/* Classify a password field of shadow, gshadow or group. */
void		 shadow_hash_classify(const char *passwd, struct shadow_hash *);
/* "sha512crypt", "yescrypt", "des"...; "none", "unknown". */
const char	*shadow_scheme_name(enum shadow_scheme);
/* "empty", "locked", "locked-hash", "hash". */
const char	*shadow_state_name(enum shadow_state);

/*
 * One shadow(5) line.  Day numbers count days since 1970-01-01, -1
 * when the field is empty; lastchg 0 means "change at next login".
 */
struct shadow_entry {
	const char		*name;
	const char		*passwd;
	struct shadow_hash	 hash;
	int64_t			 lastchg;
	int64_t			 min;
	int64_t			 max;
	int64_t			 warn;
	int64_t			 inactive;
	int64_t			 expire;
	const char		*reserved;	/* ninth field, "" if none */
	unsigned		 line;
};

typedef int shadow_fn(const struct shadow_entry *, void *arg);

/*
 * shadow(5): eight or nine fields, as glibc's sgetspent reads them;
 * a number field is empty or decimal digits, a minus allowed, within
 * int64_t (glibc takes any long and truncates: keep what is written).
 */
int	shadow_parse(const char *buf, size_t len, shadow_fn *, void *arg);

/* One group(5) line; MEMBER lists the non-empty names of field 4. */
struct group_entry {
	const char		*name;
	const char		*passwd;	/* "x": look in gshadow */
	struct shadow_hash	 hash;
	uint32_t		 gid;
	const char *const	*member;
	size_t			 nmember;
	unsigned		 line;
};

typedef int group_fn(const struct group_entry *, void *arg);

/* group(5): exactly four fields. */
int	group_parse(const char *buf, size_t len, group_fn *, void *arg);

/* One gshadow(5) line: a group password lets newgrp(1) users join. */
struct gshadow_entry {
	const char		*name;
	const char		*passwd;
	struct shadow_hash	 hash;
	const char *const	*admin;
	size_t			 nadmin;
	const char *const	*member;
	size_t			 nmember;
	unsigned		 line;
};

typedef int gshadow_fn(const struct gshadow_entry *, void *arg);

/* gshadow(5): exactly four fields. */
int	gshadow_parse(const char *buf, size_t len, gshadow_fn *, void *arg);

#endif
