/* ll-pipeline-program.c: a growing log through grep into a printer, headless
 *
 *   looplab-cli run pipeline [--pattern P] [--broadcast P1,P2,...] [--fan-in]
 *                            [--lines N] [--rate R] [--seed S] [--save-log F]
 *
 * Runs an #LlPipelineModel (ll-pipeline-model.c): a writer appends N
 * seeded web-log lines to a file at R lines a second, follow() reads it
 * as it grows and sends each line through grep() into printer(), and
 * this prints what the printer prints, the same lines the window's log
 * shows.  --broadcast sends each line to a grep per pattern, in order,
 * all into the one printer; --fan-in follows two logs (the second with
 * the next seed) into one grep.  --save-log F keeps the log at F (and a
 * fan-in's second at F.2), so that `grep -F P F` can be checked against
 * the output; without it the log goes to a temporary folder and is
 * deleted at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-pipeline-program"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ll-pipeline-model.h"
#include "ll-pipeline-program.h"
#include "ll-programs.h"
#include "ll-sim-program.h"

static void
remove_logs (LlPipelineModel *model,
             char            *tmp_dir)
{
  GFile *file;

  for (guint i = 0; (file = ll_pipeline_model_get_log_file (model, i)) != NULL; i++)
    g_file_delete (file, NULL, NULL);
  g_rmdir (tmp_dir);
}

gboolean
ll_pipeline_program_run (int             argc,
                         char          **argv,
                         GOutputStream  *out,
                         GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlPipelineModel) model = NULL;
  g_autoptr(GFile) log_file = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *broadcast = NULL;
  g_autofree char *save_log = NULL;
  g_autofree char *tmp_dir = NULL;
  g_auto(GStrv) branches = NULL;
  gboolean fan_in = FALSE;
  gint64 lines = 1000;
  int rate = 100000;
  int seed = 1;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "pattern", 0, 0, G_OPTION_ARG_STRING, &pattern,
      N_("What grep passes: lines that contain P (python by default)"), N_("P") },
    { "broadcast", 0, 0, G_OPTION_ARG_STRING, &broadcast,
      N_("Send each line to a grep per pattern, in this order, into one printer (one to six patterns; none by default, one grep of --pattern)"), N_("P1,P2,...") },
    { "fan-in", 0, 0, G_OPTION_ARG_NONE, &fan_in,
      N_("Follow two logs at once, both into one grep"), NULL },
    { "lines", 0, 0, G_OPTION_ARG_INT64, &lines,
      N_("How many lines the writer puts in each log (1 or more; 1000 by default)"), N_("N") },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate,
      N_("How many lines a second the writer adds (1 to 100000; 100000 by default)"), N_("R") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed,
      N_("The seed of the log's lines (any whole number; 1 by default)"), N_("S") },
    { "save-log", 0, 0, G_OPTION_ARG_FILENAME, &save_log,
      N_("Keep the log at F (a fan-in's second at F.2)"), N_("F") },
    G_OPTION_ENTRY_NULL
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error))
    return FALSE;

  if (lines < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--lines must be at least 1, not %lld"), (long long) lines);
      return FALSE;
    }
  if (rate < LL_PIPELINE_MIN_RATE || rate > LL_PIPELINE_MAX_RATE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--rate takes 1 to 100000 lines a second, not %d"), rate);
      return FALSE;
    }
  if (broadcast != NULL && (fan_in || pattern != NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--broadcast names its own patterns: use it without --pattern and --fan-in"));
      return FALSE;
    }
  if (broadcast != NULL)
    {
      branches = g_strsplit (broadcast, ",", -1);
      if (g_strv_length (branches) < 1 || g_strv_length (branches) > 6 ||
          g_strv_contains ((const char *const *) branches, ""))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--broadcast takes one to six patterns, none empty, not “%s”"), broadcast);
          return FALSE;
        }
    }
  if (pattern != NULL && *pattern == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--pattern must not be empty"));
      return FALSE;
    }

  if (save_log != NULL)
    {
      log_file = g_file_new_for_commandline_arg (save_log);
    }
  else
    {
      tmp_dir = g_dir_make_tmp ("looplab-pipeline-XXXXXX", error);
      if (tmp_dir == NULL)
        return FALSE;
      log_file = g_file_new_build_filename (tmp_dir, "access-log", NULL);
    }

  model = ll_pipeline_model_new (run.scheduler);
  if (branches != NULL)
    {
      ll_pipeline_model_set_branches (model, (const char *const *) branches);
      ll_pipeline_model_set_shape (model, LL_PIPELINE_BROADCAST);
    }
  else
    {
      ll_pipeline_model_set_shape (model, fan_in ? LL_PIPELINE_FAN_IN : LL_PIPELINE_SIMPLE);
      if (pattern != NULL)
        ll_pipeline_model_set_pattern (model, 0, pattern);
    }
  ll_pipeline_model_set_n_lines (model, lines);
  ll_pipeline_model_set_rate (model, rate);
  ll_pipeline_model_set_seed (model, seed);
  ll_pipeline_model_set_log_file (model, log_file);
  g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  if (!ll_pipeline_model_start (model, error))
    ok = FALSE;
  while (ok && !ll_pipeline_model_get_finished (model))
    g_main_context_iteration (run.context, TRUE);
  g_signal_handlers_disconnect_by_func (model, ll_sim_run_print_line, out);

  if (ok && ll_pipeline_model_get_error (model) != NULL)
    {
      g_propagate_error (error, g_error_copy (ll_pipeline_model_get_error (model)));
      ok = FALSE;
    }

  if (tmp_dir != NULL)
    remove_logs (model, tmp_dir);

  return ok;
}
