/*
 * timeline.h - every inode's times joined to its names, for the timeline
 * command (bodyfile, csv, json) and the timestomping checks
 *
 * One filesystem at a time: an inode scan in inode-table order keeps a
 * compact record per inode (struct tl_inode), then every directory's
 * entries, removed ones too, are read and kept as (dir, name, inode)
 * with the names in one arena.  Paths are made on demand from the
 * directories' parent links, so no path is ever stored.  Memory: 64
 * bytes per inode in use, 24 bytes and the name per entry, and 12 bytes
 * per 64 inodes of the filesystem for the lookup by number.
 */
#ifndef RESCUE_TIMELINE_H
#define RESCUE_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fsread.h"

enum { TL_A, TL_M, TL_C, TL_B };	/* the four times, mactime's letters */

#define TL_UNALLOC	0x01	/* free in the inode bitmap */
#define TL_CRTIME	0x02	/* crtime is meaningful */
#define TL_NSEC		0x04	/* the inode records nanoseconds */
#define TL_NAMED	0x08	/* some entry, live or removed, names it */
#define TL_ORPHAN	0x10	/* unallocated, used, named by nothing */
#define TL_LINK_EXTENTS	0x20	/* symlink in extents or inline data:
				   fls shows no target, csv and json do */

/*
 * 64 bytes an inode.  A time is packed in 64 bits as ext4 keeps it: 34
 * bits of seconds from 1901-12-13 (ext4's range: -2^31 .. 2^34 - 2^31)
 * and 30 of nanoseconds; times outside (a directory tree's) are clamped.
 */
#define TL_SEC_BIAS	((int64_t)1 << 31)
#define TL_SEC_LIMIT	(((int64_t)1 << 34) - TL_SEC_BIAS)
#define TL_NSEC_MASK	((1U << 30) - 1)

struct tl_inode {
	uint64_t	ino;
	uint64_t	size;
	uint64_t	time[4];	/* TL_A .. TL_B, packed */
	uint32_t	uid, gid;
	/* directories: 1 + entry of its name; symlinks: 1 + arena offset
	 * of the target; 0: none */
	uint32_t	ref;
	uint16_t	mode;
	uint16_t	flags;		/* TL_* */
};

static inline int64_t
tl_sec(const struct tl_inode *in, unsigned k)
{
	return (int64_t)(in->time[k] >> 30) - TL_SEC_BIAS;
}

static inline uint32_t
tl_nsec(const struct tl_inode *in, unsigned k)
{
	return (uint32_t)(in->time[k] & TL_NSEC_MASK);
}

void	tl_set_time(struct tl_inode *, unsigned k, int64_t sec,
	    uint32_t nsec);

/* The name entry of directory IN, or the target of symlink IN: 0, none. */
#define TL_DIRNAME(in)	(S_ISDIR((in)->mode) ? (in)->ref : 0)
#define TL_LINK(in)	(S_ISLNK((in)->mode) ? (in)->ref : 0)

struct tl_ent {
	uint64_t	dir;
	uint64_t	ino;
	uint32_t	name;		/* arena offset */
	uint8_t		len;		/* 1-255 */
	uint8_t		type;		/* DT_* */
	uint8_t		removed;
};

/* What went wrong inside a load: one line for stderr, the load goes on. */
typedef void tl_err_fn(const char *msg, void *arg);

struct tl_fs {
	struct fsr_tree		*tree;
	struct fsr_fs		*fs;
	char			 prefix[256];	/* "" or "/home" */
	uint64_t		 root;
	uint64_t		 ninodes;	/* s_inodes_count; 0: dir */
	bool			 raw;		/* ext: deleted names too */
	bool			 body_crtime;	/* ext4: fls prints birth times */
	struct tl_inode		*in;		/* by ino, ascending */
	size_t			 nin, capin;
	struct tl_ent		*ent;
	size_t			 nent, capent;
	char			*arena;
	size_t			 narena, caparena;
	/* ext: which inode numbers have a record, and how many before each
	 * 64 (12 bytes per 64 inodes): a lookup without a search. */
	uint64_t		*bits;
	uint32_t		*rank;
	size_t			 nwords;
	size_t			 ndirs_failed;
	/* Progress on stderr (a terminal only): inodes expected. */
	bool			 progress;
	uint64_t		 expect;
	tl_err_fn		*err;
	void			*errarg;
};

/*
 * Scan FS (attached at PREFIX in TREE) and read its directories; with
 * PROGRESS, a line on stderr redrawn as it goes.
 * Returns 0, or a negative errno when the scan itself failed (what was
 * read before stays usable).  Release with tl_fs_free().
 */
int	tl_fs_load(struct tl_fs *, struct fsr_tree *, struct fsr_fs *,
	    const char *prefix, bool progress, tl_err_fn *, void *errarg);
void	tl_fs_free(struct tl_fs *);

/* The record of INO, or NULL. */
const struct tl_inode *tl_inode_find(const struct tl_fs *, uint64_t ino);

/*
 * One name: a live or removed entry, an orphan inode, or the virtual
 * $OrphanFiles directory, as fls -m lists them.  IN is NULL when nothing
 * is known of the inode (a removed entry whose inode number is 0).
 */
struct tl_name {
	const char		*path;		/* raw bytes, prefix included */
	size_t			 pathlen;
	uint64_t		 ino;
	uint64_t		 dir;		/* entries: their directory */
	int			 type;		/* DT_* of the entry */
	const struct tl_inode	*in;
	const char		*link;		/* symlink target or NULL */
	bool			 deleted;	/* removed entry or orphan */
	bool			 realloc;	/* deleted name, inode in use */
	bool			 virt;		/* $OrphanFiles itself */
	bool			 no_crtime;	/* bodyfile: 0, as fls (not ext4) */
	uint32_t		 id;		/* for tl_name_get() */
};

typedef int tl_name_fn(const struct tl_name *, void *arg);

/* Every name of the filesystem, in directory order; FN may stop. */
int	tl_fs_names(struct tl_fs *, tl_name_fn *, void *arg);

/*
 * The name ID again (events are sorted by time, then printed), with its
 * path in BUF and, for an inode the scan skipped, its record in TMP.
 * Returns 0 or -1 for an ID that is none.
 */
int	tl_name_get(struct tl_fs *, uint32_t id, struct tl_name *,
	    char *buf, size_t len, struct tl_inode *tmp);

#define TL_PATH_MAX	8192	/* longer paths are cut */

/* One bodyfile line (TSK 3.x, as fls -m writes it) for NAME. */
void	tl_body_line(FILE *, const struct tl_name *);

/* "r/rrw-r--r--": the entry's type, then the inode's, as fls. */
void	tl_body_mode(int dtype, const struct tl_inode *, char buf[16]);

/*
 * Events: one per distinct time of a name, mactime's letters merged
 * ("m.c." when mtime and ctime are equal).  12 bytes of time and 8 of
 * reference each, 24 bytes an event.  At most MAX are held: when a
 * pass over the names gives more, the MAX earliest are kept (a max-heap
 * of them), printed, and the next pass keeps the MAX earliest after the
 * last printed.  Memory stays MAX * 24 bytes however many events there
 * are, at the cost of one pass over the names per MAX events.
 */
struct tl_event {
	int64_t		sec;
	uint32_t	nsec;
	uint32_t	id;		/* tl_name id */
	uint8_t		fsi;		/* which tl_fs */
	uint8_t		macb;		/* 1 << TL_A | ... */
};

struct tl_events {
	struct tl_event	*ev;
	size_t		 n, cap, max;
	int64_t		 since, until;	/* TIME_NONE: open */
	unsigned	 kinds;		/* events with one of these times */
	bool		 heap;		/* ev[] is a max-heap (n == max) */
	bool		 more;		/* this pass dropped later events */
	bool		 floored;	/* a pass was printed: skip to after */
	struct tl_event	 floor;		/* the last event printed */
};

#define TL_EVENTS_MAX_DEFAULT	(((size_t)64 << 20) / sizeof(struct tl_event))

/* Ready for the first pass; at most MAX (>= 1) events held. */
void	tl_events_init(struct tl_events *, size_t max, int64_t since,
	    int64_t until);
/* Add NAME's events inside the window and after the floor. */
void	tl_events_add(struct tl_events *, uint8_t fsi, const struct tl_name *);
/* End of a pass: ev[0..n) in time order. */
void	tl_events_sort(struct tl_events *);
/*
 * After the sorted events are printed: true when events were left out
 * and another pass over every name is needed (n is then 0 again).
 */
bool	tl_events_next_pass(struct tl_events *);
void	tl_events_free(struct tl_events *);

/* "m.cb" into BUF of at least 5 bytes. */
void	tl_macb_str(unsigned macb, char *buf);

/* For a terminal: a header, then one event a line, mactime's columns. */
void	tl_text_header(FILE *);
void	tl_text_event(FILE *, const struct tl_event *, const struct tl_name *,
	    const char *user);

/* The csv header line, and one event as a csv line (USER may be NULL). */
void	tl_csv_header(FILE *);
void	tl_csv_event(FILE *, const struct tl_event *, const struct tl_name *,
	    const char *user);

/*
 * Checks on one name (struct tl_stomp keeps what needs a directory's
 * neighbours).  FINDINGS are reported through the callback.
 */
enum tl_check {
	TL_CHECK_MTIME_BEFORE_CRTIME,
	TL_CHECK_ZERO_NSEC,
	TL_CHECK_SYSBIN_CTIME,
};

struct tl_finding {
	enum tl_check	 check;
	const char	*path;
	size_t		 pathlen;
	const char	*detail;
	int64_t		 time;
	uint64_t	 ino;
};

typedef void tl_finding_fn(const struct tl_finding *, void *arg);

struct tl_stomp;

struct tl_stomp	*tl_stomp_new(tl_finding_fn *, void *arg);
void		 tl_stomp_free(struct tl_stomp *);
/* Once per filesystem, before its names: what it records. */
void		 tl_stomp_fs(struct tl_stomp *, struct tl_fs *);
void		 tl_stomp_name(struct tl_stomp *, const struct tl_name *);
/* After the filesystem's last name: the neighbour checks. */
void		 tl_stomp_fs_end(struct tl_stomp *);

/* A finding as report.h has it (tl_finding_fn for a struct report). */
void	tl_finding_report(const struct tl_finding *, void *report);

/*
 * Files created, written or changed inside ST's attack windows, outside
 * the places that change by themselves and what dpkg.log shows the
 * package system did, given to story_file_change(); at most 500.
 */
struct story;
struct actx;

struct tl_window_stats {
	size_t	listed;		/* given to the story */
	size_t	by_packages;	/* left out: upgrades, installs, scripts */
	bool	more;		/* more than 500: the rest left out */
};

void	tl_window_files(struct actx *, struct story *st,
	    struct tl_window_stats *);

#endif
