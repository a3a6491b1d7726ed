/* ll-sample-file.h: the large file the Read file workload reads
 *
 * Generated on first use in the user's cache directory
 * (`$XDG_CACHE_HOME/looplab/sample-256MiB.bin`), in a worker thread so
 * that the loop never waits for the disk, with progress and
 * cancellation.  A regular file is written under a temporary name beside
 * the target and renamed at the end: an error, a full disk or a cancel
 * leaves nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_MIB G_GUINT64_CONSTANT (1048576)

/**
 * LL_SAMPLE_FILE_MIN_SIZE:
 *
 * The smallest sample file the page offers (the tests and the CLI may
 * ask for less).
 */
#define LL_SAMPLE_FILE_MIN_SIZE      (64 * LL_MIB)
#define LL_SAMPLE_FILE_DEFAULT_SIZE  (256 * LL_MIB)
#define LL_SAMPLE_FILE_MAX_SIZE      (1024 * LL_MIB)

GFile    *ll_sample_file_get_default      (guint64                size);

void      ll_sample_file_generate_async   (GFile                 *file,
                                           guint64                size,
                                           int                    io_priority,
                                           GCancellable          *cancellable,
                                           GFileProgressCallback  progress_callback,
                                           gpointer               progress_data,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean  ll_sample_file_generate_finish  (GFile                 *file,
                                           GAsyncResult          *result,
                                           GError               **error);

void      ll_sample_file_ensure_async     (GFile                 *file,
                                           guint64                size,
                                           int                    io_priority,
                                           GCancellable          *cancellable,
                                           GFileProgressCallback  progress_callback,
                                           gpointer               progress_data,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean  ll_sample_file_ensure_finish    (GFile                 *file,
                                           GAsyncResult          *result,
                                           gboolean              *generated,
                                           GError               **error);

G_END_DECLS
