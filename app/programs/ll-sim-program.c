/* ll-sim-program.c: what the coroutine programs share
 *
 * Option parsing with the hidden `--virtual-clock`, the private context
 * and scheduler of one run, and a locale-independent way to print
 * seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sim-program"

#include "config.h"

#include "ll-programs.h"
#include "ll-sim-program.h"

/**
 * ll_sim_run_init:
 * @run: a zeroed #LlSimRun
 * @argc: number of arguments, the program name first
 * @argv: (array length=argc): the arguments
 * @entries: (nullable) (array zero-terminated=1): the program's options
 * @error: return location for a #GError
 *
 * Parses @argv with @entries plus the hidden `--virtual-clock` (for
 * tests: the run's scheduler gets %LL_CLOCK_VIRTUAL instead of
 * %LL_CLOCK_MONOTONIC), as ll_program_parse_options() does, then makes
 * a private main context the thread-default one and creates the run's
 * scheduler on it.  Whatever happens, release @run with
 * ll_sim_run_clear().
 *
 * Returns: %TRUE on success; %FALSE with @error set to a
 *   %G_OPTION_ERROR for bad options, or to %LL_PROGRAM_ERROR_HELP for
 *   `--help`
 */
gboolean
ll_sim_run_init (LlSimRun            *run,
                 int                  argc,
                 char               **argv,
                 const GOptionEntry  *entries,
                 GError             **error)
{
  gboolean virtual_clock = FALSE;
  const GOptionEntry shared_entries[] = {
    /* Not for users: the tests run every program on a virtual clock. */
    { "virtual-clock", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &virtual_clock,
      "Run on a virtual clock that jumps from deadline to deadline (for tests)", NULL },
    { NULL }
  };

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (run->context == NULL && run->args == NULL, FALSE);
  g_return_val_if_fail (argc >= 1 && argv != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  run->args = g_strdupv (argv);

  if (!ll_program_parse_options (entries, shared_entries, &run->args, error))
    return FALSE;

  /* A private context, so the run sees only its own sources. */
  run->context = g_main_context_new ();
  g_main_context_push_thread_default (run->context);
  run->pushed = TRUE;

  run->scheduler = ll_scheduler_new (run->context,
                                     virtual_clock ? LL_CLOCK_VIRTUAL : LL_CLOCK_MONOTONIC);

  return TRUE;
}

/**
 * ll_sim_run_clear:
 * @run: an #LlSimRun
 *
 * Disposes the scheduler (cancelling whatever task is left), gives the
 * thread its previous default context back and frees the rest.  Safe on
 * a zeroed or half-initialized run, and twice.
 */
void
ll_sim_run_clear (LlSimRun *run)
{
  g_return_if_fail (run != NULL);

  g_clear_object (&run->scheduler);
  if (run->pushed)
    {
      /* Let cancelled tasks unwind, and sources finish, before the
       * context goes away. */
      while (g_main_context_iteration (run->context, FALSE))
        ;
      g_main_context_pop_thread_default (run->context);
      run->pushed = FALSE;
    }
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->args, g_strfreev);
}

/**
 * ll_sim_run_get_n_args:
 * @run: an initialized #LlSimRun
 *
 * Returns: how many positional arguments the options left (not counting
 *   the program name)
 */
guint
ll_sim_run_get_n_args (LlSimRun *run)
{
  g_return_val_if_fail (run != NULL && run->args != NULL, 0);

  return run->args[0] != NULL ? g_strv_length (run->args) - 1 : 0;
}

/**
 * ll_sim_run_check_no_args:
 * @run: an initialized #LlSimRun
 * @error: return location for a #GError
 *
 * For the programs that take options only.
 *
 * Returns: %TRUE if no positional argument is left; %FALSE with
 *   %G_OPTION_ERROR_BAD_VALUE naming the first one otherwise
 */
gboolean
ll_sim_run_check_no_args (LlSimRun  *run,
                          GError   **error)
{
  g_return_val_if_fail (run != NULL && run->args != NULL, FALSE);

  return ll_program_check_no_args (run->args, error);
}

/**
 * ll_sim_format_seconds:
 * @usec: a duration in microseconds
 *
 * Formats @usec as seconds with two decimals and a decimal point in
 * every locale ("1.00"): transcripts are program output, the same
 * everywhere.
 *
 * Returns: (transfer full): the text
 */
char *
ll_sim_format_seconds (gint64 usec)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f",
                                    usec / (double) G_TIME_SPAN_SECOND));
}

/**
 * ll_sim_run_print_line:
 * @model: a model
 * @line: a line of its transcript
 * @out: where it goes
 *
 * A handler of #LlSimModel::line, connected with @out as its data:
 * prints @line as it is, then a newline.
 */
void
ll_sim_run_print_line (LlSimModel    *model,
                       const char    *line,
                       GOutputStream *out)
{
  ll_print (out, "%s\n", line);
}
