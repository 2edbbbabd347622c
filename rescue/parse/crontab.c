/*
 * crontab.c - crontab(5) and anacrontab(5) lines as typed entries, read
 * the way cron's load_env() and load_entry() (cronie, Debian's vixie
 * cron) and anacron's readtab.c read them
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "crontab.h"

/* The five time fields of a cron line. */
struct field {
	const char		*why;		/* cron's own words */
	unsigned		 lo, hi;
	const char *const	*names;		/* 3-letter names, or NULL */
	unsigned		 nnames;
	unsigned		 base;		/* value of names[0] */
};

static const char *const month_names[] = { "jan", "feb", "mar", "apr",
	"may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const wday_names[] = { "sun", "mon", "tue", "wed",
	"thu", "fri", "sat" };

static const struct field fields[5] = {
	{ "bad minute", 0, 59, NULL, 0, 0 },
	{ "bad hour", 0, 23, NULL, 0, 0 },
	{ "bad day-of-month", 1, 31, NULL, 0, 0 },
	{ "bad month", 1, 12, month_names, 12, 1 },
	{ "bad day-of-week", 0, 7, wday_names, 7, 0 },	/* 7 is Sunday */
};

/* What @WORD means: minute, hour, day of month, month, day of week. */
struct keyword {
	const char	*word;
	int		 min, hour, mday, mon, wday;	/* -1: every */
};

static const struct keyword keywords[] = {
	{ "yearly",	0, 0, 1, 1, -1 },
	{ "annually",	0, 0, 1, 1, -1 },
	{ "monthly",	0, 0, 1, -1, -1 },
	{ "weekly",	0, 0, -1, -1, 0 },
	{ "daily",	0, 0, -1, -1, -1 },
	{ "midnight",	0, 0, -1, -1, -1 },
	{ "hourly",	0, -1, -1, -1, -1 },
};

/*
 * anacron's named periods.  Debian's anacron 2.3 knows @monthly only;
 * cronie's anacron adds the others.  @monthly runs on the same day of
 * the next month, 30 is its nearest number of days.
 */
struct period {
	const char	*word;
	unsigned	 days;
};

static const struct period periods[] = {
	{ "daily", 1 }, { "weekly", 7 }, { "monthly", 30 },
	{ "yearly", 365 }, { "annually", 365 },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* isspace(3) in the C locale, which cron trims values with. */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t
skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* The end of the word of non-blanks at I. */
static size_t
word_end(const char *s, size_t n, size_t i)
{
	while (i < n && !is_blank(s[i]))
		i++;
	return i;
}

static bool
word_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && memcmp(s, w, n) == 0;
}

/*
 * Digits at S[*I], at most 9 of them (no overflow); *I moves past.
 */
static bool
get_digits(const char *s, size_t n, size_t *i, unsigned *v)
{
	size_t		j = *i;
	unsigned	x = 0;

	while (j < n && is_digit(s[j])) {
		if (j - *i >= 9)
			return false;
		x = x * 10 + (unsigned)(s[j] - '0');
		j++;
	}
	if (j == *i)
		return false;
	*i = j;
	*v = x;
	return true;
}

/*
 * A number or a name of F at S[*I], as cron's get_number(): the run of
 * letters and digits there is either all digits or a 3-letter name
 * (any case).  The value must lie in F's range.
 */
static bool
get_value(const char *s, size_t n, size_t *i, const struct field *f,
    unsigned *v)
{
	size_t		j = *i, k;
	unsigned	x;
	bool		digits = true;

	while (j < n && is_alnum(s[j])) {
		if (!is_digit(s[j]))
			digits = false;
		j++;
	}
	if (j == *i)
		return false;
	if (digits) {
		k = *i;
		if (!get_digits(s, j, &k, &x))
			return false;
	} else {
		if (f->names == NULL || j - *i != 3)
			return false;
		for (k = 0; k < f->nnames; k++)
			if (lower(s[*i]) == f->names[k][0] &&
			    lower(s[*i + 1]) == f->names[k][1] &&
			    lower(s[*i + 2]) == f->names[k][2])
				break;
		if (k == f->nnames)
			return false;
		x = (unsigned)k + f->base;
	}
	if (x < f->lo || x > f->hi)
		return false;
	*i = j;
	*v = x;
	return true;
}

/*
 * One element of a list: '*' (cronie also takes '?'), N, N-M, each
 * with an optional /STEP, or cronie's random [N]~[M].  cronie reads
 * "N/STEP" as N-max/STEP.  Sets the bits of the values it may take.
 */
static bool
get_elem(const char *s, size_t n, size_t *i, const struct field *f,
    uint64_t *mask, unsigned *flags)
{
	unsigned	lo, hi, step = 1, v;
	bool		have_lo = false;

	if (*i < n && (s[*i] == '*' || s[*i] == '?')) {
		lo = f->lo;
		hi = f->hi;
		(*i)++;
	} else {
		lo = f->lo;
		if (*i < n && s[*i] != '~') {
			if (!get_value(s, n, i, f, &lo))
				return false;
			have_lo = true;
		}
		hi = lo;
		if (*i < n && s[*i] == '~') {
			(*i)++;
			*flags |= CRONTAB_F_RANDOM;
			hi = f->hi;
			if (*i < n && is_alnum(s[*i]) &&
			    !get_value(s, n, i, f, &hi))
				return false;
			if (hi < lo)
				return false;
		} else if (*i < n && s[*i] == '-') {
			(*i)++;
			if (!get_value(s, n, i, f, &hi) || hi < lo)
				return false;
		} else if (*i < n && s[*i] == '/')
			hi = f->hi;
		else if (!have_lo)
			return false;
	}
	if (*i < n && s[*i] == '/') {
		(*i)++;
		if (!get_digits(s, n, i, &step) || step == 0 || step > f->hi)
			return false;
	}
	for (v = lo; v <= hi; v += step)
		*mask |= (uint64_t)1 << v;
	return true;
}

/*
 * A field, S[I..END): elements separated by commas.  Like cron, what
 * follows the list up to the next blank is skipped ("5;" is 5).
 */
static bool
get_field(const char *s, size_t end, size_t i, const struct field *f,
    uint64_t *mask, unsigned *flags)
{
	*mask = 0;
	for (;;) {
		if (!get_elem(s, end, &i, f, mask, flags))
			return false;
		if (i >= end || s[i] != ',')
			break;
		i++;
	}
	return true;
}

/*
 * The bytes of the command before its first unescaped '%', as cron's
 * do_command() finds it: a backslash escapes the next byte, "\%" stays
 * in the command as '%' and "\\%" still cuts.
 */
static size_t
command_head(const char *s, size_t n, bool *cut)
{
	bool	escaped = false;
	size_t	i;

	*cut = false;
	for (i = 0; i < n; i++) {
		if (escaped)
			escaped = false;
		else if (s[i] == '\\')
			escaped = true;
		else if (s[i] == '%') {
			*cut = true;
			return i;
		}
	}
	return n;
}

static void
set_command(struct crontab_entry *e, const char *s, size_t n, bool stdin_ok)
{
	bool	cut = false;

	e->command = s;
	e->commandlen = n;
	e->headlen = stdin_ok ? command_head(s, n, &cut) : n;
	if (cut)
		e->flags |= CRONTAB_F_STDIN;
}

static enum crontab_kind
malformed(struct crontab_entry *e, const char *why)
{
	e->kind = CRONTAB_MALFORMED;
	e->why = why;
	return e->kind;
}

/*
 * cron's load_env(): NAME = VALUE, blanks around '=' allowed, NAME or
 * VALUE in single or double quotes (taken as they are, no escapes),
 * only blanks after a closing quote, an unquoted value trimmed at its
 * end.  Anything else is not an assignment and goes to load_entry().
 */
static bool
cron_env(const char *s, size_t n, size_t i, struct crontab_entry *e)
{
	const char	*q;
	size_t		 name, namelen, j;
	char		 quote;

	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		quote = s[i++];
		q = memchr(s + i, quote, n - i);
		if (q == NULL || memchr(s + i, '=', (size_t)(q - (s + i))))
			return false;
		name = i;
		namelen = (size_t)(q - (s + i));
		i = (size_t)(q - s) + 1;
	} else {
		name = i;
		while (i < n && !is_space(s[i]) && s[i] != '=')
			i++;
		namelen = i - name;
	}
	if (namelen == 0)
		return false;
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n || s[i] != '=')
		return false;
	i++;
	while (i < n && is_space(s[i]))
		i++;
	e->name = s + name;
	e->namelen = namelen;
	if (i < n && (s[i] == '"' || s[i] == '\'')) {
		quote = s[i++];
		q = memchr(s + i, quote, n - i);
		if (q == NULL)
			return false;
		for (j = (size_t)(q - s) + 1; j < n; j++)
			if (!is_space(s[j]))
				return false;
		e->value = s + i;
		e->valuelen = (size_t)(q - (s + i));
		e->flags |= CRONTAB_F_QUOTED;
	} else {
		j = n;
		while (j > i && is_space(s[j - 1]))
			j--;
		e->value = s + i;
		e->valuelen = j - i;
	}
	e->kind = CRONTAB_ENV;
	return true;
}

static void
keyword_masks(const struct keyword *k, struct crontab_entry *e)
{
	e->minutes = k->min < 0 ? ((uint64_t)1 << 60) - 1 :
	    (uint64_t)1 << k->min;
	e->hours = k->hour < 0 ? ((uint32_t)1 << 24) - 1 :
	    (uint32_t)1 << k->hour;
	e->mdays = k->mday < 0 ? 0xfffffffeu : (uint32_t)1 << k->mday;
	e->months = k->mon < 0 ? 0x1ffe : (uint16_t)(1u << k->mon);
	e->wdays = k->wday < 0 ? 0x7f : (uint8_t)(1u << k->wday);
	if (k->mday < 0)
		e->flags |= CRONTAB_F_MDAY_STAR;
	if (k->wday < 0)
		e->flags |= CRONTAB_F_WDAY_STAR;
}

/* cron's load_entry(), from I, the first non-blank. */
static enum crontab_kind
cron_job(const char *s, size_t n, size_t i, bool system,
    struct crontab_entry *e)
{
	uint64_t	mask[5];
	size_t		end, k;

	if (s[i] == '-') {
		e->flags |= CRONTAB_F_NOLOG;
		i++;
	}
	e->sched = s + i;
	if (i < n && s[i] == '@') {
		end = word_end(s, n, i);
		if (word_is(s + i + 1, end - i - 1, "reboot")) {
			e->runs_at_reboot = true;
			e->flags |= CRONTAB_F_REBOOT;
		} else {
			for (k = 0; k < NELEM(keywords); k++)
				if (word_is(s + i + 1, end - i - 1,
				    keywords[k].word))
					break;
			if (k == NELEM(keywords))
				return malformed(e, "bad time specifier");
			keyword_masks(&keywords[k], e);
		}
		i = end;
	} else {
		for (k = 0; k < 5; k++) {
			i = skip_blanks(s, n, i);
			if (i >= n)
				return malformed(e, fields[k].why);
			if (k == 2 && (s[i] == '*' || s[i] == '?'))
				e->flags |= CRONTAB_F_MDAY_STAR;
			if (k == 4 && (s[i] == '*' || s[i] == '?'))
				e->flags |= CRONTAB_F_WDAY_STAR;
			end = word_end(s, n, i);
			if (!get_field(s, end, i, &fields[k], &mask[k],
			    &e->flags))
				return malformed(e, fields[k].why);
			i = end;
		}
		e->minutes = mask[0];
		e->hours = (uint32_t)mask[1];
		e->mdays = (uint32_t)mask[2];
		e->months = (uint16_t)mask[3];
		e->wdays = (uint8_t)((mask[4] | mask[4] >> 7) & 0x7f);
	}
	e->schedlen = (size_t)(s + i - e->sched);
	i = skip_blanks(s, n, i);
	if (system) {
		end = word_end(s, n, i);
		if (end == i)
			return malformed(e, "bad username");
		e->user = s + i;
		e->userlen = end - i;
		i = skip_blanks(s, n, end);
	}
	if (i >= n)
		return malformed(e, "bad command");
	set_command(e, s + i, n - i, true);
	e->kind = CRONTAB_JOB;
	return e->kind;
}

/*
 * anacron's readtab.c, which matches regular expressions: an
 * assignment "^[ \t]*([^ \t=]+)[ \t]*=(.*)$" (the value taken as it is,
 * blanks and quotes included), else a job "^[ \t]*(PERIOD)[ \t]+
 * ([[:digit:]]+)[ \t]+([^ \t/]+)[ \t]+([^ \t].*)$" where PERIOD is
 * digits or @name.
 */
static enum crontab_kind
anacron_line(const char *s, size_t n, size_t i, struct crontab_entry *e)
{
	size_t		j, k, end;
	unsigned	v;

	for (j = i; j < n && !is_blank(s[j]) && s[j] != '='; j++)
		;
	k = skip_blanks(s, n, j);
	if (j > i && k < n && s[k] == '=') {
		e->kind = CRONTAB_ENV;
		e->name = s + i;
		e->namelen = j - i;
		e->value = s + k + 1;
		e->valuelen = n - k - 1;
		return e->kind;
	}
	e->sched = s + i;
	end = word_end(s, n, i);
	if (s[i] == '@') {
		for (k = 0; k < NELEM(periods); k++)
			if (word_is(s + i + 1, end - i - 1, periods[k].word))
				break;
		if (k == NELEM(periods))
			return malformed(e, "unknown named period");
		e->period_days = periods[k].days;
	} else {
		j = i;
		if (!get_digits(s, end, &j, &v) || j != end)
			return malformed(e, "bad period");
		e->period_days = v;
	}
	i = skip_blanks(s, n, end);
	if (i == end)
		return malformed(e, "bad delay");
	end = word_end(s, n, i);
	j = i;
	if (!get_digits(s, end, &j, &v) || j != end)
		return malformed(e, "bad delay");
	e->delay_min = v;
	e->schedlen = (size_t)(s + end - e->sched);
	i = skip_blanks(s, n, end);
	end = word_end(s, n, i);
	if (i == end || memchr(s + i, '/', end - i) != NULL)
		return malformed(e, "bad job identifier");
	e->job_id = s + i;
	e->job_idlen = end - i;
	i = skip_blanks(s, n, end);
	if (i == end || i >= n)
		return malformed(e, "bad command");
	set_command(e, s + i, n - i, false);
	e->kind = CRONTAB_JOB;
	return e->kind;
}

void
crontab_parser_init(struct crontab_parser *p, enum crontab_mode mode)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
}

void
crontab_parser_release(struct crontab_parser *p)
{
	if (p == NULL)
		return;
	free(p->part);
	p->part = NULL;
	p->partlen = 0;
	p->partlong = false;
}

enum crontab_kind
crontab_parse_line(struct crontab_parser *p, const char *line, size_t len,
    struct crontab_entry *e)
{
	size_t	i;

	memset(e, 0, sizeof(*e));
	e->line = ++p->line;
	if (line == NULL)
		len = 0;
	if (len > 0 && line[len - 1] == '\r') {
		e->flags |= CRONTAB_F_CR;
		len--;
	}
	if (len > 0 && line[len - 1] == '\\')
		e->flags |= CRONTAB_F_BACKSLASH;
	if (len > 0 && memchr(line, '\0', len) != NULL)
		e->flags |= CRONTAB_F_NUL;
	i = len > 0 ? skip_blanks(line, len, 0) : 0;
	if (i >= len || line[i] == '#')
		e->kind = CRONTAB_NONE;
	else if (p->mode == CRONTAB_ANACRON)
		anacron_line(line, len, i, e);
	else if (!cron_env(line, len, i, e))
		cron_job(line, len, i, p->mode == CRONTAB_SYSTEM, e);
	switch (e->kind) {
	case CRONTAB_JOB:
		p->njobs++;
		break;
	case CRONTAB_ENV:
		p->nenv++;
		break;
	case CRONTAB_MALFORMED:
		p->nmalformed++;
		break;
	default:
		break;
	}
	return e->kind;
}

static int
emit(struct crontab_parser *p, const char *line, size_t len, bool cut,
    crontab_fn *fn, void *arg)
{
	struct crontab_entry	e;

	if (len > CRONTAB_LINE_MAX) {
		len = CRONTAB_LINE_MAX;
		cut = true;
	}
	if (crontab_parse_line(p, line, len, &e) == CRONTAB_NONE)
		return 0;
	if (cut)
		e.flags |= CRONTAB_F_TRUNCATED;
	return fn(&e, arg);
}

/* Keep what fits of a line a chunk boundary cut. */
static void
hold(struct crontab_parser *p, const char *s, size_t n)
{
	if (p->part == NULL)
		p->part = xmalloc(CRONTAB_LINE_MAX);
	if (n > CRONTAB_LINE_MAX - p->partlen) {
		n = CRONTAB_LINE_MAX - p->partlen;
		p->partlong = true;
	}
	memcpy(p->part + p->partlen, s, n);
	p->partlen += n;
}

int
crontab_feed(struct crontab_parser *p, const char *buf, size_t len,
    crontab_fn *fn, void *arg)
{
	const char	*nl;
	size_t		 i = 0, n;
	int		 r;

	while (i < len) {
		nl = memchr(buf + i, '\n', len - i);
		n = nl != NULL ? (size_t)(nl - (buf + i)) : len - i;
		if (nl == NULL) {
			hold(p, buf + i, n);
			return 0;
		}
		if (p->partlen == 0 && !p->partlong)
			r = emit(p, buf + i, n, false, fn, arg);
		else {
			hold(p, buf + i, n);
			r = emit(p, p->part, p->partlen, p->partlong, fn,
			    arg);
			p->partlen = 0;
			p->partlong = false;
		}
		if (r != 0)
			return r;
		i += n + 1;
	}
	return 0;
}

int
crontab_finish(struct crontab_parser *p, crontab_fn *fn, void *arg)
{
	int	r;

	if (p->partlen == 0 && !p->partlong)
		return 0;
	r = emit(p, p->part, p->partlen, p->partlong, fn, arg);
	p->partlen = 0;
	p->partlong = false;
	return r;
}

const char *
crontab_kind_name(enum crontab_kind kind)
{
	switch (kind) {
	case CRONTAB_NONE:
		return "none";
	case CRONTAB_JOB:
		return "job";
	case CRONTAB_ENV:
		return "env";
	case CRONTAB_MALFORMED:
		return "malformed";
	}
	return "none";
}
