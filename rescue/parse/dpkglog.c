/*
 * dpkglog.c - a line of dpkg.log (see dpkglog.h)
 *
 * dpkg writes "%Y-%m-%d %H:%M:%S " and then one of its log_message()
 * forms; every word is separated by one space.  Words are taken as
 * (pointer, length) pairs inside the line and never copied.
 */
#include <string.h>

#include "parse/dpkglog.h"
#include "util/util.h"

#define STAMP_LEN	19	/* "2024-12-19 08:29:51" */
#define WORDS_MAX	5

struct word {
	const char	*p;
	size_t		 n;
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "DDDD-DD-DD DD:DD:DD" exactly, then time_parse() for the ranges. */
static int
parse_stamp(const char *s, size_t len, int64_t *out)
{
	static const char	shape[] = "dddd-dd-dd dd:dd:dd";
	char			buf[STAMP_LEN + 1];
	size_t			i;

	if (len < STAMP_LEN)
		return -1;
	for (i = 0; i < STAMP_LEN; i++) {
		if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
			return -1;
	}
	memcpy(buf, s, STAMP_LEN);
	buf[STAMP_LEN] = '\0';
	return time_parse(buf, out);
}

/* Split at single spaces into at most WORDS_MAX words; returns how many. */
static size_t
split(const char *s, size_t len, struct word *w)
{
	size_t	n = 0, i = 0, start;

	while (i < len && n < WORDS_MAX) {
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		w[n].p = s + start;
		w[n].n = i - start;
		n++;
		if (i < len)
			i++;	/* the space */
	}
	return n;
}

static bool
word_is(const struct word *w, const char *s)
{
	return w->n == strlen(s) && memcmp(w->p, s, w->n) == 0;
}

/* "name:arch" -> "name"; an empty name or one with NUL is refused. */
static bool
set_pkg(struct dpkglog_line *l, const struct word *w)
{
	const char	*colon = memchr(w->p, ':', w->n);
	size_t		 n = colon != NULL ? (size_t)(colon - w->p) : w->n;

	if (n == 0 || n > DPKGLOG_NAME_MAX || memchr(w->p, '\0', n) != NULL)
		return false;
	l->pkg = w->p;
	l->pkglen = n;
	return true;
}

static const struct {
	const char		*word;
	enum dpkglog_action	 action;
} actions[] = {
	{ "install", DPKGLOG_INSTALL },
	{ "upgrade", DPKGLOG_UPGRADE },
	{ "remove", DPKGLOG_REMOVE },
	{ "purge", DPKGLOG_PURGE },
	{ "configure", DPKGLOG_CONFIGURE },
	{ "trigproc", DPKGLOG_TRIGPROC },
};

int
dpkglog_parse(const char *line, size_t len, struct dpkglog_line *l)
{
	struct word	w[WORDS_MAX];
	size_t		n, i;

	memset(l, 0, sizeof(*l));
	if (parse_stamp(line, len, &l->local) < 0)
		return -1;
	if (len < STAMP_LEN + 2 || line[STAMP_LEN] != ' ')
		return 0;
	n = split(line + STAMP_LEN + 1, len - STAMP_LEN - 1, w);
	if (n == 0)
		return 0;
	if (word_is(&w[0], "startup")) {
		l->action = DPKGLOG_STARTUP;
		return 0;
	}
	if (word_is(&w[0], "conffile") && n >= 3) {
		l->action = DPKGLOG_CONFFILE;
		return 0;
	}
	if (word_is(&w[0], "status") && n == 4) {
		if (w[1].n == 0 || !set_pkg(l, &w[2]))
			return 0;
		l->action = DPKGLOG_STATUS;
		l->state = w[1].p;
		l->statelen = w[1].n;
		return 0;
	}
	if (n != 4)
		return 0;
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (!word_is(&w[0], actions[i].word))
			continue;
		if (!set_pkg(l, &w[1]))
			return 0;
		l->action = actions[i].action;
		l->fresh = (l->action == DPKGLOG_INSTALL ||
		    l->action == DPKGLOG_UPGRADE) && word_is(&w[2], "<none>");
		return 0;
	}
	return 0;
}
