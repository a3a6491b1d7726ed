/* ll-switch-cost-page.h: "The cost of a switch"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ll-demo-page.h"
#include "ll-log-plot.h"
#include "ll-switch-cost-model.h"

G_BEGIN_DECLS

#define LL_TYPE_SWITCH_COST_PAGE (ll_switch_cost_page_get_type ())

G_DECLARE_FINAL_TYPE (LlSwitchCostPage, ll_switch_cost_page, LL, SWITCH_COST_PAGE, LlDemoPage)

GtkWidget         *ll_switch_cost_page_new       (LlLoopMonitor    *monitor);
LlSwitchCostModel *ll_switch_cost_page_get_model (LlSwitchCostPage *self);
LlLogPlot         *ll_switch_cost_page_get_plot  (LlSwitchCostPage *self);

G_END_DECLS
