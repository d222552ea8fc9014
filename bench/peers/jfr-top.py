#!/usr/bin/env python3
"""bench/peers/jfr-top.py FILE.jfr [N]: where a JVM's CPU went, from the execution samples of a
JFR recording (jfr print). Prints the N hottest methods by own time, then Parley and Netty
methods by inclusive time (the share of samples whose stack contains them)."""
import collections
import re
import subprocess
import sys

jfr, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", jfr],
                      capture_output=True, text=True, check=True).stdout
own, inclusive, samples = collections.Counter(), collections.Counter(), 0
for event in text.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
    if not frames:
        continue
    samples += 1
    own[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f"{samples} samples")
print("own time:")
for f, c in own.most_common(n):
    print(f"  {100 * c / samples:5.1f}%  {f}")
print("inclusive (io.parley, io.netty):")
for f, c in [x for x in inclusive.most_common() if "parley" in x[0] or "netty" in x[0]][:n]:
    print(f"  {100 * c / samples:5.1f}%  {f}")
