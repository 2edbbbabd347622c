/*
 * hashpool.c - a queue of whole-file buffers and the threads that MD5
 * them: one mutex, two condition variables, no other shared state
 *
 * Where the CPU has AVX2 each thread hashes eight files at once
 * (md5mb.c), taking a new one from the queue as soon as a lane ends;
 * elsewhere one at a time through libcrypto.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "util/hashpool.h"
#include "util/md5mb.h"
#include "util/util.h"

/*
 * Buffers come back to the reader: a fresh buffer costs a page fault and
 * a zeroed page for every 4 KiB, more than the copy into it.  Spare ones
 * wait in power-of-two classes, 4 KiB to 64 MiB, at most MAX bytes.
 */
#define CLASS_MIN	((size_t)4096)
#define NCLASS		15

struct spare {
	struct spare	*next;
};

struct job {
	struct job	*next;
	void		*buf;
	size_t		 len;
	unsigned char	 want[16];
	const void	*cookie;
};

struct hashpool {
	pthread_mutex_t		 mu;
	pthread_cond_t		 work;		/* a job, or done */
	pthread_cond_t		 room;		/* bytes in flight fell */
	struct job		*head, *tail;
	size_t			 inflight, max;
	bool			 done;
	bool			 full;		/* the reader waits for room */
	pthread_t		*threads;
	unsigned		 nthreads;
	struct hashpool_miss	*miss;
	size_t			 nmiss, capmiss;
	struct spare		*spare[NCLASS];
	size_t			 spare_bytes;
};

/* The class of a LEN-byte buffer; NCLASS if too large to keep. */
static unsigned
class_of(size_t len)
{
	unsigned	c = 0;

	while (c < NCLASS && (CLASS_MIN << c) < len)
		c++;
	return c;
}

void *
hashpool_buf(struct hashpool *p, size_t len)
{
	unsigned	 c = class_of(len);
	struct spare	*s = NULL;

	if (c == NCLASS)
		return xmalloc(len ? len : 1);
	pthread_mutex_lock(&p->mu);
	if ((s = p->spare[c]) != NULL) {
		p->spare[c] = s->next;
		p->spare_bytes -= CLASS_MIN << c;
	}
	pthread_mutex_unlock(&p->mu);
	return s != NULL ? (void *)s : xmalloc(CLASS_MIN << c);
}

/* Keep BUF of LEN bytes for hashpool_buf(), or free it.  Holds p->mu. */
static void
give_back(struct hashpool *p, void *buf, size_t len)
{
	unsigned	 c = class_of(len);
	struct spare	*s = buf;

	if (c == NCLASS || p->spare_bytes + (CLASS_MIN << c) > p->max) {
		free(buf);
		return;
	}
	s->next = p->spare[c];
	p->spare[c] = s;
	p->spare_bytes += CLASS_MIN << c;
}

static void
md5(const void *buf, size_t len, unsigned char *out)
{
	EVP_MD_CTX	*c = EVP_MD_CTX_new();

	memset(out, 0, 16);
	if (c == NULL)
		return;
	if (EVP_DigestInit_ex(c, EVP_md5(), NULL) == 1 &&
	    EVP_DigestUpdate(c, buf, len) == 1)
		EVP_DigestFinal_ex(c, out, NULL);
	EVP_MD_CTX_free(c);
}

/* A job is done: note a mismatch and free its bytes.  Holds p->mu. */
static void
job_done(struct hashpool *p, struct job *j, const unsigned char *got)
{
	if (memcmp(got, j->want, 16) != 0) {
		if (p->nmiss == p->capmiss) {
			p->capmiss = p->capmiss ? p->capmiss * 2 : 64;
			p->miss = xrealloc(p->miss,
			    p->capmiss * sizeof(*p->miss));
		}
		p->miss[p->nmiss].cookie = j->cookie;
		memcpy(p->miss[p->nmiss++].md5, got, 16);
	}
	p->inflight -= j->len;
	give_back(p, j->buf, j->len);
	pthread_cond_signal(&p->room);
}

/* The next job, waiting for one unless NOWAIT; NULL when done. */
static struct job *
take(struct hashpool *p, bool nowait)
{
	struct job	*j;

	while (p->head == NULL && !p->done && !nowait)
		pthread_cond_wait(&p->work, &p->mu);
	if ((j = p->head) != NULL && (p->head = j->next) == NULL)
		p->tail = NULL;
	return j;
}

static void *
worker_single(struct hashpool *p)
{
	struct job	*j;
	unsigned char	 got[16];

	for (;;) {
		pthread_mutex_lock(&p->mu);
		j = take(p, false);
		pthread_mutex_unlock(&p->mu);
		if (j == NULL)
			return NULL;
		md5(j->buf, j->len, got);
		pthread_mutex_lock(&p->mu);
		job_done(p, j, got);
		pthread_mutex_unlock(&p->mu);
		free(j);
	}
}

/* What one md5mb_run() finished, handed back under one lock. */
struct finished {
	struct job	*job[MD5MB_LANES];
	unsigned char	 md5[MD5MB_LANES][16];
	unsigned	 n;
};

static void
lane_done(void *cookie, const unsigned char md5[16], void *arg)
{
	struct finished	*f = arg;

	f->job[f->n] = cookie;
	memcpy(f->md5[f->n++], md5, 16);
}

/*
 * Fill MB's free lanes from the queue, waiting for work while lanes are
 * free: hashing a half-empty set of lanes costs as much as a full one,
 * and the CPU is better left to the thread that reads.  Runs what it has
 * once the queue is done or the reader waits for room.  Holds p->mu.
 */
static void
fill_lanes(struct hashpool *p, struct md5mb *mb)
{
	struct job	*j;
	unsigned	 idle;

	for (;;) {
		while ((idle = md5mb_free_lanes(mb)) > 0 &&
		    (j = take(p, true)) != NULL)
			md5mb_add(mb, j->buf, j->len, j);
		if (idle == 0 || p->done ||
		    (p->full && idle < MD5MB_LANES))
			return;
		pthread_cond_wait(&p->work, &p->mu);
	}
}

static void *
worker_lanes(struct hashpool *p, struct md5mb *mb)
{
	struct finished	 f;
	unsigned	 i;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		fill_lanes(p, mb);
		pthread_mutex_unlock(&p->mu);
		f.n = 0;
		if (md5mb_run(mb, lane_done, &f) == 0)
			return NULL;
		pthread_mutex_lock(&p->mu);
		for (i = 0; i < f.n; i++)
			job_done(p, f.job[i], f.md5[i]);
		pthread_mutex_unlock(&p->mu);
		for (i = 0; i < f.n; i++)
			free(f.job[i]);
	}
}

static void *
worker(void *arg)
{
	struct hashpool	*p = arg;
	struct md5mb	*mb;

	if (!md5mb_available())
		return worker_single(p);
	mb = md5mb_new();
	worker_lanes(p, mb);
	md5mb_free(mb);
	return NULL;
}

unsigned
hashpool_cpus(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 16 ? 16 : (unsigned)n;
}

struct hashpool *
hashpool_new(unsigned threads, size_t max_bytes)
{
	struct hashpool	*p = xcalloc(1, sizeof(*p));
	unsigned	 i;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->room, NULL);
	p->max = max_bytes;
	p->threads = xcalloc(threads ? threads : 1, sizeof(*p->threads));
	for (i = 0; i < (threads ? threads : 1); i++)
		if (pthread_create(&p->threads[i], NULL, worker, p) == 0)
			p->nthreads++;
	return p;
}

void
hashpool_submit(struct hashpool *p, void *buf, size_t len,
    const unsigned char *want, const void *cookie)
{
	struct job	*j = xmalloc(sizeof(*j));
	unsigned char	 got[16];

	if (p->nthreads == 0) {		/* no thread would start: do it here */
		md5(buf, len, got);
		if (memcmp(got, want, 16) != 0) {
			p->miss = xrealloc(p->miss, (p->nmiss + 1) *
			    sizeof(*p->miss));
			p->miss[p->nmiss].cookie = cookie;
			memcpy(p->miss[p->nmiss++].md5, got, 16);
		}
		give_back(p, buf, len);
		free(j);
		return;
	}
	j->next = NULL;
	j->buf = buf;
	j->len = len;
	memcpy(j->want, want, 16);
	j->cookie = cookie;
	pthread_mutex_lock(&p->mu);
	/* a file larger than the bound still goes, alone */
	while (p->inflight > 0 && p->inflight + len > p->max) {
		if (!p->full) {
			p->full = true;
			pthread_cond_broadcast(&p->work);
		}
		pthread_cond_wait(&p->room, &p->mu);
	}
	p->full = false;
	p->inflight += len;
	if (p->tail != NULL)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

size_t
hashpool_finish(struct hashpool *p, const struct hashpool_miss **miss)
{
	unsigned	i;

	pthread_mutex_lock(&p->mu);
	p->done = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	p->nthreads = 0;
	*miss = p->miss;
	return p->nmiss;
}

void
hashpool_free(struct hashpool *p)
{
	const struct hashpool_miss	*m;
	struct spare			*s;
	unsigned			 c;

	if (p == NULL)
		return;
	if (p->nthreads > 0)
		hashpool_finish(p, &m);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->room);
	for (c = 0; c < NCLASS; c++)
		while ((s = p->spare[c]) != NULL) {
			p->spare[c] = s->next;
			free(s);
		}
	free(p->threads);
	free(p->miss);
	free(p);
}
