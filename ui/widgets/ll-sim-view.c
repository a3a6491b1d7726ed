/* ll-sim-view.c: the base class of the coroutine demos' views
 *
 * What the coroutine demos' views have in common: the model they draw
 * (an LlSimModel), one drawing per snapshot (with cairo, or with render
 * nodes for the courier's view, which redraws at every frame of a run),
 * the text layouts they draw with, an animation on the frame clock that
 * ticks only while the view is seen (an LlTicker), and their palette.
 * A subclass draws in its draw vfunc and queues a redraw when its model
 * changes; at rest nothing ticks and nothing is drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-sim-view"

#include "config.h"

#include <math.h>

#include "ll-sim-view.h"
#include "ll-ticker.h"

typedef struct
{
  /* owned references */
  LlSimModel  *model;
  PangoLayout *layouts[LL_SIM_N_TEXTS];   /* made when first asked for */

  /* pending source ids */
  LlTicker    *ticker;           /* wanted while it animates or frame asks */

  /* state */
  guint        context_serial;   /* of the pango context the layouts follow */
  gint64       animation_start;  /* frame time it set off, 0 = not yet */
  gint64       animation_time;
  double       progress;         /* 0..1; 1 = at rest */
} LlSimViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LlSimView, ll_sim_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const GdkRGBA ll_sim_blue = { 0x1c / 255.0, 0x71 / 255.0, 0xd8 / 255.0, 1.0 };
const GdkRGBA ll_sim_green = { 0x26 / 255.0, 0xa2 / 255.0, 0x69 / 255.0, 1.0 };
const GdkRGBA ll_sim_orange = { 0xc6 / 255.0, 0x46 / 255.0, 0x00 / 255.0, 1.0 };
const GdkRGBA ll_sim_free_green = { 0x33 / 255.0, 0xd1 / 255.0, 0x7a / 255.0, 1.0 };
const GdkRGBA ll_sim_amber = { 0xe5 / 255.0, 0xa5 / 255.0, 0x0a / 255.0, 1.0 };

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  LlSimView *self = LL_SIM_VIEW (widget);
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);
  LlSimViewClass *klass = LL_SIM_VIEW_GET_CLASS (self);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);
  gboolean more = FALSE;

  if (priv->progress < 1.0)
    {
      if (priv->animation_start == 0)
        priv->animation_start = now;
      priv->progress = MIN (1.0, (now - priv->animation_start) / (double) priv->animation_time);
      more = priv->progress < 1.0;
    }
  if (klass->frame != NULL && klass->frame (self, now))
    more = TRUE;
  /* The last frame of an animation always draws: nothing follows it. */
  if (!more || ll_ticker_draws_frame (frame_clock))
    gtk_widget_queue_draw (widget);

  if (!more)
    ll_ticker_set_wanted (priv->ticker, FALSE);

  return G_SOURCE_CONTINUE;
}

static PangoLayout *
create_layout (LlSimView *self,
               LlSimText  text)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *font = NULL;

  switch (text)
    {
    case LL_SIM_TEXT_BODY:
      break;

    case LL_SIM_TEXT_SMALL:
    case LL_SIM_TEXT_SMALL_BOLD:
      font = pango_font_description_copy (pango_context_get_font_description (context));
      pango_font_description_set_size (font, pango_font_description_get_size (font) * 0.85);
      if (text == LL_SIM_TEXT_SMALL_BOLD)
        pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      break;

    case LL_SIM_TEXT_NUMBER:
      font = pango_font_description_from_string ("Sans Bold 18");
      break;

    case LL_SIM_TEXT_ITEM:
      font = pango_font_description_from_string ("Monospace Bold 15");
      break;

    case LL_SIM_N_TEXTS:
    default:
      g_assert_not_reached ();
    }

  if (font != NULL)
    {
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
    }
  return layout;
}

static void
clear_layouts (LlSimView *self)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  for (guint i = 0; i < G_N_ELEMENTS (priv->layouts); i++)
    g_clear_object (&priv->layouts[i]);
}

static void
ll_sim_view_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  LlSimView *self = LL_SIM_VIEW (widget);
  LlSimViewClass *klass = LL_SIM_VIEW_GET_CLASS (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (klass->snapshot != NULL)
    {
      klass->snapshot (self, snapshot, width, height, &fg);
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  klass->draw (self, cr, width, height, &fg);
  cairo_destroy (cr);
}

static void
ll_sim_view_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  LlSimViewClass *klass = LL_SIM_VIEW_GET_CLASS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = klass->min_width;
      *natural = klass->natural_width;
    }
  else
    {
      *minimum = *natural = klass->get_height != NULL ? klass->get_height (LL_SIM_VIEW (widget)) : klass->height;
    }
}

static void
ll_sim_view_dispose (GObject *object)
{
  LlSimView *self = LL_SIM_VIEW (object);
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_clear_pointer (&priv->ticker, ll_ticker_free);
  clear_layouts (self);
  g_clear_object (&priv->model);

  G_OBJECT_CLASS (ll_sim_view_parent_class)->dispose (object);
}

static void
ll_sim_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LlSimView *self = LL_SIM_VIEW (object);
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, priv->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sim_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LlSimView *self = LL_SIM_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      ll_sim_view_set_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sim_view_class_init (LlSimViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_sim_view_dispose;
  object_class->get_property = ll_sim_view_get_property;
  object_class->set_property = ll_sim_view_set_property;

  widget_class->snapshot = ll_sim_view_snapshot;
  widget_class->measure = ll_sim_view_measure;

  /**
   * LlSimView:model:
   *
   * The model to draw, or %NULL.  Set before constructed, where most
   * views connect to theirs; the courier's follows the page from run to
   * run.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         LL_TYPE_SIM_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_sim_view_init (LlSimView *self)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  priv->ticker = ll_ticker_new (GTK_WIDGET (self), tick_cb);
  priv->progress = 1.0;
}

/**
 * ll_sim_view_class_set_size:
 * @klass: the class of a view
 * @min_width: the narrowest it can be drawn
 * @natural_width: the width it prefers
 * @height: its height, whatever the width
 *
 * Sets the size the views of @klass ask for; call it in class_init.
 */
void
ll_sim_view_class_set_size (LlSimViewClass *klass,
                            int             min_width,
                            int             natural_width,
                            int             height)
{
  g_return_if_fail (LL_IS_SIM_VIEW_CLASS (klass));
  g_return_if_fail (min_width >= 0 && natural_width >= min_width && height >= 0);

  klass->min_width = min_width;
  klass->natural_width = natural_width;
  klass->height = height;
}

/**
 * ll_sim_view_get_model:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the model it draws
 */
LlSimModel *
ll_sim_view_get_model (LlSimView *self)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_return_val_if_fail (LL_IS_SIM_VIEW (self), NULL);

  return priv->model;
}

/**
 * ll_sim_view_set_model:
 * @self: a view
 * @model: (nullable): the model to draw
 *
 * Draws @model instead of the one before.  A view that connects to its
 * model follows #GObject::notify for #LlSimView:model.
 */
void
ll_sim_view_set_model (LlSimView  *self,
                       LlSimModel *model)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_VIEW (self));
  g_return_if_fail (model == NULL || LL_IS_SIM_MODEL (model));

  if (g_set_object (&priv->model, model))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * ll_sim_view_get_layout:
 * @self: a view
 * @text: which kind of text
 *
 * The layout to draw @text with, kept from one frame to the next rather
 * than made anew in each; remade when the widget's font changes.
 *
 * Returns: (transfer none): the layout
 */
PangoLayout *
ll_sim_view_get_layout (LlSimView *self,
                        LlSimText  text)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);
  guint serial;

  g_return_val_if_fail (LL_IS_SIM_VIEW (self), NULL);
  g_return_val_if_fail (text < LL_SIM_N_TEXTS, NULL);

  /* The small fonts derive from the context's: a new font, new layouts. */
  serial = pango_context_get_serial (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (serial != priv->context_serial)
    {
      clear_layouts (self);
      priv->context_serial = serial;
    }

  if (priv->layouts[text] == NULL)
    priv->layouts[text] = create_layout (self, text);

  return priv->layouts[text];
}

/**
 * ll_sim_view_start_ticking:
 * @self: a view
 *
 * Calls the frame vfunc on each frame, and redraws, until it returns
 * %FALSE (and any animation is over); frames come only while the view
 * is mapped and its window shown.
 */
void
ll_sim_view_start_ticking (LlSimView *self)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_VIEW (self));

  /* Its model may still speak while it is disposed. */
  if (priv->ticker != NULL)
    ll_ticker_set_wanted (priv->ticker, TRUE);
}

/**
 * ll_sim_view_animate:
 * @self: a view
 * @duration: how long the animation lasts, in µs
 *
 * Starts an animation afresh: its progress goes from 0 to 1 over
 * @duration, one redraw per frame, from the next frame on.
 */
void
ll_sim_view_animate (LlSimView *self,
                     gint64     duration)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_return_if_fail (LL_IS_SIM_VIEW (self));
  g_return_if_fail (duration > 0);

  priv->animation_start = 0;
  priv->animation_time = duration;
  priv->progress = 0.0;
  ll_sim_view_start_ticking (self);
}

/**
 * ll_sim_view_get_progress:
 * @self: a view
 *
 * Returns: how far the animation is, 0 to 1; 1 at rest
 */
double
ll_sim_view_get_progress (LlSimView *self)
{
  LlSimViewPrivate *priv = ll_sim_view_get_instance_private (self);

  g_return_val_if_fail (LL_IS_SIM_VIEW (self), 1.0);

  return priv->progress;
}

/**
 * ll_sim_view_get_eased:
 * @self: a view
 *
 * Returns: the progress of the animation, eased in and out (a half
 *   cosine): where a moving thing is along its way, 0 to 1
 */
double
ll_sim_view_get_eased (LlSimView *self)
{
  g_return_val_if_fail (LL_IS_SIM_VIEW (self), 1.0);

  return 0.5 - 0.5 * cos (G_PI * ll_sim_view_get_progress (self));
}
