/*
 * write.c - one pax archive through libarchive: the server's files with
 * their modes, owners (names from the server), nanosecond times, links,
 * xattrs and POSIX ACLs; data streamed from fsread, SHA-256 in the same
 * read
 *
 * Sparse files go in as pax sparse members (GNU.sparse 1.0, which GNU tar
 * and bsdtar restore): the map comes from fsr_next_data() before the
 * header, 64 KiB at a time, and the holes, handed to libarchive as
 * zeros, are left out of the archive by it.  Holes are never read from
 * the disk; the SHA-256 is still the whole file's, holes as zeros.  The
 * manifest marks them ("sparse": allocated bytes under the size).
 * POSIX ACLs go in as
 * libarchive ACL entries (SCHILY.acl.access/default, which GNU tar
 * --acls and bsdtar restore), not as raw system.posix_acl_* xattrs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "export/export.h"
#include "util/digest.h"
#include "util/hashpool.h"
#include "util/util.h"

#define WRITE_CHUNK	(1024 * 1024)

struct exp_archive {
	struct archive				*a;
	struct archive_entry_linkresolver	*links;
	const struct exp_idmap			*ids;
	unsigned char				*buf;	/* a chunk */
	uint64_t				 bytes;
};

struct exp_archive *
exp_archive_open(FILE *out, enum exp_compress c, const struct exp_idmap *ids,
    char *err, size_t errlen)
{
	struct exp_archive	*x = xcalloc(1, sizeof(*x));
	char			 threads[16];
	int			 rc = ARCHIVE_OK;

	snprintf(threads, sizeof(threads), "%u", hashpool_cpus());
	x->ids = ids;
	if ((x->a = archive_write_new()) == NULL ||
	    (x->links = archive_entry_linkresolver_new()) == NULL) {
		snprintf(err, errlen, "libarchive: out of memory");
		goto fail;
	}
	archive_write_set_format_pax(x->a);
	archive_entry_linkresolver_set_strategy(x->links,
	    archive_format(x->a));
	switch (c) {
	case EXP_ZSTD:
		rc = archive_write_add_filter_zstd(x->a);
		/* libarchive before 3.6 has no threads for zstd: one is ok. */
		if (rc == ARCHIVE_OK)
			archive_write_set_filter_option(x->a, "zstd",
			    "threads", threads);
		break;
	case EXP_GZIP:
		rc = archive_write_add_filter_gzip(x->a);
		break;
	case EXP_XZ:
		rc = archive_write_add_filter_xz(x->a);
		if (rc == ARCHIVE_OK)
			archive_write_set_filter_option(x->a, "xz",
			    "threads", threads);
		break;
	case EXP_NONE:
		break;
	}
	/*
	 * No padding to a 10 KiB block after the compressor, not even on a
	 * pipe (libarchive's default for fd 1): zstd(1) refuses the zeros.
	 */
	if (rc == ARCHIVE_OK)
		rc = archive_write_set_bytes_in_last_block(x->a, 1);
	if (rc != ARCHIVE_OK ||
	    archive_write_open_fd(x->a, fileno(out)) != ARCHIVE_OK) {
		snprintf(err, errlen, "libarchive: %s",
		    archive_error_string(x->a));
		goto fail;
	}
	x->buf = xmalloc(WRITE_CHUNK);
	return x;
fail:
	if (x->a != NULL)
		archive_write_free(x->a);
	archive_entry_linkresolver_free(x->links);
	free(x);
	return NULL;
}

uint64_t
exp_archive_bytes(const struct exp_archive *x)
{
	return x->bytes;
}

static int
archive_fail(struct exp_archive *x, const char *what, char *err,
    size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, archive_error_string(x->a));
	return -1;
}

int
exp_archive_add_file(struct exp_archive *x, const char *name, FILE *f,
    int64_t mtime)
{
	struct archive_entry	*e = archive_entry_new();
	char			 err[256];
	size_t			 n;
	off_t			 size;
	int			 rc = -1;

	if (e == NULL || fflush(f) != 0 || fseeko(f, 0, SEEK_END) != 0 ||
	    (size = ftello(f)) < 0 || fseeko(f, 0, SEEK_SET) != 0)
		goto out;
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_uname(e, "root");
	archive_entry_set_gname(e, "root");
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, (time_t)mtime, 0);
	if (archive_write_header(x->a, e) != ARCHIVE_OK)
		goto out;
	while ((n = fread(x->buf, 1, WRITE_CHUNK, f)) > 0)
		if (archive_write_data(x->a, x->buf, n) < 0)
			goto out;
	if (!ferror(f) && archive_write_finish_entry(x->a) == ARCHIVE_OK)
		rc = 0;
out:
	if (rc < 0)
		archive_fail(x, name, err, sizeof(err));
	archive_entry_free(e);
	return rc;
}

/*
 * POSIX ACLs come in two layouts: the kernel's xattr (version 2, every
 * entry 8 bytes: include/uapi/linux/posix_acl_xattr.h), as a mounted
 * directory gives them, and ext4's on-disk one (version 1, entries of 4
 * bytes, 8 for named users and groups: fs/ext4/acl.h), as libext2fs's
 * iterator gives them.  The tags are the same.
 */
#define ACL_XATTR_VERSION	2
#define ACL_EXT4_VERSION	1
#define ACL_TAG_USER_OBJ	0x01
#define ACL_TAG_USER		0x02
#define ACL_TAG_GROUP_OBJ	0x04
#define ACL_TAG_GROUP		0x08
#define ACL_TAG_MASK		0x10
#define ACL_TAG_OTHER		0x20
#define ACL_ENTRIES_MAX		1024

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

int
exp_acl_from_xattr(struct archive_entry *e, int type, const void *val,
    size_t len, const struct exp_idmap *ids)
{
	const unsigned char	*p = val, *q;
	size_t			 off = 4, n = 0;
	uint32_t		 version, id;
	unsigned		 t, perm;
	int			 tag;
	const char		*name;

	if (len < 4)
		return -1;
	version = le32(p);
	if (version != ACL_XATTR_VERSION && version != ACL_EXT4_VERSION)
		return -1;
	while (off < len) {
		if (len - off < 4 || ++n > ACL_ENTRIES_MAX)
			return -1;
		q = p + off;
		t = (unsigned)q[0] | (unsigned)q[1] << 8;
		perm = ((unsigned)q[2] | (unsigned)q[3] << 8) & 7;
		id = (uint32_t)-1;
		if (version == ACL_XATTR_VERSION ||
		    t == ACL_TAG_USER || t == ACL_TAG_GROUP) {
			if (len - off < 8)
				return -1;
			if (t == ACL_TAG_USER || t == ACL_TAG_GROUP)
				id = le32(q + 4);
			off += 8;
		} else
			off += 4;
		name = NULL;
		switch (t) {
		case ACL_TAG_USER_OBJ:
			tag = ARCHIVE_ENTRY_ACL_USER_OBJ;
			break;
		case ACL_TAG_USER:
			tag = ARCHIVE_ENTRY_ACL_USER;
			name = ids ? exp_uname(ids, id) : NULL;
			break;
		case ACL_TAG_GROUP_OBJ:
			tag = ARCHIVE_ENTRY_ACL_GROUP_OBJ;
			break;
		case ACL_TAG_GROUP:
			tag = ARCHIVE_ENTRY_ACL_GROUP;
			name = ids ? exp_gname(ids, id) : NULL;
			break;
		case ACL_TAG_MASK:
			tag = ARCHIVE_ENTRY_ACL_MASK;
			break;
		case ACL_TAG_OTHER:
			tag = ARCHIVE_ENTRY_ACL_OTHER;
			break;
		default:
			return -1;
		}
		/* ARCHIVE_ENTRY_ACL_EXECUTE/WRITE/READ are 1, 2, 4 too. */
		if (archive_entry_acl_add_entry(e, type, (int)perm, tag,
		    (int)id, name) != ARCHIVE_OK)
			return -1;
	}
	return (int)n;
}

struct xattr_arg {
	struct exp_archive	*x;
	struct archive_entry	*e;
};

static int
on_xattr(const char *name, const void *value, size_t len, void *arg)
{
	struct xattr_arg	*xa = arg;
	int			 type = 0;

	if (strcmp(name, "system.posix_acl_access") == 0)
		type = ARCHIVE_ENTRY_ACL_TYPE_ACCESS;
	else if (strcmp(name, "system.posix_acl_default") == 0)
		type = ARCHIVE_ENTRY_ACL_TYPE_DEFAULT;
	/* An ACL that does not parse is kept as it is, as an xattr. */
	if (type != 0 && exp_acl_from_xattr(xa->e, type, value, len,
	    xa->x->ids) >= 0)
		return FSR_WALK_CONT;
	archive_entry_xattr_add_entry(xa->e, name, value, len);
	return FSR_WALK_CONT;
}

static void
fill_entry(struct exp_archive *x, struct archive_entry *e, const char *path,
    const struct fsr_node *node, const struct fsr_stat *st)
{
	const char	*n;

	archive_entry_set_pathname(e, path + 1);
	archive_entry_set_mode(e, st->mode);
	archive_entry_set_uid(e, st->uid);
	archive_entry_set_gid(e, st->gid);
	if ((n = exp_uname(x->ids, st->uid)) != NULL)
		archive_entry_set_uname(e, n);
	if ((n = exp_gname(x->ids, st->gid)) != NULL)
		archive_entry_set_gname(e, n);
	archive_entry_set_mtime(e, (time_t)st->mtime.sec, st->mtime.nsec);
	archive_entry_set_atime(e, (time_t)st->atime.sec, st->atime.nsec);
	archive_entry_set_ctime(e, (time_t)st->ctime.sec, st->ctime.nsec);
	if (st->has_crtime)
		archive_entry_set_birthtime(e, (time_t)st->crtime.sec,
		    st->crtime.nsec);
	/* The resolver knows a link by (dev, ino): dev names the fs. */
	archive_entry_set_dev(e, (dev_t)(uintptr_t)node->fs);
	archive_entry_set_ino64(e, (la_int64_t)st->ino);
	archive_entry_set_nlink(e, st->nlink);
	archive_entry_set_size(e, S_ISREG(st->mode) ? (la_int64_t)st->size :
	    0);
}

#define SPARSE_MAX	65536	/* regions; more: stored whole */
#define SPARSE_STEP	(64 * 1024)	/* a region ends on a multiple */

struct region {
	uint64_t	off, len;
};

/*
 * The data regions of a sparse file, SPARSE_STEP at a time (a region may
 * hold some zeros of a hole: the content is the same).  Returns how
 * many, 0 when the file is better stored whole.
 */
static size_t
sparse_map(struct fsr_tree *tree, const struct fsr_node *node, uint64_t size,
    struct region **out)
{
	struct region	*v = NULL;
	size_t		 n = 0, cap = 0;
	uint64_t	 off = 0, d, end;

	*out = NULL;
	while (off < size) {
		if (fsr_next_data(tree, node, off, &d) < 0 || d >= size)
			break;
		end = d;
		do
			end = size - end < SPARSE_STEP ? size :
			    end + SPARSE_STEP;
		while (end < size && fsr_next_data(tree, node, end,
		    &off) == 0 && off == end);
		if (n == SPARSE_MAX) {
			free(v);
			return 0;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n].off = d;
		v[n++].len = end - d;
		off = end;
	}
	if (n == 1 && v[0].off == 0 && v[0].len == size) {
		free(v);
		return 0;	/* no hole after all */
	}
	if (n == 0) {		/* all hole: one empty region */
		v = xmalloc(sizeof(*v));
		v[0].off = 0;
		v[0].len = 0;
		n = 1;
	}
	*out = v;
	return n;
}

/* N bytes of a hole: into the hash, and to libarchive, which drops them. */
static int
write_hole(struct exp_archive *x, EVP_MD_CTX *sha, const char *zero,
    uint64_t n)
{
	size_t	k;

	for (; n > 0; n -= k) {
		k = n < WRITE_CHUNK ? (size_t)n : WRITE_CHUNK;
		EVP_DigestUpdate(sha, zero, k);
		if (archive_write_data(x->a, zero, k) < 0)
			return -1;
	}
	return 0;
}

/* The data regions read from the disk, the holes as zeros. */
static int
write_regions(struct exp_archive *x, struct fsr_tree *tree,
    const struct fsr_node *node, const struct fsr_stat *st,
    const struct region *v, size_t n, EVP_MD_CTX *sha,
    struct exp_result *res)
{
	uint64_t	pos = 0, off, end;
	size_t		i, want, got;
	char		*zero = xcalloc(1, WRITE_CHUNK);
	int		r, rc = -1;

	for (i = 0; i < n; i++) {
		if (write_hole(x, sha, zero, v[i].off - pos) < 0)
			goto out;
		end = v[i].off + v[i].len;
		for (off = v[i].off; off < end; off += got) {
			want = end - off < WRITE_CHUNK ? (size_t)(end - off) :
			    WRITE_CHUNK;
			got = 0;
			if ((r = fsr_pread(tree, node, x->buf, want, off,
			    &got)) < 0 || got == 0) {
				/* the member must still be whole: zeros */
				if (res->error[0] == '\0')
					snprintf(res->error, sizeof(res->error),
					    "read error at byte %llu: %s; the "
					    "rest is zeros in the archive",
					    (unsigned long long)off, r < 0 ?
					    strerror(-r) : "short file");
				memset(x->buf, 0, want);
				got = want;
			}
			EVP_DigestUpdate(sha, x->buf, got);
			if (archive_write_data(x->a, x->buf, got) < 0)
				goto out;
			x->bytes += got;
		}
		pos = end;
	}
	if (write_hole(x, sha, zero, st->size - pos) < 0)
		goto out;
	res->bytes = st->size;
	rc = 0;
out:
	free(zero);
	return rc;
}

static void
sha_hex(EVP_MD_CTX *sha, char *out)
{
	unsigned char	md[32];

	EVP_DigestFinal_ex(sha, md, NULL);
	digest_hex(md, sizeof(md), out);
}

int
exp_archive_add_node(struct exp_archive *x, struct fsr_tree *tree,
    const char *path, const struct fsr_node *node, const struct fsr_stat *st,
    struct exp_result *res, char *err, size_t errlen)
{
	struct archive_entry	*e = archive_entry_new(), *spare = NULL;
	struct xattr_arg	 xa = { x, e };
	EVP_MD_CTX		*sha = NULL;
	char			 target[EXP_PATH_MAX];
	struct region		*reg = NULL;
	uint64_t		 off = 0;
	size_t			 got = 0, want, nreg = 0, i;
	int			 rc = -1, r;

	memset(res, 0, sizeof(*res));
	if (e == NULL) {
		snprintf(err, errlen, "libarchive: out of memory");
		return -1;
	}
	fill_entry(x, e, path, node, st);
	if (S_ISLNK(st->mode)) {
		r = fsr_readlink(tree, node, target, sizeof(target));
		if (r < 0) {
			snprintf(res->error, sizeof(res->error), "readlink: %s",
			    strerror(-r));
			res->skipped = true;
			rc = 0;
			goto out;
		}
		archive_entry_set_symlink(e, target);
	}
	if ((r = fsr_xattrs(tree, node, on_xattr, &xa)) < 0 && r != -ENOTSUP)
		snprintf(res->error, sizeof(res->error), "xattrs: %s",
		    strerror(-r));
	if (S_ISREG(st->mode) && st->size > 0) {
		/*
		 * A file whose first block is bad is left out whole, before
		 * the link resolver hears of it (no link to a missing member).
		 */
		want = st->size < WRITE_CHUNK ? (size_t)st->size : WRITE_CHUNK;
		if ((r = fsr_pread(tree, node, x->buf, want, 0, &got)) < 0) {
			snprintf(res->error, sizeof(res->error), "read error "
			    "at byte 0: %s", strerror(-r));
			res->skipped = true;
			rc = 0;
			goto out;
		}
	}
	if (S_ISREG(st->mode)) {
		archive_entry_linkify(x->links, &e, &spare);
		if (archive_entry_hardlink(e) != NULL) {
			res->hardlink = true;
			snprintf(res->link, sizeof(res->link), "/%s",
			    archive_entry_hardlink(e));
		}
	}
	if (S_ISREG(st->mode) && !res->hardlink) {
		if ((sha = EVP_MD_CTX_new()) == NULL ||
		    EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) {
			snprintf(err, errlen, "libcrypto: no SHA-256");
			goto out;
		}
		if (st->blocks < st->size)
			nreg = sparse_map(tree, node, st->size, &reg);
		for (i = 0; i < nreg; i++)
			archive_entry_sparse_add_entry(e,
			    (la_int64_t)reg[i].off, (la_int64_t)reg[i].len);
	}
	if (archive_write_header(x->a, e) < ARCHIVE_WARN) {
		archive_fail(x, path, err, errlen);
		goto out;
	}
	if (nreg > 0) {
		if (write_regions(x, tree, node, st, reg, nreg, sha, res) < 0) {
			archive_fail(x, path, err, errlen);
			goto out;
		}
		sha_hex(sha, res->sha256);
	} else if (sha != NULL) {
		while (got > 0) {
			EVP_DigestUpdate(sha, x->buf, got);
			if (archive_write_data(x->a, x->buf, got) < 0) {
				archive_fail(x, path, err, errlen);
				goto out;
			}
			off += got;
			x->bytes += got;
			if (off >= st->size)
				break;
			want = st->size - off < WRITE_CHUNK ?
			    (size_t)(st->size - off) : WRITE_CHUNK;
			got = 0;
			if ((r = fsr_pread(tree, node, x->buf, want, off,
			    &got)) < 0) {
				/* libarchive pads the member with zeros. */
				snprintf(res->error, sizeof(res->error),
				    "read error at byte %llu: %s; the rest is "
				    "zeros in the archive",
				    (unsigned long long)off, strerror(-r));
				break;
			}
		}
		if (res->error[0] == '\0' && off < st->size)
			snprintf(res->error, sizeof(res->error), "the file "
			    "ends at byte %llu, before its size; the rest is "
			    "zeros in the archive", (unsigned long long)off);
		res->bytes = off;
		if (off == st->size)
			sha_hex(sha, res->sha256);
	}
	if (archive_write_finish_entry(x->a) < ARCHIVE_WARN) {
		archive_fail(x, path, err, errlen);
		goto out;
	}
	rc = 0;
out:
	free(reg);
	EVP_MD_CTX_free(sha);
	archive_entry_free(e);
	archive_entry_free(spare);
	return rc;
}

int
exp_archive_close(struct exp_archive *x, char *err, size_t errlen)
{
	int	rc = 0;

	if (x == NULL)
		return 0;
	if (archive_write_close(x->a) != ARCHIVE_OK) {
		archive_fail(x, "closing the archive", err, errlen);
		rc = -1;
	}
	archive_write_free(x->a);
	archive_entry_linkresolver_free(x->links);
	free(x->buf);
	free(x);
	return rc;
}
