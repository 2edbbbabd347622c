/*
 * journalset.h - every systemd journal file of the server
 * (/var/log/journal/MACHINE-ID/ *.journal and *.journal~, and
 * /var/log/journal/ *.journal), each opened over fsread, merged by time
 *
 * For the journal command, the login analysis and the journal checks:
 * the merged stream of entries, and per file its header, what reading
 * it gave (entry count, first and last time, seqnum range) and what
 * could not be read.
 */
#ifndef RESCUE_JOURNALSET_H
#define RESCUE_JOURNALSET_H

#include <stddef.h>
#include <stdint.h>

#include "fsread.h"
#include "parse/journal.h"

#define JOURNALSET_MAX	4096	/* more files than this are not read */

struct jsfile {
	char		*path;		/* inside the server */
	struct fsr_stat	 st;
	/*
	 * NULL for a file that is not a journal (the reason was given to
	 * the error callback); else header and stats through
	 * journal_header() and journal_stats(), final once
	 * journalset_next() returned 0.
	 */
	struct journal	*j;
	/* private: what the pread callback needs */
	struct fsr_tree	*tree;
	struct fsr_node	 node;
};

struct journalset {
	struct jsfile		*files;		/* sorted by path */
	size_t			 n;
	struct journal_merge	*merge;
	struct journal		**open;		/* the files' readers */
	size_t			 nopen;
};

/* One line about PATH (the file's path inside the server). */
typedef void journalset_err_fn(const char *path, const char *msg, void *arg);

/*
 * Find and open the journal files of TREE into SET.  Files that cannot
 * be opened or are not journals go to ERRFN (when not NULL) and are
 * kept with j NULL.  Returns 0 (also with no files at all: set->n 0) or
 * a negative errno when /var/log/journal itself could not be read.
 * SET must be passed to journalset_close() in any case.
 */
int	journalset_open(struct fsr_tree *, struct journalset *,
	    journalset_err_fn *errfn, void *arg);

/*
 * The next entry of all files by time (see journal_merge_next()):
 * returns 1 with *ENT and *FILE (the file it came from), or 0.
 */
int	journalset_next(struct journalset *, const struct journal_entry **ent,
	    const struct jsfile **file);

/*
 * After the stream: each file's damage (journal_damage()) to ERRFN as
 * one line.  Returns how many files had some.
 */
size_t	journalset_damage(struct journalset *, journalset_err_fn *errfn,
	    void *arg);

/* Readable journal files: those with j not NULL. */
size_t	journalset_nreadable(const struct journalset *);

void	journalset_close(struct journalset *);

#endif
