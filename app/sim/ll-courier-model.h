/* ll-courier-model.h: couriers delivering parcels from a package centre
 *
 * The model behind the courier demo, for the GUI to animate and for
 * `looplab-cli run courier` to print: a package centre and its couriers
 * are coroutines on an #LlScheduler, and every change of state is an
 * #LlCourierEvent, emitted as the #LlCourierModel::event signal and kept
 * in a record.
 *
 * The centre puts parcels 0 to n-1 on an unbounded queue, one by one,
 * pausing after every 10; an idle courier takes up to its capacity from
 * the queue and delivers them one after another.  Time is counted in
 * whole units, and a run depends only on the configuration and the
 * seed: not on the clock, the speed, nor on whether the coroutines
 * block (see ll-courier-model.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-courier-config.h"
#include "ll-courier-event.h"
#include "ll-sim-model.h"

G_BEGIN_DECLS

#define LL_TYPE_COURIER_MODEL (ll_courier_model_get_type ())

G_DECLARE_FINAL_TYPE (LlCourierModel, ll_courier_model, LL, COURIER_MODEL, LlSimModel)

LlCourierModel        *ll_courier_model_new                (LlScheduler           *scheduler);

/* Running */
void                   ll_courier_model_start              (LlCourierModel        *self);
gboolean               ll_courier_model_get_paused         (LlCourierModel        *self);
void                   ll_courier_model_set_paused         (LlCourierModel        *self,
                                                            gboolean               paused);

/* Configuration: read at ll_courier_model_start(), except its speed and
 * blocking, which apply from the next wait on */
const LlCourierConfig *ll_courier_model_get_config         (LlCourierModel        *self);
void                   ll_courier_model_set_config         (LlCourierModel        *self,
                                                            const LlCourierConfig *config);

/* Counters */
guint                  ll_courier_model_get_time           (LlCourierModel        *self);
double                 ll_courier_model_get_clock_time     (LlCourierModel        *self);
guint                  ll_courier_model_get_n_produced     (LlCourierModel        *self);
guint                  ll_courier_model_get_n_waiting      (LlCourierModel        *self);
guint                  ll_courier_model_get_n_in_transit   (LlCourierModel        *self);
guint                  ll_courier_model_get_n_delivered    (LlCourierModel        *self);

/* The couriers of the current (or last) run */
const char            *ll_courier_model_get_courier_name   (LlCourierModel        *self,
                                                            guint                  courier);
guint                  ll_courier_model_get_courier_load   (LlCourierModel        *self,
                                                            guint                  courier);
guint                  ll_courier_model_get_courier_n_delivered (LlCourierModel   *self,
                                                                 guint             courier);
guint                  ll_courier_model_get_courier_busy_time   (LlCourierModel   *self,
                                                                 guint             courier);

/* The record */
const LlCourierEvent  *ll_courier_model_get_events         (LlCourierModel        *self,
                                                            guint                 *n_events);

G_END_DECLS
