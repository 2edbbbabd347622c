/*
 * fuzz_cmdrules.c - libFuzzer target for the command line rules: the
 * whole input is judged as one line from a buffer of its exact length
 * (so ASan sees a read past its end), then each newline-separated
 * line alone; every span must lie within what was judged, every count
 * be bounded.  The URL, host and path helpers get the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/cmdrules.h"

static void
judge(const char *s, size_t len)
{
	struct cmd_match	m[CMDRULE__COUNT];
	struct cmd_url		u;
	size_t			n, i, pos = 0, prev;
	char			*z;

	n = cmd_judge(s, len, m, CMDRULE__COUNT);
	if (n > CMDRULE__COUNT)
		abort();
	for (i = 0; i < n; i++) {
		if ((unsigned)m[i].rule >= CMDRULE__COUNT ||
		    m[i].off > len || m[i].len > len - m[i].off ||
		    m[i].detail == NULL ||
		    (i > 0 && m[i].rule <= m[i - 1].rule))
			abort();
		(void)cmd_rule_name(m[i].rule);
		(void)cmd_rule_summary(m[i].rule);
		(void)cmd_rule_severity(m[i].rule);
	}
	if (n > 1 && cmd_judge(s, len, m, 1) != n)
		abort();
	while (prev = pos, cmd_url_next(s, len, &pos, &u)) {
		if (pos <= prev || pos > len || u.off > len ||
		    u.len > len - u.off || u.host_off < u.off ||
		    u.host_off + u.host_len > u.off + u.len)
			abort();
	}
	if ((z = malloc(len + 1)) == NULL)
		return;
	memcpy(z, s, len);
	z[len] = '\0';
	(void)host_is_raw_ip(z);
	(void)cmd_is_temp_path(z);
	free(z);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data, *end = s + size, *nl;
	char		*buf;
	size_t		 len;

	if ((buf = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	judge(buf, size);
	free(buf);
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if ((buf = malloc(len ? len : 1)) == NULL)
			return 0;
		memcpy(buf, s, len);
		judge(buf, len);
		free(buf);
	}
	return 0;
}
