/* ll-workload-compute.c: Compute, blocking, chunked and in a thread
 *
 * The same work three ways: count the primes among the numbers after one
 * billion (ll-primes.c).
 *
 * - Blocking: all of it in one go, in the click handler.
 * - Chunked: a coroutine counts a block of numbers at a time and yields
 *   after each.  The scheduler resumes it at once until its time slice is
 *   used up, then lets the loop handle input, timers and redraw before
 *   the next slice.  The loop stays responsive, at the cost of a few
 *   microseconds a slice.
 * - Thread: g_task_run_in_thread() with the inputs copied in; the result
 *   comes back to the loop in the task's callback.  Nothing of the loop
 *   waits, and a second core does the work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include <stdatomic.h>

#include <glib/gi18n-lib.h>

#include "ll-primes.h"
#include "ll-workload-compute.h"
#include "ll-workload-private.h"

struct _LlWorkloadCompute
{
  LlWorkload  parent_instance;

  /* settings */
  double      seconds;
  guint64     numbers;

  /* what the run found */
  guint64     numbers_done;
  guint64     primes;
};

G_DEFINE_FINAL_TYPE (LlWorkloadCompute, ll_workload_compute, LL_TYPE_WORKLOAD)

enum {
  PROP_0,
  PROP_SECONDS,
  PROP_NUMBERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Numbers between two looks at the clock or the cancellable, and between
 * two yields of the chunked run: about 0.1 ms of work (81 µs on the
 * 2-core VM the figures in docs/ come from). */
#define BLOCK 64

/* Blocking */

static void
compute_blocking (LlWorkloadCompute *self)
{
  LlWorkload *workload = LL_WORKLOAD (self);
  GError *error = NULL;
  gint64 deadline = G_MAXINT64;
  guint64 n;

  /* Calibrated once per process; the page calibrates when it opens
   * (ll_primes_calibrate_async()), so this is normally free. */
  if (self->numbers != 0)
    n = self->numbers;
  else
    {
      n = ll_primes_numbers_for_seconds (self->seconds);

      /* The page said how long the window would freeze: keep to it.  The
       * count is calibrated once, on CPU time; when other processes take
       * part of the core (or its hyperthread twin) the same count takes
       * longer, and the run stops at the time asked for with fewer
       * numbers tested (the result says so). */
      deadline = g_get_monotonic_time () + _ll_workload_get_requested (workload);
    }
  _ll_workload_set_total (workload, n);

  /* Blocks the calling thread ON PURPOSE: seconds of CPU work in a click
   * handler, the freeze the demo shows.  The chunked and thread modes
   * below are what to do instead.
   */
  while (self->numbers_done < n)
    {
      guint64 block = MIN ((guint64) BLOCK, n - self->numbers_done);

      self->primes += ll_primes_count_range (LL_PRIMES_BASE + self->numbers_done, block);
      self->numbers_done += block;

      if (g_get_monotonic_time () >= deadline)
        break;

      /* Only another thread can cancel: this one is busy. */
      if (g_cancellable_set_error_if_cancelled (_ll_workload_get_cancellable (workload), &error))
        break;
    }

  _ll_workload_work_done (workload, error);
}

/* Chunked */

typedef struct
{
  LlCo               co;
  LlWorkloadCompute *workload;   /* the run holds it until this finishes */
  double             seconds;
  guint64            n;
  guint64            done;
  guint64            primes;
  gint64             run_start;   /* the blocks since the loop last ran */
  gint64             run_end;
} ChunkedFrame;

/* A resume that comes this long after the last block ended (µs) comes
 * after the loop's turn: a poll and at least one dispatch.  The resumes of
 * one time slice follow each other within a microsecond or so. */
#define LOOP_TURN_GAP 20

/* What the loop saw of the blocks it ran in one go: one span for the
 * dispatch timeline (not one per block, which would crowd out every other
 * span), and the progress. */
static void
end_run (ChunkedFrame *f)
{
  LlLoopMonitor *monitor = ll_workload_get_monitor (LL_WORKLOAD (f->workload));

  if (monitor != NULL && f->run_end > f->run_start)
    ll_loop_monitor_record_span (monitor, "compute_slice", f->run_start, f->run_end - f->run_start);

  f->workload->primes = f->primes;
  f->workload->numbers_done = f->done;
  _ll_workload_set_done (LL_WORKLOAD (f->workload), f->done);
}

/* One block, a fraction of a millisecond: short, so that the scheduler's
 * time slice, not the block, bounds how long the loop waits. */
static void
compute_block (ChunkedFrame *f)
{
  guint64 block = MIN ((guint64) BLOCK, f->n - f->done);
  gint64 now = g_get_monotonic_time ();

  if (now - f->run_end > LOOP_TURN_GAP)
    {
      end_run (f);
      f->run_start = now;
    }

  f->primes += ll_primes_count_range (LL_PRIMES_BASE + f->done, block);
  f->done += block;
  f->run_end = g_get_monotonic_time ();
}

static LlCoStatus
chunked_run (LlCo *co)
{
  ChunkedFrame *f = (ChunkedFrame *) co;
  GError *error = NULL;

  LL_CO_BEGIN (co);

  if (f->n == 0)
    {
      /* Not calibrated yet: measure in a worker thread, not here. */
      LL_CO_AWAIT_ASYNC (co, ll_primes_calibrate_async);
      if (ll_primes_calibrate_finish (LL_CO_RESULT (co), &error) == 0)
        return ll_co_fail (co, error);
      f->n = ll_primes_numbers_for_seconds (f->seconds);
      _ll_workload_set_requested (LL_WORKLOAD (f->workload), (gint64) (f->seconds * G_TIME_SPAN_SECOND));
    }
  _ll_workload_set_total (LL_WORKLOAD (f->workload), f->n);

  /* The Python: for each block, count it, then `await asyncio.sleep(0)`.
   * The block is short because the scheduler looks at its clock only
   * every few dozen resumes: a lone task that yielded every 5 ms held the
   * loop for 160 ms at a time. */
  while (f->done < f->n)
    {
      compute_block (f);
      if (f->done == f->n)
        break;
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

static void
chunked_cleanup (LlCo *co)
{
  ChunkedFrame *f = (ChunkedFrame *) co;

  end_run (f);
}

/* Thread */

typedef struct
{
  /* copied in */
  double          seconds;
  guint64         n;        /* 0: the seconds' worth, calibrated in the thread */

  /* published by the thread for the progress ticker */
  _Atomic guint64 total;
  _Atomic guint64 done;

  /* the result, read once the thread has returned */
  guint64         primes;
} ComputeJob;

static ComputeJob *
compute_job_ref (ComputeJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
compute_job_unref (ComputeJob *job)
{
  g_atomic_rc_box_release (job);
}

/* In a worker thread: touches the job only, never the workload. */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeJob *job = task_data;
  guint64 done = 0;

  if (job->n == 0)
    job->n = ll_primes_numbers_for_seconds (job->seconds);
  atomic_store (&job->total, job->n);

  while (done < job->n)
    {
      guint64 block = MIN ((guint64) BLOCK * 16, job->n - done);

      if (g_task_return_error_if_cancelled (task))
        return;

      job->primes += ll_primes_count_range (LL_PRIMES_BASE + done, block);
      done += block;
      atomic_store (&job->done, done);
    }

  g_task_return_boolean (task, TRUE);
}

/* What the progress ticker reads: the job's atomics. */
typedef struct
{
  LlWorkload *workload;   /* borrowed: the ticker stops with the run */
  ComputeJob *job;
} Ticker;

static void
ticker_free (Ticker *ticker)
{
  compute_job_unref (ticker->job);
  g_free (ticker);
}

static gboolean
thread_tick (gpointer data)
{
  Ticker *ticker = data;

  _ll_workload_set_total (ticker->workload, atomic_load (&ticker->job->total));
  _ll_workload_set_done (ticker->workload, atomic_load (&ticker->job->done));

  return G_SOURCE_CONTINUE;
}

/* On the loop's thread again: the result is delivered to the loop. */
static void
compute_thread_done (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LlWorkloadCompute) self = user_data;
  LlWorkload *workload = LL_WORKLOAD (self);
  ComputeJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->primes = job->primes;
      self->numbers_done = job->n;
      if (_ll_workload_get_requested (workload) == 0)
        _ll_workload_set_requested (workload, (gint64) (job->seconds * G_TIME_SPAN_SECOND));
      _ll_workload_set_total (workload, job->n);
      _ll_workload_set_done (workload, job->n);
    }

  _ll_workload_work_done (workload, error);
}

static void
compute_in_thread (LlWorkloadCompute *self)
{
  g_autoptr(GTask) task = NULL;
  Ticker *ticker;
  ComputeJob *job = g_atomic_rc_box_new0 (ComputeJob);

  job->seconds = self->seconds;
  job->n = self->numbers;
  atomic_store (&job->total, job->n);

  /* No source object: the worker thread may drop the task's last
   * reference, and the workload must never be finalized there. */
  task = g_task_new (NULL, _ll_workload_get_cancellable (LL_WORKLOAD (self)),
                     compute_thread_done, g_object_ref (self));
  g_task_set_source_tag (task, compute_in_thread);
  g_task_set_name (task, "[looplab] compute in a thread");
  g_task_set_task_data (task, job, (GDestroyNotify) compute_job_unref);
  g_task_run_in_thread (task, compute_thread);

  ticker = g_new0 (Ticker, 1);
  ticker->workload = LL_WORKLOAD (self);
  ticker->job = compute_job_ref (job);
  _ll_workload_start_ticker (LL_WORKLOAD (self), thread_tick, ticker, (GDestroyNotify) ticker_free);
}

static void
ll_workload_compute_start (LlWorkload *workload)
{
  LlWorkloadCompute *self = LL_WORKLOAD_COMPUTE (workload);
  ChunkedFrame *f;

  self->numbers_done = 0;
  self->primes = 0;

  switch (ll_workload_get_mode (workload))
    {
    case LL_WORKLOAD_MODE_BLOCKING:
      compute_blocking (self);
      break;

    case LL_WORKLOAD_MODE_THREAD:
      compute_in_thread (self);
      break;

    case LL_WORKLOAD_MODE_CHUNKED:
    case LL_WORKLOAD_MODE_ASYNC:
    default:
      f = ll_co_new (ChunkedFrame, chunked_run, chunked_cleanup);
      f->workload = self;
      f->seconds = self->seconds;
      f->n = self->numbers != 0 ? self->numbers
           : ll_primes_get_rate () > 0 ? ll_primes_numbers_for_seconds (self->seconds)
           : 0;
      ll_co_set_name (&f->co, "compute-chunked");
      _ll_workload_add_task (workload, &f->co);
      ll_co_unref (&f->co);
      break;
    }
}

static gint64
ll_workload_compute_plan (LlWorkload *workload)
{
  LlWorkloadCompute *self = LL_WORKLOAD_COMPUTE (workload);

  if (self->numbers == 0)
    return (gint64) (self->seconds * G_TIME_SPAN_SECOND);
  if (ll_primes_get_rate () > 0)
    return (gint64) (self->numbers / ll_primes_get_rate () * G_TIME_SPAN_SECOND);

  return 0;
}

static void
ll_workload_compute_fill_result (LlWorkload       *workload,
                                 LlWorkloadResult *result)
{
  LlWorkloadCompute *self = LL_WORKLOAD_COMPUTE (workload);

  result->numbers = self->numbers_done;
  result->primes = self->primes;
  result->planned = ll_workload_get_total (workload);
  if (result->duration > 0)
    result->throughput = result->numbers / (result->duration / (double) G_TIME_SPAN_SECOND);
}

/* GObject */

static void
ll_workload_compute_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LlWorkloadCompute *self = LL_WORKLOAD_COMPUTE (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      g_value_set_double (value, self->seconds);
      break;
    case PROP_NUMBERS:
      g_value_set_uint64 (value, self->numbers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_compute_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LlWorkloadCompute *self = LL_WORKLOAD_COMPUTE (object);

  switch (prop_id)
    {
    case PROP_SECONDS:
      ll_workload_compute_set_seconds (self, g_value_get_double (value));
      break;
    case PROP_NUMBERS:
      ll_workload_compute_set_numbers (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_compute_class_init (LlWorkloadComputeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlWorkloadClass *workload_class = LL_WORKLOAD_CLASS (klass);

  object_class->get_property = ll_workload_compute_get_property;
  object_class->set_property = ll_workload_compute_set_property;

  workload_class->kind = LL_WORKLOAD_KIND_COMPUTE;
  workload_class->modes = LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_BLOCKING) |
                          LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_CHUNKED) |
                          LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_THREAD);
  workload_class->handler_name = "compute_blocking";
  workload_class->plan = ll_workload_compute_plan;
  workload_class->start = ll_workload_compute_start;
  workload_class->fill_result = ll_workload_compute_fill_result;

  /**
   * LlWorkloadCompute:seconds:
   *
   * How much work to do: the numbers this machine tests in that time,
   * unless #LlWorkloadCompute:numbers is set.
   */
  properties[PROP_SECONDS] = _ll_workload_seconds_pspec ("seconds");

  /**
   * LlWorkloadCompute:numbers:
   *
   * How many numbers a run tests; 0 (the default) for as many as fill
   * #LlWorkloadCompute:seconds on this machine.
   */
  properties[PROP_NUMBERS] =
    g_param_spec_uint64 ("numbers", NULL, NULL,
                         0, LL_PRIMES_MAX_NUMBERS, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_workload_compute_init (LlWorkloadCompute *self)
{
  self->seconds = LL_WORKLOAD_DEFAULT_SECONDS;
}

double
ll_workload_compute_get_seconds (LlWorkloadCompute *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_COMPUTE (self), 0);

  return self->seconds;
}

/**
 * ll_workload_compute_set_seconds:
 * @self: a #LlWorkloadCompute
 * @seconds: %LL_WORKLOAD_MIN_SECONDS to %LL_WORKLOAD_MAX_SECONDS
 *
 * Takes effect at the next run.
 */
void
ll_workload_compute_set_seconds (LlWorkloadCompute *self,
                                 double             seconds)
{
  g_return_if_fail (LL_IS_WORKLOAD_COMPUTE (self));

  _ll_workload_set_seconds (LL_WORKLOAD (self), &self->seconds, seconds, properties[PROP_SECONDS]);
}

guint64
ll_workload_compute_get_numbers (LlWorkloadCompute *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_COMPUTE (self), 0);

  return self->numbers;
}

/**
 * ll_workload_compute_set_numbers:
 * @self: a #LlWorkloadCompute
 * @numbers: how many numbers a run tests, 0 to take
 *   #LlWorkloadCompute:seconds' worth
 */
void
ll_workload_compute_set_numbers (LlWorkloadCompute *self,
                                 guint64            numbers)
{
  g_return_if_fail (LL_IS_WORKLOAD_COMPUTE (self));
  g_return_if_fail (numbers <= LL_PRIMES_MAX_NUMBERS);

  if (self->numbers == numbers)
    return;

  self->numbers = numbers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NUMBERS]);
}
