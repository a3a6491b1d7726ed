/* ll-http-server-thread.h: the server on a thread and a loop of its own
 *
 * A window that served on its own loop would make its drawing part of
 * what it measures, and a blocking handler would freeze the window with
 * the server.  So the server page runs the server here: a thread, its
 * GMainContext (thread-default there), a scheduler on it, the server,
 * and a loop monitor that measures that loop's lag.  `looplab-cli serve`
 * runs the same server on its process's main loop instead.
 *
 * The owner's thread never waits for the server's: what the server is
 * doing is published as an #LlHttpServerSnapshot ten times a second, and
 * ll_http_server_thread_get_snapshot() reads the newest.  When a
 * blocking handler holds the server's thread, the snapshot grows old,
 * which is how the page sees the stall.  ll_http_server_thread_call()
 * runs a function on the server's thread and waits for it: for the
 * tests, and to start and stop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-http-server.h"
#include "ll-lag-series.h"

G_BEGIN_DECLS

/* Rows of connections a snapshot lists, the first accepted; the others
 * are only counted. */
#define LL_HTTP_SNAPSHOT_MAX_ROWS 300

/**
 * LlHttpServerSnapshot:
 * @time: when the server's thread took it (monotonic µs)
 * @port: the port it listens on
 * @n_connections: connections open
 * @n_accepted: connections accepted since it started
 * @n_requests: requests answered since it started
 * @n_refused: connections refused with 503
 * @n_by_state: open connections in each #LlHttpConnectionState
 * @connections: (element-type LlHttpConnectionInfo): the first
 *   %LL_HTTP_SNAPSHOT_MAX_ROWS open connections, by id
 * @lag: the server loop's timer lag over the last second
 *
 * What the server was doing, at one moment.
 */
typedef struct
{
  gint64      time;
  guint       port;
  guint       n_connections;
  guint64     n_accepted;
  guint64     n_requests;
  guint64     n_refused;
  guint       n_by_state[4];
  GArray     *connections;
  LlLagStats  lag;
} LlHttpServerSnapshot;

#define LL_TYPE_HTTP_SERVER_SNAPSHOT (ll_http_server_snapshot_get_type ())
GType                 ll_http_server_snapshot_get_type (void) G_GNUC_CONST;
LlHttpServerSnapshot *ll_http_server_snapshot_ref      (LlHttpServerSnapshot *snapshot);
void                  ll_http_server_snapshot_unref    (LlHttpServerSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlHttpServerSnapshot, ll_http_server_snapshot_unref)

typedef struct _LlHttpServerThread LlHttpServerThread;

/**
 * LlHttpServerFunc:
 * @server: the server, on its thread
 * @user_data: the data given with the function
 *
 * Runs on the server's thread.
 */
typedef void (*LlHttpServerFunc) (LlHttpServer *server,
                                  gpointer      user_data);

LlHttpServerThread   *ll_http_server_thread_start        (LlHttpServerFunc     setup,
                                                          gpointer             user_data,
                                                          GError             **error);
void                  ll_http_server_thread_stop         (LlHttpServerThread  *self);
void                  ll_http_server_thread_call         (LlHttpServerThread  *self,
                                                          LlHttpServerFunc     func,
                                                          gpointer             user_data);
guint                 ll_http_server_thread_get_port     (LlHttpServerThread  *self);
char                 *ll_http_server_thread_get_url      (LlHttpServerThread  *self);
void                  ll_http_server_thread_set_block_ms (LlHttpServerThread  *self,
                                                          guint                block_ms);
LlHttpServerSnapshot *ll_http_server_thread_get_snapshot (LlHttpServerThread  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlHttpServerThread, ll_http_server_thread_stop)

G_END_DECLS
