/* ll-chart.c: the base of the widgets that chart the loop on the frame clock
 *
 * The lag chart, the dispatch timeline, the stall meter and the fetch
 * timeline all draw with GtkSnapshot, every frame while they are on
 * screen, and label what they draw in small text with tabular figures.
 * This class holds what they have in common: the loop monitor they read
 * (the fetch timeline reads a workload instead and leaves it unset), a
 * tick on the animations' frames while they are on screen (an LlTicker),
 * and a cache of the layouts of their labels, which hardly
 * ever change from one frame to the next.
 *
 * A tick is not a redraw: each chart decides on its tick whether any of
 * its pixels would change, and says so with ll_chart_queue_draw(); the
 * draw waits for the next frame on the animations' cadence
 * (ll_ticker_draws_frame()), so that the charts and the heartbeat draw on
 * the same frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-chart"

#include "config.h"

#include "ll-chart.h"
#include "ll-ticker.h"

/* Durations, stalls and handler names come and go: keep the cache bounded. */
#define MAX_LAYOUTS 256

typedef struct
{
  /* owned references */
  LlLoopMonitor *monitor;
  GHashTable    *layouts;   /* text -> PangoLayout, dropped on style changes */

  /* owned: the tick callback, installed while the chart is seen */
  LlTicker      *ticker;

  /* state: a change seen on a tick, not drawn yet */
  gboolean       draw_pending;
} LlChartPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (LlChart, ll_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ll_chart_tick_cb (GtkWidget     *widget,
                  GdkFrameClock *frame_clock,
                  gpointer       user_data)
{
  LlChart *self = LL_CHART (widget);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  LL_CHART_GET_CLASS (self)->tick (self, frame_clock);

  if (priv->draw_pending && ll_ticker_draws_frame (frame_clock))
    {
      priv->draw_pending = FALSE;
      gtk_widget_queue_draw (widget);
    }

  return G_SOURCE_CONTINUE;
}

static void
ll_chart_real_tick (LlChart       *self,
                    GdkFrameClock *frame_clock)
{
}

static void
ll_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  LlChart *self = LL_CHART (widget);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  GTK_WIDGET_CLASS (ll_chart_parent_class)->css_changed (widget, change);

  /* The font may have changed: lay the labels out again. */
  g_hash_table_remove_all (priv->layouts);
}

static void
ll_chart_system_setting_changed (GtkWidget        *widget,
                                 GtkSystemSetting  setting)
{
  LlChart *self = LL_CHART (widget);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  GTK_WIDGET_CLASS (ll_chart_parent_class)->system_setting_changed (widget, setting);

  g_hash_table_remove_all (priv->layouts);
}

static void
ll_chart_dispose (GObject *object)
{
  LlChart *self = LL_CHART (object);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  g_clear_pointer (&priv->ticker, ll_ticker_free);
  g_clear_object (&priv->monitor);
  g_hash_table_remove_all (priv->layouts);

  G_OBJECT_CLASS (ll_chart_parent_class)->dispose (object);
}

static void
ll_chart_finalize (GObject *object)
{
  LlChart *self = LL_CHART (object);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  g_clear_pointer (&priv->layouts, g_hash_table_unref);

  G_OBJECT_CLASS (ll_chart_parent_class)->finalize (object);
}

static void
ll_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LlChart *self = LL_CHART (object);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, priv->monitor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LlChart *self = LL_CHART (object);
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_MONITOR:
      priv->monitor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_chart_class_init (LlChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_chart_dispose;
  object_class->finalize = ll_chart_finalize;
  object_class->get_property = ll_chart_get_property;
  object_class->set_property = ll_chart_set_property;

  widget_class->css_changed = ll_chart_css_changed;
  widget_class->system_setting_changed = ll_chart_system_setting_changed;

  klass->tick = ll_chart_real_tick;

  /**
   * LlChart:monitor:
   *
   * The loop monitor whose samples, spans or stalls the chart draws, or
   * %NULL for a chart of something else.
   */
  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         LL_TYPE_LOOP_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_chart_init (LlChart *self)
{
  LlChartPrivate *priv = ll_chart_get_instance_private (self);

  priv->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  priv->ticker = ll_ticker_new (GTK_WIDGET (self), ll_chart_tick_cb);
  ll_ticker_set_wanted (priv->ticker, TRUE);
}

/**
 * ll_chart_set_animated:
 * @self: a #LlChart
 * @animated: whether the chart ticks while it is on screen
 *
 * A chart ticks by default; one whose picture moves only at times (the
 * fetch timeline, while a run is under way) turns it off in between.
 */
void
ll_chart_set_animated (LlChart  *self,
                       gboolean  animated)
{
  LlChartPrivate *priv;

  g_return_if_fail (LL_IS_CHART (self));

  priv = ll_chart_get_instance_private (self);
  if (priv->ticker != NULL)
    ll_ticker_set_wanted (priv->ticker, animated);
}

/**
 * ll_chart_queue_draw:
 * @self: a #LlChart
 *
 * From a tick: the chart's picture changed.  It is drawn on the next
 * frame that draws the animations, which may be this one.  A change that
 * does not come from a tick (an event, a reset) queues its draw itself.
 */
void
ll_chart_queue_draw (LlChart *self)
{
  LlChartPrivate *priv;

  g_return_if_fail (LL_IS_CHART (self));

  priv = ll_chart_get_instance_private (self);
  priv->draw_pending = TRUE;
}

/**
 * ll_chart_get_monitor:
 * @self: a #LlChart
 *
 * Returns: (transfer none) (nullable): the monitor drawn
 */
LlLoopMonitor *
ll_chart_get_monitor (LlChart *self)
{
  LlChartPrivate *priv;

  g_return_val_if_fail (LL_IS_CHART (self), NULL);

  priv = ll_chart_get_instance_private (self);
  return priv->monitor;
}

/**
 * ll_chart_get_layout:
 * @self: a #LlChart
 * @text: the text of a label
 *
 * Gets a layout of @text in the chart's label font: small, with tabular
 * figures so that numbers keep their width as they change.  Layouts are
 * cached by text until the style changes; a caller that changes one's
 * width or ellipsizing sets them again before each use.
 *
 * Returns: (transfer none): a layout of @text; use it before the next
 *   call, which may empty a full cache to make room
 */
PangoLayout *
ll_chart_get_layout (LlChart    *self,
                     const char *text)
{
  LlChartPrivate *priv;
  PangoLayout *layout;

  g_return_val_if_fail (LL_IS_CHART (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  priv = ll_chart_get_instance_private (self);
  layout = g_hash_table_lookup (priv->layouts, text);
  if (layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      if (g_hash_table_size (priv->layouts) >= MAX_LAYOUTS)
        g_hash_table_remove_all (priv->layouts);

      pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      g_hash_table_insert (priv->layouts, g_strdup (text), layout);
    }

  return layout;
}
