/*
 * text.c - the report for a terminal or a serial console: plain ASCII
 * layout readable at 80 columns, colour only on a terminal
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "story/story.h"
#include "util/util.h"

#define KIND_WIDTH	12

static const char *const sev_label[] = { "INFO", "LOW", "MEDIUM", "HIGH" };
static const char *const sev_color[] = { "\033[2m", "\033[36m", "\033[33m",
    "\033[1;31m" };

static void
text_section(struct report *r, const char *name, const char *summary)
{
	fprintf(r->out, "\n%s== %s%s", r->color ? "\033[1m" : "", name,
	    r->color ? "\033[0m" : "");
	if (summary != NULL && *summary)
		fprintf(r->out, ": %s", summary);
	fputc('\n', r->out);
}

/* last(1)'s "(HH:MM)" and "(D+HH:MM)". */
static int
dur_str(int64_t s, char *buf, size_t len)
{
	int64_t	m = s / 60;

	if (m >= 24 * 60)
		return snprintf(buf, len, "(%lld+%02d:%02d)",
		    (long long)(m / (24 * 60)), (int)(m / 60 % 24),
		    (int)(m % 60));
	return snprintf(buf, len, "(%02d:%02d)", (int)(m / 60),
	    (int)(m % 60));
}

static void
put_value(struct report *r, const struct field *f)
{
	char	t[TIME_ISO_LEN];
	size_t	i;

	switch (f->type) {
	case F_STR:
		esc_puts(r->out, f->s);
		break;
	case F_INT:
		fprintf(r->out, "%lld", (long long)f->i);
		break;
	case F_BOOL:
		fputs(f->i ? "yes" : "no", r->out);
		break;
	case F_TIME:
		time_iso(f->i, t, sizeof(t));
		fputs(t, r->out);
		break;
	case F_DUR:
		dur_str(f->i, t, sizeof(t));
		fputs(t, r->out);
		break;
	case F_MAP:
		for (i = 0; i < f->nmap; i++) {
			if (i > 0)
				fputc(' ', r->out);
			esc_write(r->out, f->map[i].name, f->map[i].namelen);
			fputc('=', r->out);
			esc_write(r->out, f->map[i].value, f->map[i].len);
		}
		break;
	case F_END:
		break;
	}
}

static bool
is_null(const struct field *f)
{
	return (f->type == F_STR && (f->s == NULL || f->s[0] == '\0')) ||
	    (f->type == F_TIME && f->i == TIME_NONE) ||
	    (f->type == F_DUR && f->i < 0) ||
	    (f->type == F_MAP && f->nmap == 0);
}

/* Columns the field takes as put_value() and its name print it. */
static size_t
field_width(const struct field *f)
{
	char	buf[32];
	size_t	w = f->flags & FF_BARE ? 0 : strlen(f->name) + 1, i;

	switch (f->type) {
	case F_STR:
		return w + esc_width(f->s, strlen(f->s));
	case F_INT:
		return w + (size_t)snprintf(buf, sizeof(buf), "%lld",
		    (long long)f->i);
	case F_BOOL:
		return w + (f->i ? 3 : 2);
	case F_TIME:
		return w + 20;
	case F_DUR:
		return w + (size_t)dur_str(f->i, buf, sizeof(buf));
	case F_MAP:
		for (i = 0; i < f->nmap; i++)
			w += (i > 0) + esc_width(f->map[i].name,
			    f->map[i].namelen) + 1 + esc_width(f->map[i].value,
			    f->map[i].len);
		return w;
	case F_END:
		break;
	}
	return w;
}

/*
 * A field longer than a line (a hash, a command): from the next line,
 * cut at the margin and continued under the values, never splitting a
 * UTF-8 sequence.  Returns the column it ends at.
 */
static size_t
put_long(struct report *r, const struct field *f, bool first, size_t col,
    size_t indent)
{
	char	*buf = NULL;
	size_t	 len = 0, room, n, i = 0;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return col;
	if (!(f->flags & FF_BARE))
		fprintf(mem, "%s=", f->name);
	put_value(&(struct report){ .out = mem }, f);
	if (fclose(mem) != 0) {
		free(buf);
		return col;
	}
	if (!first) {
		fprintf(r->out, "\n%*s", (int)indent, "");
		col = indent;
	}
	while (i < len) {
		room = 79 - col;
		n = len - i < room ? len - i : room;
		while (i + n < len && n > 1 &&
		    ((unsigned char)buf[i + n] & 0xc0) == 0x80)
			n--;
		fwrite(buf + i, 1, n, r->out);
		i += n;
		col += n;
		if (i < len) {
			fprintf(r->out, "\n%*s", (int)indent, "");
			col = indent;
		}
	}
	free(buf);
	return col;
}

/*
 * "  kind        value  name=value ...", wrapped under the values so
 * that a serial console at 80 columns needs no horizontal scrolling.
 */
static void
text_record(struct report *r, const struct record *rec)
{
	const struct field	*f;
	size_t			 col, w, pad, indent = 2 + KIND_WIDTH;
	bool			 first = true;

	/* a kind as wide as the column still gets its two spaces */
	w = strlen(rec->kind) + 2 > KIND_WIDTH ? strlen(rec->kind) + 2 :
	    KIND_WIDTH;
	fprintf(r->out, "  %-*s", (int)w, rec->kind);
	col = 2 + w;
	for (f = rec->fields; f->type != F_END; f++) {
		if (is_null(f) && f->width == 0)
			continue;
		w = is_null(f) ? 0 : field_width(f);
		pad = w < f->width ? f->width - w : 0;
		if (w > 79 - indent) {
			col = put_long(r, f, first, col, indent);
			first = false;
			continue;
		}
		if (!first && col + 2 + w > 79) {
			fprintf(r->out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputs("  ", r->out);
			col += 2;
		}
		first = false;
		if (!(f->flags & FF_BARE))
			fprintf(r->out, "%s=", f->name);
		if (!is_null(f))
			put_value(r, f);
		fprintf(r->out, "%*s", (int)pad, "");
		col += w + pad;
	}
	fputc('\n', r->out);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Text findings come last, by severity: keep a copy of each. */
static void
text_finding(struct report *r, const struct finding *fd)
{
	struct finding	*h;

	if (r->nheld == r->heldcap) {
		r->heldcap = r->heldcap ? r->heldcap * 2 : 64;
		r->held = xrealloc(r->held, r->heldcap * sizeof(*r->held));
	}
	h = &r->held[r->nheld++];
	*h = *fd;
	h->f.path = dup_or_null(fd->f.path);
	h->f.evidence = dup_or_null(fd->f.evidence);
	h->f.detail = dup_or_null(fd->f.detail);
}

/*
 * TEXT after PREFIX, wrapped at 80 columns under CONT: at spaces where
 * there are some, anywhere in a word longer than a line.  Evidence is
 * escaped first, so the wrapping sees what will be printed.
 */
static void
put_wrapped(FILE *out, const char *prefix, const char *cont,
    const char *text, bool escape)
{
	char		*buf = NULL, *p;
	size_t		 len = 0, room, n, w;
	FILE		*mem;
	const char	*pre = prefix;

	if (escape && (mem = open_memstream(&buf, &len)) != NULL) {
		esc_puts(mem, text);
		if (fclose(mem) != 0) {
			free(buf);
			buf = NULL;
		}
	}
	p = buf != NULL ? buf : (char *)text;
	do {
		room = 80 - strlen(pre) - 1;
		n = strlen(p);
		if (n > room) {
			for (w = room; w > room / 2 && p[w] != ' '; w--)
				;
			n = p[w] == ' ' ? w : room;
		}
		fprintf(out, "%s%.*s\n", pre, (int)n, p);
		p += n;
		while (*p == ' ')
			p++;
		pre = cont;
	} while (*p != '\0');
	free(buf);
}

/* A joined finding's parts, one a line: "+ check  path:line". */
static void
put_refs(struct report *r, const struct fctx *f)
{
	const struct fref	*x;
	char			*line;
	size_t			 i;

	for (i = 0; i < f->nrefs; i++) {
		x = &f->refs[i];
		if (x->path != NULL && x->line > 0)
			line = story_printf("%s  %s:%ld", x->what, x->path,
			    x->line);
		else if (x->text != NULL && strchr(x->what, '.') == NULL)
			/* a record: what it says, then where */
			line = story_printf("%s  %s%s%s%s", x->what, x->text,
			    x->path != NULL ? " (" : "", x->path != NULL ?
			    x->path : "", x->path != NULL ? ")" : "");
		else
			line = story_printf("%s  %s", x->what, x->path != NULL ?
			    x->path : x->text != NULL ? x->text : "");
		put_wrapped(r->out, "       + ", "           ", line, true);
		free(line);
	}
}

static void
print_finding(struct report *r, const struct finding *fd)
{
	const struct fctx	*f = &fd->f;
	char			 t[TIME_ISO_LEN];
	enum severity		 s = fd->def->sev;

	fprintf(r->out, "%s%-6s%s %s\n", r->color ? sev_color[s] : "",
	    sev_label[s], r->color ? "\033[0m" : "", fd->def->name);
	put_wrapped(r->out, "       ", "       ", fd->def->summary, false);
	if (f->path != NULL && 7 + esc_width(f->path, strlen(f->path)) +
	    12 + 22 > 80) {
		/* a path too long for one line: wrapped, the time below */
		put_wrapped(r->out, "       ", "       ", f->path, true);
		if (f->line > 0)
			fprintf(r->out, "       line %ld\n", f->line);
		if (f->time != TIME_NONE) {
			time_iso(f->time, t, sizeof(t));
			fprintf(r->out, "       %s\n", t);
		}
	} else if (f->path != NULL || f->time != TIME_NONE) {
		fputs("       ", r->out);
		if (f->path != NULL) {
			esc_puts(r->out, f->path);
			if (f->line > 0)
				fprintf(r->out, ":%ld", f->line);
		}
		if (f->time != TIME_NONE) {
			time_iso(f->time, t, sizeof(t));
			fprintf(r->out, "%s%s", f->path ? "  " : "", t);
		}
		fputc('\n', r->out);
	}
	if (f->detail != NULL)
		put_wrapped(r->out, "       ", "       ", f->detail, true);
	if (f->evidence != NULL)
		put_wrapped(r->out, "       > ", "         ", f->evidence, true);
	put_refs(r, f);
}

static void
print_findings(struct report *r)
{
	size_t	i;
	int	s;

	if (r->nheld == 0)
		return;
	fprintf(r->out, "\n%s== findings%s: %zu (%u high, %u medium, %u low, "
	    "%u info)\n", r->color ? "\033[1m" : "", r->color ? "\033[0m" : "",
	    r->nheld, r->count[SEV_HIGH], r->count[SEV_MEDIUM],
	    r->count[SEV_LOW], r->count[SEV_INFO]);
	/* by severity; in each, the joined findings first */
	for (s = SEV_HIGH; s >= SEV_INFO; s--) {
		for (i = 0; i < r->nheld; i++)
			if ((int)r->held[i].def->sev == s &&
			    r->held[i].f.nrefs > 0)
				print_finding(r, &r->held[i]);
		for (i = 0; i < r->nheld; i++)
			if ((int)r->held[i].def->sev == s &&
			    r->held[i].f.nrefs == 0)
				print_finding(r, &r->held[i]);
	}
}

static void
print_verdict(struct report *r, const struct story *st)
{
	static const char *const label[] = { "CLEAN: nothing found",
	    "SUSPICIOUS: look at the findings",
	    "COMPROMISED: this server was broken into" };
	size_t			 i;

	fprintf(r->out, "\n%s== verdict: %s%s\n", r->color ? "\033[1m" : "",
	    label[st->verdict], r->color ? "\033[0m" : "");
	for (i = 0; i < st->nfacts; i++)
		put_wrapped(r->out, "  - ", "    ", st->facts[i], true);
}

static void
print_event(struct report *r, const struct story_event *e)
{
	char	t[TIME_ISO_LEN], u[TIME_ISO_LEN], pre[40], *line;

	time_iso(e->time, t, sizeof(t));
	snprintf(pre, sizeof(pre), "  %.8s  %-8s ", t + 11,
	    story_ev_name(e->kind));
	switch (e->kind) {
	case STORY_EV_FAILED:
		time_iso(e->end, u, sizeof(u));
		line = story_printf("%ld failed logins from %s until %.8s "
		    "(%s)", e->count, e->who != NULL ? e->who : "?", u + 11,
		    e->what != NULL ? e->what : "");
		break;
	case STORY_EV_LOGIN:
		if (e->end != TIME_NONE)
			time_iso(e->end, u, sizeof(u));
		line = story_printf("%s from %s%s%s%s%s", e->who != NULL ?
		    e->who : "?", e->where != NULL ? e->where : "(local)",
		    e->what != NULL ? " on " : "", e->what != NULL ? e->what :
		    "", e->end != TIME_NONE ? ", until " : e->open ?
		    ", never ended" : "", e->end != TIME_NONE ? u : "");
		break;
	case STORY_EV_COMMAND:
		line = story_printf("%s: %s", e->who != NULL ? e->who : "?",
		    e->what);
		break;
	default:
		line = story_printf("%s (%s)", e->what, e->where != NULL ?
		    e->where : "changed");
		break;
	}
	put_wrapped(r->out, pre, "                     ", line, true);
	free(line);
}

static void
print_windows(struct report *r, const struct story *st)
{
	const struct story_window	*w;
	struct story_event		*ev;
	char				 a[TIME_ISO_LEN], b[TIME_ISO_LEN];
	char				 day[16] = "";
	size_t				 i, k, n, more;

	if (st->nwindows == 0) {
		fprintf(r->out, "\n%s== attack window%s: none\n",
		    r->color ? "\033[1m" : "", r->color ? "\033[0m" : "");
		return;
	}
	for (i = 0; i < st->nwindows; i++) {
		w = &st->windows[i];
		if (w->given) {
			fprintf(r->out, "\n%s== attack window %zu%s: "
			    "as given\n", r->color ? "\033[1m" : "", i + 1,
			    r->color ? "\033[0m" : "");
		} else {
			time_iso(w->start, a, sizeof(a));
			time_iso(w->end, b, sizeof(b));
			fprintf(r->out, "\n%s== attack window %zu%s: "
			    "%s to %s%s\n", r->color ? "\033[1m" : "", i + 1,
			    r->color ? "\033[0m" : "", a, b,
			    w->open ? " or later" : "");
		}
		for (k = 0; k < w->nreason; k++)
			put_wrapped(r->out, "  why: ", "       ", w->reason[k],
			    true);
		ev = story_events(st, w, &n, &more);
		day[0] = '\0';
		for (k = 0; k < n; k++) {
			time_iso(ev[k].time, a, sizeof(a));
			if (strncmp(day, a, 10) != 0) {
				snprintf(day, sizeof(day), "%.10s", a);
				fprintf(r->out, "  %s\n", day);
			}
			print_event(r, &ev[k]);
		}
		if (more > 0)
			fprintf(r->out, "  ... and %zu more events: see "
			    "--format json or html\n", more);
		free(ev);
	}
}

static void
print_next(struct report *r, const struct story *st)
{
	size_t	i;

	fprintf(r->out, "\n%s== next steps%s\n", r->color ? "\033[1m" : "",
	    r->color ? "\033[0m" : "");
	for (i = 0; i < st->nsteps; i++) {
		char	pre[32];

		snprintf(pre, sizeof(pre), "  %zu. ", i + 1);
		put_wrapped(r->out, pre, "     ", st->steps[i], true);
	}
}

/*
 * Deferred (triage): verdict, findings, windows and next steps first,
 * then what each analyzer read.
 */
static void
text_end(struct report *r)
{
	FILE	*body = NULL;

	if (r->final != NULL) {
		body = r->out;
		r->out = r->final;
	}
	if (r->story != NULL)
		print_verdict(r, r->story);
	print_findings(r);
	if (r->story != NULL) {
		print_windows(r, r->story);
		print_next(r, r->story);
	}
	if (body != NULL) {
		fprintf(r->out, "\n%s== details%s: what each analyzer read\n",
		    r->color ? "\033[1m" : "", r->color ? "\033[0m" : "");
		r->out = body;
		report_copy_deferred(r);
	}
}

const struct report_writer report_text = {
	.section	= text_section,
	.record		= text_record,
	.finding	= text_finding,
	.end		= text_end,
};
