# debroot.sh - sourced by tests: a tree holding real Debian packages,
# unpacked with dpkg-deb -x, and the dpkg database dpkg itself would have
# written for them (status with Conffiles, info/*.list, *.md5sums,
# *.conffiles).  The .debs come from Debian's archive (apt-get download)
# and are cached in ~/.cache/rescue-debs, so a second run is offline.
#
# debroot DIR PACKAGE...   (the host's architecture; usr-merged like
#                           Debian 12: /bin, /sbin, /lib are links)

DEBCACHE=${RESCUE_DEB_CACHE:-$HOME/.cache/rescue-debs}

debroot_fetch() {	# PACKAGE: print the cached .deb's path
	mkdir -p "$DEBCACHE"
	dr_deb=$(ls "$DEBCACHE/$1"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$dr_deb" ]; then
		(cd "$DEBCACHE" && apt-get download "$1" >/dev/null 2>&1) ||
		    return 1
		dr_deb=$(ls "$DEBCACHE/$1"_*.deb 2>/dev/null | head -n 1)
	fi
	[ -n "$dr_deb" ] && echo "$dr_deb"
}

debroot() {
	dr_root=$1
	shift
	mkdir -p "$dr_root/usr/bin" "$dr_root/usr/sbin" "$dr_root/usr/lib" \
	    "$dr_root/var/lib/dpkg/info" "$dr_root/tmp" "$dr_root/var/tmp"
	for dr_d in bin sbin lib lib64; do
		[ -e "$dr_root/$dr_d" ] || ln -s "usr/$dr_d" "$dr_root/$dr_d"
	done
	mkdir -p "$dr_root/usr/lib64"
	: >>"$dr_root/var/lib/dpkg/status"
	for dr_p in "$@"; do
		dr_deb=$(debroot_fetch "$dr_p") || return 1
		dr_ctl=$(mktemp -d)
		# tar keeps /bin -> usr/bin; dpkg-deb -x would replace it
		dpkg-deb --fsys-tarfile "$dr_deb" |
		    tar -x -C "$dr_root" --keep-directory-symlink || return 1
		dpkg-deb -e "$dr_deb" "$dr_ctl" || return 1
		dr_name=$(sed -n 's/^Package: //p' "$dr_ctl/control")
		dr_ma=$(sed -n 's/^Multi-Arch: //p' "$dr_ctl/control")
		dr_arch=$(sed -n 's/^Architecture: //p' "$dr_ctl/control")
		dr_info=$dr_name
		[ "$dr_ma" = same ] && dr_info=$dr_name:$dr_arch
		# the list: every path in the archive, "/." first
		dpkg-deb --fsys-tarfile "$dr_deb" | tar -t |
		    sed -e 's|^\./$|/.|' -e 's|^\./|/|' -e 's|\(.\)/$|\1|' \
		    >"$dr_root/var/lib/dpkg/info/$dr_info.list"
		[ -f "$dr_ctl/md5sums" ] &&
		    cp "$dr_ctl/md5sums" "$dr_root/var/lib/dpkg/info/$dr_info.md5sums"
		{
			sed '/^Description:/,$d' "$dr_ctl/control" |
			    sed '1a Status: install ok installed'
			if [ -s "$dr_ctl/conffiles" ]; then
				cp "$dr_ctl/conffiles" \
				    "$dr_root/var/lib/dpkg/info/$dr_info.conffiles"
				echo 'Conffiles:'
				while read -r dr_cf; do
					echo " $dr_cf $(md5sum <"$dr_root$dr_cf" |
					    cut -d' ' -f1)"
				done <"$dr_ctl/conffiles"
			fi
			sed -n '/^Description:/,$p' "$dr_ctl/control"
			echo
		} >>"$dr_root/var/lib/dpkg/status"
		rm -rf "$dr_ctl"
	done
}
