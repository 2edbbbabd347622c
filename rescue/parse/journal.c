/*
 * journal.c - one systemd journal file read through a pread callback:
 * header, a forward walk over the objects, entries and their data
 *
 * The layout is systemd's "Journal File Format" (journal-def.h): a
 * header, then 8-byte aligned objects, each a 16-byte header (type,
 * flags, size) and a body.  Reads go through a small cache of 64 KiB
 * blocks, so that a walk over a 100 MiB file costs few callbacks while
 * the data objects an entry points back to are usually cached already.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/journal.h"
#include "parse/journal_int.h"
#include "util/util.h"

#define SIGNATURE	"LPKSHHRH"
#define HEADER_MIN	208	/* up to tail_entry_monotonic: systemd 187 */
#define OBJ_HDR		16
#define ENTRY_HDR	64	/* seqnum .. xor_hash */
#define DATA_HDR	64
#define DATA_HDR_COMPACT 72
#define ARRAY_HDR	24

#define BLK_SHIFT	16
#define BLK_SIZE	(1u << BLK_SHIFT)
#define NBLK		64	/* 4 MiB, freed when the file is done */
#define ENTRY_BYTES_MAX	(64u << 20)	/* all fields of one entry */
/*
 * Bytes of fields a file may give, copied or decompressed: entries share
 * data objects, so a forged file of N entries each naming one 16 MiB
 * object N times would otherwise cost N times 64 MiB.  Real journals
 * give a few times their size.
 */
/* Bytes of an entry and of an entry array read at most. */
#define ENTRY_LIMIT	(ENTRY_HDR + 16 * 2 * JOURNAL_FIELDS_MAX)
#define ARRAY_LIMIT	(64u << 20)
#define BUDGET_BASE	((uint64_t)1 << 30)
#define BUDGET_FACTOR	16

struct block {
	uint64_t	 no;		/* block number + 1; 0 empty */
	size_t		 len;		/* short at the end of the file */
	uint8_t		*p;
};

struct journal {
	journal_pread_fn	*pread;
	void			*arg;
	uint64_t		 size;
	uint64_t		 end;		/* of the arena, within size */
	struct journal_header	 h;
	bool			 compact;
	struct block		 blk[NBLK];

	/* the walk */
	uint64_t		 off;		/* next object */
	bool			 done;
	/* past a damaged object: entry offsets from the entry arrays */
	uint64_t		*alt;
	size_t			 nalt, ialt;
	bool			 use_alt;

	struct jbuf		 obj;		/* the entry object */
	struct jbuf		 raw;		/* a data object */
	struct jbuf		 dec;		/* its payload, decompressed */
	struct jbuf		 arena;		/* the fields' bytes */
	struct jdecomp		 dc;
	struct journal_field	*fields;
	size_t			 fieldcap;
	struct journal_entry	 ent;
	struct journal_stats	 st;
	uint64_t		 budget;	/* bytes of fields left */

	char			 damage[160];	/* the first, or empty */
	char			 msg[256];
};

static uint64_t
le64(const uint8_t *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
set_damage(struct journal *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_damage(struct journal *j, const char *fmt, ...)
{
	va_list	ap;

	if (j->damage[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(j->damage, sizeof(j->damage), fmt, ap);
	va_end(ap);
}

/* The cached block NO, read on a miss; NULL past the end or on error. */
static const struct block *
get_block(struct journal *j, uint64_t no)
{
	struct block	*b = &j->blk[no % NBLK];
	size_t		 got = 0, want;
	uint64_t	 off = no << BLK_SHIFT;

	if (b->no == no + 1)
		return b;
	if (off >= j->size)
		return NULL;
	if (b->p == NULL)
		b->p = xmalloc(BLK_SIZE);
	b->no = 0;
	want = j->size - off < BLK_SIZE ? (size_t)(j->size - off) : BLK_SIZE;
	b->len = 0;
	while (b->len < want) {
		if (j->pread(j->arg, b->p + b->len, want - b->len,
		    off + b->len, &got) != 0 || got == 0)
			break;
		b->len += got;
	}
	if (b->len == 0)
		return NULL;
	b->no = no + 1;
	return b;
}

/* LEN bytes at OFF into DST; returns 0, or -1 if not all could be read. */
static int
read_at(struct journal *j, uint64_t off, void *dst, size_t len)
{
	const struct block	*b;
	uint8_t			*d = dst;
	size_t			 in, n;

	if (off > j->size || len > j->size - off)
		return -1;
	while (len > 0) {
		if ((b = get_block(j, off >> BLK_SHIFT)) == NULL)
			return -1;
		in = (size_t)(off & (BLK_SIZE - 1));
		if (in >= b->len)
			return -1;
		n = b->len - in < len ? b->len - in : len;
		memcpy(d, b->p + in, n);
		d += n;
		off += n;
		len -= n;
	}
	return 0;
}

/*
 * The object at OFF into BUF after checking its header: of TYPE, MIN to
 * MAX bytes.  Only its first LIMIT bytes are read (a forged 4 GiB entry
 * is not allocated); *SIZE is the whole size.
 */
static int
read_object(struct journal *j, uint64_t off, int type, uint64_t min,
    uint64_t max, uint64_t limit, struct jbuf *buf, uint64_t *sizep,
    const char **why)
{
	uint8_t		oh[OBJ_HDR];
	uint64_t	size;

	*why = NULL;
	if (off < j->h.header_size || off % 8 != 0 || off >= j->end ||
	    read_at(j, off, oh, sizeof(oh)) != 0) {
		*why = "offset outside the file";
		return -1;
	}
	size = le64(oh + 8);
	if (oh[0] != type)
		*why = "wrong object type";
	else if (size < min)
		*why = "object too small";
	else if (size > j->end - off)
		*why = "object past the end of the file";
	else if (size > max)
		*why = "object too large";
	if (*why != NULL)
		return -1;
	*sizep = size;
	if (size > limit)
		size = limit;
	if (buf->cap < size) {
		free(buf->p);
		buf->p = xmalloc((size_t)size);
		buf->cap = (size_t)size;
	}
	buf->len = (size_t)size;
	if (read_at(j, off, buf->p, buf->len) != 0) {
		*why = "object unreadable";
		return -1;
	}
	return 0;
}

struct journal *
journal_open(journal_pread_fn *pread, void *arg, uint64_t size, char *err,
    size_t errlen)
{
	struct journal	*j;
	uint8_t		 hb[272];
	uint64_t	 hs;

	j = xcalloc(1, sizeof(*j));
	j->pread = pread;
	j->arg = arg;
	j->size = size;
	memset(hb, 0, sizeof(hb));
	if (size < HEADER_MIN || read_at(j, 0, hb, HEADER_MIN) != 0) {
		snprintf(err, errlen, "journal: file of %llu bytes is too "
		    "short for a header", (unsigned long long)size);
		goto fail;
	}
	if (memcmp(hb, SIGNATURE, 8) != 0) {
		snprintf(err, errlen, "journal: no signature " SIGNATURE);
		goto fail;
	}
	hs = le64(hb + 88);
	/* the fields a longer header adds, where the file holds them */
	if (hs > HEADER_MIN)
		(void)read_at(j, HEADER_MIN, hb + HEADER_MIN,
		    (hs < sizeof(hb) ? hs : sizeof(hb)) - HEADER_MIN);
	j->h.compatible = le32(hb + 8);
	j->h.incompatible = le32(hb + 12);
	j->h.state = hb[16];
	memcpy(j->h.file_id, hb + 24, 16);
	memcpy(j->h.machine_id, hb + 40, 16);
	memcpy(j->h.boot_id, hb + 56, 16);
	memcpy(j->h.seqnum_id, hb + 72, 16);
	j->h.header_size = hs;
	j->h.arena_size = le64(hb + 96);
	j->h.tail_object_offset = le64(hb + 136);
	j->h.n_objects = le64(hb + 144);
	j->h.n_entries = le64(hb + 152);
	j->h.tail_seqnum = le64(hb + 160);
	j->h.head_seqnum = le64(hb + 168);
	j->h.entry_array_offset = le64(hb + 176);
	j->h.head_realtime = le64(hb + 184);
	j->h.tail_realtime = le64(hb + 192);
	j->h.tail_monotonic = le64(hb + 200);
	j->compact = (j->h.incompatible & JOURNAL_INCOMPAT_COMPACT) != 0;
	j->ent.seqnum_id = j->h.seqnum_id;

	if (hs < HEADER_MIN || hs % 8 != 0 || hs > size) {
		set_damage(j, "header size %llu is not 208 to %llu and a "
		    "multiple of 8", (unsigned long long)hs,
		    (unsigned long long)size);
		j->h.header_size = HEADER_MIN;
		j->done = true;
	}
	j->end = size;
	if (j->h.arena_size <= size - j->h.header_size &&
	    j->h.header_size + j->h.arena_size >= j->h.header_size)
		j->end = j->h.header_size + j->h.arena_size;
	if (j->h.incompatible & ~(uint32_t)0x1f)
		set_damage(j, "unknown incompatible flags 0x%x, read as far "
		    "as possible", j->h.incompatible & ~0x1fu);
	j->off = j->h.header_size;
	j->budget = size > (UINT64_MAX - BUDGET_BASE) / BUDGET_FACTOR ?
	    UINT64_MAX : BUDGET_BASE + size * BUDGET_FACTOR;
	return j;
fail:
	journal_close(j);
	return NULL;
}

/* What reading needs and an entry does not: freed when the file is done. */
static void
release_cache(struct journal *j)
{
	size_t	i;

	for (i = 0; i < NBLK; i++) {
		free(j->blk[i].p);
		j->blk[i] = (struct block){ 0 };
	}
	free(j->alt);
	j->alt = NULL;
	j->nalt = j->ialt = 0;
	free(j->obj.p);
	free(j->raw.p);
	free(j->dec.p);
	j->obj = j->raw = j->dec = (struct jbuf){ 0 };
	journal_decomp_release(&j->dc);
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	release_cache(j);
	free(j->arena.p);
	free(j->fields);
	free(j);
}

const struct journal_header *
journal_header(const struct journal *j)
{
	return &j->h;
}

const struct journal_stats *
journal_stats(const struct journal *j)
{
	return &j->st;
}

const char *
journal_state_name(uint8_t state)
{
	switch (state) {
	case JOURNAL_OFFLINE:	return "offline";
	case JOURNAL_ONLINE:	return "online";
	case JOURNAL_ARCHIVED:	return "archived";
	}
	return "unknown";
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The walk stopped at FROM: collect the entries the entry arrays list
 * past it.  Each array must lie after the one before, so a forged
 * chain cannot loop; offsets are checked when each entry is read.
 */
static void
load_alt(struct journal *j, uint64_t from)
{
	uint64_t	 a = j->h.entry_array_offset, prev = 0, e, max, size;
	size_t		 cap = 0, isz = j->compact ? 4 : 8, n, i, w;
	const char	*why;

	max = j->end / ENTRY_HDR;
	while (a != 0 && a > prev) {
		if (read_object(j, a, JOBJ_ENTRY_ARRAY, ARRAY_HDR, j->end,
		    ARRAY_LIMIT, &j->obj, &size, &why) != 0)
			break;
		n = (j->obj.len - ARRAY_HDR) / isz;
		for (i = 0; i < n; i++) {
			e = isz == 4 ? le32(j->obj.p + ARRAY_HDR + i * 4) :
			    le64(j->obj.p + ARRAY_HDR + i * 8);
			if (e == 0)
				break;	/* the unused tail of the array */
			if (e <= from || e >= j->end || j->nalt >= max)
				continue;
			if (j->nalt == cap) {
				cap = cap ? cap * 2 : 256;
				j->alt = xrealloc(j->alt,
				    cap * sizeof(*j->alt));
			}
			j->alt[j->nalt++] = e;
		}
		prev = a;
		a = le64(j->obj.p + 16);
	}
	if (j->nalt > 1)
		qsort(j->alt, j->nalt, sizeof(*j->alt), cmp_u64);
	for (i = w = 0; i < j->nalt; i++)
		if (w == 0 || j->alt[i] != j->alt[w - 1])
			j->alt[w++] = j->alt[i];
	j->nalt = w;
	j->use_alt = true;
}

/* The next entry object's offset, or 0 at the end of the file. */
static uint64_t
next_entry_offset(struct journal *j)
{
	uint8_t		oh[OBJ_HDR];
	uint64_t	size, off;

	while (!j->use_alt) {
		off = j->off;
		if (off >= j->end || j->end - off < OBJ_HDR ||
		    read_at(j, off, oh, sizeof(oh)) != 0) {
			if (off < j->end)
				set_damage(j, "entries after offset %llu "
				    "unreadable: file truncated",
				    (unsigned long long)off);
			break;
		}
		size = le64(oh + 8);
		if (oh[0] == JOBJ_UNUSED && size == 0) {
			/* zeros: the end of what was written, or a hole */
			if (off <= j->h.tail_object_offset)
				set_damage(j, "entries after offset %llu "
				    "unreadable: zeros before the tail "
				    "object at %llu", (unsigned long long)off,
				    (unsigned long long)
				    j->h.tail_object_offset);
			break;
		}
		if (oh[0] != JOBJ_UNUSED && oh[0] < JOBJ_NTYPES &&
		    size >= OBJ_HDR && size > j->end - off &&
		    size <= j->size - off + (1u << 24)) {
			set_damage(j, "entries after offset %llu unreadable: "
			    "file truncated in an object of %llu bytes",
			    (unsigned long long)off, (unsigned long long)size);
			break;
		}
		if (oh[0] == JOBJ_UNUSED || oh[0] >= JOBJ_NTYPES ||
		    size < OBJ_HDR || size > j->end - off) {
			set_damage(j, "entries after offset %llu unreadable: "
			    "object type %u, size %llu",
			    (unsigned long long)off, oh[0],
			    (unsigned long long)size);
			break;
		}
		j->off = off + ((size + 7) & ~(uint64_t)7);
		if (j->off < off || j->off > j->end)
			j->off = j->end;
		if (oh[0] == JOBJ_ENTRY)
			return off;
	}
	if (!j->use_alt) {
		if (j->damage[0] == '\0')
			return 0;
		load_alt(j, j->off);
	}
	if (j->ialt < j->nalt)
		return j->alt[j->ialt++];
	return 0;
}

/* Add the payload in P/LEN as a field of the entry, or count it bad. */
static void
add_field(struct journal *j, const uint8_t *p, size_t len)
{
	const uint8_t	*eq = memchr(p, '=', len);
	size_t		 at;

	if (eq == NULL || eq == p || j->arena.len > ENTRY_BYTES_MAX - len ||
	    j->ent.nfields == JOURNAL_FIELDS_MAX) {
		j->ent.nbad++;
		return;
	}
	if (j->arena.cap < j->arena.len + len) {
		j->arena.cap = j->arena.cap ? j->arena.cap : 4096;
		while (j->arena.cap < j->arena.len + len)
			j->arena.cap *= 2;
		j->arena.p = xrealloc(j->arena.p, j->arena.cap);
	}
	at = j->arena.len;
	memcpy(j->arena.p + at, p, len);
	j->arena.len += len;
	if (j->ent.nfields == j->fieldcap) {
		j->fieldcap = j->fieldcap ? j->fieldcap * 2 : 64;
		j->fields = xrealloc(j->fields, j->fieldcap *
		    sizeof(*j->fields));
	}
	/* offsets until the arena stops moving: see fix_fields() */
	j->fields[j->ent.nfields++] = (struct journal_field){
		.name = (const char *)(uintptr_t)at,
		.namelen = (size_t)(eq - p),
		.value = (const uint8_t *)(uintptr_t)(at +
		    (size_t)(eq - p) + 1),
		.len = len - (size_t)(eq - p) - 1,
	};
}

static void
fix_fields(struct journal *j)
{
	size_t	i;

	for (i = 0; i < j->ent.nfields; i++) {
		j->fields[i].name = (const char *)j->arena.p +
		    (uintptr_t)j->fields[i].name;
		j->fields[i].value = j->arena.p +
		    (uintptr_t)j->fields[i].value;
	}
	j->ent.fields = j->fields;
}

/* The data object at OFF as a field of the entry. */
static void
read_data(struct journal *j, uint64_t off)
{
	const char	*why;
	size_t		 hdr = j->compact ? DATA_HDR_COMPACT : DATA_HDR;
	uint64_t	 room = JOURNAL_PAYLOAD_MAX, size;
	int		 flags, rc;

	/* what this field may take: checked before anything is read */
	if (ENTRY_BYTES_MAX - j->arena.len < room)
		room = ENTRY_BYTES_MAX - j->arena.len;
	if (j->budget < room)
		room = j->budget;
	if (room == 0 || read_object(j, off, JOBJ_DATA, hdr + 1, room + hdr,
	    room + hdr, &j->raw, &size, &why) != 0) {
		j->ent.nbad++;
		return;
	}
	j->budget -= j->raw.len - hdr;
	flags = j->raw.p[1] & JOBJ_COMPRESSED_MASK;
	if (flags == 0) {
		add_field(j, j->raw.p + hdr, j->raw.len - hdr);
		return;
	}
	if (j->budget < room)
		room = j->budget;
	rc = journal_decompress(&j->dc, flags, j->raw.p + hdr,
	    j->raw.len - hdr, &j->dec, (size_t)room);
	/* a bomb costs what was decompressed before it was stopped */
	j->budget -= rc == -EFBIG ? room : rc == 0 ? j->dec.len : 0;
	if (rc != 0) {
		j->ent.nbad++;
		return;
	}
	add_field(j, j->dec.p, j->dec.len);
}

/* The entry object at OFF into j->ent; -1 if it is not one. */
static int
read_entry(struct journal *j, uint64_t off)
{
	const char	*why;
	size_t		 isz = j->compact ? 4 : 16, n, i;
	uint64_t	 d, size;
	uint8_t		*p;

	if (read_object(j, off, JOBJ_ENTRY, ENTRY_HDR, j->end, ENTRY_LIMIT,
	    &j->obj, &size, &why) != 0)
		return -1;
	p = j->obj.p;
	j->ent.offset = off;
	j->ent.seqnum = le64(p + 16);
	j->ent.realtime = le64(p + 24);
	j->ent.monotonic = le64(p + 32);
	memcpy(j->ent.boot_id, p + 40, 16);
	j->ent.nfields = 0;
	j->ent.nbad = 0;
	j->ent.file = j;
	j->arena.len = 0;
	n = (j->obj.len - ENTRY_HDR) / isz;
	/* items past ENTRY_LIMIT are not read */
	j->ent.nbad = (size_t)((size - ENTRY_HDR) / isz - n);
	for (i = 0; i < n; i++) {
		if (j->ent.nfields == JOURNAL_FIELDS_MAX || j->budget == 0) {
			j->ent.nbad += n - i;
			break;
		}
		/* the entry object stays in j->obj while data is read */
		d = j->compact ? le32(j->obj.p + ENTRY_HDR + i * 4) :
		    le64(j->obj.p + ENTRY_HDR + i * 16);
		read_data(j, d);
	}
	fix_fields(j);
	return 0;
}

int
journal_next(struct journal *j, const struct journal_entry **ent)
{
	uint64_t	off;

	if (j->done)
		return 0;
	if (j->budget == 0) {
		set_damage(j, "entries after offset %llu unreadable: more "
		    "than %llu bytes of fields read, a forged file",
		    (unsigned long long)j->ent.offset,
		    (unsigned long long)(BUDGET_BASE +
		    j->size * BUDGET_FACTOR));
		goto done;
	}
	while ((off = next_entry_offset(j)) != 0) {
		if (read_entry(j, off) != 0) {
			j->st.nbadentries++;
			continue;
		}
		if (j->st.nentries == 0) {
			j->st.first_realtime = j->ent.realtime;
			j->st.first_seqnum = j->ent.seqnum;
		}
		j->st.nentries++;
		j->st.last_realtime = j->ent.realtime;
		j->st.last_seqnum = j->ent.seqnum;
		j->st.nbadfields += j->ent.nbad;
		if (j->use_alt)
			j->st.from_arrays++;
		*ent = &j->ent;
		return 1;
	}
done:
	j->done = true;
	release_cache(j);
	return 0;
}

const char *
journal_damage(struct journal *j)
{
	int	n = 0;

	j->msg[0] = '\0';
	if (j->damage[0] != '\0')
		n = snprintf(j->msg, sizeof(j->msg), "%s", j->damage);
	if (j->st.from_arrays > 0 && n >= 0 && (size_t)n < sizeof(j->msg))
		n += snprintf(j->msg + n, sizeof(j->msg) - (size_t)n,
		    "; %llu entries after it found through the entry arrays",
		    (unsigned long long)j->st.from_arrays);
	if (j->st.nbadentries > 0 && n >= 0 && (size_t)n < sizeof(j->msg))
		n += snprintf(j->msg + n, sizeof(j->msg) - (size_t)n,
		    "%s%llu entries unreadable", n ? "; " : "",
		    (unsigned long long)j->st.nbadentries);
	if (j->st.nbadfields > 0 && n >= 0 && (size_t)n < sizeof(j->msg))
		snprintf(j->msg + n, sizeof(j->msg) - (size_t)n,
		    "%s%llu fields unreadable", n ? "; " : "",
		    (unsigned long long)j->st.nbadfields);
	return j->msg[0] != '\0' ? j->msg : NULL;
}

const struct journal_field *
journal_field(const struct journal_entry *e, const char *name)
{
	size_t	i, n = strlen(name);

	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].namelen == n &&
		    memcmp(e->fields[i].name, name, n) == 0)
			return &e->fields[i];
	return NULL;
}
