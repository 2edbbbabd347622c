/*
 * fuzz_text.c - libFuzzer targets for the text parsers the tree layer
 * and the system analyzer read from the evidence: fstab, os-release,
 * passwd, and the output escaper.  One binary; the first input byte
 * picks the parser so one corpus covers all.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fsread.h"
#include "parse/parse.h"
#include "util/util.h"

static int
fstab_cb(const struct fsr_fstab_entry *e, void *arg)
{
	size_t	*n = arg;

	*n += strlen(e->spec) + strlen(e->file) + strlen(e->type) +
	    strlen(e->opts);
	return FSR_WALK_CONT;
}

static int
passwd_cb(const struct passwd_entry *e, void *arg)
{
	size_t	*n = arg;

	*n += strlen(e->name) + strlen(e->home) + (size_t)shell_is_login(e->shell);
	return 0;
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data + 1;
	char		 out[64];
	size_t		 n = 0, len;
	FILE		*devnull;

	if (size < 1)
		return 0;
	len = size - 1;
	switch (data[0] % 4) {
	case 0:
		fsr_fstab_parse(s, len, fstab_cb, &n);
		break;
	case 1:
		fsr_osrelease_get(s, len, "PRETTY_NAME", out, sizeof(out));
		fsr_osrelease_get(s, len, "ID", out, 1);
		break;
	case 2:
		passwd_parse(s, len, passwd_cb, &n);
		break;
	case 3:
		if ((devnull = fopen("/dev/null", "w")) != NULL) {
			esc_write(devnull, s, len);
			esc_json(devnull, s, len);
			n = esc_width(s, len);
			fclose(devnull);
		}
		break;
	}
	return (int)(n & 0);
}
