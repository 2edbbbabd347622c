/*
 * fuzz_tz.c - libFuzzer target for the time zone module.  The input is
 * parsed as a TZif file (from a buffer of its exact length, for ASan)
 * and, separately, as a POSIX TZ string; each zone that results is
 * asked for offsets at instants from the int64 ends inward and for the
 * UTC instant of wall clocks there, and must keep its promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/tz.h"

#define LIMIT	(26 * 3600)

static const int64_t	instants[] = {
	INT64_MIN, INT64_MIN + 1, INT64_MIN + LIMIT, -(INT64_C(1) << 60),
	-INT64_C(62135596800),		/* 0001-01-01 */
	-INT64_C(2147483648) - 1, -INT64_C(2147483648), -1, 0, 1,
	INT64_C(1000000000), INT64_C(1774746000),	/* 2026-03-29 01:00 */
	INT64_C(1792889999), INT64_C(1792890000),	/* 2026-10-25 01:00 */
	INT64_C(2147483647), INT64_C(2147483648), INT64_C(4102444800),
	INT64_C(253402300799),		/* 9999-12-31 23:59:59 */
	INT64_C(1) << 60, INT64_MAX - LIMIT, INT64_MAX - 1, INT64_MAX,
};

static void
check_offset(const struct tz *tz, int64_t t)
{
	const char	*ab = NULL;
	int32_t		 off;

	off = tz_offset(tz, t, &ab);
	if (off < -LIMIT || off > LIMIT || ab == NULL)
		abort();
	(void)strlen(ab);
}

static void
check_local(const struct tz *tz, int64_t local)
{
	int64_t		 r;
	int		 amb = -1;

	r = tz_local_to_utc(tz, local, &amb);
	if (amb != TZ_UNIQUE && amb != TZ_OVERLAP && amb != TZ_GAP)
		abort();
	/* Away from the ends, an answer that is one reads LOCAL. */
	if (local > -(INT64_C(1) << 60) && local < (INT64_C(1) << 60) &&
	    amb != TZ_GAP && r + tz_offset(tz, r, NULL) != local)
		abort();
	if (local > -(INT64_C(1) << 60) && local < (INT64_C(1) << 60) &&
	    (r - local > LIMIT || local - r > LIMIT))
		abort();
}

static void
exercise(const struct tz *tz, const uint8_t *data, size_t size)
{
	uint64_t	u = 0;
	int64_t		t;
	size_t		i;

	for (i = 0; i < sizeof(instants) / sizeof(instants[0]); i++) {
		check_offset(tz, instants[i]);
		check_local(tz, instants[i]);
		check_local(tz, instants[i] / 2);
	}
	/* Instants the input chooses: its last eight bytes. */
	for (i = 0; i < 8 && i < size; i++)
		u = u << 8 | data[size - 1 - i];
	memcpy(&t, &u, sizeof(t));
	check_offset(tz, t);
	check_local(tz, t);
	check_local(tz, (int32_t)u);
	check_offset(tz, (int32_t)u);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz	*tz;
	const char	*why;
	uint8_t		*buf;
	char		*s;

	if ((buf = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	why = NULL;
	tz = tz_parse_tzif(buf, size, &why);
	if (tz == NULL && why == NULL)
		abort();
	if (tz != NULL)
		exercise(tz, data, size);
	tz_free(tz);
	free(buf);

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	why = NULL;
	tz = tz_from_posix(s, &why);
	if (tz == NULL && why == NULL)
		abort();
	if (tz != NULL)
		exercise(tz, data, size);
	tz_free(tz);
	free(s);
	return 0;
}
