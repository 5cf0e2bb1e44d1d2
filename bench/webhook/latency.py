#!/usr/bin/env python3
"""Percentiles of an h2load --log-file (start µs since epoch, status, duration µs per request).

latency.py LOG [SKIP_SECONDS]: prints one line of percentiles over the requests started at least
SKIP_SECONDS after the first (connection set-up and TLS handshakes excluded), the achieved rate,
the non-2xx count, and the worst per-second p99 (a tail spread over the run and a burst look alike
in an overall p99, not here).
"""
import sys
from collections import defaultdict

rows = []
with open(sys.argv[1]) as f:
    for line in f:
        parts = line.split("\t")
        if len(parts) >= 3:
            rows.append((int(parts[0]), int(parts[1]), int(parts[2])))
skip = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
if not rows:
    print("no requests logged")
    sys.exit(0)
t0 = min(r[0] for r in rows)
kept = [r for r in rows if r[0] - t0 >= skip * 1e6]
if not kept:
    print(f"no requests after the first {skip} s")
    sys.exit(0)
durations = sorted(r[2] for r in kept)
n = len(durations)
span = (max(r[0] for r in kept) - min(r[0] for r in kept)) / 1e6 if n > 1 else 1.0


def pct(values, q):
    return values[min(len(values) - 1, int(q * len(values)))] / 1000.0


seconds = defaultdict(list)
for start, _, d in kept:
    seconds[(start - t0) // 1_000_000].append(d)
worst = max((pct(sorted(v), 0.99) for v in seconds.values() if len(v) >= 100), default=0.0)
bad = sum(1 for r in kept if not 200 <= r[1] < 300)
print(
    f"requests {n} ({n / span:.0f}/s), non-2xx {bad}; latency p50 {pct(durations, .5):.3f} ms,"
    f" p90 {pct(durations, .9):.3f} ms, p99 {pct(durations, .99):.3f} ms,"
    f" p99.9 {pct(durations, .999):.3f} ms, max {durations[-1] / 1000.0:.3f} ms"
    + (f"; worst one-second p99 {worst:.3f} ms" if worst else "")
)
