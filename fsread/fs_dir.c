/*
 * fs_dir.c - backend for a tree already mounted read-only on the host
 * (--root DIR), for filesystems the ext backend cannot read
 *
 * Files are named by ids handed out here (1 is DIR itself); each id is a
 * (parent id, name) pair.  Every access walks from DIR one component at a
 * time with O_NOFOLLOW, so no symlink and no ".." on the host can take it
 * out of DIR: symlinks are resolved by path.c, inside the server's tree.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "fsr_int.h"

#define ROOT_ID	1

struct dnode {
	uint64_t	 parent;
	char		*name;
};

struct dir_priv {
	int		 rootfd;
	char		*dir;
	struct dnode	*nodes;		/* by id; [0] unused */
	size_t		 nnodes, cap;
	uint64_t	*hash;		/* open addressing: id or 0 */
	size_t		 hcap;
	int		 readfd;	/* the file last read */
	uint64_t	 readid;
};

static struct dir_priv *
priv(struct fsr_fs *fs)
{
	return fs->priv;
}

static uint64_t
hash_of(uint64_t parent, const char *name)
{
	uint64_t	h = 1469598103934665603ULL ^ parent;

	while (*name)
		h = (h ^ (unsigned char)*name++) * 1099511628211ULL;
	return h;
}

static int
hash_grow(struct dir_priv *p)
{
	size_t		 ncap = p->hcap ? p->hcap * 2 : 1024, i, j;
	uint64_t	*nh = calloc(ncap, sizeof(*nh));

	if (nh == NULL)
		return -ENOMEM;
	for (i = 1; i < p->nnodes; i++) {
		j = hash_of(p->nodes[i].parent, p->nodes[i].name) & (ncap - 1);
		while (nh[j])
			j = (j + 1) & (ncap - 1);
		nh[j] = i;
	}
	free(p->hash);
	p->hash = nh;
	p->hcap = ncap;
	return 0;
}

/* The id of PARENT/NAME, made on first use. */
static int
intern(struct dir_priv *p, uint64_t parent, const char *name, uint64_t *id)
{
	struct dnode	*nn;
	size_t		 j;

	if ((p->nnodes + 1) * 2 > p->hcap && hash_grow(p) < 0)
		return -ENOMEM;
	j = hash_of(parent, name) & (p->hcap - 1);
	for (; p->hash[j]; j = (j + 1) & (p->hcap - 1)) {
		nn = &p->nodes[p->hash[j]];
		if (nn->parent == parent && strcmp(nn->name, name) == 0) {
			*id = p->hash[j];
			return 0;
		}
	}
	if (p->nnodes == p->cap) {
		size_t ncap = p->cap * 2;
		nn = realloc(p->nodes, ncap * sizeof(*nn));
		if (nn == NULL)
			return -ENOMEM;
		p->nodes = nn;
		p->cap = ncap;
	}
	if ((p->nodes[p->nnodes].name = strdup(name)) == NULL)
		return -ENOMEM;
	p->nodes[p->nnodes].parent = parent;
	p->hash[j] = p->nnodes;
	*id = p->nnodes++;
	return 0;
}

static int
check_id(struct fsr_fs *fs, uint64_t id)
{
	if (id < ROOT_ID || id >= priv(fs)->nnodes)
		return fsr_fs_fail(fs, -EINVAL, "unknown file id %" PRIu64, id);
	return 0;
}

/*
 * An O_PATH descriptor of ID's parent directory, walked from the root
 * with O_NOFOLLOW; *NAME is ID's own name.  For the root, the root
 * itself and ".".
 */
static int
open_parent(struct fsr_fs *fs, uint64_t id, const char **name)
{
	struct dir_priv	*p = priv(fs);
	uint64_t	 chain[256];
	size_t		 n = 0;
	uint64_t	 cur;
	int		 fd, nfd;

	if (id == ROOT_ID) {
		*name = ".";
		return dup(p->rootfd);
	}
	for (cur = p->nodes[id].parent; cur != ROOT_ID;
	    cur = p->nodes[cur].parent) {
		if (n == sizeof(chain) / sizeof(chain[0]))
			return fsr_fs_fail(fs, -ENAMETOOLONG, "path too deep");
		chain[n++] = cur;
	}
	fd = dup(p->rootfd);
	while (fd >= 0 && n > 0) {
		nfd = openat(fd, p->nodes[chain[--n]].name,
		    O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
		close(fd);
		fd = nfd;
	}
	if (fd < 0)
		return fsr_fs_fail(fs, -errno, "%s: %s", p->nodes[id].name,
		    strerror(errno));
	*name = p->nodes[id].name;
	return fd;
}

/* ID opened with FLAGS (O_NOFOLLOW always added). */
static int
open_id(struct fsr_fs *fs, uint64_t id, int flags)
{
	const char	*name;
	int		 pfd, fd;

	if ((pfd = open_parent(fs, id, &name)) < 0)
		return pfd;
	fd = openat(pfd, name, flags | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		fd = fsr_fs_fail(fs, -errno, "%s: %s", name, strerror(errno));
	close(pfd);
	return fd;
}

static void
dir_close(struct fsr_fs *fs)
{
	struct dir_priv	*p = priv(fs);
	size_t		 i;

	if (p == NULL)
		return;
	for (i = 1; i < p->nnodes; i++)
		free(p->nodes[i].name);
	if (p->readfd >= 0)
		close(p->readfd);
	close(p->rootfd);
	free(p->nodes);
	free(p->hash);
	free(p->dir);
	free(p);
	fs->priv = NULL;
}

int
fsr_dir_open(struct fsr_fs *fs, const char *dir)
{
	struct dir_priv	*p;
	uint64_t	 root;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return fsr_fs_fail(fs, -ENOMEM, "out of memory");
	fs->priv = p;
	p->readfd = -1;
	p->rootfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->rootfd < 0) {
		int err = -errno;
		free(p);
		fs->priv = NULL;
		return fsr_fs_fail(fs, err, "%s", strerror(-err));
	}
	p->cap = 1024;
	p->nodes = calloc(p->cap, sizeof(*p->nodes));
	p->dir = strdup(dir);
	p->nnodes = 1;
	if (p->nodes == NULL || p->dir == NULL ||
	    intern(p, 0, "/", &root) < 0) {
		dir_close(fs);
		return fsr_fs_fail(fs, -ENOMEM, "out of memory");
	}
	fs->ops = &fsr_dir_ops;
	fs->root_ino = ROOT_ID;
	return 0;
}

static int
dir_lookup(struct fsr_fs *fs, uint64_t dir, const char *name, uint64_t *ret)
{
	struct stat	 st;
	int		 fd, err;

	if ((err = check_id(fs, dir)) < 0)
		return err;
	if ((fd = open_id(fs, dir, O_PATH | O_DIRECTORY)) < 0)
		return fd;
	err = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	close(fd);
	if (err == -ENOENT)
		return -ENOENT;
	if (err < 0)
		return fsr_fs_fail(fs, err, "%s: %s", name, strerror(-err));
	return intern(priv(fs), dir, name, ret);
}

static void
to_stat(const struct stat *s, uint64_t id, struct fsr_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = id;
	st->mode = s->st_mode;
	st->nlink = (uint32_t)s->st_nlink;
	st->uid = s->st_uid;
	st->gid = s->st_gid;
	st->size = (uint64_t)s->st_size;
	st->blocks = (uint64_t)s->st_blocks * 512;
	st->rdev_major = major(s->st_rdev);
	st->rdev_minor = minor(s->st_rdev);
	st->atime.sec = s->st_atim.tv_sec;
	st->atime.nsec = (uint32_t)s->st_atim.tv_nsec;
	st->mtime.sec = s->st_mtim.tv_sec;
	st->mtime.nsec = (uint32_t)s->st_mtim.tv_nsec;
	st->ctime.sec = s->st_ctim.tv_sec;
	st->ctime.nsec = (uint32_t)s->st_ctim.tv_nsec;
	st->has_nsec = true;
}

static int
dir_stat(struct fsr_fs *fs, uint64_t id, struct fsr_stat *st)
{
	const char	*name;
	struct stat	 s;
	int		 pfd, err;

	if ((err = check_id(fs, id)) < 0)
		return err;
	if ((pfd = open_parent(fs, id, &name)) < 0)
		return pfd;
	err = fstatat(pfd, name, &s, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	close(pfd);
	if (err < 0)
		return fsr_fs_fail(fs, err, "%s: %s", name, strerror(-err));
	to_stat(&s, id, st);
	return 0;
}

static int
dir_readdir(struct fsr_fs *fs, uint64_t dir, fsr_dirent_fn *fn, void *arg)
{
	struct fsr_dirent	 d;
	struct dirent		*de;
	DIR			*dp;
	uint64_t		 id;
	int			 fd, err = 0;

	if ((err = check_id(fs, dir)) < 0)
		return err;
	if ((fd = open_id(fs, dir, O_RDONLY | O_DIRECTORY)) < 0)
		return fd;
	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		return fsr_fs_fail(fs, -errno, "%s", strerror(errno));
	}
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if ((err = intern(priv(fs), dir, de->d_name, &id)) < 0)
			break;
		d.name = de->d_name;
		d.namelen = strlen(de->d_name);
		d.ino = id;
		d.type = de->d_type;
		if (fn(&d, arg) == FSR_WALK_STOP)
			break;
	}
	closedir(dp);
	return err;
}

/* The file ID open in p->readfd, opened if it is not. */
static int
read_fd(struct fsr_fs *fs, uint64_t id)
{
	struct dir_priv	*p = priv(fs);
	struct stat	 s;
	int		 fd, err;

	if ((err = check_id(fs, id)) < 0)
		return err;
	if (p->readfd < 0 || p->readid != id) {
		if (p->readfd >= 0)
			close(p->readfd);
		p->readfd = -1;
		/* O_NONBLOCK: a FIFO in the tree must not hang the run. */
		if ((fd = open_id(fs, id, O_RDONLY | O_NONBLOCK)) < 0)
			return fd;
		if (fstat(fd, &s) < 0 || !S_ISREG(s.st_mode)) {
			close(fd);
			return fsr_fs_fail(fs, -EINVAL, "not a regular file");
		}
		p->readfd = fd;
		p->readid = id;
	}
	return p->readfd;
}

static int
dir_read(struct fsr_fs *fs, uint64_t id, void *buf, size_t len,
    uint64_t off, size_t *got)
{
	struct dir_priv	*p = priv(fs);
	ssize_t		 n;
	int		 err;

	*got = 0;
	if ((err = read_fd(fs, id)) < 0)
		return err;
	do {
		n = pread(p->readfd, buf, len, (off_t)off);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return fsr_fs_fail(fs, -EIO, "read: %s", strerror(errno));
	*got = (size_t)n;
	return 0;
}

static int
dir_next_data(struct fsr_fs *fs, uint64_t id, uint64_t off, uint64_t *data)
{
	off_t	o;
	int	fd;

	*data = off;
	if ((fd = read_fd(fs, id)) < 0)
		return fd;
	/* ENXIO: only a hole from OFF on; other errors: read it all */
	if ((o = lseek(fd, (off_t)off, SEEK_DATA)) >= 0)
		*data = (uint64_t)o;
	else if (errno == ENXIO && (o = lseek(fd, 0, SEEK_END)) >= 0 &&
	    (uint64_t)o > off)
		*data = (uint64_t)o;
	return 0;
}

static int
dir_readlink(struct fsr_fs *fs, uint64_t id, char *buf, size_t len)
{
	const char	*name;
	ssize_t		 n;
	int		 pfd, err;

	if ((err = check_id(fs, id)) < 0)
		return err;
	if ((pfd = open_parent(fs, id, &name)) < 0)
		return pfd;
	n = readlinkat(pfd, name, buf, len);
	err = errno;
	close(pfd);
	if (n < 0)
		return fsr_fs_fail(fs, -err, "readlink: %s", strerror(err));
	if ((size_t)n >= len)
		return fsr_fs_fail(fs, -ENAMETOOLONG, "symlink too long");
	buf[n] = '\0';
	return 0;
}

static int
dir_xattrs(struct fsr_fs *fs, uint64_t id, fsr_xattr_fn *fn, void *arg)
{
	char		 names[4096], value[4096];
	ssize_t		 nl, vl;
	size_t		 i;
	int		 fd, err;

	if ((err = check_id(fs, id)) < 0)
		return err;
	/* flistxattr needs a real descriptor; only files and directories. */
	fd = open_id(fs, id, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return 0;
	nl = flistxattr(fd, names, sizeof(names));
	for (i = 0; nl > 0 && i < (size_t)nl; i += strlen(names + i) + 1) {
		vl = fgetxattr(fd, names + i, value, sizeof(value));
		if (vl < 0)
			continue;
		if (fn(names + i, value, (size_t)vl, arg) == FSR_WALK_STOP)
			break;
	}
	close(fd);
	return 0;
}

struct scan_ctx {
	struct fsr_fs	*fs;
	fsr_inode_fn	*fn;
	void		*arg;
	int		 stop;
	unsigned	 depth;
};

static int scan_dir(struct scan_ctx *, uint64_t);

static int
scan_cb(const struct fsr_dirent *d, void *arg)
{
	struct scan_ctx	*c = arg;
	struct fsr_stat	 st;

	if (dir_stat(c->fs, d->ino, &st) < 0)
		return FSR_WALK_CONT;
	if (c->fn(d->ino, &st, c->arg) == FSR_WALK_STOP) {
		c->stop = 1;
		return FSR_WALK_STOP;
	}
	if (S_ISDIR(st.mode) && c->depth < 200)
		scan_dir(c, d->ino);
	return c->stop ? FSR_WALK_STOP : FSR_WALK_CONT;
}

static int
scan_dir(struct scan_ctx *c, uint64_t dir)
{
	int	rc;

	c->depth++;
	rc = dir_readdir(c->fs, dir, scan_cb, c);
	c->depth--;
	return rc;
}

/* No inode table to read: a depth-first walk stands in for the scan. */
static int
dir_scan(struct fsr_fs *fs, fsr_inode_fn *fn, void *arg)
{
	struct scan_ctx	c = { fs, fn, arg, 0, 0 };
	struct fsr_stat	st;
	int		rc;

	if ((rc = dir_stat(fs, ROOT_ID, &st)) < 0)
		return rc;
	if (fn(ROOT_ID, &st, arg) == FSR_WALK_STOP)
		return 0;
	return scan_dir(&c, ROOT_ID);
}

static int
dir_info(struct fsr_fs *fs, struct fsr_fsinfo *fi)
{
	struct statvfs	sv;

	memset(fi, 0, sizeof(*fi));
	snprintf(fi->type, sizeof(fi->type), "dir");
	snprintf(fi->last_mounted, sizeof(fi->last_mounted), "%s",
	    priv(fs)->dir);
	if (fstatvfs(priv(fs)->rootfd, &sv) == 0) {
		fi->block_size = (uint32_t)sv.f_frsize;
		fi->blocks = sv.f_blocks;
		fi->free_blocks = sv.f_bfree;
		fi->inodes = sv.f_files;
		fi->free_inodes = sv.f_ffree;
	}
	fi->clean = true;
	fi->has_nsec = true;
	return 0;
}

const struct fsr_fs_ops fsr_dir_ops = {
	.name		= "dir",
	.lookup		= dir_lookup,
	.stat		= dir_stat,
	.readdir	= dir_readdir,
	.read		= dir_read,
	.readlink	= dir_readlink,
	.next_data	= dir_next_data,
	.xattrs		= dir_xattrs,
	.scan		= dir_scan,
	.info		= dir_info,
	.close		= dir_close,
};
