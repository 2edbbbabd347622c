/*
 * test_parse.c - passwd, fstab and os-release from a hostile server
 */
#include <stdlib.h>

#include "unit.h"
#include "fsread.h"
#include "parse/parse.h"

struct pw_seen {
	int	n;
	char	names[8][32];
	unsigned uids[8];
};

static int
pw_cb(const struct passwd_entry *e, void *arg)
{
	struct pw_seen	*s = arg;

	if (s->n < 8) {
		snprintf(s->names[s->n], sizeof(s->names[0]), "%s", e->name);
		s->uids[s->n] = e->uid;
	}
	s->n++;
	return 0;
}

TEST(passwd_good_and_bad_lines)
{
	static const char pw[] =
	    "root:x:0:0:root:/root:/bin/bash\n"
	    "# comment\n"
	    "\n"
	    "short:x:1:1:/home/short\n"			/* 5 fields */
	    "extra:x:2:2::/home/x:/bin/sh:more\n"	/* 8 fields */
	    "nonnum:x:abc:1::/:/bin/sh\n"
	    "huge:x:99999999999:1::/:/bin/sh\n"
	    "+nisuser::::::\n"
	    "crlf:x:1001:1001::/home/crlf:/bin/sh\r\n"
	    "last:x:1002:1002::/home/last:/bin/zsh";	/* no newline */
	struct pw_seen	s = { 0 };
	int		bad;

	bad = passwd_parse(pw, sizeof(pw) - 1, pw_cb, &s);
	ASSERT_INT(bad, 4);
	ASSERT_INT(s.n, 3);
	ASSERT_STR(s.names[0], "root");
	ASSERT_STR(s.names[1], "crlf");
	ASSERT_STR(s.names[2], "last");
	ASSERT_INT(s.uids[2], 1002);
}

TEST(passwd_nul_and_overlong_lines)
{
	char		buf[10000];
	struct pw_seen	s = { 0 };

	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "x:x:0:0::/:/bin/sh\nnul\0:x:0:0::/:/bin/sh\n", 42);
	ASSERT_INT(passwd_parse(buf, sizeof(buf), pw_cb, &s), 2);
	ASSERT_INT(s.n, 1);
}

TEST(shell_login)
{
	ASSERT(shell_is_login("/bin/bash"));
	ASSERT(shell_is_login(""));
	ASSERT(!shell_is_login("/usr/sbin/nologin"));
	ASSERT(!shell_is_login("/bin/false"));
	ASSERT(!shell_is_login("/bin/sync"));
}

struct fstab_seen {
	int	n;
	char	file[4][64];
	char	spec[4][64];
};

static int
fstab_cb(const struct fsr_fstab_entry *e, void *arg)
{
	struct fstab_seen	*s = arg;

	if (s->n < 4) {
		snprintf(s->file[s->n], 64, "%s", e->file);
		snprintf(s->spec[s->n], 64, "%s", e->spec);
	}
	s->n++;
	return FSR_WALK_CONT;
}

TEST(fstab_fields_and_escapes)
{
	static const char tab[] =
	    "# /etc/fstab\n"
	    "UUID=abcd / ext4 errors=remount-ro 0 1\n"
	    "  LABEL=my\\040disk\t/mnt/my\\040data  ext4 defaults 0 2\n"
	    "lonely\n"
	    "/dev/sdb1 /srv";			/* no type, no newline */
	struct fstab_seen	s = { 0 };

	ASSERT_INT(fsr_fstab_parse(tab, sizeof(tab) - 1, fstab_cb, &s), 1);
	ASSERT_INT(s.n, 3);
	ASSERT_STR(s.spec[0], "UUID=abcd");
	ASSERT_STR(s.spec[1], "LABEL=my disk");
	ASSERT_STR(s.file[1], "/mnt/my data");
	ASSERT_STR(s.file[2], "/srv");
}

TEST(osrelease_values)
{
	static const char osr[] =
	    "NAME=\"Debian GNU/Linux\"\n"
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	    "ID=debian\n"
	    "VERSION_ID='12'\n"
	    "ESC=\"a \\\"q\\\" b\"\n"
	    "IDX=wrong\n";
	char	v[64];

	ASSERT(fsr_osrelease_get(osr, sizeof(osr) - 1, "PRETTY_NAME", v,
	    sizeof(v)));
	ASSERT_STR(v, "Debian GNU/Linux 12 (bookworm)");
	ASSERT(fsr_osrelease_get(osr, sizeof(osr) - 1, "ID", v, sizeof(v)));
	ASSERT_STR(v, "debian");
	ASSERT(fsr_osrelease_get(osr, sizeof(osr) - 1, "VERSION_ID", v,
	    sizeof(v)));
	ASSERT_STR(v, "12");
	ASSERT(fsr_osrelease_get(osr, sizeof(osr) - 1, "ESC", v, sizeof(v)));
	ASSERT_STR(v, "a \"q\" b");
	ASSERT(!fsr_osrelease_get(osr, sizeof(osr) - 1, "MISSING", v,
	    sizeof(v)));
	ASSERT(fsr_osrelease_get("ID=\"x", 5, "ID", v, 2));	/* truncated */
	ASSERT_STR(v, "x");
}
