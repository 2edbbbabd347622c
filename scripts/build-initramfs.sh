#!/bin/sh
# build-initramfs.sh - build initramfs/rescue-initramfs.cpio.gz and initramfs/vmlinuz
#
# Usage: scripts/build-initramfs.sh            (from anywhere; works in the repo)
#
# Contents: /init (initramfs/init), /bin/rescue ($RESCUE_BIN), busybox from
# Debian's busybox-static installed as links, the files of initramfs/rootfs/,
# and the storage kernel modules of initramfs/modules.list with their
# dependencies and soft dependencies, from Debian's linux-image-amd64 (the
# versioned package is fetched with apt-get download and unpacked into a cache;
# no kernel needs to be installed on the build machine).
#
# Environment:
#   RESCUE_BIN    the static rescue binary    (default rescue/rescue.static)
#   KERNEL_ABI    e.g. 6.1.0-56-amd64         (default: what linux-image-amd64
#                 depends on now; offline, the newest one in the cache)
#   KERNEL_CACHE  unpacked kernels, by version (default ~/.cache/rescue/kernel)
#   INITRAMFS_OUT (default initramfs/rescue-initramfs.cpio.gz)
#   VMLINUZ_OUT   (default initramfs/vmlinuz)
#   INITRAMFS_NET=1  add the NIC drivers of initramfs/modules-net.list
#   SOURCE_DATE_EPOCH  file times in the cpio (default: last commit, else 0)
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RESCUE_BIN=${RESCUE_BIN:-rescue/rescue.static}
KERNEL_CACHE=${KERNEL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/rescue/kernel}
INITRAMFS_OUT=${INITRAMFS_OUT:-initramfs/rescue-initramfs.cpio.gz}
VMLINUZ_OUT=${VMLINUZ_OUT:-initramfs/vmlinuz}
MODULES_LIST=initramfs/modules.list
[ "${INITRAMFS_NET:-0}" = 1 ] && MODULES_LIST="$MODULES_LIST initramfs/modules-net.list"
# busybox applets that can destroy a disk get no link (still: busybox NAME)
NO_LINK="blkdiscard fstrim shred mke2fs mkdosfs mkfs.ext2 mkfs.vfat mkswap fsfreeze swapon resume freeramdisk"

me=build-initramfs.sh
die() { echo "$me: $*" >&2; exit 1; }
log() { echo "$me: $*" >&2; }

# ---- tools (idempotent) ----------------------------------------------------
need_pkgs() { sh "$(dirname "$0")/deps.sh" --pkgs "$@"; }
need_pkgs busybox-static kmod cpio gzip

[ -f "$RESCUE_BIN" ] || die "$RESCUE_BIN not found (make static, or RESCUE_BIN=...)"
if command -v readelf >/dev/null 2>&1 && readelf -h "$RESCUE_BIN" >/dev/null 2>&1; then
	readelf -l "$RESCUE_BIN" 2>/dev/null | grep -q 'program interpreter' &&
	    die "$RESCUE_BIN is dynamically linked; the initramfs has no libc"
fi

# ---- kernel package: resolve, download, unpack (cached by version) ----------
apt_lists_ok() { apt-cache show linux-image-amd64 >/dev/null 2>&1; }
if [ -z "${KERNEL_ABI:-}" ]; then
	if ! apt_lists_ok; then
		[ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1 || true
	fi
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	    sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1)
	if [ -n "$pkg" ]; then
		KERNEL_ABI=${pkg#linux-image-}
	else
		# offline: newest complete kernel in the cache
		KERNEL_ABI=$(ls -1 "$KERNEL_CACHE" 2>/dev/null | sed -n 's/^linux-image-\(.*\)_.*/\1/p' | sort -V | tail -n1)
		[ -n "$KERNEL_ABI" ] || die "cannot resolve linux-image-amd64 (apt-get update?) and no cached kernel"
		log "apt has no linux-image-amd64; using cached $KERNEL_ABI"
	fi
fi
pkg=linux-image-$KERNEL_ABI
ver=$(apt-cache show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
if [ -z "$ver" ]; then
	# not in the apt lists (offline or an old ABI): any cached version of it
	kdir=$(ls -1d "$KERNEL_CACHE/${pkg}_"* 2>/dev/null | sort -V | tail -n1)
	[ -n "$kdir" ] && [ -e "$kdir/.complete" ] || die "$pkg: not in apt and not in $KERNEL_CACHE"
else
	kdir=$KERNEL_CACHE/${pkg}_$ver
fi
if [ ! -e "$kdir/.complete" ]; then
	log "fetching $pkg $ver into $kdir"
	rm -rf "$kdir"
	mkdir -p "$kdir"
	(cd "$kdir" && apt-get download "$pkg=$ver" >/dev/null 2>"$kdir/download.log") ||
	    die "apt-get download $pkg=$ver failed: $(tail -n2 "$kdir/download.log")"
	deb=$(ls "$kdir"/*.deb)
	dpkg-deb -x "$deb" "$kdir/root"
	mdir=$(ls -d "$kdir"/root/lib/modules/"$KERNEL_ABI" "$kdir"/root/usr/lib/modules/"$KERNEL_ABI" 2>/dev/null | head -n1)
	[ -n "$mdir" ] || die "$deb has no modules for $KERNEL_ABI"
	[ "$mdir" = "$kdir/root/lib/modules/$KERNEL_ABI" ] ||
	    { mkdir -p "$kdir/root/lib/modules"; mv "$mdir" "$kdir/root/lib/modules/"; }
	depmod -b "$kdir/root" "$KERNEL_ABI"
	: >"$kdir/.complete"
fi
KROOT=$kdir/root
KMOD=$KROOT/lib/modules/$KERNEL_ABI
[ -f "$KROOT/boot/vmlinuz-$KERNEL_ABI" ] || die "no vmlinuz in $kdir"

# ---- staging tree ------------------------------------------------------------
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/rescue-initramfs.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT INT TERM
for d in bin sbin usr/bin usr/sbin dev proc sys run tmp root mnt/export etc \
    lib/modules/"$KERNEL_ABI"; do
	mkdir -p "$STAGE/$d"
done
chmod 1777 "$STAGE/tmp"
chmod 700 "$STAGE/root"

install -m 755 /bin/busybox "$STAGE/bin/busybox"
for a in $(/bin/busybox --list-full); do
	case " $NO_LINK " in *" ${a##*/} "*) continue ;; esac
	[ -e "$STAGE/$a" ] || [ -L "$STAGE/$a" ] || ln -s /bin/busybox "$STAGE/$a"
done
# busybox ships no "blkid" here; findfs does LABEL=/UUID= lookups
install -m 755 "$RESCUE_BIN" "$STAGE/bin/rescue"
install -m 755 initramfs/init "$STAGE/init"
(cd initramfs/rootfs && find . -mindepth 1 ! -name '.*' | cpio -pdm --quiet "$STAGE")

rescue_ver=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)
echo "rescue initramfs $rescue_ver" >"$STAGE/etc/rescue-release"

# ---- kernel modules with dependencies and soft dependencies -------------------
# load_order DIR NAME...: the .ko files (relative to DIR) to load, in order, for
# the modules NAME (module names or aliases): hard dependencies from
# modules.dep and soft dependencies ("pre:" before, "post:" after) from
# modules.softdep, recursively. Built-in modules print nothing. (kmod 30's
# modprobe --show-depends drops some softdep modules, e.g. uhci_hcd's ehci_pci.)
LOAD_ORDER_AWK='
function norm(s) { gsub(/-/, "_", s); return s }
function base(p,  b) { b = p; sub(/.*\//, "", b); sub(/\.ko.*$/, "", b); return norm(b) }
function resolve(it,  n) { n = norm(it); if (n in path) return n; return (it in alias) ? alias[it] : "" }
function visit_items(list,  a, k, i, r, m, x) {
	k = split(list, a, " ")
	for (i = 1; i <= k; i++) { m = split(resolve(a[i]), r, " "); for (x = 1; x <= m; x++) visit(r[x]) }
}
function visit(n,  a, k, i) {
	if ((n in done) || (n in active) || !(n in path)) return
	active[n] = 1
	visit_items(pre[n])
	k = split(deps[n], a, " ")
	for (i = k; i >= 1; i--) visit(base(a[i]))
	print path[n]; done[n] = 1
	visit_items(post[n])
	delete active[n]
}
FILENAME ~ /alias$/ { alias[$1] = alias[$1] " " $2; next }
FILENAME ~ /softdep$/ && $1 == "softdep" {
	n = norm($2); w = ""
	for (i = 3; i <= NF; i++) {
		if ($i == "pre:" || $i == "post:") { w = $i; continue }
		if (w == "pre:") pre[n] = pre[n] " " $i; else if (w == "post:") post[n] = post[n] " " $i
	}
	next
}
FILENAME ~ /modules.dep$/ { p = $1; sub(/:$/, "", p); n = base(p); path[n] = p; d = $0; sub(/^[^:]*:/, "", d); deps[n] = d; next }
FILENAME ~ /targets$/ { m = split(resolve($1), r, " "); for (x = 1; x <= m; x++) visit(r[x]) }
'
load_order() {	# DIR (a lib/modules/VERSION) NAME...
	lo_dir=$1; shift
	lo_tmp=$(mktemp -d)
	# aliases among the softdeps and the names asked for (crypto-crc32c ...)
	for it in $( (awk '$1 == "softdep" { for (i = 3; i <= NF; i++) if ($i !~ /:$/) print $i }' "$lo_dir/modules.softdep"
	    printf '%s\n' "$@") | sort -u); do
		for r in $(modprobe -d "${lo_dir%/lib/modules/*}" -S "${lo_dir##*/}" -R "$it" 2>/dev/null); do
			echo "$it $r"
		done
	done >"$lo_tmp/alias"
	printf '%s\n' "$@" >"$lo_tmp/targets"
	awk "$LOAD_ORDER_AWK" "$lo_tmp/alias" "$lo_dir/modules.softdep" "$lo_dir/modules.dep" "$lo_tmp/targets"
	rm -rf "$lo_tmp"
}

# shellcheck disable=SC2086
mods=$(cat $MODULES_LIST | sed 's/#.*//' | tr -s ' \t' '\n\n' | grep -v '^$')
for m in $mods; do	# every name must be a module, an alias or built in
	modprobe -d "$KROOT" -S "$KERNEL_ABI" -R "$m" >/dev/null 2>&1 ||
	    grep -q "/${m}.ko\$" "$KMOD/modules.builtin" ||
	    grep -q "/$(echo "$m" | tr _ -).ko\$" "$KMOD/modules.builtin" ||
	    die "$MODULES_LIST: no module or alias '$m' in $KERNEL_ABI"
done
# shellcheck disable=SC2086
load_order "$KMOD" $mods | while read -r rel; do
	mkdir -p "$STAGE/lib/modules/$KERNEL_ABI/$(dirname "$rel")"
	cp "$KMOD/$rel" "$STAGE/lib/modules/$KERNEL_ABI/$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "$KMOD/$f" ] && cp "$KMOD/$f" "$STAGE/lib/modules/$KERNEL_ABI/"
done
depmod -b "$STAGE" "$KERNEL_ABI"

# busybox modprobe ignores softdeps, and a module in a modules.dep line that
# fails (crct10dif-pclmul on a CPU without PCLMUL: ENODEV) stops the whole
# chain, so softdeps stay out of modules.dep: /init loads every softdep target
# in the image first (softdep-preload; failures there are harmless)
SMOD=$STAGE/lib/modules/$KERNEL_ABI
for it in $(awk '$1 == "softdep" { for (i = 3; i <= NF; i++) if ($i !~ /:$/) print $i }' "$SMOD/modules.softdep" | sort -u); do
	modprobe -d "$STAGE" -S "$KERNEL_ABI" -R "$it" 2>/dev/null || true
done | sort -u >"$SMOD/softdep-preload"
nmods=$(grep -c . "$SMOD/modules.dep")

# ---- cpio ------------------------------------------------------------------
# /dev/console must exist before /init runs (the kernel opens it for init's
# stdin/stdout): a newc archive with that node, written by hand so that no
# mknod (root) is needed, then the tree itself.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}
newc() {	# name mode rdevmajor rdevminor
	nlen=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
	    0 "$2" 0 0 1 "$epoch" 0 0 0 "$3" "$4" "$nlen" 0 "$1"
	pad=$(((4 - (110 + nlen) % 4) % 4))
	[ $pad -gt 0 ] && head -c $pad /dev/zero
	return 0
}
find "$STAGE" -exec touch -h -d "@$epoch" {} +
tmp=$INITRAMFS_OUT.tmp
mkdir -p "$(dirname "$INITRAMFS_OUT")"
{
	newc dev $((0040755)) 0 0
	newc dev/console $((0020600)) 5 1
	newc 'TRAILER!!!' 0 0 0
	(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
	    cpio -o -H newc -R 0:0 --reproducible --quiet)
} | gzip -9 -n >"$tmp"
mv "$tmp" "$INITRAMFS_OUT"
cp "$KROOT/boot/vmlinuz-$KERNEL_ABI" "$VMLINUZ_OUT"

log "$INITRAMFS_OUT: $(stat -c %s "$INITRAMFS_OUT") bytes, $nmods modules, kernel $KERNEL_ABI ($ver); $VMLINUZ_OUT"
