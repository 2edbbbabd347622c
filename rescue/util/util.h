/*
 * util.h - escaping, allocation and time helpers shared by all of rescue
 */
#ifndef RESCUE_UTIL_H
#define RESCUE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Write the LEN bytes of S so that no byte from the evidence can forge
 * output: printable UTF-8 passes, a backslash doubles, controls become
 * \n \t \r \xNN, bytes that are not UTF-8 become \xNN, and code points
 * that reorder or hide text (bidi overrides, C1 controls) become
 * \u{XXXX}.  The same form goes into text and (quoted) into JSON.
 */
void	esc_write(FILE *, const char *s, size_t len);
void	esc_puts(FILE *, const char *s);

/* As esc_write, inside a JSON string (adds JSON's own quoting). */
void	esc_json(FILE *, const char *s, size_t len);
/* A whole JSON string value with its quotes, or null for NULL. */
void	esc_json_str(FILE *, const char *s);

/*
 * As esc_write, for HTML text and quoted attribute values: & < > " '
 * become entities as well.  esc_html_str takes NULL as "".
 */
void	esc_html(FILE *, const char *s, size_t len);
void	esc_html_str(FILE *, const char *s);

/* How many columns esc_write would take for S (for aligning columns). */
size_t	esc_width(const char *s, size_t len);

/* Allocation that exits on failure: the only code that exits so. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);

/* "2026-11-20T08:24:11Z" (UTC, ISO 8601); BUF of at least 32 bytes. */
#define TIME_ISO_LEN	40
void	time_iso(int64_t t, char *buf, size_t len);
/* The same with nanoseconds: "2026-11-20T08:24:11.123456789Z". */
void	time_iso_ns(int64_t t, uint32_t ns, char *buf, size_t len);

/*
 * Parse "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS][Z|+HH:MM|-HH:MM]" (UTC
 * unless an offset is given) or "@EPOCH".  Returns 0, or -1 for anything
 * else.
 */
int	time_parse(const char *, int64_t *);

/* "-rwsr-xr-x" (ls -l style) into BUF of at least 11 bytes. */
void	mode_str(uint32_t mode, char *buf);
/* "regular file", "directory", "symlink"... */
const char *mode_type(uint32_t mode);

#endif
