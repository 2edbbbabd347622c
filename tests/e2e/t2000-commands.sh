#!/bin/sh
# t2000 - the command line: triage and system on the demo server, JSON
# Lines, -o, exit statuses, usage errors and --help
. "${TOP:?}/tests/lib/e2e.sh"

demo=$IMG/demo.img
rs triage "$demo"
check "triage exits 0 or 1" test "$rc" -le 1
for want in 'Debian GNU/Linux 12 (bookworm)' 'hostname *web01' \
    'timezone *Europe/Berlin' 'kernel *6.1.0-28-amd64' \
    'account *sysadmin *uid=0' 'mounted_at=/home' \
    "uuid=$DEMO_HOME_UUID"; do
	check "triage text shows '$want'" grep -q "$want" "$T/out"
done
check "triage text fits 80 columns" \
    sh -c "awk 'length > 80' '$T/out' | grep -q . && exit 1 || exit 0"

rs triage --format json "$demo"
check "json: every line parses" jq -e . "$T/out" >/dev/null
check "json: every line has a type" \
    sh -c "jq -r .type '$T/out' | grep -qv '^record\$\|^finding\$\|^window\$\|^verdict\$' && exit 1 || exit 0"
check "json: /home filesystem record" sh -c "jq -r \
    'select(.kind==\"filesystem\") | .mounted_at' '$T/out' | grep -qx /home"
check "json: times are ISO 8601 UTC" sh -c "jq -r \
    'select(.kind==\"filesystem\") | .last_mount' '$T/out' |
    grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$'"

rs -d "$demo" system --format json
check "system alone: -d before the command" grep -q '"kind":"hostname"' "$T/out"

rm -f "$T/report.txt"
rs triage "$demo" -o "$T/report.txt"
check "-o writes the report to the file" grep -q 'web01' "$T/report.txt"
check "-o leaves no .tmp behind" test ! -e "$T/report.txt.tmp"
check "-o writes nothing to stdout" test ! -s "$T/out"

rs probe "$demo"
status "probe exits 0" 0
check "probe shows the GPT partitions" grep -q "partuuid=$DEMO_HOME_PARTUUID" \
    "$T/out"
rs probe --format json "$demo"
check "probe shows the OS on p2" sh -c "jq -r 'select(.name == \"p2\") | .os' \
    '$T/out' | grep -q '^Debian GNU/Linux 12'"

# Usage errors: exit 2, a one-line reason and a hint.
for args in "" "nosuchcommand" "triage --format xml $demo" \
    "triage --since yesterday $demo" "ls -Z -d $demo /" "cat -d $demo" \
    "-d"; do
	# shellcheck disable=SC2086
	rs $args
	status "usage error exits 2: rescue $args" 2
done
# -o onto a pipe or a device writes into it; it is never replaced by a
# regular file (-o /dev/null once made /dev/null one)
mkfifo "$T/outpipe"
cat "$T/outpipe" >"$T/fromfifo" &
rs triage -o "$T/outpipe" "$IMG/basic.img"
wait
check "-o FIFO: the report went through the pipe" \
    grep -q '^== system' "$T/fromfifo"
check "-o FIFO: still a FIFO afterwards" test -p "$T/outpipe"
check "-o FIFO: no FIFO.tmp left" test ! -e "$T/outpipe.tmp"

for c in probe ls cat stat triage system; do
	rs "$c" --help
	status "$c --help exits 0" 0
	check "$c --help prints usage" grep -q "^usage: rescue $c" "$T/out"
done
rs --help
check "--help lists the commands" grep -q '^  triage' "$T/out"

# The README's usage block names every command --help knows.
for c in probe ls cat stat triage system; do
	check "README documents $c" grep -q "rescue $c\|rescue ls|cat|stat" \
	    "$TOP/README.md"
done
finish
