/*
 * cat.c - copy the server's files to standard output, streamed
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "util/util.h"

#define CHUNK	(1024 * 1024)

static const char usage[] =
"usage: rescue cat -d TARGET [--raw] PATH...\n"
"\n"
"Write the server's files to standard output, byte for byte.  On a\n"
"terminal, control characters are escaped (an attacker's file cannot\n"
"drive the console) unless --raw is given.  A symlink that leads out of\n"
"the server's disks (to /dev/null, say) is reported, not followed.\n";

/* On a terminal, keep newlines and tabs, escape every other control. */
static void
write_tty(const char *buf, size_t len)
{
	size_t	i, start = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			fwrite(buf + start, 1, i - start, stdout);
			printf("\\x%02x", c);
			start = i + 1;
		}
	}
	fwrite(buf + start, 1, len - start, stdout);
}

static int
cat_one(struct rctx *ctx, const char *path, char *buf, bool tty)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	char		real[4096];
	uint64_t	off = 0;
	size_t		got;
	int		rc;

	rc = fsr_lookup(ctx->tree, path, 0, &n, real, sizeof(real));
	if (rc == -ENOENT && strcmp(real, path) != 0) {
		rerr(ctx, "%s: symlink to %s, which does not exist on the "
		    "server's disks (not followed)", path, real);
		return -1;
	}
	if (rc < 0 || fsr_stat(ctx->tree, &n, &st) < 0) {
		rerr(ctx, "%s", fsr_tree_errmsg(ctx->tree));
		return -1;
	}
	if (!S_ISREG(st.mode)) {
		rerr(ctx, "%s: %s, not a regular file", path,
		    mode_type(st.mode));
		return -1;
	}
	while (off < st.size) {
		if (fsr_pread(ctx->tree, &n, buf, CHUNK, off, &got) < 0) {
			rerr(ctx, "%s: %s", path, fsr_tree_errmsg(ctx->tree));
			return -1;
		}
		if (got == 0)
			break;
		if (tty)
			write_tty(buf, got);
		else if (fwrite(buf, 1, got, stdout) != got)
			return -1;
		off += got;
	}
	if (off < st.size) {
		rerr(ctx, "%s: only %llu of %llu bytes could be read", path,
		    (unsigned long long)off, (unsigned long long)st.size);
		return -1;
	}
	return 0;
}

int
cmd_cat(int argc, char **argv, struct rctx *ctx)
{
	static const struct option longopts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	char	*buf;
	bool	 raw = false;
	int	 c, i, rc, status = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': raw = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return usage_err(ctx, "cat: %s: unknown option",
			    argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage_err(ctx, "cat: no PATH given");
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	buf = xmalloc(CHUNK);
	for (i = optind; i < argc; i++)
		if (cat_one(ctx, argv[i], buf, !raw &&
		    isatty(STDOUT_FILENO)) < 0)
			status = EXIT_TARGET;
	free(buf);
	return status;
}
