#!/bin/sh
# e2fsprogs-images.sh OUTDIR - the corrupted filesystem images of
# e2fsprogs' own test suite (tests/*/image.gz, image.bz2 in Debian's
# source package), unpacked as OUTDIR/NAME.img, once per upstream version
set -eu

out=${1:?usage: e2fsprogs-images.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/deps.sh" --pkgs bzip2 gzip dpkg-dev
sh "$here/deb-src.sh"

ver=$(apt-cache showsrc --only-source e2fsprogs 2>/dev/null |
    sed -n 's/^Version: //p' | sort -V | tail -n 1)
[ -n "$ver" ] || { echo "e2fsprogs-images.sh: no e2fsprogs source" >&2; exit 1; }
upstream=${ver%%-*}
upstream=${upstream#*:}
[ -f "$out/.complete-$upstream" ] && exit 0

cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/rescue/e2fsprogs-src
mkdir -p "$cache" "$out"
tarball=$cache/e2fsprogs_$upstream.orig.tar.gz
if [ ! -f "$tarball" ]; then
	tmp=$(mktemp -d)
	(cd "$tmp" && apt-get source --download-only -qq "e2fsprogs=$ver" \
	    >/dev/null 2>&1)
	mv "$tmp"/e2fsprogs_*.orig.tar.gz "$tarball"
	rm -rf "$tmp"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tarball" -C "$tmp" --wildcards '*/tests/*/image.gz' \
    '*/tests/*/image.bz2'
n=0
for f in "$tmp"/*/tests/*/image.gz "$tmp"/*/tests/*/image.bz2; do
	[ -f "$f" ] || continue
	name=$(basename "$(dirname "$f")")
	case $f in
	*.gz)	gzip -dc "$f" >"$out/$name.img" ;;
	*.bz2)	bzip2 -dc "$f" >"$out/$name.img" ;;
	esac
	n=$((n + 1))
done
touch "$out/.complete-$upstream"
echo "e2fsprogs-images.sh: $n images of e2fsprogs $upstream in $out" >&2
