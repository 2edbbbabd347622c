/*
 * fuzz_accounts.c - libFuzzer target for the shadow, group and gshadow
 * parsers and the hash classifier.  The first byte picks the parser so
 * one corpus covers all three; the rest is the file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/shadow.h"

static void
check_hash(const char *pw, const struct shadow_hash *h)
{
	struct shadow_hash	again;

	if ((h->state == SHADOW_EMPTY) != (pw[0] == '\0'))
		abort();
	if ((h->state == SHADOW_EMPTY || h->state == SHADOW_LOCKED) !=
	    (h->scheme == SHADOW_SCHEME_NONE))
		abort();
	shadow_hash_classify(pw, &again);
	if (again.state != h->state || again.scheme != h->scheme)
		abort();
	(void)shadow_scheme_name(h->scheme);
	(void)shadow_state_name(h->state);
}

static void
check_list(const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i][0] == '\0' || strchr(v[i], ',') != NULL ||
		    strchr(v[i], ':') != NULL)
			abort();
}

static int
shadow_cb(const struct shadow_entry *e, void *arg)
{
	(void)arg;
	if (e->name[0] == '\0' || strchr(e->passwd, ':') != NULL ||
	    strchr(e->reserved, ':') != NULL || e->line == 0)
		abort();
	check_hash(e->passwd, &e->hash);
	return 0;
}

static int
group_cb(const struct group_entry *e, void *arg)
{
	(void)arg;
	if (e->name[0] == '\0' || e->line == 0)
		abort();
	check_hash(e->passwd, &e->hash);
	check_list(e->member, e->nmember);
	return 0;
}

static int
gshadow_cb(const struct gshadow_entry *e, void *arg)
{
	(void)arg;
	if (e->name[0] == '\0' || e->line == 0)
		abort();
	check_hash(e->passwd, &e->hash);
	check_list(e->admin, e->nadmin);
	check_list(e->member, e->nmember);
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data + 1;
	size_t		 len;
	int		 bad = 0;

	if (size < 1)
		return 0;
	len = size - 1;
	switch (data[0] % 3) {
	case 0:
		bad = shadow_parse(s, len, shadow_cb, NULL);
		break;
	case 1:
		bad = group_parse(s, len, group_cb, NULL);
		break;
	case 2:
		bad = gshadow_parse(s, len, gshadow_cb, NULL);
		break;
	}
	if (bad < 0 || (size_t)bad > len)
		abort();
	return 0;
}
