/*
 * fuzz_timeline.c - libFuzzer target for the timeline over arbitrary
 * bytes as a disk: the inode scan, the directory blocks parsed word by
 * word, the name join with its parent chains, bodyfile lines, events
 * and the timestomping checks
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsread.h"
#include "rescue.h"
#include "timeline/timeline.h"

struct fz {
	FILE			*null;
	struct tl_events	 evs;
	struct tl_stomp		*stomp;
};

static int
name_cb(const struct tl_name *nm, void *arg)
{
	struct fz	*z = arg;

	tl_body_line(z->null, nm);
	tl_events_add(&z->evs, 0, nm);
	tl_stomp_name(z->stomp, nm);
	return FSR_WALK_CONT;
}

static void
finding_cb(const struct tl_finding *f, void *arg)
{
	fprintf(arg, "%d %.*s\n", (int)f->check, (int)f->pathlen, f->path);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 path[] = "/tmp/fuzz-timeline.XXXXXX";
	char			 err[FSR_ERRMSG_MAX], buf[TL_PATH_MAX];
	struct fsr_server	*s;
	struct fsr_tree		*t;
	const struct fsr_mount	*m;
	struct tl_fs		 fs;
	struct tl_name		 nm;
	struct tl_inode		 tmp;
	struct fz		 z;
	size_t			 i;
	int			 fd;

	if ((fd = mkstemp(path)) < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	memset(&z, 0, sizeof(z));
	z.null = fopen("/dev/null", "w");
	z.evs.since = z.evs.until = TIME_NONE;
	z.stomp = tl_stomp_new(finding_cb, z.null);
	if (z.null != NULL && (s = fsr_server_new()) != NULL) {
		if (fsr_server_add_disk(s, path, err, sizeof(err)) == 0 &&
		    fsr_server_assemble(s, NULL, err, sizeof(err)) == 0 &&
		    (t = fsr_server_tree(s)) != NULL &&
		    fsr_tree_nmounts(t) > 0) {
			m = fsr_tree_mount(t, 0);
			tl_fs_load(&fs, t, m->fs, m->path, false, NULL, NULL);
			tl_stomp_fs(z.stomp, &fs);
			tl_fs_names(&fs, name_cb, &z);
			tl_stomp_fs_end(z.stomp);
			tl_events_sort(&z.evs);
			for (i = 0; i < z.evs.n; i++)
				if (tl_name_get(&fs, z.evs.ev[i].id, &nm, buf,
				    sizeof(buf), &tmp) == 0)
					tl_csv_event(z.null, &z.evs.ev[i], &nm,
					    NULL);
			tl_fs_free(&fs);
		}
		fsr_server_free(s);
	}
	tl_events_free(&z.evs);
	tl_stomp_free(z.stomp);
	if (z.null != NULL)
		fclose(z.null);
	unlink(path);
	return 0;
}
