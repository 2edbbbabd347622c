/*
 * fuzz_dpkg.c - libFuzzer target for the dpkg database parsers.  The
 * first byte picks one: 0 status, 1 md5sums, 2 list, 3 conffiles,
 * 4 diversions, 5 to 7 path normalising, /usr-merge and the path set
 * (the byte shifted right by one is the set of merged directories).
 * Each file is parsed in one piece and in chunks cut where the input's
 * own hash says; a
 * chunking that changes what callbacks see, a path that is not
 * normalised, a string past its buffer or a bound not kept aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dpkg.h"

static void
mix(uint64_t *h, const void *p, size_t n)
{
	const uint8_t	*b = p;
	size_t		 i;

	for (i = 0; i < n; i++) {
		*h ^= b[i];
		*h *= UINT64_C(0x100000001b3);
	}
}

static void
mix_str(uint64_t *h, const char *s, size_t max)
{
	size_t	n = strnlen(s, max + 1);

	if (n > max)
		abort();
	mix(h, s, n + 1);
}

/* An absolute path with no "//", "/./", "/../" and no trailing '/'. */
static void
check_path(const char *p, size_t n)
{
	size_t	i, c;

	if (n == 0 || n > DPKG_PATH_MAX || p[0] != '/' || strlen(p) != n)
		abort();
	if (n == 1)
		return;
	if (p[n - 1] == '/')
		abort();
	for (i = 0; i < n; i = c) {
		for (c = i + 1; c < n && p[c] != '/'; c++)
			;
		if (c - i == 1 || (c - i == 2 && p[i + 1] == '.') ||
		    (c - i == 3 && p[i + 1] == '.' && p[i + 2] == '.'))
			abort();
	}
}

struct run {
	uint64_t	h;
	uint64_t	n;
};

static int
pkg_cb(const struct dpkg_pkg *p, void *arg)
{
	struct run	*x = arg;
	size_t		 i;

	mix_str(&x->h, p->name, DPKG_NAME_MAX);
	mix_str(&x->h, p->arch, DPKG_ARCH_MAX);
	mix_str(&x->h, p->version, DPKG_VERSION_MAX);
	mix_str(&x->h, p->multiarch, DPKG_WORD_MAX);
	mix_str(&x->h, p->want, DPKG_WORD_MAX);
	mix_str(&x->h, p->eflag, DPKG_WORD_MAX);
	mix_str(&x->h, p->status, DPKG_WORD_MAX);
	mix_str(&x->h, dpkg_state_name(p->state), 32);
	mix(&x->h, &p->line, sizeof(p->line));
	mix(&x->h, &p->flags, sizeof(p->flags));
	mix(&x->h, &p->bad_conffiles, sizeof(p->bad_conffiles));
	if (p->nconffiles > DPKG_CONFFILES_MAX ||
	    (p->nconffiles > 0 && p->conffiles == NULL))
		abort();
	for (i = 0; i < p->nconffiles; i++) {
		check_path(p->conffiles[i].path,
		    strlen(p->conffiles[i].path));
		mix_str(&x->h, p->conffiles[i].path, DPKG_PATH_MAX);
		mix(&x->h, p->conffiles[i].md5, 16);
		mix(&x->h, &p->conffiles[i].flags,
		    sizeof(p->conffiles[i].flags));
	}
	x->n++;
	return 0;
}

static int
entry_cb(const struct dpkg_entry *e, void *arg)
{
	struct run	*x = arg;

	mix(&x->h, &e->line, sizeof(e->line));
	x->n++;
	if (e->error != NULL) {
		mix_str(&x->h, e->error, 64);
		return 0;
	}
	check_path(e->path, e->pathlen);
	mix(&x->h, e->path, e->pathlen);
	mix(&x->h, e->md5, 16);
	mix(&x->h, &e->flags, sizeof(e->flags));
	if (e->to != NULL) {
		check_path(e->to, e->tolen);
		mix(&x->h, e->to, e->tolen);
		mix_str(&x->h, e->package, DPKG_NAME_MAX);
		if (e->local != (e->package[0] == '\0'))
			abort();
	}
	return 0;
}

static uint64_t
next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static size_t
chunk(uint64_t *seed, size_t left)
{
	size_t	n;

	switch (next(seed) % 3) {
	case 0:
		n = 1 + (size_t)(next(seed) % 4);
		break;
	case 1:
		n = (size_t)(next(seed) % 100);
		break;
	default:
		n = (size_t)(next(seed) % 10000);
		break;
	}
	return n < left ? n : left;
}

static void
run_status(const uint8_t *data, size_t size, uint64_t seed)
{
	struct dpkg_status_parser	*sp = malloc(sizeof(*sp));
	struct run			 one = { 1, 0 }, cut = { 1, 0 };
	size_t				 off, n;

	if (sp == NULL)
		return;
	dpkg_status_init(sp, pkg_cb, &one);
	dpkg_status_feed(sp, data, size);
	dpkg_status_finish(sp);
	dpkg_status_release(sp);
	dpkg_status_init(sp, pkg_cb, &cut);
	for (off = 0; off < size; off += n) {
		n = chunk(&seed, size - off);
		dpkg_status_feed(sp, data + off, n);
	}
	dpkg_status_finish(sp);
	dpkg_status_release(sp);
	free(sp);
	if (one.h != cut.h || one.n != cut.n)
		abort();
}

static void
run_file(enum dpkg_kind k, const uint8_t *data, size_t size, uint64_t seed)
{
	struct dpkg_file_parser	*fp = malloc(sizeof(*fp));
	struct run		 one = { 1, 0 }, cut = { 1, 0 };
	size_t			 off, n;

	if (fp == NULL)
		return;
	dpkg_file_init(fp, k, entry_cb, &one);
	dpkg_file_feed(fp, data, size);
	dpkg_file_finish(fp);
	if (one.n != fp->entries + fp->bad_lines)
		abort();
	dpkg_file_init(fp, k, entry_cb, &cut);
	for (off = 0; off < size; off += n) {
		n = chunk(&seed, size - off);
		dpkg_file_feed(fp, data + off, n);
	}
	dpkg_file_finish(fp);
	free(fp);
	if (one.h != cut.h || one.n != cut.n)
		abort();
}

/* Lines as paths: normalised, merged, put in a set and found again. */
static void
run_paths(unsigned merged, const uint8_t *data, size_t size)
{
	struct dpkg_set		*set = dpkg_set_new();
	const struct dpkg_path	*e;
	const char		*s = (const char *)data, *end = s + size, *nl;
	const char		*why;
	char			 norm[DPKG_PATH_MAX + 1];
	char			 canon[DPKG_PATH_MAX + 16];
	uint32_t		 pkg = 0;
	size_t			 added = 0, i;
	int			 n, c;

	for (; s < end; s = nl + 1, pkg++) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			nl = end;
		why = NULL;
		n = dpkg_path_norm(s, (size_t)(nl - s), norm, sizeof(norm),
		    &why);
		if (n < 0) {
			if (why == NULL)
				abort();
			continue;
		}
		check_path(norm, (size_t)n);
		c = dpkg_usrmerge_canon(norm, (size_t)n, merged, canon,
		    sizeof(canon));
		if (c < 0 || (c != n && (c != n + 4 ||
		    memcmp(canon, "/usr", 4) != 0 ||
		    memcmp(canon + 4, norm, (size_t)n) != 0)))
			abort();
		check_path(canon, (size_t)c);
		if (dpkg_set_get(set, canon, (size_t)c) == NULL)
			added++;
		if ((e = dpkg_set_add_md5(set, canon, (size_t)c, pkg,
		    (const uint8_t *)canon)) == NULL ||
		    (e->flags & DPKG_PATH_MD5) == 0)
			abort();
	}
	if (dpkg_set_count(set) != added)
		abort();
	for (i = 0; i < added; i++) {
		e = dpkg_set_at(set, i);
		if (dpkg_set_get(set, e->path, e->len) != e ||
		    strlen(e->path) != e->len)
			abort();
	}
	dpkg_set_free(set);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t	seed = 0xcbf29ce484222325u;

	if (size < 1)
		return 0;
	mix(&seed, data, size);
	seed |= 1;
	switch (data[0] & 7) {
	case 0:
		run_status(data + 1, size - 1, seed);
		break;
	case 1:
		run_file(DPKG_MD5SUMS, data + 1, size - 1, seed);
		break;
	case 2:
		run_file(DPKG_LIST, data + 1, size - 1, seed);
		break;
	case 3:
		run_file(DPKG_CONFFILES, data + 1, size - 1, seed);
		break;
	case 4:
		run_file(DPKG_DIVERSIONS, data + 1, size - 1, seed);
		break;
	default:
		run_paths(data[0] >> 1, data + 1, size - 1);
		break;
	}
	return 0;
}
