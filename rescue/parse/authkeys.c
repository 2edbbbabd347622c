/*
 * authkeys.c - authorized_keys(5) lines as OpenSSH's sshd reads them
 * (auth2-pubkeyfile.c, auth-options.c, sshkey.c), every length bounded
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/sha.h>

#include "parse/authkeys.h"
#include "util/util.h"

static const struct keytype {
	const char		*name;
	const char		*plain;		/* the key a cert holds */
	enum authkeys_keytype	 kt;
	const char		*curve;
	unsigned		 bits;		/* fixed sizes, else 0 */
} keytypes[] = {
	{ "ssh-rsa", NULL, AUTHKEYS_KEY_RSA, NULL, 0 },
	{ "ssh-dss", NULL, AUTHKEYS_KEY_DSA, NULL, 0 },
	{ "ecdsa-sha2-nistp256", NULL, AUTHKEYS_KEY_ECDSA, "nistp256", 256 },
	{ "ecdsa-sha2-nistp384", NULL, AUTHKEYS_KEY_ECDSA, "nistp384", 384 },
	{ "ecdsa-sha2-nistp521", NULL, AUTHKEYS_KEY_ECDSA, "nistp521", 521 },
	{ "ssh-ed25519", NULL, AUTHKEYS_KEY_ED25519, NULL, 256 },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", NULL, AUTHKEYS_KEY_SK_ECDSA,
	    "nistp256", 256 },
	{ "sk-ssh-ed25519@openssh.com", NULL, AUTHKEYS_KEY_SK_ED25519, NULL,
	    256 },
	{ "ssh-rsa-cert-v01@openssh.com", "ssh-rsa", AUTHKEYS_KEY_RSA, NULL,
	    0 },
	{ "ssh-dss-cert-v01@openssh.com", "ssh-dss", AUTHKEYS_KEY_DSA, NULL,
	    0 },
	{ "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp256",
	    AUTHKEYS_KEY_ECDSA, "nistp256", 256 },
	{ "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384",
	    AUTHKEYS_KEY_ECDSA, "nistp384", 384 },
	{ "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
	    AUTHKEYS_KEY_ECDSA, "nistp521", 521 },
	{ "ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519",
	    AUTHKEYS_KEY_ED25519, NULL, 256 },
	{ "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
	    "sk-ecdsa-sha2-nistp256@openssh.com", AUTHKEYS_KEY_SK_ECDSA,
	    "nistp256", 256 },
	{ "sk-ssh-ed25519-cert-v01@openssh.com",
	    "sk-ssh-ed25519@openssh.com", AUTHKEYS_KEY_SK_ED25519, NULL, 256 },
};

/* Options sshd knows; VALUED ones take ="...", the others nothing. */
static const struct option {
	const char	*name;
	unsigned	 flag;
	bool		 valued;
} options[] = {
	{ "agent-forwarding", AUTHKEYS_O_AGENT_FWD, false },
	{ "cert-authority", AUTHKEYS_O_CERT_AUTHORITY, false },
	{ "command", AUTHKEYS_O_COMMAND, true },
	{ "environment", AUTHKEYS_O_ENVIRONMENT, true },
	{ "expiry-time", AUTHKEYS_O_EXPIRY, true },
	{ "from", AUTHKEYS_O_FROM, true },
	{ "no-agent-forwarding", AUTHKEYS_O_NO_AGENT_FWD, false },
	{ "no-port-forwarding", AUTHKEYS_O_NO_PORT_FWD, false },
	{ "no-pty", AUTHKEYS_O_NO_PTY, false },
	{ "no-touch-required", AUTHKEYS_O_NO_TOUCH, false },
	{ "no-user-rc", AUTHKEYS_O_NO_USER_RC, false },
	{ "no-x11-forwarding", AUTHKEYS_O_NO_X11_FWD, false },
	{ "permitlisten", AUTHKEYS_O_PERMITOPEN, true },
	{ "permitopen", AUTHKEYS_O_PERMITOPEN, true },
	{ "port-forwarding", AUTHKEYS_O_PORT_FWD, false },
	{ "principals", AUTHKEYS_O_PRINCIPALS, true },
	{ "pty", AUTHKEYS_O_PTY, false },
	{ "restrict", AUTHKEYS_O_RESTRICT, false },
	{ "tunnel", AUTHKEYS_O_TUNNEL, true },
	{ "user-rc", AUTHKEYS_O_USER_RC, false },
	{ "verify-required", AUTHKEYS_O_VERIFY, false },
	{ "x11-forwarding", AUTHKEYS_O_X11_FWD, false },
};

struct akstate {
	char			*line;
	size_t			 linecap;
	uint8_t			*blob;
	size_t			 blobcap;
	struct authkeys_option	 opt[AUTHKEYS_OPT_MAX];
};

/* A reader over a key blob (RFC 4251 strings and mpints). */
struct rd {
	const uint8_t	*p;
	size_t		 left;
};

static int
rd_string(struct rd *r, const uint8_t **s, size_t *len)
{
	uint32_t	n;

	if (r->left < 4)
		return -1;
	n = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	if (n > r->left - 4)
		return -1;
	*s = r->p + 4;
	*len = n;
	r->p += 4 + (size_t)n;
	r->left -= 4 + (size_t)n;
	return 0;
}

/* A positive mpint's size in bits; -1 for a negative one or no room. */
static long
rd_mpint_bits(struct rd *r)
{
	const uint8_t	*s;
	size_t		 len;
	long		 bits;
	uint8_t		 c;

	if (rd_string(r, &s, &len) < 0 || (len > 0 && (s[0] & 0x80)))
		return -1;
	while (len > 0 && s[0] == 0) {
		s++;
		len--;
	}
	if (len == 0)
		return 0;
	bits = (long)(len - 1) * 8;
	for (c = s[0]; c != 0; c >>= 1)
		bits++;
	return bits;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Decode the LEN characters at S into ST->blob as b64_pton does:
 * whole quanta, "=" padding only at the end.  Returns the length or -1.
 */
static long
b64_decode(struct akstate *st, const char *s, size_t len)
{
	size_t		 i, n = 0, pad = 0;
	uint32_t	 acc = 0;
	int		 v;

	if (len == 0 || len % 4 != 0)
		return -1;
	if (s[len - 1] == '=')
		pad = s[len - 2] == '=' ? 2 : 1;
	if (len / 4 * 3 > st->blobcap) {
		st->blobcap = len / 4 * 3;
		st->blob = xrealloc(st->blob, st->blobcap);
	}
	for (i = 0; i < len - pad; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		if (i % 4 == 3) {
			st->blob[n++] = (uint8_t)(acc >> 16);
			st->blob[n++] = (uint8_t)(acc >> 8);
			st->blob[n++] = (uint8_t)acc;
			acc = 0;
		}
	}
	/* The bits a padded quantum drops must be zero, as b64_pton asks. */
	if (pad == 1) {
		if (acc & 0x3)
			return -1;
		st->blob[n++] = (uint8_t)(acc >> 10);
		st->blob[n++] = (uint8_t)(acc >> 2);
	} else if (pad == 2) {
		if (acc & 0xf)
			return -1;
		st->blob[n++] = (uint8_t)(acc >> 4);
	}
	return (long)n;
}

static void
fingerprint(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
    char *out)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint8_t		 md[SHA256_DIGEST_LENGTH + 1];
	uint8_t		*tmp;
	char		*o;
	size_t		 i;
	uint32_t	 v;

	/* A certificate's key is hashed as its plain form A then B. */
	tmp = xmalloc(alen + blen);
	memcpy(tmp, a, alen);
	if (blen > 0)
		memcpy(tmp + alen, b, blen);
	SHA256(tmp, alen + blen, md);
	free(tmp);
	md[SHA256_DIGEST_LENGTH] = 0;
	o = out + strlen(strcpy(out, "SHA256:"));
	for (i = 0; i < SHA256_DIGEST_LENGTH; i += 3) {
		v = (uint32_t)md[i] << 16 | (uint32_t)md[i + 1] << 8;
		if (i + 2 < SHA256_DIGEST_LENGTH)
			v |= md[i + 2];
		*o++ = b64[v >> 18 & 63];
		*o++ = b64[v >> 12 & 63];
		*o++ = b64[v >> 6 & 63];
		if (i + 2 < SHA256_DIGEST_LENGTH)
			*o++ = b64[v & 63];
	}
	*o = '\0';
}

static bool
str_is(const uint8_t *s, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(s, want, len) == 0;
}

/*
 * Check the blob of BLEN bytes in ST->blob against type NAME (KT, or
 * NULL for a type this parser does not know) and fill the key fields
 * of E.  Returns the status.
 */
static enum authkeys_status
check_blob(struct akstate *st, size_t blen, const char *name,
    const struct keytype *kt, struct authkeys_entry *e)
{
	struct rd	 r = { st->blob, blen };
	const uint8_t	*s, *key, *curve;
	size_t		 len, clen;
	uint8_t		 hdr[64];
	long		 bits = 0;
	int		 i;

	if (rd_string(&r, &s, &len) < 0)
		return AUTHKEYS_BAD_BLOB;
	if (!str_is(s, len, name))
		return AUTHKEYS_TYPE_MISMATCH;
	if (kt == NULL) {
		fingerprint(st->blob, blen, NULL, 0, e->fingerprint);
		return AUTHKEYS_UNKNOWN_TYPE;
	}
	if (kt->plain != NULL && rd_string(&r, &s, &len) < 0)	/* nonce */
		return AUTHKEYS_BAD_BLOB;
	key = r.p;
	switch (kt->kt) {
	case AUTHKEYS_KEY_RSA:
		if (rd_mpint_bits(&r) < 0 || (bits = rd_mpint_bits(&r)) < 0)
			return AUTHKEYS_BAD_BLOB;
		break;
	case AUTHKEYS_KEY_DSA:
		if ((bits = rd_mpint_bits(&r)) < 0)
			return AUTHKEYS_BAD_BLOB;
		for (i = 0; i < 3; i++)
			if (rd_mpint_bits(&r) < 0)
				return AUTHKEYS_BAD_BLOB;
		break;
	case AUTHKEYS_KEY_ECDSA:
	case AUTHKEYS_KEY_SK_ECDSA:
		if (rd_string(&r, &curve, &clen) < 0 ||
		    rd_string(&r, &s, &len) < 0 || len == 0)
			return AUTHKEYS_BAD_BLOB;
		if (!str_is(curve, clen, kt->curve))
			return AUTHKEYS_TYPE_MISMATCH;
		if (kt->kt == AUTHKEYS_KEY_SK_ECDSA &&
		    rd_string(&r, &s, &len) < 0)	/* application */
			return AUTHKEYS_BAD_BLOB;
		break;
	case AUTHKEYS_KEY_ED25519:
	case AUTHKEYS_KEY_SK_ED25519:
		if (rd_string(&r, &s, &len) < 0 || len != 32)
			return AUTHKEYS_BAD_BLOB;
		if (kt->kt == AUTHKEYS_KEY_SK_ED25519 &&
		    rd_string(&r, &s, &len) < 0)
			return AUTHKEYS_BAD_BLOB;
		break;
	case AUTHKEYS_KEY_UNKNOWN:
		return AUTHKEYS_UNKNOWN_TYPE;
	}
	e->bits = kt->bits ? kt->bits : (unsigned)bits;
	if (kt->curve != NULL)
		snprintf(e->curve, sizeof(e->curve), "%s", kt->curve);
	if (kt->plain == NULL) {
		fingerprint(st->blob, blen, NULL, 0, e->fingerprint);
		/* sshkey_from_blob refuses bytes after the key. */
		return r.left == 0 ? AUTHKEYS_OK : AUTHKEYS_BAD_BLOB;
	}
	len = strlen(kt->plain);
	hdr[0] = 0;
	hdr[1] = 0;
	hdr[2] = 0;
	hdr[3] = (uint8_t)len;
	memcpy(hdr + 4, kt->plain, len);
	fingerprint(hdr, 4 + len, key, (size_t)(r.p - key), e->fingerprint);
	return AUTHKEYS_OK;
}

/*
 * Parse the options in [S, END) in place: names and values become
 * NUL-terminated strings inside the line.  Returns 0 or -1, setting
 * *ERR, for what sshd_auth_parse_options refuses.
 */
static int
parse_options(struct akstate *st, char *s, char *end,
    struct authkeys_entry *e, const char **err)
{
	const struct option	*o;
	char			*name, *value, *w;
	size_t			 i;
	int			 ret = 0;

	while (s < end) {
		name = s;
		while (s < end && *s != '=' && *s != ',')
			s++;
		value = NULL;
		if (s < end && *s == '=') {
			*s++ = '\0';
			if (s >= end || *s != '"') {
				*err = "option value not quoted";
				return -1;
			}
			value = w = ++s;
			for (; s < end && *s != '"'; s++) {
				if (*s == '\\' && s + 1 < end && s[1] == '"')
					s++;
				*w++ = *s;
			}
			if (s >= end) {
				*err = "unterminated quote in options";
				return -1;
			}
			*w = '\0';
			s++;
			if (s < end && *s != ',') {
				*err = "junk after option value";
				return -1;
			}
		}
		if (s < end)
			*s++ = '\0';	/* the ',' */
		else
			*s = '\0';
		if (name[0] == '\0') {
			*err = "empty option";
			return -1;
		}
		for (i = 0, o = NULL; i < sizeof(options) / sizeof(options[0]);
		    i++)
			if (strcasecmp(options[i].name, name) == 0)
				o = &options[i];
		if (o == NULL) {
			e->flags |= AUTHKEYS_O_UNKNOWN;
			if (*err == NULL)
				*err = "unknown option";
			ret = -1;
		} else {
			e->flags |= o->flag;
			if ((value != NULL) != o->valued && *err == NULL) {
				*err = o->valued ? "option needs a value" :
				    "option takes no value";
				ret = -1;
			}
			if (o->flag == AUTHKEYS_O_COMMAND && e->command == NULL)
				e->command = value;
			if (o->flag == AUTHKEYS_O_FROM && e->from == NULL)
				e->from = value;
		}
		if (e->nopt == AUTHKEYS_OPT_MAX) {
			e->opt_truncated = true;
			continue;
		}
		st->opt[e->nopt].name = name;
		st->opt[e->nopt].value = value;
		e->nopt++;
	}
	return ret;
}

/* The end of the option list at S: the first unquoted blank. */
static char *
options_end(char *s, char *end, bool *unterminated)
{
	bool	quoted = false;

	for (; s < end && (quoted || !is_space(*s)); s++) {
		if (*s == '\\' && s + 1 < end && s[1] == '"')
			s++;
		else if (*s == '"')
			quoted = !quoted;
	}
	*unterminated = quoted;
	return s;
}

static char *
skip_space(char *s, char *end)
{
	while (s < end && is_space(*s))
		s++;
	return s;
}

static char *
word_end(char *s, char *end)
{
	while (s < end && !is_space(*s))
		s++;
	return s;
}

static const struct keytype *
keytype_find_word(const char *t, const char *te)
{
	size_t	i, n = (size_t)(te - t);

	for (i = 0; i < sizeof(keytypes) / sizeof(keytypes[0]); i++)
		if (strlen(keytypes[i].name) == n &&
		    memcmp(keytypes[i].name, t, n) == 0)
			return &keytypes[i];
	return NULL;
}

/*
 * Whether the word after the one at S is a blob naming that word: 1
 * yes, 0 it names another type, -1 it is no blob.
 */
static int
blob_names(struct akstate *st, char *s, char *end)
{
	struct rd	 r;
	char		*te, *b, *be;
	const uint8_t	*name;
	size_t		 nlen;
	long		 n;

	te = word_end(s, end);
	b = skip_space(te, end);
	be = word_end(b, end);
	if (b == be || (n = b64_decode(st, b, (size_t)(be - b))) < 0)
		return -1;
	r.p = st->blob;
	r.left = (size_t)n;
	if (rd_string(&r, &name, &nlen) < 0)
		return -1;
	return nlen == (size_t)(te - s) && memcmp(name, s, nlen) == 0;
}

/*
 * Read a type word at S and the blob after it into E.  Returns the
 * status; *NEXT is where the comment may start.
 */
static enum authkeys_status
parse_key(struct akstate *st, char *s, char *end, struct authkeys_entry *e,
    char **next)
{
	const struct keytype	*kt;
	char			*t, *te, *b, *be;
	long			 n;

	t = skip_space(s, end);
	te = word_end(t, end);
	b = skip_space(te, end);
	be = word_end(b, end);
	*next = be;
	if (t == te)
		return AUTHKEYS_NO_KEY;
	kt = keytype_find_word(t, te);
	if (kt != NULL) {
		e->keytype = kt->kt;
		e->cert = kt->plain != NULL;
	}
	n = b == be ? -2 : b64_decode(st, b, (size_t)(be - b));
	*te = '\0';
	e->type = t;
	if (n == -2)
		return AUTHKEYS_NO_KEY;
	if (n < 0)
		return AUTHKEYS_BAD_BASE64;
	return check_blob(st, (size_t)n, t, kt, e);
}

static void
parse_line(struct akstate *st, char *s, char *end, struct authkeys_entry *e)
{
	enum authkeys_status	 ks;
	const char		*operr = NULL;
	char			*oe, *next, *t, *te;
	bool			 unterminated;

	/*
	 * As sshd: a key first, else options then a key.  A word that is
	 * no type sshd knows but that the next word's blob names is a
	 * key of a newer type, without options.
	 */
	te = word_end(s, end);
	if (keytype_find_word(s, te) != NULL ||
	    (memchr(s, '"', (size_t)(te - s)) == NULL &&
	    blob_names(st, s, end) >= 0)) {
		ks = parse_key(st, s, end, e, &next);
	} else {
		oe = options_end(s, end, &unterminated);
		if (unterminated) {
			e->status = AUTHKEYS_BAD_OPTIONS;
			e->error = "unterminated quote in options";
			return;
		}
		t = skip_space(oe, end);
		if (t == end) {
			e->status = AUTHKEYS_NO_KEY;
			e->error = "no key";
			return;
		}
		ks = parse_key(st, t, end, e, &next);
		*oe = '\0';
		if (parse_options(st, s, oe, e, &operr) < 0 &&
		    ks == AUTHKEYS_OK)
			ks = AUTHKEYS_BAD_OPTIONS;
		e->opt = st->opt;
	}
	e->status = ks;
	if (ks == AUTHKEYS_BAD_OPTIONS)
		e->error = operr;
	else if (ks != AUTHKEYS_OK)
		e->error = authkeys_status_name(ks);
	next = skip_space(next, end);
	*end = '\0';
	e->comment = next;
}

int
authkeys_parse(const char *buf, size_t len, authkeys_fn *fn, void *arg)
{
	struct akstate		*st;
	struct authkeys_entry	 e;
	const char		*s, *nl, *bufend = buf + len;
	size_t			 llen;
	unsigned		 lineno = 0;
	int			 bad = 0;

	st = xcalloc(1, sizeof(*st));
	for (s = buf; s < bufend; s = nl + 1) {
		nl = memchr(s, '\n', (size_t)(bufend - s));
		if (nl == NULL)
			nl = bufend;
		lineno++;
		llen = (size_t)(nl - s);
		while (llen > 0 && is_space(*s)) {
			s++;
			llen--;
		}
		if (llen > 0 && s[llen - 1] == '\r')
			llen--;
		if (llen == 0 || s[0] == '#')
			continue;
		memset(&e, 0, sizeof(e));
		e.line = lineno;
		e.type = "";
		e.comment = "";
		if (llen > AUTHKEYS_LINE_MAX || memchr(s, '\0', llen)) {
			e.status = AUTHKEYS_TOO_LONG;
			e.error = llen > AUTHKEYS_LINE_MAX ? "line too long" :
			    "NUL byte in line";
		} else {
			if (llen + 1 > st->linecap) {
				st->linecap = llen + 1;
				st->line = xrealloc(st->line, st->linecap);
			}
			memcpy(st->line, s, llen);
			st->line[llen] = '\0';
			parse_line(st, st->line, st->line + llen, &e);
		}
		if (e.status != AUTHKEYS_OK)
			bad++;
		if (fn(&e, arg) != 0)
			break;
	}
	free(st->line);
	free(st->blob);
	free(st);
	return bad;
}

const char *
authkeys_status_name(enum authkeys_status s)
{
	static const char *const names[] = {
		[AUTHKEYS_OK] = "ok",
		[AUTHKEYS_BAD_OPTIONS] = "bad-options",
		[AUTHKEYS_UNKNOWN_TYPE] = "unknown-type",
		[AUTHKEYS_NO_KEY] = "no-key",
		[AUTHKEYS_BAD_BASE64] = "bad-base64",
		[AUTHKEYS_BAD_BLOB] = "bad-blob",
		[AUTHKEYS_TYPE_MISMATCH] = "type-mismatch",
		[AUTHKEYS_TOO_LONG] = "too-long",
	};

	if ((unsigned)s >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[s];
}

const char *
authkeys_keytype_name(enum authkeys_keytype kt)
{
	switch (kt) {
	case AUTHKEYS_KEY_RSA:
		return "RSA";
	case AUTHKEYS_KEY_DSA:
		return "DSA";
	case AUTHKEYS_KEY_ECDSA:
		return "ECDSA";
	case AUTHKEYS_KEY_ED25519:
		return "ED25519";
	case AUTHKEYS_KEY_SK_ECDSA:
		return "ECDSA-SK";
	case AUTHKEYS_KEY_SK_ED25519:
		return "ED25519-SK";
	case AUTHKEYS_KEY_UNKNOWN:
		break;
	}
	return "UNKNOWN";
}
