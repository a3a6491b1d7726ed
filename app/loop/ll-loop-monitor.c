/* ll-loop-monitor.c: watches a GMainContext and reports what it is doing
 *
 * One GSource of the highest priority sees every iteration of the loop: its
 * prepare runs just before the loop goes to poll and its check just after
 * it wakes, so the time between check and the next prepare is the time the
 * loop spent running handlers.  That gives utilization and, when one
 * iteration runs longer than the threshold, a stall.  Two probe timers
 * measure lag: one at the default priority, where most handlers run, and
 * one at GTK's redraw priority, which a flood of default-priority work
 * starves while the first still fires on time.  The window adds a third
 * series, its frames' lateness.  A watchdog thread notices a stall while
 * it is happening and samples which named span was running.  A probe or
 * a frame as late as a stall is one too (ll-loop-monitor-stalls.c), so
 * that no figure says the loop stood still where the stall list does not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-loop-monitor"

#include "config.h"

#include <stdatomic.h>

#include "ll-loop-monitor-private.h"

G_DEFINE_FINAL_TYPE (LlLoopMonitor, ll_loop_monitor, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (LlStall, ll_stall, ll_stall_copy, ll_stall_free)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PROBE_INTERVAL,
  PROP_STALL_THRESHOLD,
  PROP_WINDOW,
  PROP_RUNNING,
  N_PROPS
};

enum {
  STALL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

LlStall *
ll_stall_copy (const LlStall *stall)
{
  return g_memdup2 (stall, sizeof *stall);
}

void
ll_stall_free (LlStall *stall)
{
  g_free (stall);
}

/* Frames come at most this often: a 240 Hz display. */
#define MIN_FRAME_INTERVAL (G_TIME_SPAN_SECOND / 240)

static guint
samples_capacity (LlLoopMonitor *self,
                  LlLagKind      kind)
{
  gint64 interval = kind == LL_LAG_FRAME ? MIN_FRAME_INTERVAL : self->probe_interval;

  /* Probes fire at least one interval apart, so this holds a whole window. */
  return (guint) (self->window / interval) + 16;
}

/* The probe: a timer that should fire every probe_interval; how late it
 * fires is the loop lag.  A ready time in µs is more exact than
 * g_timeout_add's milliseconds.
 */
static gboolean
probe_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  LlLoopMonitor *self = ((MonitorSource *) source)->monitor;
  gint64 expected = g_source_get_ready_time (source);
  gint64 now = g_get_monotonic_time ();

  ll_lag_series_add (&self->lag[((MonitorSource *) source)->kind], now, now - expected);
  _ll_loop_monitor_add_late (self, now, now - expected);
  g_source_set_ready_time (source, now + self->probe_interval);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs probe_funcs = {
  .dispatch = probe_dispatch,
};

static void
finish_iteration (LlLoopMonitor *self,
                  gint64         now)
{
  gint64 busy;

  if (self->iteration_start == 0)
    return;

  busy = now - self->iteration_start;
  self->busy_in_second += busy;
  _ll_loop_monitor_finish_stalls (self, self->iteration_start, now);

  self->iteration_start = 0;
  atomic_store (&self->busy_since, 0);
  self->longest_span_name = NULL;
  self->longest_span = 0;
}

static void
account_utilization (LlLoopMonitor *self,
                     gint64         now)
{
  gint64 elapsed = now - self->second_start;

  if (elapsed < G_TIME_SPAN_SECOND)
    return;

  self->utilization = CLAMP ((double) self->busy_in_second / (double) elapsed, 0.0, 1.0);
  self->busy_in_second = 0;
  self->second_start = now;
}

static gboolean
iteration_prepare (GSource *source,
                   gint    *timeout)
{
  LlLoopMonitor *self = ((MonitorSource *) source)->monitor;
  gint64 now = g_get_monotonic_time ();

  /* The loop has run its handlers and is about to poll again. */
  finish_iteration (self, now);
  account_utilization (self, now);

  *timeout = -1;
  return self->pending_stalls.length > 0;
}

static gboolean
iteration_check (GSource *source)
{
  LlLoopMonitor *self = ((MonitorSource *) source)->monitor;
  gint64 now = g_get_monotonic_time ();

  /* The loop just woke from poll: handlers run from here on. */
  self->iteration_start = now;
  atomic_store (&self->busy_since, now);

  return self->pending_stalls.length > 0;
}

static gboolean
iteration_dispatch (GSource     *source,
                    GSourceFunc  callback,
                    gpointer     user_data)
{
  LlLoopMonitor *self = ((MonitorSource *) source)->monitor;
  LlStall *stall;

  g_object_ref (self);
  while ((stall = g_queue_pop_head (&self->pending_stalls)))
    {
      if (self->stalls->len == MAX_STALLS)
        g_ptr_array_remove_index (self->stalls, 0);
      g_ptr_array_add (self->stalls, stall);
      self->n_stalls_total++;
      /* Which loop: a process may watch several (the server page's
       * server thread has a monitor of its own). */
      g_debug ("stall: %.1f ms in %s, on %s", stall->duration / (double) G_TIME_SPAN_MILLISECOND,
               stall->handler ? stall->handler : "an unnamed handler",
               self->context == g_main_context_default () ? "the main loop" : "another thread's loop");

      g_signal_emit (self, signals[STALL], 0, stall);
    }
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs iteration_funcs = {
  .prepare = iteration_prepare,
  .check = iteration_check,
  .dispatch = iteration_dispatch,
};

/* The watchdog thread touches only atomics: it never calls into GLib
 * objects the main thread owns, and never into GTK.
 */
static gpointer
watchdog_thread (gpointer data)
{
  LlLoopMonitor *self = data;
  gint64 tick = CLAMP (self->stall_threshold / 4, 1000, 25 * G_TIME_SPAN_MILLISECOND);

  g_mutex_lock (&self->watchdog_mutex);
  while (!self->watchdog_stop)
    {
      gint64 busy_since;

      g_cond_wait_until (&self->watchdog_cond, &self->watchdog_mutex,
                         g_get_monotonic_time () + tick);
      if (self->watchdog_stop)
        break;

      busy_since = atomic_load (&self->busy_since);
      if (busy_since != 0 &&
          g_get_monotonic_time () - busy_since >= self->stall_threshold &&
          atomic_load (&self->noticed_start) != busy_since)
        {
          atomic_store (&self->noticed_handler, atomic_load (&self->current_span));
          atomic_store (&self->noticed_start, busy_since);
        }
    }
  g_mutex_unlock (&self->watchdog_mutex);

  return NULL;
}

static void
ll_loop_monitor_dispose (GObject *object)
{
  LlLoopMonitor *self = (LlLoopMonitor *)object;

  ll_loop_monitor_stop (self);

  G_OBJECT_CLASS (ll_loop_monitor_parent_class)->dispose (object);
}

static void
ll_loop_monitor_finalize (GObject *object)
{
  LlLoopMonitor *self = (LlLoopMonitor *)object;

  g_queue_clear_full (&self->pending_stalls, (GDestroyNotify) ll_stall_free);
  g_clear_pointer (&self->late, g_array_unref);
  g_clear_pointer (&self->stalls, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  for (guint i = 0; i < LL_N_LAGS; i++)
    ll_lag_series_clear (&self->lag[i]);
  ll_ring_clear (&self->spans);
  g_mutex_clear (&self->watchdog_mutex);
  g_cond_clear (&self->watchdog_cond);

  G_OBJECT_CLASS (ll_loop_monitor_parent_class)->finalize (object);
}

static void
ll_loop_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LlLoopMonitor *self = LL_LOOP_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_pointer (value, self->context);
      break;

    case PROP_PROBE_INTERVAL:
      g_value_set_int64 (value, self->probe_interval);
      break;

    case PROP_STALL_THRESHOLD:
      g_value_set_int64 (value, self->stall_threshold);
      break;

    case PROP_WINDOW:
      g_value_set_int64 (value, self->window);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, ll_loop_monitor_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_loop_monitor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LlLoopMonitor *self = LL_LOOP_MONITOR (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      {
        GMainContext *context = g_value_get_pointer (value);
        self->context = g_main_context_ref (context ? context : g_main_context_default ());
      }
      break;

    case PROP_PROBE_INTERVAL:
      ll_loop_monitor_set_probe_interval (self, g_value_get_int64 (value));
      break;

    case PROP_STALL_THRESHOLD:
      ll_loop_monitor_set_stall_threshold (self, g_value_get_int64 (value));
      break;

    case PROP_WINDOW:
      ll_loop_monitor_set_window (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_loop_monitor_class_init (LlLoopMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_loop_monitor_dispose;
  object_class->finalize = ll_loop_monitor_finalize;
  object_class->get_property = ll_loop_monitor_get_property;
  object_class->set_property = ll_loop_monitor_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_pointer ("context", NULL, NULL,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PROBE_INTERVAL] =
    g_param_spec_int64 ("probe-interval", NULL, NULL,
                        G_TIME_SPAN_MILLISECOND, G_TIME_SPAN_SECOND,
                        LL_LOOP_MONITOR_DEFAULT_PROBE_INTERVAL,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STALL_THRESHOLD] =
    g_param_spec_int64 ("stall-threshold", NULL, NULL,
                        G_TIME_SPAN_MILLISECOND, G_TIME_SPAN_MINUTE,
                        LL_LOOP_MONITOR_DEFAULT_STALL_THRESHOLD,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL,
                        G_TIME_SPAN_SECOND, G_TIME_SPAN_HOUR,
                        LL_LOOP_MONITOR_DEFAULT_WINDOW,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlLoopMonitor::stall:
   * @self: the monitor
   * @stall: (transfer none): the stall, valid during the emission
   *
   * Emitted on the monitored context once the loop is back from a stall.
   */
  signals[STALL] =
    g_signal_new ("stall",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, LL_TYPE_STALL | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ll_loop_monitor_init (LlLoopMonitor *self)
{
  self->probe_interval = LL_LOOP_MONITOR_DEFAULT_PROBE_INTERVAL;
  self->stall_threshold = LL_LOOP_MONITOR_DEFAULT_STALL_THRESHOLD;
  self->window = LL_LOOP_MONITOR_DEFAULT_WINDOW;
  self->stalls = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_stall_free);
  g_queue_init (&self->pending_stalls);
  self->late = g_array_new (FALSE, FALSE, sizeof (LlLate));
  g_mutex_init (&self->watchdog_mutex);
  g_cond_init (&self->watchdog_cond);
  for (guint i = 0; i < LL_N_LAGS; i++)
    ll_lag_series_init (&self->lag[i], self->window, samples_capacity (self, i));
  ll_ring_init (&self->spans, sizeof (LlSpan), MAX_SPANS);
}

/**
 * ll_loop_monitor_new:
 * @context: (nullable): the context to watch, %NULL for the default one
 *
 * Creates a monitor.  Call ll_loop_monitor_start() from the thread that
 * iterates @context.
 *
 * Returns: (transfer full): a new #LlLoopMonitor
 */
LlLoopMonitor *
ll_loop_monitor_new (GMainContext *context)
{
  return g_object_new (LL_TYPE_LOOP_MONITOR, "context", context, NULL);
}

/**
 * ll_loop_monitor_get_context:
 * @self: a #LlLoopMonitor
 *
 * Returns: (transfer none): the watched context
 */
GMainContext *
ll_loop_monitor_get_context (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);

  return self->context;
}

gboolean
ll_loop_monitor_get_running (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), FALSE);

  return self->iteration_source != NULL;
}

/**
 * ll_loop_monitor_start:
 * @self: a #LlLoopMonitor
 *
 * Attaches the probe and the iteration source and starts the watchdog
 * thread.  Starting a running monitor does nothing.
 */
void
ll_loop_monitor_start (LlLoopMonitor *self)
{
  MonitorSource *source;
  gint64 now;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));

  if (self->iteration_source != NULL)
    return;

  now = g_get_monotonic_time ();
  self->second_start = now;
  self->busy_in_second = 0;
  /* The thread that starts the monitor runs code, not poll, until the
   * loop next waits: what it does meanwhile (build a window before the
   * loop first runs) is an iteration like any other. */
  self->iteration_start = now;
  atomic_store (&self->busy_since, now);

  /* Highest priority, so GLib prepares and checks it before any other
   * source: its times bracket the poll as closely as a source can.
   */
  source = (MonitorSource *) g_source_new (&iteration_funcs, sizeof (MonitorSource));
  source->monitor = self;
  g_source_set_priority ((GSource *) source, G_MININT);
  g_source_set_name ((GSource *) source, "ll-loop-monitor");
  g_source_attach ((GSource *) source, self->context);
  self->iteration_source = (GSource *) source;

  /* One probe where most handlers run, one where GTK draws: a flood of
   * default-priority work delays the second and not the first. */
  for (LlLagKind kind = 0; kind < G_N_ELEMENTS (self->probes); kind++)
    {
      source = (MonitorSource *) g_source_new (&probe_funcs, sizeof (MonitorSource));
      source->monitor = self;
      source->kind = kind;
      g_source_set_priority ((GSource *) source,
                             kind == LL_LAG_REDRAW ? LL_LOOP_MONITOR_REDRAW_PRIORITY : G_PRIORITY_DEFAULT);
      g_source_set_static_name ((GSource *) source,
                                kind == LL_LAG_REDRAW ? "ll-lag-probe (redraw priority)" : "ll-lag-probe");
      g_source_set_ready_time ((GSource *) source, now + self->probe_interval);
      g_source_attach ((GSource *) source, self->context);
      self->probes[kind] = (GSource *) source;
    }

  self->watchdog_stop = FALSE;
  self->watchdog = g_thread_new ("ll-stall-watchdog", watchdog_thread, self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * ll_loop_monitor_stop:
 * @self: a #LlLoopMonitor
 *
 * Detaches the sources and joins the watchdog.  The figures gathered so
 * far stay readable.
 */
void
ll_loop_monitor_stop (LlLoopMonitor *self)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));

  if (self->iteration_source == NULL)
    return;

  g_mutex_lock (&self->watchdog_mutex);
  self->watchdog_stop = TRUE;
  g_cond_signal (&self->watchdog_cond);
  g_mutex_unlock (&self->watchdog_mutex);
  g_clear_pointer (&self->watchdog, g_thread_join);

  g_source_destroy (self->iteration_source);
  g_clear_pointer (&self->iteration_source, g_source_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->probes); i++)
    {
      g_source_destroy (self->probes[i]);
      g_clear_pointer (&self->probes[i], g_source_unref);
    }

  self->iteration_start = 0;
  atomic_store (&self->busy_since, 0);
  g_array_set_size (self->late, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gint64
ll_loop_monitor_get_probe_interval (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  return self->probe_interval;
}

static void
resize_samples (LlLoopMonitor *self)
{
  for (guint i = 0; i < LL_N_LAGS; i++)
    {
      ll_lag_series_clear (&self->lag[i]);
      ll_lag_series_init (&self->lag[i], self->window, samples_capacity (self, i));
    }
}

/**
 * ll_loop_monitor_set_probe_interval:
 * @self: a #LlLoopMonitor
 * @interval: µs between probes, 1 ms to 1 s
 *
 * Changing the interval discards the samples gathered so far.
 */
void
ll_loop_monitor_set_probe_interval (LlLoopMonitor *self,
                                    gint64         interval)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (interval >= G_TIME_SPAN_MILLISECOND && interval <= G_TIME_SPAN_SECOND);

  if (self->probe_interval == interval)
    return;

  self->probe_interval = interval;
  resize_samples (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_INTERVAL]);
}

gint64
ll_loop_monitor_get_stall_threshold (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  return self->stall_threshold;
}

/**
 * ll_loop_monitor_set_stall_threshold:
 * @self: a #LlLoopMonitor
 * @threshold: µs an iteration may take before it counts as a stall
 *
 * Takes effect at the next start for the watchdog's own rhythm.
 */
void
ll_loop_monitor_set_stall_threshold (LlLoopMonitor *self,
                                     gint64         threshold)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (threshold >= G_TIME_SPAN_MILLISECOND);
  g_return_if_fail (self->watchdog == NULL);

  if (self->stall_threshold == threshold)
    return;

  self->stall_threshold = threshold;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_THRESHOLD]);
}

gint64
ll_loop_monitor_get_window (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  return self->window;
}

/**
 * ll_loop_monitor_set_window:
 * @self: a #LlLoopMonitor
 * @window: µs of lag history the statistics cover
 *
 * Changing the window discards the samples gathered so far.
 */
void
ll_loop_monitor_set_window (LlLoopMonitor *self,
                            gint64         window)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (window >= G_TIME_SPAN_SECOND);

  if (self->window == window)
    return;

  self->window = window;
  resize_samples (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

/**
 * ll_loop_monitor_get_lag_stats:
 * @self: a #LlLoopMonitor
 * @stats: (out caller-allocates): where to store the figures
 *
 * Percentiles of the default-priority probe's lag over the window, in
 * µs: the same as ll_loop_monitor_get_stats() for %LL_LAG_TIMER.
 */
void
ll_loop_monitor_get_lag_stats (LlLoopMonitor *self,
                               LlLagStats    *stats)
{
  ll_loop_monitor_get_stats (self, LL_LAG_TIMER, stats);
}

/**
 * ll_loop_monitor_get_stats:
 * @self: a #LlLoopMonitor
 * @kind: which lag
 * @stats: (out caller-allocates): where to store the figures
 *
 * Percentiles of the lag of @kind over the window, in µs.
 */
void
ll_loop_monitor_get_stats (LlLoopMonitor *self,
                           LlLagKind      kind,
                           LlLagStats    *stats)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (kind < LL_N_LAGS);
  g_return_if_fail (stats != NULL);

  ll_lag_series_get_stats (&self->lag[kind], stats);
}

/**
 * ll_loop_monitor_get_stats_since:
 * @self: a #LlLoopMonitor
 * @kind: which lag
 * @since: monotonic µs; older samples are left out
 * @stats: (out caller-allocates): the figures
 *
 * Like ll_loop_monitor_get_stats(), over the samples of the window taken
 * at @since or later: the figures of one run.
 */
void
ll_loop_monitor_get_stats_since (LlLoopMonitor *self,
                                 LlLagKind      kind,
                                 gint64         since,
                                 LlLagStats    *stats)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (kind < LL_N_LAGS);
  g_return_if_fail (stats != NULL);

  ll_lag_series_get_stats_since (&self->lag[kind], since, stats);
}

/**
 * ll_loop_monitor_copy_samples:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs; older samples are left out
 *
 * The same as ll_loop_monitor_copy_lag() for %LL_LAG_TIMER.
 *
 * Returns: (transfer full) (element-type LlLagSample): samples, oldest first
 */
GArray *
ll_loop_monitor_copy_samples (LlLoopMonitor *self,
                              gint64         since)
{
  return ll_loop_monitor_copy_lag (self, LL_LAG_TIMER, since);
}

/**
 * ll_loop_monitor_copy_lag:
 * @self: a #LlLoopMonitor
 * @kind: which lag
 * @since: monotonic µs; older samples are left out
 *
 * Returns: (transfer full) (element-type LlLagSample): the samples of
 *   @kind, oldest first
 */
GArray *
ll_loop_monitor_copy_lag (LlLoopMonitor *self,
                          LlLagKind      kind,
                          gint64         since)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);
  g_return_val_if_fail (kind < LL_N_LAGS, NULL);

  return ll_lag_series_copy (&self->lag[kind], since);
}

/**
 * ll_loop_monitor_record_frame:
 * @self: a #LlLoopMonitor
 * @time: monotonic µs when the frame ran
 * @lateness: µs it started beyond one refresh after it was due
 * @refresh_interval: µs between frames the display asks for
 *
 * Records a frame the window drew and how late it came (%LL_LAG_FRAME).
 * A lateness of the stall threshold or more is a stall, unless one
 * already covers it.  The loop monitor knows no toolkit: the window
 * reports its frames here, and says when each was due.
 */
void
ll_loop_monitor_record_frame (LlLoopMonitor *self,
                              gint64         time,
                              gint64         lateness,
                              gint64         refresh_interval)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (refresh_interval > 0);

  self->refresh_interval = refresh_interval;
  ll_lag_series_add (&self->lag[LL_LAG_FRAME], time, lateness);
  _ll_loop_monitor_add_late (self, time, lateness);
}

/**
 * ll_loop_monitor_get_missed_frames:
 * @self: a #LlLoopMonitor
 * @now: monotonic µs
 *
 * Returns: how many frames the display asked for in the second before
 *   @now that the window did not draw
 */
guint
ll_loop_monitor_get_missed_frames (LlLoopMonitor *self,
                                   gint64         now)
{
  LlLagSeries *frames;
  guint missed = 0;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  frames = &self->lag[LL_LAG_FRAME];
  for (guint i = 0; i < frames->samples.length; i++)
    {
      LlLagSample *sample = ll_ring_nth (&frames->samples, i);

      /* A frame a little late is not one missed: count whole refreshes,
       * rounded to the nearest. */
      if (sample->time > now - G_TIME_SPAN_SECOND && sample->time <= now)
        missed += (guint) ((sample->lag + self->refresh_interval / 2) / self->refresh_interval);
    }

  return missed;
}

/**
 * ll_loop_monitor_get_utilization:
 * @self: a #LlLoopMonitor
 *
 * Returns: the share of the last whole second the loop spent running
 *   handlers rather than waiting in poll, from 0 to 1
 */
double
ll_loop_monitor_get_utilization (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0.0);

  return self->utilization;
}

/**
 * ll_loop_monitor_copy_stalls:
 * @self: a #LlLoopMonitor
 *
 * Returns: (transfer full) (element-type LlStall): the recent stalls
 *   already announced, in the order they were: a stall a late frame
 *   revealed may have begun before the one announced just before it
 */
GPtrArray *
ll_loop_monitor_copy_stalls (LlLoopMonitor *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);

  copy = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_stall_free);
  for (guint i = 0; i < self->stalls->len; i++)
    g_ptr_array_add (copy, ll_stall_copy (g_ptr_array_index (self->stalls, i)));

  return copy;
}

/**
 * ll_loop_monitor_count_stalls_since:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs; stalls that ended before are left out
 * @longest: (out caller-allocates) (optional): the longest of them, all
 *   zero if there is none
 *
 * The stalls of the window that reach @since or later: those of one run,
 * over the same stretch as ll_loop_monitor_get_stats_since().
 *
 * Returns: how many there are
 */
guint
ll_loop_monitor_count_stalls_since (LlLoopMonitor *self,
                                    gint64         since,
                                    LlStall       *longest)
{
  guint n = 0;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  if (longest != NULL)
    *longest = (LlStall) { 0, };
  for (guint i = 0; i < self->stalls->len; i++)
    {
      const LlStall *stall = g_ptr_array_index (self->stalls, i);

      if (stall->start + stall->duration < since)
        continue;
      n++;
      if (longest != NULL && stall->duration > longest->duration)
        *longest = *stall;
    }

  return n;
}

/**
 * ll_loop_monitor_get_n_stalls:
 * @self: a #LlLoopMonitor
 *
 * Returns: how many stalls were announced since the monitor was made
 */
guint
ll_loop_monitor_get_n_stalls (LlLoopMonitor *self)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  return self->n_stalls_total;
}
