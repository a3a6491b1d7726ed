/* ll-workload-yield.c: yielding to the loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include "ll-workload-private.h"

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
