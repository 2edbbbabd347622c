/*
 * server.c - put the server back together: every target's volumes, the
 * root filesystem, and the others attached where its fstab says
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tree.h"

#define MAXNOTES	64

struct fsr_server {
	struct fsr_disk	**disks;
	size_t		  ndisks;
	struct fsr_part	 *parts;
	size_t		  nparts;
	struct fsr_tree	 *tree;
	char		 *notes[MAXNOTES];
	size_t		  nnotes;
};

struct fsr_server *
fsr_server_new(void)
{
	return calloc(1, sizeof(struct fsr_server));
}

void
fsr_server_free(struct fsr_server *s)
{
	size_t	i;

	if (s == NULL)
		return;
	fsr_tree_free(s->tree);
	for (i = 0; i < s->nparts; i++)
		fsr_fs_close(s->parts[i].fs);
	for (i = 0; i < s->ndisks; i++)
		fsr_disk_close(s->disks[i]);
	for (i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->parts);
	free(s->disks);
	free(s);
}

static void
note(struct fsr_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct fsr_server *s, const char *fmt, ...)
{
	char	buf[FSR_ERRMSG_MAX];
	va_list	ap;

	if (s->nnotes == MAXNOTES)
		return;
	va_start(ap, fmt);
	fsr_vfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->notes[s->nnotes] = strdup(buf);
	if (s->notes[s->nnotes] != NULL)
		s->nnotes++;
}

static struct fsr_part *
new_part(struct fsr_server *s)
{
	struct fsr_part	*p;

	p = realloc(s->parts, (s->nparts + 1) * sizeof(*p));
	if (p == NULL)
		return NULL;
	s->parts = p;
	p = &s->parts[s->nparts++];
	memset(p, 0, sizeof(*p));
	return p;
}

int
fsr_server_add_disk(struct fsr_server *s, const char *path, char *errbuf,
    size_t errlen)
{
	struct fsr_disk	 *d, **nd;
	struct fsr_vol	 *vols;
	struct fsr_part	 *p;
	size_t		  nvols, i;
	int		  rc;

	if ((d = fsr_disk_open(path, errbuf, errlen)) == NULL)
		return -EIO;
	nd = realloc(s->disks, (s->ndisks + 1) * sizeof(*nd));
	if (nd == NULL) {
		fsr_disk_close(d);
		snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	s->disks = nd;
	s->disks[s->ndisks++] = d;
	if ((rc = fsr_disk_probe(d, &vols, &nvols)) < 0) {
		snprintf(errbuf, errlen, "%s", fsr_disk_errmsg(d));
		return rc;
	}
	for (i = 0; i < nvols; i++) {
		if ((p = new_part(s)) == NULL) {
			free(vols);
			snprintf(errbuf, errlen, "out of memory");
			return -ENOMEM;
		}
		p->vol = vols[i];
		if (vols[i].name[0])
			snprintf(p->name, sizeof(p->name), "%s: %s", path,
			    vols[i].name);
		else
			snprintf(p->name, sizeof(p->name), "%s", path);
		p->fs = fsr_fs_open(&p->vol, p->error, sizeof(p->error));
	}
	free(vols);
	return 0;
}

int
fsr_server_add_dir(struct fsr_server *s, const char *dir, char *errbuf,
    size_t errlen)
{
	struct fsr_part	*p;
	struct fsr_fs	*fs;

	if ((fs = fsr_dirfs_open(dir, errbuf, errlen)) == NULL)
		return -EIO;
	if ((p = new_part(s)) == NULL) {
		fsr_fs_close(fs);
		snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	snprintf(p->name, sizeof(p->name), "%s", dir);
	snprintf(p->vol.fstype, sizeof(p->vol.fstype), "dir");
	p->fs = fs;
	return 0;
}

/* Whether P holds an OS install: /etc/fstab or an os-release. */
static bool
find_os(struct fsr_part *p)
{
	static const char *const osrel[] = { "/etc/os-release",
	    "/usr/lib/os-release" };
	struct fsr_tree	*t;
	struct fsr_node	 n;
	char		*buf;
	size_t		 len, i;
	bool		 found = false;

	if (p->fs == NULL || (t = fsr_tree_new(p->fs)) == NULL)
		return false;
	for (i = 0; i < 2; i++) {
		if (fsr_slurp(t, osrel[i], 64 * 1024, &buf, &len) < 0)
			continue;
		if (!fsr_osrelease_get(buf, len, "PRETTY_NAME", p->os,
		    sizeof(p->os)) && !fsr_osrelease_get(buf, len, "NAME",
		    p->os, sizeof(p->os)))
			snprintf(p->os, sizeof(p->os), "Linux");
		free(buf);
		found = true;
		break;
	}
	if (!found && fsr_lookup(t, "/etc/fstab", 0, &n, NULL, 0) == 0) {
		snprintf(p->os, sizeof(p->os), "Linux (no os-release)");
		found = true;
	}
	fsr_tree_free(t);
	return found;
}

/* Whether SEL names P: "p2", "disk.img: p2", "disk.img:p2", UUID, LABEL. */
static bool
selects(const struct fsr_part *p, const char *sel)
{
	struct fsr_fsinfo	fi;
	char			compact[sizeof(p->name)];
	const char		*a;
	char			*b;

	if (strcmp(sel, p->name) == 0 || (p->vol.name[0] &&
	    strcmp(sel, p->vol.name) == 0))
		return true;
	for (a = p->name, b = compact; *a; a++)
		if (!(a[0] == ' ' && a > p->name && a[-1] == ':'))
			*b++ = *a;
	*b = '\0';
	if (strcmp(sel, compact) == 0)
		return true;
	if (p->vol.uuid[0] && strcasecmp(sel, p->vol.uuid) == 0)
		return true;
	if (p->vol.label[0] && strcmp(sel, p->vol.label) == 0)
		return true;
	if (p->fs != NULL && fsr_fs_info(p->fs, &fi) == 0 &&
	    ((fi.uuid[0] && strcasecmp(sel, fi.uuid) == 0) ||
	    (fi.label[0] && strcmp(sel, fi.label) == 0)))
		return true;
	return false;
}

/* Index of a disk target by the kernel name's letter or number. */
static long
disk_index(const char *name, const char **partp)
{
	static const char *const letter[] = { "sd", "vd", "xvd", "hd" };
	const char	*s;
	char		*end;
	size_t		 i;
	long		 idx;

	for (i = 0; i < sizeof(letter) / sizeof(letter[0]); i++) {
		size_t l = strlen(letter[i]);
		if (strncmp(name, letter[i], l) != 0)
			continue;
		s = name + l;
		if (!islower((unsigned char)*s))
			return -1;
		idx = 0;
		while (islower((unsigned char)*s))	/* sdaa is the 27th */
			idx = idx * 26 + (*s++ - 'a' + 1);
		*partp = s;
		return idx - 1;
	}
	if (strncmp(name, "nvme", 4) == 0) {
		idx = strtol(name + 4, &end, 10);
		if (end == name + 4 || *end != 'n')
			return -1;
		strtol(end + 1, &end, 10);
		*partp = *end == 'p' ? end + 1 : end;
		return idx;
	}
	if (strncmp(name, "mmcblk", 6) == 0) {
		idx = strtol(name + 6, &end, 10);
		if (end == name + 6)
			return -1;
		*partp = *end == 'p' ? end + 1 : end;
		return idx;
	}
	return -1;
}

/* Undo udev's \x20-style escapes of /dev/disk/by-label names. */
static void
unescape_udev(const char *in, char *out, size_t len)
{
	size_t	n = 0;
	unsigned v;

	while (*in && n < len - 1) {
		if (in[0] == '\\' && in[1] == 'x' && sscanf(in + 2, "%2x",
		    &v) == 1 && isxdigit((unsigned char)in[2]) &&
		    isxdigit((unsigned char)in[3])) {
			out[n++] = (char)v;
			in += 4;
		} else
			out[n++] = *in++;
	}
	out[n] = '\0';
}

enum { BY_UUID, BY_LABEL, BY_PARTUUID, BY_PARTLABEL, BY_DEVNAME };

static bool
part_matches(const struct fsr_part *p, int by, const char *val)
{
	struct fsr_fsinfo	fi;

	switch (by) {
	case BY_UUID:
		if (p->vol.uuid[0] && strcasecmp(p->vol.uuid, val) == 0)
			return true;
		return p->fs != NULL && fsr_fs_info(p->fs, &fi) == 0 &&
		    strcasecmp(fi.uuid, val) == 0;
	case BY_LABEL:
		return p->vol.label[0] && strcmp(p->vol.label, val) == 0;
	case BY_PARTUUID:
		return p->vol.partuuid[0] &&
		    strcasecmp(p->vol.partuuid, val) == 0;
	case BY_PARTLABEL:
		return p->vol.partlabel[0] &&
		    strcmp(p->vol.partlabel, val) == 0;
	}
	return false;
}

/* The part an fstab spec names, or NULL with *WHY set. */
static struct fsr_part *
resolve_spec(struct fsr_server *s, const char *spec, const char **why)
{
	static const struct { const char *prefix; int by; } forms[] = {
		{ "UUID=", BY_UUID }, { "LABEL=", BY_LABEL },
		{ "PARTUUID=", BY_PARTUUID }, { "PARTLABEL=", BY_PARTLABEL },
		{ "/dev/disk/by-uuid/", BY_UUID },
		{ "/dev/disk/by-label/", BY_LABEL },
		{ "/dev/disk/by-partuuid/", BY_PARTUUID },
		{ "/dev/disk/by-partlabel/", BY_PARTLABEL },
	};
	char		 val[256];
	const char	*partstr;
	size_t		 i, j, l;
	long		 idx, partno;
	char		*end;

	*why = "not among the targets";
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		l = strlen(forms[i].prefix);
		if (strncmp(spec, forms[i].prefix, l) != 0)
			continue;
		if (spec[0] == '/')
			unescape_udev(spec + l, val, sizeof(val));
		else
			snprintf(val, sizeof(val), "%s", spec + l);
		/* A quoted value: LABEL="my disk" */
		l = strlen(val);
		if (l >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[l - 1] == val[0]) {
			memmove(val, val + 1, l - 2);
			val[l - 2] = '\0';
		}
		for (j = 0; j < s->nparts; j++)
			if (part_matches(&s->parts[j], forms[i].by, val))
				return &s->parts[j];
		return NULL;
	}
	if (strncmp(spec, "/dev/mapper/", 12) == 0 ||
	    strncmp(spec, "/dev/md", 7) == 0) {
		*why = "LVM and software RAID are not assembled yet";
		return NULL;
	}
	if (strncmp(spec, "/dev/", 5) != 0) {
		*why = "not a local block device";
		return NULL;
	}
	/* /dev/sdb2: the second disk target, partition 2, by position. */
	if ((idx = disk_index(spec + 5, &partstr)) < 0 ||
	    (size_t)idx >= s->ndisks)
		return NULL;
	partno = *partstr ? strtol(partstr, &end, 10) : 0;
	if (*partstr && *end != '\0')
		return NULL;
	for (j = 0; j < s->nparts; j++)
		if (s->parts[j].vol.disk == s->disks[idx] &&
		    s->parts[j].vol.partno == partno)
			return &s->parts[j];
	return NULL;
}

static bool
is_pseudo(const struct fsr_fstab_entry *e)
{
	static const char *const skip[] = { "swap", "proc", "sysfs", "tmpfs",
	    "devpts", "devtmpfs", "cgroup", "cgroup2", "securityfs",
	    "debugfs", "tracefs", "mqueue", "hugetlbfs", "configfs",
	    "fusectl", "pstore", "efivarfs", "binfmt_misc", "autofs",
	    "nfs", "nfs4", "cifs", "smb3", "sshfs", "fuse", "none",
	    "ramfs", "overlay", "iso9660", "udf", "auto" };
	size_t	i;

	if (strstr(e->opts, "bind") != NULL)
		return true;
	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strcmp(e->type, skip[i]) == 0)
			return strcmp(e->type, "auto") != 0;
	return false;
}

struct attach_ctx {
	struct fsr_server	*s;
	struct fsr_part		*root;
};

static int
attach_entry(const struct fsr_fstab_entry *e, void *arg)
{
	struct attach_ctx	*c = arg;
	struct fsr_server	*s = c->s;
	struct fsr_part		*p;
	const char		*why;

	if (e->file[0] != '/' || strcmp(e->file, "/") == 0 || is_pseudo(e))
		return FSR_WALK_CONT;
	if ((p = resolve_spec(s, e->spec, &why)) == NULL) {
		note(s, "fstab line %u: %s (%s): %s", e->line, e->file,
		    e->spec, why);
		return FSR_WALK_CONT;
	}
	if (p == c->root)
		return FSR_WALK_CONT;	/* a bind-like second mount of / */
	if (p->fs == NULL) {
		note(s, "fstab line %u: %s is on %s: %s", e->line, e->file,
		    p->name, p->error);
		return FSR_WALK_CONT;
	}
	if (p->mountpoint[0]) {
		note(s, "fstab line %u: %s: %s is already attached at %s",
		    e->line, e->file, p->name, p->mountpoint);
		return FSR_WALK_CONT;
	}
	if (fsr_tree_attach(s->tree, e->file, p->fs, e->spec) < 0) {
		note(s, "fstab line %u: %s", e->line,
		    fsr_tree_errmsg(s->tree));
		return FSR_WALK_CONT;
	}
	snprintf(p->mountpoint, sizeof(p->mountpoint), "%s", e->file);
	return FSR_WALK_CONT;
}

static int
choose_root(struct fsr_server *s, const char *os, struct fsr_part **rootp,
    char *errbuf, size_t errlen)
{
	struct fsr_part	*first = NULL, *root = NULL;
	size_t		 i, nos = 0, n;
	char		 list[FSR_ERRMSG_MAX] = "";

	for (i = 0; i < s->nparts; i++) {
		struct fsr_part *p = &s->parts[i];
		if (p->fs == NULL)
			continue;
		if (first == NULL)
			first = p;
		if (os != NULL) {
			if (selects(p, os)) {
				if (root != NULL) {
					snprintf(errbuf, errlen, "--os %s: "
					    "names both %s and %s", os,
					    root->name, p->name);
					return -ENOTUNIQ;
				}
				root = p;
			}
			find_os(p);
			continue;
		}
		if (find_os(p)) {
			n = strlen(list);
			snprintf(list + n, sizeof(list) - n, "%s%s (%s)",
			    nos ? ", " : "", p->name, p->os);
			nos++;
			root = p;
		}
	}
	if (os != NULL && root == NULL) {
		snprintf(errbuf, errlen, "--os %s: no readable filesystem "
		    "of that name, UUID or label", os);
		return -ENOENT;
	}
	if (nos > 1) {
		snprintf(errbuf, errlen, "%zu OS installs found: %s; choose "
		    "one with --os", nos, list);
		return -ENOTUNIQ;
	}
	if (root == NULL)
		root = first;
	if (root == NULL) {
		snprintf(errbuf, errlen, "no readable filesystem");
		return -ENOENT;
	}
	*rootp = root;
	return 0;
}

int
fsr_server_assemble(struct fsr_server *s, const char *os, char *errbuf,
    size_t errlen)
{
	struct attach_ctx	 c = { s, NULL };
	struct fsr_part		*root;
	char			*buf;
	size_t			 len, i;
	int			 rc, bad;

	if ((rc = choose_root(s, os, &root, errbuf, errlen)) < 0)
		return rc;
	if ((s->tree = fsr_tree_new(root->fs)) == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return -ENOMEM;
	}
	snprintf(root->mountpoint, sizeof(root->mountpoint), "/");
	c.root = root;
	if (root->os[0] == '\0') {
		/* A data disk or a single filesystem: shown as it is. */
		for (i = 0; i < s->nparts; i++)
			if (s->parts[i].fs != NULL && &s->parts[i] != root)
				note(s, "%s: not attached (no OS on the "
				    "targets says where); read it alone or "
				    "choose it with --os", s->parts[i].name);
		return 0;
	}
	rc = fsr_slurp(s->tree, "/etc/fstab", 1024 * 1024, &buf, &len);
	if (rc < 0) {
		if (rc != -ENOENT)
			note(s, "/etc/fstab: %s", fsr_tree_errmsg(s->tree));
		return 0;
	}
	bad = fsr_fstab_parse(buf, len, attach_entry, &c);
	if (bad > 0)
		note(s, "/etc/fstab: %d malformed lines skipped", bad);
	free(buf);
	return 0;
}

struct fsr_tree *
fsr_server_tree(struct fsr_server *s)
{
	return s->tree;
}

size_t
fsr_server_nparts(const struct fsr_server *s)
{
	return s->nparts;
}

const struct fsr_part *
fsr_server_part(const struct fsr_server *s, size_t i)
{
	return i < s->nparts ? &s->parts[i] : NULL;
}

size_t
fsr_server_ndisks(const struct fsr_server *s)
{
	return s->ndisks;
}

struct fsr_disk *
fsr_server_disk(const struct fsr_server *s, size_t i)
{
	return i < s->ndisks ? s->disks[i] : NULL;
}

size_t
fsr_server_nnotes(const struct fsr_server *s)
{
	return s->nnotes;
}

const char *
fsr_server_note(const struct fsr_server *s, size_t i)
{
	return i < s->nnotes ? s->notes[i] : NULL;
}
