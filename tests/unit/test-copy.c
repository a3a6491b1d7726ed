/* test-copy.c: the async file copy of "The two-way message" (gio-chain)
 *
 * Both styles of the copy, the chain of callbacks and the coroutine,
 * must make byte-identical copies at every awkward size, leave nothing
 * behind when they fail or are cancelled, say what went wrong in their
 * own words, show one message per step in step mode, and let go of
 * everything when their model goes away in the middle.  Files live in a
 * temporary folder, never in the user's cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ll-copy-model.h"
#include "ll-file-test-util.h"
#include "ll-program-test-util.h"
#include "ll-scheduler.h"

static const LlCopyStyle styles[] = { LL_COPY_STYLE_CALLBACKS, LL_COPY_STYLE_COROUTINE };

/* Files */

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("looplab-test-copy-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @path, sorted and joined with spaces: what is left. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

/* @size bytes that differ from offset to offset, written to @path. */
static GBytes *
write_file (const char *path,
            gsize       size)
{
  g_autoptr(GError) error = NULL;
  guint8 *data = g_malloc (MAX (size, 1));
  guint32 x = 0x9E3779B9u + (guint32) size;

  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }

  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (data, size);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;

  return st.st_size;
}

/* Running a model */

typedef struct
{
  LlScheduler *scheduler;
  LlCopyModel *model;
  GPtrArray   *events;      /* LlCopyEvent */
  GString     *lines;       /* what ::line said, a line each */
  guint        cancel_at;   /* cancel at the resume of this read, or 0 */
  char        *shrink_path; /* truncate this at the first read's resume */
  goffset      shrink_to;
} Copy;

static void
on_event (LlCopyModel       *model,
          const LlCopyEvent *event,
          Copy              *copy)
{
  g_ptr_array_add (copy->events, ll_copy_event_copy (event));

  if (event->kind != LL_COPY_EVENT_RESUME || event->direction != LL_COPY_READ)
    return;

  if (event->chunk == copy->cancel_at)
    ll_copy_model_cancel (model);
  if (event->chunk == 1 && copy->shrink_path != NULL)
    g_assert_cmpint (truncate (copy->shrink_path, copy->shrink_to), ==, 0);
}

static void
on_line (LlCopyModel *model,
         const char  *line,
         Copy        *copy)
{
  g_string_append_printf (copy->lines, "%s\n", line);
}

static void
copy_init (Copy        *copy,
           LlCopyStyle  style,
           guint        chunk_size)
{
  memset (copy, 0, sizeof *copy);
  copy->scheduler = ll_scheduler_new (NULL, LL_CLOCK_MONOTONIC);
  copy->model = ll_copy_model_new (copy->scheduler);
  copy->events = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_copy_event_free);
  copy->lines = g_string_new (NULL);
  ll_copy_model_set_style (copy->model, style);
  ll_copy_model_set_chunk_size (copy->model, chunk_size);
  g_signal_connect (copy->model, "event", G_CALLBACK (on_event), copy);
  g_signal_connect (copy->model, "line", G_CALLBACK (on_line), copy);
}

/* Waits until every run, those of models gone too, has let go. */
static void
wait_for_runs (void)
{
  while (ll_copy_model_count_live_runs () > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
copy_clear (Copy *copy)
{
  if (copy->model != NULL)
    g_assert_finalize_object (copy->model);
  wait_for_runs ();
  g_assert_cmpuint (ll_scheduler_get_n_tasks (copy->scheduler), ==, 0);
  g_assert_finalize_object (copy->scheduler);
  g_ptr_array_unref (copy->events);
  g_string_free (copy->lines, TRUE);
  g_free (copy->shrink_path);
}

static void
copy_run (Copy       *copy,
          const char *source_path,
          const char *destination_path)
{
  g_autoptr(GFile) source = g_file_new_for_path (source_path);
  g_autoptr(GFile) destination = g_file_new_for_path (destination_path);

  ll_copy_model_start (copy->model, source, destination);
  g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (copy->model)));
  while (ll_sim_model_get_running (LL_SIM_MODEL (copy->model)))
    g_main_context_iteration (NULL, TRUE);
}

/* Byte-identical copies */

static void
test_sizes (void)
{
  const gsize chunk = LL_COPY_DEFAULT_CHUNK;
  const gsize sizes[] = { 0, 1, chunk, chunk + 1, 50 * 1024 * 1024 };

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        g_autofree char *dir = make_temp_dir ();
        g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
        g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
        g_autoptr(GBytes) bytes = write_file (source, sizes[i]);
        g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
        g_autofree char *contents = NULL;
        g_autofree char *left = NULL;
        gsize length;
        Copy copy;

        g_test_message ("%s, %" G_GSIZE_FORMAT " bytes", ll_copy_style_to_string (styles[s]), sizes[i]);
        copy_init (&copy, styles[s], chunk);
        copy_run (&copy, source, destination);

        g_assert_no_error (ll_copy_model_get_error (copy.model));
        g_assert_true (g_file_get_contents (destination, &contents, &length, NULL));
        g_assert_cmpuint (length, ==, sizes[i]);
        g_assert_true (memcmp (contents, g_bytes_get_data (bytes, NULL), length) == 0);

        /* The sums are of the bytes that went through, and agree with
         * one computed from the file. */
        g_assert_cmpstr (ll_copy_model_get_source_checksum (copy.model), ==, sum);
        g_assert_cmpstr (ll_copy_model_get_copy_checksum (copy.model), ==, sum);
        g_assert_true (ll_copy_model_get_identical (copy.model));

        g_assert_cmpuint (ll_copy_model_get_total_size (copy.model), ==, sizes[i]);
        g_assert_cmpuint (ll_copy_model_get_bytes_copied (copy.model), ==, sizes[i]);
        g_assert_cmpuint (ll_copy_model_get_n_chunks (copy.model), ==, (sizes[i] + chunk - 1) / chunk);
        g_assert_cmpuint (ll_copy_model_get_chunks_in_flight (copy.model), ==, 0);
        /* Eight messages a chunk: four for the read, four for the write.
         * The loop went round at least once while each call was out: a
         * completion never comes back inside its request. */
        g_assert_cmpuint (copy.events->len, ==, 8 * ((sizes[i] + chunk - 1) / chunk));
        for (guint e = 0; e < copy.events->len; e++)
          {
            const LlCopyEvent *event = g_ptr_array_index (copy.events, e);

            g_assert_cmpint (event->kind, ==, (LlCopyEventKind) (e % 4));
            g_assert_cmpint (event->direction, ==, (e / 4) % 2 == 0 ? LL_COPY_READ : LL_COPY_WRITE);
            g_assert_cmpuint (event->chunk, ==, e / 8 + 1);
            if (event->kind == LL_COPY_EVENT_COMPLETE)
              g_assert_cmpuint (event->loop_iterations, >=, 1);
          }
        g_assert_false (ll_copy_model_get_copy_removed (copy.model));

        /* No temporary file left beside the copy. */
        left = list_dir (dir);
        g_assert_cmpstr (left, ==, "copy.bin source.bin");

        copy_clear (&copy);
        ll_test_remove_tree (dir);
      }
}

/* A copy that is not kept is there until it is complete, then gone. */
static void
test_not_kept (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
  g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
  g_autoptr(GBytes) bytes = write_file (source, 100000);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *left = NULL;
  Copy copy;

  copy_init (&copy, LL_COPY_STYLE_COROUTINE, 4096);
  ll_copy_model_set_keep_copy (copy.model, FALSE);
  copy_run (&copy, source, destination);

  g_assert_no_error (ll_copy_model_get_error (copy.model));
  g_assert_true (ll_copy_model_get_copy_removed (copy.model));
  g_assert_cmpstr (ll_copy_model_get_copy_checksum (copy.model), ==, sum);
  left = list_dir (dir);
  g_assert_cmpstr (left, ==, "source.bin");

  copy_clear (&copy);
  ll_test_remove_tree (dir);
}

/* Cancelling */

static void
test_cancel (void)
{
  const guint chunk = 64 * 1024;
  const guint n_chunks = 8;

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
      g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
      g_autoptr(GBytes) bytes = write_file (source, chunk * n_chunks);
      g_autofree char *left = NULL;
      const GError *error;
      Copy copy;

      copy_init (&copy, styles[s], chunk);
      copy.cancel_at = (guint) g_test_rand_int_range (1, n_chunks + 1);
      g_test_message ("%s, cancelled at the resume of read #%u",
                      ll_copy_style_to_string (styles[s]), copy.cancel_at);
      copy_run (&copy, source, destination);

      error = ll_copy_model_get_error (copy.model);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_nonnull (strstr (error->message, "partial copy was deleted"));
      /* The chunks before it were copied, and said so; nothing since. */
      g_assert_cmpuint (ll_copy_model_get_bytes_copied (copy.model), ==, (guint64) (copy.cancel_at - 1) * chunk);
      g_assert_null (ll_copy_model_get_source_checksum (copy.model));
      g_assert_false (ll_copy_model_get_identical (copy.model));
      g_assert_cmpint (file_size (destination), ==, -1);
      left = list_dir (dir);
      g_assert_cmpstr (left, ==, "source.bin");

      copy_clear (&copy);
      ll_test_remove_tree (dir);
    }
}

/* Bad inputs: each its own error, and nothing left behind */

typedef enum
{
  BAD_MISSING_SOURCE,
  BAD_UNREADABLE_SOURCE,
  BAD_FOLDER_SOURCE,
  BAD_MISSING_FOLDER,
  BAD_FOLDER_DESTINATION,
  BAD_DISK_FULL,
  BAD_SHRINKING_SOURCE,
} Bad;

static const struct
{
  Bad         bad;
  const char *name;
  int         code;      /* in G_IO_ERROR */
  const char *words;     /* in the message */
} bad_inputs[] = {
  { BAD_MISSING_SOURCE, "missing source", G_IO_ERROR_NOT_FOUND, "there is no such file" },
  { BAD_UNREADABLE_SOURCE, "unreadable source", G_IO_ERROR_PERMISSION_DENIED, "permission to read it" },
  { BAD_FOLDER_SOURCE, "folder as source", G_IO_ERROR_IS_DIRECTORY, "it is a folder, not a file" },
  { BAD_MISSING_FOLDER, "destination folder missing", G_IO_ERROR_NOT_FOUND, "does not exist" },
  { BAD_FOLDER_DESTINATION, "folder as destination", G_IO_ERROR_IS_DIRECTORY, "it is a folder" },
  { BAD_DISK_FULL, "disk full", G_IO_ERROR_NO_SPACE, "The disk is full" },
  { BAD_SHRINKING_SOURCE, "source shrinking", G_IO_ERROR_PARTIAL_INPUT, "shrank while it was copied" },
};

static void
test_bad_inputs (void)
{
  const guint chunk = 4096;
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
      {
        g_autofree char *dir = make_temp_dir ();
        g_autofree char *file = g_build_filename (dir, "file.bin", NULL);
        g_autofree char *folder = g_build_filename (dir, "folder", NULL);
        g_autofree char *source = NULL;
        g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
        g_autofree char *before = NULL;
        g_autofree char *after = NULL;
        g_autoptr(GBytes) bytes = write_file (file, 3 * chunk);
        g_autoptr(GString) message = NULL;
        const GError *error;
        Copy copy;

        g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
        copy_init (&copy, styles[s], chunk);
        source = g_strdup (file);

        switch (bad_inputs[i].bad)
          {
          case BAD_MISSING_SOURCE:
            g_free (source);
            source = g_build_filename (dir, "nowhere.bin", NULL);
            break;

          case BAD_UNREADABLE_SOURCE:
            /* Root reads any file. */
            if (geteuid () == 0)
              {
                g_test_message ("skipped the unreadable source: running as root");
                copy_clear (&copy);
                ll_test_remove_tree (dir);
                continue;
              }
            g_assert_cmpint (g_chmod (file, 0), ==, 0);
            break;

          case BAD_FOLDER_SOURCE:
            g_free (source);
            source = g_strdup (folder);
            break;

          case BAD_MISSING_FOLDER:
            g_free (destination);
            destination = g_build_filename (dir, "no-folder", "copy.bin", NULL);
            break;

          case BAD_FOLDER_DESTINATION:
            g_free (destination);
            destination = g_strdup (folder);
            break;

          case BAD_DISK_FULL:
            if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
              {
                g_test_message ("skipped the full disk: no /dev/full here");
                copy_clear (&copy);
                ll_test_remove_tree (dir);
                continue;
              }
            /* A device is written in place; every write fails with ENOSPC. */
            g_free (destination);
            destination = g_strdup ("/dev/full");
            break;

          case BAD_SHRINKING_SOURCE:
          default:
            /* Read #2 finds 100 bytes, read #3 none. */
            copy.shrink_path = g_strdup (file);
            copy.shrink_to = chunk + 100;
            break;
          }

        g_test_message ("%s, %s", ll_copy_style_to_string (styles[s]), bad_inputs[i].name);
        before = list_dir (dir);
        copy_run (&copy, source, destination);

        error = ll_copy_model_get_error (copy.model);
        g_assert_error (error, G_IO_ERROR, bad_inputs[i].code);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, bad_inputs[i].words));
        g_assert_null (ll_copy_model_get_copy_checksum (copy.model));

        /* Each in its own words: the same message twice only for the
         * same input in the other style (in another temporary folder). */
        message = g_string_new (error->message);
        g_string_replace (message, dir, "DIR", 0);
        if (s == 0)
          g_assert_true (g_hash_table_add (messages, g_strdup (message->str)));
        else
          g_assert_true (g_hash_table_contains (messages, message->str));

        /* Nothing made, nothing deleted; /dev/full is still a device. */
        after = list_dir (dir);
        g_assert_cmpstr (after, ==, before);
        if (bad_inputs[i].bad == BAD_DISK_FULL)
          g_assert_true (g_file_test ("/dev/full", G_FILE_TEST_EXISTS) &&
                         !g_file_test ("/dev/full", G_FILE_TEST_IS_REGULAR));

        g_chmod (file, 0644);
        copy_clear (&copy);
        ll_test_remove_tree (dir);
      }
}

/* The transcript */

static char *
expected_transcript (LlCopyStyle  style,
                     const char  *source,
                     const char  *destination,
                     GBytes      *bytes)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "Copying %s to %s in chunks of 1.0 KiB, as %s (%s).\n",
                          source, destination,
                          style == LL_COPY_STYLE_CALLBACKS ? "a chain of callbacks" : "a coroutine",
                          ll_copy_style_get_source (style));
  for (guint n = 1; n <= 3; n++)
    g_string_append_printf (text,
                            "request read #%u 1024\n"
                            "complete read #%u 1024\n"
                            "finish read #%u 1024\n"
                            "resume #%u 1024\n"
                            "request write #%u\n"
                            "complete write #%u 1024\n"
                            "finish write #%u 1024\n"
                            "resume #%u 1024\n",
                            n, n, n, n, n, n, n, n);
  g_string_append_printf (text,
                          "Copied 3.0 KiB (3072 bytes) in 3 chunks.\n"
                          "SHA-256 of the source: %s\n"
                          "SHA-256 of the copy:   %s\n"
                          "The copy is identical to the source.\n",
                          sum, sum);

  return g_string_free (text, FALSE);
}

static void
test_trace (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
      g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
      g_autoptr(GBytes) bytes = write_file (source, 3 * 1024);
      g_autofree char *line = g_strdup_printf ("gio-chain --virtual-clock --chunk 1 --trace --style %s %s %s",
                                               ll_copy_style_to_string (styles[s]), source, destination);
      g_autofree char *text = ll_test_run_program_ok (line);
      g_autofree char *expected = expected_transcript (styles[s], source, destination, bytes);

      g_assert_cmpstr (text, ==, expected);
      ll_test_remove_tree (dir);
    }
}

/* On the real clock the figures say how long it took. */
static void
test_program_figures (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
  g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
  g_autoptr(GBytes) bytes = write_file (source, 5 * 1024 * 1024 + 3);
  g_autofree char *line = g_strdup_printf ("gio-chain --style coroutine --chunk 1024 %s %s", source, destination);
  g_autofree char *text = ll_test_run_program_ok (line);
  g_autoptr(GRegex) regex = g_regex_new ("\nIn [0-9]+\\.[0-9][0-9] s: [0-9]+\\.[0-9] MiB/s\\.\n", 0, 0, NULL);

  g_assert_nonnull (strstr (text, "Copied 5.0 MiB (5242883 bytes) in 6 chunks.\n"));
  g_assert_true (g_regex_match (regex, text, 0, NULL));
  g_assert_nonnull (strstr (text, "The copy is identical to the source.\n"));
  g_assert_null (strstr (text, "request read"));
  g_assert_cmpint (file_size (destination), ==, 5 * 1024 * 1024 + 3);
  ll_test_remove_tree (dir);
}

static void
test_program_bad_options (void)
{
  const char *lines[] = {
    "gio-chain --chunk 0",
    "gio-chain --chunk 65537",
    "gio-chain --size 0",
    "gio-chain --size 1025",
    "gio-chain --style threads",
    "gio-chain only-a-source",
    "gio-chain a b c",
    "gio-chain --size 4 a b",
    "gio-chain --keep a b",
    "gio-chain --frobnicate",
  };
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = ll_test_run_program (lines[i], &error);

      g_test_message ("%s: %s", lines[i], error != NULL ? error->message : "(no error)");
      g_assert_null (text);
      g_assert_error (error, G_OPTION_ERROR, error->code);
      g_assert_true (g_hash_table_add (messages, g_strdup (error->message)));
    }
}

/* Step mode */

/* Line @line (from 1) of the file @path of the source tree; "" past
 * its end. */
static char *
source_line (const char *path,
             int         line)
{
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", path, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpint (line, >, 0);
  lines = g_strsplit (contents, "\n", -1);
  if ((guint) line > g_strv_length (lines))
    return g_strdup ("");

  return g_strdup (lines[line - 1]);
}

static void
assert_line_has (const char *path,
                 int         line,
                 const char *text)
{
  g_autofree char *at = source_line (path, line);

  g_test_message ("%s:%d: %s", path, line, at);
  g_assert_nonnull (strstr (at, text));
}

/* The line an event names is the statement of its message, the one
 * the window highlights. */
static void
assert_event_line (const LlCopyEvent *event,
                   LlCopyStyle        style)
{
  g_assert_cmpstr (event->file, ==, ll_copy_style_get_source (style));

  switch (event->kind)
    {
    case LL_COPY_EVENT_REQUEST:
      assert_line_has (event->file, event->line, event->direction == LL_COPY_READ
                                                 ? "g_input_stream_read_async ("
                                                 : "g_output_stream_write_async (");
      break;

    case LL_COPY_EVENT_COMPLETE:
      assert_line_has (event->file, event->line,
                       style == LL_COPY_STYLE_CALLBACKS ? "ll_copy_hold (" : "LL_CO_AWAIT (");
      break;

    case LL_COPY_EVENT_FINISH:
      assert_line_has (event->file, event->line, event->direction == LL_COPY_READ
                                                 ? "g_input_stream_read_finish ("
                                                 : "g_output_stream_write_finish (");
      break;

    case LL_COPY_EVENT_RESUME:
    default:
      assert_line_has (event->file, event->line - 1, "ll_copy_report_resume (");
      break;
    }
}

/* Lets the loop run for a while: completions come back meanwhile. */
static void
let_loop_run (void)
{
  gint64 end = g_get_monotonic_time () + 5 * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (500);
    }
}

/* A copy of @size bytes in @dir, run once at full speed into @full (the
 * transcript to compare with), then started again in step mode in
 * @copy: nothing shown yet. */
static void
start_stepped (Copy        *copy,
               Copy        *full,
               LlCopyStyle  style,
               const char  *dir,
               gsize        size)
{
  g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
  g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
  g_autoptr(GBytes) bytes = write_file (source, size);
  g_autoptr(GFile) source_file = g_file_new_for_path (source);
  g_autoptr(GFile) destination_file = g_file_new_for_path (destination);

  copy_init (full, style, 1024);
  copy_run (full, source, destination);
  g_assert_no_error (ll_copy_model_get_error (full->model));
  g_unlink (destination);

  copy_init (copy, style, 1024);
  ll_scheduler_set_step_mode (copy->scheduler, TRUE);
  ll_copy_model_start (copy->model, source_file, destination_file);
}

static void
test_steps (void)
{
  const guint chunk = 1024;

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
      g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
      g_autofree char *text = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *lines = NULL;
      guint n_steps = 0;
      Copy copy;
      Copy full;

      start_stepped (&copy, &full, styles[s], dir, 3 * chunk);

      /* Nothing moves until a step: the files open, but nothing is read. */
      let_loop_run ();
      g_assert_cmpuint (copy.events->len, ==, 0);

      for (;;)
        {
          guint before = copy.events->len;

          if (!ll_sim_model_step (LL_SIM_MODEL (copy.model)))
            break;
          n_steps++;
          g_assert_cmpuint (n_steps, <=, 24);

          /* The step's message comes at once, or with its completion. */
          while (copy.events->len == before)
            g_main_context_iteration (NULL, TRUE);

          /* One, and nothing more until the next step, whatever comes
           * back meanwhile. */
          let_loop_run ();
          g_assert_cmpuint (copy.events->len, ==, before + 1);
          assert_event_line (g_ptr_array_index (copy.events, before), styles[s]);
          /* The window highlights it, until the run is over. */
          if (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)))
            g_assert_cmpint (ll_sim_model_get_source_line (LL_SIM_MODEL (copy.model)), ==,
                             ((LlCopyEvent *) g_ptr_array_index (copy.events, before))->line);
        }

      /* Eight steps a chunk, each one message, as at full speed. */
      g_assert_cmpuint (n_steps, ==, 24);
      g_assert_cmpstr (copy.lines->str, ==, full.lines->str);
      while (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)))
        g_main_context_iteration (NULL, TRUE);
      g_assert_no_error (ll_copy_model_get_error (copy.model));
      g_assert_true (ll_copy_model_get_identical (copy.model));
      g_assert_true (g_file_get_contents (destination, &text, NULL, NULL));
      g_assert_true (g_file_get_contents (source, &expected, NULL, NULL));
      g_assert_true (memcmp (text, expected, 3 * chunk) == 0);
      lines = list_dir (dir);
      g_assert_cmpstr (lines, ==, "copy.bin source.bin");

      copy_clear (&copy);
      copy_clear (&full);
      ll_test_remove_tree (dir);
    }
}

/* Steps pressed faster than the IO comes back are each one message:
 * those that come while a call is out are owed, and paid when it
 * completes. */
static void
test_steps_ahead (void)
{
  const guint chunk = 1024;

  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      gint64 deadline;
      Copy copy;
      Copy full;

      start_stepped (&copy, &full, styles[s], dir, 3 * chunk);
      let_loop_run ();

      /* Ten presses in a row: the first message comes at once, the
       * request goes out, and the other nine wait for its completion. */
      for (guint i = 0; i < 10; i++)
        g_assert_true (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
      g_assert_cmpuint (copy.events->len, ==, 1);

      deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      while (copy.events->len < 10 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      let_loop_run ();
      g_assert_cmpuint (copy.events->len, ==, 10);

      /* The rest, one press each, then the run ends as at full speed. */
      for (guint i = 10; i < 24; i++)
        g_assert_true (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
      deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      while (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)) &&
             g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      g_assert_false (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)));
      g_assert_cmpuint (copy.events->len, ==, 24);
      g_assert_cmpstr (copy.lines->str, ==, full.lines->str);
      g_assert_no_error (ll_copy_model_get_error (copy.model));
      g_assert_true (ll_copy_model_get_identical (copy.model));

      copy_clear (&copy);
      copy_clear (&full);
      ll_test_remove_tree (dir);
    }
}

/* Cancelled between two steps, the run ends at once, without steps. */
static void
test_steps_cancel (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
      g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
      g_autoptr(GBytes) bytes = write_file (source, 8 * 1024);
      g_autoptr(GFile) source_file = g_file_new_for_path (source);
      g_autoptr(GFile) destination_file = g_file_new_for_path (destination);
      g_autofree char *left = NULL;
      guint n_steps = (guint) g_test_rand_int_range (1, 24);
      Copy copy;

      g_test_message ("%s, cancelled after %u steps", ll_copy_style_to_string (styles[s]), n_steps);
      copy_init (&copy, styles[s], 1024);
      ll_scheduler_set_step_mode (copy.scheduler, TRUE);
      ll_copy_model_start (copy.model, source_file, destination_file);
      for (guint i = 0; i < n_steps; i++)
        {
          guint before = copy.events->len;

          g_assert_true (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
          while (copy.events->len == before)
            g_main_context_iteration (NULL, TRUE);
        }
      let_loop_run ();

      ll_copy_model_cancel (copy.model);
      while (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)))
        g_main_context_iteration (NULL, TRUE);

      g_assert_error (ll_copy_model_get_error (copy.model), G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_false (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
      left = list_dir (dir);
      g_assert_cmpstr (left, ==, "source.bin");

      copy_clear (&copy);
      ll_test_remove_tree (dir);
    }
}

/* Step mode turned off in the middle: what the steps held back comes
 * at once, and the rest at full speed. */
static void
test_steps_then_full_speed (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
    {
      g_autofree char *dir = make_temp_dir ();
      Copy copy;
      Copy full;

      start_stepped (&copy, &full, styles[s], dir, 4 * 1024);
      for (guint i = 0; i < 10; i++)
        {
          guint before = copy.events->len;

          g_assert_true (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
          while (copy.events->len == before)
            g_main_context_iteration (NULL, TRUE);
        }
      let_loop_run ();
      g_assert_cmpuint (copy.events->len, ==, 10);

      ll_scheduler_set_step_mode (copy.scheduler, FALSE);
      while (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)))
        g_main_context_iteration (NULL, TRUE);

      g_assert_no_error (ll_copy_model_get_error (copy.model));
      g_assert_cmpstr (copy.lines->str, ==, full.lines->str);
      g_assert_true (ll_copy_model_get_identical (copy.model));

      copy_clear (&copy);
      copy_clear (&full);
      ll_test_remove_tree (dir);
    }
}

/* A model dropped in the middle: no callback reaches it, and its run
 * lets go of everything, the partial copy included. */
static void
test_dispose (void)
{
  const guint chunk = 64 * 1024;

  for (guint step_mode = 0; step_mode <= 1; step_mode++)
    for (guint s = 0; s < G_N_ELEMENTS (styles); s++)
      {
        g_autofree char *dir = make_temp_dir ();
        g_autofree char *source = g_build_filename (dir, "source.bin", NULL);
        g_autofree char *destination = g_build_filename (dir, "copy.bin", NULL);
        g_autoptr(GBytes) bytes = write_file (source, 16 * chunk);
        g_autoptr(GFile) source_file = g_file_new_for_path (source);
        g_autoptr(GFile) destination_file = g_file_new_for_path (destination);
        g_autofree char *left = NULL;
        Copy copy;

        g_test_message ("%s, %s", ll_copy_style_to_string (styles[s]), step_mode ? "stepped" : "at full speed");
        copy_init (&copy, styles[s], chunk);
        ll_scheduler_set_step_mode (copy.scheduler, step_mode);
        ll_copy_model_start (copy.model, source_file, destination_file);

        /* Until the second write is out, its completion maybe held. */
        while (copy.events->len < 13)
          {
            guint before = copy.events->len;

            if (step_mode)
              g_assert_true (ll_sim_model_step (LL_SIM_MODEL (copy.model)));
            while (copy.events->len == before)
              g_main_context_iteration (NULL, TRUE);
          }
        if (step_mode)
          let_loop_run ();
        g_assert_true (ll_sim_model_get_running (LL_SIM_MODEL (copy.model)));

        g_assert_finalize_object (g_steal_pointer (&copy.model));
        g_assert_cmpuint (ll_copy_model_count_live_runs (), >, 0);
        wait_for_runs ();
        left = list_dir (dir);
        g_assert_cmpstr (left, ==, "source.bin");

        copy_clear (&copy);
        ll_test_remove_tree (dir);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/looplab/copy/sizes", test_sizes);
  g_test_add_func ("/looplab/copy/not-kept", test_not_kept);
  g_test_add_func ("/looplab/copy/cancel", test_cancel);
  g_test_add_func ("/looplab/copy/bad-inputs", test_bad_inputs);
  g_test_add_func ("/looplab/copy/trace", test_trace);
  g_test_add_func ("/looplab/copy/program-figures", test_program_figures);
  g_test_add_func ("/looplab/copy/program-bad-options", test_program_bad_options);
  g_test_add_func ("/looplab/copy/steps", test_steps);
  g_test_add_func ("/looplab/copy/steps-ahead", test_steps_ahead);
  g_test_add_func ("/looplab/copy/steps-cancel", test_steps_cancel);
  g_test_add_func ("/looplab/copy/steps-then-full-speed", test_steps_then_full_speed);
  g_test_add_func ("/looplab/copy/dispose", test_dispose);

  return g_test_run ();
}
