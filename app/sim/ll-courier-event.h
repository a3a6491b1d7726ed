/* ll-courier-event.h: one change of state of a courier run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

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
GType       ll_courier_event_kind_get_type  (void) G_GNUC_CONST;
GType       ll_courier_event_get_type       (void) G_GNUC_CONST;
LlCourierEvent *ll_courier_event_copy       (const LlCourierEvent *event);
void        ll_courier_event_free           (LlCourierEvent       *event);
const char *ll_courier_event_kind_to_string (LlCourierEventKind    kind);

G_END_DECLS
