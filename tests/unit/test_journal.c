/*
 * test_journal.c - the journal file reader over journals built here in
 * memory (regular and compact layout, XZ, LZ4 and ZSTD payloads), the
 * same damaged, the merge, and the corpus's real files
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zstd.h>

#include "unit.h"
#include "parse/journal.h"

#define JMAX	(1024 * 1024)

struct jb {
	uint8_t		 b[JMAX];
	size_t		 len;
	bool		 compact;
	uint64_t	 tail;		/* last object */
	uint64_t	 nent;
	uint64_t	 arr;		/* first entry array */
	uint8_t		 seqid[16];
};

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
	memcpy(buf, m->p + off, *got);
	return 0;
}

static void
put64(uint8_t *p, uint64_t v)
{
	int	i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
put32(uint8_t *p, uint32_t v)
{
	int	i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
jb_init(struct jb *j, bool compact, uint8_t seq)
{
	memset(j, 0, sizeof(*j));
	j->compact = compact;
	j->len = 272;
	memset(j->seqid, seq, sizeof(j->seqid));
}

/* A new object of TYPE with BODY bytes after its header; its offset. */
static uint64_t
jb_obj(struct jb *j, int type, int flags, size_t body)
{
	uint64_t	off = j->len;

	j->b[off] = (uint8_t)type;
	j->b[off + 1] = (uint8_t)flags;
	put64(j->b + off + 8, 16 + body);
	j->len += (16 + body + 7) & ~(size_t)7;
	j->tail = off;
	return off;
}

static uint64_t
jb_data(struct jb *j, const char *payload, size_t len, int flags)
{
	size_t		hdr = j->compact ? 72 : 64;
	uint64_t	off = jb_obj(j, 1, flags, hdr - 16 + len);

	memcpy(j->b + off + hdr, payload, len);
	return off;
}

static uint64_t
jb_entry(struct jb *j, uint64_t seq, uint64_t rt, const uint64_t *d,
    size_t n)
{
	size_t		isz = j->compact ? 4 : 16, i;
	uint64_t	off = jb_obj(j, 3, 0, 48 + n * isz);

	put64(j->b + off + 16, seq);
	put64(j->b + off + 24, rt);
	put64(j->b + off + 32, rt / 2);
	memset(j->b + off + 40, 0xbb, 16);
	for (i = 0; i < n; i++) {
		if (j->compact)
			put32(j->b + off + 64 + i * 4, (uint32_t)d[i]);
		else
			put64(j->b + off + 64 + i * 16, d[i]);
	}
	j->nent++;
	return off;
}

static uint64_t
jb_array(struct jb *j, const uint64_t *e, size_t n, uint64_t next)
{
	size_t		isz = j->compact ? 4 : 8, i;
	uint64_t	off = jb_obj(j, 6, 0, 8 + n * isz);

	put64(j->b + off + 16, next);
	for (i = 0; i < n; i++) {
		if (j->compact)
			put32(j->b + off + 24 + i * 4, (uint32_t)e[i]);
		else
			put64(j->b + off + 24 + i * 8, e[i]);
	}
	if (j->arr == 0)
		j->arr = off;
	return off;
}

static void
jb_finish(struct jb *j, uint32_t incompat, uint8_t state)
{
	uint8_t	*h = j->b;

	memcpy(h, "LPKSHHRH", 8);
	put32(h + 12, incompat | (j->compact ? 0x10 : 0));
	h[16] = state;
	memset(h + 40, 0x11, 16);
	memset(h + 56, 0xbb, 16);
	memcpy(h + 72, j->seqid, 16);
	put64(h + 88, 272);
	put64(h + 96, j->len - 272);
	put64(h + 136, j->tail);
	put64(h + 152, j->nent);
	put64(h + 160, j->nent);
	put64(h + 168, 1);
	put64(h + 176, j->arr);
	put64(h + 184, 1000000);
}

/* Every entry of the LEN first bytes: count, fields and bad fields. */
struct seen {
	size_t		 n, fields, bad;
	uint64_t	 seq[16];
	char		 msg[16][64];
	char		 damage[256];
};

static void
read_all(const uint8_t *p, size_t len, struct seen *s)
{
	struct mem			 m = { p, len };
	struct journal			*j;
	const struct journal_entry	*e;
	const struct journal_field	*f;
	const char			*d;
	char				 err[128];

	memset(s, 0, sizeof(*s));
	if ((j = journal_open(mem_pread, &m, len, err, sizeof(err))) == NULL)
		return;
	while (journal_next(j, &e) == 1) {
		if (s->n < 16) {
			s->seq[s->n] = e->seqnum;
			if ((f = journal_field(e, "MESSAGE")) != NULL)
				snprintf(s->msg[s->n], sizeof(s->msg[0]),
				    "%.*s", (int)(f->len < 60 ? f->len : 60),
				    (const char *)f->value);
		}
		s->n++;
		s->fields += e->nfields;
		s->bad += e->nbad;
	}
	if ((d = journal_damage(j)) != NULL)
		snprintf(s->damage, sizeof(s->damage), "%s", d);
	journal_close(j);
}

/* Three entries; the second's MESSAGE compressed by FLAGS (0 none). */
static void
build_three(struct jb *j, bool compact, int flags)
{
	char		 big[3000], z[4096];
	uint64_t	 d[3], e[3];
	size_t		 zl = 0;

	jb_init(j, compact, 0x42);
	memset(big, 'x', sizeof(big));
	memcpy(big, "MESSAGE=", 8);
	d[0] = jb_data(j, "_HOSTNAME=web1", 14, 0);
	d[1] = jb_data(j, "MESSAGE=one", 11, 0);
	e[0] = jb_entry(j, 1, 1000000, d, 2);
	if (flags == 1) {
		lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL,
		    (uint8_t *)big, sizeof(big), (uint8_t *)z, &zl,
		    sizeof(z));
	} else if (flags == 2) {
		put64((uint8_t *)z, sizeof(big));
		zl = 8 + (size_t)LZ4_compress_default(big, z + 8,
		    sizeof(big), sizeof(z) - 8);
	} else if (flags == 4) {
		zl = ZSTD_compress(z, sizeof(z), big, sizeof(big), 3);
	}
	d[1] = flags ? jb_data(j, z, zl, flags) :
	    jb_data(j, big, sizeof(big), 0);
	e[1] = jb_entry(j, 2, 2000000, d, 2);
	d[1] = jb_data(j, "MESSAGE=three", 13, 0);
	e[2] = jb_entry(j, 3, 3000000, d, 2);
	jb_array(j, e, 3, 0);
	jb_finish(j, flags == 1 ? 1 : flags == 2 ? 2 : flags == 4 ? 8 : 0,
	    0);
}

TEST(journal_header)
{
	static struct jb	 j;
	struct mem		 m;
	struct journal		*jr;
	const struct journal_header *h;
	char			 err[128];

	build_three(&j, false, 0);
	j.b[16] = 1;	/* online */
	m = (struct mem){ j.b, j.len };
	jr = journal_open(mem_pread, &m, j.len, err, sizeof(err));
	ASSERT(jr != NULL);
	h = journal_header(jr);
	ASSERT_INT(h->state, JOURNAL_ONLINE);
	ASSERT_STR(journal_state_name(h->state), "online");
	ASSERT_INT(h->header_size, 272);
	ASSERT_INT(h->n_entries, 3);
	ASSERT_INT(h->head_seqnum, 1);
	ASSERT_INT(h->tail_seqnum, 3);
	ASSERT_INT(h->seqnum_id[0], 0x42);
	ASSERT_INT(h->machine_id[15], 0x11);
	ASSERT(journal_damage(jr) == NULL);
	journal_close(jr);

	memcpy(j.b, "LPKSHHRX", 8);
	ASSERT(journal_open(mem_pread, &m, j.len, err, sizeof(err)) == NULL);
	ASSERT(strstr(err, "signature") != NULL);
	ASSERT(journal_open(mem_pread, &m, 100, err, sizeof(err)) == NULL);
}

TEST(journal_entries_each_compression_and_layout)
{
	static struct jb	j;
	struct seen		s;
	int			flags[] = { 0, 1, 2, 4 }, c, i;

	for (c = 0; c < 2; c++)
		for (i = 0; i < 4; i++) {
			build_three(&j, c, flags[i]);
			read_all(j.b, j.len, &s);
			ASSERT_INT(s.n, 3);
			ASSERT_INT(s.fields, 6);
			ASSERT_INT(s.bad, 0);
			ASSERT_INT(s.seq[2], 3);
			ASSERT_STR(s.msg[0], "one");
			ASSERT_INT(s.msg[1][0], 'x');
			ASSERT_INT(strlen(s.msg[1]), 60);
			ASSERT_STR(s.msg[2], "three");
			ASSERT_STR(s.damage, "");
		}
}

TEST(journal_bad_data_offsets_are_bad_fields)
{
	static struct jb	j;
	struct seen		s;
	uint64_t		d[4], e;

	jb_init(&j, false, 1);
	d[0] = jb_data(&j, "MESSAGE=ok", 10, 0);
	d[1] = 1u << 30;	/* past the file */
	d[2] = 13;		/* inside the header, unaligned */
	d[3] = 0;
	e = jb_entry(&j, 1, 5, d, 4);
	d[1] = e;		/* an entry, not data */
	d[2] = jb_data(&j, "NOEQUALSIGN", 11, 0);
	d[3] = jb_data(&j, "X=1", 3, 7);	/* every compression bit */
	jb_entry(&j, 2, 6, d, 4);
	jb_finish(&j, 0, 0);
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 2);
	ASSERT_INT(s.fields, 2);
	ASSERT_INT(s.bad, 6);
	ASSERT(strstr(s.damage, "6 fields unreadable") != NULL);
}

TEST(journal_truncated_keeps_entries_before)
{
	static struct jb	j;
	struct seen		s;
	size_t			cut;

	build_three(&j, false, 4);
	for (cut = 0; cut <= j.len; cut++) {
		read_all(j.b, cut, &s);
		ASSERT(s.n <= 3);
		if (cut >= j.len - 40)	/* past the third entry */
			ASSERT_INT(s.n, 3);
	}
	/* cut inside the third data object: two entries and a message */
	read_all(j.b, j.len - 70, &s);
	ASSERT_INT(s.n, 2);
	ASSERT(strstr(s.damage, "truncated") != NULL);
}

TEST(journal_bad_object_then_entry_arrays)
{
	static struct jb	j;
	struct seen		s;
	uint64_t		d[1], e[3], bad;

	jb_init(&j, false, 1);
	d[0] = jb_data(&j, "MESSAGE=a", 9, 0);
	e[0] = jb_entry(&j, 1, 1, d, 1);
	bad = jb_data(&j, "MESSAGE=gone", 12, 0);
	d[0] = jb_data(&j, "MESSAGE=b", 9, 0);
	e[1] = jb_entry(&j, 2, 2, d, 1);
	e[2] = jb_entry(&j, 3, 3, d, 1);
	jb_array(&j, e, 3, 0);
	jb_finish(&j, 0, 1);
	put64(j.b + bad + 8, 3);	/* object size smaller than a header */
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 3);
	ASSERT_STR(s.msg[1], "b");
	ASSERT(strstr(s.damage, "entries after offset") != NULL);
	ASSERT(strstr(s.damage, "2 entries after it found") != NULL);

	/* an entry array pointing at itself: no loop */
	put64(j.b + j.arr + 16, j.arr);
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 3);
	/* and an array offset outside the file */
	put64(j.b + 176, (uint64_t)1 << 40);
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 1);
}

TEST(journal_lz4_bomb_is_one_bad_field)
{
	static struct jb	j;
	struct seen		s;
	uint8_t			z[64];
	uint64_t		d[2];

	jb_init(&j, false, 1);
	memset(z, 0, sizeof(z));
	put64(z, (uint64_t)1 << 40);	/* claims a terabyte */
	d[0] = jb_data(&j, (char *)z, sizeof(z), 2);
	d[1] = jb_data(&j, "MESSAGE=m", 9, 0);
	jb_entry(&j, 1, 1, d, 2);
	jb_finish(&j, 2, 0);
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 1);
	ASSERT_INT(s.bad, 1);
	ASSERT_STR(s.msg[0], "m");
}

TEST(journal_merge_by_time_drops_copies)
{
	static struct jb		 a, b;
	struct mem			 ma, mb;
	struct journal			*r[2];
	struct journal_merge		*m;
	const struct journal_entry	*e;
	uint64_t			 d[1], want[] = { 1, 10, 2, 3, 11 };
	size_t				 which, n = 0;
	char				 err[64];

	build_three(&a, false, 0);	/* seqnums 1 2 3 at 1 s, 2 s, 3 s */
	jb_init(&b, true, 0x77);
	d[0] = jb_data(&b, "MESSAGE=b", 9, 0);
	jb_entry(&b, 10, 1500000, d, 1);
	jb_entry(&b, 11, 9000000, d, 1);
	jb_finish(&b, 0, 0);
	ma = (struct mem){ a.b, a.len };
	mb = (struct mem){ b.b, b.len };
	r[0] = journal_open(mem_pread, &ma, a.len, err, sizeof(err));
	r[1] = journal_open(mem_pread, &mb, b.len, err, sizeof(err));
	ASSERT(r[0] != NULL && r[1] != NULL);
	m = journal_merge_new(r, 2);
	while (journal_merge_next(m, &e, &which) == 1) {
		ASSERT(n < 5);
		ASSERT_INT(e->seqnum, want[n]);
		n++;
	}
	ASSERT_INT(n, 5);
	journal_merge_free(m);
	journal_close(r[0]);
	journal_close(r[1]);

	/* a file and its copy: every entry once */
	ma = (struct mem){ a.b, a.len };
	r[0] = journal_open(mem_pread, &ma, a.len, err, sizeof(err));
	r[1] = journal_open(mem_pread, &ma, a.len, err, sizeof(err));
	m = journal_merge_new(r, 2);
	n = 0;
	while (journal_merge_next(m, &e, &which) == 1)
		n++;
	ASSERT_INT(n, 3);
	ASSERT_INT(journal_merge_dups(m), 3);
	journal_merge_free(m);
	journal_close(r[0]);
	journal_close(r[1]);
}

TEST(journal_corpus_files)
{
	static const struct {
		const char	*path;
		size_t		 entries;
	} files[] = {
		{ "journal/s4/Ubuntu16_system.journal", 289 },	/* XZ */
		{ "journal/s4/OpenSUSE15_system@archived.journal", 1120 },
	};
	struct seen	 s;
	char		 dir[UNIT_PATH_LEN], path[UNIT_PATH_LEN + 64];
	uint8_t		*buf;
	size_t		 len, i;

	if (!unit_corpus_dir(dir, sizeof(dir))) {
		printf("# SKIP no corpus\n");
		return;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].path);
		if ((buf = (uint8_t *)unit_slurp(path, &len)) == NULL)
			continue;
		read_all(buf, len, &s);
		free(buf);
		ASSERT_INT(s.n, files[i].entries);
		ASSERT_INT(s.bad, 0);
		ASSERT_STR(s.damage, "");
	}
}

TEST(journal_shared_bomb_is_bounded)
{
	static struct jb	 j;
	struct seen		 s;
	size_t			 big = JOURNAL_PAYLOAD_MAX - 16, zl, i;
	char			*raw, z[4096];
	uint64_t		 d[100];

	/* one ZSTD object of 16 MiB named 100 times by each of 30 entries */
	raw = calloc(1, big);
	ASSERT(raw != NULL);
	memcpy(raw, "B=", 2);
	zl = ZSTD_compress(z, sizeof(z), raw, big, 3);
	free(raw);
	ASSERT(!ZSTD_isError(zl));
	jb_init(&j, false, 1);
	d[0] = jb_data(&j, z, zl, 4);
	for (i = 1; i < 100; i++)
		d[i] = d[0];
	for (i = 0; i < 30; i++)
		jb_entry(&j, i + 1, i + 1, d, 100);
	jb_finish(&j, 8, 0);
	read_all(j.b, j.len, &s);
	ASSERT(s.n >= 10 && s.n < 30);
	/* 64 MiB an entry, the last one cut short */
	ASSERT(s.fields <= s.n * 4 && s.fields >= (s.n - 1) * 4);
	ASSERT(strstr(s.damage, "a forged file") != NULL);
}

TEST(journal_huge_entry_is_capped)
{
	static struct jb	 j;
	static uint64_t		 d[20000];
	struct seen		 s;
	size_t			 i;

	jb_init(&j, false, 1);
	d[0] = jb_data(&j, "A=1", 3, 0);
	for (i = 1; i < 20000; i++)
		d[i] = d[0];
	jb_entry(&j, 1, 1, d, 20000);
	jb_finish(&j, 0, 0);
	read_all(j.b, j.len, &s);
	ASSERT_INT(s.n, 1);
	ASSERT_INT(s.fields, JOURNAL_FIELDS_MAX);
	ASSERT_INT(s.bad, 20000 - JOURNAL_FIELDS_MAX);
}
