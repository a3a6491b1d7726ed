/* ll-chart.h: the base of the widgets that chart the loop on the frame clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ll-loop-monitor.h"

G_BEGIN_DECLS

#define LL_TYPE_CHART (ll_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (LlChart, ll_chart, LL, CHART, GtkWidget)

/**
 * LlChartClass:
 * @parent_class: the parent class
 * @tick: called on every frame while the chart is on screen; it queues
 *   a redraw only if a pixel would change (the default does nothing)
 */
struct _LlChartClass
{
  GtkWidgetClass parent_class;

  void (*tick) (LlChart       *self,
                GdkFrameClock *frame_clock);
};

LlLoopMonitor *ll_chart_get_monitor (LlChart    *self);
PangoLayout   *ll_chart_get_layout  (LlChart    *self,
                                     const char *text);
void           ll_chart_set_animated (LlChart    *self,
                                      gboolean    animated);
void           ll_chart_queue_draw  (LlChart    *self);

G_END_DECLS
