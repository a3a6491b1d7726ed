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

#include "ll-scheduler.h"

G_BEGIN_DECLS

#define LL_COURIER_MODEL_MAX_COURIERS  20
#define LL_COURIER_MODEL_MAX_CAPACITY  5
#define LL_COURIER_MODEL_MAX_PARCELS   10000
#define LL_COURIER_MODEL_MAX_UNITS     1000
#define LL_COURIER_MODEL_MIN_SPEED     0.5
#define LL_COURIER_MODEL_MAX_SPEED     100.0

/**
 * LlCourierEventKind:
 * @LL_COURIER_EVENT_PRODUCED: the centre made parcel @parcel
 * @LL_COURIER_EVENT_QUEUED: parcel @parcel joined the queue
 * @LL_COURIER_EVENT_PICKED_UP: courier @courier took parcel @parcel from
 *   the queue
 * @LL_COURIER_EVENT_DELIVERING: courier @courier started delivering
 *   parcel @parcel, which takes @duration units (the notes print their
 *   line here)
 * @LL_COURIER_EVENT_DELIVERED: courier @courier delivered parcel @parcel
 * @LL_COURIER_EVENT_PAUSED: the centre paused for @duration units
 * @LL_COURIER_EVENT_RESUMED: the centre resumed
 * @LL_COURIER_EVENT_FINISHED: every parcel was delivered
 *
 * The kinds of #LlCourierEvent.
 */
typedef enum
{
  LL_COURIER_EVENT_PRODUCED,
  LL_COURIER_EVENT_QUEUED,
  LL_COURIER_EVENT_PICKED_UP,
  LL_COURIER_EVENT_DELIVERING,
  LL_COURIER_EVENT_DELIVERED,
  LL_COURIER_EVENT_PAUSED,
  LL_COURIER_EVENT_RESUMED,
  LL_COURIER_EVENT_FINISHED,
} LlCourierEventKind;

/**
 * LlCourierEvent:
 * @kind: what happened
 * @time: the model's time, in units
 * @parcel: the parcel's number, or -1
 * @courier: the courier's index (0 is the first), or -1
 * @duration: for %LL_COURIER_EVENT_DELIVERING and
 *   %LL_COURIER_EVENT_PAUSED, how many units it takes; else 0
 *
 * One change of state.  The counters of the model are already updated
 * when it is emitted.
 */
typedef struct
{
  LlCourierEventKind kind;
  guint              time;
  int                parcel;
  int                courier;
  guint              duration;
} LlCourierEvent;

#define LL_TYPE_COURIER_EVENT_KIND (ll_courier_event_kind_get_type ())
#define LL_TYPE_COURIER_EVENT (ll_courier_event_get_type ())
#define LL_TYPE_COURIER_MODEL (ll_courier_model_get_type ())

GType                  ll_courier_event_kind_get_type      (void) G_GNUC_CONST;
GType                  ll_courier_event_get_type           (void) G_GNUC_CONST;
LlCourierEvent        *ll_courier_event_copy               (const LlCourierEvent *event);
void                   ll_courier_event_free               (LlCourierEvent       *event);
const char            *ll_courier_event_kind_to_string     (LlCourierEventKind    kind);

G_DECLARE_FINAL_TYPE (LlCourierModel, ll_courier_model, LL, COURIER_MODEL, GObject)

LlCourierModel        *ll_courier_model_new                (LlScheduler          *scheduler);
LlScheduler           *ll_courier_model_get_scheduler      (LlCourierModel       *self);

/* Running */
void                   ll_courier_model_start              (LlCourierModel       *self);
void                   ll_courier_model_stop               (LlCourierModel       *self);
gboolean               ll_courier_model_get_running        (LlCourierModel       *self);
gboolean               ll_courier_model_get_paused         (LlCourierModel       *self);
void                   ll_courier_model_set_paused         (LlCourierModel       *self,
                                                            gboolean              paused);

/* Configuration: read at ll_courier_model_start(), except :speed and
 * :blocking, which apply from the next wait on */
guint                  ll_courier_model_get_n_couriers     (LlCourierModel       *self);
void                   ll_courier_model_set_n_couriers     (LlCourierModel       *self,
                                                            guint                 n_couriers);
guint                  ll_courier_model_get_capacity       (LlCourierModel       *self);
void                   ll_courier_model_set_capacity       (LlCourierModel       *self,
                                                            guint                 capacity);
guint                  ll_courier_model_get_n_parcels      (LlCourierModel       *self);
void                   ll_courier_model_set_n_parcels      (LlCourierModel       *self,
                                                            guint                 n_parcels);
void                   ll_courier_model_get_delivery_range (LlCourierModel       *self,
                                                            guint                *min,
                                                            guint                *max);
void                   ll_courier_model_set_delivery_range (LlCourierModel       *self,
                                                            guint                 min,
                                                            guint                 max);
void                   ll_courier_model_get_pause_range    (LlCourierModel       *self,
                                                            guint                *min,
                                                            guint                *max);
void                   ll_courier_model_set_pause_range    (LlCourierModel       *self,
                                                            guint                 min,
                                                            guint                 max);
guint                  ll_courier_model_get_pause_every    (LlCourierModel       *self);
void                   ll_courier_model_set_pause_every    (LlCourierModel       *self,
                                                            guint                 pause_every);
double                 ll_courier_model_get_speed          (LlCourierModel       *self);
void                   ll_courier_model_set_speed          (LlCourierModel       *self,
                                                            double                speed);
guint32                ll_courier_model_get_seed           (LlCourierModel       *self);
void                   ll_courier_model_set_seed           (LlCourierModel       *self,
                                                            guint32               seed);
gboolean               ll_courier_model_get_blocking       (LlCourierModel       *self);
void                   ll_courier_model_set_blocking       (LlCourierModel       *self,
                                                            gboolean              blocking);

/* Counters */
guint                  ll_courier_model_get_time           (LlCourierModel       *self);
double                 ll_courier_model_get_clock_time     (LlCourierModel       *self);
guint                  ll_courier_model_get_n_produced     (LlCourierModel       *self);
guint                  ll_courier_model_get_n_waiting      (LlCourierModel       *self);
guint                  ll_courier_model_get_n_in_transit   (LlCourierModel       *self);
guint                  ll_courier_model_get_n_delivered    (LlCourierModel       *self);

/* The couriers of the current (or last) run */
const char            *ll_courier_model_get_courier_name   (LlCourierModel       *self,
                                                            guint                 courier);
guint                  ll_courier_model_get_courier_load   (LlCourierModel       *self,
                                                            guint                 courier);
guint                  ll_courier_model_get_courier_n_delivered (LlCourierModel  *self,
                                                                 guint            courier);
guint                  ll_courier_model_get_courier_busy_time   (LlCourierModel  *self,
                                                                 guint            courier);

/* The record */
const LlCourierEvent  *ll_courier_model_get_events         (LlCourierModel       *self,
                                                            guint                *n_events);

G_END_DECLS
