#!/bin/sh
# t3400 - a whole clean Debian 12 server on an ext4 image: openssh-server,
# cron, nginx, a service under /opt, an admin's ordinary logins and
# history.  `rescue triage` must find nothing of medium or higher.
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/clean-server.sh"
. "$TOP/tests/lib/mkelf.sh"

umask 022
srv=$T/srv
mkdir -p "$srv"
clean_accounts_tree "$srv"
cp "$srv/etc/passwd" "$T/passwd" && cp "$srv/etc/shadow" "$T/shadow"
clean_persistence_tree "$srv"
# one set of accounts: the install's, with the service account of /opt
cp "$T/passwd" "$srv/etc/passwd" && cp "$T/shadow" "$srv/etc/shadow"
echo 'myapp:x:990:990::/opt/myapp:/usr/sbin/nologin' >>"$srv/etc/passwd"
echo 'myapp:!:20000::::::' >>"$srv/etc/shadow"
rm -rf "$srv/home/admin"

# anna's logins: wtmp, btmp with the internet's background noise,
# auth.log, lastlog; all consistent
rec() {	# TYPE PID ID USER LINE HOST ADDR TIME
	printf '[%s] [%05d] [%-4.4s] [%-8s] [%-12s] [%-20s] [%-15s] [%s,000000+00:00]\n' \
	    "$@"
}
mkdir -p "$srv/var/log"
{
	rec 2 0 '~~' reboot '~' 6.1.0-28-amd64 0.0.0.0 2026-11-01T06:00:00
	rec 1 53 '~~' runlevel '~' 6.1.0-28-amd64 0.0.0.0 2026-11-01T06:00:05
	rec 7 900 ts/0 anna pts/0 198.51.100.7 198.51.100.7 2026-11-02T08:00:00
	rec 8 900 ts/0 '' pts/0 '' 0.0.0.0 2026-11-02T08:40:00
	rec 7 950 ts/0 anna pts/0 198.51.100.7 198.51.100.7 2026-11-03T08:00:00
	rec 8 950 ts/0 '' pts/0 '' 0.0.0.0 2026-11-03T09:10:00
	rec 1 48 '~~' runlevel '~' 6.1.0-28-amd64 0.0.0.0 2026-11-04T10:00:00
	rec 1 0 '~~' shutdown '~' 6.1.0-28-amd64 0.0.0.0 2026-11-04T10:00:02
} | utmpdump -r >"$srv/var/log/wtmp" 2>/dev/null
{
	rec 6 3000 '' root ssh:notty 192.0.2.50 192.0.2.50 2026-11-02T03:00:00
	rec 6 3001 '' oracle ssh:notty 192.0.2.51 192.0.2.51 2026-11-02T03:10:00
} | utmpdump -r >"$srv/var/log/btmp" 2>/dev/null
cat >"$srv/var/log/auth.log" <<'EOF'
2026-11-02T04:00:00.000000+01:00 web02 sshd[3000]: Failed password for root from 192.0.2.50 port 40022 ssh2
2026-11-02T04:10:00.000000+01:00 web02 sshd[3001]: Invalid user oracle from 192.0.2.51 port 40100
2026-11-02T09:00:00.100000+01:00 web02 sshd[900]: Accepted publickey for anna from 198.51.100.7 port 50100 ssh2: ED25519 SHA256:AAAAC3NzaC1lZDI1NTE5AAAAIGzzq0mXv2QwYh9dK3rT
2026-11-02T09:01:10.000000+01:00 web02 sudo:     anna : TTY=pts/0 ; PWD=/home/anna ; USER=root ; COMMAND=/usr/bin/apt upgrade
2026-11-03T09:00:00.100000+01:00 web02 sshd[950]: Accepted publickey for anna from 198.51.100.7 port 50210 ssh2: ED25519 SHA256:AAAAC3NzaC1lZDI1NTE5AAAAIGzzq0mXv2QwYh9dK3rT
EOF
{
	head -c $((292 * 1000)) /dev/zero
	mkelf_le "$(date -u -d 2026-11-03T08:00:00Z +%s)" 4
	printf 'pts/0'; head -c 27 /dev/zero
	printf '198.51.100.7'; head -c 244 /dev/zero
} >"$srv/var/log/lastlog"

# histories: the admin's own, and root's from sudo -i
cat >"$srv/root/.bash_history" <<'EOF'
apt update
apt upgrade -y
systemctl status nginx
journalctl -u ssh --since today
vim /etc/nginx/sites-available/default
nginx -t && systemctl reload nginx
systemctl restart myapp
EOF
cat >"$srv/home/anna/.bash_history" <<'EOF'
sudo -i
df -h
git -C /opt/myapp/src pull
less /var/log/nginx/error.log
exit
EOF
cat >>"$srv.attrs" <<'EOF'
var/log/wtmp                   0664  0:43       20261104100002
var/log/btmp                   0660  0:43       20261102031000
var/log/auth.log               0640  0:4        20261103080000
var/log/lastlog                0664  0:43       20261103080000
root/.bash_history             0600  -          20261103090000
home/anna/.bash_history        0600  1000:1000  20261103091000
EOF
sh "$TOP/scripts/mkimage.sh" -s 32M -T 20250101000000 "$srv" "$T/clean.img"

rs triage --format json "$T/clean.img"
cp "$T/out" "$T/triage.json"
status "clean server: triage exits 0" 0
check "clean server: no finding of medium or higher" sh -c "jq -e -s \
    'map(select(.type == \"finding\" and (.severity == \"medium\" or
    .severity == \"high\"))) | length == 0' '$T/triage.json' >/dev/null"
check "clean server: every analyzer ran" sh -c "jq -e -s '[\"os\",
    \"login\", \"history\", \"cron\", \"ssh_key\"] - map(.kind) == []' \
    '$T/triage.json' >/dev/null"
check "clean server: anna's sessions are there" sh -c "jq -e -s 'map(select(
    .kind == \"login\" and .user == \"anna\")) | length == 2' \
    '$T/triage.json' >/dev/null"
check "clean server: Debian's cron and ssh.service recorded" sh -c "jq -e -s \
    '(map(select(.kind == \"cron\")) | length > 0) and
    (map(select(.kind == \"unit\")) | length > 0)' '$T/triage.json' \
    >/dev/null"
rs triage "$T/clean.img"
check "clean server: text fits 80 columns" \
    sh -c "awk 'length > 80' '$T/out' | grep -q . && exit 1 || exit 0"

finish
