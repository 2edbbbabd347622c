#!/bin/sh
# t3600 - journal: files written here by systemd-journal-remote (ZSTD
# and uncompressed, regular and compact layout, keyed hash or not) and
# the corpus's real ones read by `rescue journal` agree with `journalctl
# --file` on every entry and field; filters, text form, exit status; the
# same files truncated and with bytes flipped: no crash, no hang
. "${TOP:?}/tests/lib/e2e.sh"

remote=/lib/systemd/systemd-journal-remote
[ -x "$remote" ] || remote=/usr/lib/systemd/systemd-journal-remote
if [ ! -x "$remote" ] || ! command -v journalctl >/dev/null ||
    ! command -v python3 >/dev/null; then
	echo "# SKIP systemd-journal-remote, journalctl or python3 missing"
	finish
	exit
fi
mid=5f1c0a7e2b3d4c6e8f9a0b1c2d3e4f50

# --- Journal Export Format text: logins-like entries --------------------
# sshd accepted and failed, sudo, su, a binary field, a multi-valued
# field and fields over 4 KiB (compressed where compression is on).
gen_export() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
out = sys.stdout.buffer
seed, t0 = int(sys.argv[1]), int(sys.argv[2])
def ent(i, fields, binary=()):
    out.write(b'__REALTIME_TIMESTAMP=%d\n' % (t0 + i * 1000003))
    out.write(b'__MONOTONIC_TIMESTAMP=%d\n' % (5000000 + i * 1000003))
    out.write(b'_BOOT_ID=a3b1c2d4e5f60718293a4b5c6d7e8f90\n')
    out.write(b'_HOSTNAME=web1\n')
    for k, v in fields:
        out.write(k.encode() + b'=' + v.encode() + b'\n')
    for k, v in binary:
        out.write(k.encode() + b'\n' + struct.pack('<Q', len(v)) + v + b'\n')
    out.write(b'\n')
for n in range(24):
    ip = '203.0.113.%d' % (n + seed)
    k = n % 6
    if k == 0:
        ent(n, [('SYSLOG_IDENTIFIER', 'sshd'), ('_COMM', 'sshd'),
            ('_PID', str(900 + n)), ('_SYSTEMD_UNIT', 'ssh.service'),
            ('MESSAGE', 'Accepted publickey for root from %s port %d '
             'ssh2: ED25519 SHA256:k%d' % (ip, 40000 + n, n))])
    elif k == 1:
        ent(n, [('SYSLOG_IDENTIFIER', 'sshd'), ('_COMM', 'sshd'),
            ('_PID', str(900 + n)), ('_SYSTEMD_UNIT', 'ssh.service'),
            ('MESSAGE', 'Failed password for invalid user admin from %s '
             'port %d ssh2' % (ip, 40000 + n))])
    elif k == 2:
        ent(n, [('SYSLOG_IDENTIFIER', 'sudo'), ('_COMM', 'sudo'),
            ('_PID', str(2000 + n)), ('MESSAGE', '   alice : TTY=pts/0 ; '
             'PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id')])
    elif k == 3:
        ent(n, [('SYSLOG_IDENTIFIER', 'su'), ('_COMM', 'su'),
            ('_PID', str(3000 + n)), ('MESSAGE', 'pam_unix(su-l:session): '
             'session opened for user root(uid=0) by alice(uid=1000)')])
    elif k == 4:
        ent(n, [('SYSLOG_IDENTIFIER', 'evil'), ('UNIT', 'cron.service'),
            ('MESSAGE', 'caf\u00e9 \u202e\ttab "q" back\\slash')],
            binary=[('MESSAGE_BIN', bytes([0, 1, 255, 254, 10, 27]) +
                     b'[31m'), ('NUL', b'x\x00y')])
    else:
        ent(n, [('SYSLOG_IDENTIFIER', 'kernel'),
            ('MESSAGE', 'big ' + ''.join('abcdefghij '[(i * 7 + n) % 11]
             for i in range(6000))), ('DOC', 'A' * 5000),
            ('DUP', 'one'), ('DUP', 'two')])
EOF
}

# --- rescue's JSON and journalctl's as sets of (usec, field, value) ------
# journalctl writes binary values as arrays of byte numbers and several
# values of one field as an array; rescue escapes bytes (\xHH, \u{H},
# \n, \t, \r, \\): both become raw bytes.  Prints "same N" or the diff.
cat >"$T/cmp.py" <<'EOF'
import json, sys, datetime
def unesc(s):
    out = bytearray(); i = 0
    while i < len(s):
        c = s[i]
        if c != '\\':
            out += c.encode('utf-8'); i += 1; continue
        n = s[i + 1]
        if n in '\\ntr':
            out += {'\\': b'\\', 'n': b'\n', 't': b'\t', 'r': b'\r'}[n]
            i += 2
        elif n == 'x':
            out.append(int(s[i + 2:i + 4], 16)); i += 4
        elif n == 'u':
            j = s.index('}', i)
            out += chr(int(s[i + 3:j], 16)).encode('utf-8'); i = j + 1
        else:
            raise ValueError('bad escape ' + s[i:i + 4])
    return bytes(out)
def ours(path, source):
    s = set()
    for line in open(path, encoding='utf-8'):
        r = json.loads(line)
        if source and r['source'] != source:
            continue
        t = r['time']
        d = datetime.datetime.strptime(t[:19], '%Y-%m-%dT%H:%M:%S')
        d = d.replace(tzinfo=datetime.timezone.utc)
        us = int(d.timestamp()) * 1000000 + int(t[20:26])
        for k, v in r['fields'].items():
            for x in (v if isinstance(v, list) else [v]):
                s.add((us, unesc(k), unesc(x)))
    return s
def theirs(path):
    s = set()
    for line in open(path, encoding='utf-8'):
        r = json.loads(line)
        us = int(r['__REALTIME_TIMESTAMP'])
        for k, v in r.items():
            if k.startswith('__'):
                continue
            if isinstance(v, list) and v and not isinstance(v[0], int):
                vals = v
            else:
                vals = [v]
            for x in vals:
                s.add((us, k.encode(), x.encode('utf-8')
                       if isinstance(x, str) else bytes(x)))
    return s
a = ours(sys.argv[1], sys.argv[3] if len(sys.argv) > 3 else None)
b = theirs(sys.argv[2])
if a != b:
    print('only rescue %d, only journalctl %d' % (len(a - b), len(b - a)))
    for x in sorted(a - b)[:3]: print('  rescue     %r' % (x,))
    for x in sorted(b - a)[:3]: print('  journalctl %r' % (x,))
    sys.exit(1)
print('same %d' % len(a))
EOF

# agree NAME SOURCE JCJSON: the records of SOURCE in $T/all.json
# against journalctl's JSON of the same file.
agree() {
	if python3 "$T/cmp.py" "$T/all.json" "$3" "$2" >"$T/cmp.out" 2>&1 &&
	    ! grep -q '^same 0$' "$T/cmp.out"; then
		ok "$1 ($(cat "$T/cmp.out"))"
	else
		not_ok "$1" "$(head -8 "$T/cmp.out")"
	fi
}

# --- journal files made here, in a server tree ---------------------------
src=$T/src
jd=$src/var/log/journal/$mid
mkdir -p "$jd" "$T/jc"
id8a=8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a8a
id8b=8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b8b
i=0
for v in yes:0:0 yes:1:1 no:0:1 no:1:0; do
	c=${v%%:*}; k=${v#*:}; h=${k#*:}; k=${k%:*}
	i=$((i + 1))
	case $i in
	1) name=system.journal ;;
	2) name=system@$id8a-0000000000000001-0005f0000000000.journal ;;
	3) name=user-1000.journal ;;
	4) name=user-1000@$id8b-0000000000000001-0005f0000000000.journal ;;
	esac
	gen_export $i $((1732700000000000 + i * 400000)) >"$T/e$i.export"
	SYSTEMD_JOURNAL_COMPACT=$k SYSTEMD_JOURNAL_KEYED_HASH=$h \
	    "$remote" --compress="$c" -o "$jd/$name" - <"$T/e$i.export" \
	    2>/dev/null
	journalctl --file "$jd/$name" -o json --all >"$T/jc/$i.json"
	eval "name$i=\$name flags$i='compress=$c compact=$k keyed=$h'"
done
# span FILE: "FROM TO", the bytes past the data hash table (journald
# sizes it for a large file: megabytes of zeros) up to a little past
# the tail object: where the entries are
span() {
	python3 -c 'import struct, sys
d = open(sys.argv[1], "rb").read(512)
q = lambda o: struct.unpack_from("<Q", d, o)[0]
n = len(open(sys.argv[1], "rb").read())
print(q(104) + q(112), min(q(136) + 4096, n))' "$1"
}
# a dirty copy of the first: its tail cut off mid-object
set -- $(span "$jd/$name1")
head -c $(($2 - 5000)) "$jd/$name1" >"$jd/system@0001-dirty.journal~"
: >"$jd/empty.journal"
mkfs.ext4 -q -F -d "$src" "$T/j.img" 48M >/dev/null

rs journal --format json "$T/j.img"
status "journal json exits 0" 0
cp "$T/out" "$T/all.json"
check "every output line is a journal record" sh -c "jq -e -s 'length > 90
    and all(.type == \"record\" and .kind == \"journal\" and
    (.time | test(\"^[0-9-]+T[0-9:]+[.][0-9]{6}Z$\")))' '$T/all.json' \
    >/dev/null"
for i in 1 2 3 4; do
	eval "name=\$name$i flags=\$flags$i"
	agree "systemd-made journal ($flags) agrees with journalctl" \
	    "/var/log/journal/$mid/$name" "$T/jc/$i.json"
done
check "entries merged by time" sh -c "jq -r .time '$T/all.json' |
    sort -c"
check "the dirty copy's entries duplicate the original's: dropped" sh -c \
    "! grep -q 'dirty' '$T/all.json'"
check "the empty file is reported" grep -q \
    "empty.journal: journal: file of 0 bytes is too short" "$T/err"
check "a compressed field over 4 KiB is read whole" sh -c "jq -e -s \
    'map(select(.fields.DOC != null and (.fields.DOC | length) == 5000))
    | length == 16' '$T/all.json' >/dev/null"

# --- filters and the text form ----------------------------------------
rs journal --format json -u ssh "$T/j.img"
check "-u ssh: sshd's entries only" sh -c "jq -e -s 'length == 32 and
    all(.fields._SYSTEMD_UNIT == \"ssh.service\")' '$T/out' >/dev/null"
rs journal --format json -u cron.service "$T/j.img"
check "-u matches UNIT= too" sh -c "jq -e -s 'length == 16' '$T/out' \
    >/dev/null"
rs journal --format json --grep "Failed password" "$T/j.img"
check "--grep: a substring of MESSAGE" sh -c "jq -e -s 'length == 16' \
    '$T/out' >/dev/null"
rs journal --format json --since 2024-11-27T09:33:25 \
    --until 2024-11-27T09:33:29 "$T/j.img"
check "--since and --until bound the time" sh -c "jq -e -s 'length > 0
    and all(.time >= \"2024-11-27T09:33:25\" and
    .time < \"2024-11-27T09:33:30\")' '$T/out' >/dev/null"
rs journal --grep "Accepted publickey" "$T/j.img"
want='^2024-11-27T09:33:2[0-9]Z web1 sshd\[900\]: Accepted publickey for'
want="$want root from 203.0.113.1 port 40000 ssh2: ED25519 SHA256:k0\$"
check "text: time host ident[pid]: message" grep -q "$want" "$T/out"
rs journal -u cron "$T/j.img"
check "text: control and bidi characters escaped" grep -q \
    'web1 evil: caf.* \\u{202e}\\ttab "q" back\\\\slash$' "$T/out"

# --- no journal at all -------------------------------------------------
mkdir -p "$T/none/etc" "$T/none/var/log"
mkfs.ext4 -q -F -d "$T/none" "$T/none.img" 8M >/dev/null
rs journal "$T/none.img"
status "no journal: exit 3" 3
one_line_error "no journal: said on stderr"

# --- the corpus's files -------------------------------------------------
corpus=${RESCUE_CORPUS:-$TOP/../shared/corpus}/journal
if [ -d "$corpus" ]; then
	csrc=$T/csrc
	cd_=$csrc/var/log/journal/$mid
	mkdir -p "$cd_"
	for f in "$corpus"/*/*.journal; do
		cp "$f" "$cd_/"
	done
	for f in "$corpus"/*/*.journal.xz; do
		[ -f "$f" ] || continue
		b=${f##*/}
		xz -dc "$f" >"$cd_/${b%.xz}"
	done
	for f in "$corpus"/*/*.journal.zip; do
		[ -f "$f" ] || continue
		python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".journal"):
        open(sys.argv[2] + "/zip-" + n.replace("/", "_"), "wb").write(
            z.read(n))' "$f" "$cd_"
	done
	mkfs.ext4 -q -F -d "$csrc" "$T/c.img" 96M >/dev/null
	rs journal --format json "$T/c.img"
	cp "$T/out" "$T/all.json"
	check "corpus: exits 0" test "$rc" -eq 0
	n=0
	for f in "$cd_"/*; do
		b=${f##*/}
		if journalctl --file "$f" -o json --all >"$T/cj.json" \
		    2>/dev/null; then
			agree "corpus $b agrees with journalctl --file" \
			    "/var/log/journal/$mid/$b" "$T/cj.json"
			n=$((n + 1))
		fi
	done
	check "corpus: files compared" test "$n" -ge 3
	# journalctl refuses the truncated velociraptor file; its
	# zero-padded copy's output is beside it
	zp=$(ls "$corpus"/*/system.journal.zero-padded-copy.json.txt \
	    2>/dev/null | head -1)
	if [ -n "$zp" ]; then
		agree "corpus truncated system.journal reads as padded" \
		    "/var/log/journal/$mid/system.journal" "$zp"
		check "corpus truncated system.journal: the damage is said" \
		    grep -q "system.journal: entries after offset [0-9]* "\
"unreadable: file truncated" "$T/err"
	fi
fi

# --- the fuzz seeds journalctl reads: LZ4 and XZ built by hand ------------
n=0
for f in "$TOP"/tests/fuzz/corpus/journal/*.journal; do
	journalctl --file "$f" -o json --all >"$T/sj.json" 2>/dev/null &&
	    [ -s "$T/sj.json" ] || continue
	b=${f##*/}
	rm -rf "$T/seed"
	mkdir -p "$T/seed/var/log/journal/$mid"
	cp "$f" "$T/seed/var/log/journal/$mid/"
	rs --root "$T/seed" journal --format json
	cp "$T/out" "$T/all.json"
	agree "seed $b agrees with journalctl --file" \
	    "/var/log/journal/$mid/$b" "$T/sj.json"
	n=$((n + 1))
done
check "seeds: LZ4, XZ and ZSTD files compared" test "$n" -ge 6

# --- damaged copies: truncated at many offsets, bytes flipped -----------
# Straight from a directory (--root): no image per copy; the ASan binary
# when there is one.  Copies are written sparse, only the bytes from the
# header and past the hash table: the rest are zeros, slow to write.
drescue=$RESCUE
[ -x "$TOP/rescue/rescue.asan" ] && drescue=$TOP/rescue/rescue.asan
cat >"$T/damage.py" <<'EOF'
import json, os, random, subprocess, sys
rescue, src, lo, used, root, sub, mode = sys.argv[1:8]
lo, used = int(lo), int(used)
data = open(src, 'rb').read()[:used]
dst = os.path.join(root, sub, 'x.journal')
os.makedirs(os.path.dirname(dst), exist_ok=True)
def write(d, size):
    with open(dst, 'wb') as f:
        f.truncate(size)
        f.write(d[:min(lo, size)])
        if size > lo:
            f.seek(lo)
            f.write(d[lo:size])
def run():
    try:
        p = subprocess.run([rescue, '--root', root, 'journal', '--format',
            'json'], capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        return None, 'hang'
    err = p.stderr.decode('utf-8', 'replace')
    if p.returncode >= 124 or 'Sanitizer' in err or 'runtime error' in err:
        return None, 'status %d: %s' % (p.returncode, err[:300])
    try:
        recs = [json.loads(l) for l in p.stdout.decode().splitlines()]
    except ValueError:
        return None, 'not JSON'
    return [(r['time'], json.dumps(r['fields'], sort_keys=True))
        for r in recs], None
write(data, used)
full, why = run()
if not full:
    print('whole file:', why)
    sys.exit(1)
bad = prev = 0
for k in range(40):
    if mode == 'cut':
        size = lo + k * (used - lo) // 40 + (k * 7919) % 97
        write(data, min(size, used))
    else:
        r = random.Random(k)
        d = bytearray(data)
        for _ in range(r.choice((1, 4, 32))):
            d[r.randrange(lo, used)] = r.randrange(256)
        if k % 5 == 0:		# now and then the header too
            d[r.randrange(0, 272)] = r.randrange(256)
        write(bytes(d), used)
    got, why = run()
    if got is None:
        bad += 1
        print('%s %d: %s' % (mode, k, why))
        continue
    # cut: the entries before the cut come out whole, in order
    if mode == 'cut' and (got != full[:len(got)] or len(got) < prev):
        bad += 1
        print('cut %d: %d entries, not a prefix of the %d' % (k, len(got),
            len(full)))
    prev = len(got)
print('%s: %d of 40 bad, %d entries whole' % (mode, bad, len(full)))
sys.exit(bad != 0)
EOF
for i in 1 2; do
	eval "f=\$jd/\$name$i"
	set -- $(span "$f")
	for mode in cut flip; do
		python3 "$T/damage.py" "$drescue" "$f" "$1" "$2" "$T/dmg" \
		    "var/log/journal/$mid" $mode >"$T/dmg.out" 2>&1
		r=$?
		case $mode in
		cut)	what="cut at 40 offsets: entries before the cut" ;;
		flip)	what="bytes flipped 40 ways: no crash, no hang" ;;
		esac
		if [ "$r" -eq 0 ]; then
			ok "file $i $what"
		else
			not_ok "file $i $what" "$(head -5 "$T/dmg.out")"
		fi
	done
done

finish
