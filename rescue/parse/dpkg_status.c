/*
 * dpkg_status.c - /var/lib/dpkg/status as packages: deb822 stanzas
 * (deb822(5), dpkg's lib/dpkg/parse.c), of which only the fields that
 * name a package's files and whether they are on disk are kept
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "dpkg.h"

static const char	*const state_names[] = {
	"unknown", "not-installed", "config-files", "half-installed",
	"unpacked", "half-configured", "triggers-awaited",
	"triggers-pending", "installed"
};

const char *
dpkg_state_name(enum dpkg_state s)
{
	if ((unsigned)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[s];
}

int
dpkg_info_name(const struct dpkg_pkg *pkg, const char *ext, char *buf,
    size_t len)
{
	bool	same = strcmp(pkg->multiarch, "same") == 0 &&
		    pkg->arch[0] != '\0';
	int	n;

	if ((pkg->flags & (DPKG_PKG_F_NO_NAME | DPKG_PKG_F_TRUNCATED)) ||
	    pkg->name[0] == '\0' || strchr(pkg->name, '/') != NULL ||
	    strchr(pkg->arch, '/') != NULL || strcmp(pkg->name, ".") == 0 ||
	    strcmp(pkg->name, "..") == 0)
		return -1;
	n = snprintf(buf, len, "%s%s%s.%s", pkg->name, same ? ":" : "",
	    same ? pkg->arch : "", ext);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return n;
}

static const struct {
	const char	*name;
	enum dpkg_field	 field;
} fields[] = {
	{ "Package",		DPKG_FLD_PACKAGE },
	{ "Architecture",	DPKG_FLD_ARCH },
	{ "Status",		DPKG_FLD_STATUS },
	{ "Version",		DPKG_FLD_VERSION },
	{ "Multi-Arch",		DPKG_FLD_MULTIARCH },
	{ "Conffiles",		DPKG_FLD_CONFFILES },
};

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* Copy N bytes of S into DST (SIZE bytes); true if all fitted. */
static bool
copy_field(char *dst, size_t size, const char *s, size_t n)
{
	bool	ok = true;

	if (n >= size) {
		n = size - 1;
		ok = false;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return ok && memchr(s, '\0', n) == NULL;
}

/* "WANT FLAG STATUS": three words, the last one dpkg's. */
static void
parse_status(struct dpkg_pkg *pkg, const char *s, size_t n)
{
	char		*dst[3] = { pkg->want, pkg->eflag, pkg->status };
	size_t		 i = 0, j, k;

	for (k = 0; k < 3; k++) {
		while (i < n && is_blank(s[i]))
			i++;
		for (j = i; j < n && !is_blank(s[j]); j++)
			;
		if (j == i || !copy_field(dst[k], DPKG_WORD_MAX + 1, s + i,
		    j - i))
			pkg->flags |= DPKG_PKG_F_BAD_STATUS;
		i = j;
	}
	while (i < n && is_blank(s[i]))
		i++;
	if (i != n)
		pkg->flags |= DPKG_PKG_F_BAD_STATUS;
	pkg->state = DPKG_ST_UNKNOWN;
	for (k = 1; k < sizeof(state_names) / sizeof(state_names[0]); k++)
		if (strcmp(pkg->status, state_names[k]) == 0)
			pkg->state = (enum dpkg_state)k;
	if (pkg->state == DPKG_ST_UNKNOWN)
		pkg->flags |= DPKG_PKG_F_BAD_STATUS;
}

/*
 * " /etc/path HASH [obsolete] [remove-on-upgrade]": dpkg reads the words
 * from the end (fields.c, conffvalue_lastword), so the path may hold
 * spaces.  HASH is "newconffile" while a package is being unpacked.
 */
static void
conffile_line(struct dpkg_status_parser *sp, const char *s, size_t n)
{
	struct dpkg_conffile	*cf;
	struct dpkg_pkg		*pkg = &sp->pkg;
	char			 path[DPKG_PATH_MAX + 1];
	size_t			 w, cap;
	unsigned		 flags = 0;
	uint8_t			 md5[16];
	bool			 has_md5 = false;
	int			 plen;

	while (n > 0 && is_blank(s[0])) {
		s++;
		n--;
	}
	for (;;) {
		while (n > 0 && is_blank(s[n - 1]))
			n--;
		for (w = n; w > 0 && !is_blank(s[w - 1]); w--)
			;
		if (w == 0)
			goto bad;	/* one word: no hash */
		if (n - w == 8 && memcmp(s + w, "obsolete", 8) == 0)
			flags |= DPKG_CF_OBSOLETE;
		else if (n - w == 17 &&
		    memcmp(s + w, "remove-on-upgrade", 17) == 0)
			flags |= DPKG_CF_REMOVE_ON_UPGRADE;
		else
			break;
		n = w;
	}
	if (n - w == 11 && memcmp(s + w, "newconffile", 11) == 0)
		flags |= DPKG_CF_NEWCONFFILE;
	else if (dpkg_md5_parse(s + w, n - w, md5))
		has_md5 = true;
	else
		flags |= DPKG_CF_BAD_HASH;
	n = w;
	while (n > 0 && is_blank(s[n - 1]))
		n--;
	if (n == 0 || s[0] != '/' ||
	    (plen = dpkg_path_norm(s, n, path, sizeof(path), NULL)) < 0)
		goto bad;
	if (pkg->nconffiles >= DPKG_CONFFILES_MAX ||
	    sp->poollen + (size_t)plen + 1 > DPKG_CONFFILES_BYTES) {
		pkg->flags |= DPKG_PKG_F_CONFFILES_CUT;
		return;
	}
	if (sp->cf == NULL)
		sp->cf = xcalloc(DPKG_CONFFILES_MAX, sizeof(*sp->cf));
	if (sp->poollen + (size_t)plen + 1 > sp->poolcap) {
		cap = sp->poolcap ? sp->poolcap : 4096;
		while (cap < sp->poollen + (size_t)plen + 1)
			cap *= 2;
		if (cap > DPKG_CONFFILES_BYTES)
			cap = DPKG_CONFFILES_BYTES;
		sp->pool = xrealloc(sp->pool, cap);
		sp->poolcap = cap;
	}
	memcpy(sp->pool + sp->poollen, path, (size_t)plen + 1);
	sp->poollen += (size_t)plen + 1;
	cf = &sp->cf[pkg->nconffiles++];
	cf->path = NULL;	/* set when the stanza goes out */
	memcpy(cf->md5, has_md5 ? md5 : (const uint8_t[16]){ 0 }, 16);
	cf->has_md5 = has_md5;
	cf->flags = flags;
	return;
bad:
	pkg->bad_conffiles++;
}

static int
stanza_end(struct dpkg_status_parser *sp)
{
	struct dpkg_pkg	*pkg = &sp->pkg;
	size_t		 i, off = 0;
	int		 r;

	if (!sp->open)
		return 0;
	/* The pool may have moved while it grew: point into it now. */
	for (i = 0; i < pkg->nconffiles; i++) {
		sp->cf[i].path = sp->pool + off;
		off += strlen(sp->pool + off) + 1;
	}
	pkg->conffiles = sp->cf;
	if ((sp->seen & 1u << DPKG_FLD_PACKAGE) == 0)
		pkg->flags |= DPKG_PKG_F_NO_NAME;
	sp->packages++;
	r = sp->fn(pkg, sp->arg);
	memset(pkg, 0, sizeof(*pkg));
	sp->open = false;
	sp->field = DPKG_FLD_OTHER;
	sp->seen = 0;
	sp->poollen = 0;
	return r;
}

static void
field_line(struct dpkg_status_parser *sp, struct dpkg_lines *l)
{
	struct dpkg_pkg	*pkg = &sp->pkg;
	const char	*s = l->buf, *colon, *v;
	size_t		 n = l->len, i, vn;
	enum dpkg_field	 f = DPKG_FLD_OTHER;
	bool		 ok = true;

	if (!sp->open) {
		sp->open = true;
		pkg->line = l->lineno;
	}
	sp->field = DPKG_FLD_OTHER;
	if ((colon = memchr(s, ':', n)) == NULL) {
		sp->bad_lines++;
		return;
	}
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if ((size_t)(colon - s) == strlen(fields[i].name) &&
		    strncasecmp(s, fields[i].name, (size_t)(colon - s)) == 0)
			f = fields[i].field;
	if (f == DPKG_FLD_OTHER)
		return;
	if (sp->seen & 1u << f) {
		pkg->flags |= DPKG_PKG_F_DUPLICATE;
		return;
	}
	sp->seen |= 1u << f;
	sp->field = f;
	v = colon + 1;
	vn = n - (size_t)(v - s);
	while (vn > 0 && is_blank(v[0])) {
		v++;
		vn--;
	}
	while (vn > 0 && is_blank(v[vn - 1]))
		vn--;
	switch (f) {
	case DPKG_FLD_PACKAGE:
		ok = copy_field(pkg->name, sizeof(pkg->name), v, vn);
		break;
	case DPKG_FLD_ARCH:
		ok = copy_field(pkg->arch, sizeof(pkg->arch), v, vn);
		break;
	case DPKG_FLD_VERSION:
		ok = copy_field(pkg->version, sizeof(pkg->version), v, vn);
		break;
	case DPKG_FLD_MULTIARCH:
		ok = copy_field(pkg->multiarch, sizeof(pkg->multiarch), v,
		    vn);
		break;
	case DPKG_FLD_STATUS:
		parse_status(pkg, v, vn);
		break;
	default:
		/* Conffiles: its value is on the lines that follow. */
		if (vn != 0)
			pkg->bad_conffiles++;
		break;
	}
	if (!ok || (l->cut && f != DPKG_FLD_CONFFILES))
		pkg->flags |= DPKG_PKG_F_TRUNCATED;
}

static int
status_line(struct dpkg_lines *l, void *arg)
{
	struct dpkg_status_parser	*sp = arg;

	if (l->len == 0)
		return stanza_end(sp);
	if (!is_blank(l->buf[0])) {
		field_line(sp, l);
		return 0;
	}
	if (!sp->open) {
		sp->bad_lines++;	/* continuing nothing */
		return 0;
	}
	if (sp->field != DPKG_FLD_CONFFILES)
		return 0;
	if (l->cut || l->nul)
		sp->pkg.bad_conffiles++;
	else
		conffile_line(sp, l->buf, l->len);
	return 0;
}

void
dpkg_status_init(struct dpkg_status_parser *sp, dpkg_pkg_fn *fn, void *arg)
{
	memset(sp, 0, sizeof(*sp));
	sp->fn = fn;
	sp->arg = arg;
	dpkg_lines_init(&sp->lines);
}

int
dpkg_status_feed(struct dpkg_status_parser *sp, const void *buf, size_t len)
{
	if (sp->stop == 0)
		sp->stop = dpkg_lines_feed(&sp->lines, buf, len, status_line,
		    sp);
	return sp->stop;
}

int
dpkg_status_finish(struct dpkg_status_parser *sp)
{
	if (sp->stop != 0)
		return sp->stop;
	if ((sp->stop = dpkg_lines_end(&sp->lines, status_line, sp)) != 0)
		return sp->stop;
	sp->stop = stanza_end(sp);
	return sp->stop;
}

void
dpkg_status_release(struct dpkg_status_parser *sp)
{
	free(sp->cf);
	free(sp->pool);
	sp->cf = NULL;
	sp->pool = NULL;
	sp->poollen = sp->poolcap = 0;
}
