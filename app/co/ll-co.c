/* ll-co.c: the coroutine frame and the generator protocol
 *
 * ll_co_send() is the whole cost of a generator switch: a couple of
 * checks, then a direct call into the body, which jumps to its resume
 * point and returns at the next one.  No allocation, no main loop.  Its
 * fast path is inline, in ll-co.h; everything else here (the refusals,
 * throw, close, cancel, errors, events) takes a slower path out of the
 * way of that one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-co"

#include "config.h"

#include <string.h>

#include "ll-co-private.h"
#include "ll-frame-pool.h"

G_DEFINE_BOXED_TYPE (LlCo, ll_co, ll_co_ref, ll_co_unref)
G_DEFINE_QUARK (ll-co-error-quark, ll_co_error)

/* What ll-co.h promises: two cache lines hold the header and a few locals. */
G_STATIC_ASSERT (GLIB_SIZEOF_VOID_P != 8 || sizeof (LlCo) == 112);

/* The inline ll_co_send() leaves these to the slow path. */
G_STATIC_ASSERT (_LL_CO_FLAGS_NOT_BY_HAND == (LL_CO_FLAG_TASK | LL_CO_FLAG_WATCHED));

static void gather_frame_free (LlCo *co);

/**
 * ll_co_alloc:
 * @frame_size: the size of the frame, at least `sizeof (LlCo)`
 * @func: the body
 * @cleanup: (nullable): releases what the frame owns; runs exactly once
 * @name: (nullable): a static string naming the coroutine
 * @file: (nullable): the static source file name of the body
 *
 * Allocates a zeroed coroutine frame.  Use ll_co_new(), which fills in
 * the size, the name and the file.
 *
 * Returns: (transfer full): the frame's #LlCo header
 */
LlCo *
ll_co_alloc (gsize        frame_size,
             LlCoFunc     func,
             LlCoCleanup  cleanup,
             const char  *name,
             const char  *file)
{
  LlCo *co;

  g_return_val_if_fail (frame_size >= sizeof (LlCo), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  /* Same-size frames share slabs: see ll-frame-pool.c. */
  if (LL_FRAME_POOL_FOR_FRAMES && frame_size <= LL_FRAME_POOL_MAX_SIZE)
    {
      co = ll_frame_pool_alloc0 (frame_size);
      co->flags = LL_CO_FLAG_POOLED |
                  ll_frame_pool_get_class (frame_size) << LL_CO_FRAME_CLASS_SHIFT;
    }
  else
    {
      co = g_malloc0 (frame_size);
    }
  co->func = func;
  co->cleanup = cleanup;
  co->name = name;
  co->file = file;
  co->ref_count = 1;

  return co;
}

/**
 * ll_co_ref:
 * @co: a coroutine
 *
 * Coroutines are single-threaded: take and drop references on the thread
 * that runs them.
 *
 * Returns: (transfer full): @co
 */
LlCo *
ll_co_ref (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (co->ref_count > 0, NULL);

  co->ref_count++;

  return co;
}

void
_ll_co_run_cleanup (LlCo *co)
{
  if (co->flags & LL_CO_FLAG_CLEANED)
    return;

  co->flags |= LL_CO_FLAG_CLEANED;
  if (co->cleanup != NULL)
    co->cleanup (co);
}

LlCoExtra *
_ll_co_get_extra (LlCo *co)
{
  if (co->extra == NULL)
    co->extra = g_new0 (LlCoExtra, 1);

  return co->extra;
}

GError *
_ll_co_cancelled_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                              "Operation was cancelled");
}

LlCoEventKind
_ll_co_finish_kind (LlCo *co)
{
  if (co->error == NULL)
    return LL_CO_EVENT_FINISHED;
  if (g_error_matches (co->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return LL_CO_EVENT_CANCELLED;

  return LL_CO_EVENT_FAILED;
}

/**
 * ll_co_unref:
 * @co: (transfer full): a coroutine
 *
 * Drops a reference.  The last one runs the cleanup if the coroutine
 * never finished (a generator dropped while suspended: the body is not
 * resumed), then frees the result and the frame.  A task is referenced by
 * its scheduler until it finishes.
 */
void
ll_co_unref (LlCo *co)
{
  g_return_if_fail (co != NULL);
  g_return_if_fail (co->ref_count > 0);

  if (--co->ref_count > 0)
    return;

  g_assert (co->state != LL_CO_STATE_RUNNING);

  _ll_co_run_cleanup (co);

  if (co->extra != NULL)
    {
      if (co->state == LL_CO_STATE_FINISHED && co->extra->value_destroy != NULL &&
          co->value != NULL)
        co->extra->value_destroy (co->value);
      g_clear_object (&co->extra->cancellable);
      g_free (co->extra);
    }
  g_clear_error (&co->error);
  if (co->flags & LL_CO_FLAG_ASYNC_RESULT)
    g_object_unref (co->u.async_result);
  if (co->flags & LL_CO_FLAG_NAME_OWNED)
    g_free ((char *) co->name);
  if (co->flags & LL_CO_FLAG_GATHER)
    gather_frame_free (co);
  if (co->flags & LL_CO_FLAG_WATCHED)
    g_object_unref (co->sched);

  if (co->flags & LL_CO_FLAG_POOLED)
    ll_frame_pool_free (co, co->flags >> LL_CO_FRAME_CLASS_SHIFT);
  else
    g_free (co);
}

/* Generators */

static void
generator_finish (LlCo *co)
{
  co->state = LL_CO_STATE_FINISHED;
  co->wait = LL_CO_WAIT_NONE;

  /* close() throws GeneratorExit in; the generator ending with it is a
   * clean close, not a failure. */
  if ((co->flags & LL_CO_FLAG_CLOSING) &&
      g_error_matches (co->error, LL_CO_ERROR, LL_CO_ERROR_CLOSED))
    g_clear_error (&co->error);

  _ll_co_run_cleanup (co);

  if (co->flags & LL_CO_FLAG_WATCHED)
    _ll_scheduler_emit (co->sched, _ll_co_finish_kind (co), co);
}

static gpointer
generator_stopped (LlCo        *co,
                   LlCoStatus   status,
                   GError     **error)
{
  if (status == LL_CO_STATUS_YIELDED)
    {
      co->state = LL_CO_STATE_SUSPENDED;
      co->wait = LL_CO_WAIT_YIELD;
      if (co->flags & LL_CO_FLAG_WATCHED)
        _ll_scheduler_emit (co->sched, LL_CO_EVENT_SUSPENDED, co);
      return co->value;
    }

  if (status != LL_CO_STATUS_DONE)
    {
      g_critical ("Coroutine “%s” returned a status a generator cannot have",
                  ll_co_get_name (co));
      g_clear_error (&co->error);
      co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                               "Coroutine “%s” waited outside a task",
                               ll_co_get_name (co));
      co->value = NULL;
      ll_co_clear_value_destroy (co);
    }

  generator_finish (co);

  if (co->error != NULL)
    g_propagate_error (error, g_error_copy (co->error));

  return NULL;
}

static gpointer
generator_resume (LlCo    *co,
                  GError **error)
{
  co->state = LL_CO_STATE_RUNNING;
  co->wait = LL_CO_WAIT_NONE;
  if (co->flags & LL_CO_FLAG_WATCHED)
    _ll_scheduler_emit (co->sched, LL_CO_EVENT_RESUMED, co);

  return generator_stopped (co, co->func (co), error);
}

/* Why @co cannot be resumed by hand now, or TRUE if it can. */
static gboolean
check_resumable (LlCo    *co,
                 GError **error)
{
  if (co->flags & LL_CO_FLAG_TASK)
    {
      g_set_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                   "Coroutine “%s” is a task: its scheduler resumes it",
                   ll_co_get_name (co));
      return FALSE;
    }

  switch ((LlCoState) co->state)
    {
    case LL_CO_STATE_RUNNING:
      g_set_error (error, LL_CO_ERROR, LL_CO_ERROR_RUNNING,
                   "Coroutine “%s” is already running",
                   ll_co_get_name (co));
      return FALSE;

    case LL_CO_STATE_FINISHED:
      g_set_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED,
                   "Coroutine “%s” has finished",
                   ll_co_get_name (co));
      return FALSE;

    case LL_CO_STATE_CREATED:
    case LL_CO_STATE_SUSPENDED:
    default:
      return TRUE;
    }
}

/* The checks of ll_co_send() fail under its name, as g_return_val_if_fail()
 * in it would have said. */
static gpointer
send_refused (const char *expression)
{
#ifndef G_DISABLE_CHECKS
  g_return_if_fail_warning (G_LOG_DOMAIN, "ll_co_send", expression);
#endif

  return NULL;
}

/**
 * _ll_co_send_slow:
 * @co: (nullable): what ll_co_send() was given
 * @value: (nullable): the value to send
 * @error: return location for a #GError
 *
 * For the inline ll_co_send() only: everything but its fast path, with
 * all of its checks.
 *
 * Returns: (transfer none) (nullable): the value yielded
 */
gpointer
_ll_co_send_slow (LlCo      *co,
                  gpointer   value,
                  GError   **error)
{
  if (co == NULL)
    return send_refused ("co != NULL");
  if (error != NULL && *error != NULL)
    return send_refused ("error == NULL || *error == NULL");

  if (!check_resumable (co, error))
    return NULL;

  if (co->state == LL_CO_STATE_CREATED && value != NULL)
    {
      g_set_error (error, LL_CO_ERROR, LL_CO_ERROR_NOT_STARTED,
                   "Coroutine “%s” has not started: prime it by sending NULL",
                   ll_co_get_name (co));
      return NULL;
    }

  co->value = value;

  return generator_resume (co, error);
}

/**
 * _ll_co_send_stopped:
 * @co: a generator whose body just returned from the fast path of
 *   ll_co_send()
 * @status: what the body returned, other than %LL_CO_STATUS_YIELDED
 * @error: return location for a #GError
 *
 * For the inline ll_co_send() only: a generator that finished, failed or
 * tried to wait.
 *
 * Returns: %NULL
 */
gpointer
_ll_co_send_stopped (LlCo        *co,
                     LlCoStatus   status,
                     GError     **error)
{
  return generator_stopped (co, status, error);
}

/**
 * ll_co_throw:
 * @co: a generator
 * @thrown: (transfer full): the error to raise at its suspension point
 * @error: return location for a #GError
 *
 * Raises @thrown where @co is suspended, as Python's `gen.throw()`.  If
 * the body catches it (LL_CO_YIELD_CATCH()) and yields again, this returns
 * the value yielded.  Otherwise @co finishes with @thrown, its cleanup
 * runs, and this returns %NULL with a copy of it.  A generator that never
 * ran finishes at once with @thrown.
 *
 * Returns: (transfer none) (nullable): the value yielded
 */
gpointer
ll_co_throw (LlCo     *co,
             GError   *thrown,
             GError  **error)
{
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (thrown != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_resumable (co, error))
    {
      g_error_free (thrown);
      return NULL;
    }

  g_clear_error (&co->error);
  co->error = thrown;
  co->value = NULL;

  if (co->state == LL_CO_STATE_CREATED)
    return generator_stopped (co, LL_CO_STATUS_DONE, error);

  return generator_resume (co, error);
}

/**
 * ll_co_close:
 * @co: a coroutine
 *
 * Finishes @co, as Python's `gen.close()`: a suspended generator gets
 * %LL_CO_ERROR_CLOSED raised at its suspension point (which no resume
 * point catches), so it finishes and its cleanup runs, exactly once.  A
 * generator that never ran just finishes.  Closing a finished coroutine
 * does nothing; closing a task cancels it (ll_co_cancel()).
 */
void
ll_co_close (LlCo *co)
{
  g_return_if_fail (co != NULL);

  if (co->state == LL_CO_STATE_FINISHED)
    return;

  if (co->flags & LL_CO_FLAG_TASK)
    {
      ll_co_cancel (co);
      return;
    }

  g_return_if_fail (co->state != LL_CO_STATE_RUNNING);

  co->value = NULL;
  if (co->state == LL_CO_STATE_CREATED)
    {
      generator_finish (co);
      return;
    }

  co->flags |= LL_CO_FLAG_CLOSING;
  g_clear_error (&co->error);
  co->error = g_error_new (LL_CO_ERROR, LL_CO_ERROR_CLOSED,
                           "Coroutine “%s” was closed", ll_co_get_name (co));
  generator_resume (co, NULL);

  if (co->state != LL_CO_STATE_FINISHED)
    {
      g_critical ("Coroutine “%s” ignored ll_co_close()", ll_co_get_name (co));
      co->value = NULL;
      generator_finish (co);
    }
}

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
    {
      _ll_scheduler_cancel (co);
      return;
    }

  co->flags |= LL_CO_FLAG_CANCELLED;
  g_clear_error (&co->error);
  co->error = _ll_co_cancelled_error ();
  if (ll_co_peek_cancellable (co) != NULL)
    g_cancellable_cancel (co->extra->cancellable);

  /* A running generator meets the error at its next resume point. */
  co->value = NULL;
  if (co->state == LL_CO_STATE_CREATED)
    generator_finish (co);
  else if (co->state == LL_CO_STATE_SUSPENDED)
    generator_resume (co, NULL);
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

/* Finishing, for the body */

/**
 * ll_co_return:
 * @co: the coroutine whose body is running
 * @result: (nullable): the result
 * @result_destroy: (nullable): frees @result with the coroutine
 *
 * Finishes the body with @result.  Use it as `return ll_co_return (...)`.
 *
 * Returns: %LL_CO_STATUS_DONE
 */
LlCoStatus
ll_co_return (LlCo           *co,
              gpointer        result,
              GDestroyNotify  result_destroy)
{
  g_clear_error (&co->error);
  co->value = result;
  if (result_destroy != NULL)
    _ll_co_get_extra (co)->value_destroy = result_destroy;
  else
    ll_co_clear_value_destroy (co);

  return LL_CO_STATUS_DONE;
}

/**
 * ll_co_fail:
 * @co: the coroutine whose body is running
 * @error: (transfer full): why
 *
 * Finishes the body with @error.  Use it as `return ll_co_fail (...)`.
 *
 * Returns: %LL_CO_STATUS_DONE
 */
LlCoStatus
ll_co_fail (LlCo   *co,
            GError *error)
{
  g_return_val_if_fail (error != NULL, LL_CO_STATUS_DONE);

  g_clear_error (&co->error);
  co->error = error;
  co->value = NULL;
  ll_co_clear_value_destroy (co);

  return LL_CO_STATUS_DONE;
}

/**
 * ll_co_unwind:
 * @co: the coroutine whose body is running
 *
 * For the resume-point macros: finishes the body with the error pending
 * in @co->error.
 *
 * Returns: %LL_CO_STATUS_DONE
 */
LlCoStatus
ll_co_unwind (LlCo *co)
{
  co->value = NULL;
  ll_co_clear_value_destroy (co);

  return LL_CO_STATUS_DONE;
}

/**
 * ll_co_catch:
 * @co: the coroutine whose body is running
 * @error_out: (out) (optional): receives the error thrown in
 *
 * For LL_CO_YIELD_CATCH(): hands a thrown error to the body, unless the
 * coroutine is being closed or cancelled.
 *
 * Returns: %TRUE if the error was caught
 */
gboolean
ll_co_catch (LlCo    *co,
             GError **error_out)
{
  if (co->flags & (LL_CO_FLAG_CLOSING | LL_CO_FLAG_CANCELLED))
    return FALSE;

  g_propagate_error (error_out, g_steal_pointer (&co->error));

  return TRUE;
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

/* Introspection */

/**
 * ll_co_get_name:
 * @co: a coroutine
 *
 * Returns: the name: set by ll_co_set_name(), else the body's function name
 */
const char *
ll_co_get_name (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  return co->name != NULL ? co->name : "coroutine";
}

/**
 * ll_co_set_name:
 * @co: a coroutine
 * @name: (nullable): a name to show in events and debuggers
 *
 * Names @co (the string is copied).
 */
void
ll_co_set_name (LlCo       *co,
                const char *name)
{
  g_return_if_fail (co != NULL);

  if (co->flags & LL_CO_FLAG_NAME_OWNED)
    g_free ((char *) co->name);
  co->name = g_strdup (name);
  co->flags |= LL_CO_FLAG_NAME_OWNED;
}

/**
 * ll_co_get_state:
 * @co: a coroutine
 *
 * Returns: where @co is in its life
 */
LlCoState
ll_co_get_state (LlCo *co)
{
  g_return_val_if_fail (co != NULL, LL_CO_STATE_FINISHED);

  return co->state;
}

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

  return _ll_scheduler_get_wait (co);
}

/**
 * ll_co_get_line:
 * @co: a coroutine
 *
 * Returns: the source line of the resume point @co is suspended at (the
 *   line of the macro), 0 if it never ran
 */
int
ll_co_get_line (LlCo *co)
{
  g_return_val_if_fail (co != NULL, 0);

  return co->line;
}

/**
 * ll_co_get_file:
 * @co: a coroutine
 *
 * Returns: (nullable): the source file where ll_co_new() created it
 */
const char *
ll_co_get_file (LlCo *co)
{
  g_return_val_if_fail (co != NULL, NULL);

  return co->file;
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

  if (co->state != LL_CO_STATE_SUSPENDED || _ll_scheduler_get_wait (co) != LL_CO_WAIT_SLEEP)
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

  switch (_ll_scheduler_get_wait (co))
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

/**
 * ll_co_state_to_string:
 * @state: a state
 *
 * Returns: a short English name for @state
 */
const char *
ll_co_state_to_string (LlCoState state)
{
  static const char * const names[] = { "created", "suspended", "running", "finished" };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), NULL);

  return names[state];
}

/**
 * ll_co_wait_to_string:
 * @wait: a wait
 *
 * Returns: a short English name for @wait
 */
const char *
ll_co_wait_to_string (LlCoWait wait)
{
  static const char * const names[] = { "none", "yield", "ready", "sleep", "async", "co" };

  g_return_val_if_fail ((guint) wait < G_N_ELEMENTS (names), NULL);

  return names[wait];
}

/* Gather: a coroutine that starts a set of coroutines and awaits each. */

typedef struct
{
  LlCo    co;
  LlCo  **children;
  guint   n_children;
  guint   i;
} GatherFrame;

static LlCoStatus
gather_collect (GatherFrame *f)
{
  GPtrArray *results = g_ptr_array_sized_new (f->n_children);
  LlCo *first = NULL;
  guint i;

  for (i = 0; i < f->n_children; i++)
    {
      LlCo *child = f->children[i];

      g_ptr_array_add (results, child->error == NULL ? child->value : NULL);
      if (child->error != NULL && (first == NULL || (int) (child->seq - first->seq) < 0))
        first = child;
    }

  /* The results stand even when one failed: the error is the first to
   * happen, by the order the children finished in. */
  g_clear_error (&f->co.error);
  if (first != NULL)
    f->co.error = g_error_copy (first->error);
  f->co.value = results;
  _ll_co_get_extra (&f->co)->value_destroy = (GDestroyNotify) g_ptr_array_unref;

  return LL_CO_STATUS_DONE;
}

static LlCoStatus
gather_run (LlCo *co)
{
  GatherFrame *f = (GatherFrame *) co;

  LL_CO_BEGIN (co);

  if (!(co->flags & LL_CO_FLAG_TASK))
    return ll_co_fail (co, g_error_new_literal (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                                                "A gather must run as a task"));

  /* Start them all before waiting on the first, so they run together. */
  for (f->i = 0; f->i < f->n_children; f->i++)
    {
      LlCo *child = f->children[f->i];

      if (child->state == LL_CO_STATE_CREATED && !(child->flags & LL_CO_FLAG_TASK))
        ll_scheduler_spawn (co->sched, child);
    }

  for (f->i = 0; f->i < f->n_children; f->i++)
    LL_CO_AWAIT_CO (co, f->children[f->i]);

  return gather_collect (f);

  LL_CO_END (co);
}

static void
gather_cleanup (LlCo *co)
{
  GatherFrame *f = (GatherFrame *) co;
  guint i;

  /* Cancelled or failed early: the children must not outlive the reason
   * they were started. */
  for (i = 0; i < f->n_children; i++)
    if (f->children[i]->state != LL_CO_STATE_FINISHED)
      ll_co_cancel (f->children[i]);
}

/* The results borrow from the children, so they live as long as the gather. */
static void
gather_frame_free (LlCo *co)
{
  GatherFrame *f = (GatherFrame *) co;
  guint i;

  for (i = 0; i < f->n_children; i++)
    ll_co_unref (f->children[i]);
  g_free (f->children);
}

/**
 * ll_co_gather:
 * @cos: (array length=n_cos): the coroutines to run together
 * @n_cos: how many
 *
 * Creates a coroutine that spawns every coroutine of @cos not yet spawned,
 * waits until all have finished, and returns their results (asyncio's
 * `gather`).  Await it with LL_CO_AWAIT_CO() or spawn it.
 *
 * Its result is a #GPtrArray holding each coroutine's result, in the
 * order of @cos (%NULL for a failure), valid as long as the gather.  If
 * any failed, ll_co_finish() reports the first failure in time (the
 * array is still there through ll_co_get_result()).  Cancelling the
 * gather cancels the coroutines it still waits for.
 *
 * Returns: (transfer full): the gather coroutine
 */
LlCo *
ll_co_gather (LlCo * const *cos,
              guint         n_cos)
{
  GatherFrame *f;
  guint i;

  g_return_val_if_fail (cos != NULL || n_cos == 0, NULL);

  f = ll_co_new (GatherFrame, gather_run, gather_cleanup);
  f->co.name = "gather";
  f->co.flags |= LL_CO_FLAG_GATHER;
  f->children = g_new (LlCo *, MAX (n_cos, 1));
  f->n_children = n_cos;
  for (i = 0; i < n_cos; i++)
    f->children[i] = ll_co_ref (cos[i]);

  return &f->co;
}
