#!/usr/bin/env python3
"""The small-file bench tree (issue 13): the paths of a generated
WeChat-shaped tree with new content of ~15 KB mean size, one file in
eight a byte-for-byte copy of an earlier one (so `dupes` has work).

    bench/smalltree.py SRC DST     e.g. /tmp/wxbench-200000 /tmp/wxsmall-200000

Sizes are drawn from an exponential distribution (mean 15,000 bytes,
capped at 1 MiB), content from a seeded generator: the same tree on every
run. SRC is only listed; nothing in it is read or changed.
"""
import os
import random
import sys

MEAN = 15_000
CAP = 1 << 20


def main(src, dst):
    rng = random.Random(13)
    made = []  # (size, bytes) of earlier files, for copies
    total = files = copies = 0
    for folder, dirs, names in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(folder, src)
        out = os.path.join(dst, rel)
        os.makedirs(out, exist_ok=True)
        for name in sorted(names):
            if not os.path.isfile(os.path.join(folder, name)) or os.path.islink(
                os.path.join(folder, name)
            ):
                continue
            if made and rng.random() < 1 / 8:
                data = made[rng.randrange(len(made))]
                copies += 1
            else:
                size = min(CAP, int(rng.expovariate(1 / MEAN)))
                data = rng.randbytes(size)
                if len(made) < 20_000:
                    made.append(data)
                else:
                    made[rng.randrange(len(made))] = data
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)
            total += len(data)
            files += 1
    print(f"{dst}: {files} files, {total / 1e9:.2f} GB, {copies} copies")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
