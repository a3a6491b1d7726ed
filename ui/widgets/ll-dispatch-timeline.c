/* ll-dispatch-timeline.c: the handlers the loop dispatched, lane by lane
 *
 * Every traced handler the loop monitor saw in the last ten seconds is a
 * bar, from when it started to when it returned, in a lane of its own
 * name.  Handlers that return quickly are slivers; one that blocks the
 * loop is a long red bar, and nothing else runs beside it: the loop has
 * one thread, so while it runs, every other lane is empty.
 *
 * Time is cut into pixel columns (ll-columns.c): the timeline is drawn
 * again when a column's worth of time has passed, not every frame, and
 * each column of a lane is as opaque as the share of its time the lane's
 * handlers ran.  The time axis, which
 * changes only with the size, is recorded once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-dispatch-timeline"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ll-columns.h"
#include "ll-dispatch-timeline.h"
#include "ll-draw.h"

#define MIN_WIDTH        360
#define MIN_HEIGHT       140

#define TIMELINE_WINDOW  (10 * G_TIME_SPAN_SECOND)
/* A span is listed by when it started: look further back for long ones
 * that started before the window and still reach into it.
 */
#define LOOKBACK         (60 * G_TIME_SPAN_SECOND)

#define MAX_LANES        8
#define MIN_LANE_HEIGHT  14.0
#define MAX_LANE_HEIGHT  26.0
#define MIN_BAR_WIDTH    2.0
#define MIN_GUTTER       72.0
#define MAX_GUTTER_SHARE 0.35
#define LABEL_GAP        6.0
#define MIN_TICK_SPACING 44.0
#define MAX_CACHED       256

#define FRAME_SPAN       (16 * G_TIME_SPAN_MILLISECOND)
#define LONG_SPAN        (100 * G_TIME_SPAN_MILLISECOND)

struct _LlDispatchTimeline
{
  LlChart parent_instance;

  /* owned references */
  GHashTable *name_widths;   /* interned name -> its width in pixels, dropped on style changes */
  GPtrArray  *lanes;         /* interned names, in order of first appearance */
  GskRenderNode *axis;       /* the time axis, for axis_plot */

  /* state */
  graphene_rect_t axis_plot;
  guint       drawn_columns; /* the plot's width at the last draw, 0 = none yet */
  gint64      drawn_index;   /* the column now was in then */
};

G_DEFINE_FINAL_TYPE (LlDispatchTimeline, ll_dispatch_timeline, LL_TYPE_CHART)

/* The GNOME palette: blue 3, orange 3, red 3, as in the lag chart. */
static const GdkRGBA severity_colors[] = {
  { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f },
  { 0xff / 255.f, 0x78 / 255.f, 0x00 / 255.f, 1.f },
  { 0xe0 / 255.f, 0x1b / 255.f, 0x24 / 255.f, 1.f },
};

static const GdkRGBA white = { 1.f, 1.f, 1.f, 1.f };

/* What the visible spans of one name have in common. */
typedef struct
{
  const char *name;         /* interned */
  gint64      first_start;
  gint64      last_end;
  gboolean    has_long;     /* one of its spans blocked the loop */
  int         lane;         /* -1 when it did not get one */
} NameInfo;

static guint
severity_for_duration (gint64 duration)
{
  if (duration < FRAME_SPAN)
    return 0;
  else if (duration < LONG_SPAN)
    return 1;
  else
    return 2;
}

/* The natural width of a lane's name, measured once: the layout itself
 * is then kept ellipsized to the gutter.
 */
static int
get_name_width (LlDispatchTimeline *self,
                const char         *name)
{
  gpointer width;

  if (!g_hash_table_lookup_extended (self->name_widths, name, NULL, &width))
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), name);
      int pixels;

      if (g_hash_table_size (self->name_widths) >= MAX_CACHED)
        g_hash_table_remove_all (self->name_widths);

      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &pixels, NULL);
      width = GINT_TO_POINTER (pixels);
      g_hash_table_insert (self->name_widths, (gpointer) name, width);
    }

  return GPOINTER_TO_INT (width);
}

static char *
format_duration (gint64 duration)
{
  if (duration >= G_TIME_SPAN_SECOND)
    /* Translators: a span's duration, in seconds */
    return g_strdup_printf (_("%.2f s"), duration / (double) G_TIME_SPAN_SECOND);
  else
    /* Translators: a span's duration, in milliseconds */
    return g_strdup_printf (_("%.0f ms"), duration / (double) G_TIME_SPAN_MILLISECOND);
}

/* Which names keep a lane when there are too many: any that blocked the
 * loop, since showing that is what the timeline is for, then the most
 * recently active.
 */
static int
compare_by_priority (gconstpointer a,
                     gconstpointer b)
{
  const NameInfo *info_a = *(NameInfo * const *) a;
  const NameInfo *info_b = *(NameInfo * const *) b;

  if (info_a->has_long != info_b->has_long)
    return info_a->has_long ? -1 : 1;

  return (info_a->last_end < info_b->last_end) - (info_a->last_end > info_b->last_end);
}

static int
compare_by_first_start (gconstpointer a,
                        gconstpointer b)
{
  const NameInfo *info_a = *(NameInfo * const *) a;
  const NameInfo *info_b = *(NameInfo * const *) b;

  return (info_a->first_start > info_b->first_start) - (info_a->first_start < info_b->first_start);
}

/* Gathers, per name, the spans that reach into the window; returns a
 * table of NameInfo keyed by the interned name.
 */
static GHashTable *
collect_names (GArray *spans,
               gint64  left_time)
{
  GHashTable *names = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < spans->len; i++)
    {
      const LlSpan *span = &g_array_index (spans, LlSpan, i);
      gint64 end = span->start + span->duration;
      NameInfo *info;

      if (end < left_time)
        continue;

      info = g_hash_table_lookup (names, span->name);
      if (info == NULL)
        {
          info = g_new0 (NameInfo, 1);
          info->name = span->name;
          info->first_start = span->start;
          info->last_end = end;
          info->lane = -1;
          g_hash_table_insert (names, (gpointer) span->name, info);
        }
      else
        {
          info->first_start = MIN (info->first_start, span->start);
          info->last_end = MAX (info->last_end, end);
        }

      if (span->duration >= LONG_SPAN)
        info->has_long = TRUE;
    }

  return names;
}

/* Lanes keep their order while their name stays on screen, so that bars
 * don't jump between lanes as old spans scroll out; new names go below.
 * When there are more names than lanes, those that blocked the loop win,
 * then the most recently active.
 * Returns how many lanes are in use.
 */
static guint
assign_lanes (LlDispatchTimeline *self,
              GHashTable         *names,
              guint               max_lanes)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_priority = g_ptr_array_new ();
  GHashTableIter iter;
  NameInfo *info;
  guint n_lanes = 0;

  for (guint i = self->lanes->len; i > 0; i--)
    if (!g_hash_table_contains (names, g_ptr_array_index (self->lanes, i - 1)))
      g_ptr_array_remove_index (self->lanes, i - 1);

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &info))
    {
      if (!g_ptr_array_find (self->lanes, info->name, NULL))
        g_ptr_array_add (fresh, info);
      g_ptr_array_add (by_priority, info);
    }

  g_ptr_array_sort (fresh, compare_by_first_start);
  for (guint i = 0; i < fresh->len; i++)
    g_ptr_array_add (self->lanes, (gpointer) ((NameInfo *) g_ptr_array_index (fresh, i))->name);

  /* Mark the winners, then number them in lane order. */
  g_ptr_array_sort (by_priority, compare_by_priority);
  for (guint i = 0; i < MIN (by_priority->len, max_lanes); i++)
    ((NameInfo *) g_ptr_array_index (by_priority, i))->lane = 0;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      info = g_hash_table_lookup (names, g_ptr_array_index (self->lanes, i));
      if (info->lane == 0)
        info->lane = (int) n_lanes++;
    }

  return n_lanes;
}

static void
append_time_axis (LlDispatchTimeline    *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *plot,
                  const GdkRGBA         *grid_color,
                  const GdkRGBA         *text_color)
{
  const int steps[] = { 1, 2, 5, 10 };
  double right = plot->origin.x + plot->size.width;
  double floor_y = plot->origin.y + plot->size.height;
  double window_seconds = (double) TIMELINE_WINDOW / G_TIME_SPAN_SECOND;
  double pixels_per_second = plot->size.width / window_seconds;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int label_step = 10;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      if (steps[i] * pixels_per_second >= MIN_TICK_SPACING)
        {
          label_step = steps[i];
          break;
        }
    }

  /* A tick every second, a label every few. */
  for (int seconds = 0; seconds <= (int) window_seconds; seconds++)
    {
      double x = floor (right - seconds * pixels_per_second);
      g_autofree char *text = NULL;
      PangoLayout *layout;
      int label_width, label_height;

      if (seconds > 0)
        gtk_snapshot_append_color (snapshot, grid_color,
                                   &GRAPHENE_RECT_INIT (x, plot->origin.y, 1, plot->size.height));
      gtk_snapshot_append_color (snapshot, text_color,
                                 &GRAPHENE_RECT_INIT (MIN (x, right - 1), floor_y,
                                                      1, seconds % label_step == 0 ? 4 : 2));

      if (seconds % label_step != 0)
        continue;

      if (seconds == 0)
        text = g_strdup (_("now"));
      else
        /* Translators: a time axis tick, seconds before now */
        text = g_strdup_printf (_("−%d s"), seconds);

      layout = ll_chart_get_layout (LL_CHART (self), text);
      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &label_width, &label_height);
      ll_draw_layout_at (snapshot, layout,
                         CLAMP (x - label_width / 2.0, 0, width - label_width),
                         floor_y + 4, text_color);
    }
}

/* The duration of a long span, inside its bar when it fits, else beside
 * it, on whichever side has room.
 */
static void
append_duration_label (LlDispatchTimeline    *self,
                       GtkSnapshot           *snapshot,
                       const graphene_rect_t *plot,
                       const graphene_rect_t *bar,
                       gint64                 duration,
                       const GdkRGBA         *text_color)
{
  g_autofree char *text = format_duration (duration);
  PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), text);
  double right = plot->origin.x + plot->size.width;
  int width, height;
  double y;

  pango_layout_set_width (layout, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  y = bar->origin.y + (bar->size.height - height) / 2.0;

  if (bar->size.width >= width + 2 * LABEL_GAP)
    ll_draw_layout_at (snapshot, layout,
                       bar->origin.x + (bar->size.width - width) / 2.0, y, &white);
  else if (bar->origin.x + bar->size.width + LABEL_GAP / 2 + width <= right)
    ll_draw_layout_at (snapshot, layout,
                       bar->origin.x + bar->size.width + LABEL_GAP / 2, y, text_color);
  else if (bar->origin.x - LABEL_GAP / 2 - width >= plot->origin.x)
    ll_draw_layout_at (snapshot, layout,
                       bar->origin.x - LABEL_GAP / 2 - width, y, text_color);
}

static void
ll_dispatch_timeline_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  LlDispatchTimeline *self = LL_DISPATCH_TIMELINE (widget);
  LlLoopMonitor *monitor = ll_chart_get_monitor (LL_CHART (self));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 now = g_get_monotonic_time ();
  gint64 left_time = now - TIMELINE_WINDOW;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GHashTable) names = NULL;
  GdkRGBA color, text_color, grid_color, axis_color, stripe_color;
  graphene_rect_t plot;
  PangoLayout *probe;
  double plot_height;
  double gutter = 0;
  double pixels_per_us;
  double lane_height;
  guint max_lanes;
  guint n_lanes;
  int label_height;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  text_color = ll_draw_with_alpha (&color, 0.75f);
  grid_color = ll_draw_with_alpha (&color, 0.08f);
  axis_color = ll_draw_with_alpha (&color, 0.35f);
  stripe_color = ll_draw_with_alpha (&color, 0.04f);

  probe = ll_chart_get_layout (LL_CHART (self), _("now"));
  pango_layout_set_width (probe, -1);
  pango_layout_get_pixel_size (probe, NULL, &label_height);

  plot_height = height - label_height - 5;
  if (plot_height < MIN_LANE_HEIGHT)
    return;

  if (monitor != NULL)
    spans = ll_loop_monitor_copy_spans (monitor, left_time - LOOKBACK);
  else
    spans = g_array_new (FALSE, FALSE, sizeof (LlSpan));

  names = collect_names (spans, left_time);
  max_lanes = MIN (MAX_LANES, (guint) (plot_height / MIN_LANE_HEIGHT));
  n_lanes = assign_lanes (self, names, max_lanes);
  lane_height = n_lanes > 0 ? floor (MIN (MAX_LANE_HEIGHT, plot_height / n_lanes)) : 0;

  /* The gutter fits the longest name shown, within reason. */
  for (guint i = 0; i < self->lanes->len; i++)
    {
      NameInfo *info = g_hash_table_lookup (names, g_ptr_array_index (self->lanes, i));

      if (info->lane >= 0)
        gutter = MAX (gutter, get_name_width (self, info->name) + 2 * LABEL_GAP);
    }
  gutter = floor (CLAMP (gutter, MIN_GUTTER, MAX (MIN_GUTTER, width * MAX_GUTTER_SHARE)));

  plot = GRAPHENE_RECT_INIT (gutter, 0, width - gutter - 1, plot_height);
  if (plot.size.width < 8)
    return;
  pixels_per_us = plot.size.width / TIMELINE_WINDOW;

  /* The right edge is where the column now is in starts: the picture
   * stands still until the next column. */
  self->drawn_columns = (guint) plot.size.width;
  self->drawn_index = ll_columns_index (now, TIMELINE_WINDOW, self->drawn_columns);
  left_time = ll_columns_start (self->drawn_index, TIMELINE_WINDOW, self->drawn_columns) - TIMELINE_WINDOW;

  if (self->axis == NULL || !graphene_rect_equal (&self->axis_plot, &plot))
    {
      GtkSnapshot *axis = gtk_snapshot_new ();

      g_clear_pointer (&self->axis, gsk_render_node_unref);
      append_time_axis (self, axis, &plot, &grid_color, &text_color);
      self->axis = gtk_snapshot_free_to_node (axis);
      self->axis_plot = plot;
    }
  if (self->axis != NULL)
    gtk_snapshot_append_node (snapshot, self->axis);

  if (n_lanes == 0)
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _("No handler dispatched in the last 10 s"));
      int w, h;

      pango_layout_set_width (layout, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      ll_draw_layout_at (snapshot, layout,
                         plot.origin.x + (plot.size.width - w) / 2.0,
                         plot.origin.y + (plot.size.height - h) / 2.0,
                         &text_color);
    }

  /* Lanes: a faint stripe on every other one, the name in the gutter. */
  for (guint i = 0; i < self->lanes->len; i++)
    {
      NameInfo *info = g_hash_table_lookup (names, g_ptr_array_index (self->lanes, i));
      PangoLayout *layout;
      double y;
      int h;

      if (info->lane < 0)
        continue;

      y = plot.origin.y + info->lane * lane_height;
      if (info->lane % 2 == 0)
        gtk_snapshot_append_color (snapshot, &stripe_color,
                                   &GRAPHENE_RECT_INIT (0, y, width, lane_height));

      layout = ll_chart_get_layout (LL_CHART (self), info->name);
      /* Handler names tend to differ at their ends: keep both ends. */
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_width (layout, (int) ((gutter - 2 * LABEL_GAP) * PANGO_SCALE));
      pango_layout_get_pixel_size (layout, NULL, &h);
      ll_draw_layout_at (snapshot, layout, LABEL_GAP, y + (lane_height - h) / 2.0, &text_color);
    }

  /* The spans, drawn by pixel column: each column of a lane is as opaque
   * as the share of its time the lane's handlers ran (at least a faint
   * tint, so a sliver stays visible), in the colour of its longest span.
   * A handler that runs for 1 ms every frame then reads as the light band
   * it is, not as a solid bar; one that blocks is solid red.  Columns
   * alike side by side are one rectangle. */
  {
    guint n_columns = (guint) MAX (ceil (plot.size.width), 1.0);
    double us_per_column = 1.0 / pixels_per_us;
    g_autofree double *busy = g_new0 (double, (gsize) MAX_LANES * n_columns);
    g_autofree gint8 *severity = g_new (gint8, (gsize) MAX_LANES * n_columns);
    g_autoptr(LlRectBatch) batch = ll_rect_batch_new ();

    memset (severity, -1, (gsize) MAX_LANES * n_columns);
    for (guint i = 0; i < spans->len; i++)
      {
        const LlSpan *span = &g_array_index (spans, LlSpan, i);
        NameInfo *info = g_hash_table_lookup (names, span->name);
        double t0, t1;
        gint8 sev;

        if (info == NULL || info->lane < 0 || span->start + span->duration < left_time)
          continue;

        t0 = MAX ((double) (span->start - left_time), 0.0);
        t1 = (double) (span->start + span->duration - left_time);
        sev = (gint8) severity_for_duration (span->duration);
        for (guint c = (guint) (t0 / us_per_column); c < n_columns && c * us_per_column <= t1; c++)
          {
            double c0 = c * us_per_column, c1 = c0 + us_per_column;
            gsize k = (gsize) info->lane * n_columns + c;

            busy[k] += MAX (MIN (t1, c1) - MAX (t0, c0), 0.0);
            severity[k] = MAX (severity[k], sev);
          }
      }

    for (guint lane = 0; lane < MAX_LANES; lane++)
      {
        double y = plot.origin.y + lane * lane_height + 1;
        guint c = 0;

        while (c < n_columns)
          {
            gsize k = (gsize) lane * n_columns + c;
            guint first = c;
            int level;
            GdkRGBA color;

            if (severity[k] < 0)
              {
                c++;
                continue;
              }

            /* Eight levels of opacity, so that neighbours merge. */
            level = (int) ceil (CLAMP (busy[k] / us_per_column, 0.0, 1.0) * 8);
            level = MAX (level, 3);
            do
              c++;
            while (c < n_columns &&
                   severity[k + (c - first)] == severity[k] &&
                   MAX ((int) ceil (CLAMP (busy[k + (c - first)] / us_per_column, 0.0, 1.0) * 8), 3) == level);

            color = severity_colors[severity[k]];
            color.alpha *= level / 8.0f;
            ll_rect_batch_add (batch, &color, plot.origin.x + first, y, c - first, lane_height - 2);
          }
      }
    ll_rect_batch_append (batch, snapshot);
  }

  /* The durations of the long spans, on top. */
  for (guint i = 0; i < spans->len; i++)
    {
      const LlSpan *span = &g_array_index (spans, LlSpan, i);
      NameInfo *info = g_hash_table_lookup (names, span->name);
      double x0, x1;
      graphene_rect_t bar;

      if (info == NULL || info->lane < 0 || span->duration < LONG_SPAN ||
          span->start + span->duration < left_time)
        continue;

      x0 = MAX (plot.origin.x + (span->start - left_time) * pixels_per_us, plot.origin.x);
      x1 = MIN (plot.origin.x + (span->start + span->duration - left_time) * pixels_per_us,
                plot.origin.x + plot.size.width);
      if (x0 >= plot.origin.x + plot.size.width)
        continue;
      bar = GRAPHENE_RECT_INIT (x0, plot.origin.y + info->lane * lane_height + 1,
                                MAX (x1 - x0, MIN_BAR_WIDTH), lane_height - 2);
      append_duration_label (self, snapshot, &plot, &bar, span->duration, &text_color);
    }

  gtk_snapshot_append_color (snapshot, &axis_color,
                             &GRAPHENE_RECT_INIT (plot.origin.x, plot.origin.y + plot.size.height,
                                                  plot.size.width, 1));
}

static void
ll_dispatch_timeline_measure (GtkWidget      *widget,
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

/* Redraw when a column's worth of time has passed: only then can a
 * pixel change.  A span that ended meanwhile shows then too. */
static void
ll_dispatch_timeline_tick (LlChart       *chart,
                           GdkFrameClock *frame_clock)
{
  LlDispatchTimeline *self = LL_DISPATCH_TIMELINE (chart);

  if (self->drawn_columns == 0 ||
      ll_columns_index (g_get_monotonic_time (), TIMELINE_WINDOW, self->drawn_columns) != self->drawn_index)
    ll_chart_queue_draw (chart);
}

static void
ll_dispatch_timeline_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  LlDispatchTimeline *self = LL_DISPATCH_TIMELINE (widget);

  GTK_WIDGET_CLASS (ll_dispatch_timeline_parent_class)->css_changed (widget, change);

  g_clear_pointer (&self->axis, gsk_render_node_unref);

  /* The font may have changed: measure the names again. */
  g_hash_table_remove_all (self->name_widths);
}

static void
ll_dispatch_timeline_system_setting_changed (GtkWidget        *widget,
                                             GtkSystemSetting  setting)
{
  LlDispatchTimeline *self = LL_DISPATCH_TIMELINE (widget);

  GTK_WIDGET_CLASS (ll_dispatch_timeline_parent_class)->system_setting_changed (widget, setting);

  g_clear_pointer (&self->axis, gsk_render_node_unref);
  g_hash_table_remove_all (self->name_widths);
}

static void
ll_dispatch_timeline_finalize (GObject *object)
{
  LlDispatchTimeline *self = (LlDispatchTimeline *)object;

  g_clear_pointer (&self->axis, gsk_render_node_unref);
  g_clear_pointer (&self->name_widths, g_hash_table_unref);
  g_clear_pointer (&self->lanes, g_ptr_array_unref);

  G_OBJECT_CLASS (ll_dispatch_timeline_parent_class)->finalize (object);
}

static void
ll_dispatch_timeline_class_init (LlDispatchTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ll_dispatch_timeline_finalize;

  widget_class->measure = ll_dispatch_timeline_measure;
  widget_class->snapshot = ll_dispatch_timeline_snapshot;
  widget_class->css_changed = ll_dispatch_timeline_css_changed;
  widget_class->system_setting_changed = ll_dispatch_timeline_system_setting_changed;

  LL_CHART_CLASS (klass)->tick = ll_dispatch_timeline_tick;

  gtk_widget_class_set_css_name (widget_class, "dispatchtimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_dispatch_timeline_init (LlDispatchTimeline *self)
{
  self->name_widths = g_hash_table_new (NULL, NULL);
  self->lanes = g_ptr_array_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dispatch timeline"),
                                  -1);
}

/**
 * ll_dispatch_timeline_new:
 * @monitor: the loop monitor to draw
 *
 * Creates a timeline of the spans @monitor traced in the last ten seconds.
 *
 * Returns: (transfer floating): a new #LlDispatchTimeline
 */
GtkWidget *
ll_dispatch_timeline_new (LlLoopMonitor *monitor)
{
  g_return_val_if_fail (LL_IS_LOOP_MONITOR (monitor), NULL);

  return g_object_new (LL_TYPE_DISPATCH_TIMELINE, "monitor", monitor, NULL);
}
