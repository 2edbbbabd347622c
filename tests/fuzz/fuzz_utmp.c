/*
 * fuzz_utmp.c - libFuzzer target for the utmp(5) and lastlog parsers:
 * the input is a whole file.  Layout detection, then every layout's
 * records in one piece and in chunks cut where the input's own hash
 * says, then lastlog from an offset; a chunking that changes a record,
 * a string longer than its field or a miscounted tail aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/utmp.h"

/* FNV-1a: a digest of everything a callback saw. */
static void
mix(uint64_t *h, const void *p, size_t n)
{
	const uint8_t	*b = p;
	size_t		 i;

	for (i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= UINT64_C(0x100000001b3);
	}
}

static void
mix_str(uint64_t *h, const char *s, size_t field)
{
	size_t	n = strlen(s);

	if (n > field)
		abort();
	mix(h, s, n + 1);
}

struct run {
	uint64_t	h;
	uint64_t	n;
	uint64_t	stop_at;	/* stop once here, to test resuming */
	int		stopped;
};

static int
utmp_cb(const struct utmp_record *r, void *arg)
{
	struct run	*x = arg;

	if (r->index != x->n || r->type_name == NULL)
		abort();
	mix(&x->h, &r->index, sizeof(r->index));
	mix(&x->h, &r->offset, sizeof(r->offset));
	mix(&x->h, &r->type, sizeof(r->type));
	mix(&x->h, &r->pid, sizeof(r->pid));
	mix(&x->h, &r->session, sizeof(r->session));
	mix(&x->h, &r->sec, sizeof(r->sec));
	mix(&x->h, &r->usec, sizeof(r->usec));
	mix(&x->h, &r->flags, sizeof(r->flags));
	mix_str(&x->h, r->line, UTMP_LINESIZE);
	mix_str(&x->h, r->id, UTMP_IDSIZE);
	mix_str(&x->h, r->user, UTMP_NAMESIZE);
	mix_str(&x->h, r->host, UTMP_HOSTSIZE);
	mix_str(&x->h, r->addr, UTMP_ADDRSTRLEN - 1);
	mix_str(&x->h, r->type_name, 16);
	x->n++;
	if (!x->stopped && x->n == x->stop_at) {
		x->stopped = 1;
		return 1;
	}
	return 0;
}

static int
lastlog_cb(const struct lastlog_entry *e, void *arg)
{
	struct run	*x = arg;

	mix(&x->h, &e->uid, sizeof(e->uid));
	mix(&x->h, &e->offset, sizeof(e->offset));
	mix(&x->h, &e->time, sizeof(e->time));
	mix(&x->h, &e->flags, sizeof(e->flags));
	mix_str(&x->h, e->line, UTMP_LINESIZE);
	mix_str(&x->h, e->host, UTMP_HOSTSIZE);
	x->n++;
	return 0;
}

/* xorshift64: chunk sizes drawn from the input's hash. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static size_t
chunk(uint64_t *seed, size_t left)
{
	size_t	n;

	switch (next(seed) % 4) {
	case 0:
		n = 1;
		break;
	case 1:
		n = (size_t)(next(seed) % 8);
		break;
	case 2:
		n = (size_t)(next(seed) % 1200);
		break;
	default:
		n = 384 + (size_t)(next(seed) % 33) - 16;
		break;
	}
	return n < left ? n : left;
}

static void
utmp_layout_run(const struct utmp_layout *l, const uint8_t *data,
    size_t size, uint64_t seed)
{
	struct utmp_reader	r;
	struct run		one = { 0xcbf29ce484222325u, 0, 0, 0 };
	struct run		cut = { 0xcbf29ce484222325u, 0, 0, 0 };
	size_t			off, n, rs;

	utmp_reader_init(&r, l);
	rs = r.layout.recsize;
	if (utmp_parse_records(&r, data, size, utmp_cb, &one) != 0)
		abort();
	if (one.n != size / rs || utmp_reader_tail(&r) != size % rs ||
	    r.offset != one.n * rs)
		abort();

	cut.stop_at = 1 + seed % 7;
	utmp_reader_init(&r, l);
	for (off = 0; off < size; off += n) {
		n = chunk(&seed, size - off);
		if (utmp_parse_records(&r, data + off, n, utmp_cb, &cut) != 0) {
			/* Stopped inside the chunk: resume after the record. */
			if (r.have != 0 || r.offset <= off ||
			    r.offset - off > n)
				abort();
			n = (size_t)(r.offset - off);
		}
	}
	if (cut.h != one.h || cut.n != one.n ||
	    utmp_reader_tail(&r) != size % rs)
		abort();
}

static void
lastlog_layout_run(const struct lastlog_layout *l, const uint8_t *data,
    size_t size, uint64_t base, uint64_t seed)
{
	struct lastlog_reader	r;
	struct run		one = { 0xcbf29ce484222325u, 0, 0, 0 };
	struct run		cut = { 0xcbf29ce484222325u, 0, 0, 0 };
	size_t			off, n;

	lastlog_reader_init(&r, l, base);
	lastlog_parse(&r, data, size, lastlog_cb, &one);
	if (r.offset != base + size)
		abort();
	lastlog_reader_init(&r, l, base);
	for (off = 0; off < size; off += n) {
		n = chunk(&seed, size - off);
		lastlog_parse(&r, data + off, n, lastlog_cb, &cut);
	}
	if (cut.h != one.h || cut.n != one.n)
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct utmp_layout		ul[] = {
		{ UTMP_RECSIZE_32, false }, { UTMP_RECSIZE_64, false },
		{ UTMP_RECSIZE_32, true }, { UTMP_RECSIZE_64, true },
		{ 17, false },		/* bad sizes fall back to 384 */
	};
	static const struct lastlog_layout	ll[] = {
		{ LASTLOG_RECSIZE_32, false }, { LASTLOG_RECSIZE_64, false },
		{ LASTLOG_RECSIZE_32, true }, { LASTLOG_RECSIZE_64, true },
		{ 0, true },
	};
	struct utmp_layout	ut;
	struct lastlog_layout	lt;
	uint64_t		seed = 0xcbf29ce484222325u, base;
	size_t			i;
	int			conf;

	mix(&seed, data, size);
	seed |= 1;

	conf = utmp_detect(data, size, size, &ut);
	if (conf < 0 || conf > 100 || (ut.recsize != UTMP_RECSIZE_32 &&
	    ut.recsize != UTMP_RECSIZE_64))
		abort();
	/* A first chunk shorter than the file, as a streaming caller has. */
	conf = utmp_detect(data, size / 2, size, &ut);
	if (conf < 0 || conf > 100)
		abort();
	utmp_layout_run(&ut, data, size, seed);
	for (i = 0; i < sizeof(ul) / sizeof(ul[0]); i++)
		utmp_layout_run(&ul[i], data, size, seed + i);

	/* lastlog: at 0, inside a record, and near uid 4294967294. */
	for (i = 0; i < 3; i++) {
		base = i == 0 ? 0 : i == 1 ? seed % 100000 :
		    UINT64_C(4294967294) * 296 - seed % 600;
		conf = lastlog_detect(data, size, base, base + size, &lt);
		if (conf < 0 || conf > 100 ||
		    (lt.recsize != LASTLOG_RECSIZE_32 &&
		    lt.recsize != LASTLOG_RECSIZE_64))
			abort();
		lastlog_layout_run(&lt, data, size, base, seed);
	}
	for (i = 0; i < sizeof(ll) / sizeof(ll[0]); i++)
		lastlog_layout_run(&ll[i], data, size, seed % 1000, seed + i);
	return 0;
}
