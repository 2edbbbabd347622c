/*
 * journal.h - a reader for systemd journal files (the published "journal
 * file format": header, objects, entries, entry arrays, XZ, LZ4 and ZSTD
 * payloads, the compact layout) and a merge of several by time
 *
 * The reader does no I/O of its own: it reads through a pread-like
 * callback and is told the file's size, so it works over fsread and over
 * a memory buffer alike.  Every byte of the file is hostile: offsets are
 * checked against the file, every walk moves forward, payloads are capped
 * (JOURNAL_PAYLOAD_MAX), the bytes of fields one file may give are
 * bounded (1 GiB plus 16 times its size: a bomb named by every entry),
 * and a damaged file gives what can be read and one message saying what
 * could not.  Memory: a 4 MiB block cache per reader while it is read,
 * freed when journal_next() gives 0, plus the current entry.
 *
 * Entries come in file order, found by walking the objects one after the
 * other (a dirty file's entry arrays can miss its last entries).  Where
 * the walk meets a damaged object, the entries the entry arrays list
 * past that point are read instead.
 */
#ifndef RESCUE_JOURNAL_H
#define RESCUE_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Header flags (journal-def.h). */
#define JOURNAL_COMPAT_SEALED			0x01
#define JOURNAL_COMPAT_TAIL_ENTRY_BOOT_ID	0x02
#define JOURNAL_COMPAT_SEALED_CONTINUOUS	0x04
#define JOURNAL_INCOMPAT_COMPRESSED_XZ		0x01
#define JOURNAL_INCOMPAT_COMPRESSED_LZ4		0x02
#define JOURNAL_INCOMPAT_KEYED_HASH		0x04
#define JOURNAL_INCOMPAT_COMPRESSED_ZSTD	0x08
#define JOURNAL_INCOMPAT_COMPACT		0x10

enum journal_state {
	JOURNAL_OFFLINE = 0,	/* closed cleanly */
	JOURNAL_ONLINE = 1,	/* open for writing, or the writer died */
	JOURNAL_ARCHIVED = 2,	/* rotated */
};

/* One decompressed field is at most this long; a larger one is an error. */
#define JOURNAL_PAYLOAD_MAX	(16u << 20)
/* Fields of one entry kept at most (journald writes at most 1024). */
#define JOURNAL_FIELDS_MAX	8192

/* The header as written; fields the file's header is too short for are 0. */
struct journal_header {
	uint32_t	 compatible;
	uint32_t	 incompatible;
	uint8_t		 state;		/* enum journal_state, or other */
	uint8_t		 file_id[16];
	uint8_t		 machine_id[16];
	uint8_t		 boot_id[16];	/* of the tail entry */
	uint8_t		 seqnum_id[16];
	uint64_t	 header_size;
	uint64_t	 arena_size;
	uint64_t	 tail_object_offset;
	uint64_t	 n_objects;
	uint64_t	 n_entries;
	uint64_t	 head_seqnum, tail_seqnum;
	uint64_t	 head_realtime, tail_realtime;	/* usec since 1970 */
	uint64_t	 tail_monotonic;
	uint64_t	 entry_array_offset;
};

/* NAME=VALUE of one data object.  NAME has no '=' and is not empty. */
struct journal_field {
	const char	*name;
	size_t		 namelen;
	const uint8_t	*value;		/* raw bytes, not NUL-terminated */
	size_t		 len;
};

/*
 * One entry.  Everything it points to belongs to the reader and lasts
 * until the next journal_next() or journal_close() on it.
 */
struct journal_entry {
	uint64_t		 offset;	/* of the entry object */
	uint64_t		 seqnum;
	uint64_t		 realtime;	/* usec since 1970, UTC */
	uint64_t		 monotonic;	/* usec since boot */
	uint8_t			 boot_id[16];
	const uint8_t		*seqnum_id;	/* the file's, 16 bytes */
	const struct journal_field *fields;	/* in the entry's order */
	size_t			 nfields;
	size_t			 nbad;		/* fields not readable */
	struct journal		*file;		/* the reader it came from */
};

/* What reading has seen so far; final after journal_next() gave 0. */
struct journal_stats {
	uint64_t	 nentries;	/* entries given */
	uint64_t	 first_realtime, last_realtime;	/* 0 if none */
	uint64_t	 first_seqnum, last_seqnum;	/* 0 if none */
	uint64_t	 nbadfields;
	uint64_t	 nbadentries;	/* entry objects that were unreadable */
	uint64_t	 from_arrays;	/* entries found through entry arrays */
};

/*
 * Read LEN bytes at OFF into BUF, *GOT what was read (short at the end
 * of the file).  Returns 0 or a negative errno.  fsr_pread() fits with
 * a small wrapper.
 */
typedef int journal_pread_fn(void *arg, void *buf, size_t len, uint64_t off,
    size_t *got);

struct journal;

/*
 * A reader for the journal file of SIZE bytes that PREAD reads (ARG is
 * passed on and stays the caller's).  Returns NULL, with the reason in
 * ERR, for a file that is not a journal: too short or a wrong signature.
 * A damaged header past the signature is read as far as it goes.  The
 * result must be passed to journal_close().
 */
struct journal	*journal_open(journal_pread_fn *pread, void *arg,
		    uint64_t size, char *err, size_t errlen);
void		 journal_close(struct journal *);

const struct journal_header *journal_header(const struct journal *);

/*
 * The next entry in file order: returns 1 and sets *ENT, or 0 at the
 * end (also after damage that stops reading).  Never fails otherwise:
 * what could not be read is counted and described by journal_damage().
 */
int	journal_next(struct journal *, const struct journal_entry **ent);

/*
 * What could not be read, as one line without the file's name ("entries
 * after offset 8192 unreadable: object size 3 < 16; 2 fields
 * unreadable"), or NULL if nothing.  Lasts until the next call on the
 * reader.
 */
const char	*journal_damage(struct journal *);

const struct journal_stats *journal_stats(const struct journal *);

/* "offline", "online", "archived" or "unknown". */
const char	*journal_state_name(uint8_t state);

/* The first field named NAME in ENT, or NULL. */
const struct journal_field *journal_field(const struct journal_entry *,
		    const char *name);

/*
 * Several readers merged by time: entries in (realtime, seqnum) order,
 * an entry that has the same seqnum_id and seqnum as one given just
 * before or at the same time being dropped (a file and an archived copy
 * of it).  The readers stay the caller's and must outlive the merge;
 * each is read once, front to back.  Result must be passed to
 * journal_merge_free().
 */
struct journal_merge;

struct journal_merge	*journal_merge_new(struct journal *const *files,
			    size_t n);
void			 journal_merge_free(struct journal_merge *);

/*
 * The next entry of the merge: 1 and *ENT (which lasts until the next
 * call), *WHICH the index of its reader; or 0 at the end.
 */
int	journal_merge_next(struct journal_merge *,
	    const struct journal_entry **ent, size_t *which);

/* Entries dropped as duplicates so far. */
uint64_t journal_merge_dups(const struct journal_merge *);

#endif
