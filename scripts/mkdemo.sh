#!/bin/sh
# mkdemo.sh - build the demo disk: web01, a Debian 12 web server that was
# compromised on 2026-11-20 at 08:24 UTC and switched off at 10:47 UTC.
#
#   scripts/mkdemo.sh OUT.img
#
# A 64 MiB GPT disk, byte for byte the same on every run:
#
#   part  start (sector)  size           type                     PARTLABEL  filesystem
#   p1    2048            1 MiB          BIOS boot                bios       none (zeros)
#   p2    4096            40 MiB         Linux filesystem         root       ext4 4 KiB blocks, LABEL=root
#   p3    86016           20 MiB         Linux filesystem         home       ext4 1 KiB blocks, no label
#
# The trees are tests/trees/demo/root and tests/trees/demo/home with their side
# files (see scripts/mkimage.sh); the root tree's /etc/fstab mounts /home by
# UUID. The ids (UUIDs, PARTUUIDs, offsets) are in tests/lib/ids.sh, DEMO_*.
# Prints the path of the disk on success.

set -eu

prog=mkdemo.sh
die() { printf '%s: %s\n' "$prog" "$*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $prog OUT.img" >&2; exit 2; }
out=$1

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib/ids.sh"
trees=$top/tests/trees/demo
command -v sfdisk >/dev/null || die "sfdisk not found (package fdisk)"
grep -q "^UUID=$DEMO_ROOT_UUID " "$trees/root/etc/fstab" &&
    grep -q "^UUID=$DEMO_HOME_UUID " "$trees/root/etc/fstab" ||
    die "$trees/root/etc/fstab does not name $DEMO_ROOT_UUID and $DEMO_HOME_UUID"

work=$(mktemp -d "${TMPDIR:-/tmp}/mkdemo.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

sh "$top/scripts/mkimage.sh" -t ext4 -b 4096 -U "$DEMO_ROOT_UUID" -L root -s 40M \
    -T "$DEMO_INSTALL_TIME" "$trees/root" "$work/root.img"
sh "$top/scripts/mkimage.sh" -t ext4 -b 1024 -U "$DEMO_HOME_UUID" -s 20M \
    -T "$DEMO_INSTALL_TIME" "$trees/home" "$work/home.img"

disk=$work/disk.img
truncate -s 64M "$disk"
sfdisk -q --no-reread --no-tell-kernel "$disk" >"$work/sfdisk.log" 2>&1 <<EOF || { cat "$work/sfdisk.log" >&2; die "sfdisk failed"; }
label: gpt
label-id: $DEMO_DISK_GUID
unit: sectors
first-lba: 2048
start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid=$DEMO_BIOS_PARTUUID, name="bios"
start=4096, size=81920, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$DEMO_ROOT_PARTUUID, name="root"
start=86016, size=40960, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$DEMO_HOME_PARTUUID, name="home"
EOF
dd if="$work/root.img" of="$disk" bs=1M seek=2 conv=notrunc,sparse status=none	# sector 4096
dd if="$work/home.img" of="$disk" bs=1M seek=42 conv=notrunc,sparse status=none	# sector 86016

mv -f "$disk" "$out"
echo "$out"
