/* ll-hello-program.c: tasks that sleep together on one thread
 *
 * Each task prints "Hello world!", sleeps one second without blocking,
 * and prints "Awake again!" (asyncio's first example).  With `--tasks N`
 * the N tasks are gathered and run concurrently: every line names the
 * thread it ran on, the same one each time, and all of them are done
 * after one second in total, not N:
 *
 *   [task 1, thread 0x55d0c1e2a2c0] Hello world!
 *   [task 2, thread 0x55d0c1e2a2c0] Hello world!
 *   [task 1, thread 0x55d0c1e2a2c0] Awake again!
 *   [task 2, thread 0x55d0c1e2a2c0] Awake again!
 *   2 tasks finished after 1.00 s on one thread
 *
 * The tasks are the model's, app/sim/ll-hello-model.c, the same that the
 * window draws.  The elapsed time is read on the scheduler's clock.  `--sleep S` sleeps
 * S seconds instead of one; `--trace` also prints each resume of a task,
 * where it resumed and when, on that clock:
 *
 *   resume task 1 at start, 0.000 s
 *   [task 1, thread 0x55d0c1e2a2c0] Hello world!
 *   ...
 *   resume task 1 after sleep, 1.000 s
 *   [task 1, thread 0x55d0c1e2a2c0] Awake again!
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-hello-model.h"
#include "ll-hello-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

gboolean
ll_hello_program_run (int             argc,
                      char          **argv,
                      GOutputStream  *out,
                      GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlHelloModel) model = NULL;
  g_autofree char *seconds = NULL;
  int n_tasks = 1;
  double sleep_seconds = LL_HELLO_DEFAULT_SLEEP_MSEC / 1000.0;
  gboolean trace = FALSE;
  const GOptionEntry entries[] = {
    { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks,
      N_("How many tasks run concurrently (1 to 100000; 1 by default)"), N_("N") },
    { "sleep", 0, 0, G_OPTION_ARG_DOUBLE, &sleep_seconds,
      N_("How long each task sleeps, in seconds (0.1 to 5; 1 by default)"), N_("SECONDS") },
    { "trace", 0, 0, G_OPTION_ARG_NONE, &trace,
      N_("Also print each resume of a task: where, and when"), NULL },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  if (n_tasks < 1 || n_tasks > LL_HELLO_MAX_TASKS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--tasks takes 1 to %d tasks, not %d"), LL_HELLO_MAX_TASKS, n_tasks);
      return FALSE;
    }
  if (!(sleep_seconds * 1000.0 >= LL_HELLO_MIN_SLEEP_MSEC &&
        sleep_seconds * 1000.0 <= LL_HELLO_MAX_SLEEP_MSEC))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--sleep takes 0.1 to 5 seconds, not %g"), sleep_seconds);
      return FALSE;
    }

  model = ll_hello_model_new (run.scheduler);
  ll_hello_model_set_trace (model, trace);
  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);
  ll_hello_model_start (model, (guint) n_tasks, (guint) (sleep_seconds * 1000.0 + 0.5));
  ll_scheduler_run_until_done (run.scheduler, ll_hello_model_get_gather (model));

  seconds = ll_sim_format_seconds (ll_hello_model_get_elapsed (model));
  ll_print (out, "%d %s finished after %s s on %s\n",
            n_tasks, n_tasks == 1 ? "task" : "tasks", seconds,
            ll_hello_model_get_one_thread (model) ? "one thread" : "several threads");

  return TRUE;
}
