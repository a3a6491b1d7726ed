/* ll-interleave-view.c: two coroutines' lanes and the output they make
 *
 * Lane A holds 1 2 3, lane B x y z.  Below them the schedule, one letter
 * per step, the step about to run marked, and the output line: each
 * item, once printed, flies from its lane into the line (on the frame
 * clock), coloured after the coroutine that printed it, so the
 * interleaving reads at a glance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-interleave-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
#include "ll-draw-cairo.h"
#include "ll-interleave-view.h"

#define LANE_HEIGHT    44
#define LANE_TOP       8
#define LANE_LABEL     96
#define BOX_SIZE       32
#define BOX_GAP        14
#define SCHEDULE_TOP   (LANE_TOP + 2 * LANE_HEIGHT + 14)
#define SCHEDULE_SIZE  24
#define OUTPUT_TOP     (SCHEDULE_TOP + SCHEDULE_SIZE + 22)
#define OUTPUT_HEIGHT  40
#define FLIGHT_TIME    (280 * G_TIME_SPAN_MILLISECOND)

struct _LlInterleaveView
{
  LlSimView parent_instance;

  /* borrowed references */
  LlInterleaveModel *model;        /* the base's */

  /* owned references */
  GString           *printed_by;   /* 'A' or 'B' for each item of the output */
};

G_DEFINE_FINAL_TYPE (LlInterleaveView, ll_interleave_view, LL_TYPE_SIM_VIEW)

static const GdkRGBA *
color_of (char who)
{
  return who == 'A' ? &ll_sim_blue : &ll_sim_orange;
}

/* The item just printed flies from its lane into the output line. */
static void
output_cb (LlInterleaveView *self,
           int               who,
           const char       *item)
{
  g_string_append_c (self->printed_by, (char) who);
  ll_sim_view_animate (LL_SIM_VIEW (self), FLIGHT_TIME);
}

static void
position_cb (LlInterleaveView *self)
{
  if (ll_interleave_model_get_position (self->model) == 0)
    g_string_truncate (self->printed_by, 0);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
box_position (char    who,
              guint   index,
              double *x,
              double *y)
{
  *x = LANE_LABEL + index * (BOX_SIZE + BOX_GAP);
  *y = LANE_TOP + (who == 'A' ? 0 : LANE_HEIGHT) + (LANE_HEIGHT - BOX_SIZE) / 2.0;
}

static double
output_x (guint index)
{
  return LANE_LABEL + index * 34;
}

static void
ll_interleave_view_draw (LlSimView     *view,
                         cairo_t       *cr,
                         int            width,
                         int            height,
                         const GdkRGBA *fg)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (view);
  PangoLayout *layout = ll_sim_view_get_layout (view, LL_SIM_TEXT_BODY);
  PangoLayout *big = ll_sim_view_get_layout (view, LL_SIM_TEXT_ITEM);
  const char *schedule = ll_interleave_model_get_schedule (self->model);
  guint position = ll_interleave_model_get_position (self->model);
  char next = ll_interleave_model_get_next (self->model);
  guint n_output = self->printed_by->len;
  const char *whos = "AB";
  g_auto(GStrv) output = g_strsplit (ll_interleave_model_get_output (self->model), " ", -1);

  /* The lanes: a name, then the items; printed ones filled. */
  for (guint l = 0; l < 2; l++)
    {
      char who = whos[l];
      const char * const *items = ll_interleave_model_get_items (who);
      guint printed = ll_interleave_model_get_n_printed (self->model, who);
      const GdkRGBA *color = color_of (who);
      double lane_y = LANE_TOP + l * LANE_HEIGHT + LANE_HEIGHT / 2.0;
      g_autofree char *name = g_strdup_printf (_("coroutine %c"), who);

      if (next == who)
        {
          /* Whose turn it is: a band along its lane. */
          ll_draw_rounded_rect (cr, 4, lane_y - LANE_HEIGHT / 2.0 + 3, width - 8, LANE_HEIGHT - 6, 8);
          ll_draw_set_source_alpha (cr, color, 0.12);
          cairo_fill (cr);
        }

      gdk_cairo_set_source_rgba (cr, color);
      ll_draw_text_at (cr, layout, name, 12, lane_y, 0.0);

      for (guint i = 0; items[i] != NULL; i++)
        {
          double x, y;

          box_position (who, i, &x, &y);
          ll_draw_rounded_rect (cr, x, y, BOX_SIZE, BOX_SIZE, 6);
          if (i < printed)
            {
              ll_draw_set_source_alpha (cr, color, 0.85);
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 1, 1, 1);
            }
          else
            {
              cairo_set_line_width (cr, i == printed && next == who ? 2.5 : 1.0);
              ll_draw_set_source_alpha (cr, color, i == printed && next == who ? 1.0 : 0.5);
              cairo_stroke (cr);
              gdk_cairo_set_source_rgba (cr, color);
            }
          ll_draw_text_at (cr, big, items[i], x + BOX_SIZE / 2.0, y + BOX_SIZE / 2.0, 0.5);
        }

      /* What it is doing. */
      {
        LlCo *co = ll_interleave_model_get_coroutine (self->model, who);
        const char *state;
        double x, y;

        box_position (who, 3, &x, &y);
        if (co == NULL)
          state = _("not started");
        else if (ll_co_get_state (co) == LL_CO_STATE_FINISHED)
          state = _("finished");
        else if (next == who)
          state = ll_co_get_state (co) == LL_CO_STATE_CREATED ? _("runs next, from the top") : _("runs next, from its yield");
        else
          state = ll_co_get_state (co) == LL_CO_STATE_CREATED ? _("not started yet") : _("suspended at its yield");
        ll_draw_set_source_alpha (cr, fg, 0.7);
        ll_draw_text_at (cr, layout, state, x + 4, y + BOX_SIZE / 2.0, 0.0);
      }
    }

  /* The schedule, the step about to run ringed. */
  ll_draw_set_source_alpha (cr, fg, 0.7);
  ll_draw_text_at (cr, layout, _("schedule"), 12, SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.0);
  for (guint i = 0; schedule[i] != '\0'; i++)
    {
      double x = LANE_LABEL + i * (SCHEDULE_SIZE + 6);
      const GdkRGBA *color = color_of (schedule[i]);
      char letter[2] = { schedule[i], '\0' };

      ll_draw_rounded_rect (cr, x, SCHEDULE_TOP, SCHEDULE_SIZE, SCHEDULE_SIZE, 4);
      ll_draw_set_source_alpha (cr, color, i < position ? 0.25 : 0.08);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, i == position ? 2.5 : 1.0);
      ll_draw_set_source_alpha (cr, color, i == position ? 1.0 : 0.4);
      cairo_stroke (cr);
      ll_draw_set_source_alpha (cr, color, i < position ? 0.6 : 1.0);
      ll_draw_text_at (cr, layout, letter, x + SCHEDULE_SIZE / 2.0, SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.5);
    }
  if (position >= strlen (schedule) && next != 0)
    {
      ll_draw_set_source_alpha (cr, fg, 0.7);
      ll_draw_text_at (cr, layout, _("then one step each to finish"),
                       LANE_LABEL + strlen (schedule) * (SCHEDULE_SIZE + 6) + 6,
                       SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.0);
    }

  /* The output line: each item coloured by who printed it; the latest
   * one still flying in from its lane. */
  ll_draw_set_source_alpha (cr, fg, 0.7);
  ll_draw_text_at (cr, layout, _("output"), 12, OUTPUT_TOP + OUTPUT_HEIGHT / 2.0, 0.0);
  ll_draw_rounded_rect (cr, LANE_LABEL - 10, OUTPUT_TOP, MAX (width - LANE_LABEL - 2, 10), OUTPUT_HEIGHT, 8);
  ll_draw_set_source_alpha (cr, fg, 0.05);
  cairo_fill (cr);

  for (guint i = 0; i < n_output && output[i] != NULL; i++)
    {
      char who = self->printed_by->str[i];
      double x = output_x (i) + 6;
      double y = OUTPUT_TOP + OUTPUT_HEIGHT / 2.0;

      if (i + 1 == n_output && ll_sim_view_get_progress (view) < 1.0)
        {
          double eased = ll_sim_view_get_eased (view);
          guint index = ll_interleave_model_get_n_printed (self->model, who) - 1;
          double bx, by;

          box_position (who, index, &bx, &by);
          x = bx + BOX_SIZE / 2.0 + (x - bx - BOX_SIZE / 2.0) * eased;
          y = by + BOX_SIZE / 2.0 + (y - by - BOX_SIZE / 2.0) * eased;
        }

      gdk_cairo_set_source_rgba (cr, color_of (who));
      ll_draw_text_at (cr, big, output[i], x, y, 0.5);
    }
}

static void
ll_interleave_view_constructed (GObject *object)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  G_OBJECT_CLASS (ll_interleave_view_parent_class)->constructed (object);

  self->model = LL_INTERLEAVE_MODEL (ll_sim_view_get_model (LL_SIM_VIEW (self)));
  g_signal_connect_object (self->model, "output", G_CALLBACK (output_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::position", G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::schedule", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
ll_interleave_view_dispose (GObject *object)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  self->model = NULL;

  G_OBJECT_CLASS (ll_interleave_view_parent_class)->dispose (object);
}

static void
ll_interleave_view_finalize (GObject *object)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  g_string_free (self->printed_by, TRUE);

  G_OBJECT_CLASS (ll_interleave_view_parent_class)->finalize (object);
}

static void
ll_interleave_view_class_init (LlInterleaveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->constructed = ll_interleave_view_constructed;
  object_class->dispose = ll_interleave_view_dispose;
  object_class->finalize = ll_interleave_view_finalize;

  view_class->draw = ll_interleave_view_draw;
  ll_sim_view_class_set_size (view_class, LANE_LABEL + 6 * 34 + 160, LANE_LABEL + 6 * 34 + 160,
                              OUTPUT_TOP + OUTPUT_HEIGHT + 8);

  gtk_widget_class_set_css_name (widget_class, "interleaveview");
}

static void
ll_interleave_view_init (LlInterleaveView *self)
{
  self->printed_by = g_string_new (NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Coroutines A and B, their schedule and their output"),
                                  -1);
}

/**
 * ll_interleave_view_new:
 * @model: the model to draw
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
ll_interleave_view_new (LlInterleaveModel *model)
{
  g_return_val_if_fail (LL_IS_INTERLEAVE_MODEL (model), NULL);

  return g_object_new (LL_TYPE_INTERLEAVE_VIEW, "model", model, NULL);
}
