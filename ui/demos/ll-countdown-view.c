/* ll-countdown-view.c: a countdown on a timeline, its pauses as free time
 *
 * Above, the producer and the consumer, and the number that went from
 * one to the other last.  Below, a timeline of the run, one second per
 * pause: each number where the consumer received it, and between two
 * numbers the pause, shaded as time the loop is free.  The thin ticks in
 * a pause are the frames the window's clock ran while the countdown slept:
 * proof that the loop was running everything else meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-countdown-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ll-countdown-view.h"
#include "ll-draw.h"
#include "ll-draw-cairo.h"
#include "ll-sim-view.h"

#define TOP_HEIGHT     78
#define TIMELINE_TOP   (TOP_HEIGHT + 30)
#define TIMELINE_H     40
#define MARGIN         24.0
#define HEIGHT         (TIMELINE_TOP + TIMELINE_H + 54)

struct _LlCountdownView
{
  LlSimView parent_instance;

  /* borrowed references */
  LlCountdownModel *model;       /* the base's */

  /* owned references */
  GArray           *frames;      /* gint64: frame times drawn during the run */

  /* state */
  gint64            now;          /* the frame time of the last tick */
  guint             n_free_frames;
};

G_DEFINE_FINAL_TYPE (LlCountdownView, ll_countdown_view, LL_TYPE_SIM_VIEW)

#define producer_color ll_sim_blue
#define consumer_color ll_sim_green
#define free_color     ll_sim_free_green

/* Every frame of a run, to show the time and the frames of the pause. */
static gboolean
ll_countdown_view_frame (LlSimView *view,
                         gint64     frame_time)
{
  LlCountdownView *self = LL_COUNTDOWN_VIEW (view);

  self->now = frame_time;
  if (ll_countdown_model_get_wake_time (self->model) >= 0)
    {
      /* A frame while the countdown sleeps: the loop is free. */
      g_array_append_val (self->frames, self->now);
      self->n_free_frames++;
    }

  return ll_sim_model_get_running (LL_SIM_MODEL (self->model));
}

static void
running_cb (LlCountdownView *self)
{
  if (ll_sim_model_get_running (LL_SIM_MODEL (self->model)))
    {
      g_array_set_size (self->frames, 0);
      self->n_free_frames = 0;
      self->now = ll_countdown_model_get_start_time (self->model);
      ll_sim_view_start_ticking (LL_SIM_VIEW (self));
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_box (cairo_t       *cr,
          PangoLayout   *layout,
          const GdkRGBA *color,
          const char    *title,
          const char    *subtitle,
          double         x,
          double         y,
          double         w,
          double         h)
{
  ll_draw_rounded_rect (cr, x, y, w, h, 8);
  ll_draw_set_source_alpha (cr, color, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
  ll_draw_markup_at (cr, layout, title, x + w / 2.0, y + h / 2.0, 0.5, 1.0);
  ll_draw_set_source_alpha (cr, color, 0.8);
  ll_draw_text_at (cr, layout, subtitle, x + w / 2.0, y + h / 2.0 + 9, 0.5);
}

static void
ll_countdown_view_draw (LlSimView     *view,
                        cairo_t       *cr,
                        int            width,
                        int            height,
                        const GdkRGBA *fg)
{
  LlCountdownView *self = LL_COUNTDOWN_VIEW (view);
  PangoLayout *layout = ll_sim_view_get_layout (view, LL_SIM_TEXT_BODY);
  PangoLayout *big = ll_sim_view_get_layout (view, LL_SIM_TEXT_NUMBER);
  guint from = ll_countdown_model_get_from (self->model);
  guint value = ll_countdown_model_get_value (self->model);
  gint64 start = ll_countdown_model_get_start_time (self->model);
  gint64 wake = ll_countdown_model_get_wake_time (self->model);
  gboolean running = ll_sim_model_get_running (LL_SIM_MODEL (self->model));
  double span = MAX (from - 1, 1) * (double) G_TIME_SPAN_SECOND;
  double x0 = MARGIN;
  double x1 = width - MARGIN;
  double box_w = MIN (170.0, width * 0.3);
  const gint64 *received;
  guint n_received;
  g_autofree char *subtitle = NULL;

  received = ll_countdown_model_get_received_at (self->model, &n_received);

  /* The producer, the consumer, and the last number sent. */
  if (wake >= 0)
    subtitle = g_strdup_printf (_("asleep: %.1f s to go"), MAX (0, wake - self->now) / (double) G_TIME_SPAN_SECOND);
  else
    subtitle = g_strdup (running ? _("running") : n_received > 0 ? _("finished") : _("not started"));
  draw_box (cr, layout, &producer_color, _("<b>producer</b> (task)"), subtitle,
            x0, 8, box_w, TOP_HEIGHT - 16);
  draw_box (cr, layout, &consumer_color, _("<b>consumer</b> (generator)"),
            n_received > 0 ? _("printed it") : _("waits at its yield"),
            x1 - box_w, 8, box_w, TOP_HEIGHT - 16);

  {
    double ax0 = x0 + box_w + 10;
    double ax1 = x1 - box_w - 10;
    double y = TOP_HEIGHT / 2.0;
    g_autofree char *sent = value > 0 ? g_strdup_printf ("send(%u)", value) : g_strdup ("send(None)");

    cairo_set_line_width (cr, 2.0);
    gdk_cairo_set_source_rgba (cr, &producer_color);
    ll_draw_arrow (cr, ax0, ax1, y, 10, 10);
    if (value > 0)
      {
        g_autofree char *number = g_strdup_printf ("%u", value);

        ll_draw_text_at (cr, big, number, (ax0 + ax1) / 2.0, y - 16, 0.5);
      }
    ll_draw_set_source_alpha (cr, fg, 0.7);
    ll_draw_text_at (cr, layout, sent, (ax0 + ax1) / 2.0, y + 14, 0.5);
  }

  /* The timeline: the pauses first, as free time, with the frames the
   * loop drew in them; then the numbers on top. */
  ll_draw_set_source_alpha (cr, fg, 0.7);
  ll_draw_text_at (cr, layout, _("time →"), x0, TIMELINE_TOP - 14, 0.0);
  ll_draw_set_source_alpha (cr, fg, 0.25);
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x0, TIMELINE_TOP + TIMELINE_H / 2.0);
  cairo_line_to (cr, x1, TIMELINE_TOP + TIMELINE_H / 2.0);
  cairo_stroke (cr);

  for (guint i = 0; i < n_received; i++)
    {
      gint64 pause_start = received[i];
      gint64 pause_end = i + 1 < n_received ? received[i + 1] : (wake >= 0 ? MIN (self->now, wake) : received[i]);
      double px0 = x0 + (pause_start - start) / span * (x1 - x0);
      double px1 = x0 + (pause_end - start) / span * (x1 - x0);

      if (pause_end <= pause_start)
        continue;

      px1 = MIN (px1, x1);
      ll_draw_rounded_rect (cr, px0, TIMELINE_TOP + 4, MAX (px1 - px0, 1), TIMELINE_H - 8, 4);
      ll_draw_set_source_alpha (cr, &free_color, 0.25);
      cairo_fill (cr);
    }

  cairo_set_source_rgba (cr, free_color.red * 0.5, free_color.green * 0.5, free_color.blue * 0.5, 0.35);
  cairo_set_line_width (cr, 0.6);
  for (guint i = 0; i < self->frames->len; i++)
    {
      double x = x0 + (g_array_index (self->frames, gint64, i) - start) / span * (x1 - x0);

      if (x > x1)
        break;
      cairo_move_to (cr, x, TIMELINE_TOP + 8);
      cairo_line_to (cr, x, TIMELINE_TOP + TIMELINE_H - 8);
    }
  cairo_stroke (cr);

  /* How many frames each pause let the loop draw. */
  for (guint i = 0, f = 0; i < n_received; i++)
    {
      gint64 pause_end = i + 1 < n_received ? received[i + 1] : G_MAXINT64;
      guint count = 0;
      double px0 = x0 + (received[i] - start) / span * (x1 - x0);
      double px1;

      for (; f < self->frames->len && g_array_index (self->frames, gint64, f) < pause_end; f++)
        {
          if (g_array_index (self->frames, gint64, f) >= received[i])
            count++;
        }
      if (count == 0)
        continue;

      px1 = x0 + (g_array_index (self->frames, gint64, f - 1) - start) / span * (x1 - x0);
      {
        g_autofree char *label = g_strdup_printf (px1 - px0 > 70 ? _("%u frames") : "%u", count);

        cairo_set_source_rgba (cr, free_color.red * 0.45, free_color.green * 0.45, free_color.blue * 0.45, 1.0);
        ll_draw_text_at (cr, layout, label, (px0 + MIN (px1, x1)) / 2.0 + 7, TIMELINE_TOP - 2, 0.5);
      }
    }

  for (guint i = 0; i < n_received; i++)
    {
      double x = x0 + (received[i] - start) / span * (x1 - x0);
      g_autofree char *number = g_strdup_printf ("%u", from - i);

      cairo_arc (cr, MIN (x, x1), TIMELINE_TOP + TIMELINE_H / 2.0, 13, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &consumer_color);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      ll_draw_text_at (cr, layout, number, MIN (x, x1), TIMELINE_TOP + TIMELINE_H / 2.0, 0.5);
    }

  ll_draw_set_source_alpha (cr, fg, 0.7);
  for (guint s = 0; s <= MAX (from - 1, 1); s++)
    {
      g_autofree char *label = g_strdup_printf ("%u s", s);
      double x = x0 + s * (x1 - x0) / MAX (from - 1, 1);

      if (from > 12 && s % 5 != 0)
        continue;
      ll_draw_text_at (cr, layout, label, x, TIMELINE_TOP + TIMELINE_H + 10, 0.5);
    }

  cairo_set_source_rgba (cr, free_color.red * 0.45, free_color.green * 0.45, free_color.blue * 0.45, 1.0);
  ll_draw_text_at (cr, layout, _("Green: the loop is free. Above: the frames it drew meanwhile."),
                   x0, TIMELINE_TOP + TIMELINE_H + 32, 0.0);

}


static void
ll_countdown_view_constructed (GObject *object)
{
  LlCountdownView *self = LL_COUNTDOWN_VIEW (object);

  G_OBJECT_CLASS (ll_countdown_view_parent_class)->constructed (object);

  self->model = LL_COUNTDOWN_MODEL (ll_sim_view_get_model (LL_SIM_VIEW (self)));
  g_signal_connect_object (self->model, "notify::running", G_CALLBACK (running_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::value", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
ll_countdown_view_dispose (GObject *object)
{
  LlCountdownView *self = LL_COUNTDOWN_VIEW (object);

  self->model = NULL;

  G_OBJECT_CLASS (ll_countdown_view_parent_class)->dispose (object);
}

static void
ll_countdown_view_finalize (GObject *object)
{
  LlCountdownView *self = LL_COUNTDOWN_VIEW (object);

  g_array_unref (self->frames);

  G_OBJECT_CLASS (ll_countdown_view_parent_class)->finalize (object);
}

static void
ll_countdown_view_class_init (LlCountdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->constructed = ll_countdown_view_constructed;
  object_class->dispose = ll_countdown_view_dispose;
  object_class->finalize = ll_countdown_view_finalize;

  view_class->draw = ll_countdown_view_draw;
  ll_sim_view_class_set_size (view_class, 360, 560, HEIGHT);
  view_class->frame = ll_countdown_view_frame;

  gtk_widget_class_set_css_name (widget_class, "countdownview");
}

static void
ll_countdown_view_init (LlCountdownView *self)
{
  self->frames = g_array_new (FALSE, FALSE, sizeof (gint64));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("The countdown on a timeline"),
                                  -1);
}

/**
 * ll_countdown_view_new:
 * @model: the model to draw
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
ll_countdown_view_new (LlCountdownModel *model)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_MODEL (model), NULL);

  return g_object_new (LL_TYPE_COUNTDOWN_VIEW, "model", model, NULL);
}

/**
 * ll_countdown_view_get_n_free_frames:
 * @self: a view
 *
 * Returns: how many frames it drew while the countdown slept, this run
 */
guint
ll_countdown_view_get_n_free_frames (LlCountdownView *self)
{
  g_return_val_if_fail (LL_IS_COUNTDOWN_VIEW (self), 0);

  return self->n_free_frames;
}
