/*
 * fstab.c - fstab(5) and os-release(5), the two files the tree layer
 * reads from the server to put it together
 *
 * Both come from the evidence: lines are bounded, fields decoded into
 * fixed buffers, nothing is trusted to be terminated.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fsr_int.h"

#define FIELD_MAX	1024

/* Copy one whitespace-separated field, decoding \NNN octal escapes. */
static size_t
take_field(const char *s, size_t len, size_t i, char *out)
{
	size_t	n = 0;

	while (i < len && s[i] != ' ' && s[i] != '\t') {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' &&
		    s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			char c = (char)((s[i + 1] - '0') * 64 +
			    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			if (n < FIELD_MAX - 1 && c != '\0')
				out[n++] = c;
			i += 4;
			continue;
		}
		if (n < FIELD_MAX - 1)
			out[n++] = s[i];
		i++;
	}
	out[n] = '\0';
	return i;
}

static size_t
skip_space(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

int
fsr_fstab_parse(const char *buf, size_t len, fsr_fstab_fn *fn, void *arg)
{
	char			 f[4][FIELD_MAX];
	struct fsr_fstab_entry	 e;
	const char		*line, *nl;
	size_t			 llen, i;
	unsigned		 lineno = 0;
	int			 k, bad = 0;

	for (line = buf; line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (nl == NULL)
			nl = buf + len;
		llen = (size_t)(nl - line);
		lineno++;
		i = skip_space(line, llen, 0);
		if (i == llen || line[i] == '#')
			continue;
		for (k = 0; k < 4; k++) {
			i = skip_space(line, llen, i);
			if (i == llen)
				break;
			i = take_field(line, llen, i, f[k]);
		}
		if (k < 2) {
			bad++;
			continue;
		}
		for (; k < 4; k++)
			f[k][0] = '\0';
		e.spec = f[0];
		e.file = f[1];
		e.type = f[2];
		e.opts = f[3];
		e.line = lineno;
		if (fn(&e, arg) == FSR_WALK_STOP)
			break;
	}
	return bad;
}

bool
fsr_osrelease_get(const char *buf, size_t len, const char *key, char *out,
    size_t outlen)
{
	const char	*line, *nl, *v, *end;
	size_t		 klen = strlen(key), n;
	char		 q;

	if (outlen == 0)
		return false;
	for (line = buf; line < buf + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(buf + len - line));
		if (nl == NULL)
			nl = buf + len;
		if ((size_t)(nl - line) <= klen ||
		    memcmp(line, key, klen) != 0 || line[klen] != '=')
			continue;
		v = line + klen + 1;
		end = nl;
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
		q = 0;
		if (v < end && (*v == '"' || *v == '\'')) {
			q = *v++;
			if (end > v && end[-1] == q)
				end--;
		}
		for (n = 0; v < end && n < outlen - 1; v++) {
			/* Shell-style escapes inside double quotes. */
			if (q == '"' && *v == '\\' && v + 1 < end)
				v++;
			out[n++] = *v;
		}
		out[n] = '\0';
		return true;
	}
	return false;
}
