/*
 * timefmt.c - UTC times in ISO 8601, written and read without the
 * process's time zone (a rescue system's TZ says nothing of the server)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t		era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	*y = yoe + era * 400;
	doy = (z - era * 146097) - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	if (*m <= 2)
		(*y)++;
}

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
split(int64_t t, int64_t *days, unsigned *secs)
{
	*days = t / 86400;
	if (t % 86400 < 0)
		(*days)--;
	*secs = (unsigned)(t - *days * 86400);
}

void
time_iso(int64_t t, char *buf, size_t len)
{
	time_iso_ns(t, UINT32_MAX, buf, len);
}

void
time_iso_ns(int64_t t, uint32_t ns, char *buf, size_t len)
{
	int64_t		days, y;
	unsigned	secs, m, d;

	/* Keep the arithmetic inside int64 for forged times. */
	if (t < -(INT64_C(1) << 55) || t > (INT64_C(1) << 55)) {
		snprintf(buf, len, "@%" PRId64, t);
		return;
	}
	split(t, &days, &secs);
	civil_from_days(days, &y, &m, &d);
	if (ns == UINT32_MAX)
		snprintf(buf, len, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02uZ",
		    y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
	else
		snprintf(buf, len, "%04" PRId64 "-%02u-%02uT%02u:%02u:%02u."
		    "%09" PRIu32 "Z", y, m, d, secs / 3600, secs / 60 % 60,
		    secs % 60, ns);
}

int
time_parse(const char *s, int64_t *out)
{
	unsigned	y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
	int		n = 0, k, sign = 0;
	char		*end;
	long long	v;

	if (s[0] == '@') {
		v = strtoll(s + 1, &end, 10);
		if (end == s + 1 || *end != '\0')
			return -1;
		*out = v;
		return 0;
	}
	if (sscanf(s, "%4u-%2u-%2u%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	s += n;
	if (*s == 'T' || *s == ' ') {
		k = 0;
		if (sscanf(s + 1, "%2u:%2u%n", &h, &mi, &k) != 2 || k != 5)
			return -1;
		s += 1 + k;
		if (*s == ':') {
			if (sscanf(s + 1, "%2u%n", &sec, &k) != 1 || k != 2)
				return -1;
			s += 3;
		}
	}
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		/* an offset, as the server's own logs write: +01:00 */
		sign = *s == '-' ? -1 : 1;
		k = 0;
		if (sscanf(s + 1, "%2u:%2u%n", &oh, &om, &k) != 2 || k != 5 ||
		    oh > 23 || om > 59)
			return -1;
		s += 1 + k;
	}
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || sec > 60)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (int64_t)(oh * 3600 + om * 60);
	return 0;
}
