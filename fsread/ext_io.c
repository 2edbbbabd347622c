/*
 * ext_io.c - a read-only libext2fs io_manager over an fsread disk
 *
 * libext2fs normally opens a path itself; this manager reads through the
 * descriptor vol.c opened O_RDONLY, bounded to one partition, so the
 * evidence is opened in one place and a block number past the partition
 * cannot reach the next one.  Every write entry point fails with EROFS.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/types.h>

#include <ext2fs/ext2fs.h>

#include "fsr_int.h"
#include "ext_io.h"

#define CACHE_SLOTS	256	/* direct-mapped, one block each */

struct ext_io {
	struct fsr_disk	*disk;
	uint64_t	 offset;
	uint64_t	 size;
	unsigned char	*cache;		/* CACHE_SLOTS blocks */
	uint64_t	 tags[CACHE_SLOTS];	/* block + 1; 0 is empty */
	struct struct_io_stats stats;
};

static struct struct_io_manager ext_io_manager_s;

/* The channel's name carries the pointer to its struct ext_io_source. */
void
ext_io_name(char *buf, size_t len, const struct ext_io_source *src)
{
	snprintf(buf, len, "fsread:%p", (const void *)src);
}

static errcode_t
io_open(const char *name, int flags, io_channel *ret)
{
	const struct ext_io_source	*src = NULL;
	struct ext_io			*p;
	io_channel			 ch;

	if (flags & IO_FLAG_RW)
		return EROFS;
	if (name == NULL || sscanf(name, "fsread:%p", (void **)&src) != 1 ||
	    src == NULL)
		return EXT2_ET_BAD_DEVICE_NAME;
	ch = calloc(1, sizeof(*ch));
	p = calloc(1, sizeof(*p));
	if (ch == NULL || p == NULL)
		goto nomem;
	ch->name = strdup(name);
	if (ch->name == NULL)
		goto nomem;
	p->disk = src->disk;
	p->offset = src->offset;
	p->size = src->size;
	p->stats.num_fields = 2;
	ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	ch->manager = &ext_io_manager_s;
	ch->block_size = 1024;
	ch->refcount = 1;
	ch->private_data = p;
	*ret = ch;
	return 0;
nomem:
	if (ch != NULL)
		free(ch->name);
	free(ch);
	free(p);
	return EXT2_ET_NO_MEMORY;
}

static errcode_t
io_close(io_channel ch)
{
	struct ext_io	*p = ch->private_data;

	if (--ch->refcount > 0)
		return 0;
	free(p->cache);
	free(p);
	free(ch->name);
	free(ch);
	return 0;
}

static errcode_t
io_set_blksize(io_channel ch, int blksize)
{
	struct ext_io	*p = ch->private_data;

	if (blksize <= 0 || blksize > 65536)
		return EXT2_ET_INVALID_ARGUMENT;
	if (ch->block_size != blksize) {
		free(p->cache);
		p->cache = NULL;
		memset(p->tags, 0, sizeof(p->tags));
	}
	ch->block_size = blksize;
	return 0;
}

static errcode_t
raw_read(io_channel ch, uint64_t off, size_t len, void *buf)
{
	struct ext_io	*p = ch->private_data;

	/* Past the partition: zeros would hide corruption; fail instead. */
	if (off > p->size || len > p->size - off)
		return EXT2_ET_SHORT_READ;
	if (fsr_disk_pread(p->disk, buf, len, p->offset + off) < 0)
		return EXT2_ET_SHORT_READ;
	p->stats.bytes_read += len;
	return 0;
}

static errcode_t
io_read_blk64(io_channel ch, unsigned long long block, int count, void *data)
{
	struct ext_io	*p = ch->private_data;
	size_t		 bs = (size_t)ch->block_size, len;
	unsigned	 slot;
	errcode_t	 rc;

	len = count < 0 ? (size_t)-count : (size_t)count * bs;
	if (block > UINT64_MAX / bs)
		return EXT2_ET_SHORT_READ;

	/* Single blocks (directories, extent nodes, bitmaps) are cached. */
	if (count == 1) {
		if (p->cache == NULL &&
		    (p->cache = malloc(bs * CACHE_SLOTS)) == NULL)
			return raw_read(ch, block * bs, len, data);
		slot = (unsigned)(block % CACHE_SLOTS);
		if (p->tags[slot] == block + 1) {
			memcpy(data, p->cache + slot * bs, bs);
			return 0;
		}
		rc = raw_read(ch, block * bs, len, data);
		if (rc == 0) {
			memcpy(p->cache + slot * bs, data, bs);
			p->tags[slot] = block + 1;
		}
		return rc;
	}
	rc = raw_read(ch, block * bs, len, data);
	if (rc && ch->read_error)
		rc = ch->read_error(ch, (unsigned long)block, count, data,
		    len, 0, rc);
	return rc;
}

static errcode_t
io_read_blk(io_channel ch, unsigned long block, int count, void *data)
{
	return io_read_blk64(ch, block, count, data);
}

static errcode_t
io_write_blk64(io_channel ch, unsigned long long block, int count,
    const void *data)
{
	(void)ch, (void)block, (void)count, (void)data;
	return EROFS;
}

static errcode_t
io_write_blk(io_channel ch, unsigned long block, int count, const void *data)
{
	(void)ch, (void)block, (void)count, (void)data;
	return EROFS;
}

static errcode_t
io_write_byte(io_channel ch, unsigned long off, int count, const void *data)
{
	(void)ch, (void)off, (void)count, (void)data;
	return EROFS;
}

static errcode_t
io_flush(io_channel ch)
{
	(void)ch;
	return 0;
}

static errcode_t
io_set_option(io_channel ch, const char *opt, const char *arg)
{
	(void)ch, (void)opt, (void)arg;
	return EXT2_ET_INVALID_ARGUMENT;
}

static errcode_t
io_get_stats(io_channel ch, io_stats *stats)
{
	struct ext_io	*p = ch->private_data;

	*stats = &p->stats;
	return 0;
}

static errcode_t
io_discard(io_channel ch, unsigned long long block, unsigned long long count)
{
	(void)ch, (void)block, (void)count;
	return EROFS;
}

static errcode_t
io_zeroout(io_channel ch, unsigned long long block, unsigned long long count)
{
	(void)ch, (void)block, (void)count;
	return EROFS;
}

static struct struct_io_manager ext_io_manager_s = {
	.magic		= EXT2_ET_MAGIC_IO_MANAGER,
	.name		= "fsread read-only I/O manager",
	.open		= io_open,
	.close		= io_close,
	.set_blksize	= io_set_blksize,
	.read_blk	= io_read_blk,
	.write_blk	= io_write_blk,
	.flush		= io_flush,
	.write_byte	= io_write_byte,
	.set_option	= io_set_option,
	.get_stats	= io_get_stats,
	.read_blk64	= io_read_blk64,
	.write_blk64	= io_write_blk64,
	.discard	= io_discard,
	.zeroout	= io_zeroout,
};

io_manager
ext_io_manager(void)
{
	return &ext_io_manager_s;
}
