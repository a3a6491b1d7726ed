/* ll-loop-monitor.c: watches a GMainContext and reports what it is doing
 *
 * One GSource of the highest priority sees every iteration of the loop: its
 * prepare runs just before the loop goes to poll and its check just after
 * it wakes, so the time between check and the next prepare is the time the
 * loop spent running handlers.  That gives utilization and, when one
 * iteration runs longer than the threshold, a stall.  A probe timer
 * measures lag; a watchdog thread notices a stall while it is happening
 * and samples which named span was running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-loop-monitor"

#include "config.h"

#include <stdatomic.h>

#include "ll-histogram.h"
#include "ll-loop-monitor.h"

#define MAX_SPANS        1024
#define MAX_STALLS       256
#define MAX_SPAN_DEPTH   32

/* A fixed-capacity ring of plain structs: the oldest entry is dropped. */
typedef struct
{
  GArray *items;
  guint   head;     /* index of the oldest entry */
  guint   length;
  guint   capacity;
} Ring;

typedef struct
{
  GSource        source;
  LlLoopMonitor *monitor;   /* borrowed; the monitor destroys the source */
} MonitorSource;

struct _LlLoopMonitor
{
  GObject parent_instance;

  /* owned references */
  GMainContext *context;
  LlHistogram  *histogram;
  GSource      *iteration_source;
  GSource      *probe_source;
  GThread      *watchdog;
  GPtrArray    *stalls;          /* LlStall, oldest first */
  GQueue        pending_stalls;  /* LlStall, not yet announced */

  /* settings, in µs */
  gint64 probe_interval;
  gint64 stall_threshold;
  gint64 window;

  /* lag samples inside the window, and recent spans */
  Ring samples;
  Ring spans;

  /* main-thread bookkeeping of the current iteration */
  gint64      iteration_start;    /* when the loop last left poll, 0 = in poll */
  gint64      second_start;
  gint64      busy_in_second;
  double      utilization;
  const char *longest_span_name;  /* longest span ended in this iteration */
  gint64      longest_span;
  struct {
    const char *name;
    gint64      start;
  }           span_stack[MAX_SPAN_DEPTH];
  guint       span_depth;
  guint       n_stalls_total;

  /* shared with the watchdog thread */
  GMutex               watchdog_mutex;
  GCond                watchdog_cond;
  gboolean             watchdog_stop;          /* under watchdog_mutex */
  _Atomic gint64       busy_since;             /* mirror of iteration_start */
  _Atomic (const char *) current_span;         /* interned */
  _Atomic gint64       noticed_start;          /* busy_since of the stall the watchdog saw */
  _Atomic (const char *) noticed_handler;      /* interned, what ran then */
};

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

static void
ring_init (Ring  *ring,
           gsize  element_size,
           guint  capacity)
{
  ring->items = g_array_sized_new (FALSE, TRUE, element_size, capacity);
  g_array_set_size (ring->items, capacity);
  ring->head = 0;
  ring->length = 0;
  ring->capacity = capacity;
}

static void
ring_clear (Ring *ring)
{
  g_clear_pointer (&ring->items, g_array_unref);
  ring->head = ring->length = ring->capacity = 0;
}

static gpointer
ring_nth (Ring  *ring,
          guint  n)
{
  guint index = (ring->head + n) % ring->capacity;

  return ring->items->data + (gsize) index * g_array_get_element_size (ring->items);
}

static void
ring_push (Ring          *ring,
           gconstpointer  item)
{
  gsize size = g_array_get_element_size (ring->items);

  if (ring->length == ring->capacity)
    {
      ring->head = (ring->head + 1) % ring->capacity;
      ring->length--;
    }

  memcpy (ring_nth (ring, ring->length), item, size);
  ring->length++;
}

static void
ring_drop_oldest (Ring *ring)
{
  g_assert (ring->length > 0);

  ring->head = (ring->head + 1) % ring->capacity;
  ring->length--;
}

static guint
samples_capacity (LlLoopMonitor *self)
{
  /* Probes fire at least one interval apart, so this holds a whole window. */
  return (guint) (self->window / self->probe_interval) + 16;
}

static void
record_lag (LlLoopMonitor *self,
            gint64         now,
            gint64         lag)
{
  LlLagSample sample = { now, MAX (lag, 0) };

  /* Drop what has left the window, and the oldest if the ring is full. */
  while (self->samples.length > 0)
    {
      LlLagSample *oldest = ring_nth (&self->samples, 0);

      if (oldest->time >= now - self->window && self->samples.length < self->samples.capacity)
        break;

      ll_histogram_remove (self->histogram, oldest->lag);
      ring_drop_oldest (&self->samples);
    }

  ring_push (&self->samples, &sample);
  ll_histogram_add (self->histogram, sample.lag);
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

  record_lag (self, now, now - expected);
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

  if (busy >= self->stall_threshold)
    {
      LlStall *stall = g_new0 (LlStall, 1);

      stall->start = self->iteration_start;
      stall->duration = busy;

      /* The watchdog's sample names what was running in the middle of the
       * stall; without one, the longest span of the iteration is the best
       * witness.
       */
      if (atomic_load (&self->noticed_start) == self->iteration_start)
        stall->handler = atomic_load (&self->noticed_handler);
      if (stall->handler == NULL)
        stall->handler = self->longest_span_name;

      g_queue_push_tail (&self->pending_stalls, stall);
    }

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
  g_clear_pointer (&self->stalls, g_ptr_array_unref);
  g_clear_pointer (&self->histogram, ll_histogram_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  ring_clear (&self->samples);
  ring_clear (&self->spans);
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
  self->histogram = ll_histogram_new ();
  self->stalls = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_stall_free);
  g_queue_init (&self->pending_stalls);
  g_mutex_init (&self->watchdog_mutex);
  g_cond_init (&self->watchdog_cond);
  ring_init (&self->samples, sizeof (LlLagSample), samples_capacity (self));
  ring_init (&self->spans, sizeof (LlSpan), MAX_SPANS);
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
  self->iteration_start = 0;

  /* Highest priority, so GLib prepares and checks it before any other
   * source: its times bracket the poll as closely as a source can.
   */
  source = (MonitorSource *) g_source_new (&iteration_funcs, sizeof (MonitorSource));
  source->monitor = self;
  g_source_set_priority ((GSource *) source, G_MININT);
  g_source_set_name ((GSource *) source, "ll-loop-monitor");
  g_source_attach ((GSource *) source, self->context);
  self->iteration_source = (GSource *) source;

  source = (MonitorSource *) g_source_new (&probe_funcs, sizeof (MonitorSource));
  source->monitor = self;
  g_source_set_priority ((GSource *) source, G_PRIORITY_DEFAULT);
  g_source_set_name ((GSource *) source, "ll-lag-probe");
  g_source_set_ready_time ((GSource *) source, now + self->probe_interval);
  g_source_attach ((GSource *) source, self->context);
  self->probe_source = (GSource *) source;

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
  g_source_destroy (self->probe_source);
  g_clear_pointer (&self->probe_source, g_source_unref);

  self->iteration_start = 0;
  atomic_store (&self->busy_since, 0);

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
  ring_clear (&self->samples);
  ring_init (&self->samples, sizeof (LlLagSample), samples_capacity (self));
  ll_histogram_clear (self->histogram);
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
 * Percentiles of the loop lag over the window, in µs.
 */
void
ll_loop_monitor_get_lag_stats (LlLoopMonitor *self,
                               LlLagStats    *stats)
{
  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (stats != NULL);

  stats->count = (guint) ll_histogram_get_count (self->histogram);
  stats->p50 = ll_histogram_percentile (self->histogram, 50);
  stats->p90 = ll_histogram_percentile (self->histogram, 90);
  stats->p99 = ll_histogram_percentile (self->histogram, 99);

  /* The exact maximum, not its bucket: the spike a learner just caused. */
  stats->max = 0;
  for (guint i = 0; i < self->samples.length; i++)
    stats->max = MAX (stats->max, ((LlLagSample *) ring_nth (&self->samples, i))->lag);
}

/**
 * ll_loop_monitor_copy_samples:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs; older samples are left out
 *
 * Returns: (transfer full) (element-type LlLagSample): samples, oldest first
 */
GArray *
ll_loop_monitor_copy_samples (LlLoopMonitor *self,
                              gint64         since)
{
  GArray *copy;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);

  copy = g_array_new (FALSE, FALSE, sizeof (LlLagSample));
  for (guint i = 0; i < self->samples.length; i++)
    {
      LlLagSample *sample = ring_nth (&self->samples, i);

      if (sample->time >= since)
        g_array_append_vals (copy, sample, 1);
    }

  return copy;
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
 * ll_loop_monitor_begin_span:
 * @self: a #LlLoopMonitor
 * @name: what is about to run, e.g. a handler's name
 *
 * Marks the start of a named piece of work on the monitored thread.  Spans
 * nest; each must be closed with ll_loop_monitor_end_span().  The
 * watchdog names the innermost open span when it sees a stall.
 */
void
ll_loop_monitor_begin_span (LlLoopMonitor *self,
                            const char    *name)
{
  const char *interned;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (self->span_depth < MAX_SPAN_DEPTH);

  interned = g_intern_string (name);
  self->span_stack[self->span_depth].name = interned;
  self->span_stack[self->span_depth].start = g_get_monotonic_time ();
  self->span_depth++;
  atomic_store (&self->current_span, interned);
}

/**
 * ll_loop_monitor_end_span:
 * @self: a #LlLoopMonitor
 *
 * Closes the innermost span opened by ll_loop_monitor_begin_span() and
 * records it in the dispatch trace.
 */
void
ll_loop_monitor_end_span (LlLoopMonitor *self)
{
  const char *name;
  gint64 start;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (self->span_depth > 0);

  self->span_depth--;
  name = self->span_stack[self->span_depth].name;
  start = self->span_stack[self->span_depth].start;
  ll_loop_monitor_record_span (self, name, start, g_get_monotonic_time () - start);

  atomic_store (&self->current_span,
                self->span_depth > 0 ? self->span_stack[self->span_depth - 1].name : NULL);
}

typedef struct
{
  LlLoopMonitor  *monitor;
  const char     *name;     /* interned */
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  notify;
} TracedCallback;

static gboolean
traced_callback_invoke (gpointer user_data)
{
  TracedCallback *traced = user_data;
  gboolean result;

  ll_loop_monitor_begin_span (traced->monitor, traced->name);
  result = traced->func (traced->data);
  ll_loop_monitor_end_span (traced->monitor);

  return result;
}

static void
traced_callback_free (gpointer user_data)
{
  TracedCallback *traced = user_data;

  if (traced->notify != NULL)
    traced->notify (traced->data);
  g_object_unref (traced->monitor);
  g_free (traced);
}

/**
 * ll_loop_monitor_trace_source:
 * @self: a #LlLoopMonitor
 * @source: a source not yet attached, without a callback
 * @name: the handler's name, for the trace and the watchdog
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Names @source and gives it @func as callback, wrapped in a span, so that
 * each dispatch shows in the trace and a stall it causes is named.
 */
void
ll_loop_monitor_trace_source (LlLoopMonitor  *self,
                              GSource        *source,
                              const char     *name,
                              GSourceFunc     func,
                              gpointer        data,
                              GDestroyNotify  notify)
{
  TracedCallback *traced;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (source != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  traced = g_new0 (TracedCallback, 1);
  traced->monitor = g_object_ref (self);
  traced->name = g_intern_string (name);
  traced->func = func;
  traced->data = data;
  traced->notify = notify;

  g_source_set_name (source, name);
  g_source_set_callback (source, traced_callback_invoke, traced, traced_callback_free);
}

/**
 * ll_loop_monitor_add_timeout:
 * @self: a #LlLoopMonitor
 * @interval_ms: the timeout's interval
 * @name: the handler's name
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Like g_timeout_add(), on the monitored context, traced and named.
 *
 * Returns: the source id
 */
guint
ll_loop_monitor_add_timeout (LlLoopMonitor  *self,
                             guint           interval_ms,
                             const char     *name,
                             GSourceFunc     func,
                             gpointer        data,
                             GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  source = g_timeout_source_new (interval_ms);
  ll_loop_monitor_trace_source (self, source, name, func, data, notify);
  return g_source_attach (source, self->context);
}

/**
 * ll_loop_monitor_add_idle:
 * @self: a #LlLoopMonitor
 * @priority: the source's priority, e.g. %G_PRIORITY_DEFAULT_IDLE
 * @name: the handler's name
 * @func: the handler
 * @data: its data
 * @notify: (nullable): frees @data when the source goes
 *
 * Like g_idle_add_full(), on the monitored context, traced and named.
 *
 * Returns: the source id
 */
guint
ll_loop_monitor_add_idle (LlLoopMonitor  *self,
                          int             priority,
                          const char     *name,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), 0);

  source = g_idle_source_new ();
  g_source_set_priority (source, priority);
  ll_loop_monitor_trace_source (self, source, name, func, data, notify);
  return g_source_attach (source, self->context);
}

/**
 * ll_loop_monitor_record_span:
 * @self: a #LlLoopMonitor
 * @name: what ran
 * @start: monotonic µs when it started
 * @duration: µs it took
 *
 * Adds a span measured by other means to the dispatch trace, for work
 * whose start and end arrive through different callbacks (a frame of the
 * frame clock, say).  The watchdog cannot name it while it runs.
 */
void
ll_loop_monitor_record_span (LlLoopMonitor *self,
                             const char    *name,
                             gint64         start,
                             gint64         duration)
{
  LlSpan span;

  g_return_if_fail (LL_IS_LOOP_MONITOR (self));
  g_return_if_fail (name != NULL);

  span.name = g_intern_string (name);
  span.start = start;
  span.duration = MAX (duration, 0);
  ring_push (&self->spans, &span);

  if (span.duration >= self->longest_span)
    {
      self->longest_span = span.duration;
      self->longest_span_name = span.name;
    }
}

/**
 * ll_loop_monitor_copy_spans:
 * @self: a #LlLoopMonitor
 * @since: monotonic µs; spans that started earlier are left out
 *
 * Returns: (transfer full) (element-type LlSpan): recent spans, oldest first
 */
GArray *
ll_loop_monitor_copy_spans (LlLoopMonitor *self,
                            gint64         since)
{
  GArray *copy;

  g_return_val_if_fail (LL_IS_LOOP_MONITOR (self), NULL);

  copy = g_array_new (FALSE, FALSE, sizeof (LlSpan));
  for (guint i = 0; i < self->spans.length; i++)
    {
      LlSpan *span = ring_nth (&self->spans, i);

      if (span->start >= since)
        g_array_append_vals (copy, span, 1);
    }

  return copy;
}

/**
 * ll_loop_monitor_copy_stalls:
 * @self: a #LlLoopMonitor
 *
 * Returns: (transfer full) (element-type LlStall): the recent stalls
 *   already announced, oldest first
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
