/*
 * report.c - what every format shares: the check table, severity
 * counting, and findings kept for the end of a text report
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util/util.h"

static const struct check_def check_table[] = {
#define CHECK(id, name, sev, summary) { name, sev, summary },
#include "checks.def"
#undef CHECK
};

const struct check_def *
check_def(enum check_id id)
{
	return &check_table[id];
}

const char *
severity_name(enum severity s)
{
	static const char *const names[] = { "info", "low", "medium", "high" };

	return names[s];
}

struct report *
report_new(enum format fmt, FILE *out, bool color)
{
	struct report	*r = xcalloc(1, sizeof(*r));

	r->w = fmt == FMT_JSON ? &report_json : fmt == FMT_HTML ?
	    &report_html : &report_text;
	r->out = out;
	r->color = color;
	r->worst = -1;
	return r;
}

void
report_free(struct report *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nheld; i++) {
		free((char *)r->held[i].f.path);
		free((char *)r->held[i].f.evidence);
		free((char *)r->held[i].f.detail);
	}
	free(r->held);
	if (r->final != NULL) {
		/* never ended: drop the temporary file */
		fclose(r->out);
		r->out = r->final;
	}
	free(r);
}

void
report_section(struct report *r, const char *name, const char *summary)
{
	r->last_kind = NULL;
	if (r->w->section != NULL)
		r->w->section(r, name, summary);
}

void
report_record(struct report *r, const struct record *rec)
{
	const struct field	*f;

	/* "type" and "kind" belong to the JSON envelope. */
	for (f = rec->fields; f->type != F_END; f++)
		if (strcmp(f->name, "type") == 0 || strcmp(f->name, "kind") == 0)
			abort();
	r->w->record(r, rec);
	if (r->rtap != NULL)
		r->rtap(rec, r->rtap_arg);
}

void
report_record_bulk(struct report *r, const struct record *rec, bool brief)
{
	if (!brief) {
		report_record(r, rec);
		return;
	}
	if (r->rtap != NULL)
		r->rtap(rec, r->rtap_arg);
}

void
report_set_record_tap(struct report *r, report_record_tap_fn *fn, void *arg)
{
	r->rtap = fn;
	r->rtap_arg = arg;
}

int
report_defer(struct report *r)
{
	FILE	*tmp;

	if (r->final != NULL)
		return 0;
	/* the body of a big server is larger than memory should hold */
	if ((tmp = tmpfile()) == NULL)
		return -1;
	r->final = r->out;
	r->out = tmp;
	return 0;
}

void
report_copy_deferred(struct report *r)
{
	char	buf[65536];
	size_t	n;

	if (r->final == NULL)
		return;
	fflush(r->out);
	rewind(r->out);
	while ((n = fread(buf, 1, sizeof(buf), r->out)) > 0)
		fwrite(buf, 1, n, r->final);
	fclose(r->out);
	r->out = r->final;
	r->final = NULL;
}

void
report_story(struct report *r, const struct story *st)
{
	r->story = st;
	if (r->w->story != NULL)
		r->w->story(r, st);
}

void
report_finding(struct report *r, enum check_id id, const struct fctx *f)
{
	struct finding	fd = { id, check_def(id), *f };

	if ((int)fd.def->sev > r->worst)
		r->worst = (int)fd.def->sev;
	r->count[fd.def->sev]++;
	r->w->finding(r, &fd);
	if (r->tap != NULL)
		r->tap(&fd, r->tap_arg);
}

void
report_set_tap(struct report *r, report_tap_fn *fn, void *arg)
{
	r->tap = fn;
	r->tap_arg = arg;
}

void
report_note(struct report *r, const char *fmt, ...)
{
	char	buf[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report_record(r, &(struct record){ "note", (const struct field[]){
	    FBARE("message", buf), FEND } });
}

void
report_end(struct report *r)
{
	if (r->w->end != NULL)
		r->w->end(r);
	/* a writer that did not take the body back: it goes last */
	report_copy_deferred(r);
	fflush(r->out);
}

int
report_worst(const struct report *r)
{
	return r->worst;
}
