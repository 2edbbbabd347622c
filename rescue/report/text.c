/*
 * text.c - the report for a terminal or a serial console: plain ASCII
 * layout readable at 80 columns, colour only on a terminal
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
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

static void
put_value(struct report *r, const struct field *f)
{
	char	t[TIME_ISO_LEN];

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
	case F_END:
		break;
	}
}

static bool
is_null(const struct field *f)
{
	return (f->type == F_STR && (f->s == NULL || f->s[0] == '\0')) ||
	    (f->type == F_TIME && f->i == TIME_NONE);
}

/* Columns the field takes as put_value() and its name print it. */
static size_t
field_width(const struct field *f)
{
	char	buf[32];
	size_t	w = f->flags & FF_BARE ? 0 : strlen(f->name) + 1;

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
	case F_END:
		break;
	}
	return w;
}

/*
 * "  kind        value  name=value ...", wrapped under the values so
 * that a serial console at 80 columns needs no horizontal scrolling.
 */
static void
text_record(struct report *r, const struct record *rec)
{
	const struct field	*f;
	size_t			 col, w, indent = 2 + KIND_WIDTH;
	bool			 first = true;

	fprintf(r->out, "  %-*s", KIND_WIDTH, rec->kind);
	col = indent > 2 + strlen(rec->kind) ? indent : 2 + strlen(rec->kind);
	for (f = rec->fields; f->type != F_END; f++) {
		if (is_null(f))
			continue;
		w = field_width(f);
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
		put_value(r, f);
		col += w;
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

static void
print_finding(struct report *r, const struct finding *fd)
{
	const struct fctx	*f = &fd->f;
	char			 t[TIME_ISO_LEN];
	enum severity		 s = fd->def->sev;

	fprintf(r->out, "%s%-6s%s %s\n", r->color ? sev_color[s] : "",
	    sev_label[s], r->color ? "\033[0m" : "", fd->def->name);
	fprintf(r->out, "       %s\n", fd->def->summary);
	if (f->path != NULL || f->time != TIME_NONE) {
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
	if (f->detail != NULL) {
		fputs("       ", r->out);
		esc_puts(r->out, f->detail);
		fputc('\n', r->out);
	}
	if (f->evidence != NULL) {
		fputs("       > ", r->out);
		esc_puts(r->out, f->evidence);
		fputc('\n', r->out);
	}
}

static void
text_end(struct report *r)
{
	size_t	i;
	int	s;

	if (r->nheld == 0)
		return;
	fprintf(r->out, "\n%s== findings%s: %zu (%u high, %u medium, %u low, "
	    "%u info)\n", r->color ? "\033[1m" : "", r->color ? "\033[0m" : "",
	    r->nheld, r->count[SEV_HIGH], r->count[SEV_MEDIUM],
	    r->count[SEV_LOW], r->count[SEV_INFO]);
	for (s = SEV_HIGH; s >= SEV_INFO; s--)
		for (i = 0; i < r->nheld; i++)
			if ((int)r->held[i].def->sev == s)
				print_finding(r, &r->held[i]);
}

const struct report_writer report_text = {
	.section	= text_section,
	.record		= text_record,
	.finding	= text_finding,
	.end		= text_end,
};
