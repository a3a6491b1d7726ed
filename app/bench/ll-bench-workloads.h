/* ll-bench-workloads.h: our side of each benchmark, in C
 *
 * The send/yield round trip, the same round trip between two threads,
 * the scheduled switch, and the sleepers (with the one-GSource-per-task
 * GLib version beside them).  The peers in Python and JavaScript live in
 * tests/bench/ and mirror these one for one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The probe timer of the sleepers benchmark fires this often. */
#define LL_BENCH_PROBE_INTERVAL_MS 10

/**
 * ll_bench_rng_init:
 * @seed: the run's seed
 *
 * The random sleeps come from xorshift32, which the Python and Node.js
 * peers compute the same way, so every system sleeps the same sequence.
 * Its state must not be 0.
 *
 * Returns: the generator's first state
 */
static inline guint32
ll_bench_rng_init (guint64 seed)
{
  guint32 x = (guint32) seed;

  return x != 0 ? x : 1;
}

/**
 * ll_bench_random_sleep:
 * @state: (inout): the generator's state
 * @max_ms: the longest sleep
 *
 * Returns: the next sleep, 0 to @max_ms inclusive
 */
static inline guint
ll_bench_random_sleep (guint32 *state,
                       guint    max_ms)
{
  guint32 x = *state;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;

  return x % (max_ms + 1);
}

gint64       ll_bench_now_ns                (void);

gboolean     ll_bench_send_looplab          (guint64      n,
                                             double      *ns_per_op,
                                             GError     **error);
gboolean     ll_bench_send_threads          (guint64      n,
                                             double      *ns_per_op,
                                             GError     **error);
gboolean     ll_bench_switch_looplab        (guint64      n,
                                             double      *ns_per_op,
                                             GError     **error);
gboolean     ll_bench_sleepers_child        (const char  *system,
                                             guint64      n,
                                             guint64      seed,
                                             guint        max_ms,
                                             GString     *json_out,
                                             GError     **error);

G_END_DECLS
