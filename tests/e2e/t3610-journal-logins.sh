#!/bin/sh
# t3610 - the journal as a login source (a Debian 12 server with no
# rsyslog): sshd's failures and the login after them, sudo and account
# changes come out of journal files made here by systemd-journal-remote,
# with the journal file as their source; the same events in auth.log as
# well are counted once; a file missing from the middle of the journal,
# a journal vacuumed while wtmp goes back weeks, one that stops hours
# before wtmp does, and Storage=volatile are each found; a whole journal
# stays quiet
. "${TOP:?}/tests/lib/e2e.sh"

remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || remote=/usr/lib/systemd/systemd-journal-remote
if [ ! -x "$remote" ] || ! command -v python3 >/dev/null ||
    ! command -v utmpdump >/dev/null; then
	echo "# SKIP systemd-journal-remote, python3 or utmpdump missing"
	finish
	exit
fi
mid=0c1d2e3f405162738495a6b7c8d9eafb
T0=1795163051		# 2026-11-20T08:24:11Z

# events FIRST COUNT: Journal Export Format text, one entry a minute
# from T0 + FIRST minutes: 8 failed passwords for root from
# 198.51.100.66, the login after them, sudo, useradd; then cron noise.
events() {
	python3 - "$1" "$2" "$T0" <<'EOF'
import sys
first, count, t0 = map(int, sys.argv[1:])
out = sys.stdout
for i in range(first, first + count):
    t = (t0 + i * 60) * 1000000 + 123456
    pid = 4000 + i
    if i < 8:
        ident, msg = 'sshd', ('Failed password for root from 198.51.100.66 '
            'port %d ssh2' % (50000 + i))
    elif i == 8:
        ident, msg = 'sshd', ('Accepted password for root from '
            '198.51.100.66 port 50008 ssh2')
    elif i == 9:
        ident, msg = 'sudo', ('    root : TTY=pts/0 ; PWD=/root ; '
            'USER=root ; COMMAND=/usr/bin/id')
    elif i == 10:
        ident, msg = 'useradd', ('new user: name=backup2, UID=1001, '
            'GID=1001, home=/home/backup2, shell=/bin/bash, from=/dev/pts/0')
    else:
        ident, msg = 'CRON', ('pam_unix(cron:session): session opened for '
            'user root(uid=0) by (uid=0)')
    out.write('__REALTIME_TIMESTAMP=%d\n__MONOTONIC_TIMESTAMP=%d\n'
        '_BOOT_ID=a3b1c2d4e5f60718293a4b5c6d7e8f90\n_HOSTNAME=web1\n'
        'SYSLOG_IDENTIFIER=%s\n_PID=%d\nMESSAGE=%s\n\n'
        % (t, 1000000 + i, ident, pid, msg))
EOF
}

# The auth.log lines rsyslog would have written for the same events.
authlog() {
	python3 - "$1" "$2" "$T0" <<'EOF'
import sys, datetime
first, count, t0 = map(int, sys.argv[1:])
for i in range(first, first + count):
    s = datetime.datetime.utcfromtimestamp(t0 + i * 60).strftime(
        '%Y-%m-%dT%H:%M:%S.123456+00:00')
    if i < 8:
        m = ('sshd[%d]: Failed password for root from 198.51.100.66 port '
            '%d ssh2' % (4000 + i, 50000 + i))
    elif i == 8:
        m = ('sshd[%d]: Accepted password for root from 198.51.100.66 '
            'port 50008 ssh2' % (4000 + i))
    else:
        continue
    print('%s web1 %s' % (s, m))
EOF
}

# journal FILE FIRST COUNT SEQNUM_ID|- OFFSET: a journal file of those
# events; with SEQNUM_ID its header's seqnum_id set to it and every
# seqnum moved up by OFFSET, as journald's rotated files of one boot
journal() {
	events "$2" "$3" | "$remote" --compress=yes -o "$1" - 2>/dev/null
	[ "$4" = - ] && return
	python3 - "$1" "$4" "$5" <<'EOF'
import struct, sys
path, sid, off = sys.argv[1], bytes.fromhex(sys.argv[2]), int(sys.argv[3])
d = bytearray(open(path, 'rb').read())
q = lambda o: struct.unpack_from('<Q', d, o)[0]
d[72:88] = sid
for o in (160, 168):
    struct.pack_into('<Q', d, o, q(o) + off)
p, end = q(88), q(136)
while p <= end and p + 16 <= len(d):
    size = q(p + 8)
    if d[p] == 3:                       # an entry: its seqnum first
        struct.pack_into('<Q', d, p + 16, q(p + 16) + off)
    p += (size + 7) & ~7
    if size == 0:
        break
open(path, 'wb').write(d)
EOF
}

# wtmp FILE: root's logins from 198.51.100.20, weeks before the journal,
# and one an hour before the journal's first entry
wtmp() {
	for d in 2026-10-20T09:00:00 2026-11-01T09:00:00 \
	    2026-11-20T07:24:11; do
		printf '[7] [01234] [ts/0] [root    ] [pts/0       ] '
		printf '[198.51.100.20       ] [198.51.100.20  ] [%s,000000+00:00]\n' "$d"
	done | utmpdump -r >"$1" 2>/dev/null
}

base() {	# DIR: a small Debian server
	mkdir -p "$1/etc" "$1/var/log/journal/$mid" "$1/root"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n' \
	    >"$1/etc/os-release"
	printf 'root:x:0:0:root:/root:/bin/bash\n' >"$1/etc/passwd"
	printf 'root:x:0:\nsudo:x:27:\n' >"$1/etc/group"
	echo "$mid" >"$1/etc/machine-id"
}
has_finding() {	# CHECK JQ-CONDITION
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\" and
	    ($2))) | length > 0" "$T/out" >/dev/null
}
no_finding() {	# CHECK
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\")) |
	    length == 0" "$T/out" >/dev/null
}
jd=var/log/journal/$mid
sid=5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e

# --- only the journal: the attack comes out of it ------------------------
s=$T/only
base "$s"
journal "$s/$jd/system.journal" 0 14 - 0
mkfs.ext4 -q -F -d "$s" "$T/only.img" 32M >/dev/null
rs logins --format json "$T/only.img"
check "journal only: the login after 8 failures is found" has_finding \
    logins.few_failures_then_success '(.evidence | test("198.51.100.66"))'
check "journal only: the ssh login record names the journal file" sh -c \
    "jq -e -s 'map(select(.kind == \"ssh_login\" and .user == \"root\" and
    .from == \"198.51.100.66\" and .source ==
    \"/$jd/system.journal\")) | length == 1' '$T/out' >/dev/null"
check "journal only: sudo from the journal" sh -c "jq -e -s 'map(select(
    .kind == \"sudo\" and .command == \"/usr/bin/id\")) | length == 1' \
    '$T/out' >/dev/null"
check "journal only: the account added" has_finding logins.account_added \
    '(.evidence | test("backup2"))'
check "journal only: the file is listed as a source" sh -c "jq -e -s '
    map(select(.kind == \"source\" and .path == \"/$jd/system.journal\"))
    | length == 1' '$T/out' >/dev/null"
check "journal only: nothing says it was cut" no_finding journal.stops_early

# --- the same events in auth.log too: counted once ---------------------
s=$T/both
base "$s"
journal "$s/$jd/system.journal" 0 14 - 0
authlog 0 14 >"$s/var/log/auth.log"
mkfs.ext4 -q -F -d "$s" "$T/both.img" 32M >/dev/null
rs logins --format json "$T/both.img"
check "journal and auth.log: 8 failures, not 16" has_finding \
    logins.few_failures_then_success '(.evidence | test("\\b8 fail"))'
check "journal and auth.log: one ssh login record" sh -c "jq -e -s '
    map(select(.kind == \"ssh_login\")) | length == 1' '$T/out' >/dev/null"
check "journal and auth.log: the note says so" \
    grep -q 'also in the text logs: counted once' "$T/out"

# --- rotated files of one journald: whole, then one removed --------------
s=$T/rot
base "$s"
journal "$s/$jd/system@$sid-0000000000000001-0005f0000000001.journal" \
    0 14 $sid 0
journal "$s/$jd/system@$sid-000000000000000f-0005f0000000002.journal" \
    14 14 $sid 14
journal "$s/$jd/system.journal" 28 14 $sid 28
mkfs.ext4 -q -F -d "$s" "$T/rot.img" 48M >/dev/null
rs logins --format json "$T/rot.img"
check "rotated journal, whole: no file missing" no_finding \
    journal.file_missing
rm "$s/$jd/system@$sid-000000000000000f-0005f0000000002.journal"
mkfs.ext4 -q -F -d "$s" "$T/rot.img" 48M >/dev/null
rs logins --format json "$T/rot.img"
check "rotated journal, middle file removed: found" has_finding \
    journal.file_missing '(.evidence | test("^entries 15-28 \\(14\\)"))'

# --- vacuumed, stopped early, told to keep nothing ------------------------
s=$T/cut
base "$s"
journal "$s/$jd/system.journal" 0 14 - 0
wtmp "$s/var/log/wtmp"
# wtmp goes on three hours after the journal's last entry
printf '[7] [01235] [ts/1] [root    ] [pts/1       ] [198.51.100.20       ] [198.51.100.20  ] [2026-11-20T11:50:00,000000+00:00]\n' |
    utmpdump -r >>"$s/var/log/wtmp" 2>/dev/null
mkdir -p "$s/etc/systemd"
printf '[Journal]\n#Storage=auto\nStorage=volatile\n' \
    >"$s/etc/systemd/journald.conf"
mkfs.ext4 -q -F -d "$s" "$T/cut.img" 32M >/dev/null
rs logins --format json "$T/cut.img"
check "a small journal starting weeks after wtmp: vacuumed" has_finding \
    journal.vacuumed '(.evidence | test("from 2026-10-20"))'
check "the journal ends hours before wtmp: stops early" has_finding \
    journal.stops_early '(.evidence | test("2026-11-20T11:50"))'
check "Storage=volatile, set recently" has_finding journal.storage_off \
    '.path == "/etc/systemd/journald.conf" and .line == 3'

# The same journal kept small on purpose (a drop-in caps its size): not
# a vacuum, and persistent storage is no finding.
rm "$s/etc/systemd/journald.conf"
mkdir -p "$s/etc/systemd/journald.conf.d"
printf '[Journal]\nSystemMaxUse=16M\n' \
    >"$s/etc/systemd/journald.conf.d/size.conf"
mkfs.ext4 -q -F -d "$s" "$T/cut.img" 32M >/dev/null
rs logins --format json "$T/cut.img"
check "SystemMaxUse set: a small journal is no vacuum" no_finding \
    journal.vacuumed
check "no Storage= line: no storage finding" no_finding journal.storage_off
finish
