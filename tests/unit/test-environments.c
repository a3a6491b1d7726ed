/* test-environments.c: "One coroutine, three environments" (environments)
 *
 * The same chain on the main loop, in a thread and in a child process:
 * the three must find the same buses as a scan of the feed's text made
 * here with plain string search (not GMarkup, not the chain); a child
 * that dies in the middle of the stream is an error that names its
 * status or signal, never a hang; a stop in the middle lets go of the
 * thread and kills the child; the child's side of the protocol, fed a
 * stream written here by hand, prints the matches it must.  The child is
 * the looplab-cli of this build tree (LOOPLAB_CLI), or a shell script
 * standing in front of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ll-bus-feed.h"
#include "ll-bus-scan-test-util.h"
#include "ll-environments-model.h"
#include "ll-program-test-util.h"
#include "ll-programs.h"
#include "ll-scheduler.h"

/* No run here takes more than a second; twenty is a hang. */
#define RUN_TIMEOUT_USEC (20 * G_USEC_PER_SEC)

static char *test_tmpdir;
static char *cli_path;

/* Files */

static char *
write_feed (const char *name,
            guint       n_buses,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (test_tmpdir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (ll_bus_feed_write_file (file, n_buses, seed, NULL, &error));
  g_assert_no_error (error);

  return path;
}

static char *
write_text (const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (test_tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);

  return path;
}

/* A shell script in front of the real looplab-cli: @body, with $CLI the
 * real one and "$@" the arguments the model gave. */
static char *
write_script (const char *name,
              const char *body)
{
  g_autofree char *quoted = g_shell_quote (cli_path);
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\nCLI=%s\n%s\n", quoted, body);
  char *path = write_text (name, text);

  g_assert_cmpint (g_chmod (path, 0755), ==, 0);

  return path;
}

/* The buses of the feed at @path with @route and @direction, in order,
 * by the plain string search of ll-bus-scan-test-util.c. */
static GPtrArray *
scan_matches (const char *path,
              const char *route,
              const char *direction)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) buses = NULL;
  GPtrArray *matches = g_ptr_array_new_with_free_func (ll_scan_bus_free);
  gsize length;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);

  buses = ll_scan_buses (text, length);
  for (guint i = 0; i < buses->len; i++)
    {
      if (ll_scan_bus_matches (g_ptr_array_index (buses, i), route, direction))
        g_ptr_array_add (matches, g_steal_pointer (&buses->pdata[i]));
    }

  return matches;
}

/* A run on a private context */

typedef struct
{
  GMainContext        *context;
  LlScheduler         *scheduler;
  LlEnvironmentsModel *model;
  guint                tick_id;
} Fixture;

/* Wakes the context now and then, so that a run that hangs fails the
 * test at its deadline instead of blocking it. */
static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GSource *tick;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->scheduler = ll_scheduler_new (fixture->context, LL_CLOCK_MONOTONIC);
  fixture->model = ll_environments_model_new (fixture->scheduler);

  tick = g_timeout_source_new (50);
  g_source_set_callback (tick, on_tick, NULL, NULL);
  fixture->tick_id = g_source_attach (tick, fixture->context);
  g_source_unref (tick);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_USEC;

  if (fixture->model != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->model));

  /* The tasks the model let go of unwind as their GIO calls come back. */
  while (ll_scheduler_get_n_tasks (fixture->scheduler) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fixture->context, TRUE);
    }
  g_source_destroy (g_main_context_find_source_by_id (fixture->context, fixture->tick_id));
  g_clear_object (&fixture->scheduler);
  while (g_main_context_iteration (fixture->context, FALSE))
    ;
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

static void
run_to_end (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_USEC;

  while (ll_sim_model_get_running (LL_SIM_MODEL (fixture->model)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fixture->context, TRUE);
    }
}

static void
start_file (Fixture    *fixture,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  ll_environments_model_start (fixture->model, file);
}

/* The three found @expected, each, in order, bit for bit the same. */
static void
assert_matches (LlEnvironmentsModel *model,
                GPtrArray           *expected)
{
  const LlBusMatch *first = NULL;
  guint n_first = 0;

  for (guint e = 0; e < LL_N_ENVIRONMENTS; e++)
    {
      const LlEnvironmentFigures *figures = ll_environments_model_get_figures (model, e);
      const LlBusMatch *matches;
      g_autofree char *sum = NULL;
      guint n;

      g_assert_no_error (ll_environments_model_get_error (model, e));
      g_assert_cmpint (ll_environments_model_get_state (model, e), ==, LL_ENVIRONMENT_STATE_FINISHED);
      matches = ll_environments_model_get_matches (model, e, &n);
      g_assert_cmpuint (n, ==, expected->len);
      g_assert_cmpuint (figures->n_matches, ==, expected->len);
      for (guint i = 0; i < n; i++)
        {
          LlScanBus *want = g_ptr_array_index (expected, i);

          g_assert_cmpstr (matches[i].id, ==, want->id);
          g_assert_cmpfloat (matches[i].latitude, ==, g_ascii_strtod (want->latitude, NULL));
          g_assert_cmpfloat (matches[i].longitude, ==, g_ascii_strtod (want->longitude, NULL));
        }

      sum = ll_bus_matches_checksum (matches, n);
      g_assert_cmpstr (ll_environments_model_get_checksum (model, e), ==, sum);

      if (first == NULL)
        {
          first = matches;
          n_first = n;
          continue;
        }
      g_assert_cmpuint (n, ==, n_first);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpstr (matches[i].id, ==, first[i].id);
          g_assert_true (matches[i].latitude == first[i].latitude);
          g_assert_true (matches[i].longitude == first[i].longitude);
        }
    }

  g_assert_true (ll_environments_model_get_identical (model));
}

/* Where looplab-cli is */

static void
test_find_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *missing = g_build_filename (test_tmpdir, "no-such-cli", NULL);

  /* LOOPLAB_CLI, set by main(), comes first. */
  found = ll_environments_find_cli (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, cli_path);

  /* Set, it must be right: no quiet fallback past a wrong override.
   * Safe here: this test runs first, before any thread of the run. */
  g_setenv ("LOOPLAB_CLI", missing, TRUE);
  g_clear_pointer (&found, g_free);
  found = ll_environments_find_cli (&error);
  g_setenv ("LOOPLAB_CLI", cli_path, TRUE);
  g_assert_error (error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_NO_CLI);
  g_assert_null (found);
  g_assert_nonnull (strstr (error->message, "LOOPLAB_CLI"));
  g_assert_nonnull (strstr (error->message, missing));
}

static void
test_no_cli (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *feed = write_feed ("no-cli.xml", 200, 1);
  g_autofree char *missing = g_build_filename (test_tmpdir, "no-such-cli", NULL);
  const GError *error;

  ll_environments_model_set_environments (fixture->model, LL_ENVIRONMENT_FLAG_SUBPROCESS);
  ll_environments_model_set_cli_path (fixture->model, missing);
  start_file (fixture, feed);
  run_to_end (fixture);

  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_NO_CLI);
  g_assert_cmpint (ll_environments_model_get_state (fixture->model, LL_ENVIRONMENT_SUBPROCESS), ==,
                   LL_ENVIRONMENT_STATE_FAILED);
  g_assert_cmpint (ll_environments_model_get_state (fixture->model, LL_ENVIRONMENT_MAIN_LOOP), ==,
                   LL_ENVIRONMENT_STATE_IDLE);
  g_assert_false (ll_environments_model_get_identical (fixture->model));
}

/* The three agree with the scan */

static void
test_identical (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *feed = write_feed ("identical.xml", 3000, 7);
  struct { const char *route, *direction; } cases[] = {
    { LL_BUS_DEFAULT_ROUTE, LL_BUS_DEFAULT_DIRECTION },
    { "12", "West Bound" },
    { "22", "no such direction" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) expected = scan_matches (feed, cases[c].route, cases[c].direction);
      const LlEnvironmentFigures *main_loop;
      GStatBuf st;

      /* A feed of a few thousand buses has a few dozen of route 22. */
      if (c < 2)
        g_assert_cmpuint (expected->len, >, 10);

      ll_environments_model_set_route (fixture->model, cases[c].route);
      ll_environments_model_set_direction (fixture->model, cases[c].direction);
      start_file (fixture, feed);
      run_to_end (fixture);
      assert_matches (fixture->model, expected);

      /* They read the same feed, event for event. */
      g_assert_cmpint (g_stat (feed, &st), ==, 0);
      main_loop = ll_environments_model_get_figures (fixture->model, LL_ENVIRONMENT_MAIN_LOOP);
      g_assert_cmpuint (main_loop->bytes_read, ==, st.st_size);
      g_assert_cmpuint (main_loop->file_size, ==, st.st_size);
      g_assert_cmpuint (main_loop->n_events, >, 30 * 3000);
      for (guint e = 1; e < LL_N_ENVIRONMENTS; e++)
        {
          const LlEnvironmentFigures *figures = ll_environments_model_get_figures (fixture->model, e);

          g_assert_cmpuint (figures->n_events, ==, main_loop->n_events);
          g_assert_cmpuint (figures->bytes_read, ==, main_loop->bytes_read);
        }
      g_assert_cmpint (ll_environments_model_get_current (fixture->model), ==, -1);
    }
}

/* Ids the protocol must escape, and coordinates GMarkup hands over as
 * written: the three still agree, and with what the feed says. */
static void
test_escapes (Fixture       *fixture,
              gconstpointer  data)
{
  static const char feed_text[] =
    "<?xml version=\"1.0\"?>\n"
    "<buses>\n"
    "<bus><id>a\\b</id><route>22</route><direction>North Bound</direction>"
    "<latitude>41.5</latitude><longitude>-87.25</longitude></bus>\n"
    "<bus><id>line&#10;two</id><route>22</route><direction>North Bound</direction>"
    "<latitude>41.880000</latitude><longitude>-87.630000</longitude></bus>\n"
    "<bus><id>cr&#13;\\n</id><route>8</route><direction>North Bound</direction>"
    "<latitude>1</latitude><longitude>2</longitude></bus>\n"
    "<bus><id>cr&#13;\\n</id><route>22</route><direction>North Bound</direction>"
    "<latitude> 41.1 </latitude><longitude>-87.9</longitude></bus>\n"
    "<bus><id>  spaced  id  </id><route>22</route><direction>North Bound</direction>"
    "<latitude>41.000001</latitude><longitude>-87.000001</longitude></bus>\n"
    "<bus><id>北 &amp; &lt;south&gt;</id><route>22</route><direction>North Bound</direction>"
    "<latitude><![CDATA[41.75]]></latitude><longitude>-87.5</longitude></bus>\n"
    "</buses>\n";
  static const char *ids[] = { "a\\b", "line\ntwo", "cr\r\\n", "  spaced  id  ", "北 & <south>" };
  static const char *latitudes[] = { "41.5", "41.880000", "41.1", "41.000001", "41.75" };
  static const char *longitudes[] = { "-87.25", "-87.630000", "-87.9", "-87.000001", "-87.5" };
  g_autofree char *feed = write_text ("escapes.xml", feed_text);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (ll_scan_bus_free);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      LlScanBus *match = g_new0 (LlScanBus, 1);

      match->id = g_strdup (ids[i]);
      match->latitude = g_strdup (latitudes[i]);
      match->longitude = g_strdup (longitudes[i]);
      g_ptr_array_add (expected, match);
    }

  start_file (fixture, feed);
  run_to_end (fixture);
  assert_matches (fixture->model, expected);
}

/* A broken feed fails all three the same way, the child killed. */
static void
test_bad_feed (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *feed = write_text ("bad.xml",
                                      "<?xml version=\"1.0\"?>\n<buses>\n"
                                      "<bus><id>1</id><route>22</route></bus>\n<bus><id>2</id>");

  start_file (fixture, feed);
  run_to_end (fixture);

  for (guint e = 0; e < LL_N_ENVIRONMENTS; e++)
    {
      const GError *error = ll_environments_model_get_error (fixture->model, e);

      g_assert_error ((GError *) error, LL_BUS_ERROR, LL_BUS_ERROR_TRUNCATED);
      g_assert_cmpint (ll_environments_model_get_state (fixture->model, e), ==, LL_ENVIRONMENT_STATE_FAILED);
    }
  g_assert_false (ll_environments_model_get_identical (fixture->model));
}

/* A bus that matches without an id: each chain fails on it, the
 * child's saying why in its error line. */
static void
test_bad_record (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *feed = write_text ("bad-record.xml",
                                      "<?xml version=\"1.0\"?>\n<buses>\n"
                                      "<bus><id>1</id><route>22</route><direction>North Bound</direction>"
                                      "<latitude>1</latitude><longitude>2</longitude></bus>\n"
                                      "<bus><route>22</route><direction>North Bound</direction>"
                                      "<latitude>1</latitude><longitude>2</longitude></bus>\n"
                                      "</buses>\n");
  const GError *error;

  start_file (fixture, feed);
  run_to_end (fixture);

  for (guint e = 0; e < LL_N_ENVIRONMENTS; e++)
    g_assert_cmpint (ll_environments_model_get_state (fixture->model, e), ==, LL_ENVIRONMENT_STATE_FAILED);
  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_MAIN_LOOP);
  g_assert_error ((GError *) error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD);
  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_THREAD);
  g_assert_error ((GError *) error, LL_BUS_ERROR, LL_BUS_ERROR_BAD_RECORD);
  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED);
  g_assert_nonnull (strstr (error->message, "status 1"));
  g_assert_nonnull (strstr (error->message, "A bus that matched has no <id>"));
}

/* A child that dies in the middle of the stream */

static void
run_child (Fixture    *fixture,
           const char *script_name,
           const char *script_body)
{
  g_autofree char *feed = write_feed ("child.xml", 3000, 11);
  g_autofree char *script = write_script (script_name, script_body);

  ll_environments_model_set_environments (fixture->model, LL_ENVIRONMENT_FLAG_SUBPROCESS);
  ll_environments_model_set_cli_path (fixture->model, script);
  start_file (fixture, feed);
  run_to_end (fixture);

  g_assert_cmpint (ll_environments_model_get_state (fixture->model, LL_ENVIRONMENT_SUBPROCESS), ==,
                   LL_ENVIRONMENT_STATE_FAILED);
  g_assert_false (ll_environments_model_get_identical (fixture->model));
  g_test_message ("%s", ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS)->message);
}

static void
test_child_exits (Fixture       *fixture,
                  gconstpointer  data)
{
  const GError *error;

  /* The real child, told to exit with status 3 after 2 000 events (of
   * about 95 000): a few buses in, its pipe still full of events. */
  run_child (fixture, "exit-after.sh", "exec \"$CLI\" \"$@\" --exit-after 2000");

  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED);
  g_assert_nonnull (strstr (error->message, "status 3"));
}

static void
test_child_killed (Fixture       *fixture,
                   gconstpointer  data)
{
  const GError *error;

  /* A child that reads part of its input and is killed: SIGKILL, which
   * nothing can catch or clean up after. */
  run_child (fixture, "killed.sh", "head -c 100000 >/dev/null\nkill -KILL $$");

  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_KILLED);
  g_assert_nonnull (strstr (error->message, "signal 9"));
}

static void
test_child_quits (Fixture       *fixture,
                  gconstpointer  data)
{
  const GError *error;

  /* Status 0, having read nothing: still no result. */
  run_child (fixture, "quits.sh", "exit 0");

  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_EXITED);
  g_assert_nonnull (strstr (error->message, "status 0"));
}

static void
test_child_lingers (Fixture       *fixture,
                    gconstpointer  data)
{
  const GError *error;

  /* Reads everything, closes its stdout, says nothing and does not
   * exit: killed after its grace of two seconds, not waited for. */
  run_child (fixture, "lingers.sh", "cat >/dev/null\nexec >&-\nexec sleep 60");

  error = ll_environments_model_get_error (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  g_assert_error ((GError *) error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_CHILD_KILLED);
  g_assert_nonnull (strstr (error->message, "did not exit"));
}

/* Stopping in the middle */

typedef struct
{
  Fixture       *fixture;
  LlEnvironment  environment;
  gboolean       stopped;
} StopAt;

/* Stops the run from inside the signal, once @environment has parsed a
 * chunk: the hardest place, with the environment's coroutine on the
 * stack. */
static void
on_changed_stop (LlEnvironmentsModel *model,
                 LlEnvironment        environment,
                 StopAt              *at)
{
  const LlEnvironmentFigures *figures = ll_environments_model_get_figures (model, environment);

  if (environment != at->environment || at->stopped ||
      figures->state != LL_ENVIRONMENT_STATE_RUNNING || figures->bytes_read == 0)
    return;

  at->stopped = TRUE;
  ll_sim_model_stop (LL_SIM_MODEL (model));
}

static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *feed = write_feed ("stop.xml", 5000, 5);
  StopAt at = { fixture, GPOINTER_TO_UINT (data), FALSE };

  g_signal_connect (fixture->model, "environment-changed", G_CALLBACK (on_changed_stop), &at);
  start_file (fixture, feed);
  run_to_end (fixture);
  g_signal_handlers_disconnect_by_func (fixture->model, on_changed_stop, &at);

  g_assert_true (at.stopped);
  for (guint e = 0; e < LL_N_ENVIRONMENTS; e++)
    {
      LlEnvironmentState state = ll_environments_model_get_state (fixture->model, e);

      g_assert_cmpint (state, ==, e < at.environment ? LL_ENVIRONMENT_STATE_FINISHED
                                                     : LL_ENVIRONMENT_STATE_STOPPED);
      g_assert_no_error (ll_environments_model_get_error (fixture->model, e));
    }
  g_assert_false (ll_environments_model_get_identical (fixture->model));
  g_assert_cmpint (ll_environments_model_get_current (fixture->model), ==, -1);

  /* A second run after the stop goes through. */
  {
    g_autoptr(GPtrArray) expected = scan_matches (feed, LL_BUS_DEFAULT_ROUTE, LL_BUS_DEFAULT_DIRECTION);

    start_file (fixture, feed);
    run_to_end (fixture);
    assert_matches (fixture->model, expected);
  }
}

static gboolean
process_gone (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d", (int) pid);

  /* Gone, not a zombie: reaped. */
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* A stop from the loop, the child running: it is killed and reaped. */
static void
test_stop_child (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *feed = write_feed ("stop-child.xml", 5000, 6);
  g_autofree char *pid_file = g_build_filename (test_tmpdir, "child.pid", NULL);
  g_autofree char *body = NULL;
  g_autofree char *script = NULL;
  g_autofree char *pid_text = NULL;
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_USEC;
  const LlEnvironmentFigures *figures;
  GPid pid;

  /* exec keeps the pid: the script's is the child's. */
  body = g_strdup_printf ("echo $$ > %s\nexec \"$CLI\" \"$@\"", pid_file);
  script = write_script ("stop-child.sh", body);
  ll_environments_model_set_environments (fixture->model, LL_ENVIRONMENT_FLAG_SUBPROCESS);
  ll_environments_model_set_cli_path (fixture->model, script);
  start_file (fixture, feed);

  figures = ll_environments_model_get_figures (fixture->model, LL_ENVIRONMENT_SUBPROCESS);
  while (figures->n_events == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (fixture->model)));
      g_main_context_iteration (fixture->context, TRUE);
    }
  g_assert_true (g_file_get_contents (pid_file, &pid_text, NULL, NULL));
  pid = (GPid) g_ascii_strtoll (pid_text, NULL, 10);
  g_assert_cmpint (pid, >, 0);

  ll_sim_model_stop (LL_SIM_MODEL (fixture->model));
  g_assert_cmpint (ll_environments_model_get_state (fixture->model, LL_ENVIRONMENT_SUBPROCESS), ==,
                   LL_ENVIRONMENT_STATE_STOPPED);

  while (!process_gone (pid))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fixture->context, TRUE);
    }
}

/* The model let go in the middle, as a page closed mid-run: the tasks
 * unwind (the fixture waits for them), the thread is joined, the child
 * killed. */
static void
test_dispose_running (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *feed = write_feed ("dispose.xml", 5000, 8);
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_USEC;
  LlEnvironment environment = GPOINTER_TO_UINT (data);

  ll_environments_model_set_environments (fixture->model, 1 << environment);
  start_file (fixture, feed);
  while (ll_environments_model_get_figures (fixture->model, environment)->n_events == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fixture->context, TRUE);
    }
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (fixture->model)));
  g_assert_finalize_object (g_steal_pointer (&fixture->model));
}

/* The child's side, fed by hand */

static const char stage_input[] =
  "s buses\n"
  "t \\n  \n"
  "s bus\n"
  "s id\n" "t 75\\\\74\n" "e id\n"
  "s route\n" "t 22\n" "e route\n"
  "s direction\n" "t North Bound\n" "e direction\n"
  "s latitude\n" "t 41.5\n" "e latitude\n"
  "s longitude\n" "t -87.25\n" "e longitude\n"
  "e bus\n"
  "t \\n\n"
  "s bus\n"
  "s id\n" "t 8\n" "e id\n"
  "s route\n" "t 8\n" "e route\n"
  "s direction\n" "t North Bound\n" "e direction\n"
  "s latitude\n" "t 1\n" "e latitude\n"
  "s longitude\n" "t 2\n" "e longitude\n"
  "e bus\n"
  "s bus\n"
  "s id\n" "t two\\nlines\\r\n" "e id\n"
  "s route\n" "t 2\n" "t 2\n" "e route\n"
  "s direction\n" "t North \n" "t Bound\n" "e direction\n"
  "s latitude\n" "t 41.880000\n" "e latitude\n"
  "s longitude\n" "t -87.630000\n" "e longitude\n"
  "e bus\n"
  "e buses\n";

/* 57 lines, 2 of the 3 buses: the first (its id a backslash), the
 * third (its id two lines, its route and direction in two pieces each). */
static const char stage_matches[] =
  "match 41.5 -87.25 75\\\\74\n"
  "match 41.880000000000003 -87.629999999999995 two\\nlines\\r\n";

static void
assert_stage_output (const char *output)
{
  const char *done;
  char *end;

  g_assert_true (g_str_has_prefix (output, stage_matches));
  done = output + strlen (stage_matches);
  g_assert_true (g_str_has_prefix (done, "done 57 2 "));
  g_ascii_strtoull (done + strlen ("done 57 2 "), &end, 10);
  g_assert_cmpstr (end, ==, "\n");
}

static char *
run_stage (const char  *input,
           guint64      exit_after,
           GError     **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (input, strlen (input), NULL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  gboolean ok;

  ok = ll_environments_run_stage (in, out, "22", "North Bound", exit_after, error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  g_assert_true (ok == (error == NULL || *error == NULL));

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_stage (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *output = run_stage (stage_input, 0, &error);

  g_assert_no_error (error);
  assert_stage_output (output);
}

static void
test_stage_bad_input (void)
{
  struct { const char *input, *error_line; } cases[] = {
    { "s buses\nx bus\n", "error Line 2 of the input is not an event: “x bus”\n" },
    { "s buses\nt \\q\n", "error Line 2 of the input is not an event: “t \\\\q”\n" },
    { "s buses\ns\n", "error Line 2 of the input is not an event: “s”\n" },
    { "s buses\ne buses", "error Line 2 of the input is not an event: “e buses”\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *output = run_stage (cases[i].input, 0, &error);

      g_assert_error (error, LL_ENVIRONMENTS_ERROR, LL_ENVIRONMENTS_ERROR_PROTOCOL);
      g_assert_cmpstr (output, ==, cases[i].error_line);
    }
}

/* The escapes the parent writes, read back by the child: every byte the
 * protocol escapes, and the bytes around them. */
static void
test_event_lines (void)
{
  static const char text[] = "a\\b\nc\rd\0e\\\\n";
  g_autoptr(GString) lines = g_string_new (NULL);

  ll_environments_append_event_line (lines, LL_BUS_EVENT_START, "bus", 3);
  ll_environments_append_event_line (lines, LL_BUS_EVENT_TEXT, text, sizeof text - 1);
  ll_environments_append_event_line (lines, LL_BUS_EVENT_END, "bus", 3);
  ll_environments_append_event_line (lines, LL_BUS_EVENT_TEXT, "", 0);
  g_assert_cmpstr (lines->str, ==, "s bus\nt a\\\\b\\nc\\rd\\0e\\\\\\\\n\ne bus\nt \n");
}

/* The real binary's --stage, fed on its stdin. */
static void
test_stage_binary (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              cli_path, "run", "environments", "--stage",
                              "--route", "22", "--direction", "North Bound", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, stage_input, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  assert_stage_output (output);
}

/* The program */

static void
test_program (void)
{
  g_autofree char *feed = write_feed ("program.xml", 3000, 3);
  g_autoptr(GPtrArray) expected = scan_matches (feed, LL_BUS_DEFAULT_ROUTE, LL_BUS_DEFAULT_DIRECTION);
  g_autofree char *count = g_strdup_printf (": %u buses, sha256 ", expected->len);
  g_autofree char *line = g_strdup_printf ("environments --buses 3000 --seed 3");
  g_autofree char *text = ll_test_run_program_ok (line);
  g_autofree char *only_line = g_strdup_printf ("environments --file %s --only thread,subprocess", feed);
  g_autofree char *only_text = ll_test_run_program_ok (only_line);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto(GStrv) only_lines = g_strsplit (only_text, "\n", -1);
  const char *names[] = { "main loop", "thread", "subprocess" };

  /* The generated feed of the program is the one written here. */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (g_str_has_prefix (lines[i], names[i]));
      g_assert_nonnull (strstr (lines[i], count));
      g_assert_nonnull (strstr (lines[i], " M events/s, loop "));
    }
  g_assert_nonnull (strstr (lines[1], "thread "));
  g_assert_nonnull (strstr (lines[2], "child "));
  g_assert_true (g_str_has_prefix (lines[3], "identical: the 3 environments"));
  g_assert_cmpstr (lines[4], ==, "");

  g_assert_cmpuint (g_strv_length (only_lines), ==, 4);
  g_assert_true (g_str_has_prefix (only_lines[0], "thread: "));
  g_assert_true (g_str_has_prefix (only_lines[1], "subprocess: "));
  g_assert_nonnull (strstr (only_lines[1], count));
  g_assert_true (g_str_has_prefix (only_lines[2], "identical: the 2 environments"));
}

static void
test_program_bad_options (void)
{
  const char *lines[] = {
    "environments --only nowhere",
    "environments --only ,",
    "environments --buses -1",
    "environments --file x.xml --buses 10",
    "environments --exit-after 5",
    "environments extra",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_assert_null (text);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }
}

/* `looplab-cli run environments` exits 1 when the child fails: the
 * variable is set for that child only. */
static void
test_program_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *script = write_script ("program-exit.sh", "exec \"$CLI\" \"$@\" --exit-after 1000");
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;

  g_subprocess_launcher_setenv (launcher, "LOOPLAB_CLI", script, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli_path, "run", "environments",
                                         "--buses", "2000", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &output, &errors, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", output, errors);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_true (g_str_has_prefix (output, "main loop: "));
  g_assert_nonnull (strstr (output, "\nsubprocess: failed: looplab-cli exited with status 3"));
  g_assert_nonnull (strstr (output, "\nnot compared: 1 of the 3 environments failed\n"));
  g_assert_nonnull (strstr (errors, "The subprocess failed: "));
}

int
main (int   argc,
      char *argv[])
{
  const char *tmp = g_getenv ("TMPDIR");
  g_autofree char *template = g_build_filename (tmp != NULL && *tmp != '\0' ? tmp : "/tmp",
                                                "looplab-test-environments-XXXXXX", NULL);
  int status;

  setlocale (LC_ALL, "");

  /* Before GLib reads TMPDIR, once: the program's temporary feeds land
   * in the test's folder. */
  test_tmpdir = g_mkdtemp (template) != NULL ? g_strdup (template) : NULL;
  g_assert_nonnull (test_tmpdir);
  g_setenv ("TMPDIR", test_tmpdir, TRUE);

  g_test_init (&argc, &argv, NULL);

  /* The child is this tree's looplab-cli, before any thread starts. */
  cli_path = g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "looplab-cli", NULL);
  g_setenv ("LOOPLAB_CLI", cli_path, TRUE);

  g_test_add_func ("/looplab/environments/find-cli", test_find_cli);
  g_test_add ("/looplab/environments/no-cli", Fixture, NULL, fixture_set_up, test_no_cli, fixture_tear_down);
  g_test_add ("/looplab/environments/identical", Fixture, NULL,
              fixture_set_up, test_identical, fixture_tear_down);
  g_test_add ("/looplab/environments/escapes", Fixture, NULL,
              fixture_set_up, test_escapes, fixture_tear_down);
  g_test_add ("/looplab/environments/bad-feed", Fixture, NULL,
              fixture_set_up, test_bad_feed, fixture_tear_down);
  g_test_add ("/looplab/environments/bad-record", Fixture, NULL,
              fixture_set_up, test_bad_record, fixture_tear_down);
  g_test_add ("/looplab/environments/child-exits", Fixture, NULL,
              fixture_set_up, test_child_exits, fixture_tear_down);
  g_test_add ("/looplab/environments/child-killed", Fixture, NULL,
              fixture_set_up, test_child_killed, fixture_tear_down);
  g_test_add ("/looplab/environments/child-quits", Fixture, NULL,
              fixture_set_up, test_child_quits, fixture_tear_down);
  g_test_add ("/looplab/environments/child-lingers", Fixture, NULL,
              fixture_set_up, test_child_lingers, fixture_tear_down);
  g_test_add ("/looplab/environments/stop-main-loop", Fixture, GUINT_TO_POINTER (LL_ENVIRONMENT_MAIN_LOOP),
              fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/looplab/environments/stop-thread", Fixture, GUINT_TO_POINTER (LL_ENVIRONMENT_THREAD),
              fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/looplab/environments/stop-subprocess", Fixture, GUINT_TO_POINTER (LL_ENVIRONMENT_SUBPROCESS),
              fixture_set_up, test_stop, fixture_tear_down);
  g_test_add ("/looplab/environments/stop-child", Fixture, NULL,
              fixture_set_up, test_stop_child, fixture_tear_down);
  g_test_add ("/looplab/environments/dispose-thread", Fixture, GUINT_TO_POINTER (LL_ENVIRONMENT_THREAD),
              fixture_set_up, test_dispose_running, fixture_tear_down);
  g_test_add ("/looplab/environments/dispose-subprocess", Fixture, GUINT_TO_POINTER (LL_ENVIRONMENT_SUBPROCESS),
              fixture_set_up, test_dispose_running, fixture_tear_down);
  g_test_add_func ("/looplab/environments/event-lines", test_event_lines);
  g_test_add_func ("/looplab/environments/stage", test_stage);
  g_test_add_func ("/looplab/environments/stage-bad-input", test_stage_bad_input);
  g_test_add_func ("/looplab/environments/stage-binary", test_stage_binary);
  g_test_add_func ("/looplab/environments/program", test_program);
  g_test_add_func ("/looplab/environments/program-bad-options", test_program_bad_options);
  g_test_add_func ("/looplab/environments/program-fails", test_program_fails);

  status = g_test_run ();

  if (test_tmpdir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (test_tmpdir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFileInfo *info;

      while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_rmdir (test_tmpdir);
    }
  g_free (test_tmpdir);
  g_free (cli_path);

  return status;
}
