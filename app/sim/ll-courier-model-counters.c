/* ll-courier-model-counters.c: what a courier run has counted so far
 *
 * The read side of LlCourierModel: its counters, each courier's, and
 * the record of events.  See ll-courier-model-private.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-model"

#include "config.h"

#include "ll-courier-model-private.h"

/**
 * ll_courier_model_get_time:
 * @self: a model
 *
 * Returns: the model's time: the time of the latest turn, in units
 */
guint
ll_courier_model_get_time (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->agenda.now;
}

/**
 * ll_courier_model_get_clock_time:
 * @self: a model
 *
 * The time since the start on the scheduler's clock, converted to
 * units: between two turns it runs on smoothly, for an animation to
 * place a courier on its way.  It stands still while the model is
 * paused.
 *
 * Returns: the time in units, fractional
 */
double
ll_courier_model_get_clock_time (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return ll_courier_agenda_get_clock_time (&self->agenda);
}

guint
ll_courier_model_get_n_produced (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_produced;
}

guint
ll_courier_model_get_n_waiting (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_waiting;
}

guint
ll_courier_model_get_n_in_transit (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_in_transit;
}

guint
ll_courier_model_get_n_delivered (LlCourierModel *self)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);

  return self->n_delivered;
}

/**
 * ll_courier_model_get_courier_name:
 * @self: a model
 * @courier: an index below %LL_COURIER_MODEL_MAX_COURIERS
 *
 * The first is the notes' 王大锤; then come a fixed cast of ten, then
 * numbers (快递员11号 ...).
 *
 * Returns: the courier's name
 */
const char *
ll_courier_model_get_courier_name (LlCourierModel *self,
                                   guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);
  g_return_val_if_fail (courier < LL_COURIER_MODEL_MAX_COURIERS, NULL);

  return self->names[courier];
}

/**
 * ll_courier_model_get_courier_load:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: how many parcels it carries now, up to the capacity
 */
guint
ll_courier_model_get_courier_load (LlCourierModel *self,
                                   guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->n_couriers, 0);

  return self->couriers[courier].load;
}

/**
 * ll_courier_model_get_courier_n_delivered:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: how many parcels it has delivered
 */
guint
ll_courier_model_get_courier_n_delivered (LlCourierModel *self,
                                          guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->n_couriers, 0);

  return self->couriers[courier].n_delivered;
}

/**
 * ll_courier_model_get_courier_busy_time:
 * @self: a model
 * @courier: a courier of the current or last run
 *
 * Returns: the units it has spent delivering
 */
guint
ll_courier_model_get_courier_busy_time (LlCourierModel *self,
                                        guint           courier)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), 0);
  g_return_val_if_fail (courier < self->n_couriers, 0);

  return self->couriers[courier].busy;
}

/**
 * ll_courier_model_get_events:
 * @self: a model
 * @n_events: (out): how many
 *
 * The record of the current or last run, oldest first.
 *
 * Returns: (transfer none) (array length=n_events): the events, valid
 *   until the next event or start
 */
const LlCourierEvent *
ll_courier_model_get_events (LlCourierModel *self,
                             guint          *n_events)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (self), NULL);
  g_return_val_if_fail (n_events != NULL, NULL);

  *n_events = self->events->len;

  return (const LlCourierEvent *) (gpointer) self->events->data;
}
