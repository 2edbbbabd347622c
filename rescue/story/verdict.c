/*
 * verdict.c - compromised, suspicious or clean, and the three to five
 * facts that carry it, in words an admin reads at 3 a.m.
 */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/util.h"

static void
fact(struct story *st, char *s)
{
	if (st->nfacts < STORY_MAX_FACTS)
		st->facts[st->nfacts++] = s;
	else
		free(s);
}

/* "2026-11-20 08:24" of T into BUF. */
static const char *
when(int64_t t, char *buf, size_t len)
{
	char	iso[TIME_ISO_LEN];

	time_iso(t, iso, sizeof(iso));
	snprintf(buf, len, "%.10s %.5s", iso, iso + 11);
	return buf;
}

static void
window_fact(struct story *st, const struct story_window *w)
{
	char		a[32], b[32];
	const char	*login = NULL;
	size_t		i;

	if (w->given) {
		fact(st, xstrdup("the time window was given on the command "
		    "line"));
		return;
	}
	for (i = 0; i < w->nreason; i++)
		if (strstr(w->reason[i], " logged in from ") != NULL) {
			login = w->reason[i];
			break;
		}
	if (login == NULL)
		login = w->nreason > 0 ? w->reason[0] : "high findings";
	fact(st, story_printf("attack window %s to %s UTC%s: %s",
	    when(w->start, a, sizeof(a)), when(w->end, b, sizeof(b)),
	    w->open ? " (a session never ended)" : "", login));
}

static const char *
first_ref(const struct story_join *j, const char *prefix)
{
	size_t	i;

	for (i = 0; i < j->nrefs; i++)
		if (strncmp(j->refs[i].what, prefix, strlen(prefix)) == 0 &&
		    j->refs[i].path != NULL)
			return j->refs[i].path;
	return NULL;
}

static bool
richer(const struct story_join *a, const struct story_join *b)
{
	bool	ua = first_ref(a, "unit.") != NULL || first_ref(a, "cron.");
	bool	ub = first_ref(b, "unit.") != NULL || first_ref(b, "cron.");

	if (ua != ub)
		return ua;
	return a->nrefs > b->nrefs;
}

static void
join_fact(struct story *st, const struct story_join *j)
{
	const char	*starter;

	switch (j->id) {
	case CHECK_STORY_ACTOR:
		fact(st, story_printf("one actor at %s: %s", j->subject,
		    j->detail));
		break;
	case CHECK_STORY_ACCOUNT:
		fact(st, story_printf("account %s was made or changed by the "
		    "attack: %s", j->subject, j->detail));
		break;
	case CHECK_STORY_IMPLANT:
		starter = first_ref(j, "unit.");
		if (starter == NULL)
			starter = first_ref(j, "cron.");
		if (starter == NULL)
			starter = first_ref(j, "persist.");
		fact(st, starter != NULL ? story_printf("%s was planted and is "
		    "started by %s", j->subject, starter) : story_printf(
		    "%s was planted%s", j->subject, j->in_window ?
		    " during the attack" : ""));
		break;
	default:
		break;
	}
}

void
story_verdict(struct story *st)
{
	const struct story_finding	*f;
	unsigned			 count[4] = { 0 };
	size_t				 i, k, nj = 0;
	int				 worst = -1;
	static const enum check_id	 order[] = { CHECK_STORY_ACTOR,
	    CHECK_STORY_IMPLANT, CHECK_STORY_ACCOUNT };

	for (i = 0; i < st->nfindings; i++) {
		count[st->findings[i].sev]++;
		if ((int)st->findings[i].sev > worst)
			worst = (int)st->findings[i].sev;
	}
	for (i = 0; i < st->njoins; i++)
		if ((int)check_def(st->joins[i].id)->sev > worst)
			worst = (int)check_def(st->joins[i].id)->sev;
	st->verdict = worst >= SEV_HIGH ? STORY_COMPROMISED :
	    worst >= SEV_MEDIUM ? STORY_SUSPICIOUS : STORY_CLEAN;

	if (st->verdict == STORY_CLEAN) {
		fact(st, xstrdup("no finding of medium or higher severity"));
		fact(st, story_printf("%zu login%s recorded, none from a "
		    "suspect address", st->nlogins, st->nlogins == 1 ? "" :
		    "s"));
		fact(st, story_printf("%u low and %u informational finding%s: "
		    "context, not evidence of an attack", count[SEV_LOW],
		    count[SEV_INFO], count[SEV_INFO] == 1 ? "" : "s"));
		return;
	}
	if (st->nwindows > 0)
		window_fact(st, &st->windows[0]);
	/* one fact for each kind of join, the strongest first */
	for (k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		const struct story_join *best = NULL;

		/* the richest of its kind: most refs, what starts it */
		for (i = 0; i < st->njoins; i++)
			if (st->joins[i].id == order[k] && (best == NULL ||
			    richer(&st->joins[i], best)))
				best = &st->joins[i];
		if (best != NULL)
			join_fact(st, best);
	}
	for (i = 0; i < st->njoins; i++)
		nj += st->joins[i].nrefs + st->joins[i].more;
	if (st->njoins > 0)
		fact(st, story_printf("%u high and %u medium findings; %zu "
		    "joined into %zu pieces of evidence", count[SEV_HIGH],
		    count[SEV_MEDIUM], nj, st->njoins));
	else
		fact(st, story_printf("%u high and %u medium findings",
		    count[SEV_HIGH], count[SEV_MEDIUM]));
	/* suspicious with nothing joined: what the worst findings say */
	for (i = 0; i < st->nfindings && st->nfacts < 3; i++) {
		f = &st->findings[i];
		if ((int)f->sev == worst)
			fact(st, story_printf("%s: %s", check_def(f->id)->name,
			    check_def(f->id)->summary));
	}
}
