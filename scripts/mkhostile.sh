#!/bin/sh
# mkhostile.sh - build the hostile images for the reader's tests.
#
#   scripts/mkhostile.sh OUTDIR
#
# Writes into OUTDIR, each byte for byte the same on every run (ids in
# tests/lib/ids.sh; every inode time 2024-01-01T00:00:00Z unless said):
#
#   truncated.img     ext4 (16 MiB, 1 KiB blocks) cut to its first 8 MiB: the
#                     superblock is whole and claims 16384 blocks; /big (12 MiB)
#                     runs past the end of the image; the backup superblock of
#                     group 1 (block 8193) is gone.
#   zero-sb.img       ext4 (16 MiB, 1 KiB blocks) with the primary superblock
#                     (bytes 1024-2047) zeroed; backups at blocks 8193 (and
#                     none further: 2 groups).
#   past-end.img      GPT disk created for 16 MiB and cut to 6 MiB: p1 (sectors
#                     2048+6144) holds a whole ext4; p2 (8192+8192) an ext4 cut
#                     after its first 2 MiB; p3 (16384+8192) starts past the
#                     end; no backup GPT.
#   past-end-mbr.img  the same with an MBR: p1 2048+6144 (ext4), p2 8192+8192
#                     (ext4, cut), p3 16384+8192, image cut to 6 MiB.
#   notfs.img         1 MiB of pseudo-random bytes (an LCG), no signature.
#   names.img         ext4 whose root holds names with a newline, the bytes
#                     \377\376 (invalid UTF-8), an ANSI escape (ESC[2J), a tab,
#                     a carriage return, a leading dash, a shell $(...), and
#                     one of 255 bytes; each file holds its own description.
#   symlinks.img      ext4 with hostile symlinks (see the tree below):
#                     /etc/x -> ../../../../etc/shadow, /etc/abs -> /etc/passwd,
#                     /loop1 <-> /loop2, /self -> self, /deep = a chain of 41
#                     links (must fail), /d/l01 = a chain of 40 (must reach
#                     /d/target), /null -> /dev/null (no /dev/null inside),
#                     /escape -> /../../../etc/shadow, a slow (>60 byte) link.
#   mbr-logical.img   32 MiB MBR: p1 primary ext4 (2048+16384, LABEL=primary),
#                     p2 extended (18432+47104), p5 logical ext2 (20480+16384,
#                     LABEL=logical5), p6 logical ext4 (38912+16384,
#                     LABEL=logical6).
#   multi-os.img      40 MiB GPT: p1 (2048+32768, PARTLABEL debian-root) ext4
#                     LABEL=debian with Debian 12, p2 (34816+32768, PARTLABEL
#                     ubuntu-root) ext4 LABEL=ubuntu with Ubuntu 22.04; each has
#                     an /etc/fstab that mounts itself on / by UUID.
#
# Prints the path of each image on success.

set -eu

prog=mkhostile.sh
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $prog OUTDIR" >&2; exit 2; }
outdir=$1
mkdir -p "$outdir"

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/ids.sh"
command -v sfdisk >/dev/null || die "sfdisk not found (package fdisk)"
LC_ALL=C TZ=UTC
export LC_ALL TZ

work=$(mktemp -d "${TMPDIR:-/tmp}/mkhostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

mkimage() { sh "$top/scripts/mkimage.sh" -T "$HOSTILE_TIME" "$@"; }
sfdisk_() {	# IMAGE < script
	sfdisk -q --no-reread --no-tell-kernel "$1" >"$work/sfdisk.log" 2>&1 ||
	    { cat "$work/sfdisk.log" >&2; die "sfdisk failed on $1"; }
}
put() {	# FS.img DISK.img START-SECTOR
	dd if="$1" of="$2" bs=512 seek="$3" conv=notrunc,sparse status=none
}
done_() {	# NAME: move the finished image into OUTDIR
	mv -f "$work/$1" "$outdir/$1"
	echo "$outdir/$1"
}
# pattern N: N bytes in which no line repeats
pattern() {
	seq 0 $(($1 / 16 + 1)) | awk '{ printf "%07d:%08x\n", $1, ($1 * 40503) % 65536 * 65536 + $1 % 65536 }' |
	    head -c "$1"
}
# small TREE: a tree with an /etc/hostname and an /etc/os-release
small() {	# DIR HOSTNAME
	mkdir -p "$1/etc"
	echo "$2" >"$1/etc/hostname"
	cp "$top/tests/trees/demo/root/usr/lib/os-release" "$1/etc/os-release"
}

# -- truncated.img
small "$work/t-trunc" truncated
pattern $((12 * 1024 * 1024)) >"$work/t-trunc/big"
mkimage -b 1024 -U "$TRUNCATED_UUID" -s 16M "$work/t-trunc" "$work/truncated.img"
truncate -s 8M "$work/truncated.img"
done_ truncated.img

# -- zero-sb.img
small "$work/t-zerosb" zero-sb
mkimage -b 1024 -U "$ZEROSB_UUID" -s 16M "$work/t-zerosb" "$work/zero-sb.img"
dd if=/dev/zero of="$work/zero-sb.img" bs=1024 seek=1 count=1 conv=notrunc status=none
done_ zero-sb.img

# -- past-end.img, past-end-mbr.img
small "$work/t-pe1" past-end-p1
small "$work/t-pe2" past-end-p2
pattern $((3 * 1024 * 1024)) >"$work/t-pe2/big"
mkimage -U "$PASTEND_P1_UUID" -s 3M "$work/t-pe1" "$work/pe1.img"
mkimage -U "$PASTEND_P2_UUID" -s 4M "$work/t-pe2" "$work/pe2.img"
truncate -s 16M "$work/past-end.img"
sfdisk_ "$work/past-end.img" <<EOF
label: gpt
label-id: $PASTEND_DISK_GUID
unit: sectors
first-lba: 2048
start=2048, size=6144, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5e5c0e00-0000-4000-8000-000000000e31, name="whole"
start=8192, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5e5c0e00-0000-4000-8000-000000000e32, name="cut"
start=16384, size=8192, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=5e5c0e00-0000-4000-8000-000000000e33, name="beyond"
EOF
put "$work/pe1.img" "$work/past-end.img" 2048
put "$work/pe2.img" "$work/past-end.img" 8192
truncate -s 6M "$work/past-end.img"
done_ past-end.img
truncate -s 16M "$work/past-end-mbr.img"
sfdisk_ "$work/past-end-mbr.img" <<EOF
label: dos
label-id: $PASTEND_MBR_ID
unit: sectors
start=2048, size=6144, type=83
start=8192, size=8192, type=83
start=16384, size=8192, type=83
EOF
put "$work/pe1.img" "$work/past-end-mbr.img" 2048
put "$work/pe2.img" "$work/past-end-mbr.img" 8192
truncate -s 6M "$work/past-end-mbr.img"
done_ past-end-mbr.img

# -- notfs.img: x = 69069 x + 1 mod 2^32 (exact in awk's doubles), top byte
awk 'BEGIN {
	x = 20241120
	for (i = 0; i < 1048576; i++) {
		x = (69069 * x + 1) % 4294967296
		printf "%c", int(x / 16777216)
	}
}' >"$work/notfs.img"
[ "$(wc -c <"$work/notfs.img")" = 1048576 ] || die "notfs.img: awk wrote $(wc -c <"$work/notfs.img") bytes, not 1048576"
done_ notfs.img

# -- names.img
t=$work/t-names
mkdir -p "$t"
name() {	# NAME DESCRIPTION
	printf '%s\n' "$2" >"$t/$1"
}
nl='
'
name "new${nl}line" 'a newline in the name'
name "$(printf 'bad\377\376utf8')" 'the bytes 0xff 0xfe: not UTF-8'
name "$(printf 'clear\033[2Jscreen')" 'ESC [2J: clears a terminal'
name "$(printf 'tab\tname')" 'a tab in the name'
name "$(printf 'cr\rname')" 'a carriage return in the name'
name "$(printf 'bell\007name')" 'a BEL in the name'
name '-rf' 'starts with a dash'
name ' leading space' 'starts with a space'
name 'trailing space ' 'ends with a space'
name '$(reboot)' 'shell command substitution'
name '%s%n%x' 'printf conversions'
name 'back\slash' 'a backslash'
name 'quote"d' 'a double quote'
name 'café' 'valid UTF-8: e with acute accent'
name "$(printf '%0255d' 0 | tr 0 L)" 'a name of 255 bytes'
mkdir "$t/dir${nl}with newline"
name "dir${nl}with newline/inside" 'a file in a directory whose name has a newline'
mkimage -U "$NAMES_UUID" -s 8M "$t" "$work/names.img"
done_ names.img

# -- symlinks.img
t=$work/t-sym
mkdir -p "$t/etc" "$t/dev" "$t/d"
printf 'root:x:0:0:root:/root:/bin/bash\nsymlinks-image:x:1000:1000::/home/x:/bin/sh\n' >"$t/etc/passwd"
printf 'IMAGE-SHADOW: this is the shadow file inside symlinks.img\n' >"$t/etc/shadow"
ln -s ../../../../etc/shadow "$t/etc/x"
ln -s /etc/passwd "$t/etc/abs"
ln -s ../etc/passwd "$t/etc/rel"
ln -s ../../.. "$t/etc/up"
ln -s . "$t/etc/dot"
ln -s /../../../etc/shadow "$t/escape"
ln -s loop2 "$t/loop1"
ln -s loop1 "$t/loop2"
ln -s self "$t/self"
ln -s /dev/null "$t/null"
ln -s /nonexistent "$t/dangling"
ln -s etc "$t/etcdir"
ln -s /etc/./././././././././././././././././././././././../etc/passwd "$t/slow"
echo 'the end of the 40-link chain' >"$t/d/target"
i=1
while [ $i -lt 40 ]; do
	ln -s "l$(printf %02d $((i + 1)))" "$t/d/l$(printf %02d $i)"
	i=$((i + 1))
done
ln -s target "$t/d/l40"
ln -s d/l01 "$t/deep"
mkimage -U "$SYMLINKS_UUID" -s 8M "$t" "$work/symlinks.img"
done_ symlinks.img

# -- mbr-logical.img
small "$work/t-p1" mbr-primary
small "$work/t-p5" mbr-logical5
small "$work/t-p6" mbr-logical6
mkimage -U "$MBRLOG_P1_UUID" -L primary -s 8M "$work/t-p1" "$work/p1.img"
mkimage -t ext2 -b 1024 -U "$MBRLOG_P5_UUID" -L logical5 -s 8M "$work/t-p5" "$work/p5.img"
mkimage -U "$MBRLOG_P6_UUID" -L logical6 -s 8M "$work/t-p6" "$work/p6.img"
truncate -s 32M "$work/mbr-logical.img"
sfdisk_ "$work/mbr-logical.img" <<EOF
label: dos
label-id: $MBRLOG_ID
unit: sectors
start=2048, size=16384, type=83
start=18432, size=47104, type=5
start=20480, size=16384, type=83
start=38912, size=16384, type=83
EOF
put "$work/p1.img" "$work/mbr-logical.img" 2048
put "$work/p5.img" "$work/mbr-logical.img" 20480
put "$work/p6.img" "$work/mbr-logical.img" 38912
done_ mbr-logical.img

# -- multi-os.img
fstab() {	# UUID
	printf '# <file system> <mount point>   <type>  <options>       <dump>  <pass>\nUUID=%s /               ext4    errors=remount-ro 0       1\n' "$1"
}
t=$work/t-debian
mkdir -p "$t/etc" "$t/usr/lib"
cp "$top/tests/trees/demo/root/usr/lib/os-release" "$t/usr/lib/os-release"
ln -s ../usr/lib/os-release "$t/etc/os-release"
echo debian12 >"$t/etc/hostname"
fstab "$MULTI_DEBIAN_UUID" >"$t/etc/fstab"
t=$work/t-ubuntu
mkdir -p "$t/etc"
cat >"$t/etc/os-release" <<'EOF'
PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
EOF
echo ubuntu2204 >"$t/etc/hostname"
fstab "$MULTI_UBUNTU_UUID" >"$t/etc/fstab"
mkimage -U "$MULTI_DEBIAN_UUID" -L debian -s 16M "$work/t-debian" "$work/debian.img"
mkimage -U "$MULTI_UBUNTU_UUID" -L ubuntu -s 16M "$work/t-ubuntu" "$work/ubuntu.img"
truncate -s 40M "$work/multi-os.img"
sfdisk_ "$work/multi-os.img" <<EOF
label: gpt
label-id: $MULTI_DISK_GUID
unit: sectors
first-lba: 2048
start=2048, size=32768, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$MULTI_DEBIAN_PARTUUID, name="debian-root"
start=34816, size=32768, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$MULTI_UBUNTU_PARTUUID, name="ubuntu-root"
EOF
put "$work/debian.img" "$work/multi-os.img" 2048
put "$work/ubuntu.img" "$work/multi-os.img" 34816
done_ multi-os.img
