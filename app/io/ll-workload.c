/* ll-workload.c: the "Frozen vs responsive" workloads: the object and its runs
 *
 * The settings, the bookkeeping of one run (its task, its cancellable,
 * its coroutines, its progress) and the result record.  The work itself
 * is in ll-workload-sleep.c, -read.c, -fetch.c and -compute.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include <time.h>

#include <glib/gi18n-lib.h>

#include "ll-primes.h"
#include "ll-workload-private.h"

#define TICK_INTERVAL 50   /* ms between progress ticks of sleeps and threads */

G_DEFINE_FINAL_TYPE (LlWorkload, ll_workload, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (LlWorkloadKind, ll_workload_kind,
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_SLEEP, "sleep"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_READ, "read"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_FETCH, "fetch"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_KIND_COMPUTE, "compute"))

G_DEFINE_ENUM_TYPE (LlWorkloadMode, ll_workload_mode,
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_BLOCKING, "blocking"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_ASYNC, "async"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_CHUNKED, "chunked"),
  G_DEFINE_ENUM_VALUE (LL_WORKLOAD_MODE_THREAD, "thread"))

G_DEFINE_ENUM_TYPE (LlFetchPhase, ll_fetch_phase,
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_READING, "reading"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_DONE, "done"),
  G_DEFINE_ENUM_VALUE (LL_FETCH_PHASE_FAILED, "failed"))

G_DEFINE_BOXED_TYPE (LlWorkloadResult, ll_workload_result,
                     ll_workload_result_copy, ll_workload_result_free)

enum {
  PROP_0,
  PROP_KIND,
  PROP_MODE,
  PROP_MONITOR,
  PROP_SCHEDULER,
  PROP_SECONDS,
  PROP_FILE,
  PROP_CHUNK_SIZE,
  PROP_READERS,
  PROP_PORT,
  PROP_REQUESTS,
  PROP_DELAY,
  PROP_NUMBERS,
  PROP_HANDLER_NAME,
  PROP_RUNNING,
  PROP_PROGRESS,
  PROP_DONE,
  PROP_TOTAL,
  N_PROPS
};

enum {
  REQUEST_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The result record */

static GArray *
copy_requests (GArray *requests)
{
  GArray *copy;

  if (requests == NULL)
    return NULL;

  copy = g_array_sized_new (FALSE, TRUE, sizeof (LlFetchRequest), requests->len);
  g_array_set_clear_func (copy, (GDestroyNotify) _ll_fetch_request_clear);
  g_array_set_size (copy, requests->len);
  for (guint i = 0; i < requests->len; i++)
    _ll_fetch_request_copy (&g_array_index (requests, LlFetchRequest, i),
                            &g_array_index (copy, LlFetchRequest, i));

  return copy;
}

/**
 * ll_workload_result_copy:
 * @result: a result
 *
 * Returns: (transfer full): a deep copy
 */
LlWorkloadResult *
ll_workload_result_copy (const LlWorkloadResult *result)
{
  LlWorkloadResult *copy;

  g_return_val_if_fail (result != NULL, NULL);

  copy = g_memdup2 (result, sizeof *result);
  copy->failure = g_strdup (result->failure);
  copy->requests = copy_requests (result->requests);

  return copy;
}

/**
 * ll_workload_result_free:
 * @result: (nullable): a result
 */
void
ll_workload_result_free (LlWorkloadResult *result)
{
  if (result == NULL)
    return;

  g_free (result->failure);
  g_clear_pointer (&result->requests, g_array_unref);
  g_free (result);
}

/* Names */

/**
 * ll_workload_mode_is_supported:
 * @kind: a kind of work
 * @mode: a mode
 *
 * Sleep, read and fetch run blocking or async; compute runs blocking,
 * chunked or in a thread.
 *
 * Returns: whether @kind runs in @mode
 */
gboolean
ll_workload_mode_is_supported (LlWorkloadKind kind,
                               LlWorkloadMode mode)
{
  if (mode == LL_WORKLOAD_MODE_BLOCKING)
    return kind <= LL_WORKLOAD_KIND_COMPUTE;

  if (kind == LL_WORKLOAD_KIND_COMPUTE)
    return mode == LL_WORKLOAD_MODE_CHUNKED || mode == LL_WORKLOAD_MODE_THREAD;

  return mode == LL_WORKLOAD_MODE_ASYNC && kind <= LL_WORKLOAD_KIND_FETCH;
}

/**
 * ll_workload_kind_to_string:
 * @kind: a kind of work
 *
 * Returns: its nick ("sleep", "read", "fetch", "compute"), as the CLI's
 *   `--workload` takes it
 */
const char *
ll_workload_kind_to_string (LlWorkloadKind kind)
{
  static const char * const nicks[] = { "sleep", "read", "fetch", "compute" };

  return (guint) kind < G_N_ELEMENTS (nicks) ? nicks[kind] : "unknown";
}

/**
 * ll_workload_mode_to_string:
 * @mode: a mode
 *
 * Returns: its nick ("blocking", "async", "chunked", "thread"), as the
 *   CLI's `--mode` takes it
 */
const char *
ll_workload_mode_to_string (LlWorkloadMode mode)
{
  static const char * const nicks[] = { "blocking", "async", "chunked", "thread" };

  return (guint) mode < G_N_ELEMENTS (nicks) ? nicks[mode] : "unknown";
}

static const char *
default_handler_name (LlWorkloadKind kind)
{
  switch (kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      return "sleep_blocking";
    case LL_WORKLOAD_KIND_READ:
      return "read_file_blocking";
    case LL_WORKLOAD_KIND_FETCH:
      return "fetch_blocking";
    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      return "compute_blocking";
    }
}

/* Run bookkeeping, for the kinds' files */

/* The scheduler of the run's coroutines: the one given, or our own on
 * the thread-default context. */
LlScheduler *
_ll_workload_ensure_scheduler (LlWorkload *self)
{
  if (self->scheduler == NULL)
    {
      self->scheduler = ll_scheduler_new (self->context, LL_CLOCK_MONOTONIC);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
    }

  return self->scheduler;
}

/* The run's clock: the scheduler's for an async sleep (virtual in the
 * tests), the monotonic clock for everything else, which is real work. */
gint64
_ll_workload_now (LlWorkload *self)
{
  if (self->kind == LL_WORKLOAD_KIND_SLEEP && self->mode == LL_WORKLOAD_MODE_ASYNC)
    return ll_scheduler_get_time (_ll_workload_ensure_scheduler (self));

  return g_get_monotonic_time ();
}

/* The CPU time the calling thread has used, in µs: beside the wall
 * time of a blocking run, it tells the work from the waits (for the
 * disk, the server, or another process that had the core). */
gint64
_ll_workload_thread_cpu_time (void)
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
  if (self->total == total)
    return;

  self->total = total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

void
_ll_workload_set_done (LlWorkload *self,
                       guint64     done)
{
  double progress;

  if (self->done == done)
    return;

  self->done = done;
  progress = self->total > 0 ? CLAMP ((double) done / (double) self->total, 0.0, 1.0) : 0.0;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
  if (progress != self->progress)
    {
      self->progress = progress;
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
  g_assert (self->tick_source == NULL);

  self->tick_source = g_timeout_source_new (TICK_INTERVAL);
  g_source_set_callback (self->tick_source, func, data, destroy);
  g_source_set_static_name (self->tick_source, "[looplab] workload progress");
  g_source_attach (self->tick_source, self->context);
}

void
_ll_workload_emit_request_changed (LlWorkload *self,
                                   guint       index)
{
  g_signal_emit (self, signals[REQUEST_CHANGED], 0, index);
}

/**
 * _ll_workload_spawn:
 * @self: a running workload
 * @co: (transfer none): a coroutine of the run, whose cleanup calls
 *   _ll_workload_task_finished()
 *
 * Spawns @co on the run's scheduler and counts it among the run's tasks.
 */
void
_ll_workload_spawn (LlWorkload *self,
                    LlCo       *co)
{
  g_assert (self->task != NULL);

  g_ptr_array_add (self->tasks, ll_co_ref (co));
  self->n_active++;
  ll_scheduler_spawn (_ll_workload_ensure_scheduler (self), co);

  /* Spawned after a cancel: it must not start. */
  if (g_cancellable_is_cancelled (self->cancellable))
    ll_co_cancel (co);
}

static void
cancel_tasks (LlWorkload *self)
{
  for (guint i = 0; self->tasks != NULL && i < self->tasks->len; i++)
    {
      LlCo *co = g_ptr_array_index (self->tasks, i);

      if (ll_co_get_state (co) != LL_CO_STATE_FINISHED)
        ll_co_cancel (co);
    }
}

/* Keeps the error that explains the run best: a real failure rather
 * than the cancellations it caused. */
static void
take_error (LlWorkload *self,
            GError     *error)
{
  if (error == NULL)
    return;

  if (self->error == NULL ||
      (g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
       !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&self->error);
      self->error = error;
    }
  else
    {
      g_error_free (error);
    }
}

/**
 * _ll_workload_task_finished:
 * @self: the workload
 * @co: a coroutine spawned with _ll_workload_spawn(), from its cleanup
 *
 * Counts @co out.  A failure cancels the run's other coroutines; the
 * last one to finish ends the work.
 */
void
_ll_workload_task_finished (LlWorkload *self,
                            LlCo       *co)
{
  const GError *error = ll_co_get_error (co);

  g_assert (self->n_active > 0);

  if (error != NULL)
    {
      take_error (self, g_error_copy (error));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_cancellable_cancel (self->cancellable);
    }

  if (--self->n_active == 0)
    _ll_workload_work_done (self, NULL);
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
  g_assert (self->task != NULL);
  g_assert (self->complete_source == NULL);

  self->real_end = g_get_monotonic_time ();
  self->cpu_end = _ll_workload_thread_cpu_time ();
  self->clock_end = _ll_workload_now (self);
  take_error (self, error);

  self->complete_source = g_idle_source_new ();
  g_source_set_priority (self->complete_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (self->complete_source, complete_cb, self, NULL);
  g_source_set_static_name (self->complete_source, "[looplab] workload complete");
  g_source_attach (self->complete_source, self->context);
}

/* Yielding to the loop */

static void
yield_cb (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
}

/**
 * _ll_workload_yield_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in a later iteration of the loop
 * @user_data: for @callback
 *
 * An operation that does nothing and completes in a later iteration of
 * the loop, from an idle at %G_PRIORITY_DEFAULT_IDLE: below input, timers
 * and GTK's redraw (%G_PRIORITY_HIGH_IDLE + 20), so that awaiting it lets
 * all of those run first.  (LL_CO_YIELD only lets the other *coroutines*
 * run: the scheduler resumes a lone yielding task in the same dispatch.)
 */
void
_ll_workload_yield_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback ? callback : yield_cb, user_data);

  g_task_set_source_tag (task, _ll_workload_yield_async);
  g_task_set_name (task, "[looplab] yield to the loop");
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);
  /* Returned in the iteration that created it, a GTask completes from an
   * idle of its priority: that idle is the yield. */
  g_task_return_boolean (task, TRUE);
}

gboolean
_ll_workload_yield_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Monitor figures */

static int
compare_lags (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Nearest rank: the smallest lag that at least p % of the probes had. */
static gint64
percentile (const gint64 *sorted,
            guint         n,
            guint         p)
{
  guint rank = (guint) ((n * (guint64) p + 99) / 100);

  return sorted[CLAMP (rank, 1, n) - 1];
}

static void
collect_monitor_figures (LlWorkload       *self,
                         LlWorkloadResult *result)
{
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GPtrArray) stalls = NULL;
  g_autofree gint64 *lags = NULL;
  gint64 now = g_get_monotonic_time ();

  if (self->monitor == NULL)
    return;

  /* The probes that fired while the run lasted, and the first ones
   * after it: those measure how late the loop came back. */
  samples = ll_loop_monitor_copy_samples (self->monitor, self->real_start);
  if (samples->len > 0)
    {
      lags = g_new (gint64, samples->len);
      for (guint i = 0; i < samples->len; i++)
        lags[i] = g_array_index (samples, LlLagSample, i).lag;
      qsort (lags, samples->len, sizeof (gint64), compare_lags);

      result->lag.count = samples->len;
      result->lag.p50 = percentile (lags, samples->len, 50);
      result->lag.p90 = percentile (lags, samples->len, 90);
      result->lag.p99 = percentile (lags, samples->len, 99);
      result->lag.max = lags[samples->len - 1];
    }

  stalls = ll_loop_monitor_copy_stalls (self->monitor);
  for (guint i = 0; i < stalls->len; i++)
    {
      LlStall *stall = g_ptr_array_index (stalls, i);

      if (stall->start + stall->duration < self->real_start || stall->start > now)
        continue;

      result->n_stalls++;
      if (stall->duration > result->stall)
        {
          result->stall = stall->duration;
          result->stall_handler = stall->handler;
        }
    }
}

static LlWorkloadResult *
make_result (LlWorkload *self)
{
  LlWorkloadResult *result = g_new0 (LlWorkloadResult, 1);
  double seconds;

  result->kind = self->kind;
  result->mode = self->mode;
  result->start = self->real_start;
  result->duration = MAX (self->clock_end - self->clock_start, 0);
  result->cpu = MAX (self->cpu_end - self->cpu_start, 0);
  result->requested = self->requested;
  result->bytes = self->bytes;
  result->numbers = self->numbers_done;
  result->primes = self->primes;
  if (self->kind == LL_WORKLOAD_KIND_COMPUTE)
    result->planned = self->total;

  if (self->requests != NULL)
    {
      result->n_requests = self->requests->len;
      for (guint i = 0; i < self->requests->len; i++)
        result->n_failed += g_array_index (self->requests, LlFetchRequest, i).phase != LL_FETCH_PHASE_DONE;
      result->failure = _ll_workload_describe_failures (self->requests);
      result->requests = copy_requests (self->requests);
    }

  seconds = result->duration / (double) G_TIME_SPAN_SECOND;
  if (seconds > 0)
    {
      switch (self->kind)
        {
        case LL_WORKLOAD_KIND_READ:
          result->throughput = result->bytes / seconds;
          break;
        case LL_WORKLOAD_KIND_FETCH:
          result->throughput = (result->n_requests - result->n_failed) / seconds;
          break;
        case LL_WORKLOAD_KIND_COMPUTE:
          result->throughput = result->numbers / seconds;
          break;
        case LL_WORKLOAD_KIND_SLEEP:
        default:
          break;
        }
    }

  collect_monitor_figures (self, result);

  return result;
}

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
  LlWorkload *self = data;

  /* On the loop's thread, where the coroutines live. */
  cancel_tasks (self);

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
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  LlWorkloadResult *result = NULL;
  GError *error = g_steal_pointer (&self->error);

  clear_source (&self->complete_source);
  clear_source (&self->tick_source);
  clear_source (&self->cancel_source);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
  self->caller_cancelled_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);

  if (error == NULL)
    {
      result = make_result (self);
      _ll_workload_set_done (self, self->total);
    }

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

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
  if (!ll_workload_mode_is_supported (self->kind, self->mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s workload does not run in the %s mode"),
                   ll_workload_kind_to_string (self->kind),
                   ll_workload_mode_to_string (self->mode));
      return FALSE;
    }

  switch (self->kind)
    {
    case LL_WORKLOAD_KIND_READ:
      if (self->file == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No file to read: choose one, or generate the sample file first"));
          return FALSE;
        }
      break;

    case LL_WORKLOAD_KIND_FETCH:
      if (self->port == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("No server to fetch from: start the slow server first"));
          return FALSE;
        }
      break;

    case LL_WORKLOAD_KIND_SLEEP:
    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      break;
    }

  return TRUE;
}

static void
reset_run (LlWorkload *self)
{
  g_clear_error (&self->error);
  g_clear_pointer (&self->requests, g_array_unref);
  self->bytes = 0;
  self->primes = 0;
  self->numbers_done = 0;
  self->requested = 0;
  self->real_start = self->real_end = 0;
  self->cpu_start = self->cpu_end = 0;
  self->clock_start = self->clock_end = 0;
  self->n_active = 0;
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);

  g_object_freeze_notify (G_OBJECT (self));
  _ll_workload_set_total (self, 0);
  _ll_workload_set_done (self, 0);
  if (self->progress != 0)
    {
      self->progress = 0;
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
  g_autoptr(GTask) task = NULL;
  g_autoptr(GMainContext) context = NULL;
  GError *error = NULL;

  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_workload_run_async);
  g_task_set_name (task, "[looplab] ll_workload_run_async");

  if (self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This workload is already running; cancel it or wait for its result"));
      return;
    }

  context = g_main_context_ref_thread_default ();
  if (self->scheduler != NULL && ll_scheduler_get_context (self->scheduler) != context)
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
  self->task = g_steal_pointer (&task);
  self->context = g_steal_pointer (&context);
  self->cancellable = g_cancellable_new ();

  /* The caller's cancellable may fire in any thread: it only cancels
   * ours, and a source on the loop turns that into coroutine cancels. */
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (self->cancellable),
                                                         g_object_unref);
    }
  self->cancel_source = g_cancellable_source_new (self->cancellable);
  g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (run_cancelled_cb), self, NULL);
  g_source_set_static_name (self->cancel_source, "[looplab] workload cancelled");
  g_source_attach (self->cancel_source, self->context);

  switch (self->kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      self->requested = (gint64) (self->seconds * G_TIME_SPAN_SECOND);
      break;
    case LL_WORKLOAD_KIND_FETCH:
      self->requested = self->n_requests * self->delay;
      break;
    case LL_WORKLOAD_KIND_COMPUTE:
      if (self->numbers == 0)
        self->requested = (gint64) (self->seconds * G_TIME_SPAN_SECOND);
      else if (ll_primes_get_rate () > 0)
        self->requested = (gint64) (self->numbers / ll_primes_get_rate () * G_TIME_SPAN_SECOND);
      break;
    case LL_WORKLOAD_KIND_READ:
    default:
      break;
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->mode == LL_WORKLOAD_MODE_BLOCKING && self->monitor != NULL)
    ll_loop_monitor_begin_span (self->monitor, self->handler_name);

  self->real_start = g_get_monotonic_time ();
  self->cpu_start = _ll_workload_thread_cpu_time ();
  self->clock_start = _ll_workload_now (self);

  switch (self->kind)
    {
    case LL_WORKLOAD_KIND_SLEEP:
      _ll_workload_sleep_start (self);
      break;
    case LL_WORKLOAD_KIND_READ:
      _ll_workload_read_start (self);
      break;
    case LL_WORKLOAD_KIND_FETCH:
      _ll_workload_fetch_start (self);
      break;
    case LL_WORKLOAD_KIND_COMPUTE:
    default:
      _ll_workload_compute_start (self);
      break;
    }

  if (self->mode == LL_WORKLOAD_MODE_BLOCKING && self->monitor != NULL)
    ll_loop_monitor_end_span (self->monitor);
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
  g_return_if_fail (LL_IS_WORKLOAD (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* GObject */

static void
ll_workload_dispose (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);

  /* A run holds a reference through its task: this runs after it, or
   * from g_object_run_dispose(). */
  ll_workload_cancel (self);
  clear_source (&self->tick_source);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->monitor);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (ll_workload_parent_class)->dispose (object);
}

static void
ll_workload_finalize (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);

  g_clear_error (&self->error);
  g_clear_pointer (&self->requests, g_array_unref);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_free (self->handler_name);

  G_OBJECT_CLASS (ll_workload_parent_class)->finalize (object);
}

static void
ll_workload_constructed (GObject *object)
{
  LlWorkload *self = LL_WORKLOAD (object);

  G_OBJECT_CLASS (ll_workload_parent_class)->constructed (object);

  if (self->handler_name == NULL)
    self->handler_name = g_strdup (default_handler_name (self->kind));
}

static void
ll_workload_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LlWorkload *self = LL_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_READERS:
      g_value_set_uint (value, self->readers);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_REQUESTS:
      g_value_set_uint (value, self->n_requests);
      break;
    case PROP_DELAY:
      g_value_set_int64 (value, self->delay);
      break;
    case PROP_NUMBERS:
      g_value_set_uint64 (value, self->numbers);
      break;
    case PROP_HANDLER_NAME:
      g_value_set_string (value, self->handler_name);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, ll_workload_get_running (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
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

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_SCHEDULER:
      ll_workload_set_scheduler (self, g_value_get_object (value));
      break;
    case PROP_SECONDS:
      ll_workload_set_seconds (self, g_value_get_double (value));
      break;
    case PROP_FILE:
      ll_workload_set_file (self, g_value_get_object (value));
      break;
    case PROP_CHUNK_SIZE:
      ll_workload_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_READERS:
      ll_workload_set_readers (self, g_value_get_uint (value));
      break;
    case PROP_PORT:
      ll_workload_set_port (self, g_value_get_uint (value));
      break;
    case PROP_REQUESTS:
      ll_workload_set_requests (self, g_value_get_uint (value));
      break;
    case PROP_DELAY:
      ll_workload_set_delay (self, g_value_get_int64 (value));
      break;
    case PROP_NUMBERS:
      ll_workload_set_numbers (self, g_value_get_uint64 (value));
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
   * What the workload does.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       LL_TYPE_WORKLOAD_KIND, LL_WORKLOAD_KIND_SLEEP,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

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
   * LlWorkload:seconds:
   *
   * How long a sleep lasts, and how much compute work to do (the numbers
   * this machine tests in that time, unless #LlWorkload:numbers is set).
   */
  properties[PROP_SECONDS] =
    g_param_spec_double ("seconds", NULL, NULL,
                         LL_WORKLOAD_MIN_SECONDS, LL_WORKLOAD_MAX_SECONDS, LL_WORKLOAD_DEFAULT_SECONDS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:file:
   *
   * The file a read run reads.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:chunk-size:
   *
   * Bytes per read call.  Each reader reuses one buffer of this size.
   */
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL,
                       4096, LL_WORKLOAD_MAX_CHUNK, LL_WORKLOAD_DEFAULT_CHUNK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:readers:
   *
   * How many coroutines read an async read run's file at once, each its
   * own share of it: with two, one chunk is copied while the next is
   * already being read.
   */
  properties[PROP_READERS] =
    g_param_spec_uint ("readers", NULL, NULL,
                       1, LL_WORKLOAD_MAX_READERS, LL_WORKLOAD_DEFAULT_READERS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:port:
   *
   * The port of the slow server on 127.0.0.1 (ll_slow_server_get_port()).
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:requests:
   *
   * How many answers a fetch run fetches.
   */
  properties[PROP_REQUESTS] =
    g_param_spec_uint ("requests", NULL, NULL,
                       1, LL_WORKLOAD_MAX_REQUESTS, LL_WORKLOAD_DEFAULT_REQUESTS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:delay:
   *
   * The delay each request asks the server for, in µs.
   */
  properties[PROP_DELAY] =
    g_param_spec_int64 ("delay", NULL, NULL,
                        0, LL_WORKLOAD_MAX_DELAY, LL_WORKLOAD_DEFAULT_DELAY,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkload:numbers:
   *
   * How many numbers a compute run tests; 0 (the default) for as many
   * as fill #LlWorkload:seconds on this machine.
   */
  properties[PROP_NUMBERS] =
    g_param_spec_uint64 ("numbers", NULL, NULL,
                         0, LL_PRIMES_MAX_NUMBERS, 0,
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

  /**
   * LlWorkload::request-changed:
   * @self: the workload
   * @index: the request that moved to another phase
   *
   * Emitted during a fetch run each time a request reaches a new phase;
   * read it with ll_workload_get_request().
   */
  signals[REQUEST_CHANGED] =
    g_signal_new ("request-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ll_workload_init (LlWorkload *self)
{
  self->seconds = LL_WORKLOAD_DEFAULT_SECONDS;
  self->chunk_size = LL_WORKLOAD_DEFAULT_CHUNK;
  self->readers = LL_WORKLOAD_DEFAULT_READERS;
  self->n_requests = LL_WORKLOAD_DEFAULT_REQUESTS;
  self->delay = LL_WORKLOAD_DEFAULT_DELAY;
}

/**
 * ll_workload_new:
 * @kind: what to do
 * @mode: how: ll_workload_mode_is_supported() must allow it
 * @monitor: (nullable): the loop monitor of the context the runs will
 *   happen on
 *
 * Returns: (transfer full): a new #LlWorkload with the default settings
 */
LlWorkload *
ll_workload_new (LlWorkloadKind  kind,
                 LlWorkloadMode  mode,
                 LlLoopMonitor  *monitor)
{
  g_return_val_if_fail (ll_workload_mode_is_supported (kind, mode), NULL);
  g_return_val_if_fail (monitor == NULL || LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_WORKLOAD,
                       "kind", kind,
                       "mode", mode,
                       "monitor", monitor,
                       NULL);
}

LlWorkloadKind
ll_workload_get_kind (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), LL_WORKLOAD_KIND_SLEEP);

  return self->kind;
}

LlWorkloadMode
ll_workload_get_mode (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), LL_WORKLOAD_MODE_BLOCKING);

  return self->mode;
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
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return self->monitor;
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
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return self->scheduler;
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
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (scheduler == NULL || LL_IS_SCHEDULER (scheduler));
  g_return_if_fail (self->task == NULL);

  if (g_set_object (&self->scheduler, scheduler))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULER]);
}

double
ll_workload_get_seconds (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->seconds;
}

/**
 * ll_workload_set_seconds:
 * @self: a #LlWorkload
 * @seconds: %LL_WORKLOAD_MIN_SECONDS to %LL_WORKLOAD_MAX_SECONDS
 *
 * Takes effect at the next run.
 */
void
ll_workload_set_seconds (LlWorkload *self,
                         double      seconds)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (seconds >= LL_WORKLOAD_MIN_SECONDS && seconds <= LL_WORKLOAD_MAX_SECONDS);

  if (self->seconds == seconds)
    return;

  self->seconds = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
}

/**
 * ll_workload_get_file:
 * @self: a #LlWorkload
 *
 * Returns: (transfer none) (nullable): the file a read run reads
 */
GFile *
ll_workload_get_file (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return self->file;
}

/**
 * ll_workload_set_file:
 * @self: a #LlWorkload
 * @file: (nullable): the file to read (the sample file, or one the user
 *   chose)
 */
void
ll_workload_set_file (LlWorkload *self,
                      GFile      *file)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

guint
ll_workload_get_chunk_size (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->chunk_size;
}

/**
 * ll_workload_set_chunk_size:
 * @self: a #LlWorkload
 * @chunk_size: bytes per read call, 4096 to %LL_WORKLOAD_MAX_CHUNK
 */
void
ll_workload_set_chunk_size (LlWorkload *self,
                            guint       chunk_size)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (chunk_size >= 4096 && chunk_size <= LL_WORKLOAD_MAX_CHUNK);

  if (self->chunk_size == chunk_size)
    return;

  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

guint
ll_workload_get_readers (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->readers;
}

/**
 * ll_workload_set_readers:
 * @self: a #LlWorkload
 * @readers: coroutines reading at once, 1 to %LL_WORKLOAD_MAX_READERS
 */
void
ll_workload_set_readers (LlWorkload *self,
                         guint       readers)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (readers >= 1 && readers <= LL_WORKLOAD_MAX_READERS);

  if (self->readers == readers)
    return;

  self->readers = readers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READERS]);
}

guint
ll_workload_get_port (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->port;
}

/**
 * ll_workload_set_port:
 * @self: a #LlWorkload
 * @port: the slow server's port on 127.0.0.1
 */
void
ll_workload_set_port (LlWorkload *self,
                      guint       port)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

guint
ll_workload_get_requests (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->n_requests;
}

/**
 * ll_workload_set_requests:
 * @self: a #LlWorkload
 * @requests: 1 to %LL_WORKLOAD_MAX_REQUESTS
 */
void
ll_workload_set_requests (LlWorkload *self,
                          guint       requests)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (requests >= 1 && requests <= LL_WORKLOAD_MAX_REQUESTS);

  if (self->n_requests == requests)
    return;

  self->n_requests = requests;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUESTS]);
}

gint64
ll_workload_get_delay (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->delay;
}

/**
 * ll_workload_set_delay:
 * @self: a #LlWorkload
 * @delay: µs each request asks the server to wait, 0 to
 *   %LL_WORKLOAD_MAX_DELAY
 */
void
ll_workload_set_delay (LlWorkload *self,
                       gint64      delay)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (delay >= 0 && delay <= LL_WORKLOAD_MAX_DELAY);

  if (self->delay == delay)
    return;

  self->delay = delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY]);
}

guint64
ll_workload_get_numbers (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->numbers;
}

/**
 * ll_workload_set_numbers:
 * @self: a #LlWorkload
 * @numbers: how many numbers a compute run tests, 0 to take
 *   #LlWorkload:seconds' worth
 */
void
ll_workload_set_numbers (LlWorkload *self,
                         guint64     numbers)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));
  g_return_if_fail (numbers <= LL_PRIMES_MAX_NUMBERS);

  if (self->numbers == numbers)
    return;

  self->numbers = numbers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBERS]);
}

const char *
ll_workload_get_handler_name (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);

  return self->handler_name;
}

/**
 * ll_workload_set_handler_name:
 * @self: a #LlWorkload
 * @handler_name: (nullable): the span name a blocking run opens; %NULL
 *   for the default
 */
void
ll_workload_set_handler_name (LlWorkload *self,
                              const char *handler_name)
{
  g_return_if_fail (LL_IS_WORKLOAD (self));

  if (handler_name == NULL)
    handler_name = default_handler_name (self->kind);

  if (g_strcmp0 (self->handler_name, handler_name) == 0)
    return;

  g_free (self->handler_name);
  self->handler_name = g_strdup (handler_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HANDLER_NAME]);
}

gboolean
ll_workload_get_running (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), FALSE);

  return self->task != NULL;
}

double
ll_workload_get_progress (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->progress;
}

guint64
ll_workload_get_done (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->done;
}

guint64
ll_workload_get_total (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->total;
}

/**
 * ll_workload_get_n_requests:
 * @self: a #LlWorkload
 *
 * Returns: how many requests the current (or last) fetch run has, 0 for
 *   other kinds
 */
guint
ll_workload_get_n_requests (LlWorkload *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), 0);

  return self->requests != NULL ? self->requests->len : 0;
}

/**
 * ll_workload_get_request:
 * @self: a #LlWorkload
 * @index: less than ll_workload_get_n_requests()
 *
 * Returns: (transfer none): the request, valid until the next run starts
 */
const LlFetchRequest *
ll_workload_get_request (LlWorkload *self,
                         guint       index)
{
  g_return_val_if_fail (LL_IS_WORKLOAD (self), NULL);
  g_return_val_if_fail (self->requests != NULL && index < self->requests->len, NULL);

  return &g_array_index (self->requests, LlFetchRequest, index);
}
