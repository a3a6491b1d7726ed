/* test-loop-monitor.c: lag, utilization, spans and the stall watchdog
 *
 * These run on real time, so every bound is generous: a busy 2-core
 * machine may run late, never early.  Each test uses a private context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-loop-monitor.h"
#include "ll-process.h"
#include "ll-scheduler.h"

typedef struct
{
  GMainContext  *context;
  LlLoopMonitor *monitor;
  guint          n_stall_signals;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->monitor = ll_loop_monitor_new (f->context);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ll_loop_monitor_stop (f->monitor);
  g_assert_finalize_object (f->monitor);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (Fixture *f,
         guint    ms)
{
  gboolean done = FALSE;
  g_autoptr(GSource) source = g_timeout_source_new (ms);

  g_source_set_callback (source, set_flag, &done, NULL);
  g_source_attach (source, f->context);
  while (!done)
    g_main_context_iteration (f->context, TRUE);
}

static gboolean
block_300ms (gpointer data)
{
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  return G_SOURCE_REMOVE;
}

static void
on_stall (LlLoopMonitor *monitor,
          const LlStall *stall,
          Fixture       *f)
{
  f->n_stall_signals++;
}

/* The rule every figure follows: each lag sample of the threshold or
 * more, of every kind, lies in a stall of the list, all but less than
 * one threshold of it.  Without it a page says "no stall" beside a
 * maximum lag above the threshold. */
static void
assert_lags_are_stalls (Fixture *f)
{
  g_autoptr(GPtrArray) stalls = ll_loop_monitor_copy_stalls (f->monitor);
  gint64 threshold = ll_loop_monitor_get_stall_threshold (f->monitor);

  for (LlLagKind kind = 0; kind < LL_N_LAGS; kind++)
    {
      g_autoptr(GArray) samples = ll_loop_monitor_copy_lag (f->monitor, kind, 0);

      for (guint i = 0; i < samples->len; i++)
        {
          const LlLagSample *sample = &g_array_index (samples, LlLagSample, i);
          gint64 start = sample->time - sample->lag;
          gboolean found = FALSE;

          if (sample->lag < threshold)
            continue;

          for (guint j = 0; j < stalls->len && !found; j++)
            {
              const LlStall *stall = g_ptr_array_index (stalls, j);
              gint64 overlap = MIN (stall->start + stall->duration, sample->time) - MAX (stall->start, start);

              found = sample->lag - overlap < threshold && stall->duration >= threshold;
            }
          if (!found)
            g_error ("a lag of kind %d, %" G_GINT64_FORMAT " µs at %" G_GINT64_FORMAT ", is in no stall",
                     kind, sample->lag, sample->time);
        }
    }
}

static void
test_stall_names_handler (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) stalls = NULL;
  LlStall *stall;
  LlLagStats stats;

  g_signal_connect (f->monitor, "stall", G_CALLBACK (on_stall), f);
  ll_loop_monitor_start (f->monitor);
  ll_loop_monitor_add_timeout (f->monitor, 100, "deliberate-block", block_300ms, NULL, NULL);
  run_for (f, 700);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpuint (f->n_stall_signals, ==, 1);
  g_assert_cmpuint (ll_loop_monitor_get_n_stalls (f->monitor), ==, 1);

  stall = g_ptr_array_index (stalls, 0);
  g_assert_cmpint (stall->duration, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (stall->duration, <, 30 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (stall->handler, ==, "deliberate-block");
  g_assert_cmpint (stall->start, >, 0);

  /* The probe that was due during the block fired late: the spike. */
  ll_loop_monitor_get_lag_stats (f->monitor, &stats);
  g_assert_cmpint (stats.max, >=, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (stats.p50, <=, stats.p99);
  g_assert_cmpint (stats.p99, <=, stats.max);
  assert_lags_are_stalls (f);
}

static void
test_idle_no_stall (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GArray) samples = NULL;
  LlLagStats stats;

  g_signal_connect (f->monitor, "stall", G_CALLBACK (on_stall), f);
  ll_loop_monitor_start (f->monitor);
  run_for (f, 500);

  g_assert_cmpuint (ll_loop_monitor_get_n_stalls (f->monitor), ==, 0);
  g_assert_cmpuint (f->n_stall_signals, ==, 0);

  /* 10 ms probes over half a second: dozens of samples, never zero. */
  samples = ll_loop_monitor_copy_samples (f->monitor, 0);
  g_assert_cmpuint (samples->len, >=, 5);
  g_assert_cmpuint (samples->len, <=, 51);
  ll_loop_monitor_get_lag_stats (f->monitor, &stats);
  g_assert_cmpuint (stats.count, ==, samples->len);
  for (guint i = 1; i < samples->len; i++)
    {
      LlLagSample *a = &g_array_index (samples, LlLagSample, i - 1);
      LlLagSample *b = &g_array_index (samples, LlLagSample, i);

      /* Probes are at least one interval apart. */
      g_assert_cmpint (b->time - a->time, >=, 10 * G_TIME_SPAN_MILLISECOND - 1);
      g_assert_cmpint (b->lag, >=, 0);
    }
}

static gboolean
outer_inner_block (gpointer data)
{
  LlLoopMonitor *monitor = data;

  ll_loop_monitor_begin_span (monitor, "outer");
  ll_loop_monitor_begin_span (monitor, "inner");
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_end_span (monitor);
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_end_span (monitor);

  return G_SOURCE_REMOVE;
}

/* Only the watchdog, sampling while the block runs, can know that "inner"
 * was running: after the fact, "outer" is the longest span.
 */
static void
test_watchdog_samples_innermost (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GPtrArray) stalls = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GSource) source = NULL;
  LlSpan *first, *second;

  ll_loop_monitor_start (f->monitor);
  source = g_timeout_source_new (50);
  g_source_set_callback (source, outer_inner_block, f->monitor, NULL);
  g_source_attach (source, f->context);
  run_for (f, 600);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpstr (((LlStall *) g_ptr_array_index (stalls, 0))->handler, ==, "inner");

  /* The trace records spans as they close: inner first, inside outer. */
  spans = ll_loop_monitor_copy_spans (f->monitor, 0);
  g_assert_cmpuint (spans->len, ==, 2);
  first = &g_array_index (spans, LlSpan, 0);
  second = &g_array_index (spans, LlSpan, 1);
  g_assert_cmpstr (first->name, ==, "inner");
  g_assert_cmpstr (second->name, ==, "outer");
  g_assert_cmpint (first->start, >=, second->start);
  g_assert_cmpint (first->duration, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (second->duration, >=, first->duration + 20 * G_TIME_SPAN_MILLISECOND);
}

static gboolean
spin_1ms (gpointer data)
{
  gint64 until = g_get_monotonic_time () + G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    ;
  return G_SOURCE_CONTINUE;
}

static void
test_utilization (Fixture       *f,
                  gconstpointer  data)
{
  guint id;

  ll_loop_monitor_start (f->monitor);

  /* An idle handler that always has work: the loop never waits. */
  id = ll_loop_monitor_add_idle (f->monitor, G_PRIORITY_DEFAULT_IDLE, "spin", spin_1ms, NULL, NULL);
  run_for (f, 2100);
  g_assert_cmpfloat (ll_loop_monitor_get_utilization (f->monitor), >, 0.8);
  g_source_destroy (g_main_context_find_source_by_id (f->context, id));

  /* Then nothing but the probe: the loop waits almost all the time. */
  run_for (f, 2100);
  g_assert_cmpfloat (ll_loop_monitor_get_utilization (f->monitor), <, 0.5);
}

typedef struct
{
  gint64 until;
} Flood;

/* Default-priority work that is always ready for 300 ms, a millisecond
 * at a time: what a flood of ready tasks on an unfair scheduler is to
 * the loop. */
static gboolean
flood_1ms (gpointer data)
{
  Flood *flood = data;

  spin_1ms (NULL);

  return g_get_monotonic_time () < flood->until ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* GLib runs only the highest priority that is ready: beside the flood,
 * the default-priority probe keeps firing (it takes turns with the
 * flood), while the probe at the redraw priority, like GTK's painting,
 * waits for the flood to end.  Only the second sees what a user sees. */
static void
test_redraw_probe_sees_flood (Fixture       *f,
                              gconstpointer  data)
{
  Flood flood;
  LlLagStats timer, redraw;
  g_autoptr(GSource) source = g_idle_source_new ();

  ll_loop_monitor_start (f->monitor);
  run_for (f, 50);

  flood.until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, flood_1ms, &flood, NULL);
  g_source_attach (source, f->context);
  run_for (f, 400);

  ll_loop_monitor_get_stats (f->monitor, LL_LAG_TIMER, &timer);
  ll_loop_monitor_get_stats (f->monitor, LL_LAG_REDRAW, &redraw);
  g_test_message ("timer probe max %" G_GINT64_FORMAT " µs, redraw probe max %" G_GINT64_FORMAT " µs",
                  timer.max, redraw.max);
  g_assert_cmpuint (timer.count, >, 0);
  g_assert_cmpuint (redraw.count, >, 0);
  g_assert_cmpint (redraw.max, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (timer.max, <, redraw.max / 2);

  /* No iteration was long, yet the redraw priority waited: a stall. */
  assert_lags_are_stalls (f);
  g_assert_cmpuint (ll_loop_monitor_get_n_stalls (f->monitor), >=, 1);
}

typedef struct
{
  LlLoopMonitor *monitor;
  gint64         last;
} FrameClock;

/* A frame clock in miniature: a timer at the redraw priority that
 * reports each of its ticks as a frame, as the lag chart does. */
static gboolean
frame_tick (gpointer data)
{
  FrameClock *clock = data;
  gint64 now = g_get_monotonic_time ();

  if (clock->last != 0)
    ll_loop_monitor_record_frame (clock->monitor, now, MAX (now - clock->last - 16667, 0), 16667);
  clock->last = now;

  return G_SOURCE_CONTINUE;
}

/* A traced flood at the default priority starves the frames while the
 * default-priority probe takes turns with it and no iteration is long:
 * only the frames (and the redraw probe) see it, and that is a stall,
 * named after the flood, which ran through it. */
static void
test_starved_frames_are_a_stall (Fixture       *f,
                                 gconstpointer  data)
{
  FrameClock clock = { f->monitor, 0 };
  g_autoptr(GSource) frames = g_timeout_source_new (16);
  g_autoptr(GPtrArray) stalls = NULL;
  g_autoptr(GArray) late = NULL;
  const LlLagSample *latest = NULL;
  const LlStall *stall;
  LlLagStats timer;
  Flood flood;

  g_signal_connect (f->monitor, "stall", G_CALLBACK (on_stall), f);
  ll_loop_monitor_start (f->monitor);
  g_source_set_priority (frames, LL_LOOP_MONITOR_REDRAW_PRIORITY);
  g_source_set_callback (frames, frame_tick, &clock, NULL);
  g_source_attach (frames, f->context);
  run_for (f, 100);

  flood.until = g_get_monotonic_time () + 300 * G_TIME_SPAN_MILLISECOND;
  ll_loop_monitor_add_idle (f->monitor, G_PRIORITY_DEFAULT, "flood", flood_1ms, &flood, NULL);
  run_for (f, 500);
  g_source_destroy (frames);

  /* The frame that came after the flood, late by most of it. */
  late = ll_loop_monitor_copy_lag (f->monitor, LL_LAG_FRAME, 0);
  for (guint i = 0; i < late->len; i++)
    {
      if (latest == NULL || g_array_index (late, LlLagSample, i).lag > latest->lag)
        latest = &g_array_index (late, LlLagSample, i);
    }
  g_assert_nonnull (latest);
  g_assert_cmpint (latest->lag, >=, 250 * G_TIME_SPAN_MILLISECOND);
  ll_loop_monitor_get_stats (f->monitor, LL_LAG_TIMER, &timer);
  g_test_message ("frame lateness %" G_GINT64_FORMAT " µs, timer probe max %" G_GINT64_FORMAT " µs",
                  latest->lag, timer.max);

  /* One stall, the redraw probe's wait covered by the frame's. */
  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpuint (f->n_stall_signals, ==, 1);
  stall = g_ptr_array_index (stalls, 0);
  g_assert_cmpstr (stall->handler, ==, "flood");
  g_assert_cmpint (stall->duration, >=, 250 * G_TIME_SPAN_MILLISECOND);
  assert_lags_are_stalls (f);
}

static gboolean
report_late_frame (gpointer data)
{
  LlLoopMonitor *monitor = data;

  /* The frame before this one came 300 ms ago: a window that did not
   * draw, though the loop was free. */
  ll_loop_monitor_record_frame (monitor, g_get_monotonic_time (), 300 * G_TIME_SPAN_MILLISECOND - 16667, 16667);

  return G_SOURCE_REMOVE;
}

/* A late frame alone, with the probes on time and the loop idle: still
 * a stall the list has, and no handler takes the blame for it. */
static void
test_late_frame_alone (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) stalls = NULL;
  const LlStall *stall;

  ll_loop_monitor_start (f->monitor);
  ll_loop_monitor_add_timeout (f->monitor, 400, "report_late_frame", report_late_frame, f->monitor, NULL);
  run_for (f, 600);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  stall = g_ptr_array_index (stalls, 0);
  g_assert_cmpint (stall->duration, ==, 300 * G_TIME_SPAN_MILLISECOND - 16667);
  g_assert_null (stall->handler);
  assert_lags_are_stalls (f);
}

static gboolean
block_before_frame (gpointer data)
{
  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  return G_SOURCE_REMOVE;
}

/* A block of 300 ms before the first frame: building the window before
 * the loop first runs (data FALSE), or a handler of the loop's first
 * iterations, loading fonts say (TRUE).  Either way the startup is one
 * stall, named so, that holds the block and the lag it caused; nothing
 * inside it is a stall of its own. */
static void
test_startup_block (Fixture       *f,
                    gconstpointer  data)
{
  gboolean in_loop = GPOINTER_TO_INT (data);
  g_autoptr(GPtrArray) stalls = NULL;
  const LlStall *stall;
  LlLagStats timer;
  gint64 since = g_get_monotonic_time ();
  gint64 first_frame;

  g_signal_connect (f->monitor, "stall", G_CALLBACK (on_stall), f);
  ll_loop_monitor_begin_startup (f->monitor, since);
  ll_loop_monitor_start (f->monitor);
  if (in_loop)
    ll_loop_monitor_add_idle (f->monitor, G_PRIORITY_DEFAULT, "load_fonts", block_before_frame, NULL, NULL);
  else
    block_before_frame (NULL);
  run_for (f, 50);
  first_frame = g_get_monotonic_time ();
  ll_loop_monitor_end_startup (f->monitor, first_frame);
  run_for (f, 200);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpuint (f->n_stall_signals, ==, 1);
  stall = g_ptr_array_index (stalls, 0);
  g_assert_cmpstr (stall->handler, ==, "startup");
  g_assert_cmpint (stall->start, ==, since);
  g_assert_cmpint (stall->start + stall->duration, ==, first_frame);
  g_assert_cmpint (stall->duration, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (ll_loop_monitor_get_startup (f->monitor), ==, stall->duration);

  /* The probe due during the block came late: the maximum the page
   * shows, inside the stall the page shows. */
  ll_loop_monitor_get_lag_stats (f->monitor, &timer);
  g_assert_cmpint (timer.max, >=, 250 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (timer.max, <=, stall->duration);
  assert_lags_are_stalls (f);
}

/* Without a startup, a block before the loop first runs is a stall
 * like one inside it. */
static void
test_block_before_loop (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) stalls = NULL;

  ll_loop_monitor_start (f->monitor);
  block_before_frame (NULL);
  run_for (f, 200);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpint (((LlStall *) g_ptr_array_index (stalls, 0))->duration, >=, 300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (ll_loop_monitor_get_startup (f->monitor), ==, 0);
  assert_lags_are_stalls (f);
}

/* A startup shorter than the threshold is no stall, and what follows
 * it counts as ever. */
static void
test_short_startup (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) stalls = NULL;

  ll_loop_monitor_begin_startup (f->monitor, 0);
  ll_loop_monitor_start (f->monitor);
  run_for (f, 20);
  ll_loop_monitor_end_startup (f->monitor, g_get_monotonic_time ());
  g_assert_cmpint (ll_loop_monitor_get_startup (f->monitor), >, 0);
  /* 20 ms of loop are a short startup unless the machine held this
   * process back for a whole threshold: then the premise is gone. */
  if (ll_loop_monitor_get_startup (f->monitor) >= ll_loop_monitor_get_stall_threshold (f->monitor))
    {
      g_test_incomplete ("the machine held the 20 ms startup back past the stall threshold");
      return;
    }
  ll_loop_monitor_add_timeout (f->monitor, 50, "deliberate-block", block_300ms, NULL, NULL);
  run_for (f, 500);

  stalls = ll_loop_monitor_copy_stalls (f->monitor);
  g_assert_cmpuint (stalls->len, ==, 1);
  g_assert_cmpstr (((LlStall *) g_ptr_array_index (stalls, 0))->handler, ==, "deliberate-block");
  assert_lags_are_stalls (f);
}

typedef struct
{
  LlCo co;
} YieldFrame;

/* A task that never stops yielding: always ready. */
static LlCoStatus
yield_forever (LlCo *co)
{
  LL_CO_BEGIN (co);

  for (;;)
    LL_CO_YIELD (co, NULL);

  LL_CO_END (co);
}

/* The same flood from the coroutine scheduler: fair (the default), it
 * lets the redraw-priority probe run between its slices; unfair, it
 * starves it as the idle flood does, while the default-priority probe
 * still fires on time. */
static void
test_scheduler_flood (Fixture       *f,
                      gconstpointer  data)
{
  gboolean fair = GPOINTER_TO_INT (data);
  g_autoptr(LlScheduler) scheduler = ll_scheduler_new (f->context, LL_CLOCK_MONOTONIC);
  LlLagStats timer, redraw;
  LlCo *task;

  ll_scheduler_set_fair (scheduler, fair);
  ll_loop_monitor_start (f->monitor);
  run_for (f, 50);

  task = &ll_co_new (YieldFrame, yield_forever, NULL)->co;
  ll_scheduler_spawn (scheduler, task);
  run_for (f, 300);
  ll_scheduler_cancel_all (scheduler);
  run_for (f, 50);
  ll_co_unref (task);

  ll_loop_monitor_get_stats (f->monitor, LL_LAG_TIMER, &timer);
  ll_loop_monitor_get_stats (f->monitor, LL_LAG_REDRAW, &redraw);
  g_test_message ("%s: timer probe max %" G_GINT64_FORMAT " µs, redraw probe max %" G_GINT64_FORMAT " µs",
                  fair ? "fair" : "unfair", timer.max, redraw.max);
  g_assert_cmpuint (redraw.count, >, 0);
  if (fair)
    {
      /* Starved, it would report the whole 300 ms. */
      g_assert_cmpint (redraw.max, <, 200 * G_TIME_SPAN_MILLISECOND);
    }
  else
    {
      g_assert_cmpint (redraw.max, >=, 250 * G_TIME_SPAN_MILLISECOND);
      g_assert_cmpint (timer.max, <, redraw.max / 2);
    }
  assert_lags_are_stalls (f);
}

/* Frames the window reports: lateness beyond one refresh, and whole
 * refreshes missed.  Times are given, not measured. */
static void
test_frames (Fixture       *f,
             gconstpointer  data)
{
  const gint64 refresh = 16667;
  gint64 t = 10 * G_TIME_SPAN_SECOND;
  g_autoptr(GArray) frames = NULL;
  LlLagStats stats;

  /* 30 frames on time, one 3 ms late, then one 50 ms after the last. */
  for (guint i = 0; i < 30; i++)
    ll_loop_monitor_record_frame (f->monitor, t += refresh, 0, refresh);
  ll_loop_monitor_record_frame (f->monitor, t += refresh + 3000, 3000, refresh);
  ll_loop_monitor_record_frame (f->monitor, t += 50000, 50000 - refresh, refresh);

  ll_loop_monitor_get_stats (f->monitor, LL_LAG_FRAME, &stats);
  g_assert_cmpuint (stats.count, ==, 32);
  g_assert_cmpint (stats.p50, ==, 0);
  g_assert_cmpint (stats.max, ==, 50000 - refresh);

  /* The 50 ms gap lost two frames; the 3 ms one none. */
  g_assert_cmpuint (ll_loop_monitor_get_missed_frames (f->monitor, t), ==, 2);
  /* A second later, they are out of the last second. */
  g_assert_cmpuint (ll_loop_monitor_get_missed_frames (f->monitor, t + G_TIME_SPAN_SECOND), ==, 0);

  frames = ll_loop_monitor_copy_lag (f->monitor, LL_LAG_FRAME, t - 1);
  g_assert_cmpuint (frames->len, ==, 1);
  g_assert_cmpint (g_array_index (frames, LlLagSample, 0).lag, ==, 50000 - refresh);

  /* The probes are not the frames. */
  ll_loop_monitor_get_stats (f->monitor, LL_LAG_TIMER, &stats);
  g_assert_cmpuint (stats.count, ==, 0);
}

static void
test_window_forgets (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GArray) samples = NULL;
  LlLagStats stats;
  gint64 now;

  ll_loop_monitor_set_window (f->monitor, G_TIME_SPAN_SECOND);
  ll_loop_monitor_start (f->monitor);
  ll_loop_monitor_add_timeout (f->monitor, 100, "deliberate-block", block_300ms, NULL, NULL);
  run_for (f, 1800);

  /* The spike is more than a second old: gone from samples and stats. */
  now = g_get_monotonic_time ();
  samples = ll_loop_monitor_copy_samples (f->monitor, 0);
  g_assert_cmpuint (samples->len, >, 0);
  for (guint i = 0; i < samples->len; i++)
    g_assert_cmpint (g_array_index (samples, LlLagSample, i).time, >=, now - 2 * G_TIME_SPAN_SECOND);
  ll_loop_monitor_get_lag_stats (f->monitor, &stats);
  g_assert_cmpuint (stats.count, <=, samples->len + 1);
  g_assert_cmpint (stats.max, <, 200 * G_TIME_SPAN_MILLISECOND);
  /* The late probe was the stall already, not one more. */
  g_assert_cmpuint (ll_loop_monitor_get_n_stalls (f->monitor), ==, 1);
}

static void
test_start_stop (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_false (ll_loop_monitor_get_running (f->monitor));
  ll_loop_monitor_start (f->monitor);
  ll_loop_monitor_start (f->monitor);
  g_assert_true (ll_loop_monitor_get_running (f->monitor));
  run_for (f, 50);
  ll_loop_monitor_stop (f->monitor);
  ll_loop_monitor_stop (f->monitor);
  g_assert_false (ll_loop_monitor_get_running (f->monitor));
  ll_loop_monitor_start (f->monitor);
  run_for (f, 50);
  g_assert_true (ll_loop_monitor_get_running (f->monitor));
}

static gint64 main_time;

/* The kernel's start of this process: before main(), to a clock tick. */
static void
test_process_start (void)
{
  gint64 start = ll_process_get_start_time ();

  g_assert_cmpint (start, >, 0);
  g_assert_cmpint (start, <=, main_time + 20 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (start, >, main_time - 60 * G_TIME_SPAN_SECOND);
}

int
main (int   argc,
      char *argv[])
{
  main_time = g_get_monotonic_time ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/looplab/loop-monitor/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("stall-names-handler", test_stall_names_handler);
  ADD ("idle-no-stall", test_idle_no_stall);
  ADD ("watchdog-samples-innermost", test_watchdog_samples_innermost);
  ADD ("utilization", test_utilization);
  ADD ("redraw-probe-sees-flood", test_redraw_probe_sees_flood);
  ADD ("frames", test_frames);
  ADD ("starved-frames-are-a-stall", test_starved_frames_are_a_stall);
  ADD ("late-frame-alone", test_late_frame_alone);
  g_test_add ("/looplab/loop-monitor/startup-block/before-loop", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_startup_block, fixture_teardown);
  g_test_add ("/looplab/loop-monitor/startup-block/in-loop", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_startup_block, fixture_teardown);
  ADD ("block-before-loop", test_block_before_loop);
  ADD ("short-startup", test_short_startup);
  g_test_add ("/looplab/loop-monitor/scheduler-flood/fair", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_scheduler_flood, fixture_teardown);
  g_test_add ("/looplab/loop-monitor/scheduler-flood/unfair", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_scheduler_flood, fixture_teardown);
  ADD ("window-forgets", test_window_forgets);
  ADD ("start-stop", test_start_stop);

#undef ADD

  g_test_add_func ("/looplab/loop-monitor/process-start", test_process_start);

  return g_test_run ();
}
