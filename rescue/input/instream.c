/*
 * instream.c - a server file as a stream of bytes and of bounded lines,
 * gunzipped on the fly when it starts with gzip's magic
 *
 * Memory is two 64 KiB buffers and one line of at most INPUT_LINE_MAX,
 * whatever the file's size.  A line that fits the content buffer is
 * handed out in place; only a line cut by the buffer's end is copied.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "input/input.h"
#include "util/util.h"

#define CHUNK	(64 * 1024)
#define HOLE_KEEP	((uint64_t)2 << 20)

struct instream {
	struct fsr_tree	*tree;
	struct fsr_node	 node;
	struct fsr_stat	 st;
	char		*path;
	uint64_t	 file_off;	/* next byte of the file to read */
	uint64_t	 out_off;	/* content bytes handed out */
	bool		 eof;		/* no more content */
	bool		 squeeze;	/* long holes cut to HOLE_KEEP NULs */
	uint64_t	 hole_left;	/* NULs still to give for a hole */
	uint64_t	 hole_end;	/* then go on from here */
	char		 err[512];

	/* gzip */
	bool		 gz;
	bool		 zlive;		/* inside a member */
	z_stream	 z;
	unsigned char	*raw;
	size_t		 rawpos, rawlen;
	bool		 raweof;
	uint64_t	 member_out;	/* content of the current member */

	/* lines */
	char		*cbuf;
	size_t		 cpos, clen;
	char		*line;		/* a line cut by cbuf's end */
	size_t		 linelen;
	long		 lineno;
	bool		 lines_eof;
};

static void
fail(struct instream *in, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(in->err, sizeof(in->err), "%s: ", in->path);
	if (n < 0 || (size_t)n >= sizeof(in->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(in->err + n, sizeof(in->err) - (size_t)n, fmt, ap);
	va_end(ap);
	in->eof = true;
}

/*
 * A hole the file does not store, longer than HOLE_KEEP: its first
 * HOLE_KEEP NULs, then the data after it.  No text reader keeps a line
 * that long (the longest cap is a unit file's 1 MiB), so each sees what
 * it would have seen reading every zero, in a fraction of the time.
 */
static size_t
squeezed_hole(struct instream *in, void *buf, size_t len)
{
	uint64_t	data;

	if (in->hole_left == 0) {
		if (fsr_next_data(in->tree, &in->node, in->file_off,
		    &data) < 0 || data <= in->file_off + HOLE_KEEP)
			return 0;
		in->hole_left = HOLE_KEEP;
		in->hole_end = data;
	}
	if (len > in->hole_left)
		len = (size_t)in->hole_left;
	memset(buf, 0, len);
	in->hole_left -= len;
	in->file_off = in->hole_left == 0 ? in->hole_end : in->file_off + len;
	return len;
}

/* Raw bytes of the file into BUF; -1 on a read error. */
static ssize_t
read_file(struct instream *in, void *buf, size_t len)
{
	size_t	got = 0;
	int	rc;

	if (in->file_off >= in->st.size)
		return 0;
	if (in->squeeze && (got = squeezed_hole(in, buf, len)) > 0)
		return (ssize_t)got;
	if (len > in->st.size - in->file_off)
		len = (size_t)(in->st.size - in->file_off);
	rc = fsr_pread(in->tree, &in->node, buf, len, in->file_off, &got);
	if (rc < 0) {
		fail(in, "read error at byte %llu: %s",
		    (unsigned long long)in->file_off, strerror(-rc));
		return -1;
	}
	in->file_off += got;
	return (ssize_t)got;
}

struct instream *
instream_open(struct fsr_tree *tree, const char *path, int *errnum,
    char *err, size_t errlen)
{
	struct instream	*in;
	unsigned char	 magic[2];
	size_t		 got = 0;
	int		 rc;

	in = xcalloc(1, sizeof(*in));
	in->tree = tree;
	in->path = xstrdup(path);
	rc = fsr_stat_path(tree, path, 0, &in->node, &in->st);
	if (rc == 0 && !S_ISREG(in->st.mode))
		rc = S_ISDIR(in->st.mode) ? -EISDIR : -EINVAL;
	if (rc == 0 && in->st.size >= 2)
		rc = fsr_pread(tree, &in->node, magic, 2, 0, &got);
	if (rc < 0) {
		if (errnum != NULL)
			*errnum = -rc;
		if (rc == -EINVAL)
			snprintf(err, errlen, "%s: not a regular file", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		instream_close(in);
		return NULL;
	}
	in->gz = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
	in->cbuf = xmalloc(CHUNK);
	if (in->gz)
		in->raw = xmalloc(CHUNK);
	return in;
}

uint64_t
instream_hole(struct instream *in)
{
	uint64_t	data;

	if (in->gz || in->eof || in->hole_left > 0 ||
	    fsr_next_data(in->tree, &in->node, in->file_off, &data) < 0 ||
	    data <= in->file_off)
		return 0;
	return data - in->file_off;
}

uint64_t
instream_skip(struct instream *in, uint64_t n)
{
	if (in->gz || in->eof || in->hole_left > 0)
		return 0;
	if (n > in->st.size - in->file_off)
		n = in->st.size - in->file_off;
	in->file_off += n;
	in->out_off += n;
	return n;
}

void
instream_squeeze_holes(struct instream *in)
{
	in->squeeze = true;
}

void
instream_close(struct instream *in)
{
	if (in == NULL)
		return;
	if (in->zlive)
		inflateEnd(&in->z);
	free(in->raw);
	free(in->cbuf);
	free(in->line);
	free(in->path);
	free(in);
}

const struct fsr_stat *
instream_stat(const struct instream *in)
{
	return &in->st;
}

bool
instream_gzip(const struct instream *in)
{
	return in->gz;
}

const char *
instream_path(const struct instream *in)
{
	return in->path;
}

uint64_t
instream_offset(const struct instream *in)
{
	return in->out_off;
}

const char *
instream_errmsg(const struct instream *in)
{
	return in->err;
}

/* Refill the raw buffer; false at the end of the file or on an error. */
static bool
fill_raw(struct instream *in)
{
	ssize_t	n;

	if (in->rawpos < in->rawlen)
		return true;
	if (in->raweof)
		return false;
	if ((n = read_file(in, in->raw, CHUNK)) <= 0) {
		in->raweof = true;
		return false;
	}
	in->rawpos = 0;
	in->rawlen = (size_t)n;
	return true;
}

/*
 * Start the next gzip member, if the bytes after the last one are
 * another.  gzip(1) concatenates members; anything else after one
 * (zeros from a crash, junk) ends the content quietly, as gzip -d does
 * with a warning.
 */
static bool
next_member(struct instream *in)
{
	unsigned char	*p;

	if (!fill_raw(in))
		return false;
	p = in->raw + in->rawpos;
	if (in->rawlen - in->rawpos >= 2 && (p[0] != 0x1f || p[1] != 0x8b))
		return false;
	memset(&in->z, 0, sizeof(in->z));
	if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK) {
		fail(in, "cannot start gzip decoder");
		return false;
	}
	in->zlive = true;
	in->member_out = 0;
	return true;
}

static ssize_t
read_gzip(struct instream *in, void *buf, size_t len)
{
	int	zr;
	size_t	out;

	for (;;) {
		if (!in->zlive && !next_member(in))
			return 0;
		if (!fill_raw(in)) {
			if (in->err[0] == '\0')
				fail(in, "gzip data ends early (truncated "
				    "after %llu bytes of content)",
				    (unsigned long long)in->out_off);
			return -1;
		}
		in->z.next_in = in->raw + in->rawpos;
		in->z.avail_in = (uInt)(in->rawlen - in->rawpos);
		in->z.next_out = buf;
		in->z.avail_out = (uInt)len;
		zr = inflate(&in->z, Z_NO_FLUSH);
		in->rawpos = in->rawlen - in->z.avail_in;
		out = len - in->z.avail_out;
		in->member_out += out;
		if (zr == Z_STREAM_END) {
			inflateEnd(&in->z);
			in->zlive = false;
		} else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			fail(in, "corrupt gzip data after %llu bytes of "
			    "content (%s)", (unsigned long long)
			    (in->out_off + out), in->z.msg ? in->z.msg :
			    "inflate error");
			if (out > 0)
				return (ssize_t)out;	/* the error next time */
			return -1;
		}
		if (in->member_out > INPUT_GUNZIP_MAX) {
			fail(in, "gzip expands past %llu GiB: not read further",
			    (unsigned long long)(INPUT_GUNZIP_MAX >> 30));
			return out > 0 ? (ssize_t)out : -1;
		}
		if (out > 0)
			return (ssize_t)out;
	}
}

ssize_t
instream_read(struct instream *in, void *buf, size_t len)
{
	ssize_t	n;

	if (in->eof)
		return in->err[0] != '\0' ? -1 : 0;
	if (len > CHUNK)
		len = CHUNK;	/* zlib counts in uInt */
	n = in->gz ? read_gzip(in, buf, len) : read_file(in, buf, len);
	if (n > 0)
		in->out_off += (uint64_t)n;
	else if (n == 0)
		in->eof = true;
	return n;
}

/* Keep the start of a line the buffer cut, up to the cap. */
static void
keep_part(struct instream *in, const char *p, size_t n, bool *cut)
{
	if (in->linelen + n > INPUT_LINE_MAX) {
		n = INPUT_LINE_MAX - in->linelen;
		*cut = true;
	}
	if (n == 0)
		return;
	if (in->line == NULL)
		in->line = xmalloc(INPUT_LINE_MAX);
	memcpy(in->line + in->linelen, p, n);
	in->linelen += n;
}

int
instream_getline(struct instream *in, const char **line, size_t *len,
    bool *cut)
{
	const char	*p, *nl;
	ssize_t		 n;
	size_t		 avail;
	bool		 carried = false;

	*cut = false;
	in->linelen = 0;
	in->squeeze = true;	/* the same lines, holes or not */
	for (;;) {
		if (in->cpos == in->clen) {
			n = in->lines_eof ? 0 : instream_read(in, in->cbuf,
			    CHUNK);
			if (n <= 0) {
				in->lines_eof = true;
				if (carried)
					break;	/* a last line, no newline */
				return n < 0 || in->err[0] != '\0' ? -1 : 0;
			}
			in->cpos = 0;
			in->clen = (size_t)n;
		}
		p = in->cbuf + in->cpos;
		avail = in->clen - in->cpos;
		nl = memchr(p, '\n', avail);
		if (nl != NULL && !carried) {
			in->cpos += (size_t)(nl - p) + 1;
			in->lineno++;
			*line = p;
			*len = (size_t)(nl - p);
			return 1;
		}
		carried = true;
		keep_part(in, p, nl ? (size_t)(nl - p) : avail, cut);
		in->cpos += nl ? (size_t)(nl - p) + 1 : avail;
		if (nl != NULL)
			break;
	}
	in->lineno++;
	*line = in->line != NULL ? in->line : "";
	*len = in->linelen;
	return 1;
}

long
instream_lineno(const struct instream *in)
{
	return in->lineno;
}
