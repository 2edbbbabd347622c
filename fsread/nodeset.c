/*
 * nodeset.c - a set of (filesystem, inode) pairs: directories a walk has
 * entered.  A real tree reaches each directory once; a forged one can
 * link a directory into itself or twice, and following it would loop or
 * explode.
 */
#include <stdlib.h>

#include "fsread.h"

struct fsr_nodeset {
	struct fsr_node	*slots;		/* open addressing; fs NULL: empty */
	size_t		 n, cap;
};

struct fsr_nodeset *
fsr_nodeset_new(void)
{
	return calloc(1, sizeof(struct fsr_nodeset));
}

void
fsr_nodeset_free(struct fsr_nodeset *s)
{
	if (s == NULL)
		return;
	free(s->slots);
	free(s);
}

static size_t
slot_of(const struct fsr_node *n, size_t cap)
{
	uint64_t	h = ((uint64_t)(uintptr_t)n->fs >> 4) ^ n->ino;

	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> 20) & (cap - 1);
}

static int
grow(struct fsr_nodeset *s)
{
	struct fsr_node	*ns;
	size_t		 cap = s->cap ? s->cap * 2 : 1024, i, j;

	if ((ns = calloc(cap, sizeof(*ns))) == NULL)
		return -1;
	for (i = 0; i < s->cap; i++) {
		if (s->slots[i].fs == NULL)
			continue;
		for (j = slot_of(&s->slots[i], cap); ns[j].fs;
		    j = (j + 1) & (cap - 1))
			;
		ns[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = ns;
	s->cap = cap;
	return 0;
}

int
fsr_nodeset_add(struct fsr_nodeset *s, const struct fsr_node *n)
{
	size_t	j;

	if ((s->n + 1) * 2 > s->cap && grow(s) < 0)
		return -1;
	for (j = slot_of(n, s->cap); s->slots[j].fs; j = (j + 1) & (s->cap - 1))
		if (s->slots[j].fs == n->fs && s->slots[j].ino == n->ino)
			return 0;
	s->slots[j] = *n;
	s->n++;
	return 1;
}
