# e2e.sh - sourced by every tests/e2e/t*.sh: the rescue wrapper that
# proves the evidence is never written, and case bookkeeping
#
# Environment: RESCUE (binary under test), TEST_WORK (scratch dir with
# images/ built by tests/lib/images.sh), TOP (the repository).

: "${TOP:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${RESCUE:=$TOP/rescue/rescue}"
: "${TEST_WORK:=$TOP/build/test-work}"
export TZ=UTC LC_ALL=C

IMG=$TEST_WORK/images	# built by tests/lib/images.sh (run.sh builds them)
. "$TOP/tests/lib/ids.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/rescue-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
_pass=0
_fail=0
_name=${0##*/}

ok() {
	_pass=$((_pass + 1))
	echo "ok - $_name: $1"
}

not_ok() {
	_fail=$((_fail + 1))
	echo "not ok - $_name: $1"
	shift
	for l in "$@"; do echo "#   $l"; done
}

# Size, mtime and ctime (nanoseconds) of every file or block device named
# in the arguments (the images a command was given): any write to a file
# moves its ctime.  run.sh also compares every image's SHA-256 before and
# after the whole suite.
_hash_args() {
	_prev=
	for a in "$@"; do
		case $_prev in
		-o|--output) _prev=$a; continue ;;	# the output, not evidence
		esac
		_prev=$a
		case $a in
		-*) continue ;;
		esac
		[ -f "$a" ] || [ -b "$a" ] || continue
		stat -c '%n %s %.9Y %.9Z' "$a"
	done
}

# Run rescue; the images named on its command line must be untouched
# afterwards.  Output in $T/out, $T/err, status in $rc.
rs() {
	_before=$(_hash_args "$@")
	"$RESCUE" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	_after=$(_hash_args "$@")
	if [ "$_before" != "$_after" ]; then
		not_ok "evidence unchanged by: rescue $*" "image hash changed"
	fi
	if grep -q "ERROR: AddressSanitizer\|runtime error:\|LeakSanitizer" \
	    "$T/err"; then
		not_ok "sanitizer clean: rescue $*" "$(head -5 "$T/err")"
	fi
	return 0
}

# rs_timed ARGS...: rs under a 30 s limit (status 124 when it ran out).
rs_timed() {
	_before=$(_hash_args "$@")
	timeout 30 "$RESCUE" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	_after=$(_hash_args "$@")
	if [ "$_before" != "$_after" ]; then
		not_ok "evidence unchanged by: rescue $*" "image changed"
	fi
	return 0
}

# check NAME CONDITION...: a case passes when the command succeeds.
check() {
	_c=$1
	shift
	if "$@"; then
		ok "$_c"
	else
		not_ok "$_c" "failed: $*" "stderr: $(head -3 "$T/err" 2>/dev/null)"
	fi
}

# same NAME FILE_GOT FILE_WANT: files equal, diff shown if not.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "$(diff "$3" "$2" | head -20)"
	fi
}

# status NAME WANT: the last rs's exit status.
status() {
	if [ "$rc" -eq "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "exit status $rc, want $2" "$(head -3 "$T/err")"
	fi
}

# one_line_error NAME: stderr is one or more lines, each "rescue: ...".
one_line_error() {
	if [ -s "$T/err" ] && ! grep -qv '^rescue: ' "$T/err"; then
		ok "$1"
	else
		not_ok "$1" "stderr: $(head -5 "$T/err")"
	fi
}

finish() {
	echo "$_pass passed, $_fail failed"
	[ "$_fail" -eq 0 ]
}

# basic_src: the basic tree as mkimage.sh's generator leaves it (sparse
# and generated files included), built once.  Prints the path.
basic_src() {
	_src=$TEST_WORK/basic-src
	if [ ! -d "$_src/done" ]; then
		rm -rf "$_src" "$_src.aux"
		mkdir -p "$_src.aux"
		cp -a "$TOP/tests/trees/basic" "$_src"
		(cd "$_src" && TOP=$TOP AUX=$_src.aux sh \
		    "$TOP/tests/trees/basic.gen.sh") >&2
		find "$_src" -name .keep -delete
		mkdir "$_src/done"
	fi
	echo "$_src"
}

# sym2oct: "drwxr-xr-x" -> "040755", as debugfs ls -p prints modes.
sym2oct() {
	awk -v m="$1" 'BEGIN {
		t = substr(m, 1, 1)
		ty = t == "d" ? "04" : t == "-" ? "10" : t == "l" ? "12" : \
		    t == "c" ? "02" : t == "b" ? "06" : t == "p" ? "01" : \
		    t == "s" ? "14" : "00"
		p = 0; s = 0
		for (i = 2; i <= 10; i++) {
			c = substr(m, i, 1)
			bit = 2 ^ (10 - i)
			if (c == "r" || c == "w" || c == "x" || c == "s" || c == "t")
				p += bit
			if (c == "s" || c == "S")
				s += (i == 4 ? 4 : 2)
			if (c == "t" || c == "T")
				s += 1
		}
		printf "%s%o%03o\n", ty, s, p
	}'
}
