/*
 * quarantine.c - the files the analyzers' findings name as the
 * intruder's: left out of the export, copied apart for investigators
 *
 * Only checks whose path IS the intruder's work count, listed below; a
 * finding that names a file as context (/etc/passwd for a uid-0 alias,
 * a history that shows a download, a log with zeroed records) leaves it
 * in the export, where the admin wants it.  Directories never go: a
 * rootkit path may be one, and a whole directory is the admin's to
 * judge.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "export/export.h"
#include "util/util.h"

bool
quar_check_names_file(enum check_id id)
{
	switch (id) {
	/* programs and files that no package installed, in odd places */
	case CHECK_BIN_DROPPED_ELF:
	case CHECK_BIN_UNOWNED_SYSTEM:
	case CHECK_BIN_SETID_DROPPED:
	case CHECK_BIN_SETID_UNOWNED:
	case CHECK_BIN_MINER:
	case CHECK_BIN_MINER_HINT:
	case CHECK_BIN_WEBSHELL:
	case CHECK_BIN_WEBSHELL_HINT:
	case CHECK_BIN_ROOTKIT_PATH:
	/* a program its package did not ship: the trojan */
	case CHECK_PKG_MODIFIED_BINARY:
	/* exists only to preload the intruder's library */
	case CHECK_PERSIST_LD_SO_PRELOAD:
	/* an authorized_keys made immutable holds the intruder's key */
	case CHECK_SSH_KEY_FILE_IMMUTABLE:
		return true;
	/* a cron table or unit that runs a malicious command */
#define RULE(rid, name, sev, summary) \
	case CHECK_CRON_##rid: case CHECK_UNIT_##rid:
#include "rules/cmdrules.def"
#undef RULE
		return true;
	default:
		return false;
	}
}

/*
 * A boot or profile script (rc.*) is often the admin's own, one line
 * of it changed: only the rules that mean an intruder (high) put it
 * aside.
 */
static bool
is_rc_rule(enum check_id id)
{
	switch (id) {
#define RULE(rid, name, sev, summary) case CHECK_RC_##rid:
#include "rules/cmdrules.def"
#undef RULE
		return true;
	default:
		return false;
	}
}

void
quar_init(struct quarantine *q)
{
	memset(q, 0, sizeof(*q));
}

void
quar_release(struct quarantine *q)
{
	size_t	i, j;

	for (i = 0; i < q->nfiles; i++) {
		for (j = 0; j < q->files[i].nhits; j++) {
			free(q->files[i].hits[j].evidence);
			free(q->files[i].hits[j].detail);
		}
		free(q->files[i].hits);
		free(q->files[i].path);
	}
	free(q->files);
	memset(q, 0, sizeof(*q));
}

static struct quar_file *
lookup(struct quarantine *q, const char *path)
{
	size_t	i;

	for (i = 0; i < q->nfiles; i++)
		if (strcmp(q->files[i].path, path) == 0)
			return &q->files[i];
	return NULL;
}

void
quar_tap(const struct finding *fd, void *arg)
{
	struct quarantine	*q = arg;
	struct quar_file	*f;
	struct quar_hit		*h;
	bool			 rc = is_rc_rule(fd->id);

	if (fd->f.path == NULL || fd->f.path[0] != '/' ||
	    fd->def->sev < (rc ? SEV_HIGH : SEV_MEDIUM) ||
	    (!rc && !quar_check_names_file(fd->id)))
		return;
	/* Findings come while the analyzers run: few, so a list will do. */
	if ((f = lookup(q, fd->f.path)) == NULL) {
		if (q->nfiles == q->cap) {
			q->cap = q->cap ? 2 * q->cap : 16;
			q->files = xrealloc(q->files, q->cap *
			    sizeof(*q->files));
		}
		f = &q->files[q->nfiles++];
		memset(f, 0, sizeof(*f));
		f->path = xstrdup(fd->f.path);
		q->sorted = false;
	}
	f->hits = xrealloc(f->hits, (f->nhits + 1) * sizeof(*f->hits));
	h = &f->hits[f->nhits++];
	h->id = fd->id;
	h->line = fd->f.line;
	h->evidence = fd->f.evidence ? xstrdup(fd->f.evidence) : NULL;
	h->detail = fd->f.detail ? xstrdup(fd->f.detail) : NULL;
}

static int
cmpfile(const void *a, const void *b)
{
	return strcmp(((const struct quar_file *)a)->path,
	    ((const struct quar_file *)b)->path);
}

const struct quar_file *
quar_find(struct quarantine *q, const char *path)
{
	struct quar_file	key = { .path = (char *)path };

	if (q->nfiles == 0)
		return NULL;
	if (!q->sorted) {
		qsort(q->files, q->nfiles, sizeof(*q->files), cmpfile);
		q->sorted = true;
	}
	return bsearch(&key, q->files, q->nfiles, sizeof(*q->files), cmpfile);
}

void
quar_resolve(struct quarantine *q, struct fsr_tree *tree)
{
	struct fsr_stat	st;
	size_t		i;

	for (i = 0; i < q->nfiles; i++) {
		q->files[i].resolved = fsr_stat_path(tree, q->files[i].path,
		    FSR_NOFOLLOW, &q->files[i].node, &st) == 0 &&
		    S_ISREG(st.mode) && st.nlink > 1;
	}
}

const struct quar_file *
quar_find_node(const struct quarantine *q, const struct fsr_node *n)
{
	size_t	i;

	/* Hard links of flagged files are rare: a scan of the few. */
	for (i = 0; i < q->nfiles; i++)
		if (q->files[i].resolved && q->files[i].node.fs == n->fs &&
		    q->files[i].node.ino == n->ino)
			return &q->files[i];
	return NULL;
}
