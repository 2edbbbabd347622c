/*
 * esc.c - escape bytes from the evidence before they reach a terminal,
 * a report or a JSON parser (as bsdtar's safe_fprintf)
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

/*
 * Length of the valid UTF-8 sequence at S (at most LEN bytes) and its
 * code point, or 0 if the bytes are not UTF-8 (overlong, surrogate, past
 * U+10FFFF, truncated).
 */
static size_t
utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned	c = s[0], min;
	size_t		n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Code points that hide or reorder text on a terminal. */
static bool
hides_text(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200b ||
	    (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/*
 * The escape for the byte or sequence at S into OUT (at least 12
 * bytes); returns how many input bytes it stands for.  *OUTLEN is 0 when
 * the bytes pass unchanged.
 */
static size_t
escape_one(const char *s, size_t len, char *out, size_t *outlen)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned		 cp;
	size_t			 n;

	*outlen = 0;
	switch (u[0]) {
	case '\\':	memcpy(out, "\\\\", 2); *outlen = 2; return 1;
	case '\n':	memcpy(out, "\\n", 2); *outlen = 2; return 1;
	case '\t':	memcpy(out, "\\t", 2); *outlen = 2; return 1;
	case '\r':	memcpy(out, "\\r", 2); *outlen = 2; return 1;
	}
	if (u[0] < 0x20 || u[0] == 0x7f) {
		*outlen = (size_t)snprintf(out, 12, "\\x%02x", u[0]);
		return 1;
	}
	if (u[0] < 0x80)
		return 1;
	if ((n = utf8_decode(u, len, &cp)) == 0) {
		*outlen = (size_t)snprintf(out, 12, "\\x%02x", u[0]);
		return 1;
	}
	if (hides_text(cp))
		*outlen = (size_t)snprintf(out, 12, "\\u{%04x}", cp);
	return n;
}

void
esc_write(FILE *f, const char *s, size_t len)
{
	char	e[12];
	size_t	i = 0, n, elen, run = 0;

	while (i < len) {
		n = escape_one(s + i, len - i, e, &elen);
		if (elen == 0) {
			i += n;
			run += n;
			continue;
		}
		fwrite(s + i - run, 1, run, f);
		run = 0;
		fwrite(e, 1, elen, f);
		i += n;
	}
	fwrite(s + i - run, 1, run, f);
}

void
esc_puts(FILE *f, const char *s)
{
	esc_write(f, s, strlen(s));
}

size_t
esc_width(const char *s, size_t len)
{
	char	e[12];
	size_t	i = 0, n, elen, w = 0;

	while (i < len) {
		n = escape_one(s + i, len - i, e, &elen);
		w += elen ? elen : 1;
		i += n;
	}
	return w;
}

void
esc_json(FILE *f, const char *s, size_t len)
{
	char	e[12];
	size_t	i = 0, n, elen, k, run;

	while (i < len) {
		/* plain ASCII goes out in one write: most of any report */
		for (run = 0; i + run < len; run++) {
			unsigned char	c = (unsigned char)s[i + run];

			if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
				break;
		}
		if (run > 0) {
			fwrite(s + i, 1, run, f);
			i += run;
			continue;
		}
		n = escape_one(s + i, len - i, e, &elen);
		if (elen == 0) {
			if (s[i] == '"')
				fputs("\\\"", f);
			else
				fwrite(s + i, 1, n, f);
		} else {
			/* The escape's own backslashes, JSON-quoted. */
			for (k = 0; k < elen; k++) {
				if (e[k] == '\\')
					fputs("\\\\", f);
				else
					fputc(e[k], f);
			}
		}
		i += n;
	}
}

void
esc_json_str(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	esc_json(f, s, strlen(s));
	fputc('"', f);
}

/* HTML's own five, as entities: never markup, never the end of a value. */
static const char *
html_entity(char c)
{
	switch (c) {
	case '&':	return "&amp;";
	case '<':	return "&lt;";
	case '>':	return "&gt;";
	case '"':	return "&quot;";
	case '\'':	return "&#39;";
	}
	return NULL;
}

void
esc_html(FILE *f, const char *s, size_t len)
{
	char		 e[12];
	const char	*ent;
	size_t		 i = 0, n, elen;

	while (i < len) {
		n = escape_one(s + i, len - i, e, &elen);
		if (elen > 0)
			fwrite(e, 1, elen, f);	/* \xNN: no HTML special */
		else if (n == 1 && (ent = html_entity(s[i])) != NULL)
			fputs(ent, f);
		else
			fwrite(s + i, 1, n, f);
		i += n;
	}
}

void
esc_html_str(FILE *f, const char *s)
{
	if (s != NULL)
		esc_html(f, s, strlen(s));
}
