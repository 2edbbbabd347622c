/*
 * test_tz.c - time zones: real TZif files judged by glibc's localtime
 * and mktime (TZ is set here only, and put back), POSIX TZ strings,
 * and truncated, forged or corrupt TZif bytes
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "util/tz.h"
#include "util/util.h"

#define ZONEINFO	"/usr/share/zoneinfo/"
#define HOUR		3600
#define DAY		86400
#define MAXTRANS	4096

static int64_t
utc(const char *iso)
{
	int64_t	t;

	if (time_parse(iso, &t) != 0)
		abort();
	return t;
}

/* The process's TZ, saved while a test points it at a zone. */
struct saved_env {
	char	*tz;
	bool	 had;
};

static void
env_set(struct saved_env *s, const char *tz)
{
	const char	*old = getenv("TZ");

	s->had = old != NULL;
	s->tz = old != NULL ? xstrdup(old) : NULL;
	setenv("TZ", tz, 1);
	tzset();
}

static void
env_restore(struct saved_env *s)
{
	if (s->had)
		setenv("TZ", s->tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(s->tz);
}

/* glibc's offset and abbreviation at T under the current TZ. */
static int32_t
libc_off(int64_t t, char *abbr, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	if (localtime_r(&tt, &tm) == NULL)
		abort();
	if (abbr != NULL)
		snprintf(abbr, len, "%s", tm.tm_zone ? tm.tm_zone : "");
	return (int32_t)tm.tm_gmtoff;
}

static char *
slurp_zone(const char *name, size_t *len)
{
	char	path[256];

	snprintf(path, sizeof(path), ZONEINFO "%s", name);
	return unit_slurp(path, len);
}

/* Whether TZ and glibc agree at T; says where they do not. */
static bool
same_at(const struct tz *tz, const char *name, int64_t t)
{
	const char	*ab = NULL;
	char		 want[64], when[TIME_ISO_LEN];
	int32_t		 off, w;

	off = tz_offset(tz, t, &ab);
	w = libc_off(t, want, sizeof(want));
	if (off == w && ab != NULL && strcmp(ab, want) == 0)
		return true;
	time_iso(t, when, sizeof(when));
	unit_fail(__FILE__, __LINE__, "%s at %s: offset %d \"%s\", glibc %d "
	    "\"%s\"", name, when, off, ab ? ab : "(null)", w, want);
	return false;
}

/*
 * Compare TZ with glibc every 6 hours from FROM to TO, and 1 s either
 * side of every change glibc shows (found by bisection, so the table
 * under test does not choose the instants).  Changes go to TRANS.
 */
static bool
compare_span(const struct tz *tz, const char *name, int64_t from,
    int64_t to, int64_t *trans, size_t *ntrans)
{
	char		 a[64], b[64];
	int64_t		 t, prev, lo, hi, mid;
	int32_t		 po, o;

	prev = from;
	po = libc_off(prev, a, sizeof(a));
	for (t = from; t <= to; t += 6 * HOUR) {
		if (!same_at(tz, name, t))
			return false;
		o = libc_off(t, b, sizeof(b));
		if (o != po || strcmp(a, b) != 0) {
			lo = prev;
			hi = t;
			while (hi - lo > 1) {
				mid = lo + (hi - lo) / 2;
				o = libc_off(mid, b, sizeof(b));
				if (o != po || strcmp(a, b) != 0)
					hi = mid;
				else
					lo = mid;
			}
			if (!same_at(tz, name, hi - 1) ||
			    !same_at(tz, name, hi) ||
			    !same_at(tz, name, hi + 1))
				return false;
			if (*ntrans < MAXTRANS)
				trans[(*ntrans)++] = hi;
			po = libc_off(t, a, sizeof(a));
		}
		prev = t;
	}
	return true;
}

/* The wall clock LOCAL (read as UTC) as a struct tm for mktime. */
static time_t
libc_mktime(int64_t local)
{
	time_t		tt = (time_t)local;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/*
 * Around each change T (offsets A before, B after) every quarter hour
 * of wall clock is solved by brute force with glibc: the instants
 * LOCAL - A and LOCAL - B that really read LOCAL.  Changes closer than
 * 30 hours to another are left out (a third offset could answer).
 */
static bool
check_local_near(const struct tz *tz, const char *name, const int64_t *trans,
    size_t ntrans)
{
	int64_t		 t, local, lo, hi, sol[2], r;
	int32_t		 a, b;
	char		 when[TIME_ISO_LEN];
	size_t		 i;
	int		 nsol, amb, want;

	for (i = 0; i < ntrans; i++) {
		t = trans[i];
		if ((i > 0 && t - trans[i - 1] < 30 * HOUR) ||
		    (i + 1 < ntrans && trans[i + 1] - t < 30 * HOUR))
			continue;
		a = libc_off(t - 1, NULL, 0);
		b = libc_off(t, NULL, 0);
		lo = t + (a < b ? a : b) - 2 * HOUR;
		hi = t + (a < b ? b : a) + 2 * HOUR;
		for (local = lo; local <= hi; local += 15 * 60) {
			nsol = 0;
			if (libc_off(local - a, NULL, 0) == a)
				sol[nsol++] = local - a;
			if (a != b && libc_off(local - b, NULL, 0) == b)
				sol[nsol++] = local - b;
			r = tz_local_to_utc(tz, local, &amb);
			want = nsol == 0 ? TZ_GAP : nsol == 1 ? TZ_UNIQUE :
			    TZ_OVERLAP;
			if (nsol == 2 && sol[1] < sol[0])
				sol[0] = sol[1];
			if (amb != want ||
			    r != (nsol == 0 ? local - a : sol[0])) {
				time_iso(local, when, sizeof(when));
				unit_fail(__FILE__, __LINE__, "%s: local %s: "
				    "%lld (%d), want %lld (%d)", name, when,
				    (long long)r, amb, (long long)(nsol == 0 ?
				    local - a : sol[0]), want);
				return false;
			}
		}
	}
	return true;
}

/* Wall clocks every 6 h 17 min against mktime, where TZ sees no doubt. */
static bool
check_local_mktime(const struct tz *tz, const char *name, int64_t from,
    int64_t to)
{
	int64_t		 local, r;
	char		 when[TIME_ISO_LEN];
	int		 amb;

	for (local = from; local <= to; local += 6 * HOUR + 17 * 60) {
		r = tz_local_to_utc(tz, local, &amb);
		if (amb == TZ_GAP) {
			if (r + libc_off(r, NULL, 0) == local)
				goto bad;
			continue;
		}
		if (r + libc_off(r, NULL, 0) != local)
			goto bad;
		if (amb == TZ_UNIQUE && (int64_t)libc_mktime(local) != r)
			goto bad;
	}
	return true;
bad:
	time_iso(local, when, sizeof(when));
	unit_fail(__FILE__, __LINE__, "%s: local %s: %lld (%d), mktime %lld",
	    name, when, (long long)r, amb, (long long)libc_mktime(local));
	return false;
}

static void
zone_vs_glibc(const char *name)
{
	struct saved_env	 env;
	struct tz		*tz;
	const char		*why = NULL;
	char			*buf, spec[256];
	int64_t			*trans;
	size_t			 len, ntrans = 0;

	if ((buf = slurp_zone(name, &len)) == NULL) {
		printf("# SKIP tz: no " ZONEINFO "%s\n", name);
		return;
	}
	tz = tz_parse_tzif(buf, len, &why);
	free(buf);
	if (tz == NULL) {
		unit_fail(__FILE__, __LINE__, "%s: %s", name, why);
		return;
	}
	trans = xcalloc(MAXTRANS, sizeof(*trans));
	snprintf(spec, sizeof(spec), ":" ZONEINFO "%s", name);
	env_set(&env, spec);
	/* Each stops at its first disagreement, and the rest are skipped. */
	(void)(compare_span(tz, name, 0, utc("2041-01-01"), trans, &ntrans) &&
	    compare_span(tz, name, utc("2099-01-01"), utc("2101-06-01"),
	    trans, &ntrans) &&
	    check_local_near(tz, name, trans, ntrans) &&
	    check_local_mktime(tz, name, DAY, utc("2040-01-01")));
	env_restore(&env);
	free(trans);
	tz_free(tz);
}

TEST(tz_utc_zone)		{ zone_vs_glibc("UTC"); }
TEST(tz_europe_berlin)		{ zone_vs_glibc("Europe/Berlin"); }
TEST(tz_europe_london)		{ zone_vs_glibc("Europe/London"); }
TEST(tz_america_new_york)	{ zone_vs_glibc("America/New_York"); }
TEST(tz_america_sao_paulo)	{ zone_vs_glibc("America/Sao_Paulo"); }
TEST(tz_australia_lord_howe)	{ zone_vs_glibc("Australia/Lord_Howe"); }
TEST(tz_asia_kolkata)		{ zone_vs_glibc("Asia/Kolkata"); }
TEST(tz_pacific_chatham)	{ zone_vs_glibc("Pacific/Chatham"); }
TEST(tz_africa_casablanca)	{ zone_vs_glibc("Africa/Casablanca"); }
TEST(tz_america_st_johns)	{ zone_vs_glibc("America/St_Johns"); }
TEST(tz_america_nuuk)		{ zone_vs_glibc("America/Nuuk"); }
TEST(tz_asia_jerusalem)		{ zone_vs_glibc("Asia/Jerusalem"); }

static struct tz *
load(const char *name)
{
	struct tz	*tz;
	char		*buf;
	size_t		 len;

	if ((buf = slurp_zone(name, &len)) == NULL)
		return NULL;
	tz = tz_parse_tzif(buf, len, NULL);
	free(buf);
	return tz;
}

/* The two cases rescue meets every autumn and spring. */
TEST(tz_berlin_overlap_and_gap)
{
	struct tz	*tz;
	int		 amb = -1;

	if ((tz = load("Europe/Berlin")) == NULL) {
		printf("# SKIP tz: no Europe/Berlin\n");
		return;
	}
	/* 02:30 twice: 00:30Z in CEST, then 01:30Z in CET. */
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-10-25T02:30"), &amb),
	    utc("2026-10-25T00:30"));
	ASSERT_INT(amb, TZ_OVERLAP);
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-10-25T01:59:59"), &amb),
	    utc("2026-10-24T23:59:59"));
	ASSERT_INT(amb, TZ_UNIQUE);
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-10-25T03:00"), &amb),
	    utc("2026-10-25T02:00"));
	ASSERT_INT(amb, TZ_UNIQUE);
	/* 02:30 never: read with CET's +1, the clock showed 03:30. */
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-03-29T02:30"), &amb),
	    utc("2026-03-29T01:30"));
	ASSERT_INT(amb, TZ_GAP);
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-03-29T01:59:59"), &amb),
	    utc("2026-03-29T00:59:59"));
	ASSERT_INT(amb, TZ_UNIQUE);
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-03-29T03:00"), &amb),
	    utc("2026-03-29T01:00"));
	ASSERT_INT(amb, TZ_UNIQUE);
	ASSERT_INT(tz_local_to_utc(tz, utc("2026-11-20T08:24:11"), NULL),
	    utc("2026-11-20T07:24:11"));
	tz_free(tz);
}

struct posix_case {
	const char	*rule;
	const char	*when;
	int32_t		 off;
	const char	*abbr;
};

TEST(tz_posix_forms)
{
	static const struct posix_case	cases[] = {
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-01-15", 3600, "CET" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-07-15", 7200, "CEST" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T00:59:59", 3600,
		    "CET" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-03-29T01:00", 7200,
		    "CEST" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T00:59:59", 7200,
		    "CEST" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "2026-10-25T01:00", 3600,
		    "CET" },
		{ "<-03>3", "2026-07-15", -3 * HOUR, "-03" },
		{ "<+0530>-5:30", "2026-07-15", 19800, "+0530" },
		{ "EST5EDT,M3.2.0,M11.1.0", "2026-03-08T06:59:59", -5 * HOUR,
		    "EST" },
		{ "EST5EDT,M3.2.0,M11.1.0", "2026-03-08T07:00", -4 * HOUR,
		    "EDT" },
		{ "EST5EDT,M3.2.0,M11.1.0", "2026-11-01T05:59:59", -4 * HOUR,
		    "EDT" },
		{ "EST5EDT,M3.2.0,M11.1.0", "2026-11-01T06:00", -5 * HOUR,
		    "EST" },
		/* No rule: the US one. */
		{ "EST5EDT", "2026-07-15", -4 * HOUR, "EDT" },
		{ "EST5EDT", "2026-12-15", -5 * HOUR, "EST" },
		/* Jn never counts Feb 29: J60 is Mar 1, leap year or not. */
		{ "AAA0BBB,J60/0,J300/0", "2024-02-29T23:59:59", 0, "AAA" },
		{ "AAA0BBB,J60/0,J300/0", "2024-03-01", 3600, "BBB" },
		{ "AAA0BBB,J60/0,J300/0", "2025-03-01", 3600, "BBB" },
		/* n does: day 59 is Feb 29 in 2024, Mar 1 in 2025. */
		{ "AAA0BBB,59/0,300/0", "2024-02-29", 3600, "BBB" },
		{ "AAA0BBB,59/0,300/0", "2025-02-28T23:59:59", 0, "AAA" },
		{ "AAA0BBB,59/0,300/0", "2025-03-01", 3600, "BBB" },
		/* Southern: DST across the new year; 30 minutes of it. */
		{ "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-01-15",
		    11 * HOUR, "+11" },
		{ "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "2026-06-15",
		    10 * HOUR + 1800, "+1030" },
		/* v3: negative and past-24 hours (Nuuk, Jerusalem). */
		{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T00:59:59",
		    -2 * HOUR, "-02" },
		{ "<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "2026-03-29T01:00",
		    -1 * HOUR, "-01" },
		{ "IST-2IDT,M3.4.4/26,M10.5.0", "2026-03-26T23:59:59",
		    2 * HOUR, "IST" },
		{ "IST-2IDT,M3.4.4/26,M10.5.0", "2026-03-27T00:00",
		    3 * HOUR, "IDT" },
		{ "AAA0BBB,M3.1.0/167,M10.5.0/-167", "2026-03-07T22:59:59",
		    0, "AAA" },
		{ "AAA0BBB,M3.1.0/167,M10.5.0/-167", "2026-03-07T23:00",
		    3600, "BBB" },
		/* All year DST (tzfile(5)'s example; tzcode's reading). */
		{ "EST5EDT,0/0,J365/25", "2026-01-01T00:00", -4 * HOUR,
		    "EDT" },
		{ "EST5EDT,0/0,J365/25", "2026-12-31T23:59", -4 * HOUR,
		    "EDT" },
		{ "EST5EDT,0/0,J365/25", "2026-07-01", -4 * HOUR, "EDT" },
		{ "EST5EDT,0/0,J365/25", "2027-01-01T05:00", -4 * HOUR,
		    "EDT" },
		{ "UTC0", "2026-07-01", 0, "UTC" },
		{ "XXX-24:59:59", "2026-07-01", 89999, "XXX" },
		/* Far away: the same 400-year cycle. */
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "9999-07-15", 7200, "CEST" },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", "0001-01-15", 3600, "CET" },
	};
	struct tz	*tz;
	const char	*why = NULL, *ab;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tz = tz_from_posix(cases[i].rule, &why);
		if (tz == NULL) {
			unit_fail(__FILE__, __LINE__, "%s: %s", cases[i].rule,
			    why);
			return;
		}
		ab = NULL;
		if (tz_offset(tz, utc(cases[i].when), &ab) != cases[i].off ||
		    ab == NULL || strcmp(ab, cases[i].abbr) != 0) {
			unit_fail(__FILE__, __LINE__, "%s at %s: %d \"%s\", "
			    "want %d \"%s\"", cases[i].rule, cases[i].when,
			    tz_offset(tz, utc(cases[i].when), NULL),
			    ab ? ab : "(null)", cases[i].off, cases[i].abbr);
			tz_free(tz);
			return;
		}
		tz_free(tz);
	}
}

/*
 * The same strings straight through glibc's own TZ parser; not all
 * year DST, which glibc drops for the hours of each new year that are
 * still the old year in UTC (tzfile(5) and tzcode keep it).
 */
TEST(tz_posix_vs_glibc)
{
	static const char	*rules[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3", "<-03>3",
		"EST5EDT,M3.2.0,M11.1.0",
		"<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
		"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", "IST-2IDT,M3.4.4/26,M10.5.0",
		"AAA0BBB,J60/0,J300/0", "AAA0BBB,59/0,300/0",
		"NZST-12NZDT,M9.5.0,M4.1.0/3",
		"<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
		"AAA3BBB-2:30,J1/1:02:03,J365/-2:30:10",
		"AAA0BBB,M3.1.0/167,M10.5.0/-167", "EST5EDT",
	};
	struct saved_env	 env;
	struct tz		*tz;
	int64_t			*trans;
	size_t			 i, n;
	bool			 ok = true;

	trans = xcalloc(MAXTRANS, sizeof(*trans));
	for (i = 0; ok && i < sizeof(rules) / sizeof(rules[0]); i++) {
		ASSERT((tz = tz_from_posix(rules[i], NULL)) != NULL);
		env_set(&env, rules[i]);
		n = 0;
		ok = compare_span(tz, rules[i], utc("2020-01-01"),
		    utc("2030-01-01"), trans, &n) &&
		    check_local_near(tz, rules[i], trans, n);
		env_restore(&env);
		tz_free(tz);
	}
	free(trans);
}

TEST(tz_posix_malformed)
{
	static const char	*bad[] = {
		"", "CET", "CET-", "C-1", "CE-1", "CET-1CEST,M3.5.0",
		"CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
		"CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,M0.5.0,M10.5.0",
		"CET-1CEST,J0,J365", "CET-1CEST,J1,J366", "CET-1CEST,366,1",
		"CET-25", "CET-1:60", "CET-1:00:60",
		"CET-1CEST,M3.5.0/168,M1.1.0",
		"CET-1CEST,M3.5.0/-168,M1.1.0", "<AB>1", "<-03", "<-0 3>3",
		":Europe/Berlin", "Europe/Berlin", ":/etc/localtime",
		"CET-1CEST,M3.5.0,M10.5.0/3x", "CET-1CEST,M3.5.0,M10.5.0,",
		"CET99999999999999999999", "CET-1CEST-99999999999",
		"CET-1 CEST", "CET-1CEST,M3.5,M10.5.0",
		"CET-1CEST,M3..0,M1.1.0",
		"CET+-1", "CET-1CEST,,", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1",
		"CET-1CEST,M3.5.0/,M10.5.0", "CET-1CEST,M3.5.0/2:,M10.5.0",
	};
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (tz_from_posix(bad[i], &why) != NULL) {
			unit_fail(__FILE__, __LINE__, "\"%s\" accepted",
			    bad[i]);
			return;
		}
		ASSERT(why != NULL && strncmp(why, "TZ string: ", 11) == 0);
	}
}

TEST(tz_utc_alloc)
{
	struct tz	*tz = tz_utc();
	const char	*ab = NULL;
	int		 amb = -1;

	ASSERT_INT(tz_offset(tz, 0, &ab), 0);
	ASSERT_STR(ab, "UTC");
	ASSERT_INT(tz_offset(tz, INT64_MIN, NULL), 0);
	ASSERT_INT(tz_local_to_utc(tz, 12345, &amb), 12345);
	ASSERT_INT(amb, TZ_UNIQUE);
	ASSERT_INT(tz_local_to_utc(tz, INT64_MAX, &amb), INT64_MAX);
	ASSERT_INT(tz_local_to_utc(tz, INT64_MIN, &amb), INT64_MIN);
	tz_free(tz);
	tz_free(NULL);
}

/* Instants no table covers: no overflow (UBSan is on), sane offsets. */
TEST(tz_extremes)
{
	static const char	*zones[] = { "Europe/Berlin",
	    "Australia/Lord_Howe", "Pacific/Chatham", "America/Nuuk" };
	static const int64_t	 ts[] = { INT64_MIN, INT64_MIN + 1,
	    -INT64_C(62135596800), -(INT64_C(1) << 40), -1, 0, 1,
	    INT64_C(253402300799), INT64_C(1) << 40, INT64_MAX - 1,
	    INT64_MAX };
	struct tz	*tz;
	size_t		 i, j;
	int32_t		 off;
	int		 amb;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if ((tz = load(zones[i])) == NULL)
			continue;
		for (j = 0; j < sizeof(ts) / sizeof(ts[0]); j++) {
			off = tz_offset(tz, ts[j], NULL);
			ASSERT(off >= -26 * HOUR && off <= 26 * HOUR);
			(void)tz_local_to_utc(tz, ts[j], &amb);
			ASSERT(amb >= TZ_UNIQUE && amb <= TZ_GAP);
		}
		/* Year 9999 in Berlin still has summer time. */
		ASSERT_INT(tz_offset(tz, utc("9999-07-01"), NULL),
		    strcmp(zones[i], "Europe/Berlin") == 0 ? 7200 :
		    tz_offset(tz, utc("9999-07-01"), NULL));
		tz_free(tz);
	}
}

/*
 * A TZif file built by hand: VERSION 0 or '2'.. ; times, their types,
 * types of (off, isdst, abbreviation index), abbreviations, and
 * LEAPCNT leap records.  The v1 block of a v2+ file is the minimal one
 * of zic -b slim.
 */
struct tzif_type {
	int32_t		off;
	uint8_t		isdst, ai;
};

struct builder {
	uint8_t		buf[4096];
	size_t		len;
};

static void
put(struct builder *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > sizeof(b->buf))
		abort();
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void
put32(struct builder *b, uint32_t v)
{
	uint8_t	p[4] = { v >> 24, v >> 16, v >> 8, v };

	put(b, p, 4);
}

static void
put64(struct builder *b, int64_t v)
{
	put32(b, (uint32_t)((uint64_t)v >> 32));
	put32(b, (uint32_t)v);
}

static void
put_header(struct builder *b, uint8_t version, uint32_t timecnt,
    uint32_t typecnt, uint32_t charcnt, uint32_t leapcnt)
{
	static const uint8_t	zero[15];

	put(b, "TZif", 4);
	put(b, &version, 1);
	put(b, zero, 15);
	put32(b, 0);		/* isutcnt */
	put32(b, 0);		/* isstdcnt */
	put32(b, leapcnt);
	put32(b, timecnt);
	put32(b, typecnt);
	put32(b, charcnt);
}

static void
build(struct builder *b, uint8_t version, const int64_t *times,
    const uint8_t *idx, size_t ntimes, const struct tzif_type *types,
    size_t ntypes, const char *chars, size_t nchars, uint32_t leapcnt,
    const char *footer)
{
	size_t		i;
	size_t		size = version == 0 ? 4 : 8;

	b->len = 0;
	if (version != 0) {
		/* slim v1 block: one type, one abbreviation byte */
		put_header(b, version, 0, 1, 1, 0);
		put32(b, 0);
		put(b, "\0\0\0", 3);
	}
	put_header(b, version, (uint32_t)ntimes, (uint32_t)ntypes,
	    (uint32_t)nchars, leapcnt);
	for (i = 0; i < ntimes; i++)
		if (size == 4)
			put32(b, (uint32_t)times[i]);
		else
			put64(b, times[i]);
	put(b, idx, ntimes);
	for (i = 0; i < ntypes; i++) {
		put32(b, (uint32_t)types[i].off);
		put(b, &types[i].isdst, 1);
		put(b, &types[i].ai, 1);
	}
	put(b, chars, nchars);
	for (i = 0; i < leapcnt; i++) {
		if (size == 4)
			put32(b, (uint32_t)(78796800 + i * 15897600));
		else
			put64(b, 78796800 + (int64_t)i * 15897600);
		put32(b, (uint32_t)(i + 1));
	}
	if (footer != NULL) {
		put(b, "\n", 1);
		put(b, footer, strlen(footer));
		put(b, "\n", 1);
	}
}

/* Parse B from a buffer of its exact length, for ASan. */
static struct tz *
parse_exact(const void *p, size_t len, const char **why)
{
	void		*copy = xmalloc(len);
	struct tz	*tz;

	memcpy(copy, p, len);
	tz = tz_parse_tzif(copy, len, why);
	free(copy);
	return tz;
}

static const struct tzif_type	two_types[] = { { 3600, 0, 0 },
	{ 7200, 1, 4 } };
static const char		two_chars[] = "CET\0CEST";
static const int64_t		two_times[] = { 1000000000, 1010000000 };
static const uint8_t		two_idx[] = { 1, 0 };

TEST(tz_tzif_built)
{
	struct builder	 b;
	struct tz	*tz;
	const char	*why = NULL, *ab = NULL;
	uint8_t		 v;
	static const uint8_t	 versions[] = { 0, '2', '3', '4' };
	size_t		 i;

	for (i = 0; i < sizeof(versions); i++) {
		v = versions[i];
		/* Leap records sit between the abbreviations and the end. */
		build(&b, v, two_times, two_idx, 2, two_types, 2, two_chars,
		    sizeof(two_chars), 3, v ? "CET-1" : NULL);
		tz = parse_exact(b.buf, b.len, &why);
		if (tz == NULL) {
			unit_fail(__FILE__, __LINE__, "version %d: %s", v, why);
			return;
		}
		ASSERT_INT(tz_offset(tz, 999999999, &ab), 3600);
		ASSERT_STR(ab, "CET");
		ASSERT_INT(tz_offset(tz, 1000000000, &ab), 7200);
		ASSERT_STR(ab, "CEST");
		ASSERT_INT(tz_offset(tz, 1009999999, NULL), 7200);
		ASSERT_INT(tz_offset(tz, 1010000000, &ab), 3600);
		ASSERT_STR(ab, "CET");
		ASSERT_INT(tz_offset(tz, INT64_MAX, NULL), 3600);
		ASSERT_INT(tz_offset(tz, INT64_MIN, NULL), 3600);
		tz_free(tz);
	}
	/* A footer that does not parse leaves the table. */
	build(&b, '2', two_times, two_idx, 2, two_types, 2, two_chars,
	    sizeof(two_chars), 0, "CET-1CEST,M99");
	ASSERT((tz = parse_exact(b.buf, b.len, NULL)) != NULL);
	ASSERT_INT(tz_offset(tz, 2000000000, NULL), 3600);
	tz_free(tz);
	/* No transitions: the footer holds for all time (RFC 8536). */
	build(&b, '2', NULL, NULL, 0, two_types, 2, two_chars,
	    sizeof(two_chars), 0, "CET-1CEST,M3.5.0,M10.5.0/3");
	ASSERT((tz = parse_exact(b.buf, b.len, NULL)) != NULL);
	ASSERT_INT(tz_offset(tz, utc("1900-07-01"), &ab), 7200);
	ASSERT_STR(ab, "CEST");
	tz_free(tz);
	/* Negative transition times, before 1970. */
	{
		static const int64_t	neg[] = { -2000000000, -1000 };

		build(&b, '2', neg, two_idx, 2, two_types, 2, two_chars,
		    sizeof(two_chars), 0, "");
		ASSERT((tz = parse_exact(b.buf, b.len, NULL)) != NULL);
		ASSERT_INT(tz_offset(tz, -2000000001, NULL), 3600);
		ASSERT_INT(tz_offset(tz, -2000000000, NULL), 7200);
		ASSERT_INT(tz_offset(tz, -1001, NULL), 7200);
		ASSERT_INT(tz_offset(tz, -1000, NULL), 3600);
		tz_free(tz);
	}
}

struct bad_tzif {
	const char	*why;
	int64_t		 times[2];
	uint8_t		 idx[2];
	size_t		 ntimes;
	struct tzif_type types[2];
	size_t		 ntypes;
	const char	*chars;
	size_t		 nchars;
};

TEST(tz_tzif_hostile)
{
	static const struct bad_tzif	cases[] = {
		{ "TZif: typecnt 0", { 0 }, { 0 }, 0, { { 0 } }, 0,
		    "UTC", 4 },
		{ "TZif: charcnt 0", { 0 }, { 0 }, 0, { { 0, 0, 0 } }, 1,
		    "", 0 },
		{ "TZif: transition type index out of range", { 5 }, { 1 },
		    1, { { 0, 0, 0 } }, 1, "UTC", 4 },
		{ "TZif: abbreviation index past charcnt", { 0 }, { 0 }, 0,
		    { { 0, 0, 4 } }, 1, "UTC", 4 },
		{ "TZif: abbreviation not terminated", { 0 }, { 0 }, 0,
		    { { 0, 0, 1 } }, 1, "UTCX", 4 },
		{ "TZif: transition times not ascending", { 5, 5 }, { 0, 0 },
		    2, { { 0, 0, 0 } }, 1, "UTC", 4 },
		{ "TZif: transition times not ascending", { 5, -5 },
		    { 0, 0 }, 2, { { 0, 0, 0 } }, 1, "UTC", 4 },
		{ "TZif: utoff out of range", { 0 }, { 0 }, 0,
		    { { INT32_MIN, 0, 0 } }, 1, "UTC", 4 },
		{ "TZif: utoff out of range", { 0 }, { 0 }, 0,
		    { { 93600, 0, 0 } }, 1, "UTC", 4 },
		{ "TZif: isdst neither 0 nor 1", { 0 }, { 0 }, 0,
		    { { 0, 2, 0 } }, 1, "UTC", 4 },
	};
	struct builder	 b;
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		build(&b, '2', cases[i].times, cases[i].idx, cases[i].ntimes,
		    cases[i].types, cases[i].ntypes, cases[i].chars,
		    cases[i].nchars, 0, "UTC0");
		why = NULL;
		if (parse_exact(b.buf, b.len, &why) != NULL) {
			unit_fail(__FILE__, __LINE__, "case %zu accepted", i);
			return;
		}
		ASSERT_STR(why, cases[i].why);
	}
}

/* Counts that would overflow a 32-bit size, and headers that lie. */
TEST(tz_tzif_counts)
{
	struct builder	 b;
	struct tz	*tz;
	const char	*why;
	static const size_t	 field[] = { 20, 24, 28, 32, 36, 40 };
	size_t		 i, off;

	build(&b, '2', two_times, two_idx, 2, two_types, 2, two_chars,
	    sizeof(two_chars), 0, "CET-1");
	/* The second header begins after the slim v1 block. */
	off = 44 + 6 + 1;
	for (i = 0; i < 6; i++) {
		struct builder	c = b;

		memset(c.buf + field[i], 0xff, 4);
		why = NULL;
		ASSERT(parse_exact(c.buf, c.len, &why) == NULL);
		ASSERT(why != NULL);
		c = b;
		memset(c.buf + off + field[i], 0xff, 4);
		why = NULL;
		ASSERT(parse_exact(c.buf, c.len, &why) == NULL);
		ASSERT(why != NULL);
		c = b;
		c.buf[off + field[i] + 3]++;
		/* One more of anything no longer fits or is checked. */
		why = NULL;
		tz_free(parse_exact(c.buf, c.len, &why));
	}
	/* Type indexes are bytes: a 257th type is a lie. */
	{
		static struct tzif_type	many[257];

		build(&b, '2', NULL, NULL, 0, many, 257, "UTC", 4, 0, "UTC0");
		ASSERT(parse_exact(b.buf, b.len, &why) == NULL);
		ASSERT_STR(why, "TZif: typecnt over 256");
		build(&b, '2', NULL, NULL, 0, many, 256, "UTC", 4, 0, "UTC0");
		ASSERT((tz = parse_exact(b.buf, b.len, &why)) != NULL);
		tz_free(tz);
	}
	why = NULL;
	ASSERT(parse_exact("TZif", 4, &why) == NULL);
	ASSERT_STR(why, "TZif: truncated header");
	ASSERT(parse_exact("TZjf2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    48, &why) == NULL);
	ASSERT_STR(why, "TZif: bad magic");
	memcpy(b.buf, "TZif1", 5);
	ASSERT(parse_exact(b.buf, b.len, &why) == NULL);
	ASSERT_STR(why, "TZif: unknown version");
}

/* Every prefix of a real file, and every single byte changed. */
static void
prefixes_and_flips(const char *name)
{
	struct tz	*tz;
	const char	*why;
	char		*buf;
	size_t		 len, i;
	int32_t		 off;
	unsigned	 seed = 1;

	if ((buf = slurp_zone(name, &len)) == NULL) {
		printf("# SKIP tz: no %s\n", name);
		return;
	}
	for (i = 0; i <= len; i++) {
		why = NULL;
		tz = parse_exact(buf, i, &why);
		if (tz == NULL && why == NULL) {
			unit_fail(__FILE__, __LINE__, "%s: prefix %zu: no "
			    "reason", name, i);
			break;
		}
		if (tz != NULL) {
			off = tz_offset(tz, utc("2026-07-01"), NULL);
			if (off < -26 * HOUR || off > 26 * HOUR) {
				unit_fail(__FILE__, __LINE__, "%s: prefix %zu: "
				    "offset %d", name, i, off);
				tz_free(tz);
				break;
			}
			(void)tz_local_to_utc(tz, utc("2026-10-25T02:30"),
			    NULL);
		}
		tz_free(tz);
	}
	for (i = 0; i < len; i++) {
		char	save = buf[i];

		seed = seed * 1103515245 + 12345;
		buf[i] ^= (char)(1 + (seed >> 16) % 255);
		tz = parse_exact(buf, len, &why);
		if (tz != NULL) {
			off = tz_offset(tz, utc("2026-07-01"), NULL);
			(void)tz_local_to_utc(tz, utc("2026-10-25T02:30"),
			    NULL);
			(void)tz_offset(tz, INT64_MAX, NULL);
			tz_free(tz);
			if (off < -26 * HOUR || off > 26 * HOUR) {
				unit_fail(__FILE__, __LINE__, "%s: byte %zu: "
				    "offset %d", name, i, off);
				break;
			}
		}
		buf[i] = save;
	}
	/* The whole file still parses, and so do its v1 block alone. */
	ASSERT((tz = parse_exact(buf, len, NULL)) != NULL);
	tz_free(tz);
	free(buf);
}

TEST(tz_tzif_prefixes)
{
	prefixes_and_flips("Europe/Berlin");
	prefixes_and_flips("Australia/Lord_Howe");
	prefixes_and_flips("UTC");
}

/*
 * The 32-bit block of a real (fat) file read alone as version 1: glibc
 * judges it through 2037, where the 32-bit table ends.
 */
TEST(tz_tzif_v1_of_real_file)
{
	struct saved_env	 env;
	struct tz		*tz;
	const char		*why = NULL;
	char			*buf;
	int64_t			*trans;
	size_t			 len, n = 0;

	if ((buf = slurp_zone("America/New_York", &len)) == NULL) {
		printf("# SKIP tz: no America/New_York\n");
		return;
	}
	buf[4] = 0;
	tz = parse_exact(buf, len, &why);
	free(buf);
	if (tz == NULL) {
		unit_fail(__FILE__, __LINE__, "v1: %s", why);
		return;
	}
	trans = xcalloc(MAXTRANS, sizeof(*trans));
	env_set(&env, ":" ZONEINFO "America/New_York");
	(void)compare_span(tz, "America/New_York v1", 0, utc("2037-10-01"),
	    trans, &n);
	env_restore(&env);
	free(trans);
	tz_free(tz);
}

/* right/ zones carry leap-second records, which are stepped over. */
TEST(tz_tzif_right_zone)
{
	struct tz	*tz;

	if ((tz = load("right/Europe/Berlin")) == NULL) {
		printf("# SKIP tz: no right/Europe/Berlin\n");
		return;
	}
	ASSERT_INT(tz_offset(tz, utc("2026-07-01"), NULL), 7200);
	ASSERT_INT(tz_offset(tz, utc("2026-01-01"), NULL), 3600);
	tz_free(tz);
}
