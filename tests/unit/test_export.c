/*
 * test_export.c - export's pure parts: include/exclude paths, ext4 and
 * kernel ACL layouts, the manifest written and read back
 */
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "unit.h"

TEST(export_sel_canonical_and_nested)
{
	struct exp_sel	s;
	char		err[256];

	exp_sel_init(&s);
	ASSERT_INT(exp_sel_add(&s, false, "/var//www/./html/", err,
	    sizeof(err)), 0);
	ASSERT_INT(exp_sel_add(&s, false, "/var", err, sizeof(err)), 0);
	ASSERT_INT(exp_sel_add(&s, false, "etc", err, sizeof(err)), -1);
	ASSERT_INT(exp_sel_add(&s, true, "/etc/../root", err, sizeof(err)),
	    -1);
	ASSERT_INT(exp_sel_add(&s, true, "/var/www/html/cache", err,
	    sizeof(err)), 0);
	exp_sel_finish(&s);
	ASSERT_INT(s.nincl, 1);
	ASSERT_STR(s.incl[0], "/var");
	ASSERT(exp_sel_excluded(&s, "/var/www/html/cache/x"));
	ASSERT(!exp_sel_excluded(&s, "/var/www/html/cache2"));
	ASSERT(exp_path_under("/etc/x", "/"));
	ASSERT(!exp_path_under("/etcx", "/etc"));
	exp_sel_release(&s);
}

TEST(export_sel_defaults)
{
	struct exp_sel	s;

	exp_sel_init(&s);
	exp_sel_finish(&s);
	ASSERT_INT(s.nincl, 10);
	ASSERT_STR(s.incl[0], "/etc");
	exp_sel_release(&s);
}

TEST(export_acl_layouts)
{
	/* user::rw- user:1234:r-- group::r-- mask::r-- other::--- */
	static const unsigned char v2[] = {
		2, 0, 0, 0,
		1, 0, 6, 0, 0xff, 0xff, 0xff, 0xff,
		2, 0, 4, 0, 0xd2, 4, 0, 0,
		4, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x10, 0, 4, 0, 0xff, 0xff, 0xff, 0xff,
		0x20, 0, 0, 0, 0xff, 0xff, 0xff, 0xff,
	};
	static const unsigned char v1[] = {
		1, 0, 0, 0,
		1, 0, 6, 0,
		2, 0, 4, 0, 0xd2, 4, 0, 0,
		4, 0, 4, 0,
		0x10, 0, 4, 0,
		0x20, 0, 0, 0,
	};
	struct archive_entry	*e = archive_entry_new();
	char			*t;

	archive_entry_set_mode(e, 0100644);
	ASSERT_INT(exp_acl_from_xattr(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, v2,
	    sizeof(v2), NULL), 5);
	t = archive_entry_acl_to_text(e, NULL, ARCHIVE_ENTRY_ACL_TYPE_ACCESS);
	ASSERT(t != NULL && strstr(t, "user:1234:r--") != NULL);
	free(t);
	archive_entry_acl_clear(e);
	ASSERT_INT(exp_acl_from_xattr(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, v1,
	    sizeof(v1), NULL), 5);
	/* cut inside an entry, an unknown version, an unknown tag */
	ASSERT_INT(exp_acl_from_xattr(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS, v1,
	    sizeof(v1) - 2, NULL), -1);
	ASSERT_INT(exp_acl_from_xattr(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
	    "\003\0\0\0", 4, NULL), -1);
	ASSERT_INT(exp_acl_from_xattr(e, ARCHIVE_ENTRY_ACL_TYPE_ACCESS,
	    "\002\0\0\0\100\0\0\0\0\0\0\0", 12, NULL), -1);
	archive_entry_free(e);
}

TEST(export_manifest_roundtrip)
{
	struct man_entry	 w, r;
	char			*buf = NULL, err[128];
	size_t			 len = 0;
	FILE			*f = open_memstream(&buf, &len);

	memset(&w, 0, sizeof(w));
	w.path = "/srv/new\nline\377";
	snprintf(w.type, sizeof(w.type), "file");
	w.size = 12345678901ULL;
	w.mode = 0104755;
	w.owner = "al\"ice";
	w.link = "/etc/passwd";
	w.excluded = "quarantined: binaries.miner";
	memset(w.sha256, 'a', 64);
	man_write(f, &w, false);
	fclose(f);
	ASSERT(len > 0 && buf[len - 1] == '\n');
	ASSERT(strstr(buf, "\"path_hex\":\"2f7372762f6e65770a6c696e65ff\"") !=
	    NULL);
	ASSERT_INT(man_parse(buf, len - 1, &r, err, sizeof(err)), 0);
	ASSERT_STR(r.path, w.path);
	ASSERT_STR(r.type, "file");
	ASSERT_STR(r.link, "/etc/passwd");
	ASSERT_STR(r.excluded, "quarantined: binaries.miner");
	ASSERT_INT(r.size, 12345678901LL);
	ASSERT_INT(r.mode, 04755);
	ASSERT_STR(r.sha256, w.sha256);
	man_entry_release(&r);
	free(buf);
	ASSERT_INT(man_parse("{\"path\":\"x\"}", 12, &r, err, sizeof(err)),
	    -1);
	ASSERT_INT(man_parse("{\"path\":\"/x\"", 12, &r, err, sizeof(err)),
	    -1);
	ASSERT_INT(man_parse("{\"path\":\"/x\"}", 13, &r, err, sizeof(err)),
	    0);
	man_entry_release(&r);
}
