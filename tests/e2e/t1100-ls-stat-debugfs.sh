#!/bin/sh
# t1100 - rescue ls -l and stat agree with debugfs on names, inode numbers,
# modes, owners, sizes and all four timestamps, on ext2, ext3 and ext4
# (1 KiB and 4 KiB blocks, with and without 64bit/metadata_csum, inline data)
. "${TOP:?}/tests/lib/e2e.sh"

# debugfs_tree IMG: "path ino mode uid gid size" for every entry.
debugfs_tree() {
	_todo=/
	while [ -n "$_todo" ]; do
		_d=${_todo%%
*}
		case $_todo in
		*"
"*)	_todo=${_todo#*
} ;;
		*)	_todo= ;;
		esac
		debugfs -R "ls -p $_d" "$1" 2>/dev/null |
		    awk -F/ -v d="$_d" 'NF >= 7 && $2 != 0 && $6 != "." && $6 != ".." {
			p = (d == "/" ? "" : d) "/" $6
			# debugfs prints 32-bit ids signed
			if ($4 < 0) $4 += 4294967296
			if ($5 < 0) $5 += 4294967296
			printf "%s %s %s %.0f %.0f %s\n", p, $2, $3, $4, $5, ($7 == "" ? "-" : $7)
		    }' >"$T/level"
		cat "$T/level"
		_sub=$(awk '$3 ~ /^04/ { print $1 }' "$T/level")
		[ -n "$_sub" ] && _todo=$(printf '%s\n%s' "$_sub" "$_todo")
		_todo=$(printf '%s' "$_todo" | sed '/^$/d')
	done
}

# rescue_tree: the same from "rescue ls -R -l -a" in $T/out.
rescue_tree() {
	while IFS= read -r line; do
		case $line in
		"") continue ;;
		/*:) dir=${line%:}; continue ;;
		esac
		set -- $line
		ino=$1 mode=$2 uid=$4 gid=$5 size=$6
		case $size in *,*) size=0 ;; esac
		case $mode in d*) size=- ;; esac
		name=${line#*Z }
		case $mode in l*) name=${name% -> *} ;; esac
		p=$( [ "$dir" = / ] && echo "/$name" || echo "$dir/$name")
		echo "$p $ino $(sym2oct "$mode") $uid $gid $size"
	done <"$T/out"
}

# debugfs_times IMG PATH: "ctime atime mtime crtime" as SEC.NSEC
debugfs_times() {
	debugfs -R "stat \"$2\"" "$1" 2>/dev/null |
	    sed -n 's/^ *\(ctime\|atime\|mtime\|crtime\): \(0x[0-9a-f]*\):\([0-9a-f]*\) .*/\1 \2 \3/p' |
	    while read -r k sec ex; do
		sec=$((sec)); ex=$((0x$ex))
		[ "$sec" -ge 2147483648 ] && sec=$((sec - 4294967296))
		printf '%s %d.%09d\n' "$k" $((sec + (ex % 4) * 4294967296)) \
		    $((ex / 4))
	    done | sort | awk '{ t[$1] = $2 }
		END { print t["ctime"], t["atime"], t["mtime"], t["crtime"] }'
}

# rescue_times: the same from "rescue stat" in $T/out.
rescue_times() {
	for k in Change Access Modify Birth; do
		v=$(awk -v k="$k:" '$1 == k { print $2 }' "$T/out")
		s=$(date -u -d "${v%.*}Z" +%s 2>/dev/null)
		n=${v#*.}
		printf '%s.%s ' "$s" "${n%Z}"
	done | sed 's/ $//'
	echo
}

for v in basic basic-ext2 basic-ext3 basic-ext4-1k basic-nocsum basic-inline
do
	img=$IMG/$v.img
	debugfs_tree "$img" | sort >"$T/want"
	rs ls -R -l -a -d "$img" /
	status "$v: ls -R -l -a exits 0" 0
	rescue_tree | sort >"$T/got"
	same "$v: ls -R -l -a matches debugfs (inode mode uid gid size)" \
	    "$T/got" "$T/want"

	for p in /README /dir/hello.txt /dir/no-eol.txt /dir/sub /owners/setuid \
	    /owners/biguid.txt /links/fast /links/slow /special/null \
	    /special/fifo /inline/small.txt /sparse/big5g; do
		debugfs_times "$img" "$p" >"$T/twant"
		rs stat -d "$img" "$p"
		rescue_times >"$T/tgot"
		same "$v: stat $p times match debugfs" "$T/tgot" "$T/twant"
	done
	rs stat -d "$img" /dir/hello.txt /dir/no-eol.txt
	check "$v: stat shows nanoseconds" \
	    grep -q 'Modify: 2023-11-14T22:13:20.123456789Z' "$T/out"
	check "$v: stat decodes the epoch bits past 2038" \
	    grep -q 'Birth: 2159-12-22T04:41:36.000000000Z' "$T/out"
	rs stat -d "$img" /owners/biguid.txt
	check "$v: stat shows 32-bit uid" grep -q 'Uid: 4294967294' "$T/out"
	rs stat -d "$img" /owners/setuid
	check "$v: stat shows setuid mode" grep -q 'Mode: 4755 (-rwsr-xr-x)' \
	    "$T/out"
	rs stat -d "$img" /special/immutable.txt
	check "$v: stat shows immutable flag" grep -q 'immutable' "$T/out"
	rs stat -d "$img" /special/append-only.log
	check "$v: stat shows append-only flag" grep -q 'append-only' "$T/out"
	rs stat -d "$img" /caps/ping
	check "$v: stat shows security.capability" \
	    grep -q 'Xattr: security.capability = 0x0100000200200000' "$T/out"
	rs stat -d "$img" /links/slow
	want=$(readlink "$TOP/tests/trees/basic/links/slow")
	check "$v: stat shows slow symlink target" \
	    grep -qF "File: /links/slow -> $want" "$T/out"
done

# A directory looked up hundreds of times is read once into a cache
# (fsread/dircache.c): every name must still give debugfs's inode, and a
# name that is not there must stay absent.
mkdir -p "$T/big/many"
i=0
while [ $i -lt 600 ]; do
	: >"$T/big/many/file-$i-$(printf '%0*d' $((i % 40)) 0)"
	i=$((i + 1))
done
mkfs.ext4 -q -F -d "$T/big" "$T/big.img" 8M >/dev/null 2>&1
debugfs -R "ls -p /many" "$T/big.img" 2>/dev/null | awk -F/ \
    '$6 ~ /^file-/ { print "/many/" $6, $2 }' | sort >"$T/want"
# shellcheck disable=SC2046
rs stat -d "$T/big.img" $(cut -d' ' -f1 "$T/want") /many/file-none
awk '$1 == "File:" { f = $2 } $1 == "Inode:" { print f, $2 }' "$T/out" |
    sort >"$T/got"
same "600 names of one directory: the inodes debugfs gives" "$T/got" "$T/want"
check "a name not in the cached directory is not found" \
    grep -q '/many/file-none' "$T/err"
finish
