/*
 * fuzz_story.c - libFuzzer target for the triage's story: hostile logins,
 * failures, commands, accounts and findings go through the taps, the
 * story is built and written in text, JSON and HTML.  Each line is one
 * item: its first byte says which ('l' login, 'f' failures, 'c'
 * command, 'a' account, anything else a finding whose check is that
 * byte), its fields are split on tabs.  Every field is also checked
 * through esc_html(): no markup byte and no control byte may come out.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "report/report.h"
#include "story/story.h"
#include "util/util.h"

#define NFIELD	4
#define T0	((int64_t)1795687200)

static void
check_html(const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		return;
	esc_html_str(mem, s);
	if (fclose(mem) != 0) {
		free(buf);
		return;
	}
	for (i = 0; i < len; i++)
		if (strchr("<>\"'", buf[i]) != NULL ||
		    (unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			abort();
	free(buf);
}

static void
item(struct story *st, char *line)
{
	char		*f[NFIELD] = { "", "", "", "" }, *p = line + 1;
	int64_t		 t;
	size_t		 n = 0;
	enum check_id	 id;

	while (n < NFIELD && p != NULL) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	for (n = 0; n < NFIELD; n++)
		check_html(f[n]);
	t = T0 + (int64_t)(strtol(f[2], NULL, 10) % 100000);
	switch (line[0]) {
	case 'l':
		story_tap_record(&(struct record){ "login",
		    (const struct field[]){ FSTR("user", f[0]),
		    FSTR("host", f[1]), FTIME("start", t),
		    FTIME("end", f[3][0] == 'o' ? TIME_NONE : t + 60),
		    FSTR("status", f[3][0] == 'o' ? "still logged in" : NULL),
		    FSTR("source", "/var/log/wtmp"), FEND } }, st);
		break;
	case 'f':
		story_tap_record(&(struct record){ "failed",
		    (const struct field[]){ FSTR("from", f[1]),
		    FINT("attempts", strtol(f[3], NULL, 10)),
		    FTIME("first", t), FTIME("last", t + 60),
		    FSTR("users", f[0]), FEND } }, st);
		break;
	case 'c':
		story_tap_record(&(struct record){ "command",
		    (const struct field[]){ FSTR("user", f[0]),
		    FTIME("time", t), FSTR("text", f[1]),
		    FSTR("source", "/root/.bash_history"), FEND } }, st);
		break;
	case 'a':
		story_tap_record(&(struct record){ "account",
		    (const struct field[]){ FSTR("user", f[0]),
		    FINT("uid", f[3][0] == '0' ? 0 : 1000), FEND } }, st);
		break;
	default:
		id = (enum check_id)((unsigned char)line[0] % CHECK__COUNT);
		story_tap_finding(&(struct finding){ id, check_def(id), {
		    .path = f[0][0] != '\0' ? f[0] : NULL, .evidence = f[1],
		    .detail = f[3][0] != '\0' ? f[3] : NULL,
		    .time = f[2][0] != '\0' ? t : TIME_NONE } }, st);
		break;
	}
}

static void
write_all(struct story *st, enum format fmt, FILE *out)
{
	struct report	*r = report_new(fmt, out, false);

	if (fmt != FMT_JSON)
		report_defer(r);
	story_report(st, r);
	report_end(r);
	report_free(r);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct story	*st = story_new();
	char		*buf, *line, *next;
	FILE		*out;

	buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (*line != '\0')
			item(st, line);
	}
	story_build(st, TIME_NONE, TIME_NONE);
	if ((out = fopen("/dev/null", "w")) != NULL) {
		write_all(st, FMT_TEXT, out);
		write_all(st, FMT_JSON, out);
		write_all(st, FMT_HTML, out);
		fclose(out);
	}
	story_free(st);
	free(buf);
	return 0;
}
