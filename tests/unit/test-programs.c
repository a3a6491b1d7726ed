/* test-programs.c: the table of headless programs and their transcripts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ll-program-test-util.h"
#include "ll-programs.h"

static void
test_table (void)
{
  const LlProgram *programs;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) kebab = g_regex_new ("^[a-z0-9]+(-[a-z0-9]+)*$", 0, 0, NULL);
  guint n;

  programs = ll_programs_get (&n);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (programs[i].id);
      g_assert_true (g_regex_match (kebab, programs[i].id, 0, NULL));
      g_assert_false (g_hash_table_contains (seen, programs[i].id));
      g_hash_table_add (seen, (gpointer) programs[i].id);
      g_assert_nonnull (programs[i].summary);
      g_assert_cmpuint (strlen (programs[i].summary), >, 10);
      g_assert_nonnull (programs[i].run);
      g_assert_true (ll_programs_lookup (programs[i].id) == &programs[i]);
    }
  g_assert_nonnull (ll_programs_lookup ("message-loop"));
  g_assert_null (ll_programs_lookup ("no-such-program"));
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program ("no-such-program", &error);

  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-program"));
}

static void
test_message_loop (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *text = ll_test_run_program ("message-loop --idle 0.2 --block 0.3", &error);
  double elapsed = (g_get_monotonic_time () - start) / (double) G_TIME_SPAN_SECOND;
  g_autofree char *seconds = NULL;
  double blocked;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "Idle loop: "));
  g_assert_nonnull (strstr (text, "After the block: "));

  /* Exactly one stall, naming the handler, at least as long as the block
   * and within the run (the figure is rounded to 0.01 s). */
  regex = g_regex_new ("Watchdog: main loop blocked for ([0-9.]+) s by deliberate_block\n", 0, 0, NULL);
  g_assert_true (g_regex_match (regex, text, 0, &match));
  seconds = g_match_info_fetch (match, 1);
  blocked = g_ascii_strtod (seconds, NULL);
  g_assert_cmpfloat (blocked, >=, 0.3 - 0.005);
  g_assert_cmpfloat (blocked, <=, elapsed + 0.005);
  g_assert_false (g_match_info_next (match, NULL));

  /* The idle part came before the block and saw no stall. */
  g_assert_true (strstr (text, "Idle loop: ") < strstr (text, "Watchdog: "));
}

static void
test_message_loop_bad_options (void)
{
  const char *lines[] = {
    "message-loop --block 9",
    "message-loop --idle 0",
    "message-loop --block nan",
    "message-loop --frobnicate",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_assert_null (text);
      g_assert_error (error, G_OPTION_ERROR, error->code);
    }
}

/* `run server`: a line a second and the run's figures, in their shape;
 * the only figures checked are the ones the run fixes: every client
 * connected, no failure, the percentiles in order. */
static void
test_server (void)
{
  g_autofree char *text = ll_test_run_program_ok ("server --clients 10 --duration 1");
  g_autoptr(GRegex) second = g_regex_new ("^  1 s: ([0-9]+) requests/s, latency p50 ([0-9.]+) ms, "
                                          "p99 ([0-9.]+) ms; ([0-9]+) connections open; "
                                          "server loop lag max [0-9.]+ ms$",
                                          G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) done = g_regex_new ("^Done: ([0-9]+) requests in [0-9.]+ s, [0-9]+ per second; "
                                        "latency p50 ([0-9.]+) ms, p99 ([0-9.]+) ms, max ([0-9.]+) ms; "
                                        "0 errors\\.$",
                                        G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) served = g_regex_new ("^The server answered ([0-9]+) requests on 10 connections",
                                          G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *p50 = NULL;
  g_autofree char *p99 = NULL;
  g_autofree char *max = NULL;
  g_autofree char *open = NULL;
  g_autofree char *requests = NULL;
  g_autofree char *answered = NULL;

  g_assert_true (g_str_has_prefix (text, "The single-threaded server under load: 10 clients for 1 s."));
  g_assert_nonnull (strstr (text, "every client asks for /hello/world"));
  g_assert_null (strstr (text, "--block-ms"));

  /* One line for the one second. */
  g_assert_true (g_regex_match (second, text, 0, &match));
  rate = g_match_info_fetch (match, 1);
  p50 = g_match_info_fetch (match, 2);
  p99 = g_match_info_fetch (match, 3);
  open = g_match_info_fetch (match, 4);
  g_assert_cmpuint (g_ascii_strtoull (rate, NULL, 10), >, 0);
  g_assert_cmpfloat (g_ascii_strtod (p50, NULL), <=, g_ascii_strtod (p99, NULL));
  g_assert_cmpstr (open, ==, "10");
  g_assert_false (g_match_info_next (match, NULL));
  g_clear_pointer (&match, g_match_info_free);
  g_clear_pointer (&p50, g_free);
  g_clear_pointer (&p99, g_free);

  g_assert_true (g_regex_match (done, text, 0, &match));
  requests = g_match_info_fetch (match, 1);
  p50 = g_match_info_fetch (match, 2);
  p99 = g_match_info_fetch (match, 3);
  max = g_match_info_fetch (match, 4);
  g_assert_cmpuint (g_ascii_strtoull (requests, NULL, 10), >, 0);
  g_assert_cmpfloat (g_ascii_strtod (p50, NULL), >, 0);
  g_assert_cmpfloat (g_ascii_strtod (p50, NULL), <=, g_ascii_strtod (p99, NULL));
  g_assert_cmpfloat (g_ascii_strtod (p99, NULL), <=, g_ascii_strtod (max, NULL));
  g_assert_null (strstr (text, "Errors:"));
  g_clear_pointer (&match, g_match_info_free);

  /* The server answered every request the clients counted, and perhaps
   * a last few whose answers they closed on. */
  g_assert_true (g_regex_match (served, text, 0, &match));
  answered = g_match_info_fetch (match, 1);
  g_assert_cmpuint (g_ascii_strtoull (answered, NULL, 10), >=, g_ascii_strtoull (requests, NULL, 10));
}

/* A handler that blocks 20 ms: said so, and no answer came sooner (the
 * percentiles are a bucket's lowest value, within 1/64 below). */
static void
test_server_block (void)
{
  g_autofree char *text = ll_test_run_program_ok ("server --clients 2 --duration 1 --block-ms 20");
  g_autoptr(GRegex) done = g_regex_new ("^Done: [0-9]+ requests in [0-9.]+ s, [0-9]+ per second; "
                                        "latency p50 ([0-9.]+) ms,",
                                        G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *p50 = NULL;

  g_assert_nonnull (strstr (text, "blocks the server’s thread for 20 ms (--block-ms)"));
  g_assert_true (g_regex_match (done, text, 0, &match));
  p50 = g_match_info_fetch (match, 1);
  g_assert_cmpfloat (g_ascii_strtod (p50, NULL), >=, 19.6);
}

static void
test_server_bad_options (void)
{
  const char *lines[] = {
    "server --clients 0",
    "server --clients 10001",
    "server --duration 0",
    "server --duration 61",
    "server --block-ms -1",
    "server --block-ms 1001",
    "server --frobnicate",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_assert_null (text);
      g_assert_error (error, G_OPTION_ERROR, error->code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/programs/table", test_table);
  g_test_add_func ("/looplab/programs/unknown", test_unknown);
  g_test_add_func ("/looplab/programs/message-loop", test_message_loop);
  g_test_add_func ("/looplab/programs/message-loop-bad-options", test_message_loop_bad_options);
  g_test_add_func ("/looplab/programs/server", test_server);
  g_test_add_func ("/looplab/programs/server-block", test_server_block);
  g_test_add_func ("/looplab/programs/server-bad-options", test_server_bad_options);

  return g_test_run ();
}
