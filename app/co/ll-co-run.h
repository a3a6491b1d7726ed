/* ll-co-run.h: a coroutine as a GIO asynchronous operation
 *
 * For code written in GIO's style (GTK's, a GAsyncReadyCallback): start a
 * coroutine with ll_co_run_async() and read its result in the callback
 * with ll_co_run_finish(), as with any `_async` / `_finish` pair.
 * Cancelling the #GCancellable cancels the coroutine.
 *
 * |[<!-- language="C" -->
 * static void
 * on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   const char *body = ll_co_run_finish (result, &error);
 *   ...
 * }
 *
 * g_autoptr(LlCo) fetch = fetch_new (url);
 * ll_co_run_async (fetch, scheduler, self->cancellable, on_fetched, self);
 * ]|
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"

G_BEGIN_DECLS

void      ll_co_run_async   (LlCo                 *co,
                             LlScheduler          *scheduler,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data);
gpointer  ll_co_run_finish  (GAsyncResult         *result,
                             GError              **error);

G_END_DECLS
