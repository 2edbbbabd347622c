/*
 * json.c - JSON Lines: one object a line, as DESIGN.md specifies; every
 * string from the evidence escaped by esc.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "story/story.h"
#include "util/util.h"

static void
put_time(FILE *f, int64_t t)
{
	char	buf[TIME_ISO_LEN];

	if (t == TIME_NONE) {
		fputs("null", f);
		return;
	}
	time_iso(t, buf, sizeof(buf));
	fprintf(f, "\"%s\"", buf);
}

static bool
same_name(const struct fpair *a, const struct fpair *b)
{
	return a->namelen == b->namelen &&
	    memcmp(a->name, b->name, a->namelen) == 0;
}

static void
put_pair_value(FILE *f, const struct fpair *p)
{
	fputc('"', f);
	esc_json(f, p->value, p->len);
	fputc('"', f);
}

/* A name given more than once gets one key, an array of its values. */
static void
put_map(FILE *f, const struct fpair *m, size_t n)
{
	size_t	i, k, more;

	fputc('{', f);
	for (i = 0; i < n; i++) {
		for (k = 0; k < i && !same_name(&m[k], &m[i]); k++)
			;
		if (k < i)
			continue;	/* given with the first */
		for (more = 0, k = i + 1; k < n; k++)
			more += same_name(&m[k], &m[i]);
		if (i > 0)
			fputc(',', f);
		fputc('"', f);
		esc_json(f, m[i].name, m[i].namelen);
		fputs("\":", f);
		if (more == 0) {
			put_pair_value(f, &m[i]);
			continue;
		}
		fputc('[', f);
		put_pair_value(f, &m[i]);
		for (k = i + 1; k < n; k++)
			if (same_name(&m[k], &m[i])) {
				fputc(',', f);
				put_pair_value(f, &m[k]);
			}
		fputc(']', f);
	}
	fputc('}', f);
}

static void
json_record(struct report *r, const struct record *rec)
{
	const struct field	*f;

	fputs("{\"type\":\"record\",\"kind\":", r->out);
	esc_json_str(r->out, rec->kind);
	for (f = rec->fields; f->type != F_END; f++) {
		fputc(',', r->out);
		esc_json_str(r->out, f->name);
		fputc(':', r->out);
		switch (f->type) {
		case F_STR:
			esc_json_str(r->out, f->s);
			break;
		case F_INT:
			fprintf(r->out, "%lld", (long long)f->i);
			break;
		case F_BOOL:
			fputs(f->i ? "true" : "false", r->out);
			break;
		case F_TIME:
			put_time(r->out, f->i);
			break;
		case F_DUR:
			if (f->i < 0)
				fputs("null", r->out);
			else
				fprintf(r->out, "%lld", (long long)f->i);
			break;
		case F_MAP:
			put_map(r->out, f->map, f->nmap);
			break;
		case F_END:
			break;
		}
	}
	fputs("}\n", r->out);
}

/* What a joined finding was built from. */
static void
put_refs(FILE *out, const struct fref *refs, size_t n)
{
	size_t	i;

	fputs(",\"refs\":[", out);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? ",{\"ref\":" : "{\"ref\":", out);
		esc_json_str(out, refs[i].what);
		if (refs[i].path != NULL) {
			fputs(",\"path\":", out);
			esc_json_str(out, refs[i].path);
		}
		if (refs[i].line > 0)
			fprintf(out, ",\"line\":%ld", refs[i].line);
		if (refs[i].text != NULL) {
			fputs(",\"evidence\":", out);
			esc_json_str(out, refs[i].text);
		}
		fputs(",\"time\":", out);
		put_time(out, refs[i].time);
		fputc('}', out);
	}
	fputc(']', out);
}

static void
json_finding(struct report *r, const struct finding *fd)
{
	const struct fctx	*f = &fd->f;

	fprintf(r->out, "{\"type\":\"finding\",\"check\":\"%s\","
	    "\"severity\":\"%s\"", fd->def->name,
	    severity_name(fd->def->sev));
	fputs(",\"path\":", r->out);
	esc_json_str(r->out, f->path);
	if (f->line > 0)
		fprintf(r->out, ",\"line\":%ld", f->line);
	fputs(",\"summary\":", r->out);
	esc_json_str(r->out, fd->def->summary);
	fputs(",\"evidence\":", r->out);
	esc_json_str(r->out, f->evidence);
	if (f->detail != NULL) {
		fputs(",\"detail\":", r->out);
		esc_json_str(r->out, f->detail);
	}
	fputs(",\"time\":", r->out);
	put_time(r->out, f->time);
	if (f->nrefs > 0)
		put_refs(r->out, f->refs, f->nrefs);
	fputs("}\n", r->out);
}

static void
put_strs(FILE *out, const char *name, char *const *v, size_t n)
{
	size_t	i;

	fprintf(out, ",\"%s\":[", name);
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', out);
		esc_json_str(out, v[i]);
	}
	fputc(']', out);
}

static void
put_opt_str(FILE *out, const char *name, const char *v)
{
	if (v == NULL)
		return;
	fprintf(out, ",\"%s\":", name);
	esc_json_str(out, v);
}

/* The window's timeline: logins, commands and file changes in order. */
static void
put_events(FILE *out, const struct story *st, const struct story_window *w)
{
	struct story_event	*ev;
	size_t			 k, n, more;

	ev = story_events(st, w, &n, &more);
	fputs(",\"events\":[", out);
	for (k = 0; k < n; k++) {
		fputs(k > 0 ? ",{\"time\":" : "{\"time\":", out);
		put_time(out, ev[k].time);
		fprintf(out, ",\"kind\":\"%s\"", story_ev_name(ev[k].kind));
		put_opt_str(out, "who", ev[k].who);
		put_opt_str(out, "what", ev[k].what);
		put_opt_str(out, "where", ev[k].where);
		if (ev[k].end != TIME_NONE && ev[k].end != 0) {
			fputs(",\"end\":", out);
			put_time(out, ev[k].end);
		}
		if (ev[k].count > 0)
			fprintf(out, ",\"count\":%ld", ev[k].count);
		if (ev[k].open)
			fputs(",\"open\":true", out);
		fputc('}', out);
	}
	fprintf(out, "],\"events_left_out\":%zu", more);
	free(ev);
}

/* The windows, then the verdict with its facts and next steps. */
static void
json_story(struct report *r, const struct story *st)
{
	const struct story_window	*w;
	size_t				 i;

	for (i = 0; i < st->nwindows; i++) {
		w = &st->windows[i];
		fputs("{\"type\":\"window\",\"start\":", r->out);
		put_time(r->out, w->start == INT64_MIN + 1 ? TIME_NONE :
		    w->start);
		fputs(",\"end\":", r->out);
		put_time(r->out, w->end == INT64_MAX ? TIME_NONE : w->end);
		fprintf(r->out, ",\"open\":%s,\"given\":%s",
		    w->open ? "true" : "false", w->given ? "true" : "false");
		put_strs(r->out, "reasons", w->reason, w->nreason);
		put_events(r->out, st, w);
		fputs("}\n", r->out);
	}
	fprintf(r->out, "{\"type\":\"verdict\",\"verdict\":\"%s\"",
	    story_verdict_name(st->verdict));
	put_strs(r->out, "facts", st->facts, st->nfacts);
	put_strs(r->out, "next", st->steps, st->nsteps);
	fputs("}\n", r->out);
}

const struct report_writer report_json = {
	.section	= NULL,
	.record		= json_record,
	.finding	= json_finding,
	.end		= NULL,
	.story		= json_story,
};
