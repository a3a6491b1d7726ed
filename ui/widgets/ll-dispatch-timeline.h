/* ll-dispatch-timeline.h: the handlers the loop dispatched, lane by lane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-chart.h"

G_BEGIN_DECLS

#define LL_TYPE_DISPATCH_TIMELINE (ll_dispatch_timeline_get_type ())

G_DECLARE_FINAL_TYPE (LlDispatchTimeline, ll_dispatch_timeline, LL, DISPATCH_TIMELINE, LlChart)

GtkWidget *ll_dispatch_timeline_new (LlLoopMonitor *monitor);

G_END_DECLS
