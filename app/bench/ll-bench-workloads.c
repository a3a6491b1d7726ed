/* ll-bench-workloads.c: our side of each benchmark, in C
 *
 * Each workload mirrors its peer in tests/bench/ line for line, so the
 * figures compare the same work: the same producer/consumer loop, the
 * same two tasks taking turns, the same random sleeps under the same
 * probe timer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-bench"

#include "config.h"

#include <time.h>

#include "ll-bench-json.h"
#include "ll-bench-workloads.h"
#include "ll-co.h"
#include "ll-scheduler.h"

/* Our sleepers are spawned in batches, at most this many or for at most
 * this long per loop iteration, so that the loop (and the probe in it)
 * keeps its turn while a million are created: the scheduler's time slice,
 * applied to spawning. */
#define SPAWN_BATCH       10000
#define SPAWN_SLICE_USEC  1000
#define SPAWN_CLOCK_EVERY 256

/**
 * ll_bench_now_ns:
 *
 * Returns: the monotonic clock, in nanoseconds
 */
gint64
ll_bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);

  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* B1: send/yield round trip.  The consumer of the notes' producer and
 * consumer pair: `r = 0; while True: n = yield r; r = n + 1`. */

typedef struct
{
  LlCo  co;
  gsize r;
} EchoFrame;

static LlCoStatus
echo_run (LlCo *co)
{
  EchoFrame *f = (EchoFrame *) co;

  LL_CO_BEGIN (co);
  for (;;)
    {
      LL_CO_YIELD (co, GSIZE_TO_POINTER (f->r));
      f->r = GPOINTER_TO_SIZE (co->value) + 1;
    }
  LL_CO_END (co);
}

/**
 * ll_bench_send_looplab:
 * @n: how many sends
 * @ns_per_op: (out): nanoseconds per send, which is one round trip
 * @error: return location for a #GError
 *
 * Primes a generator coroutine, then times @n ll_co_send() calls into
 * it, each answered by a yield.
 *
 * Returns: %TRUE on success
 */
gboolean
ll_bench_send_looplab (guint64   n,
                       double   *ns_per_op,
                       GError  **error)
{
  g_autoptr(LlCo) co = NULL;
  gpointer r = NULL;
  gint64 t0, t1;

  g_return_val_if_fail (n > 0, FALSE);

  co = &ll_co_new (EchoFrame, echo_run, NULL)->co;
  ll_co_send (co, NULL, NULL);

  t0 = ll_bench_now_ns ();
  for (guint64 i = 1; i <= n; i++)
    r = ll_co_send (co, GSIZE_TO_POINTER ((gsize) i), NULL);
  t1 = ll_bench_now_ns ();

  ll_co_close (co);

  if (GPOINTER_TO_SIZE (r) != n + 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The generator answered %" G_GSIZE_FORMAT " to the last send, not %"
                   G_GUINT64_FORMAT, GPOINTER_TO_SIZE (r), n + 1);
      return FALSE;
    }

  *ns_per_op = (double) (t1 - t0) / (double) n;

  return TRUE;
}

/* B1, the threads: the same round trip, handed between two threads
 * through a pair of GAsyncQueues. */

typedef struct
{
  GAsyncQueue *ping;
  GAsyncQueue *pong;
  guint64      n;
} ThreadPair;

static gpointer
echo_thread (gpointer data)
{
  ThreadPair *pair = data;

  for (guint64 i = 0; i < pair->n; i++)
    {
      gsize v = GPOINTER_TO_SIZE (g_async_queue_pop (pair->ping));

      g_async_queue_push (pair->pong, GSIZE_TO_POINTER (v + 1));
    }

  return NULL;
}

/**
 * ll_bench_send_threads:
 * @n: how many round trips
 * @ns_per_op: (out): nanoseconds per round trip
 * @error: return location for a #GError
 *
 * Times @n round trips of a value to a second thread and back, through
 * two #GAsyncQueues, after one round trip to warm up.
 *
 * Returns: %TRUE on success
 */
gboolean
ll_bench_send_threads (guint64   n,
                       double   *ns_per_op,
                       GError  **error)
{
  ThreadPair pair;
  g_autoptr(GThread) thread = NULL;
  gsize r = 0;
  gint64 t0, t1;

  g_return_val_if_fail (n > 0, FALSE);

  pair.ping = g_async_queue_new ();
  pair.pong = g_async_queue_new ();
  pair.n = n + 1;

  thread = g_thread_try_new ("ll-bench-echo", echo_thread, &pair, error);
  if (thread == NULL)
    {
      g_async_queue_unref (pair.ping);
      g_async_queue_unref (pair.pong);
      return FALSE;
    }

  g_async_queue_push (pair.ping, GSIZE_TO_POINTER (1));
  g_async_queue_pop (pair.pong);

  t0 = ll_bench_now_ns ();
  for (guint64 i = 1; i <= n; i++)
    {
      g_async_queue_push (pair.ping, GSIZE_TO_POINTER ((gsize) i));
      r = GPOINTER_TO_SIZE (g_async_queue_pop (pair.pong));
    }
  t1 = ll_bench_now_ns ();

  g_thread_join (g_steal_pointer (&thread));
  g_async_queue_unref (pair.ping);
  g_async_queue_unref (pair.pong);

  if (r != n + 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The thread answered %" G_GSIZE_FORMAT " to the last value, not %"
                   G_GUINT64_FORMAT, r, n + 1);
      return FALSE;
    }

  *ns_per_op = (double) (t1 - t0) / (double) n;

  return TRUE;
}

/* B2: scheduled switch.  Two tasks that each yield to the other in a
 * loop: asyncio's `for _ in range(k): await asyncio.sleep(0)`. */

typedef struct
{
  LlCo    co;
  guint64 i;
  guint64 n;
} PingFrame;

static LlCoStatus
ping_run (LlCo *co)
{
  PingFrame *f = (PingFrame *) co;

  LL_CO_BEGIN (co);
  for (f->i = 0; f->i < f->n; f->i++)
    LL_CO_YIELD (co, NULL);
  LL_CO_END (co);
}

/**
 * ll_bench_switch_looplab:
 * @n: how many switches, shared between the two tasks
 * @ns_per_op: (out): nanoseconds per switch
 * @error: return location for a #GError
 *
 * Times two tasks on a scheduler of a fresh #GMainContext that yield to
 * each other @n times in all, including their spawning and the loop
 * iterations that run them.
 *
 * Returns: %TRUE on success
 */
gboolean
ll_bench_switch_looplab (guint64   n,
                         double   *ns_per_op,
                         GError  **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(LlScheduler) sched = NULL;
  g_autoptr(LlCo) hold_a = NULL;
  g_autoptr(LlCo) hold_b = NULL;
  PingFrame *a;
  PingFrame *b;
  gint64 t0, t1;

  g_return_val_if_fail (n > 0, FALSE);

  context = g_main_context_new ();
  sched = ll_scheduler_new (context, LL_CLOCK_MONOTONIC);
  a = ll_co_new (PingFrame, ping_run, NULL);
  b = ll_co_new (PingFrame, ping_run, NULL);
  hold_a = &a->co;
  hold_b = &b->co;
  a->n = n / 2;
  b->n = n - n / 2;

  t0 = ll_bench_now_ns ();
  ll_scheduler_spawn (sched, &a->co);
  ll_scheduler_spawn (sched, &b->co);
  ll_scheduler_run_until_done (sched, &a->co);
  ll_scheduler_run_until_done (sched, &b->co);
  t1 = ll_bench_now_ns ();

  if (a->i + b->i != n ||
      ll_co_get_error (&a->co) != NULL || ll_co_get_error (&b->co) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The tasks yielded %" G_GUINT64_FORMAT " times, not %" G_GUINT64_FORMAT,
                   a->i + b->i, n);
      return FALSE;
    }

  *ns_per_op = (double) (t1 - t0) / (double) n;

  return TRUE;
}

/* B3: sleepers.  N tasks each sleep a random 0..max ms and finish, while
 * a probe in the same loop asks to run every 10 ms and notes how late it
 * ran: how long the loop was unavailable to anything else. */

typedef struct
{
  GMainLoop   *loop;
  LlScheduler *sched;
  guint64      n;
  guint64      spawned;
  guint64      finished;
  guint32      rng;
  guint        max_ms;
  guint64      delay_sum;
  gint64       start;
  gint64       end;
  gint64       due;
  GArray      *lateness;   /* of double, in ms */
} Sleepers;

static void
sleepers_finish_one (Sleepers *s)
{
  if (++s->finished == s->n)
    {
      s->end = g_get_monotonic_time ();
      g_main_loop_quit (s->loop);
    }
}

typedef struct
{
  GSource   source;
  Sleepers *s;
} ProbeSource;

/* The probe asks to run 10 ms after it last ran, as a re-armed
 * call_later or a setInterval does, and records by how much it missed. */
static gboolean
probe_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  Sleepers *s = ((ProbeSource *) source)->s;
  gint64 now = g_get_monotonic_time ();
  double late = (double) MAX (now - s->due, 0) / G_TIME_SPAN_MILLISECOND;

  g_array_append_val (s->lateness, late);
  s->due = now + LL_BENCH_PROBE_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
  g_source_set_ready_time (source, s->due);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs probe_funcs = {
  .dispatch = probe_dispatch,
};

typedef struct
{
  LlCo      co;
  Sleepers *s;
  guint     ms;
} SleeperFrame;

static LlCoStatus
sleeper_run (LlCo *co)
{
  SleeperFrame *f = (SleeperFrame *) co;

  LL_CO_BEGIN (co);
  LL_CO_SLEEP (co, f->ms);
  sleepers_finish_one (f->s);
  LL_CO_END (co);
}

static gboolean
spawn_batch (gpointer data)
{
  Sleepers *s = data;
  guint64 stop = MIN (s->n, s->spawned + SPAWN_BATCH);
  gint64 deadline = g_get_monotonic_time () + SPAWN_SLICE_USEC;

  for (; s->spawned < stop; s->spawned++)
    {
      if (s->spawned % SPAWN_CLOCK_EVERY == 0 && g_get_monotonic_time () >= deadline)
        break;

      SleeperFrame *f = ll_co_new (SleeperFrame, sleeper_run, NULL);

      f->s = s;
      f->ms = ll_bench_random_sleep (&s->rng, s->max_ms);
      s->delay_sum += f->ms;
      ll_scheduler_spawn (s->sched, &f->co);
      ll_co_unref (&f->co);
    }

  return s->spawned < s->n ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
timeout_done (gpointer data)
{
  sleepers_finish_one (data);

  return G_SOURCE_REMOVE;
}

/**
 * ll_bench_sleepers_child:
 * @system: `looplab` or `glib-timeouts`
 * @n: how many sleepers
 * @seed: the seed of the random sleeps
 * @max_ms: the longest sleep
 * @json_out: where the figures go, as one JSON object
 * @error: return location for a #GError
 *
 * Runs one round of the sleepers benchmark on the default main context:
 * starts the probe, then creates @n sleepers, and returns once the last
 * has finished.  `looplab` spawns tasks on an #LlScheduler, a batch per
 * loop iteration; `glib-timeouts` adds one g_timeout_add() per sleeper,
 * all at once, as plain GLib code would.  Meant to run in a process of
 * its own, so that the parent reads its peak RSS.
 *
 * Returns: %TRUE on success
 */
gboolean
ll_bench_sleepers_child (const char  *system,
                         guint64      n,
                         guint64      seed,
                         guint        max_ms,
                         GString     *json_out,
                         GError     **error)
{
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(LlScheduler) sched = NULL;
  g_autoptr(GArray) lateness = NULL;
  g_autoptr(GSource) probe = NULL;
  gboolean ours;
  Sleepers s = { 0, };

  g_return_val_if_fail (system != NULL, FALSE);
  g_return_val_if_fail (json_out != NULL, FALSE);

  if (g_str_equal (system, "looplab"))
    ours = TRUE;
  else if (g_str_equal (system, "glib-timeouts"))
    ours = FALSE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "No child workload for “%s” (looplab or glib-timeouts)", system);
      return FALSE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  lateness = g_array_sized_new (FALSE, FALSE, sizeof (double), 256);
  if (ours)
    sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);

  s.loop = loop;
  s.sched = sched;
  s.n = n;
  s.rng = ll_bench_rng_init (seed);
  s.max_ms = max_ms;
  s.lateness = lateness;

  s.start = g_get_monotonic_time ();

  probe = g_source_new (&probe_funcs, sizeof (ProbeSource));
  ((ProbeSource *) probe)->s = &s;
  g_source_set_name (probe, "ll-bench probe");
  s.due = s.start + LL_BENCH_PROBE_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
  g_source_set_ready_time (probe, s.due);
  g_source_attach (probe, NULL);

  if (n > 0 && ours)
    {
      g_autoptr(GSource) spawner = g_idle_source_new ();

      g_source_set_priority (spawner, G_PRIORITY_DEFAULT);
      g_source_set_callback (spawner, spawn_batch, &s, NULL);
      g_source_set_name (spawner, "ll-bench spawner");
      g_source_attach (spawner, NULL);
    }
  else if (n > 0)
    {
      for (guint64 i = 0; i < n; i++)
        {
          guint ms = ll_bench_random_sleep (&s.rng, max_ms);

          s.delay_sum += ms;
          g_timeout_add (ms, timeout_done, &s);
        }
    }

  if (n > 0)
    g_main_loop_run (loop);
  else
    s.end = g_get_monotonic_time ();

  g_source_destroy (probe);

  g_string_append (json_out, "{\"system\": ");
  ll_bench_json_append_string (json_out, system);
  g_string_append_printf (json_out,
                          ", \"n\": %" G_GUINT64_FORMAT
                          ", \"finished\": %" G_GUINT64_FORMAT
                          ", \"delay_sum\": %" G_GUINT64_FORMAT
                          ", \"version\": \"GLib %u.%u.%u\", \"wall_s\": ",
                          n, s.finished, s.delay_sum,
                          glib_major_version, glib_minor_version, glib_micro_version);
  ll_bench_json_append_number (json_out, (double) (s.end - s.start) / G_USEC_PER_SEC);
  g_string_append (json_out, ", \"lateness_ms\": [");
  for (guint i = 0; i < lateness->len; i++)
    {
      if (i > 0)
        g_string_append (json_out, ", ");
      ll_bench_json_append_number (json_out, g_array_index (lateness, double, i));
    }
  g_string_append (json_out, "]}");

  return TRUE;
}
