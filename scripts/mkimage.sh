#!/bin/sh
# mkimage.sh - build one ext2/3/4 filesystem image from a directory tree,
# byte for byte the same on every run and every checkout.
#
#   scripts/mkimage.sh [-t ext2|ext3|ext4] [-b 1024|4096] [-O features]
#                      [-U uuid] [-L label] [-s size] [-T time] [-n] TREE OUT.img
#
#   -t  filesystem type (ext4)          -b  block size (4096)
#   -O  mke2fs -O feature list          -U  filesystem UUID, also the dir hash seed
#   -L  volume label                    -s  image size, truncate(1) syntax (16M)
#   -T  time of every inode and of the superblock, @EPOCH or YYYYMMDDHHMMSS
#       (@1700000000 = 2023-11-14T22:13:20Z)
#   -n  do not run e2fsck -fn on the result (for images that are broken on purpose)
#
# Side files beside TREE (TREE=tests/trees/demo/root -> tests/trees/demo/root.*),
# all optional, applied in this order:
#   TREE.gen.sh   sh script run in the copy of the tree before mkfs, for what git
#                 cannot store: empty files of a size, sparse files, FIFOs, hard
#                 links, binary logs. Environment: TOP (repository), AUX (scratch
#                 dir that is not copied into the image; the debugfs fixup runs
#                 in it, so it can `write` or `ea_set -f` files left there).
#   TREE.attrs    "PATH MODE OWNER TIME" lines (PATH relative to TREE, without
#                 whitespace), "-" leaves a column alone:
#                   etc/shadow          0640  0:42       -
#                   home/alice/         0750  1000:1000  20241002101500
#                 MODE is the permission bits (the file type is kept), OWNER is
#                 uid:gid, TIME sets atime, mtime, ctime and crtime. A PATH that
#                 ends in / also gives OWNER and TIME to everything below it.
#                 An optional fifth column FLAGS adds inode flags: i immutable,
#                 a append only (chattr +i / +a; the other flags are kept).
#   TREE.debugfs  debugfs -w request file, for owners, flags, xattrs, device
#                 nodes, deleted files, single inode times. It runs with the
#                 debugfs clock at -T; `set_current_time` changes it, and the
#                 clock at the end is the superblock's last write time.
#                 Beware: mknod links its NAME literally into the current
#                 directory (`cd /dev` then `mknod null c 1 3`, not
#                 `mknod /dev/null ...`) and leaves the permission bits 0.
#
# Before the side files every inode is owned by 0:0 and has all four times at
# -T; files are 0644 or 0755 (executable in git), directories 0755; .keep
# files (placeholders for empty directories in git) are left out.
# Prints nothing on success.

set -eu

prog=mkimage.sh
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
usage() {
	echo "usage: $prog [-t ext2|ext3|ext4] [-b 1024|4096] [-O features] [-U uuid] [-L label] [-s size] [-T time] [-n] TREE OUT.img" >&2
	exit 2
}

fstype=ext4
bsize=4096
features=
uuid=5e5c0e00-0000-4000-8000-000000000001
label=
size=16M
ftime=@1700000000
fsck=1
while getopts t:b:O:U:L:s:T:n opt; do
	case $opt in
	t) fstype=$OPTARG ;;
	b) bsize=$OPTARG ;;
	O) features=$OPTARG ;;
	U) uuid=$OPTARG ;;
	L) label=$OPTARG ;;
	s) size=$OPTARG ;;
	T) ftime=$OPTARG ;;
	n) fsck=0 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || usage
tree=${1%/}
out=$2
case $out in /*) ;; *) out=$PWD/$out ;; esac

case $fstype in ext2|ext3|ext4) ;; *) die "-t $fstype: not ext2, ext3 or ext4" ;; esac
case $bsize in 1024|2048|4096) ;; *) die "-b $bsize: not 1024, 2048 or 4096" ;; esac
case $ftime in
@[0-9]*) epoch=${ftime#@} ;;
[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9])
	epoch=$(TZ=UTC date -d "$(echo "$ftime" | sed 's/^\(....\)\(..\)\(..\)\(..\)\(..\)\(..\)$/\1-\2-\3 \4:\5:\6/')" +%s) ;;
*) die "-T $ftime: not @EPOCH or YYYYMMDDHHMMSS" ;;
esac
[ -d "$tree" ] || die "$tree: not a directory"
command -v "mkfs.$fstype" >/dev/null || die "mkfs.$fstype not found (e2fsprogs)"
command -v debugfs >/dev/null || die "debugfs not found (e2fsprogs)"

# scandir(alphasort) in mke2fs -d and every sort here must not depend on the
# locale; debugfs parses YYYYMMDDHHMMSS as UTC only when TZ is UTC.
LC_ALL=C TZ=UTC
top=$(cd "$(dirname "$0")/.." && pwd)
E2FSPROGS_FAKE_TIME=$epoch
# mke2fs defaults (features, inode size) from the repository, not the host.
MKE2FS_CONFIG=$top/tests/lib/mke2fs.conf
export LC_ALL TZ E2FSPROGS_FAKE_TIME MKE2FS_CONFIG
[ -f "$MKE2FS_CONFIG" ] || die "$MKE2FS_CONFIG: missing"
work=$(mktemp -d "${TMPDIR:-/tmp}/mkimage.XXXXXX")
built=0
# a half-built image is removed, not left for a test to trust
trap 'rm -rf "$work"; [ $built = 1 ] || rm -f "$out"' EXIT
trap 'exit 130' INT TERM HUP
root=$work/tree
aux=$work/aux
mkdir "$aux"

# 1. Copy and normalise the tree. No -a: owners, times and the host's xattrs
# (which mke2fs -d would copy) stay behind.
mkdir "$root"
cp -RP "$tree/." "$root/"
find "$root" -name .keep -type f -exec rm -f {} +
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -perm -u+x -exec chmod 0755 {} +
find "$root" -type f ! -perm -u+x -exec chmod 0644 {} +

gen=$(cd "$(dirname "$tree")" && pwd)/$(basename "$tree").gen.sh
if [ -f "$gen" ]; then
	(cd "$root" && TOP=$top AUX=$aux sh -eu "$gen") >&2 || die "$gen failed"
fi
find "$root" -exec touch -h -d "@$epoch" {} +

# 2. The filesystem. The output is created by truncate so that mke2fs sees
# a zero-filled regular file of the size asked for.
rm -f "$out"
truncate -s "$size" "$out"
eopts=hash_seed=$uuid,root_owner=0:0,lazy_itable_init=0,lazy_journal_init=0,nodiscard
set -- -q -F -b "$bsize" -U "$uuid" -E "$eopts" -d "$root"
[ -z "$label" ] || set -- "$@" -L "$label"
[ -z "$features" ] || set -- "$@" -O "$features"
"mkfs.$fstype" "$@" "$out" >"$work/mkfs.log" 2>&1 || { cat "$work/mkfs.log" >&2; die "mkfs.$fstype failed on $out"; }

# 3. One debugfs request file: normalisation, attrs, workarounds, fixup.
req=$work/req.debugfs

# Every inode in use (from the inode bitmaps): root, lost+found and what -d
# copied. mke2fs -d copies uid/gid from the host and ctime from the host's
# copy (the time of the cp above), so they are set here.
dumpe2fs "$out" 2>/dev/null | awk '
	/^First inode:/ { first = $3 }
	/^Inodes per group:/ { ipg = $4 }
	/^Group [0-9]+:/ { g = $2; sub(":", "", g) }
	/^  Free inodes:/ {
		delete free
		s = $0; sub(/^  Free inodes: */, "", s)
		n = split(s, r, /, */)
		for (k = 1; k <= n; k++) {
			if (r[k] == "") continue
			if (split(r[k], ab, "-") == 1) ab[2] = ab[1]
			for (i = ab[1]; i <= ab[2]; i++) free[i] = 1
		}
		for (i = g * ipg + 1; i <= (g + 1) * ipg; i++)
			if (!(i in free) && (i == 2 || i >= first))
				print i
	}' >"$work/inodes"
[ -s "$work/inodes" ] || die "$out: no inode in use found by dumpe2fs"
while read -r ino; do
	printf 'sif <%s> uid 0\nsif <%s> gid 0\n' "$ino" "$ino"
	for f in atime mtime ctime crtime; do
		printf 'sif <%s> %s @%s\n' "$ino" "$f" "$epoch"
	done
done <"$work/inodes" >"$req"

# i_mode for PATH: its file type in the copied tree, permission bits PERM.
imode() {	# PATH PERM
	hex=$(stat -c %f "$root/$1")
	printf '0%o' $(( (0x$hex & 0170000) | 0$2 ))
}
settime() {	# PATH TIME
	for f in atime mtime ctime crtime; do
		printf 'sif "/%s" %s %s\n' "$1" "$f" "$2"
	done
}
if [ -f "$tree.attrs" ]; then
	lineno=0
	while read -r p m o t fl extra; do
		lineno=$((lineno + 1))
		case $p in ''|'#'*) continue ;; esac
		[ -n "$t" ] && [ -z "$extra" ] ||
		    die "$tree.attrs:$lineno: want PATH MODE OWNER TIME [FLAGS]"
		rec=0
		case $p in */) rec=1 ;; esac
		p=$(echo "$p" | sed 's,^/*,,; s,/*$,,')
		[ -e "$root/$p" ] || [ -L "$root/$p" ] || die "$tree.attrs:$lineno: $p: not in the tree"
		case $m in
		-) ;;
		[0-7][0-7][0-7]|[0-7][0-7][0-7][0-7])
			printf 'sif "/%s" mode %s\n' "$p" "$(imode "$p" "$m")" ;;
		*) die "$tree.attrs:$lineno: mode $m: not octal" ;;
		esac
		case $t in
		-|@[0-9]*) ;;
		[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
		*) die "$tree.attrs:$lineno: time $t: not @EPOCH or YYYYMMDDHHMMSS" ;;
		esac
		case $o in
		-) ;;
		*[!0-9:]*|:*|*:|*:*:*) die "$tree.attrs:$lineno: owner $o: not uid:gid" ;;
		*:*) ;;
		*) die "$tree.attrs:$lineno: owner $o: not uid:gid" ;;
		esac
		case $fl in
		"") ;;
		*[!ai]*) die "$tree.attrs:$lineno: flags $fl: only i (immutable) and a (append only)" ;;
		*)
			bits=0
			case $fl in *i*) bits=$((bits | 0x10)) ;; esac
			case $fl in *a*) bits=$((bits | 0x20)) ;; esac
			cur=$(debugfs -R "stat \"/$p\"" "$out" 2>/dev/null |
			    sed -n 's/.*Flags: \(0x[0-9a-f]*\).*/\1/p')
			[ -n "$cur" ] || die "$tree.attrs:$lineno: $p: no flags in the image"
			printf 'sif "/%s" flags 0x%x\n' "$p" $((cur | bits)) ;;
		esac
		if [ $rec = 1 ]; then
			(cd "$root" && find "./$p" -print) | sed 's,^\./,,'
		else
			echo "$p"
		fi | while read -r q; do
			if [ "$o" != - ]; then
				printf 'sif "/%s" uid %s\nsif "/%s" gid %s\n' "$q" "${o%:*}" "$q" "${o#*:}"
			fi
			[ "$t" = - ] || settime "$q" "$t"
		done
	done <"$tree.attrs" >>"$req"
fi

# mke2fs 1.47.0 -d with inline_data gets sparse files wrong: the size ends at
# the last data block (a trailing hole is lost), and a file with no data block
# at all becomes an inline-data inode of the full size. Put the sizes back,
# and turn the all-hole files into empty extent-mapped files.
case ",$features," in
*,inline_data,*)
	(cd "$root" && find . -type f -size +0 -print) | sed 's,^\./,,' | while read -r q; do
		printf 'sif "/%s" size %s\n' "$q" "$(stat -c %s "$root/$q")"
		if [ "$(stat -c %b "$root/$q")" = 0 ] && [ "$(stat -c %s "$root/$q")" -gt 60 ]; then
			printf 'ea_rm "/%s" system.data\n' "$q"
			printf 'sif "/%s" flags 0x80000\n' "$q"
			printf 'sif "/%s" block[0] 0xf30a\nsif "/%s" block[1] 4\n' "$q" "$q"
			for i in 2 3 4 5 6 7 8 9 10 11; do printf 'sif "/%s" block[%s] 0\n' "$q" "$i"; done
		fi
	done >>"$req" ;;
esac

[ ! -f "$tree.debugfs" ] || cat "$tree.debugfs" >>"$req"

# debugfs exits 0 after most failed requests: anything on stderr but its
# version banner is an error.
(cd "$aux" && debugfs -w -f "$req" "$out") >"$work/debugfs.out" 2>"$work/debugfs.err" || true
if grep -v '^debugfs [0-9.]* (' "$work/debugfs.err" >"$work/debugfs.bad"; then
	head -n 20 "$work/debugfs.bad" >&2
	die "debugfs requests failed on $out (see $tree.debugfs / $tree.attrs)"
fi

if [ $fsck = 1 ]; then
	e2fsck -fn "$out" >"$work/fsck.log" 2>&1 || { cat "$work/fsck.log" >&2; die "$out: e2fsck -fn found errors"; }
fi
built=1
