/*
 * ls.c - list the server's directories, read straight from its disks
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue ls -d TARGET [-l] [-a] [-R] [PATH...]\n"
"\n"
"List directories of the server (default /).  Symlinks and \"..\" are\n"
"resolved inside the server's tree, never on this machine.\n"
"  -l  long listing: inode, mode, links, uid, gid, size, mtime (UTC), name\n"
"  -a  include names that begin with a dot\n"
"  -R  recurse into subdirectories\n";

struct ls_opts {
	bool			 l, a, R;
	struct fsr_nodeset	*seen;	/* -R: directories listed */
};

struct entry {
	char		*name;
	struct fsr_node	 node;
	struct fsr_stat	 st;
	bool		 ok;
};

struct listing {
	struct rctx		*ctx;
	const struct fsr_node	*dir;
	const char		*dirpath;
	struct entry		*e;
	size_t			 n, cap;
	bool			 all;
};

static int
collect(const struct fsr_dirent *d, void *arg)
{
	struct listing	*l = arg;
	struct entry	*e;

	if (!l->all && d->name[0] == '.')
		return FSR_WALK_CONT;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
	}
	e = &l->e[l->n++];
	memset(e, 0, sizeof(*e));
	e->name = xstrdup(d->name);
	/* Mount points: the attached filesystem's root, not the stub. */
	fsr_entry_node(l->ctx->tree, l->dir, l->dirpath, d, &e->node);
	e->ok = fsr_stat(l->ctx->tree, &e->node, &e->st) == 0;
	if (!e->ok)
		rerr(l->ctx, "%s%s%s: %s", l->dirpath, strcmp(l->dirpath, "/") ?
		    "/" : "", d->name, fsr_tree_errmsg(l->ctx->tree));
	return FSR_WALK_CONT;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

static void
print_entry(struct rctx *ctx, const struct ls_opts *o, const char *name,
    const struct fsr_node *n, const struct fsr_stat *st)
{
	char	mode[11], t[TIME_ISO_LEN], target[4096];

	if (o->l) {
		mode_str(st->mode, mode);
		time_iso(st->mtime.sec, t, sizeof(t));
		printf("%8llu %s %3u %5u %5u ", (unsigned long long)st->ino,
		    mode, st->nlink, st->uid, st->gid);
		if (S_ISCHR(st->mode) || S_ISBLK(st->mode)) {
			char dev[24];
			snprintf(dev, sizeof(dev), "%u,%u", st->rdev_major,
			    st->rdev_minor);
			printf("%9s", dev);
		} else
			printf("%9llu", (unsigned long long)st->size);
		printf(" %s ", t);
	}
	esc_puts(stdout, name);
	if (o->l && S_ISLNK(st->mode)) {
		if (fsr_readlink(ctx->tree, n, target, sizeof(target)) == 0) {
			fputs(" -> ", stdout);
			esc_puts(stdout, target);
		} else
			rerr(ctx, "%s", fsr_tree_errmsg(ctx->tree));
	}
	putchar('\n');
}

static void
list_dir(struct rctx *ctx, const struct ls_opts *o, const char *path,
    const struct fsr_node *dir, bool header, unsigned depth)
{
	struct listing	 l = { ctx, dir, path, NULL, 0, 0, o->a };
	char		*sub;
	size_t		 i, len;

	if (header) {
		esc_puts(stdout, path);
		fputs(":\n", stdout);
	}
	/* A forged filesystem can link a directory into itself. */
	if (o->seen != NULL && fsr_nodeset_add(o->seen, dir) != 1) {
		rerr(ctx, "%s: directory listed already (a hard-linked "
		    "directory); not listed again", path);
		return;
	}
	if (fsr_readdir(ctx->tree, dir, collect, &l) < 0)
		rerr(ctx, "%s: %s", path, fsr_tree_errmsg(ctx->tree));
	if (l.n > 1)
		qsort(l.e, l.n, sizeof(*l.e), by_name);
	for (i = 0; i < l.n; i++)
		if (l.e[i].ok)
			print_entry(ctx, o, l.e[i].name, &l.e[i].node,
			    &l.e[i].st);
	for (i = 0; o->R && i < l.n; i++) {
		if (!l.e[i].ok || !S_ISDIR(l.e[i].st.mode))
			continue;
		if (depth >= 256) {
			rerr(ctx, "%s: too deep, not listed", path);
			break;
		}
		len = strlen(path) + strlen(l.e[i].name) + 2;
		sub = xmalloc(len);
		snprintf(sub, len, "%s%s%s", path, strcmp(path, "/") ? "/" :
		    "", l.e[i].name);
		putchar('\n');
		list_dir(ctx, o, sub, &l.e[i].node, true, depth + 1);
		free(sub);
	}
	for (i = 0; i < l.n; i++)
		free(l.e[i].name);
	free(l.e);
}

int
cmd_ls(int argc, char **argv, struct rctx *ctx)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct ls_opts	 o = { false, false, false, NULL };
	struct fsr_node	 n;
	struct fsr_stat	 st;
	char		 real[4096];
	const char	*def[] = { "/" }, *const *paths;
	int		 c, npaths, i, rc, status = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "laRh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.l = true; break;
		case 'a': o.a = true; break;
		case 'R': o.R = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default:
			return usage_err(ctx, "ls: %s: unknown option",
			    argv[optind - 1]);
		}
	}
	paths = optind < argc ? (const char *const *)argv + optind : def;
	npaths = optind < argc ? argc - optind : 1;
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	if (o.R && (o.seen = fsr_nodeset_new()) == NULL) {
		rerr(ctx, "out of memory");
		return EXIT_TARGET;
	}
	for (i = 0; i < npaths; i++) {
		if (paths[i][0] != '/') {
			rerr(ctx, "%s: not an absolute path", paths[i]);
			status = EXIT_TARGET;
			continue;
		}
		/* Like ls: a symlink to a directory lists the directory. */
		if (fsr_lookup(ctx->tree, paths[i], 0, &n, real,
		    sizeof(real)) < 0 ||
		    fsr_stat(ctx->tree, &n, &st) < 0) {
			rerr(ctx, "%s", fsr_tree_errmsg(ctx->tree));
			status = EXIT_TARGET;
			continue;
		}
		if (S_ISDIR(st.mode)) {
			if (npaths > 1 && i > 0)
				putchar('\n');
			list_dir(ctx, &o, real, &n, npaths > 1 || o.R, 0);
		} else {
			if (fsr_lookup(ctx->tree, paths[i], FSR_NOFOLLOW, &n,
			    NULL, 0) == 0)
				fsr_stat(ctx->tree, &n, &st);
			print_entry(ctx, &o, paths[i], &n, &st);
		}
	}
	fsr_nodeset_free(o.seen);
	if (ctx->nerrors > 0 && status == 0)
		status = EXIT_TARGET;
	return status;
}
