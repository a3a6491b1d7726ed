#!/usr/bin/env python3
# B3 peer: N asyncio tasks, each sleeping a random 0..MAX_MS ms, gathered,
# while a call_later() probe asks to run every 10 ms and notes how late it
# ran.  Mirrors ll_bench_sleepers_child() in
# app/bench/ll-bench-workloads.c.  Run by `looplab-cli bench sleepers`.
#
# Usage: sleepers.py N SEED MAX_MS
# Prints one JSON line: {"system", "n", "finished", "delay_sum", "wall_s",
# "lateness_ms", "version"}.  The random sleeps are xorshift32 from SEED,
# the same sequence as our side and the Node.js peer.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import asyncio
import json
import platform
import sys
import time

PROBE_INTERVAL = 0.010
MASK = 0xFFFFFFFF


def sleeps(n, seed, max_ms, totals):
    x = (seed & MASK) or 1
    for _ in range(n):
        x ^= (x << 13) & MASK
        x ^= x >> 17
        x ^= (x << 5) & MASK
        ms = x % (max_ms + 1)
        totals[0] += ms
        yield ms


async def run(n, seed, max_ms):
    loop = asyncio.get_running_loop()
    lateness = []
    probe = {}

    # The probe asks to run 10 ms after it last ran and notes how late it
    # was: how long the loop was unavailable to anything else.
    def tick():
        now = loop.time()
        lateness.append(max(0.0, (now - probe["due"]) * 1000))
        probe["due"] = now + PROBE_INTERVAL
        probe["handle"] = loop.call_later(PROBE_INTERVAL, tick)

    totals = [0]
    t0 = time.perf_counter()
    probe["due"] = loop.time() + PROBE_INTERVAL
    probe["handle"] = loop.call_later(PROBE_INTERVAL, tick)
    results = await asyncio.gather(*(asyncio.sleep(ms / 1000) for ms in sleeps(n, seed, max_ms, totals)))
    wall = time.perf_counter() - t0
    probe["handle"].cancel()

    return wall, len(results), totals[0], lateness


def main():
    n, seed, max_ms = (int(a) for a in sys.argv[1:4])

    wall, finished, delay_sum, lateness = asyncio.run(run(n, seed, max_ms))

    print(json.dumps({
        "system": "asyncio",
        "n": n,
        "finished": finished,
        "delay_sum": delay_sum,
        "wall_s": wall,
        "lateness_ms": lateness,
        "version": f"CPython {platform.python_version()}",
    }))


if __name__ == "__main__":
    main()
