/*
 * vol.c - disks opened read-only, and their partitions and filesystems
 * as libblkid sees them
 *
 * The only file in rescue that opens the evidence.  It is opened O_RDONLY
 * and never anything else.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <blkid/blkid.h>
#include <sys/mount.h>

#include "fsr_int.h"
#include "gpt.h"

struct fsr_disk {
	int		 fd;
	uint64_t	 size;
	char		*path;
	char		 err[FSR_ERRMSG_MAX];
};

struct fsr_disk *
fsr_disk_open(const char *path, char *errbuf, size_t errlen)
{
	struct fsr_disk	*d;
	struct stat	 st;
	uint64_t	 size;
	int		 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(errbuf, errlen, "%s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(errbuf, errlen, "stat: %s", strerror(errno));
		goto fail;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size) < 0) {
			snprintf(errbuf, errlen, "BLKGETSIZE64: %s",
			    strerror(errno));
			goto fail;
		}
	} else if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else {
		snprintf(errbuf, errlen, "not an image file or block device");
		goto fail;
	}
	if (size == 0) {
		snprintf(errbuf, errlen, "empty (0 bytes)");
		goto fail;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL || (d->path = strdup(path)) == NULL) {
		free(d);
		snprintf(errbuf, errlen, "out of memory");
		goto fail;
	}
	d->fd = fd;
	d->size = size;
	return d;
fail:
	close(fd);
	return NULL;
}

void
fsr_disk_close(struct fsr_disk *d)
{
	if (d == NULL)
		return;
	close(d->fd);
	free(d->path);
	free(d);
}

const char *
fsr_disk_path(const struct fsr_disk *d)
{
	return d->path;
}

uint64_t
fsr_disk_size(const struct fsr_disk *d)
{
	return d->size;
}

const char *
fsr_disk_errmsg(const struct fsr_disk *d)
{
	return d->err;
}

int
fsr_disk_fd(const struct fsr_disk *d)
{
	return d->fd;
}

int
fsr_disk_pread(struct fsr_disk *d, void *buf, size_t len, uint64_t off)
{
	char	*p = buf;
	ssize_t	 n;

	if (off > d->size || len > d->size - off) {
		snprintf(d->err, sizeof(d->err),
		    "read of %zu bytes at %" PRIu64 " is past the end (%"
		    PRIu64 " bytes)", len, off, d->size);
		return -EIO;
	}
	while (len > 0) {
		n = pread(d->fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(d->err, sizeof(d->err), "read at %" PRIu64
			    ": %s", off, strerror(errno));
			return -EIO;
		}
		if (n == 0) {
			snprintf(d->err, sizeof(d->err), "short read at %"
			    PRIu64, off);
			return -EIO;
		}
		p += n;
		off += (uint64_t)n;
		len -= (size_t)n;
	}
	return 0;
}

static void
copy_value(blkid_probe pr, const char *name, char *dst, size_t len)
{
	const char	*v;

	if (blkid_probe_lookup_value(pr, name, &v, NULL) == 0)
		snprintf(dst, len, "%s", v);
}

/*
 * What filesystem (or swap, RAID member, LVM PV...) is on VOL.  Two
 * claims on one volume are reported, never resolved by a guess.
 */
static void
probe_fs(struct fsr_disk *d, struct fsr_vol *v)
{
	blkid_probe	 pr;
	int		 rc;

	pr = blkid_new_probe();
	if (pr == NULL) {
		snprintf(v->note, sizeof(v->note), "libblkid: out of memory");
		return;
	}
	if (blkid_probe_set_device(pr, d->fd, (blkid_loff_t)v->offset,
	    (blkid_loff_t)v->size) != 0) {
		snprintf(v->note, sizeof(v->note), "libblkid cannot probe it");
		goto out;
	}
	blkid_probe_enable_partitions(pr, 0);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL |
	    BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_VERSION);
	rc = blkid_do_safeprobe(pr);
	if (rc == -2)
		snprintf(v->note, sizeof(v->note), "several filesystem "
		    "signatures claim it; not guessing which is real");
	else if (rc < 0)
		snprintf(v->note, sizeof(v->note), "libblkid probe failed");
	else if (rc == 0) {
		copy_value(pr, "TYPE", v->fstype, sizeof(v->fstype));
		copy_value(pr, "VERSION", v->fsversion, sizeof(v->fsversion));
		copy_value(pr, "UUID", v->uuid, sizeof(v->uuid));
		copy_value(pr, "LABEL", v->label, sizeof(v->label));
	}
out:
	blkid_free_probe(pr);
}

static void	check_bounds(struct fsr_disk *, struct fsr_vol *);

static void
fill_partition(struct fsr_disk *d, blkid_partition par, const char *pttype,
    struct fsr_vol *v)
{
	uint64_t	 start, size;
	const char	*s;

	memset(v, 0, sizeof(*v));
	v->disk = d;
	v->partno = blkid_partition_get_partno(par);
	snprintf(v->name, sizeof(v->name), "p%d", v->partno);
	snprintf(v->pttype, sizeof(v->pttype), "%s", pttype);
	start = (uint64_t)blkid_partition_get_start(par) * 512;
	size = (uint64_t)blkid_partition_get_size(par) * 512;
	v->offset = start;
	v->size = size;
	if ((s = blkid_partition_get_type_string(par)) != NULL)
		snprintf(v->parttype, sizeof(v->parttype), "%s", s);
	else
		snprintf(v->parttype, sizeof(v->parttype), "0x%x",
		    (unsigned)blkid_partition_get_type(par));
	if ((s = blkid_partition_get_uuid(par)) != NULL)
		snprintf(v->partuuid, sizeof(v->partuuid), "%s", s);
	if ((s = blkid_partition_get_name(par)) != NULL)
		snprintf(v->partlabel, sizeof(v->partlabel), "%s", s);

	if (blkid_partition_is_extended(par)) {
		snprintf(v->note, sizeof(v->note),
		    "extended partition (holds the logical ones)");
		return;
	}
	check_bounds(d, v);
}

/* Clip a volume to the disk, say so, and probe what is on it. */
static void
check_bounds(struct fsr_disk *d, struct fsr_vol *v)
{
	uint64_t	start = v->offset, size = v->size;
	size_t		n = strlen(v->note);
	const char	*sep = n ? "; " : "";

	if (start >= d->size) {
		snprintf(v->note + n, sizeof(v->note) - n, "%sstarts at %"
		    PRIu64 " past the end of the disk (%" PRIu64 " bytes)",
		    sep, start, d->size);
		return;
	}
	if (size > d->size - start) {
		v->size = d->size - start;
		snprintf(v->note + n, sizeof(v->note) - n, "%sends %" PRIu64
		    " bytes past the end of the disk; read up to the end", sep,
		    size - v->size);
	}
	probe_fs(d, v);
}

int
fsr_disk_probe(struct fsr_disk *d, struct fsr_vol **vols, size_t *nvols)
{
	blkid_probe		 pr;
	blkid_partlist		 pl;
	blkid_parttable		 tab;
	struct fsr_vol		*v = NULL;
	const char		*pttype = "";
	size_t			 n_gpt;
	int			 i, n = 0;

	*vols = NULL;
	*nvols = 0;
	pr = blkid_new_probe();
	if (pr == NULL) {
		snprintf(d->err, sizeof(d->err), "libblkid: out of memory");
		return -ENOMEM;
	}
	if (blkid_probe_set_device(pr, d->fd, 0, (blkid_loff_t)d->size)) {
		snprintf(d->err, sizeof(d->err), "libblkid cannot probe it");
		blkid_free_probe(pr);
		return -EIO;
	}
	blkid_probe_enable_superblocks(pr, 0);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	pl = blkid_probe_get_partitions(pr);
	if (pl != NULL)
		n = blkid_partlist_numof_partitions(pl);
	if (n > 0) {
		tab = blkid_partlist_get_table(pl);
		if (tab != NULL && blkid_parttable_get_type(tab) != NULL)
			pttype = blkid_parttable_get_type(tab);
		v = calloc((size_t)n, sizeof(*v));
		if (v == NULL) {
			blkid_free_probe(pr);
			return -ENOMEM;
		}
		for (i = 0; i < n; i++)
			fill_partition(d, blkid_partlist_get_partition(pl, i),
			    pttype, &v[i]);
		*vols = v;
		*nvols = (size_t)n;
		blkid_free_probe(pr);
		return 0;
	}
	blkid_free_probe(pr);

	/* A GPT libblkid refused (a truncated image): read it ourselves. */
	if (gpt_read(d, &v, &n_gpt) == 0) {
		for (i = 0; (size_t)i < n_gpt; i++)
			check_bounds(d, &v[i]);
		*vols = v;
		*nvols = n_gpt;
		return 0;
	}

	/* No partition table: the whole disk is one volume. */
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return -ENOMEM;
	v->disk = d;
	v->size = d->size;
	probe_fs(d, v);
	if (v->fstype[0] == '\0' && v->note[0] == '\0')
		snprintf(v->note, sizeof(v->note),
		    "no partition table and no filesystem found");
	*vols = v;
	*nvols = 1;
	return 0;
}
