#!/bin/sh
# t3500 - binaries: real Debian packages unpacked with their dpkg
# database; untouched, nothing is reported; then a modified binary, a
# removed one, a new ELF in /usr/bin, an ELF in a hidden /var/tmp
# directory and a setuid shell in /tmp are each found, and the modified
# and missing lists agree with debsums; the demo; hostile databases
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/debroot.sh"

demo=$IMG/demo.img
has_finding() {	# CHECK JQ-CONDITION
	jq -e -s "map(select(.type == \"finding\" and .check == \"$1\" and
	    ($2))) | length > 0" "$T/out" >/dev/null
}
no_medium() {
	jq -e -s 'map(select(.type == "finding" and (.severity == "medium" or
	    .severity == "high"))) | length == 0' "$T/out" >/dev/null
}

# --- the demo ---------------------------------------------------------
rs binaries --format json "$demo"
status "demo: exit 1" 1
check "demo: the trojaned ps, with its SHA-256" has_finding \
    pkg.modified_binary '.path == "/usr/bin/ps" and
    (.detail | test("^[0-9a-f]{64}$"))'
check "demo: the miner in /tmp/.X11-unix/.x" has_finding \
    binaries.dropped_elf '.path == "/tmp/.X11-unix/.x/kworker"'
check "demo: its copy in /usr/local/lib/.cache" has_finding \
    binaries.dropped_elf '.path == "/usr/local/lib/.cache/kworker"'
check "demo: the miner's config" has_finding binaries.miner \
    '.path == "/tmp/.X11-unix/.x/config.json"'
check "demo: the miner binary's strings" has_finding binaries.miner \
    '.path == "/tmp/.X11-unix/.x/kworker"'
check "demo: the setuid copy of bash, with its hash" sh -c "jq -e -s '
    (map(select(.check == \"binaries.setid_dropped\" and
    .path == \"/var/tmp/.font-unix/.b\")) | length == 1) and
    (map(select(.kind == \"elf\" and .path == \"/var/tmp/.font-unix/.b\"
    and .mode == \"-rwsr-xr-x\" and (.sha256 | length) == 64)) |
    length == 1)' '$T/out' >/dev/null"
check "demo: the webshell" has_finding binaries.webshell \
    '.path == "/var/www/html/wp-content/uploads/.cache.php"'
check "demo: libprocesshider at its known path" has_finding \
    binaries.rootkit_path '.path == "/usr/local/lib/libprocesshider.so"'

# --- real packages ----------------------------------------------------
srv=$T/srv
if ! debroot "$srv" dash procps sed hostname netbase adduser 2>"$T/dr.err"
then
	# no archive and no cache: say so, do not pretend
	echo "# SKIP real packages: $(head -n 1 "$T/dr.err")"
	finish
	exit $?
fi
rs binaries --format json --root "$srv"
status "untouched packages: exit 0" 0
check "untouched packages: no finding of medium or higher" no_medium
check "untouched packages: every md5sums line verified" sh -c "jq -e -s \
    'map(select(.kind == \"summary\" and .verified == $(cat \
    "$srv"/var/lib/dpkg/info/*.md5sums | wc -l) and .modified == 0 and
    .missing == 0)) | length == 1' '$T/out' >/dev/null"

printf '\n' >>"$srv/usr/bin/sed"
rm "$srv/usr/bin/hostname"
cp "$srv/usr/bin/dash" "$srv/usr/bin/gdm-helper"
mkdir -p "$srv/var/tmp/.x"
cp "$srv/usr/bin/dash" "$srv/var/tmp/.x/kthreadd"
cp "$srv/usr/bin/dash" "$srv/tmp/.sh"
chmod 4755 "$srv/tmp/.sh"
chmod 4755 "$srv/usr/bin/dash"		# packaged, unchanged, given the bit
printf '# local change\n' >>"$srv/etc/services"
mkdir -p "$srv/var/www/html/uploads"
cat >"$srv/var/tmp/.x/config.json" <<'JSON'
{ "autosave": true, "donate-level": 0, "cpu": { "enabled": true },
  "pools": [ { "url": "stratum+tcp://pool.supportxmr.com:3333",
    "user": "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A",
    "algo": "rx/0" } ] }
JSON
printf '<?php @eval($_POST["c"]); ?>\n' >"$srv/var/www/html/uploads/x.php"
printf '\377\330\377\340JFIF<?php system($_GET["cmd"]); ?>' \
    >"$srv/var/www/html/uploads/logo.jpg"
printf '<?php echo "hello"; ?>\n' >"$srv/var/www/html/index.php"
rs binaries --format json --root "$srv"
cp "$T/out" "$T/mod.json"
status "tampered: exit 1" 1
check "modified binary" has_finding pkg.modified_binary \
    '.path == "/usr/bin/sed" and (.evidence | startswith("sed: md5 "))'
check "removed binary" has_finding pkg.missing_binary \
    '.path == "/usr/bin/hostname"'
check "new ELF in /usr/bin" has_finding binaries.unowned_system \
    '.path == "/usr/bin/gdm-helper"'
check "ELF in a hidden /var/tmp directory" has_finding \
    binaries.dropped_elf '.path == "/var/tmp/.x/kthreadd"'
check "setuid shell in /tmp" has_finding binaries.setid_dropped \
    '.path == "/tmp/.sh"'
check "the package's own dash made setuid" has_finding \
    binaries.setid_shell '.path == "/usr/bin/dash" and
    (.evidence | test("-rwsr-xr-x.*ships it without"))'
check "miner config" has_finding binaries.miner \
    '.path == "/var/tmp/.x/config.json"'
check "PHP webshell" has_finding binaries.webshell \
    '.path == "/var/www/html/uploads/x.php"'
check "JPEG that is PHP" has_finding binaries.webshell \
    '.path == "/var/www/html/uploads/logo.jpg"'
check "an ordinary PHP page is quiet" sh -c "jq -e -s 'map(select(
    .type == \"finding\" and .path == \"/var/www/html/index.php\")) |
    length == 0' '$T/mod.json' >/dev/null"
check "changed conffile is a record, not a finding" sh -c "jq -e -s '
    (map(select(.kind == \"conffile_changed\" and
    .path == \"/etc/services\")) | length == 1) and
    (map(select(.type == \"finding\" and .path == \"/etc/services\")) |
    length == 0)' '$T/mod.json' >/dev/null"

# debsums on the same tree: the same changed and missing files
if command -v debsums >/dev/null; then
	debsums --root="$srv" -s 2>&1 |
	    sed -n -e "s|^debsums: changed file $srv\\(/[^ ]*\\) .*|changed \\1|p" \
	    -e "s|^debsums: missing file $srv\\(/[^ ]*\\) .*|missing \\1|p" |
	    sed -e 's| /bin/| /usr/bin/|' -e 's| /sbin/| /usr/sbin/|' \
	    -e 's| /lib/| /usr/lib/|' | sort >"$T/want"
	jq -r '(select(.kind == "package_file_changed") | "changed " + .path),
	    (select(.kind == "package_file_missing") | "missing " + .path)' \
	    "$T/mod.json" | sort >"$T/got"
	check "debsums finds the tampering too" test -s "$T/want"
	same "modified and missing files agree with debsums" "$T/got" \
	    "$T/want"
else
	echo "# SKIP debsums comparison: debsums not installed"
fi

# --- language modules: npm -g over a package's bundled npm -------------
lm=$T/lm
mkdir -p "$lm/var/lib/dpkg/info" "$lm/usr/lib/node_modules/npm/lib" \
    "$lm/usr/lib/node_modules/left" "$lm/usr/lib/x86_64-linux-gnu" \
    "$lm/usr/lib/python3/dist-packages/mod"
: >"$lm/var/lib/dpkg/status"
pkg() {	# NAME PATH...: installed, owning PATHs as they are now
	_p=$1; shift
	printf 'Package: %s\nStatus: install ok installed\nVersion: 1\n\n' \
	    "$_p" >>"$lm/var/lib/dpkg/status"
	for _f in "$@"; do
		echo "$_f"
		printf '%s  %s\n' "$(md5sum <"$lm$_f" | cut -d' ' -f1)" \
		    "${_f#/}" >>"$lm/var/lib/dpkg/info/$_p.md5sums"
	done >"$lm/var/lib/dpkg/info/$_p.list"
}
i=0
while [ $i -lt 40 ]; do
	echo "module.exports = $i;" >"$lm/usr/lib/node_modules/npm/lib/f$i.js"
	i=$((i + 1))
done
echo 'module.exports = 1;' >"$lm/usr/lib/node_modules/left/index.js"
cp /bin/true "$lm/usr/lib/x86_64-linux-gnu/libfoo.so.1"
echo data >"$lm/usr/lib/python3/dist-packages/mod/data.txt"
# shellcheck disable=SC2046
pkg nodejs $(cd "$lm" && ls usr/lib/node_modules/npm/lib/*.js | sed 's|^|/|')
pkg left /usr/lib/node_modules/left/index.js
pkg libfoo1 /usr/lib/x86_64-linux-gnu/libfoo.so.1
pkg python3-mod /usr/lib/python3/dist-packages/mod/data.txt
# npm rewrites its whole tree; one module of another package is patched
i=0
while [ $i -lt 40 ]; do
	if [ $i -lt 30 ]; then
		echo "module.exports = 'v2';" \
		    >"$lm/usr/lib/node_modules/npm/lib/f$i.js"
	else
		rm "$lm/usr/lib/node_modules/npm/lib/f$i.js"
	fi
	i=$((i + 1))
done
# its bin script too, executable: part of the same rewrite
printf '#!/usr/bin/env node\nrequire("../lib/cli.js")\n' \
    >"$lm/usr/lib/node_modules/npm/lib/f5.js"
chmod 755 "$lm/usr/lib/node_modules/npm/lib/f5.js"
echo 'require("child_process").exec(process.env.X);' \
    >>"$lm/usr/lib/node_modules/left/index.js"
cp /bin/false "$lm/usr/lib/x86_64-linux-gnu/libfoo.so.1"
echo changed >"$lm/usr/lib/python3/dist-packages/mod/data.txt"
rs binaries --format json --root "$lm"
check "modules: npm's rewrite is one low finding" has_finding \
    pkg.modules_replaced '.path == "/usr/lib/node_modules/npm" and
    .severity == "low" and .evidence == "nodejs: 30 files changed, 10 gone"'
check "modules: no finding on npm's own files" sh -c "jq -e -s '
    map(select(.type == \"finding\" and
    (.path | startswith(\"/usr/lib/node_modules/npm/\")))) | length == 0' \
    '$T/out' >/dev/null"
check "modules: every changed file is still a record" sh -c "jq -e -s '
    map(select(.kind == \"package_file_changed\" and
    (.path | startswith(\"/usr/lib/node_modules/npm/\")))) | length == 30' \
    '$T/out' >/dev/null"
check "modules: one patched module is a finding of its own" has_finding \
    pkg.modified '.path == "/usr/lib/node_modules/left/index.js"'
check "modules: a replaced library in /usr/lib is a program" has_finding \
    pkg.modified_binary '.path == "/usr/lib/x86_64-linux-gnu/libfoo.so.1"'
check "modules: a data file in /usr/lib is not" has_finding pkg.modified \
    '.path == "/usr/lib/python3/dist-packages/mod/data.txt"'

# --- programs no package installed: a vendor's tree, and a few dropped --
printf '/usr\n/usr/lib\n/usr/lib/x86_64-linux-gnu\n' \
    >>"$lm/var/lib/dpkg/info/libfoo1.list"
mkdir -p "$lm/usr/lib/jvm/vendor-jdk/bin" "$lm/usr/lib/jvm/vendor-jdk/lib" \
    "$lm/usr/lib/helperd"
i=0
while [ $i -lt 12 ]; do
	cp /bin/true "$lm/usr/lib/jvm/vendor-jdk/bin/tool$i"
	i=$((i + 1))
done
i=0
while [ $i -lt 60 ]; do
	echo "class $i" >"$lm/usr/lib/jvm/vendor-jdk/lib/c$i.properties"
	i=$((i + 1))
done
cp /bin/true "$lm/usr/lib/helperd/helperd"
cp /bin/true "$lm/usr/lib/helperd/helperctl"
cp /bin/true "$lm/usr/lib/x86_64-linux-gnu/libsystemd-shim.so"
rs binaries --format json --root "$lm"
# no package here made /usr/lib/jvm: the tree is all of it
check "trees: the vendor's tree is one low finding" has_finding \
    binaries.unowned_tree '.path == "/usr/lib/jvm" and
    .severity == "low" and (.evidence | startswith("12 programs among 72"))'
check "trees: none of its programs is a finding" sh -c "jq -e -s '
    map(select(.type == \"finding\" and
    (.path | startswith(\"/usr/lib/jvm/vendor-jdk/\")))) | length == 0' \
    '$T/out' >/dev/null"
check "trees: each of its programs is a record" sh -c "jq -e -s '
    map(select(.kind == \"elf\" and
    (.path | startswith(\"/usr/lib/jvm/vendor-jdk/\")))) | length == 12' \
    '$T/out' >/dev/null"
check "trees: two programs in a new directory are two findings" sh -c "
    jq -e -s 'map(select(.check == \"binaries.unowned_system\" and
    (.path | startswith(\"/usr/lib/helperd/\")))) | length == 2' \
    '$T/out' >/dev/null"
check "trees: a library dropped beside packaged ones is a finding" \
    has_finding binaries.unowned_system \
    '.path == "/usr/lib/x86_64-linux-gnu/libsystemd-shim.so"'

# --- hostile ----------------------------------------------------------
hst=$T/hostile
mkdir -p "$hst/var/lib/dpkg/info" "$hst/tmp" "$hst/usr/bin"
{
	printf 'Package: evil\nStatus: install ok installed\nVersion: 1\n'
	printf 'Description: '
	head -c 1048576 /dev/zero | tr '\0' D
	printf '\n\nPackage: good\nStatus: install ok installed\nVersion: 1\n\n'
} >"$hst/var/lib/dpkg/status"
printf '/.\n/usr\n/usr/bin\n/usr/bin/good\n/../etc/shadow\nrelative\n' \
    >"$hst/var/lib/dpkg/info/good.list"
{
	printf 'zz0123456789abcdef0123456789abcd  usr/bin/good\n'
	printf '0123456789abcdef0123456789abcdef  ../../etc/shadow\n'
	printf '0123456789abcdef0123456789abcdef  /etc/passwd\n'
	printf '%s  usr/bin/good\n' "$(printf 'good\n' | md5sum | cut -c1-32)"
} >"$hst/var/lib/dpkg/info/good.md5sums"
printf 'good\n' >"$hst/usr/bin/good"
printf '\177ELF\002\001\001\000garbage-header' >"$hst/tmp/bad-elf"
chmod +x "$hst/tmp/bad-elf"
truncate -s 4G "$hst/tmp/big"
chmod +x "$hst/tmp/big"
printf '\177ELF' | dd of="$hst/tmp/big" conv=notrunc status=none
# as an ext4 image: the 4 GiB file stays sparse, its holes read as zeros
mkfs.ext4 -q -F -d "$hst" "$T/hostile.img" 64M >/dev/null
rs_timed binaries --format json "$T/hostile.img"
check "hostile: finishes in time" test "$rc" -ne 124
check "hostile: every output line is JSON" jq -e . "$T/out" >/dev/null
check "hostile: the good line of md5sums is verified" sh -c "jq -e -s \
    'map(select(.kind == \"summary\" and .verified == 1 and
    .modified == 0)) | length == 1' '$T/out' >/dev/null"
check "hostile: a corrupt ELF header is still reported" has_finding \
    binaries.dropped_elf '.path == "/tmp/bad-elf"'
check "hostile: a 4 GiB sparse ELF is hashed" sh -c "jq -e -s \
    'map(select(.kind == \"elf\" and .path == \"/tmp/big\" and
    (.sha256 | length) == 64)) | length == 1' '$T/out' >/dev/null"

finish
