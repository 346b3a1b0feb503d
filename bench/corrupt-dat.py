#!/usr/bin/env python3
"""Makes a home with N WeChat .dat images whose V2 header claims more bytes
than the file holds: one `corrupt` warning each. The tree of the warnings
benchmark (issue 25: `scan --format ndjson` must stream them, not hold
them).  Usage: bench/corrupt-dat.py N DIR"""
import os
import struct
import sys

n, root = int(sys.argv[1]), sys.argv[2]
base = os.path.join(root, "Library/Containers/com.tencent.xinWeChat/Data/Documents/xwechat_files/wxid_bench_1a2b")
os.makedirs(os.path.join(base, "db_storage"), exist_ok=True)
# A V2 header (magic, AES bytes, XOR bytes) claiming 1 MB in a 40-byte file.
head = b"\x07\x08V2\x08\x07" + struct.pack("<II", 1 << 20, 0) + b"\x01"
for i in range(n):
    chat = "%032x" % (i % 97)
    month = "2025-%02d" % (1 + i % 12)
    d = os.path.join(base, "msg/attach", chat, month, "Img")
    if i < 97 * 12:
        os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "%08x.dat" % i), "wb") as f:
        f.write(head + i.to_bytes(4, "little") * 6)
