/*
 * tz.c - time zones from TZif bytes (RFC 8536, RFC 9636) and POSIX TZ
 * strings, with no zone database and no process-wide state
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "tz.h"

#define DAY		86400
/* RFC 9636: a UT offset lies within -25:00 .. +26:00, both excluded. */
#define OFF_MIN		(-89999)
#define OFF_MAX		93599
/* The Gregorian calendar, weekdays too, repeats every 400 years. */
#define CYCLE		(INT64_C(146097) * DAY)
/* 2000-01-01: footer rules are worked out in the cycle from there. */
#define CYCLE_BASE	INT64_C(946684800)
#define ABBR_LEN	32		/* a POSIX name, NUL included */
#define FOOTER_MAX	512		/* tzcode's TZ strings are < 100 */
#define TZIF_HDR	44
/* Type indexes are one byte (tzcode's TZ_MAX_TYPES). */
#define TYPES_MAX	256

enum date_kind { DATE_JULIAN, DATE_ZERO, DATE_MONTH };

/* One end of daylight time in a POSIX rule. */
struct rule_date {
	enum date_kind	 kind;		/* Jn, n or Mm.w.d */
	int		 day;		/* n, or the weekday of M */
	int		 mon, week;
	int32_t		 secs;		/* local time, +-167h */
};

struct rule {
	int32_t			 std_off, dst_off;	/* east */
	bool			 has_dst;
	struct rule_date	 start, end;
	char			 std[ABBR_LEN], dst[ABBR_LEN];
};

/* A local time type; ABBR points into the zone's chars or rule. */
struct tz_type {
	int32_t			 off;
	const char		*abbr;
};

struct tz {
	/* Transitions, strictly ascending, each to the type in TIDX. */
	size_t			 ntrans;
	int64_t			*trans;
	uint8_t			*tidx;
	size_t			 ntypes;
	struct tz_type		*types;
	char			*chars;		/* TZif abbreviations */
	/* The footer, or the whole zone, from the last transition on. */
	bool			 has_rule;
	struct rule		 rule;
};

/* A piece of the input, not NUL-terminated. */
struct cur {
	const char		*p, *end;
};

static int64_t
sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

static int64_t
sat_sub(int64_t a, int32_t b)
{
	return sat_add(a, -(int64_t)b);
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The year of a day; only called within a few cycles of 1970. */
static int64_t
year_of_days(int64_t z)
{
	int64_t		era, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	y = yoe + era * 400;
	doy = (z - era * 146097) - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	return mp < 10 ? y : y + 1;
}

static bool
is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
month_days(int64_t y, int m)
{
	static const int	 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/*
 * POSIX TZ strings (POSIX.1-2024 8.3 TZ, RFC 8536 3.3.1).  Each reader
 * takes what it knows from C and leaves C past it, or fails.
 */

static bool
eat(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static bool
is_alpha(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static bool
get_num(struct cur *c, int min, int max, int *out)
{
	const char	*s = c->p;
	int		 v = 0;

	while (c->p < c->end && is_digit(*c->p)) {
		v = v * 10 + (*c->p++ - '0');
		if (v > max)
			return false;
	}
	if (c->p == s || v < min)
		return false;
	*out = v;
	return true;
}

/* "EST", or "<-03>" with its brackets (kept out of the name). */
static bool
get_name(struct cur *c, char *buf)
{
	const char	*s;
	size_t		 n;

	if (eat(c, '<')) {
		for (s = c->p; c->p < c->end && *c->p != '>'; c->p++)
			if (!is_alpha(*c->p) && !is_digit(*c->p) &&
			    *c->p != '+' && *c->p != '-')
				return false;
		if (c->p == c->end)
			return false;
		n = (size_t)(c->p++ - s);
	} else {
		for (s = c->p; c->p < c->end && is_alpha(*c->p); c->p++)
			continue;
		n = (size_t)(c->p - s);
	}
	if (n < 3 || n >= ABBR_LEN)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return true;
}

/* [+-]hh[:mm[:ss]] in seconds, hh up to MAXH. */
static bool
get_hms(struct cur *c, int maxh, int32_t *out)
{
	int	 h, m = 0, s = 0, sign = 1;

	if (eat(c, '-'))
		sign = -1;
	else
		(void)eat(c, '+');
	if (!get_num(c, 0, maxh, &h))
		return false;
	if (eat(c, ':')) {
		if (!get_num(c, 0, 59, &m))
			return false;
		if (eat(c, ':') && !get_num(c, 0, 59, &s))
			return false;
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return true;
}

/* POSIX offsets count west: "CET-1" is one hour east. */
static bool
get_offset(struct cur *c, int32_t *off)
{
	int32_t	 secs;

	if (!get_hms(c, 24, &secs))
		return false;
	*off = -secs;
	return true;
}

static bool
get_date(struct cur *c, struct rule_date *d)
{
	if (eat(c, 'J')) {
		d->kind = DATE_JULIAN;
		if (!get_num(c, 1, 365, &d->day))
			return false;
	} else if (eat(c, 'M')) {
		d->kind = DATE_MONTH;
		if (!get_num(c, 1, 12, &d->mon) || !eat(c, '.') ||
		    !get_num(c, 1, 5, &d->week) || !eat(c, '.') ||
		    !get_num(c, 0, 6, &d->day))
			return false;
	} else {
		d->kind = DATE_ZERO;
		if (!get_num(c, 0, 365, &d->day))
			return false;
	}
	d->secs = 2 * 3600;
	/* RFC 8536 3.3.1: the hour may be -167 .. 167. */
	if (eat(c, '/') && !get_hms(c, 167, &d->secs))
		return false;
	return true;
}

static const char *
parse_rule(const char *s, size_t len, struct rule *r)
{
	struct cur	c = { s, s + len };

	memset(r, 0, sizeof(*r));
	if (len == 0)
		return "TZ string: empty";
	if (*s == ':' || (memchr(s, '/', len) != NULL &&
	    memchr(s, ',', len) == NULL))
		return "TZ string: a file name, not a rule";
	if (!get_name(&c, r->std))
		return "TZ string: bad standard time name";
	if (!get_offset(&c, &r->std_off))
		return "TZ string: bad standard time offset";
	if (c.p == c.end)
		return NULL;
	if (!get_name(&c, r->dst))
		return "TZ string: bad daylight time name";
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (c.p < c.end && *c.p != ',' && !get_offset(&c, &r->dst_off))
		return "TZ string: bad daylight time offset";
	if (c.p == c.end) {
		/* No rule: the US one since 2007, as tzcode and glibc. */
		r->start = (struct rule_date){ DATE_MONTH, 0, 3, 2, 7200 };
		r->end = (struct rule_date){ DATE_MONTH, 0, 11, 1, 7200 };
		return NULL;
	}
	if (!eat(&c, ',') || !get_date(&c, &r->start))
		return "TZ string: bad daylight time start";
	if (!eat(&c, ',') || !get_date(&c, &r->end))
		return "TZ string: bad daylight time end";
	if (c.p != c.end)
		return "TZ string: trailing bytes";
	return NULL;
}

/* The UTC instant of D in YEAR, the clock then reading OFF east. */
static int64_t
rule_date_utc(const struct rule_date *d, int64_t year, int32_t off)
{
	int64_t		days;
	int		wday, mday;

	switch (d->kind) {
	case DATE_JULIAN:
		/* Jn never counts Feb 29. */
		days = days_from_civil(year, 1, 1) + d->day - 1;
		if (d->day >= 60 && is_leap(year))
			days++;
		break;
	case DATE_ZERO:
		days = days_from_civil(year, 1, 1) + d->day;
		break;
	default:
		days = days_from_civil(year, d->mon, 1);
		/* 1970-01-01 was a Thursday. */
		wday = (int)((days % 7 + 7 + 4) % 7);
		mday = 1 + (d->day - wday + 7) % 7 + 7 * (d->week - 1);
		if (mday > month_days(year, d->mon))
			mday -= 7;
		days += mday - 1;
		break;
	}
	return days * DAY + d->secs - off;
}

/* T moved by whole cycles into the one from CYCLE_BASE. */
static int64_t
cycle_reduce(int64_t t)
{
	int64_t		r;

	r = (t % CYCLE - CYCLE_BASE) % CYCLE;
	if (r < 0)
		r += CYCLE;
	return CYCLE_BASE + r;
}

struct rule_event {
	int64_t		 t;
	bool		 start;
};

/*
 * The rule at T: the latest start or end of daylight time decides.
 * Events of two years either side are enough, as a rule time moves a
 * date by at most 167 + 25 hours.  *NEXT is the next event after T.
 */
static void
rule_at(const struct rule *r, int64_t t, int32_t *off, const char **abbr,
    int64_t *next)
{
	struct rule_event	 ev[10], e;
	int64_t			 t0, y, delta;
	bool			 dst = false;
	size_t			 n = 0, i, j;

	*next = INT64_MAX;
	if (!r->has_dst) {
		*off = r->std_off;
		if (abbr != NULL)
			*abbr = r->std;
		return;
	}
	t0 = cycle_reduce(t);
	y = year_of_days(t0 / DAY);
	for (i = 0; i < 5; i++) {
		ev[n++] = (struct rule_event){ rule_date_utc(&r->start,
		    y - 2 + (int64_t)i, r->std_off), true };
		ev[n++] = (struct rule_event){ rule_date_utc(&r->end,
		    y - 2 + (int64_t)i, r->dst_off), false };
	}
	/* By time; at a tie the end goes first, so all-year DST holds. */
	for (i = 1; i < n; i++) {
		e = ev[i];
		for (j = i; j > 0 && (ev[j - 1].t > e.t ||
		    (ev[j - 1].t == e.t && ev[j - 1].start && !e.start)); j--)
			ev[j] = ev[j - 1];
		ev[j] = e;
	}
	for (i = 0; i < n; i++) {
		if (ev[i].t > t0) {
			delta = ev[i].t - t0;
			*next = t > INT64_MAX - delta ? INT64_MAX : t + delta;
			break;
		}
		dst = ev[i].start;
	}
	*off = dst ? r->dst_off : r->std_off;
	if (abbr != NULL)
		*abbr = dst ? r->dst : r->std;
}

/* Offset and abbreviation at T, and the next instant they may change. */
static void
tz_at(const struct tz *tz, int64_t t, int32_t *off, const char **abbr,
    int64_t *next)
{
	const struct tz_type	*ty;
	size_t			 lo, hi, mid;

	if (tz->has_rule && (tz->ntrans == 0 ||
	    t >= tz->trans[tz->ntrans - 1])) {
		rule_at(&tz->rule, t, off, abbr, next);
		return;
	}
	/* RFC 8536 3.2: type 0 holds before the first transition. */
	if (tz->ntrans == 0 || t < tz->trans[0]) {
		ty = &tz->types[0];
		*next = tz->ntrans > 0 ? tz->trans[0] : INT64_MAX;
	} else {
		lo = 0;
		hi = tz->ntrans;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (tz->trans[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		ty = &tz->types[tz->tidx[lo]];
		*next = lo + 1 < tz->ntrans ? tz->trans[lo + 1] : INT64_MAX;
	}
	*off = ty->off;
	if (abbr != NULL)
		*abbr = ty->abbr;
}

int32_t
tz_offset(const struct tz *tz, int64_t utc, const char **abbrev)
{
	int32_t	 off;
	int64_t	 next;

	tz_at(tz, utc, &off, abbrev, &next);
	return off;
}

int64_t
tz_local_to_utc(const struct tz *tz, int64_t local, int *ambiguity)
{
	int64_t		 t, next, u, end, first = 0, gap = 0;
	int32_t		 off, prev = 0;
	bool		 have_prev = false, have_gap = false;
	unsigned	 nsol = 0;

	/*
	 * Walk the spans of one offset that could hold LOCAL - offset:
	 * a solution lies in its span; LOCAL falls in a gap when it is
	 * past the end of one span in the old offset and before the start
	 * of the next in the new.
	 */
	t = sat_add(local, -(int64_t)OFF_MAX - 1);
	end = sat_add(local, -(int64_t)OFF_MIN + 1);
	for (;;) {
		tz_at(tz, t, &off, NULL, &next);
		u = sat_sub(local, off);
		if (u >= t && (u < next || next == INT64_MAX)) {
			if (nsol++ == 0)
				first = u;
		} else if (have_prev && !have_gap && u < t &&
		    sat_sub(local, prev) >= t) {
			gap = sat_sub(local, prev);
			have_gap = true;
		}
		if (next == INT64_MAX || next > end)
			break;
		prev = off;
		have_prev = true;
		t = next;
	}
	if (nsol > 0) {
		if (ambiguity != NULL)
			*ambiguity = nsol > 1 ? TZ_OVERLAP : TZ_UNIQUE;
		return first;
	}
	if (ambiguity != NULL)
		*ambiguity = TZ_GAP;
	if (have_gap)
		return gap;
	/* Only at the int64 ends, where saturation bends the spans. */
	return sat_sub(local, tz_offset(tz, local, NULL));
}

static struct tz *
tz_new_rule(const struct rule *r)
{
	struct tz	*tz = xcalloc(1, sizeof(*tz));

	tz->rule = *r;
	tz->has_rule = true;
	tz->ntypes = 1;
	tz->types = xcalloc(1, sizeof(*tz->types));
	tz->types[0].off = r->std_off;
	tz->types[0].abbr = tz->rule.std;
	return tz;
}

static bool
rule_in_range(const struct rule *r)
{
	return r->std_off >= OFF_MIN && r->std_off <= OFF_MAX &&
	    (!r->has_dst || (r->dst_off >= OFF_MIN && r->dst_off <= OFF_MAX));
}

struct tz *
tz_from_posix(const char *s, const char **why)
{
	struct rule	 r;
	const char	*err;

	if ((err = parse_rule(s, strlen(s), &r)) == NULL && !rule_in_range(&r))
		err = "TZ string: offset out of range";
	if (err != NULL) {
		if (why != NULL)
			*why = err;
		return NULL;
	}
	return tz_new_rule(&r);
}

struct tz *
tz_utc(void)
{
	struct tz	*tz;

	tz = tz_from_posix("UTC0", NULL);
	if (tz == NULL)
		abort();
	return tz;
}

void
tz_free(struct tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->trans);
	free(tz->tidx);
	free(tz->types);
	free(tz->chars);
	free(tz);
}

/*
 * TZif (RFC 8536 3.1, 3.2): a header, a data block of 32-bit times, and
 * from version 2 a second header, a block of 64-bit times and a footer.
 */

struct tzif_hdr {
	int		 version;	/* 1, 2, 3, 4... */
	uint32_t	 isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be_time(const uint8_t *p, size_t size)
{
	uint64_t	u;

	if (size == 4)
		return (int32_t)be32(p);
	u = (uint64_t)be32(p) << 32 | be32(p + 4);
	return (int64_t)u;
}

static const char *
tzif_header(const uint8_t *p, size_t len, struct tzif_hdr *h)
{
	if (len < TZIF_HDR)
		return "TZif: truncated header";
	if (memcmp(p, "TZif", 4) != 0)
		return "TZif: bad magic";
	/* Later versions only add to version 4 (RFC 9636 3.1). */
	if (p[4] == 0)
		h->version = 1;
	else if (p[4] >= '2' && p[4] <= '9')
		h->version = p[4] - '0';
	else
		return "TZif: unknown version";
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	return NULL;
}

/* Bytes of the data block after H, times of SIZE bytes; no overflow. */
static uint64_t
tzif_block_len(const struct tzif_hdr *h, size_t size)
{
	return (uint64_t)h->timecnt * (size + 1) + (uint64_t)h->typecnt * 6 +
	    h->charcnt + (uint64_t)h->leapcnt * (size + 4) + h->isstdcnt +
	    h->isutcnt;
}

static const char *
tzif_block(struct tz *tz, const struct tzif_hdr *h, const uint8_t *p,
    size_t size)
{
	const uint8_t	*types, *chars;
	size_t		 i;
	uint32_t	 ai;

	if (h->typecnt == 0)
		return "TZif: typecnt 0";
	if (h->typecnt > TYPES_MAX)
		return "TZif: typecnt over 256";
	if (h->charcnt == 0)
		return "TZif: charcnt 0";
	if (h->isutcnt != 0 && h->isutcnt != h->typecnt)
		return "TZif: isutcnt neither 0 nor typecnt";
	if (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)
		return "TZif: isstdcnt neither 0 nor typecnt";
	tz->ntrans = h->timecnt;
	tz->ntypes = h->typecnt;
	tz->trans = xcalloc(tz->ntrans, sizeof(*tz->trans));
	tz->tidx = xcalloc(tz->ntrans, 1);
	tz->types = xcalloc(tz->ntypes, sizeof(*tz->types));
	tz->chars = xmalloc(h->charcnt);
	for (i = 0; i < tz->ntrans; i++) {
		tz->trans[i] = be_time(p + i * size, size);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1])
			return "TZif: transition times not ascending";
	}
	p += tz->ntrans * size;
	for (i = 0; i < tz->ntrans; i++) {
		if (p[i] >= tz->ntypes)
			return "TZif: transition type index out of range";
		tz->tidx[i] = p[i];
	}
	types = p + tz->ntrans;
	chars = types + tz->ntypes * 6;
	memcpy(tz->chars, chars, h->charcnt);
	for (i = 0; i < tz->ntypes; i++) {
		tz->types[i].off = (int32_t)be32(types + i * 6);
		if (tz->types[i].off < OFF_MIN || tz->types[i].off > OFF_MAX)
			return "TZif: utoff out of range";
		if (types[i * 6 + 4] > 1)
			return "TZif: isdst neither 0 nor 1";
		ai = types[i * 6 + 5];
		if (ai >= h->charcnt)
			return "TZif: abbreviation index past charcnt";
		if (memchr(tz->chars + ai, '\0', h->charcnt - ai) == NULL)
			return "TZif: abbreviation not terminated";
		tz->types[i].abbr = tz->chars + ai;
	}
	/* Leap seconds and the isstd/isut indicators are not needed. */
	return NULL;
}

/* "\nTZ\n" after the 64-bit block; anything else is ignored. */
static void
tzif_footer(struct tz *tz, const uint8_t *p, size_t len)
{
	const uint8_t	*nl;
	struct rule	 r;
	size_t		 n;

	if (len < 2 || p[0] != '\n')
		return;
	if ((nl = memchr(p + 1, '\n', len - 1)) == NULL)
		return;
	n = (size_t)(nl - (p + 1));
	if (n == 0 || n > FOOTER_MAX)
		return;
	if (parse_rule((const char *)p + 1, n, &r) != NULL ||
	    !rule_in_range(&r))
		return;
	tz->rule = r;
	tz->has_rule = true;
}

struct tz *
tz_parse_tzif(const void *buf, size_t len, const char **why)
{
	const uint8_t	*p = buf;
	struct tzif_hdr	 h;
	struct tz	*tz = NULL;
	const char	*err;
	uint64_t	 blen;
	size_t		 size = 4;

	if ((err = tzif_header(p, len, &h)) != NULL)
		goto out;
	blen = tzif_block_len(&h, 4);
	if (blen > len - TZIF_HDR) {
		err = "TZif: data block truncated";
		goto out;
	}
	if (h.version >= 2) {
		/* RFC 8536 4: skip the 32-bit block for the 64-bit one. */
		p += TZIF_HDR + blen;
		len -= TZIF_HDR + blen;
		if ((err = tzif_header(p, len, &h)) != NULL)
			goto out;
		if (h.version < 2) {
			err = "TZif: second header of version 1";
			goto out;
		}
		size = 8;
		blen = tzif_block_len(&h, 8);
		if (blen > len - TZIF_HDR) {
			err = "TZif: data block truncated";
			goto out;
		}
	}
	tz = xcalloc(1, sizeof(*tz));
	if ((err = tzif_block(tz, &h, p + TZIF_HDR, size)) != NULL)
		goto out;
	if (size == 8)
		tzif_footer(tz, p + TZIF_HDR + blen, len - TZIF_HDR - blen);
out:
	if (err != NULL) {
		tz_free(tz);
		tz = NULL;
		if (why != NULL)
			*why = err;
	}
	return tz;
}
