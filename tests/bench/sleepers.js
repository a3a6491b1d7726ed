#!/usr/bin/env node
// B3 peer: N Promises over setTimeout(), each a random 0..MAX_MS ms,
// awaited with Promise.all(), while a setInterval() probe asks to run every
// 10 ms and notes how late it ran.  Mirrors ll_bench_sleepers_child() in
// app/bench/ll-bench-workloads.c.  Run by `looplab-cli bench sleepers`.
//
// Usage: node sleepers.js N SEED MAX_MS
// Prints one JSON line: {"system", "n", "finished", "delay_sum", "wall_s",
// "lateness_ms", "version"}.  The random sleeps are xorshift32 from SEED,
// the same sequence as our side and the Python peer.
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const { performance } = require('perf_hooks');

const PROBE_INTERVAL = 10;

function main () {
  const [n, seed, maxMs] = process.argv.slice(2, 5).map(Number);
  const lateness = [];
  const promises = new Array(n);
  let delaySum = 0;
  let x = (seed % 4294967296) >>> 0 || 1;

  const t0 = performance.now();

  // setInterval re-arms from the time it ran: note by how much each run
  // missed 10 ms after the previous one.
  let due = t0 + PROBE_INTERVAL;
  const probe = setInterval(() => {
    const now = performance.now();
    lateness.push(Math.max(0, now - due));
    due = now + PROBE_INTERVAL;
  }, PROBE_INTERVAL);

  for (let i = 0; i < n; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    const ms = x % (maxMs + 1);
    delaySum += ms;
    promises[i] = new Promise((resolve) => setTimeout(resolve, ms));
  }

  Promise.all(promises).then((results) => {
    const wall = (performance.now() - t0) / 1000;
    clearInterval(probe);
    process.stdout.write(JSON.stringify({
      system: 'node',
      n,
      finished: results.length,
      delay_sum: delaySum,
      wall_s: wall,
      lateness_ms: lateness,
      version: `Node.js ${process.version}`
    }) + '\n');
  });
}

main();
