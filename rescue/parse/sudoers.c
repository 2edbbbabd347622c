/*
 * sudoers.c - a sudoers(5) reader after sudo's own lexer (toke.l):
 * logical lines, comments and uids, Defaults, aliases, user specs
 */
#include <stdlib.h>
#include <string.h>

#include "parse/sudoers.h"
#include "util/util.h"

struct priv {
	size_t	 host0, nhost;
	size_t	 cmnd0, ncmnd;
};

struct alias_def {
	const char	*name;
	size_t		 mem0, nmem;
};

/* One pass; every array is reused from line to line. */
struct sdstate {
	char			*line;		/* the logical line */
	size_t			 linelen, linecap;
	bool			 in_quote;
	const char		*bad;		/* why the line is refused */
	char			*out;		/* unescaped strings */
	size_t			 outlen, outcap;
	const char		**str;
	size_t			 nstr, strcap;
	struct sudoers_cmnd	*cmnd;
	size_t			 ncmnd, cmndcap;
	struct sudoers_default	*def;
	size_t			 ndef, defcap;
	struct priv		*priv;
	size_t			 npriv, privcap;
	struct alias_def	*adef;
	size_t			 nadef, adefcap;
	const char		*err;
};

/* Make room in ARR, of CAP elements, for one more than N. */
#define GROW(arr, n, cap) do {						\
	if ((n) >= (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 16;				\
		(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));	\
	}								\
} while (0)

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* toke.l's WORD: anything but #>!=:,() blanks, backslash and quote. */
static bool
word_char(char c)
{
	return c != '\0' && strchr("#>!=:,() \t\r\n\\\"", c) == NULL;
}

static const char *
skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/*
 * The arena holds every string of a line.  It is sized before the line
 * is parsed and never moves; a string is never longer than its source,
 * so it cannot fill, but a full arena truncates rather than overflows.
 */
static char *
out_start(struct sdstate *st)
{
	return st->out + st->outlen;
}

static void
out_put(struct sdstate *st, char c)
{
	if (st->outlen + 1 < st->outcap)
		st->out[st->outlen++] = c;
}

static const char *
out_end(struct sdstate *st, char *start)
{
	if (st->outlen < st->outcap)
		st->out[st->outlen++] = '\0';
	else
		st->out[st->outcap - 1] = '\0';
	return start;
}

static void
push_str(struct sdstate *st, const char *s)
{
	GROW(st->str, st->nstr, st->strcap);
	st->str[st->nstr++] = s;
}

/* Whether P starts with the keyword W, not followed by a word char. */
static bool
keyword_at(const char *p, const char *w)
{
	size_t	n = strlen(w);

	return strncmp(p, w, n) == 0 && !word_char(p[n]);
}

/*
 * A double-quoted string at P (on the quote): its body unescaped into
 * the arena.  Returns the end or NULL when unterminated.
 */
static const char *
read_quoted(struct sdstate *st, const char *p)
{
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return NULL;
		if (*p == '\\' && p[1] != '\0')
			p++;
		out_put(st, *p);
	}
	return p + 1;
}

#define IPV6_CHARS	"0123456789abcdefABCDEF:."

/* Whether every byte in [S, END) is one of SET. */
static bool
all_of(const char *s, const char *end, const char *set)
{
	for (; s < end; s++)
		if (*s == '\0' || strchr(set, *s) == NULL)
			return false;
	return true;
}

/*
 * One list item: '!'s (an odd number keep one), then a quoted string
 * or a word, "%:" and a leading uid "#123" allowed; in a host list
 * ':' may join IPv6 digits.  Returns NULL with st->err set on error.
 */
static const char *
read_item(struct sdstate *st, const char *p, bool host, const char **ret)
{
	char		*start = out_start(st), *w;
	unsigned	 bangs = 0;

	for (;;) {
		p = skip_blanks(p);
		if (*p != '!')
			break;
		bangs++;
		p++;
	}
	if (bangs & 1)
		out_put(st, '!');
	w = out_start(st);
	if (*p == '"') {
		if ((p = read_quoted(st, p)) == NULL) {
			st->err = "unterminated string";
			return NULL;
		}
		*ret = out_end(st, start);
		return p;
	}
	if (p[0] == '%' && p[1] == ':') {
		out_put(st, *p++);
		out_put(st, *p++);
	} else if (p[0] == '%')
		out_put(st, *p++);
	if (p[0] == '#' && (is_digit(p[1]) || (p[1] == '-' &&
	    is_digit(p[2]))))
		out_put(st, *p++);
	for (;;) {
		if (*p == '\\' && p[1] != '\0' && p[1] != '\t') {
			out_put(st, p[1]);
			p += 2;
		} else if (word_char(*p)) {
			out_put(st, *p++);
		} else if (host && *p == ':' && p[1] != '\0' &&
		    strchr(IPV6_CHARS, p[1]) != NULL &&
		    all_of(w, out_start(st), IPV6_CHARS)) {
			out_put(st, *p++);	/* fe80::1 */
		} else
			break;
	}
	if (out_start(st) == w) {
		st->err = *p == '\0' ? "unexpected end of line" :
		    "unexpected character";
		return NULL;
	}
	*ret = out_end(st, start);
	return p;
}

/*
 * Items separated by ',' (blanks around it allowed) into st->str.
 * Returns the end, or NULL with st->err set.
 */
static const char *
read_list(struct sdstate *st, const char *p, bool host, size_t *n)
{
	const char	*item, *q;

	*n = 0;
	for (;;) {
		if ((p = read_item(st, p, host, &item)) == NULL)
			return NULL;
		push_str(st, item);
		(*n)++;
		q = skip_blanks(p);
		if (*q != ',')
			return p;
		p = q + 1;
	}
}

/*
 * The Runas_Spec at P (on the '('): "users : groups" as written,
 * trimmed.  Returns the end or NULL.
 */
static const char *
read_runas(struct sdstate *st, const char *p, const char **users,
    const char **groups)
{
	const char	**dst = users;
	char		*start;
	bool		 quote = false;

	*users = NULL;
	*groups = NULL;
	p = skip_blanks(p + 1);
	start = out_start(st);
	for (;; p++) {
		if (*p == '\0') {
			st->err = "unterminated Runas_Spec";
			return NULL;
		}
		if (*p == '\\' && p[1] != '\0') {
			out_put(st, *p++);
		} else if (*p == '"') {
			quote = !quote;
		} else if (!quote && (*p == ':' || *p == ')')) {
			while (out_start(st) > start &&
			    is_blank(out_start(st)[-1]))
				st->outlen--;
			*dst = out_end(st, start);
			if (*p == ')')
				return p + 1;
			dst = groups;
			p = skip_blanks(p + 1) - 1;
			start = out_start(st);
			continue;
		}
		out_put(st, *p);
	}
}

static const struct {
	const char	*name;
	unsigned	 on, off;
} tags[] = {
	{ "NOPASSWD", SUDOERS_TAG_NOPASSWD, SUDOERS_TAG_PASSWD },
	{ "PASSWD", SUDOERS_TAG_PASSWD, SUDOERS_TAG_NOPASSWD },
	{ "NOEXEC", SUDOERS_TAG_NOEXEC, SUDOERS_TAG_EXEC },
	{ "EXEC", SUDOERS_TAG_EXEC, SUDOERS_TAG_NOEXEC },
	{ "SETENV", SUDOERS_TAG_SETENV, SUDOERS_TAG_NOSETENV },
	{ "NOSETENV", SUDOERS_TAG_NOSETENV, SUDOERS_TAG_SETENV },
	{ "LOG_INPUT", SUDOERS_TAG_LOG_INPUT, SUDOERS_TAG_NOLOG_INPUT },
	{ "NOLOG_INPUT", SUDOERS_TAG_NOLOG_INPUT, SUDOERS_TAG_LOG_INPUT },
	{ "LOG_OUTPUT", SUDOERS_TAG_LOG_OUTPUT, SUDOERS_TAG_NOLOG_OUTPUT },
	{ "NOLOG_OUTPUT", SUDOERS_TAG_NOLOG_OUTPUT, SUDOERS_TAG_LOG_OUTPUT },
	{ "MAIL", SUDOERS_TAG_MAIL, SUDOERS_TAG_NOMAIL },
	{ "NOMAIL", SUDOERS_TAG_NOMAIL, SUDOERS_TAG_MAIL },
	{ "FOLLOW", SUDOERS_TAG_FOLLOW, SUDOERS_TAG_NOFOLLOW },
	{ "NOFOLLOW", SUDOERS_TAG_NOFOLLOW, SUDOERS_TAG_FOLLOW },
	{ "INTERCEPT", SUDOERS_TAG_INTERCEPT, SUDOERS_TAG_NOINTERCEPT },
	{ "NOINTERCEPT", SUDOERS_TAG_NOINTERCEPT, SUDOERS_TAG_INTERCEPT },
};

/* A tag at P ("NOPASSWD :"): applies it to *T and returns the end. */
static const char *
read_tag(const char *p, unsigned *t)
{
	const char	*q;
	size_t		 i, n;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		n = strlen(tags[i].name);
		if (strncmp(p, tags[i].name, n) != 0)
			continue;
		q = skip_blanks(p + n);
		if (*q != ':')
			continue;
		*t = (*t & ~tags[i].off) | tags[i].on;
		return q + 1;
	}
	return NULL;
}

/* A Cmnd_Spec option ("CWD=/tmp", "TIMEOUT=5m"): skipped, its end. */
static const char *
skip_option(struct sdstate *st, const char *p)
{
	static const char *const opts[] = { "CWD", "CHROOT", "TIMEOUT",
	    "NOTBEFORE", "NOTAFTER", "ROLE", "TYPE", "APPARMOR_PROFILE",
	    "PRIVS", "LIMITPRIVS" };
	const char	*q, *item;
	size_t		 i, n;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		n = strlen(opts[i]);
		if (strncmp(p, opts[i], n) != 0)
			continue;
		q = skip_blanks(p + n);
		if (*q != '=')
			continue;
		q = skip_blanks(q + 1);
		if (*q == '/' || *q == '~' || *q == '*') {
			while (*q != '\0' && !is_blank(*q) && *q != ',' &&
			    *q != ':')
				q++;
			return q;
		}
		return read_item(st, q, false, &item);
	}
	return NULL;
}

static bool
is_digest_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    is_digit(c) || c == '+' || c == '/' || c == '=';
}

/* "sha224:" ... at P: the digest into *RET (first one only), the end. */
static const char *
read_digest(struct sdstate *st, const char *p, const char **ret)
{
	static const char *const alg[] = { "sha224", "sha256", "sha384",
	    "sha512" };
	const char	*q;
	char		*start;
	size_t		 i;

	for (i = 0; i < sizeof(alg) / sizeof(alg[0]); i++) {
		if (strncmp(p, alg[i], 6) != 0)
			continue;
		q = skip_blanks(p + 6);
		if (*q != ':')
			continue;
		q = skip_blanks(q + 1);
		start = out_start(st);
		if (*ret == NULL) {
			for (p = alg[i]; *p != '\0'; p++)
				out_put(st, *p);
			out_put(st, ':');
		}
		while (is_digest_char(*q)) {
			if (*ret == NULL)
				out_put(st, *q);
			q++;
		}
		if (*ret == NULL)
			*ret = out_end(st, start);
		return q;
	}
	return NULL;
}

/*
 * The command path or regex and its arguments, as GOTCMND reads them:
 * up to an unescaped ',' ':' or '=', blank runs made one space,
 * "\," "\:" "\=" "\\" "\ " and "\#" unescaped, glob escapes kept.
 */
static const char *
read_command(struct sdstate *st, const char *p)
{
	bool	 argstart = true, regex, space = false;

	for (;;) {
		if (*p == '\0' || *p == ',' || *p == ':' || *p == '=')
			break;
		if (is_blank(*p)) {
			space = true;
			argstart = true;
			p++;
			continue;
		}
		if (space) {
			out_put(st, ' ');
			space = false;
		}
		regex = argstart && *p == '^';
		argstart = false;
		if (regex) {
			/* "^...$": only "$" ends it, escapes kept. */
			for (; *p != '\0' && *p != '$'; p++) {
				if (*p == '\\' && p[1] != '\0')
					out_put(st, *p++);
				out_put(st, *p);
			}
			if (*p != '$') {
				st->err = "unterminated regular expression";
				return NULL;
			}
			out_put(st, *p++);
			continue;
		}
		if (*p == '\\' && p[1] != '\0') {
			if (strchr(":\\,= \t#", p[1]) == NULL)
				out_put(st, *p);
			out_put(st, p[1]);
			p += 2;
			continue;
		}
		out_put(st, *p++);
	}
	return p;
}

/*
 * One Cmnd: '!'s, digests, then ALL, an alias, or a command with its
 * arguments.  Fills CM (but runas and tags) and returns the end.
 */
static const char *
read_cmnd(struct sdstate *st, const char *p, struct sudoers_cmnd *cm)
{
	const char	*q;
	char		*start;
	unsigned	 bangs = 0;

	memset(cm, 0, sizeof(*cm));
	for (;;) {
		p = skip_blanks(p);
		if (*p != '!')
			break;
		bangs++;
		p++;
	}
	cm->negated = bangs & 1;
	while ((q = read_digest(st, p, &cm->digest)) != NULL) {
		p = skip_blanks(q);
		if (*p == ',' && read_digest(st, skip_blanks(p + 1),
		    &cm->digest) != NULL)
			p = skip_blanks(p + 1);
	}
	start = out_start(st);
	if (cm->negated)
		out_put(st, '!');	/* for alias members; skipped below */
	if (keyword_at(p, "ALL")) {
		cm->all = true;
		p += 3;
		out_put(st, 'A');
		out_put(st, 'L');
		out_put(st, 'L');
	} else if (*p == '/' || *p == '^' || keyword_at(p, "sudoedit") ||
	    keyword_at(p, "list")) {
		if ((p = read_command(st, p)) == NULL)
			return NULL;
	} else if (is_upper(*p)) {
		cm->alias = true;
		while (is_upper(*p) || is_digit(*p) || *p == '_')
			out_put(st, *p++);
		if (word_char(*p)) {
			st->err = "bad alias name";
			return NULL;
		}
	} else {
		st->err = *p == '\0' ? "missing command" :
		    "command is not a full path";
		return NULL;
	}
	cm->command = out_end(st, start) + cm->negated;
	return p;
}

/*
 * The user spec in P: User_List Host_List = Cmnd_Spec_List, then
 * more ": Host_List = Cmnd_Spec_List".  Returns 0 or -1.
 */
static int
parse_userspec(struct sdstate *st, const char *p, size_t *nuser)
{
	struct sudoers_cmnd	 cm;
	struct priv		*pv;
	const char		*q, *ru, *rg;
	unsigned		 t;
	size_t			 nhost;

	if ((p = read_list(st, p, false, nuser)) == NULL)
		return -1;
	for (;;) {
		GROW(st->priv, st->npriv, st->privcap);
		pv = &st->priv[st->npriv];
		pv->host0 = st->nstr;
		pv->cmnd0 = st->ncmnd;
		if ((p = read_list(st, p, true, &nhost)) == NULL)
			return -1;
		pv->nhost = nhost;
		p = skip_blanks(p);
		if (*p != '=') {
			st->err = "expected '=' after the host list";
			return -1;
		}
		p++;
		ru = rg = NULL;
		t = 0;
		for (;;) {
			for (;;) {
				p = skip_blanks(p);
				if (*p == '(') {
					if ((p = read_runas(st, p, &ru, &rg)) ==
					    NULL)
						return -1;
				} else if ((q = read_tag(p, &t)) != NULL)
					p = q;
				else if ((q = skip_option(st, p)) != NULL)
					p = q;
				else
					break;
			}
			if ((p = read_cmnd(st, p, &cm)) == NULL)
				return -1;
			cm.runas_users = ru;
			cm.runas_groups = rg;
			cm.tags = t;
			GROW(st->cmnd, st->ncmnd, st->cmndcap);
			st->cmnd[st->ncmnd++] = cm;
			p = skip_blanks(p);
			if (*p != ',')
				break;
			p++;
		}
		st->priv[st->npriv].ncmnd = st->ncmnd -
		    st->priv[st->npriv].cmnd0;
		st->npriv++;
		if (*p == '\0')
			return 0;
		if (*p != ':') {
			st->err = "junk after a command";
			return -1;
		}
		p++;
	}
}

/* NAME = members [: NAME = members]... into st->adef.  0 or -1. */
static int
parse_alias(struct sdstate *st, const char *p, enum sudoers_alias_type at)
{
	struct sudoers_cmnd	 cm;
	struct alias_def	*ad;
	char			*start;
	size_t			 n;

	for (;;) {
		p = skip_blanks(p);
		if (!is_upper(*p)) {
			st->err = "alias name must be upper case";
			return -1;
		}
		GROW(st->adef, st->nadef, st->adefcap);
		ad = &st->adef[st->nadef];
		start = out_start(st);
		while (is_upper(*p) || is_digit(*p) || *p == '_')
			out_put(st, *p++);
		ad->name = out_end(st, start);
		p = skip_blanks(p);
		if (*p != '=') {
			st->err = "expected '=' after the alias name";
			return -1;
		}
		p++;
		ad->mem0 = st->nstr;
		if (at == SUDOERS_CMND_ALIAS) {
			ad->nmem = 0;
			for (;;) {
				if ((p = read_cmnd(st, p, &cm)) == NULL)
					return -1;
				push_str(st, cm.command - cm.negated);
				ad->nmem++;
				p = skip_blanks(p);
				if (*p != ',')
					break;
				p++;
			}
		} else {
			if ((p = read_list(st, p, at == SUDOERS_HOST_ALIAS,
			    &n)) == NULL)
				return -1;
			ad->nmem = n;
		}
		st->nadef++;
		p = skip_blanks(p);
		if (*p == '\0')
			return 0;
		if (*p != ':') {
			st->err = "junk after an alias member";
			return -1;
		}
		p++;
	}
}

/* Whether a space-separated VALUE names an LD_ variable. */
static bool
names_ld(const char *v)
{
	for (;;) {
		v += strspn(v, " \t");
		if (*v == '\0')
			return false;
		if (strncmp(v, "LD_", 3) == 0)
			return true;
		v += strcspn(v, " \t");
	}
}

static unsigned
def_flags(const struct sudoers_default *d)
{
	if (d->op == 0 && d->negated) {
		if (strcmp(d->name, "authenticate") == 0)
			return SUDOERS_DEF_NOAUTH;
		if (strcmp(d->name, "env_reset") == 0)
			return SUDOERS_DEF_NO_ENV_RESET;
		if (strcmp(d->name, "syslog") == 0 ||
		    strcmp(d->name, "logfile") == 0 ||
		    strcmp(d->name, "log_allowed") == 0)
			return SUDOERS_DEF_NO_LOG;
		if (strcmp(d->name, "use_pty") == 0)
			return SUDOERS_DEF_NO_USE_PTY;
	}
	if (d->op == 0 && !d->negated && strcmp(d->name, "setenv") == 0)
		return SUDOERS_DEF_SETENV;
	if ((d->op == '=' || d->op == '+') && d->value != NULL &&
	    (strcmp(d->name, "env_keep") == 0 ||
	    strcmp(d->name, "env_check") == 0) && names_ld(d->value))
		return SUDOERS_DEF_ENV_LD;
	return 0;
}

/* The parameters after Defaults[type binding]; 0 or -1. */
static int
parse_defaults(struct sdstate *st, const char *p, unsigned *flags)
{
	struct sudoers_default	 d;
	char			*start;
	unsigned		 bangs;

	for (;;) {
		memset(&d, 0, sizeof(d));
		bangs = 0;
		for (;;) {
			p = skip_blanks(p);
			if (*p != '!')
				break;
			bangs++;
			p++;
		}
		d.negated = bangs & 1;
		start = out_start(st);
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    is_digit(*p) || *p == '_')
			out_put(st, *p++);
		if (out_start(st) == start) {
			st->err = "expected a Defaults parameter";
			return -1;
		}
		d.name = out_end(st, start);
		p = skip_blanks(p);
		if ((p[0] == '+' || p[0] == '-') && p[1] == '=') {
			d.op = p[0];
			p += 2;
		} else if (p[0] == '=') {
			d.op = '=';
			p++;
		}
		if (d.op != 0) {
			p = skip_blanks(p);
			start = out_start(st);
			if (*p == '"') {
				if ((p = read_quoted(st, p)) == NULL) {
					st->err = "unterminated string";
					return -1;
				}
			} else {
				while (*p != '\0' && !is_blank(*p) &&
				    *p != ',') {
					if (*p == '\\' && p[1] != '\0')
						p++;
					out_put(st, *p++);
				}
			}
			d.value = out_end(st, start);
		}
		*flags |= def_flags(&d);
		GROW(st->def, st->ndef, st->defcap);
		st->def[st->ndef++] = d;
		p = skip_blanks(p);
		if (*p == '\0')
			return 0;
		if (*p != ',') {
			st->err = "expected ',' between Defaults parameters";
			return -1;
		}
		p++;
	}
}

static int
emit_bad(struct sudoers_entry *e, const char *why, sudoers_fn *fn,
    void *arg)
{
	e->kind = SUDOERS_BAD;
	e->error = why;
	return fn(e, arg);
}

/* The path of an include directive at P. */
static const char *
read_include_path(struct sdstate *st, const char *p)
{
	char	*start;

	p = skip_blanks(p);
	start = out_start(st);
	if (*p == '"') {
		if (read_quoted(st, p) == NULL)
			return NULL;
	} else {
		while (*p != '\0' && *p != ' ' && *p != '\t') {
			if (*p == '\\' && is_blank(p[1]))
				p++;
			out_put(st, *p++);
		}
	}
	if (out_start(st) == start)
		return NULL;
	return out_end(st, start);
}

/* Parse the logical line in st->line and call FN; 1 if it was bad. */
static int
parse_logical(struct sdstate *st, struct sudoers_entry *e, sudoers_fn *fn,
    void *arg, int *stop)
{
	enum sudoers_alias_type	 at;
	const char		*p, *path;
	size_t			 nuser, i, n;
	bool			 incdir;

	st->outlen = 0;
	st->nstr = st->ncmnd = st->ndef = st->npriv = st->nadef = 0;
	st->err = NULL;
	if (st->outcap < 2 * st->linelen + 64) {
		st->outcap = 2 * st->linelen + 64;
		st->out = xrealloc(st->out, st->outcap);
	}
	e->text = st->line;
	if (st->bad != NULL) {
		*stop = emit_bad(e, st->bad, fn, arg);
		return 1;
	}
	p = skip_blanks(st->line);
	if (*p == '\0')
		return 0;
	incdir = strncmp(p, "@includedir", 11) == 0;
	if (strncmp(p, "@include", 8) == 0 &&
	    (p[incdir ? 11 : 8] == '\0' || is_blank(p[incdir ? 11 : 8]))) {
		p += incdir ? 11 : 8;
		if (!is_blank(*p) || (path = read_include_path(st, p)) ==
		    NULL) {
			*stop = emit_bad(e, "include without a path", fn, arg);
			return 1;
		}
		e->kind = incdir ? SUDOERS_INCLUDEDIR : SUDOERS_INCLUDE;
		e->path = path;
		*stop = fn(e, arg);
		return 0;
	}
	if (strncmp(p, "Defaults", 8) == 0 && (p[8] == '\0' ||
	    is_blank(p[8]) || strchr(":@>!", p[8]) != NULL)) {
		p += 8;
		e->kind = SUDOERS_DEFAULTS;
		if (*p != '\0' && !is_blank(*p)) {
			e->defaults_type = *p++;
			if ((p = read_list(st, p, e->defaults_type == '@',
			    &n)) == NULL) {
				*stop = emit_bad(e, st->err, fn, arg);
				return 1;
			}
			e->nbinding = n;
		}
		if (!is_blank(*p) && *p != '\0') {
			*stop = emit_bad(e, "junk after the Defaults binding",
			    fn, arg);
			return 1;
		}
		if (parse_defaults(st, p, &e->def_flags) < 0) {
			*stop = emit_bad(e, st->err, fn, arg);
			return 1;
		}
		e->binding = st->str;
		e->def = st->def;
		e->ndef = st->ndef;
		*stop = fn(e, arg);
		return 0;
	}
	at = SUDOERS_USER_ALIAS;
	n = 0;
	if (strncmp(p, "User_Alias", 10) == 0)
		n = 10;
	else if (strncmp(p, "Runas_Alias", 11) == 0) {
		at = SUDOERS_RUNAS_ALIAS;
		n = 11;
	} else if (strncmp(p, "Host_Alias", 10) == 0) {
		at = SUDOERS_HOST_ALIAS;
		n = 10;
	} else if (strncmp(p, "Cmnd_Alias", 10) == 0) {
		at = SUDOERS_CMND_ALIAS;
		n = 10;
	} else if (strncmp(p, "Cmd_Alias", 9) == 0) {
		at = SUDOERS_CMND_ALIAS;
		n = 9;
	}
	if (n > 0 && is_blank(p[n])) {
		if (parse_alias(st, p + n, at) < 0) {
			*stop = emit_bad(e, st->err, fn, arg);
			return 1;
		}
		e->kind = SUDOERS_ALIAS;
		e->alias_type = at;
		for (i = 0; i < st->nadef && *stop == 0; i++) {
			e->alias_name = st->adef[i].name;
			e->member = st->str + st->adef[i].mem0;
			e->nmember = st->adef[i].nmem;
			*stop = fn(e, arg);
		}
		return 0;
	}
	if (parse_userspec(st, p, &nuser) < 0) {
		*stop = emit_bad(e, st->err, fn, arg);
		return 1;
	}
	e->kind = SUDOERS_USERSPEC;
	e->user = st->str;
	e->nuser = nuser;
	for (i = 0; i < st->npriv && *stop == 0; i++) {
		e->host = st->str + st->priv[i].host0;
		e->nhost = st->priv[i].nhost;
		e->cmnd = st->cmnd + st->priv[i].cmnd0;
		e->ncmnd = st->priv[i].ncmnd;
		e->all_commands = e->nopasswd = false;
		for (n = 0; n < e->ncmnd; n++) {
			if (e->cmnd[n].negated)
				continue;
			if (e->cmnd[n].all)
				e->all_commands = true;
			if (e->cmnd[n].tags & SUDOERS_TAG_NOPASSWD)
				e->nopasswd = true;
		}
		*stop = fn(e, arg);
	}
	return 0;
}

/*
 * Append the physical line [S, S+LEN) to the logical one, cutting a
 * comment: '#' outside a string and not a uid "#123" or "#-1".
 * Returns true when a backslash at its end continues it.
 */
static bool
append_physical(struct sdstate *st, const char *s, size_t len)
{
	size_t	 i, j;
	char	 c;

	if (st->linelen + len + 2 > st->linecap) {
		st->linecap = st->linelen + len + 2;
		st->line = xrealloc(st->line, st->linecap);
	}
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '\\') {
			for (j = i + 1; j < len && is_blank(s[j]); j++)
				;
			if (j == len) {
				st->line[st->linelen++] = ' ';
				st->line[st->linelen] = '\0';
				return true;
			}
			st->line[st->linelen++] = c;
			c = s[++i];
		} else if (c == '"')
			st->in_quote = !st->in_quote;
		else if (c == '#' && !st->in_quote && !(i + 1 < len &&
		    (is_digit(s[i + 1]) || (s[i + 1] == '-' && i + 2 < len &&
		    is_digit(s[i + 2])))))
			break;
		st->line[st->linelen++] = c;
	}
	st->line[st->linelen] = '\0';
	return false;
}

/* "#include path" and "#includedir path": only at the start of a line. */
static bool
hash_include(const char *s, size_t len, bool *dir)
{
	if (len > 9 && memcmp(s, "#include", 8) == 0 && is_blank(s[8])) {
		*dir = false;
		return true;
	}
	if (len > 12 && memcmp(s, "#includedir", 11) == 0 &&
	    is_blank(s[11])) {
		*dir = true;
		return true;
	}
	return false;
}

int
sudoers_parse(const char *buf, size_t len, sudoers_fn *fn, void *arg)
{
	struct sdstate		 st;
	struct sudoers_entry	 e;
	const char		*s, *nl, *end = buf + len, *path;
	size_t			 llen;
	unsigned		 lineno = 0, first = 0;
	bool			 cont = false, dir;
	int			 bad = 0, stop = 0;

	memset(&st, 0, sizeof(st));
	for (s = buf; s < end && stop == 0; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		llen = (size_t)(nl - s);
		if (llen > 0 && s[llen - 1] == '\r')
			llen--;
		lineno++;
		if (!cont) {
			first = lineno;
			st.linelen = 0;
			st.in_quote = false;
			st.bad = NULL;
			if (st.line != NULL)
				st.line[0] = '\0';
		}
		memset(&e, 0, sizeof(e));
		e.line = first;
		e.last_line = lineno;
		if (!cont && hash_include(s, llen, &dir) &&
		    memchr(s, '\0', llen) == NULL) {
			if (st.outcap < 2 * llen + 64) {
				st.outcap = 2 * llen + 64;
				st.out = xrealloc(st.out, st.outcap);
			}
			/* The raw line is the text; the path is after it. */
			if (st.linecap < llen + 1) {
				st.linecap = llen + 1;
				st.line = xrealloc(st.line, st.linecap);
			}
			memcpy(st.line, s, llen);
			st.line[llen] = '\0';
			e.text = st.line;
			st.outlen = 0;
			if ((path = read_include_path(&st, st.line +
			    (dir ? 11 : 8))) == NULL) {
				bad++;
				stop = emit_bad(&e, "include without a path",
				    fn, arg);
				continue;
			}
			e.kind = dir ? SUDOERS_INCLUDEDIR : SUDOERS_INCLUDE;
			e.path = path;
			stop = fn(&e, arg);
			continue;
		}
		if (st.bad == NULL && memchr(s, '\0', llen) != NULL)
			st.bad = "NUL byte in line";
		else if (st.bad == NULL && st.linelen + llen > SUDOERS_LINE_MAX)
			st.bad = "line too long";
		if (st.bad == NULL)
			cont = append_physical(&st, s, llen);
		else {
			/* Follow the continuation without keeping text. */
			while (llen > 0 && is_blank(s[llen - 1]))
				llen--;
			cont = llen > 0 && s[llen - 1] == '\\';
			append_physical(&st, "", 0);
		}
		if (cont && nl < end)
			continue;
		cont = false;
		bad += parse_logical(&st, &e, fn, arg, &stop);
	}
	free(st.line);
	free(st.out);
	free(st.str);
	free(st.cmnd);
	free(st.def);
	free(st.priv);
	free(st.adef);
	return bad;
}

const char *
sudoers_kind_name(enum sudoers_kind k)
{
	switch (k) {
	case SUDOERS_DEFAULTS:
		return "defaults";
	case SUDOERS_ALIAS:
		return "alias";
	case SUDOERS_USERSPEC:
		return "userspec";
	case SUDOERS_INCLUDE:
		return "include";
	case SUDOERS_INCLUDEDIR:
		return "includedir";
	case SUDOERS_BAD:
		return "bad";
	}
	return "unknown";
}
