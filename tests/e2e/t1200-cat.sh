#!/bin/sh
# t1200 - rescue cat is byte-identical to the source tree for every regular
# file: empty, block-sized, sparse, all holes, inline data, hard links
. "${TOP:?}/tests/lib/e2e.sh"

src=$(basic_src)
files=$(cd "$src" && find . -type f ! -path './sparse/big5g' | sed 's|^\.||' |
    sort)
for v in basic basic-ext2 basic-ext3 basic-ext4-1k basic-nocsum basic-inline
do
	img=$IMG/$v.img
	# One run over every file, compared with the files concatenated:
	# a short or long read anywhere shifts everything after it.
	# shellcheck disable=SC2086
	rs cat -d "$img" $files
	status "$v: cat of every regular file exits 0" 0
	(cd "$src" && for f in $files; do cat ".$f"; done) >"$T/want"
	same "$v: cat of all $(echo $files | wc -w) regular files is byte-identical" \
	    "$T/out" "$T/want"
	for f in /sparse/holes /sparse/allholes /inline/small.txt /sizes/4097; do
		rs cat -d "$img" "$f"
		same "$v: cat $f" "$T/out" "$src$f"
	done
	rs cat -d "$img" /sparse/holes /inline/small.txt /dir/hello.txt
	cat "$src/sparse/holes" "$src/inline/small.txt" "$src/dir/hello.txt" \
	    >"$T/want"
	same "$v: cat of several files concatenates them" "$T/out" "$T/want"
done

img=$IMG/basic.img
rs cat -d "$img" /dir
status "cat of a directory exits 3" 3
one_line_error "cat of a directory says so in one line"
rs cat -d "$img" /special/fifo
status "cat of a fifo exits 3 and does not hang" 3
rs cat -d "$img" /no/such/file
status "cat of a missing file exits 3" 3
check "cat of a missing file names it" grep -q '/no/such/file' "$T/err"
rs cat -d "$img" /links/dangling /dir/hello.txt
status "cat goes on after a bad path, exit 3" 3
same "cat goes on after a bad path: later file still written" "$T/out" \
    "$src/dir/hello.txt"
finish
