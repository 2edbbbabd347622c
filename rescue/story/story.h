/*
 * story.h - the story of an attack, told from what the analyzers said:
 * attack windows, findings joined into one piece of evidence each, a
 * verdict with its facts, and what to do next
 *
 * The story hears every finding and record through the report's taps
 * (story_tap_finding, story_tap_record), keeps its own copies, and is
 * built once all analyzers have run.  It never reads the server itself
 * and never formats: the report writers print struct story.
 */
#ifndef RESCUE_STORY_H
#define RESCUE_STORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"

/* Caps: a server of a million history lines costs bounded memory. */
#define STORY_MAX_ITEMS		20000	/* per kind (logins, commands...) */
#define STORY_MAX_FINDINGS	5000
#define STORY_MAX_WINDOWS	8
#define STORY_MAX_REASONS	6
#define STORY_MAX_REFS		24	/* refs of one joined finding */
#define STORY_MAX_FACTS		5
#define STORY_MAX_STEPS		10
/* Seeds closer than this make one window. */
#define STORY_GAP		(2 * 3600)
/* Failures from one address that make a brute force. */
#define STORY_BURST		10

enum story_verdict { STORY_CLEAN, STORY_SUSPICIOUS, STORY_COMPROMISED };

/* A login: a session (wtmp, lastlog) or an accepted authentication. */
struct story_login {
	char		*user, *host, *tty, *source;
	int64_t		 start, end;	/* end TIME_NONE: never ended */
	bool		 open;		/* still logged in at shutdown */
	bool		 merged;	/* story_merge_logins(): a repeat */
};

/* Failed logins from one address. */
struct story_burst {
	char		*host, *users;
	long		 attempts;
	int64_t		 first, last;
};

struct story_cmd {
	char		*user, *text, *source;
	long		 line;
	int64_t		 time;
};

/* A file created or changed, and what says so. */
struct story_file {
	char		*path, *what;
	int64_t		 time;
};

/* A finding as heard, copied. */
struct story_finding {
	enum check_id	 id;
	enum severity	 sev;
	char		*path, *evidence, *detail;
	long		 line;
	int64_t		 time;
};

struct story_window {
	int64_t		 start, end;
	bool		 open;		/* a session in it never ended */
	bool		 given;		/* --since/--until */
	char		*reason[STORY_MAX_REASONS];
	size_t		 nreason;
};

/* A finding built from others: report_finding() with these refs. */
struct story_join {
	enum check_id	 id;
	char		*subject;	/* the path, address or user */
	char		*evidence, *detail;
	int64_t		 time;
	struct fref	 refs[STORY_MAX_REFS];
	size_t		 nrefs, more;	/* more: refs left out */
	bool		 in_window;
};

struct story {
	struct story_login	*logins;
	size_t			 nlogins;
	struct story_burst	*bursts;
	size_t			 nbursts;
	struct story_cmd	*cmds;
	size_t			 ncmds;
	struct story_file	*files;
	size_t			 nfiles;
	struct story_finding	*findings;
	size_t			 nfindings;
	char			**root_users;	/* uid 0 accounts */
	size_t			 nroot_users;
	char			**users;	/* every account */
	size_t			 nusers;
	size_t			 dropped;	/* items past the caps */

	struct story_window	 windows[STORY_MAX_WINDOWS];
	size_t			 nwindows;
	struct story_join	*joins;
	size_t			 njoins;
	enum story_verdict	 verdict;
	char			*facts[STORY_MAX_FACTS];
	size_t			 nfacts;
	char			*steps[STORY_MAX_STEPS];
	size_t			 nsteps;
	const char		*target;	/* the export command line */
	char			**pool;		/* strings refs point to */
	size_t			 npool;
};

/* Result must be passed to story_free(). */
struct story	*story_new(void);
void		 story_free(struct story *);

/* Taps for report_set_tap() and report_set_record_tap(); ARG a story. */
void	story_tap_finding(const struct finding *, void *arg);
void	story_tap_record(const struct record *, void *arg);

/*
 * The file-change hook: PATH (inside the server) was created, changed
 * or deleted at TIME; WHAT says which and how it is known ("created",
 * "changed: mtime").  A timeline analyzer calls it for the files inside
 * the windows; until there is one, story_tap_finding() calls it for
 * every finding with a path and a time.  Strings are copied.
 */
void	story_file_change(struct story *, const char *path, int64_t time,
	    const char *what);

/*
 * Derive everything from what was heard: windows (SINCE/UNTIL, when not
 * TIME_NONE, replace them), joins, verdict, facts, next steps.
 */
void	story_build(struct story *, int64_t since, int64_t until);

/* The same login from several sources kept once (story_windows() does). */
void	story_merge_logins(struct story *);

/* The parts of story_build(), in its order; each may be run alone. */
void	story_windows(struct story *, int64_t since, int64_t until);
void	story_join(struct story *);
void	story_verdict(struct story *);
void	story_next(struct story *);

/* One line of a window's timeline; strings borrowed from the story. */
enum story_ev_kind { STORY_EV_FAILED, STORY_EV_LOGIN, STORY_EV_COMMAND,
    STORY_EV_FILE };

struct story_event {
	enum story_ev_kind	 kind;
	int64_t			 time, end;	/* end: failures, sessions */
	const char		*who;		/* user, or the address */
	const char		*what;		/* command, path, users */
	const char		*where;		/* address, tty, source */
	long			 count;		/* failures */
	bool			 open;
};

#define STORY_EV_MAX	2000	/* events of one window */

/*
 * The events of W in time order (and *MORE left out past STORY_EV_MAX).
 * Result must be passed to free(); NULL with *N 0 if none.
 */
struct story_event *story_events(const struct story *,
	    const struct story_window *w, size_t *n, size_t *more);
const char	*story_ev_name(enum story_ev_kind);

/* Hand the joined findings and then the story to the report's writer. */
void	story_report(const struct story *, struct report *);

const char	*story_verdict_name(enum story_verdict);
/* The window holding T, or NULL. */
const struct story_window *story_window_at(const struct story *, int64_t t);

/*
 * Helpers the parts share.  story_mentions: NEEDLE occurs in HAY as a
 * whole token, not inside a longer name, address or path (NAMECHARS:
 * the bytes a token may continue with).
 */
bool	story_mentions(const char *hay, const char *needle,
	    const char *namechars);
char	*story_printf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* As story_printf, the string owned by the story (freed with it). */
const char *story_pooled(struct story *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
