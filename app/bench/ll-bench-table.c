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
 *   server    `looplab-cli serve` under wrk (GET /hello/world, keep-alive)
 *             at 100 and 1000 connections, against aiohttp, Node.js,
 *             SoupServer and plain GIO callbacks, and against itself with
 *             two workers; then holding 10,000 idle connections
 *
 * The targets are the figures the runtime was built to reach: ours so
 * many times faster than a peer per operation, for a million sleepers
 * limits on our own wall time, memory and lateness, and for the server
 * its req/s and latency against the peers' and limits on its own.
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

/* Each server pinned to core 0 (LL_BENCH_SERVER_CORE), wrk to core 1. */
static const LlBenchSystem server_systems[] = {
  { .name = "looplab", .runner = LL_BENCH_RUN_SERVE,
    .what = "looplab-cli serve: one process, one thread, one coroutine per connection" },
  { .name = "aiohttp", .runner = LL_BENCH_RUN_PYTHON, .script = "server.py",
    .module = "aiohttp", .package = "python3-aiohttp",
    .what = "the notes' aiohttp web.Application, web.run_app() (server.py)" },
  { .name = "node", .runner = LL_BENCH_RUN_NODE, .script = "server.js",
    .what = "Node.js http.createServer() (server.js)" },
  { .name = "libsoup", .runner = LL_BENCH_RUN_PROGRAM, .script = "ll-bench-soup-server",
    .what = "a libsoup 3 SoupServer, soup_server_listen_local() (ll-bench-soup-server.c)" },
  { .name = "gio-callbacks", .runner = LL_BENCH_RUN_PROGRAM, .script = "ll-bench-gio-server",
    .what = "GSocketService and read/write _async callbacks (ll-bench-gio-server.c)" },
  { .name = "looplab-workers-2", .runner = LL_BENCH_RUN_SERVE, .workers = 2, .cpus = "0,1",
    .what = "looplab-cli serve --workers 2 on both cores: one worker shares wrk's core" },
};

/* A looplab-cli serve holding N idle connections, then a new client. */
static const LlBenchSystem server_idle_systems[] = {
  { .name = "looplab", .runner = LL_BENCH_RUN_SERVE,
    .what = "looplab-cli serve on core 0: N clients each send a GET, read the answer and "
            "stay connected; then one more client's GET, timed" },
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

static const LlBenchFigure server_figures[] = {
  { LL_BENCH_METRIC_MAIN, NULL, "req/s", "req/s", 1 },
  { LL_BENCH_METRIC_P50, "server-p50", "ms", "p50 (ms)", 1 },
  { LL_BENCH_METRIC_P99, "server-p99", "ms", "p99 (ms)", 1 },
  { LL_BENCH_METRIC_MAX, "server-max", "ms", "max (ms)", 1 },
  { LL_BENCH_METRIC_RSS, NULL, "KiB", "peak RSS (MB)", KIB_PER_MB },
  { LL_BENCH_METRIC_CLIENT_CPU, "server-wrk-cpu", "%", "wrk CPU (%)", 1 },
  { LL_BENCH_METRIC_ERRORS, "server-errors", "errors", "errors", 1, TRUE },
};

static const LlBenchFigure server_idle_figures[] = {
  { LL_BENCH_METRIC_MAIN, NULL, "B", "RSS per connection (KiB)", 1024 },
  { LL_BENCH_METRIC_RSS_BEFORE, "server-idle-rss-before", "KiB", "RSS before (MB)", KIB_PER_MB },
  { LL_BENCH_METRIC_RSS, NULL, "KiB", "RSS held (MB)", KIB_PER_MB },
  { LL_BENCH_METRIC_NEW_CLIENT, NULL, "ms", "a new client (ms)", 1 },
};

static const guint64 sleepers_sizes[] = { 10000, 100000, 1000000 };

static const guint64 server_sizes[] = { 100, 1000 };

static const guint64 server_idle_sizes[] = { 10000 };

static const LlBenchLimit sleepers_limits[] = {
  { LL_BENCH_METRIC_MAIN, "wall time", 1.5, "s", 1, 3 },
  { LL_BENCH_METRIC_RSS, "peak RSS", 200, "MB", KIB_PER_MB, 0 },
  { LL_BENCH_METRIC_P99, "probe lateness p99", 5, "ms", 1, 2 },
};

static const LlBenchLimit server_limits[] = {
  { LL_BENCH_METRIC_P99, "latency p99", 2, "ms", 1, 2 },
};

static const LlBenchLimit server_idle_limits[] = {
  { LL_BENCH_METRIC_MAIN, "RSS per connection", 8, "KiB", 1024, 2 },
  { LL_BENCH_METRIC_NEW_CLIENT, "a new client's request", 50, "ms", 1, 2 },
};

/* At 100 connections as fast as the plain GIO server and half again
 * Node's; at 1000, fair: the slowest answers sooner than theirs. */
static const LlBenchComparison server_comparisons[] = {
  { 100, "gio-callbacks", LL_BENCH_METRIC_MAIN, "req/s", 1, 0 },
  { 100, "node", LL_BENCH_METRIC_MAIN, "req/s", 1.5, 0 },
  { 1000, "node", LL_BENCH_METRIC_P99, "latency p99", 0, 1 },
  { 1000, "libsoup", LL_BENCH_METRIC_P99, "latency p99", 0, 1 },
};

static const LlBenchInfo server_idle = {
  "server-idle", "Idle keep-alive connections held by one worker", LL_BENCH_SERVER_IDLE,
  server_idle_systems, G_N_ELEMENTS (server_idle_systems),
  server_idle_figures, G_N_ELEMENTS (server_idle_figures),
  server_idle_sizes, G_N_ELEMENTS (server_idle_sizes),
  10000, server_idle_limits, G_N_ELEMENTS (server_idle_limits),
  "idle connections", NULL, 0, NULL
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
    1000000, sleepers_limits, G_N_ELEMENTS (sleepers_limits),
    "sleepers", NULL, 0, NULL },
  { "server", "Server, wrk GET /hello/world with keep-alive", LL_BENCH_SERVER,
    server_systems, G_N_ELEMENTS (server_systems),
    server_figures, G_N_ELEMENTS (server_figures),
    server_sizes, G_N_ELEMENTS (server_sizes),
    100, server_limits, G_N_ELEMENTS (server_limits),
    "connections", server_comparisons, G_N_ELEMENTS (server_comparisons), &server_idle },
};

/**
 * ll_bench_info_lookup:
 * @name: `send`, `switch`, `sleepers` or `server`
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
