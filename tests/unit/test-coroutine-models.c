/* test-coroutine-models.c: the models the coroutine demos step and draw
 *
 * Producer/consumer, interleaving and countdown, driven the way the
 * window drives them: one step at a time on a scheduler in step mode, or
 * on a virtual clock; and dropped in the middle of a run, which must
 * leave no task, frame or scheduler behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-countdown-model.h"
#include "ll-hello-model.h"
#include "ll-interleave-model.h"
#include "ll-producer-consumer-model.h"
#include "ll-programs.h"
#include "ll-scheduler.h"

static char *
run_program (const char *line)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int argc;

  g_assert_true (g_shell_parse_argv (line, &argc, &argv, NULL));
  g_assert_true (ll_programs_run (argv[0], argc, argv, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/* A scheduler that must be gone once the test lets go of it. */
static void
assert_scheduler_freed (LlScheduler *sched)
{
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  g_assert_finalize_object (sched);
}

/* Line @line (from 1) of the file @path of the source tree, the file
 * the Source tab shows; "" past its end. */
static char *
source_line (const char *path,
             int         line)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", path, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (file, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (line, >, 0);
  lines = g_strsplit (contents, "\n", -1);
  if ((guint) line > g_strv_length (lines))
    return g_strdup ("");

  return g_strdup (lines[line - 1]);
}

/* Whether line @line of @path holds @text, and the line before it
 * @before, if that is not NULL. */
static void
assert_source_line (const char *path,
                    int         line,
                    const char *text,
                    const char *before)
{
  g_autofree char *at = source_line (path, line);

  g_test_message ("%s:%d: %s", path, line, at);
  g_assert_nonnull (strstr (at, text));
  if (before != NULL)
    {
      g_autofree char *previous = source_line (path, line - 1);

      g_assert_nonnull (strstr (previous, before));
    }
}

/* producer-consumer */

#define PC_SOURCE "app/sim/ll-producer-consumer-model.c"
#define PC_PYTHON "resources/python/producer_consumer.py"

typedef struct
{
  LlPcPoint   point;
  const char *in_flight;
  guint       n_lines;     /* the transcript's length after the step */
  const char *c_text;      /* the line of the C source about to run, */
  const char *c_before;    /* the one before it, or NULL, */
  const char *python_text; /* and the line of the Python rendering */
} PcStop;

/* Each step is one coroutine's turn; what it printed, and what the
 * hand-over that ended it carried. */
static const PcStop pc_stops[] = {
  { LL_PC_POINT_PRODUCER_START, NULL, 0, "hand_over (f->self, LL_PC_POINT_CONSUMER_START", NULL, "c.send(None)" },
  { LL_PC_POINT_CONSUMER_START, "None", 0, "f->reply = g_strdup (\"\");", NULL, "r = ''" },
  { LL_PC_POINT_PRODUCER_PRIMED, "''", 0, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_PRIMED", "c.send(None)" },
  { LL_PC_POINT_CONSUMER_YIELD, "1", 1, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_SEND, "200 ok 1", 2, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { LL_PC_POINT_CONSUMER_YIELD, "2", 4, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_SEND, "200 ok 2", 5, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { LL_PC_POINT_CONSUMER_YIELD, "3", 7, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_SEND, "200 ok 3", 8, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { LL_PC_POINT_CONSUMER_YIELD, "4", 10, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_SEND, "200 ok 4", 11, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { LL_PC_POINT_CONSUMER_YIELD, "5", 13, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_SEND, "200 ok 5", 14, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_SEND", "r = c.send(n)" },
  { LL_PC_POINT_CONSUMER_CLOSE, "GeneratorExit", 15, "LL_CO_YIELD (co, f->reply);", NULL, "n = yield r" },
  { LL_PC_POINT_PRODUCER_CLOSED, NULL, 15, "LL_CO_YIELD (co, NULL);", "LL_PC_POINT_PRODUCER_CLOSED", "c.close()" },
  { LL_PC_POINT_FINISHED, NULL, 15, NULL, NULL, NULL },
};

static void
count_line (LlProducerConsumerModel *model,
            const char              *line,
            GString                 *transcript)
{
  g_string_append_printf (transcript, "%s\n", line);
}

static void
test_producer_consumer_steps (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlProducerConsumerModel) model = ll_producer_consumer_model_new (sched);
  g_autoptr(GString) transcript = g_string_new (NULL);
  g_autofree char *expected = run_program ("producer-consumer --virtual-clock");
  LlCo *producer;
  LlCo *consumer;
  guint n_steps = 0;

  g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, LL_PC_POINT_NONE);
  g_assert_false (ll_sim_model_step (LL_SIM_MODEL (model)));

  g_signal_connect (model, "line", G_CALLBACK (count_line), transcript);
  ll_scheduler_set_step_mode (sched, TRUE);
  ll_producer_consumer_model_start (model);
  producer = ll_producer_consumer_model_get_producer (model);
  consumer = ll_producer_consumer_model_get_consumer (model);

  for (;;)
    {
      const PcStop *stop = &pc_stops[n_steps];

      g_test_message ("after step %u", n_steps);
      g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, stop->point);
      g_assert_cmpstr (ll_producer_consumer_model_get_in_flight (model), ==, stop->in_flight);
      g_assert_cmpuint (ll_producer_consumer_model_get_n_lines (model), ==, stop->n_lines);
      g_assert_cmpuint (ll_producer_consumer_model_get_n_steps (model), ==, MIN (n_steps, 15));

      /* Where the program stands, in C and in Python. */
      if (stop->c_text != NULL)
        {
          assert_source_line (PC_SOURCE, ll_sim_model_get_source_line (LL_SIM_MODEL (model)),
                              stop->c_text, stop->c_before);
          assert_source_line (PC_PYTHON, ll_pc_point_get_python_line (stop->point),
                              stop->python_text, NULL);
        }
      else
        {
          g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (model)), ==, 0);
          g_assert_cmpint (ll_pc_point_get_python_line (stop->point), ==, 0);
        }
      g_assert_cmpint (ll_sim_model_get_running (LL_SIM_MODEL (model)), ==,
                       stop->point != LL_PC_POINT_FINISHED);

      /* Between steps nothing runs: both frames are off the stack. */
      g_assert_cmpint (ll_co_get_state (consumer), !=, LL_CO_STATE_RUNNING);
      g_assert_cmpint (ll_co_get_state (producer), !=, LL_CO_STATE_RUNNING);

      /* Nothing moves by itself in step mode. */
      for (guint i = 0; i < 10; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (ll_producer_consumer_model_get_n_lines (model), ==, stop->n_lines);

      if (!ll_sim_model_step (LL_SIM_MODEL (model)))
        break;
      n_steps++;
      g_assert_cmpuint (n_steps, <, G_N_ELEMENTS (pc_stops));
    }

  g_assert_cmpuint (n_steps, ==, 15);
  g_assert_cmpint (ll_producer_consumer_model_get_next (model), ==, LL_PC_ROLE_NONE);
  g_assert_cmpint (ll_co_get_state (producer), ==, LL_CO_STATE_FINISHED);
  g_assert_cmpint (ll_co_get_state (consumer), ==, LL_CO_STATE_FINISHED);
  g_assert_null (ll_co_get_error (producer));

  /* Step by step, the very transcript of looplab-cli. */
  g_assert_cmpstr (transcript->str, ==, expected);
  for (guint i = 0; i < 15; i++)
    g_assert_true (g_str_has_prefix (strstr (expected, ll_producer_consumer_model_get_line (model, i)),
                                     ll_producer_consumer_model_get_line (model, i)));

  g_clear_object (&model);
  assert_scheduler_freed (sched);
}

/* The frames hold what the debugger shows. */
static void
test_producer_consumer_frames (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlProducerConsumerModel) model = ll_producer_consumer_model_new (sched);

  ll_scheduler_set_step_mode (sched, TRUE);
  ll_producer_consumer_model_start (model);
  g_assert_cmpint (ll_producer_consumer_model_get_next (model), ==, LL_PC_ROLE_PRODUCER);

  /* Up to the consumer's turn with 2 going in. */
  for (guint i = 0; i < 5; i++)
    g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_producer_consumer_model_get_next (model), ==, LL_PC_ROLE_CONSUMER);
  g_assert_cmpint (ll_producer_consumer_model_get_producer_n (model), ==, 2);
  g_assert_cmpstr (ll_producer_consumer_model_get_producer_r (model), ==, "200 ok 1");
  g_assert_cmpint (ll_producer_consumer_model_get_consumer_n (model), ==, 1);
  g_assert_cmpstr (ll_producer_consumer_model_get_consumer_r (model), ==, "200 ok 1");
  g_assert_cmpint (ll_co_get_wait (ll_producer_consumer_model_get_consumer (model)), ==, LL_CO_WAIT_YIELD);

  /* The consumer's turn: it takes 2 and has its reply ready. */
  g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_producer_consumer_model_get_next (model), ==, LL_PC_ROLE_PRODUCER);
  g_assert_cmpint (ll_producer_consumer_model_get_consumer_n (model), ==, 2);
  g_assert_cmpstr (ll_producer_consumer_model_get_consumer_r (model), ==, "200 ok 2");
  g_assert_cmpstr (ll_producer_consumer_model_get_producer_r (model), ==, "200 ok 2");
  g_assert_cmpstr (ll_producer_consumer_model_get_line (model, 4), ==, "[Consumer] consuming 2");

  g_clear_object (&model);
  assert_scheduler_freed (sched);
}

/* Dropped anywhere in the run, the model leaves nothing behind; started
 * again, a run starts afresh. */
static void
test_producer_consumer_drop (void)
{
  for (guint at = 0; at <= 16; at++)
    {
      LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
      LlProducerConsumerModel *model = ll_producer_consumer_model_new (sched);

      ll_scheduler_set_step_mode (sched, TRUE);
      ll_producer_consumer_model_start (model);
      for (guint i = 0; i < at; i++)
        ll_sim_model_step (LL_SIM_MODEL (model));

      if (at % 2 == 0)
        {
          /* Stopped, then started again: the whole run, from the top. */
          ll_sim_model_stop (LL_SIM_MODEL (model));
          g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, LL_PC_POINT_NONE);
          g_assert_null (ll_producer_consumer_model_get_producer (model));
          g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
          ll_producer_consumer_model_start (model);
          g_assert_cmpuint (ll_producer_consumer_model_get_n_lines (model), ==, 0);
          while (ll_sim_model_step (LL_SIM_MODEL (model)))
            ;
          g_assert_cmpuint (ll_producer_consumer_model_get_n_lines (model), ==, 15);
        }

      g_assert_finalize_object (model);
      assert_scheduler_freed (sched);
    }
}

/* Not stepped, it simply runs: the CLI's way. */
static void
test_producer_consumer_runs (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  g_autoptr(LlProducerConsumerModel) model = ll_producer_consumer_model_new (sched);
  g_autoptr(GString) transcript = g_string_new (NULL);
  g_autofree char *expected = run_program ("producer-consumer");

  g_signal_connect (model, "line", G_CALLBACK (count_line), transcript);
  ll_producer_consumer_model_start (model);
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (transcript->str, ==, expected);
  g_assert_cmpint (ll_producer_consumer_model_get_point (model), ==, LL_PC_POINT_FINISHED);

  g_clear_object (&model);
  assert_scheduler_freed (sched);
}

/* interleave */

static void
collect_output (LlInterleaveModel *model,
                int                who,
                const char        *item,
                GString           *seen)
{
  g_string_append_printf (seen, "%c%s ", who, item);
}

static void
test_interleave_steps (void)
{
  const char * const schedules[][2] = {
    { "AABBAB", "A1 A2 Bx By A3 Bz " },
    { "ABABAB", "A1 Bx A2 By A3 Bz " },
    { "BBBAAA", "Bx By Bz A1 A2 A3 " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (schedules); i++)
    {
      LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
      g_autoptr(LlInterleaveModel) model = ll_interleave_model_new (sched);
      g_autoptr(GString) seen = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *command = g_strdup_printf ("interleave --virtual-clock --schedule %s", schedules[i][0]);
      g_autofree char *expected = run_program (command);
      g_auto(GStrv) expected_items = g_strsplit (g_strstrip (expected), "\n", -1);
      g_autofree char *expected_output = g_strjoinv (" ", expected_items);
      guint position = 0;

      g_assert_true (ll_interleave_model_set_schedule (model, schedules[i][0], &error));
      g_assert_no_error (error);
      g_assert_cmpuint (ll_interleave_model_get_n_steps (model), ==, 8);
      g_signal_connect (model, "output", G_CALLBACK (collect_output), seen);
      ll_interleave_model_start (model);
      g_assert_true (ll_scheduler_get_step_mode (sched));

      while (ll_interleave_model_get_next (model) != 0)
        {
          char next = ll_interleave_model_get_next (model);
          guint printed = ll_interleave_model_get_n_printed (model, next);
          LlCo *co = ll_interleave_model_get_coroutine (model, next);
          int line = ll_sim_model_get_source_line (LL_SIM_MODEL (model));

          /* The line where the next one resumes: its loop before it ever
           * ran, then its yield. */
          g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
          if (ll_co_get_state (co) == LL_CO_STATE_CREATED)
            assert_source_line ("app/sim/ll-interleave-model.c", line,
                                "for (f->i = 0; f->items[f->i] != NULL; f->i++)", NULL);
          else
            {
              g_assert_cmpint (line, ==, ll_co_get_line (co));
              assert_source_line ("app/sim/ll-interleave-model.c", line, "LL_CO_YIELD (co, NULL);", NULL);
            }

          if (position < 6)
            g_assert_cmpint (next, ==, schedules[i][0][position]);
          g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
          position++;
          g_assert_cmpuint (ll_interleave_model_get_position (model), ==, position);
          /* One step, one item, by the one named; none after the schedule. */
          g_assert_cmpuint (ll_interleave_model_get_n_printed (model, next), ==,
                            position <= 6 ? printed + 1 : printed);
        }
      g_assert_false (ll_sim_model_step (LL_SIM_MODEL (model)));
      g_assert_true (ll_interleave_model_get_finished (model));
      g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
      g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (model)), ==, 0);
      g_assert_cmpuint (position, ==, 8);
      g_assert_cmpstr (seen->str, ==, schedules[i][1]);
      g_assert_cmpstr (ll_interleave_model_get_output (model), ==, expected_output);

      g_clear_object (&model);
      assert_scheduler_freed (sched);
    }
}

static void
test_interleave_schedule (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlInterleaveModel) model = ll_interleave_model_new (sched);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (ll_interleave_model_get_schedule (model), ==, "AABBAB");
  g_assert_false (ll_interleave_model_set_schedule (model, "AAB", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (ll_interleave_model_get_schedule (model), ==, "AABBAB");
  g_clear_error (&error);
  g_assert_false (ll_interleave_model_set_schedule (model, "aabbab", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_clear_error (&error);
  g_assert_true (ll_interleave_model_set_schedule (model, "BABABA", &error));
  g_assert_cmpstr (ll_interleave_model_get_schedule (model), ==, "BABABA");

  /* Not started: nothing to step. */
  g_assert_false (ll_sim_model_step (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_interleave_model_get_next (model), ==, 0);

  /* Dropped mid-run, and restarted mid-run. */
  ll_interleave_model_start (model);
  ll_sim_model_step (LL_SIM_MODEL (model));
  ll_sim_model_step (LL_SIM_MODEL (model));
  g_assert_cmpstr (ll_interleave_model_get_output (model), ==, "x 1");
  ll_interleave_model_start (model);
  g_assert_cmpstr (ll_interleave_model_get_output (model), ==, "");
  ll_sim_model_step (LL_SIM_MODEL (model));
  ll_sim_model_stop (LL_SIM_MODEL (model));
  g_assert_cmpuint (ll_scheduler_get_n_tasks (sched), ==, 0);
  ll_interleave_model_start (model);
  ll_sim_model_step (LL_SIM_MODEL (model));

  g_clear_object (&model);
  assert_scheduler_freed (sched);
}

/* countdown */

static void
collect_line (LlCountdownModel *model,
              const char       *line,
              GString          *seen)
{
  g_string_append_printf (seen, "%s\n", line);
}

static void
test_countdown_model (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlCountdownModel) model = ll_countdown_model_new (sched);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *expected = run_program ("countdown 4 --virtual-clock");
  const gint64 *received_at;
  guint n_received;

  g_signal_connect (model, "line", G_CALLBACK (collect_line), seen);
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));

  ll_countdown_model_start (model, 4);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpuint (ll_countdown_model_get_from (model), ==, 4);

  /* Asleep between two numbers: the wake time is a second on. */
  while (ll_countdown_model_get_value (model) != 4)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ll_countdown_model_get_wake_time (model), ==,
                   ll_countdown_model_get_start_time (model) + G_TIME_SPAN_SECOND);

  ll_scheduler_run_until_idle (sched);
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_countdown_model_get_wake_time (model), ==, -1);
  g_assert_cmpstr (seen->str, ==, expected);
  g_assert_cmpuint (ll_countdown_model_get_value (model), ==, 1);

  /* One number a second, to the microsecond on the virtual clock. */
  received_at = ll_countdown_model_get_received_at (model, &n_received);
  g_assert_cmpuint (n_received, ==, 4);
  for (guint i = 0; i < n_received; i++)
    g_assert_cmpint (received_at[i] - ll_countdown_model_get_start_time (model), ==, i * G_TIME_SPAN_SECOND);

  /* Stopped while asleep: no more numbers, nothing left behind. */
  g_string_truncate (seen, 0);
  ll_countdown_model_start (model, 10);
  while (ll_countdown_model_get_value (model) != 8)
    g_main_context_iteration (NULL, TRUE);
  ll_sim_model_stop (LL_SIM_MODEL (model));
  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  ll_scheduler_run_until_idle (sched);
  g_assert_cmpstr (seen->str, ==, "Countdown 10\nCountdown 9\nCountdown 8\n");

  /* Dropped while asleep. */
  ll_countdown_model_start (model, 3);
  while (ll_countdown_model_get_value (model) != 3)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&model);
  ll_scheduler_run_until_idle (sched);
  assert_scheduler_freed (sched);
}

/* hello */

/* Each point names the right line in each spelling, and the C one is
 * where the coroutine really resumes. */
static void
test_hello_spellings (void)
{
  static const struct {
    LlHelloSpelling spelling;
    const char *start;
    const char *awake;
  } expected[] = {
    { LL_HELLO_SPELLING_C, "LL_HELLO_POINT_START, \"Hello world!\"", "LL_CO_SLEEP (co," },
    { LL_HELLO_SPELLING_GENERATOR, "Hello world!", "yield from asyncio.sleep(SLEEP)" },
    { LL_HELLO_SPELLING_ASYNC, "Hello world!", "await asyncio.sleep(SLEEP)" },
  };
  g_autofree char *generator_file = g_test_build_filename (G_TEST_DIST, "..", ll_hello_spelling_get_path (LL_HELLO_SPELLING_GENERATOR), NULL);
  g_autofree char *async_file = g_test_build_filename (G_TEST_DIST, "..", ll_hello_spelling_get_path (LL_HELLO_SPELLING_ASYNC), NULL);
  g_autofree char *generator = NULL;
  g_autofree char *async = NULL;
  g_autoptr(GString) respelt = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *path = ll_hello_spelling_get_path (expected[i].spelling);

      assert_source_line (path, ll_hello_point_get_line (expected[i].spelling, LL_HELLO_POINT_START),
                          expected[i].start, NULL);
      assert_source_line (path, ll_hello_point_get_line (expected[i].spelling, LL_HELLO_POINT_AWAKE),
                          expected[i].awake, NULL);
    }

  /* The two Python spellings differ where the notes say, and nowhere
   * else: the program below the opening comment. */
  g_assert_true (g_file_get_contents (generator_file, &generator, NULL, NULL));
  g_assert_true (g_file_get_contents (async_file, &async, NULL, NULL));
  g_assert_nonnull (strstr (generator, "\nimport asyncio"));
  g_assert_nonnull (strstr (async, "\nimport asyncio"));
  respelt = g_string_new (strstr (generator, "\nimport asyncio"));
  g_assert_cmpuint (g_string_replace (respelt, "@asyncio.coroutine\ndef ", "async def ", 0), ==, 1);
  g_assert_cmpuint (g_string_replace (respelt, "yield from ", "await ", 0), ==, 1);
  g_assert_cmpstr (respelt->str, ==, strstr (async, "\nimport asyncio"));
}

/* Stepped: the tasks start in their order, then every one is asleep and
 * a step has nothing to resume until the first sleep is up. */
static void
test_hello_steps (void)
{
  LlScheduler *sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(LlHelloModel) model = ll_hello_model_new (sched);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *expected = NULL;
  LlHelloPoint point;

  g_signal_connect (model, "line", G_CALLBACK (collect_line), seen);
  ll_scheduler_set_step_mode (sched, TRUE);
  ll_hello_model_start (model, 3, 200);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (model)));

  for (guint n = 1; n <= 3; n++)
    {
      g_assert_cmpuint (ll_hello_model_get_next (model, &point), ==, n);
      g_assert_cmpint (point, ==, LL_HELLO_POINT_START);
      g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (model)), ==,
                       ll_hello_point_get_line (LL_HELLO_SPELLING_C, LL_HELLO_POINT_START));
      g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
      g_assert_cmpuint (ll_hello_model_get_n_hello (model), ==, n);
    }

  /* All asleep: nothing to step, however often one tries. */
  g_assert_cmpuint (ll_hello_model_get_next (model, NULL), ==, 0);
  g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (model)), ==, 0);
  g_assert_false (ll_sim_model_step (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_hello_model_get_next_wake (model), ==, ll_hello_model_get_start_time (model) + 200000);

  /* The sleeps are up: they wake in the order they fell asleep. */
  ll_scheduler_advance_clock (sched, 200000);
  g_main_context_iteration (NULL, FALSE);
  for (guint n = 1; n <= 3; n++)
    {
      g_assert_cmpuint (ll_hello_model_get_next (model, &point), ==, n);
      g_assert_cmpint (point, ==, LL_HELLO_POINT_AWAKE);
      g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (model)), ==,
                       ll_hello_point_get_line (LL_HELLO_SPELLING_C, LL_HELLO_POINT_AWAKE));
      g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
    }

  g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (model)));
  g_assert_cmpint (ll_hello_model_get_elapsed (model), ==, 200000);
  g_assert_true (ll_hello_model_get_one_thread (model));
  g_assert_true (ll_hello_model_get_thread (model) == g_thread_self ());
  g_assert_cmpint (ll_co_get_state (ll_hello_model_get_gather (model)), ==, LL_CO_STATE_FINISHED);
  expected = g_strdup_printf ("[task 1, thread %1$p] Hello world!\n"
                              "[task 2, thread %1$p] Hello world!\n"
                              "[task 3, thread %1$p] Hello world!\n"
                              "[task 1, thread %1$p] Awake again!\n"
                              "[task 2, thread %1$p] Awake again!\n"
                              "[task 3, thread %1$p] Awake again!\n",
                              (gpointer) g_thread_self ());
  g_assert_cmpstr (seen->str, ==, expected);

  /* Dropped mid-run, asleep: nothing left on the scheduler. */
  ll_hello_model_start (model, 2, 100);
  g_assert_true (ll_sim_model_step (LL_SIM_MODEL (model)));
  g_clear_object (&model);
  ll_scheduler_set_step_mode (sched, FALSE);
  ll_scheduler_run_until_idle (sched);
  assert_scheduler_freed (sched);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/coroutine-models/producer-consumer-steps", test_producer_consumer_steps);
  g_test_add_func ("/looplab/coroutine-models/producer-consumer-frames", test_producer_consumer_frames);
  g_test_add_func ("/looplab/coroutine-models/producer-consumer-drop", test_producer_consumer_drop);
  g_test_add_func ("/looplab/coroutine-models/producer-consumer-runs", test_producer_consumer_runs);
  g_test_add_func ("/looplab/coroutine-models/interleave-steps", test_interleave_steps);
  g_test_add_func ("/looplab/coroutine-models/interleave-schedule", test_interleave_schedule);
  g_test_add_func ("/looplab/coroutine-models/countdown", test_countdown_model);
  g_test_add_func ("/looplab/coroutine-models/hello-spellings", test_hello_spellings);
  g_test_add_func ("/looplab/coroutine-models/hello-steps", test_hello_steps);

  return g_test_run ();
}
