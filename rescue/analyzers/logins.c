/*
 * logins.c - who was logged in when the server went down, who has logged
 * in and from where, and whether the record of it was wiped or edited
 *
 * The sources live in logins/; this runs them in the order the checks
 * need (lastlog before wtmp, every source before the judge) and owns
 * their shared state.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "input/input.h"
#include "logins/logins.h"
#include "parse/parse.h"
#include "util/tz.h"
#include "util/util.h"

#define PASSWD_MAX	(8 * 1024 * 1024)
#define ACCOUNTS_MAX	65536

static int
add_account(const struct passwd_entry *e, void *arg)
{
	struct logins		*l = arg;
	struct login_account	*a;

	if (l->naccounts == ACCOUNTS_MAX)
		return 1;
	l->accounts = xrealloc(l->accounts, (l->naccounts + 1) *
	    sizeof(*l->accounts));
	a = &l->accounts[l->naccounts++];
	snprintf(a->name, sizeof(a->name), "%s", e->name);
	a->uid = e->uid;
	if (e->uid == 0) {
		l->uid0 = xrealloc(l->uid0, (l->nuid0 + 1) * sizeof(*l->uid0));
		l->uid0[l->nuid0++] = xstrdup(e->name);
	}
	return 0;
}

static void
load_accounts(struct logins *l)
{
	char	*buf;
	size_t	 len;
	int	 rc;

	rc = fsr_slurp(l->ax->tree, "/etc/passwd", PASSWD_MAX, &buf, &len);
	if (rc < 0) {
		if (rc != -ENOENT)
			ax_err(l->ax, "%s", fsr_tree_errmsg(l->ax->tree));
		return;
	}
	passwd_parse(buf, len, add_account, l);
	free(buf);
}

/* Members of the groups whose members may become root with sudo. */
static void
load_sudoers(struct logins *l)
{
	static const char *const groups[] = { "sudo", "wheel", "admin" };
	char	*buf, *line, *next, *f[4], *m, *save;
	size_t	 len, i, k;
	int	 rc;

	rc = fsr_slurp(l->ax->tree, "/etc/group", PASSWD_MAX, &buf, &len);
	if (rc < 0) {
		if (rc != -ENOENT)
			ax_err(l->ax, "%s", fsr_tree_errmsg(l->ax->tree));
		return;
	}
	for (line = buf; line != NULL && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		for (k = 0; k < 4; k++) {
			f[k] = line;
			line = strchr(line, ':');
			if (line == NULL && k < 3)
				break;
			if (line != NULL)
				*line++ = '\0';
		}
		if (k < 4)
			continue;
		for (i = 0; i < 3 && strcmp(f[0], groups[i]) != 0; i++)
			;
		if (i == 3)
			continue;
		for (m = strtok_r(f[3], ",\r", &save); m != NULL &&
		    l->nsudoers < ACCOUNTS_MAX; m = strtok_r(NULL, ",\r", &save)) {
			l->sudoers = xrealloc(l->sudoers, (l->nsudoers + 1) *
			    sizeof(*l->sudoers));
			l->sudoers[l->nsudoers++] = xstrdup(m);
		}
	}
	free(buf);
}

/* The server's zone, for auth logs stamped in local time. */
static void
load_zone(struct logins *l)
{
	const char	*why;
	int		 err;

	if ((l->tz = server_zone(l->ax->tree, &err, &why)) != NULL)
		return;
	if (err == -ENOENT) {
		report_note(l->ax->report, "no /etc/localtime: local log "
		    "times are taken as UTC");
		return;
	}
	ax_err(l->ax, "/etc/localtime: %s", why);
	report_note(l->ax->report, "unreadable /etc/localtime: local log "
	    "times are taken as UTC");
}

static void
release(struct logins *l)
{
	size_t	i;

	for (i = 0; i < l->nuid0; i++)
		free(l->uid0[i]);
	for (i = 0; i < l->nsudoers; i++)
		free(l->sudoers[i]);
	for (i = 0; i < l->nsources; i++)
		free(l->sources[i].path);
	free(l->uid0);
	free(l->sudoers);
	free(l->sources);
	free(l->accounts);
	free(l->want);
	addrtab_free(&l->addrs);
	keyset_free(&l->textkeys);
	tz_free(l->tz);
}

static int
run(struct actx *ax)
{
	struct logins	l = { .ax = ax, .wtmp_cover_from = TIME_NONE,
			    .wtmp_first_login = TIME_NONE };

	addrtab_init(&l.addrs);
	load_accounts(&l);
	load_sudoers(&l);
	load_zone(&l);
	lastlog_source(&l);
	lastlog2_source(&l);
	utmp_sources(&l);
	wtmpdb_source(&l);
	auth_sources(&l);
	journal_source(&l);
	logins_judge(&l);
	release(&l);
	return 0;
}

const struct analyzer analyzer_logins = {
	"logins",
	"sessions, failed logins, addresses, tampering with the records",
	run,
};
