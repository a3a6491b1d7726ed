/* ll-producer-consumer-program.c: a producer and a consumer take turns
 *
 * Runs an #LlProducerConsumerModel (ll-producer-consumer-model.c holds
 * the two coroutines) and prints its transcript, the 15 lines of the
 * notes:
 *
 *   [Producer] producing 1
 *   [Consumer] consuming 1
 *   [Producer] Consumer return 200 ok 1
 *   ...
 *
 * The window's step debugger runs the same model one hand-over at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-producer-consumer-program"

#include "config.h"

#include "ll-co.h"
#include "ll-producer-consumer-model.h"
#include "ll-producer-consumer-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

gboolean
ll_producer_consumer_program_run (int             argc,
                                  char          **argv,
                                  GOutputStream  *out,
                                  GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlProducerConsumerModel) model = NULL;
  g_autoptr(LlCo) producer = NULL;

  if (!ll_sim_run_init (&run, argc, argv, NULL, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  model = ll_producer_consumer_model_new (run.scheduler);
  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  ll_producer_consumer_model_start (model);
  producer = ll_co_ref (ll_producer_consumer_model_get_producer (model));
  ll_scheduler_run_until_done (run.scheduler, producer);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, out);

  ll_co_finish (producer, error);

  return ll_co_get_error (producer) == NULL;
}
