#!/bin/sh
# t1450 - resource bounds on hostile disks: every file a parser reads
# whole is a 10 GiB sparse file; a directory of 10^6 entries; a path
# nested 10^4 levels deep; a chain of 10^5 symlinks; a history of 10^7
# lines.  Each command ends (no hang), stays under 256 MiB of memory
# (not measured under ASan, whose shadow memory would count) and says
# what it could not read in one line.
. "${TOP:?}/tests/lib/e2e.sh"

LIMIT_KB=$((256 * 1024))
case $RESCUE in *asan*) measure=0 ;; *) measure=1 ;; esac
if [ ! -x /usr/bin/time ] || ! command -v python3 >/dev/null; then
	echo "# SKIP /usr/bin/time (package time) or python3 missing"
	finish
	exit
fi

# rs_bounded ARGS...: rs under a 300 s limit; peak memory in $kb
rs_bounded() {
	_before=$(_hash_args "$@")
	timeout 300 /usr/bin/time -f %M -o "$T/mem" "$RESCUE" "$@" \
	    >"$T/out" 2>"$T/err"
	rc=$?
	kb=$(tail -n 1 "$T/mem" 2>/dev/null)
	case $kb in ''|*[!0-9]*) kb=0 ;; esac
	_after=$(_hash_args "$@")
	[ "$_before" = "$_after" ] ||
	    not_ok "evidence unchanged by: rescue $*" "image changed"
	if grep -q "ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer" \
	    "$T/err"; then
		not_ok "sanitizer clean: rescue $*" "$(head -5 "$T/err")"
	fi
	return 0
}
# bounded NAME: the last rs_bounded ended, did not crash, kept to the limit
bounded() {
	check "$1: ends (no hang)" test "$rc" -ne 124
	check "$1: no crash" test "$rc" -lt 128
	[ $measure -eq 1 ] &&
	    check "$1: under 256 MiB ($kb KiB)" test "$kb" -lt $LIMIT_KB
	check "$1: errors are one line each" sh -c \
	    "! grep -qv '^rescue: ' '$T/err'"
}

# --- every whole-file input a 10 GiB sparse file -------------------------
s=$T/sparse
mid=0123456789abcdef0123456789abcdef
for f in var/log/wtmp var/log/btmp var/log/lastlog var/log/auth.log \
    var/log/auth.log.1 var/log/secure var/log/syslog \
    var/log/journal/$mid/system.journal var/lib/wtmpdb/wtmp.db \
    var/lib/lastlog/lastlog2.db root/.bash_history root/.zsh_history \
    root/.python_history root/.mysql_history root/.viminfo \
    root/.ssh/authorized_keys etc/passwd etc/shadow etc/group etc/gshadow \
    etc/sudoers etc/ssh/sshd_config etc/crontab etc/cron.d/job \
    var/spool/cron/crontabs/root etc/systemd/system/x.service \
    etc/systemd/system/x.timer etc/rc.local etc/profile etc/bash.bashrc \
    etc/ld.so.preload etc/pam.d/sshd etc/login.defs etc/fstab \
    etc/os-release etc/hostname etc/localtime etc/machine-id \
    etc/systemd/journald.conf var/lib/dpkg/status \
    var/lib/dpkg/diversions var/lib/dpkg/info/x.list \
    var/lib/dpkg/info/x.md5sums var/lib/dpkg/info/x.conffiles \
    etc/nginx/nginx.conf var/www/html/index.php tmp/big usr/bin/big \
    var/log/dpkg.log; do
	mkdir -p "$s/${f%/*}"
	truncate -s 10G "$s/$f"
done
mkfs.ext4 -q -F -d "$s" "$T/sparse.img" 64M >/dev/null
for cmd in triage logins history persistence binaries journal timeline; do
	rs_bounded "$cmd" "$T/sparse.img"
	bounded "10 GiB sparse inputs: $cmd"
done
# a window given: the files changed in it, dpkg.log read for its runs
rs_bounded triage --since 2000-01-01 "$T/sparse.img"
bounded "10 GiB sparse inputs: triage with a window"

# --- a directory of 10^6 entries ------------------------------------------
# Written as raw directory blocks into a file that debugfs then makes a
# directory: mkfs -d and debugfs link one name at a time, in time that
# grows with the square of the directory.
s=$T/wide
mkdir -p "$s"
echo hi >"$s/target"
python3 - "$s/bigdir" <<'EOF'
import struct, sys
bs, out = 4096, open(sys.argv[1], 'wb')
blk, last = bytearray(), 0
def flush():
    global blk
    if blk:
        pad = bs - len(blk)
        rl = struct.unpack_from('<H', blk, last + 4)[0]
        struct.pack_into('<H', blk, last + 4, rl + pad)
        out.write(bytes(blk) + b'\0' * pad)
        blk = bytearray()
def add(name, ino, ft):
    global last
    nb = name.encode()
    rl = (8 + len(nb) + 3) & ~3
    if len(blk) + rl > bs:
        flush()
    last = len(blk)
    blk.extend(struct.pack('<IHBB', ino, rl, len(nb), ft) + nb +
               b'\0' * (rl - 8 - len(nb)))
add('.', 12, 2); add('..', 2, 2)          # bigdir is inode 12, target 13
for i in range(1000000):
    add('f%07d' % i, 13, 1)
flush()
EOF
mkfs.ext4 -q -F -b 4096 -O ^metadata_csum -d "$s" "$T/wide.img" 64M \
    >/dev/null
debugfs -w -R "sif /bigdir mode 040755" "$T/wide.img" >/dev/null 2>&1
debugfs -w -R "sif /bigdir links_count 2" "$T/wide.img" >/dev/null 2>&1
rs_bounded ls -d "$T/wide.img" /bigdir
bounded "10^6 entries: ls"
check "10^6 entries: every one listed" test "$(wc -l <"$T/out")" -eq 1000000
rs_bounded stat -d "$T/wide.img" /bigdir/f0999999 /bigdir/f0000000
bounded "10^6 entries: stat of the last and the first"
check "10^6 entries: the last name found" grep -q 'Inode: 13' "$T/out"
rs_bounded timeline "$T/wide.img"
bounded "10^6 entries: timeline"
check "10^6 entries: a bodyfile line per name" \
    test "$(grep -c '^0|/bigdir/f' "$T/out")" -eq 1000000
rs_bounded triage "$T/wide.img"
bounded "10^6 entries: triage"

# --- 10^4 levels, 10^5 symlinks, 10^7 history lines -----------------------
s=$T/deep
python3 - "$s" <<'EOF'
import os, sys
s = sys.argv[1]
os.makedirs(s + '/etc')
open(s + '/etc/passwd', 'w').write('root:x:0:0:root:/root:/bin/bash\n')
N = 100000
for d in range(1000):
    os.makedirs(s + '/c/d%03d' % d)
for i in range(N):
    nxt = '/etc/passwd' if i + 1 == N else '/c/d%03d/s%02d' % divmod(i + 1, 100)
    os.symlink(nxt, s + '/c/d%03d/s%02d' % divmod(i, 100))
os.makedirs(s + '/root')
with open(s + '/root/.bash_history', 'w') as f:
    f.write('id\n' * 10000000)
EOF
mkfs.ext4 -q -F -N 110000 -d "$s" "$T/deep.img" 128M >/dev/null
i=0
while [ $i -lt 10000 ]; do
	printf 'mkdir n\ncd n\n'
	i=$((i + 1))
done >"$T/nest.cmd"
debugfs -w -f "$T/nest.cmd" "$T/deep.img" >/dev/null 2>&1
rs_bounded ls -R -d "$T/deep.img" /n
bounded "10^4 levels: ls -R"
check "10^4 levels: said too deep" grep -q 'too deep' "$T/err"
rs_bounded cat -d "$T/deep.img" /c/d000/s00
bounded "10^5 symlinks: cat"
check "10^5 symlinks: stops after 40" grep -q 'more than 40 symlinks' \
    "$T/err"
rs_bounded ls -R -d "$T/deep.img" /c
bounded "10^5 symlinks: ls -R"
rs_bounded timeline "$T/deep.img"
bounded "10^4 levels, 10^5 symlinks: timeline"
rs_bounded triage --format json "$T/deep.img"
bounded "10^7 history lines: triage"
check "10^7 history lines: every one read" grep -q \
    '"path":"/root/.bash_history","format":"bash","entries":10000000,' \
    "$T/out"
finish
