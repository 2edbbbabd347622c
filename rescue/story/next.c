/*
 * next.c - what to do next: copy the data out with the flagged files
 * quarantined, which accounts and keys to rotate, which services and
 * start-up entries the attack touched, which addresses to block
 */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/util.h"

#define LIST_MAX	4	/* names in one step, then "and N more" */

struct list {
	const char	*item[LIST_MAX];
	size_t		 n, more;
};

static void
list_add(struct list *l, const char *s)
{
	size_t	i;

	if (s == NULL || *s == '\0')
		return;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->item[i], s) == 0)
			return;
	if (l->n < LIST_MAX)
		l->item[l->n++] = s;
	else
		l->more++;
}

/* "a, b, c and 2 more" */
static char *
list_str(const struct list *l)
{
	char	*s = xstrdup(""), *t;
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		t = story_printf("%s%s%s", s, i == 0 ? "" : ", ", l->item[i]);
		free(s);
		s = t;
	}
	if (l->more > 0) {
		t = story_printf("%s and %zu more", s, l->more);
		free(s);
		s = t;
	}
	return s;
}

static void
step(struct story *st, char *s)
{
	if (st->nsteps < STORY_MAX_STEPS)
		st->steps[st->nsteps++] = s;
	else
		free(s);
}

static void
list_step(struct story *st, const struct list *l, const char *fmt)
{
	char	*s;

	if (l->n == 0)
		return;
	s = list_str(l);
	step(st, story_printf(fmt, s));
	free(s);
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void
story_next(struct story *st)
{
	const struct story_finding	*f;
	const char			*name;
	struct list			 users = { .n = 0 }, made = { .n = 0 },
					 keys = { .n = 0 }, starts = { .n = 0 },
					 hosts = { .n = 0 }, files = { .n = 0 };
	size_t				 i;

	if (st->verdict == STORY_CLEAN) {
		step(st, xstrdup("nothing to clean up: keep this report with "
		    "the server's records"));
		return;
	}
	step(st, story_printf("copy the data out, flagged files "
	    "quarantined apart: rescue export %s -o data.tar.zst",
	    st->target != NULL ? st->target : "TARGET"));
	if (st->verdict == STORY_COMPROMISED)
		step(st, xstrdup("do not boot this system again: reinstall "
		    "from scratch and restore data, never programs, from the "
		    "export"));
	for (i = 0; i < st->nlogins; i++)
		if (story_window_at(st, st->logins[i].start) != NULL)
			list_add(&users, st->logins[i].user);
	for (i = 0; i < st->njoins; i++) {
		if (st->joins[i].id == CHECK_STORY_ACCOUNT)
			list_add(&made, st->joins[i].subject);
		else if (st->joins[i].id == CHECK_STORY_ACTOR ||
		    st->joins[i].id == CHECK_STORY_ACTOR_SEEN)
			list_add(&hosts, st->joins[i].subject);
	}
	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->sev < SEV_MEDIUM || f->path == NULL)
			continue;
		name = check_def(f->id)->name;
		if (strstr(f->path, "authorized_keys") != NULL)
			list_add(&keys, f->path);
		else if (starts_with(name, "unit.") ||
		    starts_with(name, "cron.") ||
		    starts_with(name, "persist.") ||
		    starts_with(name, "rc.") || starts_with(name, "profile."))
			list_add(&starts, f->path);
		else if (starts_with(name, "binaries.") ||
		    starts_with(name, "pkg."))
			list_add(&files, f->path);
	}
	list_step(st, &made, "remove or lock the accounts the attack made "
	    "or changed: %s");
	list_step(st, &users, "change the passwords and keys of the "
	    "accounts that logged in during the attack: %s");
	list_step(st, &keys, "check every key in %s: keys added there let "
	    "the intruder back in");
	list_step(st, &starts, "what the attack made the system start "
	    "(remove on any copy you keep): %s");
	list_step(st, &files, "planted or changed programs (in the "
	    "quarantine): %s");
	if (st->verdict == STORY_COMPROMISED)
		step(st, xstrdup("replace the SSH host keys and every secret "
		    "root could read: TLS keys, database and API passwords"));
	list_step(st, &hosts, "block and report the addresses: %s");
}
