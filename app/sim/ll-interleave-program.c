/* ll-interleave-program.c: A prints 1 2 3, B prints x y z, on one thread
 *
 * Two coroutines, each printing an item and then yielding.  The
 * scheduler runs in step mode, and a schedule such as AABBAB says which
 * of the two resumes at each step (ll_scheduler_step_co()), so the
 * output is 1 2 x y 3 z, one item a line: neither coroutine knows about
 * the other, and nothing runs in parallel, yet their lines interleave.
 * `looplab-cli run interleave --schedule ABABAB` tries another order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-interleave-program"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-co.h"
#include "ll-interleave-program.h"
#include "ll-programs.h"
#include "ll-scheduler.h"
#include "ll-sim-program.h"

#define DEFAULT_SCHEDULE "AABBAB"
#define N_ITEMS 3

typedef struct
{
  LlCo                co;
  GOutputStream      *out;
  const char * const *items;
  guint               i;
} PrinterFrame;

static LlCoStatus
printer_run (LlCo *co)
{
  PrinterFrame *f = (PrinterFrame *) co;

  LL_CO_BEGIN (co);

  for (f->i = 0; f->items[f->i] != NULL; f->i++)
    {
      ll_print (f->out, "%s\n", f->items[f->i]);
      /* Hand control back: whoever the schedule names runs next. */
      LL_CO_YIELD (co, NULL);
    }

  LL_CO_END (co);
}

/* Returns (transfer full): the task, spawned. */
static LlCo *
spawn_printer (LlScheduler        *scheduler,
               GOutputStream      *out,
               const char         *name,
               const char * const *items)
{
  PrinterFrame *f = ll_co_new (PrinterFrame, printer_run, NULL);

  f->out = out;
  f->items = items;
  ll_co_set_name (&f->co, name);
  ll_scheduler_spawn (scheduler, &f->co);

  return &f->co;
}

/**
 * ll_interleave_parse_schedule:
 * @schedule: a schedule such as "AABBAB"
 * @error: return location for a #GError
 *
 * Checks a schedule: exactly three A and three B (uppercase), nothing
 * else.
 *
 * Returns: %TRUE if @schedule is valid; %FALSE with
 *   %G_OPTION_ERROR_BAD_VALUE naming the problem otherwise
 */
gboolean
ll_interleave_parse_schedule (const char  *schedule,
                              GError     **error)
{
  guint n_a = 0;
  guint n_b = 0;
  const char *p;

  g_return_val_if_fail (schedule != NULL, FALSE);

  if (!g_utf8_validate (schedule, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--schedule is not valid UTF-8: use the letters A and B, such as %s"),
                   DEFAULT_SCHEDULE);
      return FALSE;
    }

  for (p = schedule; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (*p == 'A')
        n_a++;
      else if (*p == 'B')
        n_b++;
      else
        {
          g_autofree char *bad = g_utf8_substring (p, 0, 1);

          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--schedule “%s”: “%s” is neither A nor B; a schedule names who runs next, such as %s"),
                       schedule, bad, DEFAULT_SCHEDULE);
          return FALSE;
        }
    }

  if (n_a != N_ITEMS || n_b != N_ITEMS)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--schedule “%s” has %u A and %u B: it needs exactly three of each, such as %s"),
                   schedule, n_a, n_b, DEFAULT_SCHEDULE);
      return FALSE;
    }

  return TRUE;
}

gboolean
ll_interleave_program_run (int             argc,
                           char          **argv,
                           GOutputStream  *out,
                           GError        **error)
{
  static const char * const a_items[] = { "1", "2", "3", NULL };
  static const char * const b_items[] = { "x", "y", "z", NULL };
  g_auto(LlSimRun) run = { 0 };
  g_autofree char *schedule = NULL;
  g_autoptr(LlCo) a = NULL;
  g_autoptr(LlCo) b = NULL;
  const GOptionEntry entries[] = {
    { "schedule", 0, 0, G_OPTION_ARG_STRING, &schedule,
      N_("Who runs at each step: three A and three B (default AABBAB)"), N_("SCHEDULE") },
    { NULL }
  };
  const char *p;

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  if (schedule == NULL)
    schedule = g_strdup (DEFAULT_SCHEDULE);
  if (!ll_interleave_parse_schedule (schedule, error))
    return FALSE;

  /* Step mode: a ready coroutine waits until a step names it. */
  ll_scheduler_set_step_mode (run.scheduler, TRUE);
  a = spawn_printer (run.scheduler, out, "A", a_items);
  b = spawn_printer (run.scheduler, out, "B", b_items);

  /* Each step resumes the named coroutine up to its next yield: one
   * item.  Both are ready at every step, since each only yields. */
  for (p = schedule; *p != '\0'; p++)
    {
      gboolean stepped = ll_scheduler_step_co (run.scheduler, *p == 'A' ? a : b);

      g_assert (stepped);
    }

  /* One more step each: both leave their loops and finish. */
  while (ll_scheduler_step (run.scheduler))
    ;
  g_assert (ll_co_get_state (a) == LL_CO_STATE_FINISHED &&
            ll_co_get_state (b) == LL_CO_STATE_FINISHED);

  return TRUE;
}
