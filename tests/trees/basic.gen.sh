# basic.gen.sh - run by scripts/mkimage.sh in its copy of tests/trees/basic:
# the files git cannot store or that are too large to keep in it.

# pattern N: N bytes in which no line (and so no 4 KiB block) repeats
pattern() {
	seq 0 $(($1 / 16 + 1)) | awk '{ printf "%07d:%08x\n", $1, ($1 * 40503) % 65536 * 65536 + $1 % 65536 }' |
	    head -c "$1"
}

mkdir sizes sparse bigdir
: >sizes/0
printf 'x' >sizes/1
for n in 4095 4096 4097; do pattern $n >sizes/$n; done
pattern 307323 >sizes/300k		# ~300 KiB, not a multiple of any block size

# holes: data, hole, data, trailing hole (size 3 MiB, 8 KiB of data)
pattern 4096 >sparse/holes
pattern 4096 | dd of=sparse/holes bs=4096 seek=256 conv=notrunc status=none
truncate -s 3M sparse/holes
# allholes: 1 MiB and no data block at all
truncate -s 1M sparse/allholes
# big5g: 5 GiB, 4 KiB at 0 and 4 KiB past 4 GiB (offsets that need 64 bits)
printf 'start of big5g\n' >sparse/big5g
printf 'past 4 GiB: offset 4294975488\n' |
    dd of=sparse/big5g bs=4096 seek=1048578 conv=notrunc status=none
truncate -s 5G sparse/big5g

# three names for one inode, two in one directory
printf 'one inode, three names\n' >dir/hard-a
ln dir/hard-a dir/hard-b
ln dir/hard-a links/hard-c

mkfifo special/fifo

# a name of 255 bytes, the longest ext4 allows
long=$(printf '%0255d' 0 | tr 0 n)
printf 'the name of this file is 255 bytes long\n' >"dir/$long"

# 300 entries: a directory of several blocks
for i in $(seq 1 300); do : >"bigdir/entry-$(printf %04d "$i")-padding-padding"; done

# for basic.debugfs (in AUX, not in the image)
# security.capability v2 (VFS_CAP_REVISION_2 | EFFECTIVE), permitted CAP_NET_RAW:
# what `setcap cap_net_raw+ep` writes
printf '\001\000\000\002\000\040\000\000\000\000\000\000\000\000\000\000\000\000\000\000' >"$AUX/cap.bin"
printf 'this file was deleted; its inode keeps dtime and its blocks\n' >"$AUX/deleted.txt"
