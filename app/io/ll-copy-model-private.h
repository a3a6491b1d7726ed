/* ll-copy-model-private.h: what the copy's two styles share with the model
 *
 * LlCopyModel spans three files.  ll-copy-model.c opens the files, holds
 * the messages and the steps, and closes the files; the copy itself, the
 * part a student reads, is written twice: as a chain of callbacks
 * (ll-copy-callbacks.c) and as a coroutine (ll-copy-coroutine.c).  A
 * style is handed an #LlCopyRun with both files open, copies
 * LlCopyRun.total bytes through its buffer, reports each message, and
 * ends with ll_copy_run_done().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-copy-model.h"

G_BEGIN_DECLS

typedef struct _LlCopyRunPrivate LlCopyRunPrivate;

/**
 * LlCopyRun:
 * @in: the source, open
 * @out: the copy, open (a temporary file beside the destination)
 * @cancellable: cancelled by ll_copy_model_cancel() and when the model
 *   goes away; pass it to every call (the coroutine passes its own,
 *   which ll_copy_model_cancel() cancels too)
 * @buffer: one chunk; GIO fills and empties it in a worker thread after
 *   the call returned, so it lives on the heap, as long as the run
 * @chunk_size: the size of @buffer
 * @total: the source's size when it was opened: the copy reads that
 *   much, and a source that has less by then shrank
 *
 * One copy.  It outlives its model if the model goes away in the middle
 * (the IO under way still uses the buffer): it then runs to its end
 * unwatched, and deletes the partial copy.
 */
typedef struct
{
  GInputStream     *in;
  GOutputStream    *out;
  GCancellable     *cancellable;
  guint8           *buffer;
  gsize             chunk_size;
  guint64           total;

  /*< private >*/
  LlCopyRunPrivate *priv;
} LlCopyRun;

LlCopyRun *ll_copy_run_ref            (LlCopyRun           *run);
void       ll_copy_run_unref          (LlCopyRun           *run);
void       ll_copy_run_done           (LlCopyRun           *run,
                                       GError              *error);
GError    *ll_copy_run_shrank         (LlCopyRun           *run,
                                       guint64              copied);

/* The messages, each with the line of its statement in the style's file */
void       ll_copy_report_request     (LlCopyRun           *run,
                                       LlCopyDirection      direction,
                                       gsize                size,
                                       int                  line);
gboolean   ll_copy_hold               (LlCopyRun           *run,
                                       GAsyncReadyCallback  callback,
                                       GObject             *source_object,
                                       GAsyncResult        *result,
                                       gpointer             user_data,
                                       int                  line);
void       ll_copy_report_finish      (LlCopyRun           *run,
                                       LlCopyDirection      direction,
                                       gssize               count,
                                       const GError        *error,
                                       int                  line);
void       ll_copy_report_resume      (LlCopyRun           *run,
                                       LlCopyDirection      direction,
                                       gsize                count,
                                       int                  line);

/* The coroutine's ready callback: @user_data is the run */
void       ll_copy_wake               (GObject             *source_object,
                                       GAsyncResult        *result,
                                       gpointer             user_data);

/* The styles */
void       ll_copy_callbacks_start    (LlCopyRun           *run);
LlCo      *ll_copy_coroutine_new      (LlCopyRun           *run);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCopyRun, ll_copy_run_unref)

G_END_DECLS
