#!/bin/sh
# t3800 - export and verify: the demo exported, listed by GNU tar and
# bsdtar, unpacked and compared with debugfs' own copy of the image; the
# manifest's hashes; the quarantine; -o -; every --compress; verify on a
# good, a flipped, a cut and a shortened archive; --include/--exclude; a
# tree with hard links, xattrs, an ACL, a sparse file and hostile names
# round-tripped; a file past the end of a cut image reported and skipped
. "${TOP:?}/tests/lib/e2e.sh"

demo=$IMG/demo.img
root_fs="$demo?offset=$DEMO_ROOT_OFFSET"
home_fs="$demo?offset=$DEMO_HOME_OFFSET"
tarx() { tar --warning=no-unknown-keyword "$@"; }
jqe() { jq -e "$@" >/dev/null; }

# --- the demo -----------------------------------------------------------
rs export "$demo" -o "$T/d.tar.zst"
status "demo: exit 1 (files quarantined)" 1
check "demo: archive, manifest and quarantine beside it" \
    test -s "$T/d.tar.zst" -a -s "$T/d.manifest.jsonl" \
    -a -s "$T/d.quarantine.tar.zst"
check "demo: no .tmp left" sh -c "! ls '$T'/*.tmp 2>/dev/null"
check "demo: the includes printed" grep -q \
    '^rescue: export: including /etc /home' "$T/err"
check "demo: a summary line" grep -q '^rescue: export: .* entries' "$T/err"
check "demo: GNU tar lists it" sh -c "tar --warning=no-unknown-keyword \
    -I zstd -tvf '$T/d.tar.zst' >'$T/gnu.list'"
check "demo: bsdtar lists it" sh -c "bsdtar -tf '$T/d.tar.zst' \
    >'$T/bsd.list'"
check "demo: the manifest is the first member" sh -c \
    "head -n 1 '$T/bsd.list' | grep -qx rescue-manifest.jsonl"
check "demo: the triage report is in" grep -qx rescue-triage.jsonl \
    "$T/bsd.list"
check "demo: the hashes are the last member" sh -c \
    "tail -n 1 '$T/bsd.list' | grep -qx rescue-manifest.sha256.jsonl"
check "demo: owner names from the server (www-data)" grep -q \
    'www-data/www-data .* var/www/html' "$T/gnu.list"

mkdir "$T/x" "$T/b" "$T/ref"
tarx -I zstd --numeric-owner --xattrs -xpf "$T/d.tar.zst" -C "$T/x"
bsdtar --numeric-owner -xpf "$T/d.tar.zst" -C "$T/b"

# debugfs' copy of the same tree: the reference tool judges
tops=$(jq -r 'select(.type == "dir") | .path' "$T/d.manifest.jsonl" |
    awk -F/ 'NF == 2 || $0 ~ "^/(var/www|var/spool/cron|usr/local)$"')
for p in $tops; do
	case $p in
	/home*) continue ;;
	/var|/usr) continue ;;
	esac
	mkdir -p "$T/ref$(dirname "$p")"
	debugfs -R "rdump $p $T/ref$(dirname "$p")" "$root_fs" 2>/dev/null
done
mkdir -p "$T/ref/home"
debugfs -R "rdump / $T/ref/home" "$home_fs" 2>/dev/null
mv "$T/ref/home/root" "$T/ref/home.tmp" 2>/dev/null	# rdump / names it root
[ -d "$T/ref/home.tmp" ] && rm -rf "$T/ref/home" && mv "$T/ref/home.tmp" "$T/ref/home"
jq -r 'select(.excluded) | .path' "$T/d.manifest.jsonl" | while read -r p; do
	rm -f "$T/ref$p"
done
# DIR: path, type, mode, owner, mtime (not of symlinks); rdump drops the
# sticky bit, so the permissions are compared without it
listing() {
	(cd "$1" && find . -path ./rescue-manifest.jsonl -prune -o \
	    -path ./rescue-triage.jsonl -prune -o \
	    -path ./rescue-manifest.sha256.jsonl -prune -o \
	    \( -type l -printf '%p l %l\n' \) -o \
	    \( -type d -printf '%p d %m %U %G\n' \) -o \
	    -printf '%p %y %m %U %G %TY%Tm%Td%TH%TM%TS %n\n' | sort |
	    sed -e 's/\.[0-9]*\( [0-9]*\)$/\1/' \
	    -e 's/^\([^ ]* [a-z]\) 1\([0-7][0-7][0-7] \)/\1 \2/')
}
listing "$T/x" >"$T/x.ls"
listing "$T/ref" >"$T/ref.ls"
listing "$T/b" >"$T/b.ls"
same "demo: GNU tar's copy: modes, owners, mtimes, symlinks as debugfs'" \
    "$T/x.ls" "$T/ref.ls"
same "demo: bsdtar's copy: the same" "$T/b.ls" "$T/ref.ls"
check "demo: GNU tar's copy: the bytes as debugfs'" diff -r \
    --no-dereference -x 'rescue-*' "$T/x" "$T/ref"
check "demo: every sha256 of the manifest matches sha256sum" sh -c "
    jq -r 'select(.sha256) | \"\(.sha256)  .\(.path)\"' '$T/d.manifest.jsonl' |
    (cd '$T/x' && sha256sum -c --quiet -)"
check "demo: the inner manifest has no hashes, the last member does" sh -c "
    cd '$T/x' && ! grep -q sha256 rescue-manifest.jsonl &&
    jq -e -s 'length > 20' rescue-manifest.sha256.jsonl >/dev/null"

# --- quarantine ---------------------------------------------------------
for f in /var/www/html/wp-content/uploads/.cache.php \
    /usr/local/lib/.cache/kworker /var/spool/cron/crontabs/root \
    /root/.ssh/authorized_keys; do
	check "quarantine: $f not in the archive" \
	    sh -c "! grep -qx '${f#/}' '$T/bsd.list'"
	check "quarantine: $f marked in the manifest" jqe -s \
	    "map(select(.path == \"$f\" and
	    (.excluded | startswith(\"quarantined\")))) | length == 1" \
	    "$T/d.manifest.jsonl"
done
bsdtar -tf "$T/d.quarantine.tar.zst" >"$T/q.list"
for f in var/www/html/wp-content/uploads/.cache.php \
    tmp/.X11-unix/.x/kworker var/tmp/.font-unix/.b \
    var/spool/cron/crontabs/root rescue-quarantine.jsonl; do
	check "quarantine: $f in the quarantine archive" grep -qx "$f" \
	    "$T/q.list"
done
bsdtar -xOf "$T/d.quarantine.tar.zst" rescue-quarantine.jsonl >"$T/q.json"
check "quarantine: the webshell with its finding" jqe -s 'map(select(
    .path == "/var/www/html/wp-content/uploads/.cache.php" and
    (.findings | map(.check) | index("binaries.webshell")) and
    (.sha256 | length) == 64)) | length == 1' "$T/q.json"
check "quarantine: the miner with its finding" jqe -s 'map(select(
    .path == "/tmp/.X11-unix/.x/kworker" and
    (.findings | map(.check) | index("binaries.miner")))) | length == 1' \
    "$T/q.json"
rs verify --format json "$T/d.quarantine.tar.zst"
status "quarantine: verify checks it whole, finds the malware: exit 1" 1
check "quarantine: verify: no damage, the webshell found" jqe -s '
    (map(select(.type == "finding" and
    (.check | test("hash|size|missing|unlisted|damaged|manif"))))
    | length == 0) and
    (map(select(.check == "verify.webshell")) | length == 1)' "$T/out"
check "quarantine: /etc/passwd stays (named as context only)" \
    grep -qx etc/passwd "$T/bsd.list"

# --- -o -, --compress ----------------------------------------------------
rs export "$demo" -o -
status "-o -: exit 1" 1
check "-o -: the same members" sh -c "bsdtar -tf '$T/out' | cmp -s - \
    '$T/bsd.list'"
check "-o -: the same data" sh -c "mkdir '$T/s' && tar \
    --warning=no-unknown-keyword -I zstd -xf '$T/out' -C '$T/s' &&
    diff -r --no-dereference -x 'rescue-*' '$T/s' '$T/x'"
for c in gzip xz none; do
	rs export "$demo" -o "$T/c-$c.tar" --compress "$c" --no-quarantine
	status "--compress $c: exit 0 with --no-quarantine" 0
	check "--compress $c: GNU tar reads it" sh -c "tar \
	    --warning=no-unknown-keyword -tf '$T/c-$c.tar' >/dev/null"
	check "--compress $c: the webshell is in" sh -c "bsdtar -tf \
	    '$T/c-$c.tar' | grep -q 'uploads/.cache.php'"
done

# --- verify -------------------------------------------------------------
rs verify "$T/d.tar.zst"
status "verify: the untouched export: exit 0" 0
rs verify "$T/d.tar.zst" --manifest "$T/d.manifest.jsonl"
status "verify --manifest: exit 0" 0
rs verify --format json "$T/c-none.tar"
status "verify: without quarantine, the webshell and miner: exit 1" 1
check "verify: the webshell found" jqe -s 'map(select(.check ==
    "verify.webshell" and (.path | endswith(".cache.php")))) | length > 0' \
    "$T/out"
check "verify: the cron dropper found" jqe -s 'map(select(.check ==
    "verify.cron_command")) | length > 0' "$T/out"
printf 'SHA256:%s admin\n' AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA >"$T/allow"
rs verify --format json --allow-keys "$T/allow" "$T/c-none.tar"
check "verify --allow-keys: the intruder's key is not allowed" jqe -s '
    map(select(.check == "verify.unknown_key" and
    .path == "/root/.ssh/authorized_keys")) | length > 0' "$T/out"
rs verify --allow-keys "$T/d.tar.zst" "$T/d.tar.zst"
status "verify --allow-keys with no key in the file: exit 3" 3
python3 - "$T/c-none.tar" "$T/flip.tar" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
i = d.find(b'127.0.0.1')
d[i] ^= 1
open(sys.argv[2], 'wb').write(d)
PY
rs verify --format json "$T/flip.tar"
status "verify: a flipped byte: exit 3" 3
check "verify: the flipped member named" jqe -s 'map(select(.check ==
    "verify.hash_mismatch" and .path == "/etc/hosts")) | length == 1' "$T/out"
head -c $(($(stat -c %s "$T/c-none.tar") / 2)) "$T/c-none.tar" >"$T/cut.tar"
rs verify --format json "$T/cut.tar"
status "verify: a cut archive: exit 3" 3
check "verify: the cut is reported" jqe -s 'map(select(.check ==
    "verify.damaged" or .check == "verify.member_missing")) | length > 0' \
    "$T/out"
head -c 20000 "$T/d.tar.zst" >"$T/cut.tar.zst"
rs verify "$T/cut.tar.zst"
status "verify: a cut zstd archive: exit 3" 3
bsdtar -cf "$T/rm.tar" --exclude etc/hostname "@$T/c-none.tar"
rs verify --format json "$T/rm.tar"
status "verify: a removed member: exit 3" 3
check "verify: the removed member named" jqe -s 'map(select(.check ==
    "verify.member_missing" and .path == "/etc/hostname")) | length == 1' \
    "$T/out"
printf 'planted\n' >"$T/planted"
bsdtar -cf "$T/add.tar" "@$T/c-none.tar" -C "$T" planted
rs verify --format json "$T/add.tar"
status "verify: an added member: exit 3" 3
check "verify: the added member named" jqe -s 'map(select(.check ==
    "verify.member_unlisted" and .path == "/planted")) | length == 1' \
    "$T/out"

# --- --include, --exclude ---------------------------------------------
rs export "$demo" -o "$T/i.tar" --compress none --include /etc \
    --include /var/www --exclude /etc/ssh
check "--include/--exclude: exit 1 (the webshell)" test "$rc" -eq 1
bsdtar -tf "$T/i.tar" >"$T/i.list"
check "--include: /etc and /var/www only" sh -c "! grep -v \
    -e '^etc/' -e '^var/www/' -e '^rescue-' '$T/i.list'"
check "--exclude: /etc/ssh left out" sh -c "! grep -q '^etc/ssh' \
    '$T/i.list'"
check "--exclude: recorded in the manifest" jqe -s 'map(select(.path ==
    "/etc/ssh" and .excluded == "--exclude")) | length == 1' \
    "$T/i.manifest.jsonl"
rs export "$demo" -o "$T/r.tar" --include relative/path
status "--include relative: usage error" 2
rs export "$demo"
status "no -o: usage error" 2
rs export "$IMG/notfs.img" -o "$T/n.tar"
status "no filesystem: exit 3" 3
check "no filesystem: no archive left" test ! -e "$T/n.tar" -a \
    ! -e "$T/n.tar.tmp"

# --- a tree with every kind of entry -----------------------------------
src=$T/src
mkdir -p "$src/etc" "$src/srv/data" "$src/home/alice/.ssh"
printf 'PRETTY_NAME="Test"\nID=debian\n' >"$src/etc/os-release"
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1234:1234::/home/alice:/bin/sh\n' \
    >"$src/etc/passwd"
printf 'root:x:0:\nalice:x:1234:\nstaff:x:2345:alice\n' >"$src/etc/group"
printf 'hello\n' >"$src/srv/data/a"
ln "$src/srv/data/a" "$src/srv/data/a-link"
ln -s /etc/passwd "$src/srv/data/abs-link"
ln -s ../../etc "$src/srv/data/up-link"
printf 'nl\n' >"$src/srv/data/new
line"
printf 'dots\n' >"$src/srv/data/..."
head -c 100000 /dev/urandom >"$src/srv/data/big"
truncate -s 4M "$src/srv/data/sparse"
printf 'middle' | dd of="$src/srv/data/sparse" bs=1 seek=2000000 \
    conv=notrunc 2>/dev/null
truncate -s 1G "$src/srv/data/allhole"
cp /bin/true "$src/home/alice/tool"
chown -R 1234:2345 "$src/home/alice"
chmod 4750 "$src/srv/data/big"
touch -d '2023-03-04 05:06:07.123456789' "$src/srv/data/a"
mkfs.ext4 -q -F -I 256 -U 5e5c0e00-0000-4000-8000-000000003800 \
    -E hash_seed=5e5c0e00-0000-4000-8000-000000003801 -d "$src" \
    "$T/tree.img" 16M >/dev/null
printf 'v' >"$T/xv"
# POSIX ACL (version 2, the kernel's layout): user::rw-, user:1234:r--,
# group::r--, mask::r--, other::---
printf '\002\000\000\000\001\000\006\000\377\377\377\377\002\000\004\000\322\004\000\000\004\000\004\000\377\377\377\377\020\000\004\000\377\377\377\377\040\000\000\000\377\377\377\377' \
    >"$T/acl"
debugfs -w -f - "$T/tree.img" >/dev/null 2>&1 <<EOF
ea_set -f $T/xv /srv/data/a user.note
ea_set -f $T/acl /srv/data/a system.posix_acl_access
sif /srv/data/a mtime_extra 493827156
EOF
rs export "$T/tree.img" -o "$T/t.tar.zst" --include /srv --include /home \
    --no-quarantine
status "tree: exit 0" 0
mkdir "$T/tx"
tarx -I zstd --numeric-owner --xattrs --xattrs-include='*' --acls -xpf \
    "$T/t.tar.zst" -C "$T/tx" 2>"$T/tar.err"
check "tree: GNU tar unpacks it" test -f "$T/tx/srv/data/a"
check "tree: contents" diff -r --no-dereference "$src/srv" "$T/tx/srv"
check "tree: the hard link is one inode" test "$T/tx/srv/data/a" -ef \
    "$T/tx/srv/data/a-link"
check "tree: the hard link in the manifest" jqe -s 'map(select(.path ==
    "/srv/data/a-link" and .type == "hardlink" and
    .link == "/srv/data/a")) | length == 1' "$T/t.manifest.jsonl"
check "tree: symlinks kept as written" sh -c "
    test \"\$(readlink '$T/tx/srv/data/abs-link')\" = /etc/passwd &&
    test \"\$(readlink '$T/tx/srv/data/up-link')\" = ../../etc"
check "tree: setuid and owners" sh -c "
    test \"\$(stat -c '%a %u %g' '$T/tx/srv/data/big')\" = '4750 0 0' &&
    test \"\$(stat -c '%u %g' '$T/tx/home/alice/tool')\" = '1234 2345'"
check "tree: owner names from the server's passwd and group" sh -c "
    bsdtar -tvf '$T/t.tar.zst' | grep -q 'alice *staff .* home/alice/tool'"
check "tree: mtime with nanoseconds" test \
    "$(stat -c %y "$T/tx/srv/data/a")" = "2023-03-04 05:06:07.123456789 +0000"
check "tree: the xattr" python3 -c "import os, sys
sys.exit(os.getxattr('$T/tx/srv/data/a', 'user.note') != b'v')"
check "tree: the ACL as pax ACL records, named from the server" sh -c "bsdtar -xOf '$T/t.tar.zst' \
    >/dev/null && tar --warning=no-unknown-keyword -I zstd --acls -tvvf \
    '$T/t.tar.zst' srv/data/a 2>&1 | grep -q 'user:alice:r--'"
check "tree: the sparse file marked, its bytes right" sh -c "
    jq -e -s 'map(select(.path == \"/srv/data/sparse\" and .sparse))
    | length == 1' '$T/t.manifest.jsonl' >/dev/null &&
    cmp '$src/srv/data/sparse' '$T/tx/srv/data/sparse'"
check "tree: holes stay holes (GNU.sparse members)" sh -c "
    test \$(du -k '$T/tx/srv/data/sparse' | cut -f1) -lt 512 &&
    test \$(du -k '$T/tx/srv/data/allhole' | cut -f1) -lt 1024 &&
    cmp '$src/srv/data/allhole' '$T/tx/srv/data/allhole'"
check "tree: the newline name kept and in the manifest" sh -c "
    test -f '$T/tx/srv/data/new
line' && grep -q 'new\\\\u000aline' '$T/t.manifest.jsonl'"
check "tree: nothing outside the target folder" sh -c "
    cd '$T/tx' && test \"\$(find . -newer '$T/t.tar.zst' | grep -v '^\./srv\|^\./home\|^\.$' | wc -l)\" = 0"
rs verify "$T/t.tar.zst"
status "tree: verify finds the ELF in /home: exit 1" 1
check "tree: the ELF in /home found" grep -q verify.elf_in_data "$T/out"

# --- stopped by a signal: no FILE.tmp left behind -----------------------
# The archive goes into a FIFO nobody reads: the export blocks with its
# manifest beside the archive half written, and is then killed.
mkfifo "$T/sig.tar"
(sleep 30 <"$T/sig.tar") &
reader=$!
"$RESCUE" export "$demo" -o "$T/sig.tar" --compress none >/dev/null \
    2>&1 &
pid=$!
i=0
while [ ! -e "$T/sig.manifest.jsonl.tmp" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "signal: the manifest was being written" \
    test -e "$T/sig.manifest.jsonl.tmp"
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
check "signal: no .tmp left" sh -c "! ls '$T'/sig.*.tmp 2>/dev/null"

# --- a dropped program with a second name: both names stay out ---------
# /tmp/.x/sshd is flagged for where it is; its other name, in /opt, is
# not, and is the same bytes.
hl=$T/hl
mkdir -p "$hl/etc" "$hl/tmp/.x" "$hl/opt/app"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$hl/etc/passwd"
cp /bin/true "$hl/tmp/.x/sshd"
ln "$hl/tmp/.x/sshd" "$hl/opt/app/tool"
printf 'kept\n' >"$hl/opt/app/todo.txt"
mkfs.ext4 -q -F -d "$hl" "$T/hl.img" 8M >/dev/null 2>&1
rs export "$T/hl.img" -o "$T/hl.tar" --compress none --include /opt
status "hard link: exit 1 (a file quarantined)" 1
bsdtar -tf "$T/hl.tar" >"$T/hl.list"
bsdtar -xOf "$T/hl.tar" rescue-triage.jsonl >"$T/hl.triage"
check "hard link: the flagged name is a finding, the other is not" jqe -s '
    (map(select(.type == "finding" and .path == "/tmp/.x/sshd"))
    | length > 0) and (map(select(.type == "finding" and
    (.path | startswith("/opt")))) | length == 0)' "$T/hl.triage"
check "hard link: its other name is not in the archive" \
    sh -c "! grep -q 'opt/app/tool' '$T/hl.list'"
check "hard link: the files beside it are" grep -qx opt/app/todo.txt \
    "$T/hl.list"
check "hard link: the manifest says why" jqe -s 'map(select(
    .path == "/opt/app/tool" and .excluded ==
    "quarantined: a hard link of /tmp/.x/sshd")) | length == 1' \
    "$T/hl.manifest.jsonl"

# --- hostile names and symlinks, extracted with GNU tar's defaults -----
host_before=$(cat /etc/passwd /etc/shadow 2>/dev/null | sha256sum)
for img in names symlinks; do
	rs export "$IMG/$img.img" -o "$T/$img.tar" --compress none --include /
	check "$img: exported" test -s "$T/$img.tar"
	mkdir "$T/$img-x"
	(cd "$T/$img-x" && tar --warning=none -xf "$T/$img.tar")
	check "$img: every member name relative, none with '..'" sh -c "
	    bsdtar -tf '$T/$img.tar' | grep -v -e '^/' -e '\(^\|/\)\.\.\(/\|$\)' |
	    wc -l | grep -qx \"\$(bsdtar -tf '$T/$img.tar' | wc -l)\""
done
check "symlinks: links stored as links, their targets as written" sh -c "
    test \"\$(readlink '$T/symlinks-x/escape')\" = /../../../etc/shadow &&
    test -L '$T/symlinks-x/etc/abs'"
check "names: the newline name extracted inside the folder" sh -c "
    ls '$T/names-x' | wc -l | grep -qv '^0$'"
check "hostile: nothing written outside the folders (host files intact)" \
    test "$(cat /etc/passwd /etc/shadow 2>/dev/null | sha256sum)" = \
    "$host_before"

# --- a file past the end of a cut image --------------------------------
rs export "$IMG/truncated.img" -o "$T/cut-img.tar" --compress none \
    --include /
status "cut image: exit 1 (a file could not be read)" 1
check "cut image: the read error named on stderr" grep -q \
    '^rescue: /big: read error' "$T/err"
check "cut image: the error in the manifest" jqe -s 'map(select(.path ==
    "/big" and .error)) | length == 1' "$T/cut-img.manifest.jsonl"
check "cut image: the export went on" test -s "$T/cut-img.tar"

finish
