/*
 * verify.c - re-check an export before anyone restores it: every member
 * against the manifest inside (or beside) it, both ways, and every
 * member through the content checks the analyzers use
 *
 * The archive is read once, as a stream (a pipe from ssh will do).
 * Memory is one record per member and per manifest line, and for each
 * member its first VERIFY_HEAD bytes: the text checks (webshells,
 * authorized_keys, cron, units, profiles) look at those; the miner
 * rules see the whole member.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "export/export.h"
#include "parse/authkeys.h"
#include "parse/crontab.h"
#include "parse/unitfile.h"
#include "rescue.h"
#include "rules/cmdrules.h"
#include "rules/content.h"
#include "util/digest.h"
#include "util/util.h"

#define VERIFY_HEAD	WEBSHELL_SCAN_MAX
#define VERIFY_CHUNK	(256 * 1024)
#define ALLOW_MAX	(16 * 1024 * 1024)

struct vmember {
	char		*path;
	uint64_t	 size;
	char		 sha256[65];	/* "" for no data read */
	bool		 hardlink;
	bool		 listed;
};

struct vlist {
	struct man_entry	*e;
	size_t			 n, cap;
};

struct verify {
	const struct exp_verify_opts	*o;
	struct report			*r;
	struct rctx			*ctx;
	struct vlist			 man, sha;
	bool				 have_man;
	struct vmember			*m;
	size_t				 nm, capm;
	char				**allow;	/* fingerprints */
	size_t				 nallow;
	struct content_stream		*cs;
	unsigned char			*buf, *head;
	size_t				 headlen;
	bool				 damaged;
};

static void
vfinding(struct verify *v, enum check_id id, const char *path,
    const char *evidence, const char *detail, long line)
{
	report_finding(v->r, id, &(struct fctx){ .path = path, .line = line,
	    .evidence = evidence, .detail = detail, .time = TIME_NONE });
	if (check_def(id)->sev == SEV_HIGH && (id == CHECK_VERIFY_NO_MANIFEST ||
	    id == CHECK_VERIFY_DAMAGED || id == CHECK_VERIFY_HASH_MISMATCH ||
	    id == CHECK_VERIFY_SIZE_MISMATCH ||
	    id == CHECK_VERIFY_MEMBER_MISSING ||
	    id == CHECK_VERIFY_MEMBER_UNLISTED))
		v->damaged = true;
}

/* Lines of a manifest, from any source, into L. */
struct lines {
	char	*buf;
	size_t	 len;
	bool	 toolong;
	unsigned lineno;
};

static void
take_line(struct verify *v, struct vlist *l, const char *src, struct lines *ln)
{
	struct man_entry	e;
	char			err[128], where[128];

	ln->lineno++;
	if (ln->len == 0 && !ln->toolong)
		return;
	if (ln->toolong || man_parse(ln->buf, ln->len, &e, err,
	    sizeof(err)) < 0) {
		snprintf(where, sizeof(where), "%s", ln->toolong ?
		    "line too long" : err);
		vfinding(v, CHECK_VERIFY_DAMAGED, src, where, "a manifest line "
		    "that does not parse", ln->lineno);
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->e = xrealloc(l->e, l->cap * sizeof(*l->e));
	}
	l->e[l->n++] = e;
}

static void
feed_lines(struct verify *v, struct vlist *l, const char *src,
    struct lines *ln, const char *p, size_t n)
{
	const char	*nl;
	size_t		 k;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) : n;
		if (!ln->toolong) {
			if (ln->len + k > MAN_LINE_MAX)
				ln->toolong = true;
			else {
				memcpy(ln->buf + ln->len, p, k);
				ln->len += k;
			}
		}
		if (nl == NULL)
			return;
		take_line(v, l, src, ln);
		ln->len = 0;
		ln->toolong = false;
		p += k + 1;
		n -= k + 1;
	}
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct man_entry	*x = a, *y = b;

	return strcmp(x->path, y->path);
}

static struct man_entry *
find_entry(struct vlist *l, const char *path)
{
	struct man_entry	key = { .path = (char *)path };

	if (l->n == 0)
		return NULL;
	return bsearch(&key, l->e, l->n, sizeof(*l->e), cmp_entry);
}

/*
 * Content checks.
 */
static bool
under(const char *path, const char *dir)
{
	return exp_path_under(path, dir);
}

static bool
in_data_dir(const char *path)
{
	return under(path, "/home") || under(path, "/root") ||
	    under(path, "/srv") || under(path, "/var/www");
}

static const char *
base_name(const char *path)
{
	const char	*s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

static bool
ends_with(const char *s, const char *suf)
{
	size_t	a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static bool
is_web_script(const char *path)
{
	static const char *const ext[] = { ".php", ".phtml", ".php5", ".php7",
	    ".phar", ".inc", ".jsp", ".jspx", ".asp", ".aspx", ".ashx", NULL };
	size_t	i;

	for (i = 0; ext[i] != NULL; i++)
		if (ends_with(path, ext[i]))
			return true;
	return (under(path, "/var/www") || under(path, "/srv")) &&
	    content_is_image_name(base_name(path));
}

static bool
is_profile(const char *path)
{
	static const char *const sys[] = { "/etc/profile", "/etc/bash.bashrc",
	    "/etc/rc.local", "/etc/environment", NULL };
	static const char *const user[] = { ".bashrc", ".profile",
	    ".bash_profile", ".bash_login", ".bash_logout", ".zshrc",
	    ".zprofile", NULL };
	const char	*b = base_name(path);
	size_t		 i;

	for (i = 0; sys[i] != NULL; i++)
		if (strcmp(path, sys[i]) == 0)
			return true;
	if (under(path, "/etc/profile.d") || under(path, "/etc/init.d") ||
	    under(path, "/etc/update-motd.d"))
		return true;
	if (!under(path, "/home") && !under(path, "/root"))
		return false;
	for (i = 0; user[i] != NULL; i++)
		if (strcmp(b, user[i]) == 0)
			return true;
	return false;
}

static void
judge(struct verify *v, enum check_id id, const char *path, const char *cmd,
    size_t len, long line)
{
	struct cmd_match	 m[8];
	char			*ev;
	size_t			 n, i;

	n = cmd_judge(cmd, len, m, 8);
	for (i = 0; i < n && i < 8; i++) {
		if (cmd_rule_severity(m[i].rule) < SEV_MEDIUM)
			continue;
		ev = xmalloc(len + 1);
		memcpy(ev, cmd, len);
		ev[len] = '\0';
		vfinding(v, id, path, ev, cmd_rule_name(m[i].rule), line);
		free(ev);
	}
}

struct cron_arg {
	struct verify	*v;
	const char	*path;
};

static int
on_cron(const struct crontab_entry *e, void *arg)
{
	struct cron_arg	*c = arg;

	if (e->kind == CRONTAB_JOB)
		judge(c->v, CHECK_VERIFY_CRON_COMMAND, c->path, e->command,
		    e->commandlen, e->line);
	return 0;
}

static int
on_unit(const struct unit_event *e, void *arg)
{
	struct cron_arg	*c = arg;

	if (e->kind == UNIT_ASSIGN && strncmp(e->key, "Exec", 4) == 0)
		judge(c->v, CHECK_VERIFY_UNIT_COMMAND, c->path, e->value,
		    e->valuelen, e->line);
	return 0;
}

static int
on_key(const struct authkeys_entry *e, void *arg)
{
	struct cron_arg	*c = arg;
	size_t		 i;

	if (e->fingerprint[0] == '\0')
		return 0;
	for (i = 0; i < c->v->nallow; i++)
		if (strcmp(c->v->allow[i], e->fingerprint) == 0)
			return 0;
	vfinding(c->v, CHECK_VERIFY_UNKNOWN_KEY, c->path, e->fingerprint,
	    e->comment[0] ? e->comment : NULL, e->line);
	return 0;
}

static void
scan_text(struct verify *v, const char *path)
{
	const char		*h = (const char *)v->head, *p, *nl;
	size_t			 n = v->headlen, i, k;
	struct content_match	 m[8];
	struct cron_arg		 c = { v, path };
	long			 line;

	if (n >= 4 && memcmp(h, "\177ELF", 4) == 0 && in_data_dir(path))
		vfinding(v, CHECK_VERIFY_ELF_IN_DATA, path, NULL, NULL, 0);
	if (is_web_script(path)) {
		k = webshell_scan(base_name(path), h, n, m, 8);
		for (i = 0; i < k && i < 8; i++)
			if (m[i].sev >= SEV_HIGH) {
				char ev[CONTENT_EXCERPT_LEN + 1];

				memcpy(ev, m[i].excerpt, m[i].excerpt_len);
				ev[m[i].excerpt_len] = '\0';
				vfinding(v, CHECK_VERIFY_WEBSHELL, path, ev,
				    content_rule_name(m[i].rule), 0);
			}
	}
	if (v->nallow > 0 && (strcmp(base_name(path), "authorized_keys") == 0 ||
	    strcmp(base_name(path), "authorized_keys2") == 0))
		authkeys_parse(h, n, on_key, &c);
	if (under(path, "/var/spool/cron") || under(path, "/etc/cron.d") ||
	    strcmp(path, "/etc/crontab") == 0) {
		struct crontab_parser cp;

		crontab_parser_init(&cp, under(path, "/var/spool/cron") ?
		    CRONTAB_USER : CRONTAB_SYSTEM);
		crontab_feed(&cp, h, n, on_cron, &c);
		crontab_finish(&cp, on_cron, &c);
		crontab_parser_release(&cp);
	}
	if ((under(path, "/etc/systemd") ||
	    under(path, "/usr/local/lib/systemd") ||
	    strstr(path, "/.config/systemd/") != NULL) &&
	    strchr(base_name(path), '.') != NULL) {
		struct unit_parser up;

		unit_parser_init(&up);
		unit_feed(&up, h, n, on_unit, &c);
		unit_finish(&up, on_unit, &c);
		unit_parser_release(&up);
	}
	if (is_profile(path))
		for (p = h, line = 1; p < h + n; p = nl + 1, line++) {
			if ((nl = memchr(p, '\n', (size_t)(h + n - p))) == NULL)
				nl = h + n;
			judge(v, CHECK_VERIFY_PROFILE_COMMAND, path, p,
			    (size_t)(nl - p), line);
		}
}

/* The allow list: authorized_keys lines, or bare SHA256: fingerprints. */
static int
on_allow(const struct authkeys_entry *e, void *arg)
{
	struct verify	*v = arg;

	if (e->fingerprint[0] != '\0') {
		v->allow = xrealloc(v->allow, (v->nallow + 1) *
		    sizeof(*v->allow));
		v->allow[v->nallow++] = xstrdup(e->fingerprint);
	}
	return 0;
}

static int
load_allow(struct verify *v)
{
	FILE	*f;
	char	*buf = xmalloc(ALLOW_MAX), *p, *nl;
	size_t	 n;
	int	 rc = -1;

	if ((f = fopen(v->o->allow_keys, "r")) == NULL) {
		rerr(v->ctx, "%s: %s", v->o->allow_keys, strerror(errno));
		goto out;
	}
	n = fread(buf, 1, ALLOW_MAX - 1, f);
	buf[n] = '\0';
	fclose(f);
	authkeys_parse(buf, n, on_allow, v);
	for (p = buf; (p = strstr(p, "SHA256:")) != NULL; p = nl) {
		nl = p + strcspn(p, " \t\r\n");
		if (nl - p == AUTHKEYS_FP_LEN - 1) {
			v->allow = xrealloc(v->allow, (v->nallow + 1) *
			    sizeof(*v->allow));
			v->allow[v->nallow] = xmalloc(AUTHKEYS_FP_LEN);
			memcpy(v->allow[v->nallow], p, AUTHKEYS_FP_LEN - 1);
			v->allow[v->nallow++][AUTHKEYS_FP_LEN - 1] = '\0';
		}
	}
	/* An empty list would let every key through unseen: say so. */
	if (v->nallow == 0) {
		rerr(v->ctx, "%s: no key in it", v->o->allow_keys);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int
load_beside(struct verify *v)
{
	struct lines	 ln = { 0 };
	FILE		*f;
	size_t		 n;

	if ((f = fopen(v->o->manifest, "r")) == NULL) {
		rerr(v->ctx, "%s: %s", v->o->manifest, strerror(errno));
		return -1;
	}
	ln.buf = xmalloc(MAN_LINE_MAX);
	while ((n = fread(v->buf, 1, VERIFY_CHUNK, f)) > 0)
		feed_lines(v, &v->man, v->o->manifest, &ln, (char *)v->buf, n);
	if (ln.len > 0 || ln.toolong)
		take_line(v, &v->man, v->o->manifest, &ln);
	fclose(f);
	free(ln.buf);
	v->have_man = true;
	return 0;
}

/* A member's name to its server path: "etc/x/" is "/etc/x". */
static char *
member_path(const char *name)
{
	size_t	len;
	char	*p;

	while (name[0] == '.' && name[1] == '/')
		name += 2;
	while (name[0] == '/')
		name++;
	len = strlen(name);
	while (len > 0 && name[len - 1] == '/')
		len--;
	p = xmalloc(len + 2);
	p[0] = '/';
	memcpy(p + 1, name, len);
	p[len + 1] = '\0';
	return p;
}

static int
read_member(struct verify *v, struct archive *a, struct vmember *m,
    bool scan, uint64_t sparse_size)
{
	EVP_MD_CTX	*sha = EVP_MD_CTX_new();
	unsigned char	 md[32];
	la_ssize_t	 n;
	size_t		 k;

	if (sha == NULL || EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(sha);
		rerr(v->ctx, "libcrypto: cannot start SHA-256");
		return -1;
	}
	v->headlen = 0;
	if (scan)
		content_stream_init(v->cs, CONTENT_MINER);
	while ((n = archive_read_data(a, v->buf, VERIFY_CHUNK)) > 0) {
		EVP_DigestUpdate(sha, v->buf, (size_t)n);
		m->size += (uint64_t)n;
		if (!scan)
			continue;
		content_stream_feed(v->cs, v->buf, (size_t)n);
		k = VERIFY_HEAD - v->headlen < (size_t)n ?
		    VERIFY_HEAD - v->headlen : (size_t)n;
		memcpy(v->head + v->headlen, v->buf, k);
		v->headlen += k;
	}
	if (n < 0) {
		vfinding(v, CHECK_VERIFY_DAMAGED, m->path,
		    archive_error_string(a), "the member cannot be read whole",
		    0);
		EVP_MD_CTX_free(sha);
		return -1;
	}
	/* a sparse member's last hole: libarchive gives no bytes for it */
	memset(v->buf, 0, VERIFY_CHUNK);
	while (m->size < sparse_size) {
		k = sparse_size - m->size < VERIFY_CHUNK ?
		    (size_t)(sparse_size - m->size) : VERIFY_CHUNK;
		EVP_DigestUpdate(sha, v->buf, k);
		m->size += k;
	}
	EVP_DigestFinal_ex(sha, md, NULL);
	EVP_MD_CTX_free(sha);
	digest_hex(md, sizeof(md), m->sha256);
	if (scan) {
		size_t i, nm = content_stream_finish(v->cs);

		for (i = 0; i < nm; i++)
			if (v->cs->match[i].sev >= SEV_HIGH &&
			    v->cs->match[i].rule != CONTENT_PHP_TAG) {
				char ev[CONTENT_EXCERPT_LEN + 1];

				memcpy(ev, v->cs->match[i].excerpt,
				    v->cs->match[i].excerpt_len);
				ev[v->cs->match[i].excerpt_len] = '\0';
				vfinding(v, CHECK_VERIFY_MINER, m->path, ev,
				    content_rule_name(v->cs->match[i].rule), 0);
				break;
			}
		scan_text(v, m->path);
	}
	return 0;
}

static int
read_archive(struct verify *v)
{
	struct archive		*a = archive_read_new();
	struct archive_entry	*e;
	struct lines		 ln = { 0 };
	struct vlist		*into;
	const char		*name;
	la_ssize_t		 n;
	int			 r, rc = -1;

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, strcmp(v->o->archive, "-") == 0 ?
	    NULL : v->o->archive, 65536) != ARCHIVE_OK) {
		if (errno == ENOENT || errno == EACCES) {
			rerr(v->ctx, "%s: %s", v->o->archive,
			    archive_error_string(a));
			goto out;
		}
		/* Too short or corrupt to recognise: damaged, not absent. */
		vfinding(v, CHECK_VERIFY_DAMAGED, NULL,
		    archive_error_string(a), "the archive cannot be opened", 0);
		rc = 0;
		goto out;
	}
	ln.buf = xmalloc(MAN_LINE_MAX);
	while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r < ARCHIVE_WARN) {
			vfinding(v, CHECK_VERIFY_DAMAGED, v->nm ?
			    v->m[v->nm - 1].path : NULL,
			    archive_error_string(a), "after this member", 0);
			break;
		}
		name = archive_entry_pathname(e);
		if (name == NULL)
			continue;
		/* A quarantine archive's manifest lists its files too. */
		into = NULL;
		if (v->o->manifest == NULL && (strcmp(name, EXP_MANIFEST) == 0 ||
		    strcmp(name, EXP_QMANIFEST) == 0)) {
			into = &v->man;
			v->have_man = true;
		} else if (strcmp(name, EXP_MANIFEST_SHA) == 0)
			into = &v->sha;
		if (into != NULL) {
			ln.len = 0;
			ln.lineno = 0;
			ln.toolong = false;
			while ((n = archive_read_data(a, v->buf,
			    VERIFY_CHUNK)) > 0)
				feed_lines(v, into, name, &ln,
				    (char *)v->buf, (size_t)n);
			if (n < 0) {
				vfinding(v, CHECK_VERIFY_DAMAGED, NULL,
				    archive_error_string(a), name, 0);
				break;
			}
			if (ln.len > 0 || ln.toolong)
				take_line(v, into, name, &ln);
			continue;
		}
		if (strcmp(name, EXP_TRIAGE) == 0 || strcmp(name,
		    EXP_MANIFEST) == 0 || strcmp(name, EXP_QMANIFEST) == 0) {
			if (archive_read_data_skip(a) < ARCHIVE_WARN) {
				vfinding(v, CHECK_VERIFY_DAMAGED, NULL,
				    archive_error_string(a), name, 0);
				break;
			}
			continue;
		}
		if (v->nm == v->capm) {
			v->capm = v->capm ? 2 * v->capm : 1024;
			v->m = xrealloc(v->m, v->capm * sizeof(*v->m));
		}
		memset(&v->m[v->nm], 0, sizeof(*v->m));
		v->m[v->nm].path = member_path(name);
		v->nm++;
		if (archive_entry_hardlink(e) != NULL)
			v->m[v->nm - 1].hardlink = true;
		if (archive_entry_filetype(e) == AE_IFREG &&
		    !v->m[v->nm - 1].hardlink) {
			if (read_member(v, a, &v->m[v->nm - 1], true,
			    archive_entry_sparse_count(e) > 0 &&
			    archive_entry_size(e) > 0 ?
			    (uint64_t)archive_entry_size(e) : 0) < 0)
				break;
		} else if (archive_read_data_skip(a) < ARCHIVE_WARN) {
			vfinding(v, CHECK_VERIFY_DAMAGED, v->m[v->nm - 1].path,
			    archive_error_string(a), NULL, 0);
			break;
		}
	}
	rc = 0;
out:
	free(ln.buf);
	archive_read_free(a);
	return rc;
}

static void
compare(struct verify *v)
{
	struct man_entry	*e, *s;
	struct vmember		*m;
	char			 ev[160];
	size_t			 i;

	if (!v->have_man) {
		vfinding(v, CHECK_VERIFY_NO_MANIFEST, NULL, v->o->archive,
		    NULL, 0);
		return;
	}
	if (v->man.n > 0)
		qsort(v->man.e, v->man.n, sizeof(*v->man.e), cmp_entry);
	if (v->sha.n > 0)
		qsort(v->sha.e, v->sha.n, sizeof(*v->sha.e), cmp_entry);
	for (i = 0; i < v->nm; i++) {
		m = &v->m[i];
		if ((e = find_entry(&v->man, m->path)) == NULL ||
		    e->excluded != NULL) {
			vfinding(v, CHECK_VERIFY_MEMBER_UNLISTED, m->path, NULL,
			    e != NULL ? e->excluded : NULL, 0);
			continue;
		}
		e->seen = true;
		m->listed = true;
		if (m->hardlink || m->sha256[0] == '\0')
			continue;
		if (e->has_size && m->size != e->size) {
			snprintf(ev, sizeof(ev), "%llu bytes, the manifest "
			    "says %llu", (unsigned long long)m->size,
			    (unsigned long long)e->size);
			vfinding(v, CHECK_VERIFY_SIZE_MISMATCH, m->path, ev,
			    NULL, 0);
			continue;
		}
		s = e->sha256[0] != '\0' ? e : find_entry(&v->sha, m->path);
		if (s != NULL && s->error != NULL)
			vfinding(v, CHECK_VERIFY_UNREADABLE, m->path, s->error,
			    NULL, 0);
		else if (s == NULL || s->sha256[0] == '\0')
			vfinding(v, CHECK_VERIFY_HASH_MISMATCH, m->path, NULL,
			    "no SHA-256 in the manifest", 0);
		else if (strcmp(s->sha256, m->sha256) != 0) {
			snprintf(ev, sizeof(ev), "%s, the manifest says %s",
			    m->sha256, s->sha256);
			vfinding(v, CHECK_VERIFY_HASH_MISMATCH, m->path, ev,
			    NULL, 0);
		}
	}
	for (i = 0; i < v->man.n; i++) {
		e = &v->man.e[i];
		if (e->seen || e->excluded != NULL)
			continue;
		s = e->error != NULL ? e : find_entry(&v->sha, e->path);
		if (s != NULL && s->error != NULL)
			vfinding(v, CHECK_VERIFY_UNREADABLE, e->path, s->error,
			    "left out", 0);
		else
			vfinding(v, CHECK_VERIFY_MEMBER_MISSING, e->path, NULL,
			    NULL, 0);
	}
}

static void
vlist_release(struct vlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		man_entry_release(&l->e[i]);
	free(l->e);
}

int
exp_verify(const struct exp_verify_opts *o, struct report *r,
    struct rctx *ctx)
{
	struct verify	v;
	size_t		i;
	int		rc = EXIT_TARGET;

	memset(&v, 0, sizeof(v));
	v.o = o;
	v.r = r;
	v.ctx = ctx;
	v.buf = xmalloc(VERIFY_CHUNK);
	v.head = xmalloc(VERIFY_HEAD);
	v.cs = content_stream_new(CONTENT_MINER);
	if (o->allow_keys != NULL && load_allow(&v) < 0)
		goto out;
	if (o->manifest != NULL && load_beside(&v) < 0)
		goto out;
	if (read_archive(&v) < 0)
		goto out;
	compare(&v);
	if (v.damaged)
		rc = EXIT_TARGET;
	else
		rc = report_worst(r) >= SEV_MEDIUM ? EXIT_FINDINGS : EXIT_CLEAN;
	report_record(r, &(struct record){ "summary", (const struct field[]){
	    FSTR("archive", o->archive), FINT("members", v.nm),
	    FINT("listed", v.man.n), FBOOL("damaged", v.damaged), FEND } });
out:
	for (i = 0; i < v.nm; i++)
		free(v.m[i].path);
	free(v.m);
	for (i = 0; i < v.nallow; i++)
		free(v.allow[i]);
	free(v.allow);
	vlist_release(&v.man);
	vlist_release(&v.sha);
	content_stream_free(v.cs);
	free(v.buf);
	free(v.head);
	return rc;
}
