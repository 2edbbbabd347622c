/*
 * dpkg_set.c - the paths dpkg owns, with their package and MD5, in a
 * compact hash set: strings interned in large chunks, entries in
 * blocks that never move, and an open-addressing table of indices and
 * hashes (linear probing)
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "dpkg.h"

#define CHUNK_SIZE	(256 * 1024)
/* Entries come in blocks that never move, so pointers to them last. */
#define BLOCK_SHIFT	12
#define BLOCK_LEN	(1u << BLOCK_SHIFT)

struct chunk {
	struct chunk	*next;
	size_t		 used;
	char		 data[CHUNK_SIZE];
};

/* The hash beside the index spares a cache miss on most probes. */
struct slot {
	uint32_t	 idx;		/* entry index + 1; 0 is empty */
	uint32_t	 hash;
};

struct dpkg_set {
	struct dpkg_path	**block;	/* BLOCK_LEN entries each */
	size_t			 n, nblocks, blockcap;
	struct slot		*slot;
	size_t			 nslots;	/* a power of two */
	struct chunk		*chunks;	/* the newest first */
	size_t			 nchunks;
};

/* FNV-1a, then a final mix so that the low bits pick slots well. */
static struct dpkg_path *
ent(const struct dpkg_set *set, size_t i)
{
	return &set->block[i >> BLOCK_SHIFT][i & (BLOCK_LEN - 1)];
}

static uint32_t
hash_path(const char *s, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h;
}

struct dpkg_set *
dpkg_set_new(void)
{
	struct dpkg_set	*set = xcalloc(1, sizeof(*set));

	set->nslots = 1024;
	set->slot = xcalloc(set->nslots, sizeof(*set->slot));
	return set;
}

void
dpkg_set_free(struct dpkg_set *set)
{
	struct chunk	*c, *next;
	size_t		 i;

	if (set == NULL)
		return;
	for (c = set->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(set->slot);
	for (i = 0; i < set->nblocks; i++)
		free(set->block[i]);
	free(set->block);
	free(set);
}

/* The slot holding PATH, or the empty slot where it would go. */
static size_t
find_slot(const struct dpkg_set *set, const char *path, size_t len,
    uint32_t h)
{
	const struct dpkg_path	*e;
	size_t			 mask = set->nslots - 1, i = h & mask;

	for (; set->slot[i].idx != 0; i = (i + 1) & mask) {
		if (set->slot[i].hash != h)
			continue;
		e = ent(set, set->slot[i].idx - 1);
		if (e->len == len && memcmp(e->path, path, len) == 0)
			return i;
	}
	return i;
}

static void
grow_table(struct dpkg_set *set)
{
	size_t	i, j, mask;

	free(set->slot);
	set->nslots *= 2;
	set->slot = xcalloc(set->nslots, sizeof(*set->slot));
	mask = set->nslots - 1;
	for (i = 0; i < set->n; i++) {
		for (j = ent(set, i)->hash & mask; set->slot[j].idx != 0;
		    j = (j + 1) & mask)
			;
		set->slot[j].idx = (uint32_t)(i + 1);
		set->slot[j].hash = ent(set, i)->hash;
	}
}

static const char *
intern(struct dpkg_set *set, const char *s, size_t n)
{
	struct chunk	*c = set->chunks;
	char		*p;

	if (c == NULL || CHUNK_SIZE - c->used < n + 1) {
		c = xmalloc(sizeof(*c));
		c->used = 0;
		c->next = set->chunks;
		set->chunks = c;
		set->nchunks++;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

static struct dpkg_path *
set_insert(struct dpkg_set *set, const char *path, size_t len, uint32_t pkg)
{
	struct dpkg_path	*e;
	uint32_t		 h;
	size_t			 i;

	if (len > DPKG_PATH_MAX)
		return NULL;
	h = hash_path(path, len);
	i = find_slot(set, path, len, h);
	if (set->slot[i].idx != 0) {
		e = ent(set, set->slot[i].idx - 1);
		if (e->pkg != pkg)
			e->flags |= DPKG_PATH_SHARED;
		return e;
	}
	if (set->n >= DPKG_SET_MAX)
		return NULL;
	if (set->n == set->nblocks * BLOCK_LEN) {
		if (set->nblocks == set->blockcap) {
			set->blockcap = set->blockcap ? set->blockcap * 2 : 16;
			set->block = xrealloc(set->block,
			    set->blockcap * sizeof(*set->block));
		}
		set->block[set->nblocks++] = xmalloc(BLOCK_LEN *
		    sizeof(struct dpkg_path));
	}
	e = ent(set, set->n);
	memset(e, 0, sizeof(*e));
	e->path = intern(set, path, len);
	e->len = (uint32_t)len;
	e->hash = h;
	e->pkg = pkg;
	set->slot[i].idx = (uint32_t)(++set->n);
	set->slot[i].hash = h;
	/* Keep the load under 3/4 so that probes stay short. */
	if (set->n * 4 > set->nslots * 3)
		grow_table(set);
	return e;
}

struct dpkg_path *
dpkg_set_add(struct dpkg_set *set, const char *path, size_t len,
    uint32_t pkg)
{
	struct dpkg_path	*e;

	if ((e = set_insert(set, path, len, pkg)) != NULL)
		e->flags |= DPKG_PATH_LISTED;
	return e;
}

struct dpkg_path *
dpkg_set_add_md5(struct dpkg_set *set, const char *path, size_t len,
    uint32_t pkg, const uint8_t *md5)
{
	struct dpkg_path	*e;

	if ((e = set_insert(set, path, len, pkg)) == NULL)
		return NULL;
	if ((e->flags & DPKG_PATH_MD5) == 0) {
		memcpy(e->md5, md5, 16);
		e->flags |= DPKG_PATH_MD5;
	} else if (memcmp(e->md5, md5, 16) != 0)
		e->flags |= DPKG_PATH_MD5_CONFLICT;
	return e;
}

const struct dpkg_path *
dpkg_set_get(const struct dpkg_set *set, const char *path, size_t len)
{
	size_t	i;

	if (len > DPKG_PATH_MAX)
		return NULL;
	i = find_slot(set, path, len, hash_path(path, len));
	return set->slot[i].idx ? ent(set, set->slot[i].idx - 1) : NULL;
}

size_t
dpkg_set_count(const struct dpkg_set *set)
{
	return set->n;
}

const struct dpkg_path *
dpkg_set_at(const struct dpkg_set *set, size_t i)
{
	return i < set->n ? ent(set, i) : NULL;
}

size_t
dpkg_set_memory(const struct dpkg_set *set)
{
	return sizeof(*set) + set->nslots * sizeof(*set->slot) +
	    set->blockcap * sizeof(*set->block) +
	    set->nblocks * BLOCK_LEN * sizeof(struct dpkg_path) +
	    set->nchunks * sizeof(struct chunk);
}
