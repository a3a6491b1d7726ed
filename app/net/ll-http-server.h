/* ll-http-server.h: the single-threaded HTTP server of the notes
 *
 * HTTP/1.1 with keep-alive and pipelining, one coroutine per
 * connection, every one of them on the GMainContext of the scheduler
 * the server is given: one thread, however many connections.  It
 * answers the notes' routes (ll-http-app.c) and listens on the loopback
 * addresses only, 127.0.0.1 and ::1.
 *
 * The server is used from the thread of its scheduler's context, and
 * started there (that context the thread-default one).  Call
 * ll_http_server_stop() before dropping the last reference: every
 * connection holds one until it has closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ll-scheduler.h"

G_BEGIN_DECLS

/* Request line and headers, at most; beyond, 431. */
#define LL_HTTP_MAX_HEADER             8192
/* A request body (on a GET it is read and dropped), at most; beyond, 413. */
#define LL_HTTP_MAX_BODY               (1024 * 1024)
/* From a request's first byte to the end of its headers; then closed. */
#define LL_HTTP_HEADER_TIMEOUT_MS      10000
/* A kept-alive connection with no request under way; then closed. */
#define LL_HTTP_IDLE_TIMEOUT_MS        30000
/* Connections open at once; beyond, 503 and closed. */
#define LL_HTTP_MAX_CONNECTIONS        10000
/* The kernel's queue of connections not accepted yet.  SoupServer and
 * GSocketListener ask for 10: at 100 clients connecting at once, those
 * beyond wait for a SYN retry, a second later.  Linux caps it at
 * net.core.somaxconn (4096 on Debian 12). */
#define LL_HTTP_BACKLOG                4096
/* The time slice of the server's scheduler, in µs.  Each turn of the
 * loop between two slices polls and checks every connection's source,
 * hundreds of microseconds at a thousand connections: the scheduler's
 * default of 0.5 ms spent more than half the thread there.  Measured
 * with wrk at 1 000 connections, 2 ms more than doubled the requests
 * answered and halved the p99; no other source of the server's loop
 * needs to run sooner. */
#define LL_HTTP_TIME_SLICE             (2 * G_TIME_SPAN_MILLISECOND)

/**
 * LlHttpConnectionState:
 * @LL_HTTP_CONNECTION_READING: reading a request (some of it has come)
 * @LL_HTTP_CONNECTION_HANDLING: a handler runs
 * @LL_HTTP_CONNECTION_WRITING: writing the answers: the client does not
 *   read them as fast
 * @LL_HTTP_CONNECTION_IDLE: waiting for the next request (keep-alive)
 *
 * What a connection's coroutine is doing.
 */
typedef enum
{
  LL_HTTP_CONNECTION_READING,
  LL_HTTP_CONNECTION_HANDLING,
  LL_HTTP_CONNECTION_WRITING,
  LL_HTTP_CONNECTION_IDLE,
} LlHttpConnectionState;

/**
 * LlHttpConnectionInfo:
 * @id: the connection's number, from 1, in the order they were accepted
 * @state: what its coroutine does
 * @requests: requests answered
 * @bytes_in: bytes read
 * @bytes_out: bytes written
 *
 * One open connection, as ll_http_server_list_connections() sees it.
 */
typedef struct
{
  guint64               id;
  LlHttpConnectionState state;
  guint64               requests;
  guint64               bytes_in;
  guint64               bytes_out;
} LlHttpConnectionInfo;

#define LL_TYPE_HTTP_CONNECTION_STATE (ll_http_connection_state_get_type ())
GType ll_http_connection_state_get_type (void) G_GNUC_CONST;

#define LL_TYPE_HTTP_SERVER (ll_http_server_get_type ())
G_DECLARE_FINAL_TYPE (LlHttpServer, ll_http_server, LL, HTTP_SERVER, GObject)

LlHttpServer *ll_http_server_new                (LlScheduler   *scheduler);
LlScheduler  *ll_http_server_get_scheduler      (LlHttpServer  *self);

gboolean      ll_http_check_address             (const char    *address,
                                                 GError       **error);
gboolean      ll_http_socket_bind               (GSocket       *socket,
                                                 GSocketAddress *address,
                                                 gboolean       reuse_port,
                                                 GError       **error);
void          ll_http_server_set_address        (LlHttpServer  *self,
                                                 const char    *address);
void          ll_http_server_set_port           (LlHttpServer  *self,
                                                 guint          port);
void          ll_http_server_set_reuse_port     (LlHttpServer  *self,
                                                 gboolean       reuse_port);
void          ll_http_server_set_block_ms       (LlHttpServer  *self,
                                                 guint          block_ms);
guint         ll_http_server_get_block_ms       (LlHttpServer  *self);
void          ll_http_server_set_max_connections (LlHttpServer *self,
                                                 guint          max_connections);
void          ll_http_server_set_timeouts       (LlHttpServer  *self,
                                                 guint          header_ms,
                                                 guint          idle_ms);

gboolean      ll_http_server_start              (LlHttpServer  *self,
                                                 GError       **error);
void          ll_http_server_stop               (LlHttpServer  *self);
gboolean      ll_http_server_is_running         (LlHttpServer  *self);
guint         ll_http_server_get_port           (LlHttpServer  *self);
char         *ll_http_server_get_url            (LlHttpServer  *self);

guint         ll_http_server_get_n_connections  (LlHttpServer  *self);
guint64       ll_http_server_get_n_accepted     (LlHttpServer  *self);
guint64       ll_http_server_get_n_requests     (LlHttpServer  *self);
guint64       ll_http_server_get_n_refused      (LlHttpServer  *self);
GArray       *ll_http_server_list_connections   (LlHttpServer  *self);

G_END_DECLS
