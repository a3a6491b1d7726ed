/* ll-countdown-program.c: Countdown 10 ... Countdown 1, a second apart
 *
 * Runs the countdown of ll-countdown-model.c: a producer sends n down to
 * 1 to a consumer that prints `Countdown n`, and sleeps for a second on
 * the scheduler between two sends: LL_CO_SLEEP returns to the loop,
 * which is free to run anything else meanwhile.  Nothing blocks.
 * `looplab-cli run countdown [N]`, N from 1 to 1000 (10 by default).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-countdown-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-countdown-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

gboolean
ll_countdown_program_run (int             argc,
                          char          **argv,
                          GOutputStream  *out,
                          GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCo) countdown = NULL;
  guint64 n = LL_COUNTDOWN_DEFAULT;

  if (!ll_sim_run_init (&run, argc, argv, NULL, error))
    return FALSE;

  if (ll_sim_run_get_n_args (&run) > 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("countdown takes one number at most: unexpected “%s”"), run.args[2]);
      return FALSE;
    }
  if (ll_sim_run_get_n_args (&run) == 1 &&
      !g_ascii_string_to_unsigned (run.args[1], 10, 1, LL_COUNTDOWN_MAX, &n, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("countdown counts down from a whole number from 1 to %d, not “%s”"),
                   LL_COUNTDOWN_MAX, run.args[1]);
      return FALSE;
    }

  countdown = ll_countdown_new (out, (guint) n);
  ll_scheduler_spawn (run.scheduler, countdown);
  ll_scheduler_run_until_done (run.scheduler, countdown);

  return TRUE;
}
