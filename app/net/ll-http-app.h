/* ll-http-app.h: the notes' aiohttp application, in C
 *
 *   app.router.add_get ('/', index)               -> <h1>Index</h1>
 *   app.router.add_get ('/hello/{name}', hello)   -> <h1>hello, {name}!</h1>
 *
 * The server (ll-http-server.c) parses a request and hands its method
 * and target here; what comes back is the whole response, ready to
 * write.  Nothing here touches a socket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * LlHttpRoute:
 * @LL_HTTP_ROUTE_NONE: no route: the request was refused before routing
 * @LL_HTTP_ROUTE_INDEX: `/`
 * @LL_HTTP_ROUTE_HELLO: `/hello/{name}`
 * @LL_HTTP_ROUTE_NOT_FOUND: any other path
 *
 * Which handler answered.
 */
typedef enum
{
  LL_HTTP_ROUTE_NONE,
  LL_HTTP_ROUTE_INDEX,
  LL_HTTP_ROUTE_HELLO,
  LL_HTTP_ROUTE_NOT_FOUND,
} LlHttpRoute;

LlHttpRoute ll_http_app_route       (const char *method,
                                     const char *target,
                                     guint       block_ms,
                                     guint      *status,
                                     GString    *body);
void        ll_http_append_response (GString    *out,
                                     guint       status,
                                     const char *body,
                                     gsize       body_length,
                                     gboolean    head,
                                     gboolean    close);
const char *ll_http_reason          (guint       status);
gsize       ll_http_find_header_end (const char *data,
                                     gsize       length,
                                     gsize      *block);

G_END_DECLS
