/* ll-countdown-page.h: "Countdown", a generator fed without blocking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-countdown-model.h"
#include "ll-demo-page.h"

G_BEGIN_DECLS

#define LL_TYPE_COUNTDOWN_PAGE (ll_countdown_page_get_type ())

G_DECLARE_FINAL_TYPE (LlCountdownPage, ll_countdown_page, LL, COUNTDOWN_PAGE, LlDemoPage)

GtkWidget        *ll_countdown_page_new       (LlLoopMonitor   *monitor);
LlCountdownModel *ll_countdown_page_get_model (LlCountdownPage *self);
void              ll_countdown_page_start     (LlCountdownPage *self,
                                               guint            from);

G_END_DECLS
