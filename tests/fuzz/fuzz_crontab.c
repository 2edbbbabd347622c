/*
 * fuzz_crontab.c - libFuzzer target for the crontab and anacrontab
 * parser.  The first byte picks the mode (user, system, anacron) and
 * the second a chunk size; the rest is parsed twice: line by line, each
 * line from a buffer of its own exact length so that ASan sees a read
 * past its end, and through crontab_feed() in chunks of that size.
 * Both passes must agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/crontab.h"

#define HEADER	2

struct tally {
	unsigned	jobs, env, malformed;
};

static void
inside(const char *p, size_t n, const char *line, size_t len)
{
	if (n == 0)
		return;
	if (p == NULL || p < line || n > len ||
	    p - line > (ptrdiff_t)(len - n))
		abort();
}

static void
check(const struct crontab_entry *e, const char *line, size_t len)
{
	if ((unsigned)e->kind > CRONTAB_MALFORMED)
		abort();
	if ((e->kind == CRONTAB_MALFORMED) != (e->why != NULL))
		abort();
	inside(e->sched, e->schedlen, line, len);
	inside(e->job_id, e->job_idlen, line, len);
	inside(e->user, e->userlen, line, len);
	inside(e->command, e->commandlen, line, len);
	inside(e->name, e->namelen, line, len);
	inside(e->value, e->valuelen, line, len);
	if (e->headlen > e->commandlen)
		abort();
	if (e->kind == CRONTAB_JOB && e->commandlen == 0)
		abort();
	if (e->kind == CRONTAB_ENV && e->namelen == 0)
		abort();
	if ((e->minutes >> 60) != 0 || (e->hours >> 24) != 0 ||
	    (e->mdays & 1) != 0 || (e->months & 0xe001) != 0 ||
	    (e->wdays & 0x80) != 0)
		abort();
	if (e->runs_at_reboot != ((e->flags & CRONTAB_F_REBOOT) != 0))
		abort();
}

static int
count(const struct crontab_entry *e, void *arg)
{
	struct tally	*t = arg;

	/* The line is the parser's or the input's: bounds are unknown. */
	if (e->headlen > e->commandlen || e->kind == CRONTAB_NONE)
		abort();
	if (e->kind == CRONTAB_JOB)
		t->jobs++;
	else if (e->kind == CRONTAB_ENV)
		t->env++;
	else
		t->malformed++;
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crontab_parser	 p;
	struct crontab_entry	 e;
	struct tally		 t = { 0, 0, 0 }, a;
	enum crontab_mode	 mode;
	const char		*s, *end, *nl;
	char			*buf;
	size_t			 len, chunk, i;
	bool			 last_long = false;

	if (size < HEADER)
		return 0;
	mode = (enum crontab_mode)(data[0] % 3);
	chunk = (size_t)data[1] + 1;
	s = (const char *)data + HEADER;
	end = (const char *)data + size;

	crontab_parser_init(&p, mode);
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if (len > CRONTAB_LINE_MAX)
			last_long = true;
		if ((buf = malloc(len ? len : 1)) == NULL)
			abort();
		memcpy(buf, s, len);
		crontab_parse_line(&p, buf, len, &e);
		check(&e, buf, len);
		(void)crontab_kind_name(e.kind);
		free(buf);
	}
	a.jobs = p.njobs;
	a.env = p.nenv;
	a.malformed = p.nmalformed;
	crontab_parser_release(&p);

	crontab_parser_init(&p, mode);
	s = (const char *)data + HEADER;
	for (i = 0; i < (size_t)(end - s); i += chunk)
		crontab_feed(&p, s + i, (size_t)(end - s) - i < chunk ?
		    (size_t)(end - s) - i : chunk, count, &t);
	crontab_finish(&p, count, &t);
	crontab_parser_release(&p);
	/* Lines past the cap are cut, which may change what they are. */
	if (t.jobs != p.njobs || t.env != p.nenv ||
	    t.malformed != p.nmalformed)
		abort();
	if (!last_long && (t.jobs != a.jobs || t.env != a.env ||
	    t.malformed != a.malformed))
		abort();
	return 0;
}
