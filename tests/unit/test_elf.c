/*
 * test_elf.c - the ELF reader on programs the C compiler builds at test
 * time (static, PIE, no-PIE, shared, static-PIE, stripped, object files
 * and a module-like object with .modinfo), on this machine's /bin/ls,
 * on hand-made 32-bit big-endian and UPX-like headers, on every short
 * prefix of each and on corrupted headers; and "#!" lines
 */
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "parse/elf.h"

/* A copy of LEN bytes in a buffer of exactly that size, for ASan. */
static void *
dup_exact(const void *p, size_t len)
{
	void	*q = malloc(len ? len : 1);

	if (q == NULL)
		abort();
	memcpy(q, p, len);
	return q;
}

/*
 * Read FILE (LEN bytes) as the analyzer will: a prefix of PLEN bytes,
 * then each range asked for.  Returns elf_parse's result; every range
 * asked for must lie inside the file.
 */
static int
read_elf(const char *file, size_t len, size_t plen, uint64_t size,
    struct elf_info *ei, bool *range_ok)
{
	void		*p;
	uint64_t	 off;
	size_t		 n;
	int		 r, guard = 0;

	if (plen > len)
		plen = len;
	p = dup_exact(file, plen);
	r = elf_parse(p, plen, size, ei);
	free(p);
	*range_ok = true;
	while (elf_want(ei, &off, &n)) {
		if (++guard > 8 || off > size || n > size - off ||
		    n > ELF_WANT_MAX)
			*range_ok = false;
		if (guard > 8)
			break;
		if (off > len || n > len - off) {
			elf_feed(ei, off, NULL, 0);
			continue;
		}
		p = dup_exact(file + off, n);
		elf_feed(ei, off, p, n);
		free(p);
	}
	if (strnlen(ei->interp, sizeof(ei->interp)) == sizeof(ei->interp))
		*range_ok = false;
	return r;
}

static int
read_whole(const char *file, size_t len, struct elf_info *ei)
{
	bool	ok;
	int	r = read_elf(file, len, 65536, len, ei, &ok);

	return ok ? r : -2;
}

static bool
have_cc(void)
{
	return system("command -v cc >/dev/null 2>&1") == 0;
}

static const char prog[] =
    "#include <stdio.h>\n"
    "int main(void) { puts(\"hello\"); return 0; }\n";

/* Build a program with FLAGS into OUT; false (SKIP) if cc refuses. */
static bool
build(const char *flags, const char *out)
{
	char	cmd[512];

	unit_write("m.c", prog, sizeof(prog) - 1);
	snprintf(cmd, sizeof(cmd), "cc %s -o %s m.c >/dev/null 2>&1", flags,
	    out);
	if (system(cmd) != 0) {
		printf("# SKIP cc %s\n", flags);
		return false;
	}
	return true;
}

/* Every prefix length up to 256, some longer, with either size. */
static void
prefixes(const char *file, size_t len)
{
	static const size_t	more[] = { 300, 512, 1000, 1024, 4096, 8192,
	    65536 };
	struct elf_info		ei;
	size_t			i;
	bool			ok;

	for (i = 0; i <= 256 + sizeof(more) / sizeof(more[0]); i++) {
		size_t	n = i <= 256 ? i : more[i - 257];

		if (n > len)
			n = len;
		read_elf(file, len, n, len, &ei, &ok);
		if (!ok)
			unit_fail(__FILE__, __LINE__, "range %zu", n);
		/* The file itself cut there. */
		read_elf(file, n, n, n, &ei, &ok);
		if (!ok)
			unit_fail(__FILE__, __LINE__, "cut %zu", n);
	}
}

#if defined(__x86_64__)
#define HOST_MACHINE	"x86_64"
#elif defined(__aarch64__)
#define HOST_MACHINE	"aarch64"
#else
#define HOST_MACHINE	NULL
#endif

static void
check_machine(const struct elf_info *ei)
{
	if (HOST_MACHINE != NULL && strcmp(elf_machine_name(ei),
	    HOST_MACHINE) != 0)
		unit_fail(__FILE__, __LINE__, "machine %s",
		    elf_machine_name(ei));
}

TEST(elf_static)
{
	struct elf_info	 ei;
	char		*f;
	size_t		 len;

	if (!have_cc() || !build("-static -no-pie", "s"))
		return;
	ASSERT((f = unit_slurp("s", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT(ei.is_elf);
	ASSERT_INT(ei.bits, 64);
	check_machine(&ei);
	ASSERT_STR(elf_kind_name(ei.kind), "exec");
	ASSERT_STR(elf_link_name(ei.link), "static");
	ASSERT_STR(ei.interp, "");
	ASSERT_INT(ei.stripped, ELF_NO);
	ASSERT_INT(ei.bad, 0);
	ASSERT(!ei.upx && !ei.go);
	ASSERT(ei.build_id_len == 0 || ei.build_id_len == 20);
	prefixes(f, len);
	/* Stripped: the section headers stay, .symtab goes. */
	ASSERT(system("strip -o t s") == 0);
	free(f);
	ASSERT((f = unit_slurp("t", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT_INT(ei.stripped, ELF_YES);
	ASSERT_STR(elf_link_name(ei.link), "static");
	free(f);
}

TEST(elf_pie_and_nopie)
{
	struct elf_info	 ei;
	char		*f;
	size_t		 len;

	if (!have_cc() || !build("-fPIE -pie", "p") ||
	    !build("-fno-PIE -no-pie", "e"))
		return;
	ASSERT((f = unit_slurp("p", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	check_machine(&ei);
	ASSERT_STR(elf_kind_name(ei.kind), "pie");
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
	ASSERT(ei.has_interp && ei.interp[0] == '/');
	ASSERT(strstr(ei.interp, "ld") != NULL);
	ASSERT_INT(ei.stripped, ELF_NO);
	ASSERT_INT(ei.bad, 0);
	prefixes(f, len);
	free(f);

	ASSERT((f = unit_slurp("e", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT_STR(elf_kind_name(ei.kind), "exec");
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
	ASSERT(ei.interp[0] == '/');
	free(f);
}

TEST(elf_shared_and_static_pie)
{
	struct elf_info	 ei;
	char		*f;
	size_t		 len;

	if (!have_cc() || !build("-shared -fPIC", "l.so"))
		return;
	ASSERT((f = unit_slurp("l.so", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT_STR(elf_kind_name(ei.kind), "shared");
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
	ASSERT(!ei.has_interp);
	ASSERT(ei.pie_flag != ELF_YES);
	prefixes(f, len);
	free(f);

	if (!build("-static-pie -fPIE", "sp"))
		return;
	ASSERT((f = unit_slurp("sp", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT_STR(elf_kind_name(ei.kind), "pie");
	ASSERT_STR(elf_link_name(ei.link), "static-pie");
	ASSERT_INT(ei.pie_flag, ELF_YES);
	free(f);
}

/*
 * No kernel module may be installed here (containers have no
 * /lib/modules): an object with a .modinfo section is what modpost
 * leaves, and the reader only looks at that section's name.
 */
TEST(elf_module_and_object)
{
	static const char	mod[] =
	    "__attribute__((section(\".modinfo\"), used))\n"
	    "static const char license[] = \"license=GPL\";\n"
	    "int init_module(void) { return 0; }\n";
	struct elf_info		 ei;
	char			*f;
	size_t			 len;
	bool			 ok;

	if (!have_cc())
		return;
	unit_write("mod.c", mod, sizeof(mod) - 1);
	ASSERT(system("cc -c -o mod.ko mod.c") == 0);
	ASSERT((f = unit_slurp("mod.ko", &len)) != NULL);
	/* From the first 64 bytes only: the sections are asked for. */
	ASSERT_INT(read_elf(f, len, 64, len, &ei, &ok), 0);
	ASSERT(ok);
	ASSERT_STR(elf_kind_name(ei.kind), "module");
	ASSERT(ei.modinfo);
	ASSERT(ei.names_read);
	ASSERT_INT(ei.link, ELF_LINK_UNKNOWN);
	prefixes(f, len);
	free(f);

	unit_write("m.c", prog, sizeof(prog) - 1);
	ASSERT(system("cc -c -o m.o m.c") == 0);
	ASSERT((f = unit_slurp("m.o", &len)) != NULL);
	ASSERT_INT(read_whole(f, len, &ei), 0);
	ASSERT_STR(elf_kind_name(ei.kind), "rel");
	free(f);
}

TEST(elf_bin_ls)
{
	struct elf_info	 ei;
	char		*f;
	size_t		 len;

	if ((f = unit_slurp("/bin/ls", &len)) == NULL) {
		printf("# SKIP no /bin/ls\n");
		return;
	}
	ASSERT_INT(read_whole(f, len, &ei), 0);
	check_machine(&ei);
	ASSERT(ei.kind == ELF_KIND_PIE || ei.kind == ELF_KIND_EXEC);
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
	ASSERT(ei.interp[0] == '/');
	/* Distributions strip what they ship. */
	ASSERT_INT(ei.stripped, ELF_YES);
	ASSERT_INT(ei.bad, 0);
	prefixes(f, len);
	free(f);
}

/*
 * upx is not installed here: a program whose sections are renamed UPX0
 * and UPX1 (as UPX names them in PE files), and a header followed by
 * UPX's "UPX!" magic at the place UPX writes its ELF loader info.
 */
TEST(elf_upx_and_go)
{
	struct elf_info	 ei;
	char		*f, hdr[512];
	size_t		 len;

	if (!have_cc() || !build("-static -no-pie", "s"))
		return;
	if (system("objcopy --rename-section .text=UPX1 "
	    "--rename-section .data=UPX0 s u 2>/dev/null") == 0) {
		ASSERT((f = unit_slurp("u", &len)) != NULL);
		ASSERT_INT(read_whole(f, len, &ei), 0);
		ASSERT(ei.upx);
		free(f);
	} else
		printf("# SKIP objcopy\n");

	ASSERT((f = unit_slurp("s", &len)) != NULL);
	memcpy(hdr, f, sizeof(hdr));
	memcpy(hdr + 0xec, "UPX!", 4);
	ASSERT_INT(elf_parse(hdr, sizeof(hdr), len, &ei), 0);
	ASSERT(ei.upx);
	ASSERT(!ei.go);
	memcpy(hdr + 300, "\xff Go buildinf:", 14);
	ASSERT_INT(elf_parse(hdr, sizeof(hdr), len, &ei), 0);
	ASSERT(ei.go);
	free(f);

	unit_write("empty", "", 0);
	if (system("objcopy --add-section .note.go.buildid=empty s g "
	    "2>/dev/null") == 0) {
		ASSERT((f = unit_slurp("g", &len)) != NULL);
		ASSERT_INT(read_whole(f, len, &ei), 0);
		ASSERT(ei.go);
		ASSERT(!ei.upx);
		free(f);
	}
}

static void
put16be(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32be(uint8_t *p, uint32_t v)
{
	put16be(p, (uint16_t)(v >> 16));
	put16be(p + 2, (uint16_t)v);
}

/*
 * A 32-bit big-endian MIPS executable by hand (cc -m32 is not there):
 * header, one PT_INTERP and one PT_DYNAMIC, the interpreter path.
 */
static size_t
mips32(uint8_t *f, size_t size)
{
	static const char	interp[] = "/lib/ld.so.1";

	memset(f, 0, size);
	memcpy(f, "\177ELF\001\002\001", 7);
	put16be(f + 16, 2);		/* ET_EXEC */
	put16be(f + 18, 8);		/* EM_MIPS */
	put32be(f + 20, 1);
	put32be(f + 24, 0x400100);
	put32be(f + 28, 52);		/* e_phoff */
	put32be(f + 32, 0);		/* e_shoff */
	put16be(f + 40, 52);
	put16be(f + 42, 32);
	put16be(f + 44, 2);
	/* PT_INTERP at 116 */
	put32be(f + 52, 3);
	put32be(f + 56, 116);
	put32be(f + 68, sizeof(interp));
	/* PT_DYNAMIC at 132, one DT_NULL */
	put32be(f + 84, 2);
	put32be(f + 88, 132);
	put32be(f + 100, 8);
	memcpy(f + 116, interp, sizeof(interp));
	return 140;
}

TEST(elf_32bit_big_endian)
{
	uint8_t		f[256];
	struct elf_info	ei;
	size_t		len = mips32(f, sizeof(f));

	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT_INT(ei.bits, 32);
	ASSERT(ei.big_endian);
	ASSERT_STR(elf_machine_name(&ei), "mips");
	ASSERT_STR(elf_kind_name(ei.kind), "exec");
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
	ASSERT_STR(ei.interp, "/lib/ld.so.1");
	ASSERT_INT(ei.stripped, ELF_YES);	/* no section table */
	ASSERT_INT(ei.bad, 0);
	ASSERT_INT(ei.entry, 0x400100);
	prefixes((char *)f, len);

	/* The interpreter's NUL is gone: binfmt_elf refuses that. */
	f[116 + 12] = 'x';
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_INTERP);
	ASSERT_STR(ei.interp, "");
	ASSERT_STR(elf_link_name(ei.link), "dynamic");
}

TEST(elf_corrupt_fields)
{
	uint8_t		f[256];
	struct elf_info	ei;
	size_t		len;
	bool		ok;

	len = mips32(f, sizeof(f));
	put32be(f + 28, 0xfffffff0);			/* e_phoff */
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_PHOFF);
	ASSERT_INT(ei.link, ELF_LINK_UNKNOWN);

	len = mips32(f, sizeof(f));
	put16be(f + 42, 31);				/* e_phentsize */
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_PHENTSIZE);

	len = mips32(f, sizeof(f));
	put16be(f + 44, 0xffff);			/* e_phnum */
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_PHOFF);
	/* The same in a large file: never more than ELF_WANT_MAX asked. */
	ASSERT_INT(read_elf((char *)f, len, len, 64u << 20, &ei, &ok), 0);
	ASSERT(ok);
	ASSERT_INT(ei.bad, 0);
	ASSERT_INT(ei.link, ELF_LINK_UNKNOWN);
	put16be(f + 44, 2);
	put32be(f + 32, 32u << 20);			/* far e_shoff */
	put16be(f + 46, 40);
	put16be(f + 48, 0xfff0);
	put16be(f + 50, 3);
	ASSERT_INT(read_elf((char *)f, len, len, 64u << 20, &ei, &ok), 0);
	ASSERT(ok);
	ASSERT_INT(ei.stripped, ELF_UNKNOWN);

	len = mips32(f, sizeof(f));
	put32be(f + 32, 200);				/* e_shoff */
	put16be(f + 46, 40);
	put16be(f + 48, 10);
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_SHOFF);
	ASSERT_INT(ei.stripped, ELF_UNKNOWN);

	len = mips32(f, sizeof(f));
	put32be(f + 56, 0xfffffffe);			/* interp offset */
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_SEGMENT);
	ASSERT(ei.bad & ELF_BAD_INTERP);

	len = mips32(f, sizeof(f));
	f[4] = 7;					/* EI_CLASS */
	ASSERT_INT(read_whole((char *)f, len, &ei), 0);
	ASSERT(ei.bad & ELF_BAD_IDENT);
	ASSERT_INT(ei.bits, 0);

	ASSERT_INT(elf_parse("\177EL", 3, 3, &ei), -1);
	ASSERT_INT(elf_parse("#!/bin/sh\n", 10, 10, &ei), -1);
	ASSERT(!ei.is_elf);
}

/*
 * Random bytes over the header fields and the first program headers
 * of a real program, a few thousand times: ranges asked for stay in
 * the file and ASan sees no read outside a buffer.
 */
TEST(elf_fuzzed_headers)
{
	struct elf_info	 ei;
	char		*f, *g;
	size_t		 len, i, k;
	uint32_t	 x = 12345;
	bool		 ok;

	if (!have_cc() || !build("-fPIE -pie", "p"))
		return;
	ASSERT((f = unit_slurp("p", &len)) != NULL);
	ASSERT(len > 1024);
	g = malloc(len);
	ASSERT(g != NULL);
	for (i = 0; i < 3000; i++) {
		memcpy(g, f, len);
		for (k = 0; k < 1 + i % 6; k++) {
			x = x * 1103515245 + 12345;
			g[16 + (x >> 8) % (i % 2 ? 48 : 400)] =
			    (char)(x >> 16);
		}
		read_elf(g, len, 65536, len, &ei, &ok);
		if (!ok)
			unit_fail(__FILE__, __LINE__, "iteration %zu", i);
		read_elf(g, len, 200, len, &ei, &ok);
		if (!ok)
			unit_fail(__FILE__, __LINE__, "iteration %zu", i);
	}
	free(g);
	free(f);
}

static int
sb(const char *s, struct shebang *out)
{
	char	*p = dup_exact(s, strlen(s));
	int	 r = shebang_parse(p, strlen(s), out);

	free(p);
	return r;
}

TEST(elf_shebang)
{
	struct shebang	s;
	char		long_line[600];

	ASSERT_INT(sb("#!/bin/sh\necho hi\n", &s), 0);
	ASSERT_STR(s.interp, "/bin/sh");
	ASSERT_STR(s.arg, "");
	ASSERT_STR(s.program, "sh");
	ASSERT_INT(sb("#! /usr/bin/python3 -u  \r\n", &s), 0);
	ASSERT_STR(s.interp, "/usr/bin/python3");
	ASSERT_STR(s.arg, "-u");
	ASSERT_STR(s.program, "python3");
	ASSERT_INT(sb("#!/usr/bin/env -S perl -w\n", &s), 0);
	ASSERT_STR(s.interp, "/usr/bin/env");
	ASSERT_STR(s.arg, "-S perl -w");
	ASSERT_STR(s.program, "perl");
	ASSERT_INT(sb("#!/usr/bin/env -u HOME LANG=C /opt/x/bin/node", &s),
	    0);
	ASSERT_STR(s.program, "node");
	ASSERT_INT(sb("#!/usr/bin/env", &s), 0);
	ASSERT_STR(s.program, "env");
	ASSERT_INT(sb("#!\n", &s), -1);
	ASSERT_INT(sb("#!   \t", &s), -1);
	ASSERT_INT(sb("#", &s), -1);
	ASSERT_INT(sb("echo", &s), -1);
	ASSERT_INT(shebang_parse("#!/bin/sh\0x", 11, &s), -1);

	long_line[0] = '#';
	long_line[1] = '!';
	memset(long_line + 2, 'a', sizeof(long_line) - 3);
	long_line[sizeof(long_line) - 1] = '\0';
	ASSERT_INT(sb(long_line, &s), 0);
	ASSERT(s.truncated);
	/* The kernel reads 256 bytes, "#!" included. */
	ASSERT_INT(strlen(s.interp), SHEBANG_LEN - 2);
}
