/*
 * modules.c - package files inside a language's module tree
 * (node_modules, dist-packages, site-packages, gems) changed or gone by
 * the hundred: `npm install -g npm` over the npm that NodeSource's
 * nodejs bundles, `gem update --system`, pip run as root.  An intruder
 * patches a module or two; a package manager rewrites the whole tree in
 * one go.  So the findings of one tree are held back: past
 * MODULES_MASS of them they become one low finding naming the tree,
 * below it they go out one by one as before.  ELF files (native
 * modules) are never held back.
 */
#include <stdlib.h>
#include <string.h>

#include "binaries/binaries.h"
#include "util/util.h"

#define MODULES_MASS	25	/* files of one tree: a manager's update */
#define MODULES_TREES	256	/* trees followed; more go out one by one */

struct held {
	enum check_id	 id;
	char		*path, *evidence, *detail;
	int64_t		 time;
};

struct tree {
	char		*root;		/* "/usr/lib/node_modules/npm" */
	char		*pkg;
	size_t		 changed, missing;
	int64_t		 last;		/* the latest ctime of a change */
	struct held	 held[MODULES_MASS];
	size_t		 nheld;		/* 0 once past MODULES_MASS */
};

struct bmodules {
	struct tree	*trees;
	size_t		 n, cap;
};

static const char *const markers[] = { "/node_modules/", "/dist-packages/",
    "/site-packages/", "/gems/" };

/* The module's root in PATH (marker and one more component), or 0. */
static size_t
module_root(const char *path)
{
	const char	*m, *end;
	size_t		 i;

	for (i = 0; i < sizeof(markers) / sizeof(*markers); i++) {
		if ((m = strstr(path, markers[i])) == NULL)
			continue;
		m += strlen(markers[i]);
		if (*m == '@')		/* npm's scoped "@scope/name" */
			m = strchr(m, '/') != NULL ? strchr(m, '/') + 1 : m;
		if ((end = strchr(m, '/')) == NULL || end == m)
			return 0;	/* a file at the top: not a tree */
		return (size_t)(end - path);
	}
	return 0;
}

static struct tree *
tree_of(struct bmodules *bm, const char *path, size_t rootlen,
    const char *pkg)
{
	struct tree	*t;
	size_t		 i;

	for (i = 0; i < bm->n; i++) {
		t = &bm->trees[i];
		if (strlen(t->root) == rootlen &&
		    strncmp(t->root, path, rootlen) == 0 &&
		    strcmp(t->pkg, pkg) == 0)
			return t;
	}
	if (bm->n == MODULES_TREES)
		return NULL;
	if (bm->n == bm->cap) {
		bm->cap = bm->cap ? bm->cap * 2 : 8;
		bm->trees = xrealloc(bm->trees, bm->cap * sizeof(*bm->trees));
	}
	t = &bm->trees[bm->n++];
	memset(t, 0, sizeof(*t));
	t->root = xmalloc(rootlen + 1);
	memcpy(t->root, path, rootlen);
	t->root[rootlen] = '\0';
	t->pkg = xstrdup(pkg);
	t->last = TIME_NONE;
	return t;
}

static void
held_free(struct held *h)
{
	free(h->path);
	free(h->evidence);
	free(h->detail);
}

bool
modules_hold(struct bscan *b, enum check_id id, const char *pkg,
    const struct fctx *f)
{
	struct tree	*t;
	struct held	*h;
	size_t		 rootlen, i;

	if (f->path == NULL || (rootlen = module_root(f->path)) == 0)
		return false;
	if (b->modules == NULL)
		b->modules = xcalloc(1, sizeof(*b->modules));
	if ((t = tree_of(b->modules, f->path, rootlen, pkg)) == NULL)
		return false;
	if (id == CHECK_PKG_MISSING || id == CHECK_PKG_MISSING_BINARY)
		t->missing++;
	else
		t->changed++;
	if (f->time != TIME_NONE && (t->last == TIME_NONE || f->time > t->last))
		t->last = f->time;
	if (t->changed + t->missing > MODULES_MASS) {
		for (i = 0; i < t->nheld; i++)
			held_free(&t->held[i]);
		t->nheld = 0;	/* a mass update: one finding at the end */
		return true;
	}
	h = &t->held[t->nheld++];
	h->id = id;
	h->path = xstrdup(f->path);
	h->evidence = f->evidence != NULL ? xstrdup(f->evidence) : NULL;
	h->detail = f->detail != NULL ? xstrdup(f->detail) : NULL;
	h->time = f->time;
	return true;
}

void
modules_flush(struct bscan *b)
{
	struct bmodules	*bm = b->modules;
	struct tree	*t;
	char		 ev[512];
	size_t		 i, k;

	if (bm == NULL)
		return;
	for (i = 0; i < bm->n; i++) {
		t = &bm->trees[i];
		if (t->changed + t->missing > MODULES_MASS) {
			snprintf(ev, sizeof(ev), "%s: %zu files changed, %zu "
			    "gone", t->pkg, t->changed, t->missing);
			finding(b->ax, CHECK_PKG_MODULES_REPLACED,
			    &(struct fctx){ .path = t->root, .evidence = ev,
			    .time = t->last, .detail = "the whole tree "
			    "rewritten at once, as npm -g, gem or pip do; the "
			    "package_file_changed records list each file" });
		}
		for (k = 0; k < t->nheld; k++) {
			finding(b->ax, t->held[k].id, &(struct fctx){
			    .path = t->held[k].path,
			    .evidence = t->held[k].evidence,
			    .detail = t->held[k].detail,
			    .time = t->held[k].time });
			held_free(&t->held[k]);
		}
		free(t->root);
		free(t->pkg);
	}
	free(bm->trees);
	free(bm);
	b->modules = NULL;
}
