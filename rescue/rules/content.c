/*
 * content.c - miner and webshell rules over file contents: literal
 * patterns found in one pass through a sliding window, and for
 * webshells a light reading of PHP, JSP and ASP(X) calls, their
 * arguments and the variables that carry request input into them
 */
#include <stdlib.h>
#include <string.h>

#include "rules/content.h"
#include "util/util.h"

static const struct {
	const char	*name;
	const char	*summary;
} rules[CONTENT_RULE_COUNT] = {
	[CONTENT_MINER_STRATUM] = { "miner.stratum_url",
	    "names a mining pool by a stratum URL" },
	[CONTENT_MINER_POOL] = { "miner.pool_domain",
	    "names a known cryptocurrency mining pool" },
	[CONTENT_MINER_CONFIG] = { "miner.config",
	    "holds XMRig configuration keys (donate-level, algo, coin)" },
	[CONTENT_MINER_WALLET] = { "miner.wallet",
	    "holds a Monero wallet address" },
	[CONTENT_MINER_BINARY] = { "miner.program",
	    "holds the strings of a miner program (XMRig, cryptonight)" },
	[CONTENT_PHP_TAG] = { "php.tag",
	    "holds PHP code (an opening <?php or <?= tag)" },
	[CONTENT_WEBSHELL_EXEC_INPUT] = { "webshell.exec_input",
	    "runs request input as code or as a command" },
	[CONTENT_WEBSHELL_DYNAMIC_CALL] = { "webshell.dynamic_call",
	    "calls a function named by request input or by assembled "
	    "strings" },
	[CONTENT_WEBSHELL_DECODE_EVAL] = { "webshell.decode_eval",
	    "evaluates decoded or decompressed text (base64, gzinflate, "
	    "str_rot13 chains)" },
	[CONTENT_WEBSHELL_PREG_E] = { "webshell.preg_e",
	    "uses preg_replace with the /e modifier, which evaluates code" },
	[CONTENT_WEBSHELL_BACKTICK] = { "webshell.backtick",
	    "runs request input through the shell with backticks" },
	[CONTENT_WEBSHELL_KNOWN] = { "webshell.known",
	    "holds a marker of a known webshell (WSO, b374k, c99, r57, "
	    "China Chopper, Behinder, Godzilla...)" },
	[CONTENT_WEBSHELL_IMAGE_PHP] = { "webshell.image_php",
	    "an image file that holds PHP code" },
};

const char *
content_rule_name(enum content_rule r)
{
	return (unsigned)r < CONTENT_RULE_COUNT ? rules[r].name : "unknown";
}

const char *
content_rule_summary(enum content_rule r)
{
	return (unsigned)r < CONTENT_RULE_COUNT ? rules[r].summary : "";
}

/* Pattern flags. */
#define PF_CI		0x01	/* ASCII case-insensitive */
#define PF_DOMAIN	0x02	/* a host name: no [A-Za-z0-9-] around */
#define PF_STRATUM	0x04	/* "stratum", [digit], "+", scheme, "://" */
#define PF_JSON		0x08	/* a JSON key, then ':' and a value in VAL */
#define PF_PHPTAG	0x10	/* "<?php" then a blank, or "<?=" code */
#define PF_WORD		0x20	/* no letter or digit on either side */

struct pat {
	const char		*s;
	enum content_rule	 rule;
	enum severity		 sev;
	unsigned		 flags;
	const char		*val;	/* PF_JSON: '|'-separated prefixes */
};

/*
 * The pools are those XMRig, kinsing, TeamTNT and their kin were seen
 * configured with in public malware reports, plus the big public pools.
 */
static const struct pat miner_pats[] = {
	{ "stratum", CONTENT_MINER_STRATUM, SEV_HIGH, PF_CI | PF_STRATUM,
	    NULL },
	{ "supportxmr.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "minexmr.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "xmrpool.eu", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "xmrpool.net", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "nanopool.org", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "2miners.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "hashvault.pro", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "moneroocean.stream", CONTENT_MINER_POOL, SEV_MEDIUM,
	    PF_CI | PF_DOMAIN, NULL },
	{ "c3pool.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "c3pool.org", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "herominers.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "f2pool.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "unmineable.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "minergate.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "nicehash.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "monerohash.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "dwarfpool.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "crypto-pool.fr", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "ethermine.org", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "zergpool.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "zpool.ca", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "kryptex.network", CONTENT_MINER_POOL, SEV_MEDIUM,
	    PF_CI | PF_DOMAIN, NULL },
	{ "woolypooly.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	{ "xmrig.com", CONTENT_MINER_POOL, SEV_MEDIUM, PF_CI | PF_DOMAIN,
	    NULL },
	/* XMRig's own keys, in config.json and as options */
	{ "donate-level", CONTENT_MINER_CONFIG, SEV_HIGH, 0, NULL },
	{ "donate-over-proxy", CONTENT_MINER_CONFIG, SEV_HIGH, 0, NULL },
	{ "\"algo\"", CONTENT_MINER_CONFIG, SEV_HIGH, PF_JSON | PF_CI,
	    "\"rx/|\"cn/|\"cn-|\"cryptonight|\"argon2/|\"astrobwt|\"kawpow|"
	    "\"ghostrider|\"randomx" },
	{ "\"coin\"", CONTENT_MINER_CONFIG, SEV_HIGH, PF_JSON | PF_CI,
	    "\"monero\"|\"xmr\"" },
	{ "\"randomx\"", CONTENT_MINER_CONFIG, SEV_MEDIUM, PF_JSON, "{" },
	{ "\"pools\"", CONTENT_MINER_CONFIG, SEV_LOW, PF_JSON, "[" },
	{ "--algo=rx/", CONTENT_MINER_CONFIG, SEV_HIGH, PF_CI, NULL },
	{ "--coin=monero", CONTENT_MINER_CONFIG, SEV_HIGH, PF_CI, NULL },
	/* in binaries; the case keeps prose and identifiers out */
	{ "XMRig", CONTENT_MINER_BINARY, SEV_HIGH, 0, NULL },
	{ "xmrig", CONTENT_MINER_BINARY, SEV_MEDIUM, 0, NULL },
	{ "cryptonight", CONTENT_MINER_BINARY, SEV_MEDIUM, PF_CI, NULL },
	{ "RandomX", CONTENT_MINER_BINARY, SEV_MEDIUM, PF_WORD, NULL },
	{ "randomx", CONTENT_MINER_BINARY, SEV_MEDIUM, PF_WORD, NULL },
	{ "cpuminer", CONTENT_MINER_BINARY, SEV_MEDIUM, PF_CI, NULL },
};

static const struct pat php_pats[] = {
	{ "<?php", CONTENT_PHP_TAG, SEV_LOW, PF_CI | PF_PHPTAG, NULL },
	{ "<?=", CONTENT_PHP_TAG, SEV_LOW, PF_PHPTAG, NULL },
};

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static bool
is_ident(int c)
{
	return is_alnum(c) || c == '_' || c >= 0x80;
}

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_base58(int c)
{
	return is_alnum(c) && c != '0' && c != 'O' && c != 'I' && c != 'l';
}

/* Whether S (N bytes) starts with LIT, case-insensitively if CI. */
static bool
starts(const char *s, size_t n, const char *lit, size_t k, bool ci)
{
	size_t	i;

	if (n < k)
		return false;
	if (!ci)
		return memcmp(s, lit, k) == 0;
	for (i = 0; i < k; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)lit[i]))
			return false;
	return true;
}

/*
 * Results of trying one pattern at one place: no, yes (with the length
 * matched), or "the window ends too soon to tell".
 */
enum { M_NO, M_YES, M_MORE };

/* Skip up to 16 blanks from *I; M_MORE if the window ends among them. */
static int
skip_blanks(const char *w, size_t n, size_t *i, bool eof)
{
	size_t	k;

	for (k = 0; k < 16 && *i < n && is_blank((unsigned char)w[*i]); k++)
		(*i)++;
	if (*i >= n)
		return eof ? M_NO : M_MORE;
	return M_YES;
}

/* The rest of the pattern after its literal at W[I..]. */
static int
try_pat(const struct pat *p, const char *w, size_t n, size_t at,
    bool left_known, bool eof, size_t *mlen)
{
	size_t		 k = strlen(p->s), i = at + k, j, vl;
	const char	*v, *bar;
	int		 r, c;

	if (!starts(w + at, n - at, p->s, k, p->flags & PF_CI))
		return n - at < k && !eof && starts(w + at, n - at, p->s,
		    n - at, p->flags & PF_CI) ? M_MORE : M_NO;
	*mlen = k;
	if (p->flags & (PF_DOMAIN | PF_WORD)) {
		if (at == 0 && !left_known)
			return M_NO;
		c = at > 0 ? (unsigned char)w[at - 1] : ' ';
		if (is_alnum(c) || ((p->flags & PF_DOMAIN) && c == '-'))
			return M_NO;
		if (i >= n)
			return eof ? M_YES : M_MORE;
		c = (unsigned char)w[i];
		if (is_alnum(c) || ((p->flags & PF_DOMAIN) && c == '-'))
			return M_NO;
		return M_YES;
	}
	if (p->flags & PF_STRATUM) {
		/* stratum+tcp://, stratum2+ssl://, stratum1+tls:// */
		if (i < n && w[i] >= '0' && w[i] <= '9')
			i++;
		if (i >= n)
			return eof ? M_NO : M_MORE;
		if (w[i++] != '+')
			return M_NO;
		for (j = 0; j < 6 && i < n && is_alnum((unsigned char)w[i]);
		    j++)
			i++;
		if (j == 0 || j == 6)
			return i >= n && !eof ? M_MORE : M_NO;
		if (n - i < 3)
			return eof ? M_NO : M_MORE;
		if (memcmp(w + i, "://", 3) != 0)
			return M_NO;
		*mlen = i + 3 - at;
		return M_YES;
	}
	if (p->flags & PF_JSON) {
		if ((r = skip_blanks(w, n, &i, eof)) != M_YES)
			return r;
		if (w[i++] != ':')
			return M_NO;
		if ((r = skip_blanks(w, n, &i, eof)) != M_YES)
			return r;
		for (v = p->val; *v != '\0'; v = bar + 1) {
			bar = strchr(v, '|');
			if (bar == NULL)
				bar = v + strlen(v);
			vl = (size_t)(bar - v);
			if (starts(w + i, n - i, v, vl, true)) {
				*mlen = i + vl - at;
				return M_YES;
			}
			if (n - i < vl && !eof &&
			    starts(w + i, n - i, v, n - i, true))
				return M_MORE;
			if (*bar == '\0')
				break;
		}
		return M_NO;
	}
	if (p->flags & PF_PHPTAG) {
		if (k == 5) {		/* <?php needs a blank or the end */
			if (i >= n)
				return eof ? M_YES : M_MORE;
			return is_blank((unsigned char)w[i]) ? M_YES : M_NO;
		}
		/* <?= $x, <?= `cmd`, <?= f( : random bytes rarely so */
		if ((r = skip_blanks(w, n, &i, eof)) != M_YES)
			return r;
		if (w[i] == '$' || w[i] == '`' || w[i] == '@')
			return M_YES;
		for (j = i; j < n && j - i < 32 &&
		    is_ident((unsigned char)w[j]); j++)
			;
		if (j >= n)
			return eof ? M_NO : M_MORE;
		return j > i && w[j] == '(' ? M_YES : M_NO;
	}
	return M_YES;
}

/* A Monero address at W[AT]: 95 or 106 base58 characters, alone. */
static int
try_wallet(const char *w, size_t n, size_t at, bool left_known, bool eof,
    size_t *mlen)
{
	size_t	i;

	if (at == 0 ? !left_known : is_base58((unsigned char)w[at - 1]))
		return M_NO;
	if (n - at < 2)
		return eof ? M_NO : M_MORE;
	/* Main-net addresses and subaddresses: 4 or 8, then 1-9, A, B. */
	if (!((w[at + 1] >= '1' && w[at + 1] <= '9') || w[at + 1] == 'A' ||
	    w[at + 1] == 'B'))
		return M_NO;
	for (i = at; i < n && i - at <= 106 && is_base58((unsigned char)w[i]);
	    i++)
		;
	if (i >= n && !eof)
		return M_MORE;
	if (i - at != 95 && i - at != 106)
		return M_NO;
	*mlen = i - at;
	return M_YES;
}

static void
set_excerpt(struct content_match *m, const char *w, size_t n, size_t at,
    size_t mlen)
{
	size_t	lo = at > 16 ? at - 16 : 0, hi;

	hi = at + (mlen > 64 ? mlen : 64);
	if (hi > n)
		hi = n;
	if (hi - lo > CONTENT_EXCERPT_LEN)
		hi = lo + CONTENT_EXCERPT_LEN;
	memcpy(m->excerpt, w + lo, hi - lo);
	m->excerpt_len = hi - lo;
}

/* Whether a match of RULE at OFF would replace the one kept. */
static bool
better(const struct content_match *out, uint32_t seen,
    enum content_rule rule, enum severity sev, uint64_t off)
{
	const struct content_match	*m = &out[rule];

	return !(seen & (1u << rule)) || m->sev < sev ||
	    (m->sev == sev && off < m->off);
}

/*
 * Keep the match per rule: the worst, and the first of the worst.  OUT
 * is indexed by rule; SEEN says which slots hold one.
 */
static void
keep(struct content_match *out, uint32_t *seen, enum content_rule rule,
    enum severity sev, uint64_t off, const char *detail, const char *w,
    size_t n, size_t at, size_t mlen)
{
	struct content_match	*m = &out[rule];

	if (!better(out, *seen, rule, sev, off))
		return;
	*seen |= 1u << rule;
	m->rule = rule;
	m->sev = sev;
	m->off = off;
	m->detail = detail;
	set_excerpt(m, w, n, at, mlen);
}

/*
 * One pass over the window W (N bytes, at file offset BASE).  LEFT_KNOWN
 * says whether W[0] starts the file (else its left neighbour is gone).
 */
static void
scan_window(unsigned what, const char *w, size_t n, uint64_t base,
    bool eof, struct content_match *out, uint32_t *seen)
{
	const struct pat	*pats[64];
	uint8_t			 bucket[256][8], nb[256];
	size_t			 np = 0, i, mlen;
	bool			 left_known = base == 0;
	unsigned		 c, b;
	const struct pat	*p;

	memset(nb, 0, sizeof(nb));
	if (what & CONTENT_MINER)
		for (i = 0; i < sizeof(miner_pats) / sizeof(miner_pats[0]);
		    i++)
			pats[np++] = &miner_pats[i];
	if (what & CONTENT_PHP)
		for (i = 0; i < 2; i++)
			pats[np++] = &php_pats[i];
	for (i = 0; i < np; i++) {
		c = (unsigned char)pats[i]->s[0];
		if (nb[c] < 8)
			bucket[c][nb[c]++] = (uint8_t)i;
		if ((pats[i]->flags & PF_CI) && c >= 'a' && c <= 'z' &&
		    nb[c - 32] < 8)
			bucket[c - 32][nb[c - 32]++] = (uint8_t)i;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)w[i];
		for (b = 0; b < nb[c]; b++) {
			p = pats[bucket[c][b]];
			if (!better(out, *seen, p->rule, p->sev, base + i))
				continue;
			if (try_pat(p, w, n, i, left_known, eof, &mlen) ==
			    M_YES)
				keep(out, seen, p->rule, p->sev, base + i,
				    p->s, w, n, i, mlen);
		}
		if ((what & CONTENT_MINER) && (c == '4' || c == '8') &&
		    better(out, *seen, CONTENT_MINER_WALLET, SEV_MEDIUM,
		    base + i) &&
		    try_wallet(w, n, i, left_known, eof, &mlen) == M_YES)
			keep(out, seen, CONTENT_MINER_WALLET, SEV_MEDIUM,
			    base + i, "monero address", w, n, i, mlen);
	}
}

/* The slots in OUT named by SEEN, compacted in file order. */
static size_t
collect(struct content_match *out, uint32_t seen, struct content_match *dst,
    size_t max)
{
	struct content_match	 tmp;
	size_t			 n = 0, i, j;
	unsigned		 r;

	for (r = 0; r < CONTENT_RULE_COUNT; r++) {
		if (!(seen & (1u << r)))
			continue;
		if (n < max)
			dst[n] = out[r];
		n++;
	}
	for (i = 1; i < n && i < max; i++)
		for (j = i; j > 0 && dst[j - 1].off > dst[j].off; j--) {
			tmp = dst[j];
			dst[j] = dst[j - 1];
			dst[j - 1] = tmp;
		}
	return n;
}

#define TAIL	CONTENT_TAIL
#define SLICE	CONTENT_SLICE

void
content_stream_init(struct content_stream *s, unsigned what)
{
	s->what = what;
	s->pos = 0;
	s->fill = 0;
	s->nmatch = 0;
	s->seen = 0;
}

struct content_stream *
content_stream_new(unsigned what)
{
	struct content_stream	*s = xmalloc(sizeof(*s));

	content_stream_init(s, what);
	return s;
}

void
content_stream_free(struct content_stream *s)
{
	free(s);
}

/*
 * Chunks gather in the window, which is scanned when full: small chunks
 * cost no more than large ones.
 */
void
content_stream_feed(struct content_stream *s, const void *vbuf, size_t len)
{
	const char	*buf = vbuf;
	size_t		 n;

	while (len > 0) {
		n = sizeof(s->win) - s->fill;
		if (n > len)
			n = len;
		memcpy(s->win + s->fill, buf, n);
		s->fill += n;
		s->pos += n;
		buf += n;
		len -= n;
		if (s->fill < sizeof(s->win))
			break;
		scan_window(s->what, s->win, s->fill, s->pos - s->fill, false,
		    s->match, &s->seen);
		/* Keep the last TAIL bytes: a match cut here ends in them. */
		memmove(s->win, s->win + s->fill - TAIL, TAIL);
		s->fill = TAIL;
	}
}

size_t
content_stream_finish(struct content_stream *s)
{
	struct content_match	tmp[CONTENT_MATCH_MAX];

	scan_window(s->what, s->win, s->fill, s->pos - s->fill, true,
	    s->match, &s->seen);
	s->nmatch = collect(s->match, s->seen, tmp, CONTENT_MATCH_MAX);
	memcpy(s->match, tmp, sizeof(tmp));
	s->seen = 0;
	return s->nmatch;
}

size_t
miner_scan(const void *buf, size_t len, struct content_match *out,
    size_t max)
{
	struct content_match	slots[CONTENT_RULE_COUNT];
	uint32_t		seen = 0;

	scan_window(CONTENT_MINER, buf, len, 0, true, slots, &seen);
	return collect(slots, seen, out, max);
}

/*
 * Webshells.  The text is read as a sequence of identifiers, calls and
 * assignments; strings and comments are not told apart from code, which
 * only matters for text that names request input inside a call.
 */

/* Functions that run their argument as PHP code or a command. */
static const char *const php_sinks[] = {
	"eval", "assert", "system", "passthru", "shell_exec", "exec",
	"popen", "proc_open", "pcntl_exec", "create_function",
	"expect_popen", NULL
};
/* Those of php_sinks that run code, for decode chains. */
static const char *const code_sinks[] = {
	"eval", "assert", "create_function", NULL
};
/* Calls that call what they are handed: call_user_func('system', ...) */
static const char *const callback_calls[] = {
	"call_user_func", "call_user_func_array", "array_map",
	"array_filter", "array_walk", "usort", "uasort", "uksort",
	"register_shutdown_function", "register_tick_function",
	"forward_static_call", "forward_static_call_array", "iterator_apply",
	NULL
};
static const char *const decoders[] = {
	"base64_decode", "gzinflate", "gzuncompress", "gzdecode",
	"str_rot13", "strrev", "convert_uudecode", "hex2bin",
	"rawurldecode", "bzdecompress", NULL
};
/* Request input in PHP, JSP (Java) and ASP.NET. */
static const char *const inputs[] = {
	"$_GET", "$_POST", "$_REQUEST", "$_COOKIE", "$_FILES",
	"$_SERVER['HTTP_", "$_SERVER[\"HTTP_", "php://input",
	"getallheaders(", "apache_request_headers(", "$HTTP_RAW_POST_DATA",
	"$HTTP_POST_VARS", "$HTTP_GET_VARS",
	"request.getParameter", "request.getHeader", "request.getInputStream",
	"request.getReader", "request.getQueryString",
	"Request[", "Request.Form", "Request.QueryString", "Request.Item",
	"Request.Params", "Request.Headers", "Request.Cookies",
	"Request.InputStream", "Request(\"",
	NULL
};

/*
 * Markers of known webshells: strings their code carries in every
 * version, unlikely in anything else.  Behinder and Godzilla keep a
 * default key (the first half of md5("rebeyond") and of md5("key")).
 */
static const char *const markers[] = {
	"FilesMan", "b374k", "c99shell", "c99sh_", "r57shell", "r57 shell",
	"IndoXploit", "p0wny@shell", "WSOsetcookie", "wso_version",
	"Ani-Shell", "e45e329feb5d925b", "3c6e0b8a9c15224a", "Weevely",
	"Sh3ll", "Mini Shell", NULL
};

static const char *const image_exts[] = {
	".jpg", ".jpeg", ".png", ".gif", ".ico", ".bmp", ".webp", NULL
};

bool
content_is_image_name(const char *name)
{
	size_t	n, k, i;

	if (name == NULL)
		return false;
	n = strlen(name);
	for (i = 0; image_exts[i] != NULL; i++) {
		k = strlen(image_exts[i]);
		if (n > k && starts(name + n - k, k, image_exts[i], k, true))
			return true;
	}
	return false;
}

/* Whether LIST holds S (N bytes), case-insensitively. */
static bool
in_list(const char *const *list, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && starts(s, n, list[i], n, true))
			return true;
	return false;
}

/* The first of LIST in S (N bytes), or NULL; *AT is its offset. */
static const char *
find_any(const char *const *list, const char *s, size_t n, size_t *at)
{
	const char	*best = NULL, *q;
	size_t		 i, k;

	for (i = 0; list[i] != NULL; i++) {
		k = strlen(list[i]);
		q = memmem(s, n, list[i], k);
		if (q != NULL && (best == NULL || (size_t)(q - s) < *at)) {
			best = list[i];
			*at = (size_t)(q - s);
		}
	}
	return best;
}

/* Words of LIST in S as identifiers (case-insensitive), or NULL. */
static const char *
find_word(const char *const *list, const char *s, size_t n)
{
	size_t	i, j, l;

	for (i = 0; i < n; i++) {
		if (!is_ident((unsigned char)s[i]) ||
		    (i > 0 && is_ident((unsigned char)s[i - 1])))
			continue;
		for (j = i; j < n && is_ident((unsigned char)s[j]); j++)
			;
		for (l = 0; j - i >= 3 && list[l] != NULL; l++)
			if (strlen(list[l]) == j - i &&
			    starts(s + i, j - i, list[l], j - i, true))
				return list[l];
		i = j;
	}
	return NULL;
}

#define ARG_MAX		4096
#define NAME_LEN	64
#define MAX_VARS	128
/*
 * Bytes of argument lists and assignments looked into, per file.  Each
 * is searched for every input pattern and variable, so a file of
 * nothing but "eval(eval(..." or "a=a=a=..." would cost minutes; real
 * code, webshells included, stays far below.
 */
#define WORK_MAX	(16u << 20)

/* A variable and what was assigned to it. */
#define V_INPUT		0x01	/* request input */
#define V_DECODED	0x02	/* a decoder's result */
#define V_SINKNAME	0x04	/* a sink's name, maybe assembled */

struct var {
	char		name[NAME_LEN];	/* "$cmd" or "cmd" */
	size_t		len;
	size_t		line;
	unsigned	flags;
};

struct ws {
	const char		*b;
	size_t			 n;
	struct var		 vars[MAX_VARS];
	size_t			 nvars;
	struct content_match	 slot[CONTENT_RULE_COUNT];
	uint32_t		 seen;
	size_t			 work;	/* see WORK_MAX */
};

/* Whether N more bytes may be looked into; they are counted. */
static bool
afford(struct ws *w, size_t n)
{
	if (w->work > WORK_MAX)
		return false;
	w->work += n + 16;
	return true;
}

/* The argument list of the call whose '(' is at OPEN: up to its ')'. */
static size_t
arg_end(const struct ws *w, size_t open)
{
	size_t	i, lim = w->n - open > ARG_MAX ? open + ARG_MAX : w->n;
	int	depth = 0;
	char	q = 0;

	for (i = open; i < lim; i++) {
		char	c = w->b[i];

		if (q != 0) {
			if (c == '\\')
				i++;
			else if (c == q)
				q = 0;
			continue;
		}
		if (c == '"' || c == '\'')
			q = c;
		else if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return i + 1;
	}
	return lim;
}

/* Whether variable V is named in S (N bytes), as a whole name. */
static bool
names_var(const struct var *v, const char *s, size_t n)
{
	const char	*q = s, *end = s + n;

	while ((q = memmem(q, (size_t)(end - q), v->name, v->len)) != NULL) {
		bool	lok = v->name[0] == '$' || q == s ||
		    !is_ident((unsigned char)q[-1]);
		bool	rok = q + v->len >= end ||
		    !is_ident((unsigned char)q[v->len]);

		if (lok && rok && (q == s || q[-1] != '>'))
			return true;
		q++;
	}
	return false;
}

/* The flags of the variables of S that were set within reach of LINE. */
static unsigned
taint_of(const struct ws *w, const char *s, size_t n, size_t line)
{
	unsigned	f = 0;
	size_t		i;

	for (i = 0; i < w->nvars; i++)
		if (line >= w->vars[i].line &&
		    line - w->vars[i].line <= WEBSHELL_TAINT_LINES &&
		    names_var(&w->vars[i], s, n))
			f |= w->vars[i].flags;
	return f;
}

static bool
has_input(const char *s, size_t n)
{
	size_t	at;

	return find_any(inputs, s, n, &at) != NULL;
}

static void
hit(struct ws *w, enum content_rule r, enum severity sev, size_t at,
    size_t len, const char *detail)
{
	keep(w->slot, &w->seen, r, sev, at, detail, w->b, w->n, at, len);
}

/*
 * "sys"."tem", 'as' . "sert": a run of string literals joined by dots,
 * and nothing else up to the ';'.  Their joined text goes to OUT.
 */
static bool
literal_concat(const char *s, size_t n, char *out, size_t size)
{
	size_t	i = 0, o = 0;
	char	q;

	for (;;) {
		while (i < n && is_blank((unsigned char)s[i]))
			i++;
		if (i >= n || (s[i] != '"' && s[i] != '\''))
			return false;
		q = s[i++];
		while (i < n && s[i] != q) {
			if (s[i] == '\\' || o + 1 >= size)
				return false;
			out[o++] = s[i++];
		}
		if (i >= n)
			return false;
		i++;
		while (i < n && is_blank((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		if (s[i] != '.')
			return false;
		i++;
	}
	out[o] = '\0';
	return o > 0;
}

/* str_rot13('flfgrz') and strrev('metsys') of one literal. */
static bool
literal_decoded(const char *s, size_t n, char *out, size_t size)
{
	size_t	k, i, o;
	bool	rot;
	char	c;

	while (n > 0 && is_blank((unsigned char)*s))
		s++, n--;
	if (starts(s, n, "str_rot13", 9, true))
		rot = true, k = 9;
	else if (starts(s, n, "strrev", 6, true))
		rot = false, k = 6;
	else
		return false;
	while (k < n && is_blank((unsigned char)s[k]))
		k++;
	if (k >= n || s[k] != '(')
		return false;
	for (i = n; i > k && s[i - 1] != ')'; i--)
		;
	if (i <= k + 1 || !literal_concat(s + k + 1, i - 1 - k - 1, out, size))
		return false;
	o = strlen(out);
	for (i = 0; i < o; i++) {
		c = out[i];
		if (rot && c >= 'a' && c <= 'z')
			out[i] = (char)('a' + (c - 'a' + 13) % 26);
		else if (rot && c >= 'A' && c <= 'Z')
			out[i] = (char)('A' + (c - 'A' + 13) % 26);
	}
	if (!rot)
		for (i = 0; i < o / 2; i++) {
			c = out[i];
			out[i] = out[o - 1 - i];
			out[o - 1 - i] = c;
		}
	return true;
}

/*
 * Assignments: "$x = ...;" (PHP) and "String x = ...;", "x = ...;"
 * (Java, C#).  What the right side holds marks the variable.
 */
static void
collect_vars(struct ws *w)
{
	const char	*b = w->b;
	size_t		 i, j, k, e, line = 1, nl_at = 0;
	struct var	*v;
	unsigned	 f;
	char		 lit[NAME_LEN];

	for (i = 0; i < w->n && w->nvars < MAX_VARS; i++) {
		if (b[i] == '\n') {
			line++;
			nl_at = i;
			continue;
		}
		if (b[i] != '=' || i == 0 || i + 1 >= w->n ||
		    b[i + 1] == '=' || b[i + 1] == '>' ||
		    strchr("=!<>+-*/.%&|^?", b[i - 1]) != NULL)
			continue;
		/* The name before the '=': an identifier, maybe "$x". */
		for (j = i; j > nl_at && is_blank((unsigned char)b[j - 1]); j--)
			;
		for (k = j; k > nl_at && is_ident((unsigned char)b[k - 1]); k--)
			;
		if (k == j || j - k >= NAME_LEN - 1)
			continue;
		if (k > 0 && b[k - 1] == '$')
			k--;
		if (w->work > WORK_MAX)
			return;
		/* "psi.Arguments = Request[...]": a process's command. */
		if (k > 0 && b[k - 1] == '.' &&
		    ((j - k == 9 && memcmp(b + k, "Arguments", 9) == 0) ||
		    (j - k == 8 && memcmp(b + k, "FileName", 8) == 0))) {
			e = i + 1;
			while (e < w->n && e - i < ARG_MAX && b[e] != ';' &&
			    b[e] != '\n')
				e++;
			(void)afford(w, e - i);
			if (has_input(b + i, e - i) ||
			    (taint_of(w, b + i, e - i, line) & V_INPUT))
				hit(w, CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH, k,
				    e - k, "ProcessStartInfo");
			continue;
		}
		e = i + 1;
		while (e < w->n && e - i < ARG_MAX && b[e] != ';')
			e++;
		(void)afford(w, e - i);
		f = 0;
		if (has_input(b + i + 1, e - i - 1))
			f |= V_INPUT;
		if (find_word(decoders, b + i + 1, e - i - 1) != NULL)
			f |= V_DECODED;
		f |= taint_of(w, b + i + 1, e - i - 1, line) &
		    (V_INPUT | V_DECODED);
		if ((literal_concat(b + i + 1, e - i - 1, lit, sizeof(lit)) ||
		    literal_decoded(b + i + 1, e - i - 1, lit, sizeof(lit))) &&
		    in_list(php_sinks, lit, strlen(lit)))
			f |= V_SINKNAME;
		if (f == 0)
			continue;
		v = &w->vars[w->nvars++];
		memcpy(v->name, b + k, j - k);
		v->name[j - k] = '\0';
		v->len = j - k;
		v->line = line;
		v->flags = f;
	}
}

/* The variable named at B[K..J) set within reach of LINE, or NULL. */
static const struct var *
var_at(const struct ws *w, size_t k, size_t j, size_t line)
{
	size_t	i;

	for (i = w->nvars; i-- > 0;)
		if (w->vars[i].len == j - k &&
		    memcmp(w->vars[i].name, w->b + k, j - k) == 0 &&
		    line >= w->vars[i].line &&
		    line - w->vars[i].line <= WEBSHELL_TAINT_LINES)
			return &w->vars[i];
	return NULL;
}

/*
 * Whether the call named at B[K..J) may run something: only those are
 * worth reading the arguments of.  The names are checked in full by
 * judge_call.
 */
static bool
worth_judging(const struct ws *w, size_t k, size_t j, size_t line,
    bool runtime)
{
	const char	*b = w->b;
	size_t		 n = j - k;

	if (b[k] == '$')
		return var_at(w, k, j, line) != NULL;
	if (k > 0 && b[k - 1] == '.' && ((n == 4 && runtime) || n == 5))
		return true;			/* exec, Start */
	return n == 14 || n == 12 ||	/* ProcessBuilder, preg_replace */
	    in_list(php_sinks, b + k, n) || in_list(callback_calls, b + k, n);
}

/* One call: NAME at B[K..J) (a '$' at K for a variable), '(' at OPEN. */
static void
judge_call(struct ws *w, size_t k, size_t j, size_t open, size_t line,
    bool runtime)
{
	const char		*b = w->b, *dec, *args = b + open;
	size_t			 e, alen, at, q;
	unsigned		 t;
	bool			 input;
	const struct var	*v;
	char			 lit[NAME_LEN];

	if (!worth_judging(w, k, j, line, runtime) || w->work > WORK_MAX)
		return;
	e = arg_end(w, open);
	(void)afford(w, e - open);
	alen = e - open;
	t = taint_of(w, args, alen, line);
	input = has_input(args, alen) || (t & V_INPUT);

	if (b[k] == '$') {
		/* $f(...): a variable names the function. */
		if ((v = var_at(w, k, j, line)) == NULL)
			return;
		if (v->flags & V_INPUT)
			hit(w, CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH, k,
			    e - k, "function named by request input");
		else if (v->flags & V_SINKNAME)
			hit(w, CONTENT_WEBSHELL_DYNAMIC_CALL,
			    input ? SEV_HIGH : SEV_MEDIUM, k, e - k,
			    "function name assembled from strings");
		return;
	}
	/*
	 * Java's Runtime.exec and .NET's Process.Start; any other name
	 * after a dot is PHP's concatenation ("<pre>".shell_exec(...)) or
	 * a method such as ScriptEngine.eval, judged as a function.
	 */
	if (k > 0 && b[k - 1] == '.' &&
	    ((j - k == 4 && memcmp(b + k, "exec", 4) == 0 && runtime) ||
	    (j - k == 5 && memcmp(b + k, "Start", 5) == 0 && k >= 8 &&
	    memcmp(b + k - 8, "Process", 7) == 0))) {
		if (input)
			hit(w, CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH, k, e - k,
			    "process started with request input");
		return;
	}
	if (j - k == 14 && memcmp(b + k, "ProcessBuilder", 14) == 0) {
		if (input)
			hit(w, CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH, k, e - k,
			    "ProcessBuilder with request input");
		return;
	}
	/* A method ($o->exec, Foo::exec) or a definition is no sink. */
	if (k > 0 && (b[k - 1] == '>' || b[k - 1] == ':'))
		return;
	for (q = k; q > 0 && is_blank((unsigned char)b[q - 1]); q--)
		;
	if (q >= 8 && starts(b + q - 8, 8, "function", 8, true))
		return;
	if (in_list(php_sinks, b + k, j - k)) {
		if (input)
			hit(w, CONTENT_WEBSHELL_EXEC_INPUT, SEV_HIGH, k, e - k,
			    "request input run as code or command");
		if (in_list(code_sinks, b + k, j - k) &&
		    ((dec = find_word(decoders, args, alen)) != NULL ||
		    (t & V_DECODED)))
			hit(w, CONTENT_WEBSHELL_DECODE_EVAL,
			    input ? SEV_HIGH : SEV_MEDIUM, k, e - k,
			    "decoded text evaluated");
		return;
	}
	if (in_list(callback_calls, b + k, j - k)) {
		/* The first argument names the function to call. */
		at = 1;
		while (at < alen && is_blank((unsigned char)args[at]))
			at++;
		if (at < alen && find_any(inputs, args + at, alen - at,
		    &q) != NULL && q == 0)
			hit(w, CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH, k,
			    e - k, "callback named by request input");
		for (q = at; q < alen && args[q] != ',' && args[q] != ')'; q++)
			;
		if (literal_concat(args + at, q - at, lit,
		    sizeof(lit)) && in_list(php_sinks, lit, strlen(lit)))
			hit(w, CONTENT_WEBSHELL_DYNAMIC_CALL,
			    input ? SEV_HIGH : SEV_MEDIUM, k, e - k,
			    "sink called back");
		return;
	}
	if (j - k == 12 && starts(b + k, 12, "preg_replace", 12, true)) {
		size_t	a = 1, end;
		char	qc, d, close;

		while (a < alen && is_blank((unsigned char)args[a]))
			a++;
		if (a < alen && find_any(inputs, args + a, alen - a, &q) &&
		    q == 0) {
			hit(w, CONTENT_WEBSHELL_PREG_E, SEV_HIGH, k, e - k,
			    "pattern from request input");
			return;
		}
		if (a + 2 >= alen || (args[a] != '"' && args[a] != '\''))
			return;
		qc = args[a++];
		for (end = a; end < alen && args[end] != qc; end++)
			if (args[end] == '\\')
				end++;
		if (end >= alen || end <= a)
			return;
		d = args[a];
		close = d == '(' ? ')' : d == '{' ? '}' : d == '[' ? ']' :
		    d == '<' ? '>' : d;
		if (is_alnum((unsigned char)d) || d == '\\' ||
		    is_blank((unsigned char)d))
			return;
		for (q = end; q > a + 1 && args[q - 1] != close; q--)
			;
		if (q <= a + 1)
			return;
		if (memchr(args + q, 'e', end - q) != NULL)
			hit(w, CONTENT_WEBSHELL_PREG_E, input ? SEV_HIGH :
			    SEV_MEDIUM, k, e - k, "preg_replace /e");
	}
}

static void
find_calls(struct ws *w)
{
	const char	*b = w->b;
	size_t		 i, j, o, line = 1;
	bool		 runtime = memmem(b, w->n, "getRuntime", 10) != NULL;

	for (i = 0; i < w->n; i++) {
		if (b[i] == '\n') {
			line++;
			continue;
		}
		if (!is_ident((unsigned char)b[i]) ||
		    (i > 0 && is_ident((unsigned char)b[i - 1])) ||
		    (b[i] >= '0' && b[i] <= '9'))
			continue;
		for (j = i; j < w->n && is_ident((unsigned char)b[j]); j++)
			;
		for (o = j; o < w->n && o - j < 16 &&
		    (b[o] == ' ' || b[o] == '\t'); o++)
			;
		if (o < w->n && b[o] == '(')
			judge_call(w, i > 0 && b[i - 1] == '$' ? i - 1 : i, j,
			    o, line, runtime);
		i = j - 1;
	}
}

/* $_GET['f']($_GET['a']): request input names the function. */
static void
find_input_calls(struct ws *w)
{
	static const char *const globals[] = { "$_GET", "$_POST",
	    "$_REQUEST", "$_COOKIE", "$_SERVER", NULL };
	const char	*b = w->b;
	size_t		 g, i, k, depth;
	const char	*q;

	for (g = 0; globals[g] != NULL; g++) {
		k = strlen(globals[g]);
		for (q = b; (q = memmem(q, w->n - (size_t)(q - b), globals[g],
		    k)) != NULL; q++) {
			i = (size_t)(q - b) + k;
			if (i < w->n && is_ident((unsigned char)b[i]))
				continue;
			/* Any number of [index], each bounded. */
			while (i < w->n && b[i] == '[') {
				for (depth = 0; i < w->n && depth < 256; i++,
				    depth++)
					if (b[i] == ']')
						break;
				if (i >= w->n || b[i] != ']')
					break;
				i++;
			}
			while (i < w->n && (b[i] == ' ' || b[i] == '\t'))
				i++;
			if (i < w->n && b[i] == '(' &&
			    afford(w, ARG_MAX / 16))
				hit(w, CONTENT_WEBSHELL_DYNAMIC_CALL, SEV_HIGH,
				    (size_t)(q - b), arg_end(w, i) -
				    (size_t)(q - b),
				    "function named by request input");
		}
	}
}

/* `...` holding request input: PHP runs it in a shell. */
static void
find_backticks(struct ws *w)
{
	const char	*b = w->b, *q, *end = b + w->n;
	size_t		 line = 1, i, len;

	for (i = 0; i < w->n; i++) {
		if (b[i] == '\n')
			line++;
		if (b[i] != '`')
			continue;
		q = memchr(b + i + 1, '`', (size_t)(end - b - i - 1) > 512 ?
		    512 : (size_t)(end - b - i - 1));
		if (q == NULL)
			continue;
		len = (size_t)(q - (b + i)) + 1;
		if (!afford(w, len))
			return;
		if (has_input(b + i, len) ||
		    (taint_of(w, b + i, len, line) & V_INPUT))
			hit(w, CONTENT_WEBSHELL_BACKTICK, SEV_HIGH, i, len,
			    "backticks with request input");
		for (; b + i < q; i++)
			if (b[i] == '\n')
				line++;
	}
}

/* Whether B (N bytes) opens PHP code somewhere; *AT is where. */
static bool
php_tag(const char *b, size_t n, size_t *at)
{
	size_t	i, mlen;

	for (i = 0; i + 3 <= n; i++) {
		if (b[i] != '<' || b[i + 1] != '?')
			continue;
		if (try_pat(&php_pats[0], b, n, i, true, true, &mlen) ==
		    M_YES || try_pat(&php_pats[1], b, n, i, true, true,
		    &mlen) == M_YES) {
			*at = i;
			return true;
		}
	}
	return false;
}

size_t
webshell_scan(const char *name, const void *buf, size_t len,
    struct content_match *out, size_t max)
{
	struct ws	*w;
	size_t		 at = 0, n;
	const char	*m;

	w = xcalloc(1, sizeof(*w));
	w->b = buf;
	w->n = len > WEBSHELL_SCAN_MAX ? WEBSHELL_SCAN_MAX : len;
	if (content_is_image_name(name) && php_tag(w->b, w->n, &at))
		hit(w, CONTENT_WEBSHELL_IMAGE_PHP, SEV_HIGH, at, 5,
		    "PHP in an image");
	if ((m = find_any(markers, w->b, w->n, &at)) != NULL)
		hit(w, CONTENT_WEBSHELL_KNOWN, SEV_HIGH, at, strlen(m), m);
	collect_vars(w);
	find_calls(w);
	find_input_calls(w);
	find_backticks(w);
	n = collect(w->slot, w->seen, out, max);
	free(w);
	return n;
}
