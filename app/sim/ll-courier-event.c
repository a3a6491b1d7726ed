/* ll-courier-event.c: one change of state of a courier run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-event"

#include "config.h"

#include "ll-courier-event.h"

G_DEFINE_ENUM_TYPE (LlCourierEventKind, ll_courier_event_kind,
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PRODUCED, "produced"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PICKED_UP, "picked-up"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_DELIVERING, "delivering"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_DELIVERED, "delivered"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_RESUMED, "resumed"),
  G_DEFINE_ENUM_VALUE (LL_COURIER_EVENT_FINISHED, "finished"))

G_DEFINE_BOXED_TYPE (LlCourierEvent, ll_courier_event,
                     ll_courier_event_copy, ll_courier_event_free)

/**
 * ll_courier_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a copy of @event
 */
LlCourierEvent *
ll_courier_event_copy (const LlCourierEvent *event)
{
  g_return_val_if_fail (event != NULL, NULL);

  return g_memdup2 (event, sizeof *event);
}

/**
 * ll_courier_event_free:
 * @event: an event from ll_courier_event_copy()
 *
 * Frees @event.
 */
void
ll_courier_event_free (LlCourierEvent *event)
{
  g_free (event);
}

/**
 * ll_courier_event_kind_to_string:
 * @kind: an event kind
 *
 * Returns: the kind's nick, such as "picked-up", for logs and tests
 */
const char *
ll_courier_event_kind_to_string (LlCourierEventKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (LL_TYPE_COURIER_EVENT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value != NULL ? value->value_nick : "unknown";
}
