/* ll-step-gate.c: where a paused pipeline waits for a debugger's Step
 *
 * A gate a task awaits like any GIO operation: open, a wait completes
 * at once; shut, each ll_step_gate_step() lets one waiter through, the
 * one that has waited longest, or, if nobody waits yet, the next to
 * come.  The pipeline's sources await it before each send while the
 * demo is paused, so that one Step is one send, however many reads of
 * the log it takes to have a line to send: the reads go on by
 * themselves, and only the sends wait.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-step-gate"

#include "config.h"

#include "ll-step-gate.h"

struct _LlStepGate
{
  GObject  parent_instance;

  GQueue   waiting;      /* of GTask */
  guint    banked;       /* steps that came before anybody waited */
  gboolean open;
};

G_DEFINE_FINAL_TYPE (LlStepGate, ll_step_gate, G_TYPE_OBJECT)

typedef struct
{
  LlStepGate *gate;      /* borrowed: the task holds a reference */
  gulong      cancelled_id;
} Wait;

static void
wait_free (gpointer data)
{
  g_free (data);
}

/* Lets @task through: the waiter's callback runs (ll_co_async_ready()
 * only queues its task, so this is safe in the middle of a step). */
static void
let_through (GTask *task)
{
  Wait *wait = g_task_get_task_data (task);

  if (wait->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), wait->cancelled_id);
  wait->cancelled_id = 0;
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
ll_step_gate_dispose (GObject *object)
{
  LlStepGate *self = LL_STEP_GATE (object);
  GTask *task;

  /* Nobody waits on a gate that goes away. */
  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    let_through (task);

  G_OBJECT_CLASS (ll_step_gate_parent_class)->dispose (object);
}

static void
ll_step_gate_class_init (LlStepGateClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ll_step_gate_dispose;
}

static void
ll_step_gate_init (LlStepGate *self)
{
  g_queue_init (&self->waiting);
  self->open = TRUE;
}

/**
 * ll_step_gate_new:
 *
 * Returns: (transfer full): an open gate
 */
LlStepGate *
ll_step_gate_new (void)
{
  return g_object_new (LL_TYPE_STEP_GATE, NULL);
}

gboolean
ll_step_gate_get_open (LlStepGate *self)
{
  g_return_val_if_fail (LL_IS_STEP_GATE (self), TRUE);

  return self->open;
}

/**
 * ll_step_gate_set_open:
 * @self: a gate
 * @open: %TRUE to let every waiter through from now on
 *
 * Opening lets those who wait through at once; shutting forgets the
 * steps banked.
 */
void
ll_step_gate_set_open (LlStepGate *self,
                       gboolean    open)
{
  GTask *task;

  g_return_if_fail (LL_IS_STEP_GATE (self));

  self->open = !!open;
  self->banked = 0;
  if (!self->open)
    return;

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    let_through (task);
}

/**
 * ll_step_gate_step:
 * @self: a shut gate
 *
 * Lets one waiter through: the one that has waited longest, or the next
 * to wait.
 */
void
ll_step_gate_step (LlStepGate *self)
{
  GTask *task;

  g_return_if_fail (LL_IS_STEP_GATE (self));

  task = g_queue_pop_head (&self->waiting);
  if (task != NULL)
    let_through (task);
  else
    self->banked++;
}

/**
 * ll_step_gate_get_n_waiting:
 * @self: a gate
 *
 * Returns: how many wait at the gate now
 */
guint
ll_step_gate_get_n_waiting (LlStepGate *self)
{
  g_return_val_if_fail (LL_IS_STEP_GATE (self), 0);

  return self->waiting.length;
}

static void
wait_cancelled (GCancellable *cancellable,
                gpointer      user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);

  /* Called from g_cancellable_cancel(), which holds the handler: it
   * cannot be disconnected here, only forgotten. */
  wait->cancelled_id = 0;
  if (g_queue_remove (&wait->gate->waiting, task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
}

/**
 * ll_step_gate_wait_async:
 * @self: a gate
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the gate lets this wait through
 * @user_data: for @callback
 *
 * Waits to be let through: at once if the gate is open or a step was
 * banked.
 */
void
ll_step_gate_wait_async (LlStepGate          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Wait *wait;

  g_return_if_fail (LL_IS_STEP_GATE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_step_gate_wait_async);
  wait = g_new0 (Wait, 1);
  wait->gate = self;
  g_task_set_task_data (task, wait, wait_free);

  if (self->open || self->banked > 0)
    {
      if (!self->open)
        self->banked--;
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  g_queue_push_tail (&self->waiting, task);
  if (cancellable != NULL)
    wait->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled), task, NULL);
}

gboolean
ll_step_gate_wait_finish (LlStepGate    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
