/* ll-producer-consumer-view.c: control passing between producer and consumer
 *
 * A sequence diagram that grows with each step: the producer's lifeline
 * on the left, the consumer's on the right, and one arrow per hand-over,
 * labelled with what it carries: send(n) going in, yield '200 ok n'
 * coming back.  A token marks who has control; when control passes, it
 * travels along the new arrow, on the frame clock.  The lifeline of the
 * coroutine that has control is drawn thick, as in UML: the other one is
 * suspended, its frame kept aside, off the stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-producer-consumer-view"

#include "config.h"

#include <glib/gi18n.h>
#include "ll-draw.h"
#include "ll-draw-cairo.h"
#include "ll-producer-consumer-view.h"

#define HEADER_HEIGHT   44
#define ROW_HEIGHT      23
#define FOOTER_HEIGHT   16
#define N_ROWS          15
#define TOKEN_RADIUS    7.0
#define TRAVEL_TIME     (300 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  LlPcRole  from;
  LlPcRole  to;        /* LL_PC_ROLE_NONE: the producer returns */
  char     *label;
} Arrow;

struct _LlProducerConsumerView
{
  LlSimView parent_instance;

  /* borrowed references */
  LlProducerConsumerModel *model;          /* the base's */

  /* owned references */
  GArray                  *arrows;

  /* state */
  guint                    drawn_step;     /* the model's n-steps when last drawn */
};

G_DEFINE_FINAL_TYPE (LlProducerConsumerView, ll_producer_consumer_view, LL_TYPE_SIM_VIEW)

static void
arrow_clear (gpointer data)
{
  Arrow *arrow = data;

  g_free (arrow->label);
}

static const GdkRGBA *
role_color (LlPcRole role)
{
  return role == LL_PC_ROLE_CONSUMER ? &ll_sim_green : &ll_sim_blue;
}

/* What the hand-over that led to @point carried, as the notes write it. */
static char *
arrow_label (LlPcPoint   point,
             const char *value)
{
  switch (point)
    {
    case LL_PC_POINT_CONSUMER_START:
    case LL_PC_POINT_CONSUMER_YIELD:
      return g_strdup_printf ("send(%s)", value != NULL ? value : "");

    case LL_PC_POINT_PRODUCER_PRIMED:
      return g_strdup_printf ("yield %s", value != NULL ? value : "");

    case LL_PC_POINT_PRODUCER_SEND:
      return g_strdup_printf ("yield '%s'", value != NULL ? value : "");

    case LL_PC_POINT_CONSUMER_CLOSE:
      return g_strdup ("close()");

    case LL_PC_POINT_PRODUCER_CLOSED:
      return g_strdup (_("finished"));

    case LL_PC_POINT_FINISHED:
      return g_strdup (_("returns"));

    case LL_PC_POINT_NONE:
    case LL_PC_POINT_PRODUCER_START:
    default:
      return NULL;
    }
}

static void
update_description (LlProducerConsumerView *self)
{
  g_autofree char *text = NULL;

  if (self->arrows->len == 0)
    text = g_strdup (_("Not started: the producer has control"));
  else
    {
      Arrow *last = &g_array_index (self->arrows, Arrow, self->arrows->len - 1);

      text = g_strdup_printf (_("Hand-over %u: %s, %s"),
                              self->arrows->len, last->label,
                              last->to == LL_PC_ROLE_CONSUMER ? _("the consumer has control") :
                              last->to == LL_PC_ROLE_PRODUCER ? _("the producer has control") :
                              _("both have finished"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
}

/* Each hand-over adds an arrow; a new run starts the diagram afresh. */
static void
n_steps_changed_cb (LlProducerConsumerView *self)
{
  guint n_steps = ll_producer_consumer_model_get_n_steps (self->model);
  LlPcPoint point = ll_producer_consumer_model_get_point (self->model);
  Arrow arrow;

  if (n_steps == 0 || n_steps < self->arrows->len)
    g_array_set_size (self->arrows, 0);

  if (n_steps > self->arrows->len)
    {
      arrow.to = ll_pc_point_get_role (point);
      if (point == LL_PC_POINT_FINISHED)
        arrow.from = LL_PC_ROLE_PRODUCER;
      else
        arrow.from = arrow.to == LL_PC_ROLE_PRODUCER ? LL_PC_ROLE_CONSUMER : LL_PC_ROLE_PRODUCER;
      arrow.label = arrow_label (point, ll_producer_consumer_model_get_in_flight (self->model));
      g_array_append_val (self->arrows, arrow);

      /* The token sets off along the new arrow. */
      ll_sim_view_animate (LL_SIM_VIEW (self), TRAVEL_TIME);
    }

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
lifeline_x (LlProducerConsumerView *self,
            LlPcRole                role)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));

  return role == LL_PC_ROLE_CONSUMER ? width * 0.76 : width * 0.24;
}

static double
row_y (guint row)
{
  return HEADER_HEIGHT + (row + 0.5) * ROW_HEIGHT;
}

static void
ll_producer_consumer_view_draw (LlSimView     *view,
                                cairo_t       *cr,
                                int            width,
                                int            height,
                                const GdkRGBA *fg)
{
  LlProducerConsumerView *self = LL_PRODUCER_CONSUMER_VIEW (view);
  PangoLayout *layout = ll_sim_view_get_layout (view, LL_SIM_TEXT_BODY);
  PangoLayout *small = ll_sim_view_get_layout (view, LL_SIM_TEXT_SMALL);
  PangoLayout *bold = ll_sim_view_get_layout (view, LL_SIM_TEXT_SMALL_BOLD);
  const LlPcRole roles[] = { LL_PC_ROLE_PRODUCER, LL_PC_ROLE_CONSUMER };
  LlPcRole holder = LL_PC_ROLE_PRODUCER;
  guint n = self->arrows->len;
  double bottom = row_y (MAX (n, 1)) + ROW_HEIGHT / 2.0;
  double token_x, token_y;

  self->drawn_step = ll_producer_consumer_model_get_n_steps (self->model);

  /* The heads of the lifelines. */
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      double x = lifeline_x (self, roles[i]);
      const GdkRGBA *color = role_color (roles[i]);

      gdk_cairo_set_source_rgba (cr, color);
      cairo_set_line_width (cr, 1.0);
      ll_draw_markup_at (cr, layout, roles[i] == LL_PC_ROLE_PRODUCER ? "<b>producer</b>" : "<b>consumer</b>",
                         x, 4, 0.5, 0.0);
      ll_draw_set_source_alpha (cr, fg, fg->alpha * 0.6);
      ll_draw_text_at (cr, small, roles[i] == LL_PC_ROLE_PRODUCER ? _("task") : _("generator"), x, 30, 0.5);

      /* The lifeline, dashed down to the last row. */
      ll_draw_set_source_alpha (cr, color, 0.45);
      cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
      cairo_move_to (cr, x, HEADER_HEIGHT - 2);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* Who had control from one hand-over to the next: the activation
   * bars, thick where a coroutine ran. */
  for (guint i = 0; i <= n; i++)
    {
      double y0 = i == 0 ? HEADER_HEIGHT - 2 : row_y (i - 1);
      double y1 = i < n ? row_y (i) : bottom;
      LlPcRole role = i == 0 ? LL_PC_ROLE_PRODUCER : g_array_index (self->arrows, Arrow, i - 1).to;
      const GdkRGBA *color = role_color (role);

      if (role == LL_PC_ROLE_NONE)
        break;
      holder = role;
      if (i == n)
        {
          /* Control now: the bar the next step will extend. */
          y1 = y0 + ROW_HEIGHT * 0.8;
        }
      cairo_rectangle (cr, lifeline_x (self, role) - 4, y0, 8, y1 - y0);
      ll_draw_set_source_alpha (cr, color, i == n ? 0.9 : 0.35);
      cairo_fill (cr);
    }

  /* The arrows, the latest one bold, older ones faded, each with the
   * number of the step that made it. */
  for (guint i = 0; i < n; i++)
    {
      const Arrow *arrow = &g_array_index (self->arrows, Arrow, i);
      double y = row_y (i);
      double alpha = i + 1 == n ? 1.0 : 0.55;
      double x0 = lifeline_x (self, arrow->from);
      char number[16];

      g_snprintf (number, sizeof number, "%u", i + 1);
      ll_draw_set_source_alpha (cr, fg, 0.4);
      ll_draw_text_at (cr, small, number, 8, y, 0.0);

      if (arrow->to == LL_PC_ROLE_NONE)
        {
          /* The producer returns: the end of the program. */
          ll_draw_set_source_alpha (cr, fg, alpha);
          ll_draw_text_at (cr, small, arrow->label, x0 + 10, y, 0.0);
          continue;
        }

      gdk_cairo_set_source_rgba (cr, role_color (arrow->from));
      cairo_set_line_width (cr, i + 1 == n ? 2.0 : 1.2);
      cairo_push_group (cr);
      ll_draw_arrow (cr, x0 + (arrow->to == LL_PC_ROLE_CONSUMER ? 5 : -5),
                     lifeline_x (self, arrow->to) + (arrow->to == LL_PC_ROLE_CONSUMER ? -5 : 5), y, 8, 9);
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, alpha);

      ll_draw_set_source_alpha (cr, fg, alpha);
      ll_draw_text_at (cr, i + 1 == n ? bold : small, arrow->label,
                       (lifeline_x (self, LL_PC_ROLE_PRODUCER) + lifeline_x (self, LL_PC_ROLE_CONSUMER)) / 2.0,
                       y - 8, 0.5);
    }

  /* The token: with whoever has control, or on its way there. */
  if (n == 0)
    {
      token_x = lifeline_x (self, LL_PC_ROLE_PRODUCER);
      token_y = HEADER_HEIGHT + 4;
    }
  else
    {
      const Arrow *last = &g_array_index (self->arrows, Arrow, n - 1);
      double eased = ll_sim_view_get_eased (view);
      double x_to = last->to == LL_PC_ROLE_NONE ? lifeline_x (self, last->from) : lifeline_x (self, last->to);

      token_x = lifeline_x (self, last->from) + (x_to - lifeline_x (self, last->from)) * eased;
      token_y = row_y (n - 1);
      holder = last->to;
    }

  if (holder != LL_PC_ROLE_NONE || n == 0)
    {
      cairo_new_path (cr);
      cairo_arc (cr, token_x, token_y, TOKEN_RADIUS, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &ll_sim_amber);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      cairo_set_source_rgba (cr, 0.55, 0.35, 0.0, 1.0);
      cairo_stroke (cr);
    }
}

static void
ll_producer_consumer_view_constructed (GObject *object)
{
  LlProducerConsumerView *self = LL_PRODUCER_CONSUMER_VIEW (object);

  G_OBJECT_CLASS (ll_producer_consumer_view_parent_class)->constructed (object);

  self->model = LL_PRODUCER_CONSUMER_MODEL (ll_sim_view_get_model (LL_SIM_VIEW (self)));
  g_signal_connect_object (self->model, "notify::n-steps",
                           G_CALLBACK (n_steps_changed_cb), self, G_CONNECT_SWAPPED);
  n_steps_changed_cb (self);
}

static void
ll_producer_consumer_view_dispose (GObject *object)
{
  LlProducerConsumerView *self = LL_PRODUCER_CONSUMER_VIEW (object);

  self->model = NULL;

  G_OBJECT_CLASS (ll_producer_consumer_view_parent_class)->dispose (object);
}

static void
ll_producer_consumer_view_finalize (GObject *object)
{
  LlProducerConsumerView *self = LL_PRODUCER_CONSUMER_VIEW (object);

  g_array_unref (self->arrows);

  G_OBJECT_CLASS (ll_producer_consumer_view_parent_class)->finalize (object);
}

static void
ll_producer_consumer_view_class_init (LlProducerConsumerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LlSimViewClass *view_class = LL_SIM_VIEW_CLASS (klass);

  object_class->constructed = ll_producer_consumer_view_constructed;
  object_class->dispose = ll_producer_consumer_view_dispose;
  object_class->finalize = ll_producer_consumer_view_finalize;

  view_class->draw = ll_producer_consumer_view_draw;
  ll_sim_view_class_set_size (view_class, 250, 320, HEADER_HEIGHT + N_ROWS * ROW_HEIGHT + FOOTER_HEIGHT);

  gtk_widget_class_set_css_name (widget_class, "producerconsumerview");
}

static void
ll_producer_consumer_view_init (LlProducerConsumerView *self)
{
  self->arrows = g_array_new (FALSE, FALSE, sizeof (Arrow));
  g_array_set_clear_func (self->arrows, arrow_clear);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Control passing between producer and consumer"),
                                  -1);
}

/**
 * ll_producer_consumer_view_new:
 * @model: the model to draw
 *
 * Returns: (transfer floating): a new view
 */
GtkWidget *
ll_producer_consumer_view_new (LlProducerConsumerModel *model)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_MODEL (model), NULL);

  return g_object_new (LL_TYPE_PRODUCER_CONSUMER_VIEW, "model", model, NULL);
}

/**
 * ll_producer_consumer_view_get_n_arrows:
 * @self: a view
 *
 * Returns: how many hand-overs the diagram shows
 */
guint
ll_producer_consumer_view_get_n_arrows (LlProducerConsumerView *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_VIEW (self), 0);

  return self->arrows->len;
}

/**
 * ll_producer_consumer_view_get_drawn_step:
 * @self: a view
 *
 * Returns: the model's step count when the view was last drawn: the
 *   step a learner sees
 */
guint
ll_producer_consumer_view_get_drawn_step (LlProducerConsumerView *self)
{
  g_return_val_if_fail (LL_IS_PRODUCER_CONSUMER_VIEW (self), 0);

  return self->drawn_step;
}
