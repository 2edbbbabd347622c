/*
 * export.h - copying the server's data out through libarchive: what goes
 * in (select.c), what the analyzers put aside (quarantine.c), the JSON
 * Lines manifest (manifest.c), owner names (idmap.c), the pax writer
 * (write.c) and the re-check of an export (verify.c)
 *
 * The archive holds, in this order:
 *   rescue-manifest.jsonl         every path chosen, with type, size,
 *                                 mode, owner, times and why a path was
 *                                 left out; no hashes (see below)
 *   rescue-triage.jsonl           the triage report of the same run
 *   etc/..., home/...             the server's files, relative names
 *   rescue-manifest.sha256.jsonl  {path, sha256} or {path, error} of
 *                                 every regular file, in the same order
 * A tar member must be written whole before the next, and a hash is
 * known only once its file has been read, so the manifest that comes
 * first is made by a walk that only stats (cheap: metadata), and the
 * hashes computed while the data streams follow in a last member.  The
 * FILE.manifest.jsonl written beside the archive has both in one line.
 */
#ifndef RESCUE_EXPORT_H
#define RESCUE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fsread.h"
#include "report/report.h"

#define EXP_MANIFEST		"rescue-manifest.jsonl"
#define EXP_MANIFEST_SHA	"rescue-manifest.sha256.jsonl"
#define EXP_TRIAGE		"rescue-triage.jsonl"
#define EXP_QMANIFEST		"rescue-quarantine.jsonl"
#define EXP_PATH_MAX		4096	/* as fsr_walk's path buffer */

/*
 * select.c: which paths go in.
 */
extern const char *const exp_default_includes[];

struct exp_sel {
	char	**incl;
	size_t	  nincl;
	char	**excl;
	size_t	  nexcl;
};

void	exp_sel_init(struct exp_sel *);
void	exp_sel_release(struct exp_sel *);
/*
 * Add an --include (EXCLUDE false) or --exclude PATH, made canonical
 * ("/var//www/" is "/var/www").  Refuses relative paths and ".."
 * components with -1 and a message in ERR.
 */
int	exp_sel_add(struct exp_sel *, bool exclude, const char *path,
	    char *err, size_t errlen);
/* The default includes when none were given; includes inside another
 * include are dropped, so nothing is walked twice. */
void	exp_sel_finish(struct exp_sel *);
/* Whether PATH is DIR or below it ("/" holds everything). */
bool	exp_path_under(const char *path, const char *dir);
bool	exp_sel_excluded(const struct exp_sel *, const char *path);
/*
 * Why PATH with ST is not copied (a device, fifo or socket: their
 * contents are the running system's, not data), or NULL.
 */
const char *exp_skip_type(const struct fsr_stat *);
/* Whether the walk must not descend into directory PATH (/proc, /sys,
 * /dev, /run: mount points of the running system's pseudo filesystems). */
bool	exp_pseudo_dir(const char *path);

/*
 * quarantine.c: files the analyzers' findings name as the intruder's.
 */
struct quar_hit {
	enum check_id	 id;
	long		 line;
	char		*evidence;	/* owned; may be NULL */
	char		*detail;	/* owned; may be NULL */
};

struct quar_file {
	char		*path;		/* owned */
	struct quar_hit	*hits;
	size_t		 nhits;
	struct fsr_node	 node;		/* quar_resolve(): its inode */
	bool		 resolved;	/* a regular file with more links */
};

struct quarantine {
	struct quar_file	*files;
	size_t			 nfiles, cap;
	bool			 sorted;
};

void	quar_init(struct quarantine *);
void	quar_release(struct quarantine *);
/* Whether a finding of check ID names a file the intruder made or
 * changed (as opposed to a file named as context). */
bool	quar_check_names_file(enum check_id);
/* A report tap (report_set_tap): ARG is the struct quarantine. */
void	quar_tap(const struct finding *, void *arg);
/* The file PATH was put aside for, or NULL. */
const struct quar_file *quar_find(struct quarantine *, const char *path);
/*
 * After the last finding: note the inode of each flagged regular file
 * that has other names, so that a hard link under a path no finding
 * named stays out as well.
 */
void	quar_resolve(struct quarantine *, struct fsr_tree *);
/* The flagged file whose inode N is, or NULL. */
const struct quar_file *quar_find_node(const struct quarantine *,
	    const struct fsr_node *n);

/*
 * idmap.c: owner and group names from the SERVER's /etc/passwd and
 * /etc/group (the host's would name the wrong people).
 */
struct exp_id {
	uint32_t	 id;
	char		*name;
};

struct exp_idmap {
	struct exp_id	*users, *groups;
	size_t		 nusers, ngroups;
};

void		 exp_idmap_load(struct exp_idmap *, struct fsr_tree *);
void		 exp_idmap_release(struct exp_idmap *);
/* NULL if the server does not name it. */
const char	*exp_uname(const struct exp_idmap *, uint32_t uid);
const char	*exp_gname(const struct exp_idmap *, uint32_t gid);

/*
 * manifest.c: one JSON object per line.
 */
#define MAN_LINE_MAX	(64 * 1024)	/* longer lines are refused */

struct man_entry {
	char		*path;		/* "/etc/passwd"; owned */
	size_t		 pathlen;	/* may hold any byte but NUL */
	char		 type[12];	/* file dir symlink hardlink other */
	uint64_t	 size;
	uint32_t	 mode;		/* permission bits */
	uint32_t	 uid, gid;
	const char	*owner;		/* writer only: borrowed, or NULL */
	const char	*group;
	struct fsr_time	 mtime, ctime, atime;
	char		*link;		/* symlink or hard link target */
	char		 sha256[65];	/* "" if unknown */
	char		*excluded;	/* why it was left out, or NULL */
	char		*error;		/* why it was not read, or NULL */
	bool		 sparse;	/* holes stored as zeros */
	bool		 has_size;
	bool		 seen;		/* verify: a member matched it */
};

/*
 * Write E as one line to F.  Paths and links that are not UTF-8 also
 * go out as "path_hex" / "link_hex" so that the reader gets the bytes
 * back.  SHA_ONLY writes path, link, sha256 and error alone.
 */
void	man_write(FILE *, const struct man_entry *, bool sha_only);
/* S as a JSON string (U+FFFD for bytes that are not UTF-8), or null. */
void	man_put_str(FILE *, const char *s);
/*
 * Parse one line (LEN bytes, no newline, no NUL needed).  Fills E,
 * whose strings the caller frees with man_entry_release.  Returns 0, or
 * -1 with a message in ERR: not an object, a bad string, no path, a
 * line over MAN_LINE_MAX.  Unknown keys are skipped.
 */
int	man_parse(const char *buf, size_t len, struct man_entry *e,
	    char *err, size_t errlen);
void	man_entry_release(struct man_entry *);

/*
 * write.c: one pax archive.
 */
enum exp_compress { EXP_ZSTD, EXP_GZIP, EXP_XZ, EXP_NONE };

struct exp_archive;

/* What adding one node gave, for the manifest. */
struct exp_result {
	char		 sha256[65];	/* regular files with data */
	char		 error[256];	/* "" if none */
	char		 link[EXP_PATH_MAX];	/* hard link target */
	uint64_t	 bytes;		/* data written */
	bool		 hardlink;
	bool		 skipped;	/* not in the archive at all */
};

/*
 * An archive writing to OUT (the caller's) compressed as C; zstd and xz
 * use every CPU.  NULL with a message in ERR.  Result must be passed to
 * exp_archive_close().
 */
struct exp_archive *exp_archive_open(FILE *out, enum exp_compress c,
	    const struct exp_idmap *, char *err, size_t errlen);
/* Add a member NAME holding the whole of F (rewound first). */
int	exp_archive_add_file(struct exp_archive *, const char *name, FILE *f,
	    int64_t mtime);
/*
 * Add the node at server PATH: header, xattrs, ACLs, link or data
 * (streamed, SHA-256 in the same read).  0 with RES filled (a file that
 * could not be read is RES->skipped with RES->error), or -1 when the
 * archive itself failed (message in ERR): stop then.
 */
int	exp_archive_add_node(struct exp_archive *, struct fsr_tree *,
	    const char *path, const struct fsr_node *, const struct fsr_stat *,
	    struct exp_result *res, char *err, size_t errlen);
/* Finish and free; -1 with a message in ERR if the end did not go out. */
int	exp_archive_close(struct exp_archive *, char *err, size_t errlen);
/* Bytes of file data written so far (progress). */
uint64_t exp_archive_bytes(const struct exp_archive *);

/*
 * POSIX ACL xattr (system.posix_acl_access/_default, in the kernel's
 * version 2 layout or ext4's on-disk version 1) to libarchive ACL
 * entries of TYPE.  Returns the number added, or -1 for a malformed
 * value (which the caller then keeps as a raw xattr).
 */
struct archive_entry;
int	exp_acl_from_xattr(struct archive_entry *, int type, const void *val,
	    size_t len, const struct exp_idmap *);

/*
 * verify.c: an export (any format libarchive reads) against its
 * manifest, and its members through the analyzers' content checks.
 */
struct exp_verify_opts {
	const char	*archive;	/* "-" for standard input */
	const char	*manifest;	/* the beside-file, or NULL */
	const char	*allow_keys;	/* keys allowed, or NULL */
};

struct rctx;

/*
 * Findings go to REPORT; errors to stderr through CTX.  Returns 0
 * clean, 1 findings of medium or higher, 3 a damaged archive (cut
 * short, a member changed, missing or added, no manifest).
 */
int	exp_verify(const struct exp_verify_opts *, struct report *,
	    struct rctx *);

#endif
