/*
 * hashpool.h - MD5 checks of many whole files on every core
 *
 * fsread is not thread-safe, so one thread reads (the caller) and the
 * pool's threads only hash: the caller hands over a buffer holding a
 * whole file and the MD5 it should have; the pool keeps at most
 * MAX_BYTES of them in flight, so memory stays bounded however many
 * files there are.  Only mismatches come back.
 */
#ifndef RESCUE_HASHPOOL_H
#define RESCUE_HASHPOOL_H

#include <stddef.h>
#include <stdint.h>

struct hashpool;

/* A file whose MD5 differed; COOKIE is the caller's. */
struct hashpool_miss {
	const void	*cookie;
	unsigned char	 md5[16];	/* what it has */
};

/* THREADS workers (at least 1). Result must go to hashpool_free(). */
struct hashpool	*hashpool_new(unsigned threads, size_t max_bytes);

/* A buffer of at least LEN bytes for hashpool_submit() (or free()). */
void		*hashpool_buf(struct hashpool *, size_t len);

/*
 * Check BUF (LEN bytes, from hashpool_buf(): the pool takes it back)
 * against WANT (16 bytes).  Blocks while MAX_BYTES are in flight.
 */
void		 hashpool_submit(struct hashpool *, void *buf, size_t len,
		    const unsigned char *want, const void *cookie);

/*
 * Wait for every check, stop the threads, and hand out the mismatches
 * in *MISS (owned by the pool until hashpool_free); returns their count.
 */
size_t		 hashpool_finish(struct hashpool *,
		    const struct hashpool_miss **miss);
void		 hashpool_free(struct hashpool *);

/* The number of CPUs to use: online ones, 1 to 16. */
unsigned	 hashpool_cpus(void);

#endif
