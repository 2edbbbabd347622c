#!/bin/sh
# t3000 - logins: the demo server's attacker found; sessions agree with
# util-linux last(1) on every record; a clean server stays quiet; hostile
# wtmp, btmp and auth logs
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/mkelf.sh"

demo=$IMG/demo.img

# --- sessions as last(1) sees them ------------------------------------
# "user start end" per session, end being a time or last's word for it;
# "still logged in" and "gone - no logout" depend on the host running
# last (its processes), so both read "open".
last_sessions() {
	last -f "$1" -w -x --time-format iso 2>/dev/null |
	    grep -E '[0-9]{4}-[0-9]{2}-[0-9]{2}T' | grep -v ' begins [0-9]' |
	    sed -E 's/\+00:00/Z/g' |
	    awk '{
		user = $1; start = ""; end = ""
		for (i = 2; i <= NF; i++)
			if ($i ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T/) {
				if (start == "") start = $i; else end = $i
			}
		if (end ~ /^1970-01-01T00:00:00Z$/) end = "none"
		if (end == "") {
			if ($0 ~ /still logged in|gone - no logout/) end = "open"
			else if ($0 ~ /still running/) end = "running"
			else if ($0 ~ / - crash/) end = "crash"
			else if ($0 ~ / - down/) end = "down"
			else end = "none"
		} else if ($0 ~ / - crash/ || $0 ~ / - down/) {
			end = ($0 ~ / - crash/) ? "crash" : "down"
		}
		print user, start, end
	    }' | sort
}

rescue_sessions() {
	jq -r 'select(.type == "record" and (.kind == "login" or
	    .kind == "boot" or .kind == "shutdown" or .kind == "runlevel" or
	    .kind == "time_change")) |
	    [.user, .start,
	     (if .status == "still logged in" or .status == "gone - no logout"
	      then "open" elif .status == "still running" then "running"
	      elif .status == "crash" or .status == "down" then .status
	      elif .end == null then "none" else .end end)] | join(" ")' \
	    "$1" | sort
}

# --- the demo server --------------------------------------------------
rs logins "$demo"
status "logins on the demo exits 1 (findings)" 1
check "logins text fits 80 columns" \
    sh -c "awk 'length > 80' '$T/out' | grep -q . && exit 1 || exit 0"
check "the attacker's root session is still open" grep -q \
    'login *root *pts/0 *203.0.113.9 *2026-11-20T08:24:11Z' "$T/out"
cp "$T/out" "$T/demo.txt"

rs logins --format json "$demo"
cp "$T/out" "$T/demo.json"
check "json: every line parses" jq -e . "$T/demo.json" >/dev/null
has_finding() {	# CHECK JQ-CONDITION
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\" and
	    ($2))) | length > 0" "$T/demo.json" >/dev/null
}
check "finding: open remote root session from 203.0.113.9" has_finding \
    logins.still_logged_in_remote '.evidence | test("root pts/0 from 203.0.113.9")'
check "finding: password guessed after the brute force" has_finding \
    logins.success_after_failures '.evidence | test("^203.0.113.9: 12 failed")'
check "finding: brute force from 203.0.113.9" has_finding \
    logins.brute_force '.evidence | test("203.0.113.9: 12")'
check "finding: zeroed wtmp records (the backdoor's session)" has_finding \
    logins.zeroed_records '.path == "/var/log/wtmp" and
    (.evidence | test("records 15 to 16"))'
check "finding: uid-0 backdoor account logged in" has_finding \
    logins.uid0_alias_login '.evidence | test("192.0.2.77 logged in as sysadmin")'
check "finding: lastlog login missing from wtmp" has_finding \
    logins.lastlog_not_in_wtmp '.time == "2026-11-20T09:02:40Z"'
check "finding: sysadmin added to sudo" has_finding \
    logins.privileged_group_add '.line == 87'
check "record: open session has end null" sh -c "jq -e -s 'map(select(
    .kind == \"login\" and .user == \"root\" and .host == \"203.0.113.9\"
    and .end == null and .status == \"still logged in\")) | length == 1' \
    '$T/demo.json' >/dev/null"
check "record: classic-stamped rotated auth.log read in the server's zone" \
    sh -c "jq -e -s 'map(select(.kind == \"ssh_login\" and
    .source == \"/var/log/auth.log.1\" and
    .time == \"2026-11-10T08:14:02Z\")) | length == 1' '$T/demo.json' \
    >/dev/null"
check "record: failed attempts per address" sh -c "jq -e -s 'map(select(
    .kind == \"failed\" and .from == \"203.0.113.9\" and .attempts == 12))
    | length == 1' '$T/demo.json' >/dev/null"

rs logins --since 2026-11-20 --format json "$demo"
check "--since: addresses new in the window" sh -c "jq -r 'select(.check ==
    \"logins.new_address\") | .evidence' '$T/out' | cut -d: -f1 |
    sort | tr '\n' ' ' | grep -qx '192.0.2.77 203.0.113.9 '"

rs cat -d "$demo" /var/log/wtmp
cp "$T/out" "$T/demo.wtmp"
last_sessions "$T/demo.wtmp" >"$T/want"
rescue_sessions "$T/demo.json" >"$T/got"
check "demo: last finds sessions" test -s "$T/want"
same "demo: every session agrees with last -f" "$T/got" "$T/want"

# --- every record type, written by utmpdump -r ------------------------
srv=$T/srv
mkdir -p "$srv/var/log" "$srv/etc"
printf 'root:x:0:0:root:/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/bin/bash\n' \
    >"$srv/etc/passwd"
rec() {	# TYPE PID ID USER LINE HOST ADDR TIME
	printf '[%s] [%05d] [%-4.4s] [%-8s] [%-12s] [%-20s] [%-15s] [%s,000000+00:00]\n' \
	    "$@"
}
{
	rec 2 0 '~~' reboot '~' 6.1.0-1-amd64 0.0.0.0 2026-09-01T06:00:00
	rec 1 53 '~~' runlevel '~' 6.1.0-1-amd64 0.0.0.0 2026-09-01T06:00:05
	rec 5 610 tty1 '' tty1 '' 0.0.0.0 2026-09-01T06:00:06
	rec 6 610 tty1 LOGIN tty1 '' 0.0.0.0 2026-09-01T06:00:06
	rec 7 610 tty1 root tty1 '' 0.0.0.0 2026-09-01T06:10:00
	rec 7 900 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-09-01T07:00:00
	rec 7 901 ts/1 admin pts/1 2001:db8::7 2001:db8::7 2026-09-01T07:05:00
	rec 8 900 ts/0 '' pts/0 '' 0.0.0.0 2026-09-01T07:30:00
	rec 4 0 '' date '|' '' 0.0.0.0 2026-09-01T08:00:00
	rec 3 0 '' date '{' '' 0.0.0.0 2026-09-01T08:00:30
	rec 9 0 '' acct '' '' 0.0.0.0 2026-09-01T08:01:00
	rec 0 0 '' '' '' '' 0.0.0.0 2026-09-01T08:02:00
	rec 2 0 '~~' reboot '~' 6.1.0-2-amd64 0.0.0.0 2026-09-02T06:00:00
	rec 7 1200 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-09-02T09:00:00
	rec 8 1200 ts/0 '' pts/0 '' 0.0.0.0 2026-09-02T09:45:00
	rec 1 48 '~~' runlevel '~' 6.1.0-2-amd64 0.0.0.0 2026-09-02T10:00:00
	rec 1 0 '~~' shutdown '~' 6.1.0-2-amd64 0.0.0.0 2026-09-02T10:00:02
	rec 2 0 '~~' reboot '~' 6.1.0-2-amd64 0.0.0.0 2026-09-02T10:01:00
	rec 7 1300 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-09-03T09:00:00
	rec 8 1300 ts/0 '' pts/0 '' 0.0.0.0 2026-09-03T09:20:00
} >"$T/all.txt"
utmpdump -r <"$T/all.txt" >"$srv/var/log/wtmp" 2>/dev/null
rs logins --format json --root "$srv"
last_sessions "$srv/var/log/wtmp" >"$T/want"
rescue_sessions "$T/out" >"$T/got"
check "all types: last finds sessions" test -s "$T/want"
same "all types: every session agrees with last -f" "$T/got" "$T/want"
check "all types: IPv6 host kept" grep -q '"host":"2001:db8::7"' "$T/out"

# every corpus file in utmp format, as the server's wtmp
corpus=${RESCUE_CORPUS:-$TOP/../shared/corpus}
n=0
for f in $(ls "$corpus"/utmp/*/* "$corpus"/utmp/*/*/* 2>/dev/null); do
	case $f in
	*.txt|*.md|*.json) continue ;;
	esac
	[ -f "$f" ] || continue
	size=$(wc -c <"$f")
	[ $((size % 384)) -eq 0 ] && [ "$size" -gt 0 ] || continue
	last -f "$f" >/dev/null 2>&1 || continue
	rm -rf "$T/c" && mkdir -p "$T/c/var/log" && cp "$f" "$T/c/var/log/wtmp"
	rs logins --format json --root "$T/c"
	# last reads the layout of the host it runs on (x86_64): other
	# layouts are judged in test_sessions against upstream oracles
	jq -e -s 'map(select(.kind == "source" and
	    .layout == "384-byte little-endian")) | length == 1' \
	    "$T/out" >/dev/null || continue
	last_sessions "$f" >"$T/want"
	# bytes that are not text: last writes \377, rescue \xff (t1400)
	grep -q '\\[0-3][0-7][0-7]' "$T/want" && continue
	rescue_sessions "$T/out" >"$T/got"
	same "corpus ${f#"$corpus"/}: sessions agree with last -f" \
	    "$T/got" "$T/want"
	n=$((n + 1))
done
check "corpus: utmp files compared" test "$n" -gt 0

# --- wtmpdb: the same logins in wtmpdb's schema give the same sessions --
login_sessions() {
	jq -r 'select(.kind == "login") | [.user, .host, .start,
	    (.end // "-"), (.status // "-")] | join(" ")' "$1" | sort
}
us() { echo "$(date -u -d "$1" +%s)000000"; }
wdb=$T/wtmpdb
mkdir -p "$wdb/var/lib/wtmpdb" "$T/wtmpeq/var/log"
sqlite3 "$wdb/var/lib/wtmpdb/wtmp.db" <<SQL
CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL,
    Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT)
    STRICT;
INSERT INTO wtmp VALUES (1, 1, 'reboot', $(us 2026-09-01T06:00:00), NULL,
    '~', '6.1.0-2-amd64', NULL);
INSERT INTO wtmp VALUES (2, 3, 'admin', $(us 2026-09-01T07:00:00),
    $(us 2026-09-01T07:30:00), 'pts/0', '198.51.100.7', 'sshd');
INSERT INTO wtmp VALUES (3, 3, 'admin', $(us 2026-09-01T08:00:00), NULL,
    'pts/1', '198.51.100.7', 'sshd');
INSERT INTO wtmp VALUES (4, 1, 'reboot', $(us 2026-09-02T06:00:00), NULL,
    '~', '6.1.0-2-amd64', NULL);
INSERT INTO wtmp VALUES (5, 3, 'root', $(us 2026-09-02T09:00:00), NULL,
    'pts/0', '203.0.113.5', 'sshd');
SQL
{
	rec 2 0 '~~' reboot '~' 6.1.0-2-amd64 0.0.0.0 2026-09-01T06:00:00
	rec 7 900 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-09-01T07:00:00
	rec 8 900 ts/0 '' pts/0 '' 0.0.0.0 2026-09-01T07:30:00
	rec 7 901 ts/1 admin pts/1 198.51.100.7 198.51.100.7 2026-09-01T08:00:00
	rec 2 0 '~~' reboot '~' 6.1.0-2-amd64 0.0.0.0 2026-09-02T06:00:00
	rec 7 1000 ts/0 root pts/0 203.0.113.5 203.0.113.5 2026-09-02T09:00:00
} | utmpdump -r >"$T/wtmpeq/var/log/wtmp" 2>/dev/null
rs logins --format json --root "$wdb"
cp "$T/out" "$T/wdb.json"
check "wtmpdb: read without an error" test ! -s "$T/err"
check "wtmpdb: the open root session found" sh -c "jq -e -s 'map(select(
    .check == \"logins.still_logged_in_remote\" and
    .path == \"/var/lib/wtmpdb/wtmp.db\")) | length == 1' '$T/wdb.json' \
    >/dev/null"
rs logins --format json --root "$T/wtmpeq"
login_sessions "$T/out" >"$T/want"
login_sessions "$T/wdb.json" >"$T/got"
check "wtmpdb: sessions found" test -s "$T/got"
same "wtmpdb: the same sessions as the same logins in wtmp" "$T/got" \
    "$T/want"
sqlite3 "$wdb/var/lib/wtmpdb/wtmp.db" 'DELETE FROM wtmp WHERE ID = 3'
rs logins --format json --root "$wdb"
check "wtmpdb: a row deleted from the middle is found" grep -q \
    '"check":"logins.wtmpdb_rows_deleted"' "$T/out"

# --- a clean server stays quiet ---------------------------------------
cln=$T/clean
mkdir -p "$cln/var/log" "$cln/etc"
cp "$srv/etc/passwd" "$cln/etc/passwd"
printf 'sudo:x:27:admin\n' >"$cln/etc/group"
{
	rec 2 0 '~~' reboot '~' 6.1.0-2-amd64 0.0.0.0 2026-11-01T06:00:00
	rec 1 53 '~~' runlevel '~' 6.1.0-2-amd64 0.0.0.0 2026-11-01T06:00:05
	rec 7 900 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-11-02T08:00:00
	rec 8 900 ts/0 '' pts/0 '' 0.0.0.0 2026-11-02T08:40:00
	rec 7 950 ts/0 admin pts/0 198.51.100.7 198.51.100.7 2026-11-03T08:00:00
	rec 8 950 ts/0 '' pts/0 '' 0.0.0.0 2026-11-03T09:10:00
	rec 1 48 '~~' runlevel '~' 6.1.0-2-amd64 0.0.0.0 2026-11-04T10:00:00
	rec 1 0 '~~' shutdown '~' 6.1.0-2-amd64 0.0.0.0 2026-11-04T10:00:02
} | utmpdump -r >"$cln/var/log/wtmp" 2>/dev/null
{
	rec 6 3000 '' root ssh:notty 192.0.2.50 192.0.2.50 2026-11-02T03:00:00
	rec 6 3001 '' oracle ssh:notty 192.0.2.51 192.0.2.51 2026-11-02T03:10:00
	rec 6 3002 '' admin ssh:notty 198.51.100.7 198.51.100.7 2026-11-03T07:59:40
} | utmpdump -r >"$cln/var/log/btmp" 2>/dev/null
cat >"$cln/var/log/auth.log" <<'EOF'
2026-11-02T09:00:00.100000+01:00 web02 sshd[900]: Accepted publickey for admin from 198.51.100.7 port 50100 ssh2: ED25519 SHA256:AAAAC3NzaC1lZDI1NTE5AAAAIGzzq0mXv2QwYh9dK3rT
2026-11-02T09:01:10.000000+01:00 web02 sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/apt upgrade
2026-11-03T08:59:40.000000+01:00 web02 sshd[3002]: Failed password for admin from 198.51.100.7 port 50200 ssh2
2026-11-03T09:00:00.100000+01:00 web02 sshd[950]: Accepted password for admin from 198.51.100.7 port 50210 ssh2
EOF
{
	: lastlog: uid 1000, 292-byte records
	head -c $((292 * 1000)) /dev/zero
	mkelf_le "$(date -u -d 2026-11-03T08:00:00Z +%s)" 4
	printf 'pts/0'; head -c 27 /dev/zero
	printf '198.51.100.7'; head -c 244 /dev/zero
} >"$cln/var/log/lastlog"
touch -d 2026-11-04T10:00:02Z "$cln/var/log/wtmp"
touch -d 2026-11-03T09:00:00Z "$cln/var/log/auth.log" "$cln/var/log/lastlog"
touch -d 2026-11-03T07:59:40Z "$cln/var/log/btmp"
rs logins --format json --root "$cln"
status "clean server: exit 0" 0
check "clean server: no finding of medium or higher" sh -c "jq -e -s \
    'map(select(.type == \"finding\" and (.severity == \"medium\" or
    .severity == \"high\"))) | length == 0' '$T/out' >/dev/null"
check "clean server: the admin's logins are listed" sh -c "jq -e -s \
    'map(select(.kind == \"login\" and .user == \"admin\")) | length == 2' \
    '$T/out' >/dev/null"

# --- hostile input ----------------------------------------------------
hst=$T/hostile
mkdir -p "$hst/var/log" "$hst/etc"
cp "$srv/etc/passwd" "$hst/etc/passwd"
printf x >"$hst/var/log/wtmp"
rs logins --format json --root "$hst"
check "1-byte wtmp: a torn record reported" grep -q \
    '"check":"logins.partial_record"' "$T/out"
check "1-byte wtmp: exit 0 or 1" test "$rc" -le 1

# a record whose user and host fill their fields with no NUL
u32=abcdefghijklmnopqrstuvwxyz012345
h=$(printf '%0256d' 0 | tr 0 h)
{
	rec 7 77 ts/9 "$u32" pts/9 "$h" 192.0.2.9 2026-11-05T01:00:00
} | utmpdump -r >"$hst/var/log/wtmp" 2>/dev/null
rs logins --format json --root "$hst"
check "unterminated user: 32 bytes kept, no more" grep -q \
    "\"user\":\"$u32\"" "$T/out"
check "unterminated host: 256 bytes kept" grep -q "\"host\":\"$h\"" "$T/out"

# a truncated gzip and a 1 MiB line: the lines before and after count
{
	echo "2026-11-05T10:00:00.000000+00:00 h sshd[1]: Accepted password for root from 192.0.2.1 port 1 ssh2"
	head -c 1048576 /dev/zero | tr '\0' A
	echo
	echo "2026-11-05T11:00:00.000000+00:00 h sshd[2]: Accepted password for root from 192.0.2.2 port 2 ssh2"
} >"$hst/var/log/auth.log"
{
	echo "2026-11-01T10:00:00.000000+00:00 h sshd[3]: Accepted password for root from 192.0.2.3 port 3 ssh2"
	head -c 200000 /dev/urandom | od -An -tx1
} | gzip -c | head -c 4000 >"$hst/var/log/auth.log.2.gz"
rs logins --format json --root "$hst"
check "1 MiB syslog line: the login after it is read" grep -q \
    '"from":"192.0.2.2"' "$T/out"
check "truncated gzip: the login before the cut is read" grep -q \
    '"from":"192.0.2.3"' "$T/out"
check "truncated gzip: one line naming the file" grep -q \
    '^rescue: /var/log/auth.log.2.gz: gzip data ends early' "$T/err"
one_line_error "truncated gzip: errors are one line each"

# 10^6 records through a rotated gzip copy: streamed, never held
awk 'BEGIN {
	for (i = 0; i < 1000000; i++) {
		pid = 10000 + i % 50000
		if (i % 1000 == 0)
			printf "[7] [%05d] [ts/%d] [u%-7d] [pts/%-8d] [%-20s] [%-15s] [2026-10-01T00:%02d:%02d,000000+00:00]\n", pid, i % 7, i % 7, i % 7, "192.0.2.8", "192.0.2.8", (i / 60) % 60, i % 60
		else
			printf "[6] [%05d] [    ] [LOGIN   ] [tty%-9d] [%-20s] [%-15s] [2026-10-01T00:%02d:%02d,000000+00:00]\n", pid, i % 7, "", "0.0.0.0", (i / 60) % 60, i % 60
	}
}' | utmpdump -r 2>/dev/null | gzip -1 >"$hst/var/log/wtmp.1.gz"
: >"$hst/var/log/auth.log"
case $RESCUE in
*.asan)	rs logins --format json --root "$hst" ;;
*)	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$T/rss" "$RESCUE" logins \
		    --format json --root "$hst" >"$T/out" 2>"$T/err"
		rss=$(tail -n 1 "$T/rss")
		check "10^6 records: peak memory under 64 MiB ($rss KiB)" \
		    test "$rss" -lt 65536
	else
		rs logins --format json --root "$hst"
	fi ;;
esac
check "10^6 records: all counted" sh -c "jq -e -s 'map(select(
    .kind == \"source\" and .path == \"/var/log/wtmp.1.gz\" and
    .entries == 1000000)) | length == 1' '$T/out' >/dev/null"

finish
