/*
 * history.c - command histories read the way the programs that wrote
 * them read them back (bash's lib/readline/histfile.c, zsh's Src/hist.c,
 * fish's history_file, libedit's history.c, vim's viminfo.c, less's
 * cmdbuf.c and mark.c, wget's hsts.c), fed in chunks cut anywhere
 */
#include <stdlib.h>
#include <string.h>

#include "rescue.h"
#include "util/util.h"
#include "history.h"

/* Room in a line for what comes before the text (": EPOCH:0;"...). */
#define LINE_SLACK	256
#define MAX_MIN		64
#define MAX_MAX		((size_t)64 << 20)
/* Buffers start this small and double up to their cap. */
#define BUF_START	256

/* Decoding an entry needs at its end, in this order. */
#define ENC_VIS		0x01	/* libedit strvis(3): "\040", "\\" */
#define ENC_ZSH		0x02	/* zsh metafication: 0x83 then c ^ 32 */
#define ENC_FISH	0x04	/* fish: "\\n" and "\\\\" */
#define ENC_NL01	0x08	/* psql: 0x01 stands for a newline */
#define ENC_VIM		0x10	/* viminfo: CTRL-V n, CTRL-V CTRL-V */
#define ENC_VIMBAR	0x20	/* viminfo "|2,": [>LEN]"..." quoted */

#define ZSH_META	0x83
#define CTRL_V		0x16

/* less's history sections; viminfo's. */
enum {
	SEC_OTHER,
	SEC_LESS_SEARCH,
	SEC_LESS_SHELL,
	SEC_LESS_MARK,
	SEC_VI_CMD,
	SEC_VI_SEARCH,
	SEC_VI_FILEMARKS,
	SEC_VI_JUMPLIST,
	SEC_VI_MARKS
};

static const char *const format_names[HIST_NFORMATS] = {
	"bash", "zsh", "fish", "tcsh", "sh", "python", "mysql", "psql",
	"sqlite", "redis-cli", "node", "less", "viminfo", "wget-hsts"
};

static const struct {
	const char		*name;
	enum history_format	 format;
} basenames[] = {
	{ ".bash_history",	HIST_BASH },
	{ ".zsh_history",	HIST_ZSH },
	{ ".zhistory",		HIST_ZSH },
	{ ".histfile",		HIST_ZSH },	/* zsh-newuser-install */
	{ "fish_history",	HIST_FISH },
	{ ".history",		HIST_TCSH },
	{ ".ash_history",	HIST_PLAIN },
	{ ".sh_history",	HIST_PLAIN },
	{ ".python_history",	HIST_PYTHON },
	{ ".mysql_history",	HIST_MYSQL },
	{ ".mariadb_history",	HIST_MYSQL },
	{ ".psql_history",	HIST_PSQL },
	{ ".sqlite_history",	HIST_SQLITE },
	{ ".rediscli_history",	HIST_REDIS },
	{ ".node_repl_history",	HIST_NODE },
	{ ".lesshst",		HIST_LESS },
	{ ".viminfo",		HIST_VIMINFO },
	{ "viminfo",		HIST_VIMINFO },	/* ~/.vim/viminfo */
	{ ".wget-hsts",		HIST_WGET_HSTS },
};

enum history_format
history_format_for(const char *name)
{
	size_t	i;

	if (name == NULL)
		return HIST_NONE;
	for (i = 0; i < sizeof(basenames) / sizeof(basenames[0]); i++)
		if (strcmp(name, basenames[i].name) == 0)
			return basenames[i].format;
	/* psql's HISTFILE is often "~/.psql_history-:DBNAME". */
	if (strncmp(name, ".psql_history-", 14) == 0)
		return HIST_PSQL;
	return HIST_NONE;
}

const char *
history_format_name(int f)
{
	if (f < 0 || f >= HIST_NFORMATS)
		return "unknown";
	return format_names[f];
}

const char *
history_kind_name(int k)
{
	switch (k) {
	case HIST_KIND_COMMAND:
		return "command";
	case HIST_KIND_SEARCH:
		return "search";
	case HIST_KIND_FILE:
		return "file";
	case HIST_KIND_HOST:
		return "host";
	}
	return "unknown";
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static bool
starts(const char *s, size_t n, const char *lit)
{
	size_t	l = strlen(lit);

	return n >= l && memcmp(s, lit, l) == 0;
}

/*
 * Seconds since 1970 from exactly the N bytes at S, all digits, at
 * most HIST_TIME_MAX.  Returns 0, or -1 (*T untouched) for anything
 * else: no digits, a sign, a stray byte, an overflow.
 */
static int
epoch(const char *s, size_t n, int64_t *t)
{
	int64_t	v = 0;
	size_t	i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > HIST_TIME_MAX)
			return -1;
	}
	*t = v;
	return 0;
}

/* How many digits S[0..N) starts with. */
static size_t
span_digits(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	return i;
}

static size_t
span_blanks(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

/* Whether S[0..N) is valid UTF-8: no overlong, surrogate or > U+10FFFF. */
static bool
utf8_valid(const unsigned char *s, size_t n)
{
	size_t		i = 0, k, need;
	uint32_t	cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			need = 1;
			cp = s[i] & 0x1f;
			min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			need = 2;
			cp = s[i] & 0x0f;
			min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			need = 3;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			return false;
		if (n - i <= need)
			return false;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

/*
 * The decoders work in place: none writes more bytes than it reads.
 * Each returns the new length.  A cut escape at the end (a truncated
 * entry) stays as it is.
 */

/* libedit's strvis(3) with VIS_WHITE, as unvis(3) reads it. */
static size_t
dec_vis(char *s, size_t n)
{
	size_t	i = 0, o = 0, k;
	int	c, v;

	while (i < n) {
		if (s[i] != '\\' || i + 1 == n) {
			s[o++] = s[i++];
			continue;
		}
		c = (unsigned char)s[i + 1];
		if (c >= '0' && c <= '7') {
			for (v = 0, k = i + 1; k < n && k < i + 4 &&
			    s[k] >= '0' && s[k] <= '7'; k++)
				v = v * 8 + (s[k] - '0');
			s[o++] = (char)(v & 0xff);
			i = k;
			continue;
		}
		switch (c) {
		case '\\':	v = '\\';	break;
		case 'n':	v = '\n';	break;
		case 't':	v = '\t';	break;
		case 'r':	v = '\r';	break;
		case 'b':	v = '\b';	break;
		case 'a':	v = '\a';	break;
		case 'v':	v = '\v';	break;
		case 'f':	v = '\f';	break;
		case 's':	v = ' ';	break;
		case 'E':	v = 033;	break;
		case 'M':
			/* "\M-c" is c | 0x80, "\M^c" a control | 0x80. */
			if (i + 3 < n && s[i + 2] == '-') {
				s[o++] = (char)((unsigned char)s[i + 3] | 0x80);
				i += 4;
				continue;
			}
			if (i + 3 < n && s[i + 2] == '^') {
				c = (unsigned char)s[i + 3];
				s[o++] = (char)((c == '?' ? 0x7f : c & 0x1f) |
				    0x80);
				i += 4;
				continue;
			}
			v = -1;
			break;
		case '^':
			if (i + 2 < n) {
				c = (unsigned char)s[i + 2];
				s[o++] = (char)(c == '?' ? 0x7f : c & 0x1f);
				i += 3;
				continue;
			}
			v = -1;
			break;
		default:
			v = -1;
			break;
		}
		if (v < 0) {
			/* Not vis(3): keep it as written. */
			s[o++] = s[i++];
			continue;
		}
		s[o++] = (char)v;
		i += 2;
	}
	return o;
}

/* zsh's unmetafy(): Meta (0x83) then the byte XOR 32. */
static size_t
dec_zsh(char *s, size_t n)
{
	size_t	i = 0, o = 0;

	while (i < n) {
		if ((unsigned char)s[i] == ZSH_META && i + 1 < n) {
			s[o++] = (char)(s[i + 1] ^ 32);
			i += 2;
		} else
			s[o++] = s[i++];
	}
	return o;
}

/*
 * fish's unescape_yaml_fish_2_0(): "\\\\" and "\\n".  fish drops the
 * rest of a line at any other escape; we keep it as written.
 */
static size_t
dec_fish(char *s, size_t n)
{
	size_t	i = 0, o = 0;

	while (i < n) {
		if (s[i] == '\\' && i + 1 < n &&
		    (s[i + 1] == '\\' || s[i + 1] == 'n')) {
			s[o++] = s[i + 1] == 'n' ? '\n' : '\\';
			i += 2;
		} else
			s[o++] = s[i++];
	}
	return o;
}

static size_t
dec_nl01(char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (s[i] == 0x01)
			s[i] = '\n';
	return n;
}

/* viminfo_readstring(): CTRL-V CTRL-V is CTRL-V, CTRL-V n a newline. */
static size_t
dec_vim(char *s, size_t n)
{
	size_t	i = 0, o = 0;

	while (i < n) {
		if (s[i] == CTRL_V && i + 1 < n) {
			s[o++] = s[i + 1] == 'n' ? '\n' : s[i + 1];
			i += 2;
		} else
			s[o++] = s[i++];
	}
	return o;
}

/*
 * barline_parse(): an optional ">LEN" (the string went on "|<" lines,
 * joined before this), then "..." with \\, \" and \n escapes.  What
 * is not quoted is kept as written.
 */
static size_t
dec_vimbar(char *s, size_t n)
{
	size_t	i = 0, o = 0;

	if (n > 0 && s[0] == '>') {
		i = 1 + span_digits(s + 1, n - 1);
		if (i == 1)
			i = 0;
	}
	if (i >= n || s[i] != '"') {
		memmove(s, s + i, n - i);
		return n - i;
	}
	for (i++; i < n && s[i] != '"'; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			s[o++] = s[i] == 'n' ? '\n' : s[i];
		} else
			s[o++] = s[i];
	}
	return o;
}

/* Grow *BUF to hold WANT bytes, doubling, never past CAP. */
static void
grow(char **buf, size_t *have, size_t want, size_t cap)
{
	size_t	n = *have ? *have : BUF_START;

	if (want <= *have)
		return;
	while (n < want)
		n *= 2;
	if (n > cap)
		n = cap;
	*buf = xrealloc(*buf, n);
	*have = n;
}

static void
entry_emit(struct history_parser *p)
{
	struct history_entry	 e;
	size_t			 n = p->textlen;
	int			 r;

	if (!p->pending)
		return;
	p->pending = false;
	p->cont = p->vi_long = p->vi_bar = false;
	if (p->stop != 0)
		return;
	if (p->enc & ENC_VIS)
		n = dec_vis(p->text, n);
	if (p->enc & ENC_ZSH)
		n = dec_zsh(p->text, n);
	if (p->enc & ENC_FISH)
		n = dec_fish(p->text, n);
	if (p->enc & ENC_NL01)
		n = dec_nl01(p->text, n);
	if (p->enc & ENC_VIM)
		n = dec_vim(p->text, n);
	if (p->enc & ENC_VIMBAR)
		n = dec_vimbar(p->text, n);
	memset(&e, 0, sizeof(e));
	e.text = n > 0 ? p->text : "";
	e.len = n;
	e.time = p->time;
	e.duration = p->duration;
	e.line = p->eline;
	e.kind = p->kind;
	e.flags = p->eflags;
	if (!utf8_valid((const unsigned char *)e.text, n))
		e.flags |= HIST_F_BAD_UTF8;
	p->entries++;
	if (e.flags & HIST_F_TRUNCATED)
		p->truncated++;
	if ((r = p->fn(&e, p->arg)) != 0)
		p->stop = r;
}

/* Start an entry on the current line; the one before goes out. */
static void
entry_begin(struct history_parser *p, int kind, unsigned enc)
{
	entry_emit(p);
	p->pending = true;
	p->textlen = 0;
	p->time = TIME_NONE;
	p->duration = -1;
	p->eline = p->lineno;
	p->kind = kind;
	p->eflags = p->lineflags;
	p->enc = enc;
}

/* Add N bytes of the current line; what passes p->max is cut. */
static void
entry_add(struct history_parser *p, const char *s, size_t n)
{
	size_t	room = p->max - p->textlen;

	p->eflags |= p->lineflags;
	if (n > room) {
		n = room;
		p->eflags |= HIST_F_TRUNCATED;
	}
	if (n == 0)
		return;
	grow(&p->text, &p->textcap, p->textlen + n, p->max);
	memcpy(p->text + p->textlen, s, n);
	p->textlen += n;
}

/* A whole entry of one line. */
static void
entry_line(struct history_parser *p, int kind, unsigned enc,
    const char *s, size_t n)
{
	entry_begin(p, kind, enc);
	entry_add(p, s, n);
	entry_emit(p);
}

/*
 * bash (and tcsh with PREFIX "#+"): a stamp line, bash's
 * HIST_TIMESTAMP_START, is '#' and a digit; it dates the command on the
 * next line and is no command itself, whatever follows the digit (a
 * stamp bash cannot read, "#12x" or 30 digits, dates nothing here:
 * HIST_F_BAD_TIME).  A later stamp replaces one still waiting; one
 * that no command follows is dropped, as bash drops it.  Empty lines
 * are skipped, as bash skips them.
 *
 * With lithist, bash writes a multi-line command as its lines under one
 * stamp, and when the file's first line is a stamp it reads every line
 * without a stamp of its own into the entry before.  We join from the
 * first stamp on (HIST_F_JOINED), so that a file whose first commands
 * predate HISTTIMEFORMAT keeps its later multi-line commands whole
 * where bash would split them.  Lines a shell without HISTTIMEFORMAT
 * appended after stamped ones are joined too, as bash joins them: the
 * flag is how to tell.
 */
static void
line_stamped(struct history_parser *p, const char *s, size_t n,
    const char *prefix, bool join)
{
	size_t	pl = strlen(prefix);

	if (n == 0)
		return;
	if (n > pl && memcmp(s, prefix, pl) == 0 &&
	    is_digit((unsigned char)s[pl])) {
		entry_emit(p);
		p->stamp = true;
		p->joining = join;
		p->stamp_flags = p->lineflags & (HIST_F_NUL | HIST_F_TRUNCATED);
		p->stamp_time = TIME_NONE;
		if ((p->lineflags & HIST_F_TRUNCATED) ||
		    epoch(s + pl, n - pl, &p->stamp_time) != 0) {
			p->stamp_time = TIME_NONE;
			p->stamp_flags |= HIST_F_BAD_TIME;
			/* Only the stamp was cut, not the command. */
			p->stamp_flags &= ~HIST_F_TRUNCATED;
		}
		return;
	}
	if (p->stamp) {
		entry_begin(p, HIST_KIND_COMMAND, 0);
		p->time = p->stamp_time;
		p->eflags |= p->stamp_flags;
		p->stamp = false;
	} else if (p->joining && p->pending) {
		entry_add(p, "\n", 1);
		p->eflags |= HIST_F_JOINED;
	} else
		entry_begin(p, HIST_KIND_COMMAND, 0);
	entry_add(p, s, n);
	if (!p->joining)
		entry_emit(p);
}

/*
 * zsh: a line ending in a backslash goes on with the next, the
 * backslash read as a newline (readhistline()), even at the end of the
 * file.  With EXTENDED_HISTORY a line is ": START:ELAPSED;command";
 * START 0 is zsh's own "unknown".  zsh writes a plain command that
 * starts with ':' as "\:", so a ':' line that does not read as a stamp
 * is a damaged one (HIST_F_BAD_TIME, the whole line kept as text).
 */
static void
line_zsh(struct history_parser *p, const char *s, size_t n, bool nl)
{
	bool	cont = nl && p->lastc == '\\';
	size_t	i, d1, d2;
	int64_t	t, dur;

	if (cont && n > 0 && s[n - 1] == '\\' &&
	    !(p->lineflags & HIST_F_TRUNCATED))
		n--;
	if (p->cont && p->pending) {
		entry_add(p, s, n);
	} else {
		if (n == 0 && !cont)
			return;
		entry_begin(p, HIST_KIND_COMMAND, ENC_ZSH);
		if (n > 0 && s[0] == ':') {
			i = 1;
			i += span_blanks(s + i, n - i);
			d1 = span_digits(s + i, n - i);
			if (d1 > 0 && i + d1 < n && s[i + d1] == ':' &&
			    epoch(s + i, d1, &t) == 0 &&
			    (d2 = span_digits(s + i + d1 + 1,
			    n - i - d1 - 1)) > 0 &&
			    i + d1 + 1 + d2 < n && s[i + d1 + 1 + d2] == ';' &&
			    epoch(s + i + d1 + 1, d2, &dur) == 0) {
				p->time = t == 0 ? TIME_NONE : t;
				p->duration = dur;
				i += d1 + 1 + d2 + 1;
				s += i;
				n -= i;
			} else
				p->eflags |= HIST_F_BAD_TIME;
		} else if (n >= 2 && s[0] == '\\' && s[1] == ':') {
			s++;
			n--;
		}
		entry_add(p, s, n);
	}
	if (cont)
		entry_add(p, "\n", 1);
	p->cont = cont;
	if (!cont)
		entry_emit(p);
}

/*
 * fish 2.0 and later: "- cmd: TEXT" starts an entry, indented
 * "when: EPOCH" dates it, an indented "paths:" list (files the command
 * named that existed) is passed over.  Any other line at column 0 ends
 * the entry; fish 1.x's "# EPOCH" lines are not read.
 */
static void
line_fish(struct history_parser *p, const char *s, size_t n)
{
	size_t	i;

	if (starts(s, n, "- cmd:")) {
		i = 6;
		if (i < n && s[i] == ' ')
			i++;
		entry_begin(p, HIST_KIND_COMMAND, ENC_FISH);
		entry_add(p, s + i, n - i);
		return;
	}
	if (n > 0 && s[0] == ' ' && p->pending) {
		i = span_blanks(s, n);
		if (starts(s + i, n - i, "when:")) {
			i += 5;
			i += span_blanks(s + i, n - i);
			if ((p->lineflags & HIST_F_TRUNCATED) ||
			    epoch(s + i, n - i, &p->time) != 0) {
				p->time = TIME_NONE;
				p->eflags |= HIST_F_BAD_TIME;
			} else
				p->eflags &= ~HIST_F_BAD_TIME;
		}
		return;
	}
	entry_emit(p);
	if (n > 0 && s[0] != '#')
		p->bad_lines++;
}

/*
 * One command a line: ash, dash, readline (python, sqlite3, MariaDB's
 * mysql, psql), linenoise (redis-cli), node.  libedit (Oracle's
 * mysql, some pythons and sqlite3s) writes "_HiStOrY_V2_" first and
 * strvis(3)-encodes each line.
 */
static void
line_plain(struct history_parser *p, const char *s, size_t n)
{
	unsigned	enc = 0;

	if (p->lineno == 1 && n == 12 && memcmp(s, "_HiStOrY_V2_", 12) == 0) {
		p->libedit = true;
		return;
	}
	if (n == 0)
		return;
	if (p->libedit)
		enc |= ENC_VIS;
	if (p->format == HIST_PSQL)
		enc |= ENC_NL01;
	entry_line(p, HIST_KIND_COMMAND, enc, s, n);
}

/*
 * less: ".less-history-file:", then ".search" and ".shell" sections of
 * '"'-prefixed lines, and since less 590 ".mark" lines "m LETTER LINE
 * POS FILE" when marks are kept.
 */
static void
line_less(struct history_parser *p, const char *s, size_t n)
{
	size_t	i;

	if (n == 0)
		return;
	if (s[0] == '.') {
		if (n == 7 && memcmp(s, ".search", 7) == 0)
			p->section = SEC_LESS_SEARCH;
		else if (n == 6 && memcmp(s, ".shell", 6) == 0)
			p->section = SEC_LESS_SHELL;
		else if (n == 5 && memcmp(s, ".mark", 5) == 0)
			p->section = SEC_LESS_MARK;
		else
			p->section = SEC_OTHER;
		return;
	}
	if (s[0] == '"' && p->section == SEC_LESS_SEARCH) {
		entry_line(p, HIST_KIND_SEARCH, 0, s + 1, n - 1);
		return;
	}
	if (s[0] == '"' && p->section == SEC_LESS_SHELL) {
		entry_line(p, HIST_KIND_COMMAND, 0, s + 1, n - 1);
		return;
	}
	if (p->section == SEC_LESS_MARK && n >= 3 && s[0] == 'm' &&
	    s[1] == ' ') {
		/* "m", the letter, the screen line, the position */
		i = 3;
		i += span_blanks(s + i, n - i);
		if (span_digits(s + i, n - i) > 0) {
			i += span_digits(s + i, n - i);
			i += span_blanks(s + i, n - i);
			if (span_digits(s + i, n - i) > 0) {
				i += span_digits(s + i, n - i);
				i += span_blanks(s + i, n - i);
				if (i < n) {
					entry_line(p, HIST_KIND_FILE, 0,
					    s + i, n - i);
					return;
				}
			}
		}
	}
	p->bad_lines++;
}

/*
 * An entry from an old-style viminfo line: TEXT, or the CTRL-V LEN
 * that says the text is on the next line, after a '<'.
 */
static void
vi_begin(struct history_parser *p, int kind, const char *s, size_t n)
{
	entry_begin(p, kind, ENC_VIM);
	if (n >= 2 && s[0] == CTRL_V && is_digit((unsigned char)s[1])) {
		p->vi_long = true;
		return;
	}
	entry_add(p, s, n);
}

/* "'0  LNUM  COL  FILE" (file marks) or "-'  LNUM  COL  FILE" (jumps). */
static void
vi_mark(struct history_parser *p, const char *s, size_t n)
{
	size_t	i = 2, d;

	i += span_blanks(s + i, n - i);
	if ((d = span_digits(s + i, n - i)) == 0)
		goto bad;
	i += d;
	i += span_blanks(s + i, n - i);
	if ((d = span_digits(s + i, n - i)) == 0)
		goto bad;
	i += d;
	if (i == n || !is_blank((unsigned char)s[i]))
		goto bad;
	i += span_blanks(s + i, n - i);
	vi_begin(p, HIST_KIND_FILE, s + i, n - i);
	return;
bad:
	p->bad_lines++;
}

/* The next comma-separated number of a bar line; false if none. */
static bool
vi_field(const char *s, size_t n, size_t *i, int64_t *v, bool *ok)
{
	size_t	d = span_digits(s + *i, n - *i);

	*ok = d > 0 && epoch(s + *i, d, v) == 0;
	*i += d;
	if (*i >= n || s[*i] != ',')
		return false;
	(*i)++;
	return true;
}

/*
 * Vim 8's bar lines.  "|2,TYPE,TIME,SEP,STRING" follows each history
 * line and dates it (TYPE 0 commands, 1 searches); alone, it is the
 * entry.  "|4,NAME,LNUM,COL,TIME,FILE" follows a file mark or jump.
 * Other bar lines (version, registers, buffers) are passed over.
 */
static void
vi_bar(struct history_parser *p, const char *s, size_t n)
{
	int64_t	type, sub = -1, pos, t = TIME_NONE;
	bool	ok, tok = false;
	size_t	i = 1;
	int	kind;

	if (!vi_field(s, n, &i, &type, &ok) || !ok)
		return;
	if (type == 2) {
		if (!vi_field(s, n, &i, &sub, &ok) || !ok ||
		    !vi_field(s, n, &i, &t, &tok))
			return;
		if (sub == 0)
			kind = HIST_KIND_COMMAND;
		else if (sub == 1)
			kind = HIST_KIND_SEARCH;
		else
			return;
		/* The separator: empty or a number. */
		i += span_digits(s + i, n - i);
		if (i >= n || s[i] != ',')
			return;
		i++;
	} else if (type == 4) {
		/* The mark's name, line and column. */
		if (!vi_field(s, n, &i, &sub, &ok) ||
		    !vi_field(s, n, &i, &pos, &ok) ||
		    !vi_field(s, n, &i, &pos, &ok))
			return;
		(void)vi_field(s, n, &i, &t, &tok);
		kind = HIST_KIND_FILE;
	} else
		return;
	if (p->pending && !p->vi_bar && !p->vi_long && p->kind == kind &&
	    p->time == TIME_NONE && !(p->eflags & HIST_F_BAD_TIME)) {
		if (!tok || (p->lineflags & HIST_F_TRUNCATED))
			p->eflags |= HIST_F_BAD_TIME;
		else if (t != 0)	/* vim's 0: read from an old file */
			p->time = t;
		p->eflags |= p->lineflags & HIST_F_NUL;
		entry_emit(p);
		return;
	}
	if (type != 2)
		return;
	entry_begin(p, kind, ENC_VIMBAR);
	p->vi_bar = true;
	if (!tok)
		p->eflags |= HIST_F_BAD_TIME;
	else if (t != 0)
		p->time = t;
	entry_add(p, s + i, n - i);
}

static int
vi_section(const char *s, size_t n)
{
	if (starts(s, n, "# Command Line History"))
		return SEC_VI_CMD;
	if (starts(s, n, "# Search String History"))
		return SEC_VI_SEARCH;
	if (starts(s, n, "# File marks"))
		return SEC_VI_FILEMARKS;
	if (starts(s, n, "# Jumplist"))
		return SEC_VI_JUMPLIST;
	if (starts(s, n, "# History of marks within files"))
		return SEC_VI_MARKS;
	return SEC_OTHER;
}

/*
 * viminfo: "# " headers name the sections; each history line starts
 * with its type (':' commands; '?' and the separator for searches),
 * then bar lines may date it.  A file mark names its file; "> FILE"
 * starts a file's marks, whose "\t*\tTIME\t0" line (vim 8) is when the
 * file was last used.  Expression, input and debug histories and the
 * registers are not read.
 */
static void
line_viminfo(struct history_parser *p, const char *s, size_t n)
{
	int64_t	t;
	size_t	i;

	if (n > 0 && s[0] == '|') {
		if (n >= 2 && s[1] == '<') {
			/* The string of a bar line goes on. */
			if (p->pending && p->vi_bar)
				entry_add(p, s + 2, n - 2);
			return;
		}
		vi_bar(p, s, n);
		return;
	}
	if (p->vi_long && p->pending) {
		p->vi_long = false;
		if (n > 0 && s[0] == '<') {
			entry_add(p, s + 1, n - 1);
			return;
		}
	}
	if (n > 0 && s[0] == '\t') {
		if (p->section == SEC_VI_MARKS && p->pending &&
		    p->kind == HIST_KIND_FILE && !p->vi_bar &&
		    !(p->eflags & HIST_F_BAD_TIME) && starts(s, n, "\t*\t")) {
			i = 3 + span_digits(s + 3, n - 3);
			if (i > 3 && epoch(s + 3, i - 3, &t) == 0 && t != 0)
				p->time = t;
		}
		return;
	}
	entry_emit(p);
	if (n == 0)
		return;
	if (s[0] == '#') {
		p->section = vi_section(s, n);
		return;
	}
	switch (p->section) {
	case SEC_VI_CMD:
		if (s[0] == ':')
			vi_begin(p, HIST_KIND_COMMAND, s + 1, n - 1);
		break;
	case SEC_VI_SEARCH:
		if (s[0] == '?' && n >= 2)
			vi_begin(p, HIST_KIND_SEARCH, s + 2, n - 2);
		break;
	case SEC_VI_FILEMARKS:
		if (s[0] == '\'' && n >= 2)
			vi_mark(p, s, n);
		break;
	case SEC_VI_JUMPLIST:
		if (s[0] == '-' && n >= 2 && s[1] == '\'')
			vi_mark(p, s, n);
		break;
	case SEC_VI_MARKS:
		if (s[0] == '>') {
			i = 1 + span_blanks(s + 1, n - 1);
			vi_begin(p, HIST_KIND_FILE, s + i, n - i);
		}
		break;
	}
}

/*
 * wget's HSTS database: "HOST PORT INCLUDE_SUBDOMAINS CREATED MAX_AGE"
 * (hsts.c writes tabs, reads any blanks).  Each host is an entry dated
 * when wget first saw its HSTS header; port 0 is the default (443).
 */
static void
line_hsts(struct history_parser *p, const char *s, size_t n)
{
	size_t	i, host, d[4], at[4];
	int	k;

	if (n == 0 || s[0] == '#')
		return;
	i = span_blanks(s, n);
	at[0] = i;
	while (i < n && !is_blank((unsigned char)s[i]))
		i++;
	host = i - at[0];
	for (k = 0; k < 4; k++) {
		if (span_blanks(s + i, n - i) == 0)
			goto bad;
		i += span_blanks(s + i, n - i);
		at[k] = i;
		if ((d[k] = span_digits(s + i, n - i)) == 0)
			goto bad;
		i += d[k];
	}
	if (host == 0 || span_blanks(s + i, n - i) != n - i)
		goto bad;
	entry_begin(p, HIST_KIND_HOST, 0);
	i = span_blanks(s, n);
	entry_add(p, s + i, host);
	if (d[0] != 1 || s[at[0]] != '0') {
		entry_add(p, ":", 1);
		entry_add(p, s + at[0], d[0]);
	}
	if (epoch(s + at[2], d[2], &p->time) != 0) {
		p->time = TIME_NONE;
		p->eflags |= HIST_F_BAD_TIME;
	}
	entry_emit(p);
	return;
bad:
	p->bad_lines++;
}

/* A whole line (without its newline); NL false for a last line. */
static void
line_done(struct history_parser *p, bool nl)
{
	const char	*s = p->line;
	size_t		 n = p->linelen;

	if (!nl)
		p->lineflags |= HIST_F_NO_NEWLINE;
	/* CRLF files (edited elsewhere, or bash's own "\r\n" check). */
	if (n > 0 && s[n - 1] == '\r' && !(p->lineflags & HIST_F_TRUNCATED))
		n--;
	if (n == 0)
		s = "";
	p->lines++;
	switch (p->format) {
	case HIST_BASH:
		line_stamped(p, s, n, "#", true);
		break;
	case HIST_TCSH:
		line_stamped(p, s, n, "#+", false);
		break;
	case HIST_ZSH:
		line_zsh(p, s, n, nl);
		break;
	case HIST_FISH:
		line_fish(p, s, n);
		break;
	case HIST_LESS:
		line_less(p, s, n);
		break;
	case HIST_VIMINFO:
		line_viminfo(p, s, n);
		break;
	case HIST_WGET_HSTS:
		line_hsts(p, s, n);
		break;
	default:
		line_plain(p, s, n);
		break;
	}
	p->linelen = 0;
	p->lineflags = 0;
	p->lastc = 0;
	p->midline = false;
	p->lineno++;
}

/* Bytes of the current line, no newline among them. */
static void
line_add(struct history_parser *p, const char *s, size_t n)
{
	size_t	cap = p->max + LINE_SLACK, k, room;
	const char *z;

	if (n == 0)
		return;
	p->midline = true;
	p->lastc = (unsigned char)s[n - 1];
	while (n > 0) {
		z = memchr(s, '\0', n);
		k = z != NULL ? (size_t)(z - s) : n;
		room = cap - p->linelen;
		if (k > room) {
			p->lineflags |= HIST_F_TRUNCATED;
			k = room;
		}
		if (k > 0) {
			grow(&p->line, &p->linecap, p->linelen + k, cap);
			memcpy(p->line + p->linelen, s, k);
			p->linelen += k;
		}
		if (z == NULL)
			return;
		/* Skip this run of NULs. */
		k = (size_t)(z - s);
		while (k < n && s[k] == '\0')
			k++;
		p->nul_bytes += k - (size_t)(z - s);
		p->lineflags |= HIST_F_NUL;
		s += k;
		n -= k;
	}
}

void
history_parser_init(struct history_parser *p, enum history_format format,
    size_t max, history_fn *fn, void *arg)
{
	memset(p, 0, sizeof(*p));
	if ((int)format < 0 || format >= HIST_NFORMATS)
		format = HIST_PLAIN;
	p->format = format;
	if (max < MAX_MIN)
		max = MAX_MIN;
	if (max > MAX_MAX)
		max = MAX_MAX;
	p->max = max;
	p->fn = fn;
	p->arg = arg;
	p->lineno = 1;
	p->time = p->stamp_time = TIME_NONE;
	p->duration = -1;
}

int
history_parser_feed(struct history_parser *p, const void *buf, size_t len)
{
	const char	*s = buf, *end, *nl;

	if (len == 0 || p->stop != 0)
		return p->stop;
	end = s + len;
	while (s < end && p->stop == 0) {
		nl = memchr(s, '\n', (size_t)(end - s));
		line_add(p, s, (size_t)((nl != NULL ? nl : end) - s));
		if (nl == NULL)
			break;
		line_done(p, true);
		s = nl + 1;
	}
	return p->stop;
}

int
history_parser_finish(struct history_parser *p)
{
	if (p->stop != 0)
		return p->stop;
	if (p->midline)
		line_done(p, false);
	entry_emit(p);
	return p->stop;
}

void
history_parser_release(struct history_parser *p)
{
	if (p == NULL)
		return;
	free(p->line);
	free(p->text);
	p->line = p->text = NULL;
	p->linecap = p->textcap = 0;
}
