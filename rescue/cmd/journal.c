/*
 * journal.c - the server's systemd journal read from its files, like
 * `journalctl -o short-iso` in UTC, or one JSON record per entry
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "input/journalset.h"
#include "report/report.h"
#include "util/util.h"

static const char usage[] =
"usage: rescue journal TARGET... [--since T] [--until T] [--grep TEXT]\n"
"                      [-u UNIT] [--format text|json] [-o FILE]\n"
"\n"
"Print the server's systemd journal (/var/log/journal) read from its\n"
"files, every file merged by time, without the server's journalctl.\n"
"Dirty and damaged files give what can be read; what could not is said\n"
"on standard error, one line a file.\n"
"  --since T, --until T entries in this window (YYYY-MM-DD[THH:MM[:SS]],\n"
"                       UTC or +HH:MM, or @EPOCH)\n"
"  --grep TEXT          entries whose MESSAGE holds TEXT\n"
"  -u UNIT              entries of UNIT (_SYSTEMD_UNIT or UNIT; the\n"
"                       \".service\" may be left out)\n"
"  --format text|json   text like journalctl -o short-iso (UTC), or one\n"
"                       JSON record a line with every field\n"
"  -o FILE              write to FILE (made as FILE.tmp, renamed when done)\n"
"Exit status: 0, 2 usage error, 3 no journal file could be read.\n";

struct opts {
	const char	*grep;
	const char	*unit;
};

struct run {
	struct rctx	*ctx;
	struct fpair	*pairs;
	size_t		 cap;
	char		 boot[33];	/* the entry's boot ID in hex */
};

static int
parse_args(int argc, char **argv, struct rctx *ctx, struct opts *o)
{
	static const struct option longopts[] = {
		{ "format",	required_argument,	NULL, 'f' },
		{ "output",	required_argument,	NULL, 'o' },
		{ "since",	required_argument,	NULL, 's' },
		{ "until",	required_argument,	NULL, 'U' },
		{ "grep",	required_argument,	NULL, 'g' },
		{ "unit",	required_argument,	NULL, 'u' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int	c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:u:h", longopts,
	    NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				ctx->format = FMT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				ctx->format = FMT_JSON;
			else
				return usage_err(ctx, "--format %s: want text "
				    "or json", optarg);
			break;
		case 'o':
			ctx->outpath = optarg;
			break;
		case 's':
		case 'U':
			if ((rc = parse_time_opt(ctx, c == 's' ? "since" :
			    "until", optarg, c == 's' ? &ctx->since :
			    &ctx->until)) != 0)
				return rc;
			break;
		case 'g':
			o->grep = optarg;
			break;
		case 'u':
			o->unit = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			return usage_err(ctx, "%s: unknown option",
			    argv[optind - 1]);
		}
	}
	return add_targets(ctx, argc, argv);
}

static void
file_err(const char *path, const char *msg, void *arg)
{
	rerr(arg, "%s: %s", path, msg);
}

/* VALUE (LEN bytes) is UNIT, or UNIT ".service". */
static bool
unit_is(const struct journal_field *f, const char *unit)
{
	size_t	n = strlen(unit);

	if (f == NULL)
		return false;
	if (f->len == n && memcmp(f->value, unit, n) == 0)
		return true;
	return f->len == n + 8 && memcmp(f->value, unit, n) == 0 &&
	    memcmp(f->value + n, ".service", 8) == 0;
}

static bool
wanted(const struct rctx *ctx, const struct opts *o,
    const struct journal_entry *e)
{
	const struct journal_field	*m;
	int64_t				 t;

	/* to the microsecond, as journalctl: --until T ends at T itself */
	t = e->realtime > INT64_MAX ? INT64_MAX : (int64_t)e->realtime;
	if (ctx->since != TIME_NONE && ctx->since > 0 &&
	    t / 1000000 < ctx->since)
		return false;
	if (ctx->until != TIME_NONE && (ctx->until < 0 ||
	    t / 1000000 > ctx->until || (t / 1000000 == ctx->until &&
	    t % 1000000 != 0)))
		return false;
	if (o->unit != NULL && !unit_is(journal_field(e, "_SYSTEMD_UNIT"),
	    o->unit) && !unit_is(journal_field(e, "UNIT"), o->unit))
		return false;
	if (o->grep != NULL && o->grep[0] != '\0') {
		m = journal_field(e, "MESSAGE");
		if (m == NULL || memmem(m->value, m->len, o->grep,
		    strlen(o->grep)) == NULL)
			return false;
	}
	return true;
}

/* "2023-12-15T05:14:25.123456Z": the microseconds journald keeps. */
static void
entry_time(const struct journal_entry *e, char *buf, size_t len)
{
	char	t[TIME_ISO_LEN];
	size_t	n;

	time_iso((int64_t)(e->realtime / 1000000), t, sizeof(t));
	n = strlen(t);
	if (n > 0 && t[n - 1] == 'Z')
		t[n - 1] = '\0';
	snprintf(buf, len, "%s.%06uZ", t, (unsigned)(e->realtime % 1000000));
}

static void
put_field(FILE *out, const struct journal_field *f, const char *none)
{
	if (f == NULL)
		fputs(none, out);
	else
		esc_write(out, (const char *)f->value, f->len);
}

/*
 * journalctl's short-iso line: time host ident[pid]: message.  Like
 * journalctl, an entry without a MESSAGE has no line.
 */
static void
print_text(FILE *out, const struct journal_entry *e)
{
	const struct journal_field	*id, *pid, *msg;
	char				 t[TIME_ISO_LEN];

	if ((msg = journal_field(e, "MESSAGE")) == NULL)
		return;
	time_iso((int64_t)(e->realtime / 1000000), t, sizeof(t));
	fprintf(out, "%s ", t);
	put_field(out, journal_field(e, "_HOSTNAME"), "-");
	fputc(' ', out);
	if ((id = journal_field(e, "SYSLOG_IDENTIFIER")) == NULL)
		id = journal_field(e, "_COMM");
	put_field(out, id, "unknown");
	if ((pid = journal_field(e, "_PID")) == NULL)
		pid = journal_field(e, "SYSLOG_PID");
	if (pid != NULL) {
		fputc('[', out);
		put_field(out, pid, "");
		fputc(']', out);
	}
	fputs(": ", out);
	put_field(out, msg, "");
	fputc('\n', out);
}

static void
print_json(struct run *r, const struct journal_entry *e,
    const struct jsfile *jf)
{
	char	t[TIME_ISO_LEN + 8];
	size_t	i, n = e->nfields;

	if (r->cap < n + 1) {
		r->cap = n + 1;
		r->pairs = xrealloc(r->pairs, r->cap * sizeof(*r->pairs));
	}
	for (i = 0; i < n; i++)
		r->pairs[i] = (struct fpair){
			.name = e->fields[i].name,
			.namelen = e->fields[i].namelen,
			.value = (const char *)e->fields[i].value,
			.len = e->fields[i].len,
		};
	/* journalctl gives the entry header's boot ID as _BOOT_ID too */
	if (journal_field(e, "_BOOT_ID") == NULL) {
		for (i = 0; i < 16; i++)
			snprintf(r->boot + 2 * i, 3, "%02x", e->boot_id[i]);
		r->pairs[n++] = (struct fpair){ "_BOOT_ID", 8, r->boot, 32 };
	}
	entry_time(e, t, sizeof(t));
	report_record(r->ctx->report, &(struct record){
		.kind = "journal",
		.fields = (const struct field[]){
			FSTR("time", t),
			FSTR("source", jf != NULL ? jf->path : NULL),
			FMAP("fields", r->pairs, n),
			FEND,
		},
	});
}

int
cmd_journal(int argc, char **argv, struct rctx *ctx)
{
	struct opts			 o = { 0 };
	struct journalset		 set;
	struct run			 r = { .ctx = ctx };
	const struct journal_entry	*e;
	const struct jsfile		*jf;
	int				 rc;

	if ((rc = parse_args(argc, argv, ctx, &o)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = rctx_open_tree(ctx, true)) != 0)
		return rc;
	if (rctx_open_output(ctx) < 0)
		return EXIT_TARGET;
	ctx->report = report_new(ctx->format, ctx->out, ctx->color);
	rc = journalset_open(ctx->tree, &set, file_err, ctx);
	if (rc != 0) {
		rerr(ctx, "/var/log/journal: %s", fsr_tree_errmsg(ctx->tree));
		rc = EXIT_TARGET;
		goto out;
	}
	if (journalset_nreadable(&set) == 0) {
		rerr(ctx, "no journal file could be read in /var/log/journal");
		rc = EXIT_TARGET;
		goto out;
	}
	while (journalset_next(&set, &e, &jf) == 1) {
		if (!wanted(ctx, &o, e))
			continue;
		if (ctx->format == FMT_JSON)
			print_json(&r, e, jf);
		else
			print_text(ctx->out, e);
	}
	journalset_damage(&set, file_err, ctx);
	report_end(ctx->report);
	rc = EXIT_CLEAN;
out:
	journalset_close(&set);
	free(r.pairs);
	return rc;
}
