/*
 * test_esc.c - nothing from the evidence reaches output unescaped
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "util/util.h"

static char *
escaped(void (*fn)(FILE *, const char *, size_t), const char *s, size_t len)
{
	char	*buf = NULL;
	size_t	 n = 0;
	FILE	*f = open_memstream(&buf, &n);

	fn(f, s, len);
	fclose(f);
	return buf;
}

#define ESC_EQ(fn, in, want) do {					\
	char *_o = escaped(fn, in, sizeof(in) - 1);			\
	int _ok = strcmp(_o, want) == 0;				\
	if (!_ok) unit_fail(__FILE__, __LINE__, "escaped \"%s\", want \"%s\"", \
	    _o, want);							\
	free(_o); if (!_ok) return; } while (0)

TEST(esc_plain_and_utf8_pass)
{
	ESC_EQ(esc_write, "/var/log/wtmp", "/var/log/wtmp");
	ESC_EQ(esc_write, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
}

TEST(esc_controls_and_backslash)
{
	ESC_EQ(esc_write, "a\nb\tc\rd", "a\\nb\\tc\\rd");
	ESC_EQ(esc_write, "\033[2Jx", "\\x1b[2Jx");
	ESC_EQ(esc_write, "a\\nb", "a\\\\nb");
	ESC_EQ(esc_write, "del\x7f", "del\\x7f");
}

TEST(esc_invalid_utf8)
{
	ESC_EQ(esc_write, "\xff\xfe", "\\xff\\xfe");
	ESC_EQ(esc_write, "\xc0\xaf", "\\xc0\\xaf");		/* overlong '/' */
	ESC_EQ(esc_write, "\xed\xa0\x80", "\\xed\\xa0\\x80");	/* surrogate */
	ESC_EQ(esc_write, "\xe2\x82", "\\xe2\\x82");		/* truncated */
	ESC_EQ(esc_write, "a\0b", "a\\x00b");
}

TEST(esc_bidi_override)
{
	/* "exe.txt" shown reversed by U+202E would hide the real name. */
	ESC_EQ(esc_write, "a\xe2\x80\xae" "b", "a\\u{202e}b");
	ESC_EQ(esc_write, "\xc2\x9b", "\\u{009b}");	/* C1 CSI */
}

TEST(esc_json_quotes)
{
	ESC_EQ(esc_json, "say \"hi\"\n", "say \\\"hi\\\"\\\\n");
	ESC_EQ(esc_json, "back\\slash", "back\\\\\\\\slash");
	ESC_EQ(esc_json, "\xff", "\\\\xff");
}

TEST(esc_width_counts_escapes)
{
	ASSERT_INT(esc_width("ab", 2), 2);
	ASSERT_INT(esc_width("a\n", 2), 3);
	ASSERT_INT(esc_width("\xff", 1), 4);
}
