/*
 * ext_io.h - the read-only io_manager that fs_ext.c hands to libext2fs
 */
#ifndef EXT_IO_H
#define EXT_IO_H

#include <sys/types.h>

#include <ext2fs/ext2fs.h>

/* What one channel reads: LEN bytes of DISK from OFFSET on. */
struct ext_io_source {
	struct fsr_disk	*disk;
	uint64_t	 offset;
	uint64_t	 size;
};

/* The name to pass to ext2fs_open2(); SRC must outlive the filesystem. */
void		ext_io_name(char *buf, size_t len, const struct ext_io_source *);
io_manager	ext_io_manager(void);

#endif
