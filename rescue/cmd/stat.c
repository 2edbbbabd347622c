/*
 * stat.c - everything an inode says: times to the nanosecond, owner,
 * flags (immutable, append-only), extended attributes
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue stat -d TARGET [-L] PATH...\n"
"\n"
"Print the inode of each PATH as the server's filesystem records it:\n"
"type, inode number, mode, links, owner, size, access/modify/change/birth\n"
"times in UTC with nanoseconds, deletion time, inode flags and extended\n"
"attributes.  -L follows a final symlink (the default shows the link).\n";

static void
put_time(const char *label, const struct fsr_time *t)
{
	char	buf[TIME_ISO_LEN];

	time_iso_ns(t->sec, t->nsec, buf, sizeof(buf));
	printf("%8s: %s\n", label, buf);
}

static void
put_flags(const struct fsr_stat *st)
{
	static const struct { uint32_t bit; const char *name; } fl[] = {
		{ FSR_FL_IMMUTABLE, "immutable" },
		{ FSR_FL_APPEND, "append-only" },
		{ FSR_FL_NODUMP, "nodump" },
		{ FSR_FL_INLINE_DATA, "inline-data" },
		{ FSR_FL_EXTENTS, "extents" },
		{ FSR_FL_ENCRYPTED, "encrypted" },
	};
	size_t	i;
	bool	first = true;

	printf("   Flags: 0x%08x", st->raw_flags);
	for (i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		if (st->flags & fl[i].bit) {
			printf("%s%s", first ? " (" : ", ", fl[i].name);
			first = false;
		}
	}
	puts(first ? "" : ")");
}

static int
put_xattr(const char *name, const void *value, size_t len, void *arg)
{
	const unsigned char	*v = value;
	size_t			 i;
	bool			 text = len > 0;

	(void)arg;
	for (i = 0; i < len; i++)
		if (v[i] < 0x20 || v[i] >= 0x7f)
			text = text && i == len - 1 && v[i] == '\0';
	fputs("   Xattr: ", stdout);
	esc_puts(stdout, name);
	if (text) {
		fputs(" = \"", stdout);
		esc_write(stdout, value, len && v[len - 1] == '\0' ? len - 1 :
		    len);
		puts("\"");
	} else {
		fputs(" = 0x", stdout);
		for (i = 0; i < len && i < 256; i++)
			printf("%02x", v[i]);
		puts(i < len ? "..." : "");
	}
	return FSR_WALK_CONT;
}

static int
stat_one(struct rctx *ctx, const char *path, int flags)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	char		mode[11], target[4096];

	if (fsr_stat_path(ctx->tree, path, flags, &n, &st) < 0) {
		rerr(ctx, "%s", fsr_tree_errmsg(ctx->tree));
		return -1;
	}
	mode_str(st.mode, mode);
	fputs("    File: ", stdout);
	esc_puts(stdout, path);
	if (S_ISLNK(st.mode) &&
	    fsr_readlink(ctx->tree, &n, target, sizeof(target)) == 0) {
		fputs(" -> ", stdout);
		esc_puts(stdout, target);
	}
	putchar('\n');
	printf("    Type: %s\n", mode_type(st.mode));
	printf("   Inode: %llu\n", (unsigned long long)st.ino);
	printf("    Mode: %04o (%s)\n", st.mode & 07777, mode);
	printf("   Links: %u\n", st.nlink);
	printf("     Uid: %u\n     Gid: %u\n", st.uid, st.gid);
	printf("    Size: %llu\n", (unsigned long long)st.size);
	printf("  Blocks: %llu bytes\n", (unsigned long long)st.blocks);
	if (S_ISCHR(st.mode) || S_ISBLK(st.mode))
		printf("  Device: %u,%u\n", st.rdev_major, st.rdev_minor);
	put_time("Access", &st.atime);
	put_time("Modify", &st.mtime);
	put_time("Change", &st.ctime);
	if (st.has_crtime)
		put_time("Birth", &st.crtime);
	if (st.dtime.sec != 0)
		put_time("Deleted", &st.dtime);
	put_flags(&st);
	if (fsr_xattrs(ctx->tree, &n, put_xattr, NULL) < 0)
		rerr(ctx, "%s: %s", path, fsr_tree_errmsg(ctx->tree));
	printf("      On: %s\n", fsr_fs_name(n.fs));
	return 0;
}

int
cmd_stat(int argc, char **argv, struct rctx *ctx)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	int	c, i, rc, flags = FSR_NOFOLLOW, status = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "Lh", longopts, NULL)) != -1) {
		switch (c) {
		case 'L': flags = 0; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return usage_err(ctx, "stat: %s: unknown option",
			    argv[optind - 1]);
		}
	}
	if (optind == argc)
		return usage_err(ctx, "stat: no PATH given");
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	for (i = optind; i < argc; i++) {
		if (i > optind)
			putchar('\n');
		if (stat_one(ctx, argv[i], flags) < 0)
			status = EXIT_TARGET;
	}
	return status;
}
