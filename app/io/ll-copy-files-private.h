/* ll-copy-files-private.h: the run of the gio-chain copy, inside
 *
 * What ll-copy-model.c (the run, its messages and steps) and
 * ll-copy-files.c (its files, in a worker thread) both read.  The styles
 * see only LlCopyRun (ll-copy-model-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-copy-model-private.h"

G_BEGIN_DECLS

typedef enum
{
  RUN_PREPARING,   /* the worker thread opens the files */
  RUN_COPYING,     /* a style copies */
  RUN_FINISHING,   /* the worker thread closes the files */
  RUN_OVER,
} RunPhase;

struct _LlCopyRunPrivate
{
  gatomicrefcount      ref_count;

  /* borrowed: the model watching, NULL once it let go of the run */
  LlCopyModel         *model;
  /* borrowed: the coroutine style's task until it ends; the scheduler
   * holds it */
  LlCo                *task;

  /* owned references */
  LlScheduler         *scheduler;
  GFile               *source;
  GFile               *destination;
  GSource             *loop_counter;

  /* settings, copied at the start */
  LlCopyStyle          style;
  gboolean             keep_copy;
  gboolean             verify;

  /* the files; the worker thread alone touches them while it runs */
  char                *temp_path;       /* NULL when written in place */
  gboolean             removed;

  /* progress */
  RunPhase             phase;
  gboolean             cancelled;
  gboolean             start_pending;   /* step mode: the chain starts at a step */
  guint                n_reads;
  guint64              bytes_written;
  LlCopyDirection      failed_direction;
  guint64              request_iterations;
  gint64               arrival_time;
  guint                arrival_iterations;
  int                  complete_line;

  /* a completion kept for the next step */
  GAsyncReadyCallback  held_callback;
  GObject             *held_source;
  GAsyncResult        *held_result;
  gpointer             held_data;
  gboolean             releasing;

  /* the outcome */
  GError              *error;
  char                *source_digest;
  char                *copy_digest;
  gint64               end_time;
};

gboolean ll_copy_files_open    (LlCopyRun     *run,
                                GCancellable  *cancellable,
                                GError       **error);
gboolean ll_copy_files_close   (LlCopyRun     *run,
                                GError       **error);
GError  *ll_copy_files_explain (LlCopyRun     *run,
                                GError        *error);

G_END_DECLS
