/*
 * html.c - the triage report as one self-contained HTML file: verdict,
 * an SVG timeline of the attack, findings with their evidence, and the
 * records in tables that sort and filter, readable offline
 *
 * Nothing is fetched (a Content-Security-Policy says so too); every
 * string from the evidence goes through esc_html().  Sections and
 * records are held in the deferred body and come after the story.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "story/story.h"
#include "util/util.h"

static const char *const sev_class[] = { "info", "low", "medium", "high" };

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;"
"padding:1em;color:#222;background:#fff}\n"
"h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc;"
"margin-top:1.6em}\n"
".verdict{padding:.8em 1em;border-radius:6px;margin:1em 0}\n"
".verdict h2{border:0;margin:0 0 .4em;font-size:1.4em}\n"
".v-compromised{background:#fde2e1;border:2px solid #c0392b}\n"
".v-suspicious{background:#fff4d6;border:2px solid #d69e00}\n"
".v-clean{background:#e3f6e5;border:2px solid #2e8b57}\n"
".finding{border-left:5px solid #999;padding:.3em .8em;margin:.6em 0;"
"background:#fafafa}\n"
".finding.high{border-color:#c0392b}.finding.medium{border-color:#d69e00}"
".finding.low{border-color:#2980b9}\n"
".sev{font-weight:bold;text-transform:uppercase;margin-right:.5em}\n"
".ev,code{font-family:ui-monospace,monospace;white-space:pre-wrap;"
"word-break:break-all}\n"
"table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\n"
"th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;"
"vertical-align:top;font-size:13px;overflow-wrap:anywhere}\n"
"td:first-child{white-space:nowrap}\n"
"th{background:#eee;cursor:pointer;user-select:none}\n"
"input.filter{margin:.3em 0;padding:3px;width:20em}\n"
"svg text{font:11px sans-serif}\n"
".muted{color:#777}\n";

/* Sort on a click of a header, filter on typing: no library. */
static const char js[] =
"(function(){\n"
"function txt(r,i){var c=r.cells[i];return c?c.textContent:'';}\n"
"document.querySelectorAll('table.rec').forEach(function(t){\n"
" var hs=t.tHead?t.tHead.rows[0].cells:[];\n"
" Array.prototype.forEach.call(hs,function(h,i){\n"
"  h.addEventListener('click',function(){\n"
"   var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);\n"
"   var d=h.getAttribute('data-dir')==='a'?-1:1;\n"
"   h.setAttribute('data-dir',d>0?'a':'d');\n"
"   rs.sort(function(x,y){var p=txt(x,i),q=txt(y,i);\n"
"    var m=parseFloat(p),n=parseFloat(q);\n"
"    if(!isNaN(m)&&!isNaN(n)&&String(m)===p&&String(n)===q)"
"return (m-n)*d;\n"
"    return p<q?-d:p>q?d:0;});\n"
"   rs.forEach(function(r){b.appendChild(r);});});});});\n"
"document.querySelectorAll('input.filter').forEach(function(f){\n"
" f.addEventListener('input',function(){\n"
"  var t=document.getElementById(f.getAttribute('data-table'));\n"
"  if(!t)return;var s=f.value.toLowerCase();\n"
"  Array.prototype.forEach.call(t.tBodies[0].rows,function(r){\n"
"   r.style.display=r.textContent.toLowerCase().indexOf(s)<0?"
"'none':'';});});});\n"
"})();\n";

static void
close_table(struct report *r)
{
	if (r->in_table)
		fputs("</tbody></table>\n", r->out);
	r->in_table = false;
	r->table_sig[0] = '\0';
}

static void
html_section(struct report *r, const char *name, const char *summary)
{
	close_table(r);
	r->nsection++;
	fputs("<h2>", r->out);
	esc_html_str(r->out, name);
	fputs("</h2>\n", r->out);
	if (summary != NULL && *summary) {
		fputs("<p class=\"muted\">", r->out);
		esc_html_str(r->out, summary);
		fputs("</p>\n", r->out);
	}
}

static void
put_value(FILE *out, const struct field *f)
{
	char	t[TIME_ISO_LEN];
	size_t	i;

	switch (f->type) {
	case F_STR:
		esc_html_str(out, f->s);
		break;
	case F_INT:
		fprintf(out, "%lld", (long long)f->i);
		break;
	case F_BOOL:
		fputs(f->i ? "yes" : "no", out);
		break;
	case F_TIME:
		if (f->i != TIME_NONE) {
			time_iso(f->i, t, sizeof(t));
			fputs(t, out);
		}
		break;
	case F_DUR:
		if (f->i >= 0)
			fprintf(out, "%lld", (long long)f->i);
		break;
	case F_MAP:
		for (i = 0; i < f->nmap; i++) {
			if (i > 0)
				fputc(' ', out);
			esc_html(out, f->map[i].name, f->map[i].namelen);
			fputc('=', out);
			esc_html(out, f->map[i].value, f->map[i].len);
		}
		break;
	case F_END:
		break;
	}
}

/* A table per run of records of one kind with the same columns. */
static void
html_record(struct report *r, const struct record *rec)
{
	const struct field	*f;
	char			 sig[sizeof(r->table_sig)];
	size_t			 n;

	n = (size_t)snprintf(sig, sizeof(sig), "%s", rec->kind);
	for (f = rec->fields; f->type != F_END && n < sizeof(sig); f++)
		n += (size_t)snprintf(sig + n, sizeof(sig) - n, " %s",
		    f->name);
	if (!r->in_table || strcmp(sig, r->table_sig) != 0) {
		close_table(r);
		r->nsection++;
		fputs("<h3>", r->out);
		esc_html_str(r->out, rec->kind);
		fprintf(r->out, "</h3>\n<input class=\"filter\" "
		    "placeholder=\"filter\" data-table=\"t%u\">\n"
		    "<table class=\"rec\" id=\"t%u\"><thead><tr>", r->nsection,
		    r->nsection);
		for (f = rec->fields; f->type != F_END; f++) {
			fputs("<th>", r->out);
			esc_html_str(r->out, f->name);
			fputs("</th>", r->out);
		}
		fputs("</tr></thead><tbody>\n", r->out);
		memcpy(r->table_sig, sig, sizeof(sig));
		r->in_table = true;
	}
	fputs("<tr>", r->out);
	for (f = rec->fields; f->type != F_END; f++) {
		fputs("<td>", r->out);
		put_value(r->out, f);
		fputs("</td>", r->out);
	}
	fputs("</tr>\n", r->out);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Findings come before the records: keep a copy of each (as text.c). */
static void
html_finding(struct report *r, const struct finding *fd)
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
put_time(FILE *out, int64_t t)
{
	char	buf[TIME_ISO_LEN];

	if (t == TIME_NONE)
		return;
	time_iso(t, buf, sizeof(buf));
	fputs(buf, out);
}

static void
print_finding(FILE *out, const struct finding *fd)
{
	const struct fctx	*f = &fd->f;
	size_t			 i;

	fprintf(out, "<div class=\"finding %s\"><span class=\"sev\">%s</span>"
	    "<b>%s</b> <span class=\"muted\">", sev_class[fd->def->sev],
	    severity_name(fd->def->sev), fd->def->name);
	esc_html_str(out, fd->def->summary);
	fputs("</span><br>", out);
	if (f->path != NULL) {
		fputs("<code>", out);
		esc_html_str(out, f->path);
		if (f->line > 0)
			fprintf(out, ":%ld", f->line);
		fputs("</code> ", out);
	}
	put_time(out, f->time);
	if (f->detail != NULL) {
		fputs("<br>", out);
		esc_html_str(out, f->detail);
	}
	if (f->evidence != NULL) {
		fputs("<div class=\"ev\">", out);
		esc_html_str(out, f->evidence);
		fputs("</div>", out);
	}
	if (f->nrefs > 0) {
		fputs("<table><thead><tr><th>built from</th><th>where</th>"
		    "<th>evidence</th><th>time</th></tr></thead><tbody>", out);
		for (i = 0; i < f->nrefs; i++) {
			fputs("<tr><td>", out);
			esc_html_str(out, f->refs[i].what);
			fputs("</td><td>", out);
			esc_html_str(out, f->refs[i].path);
			if (f->refs[i].path != NULL && f->refs[i].line > 0)
				fprintf(out, ":%ld", f->refs[i].line);
			fputs("</td><td class=\"ev\">", out);
			esc_html_str(out, f->refs[i].text);
			fputs("</td><td>", out);
			put_time(out, f->refs[i].time);
			fputs("</td></tr>", out);
		}
		fputs("</tbody></table>", out);
	}
	fputs("</div>\n", out);
}

static void
print_findings(struct report *r, FILE *out)
{
	size_t	i;
	int	s, joined;

	fprintf(out, "<h2>Findings: %zu (%u high, %u medium, %u low, "
	    "%u info)</h2>\n", r->nheld, r->count[SEV_HIGH],
	    r->count[SEV_MEDIUM], r->count[SEV_LOW], r->count[SEV_INFO]);
	for (s = SEV_HIGH; s >= SEV_INFO; s--)
		for (joined = 1; joined >= 0; joined--)
			for (i = 0; i < r->nheld; i++)
				if ((int)r->held[i].def->sev == s &&
				    (r->held[i].f.nrefs > 0) == joined)
					print_finding(out, &r->held[i]);
}

#define SVG_W		1000
#define SVG_LEFT	80
#define SVG_LANE	28

static double
xpos(int64_t t, int64_t a, int64_t b)
{
	if (t < a)
		t = a;
	if (t > b)
		t = b;
	return SVG_LEFT + (double)(t - a) * (SVG_W - SVG_LEFT - 10) /
	    (double)(b - a);
}

static void
svg_title(FILE *out, const struct story_event *e)
{
	char	t[TIME_ISO_LEN];

	time_iso(e->time, t, sizeof(t));
	fprintf(out, "<title>%s %s ", t, story_ev_name(e->kind));
	if (e->kind == STORY_EV_FAILED)
		fprintf(out, "%ld failed logins from ", e->count);
	esc_html_str(out, e->who);
	if (e->who != NULL && e->what != NULL)
		fputs(": ", out);
	esc_html_str(out, e->what);
	if (e->where != NULL) {
		fputs(" (", out);
		esc_html_str(out, e->where);
		fputc(')', out);
	}
	fputs("</title>", out);
}

/* One lane a kind: failures, logins, commands, files, on one time axis. */
static void
print_chart(FILE *out, const struct story_window *w,
    const struct story_event *ev, size_t n)
{
	static const char *const lane[] = { "failed logins", "logins",
	    "commands", "files" };
	static const char *const color[] = { "#d69e00", "#2980b9", "#555",
	    "#c0392b" };
	int64_t		 a = w->start, b = w->end, t;
	char		 iso[TIME_ISO_LEN];
	double		 x, x2, y;
	size_t		 i;
	int		 k, h = 4 * SVG_LANE + 30;

	/* a window as given may be open at both ends: the events' span */
	if (w->given && n > 0) {
		a = b = ev[0].time;
		for (i = 0; i < n; i++)
			if (ev[i].time > b)
				b = ev[i].time;
	}
	if (b - a < 600) {
		a -= 300;
		b += 300;
	}
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"100%%\" viewBox=\"0 0 %d %d\" role=\"img\">\n", SVG_W, h);
	for (k = 0; k < 4; k++) {
		y = 10 + k * SVG_LANE;
		fprintf(out, "<text x=\"2\" y=\"%.0f\">%s</text>"
		    "<line x1=\"%d\" x2=\"%d\" y1=\"%.0f\" y2=\"%.0f\" "
		    "stroke=\"#ddd\"/>\n", y + 14, lane[k], SVG_LEFT,
		    SVG_W - 10, y + 10, y + 10);
	}
	for (k = 0; k <= 5; k++) {
		t = a + (b - a) * k / 5;
		time_iso(t, iso, sizeof(iso));
		x = xpos(t, a, b);
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"10\" "
		    "y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" "
		    "text-anchor=\"%s\">%.5s %.5s</text>\n", x, x, h - 18,
		    x, h - 4, k == 0 ? "start" : k == 5 ? "end" : "middle",
		    iso + 5, iso + 11);
	}
	for (i = 0; i < n; i++) {
		k = (int)ev[i].kind;
		y = 10 + k * SVG_LANE;
		x = xpos(ev[i].time, a, b);
		fprintf(out, "<g fill=\"%s\" stroke=\"%s\">", color[k],
		    color[k]);
		switch (ev[i].kind) {
		case STORY_EV_FAILED:
		case STORY_EV_LOGIN:
			x2 = ev[i].end != TIME_NONE ? xpos(ev[i].end, a, b) :
			    ev[i].open ? SVG_W - 10 : x + 2;
			fprintf(out, "<rect x=\"%.1f\" y=\"%.0f\" "
			    "width=\"%.1f\" height=\"14\" "
			    "fill-opacity=\"0.5\">", x, y + 3,
			    x2 - x < 3 ? 3 : x2 - x);
			svg_title(out, &ev[i]);
			fputs("</rect>", out);
			break;
		case STORY_EV_COMMAND:
			fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" "
			    "y1=\"%.0f\" y2=\"%.0f\" stroke-width=\"2\">",
			    x, x, y + 2, y + 18);
			svg_title(out, &ev[i]);
			fputs("</line>", out);
			break;
		case STORY_EV_FILE:
			fprintf(out, "<circle cx=\"%.1f\" cy=\"%.0f\" r=\"5\">",
			    x, y + 10);
			svg_title(out, &ev[i]);
			fputs("</circle>", out);
			break;
		}
		fputs("</g>\n", out);
	}
	fputs("</svg>\n", out);
}

static void
print_window(FILE *out, const struct story *st, size_t wi)
{
	const struct story_window	*w = &st->windows[wi];
	struct story_event		*ev;
	char				 t[TIME_ISO_LEN];
	size_t				 i, n, more;

	fprintf(out, "<h2>Attack window %zu: ", wi + 1);
	if (w->given) {
		fputs("as given", out);
	} else {
		put_time(out, w->start);
		fputs(" to ", out);
		put_time(out, w->end);
		if (w->open)
			fputs(" or later (a session never ended)", out);
	}
	fputs("</h2>\n<ul>", out);
	for (i = 0; i < w->nreason; i++) {
		fputs("<li>", out);
		esc_html_str(out, w->reason[i]);
		fputs("</li>", out);
	}
	fputs("</ul>\n", out);
	ev = story_events(st, w, &n, &more);
	print_chart(out, w, ev, n);
	fprintf(out, "<input class=\"filter\" placeholder=\"filter\" "
	    "data-table=\"w%zu\">\n<table class=\"rec\" id=\"w%zu\"><thead><tr>"
	    "<th>time</th><th>what</th><th>who</th><th>detail</th>"
	    "<th>where</th></tr></thead><tbody>\n", wi, wi);
	for (i = 0; i < n; i++) {
		time_iso(ev[i].time, t, sizeof(t));
		fprintf(out, "<tr><td>%s</td><td>%s</td><td>", t,
		    story_ev_name(ev[i].kind));
		esc_html_str(out, ev[i].who);
		fputs("</td><td class=\"ev\">", out);
		if (ev[i].kind == STORY_EV_FAILED)
			fprintf(out, "%ld failed: ", ev[i].count);
		esc_html_str(out, ev[i].what);
		fputs("</td><td>", out);
		esc_html_str(out, ev[i].where);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	if (more > 0)
		fprintf(out, "<p class=\"muted\">%zu more events left "
		    "out</p>\n", more);
	free(ev);
}

static void
print_story(struct report *r, FILE *out, const struct story *st)
{
	static const char *const label[] = { "Clean: nothing found",
	    "Suspicious: look at the findings",
	    "Compromised: this server was broken into" };
	size_t	i;

	fprintf(out, "<div class=\"verdict v-%s\" id=\"verdict\" "
	    "data-verdict=\"%s\"><h2>Verdict: %s</h2><ul>\n",
	    story_verdict_name(st->verdict), story_verdict_name(st->verdict),
	    label[st->verdict]);
	for (i = 0; i < st->nfacts; i++) {
		fputs("<li>", out);
		esc_html_str(out, st->facts[i]);
		fputs("</li>\n", out);
	}
	fputs("</ul></div>\n", out);
	if (st->nwindows == 0)
		fputs("<p>No attack window.</p>\n", out);
	for (i = 0; i < st->nwindows; i++)
		print_window(out, st, i);
	print_findings(r, out);
	fputs("<h2>Next steps</h2><ol>\n", out);
	for (i = 0; i < st->nsteps; i++) {
		fputs("<li>", out);
		esc_html_str(out, st->steps[i]);
		fputs("</li>\n", out);
	}
	fputs("</ol>\n", out);
}

static void
html_end(struct report *r)
{
	FILE	*out = r->final != NULL ? r->final : r->out;

	close_table(r);
	/* the head, then what was held: out is the real output here */
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'unsafe-inline'; img-src data:\">\n"
	    "<link rel=\"icon\" href=\"data:,\">\n"
	    "<title>rescue triage</title>\n<style>", out);
	fputs(css, out);
	fputs("</style></head><body>\n<h1>rescue triage</h1>\n", out);
	if (r->story != NULL)
		print_story(r, out, r->story);
	else
		print_findings(r, out);
	fputs("<h2>Details: what each analyzer read</h2>\n", out);
	if (r->final != NULL)
		report_copy_deferred(r);
	fputs("<script>", r->out);
	fputs(js, r->out);
	fputs("</script>\n</body></html>\n", r->out);
}

const struct report_writer report_html = {
	.section	= html_section,
	.record		= html_record,
	.finding	= html_finding,
	.end		= html_end,
};
