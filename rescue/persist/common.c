/*
 * common.c - what every persistence scanner needs: the intrusion rules
 * applied to a command with the area's check names, the analysis window,
 * and the files of a directory in a stable order
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "persist/persist.h"
#include "util/util.h"

#define EVIDENCE_MAX	400
#define DIR_FILES_MAX	4096

/* Each area's check for each rule, in rules/cmdrules.def order. */
static const enum check_id area_check[AREA__COUNT][CMDRULE__COUNT] = {
	[AREA_CRON] = {
#define RULE(id, name, sev, summary) CHECK_CRON_##id,
#include "rules/cmdrules.def"
#undef RULE
	},
	[AREA_UNIT] = {
#define RULE(id, name, sev, summary) CHECK_UNIT_##id,
#include "rules/cmdrules.def"
#undef RULE
	},
	[AREA_RC] = {
#define RULE(id, name, sev, summary) CHECK_RC_##id,
#include "rules/cmdrules.def"
#undef RULE
	},
};

int
persist_judge(struct persist *p, enum persist_area area, const char *path,
    long line, int64_t time, const char *command, size_t len,
    const char *detail)
{
	struct cmd_match	 m[8];
	char			 ev[EVIDENCE_MAX + 8];
	size_t			 n, i, el;
	int			 worst = -1;
	enum severity		 sev;

	n = cmd_judge(command, len, m, 8);
	if (n > 8)
		n = 8;
	el = len < EVIDENCE_MAX ? len : EVIDENCE_MAX;
	memcpy(ev, command, el);
	strcpy(ev + el, len > el ? "..." : "");
	for (i = 0; i < n; i++) {
		sev = cmd_rule_severity(m[i].rule);
		if ((int)sev > worst)
			worst = (int)sev;
		finding(p->ax, area_check[area][m[i].rule], &(struct fctx){
		    .path = path, .line = line, .evidence = ev, .time = time,
		    .detail = detail != NULL ? detail : m[i].detail });
	}
	return worst;
}

bool
persist_temp_path(const char *path)
{
	return cmd_is_temp_path(path);
}

static bool
in_window(const struct persist *p, int64_t t)
{
	return t != TIME_NONE && (p->ax->since == TIME_NONE ||
	    t >= p->ax->since) && (p->ax->until == TIME_NONE ||
	    t <= p->ax->until);
}

bool
persist_in_window(const struct persist *p, const struct fsr_stat *st)
{
	if (p->ax->since == TIME_NONE && p->ax->until == TIME_NONE)
		return false;
	return in_window(p, st->mtime.sec) || in_window(p, st->ctime.sec) ||
	    (st->has_crtime && in_window(p, st->crtime.sec));
}

void
persist_changed(struct persist *p, const char *path,
    const struct fsr_stat *st, const char *what)
{
	char	ev[160], m[TIME_ISO_LEN], c[TIME_ISO_LEN];

	if (!persist_in_window(p, st))
		return;
	time_iso(st->mtime.sec, m, sizeof(m));
	time_iso(st->ctime.sec, c, sizeof(c));
	snprintf(ev, sizeof(ev), "%s: modified %s, changed %s", what, m, c);
	finding(p->ax, CHECK_PERSIST_CHANGED, &(struct fctx){
	    .path = path, .evidence = ev, .time = st->ctime.sec });
}

struct names {
	char	**v;
	size_t	  n, cap;
};

static int
add_name(const struct fsr_dirent *d, void *arg)
{
	struct names	*ns = arg;

	if (ns->n == DIR_FILES_MAX)
		return 0;
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 32;
		ns->v = xrealloc(ns->v, ns->cap * sizeof(*ns->v));
	}
	ns->v[ns->n++] = xstrdup(d->name);
	return 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
persist_each_file(struct persist *p, const char *dir, persist_file_fn *fn,
    void *arg)
{
	struct names	ns = { NULL, 0, 0 };
	struct fsr_node	n;
	struct fsr_stat	st;
	char		path[4096];
	size_t		i;
	int		rc;

	if ((rc = fsr_lookup(p->ax->tree, dir, 0, &n, NULL, 0)) != 0)
		return rc;
	if ((rc = fsr_readdir(p->ax->tree, &n, add_name, &ns)) != 0) {
		ax_err(p->ax, "%s: %s", dir, fsr_tree_errmsg(p->ax->tree));
		goto out;
	}
	if (ns.n > 1)
		qsort(ns.v, ns.n, sizeof(*ns.v), by_name);
	for (i = 0; i < ns.n; i++) {
		snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir :
		    "", ns.v[i]);
		if (fsr_stat_path(p->ax->tree, path, 0, &n, &st) != 0 ||
		    !S_ISREG(st.mode))
			continue;
		fn(p, path, &st, arg);
	}
out:
	for (i = 0; i < ns.n; i++)
		free(ns.v[i]);
	free(ns.v);
	return rc;
}
