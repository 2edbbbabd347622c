/*
 * addrs.c - the address table: open addressing over an array, so that
 * the entries stay in order of first appearance for the report
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logins/addrs.h"
#include "rescue.h"
#include "util/util.h"

void
addrtab_init(struct addrtab *t)
{
	memset(t, 0, sizeof(*t));
}

void
addrtab_free(struct addrtab *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->list[i].key);
	free(t->list);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* FNV-1a: keys are short and an attacker picks few of them. */
static uint64_t
hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void
rehash(struct addrtab *t)
{
	size_t	i, j, mask;

	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 1024;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	mask = t->nslots - 1;
	for (i = 0; i < t->n; i++) {
		for (j = hash(t->list[i].key) & mask; t->slots[j];
		    j = (j + 1) & mask)
			;
		t->slots[j] = (uint32_t)(i + 1);
	}
}

struct addr *
addrtab_get(struct addrtab *t, const char *host)
{
	struct addr	*a;
	size_t		 j, mask, k;

	if (strncmp(host, "::ffff:", 7) == 0 && strchr(host + 7, '.'))
		host += 7;
	if (t->nslots == 0)
		rehash(t);
	mask = t->nslots - 1;
	for (j = hash(host) & mask; t->slots[j]; j = (j + 1) & mask)
		if (strcmp(t->list[t->slots[j] - 1].key, host) == 0)
			return &t->list[t->slots[j] - 1];
	if (t->n == ADDRS_MAX) {
		t->dropped++;
		return NULL;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->list = xrealloc(t->list, t->cap * sizeof(*t->list));
	}
	a = &t->list[t->n];
	memset(a, 0, sizeof(*a));
	a->key = xstrdup(host);
	a->first = a->last = a->first_ok = a->last_ok = TIME_NONE;
	for (k = 0; k < LSRC__COUNT; k++)
		a->src[k].last_fail = TIME_NONE;
	t->slots[j] = (uint32_t)(++t->n);
	if (t->n * 2 > t->nslots)
		rehash(t);
	return a;
}

void
addr_add_user(struct addr *a, const char *user, bool ok)
{
	unsigned	i;

	for (i = 0; i < a->nusers; i++)
		if (strncmp(a->users[i], user, ADDR_NAME_LEN - 1) == 0) {
			a->user_ok[i] |= ok;
			return;
		}
	if (a->nusers == ADDR_USERS) {
		a->more_users++;
		return;
	}
	snprintf(a->users[a->nusers], ADDR_NAME_LEN, "%s", user);
	a->user_ok[a->nusers++] = ok;
}

static uint64_t
src_failures(const struct addr_src *s)
{
	return s->fail > s->invalid ? s->fail : s->invalid;
}

uint64_t
addr_successes(const struct addr *a)
{
	uint64_t	w = a->src[LSRC_WTMP].ok, l = a->src[LSRC_AUTHLOG].ok;

	return w > l ? w : l;
}

uint64_t
addr_failures(const struct addr *a)
{
	uint64_t	m = 0, f;
	size_t		i;

	for (i = 0; i < LSRC__COUNT; i++)
		if ((f = src_failures(&a->src[i])) > m)
			m = f;
	return m;
}

uint64_t
addr_failures_before(const struct addr *a, int64_t t)
{
	const struct addr_src	*s;
	uint64_t		 m = 0, c;
	size_t			 i;
	unsigned		 k;

	for (i = 0; i < LSRC__COUNT; i++) {
		s = &a->src[i];
		if (s->last_fail != TIME_NONE && s->last_fail <= t) {
			c = src_failures(s);
		} else {
			for (c = 0, k = 0; k < s->nfail_time; k++)
				c += s->fail_time[k] <= t;
		}
		if (c > m)
			m = c;
	}
	return m;
}
