/* ll-interleave-page.h: "Interleaving", two coroutines stepped by a schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-interleave-model.h"
#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_INTERLEAVE_PAGE (ll_interleave_page_get_type ())

G_DECLARE_FINAL_TYPE (LlInterleavePage, ll_interleave_page, LL, INTERLEAVE_PAGE, LlDemoPage)

GtkWidget         *ll_interleave_page_new       (LlLoopMonitor    *monitor);
LlInterleaveModel *ll_interleave_page_get_model (LlInterleavePage *self);

G_END_DECLS
