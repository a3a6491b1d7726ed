/* ll-ticker.c: a tick callback that runs only while its widget is seen
 *
 * A tick callback keeps the frame clock running: as long as one is
 * installed, GTK starts a frame every refresh, and the loop is never
 * idle.  So every animation in Loop Lab ticks through an LlTicker, which
 * installs the callback only while the animation is wanted (a run is
 * under way, say), the widget is mapped (its page is on screen) and its
 * window is neither hidden nor minimized; and removes it the moment one
 * of them stops being so.
 *
 * The ticker hangs off its widget, so that a test can ask any widget
 * whether it is ticking (ll_ticker_widget_is_ticking()).
 *
 * A tick is not a redraw either.  Under the cairo renderer each frame
 * that draws anything costs the whole window (GTK 4.8 walks every render
 * node, clipped to what changed), so the animations share one cadence:
 * they draw on the same frames, about 30 a second, and the frames in
 * between draw nothing (ll_ticker_draws_frame()).  The frame clock still
 * ticks every refresh, so the lag chart still sees each late frame, and
 * the first frame after a stall always draws, so a freeze shows the
 * frame it ends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ll-ticker"

#include "config.h"

#include "ll-ticker.h"

/* At least this long between two drawn frames, less half a refresh for
 * the frame clock's jitter: every other frame at 60 Hz. */
#define DRAW_INTERVAL (30 * G_TIME_SPAN_MILLISECOND)
#define DEFAULT_REFRESH (G_TIME_SPAN_SECOND / 60)

static GQuark ticker_quark;
static GQuark cadence_quark;

struct _LlTicker
{
  /* borrowed references */
  GtkWidget       *widget;
  GtkTickCallback  callback;

  /* owned references: the window's surface while mapped */
  GdkSurface      *surface;

  /* pending source ids and signal handlers */
  guint            tick_id;
  gulong           map_id;
  gulong           unmap_id;
  gulong           surface_mapped_id;
  gulong           surface_state_id;

  /* state */
  gboolean         wanted;
};

static gboolean
surface_shown (GdkSurface *surface)
{
  if (surface == NULL)
    return TRUE;

  if (!gdk_surface_get_mapped (surface))
    return FALSE;

  return !GDK_IS_TOPLEVEL (surface) ||
         (gdk_toplevel_get_state (GDK_TOPLEVEL (surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) == 0;
}

static void
update (LlTicker *self)
{
  gboolean tick = self->wanted &&
                  gtk_widget_get_mapped (self->widget) &&
                  surface_shown (self->surface);

  if (tick && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (self->widget, self->callback, NULL, NULL);
  else if (!tick && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (self->widget, self->tick_id);
      self->tick_id = 0;
    }
}

static void
forget_surface (LlTicker *self)
{
  if (self->surface == NULL)
    return;

  g_clear_signal_handler (&self->surface_mapped_id, self->surface);
  g_clear_signal_handler (&self->surface_state_id, self->surface);
  g_clear_object (&self->surface);
}

static void
surface_changed_cb (LlTicker *self)
{
  update (self);
}

static void
map_cb (LlTicker *self)
{
  GtkNative *native = gtk_widget_get_native (self->widget);
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;

  forget_surface (self);
  if (surface != NULL)
    {
      self->surface = g_object_ref (surface);
      self->surface_mapped_id = g_signal_connect_swapped (surface, "notify::mapped",
                                                          G_CALLBACK (surface_changed_cb), self);
      if (GDK_IS_TOPLEVEL (surface))
        self->surface_state_id = g_signal_connect_swapped (surface, "notify::state",
                                                           G_CALLBACK (surface_changed_cb), self);
    }

  update (self);
}

static void
unmap_cb (LlTicker *self)
{
  forget_surface (self);
  update (self);
}

/**
 * ll_ticker_new:
 * @widget: the widget to animate
 * @callback: called on each frame while it ticks, with no user data
 *
 * Creates a ticker for @widget, not wanted yet.  @widget keeps it
 * running from map to unmap; free it in @widget's dispose.
 *
 * Returns: (transfer full): a new ticker
 */
LlTicker *
ll_ticker_new (GtkWidget       *widget,
               GtkTickCallback  callback)
{
  LlTicker *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (callback != NULL, NULL);

  if (ticker_quark == 0)
    ticker_quark = g_quark_from_static_string ("ll-ticker");

  self = g_new0 (LlTicker, 1);
  self->widget = widget;
  self->callback = callback;
  self->map_id = g_signal_connect_swapped (widget, "map", G_CALLBACK (map_cb), self);
  self->unmap_id = g_signal_connect_swapped (widget, "unmap", G_CALLBACK (unmap_cb), self);
  g_object_set_qdata (G_OBJECT (widget), ticker_quark, self);

  if (gtk_widget_get_mapped (widget))
    map_cb (self);

  return self;
}

/**
 * ll_ticker_free:
 * @self: (nullable): a ticker
 *
 * Removes the tick callback, if any, and the ticker.
 */
void
ll_ticker_free (LlTicker *self)
{
  if (self == NULL)
    return;

  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  forget_surface (self);
  g_clear_signal_handler (&self->map_id, self->widget);
  g_clear_signal_handler (&self->unmap_id, self->widget);
  g_object_set_qdata (G_OBJECT (self->widget), ticker_quark, NULL);
  g_free (self);
}

/**
 * ll_ticker_set_wanted:
 * @self: a ticker
 * @wanted: whether the animation should run when the widget is seen
 */
void
ll_ticker_set_wanted (LlTicker *self,
                      gboolean  wanted)
{
  g_return_if_fail (self != NULL);

  self->wanted = !!wanted;
  update (self);
}

/**
 * ll_ticker_get_ticking:
 * @self: a ticker
 *
 * Returns: whether its tick callback is installed
 */
gboolean
ll_ticker_get_ticking (LlTicker *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->tick_id != 0;
}

/**
 * ll_ticker_widget_has_ticker:
 * @widget: a widget
 *
 * Returns: whether @widget animates through a ticker
 */
gboolean
ll_ticker_widget_has_ticker (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return ticker_quark != 0 && g_object_get_qdata (G_OBJECT (widget), ticker_quark) != NULL;
}

/**
 * ll_ticker_widget_is_ticking:
 * @widget: a widget
 *
 * Returns: whether @widget has a ticker whose tick callback is installed
 */
gboolean
ll_ticker_widget_is_ticking (GtkWidget *widget)
{
  LlTicker *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (ticker_quark == 0)
    return FALSE;

  self = g_object_get_qdata (G_OBJECT (widget), ticker_quark);
  return self != NULL && self->tick_id != 0;
}

/**
 * ll_frame_cadence_draws:
 * @self: the cadence of one frame clock, zeroed at first
 * @counter: the frame's counter (gdk_frame_clock_get_frame_counter())
 * @frame_time: the frame's time, in µs
 * @refresh: the refresh interval, in µs, or 0 if unknown
 *
 * The rule behind ll_ticker_draws_frame(), without a display: a frame
 * draws when at least DRAW_INTERVAL (less half a refresh) has passed
 * since the last one that drew, and every caller in the same frame gets
 * the same answer.
 *
 * Returns: whether the animations draw in this frame
 */
gboolean
ll_frame_cadence_draws (LlFrameCadence *self,
                        gint64          counter,
                        gint64          frame_time,
                        gint64          refresh)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (self->decided && counter == self->counter)
    return self->draws;

  if (refresh <= 0)
    refresh = DEFAULT_REFRESH;

  self->decided = TRUE;
  self->counter = counter;
  self->draws = self->last_draw == 0 ||
                frame_time - self->last_draw >= DRAW_INTERVAL - refresh / 2;
  if (self->draws)
    self->last_draw = frame_time;

  return self->draws;
}

/**
 * ll_ticker_draws_frame:
 * @frame_clock: the frame clock a tick came from
 *
 * Says whether the animations draw in the frame under way: a tick
 * callback queues its widget's draw only then, and otherwise keeps the
 * change for the next frame that draws.  All the widgets of a window
 * share its frame clock, and so one cadence.
 *
 * Returns: whether to queue the draw now
 */
gboolean
ll_ticker_draws_frame (GdkFrameClock *frame_clock)
{
  LlFrameCadence *cadence;
  gint64 frame_time;
  gint64 refresh = 0;

  g_return_val_if_fail (GDK_IS_FRAME_CLOCK (frame_clock), TRUE);

  if (cadence_quark == 0)
    cadence_quark = g_quark_from_static_string ("ll-frame-cadence");

  cadence = g_object_get_qdata (G_OBJECT (frame_clock), cadence_quark);
  if (cadence == NULL)
    {
      cadence = g_new0 (LlFrameCadence, 1);
      g_object_set_qdata_full (G_OBJECT (frame_clock), cadence_quark, cadence, g_free);
    }

  frame_time = gdk_frame_clock_get_frame_time (frame_clock);
  gdk_frame_clock_get_refresh_info (frame_clock, frame_time, &refresh, NULL);

  return ll_frame_cadence_draws (cadence, gdk_frame_clock_get_frame_counter (frame_clock),
                                 frame_time, refresh);
}
