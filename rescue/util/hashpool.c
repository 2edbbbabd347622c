/*
 * hashpool.c - a queue of whole-file buffers and the threads that MD5
 * them: one mutex, two condition variables, no other shared state
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/evp.h>

#include "util/hashpool.h"
#include "util/util.h"

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
	pthread_t		*threads;
	unsigned		 nthreads;
	struct hashpool_miss	*miss;
	size_t			 nmiss, capmiss;
};

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

static void *
worker(void *arg)
{
	struct hashpool	*p = arg;
	struct job	*j;
	unsigned char	 got[16];

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->head == NULL && !p->done)
			pthread_cond_wait(&p->work, &p->mu);
		if ((j = p->head) == NULL) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		if ((p->head = j->next) == NULL)
			p->tail = NULL;
		pthread_mutex_unlock(&p->mu);

		md5(j->buf, j->len, got);

		pthread_mutex_lock(&p->mu);
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
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->mu);
		free(j->buf);
		free(j);
	}
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
		free(buf);
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
	while (p->inflight > 0 && p->inflight + len > p->max)
		pthread_cond_wait(&p->room, &p->mu);
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

	if (p == NULL)
		return;
	if (p->nthreads > 0)
		hashpool_finish(p, &m);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->room);
	free(p->threads);
	free(p->miss);
	free(p);
}
