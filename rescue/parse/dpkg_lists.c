/*
 * dpkg_lists.c - the line splitter, path normalising and /usr-merge
 * aliases shared by the dpkg parsers, and the parsers of info/PKG.md5sums,
 * info/PKG.list, info/PKG.conffiles and /var/lib/dpkg/diversions
 */
#include <string.h>

#include "dpkg.h"

void
dpkg_lines_init(struct dpkg_lines *l)
{
	l->lineno = 1;
	l->len = 0;
	l->cut = false;
	l->nul = false;
	l->midline = false;
	l->buf[0] = '\0';
}

static int
lines_emit(struct dpkg_lines *l, dpkg_line_fn *fn, void *arg)
{
	int	r;

	l->buf[l->len] = '\0';
	r = fn(l, arg);
	l->lineno++;
	l->len = 0;
	l->cut = false;
	l->nul = false;
	l->midline = false;
	return r;
}

/* Keep what fits of the N bytes at P; the rest of a long line is lost. */
static void
lines_add(struct dpkg_lines *l, const char *p, size_t n)
{
	size_t	room = DPKG_LINE_MAX - l->len;

	if (n == 0)
		return;
	l->midline = true;
	if (memchr(p, '\0', n) != NULL)
		l->nul = true;
	if (n > room) {
		n = room;
		l->cut = true;
	}
	memcpy(l->buf + l->len, p, n);
	l->len += n;
}

int
dpkg_lines_feed(struct dpkg_lines *l, const void *buf, size_t len,
    dpkg_line_fn *fn, void *arg)
{
	const char	*p = buf, *end = p + len, *nl;
	int		 r;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL) {
			lines_add(l, p, (size_t)(end - p));
			break;
		}
		lines_add(l, p, (size_t)(nl - p));
		p = nl + 1;
		if ((r = lines_emit(l, fn, arg)) != 0)
			return r;
	}
	return 0;
}

int
dpkg_lines_end(struct dpkg_lines *l, dpkg_line_fn *fn, void *arg)
{
	if (!l->midline)
		return 0;
	return lines_emit(l, fn, arg);
}

int
dpkg_path_norm(const char *path, size_t len, char *out, size_t outlen,
    const char **err)
{
	const char	*why = NULL;
	size_t		 i = 0, j, n, o = 0, max;

	max = outlen - 1 < DPKG_PATH_MAX ? outlen - 1 : DPKG_PATH_MAX;
	if (outlen < 2) {
		why = "path too long";
		goto bad;
	}
	if (memchr(path, '\0', len) != NULL) {
		why = "NUL byte in path";
		goto bad;
	}
	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		for (j = i; j < len && path[j] != '/'; j++)
			;
		n = j - i;
		if (n == 0 || (n == 1 && path[i] == '.')) {
			i = j;
			continue;
		}
		if (n == 2 && path[i] == '.' && path[i + 1] == '.') {
			why = "'..' in path";
			goto bad;
		}
		if (o + 1 + n > max) {
			why = "path too long";
			goto bad;
		}
		out[o++] = '/';
		memcpy(out + o, path + i, n);
		o += n;
		i = j;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return (int)o;
bad:
	if (err != NULL)
		*err = why;
	if (outlen > 0)
		out[0] = '\0';
	return -1;
}

static const char	*const um_dirs[] = {
	"bin", "sbin", "lib", "lib32", "lib64", "libx32", "libo32"
};

const char *
dpkg_usrmerge_dir(unsigned bit)
{
	size_t	i;

	for (i = 0; i < sizeof(um_dirs) / sizeof(um_dirs[0]); i++)
		if (bit == 1u << i)
			return um_dirs[i];
	return NULL;
}

int
dpkg_usrmerge_canon(const char *path, size_t len, unsigned merged,
    char *out, size_t outlen)
{
	const char	*pre = "";
	size_t		 i, n, plen;

	for (i = 0; i < sizeof(um_dirs) / sizeof(um_dirs[0]); i++) {
		if ((merged & 1u << i) == 0)
			continue;
		n = strlen(um_dirs[i]);
		if (len >= n + 1 && path[0] == '/' &&
		    memcmp(path + 1, um_dirs[i], n) == 0 &&
		    (len == n + 1 || path[n + 1] == '/')) {
			pre = "/usr";
			break;
		}
	}
	plen = strlen(pre);
	if (len > SIZE_MAX - plen - 1 || plen + len + 1 > outlen)
		return -1;
	memcpy(out, pre, plen);
	memcpy(out + plen, path, len);
	out[plen + len] = '\0';
	return (int)(plen + len);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* 32 hex digits at P (N bytes exactly) into MD5; false if not. */
static bool
parse_md5(const char *p, size_t n, uint8_t *md5)
{
	size_t	i;
	int	hi, lo;

	if (n != 32)
		return false;
	for (i = 0; i < 16; i++) {
		if ((hi = hexval((unsigned char)p[2 * i])) < 0 ||
		    (lo = hexval((unsigned char)p[2 * i + 1])) < 0)
			return false;
		md5[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool
dpkg_md5_parse(const char *p, size_t n, uint8_t *md5)
{
	return parse_md5(p, n, md5);
}

static int
file_bad(struct dpkg_file_parser *fp, uint64_t line, const char *why)
{
	struct dpkg_entry	e;

	memset(&e, 0, sizeof(e));
	e.error = why;
	e.line = line;
	fp->bad_lines++;
	return fp->fn(&e, fp->arg);
}

static int
file_entry(struct dpkg_file_parser *fp, struct dpkg_entry *e)
{
	fp->entries++;
	return fp->fn(e, fp->arg);
}

static int
md5sums_line(struct dpkg_file_parser *fp, struct dpkg_lines *l)
{
	struct dpkg_entry	 e;
	char			 raw[DPKG_LINE_MAX + 1];
	char			 path[DPKG_PATH_MAX + 1];
	const char		*p = l->buf, *why = NULL;
	size_t			 n = l->len, i, rl = 0;
	bool			 esc = false;
	int			 plen;

	memset(&e, 0, sizeof(e));
	e.line = l->lineno;
	if (n > 0 && p[0] == '\\') {
		esc = true;
		p++;
		n--;
	}
	if (n < 32 || !parse_md5(p, 32, e.md5))
		return file_bad(fp, e.line, "bad hash");
	if (n == 32 || p[32] != ' ')
		return file_bad(fp, e.line, "no space after the hash");
	p += 33;
	n -= 33;
	if (n > 0 && (p[0] == ' ' || p[0] == '*')) {
		p++;
		n--;
	}
	/* md5sum(1) escapes "\\" and "\n" when the line starts with '\'. */
	for (i = 0; i < n; i++) {
		if (!esc || p[i] != '\\') {
			raw[rl++] = p[i];
			continue;
		}
		if (i + 1 < n && p[i + 1] == '\\')
			raw[rl++] = '\\';
		else if (i + 1 < n && p[i + 1] == 'n')
			raw[rl++] = '\n';
		else
			return file_bad(fp, e.line, "bad escape in path");
		i++;
	}
	if (rl == 0)
		return file_bad(fp, e.line, "empty path");
	if (raw[0] == '/')
		return file_bad(fp, e.line, "absolute path");
	if ((plen = dpkg_path_norm(raw, rl, path, sizeof(path), &why)) < 0)
		return file_bad(fp, e.line, why);
	if (plen == 1)
		return file_bad(fp, e.line, "empty path");
	e.path = path;
	e.pathlen = (size_t)plen;
	return file_entry(fp, &e);
}

static int
list_line(struct dpkg_file_parser *fp, struct dpkg_lines *l)
{
	struct dpkg_entry	 e;
	char			 path[DPKG_PATH_MAX + 1];
	const char		*why = NULL;
	int			 plen;

	if (l->len == 0)
		return 0;
	if (l->buf[0] != '/')
		return file_bad(fp, l->lineno, "relative path");
	plen = dpkg_path_norm(l->buf, l->len, path, sizeof(path), &why);
	if (plen < 0)
		return file_bad(fp, l->lineno, why);
	memset(&e, 0, sizeof(e));
	e.line = l->lineno;
	e.path = path;
	e.pathlen = (size_t)plen;
	return file_entry(fp, &e);
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static int
conffiles_line(struct dpkg_file_parser *fp, struct dpkg_lines *l)
{
	struct dpkg_entry	 e;
	char			 path[DPKG_PATH_MAX + 1];
	const char		*p = l->buf, *why = NULL;
	size_t			 n = l->len, w;
	int			 plen;

	memset(&e, 0, sizeof(e));
	e.line = l->lineno;
	while (n > 0 && is_blank(p[n - 1]))
		n--;
	if (n == 0)
		return 0;
	/* deb-conffiles(5): flags come before the path. */
	while (n > 0 && p[0] != '/') {
		for (w = 0; w < n && !is_blank(p[w]); w++)
			;
		if (w == 17 && memcmp(p, "remove-on-upgrade", 17) == 0)
			e.flags |= DPKG_CF_REMOVE_ON_UPGRADE;
		else
			return file_bad(fp, e.line, "unknown conffile flag");
		while (w < n && is_blank(p[w]))
			w++;
		p += w;
		n -= w;
	}
	if (n == 0)
		return file_bad(fp, e.line, "no path");
	plen = dpkg_path_norm(p, n, path, sizeof(path), &why);
	if (plen < 0)
		return file_bad(fp, e.line, why);
	e.path = path;
	e.pathlen = (size_t)plen;
	return file_entry(fp, &e);
}

/* One line of a from, to, package group; the group goes out at its end. */
static int
diversions_line(struct dpkg_file_parser *fp, struct dpkg_lines *l)
{
	struct dpkg_entry	 e;
	const char		*why = NULL;
	char			*dst;
	size_t			*dlen;
	unsigned		 k = fp->ngroup++;
	int			 plen;

	if (k == 0) {
		fp->gline = l->lineno;
		fp->gbad = false;
	}
	if (l->cut || l->nul) {
		fp->gbad = true;
	} else if (k < 2) {
		dst = k == 0 ? fp->from : fp->to;
		dlen = k == 0 ? &fp->fromlen : &fp->tolen;
		if (l->len == 0 || l->buf[0] != '/' ||
		    (plen = dpkg_path_norm(l->buf, l->len, dst,
		    DPKG_PATH_MAX + 1, &why)) < 0)
			fp->gbad = true;
		else
			*dlen = (size_t)plen;
	} else if (l->len == 0 || l->len > DPKG_NAME_MAX ||
	    memchr(l->buf, ' ', l->len) != NULL)
		fp->gbad = true;
	if (k < 2)
		return 0;
	fp->ngroup = 0;
	if (fp->gbad)
		return file_bad(fp, fp->gline, "bad diversion");
	memset(&e, 0, sizeof(e));
	e.line = fp->gline;
	e.path = fp->from;
	e.pathlen = fp->fromlen;
	e.to = fp->to;
	e.tolen = fp->tolen;
	e.local = l->len == 1 && l->buf[0] == ':';
	e.package = e.local ? "" : l->buf;
	return file_entry(fp, &e);
}

static int
file_line(struct dpkg_lines *l, void *arg)
{
	struct dpkg_file_parser	*fp = arg;

	if (fp->kind == DPKG_DIVERSIONS)
		return diversions_line(fp, l);
	if (l->cut)
		return file_bad(fp, l->lineno, "line too long");
	if (l->nul)
		return file_bad(fp, l->lineno, "NUL byte in line");
	switch (fp->kind) {
	case DPKG_MD5SUMS:
		return md5sums_line(fp, l);
	case DPKG_CONFFILES:
		return conffiles_line(fp, l);
	default:
		return list_line(fp, l);
	}
}

void
dpkg_file_init(struct dpkg_file_parser *fp, enum dpkg_kind kind,
    dpkg_entry_fn *fn, void *arg)
{
	memset(fp, 0, sizeof(*fp));
	switch (kind) {
	case DPKG_MD5SUMS:
	case DPKG_LIST:
	case DPKG_CONFFILES:
	case DPKG_DIVERSIONS:
		fp->kind = kind;
		break;
	default:
		fp->kind = DPKG_LIST;
		break;
	}
	fp->fn = fn;
	fp->arg = arg;
	dpkg_lines_init(&fp->lines);
}

int
dpkg_file_feed(struct dpkg_file_parser *fp, const void *buf, size_t len)
{
	if (fp->stop == 0)
		fp->stop = dpkg_lines_feed(&fp->lines, buf, len, file_line,
		    fp);
	return fp->stop;
}

int
dpkg_file_finish(struct dpkg_file_parser *fp)
{
	if (fp->stop != 0)
		return fp->stop;
	fp->stop = dpkg_lines_end(&fp->lines, file_line, fp);
	if (fp->stop == 0 && fp->ngroup != 0) {
		fp->ngroup = 0;
		fp->stop = file_bad(fp, fp->gline, "diversion cut short");
	}
	return fp->stop;
}
