/* ll-program-test-util.c: running a headless program in a unit test
 *
 * The programs write their transcript to a GOutputStream, so a test runs
 * one exactly as `looplab-cli run` would and reads what it printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ll-program-test-util.h"
#include "ll-programs.h"

/**
 * ll_test_run_program:
 * @line: the program's name and its options, as a shell would split them
 * @error: return location for the program's error
 *
 * Runs the program @line names to its end.
 *
 * Returns: (transfer full) (nullable): what it printed, or %NULL if it
 *   failed (then @error is set)
 */
char *
ll_test_run_program (const char  *line,
                     GError     **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_auto(GStrv) argv = NULL;
  int argc;
  gboolean ok;

  g_assert_true (g_shell_parse_argv (line, &argc, &argv, NULL));
  ok = ll_programs_run (argv[0], argc, argv, out, error);
  g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
  g_output_stream_close (out, NULL, NULL);
  if (!ok)
    return NULL;

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

/**
 * ll_test_run_program_ok:
 * @line: the program's name and its options
 *
 * Like ll_test_run_program(), for a run that must succeed: fails the test
 * otherwise.  The transcript goes to the test log.
 *
 * Returns: (transfer full): what it printed
 */
char *
ll_test_run_program_ok (const char *line)
{
  g_autoptr(GError) error = NULL;
  char *text = ll_test_run_program (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  g_test_message ("%s\n%s", line, text);

  return text;
}
