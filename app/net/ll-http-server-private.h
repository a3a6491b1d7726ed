/* ll-http-server-private.h: what the server and its connections share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-co.h"
#include "ll-http-server.h"

G_BEGIN_DECLS

/* The connection's coroutine (ll-http-connection.c) */
LlCo    *ll_http_connection_new           (LlHttpServer         *server,
                                           GSocket              *socket,
                                           guint64               id,
                                           guint                 refuse_with);
void     ll_http_connection_close         (LlCo                 *co);
void     ll_http_connection_get_info      (LlCo                 *co,
                                           LlHttpConnectionInfo *info);

/* What a connection asks of its server */
void     _ll_http_server_get_limits       (LlHttpServer         *self,
                                           gint64               *header_timeout,
                                           gint64               *idle_timeout);
void     _ll_http_server_count_request    (LlHttpServer         *self);
void     _ll_http_server_connection_ended (LlHttpServer         *self,
                                           LlCo                 *co,
                                           gboolean              served);

G_END_DECLS
