/* ll-fd-watch.h: awaiting a socket's readiness, as a GIO _async/_finish pair
 *
 * A coroutine that reads a socket without blocking tries the read first
 * (g_socket_receive() on a non-blocking socket) and, only when it would
 * block, awaits the socket becoming readable:
 *
 *   LL_CO_AWAIT (co, ll_fd_watch_wait_async (f->watch, G_IO_IN, deadline,
 *                                            ll_co_async_ready, co));
 *   if (!ll_fd_watch_wait_finish (f->watch, LL_CO_RESULT (co), &error))
 *     ...   // timed out, or the watch was closed
 *
 * GIO's own g_input_stream_read_async() does the same for a socket, with
 * one GTask and one GSource per call.  An LlFdWatch keeps ONE source for
 * the whole life of a connection, attached once, and only changes which
 * condition it polls for: attaching a source costs a walk of the
 * context's list of file descriptors, which at ten thousand connections
 * is more than the request it waits for.
 *
 * A watch belongs to one GMainContext and one thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LlFdWatch LlFdWatch;

LlFdWatch *ll_fd_watch_new         (int                  fd,
                                    GMainContext        *context);
void       ll_fd_watch_free        (LlFdWatch           *watch);
void       ll_fd_watch_wait_async  (LlFdWatch           *watch,
                                    GIOCondition         condition,
                                    gint64               deadline,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   ll_fd_watch_wait_finish (LlFdWatch           *watch,
                                    GAsyncResult        *result,
                                    GError             **error);
gboolean   ll_fd_watch_is_waiting  (LlFdWatch           *watch);
void       ll_fd_watch_close       (LlFdWatch           *watch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlFdWatch, ll_fd_watch_free)

G_END_DECLS
