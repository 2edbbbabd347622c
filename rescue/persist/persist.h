/*
 * persist.h - what the persistence analyzer's scanners share: each scanner
 * (cron.c, systemd.c, boot.c, ssh.c, accounts.c) walks one family of
 * mechanisms an intruder uses to come back, reports every entry as a
 * record and the suspicious ones as findings, through these helpers
 *
 * The analyzer (analyzers/persistence.c) owns struct persist and runs
 * the scanners in turn; no scanner knows another.
 */
#ifndef RESCUE_PERSIST_H
#define RESCUE_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzers/analyzer.h"
#include "rules/cmdrules.h"

/* The areas whose command lines the intrusion rules judge. */
enum persist_area {
	AREA_CRON,	/* cron.<rule>: crontabs, anacrontab, at jobs */
	AREA_UNIT,	/* unit.<rule>: systemd Exec* lines, generators */
	AREA_RC,	/* rc.<rule>: init scripts, rc.local, profiles, motd,
			   APT hooks, udev RUN, modprobe install lines */
	AREA__COUNT
};

/* An account of the server, as the scanners need it. */
struct persist_account {
	char		*name;
	char		*home;
	char		*shell;
	uint32_t	 uid, gid;
	bool		 login_shell;
};

struct persist {
	struct actx		*ax;
	struct persist_account	*accounts;	/* from /etc/passwd */
	size_t			 naccounts;
	/*
	 * Every file whose inode the scanners have read, so a file reached
	 * twice (a symlink in .wants, a hard link) is judged once.
	 */
	struct fsr_nodeset	*seen;
};

/*
 * Judge COMMAND (LEN bytes) found at PATH:LINE by the intrusion rules;
 * each rule that fires is a finding "<area>.<rule>" with the command as
 * evidence and DETAIL (may be NULL) saying what ran it ("cron job of
 * root, every 5 minutes").  TIME is the file's mtime.  Returns the
 * highest severity that fired, or -1.
 */
int	persist_judge(struct persist *, enum persist_area, const char *path,
	    long line, int64_t time, const char *command, size_t len,
	    const char *detail);

/*
 * Whether the program a command runs (its first word after the rules'
 * prefixes) or any absolute path in it lies in a temporary or hidden
 * place: reported as "<area>.temp_exec" by persist_judge already; this
 * lets a scanner say so of a path it got otherwise (an ExecStart path).
 */
bool	persist_temp_path(const char *path);

/*
 * Whether ST's mtime, ctime or birth time falls in the analysis window
 * (--since/--until); false when no window was given.  A persistence
 * file changed in the window is a finding of its own (persist.changed).
 */
bool	persist_in_window(const struct persist *, const struct fsr_stat *);

/* Report PATH as changed in the window when it was (see above). */
void	persist_changed(struct persist *, const char *path,
	    const struct fsr_stat *, const char *what);

/*
 * Every regular file (symlinks followed inside the server) directly in
 * DIR, sorted by name, for FN; hidden files too (an intruder's
 * .placeholder in cron.d runs).  Returns 0 or -errno for DIR itself.
 */
typedef void persist_file_fn(struct persist *, const char *path,
	    const struct fsr_stat *, void *arg);
int	persist_each_file(struct persist *, const char *dir, persist_file_fn *,
	    void *arg);

/* The scanners, in the order the analyzer runs them. */
void	persist_cron(struct persist *);
void	persist_systemd(struct persist *);
void	persist_boot(struct persist *);		/* SysV, rc, profiles... */
void	persist_ssh(struct persist *);
void	persist_accounts(struct persist *);

#endif
