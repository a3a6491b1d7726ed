/* ll-server-view.c: the server page's chart and its connections
 *
 * LlServerChart: the last 30 seconds of requests answered per second
 * (a blue area, on its own scale) and of the load's latency, p50 and
 * p99 (orange lines, on a log scale from 0.1 ms to 10 s, since a
 * blocking handler takes it from a millisecond to seconds).
 *
 * LlServerConnections: one row per open connection, what its coroutine
 * is doing, the requests it has answered and its bytes; beyond the rows
 * a snapshot carries, one band that counts the rest by state.
 *
 * Both draw only when the page gives them new figures, four times a
 * second while the server runs, and never on a tick of their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-server-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-server-view.h"
#include "ll-sim-view.h"

#define SPAN        (30 * G_TIME_SPAN_SECOND)
#define CHART_H     270
#define MARGIN      12.0
#define LEFT        72.0
#define ROW_H       20
#define LAT_MIN_US  100.0
#define LAT_MAX_US  (10.0 * G_USEC_PER_SEC)

typedef struct
{
  gint64 time;
  double rate;
  gint64 p50;
  gint64 p99;
} Sample;

struct _LlServerChart
{
  GtkWidget  parent_instance;

  GArray    *samples;   /* Sample, oldest first, the last SPAN */
};

G_DEFINE_FINAL_TYPE (LlServerChart, ll_server_chart, GTK_TYPE_WIDGET)

static double
nice_ceiling (double value)
{
  double step = pow (10, floor (log10 (MAX (value, 1))));

  for (double m = 1; ; m++)
    if (m * step >= value)
      return m * step;
}

static double
latency_y (gint64 usec,
           double top,
           double height)
{
  double v = CLAMP ((double) usec, LAT_MIN_US, LAT_MAX_US);
  double f = log10 (v / LAT_MIN_US) / log10 (LAT_MAX_US / LAT_MIN_US);

  return top + height * (1 - f);
}

static void
ll_server_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  LlServerChart *self = LL_SERVER_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - LEFT - MARGIN;
  double rate_top = MARGIN + 16, rate_h = (height - 3 * MARGIN - 48) * 0.4;
  double lat_top = rate_top + rate_h + MARGIN + 16, lat_h = height - lat_top - MARGIN - 16;
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  const char *latency_marks[] = { "0.1 ms", "1 ms", "10 ms", "100 ms", "1 s", "10 s" };
  GdkRGBA fg;
  gint64 end;
  double max_rate = 0, scale;
  cairo_t *cr;

  if (plot_w <= 10 || lat_h <= 10)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  end = self->samples->len > 0 ? g_array_index (self->samples, Sample, self->samples->len - 1).time : 0;
  for (guint i = 0; i < self->samples->len; i++)
    max_rate = MAX (max_rate, g_array_index (self->samples, Sample, i).rate);
  scale = nice_ceiling (max_rate);

  /* Axes, their grid and labels */
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &fg);
  ll_draw_text_at (cr, layout, _("Requests answered per second"), LEFT, MARGIN - 2, 0);
  ll_draw_text_at (cr, layout, _("Latency of the load’s requests: p50 (thin), p99 (thick)"),
                   LEFT, rate_top + rate_h + MARGIN - 2, 0);
  {
    g_autofree char *top = g_strdup_printf ("%.0f", scale);

    ll_draw_text_at (cr, layout, top, LEFT - 6, rate_top, 1);
    ll_draw_text_at (cr, layout, "0", LEFT - 6, rate_top + rate_h, 1);
  }
  for (guint i = 0; i < G_N_ELEMENTS (latency_marks); i++)
    {
      double y = latency_y ((gint64) (LAT_MIN_US * pow (10, i)), lat_top, lat_h);

      gdk_cairo_set_source_rgba (cr, &fg);
      ll_draw_text_at (cr, layout, latency_marks[i], LEFT - 6, y, 1);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_move_to (cr, LEFT, floor (y) + 0.5);
      cairo_line_to (cr, LEFT + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
    }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.3);
  cairo_rectangle (cr, LEFT + 0.5, rate_top + 0.5, plot_w - 1, rate_h - 1);
  cairo_rectangle (cr, LEFT + 0.5, lat_top + 0.5, plot_w - 1, lat_h - 1);
  cairo_stroke (cr);
  gdk_cairo_set_source_rgba (cr, &fg);
  ll_draw_text_at (cr, layout, _("30 s ago"), LEFT, lat_top + lat_h + 8, 0);
  ll_draw_text_at (cr, layout, _("now"), LEFT + plot_w, lat_top + lat_h + 8, 1);

  if (self->samples->len >= 2)
    {
      /* The rate, an area */
      cairo_save (cr);
      cairo_rectangle (cr, LEFT, rate_top, plot_w, rate_h);
      cairo_clip (cr);
      cairo_move_to (cr, LEFT + plot_w * (1 - (double) (end - g_array_index (self->samples, Sample, 0).time) / SPAN),
                     rate_top + rate_h);
      for (guint i = 0; i < self->samples->len; i++)
        {
          Sample *s = &g_array_index (self->samples, Sample, i);
          double x = LEFT + plot_w * (1 - (double) (end - s->time) / SPAN);

          cairo_line_to (cr, x, rate_top + rate_h * (1 - s->rate / scale));
        }
      cairo_line_to (cr, LEFT + plot_w, rate_top + rate_h);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, ll_sim_blue.red, ll_sim_blue.green, ll_sim_blue.blue, 0.35);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &ll_sim_blue);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_restore (cr);

      /* The latencies, two lines, broken where no request was measured */
      cairo_save (cr);
      cairo_rectangle (cr, LEFT, lat_top, plot_w, lat_h);
      cairo_clip (cr);
      gdk_cairo_set_source_rgba (cr, &ll_sim_orange);
      for (guint line = 0; line < 2; line++)
        {
          gboolean drawing = FALSE;

          cairo_set_line_width (cr, line == 0 ? 1.0 : 2.5);
          for (guint i = 0; i < self->samples->len; i++)
            {
              Sample *s = &g_array_index (self->samples, Sample, i);
              gint64 value = line == 0 ? s->p50 : s->p99;
              double x = LEFT + plot_w * (1 - (double) (end - s->time) / SPAN);

              if (value <= 0)
                {
                  drawing = FALSE;
                  continue;
                }
              if (drawing)
                cairo_line_to (cr, x, latency_y (value, lat_top, lat_h));
              else
                cairo_move_to (cr, x, latency_y (value, lat_top, lat_h));
              drawing = TRUE;
            }
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }

  cairo_destroy (cr);
}

static void
ll_server_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? CHART_H : 300;
}

static void
ll_server_chart_finalize (GObject *object)
{
  LlServerChart *self = LL_SERVER_CHART (object);

  g_array_unref (self->samples);

  G_OBJECT_CLASS (ll_server_chart_parent_class)->finalize (object);
}

static void
ll_server_chart_class_init (LlServerChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ll_server_chart_finalize;
  widget_class->snapshot = ll_server_chart_snapshot;
  widget_class->measure = ll_server_chart_measure;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_server_chart_init (LlServerChart *self)
{
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Requests per second and latency, the last 30 seconds"), -1);
}

GtkWidget *
ll_server_chart_new (void)
{
  return g_object_new (LL_TYPE_SERVER_CHART, NULL);
}

void
ll_server_chart_clear (LlServerChart *self)
{
  g_return_if_fail (LL_IS_SERVER_CHART (self));

  g_array_set_size (self->samples, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ll_server_chart_add:
 * @self: a chart
 * @time: monotonic µs
 * @rate: requests answered per second, around @time
 * @p50: the load's median latency around @time, µs; 0 for none measured
 * @p99: its 99th percentile
 */
void
ll_server_chart_add (LlServerChart *self,
                     gint64         time,
                     double         rate,
                     gint64         p50,
                     gint64         p99)
{
  Sample sample = { time, rate, p50, p99 };
  guint old = 0;

  g_return_if_fail (LL_IS_SERVER_CHART (self));

  g_array_append_val (self->samples, sample);
  while (old < self->samples->len && g_array_index (self->samples, Sample, old).time < time - SPAN)
    old++;
  if (old > 0)
    g_array_remove_range (self->samples, 0, old);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The connections */

struct _LlServerConnections
{
  GtkWidget  parent_instance;

  /* LlHttpServerSnapshot, one per worker */
  GPtrArray *snapshots;
  guint      n_rows;
  guint      n_more;
};

G_DEFINE_FINAL_TYPE (LlServerConnections, ll_server_connections, GTK_TYPE_WIDGET)

/**
 * ll_server_state_get_label:
 * @state: what a connection's coroutine does
 *
 * Returns: its name, as the page says it
 */
const char *
ll_server_state_get_label (LlHttpConnectionState state)
{
  switch (state)
    {
    case LL_HTTP_CONNECTION_READING:
      return _("reading a request");
    case LL_HTTP_CONNECTION_HANDLING:
      return _("handling");
    case LL_HTTP_CONNECTION_WRITING:
      return _("writing the answer");
    case LL_HTTP_CONNECTION_IDLE:
    default:
      return _("waiting for the next request");
    }
}

static const GdkRGBA *
state_color (LlHttpConnectionState state)
{
  switch (state)
    {
    case LL_HTTP_CONNECTION_READING:
      return &ll_sim_blue;
    case LL_HTTP_CONNECTION_HANDLING:
      return &ll_sim_orange;
    case LL_HTTP_CONNECTION_WRITING:
      return &ll_sim_amber;
    case LL_HTTP_CONNECTION_IDLE:
    default:
      return &ll_sim_green;
    }
}

static char *
format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

static void
ll_server_connections_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  LlServerConnections *self = LL_SERVER_CONNECTIONS (widget);
  double width = gtk_widget_get_width (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  gboolean workers = self->snapshots->len > 1;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  double first_y = 0, last_y = G_MAXDOUBLE;
  guint row = 0;
  guint by_state[4] = { 0 };
  GdkRGBA fg;
  cairo_t *cr;

  if (scrolled != NULL)
    {
      GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      first_y = gtk_adjustment_get_value (v);
      last_y = first_y + gtk_adjustment_get_page_size (v);
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, 0, width, gtk_widget_get_height (widget)));

  if (self->n_rows == 0 && self->n_more == 0)
    {
      gdk_cairo_set_source_rgba (cr, &fg);
      ll_draw_text_at (cr, layout, _("No connection open."), MARGIN, ROW_H / 2.0, 0);
      cairo_destroy (cr);
      return;
    }

  for (guint w = 0; w < self->snapshots->len; w++)
    {
      LlHttpServerSnapshot *s = g_ptr_array_index (self->snapshots, w);

      for (guint i = 0; i < s->connections->len; i++, row++)
        {
          LlHttpConnectionInfo *info = &g_array_index (s->connections, LlHttpConnectionInfo, i);
          double y = row * ROW_H;

          /* Only the rows the scrolled window shows: a page of text
           * layouts costs the window's loop more than its server. */
          if (y + ROW_H < first_y || y > last_y)
            continue;
          g_autofree char *id = NULL;
          g_autofree char *in = NULL;
          g_autofree char *out = NULL;
          g_autofree char *counts = NULL;

          id = workers ? g_strdup_printf ("%u·#%" G_GUINT64_FORMAT, w + 1, info->id)
                                        : g_strdup_printf ("#%" G_GUINT64_FORMAT, info->id);
          in = format_bytes (info->bytes_in);
          out = format_bytes (info->bytes_out);
          /* Translators: a connection's counts: requests answered, bytes read and written */
          counts = g_strdup_printf (_("%llu requests · in %s · out %s"),
                                    (unsigned long long) info->requests, in, out);

          if (row % 2 == 1)
            {
              cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.04);
              cairo_rectangle (cr, 0, y, width, ROW_H);
              cairo_fill (cr);
            }
          gdk_cairo_set_source_rgba (cr, &fg);
          ll_draw_text_at (cr, layout, id, MARGIN + 56, y + ROW_H / 2.0, 1);
          gdk_cairo_set_source_rgba (cr, state_color (info->state));
          cairo_arc (cr, MARGIN + 72, y + ROW_H / 2.0, 5, 0, 2 * G_PI);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          ll_draw_text_at (cr, layout, ll_server_state_get_label (info->state), MARGIN + 84, y + ROW_H / 2.0, 0);
          ll_draw_text_at (cr, layout, counts, width - MARGIN, y + ROW_H / 2.0, 1);
        }

      /* What the rows leave out */
      for (guint st = 0; st < G_N_ELEMENTS (by_state); st++)
        by_state[st] += s->n_by_state[st];
      for (guint i = 0; i < s->connections->len; i++)
        {
          LlHttpConnectionInfo *info = &g_array_index (s->connections, LlHttpConnectionInfo, i);

          if (info->state < G_N_ELEMENTS (by_state) && by_state[info->state] > 0)
            by_state[info->state]--;
        }
    }

  if (self->n_more > 0)
    {
      double y = row * ROW_H + 4;
      g_autofree char *text = NULL;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
      cairo_rectangle (cr, 0, y - 2, width, ROW_H + 4);
      cairo_fill (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      /* Translators: the connections beyond the rows, counted by state */
      text = g_strdup_printf (ngettext ("and %u more connection: %u reading, %u handling, %u writing, %u waiting",
                                        "and %u more connections: %u reading, %u handling, %u writing, %u waiting",
                                        self->n_more),
                              self->n_more,
                              by_state[LL_HTTP_CONNECTION_READING], by_state[LL_HTTP_CONNECTION_HANDLING],
                              by_state[LL_HTTP_CONNECTION_WRITING], by_state[LL_HTTP_CONNECTION_IDLE]);
      ll_draw_text_at (cr, layout, text, MARGIN, y + ROW_H / 2.0, 0);
    }

  cairo_destroy (cr);
}

static void
ll_server_connections_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  LlServerConnections *self = LL_SERVER_CONNECTIONS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 300;
  else
    *minimum = *natural = MAX (1, self->n_rows) * ROW_H + (self->n_more > 0 ? ROW_H + 8 : 0);
}

static void
ll_server_connections_finalize (GObject *object)
{
  LlServerConnections *self = LL_SERVER_CONNECTIONS (object);

  g_ptr_array_unref (self->snapshots);

  G_OBJECT_CLASS (ll_server_connections_parent_class)->finalize (object);
}

static void
ll_server_connections_class_init (LlServerConnectionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ll_server_connections_finalize;
  widget_class->snapshot = ll_server_connections_snapshot;
  widget_class->measure = ll_server_connections_measure;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_server_connections_init (LlServerConnections *self)
{
  self->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_http_server_snapshot_unref);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open connections"), -1);
}

GtkWidget *
ll_server_connections_new (void)
{
  return g_object_new (LL_TYPE_SERVER_CONNECTIONS, NULL);
}

/**
 * ll_server_connections_set:
 * @self: the rows
 * @snapshots: (array length=n_snapshots): one per worker
 * @n_snapshots: how many
 *
 * Shows the connections of these snapshots.  Lays the widget out again
 * only when the number of rows changes.
 */
void
ll_server_connections_set (LlServerConnections         *self,
                           const LlHttpServerSnapshot **snapshots,
                           guint                        n_snapshots)
{
  guint n_rows = 0, n_more = 0;

  g_return_if_fail (LL_IS_SERVER_CONNECTIONS (self));

  g_ptr_array_set_size (self->snapshots, 0);
  for (guint i = 0; i < n_snapshots; i++)
    {
      g_ptr_array_add (self->snapshots, ll_http_server_snapshot_ref ((LlHttpServerSnapshot *) snapshots[i]));
      n_rows += snapshots[i]->connections->len;
      n_more += snapshots[i]->n_connections - snapshots[i]->connections->len;
    }

  if (n_rows != self->n_rows || (n_more > 0) != (self->n_more > 0))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  self->n_rows = n_rows;
  self->n_more = n_more;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
