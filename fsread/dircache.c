/*
 * dircache.c - names of the directories looked up again and again, in
 * a hash table, so that verifying 3,000 files of /usr/lib/x86_64-linux-gnu
 * reads that directory once instead of 3,000 times
 *
 * libext2fs' lookup reads a directory linearly on every call.  Once a
 * directory has been asked for WARM names it is read whole into a table
 * of its own; the cache keeps at most MAX_DIRS directories and
 * MAX_BYTES of names, and starts over when either is reached (simpler
 * than LRU, and the callers that need it look up directory by
 * directory).  The filesystem is read-only, so nothing ever goes stale.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fsr_int.h"

#define WARM		4		/* lookups before a directory is read */
#define MAX_DIRS	64
#define MAX_BYTES	((size_t)16 << 20)
#define NCOUNT		256		/* lookup counters, by directory hash */

struct dc_entry {
	uint64_t	ino;		/* 0: empty slot */
	uint32_t	name;		/* offset in names */
	uint32_t	len;
};

struct dc_dir {
	uint64_t	 ino;
	struct dc_entry	*slot;
	size_t		 nslot, n;	/* nslot: a power of two */
	char		*names;
	size_t		 nnames, capnames;
};

struct fsr_dircache {
	struct dc_dir	dir[MAX_DIRS];
	size_t		ndir, bytes;
	struct {
		uint64_t	ino;
		unsigned	n;
	} count[NCOUNT];
};

static uint64_t
hash_name(const char *s, size_t len)
{
	uint64_t	h = 1469598103934665603ULL;	/* FNV-1a */
	size_t		i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

struct fsr_dircache *
fsr_dircache_new(void)
{
	return calloc(1, sizeof(struct fsr_dircache));
}

static void
dir_release(struct dc_dir *d)
{
	free(d->slot);
	free(d->names);
	memset(d, 0, sizeof(*d));
}

static void
clear(struct fsr_dircache *c)
{
	size_t	i;

	for (i = 0; i < c->ndir; i++)
		dir_release(&c->dir[i]);
	c->ndir = 0;
	c->bytes = 0;
}

void
fsr_dircache_free(struct fsr_dircache *c)
{
	if (c == NULL)
		return;
	clear(c);
	free(c);
}

static struct dc_dir *
find_dir(struct fsr_dircache *c, uint64_t ino)
{
	size_t	i;

	for (i = 0; i < c->ndir; i++)
		if (c->dir[i].ino == ino)
			return &c->dir[i];
	return NULL;
}

static bool
grow_slots(struct dc_dir *d)
{
	struct dc_entry	*old = d->slot, *s;
	size_t		 oldn = d->nslot, i, j;

	d->nslot = oldn ? oldn * 2 : 64;
	if ((d->slot = calloc(d->nslot, sizeof(*d->slot))) == NULL) {
		d->slot = old;
		d->nslot = oldn;
		return false;
	}
	for (i = 0; i < oldn; i++) {
		if (old[i].ino == 0)
			continue;
		j = hash_name(d->names + old[i].name, old[i].len) &
		    (d->nslot - 1);
		for (s = &d->slot[j]; s->ino != 0;
		    s = &d->slot[j = (j + 1) & (d->nslot - 1)])
			;
		*s = old[i];
	}
	free(old);
	return true;
}

struct load_ctx {
	struct fsr_dircache	*c;
	struct dc_dir		*d;
	bool			 full;
};

static int
add_entry(const struct fsr_dirent *de, void *arg)
{
	struct load_ctx	*l = arg;
	struct dc_dir	*d = l->d;
	struct dc_entry	*s;
	size_t		 j, need;
	char		*nn;

	if (de->namelen == 0)		/* forged: no lookup can ask for it */
		return FSR_WALK_CONT;
	if (l->c->bytes + de->namelen + sizeof(*s) * 2 > MAX_BYTES) {
		l->full = true;
		return FSR_WALK_STOP;
	}
	if ((d->n + 1) * 4 > d->nslot * 3 && !grow_slots(d)) {
		l->full = true;
		return FSR_WALK_STOP;
	}
	j = hash_name(de->name, de->namelen) & (d->nslot - 1);
	for (s = &d->slot[j]; s->ino != 0;
	    s = &d->slot[j = (j + 1) & (d->nslot - 1)])
		if (s->len == de->namelen && memcmp(d->names + s->name,
		    de->name, de->namelen) == 0)
			return FSR_WALK_CONT;	/* forged twin: first wins */
	need = d->nnames + de->namelen;
	if (need > d->capnames) {
		d->capnames = need * 2 > 4096 ? need * 2 : 4096;
		if ((nn = realloc(d->names, d->capnames)) == NULL) {
			l->full = true;
			return FSR_WALK_STOP;
		}
		d->names = nn;
	}
	memcpy(d->names + d->nnames, de->name, de->namelen);
	s->ino = de->ino;
	s->name = (uint32_t)d->nnames;
	s->len = (uint32_t)de->namelen;
	d->nnames = need;
	d->n++;
	l->c->bytes += de->namelen + sizeof(*s) * 2;
	return FSR_WALK_CONT;
}

/* Read directory DIR whole into the cache; NULL if it cannot be. */
static struct dc_dir *
load(struct fsr_dircache *c, struct fsr_fs *fs, uint64_t dir)
{
	struct load_ctx	l = { c, NULL, false };

	if (c->ndir == MAX_DIRS)
		clear(c);
	l.d = &c->dir[c->ndir];
	memset(l.d, 0, sizeof(*l.d));
	l.d->ino = dir;
	if (!grow_slots(l.d))
		return NULL;
	if (fs->ops->readdir(fs, dir, add_entry, &l) < 0 || l.full) {
		/* a damaged or huge directory: leave it to the backend */
		c->bytes -= l.d->n * sizeof(struct dc_entry) * 2 +
		    l.d->nnames;
		dir_release(l.d);
		if (l.full)
			clear(c);
		return NULL;
	}
	c->ndir++;
	return l.d;
}

int
fsr_dircache_lookup(struct fsr_dircache *c, struct fsr_fs *fs, uint64_t dir,
    const char *name, uint64_t *ino)
{
	struct dc_dir	*d;
	struct dc_entry	*s;
	size_t		 len = strlen(name), j, k;

	if (c == NULL || len == 0 || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return 1;
	if ((d = find_dir(c, dir)) == NULL) {
		k = (size_t)(dir * 0x9E3779B97F4A7C15ULL >> 56) % NCOUNT;
		if (c->count[k].ino != dir) {
			c->count[k].ino = dir;
			c->count[k].n = 0;
		}
		if (++c->count[k].n < WARM || (d = load(c, fs, dir)) == NULL)
			return 1;
	}
	j = hash_name(name, len) & (d->nslot - 1);
	for (s = &d->slot[j]; s->ino != 0;
	    s = &d->slot[j = (j + 1) & (d->nslot - 1)])
		if (s->len == len && memcmp(d->names + s->name, name,
		    len) == 0) {
			*ino = s->ino;
			return 0;
		}
	return -ENOENT;
}
