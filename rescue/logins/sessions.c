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
 *
 * A session is held from its start until it has been handed out, in a
 * pool of cells reused as sessions are drained; the lines' table and
 * the lists of open logins and boots name cells.  A session still open
 * would hold back every one after it, for a year if it is the boot of
 * a server that never went down, so once hold sessions wait behind it
 * it is set aside, and goes back to the queue when it ends.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logins/sessions.h"
#include "util/util.h"

/* last's own ut_type for a "~" record of user "shutdown". */
#define T_SHUTDOWN	254

#define NONE		SIZE_MAX
#define SLOTS_MIN	64
#define QUEUE_MIN	64
#define SLOT_TOMB	SIZE_MAX

struct session_cell {
	struct session	 s;
	char		*strings;	/* user, line, host, addr: one block */
	uint64_t	 seq;		/* sessions started before it */
	size_t		 prev, next;	/* its open list, or the free list */
	bool		 open;		/* its end not yet decided */
	bool		 parked;	/* set aside from the queue */
};

/* cell: 0 free, cell index + 1, or SLOT_TOMB; free if gen is old. */
struct session_slot {
	size_t		 cell;
	uint64_t	 gen;
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
	s->hold = SESSIONS_HOLD;
	s->free_cell = NONE;
	s->logins_first = s->logins_last = NONE;
	s->boots_first = s->boots_last = NONE;
	s->shutdown_open = s->runlevel_open = NONE;
	s->gen = 1;
}

void
sessions_free(struct sessions *s)
{
	size_t	i;

	/* A free cell's strings are NULL. */
	for (i = 0; i < s->ncells; i++)
		free(s->cells[i].strings);
	free(s->cells);
	free(s->queue);
	free(s->pending);
	free(s->slots);
	memset(s, 0, sizeof(*s));
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

/* ---------------------------------------------------------------- */
/* Cells and the queue */

/* Room at the front, left by sessions handed out, is used first. */
static void
queue_push(struct sessions *s, size_t cell)
{
	if (s->tail == s->qcap && s->head >= s->qcap / 2 && s->head > 0) {
		memmove(s->queue, s->queue + s->head,
		    (s->tail - s->head) * sizeof(*s->queue));
		s->scan -= s->head;
		s->tail -= s->head;
		s->head = 0;
	} else if (s->tail == s->qcap) {
		s->qcap = s->qcap == 0 ? QUEUE_MIN : s->qcap * 2;
		s->queue = xrealloc(s->queue, s->qcap * sizeof(*s->queue));
	}
	s->queue[s->tail++] = cell;
}

static size_t
cell_new(struct sessions *s)
{
	size_t	i, n;

	if (s->free_cell == NONE) {
		n = s->ncells == 0 ? QUEUE_MIN : s->ncells * 2;
		s->cells = xrealloc(s->cells, n * sizeof(*s->cells));
		for (i = n; i-- > s->ncells;) {
			s->cells[i].next = s->free_cell;
			s->cells[i].strings = NULL;
			s->cells[i].parked = false;
			s->free_cell = i;
		}
		s->ncells = n;
	}
	i = s->free_cell;
	s->free_cell = s->cells[i].next;
	if (++s->held > s->held_max)
		s->held_max = s->held;
	return i;
}

static void
cell_free(struct sessions *s, size_t i)
{
	struct session_cell	*c = &s->cells[i];

	free(c->strings);
	c->strings = NULL;
	c->parked = false;
	c->next = s->free_cell;
	s->free_cell = i;
	s->held--;
}

static void
list_add(struct sessions *s, size_t *first, size_t *last, size_t i)
{
	s->cells[i].prev = *last;
	s->cells[i].next = NONE;
	if (*last != NONE)
		s->cells[*last].next = i;
	else
		*first = i;
	*last = i;
}

static void
list_del(struct sessions *s, size_t *first, size_t *last, size_t i)
{
	struct session_cell	*c = &s->cells[i];

	if (c->prev != NONE)
		s->cells[c->prev].next = c->next;
	else
		*first = c->next;
	if (c->next != NONE)
		s->cells[c->next].prev = c->prev;
	else
		*last = c->prev;
}

static int
by_seq(const void *a, const void *b)
{
	const uint64_t	*x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

/* Sessions set aside that have ended go back, oldest first. */
static void
flush_pending(struct sessions *s)
{
	uint64_t	*v;
	size_t		 i;

	if (s->npending == 0)
		return;
	if (s->npending > 1) {
		v = xcalloc(s->npending, 2 * sizeof(*v));
		for (i = 0; i < s->npending; i++) {
			v[2 * i] = s->cells[s->pending[i]].seq;
			v[2 * i + 1] = s->pending[i];
		}
		qsort(v, s->npending, 2 * sizeof(*v), by_seq);
		for (i = 0; i < s->npending; i++)
			s->pending[i] = (size_t)v[2 * i + 1];
		free(v);
	}
	for (i = 0; i < s->npending; i++) {
		s->cells[s->pending[i]].parked = false;
		queue_push(s, s->pending[i]);
	}
	s->npending = 0;
}

/* Its end is decided now. */
static void
decided(struct sessions *s, size_t i)
{
	struct session_cell	*c = &s->cells[i];

	c->open = false;
	if (!c->parked)
		return;
	if (s->npending == s->pendcap) {
		s->pendcap = s->pendcap == 0 ? 16 : s->pendcap * 2;
		s->pending = xrealloc(s->pending,
		    s->pendcap * sizeof(*s->pending));
	}
	s->pending[s->npending++] = i;
}

/*
 * Past the decided ones to the oldest open session; set it aside while
 * more than hold wait behind it.  Only the records decide this.
 */
static void
advance(struct sessions *s)
{
	size_t	i;

	for (;;) {
		while (s->scan < s->tail && (s->queue[s->scan] == NONE ||
		    !s->cells[s->queue[s->scan]].open))
			s->scan++;
		if (s->scan == s->tail || s->tail - s->scan - 1 <= s->hold)
			return;
		i = s->queue[s->scan];
		s->cells[i].parked = true;
		s->queue[s->scan++] = NONE;
	}
}

/* ---------------------------------------------------------------- */
/* Open logins by line */

static size_t
hash_line(const char *line)
{
	size_t	h = 2166136261u;

	while (*line != '\0')
		h = (h ^ (unsigned char)*line++) * 16777619u;
	return h;
}

static bool
slot_live(const struct sessions *s, const struct session_slot *sl)
{
	return sl->gen == s->gen && sl->cell != 0 && sl->cell != SLOT_TOMB;
}

/* The slot holding LINE's open login, or the slot to put it in. */
static struct session_slot *
slot_for(struct sessions *s, const char *line)
{
	struct session_slot	*sl, *tomb = NULL;
	size_t			 i;

	i = hash_line(line) & (s->nslots - 1);
	for (;; i = (i + 1) & (s->nslots - 1)) {
		sl = &s->slots[i];
		if (sl->gen != s->gen || sl->cell == 0)
			return tomb != NULL ? tomb : sl;
		if (sl->cell == SLOT_TOMB) {
			if (tomb == NULL)
				tomb = sl;
		} else if (strcmp(s->cells[sl->cell - 1].s.line, line) == 0)
			return sl;
	}
}

/* Room for the live ones twice over, tombstones dropped. */
static void
slots_rehash(struct sessions *s)
{
	struct session_slot	*old = s->slots, *sl;
	size_t			 nold = s->nslots, i, n = SLOTS_MIN;

	while (n < s->nlive * 4)
		n *= 2;
	s->slots = xcalloc(n, sizeof(*s->slots));
	s->nslots = n;
	s->ntomb = 0;
	for (i = 0; i < nold; i++)
		if (slot_live(s, &old[i])) {
			sl = slot_for(s, s->cells[old[i].cell - 1].s.line);
			*sl = old[i];
		}
	free(old);
}

/* ---------------------------------------------------------------- */
/* Pairing */

/* At most MAX bytes of STR, which the parser ends with a NUL anyway. */
static char *
copy_str(char *p, const char *str, size_t max, const char **to)
{
	size_t	len = strnlen(str, max);

	memcpy(p, str, len);
	p[len] = '\0';
	*to = p;
	return p + len + 1;
}

static struct session *
append(struct sessions *s, enum session_kind kind,
    const struct utmp_record *r, const char *line)
{
	struct session_cell	*c;
	struct session		*ss;
	size_t			 i;
	char			*p;

	/* What ended with this record goes before it. */
	flush_pending(s);
	i = cell_new(s);
	c = &s->cells[i];
	c->seq = s->started++;
	c->open = true;
	c->parked = false;
	c->prev = c->next = NONE;
	c->strings = p = xmalloc(strnlen(r->user, sizeof(r->user)) +
	    strnlen(line, UTMP_LINESIZE + 1) +
	    strnlen(r->host, sizeof(r->host)) +
	    strnlen(r->addr, sizeof(r->addr)) + 4);
	ss = &c->s;
	memset(ss, 0, sizeof(*ss));
	p = copy_str(p, r->user, sizeof(r->user), &ss->user);
	p = copy_str(p, line, UTMP_LINESIZE + 1, &ss->line);
	p = copy_str(p, r->host, sizeof(r->host), &ss->host);
	copy_str(p, r->addr, sizeof(r->addr), &ss->addr);
	ss->kind = kind;
	ss->how = SESSION_END_NONE;
	ss->pid = r->pid;
	ss->start_sec = r->sec;
	ss->start_usec = r->usec;
	ss->start_index = r->index;
	ss->end_index = -1;
	queue_push(s, i);
	return ss;
}

/* The cell index of the session just appended. */
static size_t
last_cell(const struct sessions *s)
{
	return s->queue[s->tail - 1];
}

static void
close_at(struct sessions *s, size_t i, enum session_end how,
    const struct utmp_record *r)
{
	struct session	*ss = &s->cells[i].s;

	ss->how = how;
	ss->end_sec = r->sec;
	ss->end_index = (int64_t)r->index;
	decided(s, i);
}

/*
 * A boot, a shutdown or run level 0 or 6: the logins open end with it
 * (last clears its list of lines), and so does an open shutdown.
 */
static void
down(struct sessions *s, const struct utmp_record *r, enum session_end how)
{
	size_t	i;

	for (i = s->logins_first; i != NONE; i = s->cells[i].next)
		close_at(s, i, how, r);
	s->logins_first = s->logins_last = NONE;
	s->gen++;
	s->nlive = s->ntomb = 0;
	if (s->shutdown_open != NONE)
		close_at(s, s->shutdown_open, SESSION_END_LOGOUT, r);
	s->shutdown_open = NONE;
}

/* A shutdown or run level 0 or 6: last's lastdown, a boot's end. */
static void
end_boots(struct sessions *s, const struct utmp_record *r)
{
	size_t	i;

	for (i = s->boots_first; i != NONE; i = s->cells[i].next)
		close_at(s, i, SESSION_END_LOGOUT, r);
	s->boots_first = s->boots_last = NONE;
}

/* A shutdown or any run level: last's lastrch, a run level's end. */
static void
end_runlevel(struct sessions *s, const struct utmp_record *r)
{
	if (s->runlevel_open != NONE)
		close_at(s, s->runlevel_open, SESSION_END_LOGOUT, r);
	s->runlevel_open = NONE;
}

static void
add_line(struct sessions *s, const struct utmp_record *r, bool login)
{
	struct session_slot	*sl;
	size_t			 i;

	if (r->line[0] != '\0') {
		if (s->nslots == 0)
			slots_rehash(s);
		sl = slot_for(s, r->line);
		if (slot_live(s, sl)) {
			i = sl->cell - 1;
			close_at(s, i, SESSION_END_LOGOUT, r);
			list_del(s, &s->logins_first, &s->logins_last, i);
			sl->cell = SLOT_TOMB;
			s->nlive--;
			s->ntomb++;
		}
	}
	if (!login)
		return;
	append(s, SESSION_LOGIN, r, r->line);
	i = last_cell(s);
	list_add(s, &s->logins_first, &s->logins_last, i);
	/* A login on no line is never matched: a boot or halt ends it. */
	if (r->line[0] == '\0')
		return;
	sl = slot_for(s, r->line);
	if (sl->gen == s->gen && sl->cell == SLOT_TOMB)
		s->ntomb--;
	sl->cell = i + 1;
	sl->gen = s->gen;
	s->nlive++;
	if ((s->nlive + s->ntomb) * 2 >= s->nslots)
		slots_rehash(s);
}

void
sessions_add(struct sessions *s, const struct utmp_record *r)
{
	char		 line[UTMP_LINESIZE + 1];
	struct session	*ss;
	int		 type = last_type(r), x;

	if (s->finished)
		return;
	s->records++;
	switch (type) {
	case T_SHUTDOWN:
		end_boots(s, r);
		end_runlevel(s, r);
		down(s, r, SESSION_END_DOWN);
		append(s, SESSION_SHUTDOWN, r, "system down");
		s->shutdown_open = last_cell(s);
		break;
	case UTMP_BOOT_TIME:
		down(s, r, SESSION_END_CRASH);
		append(s, SESSION_BOOT, r, "system boot");
		list_add(s, &s->boots_first, &s->boots_last, last_cell(s));
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
		s->runlevel_open = last_cell(s);
		break;
	case UTMP_OLD_TIME:
	case UTMP_NEW_TIME:
		append(s, SESSION_TIME_CHANGE, r,
		    type == UTMP_NEW_TIME ? "new time" : "old time");
		/* It has no end to wait for. */
		decided(s, last_cell(s));
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
	flush_pending(s);
	advance(s);
}

static void
finish_one(struct session *ss, int64_t boot_sec)
{
	if (ss->end_index >= 0)
		return;
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

void
sessions_finish(struct sessions *s, int64_t boot_sec)
{
	size_t	i;

	if (!s->finished) {
		for (i = s->logins_first; i != NONE; i = s->cells[i].next)
			decided(s, i);
		for (i = s->boots_first; i != NONE; i = s->cells[i].next)
			decided(s, i);
		if (s->shutdown_open != NONE)
			decided(s, s->shutdown_open);
		if (s->runlevel_open != NONE)
			decided(s, s->runlevel_open);
		s->logins_first = s->logins_last = NONE;
		s->boots_first = s->boots_last = NONE;
		s->shutdown_open = s->runlevel_open = NONE;
		flush_pending(s);
		s->scan = s->tail;
		free(s->slots);
		s->slots = NULL;
		s->nslots = s->nlive = s->ntomb = 0;
		s->finished = true;
	}
	for (i = s->head; i < s->tail; i++)
		if (s->queue[i] != NONE)
			finish_one(&s->cells[s->queue[i]].s, boot_sec);
}

size_t
sessions_drain(struct sessions *s, session_fn *fn, void *arg)
{
	size_t	i, n = 0;

	while (s->head < s->scan) {
		i = s->queue[s->head++];
		if (i == NONE)
			continue;
		fn(&s->cells[i].s, arg);
		cell_free(s, i);
		n++;
	}
	return n;
}
