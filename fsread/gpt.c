/*
 * gpt.c - read a GUID partition table that libblkid refuses, as on a
 * truncated image whose GPT points past its end
 *
 * A fallback only: libblkid reads every table it accepts.  The header
 * and the entries come from the evidence and are bounded before use;
 * checksum mismatches are noted, not fatal (the data may still be there).
 * UEFI 2.10, section 5.3 "GUID Partition Table (GPT) Disk Layout".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "fsr_int.h"
#include "gpt.h"

#define GPT_MAX_ENTRIES		1024
#define GPT_MAX_ENTRY_SIZE	1024

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* A mixed-endian GUID as text, the way GPT tools print it. */
static void
guid_str(const unsigned char *g, char *buf, size_t len)
{
	snprintf(buf, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", g[3], g[2], g[1], g[0], g[5], g[4],
	    g[7], g[6], g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

static bool
guid_zero(const unsigned char *g)
{
	static const unsigned char zero[16];

	return memcmp(g, zero, 16) == 0;
}

/* The UTF-16LE name (36 code units) as UTF-8; surrogates become '?'. */
static void
name_str(const unsigned char *p, char *buf, size_t len)
{
	size_t		i, n = 0;
	unsigned	c;

	for (i = 0; i < 36 && n + 4 < len; i++) {
		c = (unsigned)p[2 * i] | (unsigned)p[2 * i + 1] << 8;
		if (c == 0)
			break;
		if (c >= 0xd800 && c <= 0xdfff)
			c = '?';
		if (c < 0x80) {
			buf[n++] = (char)c;
		} else if (c < 0x800) {
			buf[n++] = (char)(0xc0 | c >> 6);
			buf[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf[n++] = (char)(0xe0 | c >> 12);
			buf[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	buf[n] = '\0';
}

static int
read_table(struct fsr_disk *d, unsigned ss, struct fsr_vol **vols,
    size_t *nvols)
{
	unsigned char	 hdr[4096], *ents = NULL, *e;
	struct fsr_vol	*v = NULL;
	uint32_t	 hsize, nent, esize, crc;
	uint64_t	 elba, first, last, size = fsr_disk_size(d);
	size_t		 i, n = 0, tlen;
	char		 note[128] = "GPT read by rescue (libblkid refused it)";

	if (size < 2 * (uint64_t)ss || fsr_disk_pread(d, hdr, ss, ss) < 0 ||
	    memcmp(hdr, "EFI PART", 8) != 0)
		return -ENOENT;
	hsize = le32(hdr + 12);
	elba = le64(hdr + 72);
	nent = le32(hdr + 80);
	esize = le32(hdr + 84);
	if (hsize < 92 || hsize > ss || nent == 0 || nent > GPT_MAX_ENTRIES ||
	    esize < 128 || esize > GPT_MAX_ENTRY_SIZE || esize % 8 != 0 ||
	    elba < 2 || elba > size / ss)
		return -EUCLEAN;
	crc = le32(hdr + 16);
	memset(hdr + 16, 0, 4);
	if ((uint32_t)crc32(0, hdr, hsize) != crc)
		snprintf(note, sizeof(note), "GPT read by rescue; its header "
		    "checksum is wrong");
	tlen = (size_t)nent * esize;
	if (elba * ss + tlen > size) {
		/* Only the entries that are on the disk. */
		nent = (uint32_t)((size - elba * ss) / esize);
		tlen = (size_t)nent * esize;
	}
	if (nent == 0 || (ents = malloc(tlen)) == NULL)
		return -ENOMEM;
	if (fsr_disk_pread(d, ents, tlen, elba * ss) < 0) {
		free(ents);
		return -EIO;
	}
	if ((uint32_t)crc32(0, ents, (uInt)tlen) != le32(hdr + 88))
		snprintf(note, sizeof(note), "GPT read by rescue; its entry "
		    "checksum is wrong (truncated or edited table)");
	if ((v = calloc(nent, sizeof(*v))) == NULL) {
		free(ents);
		return -ENOMEM;
	}
	for (i = 0; i < nent; i++) {
		e = ents + i * esize;
		if (guid_zero(e))
			continue;
		first = le64(e + 32);
		last = le64(e + 40);
		if (last < first || first > UINT64_MAX / ss)
			continue;
		v[n].disk = d;
		v[n].partno = (int)i + 1;
		snprintf(v[n].name, sizeof(v[n].name), "p%zu", i + 1);
		snprintf(v[n].pttype, sizeof(v[n].pttype), "gpt");
		guid_str(e, v[n].parttype, sizeof(v[n].parttype));
		guid_str(e + 16, v[n].partuuid, sizeof(v[n].partuuid));
		name_str(e + 56, v[n].partlabel, sizeof(v[n].partlabel));
		v[n].offset = first * ss;
		v[n].size = (last - first + 1) * (uint64_t)ss;
		snprintf(v[n].note, sizeof(v[n].note), "%s", note);
		n++;
	}
	free(ents);
	if (n == 0) {
		free(v);
		return -ENOENT;
	}
	*vols = v;
	*nvols = n;
	return 0;
}

int
gpt_read(struct fsr_disk *d, struct fsr_vol **vols, size_t *nvols)
{
	int	rc;

	*vols = NULL;
	*nvols = 0;
	if ((rc = read_table(d, 512, vols, nvols)) == -ENOENT)
		rc = read_table(d, 4096, vols, nvols);	/* 4Kn disks */
	return rc;
}
