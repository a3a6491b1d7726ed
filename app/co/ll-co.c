/* ll-co.c: the coroutine frame and the generator protocol
 *
 * ll_co_send() is the whole cost of a generator switch: a couple of
 * checks, then a direct call into the body, which jumps to its resume
 * point and returns at the next one.  No allocation, no main loop.  Its
 * fast path is inline, in ll-co.h; everything else here (the refusals,
 * throw, close, cancel, errors, events) takes a slower path out of the
 * way of that one.  What a task does beyond a generator is in ll-task.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-co"

#include "config.h"

#include "ll-frame-pool.h"
#include "ll-scheduler-private.h"

G_DEFINE_BOXED_TYPE (LlCo, ll_co, ll_co_ref, ll_co_unref)
G_DEFINE_QUARK (ll-co-error-quark, ll_co_error)

/* What ll-co.h promises: two cache lines hold the header and a few locals. */
G_STATIC_ASSERT (GLIB_SIZEOF_VOID_P != 8 || sizeof (LlCo) == 112);

/* The inline ll_co_send() leaves these to the slow path. */
G_STATIC_ASSERT (_LL_CO_FLAGS_NOT_BY_HAND == (LL_CO_FLAG_TASK | LL_CO_FLAG_WATCHED));

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

/* Runs the cleanup, once; then, if @co has finished, tells whoever
 * watches it (its task group). */
void
_ll_co_run_cleanup (LlCo *co)
{
  if (co->flags & LL_CO_FLAG_CLEANED)
    return;

  co->flags |= LL_CO_FLAG_CLEANED;
  if (co->cleanup != NULL)
    co->cleanup (co);

  if (co->state == LL_CO_STATE_FINISHED && co->extra != NULL && co->extra->finished != NULL)
    co->extra->finished (co, co->extra->finished_data);
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
      if (co->extra->finalize != NULL)
        co->extra->finalize (co);
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

/* ll_co_cancel() of a coroutine that is not a task: it finishes right
 * away, or, if it is running, at its next resume point. */
void
_ll_co_generator_cancel (LlCo *co)
{
  co->flags |= LL_CO_FLAG_CANCELLED;
  g_clear_error (&co->error);
  co->error = _ll_co_cancelled_error ();
  if (ll_co_peek_cancellable (co) != NULL)
    g_cancellable_cancel (co->extra->cancellable);

  co->value = NULL;
  if (co->state == LL_CO_STATE_CREATED)
    generator_finish (co);
  else if (co->state == LL_CO_STATE_SUSPENDED)
    generator_resume (co, NULL);
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
