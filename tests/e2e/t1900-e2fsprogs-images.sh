#!/bin/sh
# t1900 - every corrupted filesystem image of e2fsprogs' own test suite
# goes through ls -R, stat, timeline and triage: none may crash or hang;
# each reads fully, partly (one-line errors) or is refused with a
# one-line error.
# (Every file's content is read under ASan by the fuzz replay in run.sh.)
. "${TOP:?}/tests/lib/e2e.sh"

dir=$TEST_WORK/e2fsprogs-images
if ! ls "$dir"/*.img >/dev/null 2>&1; then
	not_ok "e2fsprogs images present" "run scripts/e2fsprogs-images.sh"
	finish
	exit
fi
full=0 partly=0 refused=0
for img in "$dir"/*.img; do
	name=${img##*/}
	name=${name%.img}
	bad=
	for cmd in "ls -R -a -l -d $img /" "stat -d $img / /lost+found" \
	    "timeline $img" "triage $img"; do
		# shellcheck disable=SC2086
		rs_timed $cmd
		if [ "$rc" -eq 124 ]; then
			bad="$bad; hung: $cmd"
		elif [ "$rc" -ge 128 ] || grep -q 'Sanitizer\|runtime error' \
		    "$T/err"; then
			bad="$bad; crashed ($rc): $cmd: $(head -3 "$T/err")"
		elif [ -s "$T/err" ] && grep -qv '^rescue: ' "$T/err"; then
			bad="$bad; not one-line errors: $cmd: $(head -3 "$T/err")"
		fi
		case $cmd in
		ls*)	lsrc=$rc; lsout=$(wc -l <"$T/out"); lserr=$(wc -l <"$T/err") ;;
		esac
	done
	if [ -n "$bad" ]; then
		not_ok "$name" "${bad#; }"
		continue
	fi
	if [ "$lsrc" -eq 0 ] && [ "$lserr" -eq 0 ]; then
		full=$((full + 1)); how="read fully"
	elif [ "$lsout" -gt 0 ]; then
		partly=$((partly + 1)); how="read partly"
	else
		refused=$((refused + 1)); how="refused"
	fi
	ok "$name: $how"
done
echo "# e2fsprogs images: $full read fully, $partly read partly, $refused refused"
finish
