/* ll-task.c: a coroutine as a task on its scheduler
 *
 * Follow a task from ll_scheduler_spawn(): it waits in the ready queue
 * until a slice of the scheduler source runs it (_ll_task_run_ready(),
 * here, resuming task after task); its body runs to a resume point, whose
 * helper (ll_co_await_begin(), ll_co_sleep_begin(), ll_co_await_co_begin(),
 * here too) says what it waits for; whatever that is queues it again
 * (ll_co_async_ready(), the clock's wheel, the finish of the coroutine it
 * awaits); at the end task_finish() wakes its awaiters and drops it.
 * Cancellation marks it and wakes it, so that its resume point unwinds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-scheduler"

#include "config.h"

#include <string.h>

#include "ll-frame-pool.h"
#include "ll-scheduler-private.h"

/* Reading the clock costs about as much as a switch, so the time slice is
 * checked every so many resumes: at most this many, fewer when resumes are
 * long (see _ll_task_run_ready()). */
#define SLICE_CHECK_INTERVAL 32

/* How far ahead of the task it resumes _ll_task_run_ready() fetches:
 * frames, and once a frame has arrived, its entry in the table of tasks,
 * which it clears when it finishes.  A cache miss on a busy virtual
 * machine costs as much as tens of resumes, so the distances are long. */
#define PREFETCH_FRAMES 24
#define PREFETCH_TABLE  12

/* Running tasks */

static void
task_finish (LlScheduler *self,
             LlCo        *co)
{
  LlCo *waiter;
  LlCo *next;

  co->state = LL_CO_STATE_FINISHED;
  co->wait = LL_CO_WAIT_NONE;
  co->seq = ++self->finish_seq;

  _ll_co_run_cleanup (co);

  /* Wake whoever awaits it, in the order they started waiting. */
  for (waiter = co->waiters; waiter != NULL; waiter = next)
    {
      next = waiter->link.next;
      waiter->u.awaited = NULL;
      waiter->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&waiter->sched->ready, waiter);
    }
  co->waiters = NULL;

  ll_scheduler_emit (self, _ll_co_finish_kind (co), co);

  ll_task_table_remove (&self->table, co);

  ll_co_unref (co);

  /* Idle: the slabs of the frames that just went can go too. */
  if (self->table.n_tasks == 0)
    ll_frame_pool_trim ();
}

/* A cancelled task that is suspended: make it resume soon, so its resume
 * point unwinds.  Returns the coroutine it awaits, to cancel next. */
static LlCo *
cancel_wake (LlCo *co)
{
  LlScheduler *self = co->sched;

  if (co->state != LL_CO_STATE_SUSPENDED)
    return NULL;

  switch ((LlCoWait) co->wait)
    {
    case LL_CO_WAIT_SLEEP:
      /* Its slot may have been spliced into the ready queue already. */
      _ll_clock_cancel_sleep (self, co);
      co->wait = LL_CO_WAIT_READY;
      return NULL;

    case LL_CO_WAIT_CO:
      return co->u.awaited;

    case LL_CO_WAIT_ASYNC:    /* its cancellable is cancelled: GIO calls back */
    case LL_CO_WAIT_READY:
    case LL_CO_WAIT_YIELD:
    case LL_CO_WAIT_NONE:
    default:
      return NULL;
    }
}

/* A loop, not recursion: cancelling the top of a chain of a hundred
 * thousand awaits must not need a hundred thousand C frames. */
void
_ll_task_cancel (LlCo *co)
{
  while (co != NULL &&
         co->state != LL_CO_STATE_FINISHED &&
         !(co->flags & LL_CO_FLAG_CANCELLED))
    {
      co->flags |= LL_CO_FLAG_CANCELLED;
      if (co->error == NULL)
        co->error = _ll_co_cancelled_error ();
      if (ll_co_peek_cancellable (co) != NULL)
        g_cancellable_cancel (co->extra->cancellable);

      co = (co->flags & LL_CO_FLAG_TASK) ? cancel_wake (co) : NULL;
    }
}

/* What @co waits for.  A sleeper that the wheel has spliced into the
 * ready queue still says LL_CO_WAIT_SLEEP until it runs (see
 * ll-timer-wheel.c); to everyone who asks it is ready. */
LlCoWait
_ll_task_get_wait (LlCo *co)
{
  if (co->wait == LL_CO_WAIT_SLEEP &&
      co->state == LL_CO_STATE_SUSPENDED &&
      co->sched != NULL && _ll_clock_has_woken (co->sched, co))
    return LL_CO_WAIT_READY;

  return co->wait;
}

static inline void
task_resume (LlScheduler *self,
             LlCo        *co)
{
  LlCoStatus status;

  if (G_UNLIKELY (co->flags & (LL_CO_FLAG_CANCELLED | LL_CO_FLAG_ASYNC_RESULT)))
    {
      /* Cancelled before it ever ran: its body never starts, unless it
       * must wait for what it was given (a task group's tasks). */
      if (co->state == LL_CO_STATE_CREATED && !(co->flags & LL_CO_FLAG_RUNS_CANCELLED))
        {
          co->value = NULL;
          task_finish (self, co);
          return;
        }
      if (co->flags & LL_CO_FLAG_ASYNC_RESULT)
        {
          self->async_result = co->u.async_result;
          co->flags &= ~LL_CO_FLAG_ASYNC_RESULT;
        }
    }

  co->state = LL_CO_STATE_RUNNING;
  co->wait = LL_CO_WAIT_NONE;
  co->value = NULL;
  ll_scheduler_emit (self, LL_CO_EVENT_RESUMED, co);

  self->current = co;
  status = co->func (co);
  self->current = NULL;

  if (G_UNLIKELY (self->async_result != NULL))
    g_clear_object (&self->async_result);

  if (G_LIKELY (status == LL_CO_STATUS_YIELDED))
    {
      co->state = LL_CO_STATE_SUSPENDED;
      co->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&self->ready, co);
      ll_scheduler_emit (self, LL_CO_EVENT_SUSPENDED, co);
    }
  else if (status == LL_CO_STATUS_WAITING)
    {
      co->state = LL_CO_STATE_SUSPENDED;
      if (G_UNLIKELY (co->wait == LL_CO_WAIT_NONE))
        {
          g_critical ("Task “%s” returned LL_CO_STATUS_WAITING without awaiting",
                      ll_co_get_name (co));
          co->wait = LL_CO_WAIT_READY;
          ll_co_queue_push (&self->ready, co);
        }
      ll_scheduler_emit (self, LL_CO_EVENT_SUSPENDED, co);

      /* It cancelled itself, or was cancelled, while running. */
      if (G_UNLIKELY (co->flags & LL_CO_FLAG_CANCELLED))
        _ll_task_cancel (cancel_wake (co));
    }
  else
    {
      task_finish (self, co);
    }
}

/* Starts fetching the first 192 bytes of a frame: its header and the
 * first locals, on up to four cache lines. */
static inline void
prefetch_frame (LlCo *co)
{
  ll_prefetch_for_write (co);
  ll_prefetch_for_write ((char *) co + 63);
  ll_prefetch_for_write ((char *) co + 127);
  ll_prefetch_for_write ((char *) co + 191);
}

/* Runs ready tasks until none is left or the time slice is used up.
 *
 * The clock is read after a batch of resumes.  The first batch is one
 * resume: it tells what a resume costs.  Each next batch is as many
 * resumes at the last batch's pace as fit in what is left of the slice,
 * at most SLICE_CHECK_INTERVAL.  So a crowd of cheap resumes reads the
 * clock once in 32, and a task that computes for 100 µs between yields
 * still gives the loop back within the slice plus one resume, not 32. */
void
_ll_task_run_ready (LlScheduler *self)
{
  gint64 last = g_get_monotonic_time ();
  gint64 stop = last + self->time_slice;
  guint batch = 1;
  guint until_check = 1;
  LlCo *co;

  while (!self->step_mode && (co = ll_co_queue_pop (&self->ready)) != NULL)
    {
      /* A crowd of sleepers wakes in no order of memory: each frame is a
       * cache miss.  Fetch well ahead, so that the misses overlap.  A few
       * tasks taking turns stay in the cache: no need. */
      if (self->ready.length >= PREFETCH_FRAMES)
        {
          LlCo *ahead;

          ahead = ll_co_queue_peek_ahead (&self->ready, PREFETCH_FRAMES - 1);
          if (ahead != NULL)
            prefetch_frame (ahead);
          ahead = ll_co_queue_peek_ahead (&self->ready, PREFETCH_TABLE - 1);
          if (ahead != NULL)
            ll_task_table_prefetch (&self->table, ahead);
        }

      task_resume (self, co);

      if (G_UNLIKELY (--until_check == 0))
        {
          gint64 now = g_get_monotonic_time ();
          gint64 per_resume;

          if (now >= stop)
            break;

          per_resume = MAX ((now - last) / batch, 1);
          batch = (guint) CLAMP ((stop - now) / per_resume, 1, SLICE_CHECK_INTERVAL);
          until_check = batch;
          last = now;
        }
    }
}

/* For a debugger's step: resumes @co, which is out of the ready queue. */
void
_ll_task_resume (LlScheduler *self,
                 LlCo        *co)
{
  task_resume (self, co);
}

/* Resume-point helpers, called from the macros in ll-co.h */

static gboolean
refuse_outside_task (LlCo       *co,
                     const char *what)
{
  if (G_LIKELY (co->flags & LL_CO_FLAG_TASK))
    return FALSE;

  g_clear_error (&co->error);
  co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                           "Coroutine “%s” cannot %s: it is not a task",
                           ll_co_get_name (co), what);

  return TRUE;
}

/**
 * ll_co_await_begin:
 * @co: the running coroutine
 * @call: the text of the awaited call
 *
 * For LL_CO_AWAIT().
 *
 * Returns: %FALSE if @co is not a task (then @co->error says so)
 */
gboolean
ll_co_await_begin (LlCo       *co,
                   const char *call)
{
  if (refuse_outside_task (co, "await GIO"))
    return FALSE;

  co->wait = LL_CO_WAIT_ASYNC;
  co->value = (gpointer) call;
  co->sched->n_external++;

  return TRUE;
}

/**
 * ll_co_async_ready:
 * @source_object: (nullable): the object of the operation
 * @result: its result
 * @user_data: the #LlCo that awaits it
 *
 * The #GAsyncReadyCallback to give every operation awaited with
 * LL_CO_AWAIT(), with the coroutine as user data.  It queues the task;
 * the task calls the `_finish` function once resumed.
 */
void
ll_co_async_ready (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LlCo *co = user_data;
  LlScheduler *self = co->sched;

  g_return_if_fail (co->wait == LL_CO_WAIT_ASYNC);

  /* Its scheduler went away while GIO still used the frame: now that GIO
   * is done, finish it. */
  if (G_UNLIKELY (co->flags & LL_CO_FLAG_ORPHAN))
    {
      co->state = LL_CO_STATE_FINISHED;
      co->wait = LL_CO_WAIT_NONE;
      co->value = NULL;
      _ll_co_run_cleanup (co);
      ll_co_unref (co);
      return;
    }

  self->n_external--;
  co->u.async_result = g_object_ref (result);
  co->flags |= LL_CO_FLAG_ASYNC_RESULT;
  co->wait = LL_CO_WAIT_READY;
  ll_co_queue_push (&self->ready, co);
}

/**
 * ll_co_get_async_result:
 * @co: the running task
 *
 * The result of the operation the task just awaited with LL_CO_AWAIT(),
 * for its `_finish` function.  Valid until the task suspends again.
 *
 * Returns: (transfer none) (nullable): the #GAsyncResult
 */
GAsyncResult *
ll_co_get_async_result (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (co->sched != NULL && co->sched->current == co, NULL);

  return co->sched->async_result;
}

/**
 * ll_co_sleep_begin:
 * @co: the running coroutine
 * @msec: milliseconds
 *
 * For LL_CO_SLEEP().
 *
 * Returns: %FALSE if @co is not a task (then @co->error says so)
 */
gboolean
ll_co_sleep_begin (LlCo  *co,
                   guint  msec)
{
  LlScheduler *self;

  if (refuse_outside_task (co, "sleep"))
    return FALSE;

  self = co->sched;

  if (msec == 0)
    {
      co->wait = LL_CO_WAIT_READY;
      ll_co_queue_push (&self->ready, co);
      return TRUE;
    }

  _ll_clock_add_sleeper (self, co, msec);

  return TRUE;
}

/**
 * ll_co_await_co_begin:
 * @co: the running coroutine
 * @other: the coroutine to await
 *
 * For LL_CO_AWAIT_CO().
 *
 * Returns: %TRUE if @co must suspend; %FALSE if @other has finished, or
 *   on an error (then @co->error says so)
 */
gboolean
ll_co_await_co_begin (LlCo *co,
                      LlCo *other)
{
  LlCo **link;

  if (refuse_outside_task (co, "await"))
    return FALSE;

  if (other == NULL || other == co)
    {
      g_clear_error (&co->error);
      co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                               "Task “%s” cannot await %s",
                               ll_co_get_name (co), other ? "itself" : "NULL");
      return FALSE;
    }

  if (other->state == LL_CO_STATE_FINISHED)
    return FALSE;

  if (!(other->flags & LL_CO_FLAG_TASK))
    {
      if (other->state != LL_CO_STATE_CREATED || (other->flags & LL_CO_FLAG_WATCHED))
        {
          g_clear_error (&co->error);
          co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                                   "Task “%s” cannot await “%s”: it is a generator",
                                   ll_co_get_name (co), ll_co_get_name (other));
          return FALSE;
        }

      ll_scheduler_spawn (co->sched, other);
      if (other->state == LL_CO_STATE_FINISHED)
        return FALSE;
    }

  for (link = &other->waiters; *link != NULL; link = &(*link)->link.next)
    ;
  co->link.next = NULL;
  *link = co;
  co->u.awaited = other;
  co->wait = LL_CO_WAIT_CO;

  return TRUE;
}

/* Cancellation */

/**
 * ll_co_cancel:
 * @co: a coroutine
 *
 * Cancels @co.  A task stops at its resume point with
 * %G_IO_ERROR_CANCELLED: a sleep ends at once, an awaited GIO operation
 * is cancelled through ll_co_get_cancellable() and the task finishes when
 * it returns, an awaited coroutine is cancelled too.  Its cleanup runs,
 * and its scheduler drops it.  Nothing of the task runs inside this call.
 *
 * A generator (or a coroutine never spawned) finishes right away with
 * %G_IO_ERROR_CANCELLED.  Cancelling twice, or a finished coroutine, does
 * nothing.
 */
void
ll_co_cancel (LlCo *co)
{
  g_return_if_fail (co != NULL);

  if (co->state == LL_CO_STATE_FINISHED || (co->flags & LL_CO_FLAG_CANCELLED))
    return;

  if (co->flags & LL_CO_FLAG_TASK)
    _ll_task_cancel (co);
  else
    _ll_co_generator_cancel (co);
}

/**
 * ll_co_is_cancelled:
 * @co: a coroutine
 *
 * Returns: whether ll_co_cancel() was called on @co
 */
gboolean
ll_co_is_cancelled (LlCo *co)
{
  g_return_val_if_fail (co != NULL, FALSE);

  return (co->flags & LL_CO_FLAG_CANCELLED) != 0;
}

/**
 * ll_co_get_cancellable:
 * @co: a coroutine
 *
 * The cancellable to pass to the GIO operations the coroutine awaits.  It
 * is created on first use (a million sleeping tasks need none) and
 * cancelled by ll_co_cancel().
 *
 * Returns: (transfer none): @co's #GCancellable
 */
GCancellable *
ll_co_get_cancellable (LlCo *co)
{
  LlCoExtra *extra;

  g_return_val_if_fail (co != NULL, NULL);

  extra = _ll_co_get_extra (co);
  if (extra->cancellable == NULL)
    {
      extra->cancellable = g_cancellable_new ();
      if (co->flags & LL_CO_FLAG_CANCELLED)
        g_cancellable_cancel (extra->cancellable);
    }

  return extra->cancellable;
}

/* Outcome */

/**
 * ll_co_finish:
 * @co: a finished coroutine
 * @error: return location for a #GError
 *
 * The outcome of @co, in the shape of a GIO `_finish`: after
 * LL_CO_AWAIT_CO(), or once a generator has returned.
 *
 * Returns: (transfer none) (nullable): the result, owned by @co; %NULL
 *   with @error set if it failed or was cancelled
 */
gpointer
ll_co_finish (LlCo    *co,
              GError **error)
{
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (co->state == LL_CO_STATE_FINISHED, NULL);

  if (co->error != NULL)
    {
      g_propagate_error (error, g_error_copy (co->error));
      return NULL;
    }

  return co->value;
}

/**
 * ll_co_get_result:
 * @co: a coroutine
 *
 * Returns: (transfer none) (nullable): the result once finished, else
 *   %NULL
 */
gpointer
ll_co_get_result (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  return co->state == LL_CO_STATE_FINISHED ? co->value : NULL;
}

/**
 * ll_co_get_error:
 * @co: a coroutine
 *
 * Returns: (transfer none) (nullable): the failure once finished, or the
 *   error pending at its suspension point
 */
const GError *
ll_co_get_error (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  return co->error;
}

/* What a task waits for */

/**
 * ll_co_get_wait:
 * @co: a coroutine
 *
 * Returns: what @co waits for; see also ll_co_describe_wait()
 */
LlCoWait
ll_co_get_wait (LlCo *co)
{
  g_return_val_if_fail (co != NULL, LL_CO_WAIT_NONE);

  return _ll_task_get_wait (co);
}

/**
 * ll_co_get_deadline:
 * @co: a coroutine
 *
 * Returns: when a sleeping task wakes, on its scheduler's clock in
 *   microseconds; -1 if it is not sleeping
 */
gint64
ll_co_get_deadline (LlCo *co)
{
  g_return_val_if_fail (co != NULL, -1);

  if (co->state != LL_CO_STATE_SUSPENDED || _ll_task_get_wait (co) != LL_CO_WAIT_SLEEP)
    return -1;

  return co->u.deadline * G_TIME_SPAN_MILLISECOND;
}

/**
 * ll_co_get_scheduler:
 * @co: a coroutine
 *
 * Returns: (transfer none) (nullable): the scheduler of a task or of a
 *   watched generator
 */
LlScheduler *
ll_co_get_scheduler (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  return co->sched;
}

/**
 * ll_co_describe_wait:
 * @co: a coroutine
 *
 * Says what @co is doing or waiting for, for a debugger's frames panel:
 * "sleeping until 1000 ms", "awaiting g_input_stream_read_async",
 * "awaiting consumer_run", "yielded", "cancelled"...
 *
 * Returns: (transfer full): a description
 */
char *
ll_co_describe_wait (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  switch ((LlCoState) co->state)
    {
    case LL_CO_STATE_CREATED:
      return g_strdup ((co->flags & LL_CO_FLAG_TASK) ? "ready to start" : "not started");

    case LL_CO_STATE_RUNNING:
      return g_strdup ("running");

    case LL_CO_STATE_FINISHED:
      if (co->error == NULL)
        return g_strdup ("finished");
      if (g_error_matches (co->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return g_strdup ("cancelled");
      return g_strdup_printf ("failed: %s", co->error->message);

    case LL_CO_STATE_SUSPENDED:
    default:
      break;
    }

  switch (_ll_task_get_wait (co))
    {
    case LL_CO_WAIT_YIELD:
      return g_strdup ("yielded");

    case LL_CO_WAIT_SLEEP:
      return g_strdup_printf ("sleeping until %" G_GINT64_FORMAT " ms",
                              co->u.deadline);

    case LL_CO_WAIT_ASYNC:
      {
        const char *call = co->value != NULL ? co->value : "a GIO operation";

        /* The macro stringified the whole call: keep the function name. */
        return g_strdup_printf ("awaiting %.*s", (int) strcspn (call, " ("), call);
      }

    case LL_CO_WAIT_CO:
      return g_strdup_printf ("awaiting %s", ll_co_get_name (co->u.awaited));

    case LL_CO_WAIT_READY:
      return g_strdup ("ready");

    case LL_CO_WAIT_NONE:
    default:
      return g_strdup ("suspended");
    }
}

