/* ll-sax-bus-page.h: "Event dispatching: XML streamed into coroutines"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-sax-bus-model.h"

G_BEGIN_DECLS

#define LL_TYPE_SAX_BUS_PAGE (ll_sax_bus_page_get_type ())

G_DECLARE_FINAL_TYPE (LlSaxBusPage, ll_sax_bus_page, LL, SAX_BUS_PAGE, LlDemoPage)

GtkWidget     *ll_sax_bus_page_new       (LlLoopMonitor *monitor);
LlSaxBusModel *ll_sax_bus_page_get_model (LlSaxBusPage  *self);
void           ll_sax_bus_page_set_file  (LlSaxBusPage  *self,
                                          GFile         *file);
void           ll_sax_bus_page_run       (LlSaxBusPage  *self,
                                          LlSaxBusMethod method);

G_END_DECLS
