/*
 * story.c - what the story hears: copies of the findings and of the
 * records it needs (logins, failures, commands, accounts, files), kept
 * under caps, and the helpers the other story files share
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/util.h"

struct story *
story_new(void)
{
	return xcalloc(1, sizeof(struct story));
}

static void
free_strv(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
story_free(struct story *st)
{
	size_t	i, k;

	if (st == NULL)
		return;
	for (i = 0; i < st->nlogins; i++) {
		free(st->logins[i].user);
		free(st->logins[i].host);
		free(st->logins[i].tty);
		free(st->logins[i].source);
	}
	free(st->logins);
	for (i = 0; i < st->nbursts; i++) {
		free(st->bursts[i].host);
		free(st->bursts[i].users);
	}
	free(st->bursts);
	for (i = 0; i < st->ncmds; i++) {
		free(st->cmds[i].user);
		free(st->cmds[i].text);
		free(st->cmds[i].source);
	}
	free(st->cmds);
	for (i = 0; i < st->nfiles; i++) {
		free(st->files[i].path);
		free(st->files[i].what);
	}
	free(st->files);
	for (i = 0; i < st->nfindings; i++) {
		free(st->findings[i].path);
		free(st->findings[i].evidence);
		free(st->findings[i].detail);
	}
	free(st->findings);
	free_strv(st->root_users, st->nroot_users);
	free_strv(st->users, st->nusers);
	for (i = 0; i < st->nwindows; i++)
		for (k = 0; k < st->windows[i].nreason; k++)
			free(st->windows[i].reason[k]);
	for (i = 0; i < st->njoins; i++) {
		free(st->joins[i].subject);
		free(st->joins[i].evidence);
		free(st->joins[i].detail);
		/* refs point into the findings and items above */
	}
	free(st->joins);
	for (i = 0; i < st->nfacts; i++)
		free(st->facts[i]);
	for (i = 0; i < st->nsteps; i++)
		free(st->steps[i]);
	free_strv(st->pool, st->npool);
	free(st);
}

char *
story_printf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		/* as xmalloc: out of memory is the one reason to exit */
		fputs("rescue: out of memory\n", stderr);
		exit(3);
	}
	return s;
}

const char *
story_pooled(struct story *st, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		fputs("rescue: out of memory\n", stderr);
		exit(3);
	}
	va_end(ap);
	if (st->npool == 0 || (st->npool & (st->npool - 1)) == 0)
		st->pool = xrealloc(st->pool, (st->npool == 0 ? 1 :
		    st->npool * 2) * sizeof(*st->pool));
	st->pool[st->npool++] = s;
	return s;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* Room for one more of N items of SIZE in *V; false past the cap. */
static bool
grow(struct story *st, void **v, size_t n, size_t size)
{
	if (n >= STORY_MAX_ITEMS) {
		st->dropped++;
		return false;
	}
	/* double at powers of two: n is the count before adding */
	if (n == 0 || (n & (n - 1)) == 0)
		*v = xrealloc(*v, (n == 0 ? 1 : n * 2) * size);
	return true;
}

void
story_file_change(struct story *st, const char *path, int64_t time,
    const char *what)
{
	struct story_file	*f;

	if (path == NULL || *path != '/' || time == TIME_NONE)
		return;
	if (!grow(st, (void **)&st->files, st->nfiles, sizeof(*f)))
		return;
	f = &st->files[st->nfiles++];
	f->path = xstrdup(path);
	f->what = xstrdup(what != NULL ? what : "changed");
	f->time = time;
}

void
story_tap_finding(const struct finding *fd, void *arg)
{
	struct story		*st = arg;
	struct story_finding	*f;

	/* a joined finding coming back through the report: not evidence */
	if (fd->f.nrefs > 0)
		return;
	if (st->nfindings >= STORY_MAX_FINDINGS) {
		st->dropped++;
		return;
	}
	if (st->nfindings == 0 || (st->nfindings & (st->nfindings - 1)) == 0)
		st->findings = xrealloc(st->findings, (st->nfindings == 0 ? 1 :
		    st->nfindings * 2) * sizeof(*f));
	f = &st->findings[st->nfindings++];
	f->id = fd->id;
	f->sev = fd->def->sev;
	f->path = dup_or_null(fd->f.path);
	f->evidence = dup_or_null(fd->f.evidence);
	f->detail = dup_or_null(fd->f.detail);
	f->line = fd->f.line;
	f->time = fd->f.time;
	/* until a timeline analyzer calls the hook, the findings say */
	if (fd->def->sev >= SEV_MEDIUM && fd->f.path != NULL &&
	    strncmp(fd->def->name, "history.", 8) != 0 &&
	    strncmp(fd->def->name, "logins.", 7) != 0)
		story_file_change(st, fd->f.path, fd->f.time, fd->def->name);
}

static const struct field *
field(const struct record *r, const char *name)
{
	const struct field	*f;

	for (f = r->fields; f->type != F_END; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const char *
fstr(const struct record *r, const char *name)
{
	const struct field	*f = field(r, name);

	return f != NULL && f->type == F_STR ? f->s : NULL;
}

static int64_t
fnum(const struct record *r, const char *name, int64_t none)
{
	const struct field	*f = field(r, name);

	return f != NULL && f->type != F_STR && f->type != F_MAP ? f->i :
	    none;
}

static void
add_login(struct story *st, const char *user, const char *host,
    const char *tty, const char *source, int64_t start, int64_t end,
    bool open)
{
	struct story_login	*l;

	if (start == TIME_NONE)
		return;
	if (!grow(st, (void **)&st->logins, st->nlogins, sizeof(*l)))
		return;
	l = &st->logins[st->nlogins++];
	l->user = dup_or_null(user);
	l->host = dup_or_null(host);
	l->tty = dup_or_null(tty);
	l->source = dup_or_null(source);
	l->start = start;
	l->end = end;
	l->open = open;
	l->merged = false;
}

static int
strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* By time, then user and address: the same order on every libc. */
static int
login_cmp(const void *a, const void *b)
{
	const struct story_login	*x = a, *y = b;
	int				 c;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if ((c = strcmp_null(x->user, y->user)) != 0)
		return c;
	if ((c = strcmp_null(x->host, y->host)) != 0)
		return c;
	return strcmp_null(x->tty, y->tty);
}

static bool
same_str(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/*
 * One login heard several times (the wtmp session, sshd's line in
 * auth.log or the journal, lastlog): the same user within a second,
 * from the same address or one that does not say.  Kept once, with the
 * session's tty and end where one of them has them.
 */
void
story_merge_logins(struct story *st)
{
	struct story_login	*a, *b;
	size_t			 i, j, w;

	if (st->nlogins < 2)
		return;
	qsort(st->logins, st->nlogins, sizeof(*st->logins), login_cmp);
	for (i = 0; i < st->nlogins; i++) {
		a = &st->logins[i];
		if (a->user == NULL || a->merged)
			continue;
		for (j = i + 1; j < st->nlogins &&
		    st->logins[j].start <= a->start + 1; j++) {
			b = &st->logins[j];
			if (b->merged || !same_str(a->user, b->user) || (a->host != NULL &&
			    b->host != NULL && strcmp(a->host, b->host) != 0))
				continue;
			if (a->host == NULL) {
				a->host = b->host;
				b->host = NULL;
			}
			if (a->tty == NULL && b->tty != NULL) {
				free(a->source);
				a->tty = b->tty;
				a->source = b->source;
				a->end = b->end;
				a->open = b->open;
				b->tty = b->source = NULL;
			}
			b->merged = true;
		}
	}
	for (i = w = 0; i < st->nlogins; i++) {
		b = &st->logins[i];
		if (b->merged) {
			free(b->user);
			free(b->host);
			free(b->tty);
			free(b->source);
			continue;
		}
		st->logins[w++] = *b;
	}
	st->nlogins = w;
}

static void
add_user(struct story *st, char ***v, size_t *n, const char *user)
{
	size_t	i;

	if (user == NULL || *user == '\0')
		return;
	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], user) == 0)
			return;
	if (!grow(st, (void **)v, *n, sizeof(**v)))
		return;
	(*v)[(*n)++] = xstrdup(user);
}

void
story_tap_record(const struct record *r, void *arg)
{
	struct story		*st = arg;
	struct story_burst	*b;
	struct story_cmd	*c;
	const char		*status, *host;

	if (strcmp(r->kind, "login") == 0) {
		status = fstr(r, "status");
		host = fstr(r, "host");
		add_login(st, fstr(r, "user"), host, fstr(r, "tty"),
		    fstr(r, "source"), fnum(r, "start", TIME_NONE),
		    fnum(r, "end", TIME_NONE), status != NULL &&
		    strstr(status, "still") != NULL);
	} else if (strcmp(r->kind, "lastlog") == 0 ||
	    strcmp(r->kind, "ssh_login") == 0) {
		host = fstr(r, "host");
		if (host == NULL)
			host = fstr(r, "from");
		add_login(st, fstr(r, "user"), host, fstr(r, "tty"),
		    fstr(r, "source"),
		    fnum(r, "time", TIME_NONE), TIME_NONE, false);
	} else if (strcmp(r->kind, "failed") == 0) {
		if (!grow(st, (void **)&st->bursts, st->nbursts, sizeof(*b)))
			return;
		b = &st->bursts[st->nbursts++];
		b->host = dup_or_null(fstr(r, "from"));
		b->users = dup_or_null(fstr(r, "users"));
		b->attempts = (long)fnum(r, "attempts", 0);
		b->first = fnum(r, "first", TIME_NONE);
		b->last = fnum(r, "last", TIME_NONE);
	} else if (strcmp(r->kind, "command") == 0) {
		/* a command without a time cannot go on a timeline */
		if (fnum(r, "time", TIME_NONE) == TIME_NONE ||
		    fstr(r, "text") == NULL)
			return;
		if (!grow(st, (void **)&st->cmds, st->ncmds, sizeof(*c)))
			return;
		c = &st->cmds[st->ncmds++];
		c->user = dup_or_null(fstr(r, "user"));
		c->text = xstrdup(fstr(r, "text"));
		c->source = dup_or_null(fstr(r, "source"));
		c->line = (long)fnum(r, "line", 0);
		c->time = fnum(r, "time", TIME_NONE);
	} else if (strcmp(r->kind, "account") == 0) {
		add_user(st, &st->users, &st->nusers, fstr(r, "user"));
		if (fnum(r, "uid", -1) == 0)
			add_user(st, &st->root_users, &st->nroot_users,
			    fstr(r, "user"));
	} else if (strcmp(r->kind, "elf") == 0) {
		story_file_change(st, fstr(r, "path"),
		    fnum(r, "birth", TIME_NONE) != TIME_NONE ?
		    fnum(r, "birth", TIME_NONE) : fnum(r, "mtime", TIME_NONE),
		    "program");
	}
}

bool
story_mentions(const char *hay, const char *needle, const char *namechars)
{
	const char	*p;
	size_t		 n;

	if (hay == NULL || needle == NULL || (n = strlen(needle)) == 0)
		return false;
	for (p = hay; (p = strstr(p, needle)) != NULL; p++) {
		if (p > hay && strchr(namechars, p[-1]) != NULL)
			continue;
		if (p[n] != '\0' && strchr(namechars, p[n]) != NULL)
			continue;
		return true;
	}
	return false;
}

const char *
story_verdict_name(enum story_verdict v)
{
	static const char *const names[] = { "clean", "suspicious",
	    "compromised" };

	return names[v];
}

const struct story_window *
story_window_at(const struct story *st, int64_t t)
{
	size_t	i;

	if (t == TIME_NONE)
		return NULL;
	for (i = 0; i < st->nwindows; i++)
		if (t >= st->windows[i].start && t <= st->windows[i].end)
			return &st->windows[i];
	return NULL;
}

void
story_build(struct story *st, int64_t since, int64_t until)
{
	story_windows(st, since, until);
	story_join(st);
	story_verdict(st);
	story_next(st);
}

void
story_report(const struct story *st, struct report *r)
{
	const struct story_join	*j;
	size_t			 i;

	for (i = 0; i < st->njoins; i++) {
		j = &st->joins[i];
		report_finding(r, j->id, &(struct fctx){
		    .path = j->id == CHECK_STORY_IMPLANT ? j->subject : NULL,
		    .evidence = j->evidence, .detail = j->detail,
		    .time = j->time, .refs = j->refs, .nrefs = j->nrefs });
	}
	report_story(r, st);
}

const char *
story_ev_name(enum story_ev_kind k)
{
	static const char *const names[] = { "failed", "login", "command",
	    "file" };

	return names[k];
}

static int
ev_cmp(const void *a, const void *b)
{
	const struct story_event	*x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	/* files of one time by name, so that one file's findings meet */
	if (x->kind == STORY_EV_FILE)
		return strcmp(x->what, y->what);
	return 0;
}

static bool
in_w(const struct story_window *w, int64_t t)
{
	return t != TIME_NONE && t >= w->start && t <= w->end;
}

static void
ev_add(struct story_event **v, size_t *n, size_t *more,
    const struct story_event *e)
{
	if (*n >= STORY_EV_MAX) {
		(*more)++;
		return;
	}
	if (*n == 0 || (*n & (*n - 1)) == 0)
		*v = xrealloc(*v, (*n == 0 ? 1 : *n * 2) * sizeof(**v));
	(*v)[(*n)++] = *e;
}

struct story_event *
story_events(const struct story *st, const struct story_window *w,
    size_t *n, size_t *more)
{
	struct story_event	*v = NULL;
	const struct story_file	*f;
	size_t			 i, k;

	*n = *more = 0;
	for (i = 0; i < st->nbursts; i++) {
		const struct story_burst *b = &st->bursts[i];

		if (b->first == TIME_NONE || b->first > w->end ||
		    (b->last != TIME_NONE ? b->last : b->first) < w->start)
			continue;
		ev_add(&v, n, more, &(struct story_event){ STORY_EV_FAILED,
		    b->first, b->last, b->host, b->users, NULL, b->attempts,
		    false });
	}
	for (i = 0; i < st->nlogins; i++) {
		const struct story_login *l = &st->logins[i];

		if (!in_w(w, l->start))
			continue;
		/* the same login from wtmp and from auth.log: once */
		for (k = 0; k < i; k++)
			if (st->logins[k].start >= l->start - 1 &&
			    st->logins[k].start <= l->start + 1 &&
			    st->logins[k].user != NULL && l->user != NULL &&
			    strcmp(st->logins[k].user, l->user) == 0)
				break;
		if (k < i)
			continue;
		ev_add(&v, n, more, &(struct story_event){ STORY_EV_LOGIN,
		    l->start, l->end, l->user, l->tty, l->host, 0, l->open });
	}
	for (i = 0; i < st->ncmds; i++)
		if (in_w(w, st->cmds[i].time))
			ev_add(&v, n, more, &(struct story_event){
			    STORY_EV_COMMAND, st->cmds[i].time, TIME_NONE,
			    st->cmds[i].user, st->cmds[i].text,
			    st->cmds[i].source, 0, false });
	for (i = 0; i < st->nfiles; i++) {
		f = &st->files[i];
		if (in_w(w, f->time))
			ev_add(&v, n, more, &(struct story_event){
			    STORY_EV_FILE, f->time, TIME_NONE, NULL, f->path,
			    f->what, 0, false });
	}
	if (*n == 0)
		return v;
	qsort(v, *n, sizeof(*v), ev_cmp);
	/* several findings on one file at one time: one line */
	for (i = k = 1; i < *n; i++)
		if (v[i].kind != STORY_EV_FILE || v[k - 1].kind !=
		    STORY_EV_FILE || v[i].time != v[k - 1].time ||
		    strcmp(v[i].what, v[k - 1].what) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}
