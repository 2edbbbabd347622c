/*
 * json.c - JSON Lines: one object a line, as DESIGN.md specifies; every
 * string from the evidence escaped by esc.c
 */
#include <stdio.h>

#include "report.h"
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
		case F_END:
			break;
		}
	}
	fputs("}\n", r->out);
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
	fputs("}\n", r->out);
}

const struct report_writer report_json = {
	.section	= NULL,
	.record		= json_record,
	.finding	= json_finding,
	.end		= NULL,
};
