/*
 * unitfile.c - systemd unit files, line by line as systemd 252's
 * conf-parser.c reads them, and Exec*= and Environment= values split
 * as its extract_first_word() and config_parse_exec() split them
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "unitfile.h"

/* read_line(): the bytes that end a line, each once in a row. */
#define EOL_LF		0x1
#define EOL_CR		0x2
#define EOL_NUL		0x4

/* Where the physical line being read stands. */
#define PHYS_LEAD	0	/* blanks so far */
#define PHYS_BODY	1
#define PHYS_COMMENT	2

/* The logical line: the longest value plus a key and '='. */
#define LINE_CAP	(UNIT_VALUE_MAX + UNIT_NAME_MAX + 2)

static const char	bom[3] = { '\xef', '\xbb', '\xbf' };

/* unit_full_printf()'s specifiers (systemd.unit(5), "Specifiers"). */
static const char	known_specifiers[] =
	"aAbBCdEfgGhHiIjJlLmMnNopPqsStTuUvVwWyY";

static bool
is_ws(char c)
{
	/* systemd's WHITESPACE */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static unsigned
eol_type(char c)
{
	if (c == '\n')
		return EOL_LF;
	if (c == '\r')
		return EOL_CR;
	if (c == '\0')
		return EOL_NUL;
	return 0;
}

/*
 * utf8_is_valid(): well-formed UTF-8, no overlong form, no surrogate,
 * nothing past U+10FFFF.  systemd ignores a line that is not.
 */
static bool
utf8_ok(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, len;
	uint32_t		 c;

	while (i < n) {
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4;
		else
			return false;
		if (n - i < len)
			return false;
		c &= 0x3f >> (len - 1);
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

/* string_is_safe(): no control byte, quote, backslash or DEL. */
static bool
safe_string(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == '"' ||
		    s[i] == '\'' || s[i] == '\\' || s[i] == 0x7f)
			return false;
	return true;
}

void
unit_parser_init(struct unit_parser *p)
{
	memset(p, 0, sizeof(*p));
}

void
unit_parser_release(struct unit_parser *p)
{
	if (p == NULL)
		return;
	free(p->buf);
	p->buf = NULL;
}

static void
phys_reset(struct unit_parser *p)
{
	p->phys_start = p->len;
	p->phys_len = 0;
	p->phys_state = PHYS_LEAD;
	p->phys_cut = false;
	p->escaped = false;
}

static void
logical_reset(struct unit_parser *p)
{
	p->len = 0;
	p->total = 0;
	p->cut = false;
	p->too_long = false;
	p->continued = false;
	p->start = 0;
	phys_reset(p);
}

static void
store(struct unit_parser *p, char c)
{
	if (p->buf == NULL)
		p->buf = xmalloc(LINE_CAP + 1);
	if (p->len < LINE_CAP)
		p->buf[p->len++] = c;
	else
		p->phys_cut = true;
}

/* One byte of a physical line, never a terminator. */
static void
add_byte(struct unit_parser *p, char c)
{
	p->phys_len++;
	if (p->phys_state == PHYS_COMMENT)
		return;
	if (p->phys_state == PHYS_LEAD) {
		if (c == ' ' || c == '\t') {
			store(p, c);
			p->escaped = false;
			return;
		}
		if (c == '#' || c == ';') {
			/* Comments are skipped before continuations join. */
			p->phys_state = PHYS_COMMENT;
			p->len = p->phys_start;
			p->phys_cut = false;
			return;
		}
		p->phys_state = PHYS_BODY;
	}
	store(p, c);
	p->escaped = c == '\\' ? !p->escaped : false;
}

/* Blanks off both ends: returns the start, *N becomes the end. */
static size_t
strip(const char *s, size_t *n)
{
	size_t	i = 0;

	while (i < *n && is_ws(s[i]))
		i++;
	while (*n > i && is_ws(s[*n - 1]))
		(*n)--;
	return i;
}

/* V (N bytes, writable) as the value, cut to UNIT_VALUE_MAX. */
static void
set_value(struct unit_event *ev, char *v, size_t n)
{
	if (n > UNIT_VALUE_MAX) {
		n = UNIT_VALUE_MAX;
		ev->flags |= UNIT_EV_TRUNCATED;
	}
	v[n] = '\0';
	ev->value = v;
	ev->valuelen = n;
}

static int
emit(struct unit_parser *p, struct unit_event *ev, unit_fn *fn, void *arg)
{
	ev->line = p->start;
	ev->last_line = p->line;
	ev->section = p->section;
	if (p->cut)
		ev->flags |= UNIT_EV_TRUNCATED;
	if (p->continued)
		ev->flags |= UNIT_EV_CONTINUED;
	if (p->too_long)
		ev->flags |= UNIT_EV_FATAL;
	if (ev->flags & UNIT_EV_FATAL)
		p->refused = true;
	if (ev->kind == UNIT_MALFORMED)
		p->nmalformed++;
	else if (ev->kind == UNIT_ASSIGN)
		p->nassign++;
	return fn(ev, arg);
}

static int
section_header(struct unit_parser *p, char *l, size_t n,
    struct unit_event *ev, unit_fn *fn, void *arg)
{
	size_t	namelen;

	ev->kind = UNIT_SECTION;
	if (l[n - 1] != ']' || n < 2) {
		ev->kind = UNIT_MALFORMED;
		ev->why = "invalid section header";
		ev->flags |= UNIT_EV_FATAL;
		namelen = n - 1;
	} else
		namelen = n - 2;
	if (ev->kind == UNIT_SECTION && !safe_string(l + 1, namelen)) {
		ev->kind = UNIT_MALFORMED;
		ev->why = "bad characters in section header";
		ev->flags |= UNIT_EV_FATAL;
	}
	/*
	 * systemd stops at a fatal header; what follows is still shown,
	 * under the name as written.
	 */
	if (namelen > UNIT_NAME_MAX) {
		namelen = UNIT_NAME_MAX;
		ev->flags |= UNIT_EV_TRUNCATED;
	}
	memcpy(p->section, l + 1, namelen);
	p->section[namelen] = '\0';
	/* "[]" names no section: what follows is outside one. */
	p->have_section = namelen > 0;
	/* The header as written, for a bad one. */
	if (ev->kind == UNIT_MALFORMED)
		set_value(ev, l, n);
	return emit(p, ev, fn, arg);
}

/* parse_line() on the logical line held in buf. */
static int
logical_line(struct unit_parser *p, unit_fn *fn, void *arg)
{
	struct unit_event	 ev;
	char			*l, *eq;
	size_t			 n = p->len, off, keylen, vlen;

	memset(&ev, 0, sizeof(ev));
	ev.key = "";
	ev.value = "";
	if (p->buf == NULL || n == 0) {
		if (p->too_long)
			goto too_long;
		return 0;
	}
	off = strip(p->buf, &n);
	l = p->buf + off;
	n -= off;
	if (n == 0) {
		if (p->too_long)
			goto too_long;
		return 0;
	}
	l[n] = '\0';
	if (!utf8_ok(l, n)) {
		ev.kind = UNIT_MALFORMED;
		ev.why = "invalid UTF-8";
		set_value(&ev, l, n);
		return emit(p, &ev, fn, arg);
	}
	if (l[0] == '[')
		return section_header(p, l, n, &ev, fn, arg);
	if (n >= 9 && memcmp(l, ".include ", 9) == 0) {
		/* Old systemd read the file named; newer ones skip it. */
		ev.kind = UNIT_MALFORMED;
		ev.why = ".include directive";
		set_value(&ev, l + 9, n - 9);
		return emit(p, &ev, fn, arg);
	}
	ev.kind = UNIT_ASSIGN;
	eq = memchr(l, '=', n);
	if (eq == NULL) {
		ev.kind = UNIT_MALFORMED;
		ev.why = p->have_section ? "missing '='" :
		    "assignment outside of section";
		set_value(&ev, l, n);
		return emit(p, &ev, fn, arg);
	}
	keylen = (size_t)(eq - l);
	vlen = n - keylen - 1;
	off = strip(eq + 1, &vlen);
	set_value(&ev, eq + 1 + off, vlen - off);
	while (keylen > 0 && is_ws(l[keylen - 1]))
		keylen--;
	if (keylen > UNIT_NAME_MAX) {
		keylen = UNIT_NAME_MAX;
		ev.flags |= UNIT_EV_TRUNCATED;
	}
	l[keylen] = '\0';
	ev.key = l;
	if (ev.valuelen == 0)
		ev.flags |= UNIT_EV_RESET;
	/* parse_line() looks for the section before the key. */
	if (!p->have_section) {
		ev.kind = UNIT_MALFORMED;
		ev.why = "assignment outside of section";
	} else if (keylen == 0) {
		ev.kind = UNIT_MALFORMED;
		ev.why = "missing key name before '='";
	}
	return emit(p, &ev, fn, arg);

too_long:
	ev.kind = UNIT_MALFORMED;
	ev.why = "line too long";
	return emit(p, &ev, fn, arg);
}

/* read_line() fails on a long line before it can tell a comment. */
static int
long_comment(struct unit_parser *p, unit_fn *fn, void *arg)
{
	struct unit_event	ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = UNIT_MALFORMED;
	ev.flags = UNIT_EV_FATAL;
	ev.why = "line too long";
	ev.key = ev.value = "";
	ev.line = ev.last_line = p->line;
	ev.section = p->section;
	p->refused = true;
	p->nmalformed++;
	return fn(&ev, arg);
}

/* A terminator: the physical line is complete. */
static int
end_line(struct unit_parser *p, unit_fn *fn, void *arg)
{
	bool	long_line;
	int	r;

	p->line++;
	if (p->phys_state == PHYS_COMMENT) {
		long_line = p->phys_len >= UNIT_LINE_MAX;
		phys_reset(p);
		return long_line ? long_comment(p, fn, arg) : 0;
	}
	if (p->start == 0)
		p->start = p->line;
	/*
	 * read_line(f, LONG_LINE_MAX) refuses a line of that many bytes;
	 * a continuation may reach it.
	 */
	p->total += p->phys_len;
	if (p->phys_len >= UNIT_LINE_MAX || p->total > UNIT_LINE_MAX)
		p->too_long = true;
	if (p->phys_cut)
		p->cut = true;
	if (p->escaped) {
		/* The backslash becomes the space that joins the lines. */
		if (!p->phys_cut)
			p->buf[p->len - 1] = ' ';
		p->continued = true;
		phys_reset(p);
		return 0;
	}
	r = logical_line(p, fn, arg);
	logical_reset(p);
	return r;
}

int
unit_feed(struct unit_parser *p, const char *buf, size_t len, unit_fn *fn,
    void *arg)
{
	size_t		i, k;
	unsigned	t;
	int		r;
	char		c;

	for (i = 0; i < len; i++) {
		c = buf[i];
		if (p->bom >= 0 && p->line == 0) {
			/* A UTF-8 BOM starting the file is dropped. */
			if (c == bom[p->bom]) {
				if (++p->bom == 3)
					p->bom = -1;
				continue;
			}
			for (k = 0; k < (size_t)p->bom; k++)
				add_byte(p, bom[k]);
			p->bom = -1;
		}
		t = eol_type(c);
		if (p->eol != 0) {
			if (!(p->eol & EOL_NUL) && t != 0 && !(p->eol & t)) {
				p->eol |= t;
				continue;
			}
			p->eol = 0;
		}
		if (t != 0) {
			p->eol = t;
			if ((r = end_line(p, fn, arg)) != 0)
				return r;
			continue;
		}
		add_byte(p, c);
	}
	return 0;
}

int
unit_finish(struct unit_parser *p, unit_fn *fn, void *arg)
{
	size_t	k;
	int	r;

	if (p->bom > 0 && p->line == 0) {
		for (k = 0; k < (size_t)p->bom; k++)
			add_byte(p, bom[k]);
		p->bom = -1;
	}
	if (p->phys_len > 0 || p->phys_state != PHYS_LEAD)
		if ((r = end_line(p, fn, arg)) != 0)
			return r;
	if (p->start != 0) {
		/* A continuation open at the end is parsed as it is. */
		r = logical_line(p, fn, arg);
		logical_reset(p);
		return r;
	}
	return 0;
}

/* Where unescaped words go: never past cap, always NUL-terminated. */
struct sink {
	char	*buf;
	size_t	 cap;
	size_t	 used;
	bool	 full;
};

static void
put(struct sink *k, const char *s, size_t n)
{
	if (k->used >= k->cap || n > k->cap - 1 - k->used) {
		k->full = true;
		return;
	}
	memcpy(k->buf + k->used, s, n);
	k->used += n;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t
utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * cunescape_one(): the escape after a backslash at S (N bytes left)
 * into OUT.  Returns the bytes it took, or 0 for one systemd refuses
 * (an unknown letter, a NUL, a code point past U+10FFFF).
 */
static size_t
unescape_one(const char *s, size_t n, char *out, size_t *outlen)
{
	static const char	from[] = "abfnrtv\\\"'s";
	static const char	to[] = "\a\b\f\n\r\t\v\\\"' ";
	const char		*q;
	uint32_t		 c = 0;
	size_t			 i, digits;
	int			 h;

	if (n == 0)
		return 0;
	if (s[0] != '\0' && (q = strchr(from, s[0])) != NULL) {
		out[0] = to[q - from];
		*outlen = 1;
		return 1;
	}
	if (s[0] >= '0' && s[0] <= '7') {
		if (n < 3)
			return 0;
		for (i = 0; i < 3; i++) {
			if (s[i] < '0' || s[i] > '7')
				return 0;
			c = c << 3 | (uint32_t)(s[i] - '0');
		}
		if (c == 0 || c > 255)
			return 0;
		out[0] = (char)c;
		*outlen = 1;
		return 3;
	}
	digits = s[0] == 'x' ? 2 : s[0] == 'u' ? 4 : s[0] == 'U' ? 8 : 0;
	if (digits == 0 || n < digits + 1)
		return 0;
	for (i = 1; i <= digits; i++) {
		if ((h = hexval(s[i])) < 0)
			return 0;
		c = c << 4 | (uint32_t)h;
	}
	if (c == 0)
		return 0;
	if (s[0] == 'x') {
		out[0] = (char)c;
		*outlen = 1;
	} else {
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		*outlen = utf8_encode(c, out);
	}
	return digits + 1;
}

/*
 * extract_first_word(EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE) from S[*POS]
 * (N bytes) into K: blanks separate words, quotes may open anywhere in
 * a word and are removed, a backslash escapes inside quotes too.
 * Returns 1 for a word (*POS moves past the blanks after it), 0 when
 * none is left, -1 for an unterminated quote or a bad escape.
 */
static int
extract_word(const char *s, size_t n, size_t *pos, struct sink *k,
    const char **why)
{
	size_t	i = *pos, took, outlen;
	char	quote = 0, tmp[4];

	while (i < n && is_ws(s[i]))
		i++;
	if (i >= n) {
		*pos = n;
		return 0;
	}
	for (; i < n; i++) {
		if (s[i] == '\\') {
			if (i + 1 >= n) {
				*why = "trailing backslash";
				return -1;
			}
			took = unescape_one(s + i + 1, n - i - 1, tmp, &outlen);
			if (took == 0) {
				*why = "bad escape";
				return -1;
			}
			put(k, tmp, outlen);
			i += took;
		} else if (quote != 0) {
			if (s[i] == quote)
				quote = 0;
			else
				put(k, s + i, 1);
		} else if (s[i] == '"' || s[i] == '\'')
			quote = s[i];
		else if (is_ws(s[i]))
			break;
		else
			put(k, s + i, 1);
	}
	if (quote != 0) {
		*why = "unterminated quote";
		return -1;
	}
	while (i < n && is_ws(s[i]))
		i++;
	*pos = i;
	return 1;
}

/* Notes the specifiers of the word W: "%%" is a '%', a last '%' stays. */
static void
scan_word(struct unit_exec *x, const char *w, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		if (w[i] == '$')
			x->has_vars = true;
		if (w[i] != '%' || i + 1 >= n)
			continue;
		i++;
		if (w[i] == '%')
			continue;
		if (w[i] == '\0' || strchr(known_specifiers, w[i]) == NULL)
			x->bad_specifier = true;
		k = strlen(x->specifiers);
		if (memchr(x->specifiers, w[i], k) == NULL &&
		    k < UNIT_EXEC_SPEC_MAX) {
			x->specifiers[k] = w[i];
			x->specifiers[k + 1] = '\0';
		}
	}
}

/* The next word into X's buffer; *W is where it starts. */
static int
exec_word(struct unit_exec *x, const char *s, size_t n, size_t *pos,
    const char **w, size_t *wlen)
{
	struct sink	k = { x->buf, sizeof(x->buf), x->used, false };
	int		r;

	r = extract_word(s, n, pos, &k, &x->error);
	if (r <= 0)
		return r;
	if (k.full)
		x->truncated = true;
	if (k.used >= k.cap) {
		/* No room even for the NUL: the word is lost. */
		*w = NULL;
		*wlen = 0;
		return 1;
	}
	k.buf[k.used] = '\0';
	*w = x->buf + x->used;
	*wlen = k.used - x->used;
	x->used = k.used + 1;
	return 1;
}

static void
add_arg(struct unit_exec *x, const char *w)
{
	if (w == NULL)
		return;
	if (x->argc >= UNIT_EXEC_ARGV_MAX) {
		x->truncated = true;
		return;
	}
	x->argv[x->argc++] = w;
	x->argv[x->argc] = NULL;
}

/*
 * path_is_valid() for an absolute path, filename_is_valid() for a
 * name: systemd looks the latter up in its PATH.
 */
static bool
exec_path_ok(struct unit_exec *x, const char *path, size_t n)
{
	size_t	i, comp = 0;

	if (n == 0)
		x->error = "empty executable path";
	else if (!safe_string(path, n))
		x->error = "special characters in executable name";
	else if (path[n - 1] == '/')
		x->error = "executable path is a directory";
	else if (path[0] != '/' && (memchr(path, '/', n) != NULL ||
	    strcmp(path, ".") == 0 || strcmp(path, "..") == 0 || n > 255))
		x->error = "not an executable name nor an absolute path";
	else if (n >= 4096)
		x->error = "executable path too long";
	else {
		for (i = 0; i < n; i++) {
			comp = path[i] == '/' ? 0 : comp + 1;
			if (comp > 255) {
				x->error = "executable path too long";
				return false;
			}
		}
		return true;
	}
	return false;
}

int
unit_exec_next(const char *value, size_t len, size_t *pos,
    struct unit_exec *x)
{
	const char	*w, *f;
	size_t		 n, wlen, flen;
	int		 r;

	x->flags = 0;
	x->path = NULL;
	x->argc = 0;
	x->argv[0] = NULL;
	x->specifiers[0] = '\0';
	x->bad_specifier = x->has_vars = x->truncated = false;
	x->error = NULL;
	x->used = 0;
	if (value == NULL)
		return 0;
	n = strnlen(value, len);
	if (*pos > n)
		*pos = n;
	/* A lone ";" in the place of a command is skipped. */
	do {
		x->used = 0;
		if ((r = exec_word(x, value, n, pos, &w, &wlen)) <= 0)
			return r;
	} while (w != NULL && strcmp(w, ";") == 0 && wlen == 1);
	if (w == NULL) {
		x->error = "command too long";
		return -1;
	}
	for (f = w, flen = wlen; flen > 0; f++, flen--) {
		if (*f == '-' && !(x->flags & UNIT_EXEC_IGNORE_FAILURE))
			x->flags |= UNIT_EXEC_IGNORE_FAILURE;
		else if (*f == '@' && !(x->flags & UNIT_EXEC_ARGV0))
			x->flags |= UNIT_EXEC_ARGV0;
		else if (*f == ':' && !(x->flags & UNIT_EXEC_NO_ENV_EXPAND))
			x->flags |= UNIT_EXEC_NO_ENV_EXPAND;
		else if (*f == '+' && !(x->flags & (UNIT_EXEC_PRIVILEGED |
		    UNIT_EXEC_NO_SETUID | UNIT_EXEC_AMBIENT)))
			x->flags |= UNIT_EXEC_PRIVILEGED;
		else if (*f == '!' && !(x->flags & (UNIT_EXEC_PRIVILEGED |
		    UNIT_EXEC_NO_SETUID | UNIT_EXEC_AMBIENT)))
			x->flags |= UNIT_EXEC_NO_SETUID;
		else if (*f == '!' && !(x->flags & (UNIT_EXEC_PRIVILEGED |
		    UNIT_EXEC_AMBIENT))) {
			x->flags &= ~UNIT_EXEC_NO_SETUID;
			x->flags |= UNIT_EXEC_AMBIENT;
		} else if (*f == '|' && !(x->flags & UNIT_EXEC_VIA_SHELL))
			x->flags |= UNIT_EXEC_VIA_SHELL;
		else
			break;
	}
	x->path = f;
	scan_word(x, f, flen);
	if (!(x->flags & UNIT_EXEC_ARGV0))
		add_arg(x, f);
	while (*pos < n) {
		if (value[*pos] == ';' && (*pos + 1 >= n ||
		    is_ws(value[*pos + 1]))) {
			/* The lone ';' that ends this command. */
			(*pos)++;
			while (*pos < n && is_ws(value[*pos]))
				(*pos)++;
			break;
		}
		if (value[*pos] == '\\' && *pos + 1 < n &&
		    value[*pos + 1] == ';' && (*pos + 2 >= n ||
		    is_ws(value[*pos + 2]))) {
			/* "\;" is an argument ";". */
			*pos += 2;
			while (*pos < n && is_ws(value[*pos]))
				(*pos)++;
			if (x->used + 2 <= sizeof(x->buf)) {
				memcpy(x->buf + x->used, ";", 2);
				add_arg(x, x->buf + x->used);
				x->used += 2;
			} else
				x->truncated = true;
			continue;
		}
		if ((r = exec_word(x, value, n, pos, &w, &wlen)) < 0)
			return -1;
		if (r == 0)
			break;
		if (w != NULL)
			scan_word(x, w, wlen);
		add_arg(x, w);
	}
	if (!exec_path_ok(x, x->path, flen))
		return -1;
	if (x->argc == 0) {
		x->error = "empty executable name or zeroeth argument";
		return -1;
	}
	return 1;
}

/* env_name_is_valid(): a shell variable name. */
static bool
env_name_ok(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			return false;
	return true;
}

/* env_value_is_valid(): UTF-8, no control byte but tab and newline. */
static bool
env_value_ok(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] < ' ' && s[i] != '\t' &&
		    s[i] != '\n') || s[i] == 0x7f)
			return false;
	return utf8_ok(s, n);
}

int
unit_env_next(const char *value, size_t len, size_t *pos,
    struct unit_env *e)
{
	struct sink	 k = { e->buf, sizeof(e->buf), 0, false };
	const char	*why = NULL;
	char		*eq;
	size_t		 n;
	int		 r;

	e->name = e->value = "";
	e->valuelen = 0;
	e->valid = e->truncated = false;
	e->why = NULL;
	if (value == NULL)
		return 0;
	n = strnlen(value, len);
	if (*pos > n)
		*pos = n;
	r = extract_word(value, n, pos, &k, &why);
	if (r < 0) {
		e->why = why;
		*pos = n;
		return -1;
	}
	if (r == 0)
		return 0;
	e->truncated = k.full;
	e->buf[k.used] = '\0';
	eq = memchr(e->buf, '=', k.used);
	if (eq == NULL) {
		e->name = e->buf;
		e->why = "no '=' in environment assignment";
		return 1;
	}
	*eq = '\0';
	e->name = e->buf;
	e->value = eq + 1;
	e->valuelen = k.used - (size_t)(eq + 1 - e->buf);
	if (!env_name_ok(e->name, (size_t)(eq - e->buf)))
		e->why = "invalid environment variable name";
	else if (!env_value_ok(e->value, e->valuelen))
		e->why = "invalid environment variable value";
	else
		e->valid = true;
	return 1;
}

bool
unit_envfile(const char *value, size_t len, bool *optional,
    const char **path, size_t *pathlen)
{
	size_t	n = value != NULL ? strnlen(value, len) : 0;

	*optional = false;
	*path = value;
	*pathlen = n;
	if (n > 0 && value[0] == '-') {
		*optional = true;
		(*path)++;
		(*pathlen)--;
	}
	return *pathlen > 0 && (*path)[0] == '/';
}

const char *
unit_event_name(enum unit_event_kind kind)
{
	switch (kind) {
	case UNIT_SECTION:
		return "section";
	case UNIT_ASSIGN:
		return "assign";
	case UNIT_MALFORMED:
		return "malformed";
	}
	return "malformed";
}
