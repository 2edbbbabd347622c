#!/bin/sh
# run.sh - every test: unit tests (ASan/UBSan), end-to-end scripts on the
# development, ASan and (when built) static binaries.  Ends with the line
# "N passed, N failed".  --quick: skip the slow parts.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
export TOP TZ=UTC LC_ALL=C
export TEST_WORK="${TEST_WORK:-$TOP/build/test-work}"
quick=0
[ "${1:-}" = "--quick" ] && quick=1

pass=0
fail=0
log=$TEST_WORK/log
mkdir -p "$TEST_WORK"

# tally OUTPUT_FILE: add its "N passed, N failed" line to the totals.
tally() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		echo "not ok - $2: no result line"
		fail=$((fail + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	pass=$((pass + p))
	fail=$((fail + f))
}

echo "== images"
. tests/lib/images.sh
if ! build_images "$TEST_WORK/images" >"$TEST_WORK/images.log" 2>&1; then
	cat "$TEST_WORK/images.log"
	echo "0 passed, 1 failed"
	exit 1
fi

# e2fsprogs' own corrupted images (from its Debian source package).
if ! sh scripts/e2fsprogs-images.sh "$TEST_WORK/e2fsprogs-images" \
    >>"$TEST_WORK/images.log" 2>&1; then
	echo "not ok - e2fsprogs test images could not be fetched"
	tail -n 5 "$TEST_WORK/images.log"
	fail=$((fail + 1))
fi

# The evidence is never written: every image hashes the same at the end.
(cd "$TEST_WORK/images" && sha256sum ./*.img) >"$TEST_WORK/images.sha256"

echo "== unit tests (ASan, UBSan)"
build/tests/unit >"$log" 2>&1
grep -v '^ok' "$log"
tally "$log" unit

echo "== fuzz corpora replayed (ASan, UBSan)"
for r in build/fuzz/replay_*; do
	t=${r##*/replay_}
	in=tests/fuzz/corpus/$t
	# The image target also reads every test image, hostile ones included.
	[ "$t" = image ] && in="$in $TEST_WORK/images $TEST_WORK/e2fsprogs-images"
	# shellcheck disable=SC2086
	if $r $in >"$log" 2>&1; then
		echo "ok - fuzz replay $t: $(tail -n 1 "$log")"
		pass=$((pass + 1))
	else
		echo "not ok - fuzz replay $t"
		tail -n 20 "$log" | sed 's/^/  /'
		fail=$((fail + 1))
	fi
done

binaries="rescue/rescue rescue/rescue.asan"
# make check builds the static binary first and sets STATIC=1.
[ "${STATIC:-0}" = 1 ] && binaries="$binaries rescue/rescue.static"
for bin in $binaries; do
	echo "== end to end: $bin"
	for t in tests/e2e/t*.sh; do
		case $t in
		*-slow.sh) [ $quick -eq 1 ] && continue ;;
		esac
		RESCUE=$TOP/$bin sh "$t" >"$log" 2>&1
		grep -v '^ok' "$log" | grep -v 'passed,.*failed' | sed 's/^/  /'
		tally "$log" "$t"
	done
done

if [ "${BOOT_TEST:-0}" = 1 ]; then
	echo "== boot the rescue image in QEMU"
	bash scripts/boot-test.sh --expect web01 --expect 'mounted_at=/home' \
	    --expect 'Debian GNU/Linux 12' \
	    --expect '203.0.113.9' --expect 'still logged in' \
	    --expect 'logins.success_after_failures' \
	    --expect 'persist.ld_so_preload' --expect 'cron.dropper' \
	    "$TEST_WORK/images/demo.img" "$TEST_WORK/images/basic.img" \
	    >"$log" 2>&1
	grep -v '^ok' "$log" | tail -n 40 | sed 's/^/  /'
	tally "$log" boot-test
fi

echo "== evidence unchanged"
if (cd "$TEST_WORK/images" && sha256sum -c --quiet "$TEST_WORK/images.sha256"); then
	echo "ok - every test image has the SHA-256 it had before the suite"
	pass=$((pass + 1))
else
	echo "not ok - a test image changed during the suite"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
