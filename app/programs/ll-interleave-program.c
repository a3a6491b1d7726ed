/* ll-interleave-program.c: A prints 1 2 3, B prints x y z, on one thread
 *
 * Runs an #LlInterleaveModel (ll-interleave-model.c holds the two
 * coroutines) through its schedule and prints each item on a line, so
 * the default schedule AABBAB prints 1 2 x y 3 z.
 * `looplab-cli run interleave --schedule ABABAB` tries another order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-interleave-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-co.h"
#include "ll-interleave-model.h"
#include "ll-interleave-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

gboolean
ll_interleave_program_run (int             argc,
                           char          **argv,
                           GOutputStream  *out,
                           GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlInterleaveModel) model = NULL;
  g_autofree char *schedule = NULL;
  const GOptionEntry entries[] = {
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &schedule,
      N_("Who runs at each step: three A and three B, in any order (AABBAB by default)"), N_("SCHEDULE") },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  model = ll_interleave_model_new (run.scheduler);
  if (schedule != NULL && !ll_interleave_model_set_schedule (model, schedule, error))
    return FALSE;

  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);
  ll_interleave_model_start (model);

  /* Each step resumes the coroutine the schedule names up to its next
   * yield: one item; then one more step each lets both finish. */
  while (ll_sim_model_step (LL_SIM_MODEL (model)))
    ;
  g_assert (ll_co_get_state (ll_interleave_model_get_coroutine (model, 'A')) == LL_CO_STATE_FINISHED &&
            ll_co_get_state (ll_interleave_model_get_coroutine (model, 'B')) == LL_CO_STATE_FINISHED);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, out);

  return TRUE;
}
