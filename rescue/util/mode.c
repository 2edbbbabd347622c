/*
 * mode.c - file modes as ls(1) and stat(1) print them
 */
#include <sys/stat.h>

#include "util.h"

void
mode_str(uint32_t m, char *b)
{
	switch (m & S_IFMT) {
	case S_IFDIR:	b[0] = 'd'; break;
	case S_IFLNK:	b[0] = 'l'; break;
	case S_IFCHR:	b[0] = 'c'; break;
	case S_IFBLK:	b[0] = 'b'; break;
	case S_IFIFO:	b[0] = 'p'; break;
	case S_IFSOCK:	b[0] = 's'; break;
	case S_IFREG:	b[0] = '-'; break;
	default:	b[0] = '?'; break;
	}
	b[1] = m & S_IRUSR ? 'r' : '-';
	b[2] = m & S_IWUSR ? 'w' : '-';
	b[3] = m & S_ISUID ? (m & S_IXUSR ? 's' : 'S') : (m & S_IXUSR ? 'x' : '-');
	b[4] = m & S_IRGRP ? 'r' : '-';
	b[5] = m & S_IWGRP ? 'w' : '-';
	b[6] = m & S_ISGID ? (m & S_IXGRP ? 's' : 'S') : (m & S_IXGRP ? 'x' : '-');
	b[7] = m & S_IROTH ? 'r' : '-';
	b[8] = m & S_IWOTH ? 'w' : '-';
	b[9] = m & S_ISVTX ? (m & S_IXOTH ? 't' : 'T') : (m & S_IXOTH ? 'x' : '-');
	b[10] = '\0';
}

const char *
mode_type(uint32_t m)
{
	switch (m & S_IFMT) {
	case S_IFDIR:	return "directory";
	case S_IFLNK:	return "symlink";
	case S_IFCHR:	return "character device";
	case S_IFBLK:	return "block device";
	case S_IFIFO:	return "fifo";
	case S_IFSOCK:	return "socket";
	case S_IFREG:	return "regular file";
	}
	return "unknown type";
}
