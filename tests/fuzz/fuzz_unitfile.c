/*
 * fuzz_unitfile.c - libFuzzer target for the systemd unit file parser
 * and its Exec*=, Environment= and EnvironmentFile= splitters.  The
 * first byte is a chunk size; the rest is fed whole and in chunks of
 * that size (the two must agree), every value goes through the
 * splitter its key names, and the whole input, NUL and newlines
 * included, goes through the Exec and Environment splitters as one
 * value of its own exact length, so that ASan sees a read past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/unitfile.h"

#define HEADER	1

struct state {
	struct unit_exec	*x;
	struct unit_env		*e;
	unsigned		 events, last;
};

static void
exec_all(struct unit_exec *x, const char *v, size_t len)
{
	size_t	pos = 0, prev, i;
	int	r, n = 0;

	for (;;) {
		prev = pos;
		r = unit_exec_next(v, len, &pos, x);
		if (pos < prev || pos > len || x->argc > UNIT_EXEC_ARGV_MAX ||
		    x->argv[x->argc] != NULL || x->used > sizeof(x->buf) ||
		    strnlen(x->specifiers, sizeof(x->specifiers)) ==
		    sizeof(x->specifiers))
			abort();
		for (i = 0; i < x->argc; i++)
			if (x->argv[i] < x->buf ||
			    x->argv[i] >= x->buf + sizeof(x->buf) ||
			    strnlen(x->argv[i], (size_t)(x->buf +
			    sizeof(x->buf) - x->argv[i])) ==
			    (size_t)(x->buf + sizeof(x->buf) - x->argv[i]))
				abort();
		if (r == 1 && (x->path == NULL || x->argc == 0 ||
		    x->error != NULL))
			abort();
		if (r < 0 && x->error == NULL)
			abort();
		/* Each command takes at least one byte. */
		if (r <= 0 || pos == prev || ++n > 1 << 20)
			break;
	}
}

static void
env_all(struct unit_env *e, const char *v, size_t len)
{
	size_t	pos = 0, prev;
	int	r;

	for (;;) {
		prev = pos;
		r = unit_env_next(v, len, &pos, e);
		if (pos < prev || pos > len)
			abort();
		if (r == 1 && (e->name == NULL || e->value == NULL ||
		    strlen(e->value) != e->valuelen || e->valid !=
		    (e->why == NULL)))
			abort();
		if (r <= 0 || pos == prev)
			break;
	}
}

static int
event(const struct unit_event *ev, void *arg)
{
	struct state	*s = arg;
	const char	*path;
	size_t		 n;
	bool		 opt;

	if ((unsigned)ev->kind > UNIT_MALFORMED ||
	    (ev->kind == UNIT_MALFORMED) != (ev->why != NULL) ||
	    ev->line == 0 || ev->line > ev->last_line ||
	    ev->last_line < s->last || ev->valuelen > UNIT_VALUE_MAX ||
	    strlen(ev->value) != ev->valuelen ||
	    strlen(ev->key) > UNIT_NAME_MAX ||
	    strlen(ev->section) > UNIT_NAME_MAX)
		abort();
	(void)unit_event_name(ev->kind);
	s->last = ev->last_line;
	s->events++;
	if (ev->kind != UNIT_ASSIGN)
		return 0;
	if (strncmp(ev->key, "Exec", 4) == 0)
		exec_all(s->x, ev->value, ev->valuelen);
	else if (strcmp(ev->key, "Environment") == 0)
		env_all(s->e, ev->value, ev->valuelen);
	else if (strcmp(ev->key, "EnvironmentFile") == 0 &&
	    unit_envfile(ev->value, ev->valuelen, &opt, &path, &n) &&
	    (path < ev->value || path + n > ev->value + ev->valuelen))
		abort();
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_parser	 p;
	struct state		 s;
	const char		*in;
	char			*buf;
	size_t			 len, chunk, i;
	unsigned		 events, lines, nassign, nmalformed;
	bool			 refused;

	if (size < HEADER)
		return 0;
	chunk = (size_t)data[0] + 1;
	in = (const char *)data + HEADER;
	len = size - HEADER;
	memset(&s, 0, sizeof(s));
	if ((s.x = malloc(sizeof(*s.x))) == NULL ||
	    (s.e = malloc(sizeof(*s.e))) == NULL)
		abort();

	unit_parser_init(&p);
	unit_feed(&p, in, len, event, &s);
	unit_finish(&p, event, &s);
	events = s.events;
	lines = p.line;
	nassign = p.nassign;
	nmalformed = p.nmalformed;
	refused = p.refused;
	unit_parser_release(&p);

	s.events = s.last = 0;
	unit_parser_init(&p);
	for (i = 0; i < len; i += chunk)
		unit_feed(&p, in + i, len - i < chunk ? len - i : chunk,
		    event, &s);
	unit_finish(&p, event, &s);
	if (s.events != events || p.line != lines || p.nassign != nassign ||
	    p.nmalformed != nmalformed || p.refused != refused)
		abort();
	unit_parser_release(&p);

	if ((buf = malloc(len ? len : 1)) == NULL)
		abort();
	memcpy(buf, in, len);
	exec_all(s.x, buf, len);
	env_all(s.e, buf, len);
	free(buf);
	free(s.e);
	free(s.x);
	return 0;
}
