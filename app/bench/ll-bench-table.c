/* ll-bench-table.c: the benchmarks of `looplab-cli bench`, as data
 *
 *   send      B1: a send into a generator that yields back, against
 *             CPython's generator send and two threads handing a value
 *             back and forth through GAsyncQueues
 *   switch    B2: two tasks on the loop yielding to each other, against
 *             two asyncio tasks doing `await asyncio.sleep(0)`
 *   sleepers  B3: N tasks sleeping a random 0..1000 ms under a 10 ms probe
 *             timer, against asyncio, Node.js and one g_timeout_add()
 *             per task; wall time, peak RSS and the probe's lateness
 *
 * The targets are the figures the runtime was built to reach: ours so
 * many times faster than a peer per operation, or, for a million
 * sleepers, limits on our own wall time, memory and lateness.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include "ll-bench-private.h"
#include "ll-bench-workloads.h"

/* Peak RSS is reported in KiB (ru_maxrss) and shown in MB. */
#define KIB_PER_MB (1e6 / 1024)

static const LlBenchSystem send_systems[] = {
  { "looplab", LL_BENCH_RUN_IN_PROCESS, ll_bench_send_looplab, NULL, 10000000, 0,
    "ll_co_send() into a generator coroutine that yields back" },
  { "cpython", LL_BENCH_RUN_PYTHON, NULL, "send.py", 10000000, 20,
    "generator.send() into a Python generator that yields back" },
  { "threads", LL_BENCH_RUN_IN_PROCESS, ll_bench_send_threads, NULL, 100000, 1000,
    "two threads handing a value back and forth through GAsyncQueues" },
};

static const LlBenchSystem switch_systems[] = {
  { "looplab", LL_BENCH_RUN_IN_PROCESS, ll_bench_switch_looplab, NULL, 10000000, 0,
    "two LlScheduler tasks, each LL_CO_YIELD() in a loop" },
  { "asyncio", LL_BENCH_RUN_PYTHON, NULL, "switch.py", 1000000, 10,
    "two asyncio tasks, each `await asyncio.sleep(0)` in a loop" },
};

static const LlBenchSystem sleepers_systems[] = {
  { "looplab", LL_BENCH_RUN_CHILD, NULL, NULL, 0, 0,
    "LlScheduler tasks doing LL_CO_SLEEP(), spawned in batches of ≤ 1 ms per loop iteration" },
  { "asyncio", LL_BENCH_RUN_PYTHON, NULL, "sleepers.py", 0, 0,
    "asyncio.gather() of asyncio.sleep(), a call_later() probe" },
  { "node", LL_BENCH_RUN_NODE, NULL, "sleepers.js", 0, 0,
    "Promise.all() of Promises over setTimeout(), a setInterval() probe" },
  { "glib-timeouts", LL_BENCH_RUN_CHILD, NULL, NULL, 0, 0,
    "one g_timeout_add() per task, all added at once" },
};

static const LlBenchFigure per_operation_figures[] = {
  { LL_BENCH_METRIC_MAIN, NULL, "ns", "ns per operation", 1 },
};

static const LlBenchFigure sleepers_figures[] = {
  { LL_BENCH_METRIC_MAIN, NULL, "s", "wall time (s)", 1 },
  { LL_BENCH_METRIC_RSS, NULL, "KiB", "peak RSS (MB)", KIB_PER_MB },
  { LL_BENCH_METRIC_P99, NULL, "ms", "probe p99 (ms)", 1 },
  { LL_BENCH_METRIC_MAX, "sleepers-probe-max", "ms", "probe max (ms)", 1 },
};

static const guint64 sleepers_sizes[] = { 10000, 100000, 1000000 };

static const LlBenchLimit sleepers_limits[] = {
  { LL_BENCH_METRIC_MAIN, "wall time", 1.5, "s", 1, 3 },
  { LL_BENCH_METRIC_RSS, "peak RSS", 200, "MB", KIB_PER_MB, 0 },
  { LL_BENCH_METRIC_P99, "probe lateness p99", 5, "ms", 1, 2 },
};

static const LlBenchInfo benches[] = {
  { "send", "B1 send/yield round trip", LL_BENCH_PER_OPERATION,
    send_systems, G_N_ELEMENTS (send_systems),
    per_operation_figures, G_N_ELEMENTS (per_operation_figures),
    NULL, 0, 0, NULL, 0 },
  { "switch", "B2 scheduled switch", LL_BENCH_PER_OPERATION,
    switch_systems, G_N_ELEMENTS (switch_systems),
    per_operation_figures, G_N_ELEMENTS (per_operation_figures),
    NULL, 0, 0, NULL, 0 },
  { "sleepers", "B3 sleepers", LL_BENCH_SLEEPERS,
    sleepers_systems, G_N_ELEMENTS (sleepers_systems),
    sleepers_figures, G_N_ELEMENTS (sleepers_figures),
    sleepers_sizes, G_N_ELEMENTS (sleepers_sizes),
    1000000, sleepers_limits, G_N_ELEMENTS (sleepers_limits) },
};

/**
 * ll_bench_info_lookup:
 * @name: `send`, `switch` or `sleepers`
 *
 * Returns: (nullable): the benchmark of that name
 */
const LlBenchInfo *
ll_bench_info_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
    if (g_str_equal (name, benches[i].name))
      return &benches[i];

  return NULL;
}
