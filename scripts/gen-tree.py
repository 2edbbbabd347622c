#!/usr/bin/env python3
# gen-tree.py - a realistic tree of many files for the timeline bench:
# system-like and home-like directories of varied depths, names of 1 to
# 80 bytes, hard links, fast and slow symlinks, a few files with data.
#
# Usage: scripts/gen-tree.py DIR NFILES   (deterministic: seed 1)
import os
import random
import sys

root, nfiles = sys.argv[1], int(sys.argv[2])
rnd = random.Random(1)
alpha = "abcdefghijklmnopqrstuvwxyz0123456789_-."
tops = ["usr/share/doc", "usr/lib/python3/dist-packages", "usr/share/locale",
        "var/lib/app", "var/cache/app", "home/alice/src", "home/bob/mail",
        "srv/www/htdocs", "opt/vendor", "etc/conf.d"]

def name():
    n = min(80, max(1, int(rnd.expovariate(1 / 12))))
    s = "".join(rnd.choice(alpha) for _ in range(n))
    return "x" + s if s in (".", "..") else s

made = 0
dirs = []
files = []
while made < nfiles:
    d = os.path.join(root, rnd.choice(tops))
    for _ in range(rnd.randint(0, 8)):
        d = os.path.join(d, name())
    try:
        os.makedirs(d, exist_ok=True)
    except OSError:     # a file took the name first
        continue
    dirs.append(d)
    for _ in range(rnd.randint(1, 60)):
        p = os.path.join(d, name())
        if os.path.lexists(p):
            continue
        r = rnd.random()
        if r < 0.01 and files:
            os.link(rnd.choice(files), p)
        elif r < 0.02:
            os.symlink("../" + name(), p)
        elif r < 0.025:
            os.symlink("/" + "/".join(name() for _ in range(12)), p)
        else:
            with open(p, "wb") as f:
                if r > 0.95:
                    f.write(os.urandom(rnd.randint(1, 3000)))
            if len(files) < 100000:
                files.append(p)
        made += 1
        if made >= nfiles:
            break
print(f"{made} files in {len(dirs)} directories", file=sys.stderr)
