# images.sh - sourced by test scripts: the test images, built once.
#
#   . tests/lib/images.sh
#   build_images DIR || exit 1	# all images into DIR, unless already there
#   img_sha256 FILE		# the SHA-256 of FILE, hex, nothing else
#
# build_images writes, in DIR:
#   demo.img                           scripts/mkdemo.sh (web01, see DEMO_* below)
#   truncated.img zero-sb.img past-end.img past-end-mbr.img notfs.img
#   names.img symlinks.img mbr-logical.img multi-os.img
#                                      scripts/mkhostile.sh (see its header)
#   basic.img basic-ext2.img basic-ext3.img basic-ext4-1k.img
#   basic-nocsum.img basic-inline.img  tests/trees/basic as whole filesystems
# and DIR/.stamp, a hash of every input (the builders, tests/trees, tests/lib,
# the e2fsprogs version): when it matches, nothing is rebuilt. Concurrent
# callers wait on DIR/.lock (flock) rather than build twice. Errors go to
# stderr and build_images returns 1; on success it prints nothing.
#
# The ids of the images (UUIDs, PARTUUIDs, offsets) are the variables of
# tests/lib/ids.sh, which this file sources.
#
# The repository is found from $RESCUE_TOP if set, else from this file's
# path under bash, else by looking upward from $0 and from $PWD for
# scripts/mkimage.sh.

_images_top() {
	if [ -n "${RESCUE_TOP:-}" ]; then
		echo "$RESCUE_TOP"
		return 0
	fi
	# shellcheck disable=SC3028,SC3054
	if [ -n "${BASH_SOURCE:-}" ] && [ -f "$(dirname "${BASH_SOURCE[0]}")/../../scripts/mkimage.sh" ]; then
		(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
		return 0
	fi
	for _d in "$(dirname "$0")" "$PWD"; do
		_d=$(cd "$_d" 2>/dev/null && pwd) || continue
		while :; do
			if [ -f "$_d/scripts/mkimage.sh" ] && [ -d "$_d/tests/trees" ]; then
				echo "$_d"
				return 0
			fi
			[ "$_d" = / ] && break
			_d=$(dirname "$_d")
		done
	done
	echo "images.sh: cannot find the repository (set RESCUE_TOP)" >&2
	return 1
}

IMAGES_TOP=$(_images_top) || return 1 2>/dev/null || exit 1
. "$IMAGES_TOP/tests/lib/ids.sh"

img_sha256() {
	sha256sum <"$1" | cut -c1-64
}

# The hash of everything the images are built from.
_images_inputs() {
	(
		cd "$IMAGES_TOP" || exit 1
		mke2fs -V 2>&1 | head -n 1
		set -- scripts/mkimage.sh scripts/mkdemo.sh scripts/mkhostile.sh tests/trees tests/lib
		find "$@" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
		find "$@" -type l -printf '%p -> %l\n' | LC_ALL=C sort
	) | sha256sum | cut -c1-64
}

_images_build() {	# DIR
	_s=$IMAGES_TOP/scripts
	sh "$_s/mkdemo.sh" "$1/demo.img" >/dev/null || return 1
	sh "$_s/mkhostile.sh" "$1" >/dev/null || return 1
	_b=$IMAGES_TOP/tests/trees/basic
	while read -r _name _uuid _opts; do
		# shellcheck disable=SC2086
		sh "$_s/mkimage.sh" -U "$_uuid" $_opts "$_b" "$1/$_name.tmp" &&
		    mv -f "$1/$_name.tmp" "$1/$_name" || return 1
	done <<EOF
basic.img		$BASIC_UUID
basic-ext2.img		$BASIC_EXT2_UUID	-t ext2 -b 1024
basic-ext3.img		$BASIC_EXT3_UUID	-t ext3 -b 4096
basic-ext4-1k.img	$BASIC_1K_UUID		-b 1024
basic-nocsum.img	$BASIC_NOCSUM_UUID	-O ^64bit,^metadata_csum
basic-inline.img	$BASIC_INLINE_UUID	-O inline_data
EOF
}

build_images() {	# DIR
	[ $# -eq 1 ] || { echo "usage: build_images DIR" >&2; return 2; }
	mkdir -p "$1" || return 1
	_want=$(_images_inputs) || return 1
	[ -f "$1/.stamp" ] && [ "$(cat "$1/.stamp")" = "$_want" ] && return 0
	command -v flock >/dev/null || { echo "images.sh: flock not found (util-linux)" >&2; return 1; }
	(
		flock 9 || exit 1
		# another caller may have built them while this one waited
		[ -f "$1/.stamp" ] && [ "$(cat "$1/.stamp")" = "$_want" ] && exit 0
		rm -f "$1/.stamp"
		_images_build "$1" || { echo "images.sh: building the test images in $1 failed" >&2; exit 1; }
		echo "$_want" >"$1/.stamp"
	) 9>"$1/.lock"
}
