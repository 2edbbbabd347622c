#!/bin/sh
# bench.sh - rescue's speed next to the reference tools' on the same input
#
# Usage: scripts/bench.sh [RESCUE]      (make bench)
#
# A Debian 12 tree is debootstrapped once (network: Debian's archive)
# with the packages of a small web server, made into an ext4 image and
# cached in ~/.cache/rescue-bench.  Each command runs twice and the
# second (warm cache) time is printed, so the figures compare the tools,
# not the disk.
#   verify: rescue binaries IMAGE        vs  debsums -s --root=TREE
#   walk:   rescue ls -R -d IMAGE /      vs  fls -r IMAGE (sleuthkit)
#   wtmp:   rescue logins on 10^6 records vs last -f FILE
#   export: rescue export IMAGE --include /etc --include /usr (triage,
#           quarantine, manifest, SHA-256 and zstd on every CPU included)
#           vs tar -I 'zstd -T0' -cf over the same tree unpacked
#   timeline: rescue timeline on 10^6 files  vs fls -r -m / IMAGE, and the
#           two bodyfiles hold the same (name, inode, times) lines
# BENCH=timeline runs the timeline row alone (no debootstrap, no network).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
RESCUE=${1:-$TOP/rescue/rescue}
CACHE=${RESCUE_BENCH_CACHE:-$HOME/.cache/rescue-bench}
TREE=$CACHE/bookworm
IMG=$CACHE/bookworm.img
PKGS=openssh-server,nginx-light,python3,perl,curl,git,vim-tiny,cron,rsyslog,sudo,less,procps,iproute2

"$TOP/scripts/deps.sh" --pkgs debootstrap debsums sleuthkit e2fsprogs \
    util-linux time >&2
mkdir -p "$CACHE"

# seconds of the second of two runs of "$@"
secs() {
	"$@" >/dev/null 2>&1 || true
	/usr/bin/time -f %e -o "$CACHE/time" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$CACHE/time"	# after "Command exited with non-zero status"
}

row() {	# NAME RESCUE-SECS REF-NAME REF-SECS
	awk -v n="$1" -v r="$2" -v rn="$3" -v f="$4" 'BEGIN {
		x = r > 0 ? f / r : 0
		printf "%-8s rescue %7.2f s   %-14s %7.2f s   %5.1fx\n",
		    n, r, rn, f, x
	}'
}


# An ext4 image of 10^6 files in a generated tree (scripts/gen-tree.py),
# made once: the tree in tmpfs, the image in the cache.
timeline_row() {
	timg=$CACHE/timeline-1m.img
	if [ ! -f "$timg" ]; then
		src=$CACHE/tree.tmp
		[ -d /dev/shm ] && src=/dev/shm/rescue-bench-tree.$$
		echo "bench: generating 10^6 files in $src (once)" >&2
		rm -rf "$src"
		python3 "$TOP/scripts/gen-tree.py" "$src" 1000000
		mkfs.ext4 -q -F -L tl1m -N 1400000 -d "$src" "$timg.tmp" 6G
		rm -rf "$src"
		mv "$timg.tmp" "$timg"
	fi
	echo "bench: $timg, $(dumpe2fs -h "$timg" 2>/dev/null |
	    awk -F: '/^Inode count/ { n = $2 } /^Free inodes/ { f = $2 }
	    END { print n - f }') inodes in use"
	row timeline "$(secs "$RESCUE" timeline --format bodyfile "$timg")" \
	    "fls -r -m /" "$(secs fls -r -m / "$timg")"
	/usr/bin/time -f %M -o "$CACHE/rss" "$RESCUE" timeline "$timg" \
	    >"$CACHE/tl.body" 2>/dev/null || true
	echo "bench: rescue timeline peak RSS $(tail -n 1 "$CACHE/rss") KiB"
	fls -r -m / "$timg" >"$CACHE/tl.fls" 2>/dev/null || true
	for f in body fls; do
		cut -d'|' -f2,3,8-11 "$CACHE/tl.$f" | LC_ALL=C sort \
		    >"$CACHE/tl.$f.set"
	done
	if cmp -s "$CACHE/tl.body.set" "$CACHE/tl.fls.set"; then
		echo "bench: timeline: same (path, inode, times) set as fls," \
		    "$(wc -l <"$CACHE/tl.fls.set") lines"
	else
		echo "bench: timeline: DIFFERS from fls:" \
		    "$(diff "$CACHE/tl.fls.set" "$CACHE/tl.body.set" |
		    grep -c '^[<>]') lines"
		rm -f "$CACHE"/tl.*
		return 1
	fi
	rm -f "$CACHE"/tl.*
}
if [ "${BENCH:-all}" = timeline ]; then
	timeline_row
	exit
fi
if [ ! -f "$TREE/.done" ]; then
	echo "bench: debootstrap bookworm into $TREE (once)" >&2
	rm -rf "$TREE"
	debootstrap --variant=minbase --include="$PKGS" bookworm "$TREE" \
	    http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1 ||
	    { tail -n 5 "$CACHE/debootstrap.log" >&2; exit 1; }
	touch "$TREE/.done"
	rm -f "$IMG"
fi
if [ ! -f "$IMG" ]; then
	size=$(du -sm "$TREE" | cut -f1)
	mkfs.ext4 -q -F -L bench -d "$TREE" "$IMG" "$((size * 2 + 256))M"
fi

files=$(cat "$TREE"/var/lib/dpkg/info/*.md5sums | wc -l)
echo "bench: $IMG, $files package files"
row verify "$(secs "$RESCUE" binaries "$IMG")" "debsums -s" \
    "$(secs debsums -s --root="$TREE")"
row walk "$(secs "$RESCUE" ls -R -d "$IMG" /)" "fls -r" \
    "$(secs fls -r "$IMG")"

wt=$CACHE/wtmp-1e6
if [ ! -f "$wt" ]; then
	awk 'BEGIN { for (i = 0; i < 1000000; i++) {
		t = sprintf("2026-10-%02d", 1 + i % 28)
		if (i % 2 == 0)
			printf "[7] [%05d] [ts/%d] [user%-4d] [pts/%-8d] [%-20s] [%-15s] [%sT10:%02d:%02d,000000+00:00]\n", 1000 + i % 9000, i % 9, i % 50, i % 9, "198.51.100.7", "198.51.100.7", t, (i / 60) % 60, i % 60
		else
			printf "[8] [%05d] [ts/%d] [        ] [pts/%-8d] [%-20s] [%-15s] [%sT11:%02d:%02d,000000+00:00]\n", 1000 + (i - 1) % 9000, (i - 1) % 9, (i - 1) % 9, "", "0.0.0.0", t, (i / 60) % 60, i % 60
	} }' | utmpdump -r >"$wt" 2>/dev/null
fi
mkdir -p "$CACHE/wtroot/var/log"
rm -f "$CACHE/wtroot/var/log/wtmp"
cp "$wt" "$CACHE/wtroot/var/log/wtmp"
row wtmp "$(secs "$RESCUE" logins --format json --root "$CACHE/wtroot")" \
    "last -f" "$(secs last -f "$wt")"

out=$CACHE/export.tar.zst
row export "$(secs "$RESCUE" export "$IMG" -o "$out" --include /etc \
    --include /usr)" "tar+zstd -T0" "$(secs sh -c "rm -f '$out' &&
    cd '$TREE' && tar -I 'zstd -T0' -cf '$out' etc usr")"
rm -f "$out" "$CACHE/export.manifest.jsonl" "$CACHE/export.quarantine.tar.zst"
timeline_row
