/*
 * test_dpkglog.c - dpkg.log lines: each form dpkg writes, the lines it
 * does not, and every line of this machine's own /var/log/dpkg.log
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "parse/dpkglog.h"

static int
parse(const char *s, struct dpkglog_line *l)
{
	return dpkglog_parse(s, strlen(s), l);
}

static bool
pkg_is(const struct dpkglog_line *l, const char *want)
{
	return l->pkg != NULL && l->pkglen == strlen(want) &&
	    memcmp(l->pkg, want, l->pkglen) == 0;
}

TEST(dpkglog_forms)
{
	struct dpkglog_line	l;

	ASSERT_INT(parse("2024-12-19 08:29:58 install linux-image-6.1.0-28"
	    "-amd64:amd64 <none> 6.1.119-1", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_INSTALL);
	ASSERT(pkg_is(&l, "linux-image-6.1.0-28-amd64"));
	ASSERT(l.fresh);
	ASSERT_INT(l.local, 1734596998);
	ASSERT_INT(parse("2026-11-20 09:40:02 upgrade base-files:amd64 "
	    "12.4+deb12u7 12.4+deb12u8", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_UPGRADE);
	ASSERT(pkg_is(&l, "base-files"));
	ASSERT(!l.fresh);
	/* apt reinstalling over an older version: "install" not fresh */
	ASSERT_INT(parse("2026-11-20 09:40:02 install tzdata:all 2024a-0 "
	    "2024b-0", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_INSTALL);
	ASSERT(!l.fresh);
	ASSERT_INT(parse("2026-11-20 09:40:02 status half-configured "
	    "base-files:amd64 12.4+deb12u7", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_STATUS);
	ASSERT(pkg_is(&l, "base-files"));
	ASSERT(l.state != NULL && l.statelen == 15);
	ASSERT_INT(parse("2026-11-20 09:40:03 startup packages configure",
	    &l), 0);
	ASSERT_INT(l.action, DPKGLOG_STARTUP);
	ASSERT(l.pkg == NULL);
	ASSERT_INT(parse("2026-11-20 09:40:03 trigproc man-db:amd64 2.11.2-2 "
	    "<none>", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_TRIGPROC);
	ASSERT(pkg_is(&l, "man-db"));
	ASSERT_INT(parse("2026-11-20 09:40:03 conffile /etc/ssh/sshd_config "
	    "keep", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_CONFFILE);
	ASSERT(l.pkg == NULL);
}

TEST(dpkglog_not_dpkgs)
{
	struct dpkglog_line	l;

	ASSERT_INT(parse("2026-11-20 09:40", &l), -1);
	ASSERT_INT(parse("2026-13-20 09:40:03 startup x", &l), -1);
	ASSERT_INT(parse("2026-11-20T09:40:03 startup x", &l), -1);
	ASSERT_INT(parse(" 2026-11-20 09:40:03 startup x", &l), -1);
	ASSERT_INT(parse("2026-11-2a 09:40:03 startup x", &l), -1);
	/* a good time, a line of no known form */
	ASSERT_INT(parse("2026-11-20 09:40:03 upgrade a b c d", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_OTHER);
	ASSERT_INT(parse("2026-11-20 09:40:03 upgrade :amd64 <none> 1", &l),
	    0);
	ASSERT_INT(l.action, DPKGLOG_OTHER);
	ASSERT_INT(parse("2026-11-20 09:40:03 status  x 1", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_OTHER);
	ASSERT_INT(parse("2026-11-20 09:40:03", &l), 0);
	ASSERT_INT(l.action, DPKGLOG_OTHER);
	/* a name past dpkg's own limit is no package */
	{
		char	line[400];

		snprintf(line, sizeof(line), "2026-11-20 09:40:03 install "
		    "%0300d:amd64 <none> 1", 0);
		ASSERT_INT(parse(line, &l), 0);
		ASSERT_INT(l.action, DPKGLOG_OTHER);
	}
	ASSERT_INT(dpkglog_parse("2026-11-20 09:40:03 install a\0b <none> 1",
	    40, &l), 0);
	ASSERT_INT(l.action, DPKGLOG_OTHER);
}

/* This machine's log: every line has a time, every install/upgrade a
 * package named as the word before its ':'. */
TEST(dpkglog_this_machine)
{
	struct dpkglog_line	 l;
	FILE			*f = fopen("/var/log/dpkg.log", "r");
	char			 line[4096], act[32], pkg[512];
	size_t			 n, lines = 0;

	if (f == NULL)
		return;		/* no dpkg.log here: nothing to compare */
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, "\n");
		ASSERT_INT(dpkglog_parse(line, n, &l), 0);
		lines++;
		if (sscanf(line, "%*s %*s %31s %511[^: ]", act, pkg) != 2 ||
		    (strcmp(act, "install") != 0 &&
		    strcmp(act, "upgrade") != 0))
			continue;
		ASSERT(l.action == DPKGLOG_INSTALL ||
		    l.action == DPKGLOG_UPGRADE);
		ASSERT(pkg_is(&l, pkg));
		ASSERT(l.fresh == (strstr(line, " <none> ") != NULL));
	}
	fclose(f);
	ASSERT(lines > 0);
}
