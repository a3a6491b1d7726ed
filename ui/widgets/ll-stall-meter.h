/* ll-stall-meter.h: how long the loop last stood still, on a log scale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-chart.h"

G_BEGIN_DECLS

#define LL_TYPE_STALL_METER (ll_stall_meter_get_type ())

G_DECLARE_FINAL_TYPE (LlStallMeter, ll_stall_meter, LL, STALL_METER, LlChart)

GtkWidget  *ll_stall_meter_new                 (LlLoopMonitor *monitor);
gint64      ll_stall_meter_get_lag             (LlStallMeter  *self);
gint64      ll_stall_meter_get_last_stall      (LlStallMeter  *self);
const char *ll_stall_meter_get_last_handler    (LlStallMeter  *self);
gint64      ll_stall_meter_get_last_stall_time (LlStallMeter  *self);
void        ll_stall_meter_reset               (LlStallMeter  *self);

G_END_DECLS
