/*
 * gpt.h - the GPT fallback reader vol.c uses when libblkid finds nothing
 */
#ifndef FSR_GPT_H
#define FSR_GPT_H

#include "fsread.h"

/*
 * The partitions of a GPT on D (512- or 4096-byte sectors), offsets and
 * sizes as recorded, each with a note that rescue read the table itself.
 * Returns 0, -ENOENT (no GPT), -EUCLEAN (a header that cannot be right).
 * *VOLS is the caller's to free().
 */
int	gpt_read(struct fsr_disk *d, struct fsr_vol **vols, size_t *nvols);

#endif
