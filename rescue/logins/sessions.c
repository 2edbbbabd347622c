/*
 * sessions.c - pair wtmp records into sessions as util-linux last(1)
 * does, reading forwards
 *
 * last (login-utils/last.c, process_wtmp_file) reads backwards.  For a
 * login it takes the newest record it has seen on the same line since
 * the last boot or shutdown it passed; with none, the session ended at
 * that boot ("crash") or shutdown ("down"), or is still open.  Read
 * forwards that is: a login ends at the next USER or DEAD record on its
 * line, or at the next boot or shutdown, whichever comes first.  Its
 * pseudo-sessions end likewise: a boot at the next shutdown or run
 * level 0 or 6 (not at the next boot), a shutdown at the next boot or
 * shutdown, a run level at the next run level or shutdown.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logins/sessions.h"
#include "util/util.h"

/* last's own ut_type for a "~" record of user "shutdown". */
#define T_SHUTDOWN	254

#define CHUNK_SIZE	65536
#define SLOTS_MIN	64

struct sessions_chunk {
	struct sessions_chunk	*next;
	size_t			 used;
	char			 buf[CHUNK_SIZE];
};

static const char *const end_names[] = {
	"logout", "down", "crash", "still logged in", "gone - no logout",
	"still running", "none"
};

static const char *const kind_names[] = {
	"login", "boot", "shutdown", "runlevel", "time change"
};

const char *
session_end_name(enum session_end e)
{
	if ((unsigned)e >= sizeof(end_names) / sizeof(end_names[0]))
		return "unknown";
	return end_names[e];
}

const char *
session_kind_name(enum session_kind k)
{
	if ((unsigned)k >= sizeof(kind_names) / sizeof(kind_names[0]))
		return "unknown";
	return kind_names[k];
}

void
sessions_init(struct sessions *s)
{
	memset(s, 0, sizeof(*s));
}

void
sessions_free(struct sessions *s)
{
	struct sessions_chunk	*c, *next;

	for (c = s->strings; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(s->list);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/*
 * Strings go into chunks that never move, so a session's pointers stay
 * valid while the list grows; a record's strings are at most 257 bytes.
 */
static const char *
keep(struct sessions *s, const char *str)
{
	size_t			 len = strlen(str) + 1;
	struct sessions_chunk	*c = s->strings;
	char			*p;

	if (len == 1)
		return "";
	if (c == NULL || CHUNK_SIZE - c->used < len) {
		c = xmalloc(sizeof(*c));
		c->next = s->strings;
		c->used = 0;
		s->strings = c;
	}
	p = c->buf + c->used;
	memcpy(p, str, len);
	c->used += len;
	return p;
}

/*
 * The type last acts on, not the one stored: "~" records are told by
 * their user, and old writers' types are fixed up by user and line
 * (last.c's COMPAT block, which every build enables).
 */
static int
last_type(const struct utmp_record *r)
{
	int	type = r->type;

	if (r->line[0] == '~') {
		if (strncmp(r->user, "shutdown", 8) == 0)
			return T_SHUTDOWN;
		if (strncmp(r->user, "reboot", 6) == 0)
			return UTMP_BOOT_TIME;
		if (strncmp(r->user, "runlevel", 8) == 0)
			return UTMP_RUN_LVL;
		return type;
	}
	if (type != UTMP_DEAD_PROCESS && r->user[0] != '\0' &&
	    r->line[0] != '\0' && strncmp(r->user, "LOGIN", 5) != 0)
		type = UTMP_USER_PROCESS;
	if (r->user[0] == '\0')
		type = UTMP_DEAD_PROCESS;
	if (strncmp(r->user, "date", 4) == 0) {
		if (r->line[0] == '|')
			type = UTMP_OLD_TIME;
		if (r->line[0] == '{')
			type = UTMP_NEW_TIME;
	}
	return type;
}

static size_t
hash_line(const char *line)
{
	size_t	h = 2166136261u;

	while (*line != '\0')
		h = (h ^ (unsigned char)*line++) * 16777619u;
	return h;
}

/* The slot holding LINE's open login, or the free slot for it. */
static size_t *
slot_for(struct sessions *s, const char *line)
{
	size_t	i, v;

	i = hash_line(line) & (s->nslots - 1);
	for (;; i = (i + 1) & (s->nslots - 1)) {
		v = s->slots[i];
		if (v == 0 || v - 1 < s->login_from ||
		    strcmp(s->list[v - 1].line, line) == 0)
			return &s->slots[i];
	}
}

static void
slots_grow(struct sessions *s)
{
	size_t	*old = s->slots, nold = s->nslots, i, v;

	s->nslots = nold == 0 ? SLOTS_MIN : nold * 2;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	s->nlive = 0;
	for (i = 0; i < nold; i++) {
		v = old[i];
		if (v != 0 && v - 1 >= s->login_from) {
			*slot_for(s, s->list[v - 1].line) = v;
			s->nlive++;
		}
	}
	free(old);
}

static struct session *
append(struct sessions *s, enum session_kind kind,
    const struct utmp_record *r, const char *line)
{
	struct session	*ss;

	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->list = xrealloc(s->list, s->cap * sizeof(*s->list));
	}
	ss = &s->list[s->n++];
	memset(ss, 0, sizeof(*ss));
	ss->kind = kind;
	ss->how = SESSION_END_NONE;
	ss->user = keep(s, r->user);
	ss->line = keep(s, line);
	ss->host = keep(s, r->host);
	ss->addr = keep(s, r->addr);
	ss->pid = r->pid;
	ss->start_sec = r->sec;
	ss->start_usec = r->usec;
	ss->start_index = r->index;
	ss->end_index = -1;
	return ss;
}

static void
close_at(struct session *ss, enum session_end how,
    const struct utmp_record *r)
{
	ss->how = how;
	ss->end_sec = r->sec;
	ss->end_index = (int64_t)r->index;
}

/*
 * A boot, a shutdown or run level 0 or 6: the logins open end with it
 * (last clears its list of lines), and so does an open shutdown.
 */
static void
down(struct sessions *s, const struct utmp_record *r, enum session_end how)
{
	size_t	i;

	for (i = s->login_from; i < s->n; i++)
		if (s->list[i].kind == SESSION_LOGIN &&
		    s->list[i].end_index < 0)
			close_at(&s->list[i], how, r);
	s->login_from = s->n;
	s->nlive = 0;
	if (s->shutdown_open != 0)
		close_at(&s->list[s->shutdown_open - 1], SESSION_END_LOGOUT, r);
	s->shutdown_open = 0;
}

/* A shutdown or run level 0 or 6: last's lastdown, a boot's end. */
static void
end_boots(struct sessions *s, const struct utmp_record *r)
{
	size_t	i;

	for (i = s->boot_from; i < s->n; i++)
		if (s->list[i].kind == SESSION_BOOT &&
		    s->list[i].end_index < 0)
			close_at(&s->list[i], SESSION_END_LOGOUT, r);
	s->boot_from = s->n;
}

/* A shutdown or any run level: last's lastrch, a run level's end. */
static void
end_runlevel(struct sessions *s, const struct utmp_record *r)
{
	if (s->runlevel_open != 0)
		close_at(&s->list[s->runlevel_open - 1], SESSION_END_LOGOUT, r);
	s->runlevel_open = 0;
}

static void
add_line(struct sessions *s, const struct utmp_record *r, bool login)
{
	size_t		*slot, v;
	struct session	*ss;

	if (r->line[0] != '\0') {
		if (s->nslots == 0)
			slots_grow(s);
		slot = slot_for(s, r->line);
		v = *slot;
		if (v != 0 && v - 1 >= s->login_from &&
		    s->list[v - 1].end_index < 0)
			close_at(&s->list[v - 1], SESSION_END_LOGOUT, r);
	}
	if (!login)
		return;
	ss = append(s, SESSION_LOGIN, r, r->line);
	/* A login on no line is never matched: a boot or halt ends it. */
	if (r->line[0] == '\0')
		return;
	slot = slot_for(s, r->line);
	if (*slot == 0 || *slot - 1 < s->login_from)
		s->nlive++;
	*slot = (size_t)(ss - s->list) + 1;
	if (s->nlive * 2 >= s->nslots)
		slots_grow(s);
}

void
sessions_add(struct sessions *s, const struct utmp_record *r)
{
	char		 line[UTMP_LINESIZE + 1];
	struct session	*ss;
	int		 type = last_type(r), x;

	s->records++;
	switch (type) {
	case T_SHUTDOWN:
		end_boots(s, r);
		end_runlevel(s, r);
		down(s, r, SESSION_END_DOWN);
		append(s, SESSION_SHUTDOWN, r, "system down");
		s->shutdown_open = s->n;
		break;
	case UTMP_BOOT_TIME:
		down(s, r, SESSION_END_CRASH);
		append(s, SESSION_BOOT, r, "system boot");
		break;
	case UTMP_RUN_LVL:
		x = r->pid & 255;
		end_runlevel(s, r);
		if (x == '0' || x == '6') {
			end_boots(s, r);
			down(s, r, SESSION_END_DOWN);
		}
		/* As last writes it; a NUL run level ends the string. */
		snprintf(line, sizeof(line), "(to lvl %c)", x);
		ss = append(s, SESSION_RUNLEVEL, r, line);
		ss->runlevel = x;
		s->runlevel_open = s->n;
		break;
	case UTMP_OLD_TIME:
	case UTMP_NEW_TIME:
		append(s, SESSION_TIME_CHANGE, r,
		    type == UTMP_NEW_TIME ? "new time" : "old time");
		break;
	case UTMP_USER_PROCESS:
		add_line(s, r, true);
		break;
	case UTMP_DEAD_PROCESS:
		add_line(s, r, false);
		break;
	default:
		/* EMPTY, INIT, LOGIN, ACCOUNTING and unknown types. */
		break;
	}
}

void
sessions_finish(struct sessions *s, int64_t boot_sec)
{
	struct session	*ss;
	size_t		 i;

	for (i = 0; i < s->n; i++) {
		ss = &s->list[i];
		if (ss->end_index >= 0)
			continue;
		switch (ss->kind) {
		case SESSION_LOGIN:
			ss->how = ss->start_sec < boot_sec ?
			    SESSION_END_GONE : SESSION_END_STILL_IN;
			break;
		case SESSION_BOOT:
		case SESSION_RUNLEVEL:
			ss->how = SESSION_END_RUNNING;
			break;
		default:
			ss->how = SESSION_END_NONE;
			break;
		}
	}
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
}
