/*
 * fuzz_sudoers.c - libFuzzer target for the sudoers lexer: every
 * entry's strings are read to their NUL and its counts checked
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sudoers.h"

static void
list(const char *const *v, size_t n, size_t *sum)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (v[i] == NULL)
			abort();
		*sum += strlen(v[i]);
	}
}

static int
cb(const struct sudoers_entry *e, void *arg)
{
	const struct sudoers_cmnd	*c;
	size_t				*sum = arg, i;
	bool				 all = false, nopw = false;

	if (e->line == 0 || e->last_line < e->line)
		abort();
	switch (e->kind) {
	case SUDOERS_DEFAULTS:
		if (e->ndef == 0)
			abort();
		list(e->binding, e->nbinding, sum);
		for (i = 0; i < e->ndef; i++) {
			*sum += strlen(e->def[i].name);
			if ((e->def[i].op == 0) != (e->def[i].value == NULL))
				abort();
			if (e->def[i].value != NULL)
				*sum += strlen(e->def[i].value);
		}
		break;
	case SUDOERS_ALIAS:
		if (e->alias_name[0] == '\0' || e->nmember == 0)
			abort();
		list(e->member, e->nmember, sum);
		break;
	case SUDOERS_USERSPEC:
		if (e->nuser == 0 || e->nhost == 0 || e->ncmnd == 0)
			abort();
		list(e->user, e->nuser, sum);
		list(e->host, e->nhost, sum);
		for (i = 0; i < e->ncmnd; i++) {
			c = &e->cmnd[i];
			*sum += strlen(c->command);
			if (c->digest != NULL)
				*sum += strlen(c->digest);
			if (c->runas_users != NULL)
				*sum += strlen(c->runas_users);
			if (c->runas_groups != NULL)
				*sum += strlen(c->runas_groups);
			if (c->all && strcmp(c->command, "ALL") != 0)
				abort();
			if (!c->negated && c->all)
				all = true;
			if (!c->negated && (c->tags & SUDOERS_TAG_NOPASSWD))
				nopw = true;
			if ((c->tags & SUDOERS_TAG_NOPASSWD) &&
			    (c->tags & SUDOERS_TAG_PASSWD))
				abort();
		}
		if (all != e->all_commands || nopw != e->nopasswd)
			abort();
		break;
	case SUDOERS_INCLUDE:
	case SUDOERS_INCLUDEDIR:
		if (e->path == NULL || e->path[0] == '\0')
			abort();
		*sum += strlen(e->path);
		break;
	case SUDOERS_BAD:
		if (e->error == NULL || e->text == NULL)
			abort();
		*sum += strlen(e->text);
		break;
	default:
		abort();
	}
	(void)sudoers_kind_name(e->kind);
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	sum = 0;
	int	bad;

	bad = sudoers_parse((const char *)data, size, cb, &sum);
	if (bad < 0 || (size_t)bad > size)
		abort();
	return 0;
}
