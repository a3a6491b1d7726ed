/* ll-workload-read.c: Read file, blocking and async
 *
 * Blocking: synchronous GIO calls in the click handler, one buffer
 * reused for every chunk; the loop waits for the disk (or the page
 * cache's copy) the whole time.
 *
 * Async: coroutines open the file and await g_input_stream_read_async()
 * chunk by chunk, into one large buffer each, reused.  GIO runs each
 * read of a local file in a worker thread and calls back on the loop, so
 * the loop only pays for the callbacks: a few microseconds per chunk.
 * Two things make it fast: chunks of megabytes, since every call costs a
 * thread hand-off and a loop iteration whatever its size, and two
 * readers, each with its own stream and its share of the file, so that
 * one copies a chunk while the other's next read is already under way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-workload"

#include "config.h"

#include <fcntl.h>

#include <glib/gi18n-lib.h>
#include <gio/gfiledescriptorbased.h>

#include "ll-workload-private.h"
#include "ll-workload-read.h"

struct _LlWorkloadRead
{
  LlWorkload  parent_instance;

  /* owned references */
  GFile      *file;

  /* settings */
  guint       chunk_size;
  guint       readers;

  /* what the run found */
  guint64     bytes;
};

G_DEFINE_FINAL_TYPE (LlWorkloadRead, ll_workload_read, LL_TYPE_WORKLOAD)

enum {
  PROP_0,
  PROP_FILE,
  PROP_CHUNK_SIZE,
  PROP_READERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define QUERY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_ACCESS_CAN_READ

/* A message that says which file and what is wrong with it, in words. */
static GError *
read_error (GFile        *file,
            const GError *error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        _("Cannot read “%s”: there is no such file"), name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                        _("Cannot read “%s”: it is a folder, not a file"), name);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                        _("Cannot read “%s”: you do not have permission to read it"), name);

  return g_error_new (error->domain, error->code, _("Cannot read “%s”: %s"), name, error->message);
}

/* Refuses what must not be read: a folder, and anything but a regular
 * file (opening a FIFO for reading would block until a writer comes). */
static gboolean
check_file_info (GFile      *file,
                 GFileInfo  *info,
                 GError    **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  GFileType type = g_file_info_get_file_type (info);

  if (type == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot read “%s”: it is a folder, not a file"), name);
      return FALSE;
    }

  if (type != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot read “%s”: it is not a regular file (a device, a pipe or a socket)"), name);
      return FALSE;
    }

  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
      !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Cannot read “%s”: you do not have permission to read it"), name);
      return FALSE;
    }

  return TRUE;
}

static void
advise_sequential (GInputStream *in,
                   goffset       offset,
                   goffset       length)
{
#ifdef POSIX_FADV_SEQUENTIAL
  /* A flag on the open file, not I/O: the kernel reads further ahead. */
  if (G_IS_FILE_DESCRIPTOR_BASED (in))
    posix_fadvise (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (in)),
                   offset, length, POSIX_FADV_SEQUENTIAL);
#endif
}

/* Blocking */

static void
read_blocking (LlWorkloadRead *self)
{
  LlWorkload *workload = LL_WORKLOAD (self);
  GCancellable *cancellable = _ll_workload_get_cancellable (workload);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buffer = NULL;
  GError *error = NULL;
  gssize n;

  /* Blocks the calling thread ON PURPOSE, at every call below: the
   * synchronous query, open and reads wait for the disk in the click
   * handler, and the window freezes until the whole file is read.
   * read_run() below is what to do instead.
   */

  /* Blocks, on purpose: a synchronous query. */
  info = g_file_query_info (self->file, QUERY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      _ll_workload_work_done (workload, read_error (self->file, local_error));
      return;
    }
  if (!check_file_info (self->file, info, &error))
    {
      _ll_workload_work_done (workload, error);
      return;
    }
  _ll_workload_set_total (workload, (guint64) g_file_info_get_size (info));

  /* Blocks, on purpose: a synchronous open. */
  in = g_file_read (self->file, cancellable, &local_error);
  if (in == NULL)
    {
      _ll_workload_work_done (workload, read_error (self->file, local_error));
      return;
    }
  advise_sequential (G_INPUT_STREAM (in), 0, 0);

  buffer = g_malloc (self->chunk_size);
  /* Blocks, on purpose: synchronous reads, one after another, to the end. */
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, self->chunk_size,
                                   cancellable, &local_error)) > 0)
    self->bytes += (guint64) n;

  if (n < 0)
    error = read_error (self->file, local_error);

  _ll_workload_work_done (workload, error);
}

/* Async: one reader per share of the file */

typedef struct
{
  LlCo              co;
  LlWorkloadRead   *workload;   /* the run holds it until this finishes */
  GFileInputStream *in;
  guint8           *buffer;     /* GIO writes here after we returned: heap */
  gsize             chunk;
  goffset           pos;
  goffset           end;
} ReaderFrame;

static LlCoStatus
reader_run (LlCo *co)
{
  ReaderFrame *f = (ReaderFrame *) co;
  LlWorkloadRead *self = f->workload;
  g_autoptr(GError) error = NULL;
  gssize n;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_file_read_async, self->file, G_PRIORITY_DEFAULT);
  f->in = g_file_read_finish (self->file, LL_CO_RESULT (co), &error);
  if (f->in == NULL)
    return ll_co_fail (co, read_error (self->file, error));

  advise_sequential (G_INPUT_STREAM (f->in), f->pos, f->end - f->pos);
  /* lseek(): it moves an offset, it never waits for the disk. */
  if (f->pos > 0 && !g_seekable_seek (G_SEEKABLE (f->in), f->pos, G_SEEK_SET, NULL, &error))
    return ll_co_fail (co, read_error (self->file, error));

  f->buffer = g_malloc (f->chunk);

  while (f->pos < f->end)
    {
      LL_CO_AWAIT_ASYNC (co, g_input_stream_read_async,
                         G_INPUT_STREAM (f->in), f->buffer,
                         (gsize) MIN ((goffset) f->chunk, f->end - f->pos), G_PRIORITY_DEFAULT);
      n = g_input_stream_read_finish (G_INPUT_STREAM (f->in), LL_CO_RESULT (co), &error);
      if (n < 0)
        return ll_co_fail (co, read_error (self->file, error));
      if (n == 0)
        break;   /* the file shrank while we read it */

      f->pos += n;
      self->bytes += (guint64) n;
      _ll_workload_set_done (LL_WORKLOAD (self), self->bytes);
    }

  LL_CO_END (co);
}

static void
reader_cleanup (LlCo *co)
{
  ReaderFrame *f = (ReaderFrame *) co;

  /* No read is pending any more: closing the stream is a close(). */
  g_clear_object (&f->in);
  g_clear_pointer (&f->buffer, g_free);
}

/* Async: look at the file first, then share it out */

typedef struct
{
  LlCo            co;
  LlWorkloadRead *workload;   /* the run holds it until this finishes */
} OpenFrame;

static void
spawn_readers (LlWorkloadRead *self,
               goffset         size)
{
  goffset chunk = self->chunk_size;
  goffset share = (size / self->readers + chunk - 1) / chunk * chunk;

  share = MAX (share, chunk);

  for (goffset pos = 0; pos < size; pos += share)
    {
      ReaderFrame *f = ll_co_new (ReaderFrame, reader_run, reader_cleanup);

      f->workload = self;
      f->chunk = self->chunk_size;
      f->pos = pos;
      f->end = MIN (pos + share, size);
      ll_co_set_name (&f->co, "read-file");
      _ll_workload_add_task (LL_WORKLOAD (self), &f->co);
      ll_co_unref (&f->co);
    }
}

static LlCoStatus
read_run (LlCo *co)
{
  OpenFrame *f = (OpenFrame *) co;
  LlWorkloadRead *self = f->workload;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  GError *check_error = NULL;

  LL_CO_BEGIN (co);

  LL_CO_AWAIT_ASYNC (co, g_file_query_info_async,
                     self->file, QUERY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT);
  info = g_file_query_info_finish (self->file, LL_CO_RESULT (co), &error);
  if (info == NULL)
    return ll_co_fail (co, read_error (self->file, error));
  if (!check_file_info (self->file, info, &check_error))
    return ll_co_fail (co, check_error);

  _ll_workload_set_total (LL_WORKLOAD (self), (guint64) g_file_info_get_size (info));
  spawn_readers (self, g_file_info_get_size (info));

  LL_CO_END (co);
}

static void
ll_workload_read_start (LlWorkload *workload)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (workload);
  OpenFrame *f;

  self->bytes = 0;

  if (ll_workload_get_mode (workload) == LL_WORKLOAD_MODE_BLOCKING)
    {
      read_blocking (self);
      return;
    }

  f = ll_co_new (OpenFrame, read_run, NULL);
  f->workload = self;
  ll_co_set_name (&f->co, "read-file-open");
  _ll_workload_add_task (workload, &f->co);
  ll_co_unref (&f->co);
}

static gboolean
ll_workload_read_check (LlWorkload  *workload,
                        GError     **error)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (workload);

  if (self->file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No file to read: choose one, or generate the sample file first"));
      return FALSE;
    }

  return TRUE;
}

static void
ll_workload_read_fill_result (LlWorkload       *workload,
                              LlWorkloadResult *result)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (workload);

  result->bytes = self->bytes;
  if (result->duration > 0)
    result->throughput = result->bytes / (result->duration / (double) G_TIME_SPAN_SECOND);
}

/* GObject */

static void
ll_workload_read_dispose (GObject *object)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (object);

  g_clear_object (&self->file);

  G_OBJECT_CLASS (ll_workload_read_parent_class)->dispose (object);
}

static void
ll_workload_read_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_READERS:
      g_value_set_uint (value, self->readers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_read_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LlWorkloadRead *self = LL_WORKLOAD_READ (object);

  switch (prop_id)
    {
    case PROP_FILE:
      ll_workload_read_set_file (self, g_value_get_object (value));
      break;
    case PROP_CHUNK_SIZE:
      ll_workload_read_set_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_READERS:
      ll_workload_read_set_readers (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_workload_read_class_init (LlWorkloadReadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  LlWorkloadClass *workload_class = LL_WORKLOAD_CLASS (klass);

  object_class->dispose = ll_workload_read_dispose;
  object_class->get_property = ll_workload_read_get_property;
  object_class->set_property = ll_workload_read_set_property;

  workload_class->kind = LL_WORKLOAD_KIND_READ;
  workload_class->modes = LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_BLOCKING) |
                          LL_WORKLOAD_MODE_BIT (LL_WORKLOAD_MODE_ASYNC);
  workload_class->handler_name = "read_file_blocking";
  workload_class->check = ll_workload_read_check;
  workload_class->start = ll_workload_read_start;
  workload_class->fill_result = ll_workload_read_fill_result;

  /**
   * LlWorkloadRead:file:
   *
   * The file a read run reads.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadRead:chunk-size:
   *
   * Bytes per read call.  Each reader reuses one buffer of this size.
   */
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL,
                       4096, LL_WORKLOAD_MAX_CHUNK, LL_WORKLOAD_DEFAULT_CHUNK,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * LlWorkloadRead:readers:
   *
   * How many coroutines read an async read run's file at once, each its
   * own share of it: with two, one chunk is copied while the next is
   * already being read.
   */
  properties[PROP_READERS] =
    g_param_spec_uint ("readers", NULL, NULL,
                       1, LL_WORKLOAD_MAX_READERS, LL_WORKLOAD_DEFAULT_READERS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_workload_read_init (LlWorkloadRead *self)
{
  self->chunk_size = LL_WORKLOAD_DEFAULT_CHUNK;
  self->readers = LL_WORKLOAD_DEFAULT_READERS;
}

/**
 * ll_workload_read_get_file:
 * @self: a #LlWorkloadRead
 *
 * Returns: (transfer none) (nullable): the file a read run reads
 */
GFile *
ll_workload_read_get_file (LlWorkloadRead *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_READ (self), NULL);

  return self->file;
}

/**
 * ll_workload_read_set_file:
 * @self: a #LlWorkloadRead
 * @file: (nullable): the file to read (the sample file, or one the user
 *   chose)
 */
void
ll_workload_read_set_file (LlWorkloadRead *self,
                           GFile          *file)
{
  g_return_if_fail (LL_IS_WORKLOAD_READ (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

guint
ll_workload_read_get_chunk_size (LlWorkloadRead *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_READ (self), 0);

  return self->chunk_size;
}

/**
 * ll_workload_read_set_chunk_size:
 * @self: a #LlWorkloadRead
 * @chunk_size: bytes per read call, 4096 to %LL_WORKLOAD_MAX_CHUNK
 */
void
ll_workload_read_set_chunk_size (LlWorkloadRead *self,
                                 guint           chunk_size)
{
  g_return_if_fail (LL_IS_WORKLOAD_READ (self));
  g_return_if_fail (chunk_size >= 4096 && chunk_size <= LL_WORKLOAD_MAX_CHUNK);

  if (self->chunk_size == chunk_size)
    return;

  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

guint
ll_workload_read_get_readers (LlWorkloadRead *self)
{
  g_return_val_if_fail (LL_IS_WORKLOAD_READ (self), 0);

  return self->readers;
}

/**
 * ll_workload_read_set_readers:
 * @self: a #LlWorkloadRead
 * @readers: coroutines reading at once, 1 to %LL_WORKLOAD_MAX_READERS
 */
void
ll_workload_read_set_readers (LlWorkloadRead *self,
                              guint           readers)
{
  g_return_if_fail (LL_IS_WORKLOAD_READ (self));
  g_return_if_fail (readers >= 1 && readers <= LL_WORKLOAD_MAX_READERS);

  if (self->readers == readers)
    return;

  self->readers = readers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READERS]);
}
