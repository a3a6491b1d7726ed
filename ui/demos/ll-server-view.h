/* ll-server-view.h: the server page's chart and its connections
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-http-server-thread.h"

G_BEGIN_DECLS

#define LL_TYPE_SERVER_CHART (ll_server_chart_get_type ())
G_DECLARE_FINAL_TYPE (LlServerChart, ll_server_chart, LL, SERVER_CHART, GtkWidget)

GtkWidget *ll_server_chart_new   (void);
void       ll_server_chart_clear (LlServerChart *self);
void       ll_server_chart_add   (LlServerChart *self,
                                  gint64         time,
                                  double         rate,
                                  gint64         p50,
                                  gint64         p99);

#define LL_TYPE_SERVER_CONNECTIONS (ll_server_connections_get_type ())
G_DECLARE_FINAL_TYPE (LlServerConnections, ll_server_connections, LL, SERVER_CONNECTIONS, GtkWidget)

GtkWidget *ll_server_connections_new (void);
void       ll_server_connections_set (LlServerConnections         *self,
                                      const LlHttpServerSnapshot **snapshots,
                                      guint                        n_snapshots);

const char *ll_server_state_get_label (LlHttpConnectionState state);

G_END_DECLS
