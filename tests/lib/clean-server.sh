# clean-server.sh - sourced by tests: trees of a clean Debian 12 server,
# for the tests that must find nothing of medium or higher severity on one
#
# clean_persistence_tree DIR: cron, systemd, rc, profiles, hooks as Debian
#     ships them, an admin's local unit under /opt
# clean_accounts_tree DIR: passwd, shadow, group, sshd_config, sudoers, PAM
#     as a Debian 12 install has them, one admin (anna) with a key;
#     leaves DIR.attrs for scripts/mkimage.sh

corpus=${RESCUE_CORPUS:-$TOP/../shared/corpus}

# Public keys made now, or fixed ones when ssh-keygen is missing.
key() {	# TYPE BITS COMMENT
	if command -v ssh-keygen >/dev/null 2>&1 &&
	    ssh-keygen -q -t "$1" ${2:+-b $2} -N '' -C "$3" -f "$T/k.$$" \
	    </dev/null >/dev/null 2>&1; then
		cat "$T/k.$$.pub"
		rm -f "$T/k.$$" "$T/k.$$.pub"
		return
	fi
	case $1 in
	ed25519) echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINJhk06PFZ9JRwfg8Mm1djPXs7fkt6fje1/xZGhLxJFB $3" ;;
	rsa) echo "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC1cZhi4Fc24DEUlvAFv2NXH/eubMIcljmLVsVH5z9QMJIsahC8x8hDS8HBj/y67n7gk0Sh/J1Ot8viYaeNPKdA3LLbGycFAi+suTm7lwqbcDfDjYLntd6Vww3WOsCqS3zofnGj53GFpOLzk1UA2G31p3cYVcy/xHjdO5m2ynsH0Q== $3" ;;
	*) return 1 ;;
	esac
}

clean_persistence_tree() {
c=$1
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

}

clean_accounts_tree() {
clean=$1
mkdir -p "$clean/etc/ssh/sshd_config.d" "$clean/etc/sudoers.d" \
    "$clean/etc/pam.d" "$clean/home/anna/.ssh" "$clean/root" \
    "$clean/var/lib/dpkg/info" "$clean/usr/lib/x86_64-linux-gnu/security"
ln -s usr/lib "$clean/lib"
cat >"$clean/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
EOF
cat >"$clean/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
messagebus:x:100:102::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
anna:x:1000:1000:Anna Berg,,,:/home/anna:/bin/bash
EOF
cat >"$clean/etc/shadow" <<'EOF'
root:$y$j9T$QmN4x1vB8cR2tY6uZ0wE3.$Ar7fGk2Lm9Pq4sTv8Wx1Yz5Bc3Dn6Ej0Hk2Mp7Rq4St:19884:0:99999:7:::
daemon:*:19884:0:99999:7:::
bin:*:19884:0:99999:7:::
sys:*:19884:0:99999:7:::
sync:*:19884:0:99999:7:::
games:*:19884:0:99999:7:::
man:*:19884:0:99999:7:::
lp:*:19884:0:99999:7:::
mail:*:19884:0:99999:7:::
news:*:19884:0:99999:7:::
uucp:*:19884:0:99999:7:::
proxy:*:19884:0:99999:7:::
www-data:*:19884:0:99999:7:::
backup:*:19884:0:99999:7:::
list:*:19884:0:99999:7:::
irc:*:19884:0:99999:7:::
_apt:*:19884:0:99999:7:::
nobody:*:19884:0:99999:7:::
systemd-network:!*:19884::::::
systemd-timesync:!*:19884::::::
messagebus:!:19884::::::
sshd:!:19884::::::
anna:$y$j9T$8kLr2Vq0sN5wXb1Zc7Hd4/$Tq3Wm8Ys1Ud6Fk0Jn4Rb9Cv2Xh7Lp5Ge3Za8Qo1Ni6:19884:0:99999:7:::
EOF
groups='root daemon bin sys adm tty disk lp mail news uucp man proxy kmem
dialout fax voice cdrom floppy tape sudo audio dip www-data backup operator
list irc src shadow utmp video sasl plugdev staff games users nogroup
systemd-journal systemd-network systemd-timesync messagebus crontab _ssh anna'
gids='0 1 2 3 4 5 6 7 8 9 10 12 13 15 20 21 22 24 25 26 27 29 30 33 34 37 38
39 40 42 43 44 45 46 50 60 100 65534 999 998 997 102 101 103 1000'
set -- $gids
for g in $groups; do
	case $g in
	adm|cdrom|sudo|audio|dip|video|plugdev|users) m=anna ;;
	*) m= ;;
	esac
	echo "$g:x:$1:$m" >>"$clean/etc/group"
	if [ "$g" = anna ]; then
		echo "$g:!::$m" >>"$clean/etc/gshadow"
	else
		echo "$g:*::$m" >>"$clean/etc/gshadow"
	fi
	shift
done
echo 'UID_MIN			 1000' >"$clean/etc/login.defs"
sed -e 's/^PermitRootLogin yes$/#PermitRootLogin prohibit-password/' \
    "$TOP/tests/trees/demo/root/etc/ssh/sshd_config" \
    >"$clean/etc/ssh/sshd_config"
cp "$TOP/tests/trees/demo/root/etc/sudoers" \
    "$TOP/tests/trees/demo/root/etc/sudoers.d/README" "$clean/etc/"
mv "$clean/etc/README" "$clean/etc/sudoers.d/README"
cat >"$clean/etc/pam.d/common-auth" <<'EOF'
#
# /etc/pam.d/common-auth - authentication settings common to all services
#
# here are the per-package modules (the "Primary" block)
auth	[success=1 default=ignore]	pam_unix.so nullok
# here's the fallback if no module succeeds
auth	requisite			pam_deny.so
# prime the stack with a positive return value if there isn't one already;
# this avoids us returning an error just because nothing sets a success code
# since the modules above will each just jump around
auth	required			pam_permit.so
# and here are more per-package modules (the "Additional" block)
# end of pam-auth-update config
EOF
cat >"$clean/etc/pam.d/common-account" <<'EOF'
account	[success=1 new_authtok_reqd=done default=ignore]	pam_unix.so
account	requisite			pam_deny.so
account	required			pam_permit.so
EOF
cat >"$clean/etc/pam.d/common-session" <<'EOF'
session	[default=1]			pam_permit.so
session	requisite			pam_deny.so
session	required			pam_permit.so
session	required	pam_unix.so
session	optional	pam_systemd.so
EOF
cat >"$clean/etc/pam.d/sshd" <<'EOF'
# PAM configuration for the Secure Shell service

# Standard Un*x authentication.
@include common-auth

# Disallow non-root logins when /etc/nologin exists.
account    required     pam_nologin.so

# Standard Un*x authorization.
@include common-account

session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so close
session    required     pam_loginuid.so
session    optional     pam_keyinit.so force revoke
@include common-session
session    optional     pam_motd.so  motd=/run/motd.dynamic
session    optional     pam_motd.so noupdate
session    optional     pam_mail.so standard noenv # [1]
session    required     pam_limits.so
session    required     pam_env.so # [1]
session    required     pam_env.so envfile=/etc/default/locale
session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so open
@include common-password
EOF
cat >"$clean/etc/pam.d/login" <<'EOF'
auth       optional   pam_faildelay.so  delay=3000000
auth       requisite  pam_nologin.so
session [success=ok ignore=ignore module_unknown=ignore default=bad] pam_selinux.so close
session    required     pam_loginuid.so
session    optional   pam_motd.so motd=/run/motd.dynamic
session    optional   pam_motd.so noupdate
session    required   pam_env.so readenv=1
session    required   pam_env.so readenv=1 envfile=/etc/default/locale
@include common-auth
auth       optional   pam_group.so
session    required   pam_limits.so
session    optional   pam_lastlog.so
session    optional   pam_mail.so standard
session    optional   pam_keyinit.so force revoke
@include common-account
@include common-session
@include common-password
EOF
mods='pam_unix pam_deny pam_permit pam_nologin pam_loginuid pam_keyinit
pam_motd pam_mail pam_limits pam_env pam_faildelay pam_group pam_lastlog
pam_selinux pam_exec'
for m in $mods; do
	: >"$clean/usr/lib/x86_64-linux-gnu/security/$m.so"
	echo "/lib/x86_64-linux-gnu/security/$m.so" \
	    >>"$clean/var/lib/dpkg/info/libpam-modules:amd64.list"
done
: >"$clean/usr/lib/x86_64-linux-gnu/security/pam_systemd.so"
echo /lib/x86_64-linux-gnu/security/pam_systemd.so \
    >"$clean/var/lib/dpkg/info/libpam-systemd:amd64.list"
key ed25519 '' anna@laptop >"$clean/home/anna/.ssh/authorized_keys"
cat >"$clean.attrs" <<'EOF'
etc/shadow                     0640  0:42       -
etc/gshadow                    0640  0:42       -
etc/sudoers                    0440  -          -
etc/sudoers.d/README           0440  -          -
root                           0700  -          -
home/anna/                     -     1000:1000  20250110120000
home/anna                      0750  -          -
home/anna/.ssh                 0700  -          -
home/anna/.ssh/authorized_keys 0600  -          -
EOF

}
