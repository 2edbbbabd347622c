/*
 * test_path.c - path resolution never leaves the server's tree
 *
 * Built on the directory backend over a tree made in the test's own
 * directory, so each case is a few symlinks, no disk image.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "fsread.h"

struct fixture {
	struct fsr_fs	*root, *mnt;
	struct fsr_tree	*t;
};

static int
setup(struct fixture *f)
{
	char	err[FSR_ERRMSG_MAX], name[32], target[32];
	int	i;

	memset(f, 0, sizeof(*f));
	if (mkdir("srv", 0755) || mkdir("srv/etc", 0755) ||
	    mkdir("srv/mnt", 0755) || mkdir("srv/dev", 0755) ||
	    mkdir("other", 0755) || mkdir("other/sub", 0755))
		return -1;
	unit_write("srv/etc/passwd", "server\n", 7);
	unit_write("other/sub/file", "mounted\n", 8);
	if (symlink("../../../../etc/shadow", "srv/etc/x") ||
	    symlink("/etc/passwd", "srv/etc/abs") ||
	    symlink("passwd", "srv/etc/rel") ||
	    symlink("/loop2", "srv/loop1") || symlink("/loop1", "srv/loop2") ||
	    symlink("/dev/null", "srv/histfile") ||
	    symlink("/etc", "srv/etclink") ||
	    symlink("/etc/passwd", "other/sub/abs") ||
	    symlink("../..", "other/sub/up"))
		return -1;
	/* chain0 -> chain1 -> ... -> chain40 -> /etc/passwd: 41 links */
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "srv/chain%d", i);
		if (i == 40)
			snprintf(target, sizeof(target), "/etc/passwd");
		else
			snprintf(target, sizeof(target), "chain%d", i + 1);
		if (symlink(target, name))
			return -1;
	}
	if ((f->root = fsr_dirfs_open("srv", err, sizeof(err))) == NULL ||
	    (f->mnt = fsr_dirfs_open("other", err, sizeof(err))) == NULL)
		return -1;
	if ((f->t = fsr_tree_new(f->root)) == NULL)
		return -1;
	return fsr_tree_attach(f->t, "/mnt", f->mnt, "test");
}

static void
teardown(struct fixture *f)
{
	fsr_tree_free(f->t);
	fsr_fs_close(f->root);
	fsr_fs_close(f->mnt);
}

static int
read_str(struct fixture *f, const char *path, char *buf, size_t len)
{
	char	*data;
	size_t	 n;
	int	 rc;

	if ((rc = fsr_slurp(f->t, path, 1024, &data, &n)) < 0)
		return rc;
	snprintf(buf, len, "%s", data);
	free(data);
	return 0;
}

TEST(path_relative_escape_stays_inside)
{
	struct fixture	f;
	struct fsr_node	n;
	char		real[256];

	ASSERT_INT(setup(&f), 0);
	/* The host has /etc/shadow; the server tree does not. */
	ASSERT_INT(fsr_lookup(f.t, "/etc/x", 0, &n, real, sizeof(real)),
	    -ENOENT);
	ASSERT_STR(real, "/etc/shadow");
	teardown(&f);
}

TEST(path_absolute_links_start_at_server_root)
{
	struct fixture	f;
	char		buf[64];

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(read_str(&f, "/etc/abs", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	ASSERT_INT(read_str(&f, "/etc/rel", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	ASSERT_INT(read_str(&f, "/etclink/passwd", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	teardown(&f);
}

TEST(path_dotdot_stops_at_root)
{
	struct fixture	f;
	char		buf[64];

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(read_str(&f, "/../../../etc/passwd", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	ASSERT_INT(read_str(&f, "/etc/../etc/./passwd", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	teardown(&f);
}

TEST(path_loops_end_with_eloop)
{
	struct fixture	f;
	struct fsr_node	n;

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(fsr_lookup(f.t, "/loop1", 0, &n, NULL, 0), -ELOOP);
	/* 41 links is one too many; 40 is allowed. */
	ASSERT_INT(fsr_lookup(f.t, "/chain0", 0, &n, NULL, 0), -ELOOP);
	ASSERT_INT(fsr_lookup(f.t, "/chain1", 0, &n, NULL, 0), 0);
	ASSERT_INT(fsr_lookup(f.t, "/loop1", FSR_NOFOLLOW, &n, NULL, 0), 0);
	teardown(&f);
}

TEST(path_dev_null_is_named_not_followed)
{
	struct fixture	f;
	struct fsr_node	n;
	char		real[256];

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(fsr_lookup(f.t, "/histfile", 0, &n, real, sizeof(real)),
	    -ENOENT);
	ASSERT_STR(real, "/dev/null");
	teardown(&f);
}

TEST(path_mounts_crossed_both_ways)
{
	struct fixture	f;
	char		buf[64], real[256];
	struct fsr_node	n;

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(read_str(&f, "/mnt/sub/file", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "mounted\n");
	/* An absolute link inside the mount starts at the server's root. */
	ASSERT_INT(read_str(&f, "/mnt/sub/abs", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	/* ".." out of the mount's root goes back to the root filesystem. */
	ASSERT_INT(read_str(&f, "/mnt/../etc/passwd", buf, sizeof(buf)), 0);
	ASSERT_STR(buf, "server\n");
	ASSERT_INT(fsr_lookup(f.t, "/mnt/sub/up/etc/passwd", 0, &n, real,
	    sizeof(real)), 0);
	ASSERT_STR(real, "/etc/passwd");
	teardown(&f);
}

TEST(path_not_a_directory)
{
	struct fixture	f;
	struct fsr_node	n;

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(fsr_lookup(f.t, "/etc/passwd/x", 0, &n, NULL, 0),
	    -ENOTDIR);
	ASSERT_INT(fsr_lookup(f.t, "relative", 0, &n, NULL, 0), -EINVAL);
	teardown(&f);
}

TEST(slurp_refuses_big_files)
{
	struct fixture	f;
	char		*buf;
	size_t		 len;

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(fsr_slurp(f.t, "/etc/passwd", 3, &buf, &len), -EFBIG);
	ASSERT(buf == NULL);
	ASSERT_INT(fsr_slurp(f.t, "/etc", 1024, &buf, &len), -EINVAL);
	teardown(&f);
}

struct walk_count {
	int	files, dirs, links;
};

static int
count_cb(const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, void *arg)
{
	struct walk_count	*c = arg;

	(void)path, (void)n;
	if (S_ISDIR(st->mode))
		c->dirs++;
	else if (S_ISLNK(st->mode))
		c->links++;
	else
		c->files++;
	return FSR_WALK_CONT;
}

TEST(walk_crosses_mounts_not_links)
{
	struct fixture		f;
	struct walk_count	c = { 0, 0, 0 };

	ASSERT_INT(setup(&f), 0);
	ASSERT_INT(fsr_walk(f.t, "/", count_cb, NULL, &c), 0);
	/* /, etc, mnt, dev, mnt/sub; files: passwd, mnt/sub/file */
	ASSERT_INT(c.dirs, 5);
	ASSERT_INT(c.files, 2);
	ASSERT_INT(c.links, 3 + 4 + 41 + 2);
	teardown(&f);
}
