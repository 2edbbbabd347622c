/*
 * hostdisks.c - the disks of the machine rescue runs on, for a run with
 * no TARGET, less the medium rescue itself was started from
 *
 * Reads /sys and /proc of the rescue system only, never the evidence.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rescue.h"
#include "util/util.h"

/* Kinds of block device that are never a server's disk. */
static bool
skip_name(const char *n)
{
	static const char *const skip[] = { "loop", "ram", "zram", "sr",
	    "fd", "dm-", "md", "nbd", "zd" };
	size_t	i;

	if (n[0] == '.')
		return true;
	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strncmp(n, skip[i], strlen(skip[i])) == 0)
			return true;
	return false;
}

/* The whole disk (name in /sys/block) holding device DEV, into OUT. */
static bool
disk_of(dev_t dev, char *out, size_t len)
{
	char	link[256], target[512], *p;
	ssize_t	n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev),
	    minor(dev));
	if ((n = readlink(link, target, sizeof(target) - 1)) < 0)
		return false;
	target[n] = '\0';
	/* .../block/sda/sda1 for a partition, .../block/sda for a disk */
	if ((p = strstr(target, "/block/")) == NULL)
		return false;
	p += 7;
	snprintf(out, len, "%.*s", (int)strcspn(p, "/"), p);
	return true;
}

static void
add_medium(const char *path, char (*media)[64], size_t *n)
{
	struct stat	st;

	if (*n < 4 && stat(path, &st) == 0 && major(st.st_dev) != 0 &&
	    disk_of(st.st_dev, media[*n], sizeof(media[0])))
		(*n)++;
}

int
host_disks(char ***paths, size_t *np)
{
	char		 media[4][64], size[32], sp[512];
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	size_t		 nmedia = 0, i;
	bool		 skip;

	*paths = NULL;
	*np = 0;
	add_medium("/", media, &nmedia);
	add_medium("/proc/self/exe", media, &nmedia);
	add_medium("/run/live/medium", media, &nmedia);
	if ((d = opendir("/sys/block")) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (skip_name(de->d_name))
			continue;
		skip = false;
		for (i = 0; i < nmedia; i++)
			skip |= strcmp(media[i], de->d_name) == 0;
		snprintf(sp, sizeof(sp), "/sys/block/%s/size", de->d_name);
		if ((f = fopen(sp, "r")) != NULL) {
			if (fgets(size, sizeof(size), f) == NULL ||
			    atoll(size) == 0)
				skip = true;	/* empty card reader, ... */
			fclose(f);
		}
		if (skip)
			continue;
		*paths = xrealloc(*paths, (*np + 1) * sizeof(**paths));
		snprintf(sp, sizeof(sp), "/dev/%s", de->d_name);
		(*paths)[(*np)++] = xstrdup(sp);
	}
	closedir(d);
	return 0;
}

void
host_disks_free(char **paths, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
