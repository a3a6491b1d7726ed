/* ll-log-plot.h: a few series of measured points on log-log axes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_LOG_PLOT (ll_log_plot_get_type ())

G_DECLARE_FINAL_TYPE (LlLogPlot, ll_log_plot, LL, LOG_PLOT, GtkWidget)

/**
 * LlLogPlotUnit:
 * @LL_LOG_PLOT_UNIT_NUMBER: a plain number: 1, 10, 100, 1k … 1M
 * @LL_LOG_PLOT_UNIT_NANOSECONDS: a duration in nanoseconds, labelled
 *   in the unit that suits it: 1 ns … 100 ns, 1 µs … 100 µs, 1 ms …
 *
 * What an axis counts, for its labels and the description.
 */
typedef enum
{
  LL_LOG_PLOT_UNIT_NUMBER,
  LL_LOG_PLOT_UNIT_NANOSECONDS,
} LlLogPlotUnit;

/**
 * LlLogPlotMark:
 * @LL_LOG_PLOT_MARK_MEASURED: a figure: a filled marker, joined by the
 *   series' line to its neighbours
 * @LL_LOG_PLOT_MARK_PENDING: a partial figure, while it is measured: a
 *   hollow marker, on no line
 * @LL_LOG_PLOT_MARK_FAILED: the series could not go this far: a cross
 *   on the x axis, at the point's x; its y is not used
 *
 * What a point of a series is.
 */
typedef enum
{
  LL_LOG_PLOT_MARK_MEASURED,
  LL_LOG_PLOT_MARK_PENDING,
  LL_LOG_PLOT_MARK_FAILED,
} LlLogPlotMark;

GtkWidget *ll_log_plot_new             (void);
void       ll_log_plot_set_axes        (LlLogPlot           *self,
                                        const char          *x_title,
                                        const char          *y_title);
void       ll_log_plot_set_units       (LlLogPlot           *self,
                                        LlLogPlotUnit        x_unit,
                                        LlLogPlotUnit        y_unit);
void       ll_log_plot_set_x_symbol    (LlLogPlot           *self,
                                        const char          *symbol);
void       ll_log_plot_set_range       (LlLogPlot           *self,
                                        double               x_min,
                                        double               x_max,
                                        double               y_min,
                                        double               y_max);
void       ll_log_plot_get_shown_range (LlLogPlot           *self,
                                        double              *x_min,
                                        double              *x_max,
                                        double              *y_min,
                                        double              *y_max);
guint      ll_log_plot_add_series      (LlLogPlot           *self,
                                        const char          *name);
guint      ll_log_plot_get_n_series    (LlLogPlot           *self);
void       ll_log_plot_set_point       (LlLogPlot           *self,
                                        guint                series,
                                        double               x,
                                        double               y,
                                        LlLogPlotMark        mark);
guint      ll_log_plot_get_n_points    (LlLogPlot           *self,
                                        guint                series);
void       ll_log_plot_clear           (LlLogPlot           *self);
char      *ll_log_plot_describe        (LlLogPlot           *self);

gboolean   ll_log_plot_save_png        (LlLogPlot           *self,
                                        const char          *path,
                                        int                  width,
                                        int                  height,
                                        GError             **error);
void       ll_log_plot_save_png_async  (LlLogPlot           *self,
                                        const char          *path,
                                        int                  width,
                                        int                  height,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean   ll_log_plot_save_png_finish (LlLogPlot           *self,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
