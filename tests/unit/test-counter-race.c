/* test-counter-race.c: "Shared state: a lost update", the model and its program
 *
 * The locked, atomic and coroutine lanes must count T × K exactly; the
 * yielding coroutines must count exactly K (ll_counter_race_yield_lane_count())
 * every time; the plain lane is only ever checked for what a lost update
 * can do (lower the count, never raise it), since whether it loses on a
 * given run is up to the machine.  A stop must leave no thread behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "bench/ll-bench-json.h"
#include "ll-controller.h"
#include "ll-counter-race-model.h"
#include "ll-program-test-util.h"

typedef struct
{
  GMainContext       *context;
  LlScheduler        *scheduler;
  LlCounterRaceModel *model;

  /* What the signals said */
  GString            *changes;       /* "lane:state " for each ::lane-changed */
  GPtrArray          *lines;
  guint               n_changed;
  int                 max_running;   /* lanes RUNNING at once, at most */
  GThread            *thread;        /* the test's */
} Race;

static void
on_lane_changed (LlCounterRaceModel *model,
                 LlCounterRaceLane   lane,
                 Race               *race)
{
  const LlCounterRaceFigures *figures = ll_counter_race_model_get_figures (model, lane);
  int running = 0;

  g_string_append_printf (race->changes, "%s:%d ", ll_counter_race_lane_get_id (lane), figures->state);
  race->n_changed++;
  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    running += ll_counter_race_model_get_figures (model, i)->state == LL_COUNTER_RACE_STATE_RUNNING;
  race->max_running = MAX (race->max_running, running);

  /* Always on the caller's thread. */
  g_assert_true (g_thread_self () == race->thread);
}

static void
on_line (LlSimModel *model,
         const char *line,
         Race       *race)
{
  g_ptr_array_add (race->lines, g_strdup (line));
}

static void
race_init (Race    *race,
           LlClock  clock)
{
  race->thread = g_thread_self ();
  race->context = g_main_context_new ();
  g_main_context_push_thread_default (race->context);
  race->scheduler = ll_scheduler_new (race->context, clock);
  race->model = ll_counter_race_model_new (race->scheduler);
  race->changes = g_string_new (NULL);
  race->lines = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (race->model, "lane-changed", G_CALLBACK (on_lane_changed), race);
  g_signal_connect (race->model, "line", G_CALLBACK (on_line), race);
}

static void
race_clear (Race *race)
{
  if (race->model != NULL)
    g_assert_finalize_object (g_steal_pointer (&race->model));
  g_clear_object (&race->scheduler);
  while (g_main_context_iteration (race->context, FALSE))
    ;
  g_main_context_pop_thread_default (race->context);
  g_clear_pointer (&race->context, g_main_context_unref);
  g_string_free (race->changes, TRUE);
  g_ptr_array_unref (race->lines);
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
}

static void
race_run (Race                   *race,
          guint                   workers,
          guint                   increments,
          LlCounterRaceLaneFlags  lanes)
{
  g_autoptr(GError) error = NULL;

  ll_counter_race_model_set_workers (race->model, workers);
  ll_counter_race_model_set_increments (race->model, increments);
  ll_counter_race_model_set_lanes (race->model, lanes);
  g_assert_true (ll_counter_race_model_start (race->model, &error));
  g_assert_no_error (error);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (race->model)));
  while (ll_sim_model_get_running (LL_SIM_MODEL (race->model)))
    g_main_context_iteration (race->context, TRUE);
  g_assert_cmpint (ll_counter_race_model_get_current (race->model), ==, -1);
  /* The run's threads are joined before :running goes back. */
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
}

static const LlCounterRaceFigures *
figures_of (Race              *race,
            LlCounterRaceLane  lane)
{
  return ll_counter_race_model_get_figures (race->model, lane);
}

/* Every lane finished with T × K expected; the exact ones exact, the
 * yielding one at its formula, the plain one as low as it lost. */
static void
check_finished (Race  *race,
                guint  workers,
                guint  increments)
{
  guint64 expected = (guint64) workers * increments;
  guint64 yielded = ll_counter_race_yield_lane_count (workers, increments);

  for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
    {
      const LlCounterRaceFigures *figures = figures_of (race, i);

      g_assert_cmpint (figures->state, ==, LL_COUNTER_RACE_STATE_FINISHED);
      g_assert_null (ll_counter_race_model_get_error (race->model, i));
      g_assert_cmpuint (figures->workers, ==, workers);
      g_assert_cmpuint (figures->expected, ==, expected);
      g_assert_cmpuint (figures->done, ==, expected);
      g_assert_cmpuint (figures->counted + figures->lost, ==, expected);
      g_assert_cmpint (figures->usec, >=, 0);
    }

  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_MUTEX)->counted, ==, expected);
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_ATOMIC)->counted, ==, expected);
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_COROUTINE)->counted, ==, expected);

  g_assert_cmpuint (yielded, ==, increments);
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_COROUTINE_YIELD)->counted, ==, yielded);
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_COROUTINE_YIELD)->lost, ==,
                    (guint64) (workers - 1) * increments);

  /* Every value written is a value read plus one: at least 1, and a
   * lost update can only lower the count. */
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_PLAIN)->counted, >=, 1);
  g_assert_cmpuint (figures_of (race, LL_COUNTER_RACE_LANE_PLAIN)->counted, <=, expected);
}

static const struct
{
  guint workers;
  guint increments;
} sizes[] = {
  { 1, 1 },
  { 1, 5000 },
  { 2, 1 },
  { 2, 999 },
  { 2, 40000 },     /* more than two chunks a worker */
  { 3, 12345 },
  { 4, 20000 },
  { 8, 1001 },
  { 64, 3 },
};

static void
check_exact (LlClock clock)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      Race race = { 0 };
      g_autoptr(GString) order = g_string_new (NULL);

      race_init (&race, clock);
      race_run (&race, sizes[s].workers, sizes[s].increments, LL_COUNTER_RACE_LANE_FLAG_ALL);
      g_test_message ("T=%u K=%u: %s", sizes[s].workers, sizes[s].increments, race.changes->str);
      check_finished (&race, sizes[s].workers, sizes[s].increments);

      /* One lane at a time, in order, each heard starting and ending;
       * the progress in between depends on the machine's speed. */
      g_assert_cmpint (race.max_running, ==, 1);
      for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
        {
          const char *id = ll_counter_race_lane_get_id (i);
          g_autofree char *waiting = g_strdup_printf ("%s:%d ", id, LL_COUNTER_RACE_STATE_WAITING);
          g_autofree char *running = g_strdup_printf ("%s:%d ", id, LL_COUNTER_RACE_STATE_RUNNING);
          g_autofree char *finished = g_strdup_printf ("%s:%d ", id, LL_COUNTER_RACE_STATE_FINISHED);
          const char *w = strstr (race.changes->str, waiting);
          const char *r = strstr (race.changes->str, running);
          const char *f = strstr (race.changes->str, finished);

          g_assert_nonnull (w);
          g_assert_nonnull (r);
          g_assert_nonnull (f);
          g_assert_true (w < r && r < f);
          if (i > 0)
            {
              g_autofree char *before = g_strdup_printf ("%s:%d ", ll_counter_race_lane_get_id (i - 1),
                                                         LL_COUNTER_RACE_STATE_FINISHED);

              g_assert_true (strstr (race.changes->str, before) < r);
            }
        }

      /* One line a lane, as it ended: the describe line. */
      g_assert_cmpuint (race.lines->len, ==, LL_COUNTER_RACE_N_LANES);
      for (guint i = 0; i < LL_COUNTER_RACE_N_LANES; i++)
        {
          g_autofree char *line = ll_counter_race_model_describe (race.model, i);

          g_assert_cmpstr (g_ptr_array_index (race.lines, i), ==, line);
        }

      race_clear (&race);
    }
}

static void
test_exact_virtual (void)
{
  check_exact (LL_CLOCK_VIRTUAL);
}

static void
test_exact_monotonic (void)
{
  check_exact (LL_CLOCK_MONOTONIC);
}

/* The yielding lane alone, several times over: the same count each
 * time, the formula's. */
static void
test_yield_deterministic (void)
{
  static const struct
  {
    guint workers;
    guint increments;
  } yield_sizes[] = {
    { 1, 10 },
    { 2, 10 },
    { 3, 7 },
    { 5, 100000 },
    { 64, 1000 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (yield_sizes); s++)
    {
      for (guint repeat = 0; repeat < 3; repeat++)
        {
          Race race = { 0 };
          const LlCounterRaceFigures *figures;
          guint workers = yield_sizes[s].workers;
          guint increments = yield_sizes[s].increments;

          race_init (&race, repeat == 1 ? LL_CLOCK_MONOTONIC : LL_CLOCK_VIRTUAL);
          race_run (&race, workers, increments, LL_COUNTER_RACE_LANE_FLAG_COROUTINE_YIELD);
          figures = figures_of (&race, LL_COUNTER_RACE_LANE_COROUTINE_YIELD);
          g_assert_cmpint (figures->state, ==, LL_COUNTER_RACE_STATE_FINISHED);
          g_assert_cmpuint (figures->expected, ==, (guint64) workers * increments);
          g_assert_cmpuint (figures->counted, ==, ll_counter_race_yield_lane_count (workers, increments));
          g_assert_cmpuint (figures->counted, ==, increments);
          g_assert_cmpuint (figures->lost, ==, (guint64) (workers - 1) * increments);

          /* The others were not part of the run. */
          for (guint i = 0; i < LL_COUNTER_RACE_LANE_COROUTINE_YIELD; i++)
            g_assert_cmpint (figures_of (&race, i)->state, ==, LL_COUNTER_RACE_STATE_IDLE);
          g_assert_cmpuint (race.lines->len, ==, 1);

          race_clear (&race);
        }
    }
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates @context for @msec, whatever happens. */
static void
spin (GMainContext *context,
      guint         msec)
{
  GSource *source = g_timeout_source_new (msec);
  gboolean done = FALSE;

  g_source_set_callback (source, on_timeout, &done, NULL);
  g_source_attach (source, context);
  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (source);
  g_source_unref (source);
}

/* Iterates until @lane has reported progress (its first report comes
 * 0.1 s after it started): it is counting, its threads (or tasks)
 * started and the run far from its end. */
static void
wait_until_counting (Race              *race,
                     LlCounterRaceLane  lane)
{
  while (figures_of (race, lane)->state != LL_COUNTER_RACE_STATE_RUNNING ||
         figures_of (race, lane)->done == 0)
    {
      /* Over before its first report: the test's sizes are too small. */
      g_assert_cmpint (figures_of (race, lane)->state, <, LL_COUNTER_RACE_STATE_FINISHED);
      g_main_context_iteration (race->context, TRUE);
    }
  g_assert_cmpuint (figures_of (race, lane)->done, <, figures_of (race, lane)->expected);
}

/* Stopped in the middle of each lane: every thread is gone when the
 * stop returns, the lane says stopped, and nothing more is heard. */
static void
test_stop (void)
{
  for (guint lane = 0; lane < LL_COUNTER_RACE_N_LANES; lane++)
    {
      Race race = { 0 };
      g_autoptr(GError) error = NULL;
      /* The controller, and the workers of a thread lane: the largest
       * run, so that they are still counting when the stop comes. */
      guint threads = lane <= LL_COUNTER_RACE_LANE_ATOMIC ? LL_COUNTER_RACE_MAX_WORKERS + 1 : 1;
      guint live;
      guint n_changed;

      race_init (&race, LL_CLOCK_VIRTUAL);
      ll_counter_race_model_set_workers (race.model, LL_COUNTER_RACE_MAX_WORKERS);
      ll_counter_race_model_set_increments (race.model, LL_COUNTER_RACE_MAX_INCREMENTS);
      /* This lane, and one after it that never starts. */
      ll_counter_race_model_set_lanes (race.model,
                                       (1u << lane) | (lane + 1 < LL_COUNTER_RACE_N_LANES ? 1u << (lane + 1) : 0));
      g_assert_true (ll_counter_race_model_start (race.model, &error));
      g_assert_no_error (error);

      wait_until_counting (&race, lane);
      /* 64 × 10^8 locked increments take minutes, so every worker of
       * the mutex lane is alive; a plain or atomic increment takes a
       * nanosecond or a few, and on a loaded machine the first workers
       * may be done before this thread looks. */
      live = ll_controller_get_live_threads ();
      g_test_message ("%s: %u threads alive at the stop", ll_counter_race_lane_get_id (lane), live);
      g_assert_cmpuint (live, >=, 1);
      g_assert_cmpuint (live, <=, threads);
      if (lane == LL_COUNTER_RACE_LANE_MUTEX || lane >= LL_COUNTER_RACE_LANE_COROUTINE)
        g_assert_cmpuint (live, ==, threads);
      g_assert_cmpint (ll_counter_race_model_get_current (race.model), ==, lane);

      ll_sim_model_stop (LL_SIM_MODEL (race.model));
      g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);
      g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (race.model)));
      g_assert_cmpint (ll_counter_race_model_get_current (race.model), ==, -1);
      g_assert_cmpint (figures_of (&race, lane)->state, ==, LL_COUNTER_RACE_STATE_STOPPED);
      if (lane + 1 < LL_COUNTER_RACE_N_LANES)
        g_assert_cmpint (figures_of (&race, lane + 1)->state, ==, LL_COUNTER_RACE_STATE_STOPPED);
      g_assert_cmpuint (race.lines->len, ==, 0);

      /* The news already on its way is dropped. */
      n_changed = race.n_changed;
      spin (race.context, 150);
      g_assert_cmpuint (race.n_changed, ==, n_changed);
      g_assert_cmpint (figures_of (&race, lane)->state, ==, LL_COUNTER_RACE_STATE_STOPPED);

      race_clear (&race);
    }
}

/* The model dropped in the middle of a run, as a closed page drops it:
 * in the mutex lane, which takes minutes at 4 × 10^8 (the plain lane
 * before it may be over within the 0.1 s before a lane's first report). */
static void
test_dispose_running (void)
{
  Race race = { 0 };

  race_init (&race, LL_CLOCK_MONOTONIC);
  ll_counter_race_model_set_increments (race.model, LL_COUNTER_RACE_MAX_INCREMENTS);
  g_assert_true (ll_counter_race_model_start (race.model, NULL));
  wait_until_counting (&race, LL_COUNTER_RACE_LANE_MUTEX);

  g_assert_finalize_object (g_steal_pointer (&race.model));
  g_assert_cmpuint (ll_controller_get_live_threads (), ==, 0);

  race_clear (&race);
}

/* A start in the middle of a run stops it and runs anew. */
static void
test_restart (void)
{
  Race race = { 0 };

  race_init (&race, LL_CLOCK_VIRTUAL);
  ll_counter_race_model_set_increments (race.model, LL_COUNTER_RACE_MAX_INCREMENTS);
  g_assert_true (ll_counter_race_model_start (race.model, NULL));
  wait_until_counting (&race, LL_COUNTER_RACE_LANE_MUTEX);
  /* The plain lane's line, from the first run. */
  g_assert_cmpuint (race.lines->len, ==, 1);
  g_ptr_array_set_size (race.lines, 0);

  race_run (&race, 3, 1000, LL_COUNTER_RACE_LANE_FLAG_ALL);
  check_finished (&race, 3, 1000);
  g_assert_cmpuint (race.lines->len, ==, LL_COUNTER_RACE_N_LANES);

  race_clear (&race);
}

/* A record of either output. */
typedef struct
{
  char    *lane;
  guint64  expected;
  guint64  counted;
  guint64  lost;
  double   seconds;
} Record;

static void
record_clear (gpointer data)
{
  g_free (((Record *) data)->lane);
}

static GArray *
parse_text (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([a-z-]+): ([0-9]+) expected, ([0-9]+) counted, ([0-9]+) lost, "
                                         "([0-9]+\\.[0-9]{3}) s$", 0, 0, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *records = g_array_new (FALSE, TRUE, sizeof (Record));

  g_array_set_clear_func (records, record_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *counted = NULL;
      g_autofree char *lost = NULL;
      g_autofree char *seconds = NULL;
      Record record;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      g_assert_true (g_regex_match (regex, lines[i], 0, &match));
      expected = g_match_info_fetch (match, 2);
      counted = g_match_info_fetch (match, 3);
      lost = g_match_info_fetch (match, 4);
      seconds = g_match_info_fetch (match, 5);
      record = (Record) {
        g_match_info_fetch (match, 1),
        g_ascii_strtoull (expected, NULL, 10),
        g_ascii_strtoull (counted, NULL, 10),
        g_ascii_strtoull (lost, NULL, 10),
        g_ascii_strtod (seconds, NULL),
      };
      g_array_append_val (records, record);
    }

  return records;
}

static guint64
lookup_count (GVariant   *object,
              const char *key)
{
  double number = -1;

  g_assert_true (ll_bench_json_lookup_number (object, key, &number));
  g_assert_cmpfloat (number, >=, 0);
  g_assert_cmpfloat (number, ==, (double) (guint64) number);

  return (guint64) number;
}

static GArray *
parse_json (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *records = g_array_new (FALSE, TRUE, sizeof (Record));

  g_array_set_clear_func (records, record_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) object = NULL;
      Record record = { 0 };

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      object = ll_bench_json_parse (lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (g_variant_is_of_type (object, G_VARIANT_TYPE_VARDICT));
      g_assert_true (g_variant_lookup (object, "lane", "s", &record.lane));
      record.expected = lookup_count (object, "expected");
      record.counted = lookup_count (object, "counted");
      record.lost = lookup_count (object, "lost");
      g_assert_true (ll_bench_json_lookup_number (object, "seconds", &record.seconds));
      g_array_append_val (records, record);
    }

  return records;
}

/* The five lanes in order, each record adding up. */
static void
check_records (GArray *records,
               guint   workers,
               guint   increments)
{
  guint64 expected = (guint64) workers * increments;

  g_assert_cmpuint (records->len, ==, LL_COUNTER_RACE_N_LANES);
  for (guint i = 0; i < records->len; i++)
    {
      Record *record = &g_array_index (records, Record, i);

      g_assert_cmpstr (record->lane, ==, ll_counter_race_lane_get_id (i));
      g_assert_cmpuint (record->expected, ==, expected);
      g_assert_cmpuint (record->counted + record->lost, ==, expected);
      g_assert_cmpuint (record->counted, >=, 1);
      g_assert_cmpfloat (record->seconds, >=, 0);
    }
  for (guint i = LL_COUNTER_RACE_LANE_MUTEX; i <= LL_COUNTER_RACE_LANE_COROUTINE; i++)
    g_assert_cmpuint (g_array_index (records, Record, i).counted, ==, expected);
  g_assert_cmpuint (g_array_index (records, Record, LL_COUNTER_RACE_LANE_COROUTINE_YIELD).counted, ==,
                    ll_counter_race_yield_lane_count (workers, increments));
}

/* `run counter-race`, as text and as JSON: both parse, and agree on
 * everything but the plain lane's luck and the times. */
static void
test_program (void)
{
  g_autofree char *text = ll_test_run_program_ok ("counter-race --workers 3 --increments 5000 --virtual-clock");
  g_autofree char *json = ll_test_run_program_ok ("counter-race --workers 3 --increments 5000 --json --virtual-clock");
  g_autofree char *defaults = NULL;
  g_autofree char *only = NULL;
  g_autoptr(GArray) from_text = parse_text (text);
  g_autoptr(GArray) from_json = parse_json (json);

  check_records (from_text, 3, 5000);
  check_records (from_json, 3, 5000);
  for (guint i = LL_COUNTER_RACE_LANE_MUTEX; i < LL_COUNTER_RACE_N_LANES; i++)
    {
      g_assert_cmpuint (g_array_index (from_text, Record, i).counted, ==,
                        g_array_index (from_json, Record, i).counted);
      g_assert_cmpuint (g_array_index (from_text, Record, i).lost, ==,
                        g_array_index (from_json, Record, i).lost);
    }

  /* One lane alone, and the defaults' sizes, T = 4 and K = 1 000 000:
   * the coroutine lane, which is quick. */
  only = ll_test_run_program_ok ("counter-race --lanes coroutine-yield --workers 2 --increments 7");
  g_assert_true (g_str_has_prefix (only, "coroutine-yield: 14 expected, 7 counted, 7 lost, "));
  g_assert_true (g_str_has_suffix (only, " s\n"));
  g_assert_cmpint (strchr (only, '\n')[1], ==, '\0');
  g_clear_pointer (&only, g_free);
  only = ll_test_run_program_ok ("counter-race --lanes coroutine-yield --workers 2 --increments 7 --json");
  g_assert_nonnull (strstr (only, "{\"lane\": \"coroutine-yield\", \"expected\": 14, \"counted\": 7, \"lost\": 7, \"seconds\": "));
  g_assert_cmpint (strchr (only, '\n')[1], ==, '\0');
  defaults = ll_test_run_program_ok ("counter-race --lanes coroutine");
  g_assert_true (g_str_has_prefix (defaults, "coroutine: 4000000 expected, 4000000 counted, 0 lost, "));
}

static void
test_bad_options (void)
{
  const char *lines[] = {
    "counter-race --workers 0",
    "counter-race --workers 65",
    "counter-race --workers -1",
    "counter-race --workers many",
    "counter-race --increments 0",
    "counter-race --increments 100000001",
    "counter-race --increments 99999999999999999999",
    "counter-race --lanes plain,frobnicated",
    "counter-race --lanes ,",
    "counter-race --frobnicate",
    "counter-race 4",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_test_message ("%s: %s", lines[i], error != NULL ? error->message : "(no error)");
      g_assert_null (text);
      g_assert_error (error, G_OPTION_ERROR, error->code);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/counter-race/exact-virtual", test_exact_virtual);
  g_test_add_func ("/looplab/counter-race/exact-monotonic", test_exact_monotonic);
  g_test_add_func ("/looplab/counter-race/yield-deterministic", test_yield_deterministic);
  g_test_add_func ("/looplab/counter-race/stop", test_stop);
  g_test_add_func ("/looplab/counter-race/dispose-running", test_dispose_running);
  g_test_add_func ("/looplab/counter-race/restart", test_restart);
  g_test_add_func ("/looplab/counter-race/program", test_program);
  g_test_add_func ("/looplab/counter-race/bad-options", test_bad_options);

  return g_test_run ();
}
