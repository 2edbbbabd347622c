/*
 * dpkg.h - the server's dpkg database: /var/lib/dpkg/status, the
 * info/PKG.{md5sums,list,conffiles} files, /var/lib/dpkg/diversions, the
 * /usr-merge aliases of their paths, and a compact set of owned paths
 *
 * No I/O: the caller reads each file in chunks cut anywhere and feeds
 * them in order.  Every parser holds one line of at most DPKG_LINE_MAX
 * bytes (a longer line is cut there and the rest skipped: a 1 MiB field
 * costs nothing more) and its own small state, so memory does not grow
 * with the file; the status parser also holds one package's conffiles,
 * at most DPKG_CONFFILES_MAX of them in DPKG_CONFFILES_BYTES.  Strings
 * are raw bytes, NUL-terminated in the parser's buffers, and last for
 * the callback only.  Paths handed out are absolute and normalised
 * ("//" and "/./" folded, no trailing '/'); a path with a ".."
 * component, a NUL byte or more than DPKG_PATH_MAX bytes is malformed.
 */
#ifndef RESCUE_DPKG_H
#define RESCUE_DPKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DPKG_LINE_MAX		8192
#define DPKG_PATH_MAX		4095	/* bytes, as PATH_MAX - 1 */
#define DPKG_NAME_MAX		255	/* Package */
#define DPKG_ARCH_MAX		63
#define DPKG_VERSION_MAX	255
#define DPKG_WORD_MAX		31	/* Multi-Arch, Status words */
/* Real packages have at most a few hundred conffiles. */
#define DPKG_CONFFILES_MAX	4096
#define DPKG_CONFFILES_BYTES	(1024 * 1024)

/*
 * The line splitter every parser here uses.  Lines end at '\n' (a '\r'
 * before it is kept: dpkg writes none).  Callers read nothing in it.
 */
struct dpkg_lines {
	uint64_t	 lineno;	/* of the line being read, from 1 */
	size_t		 len;
	bool		 cut;		/* longer than DPKG_LINE_MAX */
	bool		 nul;		/* held a NUL byte */
	bool		 midline;	/* bytes of it were fed */
	char		 buf[DPKG_LINE_MAX + 1];
};

/*
 * Split the LEN bytes of BUF into lines and call FN with each completed
 * one (L->buf holds L->len bytes and a NUL; L->cut, L->nul, L->lineno
 * say the rest).  Returns 0, or what FN returned to stop, at once.
 * The shared core of the parsers below; dpkg_lines_end() hands FN the
 * last line when it has no newline.
 */
typedef int dpkg_line_fn(struct dpkg_lines *, void *arg);
void	dpkg_lines_init(struct dpkg_lines *);
int	dpkg_lines_feed(struct dpkg_lines *, const void *buf, size_t len,
	    dpkg_line_fn *, void *arg);
int	dpkg_lines_end(struct dpkg_lines *, dpkg_line_fn *, void *arg);

/*
 * The status word of Status: "WANT FLAG STATUS" (dpkg-query(1)).  Only
 * DPKG_ST_INSTALLED packages are whole on disk; HALF_CONFIGURED,
 * UNPACKED and the TRIGGERS ones have their files unpacked too.
 */
enum dpkg_state {
	DPKG_ST_UNKNOWN = 0,	/* missing, or not a word dpkg writes */
	DPKG_ST_NOT_INSTALLED,
	DPKG_ST_CONFIG_FILES,
	DPKG_ST_HALF_INSTALLED,
	DPKG_ST_UNPACKED,
	DPKG_ST_HALF_CONFIGURED,
	DPKG_ST_TRIGGERS_AWAITED,
	DPKG_ST_TRIGGERS_PENDING,
	DPKG_ST_INSTALLED
};

/* A conffile's trailing words (deb-conffiles(5), dpkg's status). */
#define DPKG_CF_OBSOLETE	0x01
#define DPKG_CF_REMOVE_ON_UPGRADE 0x02
#define DPKG_CF_NEWCONFFILE	0x04	/* "newconffile": no hash yet */
#define DPKG_CF_BAD_HASH	0x08	/* the hash is not 32 hex digits */

struct dpkg_conffile {
	const char	*path;		/* absolute, normalised */
	uint8_t		 md5[16];	/* zero unless has_md5 */
	bool		 has_md5;
	unsigned	 flags;		/* DPKG_CF_* */
};

/* A field's value was longer than its buffer and was cut. */
#define DPKG_PKG_F_TRUNCATED	0x01
/* More conffiles than DPKG_CONFFILES_MAX or _BYTES: the rest dropped. */
#define DPKG_PKG_F_CONFFILES_CUT 0x02
/* No Package field: the stanza is not a package. */
#define DPKG_PKG_F_NO_NAME	0x04
/* A Status that is not three words dpkg writes. */
#define DPKG_PKG_F_BAD_STATUS	0x08
/* A field named twice; the first is kept. */
#define DPKG_PKG_F_DUPLICATE	0x10

/* One stanza of the status file; it lasts for the callback only. */
struct dpkg_pkg {
	char		 name[DPKG_NAME_MAX + 1];
	char		 arch[DPKG_ARCH_MAX + 1];	/* "" if none */
	char		 version[DPKG_VERSION_MAX + 1];
	char		 multiarch[DPKG_WORD_MAX + 1];	/* "same" */
	/* Status: "install ok installed" */
	char		 want[DPKG_WORD_MAX + 1];
	char		 eflag[DPKG_WORD_MAX + 1];
	char		 status[DPKG_WORD_MAX + 1];
	enum dpkg_state	 state;
	uint64_t	 line;		/* the stanza's first line */
	unsigned	 flags;		/* DPKG_PKG_F_* */
	/* Conffile lines that do not read as "PATH HASH [FLAGS]". */
	unsigned	 bad_conffiles;
	const struct dpkg_conffile *conffiles;
	size_t		 nconffiles;
};

/* Return 0 to go on; anything else stops the parse and is returned. */
typedef int dpkg_pkg_fn(const struct dpkg_pkg *, void *arg);

enum dpkg_field {
	DPKG_FLD_OTHER = 0, DPKG_FLD_PACKAGE, DPKG_FLD_ARCH, DPKG_FLD_STATUS,
	DPKG_FLD_VERSION, DPKG_FLD_MULTIARCH, DPKG_FLD_CONFFILES
};

/* The state of one pass over a status file; callers read the counters. */
struct dpkg_status_parser {
	dpkg_pkg_fn		*fn;
	void			*arg;
	int			 stop;
	struct dpkg_lines	 lines;
	struct dpkg_pkg		 pkg;
	bool			 open;	/* a stanza has fields */
	enum dpkg_field		 field;	/* the one continuing */
	unsigned		 seen;	/* fields met, 1 << field */
	struct dpkg_conffile	*cf;		/* DPKG_CONFFILES_MAX */
	char			*pool;		/* their paths */
	size_t			 poollen, poolcap;

	uint64_t		 packages;
	/* Lines neither a field nor a continuation. */
	uint64_t		 bad_lines;
};

/* "installed", "half-configured"...; "unknown". */
const char	*dpkg_state_name(enum dpkg_state);

/*
 * The name of PKG's file EXT ("list", "md5sums", "conffiles") in
 * /var/lib/dpkg/info: "PKG:ARCH.EXT" for a Multi-Arch: same package,
 * else "PKG.EXT" (dpkg's pkg_infodb_get_file).  Writes it to BUF (LEN
 * bytes) and returns its length, or -1 if it does not fit or the name
 * could leave the directory ('/' in it, "..") or was cut.
 */
int	dpkg_info_name(const struct dpkg_pkg *, const char *ext, char *buf,
	    size_t len);

/*
 * Start a pass over a status (or available, status-old) file: FN gets
 * each stanza that has any field, with ARG.  The parser must be passed
 * to dpkg_status_release().
 */
void	dpkg_status_init(struct dpkg_status_parser *, dpkg_pkg_fn *,
	    void *arg);
/*
 * Feed the next LEN bytes, cut anywhere.  A stanza goes out at the
 * blank line after it.  Returns 0, or what FN returned to stop: every
 * later call then does nothing and returns it.
 */
int	dpkg_status_feed(struct dpkg_status_parser *, const void *buf,
	    size_t len);
/* After the last chunk: the last stanza goes out.  As feed. */
int	dpkg_status_finish(struct dpkg_status_parser *);
void	dpkg_status_release(struct dpkg_status_parser *);

/* The files of info/ and the diversions file. */
enum dpkg_kind {
	DPKG_MD5SUMS,		/* "HASH  relative/path" (md5sum(1)) */
	DPKG_LIST,		/* "/abs/path", "/." first */
	DPKG_CONFFILES,		/* "[remove-on-upgrade ]/etc/path" */
	DPKG_DIVERSIONS		/* 3 lines: from, to, package or ":" */
};

/*
 * One entry, or one malformed line when ERROR is not NULL (then only
 * LINE is set besides it).  It lasts for the callback only.
 */
struct dpkg_entry {
	const char	*error;		/* "bad hash"... */
	uint64_t	 line;		/* its (first) line, from 1 */
	const char	*path;		/* absolute, normalised */
	size_t		 pathlen;
	uint8_t		 md5[16];	/* DPKG_MD5SUMS */
	unsigned	 flags;		/* DPKG_CONFFILES: DPKG_CF_* */
	/* DPKG_DIVERSIONS: where PATH is moved and whose it is. */
	const char	*to;
	size_t		 tolen;
	const char	*package;	/* "" when local */
	bool		 local;		/* ":": --local */
};

typedef int dpkg_entry_fn(const struct dpkg_entry *, void *arg);

struct dpkg_file_parser {
	enum dpkg_kind		 kind;
	dpkg_entry_fn		*fn;
	void			*arg;
	int			 stop;
	struct dpkg_lines	 lines;
	/* Diversions: the lines of the group being read. */
	unsigned		 ngroup;
	uint64_t		 gline;
	bool			 gbad;
	char			 from[DPKG_PATH_MAX + 1];
	size_t			 fromlen;
	char			 to[DPKG_PATH_MAX + 1];
	size_t			 tolen;

	uint64_t		 entries;
	uint64_t		 bad_lines;
};

/*
 * Start a pass over a file of KIND (anything else reads as DPKG_LIST).
 * Nothing is allocated; there is nothing to release.
 *
 * md5sums lines are md5sum(1) output: 32 hex digits, a space, a space or
 * '*', the path relative to / (a leading "./" is dropped); a line
 * starting with '\' has the path escaped ("\\", "\n").  An absolute path
 * is malformed.  .list and diversions paths must start with '/'; "/."
 * is "/".  Blank lines are skipped everywhere but in diversions.
 */
void	dpkg_file_init(struct dpkg_file_parser *, enum dpkg_kind,
	    dpkg_entry_fn *, void *arg);
/* As dpkg_status_feed(): FN gets entries and malformed lines in order. */
int	dpkg_file_feed(struct dpkg_file_parser *, const void *buf,
	    size_t len);
/* After the last chunk (a diversions group left short is malformed). */
int	dpkg_file_finish(struct dpkg_file_parser *);

/*
 * Normalise the LEN bytes of PATH into OUT (OUTLEN bytes): '/' prefixed
 * if missing, "//" and "/./" folded, trailing '/' dropped, "/" for the
 * root.  Returns the length, or -1 for a ".." component, a NUL, or a
 * result that does not fit (or is longer than DPKG_PATH_MAX); ERR, if
 * not NULL, then names why.
 */
int	dpkg_path_norm(const char *path, size_t len, char *out,
	    size_t outlen, const char **err);

/* The N bytes at P as 32 hex digits (either case) into MD5; or false. */
bool	dpkg_md5_parse(const char *p, size_t n, uint8_t *md5);

/*
 * /usr-merge: the directories of / that a merged system makes symlinks
 * to their /usr namesake.  The caller tells which are (readlink of /bin
 * is "usr/bin" or "/usr/bin"); DPKG_USRMERGE_ALL for a merged system.
 */
#define DPKG_UM_BIN		0x01
#define DPKG_UM_SBIN		0x02
#define DPKG_UM_LIB		0x04
#define DPKG_UM_LIB32		0x08
#define DPKG_UM_LIB64		0x10
#define DPKG_UM_LIBX32		0x20
#define DPKG_UM_LIBO32		0x40
#define DPKG_USRMERGE_ALL	0x7f

/* "bin" for DPKG_UM_BIN...; NULL for anything but one bit. */
const char	*dpkg_usrmerge_dir(unsigned bit);

/*
 * The path under which a normalised absolute PATH (LEN bytes) lives when
 * the directories in MERGED are aliases: /bin/ls -> /usr/bin/ls,
 * /lib64 -> /usr/lib64.  Writes it to OUT (OUTLEN bytes, NUL-terminated)
 * and returns its length, or -1 if it does not fit.  Paths elsewhere,
 * and "/binx", are copied as they are.
 */
int	dpkg_usrmerge_canon(const char *path, size_t len, unsigned merged,
	    char *out, size_t outlen);

/*
 * A set of canonical paths, each with the package that owns it and the
 * MD5 its md5sums gives.  Strings are interned in 256 KiB chunks;
 * entries sit in blocks of 4096 in the order added, found through an
 * open-addressing table of 32-bit indices and hashes (load under 3/4).
 * About 50 bytes per path plus the path: this Debian 12 machine's
 * 135,000 paths take 15 MiB.  At most DPKG_SET_MAX paths.
 */
#define DPKG_SET_MAX		(1u << 26)

/* More than one package lists the path (directories, Multi-Arch same). */
#define DPKG_PATH_SHARED	0x01
/* An md5sums line gave its MD5. */
#define DPKG_PATH_MD5		0x02
/* Two md5sums lines gave different MD5s: the first is kept. */
#define DPKG_PATH_MD5_CONFLICT	0x04
/* A .list named it (it may come from md5sums alone). */
#define DPKG_PATH_LISTED	0x08

struct dpkg_path {
	const char	*path;		/* NUL-terminated, interned */
	uint32_t	 len;
	uint32_t	 hash;
	uint32_t	 pkg;		/* the first owner's index */
	uint32_t	 flags;		/* DPKG_PATH_* */
	uint8_t		 md5[16];
};

struct dpkg_set;

/* An empty set; pass it to dpkg_set_free(). */
struct dpkg_set	*dpkg_set_new(void);
void		 dpkg_set_free(struct dpkg_set *);

/*
 * Add PATH (LEN bytes, canonical: the caller runs it through
 * dpkg_path_norm() and dpkg_usrmerge_canon()), listed by package PKG
 * (the caller's index).  Returns its entry, new or not, which lives
 * until the set is freed, or NULL when the set is full or LEN >
 * DPKG_PATH_MAX.
 */
struct dpkg_path *dpkg_set_add(struct dpkg_set *, const char *path,
		    size_t len, uint32_t pkg);
/*
 * As dpkg_set_add() for an md5sums line (not setting DPKG_PATH_LISTED),
 * then records MD5 (16 bytes) for the path.
 */
struct dpkg_path *dpkg_set_add_md5(struct dpkg_set *, const char *path,
		    size_t len, uint32_t pkg, const uint8_t *md5);
/* The entry for PATH, or NULL. */
const struct dpkg_path *dpkg_set_get(const struct dpkg_set *,
		    const char *path, size_t len);
/* How many paths; entry I (0 <= I < count) in the order added. */
size_t		 dpkg_set_count(const struct dpkg_set *);
const struct dpkg_path *dpkg_set_at(const struct dpkg_set *, size_t i);
/* Bytes the set holds from the heap (table, entries, string chunks). */
size_t		 dpkg_set_memory(const struct dpkg_set *);

#endif
