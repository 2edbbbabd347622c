/*
 * cmdrules.h - whether a shell command line is what an intruder runs:
 * one judgment for every history line, cron job, unit ExecStart, rc
 * and profile script line
 *
 * The line is lexed as a shell would (rules/shlex.h), so a pattern in
 * a quoted echo or grep argument does not fire, while what bash -c,
 * sh -c, su -c, eval, $( ), ` ` and <( ) run is judged in turn, to a
 * bounded depth.  Programs are compared by basename after prefixes such
 * as sudo, env, nohup, timeout, busybox and exec.  The rules, their
 * names and severities live in rules/cmdrules.def.  Nothing is
 * allocated and there is no I/O; any bytes may come in.
 */
#ifndef RESCUE_CMDRULES_H
#define RESCUE_CMDRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report.h"

enum cmd_rule {
#define RULE(id, name, sev, summary) CMDRULE_##id,
#include "rules/cmdrules.def"
#undef RULE
	CMDRULE__COUNT
};

struct cmd_match {
	enum cmd_rule	 rule;
	size_t		 off, len;	/* span of the input that fired it */
	const char	*detail;	/* static: what was seen */
};

/*
 * Judge LINE (LEN bytes, no NUL needed; a history line, a cron command,
 * several lines of a script are all fine).  Each rule matches at most
 * once, with its most telling instance; up to MAX matches are written
 * to OUT in rule order.  Returns how many rules matched, which may be
 * more than MAX.  Spans lie within LINE; when the match was inside a
 * dequoted string (bash -c "..."), the span is that whole word.
 */
size_t	cmd_judge(const char *line, size_t len, struct cmd_match *out,
	    size_t max);

/* The rule's name ("download_exec"), severity and summary sentence. */
const char	*cmd_rule_name(enum cmd_rule);
enum severity	 cmd_rule_severity(enum cmd_rule);
const char	*cmd_rule_summary(enum cmd_rule);

/*
 * Whether PATH (NUL-terminated) is under /tmp, /var/tmp, /dev/shm,
 * /run/shm or /dev/mqueue, or is absolute with a component that starts
 * with '.' (other than . and .. and well-known dot directories such as
 * .local, .cargo, .git): /usr/lib/.x/, /root/.configrc/.
 */
bool	cmd_is_temp_path(const char *path);

/*
 * cmd_is_temp_path(), or a dot directory in a system place (/usr, /etc,
 * /lib, /opt, /var...) where no program keeps one: /usr/local/lib/.cache/.
 */
bool	cmd_is_shady_path(const char *path);

/*
 * Whether HOST (NUL-terminated, as in a URL, IPv6 in brackets or not)
 * is an address rather than a name: dotted IPv4 in any form inet_aton
 * takes (3232235777, 0x7f.1) or IPv6.
 */
bool	host_is_raw_ip(const char *host);

/* A URL inside a text: the whole of it and its host, as offsets. */
struct cmd_url {
	size_t		 off, len;
	size_t		 host_off, host_len;	/* brackets of IPv6 kept */
	size_t		 scheme_len;		/* "http" in "http://" */
};

/*
 * The first URL ("scheme://...") in S (LEN bytes) at or after *POS;
 * *POS moves past it.  Returns false when there is none.
 */
bool	cmd_url_next(const char *s, size_t len, size_t *pos,
	    struct cmd_url *);

#endif
