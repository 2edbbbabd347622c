/*
 * fsread.h - read-only access to a server's disks: volumes, filesystems,
 * one assembled tree and a path API that never leaves it
 *
 * The only fsread header rescue/ includes.  Every function returns 0 or a
 * negative errno (-ENOENT, -ELOOP, -EIO, -EUCLEAN for a corrupt structure,
 * -EBADMSG for a bad checksum); pointer results are NULL on error.  The
 * handle concerned keeps one message that says what went wrong, readable
 * with the matching *_errmsg() call.  fsread never prints and never exits.
 */
#ifndef FSREAD_H
#define FSREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSR_ERRMSG_MAX	512
#define FSR_MAXSYMLINKS	40	/* as the kernel's MAXSYMLINKS */

/* Walk and iterator callbacks return one of these. */
enum {
	FSR_WALK_CONT = 0,	/* go on */
	FSR_WALK_SKIP = 1,	/* do not descend into this directory */
	FSR_WALK_STOP = 2,	/* end the walk; the walk returns 0 */
};

struct fsr_time {
	int64_t		sec;
	uint32_t	nsec;
};

/* Inode flags rescue cares about, independent of the backend. */
#define FSR_FL_IMMUTABLE	0x01
#define FSR_FL_APPEND		0x02
#define FSR_FL_INLINE_DATA	0x04
#define FSR_FL_EXTENTS		0x08
#define FSR_FL_ENCRYPTED	0x10
#define FSR_FL_NODUMP		0x20

struct fsr_stat {
	uint64_t	ino;
	uint32_t	mode;		/* S_IFMT bits and permissions */
	uint32_t	nlink;
	uint32_t	uid;
	uint32_t	gid;
	uint64_t	size;
	uint64_t	blocks;		/* bytes allocated on disk */
	uint32_t	rdev_major;
	uint32_t	rdev_minor;
	uint32_t	flags;		/* FSR_FL_* */
	uint32_t	raw_flags;	/* the backend's own flag word */
	struct fsr_time	atime, mtime, ctime, crtime, dtime;
	bool		has_crtime;	/* crtime is meaningful */
	bool		has_nsec;	/* the inode records nanoseconds */
	/* free in the inode bitmap: by a scan, and by stat once a scan has
	 * read the bitmap */
	bool		unallocated;
};

/*
 * Disks and volumes.
 *
 * A disk is an image file or block device opened O_RDONLY.  Probing it
 * gives its volumes: one per partition, or one for a whole-disk
 * filesystem, each with what libblkid says of it.
 */
struct fsr_disk;

struct fsr_vol {
	struct fsr_disk	*disk;		/* borrowed: owned by the caller */
	char		name[32];	/* "p2", or "" for the whole disk */
	int		partno;		/* 0 for the whole disk */
	uint64_t	offset;		/* bytes from the start of the disk */
	uint64_t	size;		/* bytes */
	char		pttype[16];	/* "gpt", "dos" (of the disk) */
	char		parttype[64];	/* GPT type GUID or MBR type "0x83" */
	char		partuuid[64];
	char		partlabel[128];
	char		fstype[32];	/* "ext4", "xfs", "swap", "" unknown */
	char		fsversion[16];
	char		uuid[64];
	char		label[128];
	char		note[160];	/* why it cannot be read, if so */
};

/*
 * Open PATH read-only.  Result must be passed to fsr_disk_close().
 * On error returns NULL and writes a message to ERRBUF.
 */
struct fsr_disk	*fsr_disk_open(const char *path, char *errbuf, size_t errlen);
void		 fsr_disk_close(struct fsr_disk *);
const char	*fsr_disk_path(const struct fsr_disk *);
uint64_t	 fsr_disk_size(const struct fsr_disk *);
const char	*fsr_disk_errmsg(const struct fsr_disk *);

/*
 * Read LEN bytes at OFF.  A read past the end is -EIO with a message.
 */
int	fsr_disk_pread(struct fsr_disk *, void *, size_t len, uint64_t off);

/*
 * Find the partitions of DISK (GPT, MBR with logical partitions) or a
 * whole-disk filesystem.  *VOLS is an array of *NVOLS entries owned by
 * the caller (free()).  A disk with neither gives one volume whose
 * fstype is "" and whose note says so.
 */
int	fsr_disk_probe(struct fsr_disk *, struct fsr_vol **vols, size_t *nvols);

/*
 * Filesystems.
 */
struct fsr_fs;

struct fsr_fsinfo {
	char		type[16];	/* "ext2", "ext3", "ext4", "dir" */
	char		uuid[40];
	char		label[20];
	char		last_mounted[64];	/* where it was last mounted */
	int64_t		mtime;		/* last mount, 0 if never */
	int64_t		wtime;		/* last write */
	int64_t		mkfs_time;
	int64_t		lastcheck;
	uint32_t	mount_count;
	uint32_t	block_size;
	uint64_t	blocks;
	uint64_t	free_blocks;
	uint64_t	inodes;
	uint64_t	free_inodes;
	bool		clean;		/* unmounted cleanly */
	bool		needs_recovery;	/* journal not replayed */
	bool		has_nsec;	/* inodes large enough for ns times */
	char		features[256];	/* as dumpe2fs prints them */
	char		note[160];	/* e.g. "read from a backup superblock" */
};

typedef int fsr_inode_fn(uint64_t ino, const struct fsr_stat *, void *arg);

/*
 * Open the filesystem on VOL read-only.  Result must be passed to
 * fsr_fs_close().  Refuses types it has no backend for with -ENOTSUP and
 * a message in ERRBUF that says what to do instead.
 */
struct fsr_fs	*fsr_fs_open(struct fsr_vol *, char *errbuf, size_t errlen);

/* A directory tree already mounted (read-only) on the host, for --root. */
struct fsr_fs	*fsr_dirfs_open(const char *dir, char *errbuf, size_t errlen);
void		 fsr_fs_close(struct fsr_fs *);
const char	*fsr_fs_errmsg(const struct fsr_fs *);
int		 fsr_fs_info(struct fsr_fs *, struct fsr_fsinfo *);

/* "disk.img: p2 (ext4)" or "/mnt (dir)": how messages name it. */
const char	*fsr_fs_name(const struct fsr_fs *);
const struct fsr_vol *fsr_fs_vol(const struct fsr_fs *);	/* NULL: dir */

/*
 * Every in-use inode of the filesystem, and deleted ones that still
 * carry a deletion time, in inode-table order (sequential reads, no
 * tree walk).  FN returns FSR_WALK_CONT or _STOP.
 */
int	fsr_fs_scan(struct fsr_fs *, fsr_inode_fn *, void *arg);

/*
 * One directory entry as it lies on the disk, for joining names to the
 * inodes of a scan.  NAME is the raw bytes (it may hold '/', NUL or a
 * newline on a forged filesystem) and lasts for the call.  A removed
 * entry is a name still readable in a directory block's slack; its INO
 * may be 0 (the kernel clears it when the name began the block).
 */
struct fsr_rawdirent {
	const char	*name;
	size_t		 namelen;	/* 1-255 */
	uint64_t	 ino;
	int		 type;		/* DT_* from the entry, DT_UNKNOWN */
	bool		 removed;
};

typedef int fsr_rawdirent_fn(const struct fsr_rawdirent *, void *arg);

/*
 * Every entry of the directory DIR of FS in on-disk order, removed ones
 * too where the backend can see them ("." and ".." are not given).  ext
 * blocks are read word by word past a bad rec_len, as The Sleuth Kit
 * reads them; a directory that cannot be read (or of more than 2^20
 * blocks) ends with an error after the entries found so far.  Backends
 * without raw access (--root DIR) give what readdir gives.
 */
int	fsr_fs_dirents(struct fsr_fs *, uint64_t dir, fsr_rawdirent_fn *,
	    void *arg);

/*
 * The tree: the server's filesystems attached at their mount points.
 */
struct fsr_tree;

struct fsr_mount {
	char		 path[256];	/* "/", "/home" */
	struct fsr_fs	*fs;		/* borrowed from the tree */
	char		 source[256];	/* the fstab spec it came from */
};

struct fsr_tree	*fsr_tree_new(struct fsr_fs *root);
void		 fsr_tree_free(struct fsr_tree *);	/* not the fs */
const char	*fsr_tree_errmsg(const struct fsr_tree *);

/* Attach FS at the absolute PATH; refuses a duplicate or relative path. */
int		 fsr_tree_attach(struct fsr_tree *, const char *path,
		    struct fsr_fs *, const char *source);
size_t		 fsr_tree_nmounts(const struct fsr_tree *);
const struct fsr_mount *fsr_tree_mount(const struct fsr_tree *, size_t i);

/*
 * Paths.  A node is one inode on one filesystem of the tree.
 */
struct fsr_node {
	struct fsr_fs	*fs;
	uint64_t	 ino;
};

#define FSR_NOFOLLOW	0x1	/* do not follow a symlink in the last part */

/*
 * Resolve the absolute PATH inside the tree.  Symlinks are followed
 * relative to the server's root, never onto the host; ".." stops at "/";
 * after FSR_MAXSYMLINKS links the result is -ELOOP.  When REALPATH is not
 * NULL it receives the canonical path inside the server (also on
 * -ENOENT, up to the part that was missing), so that "/root/.bash_history
 * -> /dev/null" can be reported as such.
 */
int	fsr_lookup(struct fsr_tree *, const char *path, int flags,
	    struct fsr_node *, char *realpath, size_t rplen);

int	fsr_stat(struct fsr_tree *, const struct fsr_node *, struct fsr_stat *);

/* lookup + stat in one call. */
int	fsr_stat_path(struct fsr_tree *, const char *path, int flags,
	    struct fsr_node *, struct fsr_stat *);

struct fsr_dirent {
	const char	*name;		/* NUL-terminated, no '/' */
	size_t		 namelen;
	uint64_t	 ino;
	int		 type;		/* DT_* from <dirent.h>, DT_UNKNOWN */
};

/* The entry lasts for the call only.  "." and ".." are not given. */
typedef int fsr_dirent_fn(const struct fsr_dirent *, void *arg);

/*
 * Entries of the directory NODE, in on-disk order.  Entries whose names
 * hold '/' or NUL (possible only on a corrupt or forged filesystem) are
 * skipped and counted in the message.
 */
int	fsr_readdir(struct fsr_tree *, const struct fsr_node *,
	    fsr_dirent_fn *, void *arg);

/*
 * The child NAME of directory DIR, crossing into a filesystem attached
 * there.  DIRPATH is DIR's canonical path (for the mount table).
 */
int	fsr_child(struct fsr_tree *, const struct fsr_node *dir,
	    const char *dirpath, const char *name, struct fsr_node *);

/*
 * The node a directory entry of DIR (canonical path DIRPATH) stands for:
 * its own inode, or the root of a filesystem attached there.  No lookup
 * by name, so listing a directory of N entries costs N, not N squared.
 */
void	fsr_entry_node(const struct fsr_tree *, const struct fsr_node *dir,
	    const char *dirpath, const struct fsr_dirent *, struct fsr_node *);

/* The target of a symlink, NUL-terminated; -ENAMETOOLONG if BUF is short. */
int	fsr_readlink(struct fsr_tree *, const struct fsr_node *,
	    char *buf, size_t len);

/*
 * Read up to LEN bytes at OFF into BUF; *GOT is what was read (0 at the
 * end).  Holes read as zeros.  Stream large files with repeated calls.
 */
int	fsr_pread(struct fsr_tree *, const struct fsr_node *, void *buf,
	    size_t len, uint64_t off, size_t *got);

/*
 * The first offset at or after OFF where the file holds written data, in
 * *DATA: the file's size when only a hole (or unwritten extents) follows.
 * A backend that cannot tell gives OFF (every byte may be data).  A
 * sparse 16 TiB history costs its attacker nothing; reading its zeros
 * must not cost rescue hours.
 */
int	fsr_next_data(struct fsr_tree *, const struct fsr_node *, uint64_t off,
	    uint64_t *data);

/*
 * Read a whole small file into a NUL-terminated buffer that the caller
 * frees.  Refuses files over MAX bytes with -EFBIG (hostile input: a
 * 10 GiB history must not be read into memory).
 */
int	fsr_slurp(struct fsr_tree *, const char *path, size_t max,
	    char **buf, size_t *len);

/*
 * A set of nodes, for walks of their own (ls -R) that must not enter a
 * directory twice.  Result must be passed to fsr_nodeset_free().
 */
struct fsr_nodeset;

struct fsr_nodeset *fsr_nodeset_new(void);
void		 fsr_nodeset_free(struct fsr_nodeset *);
/* 1 if N was added, 0 if it was there already, -1 out of memory. */
int		 fsr_nodeset_add(struct fsr_nodeset *, const struct fsr_node *);

typedef int fsr_xattr_fn(const char *name, const void *value, size_t len,
    void *arg);

/* Extended attributes of NODE ("security.capability", ...). */
int	fsr_xattrs(struct fsr_tree *, const struct fsr_node *,
	    fsr_xattr_fn *, void *arg);

/*
 * Depth-first walk below PATH (not following symlinks, crossing into
 * attached filesystems).  FN gets each entry's path, node and stat;
 * returning FSR_WALK_SKIP for a directory does not descend.  Directory
 * cycles of a forged filesystem are cut.  Errors inside the walk go to
 * ERRFN (when not NULL) and the walk goes on.
 */
typedef int fsr_walk_fn(const char *path, const struct fsr_node *,
    const struct fsr_stat *, void *arg);
typedef void fsr_walkerr_fn(const char *path, int err, const char *msg,
    void *arg);

int	fsr_walk(struct fsr_tree *, const char *path, fsr_walk_fn *,
	    fsr_walkerr_fn *, void *arg);

/*
 * The server: every target's volumes, the root chosen among them and the
 * others attached where its /etc/fstab says.
 */
struct fsr_server;

struct fsr_part {
	char		 name[FSR_ERRMSG_MAX / 2];	/* "disk.img: p2" */
	struct fsr_vol	 vol;		/* .disk NULL for a --root DIR */
	struct fsr_fs	*fs;		/* NULL: not readable, see error */
	char		 error[FSR_ERRMSG_MAX];
	char		 os[128];	/* PRETTY_NAME if it holds an OS */
	char		 mountpoint[256];	/* where attached, "" if not */
};

/* Result must be passed to fsr_server_free(), which closes everything. */
struct fsr_server *fsr_server_new(void);
void		 fsr_server_free(struct fsr_server *);

/*
 * Add an image or block device (its volumes, each opened if it can be),
 * or a directory mounted read-only.  Fails only when the target itself
 * cannot be opened; a volume that cannot be read is kept with its error.
 */
int	fsr_server_add_disk(struct fsr_server *, const char *path,
	    char *errbuf, size_t errlen);
int	fsr_server_add_dir(struct fsr_server *, const char *dir,
	    char *errbuf, size_t errlen);

/*
 * Choose the root (the filesystem with /etc/fstab or /etc/os-release, or
 * the one selected by OS: a name as probe prints it ("p2",
 * "disk.img: p2"), a UUID or a LABEL) and attach the others from its
 * fstab.  -ENOTUNIQ when several OS installs are found and OS is NULL;
 * -ENOENT when no filesystem can be read.  What the operator should know
 * (an fstab entry not found, a filesystem left out) becomes a note.
 */
int	fsr_server_assemble(struct fsr_server *, const char *os,
	    char *errbuf, size_t errlen);

struct fsr_tree	*fsr_server_tree(struct fsr_server *);	/* NULL before */
size_t		 fsr_server_nparts(const struct fsr_server *);
const struct fsr_part *fsr_server_part(const struct fsr_server *, size_t);
size_t		 fsr_server_ndisks(const struct fsr_server *);
struct fsr_disk	*fsr_server_disk(const struct fsr_server *, size_t);
size_t		 fsr_server_nnotes(const struct fsr_server *);
const char	*fsr_server_note(const struct fsr_server *, size_t);

/*
 * Small parsers of files the tree layer itself needs.
 */
struct fsr_fstab_entry {
	const char	*spec;		/* UUID=..., /dev/sda1 */
	const char	*file;		/* mount point, \040 decoded */
	const char	*type;
	const char	*opts;
	unsigned	 line;
};

typedef int fsr_fstab_fn(const struct fsr_fstab_entry *, void *arg);

/* fstab(5) entries of BUF; the entry lasts for the call.  Returns the
 * number of malformed lines skipped. */
int	fsr_fstab_parse(const char *buf, size_t len, fsr_fstab_fn *, void *);

/* The value of KEY in an os-release(5) text, unquoted; false if none. */
bool	fsr_osrelease_get(const char *buf, size_t len, const char *key,
	    char *out, size_t outlen);

#endif
