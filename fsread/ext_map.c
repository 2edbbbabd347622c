/*
 * ext_map.c - a file's block map as runs of contiguous blocks
 *
 * libext2fs' own ext2fs_file_read() maps and copies one block at a time,
 * which takes minutes for a 5 GiB sparse file; with the runs in hand a
 * read is one pread per run and a memset per hole.
 */
#include <stdlib.h>
#include <string.h>

#include "ext_map.h"

static errcode_t
add_run(struct ext_map *m, uint64_t lblk, uint64_t pblk, uint64_t len,
    bool zero)
{
	struct ext_run	*r;

	if (m->n > 0) {
		r = &m->runs[m->n - 1];
		if (!zero && !r->zero && r->lblk + r->len == lblk &&
		    r->pblk + r->len == pblk) {
			r->len += len;
			return 0;
		}
	}
	if (m->n == EXT_MAP_MAXRUNS)
		return EXT2_ET_TOO_MANY_REFS;
	if (m->n == m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 16;
		r = realloc(m->runs, ncap * sizeof(*r));
		if (r == NULL)
			return EXT2_ET_NO_MEMORY;
		m->runs = r;
		m->cap = ncap;
	}
	m->runs[m->n++] = (struct ext_run){ lblk, pblk, len, zero };
	return 0;
}

static errcode_t
map_extents(ext2_filsys fs, ext2_ino_t ino, struct ext2_inode *in,
    struct ext_map *m)
{
	ext2_extent_handle_t	h;
	struct ext2fs_extent	e;
	errcode_t		rc;
	int			op = EXT2_EXTENT_ROOT;
	unsigned long		steps = 0;

	if ((rc = ext2fs_extent_open2(fs, ino, in, &h)))
		return rc;
	for (;;) {
		rc = ext2fs_extent_get(h, op, &e);
		op = EXT2_EXTENT_NEXT;
		if (rc == EXT2_ET_EXTENT_NO_NEXT) {
			rc = 0;
			break;
		}
		/* A forged tree must not keep us walking forever. */
		if (rc || ++steps > 4 * (unsigned long)EXT_MAP_MAXRUNS) {
			rc = rc ? rc : EXT2_ET_TOO_MANY_REFS;
			break;
		}
		if (!(e.e_flags & EXT2_EXTENT_FLAGS_LEAF) ||
		    (e.e_flags & EXT2_EXTENT_FLAGS_SECOND_VISIT) ||
		    e.e_len == 0)
			continue;
		rc = add_run(m, e.e_lblk, e.e_pblk, e.e_len,
		    (e.e_flags & EXT2_EXTENT_FLAGS_UNINIT) != 0);
		if (rc)
			break;
	}
	ext2fs_extent_free(h);
	return rc;
}

struct iter_ctx {
	struct ext_map	*m;
	errcode_t	 rc;
};

static int
block_cb(ext2_filsys fs, blk64_t *blocknr, e2_blkcnt_t blockcnt,
    blk64_t ref_blk, int ref_offset, void *arg)
{
	struct iter_ctx	*c = arg;

	(void)fs, (void)ref_blk, (void)ref_offset;
	if (blockcnt < 0 || *blocknr == 0)
		return 0;
	if ((c->rc = add_run(c->m, (uint64_t)blockcnt, *blocknr, 1, false)))
		return BLOCK_ABORT;
	return 0;
}

static int
by_lblk(const void *a, const void *b)
{
	const struct ext_run	*x = a, *y = b;

	return x->lblk < y->lblk ? -1 : x->lblk > y->lblk;
}

errcode_t
ext_map_build(ext2_filsys fs, ext2_ino_t ino, struct ext2_inode *in,
    struct ext_map *m)
{
	struct iter_ctx	c = { m, 0 };
	errcode_t	rc;

	memset(m, 0, sizeof(*m));
	if (in->i_flags & EXT4_EXTENTS_FL) {
		rc = map_extents(fs, ino, in, m);
	} else {
		rc = ext2fs_block_iterate3(fs, ino, BLOCK_FLAG_DATA_ONLY |
		    BLOCK_FLAG_READ_ONLY, NULL, block_cb, &c);
		if (rc == 0)
			rc = c.rc;
	}
	/* A valid map is sorted already; a forged one must become so. */
	if (rc == 0 && m->n > 1)
		qsort(m->runs, m->n, sizeof(*m->runs), by_lblk);
	return rc;
}

void
ext_map_release(struct ext_map *m)
{
	free(m->runs);
	memset(m, 0, sizeof(*m));
}

const struct ext_run *
ext_map_find(const struct ext_map *m, uint64_t lblk, bool *inside)
{
	size_t	lo = 0, hi = m->n, mid;

	/* The first run whose end lies past LBLK. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->runs[mid].lblk + m->runs[mid].len <= lblk)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->n) {
		*inside = false;
		return NULL;
	}
	*inside = m->runs[lo].lblk <= lblk;
	return &m->runs[lo];
}
