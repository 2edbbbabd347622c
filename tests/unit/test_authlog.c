/*
 * test_authlog.c - auth.log, secure and messages lines: real ones from
 * Debian, Ubuntu, RHEL and the corpus, both stamps, the year across a
 * new year, and the lines an attacker would write
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "unit.h"
#include "rescue.h"
#include "parse/authlog.h"
#include "util/util.h"

/*
 * Parse S from a buffer of exactly its length, no NUL after it, so
 * that ASan sees any read past the line; msg is rebased onto S.
 */
static int
parse_in(const char *s, struct authlog_year *yr, struct authlog_event *ev)
{
	size_t	 len = strlen(s);
	char	*buf = malloc(len ? len : 1);
	int	 r;

	if (buf == NULL)
		abort();
	memcpy(buf, s, len);
	r = authlog_parse_line(buf, len, yr, ev);
	if (ev->msg != NULL)
		ev->msg = s + (ev->msg - buf);
	free(buf);
	return r;
}

static int
parse(const char *s, struct authlog_event *ev)
{
	return parse_in(s, NULL, ev);
}

static int64_t
utc(const char *iso)
{
	int64_t	t;

	if (time_parse(iso, &t) != 0)
		abort();
	return t;
}

TEST(authlog_ssh_accepted)
{
	struct authlog_event	ev;

	/* Debian 9 (s4 corpus) */
	ASSERT_INT(parse("Oct  3 21:57:44 host4b sshd[2506]: Accepted "
	    "publickey for root from 192.168.0.8 port 1366 ssh2: ED25519 "
	    "SHA256:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq", &ev), 0);
	ASSERT_STR(authlog_type_name(ev.type), "ssh.accepted");
	ASSERT_STR(ev.host, "host4b");
	ASSERT_STR(ev.program, "sshd");
	ASSERT_INT(ev.pid, 2506);
	ASSERT_STR(ev.method, "publickey");
	ASSERT_STR(ev.user, "root");
	ASSERT_STR(ev.addr, "192.168.0.8");
	ASSERT_INT(ev.port, 1366);
	ASSERT_STR(ev.keytype, "ED25519");
	ASSERT_STR(ev.key,
	    "SHA256:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq");
	ASSERT(!ev.invalid_user && !ev.preauth && !ev.truncated &&
	    !ev.ambiguous);
	ASSERT_INT(ev.mon, 10);
	ASSERT_INT(ev.mday, 3);
	ASSERT_INT(ev.time, TIME_NONE);		/* no year given */

	/* loghub OpenSSH: password, no key */
	ASSERT_INT(parse("Dec 10 09:32:20 LabSZ sshd[24680]: Accepted "
	    "password for fztu from 119.137.62.142 port 49116 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.user, "fztu");
	ASSERT_STR(ev.key, "");

	/* plaso: IPv6, two spaces before ssh2 */
	ASSERT_INT(parse("Mar 11 22:55:30 ubuntu2015 sshd[3]:  Accepted "
	    "password for plaso from 2001:0db8:0a0b:12f0:0000:0000:0000:0001 "
	    "port 42532  ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.addr, "2001:0db8:0a0b:12f0:0000:0000:0000:0001");

	/* Debian 12 default: RFC 3339; a mapped IPv4; PAM conversation */
	ASSERT_INT(parse("2026-11-20T09:24:11.123456+01:00 web1 sshd[812]: "
	    "Accepted keyboard-interactive/pam for bob from ::ffff:10.1.2.3 "
	    "port 2222 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.method, "keyboard-interactive/pam");
	ASSERT_STR(ev.addr, "::ffff:10.1.2.3");
	ASSERT_INT(ev.time, utc("2026-11-20T08:24:11Z"));

	/* OpenSSH >= 9.8 logs as sshd-session; UseDNS gives a name */
	ASSERT_INT(parse("2026-11-20T08:24:11Z web1 sshd-session[9]: "
	    "Accepted gssapi-with-mic for root from host-7.example.com port 22 "
	    "ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.addr, "host-7.example.com");

	/* A certificate: the ID and CA follow the key. */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[9]: Accepted publickey "
	    "for deploy from 198.51.100.7 port 40000 ssh2: ED25519-CERT "
	    "SHA256:aaaa ID ci-runner (serial 7) CA ED25519 SHA256:bbbb", &ev),
	    0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.user, "deploy");
	ASSERT_STR(ev.keytype, "ED25519-CERT");
	ASSERT_STR(ev.key, "SHA256:aaaa");

	/* hostbased */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[9]: Accepted hostbased "
	    "for backup from 198.51.100.8 port 40001 ssh2: RSA SHA256:cccc "
	    "client user \"backup\", client host \"nas\"", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.method, "hostbased");
	ASSERT_STR(ev.addr, "198.51.100.8");
}

TEST(authlog_ssh_failed)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Dec 10 06:55:48 LabSZ sshd[24200]: Failed password "
	    "for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT_STR(ev.user, "webmaster");
	ASSERT(ev.invalid_user);
	ASSERT_STR(ev.addr, "173.234.31.186");
	ASSERT_INT(ev.port, 38926);
	ASSERT_INT(ev.count, 1);

	ASSERT_INT(parse("Sep 18 07:00:12 host4b sshd[1492]: Failed password "
	    "for root from 192.168.0.120 port 1492 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT(!ev.invalid_user);

	/* plaso: no "ssh2" at all */
	ASSERT_INT(parse("Mar 11 22:55:30 ubuntu2015 sshd[3]:  Failed "
	    "publickey for plaso from 001:db8:a0b:12f0::1 port 8759", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT_STR(ev.method, "publickey");
	ASSERT_STR(ev.addr, "001:db8:a0b:12f0::1");

	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[5]: Failed none for "
	    "invalid user guest from 203.0.113.50 port 51000 ssh2 [preauth]",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT_STR(ev.method, "none");
	ASSERT(ev.preauth);

	/* rsyslog folds repeats: the N more failures count */
	ASSERT_INT(parse("Dec 10 07:13:56 LabSZ sshd[24227]: message repeated "
	    "5 times: [ Failed password for root from 5.36.59.76 port 42393 "
	    "ssh2]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT_INT(ev.count, 5);
	ASSERT_STR(ev.user, "root");
	ASSERT_INT(ev.port, 42393);
	ASSERT(strncmp(ev.msg, "message repeated", 16) == 0);

	/* Partial and Postponed are steps, not outcomes. */
	ASSERT_INT(parse("Oct  3 21:52:12 host4b sshd[1295]: Postponed "
	    "publickey for root from 192.168.0.8 port 1366 ssh2 [preauth]",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_STR(ev.user, "");
}

TEST(authlog_ssh_invalid_user)
{
	struct authlog_event	ev;

	/* OpenSSH >= 7.5 */
	ASSERT_INT(parse("Oct  8 19:49:59 rockylinux-s-1vcpu-512mb-10gb-nyc1-01"
	    " sshd[4946]: Invalid user support from 192.168.0.11 port 26768",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_INVALID_USER);
	ASSERT_STR(ev.host, "rockylinux-s-1vcpu-512mb-10gb-nyc1-01");
	ASSERT_STR(ev.user, "support");
	ASSERT_INT(ev.port, 26768);
	ASSERT(ev.invalid_user);
	/* before, no port */
	ASSERT_INT(parse("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user "
	    "webmaster from 173.234.31.186", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_INVALID_USER);
	ASSERT_STR(ev.addr, "173.234.31.186");
	ASSERT_INT(ev.port, -1);
	/* an empty user name */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[5]: Invalid user  from "
	    "203.0.113.5 port 4000", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_INVALID_USER);
	ASSERT_STR(ev.user, "");
}

TEST(authlog_ssh_closed)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Oct  8 19:49:59 rockylinux-s-1vcpu-512mb-10gb-nyc1-01"
	    " sshd[4946]: Connection closed by invalid user support "
	    "192.168.0.11 port 26768 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_CLOSED);
	ASSERT_STR(ev.user, "support");
	ASSERT(ev.invalid_user && ev.preauth);
	ASSERT_STR(ev.addr, "192.168.0.11");
	ASSERT_INT(ev.port, 26768);

	ASSERT_INT(parse("Oct  3 21:52:14 host4b sshd[1295]: Connection "
	    "closed by authenticating user root 192.168.0.8 port 1366 "
	    "[preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_CLOSED);
	ASSERT_STR(ev.user, "root");
	ASSERT(!ev.invalid_user);

	ASSERT_INT(parse("Dec 15 03:08:57 eggbert sshd[2807]: Connection "
	    "closed by ::1 port 44346 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_CLOSED);
	ASSERT_STR(ev.user, "");
	ASSERT_STR(ev.addr, "::1");

	/* before 7.5: no port */
	ASSERT_INT(parse("Dec 10 07:02:47 LabSZ sshd[24203]: Connection "
	    "closed by 212.47.254.145 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_CLOSED);
	ASSERT_INT(ev.port, -1);

	/* "kex_exchange_identification: Connection closed by remote host" */
	ASSERT_INT(parse("Oct  8 07:08:01 r sshd[3935]: error: "
	    "kex_exchange_identification: Connection closed by remote host",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);

	/* repeated, with the inner "[preauth]" before rsyslog's "]" */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[5]: message repeated 2 "
	    "times: [ Connection closed by 203.0.113.5 port 22 [preauth]]",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_CLOSED);
	ASSERT_INT(ev.count, 2);
	ASSERT(ev.preauth);
}

TEST(authlog_ssh_disconnected)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Nov 20 09:02:11 web1 sshd[812]: Disconnected from "
	    "user alice 203.0.113.9 port 50122", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_DISCONNECTED);
	ASSERT_STR(ev.user, "alice");
	ASSERT_STR(ev.addr, "203.0.113.9");
	ASSERT_INT(ev.port, 50122);
	ASSERT(!ev.preauth);

	ASSERT_INT(parse("Sep 18 07:00:27 host4b sshd[1492]: Disconnected from "
	    "invalid user gnat 192.168.0.61 port 1492 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_DISCONNECTED);
	ASSERT_STR(ev.user, "gnat");
	ASSERT(ev.invalid_user && ev.preauth);

	ASSERT_INT(parse("Sep 18 07:00:13 host4b sshd[1492]: Disconnected from "
	    "authenticating user root 192.168.0.120 port 1492 [preauth]", &ev),
	    0);
	ASSERT_STR(ev.user, "root");

	ASSERT_INT(parse("Dec 15 03:09:05 eggbert sshd[1814]: Disconnected "
	    "from 192.168.100.254 port 51220", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_DISCONNECTED);
	ASSERT_STR(ev.user, "");

	/* A user name with spaces: the address is the last word. */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[5]: Disconnected from "
	    "invalid user a b 1.2.3.4 port 9 c 203.0.113.5 port 22 [preauth]",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_DISCONNECTED);
	ASSERT_STR(ev.user, "a b 1.2.3.4 port 9 c");
	ASSERT_STR(ev.addr, "203.0.113.5");
	ASSERT_INT(ev.port, 22);
}

TEST(authlog_ssh_max_auth_listen_stop)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Oct  8 06:19:48 localhost sshd[26768]: error: "
	    "maximum authentication attempts exceeded for root from "
	    "192.168.0.8 port 26768 ssh2 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_MAX_AUTH);
	ASSERT_STR(ev.user, "root");
	ASSERT_STR(ev.addr, "192.168.0.8");
	ASSERT(ev.preauth);
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[5]: error: maximum "
	    "authentication attempts exceeded for invalid user admin from "
	    "203.0.113.5 port 22 ssh2 [preauth]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_MAX_AUTH);
	ASSERT(ev.invalid_user);
	ASSERT_STR(ev.user, "admin");

	ASSERT_INT(parse("May  6 21:19:43 eggbert sshd[1024]: Server "
	    "listening on :: port 22.", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_LISTEN);
	ASSERT_STR(ev.addr, "::");
	ASSERT_INT(ev.port, 22);
	ASSERT_INT(parse("Oct  8 06:18:38 localhost sshd[925]: Server "
	    "listening on 192.168.0.0 port 22.", &ev), 0);
	ASSERT_STR(ev.addr, "192.168.0.0");

	ASSERT_INT(parse("Oct  8 06:18:39 localhost sshd[925]: Received "
	    "signal 15; terminating.", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_STOP);
	ASSERT_INT(ev.pid, 925);
}

TEST(authlog_pam_session)
{
	struct authlog_event	ev;

	/* Linux-PAM >= 1.5 (Debian 12, RHEL 9) */
	ASSERT_INT(parse("Oct  3 21:53:00 host4b sshd[1299]: pam_unix(sshd:"
	    "session): session opened for user root(uid=0) by (uid=0)", &ev),
	    0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_OPEN);
	ASSERT_STR(ev.service, "sshd");
	ASSERT_STR(ev.user, "root");
	ASSERT_INT(ev.uid, 0);
	ASSERT_STR(ev.by_user, "");
	ASSERT_INT(ev.by_uid, 0);

	ASSERT_INT(parse("Nov 20 08:31:02 web1 su[4242]: pam_unix(su-l:"
	    "session): session opened for user root(uid=0) by alice(uid=1000)",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_OPEN);
	ASSERT_STR(ev.service, "su-l");
	ASSERT_STR(ev.user, "root");
	ASSERT_STR(ev.by_user, "alice");
	ASSERT_INT(ev.by_uid, 1000);

	/* CentOS 7: no uid after the user */
	ASSERT_INT(parse("Dec 15 03:09:42 eggbert sudo: pam_unix(sudo-i:"
	    "session): session opened for user user1 by root(uid=0)", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_OPEN);
	ASSERT_STR(ev.program, "sudo");
	ASSERT_INT(ev.pid, -1);
	ASSERT_STR(ev.user, "user1");
	ASSERT_INT(ev.uid, -1);
	ASSERT_STR(ev.by_user, "root");
	ASSERT_INT(parse("May 10 00:34:56 eggbert login: pam_unix(login:"
	    "session): session opened for user root by LOGIN(uid=0)", &ev), 0);
	ASSERT_STR(ev.by_user, "LOGIN");

	/* RHEL 4 (loghub Linux): the module in the tag */
	ASSERT_INT(parse("Jun 15 04:06:18 combo su(pam_unix)[21416]: session "
	    "opened for user cyrus by (uid=0)", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_OPEN);
	ASSERT_STR(ev.program, "su(pam_unix)");
	ASSERT_STR(ev.service, "su");
	ASSERT_STR(ev.user, "cyrus");

	ASSERT_INT(parse("Dec 15 03:09:05 eggbert sshd[1814]: pam_unix(sshd:"
	    "session): session closed for user root", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_CLOSE);
	ASSERT_STR(ev.user, "root");
	ASSERT_INT(parse("Jun 15 04:06:19 combo su(pam_unix)[21416]: session "
	    "closed for user cyrus", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_SESSION_CLOSE);
}

TEST(authlog_pam_auth_fail)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Dec 10 07:27:50 LabSZ sshd[24235]: pam_unix(sshd:"
	    "auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
	    "ruser= rhost=112.95.230.3  user=root", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_AUTH_FAIL);
	ASSERT_STR(ev.service, "sshd");
	ASSERT_STR(ev.addr, "112.95.230.3");
	ASSERT_STR(ev.user, "root");
	ASSERT_STR(ev.tty, "ssh");
	ASSERT_INT(ev.by_uid, 0);

	/* a host name, and no user (an unknown one) */
	ASSERT_INT(parse("Sep 18 07:00:21 host4b sshd[1492]: pam_unix(sshd:"
	    "auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
	    "ruser= rhost=192.168.0.61 ", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_AUTH_FAIL);
	ASSERT_STR(ev.user, "");

	ASSERT_INT(parse("Jun 15 02:04:59 combo sshd(pam_unix)[20882]: "
	    "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
	    " rhost=220-135-151-1.hinet-ip.hinet.net  user=root", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_AUTH_FAIL);
	ASSERT_STR(ev.service, "sshd");
	ASSERT_STR(ev.addr, "220-135-151-1.hinet-ip.hinet.net");

	ASSERT_INT(parse("Dec 10 07:13:56 LabSZ sshd[24227]: PAM 5 more "
	    "authentication failures; logname= uid=0 euid=0 tty=ssh ruser= "
	    "rhost=5.36.59.76.dynamic-dsl-ip.omantel.net.om  user=root", &ev),
	    0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_AUTH_FAIL);
	ASSERT_INT(ev.count, 5);
	ASSERT_STR(ev.user, "root");

	/* sudo asking for a password: logname is who typed it */
	ASSERT_INT(parse("Nov 20 08:30:01 web1 sudo[4100]: pam_unix(sudo:auth):"
	    " authentication failure; logname=alice uid=1000 euid=0 "
	    "tty=/dev/pts/0 ruser=alice rhost=  user=alice", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PAM_AUTH_FAIL);
	ASSERT_STR(ev.by_user, "alice");
	ASSERT_INT(ev.by_uid, 1000);
	ASSERT_STR(ev.tty, "/dev/pts/0");
	ASSERT_STR(ev.addr, "");

	/* the other pam_unix lines are no event */
	ASSERT_INT(parse("Sep 18 07:00:21 host4b sshd[1492]: pam_unix(sshd:"
	    "auth): check pass; user unknown", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_STR(ev.service, "");
}

TEST(authlog_password_changed)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Dec 15 03:10:09 eggbert passwd: pam_unix(passwd:"
	    "chauthtok): password changed for user1", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PASSWORD_CHANGED);
	ASSERT_STR(ev.service, "passwd");
	ASSERT_STR(ev.user, "user1");
	ASSERT_INT(parse("2026-11-20T08:40:00.000000+00:00 web1 chpasswd[5000]:"
	    " pam_unix(chpasswd:chauthtok): password changed for mallory", &ev),
	    0);
	ASSERT_INT(ev.type, AUTHLOG_PASSWORD_CHANGED);
	ASSERT_STR(ev.service, "chpasswd");
	ASSERT_STR(ev.user, "mallory");
	/* shadow's passwd without PAM */
	ASSERT_INT(parse("Nov 20 08:40:00 web1 passwd[5001]: password for "
	    "'mallory' changed by 'root'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_PASSWORD_CHANGED);
	ASSERT_STR(ev.user, "mallory");
	ASSERT_STR(ev.by_user, "root");
}

TEST(authlog_sudo)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Dec 15 03:09:42 eggbert sudo:    root : TTY=pts/0 ; "
	    "PWD=/var/log ; USER=user1 ; COMMAND=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_COMMAND);
	ASSERT_STR(ev.user, "root");
	ASSERT_STR(ev.tty, "pts/0");
	ASSERT_STR(ev.pwd, "/var/log");
	ASSERT_STR(ev.target_user, "user1");
	ASSERT_STR(ev.command, "/bin/bash");

	/* sudo 1.9: TSID and ENV; the arguments may hold " ; " */
	ASSERT_INT(parse("2026-11-20T08:31:02.000000+00:00 web1 sudo[4100]:   "
	    "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; TSID=000001 ; "
	    "ENV=A=1 ; COMMAND=/usr/bin/sh -c id ; curl x | sh", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_COMMAND);
	ASSERT_STR(ev.command, "/usr/bin/sh -c id ; curl x | sh");
	ASSERT_STR(ev.target_user, "root");

	ASSERT_INT(parse("Nov 20 08:30:05 web1 sudo[4100]:    alice : 3 "
	    "incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; "
	    "USER=root ; COMMAND=/usr/bin/id", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_BAD_PASSWORD);
	ASSERT_INT(ev.count, 3);
	ASSERT_STR(ev.command, "/usr/bin/id");
	ASSERT_INT(parse("Nov 20 08:30:05 web1 sudo[4100]:    alice : 1 "
	    "incorrect password attempt ; TTY=pts/0 ; PWD=/ ; USER=root ; "
	    "COMMAND=/usr/bin/id", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_BAD_PASSWORD);
	ASSERT_INT(ev.count, 1);

	ASSERT_INT(parse("Nov 20 08:30:09 web1 sudo[4101]:      bob : user NOT "
	    "in sudoers ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; "
	    "COMMAND=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_NOT_SUDOERS);
	ASSERT_STR(ev.user, "bob");

	ASSERT_INT(parse("Nov 20 08:30:09 web1 sudo[4101]:      bob : command "
	    "not allowed ; TTY=pts/1 ; PWD=/home/bob ; USER=root ; "
	    "COMMAND=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_REFUSED);

	/* a directory named to forge fields */
	ASSERT_INT(parse("Nov 20 08:30:09 web1 sudo[4101]:    alice : "
	    "TTY=pts/1 ; PWD=/tmp/x ; TTY=pts/9 ; USER=root ; "
	    "COMMAND=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_COMMAND);
	ASSERT_STR(ev.tty, "pts/1");
	ASSERT_STR(ev.pwd, "/tmp/x ; TTY=pts/9");
	ASSERT(!ev.ambiguous);
	/* ... or a directory or a command: which one cannot be told */
	ASSERT_INT(parse("Nov 20 08:30:09 web1 sudo[4101]:    alice : "
	    "TTY=pts/1 ; PWD=/tmp ; USER=nobody ; COMMAND=/bin/true ; "
	    "USER=root ; COMMAND=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SUDO_COMMAND);
	ASSERT(ev.ambiguous);
	ASSERT_STR(ev.target_user, "nobody");
	ASSERT_STR(ev.command, "/bin/true ; USER=root ; COMMAND=/bin/bash");

	/* sudo splits long lines; the rest is no event */
	ASSERT_INT(parse("Nov 20 08:30:09 web1 sudo[4101]:    alice : (command "
	    "continued) more args", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_STR(ev.user, "");
}

TEST(authlog_su)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Nov 20 08:31:02 web1 su[4242]: (to root) alice on "
	    "pts/0", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SU);
	ASSERT_STR(ev.user, "alice");
	ASSERT_STR(ev.target_user, "root");
	ASSERT_STR(ev.tty, "pts/0");
	ASSERT_INT(parse("Nov 20 08:31:09 web1 su[4243]: FAILED SU (to root) "
	    "alice on pts/0", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SU_FAILED);
	ASSERT_STR(ev.user, "alice");
	ASSERT_STR(ev.target_user, "root");
	/* shadow's su (older Debian) */
	ASSERT_INT(parse("Nov 20 08:31:02 web1 su[4242]: Successful su for "
	    "root by alice", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SU);
	ASSERT_STR(ev.target_user, "root");
	ASSERT_STR(ev.user, "alice");
	ASSERT_INT(parse("Nov 20 08:31:02 web1 su[4242]: FAILED su for root "
	    "by alice", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SU_FAILED);
	ASSERT_INT(parse("Nov 20 08:31:02 web1 su[4242]: FAILED SU bogus",
	    &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
}

TEST(authlog_logind)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Oct  3 21:53:01 host4b systemd-logind[769]: New "
	    "session 1 of user root.", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_LOGIND_NEW_SESSION);
	ASSERT_STR(ev.session, "1");
	ASSERT_STR(ev.user, "root");
	ASSERT_INT(parse("Nov 20 08:00:00 web1 systemd-logind[500]: New "
	    "session c1 of user lightdm.", &ev), 0);
	ASSERT_STR(ev.session, "c1");
	ASSERT_STR(ev.user, "lightdm");
	ASSERT_INT(parse("Nov 20 09:02:11 web1 systemd-logind[500]: Removed "
	    "session 12.", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_LOGIND_REMOVED_SESSION);
	ASSERT_STR(ev.session, "12");
	ASSERT_INT(parse("Nov 20 09:02:11 web1 systemd-logind[500]: Session 12 "
	    "logged out. Waiting for processes to exit.", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
}

TEST(authlog_useradd_groupadd)
{
	struct authlog_event	ev;

	/* CentOS 7: no from= */
	ASSERT_INT(parse("Dec 15 03:09:33 eggbert useradd[3235]: new user: "
	    "name=user1, UID=1001, GID=1001, home=/home/user1, "
	    "shell=/bin/bash", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_ADD);
	ASSERT_STR(ev.user, "user1");
	ASSERT_INT(ev.uid, 1001);
	ASSERT_INT(ev.gid, 1001);
	ASSERT_STR(ev.home, "/home/user1");
	ASSERT_STR(ev.shell, "/bin/bash");
	ASSERT_STR(ev.tty, "");
	/* Rocky 9, Debian 12: from= */
	ASSERT_INT(parse("Oct  8 06:51:10 rockylinux-s-1vcpu-512mb-10gb-nyc1-01"
	    " useradd[3058]: new user: name=nginx, UID=986, GID=986, "
	    "home=/var/lib/nginx, shell=/sbin/nologin, from=none", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_ADD);
	ASSERT_STR(ev.shell, "/sbin/nologin");
	ASSERT_STR(ev.tty, "none");
	/* a uid 0 account, a home chosen to confuse */
	ASSERT_INT(parse("2026-11-20T08:35:00.000000+00:00 web1 useradd[5100]: "
	    "new user: name=sysbackup, UID=0, GID=0, home=/x, shell=/y, "
	    "shell=/bin/bash, from=/dev/pts/0", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_ADD);
	ASSERT_INT(ev.uid, 0);
	ASSERT_STR(ev.home, "/x, shell=/y");
	ASSERT_STR(ev.shell, "/bin/bash");
	ASSERT_STR(ev.tty, "/dev/pts/0");

	ASSERT_INT(parse("Oct  8 06:51:10 rockylinux-s-1vcpu-512mb-10gb-nyc1-01"
	    " groupadd[3051]: new group: name=nginx, GID=986", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_ADD);
	ASSERT_STR(ev.group, "nginx");
	ASSERT_INT(ev.gid, 986);
	/* the per-file lines would count the group twice */
	ASSERT_INT(parse("Oct  8 06:51:10 r groupadd[3051]: group added to "
	    "/etc/group: name=nginx, GID=986", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_INT(parse("Nov 20 09:00:00 web1 groupdel[5300]: group 'backup' "
	    "removed", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_DEL);
	ASSERT_STR(ev.group, "backup");
	ASSERT_INT(parse("Nov 20 09:00:00 web1 groupdel[5300]: group 'backup' "
	    "removed from /etc/group", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
}

TEST(authlog_usermod_userdel_gpasswd)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Nov 20 08:36:00 web1 usermod[5200]: add 'mallory' to "
	    "group 'sudo'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_MEMBER_ADD);
	ASSERT_STR(ev.user, "mallory");
	ASSERT_STR(ev.group, "sudo");
	ASSERT_INT(parse("Nov 20 08:36:00 web1 usermod[5200]: add 'mallory' to "
	    "shadow group 'sudo'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	/* shadow before 4.2 quoted `so' */
	ASSERT_INT(parse("Nov 20 08:36:00 web1 usermod[5200]: add `mallory' to "
	    "group `adm'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_MEMBER_ADD);
	ASSERT_STR(ev.group, "adm");

	ASSERT_INT(parse("Nov 20 08:36:01 web1 usermod[5201]: change user "
	    "'mallory' password", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_MOD);
	ASSERT_STR(ev.what, "password");
	ASSERT_INT(parse("Nov 20 08:36:01 web1 usermod[5201]: lock user "
	    "'bob' password", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_MOD);
	ASSERT_STR(ev.user, "bob");
	ASSERT_STR(ev.what, "lock");
	ASSERT_INT(parse("Nov 20 08:36:01 web1 usermod[5201]: unlock user "
	    "'bob' password", &ev), 0);
	ASSERT_STR(ev.what, "unlock");
	ASSERT_INT(parse("Nov 20 08:36:02 web1 usermod[5202]: change user "
	    "'mallory' UID from '1001' to '0'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_MOD);
	ASSERT_STR(ev.what, "UID");
	ASSERT_STR(ev.value, "0");
	ASSERT_INT(ev.uid, 0);
	ASSERT_INT(parse("Nov 20 08:36:02 web1 usermod[5202]: change user "
	    "'www-data' shell from '/usr/sbin/nologin' to '/bin/bash'", &ev),
	    0);
	ASSERT_STR(ev.what, "shell");
	ASSERT_STR(ev.value, "/bin/bash");
	ASSERT_INT(ev.uid, -1);
	ASSERT_INT(parse("Nov 20 08:36:02 web1 usermod[5202]: change user name "
	    "'bob' to 'b0b'", &ev), 0);
	ASSERT_STR(ev.what, "name");
	ASSERT_STR(ev.user, "bob");
	ASSERT_STR(ev.value, "b0b");
	ASSERT_INT(parse("Nov 20 08:36:02 web1 chsh[5203]: changed user 'bob' "
	    "shell to '/bin/zsh'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_MOD);
	ASSERT_STR(ev.value, "/bin/zsh");

	ASSERT_INT(parse("Nov 20 09:00:00 web1 userdel[5300]: delete user "
	    "'mallory'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_USER_DEL);
	ASSERT_STR(ev.user, "mallory");
	/* the format ends in '\n', which rsyslog may keep as #012 */
	ASSERT_INT(parse("Nov 20 09:00:00 web1 userdel[5300]: removed group "
	    "'mallory' owned by 'mallory'#012", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_DEL);
	ASSERT_STR(ev.group, "mallory");
	ASSERT_INT(parse("Nov 20 09:00:00 web1 userdel[5300]: delete 'mallory' "
	    "from group 'sudo'", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_MEMBER_DEL);
	ASSERT_STR(ev.group, "sudo");

	ASSERT_INT(parse("Nov 20 08:37:00 web1 gpasswd[5210]: user mallory "
	    "added by root to group docker", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_MEMBER_ADD);
	ASSERT_STR(ev.user, "mallory");
	ASSERT_STR(ev.by_user, "root");
	ASSERT_STR(ev.group, "docker");
	ASSERT_INT(parse("Nov 20 08:37:00 web1 gpasswd[5210]: user mallory "
	    "added by root to group docker in /etc/gshadow", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_INT(parse("Nov 20 08:37:00 web1 gpasswd[5210]: user mallory "
	    "removed by root from group docker", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_GROUP_MEMBER_DEL);
	/* the same words from another program are no event */
	ASSERT_INT(parse("Nov 20 08:37:00 web1 logger: user mallory added by "
	    "root to group docker", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
}

TEST(authlog_other_and_headers)
{
	struct authlog_event	ev;

	ASSERT_INT(parse("Jan 22 07:53:01 myhostname.myhost.com CRON[31051]: "
	    "(root) CMD (touch /var/run/crond.somecheck)", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_STR(ev.program, "CRON");
	ASSERT_INT(ev.pid, 31051);
	ASSERT(ev.msglen == 43 && memcmp(ev.msg, "(root) CMD", 10) == 0);

	/* rsyslog leaves out the host of some kernel lines */
	ASSERT_INT(parse("Nov 18 08:30:20 kernel: [997.390602] sda2: rw=0",
	    &ev), 0);
	ASSERT_STR(ev.host, "");
	ASSERT_STR(ev.program, "kernel");
	/* no tag */
	ASSERT_INT(parse("Jan 22 07:54:32 myhostname.myhost.com Job "
	    "`cron.daily' terminated", &ev), 0);
	ASSERT_STR(ev.host, "myhostname.myhost.com");
	ASSERT_STR(ev.program, "");
	ASSERT(ev.msglen == 27 && memcmp(ev.msg, "Job", 3) == 0);
	/* a directory in the tag */
	ASSERT_INT(parse("Dec 31 17:54:32 myhostname.myhost.com /sbin/anacron"
	    "[1234]: Another one", &ev), 0);
	ASSERT_STR(ev.program, "/sbin/anacron");
	ASSERT_INT(ev.pid, 1234);
	/* a pid that is not one */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[x]: Received signal 15; "
	    "terminating.", &ev), 0);
	ASSERT_INT(ev.pid, -1);
	ASSERT_INT(ev.type, AUTHLOG_SSH_STOP);

	/* not syslog lines: the message is the whole line */
	ASSERT_INT(parse("\tmany syslog parsers.", &ev), -1);
	ASSERT(ev.msglen == 21 && ev.type == AUTHLOG_OTHER);
	ASSERT_INT(parse("Nov 18 01:15:43: --- last message repeated 5 times "
	    "---", &ev), -1);
	ASSERT_INT(parse("MMM 22 07:54:32 myhostname.myhost.com anacron[29782]:"
	    " Normal exit", &ev), -1);
	ASSERT_INT(parse("", &ev), -1);
	ASSERT_INT(parse("Nov 20 08:24:11", &ev), -1);
	ASSERT_INT(parse("Nov 20 08:24:11 ", &ev), -1);
	ASSERT_INT(ev.time, TIME_NONE);
	ASSERT_INT(authlog_parse_line(NULL, 0, NULL, &ev), -1);
}

TEST(authlog_stamp_classic)
{
	struct authlog_event	ev;
	struct authlog_year	yr;

	authlog_year_init(&yr, 2026);
	ASSERT_INT(parse_in("Nov  5 08:24:11 web1 p: x", &yr, &ev), 0);
	ASSERT(ev.local && ev.has_year);
	ASSERT_INT(ev.mon, 11);
	ASSERT_INT(ev.mday, 5);
	ASSERT_INT(ev.time, utc("2026-11-05T08:24:11Z"));
	ASSERT_INT(ev.utcoff, 0);
	/* with a fraction, and a day written without its pad */
	ASSERT_INT(parse_in("Nov 5 08:24:12.123 web1 p: x", &yr, &ev), 0);
	ASSERT_INT(ev.time, utc("2026-11-05T08:24:12Z"));
	ASSERT_INT(ev.nsec, 123000000);
	ASSERT_INT(parse("Feb 30 08:24:11 web1 p: x", &ev), -1);
	ASSERT_INT(parse("Nov 20 24:00:00 web1 p: x", &ev), -1);
	ASSERT_INT(parse("Nov 20 08:24 web1 p: x", &ev), -1);
	ASSERT_INT(parse("nov 20 08:24:11 web1 p: x", &ev), -1);
	/* Feb 29: a leap year dates it; a common year is the wrong year */
	ASSERT_INT(parse("Feb 29 01:15:43 web1 p: x", &ev), 0);
	ASSERT_INT(authlog_event_set_year(&ev, 2024), 0);
	ASSERT_INT(ev.time, utc("2024-02-29T01:15:43Z"));
	ASSERT_INT(authlog_event_set_year(&ev, 2025), -1);
	ASSERT(!ev.has_year);
	ASSERT_INT(ev.time, TIME_NONE);
	ASSERT_INT(authlog_event_set_year(&ev, 0), -1);
	ASSERT_INT(authlog_event_set_year(&ev, 10000), -1);
}

TEST(authlog_stamp_rfc3339)
{
	struct authlog_event	ev;
	struct authlog_year	yr;
	int64_t			t = utc("2026-11-20T08:24:11Z");

	authlog_year_init(&yr, 1999);	/* must not matter */
	ASSERT_INT(parse_in("2026-11-20T09:24:11.123456+01:00 web1 p: x", &yr,
	    &ev), 0);
	ASSERT(ev.has_year && !ev.local);
	ASSERT_INT(ev.time, t);
	ASSERT_INT(ev.nsec, 123456000);
	ASSERT_INT(ev.utcoff, 3600);
	ASSERT_INT(ev.hour, 9);		/* as written */
	ASSERT_INT(yr.last, -1);
	ASSERT_INT(parse("2026-11-20T03:24:11-05:00 web1 p: x", &ev), 0);
	ASSERT_INT(ev.time, t);
	ASSERT_INT(ev.utcoff, -18000);
	ASSERT_INT(parse("2026-11-20T08:24:11Z web1 p: x", &ev), 0);
	ASSERT_INT(ev.time, t);
	ASSERT_INT(ev.nsec, 0);
	/* journalctl -o short-iso */
	ASSERT_INT(parse("2026-11-20T14:54:11+0630 web1 p: x", &ev), 0);
	ASSERT_INT(ev.time, t);
	/* across midnight and the year */
	ASSERT_INT(parse("2026-12-31T23:30:00.5-01:00 web1 p: x", &ev), 0);
	ASSERT_INT(ev.time, utc("2027-01-01T00:30:00Z"));
	ASSERT_INT(ev.nsec, 500000000);
	ASSERT_INT(authlog_event_set_year(&ev, 1990), 0);	/* no effect */
	ASSERT_INT(ev.time, utc("2027-01-01T00:30:00Z"));
	/* leap day */
	ASSERT_INT(parse("2024-02-29T00:00:00+00:00 web1 p: x", &ev), 0);
	ASSERT_INT(parse("2025-02-29T00:00:00+00:00 web1 p: x", &ev), -1);
	/* no zone: a guess, refused */
	ASSERT_INT(parse("2026-11-20T08:24:11 web1 p: x", &ev), -1);
	ASSERT_INT(parse("2026-11-20T08:24:11+1:00 web1 p: x", &ev), -1);
	ASSERT_INT(parse("2026-11-20T08:24:11+01:60 web1 p: x", &ev), -1);
	ASSERT_INT(parse("2026-13-20T08:24:11Z web1 p: x", &ev), -1);
	ASSERT_INT(parse("2026-11-20 08:24:11Z web1 p: x", &ev), -1);
	ASSERT_INT(parse("0000-01-01T00:00:00Z web1 p: x", &ev), -1);
}

TEST(authlog_year_rollover)
{
	static const char *const lines[] = {
		"Dec 30 23:00:00 web1 sshd[1]: Server listening on :: port 22.",
		"Dec 31 23:59:58 web1 p: a",
		"Jan  1 00:00:01 web1 p: b",
		"Dec 31 23:59:59 web1 p: written late",
		"Jan  1 00:00:05 web1 p: c",
		"Mar 31 23:59:59 web1 p: d",
		"Apr  1 00:00:00 web1 p: e",
		"Mar 31 23:59:58 web1 p: disorder, same year",
		"Feb  2 10:00:00 web1 p: a year and more later",
		"Jan  3 08:00:00 web1 p: last",
	};
	static const int	delta[] = { 0, 0, 1, 0, 1, 1, 1, 1, 2, 3 };
	static const char *const want[] = {
		"2024-12-30T23:00:00Z", "2024-12-31T23:59:58Z",
		"2025-01-01T00:00:01Z", "2024-12-31T23:59:59Z",
		"2025-01-01T00:00:05Z", "2025-03-31T23:59:59Z",
		"2025-04-01T00:00:00Z", "2025-03-31T23:59:58Z",
		"2026-02-02T10:00:00Z", "2027-01-03T08:00:00Z",
	};
	struct authlog_event	ev[10];
	struct authlog_year	yr;
	size_t			i;
	int			first;

	/* one pass, dating the events afterwards */
	authlog_year_init(&yr, 0);
	for (i = 0; i < 10; i++) {
		ASSERT_INT(parse_in(lines[i], &yr, &ev[i]), 0);
		ASSERT_INT(ev[i].year_delta, delta[i]);
		ASSERT_INT(ev[i].time, TIME_NONE);
	}
	ASSERT_INT(yr.rollovers, 3);
	first = authlog_year_first(&yr, utc("2027-01-03T09:00:00Z"));
	ASSERT_INT(first, 2024);
	for (i = 0; i < 10; i++) {
		ASSERT_INT(authlog_event_set_year(&ev[i],
		    first + ev[i].year_delta), 0);
		ASSERT_INT(ev[i].time, utc(want[i]));
	}
	/* two passes: the second dates each line as it goes */
	authlog_year_init(&yr, first);
	for (i = 0; i < 10; i++) {
		ASSERT_INT(parse_in(lines[i], &yr, &ev[0]), 0);
		ASSERT(ev[0].has_year);
		ASSERT_INT(ev[0].time, utc(want[i]));
	}

	/* The mtime dates the last line, unless that is later in the year. */
	authlog_year_init(&yr, 0);
	ASSERT_INT(parse_in("Dec 31 23:50:00 web1 p: x", &yr, &ev[0]), 0);
	ASSERT_INT(authlog_year_first(&yr, utc("2027-01-01T00:10:00Z")), 2026);
	ASSERT_INT(authlog_year_first(&yr, utc("2026-12-31T23:55:00Z")), 2026);
	/* a local stamp hours ahead of the UTC mtime is the same year */
	authlog_year_init(&yr, 0);
	ASSERT_INT(parse_in("Mar  1 08:00:00 web1 p: x", &yr, &ev[0]), 0);
	ASSERT_INT(authlog_year_first(&yr, utc("2026-03-01T01:00:00Z")), 2026);
	/* no dated line: the mtime's year */
	authlog_year_init(&yr, 0);
	ASSERT_INT(authlog_year_first(&yr, utc("2026-03-01T01:00:00Z")), 2026);
	ASSERT_INT(authlog_year_first(&yr, INT64_MAX), 0);
	ASSERT_INT(authlog_year_first(&yr, -1), 1969);
}

TEST(authlog_hostile_injection)
{
	struct authlog_event	ev;

	/* The name holds a tail of its own: the rightmost one is sshd's. */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Invalid user admin "
	    "from 1.2.3.4 port 22 from 5.6.7.8", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_INVALID_USER);
	ASSERT_STR(ev.user, "admin from 1.2.3.4 port 22");
	ASSERT_STR(ev.addr, "5.6.7.8");
	ASSERT_INT(ev.port, -1);
	ASSERT(ev.ambiguous);
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Failed password for "
	    "invalid user x from 10.0.0.1 port 22 ssh2 from 203.0.113.66 port "
	    "4444 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_FAILED);
	ASSERT_STR(ev.user, "x from 10.0.0.1 port 22 ssh2");
	ASSERT_STR(ev.addr, "203.0.113.66");
	ASSERT_INT(ev.port, 4444);
	/* ... even one that mimics a key */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Accepted publickey for "
	    "root from 10.0.0.1 port 22 ssh2: RSA SHA256:x from 203.0.113.66 "
	    "port 4444 ssh2: RSA SHA256:real", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT_STR(ev.addr, "203.0.113.66");
	ASSERT_STR(ev.key, "SHA256:real");
	ASSERT(ev.ambiguous);
	/* "invalid user " inside the name does not make it invalid twice */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Connection closed by "
	    "invalid user user root 1.2.3.4 port 22 [preauth]", &ev), 0);
	ASSERT_STR(ev.user, "user root");
	/* no well-formed tail at all */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Failed password for "
	    "root from 1.2.3.4 port 99999 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_STR(ev.user, "");
	ASSERT_STR(ev.method, "");
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Failed password for "
	    "root from 1.2.3.4;rm port 22 ssh2", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Accepted password for "
	    "root from", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Accepted ", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	/* PAM's user comes last and keeps its spaces */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: pam_unix(sshd:auth): "
	    "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "
	    "rhost=1.2.3.4  user=a rhost=6.6.6.6", &ev), 0);
	ASSERT_STR(ev.addr, "1.2.3.4");
	ASSERT_STR(ev.user, "a rhost=6.6.6.6");
	/* a tag that only claims to be sshd is still parsed as sshd's */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd: Accepted password for "
	    "root from 1.2.3.4 port 22 ssh2", &ev), 0);
	ASSERT_INT(ev.pid, -1);
	/* rsyslog repeat markers do not nest */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: message repeated 4 "
	    "times: [ message repeated 9 times: [ Failed password for root "
	    "from 1.2.3.4 port 22 ssh2]]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT_INT(ev.count, 1);
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: message repeated "
	    "99999999999 times: [ Failed password for root from 1.2.3.4 port 22"
	    " ssh2]", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
}

TEST(authlog_hostile_bytes)
{
	static const char acc[] = "Nov 20 08:24:11 web1 sshd[1]: Accepted "
	    "publickey for root from 1.2.3.4 port 22 ssh2: RSA SHA256:abc";
	static const char pw[] = "Nov 20 08:24:11 web1 sshd[1]: Accepted "
	    "password for ";
	static const char zeroed[] = "\0\0\0\0Nov 20 08:24:11 web1 sshd[1]: "
	    "Received signal 15; terminating.\n";
	static const char torn[] = "Nov 20 08:24:10 web1 sshd[1]: Acc\0\0"
	    "Nov 20 08:24:11 web1 sshd[2]: Received signal 15; terminating.";
	static const char inname[] = "Nov 20 08:24:11 web1 sshd[1]: Invalid "
	    "user ro\0ot from 1.2.3.4";
	struct authlog_event	ev;
	size_t			big = 1 << 20, i, n;
	char			*s;
	int			r;

	/* every prefix of a line, in a buffer of exactly its size */
	for (i = 0; i <= sizeof(acc) - 1; i++) {
		s = malloc(i ? i : 1);
		ASSERT(s != NULL);
		memcpy(s, acc, i);
		r = authlog_parse_line(s, i, NULL, &ev);
		free(s);
		ASSERT(r == 0 || r == -1);
		/* from "port 2" on, a shorter port or key is still sshd's */
		ASSERT(ev.type == AUTHLOG_OTHER ||
		    (ev.type == AUTHLOG_SSH_ACCEPTED &&
		    strcmp(ev.user, "root") == 0 &&
		    strcmp(ev.addr, "1.2.3.4") == 0));
	}

	/* 1 MiB: kept as a message, not classified */
	s = malloc(big + 1);
	ASSERT(s != NULL);
	memset(s, 'A', big);
	n = sizeof(pw) - 1;
	memcpy(s, pw, n);
	memcpy(s + big - 30, " from 1.2.3.4 port 22 ssh2\n", 27);
	r = authlog_parse_line(s, big - 3, NULL, &ev);
	ASSERT_INT(r, 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	ASSERT(ev.msg > s && ev.msg + ev.msglen <= s + big);
	/* 1 MiB of " from " */
	for (i = n; i + 6 <= big; i += 6)
		memcpy(s + i, " from ", 6);
	ASSERT_INT(authlog_parse_line(s, big, NULL, &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_OTHER);
	/* a 10 KiB user name: the event, with the name cut */
	memset(s + n, 'u', 10000);
	memcpy(s + n + 10000, " from 1.2.3.4 port 22 ssh2", 26);
	ASSERT_INT(authlog_parse_line(s, n + 10026, NULL, &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_ACCEPTED);
	ASSERT(ev.truncated);
	ASSERT_INT(strlen(ev.user), AUTHLOG_NAME_LEN - 1);
	/* a 1 MiB host name, a 1 MiB tag */
	memset(s, 'h', big);
	memcpy(s, "Nov 20 08:24:11 ", 16);
	ASSERT_INT(authlog_parse_line(s, big, NULL, &ev), 0);
	ASSERT(ev.truncated);
	ASSERT_INT(strlen(ev.host), AUTHLOG_HOST_LEN - 1);
	memcpy(s + 16, "h ", 2);
	s[big - 1] = ':';
	ASSERT_INT(authlog_parse_line(s, big, NULL, &ev), 0);
	ASSERT_INT(strlen(ev.program), AUTHLOG_PROG_LEN - 1);
	free(s);

	/* zeroed blocks before a line after a crash */
	ASSERT_INT(authlog_parse_line(zeroed, sizeof(zeroed) - 1, NULL, &ev),
	    0);
	ASSERT(ev.nul_skipped);
	ASSERT_INT(ev.type, AUTHLOG_SSH_STOP);
	/* a torn line, then zeros, then a whole one */
	ASSERT_INT(authlog_parse_line(torn, sizeof(torn) - 1, NULL, &ev), 0);
	ASSERT_INT(ev.pid, 2);
	ASSERT_INT(ev.type, AUTHLOG_SSH_STOP);
	/* a NUL inside a user name cannot shorten it: the line is torn */
	ASSERT_INT(authlog_parse_line(inname, sizeof(inname) - 1, NULL, &ev),
	    -1);
	ASSERT(ev.nul_skipped && ev.msglen == strlen("ot from 1.2.3.4"));
	/* bytes that are not UTF-8 are kept as they are, for esc.c */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Invalid user \xff\xfe"
	    "\xc3( from 1.2.3.4 port 22", &ev), 0);
	ASSERT_INT(ev.type, AUTHLOG_SSH_INVALID_USER);
	ASSERT_STR(ev.user, "\xff\xfe\xc3(");
	/* CRLF (loghub) */
	ASSERT_INT(parse("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user "
	    "webmaster from 173.234.31.186\r\n", &ev), 0);
	ASSERT_STR(ev.addr, "173.234.31.186");
	/* an escaped control byte (rsyslog's #011) is text */
	ASSERT_INT(parse("Nov 20 08:24:11 web1 sshd[1]: Invalid user a#011b "
	    "from 1.2.3.4 port 22", &ev), 0);
	ASSERT_STR(ev.user, "a#011b");
}

TEST(authlog_type_names)
{
	int	i, j;

	for (i = 0; i < AUTHLOG_NTYPES; i++) {
		ASSERT(authlog_type_name(i) != NULL);
		for (j = 0; j < i; j++)
			ASSERT(strcmp(authlog_type_name(i),
			    authlog_type_name(j)) != 0);
	}
	ASSERT_STR(authlog_type_name(AUTHLOG_NTYPES), "other");
	ASSERT_STR(authlog_type_name(-1), "other");
}

/*
 * The corpus: every line of every file under logs/ (gzip or not),
 * checked for invariants, and the counts of the kinds grep can find
 * matched against grep -cE run on the same file now.
 */
enum { K_ACC, K_FAIL, K_FAIL_REP, K_INVALID, K_AUTHFAIL, K_OPEN, K_CLOSE,
	K_N };

static const char *const kind_re[K_N] = {
	[K_ACC] = "sshd(-session)?\\[[0-9]+\\]: +Accepted [^ ]+ for .* from "
	    ".* port [0-9]+",
	[K_FAIL] = "sshd(-session)?\\[[0-9]+\\]: +Failed [^ ]+ for .* from "
	    ".* port [0-9]+",
	[K_FAIL_REP] = "sshd(-session)?\\[[0-9]+\\]: message repeated [0-9]+ "
	    "times: \\[ Failed [^ ]+ for .* from .* port [0-9]+",
	[K_INVALID] = "sshd(-session)?\\[[0-9]+\\]: +Invalid user .* from ",
	[K_AUTHFAIL] = "(authentication failure|more authentication "
	    "failures?); logname=",
	[K_OPEN] = "session opened for user ",
	[K_CLOSE] = "session closed for user ",
};

struct tally {
	unsigned	files, lines, syslog, typed;
	unsigned	kind[K_N];
	unsigned	type[AUTHLOG_NTYPES];
};

static long
grep_count(const char *path, const char *re)
{
	char	 cmd[4096];
	FILE	*p;
	long	 n = -1;

	if (strchr(path, '\'') != NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "gzip -dcf '%s' | LC_ALL=C grep -acE '%s'",
	    path, re);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	if (fscanf(p, "%ld", &n) != 1)
		n = -1;
	pclose(p);
	return n;
}

static bool
str_ok(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* Invariants of one parsed line; returns a complaint or NULL. */
static const char *
check_event(const char *line, size_t len, int r,
    const struct authlog_event *ev)
{
	if (ev->msg < line || ev->msg + ev->msglen > line + len)
		return "msg outside the line";
	if (!str_ok(ev->host, sizeof(ev->host)) ||
	    !str_ok(ev->user, sizeof(ev->user)) ||
	    !str_ok(ev->addr, sizeof(ev->addr)) ||
	    !str_ok(ev->command, sizeof(ev->command)))
		return "unterminated field";
	if (r != 0 && (ev->type != AUTHLOG_OTHER || ev->host[0] != '\0' ||
	    ev->time != TIME_NONE))
		return "not syslog but fields set";
	if ((ev->time == TIME_NONE) == ev->has_year)
		return "time and has_year disagree";
	if (ev->type != AUTHLOG_OTHER && ev->program[0] == '\0')
		return "typed without a program";
	if (ev->ambiguous)
		return "a real line taken for a forged one";
	switch (ev->type) {
	case AUTHLOG_SSH_ACCEPTED:
	case AUTHLOG_SSH_FAILED:
	case AUTHLOG_SSH_MAX_AUTH:
		if (ev->method[0] == '\0' && ev->type != AUTHLOG_SSH_MAX_AUTH)
			return "no method";
		if (ev->addr[0] == '\0' || ev->port < 0 || ev->port > 65535)
			return "no address";
		break;
	case AUTHLOG_PAM_SESSION_OPEN:
	case AUTHLOG_PAM_SESSION_CLOSE:
		if (ev->user[0] == '\0' || ev->service[0] == '\0')
			return "session without user or service";
		break;
	case AUTHLOG_OTHER:
		if (ev->user[0] != '\0' || ev->addr[0] != '\0' ||
		    ev->port != -1 || ev->service[0] != '\0')
			return "other with fields set";
		break;
	default:
		break;
	}
	return NULL;
}

/* One file: returns 0, or -1 after reporting a failure. */
static int
corpus_file(const char *path, struct tally *t, char *line, size_t size)
{
	struct tally		 f;
	struct authlog_event	 ev;
	struct authlog_year	 yr;
	const char		*why;
	gzFile			 gz;
	size_t			 len;
	long			 want;
	int			 k, r;
	unsigned		 lineno = 0;

	memset(&f, 0, sizeof(f));
	if ((gz = gzopen(path, "rb")) == NULL) {
		unit_fail(__FILE__, __LINE__, "%s: cannot open", path);
		return -1;
	}
	authlog_year_init(&yr, 2026);
	while (gzgets(gz, line, (int)size) != NULL) {
		len = strlen(line);	/* no NUL in these files */
		lineno++;
		r = authlog_parse_line(line, len, &yr, &ev);
		if ((why = check_event(line, len, r, &ev)) != NULL) {
			unit_fail(__FILE__, __LINE__, "%s:%u: %s: %.*s", path,
			    lineno, why, (int)(len > 200 ? 200 : len), line);
			gzclose(gz);
			return -1;
		}
		f.lines++;
		f.syslog += r == 0;
		f.typed += ev.type != AUTHLOG_OTHER;
		f.type[ev.type]++;
		if (ev.type == AUTHLOG_SSH_FAILED &&
		    strncmp(ev.msg, "message repeated ", 17) == 0)
			f.kind[K_FAIL_REP]++;
		else if (ev.type == AUTHLOG_SSH_FAILED)
			f.kind[K_FAIL]++;
		f.kind[K_ACC] += ev.type == AUTHLOG_SSH_ACCEPTED;
		f.kind[K_INVALID] += ev.type == AUTHLOG_SSH_INVALID_USER;
		f.kind[K_AUTHFAIL] += ev.type == AUTHLOG_PAM_AUTH_FAIL;
		f.kind[K_OPEN] += ev.type == AUTHLOG_PAM_SESSION_OPEN;
		f.kind[K_CLOSE] += ev.type == AUTHLOG_PAM_SESSION_CLOSE;
	}
	gzclose(gz);
	for (k = 0; k < K_N; k++) {
		want = grep_count(path, kind_re[k]);
		if (want != (long)f.kind[k]) {
			unit_fail(__FILE__, __LINE__, "%s: %u lines of /%s/, "
			    "grep -cE finds %ld", path, f.kind[k], kind_re[k],
			    want);
			return -1;
		}
		t->kind[k] += f.kind[k];
	}
	for (k = 0; k < AUTHLOG_NTYPES; k++)
		t->type[k] += f.type[k];
	t->files++;
	t->lines += f.lines;
	t->syslog += f.syslog;
	t->typed += f.typed;
	return 0;
}

static int
corpus_walk(const char *dir, struct tally *t, char *line, size_t size)
{
	struct dirent	**names;
	struct stat	  st;
	char		  path[4096];
	int		  i, n, rc = 0;

	if ((n = scandir(dir, &names, NULL, alphasort)) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		if (rc == 0 && names[i]->d_name[0] != '.' &&
		    stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = corpus_walk(path, t, line, size);
			else if (S_ISREG(st.st_mode))
				rc = corpus_file(path, t, line, size);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

/* A gzip copy of SRC as DST, so that the .gz path is always tried. */
static int
gzip_copy(const char *src, const char *dst)
{
	char	 buf[65536];
	FILE	*in;
	gzFile	 out;
	size_t	 n;
	int	 rc = 0;

	if ((in = fopen(src, "rb")) == NULL)
		return -1;
	if ((out = gzopen(dst, "wb")) == NULL) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (gzwrite(out, buf, (unsigned)n) != (int)n)
			rc = -1;
	fclose(in);
	if (gzclose(out) != Z_OK)
		rc = -1;
	return rc;
}

TEST(authlog_corpus)
{
	struct tally	 t;
	char		 root[1024], path[2048];
	char		*line;
	size_t		 size = (1 << 20) + 2;
	int		 k;

	if (!unit_corpus_dir(root, sizeof(root))) {
		printf("# SKIP authlog corpus: not found "
		    "(set RESCUE_CORPUS)\n");
		return;
	}
	strncat(root, "/logs", sizeof(root) - strlen(root) - 1);
	if (!unit_is_dir(root)) {
		printf("# SKIP authlog corpus: no %s\n", root);
		return;
	}
	line = malloc(size);
	ASSERT(line != NULL);
	memset(&t, 0, sizeof(t));
	if (corpus_walk(root, &t, line, size) != 0)
		goto out;
	/* the real sshd logs again, through zlib */
	snprintf(path, sizeof(path), "%s/loghub/OpenSSH_2k.log", root);
	if (gzip_copy(path, "OpenSSH_2k.log.gz") == 0 &&
	    corpus_file("OpenSSH_2k.log.gz", &t, line, size) != 0)
		goto out;
	printf("# authlog corpus: %u files, %u lines, %u syslog, %u typed; "
	    "accepted %u, failed %u (+%u repeated), invalid user %u, "
	    "pam auth failure %u, sessions opened %u, closed %u\n", t.files,
	    t.lines, t.syslog, t.typed, t.kind[K_ACC], t.kind[K_FAIL],
	    t.kind[K_FAIL_REP], t.kind[K_INVALID], t.kind[K_AUTHFAIL],
	    t.kind[K_OPEN], t.kind[K_CLOSE]);
	printf("# authlog corpus types:");
	for (k = 1; k < AUTHLOG_NTYPES; k++)
		if (t.type[k] > 0)
			printf(" %s %u", authlog_type_name(k), t.type[k]);
	printf("\n");
	ASSERT(t.files > 0 && t.kind[K_ACC] > 0 && t.kind[K_FAIL] > 0);
out:
	free(line);
}
