/*
 * fuzz_logins.c - libFuzzer target for the whole logins analyzer: the
 * input becomes one of the server's login files in a small tree (the
 * first byte says which), beside a fixed passwd, group and a sane wtmp,
 * and the analyzer runs over it with the JSON writer.  This reaches what
 * the parser targets do not: gzip streams, rotated sets, the address
 * table, session pairing across files and the judge.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "fsread.h"
#include "report/report.h"

extern const struct analyzer analyzer_logins;

static const char *const targets[] = {
	"var/log/wtmp", "var/log/btmp", "var/log/lastlog", "var/log/auth.log",
	"var/log/auth.log.1.gz", "var/log/wtmp.1.gz", "var/log/secure-20261101",
	"var/lib/wtmpdb/wtmp.db", "var/lib/lastlog/lastlog2.db", "run/utmp",
	"etc/localtime",
};
#define NTARGETS	(sizeof(targets) / sizeof(targets[0]))

static char	 root[64];

static void
put(const char *rel, const void *buf, size_t len)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (len > 0 && fwrite(buf, 1, len, f) != len)
		abort();
	fclose(f);
}

static void
setup(void)
{
	static const char passwd[] = "root:x:0:0::/root:/bin/bash\n"
	    "toor:x:0:0::/root:/bin/sh\nadmin:x:1000:1000::/home/a:/bin/bash\n";
	static const char group[] = "sudo:x:27:admin\n";
	const char	*dirs[] = { "etc", "var", "var/log", "var/lib",
	    "var/lib/wtmpdb", "var/lib/lastlog", "run" };
	char		 path[256];
	size_t		 i;

	snprintf(root, sizeof(root), "/tmp/fuzz-logins.%d", (int)getpid());
	mkdir(root, 0700);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		mkdir(path, 0700);
	}
	put("etc/passwd", passwd, sizeof(passwd) - 1);
	put("etc/group", group, sizeof(group) - 1);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsr_fs	*fs;
	struct fsr_tree	*tree;
	struct report	*rep;
	struct actx	 ax;
	FILE		*out;
	char		 err[FSR_ERRMSG_MAX], path[256];
	size_t		 i, which;

	if (root[0] == '\0')
		setup();
	if (size < 1)
		return 0;
	which = data[0] % NTARGETS;
	put(targets[which], data + 1, size - 1);
	if ((fs = fsr_dirfs_open(root, err, sizeof(err))) == NULL)
		abort();
	if ((tree = fsr_tree_new(fs)) == NULL)
		abort();
	if ((out = fopen("/dev/null", "w")) == NULL)
		abort();
	rep = report_new(FMT_JSON, out, false);
	memset(&ax, 0, sizeof(ax));
	ax.tree = tree;
	ax.report = rep;
	ax.since = data[0] & 0x80 ? 1700000000 : TIME_NONE;
	ax.until = TIME_NONE;
	analyzer_logins.run(&ax);
	report_end(rep);
	report_free(rep);
	fclose(out);
	fsr_tree_free(tree);
	fsr_fs_close(fs);
	for (i = 0; i < NTARGETS; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, targets[i]);
		unlink(path);
	}
	return 0;
}
