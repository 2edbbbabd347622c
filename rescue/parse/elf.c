/*
 * elf.c - ELF headers as the System V gABI and the Linux kernel's
 * binfmt_elf read them, from a prefix and the ranges asked for after it;
 * and "#!" lines as binfmt_script reads them
 */
#include <string.h>

#include "parse/elf.h"

#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define SHT_SYMTAB	2
#define SHN_XINDEX	0xffff
#define DT_NULL		0
#define DT_FLAGS_1	0x6ffffffbu
#define DF_1_PIE	0x08000000u
#define NT_GNU_BUILD_ID	3
#define NT_GO_BUILDID	4
/* binfmt_elf refuses longer interpreter paths. */
#define INTERP_MAX	4096
#define NAMES_MAX	(64u * 1024)
#define UPX_REACH	1024

/* Steps elf_want() may ask for, as bits of STAGE once done. */
#define ST_PHDRS	0x01
#define ST_INTERP	0x02
#define ST_DYN		0x04
#define ST_SHDRS	0x08
#define ST_NAMES	0x10
#define ST_HDR		0x20	/* the header was read */

static uint16_t
rd16(const struct elf_info *ei, const uint8_t *p)
{
	if (ei->big_endian)
		return (uint16_t)(p[0] << 8 | p[1]);
	return (uint16_t)(p[1] << 8 | p[0]);
}

static uint32_t
rd32(const struct elf_info *ei, const uint8_t *p)
{
	if (ei->big_endian)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

static uint64_t
rd64(const struct elf_info *ei, const uint8_t *p)
{
	uint64_t	hi, lo;

	if (ei->big_endian) {
		hi = rd32(ei, p);
		lo = rd32(ei, p + 4);
	} else {
		lo = rd32(ei, p);
		hi = rd32(ei, p + 4);
	}
	return hi << 32 | lo;
}

/* A word of the file's class: 4 or 8 bytes. */
static uint64_t
rdword(const struct elf_info *ei, const uint8_t *p)
{
	return ei->bits == 64 ? rd64(ei, p) : rd32(ei, p);
}

/* Whether OFF + LEN lies within the file, without overflow. */
static bool
in_file(const struct elf_info *ei, uint64_t off, uint64_t len)
{
	return off <= ei->filesize && len <= ei->filesize - off;
}

static void
settle(struct elf_info *ei)
{
	switch (ei->type) {
	case 1:
		ei->kind = ei->modinfo ? ELF_KIND_MODULE : ELF_KIND_REL;
		return;
	case 2:
		ei->kind = ELF_KIND_EXEC;
		break;
	case 3:
		ei->kind = ei->has_interp || ei->pie_flag == ELF_YES ?
		    ELF_KIND_PIE : ELF_KIND_SHARED;
		break;
	case 4:
		ei->kind = ELF_KIND_CORE;
		return;
	default:
		ei->kind = ELF_KIND_UNKNOWN;
		return;
	}
	if (!ei->phdrs_read)
		ei->link = ELF_LINK_UNKNOWN;
	else if (ei->has_interp)
		ei->link = ELF_LINK_DYNAMIC;
	else if (ei->has_dynamic)
		ei->link = ei->pie_flag == ELF_YES ? ELF_LINK_STATIC_PIE :
		    ELF_LINK_DYNAMIC;
	else
		ei->link = ELF_LINK_STATIC;
}

/* A note segment (PT_NOTE) in reach: GNU build id, Go build id. */
static void
read_notes(struct elf_info *ei, const uint8_t *p, size_t n)
{
	uint32_t	namesz, descsz, type;
	size_t		off = 0, nlen, dlen;

	while (n - off >= 12) {
		namesz = rd32(ei, p + off);
		descsz = rd32(ei, p + off + 4);
		type = rd32(ei, p + off + 8);
		off += 12;
		/* Name and descriptor are each padded to 4 bytes. */
		if (namesz > n || descsz > n)
			return;
		nlen = ((size_t)namesz + 3) & ~(size_t)3;
		dlen = ((size_t)descsz + 3) & ~(size_t)3;
		if (nlen > n - off || dlen > n - off - nlen)
			return;
		if (namesz == 4 && memcmp(p + off, "GNU", 4) == 0 &&
		    type == NT_GNU_BUILD_ID && descsz > 0 &&
		    descsz <= ELF_BUILDID_MAX) {
			memcpy(ei->build_id, p + off + nlen, descsz);
			ei->build_id_len = descsz;
		}
		if (namesz == 4 && memcmp(p + off, "Go\0\0", 4) == 0 &&
		    type == NT_GO_BUILDID)
			ei->go = true;
		off += nlen + dlen;
	}
}

/*
 * The program headers, from P (the whole table).  BUF/BUFLEN, when not
 * NULL, is the prefix: the notes in it are read too.
 */
static void
read_phdrs(struct elf_info *ei, const uint8_t *p, const uint8_t *buf,
    size_t buflen)
{
	uint64_t	off, fsz;
	uint32_t	type;
	size_t		i;
	const uint8_t	*ph;

	for (i = 0; i < ei->phnum; i++) {
		ph = p + i * ei->phentsize;
		type = rd32(ei, ph);
		if (ei->bits == 64) {
			off = rd64(ei, ph + 8);
			fsz = rd64(ei, ph + 32);
		} else {
			off = rd32(ei, ph + 4);
			fsz = rd32(ei, ph + 16);
		}
		if (type != PT_LOAD && type != PT_INTERP &&
		    type != PT_DYNAMIC && type != PT_NOTE)
			continue;
		if (!in_file(ei, off, fsz)) {
			ei->bad |= ELF_BAD_SEGMENT;
			if (type == PT_INTERP)
				ei->bad |= ELF_BAD_INTERP;
			/* Still dynamic, whatever its range. */
			if (type == PT_INTERP)
				ei->has_interp = true;
			if (type == PT_DYNAMIC)
				ei->has_dynamic = true;
			continue;
		}
		switch (type) {
		case PT_INTERP:
			if (ei->has_interp) {
				ei->bad |= ELF_BAD_MULTI_INTERP;
				break;
			}
			ei->has_interp = true;
			if (fsz < 2 || fsz > INTERP_MAX)
				ei->bad |= ELF_BAD_INTERP;
			else {
				ei->str_off = off;	/* until ST_INTERP */
				ei->str_size = fsz;
			}
			break;
		case PT_DYNAMIC:
			if (!ei->has_dynamic) {
				ei->has_dynamic = true;
				ei->dyn_off = off;
				ei->dyn_size = fsz;
			}
			break;
		case PT_NOTE:
			if (buf != NULL && off < buflen &&
			    fsz <= buflen - off)
				read_notes(ei, buf + off, (size_t)fsz);
			break;
		}
	}
	ei->phdrs_read = true;
	ei->stage |= ST_PHDRS;
	if (ei->str_size == 0)
		ei->stage |= ST_INTERP;
}

static void
read_interp(struct elf_info *ei, const uint8_t *p, size_t n)
{
	const uint8_t	*nul;
	size_t		 k;

	ei->stage |= ST_INTERP;
	/* binfmt_elf: the last byte must be the NUL. */
	if (n == 0 || p[n - 1] != '\0') {
		ei->bad |= ELF_BAD_INTERP;
		return;
	}
	nul = memchr(p, '\0', n);
	k = (size_t)(nul - p);
	if (k == 0)
		ei->bad |= ELF_BAD_INTERP;
	if (k >= sizeof(ei->interp))
		k = sizeof(ei->interp) - 1;
	memcpy(ei->interp, p, k);
	ei->interp[k] = '\0';
}

static void
read_dynamic(struct elf_info *ei, const uint8_t *p, size_t n)
{
	size_t		ent = ei->bits == 64 ? 16 : 8, i;
	uint64_t	tag, val;

	ei->stage |= ST_DYN;
	for (i = 0; i + ent <= n; i += ent) {
		tag = rdword(ei, p + i);
		val = rdword(ei, p + i + ent / 2);
		if (tag == DT_NULL)
			break;
		if (tag == DT_FLAGS_1) {
			ei->pie_flag = (val & DF_1_PIE) ? ELF_YES : ELF_NO;
			return;
		}
	}
	ei->pie_flag = ELF_NO;
}

static void
read_shdrs(struct elf_info *ei, const uint8_t *p, size_t n)
{
	size_t		 i, count = n / ei->shentsize;
	const uint8_t	*sh;
	uint64_t	 off, size;
	bool		 symtab = false;

	ei->stage |= ST_SHDRS;
	ei->shdrs_read = true;
	for (i = 0; i < count; i++) {
		sh = p + i * ei->shentsize;
		if (i < ELF_SECT_MAX) {
			ei->sect_name[i] = rd32(ei, sh);
			ei->nsect = (uint16_t)(i + 1);
		}
		if (rd32(ei, sh + 4) == SHT_SYMTAB)
			symtab = true;
		if (i != ei->shstrndx)
			continue;
		if (ei->bits == 64) {
			off = rd64(ei, sh + 24);
			size = rd64(ei, sh + 32);
		} else {
			off = rd32(ei, sh + 16);
			size = rd32(ei, sh + 20);
		}
		if (!in_file(ei, off, size) || size == 0)
			ei->bad |= ELF_BAD_SHSTRNDX;
		else {
			ei->str_off = off;
			ei->str_size = size > NAMES_MAX ? NAMES_MAX : size;
		}
	}
	if (symtab)
		ei->stripped = ELF_NO;
	else if (count == ei->shnum)
		ei->stripped = ELF_YES;
	if (ei->str_size == 0)
		ei->stage |= ST_NAMES;
}

/* Whether the NUL-ended name at OFF in P (N bytes) is NAME. */
static bool
name_is(const uint8_t *p, size_t n, uint32_t off, const char *name)
{
	size_t	k = strlen(name);

	return off < n && k < n - off && memcmp(p + off, name, k + 1) == 0;
}

static void
read_names(struct elf_info *ei, const uint8_t *p, size_t n)
{
	uint16_t	i;
	uint32_t	o;

	ei->stage |= ST_NAMES;
	ei->names_read = true;
	for (i = 0; i < ei->nsect; i++) {
		o = ei->sect_name[i];
		if (i > 0 && o >= n) {
			ei->bad |= ELF_BAD_SECTION;
			continue;
		}
		if (name_is(p, n, o, ".modinfo"))
			ei->modinfo = true;
		else if (name_is(p, n, o, "UPX0") || name_is(p, n, o, "UPX1"))
			ei->upx = true;
		else if (name_is(p, n, o, ".note.go.buildid") ||
		    name_is(p, n, o, ".gopclntab") ||
		    name_is(p, n, o, ".go.buildinfo"))
			ei->go = true;
		else if (name_is(p, n, o, ".debug_info"))
			ei->has_debug = true;
	}
}

bool
elf_want(const struct elf_info *ei, uint64_t *off, size_t *len)
{
	uint64_t	n;

	if (!ei->is_elf || !(ei->stage & ST_HDR))
		return false;
	if (!(ei->stage & ST_PHDRS)) {
		*off = ei->phoff;
		*len = (size_t)ei->phnum * ei->phentsize;
		return true;
	}
	if (!(ei->stage & ST_INTERP)) {
		*off = ei->str_off;
		*len = (size_t)ei->str_size;
		return true;
	}
	if (!(ei->stage & ST_DYN)) {
		n = ei->dyn_size > ELF_WANT_MAX ? ELF_WANT_MAX : ei->dyn_size;
		*off = ei->dyn_off;
		*len = (size_t)n;
		return true;
	}
	if (!(ei->stage & ST_SHDRS)) {
		n = (uint64_t)ei->shnum * ei->shentsize;
		if (n > ELF_WANT_MAX)
			n = ELF_WANT_MAX - ELF_WANT_MAX % ei->shentsize;
		*off = ei->shoff;
		*len = (size_t)n;
		return true;
	}
	if (!(ei->stage & ST_NAMES)) {
		*off = ei->str_off;
		*len = (size_t)ei->str_size;
		return true;
	}
	return false;
}

/* The step elf_want() asked for is over: with BUF, or without (NULL). */
static void
feed(struct elf_info *ei, const uint8_t *buf, size_t len,
    const uint8_t *prefix, size_t plen)
{
	int	st = ei->stage;

	if (!(st & ST_PHDRS)) {
		if (buf != NULL)
			read_phdrs(ei, buf, prefix, plen);
		else
			ei->stage |= ST_PHDRS | ST_INTERP | ST_DYN;
	} else if (!(st & ST_INTERP)) {
		if (buf != NULL)
			read_interp(ei, buf, len);
		ei->stage |= ST_INTERP;
		ei->str_off = ei->str_size = 0;
	} else if (!(st & ST_DYN)) {
		if (buf != NULL)
			read_dynamic(ei, buf, len);
		ei->stage |= ST_DYN;
	} else if (!(st & ST_SHDRS)) {
		if (buf != NULL)
			read_shdrs(ei, buf, len);
		else
			ei->stage |= ST_SHDRS | ST_NAMES;
	} else if (!(st & ST_NAMES)) {
		if (buf != NULL)
			read_names(ei, buf, len);
		ei->stage |= ST_NAMES;
	}
	/* DT_FLAGS_1 tells only an ET_DYN without PT_INTERP apart. */
	if ((ei->stage & ST_PHDRS) && !(ei->stage & ST_DYN) &&
	    (ei->type != 3 || ei->has_interp || ei->dyn_size == 0))
		ei->stage |= ST_DYN;
	settle(ei);
}

void
elf_feed(struct elf_info *ei, uint64_t off, const void *buf, size_t len)
{
	uint64_t	woff;
	size_t		wlen;

	if (!elf_want(ei, &woff, &wlen))
		return;
	if (buf == NULL || off != woff || len < wlen)
		feed(ei, NULL, 0, NULL, 0);
	else
		feed(ei, buf, wlen, NULL, 0);
}

/* The header's fields; the tables are checked against the file. */
static void
read_header(struct elf_info *ei, const uint8_t *p)
{
	uint16_t	ehsize;
	uint64_t	n;

	ei->type = rd16(ei, p + 16);
	ei->machine = rd16(ei, p + 18);
	if (rd32(ei, p + 20) != 1)
		ei->bad |= ELF_BAD_IDENT;
	ei->entry = rdword(ei, p + 24);
	if (ei->bits == 64) {
		ei->phoff = rd64(ei, p + 32);
		ei->shoff = rd64(ei, p + 40);
		p += 52;
	} else {
		ei->phoff = rd32(ei, p + 28);
		ei->shoff = rd32(ei, p + 32);
		p += 40;
	}
	ehsize = rd16(ei, p);
	ei->phentsize = rd16(ei, p + 2);
	ei->phnum = rd16(ei, p + 4);
	ei->shentsize = rd16(ei, p + 6);
	ei->shnum = rd16(ei, p + 8);
	ei->shstrndx = rd16(ei, p + 10);
	if (ehsize != (ei->bits == 64 ? 64 : 52))
		ei->bad |= ELF_BAD_EHSIZE;

	ei->stage = ST_HDR;
	if (ei->phnum == 0)
		ei->stage |= ST_PHDRS | ST_INTERP | ST_DYN;
	else if (ei->phentsize != (ei->bits == 64 ? 56 : 32)) {
		ei->bad |= ELF_BAD_PHENTSIZE;
		ei->stage |= ST_PHDRS | ST_INTERP | ST_DYN;
	} else if (n = (uint64_t)ei->phnum * ei->phentsize,
	    !in_file(ei, ei->phoff, n) || ei->phoff == 0) {
		ei->bad |= ELF_BAD_PHOFF;
		ei->stage |= ST_PHDRS | ST_INTERP | ST_DYN;
	} else if (n > ELF_WANT_MAX) {
		/* A core of many mappings: nothing we need is there. */
		ei->stage |= ST_PHDRS | ST_INTERP | ST_DYN;
	}

	if (ei->shnum == 0) {
		/* No table at all: no symbols; else extended numbering. */
		if (ei->shoff == 0 && ei->type != 4)
			ei->stripped = ELF_YES;
		ei->stage |= ST_SHDRS | ST_NAMES;
	} else if (ei->shentsize != (ei->bits == 64 ? 64 : 40)) {
		ei->bad |= ELF_BAD_SHENTSIZE;
		ei->stage |= ST_SHDRS | ST_NAMES;
	} else if (n = (uint64_t)ei->shnum * ei->shentsize,
	    !in_file(ei, ei->shoff, n) || ei->shoff == 0) {
		ei->bad |= ELF_BAD_SHOFF;
		ei->stage |= ST_SHDRS | ST_NAMES;
	} else if (ei->shstrndx == 0 || ei->shstrndx == SHN_XINDEX) {
		/* No names, or names we do not chase: symbols only. */
		ei->shstrndx = UINT16_MAX;
	} else if (ei->shstrndx >= ei->shnum) {
		ei->bad |= ELF_BAD_SHSTRNDX;
		ei->shstrndx = UINT16_MAX;
	}
}

int
elf_parse(const void *vbuf, size_t len, uint64_t filesize,
    struct elf_info *ei)
{
	const uint8_t	*buf = vbuf;
	uint64_t	 off;
	size_t		 n, ehsize;

	memset(ei, 0, sizeof(*ei));
	if (len < 4 || memcmp(buf, "\177ELF", 4) != 0)
		return -1;
	ei->is_elf = true;
	ei->filesize = filesize != 0 ? filesize : len;
	if (ei->filesize < len)
		ei->filesize = len;

	/* Markers anywhere in reach, whatever the header says. */
	if (memmem(buf, len < UPX_REACH ? len : UPX_REACH, "UPX!", 4) ||
	    memmem(buf, len, "This file is packed with the UPX", 32))
		ei->upx = true;
	if (memmem(buf, len, "\xff Go buildinf:", 14) != NULL ||
	    memmem(buf, len, "Go build ID: \"", 14) != NULL)
		ei->go = true;

	if (len < 6 || (buf[4] != 1 && buf[4] != 2) ||
	    (buf[5] != 1 && buf[5] != 2)) {
		if (len >= 6)
			ei->bad |= ELF_BAD_IDENT;
		return 0;
	}
	ei->bits = buf[4] == 2 ? 64 : 32;
	ei->big_endian = buf[5] == 2;
	if (len >= 8) {
		ei->osabi = buf[7];
		if (buf[6] != 1)
			ei->bad |= ELF_BAD_IDENT;
	}
	ehsize = ei->bits == 64 ? 64 : 52;
	if (ei->filesize < ehsize)
		ei->bad |= ELF_BAD_TRUNCATED;
	if (len < ehsize)
		return 0;
	read_header(ei, buf);

	/* Take from the prefix what elf_want would ask the caller for. */
	while (elf_want(ei, &off, &n) && off <= len && n <= len - off)
		feed(ei, buf + off, n, buf, len);
	settle(ei);
	return 0;
}

const char *
elf_machine_name(const struct elf_info *ei)
{
	bool	b64 = ei->bits == 64, le = !ei->big_endian;

	switch (ei->machine) {
	case 2:		return "sparc";
	case 3:		return "i386";
	case 4:		return "m68k";
	case 8:		return le ? (b64 ? "mips64el" : "mipsel") :
			    (b64 ? "mips64" : "mips");
	case 20:	return "ppc";
	case 21:	return le ? "ppc64le" : "ppc64";
	case 22:	return b64 ? "s390x" : "s390";
	case 40:	return le ? "arm" : "armeb";
	case 42:	return "sh";
	case 43:	return "sparc64";
	case 50:	return "ia64";
	case 62:	return b64 ? "x86_64" : "x32";
	case 183:	return le ? "aarch64" : "aarch64_be";
	case 243:	return b64 ? "riscv64" : "riscv32";
	case 258:	return "loongarch64";
	default:	return "unknown";
	}
}

const char *
elf_kind_name(enum elf_kind k)
{
	switch (k) {
	case ELF_KIND_REL:	return "rel";
	case ELF_KIND_MODULE:	return "module";
	case ELF_KIND_EXEC:	return "exec";
	case ELF_KIND_PIE:	return "pie";
	case ELF_KIND_SHARED:	return "shared";
	case ELF_KIND_CORE:	return "core";
	default:		return "unknown";
	}
}

const char *
elf_link_name(enum elf_link l)
{
	switch (l) {
	case ELF_LINK_STATIC:		return "static";
	case ELF_LINK_STATIC_PIE:	return "static-pie";
	case ELF_LINK_DYNAMIC:		return "dynamic";
	default:			return "unknown";
	}
}

/* Copy P (N bytes) into DST as a string; false if it was cut. */
static bool
copy_str(char *dst, size_t size, const char *p, size_t n)
{
	bool	cut = n >= size;

	if (cut)
		n = size - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return !cut;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
shebang_parse(const void *vbuf, size_t len, struct shebang *sb)
{
	const char	*p = vbuf, *end, *w, *nl, *base;
	size_t		 i, n;

	memset(sb, 0, sizeof(*sb));
	if (len < 3 || p[0] != '#' || p[1] != '!')
		return -1;
	/* binfmt_script sees at most BINPRM_BUF_SIZE bytes. */
	n = len < SHEBANG_LEN ? len : SHEBANG_LEN;
	if ((nl = memchr(p, '\n', n)) != NULL)
		n = (size_t)(nl - p);
	else if (n == SHEBANG_LEN)
		sb->truncated = true;
	if (memchr(p, '\0', n) != NULL)
		return -1;
	end = p + n;
	if (end > p + 2 && end[-1] == '\r')
		end--;
	for (p += 2; p < end && is_blank(*p); p++)
		;
	for (w = p; p < end && !is_blank(*p); p++)
		;
	if (p == w)
		return -1;
	if (!copy_str(sb->interp, sizeof(sb->interp), w, (size_t)(p - w)))
		sb->truncated = true;
	for (; p < end && is_blank(*p); p++)
		;
	/* The kernel passes the rest as one argument, blanks trimmed. */
	while (end > p && is_blank(end[-1]))
		end--;
	copy_str(sb->arg, sizeof(sb->arg), p, (size_t)(end - p));

	base = strrchr(sb->interp, '/');
	base = base != NULL ? base + 1 : sb->interp;
	if (strcmp(base, "env") != 0) {
		copy_str(sb->program, sizeof(sb->program), base,
		    strlen(base));
		return 0;
	}
	/* env [-S] [-i] [-u NAME] [NAME=VALUE]... PROGRAM */
	p = sb->arg;
	end = p + strlen(p);
	while (p < end) {
		for (; p < end && is_blank(*p); p++)
			;
		for (w = p; p < end && !is_blank(*p); p++)
			;
		if (p == w)
			break;
		n = (size_t)(p - w);
		if (*w == '-') {
			/* -u NAME takes the next word along. */
			if ((n == 2 && w[1] == 'u') ||
			    (n == 7 && memcmp(w, "--unset", 7) == 0)) {
				for (; p < end && is_blank(*p); p++)
					;
				for (; p < end && !is_blank(*p); p++)
					;
			}
			continue;
		}
		if (memchr(w, '=', n) != NULL)
			continue;
		for (i = n; i > 0 && w[i - 1] != '/'; i--)
			;
		copy_str(sb->program, sizeof(sb->program), w + i, n - i);
		return 0;
	}
	copy_str(sb->program, sizeof(sb->program), "env", 3);
	return 0;
}
