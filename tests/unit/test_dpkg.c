/*
 * test_dpkg.c - the dpkg database parsers against this machine's own
 * /var/lib/dpkg (judged by dpkg-query, dpkg-divert and md5sum) and
 * against hostile input: bad hashes, "..", 1 MiB lines, 10^5 conffiles
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "parse/dpkg.h"

#define DPKG_DIR	"/var/lib/dpkg"

/* A growing string: what the callbacks saw, to compare runs. */
struct sbuf {
	char	*s;
	size_t	 n, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (b->s == NULL)
			abort();
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void
sb_hex(struct sbuf *b, const uint8_t *md5)
{
	char	hex[33];
	int	i;

	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", md5[i]);
	sb_add(b, hex, 32);
}

/* The output of CMD, or NULL if it could not run or said nothing. */
static char *
run(const char *cmd)
{
	struct sbuf	 b = { NULL, 0, 0 };
	char		 buf[4096];
	size_t		 n;
	FILE		*p;

	if ((p = popen(cmd, "r")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		sb_add(&b, buf, n);
	if (pclose(p) != 0) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* Status: every package as "name arch version state cf..." lines. */
struct st_run {
	struct sbuf	 out;
	unsigned	 installed, bad;
	const char	*want;		/* keep this one's conffiles */
	bool		 check_info;	/* its info/ .list must exist */
	unsigned	 no_list;
	struct sbuf	 cf;
	unsigned	 count;
	struct dpkg_pkg	 last;
};

static int
st_cb(const struct dpkg_pkg *p, void *arg)
{
	struct st_run	*r = arg;
	char		 num[32];
	size_t		 i;

	r->count++;
	sb_str(&r->out, p->name);
	sb_str(&r->out, " ");
	sb_str(&r->out, p->arch);
	sb_str(&r->out, " ");
	sb_str(&r->out, p->version);
	sb_str(&r->out, " ");
	sb_str(&r->out, dpkg_state_name(p->state));
	snprintf(num, sizeof(num), " %u %u %zu", p->flags, p->bad_conffiles,
	    p->nconffiles);
	sb_str(&r->out, num);
	for (i = 0; i < p->nconffiles; i++) {
		sb_str(&r->out, " ");
		sb_str(&r->out, p->conffiles[i].path);
		sb_hex(&r->out, p->conffiles[i].md5);
	}
	sb_str(&r->out, "\n");
	if (p->state == DPKG_ST_INSTALLED &&
	    strcmp(p->want, "install") == 0 && strcmp(p->eflag, "ok") == 0) {
		r->installed++;
		if (p->name[0] == '\0' || p->version[0] == '\0')
			r->bad++;
		if (r->check_info) {
			char	nm[512], path[600];

			if (dpkg_info_name(p, "list", nm, sizeof(nm)) < 0)
				r->no_list++;
			snprintf(path, sizeof(path), DPKG_DIR "/info/%s", nm);
			if (access(path, R_OK) != 0)
				r->no_list++;
		}
	}
	if (r->want != NULL && strcmp(p->name, r->want) == 0) {
		for (i = 0; i < p->nconffiles; i++) {
			sb_str(&r->cf, " ");
			sb_str(&r->cf, p->conffiles[i].path);
			sb_str(&r->cf, " ");
			if (p->conffiles[i].flags & DPKG_CF_NEWCONFFILE)
				sb_str(&r->cf, "newconffile");
			else
				sb_hex(&r->cf, p->conffiles[i].md5);
			if (p->conffiles[i].flags & DPKG_CF_OBSOLETE)
				sb_str(&r->cf, " obsolete");
			if (p->conffiles[i].flags &
			    DPKG_CF_REMOVE_ON_UPGRADE)
				sb_str(&r->cf, " remove-on-upgrade");
			sb_str(&r->cf, "\n");
		}
	}
	r->last = *p;
	r->last.conffiles = NULL;
	return 0;
}

/* Feed BUF in pieces of STEP bytes (0: whole); returns feed's result. */
static int
st_parse(const char *buf, size_t len, size_t step, struct st_run *r)
{
	struct dpkg_status_parser	*sp = malloc(sizeof(*sp));
	size_t				 off, n;
	int				 rc = 0;

	if (sp == NULL)
		abort();
	dpkg_status_init(sp, st_cb, r);
	for (off = 0; off < len; off += n) {
		n = step == 0 || step > len - off ? len - off : step;
		if ((rc = dpkg_status_feed(sp, buf + off, n)) != 0)
			break;
	}
	if (rc == 0)
		rc = dpkg_status_finish(sp);
	dpkg_status_release(sp);
	free(sp);
	return rc;
}

static void
st_free(struct st_run *r)
{
	free(r->out.s);
	free(r->cf.s);
}

TEST(dpkg_status_real)
{
	struct st_run	 r, c;
	char		*buf, *q, *want, *all;
	size_t		 len;
	unsigned	 nq = 0;
	const char	*pkgs[] = { "base-files", "openssh-client", "dpkg" };
	size_t		 i;

	if ((buf = unit_slurp(DPKG_DIR "/status", &len)) == NULL) {
		printf("# SKIP no readable " DPKG_DIR "/status\n");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.check_info = true;
	ASSERT_INT(st_parse(buf, len, 0, &r), 0);
	ASSERT(r.installed > 0);
	ASSERT_INT(r.bad, 0);
	/* Each installed package's PKG[:ARCH].list is where it says. */
	ASSERT_INT(r.no_list, 0);
	/* As many packages as dpkg-query knows. */
	if ((all = run("dpkg-query -W -f='x\\n' 2>/dev/null")) != NULL) {
		for (q = all; (q = strchr(q, '\n')) != NULL; q++)
			nq++;
		ASSERT_INT(r.count, nq);
		free(all);
	}
	/* Chunked feeding sees the same packages. */
	memset(&c, 0, sizeof(c));
	ASSERT_INT(st_parse(buf, len, 1, &c), 0);
	ASSERT_STR(c.out.s, r.out.s);
	st_free(&c);
	memset(&c, 0, sizeof(c));
	ASSERT_INT(st_parse(buf, len, 4093, &c), 0);
	ASSERT_STR(c.out.s, r.out.s);
	st_free(&c);
	st_free(&r);

	/* Conffiles as dpkg-query prints them. */
	for (i = 0; i < sizeof(pkgs) / sizeof(pkgs[0]); i++) {
		char	cmd[256];

		snprintf(cmd, sizeof(cmd), "dpkg-query -W -f='${Conffiles}' "
		    "%s 2>/dev/null", pkgs[i]);
		if ((want = run(cmd)) == NULL)
			continue;
		memset(&r, 0, sizeof(r));
		r.want = pkgs[i];
		st_parse(buf, len, 0, &r);
		/* dpkg-query puts no newline after the last line. */
		if (r.cf.n > 0)
			r.cf.s[--r.cf.n] = '\0';
		ASSERT_STR(r.cf.s ? r.cf.s : "", want);
		free(want);
		st_free(&r);
	}
	free(buf);
}

TEST(dpkg_status_fields)
{
	static const char	 s[] =
	    "package: libc6\n"
	    "Status: install ok half-configured\n"
	    "Architecture: amd64\n"
	    "Multi-Arch: same\n"
	    "Version: 2.36-9+deb12u13\n"
	    "Description: x\n"
	    " Conffiles:\n"
	    "Conffiles:\n"
	    " /etc/a b/c 0123456789abcdef0123456789ABCDEF\n"
	    " /etc/old 0123456789abcdef0123456789abcdef obsolete\n"
	    " /etc/new newconffile remove-on-upgrade\n"
	    " /etc/bad nothex\n"
	    " relative 0123456789abcdef0123456789abcdef\n"
	    " /etc/../shadow 0123456789abcdef0123456789abcdef\n"
	    " onlyoneword\n"
	    "Package: dup\n"
	    "\n"
	    "\n"
	    " orphan continuation\n"
	    "Package: two\n"
	    "Status: deinstall ok config-files extra\n";
	struct st_run		 r;

	memset(&r, 0, sizeof(r));
	r.want = "libc6";
	ASSERT_INT(st_parse(s, sizeof(s) - 1, 0, &r), 0);
	ASSERT_INT(r.count, 2);
	ASSERT_STR(r.cf.s,
	    " /etc/a b/c 0123456789abcdef0123456789abcdef\n"
	    " /etc/old 0123456789abcdef0123456789abcdef obsolete\n"
	    " /etc/new newconffile remove-on-upgrade\n"
	    " /etc/bad 00000000000000000000000000000000\n");
	ASSERT(strstr(r.out.s, "libc6 amd64 2.36-9+deb12u13 "
	    "half-configured 16 3 4 ") == r.out.s);
	{
		char	nm[64];

		ASSERT_INT(dpkg_info_name(&r.last, "list", nm, sizeof(nm)),
		    8);
		ASSERT_STR(nm, "two.list");
		strcpy(r.last.arch, "amd64");
		strcpy(r.last.multiarch, "same");
		dpkg_info_name(&r.last, "md5sums", nm, sizeof(nm));
		ASSERT_STR(nm, "two:amd64.md5sums");
		ASSERT_INT(dpkg_info_name(&r.last, "md5sums", nm, 17), -1);
		strcpy(r.last.name, "..");
		ASSERT_INT(dpkg_info_name(&r.last, "list", nm, sizeof(nm)),
		    -1);
		strcpy(r.last.name, "two");
	}
	ASSERT_STR(r.last.name, "two");
	ASSERT_INT(r.last.state, DPKG_ST_CONFIG_FILES);
	ASSERT(r.last.flags & DPKG_PKG_F_BAD_STATUS);
	st_free(&r);
}

TEST(dpkg_status_hostile)
{
	const size_t		 big = 1024 * 1024;
	struct st_run		 r;
	struct sbuf		 b = { NULL, 0, 0 };
	char			 line[80];
	char			*fill;
	size_t			 i;

	if ((fill = malloc(big)) == NULL)
		abort();
	memset(fill, 'A', big);
	/* A 1 MiB name, a 1 MiB description line, 10^5 conffiles. */
	sb_str(&b, "Package: ");
	sb_add(&b, fill, big);
	sb_str(&b, "\nStatus: install ok installed\nDescription: ");
	sb_add(&b, fill, big);
	sb_str(&b, "\n ");
	sb_add(&b, fill, big);
	sb_str(&b, "\nConffiles:\n");
	for (i = 0; i < 100000; i++) {
		snprintf(line, sizeof(line), " /etc/f%zu "
		    "0123456789abcdef0123456789abcdef\n", i);
		sb_str(&b, line);
	}
	sb_str(&b, " /etc/");
	sb_add(&b, fill, big);
	sb_str(&b, " 0123456789abcdef0123456789abcdef\n\nPackage: after\n"
	    "Version: 1\nStatus: install ok installed\n");
	free(fill);

	memset(&r, 0, sizeof(r));
	ASSERT_INT(st_parse(b.s, b.n, 65536, &r), 0);
	ASSERT_INT(r.count, 2);
	ASSERT(strncmp(r.out.s, "AAAA", 4) == 0);
	/* Name cut to its buffer; conffiles cut at the bound. */
	ASSERT(strchr(r.out.s, ' ') - r.out.s == DPKG_NAME_MAX);
	{
		char	want[64];

		/* The 1 MiB conffile line is cut: bad, not kept. */
		snprintf(want, sizeof(want), " %u 1 %u ",
		    DPKG_PKG_F_TRUNCATED | DPKG_PKG_F_CONFFILES_CUT,
		    DPKG_CONFFILES_MAX);
		ASSERT(strstr(r.out.s, want) != NULL);
	}
	ASSERT_STR(r.last.name, "after");
	ASSERT_STR(r.last.version, "1");
	ASSERT_INT(r.last.state, DPKG_ST_INSTALLED);
	st_free(&r);
	free(b.s);
}

/* Files of info/ and diversions: entries and errors as lines. */
struct f_run {
	struct sbuf	 out;
	unsigned	 ok, bad;
};

static int
f_cb(const struct dpkg_entry *e, void *arg)
{
	struct f_run	*r = arg;
	char		 num[32];

	snprintf(num, sizeof(num), "%llu ", (unsigned long long)e->line);
	sb_str(&r->out, num);
	if (e->error != NULL) {
		r->bad++;
		sb_str(&r->out, "ERR ");
		sb_str(&r->out, e->error);
		sb_str(&r->out, "\n");
		return 0;
	}
	r->ok++;
	if (strlen(e->path) != e->pathlen)
		sb_str(&r->out, "(bad pathlen) ");
	sb_add(&r->out, e->path, e->pathlen);
	if (e->md5[0] || e->md5[15]) {
		sb_str(&r->out, " ");
		sb_hex(&r->out, e->md5);
	}
	if (e->flags) {
		snprintf(num, sizeof(num), " f%u", e->flags);
		sb_str(&r->out, num);
	}
	if (e->to != NULL) {
		sb_str(&r->out, " -> ");
		sb_add(&r->out, e->to, e->tolen);
		sb_str(&r->out, e->local ? " local" : " by ");
		sb_str(&r->out, e->package);
	}
	sb_str(&r->out, "\n");
	return 0;
}

static void
f_parse(enum dpkg_kind k, const char *buf, size_t len, size_t step,
    struct f_run *r)
{
	struct dpkg_file_parser	*fp = malloc(sizeof(*fp));
	size_t			 off, n;

	if (fp == NULL)
		abort();
	memset(r, 0, sizeof(*r));
	dpkg_file_init(fp, k, f_cb, r);
	for (off = 0; off < len; off += n) {
		n = step == 0 || step > len - off ? len - off : step;
		dpkg_file_feed(fp, buf + off, n);
	}
	dpkg_file_finish(fp);
	free(fp);
	if (r->out.s == NULL)
		sb_str(&r->out, "");
}

TEST(dpkg_md5sums_hostile)
{
	const size_t	 big = 1024 * 1024;
	struct sbuf	 b = { NULL, 0, 0 };
	struct f_run	 r, c;
	char		*fill;

	sb_str(&b,
	    "0123456789abcdef0123456789abcdef  usr/bin/ok\n"
	    "0123456789abcdef0123456789abcdeg  usr/bin/badhex\n"
	    "0123456789abcdef0123456789abcde  usr/bin/short\n"
	    "0123456789abcdef0123456789abcdef  usr/../etc/shadow\n"
	    "0123456789abcdef0123456789abcdef  ..\n"
	    "0123456789abcdef0123456789abcdef  /usr/bin/abs\n"
	    "0123456789abcdef0123456789abcdef *usr/bin/binary\n"
	    "0123456789abcdef0123456789abcdef ./usr//bin/./one\n"
	    "\\0123456789abcdef0123456789abcdef  usr/a\\nb\\\\c\n"
	    "\\0123456789abcdef0123456789abcdef  usr/a\\tb\n"
	    "0123456789abcdef0123456789abcdef  \n"
	    "0123456789abcdef0123456789abcdef\tusr/tab\n"
	    "0123456789abcdef0123456789abcdef  usr/n");
	sb_add(&b, "\0ul\n", 4);
	if ((fill = malloc(big)) == NULL)
		abort();
	memset(fill, 'a', big);
	sb_str(&b, "0123456789abcdef0123456789abcdef  ");
	sb_add(&b, fill, big);
	free(fill);
	sb_str(&b, "\nffffffffffffffffffffffffffffffff  usr/last");
	f_parse(DPKG_MD5SUMS, b.s, b.n, 0, &r);
	ASSERT_STR(r.out.s,
	    "1 /usr/bin/ok 0123456789abcdef0123456789abcdef\n"
	    "2 ERR bad hash\n"
	    "3 ERR bad hash\n"
	    "4 ERR '..' in path\n"
	    "5 ERR '..' in path\n"
	    "6 ERR absolute path\n"
	    "7 /usr/bin/binary 0123456789abcdef0123456789abcdef\n"
	    "8 /usr/bin/one 0123456789abcdef0123456789abcdef\n"
	    "9 /usr/a\nb\\c 0123456789abcdef0123456789abcdef\n"
	    "10 ERR bad escape in path\n"
	    "11 ERR empty path\n"
	    "12 ERR no space after the hash\n"
	    "13 ERR NUL byte in line\n"
	    "14 ERR line too long\n"
	    "15 /usr/last ffffffffffffffffffffffffffffffff\n");
	f_parse(DPKG_MD5SUMS, b.s, b.n, 1, &c);
	ASSERT_STR(c.out.s, r.out.s);
	free(c.out.s);
	f_parse(DPKG_MD5SUMS, b.s, b.n, 8191, &c);
	ASSERT_STR(c.out.s, r.out.s);
	free(c.out.s);
	free(r.out.s);
	free(b.s);
}

TEST(dpkg_list_conffiles_diversions)
{
	static const char	 list[] = "/.\n/usr\n/usr/bin/\n//usr///lib\n"
	    "usr/rel\n/usr/../x\n\n/usr/bin/ls";
	static const char	 conf[] = "/etc/a\n"
	    "remove-on-upgrade /etc/old conf  \nbogus /etc/x\n"
	    "remove-on-upgrade\n/etc/../y\n";
	static const char	 div[] = "/bin/sh\n/bin/sh.distrib\ndash\n"
	    "/usr/bin/x\n/usr/bin/x.real\n:\n"
	    "rel\n/a\npkg\n/b\n/c\nbad pkg\n/d\n/e\n";
	struct f_run		 r;

	f_parse(DPKG_LIST, list, sizeof(list) - 1, 0, &r);
	ASSERT_STR(r.out.s, "1 /\n2 /usr\n3 /usr/bin\n4 /usr/lib\n"
	    "5 ERR relative path\n6 ERR '..' in path\n8 /usr/bin/ls\n");
	free(r.out.s);
	f_parse(DPKG_CONFFILES, conf, sizeof(conf) - 1, 0, &r);
	ASSERT_STR(r.out.s, "1 /etc/a\n2 /etc/old conf f2\n"
	    "3 ERR unknown conffile flag\n4 ERR no path\n"
	    "5 ERR '..' in path\n");
	free(r.out.s);
	f_parse(DPKG_DIVERSIONS, div, sizeof(div) - 1, 3, &r);
	ASSERT_STR(r.out.s, "1 /bin/sh -> /bin/sh.distrib by dash\n"
	    "4 /usr/bin/x -> /usr/bin/x.real local\n"
	    "7 ERR bad diversion\n10 ERR bad diversion\n"
	    "13 ERR diversion cut short\n");
	free(r.out.s);
}

TEST(dpkg_diversions_real)
{
	struct f_run	 r;
	struct sbuf	 mine = { NULL, 0, 0 };
	char		*buf, *want, *line, *nl, *p, *end;
	size_t		 len;
	unsigned	 n = 0;

	if ((buf = unit_slurp(DPKG_DIR "/diversions", &len)) == NULL ||
	    (want = run("dpkg-divert --list 2>/dev/null")) == NULL) {
		free(buf);
		printf("# SKIP no diversions or dpkg-divert\n");
		return;
	}
	f_parse(DPKG_DIVERSIONS, buf, len, 0, &r);
	ASSERT_INT(r.bad, 0);
	/* Each of ours is a line of dpkg-divert --list, and as many. */
	for (p = r.out.s, end = p + strlen(p); p < end; p = nl + 1) {
		char	from[4096], to[4096], who[512], out[9000];

		nl = strchr(p, '\n');
		*nl = '\0';
		ASSERT_INT(sscanf(p, "%*u %4095s -> %4095s %511[^\n]", from,
		    to, who), 3);
		if (strcmp(who, "local") == 0)
			snprintf(out, sizeof(out), "local diversion of %s to "
			    "%s\n", from, to);
		else
			snprintf(out, sizeof(out), "diversion of %s to %s %s\n",
			    from, to, who);
		sb_str(&mine, out);
		ASSERT(strstr(want, out) != NULL);
		n++;
	}
	for (line = want; (line = strchr(line, '\n')) != NULL; line++)
		n--;
	ASSERT_INT(n, 0);
	free(mine.s);
	free(r.out.s);
	free(want);
	free(buf);
}

/* The first file of info/ among PKG.EXT, PKG:ARCH.EXT. */
static char *
info_file(const char *pkg, const char *ext, size_t *len)
{
	static const char	*archs[] = { "", ":amd64", ":arm64", ":i386" };
	char			 path[512];
	char			*buf;
	size_t			 i;

	for (i = 0; i < sizeof(archs) / sizeof(archs[0]); i++) {
		snprintf(path, sizeof(path), DPKG_DIR "/info/%s%s.%s", pkg,
		    archs[i], ext);
		if ((buf = unit_slurp(path, len)) != NULL)
			return buf;
	}
	return NULL;
}

TEST(dpkg_md5sums_real)
{
	struct f_run	 r;
	char		*buf, *p, *nl, *want;
	char		 cmd[8192], path[4096], hex[33];
	size_t		 len;
	unsigned	 checked = 0, lineno;

	if ((buf = info_file("coreutils", "md5sums", &len)) == NULL) {
		printf("# SKIP no coreutils.md5sums\n");
		return;
	}
	f_parse(DPKG_MD5SUMS, buf, len, 0, &r);
	ASSERT_INT(r.bad, 0);
	ASSERT(r.ok > 50);
	/* The first entries' hashes are what md5sum says of the files. */
	for (p = r.out.s; checked < 8 && (nl = strchr(p, '\n')) != NULL;
	    p = nl + 1) {
		*nl = '\0';
		ASSERT_INT(sscanf(p, "%u %4095s %32s", &lineno, path, hex), 3);
		if (access(path, R_OK) != 0)
			continue;
		snprintf(cmd, sizeof(cmd), "md5sum '%s'", path);
		if ((want = run(cmd)) == NULL)
			continue;
		want[32] = '\0';
		ASSERT_STR(hex, want);
		free(want);
		checked++;
	}
	ASSERT(checked > 0);
	free(r.out.s);
	free(buf);
}

TEST(dpkg_list_real)
{
	struct f_run	 r;
	char		*buf;
	size_t		 len;

	if ((buf = info_file("coreutils", "list", &len)) == NULL) {
		printf("# SKIP no coreutils.list\n");
		return;
	}
	f_parse(DPKG_LIST, buf, len, 0, &r);
	ASSERT_INT(r.bad, 0);
	ASSERT(strncmp(r.out.s, "1 /\n", 4) == 0);
	ASSERT(strstr(r.out.s, " /usr/bin/ls\n") != NULL ||
	    strstr(r.out.s, " /bin/ls\n") != NULL);
	free(r.out.s);
	free(buf);
}

TEST(dpkg_path_norm_usrmerge)
{
	static const struct {
		const char	*in;
		unsigned	 merged;
		const char	*out;
	} c[] = {
		{ "/bin/ls", DPKG_USRMERGE_ALL, "/usr/bin/ls" },
		{ "/bin", DPKG_USRMERGE_ALL, "/usr/bin" },
		{ "/sbin/init", DPKG_USRMERGE_ALL, "/usr/sbin/init" },
		{ "/lib/x86_64-linux-gnu/libc.so.6", DPKG_USRMERGE_ALL,
		    "/usr/lib/x86_64-linux-gnu/libc.so.6" },
		{ "/lib64/ld-linux-x86-64.so.2", DPKG_USRMERGE_ALL,
		    "/usr/lib64/ld-linux-x86-64.so.2" },
		{ "/lib32/x", DPKG_USRMERGE_ALL, "/usr/lib32/x" },
		{ "/libx32/x", DPKG_USRMERGE_ALL, "/usr/libx32/x" },
		{ "/binx/ls", DPKG_USRMERGE_ALL, "/binx/ls" },
		{ "/lib64x", DPKG_USRMERGE_ALL, "/lib64x" },
		{ "/usr/bin/ls", DPKG_USRMERGE_ALL, "/usr/bin/ls" },
		{ "/etc/bin/x", DPKG_USRMERGE_ALL, "/etc/bin/x" },
		{ "/bin/ls", 0, "/bin/ls" },
		{ "/lib64/x", DPKG_UM_BIN | DPKG_UM_LIB, "/lib64/x" },
		{ "/lib/x", DPKG_UM_BIN | DPKG_UM_LIB, "/usr/lib/x" },
		{ "/", DPKG_USRMERGE_ALL, "/" },
	};
	static const struct {
		const char	*in;
		const char	*out;	/* NULL: refused */
	} n[] = {
		{ "/", "/" }, { "/.", "/" }, { "", "/" }, { "//a//b/", "/a/b" },
		{ "a/./b/.", "/a/b" }, { "/a/../b", NULL }, { "/..", NULL },
		{ "/a/..b/c..", "/a/..b/c.." }, { "/...", "/..." },
	};
	char		out[DPKG_PATH_MAX + 1], small[8], big[5000];
	const char	*why;
	size_t		i;
	int		r;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		r = dpkg_usrmerge_canon(c[i].in, strlen(c[i].in),
		    c[i].merged, out, sizeof(out));
		ASSERT_STR(out, c[i].out);
		ASSERT_INT(r, strlen(c[i].out));
	}
	ASSERT_INT(dpkg_usrmerge_canon("/bin/ls", 7, DPKG_USRMERGE_ALL,
	    small, sizeof(small)), -1);
	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		r = dpkg_path_norm(n[i].in, strlen(n[i].in), out, sizeof(out),
		    &why);
		if (n[i].out == NULL)
			ASSERT_INT(r, -1);
		else
			ASSERT_STR(out, n[i].out);
	}
	ASSERT_INT(dpkg_path_norm("/a\0b", 4, out, sizeof(out), &why), -1);
	ASSERT_STR(why, "NUL byte in path");
	memset(big, 'x', sizeof(big));
	big[0] = '/';
	ASSERT_INT(dpkg_path_norm(big, sizeof(big), out, sizeof(out), &why),
	    -1);
	ASSERT_INT(dpkg_path_norm(big, DPKG_PATH_MAX, out, sizeof(out), &why),
	    DPKG_PATH_MAX);
	ASSERT_STR(dpkg_usrmerge_dir(DPKG_UM_LIB64), "lib64");
	ASSERT(dpkg_usrmerge_dir(3) == NULL);
}

/* The machine's own /usr-merge, from its symlinks. */
static unsigned
usrmerge_of_host(void)
{
	unsigned	 bit, m = 0;
	const char	*d;
	char		 path[64], link[64];
	ssize_t		 n;

	for (bit = 1; bit <= DPKG_UM_LIBO32; bit <<= 1) {
		d = dpkg_usrmerge_dir(bit);
		snprintf(path, sizeof(path), "/%s", d);
		if ((n = readlink(path, link, sizeof(link) - 1)) < 0)
			continue;
		link[n] = '\0';
		if (strcmp(link + (link[0] == '/'), path) == 0 ||
		    (strncmp(link, "usr/", 4) == 0 &&
		    strcmp(link + 4, d) == 0) ||
		    (strncmp(link, "/usr/", 5) == 0 &&
		    strcmp(link + 5, d) == 0))
			m |= bit;
	}
	return m;
}

struct set_run {
	struct dpkg_set	*set;
	uint32_t	 pkg;
	unsigned	 merged;
	bool		 md5;
	unsigned	 bad;
};

static int
set_cb(const struct dpkg_entry *e, void *arg)
{
	struct set_run	*s = arg;
	char		 canon[DPKG_PATH_MAX + 8];
	int		 n;

	if (e->error != NULL) {
		s->bad++;
		return 0;
	}
	n = dpkg_usrmerge_canon(e->path, e->pathlen, s->merged, canon,
	    sizeof(canon));
	if (n < 0)
		s->bad++;
	else if (s->md5)
		dpkg_set_add_md5(s->set, canon, (size_t)n, s->pkg, e->md5);
	else
		dpkg_set_add(s->set, canon, (size_t)n, s->pkg);
	return 0;
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(dpkg_set_real)
{
	struct dpkg_file_parser	*fp = malloc(sizeof(*fp));
	struct set_run		 s = { NULL, 0, 0, false, 0 };
	const struct dpkg_path	*e, *ls;
	struct dirent		*de;
	DIR			*d;
	char			 path[1024], *buf;
	size_t			 len, i, nl;
	double			 t0, tlist = 0, t;
	unsigned		 pass;

	if (fp == NULL)
		abort();
	if ((d = opendir(DPKG_DIR "/info")) == NULL) {
		free(fp);
		printf("# SKIP no " DPKG_DIR "/info\n");
		return;
	}
	s.set = dpkg_set_new();
	s.merged = usrmerge_of_host();
	/* Lists first, then md5sums into the same entries. */
	for (pass = 0; pass < 2; pass++) {
		rewinddir(d);
		s.md5 = pass == 1;
		s.pkg = 0;
		while ((de = readdir(d)) != NULL) {
			len = strlen(de->d_name);
			if (len < 6 || strcmp(de->d_name + len - (pass ? 8 : 5),
			    pass ? ".md5sums" : ".list") != 0)
				continue;
			snprintf(path, sizeof(path), DPKG_DIR "/info/%s",
			    de->d_name);
			if ((buf = unit_slurp(path, &len)) == NULL)
				continue;
			t0 = now();
			dpkg_file_init(fp, pass ? DPKG_MD5SUMS : DPKG_LIST,
			    set_cb, &s);
			dpkg_file_feed(fp, buf, len);
			dpkg_file_finish(fp);
			tlist += now() - t0;
			free(buf);
			s.pkg++;
		}
		if (pass == 0)
			nl = dpkg_set_count(s.set);
	}
	closedir(d);
	free(fp);
	printf("# note: %zu paths (%zu from .list) in %.1f MiB, built in "
	    "%.0f ms (parse + insert, usrmerge 0x%x)\n",
	    dpkg_set_count(s.set), nl,
	    dpkg_set_memory(s.set) / 1048576.0, tlist * 1000, s.merged);
	ASSERT_INT(s.bad, 0);
	ASSERT(dpkg_set_count(s.set) > 1000);
	/* Every entry is found again; time the lookups. */
	t = now();
	for (i = 0; i < dpkg_set_count(s.set); i++) {
		e = dpkg_set_at(s.set, i);
		ASSERT(dpkg_set_get(s.set, e->path, e->len) == e);
	}
	printf("# note: %zu lookups in %.0f ms\n", dpkg_set_count(s.set),
	    (now() - t) * 1000);
	ASSERT(dpkg_set_at(s.set, dpkg_set_count(s.set)) == NULL);
	ls = dpkg_set_get(s.set, s.merged & DPKG_UM_BIN ? "/usr/bin/ls" :
	    "/bin/ls", s.merged & DPKG_UM_BIN ? 11 : 7);
	ASSERT(ls != NULL);
	ASSERT(ls->flags & DPKG_PATH_MD5);
	ASSERT(ls->flags & DPKG_PATH_LISTED);
	ASSERT(dpkg_set_get(s.set, "/usr/bin/no-such-thing", 22) == NULL);
	e = dpkg_set_get(s.set, "/usr", 4);
	ASSERT(e != NULL && (e->flags & DPKG_PATH_SHARED));
	dpkg_set_free(s.set);
}

TEST(dpkg_set_small)
{
	struct dpkg_set		*set = dpkg_set_new();
	const struct dpkg_path	*e;
	uint8_t			 a[16] = { 1 }, b[16] = { 2 };
	char			 p[32];
	int			 i;

	for (i = 0; i < 100000; i++) {
		snprintf(p, sizeof(p), "/x/%d", i);
		ASSERT(dpkg_set_add(set, p, strlen(p), (uint32_t)i % 7) !=
		    NULL);
	}
	ASSERT_INT(dpkg_set_count(set), 100000);
	ASSERT(dpkg_set_add(set, "/x/5", 4, 5) != NULL);
	ASSERT_INT(dpkg_set_count(set), 100000);
	e = dpkg_set_get(set, "/x/5", 4);
	ASSERT(e != NULL && e->pkg == 5 && e->flags == DPKG_PATH_LISTED);
	dpkg_set_add(set, "/x/5", 4, 6);
	ASSERT(e->flags & DPKG_PATH_SHARED);
	dpkg_set_add_md5(set, "/new", 4, 1, a);
	dpkg_set_add_md5(set, "/new", 4, 1, a);
	e = dpkg_set_get(set, "/new", 4);
	ASSERT_INT(e->flags, DPKG_PATH_MD5);
	ASSERT(memcmp(e->md5, a, 16) == 0);
	dpkg_set_add_md5(set, "/new", 4, 1, b);
	e = dpkg_set_get(set, "/new", 4);
	ASSERT_INT(e->flags, DPKG_PATH_MD5 | DPKG_PATH_MD5_CONFLICT);
	ASSERT(memcmp(e->md5, a, 16) == 0);
	ASSERT(dpkg_set_get(set, "/x/100000", 9) == NULL);
	ASSERT(dpkg_set_get(set, "/x", 2) == NULL);
	dpkg_set_free(set);
	dpkg_set_free(NULL);
}
