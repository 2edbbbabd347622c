/*
 * cmdrules.c - the rules of cmdrules.def over lexed command lines: each
 * simple command is resolved to the program it runs, then judged with
 * what it reads from (its pipeline, its substitutions) and what the
 * line did before it (files downloaded, shells copied)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/cmdrules.h"
#include "rules/shlex.h"

static const struct {
	const char	*name;
	enum severity	 sev;
	const char	*summary;
} rules[] = {
#define RULE(id, name, sev, summary) { name, sev, summary },
#include "rules/cmdrules.def"
#undef RULE
};

#define MAXDEPTH	4	/* bash -c inside $( ) inside eval ... */
/*
 * Texts judged per line.  Substitutions at one depth are disjoint and
 * bash -c strings are copies of words, so the work is already linear
 * in the line times MAXDEPTH; this only caps the per-call overhead.
 */
#define MAXCALLS	65536
#define MAXCMD		96
#define MAXARGV		48
#define MAXREDIR	8
#define MAXASSIGN	8
#define NNAMES		8
#define NAMELEN		64

/* How bad the source of a download is, worst wins. */
enum { RISK_NONE, RISK_VENDOR, RISK_NORMAL, RISK_BAD };

/* What a command is, as bits. */
#define K_SHELL		0x001
#define K_INTERP	0x002	/* python, perl, ruby, php, node, lua */
#define K_DOWNLOAD	0x004
#define K_DECODE	0x008
#define K_NET		0x010	/* nc, telnet, socat, openssl s_client */
#define K_KILL		0x020
#define K_GREP		0x040
#define K_SEARCH	0x080	/* reads, never runs, its arguments */
#define K_ECHO		0x100
#define K_RULES		0x200	/* some rule judges it by name */
#define K_PREFIX	0x400	/* sudo, env, nohup: runs what follows */
#define K_RESERVED	0x800	/* if, then, do, !: a command follows */
#define K_MINER		0x1000

struct hit {
	bool		 set;
	uint8_t		 conf;
	size_t		 off, len;
	const char	*detail;
};

/* What a judged text ran, for the command that reads its output. */
struct summary {
	uint8_t		 risk;		/* of downloads, RISK_NONE if none */
	bool		 download, decode;
};

struct judge {
	const char	*base;
	size_t		 blen;
	unsigned	 calls;
	struct hit	 hit[CMDRULE__COUNT];
	/* Files the line downloaded and shells it copied, by basename. */
	char		 dl[NNAMES][NAMELEN];
	uint8_t		 dlrisk[NNAMES];
	size_t		 ndl;
	char		 shcopy[NNAMES][NAMELEN];
	size_t		 nshcopy;
	bool		 devtcp_fd;	/* exec N<>/dev/tcp/... seen */
	struct sh_lex	 lex[MAXDEPTH + 1];
};

struct cmd {
	uint16_t	 argv[MAXARGV];
	uint16_t	 argc;
	uint16_t	 redir[MAXREDIR];	/* the operator; target after */
	uint16_t	 nredir;
	uint16_t	 assign[MAXASSIGN];
	uint16_t	 nassign;
	uint16_t	 first, end;		/* its tokens */
	uint8_t		 sep;			/* operator before it */
	uint8_t		 depth;			/* in ( ) groups */
	unsigned	 kind;
	const char	*name;			/* basename of argv[0] or "" */
};

/* One lexed piece of a text, with where its bytes are. */
struct seg {
	const char	*txt;		/* what lx lexed */
	bool		 raw;		/* txt lies in the judged line */
	size_t		 fb_off, fb_len;	/* span to report otherwise */
	int		 depth;
	struct sh_lex	*lx;
	struct cmd	 cmd[MAXCMD];
	size_t		 ncmd;
	struct summary	 subsum[SH_MAXSUB];
};

static void	judge_text(struct judge *, const char *, size_t, bool, size_t,
		    size_t, int, struct summary *);

/* ---- small string helpers ---- */

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Whether S (N bytes) holds NEEDLE (lowercase), ignoring case. */
static bool
ci_has(const char *s, size_t n, const char *needle)
{
	size_t	m = strlen(needle), i, k;

	if (m == 0 || n < m)
		return m == 0;
	for (i = 0; i + m <= n; i++) {
		if (lower(s[i]) != needle[0])
			continue;
		for (k = 1; k < m && lower(s[i + k]) == needle[k]; k++)
			;
		if (k == m)
			return true;
	}
	return false;
}

static bool
ci_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower(*a) != lower(*b))
			return false;
	return *a == *b;
}

static bool
starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool
ends(const char *s, const char *p)
{
	size_t	n = strlen(s), m = strlen(p);

	return n >= m && memcmp(s + n - m, p, m) == 0;
}

static const char *
base_name(const char *s)
{
	const char	*p = strrchr(s, '/');

	return p ? p + 1 : s;
}

static bool
in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

static bool
ci_in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (ci_eq(s, *set))
			return true;
	return false;
}

/* ---- paths, hosts and URLs ---- */

static const char *const temp_roots[] = { "tmp", "var/tmp", "dev/shm",
	"run/shm", "dev/mqueue", NULL };

/* Dot directories that programs and toolchains make everywhere. */
static const char *const common_dots[] = { ".local", ".cache", ".config",
	".cargo", ".rustup", ".nvm", ".npm", ".pyenv", ".rbenv", ".venv",
	".virtualenvs", ".git", ".github", ".vscode-server", ".vscode",
	".sdkman", ".deno", ".bun", ".yarn", ".gem", ".conda", ".dotnet",
	".asdf", ".volta", ".poetry", ".jenv", ".krew", ".oh-my-zsh", ".fzf",
	".tmux", ".vim", ".emacs.d", ".bin", ".docker", ".kube", ".m2",
	".gradle", ".build-id", ".terraform", ".ansible", ".nix-profile",
	".linuxbrew", ".composer", ".pub-cache", ".platformio", ".opam",
	".cabal", ".ghcup", ".juliaup", ".tox", ".nox", ".husky", ".acme.sh",
	".rvm", ".bashrc", ".profile", ".bash_profile", ".bash_login",
	".bash_logout", ".bash_aliases", ".zshrc", ".zprofile", ".zshenv",
	".kshrc", ".cshrc", ".xinitrc", ".xsession", ".xprofile",
	".dropbox-dist", ".cursor-server", ".pm2", ".fly", ".pulumi",
	".tfenv", ".goenv", ".nodenv", ".wasmtime", ".wasmer", ".foundry",
	".elan", ".nimble", ".jbang", NULL };

/*
 * Whether a component of PATH starts with '.' and is not ., .. or a
 * common dot directory.  The last component counts too: ./.x runs a
 * hidden file.
 */
static bool
has_hidden(const char *path)
{
	char		 comp[NAMELEN];
	const char	*p = path, *e;
	size_t		 n;

	while (*p) {
		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e ? (size_t)(e - p) : strlen(p);
		if (n > 1 && p[0] == '.' && !(n == 2 && p[1] == '.')) {
			if (n >= sizeof(comp))
				return true;
			memcpy(comp, p, n);
			comp[n] = '\0';
			if (!in_set(comp, common_dots))
				return true;
		}
		p += n;
	}
	return false;
}

static bool
under_temp(const char *path)
{
	const char *const	*r;
	const char		*p = path;
	size_t			 n;

	if (*p != '/')
		return false;
	while (*p == '/')
		p++;
	for (r = temp_roots; *r; r++) {
		n = strlen(*r);
		if (strncmp(p, *r, n) == 0 && (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

bool
cmd_is_temp_path(const char *path)
{
	if (path == NULL || path[0] != '/')
		return false;
	return under_temp(path) || has_hidden(path);
}

/* Relative or ~ paths too: ./.x/run, ~/.configrc/a/run. */
static bool
shady_path(const char *path)
{
	return under_temp(path) || has_hidden(path);
}

/* One inet_aton(3) part: decimal, 0x hex or 0 octal. */
static bool
ip_part(const char *s, size_t n, uint64_t *v)
{
	unsigned	base = 10, d;
	size_t		i = 0;

	if (n == 0 || n > 12)
		return false;
	if (n > 1 && s[0] == '0' && lower(s[1]) == 'x') {
		base = 16;
		i = 2;
		if (n == 2)
			return false;
	} else if (n > 1 && s[0] == '0')
		base = 8;
	for (*v = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = (unsigned)(s[i] - '0');
		else if (base == 16 && lower(s[i]) >= 'a' &&
		    lower(s[i]) <= 'f')
			d = (unsigned)(lower(s[i]) - 'a' + 10);
		else
			return false;
		if (d >= base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

static bool
ipv4(const char *s, size_t n, uint32_t *addr)
{
	uint64_t	part[4], v;
	size_t		np = 0, i, start = 0;

	if (n > 0 && s[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (np == 4 || !ip_part(s + start, i - start, &part[np]))
			return false;
		np++;
		start = i + 1;
	}
	if (np == 0)
		return false;
	for (i = 0; i + 1 < np; i++)
		if (part[i] > 255)
			return false;
	if (part[np - 1] >= (uint64_t)1 << (8 * (5 - np)))
		return false;
	for (v = 0, i = 0; i + 1 < np; i++)
		v |= part[i] << (24 - 8 * i);
	*addr = (uint32_t)(v | part[np - 1]);
	return true;
}

static bool
ipv6(const char *s, size_t n)
{
	size_t	i, colons = 0;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == ':')
			colons++;
		else if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		    (lower(s[i]) >= 'a' && lower(s[i]) <= 'f')))
			return false;
	}
	return colons >= 2;
}

/* 1 public address, 0 private, loopback or link-local, -1 a name. */
static int
host_ip(const char *h, size_t n)
{
	uint32_t	a;

	if (ipv4(h, n, &a)) {
		if ((a >> 24) == 10 || (a >> 24) == 127 || (a >> 24) == 0 ||
		    (a >> 16) == 0xa9fe || (a >> 20) == 0xac1 ||
		    (a >> 16) == 0xc0a8 || (a >> 22) == (100 << 2 | 1))
			return 0;
		return 1;
	}
	if (ipv6(h, n)) {
		if (n >= 2 && h[0] == '[') {
			h++;
			n -= 2;
		}
		if ((n == 3 && memcmp(h, "::1", 3) == 0) ||
		    (n == 2 && memcmp(h, "::", 2) == 0) ||
		    (n >= 2 && (lower(h[0]) == 'f') && (lower(h[1]) == 'c' ||
		    lower(h[1]) == 'd' || lower(h[1]) == 'e')))
			return 0;
		return 1;
	}
	return -1;
}

bool
host_is_raw_ip(const char *host)
{
	return host != NULL && host_ip(host, strlen(host)) >= 0;
}

static bool
url_byte(char c)
{
	return (unsigned char)c > ' ' && c != '"' && c != '\'' && c != '`' &&
	    c != '<' && c != '>' && c != '|' && c != ';' && c != ')' &&
	    c != '(' && c != '\\' && c != 0x7f;
}

static bool
scheme_byte(char c)
{
	c = lower(c);
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
	    c == '.' || c == '-';
}

bool
cmd_url_next(const char *s, size_t len, size_t *pos, struct cmd_url *u)
{
	size_t	i, st, h, e, at, k;

	for (i = *pos; i + 3 <= len; i++) {
		if (s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/')
			continue;
		for (st = i; st > *pos && scheme_byte(s[st - 1]); st--)
			;
		while (st < i && !(lower(s[st]) >= 'a' && lower(s[st]) <= 'z'))
			st++;
		if (st == i)
			continue;
		h = i + 3;
		for (e = h; e < len && url_byte(s[e]); e++)
			;
		/* The authority ends at / ? #; a user@ goes. */
		for (k = h, at = h; k < e && s[k] != '/' && s[k] != '?' &&
		    s[k] != '#'; k++)
			if (s[k] == '@')
				at = k + 1;
		u->off = st;
		u->len = e - st;
		u->scheme_len = i - st;
		u->host_off = at;
		if (at < k && s[at] == '[') {
			for (h = at; h < k && s[h] != ']'; h++)
				;
			u->host_len = (h < k ? h + 1 : k) - at;
		} else {
			for (h = at; h < k && s[h] != ':'; h++)
				;
			u->host_len = h - at;
		}
		*pos = e > i + 3 ? e : i + 3;
		return true;
	}
	*pos = len;
	return false;
}

/* Paste, file-drop, tunnel and callback services, and subdomains. */
static const char *const drop_sites[] = { "pastebin.com", "paste.ee",
	"pastebin.pl", "hastebin.com", "ghostbin.co", "ghostbin.com",
	"rentry.co", "rentry.org", "ix.io", "sprunge.us", "termbin.com",
	"transfer.sh", "0x0.st", "file.io", "temp.sh", "anonfiles.com",
	"anonfile.com", "bashupload.com", "oshi.at", "catbox.moe",
	"filebin.net", "tmpfiles.org", "gofile.io", "ngrok.io", "ngrok.app",
	"ngrok-free.app", "ngrok.dev", "trycloudflare.com", "serveo.net",
	"pastie.org", "dpaste.com", "dpaste.org", "paste.rs", "justpaste.it",
	"controlc.com", "uguu.se", "pixeldrain.com", "cdn.discordapp.com",
	"duckdns.org", "ddns.net", "hopto.org", "zapto.org", "onion",
	"oast.fun", "oast.pro", "oast.live", "oast.site", "oast.online",
	"oast.me", "interact.sh", "webhook.site", "requestbin.net",
	"burpcollaborator.net", "pipedream.net", "portmap.io", "loca.lt",
	"localtunnel.me", "bore.pub", NULL };

/*
 * Official install scripts that admins pipe into a shell every day:
 * a host (and its subdomains), or host/path prefix.
 */
static const char *const vendor_sites[] = { "get.docker.com",
	"test.docker.com", "sh.rustup.rs", "static.rust-lang.org",
	"deb.nodesource.com", "rpm.nodesource.com", "get.k3s.io",
	"get.rke2.io", "install.python-poetry.org", "bootstrap.pypa.io",
	"deno.land", "bun.sh", "fnm.vercel.app", "sdk.cloud.google.com",
	"get.sdkman.io", "get.rvm.io", "install.determinate.systems",
	"nixos.org", "tailscale.com", "pkgs.tailscale.com",
	"packagecloud.io", "getcomposer.org", "ollama.com", "astral.sh",
	"get.pnpm.io", "starship.rs", "get.acme.sh", "dl.k8s.io",
	"packages.gitlab.com", "get.helm.sh", "download.docker.com",
	"install.ohmyz.sh", "cli.github.com", "apt.releases.hashicorp.com",
	"github.com", "objects.githubusercontent.com",
	"raw.githubusercontent.com/nvm-sh/",
	"raw.githubusercontent.com/ohmyzsh/",
	"raw.githubusercontent.com/Homebrew/",
	"raw.githubusercontent.com/helm/", NULL };

/* Host N bytes at H is SITE or a subdomain of it. */
static bool
host_is(const char *h, size_t n, const char *site)
{
	size_t	m = strlen(site), i;

	if (n < m)
		return false;
	for (i = 0; i < m; i++)
		if (lower(h[n - m + i]) != site[i])
			return false;
	return n == m || h[n - m - 1] == '.';
}

static bool
host_in(const char *h, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (strchr(*set, '/') == NULL && host_is(h, n, *set))
			return true;
	return false;
}

/* The site after the scheme: "raw.githubusercontent.com/nvm-sh/...". */
static bool
url_vendor(const char *s, const struct cmd_url *u)
{
	const char *const	*v;
	const char		*rest = s + u->host_off;
	size_t			 n = u->off + u->len - u->host_off, m;

	if (host_in(s + u->host_off, u->host_len, vendor_sites))
		return true;
	for (v = vendor_sites; *v; v++) {
		m = strlen(*v);
		if (strchr(*v, '/') && n >= m && memcmp(rest, *v, m) == 0)
			return true;
	}
	return false;
}

enum hclass { HC_NAME, HC_PRIVATE, HC_PUBLIC_IP, HC_DROP, HC_VENDOR };

static enum hclass
url_class(const char *s, const struct cmd_url *u)
{
	const char	*h = s + u->host_off;
	size_t		 n = u->host_len;
	int		 ip = host_ip(h, n);

	if (ip == 1)
		return HC_PUBLIC_IP;
	if (ip == 0)
		return HC_PRIVATE;
	if (host_in(h, n, drop_sites))
		return HC_DROP;
	if (url_vendor(s, u))
		return HC_VENDOR;
	return HC_NAME;
}

static uint8_t
class_risk(enum hclass c)
{
	switch (c) {
	case HC_PUBLIC_IP:
	case HC_DROP:
		return RISK_BAD;
	case HC_VENDOR:
		return RISK_VENDOR;
	default:
		return RISK_NORMAL;
	}
}

/* ---- reporting ---- */

static void
hit_at(struct judge *j, enum cmd_rule r, uint8_t conf, size_t off,
    size_t len, const char *detail)
{
	struct hit	*h = &j->hit[r];

	if (off > j->blen)
		off = j->blen;
	if (len > j->blen - off)
		len = j->blen - off;
	if (h->set && h->conf >= conf)
		return;
	h->set = true;
	h->conf = conf;
	h->off = off;
	h->len = len;
	h->detail = detail;
}

/* Rule R fired on token TI of segment S. */
static void
fire(struct judge *j, const struct seg *s, enum cmd_rule r, uint8_t conf,
    size_t ti, const char *detail)
{
	const struct sh_tok	*t = &s->lx->tok[ti];

	if (s->raw)
		hit_at(j, r, conf, (size_t)(s->txt - j->base) + t->off, t->len,
		    detail);
	else
		hit_at(j, r, conf, s->fb_off, s->fb_len, detail);
}

/* ---- commands ---- */

static const char *
tx(const struct seg *s, size_t ti)
{
	return sh_text(s->lx, &s->lx->tok[ti]);
}

static const char *
arg(const struct seg *s, const struct cmd *c, size_t i)
{
	return i < c->argc ? tx(s, c->argv[i]) : "";
}

static bool
has_arg(const struct seg *s, const struct cmd *c, const char *a)
{
	size_t	i;

	for (i = 1; i < c->argc; i++)
		if (strcmp(arg(s, c, i), a) == 0)
			return true;
	return false;
}

/* A short option letter alone or in a cluster ("-e", "-nve"). */
static bool
has_short(const struct seg *s, const struct cmd *c, char letter)
{
	const char	*a;
	size_t		 i;

	for (i = 1; i < c->argc; i++) {
		a = arg(s, c, i);
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] != '-' && a[1] != '\0' &&
		    strchr(a + 1, letter) != NULL)
			return true;
	}
	return false;
}

/* The redirection operator token's target word, or NULL. */
static const char *
redir_target(const struct seg *s, size_t ri)
{
	if (ri + 1 < s->lx->ntok && s->lx->tok[ri + 1].type == SH_WORD)
		return tx(s, ri + 1);
	return NULL;
}

static bool
is_assignment(const char *w)
{
	const char	*p = w;

	if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    *p == '_'))
		return false;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	return *p == '=' || (p[0] == '+' && p[1] == '=');
}

static const char *const shells[] = { "sh", "bash", "dash", "zsh", "ksh",
	"mksh", "ash", "csh", "tcsh", "fish", "rbash", "ksh93", NULL };
static const char *const ncs[] = { "nc", "ncat", "netcat",
	"nc.traditional", "nc.openbsd", "cryptcat", NULL };
/* Every program a rule looks at by name, in strcmp order (bsearch). */
static const struct prog {
	const char	*name;
	unsigned	 kind;
} progs[] = {
	{ "!", K_RESERVED },
	{ ".", K_RULES },
	{ "GET", K_DOWNLOAD },
	{ "aa-teardown", K_RULES },
	{ "ack", K_GREP | K_SEARCH },
	{ "addgroup", K_RULES },
	{ "adduser", K_RULES },
	{ "ag", K_GREP | K_SEARCH },
	{ "apropos", K_SEARCH },
	{ "apt-cache", K_SEARCH },
	{ "aria2c", K_DOWNLOAD },
	{ "ash", K_SHELL },
	{ "auditctl", K_RULES },
	{ "awk", K_RULES | K_SEARCH },
	{ "axel", K_DOWNLOAD },
	{ "base32", K_RULES },
	{ "base64", K_RULES },
	{ "basename", K_SEARCH },
	{ "basenc", K_RULES },
	{ "bash", K_SHELL },
	{ "bminer", K_MINER },
	{ "busybox", K_PREFIX },
	{ "caffeinate", K_PREFIX },
	{ "cat", K_SEARCH },
	{ "ccminer", K_MINER },
	{ "cgexec", K_PREFIX },
	{ "chattr", K_RULES },
	{ "chkconfig", K_RULES },
	{ "chmod", K_RULES },
	{ "chpasswd", K_RULES },
	{ "chroot", K_PREFIX },
	{ "chrt", K_PREFIX },
	{ "command", K_PREFIX },
	{ "cp", K_RULES },
	{ "crontab", K_RULES },
	{ "cryptcat", K_NET },
	{ "csf", K_RULES },
	{ "csh", K_SHELL },
	{ "curl", K_DOWNLOAD },
	{ "cut", K_SEARCH },
	{ "dash", K_SHELL },
	{ "dd", K_RULES },
	{ "declare", K_RULES },
	{ "diff", K_SEARCH },
	{ "dirname", K_SEARCH },
	{ "do", K_RESERVED },
	{ "doas", K_PREFIX },
	{ "docker", K_SEARCH },
	{ "done", K_RESERVED },
	{ "dpkg", K_SEARCH },
	{ "echo", K_ECHO | K_RULES },
	{ "egrep", K_GREP | K_SEARCH },
	{ "elif", K_RESERVED },
	{ "else", K_RESERVED },
	{ "emacs", K_SEARCH },
	{ "env", K_PREFIX },
	{ "ethminer", K_MINER },
	{ "eval", K_RULES },
	{ "exec", K_PREFIX },
	{ "export", K_RULES },
	{ "fetch", K_DOWNLOAD },
	{ "fgrep", K_GREP | K_SEARCH },
	{ "fi", K_RESERVED },
	{ "file", K_SEARCH },
	{ "find", K_RULES | K_SEARCH },
	{ "fish", K_SHELL },
	{ "flock", K_PREFIX },
	{ "ftp", K_DOWNLOAD },
	{ "ftpget", K_DOWNLOAD },
	{ "fuser", K_SEARCH },
	{ "gawk", K_RULES },
	{ "git", K_SEARCH },
	{ "gminer", K_MINER },
	{ "gpasswd", K_RULES },
	{ "grep", K_GREP | K_SEARCH },
	{ "head", K_SEARCH },
	{ "help", K_SEARCH },
	{ "hexdump", K_SEARCH },
	{ "history", K_RULES | K_SEARCH },
	{ "htop", K_SEARCH },
	{ "if", K_RESERVED },
	{ "info", K_SEARCH },
	{ "insmod", K_RULES },
	{ "install", K_RULES },
	{ "ionice", K_PREFIX },
	{ "journalctl", K_RULES | K_SEARCH },
	{ "jq", K_SEARCH },
	{ "kill", K_KILL | K_RULES },
	{ "killall", K_KILL | K_RULES },
	{ "ksh", K_SHELL },
	{ "ksh93", K_SHELL },
	{ "less", K_SEARCH },
	{ "ln", K_RULES },
	{ "local", K_RULES },
	{ "locate", K_SEARCH },
	{ "lolminer", K_MINER },
	{ "ls", K_SEARCH },
	{ "lsof", K_SEARCH },
	{ "ltrace", K_PREFIX },
	{ "lua", K_INTERP },
	{ "luajit", K_INTERP },
	{ "lwp-download", K_DOWNLOAD },
	{ "lwp-request", K_DOWNLOAD },
	{ "man", K_SEARCH },
	{ "md5sum", K_SEARCH },
	{ "mksh", K_SHELL },
	{ "modprobe", K_RULES },
	{ "more", K_SEARCH },
	{ "mount", K_RULES },
	{ "mv", K_RULES },
	{ "nano", K_SEARCH },
	{ "nc", K_NET },
	{ "nc.openbsd", K_NET },
	{ "nc.traditional", K_NET },
	{ "ncat", K_NET },
	{ "netcat", K_NET },
	{ "nft", K_RULES },
	{ "nice", K_PREFIX },
	{ "node", K_INTERP },
	{ "nodejs", K_INTERP },
	{ "nohup", K_PREFIX },
	{ "nsenter", K_PREFIX },
	{ "nvim", K_SEARCH },
	{ "od", K_SEARCH },
	{ "openssl", K_RULES },
	{ "passwd", K_RULES },
	{ "perl", K_INTERP },
	{ "perl5", K_INTERP },
	{ "pgrep", K_SEARCH },
	{ "phoenixminer", K_MINER },
	{ "pidof", K_SEARCH },
	{ "pkill", K_KILL | K_RULES },
	{ "printf", K_ECHO | K_RULES },
	{ "proxychains", K_PREFIX },
	{ "proxychains4", K_PREFIX },
	{ "ps", K_SEARCH },
	{ "pwncat", K_NET },
	{ "pwsh", K_INTERP },
	{ "rbash", K_SHELL },
	{ "rc-service", K_RULES },
	{ "readlink", K_SEARCH },
	{ "readonly", K_RULES },
	{ "realpath", K_SEARCH },
	{ "rg", K_GREP | K_SEARCH },
	{ "rm", K_RULES },
	{ "rpm", K_SEARCH },
	{ "rsync", K_RULES },
	{ "ruby", K_INTERP },
	{ "runuser", K_RULES },
	{ "scp", K_RULES },
	{ "sed", K_RULES | K_SEARCH },
	{ "service", K_RULES },
	{ "set", K_RULES },
	{ "setenforce", K_RULES },
	{ "setsid", K_PREFIX },
	{ "sh", K_SHELL },
	{ "sha1sum", K_SEARCH },
	{ "sha256sum", K_SEARCH },
	{ "shred", K_RULES },
	{ "socat", K_NET | K_RULES },
	{ "sort", K_SEARCH },
	{ "source", K_RULES },
	{ "srbminer", K_MINER },
	{ "srbminer-multi", K_MINER },
	{ "srm", K_RULES },
	{ "ssh", K_RULES },
	{ "stat", K_SEARCH },
	{ "stdbuf", K_PREFIX },
	{ "strace", K_PREFIX },
	{ "strings", K_SEARCH },
	{ "su", K_RULES },
	{ "sudo", K_PREFIX },
	{ "sudoedit", K_SEARCH },
	{ "systemctl", K_RULES },
	{ "systemd-run", K_PREFIX },
	{ "t-rex", K_MINER },
	{ "tail", K_SEARCH },
	{ "taskset", K_PREFIX },
	{ "tcsh", K_SHELL },
	{ "teamredminer", K_MINER },
	{ "tee", K_RULES },
	{ "telnet", K_NET },
	{ "tftp", K_DOWNLOAD },
	{ "then", K_RESERVED },
	{ "time", K_RESERVED },
	{ "timeout", K_PREFIX },
	{ "top", K_SEARCH },
	{ "torsocks", K_PREFIX },
	{ "touch", K_RULES },
	{ "tr", K_SEARCH },
	{ "truncate", K_RULES },
	{ "type", K_SEARCH },
	{ "typeset", K_RULES },
	{ "ufw", K_RULES },
	{ "unbuffer", K_PREFIX },
	{ "uniq", K_SEARCH },
	{ "unlink", K_RULES },
	{ "unset", K_RULES },
	{ "until", K_RESERVED },
	{ "update-rc.d", K_RULES },
	{ "useradd", K_RULES },
	{ "usermod", K_RULES },
	{ "uudecode", K_RULES },
	{ "vi", K_SEARCH },
	{ "view", K_SEARCH },
	{ "vim", K_SEARCH },
	{ "watch", K_PREFIX },
	{ "wc", K_SEARCH },
	{ "wget", K_DOWNLOAD },
	{ "wget2", K_DOWNLOAD },
	{ "whatis", K_SEARCH },
	{ "whereis", K_SEARCH },
	{ "which", K_SEARCH },
	{ "while", K_RESERVED },
	{ "wipe", K_RULES },
	{ "xargs", K_PREFIX },
	{ "xxd", K_RULES | K_SEARCH },
	{ "zcat", K_SEARCH },
	{ "zgrep", K_GREP | K_SEARCH },
	{ "zless", K_SEARCH },
	{ "zsh", K_SHELL },
	{ "{", K_RESERVED },
	{ "}", K_RESERVED },
};

struct prefix {
	const char	*name;
	const char	*argopts;	/* short options taking a value */
	int		 positional;	/* words before the command */
};

static const struct prefix prefixes[] = {
	{ "sudo", "ugpChrtUDR", 0 }, { "doas", "uC", 0 },
	{ "env", "uSC", 0 }, { "nohup", "", 0 }, { "timeout", "sk", 1 },
	{ "busybox", "", 0 }, { "exec", "a", 0 }, { "command", "", 0 },
	{ "nice", "n", 0 }, { "ionice", "cnp", 0 }, { "setsid", "", 0 },
	{ "stdbuf", "ioe", 0 }, { "xargs", "InPdLsEa", 0 },
	{ "torsocks", "", 0 }, { "proxychains", "f", 0 },
	{ "proxychains4", "f", 0 }, { "chroot", "", 1 },
	{ "taskset", "", 1 }, { "unbuffer", "", 0 }, { "chrt", "", 1 },
	{ "cgexec", "g", 0 }, { "nsenter", "tS", 0 }, { "strace", "oesp", 0 },
	{ "ltrace", "o", 0 }, { "watch", "nd", 0 }, { "flock", "wE", 1 },
	{ "caffeinate", "", 0 }, { "systemd-run", "", 0 },
};

static int
prog_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct prog *)elem)->name);
}

static const struct prog *
find_prog(const char *name)
{
	return bsearch(name, progs, sizeof(progs) / sizeof(progs[0]),
	    sizeof(progs[0]), prog_cmp);
}

static const struct prefix *
find_prefix(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strcmp(name, prefixes[i].name) == 0)
			return &prefixes[i];
	return NULL;
}

/* systemd's "-/usr/bin/x" and "@/usr/bin/x" run /usr/bin/x. */
static const char *
strip_exec_prefix(const char *w)
{
	const char	*p = w;

	while (*p && strchr("-@+!:", *p) != NULL)
		p++;
	return p != w && *p == '/' ? p : w;
}

/* Skip sudo, env, nohup...: C's argv then starts at the program. */
static void
resolve(const struct seg *s, struct cmd *c)
{
	const struct prefix	*pf;
	const struct prog	*p;
	const char		*w;
	size_t			 k = 0, skip;
	int			 pos;

	while (k < c->argc) {
		w = base_name(strip_exec_prefix(tx(s, c->argv[k])));
		p = find_prog(w);
		if (p != NULL && (p->kind & K_RESERVED)) {
			k++;
			continue;
		}
		if (p == NULL || !(p->kind & K_PREFIX) ||
		    (pf = find_prefix(w)) == NULL)
			break;
		k++;
		if (strcmp(w, "command") == 0 && k < c->argc &&
		    tx(s, c->argv[k])[0] == '-' &&
		    strpbrk(tx(s, c->argv[k]), "vV") != NULL) {
			c->kind |= K_SEARCH;
			k = c->argc;
			break;
		}
		for (pos = pf->positional; k < c->argc; k++) {
			w = tx(s, c->argv[k]);
			if (strcmp(w, "--") == 0) {
				k++;
				break;
			}
			if (w[0] == '-' && w[1] != '\0') {
				skip = w[1] != '-' && w[2] == '\0' &&
				    strchr(pf->argopts, w[1]) != NULL;
				k += skip;
				continue;
			}
			if (strcmp(pf->name, "env") == 0 && is_assignment(w)) {
				if (c->nassign < MAXASSIGN)
					c->assign[c->nassign++] = c->argv[k];
				continue;
			}
			if (pos-- > 0)
				continue;
			break;
		}
	}
	if (k > c->argc)
		k = c->argc;
	memmove(c->argv, c->argv + k, (c->argc - k) * sizeof(c->argv[0]));
	c->argc = (uint16_t)(c->argc - k);
	c->name = c->argc ? base_name(strip_exec_prefix(tx(s, c->argv[0])))
	    : "";
	w = c->name;
	if ((p = find_prog(w)) != NULL)
		c->kind |= p->kind & ~(K_PREFIX | K_RESERVED);
	if (starts(w, "python") || starts(w, "php"))
		c->kind |= K_INTERP;
	if (starts(w, "iptables") || starts(w, "ip6tables") || (c->argc > 0 &&
	    (starts(tx(s, c->argv[0]), "/etc/init.d/") ||
	    starts(tx(s, c->argv[0]), "/etc/rc.d/init.d/"))))
		c->kind |= K_RULES;
	if (strcmp(w, "openssl") == 0 && has_arg(s, c, "s_client"))
		c->kind |= K_NET;
	if (!(c->kind & K_RULES))
		return;
	if (((strcmp(w, "base64") == 0 || strcmp(w, "base32") == 0 ||
	    strcmp(w, "basenc") == 0) && (has_short(s, c, 'd') ||
	    has_short(s, c, 'D') || has_arg(s, c, "--decode"))) ||
	    (strcmp(w, "xxd") == 0 && (has_short(s, c, 'r') ||
	    has_arg(s, c, "-revert"))) || strcmp(w, "uudecode") == 0 ||
	    (strcmp(w, "openssl") == 0 && has_arg(s, c, "-d")))
		c->kind |= K_DECODE;
}

static void
build(struct seg *s)
{
	struct sh_lex	*lx = s->lx;
	struct cmd	*c = &s->cmd[0];
	size_t		 i;
	uint8_t		 sep = SH_SEMI, depth = 0;
	const char	*w;

	s->ncmd = 0;
	memset(c, 0, sizeof(*c));
	for (i = 0; i <= lx->ntok; i++) {
		const struct sh_tok	*t = i < lx->ntok ? &lx->tok[i] : NULL;

		if (t == NULL || t->type == SH_OP) {
			if (c->argc || c->nredir || c->nassign) {
				c->end = (uint16_t)i;
				c->sep = sep;
				c->depth = depth;
				resolve(s, c);
				sep = SH_SEMI;
				if (++s->ncmd == MAXCMD)
					return;
				c = &s->cmd[s->ncmd];
			}
			memset(c, 0, sizeof(*c));
			c->first = (uint16_t)(i + 1);
			if (t == NULL)
				break;
			if (t->kind == SH_OPEN)
				depth++;
			else if (t->kind == SH_CLOSE)
				depth -= depth > 0;
			else
				sep = t->kind;
			continue;
		}
		if (t->type == SH_REDIR) {
			if (c->nredir < MAXREDIR)
				c->redir[c->nredir++] = (uint16_t)i;
			if (i + 1 < lx->ntok && lx->tok[i + 1].type == SH_WORD)
				i++;
			continue;
		}
		w = sh_text(lx, t);
		if (c->argc == 0 && is_assignment(w)) {
			if (c->nassign < MAXASSIGN)
				c->assign[c->nassign++] = (uint16_t)i;
		} else if (c->argc < MAXARGV)
			c->argv[c->argc++] = (uint16_t)i;
	}
}

/* Commands feeding command K through pipes (and ( ) groups). */
static size_t
upstream(const struct seg *s, size_t k, size_t *out, size_t max)
{
	size_t	n = 0, i;

	for (i = k; i > 0 && n < max; i--) {
		if (s->cmd[i].sep != SH_PIPE &&
		    s->cmd[i - 1].depth <= s->cmd[k].depth)
			break;
		out[n++] = i - 1;
	}
	return n;
}

/* Commands that command K feeds through pipes. */
static size_t
downstream(const struct seg *s, size_t k, size_t *out, size_t max)
{
	size_t	n = 0, i;

	for (i = k + 1; i < s->ncmd && n < max; i++) {
		if (s->cmd[i].sep != SH_PIPE)
			break;
		out[n++] = i;
	}
	return n;
}

/* ---- indicators in words ---- */

/* Substrings of miner programs, pools and options, with lengths. */
struct needle {
	const char	*s;
	size_t		 n;
};
#define NEEDLE(s)	{ s, sizeof(s) - 1 }
static const struct needle miner_needles[] = {
	NEEDLE("stratum+"), NEEDLE("stratum2+"), NEEDLE("xmrig"),
	NEEDLE("xmr-stak"), NEEDLE("minexmr"), NEEDLE("supportxmr"),
	NEEDLE("xmrpool"), NEEDLE("nanopool"), NEEDLE("2miners"),
	NEEDLE("hashvault"), NEEDLE("moneroocean"), NEEDLE("c3pool"),
	NEEDLE("herominers"), NEEDLE("f2pool"), NEEDLE("unmineable"),
	NEEDLE("nicehash"), NEEDLE("minergate"), NEEDLE("miningpoolhub"),
	NEEDLE("ethermine"), NEEDLE("monerohash"), NEEDLE("donate-level"),
	NEEDLE("cryptonight"), NEEDLE("cpuminer"), NEEDLE("nbminer"),
	NEEDLE("minerd"),
};

static const char *const malware[] = { "kinsing", "kdevtmpfsi",
	"kthreaddi", "kthreaddk", "kworkerds", "khugepageds", "watchbog",
	"sysupdate", "sysguard", "networkservice", "kerberods", "dbused",
	"dota3", "dota3.tar.gz", "tsm64", "tsm32", "kswapd0", "bins.sh",
	"xmr64", NULL };

static bool
base58(char c)
{
	return (c >= '1' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' &&
	    c != 'O') || (c >= 'a' && c <= 'z' && c != 'l');
}

/* A Monero address: 95 (or integrated, 106) base58, 4... or 8... */
static bool
monero_wallet(const char *w, size_t n)
{
	const char	*p = memchr(w, '.', n);
	size_t		 i;

	if (p != NULL)
		n = (size_t)(p - w);		/* wallet.worker */
	if ((n != 95 && n != 106) || (w[0] != '4' && w[0] != '8'))
		return false;
	for (i = 0; i < n; i++)
		if (!base58(w[i]))
			return false;
	return true;
}

/* Whether W (N bytes) holds lowercase NEEDLE (M bytes), any case. */
static bool
ci_has_n(const char *w, size_t n, const char *needle, size_t m)
{
	size_t	i, k;

	for (i = 0; i + m <= n; i++) {
		if (lower(w[i]) != needle[0])
			continue;
		for (k = 1; k < m && lower(w[i + k]) == needle[k]; k++)
			;
		if (k == m)
			return true;
	}
	return false;
}

/* What marks word W (N bytes) as a miner's, or NULL. */
static const char *
miner_word(const char *w, size_t n)
{
	bool	first[128] = { false };
	size_t	i;

	if (n < 5)
		return NULL;
	/* Only needles whose first letter occurs can match. */
	for (i = 0; i < n; i++)
		if ((unsigned char)w[i] < 128)
			first[(unsigned char)lower(w[i])] = true;
	for (i = 0; i < sizeof(miner_needles) / sizeof(miner_needles[0]);
	    i++)
		if (first[(unsigned char)miner_needles[i].s[0]] &&
		    ci_has_n(w, n, miner_needles[i].s, miner_needles[i].n))
			return miner_needles[i].s;
	if (monero_wallet(w, n))
		return "monero wallet";
	return NULL;
}

static const char *
malware_word(const char *w)
{
	const char	*b = base_name(w);

	return ci_in_set(b, malware) ? "malware name" : NULL;
}

/* ---- writes to files that matter ---- */

static const char *const hist_files[] = { ".bash_history", ".zsh_history",
	".sh_history", ".ash_history", ".history", ".mysql_history",
	".python_history", ".psql_history", ".node_repl_history",
	".lesshst", ".viminfo", ".histfile", NULL };
static const char *const key_logs[] = { "wtmp", "btmp", "lastlog", "utmp",
	"faillog", "tallylog", "auth.log", "secure", "messages", "syslog",
	"audit.log", "kern.log", "daemon.log", "user.log", "cron",
	"wtmp.1", "btmp.1", NULL };
static const char *const log_globs[] = { "", "*", "*.*", "*.log", "*log*",
	"**", ".", "*/*", NULL };

/* 2: logins, audit, syslog or history; 1: some other log; 0: none. */
static int
log_class(const char *p)
{
	const char	*b = base_name(p), *rest;

	if (in_set(b, hist_files) || ends(p, "_history"))
		return 2;
	if (strcmp(p, "/var/log") == 0 || strcmp(p, "/run/utmp") == 0 ||
	    strcmp(p, "/var/run/utmp") == 0)
		return 2;
	if (starts(p, "/var/log/") || starts(p, "/var/adm/")) {
		rest = p + 9;
		if (in_set(rest, log_globs) || in_set(b, key_logs) ||
		    starts(rest, "audit/") || starts(rest, "journal"))
			return 2;
		return 1;
	}
	if (in_set(b, key_logs) && strcmp(b, "messages") != 0 &&
	    strcmp(b, "cron") != 0 && strcmp(b, "secure") != 0 &&
	    strcmp(b, "syslog") != 0)
		return 2;
	return 0;
}

static bool
is_cron_path(const char *p)
{
	return starts(p, "/etc/cron") || starts(p, "/var/spool/cron") ||
	    starts(p, "/etc/anacrontab") || starts(p, "/var/spool/anacron");
}

static bool
is_system_path(const char *p)
{
	static const char *const sys[] = { "/bin", "/sbin", "/usr/", "/lib",
		"/boot/", "/etc/", "/var/spool/cron", "/var/log/", "/root/.ssh",
		"/opt/", NULL };
	const char *const	*q;

	for (q = sys; *q; q++)
		if (starts(p, *q))
			return true;
	return strstr(p, "/.ssh/") != NULL;
}

#define W_TRUNC		0x1	/* replaces the file */
#define W_APPEND	0x2
#define W_EDIT		0x4	/* sed -i */

/* Command C of S writes PATH (token TI) so. */
static void
write_to(struct judge *j, const struct seg *s, const struct cmd *c,
    size_t ti, const char *path, unsigned how)
{
	const char	*b = base_name(path);
	int		 lc;
	size_t		 i;
	bool		 pubs = c->argc > 1;

	if (strcmp(b, "authorized_keys") == 0 ||
	    strcmp(b, "authorized_keys2") == 0) {
		/* cat ~/id.pub >> authorized_keys is how admins do it */
		for (i = 1; i < c->argc; i++)
			if (!ends(arg(s, c, i), ".pub"))
				pubs = false;
		if (!(strcmp(c->name, "cat") == 0 && pubs))
			fire(j, s, CMDRULE_SSH_KEY_ADD, 1, ti,
			    "authorized_keys");
	}
	if (is_cron_path(path) && !(how & W_EDIT))
		fire(j, s, CMDRULE_CRON_WRITE, 1, ti, "cron file");
	if (strcmp(path, "/etc/passwd") == 0 || strcmp(path, "/etc/shadow") ==
	    0 || strcmp(path, "/etc/group") == 0 ||
	    strcmp(path, "/etc/gshadow") == 0)
		fire(j, s, CMDRULE_PASSWD_WRITE, 1, ti, "account file");
	if (strcmp(path, "/etc/sudoers") == 0 ||
	    starts(path, "/etc/sudoers.d/"))
		fire(j, s, CMDRULE_SUDOERS_WRITE, 1, ti, "sudoers");
	if (strcmp(path, "/etc/ld.so.preload") == 0)
		fire(j, s, CMDRULE_LD_PRELOAD, 2, ti, "/etc/ld.so.preload");
	if (ends(path, "selinux/enforce"))
		fire(j, s, CMDRULE_SELINUX_OFF, 1, ti, "selinux enforce");
	if ((how & (W_TRUNC | W_EDIT)) && (lc = log_class(path)) > 0)
		fire(j, s, lc == 2 ? CMDRULE_LOG_WIPE : CMDRULE_LOG_CLEANUP, 1,
		    ti, "log emptied or edited");
}

/* ---- per-program rules ---- */

static void
remember(char names[][NAMELEN], uint8_t *risk, size_t *n, const char *path,
    uint8_t r)
{
	const char	*b = base_name(path);
	size_t		 len = strlen(b), i;

	if (len == 0 || len >= NAMELEN || strcmp(b, "-") == 0)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(names[i], b) == 0) {
			if (risk && r > risk[i])
				risk[i] = r;
			return;
		}
	if (*n >= NNAMES)
		return;
	memcpy(names[*n], b, len + 1);
	if (risk)
		risk[*n] = r;
	(*n)++;
}

/* Risk of a download's file named as PATH's basename, or RISK_NONE. */
static uint8_t
downloaded(const struct judge *j, const char *path)
{
	const char	*b = base_name(path);
	size_t		 i;

	for (i = 0; i < j->ndl; i++)
		if (strcmp(j->dl[i], b) == 0)
			return j->dlrisk[i];
	return RISK_NONE;
}

/* The basename a URL saves to ("x.sh" of http://h/a/x.sh?q). */
static void
url_file(const char *w, const struct cmd_url *u, char *buf, size_t len)
{
	const char	*p = w + u->off, *e = p + u->len, *q, *slash = NULL;
	size_t		 n;

	/* scheme_len 0: a bare "203.0.113.9/x" that download() made up */
	for (q = u->scheme_len ? p + u->scheme_len + 3 : p; q < e &&
	    *q != '?' && *q != '#'; q++)
		if (*q == '/')
			slash = q;
	buf[0] = '\0';
	if (slash == NULL)
		return;
	n = (size_t)(q - slash - 1);
	if (n == 0 || n >= len)
		return;
	memcpy(buf, slash + 1, n);
	buf[n] = '\0';
}

/* A downloader: its URLs' risk, rules, and the file it writes. */
static uint8_t
download(struct judge *j, const struct seg *s, const struct cmd *c)
{
	struct cmd_url	 u;
	char		 ufile[NAMELEN] = "";
	const char	*w, *out = NULL;
	uint8_t		 risk = RISK_NONE;
	bool		 remote_name = false, wget, stdout_out = false;
	size_t		 i, pos, n;
	enum hclass	 hc;
	uint32_t	 a;

	wget = strcmp(c->name, "curl") != 0;
	for (i = 1; i < c->argc; i++) {
		w = arg(s, c, i);
		n = strlen(w);
		if ((strcmp(w, "-o") == 0 || strcmp(w, "--output") == 0 ||
		    (wget && strcmp(w, "-O") == 0)) && i + 1 < c->argc) {
			out = arg(s, c, ++i);
			continue;
		}
		if (starts(w, "--output-document=") || starts(w, "--output="))
			out = strchr(w, '=') + 1;
		else if (n > 2 && w[0] == '-' && (w[1] == 'o' || (wget &&
		    w[1] == 'O')))
			out = w + 2;
		if (!wget && (strcmp(w, "-O") == 0 ||
		    strcmp(w, "--remote-name") == 0 || (w[0] == '-' &&
		    w[1] != '-' && strchr(w, 'O'))))
			remote_name = true;
		pos = 0;
		if (cmd_url_next(w, n, &pos, &u)) {
			hc = url_class(w, &u);
		} else if (w[0] != '-' && (pos = strcspn(w, ":/")) > 0 &&
		    ipv4(w, pos, &a) && strchr(w, '.') != NULL) {
			/* wget 203.0.113.9/x: no scheme */
			u.off = 0;
			u.len = n;
			u.scheme_len = 0;
			u.host_off = 0;
			u.host_len = pos;
			hc = url_class(w, &u);
		} else
			continue;
		if (risk < class_risk(hc))
			risk = class_risk(hc);
		if (hc == HC_PUBLIC_IP)
			fire(j, s, CMDRULE_FETCH_RAW_IP, 1, c->argv[i],
			    "raw IP URL");
		else if (hc == HC_DROP)
			fire(j, s, CMDRULE_FETCH_DROP_SITE, 1, c->argv[i],
			    "paste or drop site");
		if (ufile[0] == '\0')
			url_file(w, &u, ufile, sizeof(ufile));
	}
	if (risk == RISK_NONE)
		risk = RISK_NORMAL;
	for (i = 0; i < c->nredir; i++) {
		const struct sh_tok *t = &s->lx->tok[c->redir[i]];

		if ((t->kind == SH_R_OUT || t->kind == SH_R_APPEND) &&
		    (t->fd == -1 || t->fd == 1) && redir_target(s, c->redir[i]))
			out = redir_target(s, c->redir[i]);
	}
	if (out != NULL && strcmp(out, "-") == 0)
		stdout_out = true;
	else if (out != NULL)
		write_to(j, s, c, c->argv[0], out, W_TRUNC);
	if (out != NULL && !stdout_out)
		remember(j->dl, j->dlrisk, &j->ndl, out, risk);
	else if ((remote_name || (wget && out == NULL)) && ufile[0])
		remember(j->dl, j->dlrisk, &j->ndl, ufile, risk);
	return risk;
}

static void
fire_download(struct judge *j, const struct seg *s, size_t ti,
    uint8_t risk, const char *detail)
{
	if (risk == RISK_BAD)
		fire(j, s, CMDRULE_DROPPER, 2, ti, detail);
	else if (risk == RISK_VENDOR)
		fire(j, s, CMDRULE_VENDOR_INSTALL, 1, ti, detail);
	else
		fire(j, s, CMDRULE_DOWNLOAD_EXEC, 1, ti, detail);
}

/* Whether interpreter C reads its program from standard input. */
static bool
reads_stdin(const struct seg *s, const struct cmd *c)
{
	const char	*a;
	size_t		 i;

	for (i = 1; i < c->argc; i++) {
		a = arg(s, c, i);
		if (strcmp(a, "-") == 0 || strcmp(a, "-s") == 0)
			return true;
		if (a[0] != '-' && a[0] != '+')
			return false;
		if (strcmp(a, "--") == 0)
			return i + 1 >= c->argc ||
			    strcmp(arg(s, c, i + 1), "-") == 0;
		if (a[1] != '-' && (strpbrk(a + 1, "ceErm") != NULL))
			return false;
	}
	return true;
}

/* The program text of -c (shells, python), -e, -r or -E, or NULL. */
static size_t
code_arg(const struct seg *s, const struct cmd *c)
{
	const char	*a;
	size_t		 i;
	const char	*opts = (c->kind & K_SHELL) || starts(c->name,
	    "python") ? "c" : starts(c->name, "php") ? "r" : "eE";

	for (i = 1; i + 1 < c->argc; i++) {
		a = arg(s, c, i);
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '-' || a[1] == '\0')
			continue;
		if (strchr(opts, a[strlen(a) - 1]) != NULL)
			return i + 1;
	}
	return 0;
}

/* Any word of C holds one of NEEDLES (lowercase). */
static bool
words_have(const struct seg *s, const struct cmd *c,
    const char *const *needles)
{
	const char *const	*p;
	const char		*w;
	size_t			 i;

	for (i = 1; i < c->argc; i++) {
		w = arg(s, c, i);
		for (p = needles; *p; p++)
			if (ci_has(w, strlen(w), *p))
				return true;
	}
	return false;
}

/* python -c, perl -e, php -r, ruby -e, node -e, lua -e, awk. */
static void
script_code(struct judge *j, const struct seg *s, const struct cmd *c)
{
	static const char *const sock[] = { "socket", "fsockopen",
		"tcpsocket", "require('net')", "require(\"net\")",
		"net.connect", "/inet/", NULL };
	static const char *const run[] = { "subprocess", "pty.spawn",
		"os.dup2", "/bin/sh", "/bin/bash", "exec", "system",
		"popen", "spawn", "child_process", "passthru", "cmd.exe",
		"sh -i", "|&", NULL };
	static const char *const dec[] = { "b64decode", "decode_base64",
		"base64_decode", "unhexlify", "fromhex", "decode64",
		"zlib.decompress", "marshal.loads", "unpack(", NULL };
	static const char *const ev[] = { "exec(", "eval(", "eval ",
		"exec ", "system(", NULL };
	static const char *const get[] = { "urlopen", "urllib",
		"requests.get", "lwp::simple", "getstore", "file_get_contents(",
		"open-uri", "net::http", NULL };

	if (!words_have(s, c, sock) && !words_have(s, c, dec) &&
	    !words_have(s, c, get))
		return;
	if (words_have(s, c, sock) && words_have(s, c, run))
		fire(j, s, CMDRULE_REVERSE_SHELL, 2, c->argv[0],
		    "socket and shell in code");
	if (words_have(s, c, dec) && words_have(s, c, ev))
		fire(j, s, CMDRULE_DECODE_EXEC, 1, c->argv[0],
		    "decodes and evaluates code");
	if (words_have(s, c, get) && words_have(s, c, ev))
		fire(j, s, CMDRULE_DOWNLOAD_EXEC, 1, c->argv[0],
		    "fetches and evaluates code");
}

/* What the substitutions inside C's tokens ran. */
static struct summary
subs_of(const struct seg *s, const struct cmd *c)
{
	struct summary	r = { 0 };
	size_t		i;

	for (i = 0; i < s->lx->nsub; i++) {
		if (s->lx->sub[i].tok < c->first ||
		    s->lx->sub[i].tok >= c->end)
			continue;
		r.download |= s->subsum[i].download;
		r.decode |= s->subsum[i].decode;
		if (s->subsum[i].risk > r.risk)
			r.risk = s->subsum[i].risk;
	}
	return r;
}

/* A shell or interpreter: what it runs and where from. */
static void
interpreter(struct judge *j, struct seg *s, size_t k)
{
	struct cmd	*c = &s->cmd[k], *u;
	struct summary	 ss = subs_of(s, c);
	size_t		 up[MAXCMD], n, i, ci;
	uint8_t		 r;
	const char	*a;

	if (ss.decode)
		fire(j, s, CMDRULE_DECODE_EXEC, 2, c->argv[0],
		    "runs decoded text");
	if (ss.download)
		fire_download(j, s, c->argv[0], ss.risk,
		    "runs downloaded text");
	if (c->sep == SH_PIPE && reads_stdin(s, c)) {
		n = upstream(s, k, up, MAXCMD);
		for (i = 0; i < n; i++) {
			u = &s->cmd[up[i]];
			ss = subs_of(s, u);
			if (u->kind & K_DECODE || ss.decode)
				fire(j, s, CMDRULE_DECODE_EXEC, 3, c->argv[0],
				    "decoded text piped into a shell");
			if (u->kind & K_DOWNLOAD)
				fire_download(j, s, c->argv[0],
				    download(j, s, u), "download piped into "
				    "an interpreter");
			else if (ss.download)
				fire_download(j, s, c->argv[0], ss.risk,
				    "download piped into an interpreter");
			if (u->kind & K_NET)
				fire(j, s, CMDRULE_REVERSE_SHELL, 2,
				    c->argv[0], "network piped into a shell");
		}
	}
	if ((c->kind & K_SHELL) && (has_short(s, c, 'i') ||
	    reads_stdin(s, c))) {
		n = downstream(s, k, up, MAXCMD);
		for (i = 0; i < n; i++)
			if (s->cmd[up[i]].kind & K_NET)
				fire(j, s, CMDRULE_REVERSE_SHELL, 2,
				    c->argv[0], "shell piped to the network");
	}
	/* The script it runs: downloaded, or from a temporary place. */
	ci = code_arg(s, c);
	for (i = 1; ci == 0 && i < c->argc; i++) {
		a = arg(s, c, i);
		if (a[0] == '-')
			continue;
		if ((r = downloaded(j, a)) != RISK_NONE)
			fire_download(j, s, c->argv[i], r,
			    "runs a downloaded file");
		if (shady_path(a) && (has_hidden(a) || !starts(a, "/tmp/")))
			fire(j, s, CMDRULE_TEMP_EXEC, 1, c->argv[i],
			    "script in a temporary or hidden directory");
		break;
	}
	if (c->kind & K_INTERP)
		script_code(j, s, c);
	/* bash -c STRING, su -c STRING: judge STRING too. */
	if (ci && (c->kind & K_SHELL))
		judge_text(j, arg(s, c, ci), strlen(arg(s, c, ci)), false,
		    s->raw ? (size_t)(s->txt - j->base) +
		    s->lx->tok[c->argv[ci]].off : s->fb_off,
		    s->raw ? s->lx->tok[c->argv[ci]].len : s->fb_len,
		    s->depth + 1, NULL);
}

/* eval, su -c, runuser -c: the words joined are a command line. */
static void
eval_words(struct judge *j, struct seg *s, const struct cmd *c, size_t from,
    size_t to)
{
	char		 buf[SH_WORD_MAX];
	size_t		 n = 0, i, m;
	const char	*w;
	const struct sh_tok *t0, *t1;

	if (to > c->argc)
		to = c->argc;
	for (i = from; i < to; i++) {
		w = arg(s, c, i);
		m = strlen(w);
		if (n + m + 1 >= sizeof(buf))
			break;
		if (n)
			buf[n++] = ' ';
		memcpy(buf + n, w, m);
		n += m;
	}
	if (from >= to)
		return;
	t0 = &s->lx->tok[c->argv[from]];
	t1 = &s->lx->tok[c->argv[to - 1]];
	judge_text(j, buf, n, false, s->raw ? (size_t)(s->txt - j->base) +
	    t0->off : s->fb_off, s->raw ? t1->off + t1->len - t0->off :
	    s->fb_len, s->depth + 1, NULL);
}

/* Does C stop, disable, mask or kill one of UNITS? */
static bool
stops(const struct seg *s, const struct cmd *c, const char *const *units)
{
	char		 u[NAMELEN];
	const char	*a, *verb = NULL, *dot;
	size_t		 i, n;
	bool		 svc = false;

	if (strcmp(c->name, "systemctl") == 0) {
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if (a[0] == '-')
				continue;
			if (verb == NULL) {
				verb = a;
				if (strcmp(a, "stop") && strcmp(a, "disable") &&
				    strcmp(a, "mask") && (strcmp(a, "kill") ||
				    has_short(s, c, 's') ||
				    has_arg(s, c, "--signal=HUP")))
					return false;
				continue;
			}
			n = (dot = strrchr(a, '.')) && (strcmp(dot, ".service")
			    == 0 || strcmp(dot, ".socket") == 0) ?
			    (size_t)(dot - a) : strlen(a);
			if (n >= sizeof(u))
				continue;
			memcpy(u, a, n);
			u[n] = '\0';
			if (ci_in_set(u, units))
				return true;
		}
		return false;
	}
	if (c->kind & K_KILL) {
		/* kill -HUP rsyslogd: logrotate asking it to reopen */
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] == '-' && (strstr(arg(s, c, i),
			    "HUP") || strstr(arg(s, c, i), "USR") ||
			    strcmp(arg(s, c, i), "-1") == 0 ||
			    strcmp(arg(s, c, i), "-s") == 0))
				return false;
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] != '-' &&
			    ci_in_set(base_name(arg(s, c, i)), units))
				return true;
		return false;
	}
	if (strcmp(c->name, "service") == 0 || strcmp(c->name, "rc-service") ==
	    0)
		svc = c->argc > 2 && ci_in_set(arg(s, c, 1), units) &&
		    strcmp(arg(s, c, 2), "stop") == 0;
	else if (c->argc > 1 && (starts(arg(s, c, 0), "/etc/init.d/") ||
	    starts(arg(s, c, 0), "/etc/rc.d/init.d/")))
		svc = ci_in_set(c->name, units) &&
		    strcmp(arg(s, c, 1), "stop") == 0;
	else if (strcmp(c->name, "chkconfig") == 0)
		svc = c->argc > 2 && ci_in_set(arg(s, c, 1), units) &&
		    strcmp(arg(s, c, 2), "off") == 0;
	else if (strcmp(c->name, "update-rc.d") == 0)
		svc = c->argc > 2 && ci_in_set(arg(s, c, 1), units) &&
		    (strcmp(arg(s, c, 2), "disable") == 0 ||
		    strcmp(arg(s, c, 2), "remove") == 0);
	return svc;
}

static const char *const fw_units[] = { "firewalld", "ufw", "nftables",
	"iptables", "ip6tables", "netfilter-persistent", "shorewall",
	"csf", "lfd", NULL };
static const char *const mac_units[] = { "apparmor", NULL };
static const char *const log_units[] = { "rsyslog", "rsyslogd", "syslog",
	"syslog-ng", "syslogd", "sysklogd", "klogd", "auditd", "audit",
	"systemd-journald", "journald", "metalog", NULL };
static const char *const sec_units[] = { "aegis", "aliyun",
	"aliyun-service", "aliyundun", "aliyundunupdate", "alisecguard",
	"cloudmonitor", "ydservice", "ydlive", "ydedr", "barad_agent",
	"sgagent", "falcon-sensor", "falcond", "osqueryd", "wazuh-agent",
	"wazuh-agentd", "ossec", "ossec-hids", "clamav-daemon", "clamd",
	"cbagentd", "cbdaemon", "sentinelone", "sentinelagent", "auditbeat",
	"falco", "tetragon", "mdatp", "wdavdaemon", "ds_agent", "cylancesvc",
	"sysdig", "elastic-agent", "elastic-endpoint", "qualys-cloud-agent",
	"besclient", "taniumclient", "sophos-spl", "savd", "rkhunter",
	"aide", "hids", NULL };

static void
defences(struct judge *j, const struct seg *s, const struct cmd *c)
{
	const char	*n = c->name, *a;
	size_t		 i;

	if (strncmp(n, "iptables", 8) == 0 || strncmp(n, "ip6tables", 9) == 0) {
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if (strcmp(a, "-F") == 0 || strcmp(a, "--flush") == 0 ||
			    strcmp(a, "-X") == 0 ||
			    strcmp(a, "--delete-chain") == 0 ||
			    ((strcmp(a, "-P") == 0 || strcmp(a, "--policy") ==
			    0) && i + 2 < c->argc &&
			    strcmp(arg(s, c, i + 2), "ACCEPT") == 0))
				fire(j, s, CMDRULE_FIREWALL_OFF, 1, c->argv[i],
				    "iptables flush or accept policy");
		}
	}
	if (strcmp(n, "nft") == 0 && has_arg(s, c, "flush") &&
	    has_arg(s, c, "ruleset"))
		fire(j, s, CMDRULE_FIREWALL_OFF, 1, c->argv[0],
		    "nft flush ruleset");
	if (strcmp(n, "ufw") == 0 && (has_arg(s, c, "disable") ||
	    has_arg(s, c, "reset")))
		fire(j, s, CMDRULE_FIREWALL_OFF, 1, c->argv[0], "ufw disable");
	if (strcmp(n, "csf") == 0 && (has_arg(s, c, "-x") ||
	    has_arg(s, c, "--disable")))
		fire(j, s, CMDRULE_FIREWALL_OFF, 1, c->argv[0], "csf disable");
	if (stops(s, c, fw_units))
		fire(j, s, CMDRULE_FIREWALL_OFF, 1, c->argv[0],
		    "firewall service stopped");
	if (strcmp(n, "setenforce") == 0 && c->argc > 1 &&
	    (strcmp(arg(s, c, 1), "0") == 0 ||
	    ci_eq(arg(s, c, 1), "permissive")))
		fire(j, s, CMDRULE_SELINUX_OFF, 1, c->argv[0], "setenforce 0");
	if (strcmp(n, "aa-teardown") == 0 || stops(s, c, mac_units))
		fire(j, s, CMDRULE_SELINUX_OFF, 1, c->argv[0],
		    "apparmor stopped");
	if (stops(s, c, log_units))
		fire(j, s, CMDRULE_LOGGING_OFF, 1, c->argv[0],
		    "logging service stopped");
	if (strcmp(n, "auditctl") == 0 && (has_arg(s, c, "-D") ||
	    (has_arg(s, c, "-e") && has_arg(s, c, "0"))))
		fire(j, s, CMDRULE_LOGGING_OFF, 1, c->argv[0],
		    "audit rules off");
	if (stops(s, c, sec_units))
		fire(j, s, CMDRULE_SECURITY_OFF, 1, c->argv[0],
		    "security agent stopped");
	if (!(c->kind & K_GREP))
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if (starts(a, "/usr/local/aegis") ||
			    starts(a, "/usr/local/qcloud") ||
			    starts(a, "/usr/local/cloudmonitor") ||
			    starts(a, "/opt/CrowdStrike") ||
			    ci_has(a, strlen(a), "uninstall.sh") ||
			    ci_has(a, strlen(a), "aegis_uninstall"))
				if (strcmp(n, "rm") == 0 || c->kind & K_SHELL ||
				    c->kind & K_DOWNLOAD)
					fire(j, s, CMDRULE_SECURITY_OFF, 1,
					    c->argv[i], "security agent "
					    "removed");
			if ((ci_has(a, strlen(a), "selinux=disabled") ||
			    ci_has(a, strlen(a), "selinux=permissive")) &&
			    (strcmp(n, "sed") == 0 || strcmp(n, "perl") == 0 ||
			    ((c->kind & K_ECHO) && c->nredir > 0)))
				fire(j, s, CMDRULE_SELINUX_OFF, 1,
				    c->argv[i], "SELINUX=disabled");
		}
}

/* NAME=VALUE from an assignment or export. */
static void
assignment(struct judge *j, const struct seg *s, size_t ti, bool exported)
{
	const char	*w = tx(s, ti), *v = strchr(w, '=');
	size_t		 n;

	if (v == NULL)
		return;
	n = (size_t)(v - w);
	v++;
	if ((n == 8 && strncmp(w, "HISTFILE", 8) == 0 && (v[0] == '\0' ||
	    strcmp(v, "/dev/null") == 0)) ||
	    (((n == 8 && strncmp(w, "HISTSIZE", 8) == 0) ||
	    (n == 12 && strncmp(w, "HISTFILESIZE", 12) == 0) ||
	    (n == 8 && strncmp(w, "SAVEHIST", 8) == 0)) &&
	    strcmp(v, "0") == 0) ||
	    (n == 10 && strncmp(w, "HISTIGNORE", 10) == 0 &&
	    strcmp(v, "*") == 0))
		fire(j, s, CMDRULE_HISTORY_OFF, 1, ti, "history turned off");
	else if (exported && ((n == 11 && strncmp(w, "HISTCONTROL", 11) ==
	    0 && (strstr(v, "ignorespace") || strstr(v, "ignoreboth"))) ||
	    (n == 10 && strncmp(w, "HISTIGNORE", 10) == 0)))
		fire(j, s, CMDRULE_HISTORY_IGNORE, 1, ti,
		    "history ignores some commands");
	if (n == 10 && strncmp(w, "LD_PRELOAD", 10) == 0 && shady_path(v))
		fire(j, s, CMDRULE_LD_PRELOAD, 1, ti,
		    "LD_PRELOAD from a temporary or hidden directory");
}

static void
history(struct judge *j, const struct seg *s, const struct cmd *c)
{
	const char	*n = c->name;
	size_t		 i;
	bool		 exp;

	for (i = 0; i < c->nassign; i++)
		assignment(j, s, c->assign[i], false);
	if (!(c->kind & K_RULES))
		return;
	exp = strcmp(n, "export") == 0 || strcmp(n, "declare") == 0 ||
	    strcmp(n, "typeset") == 0 || strcmp(n, "readonly") == 0 ||
	    strcmp(n, "local") == 0;
	if (exp)
		for (i = 1; i < c->argc; i++)
			assignment(j, s, c->argv[i], strcmp(n, "local") != 0);
	if (strcmp(n, "unset") == 0 && has_arg(s, c, "HISTFILE"))
		fire(j, s, CMDRULE_HISTORY_OFF, 2, c->argv[0],
		    "unset HISTFILE");
	if (strcmp(n, "set") == 0 && has_arg(s, c, "+o") &&
	    has_arg(s, c, "history"))
		fire(j, s, CMDRULE_HISTORY_OFF, 1, c->argv[0],
		    "set +o history");
	if (strcmp(n, "history") == 0 && (has_short(s, c, 'c') ||
	    (has_short(s, c, 'w') && has_arg(s, c, "/dev/null"))))
		fire(j, s, CMDRULE_HISTORY_OFF, 1, c->argv[0],
		    "history cleared");
	if (strcmp(n, "ln") == 0 && has_arg(s, c, "/dev/null") &&
	    c->argc > 2) {
		const char *t = arg(s, c, c->argc - 1);

		if (in_set(base_name(t), hist_files))
			fire(j, s, CMDRULE_HISTORY_OFF, 1, c->argv[0],
			    "history linked to /dev/null");
		else
			write_to(j, s, c, c->argv[c->argc - 1], t, W_TRUNC);
	}
}

/* rm, shred, truncate, dd, cp, mv, tee, sed -i, find -delete. */
static void
files(struct judge *j, const struct seg *s, const struct cmd *c)
{
	const char	*n = c->name, *a;
	size_t		 i, last = c->argc - 1;
	int		 lc;
	bool		 zero = false, selective = false;

	if (strcmp(n, "rm") == 0 || strcmp(n, "unlink") == 0 ||
	    strcmp(n, "srm") == 0 || strcmp(n, "wipe") == 0) {
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] != '-' &&
			    (lc = log_class(arg(s, c, i))) > 0)
				fire(j, s, lc == 2 ? CMDRULE_LOG_WIPE :
				    CMDRULE_LOG_CLEANUP, 1, c->argv[i],
				    "log deleted");
	}
	if (strcmp(n, "shred") == 0) {
		fire(j, s, CMDRULE_SHRED, 1, c->argv[0], "shred");
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] != '-' && log_class(arg(s, c, i)))
				fire(j, s, CMDRULE_SHRED_LOGS, 1, c->argv[i],
				    "log shredded");
	}
	if (strcmp(n, "truncate") == 0) {
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if (strcmp(a, "-s0") == 0 || strcmp(a, "--size=0") ==
			    0 || (strcmp(a, "-s") == 0 && i + 1 < c->argc &&
			    strcmp(arg(s, c, i + 1), "0") == 0))
				zero = true;
		}
		for (i = 1; zero && i < c->argc; i++)
			write_to(j, s, c, c->argv[i], arg(s, c, i), W_TRUNC);
	}
	if (strcmp(n, "dd") == 0) {
		for (i = 1; i < c->argc; i++)
			if (starts(arg(s, c, i), "if=/dev/zero") ||
			    starts(arg(s, c, i), "if=/dev/urandom") ||
			    starts(arg(s, c, i), "if=/dev/null"))
				zero = true;
		for (i = 1; zero && i < c->argc; i++)
			if (starts(arg(s, c, i), "of="))
				write_to(j, s, c, c->argv[i], arg(s, c, i) + 3,
				    W_TRUNC);
	}
	if ((strcmp(n, "cp") == 0 || strcmp(n, "mv") == 0 ||
	    strcmp(n, "install") == 0) && c->argc > 2 &&
	    arg(s, c, last)[0] != '-')
		write_to(j, s, c, c->argv[last], arg(s, c, last), W_TRUNC);
	if (strcmp(n, "tee") == 0)
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] != '-')
				write_to(j, s, c, c->argv[i], arg(s, c, i),
				    has_short(s, c, 'a') ? W_APPEND : W_TRUNC);
	if (strcmp(n, "sed") == 0 && (has_short(s, c, 'i') ||
	    has_arg(s, c, "--in-place")))
		for (i = 2; i < c->argc; i++)
			if (arg(s, c, i)[0] == '/')
				write_to(j, s, c, c->argv[i], arg(s, c, i),
				    W_EDIT);
	if (strcmp(n, "find") == 0 && c->argc > 1 &&
	    (lc = log_class(arg(s, c, 1))) > 0 && (has_arg(s, c, "-delete") ||
	    has_arg(s, c, "-exec") || has_arg(s, c, "-execdir"))) {
		for (i = 2; i < c->argc; i++) {
			a = arg(s, c, i);
			if (strcmp(a, "-name") == 0 || strcmp(a, "-iname") ==
			    0 || strcmp(a, "-mtime") == 0 || strcmp(a, "-mmin")
			    == 0 || strcmp(a, "-size") == 0 || strcmp(a,
			    "-newer") == 0 || strcmp(a, "-ctime") == 0)
				selective = true;
		}
		fire(j, s, lc == 2 && !selective ? CMDRULE_LOG_WIPE :
		    CMDRULE_LOG_CLEANUP, 1, c->argv[0], "logs deleted");
	}
	if (strcmp(n, "journalctl") == 0)
		for (i = 1; i < c->argc; i++)
			if (starts(arg(s, c, i), "--vacuum"))
				fire(j, s, CMDRULE_LOG_CLEANUP, 1, c->argv[i],
				    "journal vacuumed");
}

static void
accounts(struct judge *j, const struct seg *s, const struct cmd *c)
{
	const char	*n = c->name, *a, *v;
	size_t		 i;
	bool		 root = false, admin = false;

	if (strcmp(n, "useradd") == 0 || strcmp(n, "adduser") == 0 ||
	    strcmp(n, "usermod") == 0 || strcmp(n, "gpasswd") == 0 ||
	    strcmp(n, "addgroup") == 0) {
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			v = i + 1 < c->argc ? arg(s, c, i + 1) : "";
			if ((strcmp(a, "-u") == 0 || strcmp(a, "--uid") == 0 ||
			    strcmp(a, "-g") == 0 || strcmp(a, "--gid") == 0) &&
			    (strcmp(v, "0") == 0 || strcmp(v, "root") == 0))
				root = true;
			if (starts(a, "--uid=0") || starts(a, "-u0"))
				root = true;
			if (strcmp(a, "-G") == 0 || strcmp(a, "-aG") == 0 ||
			    strcmp(a, "--groups") == 0 || strcmp(a, "-a") ==
			    0 || strcmp(a, "-Ga") == 0 || (i >= 2 && a[0] !=
			    '-' && (strcmp(n, "adduser") == 0 ||
			    strcmp(n, "addgroup") == 0))) {
				const char *g = a[0] == '-' ? v : a;

				if (strcmp(g, "root") == 0 ||
				    strstr(g, ",root") || starts(g, "root,"))
					root = true;
				if (strstr(g, "sudo") || strstr(g, "wheel") ||
				    strstr(g, "admin") || strstr(g, "docker"))
					admin = true;
			}
			if (strcmp(a, "-p") == 0 || starts(a, "--password"))
				fire(j, s, CMDRULE_PASSWORD_SET, 1, c->argv[i],
				    "password given on the command line");
		}
		if (root)
			fire(j, s, CMDRULE_USER_UID0, 1, c->argv[0],
			    "uid 0 or root group");
		if (strcmp(n, "useradd") == 0 || strcmp(n, "adduser") == 0 ||
		    admin)
			fire(j, s, CMDRULE_USER_ADD, 1, c->argv[0],
			    "user created or made admin");
	}
	if (strcmp(n, "chpasswd") == 0 || (strcmp(n, "passwd") == 0 &&
	    (has_arg(s, c, "--stdin") || c->sep == SH_PIPE)))
		fire(j, s, CMDRULE_PASSWORD_SET, 1, c->argv[0],
		    "password set from a pipe");
	else if (strcmp(n, "passwd") == 0 && has_arg(s, c, "root"))
		fire(j, s, CMDRULE_ROOT_PASSWD, 1, c->argv[0], "passwd root");
	if (strcmp(n, "crontab") == 0) {
		for (i = 1; i < c->argc; i++)
			if (arg(s, c, i)[0] != '-' || strcmp(arg(s, c, i),
			    "-") == 0)
				break;
		if (i < c->argc ? strcmp(arg(s, c, i), "-") == 0 ||
		    shady_path(arg(s, c, i)) : c->sep == SH_PIPE &&
		    !has_short(s, c, 'l') && !has_short(s, c, 'e') &&
		    !has_short(s, c, 'r'))
			fire(j, s, CMDRULE_CRON_WRITE, 2, c->argv[0],
			    "crontab from a pipe or temporary file");
	}
}

/* chattr, chmod +s, cp /bin/bash, touch -r, insmod. */
static void
backdoors(struct judge *j, struct seg *s, const struct cmd *c)
{
	const char	*n = c->name, *a, *mode = NULL, *ref = NULL;
	size_t		 i, m;
	bool		 lock = false, set = false, suid = false, shell;

	if (strcmp(n, "chattr") == 0) {
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if ((a[0] == '+' || a[0] == '-' || a[0] == '=') &&
			    (strchr(a, 'i') || strchr(a, 'a')) &&
			    strspn(a + 1, "aAcCdDeFijmPsStTux") ==
			    strlen(a + 1))
				lock = true;
			else if (a[0] != '-' && strcmp(a, "/etc/resolv.conf"))
				set = true;
		}
		if (lock && set)
			fire(j, s, CMDRULE_CHATTR, 1, c->argv[0],
			    "immutable attribute");
	}
	if (strcmp(n, "chmod") == 0) {
		for (i = 1; i < c->argc && mode == NULL; i++)
			if (arg(s, c, i)[0] != '-' || (arg(s, c, i)[1] != '-' &&
			    strchr(arg(s, c, i), 's')))
				mode = arg(s, c, i);
		if (mode != NULL) {
			m = strlen(mode);
			if (strspn(mode, "01234567") == m && m >= 4)
				suid = (mode[m - 4] - '0') & 6;
			else if (strchr(mode, 's') && (strchr(mode, '+') ||
			    strchr(mode, '=')))
				suid = true;
		}
		for (; suid && i < c->argc; i++) {
			a = arg(s, c, i);
			shell = in_set(base_name(a), shells) ||
			    shady_path(a);
			for (m = 0; m < j->nshcopy; m++)
				if (strcmp(j->shcopy[m], base_name(a)) == 0)
					shell = true;
			fire(j, s, shell ? CMDRULE_SUID_SHELL : CMDRULE_SETUID,
			    1, c->argv[i], "setuid bit");
		}
	}
	if ((strcmp(n, "cp") == 0 || strcmp(n, "install") == 0 ||
	    strcmp(n, "rsync") == 0) && c->argc > 2) {
		a = arg(s, c, c->argc - 1);
		for (i = 1; i + 1 < c->argc; i++)
			if (arg(s, c, i)[0] != '-' && in_set(base_name(
			    arg(s, c, i)), shells) && shady_path(a)) {
				fire(j, s, CMDRULE_SHELL_COPY, 1, c->argv[i],
				    "shell copied");
				remember(j->shcopy, NULL, &j->nshcopy,
				    ends(a, "/") ? arg(s, c, i) : a, 0);
			}
	}
	if (strcmp(n, "touch") == 0) {
		set = false;
		for (i = 1; i < c->argc; i++) {
			a = arg(s, c, i);
			if (starts(a, "--date") || starts(a, "--reference")) {
				lock = true;
				if (starts(a, "--reference"))
					ref = strchr(a, '=') ? strchr(a, '=')
					    + 1 : arg(s, c, ++i);
				else if (!strchr(a, '='))
					i++;
				continue;
			}
			if (a[0] == '-' && a[1] != '-' && strpbrk(a, "rdt")) {
				lock = true;
				if (strchr(a, 'r'))
					ref = a[strlen(a) - 1] == 'r' ?
					    arg(s, c, i + 1) : strchr(a, 'r') +
					    1;
				if (strchr("rdt", a[strlen(a) - 1]))
					i++;
				continue;
			}
			if (a[0] != '-' && is_system_path(a))
				set = true;
		}
		if (lock && (set || (ref && is_system_path(ref) &&
		    c->argc > 2)))
			fire(j, s, CMDRULE_TIMESTOMP, 1, c->argv[0],
			    "touch of a system file");
	}
	if (strcmp(n, "insmod") == 0 || strcmp(n, "modprobe") == 0)
		for (i = 1; i < c->argc; i++)
			if (strchr(arg(s, c, i), '/') &&
			    shady_path(arg(s, c, i)))
				fire(j, s, CMDRULE_KMOD_TEMP, 1, c->argv[i],
				    "module from a temporary directory");
}

/* Miner, malware and kill rules over the words of C. */
static void
words(struct judge *j, const struct seg *s, size_t k)
{
	const struct cmd	*c = &s->cmd[k];
	const struct sh_tok	*t;
	const char		*w, *d;
	size_t			 i, up[MAXCMD], n, u;
	bool			 o = false, user = false;

	if (c->kind & K_KILL) {
		for (i = 1; i < c->argc; i++) {
			w = arg(s, c, i);
			if (miner_word(w, strlen(w)) || malware_word(w))
				fire(j, s, CMDRULE_KILL_RIVAL, 1, c->argv[i],
				    "kills a miner");
		}
		for (i = 0; i < s->lx->nsub; i++)
			if (s->lx->sub[i].tok >= c->first &&
			    s->lx->sub[i].tok < c->end) {
				const char *p = s->txt + s->lx->sub[i].off;
				size_t	    m = s->lx->sub[i].len;

				if (miner_word(p, m) || ci_has(p, m, "kinsing")
				    || ci_has(p, m, "kdevtmpfsi"))
					fire(j, s, CMDRULE_KILL_RIVAL, 1,
					    c->argv[0], "kills a miner");
			}
		n = upstream(s, k, up, MAXCMD);
		for (u = 0; u < n; u++) {
			const struct cmd *g = &s->cmd[up[u]];

			for (i = 1; (g->kind & K_GREP) && i < g->argc; i++) {
				w = arg(s, g, i);
				if (miner_word(w, strlen(w)) ||
				    malware_word(w))
					fire(j, s, CMDRULE_KILL_RIVAL, 1,
					    g->argv[i], "kills a miner");
			}
		}
		return;
	}
	if (c->kind & K_SEARCH)
		return;
	if ((c->kind & K_ECHO) && c->nredir == 0 && (k + 1 >= s->ncmd ||
	    s->cmd[k + 1].sep != SH_PIPE))
		return;
	if (c->kind & K_MINER)
		fire(j, s, CMDRULE_MINER, 2, c->argv[0], "miner program");
	for (i = c->first; i < c->end && i < s->lx->ntok; i++) {
		t = &s->lx->tok[i];
		if (t->type != SH_WORD || t->tlen < 4)
			continue;
		w = sh_text(s->lx, t);
		if ((d = miner_word(w, t->tlen)) != NULL)
			fire(j, s, CMDRULE_MINER, 1, i, d);
		if ((d = malware_word(w)) != NULL)
			fire(j, s, CMDRULE_MALWARE_NAME, 1, i, d);
	}
	/* xmrig-style -o host:port -u wallet under any name */
	if (c->kind & K_DOWNLOAD || strcmp(c->name, "ssh") == 0 ||
	    strcmp(c->name, "scp") == 0 || strcmp(c->name, "mount") == 0)
		return;
	for (i = 1; i + 1 < c->argc; i++) {
		w = arg(s, c, i);
		if (strcmp(w, "-o") == 0 || strcmp(w, "--url") == 0) {
			const char *h = arg(s, c, i + 1), *colon = strrchr(h,
			    ':');

			if (colon && colon[1] >= '0' && colon[1] <= '9' &&
			    strspn(colon + 1, "0123456789") ==
			    strlen(colon + 1) && strchr(h, '.') &&
			    !strchr(h, '='))
				o = true;
		}
		if (strcmp(w, "-u") == 0 || strcmp(w, "--user") == 0)
			user = true;
	}
	if (o && user)
		fire(j, s, CMDRULE_MINER, 1, c->argv[0], "-o pool:port -u");
}

/* Network: nc -e, socat exec:, /dev/tcp redirections. */
static void
network(struct judge *j, const struct seg *s, const struct cmd *c)
{
	const struct sh_tok	*t;
	const char		*w;
	size_t			 i;
	bool			 dev = false, dup = false;

	if (!(c->kind & (K_NET | K_RULES)))
		goto redirs;
	if (in_set(c->name, ncs) && (has_short(s, c, 'e') ||
	    has_short(s, c, 'c') || has_arg(s, c, "--exec") ||
	    has_arg(s, c, "--sh-exec") || has_arg(s, c, "--lua-exec")))
		fire(j, s, CMDRULE_REVERSE_SHELL, 3, c->argv[0], "nc -e");
	if (strcmp(c->name, "socat") == 0) {
		static const char *const ex[] = { "exec:", "system:", NULL };
		static const char *const net[] = { "tcp", "udp", "ssl:",
			"openssl", NULL };

		if (words_have(s, c, ex) && words_have(s, c, net))
			fire(j, s, CMDRULE_REVERSE_SHELL, 3, c->argv[0],
			    "socat exec");
	}
	if ((strcmp(c->name, "awk") == 0 || strcmp(c->name, "gawk") == 0) &&
	    c->argc > 1) {
		static const char *const inet[] = { "/inet/tcp", "/inet/udp",
			NULL };

		if (words_have(s, c, inet))
			fire(j, s, CMDRULE_REVERSE_SHELL, 2, c->argv[0],
			    "gawk /inet socket");
	}
redirs:
	for (i = 0; i < c->nredir; i++) {
		t = &s->lx->tok[c->redir[i]];
		w = redir_target(s, c->redir[i]);
		if (t->kind == SH_R_DUPOUT || t->kind == SH_R_DUPIN ||
		    t->kind == SH_R_BOTH)
			dup = true;
		if (w && (starts(w, "/dev/tcp/") || starts(w, "/dev/udp/"))) {
			dev = true;
			fire(j, s, CMDRULE_DEV_TCP, 1, c->redir[i], "/dev/tcp");
		}
	}
	if (dev && c->argc == 0)
		j->devtcp_fd = true;
	if ((dev && ((c->kind & (K_SHELL | K_INTERP)) || (dup &&
	    c->argc == 0))) || (dup && j->devtcp_fd &&
	    (c->kind & K_SHELL)))
		fire(j, s, CMDRULE_REVERSE_SHELL, 3, c->argc ? c->argv[0] :
		    c->first, "shell on /dev/tcp");
}

static void
command(struct judge *j, struct seg *s, size_t k, struct summary *sum)
{
	struct cmd	*c = &s->cmd[k];
	const struct sh_tok *t;
	const char	*w;
	size_t		 i;
	uint8_t		 r;

	for (i = 0; i < c->nredir; i++) {
		t = &s->lx->tok[c->redir[i]];
		w = redir_target(s, c->redir[i]);
		if (w == NULL)
			continue;
		if (t->kind == SH_R_OUT || t->kind == SH_R_BOTH ||
		    t->kind == SH_R_APPEND)
			write_to(j, s, c, c->redir[i] + 1, w, t->kind ==
			    SH_R_APPEND ? W_APPEND : W_TRUNC);
	}
	network(j, s, c);
	history(j, s, c);
	if (c->argc == 0)
		return;
	if (c->kind & K_DOWNLOAD) {
		r = download(j, s, c);
		if (sum != NULL) {
			sum->download = true;
			if (r > sum->risk)
				sum->risk = r;
		}
	}
	if ((c->kind & K_DECODE) && sum != NULL)
		sum->decode = true;
	if (c->kind & (K_SHELL | K_INTERP))
		interpreter(j, s, k);
	if ((c->kind & K_RULES) && (strcmp(c->name, "eval") == 0 ||
	    strcmp(c->name, "source") == 0 || strcmp(c->name, ".") == 0)) {
		struct summary ss = subs_of(s, c);

		if (ss.decode)
			fire(j, s, CMDRULE_DECODE_EXEC, 2, c->argv[0],
			    "evaluates decoded text");
		if (ss.download)
			fire_download(j, s, c->argv[0], ss.risk,
			    "evaluates downloaded text");
		if (c->argc > 1 && (r = downloaded(j, arg(s, c, 1))))
			fire_download(j, s, c->argv[1], r,
			    "sources a downloaded file");
		if (strcmp(c->name, "eval") == 0)
			eval_words(j, s, c, 1, c->argc);
	}
	if ((c->kind & K_RULES) && (strcmp(c->name, "su") == 0 ||
	    strcmp(c->name, "runuser") == 0))
		for (i = 1; i + 1 < c->argc; i++)
			if (strcmp(arg(s, c, i), "-c") == 0 ||
			    strcmp(arg(s, c, i), "--command") == 0) {
				eval_words(j, s, c, i + 1, i + 2);
				break;
			}
	/* ./x after the line downloaded x; /tmp/.x/run */
	w = arg(s, c, 0);
	if (strchr(w, '/') != NULL && !(s->lx->tok[c->argv[0]].flags &
	    (SH_F_SUBST | SH_F_VAR))) {
		if ((r = downloaded(j, w)) != RISK_NONE)
			fire_download(j, s, c->argv[0], r,
			    "runs a downloaded file");
		if (shady_path(w))
			fire(j, s, CMDRULE_TEMP_EXEC, 2, c->argv[0],
			    "program in a temporary or hidden directory");
	}
	if (c->kind & (K_RULES | K_SHELL | K_DOWNLOAD)) {
		defences(j, s, c);
		files(j, s, c);
		accounts(j, s, c);
		backdoors(j, s, c);
	}
	words(j, s, k);
}

static void
judge_text(struct judge *j, const char *txt, size_t n, bool raw,
    size_t fb_off, size_t fb_len, int depth, struct summary *sum)
{
	struct seg	 s;
	struct summary	 ss;
	size_t		 pos = 0, i, off;
	const struct sh_sub *sb;

	if (depth > MAXDEPTH || j->calls >= MAXCALLS)
		return;
	j->calls++;
	while (pos < n) {
		s.lx = &j->lex[depth];
		s.txt = txt + pos;
		s.raw = raw;
		s.fb_off = fb_off;
		s.fb_len = fb_len;
		s.depth = depth;
		sh_lex(s.txt, n - pos, s.lx);
		pos += s.lx->consumed;
		build(&s);
		for (i = 0; i < s.lx->nsub; i++) {
			sb = &s.lx->sub[i];
			memset(&ss, 0, sizeof(ss));
			off = raw ? (size_t)(s.txt - j->base) + sb->off : 0;
			judge_text(j, s.txt + sb->off, sb->len, raw,
			    raw ? off : fb_off, raw ? sb->len : fb_len,
			    depth + 1, &ss);
			s.subsum[i] = ss;
			/* the lexer state of this depth was not touched */
		}
		for (i = 0; i < s.ncmd; i++)
			command(j, &s, i, sum);
	}
}

size_t
cmd_judge(const char *line, size_t len, struct cmd_match *out, size_t max)
{
	struct judge	*j, jb;
	struct hit	*h, *a, *b;
	size_t		 n = 0, r, lo, hi;

	j = &jb;
	j->base = line;
	j->blen = len;
	j->calls = 0;
	j->ndl = j->nshcopy = 0;
	j->devtcp_fd = false;
	memset(j->hit, 0, sizeof(j->hit));
	if (line == NULL)
		return 0;
	judge_text(j, line, len, true, 0, len, 0, NULL);
	a = &j->hit[CMDRULE_HISTORY_OFF];
	b = j->hit[CMDRULE_LOG_WIPE].set ? &j->hit[CMDRULE_LOG_WIPE] :
	    &j->hit[CMDRULE_SHRED_LOGS];
	if (a->set && b->set) {
		lo = a->off < b->off ? a->off : b->off;
		hi = a->off + a->len > b->off + b->len ? a->off + a->len :
		    b->off + b->len;
		hit_at(j, CMDRULE_COVER_TRACKS, 1, lo, hi - lo,
		    "history off and logs wiped");
	}
	for (r = 0; r < CMDRULE__COUNT; r++) {
		h = &j->hit[r];
		if (!h->set)
			continue;
		if (n < max && out != NULL) {
			out[n].rule = (enum cmd_rule)r;
			out[n].off = h->off;
			out[n].len = h->len;
			out[n].detail = h->detail;
		}
		n++;
	}
	return n;
}

const char *
cmd_rule_name(enum cmd_rule r)
{
	return (unsigned)r < CMDRULE__COUNT ? rules[r].name : "unknown";
}

enum severity
cmd_rule_severity(enum cmd_rule r)
{
	return (unsigned)r < CMDRULE__COUNT ? rules[r].sev : SEV_INFO;
}

const char *
cmd_rule_summary(enum cmd_rule r)
{
	return (unsigned)r < CMDRULE__COUNT ? rules[r].summary : "";
}

bool
cmd_is_shady_path(const char *path)
{
	static const char *const sys[] = { "/usr/", "/lib", "/bin/",
	    "/sbin/", "/etc/", "/opt/", "/var/", "/boot/", "/srv/", NULL };
	const char	*s;
	size_t		 i;

	if (path == NULL || path[0] != '/')
		return false;
	if (cmd_is_temp_path(path))
		return true;
	for (i = 0; sys[i] != NULL; i++)
		if (strncmp(path, sys[i], strlen(sys[i])) == 0)
			break;
	if (sys[i] == NULL)
		return false;
	for (s = path; (s = strstr(s, "/.")) != NULL; s++) {
		if (s[2] == '\0' || s[2] == '/' || (s[2] == '.' &&
		    (s[3] == '\0' || s[3] == '/')))
			continue;
		if (strncmp(s, "/.build-id/", 11) == 0)
			continue;
		return true;
	}
	return false;
}
