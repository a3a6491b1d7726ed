/* ll-courier-page.h: "Courier deliveries", the notes' couriers animated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-courier-model.h"
#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_COURIER_PAGE (ll_courier_page_get_type ())

G_DECLARE_FINAL_TYPE (LlCourierPage, ll_courier_page, LL, COURIER_PAGE, LlDemoPage)

GtkWidget      *ll_courier_page_new       (LlLoopMonitor *monitor);
LlCourierModel *ll_courier_page_get_model (LlCourierPage *self);
GtkWidget      *ll_courier_page_get_view  (LlCourierPage *self);
char           *ll_courier_page_dup_log   (LlCourierPage *self);
void            ll_courier_page_start     (LlCourierPage *self);
void            ll_courier_page_reset     (LlCourierPage *self);

G_END_DECLS
