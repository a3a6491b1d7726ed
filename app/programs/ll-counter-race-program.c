/* ll-counter-race-program.c: "Shared state: a lost update", headless
 *
 * A shared counter incremented K times by each of T workers, five ways
 * (ll-counter-race-model.h), one line a way as each ends:
 *
 *   looplab-cli run counter-race [--workers T] [--increments K]
 *                                [--lanes LIST] [--json]
 *
 *   plain: 4000000 expected, 2713411 counted, 1286589 lost, 0.031 s
 *   mutex: 4000000 expected, 4000000 counted, 0 lost, 0.162 s
 *   ...
 *
 * With --json, one record a line instead, as each lane ends:
 *
 *   {"lane": "plain", "expected": 4000000, "counted": 2713411, "lost": 1286589, "seconds": 0.031207}
 *
 * It fails (and looplab-cli exits 1) only if a lane could not start its
 * threads; a lane that loses updates is the lesson, not a failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-counter-race-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-counter-race-model.h"
#include "ll-counter-race-program.h"
#include "ll-programs.h"
#include "ll-sim-program.h"

/* What an option holds when it was not given: not -1, which a user may
 * type and must hear is wrong. */
#define NOT_GIVEN G_MININT64

static gboolean
check_sizes (gint64   workers,
             gint64   increments,
             GError **error)
{
  if (workers != NOT_GIVEN && (workers < 1 || workers > LL_COUNTER_RACE_MAX_WORKERS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--workers takes 1 to %d workers, not %lld"),
                   LL_COUNTER_RACE_MAX_WORKERS, (long long) workers);
      return FALSE;
    }
  if (increments != NOT_GIVEN && (increments < 1 || increments > LL_COUNTER_RACE_MAX_INCREMENTS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--increments takes 1 to %d increments a worker, not %lld"),
                   LL_COUNTER_RACE_MAX_INCREMENTS, (long long) increments);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_lanes (const char              *list,
             LlCounterRaceLaneFlags  *lanes,
             GError                 **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GFlagsClass) klass = NULL;

  if (list == NULL)
    {
      *lanes = LL_COUNTER_RACE_LANE_FLAG_ALL;
      return TRUE;
    }

  klass = g_type_class_ref (LL_TYPE_COUNTER_RACE_LANE_FLAGS);
  names = g_strsplit (list, ",", -1);
  *lanes = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (klass, g_strstrip (names[i]));

      if (value == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--lanes takes plain, mutex, atomic, coroutine and coroutine-yield, separated by commas, not “%s”"),
                       names[i]);
          return FALSE;
        }
      *lanes |= value->value;
    }
  if (*lanes == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--lanes names no lane"));
      return FALSE;
    }

  return TRUE;
}

/* One record of --json, as a lane ends.  The ids are ASCII: nothing to
 * escape. */
static void
print_record (LlCounterRaceModel *model,
              LlCounterRaceLane   lane,
              GOutputStream      *out)
{
  const LlCounterRaceFigures *figures = ll_counter_race_model_get_figures (model, lane);
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  if (figures->state != LL_COUNTER_RACE_STATE_FINISHED)
    return;

  g_ascii_formatd (seconds, sizeof seconds, "%.6f", figures->usec / (double) G_TIME_SPAN_SECOND);
  ll_print (out, "{\"lane\": \"%s\", \"expected\": %llu, \"counted\": %llu, \"lost\": %llu, \"seconds\": %s}\n",
            ll_counter_race_lane_get_id (lane),
            (unsigned long long) figures->expected,
            (unsigned long long) figures->counted,
            (unsigned long long) figures->lost,
            seconds);
}

gboolean
ll_counter_race_program_run (int             argc,
                             char          **argv,
                             GOutputStream  *out,
                             GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlCounterRaceModel) model = NULL;
  g_autofree char *lanes_list = NULL;
  LlCounterRaceLaneFlags lanes;
  gint64 workers = NOT_GIVEN;
  gint64 increments = NOT_GIVEN;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "workers", 0, 0, G_OPTION_ARG_INT64, &workers,
      N_("How many threads, or coroutines, count at once (1 to 64; 4 by default)"), N_("T") },
    { "increments", 0, 0, G_OPTION_ARG_INT64, &increments,
      N_("How many times each worker adds 1 (1 to 100000000; 1000000 by default)"), N_("K") },
    { "lanes", 0, 0, G_OPTION_ARG_STRING, &lanes_list,
      N_("Run only these ways of counting: plain, mutex, atomic, coroutine, coroutine-yield, separated by commas (all five by default)"), N_("LIST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON record a lane: lane, expected, counted, lost, seconds"), NULL },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error) ||
      !check_sizes (workers, increments, error) ||
      !parse_lanes (lanes_list, &lanes, error))
    return FALSE;

  model = ll_counter_race_model_new (run.scheduler);
  if (workers != NOT_GIVEN)
    ll_counter_race_model_set_workers (model, (guint) workers);
  if (increments != NOT_GIVEN)
    ll_counter_race_model_set_increments (model, (guint) increments);
  ll_counter_race_model_set_lanes (model, lanes);
  if (json)
    g_signal_connect (model, "lane-changed", G_CALLBACK (print_record), out);
  else
    g_signal_connect (model, "line", G_CALLBACK (ll_sim_run_print_line), out);

  if (!ll_counter_race_model_start (model, error))
    return FALSE;
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    g_main_context_iteration (run.context, TRUE);
  g_signal_handlers_disconnect_by_data (model, out);

  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    {
      const GError *lane_error = ll_counter_race_model_get_error (model, i);

      if (lane_error != NULL)
        {
          g_set_error (error, lane_error->domain, lane_error->code,
                       _("The %s lane failed: %s"),
                       ll_counter_race_lane_get_id (i), lane_error->message);
          return FALSE;
        }
    }

  return TRUE;
}
