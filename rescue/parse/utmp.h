/*
 * utmp.h - utmp(5) records (utmp, wtmp, btmp) and lastlog(8) records
 * from the server, in whichever of glibc's layouts its CPU wrote them
 *
 * No I/O and no allocation: the caller reads the file in chunks of any
 * size and feeds them in order.  A reader holds at most one record that
 * a chunk boundary cut, never anything per record, so a 400 MB wtmp
 * costs the same memory as a 400-byte one.  Strings are the raw bytes,
 * NUL-terminated in the record's own buffers: the report writer escapes
 * them.
 */
#ifndef RESCUE_UTMP_H
#define RESCUE_UTMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTMP_LINESIZE	32
#define UTMP_IDSIZE	4
#define UTMP_NAMESIZE	32
#define UTMP_HOSTSIZE	256
#define UTMP_ADDRSTRLEN	46		/* INET6_ADDRSTRLEN */

/*
 * glibc's struct utmp is 384 bytes where ut_session and ut_tv are
 * 32-bit (x86_64, i386, 32-bit arm, riscv64) and 400 bytes where they
 * are 64-bit (aarch64, ppc64, s390x); s390x and ppc are big-endian.
 */
#define UTMP_RECSIZE_32	384
#define UTMP_RECSIZE_64	400

struct utmp_layout {
	unsigned	 recsize;	/* UTMP_RECSIZE_32 or UTMP_RECSIZE_64 */
	bool		 big_endian;
};

/* ut_type (utmp(5)); any other value is kept as read. */
enum utmp_type {
	UTMP_EMPTY,
	UTMP_RUN_LVL,
	UTMP_BOOT_TIME,
	UTMP_NEW_TIME,
	UTMP_OLD_TIME,
	UTMP_INIT_PROCESS,
	UTMP_LOGIN_PROCESS,
	UTMP_USER_PROCESS,
	UTMP_DEAD_PROCESS,
	UTMP_ACCOUNTING
};

/* Every byte of the record is zero: chkrootkit's chkwtmp calls it deleted. */
#define UTMP_F_ALL_ZERO		0x0001
/*
 * The type says what the record describes but a field every writer
 * fills for that type is zero: the time (any type but EMPTY), the user
 * or the line (USER_PROCESS); or an EMPTY record with a user or host.
 * Log cleaners that blank fields in place leave this.
 */
#define UTMP_F_PARTLY_ZERO	0x0002
/* No NUL inside the field: the string is the whole field. */
#define UTMP_F_UNTERM_LINE	0x0004
#define UTMP_F_UNTERM_USER	0x0008
#define UTMP_F_UNTERM_HOST	0x0010
/* ut_type outside EMPTY..ACCOUNTING. */
#define UTMP_F_BAD_TYPE		0x0020
/* tv_usec outside 0..999999. */
#define UTMP_F_BAD_USEC		0x0040
/*
 * Bytes after the NUL that ends ut_line, ut_user or ut_host: what is
 * left when a shorter string is written over a longer one.  A hint,
 * not a finding: agetty does it too ("tty1\0tty1" in ut_line).
 */
#define UTMP_F_STALE_BYTES	0x0080

/* One record; it and its strings last for the callback only. */
struct utmp_record {
	uint64_t	 index;		/* 0 for the first record */
	uint64_t	 offset;	/* byte offset in the file */
	int		 type;		/* ut_type as stored */
	const char	*type_name;	/* "USER_PROCESS"...; "UNKNOWN" */
	int32_t		 pid;
	int16_t		 exit_termination;
	int16_t		 exit_status;
	int64_t		 session;
	int64_t		 sec;		/* ut_tv: seconds since 1970, UTC */
	int64_t		 usec;		/* as stored, even when >= 10^6 */
	char		 line[UTMP_LINESIZE + 1];
	char		 id[UTMP_IDSIZE + 1];
	char		 user[UTMP_NAMESIZE + 1];
	char		 host[UTMP_HOSTSIZE + 1];
	/*
	 * ut_addr_v6 as text: dotted IPv4 when only the first word is
	 * set, else IPv6 as RFC 5952 writes it; "" when all zero.
	 */
	char		 addr[UTMP_ADDRSTRLEN];
	uint8_t		 addr_raw[16];	/* network byte order, as stored */
	unsigned	 flags;		/* UTMP_F_* */
};

/* Return 0 to go on; anything else stops the parse and is returned. */
typedef int utmp_fn(const struct utmp_record *, void *arg);

/* "EMPTY" ... "ACCOUNTING", or "UNKNOWN"; never NULL. */
const char	*utmp_type_name(int type);

/* "384-byte little-endian" and the like, for messages. */
const char	*utmp_layout_name(const struct utmp_layout *);

/*
 * Guess the layout of a utmp-format file from BUF, its first LEN bytes
 * (64 KiB is plenty), and FILE_SIZE, its whole size.  Each layout is
 * scored over up to 1024 records: ut_type, pid, session, tv_usec and
 * time in range, strings printable and NUL-padded, reserved bytes
 * zero.  The record size dividing FILE_SIZE only breaks ties, so a
 * file that is a multiple of both sizes is decided by its content.
 * Sets *RET (to 384-byte little-endian when nothing can be told) and
 * returns the confidence, 0 to 100: the share of non-zero records that
 * look right in that layout (type 1 to 9, every field in range), at
 * most 50 when another layout scored as well, 0 when there was nothing
 * to judge (empty, all zero).  A low value on a non-empty file means
 * it is not glibc utmp: a BSD wtmp, garbage, or a mostly edited file.
 */
int		 utmp_detect(const void *buf, size_t len, uint64_t file_size,
		    struct utmp_layout *ret);

/*
 * The state of one pass over a utmp-format file.  Callers may read
 * offset and have; they change nothing.
 */
struct utmp_reader {
	struct utmp_layout	 layout;
	uint64_t		 offset;	/* where the next record is */
	uint64_t		 index;		/* number of the next record */
	size_t			 have;		/* bytes of it fed so far */
	uint8_t			 part[UTMP_RECSIZE_64];
};

/* Start at offset 0; a record size other than 384 or 400 means 384. */
void		 utmp_reader_init(struct utmp_reader *,
		    const struct utmp_layout *);

/*
 * Feed the next LEN bytes of the file, cut anywhere: FN is called for
 * each record completed, in file order.  Returns 0, or what FN
 * returned to stop (the reader then stands after that record).
 */
int		 utmp_parse_records(struct utmp_reader *, const void *buf,
		    size_t len, utmp_fn *fn, void *arg);

/*
 * After the last chunk: the number of bytes of a trailing partial
 * record, never parsed (0 when the file is a whole number of records;
 * file_size % layout.recsize tells the same before reading).  The
 * partial record starts at reader->offset.
 */
size_t		 utmp_reader_tail(const struct utmp_reader *);

/*
 * Pass over the whole records in the next BYTES bytes without parsing
 * them (a hole of the file: all zero), when between records; returns
 * how many were passed (0 inside a record).
 */
uint64_t	 utmp_reader_skip(struct utmp_reader *, uint64_t bytes);

/*
 * lastlog: one record per uid at offset uid * recsize, in a sparse
 * file (uid 4294967294 makes it 1.2 TB long): int32 ll_time (int64 on
 * aarch64, ppc64, s390x), ll_line[32], ll_host[256].
 */
#define LASTLOG_RECSIZE_32	292
#define LASTLOG_RECSIZE_64	296

struct lastlog_layout {
	unsigned	 recsize;	/* LASTLOG_RECSIZE_32 or _64 */
	bool		 big_endian;
};

/* A record that is not all zero; it lasts for the callback only. */
struct lastlog_entry {
	uint64_t	 uid;		/* offset / recsize */
	uint64_t	 offset;
	int64_t		 time;		/* ll_time, 0 if never */
	char		 line[UTMP_LINESIZE + 1];
	char		 host[UTMP_HOSTSIZE + 1];
	unsigned	 flags;		/* UTMP_F_UNTERM_*, _STALE_BYTES */
};

typedef int lastlog_fn(const struct lastlog_entry *, void *arg);

const char	*lastlog_layout_name(const struct lastlog_layout *);

/*
 * As utmp_detect for lastlog: BUF holds LEN bytes read at file offset
 * OFFSET (any stretch with data, since the file starts with a hole
 * when uid 0 never logged in), FILE_SIZE is the whole size.  Sets *RET
 * (292-byte little-endian when nothing can be told) and returns the
 * confidence, 0 to 100.  With one 292-byte record the byte order rests
 * on its time alone: little-endian wins unless that time is implausible.
 */
int		 lastlog_detect(const void *buf, size_t len, uint64_t offset,
		    uint64_t file_size, struct lastlog_layout *ret);

struct lastlog_reader {
	struct lastlog_layout	 layout;
	uint64_t		 offset;	/* where the next byte lies */
	size_t			 have;		/* bytes of a record carried */
	size_t			 skip;		/* bytes left to a boundary */
	uint8_t			 part[LASTLOG_RECSIZE_64];
};

/*
 * Start at file offset OFFSET; calling it again with a new offset is
 * how a caller skips a hole.  An offset inside a record skips to the
 * next record.  A record size other than 292 or 296 means 292.
 */
void		 lastlog_reader_init(struct lastlog_reader *,
		    const struct lastlog_layout *, uint64_t offset);

/*
 * Feed the next LEN bytes from reader->offset on: FN is called for each
 * completed record that is not all zero.  Returns 0 or what FN returned
 * to stop.
 */
int		 lastlog_parse(struct lastlog_reader *, const void *buf,
		    size_t len, lastlog_fn *fn, void *arg);

#endif
