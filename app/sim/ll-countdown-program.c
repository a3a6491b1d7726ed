/* ll-countdown-program.c: Countdown 10 ... Countdown 1, a second apart
 *
 * A coroutine prints a line, then sleeps for a second on the scheduler:
 * LL_CO_SLEEP returns to the loop, which is free to run anything else
 * meanwhile, and resumes the coroutine when the second is up.  Nothing
 * blocks.  `looplab-cli run countdown [N]`, N from 1 to 1000 (10 by
 * default).
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

#define DEFAULT_COUNT 10
#define PAUSE_MSEC 1000

typedef struct
{
  LlCo           co;
  GOutputStream *out;
  guint          n;
} CountdownFrame;

static LlCoStatus
countdown_run (LlCo *co)
{
  CountdownFrame *f = (CountdownFrame *) co;

  LL_CO_BEGIN (co);

  for (; f->n > 0; f->n--)
    {
      ll_print (f->out, "Countdown %u\n", f->n);
      if (f->n > 1)
        {
          /* Returns to the loop; resumes here a second later. */
          LL_CO_SLEEP (co, PAUSE_MSEC);
        }
    }

  LL_CO_END (co);
}

static void
countdown_cleanup (LlCo *co)
{
  CountdownFrame *f = (CountdownFrame *) co;

  g_clear_object (&f->out);
}

/**
 * ll_countdown_new:
 * @out: where the lines go
 * @n: where to start, 1 to %LL_COUNTDOWN_MAX
 *
 * A countdown coroutine, for a scheduler to spawn: it prints
 * `Countdown n` down to `Countdown 1`, sleeping one second of the
 * scheduler's clock between two lines.
 *
 * Returns: (transfer full): the coroutine, never run
 */
LlCo *
ll_countdown_new (GOutputStream *out,
                  guint          n)
{
  CountdownFrame *f;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), NULL);
  g_return_val_if_fail (n >= 1 && n <= LL_COUNTDOWN_MAX, NULL);

  f = ll_co_new (CountdownFrame, countdown_run, countdown_cleanup);
  f->out = g_object_ref (out);
  f->n = n;
  ll_co_set_name (&f->co, "countdown");

  return &f->co;
}

gboolean
ll_countdown_program_run (int             argc,
                          char          **argv,
                          GOutputStream  *out,
                          GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCo) countdown = NULL;
  guint64 n = DEFAULT_COUNT;

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
