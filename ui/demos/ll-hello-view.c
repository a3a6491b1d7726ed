/* ll-hello-view.c: gathered hello tasks on one time axis
 *
 * One lane per task: a blue mark where it said "Hello world!", its sleep
 * as green free time, an orange mark where it said "Awake again!".  All
 * lanes share the time axis, so n tasks that each sleep a second stack
 * up over the same second rather than follow one another.  Beyond
 * LL_HELLO_VIEW_MAX_LANES tasks the lanes fold into one band: per pixel
 * column, how many said hello there, how many woke, and between them
 * how many were asleep at once.  The line marks now while a run is on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-hello-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-draw-cairo.h"
#include "ll-hello-view.h"

#define HEIGHT       300
#define LABEL_W      64.0
#define MARGIN       16.0
#define TOP          28.0
#define AXIS_H       40.0

struct _LlHelloView
{
  LlSimView     parent_instance;

  /* borrowed references */
  LlHelloModel *model;       /* the base's */

  /* state */
  gint64        now;         /* the frame time of the last tick */
  guint         next;        /* the task a step resumes, or 0 */
};

G_DEFINE_FINAL_TYPE (LlHelloView, ll_hello_view, LL_TYPE_SIM_VIEW)

#define hello_color ll_sim_blue
#define awake_color ll_sim_orange
#define free_color  ll_sim_free_green

static gboolean
ll_hello_view_frame (LlSimView *view,
                     gint64     frame_time)
{
  LlHelloView *self = LL_HELLO_VIEW (view);

  self->now = frame_time;

  return ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

static void
running_cb (LlHelloView *self)
{
  if (ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    {
      self->now = ll_hello_model_get_start_time (self->model);
      ll_sim_view_start_ticking (LL_SIM_VIEW (self));
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The span the axis shows: the sleep and a little more, or the whole run
 * if it took longer. */
static double
axis_span (LlHelloView *self)
{
  double span = ll_hello_model_get_sleep_msec (self->model) * 1000.0 * 1.2;
  gint64 elapsed = ll_hello_model_get_elapsed (self->model);

  if (elapsed > 0)
    span = MAX (span, elapsed * 1.05);

  return span;
}

static void
draw_axis (LlHelloView   *self,
           cairo_t       *cr,
           PangoLayout   *layout,
           const GdkRGBA *fg,
           double         x0,
           double         x1,
           double         y,
           double         span)
{
  double seconds = span / G_TIME_SPAN_SECOND;
  double step = seconds > 4 ? 1.0 : seconds > 1.5 ? 0.5 : seconds > 0.6 ? 0.2 : 0.1;

  ll_draw_set_source_alpha (cr, fg, 0.35);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x0, y + 0.5);
  cairo_line_to (cr, x1, y + 0.5);
  cairo_stroke (cr);

  ll_draw_set_source_alpha (cr, fg, 0.7);
  for (int i = 0; i * step <= seconds + 1e-9; i++)
    {
      double x = x0 + i * step / seconds * (x1 - x0);
      g_autofree char *label = g_strdup_printf (step < 1 ? "%.1f s" : "%.0f s", i * step);

      cairo_rectangle (cr, x, y, 1, 4);
      cairo_fill (cr);
      ll_draw_text_at (cr, layout, label, x, y + 14, 0.5);
    }
}

static void
draw_lanes (LlHelloView   *self,
            cairo_t       *cr,
            const GdkRGBA *fg,
            double         x0,
            double         x1,
            double         top,
            double         bottom,
            double         span,
            gint64         now)
{
  PangoLayout *small = ll_sim_view_get_layout (LL_SIM_VIEW (self), LL_SIM_TEXT_SMALL);
  const gint64 *hello, *awake;
  guint n;
  double lane_h;

  hello = ll_hello_model_get_hello_times (self->model, &n);
  awake = ll_hello_model_get_awake_times (self->model, &n);
  lane_h = MIN (40.0, (bottom - top) / n);

  for (guint i = 0; i < n; i++)
    {
      double y = top + i * lane_h;
      double mid = y + lane_h / 2.0;
      double bar_h = MAX (2.0, lane_h * 0.5);
      gboolean words = lane_h >= 24 && n <= 8;

      if (lane_h >= 12)
        {
          g_autofree char *name = g_strdup_printf (_("task %u"), i + 1);

          ll_draw_set_source_alpha (cr, fg, i + 1 == self->next ? 1.0 : 0.7);
          ll_draw_text_at (cr, small, name, MARGIN, mid, 0.0);
        }
      if (i + 1 == self->next)
        {
          /* The task the next step resumes. */
          ll_draw_rounded_rect (cr, x0 - 4, y + 1, x1 - x0 + 8, lane_h - 2, 4);
          ll_draw_set_source_alpha (cr, &ll_sim_amber, 0.25);
          cairo_fill (cr);
        }
      if (hello[i] < 0)
        continue;

      {
        double hx = x0 + hello[i] / span * (x1 - x0);
        gint64 end = awake[i] >= 0 ? awake[i] : now;
        double ax = x0 + MAX (end, hello[i]) / span * (x1 - x0);

        ll_draw_rounded_rect (cr, hx, mid - bar_h / 2.0, MAX (MIN (ax, x1) - hx, 1), bar_h, MIN (4, bar_h / 2.0));
        ll_draw_set_source_alpha (cr, &free_color, 0.35);
        cairo_fill (cr);
        if (words && awake[i] < 0)
          {
            ll_draw_set_source_alpha (cr, fg, 0.6);
            ll_draw_text_at (cr, small, _("asleep: the loop is free"), (hx + MIN (ax, x1)) / 2.0, mid, 0.5);
          }

        gdk_cairo_set_source_rgba (cr, &hello_color);
        cairo_arc (cr, hx, mid, MAX (2.0, MIN (6.0, lane_h / 4.0)), 0, 2 * G_PI);
        cairo_fill (cr);
        if (words)
          /* What the task printed, as it printed it. */
          ll_draw_text_at (cr, small, "Hello world!", hx + 8, y + 6, 0.0);

        if (awake[i] >= 0)
          {
            gdk_cairo_set_source_rgba (cr, &awake_color);
            cairo_arc (cr, MIN (ax, x1), mid, MAX (2.0, MIN (6.0, lane_h / 4.0)), 0, 2 * G_PI);
            cairo_fill (cr);
            if (words)
              ll_draw_text_at (cr, small, "Awake again!", MIN (ax, x1) - 8, y + lane_h - 6, 1.0);
          }
      }
    }
}

/* Many tasks: per pixel column, the hellos said there (blue, from the
 * top), the wakes (orange, from the bottom), and how many slept at once
 * (green, the band's height). */
static void
draw_band (LlHelloView   *self,
           cairo_t       *cr,
           const GdkRGBA *fg,
           double         x0,
           double         x1,
           double         top,
           double         bottom,
           double         span,
           gint64         now)
{
  PangoLayout *small = ll_sim_view_get_layout (LL_SIM_VIEW (self), LL_SIM_TEXT_SMALL);
  int columns = MAX (1, (int) (x1 - x0));
  g_autofree guint *hellos = g_new0 (guint, columns + 1);
  g_autofree guint *wakes = g_new0 (guint, columns + 1);
  const gint64 *hello, *awake;
  guint n, most = 1, asleep = 0;
  double h = bottom - top;
  g_autofree char *label = NULL;

  hello = ll_hello_model_get_hello_times (self->model, &n);
  awake = ll_hello_model_get_awake_times (self->model, &n);
  for (guint i = 0; i < n; i++)
    {
      if (hello[i] >= 0)
        hellos[CLAMP ((int) (hello[i] / span * columns), 0, columns)]++;
      if (awake[i] >= 0)
        wakes[CLAMP ((int) (awake[i] / span * columns), 0, columns)]++;
    }
  for (int c = 0; c <= columns; c++)
    most = MAX (most, MAX (hellos[c], wakes[c]));

  ll_draw_set_source_alpha (cr, &free_color, 0.35);
  for (int c = 0; c <= columns; c++)
    {
      double t = (c + 1) / (double) columns * span;

      asleep += hellos[c];
      asleep -= MIN (asleep, wakes[c]);
      if (t > now + span / columns || asleep == 0)
        continue;
      cairo_rectangle (cr, x0 + c, bottom - h * asleep / n, 1, h * asleep / n);
    }
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &hello_color);
  for (int c = 0; c <= columns; c++)
    {
      if (hellos[c] > 0)
        cairo_rectangle (cr, x0 + c, top, 1, MAX (2.0, h * 0.3 * hellos[c] / most));
    }
  cairo_fill (cr);
  gdk_cairo_set_source_rgba (cr, &awake_color);
  for (int c = 0; c <= columns; c++)
    {
      if (wakes[c] > 0)
        {
          double bar = MAX (2.0, h * 0.3 * wakes[c] / most);

          cairo_rectangle (cr, x0 + c, bottom - bar, 1, bar);
        }
    }
  cairo_fill (cr);

  ll_draw_set_source_alpha (cr, fg, 0.7);
  label = g_strdup_printf (ngettext ("%u task", "%u tasks", n), n);
  ll_draw_text_at (cr, small, label, MARGIN, (top + bottom) / 2.0, 0.0);
  ll_draw_text_at (cr, small, _("Blue: hellos said. Green: how many sleep at once. Orange: wakes."),
                   x0, top - 12, 0.0);
}

static void
ll_hello_view_draw (LlSimView     *view,
                    cairo_t       *cr,
                    int            width,
                    int            height,
                    const GdkRGBA *fg)
{
  LlHelloView *self = LL_HELLO_VIEW (view);
  PangoLayout *layout = ll_sim_view_get_layout (view, LL_SIM_TEXT_BODY);
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));
  gint64 start = ll_hello_model_get_start_time (self->model);
  gint64 elapsed = ll_hello_model_get_elapsed (self->model);
  guint n_hello = ll_hello_model_get_n_hello (self->model);
  double x0 = LABEL_W + MARGIN;
  double x1 = width - MARGIN;
  double bottom = height - AXIS_H;
  double span = axis_span (self);
  gint64 now;

  if (n_hello == 0 && !running)
    {
      ll_draw_set_source_alpha (cr, fg, 0.7);
      ll_draw_text_at (cr, layout, _("Press Run to gather the tasks, or Step to resume them one at a time."),
                       width / 2.0, height / 2.0, 0.5);
      return;
    }

  /* Now, on the axis: the run's end once it is over. */
  now = running ? MAX (self->now - start, 0) : (elapsed >= 0 ? elapsed : MAX (self->now - start, 0));

  if (ll_hello_view_is_folded (self))
    draw_band (self, cr, fg, x0, x1, TOP + 8, bottom - 8, span, now);
  else
    draw_lanes (self, cr, fg, x0, x1, TOP - 16, bottom - 4, span, now);

  draw_axis (self, cr, layout, fg, x0, x1, bottom, span);

  if (running && now <= span)
    {
      double x = x0 + now / span * (x1 - x0);

      ll_draw_set_source_alpha (cr, fg, 0.5);
      cairo_rectangle (cr, x, TOP - 20, 1, bottom - TOP + 20);
      cairo_fill (cr);
    }
}

static void
ll_hello_view_constructed (GObject *object)
{
  LlHelloView *self = LL_HELLO_VIEW (object);

  G_OBJECT_CLASS (ll_hello_view_parent_class)->constructed (object);

  self->model = LL_HELLO_MODEL (ll_sim_view_get_model (LL_SIM_VIEW (self)));
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
}

static void
ll_hello_view_dispose (GObject *object)
{
  LL_HELLO_VIEW (object)->model = NULL;

  G_OBJECT_CLASS (ll_hello_view_parent_class)->dispose (object);
}

static void
ll_hello_view_class_init (LlHelloViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->constructed = ll_hello_view_constructed;
  object_class->dispose = ll_hello_view_dispose;

  view_class->draw = ll_hello_view_draw;
  view_class->frame = ll_hello_view_frame;
  ll_sim_view_class_set_size (view_class, 360, 640, HEIGHT);

  gtk_widget_class_set_css_name (widget_class, "helloview");
}

static void
ll_hello_view_init (LlHelloView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The gathered tasks on one time axis"),
                                  -1);
}

/**
 * ll_hello_view_new:
 * @model: the model to draw
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
ll_hello_view_new (LlHelloModel *model)
{
  g_return_val_if_fail (LL_IS_HELLO_MODEL (model), NULL);

  return g_object_new (LL_TYPE_HELLO_VIEW, "model", model, NULL);
}

/**
 * ll_hello_view_set_next:
 * @self: a view
 * @number: the task the next step resumes, from 1; 0 for none
 *
 * Marks that task's lane.
 */
void
ll_hello_view_set_next (LlHelloView *self,
                        guint        number)
{
  g_return_if_fail (LL_IS_HELLO_VIEW (self));

  if (self->next == number)
    return;

  self->next = number;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * ll_hello_view_is_folded:
 * @self: a view
 *
 * Returns: whether the run has too many tasks for a lane each, and
 *   the view draws them as one band
 */
gboolean
ll_hello_view_is_folded (LlHelloView *self)
{
  g_return_val_if_fail (LL_IS_HELLO_VIEW (self), FALSE);

  return ll_hello_model_get_n_tasks (self->model) > LL_HELLO_VIEW_MAX_LANES;
}
