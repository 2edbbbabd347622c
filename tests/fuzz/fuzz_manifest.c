/*
 * fuzz_manifest.c - libFuzzer target for the export manifest's line
 * reader (verify reads manifests from archives of any origin).  The
 * input is split on newlines and each line parsed from a buffer of its
 * own exact length, so that ASan sees a read past its end; what parses
 * is written back and must parse again to the same path.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"

static void
roundtrip(const struct man_entry *e)
{
	struct man_entry	 back;
	char			*out = NULL, err[128];
	size_t			 outlen = 0;
	FILE			*f;

	if (e->pathlen != strlen(e->path) || e->path[0] != '/')
		abort();
	if (e->sha256[0] != '\0' && strlen(e->sha256) != 64)
		abort();
	if ((f = open_memstream(&out, &outlen)) == NULL)
		return;
	man_write(f, e, false);
	fclose(f);
	if (outlen == 0 || out[outlen - 1] != '\n')
		abort();
	/* A path of a line under the limit may come back longer (hex). */
	if (outlen - 1 <= MAN_LINE_MAX) {
		if (man_parse(out, outlen - 1, &back, err, sizeof(err)) < 0 ||
		    strcmp(back.path, e->path) != 0)
			abort();
		man_entry_release(&back);
	}
	free(out);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct man_entry	 e;
	const char		*s = (const char *)data, *end = s + size, *nl;
	char			*buf, err[128];
	size_t			 len;

	while (s < end) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		len = (size_t)(nl - s);
		if ((buf = malloc(len ? len : 1)) == NULL)
			return 0;
		memcpy(buf, s, len);
		if (man_parse(buf, len, &e, err, sizeof(err)) == 0) {
			roundtrip(&e);
			man_entry_release(&e);
		} else if (strnlen(err, sizeof(err)) == sizeof(err))
			abort();
		free(buf);
		s = nl + 1;
	}
	return 0;
}
