/*
 * fuzz_journal.c - libFuzzer target for the journal file reader: the
 * input is one journal file, read through a callback that hands out
 * short reads at odd offsets; every entry and field is checked to lie
 * in the reader's memory, and a second reader of the same bytes is
 * merged with the first
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/journal.h"

struct mem {
	const uint8_t	*p;
	size_t		 len;
};

static int
mem_pread(void *arg, void *buf, size_t len, uint64_t off, size_t *got)
{
	struct mem	*m = arg;

	*got = 0;
	if (off >= m->len)
		return 0;
	*got = m->len - off < len ? (size_t)(m->len - off) : len;
	/* short reads too: a reader must loop */
	if (*got > 4096 && (off & 1))
		*got = 4096;
	memcpy(buf, m->p + off, *got);
	return 0;
}

static void
check(const struct journal_entry *e)
{
	volatile uint8_t	x = 0;
	size_t			i, k;

	if (e->nfields > JOURNAL_FIELDS_MAX)
		abort();
	for (i = 0; i < e->nfields; i++) {
		const struct journal_field *f = &e->fields[i];

		if (f->namelen == 0 || f->len > JOURNAL_PAYLOAD_MAX ||
		    memchr(f->name, '=', f->namelen) != NULL)
			abort();
		/* touch every byte: ASan finds what is not ours */
		for (k = 0; k < f->namelen; k++)
			x ^= (uint8_t)f->name[k];
		for (k = 0; k < f->len; k++)
			x ^= f->value[k];
	}
	(void)x;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem			 m = { data, size };
	struct journal			*r[2];
	struct journal_merge		*mg;
	const struct journal_entry	*e;
	char				 err[128];
	size_t				 which;
	uint64_t			 n = 0;

	r[0] = journal_open(mem_pread, &m, size, err, sizeof(err));
	if (r[0] == NULL)
		return 0;
	(void)journal_header(r[0]);
	while (journal_next(r[0], &e) == 1) {
		check(e);
		n++;
	}
	(void)journal_damage(r[0]);
	if (journal_stats(r[0])->nentries != n)
		abort();
	journal_close(r[0]);

	r[0] = journal_open(mem_pread, &m, size, err, sizeof(err));
	r[1] = journal_open(mem_pread, &m, size, err, sizeof(err));
	mg = journal_merge_new(r, 2);
	while (journal_merge_next(mg, &e, &which) == 1)
		check(e);
	journal_merge_free(mg);
	journal_close(r[0]);
	journal_close(r[1]);
	return 0;
}
