/* ll-lag-chart.c: the loop lag of the last half minute, on a log scale
 *
 * Each probe of the loop monitor tells how late a timer fired.  Lag runs
 * from a tenth of a millisecond when the loop idles to seconds when a
 * handler blocks it, so the y axis is logarithmic: on a linear one, every
 * ordinary sample would lie flat on the floor.  Time runs right to left,
 * now at the right edge, one thin bar per pixel column.
 *
 * A sample of lag L taken at time t means the loop did not get round to
 * the probe from t - L until t: a freeze is drawn as a ramp over that whole
 * stretch, as tall at each instant as the lag was then, so its width shows
 * how long the loop was gone and its height how late the loop came back.
 *
 * The probe timer runs at the default priority, and a flood of
 * default-priority work leaves it on time while GTK cannot draw.  So the
 * chart also times the window's frames, on the frame clock it ticks on,
 * and draws how late each came (beyond one refresh) as a line of its own:
 * that is the lag a user sees.
 *
 * Drawing it costs far more than ticking it, so it is drawn only when a
 * pixel would change (ll-columns.c): when a column's worth of time has
 * passed, or a late sample (a stall that just ended) reaches back into
 * the columns shown, which is then drawn the frame it ends.  Each column
 * is kept from one draw to the next, fed on each tick with the samples
 * that came in since, rather than computed again from the whole half
 * minute; and the axes, the grid, the reference lines and their labels,
 * which change only with the size or the style, are recorded once as
 * render nodes that every draw reuses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-lag-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ll-columns.h"
#include "ll-draw.h"
#include "ll-lag-chart.h"
#include "ll-ticker.h"

#define MIN_WIDTH        360
#define MIN_HEIGHT       180

/* The y axis: 10^-1 ms at the floor to 10^4 ms at the top. */
#define LOG_MIN_MS       -1.0
#define LOG_MAX_MS        4.0

#define FRAME_LAG        (16 * G_TIME_SPAN_MILLISECOND)
#define SLOW_LAG         (100 * G_TIME_SPAN_MILLISECOND)

#define LABEL_GAP        6.0
#define MIN_TICK_SPACING 56.0

struct _LlLagChart
{
  LlChart parent_instance;

  /* owned: what each pixel column shows, kept from draw to draw */
  LlColumns     *timer_columns;
  LlColumns     *frame_columns;
  gint64         timer_fed;      /* time of the last sample fed to them */
  gint64         frame_fed;

  /* owned: what changes only with the size or the style */
  GskRenderNode *under;          /* the grid and its labels, below the bars */
  GskRenderNode *over;           /* the time axis, the floor, the reference lines */
  graphene_rect_t static_plot;   /* the plot they were drawn for */

  /* state */
  graphene_rect_t plot;          /* where the columns were laid out */
  gint64  last_frame;   /* monotonic µs of the last tick, 0 = none yet */
};

G_STATIC_ASSERT (LL_LOOP_MONITOR_REDRAW_PRIORITY == GDK_PRIORITY_REDRAW);

G_DEFINE_FINAL_TYPE (LlLagChart, ll_lag_chart, LL_TYPE_CHART)

/* The GNOME palette: purple 3, for the frames. */
static const GdkRGBA frame_color = { 0x91 / 255.f, 0x41 / 255.f, 0xac / 255.f, 1.f };

/* The GNOME palette: blue 3, orange 3, red 3. */
static const GdkRGBA severity_colors[] = {
  { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f },
  { 0xff / 255.f, 0x78 / 255.f, 0x00 / 255.f, 1.f },
  { 0xe0 / 255.f, 0x1b / 255.f, 0x24 / 255.f, 1.f },
};

static guint
severity_for_lag (gint64 lag)
{
  if (lag < FRAME_LAG)
    return 0;
  else if (lag < SLOW_LAG)
    return 1;
  else
    return 2;
}

static void
append_hline (GtkSnapshot   *snapshot,
              double         x0,
              double         x1,
              double         y,
              const GdkRGBA *color)
{
  if (x1 > x0)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (x0, floor (y), x1 - x0, 1));
}

/* A dashed line from @x0 to @x1 that leaves a gap where its label sits. */
static void
append_dashed_hline (GtkSnapshot   *snapshot,
                     double         x0,
                     double         x1,
                     double         y,
                     double         gap_start,
                     double         gap_end,
                     const GdkRGBA *color)
{
  for (double x = x0; x < x1; x += 7)
    {
      double end = MIN (x + 4, x1);

      if (end > gap_start && x < gap_end)
        continue;
      append_hline (snapshot, x, end, y, color);
    }
}

/* The height of a lag within the plot, 0 at the floor to 1 at the top. */
static double
lag_to_fraction (double lag)
{
  double ms = lag / (double) G_TIME_SPAN_MILLISECOND;

  if (ms <= 0.0)
    return 0.0;

  return CLAMP ((log10 (ms) - LOG_MIN_MS) / (LOG_MAX_MS - LOG_MIN_MS), 0.0, 1.0);
}

static double
lag_to_y (const graphene_rect_t *plot,
          double                 lag)
{
  return plot->origin.y + plot->size.height * (1.0 - lag_to_fraction (lag));
}

/* How a bar is drawn: its top, in pixels, and its colour. */
static int
bar_level (gint64   lag,
           gpointer data)
{
  LlLagChart *self = data;
  double floor_y = self->plot.origin.y + self->plot.size.height;
  double top = MIN (floor (lag_to_y (&self->plot, lag)), floor_y - 1);

  return (int) -top * 4 + (int) severity_for_lag (lag);
}

/* How the frame line is drawn: its top. */
static int
frame_level (gint64   lag,
             gpointer data)
{
  LlLagChart *self = data;
  double floor_y = self->plot.origin.y + self->plot.size.height;

  return (int) -MIN (floor (lag_to_y (&self->plot, lag)), floor_y - 2);
}

/* Feeds @columns the samples of @kind after *@fed.  Returns whether a
 * column shown changed. */
static gboolean
feed_columns (LlLagChart *self,
              LlColumns  *columns,
              LlLagKind   kind,
              gint64     *fed)
{
  LlLoopMonitor *monitor = ll_chart_get_monitor (LL_CHART (self));
  g_autoptr(GArray) samples = ll_loop_monitor_copy_lag (monitor, kind, *fed + 1);
  gboolean changed = FALSE;

  for (guint i = 0; i < samples->len; i++)
    {
      const LlLagSample *sample = &g_array_index (samples, LlLagSample, i);

      changed |= ll_columns_add_lag (columns, sample->time, sample->lag);
      *fed = MAX (*fed, sample->time);
    }

  return changed;
}

/* Lays the columns out again for @plot, from the monitor's samples:
 * once, and whenever the size or the window changes. */
static void
ensure_columns (LlLagChart            *self,
                const graphene_rect_t *plot,
                gint64                 now,
                gint64                 window)
{
  guint n_columns = (guint) plot->size.width;

  if (self->timer_columns != NULL &&
      graphene_rect_equal (&self->plot, plot) &&
      ll_columns_get_n_columns (self->timer_columns) == n_columns &&
      ll_columns_get_window (self->timer_columns) == window)
    return;

  self->plot = *plot;
  g_clear_pointer (&self->timer_columns, ll_columns_free);
  g_clear_pointer (&self->frame_columns, ll_columns_free);
  self->timer_columns = ll_columns_new (n_columns, window, now, bar_level, self);
  self->frame_columns = ll_columns_new (n_columns, window, now, frame_level, self);
  self->timer_fed = self->frame_fed = now - window - G_TIME_SPAN_SECOND;
  feed_columns (self, self->timer_columns, LL_LAG_TIMER, &self->timer_fed);
  feed_columns (self, self->frame_columns, LL_LAG_FRAME, &self->frame_fed);
}

static void
append_bars (LlLagChart            *self,
             GtkSnapshot           *snapshot,
             const graphene_rect_t *plot)
{
  LlColumns *columns = self->timer_columns;
  guint n_columns = ll_columns_get_n_columns (columns);
  double floor_y = plot->origin.y + plot->size.height;
  g_autoptr(LlRectBatch) batch = ll_rect_batch_new ();
  guint start = 0;

  /* Neighbouring columns of the same height and colour make one rect. */
  while (start < n_columns)
    {
      gint64 lag = ll_columns_get (columns, start);
      guint end = start + 1;
      double top;
      guint severity;
      GdkRGBA color;

      if (lag < 0)
        {
          start++;
          continue;
        }

      /* Every sample shows, one pixel high at least: the probe is alive. */
      top = MIN (floor (lag_to_y (plot, lag)), floor_y - 1);
      severity = severity_for_lag (lag);

      while (end < n_columns &&
             ll_columns_get (columns, end) >= 0 &&
             severity_for_lag (ll_columns_get (columns, end)) == severity &&
             MIN (floor (lag_to_y (plot, ll_columns_get (columns, end))), floor_y - 1) == top)
        end++;

      color = ll_draw_with_alpha (&severity_colors[severity], 0.85f);
      ll_rect_batch_add (batch, &color, plot->origin.x + start, top, end - start, floor_y - top);
      start = end;
    }

  ll_rect_batch_append (batch, snapshot);
}

/* The frames' lateness as a line two pixels thick along the top of its
 * columns, above the probe's bars. */
static void
append_frame_line (LlLagChart            *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *plot)
{
  LlColumns *columns = self->frame_columns;
  guint n_columns = ll_columns_get_n_columns (columns);
  double floor_y = plot->origin.y + plot->size.height;
  g_autoptr(LlRectBatch) batch = ll_rect_batch_new ();
  guint start = 0;

  while (start < n_columns)
    {
      gint64 lag = ll_columns_get (columns, start);
      guint end = start + 1;
      double top;

      if (lag < 0)
        {
          start++;
          continue;
        }

      top = MIN (floor (lag_to_y (plot, lag)), floor_y - 2);
      while (end < n_columns && ll_columns_get (columns, end) >= 0 &&
             MIN (floor (lag_to_y (plot, ll_columns_get (columns, end))), floor_y - 2) == top)
        end++;

      ll_rect_batch_add (batch, &frame_color, plot->origin.x + start, top, end - start, 2);
      start = end;
    }

  ll_rect_batch_append (batch, snapshot);
}

/* One legend line, right-aligned to @right at @y: a swatch and the
 * figures of one series.  Returns where the next line goes. */
static double
append_legend_line (LlLagChart    *self,
                    GtkSnapshot   *snapshot,
                    double         right,
                    double         y,
                    const GdkRGBA *swatch,
                    const char    *text,
                    const GdkRGBA *text_color)
{
  PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), text);
  int width, height;
  double x;

  pango_layout_get_pixel_size (layout, &width, &height);
  x = right - LABEL_GAP - width;
  gtk_snapshot_append_color (snapshot, swatch,
                             &GRAPHENE_RECT_INIT (x - LABEL_GAP - 8, y + height / 2.0 - 4, 8, 8));
  ll_draw_layout_at (snapshot, layout, x, y, text_color);

  return y + height;
}

/* The p99 and maximum of both series, top right, where a learner reads
 * them beside the bars they sum up. */
static void
append_legend (LlLagChart            *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *plot,
               const GdkRGBA         *text_color)
{
  LlLoopMonitor *monitor = ll_chart_get_monitor (LL_CHART (self));
  double right = plot->origin.x + plot->size.width;
  double y = plot->origin.y + 2;
  g_autofree char *timer_text = NULL;
  g_autofree char *frame_text = NULL;
  LlLagStats timer, frames;

  ll_loop_monitor_get_stats (monitor, LL_LAG_TIMER, &timer);
  ll_loop_monitor_get_stats (monitor, LL_LAG_FRAME, &frames);

  timer_text = g_strdup_printf (_("timer lag: p99 %.1f ms · max %.1f ms"),
                                timer.p99 / 1000.0, timer.max / 1000.0);
  y = append_legend_line (self, snapshot, right, y, &severity_colors[0], timer_text, text_color);
  if (frames.count == 0)
    return;

  frame_text = g_strdup_printf (_("frame lateness: p99 %.1f ms · max %.1f ms"),
                                frames.p99 / 1000.0, frames.max / 1000.0);
  append_legend_line (self, snapshot, right, y, &frame_color, frame_text, text_color);
}

typedef struct
{
  gint64      lag;
  const char *label;
  guint       severity;
} Reference;

static void
append_references (LlLagChart            *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *plot,
                   const GdkRGBA         *text_color)
{
  /* Placed from the top down, so a label pushed aside makes room for
   * the next one below it.
   */
  const Reference references[] = {
    { 100 * G_TIME_SPAN_MILLISECOND, N_("100 ms · slow callback"), 2 },
    { 50 * G_TIME_SPAN_MILLISECOND, N_("50 ms · long task"), 1 },
    { 16 * G_TIME_SPAN_MILLISECOND, N_("16 ms · one frame"), 1 },
  };
  graphene_rect_t placed[G_N_ELEMENTS (references)];
  double right = plot->origin.x + plot->size.width;

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _(references[i].label));
      double y = floor (lag_to_y (plot, references[i].lag)) + 0.5;
      GdkRGBA line_color = ll_draw_with_alpha (&severity_colors[references[i].severity], 0.9f);
      int width, height;
      gboolean moved;

      pango_layout_get_pixel_size (layout, &width, &height);
      placed[i] = GRAPHENE_RECT_INIT (plot->origin.x + LABEL_GAP, y - height / 2.0,
                                      width, height);

      /* Lines 50 and 100 ms apart are only a few pixels apart when the
       * chart is small: move a label right until it clears the others.
       */
      do
        {
          moved = FALSE;
          for (guint j = 0; j < i; j++)
            {
              if (graphene_rect_intersection (&placed[i], &placed[j], NULL))
                {
                  placed[i].origin.x = placed[j].origin.x + placed[j].size.width + 3 * LABEL_GAP;
                  moved = TRUE;
                }
            }
        }
      while (moved);

      append_dashed_hline (snapshot, plot->origin.x, right, y,
                           placed[i].origin.x - LABEL_GAP / 2,
                           placed[i].origin.x + width + LABEL_GAP / 2,
                           &line_color);
      if (placed[i].origin.x + width <= right)
        ll_draw_layout_at (snapshot, layout, placed[i].origin.x, placed[i].origin.y, text_color);
    }
}

/* Seconds between labelled ticks, so that labels stay apart. */
static int
choose_tick_step (double pixels_per_second)
{
  const int steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * pixels_per_second >= MIN_TICK_SPACING)
      return steps[i];

  return 3600;
}

static char *
format_time_ago (int seconds)
{
  if (seconds == 0)
    return g_strdup (_("now"));
  else if (seconds % 60 == 0)
    /* Translators: a time axis tick, minutes before now */
    return g_strdup_printf (_("−%d min"), seconds / 60);
  else
    /* Translators: a time axis tick, seconds before now */
    return g_strdup_printf (_("−%d s"), seconds);
}

static void
append_time_axis (LlLagChart            *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *plot,
                  gint64                 window,
                  const GdkRGBA         *grid_color,
                  const GdkRGBA         *text_color)
{
  double right = plot->origin.x + plot->size.width;
  double floor_y = plot->origin.y + plot->size.height;
  double window_seconds = (double) window / G_TIME_SPAN_SECOND;
  double pixels_per_second = plot->size.width / window_seconds;
  int step = choose_tick_step (pixels_per_second);
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  for (int seconds = 0; seconds <= window_seconds + 0.001; seconds += step)
    {
      g_autofree char *text = format_time_ago (seconds);
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), text);
      double x = floor (right - seconds * pixels_per_second);
      int label_width, label_height;
      double label_x;

      if (seconds > 0)
        gtk_snapshot_append_color (snapshot, grid_color,
                                   &GRAPHENE_RECT_INIT (x, plot->origin.y, 1, plot->size.height));
      gtk_snapshot_append_color (snapshot, text_color,
                                 &GRAPHENE_RECT_INIT (MIN (x, right - 1), floor_y, 1, 3));

      pango_layout_get_pixel_size (layout, &label_width, &label_height);
      label_x = CLAMP (x - label_width / 2.0, 0, width - label_width);
      ll_draw_layout_at (snapshot, layout, label_x, floor_y + 3, text_color);
    }
}

static void drop_static_nodes (LlLagChart *self);

static void
ll_lag_chart_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  LlLagChart *self = LL_LAG_CHART (widget);
  const struct {
    gint64      lag;
    const char *label;
  } grid[] = {
    { 1 * G_TIME_SPAN_MILLISECOND, N_("1 ms") },
    { 10 * G_TIME_SPAN_MILLISECOND, N_("10 ms") },
    { 1 * G_TIME_SPAN_SECOND, N_("1 s") },
    { 10 * G_TIME_SPAN_SECOND, N_("10 s") },
  };
  LlLoopMonitor *monitor = ll_chart_get_monitor (LL_CHART (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 window = monitor ? ll_loop_monitor_get_window (monitor) : LL_LOOP_MONITOR_DEFAULT_WINDOW;
  gint64 now = g_get_monotonic_time ();
  GdkRGBA color, text_color, grid_color, axis_color;
  graphene_rect_t plot;
  int gutter = 0;
  int label_height = 0;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  text_color = ll_draw_with_alpha (&color, 0.75f);
  grid_color = ll_draw_with_alpha (&color, 0.10f);
  axis_color = ll_draw_with_alpha (&color, 0.35f);

  for (guint i = 0; i < G_N_ELEMENTS (grid); i++)
    {
      int w, h;

      pango_layout_get_pixel_size (ll_chart_get_layout (LL_CHART (self), _(grid[i].label)), &w, &h);
      gutter = MAX (gutter, w);
      label_height = MAX (label_height, h);
    }
  gutter += LABEL_GAP;

  /* Room for half a label above the top grid line, and for the time
   * labels below the floor.
   */
  plot = GRAPHENE_RECT_INIT (gutter, ceil (label_height / 2.0),
                             width - gutter - 1,
                             height - ceil (label_height / 2.0) - label_height - 4);
  if (plot.size.width < 8 || plot.size.height < 8)
    return;

  if (self->under != NULL && !graphene_rect_equal (&self->static_plot, &plot))
    drop_static_nodes (self);

  if (self->under == NULL)
    {
      GtkSnapshot *under = gtk_snapshot_new ();
      GtkSnapshot *over = gtk_snapshot_new ();

      for (guint i = 0; i < G_N_ELEMENTS (grid); i++)
        {
          PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _(grid[i].label));
          double y = floor (lag_to_y (&plot, grid[i].lag));
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          append_hline (under, plot.origin.x, plot.origin.x + plot.size.width, y, &grid_color);
          ll_draw_layout_at (under, layout, gutter - LABEL_GAP - w, y - h / 2.0, &text_color);
        }

      append_time_axis (self, over, &plot, window, &grid_color, &text_color);
      append_hline (over, plot.origin.x, plot.origin.x + plot.size.width,
                    plot.origin.y + plot.size.height, &axis_color);
      append_references (self, over, &plot, &text_color);

      self->static_plot = plot;
      self->under = gtk_snapshot_free_to_node (under);
      self->over = gtk_snapshot_free_to_node (over);
    }

  if (self->under != NULL)
    gtk_snapshot_append_node (snapshot, self->under);

  if (monitor != NULL)
    {
      ensure_columns (self, &plot, now, window);
      append_bars (self, snapshot, &plot);
      append_frame_line (self, snapshot, &plot);
    }

  if (self->over != NULL)
    gtk_snapshot_append_node (snapshot, self->over);
  if (monitor != NULL)
    append_legend (self, snapshot, &plot, &text_color);
}

static void
drop_static_nodes (LlLagChart *self)
{
  g_clear_pointer (&self->under, gsk_render_node_unref);
  g_clear_pointer (&self->over, gsk_render_node_unref);
}

static void
ll_lag_chart_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ll_lag_chart_parent_class)->css_changed (widget, change);

  drop_static_nodes (LL_LAG_CHART (widget));
}

static void
ll_lag_chart_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (ll_lag_chart_parent_class)->system_setting_changed (widget, setting);

  drop_static_nodes (LL_LAG_CHART (widget));
}

static void
ll_lag_chart_dispose (GObject *object)
{
  LlLagChart *self = LL_LAG_CHART (object);

  drop_static_nodes (self);
  g_clear_pointer (&self->timer_columns, ll_columns_free);
  g_clear_pointer (&self->frame_columns, ll_columns_free);

  G_OBJECT_CLASS (ll_lag_chart_parent_class)->dispose (object);
}

/* Each frame the chart ticks on is one the window draws: how long after
 * it was due it started is how late it came (ll_ticker_frame_lateness()).
 * The first after map is left out: it waits for the page to be built. */
static void
ll_lag_chart_tick (LlChart       *chart,
                   GdkFrameClock *frame_clock)
{
  LlLagChart *self = LL_LAG_CHART (chart);
  LlLoopMonitor *monitor = ll_chart_get_monitor (chart);
  gint64 now = g_get_monotonic_time ();
  gint64 refresh = 0;
  gint64 lateness = ll_ticker_frame_lateness (frame_clock);
  gboolean changed;

  gdk_frame_clock_get_refresh_info (frame_clock, gdk_frame_clock_get_frame_time (frame_clock),
                                    &refresh, NULL);
  if (refresh <= 0)
    refresh = G_USEC_PER_SEC / 60;

  if (self->last_frame != 0 && monitor != NULL && lateness >= 0)
    ll_loop_monitor_record_frame (monitor, now, lateness, refresh);
  self->last_frame = now;

  /* Not laid out yet: the first draw will be. */
  if (self->timer_columns == NULL)
    return;

  /* Move on first: a sample after the columns' right edge would be
   * left out. */
  changed = ll_columns_advance (self->timer_columns, now);
  ll_columns_advance (self->frame_columns, now);
  changed |= feed_columns (self, self->timer_columns, LL_LAG_TIMER, &self->timer_fed);
  changed |= feed_columns (self, self->frame_columns, LL_LAG_FRAME, &self->frame_fed);

  if (changed)
    ll_chart_queue_draw (chart);
}

static void
ll_lag_chart_unmap (GtkWidget *widget)
{
  /* Out of sight the window draws no frames for it: not late ones. */
  LL_LAG_CHART (widget)->last_frame = 0;

  GTK_WIDGET_CLASS (ll_lag_chart_parent_class)->unmap (widget);
}

static void
ll_lag_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = MIN_WIDTH;
  else
    *minimum = *natural = MIN_HEIGHT;
}

static void
ll_lag_chart_class_init (LlLagChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlChartClass *chart_class = LL_CHART_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ll_lag_chart_dispose;

  widget_class->measure = ll_lag_chart_measure;
  widget_class->snapshot = ll_lag_chart_snapshot;
  widget_class->unmap = ll_lag_chart_unmap;
  widget_class->css_changed = ll_lag_chart_css_changed;
  widget_class->system_setting_changed = ll_lag_chart_system_setting_changed;

  chart_class->tick = ll_lag_chart_tick;

  gtk_widget_class_set_css_name (widget_class, "lagchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_lag_chart_init (LlLagChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loop lag chart"),
                                  -1);
}

/**
 * ll_lag_chart_new:
 * @monitor: the loop monitor to draw
 *
 * Creates a chart of @monitor's lag samples over its window.
 *
 * Returns: (transfer floating): a new #LlLagChart
 */
GtkWidget *
ll_lag_chart_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_LAG_CHART, "monitor", monitor, NULL);
}
