/*
 * context.c - the command context: targets, the assembled tree, the
 * output file, and the one way to report an error
 */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rescue.h"
#include "report/report.h"
#include "util/util.h"

void
rerr(struct rctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	fputs("rescue: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ctx != NULL)
		ctx->nerrors++;
}

int
usage_err(struct rctx *ctx, const char *fmt, ...)
{
	va_list	ap;

	fputs("rescue: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\ntry 'rescue %s%s--help'\n", ctx->cmdname ?
	    ctx->cmdname : "", ctx->cmdname ? " " : "");
	return EXIT_USAGE;
}

int
rctx_add_target(struct rctx *ctx, const char *path, bool is_dir)
{
	if (ctx->ntargets == MAXTARGETS)
		return usage_err(ctx, "more than %d targets", MAXTARGETS);
	ctx->targets[ctx->ntargets].path = path;
	ctx->targets[ctx->ntargets].is_dir = is_dir;
	ctx->ntargets++;
	return 0;
}

int
rctx_open_tree(struct rctx *ctx, bool need_root)
{
	char	 errbuf[FSR_ERRMSG_MAX];
	char	**host = NULL;
	size_t	 nhost = 0, i;
	int	 rc, opened = 0;

	if ((ctx->server = fsr_server_new()) == NULL) {
		rerr(ctx, "out of memory");
		return EXIT_TARGET;
	}
	if (ctx->ntargets == 0) {
		if (host_disks(&host, &nhost) < 0 || nhost == 0) {
			rerr(ctx, "no TARGET given and no disks found on this "
			    "machine");
			return EXIT_TARGET;
		}
		for (i = 0; i < nhost; i++)
			fprintf(stderr, "rescue: probing %s\n", host[i]);
	}
	for (i = 0; i < (ctx->ntargets ? ctx->ntargets : nhost); i++) {
		const char *path = ctx->ntargets ? ctx->targets[i].path :
		    host[i];
		if (ctx->ntargets && ctx->targets[i].is_dir)
			rc = fsr_server_add_dir(ctx->server, path, errbuf,
			    sizeof(errbuf));
		else
			rc = fsr_server_add_disk(ctx->server, path, errbuf,
			    sizeof(errbuf));
		if (rc < 0) {
			rerr(ctx, "%s: %s", path, errbuf);
			ctx->target_failed = true;
			continue;
		}
		opened++;
	}
	host_disks_free(host, nhost);
	if (opened == 0)
		return EXIT_TARGET;
	rc = fsr_server_assemble(ctx->server, ctx->os, errbuf, sizeof(errbuf));
	/* probe lists what is there; no root to choose is no error. */
	if (!need_root && (rc == -ENOTUNIQ || rc == -ENOENT))
		return 0;
	if (rc == -ENOTUNIQ) {
		rerr(ctx, "%s", errbuf);
		return EXIT_USAGE;
	}
	if (rc < 0) {
		rerr(ctx, "%s", errbuf);
		for (i = 0; i < fsr_server_nparts(ctx->server); i++) {
			const struct fsr_part *p =
			    fsr_server_part(ctx->server, i);
			rerr(ctx, "%s: %s", p->name, p->error);
		}
		ctx->target_failed = true;
		return EXIT_TARGET;
	}
	ctx->tree = fsr_server_tree(ctx->server);
	return 0;
}

/*
 * Files under construction (FILE.tmp), removed if a signal ends the run
 * before they are renamed into place.  A signal handler can reach
 * nothing else, so these few paths are the exception to "no globals".
 * Slot 0 is -o's; the others are held by rctx_tmp_hold().
 */
#define TMP_SLOTS	4

static char			tmp_paths[TMP_SLOTS][4096];
static volatile sig_atomic_t	tmp_live[TMP_SLOTS];

static void
remove_tmp(int sig)
{
	int	i;

	for (i = 0; i < TMP_SLOTS; i++)
		if (tmp_live[i])
			unlink(tmp_paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
catch_signals(void)
{
	signal(SIGINT, remove_tmp);
	signal(SIGTERM, remove_tmp);
	signal(SIGHUP, remove_tmp);
}

int
rctx_tmp_hold(const char *path)
{
	int	i;

	for (i = 1; i < TMP_SLOTS; i++) {
		if (tmp_live[i])
			continue;
		if (snprintf(tmp_paths[i], sizeof(tmp_paths[i]), "%s", path) >=
		    (int)sizeof(tmp_paths[i]))
			return -1;
		catch_signals();
		tmp_live[i] = 1;
		return i;
	}
	return -1;
}

void
rctx_tmp_let_go(int slot)
{
	if (slot > 0 && slot < TMP_SLOTS)
		tmp_live[slot] = 0;
}

int
rctx_open_output(struct rctx *ctx)
{
	struct stat	st;

	if (ctx->outpath == NULL || strcmp(ctx->outpath, "-") == 0) {
		ctx->out = stdout;
		ctx->color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") ==
		    NULL && getenv("TERM") != NULL &&
		    strcmp(getenv("TERM"), "dumb") != 0;
		return 0;
	}
	/* a device or a pipe (-o /dev/null): written in place, never
	 * replaced by a regular file */
	if (stat(ctx->outpath, &st) == 0 && !S_ISREG(st.st_mode)) {
		tmp_live[0] = 0;
		tmp_paths[0][0] = '\0';
		if ((ctx->out = fopen(ctx->outpath, "w")) == NULL) {
			rerr(ctx, "%s: %s", ctx->outpath, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (snprintf(tmp_paths[0], sizeof(tmp_paths[0]), "%s.tmp", ctx->outpath) >=
	    (int)sizeof(tmp_paths[0])) {
		tmp_paths[0][0] = '\0';
		rerr(ctx, "%s: path too long", ctx->outpath);
		return -1;
	}
	catch_signals();
	if ((ctx->out = fopen(tmp_paths[0], "wx")) == NULL) {
		rerr(ctx, "%s: %s", tmp_paths[0], strerror(errno));
		tmp_paths[0][0] = '\0';
		return -1;
	}
	tmp_live[0] = 1;
	return 0;
}

int
rctx_commit_output(struct rctx *ctx, bool ok)
{
	int	rc = 0;

	if (ctx->out == NULL)
		return 0;
	if (ctx->out == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			rerr(ctx, "standard output: %s", strerror(errno));
			rc = -1;
		}
		return rc;
	}
	if (fclose(ctx->out) != 0) {
		rerr(ctx, "%s: %s", tmp_paths[0], strerror(errno));
		ok = false;
		rc = -1;
	}
	ctx->out = NULL;
	if (tmp_paths[0][0] == '\0')
		return rc;	/* written in place */
	if (ok && rename(tmp_paths[0], ctx->outpath) < 0) {
		rerr(ctx, "%s: %s", ctx->outpath, strerror(errno));
		rc = -1;
		ok = false;
	}
	if (!ok)
		unlink(tmp_paths[0]);
	tmp_live[0] = 0;
	tmp_paths[0][0] = '\0';
	return rc;
}

void
rctx_release(struct rctx *ctx)
{
	if (ctx->out != NULL && ctx->out != stdout)
		rctx_commit_output(ctx, false);
	report_free(ctx->report);
	ctx->report = NULL;
	fsr_server_free(ctx->server);
	ctx->server = NULL;
	ctx->tree = NULL;
}
