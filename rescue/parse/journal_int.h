/*
 * journal_int.h - what the journal reader's files share and nobody else
 * needs: the on-disk layout's constants and the decompressor
 */
#ifndef RESCUE_JOURNAL_INT_H
#define RESCUE_JOURNAL_INT_H

#include <stddef.h>
#include <stdint.h>

/* Object types and flags (journal-def.h). */
enum {
	JOBJ_UNUSED = 0,
	JOBJ_DATA,
	JOBJ_FIELD,
	JOBJ_ENTRY,
	JOBJ_DATA_HASH_TABLE,
	JOBJ_FIELD_HASH_TABLE,
	JOBJ_ENTRY_ARRAY,
	JOBJ_TAG,
	JOBJ_NTYPES
};

#define JOBJ_COMPRESSED_XZ	0x1
#define JOBJ_COMPRESSED_LZ4	0x2
#define JOBJ_COMPRESSED_ZSTD	0x4
#define JOBJ_COMPRESSED_MASK	0x7

/* A growable byte buffer; the owner frees p. */
struct jbuf {
	uint8_t	*p;
	size_t	 len, cap;
};

/* Decompressor state kept across fields (a ZSTD context is costly). */
struct jdecomp {
	void	*zstd;		/* ZSTD_DCtx, made on first use */
};

/*
 * Decompress LEN bytes at SRC, compressed as FLAGS says (exactly one
 * JOBJ_COMPRESSED_* bit), into OUT (replacing its contents).  Returns 0,
 * -EFBIG when the result would pass MAX bytes, -EBADMSG for corrupt
 * data, -EPROTONOSUPPORT for FLAGS naming no one method.
 */
int	journal_decompress(struct jdecomp *, int flags, const uint8_t *src,
	    size_t len, struct jbuf *out, size_t max);
void	journal_decomp_release(struct jdecomp *);

#endif
