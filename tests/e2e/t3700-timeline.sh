#!/bin/sh
# t3700 - rescue timeline: the bodyfile holds what `fls -r -m /` prints
# (hard links, deep trees, long names, symlinks, deleted names, orphans;
# 128- and 256-byte inodes), mactime reads it the same, csv/json events
# are in time order inside --since/--until, a timestomped file and a
# deleted file are found, hostile images neither crash nor hang, and a
# clean tree gives no timeline.* finding.  Images are built here.
. "${TOP:?}/tests/lib/e2e.sh"

command -v fls >/dev/null && command -v mactime >/dev/null || {
	echo "# sleuthkit (fls, mactime) not installed: skipped"
	finish
	exit
}

# mktree DIR: hard links, a deep tree, names of 1 to 255 bytes, symlinks
# fast and slow, a fifo, odd bytes in names.
mktree() {
	mkdir -p "$1/etc" "$1/home/alice/.ssh" "$1/var/tmp" "$1/d"
	echo root:x:0:0::/root:/bin/sh >"$1/etc/passwd"
	echo key >"$1/home/alice/.ssh/authorized_keys"
	echo one >"$1/var/tmp/one"
	ln "$1/var/tmp/one" "$1/etc/hardlink"
	ln "$1/var/tmp/one" "$1/home/alice/hardlink2"
	_p=$1/deep
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 \
	    21 22 23 24 25 26 27 28 29 30; do
		_p=$_p/level$i
	done
	mkdir -p "$_p"
	echo bottom >"$_p/file"
	_long=$(printf '%0255d' 0 | tr 0 L)
	echo long >"$1/d/$_long"
	echo mid >"$1/d/$(printf '%0100d' 0 | tr 0 m)"
	ln -s ../etc/passwd "$1/d/fast-link"
	ln -s "/$(printf '%0120d' 0 | tr 0 s)/target" "$1/d/slow-link"
	mkfifo "$1/d/fifo"
	printf 'x' >"$1/d/with space"
	printf 'x' >"$1/d/line
break"
	for i in 1 2 3 4 5 6 7 8; do echo "$i" >"$1/d/gone$i"; done
	echo stomp >"$1/d/stomped"
	for i in 1 2 3 4 5 6; do echo "$i" >"$1/d/plain$i"; done
}

# mkimg IMG INODE_SIZE: the tree, then debugfs deletes and timestomps.
mkimg() {
	rm -rf "$T/src"
	mkdir "$T/src"
	mktree "$T/src"
	mkfs.ext4 -q -F -b 1024 -I "$2" -N 512 -d "$T/src" "$1" 8M \
	    >"$T/mkfs.log" 2>&1 ||
	    return 1
	_cr=$(debugfs -R 'stat /d/stomped' "$1" 2>/dev/null |
	    sed -n 's/^ *ctime: 0x\([0-9a-f]*\).*/\1/p')
	_later=$(( 0x$_cr + 7200 ))
	# rm: a removed name; kill_file: a freed inode its name still holds;
	# unlink alone: a name removed, its inode still in use.
	debugfs -w -f - "$1" >/dev/null 2>&1 <<-EOF
	rm /d/gone1
	rm /d/gone3
	rm /d/gone8
	kill_file /d/gone5
	unlink /d/gone6
	set_inode_field /d/stomped mtime 20010101000000
	set_inode_field /d/stomped atime 20010101000000
	set_inode_field /d/stomped ctime @$_later
	set_inode_field /etc/passwd atime 20050505050505
	write $T/src/etc/passwd /d/reuses-inode-of-gone1
	EOF
	# gone8's removed entry loses its inode number (as the kernel does
	# to the first entry of a block): inode 23 becomes an orphan.
	_off=$(grep -obUa gone8 "$1" | head -1 | cut -d: -f1)
	printf '\000\000\000\000' | dd of="$1" bs=1 seek=$((_off - 8)) \
	    conv=notrunc 2>/dev/null
}

for isz in 256 128; do
	im=$T/tl$isz.img
	check "image -I $isz built" mkimg "$im" "$isz"
	fls -r -m / "$im" | LC_ALL=C sort >"$T/fls"
	rs timeline "$im"
	# 256-byte inodes keep the birth time: the timestomp is a finding.
	status "-I $isz: bodyfile exits $((isz == 256))" $((isz == 256))
	LC_ALL=C sort "$T/out" >"$T/body"
	# fls prints control bytes as '^', rescue escapes them ("\n").
	sed 's/line\^break/line\\nbreak/' "$T/fls" >"$T/fls.esc"
	same "-I $isz: bodyfile holds what fls -r -m / prints" "$T/body" \
	    "$T/fls.esc"
	check "-I $isz: the deleted name is there" \
	    grep -q '^0|/d/gone3 (deleted)|' "$T/body"
	check "-I $isz: the deleted name of a reused inode is there" \
	    grep -q '^0|/d/gone1 (deleted-realloc)|' "$T/body"
	check "-I $isz: a removed name without inode is there" \
	    grep -q '^0|/d/gone8 (deleted)|0|r/----------|' "$T/body"
	check "-I $isz: both hard links are there" \
	    grep -q '^0|/home/alice/hardlink2|' "$T/body"
	check "-I $isz: an orphan inode is there" \
	    grep -q '^0|/\$OrphanFiles/OrphanFile-[0-9]* (deleted)|' "$T/body"
	check "-I $isz: the 30-level path is there" \
	    grep -q 'level29/level30/file|' "$T/body"
	# mactime reads both the same way (control bytes aside).
	grep -v 'line' "$T/body" >"$T/b1"
	grep -v 'line' "$T/fls" >"$T/b2"
	mactime -b "$T/b1" -d -z UTC >"$T/m1" 2>/dev/null
	mactime -b "$T/b2" -d -z UTC >"$T/m2" 2>/dev/null
	check "-I $isz: mactime gives lines" test -s "$T/m1"
	same "-I $isz: mactime -b reads rescue's bodyfile as fls's" \
	    "$T/m1" "$T/m2"
done

# An htree directory (e2fsck -D) with removed names, and a name removed
# and made again in one block: fls lists it once, live.
mkdir -p "$T/h/big" "$T/h/d"
i=0
while [ $i -lt 600 ]; do
	: >"$T/h/big/a-file-with-a-longish-name-$i"
	i=$((i + 1))
done
for i in 1 2 3 4 5; do echo $i >"$T/h/d/f$i"; done
# A fixed hash seed, one whose hash bytes look like an entry somewhere
# (fls and rescue both list it as a removed name), the same every run.
mkfs.ext4 -q -F -b 1024 -U 5e5c0e00-0000-4000-8000-000000003700 \
    -E hash_seed=5e5c0e00-0000-4000-8000-000000003705 -d "$T/h" \
    "$T/h.img" 16M >/dev/null
e2fsck -fyD "$T/h.img" >/dev/null 2>&1
f3=$(debugfs -R 'stat /d/f3' "$T/h.img" 2>/dev/null |
    sed -n 's/^Inode: *\([0-9]*\).*/\1/p')
debugfs -w -f - "$T/h.img" >/dev/null 2>&1 <<-EOF
rm /big/a-file-with-a-longish-name-7
rm /big/a-file-with-a-longish-name-500
unlink /d/f2
unlink /d/f3
link <$f3> /d/f3
EOF
check "htree: the directory is indexed" sh -c "debugfs -R 'stat /big' \
    '$T/h.img' 2>/dev/null | grep -q 'Flags: 0x.*1...\$'"
fls -r -m / "$T/h.img" | LC_ALL=C sort >"$T/fls"
rs timeline "$T/h.img"
# Such names hold any byte: fls prints '^' for a control byte or bad
# UTF-8, rescue an escape.
sed 's/\\x[01][0-9a-f]/^/g; s/\\x7f/^/g; s/\\[tnr]/^/g
    s/\\x[89a-f][0-9a-f]/^/g' "$T/out" | LC_ALL=C sort >"$T/body"
same "htree, name made again: the bodyfile holds what fls prints" \
    "$T/body" "$T/fls"
check "htree: hash bytes read as a removed name, cut at its NUL" \
    grep -q '^0|/big/^ (deleted' "$T/body"
check "htree: a removed name is found" \
    grep -q '^0|/big/a-file-with-a-longish-name-500 (deleted)|' "$T/body"

im=$T/tl256.img
rs timeline "$im" --format json
check "json: every line is JSON" jq -e . "$T/out" >/dev/null
check "json: the timestomped file is found" sh -c "jq -e -s 'map(select(
    .check == \"timeline.mtime_before_crtime\" and .path == \"/d/stomped\"))
    | length == 1' '$T/out' >/dev/null"
status "json: a medium finding exits 1" 1
check "json: the deleted file is an event" sh -c "jq -e -s 'map(select(
    .kind == \"event\" and .path == \"/d/gone3\" and .deleted == true))
    | length >= 1' '$T/out' >/dev/null"
check "json: events are in time order" sh -c "jq -r 'select(.kind ==
    \"event\") | .time' '$T/out' >'$T/times' && LC_ALL=C sort -c '$T/times'"
check "json: the 2001 mtime is an m... event" sh -c "jq -e -s 'map(select(
    .kind == \"event\" and .path == \"/d/stomped\" and
    .time == \"2001-01-01T00:00:00.000000000Z\" and .macb == \"ma..\"))
    | length == 1' '$T/out' >/dev/null"

check "json: the owner's name from the server's /etc/passwd" sh -c "jq -e -s \
    'map(select(.kind == \"event\" and .path == \"/etc/passwd\" and
    .user == \"root\")) | length >= 1' '$T/out' >/dev/null"

rs timeline "$im" --format csv --until 2002-01-01
check "csv: a header" sh -c "head -1 '$T/out' | grep -q '^time,macb,path'"
check "csv: --until keeps the 2001 event only" \
    test "$(wc -l <"$T/out")" -eq 2
check "csv: the finding goes to stderr" \
    grep -q 'timeline.mtime_before_crtime' "$T/err"
rs timeline "$im" --format csv --since 2002-01-01
check "csv: --since leaves the 2001 event out" \
    sh -c "! grep -q '^2001' '$T/out'"
cp "$T/out" "$T/since-utc"
rs timeline "$im" --format csv --since 2002-01-01T01:00+01:00
same "csv: --since with an offset is the same instant" "$T/out" \
    "$T/since-utc"
check "csv: the name with a newline is escaped" \
    grep -q '"/d/line\\nbreak"' "$T/out"

# A sort buffer of 10 events: the same csv and json, written in passes.
rs timeline "$im" --format csv
cp "$T/out" "$T/csv-one"
rs timeline "$im" --format csv --sort-buffer 240
check "csv: events past --sort-buffer come in later passes" \
    test "$(wc -l <"$T/csv-one")" -gt 40
same "csv: --sort-buffer 240 gives what one pass gives" "$T/out" "$T/csv-one"
rs timeline "$im" --format json
grep '"kind":"event"' "$T/out" >"$T/json-one"
rs timeline "$im" --format json --sort-buffer 1000
grep '"kind":"event"' "$T/out" >"$T/json-small"
same "json: --sort-buffer 1000 gives what one pass gives" \
    "$T/json-small" "$T/json-one"
rs timeline "$im" --sort-buffer 12Q
status "--sort-buffer 12Q is a usage error" 2
rs timeline "$im" --format csv --no-atime
check "--no-atime: no access-only event" sh -c "! grep -q '^[^,]*,\.a\.\.,' \
    '$T/out'"
check "--no-atime: every other event" test "$(wc -l <"$T/out")" -eq \
    "$(grep -vc '^[^,]*,\.a\.\.,' "$T/csv-one")"
check "--no-atime: there were access-only events to leave out" \
    grep -q '^[^,]*,\.a\.\.,' "$T/csv-one"
rs timeline "$im" --no-atime
status "--no-atime with a bodyfile is a usage error" 2

rs timeline "$im" --format text
check "text: the finding is in the report" \
    grep -q 'timeline.mtime_before_crtime' "$T/out"
check "text: one line an event, mactime's columns" grep -q \
    '^  2001-01-01 00:00:00  ma\.\.  -[rw-]\{9\}  root  *[0-9][0-9]*  /d/stomped$' \
    "$T/out"
check "text: as many event lines as csv" test \
    "$(grep -c '^  [0-9]\{4\}-' "$T/out")" -eq \
    "$(($(wc -l <"$T/csv-one") - 1))"

# Hostile: a directory loop, a bad rec_len, an inode table of garbage.
hostile() {	# NAME: $T/$NAME.img
	rs_timed timeline "$T/$1.img"
	check "$1: no hang" test "$rc" -ne 124
	check "$1: exits 0, 1 or 3" test "$rc" -le 3
	check "$1: no crash or sanitizer report" sh -c "! grep -q \
	    'AddressSanitizer\|runtime error:\|LeakSanitizer' '$T/err'"
	rs_timed timeline "$T/$1.img" --format json
	check "$1: json no hang" test "$rc" -ne 124 -a "$rc" -le 3
}

cp "$im" "$T/loop.img"
debugfs -w -f - "$T/loop.img" >/dev/null 2>&1 <<-EOF
link /deep /deep/level1/level2/up
link /d /d/self
EOF
hostile loop
rs timeline "$T/loop.img"
check "loop: the looping entry is a line" \
    grep -q '^0|/deep/level1/level2/up|' "$T/out"

cp "$im" "$T/reclen.img"
blk=$(debugfs -R 'blocks /d' "$T/reclen.img" 2>/dev/null | awk '{print $1}')
# rec_len of the first entry of /d's first block: 5 (not a multiple of 4)
printf '\005\000' | dd of="$T/reclen.img" bs=1 seek=$((blk * 1024 + 4)) \
    conv=notrunc 2>/dev/null
hostile reclen
# The block is read on past the bad entry, word by word, as fls does.
rs timeline "$T/reclen.img"
check "reclen: the entries after the bad one are read" \
    grep -q '^0|/d/plain6|' "$T/out"
fls -r -m / "$T/reclen.img" 2>/dev/null | LC_ALL=C sort |
    sed 's/line\^break/line\\nbreak/' >"$T/fls"
LC_ALL=C sort "$T/out" >"$T/body"
same "reclen: the bodyfile holds what fls prints" "$T/body" "$T/fls"

cp "$im" "$T/garbage.img"
itab=$(dumpe2fs "$T/garbage.img" 2>/dev/null |
    sed -n 's/.*Inode table at \([0-9]*\)-.*/\1/p' | head -1)
head -c 16384 /dev/urandom | dd of="$T/garbage.img" bs=1024 \
    seek=$((itab + 2)) conv=notrunc 2>/dev/null
hostile garbage

# The demo server: what the intruder changed is in the window, and the
# replaced ps and the preload library with its mtime set back are found.
if [ -f "$IMG/demo.img" ]; then
	rs timeline "$IMG/demo.img" --format json --since 2026-11-20T08:20
	status "demo: findings exit 1" 1
	for p in /etc/ld.so.preload /usr/bin/ps /var/spool/cron/crontabs/root \
	    /root/.ssh/authorized_keys /tmp/x.sh; do
		check "demo: $p changed in the window" sh -c "jq -e -s 'map(
		    select(.kind == \"event\" and .path == \"$p\")) |
		    length >= 1' '$T/out' >/dev/null"
	done
	check "demo: /usr/bin/ps replaced in place" sh -c "jq -e -s 'map(
	    select(.check == \"timeline.sysbin_ctime\" and
	    .path == \"/usr/bin/ps\")) | length == 1' '$T/out' >/dev/null"
	check "demo: the preload library's mtime set back" sh -c "jq -e -s \
	    'map(select(.check == \"timeline.mtime_before_crtime\" and
	    .path == \"/usr/local/lib/libprocesshider.so\")) | length == 1' \
	    '$T/out' >/dev/null"
	check "demo: nothing before the window" sh -c "! jq -r 'select(.kind
	    == \"event\") | .time' '$T/out' | grep -qv '^2026-11-2'"
fi

# A clean tree of real-looking files: no timeline finding.
src=$(basic_src)
mkfs.ext4 -q -F -I 256 -d "$src" "$T/clean.img" 64M >/dev/null
rs timeline "$T/clean.img" --format json
check "clean: no timeline.* finding" sh -c "! grep -q 'timeline\\.' '$T/err' &&
    ! jq -e 'select(.type == \"finding\")' '$T/out' >/dev/null"
status "clean: exits 0" 0
finish
