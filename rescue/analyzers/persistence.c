/*
 * persistence.c - what was left to run again: cron, systemd, SysV and
 * rc files, profiles, hooks, preloads, SSH keys and daemon settings,
 * accounts, sudoers and PAM
 *
 * The scanners live in persist/; this loads the accounts they share and
 * runs them in turn.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "parse/parse.h"
#include "persist/persist.h"
#include "util/util.h"

#define PASSWD_MAX	(8 * 1024 * 1024)
#define ACCOUNTS_MAX	65536

static int
add_account(const struct passwd_entry *e, void *arg)
{
	struct persist		*p = arg;
	struct persist_account	*a;

	if (p->naccounts == ACCOUNTS_MAX)
		return 1;
	/* room for 8, then doubled at each power of two: 10^5 accounts */
	if (p->naccounts == 0 || (p->naccounts >= 8 &&
	    (p->naccounts & (p->naccounts - 1)) == 0))
		p->accounts = xrealloc(p->accounts, (p->naccounts ?
		    2 * p->naccounts : 8) * sizeof(*p->accounts));
	a = &p->accounts[p->naccounts++];
	a->name = xstrdup(e->name);
	a->home = xstrdup(e->home);
	a->shell = xstrdup(e->shell);
	a->uid = e->uid;
	a->gid = e->gid;
	a->login_shell = shell_is_login(e->shell);
	return 0;
}

static int
run(struct actx *ax)
{
	struct persist	 p = { ax, NULL, 0, fsr_nodeset_new() };
	char		*buf;
	size_t		 len, i;
	int		 rc;

	rc = fsr_slurp(ax->tree, "/etc/passwd", PASSWD_MAX, &buf, &len);
	if (rc == 0) {
		passwd_parse(buf, len, add_account, &p);
		free(buf);
	} else if (rc != -ENOENT) {
		ax_err(ax, "%s", fsr_tree_errmsg(ax->tree));
	}
	persist_cron(&p);
	persist_systemd(&p);
	persist_boot(&p);
	persist_ssh(&p);
	persist_accounts(&p);
	for (i = 0; i < p.naccounts; i++) {
		free(p.accounts[i].name);
		free(p.accounts[i].home);
		free(p.accounts[i].shell);
	}
	free(p.accounts);
	fsr_nodeset_free(p.seen);
	return 0;
}

const struct analyzer analyzer_persistence = {
	"persistence",
	"cron, systemd, init and rc files, hooks, preloads, SSH, accounts",
	run,
};
