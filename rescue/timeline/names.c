/*
 * names.c - one filesystem's inodes joined to their names without a
 * path-by-path walk: an inode scan, then every directory's entries in
 * inode order, then paths made from the directories' parent links
 *
 * Everything comes from a disk that may be forged: a directory may be
 * named twice or inside itself, a name may hold '/' or a newline, an
 * entry may name an inode that does not exist.  Parent chains are cut
 * at TL_DEPTH_MAX and such directories end under $OrphanFiles, as fls
 * puts what it cannot reach from the root.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "timeline/timeline.h"
#include "util/util.h"

#define TL_DEPTH_MAX	1024
#define TL_ARENA_MAX	((size_t)UINT32_MAX)
#define TL_ID_VIRT	UINT32_MAX
#define TL_LINK_MAX	4096

static void
tl_err(struct tl_fs *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tl_err(struct tl_fs *t, const char *fmt, ...)
{
	char	buf[FSR_ERRMSG_MAX * 2];
	va_list	ap;

	if (t->err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->err(buf, t->errarg);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Append LEN bytes to the arena; returns the offset, or -1 when full. */
static int64_t
arena_add(struct tl_fs *t, const char *s, size_t len, bool nul)
{
	size_t	need = len + (nul ? 1 : 0), off = t->narena;

	if (need > TL_ARENA_MAX - t->narena)
		return -1;
	if (t->narena + need > t->caparena) {
		while (t->narena + need > t->caparena)
			t->caparena = t->caparena ? t->caparena * 2 : 65536;
		t->arena = xrealloc(t->arena, t->caparena);
	}
	memcpy(t->arena + off, s, len);
	if (nul)
		t->arena[off + len] = '\0';
	t->narena += need;
	return (int64_t)off;
}

void
tl_set_time(struct tl_inode *in, unsigned k, int64_t sec, uint32_t nsec)
{
	if (sec < -TL_SEC_BIAS)
		sec = -TL_SEC_BIAS;
	else if (sec >= TL_SEC_LIMIT)
		sec = TL_SEC_LIMIT - 1;
	in->time[k] = (uint64_t)(sec + TL_SEC_BIAS) << 30 |
	    (nsec & TL_NSEC_MASK);
}

/* ST's four times into IN; a birth time only where there is one. */
static void
tl_inode_times(struct tl_inode *in, const struct fsr_stat *st)
{
	tl_set_time(in, TL_A, st->atime.sec, st->atime.nsec);
	tl_set_time(in, TL_M, st->mtime.sec, st->mtime.nsec);
	tl_set_time(in, TL_C, st->ctime.sec, st->ctime.nsec);
	tl_set_time(in, TL_B, st->has_crtime ? st->crtime.sec : 0,
	    st->has_crtime ? st->crtime.nsec : 0);
}

struct scan_ctx {
	struct tl_fs	*t;
	uint64_t	 done;
	double		 start, last;
	bool		 sorted;
	uint64_t	 prev;
};

static void
progress(struct tl_fs *t, struct scan_ctx *c, bool final)
{
	double	n = now(), rate;

	if (!t->progress || (!final && n - c->last < 0.25))
		return;
	c->last = n;
	rate = n > c->start ? (double)c->done / (n - c->start) : 0;
	fprintf(stderr, "\rtimeline %s: %" PRIu64 "/%" PRIu64 " inodes, "
	    "%.0f/s%s", t->prefix[0] ? t->prefix : "/", c->done, t->expect,
	    rate, final ? "\n" : "   ");
}

static int
scan_cb(uint64_t ino, const struct fsr_stat *st, void *arg)
{
	struct scan_ctx		*c = arg;
	struct tl_fs		*t = c->t;
	struct tl_inode		*in;
	struct fsr_node		 node = { t->fs, ino };
	char			 link[TL_LINK_MAX];
	int64_t			 off;

	if (t->nin == t->capin) {
		t->capin = t->capin ? t->capin * 2 : 4096;
		t->in = xrealloc(t->in, t->capin * sizeof(*t->in));
	}
	in = &t->in[t->nin++];
	memset(in, 0, sizeof(*in));
	in->ino = ino;
	in->size = st->size;
	tl_inode_times(in, st);
	in->mode = (uint16_t)st->mode;
	in->uid = st->uid;
	in->gid = st->gid;
	if (st->unallocated)
		in->flags |= TL_UNALLOC;
	if (st->has_crtime)
		in->flags |= TL_CRTIME;
	if (st->has_nsec)
		in->flags |= TL_NSEC;
	if (S_ISLNK(st->mode) && (st->flags & (FSR_FL_EXTENTS |
	    FSR_FL_INLINE_DATA)))
		in->flags |= TL_LINK_EXTENTS;
	if (ino <= c->prev)
		c->sorted = false;
	c->prev = ino;
	/* fls prints the target: read it now, near the inode. */
	if (S_ISLNK(st->mode) && fsr_readlink(t->tree, &node, link,
	    sizeof(link)) == 0 && (off = arena_add(t, link, strlen(link),
	    true)) >= 0)
		in->ref = (uint32_t)off + 1;
	if (++c->done % 4096 == 0)
		progress(t, c, false);
	return FSR_WALK_CONT;
}

static int
cmp_inode(const void *a, const void *b)
{
	const struct tl_inode	*x = a, *y = b;

	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

/* The rank index over the sorted records (ext: numbers are bounded). */
static void
build_rank(struct tl_fs *t)
{
	size_t		i, w;
	uint32_t	n = 0;

	if (!t->raw || t->ninodes == 0 || t->ninodes >= UINT32_MAX ||
	    t->nin >= UINT32_MAX)
		return;
	t->nwords = (size_t)(t->ninodes / 64 + 1);
	t->bits = xcalloc(t->nwords, sizeof(*t->bits));
	t->rank = xcalloc(t->nwords, sizeof(*t->rank));
	for (i = 0; i < t->nin; i++) {
		if (t->in[i].ino > t->ninodes ||
		    (i > 0 && t->in[i].ino == t->in[i - 1].ino)) {
			/* Not what the scan gives: search instead. */
			free(t->bits);
			free(t->rank);
			t->bits = NULL;
			t->rank = NULL;
			t->nwords = 0;
			return;
		}
		t->bits[t->in[i].ino / 64] |= 1ULL << (t->in[i].ino % 64);
	}
	for (w = 0; w < t->nwords; w++) {
		t->rank[w] = n;
		n += (uint32_t)__builtin_popcountll(t->bits[w]);
	}
}

const struct tl_inode *
tl_inode_find(const struct tl_fs *t, uint64_t ino)
{
	size_t		lo = 0, hi = t->nin, mid, w;
	uint64_t	bit;

	if (t->bits != NULL) {
		w = (size_t)(ino / 64);
		if (w >= t->nwords)
			return NULL;
		bit = 1ULL << (ino % 64);
		if (!(t->bits[w] & bit))
			return NULL;
		return &t->in[t->rank[w] +
		    (size_t)__builtin_popcountll(t->bits[w] & (bit - 1))];
	}

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->in[mid].ino < ino)
			lo = mid + 1;
		else if (t->in[mid].ino > ino)
			hi = mid;
		else
			return &t->in[mid];
	}
	return NULL;
}

struct dir_ctx {
	struct tl_fs	*t;
	uint64_t	 dir;
	bool		 full;
};

static int
dir_cb(const struct fsr_rawdirent *d, void *arg)
{
	struct dir_ctx	*c = arg;
	struct tl_fs	*t = c->t;
	struct tl_ent	*e;
	size_t		 namelen;
	int64_t		 off;

	/* A name ends at a NUL, as TSK copies it: only garbage in a
	 * removed entry (htree hash bytes) holds one. */
	namelen = strnlen(d->name, d->namelen);
	if (namelen == 0 || namelen > 255)
		return FSR_WALK_CONT;
	/* fls drops removed entries that name no possible inode. */
	if (d->removed && t->ninodes && d->ino > t->ninodes)
		return FSR_WALK_CONT;
	if ((off = arena_add(t, d->name, namelen, false)) < 0) {
		c->full = true;
		return FSR_WALK_STOP;
	}
	if (t->nent == t->capent) {
		t->capent = t->capent ? t->capent * 2 : 4096;
		t->ent = xrealloc(t->ent, t->capent * sizeof(*t->ent));
	}
	e = &t->ent[t->nent++];
	e->dir = c->dir;
	e->ino = d->ino;
	e->name = (uint32_t)off;
	e->len = (uint8_t)namelen;
	e->type = (uint8_t)d->type;
	e->removed = d->removed;
	return t->nent >= UINT32_MAX - 1 ? FSR_WALK_STOP : FSR_WALK_CONT;
}

static bool
same_name(const struct tl_fs *t, const struct tl_ent *a,
    const struct tl_ent *b)
{
	return a->ino == b->ino && a->len == b->len &&
	    memcmp(t->arena + a->name, t->arena + b->name, a->len) == 0;
}

/*
 * A name removed and made again (mv a b; mv b a) is in the block twice:
 * keep one, the live one if there is one, as fls (tsk_fs_dir_add) does.
 * Entries START.. are one directory's; a directory of very many removed
 * names is left as it is rather than compared pair by pair.
 */
static void
dedup(struct tl_fs *t, size_t start)
{
	size_t	i, j, w, n = t->nent - start, nrm = 0;

	for (i = start; i < t->nent; i++)
		nrm += t->ent[i].removed;
	if (nrm == 0 || n * nrm > ((size_t)1 << 24))
		return;
	for (j = start; j < t->nent; j++) {
		if (!t->ent[j].removed)
			continue;
		for (i = start; i < t->nent; i++) {
			if (i == j || t->ent[i].removed == 2 ||
			    !same_name(t, &t->ent[i], &t->ent[j]))
				continue;
			if (!t->ent[i].removed || i < j) {
				t->ent[j].removed = 2;	/* dropped */
				break;
			}
		}
	}
	for (i = w = start; i < t->nent; i++)
		if (t->ent[i].removed != 2)
			t->ent[w++] = t->ent[i];
	t->nent = w;
}

/* Give each directory one name: its first live entry. */
static void
join(struct tl_fs *t)
{
	struct tl_inode	*in;
	struct tl_ent	*e;
	size_t		 i;

	for (i = 0; i < t->nent; i++) {
		e = &t->ent[i];
		if ((in = (struct tl_inode *)tl_inode_find(t, e->ino)) == NULL)
			continue;
		in->flags |= TL_NAMED;
		if (!e->removed && S_ISDIR(in->mode) && in->ref == 0 &&
		    e->ino != e->dir && e->ino != t->root)
			in->ref = (uint32_t)i + 1;
	}
	if (!t->raw)
		return;
	/* What fls lists as $OrphanFiles: freed, once used, named by none. */
	for (i = 0; i < t->nin; i++) {
		in = &t->in[i];
		if ((in->flags & (TL_UNALLOC | TL_NAMED)) == TL_UNALLOC &&
		    tl_sec(in, TL_C) != 0)
			in->flags |= TL_ORPHAN;
	}
}

int
tl_fs_load(struct tl_fs *t, struct fsr_tree *tree, struct fsr_fs *fs,
    const char *prefix, bool prog, tl_err_fn *errfn, void *errarg)
{
	struct fsr_fsinfo	fi;
	struct fsr_node		node;
	struct scan_ctx		sc;
	struct dir_ctx		dc;
	size_t			i, start;
	int			rc, ret = 0;

	memset(t, 0, sizeof(*t));
	t->tree = tree;
	t->fs = fs;
	t->err = errfn;
	t->errarg = errarg;
	t->progress = prog;
	snprintf(t->prefix, sizeof(t->prefix), "%s",
	    strcmp(prefix, "/") == 0 ? "" : prefix);
	if (fsr_lookup(tree, prefix, FSR_NOFOLLOW, &node, NULL, 0) < 0 ||
	    node.fs != fs) {
		tl_err(t, "%s: mount point not found in the tree", prefix);
		return -ENOENT;
	}
	t->root = node.ino;
	if (fsr_fs_info(fs, &fi) == 0) {
		t->raw = strcmp(fi.type, "dir") != 0;
		/* TSK reads birth times on what it calls ext4 only. */
		t->body_crtime = strcmp(fi.type, "ext4") == 0;
		t->ninodes = t->raw ? fi.inodes : 0;
		t->expect = fi.inodes >= fi.free_inodes ?
		    fi.inodes - fi.free_inodes : 0;
	}

	/* Room for what the superblock says is in use: no regrowth. */
	if (t->raw && t->expect > 0 && t->expect < ((uint64_t)1 << 32)) {
		t->capin = (size_t)t->expect + 1024;
		t->in = xmalloc(t->capin * sizeof(*t->in));
	}
	memset(&sc, 0, sizeof(sc));
	sc.t = t;
	sc.sorted = true;
	sc.start = sc.last = now();
	if ((rc = fsr_fs_scan(fs, scan_cb, &sc)) < 0) {
		tl_err(t, "%s: %s", fsr_fs_name(fs), fsr_fs_errmsg(fs));
		ret = rc;
	}
	progress(t, &sc, true);
	if (!sc.sorted)
		qsort(t->in, t->nin, sizeof(*t->in), cmp_inode);
	build_rank(t);

	/* Directories in inode order: their blocks mostly follow. */
	for (i = 0; i < t->nin; i++) {
		if (!S_ISDIR(t->in[i].mode) || (t->in[i].flags & TL_UNALLOC))
			continue;
		dc.t = t;
		dc.dir = t->in[i].ino;
		dc.full = false;
		start = t->nent;
		rc = fsr_fs_dirents(fs, dc.dir, dir_cb, &dc);
		dedup(t, start);
		if (rc < 0) {
			t->ndirs_failed++;
			tl_err(t, "%s: directory inode %" PRIu64 ": %s",
			    fsr_fs_name(fs), dc.dir, fsr_fs_errmsg(fs));
		}
		if (dc.full) {
			tl_err(t, "%s: more names than the timeline holds; "
			    "the rest are left out", fsr_fs_name(fs));
			break;
		}
	}
	join(t);
	return ret;
}

void
tl_fs_free(struct tl_fs *t)
{
	free(t->in);
	free(t->ent);
	free(t->arena);
	free(t->bits);
	free(t->rank);
	memset(t, 0, sizeof(*t));
}

/* Append to BUF (LEN bytes, *N used), cutting what does not fit. */
static void
put(char *buf, size_t len, size_t *n, const char *s, size_t slen)
{
	if (*n >= len - 1)
		return;
	if (slen > len - 1 - *n)
		slen = len - 1 - *n;
	memcpy(buf + *n, s, slen);
	*n += slen;
	buf[*n] = '\0';
}

/* DIR's path with the prefix into BUF; returns its length. */
static size_t
dir_path(const struct tl_fs *t, uint64_t dir, char *buf, size_t len)
{
	uint32_t		 chain[TL_DEPTH_MAX];
	const struct tl_inode	*in;
	const struct tl_ent	*e;
	char			 orphan[64];
	size_t			 depth = 0, n = 0;
	uint64_t		 d = dir;

	buf[0] = '\0';
	put(buf, len, &n, t->prefix, strlen(t->prefix));
	while (d != t->root) {
		in = tl_inode_find(t, d);
		if (in == NULL || TL_DIRNAME(in) == 0 ||
		    depth == TL_DEPTH_MAX) {
			/* Not reachable from the root: a forged loop, a
			 * directory whose name is gone. */
			snprintf(orphan, sizeof(orphan), "/$OrphanFiles/"
			    "OrphanFile-%" PRIu64, d);
			put(buf, len, &n, orphan, strlen(orphan));
			break;
		}
		chain[depth++] = in->ref - 1;
		d = t->ent[in->ref - 1].dir;
	}
	while (depth > 0) {
		e = &t->ent[chain[--depth]];
		put(buf, len, &n, "/", 1);
		put(buf, len, &n, t->arena + e->name, e->len);
	}
	return n;
}

/* NAME for entry I with its path in BUF; DIRLEN: BUF holds its dir. */
static void
ent_name(struct tl_fs *t, uint32_t i, struct tl_name *nm, char *buf,
    size_t len, size_t dirlen, struct tl_inode *tmp)
{
	const struct tl_ent	*e = &t->ent[i];
	struct fsr_node		 node = { t->fs, e->ino };
	struct fsr_stat		 st;
	size_t			 n = dirlen;

	memset(nm, 0, sizeof(*nm));
	buf[n] = '\0';
	put(buf, len, &n, "/", 1);
	put(buf, len, &n, t->arena + e->name, e->len);
	nm->path = buf;
	nm->pathlen = n;
	nm->ino = e->ino;
	nm->dir = e->dir;
	nm->no_crtime = t->raw && !t->body_crtime;
	nm->type = e->type;
	nm->id = i;
	nm->deleted = e->removed;
	nm->in = tl_inode_find(t, e->ino);
	/* An inode the scan skipped (never used, or cleared): read it. */
	if (nm->in == NULL && e->ino != 0 && (t->ninodes == 0 ||
	    e->ino <= t->ninodes) && fsr_stat(t->tree, &node, &st) == 0) {
		memset(tmp, 0, sizeof(*tmp));
		tmp->ino = e->ino;
		tmp->mode = (uint16_t)st.mode;
		tmp->uid = st.uid;
		tmp->gid = st.gid;
		tmp->size = st.size;
		tl_inode_times(tmp, &st);
		/* Never used by the scan's account, but the bitmap may
		 * say otherwise (reserved inodes): fls asks the bitmap. */
		tmp->flags = (st.unallocated || t->ninodes == 0 ? TL_UNALLOC :
		    0) | (st.has_crtime ? TL_CRTIME : 0) |
		    (st.has_nsec ? TL_NSEC : 0);
		nm->in = tmp;
	}
	if (nm->in != NULL && TL_LINK(nm->in))
		nm->link = t->arena + TL_LINK(nm->in) - 1;
	nm->realloc = nm->deleted && nm->in != NULL &&
	    !(nm->in->flags & TL_UNALLOC);
}

static void
orphan_name(struct tl_fs *t, size_t i, struct tl_name *nm, char *buf,
    size_t len)
{
	const struct tl_inode	*in = &t->in[i];

	memset(nm, 0, sizeof(*nm));
	snprintf(buf, len, "%s/$OrphanFiles/OrphanFile-%" PRIu64, t->prefix,
	    in->ino);
	nm->path = buf;
	nm->pathlen = strlen(buf);
	nm->ino = in->ino;
	nm->in = in;
	nm->deleted = true;
	nm->no_crtime = !t->body_crtime;
	nm->link = TL_LINK(in) ? t->arena + TL_LINK(in) - 1 : NULL;
	nm->id = (uint32_t)(t->nent + i);
	nm->type = DT_UNKNOWN;	/* no entry: fls prints '-' */
}

static void
virt_name(struct tl_fs *t, struct tl_name *nm, char *buf, size_t len)
{
	memset(nm, 0, sizeof(*nm));
	snprintf(buf, len, "%s/$OrphanFiles", t->prefix);
	nm->path = buf;
	nm->pathlen = strlen(buf);
	nm->ino = t->ninodes + 1;	/* where fls puts it */
	nm->virt = true;
	nm->id = TL_ID_VIRT;
}

int
tl_name_get(struct tl_fs *t, uint32_t id, struct tl_name *nm, char *buf,
    size_t len, struct tl_inode *tmp)
{
	size_t	n;

	if (id == TL_ID_VIRT) {
		virt_name(t, nm, buf, len);
		return 0;
	}
	if (id < t->nent) {
		n = dir_path(t, t->ent[id].dir, buf, len);
		ent_name(t, id, nm, buf, len, n, tmp);
		return 0;
	}
	if (id - t->nent < t->nin && (t->in[id - t->nent].flags & TL_ORPHAN)) {
		orphan_name(t, id - t->nent, nm, buf, len);
		return 0;
	}
	return -1;
}

int
tl_fs_names(struct tl_fs *t, tl_name_fn *fn, void *arg)
{
	struct tl_name	 nm;
	struct tl_inode	 tmp;
	char		*buf = xmalloc(TL_PATH_MAX);
	uint64_t	 cur = 0;
	size_t		 i, dirlen = 0;
	bool		 have = false;
	int		 rc = 0;

	for (i = 0; i < t->nent && rc != FSR_WALK_STOP; i++) {
		if (!have || t->ent[i].dir != cur) {
			cur = t->ent[i].dir;
			dirlen = dir_path(t, cur, buf, TL_PATH_MAX);
			have = true;
		}
		ent_name(t, (uint32_t)i, &nm, buf, TL_PATH_MAX, dirlen, &tmp);
		rc = fn(&nm, arg);
	}
	if (t->raw) {
		for (i = 0; i < t->nin && rc != FSR_WALK_STOP; i++) {
			if (!(t->in[i].flags & TL_ORPHAN))
				continue;
			if (t->nent + i >= TL_ID_VIRT)
				break;	/* no id left to name it by */
			orphan_name(t, i, &nm, buf, TL_PATH_MAX);
			rc = fn(&nm, arg);
		}
		if (rc != FSR_WALK_STOP) {
			virt_name(t, &nm, buf, TL_PATH_MAX);
			rc = fn(&nm, arg);
		}
	}
	free(buf);
	return 0;
}
