/*
 * body.c - the TSK 3.x bodyfile line, as `fls -r -m /` writes it, so
 * that mactime reads rescue's output as it reads fls's
 *
 * MD5|name|inode|mode|UID|GID|size|atime|mtime|ctime|crtime, MD5 "0",
 * times in whole seconds (32 bits, as TSK prints them).  The name goes
 * through the escaping every report uses, where fls would print a
 * control byte as '^': an attacker's file name must not forge a line.
 */
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "timeline/timeline.h"
#include "util/util.h"

/* TSK's letters for an entry's type (tsk_fs_name_type_str). */
static char
name_char(int dtype)
{
	switch (dtype) {
	case DT_REG:	return 'r';
	case DT_DIR:	return 'd';
	case DT_LNK:	return 'l';
	case DT_CHR:	return 'c';
	case DT_BLK:	return 'b';
	case DT_FIFO:	return 'p';
	case DT_SOCK:	return 's';
	default:	return '-';
	}
}

/* And for an inode's (tsk_fs_meta_type_str). */
static char
meta_char(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:	return 'r';
	case S_IFDIR:	return 'd';
	case S_IFLNK:	return 'l';
	case S_IFCHR:	return 'c';
	case S_IFBLK:	return 'b';
	case S_IFIFO:	return 'p';
	case S_IFSOCK:	return 's';
	default:	return '-';
	}
}

void
tl_body_mode(int dtype, const struct tl_inode *in, char buf[16])
{
	buf[0] = name_char(dtype);
	buf[1] = '/';
	if (in == NULL) {
		memcpy(buf + 2, "----------", 11);
		return;
	}
	mode_str(in->mode, buf + 2);
	buf[2] = meta_char(in->mode);
}

void
tl_body_line(FILE *f, const struct tl_name *nm)
{
	const struct tl_inode	*in = nm->in;
	char			 mode[16];

	fputs("0|", f);
	esc_write(f, nm->path, nm->pathlen);
	/* TSK 4.11 reads no target from extents: as fls, for mactime. */
	if (nm->link != NULL && (in == NULL ||
	    !(in->flags & TL_LINK_EXTENTS))) {
		fputs(" -> ", f);
		esc_puts(f, nm->link);
	}
	if (nm->deleted)
		fputs(nm->realloc ? " (deleted-realloc)" : " (deleted)", f);
	if (nm->virt) {
		fprintf(f, "|%" PRIu64 "|V/V---------|0|0|0|0|0|0|0\n",
		    nm->ino);
		return;
	}
	tl_body_mode(nm->type, in, mode);
	if (in == NULL) {
		fprintf(f, "|%" PRIu64 "|%s|0|0|0|0|0|0|0\n", nm->ino, mode);
		return;
	}
	fprintf(f, "|%" PRIu64 "|%s|%" PRIu32 "|%" PRIu32 "|%" PRIu64
	    "|%" PRIu32 "|%" PRIu32 "|%" PRIu32 "|%" PRIu32 "\n", nm->ino,
	    mode, in->uid, in->gid, in->size, (uint32_t)in->sec[TL_A],
	    (uint32_t)in->sec[TL_M], (uint32_t)in->sec[TL_C],
	    (uint32_t)in->sec[TL_B]);
}
