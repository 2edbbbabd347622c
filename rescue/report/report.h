/*
 * report.h - records and findings, the only way analyzers and commands
 * say anything; the writers in report/ alone format them
 */
#ifndef RESCUE_REPORT_H
#define RESCUE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rescue.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH };

enum check_id {
#define CHECK(id, name, sev, summary) CHECK_##id,
#include "checks.def"
#undef CHECK
	CHECK__COUNT
};

struct check_def {
	const char	*name;
	enum severity	 sev;
	const char	*summary;
};

const struct check_def	*check_def(enum check_id);
const char		*severity_name(enum severity);

/*
 * A finding or record a joined finding was built from: WHAT is a check
 * name or a record kind ("login"), TEXT the evidence or a summary.
 */
struct fref {
	const char	*what;
	const char	*path;		/* NULL if none */
	long		 line;		/* 0 if none */
	const char	*text;		/* NULL if none */
	int64_t		 time;		/* TIME_NONE if unknown */
};

/* What a finding was found in; fields left 0/NULL are not reported. */
struct fctx {
	const char	*path;		/* inside the server's tree */
	long		 line;		/* 1-based, 0 if none */
	const char	*evidence;	/* the line or value itself */
	int64_t		 time;		/* TIME_NONE if unknown */
	const char	*detail;	/* what makes this instance notable */
	/* A joined finding: what it was built from, borrowed until
	 * report_end(). */
	const struct fref *refs;
	size_t		 nrefs;
};

enum ftype { F_END, F_STR, F_INT, F_TIME, F_BOOL, F_DUR, F_MAP };

/* One NAME=VALUE of an F_MAP: raw bytes with lengths, escaped on output. */
struct fpair {
	const char	*name;
	size_t		 namelen;
	const char	*value;
	size_t		 len;
};

#define FF_BARE	0x1	/* text: print the value without its name */

struct field {
	const char	*name;
	enum ftype	 type;
	const char	*s;		/* F_STR; NULL prints null */
	int64_t		 i;		/* F_INT, F_BOOL; F_TIME (TIME_NONE: null);
					   F_DUR: seconds (negative: null) */
	unsigned	 flags;
	unsigned	 width;		/* text: a bare column this wide */
	/*
	 * F_MAP: in JSON an object (a name given more than once has an
	 * array of its values, as journalctl writes them), in text
	 * NAME=VALUE pairs.
	 */
	const struct fpair *map;
	size_t		 nmap;
};

#define FSTR(n, v)	{ .name = (n), .type = F_STR, .s = (v) }
#define FBARE(n, v)	{ .name = (n), .type = F_STR, .s = (v), .flags = FF_BARE }
#define FINT(n, v)	{ .name = (n), .type = F_INT, .i = (int64_t)(v) }
#define FTIME(n, v)	{ .name = (n), .type = F_TIME, .i = (v) }
/* A bare column of at least W characters (text), for tables. */
#define FCOL(n, v, w)	{ .name = (n), .type = F_STR, .s = (v), \
			  .flags = FF_BARE, .width = (w) }
#define FTCOL(n, v)	{ .name = (n), .type = F_TIME, .i = (v), \
			  .flags = FF_BARE }
/* A duration: "(02:13)" or "(3+02:13)" as last(1) writes it in text. */
#define FDUR(n, v)	{ .name = (n), .type = F_DUR, .i = (v), \
			  .flags = FF_BARE }
#define FBOOL(n, v)	{ .name = (n), .type = F_BOOL, .i = !!(v) }
#define FMAP(n, m, k)	{ .name = (n), .type = F_MAP, .map = (m), \
			  .nmap = (k) }
#define FEND		{ .type = F_END }

struct record {
	const char		*kind;	/* "login", "os", "account" ... */
	const struct field	*fields;	/* ends with FEND */
};

struct report;

/*
 * A report writing to OUT in FORMAT.  Result must be passed to
 * report_free(); OUT stays the caller's.
 */
struct report	*report_new(enum format, FILE *out, bool color);
void		 report_free(struct report *);

/* A heading: the analyzer or part of the report that follows. */
void	report_section(struct report *, const char *name, const char *summary);
void	report_record(struct report *, const struct record *);
void	report_finding(struct report *, enum check_id, const struct fctx *);
/* Something the operator should know that is neither (an fstab entry
 * not found): a record of kind "note". */
void	report_note(struct report *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Flush what the format keeps for the end (the text findings list). */
void	report_end(struct report *);

/* The highest severity reported so far; -1 if none. */
int	report_worst(const struct report *);

struct finding;

/*
 * Hand every finding to FN as well, after the writer has it (export
 * collects the files they name).  The finding lasts for the call.
 */
typedef void report_tap_fn(const struct finding *, void *arg);
void	report_set_tap(struct report *, report_tap_fn *, void *arg);

/*
 * Hand every record to FN, printed or not: report_record_bulk() records
 * (every history line) reach the tap even when the report is brief.
 */
typedef void report_record_tap_fn(const struct record *, void *arg);
void	report_set_record_tap(struct report *, report_record_tap_fn *,
	    void *arg);
/* A record by the thousand: printed unless BRIEF, always tapped. */
void	report_record_bulk(struct report *, const struct record *,
	    bool brief);

struct story;
/*
 * Triage: keep sections and records for the end, so that the verdict
 * comes first (text, HTML); report_story() gives what goes before them.
 * Returns 0, or -1 if no temporary file could be made (then the order
 * stays as it was).
 */
int	report_defer(struct report *);
/* The story, borrowed until report_end(). */
void	report_story(struct report *, const struct story *);

/* Writers: one per format, each a table of these. */
struct finding {
	enum check_id		 id;
	const struct check_def	*def;
	struct fctx		 f;
};

struct report_writer {
	void	(*section)(struct report *, const char *, const char *);
	void	(*record)(struct report *, const struct record *);
	void	(*finding)(struct report *, const struct finding *);
	void	(*end)(struct report *);
	void	(*story)(struct report *, const struct story *);
};

extern const struct report_writer report_text;
extern const struct report_writer report_json;
extern const struct report_writer report_html;

/* The writers' view of the report. */
struct report {
	const struct report_writer	*w;
	FILE				*out;
	bool				 color;
	int				 worst;
	unsigned			 count[4];	/* by severity */
	struct finding			*held;		/* text: for the end */
	size_t				 nheld, heldcap;
	const char			*last_kind;	/* text: aligning */
	report_tap_fn			*tap;
	void				*tap_arg;
	report_record_tap_fn		*rtap;
	void				*rtap_arg;
	FILE				*final;		/* deferred: the real
							   output; out a
							   temporary file */
	const struct story		*story;
	unsigned			 nsection;	/* html: ids */
	bool				 in_table;	/* html */
	char				 table_sig[256];	/* html: kind
							   and columns */
};

/* Deferred writers: copy the temporary file to r->final and close it. */
void	report_copy_deferred(struct report *);

#endif
