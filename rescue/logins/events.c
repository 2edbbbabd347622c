/*
 * events.c - where every source's logins and failed attempts meet: the
 * per-address counts, the lastlog entries found in wtmp, the accounts
 * that matter (uid 0, sudoers)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logins/logins.h"
#include "util/util.h"

/* Within this of each other, a wtmp login and a lastlog time agree. */
#define SAME_LOGIN	120

static bool
in_list(char *const *list, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

bool
logins_is_uid0_alias(const struct logins *l, const char *user)
{
	return strcmp(user, "root") != 0 && in_list(l->uid0, l->nuid0, user);
}

bool
logins_is_privileged(const struct logins *l, const char *user)
{
	return strcmp(user, "root") == 0 || in_list(l->uid0, l->nuid0, user) ||
	    in_list(l->sudoers, l->nsudoers, user);
}

static void
match_lastlog(struct logins *l, const struct login_event *e)
{
	struct lastlog_want	*w;
	size_t			 i;

	if (e->time == TIME_NONE)
		return;
	for (i = 0; i < l->nwant; i++) {
		w = &l->want[i];
		if (strcmp(w->user, e->user) != 0)
			continue;
		if (w->wtmp_latest == TIME_NONE || e->time > w->wtmp_latest)
			w->wtmp_latest = e->time;
		if (e->time >= w->time - SAME_LOGIN &&
		    e->time <= w->time + SAME_LOGIN)
			w->found = true;
	}
}

/* Keep the earliest failures: the ones before a success matter. */
static void
note_failure(struct addr_src *s, int64_t t)
{
	unsigned	i, late = 0;

	if (t == TIME_NONE)
		return;
	if (s->last_fail == TIME_NONE || t > s->last_fail)
		s->last_fail = t;
	if (s->nfail_time < ADDR_FAIL_TIMES) {
		s->fail_time[s->nfail_time++] = t;
		return;
	}
	for (i = 1; i < ADDR_FAIL_TIMES; i++)
		if (s->fail_time[i] > s->fail_time[late])
			late = i;
	if (t < s->fail_time[late])
		s->fail_time[late] = t;
}

void
logins_event(struct logins *l, const struct login_event *e)
{
	struct addr	*a;
	struct addr_src	*s;
	const char	*user = e->user ? e->user : "";

	if (e->src == LSRC_WTMP && e->what == LOGIN_OK) {
		match_lastlog(l, e);
		if (e->time != TIME_NONE && (l->wtmp_first_login ==
		    TIME_NONE || e->time < l->wtmp_first_login))
			l->wtmp_first_login = e->time;
	}
	if (!host_is_remote(e->host))
		return;
	if ((a = addrtab_get(&l->addrs, e->host)) == NULL)
		return;
	if (e->time != TIME_NONE) {
		if (a->first == TIME_NONE || e->time < a->first)
			a->first = e->time;
		if (a->last == TIME_NONE || e->time > a->last)
			a->last = e->time;
	}
	s = &a->src[e->src];
	switch (e->what) {
	case LOGIN_OK:
		s->ok++;
		if (e->time != TIME_NONE) {
			if (a->first_ok == TIME_NONE || e->time < a->first_ok)
				a->first_ok = e->time;
			if (a->last_ok == TIME_NONE || e->time > a->last_ok)
				a->last_ok = e->time;
		}
		if (logins_is_uid0_alias(l, user)) {
			a->alias_ok = true;
			snprintf(a->alias_user, sizeof(a->alias_user), "%s",
			    user);
		}
		if (strcmp(user, "root") == 0 || logins_is_uid0_alias(l, user))
			a->root_ok = true;
		else if (logins_is_privileged(l, user))
			a->priv_ok = true;
		break;
	case LOGIN_FAIL:
		s->fail++;
		note_failure(s, e->time);
		break;
	case LOGIN_INVALID:
		s->invalid++;
		note_failure(s, e->time);
		break;
	}
	if (user[0] != '\0')
		addr_add_user(a, user, e->what == LOGIN_OK);
}

void
logins_source(struct logins *l, const struct source_info *si)
{
	struct source_info	*d;

	l->sources = xrealloc(l->sources, (l->nsources + 1) *
	    sizeof(*l->sources));
	d = &l->sources[l->nsources++];
	*d = *si;
	d->path = xstrdup(si->path);
}
