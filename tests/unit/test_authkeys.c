/*
 * test_authkeys.c - authorized_keys lines: options with quotes and
 * escapes, every key type against ssh-keygen -lf when it is installed,
 * garbage, bad blobs and 1 MiB lines
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "parse/authkeys.h"

#define ED_B64	"AAAAC3NzaC1lZDI1NTE5AAAAIAqh/lezccbSw+Lw5YdBUrYa2EttsQTv" \
	"h6gR0MMnJis5"
#define ED_FP	"SHA256:2RfC0C5UfKeBE1AkLPKLHZzvXFnwAj+TNAS8ogbsj8k"
#define RSA_B64	"AAAAB3NzaC1yc2EAAAADAQABAAAAgQDPxUYq2Cf8CLw7fvIRHamxzSHhvQ" \
	"Jy6p5J8ushSsjjlFhSNEPCVxfmHieicSdoUFncQnlK+JAWyJWxA8FEtwQvCXG/gps2" \
	"uJ3mDAHNNk8n" \
	"w9LwlqaQhtTw+FP3LiR4aQ1y++/OMk0RYYg1574F8CWq4PoWUPnsFArQm5/HWQeUnw=="
#define RSA_FP	"SHA256:yVcJkusPiQ2IXY7aJF6VZs+171dAZQReM1euLLtYm0I"

#define SEEN_MAX	16

struct ak_seen {
	int			 n;
	struct {
		unsigned		 line;
		enum authkeys_status	 status;
		char			 error[64];
		char			 type[64];
		enum authkeys_keytype	 keytype;
		bool			 cert;
		char			 fp[AUTHKEYS_FP_LEN];
		unsigned		 bits;
		char			 curve[16];
		char			 comment[64];
		unsigned		 flags;
		size_t			 nopt;
		char			 command[64];
		size_t			 command_len;
		char			 from[64];
		char			 opt[4][2][64];
	} e[SEEN_MAX];
};

static int
ak_cb(const struct authkeys_entry *e, void *arg)
{
	struct ak_seen	*s = arg;
	size_t		 i;

	if (s->n < SEEN_MAX) {
		s->e[s->n].line = e->line;
		s->e[s->n].status = e->status;
		snprintf(s->e[s->n].error, 64, "%s", e->error ? e->error : "");
		snprintf(s->e[s->n].type, 64, "%s", e->type);
		s->e[s->n].keytype = e->keytype;
		s->e[s->n].cert = e->cert;
		snprintf(s->e[s->n].fp, AUTHKEYS_FP_LEN, "%s", e->fingerprint);
		s->e[s->n].bits = e->bits;
		snprintf(s->e[s->n].curve, 16, "%s", e->curve);
		snprintf(s->e[s->n].comment, 64, "%s", e->comment);
		s->e[s->n].flags = e->flags;
		s->e[s->n].nopt = e->nopt;
		snprintf(s->e[s->n].command, 64, "%s",
		    e->command ? e->command : "(null)");
		s->e[s->n].command_len = e->command ? strlen(e->command) : 0;
		snprintf(s->e[s->n].from, 64, "%s",
		    e->from ? e->from : "(null)");
		for (i = 0; i < e->nopt && i < 4; i++) {
			snprintf(s->e[s->n].opt[i][0], 64, "%s",
			    e->opt[i].name);
			snprintf(s->e[s->n].opt[i][1], 64, "%s",
			    e->opt[i].value ? e->opt[i].value : "(flag)");
		}
	}
	s->n++;
	return 0;
}

/* Parse from a copy of exactly LEN bytes, so ASan sees any overread. */
static int
ak_parse(const char *s, size_t len, struct ak_seen *seen)
{
	char	*b = malloc(len ? len : 1);
	int	 r;

	memset(seen, 0, sizeof(*seen));
	memcpy(b, s, len);
	r = authkeys_parse(b, len, ak_cb, seen);
	free(b);
	return r;
}

TEST(authkeys_plain_and_options)
{
	static const char ak[] =
	    "# keys\n"
	    "\n"
	    "ssh-ed25519 " ED_B64 " alice@laptop\n"
	    "  ssh-rsa " RSA_B64 "\r\n"
	    "command=\"echo \\\"hi\\\", there; id\",from=\"10.0.0.1,"
	    "192.168.*\",no-pty ssh-ed25519 " ED_B64 " forced key\n"
	    "restrict,pty,environment=\"LD_PRELOAD=/tmp/.x.so\","
	    "permitopen=\"h:22\",expiry-time=\"20300101\" ssh-rsa " RSA_B64
	    "\n"
	    "cert-authority,principals=\"root,admin\",tunnel=\"1\","
	    "NO-X11-FORWARDING ssh-ed25519 " ED_B64 " ca key with spaces \n";
	struct ak_seen	s;

	ASSERT_INT(ak_parse(ak, sizeof(ak) - 1, &s), 0);
	ASSERT_INT(s.n, 5);

	ASSERT_INT(s.e[0].line, 3);
	ASSERT_INT(s.e[0].status, AUTHKEYS_OK);
	ASSERT_STR(s.e[0].type, "ssh-ed25519");
	ASSERT_INT(s.e[0].keytype, AUTHKEYS_KEY_ED25519);
	ASSERT_STR(s.e[0].fp, ED_FP);
	ASSERT_INT(s.e[0].bits, 256);
	ASSERT_STR(s.e[0].comment, "alice@laptop");
	ASSERT_INT(s.e[0].nopt, 0);

	ASSERT_INT(s.e[1].line, 4);
	ASSERT_STR(s.e[1].fp, RSA_FP);
	ASSERT_INT(s.e[1].bits, 1024);
	ASSERT_STR(s.e[1].comment, "");
	ASSERT_STR(authkeys_keytype_name(s.e[1].keytype), "RSA");

	ASSERT_INT(s.e[2].status, AUTHKEYS_OK);
	ASSERT_INT(s.e[2].nopt, 3);
	ASSERT_STR(s.e[2].command, "echo \"hi\", there; id");
	ASSERT_STR(s.e[2].from, "10.0.0.1,192.168.*");
	ASSERT_STR(s.e[2].opt[2][0], "no-pty");
	ASSERT_STR(s.e[2].opt[2][1], "(flag)");
	ASSERT_INT(s.e[2].flags, AUTHKEYS_O_COMMAND | AUTHKEYS_O_FROM |
	    AUTHKEYS_O_NO_PTY);
	ASSERT_STR(s.e[2].fp, ED_FP);
	ASSERT_STR(s.e[2].comment, "forced key");

	ASSERT_INT(s.e[3].status, AUTHKEYS_OK);
	ASSERT_INT(s.e[3].flags, AUTHKEYS_O_RESTRICT | AUTHKEYS_O_PTY |
	    AUTHKEYS_O_ENVIRONMENT | AUTHKEYS_O_PERMITOPEN |
	    AUTHKEYS_O_EXPIRY);
	ASSERT_STR(s.e[3].opt[2][1], "LD_PRELOAD=/tmp/.x.so");
	ASSERT_STR(s.e[3].command, "(null)");
	ASSERT_STR(s.e[3].fp, RSA_FP);

	ASSERT_INT(s.e[4].status, AUTHKEYS_OK);
	ASSERT(s.e[4].flags & AUTHKEYS_O_CERT_AUTHORITY);
	ASSERT(s.e[4].flags & AUTHKEYS_O_NO_X11_FWD);	/* any case */
	ASSERT(s.e[4].flags & AUTHKEYS_O_TUNNEL);
	ASSERT_STR(s.e[4].opt[1][1], "root,admin");
	ASSERT_STR(s.e[4].comment, "ca key with spaces ");
}

TEST(authkeys_garbage)
{
	static const char ak[] =
	    "garbage\n"						/* 1 */
	    "ssh-rsa\n"						/* 2 */
	    "ssh-rsa !!notbase64!!\n"				/* 3 */
	    "ssh-rsa " ED_B64 " swapped\n"			/* 4 */
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqh/lezccbSw+Lw5YdBUrYa2"
	    "EttsQTvh6gR0A== cut\n"				/* 5 */
	    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqh/lezccbSw+Lw5YdBUrYa2"
	    "EttsQTvh6gR0MMnJis5AA== trailing\n"		/* 6 */
	    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgIARERERERERERERERERERERERER"
	    "ERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERE"
	    "RERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERERER"
	    "ERERERERERERERERER negative\n"			/* 7 */
	    "bogus-opt,no-pty ssh-ed25519 " ED_B64 " x\n"	/* 8 */
	    "command=\"unterminated ssh-ed25519 " ED_B64 "\n"	/* 9 */
	    "ssh-ed448 AAAACXNzaC1lZDQ0OAAAADl4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eH"
	    "h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHg= new\n"	/* 10 */
	    "command=echo ssh-ed25519 " ED_B64 "\n"		/* 11 */
	    "ssh-ed25519 " ED_B64 "=\n"				/* 12 */
	    "nul\0ssh-ed25519 " ED_B64 "\n"			/* 13 */
	    "no-pty\n";						/* 14 */
	struct ak_seen	s;

	ASSERT_INT(ak_parse(ak, sizeof(ak) - 1, &s), 14);
	ASSERT_INT(s.n, 14);
	ASSERT_INT(s.e[0].status, AUTHKEYS_NO_KEY);
	ASSERT_INT(s.e[0].line, 1);
	ASSERT_INT(s.e[1].status, AUTHKEYS_NO_KEY);
	ASSERT_STR(s.e[1].type, "ssh-rsa");
	ASSERT_INT(s.e[2].status, AUTHKEYS_BAD_BASE64);
	ASSERT_INT(s.e[3].status, AUTHKEYS_TYPE_MISMATCH);
	ASSERT_INT(s.e[4].status, AUTHKEYS_BAD_BLOB);
	ASSERT_INT(s.e[5].status, AUTHKEYS_BAD_BLOB);
	ASSERT_INT(s.e[6].status, AUTHKEYS_BAD_BLOB);
	ASSERT_INT(s.e[7].status, AUTHKEYS_BAD_OPTIONS);
	ASSERT_STR(s.e[7].error, "unknown option");
	ASSERT_STR(s.e[7].fp, ED_FP);	/* still known */
	ASSERT(s.e[7].flags & AUTHKEYS_O_UNKNOWN);
	ASSERT_INT(s.e[8].status, AUTHKEYS_BAD_OPTIONS);
	ASSERT_INT(s.e[8].line, 9);
	ASSERT_INT(s.e[9].status, AUTHKEYS_UNKNOWN_TYPE);
	ASSERT_STR(s.e[9].type, "ssh-ed448");
	ASSERT_STR(s.e[9].fp,
	    "SHA256:PqxN3kr4FL0BJluCdkbPTuPHMHEjgwwqbXR8qLV8lH8");
	ASSERT_STR(s.e[9].comment, "new");
	ASSERT_INT(s.e[10].status, AUTHKEYS_BAD_OPTIONS);
	ASSERT_STR(s.e[10].error, "option value not quoted");
	ASSERT_INT(s.e[11].status, AUTHKEYS_BAD_BASE64);
	ASSERT_INT(s.e[12].status, AUTHKEYS_TOO_LONG);
	ASSERT_INT(s.e[12].line, 13);
	ASSERT_INT(s.e[13].status, AUTHKEYS_NO_KEY);
	ASSERT_INT(s.e[13].line, 14);
	ASSERT_STR(authkeys_status_name(s.e[3].status), "type-mismatch");
}

TEST(authkeys_huge_lines)
{
	size_t		 big = 1024 * 1024, n;
	char		*buf;
	struct ak_seen	 s;

	/* 1 MiB of forced command before the key: sshd reads it. */
	buf = malloc(big + 256);
	n = (size_t)snprintf(buf, 32, "command=\"");
	memset(buf + n, 'A', big);
	n += big;
	n += (size_t)snprintf(buf + n, 256, "\" ssh-ed25519 %s c\nx\n",
	    ED_B64);
	ASSERT_INT(ak_parse(buf, n, &s), 1);
	ASSERT_INT(s.n, 2);
	ASSERT_INT(s.e[0].status, AUTHKEYS_OK);
	ASSERT_INT(s.e[0].command_len, big);
	ASSERT_STR(s.e[0].fp, ED_FP);
	ASSERT_STR(s.e[0].comment, "c");
	ASSERT_INT(s.e[1].line, 2);

	/* 1 MiB of base64-looking garbage, no newline at the end. */
	memset(buf, 'A', big);
	ASSERT_INT(ak_parse(buf, big, &s), 1);
	ASSERT_INT(s.e[0].status, AUTHKEYS_NO_KEY);
	memcpy(buf, "ssh-rsa ", 8);
	ASSERT_INT(ak_parse(buf, big, &s), 1);
	ASSERT_INT(s.e[0].status, AUTHKEYS_TYPE_MISMATCH);	/* "" */
	free(buf);

	/* Over the limit: refused without a copy. */
	buf = malloc(AUTHKEYS_LINE_MAX + 1);
	memset(buf, 'x', AUTHKEYS_LINE_MAX + 1);
	ASSERT_INT(ak_parse(buf, AUTHKEYS_LINE_MAX + 1, &s), 1);
	ASSERT_INT(s.e[0].status, AUTHKEYS_TOO_LONG);
	free(buf);
}

/*
 * Keys made by ssh-keygen in the test's directory, each line compared
 * with what ssh-keygen -lf prints for it: bits, fingerprint, type.
 */
static bool
have_ssh_keygen(void)
{
	return system("command -v ssh-keygen >/dev/null 2>&1") == 0;
}

static int
keygen_cmp(const char *pub, const char *want_type)
{
	char		 cmd[256], line[1024], fp[128], type[64];
	char		*buf;
	unsigned	 bits;
	size_t		 len;
	struct ak_seen	 s;
	FILE		*p;

	snprintf(cmd, sizeof(cmd), "ssh-keygen -lf %s", pub);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (fgets(line, sizeof(line), p) == NULL) {
		pclose(p);
		return -1;
	}
	pclose(p);
	if (sscanf(line, "%u %127s", &bits, fp) != 2 ||
	    strrchr(line, '(') == NULL ||
	    sscanf(strrchr(line, '('), "(%63[^)])", type) != 1)
		return -1;
	if ((buf = unit_slurp(pub, &len)) == NULL)
		return -1;
	ak_parse(buf, len, &s);
	free(buf);
	if (s.n != 1 || s.e[0].status != AUTHKEYS_OK ||
	    strcmp(s.e[0].fp, fp) != 0 || s.e[0].bits != bits ||
	    strncmp(type, authkeys_keytype_name(s.e[0].keytype),
	    strlen(authkeys_keytype_name(s.e[0].keytype))) != 0 ||
	    (strstr(type, "-CERT") != NULL) != s.e[0].cert ||
	    strcmp(s.e[0].type, want_type) != 0) {
		unit_fail(__FILE__, __LINE__, "%s: ssh-keygen says %u %s "
		    "(%s), we say %s: %u %s (%s) %s", pub, bits, fp, type,
		    authkeys_status_name(s.e[0].status), s.e[0].bits,
		    s.e[0].fp, authkeys_keytype_name(s.e[0].keytype),
		    s.e[0].type);
		return -1;
	}
	return 0;
}

TEST(authkeys_vs_ssh_keygen)
{
	static const struct {
		const char	*args, *file, *type;
	} k[] = {
		{ "-t ed25519", "ed25519", "ssh-ed25519" },
		{ "-t rsa -b 1024", "rsa1024", "ssh-rsa" },
		{ "-t rsa -b 3071", "rsa3071", "ssh-rsa" },
		{ "-t ecdsa -b 256", "ec256", "ecdsa-sha2-nistp256" },
		{ "-t ecdsa -b 384", "ec384", "ecdsa-sha2-nistp384" },
		{ "-t ecdsa -b 521", "ec521", "ecdsa-sha2-nistp521" },
		{ "-t dsa", "dsa", "ssh-dss" },
	};
	char	cmd[512], pub[64], cert[64];
	size_t	i;
	int	done = 0;

	if (!have_ssh_keygen()) {
		printf("# SKIP no ssh-keygen\n");
		return;
	}
	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		snprintf(cmd, sizeof(cmd), "ssh-keygen -q %s -N '' -C "
		    "'user@host %s' -f %s </dev/null >/dev/null 2>&1",
		    k[i].args, k[i].file, k[i].file);
		if (system(cmd) != 0) {
			/* OpenSSH 9.8 and later make no DSA keys. */
			printf("# SKIP ssh-keygen %s\n", k[i].args);
			continue;
		}
		snprintf(pub, sizeof(pub), "%s.pub", k[i].file);
		if (keygen_cmp(pub, k[i].type) < 0)
			return;
		/* Sign it with the first key: a certificate of it. */
		snprintf(cmd, sizeof(cmd), "ssh-keygen -q -s ed25519 -I id "
		    "-n root %s >/dev/null 2>&1", pub);
		if (system(cmd) != 0)
			continue;
		snprintf(cert, sizeof(cert), "%s-cert.pub", k[i].file);
		snprintf(cmd, sizeof(cmd), "%s-cert-v01@openssh.com",
		    strcmp(k[i].type, "ssh-ed25519") == 0 ? "ssh-ed25519" :
		    k[i].type);
		if (keygen_cmp(cert, cmd) < 0)
			return;
		done++;
	}
	ASSERT(done >= 5);
}
