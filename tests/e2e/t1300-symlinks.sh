#!/bin/sh
# t1300 - symlinks, "..", loops and mount points never leave the server's
# tree, and a link to /dev/null is reported, not followed
. "${TOP:?}/tests/lib/e2e.sh"

img=$IMG/symlinks.img
rs cat -d "$img" /etc/x
check "relative escape ../../../../etc/shadow reads the image's shadow" \
    grep -q 'IMAGE-SHADOW' "$T/out"
rs cat -d "$img" /escape
check "absolute escape /../../../etc/shadow reads the image's shadow" \
    grep -q 'IMAGE-SHADOW' "$T/out"
check "the host's /etc/shadow never appears" sh -c "! grep -q '^root:' '$T/out'"
rs cat -d "$img" /etc/abs
check "absolute link resolves from the server's root" \
    grep -q 'symlinks-image' "$T/out"
rs cat -d "$img" /etcdir/up/etc/passwd
check "'..' through links stops at the root" grep -q 'symlinks-image' "$T/out"
rs cat -d "$img" /slow
check "slow symlink with many ./ and .." grep -q 'symlinks-image' "$T/out"
rs cat -d "$img" /d/l01
check "40 links are followed" grep -q 'end of the 40-link chain' "$T/out"
for l in /deep /loop1 /self; do
	rs cat -d "$img" "$l"
	status "$l: loop ends with exit 3" 3
	check "$l: loop says more than 40 symlinks" \
	    grep -q "more than 40 symlinks" "$T/err"
done
rs cat -d "$img" /null
status "link to /dev/null is not followed" 3
check "link to /dev/null is reported as such" \
    grep -q '/null: symlink to /dev/null' "$T/err"
rs stat -d "$img" /null
check "stat shows the link to /dev/null" grep -q 'File: /null -> /dev/null' \
    "$T/out"
rs ls -d "$img" /etcdir
check "ls of a link to a directory lists it" grep -q '^passwd$' "$T/out"

# ".." through a mount point: /home of the demo is another filesystem.
img=$IMG/demo.img
rs cat -d "$img" /home/../etc/hostname
check "'..' out of an attached filesystem returns to the root fs" \
    grep -q '^web01$' "$T/out"
rs ls -d "$img" /home
check "ls /home lists the attached filesystem" grep -q '^alice$' "$T/out"
finish
