/*
 * elf.h - what an ELF file is (class, byte order, machine, executable,
 * PIE, shared object, kernel module, core), how it is linked, whether it
 * is stripped, UPX-packed or Go, and whether its header is a lie; and
 * the interpreter of a "#!" script
 *
 * The reader does no I/O.  elf_parse() takes the first bytes of a file
 * (a prefix of any length, 64 KiB is plenty for the program headers)
 * and the file's size.  What sits beyond the prefix, the section header
 * table at the end of the file, its name table, the dynamic segment,
 * is asked for in turn:
 *
 *	elf_parse(prefix, n, size, &ei);
 *	while (elf_want(&ei, &off, &len)) {
 *		if (pread(fd, buf, len, off) != len)	// caller's read
 *			break;
 *		elf_feed(&ei, off, buf, len);
 *	}
 *
 * Every range asked for lies within the file's size and is at most
 * ELF_WANT_MAX bytes.  Every offset, count and size in the file is
 * hostile: a header that points past the file, overflows, or has the
 * wrong entry size is flagged in BAD and the fields it would have
 * filled stay unknown.  Nothing is allocated.
 */
#ifndef RESCUE_ELF_H
#define RESCUE_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_INTERP_LEN	256	/* PATH_MAX would do; 255 bytes is plenty */
#define ELF_WANT_MAX	(1u << 20)
#define ELF_SECT_MAX	256	/* section names looked at, the first ones */
#define ELF_BUILDID_MAX	64

enum elf_kind {
	ELF_KIND_UNKNOWN = 0,	/* a type we do not name (OS/proc range) */
	ELF_KIND_REL,		/* ET_REL: an object file */
	ELF_KIND_MODULE,	/* ET_REL with .modinfo: a kernel module */
	ELF_KIND_EXEC,		/* ET_EXEC */
	ELF_KIND_PIE,		/* ET_DYN with PT_INTERP or DF_1_PIE */
	ELF_KIND_SHARED,	/* ET_DYN without either: a library */
	ELF_KIND_CORE		/* ET_CORE */
};

enum elf_link {
	ELF_LINK_UNKNOWN = 0,	/* program headers out of reach */
	ELF_LINK_STATIC,	/* neither PT_INTERP nor PT_DYNAMIC */
	ELF_LINK_STATIC_PIE,	/* PT_DYNAMIC without PT_INTERP, DF_1_PIE */
	ELF_LINK_DYNAMIC	/* PT_INTERP, or PT_DYNAMIC (a library) */
};

/* A yes/no that may not be known yet. */
enum elf_tri { ELF_UNKNOWN = 0, ELF_NO, ELF_YES };

/* What is wrong with the header, as bits of BAD. */
#define ELF_BAD_IDENT		0x0001	/* EI_CLASS, EI_DATA or EI_VERSION */
#define ELF_BAD_EHSIZE		0x0002	/* e_ehsize not 52/64 */
#define ELF_BAD_PHENTSIZE	0x0004	/* not 32/56 while e_phnum > 0 */
#define ELF_BAD_PHOFF		0x0008	/* table (partly) past the file */
#define ELF_BAD_SHENTSIZE	0x0010	/* not 40/64 while e_shnum > 0 */
#define ELF_BAD_SHOFF		0x0020	/* table (partly) past the file */
#define ELF_BAD_SHSTRNDX	0x0040	/* >= e_shnum, or its range bad */
#define ELF_BAD_SEGMENT		0x0080	/* a segment past the file */
#define ELF_BAD_INTERP		0x0100	/* not a NUL-ended path */
#define ELF_BAD_TRUNCATED	0x0200	/* file shorter than its header */
#define ELF_BAD_MULTI_INTERP	0x0400	/* two PT_INTERP */
#define ELF_BAD_SECTION		0x0800	/* a section (name) past the file */

struct elf_info {
	bool		 is_elf;	/* the "\177ELF" magic */
	uint8_t		 bits;		/* 32 or 64, 0 if invalid */
	bool		 big_endian;
	uint8_t		 osabi;		/* EI_OSABI */
	uint16_t	 type;		/* e_type as is */
	uint16_t	 machine;	/* e_machine as is */
	enum elf_kind	 kind;
	enum elf_link	 link;
	uint64_t	 entry;
	uint64_t	 filesize;

	uint64_t	 phoff, shoff;
	uint16_t	 phnum, shnum, shstrndx;
	uint16_t	 phentsize, shentsize;
	bool		 phdrs_read;	/* all program headers seen */
	bool		 shdrs_read;	/* section header table seen */
	bool		 names_read;	/* section names seen */

	/* "/lib64/ld-linux-x86-64.so.2": raw bytes, NUL-terminated. */
	char		 interp[ELF_INTERP_LEN];
	bool		 has_interp;
	bool		 has_dynamic;	/* PT_DYNAMIC */

	enum elf_tri	 stripped;	/* no SHT_SYMTAB (needs sections) */
	enum elf_tri	 pie_flag;	/* DT_FLAGS_1 has DF_1_PIE */
	bool		 upx;		/* "UPX!" or sections UPX0/UPX1 */
	bool		 go;		/* Go build id, buildinfo, pclntab */
	bool		 modinfo;	/* a .modinfo section */
	bool		 has_debug;	/* .debug_info */

	/* NT_GNU_BUILD_ID from a PT_NOTE in reach, raw bytes. */
	uint8_t		 build_id[ELF_BUILDID_MAX];
	size_t		 build_id_len;

	uint32_t	 bad;		/* ELF_BAD_* bits */

	/* Private: what elf_want asks for next, and what it learnt. */
	uint64_t	 dyn_off, dyn_size;
	uint64_t	 str_off, str_size;
	uint16_t	 nsect;
	uint32_t	 sect_name[ELF_SECT_MAX];
	int		 stage;
};

/*
 * Read the header and what lies in the prefix BUF (LEN bytes, the
 * file's first) of a file of FILESIZE bytes (0 if unknown: then LEN is
 * taken for it).  Returns 0 if BUF starts with the ELF magic, even with
 * a corrupt header (see BAD), else -1 (EI->is_elf false).
 */
int	elf_parse(const void *buf, size_t len, uint64_t filesize,
	    struct elf_info *ei);

/*
 * Whether the reader wants more of the file: then *OFF and *LEN name
 * the range (within the file, at most ELF_WANT_MAX bytes) to hand to
 * elf_feed().  Asks at most three times per file.
 */
bool	elf_want(const struct elf_info *, uint64_t *off, size_t *len);

/*
 * Hand over the LEN bytes at OFF that elf_want() asked for.  Fewer
 * bytes (a short read) or another range are taken as "not available":
 * that step is given up, the fields it would fill stay unknown.
 */
void	elf_feed(struct elf_info *, uint64_t off, const void *buf,
	    size_t len);

/* "x86_64", "aarch64", "ppc64le", "riscv64"... or "unknown". */
const char	*elf_machine_name(const struct elf_info *);
/* "exec", "pie", "shared", "rel", "module", "core", "unknown". */
const char	*elf_kind_name(enum elf_kind);
/* "static", "static-pie", "dynamic", "unknown". */
const char	*elf_link_name(enum elf_link);

#define SHEBANG_LEN	256

/*
 * "#!/usr/bin/env -S python3 -u": the interpreter as written, its first
 * argument, and the program it comes to (python3 through env; sh for
 * "#!/bin/sh").  Strings are raw bytes, NUL-terminated, truncated to
 * fit (TRUNCATED); the line ends at LF, is at most what the kernel
 * reads (BINPRM_BUF_SIZE 256), and may hold no NUL.
 */
struct shebang {
	char	 interp[SHEBANG_LEN];
	char	 arg[SHEBANG_LEN];
	char	 program[SHEBANG_LEN];	/* basename, through env */
	bool	 truncated;
};

/*
 * Parse the "#!" line at the start of BUF (LEN bytes).  Returns 0, or
 * -1 when BUF does not start with "#!" or names no interpreter.
 */
int	shebang_parse(const void *buf, size_t len, struct shebang *);

#endif
