/*
 * digest.h - one read of a server file for every digest and content
 * check that wants it: MD5 (dpkg's md5sums), SHA-256 (what the report
 * names a file by) and a callback that sees the same bytes
 *
 * OpenSSL's libcrypto does the hashing: its SHA-NI and AVX2 paths are
 * what make verifying a whole system's package files fast, and it
 * builds statically with musl.
 */
#ifndef RESCUE_DIGEST_H
#define RESCUE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fsread.h"

#define DIGEST_MD5	0x1
#define DIGEST_SHA256	0x2

struct file_digest {
	unsigned char	 md5[16];
	unsigned char	 sha256[32];
	uint64_t	 bytes;		/* read and hashed */
};

/* Sees each chunk of the file as it is read; return non-zero to stop. */
typedef int digest_chunk_fn(const void *buf, size_t len, uint64_t off,
	    void *arg);

/*
 * Read NODE (SIZE bytes) once through a 256 KiB buffer, computing the
 * digests in WANT and handing each chunk to FN (may be NULL).  Returns
 * 0, or -errno with a message in ERR (a read error, or -ENOMEM from
 * libcrypto).  A stop asked by FN is 0 with d->bytes short of SIZE.
 */
int	digest_node(struct fsr_tree *, const struct fsr_node *, uint64_t size,
	    unsigned want, struct file_digest *d, digest_chunk_fn *fn,
	    void *arg, char *err, size_t errlen);

/* Lowercase hex of LEN bytes into OUT, which holds 2 * LEN + 1. */
void	digest_hex(const unsigned char *bytes, size_t len, char *out);

#endif
