/*
 * fsr_int.h - what fsread's own files share: the backend ops table and
 * the handles' layout.  Never included from rescue/.
 */
#ifndef FSR_INT_H
#define FSR_INT_H

#include <stdarg.h>
#include "fsread.h"

struct fsr_fs_ops {
	const char	*name;		/* "ext", "dir" */
	/* One name in one directory; never follows a symlink. */
	int	(*lookup)(struct fsr_fs *, uint64_t dir, const char *,
		    uint64_t *ret);
	int	(*stat)(struct fsr_fs *, uint64_t ino, struct fsr_stat *);
	int	(*readdir)(struct fsr_fs *, uint64_t dir, fsr_dirent_fn *,
		    void *);
	int	(*read)(struct fsr_fs *, uint64_t ino, void *, size_t,
		    uint64_t, size_t *);
	int	(*readlink)(struct fsr_fs *, uint64_t ino, char *, size_t);
	/* fsr_next_data(); NULL: every byte may be data */
	int	(*next_data)(struct fsr_fs *, uint64_t ino, uint64_t off,
		    uint64_t *data);
	int	(*xattrs)(struct fsr_fs *, uint64_t ino, fsr_xattr_fn *,
		    void *);
	int	(*scan)(struct fsr_fs *, fsr_inode_fn *, void *);
	/* Raw entries, removed ones too; NULL: fs.c adapts readdir. */
	int	(*dirents)(struct fsr_fs *, uint64_t dir, fsr_rawdirent_fn *,
		    void *);
	int	(*info)(struct fsr_fs *, struct fsr_fsinfo *);
	void	(*close)(struct fsr_fs *);
};

struct fsr_fs {
	const struct fsr_fs_ops	*ops;
	void			*priv;		/* the backend's state */
	uint64_t		 root_ino;
	struct fsr_vol		 vol;		/* copy; .disk borrowed */
	bool			 has_vol;
	char			 name[FSR_ERRMSG_MAX / 2];
	char			 err[FSR_ERRMSG_MAX];
};

extern const struct fsr_fs_ops fsr_ext_ops;
extern const struct fsr_fs_ops fsr_dir_ops;

/* Backend constructors: fill FS->ops, priv and root_ino, or fail. */
int	fsr_ext_open(struct fsr_fs *, struct fsr_disk *, uint64_t offset,
	    uint64_t size);
int	fsr_dir_open(struct fsr_fs *, const char *dir);

/* Set the handle's message; returns ERR, for `return fsr_fs_fail(...)`. */
int	fsr_fs_fail(struct fsr_fs *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	fsr_vfmt(char *buf, size_t len, const char *fmt, va_list ap);

/* Raw descriptor of a disk, for the ext io manager. */
/*
 * A cache of large directories' names for a backend's lookup (dircache.c).
 * fsr_dircache_lookup: 0 with *INO, -ENOENT, or 1 when the backend must
 * look the name up itself.
 */
struct fsr_dircache;

struct fsr_dircache *fsr_dircache_new(void);	/* NULL: no cache */
void	fsr_dircache_free(struct fsr_dircache *);
int	fsr_dircache_lookup(struct fsr_dircache *, struct fsr_fs *,
	    uint64_t dir, const char *name, uint64_t *ino);

int	fsr_disk_fd(const struct fsr_disk *);

#endif
