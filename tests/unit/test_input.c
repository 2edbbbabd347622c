/*
 * test_input.c - log streams: plain and gzip (several members, cut
 * short, corrupt), lines longer than the cap, rotated families in order
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "unit.h"
#include "fsread.h"
#include "input/input.h"

struct fixture {
	struct fsr_fs	*fs;
	struct fsr_tree	*t;
};

static void
open_tree(struct fixture *f)
{
	char	err[FSR_ERRMSG_MAX];

	f->fs = fsr_dirfs_open("srv", err, sizeof(err));
	ASSERT(f->fs != NULL);
	f->t = fsr_tree_new(f->fs);
	ASSERT(f->t != NULL);
}

static void
close_tree(struct fixture *f)
{
	fsr_tree_free(f->t);
	fsr_fs_close(f->fs);
}

/* LEN bytes of S gzipped as one member into *OUT (malloc'd). */
static size_t
gzip_mem(const char *s, size_t len, unsigned char **out)
{
	z_stream	z = { 0 };
	size_t		cap = len + 1024;

	*out = malloc(cap);
	if (deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (unsigned char *)s;
	z.avail_in = (uInt)len;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		cap = z.avail_out;	/* 0 bytes: the test fails */
	deflateEnd(&z);
	return cap - z.avail_out;
}

/* Every line of PATH joined with '|'; the getline result at the end. */
static int
lines(struct fixture *f, const char *path, char *buf, size_t len,
    unsigned *ncut)
{
	struct instream	*in;
	const char	*line;
	size_t		 n, used = 0;
	char		 err[256];
	bool		 cut;
	int		 rc;

	*ncut = 0;
	buf[0] = '\0';
	if ((in = instream_open(f->t, path, NULL, err, sizeof(err))) == NULL)
		return -2;
	while ((rc = instream_getline(in, &line, &n, &cut)) == 1) {
		*ncut += cut;
		if (n > 16)
			n = 16;		/* long lines: their start will do */
		if (used + n + 2 < len) {
			memcpy(buf + used, line, n);
			used += n;
			buf[used++] = '|';
			buf[used] = '\0';
		}
	}
	instream_close(in);
	return rc;
}

TEST(input_plain_lines)
{
	struct fixture	f;
	char		buf[256];
	unsigned	ncut;

	ASSERT(mkdir("srv", 0755) == 0);
	unit_write("srv/a", "one\ntwo\n\nlast", 13);
	unit_write("srv/empty", "", 0);
	open_tree(&f);
	ASSERT_INT(lines(&f, "/a", buf, sizeof(buf), &ncut), 0);
	ASSERT_STR(buf, "one|two||last|");
	ASSERT_INT(lines(&f, "/empty", buf, sizeof(buf), &ncut), 0);
	ASSERT_STR(buf, "");
	close_tree(&f);
}

TEST(input_long_line_cut)
{
	struct fixture	 f;
	struct instream	*in;
	const char	*line;
	size_t		 big = 3 * INPUT_LINE_MAX + 17, n;
	char		*s, err[256];
	bool		 cut;

	ASSERT(mkdir("srv", 0755) == 0);
	s = malloc(big + 10);
	memset(s, 'x', big);
	memcpy(s + big, "\nafter\n", 7);
	unit_write("srv/long", s, big + 7);
	free(s);
	open_tree(&f);
	in = instream_open(f.t, "/long", NULL, err, sizeof(err));
	ASSERT(in != NULL);
	ASSERT_INT(instream_getline(in, &line, &n, &cut), 1);
	ASSERT_INT(n, INPUT_LINE_MAX);
	ASSERT(cut);
	ASSERT_INT(instream_getline(in, &line, &n, &cut), 1);
	ASSERT(!cut);
	ASSERT_INT(n, 5);
	ASSERT(memcmp(line, "after", 5) == 0);
	ASSERT_INT(instream_lineno(in), 2);
	ASSERT_INT(instream_getline(in, &line, &n, &cut), 0);
	instream_close(in);
	close_tree(&f);
}

TEST(input_gzip_members_and_damage)
{
	struct fixture	 f;
	unsigned char	*a, *b, *both;
	size_t		 la, lb;
	char		 buf[256];
	unsigned	 ncut;

	ASSERT(mkdir("srv", 0755) == 0);
	la = gzip_mem("alpha\nbeta\n", 11, &a);
	lb = gzip_mem("gamma\n", 6, &b);
	both = malloc(la + lb + 512);
	memcpy(both, a, la);
	memcpy(both + la, b, lb);
	unit_write("srv/two.gz", both, la + lb);
	memset(both + la + lb, 0, 512);		/* a crash's zero blocks */
	unit_write("srv/zeros.gz", both, la + lb + 512);
	unit_write("srv/cut.gz", both, la + lb - 9);
	both[la + 12] ^= 0x55;
	unit_write("srv/bad.gz", both, la + lb);
	free(a);
	free(b);
	free(both);
	open_tree(&f);
	ASSERT_INT(lines(&f, "/two.gz", buf, sizeof(buf), &ncut), 0);
	ASSERT_STR(buf, "alpha|beta|gamma|");
	ASSERT_INT(lines(&f, "/zeros.gz", buf, sizeof(buf), &ncut), 0);
	ASSERT_STR(buf, "alpha|beta|gamma|");
	/* the first member survives a cut or a corrupt second one */
	ASSERT_INT(lines(&f, "/cut.gz", buf, sizeof(buf), &ncut), -1);
	ASSERT(strncmp(buf, "alpha|beta|", 11) == 0);
	ASSERT_INT(lines(&f, "/bad.gz", buf, sizeof(buf), &ncut), -1);
	ASSERT(strncmp(buf, "alpha|beta|", 11) == 0);
	close_tree(&f);
}

TEST(input_logset_order)
{
	static const char *const names[] = { "wtmp", "wtmp.1", "wtmp.2.gz",
	    "wtmp.10.gz", "wtmpdb", "wtmp.old", "btmp", "wtmp-x" };
	struct fixture	f;
	struct logset	set;
	size_t		i;

	ASSERT(mkdir("srv", 0755) == 0);
	ASSERT(mkdir("srv/log", 0755) == 0);
	ASSERT(mkdir("srv/log/wtmp.3", 0755) == 0);	/* not a file */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char	p[64];

		snprintf(p, sizeof(p), "srv/log/%s", names[i]);
		unit_write(p, "x", 1);
	}
	unit_write("srv/log/secure-20261101", "x", 1);
	unit_write("srv/log/secure-20261108.gz", "x", 1);
	unit_write("srv/log/secure-2026110800", "x", 1);
	unit_write("srv/log/secure", "x", 1);
	open_tree(&f);
	ASSERT_INT(logset_find(f.t, "/log", "wtmp", &set), 0);
	ASSERT_INT(set.n, 4);
	ASSERT_STR(set.files[0].path, "/log/wtmp.10.gz");
	ASSERT_STR(set.files[1].path, "/log/wtmp.2.gz");
	ASSERT_STR(set.files[2].path, "/log/wtmp.1");
	ASSERT_STR(set.files[3].path, "/log/wtmp");
	ASSERT(set.files[0].gz && !set.files[2].gz);
	logset_free(&set);
	ASSERT_INT(logset_find(f.t, "/log", "secure", &set), 0);
	ASSERT_INT(set.n, 4);
	ASSERT_STR(set.files[0].path, "/log/secure-20261101");
	ASSERT_STR(set.files[3].path, "/log/secure");
	logset_free(&set);
	ASSERT_INT(logset_find(f.t, "/nowhere", "wtmp", &set), 0);
	ASSERT_INT(set.n, 0);
	close_tree(&f);
}
