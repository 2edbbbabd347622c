/*
 * join.c - findings that share a path, an address or a user become one
 * finding with all of them as evidence (refs), ranked higher than its
 * parts when they reinforce each other
 *
 * Only rescue's own check names are keyed on, never a server's file,
 * user or address names: the subjects come from the findings and records.
 */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/util.h"

#define PATH_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"0123456789._-/+~@%,"
/* An IPv4 address may be followed by ":port"; an IPv6 one not. */
#define ADDR_CHARS(h)	(strchr((h), ':') != NULL ? \
			"0123456789abcdefABCDEF.:-_%" : "0123456789.-_" \
			"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#define USER_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"0123456789._-$/"
/*
 * Subjects tried, each against every finding: a server of ten thousand
 * accounts or dropped files costs bounded time.
 */
#define JOIN_MAX_SUBJECTS	512

/* Areas whose findings name a file that something starts. */
static const char *const starter_areas[] = { "unit.", "cron.", "persist.",
    "rc.", "profile.", "boot.", "ssh.", NULL };
/* Areas whose findings are about the file at their path itself. */
static const char *const program_areas[] = { "binaries.", "pkg.", NULL };

static bool
in_area(enum check_id id, const char *const *areas)
{
	const char	*name = check_def(id)->name;
	size_t		 i;

	for (i = 0; areas[i] != NULL; i++)
		if (strncmp(name, areas[i], strlen(areas[i])) == 0)
			return true;
	return false;
}

/* "logins" of "logins.brute_force" into BUF. */
static void
area_of(const char *what, char *buf, size_t len)
{
	size_t	n = strcspn(what, ".");

	if (n >= len)
		n = len - 1;
	memcpy(buf, what, n);
	buf[n] = '\0';
}

struct areas {
	char	name[8][24];
	size_t	n;
};

static void
areas_add(struct areas *a, const char *what)
{
	char	buf[24];
	size_t	i;

	area_of(what, buf, sizeof(buf));
	for (i = 0; i < a->n; i++)
		if (strcmp(a->name[i], buf) == 0)
			return;
	if (a->n < 8)
		memcpy(a->name[a->n++], buf, sizeof(buf));
}

static struct story_join *
new_join(struct story *st, enum check_id id, const char *subject)
{
	struct story_join	*j;

	if (st->njoins == 0 || (st->njoins & (st->njoins - 1)) == 0)
		st->joins = xrealloc(st->joins, (st->njoins == 0 ? 1 :
		    st->njoins * 2) * sizeof(*j));
	j = &st->joins[st->njoins++];
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->subject = xstrdup(subject);
	j->time = TIME_NONE;
	return j;
}

static void
ref_finding(struct story_join *j, const struct story_finding *f)
{
	size_t	i;

	for (i = 0; i < j->nrefs; i++)
		if (j->refs[i].text == f->evidence &&
		    j->refs[i].path == f->path)
			return;		/* already cited */
	if (j->nrefs == STORY_MAX_REFS) {
		j->more++;
		return;
	}
	j->refs[j->nrefs++] = (struct fref){ check_def(f->id)->name, f->path,
	    f->line, f->evidence, f->time };
}

static void
ref_other(struct story_join *j, const char *what, const char *path,
    const char *text, int64_t t)
{
	if (j->nrefs == STORY_MAX_REFS) {
		j->more++;
		return;
	}
	j->refs[j->nrefs++] = (struct fref){ what, path, 0, text, t };
}

static const char *
iso(int64_t t, char *buf)
{
	time_iso(t, buf, TIME_ISO_LEN);
	return buf;
}

static bool
finding_mentions(const struct story_finding *f, const char *s,
    const char *chars)
{
	return story_mentions(f->evidence, s, chars) ||
	    story_mentions(f->detail, s, chars);
}

/*
 * PATH or, on a merged /usr, the same file by its old name (/bin/ps for
 * /usr/bin/ps): commands name either.
 */
static bool
mentions_path(const struct story_finding *f, const char *path)
{
	static const char *const merged[] = { "/usr/bin/", "/usr/sbin/",
	    "/usr/lib/", "/usr/lib64/", "/usr/lib32/", NULL };
	size_t			 i;

	if (finding_mentions(f, path, PATH_CHARS))
		return true;
	for (i = 0; merged[i] != NULL; i++)
		if (strncmp(path, merged[i], strlen(merged[i])) == 0)
			return finding_mentions(f, path + 4, PATH_CHARS);
	return false;
}

/*
 * One planted file: the program findings on PATH, what starts it, the
 * commands that fetched or placed it, and whether it came inside a
 * window.
 */
static void
join_path(struct story *st, const char *path)
{
	const struct story_finding	*f;
	struct story_join		 j = { .time = TIME_NONE };
	struct areas			 checks = { .n = 0 };
	const char			*starter = NULL;
	char				 t[TIME_ISO_LEN];
	size_t				 i, nstart = 0, nhist = 0, nprog = 0;
	struct story_join		*jp;
	bool				 created = false, unowned = false;

	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->path != NULL && strcmp(f->path, path) == 0 &&
		    in_area(f->id, program_areas)) {
			ref_finding(&j, f);
			nprog++;
			/* distinct checks, not areas: dropped_elf, miner */
			if (checks.n < 8)
				snprintf(checks.name[checks.n++],
				    sizeof(checks.name[0]), "%.23s",
				    check_def(f->id)->name);
			if (f->time != TIME_NONE && (j.time == TIME_NONE ||
			    f->time < j.time))
				j.time = f->time;
		}
	}
	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->sev < SEV_MEDIUM || (f->path != NULL &&
		    strcmp(f->path, path) == 0) || !mentions_path(f, path))
			continue;
		if (in_area(f->id, starter_areas)) {
			ref_finding(&j, f);
			if (nstart++ == 0)
				starter = f->path;
		} else if (strncmp(check_def(f->id)->name, "history.", 8) ==
		    0) {
			ref_finding(&j, f);
			nhist++;
		}
	}
	/* the program's own birth time, when the filesystem kept one */
	for (i = 0; i < st->nfiles; i++)
		if (strcmp(st->files[i].what, "program") == 0 &&
		    strcmp(st->files[i].path, path) == 0) {
			j.time = st->files[i].time;
			created = true;
			break;
		}
	j.in_window = story_window_at(st, j.time) != NULL;
	if (nprog == 0 || (nstart == 0 && nhist == 0 &&
	    !(j.in_window && checks.n >= 2)))
		return;
	jp = new_join(st, CHECK_STORY_IMPLANT, path);
	memcpy(jp->refs, j.refs, sizeof(j.refs));
	jp->nrefs = j.nrefs;
	jp->more = j.more;
	jp->time = j.time;
	jp->in_window = j.in_window;
	jp->evidence = xstrdup(path);
	if (j.time != TIME_NONE)
		time_iso(j.time, t, sizeof(t));
	for (i = 0; i < j.nrefs && !unowned; i++)
		unowned = strstr(j.refs[i].what, "dropped") != NULL;
	jp->detail = story_printf("%s%s%s%s%zu finding%s on the file%s%s%s%s",
	    j.time == TIME_NONE ? "no time known" : created ? "created " :
	    "dated ", j.time != TIME_NONE ? t : "",
	    j.in_window ? ", inside the attack window" : "", "; ",
	    nprog, nprog == 1 ? "" : "s",
	    unowned ? "; no package installed it" : "",
	    nhist > 0 ? "; named by commands in a shell history" : "",
	    nstart > 0 ? "; started by " : "",
	    nstart > 0 ? (starter != NULL ? starter : "a start-up entry") : "");
}

static void
join_paths(struct story *st)
{
	const struct story_finding	*f;
	size_t				 i, k, n = 0;

	for (i = 0; i < st->nfindings && n < JOIN_MAX_SUBJECTS; i++) {
		f = &st->findings[i];
		if (f->path == NULL || f->sev < SEV_MEDIUM ||
		    !in_area(f->id, program_areas))
			continue;
		/* each path once: the first finding on it leads */
		for (k = 0; k < i; k++)
			if (st->findings[k].path != NULL &&
			    strcmp(st->findings[k].path, f->path) == 0 &&
			    st->findings[k].sev >= SEV_MEDIUM &&
			    in_area(st->findings[k].id, program_areas))
				break;
		if (k == i) {
			join_path(st, f->path);
			n++;
		}
	}
}

/*
 * One actor: an address that logins, failures and findings of several
 * areas name.
 */
static void
join_host(struct story *st, const char *host)
{
	const struct story_finding	*f;
	const struct story_login	*l;
	const struct story_burst	*b;
	struct story_join		 j = { .time = TIME_NONE };
	struct areas			 a = { .n = 0 };
	struct story_join		*jp;
	char				 t[TIME_ISO_LEN];
	int				 worst = -1;
	size_t				 i, nlogin = 0, nfind = 0;

	for (i = 0; i < st->nlogins; i++) {
		l = &st->logins[i];
		if (l->host == NULL || strcmp(l->host, host) != 0)
			continue;
		areas_add(&a, "login");
		if (nlogin++ < 4)
			ref_other(&j, "login", l->source, story_pooled(st,
			    "%s from %s at %s", l->user != NULL ? l->user :
			    "?", host, iso(l->start, t)), l->start);
		if (j.time == TIME_NONE || l->start < j.time)
			j.time = l->start;
	}
	for (i = 0; i < st->nbursts; i++) {
		b = &st->bursts[i];
		if (b->host == NULL || strcmp(b->host, host) != 0)
			continue;
		areas_add(&a, "failed");
		ref_other(&j, "failed", NULL, story_pooled(st,
		    "%ld failed logins from %s", b->attempts, host), b->first);
		if (b->attempts >= STORY_BURST && worst < SEV_MEDIUM)
			worst = SEV_MEDIUM;
	}
	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (!finding_mentions(f, host, ADDR_CHARS(host)))
			continue;
		areas_add(&a, check_def(f->id)->name);
		ref_finding(&j, f);
		nfind++;
		if ((int)f->sev > worst)
			worst = (int)f->sev;
	}
	if (a.n < 2 || worst < SEV_MEDIUM)
		return;
	jp = new_join(st, worst == SEV_HIGH || a.n >= 3 ? CHECK_STORY_ACTOR :
	    CHECK_STORY_ACTOR_SEEN, host);
	memcpy(jp->refs, j.refs, sizeof(j.refs));
	jp->nrefs = j.nrefs;
	jp->more = j.more;
	jp->time = j.time;
	jp->in_window = story_window_at(st, j.time) != NULL;
	jp->evidence = xstrdup(host);
	jp->detail = story_printf("%zu login%s, %zu finding%s in %zu "
	    "areas name this address", nlogin, nlogin == 1 ? "" : "s", nfind,
	    nfind == 1 ? "" : "s", a.n);
}

/* Dotted quads in S (URLs, commands) not yet in *V. */
static void
collect_ipv4(const char *s, char ***v, size_t *n)
{
	const char	*p, *q;
	unsigned	 a[4];
	char		 buf[16];
	size_t		 i;
	int		 len;

	for (p = s; p != NULL && *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || (p > s && (strchr(ADDR_CHARS(""),
		    p[-1]) != NULL)))
			continue;
		len = 0;
		if (sscanf(p, "%3u.%3u.%3u.%3u%n", &a[0], &a[1], &a[2], &a[3],
		    &len) != 4 || a[0] > 255 || a[1] > 255 || a[2] > 255 ||
		    a[3] > 255)
			continue;
		q = p + len;
		if (*q != '\0' && strchr("0123456789.", *q) != NULL)
			continue;
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2],
		    a[3]);
		if (a[0] == 127 || a[0] == 0)
			continue;
		for (i = 0; i < *n && strcmp((*v)[i], buf) != 0; i++)
			;
		if (i == *n && *n < JOIN_MAX_SUBJECTS) {
			*v = xrealloc(*v, (*n + 1) * sizeof(**v));
			(*v)[(*n)++] = xstrdup(buf);
		}
		p = q - 1;
	}
}

static void
join_hosts(struct story *st)
{
	char	**hosts = NULL;
	size_t	  n = 0, i, k;

	for (i = 0; i < st->nlogins + st->nbursts && n < JOIN_MAX_SUBJECTS;
	    i++) {
		const char *h = i < st->nlogins ? st->logins[i].host :
		    st->bursts[i - st->nlogins].host;

		if (h == NULL || *h == '\0' || strcmp(h, "0.0.0.0") == 0 ||
		    h[0] == ':')
			continue;
		for (k = 0; k < n && strcmp(hosts[k], h) != 0; k++)
			;
		if (k == n) {
			hosts = xrealloc(hosts, (n + 1) * sizeof(*hosts));
			hosts[n++] = xstrdup(h);
		}
	}
	for (i = 0; i < st->nfindings; i++)
		if (st->findings[i].sev >= SEV_MEDIUM)
			collect_ipv4(st->findings[i].evidence, &hosts, &n);
	for (i = 0; i < n; i++) {
		join_host(st, hosts[i]);
		free(hosts[i]);
	}
	free(hosts);
}

/*
 * One account the attack touched: findings of several areas name it,
 * one of them high, or it logged in inside a window.  root is left
 * out: every attack as root names it, and next.c says to rotate it.
 */
static void
join_user(struct story *st, const char *user)
{
	const struct story_finding	*f;
	const struct story_login	*l;
	struct story_join		 j = { .time = TIME_NONE };
	struct areas			 a = { .n = 0 };
	struct story_join		*jp;
	char				 t[TIME_ISO_LEN];
	int				 worst = -1;
	size_t				 i, nlogin = 0, nfind = 0;

	for (i = 0; i < st->nfindings; i++) {
		f = &st->findings[i];
		if (f->sev < SEV_LOW || !finding_mentions(f, user, USER_CHARS))
			continue;
		areas_add(&a, check_def(f->id)->name);
		ref_finding(&j, f);
		nfind++;
		if ((int)f->sev > worst)
			worst = (int)f->sev;
		if (f->time != TIME_NONE && (j.time == TIME_NONE ||
		    f->time < j.time))
			j.time = f->time;
	}
	if (nfind == 0)
		return;
	for (i = 0; i < st->nlogins; i++) {
		l = &st->logins[i];
		if (l->user == NULL || strcmp(l->user, user) != 0 ||
		    story_window_at(st, l->start) == NULL)
			continue;
		areas_add(&a, "login");
		if (nlogin++ < 4)
			ref_other(&j, "login", l->source, story_pooled(st,
			    "%s from %s at %s", user, l->host != NULL ?
			    l->host : "(local)", iso(l->start, t)), l->start);
	}
	if (worst < SEV_HIGH || a.n < 2)
		return;
	jp = new_join(st, CHECK_STORY_ACCOUNT, user);
	memcpy(jp->refs, j.refs, sizeof(j.refs));
	jp->nrefs = j.nrefs;
	jp->more = j.more;
	jp->time = j.time;
	jp->in_window = story_window_at(st, j.time) != NULL;
	jp->evidence = xstrdup(user);
	jp->detail = story_printf("%zu finding%s in %zu areas name the "
	    "account%s", nfind, nfind == 1 ? "" : "s", a.n,
	    nlogin > 0 ? "; it logged in during the attack" : "");
}

void
story_join(struct story *st)
{
	size_t	i;

	join_paths(st);
	join_hosts(st);
	for (i = 0; i < st->nusers && i < JOIN_MAX_SUBJECTS; i++)
		if (strcmp(st->users[i], "root") != 0)
			join_user(st, st->users[i]);
}
