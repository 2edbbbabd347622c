#!/bin/sh
# t1210 - a sparse file larger than 4 GiB streams through cat unchanged
# (offsets past 32 bits; never held in memory)
. "${TOP:?}/tests/lib/e2e.sh"

src=$(basic_src)
for v in basic basic-ext2; do
	img=$IMG/$v.img
	check "$v: cat of the 5 GiB sparse file is byte-identical" \
	    sh -c '"$1" cat -d "$2" /sparse/big5g | cmp -s - "$3"' sh \
	    "$RESCUE" "$img" "$src/sparse/big5g"
done
finish
