#!/bin/sh
# build-static-deps.sh - build the static musl libraries `make static` links
#
# Usage: scripts/build-static-deps.sh
#
# Builds zlib, xz (liblzma), lz4, zstd (multithreaded), util-linux (libblkid,
# libuuid), e2fsprogs (libext2fs, libcom_err), libarchive, OpenSSL (libcrypto
# only) and SQLite from Debian source packages (patched, newest version among
# bookworm, -updates and -security) with musl-gcc, into one prefix:
#
#	${RESCUE_DEPS_CACHE:-~/.cache/rescue-static}/<key>/{include,lib,lib/pkgconfig}
#
# <key> hashes the source versions, musl, the kernel headers and this script,
# so a second run finds the prefix and takes a second.  The prefix is the
# last line on stdout; progress goes to stderr, build output to <key>.log
# beside the prefix.  A failed run prints the package and the log's tail;
# the next run resumes after the last package that was installed.
# Needs root (or sudo) for apt-get; JOBS sets make's -j (default 2).
set -eu

CACHE=${RESCUE_DEPS_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/rescue-static}
JOBS=${JOBS:-2}

# Source packages, in build order (util-linux before e2fsprogs).
PKGS="zlib xz-utils lz4 libzstd util-linux e2fsprogs libarchive openssl sqlite3"
TOOLS="musl-tools musl-dev linux-libc-dev gcc make dpkg-dev autoconf automake
	libtool pkg-config perl tcl xz-utils"

# A make that runs this script must not leak its flags or its command-line
# variables (CFLAGS=...) into the sub-builds: zstd loses threading that way.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEFILES MAKEOVERRIDES GNUMAKEFLAGS \
	CFLAGS CPPFLAGS CXXFLAGS LDFLAGS LIBS CC CPP CXX AR RANLIB \
	PKG_CONFIG PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
	DESTDIR PREFIX 2>/dev/null || true
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

say() { echo "build-static-deps: $*" >&2; }
die() { say "$*"; exit 1; }

# quietly CMD...: its output goes to $CACHE/apt.log, shown only if it fails.
quietly() {
	mkdir -p "$CACHE"
	if ! "$@" >>"$CACHE/apt.log" 2>&1; then
		tail -n 20 "$CACHE/apt.log" >&2
		die "$* failed (log: $CACHE/apt.log)"
	fi
}
[ "$(uname -m)" = x86_64 ] || die "x86_64 only (linux-x86_64 OpenSSL, x86_64 asm headers)"

# Debian's deb-src entries exist already, or scripts/deb-src.sh writes ours.
ensure_apt_sources() {
	quietly sh "$(dirname "$0")/deb-src.sh"
}

ensure_tools() {
	# shellcheck disable=SC2086
	quietly sh "$(dirname "$0")/deps.sh" --pkgs $TOOLS
}

# Every version of source package $1 in the apt indexes, newest first.
versions() {
	all=$(apt-cache showsrc --only-source "$1" 2>/dev/null |
	    sed -n 's/^Version: //p' | sort -u)
	while [ -n "$all" ]; do
		best=
		for v in $all; do
			if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
				best=$v
			fi
		done
		echo "$best"
		all=$(printf '%s\n' "$all" | grep -vxF "$best" || true)
	done
}

ensure_apt_sources
ensure_tools

# The key: newest source versions, toolchain, kernel headers, this script.
keyfile=$(mktemp)
trap 'rm -f "$keyfile"' EXIT
for p in $PKGS; do
	v=$(versions "$p" | head -n1)
	[ -n "$v" ] || die "no source package '$p' in the apt indexes (deb-src missing?)"
	echo "$p $v" >>"$keyfile"
done
for p in musl-dev linux-libc-dev gcc; do
	dpkg-query -W -f='${Package} ${Version}\n' "$p" >>"$keyfile"
done
uname -m >>"$keyfile"
sha256sum <"$0" >>"$keyfile"
key=$(sha256sum <"$keyfile" | cut -c1-16)

P=$CACHE/$key
LOG=$CACHE/$key.log
W=$CACHE/$key.src
if [ -f "$P/.complete" ]; then
	echo "$P"
	exit 0
fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
if [ -f "$P/.complete" ]; then		# another run built it meanwhile
	echo "$P"
	exit 0
fi
mkdir -p "$P/include" "$P/lib/pkgconfig" "$P/.stamps" "$W"
cp "$keyfile" "$P/KEY"
start=$(date +%s)
say "building into $P (log: $LOG)"

export CC=musl-gcc
export CFLAGS="-O2 -ffunction-sections -fdata-sections"
export CPPFLAGS="-I$P/include"
export LDFLAGS="-L$P/lib"
export PKG_CONFIG_LIBDIR="$P/lib/pkgconfig"	# never the host's glibc .pc files
export PKG_CONFIG_PATH=

# Kernel uapi headers: musl-gcc does not look in /usr/include.
rm -rf "$P/include/linux" "$P/include/asm" "$P/include/asm-generic"
cp -R /usr/include/linux /usr/include/asm-generic "$P/include/"
cp -R "/usr/include/$(uname -m)-linux-gnu/asm" "$P/include/asm"

# fetch PKG: download and unpack (with Debian's patches) the newest version
# that the mirror serves into $W/PKG, cd into the tree.
fetch() {
	for v in $(versions "$1"); do
		rm -rf "${W:?}/$1"
		mkdir -p "$W/$1"
		cd "$W/$1"
		if apt-get source -q "$1=$v"; then
			{ grep -v "^$1 " "$P/SOURCES" || true; echo "$1 $v"; } \
			    >"$P/SOURCES.new" 2>/dev/null
			mv "$P/SOURCES.new" "$P/SOURCES"
			cd "$(find . -mindepth 1 -maxdepth 1 -type d | head -n1)"
			return 0
		fi
		echo "build-static-deps: $1=$v could not be fetched, trying an older version"
	done
	echo "build-static-deps: no version of $1 could be fetched"
	return 1
}

build_zlib() {
	fetch zlib
	./configure --static --prefix="$P"
	make -j"$JOBS" libz.a
	make install
}

build_xz_utils() {
	fetch xz-utils
	./configure --prefix="$P" --disable-shared --enable-static --disable-nls \
	    --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo \
	    --disable-lzma-links --disable-scripts --disable-doc
	make -j"$JOBS" -C src/liblzma
	make -C src/liblzma install
}

build_lz4() {
	fetch lz4
	make -j"$JOBS" -C lib liblz4.a BUILD_SHARED=no
	make -C lib install PREFIX="$P" BUILD_SHARED=no
}

build_libzstd() {
	fetch libzstd
	# CPPFLAGS from the environment: on the command line it would override
	# the Makefile's -DZSTD_MULTITHREAD.
	make -j"$JOBS" -C lib libzstd.a-mt libzstd.pc-mt PREFIX="$P"
	nm lib/libzstd.a | grep -q 'U pthread_create' ||
	    { echo "libzstd.a is not multithreaded"; return 1; }
	make -C lib install-static install-includes install-pc PREFIX="$P"
}

build_util_linux() {
	fetch util-linux
	./configure --prefix="$P" --disable-shared --enable-static \
	    --disable-all-programs --enable-libblkid --enable-libuuid \
	    --disable-libmount --disable-libsmartcols --disable-libfdisk \
	    --disable-nls --disable-asciidoc --disable-poman \
	    --disable-bash-completion --disable-pylibmount --disable-rpath \
	    --without-systemd --without-udev --without-python --without-tinfo \
	    --without-ncursesw --without-readline --without-cap-ng \
	    --without-libz --without-libmagic --without-econf --without-btrfs \
	    --without-user --without-audit --without-selinux \
	    --without-cryptsetup
	make -j"$JOBS"
	make install
}

build_e2fsprogs() {
	fetch e2fsprogs
	./configure --prefix="$P" --disable-libblkid --disable-libuuid \
	    --disable-nls --disable-rpath --disable-fuse2fs --disable-uuidd \
	    --disable-debugfs --disable-imager --disable-resizer \
	    --disable-defrag --disable-e2initrd-helper --disable-backtrace \
	    --disable-elf-shlibs
	make -j"$JOBS" libs
	make install-libs
	# ext2fs.h declares functions with dev_t and mode_t but includes
	# <sys/types.h> only #ifdef HAVE_SYS_TYPES_H, a macro of e2fsprogs'
	# own config.h; glibc's <stdlib.h> hides that, musl's does not.
	h=$P/include/ext2fs/ext2fs.h
	sed -i 's|^#ifdef HAVE_SYS_TYPES_H$|#if 1 /* rescue: always, for musl */|' "$h"
	grep -A1 '^#if 1 /\* rescue' "$h" | grep -q '<sys/types.h>'
}

build_libarchive() {
	fetch libarchive
	autoreconf -fi
	./configure --prefix="$P" --disable-shared --enable-static \
	    --disable-bsdtar --disable-bsdcat --disable-bsdcpio --disable-acl \
	    --with-zlib --with-zstd --with-lz4 --with-lzma \
	    --without-bz2lib --without-libb2 --without-lzo2 --without-cng \
	    --without-mbedtls --without-nettle --without-openssl \
	    --without-xml2 --without-expat --enable-posix-regex-lib=libc
	make -j"$JOBS" libarchive.la
	make install-libLTLIBRARIES install-includeHEADERS install-pkgconfigDATA
	# Only the libraries of this prefix, never libssl/libxml2/libacl.
	if grep -E 'ssl|crypto|xml|acl|attr|bz2|b2' "$P/lib/pkgconfig/libarchive.pc"; then
		echo "libarchive.pc names an unwanted library"
		return 1
	fi
}

build_openssl() {
	fetch openssl
	unset CFLAGS CPPFLAGS LDFLAGS	# would replace Configure's defaults
	# libcrypto only; x86_64 assembler stays on (SHA-NI, AES-NI).  No
	# openssl.cnf is read unless the program asks for it.  Kept: MD5,
	# SHA-1/2/3, BLAKE2, HMAC, AES, ChaCha20-Poly1305, RSA, EC (incl.
	# Ed25519), DH, DSA.  Dropped: TLS and the old or rare algorithms,
	# which halves the build time and saves 0.4 MiB of the binary.
	./Configure linux-x86_64 no-shared no-dso no-module no-engine no-async \
	    no-tests no-autoload-config no-ui-console no-legacy \
	    no-ssl no-tls no-dtls no-sock no-srp no-srtp no-psk no-ct no-ocsp \
	    no-cms no-cmp no-ts no-rfc3779 no-comp no-idea no-seed no-sm2 \
	    no-sm3 no-sm4 no-aria no-camellia no-bf no-cast no-des no-rc2 \
	    no-rc4 no-md4 no-mdc2 no-rmd160 no-whirlpool no-siphash no-siv \
	    no-ocb no-scrypt no-gost \
	    --prefix="$P" --libdir=lib --openssldir=/etc/ssl \
	    CC=musl-gcc -ffunction-sections -fdata-sections -I"$P/include"
	make -j"$JOBS" build_generated
	make -j"$JOBS" libcrypto.a libcrypto.pc
	mkdir -p "$P/include/openssl"
	cp include/openssl/*.h "$P/include/openssl/"
	cp libcrypto.a "$P/lib/"
	cp libcrypto.pc "$P/lib/pkgconfig/"
}

build_sqlite3() {
	fetch sqlite3
	# configure only to make the amalgamation (needs tclsh); the library
	# is one object compiled with our options.
	./configure --disable-tcl --disable-load-extension --disable-readline \
	    --disable-editline --disable-shared
	make sqlite3.c
	# shellcheck disable=SC2086
	$CC $CFLAGS -fno-strict-aliasing -DSQLITE_THREADSAFE=1 \
	    -DSQLITE_OMIT_LOAD_EXTENSION=1 -DSQLITE_USE_URI=1 \
	    -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
	    -DSQLITE_ENABLE_RTREE=1 -DSQLITE_ENABLE_COLUMN_METADATA \
	    -DHAVE_USLEEP=1 -DHAVE_LOCALTIME_R=1 -DHAVE_GMTIME_R=1 \
	    -DHAVE_FDATASYNC=1 -DHAVE_STRCHRNUL=1 -DHAVE_ISNAN=1 \
	    -c sqlite3.c -o sqlite3.o
	rm -f "$P/lib/libsqlite3.a"
	ar rcs "$P/lib/libsqlite3.a" sqlite3.o
	cp sqlite3.h sqlite3ext.h "$P/include/"
	version=$(sed -n 's/^#define SQLITE_VERSION *"\(.*\)"/\1/p' sqlite3.h)
	cat >"$P/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$P
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: SQLite
Description: SQL database engine (static, musl, no load_extension)
Version: $version
Libs: -L\${libdir} -lsqlite3
Libs.private: -lm -lpthread
Cflags: -I\${includedir}
EOF
}

for p in $PKGS; do
	[ -f "$P/.stamps/$p" ] && continue
	t0=$(date +%s)
	say "$p ..."
	echo "=== $p $(date)" >>"$LOG"
	fn=build_$(echo "$p" | tr - _)
	# Not in an `if`: there, set -e would be ignored inside the subshell.
	set +e
	( set -ex; $fn ) </dev/null >>"$LOG" 2>&1
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then
		say "FAILED: $p; last lines of $LOG:"
		tail -n 40 "$LOG" >&2
		say "FAILED: $p (full log: $LOG)"
		exit 1
	fi
	touch "$P/.stamps/$p"
	say "$p done ($(($(date +%s) - t0))s)"
done

# What `make static` links; fail here rather than at link time.
for l in ext2fs com_err blkid uuid archive zstd lz4 lzma z crypto sqlite3; do
	[ -f "$P/lib/lib$l.a" ] || die "missing $P/lib/lib$l.a"
done
PKG_CONFIG_LIBDIR=$P/lib/pkgconfig pkg-config --static --libs \
    ext2fs com_err blkid uuid libarchive libzstd liblz4 liblzma zlib \
    libcrypto sqlite3 >>"$LOG" 2>&1 ||
    die "pkg-config cannot resolve the prefix's .pc files; see $LOG"
rm -f "$P"/lib/*.la
# compile_et, mk_cmds and their awk scripts, man pages: nothing links them.
rm -rf "${P:?}/bin" "$P/sbin" "$P/share" "${W:?}"
touch "$P/.complete"
say "done in $(($(date +%s) - start))s"
echo "$P"
