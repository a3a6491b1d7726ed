/* ll-message-loop-page.h: "The message loop, live"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_MESSAGE_LOOP_PAGE (ll_message_loop_page_get_type ())

G_DECLARE_FINAL_TYPE (LlMessageLoopPage, ll_message_loop_page, LL, MESSAGE_LOOP_PAGE, LlDemoPage)

GtkWidget *ll_message_loop_page_new            (LlLoopMonitor     *monitor);
void       ll_message_loop_page_freeze         (LlMessageLoopPage *self,
                                                double             seconds);
guint      ll_message_loop_page_get_n_inputs   (LlMessageLoopPage *self);

G_END_DECLS
