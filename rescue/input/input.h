/*
 * input.h - the server's log files as byte streams and as lines: plain
 * or gzip, any size, in bounded memory; and a rotated family (wtmp,
 * wtmp.1, wtmp-20261101.gz ...) in the order it was written
 *
 * Everything is read through fsread: a path here is inside the server.
 */
#ifndef RESCUE_INPUT_H
#define RESCUE_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fsread.h"

/* A longer line is cut here, flagged, and the rest of it skipped. */
#define INPUT_LINE_MAX	(64 * 1024)
/* A gzip member expanding past this is cut: a bomb, not a log. */
#define INPUT_GUNZIP_MAX	((uint64_t)16 << 30)

struct instream;

/*
 * Open PATH (symlinks followed inside the server) for reading; gzip is
 * recognised by its magic, not its name.  Returns NULL with the reason
 * in ERR (a whole message naming PATH) on failure; -ENOENT in *ERRNUM
 * lets a caller keep quiet about a file that is simply not there.
 * Result must be passed to instream_close().
 */
struct instream	*instream_open(struct fsr_tree *, const char *path,
		    int *errnum, char *err, size_t errlen);
void		 instream_close(struct instream *);

const struct fsr_stat *instream_stat(const struct instream *);
bool		 instream_gzip(const struct instream *);
const char	*instream_path(const struct instream *);
/* Bytes handed out so far (decompressed). */
uint64_t	 instream_offset(const struct instream *);

/*
 * Up to LEN bytes of content.  Returns the count, 0 at the end, or -1
 * on an error (instream_errmsg), after which the stream is at its end.
 * A truncated or corrupt gzip yields what decompressed cleanly and
 * then the error.
 */
ssize_t		 instream_read(struct instream *, void *buf, size_t len);
const char	*instream_errmsg(const struct instream *);

/*
 * For readers of text: a hole of the file (bytes it does not store, a
 * sparse file's zeros) longer than 2 MiB comes out as its first 2 MiB of
 * NULs and the stream goes on after it.  Every text reader's line cap is
 * below that, so what it finds is the same, and a 16 TiB sparse history
 * takes a second, not hours.  instream_getline() does this by itself.
 * Not for binary records (wtmp): their alignment would change.
 */
void		 instream_squeeze_holes(struct instream *);

/*
 * For readers of records: the length of the hole at the stream's
 * position (0: data, or a gzip stream), and a jump over N bytes of it
 * (returns the bytes passed).  A hole reads as zeros, so the records it
 * spans are all-zero records.
 */
uint64_t	 instream_hole(struct instream *);
uint64_t	 instream_skip(struct instream *, uint64_t n);

/*
 * The next line, without its newline, in *LINE (valid until the next
 * call) and *LEN.  Lines longer than INPUT_LINE_MAX come back cut with
 * *CUT set.  Returns 1, 0 at the end, -1 on an error (the lines before
 * it were good).  A last line without a newline is still a line.
 */
int		 instream_getline(struct instream *, const char **line,
		    size_t *len, bool *cut);
/* Number of the line getline returned last, from 1. */
long		 instream_lineno(const struct instream *);

/* One file of a rotated family. */
struct logfile {
	char		*path;
	struct fsr_stat	 st;
	bool		 gz;		/* by its name */
	/*
	 * Where it stands in the rotation, from its name: 0 the current
	 * file, else the N of BASE.N or the date of BASE-DATE.
	 */
	enum { LOG_CURRENT, LOG_NUMBERED, LOG_DATED }	kind;
	uint64_t	 num;
};

struct logset {
	struct logfile	*files;		/* oldest first, current last */
	size_t		 n;
};

/*
 * The files in directory DIR named BASE, BASE.N, BASE.N.gz, BASE-DATE,
 * BASE-DATE.gz or BASE.gz (logrotate's forms, DATE being 8 digits
 * or YYYYMMDDHH), regular files only, oldest first.  A missing DIR is
 * an empty set.  Returns 0 or -errno.
 */
int		 logset_find(struct fsr_tree *, const char *dir,
		    const char *base, struct logset *);
void		 logset_free(struct logset *);

/*
 * The server's zone from its /etc/localtime.  NULL when there is none
 * (*ERRNUM -ENOENT) or it cannot be read or parsed (*WHY says why, valid
 * until the tree's next call).  Result must be passed to tz_free().
 */
struct tz;
struct tz	*server_zone(struct fsr_tree *, int *errnum, const char **why);

#endif
