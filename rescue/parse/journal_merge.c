/*
 * journal_merge.c - several journal files read as one stream by time,
 * as journalctl shows a machine's files, duplicates dropped
 */
#include <stdlib.h>
#include <string.h>

#include "parse/journal.h"
#include "util/util.h"

struct head {
	struct journal			*j;
	const struct journal_entry	*e;	/* NULL: not read or done */
	bool				 done;
};

struct journal_merge {
	struct head	*h;
	size_t		 n;
	size_t		 last;		/* reader given last, or n */
	bool		 have_last;
	uint8_t		 last_id[16];
	uint64_t	 last_seqnum;
	uint64_t	 ndups;
};

struct journal_merge *
journal_merge_new(struct journal *const *files, size_t n)
{
	struct journal_merge	*m;
	size_t			 i;

	m = xcalloc(1, sizeof(*m));
	m->h = xcalloc(n ? n : 1, sizeof(*m->h));
	m->n = n;
	m->last = n;
	for (i = 0; i < n; i++)
		m->h[i].j = files[i];
	return m;
}

void
journal_merge_free(struct journal_merge *m)
{
	if (m == NULL)
		return;
	free(m->h);
	free(m);
}

uint64_t
journal_merge_dups(const struct journal_merge *m)
{
	return m->ndups;
}

/* Head I's next entry, if it has none. */
static void
fill(struct head *h)
{
	if (h->e != NULL || h->done)
		return;
	if (journal_next(h->j, &h->e) != 1) {
		h->e = NULL;
		h->done = true;
	}
}

static bool
before(const struct journal_entry *a, const struct journal_entry *b)
{
	if (a->realtime != b->realtime)
		return a->realtime < b->realtime;
	return a->seqnum < b->seqnum;
}

static bool
same(const struct journal_entry *a, const uint8_t *id, uint64_t seqnum)
{
	return a->seqnum == seqnum && memcmp(a->seqnum_id, id, 16) == 0;
}

int
journal_merge_next(struct journal_merge *m, const struct journal_entry **ent,
    size_t *which)
{
	size_t	i, best;

	/* the entry given last is used up only now: it lasted until here */
	if (m->last < m->n)
		m->h[m->last].e = NULL;
	for (;;) {
		best = m->n;
		for (i = 0; i < m->n; i++) {
			fill(&m->h[i]);
			if (m->h[i].e != NULL && (best == m->n ||
			    before(m->h[i].e, m->h[best].e)))
				best = i;
		}
		if (best == m->n) {
			m->last = m->n;
			return 0;
		}
		if (m->have_last && same(m->h[best].e, m->last_id,
		    m->last_seqnum)) {
			m->ndups++;
			m->h[best].e = NULL;
			continue;
		}
		break;
	}
	m->last = best;
	m->have_last = true;
	memcpy(m->last_id, m->h[best].e->seqnum_id, 16);
	m->last_seqnum = m->h[best].e->seqnum;
	*ent = m->h[best].e;
	*which = best;
	return 1;
}
