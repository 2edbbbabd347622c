/*
 * content.h - what a file's bytes say of an intruder: cryptocurrency
 * miners and their configs (stratum URLs, pool domains, XMRig keys,
 * Monero wallets, miner strings in binaries), webshells (PHP, JSP,
 * ASP(X) code that runs request input), PHP hidden in images
 *
 * No I/O.  The miner rules run over a whole file in chunks (struct
 * content_stream, whose 64 KiB window is the only memory it holds): a
 * pattern cut by a chunk boundary still matches.  The webshell rules
 * need the whole text at once and take a bounded buffer: the caller
 * hands over the first WEBSHELL_SCAN_MAX bytes (webshells are small;
 * the padding of a large one is typically at its end); they look into
 * at most 16 MiB of argument lists and assignments per file, so that
 * text built of nested calls costs a fraction of a second.  Excerpts
 * are raw bytes copied from the input, for the report writer to
 * escape.
 */
#ifndef RESCUE_CONTENT_H
#define RESCUE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"

enum content_rule {
	/* miners: content_stream */
	CONTENT_MINER_STRATUM,		/* stratum+tcp:// and kin */
	CONTENT_MINER_POOL,		/* a known mining pool's domain */
	CONTENT_MINER_CONFIG,		/* XMRig keys: donate-level, algo */
	CONTENT_MINER_WALLET,		/* a Monero address */
	CONTENT_MINER_BINARY,		/* "XMRig", "cryptonight" strings */
	CONTENT_PHP_TAG,		/* "<?php": see content_stream_init */
	/* webshells: webshell_scan */
	CONTENT_WEBSHELL_EXEC_INPUT,	/* system($_GET[...]) and kin */
	CONTENT_WEBSHELL_DYNAMIC_CALL,	/* $_GET['f'](...), "sys"."tem" */
	CONTENT_WEBSHELL_DECODE_EVAL,	/* eval(base64_decode(...)) */
	CONTENT_WEBSHELL_PREG_E,	/* preg_replace("/.../e", ...) */
	CONTENT_WEBSHELL_BACKTICK,	/* `$_GET[c]` */
	CONTENT_WEBSHELL_KNOWN,		/* b374k, WSO, c99, r57 markers */
	CONTENT_WEBSHELL_IMAGE_PHP,	/* shell.jpg holding <?php */
	CONTENT_RULE_COUNT
};

#define CONTENT_EXCERPT_LEN	96

struct content_match {
	enum content_rule	 rule;
	enum severity		 sev;
	uint64_t		 off;	/* of the match in the whole file */
	const char		*detail;	/* static: the pattern seen */
	char			 excerpt[CONTENT_EXCERPT_LEN];
	size_t			 excerpt_len;	/* raw bytes, may hold NUL */
};

/* "miner.stratum_url", "webshell.exec_input"... stable names. */
const char	*content_rule_name(enum content_rule);
/* One sentence saying what the rule means. */
const char	*content_rule_summary(enum content_rule);

/* What a stream looks for, as bits. */
#define CONTENT_MINER	0x01	/* all miner rules */
#define CONTENT_PHP	0x02	/* CONTENT_PHP_TAG, for image polyglots */

#define CONTENT_MATCH_MAX	CONTENT_RULE_COUNT
/* Bytes kept across chunks (longer than any match), bytes per scan. */
#define CONTENT_TAIL		256
#define CONTENT_SLICE		65536

/*
 * A whole file in chunks of any size.  Each rule is reported once, at
 * its first occurrence.  The struct is large (a 64 KiB window): the
 * caller allocates it, with content_stream_new(), or embeds it.
 */
struct content_stream {
	unsigned		 what;
	uint64_t		 pos;		/* bytes fed so far */
	size_t			 fill;		/* bytes held in WIN */
	struct content_match	 match[CONTENT_MATCH_MAX];
	size_t			 nmatch;
	uint32_t		 seen;		/* rule bits */
	char			 win[CONTENT_TAIL + CONTENT_SLICE];
};

/* Result must be passed to content_stream_free(). */
struct content_stream	*content_stream_new(unsigned what);
void	content_stream_free(struct content_stream *);
void	content_stream_init(struct content_stream *, unsigned what);
/* Feed the next LEN bytes of the file. */
void	content_stream_feed(struct content_stream *, const void *buf,
	    size_t len);
/*
 * The file ended: look at what was held back.  Returns the number of
 * matches, in S->match, in file order.
 */
size_t	content_stream_finish(struct content_stream *);

/*
 * The miner rules over one buffer that is the whole text (a command
 * line, a unit file, a script).  Up to MAX matches go to OUT, in offset
 * order; returns how many rules matched, which may be more than MAX.
 */
size_t	miner_scan(const void *buf, size_t len, struct content_match *out,
	    size_t max);

#define WEBSHELL_SCAN_MAX	(1024 * 1024)
/* Lines within which request input assigned to a variable is followed. */
#define WEBSHELL_TAINT_LINES	50

/*
 * The webshell rules over BUF (LEN bytes, the file's first; at most
 * WEBSHELL_SCAN_MAX are looked at).  NAME (the file's name or path,
 * NUL-terminated, may be NULL) decides the image polyglot rule: a .jpg,
 * .jpeg, .png, .gif, .ico, .bmp or .webp holding "<?php" or "<?=" code.
 * Every language's rules run whatever the name says.  Each rule
 * matches once, its worst instance first; up to MAX matches go to OUT.
 * Returns how many rules matched.
 */
size_t	webshell_scan(const char *name, const void *buf, size_t len,
	    struct content_match *out, size_t max);

/* Whether NAME ends in an image extension (case-insensitive). */
bool	content_is_image_name(const char *name);

#endif
