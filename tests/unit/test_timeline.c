/*
 * test_timeline.c - the timeline's pieces without a disk: bodyfile lines
 * as fls writes them, mactime's merged letters, the window, csv quoting,
 * paths from parent links (loops cut), and the timestomping checks
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rescue.h"
#include "timeline/timeline.h"
#include "unit.h"

static char *
body(const struct tl_name *nm)
{
	char	*buf = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&buf, &n);

	tl_body_line(f, nm);
	fclose(f);
	return buf;
}

/* Set one part of a packed time, the other kept. */
static void
set_sec(struct tl_inode *in, unsigned k, int64_t sec)
{
	tl_set_time(in, k, sec, tl_nsec(in, k));
}

static void
set_nsec(struct tl_inode *in, unsigned k, uint32_t nsec)
{
	tl_set_time(in, k, tl_sec(in, k), nsec);
}

static struct tl_inode
file_inode(uint64_t ino, uint32_t mode, int64_t t)
{
	struct tl_inode	in;
	int		k;

	memset(&in, 0, sizeof(in));
	in.ino = ino;
	in.mode = mode;
	in.size = 42;
	in.uid = 1000;
	in.gid = 100;
	for (k = 0; k < 4; k++)
		tl_set_time(&in, (unsigned)k, t, 123);
	in.flags = TL_CRTIME | TL_NSEC;
	return in;
}

TEST(timeline_body_line_as_fls)
{
	struct tl_inode	in = file_inode(12, S_IFREG | 04755, 1700000000);
	struct tl_name	nm = { .path = "/usr/bin/x", .pathlen = 10, .ino = 12,
			    .type = DT_REG, .in = &in };
	char		*s;

	set_sec(&in, TL_M, 1600000000);
	s = body(&nm);
	ASSERT_STR(s, "0|/usr/bin/x|12|r/rrwsr-xr-x|1000|100|42|1700000000|"
	    "1600000000|1700000000|1700000000\n");
	free(s);
	nm.deleted = true;
	nm.realloc = true;
	s = body(&nm);
	ASSERT(strstr(s, "0|/usr/bin/x (deleted-realloc)|12|") == s);
	free(s);
	/* A removed entry with no inode: fls prints zeros. */
	nm.in = NULL;
	nm.ino = 0;
	nm.realloc = false;
	s = body(&nm);
	ASSERT_STR(s, "0|/usr/bin/x (deleted)|0|r/----------|0|0|0|0|0|0|0\n");
	free(s);
}

TEST(timeline_body_escapes_names)
{
	struct tl_inode	in = file_inode(13, S_IFLNK | 0777, 1);
	struct tl_name	nm = { .path = "/a\nb", .pathlen = 4, .ino = 13,
			    .type = DT_LNK, .in = &in, .link = "t\x1b" };
	char		*s = body(&nm);

	ASSERT(strncmp(s, "0|/a\\nb -> t\\x1b|13|l/lrwxrwxrwx|", 33) == 0);
	ASSERT(strchr(s, '\n') == s + strlen(s) - 1);
	free(s);
	/* A symlink kept in extents: fls prints no target, nor do we. */
	in.flags |= TL_LINK_EXTENTS;
	s = body(&nm);
	ASSERT(strncmp(s, "0|/a\\nb|13|", 11) == 0);
	free(s);
}

TEST(timeline_events_merge_and_window)
{
	struct tl_inode		in = file_inode(5, S_IFREG | 0644, 100);
	struct tl_name		nm = { .path = "/f", .pathlen = 2, .ino = 5,
				    .in = &in, .id = 7 };
	struct tl_events	evs;
	char			m[5];

	tl_events_init(&evs, 100, TIME_NONE, TIME_NONE);
	set_sec(&in, TL_M, 50);
	set_nsec(&in, TL_C, 124);	/* same second, other ns: its own event */
	tl_events_add(&evs, 0, &nm);
	tl_events_sort(&evs);
	ASSERT_INT(evs.n, 3);
	ASSERT_INT(evs.ev[0].sec, 50);
	tl_macb_str(evs.ev[0].macb, m);
	ASSERT_STR(m, "m...");
	tl_macb_str(evs.ev[1].macb, m);
	ASSERT_STR(m, ".a.b");
	tl_macb_str(evs.ev[2].macb, m);
	ASSERT_STR(m, "..c.");
	ASSERT_INT(evs.ev[2].id, 7);
	tl_events_free(&evs);

	evs.since = 60;
	evs.until = 200;
	tl_events_add(&evs, 0, &nm);
	ASSERT_INT(evs.n, 2);
	tl_events_free(&evs);

	/* No birth time kept: no b event, and 0 times are left out. */
	evs.since = evs.until = TIME_NONE;
	in.flags = 0;
	set_sec(&in, TL_A, 0);
	set_nsec(&in, TL_A, 0);
	tl_events_add(&evs, 0, &nm);
	ASSERT_INT(evs.n, 2);
	tl_events_free(&evs);
}

/* Events past the bound come out in later passes, in order, each once. */
TEST(timeline_events_passes)
{
	struct tl_inode		in[50];
	struct tl_name		nm;
	struct tl_events	one, small;
	struct tl_event		all[200];
	size_t			i, nall = 0, passes = 0, n;

	for (i = 0; i < 50; i++) {
		in[i] = file_inode(i + 1, S_IFREG | 0644,
		    (int64_t)((i * 7919) % 101));
		set_sec(&in[i], TL_M, (int64_t)((i * 104729) % 37));
		set_nsec(&in[i], TL_C, (uint32_t)i);
	}
	tl_events_init(&one, 1000, TIME_NONE, TIME_NONE);
	tl_events_init(&small, 7, TIME_NONE, TIME_NONE);
	memset(&nm, 0, sizeof(nm));
	for (i = 0; i < 50; i++) {
		nm.in = &in[i];
		nm.id = (uint32_t)i;
		tl_events_add(&one, 0, &nm);
	}
	tl_events_sort(&one);
	ASSERT(!tl_events_next_pass(&one));
	ASSERT(one.n > 100);
	do {
		for (i = 0; i < 50; i++) {
			nm.in = &in[i];
			nm.id = (uint32_t)i;
			tl_events_add(&small, 0, &nm);
		}
		tl_events_sort(&small);
		ASSERT(small.n <= 7);
		for (n = 0; n < small.n && nall < 200; n++)
			all[nall++] = small.ev[n];
		passes++;
	} while (tl_events_next_pass(&small) && passes < 100);
	ASSERT_INT(nall, one.n);
	ASSERT_INT(passes, (one.n + 6) / 7);
	ASSERT(memcmp(all, one.ev, nall * sizeof(*all)) == 0);
	tl_events_free(&one);
	tl_events_free(&small);
}

/* Packed times: ext4's whole range, ns to 2^30 - 1; beyond it, clamped. */
TEST(timeline_packed_times)
{
	struct tl_inode	in;

	memset(&in, 0, sizeof(in));
	tl_set_time(&in, TL_A, -((int64_t)1 << 31), 0);
	tl_set_time(&in, TL_M, ((int64_t)1 << 34) - ((int64_t)1 << 31) - 1,
	    (1U << 30) - 1);
	tl_set_time(&in, TL_C, 0, 0);
	tl_set_time(&in, TL_B, INT64_MAX, 5);
	ASSERT_INT(tl_sec(&in, TL_A), -((int64_t)1 << 31));
	ASSERT_INT(tl_nsec(&in, TL_A), 0);
	ASSERT_INT(tl_sec(&in, TL_M),
	    ((int64_t)1 << 34) - ((int64_t)1 << 31) - 1);
	ASSERT_INT(tl_nsec(&in, TL_M), (1U << 30) - 1);
	ASSERT_INT(tl_sec(&in, TL_C), 0);
	ASSERT_INT(tl_sec(&in, TL_B), TL_SEC_LIMIT - 1);
	ASSERT_INT(tl_nsec(&in, TL_B), 5);
	tl_set_time(&in, TL_B, INT64_MIN, 0);
	ASSERT_INT(tl_sec(&in, TL_B), -TL_SEC_BIAS);
	ASSERT_INT(sizeof(struct tl_inode), 64);
}

TEST(timeline_csv_quotes_and_escapes)
{
	struct tl_inode	 in = file_inode(9, S_IFREG | 0600, 0);
	struct tl_name	 nm = { .path = "/x\",y\n", .pathlen = 6, .ino = 9,
			    .in = &in };
	struct tl_event	 ev = { .sec = 0, .nsec = 5, .macb = 1 << TL_M };
	char		*buf = NULL;
	size_t		 n = 0;
	FILE		*f = open_memstream(&buf, &n);

	tl_csv_event(f, &ev, &nm, "u\"");
	fclose(f);
	ASSERT_STR(buf, "1970-01-01T00:00:00.000000005Z,m...,\"/x\"\",y\\n\","
	    "9,42,1000,\"u\"\"\",100,-rw-------,no\n");
	free(buf);
}

/* A hand-made filesystem: / (2) holds d (3), d holds f (4) and g (5). */
struct fake {
	struct tl_fs	t;
	struct tl_inode	in[4];
	struct tl_ent	ent[3];
	char		arena[8];
};

static void
fake_fs(struct fake *k)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->arena, "dfg", 3);
	k->in[0] = file_inode(2, S_IFDIR | 0755, 1000000);
	k->in[1] = file_inode(3, S_IFDIR | 0755, 1000000);
	k->in[2] = file_inode(4, S_IFREG | 0644, 1000000);
	k->in[3] = file_inode(5, S_IFREG | 0644, 1000000);
	k->ent[0] = (struct tl_ent){ .dir = 2, .ino = 3, .name = 0, .len = 1,
	    .type = DT_DIR };
	k->ent[1] = (struct tl_ent){ .dir = 3, .ino = 4, .name = 1, .len = 1,
	    .type = DT_REG };
	k->ent[2] = (struct tl_ent){ .dir = 3, .ino = 5, .name = 2, .len = 1,
	    .type = DT_REG };
	k->in[1].ref = 1;
	k->t.root = 2;
	k->t.in = k->in;
	k->t.nin = 4;
	k->t.ent = k->ent;
	k->t.nent = 3;
	k->t.arena = k->arena;
	k->t.narena = 3;
	strcpy(k->t.prefix, "/srv");
}

TEST(timeline_paths_from_parent_links)
{
	struct fake	k;
	struct tl_name	nm;
	struct tl_inode	tmp;
	char		buf[TL_PATH_MAX];

	fake_fs(&k);
	ASSERT_INT(tl_name_get(&k.t, 2, &nm, buf, sizeof(buf), &tmp), 0);
	ASSERT_STR(nm.path, "/srv/d/g");
	ASSERT_INT(nm.ino, 5);
	ASSERT(nm.in == &k.in[3]);
	ASSERT_INT(tl_name_get(&k.t, 99, &nm, buf, sizeof(buf), &tmp), -1);
	/* A forged loop: d is named inside itself. */
	k.ent[0].dir = 3;
	ASSERT_INT(tl_name_get(&k.t, 1, &nm, buf, sizeof(buf), &tmp), 0);
	ASSERT(strncmp(nm.path, "/srv/$OrphanFiles/OrphanFile-3/", 31) == 0);
}

struct got {
	int	n;
	int	check;
	char	path[64];
};

static void
got_finding(const struct tl_finding *f, void *arg)
{
	struct got	*g = arg;

	g->n++;
	g->check = (int)f->check;
	snprintf(g->path, sizeof(g->path), "%.*s", (int)f->pathlen, f->path);
}

static int
feed(const struct tl_name *nm, void *arg)
{
	tl_stomp_name(arg, nm);
	return FSR_WALK_CONT;
}

static void
run_stomp(struct fake *k, struct got *g)
{
	struct tl_stomp	*s = tl_stomp_new(got_finding, g);

	memset(g, 0, sizeof(*g));
	tl_stomp_fs(s, &k->t);
	tl_fs_names(&k->t, feed, s);
	tl_stomp_fs_end(s);
	tl_stomp_free(s);
}

TEST(timeline_stomp_mtime_before_birth)
{
	struct fake	k;
	struct got	g;

	fake_fs(&k);
	run_stomp(&k, &g);
	ASSERT_INT(g.n, 0);
	/* An old mtime alone is what dpkg and tar leave: quiet. */
	set_sec(&k.in[3], TL_M, 1000);
	run_stomp(&k, &g);
	ASSERT_INT(g.n, 0);
	/* ... with the inode changed hours after its birth: found. */
	set_sec(&k.in[3], TL_C, tl_sec(&k.in[3], TL_C) + 7200);
	run_stomp(&k, &g);
	ASSERT_INT(g.n, 1);
	ASSERT_INT(g.check, TL_CHECK_MTIME_BEFORE_CRTIME);
	ASSERT_STR(g.path, "/srv/d/g");
	set_sec(&k.in[2], TL_M, 1000);
	set_sec(&k.in[2], TL_C, tl_sec(&k.in[2], TL_C) + 7200);
	run_stomp(&k, &g);
	ASSERT_INT(g.n, 2);
}

TEST(timeline_stomp_zero_nsec)
{
	struct fake	k;
	struct got	g;
	int		i;

	fake_fs(&k);
	/* Only one file of two has ns kept: too many zeros, quiet. */
	for (i = 0; i < 4; i++)
		set_nsec(&k.in[3], i, 0);
	run_stomp(&k, &g);
	ASSERT_INT(g.n, 0);
}
