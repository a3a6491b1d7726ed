/* ll-switch-cost-program.c: "The cost of a switch", headless
 *
 * A token passed round a ring of N workers, as coroutines, threads and
 * processes, N on a log scale (ll-switch-cost-model.h); one line a point
 * as each ends:
 *
 *   looplab-cli run switch-cost [--kinds LIST] [--max N] [--seconds S]
 *                               [--json]
 *
 *   kind             N    handoffs  ns/handoff  bytes/worker  switches/handoff  start s
 *   coroutine        2    11234567        44.5             0             0.000    0.000
 *   thread         100      101234      4939.1         12288             1.003    0.004
 *   ...
 *   Largest N reached: coroutine 1000000, thread 10000, process 10000
 *
 * With --json, one record a line instead, as each point ends:
 *
 *   {"kind": "thread", "n": 100, "state": "finished", "handoffs": 101234,
 *    "seconds": 0.500012, "ns_per_handoff": 4939.1, "rss_per_worker": 12288,
 *    "switches_per_handoff": 1.003, "start_seconds": 0.004}
 *
 * (on one line), and for a point whose workers could not all be created,
 * `"state": "failed"`, the figures null, `"limit"` (how many were) and
 * `"error"`; the kind's larger points then say `"state": "skipped"`.  A
 * limit reached is what the demo reports, not a failure of the program.
 * The hidden --rounds R (a fixed number of passes a worker instead of a
 * time) and --worker-limit L (creation fails past L threads or
 * processes) are for the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-switch-cost-program"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ll-programs.h"
#include "ll-sim-program.h"
#include "ll-switch-cost-host.h"
#include "ll-switch-cost-model.h"
#include "ll-switch-cost-program.h"

/* What an option holds when it was not given: not -1, which a user may
 * type and must hear is wrong. */
#define NOT_GIVEN G_MININT64

static gboolean
check_options (gint64   max,
               double   seconds,
               gint64   rounds,
               gint64   worker_limit,
               GError **error)
{
  if (max != NOT_GIVEN && (max < 2 || max > LL_SWITCH_COST_MAX_COROUTINES))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--max takes 2 to %d workers, not %lld"),
                   LL_SWITCH_COST_MAX_COROUTINES, (long long) max);
      return FALSE;
    }
  if (seconds != -1 && !(seconds >= 0.001 && seconds <= LL_SWITCH_COST_MAX_SECONDS))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--seconds takes 0.001 to %g seconds a point, not %g"),
                   LL_SWITCH_COST_MAX_SECONDS, seconds);
      return FALSE;
    }
  if (rounds != NOT_GIVEN && (rounds < 1 || rounds > G_MAXUINT))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--rounds takes 1 to %u rounds, not %lld"), G_MAXUINT, (long long) rounds);
      return FALSE;
    }
  if (worker_limit != NOT_GIVEN && (worker_limit < 1 || worker_limit > G_MAXUINT))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--worker-limit takes 1 to %u workers, not %lld"), G_MAXUINT, (long long) worker_limit);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_kinds (const char             *list,
             LlSwitchCostKindFlags  *kinds,
             GError                **error)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GFlagsClass) klass = NULL;

  if (list == NULL)
    {
      *kinds = LL_SWITCH_COST_KIND_FLAG_ALL;
      return TRUE;
    }

  klass = g_type_class_ref (LL_TYPE_SWITCH_COST_KIND_FLAGS);
  names = g_strsplit (list, ",", -1);
  *kinds = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (klass, g_strstrip (names[i]));

      if (value == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--kinds takes coroutine, thread and process, separated by commas, not “%s”"),
                       names[i]);
          return FALSE;
        }
      *kinds |= value->value;
    }
  if (*kinds == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--kinds names no kind"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
point_is_over (const LlSwitchCostPoint *point)
{
  return point->state == LL_SWITCH_COST_STATE_FINISHED ||
         point->state == LL_SWITCH_COST_STATE_FAILED ||
         point->state == LL_SWITCH_COST_STATE_SKIPPED;
}

/* JSON's string escapes, for an error message from the system. */
static void
append_json_string (GString    *out,
                    const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
append_json_double (GString    *out,
                    const char *format,
                    double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

static void
print_record (LlSwitchCostModel *model,
              guint              index,
              GOutputStream     *out)
{
  const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (model, index);
  const GError *error = ll_switch_cost_model_get_error (model, index);
  g_autoptr(GString) line = NULL;

  if (!point_is_over (point))
    return;

  line = g_string_new (NULL);
  g_string_append_printf (line, "{\"kind\": \"%s\", \"n\": %u, \"state\": \"%s\", \"handoffs\": %llu, ",
                          ll_switch_cost_kind_get_id (point->kind), point->n,
                          ll_switch_cost_state_get_id (point->state),
                          (unsigned long long) point->handoffs);
  if (point->state == LL_SWITCH_COST_STATE_FINISHED)
    {
      g_string_append (line, "\"seconds\": ");
      append_json_double (line, "%.6f", point->usec / (double) G_TIME_SPAN_SECOND);
      g_string_append (line, ", \"ns_per_handoff\": ");
      append_json_double (line, "%.3f", point->ns_per_handoff);
      g_string_append (line, ", \"rss_per_worker\": ");
      if (point->rss_per_worker >= 0)
        append_json_double (line, "%.1f", point->rss_per_worker);
      else
        g_string_append (line, "null");
      g_string_append (line, ", \"switches_per_handoff\": ");
      append_json_double (line, "%.4f", point->switches_per_handoff);
      g_string_append (line, ", \"start_seconds\": ");
      append_json_double (line, "%.6f", point->start_usec / (double) G_TIME_SPAN_SECOND);
      if (point->kind == LL_SWITCH_COST_KIND_COROUTINE)
        g_string_append_printf (line, ", \"idle_resumes\": %llu", (unsigned long long) point->idle_resumes);
    }
  else
    g_string_append (line, "\"seconds\": null, \"ns_per_handoff\": null, \"rss_per_worker\": null, "
                     "\"switches_per_handoff\": null");
  if (point->state == LL_SWITCH_COST_STATE_FAILED)
    {
      g_string_append_printf (line, ", \"limit\": %u, \"error\": ", point->started);
      append_json_string (line, error != NULL ? error->message : "");
    }
  g_string_append (line, "}\n");
  ll_print (out, "%s", line->str);
}

static void
print_row (LlSwitchCostModel *model,
           guint              index,
           GOutputStream     *out)
{
  const LlSwitchCostPoint *point = ll_switch_cost_model_get_point (model, index);
  const char *id = ll_switch_cost_kind_get_id (point->kind);
  const GError *error = ll_switch_cost_model_get_error (model, index);
  char ns[G_ASCII_DTOSTR_BUF_SIZE];
  char switches[G_ASCII_DTOSTR_BUF_SIZE];
  char start[G_ASCII_DTOSTR_BUF_SIZE];
  char rss[G_ASCII_DTOSTR_BUF_SIZE];

  switch (point->state)
    {
    case LL_SWITCH_COST_STATE_FINISHED:
      g_ascii_formatd (ns, sizeof ns, "%.1f", point->ns_per_handoff);
      g_ascii_formatd (switches, sizeof switches, "%.3f", point->switches_per_handoff);
      g_ascii_formatd (start, sizeof start, "%.3f", point->start_usec / (double) G_TIME_SPAN_SECOND);
      if (point->rss_per_worker >= 0)
        g_ascii_formatd (rss, sizeof rss, "%.0f", point->rss_per_worker);
      else
        g_strlcpy (rss, "-", sizeof rss);
      ll_print (out, "%-10s %8u %11llu %11s %13s %17s %8s\n", id, point->n,
                (unsigned long long) point->handoffs, ns, rss, switches, start);
      break;
    case LL_SWITCH_COST_STATE_FAILED:
      ll_print (out, _("%-10s %8u  limit reached after %u workers: %s\n"), id, point->n,
                point->started, error != NULL ? error->message : "");
      break;
    case LL_SWITCH_COST_STATE_SKIPPED:
      ll_print (out, _("%-10s %8u  skipped, past the limit\n"), id, point->n);
      break;
    default:
      break;
    }
}

static void
print_reached (LlSwitchCostModel     *model,
               LlSwitchCostKindFlags  kinds,
               GOutputStream         *out)
{
  g_autoptr(GString) line = g_string_new (_("Largest N reached:"));
  const char *separator = " ";

  for (guint kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    {
      if (!(kinds & (1u << kind)))
        continue;
      g_string_append_printf (line, "%s%s %u", separator, ll_switch_cost_kind_get_id (kind),
                              ll_switch_cost_model_get_reached (model, kind));
      separator = ", ";
    }
  ll_print (out, "%s\n", line->str);
}

gboolean
ll_switch_cost_program_run (int             argc,
                            char          **argv,
                            GOutputStream  *out,
                            GError        **error)
{
  g_auto(LlSimRun) run = { 0 };
  g_autoptr(LlSwitchCostModel) model = NULL;
  g_autofree char *kinds_list = NULL;
  LlSwitchCostKindFlags kinds;
  gint64 max = NOT_GIVEN;
  gint64 rounds = NOT_GIVEN;
  gint64 worker_limit = NOT_GIVEN;
  double seconds = -1;
  gboolean json = FALSE;
  gboolean ring_host = FALSE;
  gint64 ring_workers = NOT_GIVEN;
  const GOptionEntry entries[] = {
    { "kinds", 0, 0, G_OPTION_ARG_STRING, &kinds_list,
      N_("Measure only these kinds of worker: coroutine, thread, process, separated by commas (all three by default)"), N_("LIST") },
    { "max", 0, 0, G_OPTION_ARG_INT64, &max,
      N_("The largest number of workers (2 to 1000000; 1000000 by default; threads and processes stop at 10000)"), N_("N") },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds,
      N_("How long to pass the token at each number of workers, in seconds (0.001 to 60; 0.5 by default)"), N_("S") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print one JSON record a kind and number of workers: kind, n, ns_per_handoff, rss_per_worker, switches_per_handoff"), NULL },
    { "rounds", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &rounds,
      N_("Pass the token this many times a worker instead of for a time"), N_("R") },
    { "worker-limit", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &worker_limit,
      N_("Fail to create a thread or process past this many, as at the system's limit"), N_("L") },
    { "ring-host", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &ring_host,
      N_("Host a ring of processes for the model that started this program"), NULL },
    { "ring-workers", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &ring_workers,
      N_("The processes of the ring hosted"), N_("N") },
    { NULL }
  };

  if (!ll_sim_run_init (&run, argc, argv, entries, error) ||
      !ll_sim_run_check_no_args (&run, error) ||
      !check_options (max, seconds, rounds, worker_limit, error) ||
      !parse_kinds (kinds_list, &kinds, error))
    return FALSE;

  /* The host of a model's ring of processes, on its fd 3 and stdin
   * (ll_switch_cost_ring_host()): not for a user to run. */
  if (ring_host)
    {
      if (ring_workers == NOT_GIVEN || ring_workers < 2 || ring_workers > LL_SWITCH_COST_MAX_THREADS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--ring-host takes --ring-workers 2 to %u"), LL_SWITCH_COST_MAX_THREADS);
          return FALSE;
        }
      if (ll_switch_cost_ring_host (3, (guint) ring_workers, rounds != NOT_GIVEN ? (guint) rounds : 0,
                                    worker_limit != NOT_GIVEN ? (guint) worker_limit : 0) != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("--ring-host could not map the ring’s counters on fd 3"));
          return FALSE;
        }
      return TRUE;
    }

  model = ll_switch_cost_model_new (run.scheduler);
  ll_switch_cost_model_set_kinds (model, kinds);
  if (max != NOT_GIVEN)
    ll_switch_cost_model_set_max_workers (model, (guint) max);
  if (seconds != -1)
    ll_switch_cost_model_set_seconds (model, seconds);
  if (rounds != NOT_GIVEN)
    ll_switch_cost_model_set_rounds (model, (guint) rounds);
  if (worker_limit != NOT_GIVEN)
    ll_switch_cost_model_set_worker_limit (model, (guint) worker_limit);

  if (json)
    g_signal_connect (model, "point-changed", G_CALLBACK (print_record), out);
  else
    {
      ll_print (out, "%-10s %8s %11s %11s %13s %17s %8s\n", _("kind"), "N", _("handoffs"),
                _("ns/handoff"), _("bytes/worker"), _("switches/handoff"), _("start s"));
      g_signal_connect (model, "point-changed", G_CALLBACK (print_row), out);
    }

  if (!ll_switch_cost_model_start (model, error))
    return FALSE;
  while (ll_sim_model_get_running (LL_SIM_MODEL (model)))
    g_main_context_iteration (run.context, TRUE);
  g_signal_handlers_disconnect_by_data (model, out);

  if (!json)
    print_reached (model, kinds, out);

  return TRUE;
}
