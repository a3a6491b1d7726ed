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

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-draw.h"
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
  GtkWidget parent_instance;

  /* owned references */
  LlInterleaveModel *model;
  GString           *printed_by;   /* 'A' or 'B' for each item of the output */

  /* pending source ids */
  guint              tick_id;

  /* animation of the item just printed */
  gint64             flight_start;
  double             flight;       /* 0..1 */
};

G_DEFINE_FINAL_TYPE (LlInterleaveView, ll_interleave_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GdkRGBA a_color = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1.0 };
static const GdkRGBA b_color = { 0xc6 / 255.0, 0x46 / 255.0, 0x00 / 255.0, 1.0 };

static const GdkRGBA *
color_of (char who)
{
  return who == 'A' ? &a_color : &b_color;
}

static gboolean
flight_tick (GtkWidget     *widget,
             GdkFrameClock *frame_clock,
             gpointer       user_data)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (self->flight_start == 0)
    self->flight_start = now;
  self->flight = MIN (1.0, (now - self->flight_start) / (double) FLIGHT_TIME);
  gtk_widget_queue_draw (widget);

  if (self->flight < 1.0)
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
output_cb (LlInterleaveView *self,
           int               who,
           const char       *item)
{
  g_string_append_c (self->printed_by, (char) who);

  self->flight_start = 0;
  self->flight = 0.0;
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), flight_tick, NULL, NULL);
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
ll_interleave_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  g_autoptr(PangoLayout) big = gtk_widget_create_pango_layout (widget, NULL);
  const char *schedule = ll_interleave_model_get_schedule (self->model);
  guint position = ll_interleave_model_get_position (self->model);
  char next = ll_interleave_model_get_next (self->model);
  guint n_output = self->printed_by->len;
  const char *whos = "AB";
  g_auto(GStrv) output = g_strsplit (ll_interleave_model_get_output (self->model), " ", -1);
  PangoFontDescription *font;
  cairo_t *cr;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  font = pango_font_description_from_string ("Monospace Bold 15");
  pango_layout_set_font_description (big, font);
  pango_font_description_free (font);

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
          cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.12);
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
              cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.85);
              cairo_fill (cr);
              cairo_set_source_rgb (cr, 1, 1, 1);
            }
          else
            {
              cairo_set_line_width (cr, i == printed && next == who ? 2.5 : 1.0);
              cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                                     i == printed && next == who ? 1.0 : 0.5);
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
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
        ll_draw_text_at (cr, layout, state, x + 4, y + BOX_SIZE / 2.0, 0.0);
      }
    }

  /* The schedule, the step about to run ringed. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  ll_draw_text_at (cr, layout, _("schedule"), 12, SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.0);
  for (guint i = 0; schedule[i] != '\0'; i++)
    {
      double x = LANE_LABEL + i * (SCHEDULE_SIZE + 6);
      const GdkRGBA *color = color_of (schedule[i]);
      char letter[2] = { schedule[i], '\0' };

      ll_draw_rounded_rect (cr, x, SCHEDULE_TOP, SCHEDULE_SIZE, SCHEDULE_SIZE, 4);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, i < position ? 0.25 : 0.08);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, i == position ? 2.5 : 1.0);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, i == position ? 1.0 : 0.4);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, i < position ? 0.6 : 1.0);
      ll_draw_text_at (cr, layout, letter, x + SCHEDULE_SIZE / 2.0, SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.5);
    }
  if (position >= strlen (schedule) && next != 0)
    {
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      ll_draw_text_at (cr, layout, _("then one step each to finish"),
                       LANE_LABEL + strlen (schedule) * (SCHEDULE_SIZE + 6) + 6,
                       SCHEDULE_TOP + SCHEDULE_SIZE / 2.0, 0.0);
    }

  /* The output line: each item coloured by who printed it; the latest
   * one still flying in from its lane. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
  ll_draw_text_at (cr, layout, _("output"), 12, OUTPUT_TOP + OUTPUT_HEIGHT / 2.0, 0.0);
  ll_draw_rounded_rect (cr, LANE_LABEL - 10, OUTPUT_TOP, MAX (width - LANE_LABEL - 2, 10), OUTPUT_HEIGHT, 8);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.05);
  cairo_fill (cr);

  for (guint i = 0; i < n_output && output[i] != NULL; i++)
    {
      char who = self->printed_by->str[i];
      double x = output_x (i) + 6;
      double y = OUTPUT_TOP + OUTPUT_HEIGHT / 2.0;

      if (i + 1 == n_output && self->flight < 1.0)
        {
          double eased = 0.5 - 0.5 * cos (G_PI * self->flight);
          guint index = ll_interleave_model_get_n_printed (self->model, who) - 1;
          double bx, by;

          box_position (who, index, &bx, &by);
          x = bx + BOX_SIZE / 2.0 + (x - bx - BOX_SIZE / 2.0) * eased;
          y = by + BOX_SIZE / 2.0 + (y - by - BOX_SIZE / 2.0) * eased;
        }

      gdk_cairo_set_source_rgba (cr, color_of (who));
      ll_draw_text_at (cr, big, output[i], x, y, 0.5);
    }

  cairo_destroy (cr);
}

static void
ll_interleave_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = LANE_LABEL + 6 * 34 + 160;
  else
    *minimum = *natural = OUTPUT_TOP + OUTPUT_HEIGHT + 8;
}

static void
ll_interleave_view_constructed (GObject *object)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  G_OBJECT_CLASS (ll_interleave_view_parent_class)->constructed (object);

  g_signal_connect_object (self->model, "output", G_CALLBACK (output_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::position", G_CALLBACK (position_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::schedule", G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
ll_interleave_view_dispose (GObject *object)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_object (&self->model);

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
ll_interleave_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_interleave_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  LlInterleaveView *self = LL_INTERLEAVE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_interleave_view_class_init (LlInterleaveViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ll_interleave_view_constructed;
  object_class->dispose = ll_interleave_view_dispose;
  object_class->finalize = ll_interleave_view_finalize;
  object_class->get_property = ll_interleave_view_get_property;
  object_class->set_property = ll_interleave_view_set_property;

  widget_class->snapshot = ll_interleave_view_snapshot;
  widget_class->measure = ll_interleave_view_measure;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         LL_TYPE_INTERLEAVE_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "interleaveview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_interleave_view_init (LlInterleaveView *self)
{
  self->printed_by = g_string_new (NULL);
  self->flight = 1.0;

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
