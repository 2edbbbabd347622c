/*
 * fuzz_content.c - libFuzzer target for the miner and webshell rules.
 * The first byte picks a chunk size and a file name; the rest is the
 * file.  The miner rules run over it whole and streamed in chunks, each
 * from a buffer of its own exact size, and must agree; the webshell
 * rules run over it as an image and as a script, and the rootkit list
 * reader reads it, each entry matched against a path and itself.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/content.h"
#include "rules/rootkits.h"

static int
entry(const struct rootkit_entry *e, void *arg)
{
	char	path[64];
	size_t	n = e->path_len < sizeof(path) - 1 ? e->path_len :
		    sizeof(path) - 1;

	(void)arg;
	if (e->path_len == 0 || e->family_len == 0 || e->source_len == 0)
		abort();
	memcpy(path, e->path, n);
	path[n] = '\0';
	if (n == e->path_len && memchr(path, '\0', n) == NULL &&
	    rootkit_match(e, 1, path) != e)
		abort();
	(void)rootkit_match(e, 1, "/usr/lib/x");
	return 0;
}

static void
check(const struct content_match *m, size_t n, size_t max, size_t len)
{
	size_t	i;

	for (i = 0; i < n && i < max; i++)
		if ((unsigned)m[i].rule >= CONTENT_RULE_COUNT ||
		    m[i].off >= (len ? len : 1) ||
		    m[i].excerpt_len > CONTENT_EXCERPT_LEN ||
		    m[i].excerpt_len > len || m[i].detail == NULL ||
		    (i > 0 && m[i - 1].off > m[i].off))
			abort();
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "a.php", "b.jpg", NULL,
	    "shell.PNG" };
	struct content_match	 whole[CONTENT_MATCH_MAX];
	struct content_stream	*st;
	size_t			 len, n, nw, step, i, k, pad = 0;
	uint8_t			*p, *big = NULL;
	unsigned		 sel;

	if (size < 1)
		return 0;
	/* Bytes one by one, small pieces, and the usual 4 KiB and up. */
	sel = data[0];
	step = (sel & 0x7f) < 32 ? 1 + (size_t)(sel & 0x7f) / 4 :
	    (size_t)((sel & 0x7f) - 31) * 67;
	data++;
	len = size - 1;

	/*
	 * The stream scans when its window is full: half the inputs are
	 * put behind blanks so that a window ends inside them.
	 */
	if (sel & 0x80) {
		pad = CONTENT_SLICE + CONTENT_TAIL - 1 - sel % 97;
		if ((big = malloc(pad + len)) == NULL)
			return 0;
		memset(big, ' ', pad);
		memcpy(big + pad, data, len);
		data = big;
		len += pad;
	}
	if ((p = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(p, data, len);
	nw = miner_scan(p, len, whole, CONTENT_MATCH_MAX);
	check(whole, nw, CONTENT_MATCH_MAX, len);
	n = webshell_scan(names[sel & 3], p, len, whole + 0, 0);
	(void)n;
	free(p);

	st = content_stream_new(CONTENT_MINER);
	for (i = 0; i < len; i += k) {
		k = big != NULL && i < pad ? pad - i : step;
		if (k > len - i)
			k = len - i;
		if ((p = malloc(k)) == NULL)
			abort();
		memcpy(p, data + i, k);
		content_stream_feed(st, p, k);
		free(p);
	}
	n = content_stream_finish(st);
	check(st->match, n, CONTENT_MATCH_MAX, len);
	/* Chunks change nothing. */
	if (n != nw)
		abort();
	for (i = 0; i < n; i++)
		if (st->match[i].rule != whole[i].rule ||
		    st->match[i].off != whole[i].off ||
		    st->match[i].sev != whole[i].sev)
			abort();
	content_stream_free(st);

	if ((p = malloc(len ? len : 1)) == NULL)
		return 0;
	memcpy(p, data, len);
	n = webshell_scan(names[sel & 3], p, len, whole,
	    CONTENT_MATCH_MAX);
	check(whole, n, CONTENT_MATCH_MAX, len);
	if (n > 0)
		(void)content_rule_name(whole[0].rule);
	if (rootkit_db_parse((const char *)p, len, entry, NULL) < 0)
		abort();
	free(p);
	free(big);
	return 0;
}
