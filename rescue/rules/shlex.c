/*
 * shlex.c - a bounded POSIX-shell-ish lexer (XCU 2.3 token recognition,
 * minus aliases, keywords and here-document bodies) for cmdrules.c
 */
#include <string.h>

#include "shlex.h"

/* Room kept for the operators and words that end a command. */
#define SOFT_TOK	(SH_MAXTOK - 24)
#define SOFT_ARENA	(SH_ARENA - 1024)

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Bytes that end an unquoted word (XCU 2.3 operators and blanks). */
static bool
is_meta(char c)
{
	return is_blank(c) || c == '\n' || c == '|' || c == '&' || c == ';' ||
	    c == '(' || c == ')' || c == '<' || c == '>';
}

/*
 * S[I] is '(': the index just past its matching ')', or LEN.  Quotes
 * and backslashes are honoured so that a ')' inside them does not end
 * the group; a case pattern's bare ')' may end it early, which only
 * makes the substitution shorter.
 */
static size_t
skip_paren(const char *s, size_t len, size_t i)
{
	size_t	depth = 0;

	for (; i < len; i++) {
		switch (s[i]) {
		case '\\':
			i++;
			break;
		case '\'':
			while (++i < len && s[i] != '\'')
				;
			break;
		case '"':
			while (++i < len && s[i] != '"')
				if (s[i] == '\\')
					i++;
			break;
		case '`':
			while (++i < len && s[i] != '`')
				if (s[i] == '\\')
					i++;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return i + 1;
			break;
		}
	}
	return len;
}

/* S[I] is '`': the index just past the closing one, or LEN. */
static size_t
skip_backquote(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '`')
			return i + 1;
	}
	return len;
}

static void
put(struct sh_lex *lx, struct sh_tok *t, char c)
{
	if (t->tlen >= SH_WORD_MAX || lx->arena_len >= SH_ARENA - 1) {
		t->flags |= SH_F_TRUNC;
		return;
	}
	lx->arena[lx->arena_len++] = c;
	t->tlen++;
}

static void
put_raw(struct sh_lex *lx, struct sh_tok *t, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		put(lx, t, s[i]);
}

static void
add_sub(struct sh_lex *lx, size_t off, size_t len)
{
	struct sh_sub	*sb;

	if (lx->nsub >= SH_MAXSUB) {
		lx->lost = true;
		return;
	}
	sb = &lx->sub[lx->nsub++];
	sb->off = off;
	sb->len = len;
	sb->tok = (uint16_t)lx->ntok;
}

/*
 * $( ) or ` ` starting at S[I] (the '$' or '`'): record the inner text,
 * copy the raw text into the word, return the index past it.
 */
static size_t
subst(const char *s, size_t len, size_t i, struct sh_lex *lx,
    struct sh_tok *t)
{
	size_t	end, in;

	if (s[i] == '`') {
		end = skip_backquote(s, len, i);
		in = i + 1;
		add_sub(lx, in, (end > in && end <= len && s[end - 1] == '`' &&
		    end - 1 > in ? end - 1 : end) - in);
	} else {
		end = skip_paren(s, len, i + 1);
		in = i + 2;
		add_sub(lx, in, (end > in && s[end - 1] == ')' ?
		    end - 1 : end) - in);
	}
	t->flags |= SH_F_SUBST;
	put_raw(lx, t, s + i, end - i);
	return end;
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

/* $'...' (bash ANSI-C quoting), S[I] at the '\'': index past it. */
static size_t
ansi_c(const char *s, size_t len, size_t i, struct sh_lex *lx,
    struct sh_tok *t)
{
	int	v, d, k;

	for (i++; i < len && s[i] != '\''; i++) {
		if (s[i] != '\\' || i + 1 >= len) {
			put(lx, t, s[i]);
			continue;
		}
		switch (s[++i]) {
		case 'n':
			put(lx, t, '\n');
			break;
		case 't':
			put(lx, t, '\t');
			break;
		case 'x':
			for (v = 0, k = 0; k < 2 && i + 1 < len &&
			    (d = hexval(s[i + 1])) >= 0; k++, i++)
				v = v * 16 + d;
			put(lx, t, k ? (char)v : 'x');
			break;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			for (v = s[i] - '0', k = 1; k < 3 && i + 1 < len &&
			    s[i + 1] >= '0' && s[i + 1] <= '7'; k++, i++)
				v = v * 8 + s[i + 1] - '0';
			put(lx, t, (char)v);
			break;
		default:
			put(lx, t, s[i]);
			break;
		}
	}
	return i < len ? i + 1 : len;
}

/* One word from S[I]; returns the index past it. */
static size_t
word(const char *s, size_t len, size_t i, struct sh_lex *lx,
    struct sh_tok *t)
{
	size_t	end;

	while (i < len && !is_meta(s[i])) {
		switch (s[i]) {
		case '\\':
			t->flags |= SH_F_QUOTED;
			if (i + 1 < len && s[i + 1] != '\n')
				put(lx, t, s[i + 1]);
			i += 2;
			break;
		case '\'':
			t->flags |= SH_F_QUOTED;
			for (i++; i < len && s[i] != '\''; i++)
				put(lx, t, s[i]);
			i++;
			break;
		case '"':
			t->flags |= SH_F_QUOTED;
			for (i++; i < len && s[i] != '"';) {
				if (s[i] == '\\' && i + 1 < len) {
					if (strchr("$`\"\\\n", s[i + 1]) ==
					    NULL)
						put(lx, t, '\\');
					if (s[i + 1] != '\n')
						put(lx, t, s[i + 1]);
					i += 2;
				} else if (s[i] == '`' || (s[i] == '$' &&
				    i + 1 < len && s[i + 1] == '(')) {
					i = subst(s, len, i, lx, t);
				} else {
					if (s[i] == '$')
						t->flags |= SH_F_VAR;
					put(lx, t, s[i++]);
				}
			}
			i++;
			break;
		case '`':
			i = subst(s, len, i, lx, t);
			break;
		case '$':
			if (i + 1 < len && s[i + 1] == '(') {
				i = subst(s, len, i, lx, t);
			} else if (i + 1 < len && s[i + 1] == '\'') {
				t->flags |= SH_F_QUOTED;
				i = ansi_c(s, len, i + 1, lx, t);
			} else if (i + 1 < len && s[i + 1] == '{') {
				t->flags |= SH_F_VAR;
				end = i + 2;
				while (end < len && s[end] != '}')
					end++;
				end = end < len ? end + 1 : len;
				put_raw(lx, t, s + i, end - i);
				i = end;
			} else {
				t->flags |= SH_F_VAR;
				put(lx, t, s[i++]);
			}
			break;
		default:
			put(lx, t, s[i++]);
			break;
		}
	}
	return i < len ? i : len;
}

/* A redirection operator at S[I] ('<', '>' or "&>"). */
static size_t
redir(const char *s, size_t len, size_t i, struct sh_tok *t)
{
	char	c = s[i], n = i + 1 < len ? s[i + 1] : '\0';

	t->type = SH_REDIR;
	if (c == '&') {			/* &> &>> */
		t->kind = SH_R_BOTH;
		i += 2;
		return i < len && s[i] == '>' ? i + 1 : i;
	}
	if (c == '>') {
		if (n == '>') {
			t->kind = SH_R_APPEND;
			return i + 2;
		}
		if (n == '&') {
			t->kind = SH_R_DUPOUT;
			return i + 2;
		}
		t->kind = SH_R_OUT;
		return n == '|' ? i + 2 : i + 1;
	}
	if (n == '<') {
		if (i + 2 < len && s[i + 2] == '<') {
			t->kind = SH_R_HERESTR;
			return i + 3;
		}
		t->kind = SH_R_HEREDOC;
		return i + 2 < len && s[i + 2] == '-' ? i + 3 : i + 2;
	}
	if (n == '&') {
		t->kind = SH_R_DUPIN;
		return i + 2;
	}
	if (n == '>') {
		t->kind = SH_R_RW;
		return i + 2;
	}
	t->kind = SH_R_IN;
	return i + 1;
}

static size_t
op(const char *s, size_t len, size_t i, struct sh_tok *t)
{
	char	c = s[i], n = i + 1 < len ? s[i + 1] : '\0';

	t->type = SH_OP;
	switch (c) {
	case '|':
		t->kind = n == '|' ? SH_OR : SH_PIPE;
		return n == '|' || n == '&' ? i + 2 : i + 1;
	case '&':
		t->kind = n == '&' ? SH_AND : SH_BG;
		return n == '&' ? i + 2 : i + 1;
	case ';':
		t->kind = SH_SEMI;
		return n == ';' || n == '&' ? i + 2 : i + 1;
	case '(':
		t->kind = SH_OPEN;
		return i + 1;
	case ')':
		t->kind = SH_CLOSE;
		return i + 1;
	default:			/* newline */
		t->kind = SH_SEMI;
		return i + 1;
	}
}

/*
 * Brace expansion of the last token when it is a bare {a,b,c}: the
 * pieces become words of their own, in place in the arena, each with
 * the raw span of the whole.  Injected commands use it to avoid
 * blanks: {echo,aWQ=}|{base64,-d}|{bash,-i}.
 */
static void
braces(struct sh_lex *lx)
{
	struct sh_tok	*t = &lx->tok[lx->ntok - 1], *n;
	char		*w = lx->arena + t->text;
	size_t		 i, start, tlen = t->tlen;

	if (t->flags != 0 || tlen < 3 || w[0] != '{' || w[tlen - 1] != '}' ||
	    memchr(w, ',', tlen) == NULL || memchr(w + 1, '{', tlen - 1))
		return;
	w[tlen - 1] = '\0';
	t->text++;
	for (i = 1, start = 1; i < tlen - 1; i++) {
		if (w[i] != ',' || lx->ntok >= SH_MAXTOK - 1)
			continue;
		w[i] = '\0';
		lx->tok[lx->ntok - 1].tlen = (uint16_t)(i - start);
		n = &lx->tok[lx->ntok++];
		*n = *t;
		n->text = (uint16_t)(t->text - 1 + i + 1);
		start = i + 1;
	}
	lx->tok[lx->ntok - 1].tlen = (uint16_t)(tlen - 1 - start);
}

void
sh_lex(const char *s, size_t len, struct sh_lex *lx)
{
	struct sh_tok	*t;
	size_t		 i = 0, j, end;
	char		 c;

	lx->ntok = lx->nsub = lx->arena_len = 0;
	lx->lost = false;
	while (i < len) {
		c = s[i];
		if (is_blank(c)) {
			i++;
			continue;
		}
		if (c == '#') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		/* Full: stop after an operator, or anywhere when out. */
		if (lx->ntok >= SH_MAXTOK - 1 || lx->arena_len >= SOFT_ARENA ||
		    (lx->ntok >= SOFT_TOK && lx->ntok > 0 &&
		    lx->tok[lx->ntok - 1].type == SH_OP))
			break;
		t = &lx->tok[lx->ntok];
		t->flags = 0;
		t->fd = -1;
		t->off = i;
		t->text = (uint16_t)lx->arena_len;
		t->tlen = 0;
		t->type = SH_WORD;
		t->kind = 0;
		/* An fd number right before < or >: "2>&1". */
		for (j = i; j < len && j - i < 4 && s[j] >= '0' && s[j] <= '9';
		    j++)
			;
		if (j > i && j < len && (s[j] == '<' || s[j] == '>') &&
		    !(j + 1 < len && s[j + 1] == '(')) {
			t->fd = (int16_t)0;
			for (end = i; end < j; end++)
				t->fd = (int16_t)(t->fd * 10 + s[end] - '0');
			i = redir(s, len, j, t);
		} else if ((c == '<' || c == '>') && i + 1 < len &&
		    s[i + 1] == '(') {
			end = skip_paren(s, len, i + 1);
			add_sub(lx, i + 2, (end > i + 2 && s[end - 1] == ')' ?
			    end - 1 : end) - (i + 2));
			t->flags |= SH_F_PROCSUB | SH_F_SUBST;
			put_raw(lx, t, s + i, end - i);
			i = end;
		} else if (c == '<' || c == '>' || (c == '&' && i + 1 < len &&
		    s[i + 1] == '>')) {
			i = redir(s, len, i, t);
		} else if (is_meta(c)) {
			i = op(s, len, i, t);
		} else {
			i = word(s, len, i, lx, t);
		}
		if (i > len)
			i = len;
		t->len = i - t->off;
		if (t->type == SH_WORD)
			lx->arena[lx->arena_len++] = '\0';
		lx->ntok++;
		if (t->type == SH_WORD)
			braces(lx);
	}
	lx->consumed = i;
}
