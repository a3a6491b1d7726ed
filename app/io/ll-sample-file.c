/* ll-sample-file.c: the large file the Read file workload reads
 *
 * The writing happens in a GTask worker thread with its inputs copied
 * in; the thread publishes how much it wrote in an atomic, and a timer on
 * the caller's context turns that into progress callbacks, so that the
 * callback always runs on the caller's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sample-file"

#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "ll-sample-file.h"

#define WRITE_BLOCK        (4 * LL_MIB)
#define PROGRESS_INTERVAL  50   /* ms between progress callbacks */

typedef struct
{
  /* copied in: the thread touches nothing else */
  char                  *path;
  guint64                size;

  /* written by the thread, read by the progress timer */
  _Atomic guint64        written;

  /* the caller's side */
  GFileProgressCallback  progress_callback;
  gpointer               progress_data;
  GSource               *progress_source;
} Generate;

static void
generate_free (Generate *generate)
{
  if (generate->progress_source != NULL)
    g_source_destroy (generate->progress_source);
  g_clear_pointer (&generate->progress_source, g_source_unref);
  g_free (generate->path);
  g_free (generate);
}

/**
 * ll_sample_file_get_default:
 * @size: the size in bytes
 *
 * The cache file of @size: `$XDG_CACHE_HOME/looplab/sample-256MiB.bin`
 * for 256 MiB.  It may not exist yet: ll_sample_file_ensure_async()
 * makes it.
 *
 * Returns: (transfer full): the file
 */
GFile *
ll_sample_file_get_default (guint64 size)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (size % LL_MIB == 0)
    name = g_strdup_printf ("sample-%" G_GUINT64_FORMAT "MiB.bin", size / LL_MIB);
  else
    name = g_strdup_printf ("sample-%" G_GUINT64_FORMAT "B.bin", size);

  path = g_build_filename (g_get_user_cache_dir (), "looplab", name, NULL);

  return g_file_new_for_path (path);
}

/* Bytes that do not compress and differ from block to block, cheaply. */
static void
fill_block (guint64 *words,
            gsize    n_words,
            guint64  seed)
{
  guint64 x = seed * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 1;

  for (gsize i = 0; i < n_words; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      words[i] = x;
    }
}

static void
prefix_write_error (GError     **error,
                    const char  *path,
                    gboolean     in_place,
                    guint64      written,
                    guint64      size)
{
  g_autofree char *done = g_format_size_full (written, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *total = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) && in_place)
    g_prefix_error (error, _("The disk is full: only %s of the %s sample file “%s” could be written: "),
                    done, total, path);
  else if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    g_prefix_error (error, _("The disk is full: only %s of the %s sample file “%s” could be written, and nothing was kept: "),
                    done, total, path);
  else if (in_place)
    g_prefix_error (error, _("Cannot write the sample file “%s” (%s of %s written): "),
                    path, done, total);
  else
    g_prefix_error (error, _("Cannot write the sample file “%s” (%s of %s written, nothing kept): "),
                    path, done, total);
}

/* In the worker thread.  A regular target is written under a temporary
 * name and renamed once complete; a device such as /dev/null is written
 * in place (there is nothing to leave behind). */
static gboolean
write_sample (Generate      *generate,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autofree guint64 *block = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  const char *path = generate->path;
  guint64 written = 0;
  GStatBuf st;
  int fd;

  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot write the sample file “%s”: it is a folder"), path);
      return FALSE;
    }

  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
    }
  else
    {
      dir = g_path_get_dirname (path);
      base = g_path_get_basename (path);
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot create the folder “%s” for the sample file: %s"),
                       dir, g_strerror (saved_errno));
          return FALSE;
        }
      temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0644);
    }

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write the sample file “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  out = g_unix_output_stream_new (fd, TRUE);
  block = g_malloc (WRITE_BLOCK);

  while (written < generate->size)
    {
      gsize n = (gsize) MIN ((guint64) WRITE_BLOCK, generate->size - written);

      fill_block (block, WRITE_BLOCK / sizeof (guint64), written / WRITE_BLOCK);
      if (!g_output_stream_write_all (out, block, n, NULL, cancellable, error))
        break;
      written += n;
      atomic_store (&generate->written, written);
    }

  /* Closing reports what the disk deferred (a full disk on some file
   * systems).  A failed write has already set the error. */
  if (written == generate->size)
    g_output_stream_close (out, cancellable, error);
  else
    g_output_stream_close (out, NULL, NULL);

  if (written == generate->size && (error == NULL || *error == NULL) &&
      temp_path != NULL && g_rename (temp_path, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot move the sample file into place as “%s”: %s"),
                   path, g_strerror (saved_errno));
      written = 0;
    }

  if (written != generate->size || (error != NULL && *error != NULL))
    {
      if (temp_path != NULL)
        g_unlink (temp_path);
      if (error != NULL && *error != NULL)
        prefix_write_error (error, path, temp_path == NULL, written, generate->size);
      return FALSE;
    }

  return TRUE;
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Generate *generate = task_data;
  GError *error = NULL;

  if (write_sample (generate, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("Cannot write the sample file “%s”"), generate->path);
}

static gboolean
progress_tick (gpointer data)
{
  Generate *generate = data;

  generate->progress_callback ((goffset) atomic_load (&generate->written),
                               (goffset) generate->size,
                               generate->progress_data);

  return G_SOURCE_CONTINUE;
}

/* Back on the caller's context: stop the progress timer, then report. */
static void
generate_thread_done (GObject      *source_object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Generate *generate = g_task_get_task_data (task);
  GError *error = NULL;

  if (generate->progress_source != NULL)
    g_source_destroy (generate->progress_source);
  g_clear_pointer (&generate->progress_source, g_source_unref);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (generate->progress_callback != NULL)
    generate->progress_callback ((goffset) generate->size, (goffset) generate->size,
                                 generate->progress_data);
  g_task_return_boolean (task, TRUE);
}

/**
 * ll_sample_file_generate_async:
 * @file: where to write: a local path (or a device such as /dev/null)
 * @size: how many bytes
 * @io_priority: the I/O priority of the callbacks
 * @cancellable: (nullable): a #GCancellable
 * @progress_callback: (nullable) (scope notified): called on the
 *   thread-default context about 20 times a second, with bytes written
 *   and @size
 * @progress_data: for @progress_callback
 * @callback: called when done
 * @user_data: for @callback
 *
 * Writes @size bytes of pseudo-random data to @file in a worker thread,
 * replacing what is there.  A regular file is written under a temporary
 * name in the same folder (created if needed) and renamed at the end:
 * an error, a full disk (%G_IO_ERROR_NO_SPACE) or a cancellation leaves
 * no partial file behind.  An existing device is written in place.
 */
void
ll_sample_file_generate_async (GFile                 *file,
                               guint64                size,
                               int                    io_priority,
                               GCancellable          *cancellable,
                               GFileProgressCallback  progress_callback,
                               gpointer               progress_data,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) thread_task = NULL;
  Generate *generate;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_sample_file_generate_async);
  g_task_set_name (task, "[looplab] ll_sample_file_generate_async");
  g_task_set_priority (task, io_priority);

  if (g_file_peek_path (file) == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Cannot write the sample file “%s”: only local files are supported"), uri);
      return;
    }

  generate = g_new0 (Generate, 1);
  generate->path = g_strdup (g_file_peek_path (file));
  generate->size = size;
  generate->progress_callback = progress_callback;
  generate->progress_data = progress_data;
  g_task_set_task_data (task, generate, (GDestroyNotify) generate_free);

  if (progress_callback != NULL)
    {
      generate->progress_source = g_timeout_source_new (PROGRESS_INTERVAL);
      g_source_set_priority (generate->progress_source, io_priority);
      g_source_set_callback (generate->progress_source, progress_tick, generate, NULL);
      g_source_set_static_name (generate->progress_source, "[looplab] sample file progress");
      g_source_attach (generate->progress_source, g_task_get_context (task));
    }

  /* The thread's own task carries the same data; the outer task, which
   * owns it, outlives the thread because the done callback holds it. */
  thread_task = g_task_new (file, cancellable, generate_thread_done, g_object_ref (task));
  g_task_set_source_tag (thread_task, ll_sample_file_generate_async);
  g_task_set_name (thread_task, "[looplab] ll_sample_file_generate_async (thread)");
  g_task_set_priority (thread_task, io_priority);
  g_task_set_task_data (thread_task, generate, NULL);
  g_task_run_in_thread (thread_task, generate_thread);
}

/**
 * ll_sample_file_generate_finish:
 * @file: the file given to ll_sample_file_generate_async()
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the whole file was written
 */
gboolean
ll_sample_file_generate_finish (GFile         *file,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_sample_file_generate_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint64                size;
  int                    io_priority;
  GFileProgressCallback  progress_callback;
  gpointer               progress_data;
} Ensure;

static void
ensure_generated (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ll_sample_file_generate_finish (G_FILE (source_object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, TRUE);
}

static void
ensure_queried (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = G_FILE (source_object);
  Ensure *ensure = g_task_get_task_data (task);

  info = g_file_query_info_finish (file, result, &error);
  if (info == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_task_return_new_error (task, error->domain, error->code,
                               _("Cannot use the sample file “%s”: %s"),
                               g_file_peek_path (file), error->message);
      return;
    }

  if (info != NULL)
    {
      GFileType type = g_file_info_get_file_type (info);

      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                                   _("Cannot use the sample file “%s”: it is a folder"),
                                   g_file_peek_path (file));
          return;
        }
      if (type != G_FILE_TYPE_REGULAR)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                                   _("Cannot use the sample file “%s”: it is not a regular file"),
                                   g_file_peek_path (file));
          return;
        }
      if ((guint64) g_file_info_get_size (info) == ensure->size)
        {
          if (ensure->progress_callback != NULL)
            ensure->progress_callback ((goffset) ensure->size, (goffset) ensure->size,
                                       ensure->progress_data);
          g_task_return_int (task, FALSE);
          return;
        }
    }

  ll_sample_file_generate_async (file, ensure->size, ensure->io_priority,
                                 g_task_get_cancellable (task),
                                 ensure->progress_callback, ensure->progress_data,
                                 ensure_generated, g_object_ref (task));
}

/**
 * ll_sample_file_ensure_async:
 * @file: the sample file, usually ll_sample_file_get_default()
 * @size: how many bytes it must have
 * @io_priority: the I/O priority
 * @cancellable: (nullable): a #GCancellable
 * @progress_callback: (nullable) (scope notified): as for
 *   ll_sample_file_generate_async()
 * @progress_data: for @progress_callback
 * @callback: called when done
 * @user_data: for @callback
 *
 * Makes sure @file is a regular file of @size bytes: keeps it if it is
 * one, generates it (ll_sample_file_generate_async()) if it is missing
 * or has another size.  A folder or a special file in its place is an
 * error, never overwritten.
 */
void
ll_sample_file_ensure_async (GFile                 *file,
                             guint64                size,
                             int                    io_priority,
                             GCancellable          *cancellable,
                             GFileProgressCallback  progress_callback,
                             gpointer               progress_data,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  Ensure *ensure;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_sample_file_ensure_async);
  g_task_set_name (task, "[looplab] ll_sample_file_ensure_async");
  g_task_set_priority (task, io_priority);

  ensure = g_new0 (Ensure, 1);
  ensure->size = size;
  ensure->io_priority = io_priority;
  ensure->progress_callback = progress_callback;
  ensure->progress_data = progress_data;
  g_task_set_task_data (task, ensure, g_free);

  g_file_query_info_async (file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, io_priority, cancellable,
                           ensure_queried, g_steal_pointer (&task));
}

/**
 * ll_sample_file_ensure_finish:
 * @file: the file given to ll_sample_file_ensure_async()
 * @result: the #GAsyncResult
 * @generated: (out) (optional): whether the file had to be written
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @file is now there with the requested size
 */
gboolean
ll_sample_file_ensure_finish (GFile         *file,
                              GAsyncResult  *result,
                              gboolean      *generated,
                              GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_sample_file_ensure_async, FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;

  if (generated != NULL)
    *generated = value != 0;

  return TRUE;
}
