/*
 * md5mb.h - MD5 of up to eight messages at once, side by side in the
 * lanes of AVX2 registers
 *
 * MD5 is serial within a message, so a single stream runs at one core's
 * speed (about 650 MB/s, OpenSSL's assembly).  A package database is
 * thousands of independent files: hashing eight of them in the eight
 * 32-bit lanes of a vector gives several times that per core.  No
 * Debian library offers multi-buffer MD5 (isa-l_crypto is not packaged),
 * so this is ours; on a CPU without AVX2 the caller falls back to
 * libcrypto one message at a time.
 */
#ifndef RESCUE_MD5MB_H
#define RESCUE_MD5MB_H

#include <stdbool.h>
#include <stddef.h>

#define MD5MB_LANES	8

struct md5mb;

/* Whether this CPU (and its kernel) runs the AVX2 code. */
bool		 md5mb_available(void);

/* Result must be passed to md5mb_free(). */
struct md5mb	*md5mb_new(void);
void		 md5mb_free(struct md5mb *);

/* Lanes that hold no message. */
unsigned	 md5mb_free_lanes(const struct md5mb *);

/*
 * Put LEN bytes at BUF in a free lane (false if none is free).  BUF must
 * stay valid until the message comes back from md5mb_run().
 */
bool		 md5mb_add(struct md5mb *, const void *buf, size_t len,
		    void *cookie);

typedef void md5mb_done_fn(void *cookie, const unsigned char md5[16],
    void *arg);

/*
 * Hash until at least one message is complete, hand every complete one
 * to DONE and free its lane.  Returns how many came back (0 when no
 * lane held a message).
 */
size_t		 md5mb_run(struct md5mb *, md5mb_done_fn *done, void *arg);

#endif
