/*
 * lastlogsrc.c - /var/log/lastlog: each account's last login, kept to be
 * checked against wtmp once wtmp has been read
 *
 * The file is indexed by uid and sparse (a uid of 4294967294 makes it
 * 1.2 TB long), so a large one is read at the uids of the server's
 * accounts only, as lastlog(8) reads it; a small one is read whole,
 * which also finds the logins of accounts deleted since.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "logins/logins.h"
#include "parse/utmp.h"
#include "util/util.h"

#define LASTLOG_PATH	"/var/log/lastlog"
#define WHOLE_MAX	(16 * 1024 * 1024)
#define CHUNK		(64 * 1024)
#define WANT_MAX	4096

struct llread {
	struct logins	*l;
	int64_t		 last;
	uint64_t	 entries;
};

static const char *
uid_name(const struct logins *l, uint64_t uid)
{
	size_t	i;

	for (i = 0; i < l->naccounts; i++)
		if (l->accounts[i].uid == uid)
			return l->accounts[i].name;
	return NULL;
}

static int
on_entry(const struct lastlog_entry *e, void *arg)
{
	struct llread		*r = arg;
	struct logins		*l = r->l;
	struct lastlog_want	*w;
	const char		*name;

	r->entries++;
	if (e->time != 0 && (r->last == TIME_NONE || e->time > r->last))
		r->last = e->time;
	if (e->time == 0 || l->nwant == WANT_MAX)
		return 0;
	l->want = xrealloc(l->want, (l->nwant + 1) * sizeof(*l->want));
	w = &l->want[l->nwant++];
	memset(w, 0, sizeof(*w));
	if ((name = uid_name(l, e->uid)) != NULL)
		snprintf(w->user, sizeof(w->user), "%s", name);
	else
		snprintf(w->user, sizeof(w->user), "#%llu",
		    (unsigned long long)e->uid);
	snprintf(w->tty, sizeof(w->tty), "%s", e->line);
	snprintf(w->host, sizeof(w->host), "%s", e->host);
	w->uid = e->uid;
	w->time = e->time;
	w->wtmp_latest = TIME_NONE;
	return 0;
}

/* Feed LEN bytes at OFF of the file to the parser. */
static int
feed(struct logins *l, const struct fsr_node *n, struct lastlog_reader *rd,
    void *buf, size_t len, uint64_t off, struct llread *r)
{
	size_t	got = 0;
	int	rc;

	rc = fsr_pread(l->ax->tree, n, buf, len, off, &got);
	if (rc < 0) {
		ax_err(l->ax, "%s: read error at byte %llu: %s", LASTLOG_PATH,
		    (unsigned long long)off, strerror(-rc));
		return -1;
	}
	lastlog_parse(rd, buf, got, on_entry, r);
	return 0;
}

void
lastlog_source(struct logins *l)
{
	struct lastlog_layout	 lay;
	struct lastlog_reader	 rd;
	struct llread		 r = { l, TIME_NONE, 0 };
	struct fsr_node		 n;
	struct fsr_stat		 st;
	unsigned char		*buf;
	uint64_t		 off, recoff;
	size_t			 got = 0, i;
	int			 rc;

	rc = fsr_stat_path(l->ax->tree, LASTLOG_PATH, 0, &n, &st);
	if (rc == -ENOENT)
		return;
	if (rc == 0 && !S_ISREG(st.mode))
		rc = -EINVAL;
	if (rc < 0) {
		ax_err(l->ax, "%s: %s", LASTLOG_PATH, rc == -EINVAL ?
		    "not a regular file" : strerror(-rc));
		return;
	}
	l->lastlog_path = LASTLOG_PATH;
	buf = xmalloc(CHUNK);
	rc = fsr_pread(l->ax->tree, &n, buf, CHUNK, 0, &got);
	lastlog_detect(buf, rc < 0 ? 0 : got, 0, st.size, &lay);
	if (st.size <= WHOLE_MAX) {
		lastlog_reader_init(&rd, &lay, 0);
		for (off = 0; off < st.size; off += CHUNK)
			if (feed(l, &n, &rd, buf, CHUNK, off, &r) < 0)
				break;
	} else {
		for (i = 0; i < l->naccounts; i++) {
			if (uid_name(l, l->accounts[i].uid) !=
			    l->accounts[i].name)
				continue;	/* root and a uid-0 alias */
			recoff = (uint64_t)l->accounts[i].uid * lay.recsize;
			if (recoff >= st.size)
				continue;
			lastlog_reader_init(&rd, &lay, recoff);
			if (feed(l, &n, &rd, buf, lay.recsize, recoff, &r) < 0)
				break;
		}
	}
	free(buf);
	check_emptied(l, LASTLOG_PATH, &st);
	check_mtime(l, LASTLOG_PATH, &st, r.last);
	logins_source(l, &(struct source_info){ (char *)LASTLOG_PATH,
	    "lastlog", r.entries, lastlog_layout_name(&lay), TIME_NONE,
	    r.last, st.mtime.sec });
}
