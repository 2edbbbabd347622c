/*
 * shadow.c - shadow(5), group(5) and gshadow(5) from the server, which
 * the attacker may have edited by hand: strict fields, bounded lines
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/shadow.h"
#include "util/util.h"

/* The state of one pass: a line buffer and name lists, grown as needed. */
struct lines {
	const char	*s, *end;
	unsigned	 lineno;
	char		*buf;
	size_t		 cap;
	const char	**list[2];
	size_t		 listcap[2];
};

/*
 * The next line worth parsing as a NUL-terminated copy in L->buf, or
 * NULL at the end.  *BAD counts lines refused before any parse.
 */
static char *
next_line(struct lines *l, int *bad)
{
	const char	*nl;
	size_t		 llen;

	while (l->s < l->end) {
		nl = memchr(l->s, '\n', (size_t)(l->end - l->s));
		if (nl == NULL)
			nl = l->end;
		llen = (size_t)(nl - l->s);
		l->lineno++;
		if (llen > 0 && l->s[llen - 1] == '\r')
			llen--;
		if (llen == 0 || l->s[0] == '#' || l->s[0] == '+' ||
		    l->s[0] == '-') {
			l->s = nl + 1;
			continue;
		}
		if (llen > SHADOW_LINE_MAX || memchr(l->s, '\0', llen)) {
			(*bad)++;
			l->s = nl + 1;
			continue;
		}
		if (llen + 1 > l->cap) {
			l->cap = llen + 1;
			l->buf = xrealloc(l->buf, l->cap);
		}
		memcpy(l->buf, l->s, llen);
		l->buf[llen] = '\0';
		l->s = nl + 1;
		return l->buf;
	}
	return NULL;
}

static void
lines_init(struct lines *l, const char *buf, size_t len)
{
	memset(l, 0, sizeof(*l));
	l->s = buf;
	l->end = buf + len;
}

static void
lines_release(struct lines *l)
{
	free(l->buf);
	free(l->list[0]);
	free(l->list[1]);
}

/* Split LINE at ':' into exactly N fields; -1 for any other count. */
static int
split(char *line, char **f, int n)
{
	char	*p = line;
	int	 k;

	for (k = 0; k < n; k++) {
		f[k] = p;
		p = strchr(p, ':');
		if (p == NULL)
			return k == n - 1 ? 0 : -1;
		*p++ = '\0';
	}
	return -1;
}

/* Split a comma list in place into L->list[WHICH], skipping empties. */
static size_t
split_list(struct lines *l, int which, char *s)
{
	size_t	 n = 0;
	char	*p;

	for (; s != NULL; s = p) {
		p = strchr(s, ',');
		if (p != NULL)
			*p++ = '\0';
		if (*s == '\0')
			continue;
		if (n == l->listcap[which]) {
			l->listcap[which] = n ? n * 2 : 16;
			l->list[which] = xrealloc(l->list[which],
			    l->listcap[which] * sizeof(*l->list[which]));
		}
		l->list[which][n++] = s;
	}
	return n;
}

static int
parse_day(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;
	const char	*d = s[0] == '-' ? s + 1 : s;

	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	if (*d < '0' || *d > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno)
		return -1;
	*out = v;
	return 0;
}

static int
parse_gid(const char *s, uint32_t *out)
{
	char		*end;
	unsigned long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || errno || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static bool
crypt_chars(const char *s, const char *extra)
{
	for (; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '/')
			continue;
		if (strchr(extra, *s) == NULL)
			return false;
	}
	return true;
}

static enum shadow_scheme
scheme_of(const char *h)
{
	static const struct {
		const char		*prefix;
		enum shadow_scheme	 scheme;
	} pre[] = {
		{ "$1$", SHADOW_SCHEME_MD5 },
		{ "$2a$", SHADOW_SCHEME_BCRYPT },
		{ "$2b$", SHADOW_SCHEME_BCRYPT },
		{ "$2x$", SHADOW_SCHEME_BCRYPT },
		{ "$2y$", SHADOW_SCHEME_BCRYPT },
		{ "$3$", SHADOW_SCHEME_NTHASH },
		{ "$5$", SHADOW_SCHEME_SHA256 },
		{ "$6$", SHADOW_SCHEME_SHA512 },
		{ "$7$", SHADOW_SCHEME_SCRYPT },
		{ "$y$", SHADOW_SCHEME_YESCRYPT },
		{ "$gy$", SHADOW_SCHEME_GOST },
		{ "$sha1$", SHADOW_SCHEME_SHA1 },
		{ "$md5$", SHADOW_SCHEME_SUNMD5 },
		{ "$md5,", SHADOW_SCHEME_SUNMD5 },
	};
	size_t	i, n, len = strlen(h);

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		n = strlen(pre[i].prefix);
		if (strncmp(h, pre[i].prefix, n) != 0)
			continue;
		/* "rounds=N$" and SunMD5's "," are the only other bytes. */
		if (len == n || !crypt_chars(h + n, "$=,"))
			return SHADOW_SCHEME_UNKNOWN;
		return pre[i].scheme;
	}
	if (len == 13 && crypt_chars(h, ""))
		return SHADOW_SCHEME_DES;
	if (len == 20 && h[0] == '_' && crypt_chars(h + 1, ""))
		return SHADOW_SCHEME_BSDI;
	return SHADOW_SCHEME_UNKNOWN;
}

void
shadow_hash_classify(const char *passwd, struct shadow_hash *h)
{
	const char	*p = passwd;

	h->scheme = SHADOW_SCHEME_NONE;
	if (*p == '\0') {
		h->state = SHADOW_EMPTY;
		return;
	}
	/* Solaris and illumos spell "locked" and "no password" so. */
	if (strcmp(p, "*LK*") == 0 || strcmp(p, "*NP*") == 0) {
		h->state = SHADOW_LOCKED;
		return;
	}
	while (*p == '!' || *p == '*')
		p++;
	if (p != passwd && *p == '\0') {
		h->state = SHADOW_LOCKED;
		return;
	}
	h->state = p != passwd ? SHADOW_LOCKED_HASH : SHADOW_HASH;
	h->scheme = scheme_of(p);
}

const char *
shadow_scheme_name(enum shadow_scheme s)
{
	static const char *const names[] = {
		[SHADOW_SCHEME_NONE] = "none",
		[SHADOW_SCHEME_DES] = "descrypt",
		[SHADOW_SCHEME_BSDI] = "bsdicrypt",
		[SHADOW_SCHEME_MD5] = "md5crypt",
		[SHADOW_SCHEME_BCRYPT] = "bcrypt",
		[SHADOW_SCHEME_SHA256] = "sha256crypt",
		[SHADOW_SCHEME_SHA512] = "sha512crypt",
		[SHADOW_SCHEME_SCRYPT] = "scrypt",
		[SHADOW_SCHEME_YESCRYPT] = "yescrypt",
		[SHADOW_SCHEME_GOST] = "gost-yescrypt",
		[SHADOW_SCHEME_SHA1] = "sha1crypt",
		[SHADOW_SCHEME_SUNMD5] = "sunmd5",
		[SHADOW_SCHEME_NTHASH] = "nthash",
		[SHADOW_SCHEME_UNKNOWN] = "unknown",
	};

	if ((unsigned)s >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s];
}

const char *
shadow_state_name(enum shadow_state s)
{
	switch (s) {
	case SHADOW_EMPTY:
		return "empty";
	case SHADOW_LOCKED:
		return "locked";
	case SHADOW_LOCKED_HASH:
		return "locked-hash";
	case SHADOW_HASH:
		return "hash";
	}
	return "unknown";
}

int
shadow_parse(const char *buf, size_t len, shadow_fn *fn, void *arg)
{
	struct lines		 l;
	struct shadow_entry	 e;
	char			*line, *f[9], *p;
	int			 bad = 0, ncolon;

	lines_init(&l, buf, len);
	while ((line = next_line(&l, &bad)) != NULL) {
		/* Eight fields are read as nine with an empty last one. */
		ncolon = 0;
		for (p = line; (p = strchr(p, ':')) != NULL; p++)
			ncolon++;
		if (ncolon == 7) {
			(void)split(line, f, 8);
			f[8] = f[7] + strlen(f[7]);
		} else if (ncolon != 8 || split(line, f, 9) != 0) {
			bad++;
			continue;
		}
		if (f[0][0] == '\0' || parse_day(f[2], &e.lastchg) < 0 ||
		    parse_day(f[3], &e.min) < 0 ||
		    parse_day(f[4], &e.max) < 0 ||
		    parse_day(f[5], &e.warn) < 0 ||
		    parse_day(f[6], &e.inactive) < 0 ||
		    parse_day(f[7], &e.expire) < 0) {
			bad++;
			continue;
		}
		e.name = f[0];
		e.passwd = f[1];
		shadow_hash_classify(e.passwd, &e.hash);
		e.reserved = f[8];
		e.line = l.lineno;
		if (fn(&e, arg) != 0)
			break;
	}
	lines_release(&l);
	return bad;
}

int
group_parse(const char *buf, size_t len, group_fn *fn, void *arg)
{
	struct lines		 l;
	struct group_entry	 e;
	char			*line, *f[4];
	int			 bad = 0;

	lines_init(&l, buf, len);
	while ((line = next_line(&l, &bad)) != NULL) {
		if (split(line, f, 4) != 0 || f[0][0] == '\0' ||
		    parse_gid(f[2], &e.gid) < 0) {
			bad++;
			continue;
		}
		e.name = f[0];
		e.passwd = f[1];
		shadow_hash_classify(e.passwd, &e.hash);
		e.nmember = split_list(&l, 0, f[3]);
		e.member = l.list[0];
		e.line = l.lineno;
		if (fn(&e, arg) != 0)
			break;
	}
	lines_release(&l);
	return bad;
}

int
gshadow_parse(const char *buf, size_t len, gshadow_fn *fn, void *arg)
{
	struct lines		 l;
	struct gshadow_entry	 e;
	char			*line, *f[4];
	int			 bad = 0;

	lines_init(&l, buf, len);
	while ((line = next_line(&l, &bad)) != NULL) {
		if (split(line, f, 4) != 0 || f[0][0] == '\0') {
			bad++;
			continue;
		}
		e.name = f[0];
		e.passwd = f[1];
		shadow_hash_classify(e.passwd, &e.hash);
		e.nadmin = split_list(&l, 0, f[2]);
		e.admin = l.list[0];
		e.nmember = split_list(&l, 1, f[3]);
		e.member = l.list[1];
		e.line = l.lineno;
		if (fn(&e, arg) != 0)
			break;
	}
	lines_release(&l);
	return bad;
}
