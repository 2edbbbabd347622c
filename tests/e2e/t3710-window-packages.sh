#!/bin/sh
# t3710 - the files triage lists as changed inside an attack window leave
# out what dpkg.log shows the package system did then: a package upgraded
# (its files), scripts and triggers (ld.so.cache, .pyc, a unit enabled by
# link); a package installed then is one line; a file of a package not in
# the run and the intruder's own file stay.  dpkg.log is in the server's
# local time (Asia/Tokyo here, UTC+9): read with UTC, nothing would match.
. "${TOP:?}/tests/lib/e2e.sh"

zone=/usr/share/zoneinfo/Asia/Tokyo
if [ ! -f "$zone" ] || ! command -v mkfs.ext4 >/dev/null; then
	echo "# SKIP tzdata or mkfs.ext4 missing"
	finish
	exit
fi

R=$T/root
mkdir -p "$R/etc/systemd/system/multi-user.target.wants" "$R/usr/bin" \
    "$R/usr/local/bin" "$R/usr/share/newtool" "$R/lib/systemd/system" \
    "$R/usr/lib/python3/dist-packages/__pycache__" "$R/var/lib/dpkg/info" \
    "$R/var/log"
cp "$zone" "$R/etc/localtime"
for f in usr/bin/upgtool usr/bin/newtool usr/bin/bystander \
    usr/share/newtool/a.txt usr/share/newtool/b.txt \
    lib/systemd/system/newtool.service etc/ld.so.cache \
    usr/lib/python3/dist-packages/__pycache__/m.cpython-311.pyc \
    usr/local/bin/evil; do
	echo "$f" >"$R/$f"
done
# a web application's sessions: many files in one directory, one line
mkdir -p "$R/srv/app/sessions"
i=0
while [ $i -lt 30 ]; do
	echo "s$i" >"$R/srv/app/sessions/sess_$i"
	i=$((i + 1))
done
ln -s /lib/systemd/system/newtool.service \
    "$R/etc/systemd/system/multi-user.target.wants/newtool.service"
for p in upgtool newtool bystander; do
	printf 'Package: %s\nStatus: install ok installed\n' "$p"
	printf 'Architecture: amd64\nVersion: 1.1\n\n'
done >"$R/var/lib/dpkg/status"
printf '/.\n/usr\n/usr/bin\n/usr/bin/upgtool\n' \
    >"$R/var/lib/dpkg/info/upgtool.list"
printf '/usr/bin/bystander\n' >"$R/var/lib/dpkg/info/bystander.list"
printf '%s\n' /usr/bin/newtool /usr/share/newtool /usr/share/newtool/a.txt \
    /usr/share/newtool/b.txt /lib/systemd/system/newtool.service \
    >"$R/var/lib/dpkg/info/newtool.list"
# now, on the server's wall clock
t=$(TZ=Asia/Tokyo date +'%Y-%m-%d %H:%M:%S')
cat >"$R/var/log/dpkg.log" <<EOF
$t startup archives unpack
$t upgrade upgtool:amd64 1.0 1.1
$t status unpacked upgtool:amd64 1.1
$t install newtool:amd64 <none> 1.1
$t status unpacked newtool:amd64 1.1
$t startup packages configure
$t configure upgtool:amd64 1.1 <none>
$t status installed upgtool:amd64 1.1
$t configure newtool:amd64 1.1 <none>
$t status installed newtool:amd64 1.1
$t trigproc libc-bin:amd64 2.36-9 <none>
EOF
now=$(date +%s)
mkimg() {	# IMG: an ext4 image of $R
	mkfs.ext4 -q -F -d "$R" "$1" 8M >/dev/null 2>&1
}
check "image built" mkimg "$T/pk.img"

win="--since @$((now - 900)) --until @$((now + 900))"
# shellcheck disable=SC2086
rs triage --format json $win "$T/pk.img"
check "json parses" jq -e . "$T/out" >/dev/null
files() {	# the window's file events, one path a line
	jq -r 'select(.type == "window") | .events[] |
	    select(.kind == "file") | .what' "$T/out"
}
files >"$T/files"
check "the intruder's file is listed" grep -qx /usr/local/bin/evil "$T/files"
check "a file of a package not in the run is listed" \
    grep -qx /usr/bin/bystander "$T/files"
check "the upgraded package's file is not" \
    sh -c "! grep -qx /usr/bin/upgtool '$T/files'"
check "the installed package's files are not" \
    sh -c "! grep -q '^/usr/share/newtool/\|^/usr/bin/newtool' '$T/files'"
check "ld.so.cache, a .pyc and the unit's link are not" \
    sh -c "! grep -q 'ld.so.cache\|__pycache__\|target.wants' '$T/files'"
check "the install is one line" sh -c "jq -e -s '[.[] |
    select(.type == \"window\") | .events[] |
    select(.what == \"/var/lib/dpkg/info/newtool.list\" and
    .where == \"package newtool installed, dpkg.log\")] | length == 1' \
    '$T/out' >/dev/null"
check "30 files in one directory are one line" sh -c "jq -e -s '[.[] |
    select(.type == \"window\") | .events[] |
    select(.what == \"/srv/app/sessions\" and
    .where == \"30 files created or changed in it\")] | length == 1' \
    '$T/out' >/dev/null"
check "and none of them alone" sh -c "! grep -q '^/srv/app/sessions/' \
    '$T/files'"
check "a note says how many were left out" \
    grep -q 'files changed inside the attack windows by package' "$T/out"

# A window given with --since alone runs to the end of time.
rs triage --format json --since "@$((now - 900))" "$T/pk.img"
files >"$T/files"
check "--since alone: the intruder's file is listed" \
    grep -qx /usr/local/bin/evil "$T/files"
check "--since alone: the upgraded package's file is not" \
    sh -c "! grep -qx /usr/bin/upgtool '$T/files'"

# The same disk without dpkg.log: every file is listed.
rm "$R/var/log/dpkg.log"
check "image without dpkg.log built" mkimg "$T/nolog.img"
# shellcheck disable=SC2086
rs triage --format json $win "$T/nolog.img"
files >"$T/files"
check "no dpkg.log: the upgraded file is listed" \
    grep -qx /usr/bin/upgtool "$T/files"
check "no dpkg.log: ld.so.cache is listed" \
    grep -qx /etc/ld.so.cache "$T/files"

finish
