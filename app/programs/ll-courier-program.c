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

#include "ll-courier-format.h"
#include "ll-courier-model.h"
#include "ll-courier-program.h"
#include "ll-programs.h"
#include "ll-sim-program.h"

gboolean
ll_courier_program_run (int             argc,
                        char          **argv,
                        GOutputStream  *out,
                        GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCourierModel) model = NULL;
  LlCourierConfig config;
  gint64 seed = G_MININT64;   /* not given: a random seed */
  g_autofree char *summary = NULL;
  const GOptionEntry entries[] = {
    { "parcels", 0, 0, G_OPTION_ARG_INT, &config.n_parcels,
      N_("How many parcels, numbered from 0 (1 to 10000; 51 by default)"), N_("N") },
    { "couriers", 0, 0, G_OPTION_ARG_INT, &config.n_couriers,
      N_("How many couriers (1 to 20; 1 by default)"), N_("N") },
    { "capacity", 0, 0, G_OPTION_ARG_INT, &config.capacity,
      N_("How many parcels a courier carries per trip (1 to 5; 1 by default)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the random durations (0 to 4294967295; a random one by default): the same seed, the same run"), N_("SEED") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &config.speed,
      N_("Time units per second (0.5 to 1000000; 1 by default): how soon the run is over, never what it prints; the window's control stops at 100, as fast as its animation can be followed"), N_("UNITS") },
    { "blocking", 0, 0, G_OPTION_ARG_NONE, &config.blocking,
      N_("Sleep the notes' way, blocking the whole thread"), NULL },
    { NULL }
  };

  ll_courier_config_init (&config);
  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error) ||
      !ll_courier_config_validate (&config, error))
    return FALSE;

  if (seed != G_MININT64 && (seed < 0 || seed > G_MAXUINT32))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seed takes 0 to %u, not %lld"),
                   G_MAXUINT32, (long long) seed);
      return FALSE;
    }
  config.seed = seed == G_MININT64 ? g_random_int () : (guint32) seed;

  model = ll_courier_model_new (run.scheduler);
  ll_courier_model_set_config (model, &config);
  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  ll_courier_model_start (model);
  ll_scheduler_run_until_idle (run.scheduler);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, out);

  summary = ll_courier_format_summary (model);
  ll_print (out, "%s", summary);

  return TRUE;
}
