/* ll-sim-private.c: what the demo models share
 *
 * One copy of the property specs, the ::line signal, the notify-on-change
 * setter and the way to drop a task, which the models of app/sim/ would
 * otherwise each write out.  See ll-sim-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sim-private"

#include "config.h"

#include "ll-sim-private.h"

/* :scheduler, the scheduler a model runs on, set once at construction. */
GParamSpec *
ll_sim_param_scheduler (void)
{
  return g_param_spec_object ("scheduler", NULL, NULL,
                              LL_TYPE_SCHEDULER,
                              (G_PARAM_READWRITE |
                               G_PARAM_CONSTRUCT_ONLY |
                               G_PARAM_STATIC_STRINGS));
}

/* :running, read-only. */
GParamSpec *
ll_sim_param_running (void)
{
  return g_param_spec_boolean ("running", NULL, NULL,
                               FALSE,
                               (G_PARAM_READABLE |
                                G_PARAM_EXPLICIT_NOTIFY |
                                G_PARAM_STATIC_STRINGS));
}

/* A read-only count from 0; @name must be a static string. */
GParamSpec *
ll_sim_param_counter (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL,
                            0, G_MAXUINT, 0,
                            (G_PARAM_READABLE |
                             G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

/* ::line, a line of the transcript without its newline.  Returns its id. */
guint
ll_sim_signal_new_line (GType type)
{
  return g_signal_new ("line",
                       type,
                       G_SIGNAL_RUN_LAST,
                       0,
                       NULL, NULL,
                       NULL,
                       G_TYPE_NONE, 1,
                       G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

/* Stores @value in @field, the field behind @pspec, and notifies @pspec
 * only if that changed it. */
void
ll_sim_set_uint (GObject    *object,
                 guint      *field,
                 guint       value,
                 GParamSpec *pspec)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

/* Cancels the task and lets go of it; *@task is NULL afterwards.  A task
 * cancelled while ready unwinds only when it is next resumed, which in
 * step mode means only when it is stepped: so unless a task is running
 * now, it is stepped once more here, and the scheduler lets go of it
 * (and of what its frame holds) at once.
 *
 * Clear the frame's pointer back to the model first: a task cancelled
 * while it runs carries on up to its next resume point. */
void
ll_sim_drop_task (LlScheduler  *scheduler,
                  LlCo        **task)
{
  g_assert (task != NULL);

  if (*task == NULL)
    return;

  ll_co_cancel (*task);
  if (ll_co_get_wait (*task) == LL_CO_WAIT_READY &&
      ll_scheduler_get_current (scheduler) == NULL)
    ll_scheduler_step_co (scheduler, *task);
  g_clear_pointer (task, ll_co_unref);
}
