/*
 * test_md5mb.c - eight-lane MD5 agrees with libcrypto on every length
 * around the block and padding edges, with lanes refilled as they end
 */
#include <stdlib.h>
#include <openssl/evp.h>

#include "unit.h"
#include "util/md5mb.h"

#define NMSG	600

struct msg {
	unsigned char	*buf;
	size_t		 len;
	unsigned char	 want[16];
	int		 seen;
	bool		 ok;
};

static void
got_one(void *cookie, const unsigned char md5[16], void *arg)
{
	struct msg	*m = cookie;

	(void)arg;
	m->seen++;
	m->ok = memcmp(md5, m->want, 16) == 0;
}

/* Lengths 0..200 (every padding case), then larger odd ones. */
static size_t
length_of(size_t i)
{
	return i <= 200 ? i : (i * 7919) % 70000;
}

TEST(md5mb_agrees_with_libcrypto)
{
	static struct msg	 msgs[NMSG];
	struct md5mb		*m;
	unsigned int		 dl;
	size_t			 i, j, next = 0, back = 0;

	if (!md5mb_available()) {
		printf("# SKIP no AVX2\n");
		return;
	}
	for (i = 0; i < NMSG; i++) {
		msgs[i].len = length_of(i);
		msgs[i].buf = malloc(msgs[i].len + 1);
		for (j = 0; j < msgs[i].len; j++)
			msgs[i].buf[j] = (unsigned char)(j * 31 + i);
		dl = 16;
		EVP_Digest(msgs[i].buf, msgs[i].len, msgs[i].want, &dl,
		    EVP_md5(), NULL);
	}
	m = md5mb_new();
	ASSERT_INT(md5mb_run(m, got_one, NULL), 0);
	while (back < NMSG) {
		while (next < NMSG && md5mb_free_lanes(m) > 0)
			ASSERT(md5mb_add(m, msgs[next].buf, msgs[next].len,
			    &msgs[next]) && ++next);
		back += md5mb_run(m, got_one, NULL);
	}
	ASSERT(!md5mb_add(m, "", 0, NULL) || md5mb_free_lanes(m) < 8);
	md5mb_free(m);
	for (i = 0; i < NMSG; i++) {
		ASSERT_INT(msgs[i].seen, 1);
		if (!msgs[i].ok)
			unit_fail(__FILE__, __LINE__, "length %zu: wrong MD5",
			    msgs[i].len);
		free(msgs[i].buf);
	}
}

TEST(md5mb_known_vectors)
{
	static const char *const in[] = { "", "abc",
	    "12345678901234567890123456789012345678901234567890123456789012"
	    "345678901234567890" };
	static const unsigned char want[3][16] = {
	    { 0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04,
	      0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e },
	    { 0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0,
	      0xd6, 0x96, 0x3f, 0x7d, 0x28, 0xe1, 0x7f, 0x72 },
	    { 0x57, 0xed, 0xf4, 0xa2, 0x2b, 0xe3, 0xc9, 0x55,
	      0xac, 0x49, 0xda, 0x2e, 0x21, 0x07, 0xb6, 0x7a } };
	struct msg		 msgs[3];
	struct md5mb		*m;
	size_t			 i, back = 0;

	if (!md5mb_available()) {
		printf("# SKIP no AVX2\n");
		return;
	}
	m = md5mb_new();
	for (i = 0; i < 3; i++) {
		msgs[i].len = strlen(in[i]);
		memcpy(msgs[i].want, want[i], 16);
		msgs[i].seen = 0;
		ASSERT(md5mb_add(m, in[i], msgs[i].len, &msgs[i]));
	}
	while (back < 3)
		back += md5mb_run(m, got_one, NULL);
	md5mb_free(m);
	for (i = 0; i < 3; i++)
		ASSERT(msgs[i].seen == 1 && msgs[i].ok);
}
