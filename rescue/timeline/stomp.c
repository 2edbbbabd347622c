/*
 * stomp.c - times that were set back: the timestomping checks
 *
 * Package managers, tar and cp -p all give a file an old mtime on a new
 * inode, so an old mtime alone means nothing.  What they do not do is
 * change the inode later than writing it takes (touch -r after the
 * drop, even from a script a few seconds on) while its mtime stays in
 * the past, nor leave all three kernel-kept times without nanoseconds.
 * dpkg renames its files (a ctime) at the end of a package's unpack:
 * a big package's come by the hundred in one minute, and are quiet.
 * Many files changed in the same minute had a bulk operation (chown -R,
 * a restore), and a system directory where many programs changed had
 * an upgrade, not a hand-placed file: those stay quiet.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "timeline/timeline.h"
#include "util/util.h"

#define DAY		86400
#define LAG		10	/* s: tar, cp -p, dpkg set times at once */
#define LAG_RATE	(50u << 20)	/* bytes/s: writing a big file takes
					   longer than LAG */
#define MAX_PER_DIR	3	/* more alike in a directory: a bulk change */
#define MAX_PER_MINUTE	5	/* more changed in one minute: chown -R */

struct cand {
	uint32_t		 id;
	const struct tl_inode	*in;
	unsigned		 checks;	/* 1 << enum tl_check */
};

struct tl_stomp {
	tl_finding_fn	*fn;
	void		*arg;
	struct tl_fs	*t;
	bool		 zero_ok;	/* ns of 0 are normal on this fs */
	/* The directory whose entries are coming in. */
	uint64_t	 dir;
	bool		 have_dir, sysdir;
	size_t		 nfiles, nchanged;	/* regular; ctime >> crtime */
	struct cand	*c;
	size_t		 nc, capc;
	/* mtime_before_crtime candidates of the whole filesystem. */
	struct cand	*late;
	size_t		 nlate, caplate;
};

struct tl_stomp *
tl_stomp_new(tl_finding_fn *fn, void *arg)
{
	struct tl_stomp	*s = xcalloc(1, sizeof(*s));

	s->fn = fn;
	s->arg = arg;
	return s;
}

void
tl_stomp_free(struct tl_stomp *s)
{
	if (s == NULL)
		return;
	free(s->c);
	free(s->late);
	free(s);
}

void
tl_stomp_fs(struct tl_stomp *s, struct tl_fs *t)
{
	size_t	i, files = 0, zero = 0;

	s->t = t;
	s->have_dir = false;
	s->nc = 0;
	s->nlate = 0;
	/*
	 * Inodes written by mkfs -d, by debugfs or by a kernel with coarse
	 * times carry ctimes without nanoseconds by the thousand: there a
	 * zero proves nothing.  A kernel-kept ext4 has next to none.
	 */
	for (i = 0; i < t->nin; i++) {
		if (!S_ISREG(t->in[i].mode) || (t->in[i].flags & TL_UNALLOC))
			continue;
		files++;
		if (tl_nsec(&t->in[i], TL_C) == 0)
			zero++;
	}
	s->zero_ok = files == 0 || zero * 100 > files;
}

static bool
is_sysdir(const char *path, size_t len)
{
	static const char *const exact[] = { "/bin", "/sbin", "/usr/bin",
	    "/usr/sbin", "/usr/local/bin", "/usr/local/sbin" };
	size_t	i, n;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		n = strlen(exact[i]);
		if (len == n && memcmp(path, exact[i], n) == 0)
			return true;
	}
	/* /lib, /lib64, /usr/lib/x86_64-linux-gnu/... */
	return (len >= 4 && memcmp(path, "/lib", 4) == 0) ||
	    (len >= 8 && memcmp(path, "/usr/lib", 8) == 0);
}

static bool
is_elf(struct tl_fs *t, uint64_t ino)
{
	struct fsr_node	node = { t->fs, ino };
	unsigned char	magic[4];
	size_t		got = 0;

	return fsr_pread(t->tree, &node, magic, sizeof(magic), 0, &got) == 0 &&
	    got == 4 && memcmp(magic, "\177ELF", 4) == 0;
}

static void
report(struct tl_stomp *s, const struct cand *c, enum tl_check check)
{
	struct tl_finding	 f;
	struct tl_name		 nm;
	struct tl_inode		 tmp;
	char			 path[TL_PATH_MAX], detail[256];
	char			 a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	const struct tl_inode	*in = c->in;

	if (tl_name_get(s->t, c->id, &nm, path, sizeof(path), &tmp) < 0)
		return;
	time_iso_ns(tl_sec(in, TL_M), tl_nsec(in, TL_M), a, sizeof(a));
	switch (check) {
	case TL_CHECK_MTIME_BEFORE_CRTIME:
		time_iso(tl_sec(in, TL_B), b, sizeof(b));
		snprintf(detail, sizeof(detail), "mtime %s, created %s, "
		    "inode changed %" PRId64 " s after it was created", a, b,
		    tl_sec(in, TL_C) - tl_sec(in, TL_B));
		break;
	case TL_CHECK_ZERO_NSEC:
		snprintf(detail, sizeof(detail), "mtime %s: atime, mtime and "
		    "ctime all without nanoseconds, on a filesystem that keeps "
		    "them", a);
		break;
	case TL_CHECK_SYSBIN_CTIME:
		time_iso(tl_sec(in, TL_C), b, sizeof(b));
		snprintf(detail, sizeof(detail), "mtime %s, ctime %s: changed "
		    "%" PRId64 " days after it was made, unlike its "
		    "neighbours", a, b, (tl_sec(in, TL_C) - tl_sec(in, TL_B)) / DAY);
		break;
	}
	memset(&f, 0, sizeof(f));
	f.check = check;
	f.path = nm.path;
	f.pathlen = nm.pathlen;
	f.detail = detail;
	f.time = tl_sec(in, TL_C);
	f.ino = nm.ino;
	s->fn(&f, s->arg);
}

/* The directory is complete: judge its candidates against the others. */
static void
flush(struct tl_stomp *s)
{
	size_t		i;
	unsigned	bit = 1U << TL_CHECK_MTIME_BEFORE_CRTIME;

	for (i = 0; i < s->nc; i++) {
		if (s->c[i].checks & bit) {
			/* Judged with the whole filesystem, at its end. */
			if (s->nlate == s->caplate) {
				s->caplate = s->caplate ? s->caplate * 2 : 16;
				s->late = xrealloc(s->late, s->caplate *
				    sizeof(*s->late));
			}
			s->late[s->nlate++] = s->c[i];
		}
		if (s->c[i].checks & (1U << TL_CHECK_ZERO_NSEC))
			report(s, &s->c[i], TL_CHECK_ZERO_NSEC);
		if ((s->c[i].checks & (1U << TL_CHECK_SYSBIN_CTIME)) &&
		    s->nchanged <= MAX_PER_DIR && s->nchanged * 4 < s->nfiles &&
		    is_elf(s->t, s->c[i].in->ino))
			report(s, &s->c[i], TL_CHECK_SYSBIN_CTIME);
	}
	s->nc = 0;
	s->nfiles = s->nchanged = 0;
}

static int
by_ctime(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	return tl_sec(x->in, TL_C) < tl_sec(y->in, TL_C) ? -1 :
	    tl_sec(x->in, TL_C) > tl_sec(y->in, TL_C);
}

/* Report the late changes that are few in their minute. */
static void
flush_late(struct tl_stomp *s)
{
	size_t	i, j, k;

	if (s->nlate > 1)
		qsort(s->late, s->nlate, sizeof(*s->late), by_ctime);
	for (i = 0; i < s->nlate; i = j) {
		for (j = i + 1; j < s->nlate && tl_sec(s->late[j].in, TL_C) -
		    tl_sec(s->late[i].in, TL_C) < 60; j++)
			;
		if (j - i > MAX_PER_MINUTE)
			continue;
		for (k = i; k < j; k++)
			report(s, &s->late[k], TL_CHECK_MTIME_BEFORE_CRTIME);
	}
	s->nlate = 0;
}

void
tl_stomp_name(struct tl_stomp *s, const struct tl_name *nm)
{
	const struct tl_inode	*in = nm->in;
	const char		*slash;
	unsigned		 checks = 0;
	bool			 changed;

	if (nm->virt || nm->deleted || in == NULL || !S_ISREG(in->mode) ||
	    (in->flags & TL_UNALLOC))
		return;
	if (!s->have_dir || nm->dir != s->dir) {
		flush(s);
		s->dir = nm->dir;
		s->have_dir = true;
		slash = memrchr(nm->path, '/', nm->pathlen);
		s->sysdir = slash != NULL && is_sysdir(nm->path,
		    (size_t)(slash - nm->path));
	}
	s->nfiles++;
	/* Changed after it was made (chmod, chown, touch, a write). */
	changed = (in->flags & TL_CRTIME) && tl_sec(in, TL_B) != 0 &&
	    tl_sec(in, TL_C) - tl_sec(in, TL_B) >
	    (int64_t)(LAG + in->size / LAG_RATE);
	if (changed && tl_sec(in, TL_B) - tl_sec(in, TL_M) > DAY)
		checks |= 1U << TL_CHECK_MTIME_BEFORE_CRTIME;
	if (!s->zero_ok && (in->flags & TL_NSEC) && tl_sec(in, TL_C) != 0 &&
	    tl_nsec(in, TL_A) == 0 && tl_nsec(in, TL_M) == 0 && tl_nsec(in, TL_C) == 0)
		checks |= 1U << TL_CHECK_ZERO_NSEC;
	if (s->sysdir && changed && tl_sec(in, TL_C) - tl_sec(in, TL_B) > DAY) {
		s->nchanged++;
		if (tl_sec(in, TL_C) - tl_sec(in, TL_M) > DAY)
			checks |= 1U << TL_CHECK_SYSBIN_CTIME;
	}
	if (checks == 0)
		return;
	if (s->nc == s->capc) {
		s->capc = s->capc ? s->capc * 2 : 16;
		s->c = xrealloc(s->c, s->capc * sizeof(*s->c));
	}
	s->c[s->nc].id = nm->id;
	s->c[s->nc].in = in;
	s->c[s->nc].checks = checks;
	s->nc++;
}

void
tl_stomp_fs_end(struct tl_stomp *s)
{
	flush(s);
	flush_late(s);
	s->have_dir = false;
	s->t = NULL;
}
