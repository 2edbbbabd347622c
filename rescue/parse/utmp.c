/*
 * utmp.c - utmp(5) and lastlog(8) records of any glibc layout, with
 * the layout told from the bytes: the server's CPU need not be ours
 */
#include <stdio.h>
#include <string.h>

#include "utmp.h"

/* Offsets in glibc's struct utmp that all layouts share. */
#define UT_TYPE		0	/* short, then 2 bytes of padding */
#define UT_PID		4
#define UT_LINE		8
#define UT_ID		40
#define UT_USER		44
#define UT_HOST		76
#define UT_EXIT		332	/* short e_termination, short e_exit */
#define UT_SESSION	336

/* Where the rest lies: 32-bit session and ut_tv, or 64-bit ones. */
struct ut_offsets {
	unsigned	tv_sec;
	unsigned	tv_usec;
	unsigned	addr;
	unsigned	reserved;	/* __glibc_reserved[20] and padding */
};

static const struct ut_offsets	ut_off32 = { 340, 344, 348, 364 };
static const struct ut_offsets	ut_off64 = { 344, 352, 360, 376 };

#define LL_LINE32	4
#define LL_LINE64	8

/* Detection looks at this many records per layout at most. */
#define DETECT_MAX	1024

/* Times from 1980 to 2100 are plausible for a Linux server's logs. */
#define TIME_MIN	INT64_C(315532800)
#define TIME_MAX	INT64_C(4102444800)
/* Ten years: how far apart the times in one lastlog plausibly lie. */
#define SPREAD_MAX	INT64_C(315576000)
/* The kernel's PID_MAX_LIMIT. */
#define PID_MAX		4194304

static const char *const type_names[] = {
	"EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME",
	"INIT_PROCESS", "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS",
	"ACCOUNTING"
};

#define NTYPES	(sizeof(type_names) / sizeof(type_names[0]))

static uint16_t
rd16(const uint8_t *p, bool be)
{
	return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t
rd32(const uint8_t *p, bool be)
{
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static uint64_t
rd64(const uint8_t *p, bool be)
{
	uint64_t	hi, lo;

	hi = rd32(be ? p : p + 4, be);
	lo = rd32(be ? p + 4 : p, be);
	return hi << 32 | lo;
}

/* Two's complement without relying on implementation-defined casts. */
static int64_t
sext32(uint32_t v)
{
	return v & 0x80000000u ? (int64_t)v - INT64_C(0x100000000) :
	    (int64_t)v;
}

static int64_t
sext64(uint64_t v)
{
	if (v & UINT64_C(0x8000000000000000))
		return -(int64_t)(~v) - 1;
	return (int64_t)v;
}

static int16_t
sext16(uint16_t v)
{
	return (int16_t)(v & 0x8000 ? (int)v - 0x10000 : (int)v);
}

static bool
all_zero(const uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/*
 * Copy a NUL-padded field of SIZE bytes into DST (SIZE + 1 bytes).
 * Returns UNTERM when the field has no NUL, UTMP_F_STALE_BYTES when
 * something follows its NUL, else 0.
 */
static unsigned
field_copy(char *dst, const uint8_t *src, size_t size, unsigned unterm)
{
	const uint8_t	*nul;
	size_t		 n;

	nul = memchr(src, 0, size);
	n = nul != NULL ? (size_t)(nul - src) : size;
	memcpy(dst, src, n);
	dst[n] = '\0';
	if (nul == NULL)
		return unterm;
	return all_zero(nul, size - n) ? 0 : UTMP_F_STALE_BYTES;
}

/*
 * How a fixed field reads as text: -1 if a control byte comes before
 * its NUL (binary read as a string: the wrong layout), 1 if printable
 * and NUL-padded to the end, 0 otherwise (unterminated, stale tail).
 * Bytes from 0x80 pass: a user name may be UTF-8.
 */
static int
field_score(const uint8_t *p, size_t size)
{
	size_t	i;

	for (i = 0; i < size && p[i] != 0; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return -1;
	if (i == size)
		return 0;
	return all_zero(p + i, size - i) ? 1 : 0;
}

const char *
utmp_type_name(int type)
{
	if (type < 0 || (size_t)type >= NTYPES)
		return "UNKNOWN";
	return type_names[type];
}

const char *
utmp_layout_name(const struct utmp_layout *l)
{
	if (l->recsize == UTMP_RECSIZE_64)
		return l->big_endian ? "400-byte big-endian" :
		    "400-byte little-endian";
	return l->big_endian ? "384-byte big-endian" :
	    "384-byte little-endian";
}

const char *
lastlog_layout_name(const struct lastlog_layout *l)
{
	if (l->recsize == LASTLOG_RECSIZE_64)
		return l->big_endian ? "296-byte big-endian" :
		    "296-byte little-endian";
	return l->big_endian ? "292-byte big-endian" :
	    "292-byte little-endian";
}

/* ut_addr_v6 holds four words in network byte order: the bytes as read. */
static void
addr_text(const uint8_t *a, char *out, size_t outlen)
{
	unsigned	w[8];
	int		i, best = -1, bestlen = 0, run = -1, runlen = 0;
	size_t		n = 0;

	out[0] = '\0';
	if (all_zero(a, 16))
		return;
	if (all_zero(a + 4, 12)) {
		snprintf(out, outlen, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return;
	}
	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		if (w[i] == 0) {
			if (run < 0)
				run = i;
			runlen = i - run + 1;
			if (runlen > bestlen) {
				best = run;
				bestlen = runlen;
			}
		} else
			run = -1;
	}
	/* RFC 5952 4.2.2: "::" never stands for a single zero field. */
	if (bestlen < 2)
		best = -1;
	/*
	 * RFC 5952 5: an IPv4-mapped (::ffff:a.b.c.d) or -compatible
	 * (::a.b.c.d) address keeps the dotted quad, as inet_ntop() and
	 * so last(1) and utmpdump(1) write it.
	 */
	if (best == 0 && (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
		snprintf(out, outlen, "::%s%u.%u.%u.%u",
		    bestlen == 5 ? "ffff:" : "", a[12], a[13], a[14], a[15]);
		return;
	}
	for (i = 0; i < 8 && n < outlen; i++) {
		if (i == best) {
			n += (size_t)snprintf(out + n, outlen - n, "::");
			i += bestlen - 1;
			continue;
		}
		n += (size_t)snprintf(out + n, outlen - n, "%s%x",
		    n > 0 && out[n - 1] != ':' ? ":" : "", w[i]);
	}
}

static const struct ut_offsets *
ut_offsets(const struct utmp_layout *l)
{
	return l->recsize == UTMP_RECSIZE_64 ? &ut_off64 : &ut_off32;
}

/* Read ut_session and ut_tv, 32 or 64 bits wide, sign-extended. */
static void
ut_times(const struct utmp_layout *l, const uint8_t *p, int64_t *session,
    int64_t *sec, int64_t *usec)
{
	const struct ut_offsets	*o = ut_offsets(l);
	bool			 be = l->big_endian;

	if (l->recsize == UTMP_RECSIZE_64) {
		*session = sext64(rd64(p + UT_SESSION, be));
		*sec = sext64(rd64(p + o->tv_sec, be));
		*usec = sext64(rd64(p + o->tv_usec, be));
	} else {
		*session = sext32(rd32(p + UT_SESSION, be));
		*sec = sext32(rd32(p + o->tv_sec, be));
		*usec = sext32(rd32(p + o->tv_usec, be));
	}
}

static void
utmp_decode(const struct utmp_layout *l, const uint8_t *p,
    struct utmp_record *r)
{
	const struct ut_offsets	*o = ut_offsets(l);
	bool			 be = l->big_endian;
	unsigned		 f = 0;

	r->type = sext16(rd16(p + UT_TYPE, be));
	r->type_name = utmp_type_name(r->type);
	r->pid = (int32_t)sext32(rd32(p + UT_PID, be));
	r->exit_termination = sext16(rd16(p + UT_EXIT, be));
	r->exit_status = sext16(rd16(p + UT_EXIT + 2, be));
	ut_times(l, p, &r->session, &r->sec, &r->usec);
	f |= field_copy(r->line, p + UT_LINE, UTMP_LINESIZE,
	    UTMP_F_UNTERM_LINE);
	f |= field_copy(r->user, p + UT_USER, UTMP_NAMESIZE,
	    UTMP_F_UNTERM_USER);
	f |= field_copy(r->host, p + UT_HOST, UTMP_HOSTSIZE,
	    UTMP_F_UNTERM_HOST);
	/* ut_id is often all four bytes ("ts/0"): neither odd nor stale. */
	field_copy(r->id, p + UT_ID, UTMP_IDSIZE, 0);
	memcpy(r->addr_raw, p + o->addr, sizeof(r->addr_raw));
	addr_text(r->addr_raw, r->addr, sizeof(r->addr));

	if (r->type < 0 || (size_t)r->type >= NTYPES)
		f |= UTMP_F_BAD_TYPE;
	if (r->usec < 0 || r->usec >= 1000000)
		f |= UTMP_F_BAD_USEC;
	if (all_zero(p, l->recsize))
		f |= UTMP_F_ALL_ZERO;
	else if ((r->type != UTMP_EMPTY && r->sec == 0 && r->usec == 0) ||
	    (r->type == UTMP_USER_PROCESS &&
	    (r->user[0] == '\0' || r->line[0] == '\0')) ||
	    (r->type == UTMP_EMPTY &&
	    (r->user[0] != '\0' || r->host[0] != '\0')))
		f |= UTMP_F_PARTLY_ZERO;
	r->flags = f;
}

/*
 * How much a record at P looks like glibc wrote it in layout L; *CLEAN
 * is cleared when any field is impossible there.
 */
static int
utmp_score(const struct utmp_layout *l, const uint8_t *p, bool *clean)
{
	const struct ut_offsets	*o = ut_offsets(l);
	bool			 be = l->big_endian;
	int64_t			 session, sec, usec, pid;
	int			 s = 0, type, a, b, h;

	*clean = true;
	type = sext16(rd16(p + UT_TYPE, be));
	pid = sext32(rd32(p + UT_PID, be));
	ut_times(l, p, &session, &sec, &usec);

	/*
	 * glibc zeroes what it empties, so a misread lands on EMPTY more
	 * often than a writer does: it earns nothing, and is not clean.
	 */
	if (type > UTMP_EMPTY && (size_t)type < NTYPES)
		s += 2;
	else if (type == UTMP_EMPTY)
		*clean = false;
	else {
		s -= 4;
		*clean = false;
	}
	if (pid >= 0 && pid <= PID_MAX)
		s += 1;
	else {
		s -= 2;
		*clean = false;
	}
	if (usec >= 0 && usec < 1000000)
		s += 1;
	else {
		s -= 3;
		*clean = false;
	}
	if (sec < 0 || sec >= TIME_MAX) {
		s -= 2;
		*clean = false;
	} else if (sec >= TIME_MIN)
		s += 1;
	else {
		s -= 1;		/* a clock never set, or a misread */
		*clean = false;
	}
	if (session < 0 || session > INT32_MAX) {
		s -= 2;
		*clean = false;
	}
	a = field_score(p + UT_LINE, UTMP_LINESIZE);
	b = field_score(p + UT_USER, UTMP_NAMESIZE);
	h = field_score(p + UT_HOST, UTMP_HOSTSIZE);
	s += a + b + h;
	if (a < 0 || b < 0 || h < 0) {
		s -= 2;
		*clean = false;
	}
	s += all_zero(p + o->reserved, l->recsize - o->reserved) ? 1 : -1;
	return s;
}

/* One layout on trial, in utmp_detect() or lastlog_detect(). */
struct candidate {
	unsigned	recsize;
	bool		big_endian;
	long		score;
	unsigned	scored;		/* non-zero records judged */
	unsigned	clean;
	bool		fits;		/* recsize divides the file size */
	bool		seen;		/* at least one whole record */
	int64_t		tmin, tmax;	/* plausible times seen (lastlog) */
	unsigned	ntimes;
};

/*
 * The candidate with the highest score wins; a tie goes to the one
 * whose record size divides the file, then to the earlier in the
 * table (the commonest layouts first).  *CONF gets the confidence.
 */
static size_t
pick(const struct candidate *c, size_t n, int *conf)
{
	size_t	i, best = n;

	for (i = 0; i < n; i++) {
		if (!c[i].seen)
			continue;
		if (best == n || c[i].score > c[best].score ||
		    (c[i].score == c[best].score && c[i].fits &&
		    !c[best].fits))
			best = i;
	}
	if (best == n)
		best = 0;
	*conf = 0;
	if (c[best].scored == 0)
		return best;	/* nothing to judge: the default */
	*conf = (int)(100 * c[best].clean / c[best].scored);
	for (i = 0; i < n; i++)
		if (i != best && c[i].scored > 0 &&
		    c[i].score == c[best].score && *conf > 50)
			*conf = 50;
	return best;
}

int
utmp_detect(const void *buf, size_t len, uint64_t file_size,
    struct utmp_layout *ret)
{
	struct candidate	 c[4] = {
		{ .recsize = UTMP_RECSIZE_32, .big_endian = false },
		{ .recsize = UTMP_RECSIZE_64, .big_endian = false },
		{ .recsize = UTMP_RECSIZE_32, .big_endian = true },
		{ .recsize = UTMP_RECSIZE_64, .big_endian = true },
	};
	const uint8_t		*p = buf;
	struct utmp_layout	 l;
	size_t			 i, k, off;
	bool			 clean;
	int			 conf;

	if (file_size < len)
		len = (size_t)file_size;
	for (i = 0; i < 4; i++) {
		l.recsize = c[i].recsize;
		l.big_endian = c[i].big_endian;
		c[i].fits = file_size > 0 && file_size % l.recsize == 0;
		for (k = 0, off = 0; k < DETECT_MAX && len - off >= l.recsize;
		    k++, off += l.recsize) {
			c[i].seen = true;
			if (all_zero(p + off, l.recsize))
				continue;
			c[i].score += utmp_score(&l, p + off, &clean);
			c[i].scored++;
			c[i].clean += clean;
		}
	}
	i = pick(c, 4, &conf);
	ret->recsize = c[i].recsize;
	ret->big_endian = c[i].big_endian;
	return conf;
}

void
utmp_reader_init(struct utmp_reader *r, const struct utmp_layout *l)
{
	memset(r, 0, sizeof(*r));
	r->layout = *l;
	if (r->layout.recsize != UTMP_RECSIZE_64)
		r->layout.recsize = UTMP_RECSIZE_32;
}

uint64_t
utmp_reader_skip(struct utmp_reader *r, uint64_t bytes)
{
	uint64_t	n;

	if (r->have != 0)
		return 0;
	n = bytes / r->layout.recsize;
	r->offset += n * r->layout.recsize;
	r->index += n;
	return n;
}

static int
utmp_emit(struct utmp_reader *r, const uint8_t *p, utmp_fn *fn, void *arg)
{
	struct utmp_record	rec;

	utmp_decode(&r->layout, p, &rec);
	rec.index = r->index++;
	rec.offset = r->offset;
	r->offset += r->layout.recsize;
	return fn(&rec, arg);
}

int
utmp_parse_records(struct utmp_reader *r, const void *buf, size_t len,
    utmp_fn *fn, void *arg)
{
	const uint8_t	*p = buf;
	size_t		 rs = r->layout.recsize, n;
	int		 rc;

	while (len > 0) {
		if (r->have == 0 && len >= rs) {
			/* The common case: a whole record in place, no copy. */
			rc = utmp_emit(r, p, fn, arg);
			p += rs;
			len -= rs;
		} else {
			n = rs - r->have < len ? rs - r->have : len;
			memcpy(r->part + r->have, p, n);
			r->have += n;
			p += n;
			len -= n;
			if (r->have < rs)
				break;
			r->have = 0;
			rc = utmp_emit(r, r->part, fn, arg);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

size_t
utmp_reader_tail(const struct utmp_reader *r)
{
	return r->have;
}

/* ll_time, 32 or 64 bits, sign-extended. */
static int64_t
ll_time(const struct lastlog_layout *l, const uint8_t *p)
{
	if (l->recsize == LASTLOG_RECSIZE_64)
		return sext64(rd64(p, l->big_endian));
	return sext32(rd32(p, l->big_endian));
}

static int
lastlog_score(const struct lastlog_layout *l, const uint8_t *p, bool *clean)
{
	size_t	line = l->recsize == LASTLOG_RECSIZE_64 ? LL_LINE64 : LL_LINE32;
	int64_t	t = ll_time(l, p);
	int	s = 0, a, b;

	*clean = true;
	if (t >= TIME_MIN && t < TIME_MAX)
		s += 2;
	else if (t != 0) {
		s -= 3;
		*clean = false;
	}
	a = field_score(p + line, UTMP_LINESIZE);
	b = field_score(p + line + UTMP_LINESIZE, UTMP_HOSTSIZE);
	s += a + b;
	if (a < 0 || b < 0) {
		s -= 2;
		*clean = false;
	}
	return s;
}

int
lastlog_detect(const void *buf, size_t len, uint64_t offset,
    uint64_t file_size, struct lastlog_layout *ret)
{
	struct candidate	 c[4] = {
		{ .recsize = LASTLOG_RECSIZE_32, .big_endian = false },
		{ .recsize = LASTLOG_RECSIZE_64, .big_endian = false },
		{ .recsize = LASTLOG_RECSIZE_32, .big_endian = true },
		{ .recsize = LASTLOG_RECSIZE_64, .big_endian = true },
	};
	const uint8_t		*p = buf;
	struct lastlog_layout	 l;
	size_t			 i, k, off;
	int64_t			 t;
	bool			 clean;
	int			 conf;

	for (i = 0; i < 4; i++) {
		l.recsize = c[i].recsize;
		l.big_endian = c[i].big_endian;
		c[i].fits = file_size > 0 && file_size % l.recsize == 0;
		/* Records start at multiples of the size in the file. */
		off = (size_t)((l.recsize - offset % l.recsize) % l.recsize);
		for (k = 0; k < DETECT_MAX && off <= len &&
		    len - off >= l.recsize; k++, off += l.recsize) {
			c[i].seen = true;
			if (all_zero(p + off, l.recsize))
				continue;
			c[i].score += lastlog_score(&l, p + off, &clean);
			c[i].scored++;
			c[i].clean += clean;
			t = ll_time(&l, p + off);
			if (t < TIME_MIN || t >= TIME_MAX)
				continue;
			if (c[i].ntimes++ == 0 || t < c[i].tmin)
				c[i].tmin = t;
			if (c[i].ntimes == 1 || t > c[i].tmax)
				c[i].tmax = t;
		}
		/*
		 * A 32-bit time read in the wrong byte order is plausible
		 * about a third of the time, but then the times scatter
		 * over decades; one server's logins lie within years.
		 */
		if (c[i].ntimes >= 2 && c[i].tmax - c[i].tmin < SPREAD_MAX)
			c[i].score += 2;
	}
	i = pick(c, 4, &conf);
	ret->recsize = c[i].recsize;
	ret->big_endian = c[i].big_endian;
	return conf;
}

void
lastlog_reader_init(struct lastlog_reader *r, const struct lastlog_layout *l,
    uint64_t offset)
{
	memset(r, 0, sizeof(*r));
	r->layout = *l;
	if (r->layout.recsize != LASTLOG_RECSIZE_64)
		r->layout.recsize = LASTLOG_RECSIZE_32;
	r->offset = offset;
	r->skip = (size_t)((r->layout.recsize - offset % r->layout.recsize) %
	    r->layout.recsize);
}

static int
lastlog_emit(struct lastlog_reader *r, const uint8_t *p, uint64_t off,
    lastlog_fn *fn, void *arg)
{
	struct lastlog_entry	e;
	size_t			line;

	if (all_zero(p, r->layout.recsize))
		return 0;	/* never logged in, or a hole */
	line = r->layout.recsize == LASTLOG_RECSIZE_64 ? LL_LINE64 : LL_LINE32;
	e.uid = off / r->layout.recsize;
	e.offset = off;
	e.time = ll_time(&r->layout, p);
	e.flags = field_copy(e.line, p + line, UTMP_LINESIZE,
	    UTMP_F_UNTERM_LINE);
	e.flags |= field_copy(e.host, p + line + UTMP_LINESIZE,
	    UTMP_HOSTSIZE, UTMP_F_UNTERM_HOST);
	return fn(&e, arg);
}

int
lastlog_parse(struct lastlog_reader *r, const void *buf, size_t len,
    lastlog_fn *fn, void *arg)
{
	const uint8_t	*p = buf;
	size_t		 rs = r->layout.recsize, n;
	uint64_t	 start;
	int		 rc;

	while (len > 0) {
		if (r->skip > 0) {
			n = r->skip < len ? r->skip : len;
			r->skip -= n;
			r->offset += n;
			p += n;
			len -= n;
			continue;
		}
		if (r->have == 0 && len >= rs) {
			start = r->offset;
			r->offset += rs;
			rc = lastlog_emit(r, p, start, fn, arg);
			p += rs;
			len -= rs;
		} else {
			n = rs - r->have < len ? rs - r->have : len;
			memcpy(r->part + r->have, p, n);
			r->have += n;
			r->offset += n;
			p += n;
			len -= n;
			if (r->have < rs)
				break;
			r->have = 0;
			rc = lastlog_emit(r, r->part, r->offset - rs, fn, arg);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}
