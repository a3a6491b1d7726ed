/* test-io-file.c: the sample file the Read workload reads
 *
 * Generated in a worker thread under a temporary name: a full disk, a
 * file-size limit or a cancel must leave nothing behind.  Small sizes in
 * a temporary folder; /dev/full plays the full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "ll-sample-file.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  gboolean  generated;
  GError   *error;
  goffset   last_current;
  goffset   last_total;
  guint     n_progress;
  gboolean  went_back;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  memset (outcome, 0, sizeof *outcome);
}

static void
on_progress (goffset  current,
             goffset  total,
             gpointer data)
{
  Outcome *outcome = data;

  if (current < outcome->last_current)
    outcome->went_back = TRUE;
  outcome->last_current = current;
  outcome->last_total = total;
  outcome->n_progress++;
}

static void
on_generated (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = ll_sample_file_generate_finish (G_FILE (source_object), result, &outcome->error);
  outcome->done = TRUE;
}

static void
on_ensured (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = ll_sample_file_ensure_finish (G_FILE (source_object), result,
                                              &outcome->generated, &outcome->error);
  outcome->done = TRUE;
}

static void
wait_for (Outcome *outcome)
{
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("looplab-test-io-file-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;

  return st.st_size;
}

static void
test_default_path (void)
{
  g_autoptr(GFile) file = ll_sample_file_get_default (256 * LL_MIB);
  g_autoptr(GFile) odd = ll_sample_file_get_default (1000);
  g_autofree char *expected = g_build_filename (g_get_user_cache_dir (), "looplab", "sample-256MiB.bin", NULL);
  g_autofree char *basename = g_file_get_basename (odd);

  g_assert_cmpstr (g_file_peek_path (file), ==, expected);
  g_assert_cmpstr (basename, ==, "sample-1000B.bin");
}

static void
test_generate (void)
{
  g_autofree char *dir = make_temp_dir ();
  /* A folder that does not exist yet, as the cache folder on first use. */
  g_autofree char *sub = g_build_filename (dir, "looplab", NULL);
  g_autofree char *path = g_build_filename (sub, "sample.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const gsize size = 9 * 1024 * 1024 + 7;
  g_autofree char *contents = NULL;
  gsize length;
  Outcome outcome = { 0 };

  ll_sample_file_generate_async (file, size, G_PRIORITY_DEFAULT, NULL,
                                 on_progress, &outcome, on_generated, &outcome);
  wait_for (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_cmpint (file_size (path), ==, (gint64) size);
  g_assert_cmpuint (count_entries (sub), ==, 1);   /* no temporary file left */
  g_assert_cmpuint (outcome.n_progress, >=, 1);
  g_assert_false (outcome.went_back);
  g_assert_cmpint (outcome.last_current, ==, (goffset) size);
  g_assert_cmpint (outcome.last_total, ==, (goffset) size);

  /* Not zeros, not one repeated block. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, size);
  g_assert_cmpint (memcmp (contents, contents + 4 * 1024 * 1024, 4096), !=, 0);

  outcome_clear (&outcome);
  remove_tree (dir);
}

static void
test_ensure (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  Outcome outcome = { 0 };

  /* Missing: generated. */
  ll_sample_file_ensure_async (file, 100000, G_PRIORITY_DEFAULT, NULL, NULL, NULL, on_ensured, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.generated);
  g_assert_cmpint (file_size (path), ==, 100000);
  outcome_clear (&outcome);

  /* There with the right size: kept. */
  ll_sample_file_ensure_async (file, 100000, G_PRIORITY_DEFAULT, NULL,
                               on_progress, &outcome, on_ensured, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_false (outcome.generated);
  g_assert_cmpint (outcome.last_current, ==, 100000);
  outcome_clear (&outcome);

  /* Another size: generated again. */
  ll_sample_file_ensure_async (file, 200000, G_PRIORITY_DEFAULT, NULL, NULL, NULL, on_ensured, &outcome);
  wait_for (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.generated);
  g_assert_cmpint (file_size (path), ==, 200000);
  g_assert_cmpuint (count_entries (dir), ==, 1);
  outcome_clear (&outcome);

  /* A folder in its place is never overwritten. */
  ll_sample_file_ensure_async (folder, 1000, G_PRIORITY_DEFAULT, NULL, NULL, NULL, on_ensured, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  outcome_clear (&outcome);

  ll_sample_file_generate_async (folder, 1000, G_PRIORITY_DEFAULT, NULL, NULL, NULL, on_generated, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  outcome_clear (&outcome);

  remove_tree (dir);
}

static void
test_disk_full (void)
{
  g_autoptr(GFile) full = g_file_new_for_path ("/dev/full");
  Outcome outcome = { 0 };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No /dev/full here to play a full disk");
      return;
    }

  /* A device is written in place: every write fails with ENOSPC. */
  ll_sample_file_generate_async (full, 8 * LL_MIB, G_PRIORITY_DEFAULT, NULL,
                                 NULL, NULL, on_generated, &outcome);
  wait_for (&outcome);

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (outcome.error->message, "disk is full"));
  g_assert_nonnull (strstr (outcome.error->message, "/dev/full"));
  outcome_clear (&outcome);
}

static void
test_file_too_large (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  struct rlimit limit = { 1024 * 1024, 1024 * 1024 };
  Outcome outcome = { 0 };

  if (!g_test_subprocess ())
    {
      /* The limit applies to the whole process: only in a child. */
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* Past RLIMIT_FSIZE a write fails with EFBIG, as it does with ENOSPC
   * on a full disk, but on a regular file in a real folder. */
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  dir = make_temp_dir ();
  path = g_build_filename (dir, "sample.bin", NULL);
  file = g_file_new_for_path (path);
  ll_sample_file_generate_async (file, 8 * LL_MIB, G_PRIORITY_DEFAULT, NULL,
                                 NULL, NULL, on_generated, &outcome);
  wait_for (&outcome);

  g_assert_false (outcome.ok);
  g_assert_nonnull (outcome.error);
  g_assert_nonnull (strstr (outcome.error->message, "nothing kept"));
  /* Neither the file nor its temporary twin. */
  g_assert_cmpuint (count_entries (dir), ==, 0);
  outcome_clear (&outcome);
  remove_tree (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "sample.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0 };

  /* 64 MiB is 16 blocks: the cancel lands long before the last. */
  ll_sample_file_generate_async (file, 64 * LL_MIB, G_PRIORITY_DEFAULT, cancellable,
                                 on_progress, &outcome, on_generated, &outcome);
  g_cancellable_cancel (cancellable);
  wait_for (&outcome);

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  outcome_clear (&outcome);

  /* And through ensure. */
  g_cancellable_reset (cancellable);
  ll_sample_file_ensure_async (file, 64 * LL_MIB, G_PRIORITY_DEFAULT, cancellable,
                               NULL, NULL, on_ensured, &outcome);
  g_cancellable_cancel (cancellable);
  wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  outcome_clear (&outcome);

  remove_tree (dir);
}

static void
test_not_local (void)
{
  g_autoptr(GFile) file = g_file_new_for_uri ("resource:///nowhere/sample.bin");
  Outcome outcome = { 0 };

  ll_sample_file_generate_async (file, 1000, G_PRIORITY_DEFAULT, NULL, NULL, NULL, on_generated, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  outcome_clear (&outcome);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/io-file/default-path", test_default_path);
  g_test_add_func ("/looplab/io-file/generate", test_generate);
  g_test_add_func ("/looplab/io-file/ensure", test_ensure);
  g_test_add_func ("/looplab/io-file/disk-full", test_disk_full);
  g_test_add_func ("/looplab/io-file/file-too-large", test_file_too_large);
  g_test_add_func ("/looplab/io-file/cancel", test_cancel);
  g_test_add_func ("/looplab/io-file/not-local", test_not_local);

  return g_test_run ();
}
