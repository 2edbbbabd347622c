/*
 * fuzz_authlog.c - libFuzzer target for the auth.log line parser.  The
 * first two bytes are a reference year (little-endian, signed: 0, far
 * past and far future included), the next eight a file mtime; the rest
 * is split on newlines and each line is parsed from a buffer of its own
 * exact length, so that ASan sees a read past any line's end.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "parse/authlog.h"

#define HEADER	10

static void
check(const char *line, size_t len, int r, const struct authlog_event *ev)
{
	/* Every field is a C string inside its array. */
	if (strnlen(ev->host, sizeof(ev->host)) == sizeof(ev->host) ||
	    strnlen(ev->program, sizeof(ev->program)) ==
	    sizeof(ev->program) ||
	    strnlen(ev->user, sizeof(ev->user)) == sizeof(ev->user) ||
	    strnlen(ev->addr, sizeof(ev->addr)) == sizeof(ev->addr) ||
	    strnlen(ev->command, sizeof(ev->command)) ==
	    sizeof(ev->command) ||
	    strnlen(ev->value, sizeof(ev->value)) == sizeof(ev->value))
		abort();
	if (len > 0 && (ev->msg < line || ev->msg + ev->msglen > line + len))
		abort();
	if ((unsigned)ev->type >= AUTHLOG_NTYPES ||
	    (r != 0 && ev->type != AUTHLOG_OTHER))
		abort();
	if ((ev->time == TIME_NONE) == ev->has_year)
		abort();
	if (ev->type == AUTHLOG_OTHER && (ev->user[0] != '\0' ||
	    ev->addr[0] != '\0' || ev->port != -1))
		abort();
	if (ev->port < -1 || ev->port > 65535)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authlog_event	 ev;
	struct authlog_year	 yr;
	const char		*s, *end, *nl;
	char			*buf;
	int64_t			 mtime, y;
	uint64_t		 m = 0;
	size_t			 len, i;
	int16_t			 year;
	int			 r, first;

	if (size < HEADER)
		return 0;
	year = (int16_t)(data[0] | data[1] << 8);
	for (i = 0; i < 8; i++)
		m |= (uint64_t)data[2 + i] << (8 * i);
	memcpy(&mtime, &m, sizeof(mtime));
	authlog_year_init(&yr, year);
	s = (const char *)data + HEADER;
	end = (const char *)data + size;
	for (; s <= end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if ((buf = malloc(len ? len : 1)) == NULL)
			return 0;
		memcpy(buf, s, len);
		r = authlog_parse_line(buf, len, &yr, &ev);
		check(buf, len, r, &ev);
		(void)authlog_type_name(ev.type);
		free(buf);
	}
	first = authlog_year_first(&yr, mtime);
	if (first != 0 && (first < 1 || first > 9999))
		abort();
	/* ev.msg points into freed memory now: set_year must not read it */
	ev.msg = NULL;
	y = (int64_t)first + ev.year_delta;
	authlog_event_set_year(&ev, y > INT32_MAX || y < INT32_MIN ? 0 :
	    (int)y);
	authlog_event_set_year(&ev, year);
	return 0;
}
