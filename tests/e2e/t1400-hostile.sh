#!/bin/sh
# t1400 - hostile disks: truncated, zeroed superblock, partitions past the
# end, not a filesystem at all, names made to forge output, logical
# partitions, several OS installs.  Each gives a one-line error or an
# escaped name, never a crash, and the run goes on.
. "${TOP:?}/tests/lib/e2e.sh"

# Not a filesystem: exit 3, one line per problem, naming the image.
rs ls -d "$IMG/notfs.img" /
status "notfs: ls exits 3" 3
one_line_error "notfs: errors are 'rescue: ...' lines"
check "notfs: the error names the image" grep -q 'notfs.img' "$T/err"
rs probe "$IMG/notfs.img"
status "notfs: probe still lists the disk, exit 0" 0
check "notfs: probe says nothing was found" \
    grep -q 'no partition table and no filesystem found' "$T/out"
rs triage /nonexistent/disk.img
status "missing target: exit 3" 3
one_line_error "missing target: one-line error"

# Truncated ext4: what is there is read, the rest is an error per file.
rs ls -R -d "$IMG/truncated.img" /
check "truncated: ls lists the root" grep -q '^big$' "$T/out"
one_line_error "truncated: unreadable parts are one-line errors"
rs cat -d "$IMG/truncated.img" /big
status "truncated: cat of a file cut by the end exits 3" 3
check "truncated: the error says short read" grep -qi 'short read\|past the end' \
    "$T/err"
rs triage "$IMG/truncated.img"
check "truncated: triage finishes" test "$rc" -le 3
check "truncated: triage prints a report" grep -q '^== system' "$T/out"

# Zeroed primary superblock: read through a backup, and said so.
rs ls -d "$IMG/zero-sb.img" /etc
status "zero-sb: ls through the backup superblock exits 0" 0
check "zero-sb: files are listed" test -s "$T/out"
rs triage "$IMG/zero-sb.img"
check "zero-sb: triage reports the backup superblock" \
    grep -q 'system.fs_backup_superblock' "$T/out"

# Partitions past the end of the image (GPT and MBR).
# vol NAME: the probe record of partition NAME, from JSON in $T/out.
vol() {
	jq -c "select(.kind == \"volume\" and .name == \"$1\")" "$T/out"
}

for i in past-end past-end-mbr; do
	rs probe --format json "$IMG/$i.img"
	status "$i: probe exits 0" 0
	vol p2 | grep -q 'past the end of the disk; read up to the end' &&
	    ok "$i: p2 is read up to the end, and said so" ||
	    not_ok "$i: p2 is read up to the end, and said so" "$(vol p2)"
	vol p3 | grep -q 'starts at 8388608 past the end' &&
	    ok "$i: p3 starts past the end and is said so" ||
	    not_ok "$i: p3 starts past the end and is said so" "$(vol p3)"
	rs ls -d "$IMG/$i.img" /etc
	check "$i: the whole partition p1 is readable" grep -q 'os-release' \
	    "$T/out"
done
rs probe --format json "$IMG/past-end.img"
check "past-end: GPT that libblkid refuses is read by rescue" \
    grep -q 'GPT read by rescue' "$T/out"
mmls "$IMG/past-end.img" 2>/dev/null | awk '$2 ~ /^00[0-9]$/ { print $3 * 512 }' \
    >"$T/want"
jq -r 'select(.kind == "volume") | .start' "$T/out" >"$T/got"
same "past-end: partition starts agree with mmls" "$T/got" "$T/want"

# Names that would forge output are escaped, one entry per line.
rs ls -a -d "$IMG/names.img" /
status "names: ls exits 0" 0
check "names: newline escaped" grep -qF 'new\nline' "$T/out"
check "names: invalid UTF-8 escaped" grep -qF 'bad\xff\xfeutf8' "$T/out"
check "names: escape sequence escaped" grep -qF 'clear\x1b[2Jscreen' "$T/out"
check "names: no raw control byte reaches the output" \
    sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$T/out'"
check "names: valid UTF-8 passes unchanged" grep -q 'café' "$T/out"
rs ls -R -d "$IMG/names.img" /
check "names: a directory with a newline is listed" \
    grep -qF '/dir\nwith newline:' "$T/out"

# Logical partitions in an extended partition.
rs probe --format json "$IMG/mbr-logical.img"
for p in p1 p5 p6; do
	vol "$p" | grep -q '"fstype":"ext' && ok "mbr-logical: $p listed" ||
	    not_ok "mbr-logical: $p listed" "$(vol "$p")"
done
vol p2 | grep -q 'extended partition' &&
    ok "mbr-logical: the extended partition is named as such" ||
    not_ok "mbr-logical: the extended partition is named as such" "$(vol p2)"

# Several OS installs: probe lists them, triage asks for --os.
rs triage "$IMG/multi-os.img"
status "multi-os: triage without --os is a usage error" 2
check "multi-os: the error lists both installs" \
    grep -q 'Debian.*Ubuntu\|Ubuntu.*Debian' "$T/err"
rs triage --os p2 "$IMG/multi-os.img"
check "multi-os: --os p2 chooses Ubuntu" grep -q 'Ubuntu' "$T/out"
rs --os "$MULTI_DEBIAN_UUID" cat -d "$IMG/multi-os.img" /etc/os-release
check "multi-os: --os UUID chooses Debian" grep -q 'Debian' "$T/out"
rs --os nosuch triage "$IMG/multi-os.img"
check "multi-os: unknown --os is an error" test "$rc" -ne 0
finish
