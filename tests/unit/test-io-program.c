/* test-io-program.c: `looplab-cli run frozen-vs-responsive`, headless
 *
 * Each workload in each mode at a small size, and the bad options.  The
 * transcripts hold timings, which are never compared here: only their
 * shape, and what is exact (bytes read, requests answered, and the
 * virtual clock's durations).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ll-program-test-util.h"
#include "ll-programs.h"

static char *cache_dir;

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("The transcript\n%s\ndoes not contain “%s”", text, part);
}

static void
test_table (void)
{
  const LlProgram *program = ll_programs_lookup ("frozen-vs-responsive");

  g_assert_nonnull (program);
  g_assert_nonnull (program->tour_args);
}

static void
test_sleep_async (void)
{
  g_autofree char *text = ll_test_run_program_ok ("frozen-vs-responsive --virtual-clock");

  /* The defaults: sleep, async, 3 s; exact on the virtual clock. */
  assert_contains (text, "Frozen vs responsive: sleep, async.\n");
  assert_contains (text, "Done: slept 3.000 s (asked for 3.000 s).\n");
  assert_contains (text, "Loop lag during the run: p50 ");
  assert_contains (text, "Stalls during the run: none.\n");
}

static void
test_sleep_blocking (void)
{
  g_autofree char *text = ll_test_run_program_ok ("frozen-vs-responsive --workload sleep --mode blocking --seconds 0.2");

  assert_contains (text, "Frozen vs responsive: sleep, blocking.\n");
  /* 200 ms blocked is past the 100 ms threshold, however fast or slow
   * the machine: the watchdog reports it and names the span. */
  assert_contains (text, "Watchdog: main loop blocked for ");
  assert_contains (text, " by sleep_blocking\n");
  assert_contains (text, "Stalls during the run: 1, the longest ");
  assert_contains (text, "The loop stood still for ");
}

static void
test_read (void)
{
  g_autofree char *dir = g_dir_make_tmp ("looplab-test-io-program-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "small.bin", NULL);
  g_autofree char *data = g_malloc0 (1234567);
  g_autofree char *line = NULL;
  g_autofree char *blocking = NULL;
  g_autofree char *async = NULL;

  g_assert_true (g_file_set_contents (path, data, 1234567, NULL));

  line = g_strdup_printf ("frozen-vs-responsive --workload read --mode blocking --file %s", path);
  blocking = ll_test_run_program_ok (line);
  assert_contains (blocking, "(1234567 bytes)");
  g_free (line);

  line = g_strdup_printf ("frozen-vs-responsive --workload read --file %s --chunk 64 --readers 3", path);
  async = ll_test_run_program_ok (line);
  assert_contains (async, "3 coroutines await g_input_stream_read_async() in 64.0 KiB chunks");
  assert_contains (async, "(1234567 bytes)");

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_read_sample_file (void)
{
  g_autofree char *first = ll_test_run_program_ok ("frozen-vs-responsive --workload read --size 1");
  g_autofree char *second = NULL;
  g_autofree char *expected = g_build_filename (cache_dir, "looplab", "sample-1MiB.bin", NULL);

  /* Generated on first use in the cache folder, then reused. */
  assert_contains (first, "Generated the 1.0 MiB sample file ");
  assert_contains (first, expected);
  assert_contains (first, "(1048576 bytes)");
  second = ll_test_run_program_ok ("frozen-vs-responsive --workload read --size 1 --mode blocking");
  assert_contains (second, "Using the 1.0 MiB sample file ");
  assert_contains (second, "(1048576 bytes)");
}

static void
test_read_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program ("frozen-vs-responsive --workload read --file /nonexistent/looplab.bin", &error);

  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/looplab.bin"));
}

static void
test_fetch (void)
{
  g_autofree char *async = ll_test_run_program_ok ("frozen-vs-responsive --workload fetch --requests 3 --delay 0.05");
  g_autofree char *blocking = ll_test_run_program_ok ("frozen-vs-responsive --workload fetch --mode blocking --requests 2 --delay 0.05");

  assert_contains (async, "The slow server listens on 127.0.0.1:");
  assert_contains (async, "  #1   connect ");
  assert_contains (async, "  #3   connect ");
  assert_contains (async, "Done: 3 of 3 answered in ");
  assert_contains (async, "one after another they take 3 × 0.05 s = 0.15 s.\n");
  assert_contains (async, "Every connection was open ");

  assert_contains (blocking, "Done: 2 of 2 answered in ");
}

static void
test_compute (void)
{
  const char * const modes[] = { "blocking", "chunked", "thread" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *line = g_strdup_printf ("frozen-vs-responsive --workload compute --mode %s --seconds 0.1",
                                               modes[i]);
      g_autofree char *text = ll_test_run_program_ok (line);

      assert_contains (text, "Calibrated: this machine tests ");
      assert_contains (text, " numbers after 1000000000, in ");
    }
}

static void
assert_bad_option (const char *line,
                   const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ll_test_run_program (line, &error);

  g_assert_null (text);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s”: the message “%s” does not mention “%s”", line, error->message, in_message);
}

static void
test_bad_options (void)
{
  assert_bad_option ("frozen-vs-responsive --workload nap", "--workload");
  assert_bad_option ("frozen-vs-responsive --mode lazy", "--mode");
  assert_bad_option ("frozen-vs-responsive --workload sleep --mode chunked", "chunked");
  assert_bad_option ("frozen-vs-responsive --workload compute --mode async", "async");
  assert_bad_option ("frozen-vs-responsive --seconds 9", "--seconds");
  assert_bad_option ("frozen-vs-responsive --seconds 0", "--seconds");
  assert_bad_option ("frozen-vs-responsive --size 0", "--size");
  assert_bad_option ("frozen-vs-responsive --size 2048", "--size");
  assert_bad_option ("frozen-vs-responsive --requests 0", "--requests");
  assert_bad_option ("frozen-vs-responsive --requests 1001", "--requests");
  assert_bad_option ("frozen-vs-responsive --delay 11", "--delay");
  assert_bad_option ("frozen-vs-responsive --chunk 1", "--chunk");
  assert_bad_option ("frozen-vs-responsive --readers 9", "--readers");
  assert_bad_option ("frozen-vs-responsive now", "now");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A cache folder of our own, before GLib reads the variable. */
  cache_dir = g_dir_make_tmp ("looplab-test-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/io-program/table", test_table);
  g_test_add_func ("/looplab/io-program/sleep-async", test_sleep_async);
  g_test_add_func ("/looplab/io-program/sleep-blocking", test_sleep_blocking);
  g_test_add_func ("/looplab/io-program/read", test_read);
  g_test_add_func ("/looplab/io-program/read-sample-file", test_read_sample_file);
  g_test_add_func ("/looplab/io-program/read-missing", test_read_missing);
  g_test_add_func ("/looplab/io-program/fetch", test_fetch);
  g_test_add_func ("/looplab/io-program/compute", test_compute);
  g_test_add_func ("/looplab/io-program/bad-options", test_bad_options);

  status = g_test_run ();

  {
    g_autofree char *sample = g_build_filename (cache_dir, "looplab", "sample-1MiB.bin", NULL);
    g_autofree char *folder = g_build_filename (cache_dir, "looplab", NULL);

    g_unlink (sample);
    g_rmdir (folder);
    g_rmdir (cache_dir);
    g_free (cache_dir);
  }

  return status;
}
