#!/bin/sh
# build-iso.sh - build initramfs/rescue.iso, a hybrid ISO (BIOS and UEFI, CD/DVD
# or USB stick written with dd) holding initramfs/vmlinuz and the initramfs
#
# Usage: scripts/build-iso.sh      (after scripts/build-initramfs.sh)
#
# GRUB (grub-mkrescue from Debian's grub-pc-bin + grub-efi-amd64-bin, xorriso,
# mtools) shows its menu on the firmware console (which server firmware
# redirects to the serial console when configured to). Entries: the rescue
# menu (default: on the screen, ttyS0 and ttyS1), automatic triage with the
# report on ttyS0, ttyS1 or the screen (tty0). /init
# recognises the stick it booted from by the volume id RESCUE_ISO and leaves
# it out of the evidence disks. Not signed for UEFI Secure Boot: switch Secure
# Boot off in the firmware setup first.
#
# Environment: KERNEL (initramfs/vmlinuz), INITRD (initramfs/rescue-initramfs.cpio.gz),
# ISO_OUT (initramfs/rescue.iso), GRUB_TIMEOUT (5 s)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
KERNEL=${KERNEL:-initramfs/vmlinuz}
INITRD=${INITRD:-initramfs/rescue-initramfs.cpio.gz}
ISO_OUT=${ISO_OUT:-initramfs/rescue.iso}
GRUB_TIMEOUT=${GRUB_TIMEOUT:-5}
VOLID=RESCUE_ISO	# checked by initramfs/init (is_boot_medium)

me=build-iso.sh
die() { echo "$me: $*" >&2; exit 1; }

need_pkgs() { sh "$(dirname "$0")/deps.sh" --pkgs "$@"; }
need_pkgs grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools

[ -f "$KERNEL" ] || die "$KERNEL missing (scripts/build-initramfs.sh first)"
[ -f "$INITRD" ] || die "$INITRD missing (scripts/build-initramfs.sh first)"

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/rescue-iso.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT INT TERM
TREE=$STAGE/iso
mkdir -p "$TREE/boot/grub"
cp "$KERNEL" "$TREE/boot/vmlinuz"
cp "$INITRD" "$TREE/boot/initrd.gz"
cat >"$TREE/boot/grub/grub.cfg" <<EOF
# rescue ISO. GRUB draws its menu on the firmware console only: server
# firmware copies that to the serial console (SOL) when console redirection
# is on, and GRUB writing to the same port too would garble it. Without
# redirection, the default entry boots after the timeout anyway and gives the
# rescue menu on the screen, ttyS0 and ttyS1 at once.
set timeout=$GRUB_TIMEOUT
set default=0
if [ "\$grub_platform" = efi ]; then
	insmod all_video
	set gfxpayload=keep
fi

# The LAST console= gets the report of the automatic triage and the main
# menu; the other console= and rescue.tty= get a menu too (the kernel drives
# one serial console only). Nothing here mounts or writes a disk.
menuentry "rescue: menu (screen, serial ttyS0 and ttyS1 at 115200)" {
	linux /boot/vmlinuz console=tty0 console=ttyS0,115200n8 rescue.tty=ttyS1
	initrd /boot/initrd.gz
}
menuentry "rescue: automatic triage, report on serial ttyS0" {
	linux /boot/vmlinuz rescue.auto=triage console=tty0 console=ttyS0,115200n8
	initrd /boot/initrd.gz
}
menuentry "rescue: automatic triage, report on serial ttyS1" {
	linux /boot/vmlinuz rescue.auto=triage console=tty0 console=ttyS1,115200n8
	initrd /boot/initrd.gz
}
menuentry "rescue: automatic triage, report on the screen (tty0)" {
	linux /boot/vmlinuz rescue.auto=triage console=ttyS0,115200n8 console=tty0
	initrd /boot/initrd.gz
}
EOF

tmp=$ISO_OUT.tmp
mkdir -p "$(dirname "$ISO_OUT")"
rm -f "$tmp"
# no locales/themes/fonts (text menu only); grub modules xz-compressed
grub-mkrescue -o "$tmp" --compress=xz --locales= --themes= --fonts= \
    "$TREE" -- -volid "$VOLID" >"$STAGE/log" 2>&1 ||
    { cat "$STAGE/log" >&2; die "grub-mkrescue failed"; }
mv "$tmp" "$ISO_OUT"
echo "$me: $ISO_OUT: $(stat -c %s "$ISO_OUT") bytes (BIOS + UEFI, volume id $VOLID)" >&2
