#!/bin/sh
# deps.sh - install every build and test dependency with apt-get, idempotently
#
# Usage: scripts/deps.sh [build|test|all]   (default: all)
#        scripts/deps.sh --pkgs PACKAGE...   (for the other scripts)
# Installs only what is missing; a second run does nothing and takes a second.
set -eu

BUILD_PKGS="gcc make pkg-config
	libext2fs-dev comerr-dev libblkid-dev libarchive-dev
	libzstd-dev zlib1g-dev liblz4-dev liblzma-dev libssl-dev libsqlite3-dev"
TEST_PKGS="e2fsprogs fdisk util-linux sleuthkit clang libclang-rt-14-dev
	xxd gzip zstd jq sqlite3 tzdata systemd-journal-remote python3
	chromium"

what=${1:-all}
case $what in
build)	pkgs=$BUILD_PKGS ;;
test)	pkgs=$TEST_PKGS ;;
all)	pkgs="$BUILD_PKGS $TEST_PKGS" ;;
--pkgs)	shift; pkgs="$*" ;;
*)	echo "usage: scripts/deps.sh [build|test|all] | --pkgs PACKAGE..." >&2
	exit 2 ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps.sh: installing:$missing" >&2
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
