/*
 * journal_decomp.c - a journal data object's XZ, LZ4 or ZSTD payload,
 * decompressed with a cap so that a bomb is one bad field, not the run
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zstd.h>

#include "parse/journal_int.h"
#include "util/util.h"

/* Room for at least NEED bytes in OUT (capped by the caller). */
static void
grow(struct jbuf *out, size_t need)
{
	size_t	cap = out->cap ? out->cap : 4096;

	if (need <= out->cap)
		return;
	while (cap < need)
		cap *= 2;
	out->p = xrealloc(out->p, cap);
	out->cap = cap;
}

/* XZ: a whole .xz stream (systemd's compress_blob_xz). */
static int
unxz(const uint8_t *src, size_t len, struct jbuf *out, size_t max)
{
	lzma_stream	s = LZMA_STREAM_INIT;
	lzma_ret	r;
	int		rc = -EBADMSG;

	if (lzma_stream_decoder(&s, 64u << 20, 0) != LZMA_OK)
		return -ENOMEM;
	s.next_in = src;
	s.avail_in = len;
	out->len = 0;
	for (;;) {
		grow(out, out->len + 65536 < max + 1 ? out->len + 65536 :
		    max + 1);
		s.next_out = out->p + out->len;
		s.avail_out = (out->cap < max + 1 ? out->cap : max + 1) -
		    out->len;
		r = lzma_code(&s, LZMA_FINISH);
		out->len = (size_t)(s.next_out - out->p);
		if (r == LZMA_STREAM_END) {
			rc = 0;
			break;
		}
		if (out->len > max) {
			rc = -EFBIG;
			break;
		}
		if (r != LZMA_OK)
			break;
		if (s.avail_out != 0 && s.avail_in == 0)
			break;	/* truncated stream */
	}
	lzma_end(&s);
	return rc;
}

/* LZ4: a little-endian 64-bit size, then one LZ4 block. */
static int
unlz4(const uint8_t *src, size_t len, struct jbuf *out, size_t max)
{
	uint64_t	size = 0;
	int		i, r;

	if (len <= 8 || len - 8 > INT32_MAX)
		return -EBADMSG;
	for (i = 7; i >= 0; i--)
		size = size << 8 | src[i];
	if (size > max)
		return -EFBIG;
	grow(out, size ? size : 1);
	r = LZ4_decompress_safe((const char *)src + 8, (char *)out->p,
	    (int)(len - 8), (int)size);
	if (r < 0 || (uint64_t)r != size)
		return -EBADMSG;
	out->len = size;
	return 0;
}

/* ZSTD: one frame, streamed so that a missing content size is fine. */
static int
unzstd(ZSTD_DCtx *dc, const uint8_t *src, size_t len, struct jbuf *out,
    size_t max)
{
	ZSTD_inBuffer	in = { src, len, 0 };
	ZSTD_outBuffer	ob;
	size_t		r;

	ZSTD_DCtx_reset(dc, ZSTD_reset_session_only);
	out->len = 0;
	for (;;) {
		grow(out, out->len + 65536 < max + 1 ? out->len + 65536 :
		    max + 1);
		ob.dst = out->p;
		ob.size = out->cap < max + 1 ? out->cap : max + 1;
		ob.pos = out->len;
		r = ZSTD_decompressStream(dc, &ob, &in);
		out->len = ob.pos;
		if (ZSTD_isError(r))
			return -EBADMSG;
		if (out->len > max)
			return -EFBIG;
		if (r == 0)
			return 0;
		if (in.pos == in.size && ob.pos < ob.size)
			return -EBADMSG;	/* truncated frame */
	}
}

int
journal_decompress(struct jdecomp *d, int flags, const uint8_t *src,
    size_t len, struct jbuf *out, size_t max)
{
	switch (flags) {
	case JOBJ_COMPRESSED_XZ:
		return unxz(src, len, out, max);
	case JOBJ_COMPRESSED_LZ4:
		return unlz4(src, len, out, max);
	case JOBJ_COMPRESSED_ZSTD:
		if (d->zstd == NULL) {
			if ((d->zstd = ZSTD_createDCtx()) == NULL)
				return -ENOMEM;
			/* 128 MiB windows at most: journald uses less */
			ZSTD_DCtx_setParameter(d->zstd,
			    ZSTD_d_windowLogMax, 27);
		}
		return unzstd(d->zstd, src, len, out, max);
	}
	return -EPROTONOSUPPORT;
}

void
journal_decomp_release(struct jdecomp *d)
{
	ZSTD_freeDCtx(d->zstd);
	d->zstd = NULL;
}
