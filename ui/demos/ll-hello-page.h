/* ll-hello-page.h: "Hello world, gathered tasks"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-hello-model.h"

G_BEGIN_DECLS

#define LL_TYPE_HELLO_PAGE (ll_hello_page_get_type ())

G_DECLARE_FINAL_TYPE (LlHelloPage, ll_hello_page, LL, HELLO_PAGE, LlDemoPage)

GtkWidget    *ll_hello_page_new       (LlLoopMonitor *monitor);
LlHelloModel *ll_hello_page_get_model (LlHelloPage   *self);
void          ll_hello_page_run       (LlHelloPage   *self,
                                       guint          n_tasks,
                                       guint          sleep_msec);

G_END_DECLS
