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

/* Decimal V at P; returns the end.  printf is most of a bodyfile's cost. */
static char *
put_u64(char *p, uint64_t v)
{
	char	tmp[24];
	size_t	n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/*
 * Bytes from the disk through esc_write; a plain ASCII name (most of
 * them), which esc_write would pass unchanged, goes out in one write.
 */
static void
put_name(FILE *f, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e ||
		    s[i] == '\\')
			break;
	if (i == len)
		fwrite(s, 1, len, f);
	else
		esc_write(f, s, len);
}

void
tl_body_line(FILE *f, const struct tl_name *nm)
{
	const struct tl_inode	*in = nm->in;
	char			 line[256], *p = line;
	unsigned		 k;

	fputs("0|", f);
	put_name(f, nm->path, nm->pathlen);
	/* TSK 4.11 reads no target from extents: as fls, for mactime. */
	if (nm->link != NULL && (in == NULL ||
	    !(in->flags & TL_LINK_EXTENTS))) {
		fputs(" -> ", f);
		put_name(f, nm->link, strlen(nm->link));
	}
	if (nm->deleted)
		fputs(nm->realloc ? " (deleted-realloc)" : " (deleted)", f);
	*p++ = '|';
	p = put_u64(p, nm->ino);
	*p++ = '|';
	if (nm->virt) {
		memcpy(p, "V/V---------|0|0|0|0|0|0|0\n", 27);
		fwrite(line, 1, (size_t)(p - line) + 27, f);
		return;
	}
	tl_body_mode(nm->type, in, p);
	p += 12;
	if (in == NULL) {
		memcpy(p, "|0|0|0|0|0|0|0\n", 15);
		fwrite(line, 1, (size_t)(p - line) + 15, f);
		return;
	}
	*p++ = '|';
	p = put_u64(p, in->uid);
	*p++ = '|';
	p = put_u64(p, in->gid);
	*p++ = '|';
	p = put_u64(p, in->size);
	/* TSK prints 32-bit times: so does mactime's input. */
	for (k = 0; k < 4; k++) {
		*p++ = '|';
		p = put_u64(p, k == TL_B && nm->no_crtime ? 0 :
		    (uint32_t)tl_sec(in, k));
	}
	*p++ = '\n';
	fwrite(line, 1, (size_t)(p - line), f);
}
