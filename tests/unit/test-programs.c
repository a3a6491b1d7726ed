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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/programs/table", test_table);
  g_test_add_func ("/looplab/programs/unknown", test_unknown);
  g_test_add_func ("/looplab/programs/message-loop", test_message_loop);
  g_test_add_func ("/looplab/programs/message-loop-bad-options", test_message_loop_bad_options);

  return g_test_run ();
}
