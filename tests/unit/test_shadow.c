/*
 * test_shadow.c - shadow, group and gshadow lines from a hostile server:
 * every hash form, empty and odd fields, NUL bytes and 1 MiB lines
 */
#include <stdlib.h>

#include "unit.h"
#include "parse/shadow.h"

struct sh_seen {
	int		 n;
	char		 name[8][32];
	char		 passwd[8][128];
	struct shadow_hash hash[8];
	int64_t		 lastchg[8], expire[8], max[8];
	unsigned	 line[8];
	size_t		 nmember[8], nadmin[8];
	char		 members[8][64];
};

static int
sh_cb(const struct shadow_entry *e, void *arg)
{
	struct sh_seen	*s = arg;

	if (s->n < 8) {
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", e->name);
		snprintf(s->passwd[s->n], sizeof(s->passwd[0]), "%s",
		    e->passwd);
		s->hash[s->n] = e->hash;
		s->lastchg[s->n] = e->lastchg;
		s->expire[s->n] = e->expire;
		s->max[s->n] = e->max;
		s->line[s->n] = e->line;
	}
	s->n++;
	return 0;
}

static void
join(char *out, size_t len, const char *const *v, size_t n)
{
	size_t	i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(out + o, len - o, "%s%s", i ? "," : "",
		    v[i]);
}

static int
gr_cb(const struct group_entry *e, void *arg)
{
	struct sh_seen	*s = arg;

	if (s->n < 8) {
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", e->name);
		s->hash[s->n] = e->hash;
		s->line[s->n] = e->line;
		s->nmember[s->n] = e->nmember;
		s->lastchg[s->n] = e->gid;
		join(s->members[s->n], sizeof(s->members[0]), e->member,
		    e->nmember);
	}
	s->n++;
	return 0;
}

static int
gs_cb(const struct gshadow_entry *e, void *arg)
{
	struct sh_seen	*s = arg;

	if (s->n < 8) {
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", e->name);
		s->hash[s->n] = e->hash;
		s->line[s->n] = e->line;
		s->nmember[s->n] = e->nmember;
		s->nadmin[s->n] = e->nadmin;
		join(s->members[s->n], sizeof(s->members[0]), e->admin,
		    e->nadmin);
	}
	s->n++;
	return 0;
}

/* Parse from a copy of exactly LEN bytes, so ASan sees any overread. */
static int
sh_parse(const char *s, size_t len, struct sh_seen *seen)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memcpy(b, s, len);
	r = shadow_parse(b, len, sh_cb, seen);
	free(b);
	return r;
}

static int
gr_parse(const char *s, size_t len, struct sh_seen *seen)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memcpy(b, s, len);
	r = group_parse(b, len, gr_cb, seen);
	free(b);
	return r;
}

static int
gs_parse(const char *s, size_t len, struct sh_seen *seen)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memcpy(b, s, len);
	r = gshadow_parse(b, len, gs_cb, seen);
	free(b);
	return r;
}

static void
classify(const char *pw, enum shadow_state *st, enum shadow_scheme *sc)
{
	struct shadow_hash	h;

	shadow_hash_classify(pw, &h);
	*st = h.state;
	*sc = h.scheme;
}

TEST(shadow_hash_forms)
{
	static const struct {
		const char		*pw;
		enum shadow_state	 st;
		enum shadow_scheme	 sc;
	} t[] = {
		{ "", SHADOW_EMPTY, SHADOW_SCHEME_NONE },
		{ "!", SHADOW_LOCKED, SHADOW_SCHEME_NONE },
		{ "!!", SHADOW_LOCKED, SHADOW_SCHEME_NONE },
		{ "*", SHADOW_LOCKED, SHADOW_SCHEME_NONE },
		{ "!*", SHADOW_LOCKED, SHADOW_SCHEME_NONE },
		{ "*LK*", SHADOW_LOCKED, SHADOW_SCHEME_NONE },
		{ "$6$rounds=5000$salt$abcdefghijklmnopqrstuvwxyz0123456789"
		    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123"
		    "456789./AB", SHADOW_HASH, SHADOW_SCHEME_SHA512 },
		{ "!$6$salt$hash", SHADOW_LOCKED_HASH, SHADOW_SCHEME_SHA512 },
		{ "!!$y$j9T$salt$hash", SHADOW_LOCKED_HASH,
		    SHADOW_SCHEME_YESCRYPT },
		{ "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC"
		    ".SAJZ38vXsVuB", SHADOW_HASH, SHADOW_SCHEME_YESCRYPT },
		{ "$gy$j9T$salt$hash", SHADOW_HASH, SHADOW_SCHEME_GOST },
		{ "$1$salt$hash", SHADOW_HASH, SHADOW_SCHEME_MD5 },
		{ "$5$salt$hash", SHADOW_HASH, SHADOW_SCHEME_SHA256 },
		{ "$2b$12$abcdefghijklmnopqrstuu", SHADOW_HASH,
		    SHADOW_SCHEME_BCRYPT },
		{ "$2y$10$x", SHADOW_HASH, SHADOW_SCHEME_BCRYPT },
		{ "$7$CU..../....salt$hash", SHADOW_HASH,
		    SHADOW_SCHEME_SCRYPT },
		{ "abJnggxhB/yWI", SHADOW_HASH, SHADOW_SCHEME_DES },
		{ "_J9..CCCCXBrJUJV154M", SHADOW_HASH, SHADOW_SCHEME_BSDI },
		{ "x", SHADOW_HASH, SHADOW_SCHEME_UNKNOWN },
		{ "$6$", SHADOW_HASH, SHADOW_SCHEME_UNKNOWN },
		{ "$6$salt$ha sh", SHADOW_HASH, SHADOW_SCHEME_UNKNOWN },
		{ "abJnggxhB/yW!", SHADOW_HASH, SHADOW_SCHEME_UNKNOWN },
		{ "$9$x", SHADOW_HASH, SHADOW_SCHEME_UNKNOWN },
		{ "!garbage", SHADOW_LOCKED_HASH, SHADOW_SCHEME_UNKNOWN },
	};
	enum shadow_state	st;
	enum shadow_scheme	sc;
	size_t			i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		classify(t[i].pw, &st, &sc);
		if (st != t[i].st || sc != t[i].sc)
			unit_fail(__FILE__, __LINE__, "\"%s\": %s %s, want "
			    "%s %s", t[i].pw, shadow_state_name(st),
			    shadow_scheme_name(sc), shadow_state_name(t[i].st),
			    shadow_scheme_name(t[i].sc));
	}
	ASSERT_STR(shadow_scheme_name(SHADOW_SCHEME_YESCRYPT), "yescrypt");
	ASSERT_STR(shadow_scheme_name((enum shadow_scheme)99), "unknown");
	ASSERT_STR(shadow_state_name(SHADOW_LOCKED_HASH), "locked-hash");
}

TEST(shadow_lines)
{
	static const char sh[] =
	    "root:$6$salt$hash:19000:0:99999:7:::\n"
	    "# comment\n"
	    "\n"
	    "daemon:*:19000:0:99999:7:::\n"
	    "backdoor::20000::::::\n"			/* empty password */
	    "eight:!:19000:0:99999:7::\n"		/* 8 fields */
	    "seven:!:19000:0:99999:7:\n"		/* 7: bad */
	    "ten:!:1:2:3:4:5:6:7:8\n"			/* 10: bad */
	    "nonnum:!:abc:0:99999:7:::\n"		/* bad */
	    ":!:19000:0:99999:7:::\n"			/* no name: bad */
	    "+nis::::::::\n"
	    "crlf:!$y$j9T$s$h:19000:0:99999:7::20100:\r\n"
	    "neg:x:-1:0:99999:7:::";			/* no newline */
	struct sh_seen	s = { 0 };

	ASSERT_INT(sh_parse(sh, sizeof(sh) - 1, &s), 4);
	ASSERT_INT(s.n, 6);
	ASSERT_STR(s.name[0], "root");
	ASSERT_INT(s.line[0], 1);
	ASSERT_INT(s.lastchg[0], 19000);
	ASSERT_INT(s.max[0], 99999);
	ASSERT_INT(s.expire[0], -1);
	ASSERT_INT(s.hash[0].scheme, SHADOW_SCHEME_SHA512);
	ASSERT_STR(s.name[1], "daemon");
	ASSERT_INT(s.hash[1].state, SHADOW_LOCKED);
	ASSERT_STR(s.name[2], "backdoor");
	ASSERT_INT(s.line[2], 5);
	ASSERT_INT(s.hash[2].state, SHADOW_EMPTY);
	ASSERT_INT(s.max[2], -1);
	ASSERT_STR(s.name[3], "eight");
	ASSERT_STR(s.name[4], "crlf");
	ASSERT_INT(s.line[4], 12);
	ASSERT_INT(s.hash[4].state, SHADOW_LOCKED_HASH);
	ASSERT_INT(s.hash[4].scheme, SHADOW_SCHEME_YESCRYPT);
	ASSERT_INT(s.expire[4], 20100);
	ASSERT_STR(s.name[5], "neg");
	ASSERT_INT(s.lastchg[5], -1);
	ASSERT_INT(s.hash[5].scheme, SHADOW_SCHEME_UNKNOWN);
	ASSERT_INT(s.line[5], 13);
}

TEST(shadow_stop_and_empty)
{
	struct sh_seen	s = { 0 };

	ASSERT_INT(shadow_parse("", 0, sh_cb, &s), 0);
	ASSERT_INT(s.n, 0);
	ASSERT_INT(sh_parse("\n\n#\n", 4, &s), 0);
	ASSERT_INT(s.n, 0);
}

TEST(group_lines)
{
	static const char gr[] =
	    "root:x:0:\n"
	    "sudo:x:27:alice,mallory\n"
	    "wheel:x:10:,bob,,carol,\n"			/* empties skipped */
	    "pw:$1$s$h:1000:\n"				/* group password */
	    "bad:x:nan:\n"
	    "five:x:1:a:b\n"
	    "three:x:1\n"
	    "big:x:4294967296:\n";			/* > 32 bits */
	struct sh_seen	s = { 0 };

	ASSERT_INT(gr_parse(gr, sizeof(gr) - 1, &s), 4);
	ASSERT_INT(s.n, 4);
	ASSERT_STR(s.name[0], "root");
	ASSERT_INT(s.nmember[0], 0);
	ASSERT_STR(s.members[1], "alice,mallory");
	ASSERT_INT(s.lastchg[1], 27);
	ASSERT_INT(s.line[1], 2);
	ASSERT_STR(s.members[2], "bob,carol");
	ASSERT_INT(s.nmember[2], 2);
	ASSERT_INT(s.hash[3].scheme, SHADOW_SCHEME_MD5);
	ASSERT_INT(s.hash[0].scheme, SHADOW_SCHEME_UNKNOWN);	/* "x" */
}

TEST(gshadow_lines)
{
	static const char gs[] =
	    "root:*::\n"
	    "sudo:!::alice\n"
	    "dev:$6$s$h:lead,lead2:alice,bob,carol\n"
	    "open:::mallory\n"				/* no password */
	    "short:!:\n";
	struct sh_seen	s = { 0 };

	ASSERT_INT(gs_parse(gs, sizeof(gs) - 1, &s), 1);
	ASSERT_INT(s.n, 4);
	ASSERT_INT(s.hash[0].state, SHADOW_LOCKED);
	ASSERT_INT(s.nmember[1], 1);
	ASSERT_INT(s.nadmin[2], 2);
	ASSERT_STR(s.members[2], "lead,lead2");
	ASSERT_INT(s.nmember[2], 3);
	ASSERT_INT(s.hash[2].scheme, SHADOW_SCHEME_SHA512);
	ASSERT_INT(s.hash[3].state, SHADOW_EMPTY);
	ASSERT_INT(s.line[3], 4);
}

TEST(shadow_nul_and_huge_lines)
{
	size_t		 big = 1024 * 1024, n, len, i;
	char		*buf;
	struct sh_seen	 s = { 0 };

	/* A NUL hides nothing: the line is bad. */
	ASSERT_INT(sh_parse("a:b\0c:1:::::\nok:!:1::::::\n", 26, &s), 1);
	ASSERT_INT(s.n, 1);
	ASSERT_STR(s.name[0], "ok");
	ASSERT_INT(s.line[0], 2);

	/* A group of 1 MiB of members is parsed, one over is refused. */
	len = big + 64;
	buf = malloc(len);
	n = (size_t)snprintf(buf, len, "huge:x:5:");
	for (i = 0; n + 2 < big; i++) {
		buf[n++] = 'u';
		buf[n++] = ',';
	}
	buf[n++] = 'z';
	buf[n++] = '\n';
	memset(&s, 0, sizeof(s));
	ASSERT_INT(gr_parse(buf, n, &s), 0);
	ASSERT_INT(s.n, 1);
	ASSERT_INT(s.nmember[0], i + 1);
	memset(buf, 'a', len);
	memset(&s, 0, sizeof(s));
	ASSERT_INT(gr_parse(buf, len, &s), 1);
	ASSERT_INT(s.n, 0);
	free(buf);
}
