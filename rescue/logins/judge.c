/*
 * judge.c - what only all the sources together tell: failed attempts
 * and successes per address, guessed passwords, backdoor accounts in
 * use, lastlog against wtmp; and the tables that close the report
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logins/logins.h"
#include "util/util.h"

/* Failures before a success that make it a guessed password. */
#define GUESSED_MIN	5
#define GUESSED_HIGH	20
/* Failures from one address that make a brute force. */
#define BRUTE_MIN	10
/* Addresses of one account that are unusual. */
#define MANY_ADDRS	10
/* Failed-attempt rows in the report; the rest are summed up. */
#define FAILED_ROWS	100

static void
users_str(const struct addr *a, bool ok_only, char *buf, size_t len)
{
	size_t		used = 0;
	unsigned	i;
	int		n;

	buf[0] = '\0';
	for (i = 0; i < a->nusers; i++) {
		if (ok_only && !a->user_ok[i])
			continue;
		n = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
		    a->users[i]);
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
	if (!ok_only && a->more_users > 0)
		snprintf(buf + used, len - used, ",...");
}

static int
by_failures(const void *x, const void *y)
{
	const struct addr	*a = *(const struct addr *const *)x;
	const struct addr	*b = *(const struct addr *const *)y;
	uint64_t		 fa = addr_failures(a), fb = addr_failures(b);

	if (fa != fb)
		return fa > fb ? -1 : 1;
	return strcmp(a->key, b->key);
}

static void
failed_table(struct logins *l, struct addr **sorted, size_t n)
{
	char		users[ADDR_USERS * ADDR_NAME_LEN + 8];
	uint64_t	rest = 0, restn = 0;
	size_t		i, rows = 0;

	for (i = 0; i < n; i++) {
		const struct addr	*a = sorted[i];

		if (addr_failures(a) == 0)
			continue;
		if (rows++ >= FAILED_ROWS) {
			rest += addr_failures(a);
			restn++;
			continue;
		}
		users_str(a, false, users, sizeof(users));
		record(l->ax, &(struct record){ "failed",
		    (const struct field[]){
		    FCOL("from", a->key, 16), FINT("attempts", addr_failures(a)),
		    FTIME("first", a->first), FTIME("last", a->last),
		    FSTR("users", users), FEND } });
	}
	if (restn > 0)
		report_note(l->ax->report, "%llu more addresses made %llu "
		    "failed attempts", (unsigned long long)restn,
		    (unsigned long long)rest);
	if (l->addrs.dropped > 0)
		report_note(l->ax->report, "%llu attempts from addresses past "
		    "the first %u were not counted per address",
		    (unsigned long long)l->addrs.dropped, ADDRS_MAX);
}

static void
brute_force(struct logins *l, struct addr **sorted, size_t n)
{
	char	 ev[512], d[96];
	size_t	 i, used = 0, count = 0;
	int	 k;

	ev[0] = '\0';
	for (i = 0; i < n && addr_failures(sorted[i]) >= BRUTE_MIN; i++) {
		count++;
		if (i >= 5)
			continue;
		k = snprintf(ev + used, sizeof(ev) - used, "%s%s: %llu",
		    used ? ", " : "", sorted[i]->key,
		    (unsigned long long)addr_failures(sorted[i]));
		if (k > 0 && (size_t)k < sizeof(ev) - used)
			used += (size_t)k;
	}
	if (count == 0)
		return;
	snprintf(d, sizeof(d), "%zu addresses with %d or more failures",
	    count, BRUTE_MIN);
	finding(l->ax, CHECK_LOGINS_BRUTE_FORCE, &(struct fctx){
	    .evidence = ev, .time = sorted[0]->last, .detail = d });
}

static void
judge_address(struct logins *l, const struct addr *a)
{
	char		 ev[600], users[ADDR_USERS * ADDR_NAME_LEN + 8];
	char		 t1[TIME_ISO_LEN], t2[TIME_ISO_LEN];
	uint64_t	 before;

	if (addr_successes(a) == 0)
		return;
	users_str(a, true, users, sizeof(users));
	time_iso(a->first_ok, t1, sizeof(t1));
	before = addr_failures_before(a, a->first_ok);
	if (before >= GUESSED_MIN) {
		char	tried[ADDR_USERS * ADDR_NAME_LEN + 8];

		users_str(a, false, tried, sizeof(tried));
		time_iso(a->first, t2, sizeof(t2));
		snprintf(ev, sizeof(ev), "%s: %llu failed attempts from %s "
		    "(names tried: %s), then %s logged in at %s", a->key,
		    (unsigned long long)before, t2, tried, users, t1);
		finding(l->ax, before >= GUESSED_HIGH || a->nusers >= 3 ?
		    CHECK_LOGINS_SUCCESS_AFTER_FAILURES :
		    CHECK_LOGINS_FEW_FAILURES_THEN_SUCCESS, &(struct fctx){
		    .evidence = ev, .time = a->first_ok });
	}
	if (a->alias_ok) {
		snprintf(ev, sizeof(ev), "%s logged in as %s (uid 0), first "
		    "at %s", a->key, a->alias_user, t1);
		finding(l->ax, CHECK_LOGINS_UID0_ALIAS, &(struct fctx){
		    .evidence = ev, .time = a->first_ok });
	}
	if ((a->root_ok || a->priv_ok) && !a->alias_ok) {
		snprintf(ev, sizeof(ev), "%s: %llu logins as %s, first at %s",
		    a->key, (unsigned long long)addr_successes(a), users, t1);
		finding(l->ax, CHECK_LOGINS_PRIVILEGED_REMOTE, &(struct fctx){
		    .evidence = ev, .time = a->first_ok });
	}
	if (l->ax->since != TIME_NONE && a->first_ok >= l->ax->since &&
	    (l->ax->until == TIME_NONE || a->first_ok <= l->ax->until)) {
		snprintf(ev, sizeof(ev), "%s: first login %s as %s", a->key,
		    t1, users);
		finding(l->ax, CHECK_LOGINS_NEW_ADDRESS, &(struct fctx){
		    .evidence = ev, .time = a->first_ok });
	}
}

static void
address_table(struct logins *l)
{
	char	users[ADDR_USERS * ADDR_NAME_LEN + 8];
	size_t	i;

	for (i = 0; i < l->addrs.n; i++) {
		const struct addr	*a = &l->addrs.list[i];

		if (addr_successes(a) == 0)
			continue;
		users_str(a, false, users, sizeof(users));
		record(l->ax, &(struct record){ "address",
		    (const struct field[]){
		    FCOL("from", a->key, 16), FTIME("first", a->first),
		    FTIME("last", a->last),
		    FINT("logins", addr_successes(a)),
		    FINT("failures", addr_failures(a)),
		    FSTR("users", users), FEND } });
		judge_address(l, a);
	}
}

/* One account reached from many places: a shared or stolen key. */
static void
many_addresses(struct logins *l)
{
	struct count { const char *user; size_t n; } *c = NULL;
	size_t	 nc = 0, i, k;
	unsigned u;
	char	 ev[160];

	for (i = 0; i < l->addrs.n; i++) {
		const struct addr	*a = &l->addrs.list[i];

		for (u = 0; u < a->nusers; u++) {
			if (!a->user_ok[u])
				continue;
			for (k = 0; k < nc && strcmp(c[k].user,
			    a->users[u]) != 0; k++)
				;
			if (k == nc) {
				if (nc == 4096)
					continue;
				c = xrealloc(c, (nc + 1) * sizeof(*c));
				c[nc].user = a->users[u];
				c[nc++].n = 0;
			}
			c[k].n++;
		}
	}
	for (k = 0; k < nc; k++) {
		if (c[k].n < MANY_ADDRS)
			continue;
		snprintf(ev, sizeof(ev), "%s logged in from %zu addresses",
		    c[k].user, c[k].n);
		finding(l->ax, CHECK_LOGINS_MANY_ADDRESSES, &(struct fctx){
		    .evidence = ev, .time = TIME_NONE });
	}
	free(c);
}

static void
judge_lastlog(struct logins *l)
{
	char	ev[600], t[TIME_ISO_LEN], d[160];
	size_t	i;

	for (i = 0; i < l->nwant; i++) {
		const struct lastlog_want	*w = &l->want[i];

		record(l->ax, &(struct record){ "lastlog",
		    (const struct field[]){
		    FCOL("user", w->user, 8), FCOL("tty", w->tty, 7),
		    FCOL("host", w->host, 16), FTCOL("time", w->time),
		    FINT("uid", w->uid), FEND } });
		time_iso(w->time, t, sizeof(t));
		snprintf(ev, sizeof(ev), "%s %s from %s at %s", w->user,
		    w->tty, w->host[0] ? w->host : "(local)", t);
		if (!w->found && l->wtmp_files > 0 &&
		    l->wtmp_cover_from != TIME_NONE &&
		    w->time > l->wtmp_cover_from + 120) {
			time_iso(l->wtmp_cover_from, t, sizeof(t));
			snprintf(d, sizeof(d), "wtmp covers logins from %s on",
			    t);
			finding(l->ax, CHECK_LOGINS_LASTLOG_NOT_IN_WTMP,
			    &(struct fctx){ .path = l->lastlog_path,
			    .evidence = ev, .time = w->time, .detail = d });
		} else if (w->wtmp_latest != TIME_NONE &&
		    w->wtmp_latest > w->time + 120) {
			time_iso(w->wtmp_latest, t, sizeof(t));
			snprintf(d, sizeof(d), "wtmp's last login of %s is at "
			    "%s", w->user, t);
			finding(l->ax, CHECK_LOGINS_LASTLOG_BEHIND_WTMP,
			    &(struct fctx){ .path = l->lastlog_path,
			    .evidence = ev, .time = w->wtmp_latest,
			    .detail = d });
		}
	}
}

static void
sources_table(struct logins *l)
{
	size_t	i;

	for (i = 0; i < l->nsources; i++) {
		const struct source_info	*s = &l->sources[i];

		record(l->ax, &(struct record){ "source",
		    (const struct field[]){
		    FBARE("path", s->path), FSTR("format", s->format),
		    FINT("entries", s->entries), FSTR("layout", s->layout),
		    FTIME("first", s->first), FTIME("last", s->last),
		    FTIME("mtime", s->mtime), FEND } });
	}
}

void
logins_judge(struct logins *l)
{
	struct addr	**sorted;
	size_t		  i;

	sorted = xcalloc(l->addrs.n + 1, sizeof(*sorted));
	for (i = 0; i < l->addrs.n; i++)
		sorted[i] = &l->addrs.list[i];
	qsort(sorted, l->addrs.n, sizeof(*sorted), by_failures);
	failed_table(l, sorted, l->addrs.n);
	brute_force(l, sorted, l->addrs.n);
	free(sorted);
	address_table(l);
	many_addresses(l);
	judge_lastlog(l);
	sources_table(l);
	if (l->wtmp_files == 0 && !l->have_wtmpdb) {
		struct fsr_node	n;

		if (fsr_lookup(l->ax->tree, "/var/log", 0, &n, NULL, 0) == 0)
			finding(l->ax, CHECK_LOGINS_WTMP_MISSING,
			    &(struct fctx){ .path = "/var/log/wtmp",
			    .time = TIME_NONE });
	}
}
