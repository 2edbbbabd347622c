/*
 * fs.c - the filesystem handle: picks a backend for a volume and holds
 * its one error message
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsr_int.h"

void
fsr_vfmt(char *buf, size_t len, const char *fmt, va_list ap)
{
	vsnprintf(buf, len, fmt, ap);
}

int
fsr_fs_fail(struct fsr_fs *fs, int err, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fsr_vfmt(fs->err, sizeof(fs->err), fmt, ap);
	va_end(ap);
	return err;
}

static bool
is_ext(const char *type)
{
	return strcmp(type, "ext2") == 0 || strcmp(type, "ext3") == 0 ||
	    strcmp(type, "ext4") == 0 || strcmp(type, "ext4dev") == 0;
}

/* What to tell the operator about a volume rescue cannot read itself. */
static void
unsupported(const struct fsr_vol *v, char *errbuf, size_t errlen)
{
	if (v->fstype[0] == '\0')
		snprintf(errbuf, errlen, "%s", v->note[0] ? v->note :
		    "no filesystem found");
	else if (strcmp(v->fstype, "swap") == 0)
		snprintf(errbuf, errlen, "swap space (not a filesystem)");
	else if (strstr(v->fstype, "_member") != NULL ||
	    strcmp(v->fstype, "crypto_LUKS") == 0)
		snprintf(errbuf, errlen, "%s: assemble or unlock it on the "
		    "rescue system, mount the result read-only and pass "
		    "--root DIR", v->fstype);
	else
		snprintf(errbuf, errlen, "%s: not readable by rescue's ext "
		    "backend; mount it read-only (mount -o ro,norecovery) and "
		    "pass --root DIR", v->fstype);
}

/*
 * A volume with no signature at all may be ext with its primary
 * superblock wiped (by accident or on purpose): the backups still say.
 */
static bool
worth_trying_ext(const struct fsr_vol *v)
{
	return v->fstype[0] == '\0' && strstr(v->note, "several") == NULL &&
	    strstr(v->note, "extended") == NULL &&
	    strstr(v->note, "past the end of the disk (") == NULL;
}

/* "disk.img: p2 (ext4)": how every message names the filesystem. */
static void
set_name(struct fsr_fs *fs, const struct fsr_vol *v)
{
	if (v->name[0])
		snprintf(fs->name, sizeof(fs->name), "%s: %s (%s)",
		    fsr_disk_path(v->disk), v->name, v->fstype);
	else
		snprintf(fs->name, sizeof(fs->name), "%s (%s)",
		    fsr_disk_path(v->disk), v->fstype);
}

struct fsr_fs *
fsr_fs_open(struct fsr_vol *v, char *errbuf, size_t errlen)
{
	struct fsr_fs		*fs;
	struct fsr_fsinfo	 fi;
	bool			 guess = worth_trying_ext(v);

	if (!is_ext(v->fstype) && !guess) {
		unsupported(v, errbuf, errlen);
		return NULL;
	}
	if ((fs = calloc(1, sizeof(*fs))) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	fs->vol = *v;
	fs->has_vol = true;
	set_name(fs, v);
	if (fsr_ext_open(fs, v->disk, v->offset, v->size) < 0) {
		if (guess)
			unsupported(v, errbuf, errlen);
		else
			snprintf(errbuf, errlen, "%s", fs->err);
		free(fs);
		return NULL;
	}
	if (guess && fsr_fs_info(fs, &fi) == 0) {
		/* Name it by what the backup superblock says. */
		snprintf(v->fstype, sizeof(v->fstype), "%s", fi.type);
		snprintf(v->uuid, sizeof(v->uuid), "%s", fi.uuid);
		snprintf(v->label, sizeof(v->label), "%s", fi.label);
		snprintf(v->note, sizeof(v->note), "no filesystem signature "
		    "where libblkid looks; %s found through a backup "
		    "superblock", fi.type);
		fs->vol = *v;
		set_name(fs, v);
	}
	return fs;
}

struct fsr_fs *
fsr_dirfs_open(const char *dir, char *errbuf, size_t errlen)
{
	struct fsr_fs	*fs;

	if ((fs = calloc(1, sizeof(*fs))) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	snprintf(fs->name, sizeof(fs->name), "%s", dir);
	if (fsr_dir_open(fs, dir) < 0) {
		snprintf(errbuf, errlen, "%s", fs->err);
		free(fs);
		return NULL;
	}
	return fs;
}

void
fsr_fs_close(struct fsr_fs *fs)
{
	if (fs == NULL)
		return;
	if (fs->ops != NULL)
		fs->ops->close(fs);
	free(fs);
}

const char *
fsr_fs_errmsg(const struct fsr_fs *fs)
{
	return fs->err;
}

const char *
fsr_fs_name(const struct fsr_fs *fs)
{
	return fs->name;
}

const struct fsr_vol *
fsr_fs_vol(const struct fsr_fs *fs)
{
	return fs->has_vol ? &fs->vol : NULL;
}

int
fsr_fs_info(struct fsr_fs *fs, struct fsr_fsinfo *fi)
{
	return fs->ops->info(fs, fi);
}

int
fsr_fs_scan(struct fsr_fs *fs, fsr_inode_fn *fn, void *arg)
{
	return fs->ops->scan(fs, fn, arg);
}

struct dirents_ctx {
	fsr_rawdirent_fn	*fn;
	void			*arg;
};

static int
dirents_cb(const struct fsr_dirent *d, void *arg)
{
	struct dirents_ctx	*c = arg;
	struct fsr_rawdirent	 r = { d->name, d->namelen, d->ino, d->type,
				    false };

	return c->fn(&r, c->arg);
}

int
fsr_fs_dirents(struct fsr_fs *fs, uint64_t dir, fsr_rawdirent_fn *fn,
    void *arg)
{
	struct dirents_ctx	c = { fn, arg };

	if (fs->ops->dirents != NULL)
		return fs->ops->dirents(fs, dir, fn, arg);
	/* No directory blocks to read (a mounted tree): live names only. */
	return fs->ops->readdir(fs, dir, dirents_cb, &c);
}
