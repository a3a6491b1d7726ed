#!/usr/bin/env python3
# B2 peer: two asyncio tasks that each `await asyncio.sleep(0)` in a loop,
# so they take turns on the event loop.  Mirrors ll_bench_switch_looplab()
# in app/bench/ll-bench-workloads.c.  Run by `looplab-cli bench switch`.
#
# Usage: switch.py N      (N switches in all, shared by the two tasks)
# Prints one JSON line: {"system", "n", "seconds", "ns_per_op", "version"}.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import asyncio
import json
import platform
import sys
import time


async def ping(k, counter):
    for _ in range(k):
        await asyncio.sleep(0)
        counter[0] += 1


async def run(n):
    counter = [0]
    t0 = time.perf_counter_ns()
    await asyncio.gather(ping(n // 2, counter), ping(n - n // 2, counter))
    t1 = time.perf_counter_ns()
    return t1 - t0, counter[0]


def main():
    n = int(sys.argv[1])

    elapsed, switches = asyncio.run(run(n))
    if switches != n:
        sys.exit(f"switch.py: the tasks yielded {switches} times, not {n}")

    print(json.dumps({
        "system": "asyncio",
        "n": n,
        "seconds": elapsed / 1e9,
        "ns_per_op": elapsed / n,
        "version": f"CPython {platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
