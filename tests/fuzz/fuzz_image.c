/*
 * fuzz_image.c - libFuzzer target for the whole read path: volume
 * probing, the ext backend, tree assembly from the image's own fstab,
 * path resolution, and reading every file, over arbitrary bytes
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsread.h"

struct budget {
	struct fsr_tree	*t;
	unsigned	 files;
};

static int
visit(const char *path, const struct fsr_node *n, const struct fsr_stat *st,
    void *arg)
{
	struct budget	*b = arg;
	char		 buf[4096], target[4096];
	size_t		 got;
	uint64_t	 off = 0;

	(void)path;
	if (++b->files > 2000)
		return FSR_WALK_STOP;
	if (S_ISLNK(st->mode))
		fsr_readlink(b->t, n, target, sizeof(target));
	if (S_ISREG(st->mode))
		while (off < st->size && off < (1 << 20) &&
		    fsr_pread(b->t, n, buf, sizeof(buf), off, &got) == 0 &&
		    got > 0)
			off += got;
	return FSR_WALK_CONT;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 path[] = "/tmp/fuzz-image.XXXXXX";
	char			 err[FSR_ERRMSG_MAX];
	struct fsr_server	*s;
	struct budget		 b = { NULL, 0 };
	struct fsr_node		 n;
	int			 fd;

	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	if ((s = fsr_server_new()) != NULL &&
	    fsr_server_add_disk(s, path, err, sizeof(err)) == 0 &&
	    fsr_server_assemble(s, NULL, err, sizeof(err)) == 0) {
		b.t = fsr_server_tree(s);
		fsr_lookup(b.t, "/etc/../../etc/passwd", 0, &n, NULL, 0);
		fsr_walk(b.t, "/", visit, NULL, &b);
	}
	fsr_server_free(s);
	unlink(path);
	return 0;
}
