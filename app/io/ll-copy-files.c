/* ll-copy-files.c: the files of the gio-chain copy
 *
 * Opening and closing are blocking calls (open(), fstat(), close(),
 * rename()), so the model runs them in a worker thread, once per run,
 * on files the thread alone touches meanwhile.  The copy is written to a
 * temporary file beside the destination and renamed over it once it is
 * complete, so a copy that fails or is cancelled leaves nothing behind.
 * A device such as /dev/full is written in place: there is nothing to
 * leave.  Every error is put in words here, with the names of the files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-copy-model"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gfiledescriptorbased.h>
#include <gio/gunixoutputstream.h>

#include "ll-copy-files-private.h"

#define SOURCE_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
  G_FILE_ATTRIBUTE_ACCESS_CAN_READ

/* Errors */

static char *
format_size (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/**
 * ll_copy_run_shrank:
 * @run: a run
 * @copied: the bytes copied when a read found the end of the source
 *
 * Returns: (transfer full): the error of a source that has less than
 *   it had when it was opened
 */
GError *
ll_copy_run_shrank (LlCopyRun *run,
                    guint64    copied)
{
  g_autofree char *name = g_file_get_parse_name (run->priv->source);
  g_autofree char *done = format_size (copied);
  g_autofree char *total = format_size (run->total);

  return g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                      _("Cannot copy “%s”: the source shrank while it was copied (it ended after %s of the %s it had at the start)"),
                      name, done, total);
}

/**
 * ll_copy_files_explain:
 * @run: a run
 * @error: (transfer full): why the copy stopped
 *
 * Says what went wrong in the copy, in words, keeping the error's code.
 *
 * Returns: (transfer full): the error to show
 */
GError *
ll_copy_files_explain (LlCopyRun *run,
                       GError    *error)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autofree char *source = g_file_get_parse_name (priv->source);
  g_autofree char *destination = g_file_get_parse_name (priv->destination);
  g_autofree char *done = format_size (priv->bytes_written);
  g_autofree char *total = format_size (run->total);
  GError *message;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           priv->temp_path != NULL
                           ? _("The copy was cancelled after %s of %s; the partial copy was deleted")
                           : _("The copy was cancelled after %s of %s"),
                           done, total);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return error;
  else if (priv->failed_direction == LL_COPY_READ)
    message = g_error_new (error->domain, error->code,
                           _("Cannot copy “%s”: reading it failed after %s: %s"),
                           source, done, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    message = g_error_new (error->domain, error->code,
                           priv->temp_path != NULL
                           ? _("The disk is full: only %s of the %s of “%s” could be copied to “%s”, and nothing was kept")
                           : _("The disk is full: only %s of the %s of “%s” could be written to “%s”"),
                           done, total, source, destination);
  else
    message = g_error_new (error->domain, error->code,
                           _("Cannot write the copy “%s”: %s"), destination, error->message);

  g_error_free (error);

  return message;
}

/* Opening */

/* Refuses what must not be opened: a folder, and anything but a regular
 * file (opening a FIFO for reading would wait for a writer). */
static gboolean
open_source (LlCopyRun     *run,
             GCancellable  *cancellable,
             GError       **error)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autofree char *name = g_file_get_parse_name (priv->source);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInfo) opened = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  GFileType type;

  info = g_file_query_info (priv->source, SOURCE_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info != NULL)
    {
      type = g_file_info_get_file_type (info);
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                       _("Cannot copy “%s”: it is a folder, not a file"), name);
          return FALSE;
        }
      if (type != G_FILE_TYPE_REGULAR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       _("Cannot copy “%s”: it is not a regular file (a device, a pipe or a socket)"), name);
          return FALSE;
        }
      if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
          !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
        g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "");
      else
        in = g_file_read (priv->source, cancellable, &local_error);
    }
  if (in != NULL)
    opened = g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                             cancellable, &local_error);

  if (opened == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("Cannot copy “%s”: there is no such file"), name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("Cannot copy “%s”: you do not have permission to read it"), name);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("Cannot copy “%s”: %s"), name, local_error->message);
      return FALSE;
    }

#ifdef POSIX_FADV_SEQUENTIAL
  /* A flag on the open file, not I/O: the kernel reads further ahead. */
  if (G_IS_FILE_DESCRIPTOR_BASED (in))
    posix_fadvise (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (in)),
                   0, 0, POSIX_FADV_SEQUENTIAL);
#endif

  /* The size of the file opened, not of the name queried before. */
  run->total = (guint64) g_file_info_get_size (opened);
  run->in = G_INPUT_STREAM (g_steal_pointer (&in));

  return TRUE;
}

static gboolean
open_error (GError     **error,
            const char  *name,
            int          saved_errno)
{
  if (saved_errno == EACCES || saved_errno == EPERM)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("Cannot write the copy to “%s”: you do not have permission to write there"), name);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                 _("Cannot write the copy to “%s”: %s"), name, g_strerror (saved_errno));

  return FALSE;
}

/* A regular destination is written under a temporary name beside it; a
 * character device (/dev/null, /dev/full) in place. */
static gboolean
open_copy (LlCopyRun  *run,
           GError    **error)
{
  LlCopyRunPrivate *priv = run->priv;
  const char *path = g_file_peek_path (priv->destination);
  g_autofree char *name = g_file_get_parse_name (priv->destination);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  GStatBuf st;
  int fd;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot write the copy to “%s”: only local files are supported"), name);
      return FALSE;
    }

  if (g_stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot write the copy to “%s”: it is a folder"), name);
      return FALSE;
    }

  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      /* A pipe would make the open wait for a reader. */
      if (!S_ISCHR (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                       _("Cannot write the copy to “%s”: it is neither a regular file nor a device"), name);
          return FALSE;
        }
      fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
    }
  else
    {
      dir = g_path_get_dirname (path);
      base = g_path_get_basename (path);
      if (g_stat (dir, &st) != 0 && errno == ENOENT)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Cannot write the copy to “%s”: the folder “%s” does not exist"), name, dir);
          return FALSE;
        }
      if (g_stat (dir, &st) == 0 && !S_ISDIR (st.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                       _("Cannot write the copy to “%s”: “%s” is not a folder"), name, dir);
          return FALSE;
        }
      priv->temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      fd = g_mkstemp_full (priv->temp_path, O_WRONLY | O_CLOEXEC, 0666);
      if (fd < 0)
        g_clear_pointer (&priv->temp_path, g_free);
    }

  if (fd < 0)
    return open_error (error, name, errno);

  run->out = g_unix_output_stream_new (fd, TRUE);

  return TRUE;
}

/**
 * ll_copy_files_open:
 * @run: a run, preparing
 * @cancellable: (nullable): the run's
 * @error: where to say why the files cannot be opened
 *
 * Opens the source (LlCopyRun.in, LlCopyRun.total) and the copy
 * (LlCopyRun.out): blocking calls, for a worker thread.
 *
 * Returns: %TRUE if both are open
 */
gboolean
ll_copy_files_open (LlCopyRun     *run,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return open_source (run, cancellable, error) && open_copy (run, error);
}

/* SHA-256 of the file at @path, read back from the disk: in the finish
 * thread, once the copy is closed.  Not during the copy: hashing both
 * streams on the loop's thread took several times what the copying did
 * (GChecksum does about 340 MiB/s here, cp copies 512 MiB in a quarter
 * of a second), and the sums of the bytes that went through the buffer
 * would prove nothing the files themselves do not. */
static char *
file_digest (const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (LL_COPY_DEFAULT_CHUNK);
  gssize n;

  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, LL_COPY_DEFAULT_CHUNK, cancellable, error)) > 0)
    g_checksum_update (sum, buffer, n);
  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (sum));
}

/* Both files' sums, read back; %FALSE with @error if either fails. */
static gboolean
verify_copy (LlCopyRun     *run,
             const char    *path,
             GCancellable  *cancellable,
             GError       **error)
{
  LlCopyRunPrivate *priv = run->priv;
  g_autoptr(GError) local_error = NULL;

  priv->source_digest = file_digest (g_file_peek_path (priv->source), cancellable, &local_error);
  if (priv->source_digest != NULL)
    priv->copy_digest = file_digest (path, cancellable, &local_error);
  if (local_error == NULL)
    return TRUE;

  g_clear_pointer (&priv->source_digest, g_free);
  g_set_error (error, local_error->domain, local_error->code,
               _("Cannot read the files back to check the copy: %s"), local_error->message);

  return FALSE;
}

/* Closing */

/**
 * ll_copy_files_close:
 * @run: a run, finishing
 * @error: where to say why the copy could not be kept
 *
 * Closes both files; renames the copy into place, checks it against
 * the source (the run's digests), or deletes it.  Blocking calls, for a
 * worker thread.
 *
 * Returns: %TRUE if the copy is complete and in place (or written in
 *   place), and the check, if asked for, could read both files back
 */
gboolean
ll_copy_files_close (LlCopyRun  *run,
                     GError    **error)
{
  LlCopyRunPrivate *priv = run->priv;
  const char *path = g_file_peek_path (priv->destination);
  g_autofree char *name = g_file_get_parse_name (priv->destination);
  g_autoptr(GError) local_error = NULL;
  GError *close_error = NULL;

  if (run->in != NULL)
    g_input_stream_close (run->in, NULL, NULL);

  /* Closing reports what the disk deferred (a full disk on some file
   * systems); a failed copy has its error already. */
  if (run->out != NULL && priv->error == NULL)
    {
      if (!g_output_stream_close (run->out, NULL, &local_error))
        close_error = g_error_new (local_error->domain, local_error->code,
                                   _("Cannot write the copy “%s”: %s"), name, local_error->message);
    }
  else if (run->out != NULL)
    {
      g_output_stream_close (run->out, NULL, NULL);
    }

  if (priv->temp_path != NULL)
    {
      if (priv->error == NULL && close_error == NULL && g_rename (priv->temp_path, path) != 0)
        {
          int saved_errno = errno;

          close_error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                     _("Cannot move the copy into place as “%s”: %s"),
                                     name, g_strerror (saved_errno));
        }

      if (priv->error != NULL || close_error != NULL)
        g_unlink (priv->temp_path);
      else
        {
          if (priv->verify)
            verify_copy (run, path, run->cancellable, &close_error);
          if (!priv->keep_copy)
            priv->removed = g_unlink (path) == 0;
        }
    }

  if (close_error != NULL)
    {
      g_propagate_error (error, close_error);
      return FALSE;
    }

  return TRUE;
}

