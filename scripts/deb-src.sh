#!/bin/sh
# deb-src.sh - make sure apt knows Debian's source packages (deb-src for
# the release, -updates and -security), for `apt-get source`.  Writes
# /etc/apt/sources.list.d/rescue-deb-src.sources once if no deb-src entry
# for -security exists; runs apt-get update when it wrote it or when the
# source indexes are missing.  Idempotent.
set -eu

SRCLIST=/etc/apt/sources.list.d/rescue-deb-src.sources
MIRROR=${RESCUE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECMIRROR=${RESCUE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

has_deb_src() {
	[ -f "$SRCLIST" ] && return 0
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && grep -Eq '^[[:space:]]*deb-src[[:space:]].*-security' "$f" &&
		    return 0
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822: a stanza whose Types has deb-src and whose Suites has -security
		awk 'BEGIN { RS = "" }
		    /(^|\n)Types:[^\n]*deb-src/ && /(^|\n)Suites:[^\n]*-security/ &&
		    !/(^|\n)Enabled:[ \t]*no/ { found = 1 }
		    END { exit !found }' "$f" && return 0
	done
	return 1
}

if ! has_deb_src; then
	# shellcheck disable=SC1091
	. /etc/os-release
	codename=${VERSION_CODENAME:-bookworm}
	echo "deb-src.sh: adding deb-src entries for $codename in $SRCLIST" >&2
	$SUDO tee "$SRCLIST" >/dev/null <<EOT
Types: deb-src
URIs: $MIRROR
Suites: $codename $codename-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: $SECMIRROR
Suites: $codename-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
	$SUDO apt-get update -qq
elif [ -z "$(apt-cache showsrc --only-source zlib 2>/dev/null)" ]; then
	$SUDO apt-get update -qq
fi
