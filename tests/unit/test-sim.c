/* test-sim.c: the coroutine programs: producer-consumer, interleave,
 * countdown, hello
 *
 * Each program runs as `looplab-cli run` runs it, on the hidden
 * --virtual-clock, and its transcript is compared byte for byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "ll-countdown-program.h"
#include "ll-hello-model.h"
#include "ll-hello-program.h"
#include "ll-interleave-program.h"
#include "ll-program-test-util.h"
#include "ll-programs.h"
#include "ll-scheduler.h"

static void
assert_transcript (const char *line,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program (line, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

/* Bad arguments fail with G_OPTION_ERROR and print nothing. */
static void
assert_bad_options (const char *line,
                    int         code,
                    const char *in_message)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  int argc;

  g_assert_true (g_shell_parse_argv (line, &argc, &argv, NULL));
  g_assert_false (ll_programs_run (argv[0], argc, argv, out, &error));
  g_assert_error (error, G_OPTION_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s”: the message “%s” does not mention “%s”", line, error->message, in_message);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
}

static void
test_table (void)
{
  const char * const ids[] = { "producer-consumer", "interleave", "countdown", "hello", "courier" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const LlProgram *program = ll_programs_lookup (ids[i]);

      g_assert_nonnull (program);
      g_assert_nonnull (program->run);
      g_assert_nonnull (program->tour_args);
    }
}

/* producer-consumer */

static void
test_producer_consumer (void)
{
  assert_transcript ("producer-consumer --virtual-clock",
                     "[Producer] producing 1\n"
                     "[Consumer] consuming 1\n"
                     "[Producer] Consumer return 200 ok 1\n"
                     "[Producer] producing 2\n"
                     "[Consumer] consuming 2\n"
                     "[Producer] Consumer return 200 ok 2\n"
                     "[Producer] producing 3\n"
                     "[Consumer] consuming 3\n"
                     "[Producer] Consumer return 200 ok 3\n"
                     "[Producer] producing 4\n"
                     "[Consumer] consuming 4\n"
                     "[Producer] Consumer return 200 ok 4\n"
                     "[Producer] producing 5\n"
                     "[Consumer] consuming 5\n"
                     "[Producer] Consumer return 200 ok 5\n");

  /* No time passes in it: the real clock gives the same. */
  assert_transcript ("producer-consumer",
                     "[Producer] producing 1\n"
                     "[Consumer] consuming 1\n"
                     "[Producer] Consumer return 200 ok 1\n"
                     "[Producer] producing 2\n"
                     "[Consumer] consuming 2\n"
                     "[Producer] Consumer return 200 ok 2\n"
                     "[Producer] producing 3\n"
                     "[Consumer] consuming 3\n"
                     "[Producer] Consumer return 200 ok 3\n"
                     "[Producer] producing 4\n"
                     "[Consumer] consuming 4\n"
                     "[Producer] Consumer return 200 ok 4\n"
                     "[Producer] producing 5\n"
                     "[Consumer] consuming 5\n"
                     "[Producer] Consumer return 200 ok 5\n");

  assert_bad_options ("producer-consumer 5", G_OPTION_ERROR_BAD_VALUE, "“5”");
  assert_bad_options ("producer-consumer --count 5", G_OPTION_ERROR_UNKNOWN_OPTION, NULL);
}

/* interleave */

static void
test_interleave (void)
{
  assert_transcript ("interleave --virtual-clock", "1\n2\nx\ny\n3\nz\n");
  assert_transcript ("interleave --virtual-clock --schedule AABBAB", "1\n2\nx\ny\n3\nz\n");
  assert_transcript ("interleave --virtual-clock --schedule ABABAB", "1\nx\n2\ny\n3\nz\n");
  assert_transcript ("interleave --virtual-clock --schedule BBBAAA", "x\ny\nz\n1\n2\n3\n");
  assert_transcript ("interleave --virtual-clock --schedule BAABBA", "x\n1\n2\ny\nz\n3\n");
  assert_transcript ("interleave --schedule=ABBBAA", "1\nx\ny\nz\n2\n3\n");
}

static void
test_interleave_bad_schedule (void)
{
  g_autoptr(GError) error = NULL;

  /* The message names the schedule and what is wrong with it. */
  assert_bad_options ("interleave --virtual-clock --schedule ABAB",
                      G_OPTION_ERROR_BAD_VALUE, "“ABAB” has 2 A and 2 B");
  assert_bad_options ("interleave --virtual-clock --schedule AAAABBB",
                      G_OPTION_ERROR_BAD_VALUE, "has 4 A and 3 B");
  assert_bad_options ("interleave --virtual-clock --schedule AAABBBB",
                      G_OPTION_ERROR_BAD_VALUE, "has 3 A and 4 B");
  assert_bad_options ("interleave --virtual-clock --schedule ''",
                      G_OPTION_ERROR_BAD_VALUE, "has 0 A and 0 B");
  assert_bad_options ("interleave --virtual-clock --schedule AABBAC",
                      G_OPTION_ERROR_BAD_VALUE, "“C” is neither A nor B");
  assert_bad_options ("interleave --virtual-clock --schedule aabbab",
                      G_OPTION_ERROR_BAD_VALUE, "“a” is neither A nor B");
  assert_bad_options ("interleave --virtual-clock --schedule 'AAB BB'",
                      G_OPTION_ERROR_BAD_VALUE, "“ ” is neither A nor B");
  /* Options arrive in the locale's charset, as the CLI sets it up. */
  if (g_get_charset (NULL))
    assert_bad_options ("interleave --virtual-clock --schedule AAB甲BB",
                        G_OPTION_ERROR_BAD_VALUE, "“甲” is neither A nor B");
  assert_bad_options ("interleave --virtual-clock --schedule", G_OPTION_ERROR_BAD_VALUE, "--schedule");
  assert_bad_options ("interleave --virtual-clock AABBAB", G_OPTION_ERROR_BAD_VALUE, "“AABBAB”");

  g_assert_true (ll_interleave_parse_schedule ("BABABA", &error));
  g_assert_no_error (error);
  g_assert_false (ll_interleave_parse_schedule ("BABAB\xff", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
}

/* countdown */

static void
test_countdown (void)
{
  assert_transcript ("countdown --virtual-clock",
                     "Countdown 10\n"
                     "Countdown 9\n"
                     "Countdown 8\n"
                     "Countdown 7\n"
                     "Countdown 6\n"
                     "Countdown 5\n"
                     "Countdown 4\n"
                     "Countdown 3\n"
                     "Countdown 2\n"
                     "Countdown 1\n");
  assert_transcript ("countdown --virtual-clock 10",
                     "Countdown 10\n"
                     "Countdown 9\n"
                     "Countdown 8\n"
                     "Countdown 7\n"
                     "Countdown 6\n"
                     "Countdown 5\n"
                     "Countdown 4\n"
                     "Countdown 3\n"
                     "Countdown 2\n"
                     "Countdown 1\n");
  assert_transcript ("countdown 3 --virtual-clock",
                     "Countdown 3\n"
                     "Countdown 2\n"
                     "Countdown 1\n");
  /* One line, no pause: cheap enough for the real clock. */
  assert_transcript ("countdown 1", "Countdown 1\n");

  assert_bad_options ("countdown --virtual-clock 0", G_OPTION_ERROR_BAD_VALUE, "“0”");
  assert_bad_options ("countdown --virtual-clock 1001", G_OPTION_ERROR_BAD_VALUE, "“1001”");
  assert_bad_options ("countdown --virtual-clock ten", G_OPTION_ERROR_BAD_VALUE, "“ten”");
  assert_bad_options ("countdown --virtual-clock 3x", G_OPTION_ERROR_BAD_VALUE, "“3x”");
  assert_bad_options ("countdown --virtual-clock 3 4", G_OPTION_ERROR_BAD_VALUE, "“4”");
  assert_bad_options ("countdown --virtual-clock -3", G_OPTION_ERROR_UNKNOWN_OPTION, NULL);
}

typedef struct
{
  GMemoryOutputStream *out;
  GArray              *resumed_at;     /* gint64: when each resume began */
  GArray              *printed_before; /* gsize: how much was printed by then */
  gint64               finished_at;
} CountdownProbe;

static void
countdown_event (const LlCoEvent *event,
                 gpointer         user_data)
{
  CountdownProbe *probe = user_data;

  if (event->kind == LL_CO_EVENT_RESUMED)
    {
      gsize size = g_memory_output_stream_get_data_size (probe->out);

      g_array_append_val (probe->resumed_at, event->time);
      g_array_append_val (probe->printed_before, size);
    }
  else if (event->kind == LL_CO_EVENT_FINISHED)
    {
      probe->finished_at = event->time;
    }
}

/* The length of the first @n lines of @text. */
static gsize
prefix_of_lines (const char *text,
                 guint       n)
{
  const char *p = text;

  for (guint i = 0; i < n; i++)
    {
      p = strchr (p, '\n');
      g_assert_nonnull (p);
      p++;
    }

  return p - text;
}

/* The coroutine the program runs, watched through the scheduler's event
 * stream: it resumes at 0 s, 1 s, 2 s... exactly, prints one line per
 * resume, and finishes with the last line, after N - 1 seconds. */
static void
check_countdown_timing (guint n)
{
  g_autoptr(LlScheduler) sched = ll_scheduler_new (NULL, LL_CLOCK_VIRTUAL);
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GArray) resumed_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) printed_before = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(LlCo) countdown = NULL;
  CountdownProbe probe = { G_MEMORY_OUTPUT_STREAM (out), resumed_at, printed_before, -1 };
  guint i;

  ll_scheduler_set_event_func (sched, countdown_event, &probe, NULL);
  countdown = ll_countdown_new (out, n);
  ll_scheduler_spawn (sched, countdown);
  ll_scheduler_run_until_done (sched, countdown);
  g_assert_null (ll_co_get_error (countdown));

  for (i = n; i >= 1; i--)
    g_string_append_printf (expected, "Countdown %u\n", i);
  g_assert_cmpmem (g_memory_output_stream_get_data (probe.out),
                   g_memory_output_stream_get_data_size (probe.out),
                   expected->str, expected->len);

  g_assert_cmpuint (resumed_at->len, ==, n);
  for (i = 0; i < n; i++)
    {
      g_assert_cmpint (g_array_index (resumed_at, gint64, i), ==, (gint64) i * G_TIME_SPAN_SECOND);
      /* Before the i-th resume, exactly the first i lines were out. */
      g_assert_cmpuint (g_array_index (printed_before, gsize, i), ==, prefix_of_lines (expected->str, i));
    }
  g_assert_cmpint (probe.finished_at, ==, (gint64) (n - 1) * G_TIME_SPAN_SECOND);
  g_assert_cmpint (ll_scheduler_get_time (sched), ==, (gint64) (n - 1) * G_TIME_SPAN_SECOND);
}

static void
test_countdown_timing (void)
{
  check_countdown_timing (10);
  check_countdown_timing (3);
  check_countdown_timing (1);
}

/* hello */

/* Checks that every line of @text but the last names the same thread,
 * this one (the program runs on the caller's thread), and returns the
 * text with that thread's address replaced by "THREAD". */
static char *
normalize_threads (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\[task [0-9]+, thread (0x[0-9a-f]+)\\] ",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) normalized = g_string_new (NULL);
  g_autofree char *self = g_strdup_printf ("%p", (gpointer) g_thread_self ());
  const char *p = text;
  guint n_lines = 0;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *thread = g_match_info_fetch (match, 1);
      int start;
      int end;

      g_assert_cmpstr (thread, ==, self);
      g_match_info_fetch_pos (match, 1, &start, &end);
      g_string_append_len (normalized, p, text + start - p);
      g_string_append (normalized, "THREAD");
      p = text + end;
      n_lines++;
      g_match_info_next (match, NULL);
    }
  g_string_append (normalized, p);
  g_assert_cmpuint (n_lines, >, 0);

  return g_string_free (g_steal_pointer (&normalized), FALSE);
}

static void
assert_hello (const char *line,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program (line, &error);
  g_autofree char *normalized = NULL;

  g_assert_no_error (error);
  normalized = normalize_threads (text);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_hello (void)
{
  assert_hello ("hello --virtual-clock",
                "[task 1, thread THREAD] Hello world!\n"
                "[task 1, thread THREAD] Awake again!\n"
                "1 task finished after 1.00 s on one thread\n");
  assert_hello ("hello --virtual-clock --tasks 1",
                "[task 1, thread THREAD] Hello world!\n"
                "[task 1, thread THREAD] Awake again!\n"
                "1 task finished after 1.00 s on one thread\n");
  /* Both sleep at once: one second in all, not two. */
  assert_hello ("hello --virtual-clock --tasks 2",
                "[task 1, thread THREAD] Hello world!\n"
                "[task 2, thread THREAD] Hello world!\n"
                "[task 1, thread THREAD] Awake again!\n"
                "[task 2, thread THREAD] Awake again!\n"
                "2 tasks finished after 1.00 s on one thread\n");
}

/* --sleep and --trace: each resume, where and when, on the virtual
 * clock; the two tasks sleep half a second together. */
static void
test_hello_trace (void)
{
  assert_hello ("hello --virtual-clock --tasks 2 --sleep 0.5 --trace",
                "resume task 1 at start, 0.000 s\n"
                "[task 1, thread THREAD] Hello world!\n"
                "resume task 2 at start, 0.000 s\n"
                "[task 2, thread THREAD] Hello world!\n"
                "resume task 1 after sleep, 0.500 s\n"
                "[task 1, thread THREAD] Awake again!\n"
                "resume task 2 after sleep, 0.500 s\n"
                "[task 2, thread THREAD] Awake again!\n"
                "2 tasks finished after 0.50 s on one thread\n");
}

/* The most tasks --tasks takes: all asleep at once, one second in all.
 * Under AddressSanitizer, with its full stack on every malloc, 100 000
 * frames take minutes: that build runs a tenth of them.  (Checked line by
 * line: a GRegex over 200 000 lines is quadratic.) */
#if defined(__SANITIZE_ADDRESS__)
#define MOST_TASKS (LL_HELLO_MAX_TASKS / 10)
#else
#define MOST_TASKS LL_HELLO_MAX_TASKS
#endif

static void
test_hello_most (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strdup_printf ("hello --virtual-clock --tasks %d", MOST_TASKS);
  g_autofree char *text = ll_test_run_program (line, &error);
  g_autofree char *thread = g_strdup_printf ("thread %p] ", (gpointer) g_thread_self ());
  g_autofree char *last = g_strdup_printf ("%d tasks finished after 1.00 s on one thread", MOST_TASKS);
  g_auto(GStrv) lines = NULL;
  guint n;

  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 2 * MOST_TASKS + 2);   /* and the empty string after the last newline */
  for (guint i = 0; i < 2 * MOST_TASKS; i++)
    {
      char prefix[32];

      g_snprintf (prefix, sizeof prefix, "[task %u, ", i % MOST_TASKS + 1);
      g_assert_true (g_str_has_prefix (lines[i], prefix));
      g_assert_nonnull (strstr (lines[i], thread));
      g_assert_true (g_str_has_suffix (lines[i], i < MOST_TASKS ? "Hello world!" : "Awake again!"));
    }
  g_assert_cmpstr (lines[n - 2], ==, last);
}

static void
test_hello_many (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program ("hello --virtual-clock --tasks 1000", &error);
  g_autofree char *normalized = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  guint i;

  g_assert_no_error (error);
  normalized = normalize_threads (text);
  for (i = 1; i <= 1000; i++)
    g_string_append_printf (expected, "[task %u, thread THREAD] Hello world!\n", i);
  for (i = 1; i <= 1000; i++)
    g_string_append_printf (expected, "[task %u, thread THREAD] Awake again!\n", i);
  g_string_append (expected, "1000 tasks finished after 1.00 s on one thread\n");
  g_assert_cmpstr (normalized, ==, expected->str);

  assert_bad_options ("hello --virtual-clock --tasks 0", G_OPTION_ERROR_BAD_VALUE, "not 0");
  assert_bad_options ("hello --virtual-clock --tasks 100001", G_OPTION_ERROR_BAD_VALUE, "not 100001");
  assert_bad_options ("hello --virtual-clock --sleep 0.05", G_OPTION_ERROR_BAD_VALUE, "not 0.05");
  assert_bad_options ("hello --virtual-clock --sleep 6", G_OPTION_ERROR_BAD_VALUE, "not 6");
  assert_bad_options ("hello --virtual-clock --sleep nan", G_OPTION_ERROR_BAD_VALUE, NULL);
  assert_bad_options ("hello --virtual-clock --sleep soon", G_OPTION_ERROR_BAD_VALUE, NULL);
  assert_bad_options ("hello --virtual-clock --tasks two", G_OPTION_ERROR_BAD_VALUE, NULL);
  assert_bad_options ("hello --virtual-clock world", G_OPTION_ERROR_BAD_VALUE, "“world”");
}

/* A program leaves the caller's thread-default context as it found it. */
static void
test_context_restored (void)
{
  const char * const lines[] = {
    "producer-consumer --virtual-clock",
    "interleave --virtual-clock",
    "countdown 2 --virtual-clock",
    "hello --virtual-clock",
    "interleave --virtual-clock --schedule AB",
  };
  GMainContext *before = g_main_context_ref_thread_default ();

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = ll_test_run_program (lines[i], NULL);
      GMainContext *after = g_main_context_ref_thread_default ();

      g_assert_true (after == before);
      g_main_context_unref (after);
    }
  g_main_context_unref (before);
}

/* Thread ids as "THREAD", and the seconds of the last line as "S". */
static char *
mask_hello (const char *text,
            double     *seconds)
{
  g_autoptr(GRegex) threads = g_regex_new ("thread 0x[0-9a-f]+\\]", 0, 0, NULL);
  g_autoptr(GRegex) time = g_regex_new ("after ([0-9.]+) s", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *masked = g_regex_replace_literal (threads, text, -1, 0, "thread THREAD]", 0, NULL);
  g_autofree char *found = NULL;

  g_assert_true (g_regex_match (time, masked, 0, &match));
  found = g_match_info_fetch (match, 1);
  *seconds = g_ascii_strtod (found, NULL);

  return g_regex_replace_literal (time, masked, -1, 0, "after S s", 0, NULL);
}

/* The async/await rendering is a program that runs: Python prints what
 * `looplab-cli run hello --tasks 2` prints, and in about a second too. */
static void
test_hello_python (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "..", "resources", "python", "hello_async.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ours_masked = NULL;
  g_autofree char *theirs_masked = NULL;
  double ours_s, theirs_s;
  int status;

  if (!g_file_test (argv[0], G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3");
      return;
    }

  ours = ll_test_run_program ("hello --virtual-clock --tasks 2", &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &theirs, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  ours_masked = mask_hello (ours, &ours_s);
  theirs_masked = mask_hello (theirs, &theirs_s);
  g_assert_cmpstr (theirs_masked, ==, ours_masked);
  g_assert_cmpfloat (ours_s, ==, 1.0);
  g_assert_cmpfloat (theirs_s, >=, 1.0);
  g_assert_cmpfloat (theirs_s, <, 1.9);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/sim/table", test_table);
  g_test_add_func ("/looplab/sim/producer-consumer", test_producer_consumer);
  g_test_add_func ("/looplab/sim/interleave", test_interleave);
  g_test_add_func ("/looplab/sim/interleave-bad-schedule", test_interleave_bad_schedule);
  g_test_add_func ("/looplab/sim/countdown", test_countdown);
  g_test_add_func ("/looplab/sim/countdown-timing", test_countdown_timing);
  g_test_add_func ("/looplab/sim/hello", test_hello);
  g_test_add_func ("/looplab/sim/hello-many", test_hello_many);
  g_test_add_func ("/looplab/sim/hello-trace", test_hello_trace);
  g_test_add_func ("/looplab/sim/hello-most", test_hello_most);
  g_test_add_func ("/looplab/sim/hello-python", test_hello_python);
  g_test_add_func ("/looplab/sim/context-restored", test_context_restored);

  return g_test_run ();
}
