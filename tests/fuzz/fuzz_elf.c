/*
 * fuzz_elf.c - libFuzzer target for the ELF reader and the "#!" line
 * reader.  The first byte picks a prefix length (its value times 64,
 * 0 meaning the whole input); the rest is the file.  Every range the
 * reader asks for is checked against the file and handed over from a
 * buffer of its own exact size, so that ASan sees a read past it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/elf.h"

static void *
dup_exact(const uint8_t *p, size_t len)
{
	void	*q = malloc(len ? len : 1);

	if (q != NULL)
		memcpy(q, p, len);
	return q;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info	 ei;
	struct shebang	 sb;
	const uint8_t	*file;
	size_t		 len, plen, n;
	uint64_t	 off;
	void		*p;
	int		 asks = 0;

	if (size < 1)
		return 0;
	plen = (size_t)data[0] * 64;
	file = data + 1;
	len = size - 1;
	if (plen == 0 || plen > len)
		plen = len;
	if ((p = dup_exact(file, plen)) == NULL)
		return 0;
	elf_parse(p, plen, len, &ei);
	free(p);
	while (elf_want(&ei, &off, &n)) {
		if (off > len || n > len - off || n > ELF_WANT_MAX ||
		    ++asks > 5)
			abort();
		/* Every other range is refused, as a short read. */
		if ((asks & 1) == 0 && (data[0] & 1)) {
			elf_feed(&ei, off, NULL, 0);
			continue;
		}
		if ((p = dup_exact(file + off, n)) == NULL)
			return 0;
		elf_feed(&ei, off, p, n);
		free(p);
	}
	if (strnlen(ei.interp, sizeof(ei.interp)) == sizeof(ei.interp) ||
	    ei.build_id_len > ELF_BUILDID_MAX)
		abort();
	if (ei.is_elf && ei.bits != 0 && ei.bits != 32 && ei.bits != 64)
		abort();
	(void)elf_machine_name(&ei);
	(void)elf_kind_name(ei.kind);
	(void)elf_link_name(ei.link);

	if ((p = dup_exact(file, len)) == NULL)
		return 0;
	if (shebang_parse(p, len, &sb) == 0 &&
	    (strnlen(sb.interp, SHEBANG_LEN) == SHEBANG_LEN ||
	    strnlen(sb.arg, SHEBANG_LEN) == SHEBANG_LEN ||
	    strnlen(sb.program, SHEBANG_LEN) == SHEBANG_LEN ||
	    sb.interp[0] == '\0'))
		abort();
	free(p);
	return 0;
}
