#!/bin/sh
# t1500 - --root DIR: a tree already mounted read-only reads like an image,
# and symlinks in it never reach the host
. "${TOP:?}/tests/lib/e2e.sh"

src=$(basic_src)
rs --root "$src" cat /dir/hello.txt
same "cat through --root" "$T/out" "$src/dir/hello.txt"
rs --root "$src" ls -a /dir
check "ls through --root" grep -q '^hello.txt$' "$T/out"

# A server tree whose links point at the host's files.
mkdir -p "$T/srv/etc" "$T/srv/root"
echo 'server-passwd' >"$T/srv/etc/passwd"
ln -s /etc/passwd "$T/srv/root/abs"
ln -s ../../../../../../../../etc/shadow "$T/srv/root/rel"
ln -s /dev/null "$T/srv/root/.bash_history"
ln -s /etc "$T/srv/hostetc"
rs --root "$T/srv" cat /root/abs
check "--root: absolute link reads the server's file" \
    grep -q '^server-passwd$' "$T/out"
rs --root "$T/srv" cat /root/rel
status "--root: relative escape to the host's shadow fails" 3
check "--root: and names where it led" grep -q '/etc/shadow' "$T/err"
rs --root "$T/srv" cat /root/.bash_history
check "--root: history linked to /dev/null is reported" \
    grep -q 'symlink to /dev/null' "$T/err"
rs --root "$T/srv" cat /hostetc/hostname
status "--root: a link to a host directory stays inside" 3
rs --root "$T/srv" triage
check "--root: triage runs on a directory" grep -q '^== system' "$T/out"
finish
