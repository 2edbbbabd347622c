/*
 * ext_map.h - where one file's blocks are, as sorted runs, so that reads
 * of large and sparse files go straight to the disk and skip holes
 */
#ifndef EXT_MAP_H
#define EXT_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include <sys/types.h>

#include <ext2fs/ext2fs.h>

struct ext_run {
	uint64_t	lblk;		/* first logical block */
	uint64_t	pblk;		/* first physical block */
	uint64_t	len;		/* blocks */
	bool		zero;		/* unwritten extent: reads as zeros */
};

struct ext_map {
	struct ext_run	*runs;
	size_t		 n, cap;
};

#define EXT_MAP_MAXRUNS	(4u << 20)	/* more: a forged file, read slowly */

/*
 * The runs of inode INO (extent-mapped or block-mapped, not inline).
 * Returns 0, an errcode_t from libext2fs, or EXT2_ET_TOO_MANY_REFS when
 * the file has more than EXT_MAP_MAXRUNS runs.  Release with
 * ext_map_release() in every case.
 */
errcode_t	ext_map_build(ext2_filsys, ext2_ino_t ino,
		    struct ext2_inode *, struct ext_map *);
void		ext_map_release(struct ext_map *);

/*
 * The run holding LBLK (*INSIDE true), else the first run after it
 * (*INSIDE false), else NULL: a hole to the end of the file.
 */
const struct ext_run *ext_map_find(const struct ext_map *, uint64_t lblk,
		    bool *inside);

#endif
