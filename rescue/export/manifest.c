/*
 * manifest.c - the export's manifest, JSON Lines: one object per path,
 * written by export and read back by verify (and by hand, with jq)
 *
 * The reader takes hostile input (an archive from anywhere): one line
 * at a time, at most MAN_LINE_MAX bytes, flat objects only.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/export.h"
#include "util/util.h"

/* Whether S is UTF-8 without overlongs or surrogates. */
static bool
is_utf8(const unsigned char *s, size_t len)
{
	size_t		i = 0, n, k;
	uint32_t	cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0)
			n = 1, cp = s[i] & 0x1f;
		else if ((s[i] & 0xf0) == 0xe0)
			n = 2, cp = s[i] & 0x0f;
		else if ((s[i] & 0xf8) == 0xf0)
			n = 3, cp = s[i] & 0x07;
		else
			return false;
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD. */
static void
put_str(FILE *f, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	bool			 utf8 = is_utf8(u, len);
	size_t			 i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		if (u[i] == '"' || u[i] == '\\')
			fprintf(f, "\\%c", u[i]);
		else if (u[i] < 0x20 || u[i] == 0x7f)
			fprintf(f, "\\u%04x", u[i]);
		else if (u[i] >= 0x80 && !utf8)
			fputs("\\ufffd", f);
		else
			fputc(u[i], f);
	}
	fputc('"', f);
}

void
man_put_str(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("null", f);
	else
		put_str(f, s, strlen(s));
}

static void
put_key_str(FILE *f, const char *key, const char *s)
{
	size_t	len = strlen(s), i;

	fprintf(f, ",\"%s\":", key);
	put_str(f, s, len);
	if (is_utf8((const unsigned char *)s, len))
		return;
	fprintf(f, ",\"%s_hex\":\"", key);
	for (i = 0; i < len; i++)
		fprintf(f, "%02x", (unsigned char)s[i]);
	fputc('"', f);
}

static void
put_time(FILE *f, const char *key, const struct fsr_time *t)
{
	char	buf[TIME_ISO_LEN];

	time_iso_ns(t->sec, t->nsec, buf, sizeof(buf));
	fprintf(f, ",\"%s\":\"%s\"", key, buf);
}

void
man_write(FILE *f, const struct man_entry *e, bool sha_only)
{
	size_t	i;

	/* The path key first: a reader with grep finds it there. */
	fputs("{\"path\":", f);
	put_str(f, e->path, strlen(e->path));
	if (!is_utf8((const unsigned char *)e->path, strlen(e->path))) {
		fputs(",\"path_hex\":\"", f);
		for (i = 0; e->path[i] != '\0'; i++)
			fprintf(f, "%02x", (unsigned char)e->path[i]);
		fputc('"', f);
	}
	if (!sha_only) {
		fputs(",\"type\":", f);
		put_str(f, e->type, strnlen(e->type, sizeof(e->type)));
		fprintf(f, ",\"size\":%llu,\"mode\":\"%04o\","
		    "\"uid\":%u,\"gid\":%u", (unsigned long long)e->size,
		    e->mode & 07777, e->uid, e->gid);
		if (e->owner != NULL)
			put_key_str(f, "owner", e->owner);
		if (e->group != NULL)
			put_key_str(f, "group", e->group);
		put_time(f, "mtime", &e->mtime);
		put_time(f, "ctime", &e->ctime);
		put_time(f, "atime", &e->atime);
		if (e->link != NULL)
			put_key_str(f, "link", e->link);
		if (e->sparse)
			fputs(",\"sparse\":true", f);
	} else if (e->link != NULL)
		put_key_str(f, "link", e->link);
	if (e->sha256[0] != '\0')
		fprintf(f, ",\"sha256\":\"%s\"", e->sha256);
	if (!sha_only && e->excluded != NULL)
		put_key_str(f, "excluded", e->excluded);
	if (e->error != NULL)
		put_key_str(f, "error", e->error);
	fputs("}\n", f);
}

void
man_entry_release(struct man_entry *e)
{
	free(e->path);
	free(e->link);
	free(e->excluded);
	free(e->error);
	memset(e, 0, sizeof(*e));
}

/*
 * The reader.
 */
struct pstate {
	const char	*p, *end;
	char		*err;
	size_t		 errlen;
};

static void
skip_ws(struct pstate *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\r'))
		s->p++;
}

static int
fail(struct pstate *s, const char *what)
{
	snprintf(s->err, s->errlen, "%s", what);
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
hex4(struct pstate *s, uint32_t *v)
{
	int	i, h;

	if (s->end - s->p < 4)
		return -1;
	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((h = hexval((unsigned char)s->p[i])) < 0)
			return -1;
		*v = *v << 4 | (uint32_t)h;
	}
	s->p += 4;
	return 0;
}

/*
 * A JSON string at S->p (after the quote) into a new buffer, UTF-8
 * from \u escapes.  The output is never longer than the input.
 */
static int
get_str(struct pstate *s, char **out, size_t *outlen)
{
	char		*b = xmalloc((size_t)(s->end - s->p) + 1);
	size_t		 o = 0;
	uint32_t	 cp, lo;

	while (s->p < s->end && *s->p != '"') {
		unsigned char c = (unsigned char)*s->p++;

		if (c < 0x20)
			goto bad;
		if (c != '\\') {
			b[o++] = (char)c;
			continue;
		}
		if (s->p == s->end)
			goto bad;
		switch (c = (unsigned char)*s->p++) {
		case '"': case '\\': case '/':
			b[o++] = (char)c;
			continue;
		case 'b': b[o++] = '\b'; continue;
		case 'f': b[o++] = '\f'; continue;
		case 'n': b[o++] = '\n'; continue;
		case 'r': b[o++] = '\r'; continue;
		case 't': b[o++] = '\t'; continue;
		case 'u':
			break;
		default:
			goto bad;
		}
		if (hex4(s, &cp) < 0)
			goto bad;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (s->end - s->p < 6 || s->p[0] != '\\' ||
			    s->p[1] != 'u')
				goto bad;
			s->p += 2;
			if (hex4(s, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
				goto bad;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp <= 0xdfff)
			goto bad;
		/* 6 input bytes (12 for a pair) give at most 4. */
		if (cp < 0x80)
			b[o++] = (char)cp;
		else if (cp < 0x800) {
			b[o++] = (char)(0xc0 | cp >> 6);
			b[o++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			b[o++] = (char)(0xe0 | cp >> 12);
			b[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			b[o++] = (char)(0x80 | (cp & 0x3f));
		} else {
			b[o++] = (char)(0xf0 | cp >> 18);
			b[o++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			b[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			b[o++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	if (s->p == s->end)
		goto bad;
	s->p++;
	b[o] = '\0';
	*out = b;
	*outlen = o;
	return 0;
bad:
	free(b);
	return fail(s, "bad JSON string");
}

/* Skip a number, true, false or null. */
static int
skip_scalar(struct pstate *s, const char **start, size_t *len)
{
	*start = s->p;
	while (s->p < s->end && *s->p != ',' && *s->p != '}' &&
	    *s->p != ' ' && *s->p != '\t' && *s->p != '\r') {
		unsigned char c = (unsigned char)*s->p;

		if (!(c == '-' || c == '+' || c == '.' || (c >= '0' &&
		    c <= '9') || (c >= 'a' && c <= 'z') || c == 'E'))
			return fail(s, "bad JSON value");
		s->p++;
	}
	*len = (size_t)(s->p - *start);
	if (*len == 0)
		return fail(s, "missing JSON value");
	return 0;
}

/*
 * Skip an array or object (the quarantine manifest's findings), nested
 * at most MAN_DEPTH_MAX deep: each step consumes input or fails.
 */
#define MAN_DEPTH_MAX	16

static int
skip_nested(struct pstate *s, int depth)
{
	char		 close = *s->p++ == '[' ? ']' : '}', *tmp;
	const char	*sc;
	size_t		 n;

	if (depth > MAN_DEPTH_MAX)
		return fail(s, "JSON nested too deep");
	for (;;) {
		skip_ws(s);
		if (s->p == s->end)
			return fail(s, "unterminated JSON value");
		if (*s->p == close) {
			s->p++;
			return 0;
		}
		if (*s->p == '"') {
			s->p++;
			if (get_str(s, &tmp, &n) < 0)
				return -1;
			free(tmp);
		} else if (*s->p == '[' || *s->p == '{') {
			if (skip_nested(s, depth + 1) < 0)
				return -1;
		} else if (*s->p == ',' || *s->p == ':')
			s->p++;
		else if (skip_scalar(s, &sc, &n) < 0)
			return -1;
	}
}

/* Hex into a new string; -1 unless it is pairs of hex digits. */
static int
unhex(const char *h, size_t len, char **out, size_t *outlen)
{
	size_t	i;
	int	a, b;

	if (len % 2 != 0)
		return -1;
	*out = xmalloc(len / 2 + 1);
	for (i = 0; i < len / 2; i++) {
		if ((a = hexval((unsigned char)h[2 * i])) < 0 ||
		    (b = hexval((unsigned char)h[2 * i + 1])) < 0) {
			free(*out);
			*out = NULL;
			return -1;
		}
		(*out)[i] = (char)(a << 4 | b);
	}
	(*out)[len / 2] = '\0';
	*outlen = len / 2;
	return 0;
}

static void
take(char **dst, char **val)
{
	free(*dst);
	*dst = *val;
	*val = NULL;
}

int
man_parse(const char *buf, size_t len, struct man_entry *e, char *err,
    size_t errlen)
{
	struct pstate	 s = { buf, buf + len, err, errlen };
	char		*key = NULL, *val = NULL, *hexpath = NULL;
	char		*hexlink = NULL, *tmp = NULL;
	size_t		 klen, vlen, tlen;
	const char	*sc;
	int		 rc = -1;

	memset(e, 0, sizeof(*e));
	if (len > MAN_LINE_MAX)
		return fail(&s, "line too long");
	skip_ws(&s);
	if (s.p == s.end || *s.p++ != '{')
		return fail(&s, "not a JSON object");
	skip_ws(&s);
	if (s.p < s.end && *s.p == '}') {
		s.p++;
		goto done;
	}
	for (;;) {
		skip_ws(&s);
		if (s.p == s.end || *s.p++ != '"') {
			fail(&s, "want a key");
			goto out;
		}
		if (get_str(&s, &key, &klen) < 0)
			goto out;
		skip_ws(&s);
		if (s.p == s.end || *s.p++ != ':') {
			fail(&s, "want ':'");
			goto out;
		}
		skip_ws(&s);
		if (s.p < s.end && *s.p == '"') {
			s.p++;
			if (get_str(&s, &val, &vlen) < 0)
				goto out;
			if (strcmp(key, "path") == 0 && vlen == strlen(val)) {
				take(&e->path, &val);
				e->pathlen = vlen;
			} else if (strcmp(key, "path_hex") == 0)
				take(&hexpath, &val);
			else if (strcmp(key, "link") == 0)
				take(&e->link, &val);
			else if (strcmp(key, "link_hex") == 0)
				take(&hexlink, &val);
			else if (strcmp(key, "excluded") == 0)
				take(&e->excluded, &val);
			else if (strcmp(key, "error") == 0)
				take(&e->error, &val);
			else if (strcmp(key, "type") == 0 &&
			    vlen < sizeof(e->type) &&
			    strspn(val, "abcdefghijklmnopqrstuvwxyz") == vlen)
				memcpy(e->type, val, vlen + 1);
			else if (strcmp(key, "sha256") == 0 && vlen == 64)
				memcpy(e->sha256, val, 65);
			else if (strcmp(key, "mode") == 0 && vlen <= 6)
				e->mode = (uint32_t)strtoul(val, NULL, 8);
		} else if (s.p < s.end && (*s.p == '[' || *s.p == '{')) {
			if (skip_nested(&s, 1) < 0)
				goto out;
		} else {
			if (skip_scalar(&s, &sc, &vlen) < 0)
				goto out;
			if (strcmp(key, "size") == 0) {
				uint64_t v = 0;
				size_t i;

				for (i = 0; i < vlen; i++) {
					if (sc[i] < '0' || sc[i] > '9' ||
					    v > (UINT64_MAX - 9) / 10) {
						fail(&s, "bad size");
						goto out;
					}
					v = v * 10 + (uint64_t)(sc[i] - '0');
				}
				e->size = v;
				e->has_size = true;
			} else if (strcmp(key, "sparse") == 0)
				e->sparse = vlen == 4 &&
				    memcmp(sc, "true", 4) == 0;
		}
		free(key);
		free(val);
		key = val = NULL;
		skip_ws(&s);
		if (s.p < s.end && *s.p == ',') {
			s.p++;
			continue;
		}
		if (s.p < s.end && *s.p == '}') {
			s.p++;
			break;
		}
		fail(&s, "want ',' or '}'");
		goto out;
	}
done:
	skip_ws(&s);
	if (s.p != s.end) {
		fail(&s, "bytes after the object");
		goto out;
	}
	if (hexpath != NULL) {
		if (unhex(hexpath, strlen(hexpath), &tmp, &tlen) < 0 ||
		    tlen != strlen(tmp)) {
			free(tmp);
			fail(&s, "bad path_hex");
			goto out;
		}
		take(&e->path, &tmp);
		e->pathlen = tlen;
	}
	if (hexlink != NULL) {
		if (unhex(hexlink, strlen(hexlink), &tmp, &tlen) < 0) {
			fail(&s, "bad link_hex");
			goto out;
		}
		take(&e->link, &tmp);
	}
	if (e->path == NULL || e->path[0] != '/') {
		fail(&s, "no absolute path");
		goto out;
	}
	rc = 0;
out:
	free(key);
	free(val);
	free(hexpath);
	free(hexlink);
	if (rc < 0)
		man_entry_release(e);
	return rc;
}
