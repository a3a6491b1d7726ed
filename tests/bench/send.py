#!/usr/bin/env python3
# B1 peer: CPython's generator send, the producer/consumer loop of the
# notes timed on its own.  Mirrors ll_bench_send_looplab() in
# app/bench/ll-bench-workloads.c.  Run by `looplab-cli bench send`.
#
# Usage: send.py N
# Prints one JSON line: {"system", "n", "seconds", "ns_per_op", "version"}.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import platform
import sys
import time


def consumer():
    r = 0
    while True:
        n = yield r
        r = n + 1


def main():
    n = int(sys.argv[1])

    c = consumer()
    c.send(None)

    t0 = time.perf_counter_ns()
    r = 0
    for i in range(1, n + 1):
        r = c.send(i)
    t1 = time.perf_counter_ns()

    c.close()
    if r != n + 1:
        sys.exit(f"send.py: the generator answered {r} to the last send, not {n + 1}")

    print(json.dumps({
        "system": "cpython",
        "n": n,
        "seconds": (t1 - t0) / 1e9,
        "ns_per_op": (t1 - t0) / n,
        "version": f"CPython {platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
