/* ll-workload.c: the "Frozen vs responsive" workloads: the base class
 *
 * What every kind of work shares: the mode, the run's bookkeeping (its
 * task, its cancellable, the task group of its coroutines, its
 * progress), the loop monitor's figures and the result record.  The work itself is in the
 * subclasses, one per kind: ll-workload-sleep.c, -read.c, -fetch.c and
 * -compute.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include <time.h>

#include <glib/gi18n-lib.h>

#include "ll-co-run.h"
#include "ll-workload-private.h"

#define TICK_INTERVAL 50   /* ms between progress ticks of sleeps and threads */

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LlWorkload, ll_workload, G_TYPE_OBJECT)

LlWorkloadPrivate *
_ll_workload_get_private (LlWorkload *self)
{
  return ll_workload_get_instance_private (self);
}

enum {
  PROP_0,
  PROP_KIND,
  PROP_MODE,
  PROP_MONITOR,
  PROP_SCHEDULER,
  PROP_HANDLER_NAME,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_DONE,
  PROP_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Run bookkeeping, for the kinds' files */

/* The scheduler of the run's coroutines: the one given, or our own on
 * the thread-default context. */
LlScheduler *
_ll_workload_ensure_scheduler (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  if (priv->scheduler == NULL)
    {
      priv->scheduler = ll_scheduler_new (priv->context, LL_CLOCK_MONOTONIC);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
    }

  return priv->scheduler;
}

/* The run's own cancellable, for the blocking and threaded modes:
 * cancelled by ll_workload_cancel() and by the caller's. */
GCancellable *
_ll_workload_get_cancellable (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  return priv->cancellable;
}

/* The run's clock: the monotonic clock unless the kind says otherwise
 * (an async sleep runs on the scheduler's, virtual in the tests). */
gint64
_ll_workload_now (LlWorkload *self)
{
  LlWorkloadClass *klass = LL_WORKLOAD_GET_CLASS (self);

  return klass->now != NULL ? klass->now (self) : g_get_monotonic_time ();
}

gint64
_ll_workload_get_clock_start (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  return priv->clock_start;
}

gint64
_ll_workload_get_requested (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  return priv->requested;
}

/* For a run that learns what it was asked for only once it has started
 * (a compute run calibrated on the way). */
void
_ll_workload_set_requested (LlWorkload *self,
                            gint64      requested)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  priv->requested = requested;
}

/* A new spec of a "seconds" property, for a kind's class_init. */
GParamSpec *
_ll_workload_seconds_pspec (const char *name)
{
  return g_param_spec_double (name, NULL, NULL,
                              LL_WORKLOAD_MIN_SECONDS, LL_WORKLOAD_MAX_SECONDS,
                              LL_WORKLOAD_DEFAULT_SECONDS,
                              (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
}

/* Takes effect at the next run; notifies @pspec only on a change. */
void
_ll_workload_set_seconds (LlWorkload *self,
                          double     *field,
                          double      seconds,
                          GParamSpec *pspec)
{
  g_return_if_fail (seconds >= LL_WORKLOAD_MIN_SECONDS && seconds <= LL_WORKLOAD_MAX_SECONDS);

  if (*field == seconds)
    return;

  *field = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* The CPU time the calling thread has used, in µs: beside the wall
 * time of a blocking run, it tells the work from the waits (for the
 * disk, the server, or another process that had the core). */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

void
_ll_workload_set_total (LlWorkload *self,
                        guint64     total)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  if (priv->total == total)
    return;

  priv->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

void
_ll_workload_set_done (LlWorkload *self,
                       guint64     done)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);
  double progress;

  if (priv->done == done)
    return;

  priv->done = done;
  progress = priv->total > 0 ? CLAMP ((double) done / (double) priv->total, 0.0, 1.0) : 0.0;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  if (progress != priv->progress)
    {
      priv->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* A timer for the progress of work that reports none by itself (a
 * sleep, a thread); it stops when the run completes. */
void
_ll_workload_start_ticker (LlWorkload     *self,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_assert (priv->tick_source == NULL);

  priv->tick_source = g_timeout_source_new (TICK_INTERVAL);
  g_source_set_callback (priv->tick_source, func, data, destroy);
  g_source_set_static_name (priv->tick_source, "[looplab] workload progress");
  g_source_attach (priv->tick_source, priv->context);
}

/* The end of a run */

static void
group_done_cb (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError *error = NULL;

  /* The group's own outcome: its first failure, or a cancellation. */
  ll_co_run_finish (result, &error);
  _ll_workload_work_done (LL_WORKLOAD (user_data), error);
}

/**
 * _ll_workload_add_task:
 * @self: a running workload
 * @co: (transfer none): a coroutine of the run that never ran
 *
 * Adds @co to the run's task group, which spawns it on the run's
 * scheduler.  The first call starts the group, whose end is the end of
 * the work; a run cancelled by then cancels @co at once.
 */
void
_ll_workload_add_task (LlWorkload *self,
                       LlCo       *co)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_assert (priv->task != NULL);

  if (priv->group == NULL)
    {
      priv->group = ll_task_group_new ();
      /* No cancellable: the run cancels the group itself, and
       * ll_co_run_finish() then still reports a failure as a failure. */
      ll_co_run_async (ll_task_group_get_co (priv->group), _ll_workload_ensure_scheduler (self),
                       NULL, group_done_cb, self);
      if (g_cancellable_is_cancelled (priv->cancellable))
        ll_task_group_cancel (priv->group);
    }

  ll_task_group_add (priv->group, co);
}

static void run_complete (LlWorkload *self);

static gboolean
complete_cb (gpointer data)
{
  run_complete (LL_WORKLOAD (data));

  return G_SOURCE_REMOVE;
}

/**
 * _ll_workload_work_done:
 * @self: a running workload
 * @error: (transfer full) (nullable): why the work failed
 *
 * The work is over.  The result is delivered from an idle at
 * %G_PRIORITY_DEFAULT_IDLE, a few iterations later: after a blocking run
 * the monitor reports the stall first (its source has the highest
 * priority, and an iteration that dispatches it dispatches nothing
 * else), then the late probes are recorded, and the result holds both.
 * Not lower: a chunked compute run keeps that priority busy, and must
 * not starve another run's completion.
 */
void
_ll_workload_work_done (LlWorkload *self,
                        GError     *error)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_assert (priv->task != NULL);
  g_assert (priv->complete_source == NULL);

  priv->real_end = g_get_monotonic_time ();
  priv->cpu_end = thread_cpu_time ();
  priv->clock_end = _ll_workload_now (self);
  g_assert (priv->error == NULL);
  priv->error = error;

  priv->complete_source = g_idle_source_new ();
  g_source_set_priority (priv->complete_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (priv->complete_source, complete_cb, self, NULL);
  g_source_set_static_name (priv->complete_source, "[looplab] workload complete");
  g_source_attach (priv->complete_source, priv->context);
}

/* Running */

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *own)
{
  /* Any thread: g_cancellable_cancel() is thread-safe. */
  g_cancellable_cancel (own);
}

static gboolean
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      data)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (LL_WORKLOAD (data));

  /* On the loop's thread, where the coroutines live. */
  if (priv->group != NULL)
    ll_task_group_cancel (priv->group);

  return G_SOURCE_REMOVE;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

/* Drops everything the run held, before anyone hears it is over: a
 * callback may start the next run at once. */
static void
run_complete (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);
  g_autoptr(GTask) task = g_steal_pointer (&priv->task);
  LlWorkloadResult *result = NULL;
  GError *error = g_steal_pointer (&priv->error);

  clear_source (&priv->complete_source);
  clear_source (&priv->tick_source);
  clear_source (&priv->cancel_source);
  if (priv->caller_cancellable != NULL)
    g_cancellable_disconnect (priv->caller_cancellable, priv->caller_cancelled_id);
  priv->caller_cancelled_id = 0;
  g_clear_object (&priv->caller_cancellable);
  g_clear_pointer (&priv->group, ll_task_group_unref);

  if (error == NULL)
    {
      result = _ll_workload_make_result (self);
      _ll_workload_set_done (self, priv->total);
    }

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->context, g_main_context_unref);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ll_workload_result_free);
}

static gboolean
check_settings (LlWorkload  *self,
                GError     **error)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);
  LlWorkloadClass *klass = LL_WORKLOAD_GET_CLASS (self);

  if ((klass->modes & LL_WORKLOAD_MODE_BIT (priv->mode)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s workload does not run in the %s mode"),
                   ll_workload_kind_to_string (klass->kind),
                   ll_workload_mode_to_string (priv->mode));
      return FALSE;
    }

  return klass->check == NULL || klass->check (self, error);
}

static void
reset_run (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_clear_error (&priv->error);
  priv->requested = 0;
  priv->real_start = priv->real_end = 0;
  priv->cpu_start = priv->cpu_end = 0;
  priv->clock_start = priv->clock_end = 0;

  g_object_freeze_notify (G_OBJECT (self));
  _ll_workload_set_total (self, 0);
  _ll_workload_set_done (self, 0);
  if (priv->progress != 0)
    {
      priv->progress = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * ll_workload_run_async:
 * @self: a #LlWorkload that is not running
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context with the result
 * @user_data: for @callback
 *
 * Runs the workload once, with the settings it has now.
 *
 * %LL_WORKLOAD_MODE_BLOCKING: the work runs *inside this call*, on the
 * calling thread, which it blocks until the work is done: nothing else
 * of its loop runs meanwhile.  That is deliberate (the page calls it from
 * a click handler to show the freeze).  While it blocks, a span named
 * #LlWorkload:handler-name is open on the loop monitor, so the watchdog
 * names it.
 *
 * The other modes return at once; the work goes on in coroutines on the
 * #LlWorkload:scheduler (or in a worker thread), and the loop stays free.
 *
 * Either way @callback runs later, from an idle at
 * %G_PRIORITY_DEFAULT_IDLE, once the loop has caught up.  Finish with ll_workload_run_finish().
 */
void
ll_workload_run_async (LlWorkload          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);
  LlWorkloadClass *klass;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = NULL;
  GError *error = NULL;
  gboolean blocking;

  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  klass = LL_WORKLOAD_GET_CLASS (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_workload_run_async);
  g_task_set_name (task, "[looplab] ll_workload_run_async");

  if (priv->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This workload is already running; cancel it or wait for its result"));
      return;
    }

  context = g_main_context_ref_thread_default ();
  if (priv->scheduler != NULL && ll_scheduler_get_context (priv->scheduler) != context)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The workload's scheduler runs on another main context than the caller's"));
      return;
    }

  if (!check_settings (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  reset_run (self);
  priv->task = g_steal_pointer (&task);
  priv->context = g_steal_pointer (&context);
  priv->cancellable = g_cancellable_new ();

  /* The caller's cancellable may fire in any thread: it only cancels
   * ours, and a source on the loop turns that into coroutine cancels. */
  if (cancellable != NULL)
    {
      priv->caller_cancellable = g_object_ref (cancellable);
      priv->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (priv->cancellable),
                                                         g_object_unref);
    }
  priv->cancel_source = g_cancellable_source_new (priv->cancellable);
  g_source_set_callback (priv->cancel_source, G_SOURCE_FUNC (run_cancelled_cb), self, NULL);
  g_source_set_static_name (priv->cancel_source, "[looplab] workload cancelled");
  g_source_attach (priv->cancel_source, priv->context);

  if (klass->plan != NULL)
    priv->requested = klass->plan (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  blocking = priv->mode == LL_WORKLOAD_MODE_BLOCKING && priv->monitor != NULL;
  if (blocking)
    ll_loop_monitor_begin_span (priv->monitor, priv->handler_name);

  priv->real_start = g_get_monotonic_time ();
  priv->cpu_start = thread_cpu_time ();
  priv->clock_start = _ll_workload_now (self);

  klass->start (self);

  if (blocking)
    ll_loop_monitor_end_span (priv->monitor);
}

/**
 * ll_workload_run_finish:
 * @self: a #LlWorkload
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record of the run, or %NULL
 *   with @error set: %G_IO_ERROR_CANCELLED, a bad setting, or what made
 *   the work fail (a file that cannot be read, ...).  A fetch run whose
 *   requests failed still succeeds: the failures are in the record.
 */
LlWorkloadResult *
ll_workload_run_finish (LlWorkload    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_workload_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ll_workload_cancel:
 * @self: a #LlWorkload
 *
 * Cancels the current run, if any: its callback reports
 * %G_IO_ERROR_CANCELLED once every coroutine or thread of the run has
 * stopped.  A blocking run can only be cancelled from another thread.
 */
void
ll_workload_cancel (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_if_fail (LL_IS_WORKLOAD (self));

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
}

/* GObject */

static void
ll_workload_dispose (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  /* A run holds a reference through its task: this runs after it, or
   * from g_object_run_dispose(). */
  ll_workload_cancel (self);
  clear_source (&priv->tick_source);
  g_clear_object (&priv->scheduler);
  g_clear_object (&priv->monitor);

  G_OBJECT_CLASS (ll_workload_parent_class)->dispose (object);
}

static void
ll_workload_finalize (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_clear_error (&priv->error);
  g_clear_pointer (&priv->group, ll_task_group_unref);
  g_free (priv->handler_name);

  G_OBJECT_CLASS (ll_workload_parent_class)->finalize (object);
}

static void
ll_workload_constructed (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  G_OBJECT_CLASS (ll_workload_parent_class)->constructed (object);

  if (priv->handler_name == NULL)
    priv->handler_name = g_strdup (LL_WORKLOAD_GET_CLASS (self)->handler_name);
}

static void
ll_workload_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LlWorkload *self = LL_WORKLOAD (object);
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, LL_WORKLOAD_GET_CLASS (self)->kind);
      break;
    case PROP_MODE:
      g_value_set_enum (value, priv->mode);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, priv->monitor);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, priv->scheduler);
      break;
    case PROP_HANDLER_NAME:
      g_value_set_string (value, priv->handler_name);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ll_workload_get_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, priv->progress);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, priv->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, priv->total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LlWorkload *self = LL_WORKLOAD (object);
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODE:
      priv->mode = g_value_get_enum (value);
      break;
    case PROP_MONITOR:
      priv->monitor = g_value_dup_object (value);
      break;
    case PROP_SCHEDULER:
      ll_workload_set_scheduler (self, g_value_get_object (value));
      break;
    case PROP_HANDLER_NAME:
      ll_workload_set_handler_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_class_init (LlWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ll_workload_constructed;
  object_class->dispose = ll_workload_dispose;
  object_class->finalize = ll_workload_finalize;
  object_class->get_property = ll_workload_get_property;
  object_class->set_property = ll_workload_set_property;

  /**
   * LlWorkload:kind:
   *
   * What the workload does: which subclass it is.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LL_TYPE_WORKLOAD_KIND, LL_WORKLOAD_KIND_SLEEP,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:mode:
   *
   * How it runs.
   */
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL,
                       LL_TYPE_WORKLOAD_MODE, LL_WORKLOAD_MODE_BLOCKING,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:monitor:
   *
   * The loop monitor of the context the runs happen on, whose figures
   * go into each result.  May be %NULL.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         LL_TYPE_LOOP_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:scheduler:
   *
   * The scheduler the coroutines run on; one of its own on the
   * thread-default context if none is set before the first run.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL,
                         LL_TYPE_SCHEDULER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:handler-name:
   *
   * The name of the span a blocking run opens on the monitor, which the
   * watchdog reports: "sleep_blocking", "read_file_blocking",
   * "fetch_blocking" or "compute_blocking" unless set.
   */
  properties[PROP_HANDLER_NAME] =
    g_param_spec_string ("handler-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:running:
   *
   * Whether a run is under way (until its callback).
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:progress:
   *
   * #LlWorkload:done over #LlWorkload:total, from 0 to 1.  A blocking run
   * cannot report progress while it blocks: it jumps to 1 at the end.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL,
                         0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:done:
   *
   * How much of the run is done: µs slept, bytes read, requests
   * answered or failed, numbers tested.
   */
  properties[PROP_DONE] =
    g_param_spec_uint64 ("done", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:total:
   *
   * How much there is to do, in the unit of #LlWorkload:done (0 until
   * known, e.g. until a file's size is read).
   */
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* GTask's first use sets up GIO's worker pool: do it now, not in the
   * first blocking run, whose stall would count it. */
  g_type_class_unref (g_type_class_ref (G_TYPE_TASK));
}

static void
ll_workload_init (LlWorkload *self)
{
}

/**
 * ll_workload_new:
 * @kind: what to do: which subclass to make
 * @mode: how: ll_workload_mode_is_supported() must allow it
 * @monitor: (nullable): the loop monitor of the context the runs will
 *   happen on
 *
 * Returns: (transfer full): a new #LlWorkloadSleep, #LlWorkloadRead,
 *   #LlWorkloadFetch or #LlWorkloadCompute with the default settings
 */
LlWorkload *
ll_workload_new (LlWorkloadKind  kind,
                 LlWorkloadMode  mode,
                 LlLoopMonitor  *monitor)
{
  g_return_val_if_fail (ll_workload_mode_is_supported (kind, mode), NULL);
  g_return_val_if_fail (monitor == NULL || LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (_ll_workload_type_for_kind (kind),
                       "mode", mode,
                       "monitor", monitor,
                       NULL);
}

LlWorkloadKind
ll_workload_get_kind (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), LL_WORKLOAD_KIND_SLEEP);

  return LL_WORKLOAD_GET_CLASS (self)->kind;
}

LlWorkloadMode
ll_workload_get_mode (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), LL_WORKLOAD_MODE_BLOCKING);

  return priv->mode;
}

/**
 * ll_workload_get_monitor:
 * @self: a #LlWorkload
 *
 * Returns: (transfer none) (nullable): the loop monitor
 */
LlLoopMonitor *
ll_workload_get_monitor (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return priv->monitor;
}

/**
 * ll_workload_get_scheduler:
 * @self: a #LlWorkload
 *
 * Returns: (transfer none) (nullable): the scheduler, %NULL until set or
 *   until the first run that needs one
 */
LlScheduler *
ll_workload_get_scheduler (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return priv->scheduler;
}

/**
 * ll_workload_set_scheduler:
 * @self: a #LlWorkload that is not running
 * @scheduler: (nullable): the scheduler to run coroutines on; it must run
 *   on the context ll_workload_run_async() will be called from
 */
void
ll_workload_set_scheduler (LlWorkload  *self,
                           LlScheduler *scheduler)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (scheduler == NULL || LL_IS_SCHEDULER (scheduler));
  g_return_if_fail (priv->task == NULL);

  if (g_set_object (&priv->scheduler, scheduler))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
}

const char *
ll_workload_get_handler_name (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return priv->handler_name;
}

/**
 * ll_workload_set_handler_name:
 * @self: a #LlWorkload
 * @handler_name: (nullable): the span name a blocking run opens; %NULL
 *   for the kind's default
 */
void
ll_workload_set_handler_name (LlWorkload *self,
                              const char *handler_name)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_if_fail (LL_IS_WORKLOAD (self));

  if (handler_name == NULL)
    handler_name = LL_WORKLOAD_GET_CLASS (self)->handler_name;

  if (g_strcmp0 (priv->handler_name, handler_name) == 0)
    return;

  g_free (priv->handler_name);
  priv->handler_name = g_strdup (handler_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLER_NAME]);
}

gboolean
ll_workload_get_running (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), FALSE);

  return priv->task != NULL;
}

double
ll_workload_get_progress (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return priv->progress;
}

guint64
ll_workload_get_done (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return priv->done;
}

guint64
ll_workload_get_total (LlWorkload *self)
{
  LlWorkloadPrivate *priv = ll_workload_get_instance_private (self);

  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return priv->total;
}
