/* ll-server-page.h: "A single-threaded server"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-http-load.h"
#include "ll-http-server-thread.h"

G_BEGIN_DECLS

/* How long the blocking handler sleeps in each /hello, in milliseconds. */
#define LL_SERVER_PAGE_BLOCK_MS 50

#define LL_TYPE_SERVER_PAGE (ll_server_page_get_type ())

G_DECLARE_FINAL_TYPE (LlServerPage, ll_server_page, LL, SERVER_PAGE, LlDemoPage)

GtkWidget          *ll_server_page_new           (LlLoopMonitor *monitor);
gboolean            ll_server_page_start_server  (LlServerPage  *self,
                                                  guint          workers,
                                                  GError       **error);
void                ll_server_page_stop_server   (LlServerPage  *self);
gboolean            ll_server_page_start_load    (LlServerPage  *self,
                                                  guint          clients,
                                                  guint          duration_ms,
                                                  GError       **error);
guint               ll_server_page_get_n_workers (LlServerPage  *self);
LlHttpServerThread *ll_server_page_get_worker    (LlServerPage  *self,
                                                  guint          index);
LlHttpLoad         *ll_server_page_get_load      (LlServerPage  *self);
char               *ll_server_page_get_url       (LlServerPage  *self);

G_END_DECLS
