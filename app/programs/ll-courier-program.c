/* ll-courier-program.c: the notes' courier, in a terminal
 *
 * Runs an #LlCourierModel and prints the notes' log line each time a
 * courier starts a delivery, `王大锤正在派送0号包裹` ("Wang Dachui is
 * delivering parcel 0"), then a summary:
 *
 *   51 parcels delivered in 143 units
 *
 * and, with several couriers, what each one did.  `--blocking` makes
 * the coroutines sleep the notes' way, blocking the thread: the lines
 * are the same, but the whole run takes the sum of every sleep, and
 * nothing else can run meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-courier-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-courier-model.h"
#include "ll-courier-program.h"
#include "ll-programs.h"
#include "ll-sim-program.h"

static const char *
plural (guint       n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

/**
 * ll_courier_format_event:
 * @model: a model
 * @event: one of its events
 *
 * The log line of @event, as the notes print it: only a courier
 * starting a delivery has one.  The window's log shows the same lines.
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
 * The summary the program prints after the run: how many parcels in how
 * many units, then, with several couriers, what each one did.
 *
 * Returns: (transfer full): the lines, each ending with a newline
 */
char *
ll_courier_format_summary (LlCourierModel *model)
{
  GString *text = g_string_new (NULL);
  guint delivered;
  guint n_couriers;

  g_return_val_if_fail (LL_IS_COURIER_MODEL (model), NULL);

  delivered = ll_courier_model_get_n_delivered (model);
  g_string_append_printf (text, "%u %s delivered in %u %s\n",
                          delivered, plural (delivered, "parcel", "parcels"),
                          ll_courier_model_get_time (model),
                          plural (ll_courier_model_get_time (model), "unit", "units"));

  n_couriers = ll_courier_model_get_n_couriers (model);
  if (n_couriers > 1)
    {
      for (guint i = 0; i < n_couriers; i++)
        {
          guint n = ll_courier_model_get_courier_n_delivered (model, i);
          guint busy = ll_courier_model_get_courier_busy_time (model, i);

          g_string_append_printf (text, "%s: %u %s, busy %u %s\n",
                                  ll_courier_model_get_courier_name (model, i),
                                  n, plural (n, "parcel", "parcels"),
                                  busy, plural (busy, "unit", "units"));
        }
    }

  return g_string_free (text, FALSE);
}

static void
on_event (LlCourierModel       *model,
          const LlCourierEvent *event,
          GOutputStream        *out)
{
  g_autofree char *line = ll_courier_format_event (model, event);

  if (line != NULL)
    ll_print (out, "%s\n", line);
}

gboolean
ll_courier_program_run (int             argc,
                        char          **argv,
                        GOutputStream  *out,
                        GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCourierModel) model = NULL;
  int n_parcels = 51;
  int n_couriers = 1;
  int capacity = 1;
  gint64 seed = G_MININT64;   /* not given: a random seed */
  double speed = 1.0;
  gboolean blocking = FALSE;
  g_autofree char *summary = NULL;
  const GOptionEntry entries[] = {
    { "parcels", 0, 0, G_OPTION_ARG_INT, &n_parcels,
      N_("How many parcels, numbered from 0 (1 to 10000; 51 by default)"), N_("N") },
    { "couriers", 0, 0, G_OPTION_ARG_INT, &n_couriers,
      N_("How many couriers (1 to 20)"), N_("N") },
    { "capacity", 0, 0, G_OPTION_ARG_INT, &capacity,
      N_("How many parcels a courier carries per trip (1 to 5)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the random durations (0 to 4294967295): the same seed, the same run"), N_("SEED") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_("Time units per second (0.5 to 100)"), N_("UNITS") },
    { "blocking", 0, 0, G_OPTION_ARG_NONE, &blocking,
      N_("Sleep the notes' way, blocking the whole thread"), NULL },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  if (n_parcels < 1 || n_parcels > LL_COURIER_MODEL_MAX_PARCELS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--parcels takes 1 to %d parcels, not %d"),
                   LL_COURIER_MODEL_MAX_PARCELS, n_parcels);
      return FALSE;
    }
  if (n_couriers < 1 || n_couriers > LL_COURIER_MODEL_MAX_COURIERS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--couriers takes 1 to %d couriers, not %d"),
                   LL_COURIER_MODEL_MAX_COURIERS, n_couriers);
      return FALSE;
    }
  if (capacity < 1 || capacity > LL_COURIER_MODEL_MAX_CAPACITY)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--capacity takes 1 to %d parcels, not %d"),
                   LL_COURIER_MODEL_MAX_CAPACITY, capacity);
      return FALSE;
    }
  if (seed != G_MININT64 && (seed < 0 || seed > G_MAXUINT32))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seed takes 0 to %u, not %lld"),
                   G_MAXUINT32, (long long) seed);
      return FALSE;
    }
  if (!(speed >= LL_COURIER_MODEL_MIN_SPEED && speed <= LL_COURIER_MODEL_MAX_SPEED))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--speed takes 0.5 to 100 units per second"));
      return FALSE;
    }

  model = ll_courier_model_new (run.scheduler);
  ll_courier_model_set_n_parcels (model, (guint) n_parcels);
  ll_courier_model_set_n_couriers (model, (guint) n_couriers);
  ll_courier_model_set_capacity (model, (guint) capacity);
  ll_courier_model_set_seed (model, seed == G_MININT64 ? g_random_int () : (guint32) seed);
  ll_courier_model_set_speed (model, speed);
  ll_courier_model_set_blocking (model, blocking);
  g_signal_connect (model, "event", G_CALLBACK (on_event), out);

  ll_courier_model_start (model);
  ll_scheduler_run_until_idle (run.scheduler);
  g_signal_handlers_disconnect_by_func (model, on_event, out);

  summary = ll_courier_format_summary (model);
  ll_print (out, "%s", summary);

  return TRUE;
}
