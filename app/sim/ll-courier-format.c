/* ll-courier-format.c: the courier run as the notes print it
 *
 * The lines that `looplab-cli run courier` prints and the window's log
 * shows: one per delivery as it starts, then a summary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-courier-format.h"

/* "118 units", the plural as the language has it. */
static char *
format_units (guint units)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", units), units);
}

/**
 * ll_courier_format_event:
 * @model: a model
 * @event: one of its events
 *
 * The log line of @event, as the notes print it: only a courier
 * starting a delivery has one, `王大锤正在派送0号包裹` ("Wang Dachui is
 * delivering parcel 0").  The model emits it as #LlSimModel::line.
 *
 * Returns: (transfer full) (nullable): the line, without its newline
 */
char *
ll_courier_format_event (LlCourierModel       *model,
                         const LlCourierEvent *event)
{
  g_return_val_if_fail (LL_IS_COURIER_MODEL (model), NULL);
  g_return_val_if_fail (event != NULL, NULL);

  if (event->kind != LL_COURIER_EVENT_DELIVERING)
    return NULL;

  return g_strdup_printf ("%s正在派送%d号包裹",
                          ll_courier_model_get_courier_name (model, (guint) event->courier),
                          event->parcel);
}

/**
 * ll_courier_format_summary:
 * @model: a model whose run has ended
 *
 * The summary printed after the run: how many parcels in how many
 * units, then, with several couriers, what each one did; translated,
 * each number with its plural (the window's log shows the same).
 *
 * Returns: (transfer full): the lines, each ending with a newline
 */
char *
ll_courier_format_summary (LlCourierModel *model)
{
  GString *text = g_string_new (NULL);
  g_autofree char *units = NULL;
  guint delivered;
  guint time;
  guint n_couriers;

  g_return_val_if_fail (LL_IS_COURIER_MODEL (model), NULL);

  delivered = ll_courier_model_get_n_delivered (model);
  time = ll_courier_model_get_time (model);
  units = format_units (time);
  /* TRANSLATORS: "51 parcels delivered in 118 units"; %s is "%u units". */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u parcel delivered in %s",
                                             "%u parcels delivered in %s", delivered),
                          delivered, units);
  g_string_append_c (text, '\n');

  n_couriers = (guint) ll_courier_model_get_config (model)->n_couriers;

  if (n_couriers > 1)
    {
      for (guint i = 0; i < n_couriers; i++)
        {
          guint n = ll_courier_model_get_courier_n_delivered (model, i);
          g_autofree char *busy = format_units (ll_courier_model_get_courier_busy_time (model, i));

          /* TRANSLATORS: "王大锤: 10 parcels, busy 17 units"; the
           * second %s is "%u units". */
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "%s: %u parcel, busy %s",
                                                     "%s: %u parcels, busy %s", n),
                                  ll_courier_model_get_courier_name (model, i), n, busy);
          g_string_append_c (text, '\n');
        }
    }

  return g_string_free (text, FALSE);
}
