/* test-pipeline.c: the pipe of generator stages and the "pipeline" demo
 *
 * The pipe (ll-pipe.c) driven by hand with small stages written here;
 * the model (ll-pipeline-model.c) run as the window runs it, on a
 * virtual clock, paused and stepped, closed, thrown into; and
 * `looplab-cli run pipeline`, whose output is checked against the saved
 * log filtered here, line by line, by code of this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ll-pipe.h"
#include "ll-pipeline-model.h"
#include "ll-pipeline-stages.h"
#include "ll-program-test-util.h"
#include "ll-scheduler.h"
#include "ll-web-log.h"

/* Stages of the test's own */

typedef struct
{
  GPtrArray *got;          /* what reached it, in order */
  GPtrArray *cleanups;     /* shared: who cleaned up, in order */
  guint      n_caught;
} Record;

typedef struct
{
  LlPipeStage  stage;
  Record      *record;
  char        *name;
  GError      *caught;
} SinkFrame;

static LlCoStatus
sink_run (LlCo *co)
{
  SinkFrame *f = (SinkFrame *) co;

  LL_CO_BEGIN (co);

  for (;;)
    {
      LL_CO_YIELD_CATCH (co, NULL, &f->caught);
      if (f->caught != NULL)
        {
          f->record->n_caught++;
          g_clear_error (&f->caught);
          continue;
        }
      g_ptr_array_add (f->record->got, g_strdup (co->value));
    }

  LL_CO_END (co);
}

static void
sink_cleanup (LlCo *co)
{
  SinkFrame *f = (SinkFrame *) co;

  g_ptr_array_add (f->record->cleanups, g_strdup (f->name));
  g_clear_pointer (&f->name, g_free);
  g_clear_error (&f->caught);
  ll_pipe_stage_close_targets (&f->stage);
}

static LlCo *
sink_new (const char *name,
          Record     *record)
{
  SinkFrame *f = ll_pipe_stage_new (SinkFrame, sink_run, sink_cleanup);

  f->record = record;
  f->name = g_strdup (name);

  return &f->stage.co;
}

static void
record_init (Record    *record,
             GPtrArray *cleanups)
{
  record->got = g_ptr_array_new_with_free_func (g_free);
  record->cleanups = cleanups;
  record->n_caught = 0;
}

/* The pipe by hand: broadcast delivers each item to every branch, in
 * order; close runs each cleanup once, in order; throw reaches sinks. */
static void
test_pipe_broadcast (void)
{
  g_autoptr(GPtrArray) cleanups = g_ptr_array_new_with_free_func (g_free);
  const char *const items[] = { "a python", "b ply", "c swig python", "d none" };
  const char *const patterns[] = { "python", "ply", "swig" };
  Record records[3];
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  guint broadcast, sinks[3], greps[3], edge, n_closed;
  const guint *order;
  GError *error = NULL;

  broadcast = ll_pipe_add (pipe, LL_PIPE_BROADCAST, "broadcast()", ll_pipe_broadcast_new ());
  for (guint i = 0; i < 3; i++)
    {
      record_init (&records[i], cleanups);
      sinks[i] = ll_pipe_add (pipe, LL_PIPE_SINK, patterns[i], sink_new (patterns[i], &records[i]));
      greps[i] = ll_pipe_add (pipe, LL_PIPE_FILTER, "grep", ll_pipeline_grep_new (patterns[i]));
      ll_pipe_connect (pipe, greps[i], sinks[i]);
      ll_pipe_connect (pipe, broadcast, greps[i]);
    }
  edge = ll_pipe_connect (pipe, ll_pipe_add (pipe, LL_PIPE_OUTSIDE, "test", NULL), broadcast);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_assert_true (ll_pipe_send (pipe, edge, (gpointer) items[i], &error));
      g_assert_no_error (error);
    }

  /* Every branch saw every item, in order, and passed on its own. */
  for (guint i = 0; i < 3; i++)
    {
      guint k = 0;

      g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, greps[i]), ==, G_N_ELEMENTS (items));
      for (guint j = 0; j < G_N_ELEMENTS (items); j++)
        {
          if (strstr (items[j], patterns[i]) != NULL)
            g_assert_cmpstr (records[i].got->pdata[k++], ==, items[j]);
        }
      g_assert_cmpuint (records[i].got->len, ==, k);
      g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, sinks[i]), ==, k);
    }
  g_assert_cmpuint (ll_pipe_node_get_n_sent (pipe, broadcast), ==, 3 * G_N_ELEMENTS (items));

  /* A throw at the head reaches every sink, and the pipe goes on. */
  ll_pipe_throw (pipe, broadcast, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "boom"));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (records[i].n_caught, ==, 1);
  g_assert_true (ll_pipe_send (pipe, edge, "e python", &error));
  g_assert_cmpuint (records[0].got->len, ==, 3);

  /* close() from the head: broadcast, then each grep and its sink. */
  ll_pipe_close (pipe, broadcast);
  order = ll_pipe_get_close_order (pipe, &n_closed);
  g_assert_cmpuint (n_closed, ==, 7);
  g_assert_cmpuint (order[0], ==, broadcast);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (order[1 + 2 * i], ==, greps[i]);
      g_assert_cmpuint (order[2 + 2 * i], ==, sinks[i]);
      g_assert_cmpstr (cleanups->pdata[i], ==, patterns[i]);
    }
  g_assert_cmpuint (cleanups->len, ==, 3);

  /* A closed stage refuses what is sent to it. */
  g_assert_false (ll_pipe_send (pipe, edge, "f", &error));
  g_assert_error (error, LL_CO_ERROR, LL_CO_ERROR_FINISHED);
  g_clear_error (&error);

  /* Closing again, and letting go, cleans nothing twice. */
  ll_pipe_close (pipe, broadcast);
  g_clear_object (&pipe);
  g_assert_cmpuint (cleanups->len, ==, 3);

  for (guint i = 0; i < 3; i++)
    g_ptr_array_unref (records[i].got);
}

/* A sink shared by two senders closes with the last of them. */
static void
test_pipe_shared_sink (void)
{
  g_autoptr(GPtrArray) cleanups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(LlPipe) pipe = ll_pipe_new ();
  Record record;
  guint sink, a, b, n_closed;

  record_init (&record, cleanups);
  sink = ll_pipe_add (pipe, LL_PIPE_SINK, "sink", sink_new ("sink", &record));
  a = ll_pipe_add (pipe, LL_PIPE_FILTER, "a", ll_pipeline_grep_new (""));
  b = ll_pipe_add (pipe, LL_PIPE_FILTER, "b", ll_pipeline_grep_new (""));
  ll_pipe_connect (pipe, a, sink);
  ll_pipe_connect (pipe, b, sink);

  ll_pipe_close (pipe, a);
  ll_pipe_get_close_order (pipe, &n_closed);
  g_assert_cmpuint (n_closed, ==, 1);
  g_assert_cmpuint (cleanups->len, ==, 0);
  g_assert_false (ll_pipe_node_get_closed (pipe, sink));

  ll_pipe_close (pipe, b);
  g_assert_true (ll_pipe_node_get_closed (pipe, sink));
  g_assert_cmpuint (cleanups->len, ==, 1);

  g_clear_object (&pipe);
  g_assert_cmpuint (cleanups->len, ==, 1);
  g_ptr_array_unref (record.got);
}

/* The log: the same seed, the same lines; another seed, others. */
static void
test_web_log_seeded (void)
{
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);
  g_autoptr(GString) c = g_string_new (NULL);
  g_autoptr(LlWebLog) log_a = ll_web_log_new (7);
  g_autoptr(LlWebLog) log_b = ll_web_log_new (7);
  g_autoptr(LlWebLog) log_c = ll_web_log_new (8);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) shape = NULL;

  for (guint i = 0; i < 500; i++)
    {
      ll_web_log_append_line (log_a, a);
      ll_web_log_append_line (log_b, b);
      ll_web_log_append_line (log_c, c);
    }
  g_assert_cmpstr (a->str, ==, b->str);
  g_assert_cmpstr (a->str, !=, c->str);
  g_assert_cmpuint (ll_web_log_get_n_lines (log_a), ==, 500);

  /* Common Log Format, every line. */
  shape = g_regex_new ("^\\d+\\.\\d+\\.\\d+\\.\\d+ - - \\[\\d\\d/[A-Z][a-z][a-z]/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000\\] "
                       "\"GET /[^ ]* HTTP/1\\.1\" \\d{3} (\\d+|-)$", 0, 0, NULL);
  lines = g_strsplit (a->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 501);
  for (guint i = 0; i < 500; i++)
    g_assert_true (g_regex_match (shape, lines[i], 0, NULL));
}

/* The lines of @path that contain each of @patterns, in the order of
 * the log and, for a line, of the patterns: what the printer must have
 * printed, worked out here. */
static char *
filter_log (const char         *path,
            const char *const  *patterns)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      for (guint j = 0; patterns[j] != NULL; j++)
        {
          if (strstr (lines[i], patterns[j]) != NULL)
            g_string_append_printf (out, "%s\n", lines[i]);
        }
    }

  return g_string_free (out, FALSE);
}

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (const char *p = contents; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

static void
test_program_transcript (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-pipeline-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "access.log", NULL);
  g_autofree char *line = g_strdup_printf ("pipeline --virtual-clock --lines 3000 --seed 5 "
                                           "--pattern ply --save-log %s", log);
  g_autofree char *out = ll_test_run_program_ok (line);
  const char *const ply[] = { "ply", NULL };
  g_autofree char *expected = filter_log (log, ply);
  g_autofree char *again = NULL;

  g_assert_cmpuint (count_lines (log), ==, 3000);
  g_assert_cmpstr (out, ==, expected);
  /* The log has ply in it often enough for the check to mean something. */
  g_assert_cmpuint (strlen (out), >, 100 * 60);

  /* Run at the window's slow rate on the virtual clock: the same lines. */
  g_free (line);
  line = g_strdup_printf ("pipeline --virtual-clock --lines 3000 --seed 5 --rate 7 --pattern ply");
  again = ll_test_run_program_ok (line);
  g_assert_cmpstr (again, ==, out);

  g_unlink (log);
  g_rmdir (dir);
}

static void
test_program_broadcast (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-pipeline-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "access.log", NULL);
  g_autofree char *line = g_strdup_printf ("pipeline --virtual-clock --lines 2000 --seed 9 "
                                           "--broadcast swig,python,ply --save-log %s", log);
  g_autofree char *out = ll_test_run_program_ok (line);
  const char *const patterns[] = { "swig", "python", "ply", NULL };
  g_autofree char *expected = filter_log (log, patterns);

  g_assert_cmpstr (out, ==, expected);

  g_unlink (log);
  g_rmdir (dir);
}

/* Two logs into one grep: every line of either that matches, each once;
 * the order between the two logs is the loop's. */
static void
test_program_fan_in (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-pipeline-XXXXXX", NULL);
  g_autofree char *log = g_build_filename (dir, "access.log", NULL);
  g_autofree char *log2 = g_strdup_printf ("%s.2", log);
  g_autofree char *line = g_strdup_printf ("pipeline --virtual-clock --lines 1500 --fan-in --save-log %s", log);
  g_autofree char *out = ll_test_run_program_ok (line);
  const char *const python[] = { "python", NULL };
  g_autofree char *one = filter_log (log, python);
  g_autofree char *two = filter_log (log2, python);
  g_auto(GStrv) got = g_strsplit (out, "\n", -1);
  g_auto(GStrv) want_one = g_strsplit (one, "\n", -1);
  g_auto(GStrv) want_two = g_strsplit (two, "\n", -1);
  guint i1 = 0, i2 = 0;

  g_assert_cmpuint (count_lines (log2), ==, 1500);
  g_assert_cmpstr (one, !=, two);
  /* A merge of the two, each in its own order. */
  for (guint i = 0; got[i] != NULL && got[i][0] != '\0'; i++)
    {
      if (want_one[i1] != NULL && g_str_equal (got[i], want_one[i1]))
        i1++;
      else if (want_two[i2] != NULL && g_str_equal (got[i], want_two[i2]))
        i2++;
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (i1, ==, g_strv_length (want_one) - 1);
  g_assert_cmpuint (i2, ==, g_strv_length (want_two) - 1);

  g_unlink (log);
  g_unlink (log2);
  g_rmdir (dir);
}

static void
test_program_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  out = ll_test_run_program ("pipeline --lines 0", &error);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&out, g_free);

  out = ll_test_run_program ("pipeline --broadcast a,,b", &error);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&out, g_free);

  out = ll_test_run_program ("pipeline --rate 100001", &error);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&out, g_free);

  /* A log that cannot be written: the writer's error, no hang. */
  out = ll_test_run_program ("pipeline --virtual-clock --save-log /nonexistent/looplab/access.log", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/looplab/access.log"));
}

/* The model as the window drives it */

typedef struct
{
  GMainContext     *context;
  LlScheduler      *scheduler;
  LlPipelineModel  *model;
  char             *dir;
  GFile            *log;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = NULL;

  fx->context = g_main_context_new ();
  g_main_context_push_thread_default (fx->context);
  fx->scheduler = ll_scheduler_new (fx->context, LL_CLOCK_VIRTUAL);
  fx->model = ll_pipeline_model_new (fx->scheduler);
  fx->dir = g_dir_make_tmp ("test-pipeline-XXXXXX", NULL);
  path = g_build_filename (fx->dir, "access.log", NULL);
  fx->log = g_file_new_for_path (path);
  ll_pipeline_model_set_log_file (fx->model, fx->log);
  ll_pipeline_model_set_rate (fx->model, 1000);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path2 = g_strdup_printf ("%s.2", g_file_peek_path (fx->log));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_finalize_object (fx->model);
  /* Whatever was in flight (a read, a write) comes home and unwinds. */
  while (ll_scheduler_get_n_tasks (fx->scheduler) > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (fx->context, TRUE);
  g_assert_cmpuint (ll_scheduler_get_n_tasks (fx->scheduler), ==, 0);
  g_assert_finalize_object (fx->scheduler);
  g_file_delete (fx->log, NULL, NULL);
  g_unlink (path2);
  g_rmdir (fx->dir);
  g_clear_object (&fx->log);
  g_free (fx->dir);
  g_main_context_pop_thread_default (fx->context);
  g_main_context_unref (fx->context);
}

static void
run_until (Fixture  *fx,
           gboolean (*done) (LlPipelineModel *model))
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (fx->model))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (fx->context, TRUE);
    }
}

static gboolean
printed_some (LlPipelineModel *model)
{
  return ll_pipeline_model_get_n_printed (model) >= 20;
}

static gboolean
waiting (LlPipelineModel *model)
{
  return ll_pipeline_model_get_waiting (model) > 0;
}

/* Paused, a step is one line from the source, down the whole chain. */
static void
test_model_step (Fixture       *fx,
                 gconstpointer  data)
{
  LlPipe *pipe;
  guint follow, grep, printer;
  guint64 printed = 0;

  ll_pipeline_model_set_paused (fx->model, TRUE);
  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  pipe = ll_pipeline_model_get_pipe (fx->model);
  follow = ll_pipeline_model_get_source_node (fx->model, 0);
  grep = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, follow, 0));
  printer = ll_pipe_edge_get_to (pipe, ll_pipe_node_get_target_edge (pipe, grep, 0));
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, grep), ==, "grep('python')");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, printer), ==, "printer()");

  /* Each step is one send, however many reads it takes to have a line. */
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (ll_pipeline_model_can_step (fx->model));
      g_assert_true (ll_sim_model_step (LL_SIM_MODEL (fx->model)));
      while (ll_pipe_node_get_n_sent (pipe, follow) < i + 1)
        g_main_context_iteration (fx->context, TRUE);
      /* ... and no more: the next waits at the gate, before its send. */
      run_until (fx, waiting);
      g_assert_cmpuint (ll_pipe_node_get_n_sent (pipe, follow), ==, i + 1);
      g_assert_cmpint (ll_pipeline_model_get_waiting_line (fx->model), >, 0);
    }
  g_assert_cmpuint (ll_pipe_node_get_n_sent (pipe, follow), ==, 20);
  g_assert_cmpuint (ll_pipeline_model_get_n_followed (fx->model), ==, 20);
  g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, grep), ==, 20);
  g_assert_cmpuint (ll_pipe_node_get_n_received (pipe, printer), ==, ll_pipe_node_get_n_sent (pipe, grep));
  g_assert_cmpuint (ll_pipeline_model_get_n_printed (fx->model), ==, ll_pipe_node_get_n_sent (pipe, grep));

  /* Those 20 are the log's first 20, filtered here. */
  for (guint i = 0; i < ll_pipeline_model_get_n_recent (fx->model); i++)
    g_assert_nonnull (strstr (ll_pipeline_model_get_recent (fx->model, i), "python"));
  {
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (g_file_get_contents (g_file_peek_path (fx->log), &contents, NULL, NULL));
    lines = g_strsplit (contents, "\n", 21);
    for (guint i = 0; i < 20; i++)
      printed += strstr (lines[i], "python") != NULL;
    g_assert_cmpuint (printed, ==, ll_pipeline_model_get_n_printed (fx->model));
  }

  /* Going on, it runs by itself. */
  ll_pipeline_model_set_paused (fx->model, FALSE);
  run_until (fx, printed_some);
}

static gboolean
is_finished (LlPipelineModel *model)
{
  return ll_pipeline_model_get_finished (model);
}

/* close() from the head: each cleanup once, in order, drawn in the pipe. */
static void
test_model_close (Fixture       *fx,
                  gconstpointer  data)
{
  const char *const branches[] = { "python", "ply", "swig", NULL };
  LlPipe *pipe;
  const guint *order;
  guint n_closed;

  ll_pipeline_model_set_branches (fx->model, branches);
  ll_pipeline_model_set_shape (fx->model, LL_PIPELINE_BROADCAST);
  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  run_until (fx, printed_some);

  pipe = ll_pipeline_model_get_pipe (fx->model);
  ll_pipeline_model_close (fx->model);
  run_until (fx, is_finished);
  g_assert_null (ll_pipeline_model_get_error (fx->model));

  order = ll_pipe_get_close_order (pipe, &n_closed);
  g_assert_cmpuint (n_closed, ==, 6);
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[0]), ==, "follow()");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[1]), ==, "broadcast()");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[2]), ==, "grep('python')");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[3]), ==, "grep('ply')");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[4]), ==, "grep('swig')");
  g_assert_cmpstr (ll_pipe_node_get_label (pipe, order[5]), ==, "printer()");
  for (guint i = 0; i < ll_pipe_get_n_nodes (pipe); i++)
    {
      LlCo *co = ll_pipe_node_get_co (pipe, i);

      if (co != NULL)
        g_assert_cmpint (ll_co_get_state (co), ==, LL_CO_STATE_FINISHED);
    }
}

/* throw() at the head reaches the sink, through every branch. */
static void
test_model_throw (Fixture       *fx,
                  gconstpointer  data)
{
  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  run_until (fx, printed_some);
  ll_pipeline_model_throw (fx->model, "a test error");
  g_assert_cmpuint (ll_pipeline_model_get_n_caught (fx->model), ==, 1);
  g_assert_cmpstr (ll_pipeline_model_get_last_caught (fx->model), ==, "a test error");

  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  g_assert_cmpuint (ll_pipeline_model_get_n_caught (fx->model), ==, 0);
  ll_pipeline_model_set_shape (fx->model, LL_PIPELINE_BROADCAST);
  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  run_until (fx, printed_some);
  ll_pipeline_model_throw (fx->model, "again");
  g_assert_cmpuint (ll_pipeline_model_get_n_caught (fx->model), ==, 3);
}

/* A pattern edited while it runs applies to the lines from then on. */
static void
test_model_edit_pattern (Fixture       *fx,
                         gconstpointer  data)
{
  guint64 before;

  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  run_until (fx, printed_some);
  ll_pipeline_model_set_pattern (fx->model, 0, "swig");
  before = ll_pipeline_model_get_n_printed (fx->model);
  while (ll_pipeline_model_get_n_printed (fx->model) < before + 10)
    g_main_context_iteration (fx->context, TRUE);
  g_assert_nonnull (strstr (ll_pipeline_model_get_recent (fx->model, ll_pipeline_model_get_n_recent (fx->model) - 1),
                            "swig"));
  g_assert_cmpstr (ll_pipe_node_get_label (ll_pipeline_model_get_pipe (fx->model), 1), ==, "grep('swig')");
}

/* Let go of mid-run, paused or not, fan-in too: nothing left behind
 * (the tear-down checks every task has gone). */
static void
test_model_drop (Fixture       *fx,
                 gconstpointer  data)
{
  ll_pipeline_model_set_shape (fx->model, LL_PIPELINE_FAN_IN);
  g_assert_true (ll_pipeline_model_start (fx->model, NULL));
  run_until (fx, printed_some);
  ll_pipeline_model_set_paused (fx->model, TRUE);
  run_until (fx, waiting);
  ll_sim_model_step (LL_SIM_MODEL (fx->model));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pipe/broadcast-close-throw", test_pipe_broadcast);
  g_test_add_func ("/pipe/shared-sink", test_pipe_shared_sink);
  g_test_add_func ("/pipeline/web-log", test_web_log_seeded);
  g_test_add_func ("/pipeline/program/transcript", test_program_transcript);
  g_test_add_func ("/pipeline/program/broadcast", test_program_broadcast);
  g_test_add_func ("/pipeline/program/fan-in", test_program_fan_in);
  g_test_add_func ("/pipeline/program/errors", test_program_errors);
  g_test_add ("/pipeline/model/step", Fixture, NULL, fixture_set_up, test_model_step, fixture_tear_down);
  g_test_add ("/pipeline/model/close", Fixture, NULL, fixture_set_up, test_model_close, fixture_tear_down);
  g_test_add ("/pipeline/model/throw", Fixture, NULL, fixture_set_up, test_model_throw, fixture_tear_down);
  g_test_add ("/pipeline/model/edit-pattern", Fixture, NULL, fixture_set_up, test_model_edit_pattern, fixture_tear_down);
  g_test_add ("/pipeline/model/drop", Fixture, NULL, fixture_set_up, test_model_drop, fixture_tear_down);

  return g_test_run ();
}
