/*
 * fuzz_authkeys.c - libFuzzer target for the authorized_keys parser:
 * every entry's strings are read to their NUL and its fields checked
 * against each other
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/authkeys.h"

static int
cb(const struct authkeys_entry *e, void *arg)
{
	size_t	*n = arg, i, fplen;

	if (e->line == 0 || e->type == NULL || e->comment == NULL ||
	    e->nopt > AUTHKEYS_OPT_MAX || (e->nopt > 0 && e->opt == NULL))
		abort();
	if ((e->status == AUTHKEYS_OK) != (e->error == NULL))
		abort();
	*n += strlen(e->type) + strlen(e->comment);
	for (i = 0; i < e->nopt; i++) {
		if (e->opt[i].name == NULL)
			abort();
		*n += strlen(e->opt[i].name);
		if (e->opt[i].value != NULL)
			*n += strlen(e->opt[i].value);
	}
	if (e->command != NULL)
		*n += strlen(e->command);
	if (e->from != NULL)
		*n += strlen(e->from);
	fplen = strnlen(e->fingerprint, sizeof(e->fingerprint));
	if (fplen != 0 && (fplen != 50 ||
	    strncmp(e->fingerprint, "SHA256:", 7) != 0))
		abort();
	if ((e->status == AUTHKEYS_OK || e->status ==
	    AUTHKEYS_UNKNOWN_TYPE) && fplen == 0)
		abort();
	if (e->status == AUTHKEYS_OK && (e->keytype == AUTHKEYS_KEY_UNKNOWN ||
	    e->bits == 0))
		abort();
	if (strnlen(e->curve, sizeof(e->curve)) == sizeof(e->curve))
		abort();
	(void)authkeys_status_name(e->status);
	(void)authkeys_keytype_name(e->keytype);
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t	n = 0;
	int	bad;

	bad = authkeys_parse((const char *)data, size, cb, &n);
	if (bad < 0 || (size_t)bad > size)
		abort();
	return 0;
}
