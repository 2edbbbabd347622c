/*
 * test_digest.c - one read, two digests: the FIPS test vector, and a
 * file of several chunks against coreutils' md5sum and sha256sum
 */
#include <stdlib.h>
#include <sys/stat.h>

#include "unit.h"
#include "fsread.h"
#include "util/digest.h"

static int
count_chunks(const void *buf, size_t len, uint64_t off, void *arg)
{
	(void)buf;
	(void)len;
	(void)off;
	(*(int *)arg)++;
	return 0;
}

/* The first word of a command's output. */
static void
first_word(const char *cmd, char *out, size_t len)
{
	FILE	*p = popen(cmd, "r");

	out[0] = '\0';
	if (p == NULL)
		return;
	if (fscanf(p, "%64s", out) != 1)
		out[0] = '\0';
	pclose(p);
	(void)len;
}

TEST(digest_vectors_and_chunks)
{
	struct fsr_fs		*fs;
	struct fsr_tree		*t;
	struct fsr_node		 n;
	struct fsr_stat		 st;
	struct file_digest	 d;
	char			 err[256], hex[65], want[80];
	char			*big;
	size_t			 i, len = 3 * 256 * 1024 + 4097;
	int			 chunks = 0;

	ASSERT(mkdir("srv", 0755) == 0);
	unit_write("srv/abc", "abc", 3);
	big = malloc(len);
	for (i = 0; i < len; i++)
		big[i] = (char)(i * 7 + i / 251);
	unit_write("srv/big", big, len);
	free(big);
	fs = fsr_dirfs_open("srv", err, sizeof(err));
	ASSERT(fs != NULL);
	t = fsr_tree_new(fs);

	ASSERT_INT(fsr_stat_path(t, "/abc", 0, &n, &st), 0);
	ASSERT_INT(digest_node(t, &n, st.size, DIGEST_MD5 | DIGEST_SHA256, &d,
	    NULL, NULL, err, sizeof(err)), 0);
	digest_hex(d.md5, 16, hex);
	ASSERT_STR(hex, "900150983cd24fb0d6963f7d28e17f72");
	digest_hex(d.sha256, 32, hex);
	ASSERT_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");

	ASSERT_INT(fsr_stat_path(t, "/big", 0, &n, &st), 0);
	ASSERT_INT(digest_node(t, &n, st.size, DIGEST_MD5 | DIGEST_SHA256, &d,
	    count_chunks, &chunks, err, sizeof(err)), 0);
	ASSERT_INT(d.bytes, len);
	ASSERT_INT(chunks, 4);
	digest_hex(d.sha256, 32, hex);
	first_word("sha256sum srv/big", want, sizeof(want));
	if (want[0] != '\0')
		ASSERT_STR(hex, want);
	digest_hex(d.md5, 16, hex);
	first_word("md5sum srv/big", want, sizeof(want));
	if (want[0] != '\0')
		ASSERT_STR(hex, want);
	fsr_tree_free(t);
	fsr_fs_close(fs);
}
