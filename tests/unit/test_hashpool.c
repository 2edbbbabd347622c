/*
 * test_hashpool.c - every buffer checked once, only mismatches back,
 * whatever the number of threads and however small the byte bound
 */
#include <stdlib.h>
#include <openssl/evp.h>

#include "unit.h"
#include "util/hashpool.h"

#define NBUF	2000

static void
md5_of(const void *buf, size_t len, unsigned char *out)
{
	unsigned int	n = 16;

	EVP_Digest(buf, len, out, &n, EVP_md5(), NULL);
}

static void
run(unsigned threads, size_t bound)
{
	static int			 cookies[NBUF];
	const struct hashpool_miss	*miss;
	struct hashpool			*p;
	unsigned char			 want[16];
	size_t				 i, n, len, expect = 0;
	char				*buf;
	int				 seen[NBUF] = { 0 };

	p = hashpool_new(threads, bound);
	for (i = 0; i < NBUF; i++) {
		len = (i * 7919) % 5000;
		buf = hashpool_buf(p, len);
		memset(buf, (int)(i & 0xff), len);
		md5_of(buf, len, want);
		if (i % 97 == 3) {
			want[5] ^= 1;	/* this one must come back */
			expect++;
		}
		cookies[i] = (int)i;
		hashpool_submit(p, buf, len, want, &cookies[i]);
	}
	n = hashpool_finish(p, &miss);
	ASSERT_INT(n, expect);
	for (i = 0; i < n; i++) {
		int	k = *(const int *)miss[i].cookie;

		ASSERT(k % 97 == 3);
		ASSERT_INT(seen[k]++, 0);
	}
	hashpool_free(p);
}

TEST(hashpool_mismatches_only)
{
	run(1, 1 << 20);
	run(4, 1 << 20);
	run(3, 100);		/* tighter than one buffer: one at a time */
	run(hashpool_cpus(), 64 << 20);
}
