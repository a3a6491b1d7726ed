/* ll-workload-gather.c: the coroutines of a run, gathered
 *
 * Every coroutine of a run is counted in and out here; the first that
 * fails cancels the others, and the last one out ends the work.  A
 * fail-fast gather, kept apart from the rest of the run so that a task
 * group of the coroutine runtime can take its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include "ll-workload-private.h"

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
  LlWorkloadPrivate *priv = _ll_workload_get_private (self);

  g_assert (priv->task != NULL);

  g_ptr_array_add (priv->tasks, ll_co_ref (co));
  priv->n_active++;
  ll_scheduler_spawn (_ll_workload_ensure_scheduler (self), co);

  /* Spawned after a cancel: it must not start. */
  if (g_cancellable_is_cancelled (priv->cancellable))
    ll_co_cancel (co);
}

void
_ll_workload_cancel_tasks (LlWorkload *self)
{
  LlWorkloadPrivate *priv = _ll_workload_get_private (self);

  for (guint i = 0; priv->tasks != NULL && i < priv->tasks->len; i++)
    {
      LlCo *co = g_ptr_array_index (priv->tasks, i);

      if (ll_co_get_state (co) != LL_CO_STATE_FINISHED)
        ll_co_cancel (co);
    }
}

/* Keeps the error that explains the run best: a real failure rather
 * than the cancellations it caused. */
void
_ll_workload_take_error (LlWorkload *self,
            GError     *error)
{
  LlWorkloadPrivate *priv = _ll_workload_get_private (self);

  if (error == NULL)
    return;

  if (priv->error == NULL ||
      (g_error_matches (priv->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
       !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_error (&priv->error);
      priv->error = error;
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
  LlWorkloadPrivate *priv = _ll_workload_get_private (self);
  const GError *error = ll_co_get_error (co);

  g_assert (priv->n_active > 0);

  if (error != NULL)
    {
      _ll_workload_take_error (self, g_error_copy (error));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_cancellable_cancel (priv->cancellable);
    }

  if (--priv->n_active == 0)
    _ll_workload_work_done (self, NULL);
}
