/*
 * md5mb.c - eight MD5s in the lanes of AVX2 registers (RFC 1321)
 *
 * Each lane walks its own message a 64-byte block at a time; a block
 * step loads one block of every lane, transposes them so that vector g
 * holds word g of all eight, and runs the 64 MD5 steps on all lanes at
 * once.  A message's last partial block and its padding are built in the
 * lane's own buffer when the message is added, so the core never sees a
 * length.  Lanes without a message hash a block of zeros; their result
 * is thrown away.  The vector code is compiled for AVX2 alone (target
 * attribute) and only called after md5mb_available() says yes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/md5mb.h"
#include "util/util.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define MD5MB_X86 1
#include <immintrin.h>
#endif

struct lane {
	bool		 busy;
	const uint8_t	*p;		/* next whole block of the message */
	size_t		 blocks;	/* whole blocks left at P */
	unsigned	 npad, padi;	/* padding blocks, the next one */
	void		*cookie;
	uint8_t		 pad[128];	/* the tail, 0x80, zeros, length */
};

struct md5mb {
	uint32_t	st[4][MD5MB_LANES];
	struct lane	lane[MD5MB_LANES];
	uint8_t		zero[64];	/* what an idle lane hashes */
};

static const uint32_t md5_init[4] = {
	0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476
};

bool
md5mb_available(void)
{
#ifdef MD5MB_X86
	/* checks the OS saves the YMM state too (XGETBV) */
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}

struct md5mb *
md5mb_new(void)
{
	return xcalloc(1, sizeof(struct md5mb));
}

void
md5mb_free(struct md5mb *m)
{
	free(m);
}

unsigned
md5mb_free_lanes(const struct md5mb *m)
{
	unsigned	i, n = 0;

	for (i = 0; i < MD5MB_LANES; i++)
		n += !m->lane[i].busy;
	return n;
}

bool
md5mb_add(struct md5mb *m, const void *buf, size_t len, void *cookie)
{
	struct lane	*l = NULL;
	uint64_t	 bits = (uint64_t)len * 8;
	size_t		 tail = len % 64, i;

	for (i = 0; i < MD5MB_LANES && l == NULL; i++)
		if (!m->lane[i].busy)
			l = &m->lane[i];
	if (l == NULL)
		return false;
	l->busy = true;
	l->p = buf;
	l->blocks = len / 64;
	l->cookie = cookie;
	l->padi = 0;
	l->npad = tail + 9 > 64 ? 2 : 1;
	memset(l->pad, 0, sizeof(l->pad));
	if (tail > 0)
		memcpy(l->pad, (const uint8_t *)buf + len - tail, tail);
	l->pad[tail] = 0x80;
	for (i = 0; i < 8; i++)
		l->pad[l->npad * 64 - 8 + i] = (uint8_t)(bits >> (8 * i));
	for (i = 0; i < 4; i++)
		m->st[i][l - m->lane] = md5_init[i];
	return true;
}

#ifdef MD5MB_X86

#define AVX2	__attribute__((target("avx2")))

#define ADD(a, b)	_mm256_add_epi32((a), (b))
#define ROTL(x, s)	_mm256_or_si256(_mm256_slli_epi32((x), (s)), \
			    _mm256_srli_epi32((x), 32 - (s)))
#define F(b, c, d)	_mm256_xor_si256((d), \
			    _mm256_and_si256((b), _mm256_xor_si256((c), (d))))
#define G(b, c, d)	_mm256_xor_si256((c), \
			    _mm256_and_si256((d), _mm256_xor_si256((b), (c))))
#define H(b, c, d)	_mm256_xor_si256(_mm256_xor_si256((b), (c)), (d))
#define I(b, c, d)	_mm256_xor_si256((c), _mm256_or_si256((b), \
			    _mm256_xor_si256((d), ones)))
#define STEP(f, a, b, c, d, g, k, s) do {				\
	(a) = ADD((a), ADD(f((b), (c), (d)),				\
	    ADD(w[g], _mm256_set1_epi32((int)(k)))));			\
	(a) = ADD(ROTL((a), (s)), (b));					\
} while (0)

/* Rows R[0..7] (8 words of one lane each) to columns (one word of all). */
AVX2 static void
transpose8(__m256i r[8], __m256i out[8])
{
	__m256i	t[8], u[8];
	int	i;

	for (i = 0; i < 8; i += 2) {
		t[i] = _mm256_unpacklo_epi32(r[i], r[i + 1]);
		t[i + 1] = _mm256_unpackhi_epi32(r[i], r[i + 1]);
	}
	for (i = 0; i < 8; i += 4) {
		u[i] = _mm256_unpacklo_epi64(t[i], t[i + 2]);
		u[i + 1] = _mm256_unpackhi_epi64(t[i], t[i + 2]);
		u[i + 2] = _mm256_unpacklo_epi64(t[i + 1], t[i + 3]);
		u[i + 3] = _mm256_unpackhi_epi64(t[i + 1], t[i + 3]);
	}
	for (i = 0; i < 4; i++) {
		out[i] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x20);
		out[i + 4] = _mm256_permute2x128_si256(u[i], u[i + 4], 0x31);
	}
}

/* One 64-byte block of every lane, BLK[lane]. */
AVX2 static void
md5mb_block(uint32_t st[4][MD5MB_LANES], const uint8_t *const blk[8])
{
	__m256i		r[8], w[16];
	__m256i		a, b, c, d, a0, b0, c0, d0;
	const __m256i	ones = _mm256_set1_epi32(-1);
	int		i;

	for (i = 0; i < 8; i++)
		r[i] = _mm256_loadu_si256((const __m256i *)blk[i]);
	transpose8(r, w);
	for (i = 0; i < 8; i++)
		r[i] = _mm256_loadu_si256((const __m256i *)(blk[i] + 32));
	transpose8(r, w + 8);

	a = a0 = _mm256_loadu_si256((const __m256i *)st[0]);
	b = b0 = _mm256_loadu_si256((const __m256i *)st[1]);
	c = c0 = _mm256_loadu_si256((const __m256i *)st[2]);
	d = d0 = _mm256_loadu_si256((const __m256i *)st[3]);

	STEP(F, a, b, c, d, 0, 0xd76aa478, 7);
	STEP(F, d, a, b, c, 1, 0xe8c7b756, 12);
	STEP(F, c, d, a, b, 2, 0x242070db, 17);
	STEP(F, b, c, d, a, 3, 0xc1bdceee, 22);
	STEP(F, a, b, c, d, 4, 0xf57c0faf, 7);
	STEP(F, d, a, b, c, 5, 0x4787c62a, 12);
	STEP(F, c, d, a, b, 6, 0xa8304613, 17);
	STEP(F, b, c, d, a, 7, 0xfd469501, 22);
	STEP(F, a, b, c, d, 8, 0x698098d8, 7);
	STEP(F, d, a, b, c, 9, 0x8b44f7af, 12);
	STEP(F, c, d, a, b, 10, 0xffff5bb1, 17);
	STEP(F, b, c, d, a, 11, 0x895cd7be, 22);
	STEP(F, a, b, c, d, 12, 0x6b901122, 7);
	STEP(F, d, a, b, c, 13, 0xfd987193, 12);
	STEP(F, c, d, a, b, 14, 0xa679438e, 17);
	STEP(F, b, c, d, a, 15, 0x49b40821, 22);

	STEP(G, a, b, c, d, 1, 0xf61e2562, 5);
	STEP(G, d, a, b, c, 6, 0xc040b340, 9);
	STEP(G, c, d, a, b, 11, 0x265e5a51, 14);
	STEP(G, b, c, d, a, 0, 0xe9b6c7aa, 20);
	STEP(G, a, b, c, d, 5, 0xd62f105d, 5);
	STEP(G, d, a, b, c, 10, 0x02441453, 9);
	STEP(G, c, d, a, b, 15, 0xd8a1e681, 14);
	STEP(G, b, c, d, a, 4, 0xe7d3fbc8, 20);
	STEP(G, a, b, c, d, 9, 0x21e1cde6, 5);
	STEP(G, d, a, b, c, 14, 0xc33707d6, 9);
	STEP(G, c, d, a, b, 3, 0xf4d50d87, 14);
	STEP(G, b, c, d, a, 8, 0x455a14ed, 20);
	STEP(G, a, b, c, d, 13, 0xa9e3e905, 5);
	STEP(G, d, a, b, c, 2, 0xfcefa3f8, 9);
	STEP(G, c, d, a, b, 7, 0x676f02d9, 14);
	STEP(G, b, c, d, a, 12, 0x8d2a4c8a, 20);

	STEP(H, a, b, c, d, 5, 0xfffa3942, 4);
	STEP(H, d, a, b, c, 8, 0x8771f681, 11);
	STEP(H, c, d, a, b, 11, 0x6d9d6122, 16);
	STEP(H, b, c, d, a, 14, 0xfde5380c, 23);
	STEP(H, a, b, c, d, 1, 0xa4beea44, 4);
	STEP(H, d, a, b, c, 4, 0x4bdecfa9, 11);
	STEP(H, c, d, a, b, 7, 0xf6bb4b60, 16);
	STEP(H, b, c, d, a, 10, 0xbebfbc70, 23);
	STEP(H, a, b, c, d, 13, 0x289b7ec6, 4);
	STEP(H, d, a, b, c, 0, 0xeaa127fa, 11);
	STEP(H, c, d, a, b, 3, 0xd4ef3085, 16);
	STEP(H, b, c, d, a, 6, 0x04881d05, 23);
	STEP(H, a, b, c, d, 9, 0xd9d4d039, 4);
	STEP(H, d, a, b, c, 12, 0xe6db99e5, 11);
	STEP(H, c, d, a, b, 15, 0x1fa27cf8, 16);
	STEP(H, b, c, d, a, 2, 0xc4ac5665, 23);

	STEP(I, a, b, c, d, 0, 0xf4292244, 6);
	STEP(I, d, a, b, c, 7, 0x432aff97, 10);
	STEP(I, c, d, a, b, 14, 0xab9423a7, 15);
	STEP(I, b, c, d, a, 5, 0xfc93a039, 21);
	STEP(I, a, b, c, d, 12, 0x655b59c3, 6);
	STEP(I, d, a, b, c, 3, 0x8f0ccc92, 10);
	STEP(I, c, d, a, b, 10, 0xffeff47d, 15);
	STEP(I, b, c, d, a, 1, 0x85845dd1, 21);
	STEP(I, a, b, c, d, 8, 0x6fa87e4f, 6);
	STEP(I, d, a, b, c, 15, 0xfe2ce6e0, 10);
	STEP(I, c, d, a, b, 6, 0xa3014314, 15);
	STEP(I, b, c, d, a, 13, 0x4e0811a1, 21);
	STEP(I, a, b, c, d, 4, 0xf7537e82, 6);
	STEP(I, d, a, b, c, 11, 0xbd3af235, 10);
	STEP(I, c, d, a, b, 2, 0x2ad7d2bb, 15);
	STEP(I, b, c, d, a, 9, 0xeb86d391, 21);

	_mm256_storeu_si256((__m256i *)st[0], ADD(a, a0));
	_mm256_storeu_si256((__m256i *)st[1], ADD(b, b0));
	_mm256_storeu_si256((__m256i *)st[2], ADD(c, c0));
	_mm256_storeu_si256((__m256i *)st[3], ADD(d, d0));
}

#else

static void
md5mb_block(uint32_t st[4][MD5MB_LANES], const uint8_t *const blk[8])
{
	(void)st;
	(void)blk;
	abort();	/* md5mb_available() said no */
}

#endif

/* The lane's next block, and whether that was its last. */
static const uint8_t *
next_block(struct md5mb *m, struct lane *l, bool *last)
{
	const uint8_t	*b;

	*last = false;
	if (!l->busy)
		return m->zero;
	if (l->blocks > 0) {
		b = l->p;
		l->p += 64;
		l->blocks--;
		return b;
	}
	b = l->pad + 64 * l->padi++;
	*last = l->padi == l->npad;
	return b;
}

size_t
md5mb_run(struct md5mb *m, md5mb_done_fn *done, void *arg)
{
	const uint8_t	*blk[MD5MB_LANES];
	bool		 last[MD5MB_LANES], any = false, ended = false;
	unsigned char	 md5[16];
	size_t		 n = 0;
	unsigned	 i, j;

	for (i = 0; i < MD5MB_LANES; i++)
		any |= m->lane[i].busy;
	if (!any)
		return 0;
	while (!ended) {
		for (i = 0; i < MD5MB_LANES; i++) {
			blk[i] = next_block(m, &m->lane[i], &last[i]);
			ended |= last[i];
		}
		md5mb_block(m->st, blk);
	}
	for (i = 0; i < MD5MB_LANES; i++) {
		if (!last[i])
			continue;
		for (j = 0; j < 16; j++)
			md5[j] = (unsigned char)(m->st[j / 4][i] >>
			    (8 * (j % 4)));
		m->lane[i].busy = false;
		done(m->lane[i].cookie, md5, arg);
		n++;
	}
	return n;
}
