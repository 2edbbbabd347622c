/*
 * windows.c - attack windows: spans of time the attack happened in,
 * seeded by suspect logins and by the times of high findings, each with
 * the reasons that made it
 */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/util.h"

/* Bytes an address may continue with (IPv4, IPv6, host names). */
/* An IPv4 address may be followed by ":port"; an IPv6 one not. */
#define ADDR_CHARS(h)	(strchr((h), ':') != NULL ? \
			"0123456789abcdefABCDEF.:-_%" : "0123456789.-_" \
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

struct seed {
	int64_t		 start, end;
	bool		 open;
	char		*reason;	/* owned until moved to a window */
};

static bool
is_remote(const char *host)
{
	return host != NULL && *host != '\0' && strcmp(host, "0.0.0.0") != 0 &&
	    strcmp(host, "::") != 0 && strcmp(host, "::1") != 0 &&
	    strcmp(host, "127.0.0.1") != 0 && host[0] != ':';
}

static bool
is_root_user(const struct story *st, const char *user)
{
	size_t	i;

	if (user == NULL)
		return false;
	if (strcmp(user, "root") == 0)
		return true;
	for (i = 0; i < st->nroot_users; i++)
		if (strcmp(st->root_users[i], user) == 0)
			return true;
	return false;
}

/* A finding of medium or higher names HOST. */
static bool
host_flagged(const struct story *st, const char *host)
{
	const struct story_finding	*f;
	size_t				 i;

	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->sev < SEV_MEDIUM)
			continue;
		if (story_mentions(f->evidence, host, ADDR_CHARS(host)) ||
		    story_mentions(f->detail, host, ADDR_CHARS(host)))
			return true;
	}
	return false;
}

/* The brute force from HOST that a login at T followed, or NULL. */
static const struct story_burst *
burst_before(const struct story *st, const char *host, int64_t t)
{
	const struct story_burst	*b;
	size_t				 i;

	for (i = 0; i < st->nbursts; i++) {
		b = &st->bursts[i];
		if (b->host == NULL || strcmp(b->host, host) != 0 ||
		    b->attempts < STORY_BURST || b->first == TIME_NONE)
			continue;
		if (b->first <= t && (b->last == TIME_NONE ||
		    b->last + STORY_GAP >= t))
			return b;
	}
	return NULL;
}

/* No login from HOST before T, and logins recorded well before T. */
static bool
host_new(const struct story *st, const char *host, int64_t t)
{
	int64_t	earliest = t;
	size_t	i;

	for (i = 0; i < st->nlogins; i++) {
		if (st->logins[i].start < earliest)
			earliest = st->logins[i].start;
		if (st->logins[i].host != NULL &&
		    strcmp(st->logins[i].host, host) == 0 &&
		    st->logins[i].start < t)
			return false;
	}
	/* a week of history makes "never seen before" mean something */
	return earliest + 7 * 86400 <= t;
}

static void
add_seed(struct seed *seeds, size_t *n, size_t cap, int64_t start,
    int64_t end, bool open, char *reason)
{
	if (*n >= cap) {
		free(reason);
		return;
	}
	seeds[*n] = (struct seed){ start, end < start ? start : end, open,
	    reason };
	(*n)++;
}

static int
seed_cmp(const void *a, const void *b)
{
	const struct seed	*x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void
login_seeds(struct story *st, struct seed *seeds, size_t *n, size_t cap)
{
	const struct story_login	*l;
	const struct story_burst	*b;
	char				 t[TIME_ISO_LEN];
	const char			*why;
	size_t				 i;
	int64_t				 start;

	for (i = 0; i < st->nlogins; i++) {
		l = &st->logins[i];
		if (!is_remote(l->host))
			continue;
		b = burst_before(st, l->host, l->start);
		if (b != NULL)
			why = "after a brute force";
		else if (host_flagged(st, l->host))
			why = "from an address findings name";
		else if (l->open)
			why = "session open at shutdown";
		else if (l->user != NULL && strcmp(l->user, "root") != 0 &&
		    is_root_user(st, l->user))
			why = "to a second uid-0 account";
		else if (is_root_user(st, l->user) &&
		    host_new(st, l->host, l->start))
			why = "as root from an address never seen before";
		else
			continue;
		start = b != NULL ? b->first : l->start;
		time_iso(l->start, t, sizeof(t));
		add_seed(seeds, n, cap, start, l->end != TIME_NONE ? l->end :
		    l->start, l->end == TIME_NONE && l->open,
		    story_printf("%s logged in from %s at %s, %s",
		    l->user != NULL ? l->user : "?", l->host, t, why));
	}
}

static void
finding_seeds(struct story *st, struct seed *seeds, size_t *n, size_t cap)
{
	const struct story_finding	*f;
	char				 t[TIME_ISO_LEN];
	size_t				 i;

	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->sev < SEV_HIGH || f->time == TIME_NONE)
			continue;
		time_iso(f->time, t, sizeof(t));
		add_seed(seeds, n, cap, f->time, f->time, false,
		    story_printf("%s at %s", check_def(f->id)->name, t));
	}
}

static bool
is_login_reason(const char *r)
{
	return strstr(r, " logged in from ") != NULL;
}

static void
add_reason(struct story_window *w, char *reason)
{
	size_t	i, k;

	for (i = 0; i < w->nreason; i++) {
		if (strcmp(w->reason[i], reason) == 0)
			break;
		/* the same check at another time says nothing new */
		k = strcspn(reason, " ");
		if (!is_login_reason(reason) && reason[k] == ' ' &&
		    strncmp(w->reason[i], reason, k + 1) == 0)
			break;
	}
	if (i < w->nreason) {
		free(reason);
		return;
	}
	if (w->nreason < STORY_MAX_REASONS) {
		w->reason[w->nreason++] = reason;
		return;
	}
	/* full: a login says more than one more finding */
	for (i = w->nreason; i-- > 0; )
		if (is_login_reason(reason) &&
		    !is_login_reason(w->reason[i])) {
			free(w->reason[i]);
			w->reason[i] = reason;
			return;
		}
	free(reason);
}

void
story_windows(struct story *st, int64_t since, int64_t until)
{
	struct story_window	*w = NULL;
	struct seed		*seeds;
	size_t			 i, n = 0, cap;

	story_merge_logins(st);
	if (since != TIME_NONE || until != TIME_NONE) {
		/* the operator knows better: one window, as given */
		w = &st->windows[st->nwindows++];
		w->start = since != TIME_NONE ? since : INT64_MIN + 1;
		w->end = until != TIME_NONE ? until : INT64_MAX;
		w->given = true;
		w->reason[w->nreason++] = xstrdup("given with --since/--until");
		return;
	}
	cap = st->nlogins + st->nfindings + 1;
	seeds = xcalloc(cap, sizeof(*seeds));
	login_seeds(st, seeds, &n, cap);
	finding_seeds(st, seeds, &n, cap);
	qsort(seeds, n, sizeof(*seeds), seed_cmp);
	for (i = 0; i < n; i++) {
		if (w != NULL && seeds[i].start <= w->end + STORY_GAP) {
			if (seeds[i].end > w->end)
				w->end = seeds[i].end;
			w->open |= seeds[i].open;
			add_reason(w, seeds[i].reason);
			continue;
		}
		if (st->nwindows == STORY_MAX_WINDOWS) {
			free(seeds[i].reason);
			continue;
		}
		w = &st->windows[st->nwindows++];
		w->start = seeds[i].start;
		w->end = seeds[i].end;
		w->open = seeds[i].open;
		add_reason(w, seeds[i].reason);
	}
	free(seeds);
}
