/* test-switch-cost.c: "The cost of a switch", the model and its program
 *
 * The token ring must deliver exactly N × rounds handoffs for every kind
 * (and for coroutines every resume must be a handoff); a worker that
 * cannot be created must end its point as the kind's limit, with the
 * error, and skip the larger ones; a stop or a dispose in the middle of
 * a measurement must leave no thread and no child behind.  No timing is
 * asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "bench/ll-bench-json.h"
#include "ll-controller.h"
#include "ll-program-test-util.h"
#include "ll-switch-cost-model.h"

typedef struct
{
  GMainContext      *context;
  LlScheduler       *scheduler;
  LlSwitchCostModel *model;
  GPtrArray         *lines;
  guint              n_changed;
  GThread           *thread;     /* the test's */
} Ring;

static void
on_point_changed (LlSwitchCostModel *model,
                  guint              index,
                  Ring              *ring)
{
  g_assert_cmpuint (index, <, ll_switch_cost_model_get_n_points (model));
  ring->n_changed++;
  /* Always on the caller's thread. */
  g_assert_true (g_thread_self () == ring->thread);
}

static void
on_line (LlSimModel *model,
         const char *line,
         Ring       *ring)
{
  g_ptr_array_add (ring->lines, g_strdup (line));
}

/* The threads of this process, as the kernel counts them. */
static guint
process_threads (void)
{
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &text, NULL, NULL));
  line = strstr (text, "\nThreads:");
  g_assert_nonnull (line);

  return (guint) g_ascii_strtoull (line + strlen ("\nThreads:"), NULL, 10);
}

/* No child at all, running or a zombie: the run reaped every one. */
static void
assert_no_children (void)
{
  g_assert_cmpuint (ll_switch_cost_get_live_processes (), ==, 0);
  g_assert_cmpint (waitpid (-1, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
}

static void
ring_init (Ring *ring)
{
  ring->thread = g_thread_self ();
  ring->context = g_main_context_new ();
  g_main_context_push_thread_default (ring->context);
  ring->scheduler = ll_scheduler_new (ring->context, LL_CLOCK_MONOTONIC);
  ring->model = ll_switch_cost_model_new (ring->scheduler);
  ring->lines = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (ring->model, "point-changed", G_CALLBACK (on_point_changed), ring);
  g_signal_connect (ring->model, "line", G_CALLBACK (on_line), ring);
}

static void
ring_clear (Ring *ring)
{
  if (ring->model != NULL)
    g_assert_finalize_object (g_steal_pointer (&ring->model));
  g_clear_object (&ring->scheduler);
  while (g_main_context_iteration (ring->context, FALSE))
    ;
  g_main_context_pop_thread_default (ring->context);
  g_clear_pointer (&ring->context, g_main_context_unref);
  g_ptr_array_unref (ring->lines);
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  assert_no_children ();
}

static void
ring_run (Ring *ring)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_switch_cost_model_start (ring->model, &error));
  g_assert_no_error (error);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (ring->model)));
  while (ll_sim_model_get_running (LL_SIM_MODEL (ring->model)))
    g_main_context_iteration (ring->context, TRUE);
  g_assert_cmpint (ll_switch_cost_model_get_current (ring->model), ==, -1);
  /* Every thread joined and every child reaped before :running goes back. */
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  assert_no_children ();
}

static const LlSwitchCostPoint *
point_of (Ring  *ring,
          guint  index)
{
  return ll_switch_cost_model_get_point (ring->model, index);
}

/* Each kind alone, at fixed rounds: exactly N × rounds handoffs a point,
 * the points the scale and the max say. */
static void
test_rounds (void)
{
  static const struct
  {
    guint max;
    guint rounds;
    guint n_points;
    guint last;
  } runs[] = {
    { 100, 7, 3, 100 },   /* 2, 10, 100 */
    { 37, 1, 3, 37 },     /* 2, 10, then the max itself */
    { 2, 1000, 1, 2 },
  };

  for (guint kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
      {
        Ring ring = { 0 };

        ring_init (&ring);
        ll_switch_cost_model_set_kinds (ring.model, 1u << kind);
        ll_switch_cost_model_set_max_workers (ring.model, runs[r].max);
        ll_switch_cost_model_set_rounds (ring.model, runs[r].rounds);
        ring_run (&ring);

        g_assert_cmpuint (ll_switch_cost_model_get_n_points (ring.model), ==, runs[r].n_points);
        for (guint i = 0; i < runs[r].n_points; i++)
          {
            const LlSwitchCostPoint *point = point_of (&ring, i);
            g_autofree char *line = ll_switch_cost_model_describe (ring.model, i);

            g_test_message ("%s", line);
            g_assert_cmpint (point->kind, ==, kind);
            g_assert_cmpint (point->state, ==, LL_SWITCH_COST_STATE_FINISHED);
            g_assert_null (ll_switch_cost_model_get_error (ring.model, i));
            g_assert_cmpuint (point->n, ==, i + 1 < runs[r].n_points ? (i == 0 ? 2 : 10) : runs[r].last);
            g_assert_cmpuint (point->started, ==, point->n);
            g_assert_cmpuint (point->handoffs, ==, (guint64) point->n * runs[r].rounds);
            /* One resume of a task is one handoff. */
            g_assert_cmpuint (point->idle_resumes, ==, 0);
            g_assert_cmpfloat (point->ns_per_handoff, >, 0);
            /* Measured from 1 000 workers on; a child's own at any N. */
            if (kind == LL_SWITCH_COST_KIND_PROCESS || point->n >= 1000)
              g_assert_cmpfloat (point->rss_per_worker, >=, 0);
            else
              g_assert_cmpfloat (point->rss_per_worker, ==, -1);
            g_assert_cmpfloat (point->switches_per_handoff, >=, 0);
            /* Starting a thread or a process takes microseconds; two
             * coroutines may take less than one. */
            g_assert_cmpint (point->start_usec, >=, kind == LL_SWITCH_COST_KIND_COROUTINE ? 0 : 1);
            g_assert_cmpstr (g_ptr_array_index (ring.lines, i), ==, line);
          }
        g_assert_cmpuint (ring.lines->len, ==, runs[r].n_points);
        g_assert_cmpuint (ll_switch_cost_model_get_reached (ring.model, kind), ==, runs[r].last);
        ring_clear (&ring);
      }
}

/* Creation fails past the limit: the point says how many were created
 * and why, the larger points are skipped, the rest is measured. */
/* Copy as CSV: a header, then a line a point that is over, with its
 * figures where it has them; C-locale numbers that parse back. */
static void
check_csv (Ring             *ring,
           LlSwitchCostKind  kind)
{
  g_autofree char *csv = ll_switch_cost_model_to_csv (ring->model);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  const char *id = ll_switch_cost_kind_get_id (kind);
  g_autofree char *failed = g_strdup_printf ("%s,10,failed,0,,,,,", id);
  g_autofree char *skipped = g_strdup_printf ("%s,100,skipped,0,,,,,", id);

  g_test_message ("%s", csv);
  g_assert_true (g_str_has_suffix (csv, "\n"));
  /* The header, 6 points, and the empty string after the last newline */
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  g_assert_cmpstr (lines[0], ==, "kind,n,state,handoffs,seconds,ns_per_handoff,rss_per_worker,"
                                 "switches_per_handoff,start_seconds");
  for (guint i = 1; i <= 4; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      const LlSwitchCostPoint *point = point_of (ring, i - 1);
      char *end;

      g_assert_cmpuint (g_strv_length (fields), ==, 9);
      g_assert_cmpstr (fields[0], ==, ll_switch_cost_kind_get_id (point->kind));
      g_assert_cmpuint (g_ascii_strtoull (fields[1], NULL, 10), ==, point->n);
      g_assert_cmpstr (fields[2], ==, "finished");
      g_assert_cmpuint (g_ascii_strtoull (fields[3], NULL, 10), ==, point->handoffs);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[5], &end), point->ns_per_handoff, 0.001);
      g_assert_true (*end == '\0');
      /* Memory is not measured below 1 000 workers but in a child */
      if (point->kind == LL_SWITCH_COST_KIND_PROCESS)
        g_assert_cmpstr (fields[6], !=, "");
      else
        g_assert_cmpstr (fields[6], ==, "");
    }
  g_assert_cmpstr (lines[5], ==, failed);
  g_assert_cmpstr (lines[6], ==, skipped);
}

static void
test_limit (void)
{
  for (guint kind = LL_SWITCH_COST_KIND_THREAD; kind <= LL_SWITCH_COST_KIND_PROCESS; kind++)
    {
      Ring ring = { 0 };
      const LlSwitchCostPoint *point;
      const GError *error;

      ring_init (&ring);
      ll_switch_cost_model_set_kinds (ring.model, (1u << kind) | LL_SWITCH_COST_KIND_FLAG_COROUTINE);
      ll_switch_cost_model_set_max_workers (ring.model, 100);
      ll_switch_cost_model_set_rounds (ring.model, 3);
      ll_switch_cost_model_set_worker_limit (ring.model, 5);
      ring_run (&ring);

      /* Coroutines 2, 10, 100, then this kind's 2, 10, 100. */
      g_assert_cmpuint (ll_switch_cost_model_get_n_points (ring.model), ==, 6);
      for (guint i = 0; i < 3; i++)
        g_assert_cmpint (point_of (&ring, i)->state, ==, LL_SWITCH_COST_STATE_FINISHED);
      g_assert_cmpint (point_of (&ring, 3)->state, ==, LL_SWITCH_COST_STATE_FINISHED);
      g_assert_cmpuint (point_of (&ring, 3)->handoffs, ==, 6);

      point = point_of (&ring, 4);
      error = ll_switch_cost_model_get_error (ring.model, 4);
      g_assert_cmpint (point->state, ==, LL_SWITCH_COST_STATE_FAILED);
      g_assert_cmpuint (point->n, ==, 10);
      g_assert_cmpuint (point->started, ==, 5);
      g_assert_cmpuint (point->handoffs, ==, 0);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      g_assert_nonnull (strstr (error->message, kind == LL_SWITCH_COST_KIND_THREAD ?
                                                "Could not start thread 6 of 10" :
                                                "Could not start process 6 of 10"));
      g_test_message ("%s", error->message);

      g_assert_cmpint (point_of (&ring, 5)->state, ==, LL_SWITCH_COST_STATE_SKIPPED);
      g_assert_null (ll_switch_cost_model_get_error (ring.model, 5));
      g_assert_cmpuint (ll_switch_cost_model_get_reached (ring.model, kind), ==, 2);
      g_assert_cmpuint (ll_switch_cost_model_get_reached (ring.model, LL_SWITCH_COST_KIND_COROUTINE), ==, 100);
      /* Finished and failed points each gave a line; the skipped none. */
      g_assert_cmpuint (ring.lines->len, ==, 5);
      check_csv (&ring, kind);
      ring_clear (&ring);
    }
}

/* Stopped in the middle of measuring N = 10 of each kind: every thread
 * and child is gone when the stop returns, and nothing more is heard. */
static void
test_stop (void)
{
  guint threads_before = process_threads ();

  for (guint kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    {
      Ring ring = { 0 };
      g_autoptr(GError) error = NULL;
      guint n_changed;

      ring_init (&ring);
      ll_switch_cost_model_set_kinds (ring.model, 1u << kind);
      ll_switch_cost_model_set_max_workers (ring.model, 10);
      ll_switch_cost_model_set_seconds (ring.model, 30);
      g_assert_true (ll_switch_cost_model_start (ring.model, &error));
      g_assert_no_error (error);

      /* Point 0 is N = 2, for 30 s: stop it while it measures. */
      while (point_of (&ring, 0)->state != LL_SWITCH_COST_STATE_MEASURING ||
             point_of (&ring, 0)->handoffs == 0)
        g_main_context_iteration (ring.context, TRUE);
      g_assert_cmpint (ll_switch_cost_model_get_current (ring.model), ==, 0);
      g_assert_cmpuint (ll_controller_get_live_threads (), ==,
                        1 + (kind == LL_SWITCH_COST_KIND_THREAD ? 2 : 0));
      /* The ring's two and their host */
      g_assert_cmpuint (ll_switch_cost_get_live_processes (), ==,
                        kind == LL_SWITCH_COST_KIND_PROCESS ? 3 : 0);

      ll_sim_model_stop (LL_SIM_MODEL (ring.model));
      g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
      g_assert_cmpuint (process_threads (), ==, threads_before);
      assert_no_children ();
      g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (ring.model)));
      g_assert_cmpint (ll_switch_cost_model_get_current (ring.model), ==, -1);
      g_assert_cmpint (point_of (&ring, 0)->state, ==, LL_SWITCH_COST_STATE_STOPPED);
      g_assert_cmpint (point_of (&ring, 1)->state, ==, LL_SWITCH_COST_STATE_STOPPED);
      g_assert_cmpuint (ring.lines->len, ==, 0);

      /* The news already on its way is dropped. */
      n_changed = ring.n_changed;
      for (guint i = 0; i < 20; i++)
        {
          g_usleep (5000);
          while (g_main_context_iteration (ring.context, FALSE))
            ;
        }
      g_assert_cmpuint (ring.n_changed, ==, n_changed);

      ring_clear (&ring);
    }
}

/* The model dropped while a point creates or measures, as a closed page
 * drops it; and a start in the middle of a run runs anew. */
static void
test_dispose_and_restart (void)
{
  for (guint kind = 0; kind < LL_SWITCH_COST_N_KINDS; kind++)
    {
      Ring ring = { 0 };

      ring_init (&ring);
      ll_switch_cost_model_set_kinds (ring.model, 1u << kind);
      ll_switch_cost_model_set_max_workers (ring.model, 100);
      ll_switch_cost_model_set_seconds (ring.model, 30);
      g_assert_true (ll_switch_cost_model_start (ring.model, NULL));
      while (point_of (&ring, 0)->state != LL_SWITCH_COST_STATE_MEASURING)
        g_main_context_iteration (ring.context, TRUE);

      /* Restarted: the old run stops, the new one counts its rounds. */
      ll_switch_cost_model_set_rounds (ring.model, 2);
      ll_switch_cost_model_set_max_workers (ring.model, 10);
      g_assert_true (ll_switch_cost_model_start (ring.model, NULL));
      while (ll_sim_model_get_running (LL_SIM_MODEL (ring.model)))
        g_main_context_iteration (ring.context, TRUE);
      g_assert_cmpuint (ll_switch_cost_model_get_n_points (ring.model), ==, 2);
      g_assert_cmpuint (point_of (&ring, 1)->handoffs, ==, 20);

      /* Dropped in the middle. */
      ll_switch_cost_model_set_rounds (ring.model, 0);
      g_assert_true (ll_switch_cost_model_start (ring.model, NULL));
      while (point_of (&ring, 0)->state != LL_SWITCH_COST_STATE_MEASURING)
        g_main_context_iteration (ring.context, TRUE);
      g_assert_finalize_object (g_steal_pointer (&ring.model));
      g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
      assert_no_children ();

      ring_clear (&ring);
    }
}

static double
lookup (GVariant   *object,
        const char *key)
{
  double number = -1;

  g_assert_true (ll_bench_json_lookup_number (object, key, &number));

  return number;
}

/* `run switch-cost --json`: one record a point, every line parses, and
 * the fixed rounds add up. */
static void
test_program_json (void)
{
  g_autofree char *json = ll_test_run_program_ok ("switch-cost --max 10 --rounds 3 --json");
  g_autofree char *limited = ll_test_run_program_ok ("switch-cost --kinds thread,process --max 100 --rounds 2 --worker-limit 4 --json");
  g_auto(GStrv) lines = g_strsplit (json, "\n", -1);
  g_auto(GStrv) limited_lines = g_strsplit (limited, "\n", -1);
  static const char *kinds[] = { "coroutine", "coroutine", "thread", "thread", "process", "process" };
  static const char *states[] = { "finished", "failed", "skipped" };

  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (kinds) + 1);
  g_assert_cmpstr (lines[G_N_ELEMENTS (kinds)], ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) object = ll_bench_json_parse (lines[i], -1, &error);
      g_autofree char *kind = NULL;
      g_autofree char *state = NULL;
      guint n = i % 2 == 0 ? 2 : 10;

      g_assert_no_error (error);
      g_assert_true (g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT));
      g_assert_true (g_variant_lookup (object, "kind", "s", &kind));
      g_assert_cmpstr (kind, ==, kinds[i]);
      g_assert_true (g_variant_lookup (object, "state", "s", &state));
      g_assert_cmpstr (state, ==, "finished");
      g_assert_cmpfloat (lookup (object, "n"), ==, n);
      g_assert_cmpfloat (lookup (object, "handoffs"), ==, n * 3);
      g_assert_cmpfloat (lookup (object, "ns_per_handoff"), >, 0);
      if (g_str_equal (kind, "process"))
        g_assert_cmpfloat (lookup (object, "rss_per_worker"), >=, 0);
      else
        {
          /* Not measured below 1 000 workers */
          g_autoptr(GVariant) rss = g_variant_lookup_value (object, "rss_per_worker", NULL);

          g_assert_nonnull (rss);
          g_assert_true (ll_bench_json_is_null (rss));
        }
      g_assert_cmpfloat (lookup (object, "switches_per_handoff"), >=, 0);
      g_assert_cmpfloat (lookup (object, "seconds"), >, 0);
      g_assert_cmpfloat (lookup (object, "start_seconds"), >=, 0);
    }

  /* Per kind: 2 finished, 10 failed at the limit, 100 skipped. */
  g_assert_cmpuint (g_strv_length (limited_lines), ==, 7);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) object = ll_bench_json_parse (limited_lines[i], -1, &error);
      g_autoptr(GVariant) ns = NULL;
      g_autofree char *state = NULL;
      g_autofree char *message = NULL;

      g_assert_no_error (error);
      g_assert_true (g_variant_lookup (object, "state", "s", &state));
      g_assert_cmpstr (state, ==, states[i % 3]);
      ns = g_variant_lookup_value (object, "ns_per_handoff", NULL);
      g_assert_nonnull (ns);
      g_assert_true ((i % 3 == 0) != ll_bench_json_is_null (ns));
      if (i % 3 == 1)
        {
          g_assert_cmpfloat (lookup (object, "limit"), ==, 4);
          g_assert_true (g_variant_lookup (object, "error", "s", &message));
          g_assert_nonnull (strstr (message, "of 10"));
        }
      else
        g_assert_false (g_variant_lookup (object, "error", "s", &message));
    }
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
  assert_no_children ();
}

/* The table: a header, a row a point, the largest N of each kind. */
static void
test_program_table (void)
{
  g_autofree char *text = ll_test_run_program_ok ("switch-cost --max 10 --seconds 0.02");
  g_autofree char *limited = ll_test_run_program_ok ("switch-cost --kinds thread --max 10 --rounds 2 --worker-limit 3");
  g_autoptr(GRegex) row = g_regex_new ("^(coroutine|thread|process) +(2|10) +[0-9]+ +[0-9]+\\.[0-9] +([0-9]+|-) +[0-9]+\\.[0-9]{3} +[0-9]+\\.[0-9]{3}$",
                                       0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  g_assert_true (g_str_has_prefix (lines[0], "kind "));
  for (guint i = 1; i <= 6; i++)
    g_assert_true (g_regex_match (row, lines[i], 0, NULL));
  g_assert_cmpstr (lines[7], ==, "Largest N reached: coroutine 10, thread 10, process 10");

  g_assert_nonnull (strstr (limited, "limit reached after 3 workers: Could not start thread 4 of 10: "));
  g_assert_true (g_str_has_suffix (limited, "Largest N reached: thread 2\n"));
}

static void
test_bad_options (void)
{
  const char *lines[] = {
    "switch-cost --max 1",
    "switch-cost --max 1000001",
    "switch-cost --seconds 0",
    "switch-cost --seconds 61",
    "switch-cost --kinds fibers",
    "switch-cost --kinds ,",
    "switch-cost --rounds 0",
    "switch-cost extra",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_assert_null (text);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", lines[i], error->message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cli = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The host of the process rings is this tree's looplab-cli. */
  cli = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);
  g_setenv ("LOOPLAB_CLI", cli, TRUE);

  g_test_add_func ("/looplab/switch-cost/rounds", test_rounds);
  g_test_add_func ("/looplab/switch-cost/limit", test_limit);
  g_test_add_func ("/looplab/switch-cost/stop", test_stop);
  g_test_add_func ("/looplab/switch-cost/dispose-and-restart", test_dispose_and_restart);
  g_test_add_func ("/looplab/switch-cost/program-json", test_program_json);
  g_test_add_func ("/looplab/switch-cost/program-table", test_program_table);
  g_test_add_func ("/looplab/switch-cost/bad-options", test_bad_options);

  return g_test_run ();
}
