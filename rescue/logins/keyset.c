/*
 * keyset.c - a set of 64-bit hashes, open addressing, for "seen that
 * event already" across sources; bounded, so a log of 10^9 lines costs
 * at most KEYSET_MAX keys (past that, duplicates may be counted twice)
 */
#include <stdlib.h>

#include "logins/logins.h"
#include "util/util.h"

static size_t
slot_of(uint64_t key, size_t cap)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 7) & (cap - 1);
}

static void
put(uint64_t *slot, size_t cap, uint64_t key)
{
	size_t	i = slot_of(key, cap);

	while (slot[i] != 0 && slot[i] != key)
		i = (i + 1) & (cap - 1);
	slot[i] = key;
}

static void
grow(struct keyset *k)
{
	uint64_t	*old = k->slot;
	size_t		 oldcap = k->cap, i;

	k->cap = oldcap ? oldcap * 2 : 1024;
	k->slot = xcalloc(k->cap, sizeof(*k->slot));
	for (i = 0; i < oldcap; i++)
		if (old[i] != 0)
			put(k->slot, k->cap, old[i]);
	free(old);
}

void
keyset_add(struct keyset *k, uint64_t key)
{
	if (key == 0)
		key = 1;
	if (k->n >= KEYSET_MAX) {
		k->full = true;
		return;
	}
	if ((k->n + 1) * 2 > k->cap)
		grow(k);
	if (!keyset_has(k, key)) {
		put(k->slot, k->cap, key);
		k->n++;
	}
}

bool
keyset_has(const struct keyset *k, uint64_t key)
{
	size_t	i;

	if (key == 0)
		key = 1;
	if (k->cap == 0)
		return false;
	for (i = slot_of(key, k->cap); k->slot[i] != 0;
	    i = (i + 1) & (k->cap - 1))
		if (k->slot[i] == key)
			return true;
	return false;
}

void
keyset_free(struct keyset *k)
{
	free(k->slot);
	k->slot = NULL;
	k->n = k->cap = 0;
}
