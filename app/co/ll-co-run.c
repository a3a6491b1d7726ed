/* ll-co-run.c: a coroutine as a GIO asynchronous operation
 *
 * A small task awaits the coroutine and, once it has finished, returns
 * the GTask: the bridge is a coroutine too, so that cancelling it goes
 * down the await chain like any other cancel, and its cleanup (which runs
 * exactly once, however it ends, even when its scheduler goes away)
 * returns the GTask.  That return is deferred to an idle of the GTask's
 * context: the cleanup runs in the middle of a task's finish, and the
 * callback runs the caller's code, which may do anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-co-run"

#include "config.h"

#include "ll-co-private.h"
#include "ll-co-run.h"

typedef struct
{
  LlCo     co;
  LlCo    *target;
  GTask   *task;
  GSource *cancelled_source;  /* on the scheduler's context */
} RunFrame;

/* How the GTask returns, carried to the idle that returns it. */
typedef struct
{
  GTask  *task;
  GError *error;
} RunOutcome;

static void
run_outcome_free (gpointer data)
{
  RunOutcome *outcome = data;

  g_clear_object (&outcome->task);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static gboolean
run_return (gpointer data)
{
  RunOutcome *outcome = data;
  LlCo *target = g_task_get_task_data (outcome->task);

  if (outcome->error != NULL)
    g_task_return_error (outcome->task, g_steal_pointer (&outcome->error));
  else
    g_task_return_pointer (outcome->task, ll_co_get_result (target), NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  ll_co_cancel (user_data);

  return G_SOURCE_REMOVE;
}

static LlCoStatus
run_run (LlCo *co)
{
  RunFrame *f = (RunFrame *) co;

  LL_CO_BEGIN (co);
  LL_CO_AWAIT_CO (co, f->target);
  LL_CO_END (co);
}

static void
run_cleanup (LlCo *co)
{
  RunFrame *f = (RunFrame *) co;
  RunOutcome *outcome = g_new0 (RunOutcome, 1);
  GSource *idle;

  if (f->cancelled_source != NULL)
    {
      g_source_destroy (f->cancelled_source);
      g_clear_pointer (&f->cancelled_source, g_source_unref);
    }

  /* The target's own outcome; else why it was never reached (the target
   * was a generator, or the scheduler went away first). */
  if (f->target->state == LL_CO_STATE_FINISHED)
    outcome->error = f->target->error != NULL ? g_error_copy (f->target->error) : NULL;
  else if (co->error != NULL)
    outcome->error = g_error_copy (co->error);
  else
    outcome->error = _ll_co_cancelled_error ();

  outcome->task = g_steal_pointer (&f->task);
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_static_name (idle, "ll_co_run_async");
  g_source_set_callback (idle, run_return, outcome, run_outcome_free);
  g_source_attach (idle, g_task_get_context (outcome->task));
  g_source_unref (idle);

  g_clear_pointer (&f->target, ll_co_unref);
}

/**
 * ll_co_run_async:
 * @co: a coroutine that never ran, or a task
 * @scheduler: (nullable): where to spawn @co; %NULL if @co is a task
 *   already
 * @cancellable: (nullable): cancels @co
 * @callback: called once @co has finished, on the thread-default main
 *   context of the caller
 * @user_data: for @callback
 *
 * Runs @co as a task of @scheduler (spawning it if it never ran) and
 * calls @callback when it has finished, however it finishes.  Call
 * ll_co_run_finish() there.  Cancelling @cancellable cancels @co
 * (ll_co_cancel()), from any thread.
 */
void
ll_co_run_async (LlCo                *co,
                 LlScheduler         *scheduler,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunFrame *f;

  g_return_if_fail (co != NULL);
  g_return_if_fail (scheduler == NULL || LL_IS_SCHEDULER (scheduler));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (scheduler == NULL)
    scheduler = ll_co_get_scheduler (co);
  g_return_if_fail (scheduler != NULL);
  g_return_if_fail (ll_co_get_scheduler (co) == NULL || ll_co_get_scheduler (co) == scheduler);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_co_run_async);
  g_task_set_name (task, "ll_co_run_async");
  g_task_set_task_data (task, ll_co_ref (co), (GDestroyNotify) ll_co_unref);

  f = ll_co_new (RunFrame, run_run, run_cleanup);
  f->target = ll_co_ref (co);
  f->task = g_steal_pointer (&task);

  if (cancellable != NULL)
    {
      f->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_static_name (f->cancelled_source, "ll_co_run_async cancelled");
      g_source_set_callback (f->cancelled_source, G_SOURCE_FUNC (on_cancelled), f, NULL);
      g_source_attach (f->cancelled_source, ll_scheduler_get_context (scheduler));
    }

  if (ll_co_get_state (co) == LL_CO_STATE_CREATED && ll_co_get_scheduler (co) == NULL)
    ll_scheduler_spawn (scheduler, co);
  ll_scheduler_spawn (scheduler, &f->co);
  ll_co_unref (&f->co);
}

/**
 * ll_co_run_finish:
 * @result: the #GAsyncResult given to the callback of ll_co_run_async()
 * @error: return location for a #GError
 *
 * The outcome of the coroutine, as ll_co_finish() would give it.  If the
 * cancellable was cancelled, this fails with %G_IO_ERROR_CANCELLED even
 * if the coroutine had returned (GIO's rule).
 *
 * Returns: (transfer none) (nullable): the coroutine's result, owned by
 *   it and valid as long as @result or a reference to the coroutine;
 *   %NULL with @error set if it failed or was cancelled
 */
gpointer
ll_co_run_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_co_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
