/* ll-fetch-timeline.c: the requests of a Fetch run, phase by phase
 *
 * One row per request, time running left to right from the first
 * connect: connect, send, wait for the server, read, each in its colour.
 * A blocking run draws a staircase: each request starts when the one
 * before it has been read, so the whole run takes N times the server's
 * delay.  An async run draws a column: every request is connected and
 * waiting at once, and the run takes about one delay.
 *
 * The rows grow on the frame clock while the run goes on, from the
 * workload's records (ll_workload_fetch_get_request()); during a blocking run
 * nothing is drawn at all, and the staircase appears in one go when the
 * loop comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-fetch-timeline"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-fetch-timeline.h"

#define MIN_WIDTH        320
#define MAX_ROW_HEIGHT   16.0
#define MAX_ROWS_HEIGHT  200.0
#define EMPTY_HEIGHT     40
#define LEGEND_GAP       12.0
#define MIN_TICK_SPACING 64.0
#define MIN_SPAN         (100 * G_TIME_SPAN_MILLISECOND)

struct _LlFetchTimeline
{
  LlChart parent_instance;

  /* owned references */
  LlWorkloadFetch *workload;

  /* state */
  guint last_n_requests;
};

G_DEFINE_FINAL_TYPE (LlFetchTimeline, ll_fetch_timeline, LL_TYPE_CHART)

enum {
  PROP_0,
  PROP_WORKLOAD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  SEGMENT_CONNECT,
  SEGMENT_SEND,
  SEGMENT_WAIT,
  SEGMENT_READ,
  SEGMENT_FAILED,
  N_SEGMENTS
} Segment;

/* The GNOME palette: purple 3, blue 3, yellow 5, green 4, red 3. */
static const GdkRGBA segment_colors[N_SEGMENTS] = {
  { 0x91 / 255.f, 0x41 / 255.f, 0xac / 255.f, 1.f },
  { 0x35 / 255.f, 0x84 / 255.f, 0xe4 / 255.f, 1.f },
  { 0xe5 / 255.f, 0xa5 / 255.f, 0x0a / 255.f, 0.55f },
  { 0x2e / 255.f, 0xc2 / 255.f, 0x7e / 255.f, 1.f },
  { 0xe0 / 255.f, 0x1b / 255.f, 0x24 / 255.f, 1.f },
};

static const char *segment_names[N_SEGMENTS] = {
  N_("connect"),
  N_("send"),
  N_("wait for the server"),
  N_("read"),
  N_("failed"),
};

static int
line_height (LlFetchTimeline *self)
{
  int w, h;

  pango_layout_get_pixel_size (ll_chart_get_layout (LL_CHART (self), "0"), &w, &h);
  return h;
}

static guint
n_requests (LlFetchTimeline *self)
{
  return self->workload != NULL ? ll_workload_fetch_get_n_requests (self->workload) : 0;
}

static double
rows_height (guint n)
{
  return MIN (n * MAX_ROW_HEIGHT, MAX_ROWS_HEIGHT);
}

/* What the requests take one after another: requests × delay. */
static gint64
sequential_time (LlFetchTimeline *self)
{
  return ll_workload_fetch_get_requests (self->workload) * ll_workload_fetch_get_delay (self->workload);
}

static gboolean
is_concurrent (LlFetchTimeline *self)
{
  return self->workload != NULL && ll_workload_get_mode (LL_WORKLOAD (self->workload)) != LL_WORKLOAD_MODE_BLOCKING;
}

/* Up to ten requests, the sequential scale still leaves the concurrent
 * run a readable tenth of the width. */
static gboolean
stretched (LlFetchTimeline *self)
{
  return is_concurrent (self) && ll_workload_fetch_get_requests (self->workload) <= 10;
}

/* The span of the run: from the first connect to the last thing that
 * happened, or now while it runs. */
static gboolean
get_span (LlFetchTimeline *self,
          gint64          *start,
          gint64          *end)
{
  guint n = n_requests (self);
  gint64 first = G_MAXINT64;
  gint64 last = 0;

  for (guint i = 0; i < n; i++)
    {
      const LlFetchRequest *r = ll_workload_fetch_get_request (self->workload, i);
      gint64 stamps[] = { r->connect_start, r->connect_end, r->send_end, r->first_byte, r->read_end };

      if (r->connect_start != 0)
        first = MIN (first, r->connect_start);
      for (guint j = 0; j < G_N_ELEMENTS (stamps); j++)
        last = MAX (last, stamps[j]);
    }

  if (first == G_MAXINT64)
    return FALSE;

  if (ll_workload_get_running (LL_WORKLOAD (self->workload)))
    last = MAX (last, g_get_monotonic_time ());

  *start = first;
  *end = MAX (last, first + MIN_SPAN);

  /* A concurrent run of a few requests is drawn on the scale of the same
   * requests one after another, so the two runs compare at a glance. */
  if (stretched (self))
    *end = MAX (*end, first + sequential_time (self));

  return TRUE;
}

static double
choose_tick_step (double pixels_per_second)
{
  const double steps[] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * pixels_per_second >= MIN_TICK_SPACING)
      return steps[i];

  return 600;
}

static void
append_legend (LlFetchTimeline *self,
               GtkSnapshot     *snapshot,
               const GdkRGBA   *text_color,
               int              width)
{
  double x = 0;
  double y = 0;
  int h = line_height (self);

  for (guint i = 0; i < N_SEGMENTS; i++)
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _(segment_names[i]));
      int w, lh;

      pango_layout_get_pixel_size (layout, &w, &lh);
      if (x > 0 && x + 14 + w > width)
        {
          x = 0;
          y += h + 2;
        }
      gtk_snapshot_append_color (snapshot, &segment_colors[i],
                                 &GRAPHENE_RECT_INIT (x, y + (h - 10) / 2.0, 10, 10));
      ll_draw_layout_at (snapshot, layout, x + 14, y, text_color);
      x += 14 + w + LEGEND_GAP;
    }
}

static double
legend_height (LlFetchTimeline *self,
               int              width)
{
  double x = 0;
  int rows = 1;

  for (guint i = 0; i < N_SEGMENTS; i++)
    {
      int w, h;

      pango_layout_get_pixel_size (ll_chart_get_layout (LL_CHART (self), _(segment_names[i])), &w, &h);
      if (x > 0 && x + 14 + w > width)
        {
          x = 0;
          rows++;
        }
      x += 14 + w + LEGEND_GAP;
    }

  return rows * (line_height (self) + 2) + 4;
}

static void
append_segment (GtkSnapshot *snapshot,
                Segment      segment,
                double       x0,
                double       x1,
                double       y,
                double       height)
{
  if (x1 <= x0)
    return;

  gtk_snapshot_append_color (snapshot, &segment_colors[segment],
                             &GRAPHENE_RECT_INIT (x0, y, MAX (x1 - x0, 1.0), height));
}

static void
ll_fetch_timeline_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  guint n = n_requests (self);
  int text_h = line_height (self);
  GdkRGBA color, text_color, grid_color;
  gint64 start, end, now = g_get_monotonic_time ();
  double legend_h, gutter, plot_x, plot_w, top, row_h, rows_h, pixels_per_second, step;
  g_autofree char *last_label = NULL;
  int w, h;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  text_color = ll_draw_with_alpha (&color, 0.8f);
  grid_color = ll_draw_with_alpha (&color, 0.12f);

  if (n == 0 || !get_span (self, &start, &end))
    {
      PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), _("Each request of a Fetch run will show here, phase by phase."));

      ll_draw_layout_at (snapshot, layout, 0, (EMPTY_HEIGHT - text_h) / 2.0, &text_color);
      return;
    }

  legend_h = legend_height (self, width);
  append_legend (self, snapshot, &text_color, width);

  last_label = g_strdup_printf ("%u", n);
  pango_layout_get_pixel_size (ll_chart_get_layout (LL_CHART (self), last_label), &w, &h);
  gutter = w + 8;
  plot_x = gutter;
  plot_w = width - gutter - 4;
  top = legend_h;
  rows_h = rows_height (n);
  row_h = rows_h / n;
  if (plot_w < 16)
    return;

  pixels_per_second = plot_w / ((end - start) / (double) G_TIME_SPAN_SECOND);
  step = choose_tick_step (pixels_per_second);

  /* The time grid and its labels. */
  for (int k = 0; k * step * pixels_per_second <= plot_w + 0.5; k++)
    {
      double seconds = k * step;
      double x = floor (plot_x + seconds * pixels_per_second);
      g_autofree char *text = NULL;
      PangoLayout *layout;
      int lw, lh;

      /* Translators: a time axis tick, seconds since the first connect */
      if (step >= 1)
        text = g_strdup_printf (_("%.0f s"), seconds);
      else if (step >= 0.1)
        text = g_strdup_printf (_("%.1f s"), seconds);
      else
        text = g_strdup_printf (_("%.2f s"), seconds);
      layout = ll_chart_get_layout (LL_CHART (self), text);
      gtk_snapshot_append_color (snapshot, &grid_color, &GRAPHENE_RECT_INIT (x, top, 1, rows_h + 3));
      pango_layout_get_pixel_size (layout, &lw, &lh);
      ll_draw_layout_at (snapshot, layout, CLAMP (x - lw / 2.0, 0, width - lw), top + rows_h + 4, &text_color);
    }

  /* The rows. */
  for (guint i = 0; i < n; i++)
    {
      const LlFetchRequest *r = ll_workload_fetch_get_request (self->workload, i);
      double y = top + i * row_h;
      /* A gap between rows while there is room for one. */
      double bar_h = row_h >= 6 ? row_h - 2 : row_h >= 3 ? row_h - 1 : MAX (row_h, 1.0);
      gint64 stamps[5] = { r->connect_start, r->connect_end, r->send_end, r->first_byte, r->read_end };
      gint64 open_end = (r->phase == LL_FETCH_PHASE_DONE || r->phase == LL_FETCH_PHASE_FAILED) ? 0 : now;

      if (r->connect_start == 0)
        continue;

      /* Each phase runs from its stamp to the next one, or to now while
       * it is the phase the request is in. */
      for (guint s = 0; s < 4; s++)
        {
          gint64 from = stamps[s];
          gint64 to = stamps[s + 1];

          if (from == 0)
            break;
          if (to == 0)
            {
              to = open_end;
              if (to == 0)
                break;
            }
          append_segment (snapshot, (Segment) s,
                          plot_x + (from - start) / (double) G_TIME_SPAN_SECOND * pixels_per_second,
                          plot_x + (to - start) / (double) G_TIME_SPAN_SECOND * pixels_per_second,
                          y, bar_h);
          if (stamps[s + 1] == 0)
            break;
        }

      if (r->phase == LL_FETCH_PHASE_FAILED)
        {
          gint64 at = r->read_end != 0 ? r->read_end : r->connect_end;
          double x = plot_x + (at - start) / (double) G_TIME_SPAN_SECOND * pixels_per_second;

          append_segment (snapshot, SEGMENT_FAILED, x - 2, x + 2, y, bar_h);
        }

      if (row_h >= text_h)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);
          PangoLayout *layout = ll_chart_get_layout (LL_CHART (self), number);
          int lw, lh;

          pango_layout_get_pixel_size (layout, &lw, &lh);
          ll_draw_layout_at (snapshot, layout, gutter - 6 - lw, y + (row_h - lh) / 2.0, &text_color);
        }
    }

  /* What the same requests take one after another. */
  if (is_concurrent (self) && sequential_time (self) > 0)
    {
      g_autofree char *note = NULL;
      PangoLayout *layout;

      if (stretched (self))
        note = g_strdup_printf (_("The whole width: what these %u requests take one after another, %.1f s."),
                                ll_workload_fetch_get_requests (self->workload),
                                sequential_time (self) / (double) G_TIME_SPAN_SECOND);
      else
        note = g_strdup_printf (_("One after another, these %u requests would take %.1f s, far off this scale."),
                                ll_workload_fetch_get_requests (self->workload),
                                sequential_time (self) / (double) G_TIME_SPAN_SECOND);
      layout = ll_chart_get_layout (LL_CHART (self), note);
      ll_draw_layout_at (snapshot, layout, 0, top + rows_h + 4 + text_h + 2, &text_color);
    }

  /* Too many rows to number each: number the first and the last. */
  if (row_h < text_h)
    {
      PangoLayout *layout;
      int lw, lh;

      layout = ll_chart_get_layout (LL_CHART (self), "1");
      pango_layout_get_pixel_size (layout, &lw, &lh);
      ll_draw_layout_at (snapshot, layout, gutter - 6 - lw, top, &text_color);
      layout = ll_chart_get_layout (LL_CHART (self), last_label);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      ll_draw_layout_at (snapshot, layout, gutter - 6 - lw, top + rows_h - lh, &text_color);
    }
}

static void
ll_fetch_timeline_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (widget);
  guint n = n_requests (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = MIN_WIDTH;
      return;
    }

  if (n == 0)
    *minimum = *natural = EMPTY_HEIGHT;
  else
    *minimum = *natural = (int) ceil (legend_height (self, for_size > 0 ? for_size : MIN_WIDTH) +
                                      rows_height (n) + line_height (self) + 8 +
                                      (is_concurrent (self) ? line_height (self) + 2 : 0));
}

static void
ll_fetch_timeline_tick (LlChart       *chart,
                        GdkFrameClock *frame_clock)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (chart);

  /* A running request's phase grows with time, change or no change. */
  if (self->workload != NULL && ll_workload_get_running (LL_WORKLOAD (self->workload)))
    ll_chart_queue_draw (chart);
}

static void
requests_changed (LlFetchTimeline *self)
{
  guint n = n_requests (self);

  /* Between runs the picture stands still: no frames for it. */
  ll_chart_set_animated (LL_CHART (self),
                         self->workload != NULL && ll_workload_get_running (LL_WORKLOAD (self->workload)));

  if (n != self->last_n_requests)
    {
      self->last_n_requests = n;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ll_fetch_timeline_dispose (GObject *object)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (object);

  ll_fetch_timeline_set_workload (self, NULL);

  G_OBJECT_CLASS (ll_fetch_timeline_parent_class)->dispose (object);
}

static void
ll_fetch_timeline_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_WORKLOAD:
      g_value_set_object (value, self->workload);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_fetch_timeline_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LlFetchTimeline *self = LL_FETCH_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_WORKLOAD:
      ll_fetch_timeline_set_workload (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_fetch_timeline_class_init (LlFetchTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlChartClass *chart_class = LL_CHART_CLASS (klass);

  object_class->dispose = ll_fetch_timeline_dispose;
  object_class->get_property = ll_fetch_timeline_get_property;
  object_class->set_property = ll_fetch_timeline_set_property;

  widget_class->measure = ll_fetch_timeline_measure;
  widget_class->snapshot = ll_fetch_timeline_snapshot;

  chart_class->tick = ll_fetch_timeline_tick;

  /**
   * LlFetchTimeline:workload:
   *
   * The Fetch workload whose requests are drawn, or %NULL.
   */
  properties[PROP_WORKLOAD] =
    g_param_spec_object ("workload", NULL, NULL,
                         LL_TYPE_WORKLOAD_FETCH,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "fetchtimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_fetch_timeline_init (LlFetchTimeline *self)
{
  ll_chart_set_animated (LL_CHART (self), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Fetch timeline"),
                                  -1);
}

/**
 * ll_fetch_timeline_new:
 *
 * Returns: (transfer floating): a new, empty timeline
 */
GtkWidget *
ll_fetch_timeline_new (void)
{
  return g_object_new (LL_TYPE_FETCH_TIMELINE, NULL);
}

/**
 * ll_fetch_timeline_get_workload:
 * @self: a #LlFetchTimeline
 *
 * Returns: (transfer none) (nullable): the workload drawn
 */
LlWorkloadFetch *
ll_fetch_timeline_get_workload (LlFetchTimeline *self)
{
  g_return_val_if_fail (LL_IS_FETCH_TIMELINE (self), NULL);

  return self->workload;
}

/**
 * ll_fetch_timeline_set_workload:
 * @self: a #LlFetchTimeline
 * @workload: (nullable): a Fetch workload
 *
 * Draws the requests of @workload's current or last run.
 */
void
ll_fetch_timeline_set_workload (LlFetchTimeline *self,
                                LlWorkloadFetch *workload)
{
  g_return_if_fail (LL_IS_FETCH_TIMELINE (self));
  g_return_if_fail (workload == NULL || LL_IS_WORKLOAD_FETCH (workload));

  if (self->workload == workload)
    return;

  if (self->workload != NULL)
    g_signal_handlers_disconnect_by_data (self->workload, self);
  g_set_object (&self->workload, workload);
  if (workload != NULL)
    {
      g_signal_connect_object (workload, "request-changed",
                               G_CALLBACK (requests_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workload, "notify::running",
                               G_CALLBACK (requests_changed), self, G_CONNECT_SWAPPED);
    }

  requests_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKLOAD]);
}
