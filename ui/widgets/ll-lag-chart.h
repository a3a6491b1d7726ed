/* ll-lag-chart.h: the loop lag of the last half minute, on a log scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-chart.h"

G_BEGIN_DECLS

#define LL_TYPE_LAG_CHART (ll_lag_chart_get_type ())

G_DECLARE_FINAL_TYPE (LlLagChart, ll_lag_chart, LL, LAG_CHART, LlChart)

GtkWidget *ll_lag_chart_new (LlLoopMonitor *monitor);

G_END_DECLS
