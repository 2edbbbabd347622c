/*
 * rootkits.h - the paths and names known rootkits, backdoors and miners
 * leave behind (rules/rootkits.def, with the source of each), and a
 * reader for more of them in a text file of the same form
 *
 * An entry is "/abs/path" (that file; /lib, /bin and /sbin also match
 * under /usr for usr-merged systems), "/abs/dir/" (the directory and
 * all below it) or "name" (a file of that name anywhere).  A match is
 * a lead, not proof: old rootkits used names that are real programs
 * elsewhere, so the caller weighs a package-owned file accordingly.
 * Nothing is allocated.
 */
#ifndef RESCUE_ROOTKITS_H
#define RESCUE_ROOTKITS_H

#include <stddef.h>

struct rootkit_entry {
	const char	*path;		/* as in the list */
	size_t		 path_len;
	const char	*family;	/* "Ebury", "Reptile"... */
	size_t		 family_len;
	const char	*source;	/* "chkrootkit", "rkhunter"... */
	size_t		 source_len;
};

/* The built-in list (static storage), *N its length. */
const struct rootkit_entry	*rootkit_builtin(size_t *n);

/*
 * The first entry of TAB (N entries) that PATH (absolute, as seen in
 * the server's tree, NUL-terminated) matches, or NULL.
 */
const struct rootkit_entry	*rootkit_match(const struct rootkit_entry *tab,
	    size_t n, const char *path);

typedef int rootkit_fn(const struct rootkit_entry *, void *arg);

/*
 * More entries from a text file BUF (LEN bytes): one per line,
 * "path-or-name<TAB>family<TAB>source", '#' starts a comment line,
 * blank lines are skipped.  FN is called for each entry; its strings
 * point into BUF (not NUL-terminated: use the lengths) and last as
 * long as BUF.  A non-zero return from FN stops the reading.  Returns
 * the number of malformed lines skipped (no tab, an empty field, a
 * path not absolute nor a plain name, a NUL byte).
 */
int	rootkit_db_parse(const char *buf, size_t len, rootkit_fn *, void *arg);

#endif
