/*
 * export.c - copy the server's data out, without the intruder's files:
 * a pax archive with a manifest, the triage report of the same run, and
 * a quarantine archive of what the analyzers flagged
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzers/analyzer.h"
#include "cmd.h"
#include "export/export.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue export TARGET... -o FILE.tar.zst [--include PATH]...\n"
"                     [--exclude PATH]... [--compress zstd|gzip|xz|none]\n"
"                     [--no-quarantine] [--quarantine QFILE]\n"
"\n"
"Copy the server's data into a pax archive (FILE, or standard output for\n"
"-o -) with a manifest (rescue-manifest.jsonl, first; the hashes in\n"
"rescue-manifest.sha256.jsonl, last; all of it in FILE's .manifest.jsonl\n"
"beside it) and the triage report.  Files the analyzers flag (dropped\n"
"programs, webshells, miners, setuid shells, malicious cron jobs and\n"
"units) are left out and copied to QFILE (default: FILE's\n"
".quarantine.tar.zst) with the findings that put them there.\n"
"  --include PATH   copy PATH (default /etc /home /root /srv /var/www\n"
"                   /var/lib/mysql /var/lib/postgresql /var/spool/cron\n"
"                   /opt /usr/local)\n"
"  --exclude PATH   leave PATH out\n"
"  --compress C     zstd (default), gzip, xz or none\n"
"  --no-quarantine  copy flagged files like any other\n"
"Exit status: 0 all copied, 1 files quarantined or unreadable, 2 usage\n"
"error, 3 no target could be read or the archive could not be written.\n";

struct export {
	struct rctx		*ctx;
	struct exp_sel		 sel;
	struct quarantine	 quar;
	struct exp_idmap	 ids;
	enum exp_compress	 comp;
	bool			 noquar;
	const char		*qpath;		/* --quarantine */
	char			*qpath_own;	/* derived from -o */
	char			*beside;	/* FILE.manifest.jsonl */
	char			*beside_tmp;
	int			 bf_slot;	/* rctx_tmp_hold() of it */
	FILE			*man1, *mansha, *triage, *bf;
	struct exp_archive	*arc;
	int			 pass;
	uint64_t		 total, done;	/* data bytes */
	uint64_t		 nfiles, nexcl, nquar, nerr;
	struct timespec		 start, shown;
	bool			 progress;
	bool			 failed;	/* the archive broke */
};

static double
since(const struct timespec *a)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - a->tv_sec) +
	    (double)(now.tv_nsec - a->tv_nsec) / 1e9;
}

static void
show_progress(struct export *x, bool last)
{
	double	t = since(&x->start), rate;

	if (!x->progress || (!last && since(&x->shown) < 0.25))
		return;
	clock_gettime(CLOCK_MONOTONIC, &x->shown);
	rate = t > 0 ? (double)x->done / t : 0;
	fprintf(stderr, "\r%llu/%llu MiB, %llu files, %.1f MiB/s, ETA %.0f s  ",
	    (unsigned long long)(x->done >> 20),
	    (unsigned long long)(x->total >> 20),
	    (unsigned long long)x->nfiles, rate / 1048576,
	    rate > 0 && x->total > x->done ? (double)(x->total - x->done) /
	    rate : 0.0);
	if (last)
		fputc('\n', stderr);
}

static const char *
type_name(uint32_t mode)
{
	if (S_ISREG(mode))
		return "file";
	if (S_ISDIR(mode))
		return "dir";
	if (S_ISLNK(mode))
		return "symlink";
	return "other";
}

static void
entry_of(struct export *x, const char *path, const struct fsr_stat *st,
    struct man_entry *me)
{
	memset(me, 0, sizeof(*me));
	me->path = (char *)path;
	snprintf(me->type, sizeof(me->type), "%s", type_name(st->mode));
	me->size = S_ISREG(st->mode) ? st->size : 0;
	me->mode = st->mode;
	me->uid = st->uid;
	me->gid = st->gid;
	me->owner = exp_uname(&x->ids, st->uid);
	me->group = exp_gname(&x->ids, st->gid);
	me->mtime = st->mtime;
	me->ctime = st->ctime;
	me->atime = st->atime;
	/* Inline data has no blocks yet is no hole. */
	me->sparse = S_ISREG(st->mode) && st->blocks < st->size &&
	    !(st->flags & FSR_FL_INLINE_DATA);
}

/* Why PATH is not copied (into WHY), and whether to descend. */
static int
decide(struct export *x, const char *path, const struct fsr_node *n,
    const struct fsr_stat *st, char *why, size_t whylen)
{
	const struct quar_file	*q;
	const char		*t;
	size_t			 i, o;

	why[0] = '\0';
	if (exp_sel_excluded(&x->sel, path)) {
		snprintf(why, whylen, "--exclude");
		return FSR_WALK_SKIP;
	}
	if (!x->noquar && (S_ISREG(st->mode) || S_ISLNK(st->mode)) &&
	    (q = quar_find(&x->quar, path)) != NULL) {
		o = (size_t)snprintf(why, whylen, "quarantined:");
		for (i = 0; i < q->nhits && o < whylen; i++)
			o += (size_t)snprintf(why + o, whylen - o, "%s%s",
			    i ? ", " : " ", check_def(q->hits[i].id)->name);
		return FSR_WALK_CONT;
	}
	/* Another name of a flagged file: the same bytes stay out. */
	if (!x->noquar && S_ISREG(st->mode) && st->nlink > 1 &&
	    (q = quar_find_node(&x->quar, n)) != NULL) {
		snprintf(why, whylen, "quarantined: a hard link of %s",
		    q->path);
		return FSR_WALK_CONT;
	}
	if ((t = exp_skip_type(st)) != NULL) {
		snprintf(why, whylen, "%s", t);
		return FSR_WALK_CONT;
	}
	if (S_ISDIR(st->mode) && exp_pseudo_dir(path))
		return FSR_WALK_SKIP;
	return FSR_WALK_CONT;
}

static int
on_node(const char *path, const struct fsr_node *n, const struct fsr_stat *st,
    void *arg)
{
	struct export		*x = arg;
	struct exp_result	 res;
	struct man_entry	 me;
	char			 why[512], err[512];
	int			 ret;

	if (x->failed)
		return FSR_WALK_STOP;
	if (strcmp(path, "/") == 0)
		return exp_sel_excluded(&x->sel, path) ? FSR_WALK_SKIP :
		    FSR_WALK_CONT;
	ret = decide(x, path, n, st, why, sizeof(why));
	entry_of(x, path, st, &me);
	if (why[0] != '\0')
		me.excluded = why;
	if (x->pass == 1) {
		man_write(x->man1, &me, false);
		if (why[0] == '\0' && S_ISREG(st->mode))
			x->total += st->size;
		return ret;
	}
	if (why[0] != '\0') {
		x->nexcl++;
		if (strncmp(why, "quarantined", 11) == 0)
			x->nquar++;
		if (x->bf != NULL)
			man_write(x->bf, &me, false);
		return ret;
	}
	if (exp_archive_add_node(x->arc, x->ctx->tree, path, n, st, &res, err,
	    sizeof(err)) < 0) {
		rerr(x->ctx, "%s: %s", x->ctx->outpath ? x->ctx->outpath :
		    "standard output", err);
		x->failed = true;
		return FSR_WALK_STOP;
	}
	if (res.error[0] != '\0') {
		if (x->progress)
			fputc('\n', stderr);
		rerr(x->ctx, "%s: %s%s", path, res.error, res.skipped ?
		    "; left out" : "");
		me.error = res.error;
		x->nerr++;
	}
	if (res.hardlink) {
		snprintf(me.type, sizeof(me.type), "hardlink");
		me.link = res.link;
	}
	memcpy(me.sha256, res.sha256, sizeof(me.sha256));
	x->nfiles++;
	x->done += res.bytes;
	if (x->bf != NULL)
		man_write(x->bf, &me, false);
	if (S_ISREG(st->mode) || res.error[0] != '\0')
		man_write(x->mansha, &me, true);
	show_progress(x, false);
	return ret;
}

static void
on_walk_err(const char *path, int err, const char *msg, void *arg)
{
	struct export	*x = arg;

	rerr(x->ctx, "%s: %s", path, msg != NULL && msg[0] ? msg :
	    strerror(-err));
	if (x->pass == 2)
		x->nerr++;
}

/* "data.tar.zst" to "data": the names beside it are made from this. */
static char *
base_of(const char *out)
{
	static const char *const ext[] = { ".tar.zst", ".tar.gz", ".tar.xz",
	    ".tzst", ".tgz", ".txz", ".tar", NULL };
	size_t	len = strlen(out), i, n;
	char	*b;

	for (i = 0; ext[i] != NULL; i++) {
		n = strlen(ext[i]);
		if (len > n && strcmp(out + len - n, ext[i]) == 0) {
			len -= n;
			break;
		}
	}
	b = xmalloc(len + 1);
	memcpy(b, out, len);
	b[len] = '\0';
	return b;
}

static char *
concat(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);
	char	*s = xmalloc(la + lb + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

static int
parse_args(int argc, char **argv, struct export *x)
{
	static const struct option longopts[] = {
		{ "output",	   required_argument,	NULL, 'o' },
		{ "include",	   required_argument,	NULL, 'i' },
		{ "exclude",	   required_argument,	NULL, 'x' },
		{ "compress",	   required_argument,	NULL, 'c' },
		{ "no-quarantine", no_argument,		NULL, 'n' },
		{ "quarantine",	   required_argument,	NULL, 'q' },
		{ "help",	   no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rctx	*ctx = x->ctx;
	char		 err[EXP_PATH_MAX + 128];
	int		 c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			ctx->outpath = optarg;
			break;
		case 'i':
		case 'x':
			if (exp_sel_add(&x->sel, c == 'x', optarg, err,
			    sizeof(err)) < 0)
				return usage_err(ctx, "%s", err);
			break;
		case 'c':
			if (strcmp(optarg, "zstd") == 0)
				x->comp = EXP_ZSTD;
			else if (strcmp(optarg, "gzip") == 0)
				x->comp = EXP_GZIP;
			else if (strcmp(optarg, "xz") == 0)
				x->comp = EXP_XZ;
			else if (strcmp(optarg, "none") == 0)
				x->comp = EXP_NONE;
			else
				return usage_err(ctx, "--compress %s: want "
				    "zstd, gzip, xz or none", optarg);
			break;
		case 'n':
			x->noquar = true;
			break;
		case 'q':
			x->qpath = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_err(ctx, "%s: unknown option",
			    argv[optind - 1]);
		}
	}
	if ((rc = add_targets(ctx, argc, argv)) != 0)
		return rc;
	if (ctx->outpath == NULL)
		return usage_err(ctx, "-o FILE is needed (-o - for standard "
		    "output)");
	if (strcmp(ctx->outpath, "-") == 0 && isatty(STDOUT_FILENO))
		return usage_err(ctx, "-o -: standard output is a terminal");
	return 0;
}

/* Every analyzer, the JSON report to X->triage, findings tapped. */
static void
run_triage(struct export *x)
{
	struct rctx	*ctx = x->ctx;
	size_t		 i;

	ctx->report = report_new(FMT_JSON, x->triage, false);
	if (!x->noquar)
		report_set_tap(ctx->report, quar_tap, &x->quar);
	for (i = 0; analyzer_table[i] != NULL; i++) {
		const struct analyzer *a = analyzer_table[i];
		struct actx ax = {
			.tree = ctx->tree,
			.server = ctx->server,
			.report = ctx->report,
			.rctx = ctx,
			.since = TIME_NONE,
			.until = TIME_NONE,
			.brief = true,
		};

		report_section(ctx->report, a->name, a->summary);
		if (a->run(&ax) < 0)
			rerr(ctx, "%s: analysis stopped early", a->name);
	}
	report_end(ctx->report);
	quar_resolve(&x->quar, ctx->tree);
}

static void
print_selection(struct export *x)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	size_t		i;

	fputs("rescue: export: including", stderr);
	for (i = 0; i < x->sel.nincl; i++) {
		fputc(' ', stderr);
		esc_puts(stderr, x->sel.incl[i]);
		if (fsr_stat_path(x->ctx->tree, x->sel.incl[i], 0, &n, &st) < 0)
			fputs(" (not there)", stderr);
	}
	for (i = 0; i < x->sel.nexcl; i++) {
		fputs(i ? " " : "; excluding ", stderr);
		esc_puts(stderr, x->sel.excl[i]);
	}
	fputc('\n', stderr);
}

static int
walk_all(struct export *x, int pass)
{
	struct fsr_node	n;
	struct fsr_stat	st;
	size_t		i;

	x->pass = pass;
	for (i = 0; i < x->sel.nincl && !x->failed; i++) {
		if (fsr_stat_path(x->ctx->tree, x->sel.incl[i], 0, &n, &st) < 0)
			continue;
		fsr_walk(x->ctx->tree, x->sel.incl[i], on_node, on_walk_err, x);
	}
	return x->failed ? -1 : 0;
}

/* The quarantine archive: each flagged file and its findings. */
static int
write_quarantine(struct export *x)
{
	struct rctx		*ctx = x->ctx;
	struct exp_archive	*qa = NULL;
	struct exp_result	 res;
	struct fsr_node		 n;
	struct fsr_stat		 st;
	FILE			*out = NULL, *qm = NULL;
	char			 err[512], *tmp = NULL;
	size_t			 i, j;
	bool			 made = false;
	int			 rc = -1, slot = -1;

	if (x->noquar || x->quar.nfiles == 0)
		return 0;
	if (x->qpath == NULL) {
		rerr(ctx, "%zu flagged files left out; not copied apart "
		    "(give --quarantine QFILE with -o -)", x->quar.nfiles);
		return 0;
	}
	tmp = concat(x->qpath, ".tmp");
	if ((out = fopen(tmp, "wx")) == NULL) {
		rerr(ctx, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	made = true;	/* ours: removed unless renamed */
	slot = rctx_tmp_hold(tmp);
	if ((qm = tmpfile()) == NULL) {
		rerr(ctx, "temporary file: %s", strerror(errno));
		goto out;
	}
	if ((qa = exp_archive_open(out, x->comp, &x->ids, err,
	    sizeof(err))) == NULL) {
		rerr(ctx, "%s: %s", x->qpath, err);
		goto out;
	}
	quar_find(&x->quar, "/");	/* sorted, for a stable order */
	for (i = 0; i < x->quar.nfiles; i++) {
		const struct quar_file *q = &x->quar.files[i];

		memset(&res, 0, sizeof(res));
		if (fsr_stat_path(ctx->tree, q->path, FSR_NOFOLLOW, &n,
		    &st) < 0)
			snprintf(res.error, sizeof(res.error), "not there");
		else if (!S_ISREG(st.mode) && !S_ISLNK(st.mode))
			snprintf(res.error, sizeof(res.error), "a %s: not "
			    "copied", mode_type(st.mode));
		else if (exp_archive_add_node(qa, ctx->tree, q->path, &n,
		    &st, &res, err, sizeof(err)) < 0) {
			rerr(ctx, "%s: %s", x->qpath, err);
			goto out;
		}
		fputs("{\"path\":", qm);
		man_put_str(qm, q->path);
		if (res.error[0] == '\0' && S_ISREG(st.mode))
			fprintf(qm, ",\"size\":%llu",
			    (unsigned long long)st.size);
		if (res.sha256[0] != '\0')
			fprintf(qm, ",\"sha256\":\"%s\"", res.sha256);
		if (res.error[0] != '\0') {
			fputs(",\"error\":", qm);
			man_put_str(qm, res.error);
		}
		fputs(",\"findings\":[", qm);
		for (j = 0; j < q->nhits; j++) {
			const struct check_def *d = check_def(q->hits[j].id);

			fprintf(qm, "%s{\"check\":\"%s\",\"severity\":\"%s\","
			    "\"summary\":", j ? "," : "", d->name,
			    severity_name(d->sev));
			man_put_str(qm, d->summary);
			if (q->hits[j].line > 0)
				fprintf(qm, ",\"line\":%ld", q->hits[j].line);
			fputs(",\"evidence\":", qm);
			man_put_str(qm, q->hits[j].evidence);
			fputs(",\"detail\":", qm);
			man_put_str(qm, q->hits[j].detail);
			fputc('}', qm);
		}
		fputs("]}\n", qm);
	}
	if (exp_archive_add_file(qa, EXP_QMANIFEST, qm, time(NULL)) < 0) {
		rerr(ctx, "%s: cannot add its manifest", x->qpath);
		goto out;
	}
	rc = exp_archive_close(qa, err, sizeof(err));
	qa = NULL;
	if (rc < 0)
		rerr(ctx, "%s: %s", x->qpath, err);
	if (fclose(out) != 0 && rc == 0) {
		rerr(ctx, "%s: %s", tmp, strerror(errno));
		rc = -1;
	}
	out = NULL;
	if (rc == 0 && rename(tmp, x->qpath) < 0) {
		rerr(ctx, "%s: %s", x->qpath, strerror(errno));
		rc = -1;
	}
	if (rc == 0)
		fprintf(stderr, "rescue: export: %zu flagged files copied to "
		    "%s\n", x->quar.nfiles, x->qpath);
out:
	exp_archive_close(qa, err, sizeof(err));
	if (out != NULL)
		fclose(out);
	if (qm != NULL)
		fclose(qm);
	if (rc < 0 && made)
		unlink(tmp);
	rctx_tmp_let_go(slot);
	free(tmp);
	return rc;
}

static void
export_release(struct export *x)
{
	char	err[256];

	exp_archive_close(x->arc, err, sizeof(err));
	if (x->bf != NULL) {
		fclose(x->bf);
		unlink(x->beside_tmp);
		rctx_tmp_let_go(x->bf_slot);
	}
	if (x->man1 != NULL)
		fclose(x->man1);
	if (x->mansha != NULL)
		fclose(x->mansha);
	if (x->triage != NULL)
		fclose(x->triage);
	exp_sel_release(&x->sel);
	quar_release(&x->quar);
	exp_idmap_release(&x->ids);
	free(x->qpath_own);
	free(x->beside);
	free(x->beside_tmp);
}

int
cmd_export(int argc, char **argv, struct rctx *ctx)
{
	struct export	 x;
	char		 err[512], *base;
	const char	*outname;
	int		 rc;

	memset(&x, 0, sizeof(x));
	x.ctx = ctx;
	exp_sel_init(&x.sel);
	quar_init(&x.quar);
	if ((rc = parse_args(argc, argv, &x)) != 0) {
		rc = rc < 0 ? 0 : rc;
		goto out;
	}
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		goto out;
	rc = EXIT_TARGET;
	exp_sel_finish(&x.sel);
	print_selection(&x);
	exp_idmap_load(&x.ids, ctx->tree);
	if (strcmp(ctx->outpath, "-") != 0) {
		base = base_of(ctx->outpath);
		x.beside = concat(base, ".manifest.jsonl");
		x.beside_tmp = concat(x.beside, ".tmp");
		if (x.qpath == NULL)
			x.qpath = x.qpath_own = concat(base,
			    x.comp == EXP_ZSTD ? ".quarantine.tar.zst" :
			    x.comp == EXP_GZIP ? ".quarantine.tar.gz" :
			    x.comp == EXP_XZ ? ".quarantine.tar.xz" :
			    ".quarantine.tar");
		free(base);
	}
	if ((x.man1 = tmpfile()) == NULL || (x.mansha = tmpfile()) == NULL ||
	    (x.triage = tmpfile()) == NULL) {
		rerr(ctx, "temporary file: %s", strerror(errno));
		goto out;
	}
	run_triage(&x);
	if (rctx_open_output(ctx) < 0)
		goto out;
	outname = ctx->out == stdout ? "standard output" : ctx->outpath;
	if (x.beside_tmp != NULL) {
		if ((x.bf = fopen(x.beside_tmp, "wx")) == NULL) {
			rerr(ctx, "%s: %s", x.beside_tmp, strerror(errno));
			goto out;
		}
		x.bf_slot = rctx_tmp_hold(x.beside_tmp);
	}
	clock_gettime(CLOCK_MONOTONIC, &x.start);
	x.progress = isatty(STDERR_FILENO);
	walk_all(&x, 1);
	if ((x.arc = exp_archive_open(ctx->out, x.comp, &x.ids, err,
	    sizeof(err))) == NULL) {
		rerr(ctx, "%s: %s", outname, err);
		goto out;
	}
	if (exp_archive_add_file(x.arc, EXP_MANIFEST, x.man1, time(NULL)) < 0 ||
	    exp_archive_add_file(x.arc, EXP_TRIAGE, x.triage, time(NULL)) < 0) {
		rerr(ctx, "%s: cannot write the manifest", outname);
		goto out;
	}
	if (walk_all(&x, 2) < 0)
		goto out;
	show_progress(&x, true);
	if (exp_archive_add_file(x.arc, EXP_MANIFEST_SHA, x.mansha,
	    time(NULL)) < 0) {
		rerr(ctx, "%s: cannot write the hashes", outname);
		goto out;
	}
	rc = exp_archive_close(x.arc, err, sizeof(err));
	x.arc = NULL;
	if (rc < 0) {
		rerr(ctx, "%s: %s", outname, err);
		rc = EXIT_TARGET;
		goto out;
	}
	if (x.bf != NULL) {
		rc = fclose(x.bf);
		x.bf = NULL;
		if (rc != 0 || rename(x.beside_tmp, x.beside) < 0) {
			rerr(ctx, "%s: %s", x.beside, strerror(errno));
			unlink(x.beside_tmp);
			rctx_tmp_let_go(x.bf_slot);
			rc = EXIT_TARGET;
			goto out;
		}
		rctx_tmp_let_go(x.bf_slot);
	}
	if (write_quarantine(&x) < 0)
		x.nerr++;
	fprintf(stderr, "rescue: export: %llu entries, %.1f MiB of data in "
	    "%.1f s to %s; %llu left out (%llu quarantined), %llu errors\n",
	    (unsigned long long)x.nfiles, (double)x.done / 1048576,
	    since(&x.start), outname, (unsigned long long)x.nexcl,
	    (unsigned long long)x.nquar, (unsigned long long)x.nerr);
	rc = x.nquar > 0 || x.nerr > 0 || ctx->nerrors > 0 ? EXIT_FINDINGS :
	    EXIT_CLEAN;
out:
	export_release(&x);
	return rc;
}
