/*
 * test_time.c - UTC formatting and parsing, independent of TZ
 */
#include <stdlib.h>

#include "unit.h"
#include "rescue.h"
#include "util/util.h"

TEST(time_iso_known_values)
{
	char	b[TIME_ISO_LEN];

	setenv("TZ", "Asia/Kathmandu", 1);	/* must not matter */
	time_iso(0, b, sizeof(b));
	ASSERT_STR(b, "1970-01-01T00:00:00Z");
	time_iso(1700000000, b, sizeof(b));
	ASSERT_STR(b, "2023-11-14T22:13:20Z");
	time_iso(-1, b, sizeof(b));
	ASSERT_STR(b, "1969-12-31T23:59:59Z");
	time_iso(951782400, b, sizeof(b));	/* leap day 2000 */
	ASSERT_STR(b, "2000-02-29T00:00:00Z");
	time_iso(INT64_C(4294967296), b, sizeof(b));	/* past 2106 */
	ASSERT_STR(b, "2106-02-07T06:28:16Z");
	time_iso_ns(1, 5, b, sizeof(b));
	ASSERT_STR(b, "1970-01-01T00:00:01.000000005Z");
	time_iso(INT64_MAX, b, sizeof(b));	/* forged: no overflow */
	ASSERT(b[0] == '@');
	unsetenv("TZ");
}

TEST(time_parse_forms)
{
	int64_t	t;

	ASSERT_INT(time_parse("2023-11-14", &t), 0);
	ASSERT_INT(t, 1699920000);
	ASSERT_INT(time_parse("2023-11-14T22:13:20Z", &t), 0);
	ASSERT_INT(t, 1700000000);
	ASSERT_INT(time_parse("2023-11-14 22:13", &t), 0);
	ASSERT_INT(t, 1700000000 - 20);
	ASSERT_INT(time_parse("@1700000000", &t), 0);
	ASSERT_INT(t, 1700000000);
	ASSERT_INT(time_parse("2023-13-01", &t), -1);
	ASSERT_INT(time_parse("2023-11-14T25:00", &t), -1);
	ASSERT_INT(time_parse("yesterday", &t), -1);
	ASSERT_INT(time_parse("@12x", &t), -1);
	ASSERT_INT(time_parse("2023-11-14junk", &t), -1);
	/* an offset, as the server's logs write it */
	ASSERT_INT(time_parse("2026-11-20T09:10+01:00", &t), 0);
	ASSERT_INT(t, 1795162200);
	ASSERT_INT(time_parse("2026-11-20T03:40:00-04:30", &t), 0);
	ASSERT_INT(t, 1795162200);
	ASSERT_INT(time_parse("2026-11-20T08:10+1:00", &t), -1);
	ASSERT_INT(time_parse("2026-11-20T08:10+24:00", &t), -1);
	ASSERT_INT(time_parse("2026-11-20T08:10+01:00x", &t), -1);
}
