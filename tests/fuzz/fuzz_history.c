/*
 * fuzz_history.c - libFuzzer target for the history parsers.  The first
 * byte picks the format, the second the entry size limit and the seed
 * of the chunk sizes; the rest is the file.  It is parsed whole, then
 * again in random chunks (each in a buffer of its exact size, so that
 * ASan sees a read past one), which must give the same entries: any
 * difference aborts.  A third pass stops halfway through.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "parse/history.h"

#define HEADER	2

struct rec {
	uint64_t	 hash;
	size_t		 len;
	int64_t		 time, duration;
	long		 line;
	int		 kind;
	unsigned	 flags;
};

struct run {
	struct history_parser	*p;
	struct rec		*recs;
	size_t			 n, cap;
	bool			 compare;	/* against recs, not into */
	size_t			 stop_at;	/* 0: never */
};

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t	h = 14695981039346656037ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static int
on_entry(const struct history_entry *e, void *arg)
{
	struct run	*r = arg;
	struct rec	 c;

	/* What every entry promises. */
	if (e->text == NULL || e->len > r->p->max)
		abort();
	if (e->time != TIME_NONE && (e->time < 0 || e->time > HIST_TIME_MAX))
		abort();
	if (e->duration < -1 || e->kind < HIST_KIND_COMMAND ||
	    e->kind > HIST_KIND_HOST || (e->flags & ~0x3fu) != 0)
		abort();
	if (e->line < 1 || e->line > r->p->lineno)
		abort();
	if ((e->flags & HIST_F_BAD_TIME) && e->time != TIME_NONE)
		abort();
	memset(&c, 0, sizeof(c));
	c.hash = fnv(e->text, e->len);
	c.len = e->len;
	c.time = e->time;
	c.duration = e->duration;
	c.line = e->line;
	c.kind = e->kind;
	c.flags = e->flags;
	if (r->compare) {
		if (r->n >= r->cap || memcmp(&r->recs[r->n], &c,
		    sizeof(c)) != 0)
			abort();
		r->n++;
	} else {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->recs = realloc(r->recs, r->cap * sizeof(c));
			if (r->recs == NULL)
				abort();
		}
		r->recs[r->n++] = c;
	}
	if (r->stop_at != 0 && r->n == r->stop_at)
		return 1;
	return 0;
}

static uint32_t
rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t	 maxes[4] = { 64, 100, 300, 4096 };
	struct history_parser	 p;
	struct run		 r;
	enum history_format	 fmt;
	const char		*s;
	uint64_t		 nuls, bad, lines, entries;
	uint32_t		 seed;
	size_t			 len, max, off, k, n;
	char			*c;
	int			 ret;

	if (size < HEADER)
		return 0;
	fmt = (enum history_format)(data[0] % HIST_NFORMATS);
	max = maxes[data[1] & 3];
	seed = 0x9e3779b9u ^ data[1];
	s = (const char *)data + HEADER;
	len = size - HEADER;

	/* Whole. */
	memset(&r, 0, sizeof(r));
	r.p = &p;
	history_parser_init(&p, fmt, max, on_entry, &r);
	if (history_parser_feed(&p, s, len) != 0 ||
	    history_parser_finish(&p) != 0)
		abort();
	if (p.linecap > max + 256 || p.textcap > max)
		abort();
	nuls = p.nul_bytes;
	bad = p.bad_lines;
	lines = p.lines;
	entries = p.entries;
	if (entries != r.n)
		abort();
	history_parser_release(&p);

	/* In chunks of 1 to 64 bytes, or now and then one byte each. */
	r.compare = true;
	n = r.n;
	r.cap = r.n;
	r.n = 0;
	history_parser_init(&p, fmt, max, on_entry, &r);
	for (off = 0; off < len; off += k) {
		k = (data[1] & 0x80) ? 1 : 1 + rnd(&seed) % 64;
		if (k > len - off)
			k = len - off;
		if ((c = malloc(k)) == NULL)
			abort();
		memcpy(c, s + off, k);
		ret = history_parser_feed(&p, c, k);
		free(c);
		if (ret != 0)
			abort();
	}
	if (history_parser_finish(&p) != 0 || r.n != n ||
	    p.nul_bytes != nuls || p.bad_lines != bad || p.lines != lines ||
	    p.entries != entries)
		abort();
	history_parser_release(&p);

	/* Stopped by the callback halfway: nothing after. */
	if (n > 0) {
		r.n = 0;
		r.stop_at = n / 2 + 1;
		history_parser_init(&p, fmt, max, on_entry, &r);
		ret = history_parser_feed(&p, s, len);
		if (ret == 0)
			ret = history_parser_finish(&p);
		if (ret != 1 || r.n != r.stop_at ||
		    history_parser_feed(&p, "x\n", 2) != 1 ||
		    history_parser_finish(&p) != 1 || r.n != r.stop_at)
			abort();
		history_parser_release(&p);
	}
	free(r.recs);
	return 0;
}
