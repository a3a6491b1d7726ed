/* ll-task-group.c: tasks run together, awaited as one
 *
 * A group is a coroutine like any other: its frame holds its tasks, and
 * its body spawns them, then awaits each in turn.  Awaiting them in order
 * rather than "whichever finishes first" costs nothing: the group
 * finishes when the last one does either way.  What order cannot give is
 * failing fast, so a fail-fast group watches each of its tasks (the
 * finished hook of ll-co-private.h): the first that fails cancels the
 * others.  Cancelling the group cancels its GCancellable, whose handler
 * cancels every task at once, not only the one the group awaits.
 *
 * Either way the group is structured: it finishes only once every task
 * has.  So its awaits are not LL_CO_AWAIT_CO(), which unwinds as soon as
 * the group itself is cancelled, but the same resume point without the
 * unwinding, which keeps awaiting the tasks it cancelled (a task in the
 * middle of a GIO call finishes only when GIO calls back).  For the same
 * reason a group cancelled before it ever ran still runs its body, to
 * wait for tasks that were spawned before they were added.
 *
 * ll_co_gather() is the same group without the watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-task-group"

#include "config.h"

#include "ll-co-private.h"
#include "ll-task-group.h"

struct _LlTaskGroup
{
  LlCo       co;

  GPtrArray *tasks;       /* owned references, in the order added */
  guint      i;           /* the task the body awaits */
  gulong     cancelled_id;
  guint      fail_fast : 1;
  guint      started : 1;
  guint      failing : 1; /* a task failed: the others are being cancelled */
};

static void
cancel_tasks (LlTaskGroup *self)
{
  guint i;

  for (i = 0; i < self->tasks->len; i++)
    {
      LlCo *task = g_ptr_array_index (self->tasks, i);

      if (task->state != LL_CO_STATE_FINISHED)
        ll_co_cancel (task);
    }
}

/* A task's own cancellation is no failure of the group's: asyncio's
 * TaskGroup lets a child's CancelledError pass without cancelling its
 * siblings. */
static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
fail (LlTaskGroup *self)
{
  if (self->failing)
    return;

  self->failing = TRUE;
  cancel_tasks (self);
}

/* The finished hook of each task of a fail-fast group. */
static void
task_finished (LlCo     *task,
               gpointer  data)
{
  LlTaskGroup *self = data;

  if (task->error != NULL && !is_cancellation (task->error) &&
      self->co.state != LL_CO_STATE_FINISHED)
    fail (self);
}

static void
start_task (LlTaskGroup *self,
            LlCo        *task)
{
  if (task->state == LL_CO_STATE_CREATED && !(task->flags & LL_CO_FLAG_TASK))
    ll_scheduler_spawn (self->co.sched, task);
  if (self->failing || (self->co.flags & LL_CO_FLAG_CANCELLED))
    ll_co_cancel (task);
}

/* The first task to fail, in time; a fail-fast group prefers the first
 * real failure to the cancellations it caused. */
static LlCo *
first_failure (LlTaskGroup *self)
{
  LlCo *first = NULL;
  guint i;

  for (i = 0; i < self->tasks->len; i++)
    {
      LlCo *task = g_ptr_array_index (self->tasks, i);
      gboolean better;

      if (task->error == NULL)
        continue;

      if (first == NULL)
        better = TRUE;
      else if (self->fail_fast && is_cancellation (first->error) != is_cancellation (task->error))
        better = is_cancellation (first->error);
      else
        better = (int) (task->seq - first->seq) < 0;

      if (better)
        first = task;
    }

  return first;
}

/* The group's error: a task's real failure; else the group's own (it
 * was cancelled); else a task's lone cancellation, since that task's
 * result is missing.  The results stand even when one failed (a
 * gather's array says what the others returned). */
static LlCoStatus
collect (LlTaskGroup *self)
{
  GPtrArray *results = g_ptr_array_sized_new (self->tasks->len);
  LlCo *first = first_failure (self);
  guint i;

  for (i = 0; i < self->tasks->len; i++)
    {
      LlCo *task = g_ptr_array_index (self->tasks, i);

      g_ptr_array_add (results, task->error == NULL ? task->value : NULL);
    }

  if (first != NULL && (self->co.error == NULL || !is_cancellation (first->error)))
    {
      g_clear_error (&self->co.error);
      self->co.error = g_error_copy (first->error);
    }
  self->co.value = results;
  _ll_co_get_extra (&self->co)->value_destroy = (GDestroyNotify) g_ptr_array_unref;

  return LL_CO_STATUS_DONE;
}

static LlCoStatus
group_run (LlCo *co)
{
  LlTaskGroup *self = (LlTaskGroup *) co;

  LL_CO_BEGIN (co);

  if (!(co->flags & LL_CO_FLAG_TASK))
    return ll_co_fail (co, g_error_new (LL_CO_ERROR, LL_CO_ERROR_NOT_A_TASK,
                                        "A %s must run as a task", ll_co_get_name (co)));

  /* Start them all before waiting on the first, so they run together.
   * Tasks added from now on start as they are added. */
  self->started = TRUE;
  for (self->i = 0; self->i < self->tasks->len; self->i++)
    start_task (self, g_ptr_array_index (self->tasks, self->i));

  /* Cancelled, or failing, the group goes on awaiting the tasks it
   * cancelled.  A task added before the group finishes is awaited too:
   * the length is read again at every turn. */
  for (self->i = 0; self->i < self->tasks->len; self->i++)
    _LL_CO_AWAIT_CO_NO_UNWIND (co, g_ptr_array_index (self->tasks, self->i));

  return collect (self);

  LL_CO_END (co);
}

/* Cancelling the group cancels its cancellable (ll-task.c); this runs
 * inside that call, and cancels all the tasks at once. */
static void
group_cancelled (GCancellable *cancellable,
                 gpointer      data)
{
  cancel_tasks (data);
}

/* Finished without waiting for its tasks (dropped before it ran, its
 * scheduler disposed, not a task): they must not outlive the reason they
 * were started. */
static void
group_cleanup (LlCo *co)
{
  cancel_tasks ((LlTaskGroup *) co);
}

/* The results borrow from the tasks, so they live as long as the group. */
static void
group_finalize (LlCo *co)
{
  LlTaskGroup *self = (LlTaskGroup *) co;
  guint i;

  for (i = 0; i < self->tasks->len; i++)
    {
      LlCo *task = g_ptr_array_index (self->tasks, i);

      if (task->extra != NULL && task->extra->finished_data == self)
        {
          task->extra->finished = NULL;
          task->extra->finished_data = NULL;
        }
    }
  g_cancellable_disconnect (ll_co_peek_cancellable (co), self->cancelled_id);
  g_ptr_array_unref (self->tasks);
}

static LlTaskGroup *
group_new (gboolean    fail_fast,
           const char *name)
{
  LlTaskGroup *self = ll_co_new (LlTaskGroup, group_run, group_cleanup);

  self->co.name = name;
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_co_unref);
  self->fail_fast = fail_fast;
  self->co.flags |= LL_CO_FLAG_RUNS_CANCELLED;
  _ll_co_get_extra (&self->co)->finalize = group_finalize;
  self->cancelled_id = g_cancellable_connect (ll_co_get_cancellable (&self->co),
                                              G_CALLBACK (group_cancelled), self, NULL);

  return self;
}

/**
 * ll_task_group_new:
 *
 * Creates an empty fail-fast group.  It starts when it is awaited
 * (LL_CO_AWAIT_GROUP()) or spawned (ll_scheduler_spawn() of
 * ll_task_group_get_co()): then it spawns its tasks on its own scheduler
 * and waits for all of them.  The first task to fail cancels the others,
 * and its error becomes the group's (a real failure is, even one that
 * comes after the cancellations: it explains the group better than the
 * cancellations do).  A task cancelled by itself cancels
 * nothing; if no task failed, the group then finishes with
 * %G_IO_ERROR_CANCELLED, as it does when it is cancelled itself.
 * Either way it finishes once every task has.
 *
 * Returns: (transfer full): a new group
 */
LlTaskGroup *
ll_task_group_new (void)
{
  return group_new (TRUE, "task group");
}

/**
 * ll_task_group_ref:
 * @self: a group
 *
 * Returns: (transfer full): @self
 */
LlTaskGroup *
ll_task_group_ref (LlTaskGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  ll_co_ref (&self->co);

  return self;
}

/**
 * ll_task_group_unref:
 * @self: (transfer full): a group
 *
 * Drops a reference.  A group dropped before it ran cancels its tasks.
 */
void
ll_task_group_unref (LlTaskGroup *self)
{
  g_return_if_fail (self != NULL);

  ll_co_unref (&self->co);
}

/**
 * ll_task_group_add:
 * @self: a group that has not finished
 * @co: a coroutine that never ran, or a task
 *
 * Adds @co to @self, which keeps a reference to it.  Before the group
 * starts, @co waits for it; once the group runs, @co is spawned on the
 * group's scheduler at once (a task already spawned keeps its own), and
 * awaited before the group finishes; if the group is already failing or
 * cancelled, @co is cancelled at once.
 *
 * Returns: (transfer none): @co
 */
LlCo *
ll_task_group_add (LlTaskGroup *self,
                   LlCo        *co)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (co != NULL, NULL);
  g_return_val_if_fail (self->co.state != LL_CO_STATE_FINISHED, co);
  g_return_val_if_fail (co != &self->co, co);
  g_return_val_if_fail ((co->flags & LL_CO_FLAG_TASK) ||
                        co->state == LL_CO_STATE_CREATED ||
                        co->state == LL_CO_STATE_FINISHED, co);

  if (self->fail_fast)
    {
      LlCoExtra *extra = _ll_co_get_extra (co);

      g_return_val_if_fail (extra->finished == NULL, co);

      extra->finished = task_finished;
      extra->finished_data = self;
    }

  g_ptr_array_add (self->tasks, ll_co_ref (co));

  if (self->fail_fast && co->error != NULL)
    fail (self);
  if (self->started)
    start_task (self, co);

  return co;
}

/**
 * ll_task_group_get_co:
 * @self: a group
 *
 * The group as a coroutine: to await with LL_CO_AWAIT_CO() (which
 * LL_CO_AWAIT_GROUP() does), to spawn, or to give wherever an #LlCo goes.
 * Its result is a #GPtrArray of the tasks' results, as ll_co_gather()'s.
 *
 * Returns: (transfer none): the group's coroutine
 */
LlCo *
ll_task_group_get_co (LlTaskGroup *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->co;
}

/**
 * ll_task_group_cancel:
 * @self: a group
 *
 * Cancels the group and with it every task in it (ll_co_cancel()).  The
 * group finishes once they have all unwound.
 */
void
ll_task_group_cancel (LlTaskGroup *self)
{
  g_return_if_fail (self != NULL);

  ll_co_cancel (&self->co);
}

/**
 * ll_task_group_finish:
 * @self: a finished group
 * @error: return location for a #GError
 *
 * The outcome of the group, after LL_CO_AWAIT_GROUP().
 *
 * Returns: %TRUE if every task returned; %FALSE with @error set to the
 *   group's failure (see ll_task_group_new()), or to
 *   %G_IO_ERROR_CANCELLED if the group, or one of its tasks, was
 *   cancelled
 */
gboolean
ll_task_group_finish (LlTaskGroup  *self,
                      GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->co.state == LL_CO_STATE_FINISHED, FALSE);

  if (self->co.error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->co.error));
      return FALSE;
    }

  return TRUE;
}

/**
 * ll_task_group_get_n_tasks:
 * @self: a group
 *
 * Returns: how many tasks were added
 */
guint
ll_task_group_get_n_tasks (LlTaskGroup *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->tasks->len;
}

/**
 * ll_task_group_get_task:
 * @self: a group
 * @index: which, in the order they were added
 *
 * Returns: (transfer none): the task, whose state and error say how it
 *   ended
 */
LlCo *
ll_task_group_get_task (LlTaskGroup *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->tasks->len, NULL);

  return g_ptr_array_index (self->tasks, index);
}

/**
 * ll_task_group_get_result:
 * @self: a group
 * @index: which task, in the order they were added
 *
 * Returns: (transfer none) (nullable): the result of that task, owned by
 *   it and valid as long as the group; %NULL if it failed, was cancelled
 *   or has not finished
 */
gpointer
ll_task_group_get_result (LlTaskGroup *self,
                          guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->tasks->len, NULL);

  return ll_co_get_result (g_ptr_array_index (self->tasks, index));
}

/**
 * ll_co_gather:
 * @cos: (array length=n_cos): the coroutines to run together
 * @n_cos: how many
 *
 * Creates a coroutine that spawns every coroutine of @cos not yet spawned,
 * waits until all have finished, and returns their results (asyncio's
 * `gather`).  Await it with LL_CO_AWAIT_CO() or spawn it.  It is a task
 * group that does not fail fast: a failure cancels nothing.
 *
 * Its result is a #GPtrArray holding each coroutine's result, in the
 * order of @cos (%NULL for a failure), valid as long as the gather.  If
 * any failed, ll_co_finish() reports the first failure in time (the
 * array is still there through ll_co_get_result()).  Cancelling the
 * gather cancels the coroutines it still waits for, and it finishes once
 * they have unwound.
 *
 * Returns: (transfer full): the gather coroutine
 */
LlCo *
ll_co_gather (LlCo * const *cos,
              guint         n_cos)
{
  LlTaskGroup *self;
  guint i;

  g_return_val_if_fail (cos != NULL || n_cos == 0, NULL);

  self = group_new (FALSE, "gather");
  for (i = 0; i < n_cos; i++)
    g_ptr_array_add (self->tasks, ll_co_ref (cos[i]));

  return &self->co;
}
