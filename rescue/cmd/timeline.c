/*
 * timeline.c - rescue timeline: every inode's times with its names, as
 * a bodyfile for mactime, or as sorted events (csv, json, text)
 *
 * A bodyfile is written one filesystem at a time, straight from the
 * names, so only one filesystem's tables are held.  Events need every
 * filesystem's names until the sort is done; they are 24 bytes each,
 * and at most --sort-buffer of them are held: past that, passes.
 * The timestomping findings go into the report (text, json) or to
 * stderr (bodyfile, csv: stdout is for mactime or a spreadsheet).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "parse/parse.h"
#include "report/report.h"
#include "timeline/timeline.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue timeline TARGET... [--format bodyfile|csv|json|text]\n"
"                [-o FILE] [--since T] [--until T] [--no-atime]\n"
"                [--sort-buffer SIZE]\n"
"\n"
"Every inode's access, modify, change and birth times with the names that\n"
"hold it, across the server's filesystems: deleted names and orphan inodes\n"
"included.  bodyfile (the default) is what fls -r -m / writes, for\n"
"mactime -b; csv, json and text give one event per time, in time order.\n"
"Times for --since and --until: YYYY-MM-DD[THH:MM[:SS]] (UTC, or with an\n"
"offset: 2026-11-20T09:10+01:00) or @EPOCH.\n"
"--no-atime leaves out events that are only an access (csv, json, text):\n"
"what was written, changed or created.\n"
"--sort-buffer bounds the memory the events are sorted in (64M; K, M, G\n"
"suffixes): more events than fit are sorted and written in several\n"
"passes over the names.\n";

enum tl_format { TLF_BODY, TLF_CSV, TLF_JSON, TLF_TEXT };

struct user {
	uint32_t	 uid;
	char		*name;
};

struct tl_cmd {
	struct rctx		*ctx;
	struct user		*users;		/* the server's, by uid */
	size_t			 nusers, capusers;
	enum tl_format		 fmt;
	size_t			 maxev;		/* --sort-buffer */
	bool			 no_atime;
	struct tl_stomp		*stomp;
	struct tl_events	 evs;
	uint8_t			 fsi;
	uint64_t		 names;
};

/* "64M", "512K", "1G", "100000": bytes; -1 if it is none of these. */
static int64_t
parse_size(const char *s)
{
	char		*end;
	unsigned long long v;
	int		 shift = 0;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	}
	if (*end != '\0' || v > (1ULL << 40) >> shift)
		return -1;
	return (int64_t)(v << shift);
}

static int
parse_args(int argc, char **argv, struct rctx *ctx, struct tl_cmd *c)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "since",	required_argument,	NULL, 's' },
		{ "until",	required_argument,	NULL, 'u' },
		{ "sort-buffer", required_argument,	NULL, 'S' },
		{ "no-atime",	no_argument,		NULL, 'A' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int64_t	sz;
	int	o, rc;

	optind = 1;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
		switch (o) {
		case 'f':
			if (strcmp(optarg, "bodyfile") == 0)
				c->fmt = TLF_BODY;
			else if (strcmp(optarg, "csv") == 0)
				c->fmt = TLF_CSV;
			else if (strcmp(optarg, "json") == 0)
				c->fmt = TLF_JSON;
			else if (strcmp(optarg, "text") == 0)
				c->fmt = TLF_TEXT;
			else
				return usage_err(ctx, "--format %s: want "
				    "bodyfile, csv, json or text", optarg);
			break;
		case 'o':
			ctx->outpath = optarg;
			break;
		case 's':
			if ((rc = parse_time_opt(ctx, "since", optarg,
			    &ctx->since)) != 0)
				return rc;
			break;
		case 'u':
			if ((rc = parse_time_opt(ctx, "until", optarg,
			    &ctx->until)) != 0)
				return rc;
			break;
		case 'S':
			if ((sz = parse_size(optarg)) < 0)
				return usage_err(ctx, "--sort-buffer %s: want "
				    "a size such as 64M", optarg);
			c->maxev = (size_t)sz / sizeof(struct tl_event);
			break;
		case 'A':
			c->no_atime = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_err(ctx, "%s: unknown option",
			    argv[optind - 1]);
		}
	}
	if (c->no_atime && c->fmt == TLF_BODY)
		return usage_err(ctx, "--no-atime: a bodyfile holds every "
		    "time; give --format csv, json or text");
	return add_targets(ctx, argc, argv);
}

static int
user_cb(const struct passwd_entry *e, void *arg)
{
	struct tl_cmd	*c = arg;

	if (c->nusers == c->capusers) {
		c->capusers = c->capusers ? c->capusers * 2 : 64;
		c->users = xrealloc(c->users, c->capusers * sizeof(*c->users));
	}
	c->users[c->nusers].uid = e->uid;
	c->users[c->nusers].name = xstrdup(e->name);
	c->nusers++;
	return 0;
}

static int
by_uid(const void *a, const void *b)
{
	const struct user	*x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* The server's /etc/passwd, for names next to uids; none is no error. */
static void
load_users(struct tl_cmd *c)
{
	char	*buf;
	size_t	 len;

	if (fsr_slurp(c->ctx->tree, "/etc/passwd", 4 << 20, &buf, &len) < 0)
		return;
	passwd_parse(buf, len, user_cb, c);
	free(buf);
	/* Stable by uid: the first line of a duplicated uid wins. */
	if (c->nusers > 1)
		qsort(c->users, c->nusers, sizeof(*c->users), by_uid);
}

static const char *
user_name(const struct tl_cmd *c, const struct tl_inode *in)
{
	size_t	lo = 0, hi = c->nusers, mid;

	if (in == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->users[mid].uid < in->uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nusers && c->users[lo].uid == in->uid ?
	    c->users[lo].name : NULL;
}

static void
load_err(const char *msg, void *arg)
{
	rerr(arg, "%s", msg);
}

/* A bodyfile line holds every time: the window keeps lines with one in. */
static bool
body_in_window(const struct rctx *ctx, const struct tl_name *nm)
{
	unsigned	k;

	if (ctx->since == TIME_NONE && ctx->until == TIME_NONE)
		return true;
	if (nm->in == NULL)
		return false;
	for (k = 0; k < 4; k++) {
		if (tl_sec(nm->in, k) == 0)
			continue;
		if ((ctx->since == TIME_NONE || tl_sec(nm->in, k) >= ctx->since) &&
		    (ctx->until == TIME_NONE || tl_sec(nm->in, k) <= ctx->until))
			return true;
	}
	return false;
}

/* A later pass: the events only, the findings are out. */
static int
event_cb(const struct tl_name *nm, void *arg)
{
	struct tl_cmd	*c = arg;

	tl_events_add(&c->evs, c->fsi, nm);
	return FSR_WALK_CONT;
}

static int
name_cb(const struct tl_name *nm, void *arg)
{
	struct tl_cmd	*c = arg;

	c->names++;
	tl_stomp_name(c->stomp, nm);
	if (c->fmt == TLF_BODY) {
		if (body_in_window(c->ctx, nm))
			tl_body_line(c->ctx->out, nm);
	} else {
		tl_events_add(&c->evs, c->fsi, nm);
	}
	return FSR_WALK_CONT;
}

static void
event_record(struct report *r, const struct tl_event *ev,
    const struct tl_name *nm, const char *user)
{
	const struct tl_inode	*in = nm->in;
	char			 t[TIME_ISO_LEN], macb[5], mode[16], *path;

	time_iso_ns(ev->sec, ev->nsec, t, sizeof(t));
	tl_macb_str(ev->macb, macb);
	mode_str(in != NULL ? in->mode : 0, mode);
	path = xmalloc(nm->pathlen + 1);
	memcpy(path, nm->path, nm->pathlen);
	path[nm->pathlen] = '\0';
	report_record(r, &(struct record){ "event", (const struct field[]){
	    FSTR("time", t), FSTR("macb", macb), FSTR("path", path),
	    FSTR("link", nm->link), FINT("inode", nm->ino),
	    FINT("size", in != NULL ? in->size : 0),
	    FINT("uid", in != NULL ? in->uid : 0),
	    FSTR("user", user), FINT("gid", in != NULL ? in->gid : 0),
	    FSTR("mode", mode),
	    FBOOL("deleted", nm->deleted), FEND } });
	free(path);
}

static void
write_events(struct tl_cmd *c, struct tl_fs *fss)
{
	struct tl_name	 nm;
	struct tl_inode	 tmp;
	char		*buf = xmalloc(TL_PATH_MAX);
	size_t		 i;

	tl_events_sort(&c->evs);
	for (i = 0; i < c->evs.n; i++) {
		const struct tl_event	*ev = &c->evs.ev[i];

		if (tl_name_get(&fss[ev->fsi], ev->id, &nm, buf, TL_PATH_MAX,
		    &tmp) < 0)
			continue;
		if (c->fmt == TLF_CSV)
			tl_csv_event(c->ctx->out, ev, &nm, user_name(c, nm.in));
		else if (c->fmt == TLF_TEXT)
			tl_text_event(c->ctx->out, ev, &nm,
			    user_name(c, nm.in));
		else
			event_record(c->ctx->report, ev, &nm,
			    user_name(c, nm.in));
	}
	free(buf);
}

int
cmd_timeline(int argc, char **argv, struct rctx *ctx)
{
	struct tl_cmd	 c;
	struct tl_fs	*fss;
	const struct fsr_mount *m;
	size_t		 i, n, pass = 1;
	bool		 prog = isatty(STDERR_FILENO);
	int		 rc;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	c.fmt = TLF_BODY;
	c.maxev = TL_EVENTS_MAX_DEFAULT;
	if ((rc = parse_args(argc, argv, ctx, &c)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	if (rctx_open_output(ctx) < 0)
		return EXIT_TARGET;
	if (c.fmt == TLF_JSON || c.fmt == TLF_TEXT) {
		ctx->format = c.fmt == TLF_JSON ? FMT_JSON : FMT_TEXT;
		ctx->report = report_new(ctx->format, ctx->out, ctx->color);
		report_section(ctx->report, "timeline",
		    "every inode's times, in time order");
	} else {
		ctx->report = report_new(FMT_TEXT, stderr, false);
	}
	tl_events_init(&c.evs, c.maxev, ctx->since, ctx->until);
	if (c.no_atime)
		c.evs.kinds &= ~(1U << TL_A);
	c.stomp = tl_stomp_new(tl_finding_report, ctx->report);
	n = fsr_tree_nmounts(ctx->tree);
	if (n > 255)
		n = 255;	/* an event names its filesystem in a byte */
	fss = xcalloc(n ? n : 1, sizeof(*fss));
	for (i = 0; i < n; i++) {
		m = fsr_tree_mount(ctx->tree, i);
		c.fsi = (uint8_t)i;
		if (tl_fs_load(&fss[i], ctx->tree, m->fs, m->path, prog,
		    load_err, ctx) < 0 && fss[i].nin == 0)
			continue;
		tl_stomp_fs(c.stomp, &fss[i]);
		tl_fs_names(&fss[i], name_cb, &c);
		tl_stomp_fs_end(c.stomp);
		if (c.fmt == TLF_BODY)
			tl_fs_free(&fss[i]);	/* written: let it go */
	}
	if (c.fmt != TLF_BODY) {
		load_users(&c);
		if (c.fmt == TLF_CSV)
			tl_csv_header(ctx->out);
		else if (c.fmt == TLF_TEXT)
			tl_text_header(ctx->out);
		write_events(&c, fss);
		while (tl_events_next_pass(&c.evs)) {
			if (prog)
				fprintf(stderr, "\rtimeline: more events "
				    "than --sort-buffer holds: pass %zu",
				    ++pass);
			for (i = 0; i < n; i++) {
				c.fsi = (uint8_t)i;
				tl_fs_names(&fss[i], event_cb, &c);
			}
			write_events(&c, fss);
		}
		if (prog && pass > 1)
			fputc('\n', stderr);
	}
	for (i = 0; i < c.nusers; i++)
		free(c.users[i].name);
	free(c.users);
	for (i = 0; i < n; i++)
		tl_fs_free(&fss[i]);
	free(fss);
	tl_events_free(&c.evs);
	tl_stomp_free(c.stomp);
	report_end(ctx->report);
	return analysis_status(ctx);
}
