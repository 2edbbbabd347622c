/*
 * fuzz_dpkglog.c - libFuzzer target for the dpkg.log line parser: every
 * line of the input is parsed; a package or state word outside its line,
 * an empty one, a package name with its ":arch" left on, or a fresh flag
 * on an action that has none aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkglog.h"

static void
within(const char *p, size_t n, const char *line, size_t len)
{
	if (p < line || n == 0 || n > len || (size_t)(p - line) > len - n)
		abort();
}

static void
one(const char *line, size_t len)
{
	struct dpkglog_line	l;

	if (dpkglog_parse(line, len, &l) < 0)
		return;
	if (l.pkg != NULL) {
		within(l.pkg, l.pkglen, line, len);
		if (l.pkglen > DPKGLOG_NAME_MAX ||
		    memchr(l.pkg, ':', l.pkglen) != NULL ||
		    memchr(l.pkg, ' ', l.pkglen) != NULL)
			abort();
	}
	if (l.state != NULL)
		within(l.state, l.statelen, line, len);
	if (l.fresh && l.action != DPKGLOG_INSTALL &&
	    l.action != DPKGLOG_UPGRADE)
		abort();
	if ((l.action == DPKGLOG_STATUS) != (l.state != NULL))
		abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *nl;
	size_t		 left = size, n;
	char		*copy;

	while (left > 0) {
		nl = memchr(s, '\n', left);
		n = nl != NULL ? (size_t)(nl - s) : left;
		/* a copy of exactly the line: ASan sees any read past it */
		copy = malloc(n ? n : 1);
		memcpy(copy, s, n);
		one(copy, n);
		free(copy);
		if (nl == NULL)
			break;
		s += n + 1;
		left -= n + 1;
	}
	return 0;
}
