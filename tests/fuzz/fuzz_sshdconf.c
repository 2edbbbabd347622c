/*
 * fuzz_sshdconf.c - libFuzzer target for the sshd_config parser.  The
 * first byte says whether the file is read as included from inside a
 * Match block; every entry's strings are read and the first-value
 * tracker run over them.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/sshdconf.h"

struct fz {
	struct sshdconf_first	 first;
	size_t			 n;
	bool			 included;
};

static int
cb(const struct sshdconf_entry *e, void *arg)
{
	struct fz	*f = arg;
	size_t		 i;

	if (e->line == 0 || e->keyword == NULL || e->args == NULL ||
	    e->argc > SSHDCONF_ARGS_MAX || (unsigned)e->kw >= SSHDCONF_KW_NKW)
		abort();
	if (e->in_match != (e->match != NULL))
		abort();
	if (e->kw == SSHDCONF_KW_MATCH && !e->in_match)
		abort();
	if (!f->included && e->in_match && e->match_line == 0)
		abort();
	if (e->kw != sshdconf_keyword(e->keyword))
		abort();
	f->n += strlen(e->keyword) + strlen(e->args);
	for (i = 0; i < e->argc; i++)
		f->n += strlen(e->argv[i]);
	if (e->match != NULL)
		f->n += strlen(e->match);
	(void)sshdconf_first_is_effective(&f->first, e);
	(void)sshdconf_kw_accumulates(e->kw);
	(void)sshdconf_kw_name(e->kw);
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz	f;
	int		bad;

	if (size < 1)
		return 0;
	memset(&f, 0, sizeof(f));
	f.included = data[0] & 1;
	bad = sshdconf_parse((const char *)data + 1, size - 1,
	    f.included ? "User fuzz" : NULL, cb, &f);
	if (bad < 0 || (size_t)bad > size)
		abort();
	return 0;
}
