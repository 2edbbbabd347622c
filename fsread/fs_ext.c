/*
 * fs_ext.c - ext2/3/4 backend over libext2fs, read-only
 *
 * The filesystem is opened without the read-write flag, through
 * ext_io.c, so nothing here can write; the journal is never replayed.
 * Checksum errors are ignored so that a damaged filesystem still opens
 * (as e2fsprogs' fuzzers do).  errcode_t is translated to errno here
 * and nowhere else.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sys/types.h>

#include <ext2fs/ext2fs.h>

#include "fsr_int.h"
#include "ext_io.h"
#include "ext_map.h"

struct ext_priv {
	ext2_filsys		 fs;
	struct ext_io_source	 src;
	/*
	 * The file last read, kept so streaming costs one open: its block
	 * map, or for inline data (and forged maps) a libext2fs file.
	 */
	ext2_ino_t		 file_ino;
	uint64_t		 file_size;
	struct ext_map		 map;
	ext2_file_t		 file;
	struct fsr_dircache	*dircache;
	char			*dirbuf;	/* directory blocks to parse */
	char			 note[160];	/* e.g. "read from a backup superblock" */
};

/* errcode_t (com_err) to a negative errno, and its text into the handle. */
static int
ext_fail(struct fsr_fs *fs, errcode_t rc, const char *what)
{
	int	err;

	switch (rc) {
	case EXT2_ET_NO_MEMORY:
		err = -ENOMEM;
		break;
	case EXT2_ET_FILE_NOT_FOUND:
		err = -ENOENT;
		break;
	case EXT2_ET_NO_DIRECTORY:
		err = -ENOTDIR;
		break;
	case EXT2_ET_SHORT_READ:
	case EXT2_ET_BAD_BLOCK_NUM:
		err = -EIO;
		break;
	case EXT2_ET_INODE_CSUM_INVALID:
	case EXT2_ET_DIR_CSUM_INVALID:
	case EXT2_ET_EXTENT_CSUM_INVALID:
	case EXT2_ET_EXT_ATTR_CSUM_INVALID:
	case EXT2_ET_BLOCK_BITMAP_CSUM_INVALID:
	case EXT2_ET_INODE_BITMAP_CSUM_INVALID:
	case EXT2_ET_SB_CSUM_INVALID:
		err = -EBADMSG;
		break;
	case EXT2_ET_EA_KEY_NOT_FOUND:
		err = -ENODATA;
		break;
	default:
		if (rc > 0 && rc < 4096)	/* a plain errno */
			err = -(int)rc;
		else
			err = -EUCLEAN;
		break;
	}
	return fsr_fs_fail(fs, err, "%s: %s", what, error_message(rc));
}

static struct ext_priv *
priv(struct fsr_fs *fs)
{
	return fs->priv;
}

/* An inode number the filesystem could hold; refuse others early. */
static int
check_ino(struct fsr_fs *fs, uint64_t ino)
{
	ext2_filsys	e = priv(fs)->fs;

	if (ino < 1 || ino > e->super->s_inodes_count)
		return fsr_fs_fail(fs, -EUCLEAN, "inode %" PRIu64
		    " out of range (1-%u)", ino, e->super->s_inodes_count);
	return 0;
}

static int
open_at(struct fsr_fs *fs, struct ext_priv *p, unsigned long superblock,
    unsigned int blocksize, errcode_t *rcp)
{
	char	name[64];
	int	flags = EXT2_FLAG_64BITS | EXT2_FLAG_IGNORE_CSUM_ERRORS |
		    EXT2_FLAG_SKIP_MMP | EXT2_FLAG_IGNORE_SWAP_DIRENT;

	(void)fs;
	ext_io_name(name, sizeof(name), &p->src);
	*rcp = ext2fs_open2(name, NULL, flags, (int)superblock, blocksize,
	    ext_io_manager(), &p->fs);
	return *rcp == 0 ? 0 : -1;
}

int
fsr_ext_open(struct fsr_fs *fs, struct fsr_disk *disk, uint64_t offset,
    uint64_t size)
{
	static const struct { unsigned long sb; unsigned int bs; } backups[] = {
		{ 8193, 1024 }, { 16384, 2048 }, { 32768, 4096 },
		{ 65536, 65536 },
	};
	struct ext_priv	*p;
	errcode_t	 rc, first;
	size_t		 i;

	/* com_err's table, so error_message() names libext2fs' codes. */
	initialize_ext2_error_table();
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return fsr_fs_fail(fs, -ENOMEM, "out of memory");
	p->src.disk = disk;
	p->src.offset = offset;
	p->src.size = size;
	fs->priv = p;

	if (open_at(fs, p, 0, 0, &rc) < 0) {
		/* A damaged primary superblock: try the backups, as e2fsck. */
		first = rc;
		for (i = 0; i < sizeof(backups) / sizeof(backups[0]); i++) {
			if (open_at(fs, p, backups[i].sb, backups[i].bs,
			    &rc) == 0)
				break;
		}
		if (p->fs == NULL) {
			ext_fail(fs, first, "ext superblock");
			free(p);
			fs->priv = NULL;
			return first == EXT2_ET_BAD_MAGIC ? -EUCLEAN :
			    (first == EXT2_ET_SHORT_READ ? -EIO : -EUCLEAN);
		}
		snprintf(p->note, sizeof(p->note), "primary superblock "
		    "unreadable (%s); read from the backup at block %lu",
		    error_message(first), backups[i].sb);
	}
	fs->ops = &fsr_ext_ops;
	fs->root_ino = EXT2_ROOT_INO;
	p->dircache = fsr_dircache_new();
	return 0;
}

static void
ext_close(struct fsr_fs *fs)
{
	struct ext_priv	*p = priv(fs);

	if (p == NULL)
		return;
	if (p->file != NULL)
		ext2fs_file_close(p->file);
	ext_map_release(&p->map);
	fsr_dircache_free(p->dircache);
	if (p->fs != NULL)
		ext2fs_close_free(&p->fs);
	free(p->dirbuf);
	free(p);
	fs->priv = NULL;
}

static int
ext_lookup(struct fsr_fs *fs, uint64_t dir, const char *name, uint64_t *ret)
{
	ext2_ino_t	ino;
	errcode_t	rc;
	int		err;

	if ((err = check_ino(fs, dir)) < 0)
		return err;
	if ((err = fsr_dircache_lookup(priv(fs)->dircache, fs, dir, name,
	    ret)) <= 0)
		return err;
	rc = ext2fs_lookup(priv(fs)->fs, (ext2_ino_t)dir, name,
	    (int)strlen(name), NULL, &ino);
	if (rc == EXT2_ET_FILE_NOT_FOUND)
		return -ENOENT;		/* common: no message needed */
	if (rc)
		return ext_fail(fs, rc, "directory lookup");
	*ret = ino;
	return 0;
}

/* ext4 extra time: 2 epoch bits extend the signed 32-bit seconds. */
static struct fsr_time
decode_time(uint32_t lo, uint32_t extra, bool has_extra)
{
	struct fsr_time	t;

	t.sec = (int32_t)lo;
	t.nsec = 0;
	if (has_extra) {
		t.sec += (int64_t)(extra & 3) << 32;
		t.nsec = extra >> 2;
		if (t.nsec > 999999999)
			t.nsec = 0;	/* forged: keep the seconds */
	}
	return t;
}

/* Whether FIELD (offset OFF, 4 bytes) lies inside the inode's extra space. */
static bool
fits(const struct ext2_inode_large *in, unsigned isize, size_t off)
{
	if (isize <= EXT2_GOOD_OLD_INODE_SIZE)
		return false;
	if (in->i_extra_isize > isize - EXT2_GOOD_OLD_INODE_SIZE)
		return false;	/* corrupt i_extra_isize: ignore the extra */
	return (size_t)EXT2_GOOD_OLD_INODE_SIZE + in->i_extra_isize >= off + 4;
}

static void
decode_rdev(const struct ext2_inode_large *in, struct fsr_stat *st)
{
	uint32_t	dev;

	if (in->i_block[0]) {
		dev = in->i_block[0];
		st->rdev_major = (dev >> 8) & 0xff;
		st->rdev_minor = dev & 0xff;
	} else {
		dev = in->i_block[1];
		st->rdev_major = (dev & 0xfff00) >> 8;
		st->rdev_minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
	}
}

static void
inode_to_stat(ext2_filsys e, uint64_t ino, const struct ext2_inode_large *in,
    struct fsr_stat *st)
{
	unsigned	isize = EXT2_INODE_SIZE(e->super);

	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = in->i_mode;
	st->nlink = in->i_links_count;
	st->uid = inode_uid(*in);
	st->gid = inode_gid(*in);
	st->size = EXT2_I_SIZE(in);
	st->blocks = (uint64_t)ext2fs_get_stat_i_blocks(e,
	    (struct ext2_inode *)in) * 512;
	st->raw_flags = in->i_flags;
	if (in->i_flags & EXT2_IMMUTABLE_FL)
		st->flags |= FSR_FL_IMMUTABLE;
	if (in->i_flags & EXT2_APPEND_FL)
		st->flags |= FSR_FL_APPEND;
	if (in->i_flags & EXT4_INLINE_DATA_FL)
		st->flags |= FSR_FL_INLINE_DATA;
	if (in->i_flags & EXT4_EXTENTS_FL)
		st->flags |= FSR_FL_EXTENTS;
	if (in->i_flags & EXT4_ENCRYPT_FL)
		st->flags |= FSR_FL_ENCRYPTED;
	if (in->i_flags & EXT2_NODUMP_FL)
		st->flags |= FSR_FL_NODUMP;
	if (S_ISCHR(in->i_mode) || S_ISBLK(in->i_mode))
		decode_rdev(in, st);

	st->atime = decode_time(in->i_atime, in->i_atime_extra,
	    fits(in, isize, offsetof(struct ext2_inode_large, i_atime_extra)));
	st->mtime = decode_time(in->i_mtime, in->i_mtime_extra,
	    fits(in, isize, offsetof(struct ext2_inode_large, i_mtime_extra)));
	st->ctime = decode_time(in->i_ctime, in->i_ctime_extra,
	    fits(in, isize, offsetof(struct ext2_inode_large, i_ctime_extra)));
	st->has_nsec = fits(in, isize,
	    offsetof(struct ext2_inode_large, i_mtime_extra));
	if (fits(in, isize, offsetof(struct ext2_inode_large, i_crtime))) {
		st->has_crtime = true;
		st->crtime = decode_time(in->i_crtime, in->i_crtime_extra,
		    fits(in, isize, offsetof(struct ext2_inode_large,
		    i_crtime_extra)));
	}
	st->dtime.sec = in->i_dtime;
}

static int
ext_stat(struct fsr_fs *fs, uint64_t ino, struct fsr_stat *st)
{
	struct ext2_inode_large	in;
	errcode_t		rc;
	int			err;

	if ((err = check_ino(fs, ino)) < 0)
		return err;
	memset(&in, 0, sizeof(in));
	rc = ext2fs_read_inode_full(priv(fs)->fs, (ext2_ino_t)ino,
	    (struct ext2_inode *)&in, sizeof(in));
	if (rc && rc != EXT2_ET_INODE_CSUM_INVALID)
		return ext_fail(fs, rc, "inode");
	inode_to_stat(priv(fs)->fs, ino, &in, st);
	/* Free or not, once a scan has read the bitmap (a removed name's
	 * inode is "realloc" when it is in use again). */
	if (priv(fs)->fs->inode_map != NULL)
		st->unallocated = !ext2fs_test_inode_bitmap2(
		    priv(fs)->fs->inode_map, (ext2_ino_t)ino);
	return 0;
}

struct readdir_ctx {
	fsr_dirent_fn	*fn;
	void		*arg;
	int		 stop;
};

static int
readdir_cb(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int off,
    int blocksize, char *buf, void *arg)
{
	struct readdir_ctx	*c = arg;
	struct fsr_dirent	 d;
	char			 name[EXT2_NAME_LEN + 1];
	int			 len, ft;

	(void)dir, (void)entry, (void)off, (void)blocksize, (void)buf;
	if (de->inode == 0)
		return 0;
	len = ext2fs_dirent_name_len(de);
	memcpy(name, de->name, (size_t)len);
	name[len] = '\0';
	if ((len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	switch ((ft = ext2fs_dirent_file_type(de))) {
	case EXT2_FT_REG_FILE:	d.type = DT_REG; break;
	case EXT2_FT_DIR:	d.type = DT_DIR; break;
	case EXT2_FT_CHRDEV:	d.type = DT_CHR; break;
	case EXT2_FT_BLKDEV:	d.type = DT_BLK; break;
	case EXT2_FT_FIFO:	d.type = DT_FIFO; break;
	case EXT2_FT_SOCK:	d.type = DT_SOCK; break;
	case EXT2_FT_SYMLINK:	d.type = DT_LNK; break;
	default:		d.type = DT_UNKNOWN; break;
	}
	d.name = name;
	d.namelen = (size_t)len;
	d.ino = de->inode;
	if (c->fn(&d, c->arg) == FSR_WALK_STOP) {
		c->stop = 1;
		return DIRENT_ABORT;
	}
	return 0;
}

static int
ext_readdir(struct fsr_fs *fs, uint64_t dir, fsr_dirent_fn *fn, void *arg)
{
	struct readdir_ctx	c = { fn, arg, 0 };
	errcode_t		rc;
	int			err;

	if ((err = check_ino(fs, dir)) < 0)
		return err;
	/* Inline-data directories are handled inside libext2fs. */
	rc = ext2fs_dir_iterate2(priv(fs)->fs, (ext2_ino_t)dir, 0, NULL,
	    readdir_cb, &c);
	if (rc)
		return ext_fail(fs, rc, "directory");
	return 0;
}

struct dirents_ctx {
	fsr_rawdirent_fn	*fn;
	void			*arg;
	bool			 indexed;	/* an htree directory */
	bool			 in_dxroot;	/* past ".." of block 0 */
	int			 last_off;
};

static int
dt_of(int ft)
{
	switch (ft) {
	case EXT2_FT_REG_FILE:	return DT_REG;
	case EXT2_FT_DIR:	return DT_DIR;
	case EXT2_FT_CHRDEV:	return DT_CHR;
	case EXT2_FT_BLKDEV:	return DT_BLK;
	case EXT2_FT_FIFO:	return DT_FIFO;
	case EXT2_FT_SOCK:	return DT_SOCK;
	case EXT2_FT_SYMLINK:	return DT_LNK;
	default:		return DT_UNKNOWN;
	}
}

/*
 * An htree node's block starts with a fake entry (inode 0, rec_len the
 * block, no name) followed by hash/block pairs, not names.
 */
static bool
is_dx_node(const char *buf, int blocksize)
{
	const struct ext2_dir_entry	*de = (const void *)buf;

	return de->inode == 0 && ext2fs_dirent_name_len(de) == 0 &&
	    (de->rec_len == blocksize || (blocksize == 65536 &&
	    de->rec_len == 0));
}

static int
dirents_cb(ext2_ino_t dir, int entry, struct ext2_dir_entry *de, int off,
    int blocksize, char *buf, void *arg)
{
	struct dirents_ctx	*c = arg;
	struct fsr_rawdirent	 r;
	int			 len;

	(void)dir;
	if (off <= c->last_off)
		c->in_dxroot = false;	/* a new block */
	c->last_off = off;
	len = ext2fs_dirent_name_len(de);
	if (entry == DIRENT_DOT_DOT_FILE && c->indexed)
		c->in_dxroot = true;
	if (entry == DIRENT_DOT_FILE || entry == DIRENT_DOT_DOT_FILE)
		return 0;
	if (len == 0)
		return 0;	/* an empty block, a csum tail */
	r.removed = entry == DIRENT_DELETED_FILE || de->inode == 0;
	/* The slack of htree blocks holds hashes: no names to find there. */
	if (r.removed && (c->in_dxroot || (c->indexed &&
	    is_dx_node(buf, blocksize))))
		return 0;
	if (!r.removed && len <= 2 && de->name[0] == '.' &&
	    (len == 1 || de->name[1] == '.'))
		return 0;
	r.name = de->name;
	r.namelen = (size_t)len;
	r.ino = de->inode;
	r.type = dt_of(ext2fs_dirent_file_type(de));
	return c->fn(&r, c->arg) == FSR_WALK_STOP ? DIRENT_ABORT : 0;
}

static uint32_t
le32(const char *b)
{
	const unsigned char	*u = (const unsigned char *)b;

	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	    (uint32_t)u[3] << 24;
}

static uint16_t
le16(const char *b)
{
	const unsigned char	*u = (const unsigned char *)b;

	return (uint16_t)(u[0] | u[1] << 8);
}

#define DIRSIZ(n)	(((n) + 8 + 3) & ~3u)

/* The first byte of B[FROM..LEN) that is not zero, or LEN: a block's
 * slack is mostly zeros, read eight bytes at a time. */
static size_t
first_nonzero(const char *b, size_t from, size_t len)
{
	uint64_t	w;
	size_t		z = from;

	while (z + sizeof(w) <= len) {
		memcpy(&w, b + z, sizeof(w));
		if (w != 0)
			break;
		z += sizeof(w);
	}
	while (z < len && b[z] == 0)
		z++;
	return z;
}

/*
 * One directory block, live entries and those left in the slack after
 * a shorter entry, as The Sleuth Kit reads them (ext2fs_dent_parse_block)
 * so that rescue and fls find the same removed names.  Every candidate
 * is checked against the block's end before a byte of it is read.
 * htree blocks are parsed so too, as fls does: hash bytes that happen
 * to look like an entry become a removed name, in both.  Returns 1 when
 * FN asked to stop.
 */
static int
parse_dir_block(const struct ext_priv *p, const char *b, size_t len,
    fsr_rawdirent_fn *fn, void *arg)
{
	struct fsr_rawdirent	 r;
	uint32_t		 ino, ninodes = p->fs->super->s_inodes_count;
	size_t			 idx, namelen, reclen, minrec = 4, z, to;
	long			 dellen = 0, need, steps;
	bool			 v2 = ext2fs_has_feature_filetype(p->fs->super);

	for (idx = 0; len >= DIRSIZ(1) && idx <= len - DIRSIZ(1);
	    idx += minrec) {
		ino = le32(b + idx);
		reclen = le16(b + idx + 4);
		namelen = v2 ? (unsigned char)b[idx + 6] : le16(b + idx + 6);
		minrec = DIRSIZ(namelen);
		if (ino > ninodes || namelen > 255 || namelen == 0 ||
		    reclen < minrec || reclen % 4 || idx + reclen > len) {
			minrec = 4;
			if (ino != 0 || reclen != 0 || namelen != 0) {
				if (dellen > 0)
					dellen -= 4;
				continue;
			}
			/*
			 * Zeros, as most slack is: an entry needs non-zero
			 * rec_len and name length, so none starts before the
			 * next non-zero byte less 6.  Skip there at once,
			 * word by word's outcome unchanged.
			 */
			z = first_nonzero(b, idx + 8, len);
			if (z >= len)
				break;
			to = z >= 6 ? (z - 6) & ~(size_t)3 : 0;
			if (to <= idx + 4) {
				if (dellen > 0)
					dellen -= 4;
				continue;
			}
			if (dellen > 0) {
				need = (dellen + 3) / 4;
				steps = (long)(to - idx) / 4;
				dellen -= 4 * (steps < need ? steps : need);
			}
			idx = to;
			minrec = 0;
			continue;
		}
		/* In the slack, an entry must end inside the slack too. */
		if (dellen > 0 && dellen < (long)minrec) {
			minrec = 4;
			dellen -= 4;
			continue;
		}
		r.removed = dellen > 0 || ino == 0;
		if (dellen > 0)
			dellen -= (long)minrec;
		if (dellen <= 0) {
			if (reclen - minrec >= DIRSIZ(1))
				dellen = (long)(reclen - minrec);
			else
				minrec = reclen;
		}
		r.name = b + idx + 8;
		r.namelen = namelen;
		if (r.name[0] == '.' && (namelen == 1 ||
		    (namelen == 2 && r.name[1] == '.')))
			continue;
		r.ino = ino;
		r.type = v2 ? dt_of((unsigned char)b[idx + 7]) : DT_UNKNOWN;
		if (fn(&r, arg) == FSR_WALK_STOP)
			return 1;
	}
	return 0;
}

#define DIRBUF_BLOCKS	64
/* 4 GiB of 4 KiB blocks: past it, a forged map repeating one block. */
#define DIR_MAX_BLOCKS	(1u << 20)

static int
ext_dirents(struct fsr_fs *fs, uint64_t dir, fsr_rawdirent_fn *fn,
    void *arg)
{
	struct ext_priv		*p = priv(fs);
	struct dirents_ctx	 c = { fn, arg, false, false, -1 };
	struct ext2_inode_large	 in;
	struct ext_map		 map;
	const struct ext_run	*r;
	uint64_t		 bs = p->fs->blocksize, size, nblk, next = 0;
	uint64_t		 lblk, n, k, total, nread = 0;
	errcode_t		 rc;
	size_t			 i;
	int			 err, ret = 0;

	if ((err = check_ino(fs, dir)) < 0)
		return err;
	memset(&in, 0, sizeof(in));
	rc = ext2fs_read_inode_full(p->fs, (ext2_ino_t)dir,
	    (struct ext2_inode *)&in, sizeof(in));
	if (rc && rc != EXT2_ET_INODE_CSUM_INVALID)
		return ext_fail(fs, rc, "inode");
	c.indexed = (in.i_flags & EXT2_INDEX_FL) != 0;
	if (in.i_flags & EXT4_INLINE_DATA_FL)
		goto slow;
	if ((rc = ext_map_build(p->fs, (ext2_ino_t)dir,
	    (struct ext2_inode *)&in, &map)) != 0) {
		ext_map_release(&map);
		goto slow;
	}
	if (p->dirbuf == NULL)
		p->dirbuf = malloc(DIRBUF_BLOCKS * bs);
	if (p->dirbuf == NULL) {
		ext_map_release(&map);
		return fsr_fs_fail(fs, -ENOMEM, "out of memory");
	}
	size = EXT2_I_SIZE(&in);
	nblk = size / bs + (size % bs != 0);
	total = ext2fs_blocks_count(p->fs->super);
	/* Runs in logical order; a forged overlap is read once. */
	for (i = 0; i < map.n && ret == 0; i++) {
		r = &map.runs[i];
		lblk = r->lblk < next ? next : r->lblk;
		for (; lblk < r->lblk + r->len && lblk < nblk && ret == 0;
		    lblk += n) {
			n = r->lblk + r->len - lblk;
			if (n > nblk - lblk)
				n = nblk - lblk;
			if (n > DIRBUF_BLOCKS)
				n = DIRBUF_BLOCKS;
			next = lblk + n;
			if (r->zero)
				continue;	/* unwritten: zeros */
			if ((nread += n) > DIR_MAX_BLOCKS) {
				ret = fsr_fs_fail(fs, -EUCLEAN, "directory "
				    "%" PRIu64 ": more than %u blocks; the "
				    "rest is not read", dir, DIR_MAX_BLOCKS);
				break;
			}
			if (r->pblk + (lblk - r->lblk) >= total ||
			    n > total - (r->pblk + (lblk - r->lblk))) {
				ret = fsr_fs_fail(fs, -EUCLEAN, "directory "
				    "%" PRIu64 ": block past the end of the "
				    "filesystem", dir);
				break;
			}
			if (fsr_disk_pread(p->src.disk, p->dirbuf, n * bs,
			    p->src.offset + (r->pblk + (lblk - r->lblk)) *
			    bs) < 0) {
				ret = fsr_fs_fail(fs, -EIO, "directory %" PRIu64
				    ": %s", dir, fsr_disk_errmsg(p->src.disk));
				break;
			}
			for (k = 0; k < n; k++) {
				if (parse_dir_block(p, p->dirbuf + k * bs, bs,
				    fn, arg)) {
					ret = 1;
					break;
				}
			}
		}
	}
	ext_map_release(&map);
	return ret < 0 ? ret : 0;
slow:
	/* Inline data, or a map libext2fs alone can follow. */
	rc = ext2fs_dir_iterate2(p->fs, (ext2_ino_t)dir,
	    DIRENT_FLAG_INCLUDE_EMPTY | DIRENT_FLAG_INCLUDE_REMOVED, NULL,
	    dirents_cb, &c);
	if (rc)
		return ext_fail(fs, rc, "directory");
	return 0;
}

/* Forget the file last read. */
static void
drop_file(struct ext_priv *p)
{
	if (p->file != NULL)
		ext2fs_file_close(p->file);
	p->file = NULL;
	ext_map_release(&p->map);
	p->file_ino = 0;
}

static int
load_file(struct fsr_fs *fs, struct ext_priv *p, ext2_ino_t ino)
{
	struct ext2_inode_large	in;
	errcode_t		rc;

	drop_file(p);
	memset(&in, 0, sizeof(in));
	rc = ext2fs_read_inode_full(p->fs, ino, (struct ext2_inode *)&in,
	    sizeof(in));
	if (rc && rc != EXT2_ET_INODE_CSUM_INVALID)
		return ext_fail(fs, rc, "inode");
	if (!LINUX_S_ISREG(in.i_mode) && !LINUX_S_ISLNK(in.i_mode) &&
	    !LINUX_S_ISDIR(in.i_mode))
		return fsr_fs_fail(fs, -EINVAL, "inode %u has no data to read",
		    ino);
	p->file_size = EXT2_I_SIZE(&in);
	if (!(in.i_flags & EXT4_INLINE_DATA_FL)) {
		rc = ext_map_build(p->fs, ino, (struct ext2_inode *)&in,
		    &p->map);
		if (rc == 0) {
			p->file_ino = ino;
			return 0;
		}
		ext_map_release(&p->map);
		if (rc != EXT2_ET_TOO_MANY_REFS)
			return ext_fail(fs, rc, "block map");
	}
	/* Inline data, or a map too large to hold: libext2fs reads it. */
	if ((rc = ext2fs_file_open(p->fs, ino, 0, &p->file)))
		return ext_fail(fs, rc, "open");
	p->file_ino = ino;
	return 0;
}

/* Through libext2fs, one block at a time (inline data, forged maps). */
static int
read_slow(struct fsr_fs *fs, struct ext_priv *p, char *buf, size_t len,
    uint64_t off, size_t *got)
{
	unsigned int	n = 0;
	errcode_t	rc;

	if ((rc = ext2fs_file_llseek(p->file, off, EXT2_SEEK_SET, NULL)))
		return ext_fail(fs, rc, "seek");
	rc = ext2fs_file_read(p->file, buf, (unsigned int)len, &n);
	if (rc) {
		drop_file(p);	/* its buffer may hold a half-read block */
		return ext_fail(fs, rc, "read");
	}
	*got = n;
	return 0;
}

/* Straight from the disk by the runs; holes and unwritten runs as zeros. */
static int
read_mapped(struct fsr_fs *fs, struct ext_priv *p, char *buf, size_t len,
    uint64_t off, size_t *got)
{
	const struct ext_run	*r;
	uint64_t		 bs = p->fs->blocksize, lblk, end, n, phys;
	bool			 inside;

	while (*got < len) {
		lblk = off / bs;
		r = ext_map_find(&p->map, lblk, &inside);
		if (inside) {
			end = (r->lblk + r->len) * bs;
			n = end - off < len - *got ? end - off : len - *got;
			phys = r->pblk * bs + (off - r->lblk * bs);
			if (r->zero) {
				memset(buf + *got, 0, (size_t)n);
			} else if (r->pblk >= ext2fs_blocks_count(p->fs->super) ||
			    phys > p->src.size || n > p->src.size - phys) {
				return fsr_fs_fail(fs, -EUCLEAN, "inode %u: "
				    "block %llu past the end of the "
				    "filesystem", p->file_ino,
				    (unsigned long long)(phys / bs));
			} else if (fsr_disk_pread(p->src.disk, buf + *got,
			    (size_t)n, p->src.offset + phys) < 0) {
				return fsr_fs_fail(fs, -EIO, "inode %u: %s",
				    p->file_ino, fsr_disk_errmsg(p->src.disk));
			}
		} else {
			end = r != NULL ? r->lblk * bs : UINT64_MAX;
			n = end - off < len - *got ? end - off : len - *got;
			memset(buf + *got, 0, (size_t)n);
		}
		*got += (size_t)n;
		off += n;
	}
	return 0;
}

static int
ext_read(struct fsr_fs *fs, uint64_t ino, void *buf, size_t len,
    uint64_t off, size_t *got)
{
	struct ext_priv	*p = priv(fs);
	int		 err;

	*got = 0;
	if ((err = check_ino(fs, ino)) < 0)
		return err;
	if (p->file_ino != ino && (err = load_file(fs, p, (ext2_ino_t)ino)) < 0)
		return err;
	/* i_size bounds every read: libext2fs gives all 60 inline bytes. */
	if (off >= p->file_size)
		return 0;
	if (len > p->file_size - off)
		len = (size_t)(p->file_size - off);
	if (len > 1U << 30)
		len = 1U << 30;
	if (p->file != NULL)
		return read_slow(fs, p, buf, len, off, got);
	return read_mapped(fs, p, buf, len, off, got);
}

static int
ext_next_data(struct fsr_fs *fs, uint64_t ino, uint64_t off, uint64_t *data)
{
	struct ext_priv		*p = priv(fs);
	const struct ext_run	*r;
	uint64_t		 bs = p->fs->blocksize, lblk;
	bool			 inside;
	int			 err;

	*data = off;
	if ((err = check_ino(fs, ino)) < 0)
		return err;
	if (p->file_ino != ino && (err = load_file(fs, p, (ext2_ino_t)ino)) < 0)
		return err;
	if (p->file != NULL || off >= p->file_size)
		return 0;	/* inline or unmapped: read it all */
	lblk = off / bs;
	r = ext_map_find(&p->map, lblk, &inside);
	/* unwritten runs read as zeros: holes as well (runs are sorted) */
	while (r != NULL && r->zero)
		r = r + 1 < p->map.runs + p->map.n ? r + 1 : NULL;
	if (r == NULL)
		*data = p->file_size;
	else if (r->lblk > lblk)
		*data = r->lblk * bs < p->file_size ? r->lblk * bs :
		    p->file_size;
	return 0;
}

static int
ext_readlink(struct fsr_fs *fs, uint64_t ino, char *buf, size_t len)
{
	struct ext2_inode_large	 in;
	uint64_t		 size;
	size_t			 got;
	errcode_t		 rc;
	int			 err;

	if ((err = check_ino(fs, ino)) < 0)
		return err;
	memset(&in, 0, sizeof(in));
	rc = ext2fs_read_inode_full(priv(fs)->fs, (ext2_ino_t)ino,
	    (struct ext2_inode *)&in, sizeof(in));
	if (rc && rc != EXT2_ET_INODE_CSUM_INVALID)
		return ext_fail(fs, rc, "inode");
	if (!LINUX_S_ISLNK(in.i_mode))
		return fsr_fs_fail(fs, -EINVAL, "inode %" PRIu64
		    " is not a symlink", ino);
	size = EXT2_I_SIZE(&in);
	if (size >= len)
		return fsr_fs_fail(fs, -ENAMETOOLONG, "symlink of %" PRIu64
		    " bytes is too long", size);
	if (ext2fs_is_fast_symlink((struct ext2_inode *)&in)) {
		if (size > sizeof(in.i_block))
			return fsr_fs_fail(fs, -EUCLEAN, "fast symlink of %"
			    PRIu64 " bytes", size);
		memcpy(buf, in.i_block, (size_t)size);
		buf[size] = '\0';
		return 0;
	}
	if ((err = ext_read(fs, ino, buf, (size_t)size, 0, &got)) < 0)
		return err;
	buf[got] = '\0';
	if (memchr(buf, '\0', got) != NULL)
		return fsr_fs_fail(fs, -EUCLEAN, "symlink target holds a NUL");
	return 0;
}

struct xattr_ctx {
	fsr_xattr_fn	*fn;
	void		*arg;
};

static int
xattr_cb(char *name, char *value, size_t len, void *arg)
{
	struct xattr_ctx	*c = arg;

	return c->fn(name, value, len, c->arg) == FSR_WALK_STOP ?
	    XATTR_ABORT : 0;
}

static int
ext_xattrs(struct fsr_fs *fs, uint64_t ino, fsr_xattr_fn *fn, void *arg)
{
	struct ext2_xattr_handle	*h = NULL;
	struct xattr_ctx		 c = { fn, arg };
	errcode_t			 rc;
	int				 err;

	if ((err = check_ino(fs, ino)) < 0)
		return err;
	if (!ext2fs_has_feature_xattr(priv(fs)->fs->super) &&
	    !ext2fs_has_feature_inline_data(priv(fs)->fs->super))
		return 0;
	if ((rc = ext2fs_xattrs_open(priv(fs)->fs, (ext2_ino_t)ino, &h)))
		return ext_fail(fs, rc, "xattrs");
	if ((rc = ext2fs_xattrs_read(h)) == 0)
		rc = ext2fs_xattrs_iterate(h, xattr_cb, &c);
	ext2fs_xattrs_close(&h);
	if (rc)
		return ext_fail(fs, rc, "xattrs");
	return 0;
}

/* Inode table blocks read at once by a scan: libext2fs's default is 8
 * (32 KiB a read); 256 reads a 4 KiB-block group's table in one go. */
#define SCAN_BUFFER_BLOCKS	256

static int
ext_scan(struct fsr_fs *fs, fsr_inode_fn *fn, void *arg)
{
	ext2_filsys		 e = priv(fs)->fs;
	ext2_inode_scan		 scan;
	struct ext2_inode_large	 in;
	struct fsr_stat		 st;
	ext2_ino_t		 ino;
	errcode_t		 rc;
	int			 ret = 0;
	bool			 have_map = true;

	if ((rc = ext2fs_open_inode_scan(e, SCAN_BUFFER_BLOCKS, &scan)))
		return ext_fail(fs, rc, "inode scan");
	/* Without a readable bitmap, the inode's own fields decide. */
	if (e->inode_map == NULL && ext2fs_read_inode_bitmap(e) != 0)
		have_map = false;
	ext2fs_inode_scan_flags(scan, EXT2_SF_SKIP_MISSING_ITABLE, 0);
	for (;;) {
		memset(&in, 0, sizeof(in));
		rc = ext2fs_get_next_inode_full(scan, &ino,
		    (struct ext2_inode *)&in, sizeof(in));
		if (rc == EXT2_ET_BAD_BLOCK_IN_INODE_TABLE ||
		    rc == EXT2_ET_INODE_CSUM_INVALID ||
		    rc == EXT2_ET_INODE_IS_GARBAGE)
			rc = 0;		/* the inode is still worth a look */
		if (rc) {
			ret = ext_fail(fs, rc, "inode scan");
			break;
		}
		if (ino == 0)
			break;
		/* Never used: nothing to say about it. */
		if (in.i_mode == 0 && in.i_links_count == 0 &&
		    in.i_dtime == 0)
			continue;
		inode_to_stat(e, ino, &in, &st);
		if (have_map)
			st.unallocated = !ext2fs_test_inode_bitmap2(
			    e->inode_map, ino);
		else
			st.unallocated = in.i_links_count == 0 ||
			    in.i_dtime != 0;
		if (fn(ino, &st, arg) == FSR_WALK_STOP)
			break;
	}
	ext2fs_close_inode_scan(scan);
	return ret;
}

static int64_t
sb_time(uint32_t lo, uint8_t hi)
{
	return (int64_t)lo | ((int64_t)hi << 32);
}

static void
feature_names(const struct ext2_super_block *sb, char *buf, size_t len)
{
	static const struct { int word; uint32_t bit; const char *name; } f[] = {
		{ 0, EXT3_FEATURE_COMPAT_HAS_JOURNAL, "has_journal" },
		{ 0, EXT2_FEATURE_COMPAT_EXT_ATTR, "ext_attr" },
		{ 0, EXT2_FEATURE_COMPAT_RESIZE_INODE, "resize_inode" },
		{ 0, EXT2_FEATURE_COMPAT_DIR_INDEX, "dir_index" },
		{ 1, EXT2_FEATURE_INCOMPAT_FILETYPE, "filetype" },
		{ 1, EXT3_FEATURE_INCOMPAT_RECOVER, "needs_recovery" },
		{ 1, EXT3_FEATURE_INCOMPAT_EXTENTS, "extent" },
		{ 1, EXT4_FEATURE_INCOMPAT_64BIT, "64bit" },
		{ 1, EXT4_FEATURE_INCOMPAT_FLEX_BG, "flex_bg" },
		{ 1, EXT4_FEATURE_INCOMPAT_MMP, "mmp" },
		{ 1, EXT4_FEATURE_INCOMPAT_INLINE_DATA, "inline_data" },
		{ 1, EXT4_FEATURE_INCOMPAT_ENCRYPT, "encrypt" },
		{ 1, EXT4_FEATURE_INCOMPAT_CASEFOLD, "casefold" },
		{ 2, EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER, "sparse_super" },
		{ 2, EXT2_FEATURE_RO_COMPAT_LARGE_FILE, "large_file" },
		{ 2, EXT4_FEATURE_RO_COMPAT_HUGE_FILE, "huge_file" },
		{ 2, EXT4_FEATURE_RO_COMPAT_DIR_NLINK, "dir_nlink" },
		{ 2, EXT4_FEATURE_RO_COMPAT_EXTRA_ISIZE, "extra_isize" },
		{ 2, EXT4_FEATURE_RO_COMPAT_METADATA_CSUM, "metadata_csum" },
	};
	uint32_t	words[3] = { sb->s_feature_compat,
			    sb->s_feature_incompat, sb->s_feature_ro_compat };
	size_t		i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(f) / sizeof(f[0]) && n < len; i++) {
		if (words[f[i].word] & f[i].bit)
			n += (size_t)snprintf(buf + n, len - n, "%s%s",
			    n ? " " : "", f[i].name);
	}
}

static void
copy_field(char *dst, size_t dlen, const uint8_t *src, size_t slen)
{
	size_t	n = strnlen((const char *)src, slen);

	if (n >= dlen)
		n = dlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int
ext_info(struct fsr_fs *fs, struct fsr_fsinfo *fi)
{
	ext2_filsys			 e = priv(fs)->fs;
	struct ext2_super_block		*sb = e->super;
	const uint8_t			*u = sb->s_uuid;

	memset(fi, 0, sizeof(*fi));
	if (ext2fs_has_feature_extents(sb) || ext2fs_has_feature_64bit(sb) ||
	    ext2fs_has_feature_flex_bg(sb) || ext2fs_has_feature_huge_file(sb)
	    || ext2fs_has_feature_metadata_csum(sb))
		snprintf(fi->type, sizeof(fi->type), "ext4");
	else if (ext2fs_has_feature_journal(sb))
		snprintf(fi->type, sizeof(fi->type), "ext3");
	else
		snprintf(fi->type, sizeof(fi->type), "ext2");
	snprintf(fi->uuid, sizeof(fi->uuid), "%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
	    u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
	    u[13], u[14], u[15]);
	copy_field(fi->label, sizeof(fi->label), sb->s_volume_name,
	    sizeof(sb->s_volume_name));
	copy_field(fi->last_mounted, sizeof(fi->last_mounted),
	    sb->s_last_mounted, sizeof(sb->s_last_mounted));
	fi->mtime = sb_time(sb->s_mtime, sb->s_mtime_hi);
	fi->wtime = sb_time(sb->s_wtime, sb->s_wtime_hi);
	fi->mkfs_time = sb_time(sb->s_mkfs_time, sb->s_mkfs_time_hi);
	fi->lastcheck = sb_time(sb->s_lastcheck, sb->s_lastcheck_hi);
	fi->mount_count = sb->s_mnt_count;
	fi->block_size = EXT2_BLOCK_SIZE(sb);
	fi->blocks = ext2fs_blocks_count(sb);
	fi->free_blocks = ext2fs_free_blocks_count(sb);
	fi->inodes = sb->s_inodes_count;
	fi->free_inodes = sb->s_free_inodes_count;
	fi->clean = (sb->s_state & EXT2_VALID_FS) != 0;
	fi->needs_recovery = ext2fs_has_feature_journal_needs_recovery(sb);
	fi->has_nsec = EXT2_INODE_SIZE(sb) > EXT2_GOOD_OLD_INODE_SIZE;
	feature_names(sb, fi->features, sizeof(fi->features));
	snprintf(fi->note, sizeof(fi->note), "%s", priv(fs)->note);
	return 0;
}

const struct fsr_fs_ops fsr_ext_ops = {
	.name		= "ext",
	.lookup		= ext_lookup,
	.stat		= ext_stat,
	.readdir	= ext_readdir,
	.read		= ext_read,
	.readlink	= ext_readlink,
	.next_data	= ext_next_data,
	.xattrs		= ext_xattrs,
	.scan		= ext_scan,
	.dirents	= ext_dirents,
	.info		= ext_info,
	.close		= ext_close,
};
